/* SPDX-License-Identifier: MIT */
/* apply - checked, ordered, all-or-nothing changes to cgroups: create, write, attach */
#ifndef CGK_APPLY_H
#define CGK_APPLY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "hier.h"
#include "target.h"

/*
 * A change set collects operations on cgroups of any hierarchies, then
 * applies them as one:
 *
 *	cgk_apply_new(h, 0, &s);
 *	cgk_apply_create(s, &t, 0, &err);		// --create
 *	cgk_apply_human(s, &t, "cpus", "0.2", &err);	// --cpus 0.2
 *	cgk_apply_write(s, &t, "memory.limit_in_bytes", "256M", &err);
 *	cgk_apply_attach(s, &t, pid, 0, &err);
 *	cgk_apply_prepare(s, &err);	// every rule checked, old values read, order fixed
 *	cgk_apply_steps(s, &n);		// a dry run lists these and stops here
 *	cgk_apply_commit(s, &err);	// all, or nothing: restored on failure
 *	cgk_apply_free(s);
 *
 * The add functions check what they can alone (syntax, ranges, whether a
 * hierarchy holds the knob); cgk_apply_prepare checks what needs the whole
 * set or the live system (memsw >= memory, a cpuset within its parent's
 * cpus and the online ones, CFS quota >= 1000 us once --cpus meets the
 * period, processes that exist), reads the value every write replaces and
 * orders the steps so the kernel takes them:
 *   1. creates, parents first; a new cpuset cgroup gets its parent's
 *      cpuset.cpus and cpuset.mems copied right after its mkdir;
 *   2. writes that loosen a hierarchical limit (a larger CFS quota/period
 *      ratio, a wider cpuset), parents first; memsw before memory when memsw
 *      grows; period or quota first, whichever keeps the ratio in between;
 *   3. other writes, in the order given;
 *   4. writes that tighten a hierarchical limit, children first; memory
 *      before memsw when memsw shrinks;
 *   5. attaches (after cpuset.cpus/mems, so they do not fail with ENOSPC).
 * cgk_apply_commit runs the steps; when one fails it undoes the ones done,
 * in reverse: processes moved back where they were, values written back,
 * created cgroups removed. Nothing is printed: the tool reads the steps and
 * the error.
 *
 * A set borrows H, which must outlive it. Not thread-safe.
 */
struct cgk_apply;

enum cgk_apply_op {
	CGK_APPLY_OP_CREATE,	/* mkdir */
	CGK_APPLY_OP_WRITE,	/* write value to knob */
	CGK_APPLY_OP_ATTACH,	/* pid to cgroup.procs (every thread) */
	CGK_APPLY_OP_ATTACH_THREAD,	/* tid to tasks */
};

/* One step of a prepared set, in the order it will run. */
struct cgk_apply_step {
	enum cgk_apply_op op;
	int hier;		/* index in H */
	const char *mrel;	/* mount-relative cgroup */
	const char *dir;	/* the cgroup's directory as people see it: "<mountpoint>/<mrel>" */
	const char *label;	/* the cgroup as the operand named it: "/a/b" */
	const char *knob;	/* file written: a knob, "cgroup.procs", "tasks"; NULL for create */
	const char *value;	/* text written (the kernel's form), a PID for attach; NULL for create */
	const char *old;	/* value read before (what rollback writes back); NULL when none */
	bool unknown;		/* the knob table does not know this file: written as given */
	bool implied;		/* added by the set, not asked for (cpuset copy on create) */
};

