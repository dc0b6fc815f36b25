/* SPDX-License-Identifier: MIT */
/* target - CGROUP operands (path, ctrl:path, full path, container id) resolved per hierarchy */
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>

#include "ns.h"
#include "target.h"
#include "tree.h"
#include "util.h"
#include "walk.h"

#define BIT(i) (UINT64_C(1) << (i))

__attribute__((format(printf, 2, 3)))
static void seterr(struct cgk_target_error *err, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return;
	va_start(ap, fmt);
	vsnprintf(err->why, sizeof(err->why), fmt, ap);
	va_end(ap);
}

static int fail(struct cgk_target_error *err, int r, bool usage, bool with_errno)
{
	if (err) {
		err->usage = usage;
		err->with_errno = with_errno;
	}
	return r;
}

static int first_bit(uint64_t mask)
{
	return mask ? __builtin_ctzll(mask) : -1;
}

static int exists(const struct cgk_hiers *h, int i, const char *mrel)
{
	int fd = cgk_hier_open(&h->v[i], mrel, O_PATH);

	if (fd < 0)
		return fd;
	close(fd);
	return 0;
}

void cgk_target_done(struct cgk_target *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < CGK_HIER_MAX; i++)
		free(t->mrel[i]);
	memset(t, 0, sizeof(*t));
}

int cgk_target_root(const struct cgk_hiers *h, uint64_t allowed, struct cgk_target *ret)
{
	struct cgk_target t = { .arg = "/", .label = "/" };

	for (size_t i = 0; i < h->n; i++) {
		if (!(allowed & BIT(i)))
			continue;
		if (!(t.mrel[i] = strdup(h->v[i].base))) {
			cgk_target_done(&t);
			return -ENOMEM;
		}
		t.hmask |= BIT(i);
	}
	t.exists = t.hmask;
	*ret = t;
	return 0;
}

/* ---- containers ---- */

void cgk_ctrs_free(struct cgk_ctr *v, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		for (size_t i = 0; i < CGK_HIER_MAX; i++)
			free(v[k].mrel[i]);
		free(v[k].pids);
	}
	free(v);
}

static int add_pids(struct cgk_ctr *c, const struct cgk_node *n)
{
	for (size_t j = 0; j < n->nprocs; j++) {
		if (cgk_grow((void **)&c->pids, &c->cap, c->npids, sizeof(*c->pids)) < 0)
			return -ENOMEM;
		c->pids[c->npids++] = n->procs[j]->pid;
	}
	for (size_t j = 0; j < n->nchildren; j++)
		if (add_pids(c, n->children[j]) < 0)
			return -ENOMEM;
	return 0;
}

struct ctr_scan {
	const struct cgk_hiers *h;
	const struct cgk_target *t;
	struct cgk_ctr *v;
	size_t n, cap;
	unsigned flags;
};

/* With CGK_CTRS_PODS: MREL as a pod (runtime NONE, pod_uid and qos set). */
static bool scan_pod(const struct ctr_scan *s, const char *mrel, struct cgk_container *c)
{
	if (!(s->flags & CGK_CTRS_PODS))
		return false;
	memset(c, 0, sizeof(*c));
	return cgk_pod_parse(mrel, c->pod_uid, &c->qos) == 1;
}

/*
 * Is MREL (of hierarchy I) a container? By its name, and where the name
 * leaves it open, by the shim of its processes (NODE's own when the tree
 * has them, else its cgroup.procs).
 */
static bool scan_ctr(const struct ctr_scan *s, int i, const char *mrel,
		     const struct cgk_node *node, struct cgk_container *c)
{
	pid_t pids[16];
	size_t n = 0;
	int fd, r;

	if (!cgk_container_wants_shim(mrel))
		return cgk_container_parse(mrel, c) == 1;
	if (s->flags & CGK_CTRS_PROCS) {
		for (; n < node->nprocs && n < ARRAY_SIZE(pids); n++)
			pids[n] = node->procs[n]->pid;
		return cgk_container_probe(s->h->procfd, -EBADF, mrel, pids, n, c) == 1;
	}
	fd = cgk_hier_open(&s->h->v[i], mrel, O_PATH);
	r = cgk_container_probe(s->h->procfd, fd, mrel, NULL, 0, c);
	if (fd >= 0)
		close(fd);
	return r == 1;
}

