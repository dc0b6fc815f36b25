/* SPDX-License-Identifier: MIT */
/* test-cgvals - the cgroup files' parsers, and the loader on a fixture sysroot */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <sys/sysinfo.h>

#include "cgvals.h"
#include "hier.h"
#include "util.h"
#include "view.h"

#define SYSROOT TEST_DATA "/view/sysroot"

static void test_memstat(void **state)
{
	static const char in[] = "cache 1\nrss_huge 2\ntotal_cache 8192\ntotal_rss 4096\n"
				 "total_rss_huge 2097152\ntotal_shmem 3\ntotal_swapcached 9\n"
				 "total_unevictable 7\nunknown_key 5\n";
	struct cgk_memstat m, pat;

	(void)state;
	assert_int_equal(cgk_memstat_parse(in, strlen(in), &m), 0);
	assert_int_equal(m.cache, 8192);		/* total_, not the cgroup's own */
	assert_int_equal(m.rss_huge, 2097152);		/* exact keys: no prefix match */
	assert_int_equal(m.shmem, 3);
	assert_int_equal(m.unevictable, 7);
	assert_int_equal(m.active_file, 0);		/* absent: 0 */
	memset(&m, 0x5a, sizeof(m));
	memset(&pat, 0x5a, sizeof(pat));
	assert_int_equal(cgk_memstat_parse("total_cache x\n", 14, &m), -EINVAL);
	assert_memory_equal(&m, &pat, sizeof(m));	/* untouched */
}

static void test_usage_all(void **state)
{
	static const char in[] = "cpu user system\n0 100 200\n1 300 400\n2 5 6\n";
	struct cgk_cpuusage *u = NULL;
	size_t n = 0;

	(void)state;
	assert_int_equal(cgk_usage_all_parse(in, strlen(in), 4, &u, &n), 0);
	assert_int_equal(n, 4);
	assert_int_equal(u[0].user, 100);
	assert_int_equal(u[1].system, 400);
	assert_int_equal(u[2].user, 5);
	assert_int_equal(u[3].user, 0);			/* no line: 0 */
	free(u);
	assert_int_equal(cgk_usage_all_parse(in, strlen(in), 2, &u, &n), 0);	/* cut at MAX */
	assert_int_equal(n, 2);
	assert_int_equal(u[1].user, 300);
	free(u);
	u = NULL;
	assert_int_equal(cgk_usage_all_parse("cpu user\n0 1\n", 13, 2, &u, &n), -EINVAL);
	assert_int_equal(cgk_usage_all_parse("cpu user system\n0 1\n", 20, 2, &u, &n), -EINVAL);
	assert_int_equal(cgk_usage_all_parse("cpu user system\n0 1 x\n", 22, 2, &u, &n), -EINVAL);
	assert_int_equal(cgk_usage_all_parse(in, strlen(in), 0, &u, &n), -EINVAL);
	assert_null(u);
}

static void test_usage_percpu(void **state)
{
	static const char in[] = "100 200 300 \n";
	struct cgk_cpuusage *u = NULL;
	size_t n = 0;

	(void)state;
	assert_int_equal(cgk_usage_percpu_parse(in, strlen(in), 4, &u, &n), 0);
	assert_int_equal(n, 4);
	assert_int_equal(u[0].user, 100);
	assert_int_equal(u[2].user, 300);
	assert_int_equal(u[2].system, 0);
	assert_int_equal(u[3].user, 0);
	free(u);
	u = NULL;
	assert_int_equal(cgk_usage_percpu_parse("1 -2\n", 5, 4, &u, &n), -EINVAL);
	assert_null(u);
}

static struct cgk_hiers *load_sysroot(char **mrel, pid_t pid)
{
	struct cgk_hiers *h = NULL;

	assert_int_equal(cgk_hiers_load(SYSROOT, 0, &h), 0);
	assert_int_equal(h->n, 4);
	assert_int_equal(cgk_hiers_pid_paths(h, pid, mrel), 0);
	return h;
}

static void free_paths(char **mrel)
{
	for (size_t i = 0; i < CGK_HIER_MAX; i++)
		free(mrel[i]);
}

