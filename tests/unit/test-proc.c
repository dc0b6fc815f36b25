/* SPDX-License-Identifier: MIT */
/* test-proc - /proc/PID/stat, cmdline, kthreads, the PID list, meminfo */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>

#include "proc.h"
#include "util.h"

/* fields 23.. as the kernel writes them; the parser must not care */
#define TAIL " 3133440 389 18446744073709551615 94239623979008 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n"

static const struct {
	const char *name, *in;
	int rc;
	struct cgk_pidstat st;
} stats[] = {
	{ "cat",
	  "4469 (cat) R 4465 4465 2273 0 -1 4194304 100 0 0 0 7 3 0 0 20 0 1 0 38015" TAIL,
	  0, { 4469, "cat", 'R', 4465, 4194304, 7, 3, 38015, 1 } },
	{ "kthreadd",
	  "2 (kthreadd) S 0 0 0 0 -1 2129984 0 0 0 0 0 0 0 0 20 0 1 0 22 0 0 "
	  "18446744073709551615 0 0 0 0 0 0 0 2147483647 0 1 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n",
	  0, { 2, "kthreadd", 'S', 0, 2129984, 0, 0, 22, 1 } },
	{ "comm with spaces and parens",
	  "77 (a) b (c)) S 1 77 77 0 -1 64 0 0 0 0 18446744073709551615 5 0 0 -20 19 12 0 123456789012" TAIL,
	  0, { 77, "a) b (c)", 'S', 1, 64, UINT64_MAX, 5, 123456789012ULL, 12 } },
	{ "empty comm, no newline, exactly 22 fields",
	  "9 () Z 1 0 0 0 -1 0 0 0 0 0 1 2 0 0 20 0 1 0 3",
	  0, { 9, "", 'Z', 1, 0, 1, 2, 3, 1 } },
	{ "idle kworker",
	  "123 (kworker/0:1-events) I 2 0 0 0 -1 69238880 0 0 0 0 0 40 0 0 20 0 1 0 9" TAIL,
	  0, { 123, "kworker/0:1-events", 'I', 2, 69238880, 0, 40, 9, 1 } },

	{ "empty", "", -EINVAL, { 0 } },
	{ "no comm", "1 S 0 0 0 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 3\n", -EINVAL, { 0 } },
	{ "no ')'", "1 (init S 0 0 0 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 3\n", -EINVAL, { 0 } },
	{ "no pid", "(init) S 0 0 0 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 3\n", -EINVAL, { 0 } },
	{ "pid 0", "0 (init) S 0 0 0 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 3\n", -EINVAL, { 0 } },
	{ "bad pid", "1x (init) S 0 0 0 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 3\n", -EINVAL, { 0 } },
	{ "21 fields", "1 (init) S 0 0 0 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0\n", -EINVAL, { 0 } },
	{ "long state", "1 (init) SS 0 0 0 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 3\n", -EINVAL, { 0 } },
	{ "negative ppid", "1 (init) S -1 0 0 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 3\n", -EINVAL, { 0 } },
	{ "bad utime", "1 (init) S 0 0 0 0 -1 0 0 0 0 0 x 0 0 0 20 0 1 0 3\n", -EINVAL, { 0 } },
	{ "flags overflow", "1 (init) S 0 0 0 0 -1 4294967296 0 0 0 0 0 0 0 0 20 0 1 0 3\n", -EINVAL, { 0 } },
	{ "double blank", "1 (init) S 0  0 0 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 3\n", -EINVAL, { 0 } },
	{ "no blank after ')'", "1 (init)S 0 0 0 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 3\n", -EINVAL, { 0 } },
};

static void check_stat(const char *name, const char *in, size_t len, int rc,
		       const struct cgk_pidstat *want)
{
	struct cgk_pidstat st;
	int r;

	memset(&st, 0xa5, sizeof(st));
	r = cgk_pidstat_parse(in, len, &st);
	if (r != rc)
		fail_msg("%s: rc %d, want %d", name, r, rc);
	if (r < 0) {
		struct cgk_pidstat pat;

		memset(&pat, 0xa5, sizeof(pat));
		assert_memory_equal(&st, &pat, sizeof(st));	/* untouched */
		return;
	}
	assert_int_equal(st.pid, want->pid);
	assert_string_equal(st.comm, want->comm);
	assert_int_equal(st.state, want->state);
	assert_int_equal(st.ppid, want->ppid);
	assert_int_equal(st.flags, want->flags);
	assert_int_equal(st.utime, want->utime);
	assert_int_equal(st.stime, want->stime);
	assert_int_equal(st.starttime, want->starttime);
	assert_int_equal(st.num_threads, want->num_threads);
}