/* Same container (by id) or same pod (by uid). */
static bool same_ctr(const struct cgk_container *a, const struct cgk_container *b)
{
	if ((a->runtime == CGK_RT_NONE) != (b->runtime == CGK_RT_NONE))
		return false;
	if (a->runtime == CGK_RT_NONE)
		return streq(a->pod_uid, b->pod_uid);
	return streq(a->id, b->id);
}

static int scan_node(struct ctr_scan *s, const struct cgk_node *node, char *rel, size_t rlen)
{
	struct cgk_container c;
	char mrel[CGK_PATH_MAX];
	int i = first_bit(node->hmask);

	if (i >= 0 && snprintf(mrel, sizeof(mrel), "%s%s%s", s->t->mrel[i],
			       *s->t->mrel[i] && rlen ? "/" : "", rel) < (int)sizeof(mrel) &&
	    (scan_ctr(s, i, mrel, node, &c) || scan_pod(s, mrel, &c))) {
		struct cgk_ctr *x = NULL;

		for (size_t k = 0; k < s->n; k++)
			if (same_ctr(&s->v[k].c, &c))
				x = &s->v[k];
		if (!x) {
			if (cgk_grow((void **)&s->v, &s->cap, s->n, sizeof(*s->v)) < 0)
				return -ENOMEM;
			x = &s->v[s->n++];
			memset(x, 0, sizeof(*x));
			x->c = c;
			cgk_hier_user_path(&s->h->v[i], mrel, x->user, sizeof(x->user));
		}
		for (uint64_t m = node->hmask; m; m &= m - 1) {
			int b = first_bit(m);

			if (x->mrel[b])
				continue;
			snprintf(mrel, sizeof(mrel), "%s%s%s", s->t->mrel[b],
				 *s->t->mrel[b] && rlen ? "/" : "", rel);
			if (!(x->mrel[b] = strdup(mrel)))
				return -ENOMEM;
			x->hmask |= BIT(b);
		}
		if (add_pids(x, node) < 0)
			return -ENOMEM;
	}
	for (size_t j = 0; j < node->nchildren; j++) {
		const char *name = node->children[j]->name;
		size_t l = strlen(name);
		int r;

		if (rlen + l + 2 >= CGK_PATH_MAX)
			continue;
		if (rlen)
			rel[rlen] = '/';
		memcpy(rel + rlen + !!rlen, name, l + 1);
		r = scan_node(s, node->children[j], rel, rlen + !!rlen + l);
		rel[rlen] = '\0';
		if (r < 0)
			return r;
	}
	return 0;
}

static int ctr_cmp(const void *a, const void *b)
{
	return strcmp(((const struct cgk_ctr *)a)->user, ((const struct cgk_ctr *)b)->user);
}

int cgk_ctrs_find(const struct cgk_hiers *h, const struct cgk_target *roots, size_t nroots,
		  unsigned flags, struct cgk_ctr **ret, size_t *ret_n, size_t *ret_failed)
{
	struct ctr_scan s = { .h = h, .flags = flags };

	for (size_t k = 0; k < nroots; k++) {
		struct cgk_tree *tree;
		char rel[CGK_PATH_MAX] = "";
		int r;

		r = cgk_tree_build(h, roots[k].hmask, roots[k].mrel, CGK_WALK_DEPTH_MAX,
				   flags & CGK_CTRS_PROCS ? CGK_TREE_PROCS : 0, &tree);
		if (r >= 0) {
			s.t = &roots[k];
			r = scan_node(&s, tree->root, rel, 0);
			cgk_tree_free(tree);
		}
		if (r < 0) {
			cgk_ctrs_free(s.v, s.n);
			if (ret_failed)
				*ret_failed = k;
			return r;
		}
	}
	if (s.n > 1)
		qsort(s.v, s.n, sizeof(*s.v), ctr_cmp);
	*ret = s.v;
	*ret_n = s.n;
	return 0;
}

