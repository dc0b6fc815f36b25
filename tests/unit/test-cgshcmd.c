/* SPDX-License-Identifier: MIT */
/* test-cgshcmd - cgsh's lexer, command table, completion context and candidates, paths, prompt */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apply.h"
#include "cgshcmd.h"
#include "knob.h"
#include "util.h"

#define ID "4c46475c05c0aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define CID "9a8b7c6d5e4fbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
#define UID_ "3f1c5e2a_1111_2222_3333_444444444444"
#define POD "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" UID_ ".slice"

/* Commands as "w1|w2;w1" (argv joined by '|', commands by ';'). */
static void joined(const struct cgk_cgshcmd *v, size_t n, char *buf, size_t size)
{
	size_t o = 0;

	buf[0] = '\0';
	for (size_t k = 0; k < n; k++) {
		assert_null(v[k].argv[v[k].argc]);
		for (size_t j = 0; j < v[k].argc; j++)
			o += (size_t)snprintf(buf + o, size - o, "%s%s", j ? "|" : (k ? ";" : ""),
					      v[k].argv[j]);
	}
}

static void test_parse(void **state)
{
	static const struct {
		const char *in;
		size_t len;	/* 0: strlen */
		int rc;
		const char *out;	/* or the error offset as text */
		size_t errpos;
	} t[] = {
		{ "", 0, 0, "", 0 },
		{ " \t\r\n;;\n ;", 0, 0, "", 0 },
		{ "ls", 0, 0, "ls", 0 },
		{ "  cd  /a ; ls\n", 0, 0, "cd|/a;ls", 0 },
		{ "cd a\nls -a\n", 0, 0, "cd|a;ls|-a", 0 },
		{ "set 'a b'=c", 0, 0, "set|a b=c", 0 },
		{ "x 'a\"b;c'", 0, 0, "x|a\"b;c", 0 },
		{ "x \"a\\\"b\\\\c\\d$x\"", 0, 0, "x|a\"b\\c\\d$x", 0 },
		{ "x \"a\\\nb\"", 0, 0, "x|ab", 0 },
		{ "a\\ b c\\;d", 0, 0, "a b|c;d", 0 },
		{ "a\\\nb c", 0, 0, "ab|c", 0 },
		{ "ls \\\n -a", 0, 0, "ls|-a", 0 },
		{ "ls # comment ; not a command\ncd x", 0, 0, "ls;cd|x", 0 },
		{ "#only a comment", 0, 0, "", 0 },
		{ "x#y 'a'#b", 0, 0, "x#y|a#b", 0 },
		{ "x '' \"\"", 0, 0, "x||", 0 },
		{ "a'b'\"c\"d", 0, 0, "abcd", 0 },
		{ "echo 'a|b&c<d>e`f'", 0, 0, "echo|a|b&c<d>e`f", 0 },
		{ "a\\|b", 0, 0, "a|b", 0 },
		{ "a 'b", 0, -EAGAIN, NULL, 2 },
		{ "a \"b\\\"", 0, -EAGAIN, NULL, 2 },
		{ "a\\", 0, -EAGAIN, NULL, 1 },
		{ "a\\\n", 0, -EAGAIN, NULL, 1 },
		{ "ls a \\\n", 0, -EAGAIN, NULL, 5 },
		{ "ls \"a\\\n", 0, -EAGAIN, NULL, 3 },
		{ "ls; x 'y\nz", 0, -EAGAIN, NULL, 6 },
		{ "ls | wc", 0, -EINVAL, NULL, 3 },
		{ "ls&", 0, -EINVAL, NULL, 2 },
		{ "cat <x", 0, -EINVAL, NULL, 4 },
		{ "a>b", 0, -EINVAL, NULL, 1 },
		{ "a`b`", 0, -EINVAL, NULL, 1 },
		{ "a\0b", 3, -EINVAL, NULL, 1 },
		{ "'a\0b'", 5, -EINVAL, NULL, 2 },
		{ "a\\\0", 3, -EINVAL, NULL, 2 },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		struct cgk_cgshcmd *v = (void *)0x1;
		size_t n = 77, pos = 999;
		size_t len = t[i].len ? t[i].len : strlen(t[i].in);
		char out[512];
		int r = cgk_cgshcmd_parse(t[i].in, len, &v, &n, &pos);

		if (r != t[i].rc)
			fail_msg("#%zu '%s': %d, want %d", i, t[i].in, r, t[i].rc);
		if (r < 0) {
			assert_ptr_equal(v, (void *)0x1);	/* untouched */
			assert_int_equal(n, 77);
			if (pos != t[i].errpos)
				fail_msg("#%zu '%s': errpos %zu, want %zu", i, t[i].in, pos,
					 t[i].errpos);
			continue;
		}
		assert_int_equal(pos, 999);
		joined(v, n, out, sizeof(out));
		if (strcmp(out, t[i].out))
			fail_msg("#%zu '%s': '%s', want '%s'", i, t[i].in, out, t[i].out);
		if (!n)
			assert_null(v);
		cgk_cgshcmd_free(v, n);
	}
}

