/* SPDX-License-Identifier: MIT */
/* test-util - numbers, keyed lines, growth, strings, bounded reads and writes */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "util.h"

static void test_parse_u64(void **state)
{
	static const struct { const char *in; int rc; uint64_t v; } t[] = {
		{ "0", 0, 0 },
		{ "7", 0, 7 },
		{ " 42\n", 0, 42 },
		{ "\t5 \n", 0, 5 },
		{ "007", 0, 7 },
		{ "18446744073709551615", 0, UINT64_MAX },
		{ "18446744073709551616", -ERANGE, 0 },
		{ "99999999999999999999", -ERANGE, 0 },
		{ "", -EINVAL, 0 },
		{ " ", -EINVAL, 0 },
		{ "\n", -EINVAL, 0 },
		{ "-1", -EINVAL, 0 },
		{ "+1", -EINVAL, 0 },
		{ "1 2", -EINVAL, 0 },
		{ "0x10", -EINVAL, 0 },
		{ "12abc", -EINVAL, 0 },
		{ "5\n\n", -EINVAL, 0 },
		{ "max", -EINVAL, 0 },
		/* not a number, however long (found by fuzz-number) */
		{ "99999999999999999999x", -EINVAL, 0 },
		{ "184467440737095516160 1", -EINVAL, 0 },
	};

	(void) state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		uint64_t v = 0;
		int r = cgk_parse_u64(t[i].in, strlen(t[i].in), &v);

		if (r != t[i].rc)
			fail_msg("\"%s\": rc %d, want %d", t[i].in, r, t[i].rc);
		assert_int_equal(v, t[i].v);	/* untouched on error */
	}
	{
		uint64_t v = 0;

		assert_int_equal(cgk_parse_u64("1234", 2, &v), 0);	/* len bounds */
		assert_int_equal(v, 12);
	}
}

static void test_parse_s64(void **state)
{
	static const struct { const char *in; int rc; int64_t v; } t[] = {
		{ "0", 0, 0 },
		{ "-0", 0, 0 },
		{ "+5", 0, 5 },
		{ " -5\n", 0, -5 },
		{ "-1", 0, -1 },
		{ "9223372036854775807", 0, INT64_MAX },
		{ "-9223372036854775808", 0, INT64_MIN },
		{ "9223372036854775808", -ERANGE, 0 },
		{ "-9223372036854775809", -ERANGE, 0 },
		{ "-18446744073709551616", -ERANGE, 0 },
		{ "", -EINVAL, 0 },
		{ "-", -EINVAL, 0 },
		{ "+", -EINVAL, 0 },
		{ "- 5", -EINVAL, 0 },
		{ "--5", -EINVAL, 0 },
		{ "+-5", -EINVAL, 0 },
		{ "5-", -EINVAL, 0 },
		{ "max", -EINVAL, 0 },
		/* one trailing newline, as cgk_parse_u64 (found by fuzz-number) */
		{ "5\n", 0, 5 },
		{ "5\n\n", -EINVAL, 0 },
		{ "-1\n\n", -EINVAL, 0 },
		{ "-5 \n \t", -EINVAL, 0 },
		{ "-99999999999999999999x", -EINVAL, 0 },
	};

	(void) state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		int64_t v = 0;
		int r = cgk_parse_s64(t[i].in, strlen(t[i].in), &v);

		if (r != t[i].rc)
			fail_msg("\"%s\": rc %d, want %d", t[i].in, r, t[i].rc);
		assert_true(v == t[i].v);	/* untouched on error */
	}
}