/* ---- names ---- */

/* One cache per process, for the sysroot it was made for. */
static struct cgk_names *names_cache;
static int names_rootfd = -1, names_procfd = -1;

struct cgk_names *cgk_target_names(const struct cgk_hiers *h)
{
	if (names_cache && (names_rootfd != h->rootfd || names_procfd != h->procfd))
		cgk_target_names_free();
	if (!names_cache) {
		struct cgk_names_conf conf;

		cgk_names_conf_env(&conf);
		names_cache = cgk_names_new(h->rootfd, h->procfd, &conf);
		names_rootfd = h->rootfd;
		names_procfd = h->procfd;
	}
	return names_cache;
}

void cgk_target_names_free(void)
{
	cgk_names_free(names_cache);
	names_cache = NULL;
	names_rootfd = names_procfd = -1;
}

const struct cgk_name *cgk_ctr_name(const struct cgk_hiers *h, const struct cgk_ctr *c)
{
	struct cgk_names *nc = cgk_target_names(h);
	pid_t init = c->init;

	if (!nc || c->c.runtime == CGK_RT_NONE)
		return NULL;
	if (!init && cgk_ns_find_init(h->procfd, c->pids, c->npids, &init) < 0)
		init = 0;
	return cgk_names_get(nc, &c->c, init);
}

const char *cgk_target_what(const struct cgk_target *t, char *buf, size_t size)
{
	if (t->ctr.runtime != CGK_RT_NONE)
		snprintf(buf, size, "%s %s", cgk_runtime_name(t->ctr.runtime), t->ctr.id);
	else if (t->ctr.pod_uid[0])
		snprintf(buf, size, "pod %s", t->ctr.pod_uid);
	else if (size)
		buf[0] = '\0';
	return buf;
}

/* "runtime id12" of the hits, comma separated, as much as fits in why. */
static void list_hits(struct cgk_target_error *err, const char *what, const char *s,
		      const struct cgk_ctr *v, const size_t *hit, size_t nhit)
{
	char list[200] = "";
	size_t l = 0;

	for (size_t i = 0; i < nhit && l < sizeof(list); i++) {
		const struct cgk_container *c = &v[hit[i]].c;
		int w = c->runtime != CGK_RT_NONE ?
			snprintf(list + l, sizeof(list) - l, "%s%s %.12s", i ? ", " : "",
				 cgk_runtime_name(c->runtime), c->id) :
			snprintf(list + l, sizeof(list) - l, "%spod %s", i ? ", " : "", c->pod_uid);

		if (w < 0 || (size_t)w >= sizeof(list) - l) {
			snprintf(list + (l > sizeof(list) - 6 ? sizeof(list) - 6 : l), 6, ", ...");
			break;
		}
		l += (size_t)w;
	}
	seterr(err, "%s '%.40s' matches %zu: %s", what, s, nhit, list);
}

/* Take the cgroups of V[K] into T, with its identity. */
static void take_ctr(const struct cgk_hiers *h, struct cgk_ctr *v, size_t k, struct cgk_target *t)
{
	t->hmask = t->exists = v[k].hmask;
	for (size_t i = 0; i < h->n; i++)
		t->mrel[i] = TAKE_PTR(v[k].mrel[i]);
	snprintf(t->label, sizeof(t->label), "%s", v[k].user);
	t->ctr = v[k].c;
}

static bool eq(const char *a, const char *b, size_t bn)
{
	return a && strlen(a) == bn && !memcmp(a, b, bn);
}

/* "NS/POD" or "NS/POD/CONTAINER": two or three words (no '/' or ':') joined by '/' */
static bool pod_shape(const char *s)
{
	size_t parts = 1;

	if (!*s || strchr(s, ':'))
		return false;
	for (const char *p = s; *p; p++) {
		if (*p != '/')
			continue;
		if (p == s || p[-1] == '/' || !p[1])
			return false;
		parts++;
	}
	return parts == 2 || parts == 3;
}

