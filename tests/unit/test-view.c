/* SPDX-License-Identifier: MIT */
/* test-view - every procview formula on fixtures: host file text + cgroup values -> text */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>

#include "cgvals.h"
#include "knob.h"
#include "proc.h"
#include "util.h"
#include "view.h"

#define MiB (UINT64_C(1) << 20)
#define UNLIMITED UINT64_C(9223372036854771712)	/* v1 "no limit" with 4K pages */
#define HOST_KB UINT64_C(24684084)			/* MemTotal of tests/data/view/meminfo */

/* ---- helpers ---- */

static char *fixture(const char *name, size_t *len)
{
	char path[512];
	char *buf;

	snprintf(path, sizeof(path), "%s/view/%s", TEST_DATA, name);
	if (cgk_read_at_max(AT_FDCWD, path, 1u << 20, &buf, len) < 0)
		fail_msg("cannot read fixture %s", path);
	return buf;
}

/* The memory values of tests/data/view/memory.stat: LIMIT, USAGE in bytes. */
static struct cgk_cgvals mem_vals(uint64_t limit, uint64_t usage)
{
	struct cgk_cgvals v = { .mem = true, .mem_limit = limit, .mem_usage = usage,
				.swappiness = 1 };
	_cleanup_free_ char *stat = NULL;
	size_t len;

	stat = fixture("memory.stat", &len);
	assert_int_equal(cgk_memstat_parse(stat, len, &v.stat), 0);
	return v;
}

/* The value of KEY in meminfo-like TEXT (fails the test when absent). */
static uint64_t kb(const char *text, const char *key)
{
	uint64_t v;

	if (cgk_meminfo_get(text, strlen(text), key, &v) < 0)
		fail_msg("no %s in:\n%s", key, text);
	return v;
}

static char *meminfo(const char *hostfile, const struct cgk_cgvals *v, unsigned flags)
{
	_cleanup_free_ char *host = NULL;
	char *out = NULL;
	size_t len, olen;

	host = fixture(hostfile, &len);
	assert_int_equal(cgk_view_meminfo(host, len, v, flags, &out, &olen), 0);
	assert_int_equal(strlen(out), olen);
	return out;
}

/* The lines of OUT whose key is not in KEYS are the host's, verbatim, in order. */
static void assert_rest_is_host(const char *hostfile, const char *out, const char *const *keys)
{
	_cleanup_free_ char *host = NULL;
	const char *h, *o = out;
	size_t len;

	host = fixture(hostfile, &len);
	for (h = host; *h; ) {
		size_t hn = strcspn(h, "\n"), on = strcspn(o, "\n");
		bool computed = false;

		for (size_t k = 0; keys[k]; k++)
			if (!strncmp(h, keys[k], strlen(keys[k])) && h[strlen(keys[k])] == ':')
				computed = true;
		if (!computed && (hn != on || memcmp(h, o, hn)))
			fail_msg("host line '%.*s' became '%.*s'", (int)hn, h, (int)on, o);
		if (computed && strncmp(h, o, strcspn(h, ":") + 1))
			fail_msg("line '%.*s' out of place: '%.*s'", (int)hn, h, (int)on, o);
		h += hn + (h[hn] == '\n');
		o += on + (o[on] == '\n');
	}
	assert_string_equal(o, "");
}

static const char *const computed_keys[] = {
	"MemTotal", "MemFree", "MemAvailable", "Buffers", "Cached", "SwapCached",
	"Active", "Inactive", "Active(anon)", "Inactive(anon)", "Active(file)",
	"Inactive(file)", "Unevictable", "SwapTotal", "SwapFree", "Dirty", "Writeback",
	"AnonPages", "Mapped", "Shmem", "Slab", "SReclaimable", "SUnreclaim",
	"AnonHugePages", "ShmemHugePages", "ShmemPmdMapped", NULL
};

/* ---- meminfo ---- */

/* 128M limit, 12M used: every computed line, every other line the host's. */
static void test_meminfo_limit(void **state)
{
	struct cgk_cgvals v = mem_vals(128 * MiB, 12 * MiB);
	_cleanup_free_ char *out = meminfo("meminfo", &v, 0);
	_cleanup_free_ char *fix = meminfo("meminfo", &v, CGK_VIEW_FIX);

	(void)state;
	assert_int_equal(kb(out, "MemTotal"), 131072);
	assert_int_equal(kb(out, "MemFree"), 131072 - 12288);
	/* lxcfs 5.0: + total_cache (shmem included) */
	assert_int_equal(kb(out, "MemAvailable"), 131072 - 12288 + 8196);
	assert_int_equal(kb(out, "Buffers"), 0);
	assert_int_equal(kb(out, "Cached"), 8196);
	assert_int_equal(kb(out, "SwapCached"), 0);
	assert_int_equal(kb(out, "Active"), 3076);
	assert_int_equal(kb(out, "Inactive"), 7172);
	assert_int_equal(kb(out, "Active(anon)"), 1028);
	assert_int_equal(kb(out, "Inactive(anon)"), 5120);
	assert_int_equal(kb(out, "Active(file)"), 2048);
	assert_int_equal(kb(out, "Inactive(file)"), 2052);
	assert_int_equal(kb(out, "Unevictable"), 4);
	assert_int_equal(kb(out, "Dirty"), 12);
	assert_int_equal(kb(out, "Writeback"), 4);
	assert_int_equal(kb(out, "AnonPages"), 2052);	/* anon - shmem */
	assert_int_equal(kb(out, "Mapped"), 1028);
	assert_int_equal(kb(out, "Shmem"), 4096);
	assert_int_equal(kb(out, "Slab"), 0);
	assert_int_equal(kb(out, "SReclaimable"), 0);
	assert_int_equal(kb(out, "SUnreclaim"), 0);
	assert_int_equal(kb(out, "ShmemHugePages"), 0);
	assert_int_equal(kb(out, "ShmemPmdMapped"), 0);
	/* the quirk: total_rss_huge never parsed */
	assert_int_equal(kb(out, "AnonHugePages"), 0);
	assert_int_equal(kb(fix, "AnonHugePages"), 2048);
	/* --fix: the file LRUs are what can be reclaimed */
	assert_int_equal(kb(fix, "MemAvailable"), 131072 - 12288 + 4100);
	/* no swap on the host, no memsw: none */
	assert_int_equal(kb(out, "SwapTotal"), 0);
	assert_int_equal(kb(out, "SwapFree"), 0);
	/* lxcfs's layout: the key padded to 16 columns, the value to 8 */
	assert_non_null(strstr(out, "\nMemFree:          118784 kB\n"));
	assert_non_null(strstr(out, "\nInactive(anon):     5120 kB\n"));
	assert_rest_is_host("meminfo", out, computed_keys);
	assert_rest_is_host("meminfo", fix, computed_keys);
}

