/* SPDX-License-Identifier: MIT */
/* test-xlate - v1 names on v2 and v2 names on v1: files, values, formulas */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "knob.h"
#include "util.h"
#include "xlate.h"

static void test_shares_weight(void **state)
{
	static const struct { uint64_t shares, weight; } t[] = {
		{ 1024, 100 }, { 2048, 200 }, { 512, 50 }, { 2, 1 }, { 10, 1 },
		{ 262144, 10000 }, { 102400, 10000 }, { 1536, 150 },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++)
		assert_int_equal(cgk_xlate_shares_to_weight(t[i].shares), t[i].weight);
	assert_int_equal(cgk_xlate_weight_to_shares(100), 1024);
	assert_int_equal(cgk_xlate_weight_to_shares(1), 10);
	assert_int_equal(cgk_xlate_weight_to_shares(10000), 102400);
	/* weight -> shares -> weight is the identity: a rollback writes back what was there */
	for (uint64_t w = 1; w <= 10000; w++)
		assert_int_equal(cgk_xlate_shares_to_weight(cgk_xlate_weight_to_shares(w)), w);
	assert_int_equal(cgk_xlate_shares_to_weight(UINT64_MAX), 10000);
}

static void test_file(void **state)
{
	static const struct { int v; const char *name, *file; } t[] = {
		{ 2, "cpu.cfs_quota_us", "cpu.max" }, { 2, "cpu.cfs_period_us", "cpu.max" },
		{ 2, "cpu.shares", "cpu.weight" }, { 2, "memory.limit_in_bytes", "memory.max" },
		{ 2, "memory.memsw.limit_in_bytes", "memory.swap.max" },
		{ 2, "freezer.state", "cgroup.freeze" }, { 2, "pids.max", "pids.max" },
		{ 2, "cpuacct.usage", "cpu.stat" }, { 2, "tasks", "cgroup.threads" },
		{ 2, "cpu.rt_runtime_us", NULL }, { 2, "memory.swappiness", NULL },
		{ 2, "memory.soft_limit_in_bytes", NULL }, { 2, "devices.allow", NULL },
		{ 1, "cpu.max", "cpu.cfs_quota_us" }, { 1, "cpu.weight", "cpu.shares" },
		{ 1, "memory.max", "memory.limit_in_bytes" }, { 1, "cgroup.freeze", "freezer.state" },
		{ 1, "memory.high", NULL }, { 1, "cgroup.kill", NULL }, { 1, "cpu.weight.nice", NULL },
		{ 1, "cpuset.cpus", "cpuset.cpus" }, { 1, "memory.shown_ram_in_bytes",
						       "memory.shown_ram_in_bytes" },
	};
	char buf[32];

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		const char *f = cgk_xlate_file(t[i].v, t[i].name);

		if (!t[i].file && f)
			fail_msg("%s on v%d: %s", t[i].name, t[i].v, f);
		if (t[i].file && (!f || !streq(f, t[i].file)))
			fail_msg("%s on v%d: %s", t[i].name, t[i].v, f ? f : "(null)");
	}
	assert_string_equal(cgk_xlate_controller(2, "cpuacct.usage", buf, sizeof(buf)), "cpu");
	assert_string_equal(cgk_xlate_controller(2, "freezer.state", buf, sizeof(buf)), "");
	assert_string_equal(cgk_xlate_controller(1, "io.max", buf, sizeof(buf)), "blkio");
	assert_null(cgk_xlate_controller(1, "memory.high", buf, sizeof(buf)));
}

static int dir;

