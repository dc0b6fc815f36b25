/* SPDX-License-Identifier: MIT */
/* ns - namespaces of processes: a container's init, entering namespaces, new ones */
#ifndef CGK_NS_H
#define CGK_NS_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "hier.h"

/*
 * 1 when process PID (below the /proc directory PROCFD) is in another PID
 * namespace than its parent, 0 when in the same, -errno (-ESRCH: gone).
 * A captured tree may hold ns/pid as a plain file with the link's text.
 */
int cgk_ns_pidns_differs(int procfd, pid_t pid);

/*
 * The init of a container among its processes PIDS[0..N): the first whose
 * PID namespace differs from its parent's, else the lowest PID. 0 and *ret;
 * -ENOENT when N is 0 or every process vanished.
 */
int cgk_ns_find_init(int procfd, const pid_t *pids, size_t n, pid_t *ret);

/* ---- entering namespaces (nsenter-lite) ---- */

#define CGK_NS_N 8	/* user, cgroup, ipc, uts, net, pid, mnt, time */

/*
 * Index 0..CGK_NS_N-1 of namespace type TYPE (one CLONE_NEW* bit) in the
 * order util-linux's nsenter enters them: user, cgroup, ipc, uts, net, pid,
 * mnt, time. -EINVAL for anything else.
 */
int cgk_ns_index(unsigned long type);
/* The CLONE_NEW* bit of index I, 0 when out of range. */
unsigned long cgk_ns_type(int i);
/* The /proc/PID/ns file name of TYPE ("mnt", "net", ...), NULL when unknown. */
const char *cgk_ns_name(unsigned long type);
/* Every type in the table, as one mask. */
unsigned long cgk_ns_all(void);

/*
 * Exit code of a process from its wait status: the exit status, 128+N when
 * signal N killed it, 1 otherwise. Pure.
 */
int cgk_ns_exit_code(int wstatus);

/*
 * Split the NUL-separated text of /proc/PID/environ, BUF[0..LEN) with
 * BUF[LEN] == '\0' (as cgk_read_at leaves it), into a NULL-terminated array
 * of "NAME=VALUE" strings pointing into BUF. Entries without '=' or with an
 * empty name are dropped. 0 and a malloc'd *ret (free the array, not the
 * strings); -ENOMEM; -E2BIG past 65536 entries; *ret untouched on error.
 */
int cgk_ns_environ_split(char *buf, size_t len, char ***ret);

/*
 * A target to enter: the process (a pidfd that pins it, so that a PID that
 * dies and is reused cannot be entered by mistake) and, per namespace, a
 * file to use instead of the process's ("-n=FILE").
 */
struct cgk_nsset {
	pid_t pid;		/* 0: no target process */
	int pidfd;		/* -1 when none or the kernel has no pidfd_open */
	uint64_t starttime;	/* the target's, to tell a reused PID without a pidfd */
	int procfd;		/* borrowed /proc directory fd */
	int fd[CGK_NS_N];	/* namespace files, by cgk_ns_index; -1 */
	unsigned long types;	/* the namespaces to enter (CLONE_NEW* mask) */
	bool used_pidfd;	/* set by cgk_nsset_enter: one setns(pidfd, types) */
};

#define CGK_NS_NO_PIDFD 0x1	/* enter through the /proc/PID/ns files, one by one */

/* Empty set (every fd -1) reading processes below /proc directory PROCFD (borrowed). */
void cgk_nsset_init(struct cgk_nsset *s, int procfd);
/* Close every fd of S and empty it. NULL is fine. */
void cgk_nsset_done(struct cgk_nsset *s);

/*
 * Take process PID as the target: open its pidfd (pidfd_open), or where the
 * kernel has none remember its start time. 0, -ESRCH when it does not exist,
 * -errno.
 */
int cgk_nsset_target(struct cgk_nsset *s, pid_t pid);

