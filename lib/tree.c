/* SPDX-License-Identifier: MIT */
/* tree - one cgroup tree merged across hierarchies, with its processes */
#include <fcntl.h>
#include <stdio.h>

#include "cgpath.h"
#include "proc.h"
#include "tree.h"
#include "util.h"
#include "walk.h"

/* Open-addressing index of nodes by (parent, name): merging hierarchies
 * and placing processes are lookups, not scans of sibling lists. */
struct index {
	struct cgk_node **slot;
	size_t cap, n;
};

static uint64_t node_hash(const struct cgk_node *parent, const char *name, size_t len)
{
	uint64_t x = 0xcbf29ce484222325ULL ^ (uint64_t)(uintptr_t)parent;

	for (size_t i = 0; i < len; i++)
		x = (x ^ (unsigned char)name[i]) * 0x100000001b3ULL;
	return x ^ (x >> 29);
}

static struct cgk_node *index_find(const struct index *ix, const struct cgk_node *parent,
				   const char *name, size_t len)
{
	size_t i;

	if (!ix->cap)
		return NULL;
	for (i = node_hash(parent, name, len) & (ix->cap - 1); ix->slot[i];
	     i = (i + 1) & (ix->cap - 1)) {
		struct cgk_node *n = ix->slot[i];

		if (n->parent == parent && !strncmp(n->name, name, len) && !n->name[len])
			return n;
	}
	return NULL;
}

static int index_add(struct index *ix, struct cgk_node *node)
{
	size_t i;

	if (2 * (ix->n + 1) > ix->cap) {
		size_t ncap = ix->cap ? ix->cap * 2 : 1024;
		struct cgk_node **ns = calloc(ncap, sizeof(*ns));

		if (!ns)
			return -ENOMEM;
		for (size_t j = 0; j < ix->cap; j++) {
			struct cgk_node *n = ix->slot[j];

			if (!n)
				continue;
			for (i = node_hash(n->parent, n->name, strlen(n->name)) & (ncap - 1);
			     ns[i]; i = (i + 1) & (ncap - 1))
				;
			ns[i] = n;
		}
		free(ix->slot);
		ix->slot = ns;
		ix->cap = ncap;
	}
	for (i = node_hash(node->parent, node->name, strlen(node->name)) & (ix->cap - 1);
	     ix->slot[i]; i = (i + 1) & (ix->cap - 1))
		;
	ix->slot[i] = node;
	ix->n++;
	return 0;
}

static void node_free(struct cgk_node *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->nchildren; i++)
		node_free(n->children[i]);
	free(n->children);
	free(n->procs);
	free(n->v2ctrls);
	free(n->name);
	free(n);
}

void cgk_tree_free(struct cgk_tree *t)
{
	struct index *ix;

	if (!t)
		return;
	node_free(t->root);
	for (size_t i = 0; i < t->nprocs; i++) {
		free(t->procs[i]->cmdline);
		free(t->procs[i]);
	}
	free(t->procs);
	ix = t->index;
	if (ix)
		free(ix->slot);
	free(ix);
	free(t);
}

static struct cgk_node *node_new(const char *name, size_t len, struct cgk_node *parent)
{
	struct cgk_node *n = calloc(1, sizeof(*n));

	if (!n)
		return NULL;
	n->name = cgk_strndup(name, len);
	if (!n->name) {
		free(n);
		return NULL;
	}
	n->parent = parent;
	n->depth = parent ? parent->depth + 1 : 0;
	return n;
}

static int child_get(struct cgk_tree *t, struct cgk_node *parent, const char *name,
		     struct cgk_node **ret)
{
	size_t len = strlen(name);
	struct cgk_node *n = index_find(t->index, parent, name, len);
	int r;

	if (!n) {
		n = node_new(name, len, parent);
		if (!n)
			return -ENOMEM;
		r = cgk_grow((void **)&parent->children, &parent->cap_children,
			     parent->nchildren, sizeof(*parent->children));
		if (r < 0 || (r = index_add(t->index, n)) < 0) {
			node_free(n);
			return r;
		}
		parent->children[parent->nchildren++] = n;
		t->nnodes++;
	}
	*ret = n;
	return 0;
}

static int walk_one(struct cgk_tree *t, int dirfd, unsigned bit, unsigned maxdepth,
		    bool v2ctrls)
{
	struct cgk_node *stack[CGK_WALK_DEPTH_MAX + 1];
	const struct cgk_walk_entry *e;
	struct cgk_walk *w;
	int r;

	r = cgk_walk_open(dirfd, maxdepth, &w);
	if (r < 0)
		return r;
	if (!v2ctrls)
		cgk_walk_no_leaf_fds(w);
	while ((r = cgk_walk_next(w, &e)) > 0) {
		struct cgk_node *n;

		if (e->depth == 0) {
			n = t->root;
		} else {
			r = child_get(t, stack[e->depth - 1], e->name, &n);
			if (r < 0)
				break;
		}
		n->hmask |= UINT64_C(1) << bit;
		if (v2ctrls && !n->v2ctrls) {
			r = cgk_hier_v2_list(e->dirfd, "cgroup.controllers", &n->v2ctrls);
			if (r == -ENOMEM)
				break;
		}
		stack[e->depth] = n;
	}
	cgk_walk_free(w);
	return r;
}

