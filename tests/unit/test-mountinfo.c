/* SPDX-License-Identifier: MIT */
/* test-mountinfo - cgk_mountinfo_parse on table lines and on fixture files */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>

#include "mountinfo.h"
#include "util.h"

#define MAXM 16

struct want {
	int version;
	const char *controllers, *mountpoint, *root;
};

struct tcase {
	const char *name, *in;
	int rc;
	size_t n;
	struct want m[MAXM];
};

#define CG(id, mp, opts) \
	id " 31 0:" id " / " mp " rw,relatime - cgroup cgroup " opts "\n"
#define DOCKER "/docker/4e9bd57d4ce1e0f6b7b8ba8c2ee4c8a2d4ea7a4f3fba2e2ea1b8d1c1b3c5b7e2"

static const struct tcase cases[] = {
	{ "empty", "", 0, 0, { { 0 } } },
	{ "only newlines", "\n\n", 0, 0, { { 0 } } },
	{ "no cgroup mounts",
	  "22 27 0:21 / /proc rw,relatime - proc proc rw\n"
	  "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n",
	  0, 0, { { 0 } } },
	{ "separate cpu and cpuacct (this testbed)",
	  "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
	  CG("32", "/sys/fs/cgroup/cpu", "rw,cpu")
	  CG("33", "/sys/fs/cgroup/cpuacct", "rw,cpuacct")
	  CG("40", "/sys/fs/cgroup/systemd", "rw,name=systemd")
	  "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n",
	  0, 4, {
		{ 1, "cpu", "/sys/fs/cgroup/cpu", "/" },
		{ 1, "cpuacct", "/sys/fs/cgroup/cpuacct", "/" },
		{ 1, "name=systemd", "/sys/fs/cgroup/systemd", "/" },
		{ 2, "", "/sys/fs/cgroup/unified", "/" } } },
	{ "co-mounted, kernel order kept",
	  CG("29", "/sys/fs/cgroup/cpu,cpuacct", "rw,seclabel,cpu,cpuacct")
	  CG("28", "/sys/fs/cgroup/net_cls,net_prio", "rw,net_prio,net_cls"),
	  0, 2, {
		{ 1, "cpu,cpuacct", "/sys/fs/cgroup/cpu,cpuacct", "/" },
		{ 1, "net_prio,net_cls", "/sys/fs/cgroup/net_cls,net_prio", "/" } } },
	{ "named hierarchy with options",
	  CG("25", "/sys/fs/cgroup/systemd",
	     "rw,xattr,release_agent=/usr/lib/systemd/systemd-cgroups-agent,name=systemd"),
	  0, 1, { { 1, "name=systemd", "/sys/fs/cgroup/systemd", "/" } } },
	{ "named hierarchy with a controller",
	  CG("25", "/mnt/x", "rw,cpu,none,name=mine"),
	  0, 1, { { 1, "cpu,name=mine", "/mnt/x", "/" } } },
	{ "mount options are not controllers",
	  CG("30", "/sys/fs/cgroup/cpuset",
	     "ro,sync,dirsync,lazytime,noprefix,clone_children,cpuset_v2_mode,cpuset")
	  CG("31", "/sys/fs/cgroup/pids", "rw,favordynmods,context=\"x\",all,pids"),
	  0, 2, {
		{ 1, "cpuset", "/sys/fs/cgroup/cpuset", "/" },
		{ 1, "pids", "/sys/fs/cgroup/pids", "/" } } },
	{ "pure v2",
	  "35 24 0:30 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - "
	  "cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot\n",
	  0, 1, { { 2, "", "/sys/fs/cgroup", "/" } } },
	{ "optional fields",
	  "32 31 0:29 / /sys/fs/cgroup/cpu rw shared:5 master:1 propagate_from:2 unbindable - cgroup cgroup rw,cpu\n",
	  0, 1, { { 1, "cpu", "/sys/fs/cgroup/cpu", "/" } } },
	{ "container bind mount",
	  "1138 1136 0:32 " DOCKER " /sys/fs/cgroup/cpu,cpuacct ro,nosuid master:14 - cgroup cgroup rw,cpu,cpuacct\n",
	  0, 1, { { 1, "cpu,cpuacct", "/sys/fs/cgroup/cpu,cpuacct", DOCKER } } },
	{ "escapes",
	  "50 31 0:40 /a\\040b\\011c\\012d\\134e /mnt/my\\040cgroup rw - cgroup cgroup rw,memory",
	  0, 1, { { 1, "memory", "/mnt/my cgroup", "/a b\tc\nd\\e" } } },
	{ "same hierarchy twice: a later whole mount wins, in place",
	  "60 1 0:32 /docker/x /c/cpu ro - cgroup cgroup rw,cpu\n"
	  CG("61", "/sys/fs/cgroup/memory", "rw,memory")
	  CG("62", "/sys/fs/cgroup/cpu", "rw,cpu")
	  CG("63", "/again/cpu", "rw,cpu"),
	  0, 2, {
		{ 1, "cpu", "/sys/fs/cgroup/cpu", "/" },
		{ 1, "memory", "/sys/fs/cgroup/memory", "/" } } },
	{ "same hierarchy twice, no whole mount: first wins",
	  "60 1 0:32 /a /x rw - cgroup cgroup rw,cpu\n"
	  "61 1 0:32 /b /y rw - cgroup cgroup rw,cpu\n"
	  "62 1 0:33 /a /v2a rw - cgroup2 cgroup2 rw\n"
	  "63 1 0:33 / /v2 rw - cgroup2 cgroup2 rw\n",
	  0, 2, {
		{ 1, "cpu", "/x", "/a" },
		{ 2, "", "/v2", "/" } } },
	{ "cgroup v1 and v2 are not the same hierarchy",
	  "60 1 0:32 / /a rw - cgroup cgroup rw,name=x\n"
	  "61 1 0:33 / /b rw - cgroup2 cgroup2 rw\n",
	  0, 2, { { 1, "name=x", "/a", "/" }, { 2, "", "/b", "/" } } },
	{ "fstype must match exactly",
	  "60 1 0:32 / /a rw - cgroupfs cgroup rw,cpu\n"
	  "61 1 0:33 / /b rw - cgroup3 cgroup2 rw\n",
	  0, 0, { { 0 } } },

	/* malformed */
	{ "no separator", "32 31 0:29 / /sys/fs/cgroup/cpu rw cgroup cgroup rw,cpu\n",
	  -EINVAL, 0, { { 0 } } },
	{ "not mountinfo at all", "hello\n", -EINVAL, 0, { { 0 } } },
	{ "separator too early", "32 31 0:29 / - cgroup cgroup rw,cpu\n",
	  -EINVAL, 0, { { 0 } } },
	{ "no super options", "32 31 0:29 / /a rw - cgroup cgroup\n",
	  -EINVAL, 0, { { 0 } } },
	{ "extra field", "32 31 0:29 / /a rw - cgroup cgroup rw,cpu x\n",
	  -EINVAL, 0, { { 0 } } },
	{ "double blank", "32 31 0:29 /  /a rw - cgroup cgroup rw,cpu\n",
	  -EINVAL, 0, { { 0 } } },
	{ "trailing blank", "32 31 0:29 / /a rw - cgroup cgroup rw,cpu \n",
	  -EINVAL, 0, { { 0 } } },
	{ "bad id", "3x 31 0:29 / /a rw - cgroup cgroup rw,cpu\n",
	  -EINVAL, 0, { { 0 } } },
	{ "bad dev", "32 31 0-29 / /a rw - cgroup cgroup rw,cpu\n",
	  -EINVAL, 0, { { 0 } } },
	{ "relative mount point", "32 31 0:29 / a rw - cgroup cgroup rw,cpu\n",
	  -EINVAL, 0, { { 0 } } },
	{ "short escape", "32 31 0:29 / /a\\04 rw - cgroup cgroup rw,cpu\n",
	  -EINVAL, 0, { { 0 } } },
	{ "non-octal escape", "32 31 0:29 /\\08a /a rw - cgroup cgroup rw,cpu\n",
	  -EINVAL, 0, { { 0 } } },
	{ "NUL escape", "32 31 0:29 / /a\\000 rw - cgroup cgroup rw,cpu\n",
	  -EINVAL, 0, { { 0 } } },
	{ "v1 without controllers", "32 31 0:29 / /a rw - cgroup cgroup rw,xattr\n",
	  -EINVAL, 0, { { 0 } } },
	{ "empty option", "32 31 0:29 / /a rw - cgroup cgroup rw,,cpu\n",
	  -EINVAL, 0, { { 0 } } },
	{ "bad line after good ones",
	  CG("32", "/sys/fs/cgroup/cpu", "rw,cpu")
	  CG("33", "/sys/fs/cgroup/cpuacct", "rw,cpuacct")
	  "34 31 0:29 / /a rw - cgroup\n",
	  -EINVAL, 0, { { 0 } } },
};