/*
 * Use file PATH (an nsfs file such as /proc/PID/ns/net or a bind mount of
 * one) for namespace TYPE instead of the target's. 0, -EINVAL when PATH is
 * a namespace of another type (or none at all), -errno from open.
 */
int cgk_nsset_file(struct cgk_nsset *s, unsigned long type, const char *path);

/*
 * The namespace types the target has (a /proc/PID/ns entry exists) and,
 * in *ret_same, those it shares with the caller (same nsfs inode). 0 or
 * -errno (-ESRCH when it is gone).
 */
int cgk_nsset_probe(struct cgk_nsset *s, unsigned long *ret_has, unsigned long *ret_same);

/*
 * Open the target's root or working directory (WHICH: "root" or "cwd") as an
 * O_PATH directory fd, in the caller's namespaces, before entering any.
 * fd or -errno; -ESRCH when the target is gone or was replaced.
 */
int cgk_nsset_open_dir(struct cgk_nsset *s, const char *which);

/*
 * Read the target's environment (/proc/PID/environ) into *ret_buf (malloc'd,
 * NUL-separated, LEN + 1 bytes) and split it as cgk_ns_environ_split does.
 * Free *ret_env, then *ret_buf. 0 or -errno; -ESRCH when gone or replaced.
 */
int cgk_nsset_environ(struct cgk_nsset *s, char **ret_buf, char ***ret_env);

/*
 * 0 when the target is still the process cgk_nsset_target found (pidfd
 * alive, or the same start time), -ESRCH when it died or its PID was reused.
 */
int cgk_nsset_verify(struct cgk_nsset *s);

/*
 * Enter the namespaces in S->types. Those of the target go through one
 * setns(pidfd, mask) when the kernel allows it (5.8 and later), so every
 * namespace comes from the same live process at once; otherwise (or with
 * CGK_NS_NO_PIDFD, or with a file given for a type, or when that call is
 * refused with EINVAL or EPERM, so that the error names a namespace) through
 * one namespace file each, in util-linux's order: a first pass over every type but user,
 * failures skipped, then a second pass that enters user first and retries
 * the rest, a failure then final (so a privileged caller enters the user
 * namespace last and an unprivileged one first). The target is verified
 * alive after its files are opened. 0; -errno with *ret_type (when not NULL)
 * the type that failed, or 0 when the one setns(pidfd) failed as a whole.
 */
int cgk_nsset_enter(struct cgk_nsset *s, unsigned flags, unsigned long *ret_type);

/*
 * After entering: change root to ROOTFD (when >= 0: fchdir + chroot("."))
 * then the working directory to CWDFD (when >= 0), else back to the
 * directory the caller was in (as nsenter does with -r and no -w). The fds
 * are not closed. 0 or -errno.
 */
int cgk_ns_chroot(int rootfd, int cwdfd);

/*
 * Become GID (when SET_GID) and UID (when SET_UID): supplementary groups
 * dropped first, then setgid, then setuid. 0 or -errno.
 */
int cgk_ns_setcreds(bool set_uid, uid_t uid, bool set_gid, gid_t gid);

/*
 * Fork, as entering a PID namespace needs. The child returns 0. The parent
 * waits for it, following its stops (it stops itself, then continues the
 * child, so that a shell's job control sees the pair as one job), and
 * returns 1 with the child's wait status in *ret_status. -errno when fork
 * fails.
 */
int cgk_ns_fork(int *ret_status);

/* ---- cgroups ---- */

/*
 * Move process PID into the cgroup MREL[i] of every hierarchy i of H where
 * MREL[i] is not NULL, writing cgroup.procs below the mount (cgk_hier_open:
 * no symlinks, nothing outside it). Stops at the first failure: -errno with
 * *ret_idx (when not NULL) the hierarchy that refused. 0 on success.
 */
int cgk_ns_attach(const struct cgk_hiers *h, char *const *mrel, pid_t pid, int *ret_idx);

/*
 * Join process TARGET's cgroups in every hierarchy (v1 and v2): move PID
 * there. -ESRCH when TARGET is gone; else as cgk_ns_attach.
 */