/*
 * Operand S as a pod "NS/POD" or a container "NS/POD/CONTAINER" by the CRI
 * annotations (CRI-O's, the dockershim's labels). 0 and *T; -ENOENT when
 * nothing has that name (err untouched); -ENOTUNIQ; -errno.
 */
static int resolve_pod_name(const struct cgk_hiers *h, const char *s, uint64_t allowed,
			    struct cgk_target *t, struct cgk_target_error *err)
{
	const char *p = strchr(s, '/'), *c = p ? strchr(p + 1, '/') : NULL;
	size_t nsn, podn, n, nhit = 0, hit[8], npods = 0, pods[8];
	struct cgk_target all;
	struct cgk_ctr *v;
	int r;

	if (!p || p == s || (c && (c == p + 1 || !c[1] || strchr(c + 1, '/'))) || (!c && !p[1]))
		return -ENOENT;
	nsn = (size_t)(p - s);
	podn = c ? (size_t)(c - p - 1) : strlen(p + 1);
	r = cgk_target_root(h, allowed, &all);
	if (r < 0)
		return r;
	r = cgk_ctrs_find(h, &all, 1, CGK_CTRS_PROCS | CGK_CTRS_PODS, &v, &n, NULL);
	cgk_target_done(&all);
	if (r < 0)
		return r;
	for (size_t k = 0; k < n; k++) {
		const struct cgk_name *nm;
		const char *uid;

		if (v[k].c.runtime == CGK_RT_NONE || !(nm = cgk_ctr_name(h, &v[k])) ||
		    !eq(nm->pod_ns, s, nsn) || !eq(nm->pod_name, p + 1, podn))
			continue;
		if (c) {
			if (!nm->sandbox && nm->container && streq(nm->container, c + 1) &&
			    nhit < ARRAY_SIZE(hit))
				hit[nhit++] = k;
			continue;
		}
		/* the pod: its cgroup, by the uid its containers' cgroups or annotations give */
		uid = v[k].c.pod_uid[0] ? v[k].c.pod_uid : nm->pod_uid;
		for (size_t j = 0; uid && j < n; j++) {
			bool dup = false;

			if (v[j].c.runtime != CGK_RT_NONE || !streq(v[j].c.pod_uid, uid))
				continue;
			for (size_t i = 0; i < npods; i++)
				dup |= pods[i] == j;
			if (!dup && npods < ARRAY_SIZE(pods))
				pods[npods++] = j;
		}
	}
	if (c ? nhit > 1 : npods > 1) {
		list_hits(err, c ? "container" : "pod", s, v, c ? hit : pods, c ? nhit : npods);
		cgk_ctrs_free(v, n);
		return fail(err, -ENOTUNIQ, false, false);
	}
	if (c ? nhit == 0 : npods == 0) {
		cgk_ctrs_free(v, n);
		return -ENOENT;
	}
	take_ctr(h, v, c ? hit[0] : pods[0], t);
	cgk_ctrs_free(v, n);
	return 0;
}

/* ---- operands ---- */

static int resolve_container(const struct cgk_hiers *h, const char *s, uint64_t allowed,
			     struct cgk_target *t, struct cgk_target_error *err)
{
	size_t len = strlen(s), n, nhit = 0, hit[8], nid = 0;
	struct cgk_target all;
	struct cgk_ctr *v;
	bool ids_only = false;
	int r;

	bool prefix = len >= 4 && len <= 64 && cgk_is_hex(s, len);