static void test_pidstat(void **state)
{
	(void) state;
	for (size_t i = 0; i < ARRAY_SIZE(stats); i++)
		check_stat(stats[i].name, stats[i].in, strlen(stats[i].in),
			   stats[i].rc, &stats[i].st);
}

/* LEN bounds the parse; a stat cut inside field 22 loses it. */
static void test_pidstat_len(void **state)
{
	static const char in[] = "5 (sh) S 1 5 5 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 12345 99";
	static const struct cgk_pidstat want = { 5, "sh", 'S', 1, 0, 0, 0, 12345, 1 };
	const char *f22 = strstr(in, "12345");

	(void) state;
	check_stat("whole", in, strlen(in), 0, &want);
	check_stat("cut after 22", in, f22 + 5 - in, 0, &want);
	check_stat("cut in 22", in, f22 + 2 - in, 0,
		   &(struct cgk_pidstat){ 5, "sh", 'S', 1, 0, 0, 0, 12, 1 });
	check_stat("cut before 22", in, f22 - 1 - in, -EINVAL, NULL);
}

static void test_pidstat_long_comm(void **state)
{
	char in[256], comm[80];
	struct cgk_pidstat st;

	(void) state;
	memset(comm, 'x', 70);
	comm[70] = '\0';
	snprintf(in, sizeof(in), "3 (%s) S 2 0 0 0 -1 2097152 0 0 0 0 0 0 0 0 20 0 1 0 4\n", comm);
	assert_int_equal(cgk_pidstat_parse(in, strlen(in), &st), 0);
	assert_int_equal(strlen(st.comm), 63);
	assert_memory_equal(st.comm, comm, 63);
	assert_int_equal(st.starttime, 4);
}

static void test_pidstat_files(void **state)
{
	static const struct { const char *file; pid_t pid; const char *comm; bool kthread; } t[] = {
		{ "stat-cat", 8949, "cat", false },
		{ "stat-kthreadd", 2, "kthreadd", true },
	};

	(void) state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		_cleanup_free_ char *buf = NULL;
		struct cgk_pidstat st;
		char path[512];
		size_t len;

		snprintf(path, sizeof(path), "%s/proc/%s", TEST_DATA, t[i].file);
		assert_int_equal(cgk_read_at(AT_FDCWD, path, &buf, &len), 0);
		assert_int_equal(cgk_pidstat_parse(buf, len, &st), 0);
		assert_int_equal(st.pid, t[i].pid);
		assert_string_equal(st.comm, t[i].comm);
		assert_int_equal(cgk_pidstat_is_kthread(&st), t[i].kthread);
	}
}

/* Our own stat: our pid, our parent, not a kernel thread. */
static void test_pidstat_self(void **state)
{
	_cleanup_free_ char *buf = NULL;
	struct cgk_pidstat st;
	size_t len;

	(void) state;
	assert_int_equal(cgk_read_at(AT_FDCWD, "/proc/self/stat", &buf, &len), 0);
	assert_int_equal(cgk_pidstat_parse(buf, len, &st), 0);
	assert_int_equal(st.pid, getpid());
	assert_int_equal(st.ppid, getppid());
	assert_int_equal(st.state, 'R');
	assert_true(st.num_threads >= 1);
	assert_false(cgk_pidstat_is_kthread(&st));
}

static void test_kthread(void **state)
{
	static const struct { pid_t pid, ppid; unsigned flags; bool k; } t[] = {
		{ 1, 0, 0x400100, false },
		{ 2, 0, 0x208040, true },		/* kthreadd */
		{ 2, 0, 0, true },
		{ 57, 2, 0x4208060, true },		/* a kworker */
		{ 57, 2, 0, true },
		{ 300, 1, CGK_PF_KTHREAD, true },
		{ 300, 1, ~CGK_PF_KTHREAD, false },
		{ 22, 20, 0x400000, false },
	};

	(void) state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		struct cgk_pidstat st = { .pid = t[i].pid, .ppid = t[i].ppid,
					  .flags = t[i].flags };

		assert_int_equal(cgk_pidstat_is_kthread(&st), t[i].k);
	}
	assert_false(cgk_pidstat_is_kthread(NULL));
}