/* What went wrong, for one line of message. Filled on every error return. */
struct cgk_apply_error {
	int err;		/* the -errno returned */
	bool rule;		/* refused by a check before anything was written */
	bool human;		/* knob is a human knob name ("cpus"): print as "--cpus VALUE" */
	enum cgk_apply_op op;
	char label[CGK_PATH_MAX];	/* the cgroup ("/a/b"), "" when none */
	char hier[64];		/* its hierarchy's name ("cpu"), "" when none */
	char knob[128];		/* the knob, human knob name, "cgroup.procs"/"tasks", "" */
	char value[256];	/* the value as given (truncated with "..."), a PID, "" */
	char why[512];		/* the rule broken, or the errno in words a sysadmin can act on */
	int rollback;		/* after a failed commit: 0 when all was undone, else -errno
				   of the first undo step that failed too */
	char rollback_why[256];	/* that undo step: "/sys/fs/cgroup/cpu/a/cpu.shares <- 1024", "" */
};

/*
 * A new, empty set over hierarchies H (borrowed). FLAGS: 0. 0 and *RET
 * (free with cgk_apply_free), or -ENOMEM.
 */
int cgk_apply_new(const struct cgk_hiers *h, unsigned flags, struct cgk_apply **ret);

/* Free S; changes already committed stay. NULL is fine. */
void cgk_apply_free(struct cgk_apply *s);

/*
 * Create T (and its missing parents) in the hierarchies HMASK, which must
 * be within T's (resolve T with CGK_TARGET_MISSING). HMASK 0: every
 * hierarchy the set's knobs for T need (a cpu knob also needs cpuacct, so
 * usage is accounted where the limit is), or every v1 hierarchy of T when
 * the set writes no knob to T. Already existing directories are kept and
 * never removed on rollback. 0 or -errno (*ERR filled).
 */
int cgk_apply_create(struct cgk_apply *s, const struct cgk_target *t, uint64_t hmask,
		     struct cgk_apply_error *err);

/*
 * Write VALUE to control file KNOB of T, in the hierarchy of KNOB's
 * controller (generic files such as notify_on_release: every hierarchy of
 * T). VALUE is taken as people type it and turned into the kernel's form by
 * the knob table (cgk_knob_value: "512M", "max"). "cgroup.procs" and
 * "tasks" become attaches. Returns 0 for a known knob, 1 for a file the
 * table does not know (checked only for being one line; written as given:
 * the caller may warn), -EINVAL when VALUE breaks the knob's rule, -ENOENT
 * when no hierarchy holds the controller or T is not (and will not be) in
 * it, -errno otherwise (*ERR filled on errors).
 */
int cgk_apply_write(struct cgk_apply *s, const struct cgk_target *t, const char *knob,
		    const char *value, struct cgk_apply_error *err);

/*
 * A human knob, as docker update names them, turned into raw writes to T:
 *   "cpus" F|max    cpu.cfs_quota_us = F x period (period from "period" in
 *                   this set, else the cgroup's, else 100000); max: -1
 *   "period" US     cpu.cfs_period_us
 *   "shares" N      cpu.shares
 *   "cpuset" LIST   cpuset.cpus          "mems" LIST   cpuset.mems
 *   "memory" SIZE   memory.limit_in_bytes
 *   "memory-swap" SIZE  memory.memsw.limit_in_bytes (memory + swap)
 *   "pids" N|max    pids.max
 *   "freeze", "thaw" (VALUE ignored)   freezer.state FROZEN / THAWED
 *   "blkio-weight" N                   blkio.weight (or blkio.bfq.weight
 *                                      when only that file exists)
 *   "device-read-bps" MAJ:MIN:RATE or "MAJ:MIN RATE" or /dev/PATH:RATE
 *   "device-write-bps" (same)          blkio.throttle.{read,write}_bps_device
 * SIZE and RATE take K/M/G/T (1024-based) and max. 0, -EINVAL (bad value),
 * -ENOENT (unknown NAME or no hierarchy), with *ERR filled.
 */
int cgk_apply_human(struct cgk_apply *s, const struct cgk_target *t, const char *name,
		    const char *value, struct cgk_apply_error *err);

/* The human knob names cgk_apply_human takes, NULL-terminated. */
const char *const *cgk_apply_human_names(void);