	/* anything else may still be a whole id a shim named (ctr's "web"), or a name */
	if (!prefix && !cgk_container_id_ok(s))
		goto not_an_id;
	r = cgk_target_root(h, allowed, &all);
	if (r < 0) {
		seterr(err, "%s", "");
		return fail(err, r, false, true);
	}
	/*
	 * A hex prefix is an id first: the names (which need every cgroup's
	 * processes and the runtimes' files) only when no id has it. A word
	 * is matched against ids and names at once.
	 */
	r = cgk_ctrs_find(h, &all, 1, prefix ? 0 : CGK_CTRS_PROCS, &v, &n, NULL);
	if (r == 0 && prefix) {
		for (size_t k = 0; k < n && !ids_only; k++)
			ids_only = !strncmp(v[k].c.id, s, len);
		if (!ids_only) {
			cgk_ctrs_free(v, n);
			r = cgk_ctrs_find(h, &all, 1, CGK_CTRS_PROCS, &v, &n, NULL);
		}
	}
	cgk_target_done(&all);
	if (r < 0) {
		seterr(err, "%s", "");
		return fail(err, r, false, true);
	}
	for (size_t k = 0; k < n; k++) {
		bool id = prefix ? !strncmp(v[k].c.id, s, len) : streq(v[k].c.id, s);
		const struct cgk_name *nm = id || ids_only ? NULL : cgk_ctr_name(h, &v[k]);

		if (!id && !(nm && nm->name && streq(nm->name, s)))
			continue;
		nid += id;
		if (nhit < ARRAY_SIZE(hit))
			hit[nhit] = k;
		nhit++;
	}
	if (nhit > 1) {
		if (nid == nhit && prefix)
			seterr(err, "ambiguous container id prefix (%.12s, %.12s)",
			       v[hit[0]].c.id, v[hit[1]].c.id);
		else
			list_hits(err, "name", s, v, hit, nhit < ARRAY_SIZE(hit) ? nhit : ARRAY_SIZE(hit));
		cgk_ctrs_free(v, n);
		return fail(err, -ENOTUNIQ, false, false);
	}
	if (nhit == 0) {
		cgk_ctrs_free(v, n);
		if (!prefix) {
			/* a ctr container that is gone ends here too: one line */
			seterr(err, "not a cgroup path (/a/b, ctrl:/a/b) nor a container id "
			       "prefix (4 to 64 lowercase hex digits) nor a container's id or name");
			return fail(err, -ENOENT, false, false);
		}
		seterr(err, "no container with this id prefix");
		return fail(err, -ENOENT, false, false);
	}
	take_ctr(h, v, hit[0], t);
	cgk_ctrs_free(v, n);
	return 0;
not_an_id:
	seterr(err, "not a cgroup path (/a/b, ctrl:/a/b) nor a container id "
	       "prefix (4 to 64 lowercase hex digits) nor a container's name");
	return fail(err, -EINVAL, true, false);
}

