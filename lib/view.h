/* SPDX-License-Identifier: MIT */
/* view - /proc as a container sees it, computed as lxcfs computes it: pure functions */
#ifndef CGK_VIEW_H
#define CGK_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "knob.h"

/*
 * Every function here turns the text of a host file and the values read from
 * the container's cgroups (struct cgk_cgvals) into the text the container
 * would see through lxcfs 5.0 on cgroup v1 or v2. They do no I/O: lib/cgvals.c
 * reads the values, the tool reads the host files and prints. The formulas
 * and lxcfs's quirks are those of procview(1); CGK_VIEW_FIX corrects the
 * quirks, CGK_VIEW_CFS counts CPUs as lxcfs --enable-cfs does.
 */

#define CGK_VIEW_CFS	0x1	/* CPU count honours the CFS quota (lxcfs --enable-cfs) */
#define CGK_VIEW_FIX	0x2	/* correct lxcfs's known v1 and v2 quirks */

/* What a view function returns instead of text: pass the host file through. */
#define CGK_VIEW_HOST	1

/*
 * The memory.stat counters the views use (bytes; v1 "total_" keys, or v2's:
 * cache = file, rss_huge = anon_thp, mapped_file = file_mapped, dirty =
 * file_dirty, writeback = file_writeback; the slab ones are v2 only).
 */
struct cgk_memstat {
	uint64_t cache, rss_huge, shmem, mapped_file, dirty, writeback;
	uint64_t active_anon, inactive_anon, active_file, inactive_file, unevictable;
	uint64_t slab_reclaimable, slab_unreclaimable;
};

/* Per-CPU usage of a cgroup in nanoseconds (cpuacct.usage_all). */
struct cgk_cpuusage {
	uint64_t user, system;
};

/* The container's cgroup values. Zeroed means "nothing read". */
struct cgk_cgvals {
	/* memory: meminfo, swaps */
	bool mem;			/* usage and memory.stat were read */
	uint64_t mem_limit;		/* bytes: smallest limit_in_bytes from the cgroup up (0: unread) */
	uint64_t mem_usage;		/* memory.usage_in_bytes */
	struct cgk_memstat stat;
	bool memsw;			/* memsw limit > 0 and memsw usage read */
	uint64_t memsw_limit;		/* smallest memsw.limit_in_bytes from the cgroup up */
	uint64_t memsw_usage;
	uint64_t swappiness;		/* memory.swappiness; 1 when unread (as lxcfs) */
	bool mem_v2;			/* from v2 files: memory.current, .max, .swap.* */

	/* cpus: cpuinfo, stat, cpu-online */
	bool cpuset_ok;			/* cpuset read (own, effective or an ancestor's) */
	struct cgk_cpuset cpuset;
	bool quota_ok;			/* cfs_quota_us and cfs_period_us read */
	int64_t quota, period;		/* microseconds; quota < 0: none */
	unsigned nprocs;		/* online CPUs of the machine (get_nprocs) */
	unsigned nprocs_conf;		/* configured CPUs (get_nprocs_conf) */
	struct cgk_cpuusage *usage;	/* nusage entries in file order, NULL: no cpuacct */
	size_t nusage;
	bool usage_percpu;		/* from cpuacct.usage_percpu: user only, system 0 */
	long clk_tck;			/* sysconf(_SC_CLK_TCK) */
	bool root;			/* the target is the machine's PID 1 in the root cgroup */
	bool cpuset_all;		/* v2 without cpuset: the machine's online CPUs */

	/* uptime */
	bool start_ok;
	uint64_t start_ticks;		/* the init's start, clock ticks after boot */
	struct timespec boottime;	/* CLOCK_BOOTTIME when read */
	bool busy_ok;
	uint64_t busy_ns;		/* cpuacct.usage */
	bool cpustat_ok;		/* v2 cpu.stat read (lxcfs 5.0 reads none of it) */
	uint64_t usage_usec, user_usec, system_usec;

	/* loadavg */
	bool load_ok;
	unsigned nr_active;		/* threads in state R or D */
	unsigned nr_threads;
	pid_t last_pid;			/* largest thread id */
	uint64_t avenrun[3];		/* fixed point (11 bits); see cgk_view_calc_load */

	/* blkio: the files' text (NUL-terminated), NULL when missing */
	char *blk_serviced, *blk_merged, *blk_service_bytes, *blk_wait_time, *blk_service_time;
	char *thr_serviced, *thr_service_bytes;	/* blkio.throttle.*_recursive */
};

