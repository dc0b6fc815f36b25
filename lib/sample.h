/* SPDX-License-Identifier: MIT */
/* sample - cgtop's sampler: the cgroup tree, kept-open files, pread, deltas, rates */
#ifndef CGK_SAMPLE_H
#define CGK_SAMPLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "container.h"
#include "hier.h"
#include "taskstats.h"
#include "tree.h"

/* ---- pure parsers and arithmetic (no I/O) ---- */

/* cpu.stat: v1 keys nr_periods, nr_throttled, throttled_time (ns); v2
 * throttled_usec and usage_usec are converted to ns. */
struct cgk_cpustat {
	uint64_t nr_periods;
	uint64_t nr_throttled;
	uint64_t throttled_ns;
	uint64_t usage_ns;	/* v2 only */
	bool has_usage;
	bool has_throttle;	/* all three throttling keys were there */
};
/* 0 and *ret; -ENOENT when neither usage_usec nor all of nr_periods,
 * nr_throttled and the throttled time are there (a v2 cgroup without the
 * cpu controller has usage_usec alone); -EINVAL/-ERANGE on a bad value of
 * a known key. Unknown keys are ignored. *ret untouched on error. */
int cgk_sample_cpustat_parse(const char *buf, size_t len, struct cgk_cpustat *ret);

/* The memory.stat values the sampler uses (v1 total_* keys, else v2 keys). */
struct cgk_sample_memstat {
	uint64_t inactive_file;	/* total_inactive_file (v1), inactive_file (v2) */
	uint64_t active_file;
	uint64_t rss;		/* total_rss (v1), anon (v2) */
	uint64_t cache;		/* total_cache (v1), file (v2) */
	uint64_t hierarchical_limit;	/* hierarchical_memory_limit (v1), else UINT64_MAX */
	uint64_t swap;		/* total_swap (v1 with swap accounting) */
	bool has_swap;
};
/* 0 and *ret; -ENOENT without an inactive_file key; -EINVAL/-ERANGE on a
 * bad value of a known key. *ret untouched on error. */
int cgk_sample_memstat_parse(const char *buf, size_t len, struct cgk_sample_memstat *ret);

/*
 * blkio.throttle.io_service_bytes[_recursive] ("MAJ:MIN Read N" lines, a
 * "Total N" line) or v2 io.stat ("MAJ:MIN rbytes=N wbytes=N ..."): bytes
 * read and written summed over devices. An empty file is 0, 0. 0 and the
 * sums; -EINVAL on a malformed line; outputs untouched on error.
 */
int cgk_sample_blkio_parse(const char *buf, size_t len, uint64_t *ret_read,
			   uint64_t *ret_write);

/* The same, with v2 io.stat's operation counts (rios, wios; 0 in v1's files). */
struct cgk_sample_io {
	uint64_t rbytes, wbytes, rios, wios;
};
int cgk_sample_io_parse(const char *buf, size_t len, struct cgk_sample_io *ret);

/*
 * Pressure stall information: a v2 cgroup's cpu/memory/io.pressure or
 * /proc/pressure files: "some avg10=A avg60=B avg300=C total=N" and a "full"
 * line (cpu.pressure had none before Linux 5.13). The averages are
 * percent of wall time, the totals microseconds of stall: a counter.
 */
struct cgk_psi {
	double some_avg10, full_avg10;
	uint64_t some_total_us, full_total_us;
	bool has_full;
};
/* 0 and *ret; -ENOENT without a "some" line; -EINVAL when a some or full
 * line lacks avg10 or total or has a malformed field. Lines of another
 * kind are ignored. *ret untouched on error. */
int cgk_sample_psi_parse(const char *buf, size_t len, struct cgk_psi *ret);

/* memory.events: how often the cgroup went over memory.high (and was
 * throttled), hit memory.max, ran out of memory, had a task OOM-killed. */
struct cgk_memevents {
	uint64_t high, max, oom, oom_kill;
};
/* 0 and *ret; -ENOENT when one of the four keys is missing; -EINVAL/-ERANGE
 * on a bad value. Other keys (low, oom_group_kill) are ignored. *ret
 * untouched on error. */
