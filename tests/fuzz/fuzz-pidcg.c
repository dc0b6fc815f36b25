/* SPDX-License-Identifier: MIT */
/* fuzz-pidcg - cgk_pidcg_parse (/proc/PID/cgroup) and the controller-list helpers */
#include <errno.h>
#include <stdbool.h>

#include "cgpath.h"
#include "fuzz.h"

/* A controller list as /proc/PID/cgroup holds it: "" or "a,b" of [A-Za-z0-9_.-] or name=X. */
static void check_ctrls(const char *s)
{
	if (!*s)
		return;
	for (const char *p = s, *c; ; p = c + 1) {
		size_t n, i = 0;

		c = strchr(p, ',');
		n = c ? (size_t)(c - p) : strlen(p);
		if (n > 5 && !memcmp(p, "name=", 5))
			i = 5;
		FUZZ_ASSERT(n > i);
		for (; i < n; i++)
			FUZZ_ASSERT(strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
					   "0123456789_.-", p[i]));
		/* each name is in the list, exactly; a prefix of it is not */
		{
			char *name = strndup(p, n);

			FUZZ_ASSERT(name);
			FUZZ_ASSERT(cgk_ctrls_has(s, name));
			FUZZ_ASSERT(cgk_ctrls_equal(name, name));
			free(name);
		}
		if (!c)
			break;
	}
	FUZZ_ASSERT(cgk_ctrls_equal(s, s));
	FUZZ_ASSERT(!cgk_ctrls_has(s, ""));
	FUZZ_ASSERT(!cgk_ctrls_has(s, s) || !strchr(s, ','));
}

/* S's names in reverse order: the same set. */
static char *reversed(const char *s)
{
	size_t n = strlen(s), o = 0;
	char *r = fuzz_xmalloc(n + 1);
	const char *e = s + n;

	while (e > s) {
		const char *b = e;

		while (b > s && b[-1] != ',')
			b--;
		if (o)
			r[o++] = ',';
		memcpy(r + o, b, (size_t)(e - b));
		o += (size_t)(e - b);
		e = b > s ? b - 1 : s;
	}
	r[o] = '\0';
	return r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct cgk_pidcg poison[1];
	struct cgk_pidcg *a = poison, *b = poison;
	size_t n = 12345, nb = 12345, cap = 1, o = 0;
	char *buf = fuzz_dup(data, size), *text;
	int r = cgk_pidcg_parse(buf, size, &a, &n);

	free(buf);
	if (r < 0) {
		FUZZ_ASSERT(r == -EINVAL || r == -E2BIG);
		FUZZ_ASSERT(a == poison && n == 12345);
		return 0;
	}
	FUZZ_ASSERT(r == 0);
	FUZZ_ASSERT(!memchr(data, '\0', size));	/* no line cut short */
	FUZZ_ASSERT((n == 0) == (a == NULL));
	FUZZ_ASSERT(n <= 1024);
	for (size_t i = 0; i < n; i++) {
		char *rev;

		FUZZ_ASSERT(a[i].controllers && a[i].path);
		FUZZ_ASSERT(a[i].path[0] == '/');
		FUZZ_ASSERT(!strchr(a[i].path, '\n') && !strchr(a[i].controllers, '\n'));
		check_ctrls(a[i].controllers);
		rev = reversed(a[i].controllers);
		FUZZ_ASSERT(cgk_ctrls_equal(a[i].controllers, rev));
		free(rev);
		if (i > 0)
			FUZZ_ASSERT(cgk_ctrls_equal(a[i].controllers, a[i - 1].controllers) ==
				    cgk_ctrls_equal(a[i - 1].controllers, a[i].controllers));
		cap += strlen(a[i].controllers) + strlen(a[i].path) + 16;
	}

	/* The lines it made read back the same. */
	text = fuzz_xmalloc(cap);
	for (size_t i = 0; i < n; i++)
		o += (size_t)sprintf(text + o, "%u:%s:%s\n", a[i].id, a[i].controllers, a[i].path);
	buf = fuzz_dup(text, o);
	free(text);
	r = cgk_pidcg_parse(buf, o, &b, &nb);
	free(buf);
	FUZZ_ASSERT(r == 0 && nb == n);
	for (size_t i = 0; i < n; i++)
		FUZZ_ASSERT(b[i].id == a[i].id && !strcmp(b[i].controllers, a[i].controllers) &&
			    !strcmp(b[i].path, a[i].path));
	cgk_pidcg_free(b, nb);
	cgk_pidcg_free(a, n);
	return 0;
}
