/* SPDX-License-Identifier: MIT */
/* tree - one cgroup tree merged across hierarchies, with its processes */
#ifndef CGK_TREE_H
#define CGK_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "hier.h"

struct cgk_proc {
	pid_t pid;
	bool kthread;
	char *cmdline;		/* printable; "[comm]" for kernel threads and zombies */
};

struct cgk_node {
	char *name;		/* last component; "" for the tree's root */
	struct cgk_node *parent;
	struct cgk_node **children;	/* sorted by name after cgk_tree_build */
	size_t nchildren, cap_children;
	uint64_t hmask;		/* hierarchies the cgroup exists in */
	char *v2ctrls;		/* with CGK_TREE_V2CTRLS: its v2 cgroup.controllers,
				 * comma-joined ("" for none); NULL if not read */
	struct cgk_proc **procs;	/* sorted by pid, each once */
	size_t nprocs, cap_procs;
	size_t nprocs_rec;	/* processes in the subtree (after kthread filter) */
	unsigned depth;
};

struct cgk_tree {
	struct cgk_node *root;
	size_t nnodes;
	struct cgk_proc **procs;	/* every process placed in the tree */
	size_t nprocs, cap_procs;
	void *index;		/* private: (parent, name) -> node */
};

#define CGK_TREE_PROCS    0x1	/* place processes (scan /proc) */
#define CGK_TREE_KTHREADS 0x2	/* keep kernel threads */
#define CGK_TREE_V2CTRLS  0x4	/* read each v2 cgroup's cgroup.controllers, where
				 * the hierarchy's root enables any for its children */

/*
 * Build the tree rooted at mount-relative path START[i] of each hierarchy i
 * in HMASK (START[i] ignored when the bit is clear), MAXDEPTH levels deep.
 * A cgroup present in several hierarchies is one node. With CGK_TREE_PROCS,
 * every process of SYSROOT/proc is placed under the node of each of its
 * cgroups inside the tree. -ENOENT when no start directory exists.
 */
int cgk_tree_build(const struct cgk_hiers *h, uint64_t hmask, char *const *start,
		   unsigned maxdepth, unsigned flags, struct cgk_tree **ret);
void cgk_tree_free(struct cgk_tree *t);

/* The path of NODE relative to the tree root ("" for the root) into BUF. */
int cgk_node_path(const struct cgk_node *n, char *buf, size_t size);

#endif