static void test_cmdline(void **state)
{
	static const struct {
		const char *in;
		size_t len, size;
		const char *out;
	} t[] = {
		{ "", 0, 64, "" },
		{ "\0\0", 2, 64, "" },
		{ "sleep\0" "100\0", 10, 64, "sleep 100" },
		{ "/bin/sh\0-c\0echo a\0", 18, 64, "/bin/sh -c echo a" },
		{ "a\0\0b\0", 5, 64, "a  b" },
		{ "nginx: worker process", 21, 64, "nginx: worker process" },
		{ "a\tb\nc\033d\177\0", 9, 64, "a?b?c?d?" },
		{ "caf\xc3\xa9\0", 6, 64, "caf\xc3\xa9" },
		{ "sleep\0" "100\0", 10, 6, "sleep" },
		{ "sleep\0" "100\0", 10, 7, "sleep " },
		{ "sleep\0" "100\0", 10, 1, "" },
		{ "sleep\0" "100\0", 10, 10, "sleep 100" },
	};

	(void) state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		char buf[64];
		size_t n;

		memset(buf, 'Z', sizeof(buf));
		n = cgk_cmdline_format(t[i].in, t[i].len, buf, t[i].size);
		assert_int_equal(n, strlen(t[i].out));
		assert_string_equal(buf, t[i].out);
		if (t[i].size < sizeof(buf))
			assert_int_equal(buf[t[i].size], 'Z');	/* bound kept */
	}
	{
		char c = 'Z';

		assert_int_equal(cgk_cmdline_format("abc", 3, &c, 0), 0);
		assert_int_equal(c, 'Z');
	}
}

static const char meminfo[] =
	"MemTotal:       24684084 kB\n"
	"MemFree:        24495008 kB\n"
	"MemAvailable:   24418564 kB\n"
	"Active(anon):       1234 kB\n"
	"SwapTotal:             0 kB\n"
	"HugePages_Total:       0\n"
	"HugePages_Free:        7\n"
	"Hugepagesize:       2048 kB\n"
	"Bad:              12 MB\n"
	"Big:  18446744073709551616 kB\n"
	"Empty:\n"
	"Last:   5 kB";

static void test_meminfo(void **state)
{
	static const struct { const char *key; int rc; uint64_t v; } t[] = {
		{ "MemTotal", 0, 24684084 },
		{ "MemFree", 0, 24495008 },
		{ "MemAvailable", 0, 24418564 },
		{ "Active(anon)", 0, 1234 },
		{ "SwapTotal", 0, 0 },
		{ "HugePages_Free", 0, 7 },
		{ "Hugepagesize", 0, 2048 },
		{ "Last", 0, 5 },
		{ "Mem", -ENOENT, 0 },
		{ "MemTotal:", -EINVAL, 0 },
		{ "memtotal", -ENOENT, 0 },
		{ "Active", -ENOENT, 0 },
		{ "Cached", -ENOENT, 0 },
		{ "", -EINVAL, 0 },
		{ "Bad", -EINVAL, 0 },
		{ "Big", -ERANGE, 0 },
		{ "Empty", -EINVAL, 0 },
	};

	(void) state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		uint64_t v = 42;
		int r = cgk_meminfo_get(meminfo, strlen(meminfo), t[i].key, &v);

		if (r != t[i].rc)
			fail_msg("%s: rc %d, want %d", t[i].key, r, t[i].rc);
		assert_int_equal(v, r < 0 ? 42 : t[i].v);	/* untouched on error */
	}
	/* the length bounds the search */
	{
		uint64_t v = 42;
		size_t len = strstr(meminfo, "MemFree") - meminfo;

		assert_int_equal(cgk_meminfo_get(meminfo, len, "MemFree", &v), -ENOENT);
		assert_int_equal(cgk_meminfo_get(meminfo, len - 6, "MemTotal", &v), 0);
		assert_int_equal(v, 246840);
	}
}

static void test_meminfo_file(void **state)
{
	_cleanup_free_ char *buf = NULL;
	uint64_t total = 0, avail = 0;
	char path[512];
	size_t len;

	(void) state;
	snprintf(path, sizeof(path), "%s/proc/meminfo-sample", TEST_DATA);
	assert_int_equal(cgk_read_at(AT_FDCWD, path, &buf, &len), 0);
	assert_int_equal(cgk_meminfo_get(buf, len, "MemTotal", &total), 0);
	assert_int_equal(total, 24684084);
	assert_int_equal(cgk_meminfo_get(buf, len, "MemAvailable", &avail), 0);
	assert_true(avail > 0 && avail <= total);
}

