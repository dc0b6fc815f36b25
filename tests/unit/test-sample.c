/* SPDX-License-Identifier: MIT */
/* test-sample - cgtop's parsers, counter arithmetic, and the sampler on a fixture tree */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "hier.h"
#include "sample.h"
#include "util.h"

#define DATA TEST_DATA "/sample"

static char *slurp_fixture(const char *name, size_t *len)
{
	char *buf = NULL;
	int fd = open(DATA, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	assert_true(fd >= 0);
	assert_int_equal(cgk_read_at(fd, name, &buf, len), 0);
	close(fd);
	return buf;
}

/* ---- parsers ---- */

static void test_cpustat(void **state)
{
	static const struct {
		const char *in;
		int rc;
		uint64_t periods, throttled, ns, usage;
	} t[] = {
		{ "nr_periods 10\nnr_throttled 3\nthrottled_time 1500\n", 0, 10, 3, 1500, 0 },
		{ "nr_periods 10\nnr_throttled 3\nthrottled_usec 2\nusage_usec 5\n", 0, 10, 3, 2000, 5000 },
		/* keys match exactly, never by prefix; unknown keys ignored */
		{ "nr_periods_x 1\nnr_periods 2\nnr_throttled 1\nthrottled_time 9\nnr_bursts 4\n", 0, 2, 1, 9, 0 },
		{ "nr_periods 2\nnr_throttled 1\nthrottled_time 9", 0, 2, 1, 9, 0 },	/* no final newline */
		{ "nr_periods 10\nnr_throttled 3\n", -ENOENT, 0, 0, 0, 0 },
		/* v2 without the cpu controller: usage alone */
		{ "usage_usec 5\nuser_usec 3\nsystem_usec 2\n", 0, 0, 0, 0, 5000 },
		{ "", -ENOENT, 0, 0, 0, 0 },
		{ "nr_periods x\nnr_throttled 3\nthrottled_time 1\n", -EINVAL, 0, 0, 0, 0 },
		{ "nr_periods -1\nnr_throttled 3\nthrottled_time 1\n", -EINVAL, 0, 0, 0, 0 },
		{ "nr_periods 1\nnr_throttled 3\nthrottled_usec 18446744073709551615\n", -ERANGE, 0, 0, 0, 0 },
	};
	struct { const char *file; uint64_t p, t, ns; bool usage; } f[] = {
		{ "cpu.stat-v1-root", 0, 0, 0, false },
		{ "cpu.stat-v1-throttled", 1520, 1203, 96014433321ULL, false },
		{ "cpu.stat-v2", 300, 120, 24000000000ULL, true },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		struct cgk_cpustat cs = { .nr_periods = 77 };
		int r = cgk_sample_cpustat_parse(t[i].in, strlen(t[i].in), &cs);

		assert_int_equal(r, t[i].rc);
		if (r < 0) {
			assert_int_equal(cs.nr_periods, 77);	/* untouched */
			continue;
		}
		assert_int_equal(cs.nr_periods, t[i].periods);
		assert_int_equal(cs.nr_throttled, t[i].throttled);
		assert_int_equal(cs.throttled_ns, t[i].ns);
		assert_int_equal(cs.usage_ns, t[i].usage);
	}
	for (size_t i = 0; i < ARRAY_SIZE(f); i++) {
		struct cgk_cpustat cs;
		size_t len;
		char *b = slurp_fixture(f[i].file, &len);

		assert_int_equal(cgk_sample_cpustat_parse(b, len, &cs), 0);
		assert_int_equal(cs.nr_periods, f[i].p);
		assert_int_equal(cs.nr_throttled, f[i].t);
		assert_int_equal(cs.throttled_ns, f[i].ns);
		assert_int_equal(cs.has_usage, f[i].usage);
		free(b);
	}
}

static void test_memstat(void **state)
{
	struct cgk_sample_memstat ms = { .inactive_file = 5 };
	size_t len;
	char *b;

	(void)state;
	b = slurp_fixture("memory.stat-v1", &len);
	assert_int_equal(cgk_sample_memstat_parse(b, len, &ms), 0);
	/* total_inactive_file, not the cgroup's own inactive_file line before it */
	assert_int_equal(ms.inactive_file, 129400832);
	assert_int_equal(ms.active_file, 272416768);
	assert_int_equal(ms.rss, 43044864);
	assert_int_equal(ms.cache, 419323904);
	assert_int_equal(ms.hierarchical_limit, 9223372036854771712ULL);
	/* total_swap (swap accounting on), not the own "swap 0" line */
	assert_true(ms.has_swap);
	assert_int_equal(ms.swap, 0);
	assert_int_equal(cgk_sample_memstat_parse("swap 7\ntotal_swap 9\ntotal_inactive_file 1\n", 42, &ms), 0);
	assert_true(ms.has_swap);
	assert_int_equal(ms.swap, 9);
	free(b);

	b = slurp_fixture("memory.stat-v2", &len);
	assert_int_equal(cgk_sample_memstat_parse(b, len, &ms), 0);
	assert_int_equal(ms.inactive_file, 104857600);
	assert_int_equal(ms.rss, 52428800);
	assert_int_equal(ms.cache, 209715200);
	assert_int_equal(ms.hierarchical_limit, UINT64_MAX);
	assert_false(ms.has_swap);	/* v2: memory.swap.current, not read */
	free(b);

	ms.inactive_file = 5;
	assert_int_equal(cgk_sample_memstat_parse("cache 1\nrss 2\n", 14, &ms), -ENOENT);
	assert_int_equal(cgk_sample_memstat_parse("total_inactive_file x\n", 22, &ms), -EINVAL);
	assert_int_equal(ms.inactive_file, 5);
	/* v1 wins whatever the order */
	assert_int_equal(cgk_sample_memstat_parse("inactive_file 1\ntotal_inactive_file 2\n", 38, &ms), 0);
	assert_int_equal(ms.inactive_file, 2);
}

static void test_blkio(void **state)
{
	static const struct { const char *in; int rc; uint64_t rd, wr; } t[] = {
		{ "Total 0\n", 0, 0, 0 },
		{ "", 0, 0, 0 },
		{ "8:0 Read 10\n8:0 Write 20\n8:0 Sync 30\n8:0 Async 0\n8:0 Discard 0\n8:0 Total 30\n"
		  "8:16 Read 1\n8:16 Write 2\nTotal 33\n", 0, 11, 22 },
		/* v2 io.stat */
		{ "8:0 rbytes=5 wbytes=7 rios=1 wios=1 dbytes=0 dios=0\n", 0, 5, 7 },
		{ "8:0 Read x\n", -EINVAL, 0, 0 },
		{ "sda Read 1\n", -EINVAL, 0, 0 },
		{ "8:0 rbytes\n", -EINVAL, 0, 0 },
		{ "Total x\n", -EINVAL, 0, 0 },
		/* saturates rather than wraps */
		{ "8:0 Read 18446744073709551615\n8:1 Read 5\n", 0, UINT64_MAX, 0 },
	};
	size_t len;
	uint64_t rd = 3, wr = 3;
	char *b;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		int r;

		rd = wr = 3;
		r = cgk_sample_blkio_parse(t[i].in, strlen(t[i].in), &rd, &wr);
		assert_int_equal(r, t[i].rc);
		assert_int_equal(rd, r ? 3 : t[i].rd);
		assert_int_equal(wr, r ? 3 : t[i].wr);
	}
	b = slurp_fixture("blkio-v1", &len);
	assert_int_equal(cgk_sample_blkio_parse(b, len, &rd, &wr), 0);
	assert_int_equal(rd, 447717376);
	assert_int_equal(wr, 268959744);
	free(b);
	b = slurp_fixture("io.stat-v2", &len);
	assert_int_equal(cgk_sample_blkio_parse(b, len, &rd, &wr), 0);
	assert_int_equal(rd, 1048576 + 512);
	assert_int_equal(wr, 4194304);
	free(b);
}

