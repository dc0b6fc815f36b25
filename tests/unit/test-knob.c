/* SPDX-License-Identifier: MIT */
/* test-knob - the knob table, size/cpu/cpulist formats, value checks */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>

#include "knob.h"
#include "util.h"

static void test_table(void **state)
{
	static const char *const ctls[] = {
		"", "blkio", "cpu", "cpuacct", "cpuset", "devices", "freezer",
		"hugetlb", "io", "memory", "net_cls", "net_prio", "pids",
	};
	size_t n;
	const struct cgk_knob *t = cgk_knob_table(&n);

	(void)state;
	assert_true(n > 100);
	for (size_t i = 0; i < n; i++) {
		bool known = false;

		if (i > 0 && strcmp(t[i - 1].name, t[i].name) >= 0)
			fail_msg("table not sorted at %s, %s", t[i - 1].name, t[i].name);
		for (size_t j = 0; j < ARRAY_SIZE(ctls); j++)
			known |= streq(t[i].controller, ctls[j]);
		if (!known)
			fail_msg("%s: controller %s", t[i].name, t[i].controller);
		/* a controller's file starts with its name */
		if (*t[i].controller && !streq(t[i].name, "cgroup.event_control") &&
		    (strncmp(t[i].name, t[i].controller, strlen(t[i].controller)) ||
		     t[i].name[strlen(t[i].controller)] != '.'))
			fail_msg("%s: controller %s", t[i].name, t[i].controller);
		if ((t[i].flags & CGK_KF_RESET) && !(t[i].flags & CGK_KF_RO))
			fail_msg("%s: RESET without RO", t[i].name);
		if ((t[i].type == CGK_KT_ENUM) != (t[i].values != NULL))
			fail_msg("%s: values", t[i].name);
		if (t[i].type == CGK_KT_KEYED && !(t[i].flags & CGK_KF_RO))
			fail_msg("%s: keyed but writable", t[i].name);
		if ((t[i].flags & CGK_KF_PAGES) && t[i].unit != CGK_UNIT_BYTES)
			fail_msg("%s: pages but not bytes", t[i].name);
		assert_ptr_equal(cgk_knob_find(t[i].name), &t[i]);
	}
}

static void test_find(void **state)
{
	static const struct { const char *name, *ctl, *v2; unsigned flags; } t[] = {
		{ "cpu.cfs_quota_us", "cpu", "cpu.max", CGK_KF_MAX },
		{ "cpu.cfs_period_us", "cpu", "cpu.max", 0 },
		{ "cpu.shares", "cpu", "cpu.weight", 0 },
		{ "cpu.stat", "cpu", "cpu.stat", CGK_KF_RO },
		{ "cpuacct.usage", "cpuacct", NULL, CGK_KF_RO | CGK_KF_RESET },
		{ "cpuacct.usage_percpu", "cpuacct", NULL, CGK_KF_RO },
		{ "cpuacct.usage_all", "cpuacct", NULL, CGK_KF_RO },
		{ "memory.limit_in_bytes", "memory", "memory.max", CGK_KF_PAGES | CGK_KF_MAX },
		{ "memory.soft_limit_in_bytes", "memory", NULL, CGK_KF_PAGES | CGK_KF_MAX },
		{ "memory.memsw.limit_in_bytes", "memory", "memory.swap.max", CGK_KF_PAGES | CGK_KF_MAX },
		{ "memory.usage_in_bytes", "memory", "memory.current", CGK_KF_RO },
		{ "memory.stat", "memory", "memory.stat", CGK_KF_RO },
		{ "memory.max_usage_in_bytes", "memory", "memory.peak", CGK_KF_RO | CGK_KF_RESET },
		{ "memory.failcnt", "memory", NULL, CGK_KF_RO | CGK_KF_RESET },
		{ "memory.force_empty", "memory", NULL, CGK_KF_NOREAD },
		{ "pids.max", "pids", "pids.max", CGK_KF_MAX },
		{ "pids.current", "pids", "pids.current", CGK_KF_RO },
		{ "cpuset.cpus", "cpuset", "cpuset.cpus", 0 },
		{ "cpuset.mems", "cpuset", "cpuset.mems", 0 },
		{ "blkio.weight", "blkio", "io.weight", 0 },
		{ "blkio.throttle.read_bps_device", "blkio", "io.max", 0 },
		{ "blkio.throttle.write_iops_device", "blkio", "io.max", 0 },
		{ "blkio.throttle.io_service_bytes", "blkio", "io.stat", CGK_KF_RO },
		{ "freezer.state", "freezer", "cgroup.freeze", 0 },
		{ "devices.allow", "devices", NULL, CGK_KF_NOREAD },
		{ "devices.list", "devices", NULL, CGK_KF_RO },
		{ "hugetlb.2MB.limit_in_bytes", "hugetlb", "hugetlb.2MB.max", CGK_KF_PAGES | CGK_KF_MAX },
		{ "net_cls.classid", "net_cls", NULL, 0 },
		{ "tasks", "", "cgroup.threads", 0 },
		{ "notify_on_release", "", NULL, 0 },
	};
	static const char *const unknown[] = {
		"cpu.sta", "cpu.stat.", "cpu.stat.localx", "memory", "", "CPU.SHARES",
		"memory.shown_ram_in_bytes", "hugetlb.64KB.limit_in_bytes", "cpu.maxx",
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		const struct cgk_knob *k = cgk_knob_find(t[i].name);

		if (!k)
			fail_msg("%s not found", t[i].name);
		assert_string_equal(k->controller, t[i].ctl);
		if (t[i].v2)
			assert_string_equal(k->other, t[i].v2);
		else
			assert_null(k->other);
		assert_int_equal(k->flags, t[i].flags);
	}
	for (size_t i = 0; i < ARRAY_SIZE(unknown); i++)
		assert_null(cgk_knob_find(unknown[i]));
	assert_null(cgk_knob_find(NULL));
}

