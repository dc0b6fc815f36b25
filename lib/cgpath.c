/* SPDX-License-Identifier: MIT */
/* cgpath - cgroup path specs, normalisation, /proc/PID/cgroup */
#include <stdlib.h>
#include <string.h>

#include "cgpath.h"
#include "util.h"

#define PIDCG_MAX 1024		/* bound on /proc/PID/cgroup lines */

int cgk_cgpath_normalize(const char *in, char **ret)
{
	size_t len = strlen(in), o = 0;
	_cleanup_free_ char *s = NULL;

	if (memchr(in, '\n', len))
		return -EINVAL;
	s = malloc(len + 1);
	if (!s)
		return -ENOMEM;
	for (const char *p = in, *e = in + len, *c; p < e; p = c + 1) {
		size_t n;

		if (!(c = memchr(p, '/', e - p)))
			c = e;
		n = c - p;
		if (n == 0 || (n == 1 && p[0] == '.'))
			continue;
		if (n == 2 && p[0] == '.' && p[1] == '.')
			return -EINVAL;
		if (o)
			s[o++] = '/';
		memcpy(s + o, p, n);
		o += n;
	}
	if (o > CGK_PATH_MAX)
		return -EINVAL;
	s[o] = '\0';
	*ret = TAKE_PTR(s);
	return 0;
}

bool cgk_cgpath_is_safe(const char *p)
{
	size_t len;

	if (!p)
		return false;
	len = strlen(p);
	if (len == 0)
		return true;
	if (len > CGK_PATH_MAX || p[0] == '/' || memchr(p, '\n', len))
		return false;
	for (const char *e = p + len, *c; p <= e; p = c + 1) {
		size_t n;

		if (!(c = memchr(p, '/', e - p)))
			c = e;
		n = c - p;
		if (n == 0 || (n == 1 && p[0] == '.') ||
		    (n == 2 && p[0] == '.' && p[1] == '.'))
			return false;
	}
	return true;
}

/* One controller name: "cpu", "net_cls", "name=systemd". */
static bool ctrl_name_ok(const char *p, size_t n)
{
	size_t i = 0;

	if (n > 5 && !memcmp(p, "name=", 5))
		i = 5;
	if (n == i)
		return false;
	for (; i < n; i++)
		if (!((p[i] >= 'a' && p[i] <= 'z') || (p[i] >= 'A' && p[i] <= 'Z') ||
		      (p[i] >= '0' && p[i] <= '9') ||
		      p[i] == '_' || p[i] == '-' || p[i] == '.'))
			return false;
	return true;
}

/* A comma list of controller names, none empty. */
static bool ctrls_ok(const char *s, size_t len)
{
	if (len == 0)
		return false;
	for (const char *p = s, *e = s + len, *c; p <= e; p = c + 1) {
		if (!(c = memchr(p, ',', e - p)))
			c = e;
		if (!ctrl_name_ok(p, c - p))
			return false;
	}
	return true;
}

int cgk_spec_parse(const char *in, struct cgk_spec *ret)
{
	_cleanup_free_ char *ctrls = NULL, *path = NULL;
	const char *colon = strchr(in, ':');
	int r;

	if (!*in)
		return -EINVAL;
	/* a ':' after a '/' belongs to the path: "/a:b" has no controllers */
	if (colon && memchr(in, '/', colon - in))
		colon = NULL;
	if (colon) {
		if (!ctrls_ok(in, colon - in) || !colon[1])
			return -EINVAL;
		ctrls = cgk_strndup(in, colon - in);
		if (!ctrls)
			return -ENOMEM;
		in = colon + 1;
	}
	r = cgk_cgpath_normalize(in, &path);
	if (r < 0)
		return r;
	ret->controllers = TAKE_PTR(ctrls);
	ret->path = TAKE_PTR(path);
	return 0;
}

void cgk_spec_done(struct cgk_spec *s)
{
	if (!s)
		return;
	free(s->controllers);
	free(s->path);
	s->controllers = s->path = NULL;
}

void cgk_pidcg_free(struct cgk_pidcg *a, size_t n)
{
	if (!a)
		return;
	for (size_t i = 0; i < n; i++) {
		free(a[i].controllers);
		free(a[i].path);
	}
	free(a);
}

/* "ID:CONTROLLERS:PATH"; the path is the rest of the line, ':' and all. */
static int pidcg_line(const char *p, const char *e, struct cgk_pidcg *ret)
{
	const char *c1, *c2;
	uint64_t id;
	struct cgk_pidcg t;

	/* the kernel writes no NUL; one would cut the path short */
	if (memchr(p, '\0', e - p))
		return -EINVAL;
	if (!(c1 = memchr(p, ':', e - p)) || c1 == p ||
	    !(c2 = memchr(c1 + 1, ':', e - c1 - 1)))
		return -EINVAL;
	for (const char *q = p; q < c1; q++)
		if (*q < '0' || *q > '9')
			return -EINVAL;
	if (cgk_parse_u64(p, c1 - p, &id) < 0 || id > 0xffffffffu)
		return -EINVAL;
	if (c2 > c1 + 1 && !ctrls_ok(c1 + 1, c2 - c1 - 1))
		return -EINVAL;
	if (c2 + 1 == e || c2[1] != '/')
		return -EINVAL;
	t.id = (unsigned)id;
	t.controllers = cgk_strndup(c1 + 1, c2 - c1 - 1);
	t.path = cgk_strndup(c2 + 1, e - c2 - 1);
	if (!t.controllers || !t.path) {
		free(t.controllers);
		free(t.path);
		return -ENOMEM;
	}
	*ret = t;
	return 0;
}

int cgk_pidcg_parse(const char *buf, size_t len, struct cgk_pidcg **ret,
		    size_t *ret_n)
{
	struct cgk_pidcg *a = NULL;
	size_t n = 0, cap = 0;
	int r = 0;

	for (const char *p = buf, *e = buf + len, *eol; p < e; p = eol + 1) {
		if (!(eol = memchr(p, '\n', e - p)))
			eol = e;
		if (eol == p)
			continue;
		r = n < PIDCG_MAX ? cgk_grow((void **)&a, &cap, n, sizeof(*a))
				  : -E2BIG;
		if (r < 0)
			goto fail;
		r = pidcg_line(p, eol, &a[n]);
		if (r < 0)
			goto fail;
		n++;
	}
	*ret = a;
	*ret_n = n;
	return 0;
fail:
	cgk_pidcg_free(a, n);
	return r;
}

/* True when comma list LIST holds the name C[0..N). */
static bool has_n(const char *list, const char *c, size_t n)
{
	const char *e = list + strlen(list);

	if (n == 0)
		return false;
	for (const char *p = list, *q; p < e; p = q + 1) {
		if (!(q = memchr(p, ',', e - p)))
			q = e;
		if ((size_t)(q - p) == n && !memcmp(p, c, n))
			return true;
	}
	return false;
}

/* Every name of A is in B. */
static bool subset(const char *a, const char *b)
{
	const char *e = a + strlen(a);

	for (const char *p = a, *q; p < e; p = q + 1) {
		if (!(q = memchr(p, ',', e - p)))
			q = e;
		if (q > p && !has_n(b, p, q - p))
			return false;
	}
	return true;
}

bool cgk_ctrls_equal(const char *a, const char *b)
{
	if (!a)
		a = "";
	if (!b)
		b = "";
	return subset(a, b) && subset(b, a);
}

bool cgk_ctrls_has(const char *list, const char *c)
{
	if (!list || !c || strchr(c, ','))
		return false;
	return has_n(list, c, strlen(c));
}