static void test_io_ops(void **state)
{
	struct cgk_sample_io io = { .rios = 77 };
	size_t len;
	char *b;

	(void)state;
	assert_int_equal(cgk_sample_io_parse("8:0 rbytes=1 wbytes=2 rios=3 wios=4 dbytes=5 dios=6\n"
					     "8:16 rbytes=10 wbytes=20 rios=30 wios=40\n", 93, &io), 0);
	assert_int_equal(io.rbytes, 11);
	assert_int_equal(io.wbytes, 22);
	assert_int_equal(io.rios, 33);
	assert_int_equal(io.wios, 44);
	/* keys exactly: rios_x is not rios; a bad value fails the file */
	assert_int_equal(cgk_sample_io_parse("8:0 rios_x=9 rios=1\n", 20, &io), 0);
	assert_int_equal(io.rios, 1);
	io.rios = 77;
	assert_int_equal(cgk_sample_io_parse("8:0 rios=x\n", 11, &io), -EINVAL);
	assert_int_equal(io.rios, 77);
	/* v1's file has no operations: 0 */
	b = slurp_fixture("blkio-v1", &len);
	assert_int_equal(cgk_sample_io_parse(b, len, &io), 0);
	assert_int_equal(io.rios + io.wios, 0);
	free(b);
	b = slurp_fixture("io.stat-v2", &len);
	assert_int_equal(cgk_sample_io_parse(b, len, &io), 0);
	assert_true(io.rios > 0 || io.wios > 0);
	free(b);
}