static void test_controller(void **state)
{
	static const struct { const char *name, *ctl; } t[] = {
		{ "cpu.shares", "cpu" },
		{ "cpuacct.usage", "cpuacct" },
		{ "memory.shown_ram_in_bytes", "memory" },	/* not in the table */
		{ "hugetlb.64KB.limit_in_bytes", "hugetlb" },
		{ "cgroup.event_control", "memory" },		/* the table's answer */
		{ "cgroup.procs", "" },
		{ "cgroup.whatever", "" },
		{ "tasks", "" },
		{ "notify_on_release", "" },
		{ "release_agent", "" },
		{ "nodots", "" },
	};
	char buf[16];

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		assert_ptr_equal(cgk_knob_controller(t[i].name, buf, sizeof(buf)), buf);
		assert_string_equal(buf, t[i].ctl);
	}
	assert_null(cgk_knob_controller("memory.stat", buf, 6));	/* "memory" + NUL */
	assert_non_null(cgk_knob_controller("memory.stat", buf, 7));
	assert_non_null(cgk_knob_controller("tasks", buf, 1));
	assert_null(cgk_knob_controller("tasks", buf, 0));
}

static void test_size_parse(void **state)
{
	static const struct { const char *in; int rc; uint64_t v; } t[] = {
		{ "0", 0, 0 },
		{ "123", 0, 123 },
		{ "123B", 0, 123 },
		{ "512K", 0, 512 << 10 },
		{ "512k", 0, 512 << 10 },
		{ "512KB", 0, 512 << 10 },
		{ "512KiB", 0, 512 << 10 },
		{ "512Ki", 0, 512 << 10 },
		{ "512kib", 0, 512 << 10 },
		{ "256M", 0, 256ULL << 20 },
		{ "1.5G", 0, 3ULL << 29 },
		{ "0.5K", 0, 512 },
		{ "0.1K", 0, 102 },		/* 102.4, rounded */
		{ "1.25M", 0, 1310720 },
		{ "2T", 0, 2ULL << 40 },
		{ "1P", 0, 1ULL << 50 },
		{ "15E", 0, 15ULL << 60 },
		{ "15.5E", 0, 15ULL << 60 | 1ULL << 59 },
		{ "max", 0, UINT64_MAX },
		{ "-1", 0, UINT64_MAX },
		{ "18446744073709551615", 0, UINT64_MAX },
		{ "16E", -ERANGE, 0 },
		{ "15.99999999E", 0, UINT64_MAX - 11529215045 },
		{ "17E", -ERANGE, 0 },
		{ "18446744073709551616", -ERANGE, 0 },
		{ "99999999999999999999K", -ERANGE, 0 },
		{ "", -EINVAL, 0 },
		{ "M", -EINVAL, 0 },
		{ "1.5", -EINVAL, 0 },		/* bytes are whole */
		{ "1.5B", -EINVAL, 0 },
		{ "1.G", -EINVAL, 0 },
		{ ".5G", -EINVAL, 0 },
		{ "1.0000000001G", -EINVAL, 0 },
		{ "1X", -EINVAL, 0 },
		{ "1MM", -EINVAL, 0 },
		{ "1MiBx", -EINVAL, 0 },
		{ "1 M", -EINVAL, 0 },
		{ " 1M", -EINVAL, 0 },
		{ "-2", -EINVAL, 0 },
		{ "+1", -EINVAL, 0 },
		{ "MAX", -EINVAL, 0 },
		{ "1M\n", -EINVAL, 0 },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		uint64_t v = 42;
		int r = cgk_size_parse(t[i].in, &v);

		if (r != t[i].rc)
			fail_msg("'%s': %d, want %d", t[i].in, r, t[i].rc);
		if (v != (t[i].rc ? 42 : t[i].v))
			fail_msg("'%s': %llu", t[i].in, (unsigned long long)v);
	}
	assert_int_equal(cgk_size_parse(NULL, NULL), -EINVAL);
}

