/* SPDX-License-Identifier: MIT */
/* hier - the cgroup hierarchies of a (sys)root, and (controller, path) lookups */
#ifndef CGK_HIER_H
#define CGK_HIER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define CGK_HIER_MAX 64		/* hierarchies are a 64-bit mask */

/*
 * One hierarchy as the tools see it. Paths inside it are "mount-relative"
 * (below mountpoint, no leading '/'). base is the mount-relative cgroup that
 * the user's "/" means: the cgroup of PID 1 by default, of the caller with
 * CGK_HIER_RELATIVE (PID 1's "init.scope" counts as its parent, as systemd
 * decides). User-visible paths are relative to base.
 */
struct cgk_hier {
	int version;		/* 1 or 2 */
	char *controllers;	/* "cpu,cpuacct", "name=systemd"; v2: its cgroup.controllers, comma-joined */
	char *name;		/* display name: controllers, or "unified" for a v2 without any */
	char *mountpoint;	/* absolute, as in mountinfo */
	char *mount_root;	/* hierarchy path mounted there, normalised ("" = whole) */
	char *base;		/* mount-relative, normalised */
	int fd;			/* O_PATH directory fd of the mount point */
	unsigned ns_ups;	/* mounted from outside our cgroup namespace: the
				 * ".." count of its mountinfo root ("/../.." = 2) */
	char *ns_root;		/* then our namespace's root, mount-relative, when
				 * found (NULL otherwise): /proc/PID/cgroup paths,
				 * relative to it, are resolved against it */
};

struct cgk_hiers {
	struct cgk_hier *v;
	size_t n;
	int rootfd;		/* the sysroot */
	int procfd;		/* sysroot/proc */
	int cgfd;		/* sysroot/sys/fs/cgroup, or -1 */
};

#define CGK_HIER_RELATIVE 0x1	/* base = the caller's own cgroup (proc/self) */
#define CGK_HIER_NO_V2    0x2	/* skip cgroup2 mounts */

/*
 * Load the hierarchies mounted under SYSROOT ("/" for the live system) from
 * SYSROOT/proc/self/mountinfo. Hierarchies whose mount point cannot be
 * opened are skipped. -ENOENT when none is found. Caller frees with
 * cgk_hiers_free.
 */
int cgk_hiers_load(const char *sysroot, unsigned flags, struct cgk_hiers **ret);
void cgk_hiers_free(struct cgk_hiers *h);

/*
 * Index of the hierarchy holding controller C ("cpu", "name=systemd",
 * "systemd" for name=systemd, "unified"/"cgroup2" for the v2 hierarchy), or
 * -ENOENT.
 */
int cgk_hiers_find(const struct cgk_hiers *h, const char *c);

/*
 * True on a pure cgroup v2 host: no v1 hierarchy holds a controller (a
 * named one such as name=systemd does not count). Such a host's v2
 * hierarchy takes what every v1 hierarchy took on v1 (a new cgroup, a
 * moved process); on a hybrid host the v2 hierarchy gets them only when
 * named, or for its own controllers' files.
 */
bool cgk_hiers_v2_only(const struct cgk_hiers *h);

/*
 * Mask of the hierarchies that hold every controller of comma list CTRLS;
 * all of them when CTRLS is NULL. -ENOENT names no hierarchy, *ret_bad
 * (when not NULL) points at the unknown controller inside CTRLS.
 */
int cgk_hiers_mask(const struct cgk_hiers *h, const char *ctrls, uint64_t *ret,
		   const char **ret_bad);

/* Join base and user path P (normalised) into mount-relative BUF. 0 or -ENAMETOOLONG. */
int cgk_hier_path(const struct cgk_hier *hi, const char *p, char *buf, size_t size);

/*
 * The user-visible path ("/a/b") of mount-relative MREL: the part below
 * base, or "/" + MREL prefixed by nothing when it lies outside base
 * (returns 1 then, 0 when inside). Writes BUF.
 */