int cgk_sample_memevents_parse(const char *buf, size_t len, struct cgk_memevents *ret);

/* v1 memory.oom_control ("oom_kill_disable 0", "under_oom 0", "oom_kill N"
 * since Linux 4.13): the tasks the OOM killer killed in this cgroup itself
 * (v1 does not count them up the tree as v2's memory.events does). 0 and
 * *ret; -ENOENT without an oom_kill key; -EINVAL/-ERANGE on a bad value.
 * *ret untouched on error. */
int cgk_sample_oomcontrol_parse(const char *buf, size_t len, uint64_t *ret);

/* Count a task of /proc/TID/stat state STATE into *ST as taskstats'
 * cgroupstats would: R running, S sleeping, D uninterruptible, T stopped;
 * others (I idle, Z, t traced, X) in none. */
void cgk_sample_state_add(struct cgk_cgroupstats *st, char state);

/* /proc/loadavg: three averages, then "running/threads". 0 or -EINVAL. */
int cgk_sample_loadavg_parse(const char *buf, size_t len, double ret_load[3],
			     uint64_t *ret_threads);

/* CUR - PREV of a counter; 0 when it went backwards (reset, new cgroup). */
uint64_t cgk_counter_delta(uint64_t prev, uint64_t cur);
/*
 * Rate per second of a counter over DT_NS nanoseconds, times SCALE (1 for
 * per second; 100/1e9 turns nanoseconds into percent of one CPU). 0 and
 * *ret; -EDOM when DT_NS is 0 (no rate). A counter that went backwards
 * gives 0.
 */
int cgk_counter_rate(uint64_t prev, uint64_t cur, uint64_t dt_ns, double scale,
		     double *ret);

/* ---- the sampler ---- */

/* Bits of cgk_sample_cg.valid: which values the system gave this round. */
#define CGK_SV_TASKS		0x0001
#define CGK_SV_CPU		0x0002	/* cpu_ns */
#define CGK_SV_CPU_RATE		0x0004	/* cpu_percent */
#define CGK_SV_CPU_LIMIT	0x0008	/* cpu_limit (a quota is set) */
#define CGK_SV_CPU_QUOTA	0x0010	/* quota read (set or not) */
#define CGK_SV_THROTTLE		0x0020	/* nr_periods, nr_throttled, throttled_ns */
#define CGK_SV_THROTTLE_RATE	0x0040	/* throttled_percent, throttled_sec */
#define CGK_SV_MEM		0x0080	/* mem */
#define CGK_SV_WSET		0x0100	/* wset */
#define CGK_SV_MEM_LIMIT	0x0200	/* mem_limit (a limit is set) */
#define CGK_SV_MEM_LIMIT_READ	0x0400	/* limit read (set or not) */
#define CGK_SV_IO		0x0800	/* io_read, io_write */
#define CGK_SV_IO_RATE		0x1000	/* io_read_bps, io_write_bps */
#define CGK_SV_STATES		0x2000	/* states (io_wait too only with CGK_SV_IOWAIT) */
#define CGK_SV_IO_OPS		0x4000	/* io_rios, io_wios (v2 io.stat) */
#define CGK_SV_IO_OPS_RATE	0x8000	/* io_read_iops, io_write_iops */
#define CGK_SV_MEM_HIGH		0x10000	/* mem_high (memory.high is set) */
#define CGK_SV_MEM_EVENTS	0x20000	/* mev */
#define CGK_SV_MEM_EVENTS_RATE	0x40000	/* high_per_sec */
#define CGK_SV_PSI_CPU		0x80000	/* psi[CGK_PSI_CPU] */
#define CGK_SV_PSI_MEM		0x100000	/* psi[CGK_PSI_MEM] */
#define CGK_SV_PSI_IO		0x200000	/* psi[CGK_PSI_IO] */
#define CGK_SV_IOWAIT		0x400000	/* states.io_wait (taskstats: v1 only) */
#define CGK_SV_MEM_SWAP		0x800000	/* mem_swap */
#define CGK_SV_OOM_KILL		0x1000000	/* oom_kill */

enum { CGK_PSI_CPU, CGK_PSI_MEM, CGK_PSI_IO, CGK_PSI_N };