/*
 * /proc/meminfo from host meminfo text HOST[0..LEN). 0 and a malloc'd
 * NUL-terminated *RET (length *RET_LEN), CGK_VIEW_HOST when lxcfs passes the
 * host file through (memory values unread), -ENOMEM.
 */
int cgk_view_meminfo(const char *host, size_t len, const struct cgk_cgvals *v,
		     unsigned flags, char **ret, size_t *ret_len);

/* /proc/swaps; HOST is the host's /proc/meminfo (for SwapTotal). As above. */
int cgk_view_swaps(const char *host_meminfo, size_t len, const struct cgk_cgvals *v,
		   unsigned flags, char **ret, size_t *ret_len);

/*
 * /proc/cpuinfo: the host's processor blocks of CPUs in the cpuset,
 * renumbered; with CGK_VIEW_CFS no more than cgk_view_max_cpus. -ENODATA
 * when the cpuset is unread (lxcfs prints nothing then).
 */
int cgk_view_cpuinfo(const char *host, size_t len, const struct cgk_cgvals *v,
		     unsigned flags, char **ret, size_t *ret_len);

/* /proc/stat. CGK_VIEW_HOST for the root target; -ENODATA without cpuset. */
int cgk_view_stat(const char *host, size_t len, const struct cgk_cgvals *v,
		  unsigned flags, char **ret, size_t *ret_len);

/* /sys/devices/system/cpu/online. -ENODATA without cpuset. */
int cgk_view_cpu_online(const struct cgk_cgvals *v, unsigned flags, char **ret,
			size_t *ret_len);

/* /proc/uptime: "%.2f %.2f\n". -ENODATA without the init's start time. */
int cgk_view_uptime(const struct cgk_cgvals *v, unsigned flags, char **ret, size_t *ret_len);

/* /proc/loadavg from v->avenrun and the thread counts. -ENODATA when unread. */
int cgk_view_loadavg(const struct cgk_cgvals *v, unsigned flags, char **ret, size_t *ret_len);

/*
 * /proc/diskstats from the host's. CGK_VIEW_HOST when the blkio files the
 * formula needs are missing (the CFQ *_recursive ones; with CGK_VIEW_FIX
 * the blkio.throttle ones).
 */
int cgk_view_diskstats(const char *host, size_t len, const struct cgk_cgvals *v,
		       unsigned flags, char **ret, size_t *ret_len);

/*
 * The CPU count lxcfs's max_cpu_count() gives: without a quota the cpuset's
 * count; with one ceil(quota/period), at most nprocs and at most the cpuset's
 * count. 0 when the quota is unread (lxcfs: no limit).
 */
unsigned cgk_view_max_cpus(const struct cgk_cgvals *v);

/* quota/period as a real number, at most nprocs; 0 without a quota. */
double cgk_view_exact_cpus(const struct cgk_cgvals *v);

/*
 * The kernel's load average step in 11-bit fixed point: LOAD*EXP/2048 +
 * ACTIVE*(2048-EXP), rounded up when the load rises (calc_load()).
 */
uint64_t cgk_view_calc_load(uint64_t load, uint64_t exp, uint64_t active);

/* Decay factors of calc_load for one sample every second: 1, 5, 15 minutes. */
#define CGK_LOAD_EXP_1S_1	2014	/* 2048 / e^(1/60) */
#define CGK_LOAD_EXP_1S_5	2041	/* 2048 / e^(1/300) */
#define CGK_LOAD_EXP_1S_15	2046	/* 2048 / e^(1/900) */
#define CGK_LOAD_FIXED_1	2048

/*
 * The container's effective resources for --export: CPUs (the cpuset's
 * count, and with a quota at most ceil(quota/period)), the exact quota
 * (quota/period, or 0 without one), the memory limit in bytes (the
 * smallest limit from the cgroup up, at most the host's MemTotal; 0 when
 * there is none).
 */
struct cgk_view_limits {
	unsigned cpus;
	double cpu_quota;
	uint64_t memory;
};
/* HOST_MEMTOTAL in kB (0 if unknown). -ENODATA when neither cpuset nor memory was read. */
int cgk_view_limits(const struct cgk_cgvals *v, uint64_t host_memtotal_kb,
		    struct cgk_view_limits *ret);

#endif