/* Everything the views need, read as lxcfs reads it, from the fixture tree. */
static void test_load(void **state)
{
	char *mrel[CGK_HIER_MAX] = { 0 };
	struct cgk_hiers *h = load_sysroot(mrel, 100);
	struct cgk_cgvals v;
	unsigned missing = 0xff;

	(void)state;
	assert_string_equal(mrel[cgk_hiers_find(h, "memory")], "a/b");
	assert_int_equal(cgk_cgvals_load(h, mrel, 100, CGK_CGV_MEM | CGK_CGV_CPU | CGK_CGV_USAGE |
					 CGK_CGV_UPTIME | CGK_CGV_LOAD | CGK_CGV_BLKIO,
					 &v, &missing), 0);
	assert_int_equal(missing, 0);
	/* memory: the smallest limit up the tree (the parent's 256M) */
	assert_true(v.mem);
	assert_int_equal(v.mem_limit, 268435456);
	assert_int_equal(v.mem_usage, 12582912);
	assert_int_equal(v.stat.cache, 8392704);
	assert_int_equal(v.stat.rss_huge, 2097152);
	assert_true(v.memsw);
	assert_int_equal(v.memsw_limit, 402653184);
	assert_int_equal(v.memsw_usage, 13631488);
	assert_int_equal(v.swappiness, 0);
	/* cpus: own cpuset and effective empty: the parent's */
	assert_true(v.cpuset_ok);
	assert_int_equal(cgk_cpuset_count(&v.cpuset), 2);
	assert_true(v.cpuset.bits[0] == 0x5);
	assert_true(v.quota_ok);
	assert_int_equal(v.quota, 150000);
	assert_int_equal(v.period, 100000);
	assert_int_equal(v.nprocs, get_nprocs());
	assert_int_equal(v.nprocs_conf, get_nprocs_conf());
	assert_false(v.root);
	assert_non_null(v.usage);
	assert_int_equal(v.nusage, get_nprocs_conf());
	assert_false(v.usage_percpu);
	assert_int_equal(v.usage[0].user, 2000000000);
	assert_int_equal(v.usage[0].system, 1000000000);
	/* uptime: the init's start, the cgroup's CPU time */
	assert_true(v.start_ok);
	assert_int_equal(v.start_ticks, 4321);
	assert_true(v.busy_ok);
	assert_int_equal(v.busy_ns, 8750000000);
	assert_true(v.boottime.tv_sec > 0);
	/* loadavg: a/b (1: S), a/b/c (100: R, 101: D), not a/b/c/d/e/f (7) */
	assert_true(v.load_ok);
	assert_int_equal(v.nr_threads, 3);
	assert_int_equal(v.nr_active, 2);
	assert_int_equal(v.last_pid, 101);
	/* blkio: what exists */
	assert_non_null(v.blk_serviced);
	assert_non_null(v.blk_merged);
	assert_non_null(v.blk_service_bytes);
	assert_null(v.blk_wait_time);
	assert_null(v.blk_service_time);
	assert_non_null(v.thr_serviced);
	assert_null(v.thr_service_bytes);
	assert_non_null(strstr(v.blk_serviced, "8:0 Read 120\n"));
	cgk_cgvals_done(&v);
	cgk_cgvals_done(NULL);
	free_paths(mrel);
	cgk_hiers_free(h);
}

/* Controllers the target has no cgroup in: reported, not read. */
static void test_load_missing(void **state)
{
	char *mrel[CGK_HIER_MAX] = { 0 };
	struct cgk_hiers *h = load_sysroot(mrel, 100);
	struct cgk_cgvals v;
	unsigned missing = 0;
	int m = cgk_hiers_find(h, "memory"), b = cgk_hiers_find(h, "blkio");

	(void)state;
	free(mrel[m]);
	mrel[m] = NULL;
	free(mrel[b]);
	mrel[b] = strdup("a/gone");
	assert_int_equal(cgk_cgvals_load(h, mrel, 0, CGK_CGV_MEM | CGK_CGV_BLKIO | CGK_CGV_UPTIME |
					 CGK_CGV_CPU, &v, &missing), 0);
	assert_int_equal(missing, CGK_CGV_MEM | CGK_CGV_BLKIO);
	assert_false(v.mem);
	assert_false(v.start_ok);	/* no init */
	assert_true(v.cpuset_ok);
	cgk_cgvals_done(&v);
	free_paths(mrel);
	cgk_hiers_free(h);
}

/* The machine's init at the root cgroup: lxcfs's host stat. */
static void test_load_root(void **state)
{
	char *mrel[CGK_HIER_MAX] = { 0 };
	struct cgk_hiers *h = load_sysroot(mrel, 1);
	struct cgk_cgvals v;

	(void)state;
	assert_int_equal(cgk_cgvals_load(h, mrel, 1, CGK_CGV_CPU, &v, NULL), 0);
	assert_true(v.root);
	assert_true(v.cpuset_ok);
	assert_int_equal(cgk_cpuset_count(&v.cpuset), 4);
	assert_false(v.quota_ok);	/* no cpu.cfs_* at the fixture's root */
	cgk_cgvals_done(&v);
	free_paths(mrel);
	cgk_hiers_free(h);
}

static void test_pidns_init(void **state)
{
	static const struct { pid_t pid; int rc; pid_t init; } t[] = {
		{ 100, 0, 100 },	/* PID 1 of its namespace */
		{ 300, 0, 100 },	/* its parent is */
		{ 7, 0, 7 },		/* in the namespace the fixture's /proc shows */
		{ 999, -ESRCH, 0 },
	};
	struct cgk_hiers *h = NULL;

	(void)state;
	assert_int_equal(cgk_hiers_load(SYSROOT, 0, &h), 0);
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		pid_t init = 0;

		assert_int_equal(cgk_cgvals_pidns_init(h->procfd, t[i].pid, &init), t[i].rc);
		assert_int_equal(init, t[i].init);
	}
	cgk_hiers_free(h);
	/* the live system: we are in the namespace /proc shows */
	{
		int procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		pid_t init = 0;

		assert_true(procfd >= 0);
		assert_int_equal(cgk_cgvals_pidns_init(procfd, getpid(), &init), 0);
		assert_int_equal(init, getpid());
		close(procfd);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_memstat),
		cmocka_unit_test(test_usage_all),
		cmocka_unit_test(test_usage_percpu),
		cmocka_unit_test(test_load),
		cmocka_unit_test(test_load_missing),
		cmocka_unit_test(test_load_root),
		cmocka_unit_test(test_pidns_init),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
