/* SPDX-License-Identifier: MIT */
/* hier - the cgroup hierarchies of a (sys)root, and (controller, path) lookups */
#include <dirent.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cgpath.h"
#include "hier.h"
#include "mountinfo.h"
#include "util.h"

#define MOUNTINFO_MAX (4u << 20)	/* hosts with thousands of mounts */

static void hier_done(struct cgk_hier *hi)
{
	free(hi->controllers);
	free(hi->name);
	free(hi->mountpoint);
	free(hi->mount_root);
	free(hi->base);
	free(hi->ns_root);
	if (hi->fd >= 0)
		close(hi->fd);
}

void cgk_hiers_free(struct cgk_hiers *h)
{
	if (!h)
		return;
	for (size_t i = 0; i < h->n; i++)
		hier_done(&h->v[i]);
	free(h->v);
	if (h->rootfd >= 0)
		close(h->rootfd);
	if (h->procfd >= 0)
		close(h->procfd);
	if (h->cgfd >= 0)
		close(h->cgfd);
	free(h);
}

/* v2: its enabled controllers, "a b c\n" -> "a,b,c". */
int cgk_hier_v2_list(int dirfd, const char *file, char **ret)
{
	char *buf;
	size_t len;
	int r;

	if (!streq(file, "cgroup.controllers") && !streq(file, "cgroup.subtree_control"))
		return -EINVAL;
	r = cgk_read_at(dirfd, file, &buf, &len);
	if (r < 0)
		return r;
	cgk_hier_v2_list_parse(buf, len);
	*ret = buf;
	return 0;
}

size_t cgk_hier_v2_list_parse(char *buf, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < len && buf[i]; i++) {
		if (buf[i] == ' ' || buf[i] == '\n' || buf[i] == ',') {
			if (n && buf[n - 1] != ',')
				buf[n++] = ',';
		} else {
			buf[n++] = buf[i];
		}
	}
	if (n && buf[n - 1] == ',')
		n--;
	buf[n] = '\0';
	return n;
}

/*
 * Mount point MP (from mountinfo) below the sysroot ROOTFD, resolved inside
 * it: a symlink or ".." in a sysroot tree must not lead to a directory
 * outside, where writes would land. Without openat2, no ".." and no final
 * symlink.
 */