/* The node of REL (below the tree root) or the deepest one that exists. */
static struct cgk_node *lookup(const struct cgk_tree *t, const char *rel, bool *ret_exact)
{
	struct cgk_node *n = t->root;

	for (const char *p = rel, *e; *p; p = *e ? e + 1 : e) {
		struct cgk_node *c;

		e = strchrnul(p, '/');
		c = index_find(t->index, n, p, e - p);
		if (!c) {
			*ret_exact = false;
			return n;
		}
		n = c;
	}
	*ret_exact = true;
	return n;
}

static int proc_new(struct cgk_tree *t, int procfd, pid_t pid, bool kthreads,
		    struct cgk_proc **ret)
{
	char file[64], raw[4096], line[4096];
	struct cgk_proc *p;
	ssize_t n;
	size_t l;
	bool kt = false;
	int r;

	snprintf(file, sizeof(file), "%d/cmdline", (int)pid);
	n = cgk_read_at_buf(procfd, file, raw, sizeof(raw));
	if (n == -EFBIG)
		n = sizeof(raw) - 1;	/* a long command line: keep its start */
	if (n < 0)
		return (int)n;
	l = cgk_cmdline_format(raw, (size_t)n, line, sizeof(line));
	if (l == 0) {
		struct cgk_pidstat st;

		snprintf(file, sizeof(file), "%d/stat", (int)pid);
		n = cgk_read_at_buf(procfd, file, raw, sizeof(raw));
		if (n < 0)
			return (int)n;
		r = cgk_pidstat_parse(raw, (size_t)n, &st);
		if (r < 0)
			return r;
		kt = cgk_pidstat_is_kthread(&st);
		if (kt && !kthreads) {
			*ret = NULL;
			return 0;
		}
		snprintf(line, sizeof(line), "[%s]", st.comm);
	}
	p = calloc(1, sizeof(*p));
	if (!p || !(p->cmdline = strdup(line))) {
		free(p);
		return -ENOMEM;
	}
	p->pid = pid;
	p->kthread = kt;
	r = cgk_grow((void **)&t->procs, &t->cap_procs, t->nprocs, sizeof(*t->procs));
	if (r < 0) {
		free(p->cmdline);
		free(p);
		return r;
	}
	t->procs[t->nprocs++] = p;
	*ret = p;
	return 0;
}

static bool is_ancestor(const struct cgk_node *a, const struct cgk_node *n)
{
	for (n = n->parent; n; n = n->parent)
		if (n == a)
			return true;
	return false;
}

/*
 * Place process PID under the node of its cgroups inside the tree. Where one
 * of them is an ancestor of another (a process at "/" in net_cls but in a
 * container's scope in cpu), only the deeper one counts: the merged tree
 * shows each process where it really is, not again at every ancestor.
 */
static int place_pid(struct cgk_tree *t, const struct cgk_hiers *h, uint64_t hmask,
		     char *const *start, unsigned maxdepth, pid_t pid, unsigned flags)
{
	struct cgk_node *at[CGK_HIER_MAX];
	bool below[CGK_HIER_MAX];
	char file[64], buf[4096];
	struct cgk_pidcg *cg = NULL;
	struct cgk_proc *proc = NULL;
	size_t n = 0, nat = 0;
	ssize_t len;
	int r;

	snprintf(file, sizeof(file), "%d/cgroup", (int)pid);
	len = cgk_read_at_buf(h->procfd, file, buf, sizeof(buf));
	if (len < 0)
		return (int)len;
	r = cgk_pidcg_parse(buf, (size_t)len, &cg, &n);
	if (r < 0)
		return r;
	for (size_t j = 0; j < n && nat < CGK_HIER_MAX; j++) {
		const char *mrel;
		struct cgk_node *node;
		size_t sl;
		bool exact, dup = false;
		int i;

		if (cgk_hiers_match(h, cg[j].id, cg[j].controllers, cg[j].path,
				    &i, &mrel) < 0 || !(hmask & (UINT64_C(1) << i)))
			continue;
		sl = strlen(start[i]);
		if (sl) {
			if (strncmp(mrel, start[i], sl) || (mrel[sl] && mrel[sl] != '/'))
				continue;
			mrel += sl;
			while (*mrel == '/')
				mrel++;
		}
		node = lookup(t, mrel, &exact);
		if (!exact && node->depth < maxdepth)
			continue;	/* made after the walk */
		for (size_t k = 0; k < nat; k++)
			dup |= at[k] == node && below[k] == !exact;
		if (dup)
			continue;
		at[nat] = node;
		below[nat++] = !exact;
	}
	cgk_pidcg_free(cg, n);
	if (nat == 0)
		return 0;
	r = proc_new(t, h->procfd, pid, flags & CGK_TREE_KTHREADS, &proc);
	if (r < 0 || !proc)
		return r;	/* error, or a kernel thread not shown */
	for (size_t j = 0; j < nat; j++) {
		bool shadowed = false;

		for (size_t k = 0; k < nat && !shadowed; k++)
			shadowed = k != j && (is_ancestor(at[j], at[k]) ||
					      (at[j] == at[k] && below[k] && !below[j]));
		if (shadowed)
			continue;
		if (below[j]) {
			at[j]->nprocs_rec++;	/* below the depth limit: counted, not listed */
			continue;
		}
		r = cgk_grow((void **)&at[j]->procs, &at[j]->cap_procs, at[j]->nprocs,
			     sizeof(*at[j]->procs));
		if (r < 0)
			return r;
		at[j]->procs[at[j]->nprocs++] = proc;
	}
	return 0;
}

