/* SPDX-License-Identifier: MIT */
/* taskstats - per-cgroup task states from the generic-netlink TASKSTATS family */
#include <libmnl/libmnl.h>
#include <linux/cgroupstats.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/taskstats.h>
#include <sys/socket.h>
#include <time.h>

#include "taskstats.h"
#include "util.h"

/* A reply is one small message: the stats, or an error with the request echoed. */
#define TS_BUF 1024

struct cgk_taskstats {
	struct mnl_socket *nl;
	uint16_t family;
	unsigned portid;
	unsigned seq;
};

/*
 * The one netlink message of interest in BUF: 1 and *ret for a message of
 * TYPE (or any type when TYPE is 0); an NLMSG_ERROR gives its -errno
 * (an ACK, error 0, is skipped); -EINVAL on a malformed buffer; -ENOENT
 * when no message of TYPE is there.
 */
static int find_msg(const void *buf, size_t len, uint16_t type, const struct nlmsghdr **ret)
{
	const struct nlmsghdr *nlh = buf;
	int left = len > INT32_MAX ? INT32_MAX : (int)len;

	if (len < sizeof(struct nlmsghdr))
		return -EINVAL;
	/* mnl_nlmsg_ok compares nlmsg_len as an int: a length of 2^31 or more
	 * passes it (then a crash, or a loop when the aligned length wraps to
	 * 0). The kernel pads every message: its aligned length must fit. */
	for (; mnl_nlmsg_ok(nlh, left) && nlh->nlmsg_len <= (uint32_t)left &&
	       MNL_ALIGN(nlh->nlmsg_len) <= (uint32_t)left;
	     nlh = mnl_nlmsg_next(nlh, &left)) {
		if (nlh->nlmsg_type == NLMSG_ERROR) {
			const struct nlmsgerr *e;

			if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*e))
				return -EINVAL;
			e = mnl_nlmsg_get_payload(nlh);
			if (e->error > 0 || e->error < -4095)
				return -EINVAL;
			if (e->error)
				return e->error;
			continue;
		}
		if (nlh->nlmsg_type == NLMSG_DONE || nlh->nlmsg_type == NLMSG_NOOP)
			continue;
		if (type && nlh->nlmsg_type != type)
			continue;
		if (mnl_nlmsg_get_payload_len(nlh) < GENL_HDRLEN)
			return -EINVAL;
		*ret = nlh;
		return 1;
	}
	return left == 0 ? -ENOENT : -EINVAL;
}

int cgk_taskstats_parse_family(const void *buf, size_t len, uint16_t *ret_id)
{
	const struct nlmsghdr *nlh;
	const struct nlattr *a;
	int r = find_msg(buf, len, GENL_ID_CTRL, &nlh);

	if (r < 0)
		return r;
	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		if (mnl_attr_get_type(a) != CTRL_ATTR_FAMILY_ID)
			continue;
		if (mnl_attr_validate(a, MNL_TYPE_U16) < 0)
			return -EINVAL;
		*ret_id = mnl_attr_get_u16(a);
		return 0;
	}
	return -ENOENT;
}

int cgk_taskstats_parse_cgroup(const void *buf, size_t len, struct cgk_cgroupstats *ret)
{
	const struct nlmsghdr *nlh;
	const struct nlattr *a;
	int r = find_msg(buf, len, 0, &nlh);

	if (r < 0)
		return r;
	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		struct cgroupstats cs;

		if (mnl_attr_get_type(a) != CGROUPSTATS_TYPE_CGROUP_STATS)
			continue;	/* unknown attributes are skipped */
		/* An older kernel's struct may be shorter; a newer one longer. */
		if (mnl_attr_get_payload_len(a) < sizeof(cs))
			return -EINVAL;
		memcpy(&cs, mnl_attr_get_payload(a), sizeof(cs));
		*ret = (struct cgk_cgroupstats){
			.running = cs.nr_running,
			.sleeping = cs.nr_sleeping,
			.stopped = cs.nr_stopped,
			.uninterruptible = cs.nr_uninterruptible,
			.io_wait = cs.nr_io_wait,
		};
		return 0;
	}
	return -ENOENT;
}

/* Send the request in BUF and receive its reply (same seq) into BUF. Length or -errno. */
static ssize_t roundtrip(struct cgk_taskstats *ts, struct nlmsghdr *nlh, char *buf, size_t size)
{
	ssize_t n;

	nlh->nlmsg_seq = ++ts->seq;
	if (mnl_socket_sendto(ts->nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	for (;;) {
		const struct nlmsghdr *r = (const struct nlmsghdr *)buf;

		n = mnl_socket_recvfrom(ts->nl, buf, size);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		/* A reply to an earlier, interrupted request: drop it. */
		if ((size_t)n >= sizeof(*r) && r->nlmsg_seq != ts->seq)
			continue;
		return n;
	}
}

/* Start a request in BUF (at least TS_BUF bytes), padding zeroed. */
static struct nlmsghdr *put_genl(char *buf, uint16_t type, uint8_t cmd, uint8_t version)
{
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;

	memset(buf, 0, TS_BUF);
	nlh = mnl_nlmsg_put_header(buf);

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = version;
	return nlh;
}

int cgk_taskstats_open(struct cgk_taskstats **ret)
{
	_Alignas(struct nlmsghdr) char buf[8192];
	struct cgk_taskstats *ts;
	struct nlmsghdr *nlh;
	struct timeval tv = { .tv_sec = 2 };
	ssize_t n;
	int r;

	ts = calloc(1, sizeof(*ts));
	if (!ts)
		return -ENOMEM;
	ts->nl = mnl_socket_open2(NETLINK_GENERIC, SOCK_CLOEXEC);
	if (!ts->nl) {
		r = -errno;
		free(ts);
		return r;
	}
	/* A reply never takes long; do not hang a monitor on a lost one. */
	if (setsockopt(mnl_socket_get_fd(ts->nl), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) < 0 ||
	    mnl_socket_bind(ts->nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		r = -errno;
		goto fail;
	}
	ts->portid = mnl_socket_get_portid(ts->nl);
	ts->seq = (unsigned)time(NULL);
	nlh = put_genl(buf, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, TASKSTATS_GENL_NAME);
	n = roundtrip(ts, nlh, buf, sizeof(buf));
	if (n < 0) {
		r = (int)n;
		goto fail;
	}
	r = cgk_taskstats_parse_family(buf, (size_t)n, &ts->family);
	if (r < 0)
		goto fail;
	*ret = ts;
	return 0;
fail:
	mnl_socket_close(ts->nl);
	free(ts);
	return r;
}

void cgk_taskstats_close(struct cgk_taskstats *ts)
{
	if (!ts)
		return;
	mnl_socket_close(ts->nl);
	free(ts);
}

int cgk_taskstats_cgroup(struct cgk_taskstats *ts, int dirfd, struct cgk_cgroupstats *ret)
{
	_Alignas(struct nlmsghdr) char buf[TS_BUF];
	struct nlmsghdr *nlh;
	ssize_t n;

	if (dirfd < 0)
		return -EBADF;
	nlh = put_genl(buf, ts->family, CGROUPSTATS_CMD_GET, TASKSTATS_VERSION);
	mnl_attr_put_u32(nlh, CGROUPSTATS_CMD_ATTR_FD, (uint32_t)dirfd);
	n = roundtrip(ts, nlh, buf, sizeof(buf));
	if (n < 0)
		return (int)n;
	return cgk_taskstats_parse_cgroup(buf, (size_t)n, ret);
}