int cgk_hier_user_path(const struct cgk_hier *hi, const char *mrel, char *buf, size_t size);

/*
 * Open the mount-relative cgroup directory MREL of hierarchy HI, resolving
 * beneath the mount point with no symlinks (openat2 RESOLVE_BENEATH |
 * RESOLVE_NO_SYMLINKS, or a component walk with O_NOFOLLOW). FLAGS adds to
 * O_DIRECTORY|O_CLOEXEC (O_RDONLY or O_PATH). fd or -errno.
 */
int cgk_hier_open(const struct cgk_hier *hi, const char *mrel, int flags);

/*
 * A full path under a mount point ("/sys/fs/cgroup/cpu/a/b", relative to
 * the sysroot): 0 with the hierarchy index and the mount-relative path
 * (malloc'd), -ENOENT when FULL lies under no mount point.
 */
int cgk_hiers_from_fullpath(const struct cgk_hiers *h, const char *full,
			    int *ret_idx, char **ret_mrel);

/*
 * Map one /proc/PID/cgroup entry (controllers as the kernel lists them, v2
 * as "" with id 0) to a hierarchy index and a mount-relative path (pointer
 * into PATH after the mount root, without leading '/'; for a hierarchy with
 * ns_root, into a buffer of this thread valid until the next call). -ENOENT
 * when it matches no loaded hierarchy or lies outside the mount root.
 */
int cgk_hiers_match(const struct cgk_hiers *h, unsigned id, const char *controllers,
		    const char *path, int *ret_idx, const char **ret_mrel);

/*
 * The cgroups of process PID: for each hierarchy i, a malloc'd mount-relative
 * path in ret[i] (NULL where the process has none). RET has h->n slots.
 * 0 or -errno (-ESRCH for a process that does not exist).
 */
int cgk_hiers_pid_paths(const struct cgk_hiers *h, pid_t pid, char **ret);

/*
 * Remove the cgroup MREL (mount-relative, not "") of hierarchy HI: rmdir
 * of its last component in its parent, opened beneath the mount with no
 * symlinks (cgk_hier_open). 0 or -errno: -EBUSY while it has processes or
 * child cgroups, -ENOENT when it is gone, -EINVAL for "" or an unsafe path.
 */
int cgk_hier_rmdir(const struct cgk_hier *hi, const char *mrel);

/*
 * The layout of the loaded hierarchies: CGK_LAYOUT_V2 when every controller
 * is on cgroup2 (cgk_hiers_v2_only: a named v1 hierarchy such as
 * name=systemd beside it does not count), CGK_LAYOUT_HYBRID (v1 controllers
 * and a cgroup2 mount, with controllers or without: the v2 hierarchy's
 * controllers say which), CGK_LAYOUT_V1 (no cgroup2 mount), or -ENOENT when
 * none is loaded.
 */
enum { CGK_LAYOUT_V1 = 1, CGK_LAYOUT_HYBRID, CGK_LAYOUT_V2 };
int cgk_hiers_layout(const struct cgk_hiers *h);

/*
 * The controllers a v2 cgroup lists in FILE ("cgroup.controllers": those it
 * may use; "cgroup.subtree_control": those enabled for its children) of the
 * cgroup directory DIRFD (readable, not O_PATH), comma-joined ("" for none),
 * malloc'd in *ret. 0 or -errno (-EINVAL for another FILE).
 */
int cgk_hier_v2_list(int dirfd, const char *file, char **ret);
/*
 * The words of a cgroup.controllers or cgroup.subtree_control text BUF
 * (LEN bytes, then room for a NUL), "cpu io\n" -> "cpu,io", in place: runs
 * of blanks, newlines and commas become one ',', none at either end; stops
 * at a NUL.
 * Returns the new length.
 */
size_t cgk_hier_v2_list_parse(char *buf, size_t len);

#endif