int cgk_ns_join_cgroups(const struct cgk_hiers *h, pid_t target, pid_t pid, int *ret_idx);

/* ---- running a command in new namespaces (cgexec-ns) ---- */

/*
 * A child made by cgk_ns_spawn. It waits, before doing anything, until the
 * parent lets it go (cgk_ns_release), so that the parent can place it in its
 * cgroups and write its user namespace maps first.
 */
struct cgk_nschild {
	pid_t pid;		/* in the parent: the child's PID; in the child: 0 */
	int pidfd;		/* parent: the child's pidfd (CLONE_PIDFD) or -1 */
	int syncfd;		/* parent: write end; child: read end */
	bool into_cgroup;	/* parent: the child was created in CGROUP2FD */
	unsigned long late;	/* child: types it unshares once released (no clone3) */
};

/*
 * Create a child in new namespaces TYPES (CLONE_NEW* bits but
 * CLONE_NEWCGROUP, which the child unshares itself once it is in its
 * cgroups) with clone3, straight into the cgroup2 directory CGROUP2FD when
 * >= 0 and the kernel allows (CLONE_INTO_CGROUP; ret->into_cgroup says
 * whether it did), else clone. Returns 0 in the child, 1 in the parent (for
 * both, *RET filled), -errno when no child was made.
 */
int cgk_ns_spawn(unsigned long types, int cgroup2fd, struct cgk_nschild *ret);

/* Parent: let the child go on, and close the sync fd. 0 or -errno. */
int cgk_ns_release(struct cgk_nschild *c);
/*
 * Child: wait until the parent lets go, then unshare the namespaces clone
 * could not make (a time namespace where clone3 is refused: the command is
 * in it once it execs). 0, -ECANCELED when the parent closed without
 * letting go, -errno from unshare.
 */
int cgk_ns_wait_release(struct cgk_nschild *c);

/*
 * Write the user namespace maps of process PID (in a new user namespace):
 * its root is OUTER_UID/OUTER_GID outside ("setgroups" denied first, as an
 * unprivileged writer must). 0 or -errno.
 */
int cgk_ns_map_root(int procfd, pid_t pid, uid_t outer_uid, gid_t outer_gid);

/*
 * In a new mount namespace: make every mount private (so nothing propagates
 * back), then, when PROC_DIR is not NULL, mount a fresh proc there (it shows
 * the caller's PID namespace). 0 or -errno.
 */
int cgk_ns_private_mounts(void);
int cgk_ns_mount_proc(const char *proc_dir);

/*
 * A minimal init. cgk_ns_init_prepare: before forking the command, install
 * handlers for SIGCHLD and the forwarded signals (SIGINT, SIGTERM, SIGHUP,
 * SIGQUIT, SIGUSR1, SIGUSR2) and block them; become the reaper of orphans
 * (PR_SET_CHILD_SUBREAPER; PID 1 of a namespace is one already). *RET_OLD
 * gets the mask to restore. In the command's child, before exec,
 * cgk_ns_init_child restores the default dispositions and that mask.
 */
int cgk_ns_init_prepare(sigset_t *ret_old);
int cgk_ns_init_child(const sigset_t *old);

/*
 * The init's loop: forward each of the signals above to process CMD, reap
 * every child that ends (orphans included) and return once CMD has ended,
 * with its wait status in *ret_status. 0 or -errno.
 */
int cgk_ns_init_loop(pid_t cmd, int *ret_status);

/* ---- finding the target ---- */

struct cgk_target;

/*
 * The process to enter for cgroup target T (a container's cgroups, or any
 * cgroup): among the processes in T and below it, in every hierarchy where
 * T exists, the one cgk_ns_find_init picks (the container's init). 0 and
 * *ret; -ENOENT when no process is there; -errno.
 */
int cgk_ns_cgroup_init(const struct cgk_hiers *h, const struct cgk_target *t, pid_t *ret);

#endif