static void rm_tree(const char *dir)
{
	static const char *const names[] = { "1", "2", "10", "300", "42",
		"self", "0", "007", "12a", "99999999999", "2147483648", "sys" };
	char p[512];

	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		snprintf(p, sizeof(p), "%s/%s", dir, names[i]);
		if (rmdir(p) < 0)
			unlink(p);
	}
	rmdir(dir);
}

static void test_list_pids(void **state)
{
	static const pid_t want[] = { 1, 2, 10, 42, 300 };
	static pid_t sentinel[1];
	char dir[] = "/tmp/cgk-test-proc.XXXXXX";
	pid_t *a = sentinel, *s = sentinel;
	size_t n = 999;
	int fd;

	(void) state;
	assert_non_null(mkdtemp(dir));
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	assert_true(fd >= 0);
	/* numeric and not: only the first five are PIDs */
	assert_int_equal(mkdirat(fd, "300", 0755), 0);
	assert_int_equal(mkdirat(fd, "1", 0755), 0);
	assert_int_equal(mkdirat(fd, "42", 0755), 0);
	assert_int_equal(mkdirat(fd, "10", 0755), 0);
	assert_int_equal(mkdirat(fd, "2", 0755), 0);
	assert_int_equal(mkdirat(fd, "self", 0755), 0);
	assert_int_equal(mkdirat(fd, "0", 0755), 0);
	assert_int_equal(mkdirat(fd, "007", 0755), 0);
	assert_int_equal(mkdirat(fd, "12a", 0755), 0);
	assert_int_equal(mkdirat(fd, "99999999999", 0755), 0);
	assert_int_equal(mkdirat(fd, "2147483648", 0755), 0);
	close(openat(fd, "sys", O_WRONLY | O_CREAT | O_CLOEXEC, 0644));

	assert_int_equal(cgk_proc_list_pids(fd, &a, &n), 0);
	assert_int_equal(n, ARRAY_SIZE(want));
	assert_memory_equal(a, want, sizeof(want));
	free(a);

	/* the caller's fd is still open and usable, twice over */
	a = s;
	n = 999;
	assert_int_equal(cgk_proc_list_pids(fd, &a, &n), 0);
	assert_int_equal(n, ARRAY_SIZE(want));
	free(a);

	/* an O_PATH fd works too */
	{
		int pfd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);

		assert_true(pfd >= 0);
		assert_int_equal(cgk_proc_list_pids(pfd, &a, &n), 0);
		assert_int_equal(n, ARRAY_SIZE(want));
		free(a);
		close(pfd);
	}
	assert_int_equal(close(fd), 0);
	rm_tree(dir);

	/* errors leave the outputs alone */
	a = s;
	n = 999;
	assert_int_equal(cgk_proc_list_pids(-1, &a, &n), -EBADF);
	assert_ptr_equal(a, s);
	assert_int_equal(n, 999);
	fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	assert_int_equal(cgk_proc_list_pids(fd, &a, &n), -ENOTDIR);
	assert_ptr_equal(a, s);
	close(fd);
}

/* cgk_pidstat_read: our own stat through /proc; a gone PID is -ESRCH, text
 * that does not parse -EINVAL. */
static void test_pidstat_read(void **state)
{
	char dir[] = "/tmp/cgk-test-proc.XXXXXX";
	struct cgk_pidstat st = { .pid = -7 };
	int proc, fd;

	(void) state;
	proc = open("/proc", O_PATH | O_DIRECTORY | O_CLOEXEC);
	assert_true(proc >= 0);
	assert_int_equal(cgk_pidstat_read(proc, getpid(), &st), 0);
	assert_int_equal(st.pid, getpid());
	assert_int_equal(st.ppid, getppid());
	close(proc);

	assert_non_null(mkdtemp(dir));
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	assert_true(fd >= 0);
	assert_int_equal(mkdirat(fd, "5", 0755), 0);
	assert_int_equal(cgk_pidstat_read(fd, 4, &st), -ESRCH);
	assert_int_equal(cgk_pidstat_read(fd, 5, &st), -ESRCH);	/* no stat in it */
	{
		int f = openat(fd, "5/stat", O_WRONLY | O_CREAT | O_CLOEXEC, 0644);

		assert_true(f >= 0);
		assert_int_equal(write(f, "5 (x) R", 7), 7);
		close(f);
	}
	assert_int_equal(cgk_pidstat_read(fd, 5, &st), -EINVAL);
	assert_int_equal(st.pid, getpid());	/* untouched */
	close(fd);
	rm_tree(dir);
}