int cgk_target_resolve(const struct cgk_hiers *h, const char *s, uint64_t allowed,
		       unsigned flags, struct cgk_target *ret, struct cgk_target_error *err)
{
	struct cgk_target t = { .arg = s };
	struct cgk_spec sp = { 0 };
	uint64_t mask;
	const char *bad = NULL;
	char *mrel;
	int i, r;

	if (err)
		memset(err, 0, sizeof(*err));
	if (s[0] == '/' && cgk_hiers_from_fullpath(h, s, &i, &mrel) == 0 &&
	    strchr(s + 1, '/')) {
		/* a full /sys/fs/cgroup/<ctrl>/... path */
		if (!(allowed & BIT(i))) {
			free(mrel);
			return fail(err, -EXDEV, false, false);
		}
		r = exists(h, i, mrel);
		if (r < 0 && !(r == -ENOENT && (flags & CGK_TARGET_MISSING))) {
			free(mrel);
			return fail(err, r, false, true);
		}
		t.hmask = BIT(i);
		t.exists = r == 0 ? BIT(i) : 0;
		t.mrel[i] = mrel;
		cgk_hier_user_path(&h->v[i], mrel, t.label, sizeof(t.label));
		*ret = t;
		return 0;
	}
	if (!strchr(s, '/') && !strchr(s, ':')) {
		r = resolve_container(h, s, allowed, &t, err);
		if (r == 0)
			*ret = t;
		return r;
	}
	r = cgk_spec_parse(s, &sp);
	if (r < 0) {
		seterr(err, "invalid cgroup path (want /a/b or ctrl[,ctrl]:/a/b, no '..')");
		return fail(err, -EINVAL, true, false);
	}
	if (cgk_hiers_mask(h, sp.controllers, &mask, &bad) < 0) {
		size_t l = bad ? strcspn(bad, ",") : 0;

		seterr(err, "no hierarchy holds controller '%.*s'", (int)l, bad ? bad : "");
		cgk_spec_done(&sp);
		return fail(err, -ENOENT, false, false);
	}
	if (sp.controllers && (mask & ~allowed)) {
		cgk_spec_done(&sp);
		return fail(err, -EXDEV, false, false);
	}
	mask &= allowed;
	snprintf(t.label, sizeof(t.label), "/%s", sp.path);
	for (size_t k = 0; k < h->n; k++) {
		char buf[CGK_PATH_MAX];

		if (!(mask & BIT(k)))
			continue;
		if (cgk_hier_path(&h->v[k], sp.path, buf, sizeof(buf)) < 0) {
			seterr(err, "path too long");
			r = fail(err, -ENAMETOOLONG, false, false);
			goto out;
		}
		r = exists(h, (int)k, buf);
		if (r < 0) {
			if (r == -ENOENT && (flags & CGK_TARGET_MISSING) &&
			    (h->v[k].version == 1 || cgk_hiers_v2_only(h))) {
				/* kept for --create */
			} else if (sp.controllers || r != -ENOENT) {
				seterr(err, "in %s", h->v[k].name);
				r = fail(err, r, false, true);
				goto out;
			} else {
				continue;
			}
		} else {
			t.exists |= BIT(k);
		}
		if (!(t.mrel[k] = strdup(buf))) {
			r = fail(err, -ENOMEM, false, true);
			goto out;
		}
		t.hmask |= BIT(k);
	}
	r = 0;
	if (!t.hmask && !sp.controllers && pod_shape(s)) {
		/* "ns/pod" or "ns/pod/container" when no such cgroup is there */
		struct cgk_target_error e2 = { 0 };

		cgk_spec_done(&sp);
		r = resolve_pod_name(h, s, allowed, &t, &e2);
		if (r == 0) {
			*ret = t;
			return 0;
		}
		if (r == -ENOENT) {
			seterr(err, "no such cgroup, nor a pod (NS/POD) or pod's container "
			       "(NS/POD/CONTAINER) of that name");
			return fail(err, -ENOENT, false, false);
		}
		cgk_target_done(&t);
		if (err)
			*err = e2;
		return r == -ENOTUNIQ ? r : fail(err, r, false, true);
	}
	if (!t.hmask) {
		seterr(err, "no such cgroup");
		r = fail(err, -ENOENT, false, false);
	}
out:
	cgk_spec_done(&sp);
	if (r < 0) {
		cgk_target_done(&t);
		return r;
	}
	*ret = t;
	return 0;
}

int cgk_target_resolve_pod(const struct cgk_hiers *h, const char *s, uint64_t allowed,
			   struct cgk_target *ret, struct cgk_target_error *err)
{
	struct cgk_target t = { .arg = s };
	size_t len = strlen(s), n, hit = SIZE_MAX;
	struct cgk_target all;
	struct cgk_ctr *v;
	char want[37];
	int r;