static void test_keyed(void **state)
{
	static const struct { const char *in, *key; int rc; uint64_t v; } t[] = {
		{ "usage_usec_x 1\nusage_usec 7\n", "usage_usec", 0, 7 },
		{ "usage_usec 7\nusage_usec 8\n", "usage_usec", 0, 7 },
		{ "nr_periods 10\nnr_throttled 3\nthrottled_time 123456789", "throttled_time", 0, 123456789 },
		{ "a 1\nb  2\n", "b", 0, 2 },
		{ "usage_usec 7\n", "usage", -ENOENT, 0 },
		{ "usage_usec\n", "usage_usec", -ENOENT, 0 },
		{ "x usage_usec 7\n", "usage_usec", -ENOENT, 0 },
		{ "usage_usec -1\n", "usage_usec", -EINVAL, 0 },
		{ "usage_usec 99999999999999999999\n", "usage_usec", -ERANGE, 0 },
		{ "", "usage_usec", -ENOENT, 0 },
	};

	(void) state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		uint64_t v = 0;
		int r = cgk_keyed_u64(t[i].in, strlen(t[i].in), t[i].key, &v);

		if (r != t[i].rc)
			fail_msg("\"%s\" in \"%s\": rc %d, want %d", t[i].key, t[i].in, r, t[i].rc);
		assert_int_equal(v, t[i].v);	/* untouched on error */
	}
	{
		static const char in[] = "a 1\nb 2\n";
		uint64_t v = 0;

		assert_int_equal(cgk_keyed_u64(in, 4, "b", &v), -ENOENT);
		assert_int_equal(cgk_keyed_u64(in, 6, "b", &v), -EINVAL);
		assert_int_equal(v, 0);
		assert_int_equal(cgk_keyed_u64(in, 7, "b", &v), 0);
		assert_int_equal(v, 2);
	}
}

static void test_grow(void **state)
{
	_cleanup_free_ unsigned *a = NULL;
	size_t cap = 0;
	void *p = NULL;

	(void) state;
	for (size_t n = 0; n < 1000; n++) {
		assert_int_equal(cgk_grow((void **)&a, &cap, n, sizeof(*a)), 0);
		assert_true(cap > n);
		a[n] = (unsigned)n;
	}
	for (size_t n = 0; n < 1000; n++)
		assert_int_equal(a[n], n);
	assert_int_equal(cap, 1024);
	/* room already there: nothing changes */
	assert_int_equal(cgk_grow((void **)&a, &cap, 5, sizeof(*a)), 0);
	assert_int_equal(cap, 1024);

	/* an item size that overflows leaves everything alone */
	cap = 0;
	assert_int_equal(cgk_grow(&p, &cap, 0, SIZE_MAX / 8), -ENOMEM);
	assert_null(p);
	assert_int_equal(cap, 0);
}

static void test_strings(void **state)
{
	static const struct { const char *s; size_t len; bool hex; } hex[] = {
		{ "", 0, true },
		{ "0123456789abcdef", 16, true },
		{ "4e9bd57d4ce1", 12, true },
		{ "4E9B", 4, false },
		{ "4e9g", 4, false },
		{ "4e9g", 3, true },
		{ "-1", 2, false },
	};
	char *s;

	(void) state;
	for (size_t i = 0; i < ARRAY_SIZE(hex); i++)
		if (cgk_is_hex(hex[i].s, hex[i].len) != hex[i].hex)
			fail_msg("\"%.*s\": want %d", (int)hex[i].len, hex[i].s, hex[i].hex);

	s = cgk_strndup("cpu,cpuacct", 3);
	assert_string_equal(s, "cpu");
	free(s);
	s = cgk_strndup("x", 0);
	assert_string_equal(s, "");
	free(s);
	s = cgk_strndup("a\0b", 3);		/* copies LEN bytes, NULs and all */
	assert_memory_equal(s, "a\0b", 4);
	free(s);

	assert_true(streq("cpu", "cpu"));
	assert_false(streq("cpu", "cpuacct"));
	assert_int_equal(ARRAY_SIZE(hex), 7);
}

static void test_take(void **state)
{
	_cleanup_free_ char *p = strdup("x");
	_cleanup_close_ int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	char *q;
	int f;

	(void) state;
	q = TAKE_PTR(p);
	assert_null(p);
	assert_string_equal(q, "x");
	free(q);
	f = TAKE_FD(fd);
	assert_int_equal(fd, -EBADF);
	assert_true(f >= 0);
	assert_int_equal(close(f), 0);
	cgk_freep(&p);		/* NULL is fine */
	cgk_closep(&fd);	/* -EBADF is fine */
}

