/* SPDX-License-Identifier: MIT */
/* test-hier - hierarchy table, bases and lookups on a fixture sysroot */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>

#include "hier.h"
#include "util.h"

#define ROOT TEST_DATA "/sysroot-comount"
#define ID "4c46475c05c0e2a9a7c3a1f0b8f1d8a2c2bbd9c5e1f0a3b4c5d6e7f8091a2b3c"

static void test_load(void **state)
{
	static const char *const names[] = {
		"cpu,cpuacct", "memory", "net_cls,net_prio", "name=systemd", "memory,pids" };
	struct cgk_hiers *h = NULL;

	(void)state;
	assert_int_equal(cgk_hiers_load(ROOT, 0, &h), 0);
	assert_int_equal(h->n, ARRAY_SIZE(names));
	for (size_t i = 0; i < h->n; i++)
		assert_string_equal(h->v[i].name, names[i]);
	assert_int_equal(h->v[4].version, 2);
	assert_string_equal(h->v[0].mountpoint, "/sys/fs/cgroup/cpu,cpuacct");
	/* PID 1 sits in init.scope: its parent is "/" */
	for (size_t i = 0; i < h->n; i++)
		assert_string_equal(h->v[i].base, "");
	cgk_hiers_free(h);

	assert_int_equal(cgk_hiers_load(ROOT, CGK_HIER_NO_V2 | CGK_HIER_RELATIVE, &h), 0);
	assert_int_equal(h->n, 4);
	assert_string_equal(h->v[0].base, "user.slice");
	assert_string_equal(h->v[3].base, "user.slice/session-1.scope");
	cgk_hiers_free(h);

	assert_int_equal(cgk_hiers_load(TEST_DATA "/nonexistent", 0, &h), -ENOENT);
}

static void test_find_mask(void **state)
{
	struct cgk_hiers *h = NULL;
	const char *bad = NULL;
	uint64_t m = 0;

	(void)state;
	assert_int_equal(cgk_hiers_load(ROOT, 0, &h), 0);
	assert_int_equal(cgk_hiers_find(h, "cpu"), 0);
	assert_int_equal(cgk_hiers_find(h, "cpuacct"), 0);
	assert_int_equal(cgk_hiers_find(h, "net_prio"), 2);
	assert_int_equal(cgk_hiers_find(h, "systemd"), 3);
	assert_int_equal(cgk_hiers_find(h, "name=systemd"), 3);
	assert_int_equal(cgk_hiers_find(h, "unified"), 4);
	assert_int_equal(cgk_hiers_find(h, "pids"), 4);
	assert_int_equal(cgk_hiers_find(h, "cpu,"), -ENOENT);
	assert_int_equal(cgk_hiers_find(h, "blkio"), -ENOENT);
	assert_int_equal(cgk_hiers_mask(h, "cpu,memory", &m, NULL), 0);
	assert_int_equal(m, 0x3);
	assert_int_equal(cgk_hiers_mask(h, NULL, &m, NULL), 0);
	assert_int_equal(m, 0x1f);
	m = 7;
	assert_int_equal(cgk_hiers_mask(h, "cpu,nosuch", &m, &bad), -ENOENT);
	assert_string_equal(bad, "nosuch");
	assert_int_equal(m, 7);
	cgk_hiers_free(h);
}

