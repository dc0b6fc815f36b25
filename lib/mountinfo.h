/* SPDX-License-Identifier: MIT */
/* mountinfo - parse /proc/PID/mountinfo into cgroup hierarchies */
#ifndef CGK_MOUNTINFO_H
#define CGK_MOUNTINFO_H

#include <stddef.h>

/*
 * One mounted cgroup hierarchy. For v1, controllers is the comma-joined list
 * of controllers from the super options in the kernel's order ("cpu,cpuacct",
 * "name=systemd"); mount options such as rw, noprefix, clone_children, xattr,
 * cpuset_v2_mode, favordynmods, release_agent=... are not controllers. For v2
 * it is "" (the caller reads cgroup.controllers). mountpoint and root are
 * unescaped (\040 -> space); root is the hierarchy path mounted there ("/"
 * for a whole hierarchy, "/docker/<id>" for a container's bind mount).
 */
struct cgk_mount {
	int version;		/* 1 or 2 */
	char *controllers;
	char *mountpoint;
	char *root;
};

/*
 * Parse mountinfo text BUF[0..LEN) and return the cgroup and cgroup2 mounts in
 * order. When one hierarchy (same controllers, same version) is mounted more
 * than once, keep the first mount whose root is "/", else the first; it takes
 * the place where the hierarchy first appeared. Well-formed lines that are not
 * cgroup mounts are skipped; a malformed cgroup line, or a line not in
 * mountinfo's shape at all (no " - " separator, wrong field count), is
 * -EINVAL; -E2BIG past 4096 hierarchies. Returns 0 with *ret (caller frees
 * with cgk_mounts_free; NULL when *ret_n is 0) and *ret_n; untouched on error.
 */
int cgk_mountinfo_parse(const char *buf, size_t len, struct cgk_mount **ret,
			size_t *ret_n);

/* Free an array from cgk_mountinfo_parse. NULL is fine. */
void cgk_mounts_free(struct cgk_mount *m, size_t n);

#endif