/* The real /proc: sorted, holds us and init. */
static void test_list_pids_proc(void **state)
{
	pid_t *a = NULL;
	size_t n = 0;
	bool self = false;
	int fd;

	(void) state;
	fd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	assert_true(fd >= 0);
	assert_int_equal(cgk_proc_list_pids(fd, &a, &n), 0);
	assert_true(n >= 1);
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			assert_true(a[i - 1] < a[i]);
		if (a[i] == getpid())
			self = true;
	}
	assert_true(self);
	free(a);
	close(fd);
}

/* ---- /proc/stat, cpuinfo, diskstats, status (procview) ---- */

static void test_statcpu(void **state)
{
	static const struct {
		const char *in;
		int rc, cpu;
		unsigned n;
		uint64_t v0, v3, v9;
		size_t rest;
	} t[] = {
		{ "cpu  4000 40 2000 40000 400 4 40 0 0 0\n", 1, -1, 10, 4000, 40000, 0, 3 },
		{ "cpu0 1000 10 500 10000 100 1 10 0 0 7\n", 1, 0, 10, 1000, 10000, 7, 4 },
		{ "cpu127 1 2 3 4 5 6 7 8 9 10", 1, 127, 10, 1, 4, 10, 6 },
		{ "cpu3 1 2 3 4 5 6 7\n", 1, 3, 7, 1, 4, 0, 4 },		/* old kernels: 7 */
		{ "cpu1 1 2 x 4\n", 1, 1, 2, 1, 0, 0, 4 },			/* stops at garbage */
		{ "cpu2 1 2 3 4 5 6 7 8 9 10 11\n", 1, 2, 10, 1, 4, 10, 4 },	/* at most 10 */
		{ "cpu18446744073709551616 1\n", 0, 0, 0, 0, 0, 0, 0 },
		{ "cpufreq 1 2\n", 0, 0, 0, 0, 0, 0, 0 },
		{ "cpu\n", 0, 0, 0, 0, 0, 0, 0 },
		{ "intr 1 2 3\n", 0, 0, 0, 0, 0, 0, 0 },
		{ "ctxt 5\n", 0, 0, 0, 0, 0, 0, 0 },
		{ "", 0, 0, 0, 0, 0, 0, 0 },
	};

	(void) state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		struct cgk_statcpu c = { .cpu = 99 };
		int r = cgk_statcpu_parse(t[i].in, strlen(t[i].in), &c);

		if (r != t[i].rc)
			fail_msg("'%s': %d", t[i].in, r);
		if (!r) {
			assert_int_equal(c.cpu, 99);	/* untouched */
			continue;
		}
		assert_int_equal(c.cpu, t[i].cpu);
		assert_int_equal(c.n, t[i].n);
		assert_int_equal(c.v[0], t[i].v0);
		assert_int_equal(c.v[3], t[i].v3);
		assert_int_equal(c.v[9], t[i].v9);
		assert_int_equal(c.rest, t[i].rest);
	}
}

static void test_cpuinfo_processor(void **state)
{
	static const struct { const char *in; int rc, cpu; } t[] = {
		{ "processor\t: 0\n", 1, 0 },
		{ "processor       : 17", 1, 17 },
		{ "processor:3\n", 1, 3 },
		{ "processor 0: version = FF,  identification = 0133E8\n", 0, 0 },	/* s390 */
		{ "processor\t: x\n", 0, 0 },
		{ "processor\t: 1 2\n", 0, 0 },
		{ "processors\t: 4\n", 0, 0 },
		{ "model name\t: Intel\n", 0, 0 },
		{ "", 0, 0 },
	};

	(void) state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		int cpu = -7;

		assert_int_equal(cgk_cpuinfo_processor(t[i].in, strlen(t[i].in), &cpu), t[i].rc);
		assert_int_equal(cpu, t[i].rc ? t[i].cpu : -7);
	}
}