static void test_lines(void **state)
{
	static const char in[] = "a\n\nb c\n'd\ne' f; g\\\nh\ni";
	static const size_t want[] = { 1, 3, 4, 5, 7 };
	struct cgk_cgshcmd *v;
	size_t n;

	(void)state;
	assert_int_equal(cgk_cgshcmd_parse(in, strlen(in), &v, &n, NULL), 0);
	assert_int_equal(n, ARRAY_SIZE(want));
	for (size_t k = 0; k < n; k++)
		assert_int_equal(v[k].line, want[k]);
	assert_string_equal(v[2].argv[0], "d\ne");
	assert_string_equal(v[3].argv[0], "gh");
	cgk_cgshcmd_free(v, n);
}

static void test_limits(void **state)
{
	size_t len = 2 * CGK_CGSHCMD_WORDS_MAX + 2, pos;
	char *buf = malloc(CGK_CGSHCMD_LEN_MAX + 2);
	struct cgk_cgshcmd *v;
	size_t n;

	(void)state;
	assert_non_null(buf);
	/* CGK_CGSHCMD_WORDS_MAX words pass, one more does not */
	for (size_t i = 0; i < len; i += 2) {
		buf[i] = 'w';
		buf[i + 1] = ' ';
	}
	assert_int_equal(cgk_cgshcmd_parse(buf, len - 2, &v, &n, &pos), 0);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].argc, CGK_CGSHCMD_WORDS_MAX);
	cgk_cgshcmd_free(v, n);
	assert_int_equal(cgk_cgshcmd_parse(buf, len, &v, &n, &pos), -E2BIG);
	assert_int_equal(pos, len - 2);
	/* the same words as many commands are fine */
	for (size_t i = 1; i < len; i += 2)
		buf[i] = ';';
	assert_int_equal(cgk_cgshcmd_parse(buf, len, &v, &n, &pos), 0);
	assert_int_equal(n, CGK_CGSHCMD_WORDS_MAX + 1);
	cgk_cgshcmd_free(v, n);
	/* bytes: exactly the bound, then one more */
	memset(buf, 'x', CGK_CGSHCMD_LEN_MAX + 1);
	assert_int_equal(cgk_cgshcmd_parse(buf, CGK_CGSHCMD_LEN_MAX, &v, &n, &pos), 0);
	assert_int_equal(strlen(v[0].argv[0]), CGK_CGSHCMD_LEN_MAX);
	cgk_cgshcmd_free(v, n);
	assert_int_equal(cgk_cgshcmd_parse(buf, CGK_CGSHCMD_LEN_MAX + 1, &v, &n, &pos), -E2BIG);
	free(buf);
}

static void test_strerror(void **state)
{
	static const struct {
		const char *in;
		const char *want;
	} t[] = {
		{ "a 'b", "unterminated ' quote" },
		{ "a \"b", "unterminated \" quote" },
		{ "a\\", "a backslash ends the input" },
		{ "ls | wc", "unquoted '|': cgsh has no pipes nor redirections (quote it to mean it)" },
	};
	char buf[256];

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		struct cgk_cgshcmd *v;
		size_t n, pos;
		int r = cgk_cgshcmd_parse(t[i].in, strlen(t[i].in), &v, &n, &pos);

		assert_true(r < 0);
		assert_string_equal(cgk_cgshcmd_strerror(r, t[i].in, strlen(t[i].in), pos, buf,
							  sizeof(buf)), t[i].want);
	}
	assert_string_equal(cgk_cgshcmd_strerror(-EINVAL, "a\0b", 3, 1, buf, sizeof(buf)),
			    "a NUL byte in the command line");
	assert_non_null(strstr(cgk_cgshcmd_strerror(-E2BIG, "", 0, 0, buf, sizeof(buf)), "too long"));
}