static void test_psi(void **state)
{
	static const struct {
		const char *in;
		int rc;
		double s10, f10;
		uint64_t st, ft;
		bool full;
	} t[] = {
		{ "some avg10=1.50 avg60=0.00 avg300=0.00 total=12\n"
		  "full avg10=0.25 avg60=0.00 avg300=0.00 total=7\n", 0, 1.5, 0.25, 12, 7, true },
		/* cpu.pressure before 5.13: no full line */
		{ "some avg10=99.99 avg60=0.00 avg300=0.00 total=1\n", 0, 99.99, 0, 1, 0, false },
		/* keys a later kernel may add are skipped; other lines too */
		{ "some avg10=1.00 avg30=2.00 avg60=0 avg300=0 total=3 new=4\nextra line\n", 0, 1, 0, 3, 0, false },
		{ "full avg10=0.25 avg60=0.00 avg300=0.00 total=7\n", -ENOENT, 0, 0, 0, 0, false },
		{ "", -ENOENT, 0, 0, 0, 0, false },
		{ "some avg10=1.00 avg60=0.00 avg300=0.00\n", -EINVAL, 0, 0, 0, 0, false },	/* no total */
		{ "some avg60=0.00 total=5\n", -EINVAL, 0, 0, 0, 0, false },	/* no avg10 */
		{ "some avg10=-1.00 avg60=0.00 avg300=0.00 total=5\n", -EINVAL, 0, 0, 0, 0, false },
		{ "some avg10=1.00 total=5x\n", -EINVAL, 0, 0, 0, 0, false },
		{ "some avg10=1.00 total=5 junk\n", -EINVAL, 0, 0, 0, 0, false },
		{ "some avg10=1.00 total=5\nfull avg10=1.0\n", -EINVAL, 0, 0, 0, 0, false },
	};
	/* the host's /proc/pressure; captured under qemu (Debian's 6.1, pure v2):
	 * a cgroup throttled by cpu.max 20000 100000, one over memory.high 32M;
	 * a 5.10 cpu.pressure (no full line) */
	static const char *const fx[] = { "pressure-host-cpu", "pressure-host-memory",
					  "pressure-host-io", "cpu.pressure-v2-throttled",
					  "memory.pressure-v2-high", "cpu.pressure-5.10" };
	static const char *const live[] = { "/proc/pressure/cpu", "/proc/pressure/memory",
					    "/proc/pressure/io" };

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		struct cgk_psi p = { .some_total_us = 77 };
		int r = cgk_sample_psi_parse(t[i].in, strlen(t[i].in), &p);

		assert_int_equal(r, t[i].rc);
		if (r < 0) {
			assert_int_equal(p.some_total_us, 77);	/* untouched */
			continue;
		}
		assert_true(fabs(p.some_avg10 - t[i].s10) < 1e-9);
		assert_true(fabs(p.full_avg10 - t[i].f10) < 1e-9);
		assert_int_equal(p.some_total_us, t[i].st);
		assert_int_equal(p.full_total_us, t[i].ft);
		assert_int_equal(p.has_full, t[i].full);
	}
	for (size_t i = 0; i < ARRAY_SIZE(fx); i++) {
		struct cgk_psi p;
		size_t len;
		char *b = slurp_fixture(fx[i], &len);

		assert_int_equal(cgk_sample_psi_parse(b, len, &p), 0);
		assert_int_equal(p.has_full, i < 5);
		if (i == 3 || i == 4)
			assert_true(p.some_avg10 > 10 && p.some_total_us > 1000000);
		assert_true(p.some_total_us >= p.full_total_us);	/* full is a part of some */
		free(b);
	}
	/* the running kernel's own files (these hosts have PSI): totals only grow */
	for (size_t i = 0; i < ARRAY_SIZE(live); i++) {
		struct cgk_psi p1, p2;
		char b[512];
		ssize_t n;
		int fd = open(live[i], O_RDONLY | O_CLOEXEC);

		if (fd < 0) {
			assert_int_equal(errno, ENOENT);	/* a kernel without PSI */
			continue;
		}
		n = pread(fd, b, sizeof(b), 0);
		assert_true(n > 0);
		assert_int_equal(cgk_sample_psi_parse(b, (size_t)n, &p1), 0);
		n = pread(fd, b, sizeof(b), 0);
		assert_int_equal(cgk_sample_psi_parse(b, (size_t)n, &p2), 0);
		close(fd);
		assert_true(p1.has_full && p2.has_full);
		assert_true(p2.some_total_us >= p1.some_total_us);
		assert_true(p1.some_avg10 >= 0 && p1.some_avg10 <= 100);
	}
}

static void test_memevents(void **state)
{
	struct cgk_memevents e = { .high = 77 };
	size_t len;
	char *b;

	(void)state;
	assert_int_equal(cgk_sample_memevents_parse("low 1\nhigh 2\nmax 3\noom 4\noom_kill 5\n"
						    "oom_group_kill 6\n", 53, &e), 0);
	assert_int_equal(e.high, 2);
	assert_int_equal(e.max, 3);
	assert_int_equal(e.oom, 4);
	assert_int_equal(e.oom_kill, 5);
	e.high = 77;
	assert_int_equal(cgk_sample_memevents_parse("high 2\nmax 3\noom 4\n", 19, &e), -ENOENT);
	assert_int_equal(cgk_sample_memevents_parse("high x\nmax 3\noom 4\noom_kill 1\n", 30, &e),
			 -EINVAL);
	assert_int_equal(e.high, 77);
	/* captured in the v2 guest after an OOM kill under memory.max 16M, high 8M */
	b = slurp_fixture("memory.events-v2-oom", &len);
	assert_int_equal(cgk_sample_memevents_parse(b, len, &e), 0);
	assert_int_equal(e.oom_kill, 1);
	assert_int_equal(e.oom, 1);
	assert_true(e.high > 0 && e.max > 0);
	free(b);
}

static void test_oomcontrol(void **state)
{
	uint64_t k = 77;

	(void)state;
	assert_int_equal(cgk_sample_oomcontrol_parse("oom_kill_disable 0\nunder_oom 0\noom_kill 3\n",
						     42, &k), 0);
	assert_int_equal(k, 3);
	k = 77;
	/* before Linux 4.13: no count */
	assert_int_equal(cgk_sample_oomcontrol_parse("oom_kill_disable 0\nunder_oom 1\n", 31, &k),
			 -ENOENT);
	assert_int_equal(cgk_sample_oomcontrol_parse("oom_kill_disable 0\noom_kill -1\n", 31, &k),
			 -EINVAL);
	assert_int_equal(k, 77);
}

static void test_states(void **state)
{
	struct cgk_cgroupstats st = { 0 };
	const char *s = "RRSDTtZIXS";

	(void)state;
	for (; *s; s++)
		cgk_sample_state_add(&st, *s);
	assert_int_equal(st.running, 2);
	assert_int_equal(st.sleeping, 2);
	assert_int_equal(st.uninterruptible, 1);
	assert_int_equal(st.stopped, 1);	/* t (traced) is not stopped, as in taskstats */
	assert_int_equal(st.io_wait, 0);
}

