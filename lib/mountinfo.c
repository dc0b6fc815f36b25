/* SPDX-License-Identifier: MIT */
/* mountinfo - parse /proc/PID/mountinfo into cgroup hierarchies */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "mountinfo.h"
#include "util.h"

#define MI_FIELDS_MAX 64	/* 6 fixed + optional fields + "-" + 3 */
#define MI_MOUNTS_MAX 4096	/* bound on the cgroup mounts we keep */

struct field {
	const char *p;
	size_t n;
};

static bool field_is(const struct field *f, const char *s)
{
	size_t n = strlen(s);

	return f->n == n && !memcmp(f->p, s, n);
}

/* A decimal number, no sign, no blanks. */
static bool all_digits(const char *p, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (p[i] < '0' || p[i] > '9')
			return false;
	return true;
}

/*
 * Undo the kernel's mangling of a path (mangle_path(): space, tab, newline
 * and backslash become \ooo). A stray backslash or "\000" means the line is
 * not what the kernel writes, so it is refused.
 */
static int unescape(const struct field *f, char **ret)
{
	_cleanup_free_ char *s = malloc(f->n + 1);
	size_t o = 0;

	if (!s)
		return -ENOMEM;
	for (size_t i = 0; i < f->n; i++) {
		unsigned v = 0;

		if (f->p[i] != '\\') {
			s[o++] = f->p[i];
			continue;
		}
		if (f->n - i < 4)
			return -EINVAL;
		for (size_t j = 1; j <= 3; j++) {
			char c = f->p[i + j];

			if (c < '0' || c > '7')
				return -EINVAL;
			v = v * 8 + (unsigned)(c - '0');
		}
		if (v == 0 || v > 0xff)
			return -EINVAL;
		s[o++] = (char)v;
		i += 3;
	}
	s[o] = '\0';
	*ret = TAKE_PTR(s);
	return 0;
}

/* Options the kernel shows among a v1 hierarchy's super options that are
 * not controllers (generic superblock flags, LSM flags, cgroup1 flags). */
static bool is_v1_option(const char *p, size_t n)
{
	static const char *const opts[] = {
		"rw", "ro", "sync", "dirsync", "mand", "lazytime", "seclabel",
		"noprefix", "clone_children", "xattr", "cpuset_v2_mode",
		"favordynmods", "none", "all",
	};
	const void *eq = memchr(p, '=', n);

	if (eq)		/* release_agent=, context=, ...; name= is kept */
		return !(n > 5 && !memcmp(p, "name=", 5));
	for (size_t i = 0; i < ARRAY_SIZE(opts); i++)
		if (strlen(opts[i]) == n && !memcmp(p, opts[i], n))
			return true;
	return false;
}

/* Controllers of a v1 hierarchy from its super options, in their order. */
static int v1_controllers(const struct field *f, char **ret)
{
	_cleanup_free_ char *s = malloc(f->n + 1);
	const char *e = f->p + f->n;
	size_t o = 0;

	if (!s)
		return -ENOMEM;
	for (const char *p = f->p, *c; p < e; p = c + 1) {
		size_t n;

		if (!(c = memchr(p, ',', e - p)))
			c = e;
		n = c - p;
		if (n == 0)
			return -EINVAL;
		if (is_v1_option(p, n))
			continue;
		if (o)
			s[o++] = ',';
		memcpy(s + o, p, n);
		o += n;
	}
	if (o == 0)	/* the kernel refuses a v1 mount without one */
		return -EINVAL;
	s[o] = '\0';
	*ret = TAKE_PTR(s);
	return 0;
}

static void mount_done(struct cgk_mount *m)
{
	free(m->controllers);
	free(m->mountpoint);
	free(m->root);
}

/*
 * Parse one line. Returns 1 with *m filled for a cgroup mount, 0 for any
 * other well-formed mount, -EINVAL when the line is not mountinfo's shape
 * (then we cannot even tell whether it is a cgroup mount).
 */