static void test_meminfo_limits(void **state)
{
	static const struct {
		const char *name;
		uint64_t limit, usage, total, free, avail, fix_free, fix_avail;
	} t[] = {
		{ "no limit anywhere", UNLIMITED, 12 * MiB, HOST_KB, HOST_KB - 12288,
		  HOST_KB - 12288 + 8196, HOST_KB - 12288, HOST_KB - 12288 + 4100 },
		{ "limit above the host's memory", 64ull << 30, 12 * MiB, HOST_KB, HOST_KB - 12288,
		  HOST_KB - 12288 + 8196, HOST_KB - 12288, HOST_KB - 12288 + 4100 },
		{ "limit unread (0): the host's", 0, 12 * MiB, HOST_KB, HOST_KB - 12288,
		  HOST_KB - 12288 + 8196, HOST_KB - 12288, HOST_KB - 12288 + 4100 },
		/* usage 1M above the limit: lxcfs's unsigned arithmetic wraps */
		{ "usage above the limit", 64 * MiB, 65 * MiB, 65536, UINT64_MAX - 1023,
		  8196 - 1024, 0, 4100 },
		{ "usage at the limit", 64 * MiB, 64 * MiB, 65536, 0, 8196, 0, 4100 },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		struct cgk_cgvals v = mem_vals(t[i].limit, t[i].usage);
		_cleanup_free_ char *out = meminfo("meminfo", &v, 0);
		_cleanup_free_ char *fix = meminfo("meminfo", &v, CGK_VIEW_FIX);

		if (kb(out, "MemTotal") != t[i].total || kb(out, "MemFree") != t[i].free ||
		    kb(out, "MemAvailable") != t[i].avail || kb(fix, "MemTotal") != t[i].total ||
		    kb(fix, "MemFree") != t[i].fix_free || kb(fix, "MemAvailable") != t[i].fix_avail)
			fail_msg("%s: total %" PRIu64 " free %" PRIu64 " avail %" PRIu64
				 "; --fix free %" PRIu64 " avail %" PRIu64, t[i].name,
				 kb(out, "MemTotal"), kb(out, "MemFree"), kb(out, "MemAvailable"),
				 kb(fix, "MemFree"), kb(fix, "MemAvailable"));
		assert_rest_is_host("meminfo", out, computed_keys);
	}
}

/* AnonPages when shmem exceeds the anon LRUs (shmem moved out): wraps; --fix: 0. */
static void test_meminfo_anon_underflow(void **state)
{
	struct cgk_cgvals v = mem_vals(128 * MiB, 12 * MiB);
	_cleanup_free_ char *out = NULL, *fix = NULL;

	(void)state;
	v.stat.shmem = v.stat.active_anon + v.stat.inactive_anon + 4096;
	out = meminfo("meminfo", &v, 0);
	fix = meminfo("meminfo", &v, CGK_VIEW_FIX);
	assert_int_equal(kb(out, "AnonPages"), (UINT64_MAX - 4095) / 1024);
	assert_int_equal(kb(fix, "AnonPages"), 0);
}

static void test_meminfo_swap(void **state)
{
	static const struct {
		const char *name, *host;
		bool memsw;
		uint64_t memsw_limit, memsw_usage, swappiness;
		uint64_t total, free;		/* meminfo SwapTotal, SwapFree */
		uint64_t size, used;		/* /proc/swaps; size 0: no line */
	} t[] = {
		/* memsw 256M over a 128M limit, 1M swapped: RAM+swap, lxcfs#240 */
		{ "memsw", "meminfo-swap", true, 256 * MiB, 13 * MiB, 60, 262144, 261120,
		  262144, 1024 },
		{ "swappiness 0", "meminfo-swap", true, 256 * MiB, 13 * MiB, 0, 1024, 0,
		  1024, 1024 },
		/* no memsw files: the RAM limit is shown as swap */
		{ "no memsw files", "meminfo-swap", false, 0, 0, 1, 131072, 131072, 131072, 0 },
		{ "no swap on the host", "meminfo", true, 256 * MiB, 13 * MiB, 60, 0,
		  UINT64_MAX - 1023, 0, 0 },
		{ "memsw below the limit", "meminfo-swap", true, 64 * MiB, 12 * MiB, 60, 131072,
		  131072, 131072, 0 },
		{ "host swap smaller", "meminfo-swap", true, 8ull << 30, 12 * MiB, 60, 2097148,
		  2097148, 2097148, 0 },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		struct cgk_cgvals v = mem_vals(128 * MiB, 12 * MiB);
		_cleanup_free_ char *out = NULL, *host = NULL, *sw = NULL;
		char line[256];
		size_t len, swlen;

		v.memsw = t[i].memsw;
		v.memsw_limit = t[i].memsw_limit;
		v.memsw_usage = t[i].memsw_usage;
		v.swappiness = t[i].swappiness;
		out = meminfo(t[i].host, &v, 0);
		if (kb(out, "SwapTotal") != t[i].total || kb(out, "SwapFree") != t[i].free)
			fail_msg("%s: SwapTotal %" PRIu64 " SwapFree %" PRIu64, t[i].name,
				 kb(out, "SwapTotal"), kb(out, "SwapFree"));
		host = fixture(t[i].host, &len);
		assert_int_equal(cgk_view_swaps(host, len, &v, 0, &sw, &swlen), 0);
		if (t[i].size)
			snprintf(line, sizeof(line),
				 "Filename\t\t\t\tType\t\tSize\tUsed\tPriority\n"
				 "none%36svirtual\t\t%" PRIu64 "\t%" PRIu64 "\t0\n", "",
				 t[i].size, t[i].used);
		else
			snprintf(line, sizeof(line), "Filename\t\t\t\tType\t\tSize\tUsed\tPriority\n");
		if (strcmp(sw, line))
			fail_msg("%s: swaps\n%s\nwant\n%s", t[i].name, sw, line);
		assert_int_equal(swlen, strlen(line));
	}
	{
		/* --fix: SwapFree does not wrap */
		struct cgk_cgvals v = mem_vals(128 * MiB, 12 * MiB);
		_cleanup_free_ char *out = NULL;

		v.memsw = true;
		v.memsw_limit = 256 * MiB;
		v.memsw_usage = 13 * MiB;
		out = meminfo("meminfo", &v, CGK_VIEW_FIX);
		assert_int_equal(kb(out, "SwapFree"), 0);
	}
}

