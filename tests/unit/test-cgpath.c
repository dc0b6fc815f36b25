/* SPDX-License-Identifier: MIT */
/* test-cgpath - path normalisation, specs, /proc/PID/cgroup, controller lists */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>

#include "cgpath.h"
#include "util.h"

static char sentinel[] = "untouched";

static void test_normalize(void **state)
{
	static const struct { const char *in; int rc; const char *out; } t[] = {
		{ "", 0, "" },
		{ "/", 0, "" },
		{ "///", 0, "" },
		{ ".", 0, "" },
		{ "/./.", 0, "" },
		{ "/a/b", 0, "a/b" },
		{ "a/b/", 0, "a/b" },
		{ "//a//./b//", 0, "a/b" },
		{ "/process_api/846941850a89", 0, "process_api/846941850a89" },
		{ "/a.b/..c/c..", 0, "a.b/..c/c.." },
		{ "/a b/c:d", 0, "a b/c:d" },
		{ "..", -EINVAL, NULL },
		{ "/..", -EINVAL, NULL },
		{ "/a/../b", -EINVAL, NULL },
		{ "a/..", -EINVAL, NULL },
		{ "a/../", -EINVAL, NULL },
		{ "/a\nb", -EINVAL, NULL },
	};

	(void) state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		char *out = sentinel;
		int r = cgk_cgpath_normalize(t[i].in, &out);

		if (r != t[i].rc)
			fail_msg("\"%s\": rc %d, want %d", t[i].in, r, t[i].rc);
		if (r < 0) {
			assert_ptr_equal(out, sentinel);
			continue;
		}
		assert_string_equal(out, t[i].out);
		free(out);
	}
}

static void test_normalize_long(void **state)
{
	_cleanup_free_ char *in = malloc(CGK_PATH_MAX + 3);
	char *out = sentinel;

	(void) state;
	assert_non_null(in);
	/* "/" + CGK_PATH_MAX letters + "/" normalises to exactly the bound */
	in[0] = '/';
	memset(in + 1, 'a', CGK_PATH_MAX);
	in[CGK_PATH_MAX + 1] = '/';
	in[CGK_PATH_MAX + 2] = '\0';
	assert_int_equal(cgk_cgpath_normalize(in, &out), 0);
	assert_int_equal(strlen(out), CGK_PATH_MAX);
	free(out);
	out = sentinel;
	in[CGK_PATH_MAX + 1] = 'a';
	assert_int_equal(cgk_cgpath_normalize(in, &out), -EINVAL);
	assert_ptr_equal(out, sentinel);
}

static void test_is_safe(void **state)
{
	static const struct { const char *p; bool ok; } t[] = {
		{ "", true },
		{ "a", true },
		{ "a/b", true },
		{ "docker/4e9b.scope", true },
		{ "..a/b..", true },
		{ "/a", false },
		{ "/", false },
		{ ".", false },
		{ "..", false },
		{ "a/..", false },
		{ "a/./b", false },
		{ "../a", false },
		{ "a//b", false },
		{ "a/", false },
		{ "a\nb", false },
	};

	(void) state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++)
		if (cgk_cgpath_is_safe(t[i].p) != t[i].ok)
			fail_msg("\"%s\": want %d", t[i].p, t[i].ok);
	assert_false(cgk_cgpath_is_safe(NULL));
}