static int name_cmp(const void *a, const void *b)
{
	const struct cgk_node *x = *(struct cgk_node *const *)a;
	const struct cgk_node *y = *(struct cgk_node *const *)b;

	return strcmp(x->name, y->name);
}

static size_t finish(struct cgk_node *n)
{
	if (n->nchildren > 1)
		qsort(n->children, n->nchildren, sizeof(*n->children), name_cmp);
	n->nprocs_rec += n->nprocs;
	for (size_t i = 0; i < n->nchildren; i++)
		n->nprocs_rec += finish(n->children[i]);
	return n->nprocs_rec;
}

/*
 * Does v2 hierarchy HI enable controllers below its root? Only then does a
 * cgroup's cgroup.controllers say more than the hierarchy's name (on a
 * hybrid host whose cgroup2 mount has no controllers for its children, each
 * cgroup would otherwise differ from the root for nothing).
 */
static bool v2_delegates(const struct cgk_hier *hi)
{
	_cleanup_free_ char *sc = NULL;
	int fd;
	bool yes;

	if (hi->version != 2)
		return false;
	fd = openat(hi->fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return false;
	yes = cgk_hier_v2_list(fd, "cgroup.subtree_control", &sc) == 0 && *sc;
	close(fd);
	return yes;
}

int cgk_tree_build(const struct cgk_hiers *h, uint64_t hmask, char *const *start,
		   unsigned maxdepth, unsigned flags, struct cgk_tree **ret)
{
	struct cgk_tree *t;
	bool any = false;
	int r = 0;

	if (maxdepth > CGK_WALK_DEPTH_MAX)
		maxdepth = CGK_WALK_DEPTH_MAX;
	t = calloc(1, sizeof(*t));
	if (!t)
		return -ENOMEM;
	t->index = calloc(1, sizeof(struct index));
	t->root = node_new("", 0, NULL);
	if (!t->index || !t->root) {
		r = -ENOMEM;
		goto fail;
	}
	t->nnodes = 1;
	for (size_t i = 0; i < h->n; i++) {
		int fd;

		if (!(hmask & (UINT64_C(1) << i)))
			continue;
		fd = cgk_hier_open(&h->v[i], start[i], O_RDONLY);
		if (fd < 0) {
			if (fd == -ENOENT)
				continue;
			r = fd;
			goto fail;
		}
		r = walk_one(t, fd, (unsigned)i, maxdepth,
			     (flags & CGK_TREE_V2CTRLS) && v2_delegates(&h->v[i]));
		close(fd);
		if (r < 0)
			goto fail;
		any = true;
	}
	if (!any) {
		r = -ENOENT;
		goto fail;
	}
	hmask &= t->root->hmask;
	if (flags & CGK_TREE_PROCS) {
		pid_t *pids = NULL;
		size_t np = 0;

		r = cgk_proc_list_pids(h->procfd, &pids, &np);
		if (r < 0)
			goto fail;
		for (size_t k = 0; k < np; k++) {
			r = place_pid(t, h, hmask, start, maxdepth, pids[k], flags);
			if (r == -ENOENT || r == -ESRCH || r == -EINVAL)
				r = 0;	/* gone mid-scan, or a zombie's empty file */
			if (r < 0)
				break;
		}
		free(pids);
		if (r < 0)
			goto fail;
	}
	finish(t->root);
	*ret = t;
	return 0;
fail:
	cgk_tree_free(t);
	return r;
}

int cgk_node_path(const struct cgk_node *n, char *buf, size_t size)
{
	const struct cgk_node *v[CGK_WALK_DEPTH_MAX + 2];
	size_t k = 0, off = 0;

	for (; n && n->parent && k < ARRAY_SIZE(v); n = n->parent)
		v[k++] = n;
	if (size)
		buf[0] = '\0';
	while (k--) {
		size_t l = strlen(v[k]->name);

		if (off + l + 2 > size)
			return -ENAMETOOLONG;
		if (off)
			buf[off++] = '/';
		memcpy(buf + off, v[k]->name, l + 1);
		off += l;
	}
	return 0;
}