static void test_size_format(void **state)
{
	static const struct { uint64_t v; const char *out; } t[] = {
		{ 0, "0" },
		{ 1023, "1023" },
		{ 1024, "1K" },
		{ 1536, "1.5K" },
		{ 1025, "1.0K" },		/* rounded: has a decimal point */
		{ 1100, "1.07K" },
		{ 512ULL << 20, "512M" },
		{ 1024ULL << 20, "1G" },
		{ 3ULL << 29, "1.5G" },
		{ (1ULL << 30) + (1ULL << 28), "1.25G" },
		{ (1ULL << 20) - 1, "1.0M" },	/* 1023.999K */
		{ 9223372036854771712ULL, "max" },	/* v1's unlimited, 4K pages */
		{ CGK_MEM_UNLIMITED, "max" },
		{ CGK_MEM_UNLIMITED - 1, "8.0E" },
		{ 1ULL << 62, "4E" },
		{ UINT64_MAX, "max" },
		{ 3ULL << 40, "3T" },
	};
	char buf[32];

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		int r = cgk_size_format(t[i].v, buf, sizeof(buf));

		assert_string_equal(buf, t[i].out);
		assert_int_equal(r, strlen(t[i].out));
	}
	/* snprintf semantics */
	assert_int_equal(cgk_size_format(3ULL << 29, buf, 3), 4);
	assert_string_equal(buf, "1.");
	assert_int_equal(cgk_size_format(3ULL << 29, NULL, 0), 4);
}

/* Exact values round-trip; rounded ones come back within 0.5%. */
static void test_size_roundtrip(void **state)
{
	uint64_t x = 88172645463325252ULL;
	char buf[32];

	(void)state;
	for (unsigned sh = 0; sh < 63; sh++)
		for (uint64_t m = 1; m < 2000; m += 7) {
			uint64_t v = m << sh, back;

			if (v >= CGK_MEM_UNLIMITED)
				continue;
			cgk_size_format(v, buf, sizeof(buf));
			assert_int_equal(cgk_size_parse(buf, &back), 0);
			if (!strchr(buf, '.'))
				assert_true(back == v);
		}
	for (int i = 0; i < 100000; i++) {
		uint64_t v, back, d;

		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		v = x >> (x % 64);
		if (v >= CGK_MEM_UNLIMITED)
			continue;
		cgk_size_format(v, buf, sizeof(buf));
		assert_int_equal(cgk_size_parse(buf, &back), 0);
		d = back > v ? back - v : v - back;
		if (!strchr(buf, '.'))
			assert_true(d == 0);
		else if (d > v / 200 + 1)
			fail_msg("%llu -> %s -> %llu", (unsigned long long)v, buf,
				 (unsigned long long)back);
	}
}

static void test_cpus_format(void **state)
{
	static const struct { int64_t q; uint64_t p; int rc; const char *out; } t[] = {
		{ 20000, 100000, 4, "0.20" },
		{ 200000, 100000, 1, "2" },
		{ 150000, 100000, 4, "1.50" },
		{ 1000, 1000000, 4, "0.00" },		/* rounded, not exact */
		{ 199999, 100000, 4, "2.00" },
		{ 33333, 100000, 4, "0.33" },
		{ 66667, 100000, 4, "0.67" },
		{ -1, 100000, 3, "max" },
		{ -1, 0, 3, "max" },
		{ 100000, 100000, 1, "1" },
		{ 0, 100000, 1, "0" },
		{ INT64_MAX, 1000, 19, "9223372036854775.81" },
	};
	char buf[32];

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		int r = cgk_cpus_format(t[i].q, t[i].p, buf, sizeof(buf));

		assert_int_equal(r, t[i].rc);
		assert_string_equal(buf, t[i].out);
	}
	assert_int_equal(cgk_cpus_format(1000, 0, buf, sizeof(buf)), -EINVAL);
}

