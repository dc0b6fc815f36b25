/* SPDX-License-Identifier: MIT */
/* fuzz-taskstats - the netlink reply parsers of lib/taskstats */
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/cgroupstats.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "fuzz.h"
#include "taskstats.h"

#define MSG_MAX 1024

/* A reply as the kernel would send it: one message of TYPE with ATTR. */
static size_t reply(char *buf, uint16_t type, uint16_t attr, const void *p, size_t n)
{
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;

	memset(buf, 0, MSG_MAX);
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = type;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = 1;
	mnl_attr_put_u16(nlh, 7, 42);	/* an attribute the parsers skip */
	mnl_attr_put(nlh, attr, n, p);
	return nlh->nlmsg_len;
}

static int family(const void *data, size_t size, uint16_t *ret)
{
	char *buf = fuzz_dup(data, size);
	int r = cgk_taskstats_parse_family(buf, size, ret);

	free(buf);
	return r;
}

static int cgroup(const void *data, size_t size, struct cgk_cgroupstats *ret)
{
	char *buf = fuzz_dup(data, size);
	int r = cgk_taskstats_parse_cgroup(buf, size, ret);

	free(buf);
	return r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	_Alignas(struct nlmsghdr) char msg[MSG_MAX];
	struct cgk_cgroupstats cs, cs2, poison;
	uint16_t id = 0x5a5a, id2;
	struct cgroupstats k;
	size_t n;
	int r;

	r = family(data, size, &id);
	FUZZ_ASSERT(r == 0 || r == -EINVAL || r == -ENOENT || (r < 0 && r >= -4095));
	if (r < 0) {
		FUZZ_ASSERT(id == 0x5a5a);
	} else {
		n = reply(msg, GENL_ID_CTRL, CTRL_ATTR_FAMILY_ID, &id, sizeof(id));
		FUZZ_ASSERT(family(msg, n, &id2) == 0 && id2 == id);
	}

	memset(&poison, 0x5a, sizeof(poison));
	memcpy(&cs, &poison, sizeof(cs));
	r = cgroup(data, size, &cs);
	FUZZ_ASSERT(r == 0 || r == -EINVAL || r == -ENOENT || (r < 0 && r >= -4095));
	if (r < 0) {
		FUZZ_ASSERT(!memcmp(&cs, &poison, sizeof(cs)));
	} else {
		k = (struct cgroupstats){
			.nr_sleeping = cs.sleeping, .nr_running = cs.running,
			.nr_stopped = cs.stopped, .nr_uninterruptible = cs.uninterruptible,
			.nr_io_wait = cs.io_wait,
		};
		n = reply(msg, 28, CGROUPSTATS_TYPE_CGROUP_STATS, &k, sizeof(k));
		FUZZ_ASSERT(cgroup(msg, n, &cs2) == 0);
		FUZZ_ASSERT(cs2.running == cs.running && cs2.sleeping == cs.sleeping &&
			    cs2.stopped == cs.stopped && cs2.uninterruptible == cs.uninterruptible &&
			    cs2.io_wait == cs.io_wait);
	}
	return 0;
}
