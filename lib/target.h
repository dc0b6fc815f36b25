/* SPDX-License-Identifier: MIT */
/* target - CGROUP operands (path, ctrl:path, full path, container id) resolved per hierarchy */
#ifndef CGK_TARGET_H
#define CGK_TARGET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "cgpath.h"
#include "container.h"
#include "hier.h"
#include "names.h"

/*
 * One cgroup as an operand names it: where it lies in each hierarchy.
 * mrel[i] is set (malloc'd, mount-relative) for every i in hmask; exists
 * is the part of hmask where the directory is there now (equal to hmask
 * unless resolved with CGK_TARGET_MISSING). Free with cgk_target_done.
 */
struct cgk_target {
	const char *arg;		/* the operand as given (borrowed), for messages */
	char label[CGK_PATH_MAX];	/* user-visible path: "/a/b" */
	uint64_t hmask;			/* hierarchies with mrel[i] */
	uint64_t exists;		/* those where the cgroup exists now */
	char *mrel[CGK_HIER_MAX];
	struct cgk_container ctr;	/* the container (or, runtime NONE with pod_uid
					 * set, the pod) the operand named, for -n and
					 * messages; all zero for a path */
};

/* Why an operand did not resolve. */
struct cgk_target_error {
	bool usage;		/* bad syntax: the tool adds its "Try --help" line */
	bool with_errno;	/* why is context ("in cpu") for strerror(-r), or "" */
	char why[256];		/* reason, without the operand */
};

/*
 * Path specs ("/a/b", "ctrl,ctrl:/a/b") keep every allowed hierarchy that
 * the spec names (all allowed ones when it names none), existing or not:
 * mrel[] set, exists says where the cgroup is. -ENOENT only when a named
 * controller's hierarchy is missing. For --create.
 */
#define CGK_TARGET_MISSING 0x1

/*
 * Resolve operand ARG against the hierarchies H, restricted to the mask
 * ALLOWED: a full "<mountpoint>/a/b" path (one hierarchy), a spec
 * "ctrl[,ctrl]:/a/b", a path "/a/b" or "a/b" (every allowed hierarchy where
 * it exists), or a container id prefix of 4 to 64 lowercase hex digits
 * (searched below every allowed hierarchy's base), or the whole id of a
 * container its shim names (ctr's "web"), or a container's name as its
 * runtime's files give it (docker's and podman's --name, a CRI container's
 * name: lib/names.c), or where a path "NS/POD" or "NS/POD/CONTAINER" is no
 * cgroup, a Kubernetes pod (its pod cgroup) or a container in it, by the
 * CRI annotations. Returns 0 and fills
 * *RET (which must be zeroed or done); on error -errno with *ERR filled:
 * -EINVAL bad syntax (err->usage), -ENOENT no such cgroup, container
 * (a word that names no container too: it may be one that is gone) or
 * controller, -ENOTUNIQ an ambiguous id prefix or a name several
 * containers have (why lists them), -EXDEV outside ALLOWED
 * (why is "", the tool names its own restriction), other -errno from the
 * file system (err->with_errno).
 */
int cgk_target_resolve(const struct cgk_hiers *h, const char *arg, uint64_t allowed,
		       unsigned flags, struct cgk_target *ret, struct cgk_target_error *err);

/* The target "/" (every hierarchy's base) restricted to ALLOWED. 0 or -ENOMEM. */
int cgk_target_root(const struct cgk_hiers *h, uint64_t allowed, struct cgk_target *ret);

/* Free T's paths and zero it. NULL is fine. */
void cgk_target_done(struct cgk_target *t);

/*
 * Every cgroup below T (not T itself), merged across T's existing
 * hierarchies, parents before children, down to MAXDEPTH levels. 0 with a
 * malloc'd array in *RET (free each with cgk_target_done, then the array;
 * NULL when *RET_N is 0), or -errno. Labels are T's label + "/child...",
 * arg is T's arg.
 */
int cgk_target_descendants(const struct cgk_hiers *h, const struct cgk_target *t,
			   unsigned maxdepth, struct cgk_target **ret, size_t *ret_n);

/* A container found in a tree: its identity, cgroups and (optionally) processes. */
struct cgk_ctr {
	struct cgk_container c;
	uint64_t hmask;
	char *mrel[CGK_HIER_MAX];
	char user[CGK_PATH_MAX];	/* user-visible path of its cgroup */
	pid_t *pids;			/* with CGK_CTRS_PROCS: every process inside */
	size_t npids, cap;
	pid_t init;			/* 0; for the caller to fill (cgk_ns_find_init) */
};

#define CGK_CTRS_PROCS 0x1	/* collect each container's processes */
#define CGK_CTRS_PODS  0x2	/* also kubepods pod cgroups: entries with runtime
				   CGK_RT_NONE, c.pod_uid and c.qos set, c.id "" */

/*
 * The containers below the NROOTS targets ROOTS, each once, sorted by user
 * path. 0 with *RET (free with cgk_ctrs_free) and *RET_N, or -errno with
 * *RET_FAILED (when not NULL) the index of the root that failed.
 */
int cgk_ctrs_find(const struct cgk_hiers *h, const struct cgk_target *roots, size_t nroots,
		  unsigned flags, struct cgk_ctr **ret, size_t *ret_n, size_t *ret_failed);
void cgk_ctrs_free(struct cgk_ctr *v, size_t n);

/*
 * Resolve a pod uid or a prefix of one (4 to 36 characters: lowercase hex
 * and '-', '_' taken as '-') to the pod's cgroup below every ALLOWED
 * hierarchy's base, as cgk_target_resolve does for a container id prefix:
 * 0 and *RET; -EINVAL (err->usage) not a uid, -ENOENT no such pod,
 * -ENOTUNIQ an ambiguous prefix, -errno.
 */
int cgk_target_resolve_pod(const struct cgk_hiers *h, const char *s, uint64_t allowed,
			   struct cgk_target *ret, struct cgk_target_error *err);

/*
 * The names cache the resolver uses for H's sysroot (created on first use,
 * roots from cgk_names_conf_env()), for tools that show or complete names.
 * NULL on out of memory. Kept until cgk_target_names_free().
 */
struct cgk_names *cgk_target_names(const struct cgk_hiers *h);
void cgk_target_names_free(void);

/*
 * What the runtime's files say of container C (found by cgk_ctrs_find),
 * in one call: its init is C->init when set, else picked among C->pids
 * (cgk_ns_find_init). NULL for a pod entry, out of memory, or no pids and
 * nothing at the default roots. Owned by the cache: valid until the next
 * lookup of the same container.
 */
const struct cgk_name *cgk_ctr_name(const struct cgk_hiers *h, const struct cgk_ctr *c);

/*
 * "runtime id" of the container or pod T resolved to, in BUF ("" for a
 * path): what a dry run prints. Returns BUF.
 */
const char *cgk_target_what(const struct cgk_target *t, char *buf, size_t size);

#endif