/* The memory values of tests/data/view/memory.stat.v2 (a v2 cgroup). */
static struct cgk_cgvals mem2_vals(uint64_t limit, uint64_t usage)
{
	struct cgk_cgvals v = { .mem = true, .mem_v2 = true, .mem_limit = limit,
				.mem_usage = usage, .swappiness = 1 };
	_cleanup_free_ char *stat = NULL;
	size_t len;

	stat = fixture("memory.stat.v2", &len);
	assert_int_equal(cgk_memstat2_parse(stat, len, &v.stat), 0);
	return v;
}

/*
 * v2, 64M limit, 40M used: lxcfs 5.0's formulas on memory.stat's v2 keys,
 * and its quirks (Mapped, Dirty, Writeback, AnonHugePages, Slab 0) which
 * --fix corrects from file_mapped, file_dirty, file_writeback, anon_thp and
 * slab_*.
 */
static void test_meminfo_v2(void **state)
{
	static const struct {
		const char *key;
		uint64_t lxcfs, fix;
	} t[] = {
		{ "MemTotal", 65536, 65536 },
		{ "MemFree", 24576, 24576 },
		/* 5.0: + file (20M); fix: + active_file + inactive_file +
		 * slab_reclaimable (6M + 12M + 768K) */
		{ "MemAvailable", 24576 + 20480, 24576 + 6144 + 12288 + 768 },
		{ "Cached", 20480, 20480 },
		{ "Buffers", 0, 0 },
		{ "Active", 4096 + 6144, 4096 + 6144 },
		{ "Inactive", 8192 + 12288, 8192 + 12288 },
		{ "Active(anon)", 4096, 4096 },
		{ "Inactive(anon)", 8192, 8192 },
		{ "Active(file)", 6144, 6144 },
		{ "Inactive(file)", 12288, 12288 },
		{ "Unevictable", 256, 256 },
		{ "AnonPages", 4096 + 8192 - 2048, 4096 + 8192 - 2048 },
		{ "Shmem", 2048, 2048 },
		{ "Mapped", 0, 4096 },
		{ "Dirty", 0, 1024 },
		{ "Writeback", 0, 512 },
		{ "AnonHugePages", 0, 2048 },
		{ "Slab", 0, 768 + 384 },
		{ "SReclaimable", 0, 768 },
		{ "SUnreclaim", 0, 384 },
		{ "SwapTotal", 0, 0 },
		{ "SwapFree", 0, 0 },
	};
	struct cgk_cgvals v = mem2_vals(64 * MiB, 40 * MiB);
	_cleanup_free_ char *out = meminfo("meminfo-swap", &v, 0);
	_cleanup_free_ char *fix = meminfo("meminfo-swap", &v, CGK_VIEW_FIX);

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		if (kb(out, t[i].key) != t[i].lxcfs)
			fail_msg("%s: %" PRIu64 ", lxcfs %" PRIu64, t[i].key, kb(out, t[i].key),
				 t[i].lxcfs);
		if (kb(fix, t[i].key) != t[i].fix)
			fail_msg("--fix %s: %" PRIu64 ", want %" PRIu64, t[i].key,
				 kb(fix, t[i].key), t[i].fix);
	}
	assert_rest_is_host("meminfo-swap", out, computed_keys);
	assert_rest_is_host("meminfo-swap", fix, computed_keys);
}

/*
 * v2 swap: memory.swap.max and memory.swap.current are the swap alone, so
 * SwapTotal is memory.swap.max (at most the host's), not RAM + swap; lxcfs
 * 5.0's swaps still adds the memory limit (--fix: not).
 */
static void test_swap_v2(void **state)
{
	static const struct {
		const char *name, *host;
		uint64_t swmax, swcur;
		uint64_t total, free;		/* meminfo */
		uint64_t size, size_fix, used;	/* swaps; 0: no line */
	} t[] = {
		{ "32M", "meminfo-swap", 32 * MiB, 1 * MiB, 32768, 31744, 65536 + 32768, 32768,
		  1024 },
		/* swap.max over the host's swap */
		{ "8G", "meminfo-swap", 8ull << 30, 0, 2097148, 2097148, 2097148, 2097148, 0 },
		{ "no host swap", "meminfo", 32 * MiB, 0, 0, 0, 0, 0, 0 },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		struct cgk_cgvals v = mem2_vals(64 * MiB, 40 * MiB);
		_cleanup_free_ char *out = NULL, *host = NULL, *sw = NULL, *swf = NULL;
		char want[256];
		size_t len, swlen;

		v.memsw = true;
		v.memsw_limit = t[i].swmax;
		v.memsw_usage = t[i].swcur;
		out = meminfo(t[i].host, &v, 0);
		if (kb(out, "SwapTotal") != t[i].total || kb(out, "SwapFree") != t[i].free)
			fail_msg("%s: SwapTotal %" PRIu64 " SwapFree %" PRIu64, t[i].name,
				 kb(out, "SwapTotal"), kb(out, "SwapFree"));
		host = fixture(t[i].host, &len);
		for (int f = 0; f < 2; f++) {
			uint64_t size = f ? t[i].size_fix : t[i].size;
			char **s = f ? &swf : &sw;

			assert_int_equal(cgk_view_swaps(host, len, &v, f ? CGK_VIEW_FIX : 0, s,
							&swlen), 0);
			snprintf(want, sizeof(want), "Filename\t\t\t\tType\t\tSize\tUsed\tPriority\n");
			if (size)
				snprintf(want + strlen(want), sizeof(want) - strlen(want),
					 "none%36svirtual\t\t%" PRIu64 "\t%" PRIu64 "\t0\n", "",
					 size, t[i].used);
			if (strcmp(*s, want))
				fail_msg("%s%s: swaps\n%s\nwant\n%s", t[i].name,
					 f ? " --fix" : "", *s, want);
		}
	}
}