/* A scratch directory of files for the readers, removed by the teardown. */
static char tmpdir[64];
static int tmpfd = -EBADF;

static void put(const char *name, const char *data, size_t n)
{
	int fd = openat(tmpfd, name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	assert_true(fd >= 0);
	assert_int_equal(cgk_write_all(fd, data, n), 0);
	assert_int_equal(close(fd), 0);
}

static void put_n(const char *name, size_t n)
{
	_cleanup_free_ char *b = malloc(n + 1);

	assert_non_null(b);
	memset(b, 'a', n);
	put(name, b, n);
}

static int setup(void **state)
{
	(void) state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/cgk-test-util.XXXXXX");
	if (!mkdtemp(tmpdir))
		return -1;
	tmpfd = open(tmpdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	return tmpfd < 0 ? -1 : 0;
}

static int teardown(void **state)
{
	static const char *const names[] = { "hello", "empty", "link", "small",
		"max-1", "max+1", "nine", "bound" };

	(void) state;
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		unlinkat(tmpfd, names[i], 0);
	close(tmpfd);
	return rmdir(tmpdir);
}

static void test_read_at(void **state)
{
	static const struct { const char *name; int rc; size_t len; } t[] = {
		{ "hello", 0, 6 },
		{ "empty", 0, 0 },
		{ "max-1", 0, CGK_READ_MAX - 1 },
		{ "max+1", -EFBIG, 0 },
		{ "link", -ELOOP, 0 },
		{ "missing", -ENOENT, 0 },
		{ "/nonexistent/x", -ENOENT, 0 },
	};

	(void) state;
	put("hello", "hello\n", 6);
	put("empty", "", 0);
	put_n("max-1", CGK_READ_MAX - 1);
	put_n("max+1", CGK_READ_MAX + 1);
	assert_int_equal(symlinkat("hello", tmpfd, "link"), 0);
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		char s, *buf = &s;
		size_t len = 999;
		int r = cgk_read_at(tmpfd, t[i].name, &buf, &len);

		if (r != t[i].rc)
			fail_msg("%s: rc %d, want %d", t[i].name, r, t[i].rc);
		if (r < 0) {
			assert_ptr_equal(buf, &s);
			assert_int_equal(len, 999);
			continue;
		}
		assert_int_equal(len, t[i].len);
		assert_int_equal(strlen(buf), t[i].len);	/* NUL-terminated */
		free(buf);
	}
	{
		char *buf = NULL;

		assert_int_equal(cgk_read_at(tmpfd, "hello", &buf, NULL), 0);
		assert_string_equal(buf, "hello\n");
		free(buf);
	}
}

/* A fixture read below a root fd, the way the lib reads a sysroot. */
static void test_read_at_fixture(void **state)
{
	_cleanup_close_ int fd = open(TEST_DATA "/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	_cleanup_free_ char *buf = NULL;
	uint64_t v = 0;
	size_t len;

	(void) state;
	assert_true(fd >= 0);
	assert_int_equal(cgk_read_at(fd, "meminfo-sample", &buf, &len), 0);
	assert_true(len > 0 && len == strlen(buf));
	assert_int_equal(strncmp(buf, "MemTotal:", 9), 0);
	assert_int_equal(cgk_parse_u64(buf + 9, strcspn(buf + 9, "k"), &v), 0);
	assert_int_equal(v, 24684084);
}

static void test_read_at_max(void **state)
{
	static const struct { size_t max, file; int rc; } t[] = {
		{ 16, 0, 0 },
		{ 16, 15, 0 },
		{ 16, 17, -EFBIG },
		{ 8192, 8191, 0 },
		{ 8192, 9000, -EFBIG },
	};

	(void) state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		char s, *buf = &s;
		size_t len = 999;
		int r;

		put_n("bound", t[i].file);
		r = cgk_read_at_max(tmpfd, "bound", t[i].max, &buf, &len);
		if (r != t[i].rc)
			fail_msg("max %zu, file %zu: rc %d, want %d", t[i].max, t[i].file, r, t[i].rc);
		if (r < 0) {
			assert_ptr_equal(buf, &s);
			assert_int_equal(len, 999);
			continue;
		}
		assert_int_equal(len, t[i].file);
		free(buf);
	}
}

static void test_read_at_buf(void **state)
{
	char buf[16];

	(void) state;
	put("small", "abc\n", 4);
	put_n("nine", 9);
	memset(buf, 'Z', sizeof(buf));
	assert_int_equal(cgk_read_at_buf(tmpfd, "small", buf, sizeof(buf)), 4);
	assert_string_equal(buf, "abc\n");
	assert_int_equal(cgk_read_at_buf(tmpfd, "nine", buf, 8), -EFBIG);
	assert_int_equal(cgk_read_at_buf(tmpfd, "nine", buf, 11), 9);
	assert_int_equal(strlen(buf), 9);
	assert_int_equal(cgk_read_at_buf(tmpfd, "small", buf, 0), -EINVAL);
	assert_int_equal(cgk_read_at_buf(tmpfd, "missing", buf, sizeof(buf)), -ENOENT);
}

/*
 * The contracts at their exact bounds: a file of exactly the bound
 * (CGK_READ_MAX, MAX, SIZE - 1 bytes) fits; one byte more is -EFBIG; and
 * cgk_grow reaches any N, not only twice the capacity.
 */
static void test_bounds_exact(void **state)
{
	char buf[10], *p = NULL;
	void *g = NULL;
	size_t len, cap = 0;

	(void) state;
	put_n("nine", 9);
	assert_int_equal(cgk_read_at_buf(tmpfd, "nine", buf, 10), 9);
	put_n("max-1", CGK_READ_MAX);
	assert_int_equal(cgk_read_at(tmpfd, "max-1", &p, &len), 0);
	assert_int_equal(len, CGK_READ_MAX);
	free(p);
	put_n("bound", 16);
	assert_int_equal(cgk_read_at_max(tmpfd, "bound", 16, &p, &len), 0);
	assert_int_equal(len, 16);
	free(p);
	assert_int_equal(cgk_grow(&g, &cap, 100, 4), 0);
	assert_true(cap > 100);
	free(g);
}

static void test_write_all(void **state)
{
	_cleanup_free_ char *big = malloc(200000), *back = malloc(200000);
	int p[2], status;
	size_t got = 0;
	pid_t pid;

	(void) state;
	assert_non_null(big);
	assert_non_null(back);
	for (size_t i = 0; i < 200000; i++)
		big[i] = (char)(i * 7);
	/* more than a pipe holds: a child drains it while we write */
	assert_int_equal(pipe2(p, O_CLOEXEC), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(p[0]);
		_exit(cgk_write_all(p[1], big, 200000) == 0 ? 0 : 1);
	}
	close(p[1]);
	while (got < 200000) {
		ssize_t r = read(p[0], back + got, 200000 - got);

		assert_true(r > 0);
		got += r;
	}
	assert_int_equal(read(p[0], back, 1), 0);
	close(p[0]);
	assert_memory_equal(big, back, 200000);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_int_equal(cgk_write_all(-1, "x", 1), -EBADF);
	assert_int_equal(cgk_write_all(-1, "x", 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_u64),
		cmocka_unit_test(test_parse_s64),
		cmocka_unit_test(test_keyed),
		cmocka_unit_test(test_grow),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_take),
		cmocka_unit_test(test_read_at),
		cmocka_unit_test(test_read_at_fixture),
		cmocka_unit_test(test_read_at_max),
		cmocka_unit_test(test_read_at_buf),
		cmocka_unit_test(test_bounds_exact),
		cmocka_unit_test(test_write_all),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