static void test_defs(void **state)
{
	size_t n;
	const struct cgk_cgshcmd_def *d = cgk_cgshcmd_defs(&n);
	size_t nhuman = 0, nh = 0;

	(void)state;
	assert_true(n > 20);
	for (size_t k = 0; k < n; k++) {
		if (k)
			assert_true(strcmp(d[k - 1].name, d[k].name) < 0);
		assert_ptr_equal(cgk_cgshcmd_find(d[k].name), &d[k]);
		assert_non_null(d[k].synopsis);
		assert_non_null(d[k].summary);
		nhuman += d[k].human;
		/* a human knob command reads and completes through a known control file */
		if (d[k].human)
			assert_non_null(cgk_knob_find(cgk_apply_human_knob(d[k].name)));
	}
	assert_string_equal(cgk_apply_human_knob("cpus"), "cpu.cfs_quota_us");
	assert_string_equal(cgk_apply_human_knob("memory"), "memory.limit_in_bytes");
	assert_string_equal(cgk_apply_human_knob("memory-swap"), "memory.memsw.limit_in_bytes");
	assert_string_equal(cgk_apply_human_knob("thaw"), "freezer.state");
	assert_string_equal(cgk_apply_human_knob("pids"), "pids.max");
	assert_null(cgk_apply_human_knob("cpu.shares"));
	assert_null(cgk_apply_human_knob(NULL));
	/* every human knob of lib/apply is a command, and only those */
	for (const char *const *h = cgk_apply_human_names(); *h; h++, nh++) {
		const struct cgk_cgshcmd_def *x = cgk_cgshcmd_find(*h);

		assert_non_null(x);
		assert_true(x->human);
	}
	assert_int_equal(nh, nhuman);
	assert_null(cgk_cgshcmd_find("c"));
	assert_null(cgk_cgshcmd_find("cdx"));
	assert_null(cgk_cgshcmd_find(""));
}

/* Context as "argv joined by '|'", the word, start, quote, comment. */
static void test_context(void **state)
{
	static const struct {
		const char *in;
		const char *argv, *word;
		size_t start;
		char quote;
		bool comment;
	} t[] = {
		{ "", "", "", 0, 0, false },
		{ "cd", "", "cd", 0, 0, false },
		{ "cd ", "cd", "", 3, 0, false },
		{ "  cd  ku", "cd", "ku", 6, 0, false },
		{ "ls; cd ku", "cd", "ku", 7, 0, false },
		{ "ls\ncd a b", "cd|a", "b", 8, 0, false },
		{ "set 'cpu.sh", "set", "cpu.sh", 4, '\'', false },
		{ "set \"a b", "set", "a b", 4, '"', false },
		{ "set 'a b' c\\ d", "set|a b", "c d", 10, 0, false },
		{ "set 'a b'", "set", "a b", 4, 0, false },
		{ "cd a\\", "cd", "a", 3, 0, false },
		{ "cd a\\\n", "cd", "a", 3, 0, false },
		{ "ls # x", "ls", "", 6, 0, true },
		{ "procs | gr", "", "gr", 8, 0, false },
		{ "a|b c", "b", "c", 4, 0, false },
		{ "set cpu.shares=", "set", "cpu.shares=", 4, 0, false },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		struct cgk_cgshcmd_ctx c;
		char a[256] = "";
		size_t o = 0;

		assert_int_equal(cgk_cgshcmd_context(t[i].in, strlen(t[i].in), &c), 0);
		for (size_t k = 0; k < c.argc; k++)
			o += (size_t)snprintf(a + o, sizeof(a) - o, "%s%s", k ? "|" : "", c.argv[k]);
		assert_null(c.argv[c.argc]);
		if (strcmp(a, t[i].argv) || strcmp(c.word, t[i].word) || c.start != t[i].start ||
		    c.quote != t[i].quote || c.comment != t[i].comment)
			fail_msg("#%zu '%s': argv '%s' word '%s' start %zu quote %d comment %d",
				 i, t[i].in, a, c.word, c.start, c.quote, c.comment);
		cgk_cgshcmd_ctx_done(&c);
	}
	cgk_cgshcmd_ctx_done(NULL);
}

