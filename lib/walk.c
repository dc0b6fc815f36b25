/* SPDX-License-Identifier: MIT */
/* walk - depth-first walk of one hierarchy's cgroups with directory fds */
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

#include "util.h"
#include "walk.h"

struct level {
	DIR *d;
	size_t pathlen;		/* length of path up to this level */
};

struct cgk_walk {
	struct level stack[CGK_WALK_DEPTH_MAX + 1];
	unsigned depth;		/* index of the top of the stack */
	unsigned maxdepth;
	bool started;
	char path[4096];
	struct cgk_walk_entry e;
};

int cgk_walk_open(int dirfd, unsigned maxdepth, struct cgk_walk **ret)
{
	struct cgk_walk *w;
	int fd;

	w = calloc(1, sizeof(*w));
	if (!w)
		return -ENOMEM;
	fd = fcntl(dirfd, F_DUPFD_CLOEXEC, 3);
	if (fd < 0 || !(w->stack[0].d = fdopendir(fd))) {
		int r = -errno;

		if (fd >= 0)
			close(fd);
		free(w);
		return r;
	}
	/* fdopendir on a dup shares the offset: start from the top */
	rewinddir(w->stack[0].d);
	w->maxdepth = maxdepth > CGK_WALK_DEPTH_MAX ? CGK_WALK_DEPTH_MAX : maxdepth;
	*ret = w;
	return 0;
}

static bool is_dir(DIR *parent, const struct dirent *de)
{
	struct stat st;

	if (de->d_type == DT_DIR)
		return true;
	if (de->d_type != DT_UNKNOWN)
		return false;
	return fstatat(dirfd(parent), de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	       S_ISDIR(st.st_mode);
}

int cgk_walk_next(struct cgk_walk *w, const struct cgk_walk_entry **ret)
{
	if (!w->started) {
		w->started = true;
		w->e = (struct cgk_walk_entry){ .path = w->path, .name = w->path,
			.depth = 0, .dirfd = dirfd(w->stack[0].d) };
		*ret = &w->e;
		return 1;
	}
	for (;;) {
		struct level *l = &w->stack[w->depth];
		struct dirent *de;
		size_t nlen;
		int fd;
		DIR *d;

		if (w->depth >= w->maxdepth) {
			de = NULL;
		} else {
			errno = 0;
			de = readdir(l->d);
			if (!de && errno && errno != ENOENT)
				return -errno;
		}
		if (!de) {
			if (w->depth == 0)
				return 0;
			closedir(l->d);
			l->d = NULL;
			w->depth--;
			continue;
		}
		if (de->d_name[0] == '.' &&
		    (!de->d_name[1] || (de->d_name[1] == '.' && !de->d_name[2])))
			continue;
		if (!is_dir(l->d, de))
			continue;
		nlen = strlen(de->d_name);
		if (l->pathlen + 1 + nlen >= sizeof(w->path))
			continue;	/* deeper than any real cgroup path */
		fd = openat(dirfd(l->d), de->d_name,
			    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0) {
			if (errno == ENOENT || errno == ELOOP || errno == ENOTDIR)
				continue;	/* vanished or not a cgroup */
			return -errno;
		}
		d = fdopendir(fd);
		if (!d) {
			int r = -errno;

			close(fd);
			return r;
		}
		{
			size_t off = l->pathlen;

			if (off)
				w->path[off++] = '/';
			memcpy(w->path + off, de->d_name, nlen + 1);
			w->depth++;
			w->stack[w->depth] = (struct level){ .d = d,
				.pathlen = off + nlen };
			w->e = (struct cgk_walk_entry){ .path = w->path,
				.name = w->path + off, .depth = w->depth,
				.dirfd = fd };
		}
		*ret = &w->e;
		return 1;
	}
}

void cgk_walk_free(struct cgk_walk *w)
{
	if (!w)
		return;
	for (unsigned i = 0; i <= w->depth; i++)
		if (w->stack[i].d)
			closedir(w->stack[i].d);
	free(w);
}
