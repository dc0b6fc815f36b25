/* SPDX-License-Identifier: MIT */
/* test-cgvals - the cgroup files' parsers, and the loader on a fixture sysroot */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <inttypes.h>
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

/* v2 memory.stat: the unprefixed keys, into the v1 slots */
static void test_memstat2(void **state)
{
	static const struct {
		const char *in;
		int rc;
		uint64_t cache, mapped, dirty, writeback, thp, shmem, sr, su, ia;
	} t[] = {
		{ "anon 1\nfile 8192\nshmem 3\nfile_mapped 4096\nfile_dirty 5\n"
		  "file_writeback 6\nanon_thp 7\ninactive_anon 9\nslab_reclaimable 10\n"
		  "slab_unreclaimable 11\nslab 21\n", 0, 8192, 4096, 5, 6, 7, 3, 10, 11, 9 },
		/* file_mapped before file: exact keys, each its own */
		{ "file_mapped 1\nfile_thp 2\nfile 3\n", 0, 3, 1, 0, 0, 0, 0, 0, 0, 0 },
		/* v1's keys mean nothing on v2 */
		{ "total_cache 1\ncache 2\ntotal_mapped_file 3\n", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
		{ "", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
		{ "file 18446744073709551615", 0, UINT64_MAX, 0, 0, 0, 0, 0, 0, 0, 0 },
		{ .in = "file 18446744073709551616\n", .rc = -EINVAL },
		{ .in = "file x\n", .rc = -EINVAL },
		{ .in = "anon 1\nfile_dirty -1\n", .rc = -EINVAL },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		struct cgk_memstat m, pat;

		memset(&m, 0x5a, sizeof(m));
		memset(&pat, 0x5a, sizeof(pat));
		if (cgk_memstat2_parse(t[i].in, strlen(t[i].in), &m) != t[i].rc)
			fail_msg("%zu: not %d", i, t[i].rc);
		if (t[i].rc) {
			assert_memory_equal(&m, &pat, sizeof(m));	/* untouched */
			continue;
		}
		assert_int_equal(m.cache, t[i].cache);
		assert_int_equal(m.mapped_file, t[i].mapped);
		assert_int_equal(m.dirty, t[i].dirty);
		assert_int_equal(m.writeback, t[i].writeback);
		assert_int_equal(m.rss_huge, t[i].thp);
		assert_int_equal(m.shmem, t[i].shmem);
		assert_int_equal(m.slab_reclaimable, t[i].sr);
		assert_int_equal(m.slab_unreclaimable, t[i].su);
		assert_int_equal(m.inactive_anon, t[i].ia);
		assert_int_equal(m.active_file, 0);
	}
}

/* v2 cpu.stat's usec fields */
static void test_cpustat_usec(void **state)
{
	static const struct {
		const char *in;
		int rc;
		uint64_t usage, user, system;
	} t[] = {
		{ "usage_usec 120000\nuser_usec 109090\nsystem_usec 10909\nnr_periods 6\n"
		  "nr_throttled 2\nthrottled_usec 100000\nnr_bursts 0\nburst_usec 0\n",
		  0, 120000, 109090, 10909 },
		/* a kernel without the cpu controller enabled: the three alone */
		{ "usage_usec 5\nuser_usec 3\nsystem_usec 2\n", 0, 5, 3, 2 },
		{ "usage_usec 7", 0, 7, 0, 0 },
		{ .in = "user_usec 3\nsystem_usec 2\n", .rc = -EINVAL },		/* no usage */
		{ .in = "usage_usec\n", .rc = -EINVAL },
		{ .in = "usage_usec 1\nuser_usec x\n", .rc = -EINVAL },
		{ "throttled_usec 9\nusage_usec 1\n", 0, 1, 0, 0 },	/* exact keys */
		{ .in = "", .rc = -EINVAL },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		struct cgk_cpustat_usec u, pat;

		memset(&u, 0x5a, sizeof(u));
		memset(&pat, 0x5a, sizeof(pat));
		if (cgk_cpustat_usec_parse(t[i].in, strlen(t[i].in), &u) != t[i].rc)
			fail_msg("%zu: not %d", i, t[i].rc);
		if (t[i].rc) {
			assert_memory_equal(&u, &pat, sizeof(u));
			continue;
		}
		assert_int_equal(u.usage, t[i].usage);
		assert_int_equal(u.user, t[i].user);
		assert_int_equal(u.system, t[i].system);
	}
}

/* v2 io.stat as the v1 throttle files (for diskstats --fix) */
static void test_iostat(void **state)
{
	static const struct {
		const char *in;
		int rc;
		const char *serviced, *bytes;
	} t[] = {
		{ "8:0 rbytes=4096 wbytes=8192 rios=1 wios=2 dbytes=0 dios=0\n"
		  "259:0 rbytes=512 wbytes=0 rios=1 wios=0 dbytes=1024 dios=3\n", 0,
		  "8:0 Read 1\n8:0 Write 2\n8:0 Discard 0\n"
		  "259:0 Read 1\n259:0 Write 0\n259:0 Discard 3\n",
		  "8:0 Read 4096\n8:0 Write 8192\n8:0 Discard 0\n"
		  "259:0 Read 512\n259:0 Write 0\n259:0 Discard 1024\n" },
		/* keys of io.max/io.cost and absent ones: skipped, 0 */
		{ "253:1 wios=5 rbytes=7 cost.usage=3\n\n", 0,
		  "253:1 Read 0\n253:1 Write 5\n253:1 Discard 0\n",
		  "253:1 Read 7\n253:1 Write 0\n253:1 Discard 0\n" },
		{ "", 0, "", "" },
		{ "8:0 rios=x\n", -EINVAL, NULL, NULL },
		{ "8:0 rios\n", -EINVAL, NULL, NULL },
		{ "sda rios=1\n", -EINVAL, NULL, NULL },
		{ "8: rios=1\n", -EINVAL, NULL, NULL },
		{ "8:0 rios=18446744073709551616\n", -EINVAL, NULL, NULL },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		char *sv = (char *)&t, *by = (char *)&t;

		if (cgk_iostat_to_blkio(t[i].in, strlen(t[i].in), &sv, &by) != t[i].rc)
			fail_msg("%zu: not %d", i, t[i].rc);
		if (t[i].rc) {
			assert_true(sv == (char *)&t && by == (char *)&t);	/* untouched */
			continue;
		}
		assert_string_equal(sv, t[i].serviced);
		assert_string_equal(by, t[i].bytes);
		free(sv);
		free(by);
	}
}

/* cpu.max */
static void test_cpumax(void **state)
{
	static const struct {
		const char *in;
		int rc;
		int64_t quota, period;
	} t[] = {
		{ "50000 100000\n", 0, 50000, 100000 },
		{ "max 100000\n", 0, -1, 100000 },
		{ "150000 100000", 0, 150000, 100000 },
		{ .in = "max\n", .rc = -EINVAL },
		{ .in = "0 100000\n", .rc = -EINVAL },
		{ .in = "-1 100000\n", .rc = -EINVAL },
		{ .in = "1000 0\n", .rc = -EINVAL },
		{ .in = "1 2 3\n", .rc = -EINVAL },
		{ .in = "maxx 100000\n", .rc = -EINVAL },
		{ .in = "", .rc = -EINVAL },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		int64_t q = 7, p = 7;

		if (cgk_cpumax_parse(t[i].in, strlen(t[i].in), &q, &p) != t[i].rc)
			fail_msg("%zu: not %d", i, t[i].rc);
		if (t[i].rc) {
			assert_true(q == 7 && p == 7);
			continue;
		}
		assert_int_equal(q, t[i].quota);
		assert_int_equal(p, t[i].period);
	}
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

/*
 * A pure v2 tree: memory.max "max" takes the parent's 32M (and
 * memory.swap.max its 16M), memory.stat's v2 keys, cpu.max, every online
 * CPU without the cpuset controller, cpu.stat's usec fields for uptime.
 */
static void test_load_v2(void **state)
{
	char *mrel[CGK_HIER_MAX] = { 0 };
	struct cgk_hiers *h = NULL;
	struct cgk_cgvals v;
	unsigned missing = 0xff;
	int m;

	(void)state;
	assert_int_equal(cgk_hiers_load(TEST_DATA "/view/sysroot-v2", 0, &h), 0);
	assert_true(cgk_hiers_v2_only(h));
	assert_int_equal(cgk_hiers_pid_paths(h, 100, mrel), 0);
	m = cgk_hiers_find(h, "memory");
	assert_true(m >= 0);
	assert_string_equal(mrel[m], "a/b");
	assert_int_equal(cgk_cgvals_load(h, mrel, 100, CGK_CGV_MEM | CGK_CGV_CPU | CGK_CGV_USAGE |
					 CGK_CGV_UPTIME | CGK_CGV_BLKIO, &v, &missing), 0);
	assert_int_equal(missing, 0);
	assert_true(v.mem && v.mem_v2);
	assert_int_equal(v.mem_limit, 33554432);
	assert_int_equal(v.mem_usage, 12582912);
	assert_int_equal(v.stat.cache, 20971520);
	assert_int_equal(v.stat.mapped_file, 4194304);
	assert_int_equal(v.stat.slab_reclaimable, 786432);
	assert_true(v.memsw);
	assert_int_equal(v.memsw_limit, 16777216);
	assert_int_equal(v.memsw_usage, 1048576);
	assert_int_equal(v.swappiness, 1);
	assert_true(v.cpuset_ok && v.cpuset_all);
	assert_int_equal(cgk_cpuset_count(&v.cpuset), 4);
	assert_true(v.quota_ok);
	assert_int_equal(v.quota, 50000);
	assert_int_equal(v.period, 100000);
	assert_null(v.usage);		/* no cpuacct: the host's stat lines */
	assert_true(v.start_ok);
	assert_false(v.busy_ok);	/* lxcfs 5.0: idle = uptime */
	assert_true(v.cpustat_ok);
	assert_int_equal(v.usage_usec, 8750000);
	assert_int_equal(v.user_usec, 6000000);
	assert_null(v.blk_serviced);	/* no blkio: the host's diskstats */
	assert_non_null(v.thr_serviced);	/* io.stat, for --fix */
	assert_string_equal(v.thr_serviced, "8:0 Read 12\n8:0 Write 34\n8:0 Discard 0\n");
	assert_string_equal(v.thr_service_bytes,
			    "8:0 Read 49152\n8:0 Write 139264\n8:0 Discard 0\n");
	cgk_cgvals_done(&v);
	/* a cgroup that is gone */
	free(mrel[m]);
	mrel[m] = strdup("a/gone");
	assert_int_equal(cgk_cgvals_load(h, mrel, 0, CGK_CGV_MEM | CGK_CGV_CPU | CGK_CGV_BLKIO,
					 &v, &missing), 0);
	assert_false(v.mem);
	assert_false(v.cpuset_ok);
	assert_int_equal(missing, CGK_CGV_MEM | CGK_CGV_CPU | CGK_CGV_BLKIO);
	cgk_cgvals_done(&v);
	free_paths(mrel);
	cgk_hiers_free(h);
}

/*
 * A captured v2 tree with the cpuset controller (qemu, 2 CPUs): own
 * cpuset.cpus, else cpuset.cpus.effective; cpu.max's quota or max.
 */
static void test_load_v2_cpuset(void **state)
{
	static const struct {
		pid_t pid;
		uint64_t bits;
		int64_t quota;
	} t[] = {
		{ 113, 0x2, -1 },	/* pinned: cpuset.cpus 1 */
		{ 114, 0x1, 50000 },	/* a docker scope: cpuset.cpus 0, 50000 100000 */
		{ 115, 0x3, -1 },	/* free: cpuset.cpus empty, effective 0-1 */
	};
	struct cgk_hiers *h = NULL;

	(void)state;
	assert_int_equal(cgk_hiers_load(TEST_DATA "/sysroot-v2-cpuset", 0, &h), 0);
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		char *mrel[CGK_HIER_MAX] = { 0 };
		struct cgk_cgvals v;
		unsigned missing = 0xff;

		assert_int_equal(cgk_hiers_pid_paths(h, t[i].pid, mrel), 0);
		assert_int_equal(cgk_cgvals_load(h, mrel, 0, CGK_CGV_CPU, &v, &missing), 0);
		assert_int_equal(missing, 0);
		assert_true(v.cpuset_ok);
		assert_false(v.cpuset_all);
		if (v.cpuset.bits[0] != t[i].bits)
			fail_msg("pid %d: cpuset %#" PRIx64, (int)t[i].pid, v.cpuset.bits[0]);
		assert_true(v.quota_ok);
		assert_int_equal(v.quota, t[i].quota);
		assert_int_equal(v.period, 100000);
		cgk_cgvals_done(&v);
		free_paths(mrel);
	}
	cgk_hiers_free(h);
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

/* Every value two loads give, but the clock (boottime) read at each. */
static void assert_same_vals(const struct cgk_cgvals *a, const struct cgk_cgvals *b)
{
	struct cgk_cgvals x = *a, y = *b;
	const char *const *ta = (const char *const *)&a->blk_serviced;
	const char *const *tb = (const char *const *)&b->blk_serviced;

	assert_int_equal(a->nusage, b->nusage);
	assert_true((a->usage == NULL) == (b->usage == NULL));
	if (a->usage)
		assert_memory_equal(a->usage, b->usage, a->nusage * sizeof(*a->usage));
	for (size_t k = 0; k < 7; k++) {	/* blk_serviced .. thr_service_bytes */
		assert_true((ta[k] == NULL) == (tb[k] == NULL));
		if (ta[k])
			assert_string_equal(ta[k], tb[k]);
	}
	x.usage = y.usage = NULL;
	x.blk_serviced = x.blk_merged = x.blk_service_bytes = x.blk_wait_time = NULL;
	x.blk_service_time = x.thr_serviced = x.thr_service_bytes = NULL;
	y.blk_serviced = y.blk_merged = y.blk_service_bytes = y.blk_wait_time = NULL;
	y.blk_service_time = y.thr_serviced = y.thr_service_bytes = NULL;
	x.boottime = y.boottime = (struct timespec){ 0 };
	assert_memory_equal(&x, &y, sizeof(x));
}

/* cgk_cgvals_load and cgk_cgvals_load_kept of SYSROOT's PID for WHAT: the same, twice. */
static void kept_same(const char *sysroot, pid_t pid, pid_t init, unsigned what, size_t max_fds)
{
	char *mrel[CGK_HIER_MAX] = { 0 };
	struct cgk_hiers *h = NULL;
	struct cgk_cgfiles *fc = NULL;
	unsigned mp = 0xff, mk = 0xff;

	assert_int_equal(cgk_hiers_load(sysroot, 0, &h), 0);
	assert_int_equal(cgk_hiers_pid_paths(h, pid, mrel), 0);
	assert_int_equal(cgk_cgfiles_new(h, max_fds, &fc), 0);
	for (int round = 0; round < 3; round++) {
		struct cgk_cgvals p, k;

		assert_int_equal(cgk_cgvals_load(h, mrel, init, what, &p, &mp), 0);
		assert_int_equal(cgk_cgvals_load_kept(fc, mrel, init, what, &k, &mk), 0);
		assert_int_equal(mp, mk);
		assert_same_vals(&p, &k);
		cgk_cgvals_done(&p);
		cgk_cgvals_done(&k);
		/* the files stay open between loads, never more than allowed */
		assert_true(cgk_cgfiles_expire(fc, 5) <= max_fds);
		assert_true(max_fds < 2 || cgk_cgfiles_expire(fc, 5) > 0);
	}
	cgk_cgfiles_drop(fc, mrel, init);
	cgk_cgfiles_free(fc);
	free_paths(mrel);
	cgk_hiers_free(h);
}

/* The kept files give every value the plain loader gives, on each fixture. */
static void test_load_kept(void **state)
{
	const unsigned all = CGK_CGV_MEM | CGK_CGV_CPU | CGK_CGV_USAGE | CGK_CGV_UPTIME |
			     CGK_CGV_LOAD | CGK_CGV_BLKIO;

	(void)state;
	kept_same(SYSROOT, 100, 100, all, 1000);
	kept_same(SYSROOT, 100, 100, all, 3);	/* no room: read as the plain loader does */
	kept_same(SYSROOT, 100, 0, all, 1000);
	kept_same(SYSROOT, 1, 1, CGK_CGV_CPU | CGK_CGV_USAGE, 1000);	/* v.root */
	kept_same(TEST_DATA "/view/sysroot-v2", 100, 100, all, 1000);
	for (pid_t pid = 113; pid <= 115; pid++)
		kept_same(TEST_DATA "/sysroot-v2-cpuset", pid, 0, CGK_CGV_CPU, 1000);
}

/*
 * Kept files read what the files hold now: a value changed in place, a
 * file that appears (seen after the next expire round, as documented),
 * the files of a gone target closed by cgk_cgfiles_drop.
 */
static void test_load_kept_changes(void **state)
{
	char tmp[] = "/tmp/cgk-test-cgvals.XXXXXX", cmd[512], *mrel[CGK_HIER_MAX] = { 0 };
	struct cgk_hiers *h = NULL;
	struct cgk_cgfiles *fc = NULL;
	struct cgk_cgvals v;
	char dir[600];
	size_t before;
	int m, fd;

	(void)state;
	assert_non_null(mkdtemp(tmp));
	snprintf(cmd, sizeof(cmd), "cp -a '%s/.' '%s'", SYSROOT, tmp);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(cgk_hiers_load(tmp, 0, &h), 0);
	assert_int_equal(cgk_hiers_pid_paths(h, 100, mrel), 0);
	m = cgk_hiers_find(h, "memory");
	assert_int_equal(cgk_cgfiles_new(h, 1000, &fc), 0);
	assert_int_equal(cgk_cgvals_load_kept(fc, mrel, 100, CGK_CGV_MEM, &v, NULL), 0);
	assert_int_equal(v.mem_usage, 12582912);
	cgk_cgvals_done(&v);
	/* in place, as the kernel's counters change */
	snprintf(dir, sizeof(dir), "%s%s/%s/memory.usage_in_bytes", tmp, h->v[m].mountpoint, mrel[m]);
	fd = open(dir, O_WRONLY | O_TRUNC | O_CLOEXEC);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "4096\n", 5), 5);
	close(fd);
	assert_int_equal(cgk_cgvals_load_kept(fc, mrel, 100, CGK_CGV_MEM, &v, NULL), 0);
	assert_int_equal(v.mem_usage, 4096);
	cgk_cgvals_done(&v);
	/* a file that was missing: looked for again after an expire round */
	assert_int_equal(cgk_cgvals_load_kept(fc, mrel, 100, CGK_CGV_UPTIME | CGK_CGV_BLKIO, &v, NULL), 0);
	assert_null(v.blk_wait_time);
	cgk_cgvals_done(&v);
	snprintf(dir, sizeof(dir), "%s%s/%s/blkio.io_wait_time_recursive", tmp,
		 h->v[cgk_hiers_find(h, "blkio")].mountpoint, mrel[cgk_hiers_find(h, "blkio")]);
	fd = open(dir, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "8:0 Read 7\n", 11), 11);
	close(fd);
	cgk_cgfiles_expire(fc, 5);
	assert_int_equal(cgk_cgvals_load_kept(fc, mrel, 100, CGK_CGV_BLKIO, &v, NULL), 0);
	assert_string_equal(v.blk_wait_time, "8:0 Read 7\n");
	cgk_cgvals_done(&v);
	/* the target gone: its cgroups' files and /proc/100 closed, the ancestors' kept */
	before = cgk_cgfiles_expire(fc, 5);
	cgk_cgfiles_drop(fc, mrel, 100);
	assert_true(cgk_cgfiles_expire(fc, 5) < before);
	assert_true(cgk_cgfiles_expire(fc, 5) > 0);
	/* unread for the rounds asked: closed */
	assert_int_equal(cgk_cgfiles_expire(fc, 0), 0);
	cgk_cgfiles_free(fc);
	cgk_cgfiles_free(NULL);
	free_paths(mrel);
	cgk_hiers_free(h);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	assert_int_equal(system(cmd), 0);
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
		cmocka_unit_test(test_memstat2),
		cmocka_unit_test(test_cpustat_usec),
		cmocka_unit_test(test_cpumax),
		cmocka_unit_test(test_iostat),
		cmocka_unit_test(test_usage_all),
		cmocka_unit_test(test_usage_percpu),
		cmocka_unit_test(test_load),
		cmocka_unit_test(test_load_missing),
		cmocka_unit_test(test_load_v2),
		cmocka_unit_test(test_load_v2_cpuset),
		cmocka_unit_test(test_load_root),
		cmocka_unit_test(test_load_kept),
		cmocka_unit_test(test_load_kept_changes),
		cmocka_unit_test(test_pidns_init),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
