/* SPDX-License-Identifier: MIT */
/* walk - depth-first walk of one hierarchy's cgroups with directory fds */
#include <dirent.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/vfs.h>

#include "util.h"
#include "walk.h"

/*
 * getdents64 on our own buffers, not opendir/readdir: fdopendir costs an
 * fstat and two fcntl per directory, and a walk of a large tree is nothing
 * but directories (tests/bench: ~15% of cgls -p).
 */
#define DENTS_BUF 8192
/* The largest record getdents64 writes: a 255-byte name, aligned to 8. */
#define DENT_MAX 280

struct level {
	int fd;
	char *buf;		/* DENTS_BUF bytes, kept for reuse at this depth */
	size_t pos, len;
	bool eof;		/* the last getdents64 was the directory's end */
	size_t pathlen;		/* length of path up to this level */
};

struct cgk_walk {
	struct level stack[CGK_WALK_DEPTH_MAX + 1];
	unsigned depth;		/* index of the top of the stack */
	unsigned maxdepth;
	bool started;
	bool kernfs;		/* cgroupfs: a short getdents64 is the end, and
				 * st_nlink is 2 + the subdirectories */
	bool no_leaf_fds;	/* cgk_walk_no_leaf_fds */
	char path[4096];
	struct cgk_walk_entry e;
};

int cgk_walk_open(int dirfd, unsigned maxdepth, struct cgk_walk **ret)
{
	struct cgk_walk *w;

	w = calloc(1, sizeof(*w));
	if (!w)
		return -ENOMEM;
	for (size_t i = 0; i < ARRAY_SIZE(w->stack); i++)
		w->stack[i].fd = -EBADF;
	/* our own open file: the caller's offset stays untouched */
	w->stack[0].fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (w->stack[0].fd < 0) {
		int r = -errno;

		free(w);
		return r;
	}
	w->maxdepth = maxdepth > CGK_WALK_DEPTH_MAX ? CGK_WALK_DEPTH_MAX : maxdepth;
	{
		struct statfs sf;

		w->kernfs = fstatfs(w->stack[0].fd, &sf) == 0 &&
			    (sf.f_type == CGROUP_SUPER_MAGIC || sf.f_type == CGROUP2_SUPER_MAGIC);
	}
	*ret = w;
	return 0;
}

/*
 * Next entry of level L: 1 and *ret, 0 at the end, -errno. On cgroupfs
 * (KERNFS) a getdents64 that left room for the largest record ended the
 * directory (kernfs stops only when a record does not fit), so the call
 * that would return 0 is not made: half the calls of a walk.
 */
static int next_dent(struct level *l, bool kernfs, struct dirent64 **ret)
{
	struct dirent64 *de;

	if (l->pos >= l->len) {
		ssize_t n;

		if (l->eof)
			return 0;
		if (!l->buf && !(l->buf = malloc(DENTS_BUF)))
			return -ENOMEM;
		n = getdents64(l->fd, l->buf, DENTS_BUF);
		if (n < 0)
			return errno == ENOENT ? 0 : -errno;	/* removed under us */
		if (n == 0)
			return 0;
		l->pos = 0;
		l->len = (size_t)n;
		l->eof = kernfs && DENTS_BUF - (size_t)n >= DENT_MAX;
	}
	de = (struct dirent64 *)(l->buf + l->pos);
	l->pos += de->d_reclen;
	*ret = de;
	return 1;
}

void cgk_walk_no_leaf_fds(struct cgk_walk *w)
{
	w->no_leaf_fds = true;
}

static bool is_dir(int fd, const struct dirent64 *de)
{
	struct stat st;

	if (de->d_type == DT_DIR)
		return true;
	if (de->d_type != DT_UNKNOWN)
		return false;
	return fstatat(fd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode);
}

/* Whether directory ST of a walk on cgroupfs has no subdirectory. */
static bool kernfs_leaf(const struct cgk_walk *w, const struct stat *st)
{
	return w->kernfs && st->st_nlink == 2;
}

int cgk_walk_next(struct cgk_walk *w, const struct cgk_walk_entry **ret)
{
	if (!w->started) {
		w->started = true;
		w->e = (struct cgk_walk_entry){ .path = w->path, .name = w->path,
			.depth = 0, .dirfd = w->stack[0].fd };
		*ret = &w->e;
		return 1;
	}
	for (;;) {
		struct level *l = &w->stack[w->depth];
		struct dirent64 *de = NULL;
		size_t nlen, off;
		int fd, r = 0;

		if (w->depth < w->maxdepth) {
			r = next_dent(l, w->kernfs, &de);
			if (r < 0)
				return r;
		}
		if (r == 0) {
			if (w->depth == 0)
				return 0;
			close(l->fd);
			l->fd = -EBADF;
			w->depth--;
			continue;
		}
		if (de->d_name[0] == '.' &&
		    (!de->d_name[1] || (de->d_name[1] == '.' && !de->d_name[2])))
			continue;
		if (!is_dir(l->fd, de))
			continue;
		nlen = strlen(de->d_name);
		if (l->pathlen + 1 + nlen >= sizeof(w->path))
			continue;	/* deeper than any real cgroup path */
		off = l->pathlen;
		if (w->no_leaf_fds) {
			struct stat st;

			if (fstatat(l->fd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
				if (errno == ENOENT)
					continue;	/* vanished */
				return -errno;
			}
			if (!S_ISDIR(st.st_mode))
				continue;
			if (kernfs_leaf(w, &st) || w->depth + 1 >= w->maxdepth) {
				/* nothing to read below it: the entry, no level */
				if (off)
					w->path[off++] = '/';
				memcpy(w->path + off, de->d_name, nlen + 1);
				w->e = (struct cgk_walk_entry){ .path = w->path, .name = w->path + off,
					.depth = w->depth + 1, .dirfd = -EBADF };
				*ret = &w->e;
				return 1;
			}
		}
		fd = openat(l->fd, de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0) {
			if (errno == ENOENT || errno == ELOOP || errno == ENOTDIR)
				continue;	/* vanished, or not a cgroup */
			return -errno;
		}
		if (off)
			w->path[off++] = '/';
		memcpy(w->path + off, de->d_name, nlen + 1);
		w->depth++;
		l = &w->stack[w->depth];
		l->fd = fd;
		l->pos = l->len = 0;
		l->pathlen = off + nlen;
		l->eof = false;
		if (w->kernfs && w->depth < w->maxdepth) {
			struct stat st;

			/* a leaf's entries are its files alone: not read */
			l->eof = fstat(fd, &st) == 0 && kernfs_leaf(w, &st);
		}
		w->e = (struct cgk_walk_entry){ .path = w->path, .name = w->path + off,
			.depth = w->depth, .dirfd = fd };
		*ret = &w->e;
		return 1;
	}
}

void cgk_walk_free(struct cgk_walk *w)
{
	if (!w)
		return;
	for (size_t i = 0; i < ARRAY_SIZE(w->stack); i++) {
		if (w->stack[i].fd >= 0)
			close(w->stack[i].fd);
		free(w->stack[i].buf);
	}
	free(w);
}