#define CGK_SAMPLE_NONE SIZE_MAX

/* One cgroup of the tree, as the last refresh saw it. */
struct cgk_sample_cg {
	const char *path;	/* user-visible: "/a/b" */
	const char *name;	/* last component ("/" for the root) */
	size_t parent;		/* index of the parent, CGK_SAMPLE_NONE for the root */
	unsigned depth;		/* 0 for the root */
	uint64_t hmask;		/* hierarchies it exists in */
	bool container;		/* ctr is a container */
	bool pod;		/* ctr.pod_uid/qos name a pod cgroup (runtime NONE) */
	struct cgk_container ctr;
	unsigned valid;		/* CGK_SV_* */

	uint64_t tasks;		/* pids.current, or processes with CGK_SAMPLE_PROCS */
	uint64_t cpu_ns;	/* cpuacct.usage (v2: cpu.stat usage_usec): a counter */
	double cpu_percent;	/* of one CPU, over the last interval */
	double cpu_limit;	/* CPUs: quota / period */
	uint64_t nr_periods, nr_throttled, throttled_ns;	/* counters */
	double throttled_percent;	/* of the periods of the last interval */
	double throttled_sec;	/* throttled time during the last interval */
	uint64_t mem;		/* memory.usage_in_bytes (v2: memory.current) */
	uint64_t wset;		/* mem - [total_]inactive_file (0 at least) */
	uint64_t mem_limit;	/* memory.limit_in_bytes (v2: memory.max) */
	uint64_t mem_rss, mem_cache;	/* memory.stat total_rss/total_cache (v1),
					 * anon/file (v2): valid with CGK_SV_WSET */
	uint64_t mem_swap;	/* memory.stat total_swap (v1), memory.swap.current
				 * (v2, with CGK_SAMPLE_SWAP_OOM) */
	uint64_t io_read, io_write;	/* bytes: counters */
	double io_read_bps, io_write_bps;
	uint64_t io_rios, io_wios;	/* operations: counters (v2) */
	double io_read_iops, io_write_iops;
	uint64_t mem_high;	/* memory.high (v2) */
	struct cgk_memevents mev;	/* memory.events (v2): counters */
	double high_per_sec;	/* memory.high events (throttling) per second */
	uint64_t oom_kill;	/* tasks OOM-killed: memory.events oom_kill (v2),
				 * memory.oom_control oom_kill (v1, with
				 * CGK_SAMPLE_SWAP_OOM; this cgroup's own) */
	struct cgk_psi psi[CGK_PSI_N];	/* cpu, memory, io.pressure (v2, PSI kernels) */
	struct cgk_cgroupstats states;	/* tasks by state, the cgroup and its
					 * descendants down to the depth: taskstats
					 * on v1, each task's /proc/TID/stat on v2 */
};

/* Host totals of the last refresh. */
struct cgk_sample_host {
	unsigned ncpus;		/* online */
	double load[3];
	uint64_t threads;	/* from /proc/loadavg */
	uint64_t mem_total, mem_available;	/* bytes; 0 when unknown */
	size_t ncgroups, ncontainers;
	uint64_t time_ns;	/* the refresh's CLOCK_MONOTONIC time */
};

/* What the sampler costs: for tests and benchmarks. */
struct cgk_sample_stats {
	size_t fds_kept;	/* files held open between refreshes */
	size_t fd_budget;
	size_t transient;	/* files opened and closed again by the last
				 * refresh: those beyond the budget */
	size_t rescans;		/* tree walks since the start */
	size_t refreshes;
	bool watching;		/* every directory has an inotify watch */
};

#define CGK_SAMPLE_PROCS	0x1	/* tasks = processes (cgroup.procs) */
#define CGK_SAMPLE_KTHREADS	0x2	/* with PROCS: count kernel threads too */
#define CGK_SAMPLE_NONRECURSIVE	0x4	/* with PROCS: own processes only */
#define CGK_SAMPLE_NO_TASKSTATS	0x8	/* no task states (netlink on v1, /proc on v2) */
/*
 * A run of a few refreshes (cgtop -1, -b -n 6): no inotify watches (the
 * limits are read again at each refresh instead, the tree walked again
 * only after a cgroup vanished or every rescan_every refreshes), and the
 * files opened by path beneath the mount, not through directory fds kept
 * for the purpose. Fixed at cgk_sampler_new.
 */