static void test_cpulist(void **state)
{
	static const struct { const char *in; int rc; const char *out; unsigned n; } t[] = {
		{ "", 0, "", 0 },
		{ "\n", 0, "", 0 },
		{ "0", 0, "0", 1 },
		{ "0-3,7\n", 0, "0-3,7", 5 },
		{ "7,0-3", 0, "0-3,7", 5 },
		{ "0,1,2,3", 0, "0-3", 4 },
		{ "0-1", 0, "0-1", 2 },
		{ "3-3", 0, "3", 1 },
		{ "1,1,1", 0, "1", 1 },
		{ "0-4095", 0, "0-4095", 4096 },
		{ "4095", 0, "4095", 1 },
		{ "63-64,127-128", 0, "63-64,127-128", 4 },
		{ "4096", -ERANGE, NULL, 0 },
		{ "0-4096", -ERANGE, NULL, 0 },
		{ "99999999999", -ERANGE, NULL, 0 },
		{ "3-1", -EINVAL, NULL, 0 },
		{ "0-", -EINVAL, NULL, 0 },
		{ "-1", -EINVAL, NULL, 0 },
		{ "0,", -EINVAL, NULL, 0 },
		{ ",0", -EINVAL, NULL, 0 },
		{ "0,,1", -EINVAL, NULL, 0 },
		{ "0 1", -EINVAL, NULL, 0 },
		{ "a", -EINVAL, NULL, 0 },
		{ "0-3:1/2", -EINVAL, NULL, 0 },
		{ "0\n\n", -EINVAL, NULL, 0 },
	};
	struct cgk_cpuset mark, s;
	char buf[64];

	(void)state;
	memset(&mark, 0xa5, sizeof(mark));
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		int r;

		s = mark;
		r = cgk_cpulist_parse(t[i].in, strlen(t[i].in), &s);
		if (r != t[i].rc)
			fail_msg("'%s': %d, want %d", t[i].in, r, t[i].rc);
		if (r < 0) {
			assert_memory_equal(&s, &mark, sizeof(s));	/* untouched */
			continue;
		}
		assert_int_equal(cgk_cpulist_format(&s, buf, sizeof(buf)), strlen(t[i].out));
		assert_string_equal(buf, t[i].out);
		assert_int_equal(cgk_cpuset_count(&s), t[i].n);
	}
	/* only LEN bytes are read */
	assert_int_equal(cgk_cpulist_parse("0-3garbage", 3, &s), 0);
	assert_int_equal(cgk_cpuset_count(&s), 4);
	/* truncation keeps snprintf semantics */
	assert_int_equal(cgk_cpulist_parse("0,2,4,6,8,10", 12, &s), 0);
	assert_int_equal(cgk_cpulist_format(&s, buf, 5), 12);
	assert_string_equal(buf, "0,2,");
	assert_int_equal(cgk_cpulist_format(&s, NULL, 0), 12);
}

static void test_cpuset_subset(void **state)
{
	static const struct { const char *a, *b; bool sub; } t[] = {
		{ "", "", true },
		{ "", "0-3", true },
		{ "0-3", "", false },
		{ "1-2", "0-3", true },
		{ "0-3", "0-3", true },
		{ "0-4", "0-3", false },
		{ "4000", "0-3,4000", true },
		{ "64", "0-63", false },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		struct cgk_cpuset a, b;

		assert_int_equal(cgk_cpulist_parse(t[i].a, strlen(t[i].a), &a), 0);
		assert_int_equal(cgk_cpulist_parse(t[i].b, strlen(t[i].b), &b), 0);
		assert_int_equal(cgk_cpuset_subset(&a, &b), t[i].sub);
	}
}

static void put(int dfd, const char *name, const char *text)
{
	int fd = openat(dfd, name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	assert_true(fd >= 0);
	assert_int_equal(cgk_write_all(fd, text, strlen(text)), 0);
	close(fd);
}

static void test_read(void **state)
{
	char dir[] = "/tmp/test-knob-XXXXXX", *v = NULL;
	int dfd;

	(void)state;
	assert_non_null(mkdtemp(dir));
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	assert_true(dfd >= 0);
	put(dfd, "cpu.shares", "1024\n");
	put(dfd, "cpuset.cpus", "\n");
	put(dfd, "two", "a\n\n");
	put(dfd, "bare", "x");
	assert_int_equal(symlinkat("cpu.shares", dfd, "link"), 0);

	assert_int_equal(cgk_knob_read(dfd, "cpu.shares", &v), 0);
	assert_string_equal(v, "1024");
	free(v);
	assert_int_equal(cgk_knob_read(dfd, "cpuset.cpus", &v), 0);
	assert_string_equal(v, "");
	free(v);
	assert_int_equal(cgk_knob_read(dfd, "two", &v), 0);
	assert_string_equal(v, "a\n");		/* only one newline goes */
	free(v);
	assert_int_equal(cgk_knob_read(dfd, "bare", &v), 0);
	assert_string_equal(v, "x");
	free(v);
	v = NULL;
	assert_int_equal(cgk_knob_read(dfd, "missing", &v), -ENOENT);
	assert_int_equal(cgk_knob_read(dfd, "link", &v), -ELOOP);
	assert_int_equal(cgk_knob_read(dfd, "../x", &v), -EINVAL);
	assert_int_equal(cgk_knob_read(dfd, "..", &v), -EINVAL);
	assert_int_equal(cgk_knob_read(dfd, "", &v), -EINVAL);
	assert_null(v);

	unlinkat(dfd, "cpu.shares", 0);
	unlinkat(dfd, "cpuset.cpus", 0);
	unlinkat(dfd, "two", 0);
	unlinkat(dfd, "bare", 0);
	unlinkat(dfd, "link", 0);
	close(dfd);
	assert_int_equal(rmdir(dir), 0);
}

static void test_humanize(void **state)
{
	static const struct { const char *name, *raw, *out; } t[] = {
		{ "memory.limit_in_bytes", "9223372036854771712\n", "max" },
		{ "memory.limit_in_bytes", "268435456", "256M" },
		{ "memory.limit_in_bytes", "-1", "max" },
		{ "memory.usage_in_bytes", "1610612736\n", "1.5G" },
		{ "memory.max_usage_in_bytes", "4096", "4K" },
		{ "memory.soft_limit_in_bytes", "max", "max" },
		{ "pids.max", "max\n", "max" },
		{ "pids.max", "100", "100" },
		{ "cpu.cfs_quota_us", "-1\n", "max" },
		{ "cpu.cfs_quota_us", "20000", "20000" },
		{ "cpu.shares", "1024", "1024" },
		{ "cpuset.sched_relax_domain_level", "-1", "-1" },	/* not a limit */
		{ "cpuset.cpus", "0-1\n", "0-1" },
		{ "memory.stat", "cache 0\nrss 0\n", "cache 0\nrss 0" },
		{ "unknown.file", "-1", "-1" },
		{ "unknown.file", "12345678", "12345678" },
		{ "memory.shown_ram_in_bytes", "1073741824", "1073741824" },
		{ "memory.limit_in_bytes", "garbage", "garbage" },
		{ "memory.limit_in_bytes", "", "" },
	};
	char buf[64];

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		int r = cgk_knob_humanize(t[i].name, t[i].raw, buf, sizeof(buf));

		assert_string_equal(buf, t[i].out);
		assert_int_equal(r, strlen(t[i].out));
	}
	assert_int_equal(cgk_knob_humanize("memory.limit_in_bytes", "268435456", buf, 3), 4);
	assert_string_equal(buf, "25");
}