static void test_loadavg(void **state)
{
	double l[3] = { 9, 9, 9 };
	uint64_t th = 9;
	size_t len;
	char *b;

	(void)state;
	assert_int_equal(cgk_sample_loadavg_parse("0.75 1.50 12.05 3/456 7890\n", 27, l, &th), 0);
	assert_true(fabs(l[0] - 0.75) < 1e-9 && fabs(l[1] - 1.5) < 1e-9 && fabs(l[2] - 12.05) < 1e-9);
	assert_int_equal(th, 456);
	l[0] = 9;
	assert_int_equal(cgk_sample_loadavg_parse("0.75 1.50\n", 10, l, &th), -EINVAL);
	assert_int_equal(cgk_sample_loadavg_parse("a 1 1 1/2 3\n", 12, l, &th), -EINVAL);
	assert_int_equal(cgk_sample_loadavg_parse("1 1 1 12 3\n", 11, l, &th), -EINVAL);
	assert_true(l[0] == 9);
	b = slurp_fixture("loadavg", &len);
	assert_int_equal(cgk_sample_loadavg_parse(b, len, l, &th), 0);
	assert_true(th > 0);
	free(b);
}

static void test_counter(void **state)
{
	double r = -1;

	(void)state;
	assert_int_equal(cgk_counter_delta(10, 15), 5);
	assert_int_equal(cgk_counter_delta(15, 10), 0);	/* backwards: reset */
	assert_int_equal(cgk_counter_delta(0, UINT64_MAX), UINT64_MAX);
	assert_int_equal(cgk_counter_rate(0, 500000000, 1000000000, 100.0 / 1e9, &r), 0);
	assert_true(fabs(r - 50.0) < 1e-9);			/* half a CPU */
	assert_int_equal(cgk_counter_rate(0, 4096, 2000000000, 1, &r), 0);
	assert_true(fabs(r - 2048.0) < 1e-9);			/* bytes per second */
	assert_int_equal(cgk_counter_rate(9, 3, 1000000000, 1, &r), 0);
	assert_true(r == 0);
	r = -1;
	assert_int_equal(cgk_counter_rate(0, 5, 0, 1, &r), -EDOM);	/* dt 0: no rate */
	assert_true(r == -1);
}

/* ---- the sampler on a tree made here ---- */

static char root[256];

static void put(const char *rel, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(const char *rel, const char *fmt, ...)
{
	char path[512];
	va_list ap;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	f = fopen(path, "w");	/* truncates in place: kept fds see the new text */
	assert_non_null(f);
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	assert_int_equal(fclose(f), 0);
}

static void mk(const char *rel)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	assert_true(mkdir(path, 0755) == 0 || errno == EEXIST);
}

static const char *const ctls[] = { "cpu", "cpuacct", "memory", "blkio", "pids" };

/* A cgroup REL (below every hierarchy) with neutral files. */
static void mkcg(const char *rel)
{
	char p[512];

	for (size_t i = 0; i < ARRAY_SIZE(ctls); i++) {
		snprintf(p, sizeof(p), "sys/fs/cgroup/%s%s%s", ctls[i], *rel ? "/" : "", rel);
		if (*rel)
			mk(p);
	}
#define F(ctl, file, ...) do { \
		snprintf(p, sizeof(p), "sys/fs/cgroup/" ctl "%s%s/" file, *rel ? "/" : "", rel); \
		put(p, __VA_ARGS__); } while (0)
	F("cpu", "cpu.cfs_quota_us", "-1\n");
	F("cpu", "cpu.cfs_period_us", "100000\n");
	F("cpu", "cpu.stat", "nr_periods 0\nnr_throttled 0\nthrottled_time 0\n");
	F("cpuacct", "cpuacct.usage", "0\n");
	F("memory", "memory.usage_in_bytes", "0\n");
	F("memory", "memory.limit_in_bytes", "9223372036854771712\n");
	F("memory", "memory.stat", "cache 0\ntotal_inactive_file 0\n");
	F("blkio", "blkio.throttle.io_service_bytes_recursive", "Total 0\n");
	if (*rel)	/* a hierarchy's root has no pids.current */
		F("pids", "pids.current", "0\n");
#undef F
}

static int fixture_setup(void **state)
{
	(void)state;
	snprintf(root, sizeof(root), "/tmp/cgk-test-sample-XXXXXX");
	assert_non_null(mkdtemp(root));
	mk("proc");
	mk("proc/self");
	mk("sys");
	mk("sys/fs");
	mk("sys/fs/cgroup");
	{
		char mi[2048];
		size_t o = 0;

		o += snprintf(mi + o, sizeof(mi) - o, "22 1 8:1 / / rw - ext4 /dev/sda1 rw\n");
		for (size_t i = 0; i < ARRAY_SIZE(ctls); i++) {
			char d[64];

			snprintf(d, sizeof(d), "sys/fs/cgroup/%s", ctls[i]);
			mk(d);
			o += snprintf(mi + o, sizeof(mi) - o,
				      "%zu 31 0:%zu / /sys/fs/cgroup/%s rw - cgroup cgroup rw,%s\n",
				      40 + i, 40 + i, ctls[i], ctls[i]);
		}
		put("proc/self/mountinfo", "%s", mi);
	}
	put("proc/loadavg", "0.50 0.25 0.10 2/345 999\n");
	put("proc/meminfo", "MemTotal:        1000 kB\nMemAvailable:     400 kB\n");
	mkcg("");
	mkcg("a");
	mkcg("a/b");
	mkcg("c");
	return 0;
}

static int fixture_teardown(void **state)
{
	char cmd[600];

	(void)state;
	if (strncmp(root, "/tmp/cgk-test-sample-", 21))
		return -1;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	return system(cmd) == 0 ? 0 : -1;
}

static const struct cgk_sample_cg *find(const struct cgk_sampler *s, const char *path)
{
	size_t n;
	const struct cgk_sample_cg *c = cgk_sampler_cgroups(s, &n);

	for (size_t i = 0; i < n; i++)
		if (streq(c[i].path, path))
			return &c[i];
	return NULL;
}

#define SEC 1000000000ULL

static struct cgk_sampler *new_sampler(struct cgk_hiers **h, char ***start, size_t budget)
{
	struct cgk_sample_opts o = { .maxdepth = 8, .fd_budget = budget,
				     .flags = CGK_SAMPLE_NO_TASKSTATS };
	struct cgk_sampler *s = NULL;