#define CGK_SAMPLE_ONESHOT	0x10
/*
 * The caller shows no empty cgroup: of a cgroup whose pids.current reads 0
 * (nothing in it nor below) read nothing more; it is valid for tasks (0)
 * and task states (none) only, and a cgroup that was empty at the previous
 * refresh has no rates at the next. Not with CGK_SAMPLE_PROCS.
 */
#define CGK_SAMPLE_SKIP_EMPTY	0x20
/*
 * The children of a kubepods pod cgroup (cgk_sample_cg.pod) at the depth
 * are sampled too, one level past it: a pod's containers each a cgroup of
 * their own, wherever the depth cuts the tree.
 */
#define CGK_SAMPLE_POD_KIDS	0x40
/*
 * Also what swap a v2 cgroup uses (memory.swap.current; v1's is in
 * memory.stat) and a v1 cgroup's OOM kills (memory.oom_control; v2's are in
 * memory.events): one more file per cgroup, which cAdvisor's metric names
 * want and nothing else shows.
 */
#define CGK_SAMPLE_SWAP_OOM	0x80

struct cgk_sample_opts {
	unsigned maxdepth;	/* levels below the start */
	unsigned rescan_every;	/* refreshes between forced rescans; 0: only on a change */
	size_t fd_budget;	/* files held open at most; 0: from RLIMIT_NOFILE */
	unsigned flags;		/* CGK_SAMPLE_* */
	const char *label;	/* user-visible path of the start ("/" when NULL) */
};

struct cgk_sampler;

/*
 * A sampler over the tree rooted at mount-relative START[i] of each
 * hierarchy i in HMASK (H and START are borrowed and must outlive it).
 * Nothing is read until the first refresh. 0 and *ret, or -errno.
 */
int cgk_sampler_new(const struct cgk_hiers *h, uint64_t hmask, char *const *start,
		    const struct cgk_sample_opts *o, struct cgk_sampler **ret);
void cgk_sampler_free(struct cgk_sampler *s);

/* Change the depth or the flags; the next refresh rescans. */
void cgk_sampler_set_depth(struct cgk_sampler *s, unsigned maxdepth);
void cgk_sampler_set_flags(struct cgk_sampler *s, unsigned flags);

/*
 * Read every cgroup once more at time NOW_NS (CLOCK_MONOTONIC; 0 = now),
 * rescanning the tree first when a hierarchy changed (inotify), when a
 * kept file went stale, or every rescan_every refreshes. Rates compare
 * with the previous refresh of the same cgroup. A cgroup that vanishes
 * mid-refresh keeps what was read, invalid for the rest. 0 or -errno
 * (-ENOENT: the start itself is gone).
 */
int cgk_sampler_refresh(struct cgk_sampler *s, uint64_t now_ns);

/* The cgroups of the last refresh in pre-order (parents before children,
 * siblings by name); valid until the next refresh. */
const struct cgk_sample_cg *cgk_sampler_cgroups(const struct cgk_sampler *s, size_t *ret_n);
const struct cgk_sample_host *cgk_sampler_host(const struct cgk_sampler *s);
void cgk_sampler_stats(const struct cgk_sampler *s, struct cgk_sample_stats *ret);

/*
 * The processes of cgroup IDX and its descendants: a tree (lib/tree.c,
 * with processes and command lines) rooted at that cgroup. Caller frees
 * with cgk_tree_free. 0 or -errno.
 */
int cgk_sampler_procs(const struct cgk_sampler *s, size_t idx, bool kthreads,
		      struct cgk_tree **ret);

/*
 * The init of the container in cgroup IDX: among the processes of its
 * cgroup.procs (the first hierarchy that has any), the one
 * cgk_ns_find_init picks. 0 and *ret; -ENOENT when it has none; -errno.
 */
int cgk_sampler_init(const struct cgk_sampler *s, size_t idx, pid_t *ret);

#endif