/* per knob type: accepted values with the text to write, and refusals with their reason */
static void test_check(void **state)
{
	static const struct { const char *name, *in; int rc; const char *out; } t[] = {
		/* S64 with -1: cpu.cfs_quota_us */
		{ "cpu.cfs_quota_us", "-1", 0, "-1" },
		{ "cpu.cfs_quota_us", "max", 0, "-1" },
		{ "cpu.cfs_quota_us", "1000", 0, "1000" },
		{ "cpu.cfs_quota_us", "50000", 0, "50000" },
		{ "cpu.cfs_quota_us", "0x3e8", 0, "1000" },
		{ "cpu.cfs_quota_us", "17592186044415", 0, "17592186044415" },
		{ "cpu.cfs_quota_us", "999", -EINVAL, "must be -1 or >= 1000 (microseconds)" },
		{ "cpu.cfs_quota_us", "0", -EINVAL, "must be -1 or >= 1000 (microseconds)" },
		{ "cpu.cfs_quota_us", "-2", -EINVAL, "must be -1 or >= 1000 (microseconds)" },
		{ "cpu.cfs_quota_us", "", -EINVAL, "must be -1 or >= 1000 (microseconds)" },
		{ "cpu.cfs_quota_us", "1.5", -EINVAL, "must be -1 or >= 1000 (microseconds)" },
		{ "cpu.cfs_quota_us", "17592186044416", -EINVAL, "must be <= 17592186044415 (microseconds)" },
		{ "cpu.cfs_quota_us", "99999999999999999999", -EINVAL, "must be -1 or >= 1000 (microseconds)" },
		{ "cpu.rt_runtime_us", "-1", 0, "-1" },
		{ "cpu.rt_runtime_us", "0", 0, "0" },
		{ "cpuset.sched_relax_domain_level", "-1", 0, "-1" },
		{ "cpuset.sched_relax_domain_level", "5", 0, "5" },
		{ "cpuset.sched_relax_domain_level", "-2", -EINVAL, "must be between -1 and 5" },
		{ "cpuset.sched_relax_domain_level", "max", -EINVAL, "must be between -1 and 5" },
		/* U64 ranges */
		{ "cpu.cfs_period_us", "100000", 0, "100000" },
		{ "cpu.cfs_period_us", "1000", 0, "1000" },
		{ "cpu.cfs_period_us", "1000000", 0, "1000000" },
		{ "cpu.cfs_period_us", "999", -EINVAL, "must be between 1000 and 1000000 (microseconds)" },
		{ "cpu.cfs_period_us", "1000001", -EINVAL, "must be between 1000 and 1000000 (microseconds)" },
		{ "cpu.cfs_period_us", "-1", -EINVAL, "must be between 1000 and 1000000 (microseconds)" },
		{ "cpu.cfs_period_us", "max", -EINVAL, "must be between 1000 and 1000000 (microseconds)" },
		{ "cpu.shares", "2", 0, "2" },
		{ "cpu.shares", " 1024 ", 0, "1024" },
		{ "cpu.shares", "262144", 0, "262144" },
		{ "cpu.shares", "1", -EINVAL, "must be between 2 and 262144" },
		{ "cpu.shares", "262145", -EINVAL, "must be between 2 and 262144" },
		{ "cpu.shares", "1k", -EINVAL, "must be between 2 and 262144" },
		{ "cpu.shares", "0x", -EINVAL, "must be between 2 and 262144" },
		{ "cpu.shares", "0xg", -EINVAL, "must be between 2 and 262144" },
		{ "memory.swappiness", "0", 0, "0" },
		{ "memory.swappiness", "100", 0, "100" },
		{ "memory.swappiness", "201", -EINVAL, "must be between 0 and 200" },
		{ "memory.move_charge_at_immigrate", "3", 0, "3" },
		{ "memory.move_charge_at_immigrate", "4", -EINVAL, "must be between 0 and 3" },
		{ "blkio.weight", "10", 0, "10" },
		{ "blkio.weight", "1000", 0, "1000" },
		{ "blkio.weight", "9", -EINVAL, "must be between 10 and 1000" },
		{ "net_cls.classid", "0x100001", 0, "1048577" },
		{ "net_cls.classid", "0xFFFFFFFF", 0, "4294967295" },
		{ "net_cls.classid", "0x100000000", -EINVAL, "must be between 0 and 4294967295" },
		{ "memory.force_empty", "0", 0, "0" },
		{ "memory.force_empty", "x", -EINVAL, "must be a number >= 0" },
		{ "cgroup.procs", "1234", 0, "1234" },
		{ "cgroup.procs", "0", 0, "0" },
		{ "tasks", "-1", -EINVAL, "must be between 0 and 4194304" },
		/* U64 with max: pids.max */
		{ "pids.max", "max", 0, "max" },
		{ "pids.max", "-1", 0, "max" },
		{ "pids.max", "0", 0, "0" },
		{ "pids.max", "100", 0, "100" },
		{ "pids.max", "4194304", 0, "4194304" },
		{ "pids.max", "4194305", -EINVAL, "must be max or between 0 and 4194304" },
		{ "pids.max", "10k", -EINVAL, "must be max or between 0 and 4194304" },
		{ "pids.max", "MAX", -EINVAL, "must be max or between 0 and 4194304" },
		/* bytes: sizes, -1 for no limit */
		{ "memory.limit_in_bytes", "256M", 0, "268435456" },
		{ "memory.limit_in_bytes", "1.5G", 0, "1610612736" },
		{ "memory.limit_in_bytes", "512Mi", 0, "536870912" },
		{ "memory.limit_in_bytes", "4096", 0, "4096" },
		{ "memory.limit_in_bytes", "0", 0, "0" },
		{ "memory.limit_in_bytes", "max", 0, "-1" },
		{ "memory.limit_in_bytes", "-1", 0, "-1" },
		{ "memory.memsw.limit_in_bytes", "1G", 0, "1073741824" },
		{ "memory.soft_limit_in_bytes", "max", 0, "-1" },
		{ "memory.limit_in_bytes", "8E", -EINVAL, "must be <= 9223372036854775807" },
		{ "memory.limit_in_bytes", "16E", -EINVAL, "must be -1 or a size like 512M" },
		{ "memory.limit_in_bytes", "-5", -EINVAL, "must be -1 or a size like 512M" },
		{ "memory.limit_in_bytes", "256 M", -EINVAL, "must be -1 or a size like 512M" },
		{ "memory.limit_in_bytes", "lots", -EINVAL, "must be -1 or a size like 512M" },
		{ "hugetlb.2MB.limit_in_bytes", "4M", 0, "4194304" },
		/* booleans */
		{ "cpuset.cpu_exclusive", "0", 0, "0" },
		{ "cpuset.cpu_exclusive", "1", 0, "1" },
		{ "cpuset.cpu_exclusive", "2", -EINVAL, "must be 0 or 1" },
		{ "memory.use_hierarchy", "yes", -EINVAL, "must be 0 or 1" },
		{ "memory.oom_control", "1", 0, "1" },
		{ "notify_on_release", "01", -EINVAL, "must be 0 or 1" },
		{ "notify_on_release", "", -EINVAL, "must be 0 or 1" },
		/* cpu lists, written in canonical form */
		{ "cpuset.cpus", "0-1", 0, "0-1" },
		{ "cpuset.cpus", "3,0,1,2", 0, "0-3" },
		{ "cpuset.cpus", "", 0, "" },
		{ "cpuset.mems", "0", 0, "0" },
		{ "cpuset.cpus", "0-", -EINVAL, "must be a list like 0-3,7" },
		{ "cpuset.cpus", "1-0", -EINVAL, "must be a list like 0-3,7" },
		{ "cpuset.cpus", "5000", -EINVAL, "numbers must be below 4096" },
		/* enum */
		{ "freezer.state", "FROZEN", 0, "FROZEN" },
		{ "freezer.state", "THAWED", 0, "THAWED" },
		{ "freezer.state", "FREEZING", -EINVAL, "must be one of: FROZEN THAWED" },
		{ "freezer.state", "frozen", -EINVAL, "must be one of: FROZEN THAWED" },
		{ "freezer.state", "FROZEN THAWED", -EINVAL, "must be one of: FROZEN THAWED" },
		{ "freezer.state", "", -EINVAL, "must be one of: FROZEN THAWED" },
		/* device rules */
		{ "devices.allow", "a", 0, "a" },
		{ "devices.deny", "a *:* rwm", 0, "a *:* rwm" },
		{ "devices.allow", "c 1:3 rwm", 0, "c 1:3 rwm" },
		{ "devices.allow", "c 1:3 mr", 0, "c 1:3 mr" },
		{ "devices.allow", "b 8:* r", 0, "b 8:* r" },
		{ "devices.allow", "c *:* m", 0, "c *:* m" },
		{ "devices.allow", "c 136:4294967295 w", 0, "c 136:4294967295 w" },
		{ "devices.allow", "c 1:3", -EINVAL, "must be a rule like 'c 1:3 rwm', 'b 8:* r' or 'a'" },
		{ "devices.allow", "c 1:3 ", -EINVAL, "must be a rule like 'c 1:3 rwm', 'b 8:* r' or 'a'" },
		{ "devices.allow", "c 1:3 rwx", -EINVAL, "must be a rule like 'c 1:3 rwm', 'b 8:* r' or 'a'" },
		{ "devices.allow", "c 1:3 rr", -EINVAL, "must be a rule like 'c 1:3 rwm', 'b 8:* r' or 'a'" },
		{ "devices.allow", "x 1:3 r", -EINVAL, "must be a rule like 'c 1:3 rwm', 'b 8:* r' or 'a'" },
		{ "devices.allow", "c 1 r", -EINVAL, "must be a rule like 'c 1:3 rwm', 'b 8:* r' or 'a'" },
		{ "devices.allow", "c 1:3  r", -EINVAL, "must be a rule like 'c 1:3 rwm', 'b 8:* r' or 'a'" },
		{ "devices.allow", "c 4294967296:1 r", -EINVAL, "must be a rule like 'c 1:3 rwm', 'b 8:* r' or 'a'" },
		{ "devices.allow", "ab", -EINVAL, "must be a rule like 'c 1:3 rwm', 'b 8:* r' or 'a'" },
		{ "devices.allow", "", -EINVAL, "must be a rule like 'c 1:3 rwm', 'b 8:* r' or 'a'" },
		/* block devices */
		{ "blkio.throttle.read_bps_device", "8:0 1048576", 0, "8:0 1048576" },
		{ "blkio.throttle.read_bps_device", "8:0 10M", 0, "8:0 10485760" },
		{ "blkio.throttle.write_bps_device", "8:16\t0", 0, "8:16 0" },
		{ "blkio.throttle.write_bps_device", "8:16 max", 0, "8:16 0" },
		{ "blkio.throttle.read_iops_device", "259:0 100", 0, "259:0 100" },
		{ "blkio.throttle.read_iops_device", "8:0 4294967296", -EINVAL,
		  "must be MAJ:MIN and IO/s, like '8:0 100' (0 removes the limit)" },
		{ "blkio.throttle.read_iops_device", "8:0 1k", -EINVAL,
		  "must be MAJ:MIN and IO/s, like '8:0 100' (0 removes the limit)" },
		{ "blkio.throttle.read_bps_device", "8:0", -EINVAL,
		  "must be MAJ:MIN and a rate, like '8:0 10M' (0 removes the limit)" },
		{ "blkio.throttle.read_bps_device", "sda 10M", -EINVAL,
		  "must be MAJ:MIN and a rate, like '8:0 10M' (0 removes the limit)" },
		{ "blkio.throttle.read_bps_device", "8:0 -1", -EINVAL,
		  "must be MAJ:MIN and a rate, like '8:0 10M' (0 removes the limit)" },
		{ "blkio.throttle.read_bps_device", "8:0 10M x", -EINVAL,
		  "must be MAJ:MIN and a rate, like '8:0 10M' (0 removes the limit)" },
		{ "blkio.weight_device", "8:0 500", 0, "8:0 500" },
		{ "blkio.weight_device", "8:0 0", 0, "8:0 0" },
		{ "blkio.weight_device", "8:0 5", -EINVAL,
		  "must be MAJ:MIN and a weight between 10 and 1000, like '8:0 1000'" },
		{ "blkio.weight_device", "8:0 max", -EINVAL,
		  "must be MAJ:MIN and a weight between 10 and 1000, like '8:0 1000'" },
		/* strings are free-form, on one line */
		{ "release_agent", "/sbin/agent", 0, "/sbin/agent" },
		{ "release_agent", "", 0, "" },
		{ "net_prio.ifpriomap", "eth0 5", 0, "eth0 5" },
		{ "release_agent", "a\nb", -EINVAL, "must be one line" },
		{ "memory.limit_in_bytes", "1G\n", -EINVAL, "must be one line" },
		/* read-only, reset counters */
		{ "cpu.stat", "0", -EINVAL, "is read-only" },
		{ "memory.stat", "x", -EINVAL, "is read-only" },
		{ "pids.current", "1", -EINVAL, "is read-only" },
		{ "cpuset.effective_cpus", "0", -EINVAL, "is read-only" },
		{ "memory.pressure_level", "low", -EINVAL, "is read-only" },
		{ "memory.failcnt", "0", 0, "0" },
		{ "memory.max_usage_in_bytes", "0", 0, "0" },
		{ "cpuacct.usage", "0", 0, "0" },
		{ "cpuacct.usage", "1", -EINVAL, "is read-only (only 0 may be written, to reset it)" },
		{ "cpuacct.usage_percpu", "0", -EINVAL, "is read-only" },
	};
	char buf[128], why[128];

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		const struct cgk_knob *k = cgk_knob_find(t[i].name);
		int r;

		if (!k)
			fail_msg("%s not found", t[i].name);
		strcpy(why, "untouched");
		r = cgk_knob_check(k, t[i].in, why, sizeof(why));
		if (r != (t[i].rc ? t[i].rc : 0))
			fail_msg("%s='%s': %d (%s)", t[i].name, t[i].in, r, why);
		if (t[i].rc)
			assert_string_equal(why, t[i].out);
		else
			assert_string_equal(why, "untouched");
		r = cgk_knob_value(k, t[i].in, buf, sizeof(buf), NULL, 0);
		if (t[i].rc) {
			assert_int_equal(r, t[i].rc);
			continue;
		}
		if (r < 0 || !streq(buf, t[i].out))
			fail_msg("%s='%s': %d '%s', want '%s'", t[i].name, t[i].in, r,
				 r < 0 ? "" : buf, t[i].out);
		assert_int_equal(r, strlen(t[i].out));
	}
}