/* Nothing read from the memory cgroup: lxcfs passes the host's file through. */
static void test_meminfo_host(void **state)
{
	struct cgk_cgvals v = { 0 };
	char *out = (char *)"untouched";

	(void)state;
	assert_int_equal(cgk_view_meminfo("MemTotal: 1 kB\n", 15, &v, 0, &out, NULL), CGK_VIEW_HOST);
	assert_int_equal(cgk_view_swaps("MemTotal: 1 kB\n", 15, &v, 0, &out, NULL), CGK_VIEW_HOST);
	assert_string_equal(out, "untouched");
}

/* ---- CPUs ---- */

static struct cgk_cgvals cpu_vals(const char *cpus, int64_t quota, int64_t period)
{
	struct cgk_cgvals v = { .cpuset_ok = true, .quota_ok = true, .quota = quota,
				.period = period, .nprocs = 4, .nprocs_conf = 4, .clk_tck = 100 };

	assert_int_equal(cgk_cpulist_parse(cpus, strlen(cpus), &v.cpuset), 0);
	return v;
}

static void test_max_cpus(void **state)
{
	static const struct {
		const char *cpus;
		int64_t quota, period;
		bool quota_ok;
		unsigned max;
		double exact;
	} t[] = {
		{ "0-3", 150000, 100000, true, 2, 1.5 },	/* ceil */
		{ "0-2", 30000, 100000, true, 1, 0.3 },		/* lxcfs#298 */
		{ "0-3", 200000, 100000, true, 2, 2 },
		{ "0-3", -1, 100000, true, 4, 0 },		/* no quota: the cpuset */
		{ "0,2-3", -1, 100000, true, 3, 0 },
		{ "0,2-3", 400000, 100000, true, 3, 4 },	/* capped by the cpuset */
		{ "0-3", 800000, 100000, true, 4, 4 },		/* capped by nprocs */
		{ "0-3", 150000, 100000, false, 0, 0 },		/* quota unread: no count */
		{ "1", 1000, 100000, true, 1, 0.01 },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		struct cgk_cgvals v = cpu_vals(t[i].cpus, t[i].quota, t[i].period);

		v.quota_ok = t[i].quota_ok;
		if (cgk_view_max_cpus(&v) != t[i].max || cgk_view_exact_cpus(&v) != t[i].exact)
			fail_msg("%s %" PRId64 "/%" PRId64 ": %u CPUs (%g), want %u (%g)", t[i].cpus,
				 t[i].quota, t[i].period, cgk_view_max_cpus(&v),
				 cgk_view_exact_cpus(&v), t[i].max, t[i].exact);
	}
}

/* The processor numbers and host core ids of a cpuinfo text: "0:2 1:3" */
static void cpuinfo_ids(const char *text, char *buf, size_t size)
{
	size_t off = 0;
	int proc = -1;

	buf[0] = '\0';
	for (const char *p = text; *p; ) {
		size_t n = strcspn(p, "\n");
		int c;

		if (cgk_cpuinfo_processor(p, n, &c))
			proc = c;
		else if (!strncmp(p, "core id\t\t: ", 11))
			off += (size_t)snprintf(buf + off, size - off, "%s%d:%.*s", off ? " " : "",
						proc, (int)(n - 11), p + 11);
		p += n + (p[n] == '\n');
	}
}

static void test_cpuinfo(void **state)
{
	static const struct {
		const char *cpus;
		int64_t quota;
		unsigned flags;
		const char *ids;	/* renumbered processor:host core id */
	} t[] = {
		{ "0-3", -1, 0, "0:0 1:1 2:2 3:3" },
		{ "0,2-3", -1, 0, "0:0 1:2 2:3" },		/* sparse, renumbered */
		{ "3", -1, 0, "0:3" },
		{ "0-3", 150000, 0, "0:0 1:1 2:2 3:3" },	/* no --cfs: the quota is ignored */
		{ "0-3", 150000, CGK_VIEW_CFS, "0:0 1:1" },	/* 1.5 CPUs -> 2 */
		{ "0-2", 30000, CGK_VIEW_CFS, "0:0" },		/* 3 CPUs at 30% -> 1 */
		{ "1,3", 400000, CGK_VIEW_CFS, "0:1 1:3" },
	};
	_cleanup_free_ char *host = NULL;
	size_t len;

	(void)state;
	host = fixture("cpuinfo-4", &len);
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		struct cgk_cgvals v = cpu_vals(t[i].cpus, t[i].quota, 100000);
		_cleanup_free_ char *out = NULL;
		char ids[256];
		size_t olen;

		assert_int_equal(cgk_view_cpuinfo(host, len, &v, t[i].flags, &out, &olen), 0);
		cpuinfo_ids(out, ids, sizeof(ids));
		if (strcmp(ids, t[i].ids))
			fail_msg("cpuset %s quota %" PRId64 ": %s, want %s", t[i].cpus, t[i].quota,
				 ids, t[i].ids);
		/* each block is the host's, with "processor\t: N" renumbered */
		assert_int_equal(strncmp(out, "processor\t: 0\nvendor_id\t: ", 26), 0);
		assert_int_equal(out[olen - 1], '\n');
		assert_int_equal(out[olen - 2], '\n');
	}
	{
		struct cgk_cgvals v = { 0 };
		char *out = NULL;

		assert_int_equal(cgk_view_cpuinfo(host, len, &v, 0, &out, NULL), -ENODATA);
	}
}