static void check(const struct tcase *t, const char *buf, size_t len)
{
	struct cgk_mount sentinel, *m = &sentinel;
	size_t n = 999;
	int r;

	r = cgk_mountinfo_parse(buf, len, &m, &n);
	if (r != t->rc)
		fail_msg("%s: rc %d, want %d", t->name, r, t->rc);
	if (r < 0) {
		assert_ptr_equal(m, &sentinel);		/* untouched on error */
		assert_int_equal(n, 999);
		return;
	}
	if (n != t->n)
		fail_msg("%s: %zu mounts, want %zu", t->name, n, t->n);
	if (n == 0)
		assert_null(m);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(m[i].version, t->m[i].version);
		assert_string_equal(m[i].controllers, t->m[i].controllers);
		assert_string_equal(m[i].mountpoint, t->m[i].mountpoint);
		assert_string_equal(m[i].root, t->m[i].root);
	}
	cgk_mounts_free(m, n);
}

static void test_table(void **state)
{
	(void) state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		check(&cases[i], cases[i].in, strlen(cases[i].in));
}

/* The length bounds the parse: a cut line in the middle is malformed. */
static void test_len(void **state)
{
	static const char in[] = CG("32", "/sys/fs/cgroup/cpu", "rw,cpu")
				 CG("33", "/sys/fs/cgroup/cpuacct", "rw,cpuacct");
	static const struct tcase one = { "first line only", NULL, 0, 1,
		{ { 1, "cpu", "/sys/fs/cgroup/cpu", "/" } } };
	static const struct tcase cut = { "cut before the super options",
		NULL, -EINVAL, 0, { { 0 } } };
	const char *nl = strchr(in, '\n');

	(void) state;
	check(&one, in, nl + 1 - in);
	check(&one, in, nl - in);
	check(&cut, in, strstr(in, " - ") - in);
}

