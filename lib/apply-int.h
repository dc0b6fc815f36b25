/* SPDX-License-Identifier: MIT */
/* apply-int - what apply.c (the set, commit, undo) and apply-plan.c (prepare) share; tools never include it */
#ifndef CGK_APPLY_INT_H
#define CGK_APPLY_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "apply.h"

#define BIT(i) (UINT64_C(1) << (i))
#define NOLIMIT_MEM "9223372036854771712"	/* a v1 memory limit never set (4K pages) */
#define PERIOD_DEFAULT 100000			/* a new cgroup's cpu.cfs_period_us */
#define MIN_QUOTA 1000				/* the kernel's min_cfs_quota_period, in us */

enum phase {
	PH_CREATE,	/* mkdir, parents first, and a new cpuset's copy of its parent's lists */
	PH_ENABLE,	/* v2: controllers into cgroup.subtree_control, parents first */
	PH_LOOSEN,	/* hierarchical limits raised: parents first */
	PH_WRITE,	/* other writes, in the order given */
	PH_TIGHTEN,	/* hierarchical limits lowered: children first */
	PH_ATTACH,	/* processes and threads */
	PH_LAST,	/* writes that cannot be undone (resets, force_empty, unreadable files) */
};

/* One cgroup in one hierarchy. */
struct cg {
	int hier;
	char *mrel;
	char *dir;		/* mountpoint/mrel */
	char *label;		/* user-visible path */
	unsigned depth;		/* components of mrel */
	bool exists;		/* at prepare (or when added) */
	bool create;		/* made by this set */
	int req;		/* create request id + 1; 0 none */
	bool req_explicit;	/* hierarchy named by the request's mask */
};

/* One operation. */
struct op {
	enum cgk_apply_op op;
	size_t cg;
	char *knob;
	char *value;		/* the kernel's form; NULL for create, deferred cpus */
	char *given;		/* as given, for messages */
	char *old;		/* value before this step, for the undo */
	char human[24];		/* human knob that produced it */
	pid_t pid;
	bool unknown, implied, cond, irreversible, devices, dropped;
	bool cpus;		/* cpu.cfs_quota_us = cpus_n / cpus_d x period, at prepare */
	bool swap;		/* v1: memory.memsw.limit_in_bytes = memory + value, at prepare */
	bool v2cond;		/* v2 attach of a hybrid host: kept when the set touches v2 */
	uint64_t cpus_n, cpus_d;
	char *back;		/* attach: the cgroup (mrel) the task was in */
	enum phase phase;
	long group, seq;
	int sub;
	bool done, made;
};

struct creq {
	uint64_t mask;		/* 0: auto */
};

struct cgk_apply {
	const struct cgk_hiers *h;
	struct cg *cg;
	size_t ncg, capcg;
	struct op *op;
	size_t nop, capop;
	struct creq *req;
	size_t nreq, capreq;
	struct cgk_apply_step *steps;
	size_t *order;		/* op index of each step */
	size_t nsteps;
	bool prepared, committed;
	long seq;
};

/* ---- errors (apply.c) ---- */

/* Set E's errno R and reason (printf FMT). E may be NULL. */
__attribute__((format(printf, 3, 4)))
void ap_seterr(struct cgk_apply_error *e, int r, const char *fmt, ...);
/* Zero E (may be NULL) for a new call. */
void ap_err_init(struct cgk_apply_error *e);
/* A rule broken by O on cgroup C (both may be NULL): E says where, and is a
 * rule; returns R. */
int ap_rule(const struct cgk_apply *s, struct cgk_apply_error *e, const struct cg *c,
	    const struct op *o, int r);

/* ---- the set (apply.c) ---- */

/* Index of cgroup MREL of hierarchy I in S, added when new (EXISTS: it is there now); -errno. */
ssize_t ap_cg_get(struct cgk_apply *s, int i, const char *mrel, const char *label,
		  bool exists);
/* A new zeroed op of TYPE on cgroup CG at the end of S, or NULL. */
struct op *ap_op_new(struct cgk_apply *s, enum cgk_apply_op type, size_t cg);
/* Whether KNOB's value is keyed by its first word (a device, an interface). */
bool ap_keyed(const char *knob);
/* Length of the first word of V. */
size_t ap_key_len(const char *v);
/* The line of multi-line TEXT whose first word equals VALUE's, malloc'd, or NULL. */
char *ap_keyed_line(const char *text, const char *value);
/* The directory of cgroup C (FLAGS: O_PATH, O_RDONLY). fd or -errno. */
int ap_cg_open(const struct cgk_apply *s, const struct cg *c, int flags);
/* KNOB of C in its own form, whatever the hierarchy's version (lib/xlate). 0 or -errno. */
int ap_read_knob(const struct cgk_apply *s, const struct cg *c, const char *knob, char **ret);
/* The file KNOB of C as the kernel has it. 0 or -errno. */
int ap_read_raw(const struct cgk_apply *s, const struct cg *c, const char *knob, char **ret);

#endif