static void test_spec(void **state)
{
	static const struct {
		const char *in;
		int rc;
		const char *ctrls, *path;
	} t[] = {
		{ "/a", 0, NULL, "a" },
		{ "a/b", 0, NULL, "a/b" },
		{ "/", 0, NULL, "" },
		{ "cpu,memory:/a/b", 0, "cpu,memory", "a/b" },
		{ "cpu:/", 0, "cpu", "" },
		{ "cpu:a//b/", 0, "cpu", "a/b" },
		{ "name=systemd:/x", 0, "name=systemd", "x" },
		{ "net_cls,net_prio:/k8s", 0, "net_cls,net_prio", "k8s" },
		{ "cpu:/a:b", 0, "cpu", "a:b" },
		{ "/a:b", 0, NULL, "a:b" },
		{ "/sys/fs/cgroup/cpu/a", 0, NULL, "sys/fs/cgroup/cpu/a" },
		{ "", -EINVAL, NULL, NULL },
		{ "cpu:", -EINVAL, NULL, NULL },
		{ ":/a", -EINVAL, NULL, NULL },
		{ ":", -EINVAL, NULL, NULL },
		{ "cpu,:/a", -EINVAL, NULL, NULL },
		{ ",cpu:/a", -EINVAL, NULL, NULL },
		{ "name=:/a", -EINVAL, NULL, NULL },
		{ "c pu:/a", -EINVAL, NULL, NULL },
		{ "..", -EINVAL, NULL, NULL },
		{ "/a/../b", -EINVAL, NULL, NULL },
		{ "cpu:/a/..", -EINVAL, NULL, NULL },
		{ "cpu:../a", -EINVAL, NULL, NULL },
		{ "cpu:/a\nb", -EINVAL, NULL, NULL },
	};

	(void) state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		struct cgk_spec s = { sentinel, sentinel };
		int r = cgk_spec_parse(t[i].in, &s);

		if (r != t[i].rc)
			fail_msg("\"%s\": rc %d, want %d", t[i].in, r, t[i].rc);
		if (r < 0) {
			assert_ptr_equal(s.controllers, sentinel);
			assert_ptr_equal(s.path, sentinel);
			continue;
		}
		if (t[i].ctrls)
			assert_string_equal(s.controllers, t[i].ctrls);
		else
			assert_null(s.controllers);
		assert_string_equal(s.path, t[i].path);
		cgk_spec_done(&s);
		assert_null(s.controllers);
		assert_null(s.path);
		cgk_spec_done(&s);	/* twice is fine */
	}
	cgk_spec_done(NULL);
}

#define MAXL 12
struct pidcg_case {
	const char *name, *in;
	int rc;
	size_t n;
	struct { unsigned id; const char *ctrls, *path; } l[MAXL];
};

static const struct pidcg_case pidcg[] = {
	{ "empty", "", 0, 0, { { 0 } } },
	{ "v2 only", "0::/\n", 0, 1, { { 0, "", "/" } } },
	{ "v2 service", "0::/system.slice/sshd.service\n", 0, 1,
	  { { 0, "", "/system.slice/sshd.service" } } },
	{ "this testbed",
	  "9:name=systemd:/\n"
	  "4:memory:/process_api/846941850a89fb0ec5cb974c7d342b05\n"
	  "2:cpuacct:/\n"
	  "1:cpu:/\n"
	  "0::/\n",
	  0, 5, {
		{ 9, "name=systemd", "/" },
		{ 4, "memory", "/process_api/846941850a89fb0ec5cb974c7d342b05" },
		{ 2, "cpuacct", "/" },
		{ 1, "cpu", "/" },
		{ 0, "", "/" } } },
	{ "co-mounted, no final newline",
	  "11:cpu,cpuacct:/docker/4e9b\n10:net_cls,net_prio:/docker/4e9b", 0, 2, {
		{ 11, "cpu,cpuacct", "/docker/4e9b" },
		{ 10, "net_cls,net_prio", "/docker/4e9b" } } },
	{ "path with ':'",
	  "5:memory:/kubepods/pod1/cri-containerd:ab:cd\n", 0, 1,
	  { { 5, "memory", "/kubepods/pod1/cri-containerd:ab:cd" } } },
	{ "cgroup namespace", "0::/../../x\n", 0, 1, { { 0, "", "/../../x" } } },
	{ "blank line skipped", "1:cpu:/\n\n0::/\n", 0, 2,
	  { { 1, "cpu", "/" }, { 0, "", "/" } } },

	{ "no path", "1:cpu:\n", -EINVAL, 0, { { 0 } } },
	{ "relative path", "1:cpu:a\n", -EINVAL, 0, { { 0 } } },
	{ "one colon", "1:/\n", -EINVAL, 0, { { 0 } } },
	{ "no id", ":cpu:/\n", -EINVAL, 0, { { 0 } } },
	{ "bad id", "x:cpu:/\n", -EINVAL, 0, { { 0 } } },
	{ "negative id", "-1:cpu:/\n", -EINVAL, 0, { { 0 } } },
	{ "id overflow", "4294967296:cpu:/\n", -EINVAL, 0, { { 0 } } },
	{ "empty controller", "1:cpu,:/\n", -EINVAL, 0, { { 0 } } },
	{ "not cgroup text", "hello\n", -EINVAL, 0, { { 0 } } },
	{ "bad line last", "1:cpu:/\n0::/\n2:memory\n", -EINVAL, 0, { { 0 } } },
};