/* A NUL byte in a cgroup line is malformed, not the end of a string
 * ("rw\0,cpuacct" is no hierarchy "rw"); found by fuzz-mountinfo. */
static void test_nul(void **state)
{
	static const char ctl[] = "33 31 0:30 / /a rw - cgroup cgroup rw\0\0,cpuacct\n";
	static const char mp[] = "33 31 0:30 / /a\0/b rw - cgroup cgroup rw,cpuacct\n";
	static const char other[] = "22 27 0:21 / /proc\0 rw - proc proc rw\n"
				    CG("32", "/sys/fs/cgroup/cpu", "rw,cpu");
	static const struct tcase bad = { "NUL", NULL, -EINVAL, 0, { { 0 } } };
	static const struct tcase ok = { "NUL in another mount", NULL, 0, 1,
		{ { 1, "cpu", "/sys/fs/cgroup/cpu", "/" } } };

	(void) state;
	check(&bad, ctl, sizeof(ctl) - 1);
	check(&bad, mp, sizeof(mp) - 1);
	check(&ok, other, sizeof(other) - 1);
}

static const struct tcase files[] = {
	{ "mountinfo-v1-separate", NULL, 0, 10, {
		{ 1, "cpu", "/sys/fs/cgroup/cpu", "/" },
		{ 1, "cpuacct", "/sys/fs/cgroup/cpuacct", "/" },
		{ 1, "cpuset", "/sys/fs/cgroup/cpuset", "/" },
		{ 1, "memory", "/sys/fs/cgroup/memory", "/" },
		{ 1, "devices", "/sys/fs/cgroup/devices", "/" },
		{ 1, "freezer", "/sys/fs/cgroup/freezer", "/" },
		{ 1, "blkio", "/sys/fs/cgroup/blkio", "/" },
		{ 1, "pids", "/sys/fs/cgroup/pids", "/" },
		{ 1, "name=systemd", "/sys/fs/cgroup/systemd", "/" },
		{ 2, "", "/sys/fs/cgroup/unified", "/" } } },
	{ "mountinfo-v1-comount", NULL, 0, 11, {
		{ 1, "name=systemd", "/sys/fs/cgroup/systemd", "/" },
		{ 1, "net_prio,net_cls", "/sys/fs/cgroup/net_cls,net_prio", "/" },
		{ 1, "cpu,cpuacct", "/sys/fs/cgroup/cpu,cpuacct", "/" },
		{ 1, "cpuset", "/sys/fs/cgroup/cpuset", "/" },
		{ 1, "memory", "/sys/fs/cgroup/memory", "/" },
		{ 1, "blkio", "/sys/fs/cgroup/blkio", "/" },
		{ 1, "pids", "/sys/fs/cgroup/pids", "/" },
		{ 1, "devices", "/sys/fs/cgroup/devices", "/" },
		{ 1, "freezer", "/sys/fs/cgroup/freezer", "/" },
		{ 1, "hugetlb", "/sys/fs/cgroup/hugetlb", "/" },
		{ 1, "perf_event", "/sys/fs/cgroup/perf_event", "/" } } },
	{ "mountinfo-v2", NULL, 0, 1, { { 2, "", "/sys/fs/cgroup", "/" } } },
	{ "mountinfo-docker", NULL, 0, 4, {
		{ 1, "name=systemd", "/sys/fs/cgroup/systemd", DOCKER },
		{ 1, "cpu,cpuacct", "/sys/fs/cgroup/cpu,cpuacct", DOCKER },
		{ 1, "memory", "/sys/fs/cgroup/memory", DOCKER },
		{ 1, "pids", "/sys/fs/cgroup/pids", DOCKER } } },
};