static void test_cpuinfo_s390(void **state)
{
	static const char want[] =
		"vendor_id       : IBM/S390\n"
		"# processors    : 2\n"
		"bogomips per cpu: 3033.00\n"
		"max thread id   : 0\n"
		"features\t: esan3 zarch stfle msa ldisp eimm dfp edat etf3eh highgprs te vx sie \n"
		"facilities      : 0 1 2 3 4 6 7 8 9 10\n"
		"processor 0: version = FF,  identification = 0133E8,  machine = 2964\n"
		"processor 1: version = FF,  identification = 0133E8,  machine = 2964\n"
		"\n"
		"cpu number      : 0\n"
		"cpu MHz dynamic : 5000\n";
	struct cgk_cgvals v = cpu_vals("1,3", -1, 100000);
	_cleanup_free_ char *host = NULL, *out = NULL;
	size_t len;

	(void)state;
	host = fixture("cpuinfo-s390", &len);
	assert_int_equal(cgk_view_cpuinfo(host, len, &v, 0, &out, NULL), 0);
	assert_string_equal(out, want);
}

/* A CPU number of more digits than an int holds is not a processor line
 * (it was summed into a long past its range: found by fuzz-cpuinfo). */
static void test_cpuinfo_s390_long_number(void **state)
{
	static const char host[] =
		"vendor_id       : IBM/S390\n"
		"processor 99999999999999999999: version = FF\n"
		"processor 1: version = FF\n";
	static const char want[] =
		"vendor_id       : IBM/S390\n"
		"# processors    : 1\n"
		"processor 99999999999999999999: version = FF\n"
		"processor 0: version = FF\n";
	struct cgk_cgvals v = cpu_vals("1", -1, 100000);
	_cleanup_free_ char *out = NULL;

	(void)state;
	assert_int_equal(cgk_view_cpuinfo(host, sizeof(host) - 1, &v, 0, &out, NULL), 0);
	assert_string_equal(out, want);
}

