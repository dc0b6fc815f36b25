/* SPDX-License-Identifier: MIT */
/* fuzz-mountinfo - cgk_mountinfo_parse: shape of the result, reparse of its own text */
#include <errno.h>
#include <stdbool.h>

#include "fuzz.h"
#include "mountinfo.h"
#include "util.h"

/* Controllers of a v1 mount: "a,b", no empty name, no mount option. */
static void check_v1_controllers(const char *s)
{
	static const char *const opts[] = {
		"rw", "ro", "noprefix", "clone_children", "xattr", "none", "all",
	};

	FUZZ_ASSERT(*s);
	for (const char *p = s, *c; ; p = c + 1) {
		size_t n;

		c = strchr(p, ',');
		n = c ? (size_t)(c - p) : strlen(p);
		FUZZ_ASSERT(n > 0);
		FUZZ_ASSERT(!memchr(p, ' ', n) && !memchr(p, '\n', n));
		/* release_agent=..., context=... are options; name=X is not */
		if (memchr(p, '=', n))
			FUZZ_ASSERT(n > 5 && !memcmp(p, "name=", 5));
		for (size_t i = 0; i < ARRAY_SIZE(opts); i++)
			FUZZ_ASSERT(strlen(opts[i]) != n || memcmp(p, opts[i], n));
		if (!c)
			break;
	}
}

/* Append S to OUT, mangled as the kernel's mangle_path() does. */
static size_t put_mangled(char *out, size_t o, const char *s)
{
	for (; *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\\')
			o += (size_t)sprintf(out + o, "\\%03o", (unsigned char)*s);
		else
			out[o++] = *s;
	}
	return o;
}

/* The mountinfo text the kernel would show for M[0..N). */
static char *unparse(const struct cgk_mount *m, size_t n, size_t *ret_len)
{
	size_t cap = 1, o = 0;
	char *out;

	for (size_t i = 0; i < n; i++)
		cap += 4 * (strlen(m[i].root) + strlen(m[i].mountpoint)) +
		       strlen(m[i].controllers) + 128;
	out = fuzz_xmalloc(cap);
	for (size_t i = 0; i < n; i++) {
		o += (size_t)sprintf(out + o, "%zu 1 0:%zu ", 30 + i, 40 + i);
		o = put_mangled(out, o, m[i].root);
		out[o++] = ' ';
		o = put_mangled(out, o, m[i].mountpoint);
		if (m[i].version == 1)
			o += (size_t)sprintf(out + o, " rw,nosuid shared:%zu - cgroup cgroup rw,%s\n",
					     i + 1, m[i].controllers);
		else
			o += (size_t)sprintf(out + o, " rw,nosuid - cgroup2 cgroup2 rw,nsdelegate\n");
	}
	FUZZ_ASSERT(o < cap);
	*ret_len = o;
	return out;
}

static bool same(const struct cgk_mount *a, size_t na, const struct cgk_mount *b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++)
		if (a[i].version != b[i].version || strcmp(a[i].controllers, b[i].controllers) ||
		    strcmp(a[i].root, b[i].root) || strcmp(a[i].mountpoint, b[i].mountpoint))
			return false;
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct cgk_mount poison[1];
	struct cgk_mount *m = poison, *m2 = poison;
	size_t n = 12345, n2 = 12345, tlen;
	char *buf = fuzz_dup(data, size), *text;
	int r = cgk_mountinfo_parse(buf, size, &m, &n);

	free(buf);
	if (r < 0) {
		FUZZ_ASSERT(r == -EINVAL || r == -E2BIG);
		FUZZ_ASSERT(m == poison && n == 12345);	/* untouched on error */
		return 0;
	}
	FUZZ_ASSERT(r == 0);
	FUZZ_ASSERT((n == 0) == (m == NULL));
	FUZZ_ASSERT(n <= 4096);
	for (size_t i = 0; i < n; i++) {
		FUZZ_ASSERT(m[i].version == 1 || m[i].version == 2);
		FUZZ_ASSERT(m[i].controllers && m[i].root && m[i].mountpoint);
		FUZZ_ASSERT(m[i].root[0] == '/' && m[i].mountpoint[0] == '/');
		if (m[i].version == 2)
			FUZZ_ASSERT(!*m[i].controllers);
		else
			check_v1_controllers(m[i].controllers);
		/* one entry per hierarchy */
		for (size_t j = 0; j < i; j++)
			FUZZ_ASSERT(m[j].version != m[i].version ||
				    strcmp(m[j].controllers, m[i].controllers));
	}

	/* What it made of the input reads back as the same table. */
	text = unparse(m, n, &tlen);
	buf = fuzz_dup(text, tlen);
	free(text);
	r = cgk_mountinfo_parse(buf, tlen, &m2, &n2);
	free(buf);
	FUZZ_ASSERT(r == 0);
	FUZZ_ASSERT(same(m, n, m2, n2));
	cgk_mounts_free(m2, n2);
	cgk_mounts_free(m, n);
	return 0;
}
