/* SPDX-License-Identifier: MIT */
/* libcg - the one module that calls libcgroup: create cgroups, attach tasks */
#ifndef CGK_LIBCG_H
#define CGK_LIBCG_H

#include <sys/types.h>

/*
 * Initialise libcgroup once (it reads the mounted hierarchies) with its
 * logging silenced. 0 or -errno; a failed init is retried on the next call.
 */
int cgk_libcg_init(void);

/*
 * Move task PID (0: the caller) into the cgroup MREL_PATH of CONTROLLER's
 * hierarchy, MREL_PATH relative to that hierarchy's mount root ("a/b" or
 * "/a/b"; ".." refused). Initialises libcgroup if needed. 0 or -errno.
 */
int cgk_libcg_attach(pid_t pid, const char *controller, const char *mrel_path);

/*
 * Create MREL_PATH (and missing parents) in CONTROLLER's hierarchy; an
 * existing cgroup is not an error. Ownership errors are not ignored. 0 or -errno.
 */
int cgk_libcg_create(const char *controller, const char *mrel_path);

/* libcgroup's text for its ECG* code ECG (static storage, not thread-safe). */
const char *cgk_libcg_strerror(int ecg);

#endif