static void test_cpu_online(void **state)
{
	static const struct {
		const char *cpus;
		int64_t quota;
		unsigned flags;
		const char *want;
	} t[] = {
		{ "0-3", -1, 0, "0-3\n" },
		{ "0,2-3", -1, 0, "0,2-3\n" },		/* lxcfs: the cpuset verbatim */
		{ "0,2-3", -1, CGK_VIEW_FIX, "0-2\n" },	/* --fix: numbered as cpuinfo */
		{ "0-3", 150000, CGK_VIEW_CFS, "0-1\n" },
		{ "0-2", 30000, CGK_VIEW_CFS, "0\n" },
		{ "0-3", -1, CGK_VIEW_CFS, "0-3\n" },
		{ "2", -1, CGK_VIEW_FIX, "0\n" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		struct cgk_cgvals v = cpu_vals(t[i].cpus, t[i].quota, 100000);
		_cleanup_free_ char *out = NULL;
		size_t olen;

		assert_int_equal(cgk_view_cpu_online(&v, t[i].flags, &out, &olen), 0);
		assert_string_equal(out, t[i].want);
		assert_int_equal(olen, strlen(t[i].want));
	}
}

/* ---- /proc/stat ---- */

static const char stat_rest[] =
	"intr 12345 0 1 2\nctxt 987654\nbtime 1700000000\nprocesses 4321\n"
	"procs_running 2\nprocs_blocked 0\nsoftirq 5555 1 2 3 4 5 6 7 8 9 10\n";

static char *stat_view(struct cgk_cgvals *v, unsigned flags)
{
	_cleanup_free_ char *host = NULL;
	char *out = NULL;
	size_t len, olen;

	host = fixture("stat-4", &len);
	assert_int_equal(cgk_view_stat(host, len, v, flags, &out, &olen), 0);
	assert_int_equal(olen, strlen(out));
	return out;
}

static void set_usage(struct cgk_cgvals *v, const uint64_t (*ns)[2])
{
	static struct cgk_cpuusage u[4];

	for (int k = 0; k < 4; k++) {
		u[k].user = ns[k][0];
		u[k].system = ns[k][1];
	}
	v->usage = u;
	v->nusage = 4;
}

static void test_stat(void **state)
{
	static const uint64_t ns[4][2] = {
		{ 2000000000, 1000000000 }, { 7000000000, 0 }, { 5000000000, 0 }, { 500000000, 250000000 },
	};
	struct cgk_cgvals v = cpu_vals("0,2-3", -1, 100000);
	_cleanup_free_ char *out = NULL, *fix = NULL, *cfs = NULL;
	char want[1024];

	(void)state;
	set_usage(&v, ns);
	/* idle = host idle + what the host used (1621 ticks) and the cgroup did not */
	out = stat_view(&v, 0);
	snprintf(want, sizeof(want), "cpu  750 0 125 33988 0 0 0 0 0 0\n"
		 "cpu0 200 0 100 11321 0 0 0 0 0 0\n"
		 "cpu2 500 0 0 11121 0 0 0 0 0 0\n"
		 "cpu3 50 0 25 11546 0 0 0 0 0 0\n%s", stat_rest);
	assert_string_equal(out, want);	/* lxcfs 5.0: host CPU numbers */
	fix = stat_view(&v, CGK_VIEW_FIX);
	snprintf(want, sizeof(want), "cpu  750 0 125 33988 0 0 0 0 0 0\n"
		 "cpu0 200 0 100 11321 0 0 0 0 0 0\n"
		 "cpu1 500 0 0 11121 0 0 0 0 0 0\n"
		 "cpu2 50 0 25 11546 0 0 0 0 0 0\n%s", stat_rest);
	assert_string_equal(fix, want);	/* --fix: numbered as cpuinfo */
	/* --cfs without a quota: the cpuset's 3 CPUs, from the cgroup's start */
	cfs = stat_view(&v, CGK_VIEW_CFS);
	snprintf(want, sizeof(want), "cpu  750 0 125 33988 0 0 0 0 0 0\n"
		 "cpu0 200 0 100 11321 0 0 0 0 0 0\n"
		 "cpu1 500 0 0 11121 0 0 0 0 0 0\n"
		 "cpu2 50 0 25 11546 0 0 0 0 0 0\n%s", stat_rest);
	assert_string_equal(cfs, want);
}

/* Only cpuacct.usage_percpu: lxcfs counts the total as user and as system. */
static void test_stat_percpu(void **state)
{
	static const uint64_t ns[4][2] = { { 3000000000, 0 }, { 0, 0 }, { 0, 0 }, { 0, 0 } };
	struct cgk_cgvals v = cpu_vals("0", -1, 100000);
	_cleanup_free_ char *out = NULL, *fix = NULL;
	char want[1024];

	(void)state;
	set_usage(&v, ns);
	v.usage_percpu = true;
	out = stat_view(&v, 0);
	snprintf(want, sizeof(want), "cpu  300 0 300 11021 0 0 0 0 0 0\n"
		 "cpu0 300 0 300 11021 0 0 0 0 0 0\n%s", stat_rest);
	assert_string_equal(out, want);
	fix = stat_view(&v, CGK_VIEW_FIX);
	snprintf(want, sizeof(want), "cpu  300 0 0 11321 0 0 0 0 0 0\n"
		 "cpu0 300 0 0 11321 0 0 0 0 0 0\n%s", stat_rest);
	assert_string_equal(fix, want);
}

/* No cpuacct files: the host's lines of the cpuset's CPUs, renumbered, summed. */
static void test_stat_no_cpuacct(void **state)
{
	struct cgk_cgvals v = cpu_vals("0,2-3", -1, 100000);
	_cleanup_free_ char *out = NULL;
	char want[1024];

	(void)state;
	out = stat_view(&v, 0);
	snprintf(want, sizeof(want), "cpu  3000 30 1500 30000 300 3 30 0 0 0\n"
		 "cpu0 1000 10 500 10000 100 1 10 0 0 0\n"
		 "cpu1 1000 10 500 10000 100 1 10 0 0 0\n"
		 "cpu2 1000 10 500 10000 100 1 10 0 0 0\n%s", stat_rest);
	assert_string_equal(out, want);
}

/* --cfs with 1.5 CPUs of 4: 2 CPUs, the unusable half CPU out of idle. */
static void test_stat_cfs(void **state)
{
	static const uint64_t one[4][2] = { { 1000000000, 0 }, { 0, 0 }, { 0, 0 }, { 0, 0 } };
	/* 2s of user on hidden cpu3: folded into cpu0 */
	static const uint64_t hidden[4][2] = { { 1000000000, 0 }, { 0, 0 }, { 0, 0 }, { 2000000000, 0 } };
	struct cgk_cgvals v = cpu_vals("0-3", 150000, 100000);
	_cleanup_free_ char *out = NULL, *out2 = NULL;
	char want[1024];

	(void)state;
	set_usage(&v, one);
	out = stat_view(&v, CGK_VIEW_CFS);
	snprintf(want, sizeof(want), "cpu  100 0 0 17332 0 0 0 0 0 0\n"
		 "cpu0 100 0 0 11521 0 0 0 0 0 0\n"
		 "cpu1 0 0 0 5811 0 0 0 0 0 0\n%s", stat_rest);
	assert_string_equal(out, want);
	set_usage(&v, hidden);
	out2 = stat_view(&v, CGK_VIEW_CFS);
	snprintf(want, sizeof(want), "cpu  300 0 0 17132 0 0 0 0 0 0\n"
		 "cpu0 300 0 0 11321 0 0 0 0 0 0\n"
		 "cpu1 0 0 0 5811 0 0 0 0 0 0\n%s", stat_rest);
	assert_string_equal(out2, want);
}

/*
 * v2 (no cpuacct, cpu.stat read): lxcfs 5.0 shows the host's lines; --fix
 * spreads user_usec and system_usec in ticks over the cpuset's CPUs, the
 * first (ticks mod N) one tick more, idle as on v1.
 */
static void test_stat_v2_cpustat(void **state)
{
	struct cgk_cgvals v = cpu_vals("0,2-3", -1, 100000);
	_cleanup_free_ char *out = NULL, *fix = NULL, *cfs = NULL, *one = NULL, *big = NULL;
	char want[1024];
	unsigned long long u, s, i;

	(void)state;
	v.cpustat_ok = true;
	v.usage_usec = 12005000;
	v.user_usec = 10000000;		/* 1000 ticks: 334 333 333 */
	v.system_usec = 2005000;	/* 200.5 ticks, truncated: 67 67 66 */
	out = stat_view(&v, 0);
	snprintf(want, sizeof(want), "cpu  3000 30 1500 30000 300 3 30 0 0 0\n"
		 "cpu0 1000 10 500 10000 100 1 10 0 0 0\n"
		 "cpu1 1000 10 500 10000 100 1 10 0 0 0\n"
		 "cpu2 1000 10 500 10000 100 1 10 0 0 0\n%s", stat_rest);
	assert_string_equal(out, want);
	fix = stat_view(&v, CGK_VIEW_FIX);
	snprintf(want, sizeof(want), "cpu  1000 0 200 33663 0 0 0 0 0 0\n"
		 "cpu0 334 0 67 11220 0 0 0 0 0 0\n"
		 "cpu1 333 0 67 11221 0 0 0 0 0 0\n"
		 "cpu2 333 0 66 11222 0 0 0 0 0 0\n%s", stat_rest);
	assert_string_equal(fix, want);
	/* --cfs with 1.5 CPUs: 2 lines; the third CPU's time folded in */
	v.quota = 150000;
	cfs = stat_view(&v, CGK_VIEW_FIX | CGK_VIEW_CFS);
	assert_int_equal(sscanf(cfs, "cpu %llu 0 %llu %llu", &u, &s, &i), 3);
	assert_int_equal(u, 1000);
	assert_int_equal(s, 200);
	assert_non_null(strstr(cfs, "\ncpu1 "));
	assert_null(strstr(cfs, "\ncpu2 "));
	/* one CPU takes it all; 10^16 us (past 2^53) keeps its ticks exact */
	v.quota = -1;
	assert_int_equal(cgk_cpulist_parse("2", 1, &v.cpuset), 0);
	one = stat_view(&v, CGK_VIEW_FIX);
	snprintf(want, sizeof(want), "cpu  1000 0 200 10421 0 0 0 0 0 0\n"
		 "cpu0 1000 0 200 10421 0 0 0 0 0 0\n%s", stat_rest);
	assert_string_equal(one, want);
	v.user_usec = UINT64_C(10000000000000000);
	v.system_usec = 0;
	big = stat_view(&v, CGK_VIEW_FIX);
	assert_non_null(strstr(big, "\ncpu0 1000000000000 0 0 10000 "));
}

static void test_stat_host(void **state)
{
	struct cgk_cgvals v = cpu_vals("0-3", -1, 100000), none = { 0 };
	_cleanup_free_ char *host = NULL;
	char *out = NULL;
	size_t len;

	(void)state;
	host = fixture("stat-4", &len);
	v.root = true;
	assert_int_equal(cgk_view_stat(host, len, &v, 0, &out, NULL), CGK_VIEW_HOST);
	assert_int_equal(cgk_view_stat(host, len, &none, 0, &out, NULL), -ENODATA);
	assert_null(out);
}

/* ---- uptime, loadavg ---- */

/* v2: lxcfs 5.0 has no cpuacct.usage, idle = uptime; --fix takes cpu.stat usage_usec. */
static void test_uptime_v2(void **state)
{
	struct cgk_cgvals v = { .start_ok = true, .start_ticks = 1000, .clk_tck = 100,
				.cpustat_ok = true, .usage_usec = 30250000 };
	_cleanup_free_ char *out = NULL, *fix = NULL;
	size_t len;

	(void)state;
	v.boottime.tv_sec = 100;
	v.boottime.tv_nsec = 500000000;
	assert_int_equal(cgk_view_uptime(&v, 0, &out, &len), 0);
	assert_string_equal(out, "90.50 90.50\n");
	assert_int_equal(cgk_view_uptime(&v, CGK_VIEW_FIX, &fix, &len), 0);
	assert_string_equal(fix, "90.50 60.25\n");
}

static void test_uptime(void **state)
{
	static const struct {
		bool start_ok, busy_ok;
		uint64_t start, busy_ns;
		time_t sec;
		long nsec;
		int rc;
		const char *want;
	} t[] = {
		{ true, true, 1000, 30250000000, 100, 500000000, 0, "90.50 60.25\n" },
		{ true, false, 1000, 0, 100, 500000000, 0, "90.50 90.50\n" },
		/* busy longer than alive (several CPUs): idle = uptime */
		{ true, true, 1000, 200000000000, 100, 0, 0, "90.00 90.00\n" },
		{ true, true, 12345, 0, 12345, 678000000, 0, "12222.23 12222.23\n" },
		{ false, true, 0, 0, 100, 0, -ENODATA, NULL },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		struct cgk_cgvals v = { .start_ok = t[i].start_ok, .start_ticks = t[i].start,
					.busy_ok = t[i].busy_ok, .busy_ns = t[i].busy_ns,
					.clk_tck = 100 };
		_cleanup_free_ char *out = NULL;

		v.boottime.tv_sec = t[i].sec;
		v.boottime.tv_nsec = t[i].nsec;
		assert_int_equal(cgk_view_uptime(&v, 0, &out, NULL), t[i].rc);
		if (t[i].want)
			assert_string_equal(out, t[i].want);
	}
}

static void test_calc_load(void **state)
{
	uint64_t a = 0;

	(void)state;
	/* the kernel's first step from 0 with one runnable task */
	assert_int_equal(cgk_view_calc_load(0, 1884, 1), 164);
	assert_int_equal(cgk_view_calc_load(2048, 1884, 1), 2048);	/* steady */
	assert_int_equal(cgk_view_calc_load(2048, 1884, 0), 1884);	/* decay */
	/* a minute of one-second samples of 2 tasks, from 0: 1 - 1/e of the way */
	for (int k = 0; k < 60; k++)
		a = cgk_view_calc_load(a, CGK_LOAD_EXP_1S_1, 2);
	assert_in_range(a, 2 * 2048 * 62 / 100, 2 * 2048 * 65 / 100);
}

static void test_loadavg(void **state)
{
	struct cgk_cgvals v = { .load_ok = true, .nr_active = 2, .nr_threads = 7,
				.last_pid = 4242, .avenrun = { 2 * 2048, 1024, 165 } };
	_cleanup_free_ char *out = NULL;
	char *none = NULL;

	(void)state;
	assert_int_equal(cgk_view_loadavg(&v, 0, &out, NULL), 0);
	assert_string_equal(out, "2.00 0.50 0.08 2/7 4242\n");
	v.load_ok = false;
	assert_int_equal(cgk_view_loadavg(&v, 0, &none, NULL), -ENODATA);
}

/* ---- diskstats ---- */

static void blkio_vals(struct cgk_cgvals *v)
{
	size_t len;

	v->blk_serviced = fixture("blkio.io_serviced_recursive", &len);
	v->blk_merged = fixture("blkio.io_merged_recursive", &len);
	v->blk_service_bytes = fixture("blkio.io_service_bytes_recursive", &len);
	v->blk_wait_time = fixture("blkio.io_wait_time_recursive", &len);
	v->blk_service_time = fixture("blkio.io_service_time_recursive", &len);
	v->thr_serviced = fixture("blkio.throttle.io_serviced_recursive", &len);
	v->thr_service_bytes = fixture("blkio.throttle.io_service_bytes_recursive", &len);
}

/* v2: no blkio files, the host's file (lxcfs 5.0); --fix from io.stat */
static void test_diskstats_v2(void **state)
{
	static const char iostat[] = "8:0 rbytes=49152 wbytes=139264 rios=12 wios=34 dbytes=1024 dios=1\n"
				     "8:16 rbytes=0 wbytes=0 rios=0 wios=0 dbytes=0 dios=0\n";
	struct cgk_cgvals v = { 0 };
	_cleanup_free_ char *host = NULL, *fix = NULL;
	char *none = NULL;
	size_t len;

	(void)state;
	host = fixture("diskstats-sd", &len);
	assert_int_equal(cgk_iostat_to_blkio(iostat, strlen(iostat), &v.thr_serviced,
					     &v.thr_service_bytes), 0);
	assert_int_equal(cgk_view_diskstats(host, len, &v, 0, &none, NULL), CGK_VIEW_HOST);
	assert_null(none);
	assert_int_equal(cgk_view_diskstats(host, len, &v, CGK_VIEW_FIX, &fix, NULL), 0);
	/* reads, sectors (bytes / 512), writes, discards; 8:16 did nothing */
	assert_string_equal(fix, "   8       0 sda 12 0 96 0 34 0 272 0 0 0 0 1 0 2 0 0 0\n");
	free(v.thr_serviced);
	free(v.thr_service_bytes);
}

static void test_diskstats(void **state)
{
	struct cgk_cgvals v = { 0 };
	_cleanup_free_ char *host = NULL, *out = NULL, *fix = NULL;
	char *none = NULL, *keep;
	size_t len;

	(void)state;
	host = fixture("diskstats-sd", &len);
	blkio_vals(&v);
	/* CFQ files: ticks are service + wait time (ns -> ms); devices with
	 * nothing are left out; lxcfs 5.0 prints no count of discards */
	assert_int_equal(cgk_view_diskstats(host, len, &v, 0, &out, NULL), 0);
	assert_string_equal(out, "8       0 sda 120 4 2048 42 30 6 1024 21 0 19 0 1 8 5\n");
	/* --fix: the throttle files, in the kernel's layout */
	assert_int_equal(cgk_view_diskstats(host, len, &v, CGK_VIEW_FIX, &fix, NULL), 0);
	assert_string_equal(fix, "   8       0 sda 300 0 4096 0 40 0 160 0 0 0 0 5 0 2 0 0 0\n"
				 "   8      16 sdb 7 0 56 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n");
	/* a CFQ file missing (any scheduler but CFQ): the host's file */
	keep = v.blk_wait_time;
	v.blk_wait_time = NULL;
	assert_int_equal(cgk_view_diskstats(host, len, &v, 0, &none, NULL), CGK_VIEW_HOST);
	v.blk_wait_time = keep;
	free(v.thr_service_bytes);
	v.thr_service_bytes = NULL;
	assert_int_equal(cgk_view_diskstats(host, len, &v, CGK_VIEW_FIX, &none, NULL), CGK_VIEW_HOST);
	assert_null(none);
	cgk_cgvals_done(&v);
}

/* ---- --export ---- */

static void test_limits(void **state)
{
	static const struct {
		const char *cpus;
		int64_t quota;
		uint64_t mem, host_kb;
		unsigned want_cpus;
		double want_quota;
		uint64_t want_mem;
	} t[] = {
		{ "0-3", 150000, 128 * MiB, HOST_KB, 2, 1.5, 128 * MiB },
		{ "0-3", -1, UNLIMITED, HOST_KB, 4, 0, 0 },
		{ "0-2", 30000, 64 * MiB, HOST_KB, 1, 0.3, 64 * MiB },
		{ "0,2-3", 1000000, 64ull << 30, HOST_KB, 3, 10, HOST_KB * 1024 },
		{ "1", 200000, 0, HOST_KB, 1, 2, 0 },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		struct cgk_cgvals v = cpu_vals(t[i].cpus, t[i].quota, 100000);
		struct cgk_view_limits l;

		v.mem = true;
		v.mem_limit = t[i].mem;
		assert_int_equal(cgk_view_limits(&v, t[i].host_kb, &l), 0);
		assert_int_equal(l.cpus, t[i].want_cpus);
		assert_true(l.cpu_quota == t[i].want_quota);
		assert_int_equal(l.memory, t[i].want_mem);
	}
	{
		struct cgk_cgvals none = { 0 };
		struct cgk_view_limits l;

		assert_int_equal(cgk_view_limits(&none, HOST_KB, &l), -ENODATA);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_meminfo_limit),
		cmocka_unit_test(test_meminfo_limits),
		cmocka_unit_test(test_meminfo_anon_underflow),
		cmocka_unit_test(test_meminfo_swap),
		cmocka_unit_test(test_meminfo_v2),
		cmocka_unit_test(test_swap_v2),
		cmocka_unit_test(test_meminfo_host),
		cmocka_unit_test(test_max_cpus),
		cmocka_unit_test(test_cpuinfo),
		cmocka_unit_test(test_cpuinfo_s390),
		cmocka_unit_test(test_cpuinfo_s390_long_number),
		cmocka_unit_test(test_cpu_online),
		cmocka_unit_test(test_stat),
		cmocka_unit_test(test_stat_percpu),
		cmocka_unit_test(test_stat_v2_cpustat),
		cmocka_unit_test(test_stat_no_cpuacct),
		cmocka_unit_test(test_stat_cfs),
		cmocka_unit_test(test_stat_host),
		cmocka_unit_test(test_uptime),
		cmocka_unit_test(test_uptime_v2),
		cmocka_unit_test(test_calc_load),
		cmocka_unit_test(test_loadavg),
		cmocka_unit_test(test_diskstats),
		cmocka_unit_test(test_diskstats_v2),
		cmocka_unit_test(test_limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
