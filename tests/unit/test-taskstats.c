/* SPDX-License-Identifier: MIT */
/* test-taskstats - the TASKSTATS replies, parsed from messages built here */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <libmnl/libmnl.h>
#include <linux/cgroupstats.h>
#include <linux/genetlink.h>
#include <linux/taskstats.h>

#include "taskstats.h"
#include "util.h"

static _Alignas(struct nlmsghdr) char buf[4096];

static struct nlmsghdr *start(uint16_t type, uint8_t cmd)
{
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;

	memset(buf, 0, sizeof(buf));
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = type;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = 1;
	return nlh;
}

static void test_family(void **state)
{
	struct nlmsghdr *nlh;
	uint16_t id = 7;

	(void)state;
	nlh = start(GENL_ID_CTRL, CTRL_CMD_NEWFAMILY);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, TASKSTATS_GENL_NAME);
	mnl_attr_put_u16(nlh, CTRL_ATTR_FAMILY_ID, 0x1c);
	mnl_attr_put_u32(nlh, CTRL_ATTR_VERSION, 1);
	assert_int_equal(cgk_taskstats_parse_family(buf, nlh->nlmsg_len, &id), 0);
	assert_int_equal(id, 0x1c);

	/* no id attribute */
	id = 7;
	nlh = start(GENL_ID_CTRL, CTRL_CMD_NEWFAMILY);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, TASKSTATS_GENL_NAME);
	assert_int_equal(cgk_taskstats_parse_family(buf, nlh->nlmsg_len, &id), -ENOENT);
	/* an id of the wrong size */
	nlh = start(GENL_ID_CTRL, CTRL_CMD_NEWFAMILY);
	mnl_attr_put_u32(nlh, CTRL_ATTR_FAMILY_ID, 0x1c);
	assert_int_equal(cgk_taskstats_parse_family(buf, nlh->nlmsg_len, &id), -EINVAL);
	/* truncated */
	assert_int_equal(cgk_taskstats_parse_family(buf, 10, &id), -EINVAL);
	assert_int_equal(cgk_taskstats_parse_family(buf, nlh->nlmsg_len - 1, &id), -EINVAL);
	assert_int_equal(id, 7);
}

static void test_error(void **state)
{
	struct nlmsghdr *nlh;
	struct nlmsgerr *e;
	struct cgk_cgroupstats cs = { .running = 9 };
	uint16_t id = 7;

	(void)state;
	memset(buf, 0, sizeof(buf));
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = NLMSG_ERROR;
	e = mnl_nlmsg_put_extra_header(nlh, sizeof(*e));
	e->error = -ENOENT;	/* no such family */
	assert_int_equal(cgk_taskstats_parse_family(buf, nlh->nlmsg_len, &id), -ENOENT);
	e->error = -EINVAL;	/* a cgroup2 directory */
	assert_int_equal(cgk_taskstats_parse_cgroup(buf, nlh->nlmsg_len, &cs), -EINVAL);
	e->error = 5;		/* not an errno */
	assert_int_equal(cgk_taskstats_parse_cgroup(buf, nlh->nlmsg_len, &cs), -EINVAL);
	assert_int_equal(cs.running, 9);
	assert_int_equal(id, 7);
}

static void test_cgroup(void **state)
{
	struct cgroupstats k = { .nr_sleeping = 4, .nr_running = 2, .nr_stopped = 1,
				 .nr_uninterruptible = 3, .nr_io_wait = 5 };
	struct cgk_cgroupstats cs = { 0 };
	struct nlmsghdr *nlh;
	char longer[sizeof(k) + 16] = { 0 };

	(void)state;
	nlh = start(0x1c, CGROUPSTATS_CMD_NEW);
	mnl_attr_put_u32(nlh, 42, 1);	/* unknown: skipped */
	mnl_attr_put(nlh, CGROUPSTATS_TYPE_CGROUP_STATS, sizeof(k), &k);
	assert_int_equal(cgk_taskstats_parse_cgroup(buf, nlh->nlmsg_len, &cs), 0);
	assert_int_equal(cs.running, 2);
	assert_int_equal(cs.sleeping, 4);
	assert_int_equal(cs.stopped, 1);
	assert_int_equal(cs.uninterruptible, 3);
	assert_int_equal(cs.io_wait, 5);

	/* a newer kernel's longer struct: the known prefix is read */
	memcpy(longer, &k, sizeof(k));
	nlh = start(0x1c, CGROUPSTATS_CMD_NEW);
	mnl_attr_put(nlh, CGROUPSTATS_TYPE_CGROUP_STATS, sizeof(longer), longer);
	memset(&cs, 0, sizeof(cs));
	assert_int_equal(cgk_taskstats_parse_cgroup(buf, nlh->nlmsg_len, &cs), 0);
	assert_int_equal(cs.io_wait, 5);

	/* too short, or absent */
	cs.running = 9;
	nlh = start(0x1c, CGROUPSTATS_CMD_NEW);
	mnl_attr_put(nlh, CGROUPSTATS_TYPE_CGROUP_STATS, sizeof(k) - 8, &k);
	assert_int_equal(cgk_taskstats_parse_cgroup(buf, nlh->nlmsg_len, &cs), -EINVAL);
	nlh = start(0x1c, CGROUPSTATS_CMD_NEW);
	assert_int_equal(cgk_taskstats_parse_cgroup(buf, nlh->nlmsg_len, &cs), -ENOENT);
	assert_int_equal(cs.running, 9);
}

/* The live kernel: the family resolves and the root cgroup of a v1
 * hierarchy answers; a plain directory is refused. */
static void test_live(void **state)
{
	struct cgk_taskstats *ts = NULL;
	struct cgk_cgroupstats cs;
	int r, fd;

	(void)state;
	r = cgk_taskstats_open(&ts);
	if (r == -EPERM || r == -EACCES || r == -ENOENT || r == -EPROTONOSUPPORT) {
		print_message("no taskstats here (%s): live part not run\n", strerror(-r));
		skip();
	}
	assert_int_equal(r, 0);
	fd = open("/tmp", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	assert_true(fd >= 0);
	assert_int_equal(cgk_taskstats_cgroup(ts, fd, &cs), -EINVAL);
	close(fd);
	fd = open("/sys/fs/cgroup/pids", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		assert_int_equal(cgk_taskstats_cgroup(ts, fd, &cs), 0);
		/* this test is running: the root of the hierarchy holds tasks */
		assert_true(cs.running + cs.sleeping + cs.uninterruptible + cs.stopped + cs.io_wait > 0);
		close(fd);
	}
	assert_int_equal(cgk_taskstats_cgroup(ts, -1, &cs), -EBADF);
	cgk_taskstats_close(ts);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_family),
		cmocka_unit_test(test_error),
		cmocka_unit_test(test_cgroup),
		cmocka_unit_test(test_live),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