static void test_want(void **state)
{
	static const struct {
		const char *in;
		int rc;
		enum cgk_cgsh_arg kind;
		const char *knob, *prefix;
		size_t dirlen;
		bool after_eq;
	} t[] = {
		{ "", 0, CGK_CGSH_ARG_CMD, "", "", 0, false },
		{ "he", 0, CGK_CGSH_ARG_CMD, "", "he", 0, false },
		{ "ls; se", 0, CGK_CGSH_ARG_CMD, "", "se", 0, false },
		{ "cd ku", 0, CGK_CGSH_ARG_CGROUP, "", "ku", 0, false },
		{ "cd a/b/c", 0, CGK_CGSH_ARG_CGROUP, "", "a/b/c", 4, false },
		{ "cd /", 0, CGK_CGSH_ARG_CGROUP, "", "/", 1, false },
		{ "cd a ", 0, CGK_CGSH_ARG_NONE, "", "", 0, false },
		{ "ls ../", 0, CGK_CGSH_ARG_CGROUP, "", "../", 3, false },
		{ "set cpu.sh", 0, CGK_CGSH_ARG_KNOB, "", "cpu.sh", 0, false },
		{ "set -n cpu.sh", 0, CGK_CGSH_ARG_KNOB, "", "cpu.sh", 0, false },
		{ "set cpu.shares=1 freezer.state=FR", 0, CGK_CGSH_ARG_VALUE, "freezer.state", "FR",
		  0, true },
		{ "set cpus=", 0, CGK_CGSH_ARG_VALUE, "cpus", "", 0, true },
		{ "memory m", 0, CGK_CGSH_ARG_VALUE, "memory", "m", 0, false },
		{ "memory 1 ", 0, CGK_CGSH_ARG_NONE, "", "", 0, false },
		{ "freeze ", 0, CGK_CGSH_ARG_NONE, "", "", 0, false },
		{ "get a b", 0, CGK_CGSH_ARG_KNOB, "", "b", 0, false },
		{ "cat ", 0, CGK_CGSH_ARG_KNOB, "", "", 0, false },
		{ "rmdir -f ch", 0, CGK_CGSH_ARG_CHILD, "", "ch", 0, false },
		{ "rmdir -", 0, CGK_CGSH_ARG_NONE, "", "-", 0, false },
		{ "mkdir -g ", 0, CGK_CGSH_ARG_NONE, "", "", 0, false },
		{ "mkdir -g cpu a/", 0, CGK_CGSH_ARG_CGROUP, "", "a/", 2, false },
		{ "mkdir -gcpu a", 0, CGK_CGSH_ARG_CGROUP, "", "a", 0, false },
		{ "exec ", 0, CGK_CGSH_ARG_PROGRAM, "", "", 0, false },
		{ "exec ls -", 0, CGK_CGSH_ARG_NONE, "", "-", 0, false },
		{ "exec ls ", 0, CGK_CGSH_ARG_NONE, "", "", 0, false },
		{ "enter sh -c x ", 0, CGK_CGSH_ARG_NONE, "", "", 0, false },
		{ "attach 1", 0, CGK_CGSH_ARG_PID, "", "1", 0, false },
		{ "help c", 0, CGK_CGSH_ARG_CMD, "", "c", 0, false },
		{ "help cd ", 0, CGK_CGSH_ARG_NONE, "", "", 0, false },
		{ "top -", 0, CGK_CGSH_ARG_NONE, "", "-", 0, false },
		{ "ls # cd ", 0, CGK_CGSH_ARG_NONE, "", "", 0, false },
		{ "bogus x", -ENOENT, CGK_CGSH_ARG_NONE, "", "x", 0, false },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		struct cgk_cgshcmd_ctx c;
		struct cgk_cgshcmd_want w;
		int r;

		assert_int_equal(cgk_cgshcmd_context(t[i].in, strlen(t[i].in), &c), 0);
		r = cgk_cgshcmd_want(&c, &w);
		if (r != t[i].rc || w.kind != t[i].kind || strcmp(w.knob, t[i].knob) ||
		    strcmp(w.prefix, t[i].prefix) || w.dirlen != t[i].dirlen ||
		    w.after_eq != t[i].after_eq)
			fail_msg("#%zu '%s': rc %d kind %d knob '%s' prefix '%s' dirlen %zu eq %d",
				 i, t[i].in, r, w.kind, w.knob, w.prefix, w.dirlen, w.after_eq);
		cgk_cgshcmd_ctx_done(&c);
	}
}