	assert_int_equal(cgk_hiers_load(root, 0, h), 0);
	*start = calloc(CGK_HIER_MAX, sizeof(**start));
	assert_non_null(*start);
	for (size_t i = 0; i < (*h)->n; i++)
		(*start)[i] = "";
	assert_int_equal(cgk_sampler_new(*h, ((uint64_t)1 << (*h)->n) - 1, *start, &o, &s), 0);
	return s;
}

static void run_sampler(size_t budget)
{
	struct cgk_hiers *h;
	char **start;
	struct cgk_sampler *s = new_sampler(&h, &start, budget);
	const struct cgk_sample_cg *a, *b, *r, *c;
	const struct cgk_sample_host *host;
	struct cgk_sample_stats st;
	size_t n;

	mkcg("a");	/* counters back at 0 (a fresh cgroup of the same name) */
	put("sys/fs/cgroup/cpuacct/a/cpuacct.usage", "1000000000\n");
	put("sys/fs/cgroup/pids/a/pids.current", "3\n");
	put("sys/fs/cgroup/cpu/a/cpu.cfs_quota_us", "20000\n");
	put("sys/fs/cgroup/cpu/a/cpu.stat", "nr_periods 10\nnr_throttled 2\nthrottled_time 500000000\n");
	put("sys/fs/cgroup/memory/a/memory.usage_in_bytes", "104857600\n");
	put("sys/fs/cgroup/memory/a/memory.limit_in_bytes", "209715200\n");
	put("sys/fs/cgroup/memory/a/memory.stat", "total_inactive_file 31457280\n");
	put("sys/fs/cgroup/blkio/a/blkio.throttle.io_service_bytes_recursive",
	    "8:0 Read 0\n8:0 Write 1000\nTotal 1000\n");

	/* first round: values, no rates */
	assert_int_equal(cgk_sampler_refresh(s, 1 * SEC), 0);
	cgk_sampler_cgroups(s, &n);
	assert_int_equal(n, 4);
	a = find(s, "/a");
	assert_non_null(a);
	assert_non_null(find(s, "/a/b"));
	assert_int_equal(a->tasks, 3);
	assert_int_equal(a->cpu_ns, 1000000000);
	assert_true(a->valid & CGK_SV_CPU);
	assert_false(a->valid & CGK_SV_CPU_RATE);
	assert_true(a->valid & CGK_SV_CPU_LIMIT);
	assert_true(fabs(a->cpu_limit - 0.2) < 1e-9);
	assert_false(a->valid & CGK_SV_THROTTLE_RATE);
	assert_int_equal(a->mem, 104857600);
	assert_int_equal(a->wset, 104857600 - 31457280);
	assert_true(a->valid & CGK_SV_MEM_LIMIT);
	assert_int_equal(a->mem_limit, 209715200);
	/* no limit set: not a limit, no quota: no throttling at all */
	c = find(s, "/c");
	assert_false(c->valid & CGK_SV_MEM_LIMIT);
	assert_true(c->valid & CGK_SV_MEM_LIMIT_READ);
	assert_false(c->valid & CGK_SV_CPU_LIMIT);
	assert_true(c->valid & CGK_SV_THROTTLE_RATE);
	assert_true(c->throttled_percent == 0);
	/* the root: no pids.current, so every thread of /proc/loadavg */
	r = find(s, "/");
	assert_int_equal(r->parent, CGK_SAMPLE_NONE);
	assert_true(r->valid & CGK_SV_TASKS);
	assert_int_equal(r->tasks, 345);
	/* taskstats off: states only where there is no task to ask about */
	assert_false(a->valid & CGK_SV_STATES);
	assert_true(c->valid & CGK_SV_STATES);
	host = cgk_sampler_host(s);
	assert_int_equal(host->mem_total, 1000 * 1024);
	assert_int_equal(host->mem_available, 400 * 1024);
	assert_int_equal(host->threads, 345);
	assert_int_equal(host->ncgroups, 4);

	/* second round, one second later */
	put("sys/fs/cgroup/cpuacct/a/cpuacct.usage", "1500000000\n");
	put("sys/fs/cgroup/cpu/a/cpu.stat", "nr_periods 20\nnr_throttled 7\nthrottled_time 2000000000\n");
	put("sys/fs/cgroup/blkio/a/blkio.throttle.io_service_bytes_recursive",
	    "8:0 Read 2048\n8:0 Write 5096\nTotal 7144\n");
	assert_int_equal(cgk_sampler_refresh(s, 2 * SEC), 0);
	a = find(s, "/a");
	assert_true(a->valid & CGK_SV_CPU_RATE);
	assert_true(fabs(a->cpu_percent - 50.0) < 1e-6);
	assert_true(a->valid & CGK_SV_THROTTLE_RATE);
	assert_true(fabs(a->throttled_percent - 50.0) < 1e-6);
	assert_true(fabs(a->throttled_sec - 1.5) < 1e-6);
	assert_true(a->valid & CGK_SV_IO_RATE);
	assert_true(fabs(a->io_read_bps - 2048) < 1e-6);
	assert_true(fabs(a->io_write_bps - 4096) < 1e-6);

	/* a counter going backwards gives 0, not a huge number */
	put("sys/fs/cgroup/cpuacct/a/cpuacct.usage", "100\n");
	assert_int_equal(cgk_sampler_refresh(s, 4 * SEC), 0);
	a = find(s, "/a");
	assert_true(a->valid & CGK_SV_CPU_RATE);
	assert_true(a->cpu_percent == 0);
	/* dt 0: no rate */
	assert_int_equal(cgk_sampler_refresh(s, 4 * SEC), 0);
	a = find(s, "/a");
	assert_false(a->valid & CGK_SV_CPU_RATE);
	assert_false(a->valid & CGK_SV_IO_RATE);

	/* a limit written is seen at the next refresh */
	put("sys/fs/cgroup/cpu/a/cpu.cfs_quota_us", "150000\n");
	assert_int_equal(cgk_sampler_refresh(s, 5 * SEC), 0);
	assert_true(fabs(find(s, "/a")->cpu_limit - 1.5) < 1e-9);

	/* a cgroup made and one removed: the next refresh has the new tree */
	mkcg("d");
	assert_int_equal(cgk_sampler_refresh(s, 6 * SEC), 0);
	assert_non_null(find(s, "/d"));
	cgk_sampler_stats(s, &st);
	assert_true(st.watching);
	assert_int_equal(st.rescans, 2);
	assert_true(st.fds_kept <= budget);
	if (budget < 10)
		assert_true(st.transient > 0);
	else
		assert_int_equal(st.transient, 0);
	{
		char cmd[600];

		snprintf(cmd, sizeof(cmd), "cd '%s/sys/fs/cgroup' && rm -rf cpu/d cpuacct/d memory/d blkio/d pids/d", root);
		assert_int_equal(system(cmd), 0);
	}
	assert_int_equal(cgk_sampler_refresh(s, 7 * SEC), 0);
	assert_null(find(s, "/d"));
	/* values still read (and carried: a rate, not a first round) after the rescan */
	b = find(s, "/a/b");
	assert_non_null(b);
	a = find(s, "/a");
	assert_true(a->valid & CGK_SV_CPU_RATE);
	assert_int_equal(a->parent, 0);
	assert_int_equal(b->parent, 1);
	cgk_sampler_cgroups(s, &n);
	assert_int_equal(n, 4);
	/* unchanged tree: no rescan */
	assert_int_equal(cgk_sampler_refresh(s, 8 * SEC), 0);
	cgk_sampler_stats(s, &st);
	assert_int_equal(st.rescans, 3);
	assert_int_equal(st.refreshes, 8);

	cgk_sampler_free(s);
	free(start);
	cgk_hiers_free(h);
}