static void test_diskstats_dev(void **state)
{
	static const struct { const char *in; int rc; unsigned maj, min; const char *name; } t[] = {
		{ "   8       0 sda 1 2 3\n", 1, 8, 0, "sda" },
		{ " 254      16 vdb 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0", 1, 254, 16, "vdb" },
		{ "259 0 nvme0n1 5", 1, 259, 0, "nvme0n1" },
		{ "8 1 averyveryverylongdevicename 1", 1, 8, 1, "averyveryv" },	/* cut */
		{ "8 x sda 1", 0, 0, 0, NULL },
		{ "8 1\n", 0, 0, 0, NULL },
		{ "", 0, 0, 0, NULL },
	};

	(void) state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		unsigned maj = 77, min = 77;
		char name[11] = "untouched";

		assert_int_equal(cgk_diskstats_dev(t[i].in, strlen(t[i].in), &maj, &min, name,
						   sizeof(name)), t[i].rc);
		assert_int_equal(maj, t[i].rc ? t[i].maj : 77);
		assert_int_equal(min, t[i].rc ? t[i].min : 77);
		assert_string_equal(name, t[i].rc ? t[i].name : "untouched");
	}
}

static void test_status_nspid(void **state)
{
	static const struct { const char *in; int rc; unsigned depth; pid_t inner; } t[] = {
		{ "Name:\tsleep\nNSpid:\t30785\t1\nNSpgid:\t30785\t1\n", 0, 2, 1 },
		{ "NSpid:\t42\n", 0, 1, 42 },
		{ "NSpid:\t9\t8\t7", 0, 3, 7 },
		{ "Name:\tx\nPid:\t5\n", -ENOENT, 0, 0 },
		{ "NSpid:\t\n", -EINVAL, 0, 0 },
		{ "NSpid:\t5 x\n", -EINVAL, 0, 0 },
		{ "NSpid:\t0\n", -EINVAL, 0, 0 },
	};

	(void) state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		unsigned depth = 0;
		pid_t inner = 0;

		assert_int_equal(cgk_status_nspid(t[i].in, strlen(t[i].in), &depth, &inner), t[i].rc);
		assert_int_equal(depth, t[i].depth);
		assert_int_equal(inner, t[i].inner);
	}
}

/* The live system's files parse as the kernel writes them. */
static void test_proc_files_live(void **state)
{
	_cleanup_free_ char *stat = NULL, *cpuinfo = NULL, *status = NULL;
	size_t len, n, cpus = 0, procs = 0;
	struct cgk_statcpu c;
	unsigned depth;
	pid_t inner;
	int cpu;

	(void) state;
	assert_int_equal(cgk_read_at_max(AT_FDCWD, "/proc/stat", 1u << 22, &stat, &len), 0);
	for (const char *p = stat; *p; p += n + 1) {
		n = strcspn(p, "\n");
		if (cgk_statcpu_parse(p, n, &c) && c.cpu >= 0) {
			assert_int_equal(c.n, CGK_STAT_NCOUNTERS);
			cpus++;
		}
		if (!p[n])
			break;
	}
	assert_int_equal(cgk_read_at_max(AT_FDCWD, "/proc/cpuinfo", 1u << 22, &cpuinfo, &len), 0);
	for (const char *p = cpuinfo; *p; p += n + 1) {
		n = strcspn(p, "\n");
		procs += cgk_cpuinfo_processor(p, n, &cpu);
		if (!p[n])
			break;
	}
	assert_true(cpus >= 1);
	assert_int_equal(cpus, procs);
	assert_int_equal(cgk_read_at(AT_FDCWD, "/proc/self/status", &status, &len), 0);
	assert_int_equal(cgk_status_nspid(status, len, &depth, &inner), 0);
	assert_int_equal(depth, 1);
	assert_int_equal(inner, getpid());
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pidstat),
		cmocka_unit_test(test_pidstat_len),
		cmocka_unit_test(test_pidstat_long_comm),
		cmocka_unit_test(test_pidstat_files),
		cmocka_unit_test(test_pidstat_self),
		cmocka_unit_test(test_pidstat_read),
		cmocka_unit_test(test_kthread),
		cmocka_unit_test(test_cmdline),
		cmocka_unit_test(test_meminfo),
		cmocka_unit_test(test_meminfo_file),
		cmocka_unit_test(test_list_pids),
		cmocka_unit_test(test_list_pids_proc),
		cmocka_unit_test(test_statcpu),
		cmocka_unit_test(test_cpuinfo_processor),
		cmocka_unit_test(test_diskstats_dev),
		cmocka_unit_test(test_status_nspid),
		cmocka_unit_test(test_proc_files_live),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