static void test_check_edges(void **state)
{
	const struct cgk_knob *k = cgk_knob_find("memory.limit_in_bytes");
	const struct cgk_knob *s = cgk_knob_find("release_agent");
	char big[CGK_VALUE_MAX + 2], buf[8], why[8];

	(void)state;
	assert_int_equal(cgk_knob_check(NULL, "1", NULL, 0), -EINVAL);
	assert_int_equal(cgk_knob_check(k, NULL, NULL, 0), -EINVAL);
	/* a short WHY is truncated, NUL-terminated */
	assert_int_equal(cgk_knob_check(k, "x", why, sizeof(why)), -EINVAL);
	assert_string_equal(why, "must be");
	/* too long */
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(cgk_knob_check(s, big, NULL, 0), -EINVAL);
	big[CGK_VALUE_MAX] = '\0';
	assert_int_equal(cgk_knob_check(s, big, NULL, 0), 0);
	/* value too long for BUF */
	assert_int_equal(cgk_knob_value(k, "1G", buf, sizeof(buf), NULL, 0), -ENOBUFS);
	assert_int_equal(cgk_knob_value(k, "1M", buf, sizeof(buf), NULL, 0), 7);
	assert_string_equal(buf, "1048576");
	assert_int_equal(cgk_knob_value(s, "abcdefgh", buf, sizeof(buf), NULL, 0), -ENOBUFS);
	assert_int_equal(cgk_knob_value(s, "abcdefg", buf, sizeof(buf), NULL, 0), 7);
}