static void test_sampler(void **state)
{
	(void)state;
	run_sampler(1000);
}

/* Over the fd budget: the same values, through files opened and closed each time. */
static void test_sampler_budget(void **state)
{
	(void)state;
	run_sampler(3);
}

/* A task TID of process PID in pids cgroup REL, as /proc shows it. */
static void task_in(int pid, int tid, const char *rel)
{
	char p[128];

	snprintf(p, sizeof(p), "proc/%d", pid);
	mk(p);
	snprintf(p, sizeof(p), "proc/%d/task", pid);
	mk(p);
	snprintf(p, sizeof(p), "proc/%d/task/%d", pid, tid);
	mk(p);
	snprintf(p, sizeof(p), "proc/%d", tid);
	mk(p);
	snprintf(p, sizeof(p), "proc/%d/cgroup", tid);
	put(p, "5:pids:/%s\n4:blkio:/\n3:memory:/\n2:cpuacct:/\n1:cpu:/\n", rel);
}

/* A short run that shows no empty cgroup: no watch; what no task is in is
 * not read (not even its pids.current); a thread counts where it is. */
static void test_oneshot(void **state)
{
	struct cgk_sample_opts o = { .maxdepth = 8,
		.flags = CGK_SAMPLE_NO_TASKSTATS | CGK_SAMPLE_ONESHOT | CGK_SAMPLE_SKIP_EMPTY };
	struct cgk_hiers *h;
	struct cgk_sampler *s = NULL;
	const struct cgk_sample_cg *a, *b, *c;
	struct cgk_sample_stats st;
	char *start[CGK_HIER_MAX] = { 0 };

	(void)state;
	assert_int_equal(cgk_hiers_load(root, 0, &h), 0);
	for (size_t i = 0; i < h->n; i++)
		start[i] = "";
	assert_int_equal(cgk_sampler_new(h, ((uint64_t)1 << h->n) - 1, start, &o, &s), 0);
	put("sys/fs/cgroup/pids/a/pids.current", "2\n");
	put("sys/fs/cgroup/pids/a/b/pids.current", "1\n");
	put("sys/fs/cgroup/pids/c/pids.current", "5\n");	/* no task seen: not read */
	put("sys/fs/cgroup/cpuacct/c/cpuacct.usage", "7000000000\n");
	put("sys/fs/cgroup/cpuacct/a/b/cpuacct.usage", "1000000000\n");
	task_in(4242, 4242, "");
	task_in(4242, 4243, "a/b");	/* a thread away from its leader */
	assert_int_equal(cgk_sampler_refresh(s, 1 * SEC), 0);
	a = find(s, "/a");
	b = find(s, "/a/b");
	c = find(s, "/c");
	assert_int_equal(a->tasks, 2);
	assert_true(a->valid & CGK_SV_CPU);
	assert_int_equal(b->tasks, 1);
	assert_true(b->valid & CGK_SV_CPU);
	assert_int_equal(c->valid, CGK_SV_TASKS | CGK_SV_STATES | CGK_SV_IOWAIT);	/* 0 tasks, no states */
	assert_int_equal(c->tasks, 0);
	cgk_sampler_stats(s, &st);
	assert_false(st.watching);
	/* a task moves into /c: read now, but no rate (empty before) */
	task_in(4244, 4244, "c");
	put("sys/fs/cgroup/cpuacct/a/b/cpuacct.usage", "1500000000\n");
	assert_int_equal(cgk_sampler_refresh(s, 2 * SEC), 0);
	b = find(s, "/a/b");
	c = find(s, "/c");
	assert_int_equal(c->tasks, 5);
	assert_true(c->valid & CGK_SV_CPU);
	assert_int_equal(c->cpu_ns, 7000000000);
	assert_false(c->valid & CGK_SV_CPU_RATE);
	assert_true(b->valid & CGK_SV_CPU_RATE);
	assert_true(fabs(b->cpu_percent - 50.0) < 1e-6);
	cgk_sampler_stats(s, &st);
	assert_int_equal(st.rescans, 1);
	cgk_sampler_free(s);
	cgk_hiers_free(h);
}

