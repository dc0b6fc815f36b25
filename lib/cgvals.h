/* SPDX-License-Identifier: MIT */
/* cgvals - read what a container view needs from its cgroups and /proc (the I/O half of view) */
#ifndef CGK_CGVALS_H
#define CGK_CGVALS_H

#include <stddef.h>
#include <sys/types.h>

#include "hier.h"
#include "view.h"

/* What to read (cgk_cgvals_load's WHAT). */
#define CGK_CGV_MEM	0x01	/* memory: usage, limits up the tree, memory.stat, memsw, swappiness */
#define CGK_CGV_CPU	0x02	/* cpuset (own, effective or an ancestor's), CFS quota and period */
#define CGK_CGV_USAGE	0x04	/* cpuacct.usage_all (or usage_percpu); v2: cpu.stat */
#define CGK_CGV_UPTIME	0x08	/* the init's start time, cpuacct.usage (v2: cpu.stat) */
#define CGK_CGV_LOAD	0x10	/* threads of the cpu cgroup and 3 levels below */
#define CGK_CGV_BLKIO	0x20	/* blkio *_recursive files */

/*
 * Read the values WHAT asks for into *RET (which is zeroed first) from the
 * cgroups MREL[i] (mount-relative; NULL where the target has none) of the
 * hierarchies H, and, for uptime, the start time of process INIT (0: none)
 * from H's /proc. The files lxcfs reads, with its fallbacks: a file that
 * cannot be read leaves its part unset (the view then does what lxcfs does:
 * pass the host file through, or print nothing). *RET_MISSING (when not
 * NULL) gets the CGK_CGV_* bits whose controller has no hierarchy, or no
 * cgroup of the target, or whose cgroup is gone: those views cannot be made.
 * 0, or -ENOMEM. Free with cgk_cgvals_done.
 */
int cgk_cgvals_load(const struct cgk_hiers *h, char *const *mrel, pid_t init, unsigned what,
		    struct cgk_cgvals *ret, unsigned *ret_missing);

/* Free what cgk_cgvals_load allocated in V and zero it. NULL is fine. */
void cgk_cgvals_done(struct cgk_cgvals *v);

/*
 * Files kept open from one load to the next, for a process that makes the
 * views again and again (procview --mount's server): the cgroup directories
 * and the files cgk_cgvals_load_kept reads there, /proc/INIT and
 * /sys/devices/system/cpu, each file pread from offset 0, where the kernel
 * makes its text anew. The values are those cgk_cgvals_load reads: a kept
 * file whose cgroup was removed (ENODEV) or whose process is gone (ESRCH)
 * has its directory opened again by path, as a load would open it now. A
 * file found missing is looked for again after the next cgk_cgfiles_expire.
 * At most MAX_FDS descriptors are kept; beyond, files are read as
 * cgk_cgvals_load reads them. H must outlive the set.
 */
struct cgk_cgfiles;

/* An empty set over the hierarchies H: 0 and *RET, or -ENOMEM. Free with cgk_cgfiles_free. */
int cgk_cgfiles_new(const struct cgk_hiers *h, size_t max_fds, struct cgk_cgfiles **ret);

/* Close every kept file and free FC. NULL is fine. */
void cgk_cgfiles_free(struct cgk_cgfiles *fc);

/*
 * Close what FC keeps of a target that is gone: the cgroups MREL[i] (h->n
 * slots, NULL where none; MREL itself may be NULL) and their descendants,
 * and /proc/PID (PID 0: none).
 */
void cgk_cgfiles_drop(struct cgk_cgfiles *fc, char *const *mrel, pid_t pid);

/*
 * One round of ageing: close the directories that no load read in the last
 * ROUNDS calls (a caller calling it every second closes what was not read
 * for ROUNDS seconds), and forget which files were missing. The number of
 * descriptors still kept.
 */
size_t cgk_cgfiles_expire(struct cgk_cgfiles *fc, unsigned rounds);