static int parse_line(const char *p, const char *e, struct cgk_mount *m)
{
	struct field f[MI_FIELDS_MAX];
	struct cgk_mount t = { 0 };
	size_t nf = 0, sep = 0;
	const struct field *fs;
	const char *c;
	int r;

	while (p < e) {
		const char *sp = memchr(p, ' ', e - p);

		if (!sp)
			sp = e;
		if (sp == p || nf == MI_FIELDS_MAX)	/* empty field: double blank */
			return -EINVAL;
		f[nf].p = p;
		f[nf++].n = sp - p;
		p = sp + (sp < e);
		if (sp + 1 == e)	/* trailing blank */
			return -EINVAL;
	}
	for (size_t i = 6; i < nf; i++)
		if (field_is(&f[i], "-")) {
			sep = i;
			break;
		}
	if (sep == 0 || nf != sep + 4)
		return -EINVAL;
	fs = &f[sep + 1];
	if (field_is(fs, "cgroup"))
		t.version = 1;
	else if (field_is(fs, "cgroup2"))
		t.version = 2;
	else
		return 0;

	/* the kernel writes no NUL; one would cut the strings below short */
	if (memchr(f[0].p, '\0', e - f[0].p))
		return -EINVAL;
	if (!all_digits(f[0].p, f[0].n) || !all_digits(f[1].p, f[1].n))
		return -EINVAL;
	c = memchr(f[2].p, ':', f[2].n);
	if (!c || !all_digits(f[2].p, c - f[2].p) ||
	    !all_digits(c + 1, f[2].p + f[2].n - c - 1))
		return -EINVAL;
	if (f[3].p[0] != '/' || f[4].p[0] != '/')
		return -EINVAL;

	if (t.version == 1)
		r = v1_controllers(&f[sep + 3], &t.controllers);
	else
		r = (t.controllers = strdup("")) ? 0 : -ENOMEM;
	if (r >= 0)
		r = unescape(&f[3], &t.root);
	if (r >= 0)
		r = unescape(&f[4], &t.mountpoint);
	if (r < 0) {
		mount_done(&t);
		return r;
	}
	*m = t;
	return 1;
}

void cgk_mounts_free(struct cgk_mount *m, size_t n)
{
	if (!m)
		return;
	for (size_t i = 0; i < n; i++)
		mount_done(&m[i]);
	free(m);
}

/* The index of an earlier mount of the same hierarchy, or N. */
static size_t find_same(const struct cgk_mount *a, size_t n,
			const struct cgk_mount *m)
{
	for (size_t i = 0; i < n; i++)
		if (a[i].version == m->version &&
		    streq(a[i].controllers, m->controllers))
			return i;
	return n;
}

int cgk_mountinfo_parse(const char *buf, size_t len, struct cgk_mount **ret,
			size_t *ret_n)
{
	struct cgk_mount *a = NULL;
	size_t n = 0, cap = 0;
	int r = 0;

	for (const char *p = buf, *e = buf + len, *eol; p < e; p = eol + 1) {
		struct cgk_mount m;
		size_t i;

		if (!(eol = memchr(p, '\n', e - p)))
			eol = e;
		if (eol == p)
			continue;
		r = parse_line(p, eol, &m);
		if (r < 0)
			goto fail;
		if (r == 0)
			continue;
		i = find_same(a, n, &m);
		if (i < n) {
			/* keep the first whole-hierarchy mount, in the
			 * place where the hierarchy first appeared */
			if (!streq(a[i].root, "/") && streq(m.root, "/")) {
				mount_done(&a[i]);
				a[i] = m;
			} else {
				mount_done(&m);
			}
			continue;
		}
		r = n < MI_MOUNTS_MAX ? cgk_grow((void **)&a, &cap, n, sizeof(*a))
				      : -E2BIG;
		if (r < 0) {
			mount_done(&m);
			goto fail;
		}
		a[n++] = m;
	}
	*ret = a;
	*ret_n = n;
	return 0;
fail:
	cgk_mounts_free(a, n);
	return r;
}