static void test_depth(void **state)
{
	struct cgk_hiers *h;
	char **start;
	struct cgk_sampler *s = new_sampler(&h, &start, 0);
	size_t n;

	(void)state;
	cgk_sampler_set_depth(s, 0);
	assert_int_equal(cgk_sampler_refresh(s, SEC), 0);
	cgk_sampler_cgroups(s, &n);
	assert_int_equal(n, 1);
	cgk_sampler_set_depth(s, 1);
	assert_int_equal(cgk_sampler_refresh(s, 2 * SEC), 0);
	cgk_sampler_cgroups(s, &n);
	assert_int_equal(n, 3);
	cgk_sampler_free(s);
	free(start);
	cgk_hiers_free(h);
}

/* A pure v2 tree: v2's files, a cgroup without the memory controller, a
 * pressure file with junk, and PSI absent where the kernel has none. */
static void test_sampler_v2(void **state)
{
	static const char *const psi =
		"some avg10=12.50 avg60=1.00 avg300=0.50 total=3000000\n"
		"full avg10=2.50 avg60=0.00 avg300=0.00 total=1000000\n";
	struct cgk_sample_opts o = { .maxdepth = 8, .flags = CGK_SAMPLE_NO_TASKSTATS };
	char saved[sizeof(root)], *start[CGK_HIER_MAX] = { "" };
	const struct cgk_sample_cg *a, *b, *r;
	struct cgk_sampler *s;
	struct cgk_hiers *h;

	(void)state;
	memcpy(saved, root, sizeof(root));
	snprintf(root, sizeof(root), "/tmp/cgk-test-sample-XXXXXX");
	assert_non_null(mkdtemp(root));
	mk("proc");
	mk("proc/self");
	mk("sys");
	mk("sys/fs");
	mk("sys/fs/cgroup");
	mk("sys/fs/cgroup/a");
	mk("sys/fs/cgroup/a/b");
	put("proc/self/mountinfo", "22 1 8:1 / / rw - ext4 /dev/sda1 rw\n"
	    "25 22 0:22 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw,nsdelegate\n");
	put("proc/loadavg", "0.50 0.25 0.10 2/345 999\n");
	put("proc/meminfo", "MemTotal:        1000 kB\nMemAvailable:     400 kB\n");
	put("sys/fs/cgroup/cgroup.controllers", "cpu io memory pids\n");
	put("sys/fs/cgroup/cpu.stat", "usage_usec 9000000\nuser_usec 1\nsystem_usec 1\n");
	put("sys/fs/cgroup/io.stat", "8:0 rbytes=1 wbytes=2 rios=3 wios=4 dbytes=0 dios=0\n");
	put("sys/fs/cgroup/memory.stat", "anon 1\nfile 2\ninactive_file 0\n");
	put("sys/fs/cgroup/cpu.pressure", "%s", psi);
	/* /a: every controller, a quota, limits, events, PSI */
	put("sys/fs/cgroup/a/cgroup.controllers", "cpu io memory pids\n");
	put("sys/fs/cgroup/a/cpu.stat", "usage_usec 2000000\nuser_usec 1\nsystem_usec 1\n"
	    "nr_periods 10\nnr_throttled 4\nthrottled_usec 300000\n");
	put("sys/fs/cgroup/a/cpu.max", "50000 100000\n");
	put("sys/fs/cgroup/a/memory.current", "104857600\n");
	put("sys/fs/cgroup/a/memory.max", "209715200\n");
	put("sys/fs/cgroup/a/memory.high", "max\n");
	put("sys/fs/cgroup/a/memory.stat", "anon 1\nfile 2\ninactive_file 134217728\n");
	put("sys/fs/cgroup/a/memory.events", "low 0\nhigh 5\nmax 2\noom 1\noom_kill 1\n");
	put("sys/fs/cgroup/a/io.stat", "8:0 rbytes=4096 wbytes=8192 rios=1 wios=2 dbytes=0 dios=0\n");
	put("sys/fs/cgroup/a/pids.current", "3\n");
	put("sys/fs/cgroup/a/cpu.pressure", "%s", psi);
	put("sys/fs/cgroup/a/memory.pressure", "some avg10=junk\n");
	/* /a/b: no memory, no quota (cpu.max max), no io; memory.high set */
	put("sys/fs/cgroup/a/b/cgroup.controllers", "cpu pids\n");
	put("sys/fs/cgroup/a/b/cpu.stat", "usage_usec 1000000\nuser_usec 1\nsystem_usec 1\n"
	    "nr_periods 0\nnr_throttled 0\nthrottled_usec 0\n");
	put("sys/fs/cgroup/a/b/cpu.max", "max 100000\n");
	put("sys/fs/cgroup/a/b/pids.current", "1\n");

	assert_int_equal(cgk_hiers_load(root, 0, &h), 0);
	assert_int_equal(cgk_hiers_layout(h), CGK_LAYOUT_V2);
	assert_int_equal(cgk_sampler_new(h, 1, start, &o, &s), 0);
	assert_int_equal(cgk_sampler_refresh(s, 1 * SEC), 0);
	r = find(s, "/");
	a = find(s, "/a");
	b = find(s, "/a/b");
	assert_non_null(r);
	assert_non_null(a);
	assert_non_null(b);
	/* the root: cpu.stat's usage; memory from the host (no memory.current) */
	assert_true(r->valid & CGK_SV_CPU);
	assert_int_equal(r->cpu_ns, 9000000000ULL);
	assert_true(r->valid & CGK_SV_MEM);
	assert_int_equal(r->mem, 600 * 1024);
	assert_true(r->valid & CGK_SV_PSI_CPU);
	assert_false(r->valid & (CGK_SV_PSI_MEM | CGK_SV_PSI_IO));	/* no file: absent */
	/* /a */
	assert_int_equal(a->cpu_ns, 2000000000ULL);
	assert_true(a->valid & CGK_SV_CPU_LIMIT);
	assert_true(fabs(a->cpu_limit - 0.5) < 1e-9);
	assert_true(a->valid & CGK_SV_THROTTLE);
	assert_int_equal(a->nr_periods, 10);
	assert_int_equal(a->nr_throttled, 4);
	assert_int_equal(a->throttled_ns, 300000000ULL);
	assert_int_equal(a->mem, 104857600);
	assert_true(a->valid & CGK_SV_WSET);
	assert_int_equal(a->wset, 0);		/* inactive_file above current: floored at 0 */
	assert_true(a->valid & CGK_SV_MEM_LIMIT);
	assert_int_equal(a->mem_limit, 209715200);
	assert_false(a->valid & CGK_SV_MEM_HIGH);	/* max: no threshold */
	assert_true(a->valid & CGK_SV_MEM_EVENTS);
	assert_int_equal(a->mev.high, 5);
	assert_int_equal(a->mev.oom_kill, 1);
	assert_true(a->valid & CGK_SV_IO_OPS);
	assert_int_equal(a->io_read, 4096);
	assert_int_equal(a->io_wios, 2);
	assert_int_equal(a->tasks, 3);
	assert_true(a->valid & CGK_SV_PSI_CPU);
	assert_true(fabs(a->psi[CGK_PSI_CPU].some_avg10 - 12.5) < 1e-9);
	assert_int_equal(a->psi[CGK_PSI_CPU].full_total_us, 1000000);
	assert_false(a->valid & CGK_SV_PSI_MEM);	/* junk: absent, the rest goes on */
	/* /a/b: no memory controller: memory absent, the rest there */
	assert_true(b->valid & CGK_SV_CPU);
	assert_true(b->valid & CGK_SV_CPU_QUOTA);
	assert_false(b->valid & CGK_SV_CPU_LIMIT);
	assert_false(b->valid & (CGK_SV_MEM | CGK_SV_WSET | CGK_SV_MEM_LIMIT | CGK_SV_MEM_EVENTS));
	assert_false(b->valid & CGK_SV_IO);
	assert_int_equal(b->tasks, 1);

	/* second round: rates, memory.high now set, /a/b removed meanwhile */
	put("sys/fs/cgroup/a/cpu.stat", "usage_usec 2500000\nnr_periods 20\nnr_throttled 9\n"
	    "throttled_usec 400000\n");
	put("sys/fs/cgroup/a/memory.events", "low 0\nhigh 25\nmax 2\noom 1\noom_kill 1\n");
	put("sys/fs/cgroup/a/io.stat", "8:0 rbytes=8192 wbytes=8192 rios=3 wios=2 dbytes=0 dios=0\n");
	put("sys/fs/cgroup/a/memory.high", "67108864\n");
	{
		char p[512];

		snprintf(p, sizeof(p), "rm -rf '%s/sys/fs/cgroup/a/b'", root);
		assert_int_equal(system(p), 0);
	}
	assert_int_equal(cgk_sampler_refresh(s, 3 * SEC), 0);
	a = find(s, "/a");
	assert_true(a->valid & CGK_SV_CPU_RATE);
	assert_true(fabs(a->cpu_percent - 25.0) < 1e-9);
	assert_true(a->valid & CGK_SV_THROTTLE_RATE);
	assert_true(fabs(a->throttled_percent - 50.0) < 1e-9);
	assert_true(a->valid & CGK_SV_MEM_EVENTS_RATE);
	assert_true(fabs(a->high_per_sec - 10.0) < 1e-9);
	assert_true(a->valid & CGK_SV_IO_OPS_RATE);
	assert_true(fabs(a->io_read_iops - 1.0) < 1e-9);
	assert_true(fabs(a->io_read_bps - 2048.0) < 1e-9);
	/* no inotify on this tree's files: limits are reread every refresh
	 * only after a rescan; the removal makes one */
	assert_int_equal(cgk_sampler_refresh(s, 4 * SEC), 0);
	assert_null(find(s, "/a/b"));
	a = find(s, "/a");
	assert_true(a->valid & CGK_SV_MEM_HIGH);
	assert_int_equal(a->mem_high, 67108864);

	cgk_sampler_free(s);
	cgk_hiers_free(h);
	{
		char cmd[600];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
		assert_int_equal(system(cmd), 0);
	}
	memcpy(root, saved, sizeof(root));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cpustat),
		cmocka_unit_test(test_memstat),
		cmocka_unit_test(test_blkio),
		cmocka_unit_test(test_io_ops),
		cmocka_unit_test(test_psi),
		cmocka_unit_test(test_memevents),
		cmocka_unit_test(test_oomcontrol),
		cmocka_unit_test(test_states),
		cmocka_unit_test(test_loadavg),
		cmocka_unit_test(test_counter),
		cmocka_unit_test(test_sampler),
		cmocka_unit_test(test_sampler_budget),
		cmocka_unit_test(test_oneshot),
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_sampler_v2),
	};

	return cmocka_run_group_tests(tests, fixture_setup, fixture_teardown);
}