static void test_paths(void **state)
{
	struct cgk_hiers *h = NULL;
	char buf[256], *mrel = NULL;
	const char *rel;
	int i, fd;

	(void)state;
	assert_int_equal(cgk_hiers_load(ROOT, CGK_HIER_RELATIVE, &h), 0);
	assert_int_equal(cgk_hier_path(&h->v[0], "/a/b", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "user.slice/a/b");
	assert_int_equal(cgk_hier_path(&h->v[0], "", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "user.slice");
	assert_int_equal(cgk_hier_path(&h->v[0], "/a/b", buf, 5), -ENAMETOOLONG);
	assert_int_equal(cgk_hier_user_path(&h->v[0], "user.slice/x", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "/x");
	assert_int_equal(cgk_hier_user_path(&h->v[0], "user.slicex", buf, sizeof(buf)), 1);
	assert_string_equal(buf, "/user.slicex");

	assert_int_equal(cgk_hiers_from_fullpath(h, "/sys/fs/cgroup/memory/system.slice/",
						 &i, &mrel), 0);
	assert_int_equal(i, 1);
	assert_string_equal(mrel, "system.slice");
	free(mrel);
	assert_int_equal(cgk_hiers_from_fullpath(h, "/sys/fs/cgroup/unified", &i, &mrel), 0);
	assert_int_equal(i, 4);
	assert_string_equal(mrel, "");
	free(mrel);
	assert_int_equal(cgk_hiers_from_fullpath(h, "/sys/fs/cgroup/memoryx/a", &i, &mrel), -ENOENT);
	assert_int_equal(cgk_hiers_from_fullpath(h, "/sys/fs/cgroup/memory/../cpu", &i, &mrel),
			 -EINVAL);

	assert_int_equal(cgk_hiers_match(h, 4, "name=systemd", "/a/b", &i, &rel), 0);
	assert_int_equal(i, 3);
	assert_string_equal(rel, "a/b");
	assert_int_equal(cgk_hiers_match(h, 0, "", "/init.scope", &i, &rel), 0);
	assert_int_equal(i, 4);
	assert_int_equal(cgk_hiers_match(h, 7, "blkio", "/", &i, &rel), -ENOENT);

	fd = cgk_hier_open(&h->v[0], "system.slice/docker-" ID ".scope", O_RDONLY);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(cgk_hier_open(&h->v[0], "nope", O_PATH), -ENOENT);
	assert_int_equal(cgk_hier_open(&h->v[0], "../memory", O_PATH), -EINVAL);
	assert_int_equal(cgk_hier_open(&h->v[0], "/system.slice", O_PATH), -EINVAL);
	cgk_hiers_free(h);
}

static void test_pid_paths(void **state)
{
	struct cgk_hiers *h = NULL;
	char *p[CGK_HIER_MAX];

	(void)state;
	assert_int_equal(cgk_hiers_load(ROOT, 0, &h), 0);
	assert_int_equal(cgk_hiers_pid_paths(h, 1234, p), 0);
	assert_string_equal(p[0], "system.slice/docker-" ID ".scope");
	assert_string_equal(p[2], "");
	assert_string_equal(p[4], "system.slice/docker-" ID ".scope");
	for (size_t i = 0; i < h->n; i++)
		free(p[i]);
	assert_int_equal(cgk_hiers_pid_paths(h, 99999, p), -ESRCH);
	assert_int_equal(cgk_hiers_pid_paths(h, 0, p), -ESRCH);
	cgk_hiers_free(h);
}

static void test_rmdir(void **state)
{
	char dir[] = "/tmp/test-hier-XXXXXX";
	struct cgk_hier hi = { 0 };
	int dfd, fd, r;

	(void)state;
	assert_non_null(mkdtemp(dir));
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	assert_true(dfd >= 0);
	hi.fd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	assert_true(hi.fd >= 0);
	assert_int_equal(mkdirat(dfd, "a", 0755), 0);
	assert_int_equal(mkdirat(dfd, "a/b", 0755), 0);
	assert_int_equal(mkdirat(dfd, "c", 0755), 0);
	assert_int_equal(symlinkat("a", dfd, "l"), 0);
	fd = openat(dfd, "c/f", O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	assert_true(fd >= 0);
	close(fd);

	assert_int_equal(cgk_hier_rmdir(&hi, "a"), -ENOTEMPTY);
	/* no symlinks: ELOOP from openat2, ENOTDIR without it (as under valgrind) */
	r = cgk_hier_rmdir(&hi, "l/b");
	assert_true(r == -ELOOP || r == -ENOTDIR);
	assert_int_equal(faccessat(dfd, "a/b", F_OK, 0), 0);
	assert_int_equal(cgk_hier_rmdir(&hi, "a/b"), 0);
	assert_int_equal(faccessat(dfd, "a/b", F_OK, 0), -1);
	assert_int_equal(cgk_hier_rmdir(&hi, "a/b"), -ENOENT);
	assert_int_equal(cgk_hier_rmdir(&hi, "a"), 0);
	assert_int_equal(cgk_hier_rmdir(&hi, ""), -EINVAL);	/* never the mount itself */
	assert_int_equal(cgk_hier_rmdir(&hi, "../x"), -EINVAL);
	assert_int_equal(cgk_hier_rmdir(&hi, "/c"), -EINVAL);
	assert_int_equal(cgk_hier_rmdir(&hi, "c/f"), -ENOTDIR);
	assert_int_equal(unlinkat(dfd, "c/f", 0), 0);
	assert_int_equal(cgk_hier_rmdir(&hi, "c"), 0);
	assert_int_equal(unlinkat(dfd, "l", 0), 0);
	close(hi.fd);
	close(dfd);
	assert_int_equal(rmdir(dir), 0);
}

/* Captured trees (tests/v2/capture): pure v2 in the UML guest, hybrid on a host */
#define V2 TEST_DATA "/sysroot-v2"
#define V2S "cgkit-test-ea53a0ef"
#define HY TEST_DATA "/sysroot-hybrid"
#define HYS "cgkit-test-2e7f1ccc"
#define DOCKER "docker-5a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9.scope"

static void test_layout(void **state)
{
	struct cgk_hiers *h = NULL;
	int i;

	(void)state;
	/* pure v2: one hierarchy, named by its controllers */
	assert_int_equal(cgk_hiers_load(V2, 0, &h), 0);
	assert_int_equal(cgk_hiers_layout(h), CGK_LAYOUT_V2);
	assert_true(cgk_hiers_v2_only(h));
	assert_int_equal(h->n, 1);
	assert_int_equal(h->v[0].version, 2);
	assert_string_equal(h->v[0].name, "cpu,io,memory,pids");
	assert_string_equal(h->v[0].mountpoint, "/sys/fs/cgroup");
	assert_string_equal(h->v[0].base, "");
	assert_int_equal(cgk_hiers_find(h, "memory"), 0);
	assert_int_equal(cgk_hiers_find(h, "unified"), 0);
	assert_int_equal(cgk_hiers_find(h, "cpuset"), -ENOENT);	/* UML has none */
	cgk_hiers_free(h);

	/* pure v2 with cpuset (captured under qemu: tests/v2/qemu-capture) */
	assert_int_equal(cgk_hiers_load(TEST_DATA "/sysroot-v2-cpuset", 0, &h), 0);
	assert_int_equal(cgk_hiers_layout(h), CGK_LAYOUT_V2);
	assert_int_equal(h->n, 1);
	assert_string_equal(h->v[0].name, "cpuset,cpu,io,memory,hugetlb,pids,rdma,misc");
	assert_int_equal(cgk_hiers_find(h, "cpuset"), 0);
	assert_int_equal(cgk_hiers_find(h, "misc"), 0);
	cgk_hiers_free(h);

	/* hybrid as on the development hosts: every controller on v1 but
	 * hugetlb, which the cgroup2 mount at /sys/fs/cgroup/unified has */
	assert_int_equal(cgk_hiers_load(HY, 0, &h), 0);
	assert_int_equal(cgk_hiers_layout(h), CGK_LAYOUT_HYBRID);
	assert_false(cgk_hiers_v2_only(h));
	assert_int_equal(h->n, 10);
	i = cgk_hiers_find(h, "unified");
	assert_true(i >= 0);
	assert_int_equal(h->v[i].version, 2);
	assert_string_equal(h->v[i].name, "hugetlb");
	assert_string_equal(h->v[i].mountpoint, "/sys/fs/cgroup/unified");
	assert_int_equal(cgk_hiers_find(h, "hugetlb"), i);
	assert_int_equal(h->v[cgk_hiers_find(h, "cpu")].version, 1);
	assert_int_equal(h->v[cgk_hiers_find(h, "memory")].version, 1);
	cgk_hiers_free(h);
	/* ... and without its v2 mount: v1 */
	assert_int_equal(cgk_hiers_load(HY, CGK_HIER_NO_V2, &h), 0);
	assert_int_equal(cgk_hiers_layout(h), CGK_LAYOUT_V1);
	assert_int_equal(h->n, 9);
	cgk_hiers_free(h);

	/* hybrid whose cgroup2 mount has controllers (memory,pids) */
	assert_int_equal(cgk_hiers_load(ROOT, 0, &h), 0);
	assert_int_equal(cgk_hiers_layout(h), CGK_LAYOUT_HYBRID);
	cgk_hiers_free(h);
	/* v1 only (and a 0:: line in /proc/PID/cgroup with no cgroup2 mount) */
	assert_int_equal(cgk_hiers_load(TEST_DATA "/sysroot-mini", 0, &h), 0);
	assert_int_equal(cgk_hiers_layout(h), CGK_LAYOUT_V1);
	cgk_hiers_free(h);
}

static void test_v2(void **state)
{
	struct cgk_hiers *h = NULL;
	char *p[CGK_HIER_MAX], *l = NULL;
	int fd, i;

	(void)state;
	assert_int_equal(cgk_hiers_load(V2, 0, &h), 0);
	/* a process's one v2 path */
	assert_int_equal(cgk_hiers_pid_paths(h, 767, p), 0);
	assert_string_equal(p[0], V2S "/system.slice/" DOCKER);
	free(p[0]);
	/* enabled controllers: all at the root, memory only below mem-only */
	fd = cgk_hier_open(&h->v[0], "", O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(cgk_hier_v2_list(fd, "cgroup.subtree_control", &l), 0);
	assert_string_equal(l, "cpu,io,memory,pids");
	free(l);
	assert_int_equal(cgk_hier_v2_list(fd, "cgroup.procs", &l), -EINVAL);
	close(fd);
	fd = cgk_hier_open(&h->v[0], V2S "/mem-only", O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(cgk_hier_v2_list(fd, "cgroup.subtree_control", &l), 0);
	assert_string_equal(l, "memory");
	free(l);
	close(fd);
	fd = cgk_hier_open(&h->v[0], V2S "/mem-only/leaf", O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(cgk_hier_v2_list(fd, "cgroup.controllers", &l), 0);
	assert_string_equal(l, "memory");
	free(l);
	assert_int_equal(cgk_hier_v2_list(fd, "cgroup.subtree_control", &l), 0);
	assert_string_equal(l, "");
	free(l);
	close(fd);
	cgk_hiers_free(h);

	/* hybrid: the same process in every v1 hierarchy and in the v2 one;
	 * memory below the machine's own cgroup */
	assert_int_equal(cgk_hiers_load(HY, 0, &h), 0);
	assert_int_equal(cgk_hiers_pid_paths(h, 438, p), 0);
	i = cgk_hiers_find(h, "unified");
	assert_string_equal(p[i], HYS "/system.slice/" DOCKER);
	i = cgk_hiers_find(h, "cpu");
	assert_string_equal(p[i], HYS "/system.slice/" DOCKER);
	i = cgk_hiers_find(h, "memory");
	assert_string_equal(p[i], "process_api/d69174b31de75a52036088328d42b9dd/" HYS
			    "/system.slice/" DOCKER);
	for (size_t k = 0; k < h->n; k++)
		free(p[k]);
	cgk_hiers_free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load),
		cmocka_unit_test(test_find_mask),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_pid_paths),
		cmocka_unit_test(test_rmdir),
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_v2),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
