/* SPDX-License-Identifier: MIT */
/* walk - depth-first walk of one hierarchy's cgroups with directory fds */
#ifndef CGK_WALK_H
#define CGK_WALK_H

#define CGK_WALK_DEPTH_MAX 64

struct cgk_walk;

struct cgk_walk_entry {
	const char *path;	/* relative to the start, "" for the start itself */
	const char *name;	/* last component, "" for the start */
	unsigned depth;		/* 0 for the start */
	int dirfd;		/* the cgroup's directory, valid until the next call;
				 * -EBADF for a leaf after cgk_walk_no_leaf_fds */
};

/*
 * Start a pre-order walk at the directory DIRFD (borrowed, a read-able
 * directory fd: not O_PATH) down to MAXDEPTH levels below it (0: the start
 * only; CGK_WALK_DEPTH_MAX caps it). Children come in readdir order; vanished
 * cgroups (ENOENT) are skipped silently.
 */
int cgk_walk_open(int dirfd, unsigned maxdepth, struct cgk_walk **ret);
/*
 * The caller needs no directory fd of a leaf: on cgroupfs, whose directories
 * count their subdirectories in st_nlink, a cgroup with none below it (or at
 * MAXDEPTH) is seen with one fstatat from its parent, not an open, a
 * getdents64 and a close (most cgroups of a large tree are leaves). Without
 * it a leaf is still opened, but not read.
 */
void cgk_walk_no_leaf_fds(struct cgk_walk *w);
/* 1 and *ret for the next cgroup, 0 at the end, -errno on error. */
int cgk_walk_next(struct cgk_walk *w, const struct cgk_walk_entry **ret);
void cgk_walk_free(struct cgk_walk *w);

#endif