/*
 * The hierarchy (index in H) a write of control file NAME, or of human knob
 * NAME when HUMAN, goes to: for -R, to skip the descendants that are not in
 * it. -ENODATA for files of every hierarchy (notify_on_release), -ENOENT
 * when no hierarchy holds its controller or NAME is no human knob, -EINVAL
 * for a bad name.
 */
int cgk_apply_knob_hier(const struct cgk_apply *s, const char *name, bool human);

/*
 * The control file human knob NAME writes ("cpus": cpu.cfs_quota_us,
 * "freeze": freezer.state, "blkio-weight": blkio.weight even where
 * blkio.bfq.weight is the one written), NULL for an unknown name.
 */
const char *cgk_apply_human_knob(const char *name);

#define CGK_APPLY_THREAD 0x1	/* move one thread (tasks), not the process */

/*
 * Move process PID (all its threads; 0 is the caller) into T in every
 * hierarchy T exists in or is created in; with CGK_APPLY_THREAD, thread
 * PID alone, through tasks. 0 or -errno (*ERR filled; -ESRCH is found at
 * prepare).
 */
int cgk_apply_attach(struct cgk_apply *s, const struct cgk_target *t, pid_t pid,
		     unsigned flags, struct cgk_apply_error *err);

/*
 * Copy every writable knob of SRC to DST in each hierarchy both are in, as
 * libcgroup's cgset --copy-from: values read from SRC (multi-line ones such
 * as blkio.throttle.* one write per line), files whose value already equals
 * DST's skipped; devices.*, write-only files and the generic files of every
 * hierarchy (notify_on_release, cgroup.clone_children) not copied, as
 * libcgroup leaves them. 0 or -errno.
 */
int cgk_apply_copy(struct cgk_apply *s, const struct cgk_target *src,
		   const struct cgk_target *dst, struct cgk_apply_error *err);

/*
 * Check the whole set, read old values and order the steps (see the top of
 * this file). Writes nothing. 0, or -EINVAL (a rule; err->rule), -ESRCH (a
 * PID is gone), -errno from reading (*ERR filled). Adding to S after this
 * is -EBUSY.
 */
int cgk_apply_prepare(struct cgk_apply *s, struct cgk_apply_error *err);

/*
 * The steps of a prepared set, in order: a borrowed array valid until
 * cgk_apply_free, *RET_N entries. NULL and 0 before cgk_apply_prepare.
 */
const struct cgk_apply_step *cgk_apply_steps(const struct cgk_apply *s, size_t *ret_n);

/* Whether step K of ST writes a file the knob table does not know that no
 * earlier step writes: where a tool warns, once per file. */
bool cgk_apply_step_unknown_first(const struct cgk_apply_step *st, size_t k);

/*
 * Run the steps of a prepared set (prepares it first if needed). On
 * failure, undo the steps done, in reverse, and return the -errno of the
 * step that failed, with *ERR saying what the kernel refused, in words, and
 * whether the undo was complete (err->rollback). 0 when all were made.
 */
int cgk_apply_commit(struct cgk_apply *s, struct cgk_apply_error *err);

/*
 * Undo a committed set, as a failed commit would: processes moved back,
 * old values written back, created cgroups removed (cgexec-ns --rm after
 * its child exits). 0, or the -errno of the first undo step that failed
 * (the others are still tried; *ERR names it).
 */
int cgk_apply_rollback(struct cgk_apply *s, struct cgk_apply_error *err);

/*
 * ERRNO (positive) met by OP on KNOB explained for a sysadmin: "the cgroup
 * uses more memory than that and the kernel could not reclaim it" for EBUSY
 * on memory.limit_in_bytes, "set cpuset.cpus and cpuset.mems first" for
 * ENOSPC on attach, and so on; strerror's text when nothing better is
 * known. Writes BUF (SIZE bytes), returns BUF.
 */
const char *cgk_apply_explain(enum cgk_apply_op op, const char *knob, int errnum,
			      char *buf, size_t size);

#endif