static void check_pidcg(const struct pidcg_case *t, const char *buf, size_t len)
{
	struct cgk_pidcg s, *a = &s;
	size_t n = 999;
	int r = cgk_pidcg_parse(buf, len, &a, &n);

	if (r != t->rc)
		fail_msg("%s: rc %d, want %d", t->name, r, t->rc);
	if (r < 0) {
		assert_ptr_equal(a, &s);
		assert_int_equal(n, 999);
		return;
	}
	if (n != t->n)
		fail_msg("%s: %zu lines, want %zu", t->name, n, t->n);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(a[i].id, t->l[i].id);
		assert_string_equal(a[i].controllers, t->l[i].ctrls);
		assert_string_equal(a[i].path, t->l[i].path);
	}
	cgk_pidcg_free(a, n);
}

static void test_pidcg(void **state)
{
	(void) state;
	for (size_t i = 0; i < ARRAY_SIZE(pidcg); i++)
		check_pidcg(&pidcg[i], pidcg[i].in, strlen(pidcg[i].in));
	cgk_pidcg_free(NULL, 0);
}

/* A NUL byte is malformed, not the end of the path (fuzz-pidcg). */
static void test_pidcg_nul(void **state)
{
	static const char in[] = "0::/a\0/../../etc\n";
	static const struct pidcg_case bad = { "NUL in path", NULL, -EINVAL, 0, { { 0 } } };

	(void) state;
	check_pidcg(&bad, in, sizeof(in) - 1);
}

/* Our own /proc/self/cgroup parses, and names a v2 or v1 line for us. */
static void test_pidcg_self(void **state)
{
	_cleanup_free_ char *buf = NULL;
	struct cgk_pidcg *a = NULL;
	size_t len, n = 0;

	(void) state;
	assert_int_equal(cgk_read_at(AT_FDCWD, "/proc/self/cgroup", &buf, &len), 0);
	assert_int_equal(cgk_pidcg_parse(buf, len, &a, &n), 0);
	assert_true(n > 0);
	for (size_t i = 0; i < n; i++)
		assert_true(a[i].path[0] == '/');
	cgk_pidcg_free(a, n);
}

static void test_ctrls(void **state)
{
	static const struct { const char *a, *b; bool eq; } eq[] = {
		{ "cpu,cpuacct", "cpuacct,cpu", true },
		{ "cpu", "cpu", true },
		{ "", "", true },
		{ "net_cls,net_prio", "net_prio,net_cls", true },
		{ "name=systemd", "name=systemd", true },
		{ "cpu,cpu", "cpu", true },
		{ "cpu", "cpuacct", false },
		{ "cpuacct", "cpu", false },
		{ "cpu,cpuacct", "cpu", false },
		{ "cpu", "cpu,cpuacct", false },
		{ "", "cpu", false },
		{ "cpu", "", false },
		{ "name=systemd", "systemd", false },
	};
	static const struct { const char *list, *c; bool has; } has[] = {
		{ "cpu,cpuacct", "cpu", true },
		{ "cpu,cpuacct", "cpuacct", true },
		{ "cpuacct", "cpu", false },
		{ "cpu", "cpuacct", false },
		{ "cpuset", "cpu", false },
		{ "net_cls,net_prio", "net", false },
		{ "net_cls,net_prio", "net_prio", true },
		{ "name=systemd", "name=systemd", true },
		{ "name=systemd", "systemd", false },
		{ "cpu,cpuacct", "cpu,cpuacct", false },
		{ "cpu", "", false },
		{ "", "", false },
		{ "", "cpu", false },
	};

	(void) state;
	for (size_t i = 0; i < ARRAY_SIZE(eq); i++)
		if (cgk_ctrls_equal(eq[i].a, eq[i].b) != eq[i].eq)
			fail_msg("equal(\"%s\", \"%s\"): want %d", eq[i].a, eq[i].b, eq[i].eq);
	for (size_t i = 0; i < ARRAY_SIZE(has); i++)
		if (cgk_ctrls_has(has[i].list, has[i].c) != has[i].has)
			fail_msg("has(\"%s\", \"%s\"): want %d", has[i].list, has[i].c, has[i].has);
	assert_true(cgk_ctrls_equal(NULL, ""));
	assert_false(cgk_ctrls_equal(NULL, "cpu"));
	assert_false(cgk_ctrls_has(NULL, "cpu"));
	assert_false(cgk_ctrls_has("cpu", NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_normalize),
		cmocka_unit_test(test_normalize_long),
		cmocka_unit_test(test_is_safe),
		cmocka_unit_test(test_spec),
		cmocka_unit_test(test_pidcg),
		cmocka_unit_test(test_pidcg_nul),
		cmocka_unit_test(test_pidcg_self),
		cmocka_unit_test(test_ctrls),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