static void test_files(void **state)
{
	char dir[] = "/tmp/test-knob-XXXXXX", **v = NULL;
	size_t n = 99;
	int dfd;

	(void)state;
	assert_non_null(mkdtemp(dir));
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	assert_true(dfd >= 0);
	assert_int_equal(cgk_knob_files(dfd, &v, &n), 0);
	assert_int_equal(n, 0);			/* an empty directory */
	assert_null(v[0]);
	cgk_strv_free(v);
	put(dfd, "tasks", "");
	put(dfd, "cpu.shares", "1024\n");
	put(dfd, ".hidden", "");
	assert_int_equal(mkdirat(dfd, "child", 0755), 0);
	assert_int_equal(symlinkat("tasks", dfd, "link"), 0);
	assert_int_equal(cgk_knob_files(dfd, &v, &n), 0);
	assert_int_equal(n, 2);			/* regular files only, sorted */
	assert_string_equal(v[0], "cpu.shares");
	assert_string_equal(v[1], "tasks");
	assert_null(v[2]);
	cgk_strv_free(v);
	unlinkat(dfd, "tasks", 0);
	unlinkat(dfd, "cpu.shares", 0);
	unlinkat(dfd, ".hidden", 0);
	unlinkat(dfd, "link", 0);
	unlinkat(dfd, "child", AT_REMOVEDIR);
	close(dfd);
	assert_int_equal(rmdir(dir), 0);
	assert_int_equal(cgk_knob_files(-1, &v, &n), -EBADF);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_controller),
		cmocka_unit_test(test_size_parse),
		cmocka_unit_test(test_size_format),
		cmocka_unit_test(test_size_roundtrip),
		cmocka_unit_test(test_cpus_format),
		cmocka_unit_test(test_cpulist),
		cmocka_unit_test(test_cpuset_subset),
		cmocka_unit_test(test_read),
		cmocka_unit_test(test_humanize),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_check_edges),
		cmocka_unit_test(test_files),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