	if (err)
		memset(err, 0, sizeof(*err));
	for (size_t i = 0; i < len && i < sizeof(want) - 1; i++)
		want[i] = s[i] == '_' ? '-' : s[i];
	if (len < 4 || len >= sizeof(want) || !(cgk_is_hex(s, 1))) {
		seterr(err, "not a pod uid prefix (4 to 36 lowercase hex digits and '-')");
		return fail(err, -EINVAL, true, false);
	}
	want[len] = '\0';
	for (size_t i = 0; i < len; i++)
		if (want[i] != '-' && !cgk_is_hex(want + i, 1)) {
			seterr(err, "not a pod uid prefix (4 to 36 lowercase hex digits and '-')");
			return fail(err, -EINVAL, true, false);
		}
	r = cgk_target_root(h, allowed, &all);
	if (r < 0) {
		seterr(err, "%s", "");
		return fail(err, r, false, true);
	}
	r = cgk_ctrs_find(h, &all, 1, CGK_CTRS_PODS, &v, &n, NULL);
	cgk_target_done(&all);
	if (r < 0) {
		seterr(err, "%s", "");
		return fail(err, r, false, true);
	}
	for (size_t k = 0; k < n; k++) {
		if (v[k].c.runtime != CGK_RT_NONE || strncmp(v[k].c.pod_uid, want, len))
			continue;
		if (hit != SIZE_MAX) {
			seterr(err, "ambiguous pod uid prefix (%s, %s)", v[hit].c.pod_uid,
			       v[k].c.pod_uid);
			cgk_ctrs_free(v, n);
			return fail(err, -ENOTUNIQ, false, false);
		}
		hit = k;
	}
	if (hit == SIZE_MAX) {
		seterr(err, "no pod with this uid prefix");
		cgk_ctrs_free(v, n);
		return fail(err, -ENOENT, false, false);
	}
	take_ctr(h, v, hit, &t);
	cgk_ctrs_free(v, n);
	*ret = t;
	return 0;
}

/* ---- descendants ---- */

struct desc {
	const struct cgk_hiers *h;
	const struct cgk_target *t;
	struct cgk_target *v;
	size_t n, cap;
};

static int desc_node(struct desc *d, const struct cgk_node *node, char *rel, size_t rlen)
{
	if (rlen) {
		struct cgk_target *x;

		if (cgk_grow((void **)&d->v, &d->cap, d->n, sizeof(*d->v)) < 0)
			return -ENOMEM;
		x = &d->v[d->n++];
		memset(x, 0, sizeof(*x));
		x->arg = d->t->arg;
		if (snprintf(x->label, sizeof(x->label), "%s/%s",
			     streq(d->t->label, "/") ? "" : d->t->label, rel) >= (int)sizeof(x->label))
			return -ENAMETOOLONG;
		for (uint64_t m = node->hmask; m; m &= m - 1) {
			int b = first_bit(m);
			const char *st = d->t->mrel[b];

			if (asprintf(&x->mrel[b], "%s%s%s", st, *st ? "/" : "", rel) < 0) {
				x->mrel[b] = NULL;
				return -ENOMEM;
			}
			x->hmask |= BIT(b);
		}
		x->exists = x->hmask;
	}
	for (size_t j = 0; j < node->nchildren; j++) {
		const char *name = node->children[j]->name;
		size_t l = strlen(name);
		int r;

		if (rlen + l + 2 >= CGK_PATH_MAX)
			return -ENAMETOOLONG;
		if (rlen)
			rel[rlen] = '/';
		memcpy(rel + rlen + !!rlen, name, l + 1);
		r = desc_node(d, node->children[j], rel, rlen + !!rlen + l);
		rel[rlen] = '\0';
		if (r < 0)
			return r;
	}
	return 0;
}

int cgk_target_descendants(const struct cgk_hiers *h, const struct cgk_target *t,
			   unsigned maxdepth, struct cgk_target **ret, size_t *ret_n)
{
	struct desc d = { .h = h, .t = t };
	char rel[CGK_PATH_MAX] = "";
	struct cgk_tree *tree;
	int r;

	r = cgk_tree_build(h, t->exists, t->mrel, maxdepth, 0, &tree);
	if (r < 0)
		return r;
	r = desc_node(&d, tree->root, rel, 0);
	cgk_tree_free(tree);
	if (r < 0) {
		for (size_t k = 0; k < d.n; k++)
			cgk_target_done(&d.v[k]);
		free(d.v);
		return r;
	}
	*ret = d.v;
	*ret_n = d.n;
	return 0;
}