static void put(const char *file, const char *text)
{
	int fd = openat(dir, file, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	assert_true(fd >= 0);
	assert_int_equal(cgk_write_all(fd, text, strlen(text)), 0);
	close(fd);
}

static void want(int version, const char *name, const char *value)
{
	_cleanup_free_ char *v = NULL;
	int r = cgk_xlate_read(dir, version, name, &v);

	if (r < 0)
		fail_msg("%s on v%d: %s", name, version, strerror(-r));
	if (!streq(v, value))
		fail_msg("%s on v%d: '%s', want '%s'", name, version, v, value);
}

static void test_read(void **state)
{
	char tmpl[] = "/tmp/test-xlate.XXXXXX";
	_cleanup_free_ char *v = NULL;

	(void)state;
	assert_non_null(mkdtemp(tmpl));
	dir = open(tmpl, O_RDONLY | O_DIRECTORY);
	assert_true(dir >= 0);
	/* a v2 cgroup read by v1 names */
	put("cpu.max", "max 100000\n");
	put("cpu.weight", "200\n");
	put("cpu.stat", "usage_usec 1500\nuser_usec 1000\n");
	put("memory.max", "67108864\n");
	put("memory.swap.max", "max\n");
	put("cgroup.freeze", "1\n");
	put("cgroup.events", "populated 1\nfrozen 0\n");
	put("io.max", "8:0 rbps=1048576 wbps=max riops=max wiops=100\n"
		      "8:16 rbps=max wbps=max riops=max wiops=max\n");
	want(2, "cpu.cfs_quota_us", "-1");
	want(2, "cpu.cfs_period_us", "100000");
	want(2, "cpu.shares", "2048");
	want(2, "cpuacct.usage", "1500000");
	want(2, "memory.limit_in_bytes", "67108864");
	want(2, "memory.memsw.limit_in_bytes", "9223372036854771712");
	want(2, "freezer.state", "FREEZING");
	want(2, "blkio.throttle.read_bps_device", "8:0 1048576");
	want(2, "blkio.throttle.write_iops_device", "8:0 100");
	want(2, "blkio.throttle.write_bps_device", "");
	put("memory.swap.max", "1048576\n");
	put("cgroup.events", "populated 1\nfrozen 1\n");
	put("cpu.max", "20000 50000\n");
	want(2, "memory.memsw.limit_in_bytes", "68157440");
	want(2, "freezer.state", "FROZEN");
	want(2, "cpu.cfs_quota_us", "20000");
	assert_int_equal(cgk_xlate_read(dir, 2, "cpu.rt_runtime_us", &v), -EOPNOTSUPP);
	/* a v1 cgroup read by v2 names */
	put("cpu.cfs_quota_us", "-1\n");
	put("cpu.cfs_period_us", "100000\n");
	put("cpu.shares", "512\n");
	put("memory.limit_in_bytes", "9223372036854771712\n");
	put("memory.memsw.limit_in_bytes", "9223372036854771712\n");
	put("freezer.state", "FROZEN\n");
	put("blkio.throttle.read_bps_device", "8:0 1048576\n");
	put("blkio.throttle.write_bps_device", "");
	put("blkio.throttle.read_iops_device", "8:16 7\n");
	put("blkio.throttle.write_iops_device", "");
	want(1, "cpu.max", "max 100000");
	want(1, "cpu.weight", "50");
	want(1, "memory.max", "max");
	want(1, "memory.swap.max", "max");
	want(1, "cgroup.freeze", "1");
	want(1, "io.max", "8:0 rbps=1048576 wbps=max riops=max wiops=max\n"
			  "8:16 rbps=max wbps=max riops=7 wiops=max");
	put("cpu.cfs_quota_us", "50000\n");
	put("memory.limit_in_bytes", "67108864\n");
	put("memory.memsw.limit_in_bytes", "134217728\n");
	want(1, "cpu.max", "50000 100000");
	want(1, "memory.max", "67108864");
	want(1, "memory.swap.max", "67108864");
	assert_int_equal(cgk_xlate_read(dir, 1, "memory.high", &v), -EOPNOTSUPP);
	for (const char *const *f = (const char *const[]){ "cpu.max", "cpu.weight", "cpu.stat",
		"memory.max", "memory.swap.max", "cgroup.freeze", "cgroup.events", "io.max",
		"cpu.cfs_quota_us", "cpu.cfs_period_us", "cpu.shares", "memory.limit_in_bytes",
		"memory.memsw.limit_in_bytes", "freezer.state", "blkio.throttle.read_bps_device",
		"blkio.throttle.write_bps_device", "blkio.throttle.read_iops_device",
		"blkio.throttle.write_iops_device", NULL }; *f; f++)
		unlinkat(dir, *f, 0);
	close(dir);
	assert_int_equal(rmdir(tmpl), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shares_weight),
		cmocka_unit_test(test_file),
		cmocka_unit_test(test_read),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