/* cgk_cgvals_load over FC's hierarchies, reading through its kept files: the same values. */
int cgk_cgvals_load_kept(struct cgk_cgfiles *fc, char *const *mrel, pid_t init, unsigned what,
			 struct cgk_cgvals *ret, unsigned *ret_missing);

/*
 * Count the threads of the processes in the cpu cgroup MREL[cpu] and its
 * descendants down to 3 levels (as lxcfs's loadavg does): v->nr_threads,
 * v->nr_active (state R or D), v->last_pid (the largest thread id), and set
 * v->load_ok. 0, -ENOENT without a cpu cgroup, -errno.
 */
int cgk_cgvals_threads(const struct cgk_hiers *h, char *const *mrel, struct cgk_cgvals *v);

/*
 * The process whose cgroups a view of process PID uses, as lxcfs picks it:
 * the init of PID's PID namespace (the process of that namespace whose PID
 * there is 1). A process of the machine's initial PID namespace is its own
 * (lxcfs's rule for a reader on the host); a process of the namespace the
 * /proc directory PROCFD shows, when that is a container's (procview run
 * inside it), has that /proc's PID 1. 0 and *ret; -ESRCH when PID does not
 * exist; -ENOENT when the kernel has no NSpid (before 4.1).
 */
int cgk_cgvals_pidns_init(int procfd, pid_t pid, pid_t *ret);

/* ---- pure parsers of the cgroup files above ---- */

/* The v1 memory.stat "total_*" counters the views use; absent keys stay 0. 0 or -EINVAL. */
int cgk_memstat_parse(const char *buf, size_t len, struct cgk_memstat *ret);

/*
 * The v2 memory.stat keys the views use (file, anon_thp, shmem, file_mapped,
 * file_dirty, file_writeback, the four LRUs, unevictable, slab_reclaimable,
 * slab_unreclaimable) into the v1 slots of struct cgk_memstat; absent keys
 * stay 0. 0 or -EINVAL.
 */
int cgk_memstat2_parse(const char *buf, size_t len, struct cgk_memstat *ret);

/* v2 cpu.stat's CPU time, microseconds. */
struct cgk_cpustat_usec {
	uint64_t usage, user, system;
};

/* cpu.stat: usage_usec (required), user_usec, system_usec (0 when absent). 0 or -EINVAL. */
int cgk_cpustat_usec_parse(const char *buf, size_t len, struct cgk_cpustat_usec *ret);

/*
 * cpu.max ("QUOTA PERIOD" or "max PERIOD", microseconds): *QUOTA -1 for
 * max. 0 or -EINVAL.
 */
int cgk_cpumax_parse(const char *buf, size_t len, int64_t *quota, int64_t *period);

/*
 * v2 io.stat ("MAJ:MIN rbytes=N wbytes=N rios=N wios=N dbytes=N dios=N ..."
 * lines) as the text of the v1 files blkio.throttle.io_serviced_recursive
 * (*SERVICED: "MAJ:MIN Read|Write|Discard N" from rios, wios, dios) and
 * blkio.throttle.io_service_bytes_recursive (*BYTES: from rbytes, wbytes,
 * dbytes), both malloc'd and NUL-terminated; absent keys count 0, unknown
 * keys are skipped. 0, -EINVAL on a bad device or value, -ENOMEM.
 */
int cgk_iostat_to_blkio(const char *buf, size_t len, char **serviced, char **bytes);

/*
 * cpuacct.usage_all ("cpu user system" then "N USER SYSTEM" lines, ns):
 * a malloc'd array of MAX entries filled in file order (lxcfs's indexing),
 * the rest zero, *RET_N = MAX. -EINVAL on a bad header or line, -ENOMEM.
 */
int cgk_usage_all_parse(const char *buf, size_t len, size_t max, struct cgk_cpuusage **ret,
			size_t *ret_n);

/* cpuacct.usage_percpu (blank-separated ns per CPU) as above, into .user. */
int cgk_usage_percpu_parse(const char *buf, size_t len, size_t max, struct cgk_cpuusage **ret,
			   size_t *ret_n);

#endif