static void test_filter(void **state)
{
	static const char *const names[] = { "b", "a", "ab", "a", "ba", "abc" };
	char **v;
	size_t n;

	(void)state;
	assert_int_equal(cgk_cgshcmd_filter(names, ARRAY_SIZE(names), "a", "x/", "/", &v, &n), 0);
	assert_int_equal(n, 3);
	assert_string_equal(v[0], "x/a/");
	assert_string_equal(v[1], "x/ab/");
	assert_string_equal(v[2], "x/abc/");
	assert_null(v[3]);
	cgk_strv_free(v);
	assert_int_equal(cgk_cgshcmd_filter(names, ARRAY_SIZE(names), "", NULL, NULL, &v, &n), 0);
	assert_int_equal(n, 5);
	assert_string_equal(v[0], "a");
	assert_string_equal(v[4], "ba");
	cgk_strv_free(v);
	assert_int_equal(cgk_cgshcmd_filter(names, ARRAY_SIZE(names), "z", NULL, NULL, &v, &n), 0);
	assert_int_equal(n, 0);
	assert_null(v[0]);
	cgk_strv_free(v);
	assert_int_equal(cgk_cgshcmd_filter(NULL, 0, "", NULL, NULL, &v, &n), 0);
	assert_int_equal(n, 0);
	cgk_strv_free(v);
	cgk_strv_free(NULL);
}

static void test_knob_values(void **state)
{
	static const struct {
		const char *knob, *prefix, *want;
	} t[] = {
		{ "freezer.state", "", "FROZEN THAWED" },
		{ "freezer.state", "F", "FROZEN" },
		{ "freezer.state", "f", "" },
		{ "cpu.cfs_quota_us", "", "max" },
		{ "memory.limit_in_bytes", "", "max" },
		{ "memory.memsw.limit_in_bytes", "m", "max" },
		{ "pids.max", "", "max" },
		{ "cpuset.cpu_exclusive", "", "0 1" },
		{ "notify_on_release", "1", "1" },
		{ "cpu.shares", "", "" },
		{ "cpuset.cpus", "", "" },
		{ "memory.usage_in_bytes", "", "" },	/* read-only */
		{ "freezer.self_freezing", "", "" },	/* read-only flag */
		{ "memory.failcnt", "", "0" },		/* a counter a write of 0 resets */
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		const struct cgk_knob *k = cgk_knob_find(t[i].knob);
		char got[256] = "";
		size_t n, o = 0;
		char **v;

		assert_non_null(k);
		assert_int_equal(cgk_cgshcmd_knob_values(k, t[i].prefix, &v, &n), 0);
		for (size_t j = 0; j < n; j++)
			o += (size_t)snprintf(got + o, sizeof(got) - o, "%s%s", j ? " " : "", v[j]);
		assert_null(v[n]);
		if (strcmp(got, t[i].want))
			fail_msg("%s '%s': '%s', want '%s'", t[i].knob, t[i].prefix, got, t[i].want);
		cgk_strv_free(v);
	}
}