static void test_files(void **state)
{
	(void) state;
	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		char path[512];
		_cleanup_free_ char *buf = NULL;
		size_t len;

		snprintf(path, sizeof(path), "%s/proc/%s", TEST_DATA, files[i].name);
		assert_int_equal(cgk_read_at(AT_FDCWD, path, &buf, &len), 0);
		check(&files[i], buf, len);
	}
}

/* Whatever this machine mounts, its own mountinfo parses. */
static void test_self(void **state)
{
	_cleanup_free_ char *buf = NULL;
	struct cgk_mount *m = NULL;
	size_t len, n = 0;

	(void) state;
	assert_int_equal(cgk_read_at(AT_FDCWD, "/proc/self/mountinfo", &buf, &len), 0);
	assert_int_equal(cgk_mountinfo_parse(buf, len, &m, &n), 0);
	for (size_t i = 0; i < n; i++) {
		assert_true(m[i].version == 1 || m[i].version == 2);
		assert_true(m[i].mountpoint[0] == '/' && m[i].root[0] == '/');
		assert_true((m[i].version == 1) == (m[i].controllers[0] != '\0'));
	}
	cgk_mounts_free(m, n);
	cgk_mounts_free(NULL, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_len),
		cmocka_unit_test(test_nul),
		cmocka_unit_test(test_files),
		cmocka_unit_test(test_self),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