static int open_mountpoint(int rootfd, const char *mp)
{
	struct open_how how = {
		.flags = O_PATH | O_DIRECTORY | O_CLOEXEC,
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
	};
	int fd = (int)syscall(SYS_openat2, rootfd, *mp ? mp : ".", &how, sizeof(how));

	if (fd >= 0 || errno != ENOSYS)
		return fd;
	if (!cgk_cgpath_is_safe(mp)) {
		errno = EINVAL;
		return -1;
	}
	return openat(rootfd, *mp ? mp : ".", O_PATH | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
}

/* The number of ".." components of ROOT when it is only those ("/../.."), else 0. */
static unsigned count_ups(const char *root)
{
	unsigned n = 0;

	for (const char *p = root; *p; ) {
		while (*p == '/')
			p++;
		if (!*p)
			break;
		if (p[0] != '.' || p[1] != '.' || (p[2] && p[2] != '/'))
			return 0;
		n++;
		p += 2;
	}
	return n;
}

static int add_mount(struct cgk_hiers *h, size_t *cap, const struct cgk_mount *m)
{
	struct cgk_hier hi = { .version = m->version, .fd = -EBADF };
	const char *mp = m->mountpoint;
	int r;

	while (*mp == '/')
		mp++;
	hi.fd = open_mountpoint(h->rootfd, mp);
	if (hi.fd < 0)
		return 0;	/* not reachable from this root: skip */
	r = -ENOMEM;
	if (!(hi.mountpoint = strdup(m->mountpoint)))
		goto fail;
	r = cgk_cgpath_normalize(m->root, &hi.mount_root);
	if (r == -EINVAL) {	/* "/../.." from inside a cgroup namespace */
		hi.ns_ups = count_ups(m->root);
		r = (hi.mount_root = strdup("")) ? 0 : -ENOMEM;
	}
	if (r < 0)
		goto fail;
	if (m->version == 2) {
		int fd = openat(hi.fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

		if (fd < 0 || cgk_hier_v2_list(fd, "cgroup.controllers", &hi.controllers) < 0)
			hi.controllers = strdup("");
		if (fd >= 0)
			close(fd);
	} else {
		hi.controllers = strdup(m->controllers);
	}
	r = -ENOMEM;
	if (!hi.controllers)
		goto fail;
	hi.name = strdup(*hi.controllers ? hi.controllers : "unified");
	hi.base = strdup("");
	if (!hi.name || !hi.base)
		goto fail;
	if (h->n >= CGK_HIER_MAX) {
		r = -E2BIG;
		goto fail;
	}
	r = cgk_grow((void **)&h->v, cap, h->n, sizeof(*h->v));
	if (r < 0)
		goto fail;
	h->v[h->n++] = hi;
	return 0;
fail:
	hier_done(&hi);
	return r;
}

/*
 * PATH (relative to our cgroup namespace's root, "/../x" reaching above it)
 * resolved against NS_ROOT (mount-relative) into BUF: -ENOENT when it leaves
 * the mount, -ENAMETOOLONG.
 */
static int ns_resolve(const char *ns_root, const char *path, char *buf, size_t size)
{
	size_t off = strlen(ns_root);

	if (off >= size)
		return -ENAMETOOLONG;
	memcpy(buf, ns_root, off + 1);
	for (const char *p = path, *e; *p; p = e) {
		size_t l;

		while (*p == '/')
			p++;
		e = strchrnul(p, '/');
		l = (size_t)(e - p);
		if (l == 0 || (l == 1 && *p == '.'))
			continue;
		if (l == 2 && p[0] == '.' && p[1] == '.') {
			char *s;

			if (off == 0)
				return -ENOENT;
			s = memrchr(buf, '/', off);
			off = s ? (size_t)(s - buf) : 0;
			buf[off] = '\0';
			continue;
		}
		if (off + !!off + l + 1 > size)
			return -ENAMETOOLONG;
		if (off)
			buf[off++] = '/';
		memcpy(buf + off, p, l);
		off += l;
		buf[off] = '\0';
	}
	return 0;
}

/* Is PID listed in the cgroup.procs of directory DFD/REL? */
static bool procs_has(int dfd, const char *rel, pid_t pid)
{
	_cleanup_free_ char *buf = NULL;
	char file[CGK_PATH_MAX + 32];
	size_t len;

	snprintf(file, sizeof(file), "%s%scgroup.procs", rel, *rel ? "/" : "");
	if (cgk_read_at(dfd, file, &buf, &len) < 0)
		return false;
	for (char *p = buf, *e; p < buf + len; p = e + 1) {
		long v;

		e = memchr(p, '\n', (size_t)(buf + len - p));
		if (!e)
			e = buf + len;
		*e = '\0';
		v = strtol(p, NULL, 10);
		if (v == pid)
			return true;
	}
	return false;
}

/*
 * Directories DEPTH levels below DFD (PATH so far; DFD is consumed) that hold
 * OWN (our cgroup, namespace-relative) with us in it (LIVE) or just hold it
 * (a captured tree): the candidates for our namespace's root. Counts them in
 * *n (stopping at 2), keeps the first in *ret.
 */
static int ns_search(int dfd, char *path, size_t plen, unsigned depth, const char *own,
		     bool live, unsigned *n, char **ret)
{
	DIR *d;
	struct dirent *de;
	int r = 0;

	if (depth == 0) {
		bool fits = (!*own || faccessat(dfd, own, F_OK, AT_SYMLINK_NOFOLLOW) == 0) &&
			    (!live || procs_has(dfd, own, getpid()));

		close(dfd);
		if (fits && (*n)++ == 0 && !(*ret = strdup(path)))
			return -ENOMEM;
		return 0;
	}
	d = fdopendir(dfd);
	if (!d) {
		close(dfd);
		return 0;
	}
	while (r >= 0 && *n < 2 && (de = readdir(d))) {
		size_t l = strlen(de->d_name);
		int cfd;

		if (de->d_type != DT_DIR || de->d_name[0] == '.' || plen + l + 2 > CGK_PATH_MAX)
			continue;
		cfd = openat(dirfd(d), de->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
		if (cfd < 0)
			continue;
		if (plen)
			path[plen] = '/';
		memcpy(path + plen + !!plen, de->d_name, l + 1);
		r = ns_search(cfd, path, plen + !!plen + l, depth - 1, own, live, n, ret);
		path[plen] = '\0';
	}
	closedir(d);
	return r;
}

/*
 * A v2 hierarchy mounted from outside our cgroup namespace: the kernel shows
 * /proc/PID/cgroup relative to our namespace's root, which lies HI->ns_ups
 * levels below the mount, at a path it does not say. Find it: the one
 * directory there that holds our own cgroup (with us in it, on the live
 * system). Leaves ns_root NULL when none or several fit.
 */
static int find_ns_root(const struct cgk_hiers *h, struct cgk_hier *hi, bool live)
{
	_cleanup_free_ char *buf = NULL, *own = NULL;
	struct cgk_pidcg *cg = NULL;
	char path[CGK_PATH_MAX + 1] = "";
	size_t len, n = 0;
	unsigned found = 0;
	char *root = NULL;
	int r, fd;

	if (hi->version != 2 || cgk_read_at(h->procfd, "self/cgroup", &buf, &len) < 0 ||
	    cgk_pidcg_parse(buf, len, &cg, &n) < 0)
		return 0;
	for (size_t j = 0; j < n && !own; j++)
		if (cg[j].id == 0 && !*cg[j].controllers &&
		    cgk_cgpath_normalize(cg[j].path, &own) < 0)
			own = NULL;
	cgk_pidcg_free(cg, n);
	if (!own)
		return 0;
	fd = openat(hi->fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	r = ns_search(fd, path, 0, hi->ns_ups, own, live, &found, &root);
	if (r < 0 || found != 1) {
		free(root);
		return r;
	}
	hi->ns_root = root;
	return 0;
}

int cgk_hiers_match(const struct cgk_hiers *h, unsigned id, const char *controllers,
		    const char *path, int *ret_idx, const char **ret_mrel)
{
	static __thread char nsbuf[CGK_PATH_MAX + 1];

	for (size_t i = 0; i < h->n; i++) {
		const struct cgk_hier *hi = &h->v[i];
		size_t rl;
		const char *p;

		if (hi->version == 2) {
			if (id != 0 || *controllers)
				continue;
		} else if (id == 0 || !cgk_ctrls_equal(hi->controllers, controllers)) {
			continue;
		}
		if (hi->ns_root) {
			if (ns_resolve(hi->ns_root, path, nsbuf, sizeof(nsbuf)) < 0)
				return -ENOENT;
			*ret_idx = (int)i;
			*ret_mrel = nsbuf;
			return 0;
		}
		p = path;
		while (*p == '/')
			p++;
		rl = strlen(hi->mount_root);
		if (rl) {
			if (strncmp(p, hi->mount_root, rl) != 0 || (p[rl] && p[rl] != '/'))
				return -ENOENT;
			p += rl;
			while (*p == '/')
				p++;
		}
		*ret_idx = (int)i;
		*ret_mrel = p;
		return 0;
	}
	return -ENOENT;
}

/* Set each hierarchy's base from the cgroups of PROC/PIDDIR ("1" or "self"). */
static int load_bases(struct cgk_hiers *h, const char *piddir)
{
	_cleanup_free_ char *buf = NULL;
	struct cgk_pidcg *cg = NULL;
	char file[64];
	size_t len, n = 0;
	int r;

	snprintf(file, sizeof(file), "%s/cgroup", piddir);
	r = cgk_read_at(h->procfd, file, &buf, &len);
	if (r < 0)
		return r;
	r = cgk_pidcg_parse(buf, len, &cg, &n);
	if (r < 0)
		return r;
	for (size_t j = 0; j < n; j++) {
		const char *mrel;
		char *b;
		int i;

		if (cgk_hiers_match(h, cg[j].id, cg[j].controllers, cg[j].path,
				    &i, &mrel) < 0)
			continue;
		if (cgk_cgpath_normalize(mrel, &b) < 0)
			continue;
		/* systemd keeps PID 1 in init.scope: "/" is its parent (as
		 * systemd's own cg_get_root_path() decides) */
		if (!streq(piddir, "self")) {
			size_t bl = strlen(b);

			if (bl >= 10 && streq(b + bl - 10, "init.scope") &&
			    (bl == 10 || b[bl - 11] == '/'))
				b[bl == 10 ? 0 : bl - 11] = '\0';
		}
		free(h->v[i].base);
		h->v[i].base = b;
	}
	cgk_pidcg_free(cg, n);
	return 0;
}

int cgk_hiers_load(const char *sysroot, unsigned flags, struct cgk_hiers **ret)
{
	struct cgk_hiers *h;
	_cleanup_free_ char *buf = NULL;
	struct cgk_mount *m = NULL;
	size_t len, n = 0, cap = 0;
	int r;

	h = calloc(1, sizeof(*h));
	if (!h)
		return -ENOMEM;
	h->procfd = h->cgfd = -EBADF;
	h->rootfd = open(sysroot, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (h->rootfd < 0) {
		r = -errno;
		goto fail;
	}
	h->procfd = openat(h->rootfd, "proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (h->procfd < 0) {
		r = -errno;
		goto fail;
	}
	h->cgfd = openat(h->rootfd, "sys/fs/cgroup", O_PATH | O_DIRECTORY | O_CLOEXEC);
	r = cgk_read_at_max(h->procfd, "self/mountinfo", MOUNTINFO_MAX, &buf, &len);
	if (r < 0)
		goto fail;
	r = cgk_mountinfo_parse(buf, len, &m, &n);
	if (r < 0)
		goto fail;
	for (size_t i = 0; i < n && r >= 0; i++)
		if (!(m[i].version == 2 && (flags & CGK_HIER_NO_V2)))
			r = add_mount(h, &cap, &m[i]);
	cgk_mounts_free(m, n);
	if (r < 0)
		goto fail;
	if (h->n == 0) {
		r = -ENOENT;
		goto fail;
	}
	for (size_t i = 0; i < h->n; i++)
		if (h->v[i].ns_ups) {
			r = find_ns_root(h, &h->v[i], streq(sysroot, "/"));
			if (r == -ENOMEM)
				goto fail;
		}
	/* A sysroot without proc/1 (a captured tree) keeps "" as the base. */
	r = load_bases(h, flags & CGK_HIER_RELATIVE ? "self" : "1");
	if (r < 0 && (r != -ENOENT || (flags & CGK_HIER_RELATIVE)))
		goto fail;
	*ret = h;
	return 0;
fail:
	cgk_hiers_free(h);
	return r;
}

int cgk_hiers_find(const struct cgk_hiers *h, const char *c)
{
	if (streq(c, "systemd"))
		c = "name=systemd";
	for (size_t i = 0; i < h->n; i++) {
		const struct cgk_hier *hi = &h->v[i];

		if (cgk_ctrls_has(hi->controllers, c))
			return (int)i;
		if (hi->version == 2 && (streq(c, "unified") || streq(c, "cgroup2")))
			return (int)i;
	}
	return -ENOENT;
}

bool cgk_hiers_v2_only(const struct cgk_hiers *h)
{
	bool v2 = false;

	for (size_t i = 0; i < h->n; i++) {
		const char *c = h->v[i].controllers;

		if (h->v[i].version == 2)
			v2 = true;
		else if (c && *c && strncmp(c, "name=", 5))
			return false;
	}
	return v2;
}

int cgk_hiers_mask(const struct cgk_hiers *h, const char *ctrls, uint64_t *ret,
		   const char **ret_bad)
{
	uint64_t mask = 0;
	char name[128];

	if (!ctrls) {
		*ret = h->n >= 64 ? UINT64_MAX : (UINT64_C(1) << h->n) - 1;
		return 0;
	}
	for (const char *p = ctrls, *e; *p; p = *e ? e + 1 : e) {
		size_t l;
		int i;

		e = strchrnul(p, ',');
		l = e - p;
		if (l == 0 || l >= sizeof(name)) {
			if (ret_bad)
				*ret_bad = p;
			return -ENOENT;
		}
		memcpy(name, p, l);
		name[l] = '\0';
		i = cgk_hiers_find(h, name);
		if (i < 0) {
			if (ret_bad)
				*ret_bad = p;
			return -ENOENT;
		}
		mask |= UINT64_C(1) << i;
	}
	if (!mask)
		return -ENOENT;
	*ret = mask;
	return 0;
}

int cgk_hier_path(const struct cgk_hier *hi, const char *p, char *buf, size_t size)
{
	int n;

	while (*p == '/')
		p++;
	if (!*hi->base)
		n = snprintf(buf, size, "%s", p);
	else if (!*p)
		n = snprintf(buf, size, "%s", hi->base);
	else
		n = snprintf(buf, size, "%s/%s", hi->base, p);
	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

int cgk_hier_user_path(const struct cgk_hier *hi, const char *mrel, char *buf, size_t size)
{
	size_t bl = strlen(hi->base);
	int inside = 1;

	while (*mrel == '/')
		mrel++;
	if (bl == 0) {
		/* everything is inside */
	} else if (!strncmp(mrel, hi->base, bl) && (!mrel[bl] || mrel[bl] == '/')) {
		mrel += bl;
		while (*mrel == '/')
			mrel++;
	} else {
		inside = 0;
	}
	snprintf(buf, size, "/%s", mrel);
	return inside ? 0 : 1;
}

int cgk_hier_open(const struct cgk_hier *hi, const char *mrel, int flags)
{
	struct open_how how = {
		.flags = (uint64_t)(flags | O_DIRECTORY | O_CLOEXEC),
		.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS,
	};
	static bool no_openat2;
	int fd;

	if (!cgk_cgpath_is_safe(mrel))
		return -EINVAL;
	if (!no_openat2) {
		fd = (int)syscall(SYS_openat2, hi->fd, *mrel ? mrel : ".", &how, sizeof(how));
		if (fd >= 0)
			return fd;
		if (errno != ENOSYS)
			return -errno;
		no_openat2 = true;
	}
	/* No openat2: the path is checked for ".." above; refuse a final symlink. */
	fd = openat(hi->fd, *mrel ? mrel : ".", flags | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
	return fd < 0 ? -errno : fd;
}

int cgk_hiers_from_fullpath(const struct cgk_hiers *h, const char *full,
			    int *ret_idx, char **ret_mrel)
{
	size_t best = 0;
	int idx = -1;
	const char *rest = NULL;

	for (size_t i = 0; i < h->n; i++) {
		const char *mp = h->v[i].mountpoint;
		size_t l = strlen(mp);

		while (l > 1 && mp[l - 1] == '/')
			l--;
		if (strncmp(full, mp, l) != 0 || (full[l] && full[l] != '/'))
			continue;
		if (idx < 0 || l > best) {
			best = l;
			idx = (int)i;
			rest = full + l;
		}
	}
	if (idx < 0)
		return -ENOENT;
	{
		char *mrel;
		int r = cgk_cgpath_normalize(rest, &mrel);

		if (r < 0)
			return r;
		*ret_idx = idx;
		*ret_mrel = mrel;
	}
	return 0;
}

int cgk_hiers_pid_paths(const struct cgk_hiers *h, pid_t pid, char **ret)
{
	_cleanup_free_ char *buf = NULL;
	struct cgk_pidcg *cg = NULL;
	char file[64];
	size_t len, n = 0;
	int r;

	if (pid <= 0)
		return -ESRCH;
	snprintf(file, sizeof(file), "%d/cgroup", (int)pid);
	r = cgk_read_at(h->procfd, file, &buf, &len);
	if (r == -ENOENT)
		return -ESRCH;
	if (r < 0)
		return r;
	r = cgk_pidcg_parse(buf, len, &cg, &n);
	if (r < 0)
		return r;
	for (size_t i = 0; i < h->n; i++)
		ret[i] = NULL;
	for (size_t j = 0; j < n; j++) {
		const char *mrel;
		int i;

		if (cgk_hiers_match(h, cg[j].id, cg[j].controllers, cg[j].path,
				    &i, &mrel) < 0 || ret[i])
			continue;
		r = cgk_cgpath_normalize(mrel, &ret[i]);
		if (r < 0)
			break;
	}
	cgk_pidcg_free(cg, n);
	if (r < 0) {
		for (size_t i = 0; i < h->n; i++) {
			free(ret[i]);
			ret[i] = NULL;
		}
		return r;
	}
	return 0;
}

int cgk_hier_rmdir(const struct cgk_hier *hi, const char *mrel)
{
	_cleanup_free_ char *parent = NULL;
	const char *slash;
	int fd, r;

	if (!cgk_cgpath_is_safe(mrel) || !*mrel)
		return -EINVAL;
	slash = strrchr(mrel, '/');
	parent = cgk_strndup(mrel, slash ? (size_t)(slash - mrel) : 0);
	if (!parent)
		return -ENOMEM;
	fd = cgk_hier_open(hi, parent, O_PATH);
	if (fd < 0)
		return fd;
	r = unlinkat(fd, slash ? slash + 1 : mrel, AT_REMOVEDIR) < 0 ? -errno : 0;
	close(fd);
	return r;
}

int cgk_hiers_layout(const struct cgk_hiers *h)
{
	bool v2 = false;

	for (size_t i = 0; i < h->n; i++)
		v2 |= h->v[i].version == 2;
	if (cgk_hiers_v2_only(h))
		return CGK_LAYOUT_V2;
	if (h->n == 0)
		return -ENOENT;
	return v2 ? CGK_LAYOUT_HYBRID : CGK_LAYOUT_V1;
}