static void test_path_join(void **state)
{
	static const struct {
		const char *cwd, *arg;
		int rc;
		const char *want;
	} t[] = {
		{ "/", "a", 0, "/a" },
		{ "/", "", 0, "/" },
		{ "/a", "", 0, "/a" },
		{ "/a/b", "..", 0, "/a" },
		{ "/a/b", "../c", 0, "/a/c" },
		{ "/a", "../../..", 0, "/" },
		{ "/", "..", 0, "/" },
		{ "/a", "/x//y/", 0, "/x/y" },
		{ "/a", "./b/./c/", 0, "/a/b/c" },
		{ "/a", ".", 0, "/a" },
		{ "//a//b/", "c", 0, "/a/b/c" },
		{ "/a", "...", 0, "/a/..." },
		{ "/a", "b..c/.d", 0, "/a/b..c/.d" },
		{ "/a", "x:y", 0, "/a/x:y" },
		{ "a", "x", -EINVAL, NULL },
		{ "", "x", -EINVAL, NULL },
		{ "/", "a\nb", -EINVAL, NULL },
	};
	char buf[64];

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		int r = cgk_cgshcmd_path_join(t[i].cwd, t[i].arg, buf, sizeof(buf));

		if (r != t[i].rc || (r == 0 && strcmp(buf, t[i].want)))
			fail_msg("'%s' + '%s': %d '%s'", t[i].cwd, t[i].arg, r, r ? "" : buf);
	}
	/* exactly fits: "/" + 5 bytes + NUL in 7 */
	assert_int_equal(cgk_cgshcmd_path_join("/", "abcde", buf, 7), 0);
	assert_string_equal(buf, "/abcde");
	assert_int_equal(cgk_cgshcmd_path_join("/", "abcdef", buf, 7), -ENAMETOOLONG);
	assert_int_equal(cgk_cgshcmd_path_join("/abc", "../abcdef", buf, 8), 0);
	assert_string_equal(buf, "/abcdef");
	assert_int_equal(cgk_cgshcmd_path_join("/", NULL, buf, 8), -EINVAL);
}

static void test_prompt(void **state)
{
	static const struct {
		const char *path, *want;
	} t[] = {
		{ "/", "/" },
		{ "/a/b", "/a/b" },
		{ "/system.slice/docker-" ID ".scope", "docker:4c46475c05c0" },
		{ "/x/system.slice/docker-" ID ".scope/sub/s2", "docker:4c46475c05c0/sub/s2" },
		{ "/docker/" ID, "docker:4c46475c05c0" },
		{ "/system.slice/crio-" ID ".scope", "crio:4c46475c05c0" },
		{ "/system.slice/docker-4c46.scope", "/system.slice/docker-4c46.scope" },
		{ "/kubepods.slice", "/kubepods.slice" },
		{ POD, "pod:3f1c5e2a" },
		{ "/t" POD "/x", "pod:3f1c5e2a/x" },
		{ POD "/cri-containerd-" CID ".scope", "pod:3f1c5e2a/containerd:9a8b7c6d5e4f" },
		{ POD "/cri-containerd-" CID ".scope/a", "pod:3f1c5e2a/containerd:9a8b7c6d5e4f/a" },
		{ "/a\x01\x7f" "b/\xc3\xa9", "/a??b/??" },
	};
	char buf[256];

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		int n = cgk_cgshcmd_prompt(t[i].path, buf, sizeof(buf));

		if (strcmp(buf, t[i].want) || n != (int)strlen(t[i].want))
			fail_msg("'%s': '%s' (%d), want '%s'", t[i].path, buf, n, t[i].want);
	}
	/* snprintf semantics: the full length, a truncated string */
	assert_int_equal(cgk_cgshcmd_prompt("/abcdef", buf, 4), 7);
	assert_string_equal(buf, "/ab");
	assert_int_equal(cgk_cgshcmd_prompt("/system.slice/docker-" ID ".scope", buf, 8), 19);
	assert_string_equal(buf, "docker:");
	assert_int_equal(cgk_cgshcmd_prompt("/a", NULL, 0), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_strerror),
		cmocka_unit_test(test_defs),
		cmocka_unit_test(test_context),
		cmocka_unit_test(test_want),
		cmocka_unit_test(test_filter),
		cmocka_unit_test(test_knob_values),
		cmocka_unit_test(test_path_join),
		cmocka_unit_test(test_prompt),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
