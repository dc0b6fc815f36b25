/* SPDX-License-Identifier: MIT */
/* knob - the table of known control files, and parsing/formatting of values */
#include <dirent.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/stat.h>

#include "knob.h"
#include "util.h"

/*
 * Kernel limits, as the v1 write handlers check them (kernel/sched/core.c,
 * kernel/cgroup/pids.c, mm/memcontrol-v1.c, block/blk-throttle.c).
 */
#define CFS_RUNTIME_MAX	((INT64_C(1) << 44) - 1)	/* max_cfs_runtime, in us */
#define RT_US_MAX	INT64_C(18446744073709551)	/* U64_MAX / NSEC_PER_USEC */
#define PIDS_LIMIT	4194304				/* PID_MAX_LIMIT (64-bit) */
#define HUGE_MAX	(INT64_C(1) << 40)		/* print ">= min", not the max */

#define KNOB(c, n, v2, t, u, f, lo, hi) \
	{ c, n, v2, CGK_KT_##t, CGK_UNIT_##u, f, lo, hi, NULL }
/* read-only file without a range */
#define STAT(c, n, v2, t, u) KNOB(c, n, v2, t, u, CGK_KF_RO, 1, 0)
/* read-only counter that a write of 0 resets (failcnt, max_usage, usage) */
#define CTR(c, n, v2, u) KNOB(c, n, v2, U64, u, CGK_KF_RO | CGK_KF_RESET, 1, 0)
#define FLAG(c, n, v2) KNOB(c, n, v2, BOOL, NONE, 0, 0, 1)
/* page_counter_memparse(): bytes or "-1", rounded down to pages */
#define MEMLIM(c, n, v2) \
	KNOB(c, n, v2, U64, BYTES, CGK_KF_PAGES | CGK_KF_MAX, 0, INT64_MAX)
/* v2 files */
#define V2(c, n, v1, t, u, f, lo, hi) KNOB(c, n, v1, t, u, (f) | CGK_KF_V2, lo, hi)
#define V2STAT(c, n, v1, t, u) V2(c, n, v1, t, u, CGK_KF_RO, 1, 0)
/* bytes or "max", rounded down to pages (page_counter_memparse) */
#define V2MEM(n, v1) V2("memory", n, v1, U64, BYTES, CGK_KF_PAGES | CGK_KF_MAX, 0, INT64_MAX)
#define V2FLAG(c, n, v1) V2(c, n, v1, BOOL, NONE, 0, 0, 1)
#define HUGETLB(sz) \
	CTR("hugetlb", "hugetlb." sz ".failcnt", NULL, COUNT), \
	MEMLIM("hugetlb", "hugetlb." sz ".limit_in_bytes", "hugetlb." sz ".max"), \
	CTR("hugetlb", "hugetlb." sz ".max_usage_in_bytes", NULL, BYTES), \
	STAT("hugetlb", "hugetlb." sz ".numa_stat", "hugetlb." sz ".numa_stat", STRING, BYTES), \
	CTR("hugetlb", "hugetlb." sz ".rsvd.failcnt", NULL, COUNT), \
	MEMLIM("hugetlb", "hugetlb." sz ".rsvd.limit_in_bytes", "hugetlb." sz ".rsvd.max"), \
	CTR("hugetlb", "hugetlb." sz ".rsvd.max_usage_in_bytes", NULL, BYTES), \
	STAT("hugetlb", "hugetlb." sz ".rsvd.usage_in_bytes", "hugetlb." sz ".rsvd.current", U64, BYTES), \
	STAT("hugetlb", "hugetlb." sz ".usage_in_bytes", "hugetlb." sz ".current", U64, BYTES)

/*
 * Sorted by name (strcmp order; test-knob checks it). v1 and v2 files in one
 * table (CGK_KF_V2 marks v2's). other is the nearest file of the other
 * version, not always the same meaning: cpu.max holds both quota and period,
 * memory.swap.max limits swap alone where memsw limits memory+swap, io.max
 * and io.stat are keyed by device, cgroup.freeze takes 0/1. lib/xlate.c says
 * which of them translate, and how.
 */
static const struct cgk_knob knobs[] = {
	STAT("blkio", "blkio.bfq.io_service_bytes", NULL, STRING, BYTES),
	STAT("blkio", "blkio.bfq.io_service_bytes_recursive", NULL, STRING, BYTES),
	STAT("blkio", "blkio.bfq.io_serviced", NULL, STRING, COUNT),
	STAT("blkio", "blkio.bfq.io_serviced_recursive", NULL, STRING, COUNT),
	KNOB("blkio", "blkio.bfq.weight", "io.bfq.weight", U64, NONE, 0, 1, 1000),
	KNOB("blkio", "blkio.bfq.weight_device", "io.bfq.weight", BLKDEV, NONE, 0, 1, 1000),
	/* CFQ's statistics (kernels before 5.0) */
	STAT("blkio", "blkio.io_merged", NULL, STRING, COUNT),
	STAT("blkio", "blkio.io_merged_recursive", NULL, STRING, COUNT),
	STAT("blkio", "blkio.io_queued", NULL, STRING, COUNT),
	STAT("blkio", "blkio.io_queued_recursive", NULL, STRING, COUNT),
	STAT("blkio", "blkio.io_service_bytes", "io.stat", STRING, BYTES),
	STAT("blkio", "blkio.io_service_bytes_recursive", NULL, STRING, BYTES),
	STAT("blkio", "blkio.io_service_time", NULL, STRING, NSEC),
	STAT("blkio", "blkio.io_service_time_recursive", NULL, STRING, NSEC),
	STAT("blkio", "blkio.io_serviced", "io.stat", STRING, COUNT),
	STAT("blkio", "blkio.io_serviced_recursive", NULL, STRING, COUNT),
	STAT("blkio", "blkio.io_wait_time", NULL, STRING, NSEC),
	STAT("blkio", "blkio.io_wait_time_recursive", NULL, STRING, NSEC),
	KNOB("blkio", "blkio.leaf_weight", NULL, U64, NONE, 0, 10, 1000),
	KNOB("blkio", "blkio.leaf_weight_device", NULL, BLKDEV, NONE, 0, 10, 1000),
	/* any number resets; the kernel ignores the value */
	KNOB("blkio", "blkio.reset_stats", NULL, U64, NONE, CGK_KF_NOREAD, 1, 0),
	STAT("blkio", "blkio.sectors", NULL, STRING, COUNT),
	STAT("blkio", "blkio.sectors_recursive", NULL, STRING, COUNT),
	STAT("blkio", "blkio.throttle.io_service_bytes", "io.stat", STRING, BYTES),
	STAT("blkio", "blkio.throttle.io_service_bytes_recursive", NULL, STRING, BYTES),
	STAT("blkio", "blkio.throttle.io_serviced", "io.stat", STRING, COUNT),
	STAT("blkio", "blkio.throttle.io_serviced_recursive", NULL, STRING, COUNT),
	/* "MAJ:MIN N", 0 removes the limit */
	KNOB("blkio", "blkio.throttle.read_bps_device", "io.max", BLKDEV, BPS, 0, 0, INT64_MAX),
	KNOB("blkio", "blkio.throttle.read_iops_device", "io.max", BLKDEV, IOPS, 0, 0, UINT32_MAX),
	KNOB("blkio", "blkio.throttle.write_bps_device", "io.max", BLKDEV, BPS, 0, 0, INT64_MAX),
	KNOB("blkio", "blkio.throttle.write_iops_device", "io.max", BLKDEV, IOPS, 0, 0, UINT32_MAX),
	STAT("blkio", "blkio.time", NULL, STRING, NONE),
	STAT("blkio", "blkio.time_recursive", NULL, STRING, NONE),
	/* CFQ took 10..1000; BFQ's legacy file 100..1000 on some kernels */
	KNOB("blkio", "blkio.weight", "io.weight", U64, NONE, 0, 10, 1000),
	KNOB("blkio", "blkio.weight_device", "io.weight", BLKDEV, NONE, 0, 10, 1000),

	FLAG("", "cgroup.clone_children", NULL),
	V2STAT("", "cgroup.controllers", NULL, STRING, NONE),
	/* the memory controller's eventfd registration: "EFD CFD ARGS" */
	KNOB("memory", "cgroup.event_control", NULL, STRING, NONE, CGK_KF_NOREAD, 1, 0),
	V2STAT("", "cgroup.events", NULL, KEYED, NONE),
	V2FLAG("", "cgroup.freeze", "freezer.state"),
	/* write-only: "1" kills every process of the subtree */
	{ "", "cgroup.kill", NULL, CGK_KT_ENUM, CGK_UNIT_NONE, CGK_KF_V2 | CGK_KF_NOREAD, 1, 0, "1" },
	V2("", "cgroup.max.depth", NULL, U64, COUNT, CGK_KF_MAX, 0, INT32_MAX),
	V2("", "cgroup.max.descendants", NULL, U64, COUNT, CGK_KF_MAX, 0, INT32_MAX),
	/* 0 turns PSI accounting off for the cgroup (Linux 6.1+) */
	V2FLAG("", "cgroup.pressure", NULL),
	/* written: one PID (0: the writer); read: a list */
	KNOB("", "cgroup.procs", "cgroup.procs", U64, NONE, 0, 0, PIDS_LIMIT),
	KNOB("", "cgroup.sane_behavior", NULL, BOOL, NONE, CGK_KF_RO, 0, 1),
	V2STAT("", "cgroup.stat", NULL, KEYED, NONE),
	V2("", "cgroup.subtree_control", NULL, SUBTREE, NONE, 0, 1, 0),
	/* written: one TID (threaded subtrees only); read: a list */
	V2("", "cgroup.threads", "tasks", U64, NONE, 0, 0, PIDS_LIMIT),
	/* only "threaded" can be written */
	{ "", "cgroup.type", NULL, CGK_KT_ENUM, CGK_UNIT_NONE, CGK_KF_V2, 1, 0, "threaded" },

	KNOB("cpu", "cpu.cfs_burst_us", "cpu.max.burst", U64, USEC, 0, 0, CFS_RUNTIME_MAX),
	KNOB("cpu", "cpu.cfs_period_us", "cpu.max", U64, USEC, 0, 1000, 1000000),
	/* any negative is "no limit" to the kernel; we take -1 (or max) */
	KNOB("cpu", "cpu.cfs_quota_us", "cpu.max", S64, USEC, CGK_KF_MAX, 1000, CFS_RUNTIME_MAX),
	FLAG("cpu", "cpu.idle", "cpu.idle"),
	/* "QUOTA|max [PERIOD]": quota 1 ms .. max_cfs_runtime, period 1 ms .. 1 s */
	V2("cpu", "cpu.max", "cpu.cfs_quota_us", CPUMAX, USEC, 0, 1000, CFS_RUNTIME_MAX),
	V2("cpu", "cpu.max.burst", "cpu.cfs_burst_us", U64, USEC, 0, 0, CFS_RUNTIME_MAX),
	V2STAT("cpu", "cpu.pressure", NULL, STRING, NONE),
	KNOB("cpu", "cpu.rt_period_us", NULL, U64, USEC, 0, 1, RT_US_MAX),
	KNOB("cpu", "cpu.rt_runtime_us", NULL, S64, USEC, CGK_KF_MAX, 0, RT_US_MAX),
	/* the kernel clamps silently to 2..262144; we refuse instead */
	KNOB("cpu", "cpu.shares", "cpu.weight", U64, NONE, 0, 2, 262144),
	STAT("cpu", "cpu.stat", "cpu.stat", KEYED, NONE),
	STAT("cpu", "cpu.stat.local", "cpu.stat.local", KEYED, NONE),
	V2("cpu", "cpu.weight", "cpu.shares", U64, NONE, 0, 1, 10000),
	V2("cpu", "cpu.weight.nice", NULL, S64, NONE, 0, -20, 19),

	STAT("cpuacct", "cpuacct.stat", NULL, KEYED, NONE),	/* USER_HZ ticks */
	CTR("cpuacct", "cpuacct.usage", NULL, NSEC),
	STAT("cpuacct", "cpuacct.usage_all", NULL, STRING, NSEC),
	STAT("cpuacct", "cpuacct.usage_percpu", NULL, STRING, NSEC),
	STAT("cpuacct", "cpuacct.usage_percpu_sys", NULL, STRING, NSEC),
	STAT("cpuacct", "cpuacct.usage_percpu_user", NULL, STRING, NSEC),
	STAT("cpuacct", "cpuacct.usage_sys", NULL, U64, NSEC),
	STAT("cpuacct", "cpuacct.usage_user", NULL, U64, NSEC),

	FLAG("cpuset", "cpuset.cpu_exclusive", NULL),
	KNOB("cpuset", "cpuset.cpus", "cpuset.cpus", CPULIST, NONE, 0, 1, 0),
	V2("cpuset", "cpuset.cpus.effective", "cpuset.effective_cpus", CPULIST, NONE, CGK_KF_RO, 1, 0),
	{ "cpuset", "cpuset.cpus.partition", NULL, CGK_KT_ENUM, CGK_UNIT_NONE, CGK_KF_V2, 1, 0,
	  "member root isolated" },
	KNOB("cpuset", "cpuset.effective_cpus", "cpuset.cpus.effective", CPULIST, NONE, CGK_KF_RO, 1, 0),
	KNOB("cpuset", "cpuset.effective_mems", "cpuset.mems.effective", CPULIST, NONE, CGK_KF_RO, 1, 0),
	FLAG("cpuset", "cpuset.mem_exclusive", NULL),
	FLAG("cpuset", "cpuset.mem_hardwall", NULL),
	FLAG("cpuset", "cpuset.memory_migrate", NULL),
	STAT("cpuset", "cpuset.memory_pressure", NULL, U64, NONE),
	FLAG("cpuset", "cpuset.memory_pressure_enabled", NULL),	/* root only */
	FLAG("cpuset", "cpuset.memory_spread_page", NULL),
	FLAG("cpuset", "cpuset.memory_spread_slab", NULL),
	KNOB("cpuset", "cpuset.mems", "cpuset.mems", CPULIST, NONE, 0, 1, 0),
	V2("cpuset", "cpuset.mems.effective", "cpuset.effective_mems", CPULIST, NONE, CGK_KF_RO, 1, 0),
	FLAG("cpuset", "cpuset.sched_load_balance", NULL),
	/* the top depends on the machine's sched domains; 5 is the highest documented */
	KNOB("cpuset", "cpuset.sched_relax_domain_level", NULL, S64, NONE, 0, -1, 5),

	KNOB("devices", "devices.allow", NULL, DEVRULE, NONE, CGK_KF_NOREAD, 1, 0),
	KNOB("devices", "devices.deny", NULL, DEVRULE, NONE, CGK_KF_NOREAD, 1, 0),
	STAT("devices", "devices.list", NULL, STRING, NONE),

	KNOB("freezer", "freezer.parent_freezing", NULL, BOOL, NONE, CGK_KF_RO, 0, 1),
	KNOB("freezer", "freezer.self_freezing", NULL, BOOL, NONE, CGK_KF_RO, 0, 1),
	/* reads may also say FREEZING; only these two can be written */
	{ "freezer", "freezer.state", "cgroup.freeze", CGK_KT_ENUM, CGK_UNIT_NONE,
	  0, 1, 0, "FROZEN THAWED" },

	HUGETLB("1GB"),
	HUGETLB("2MB"),

	V2("io", "io.max", "blkio.throttle.read_bps_device", IOMAX, NONE, 0, 1, 0),
	V2STAT("io", "io.pressure", NULL, STRING, NONE),
	V2STAT("io", "io.stat", "blkio.throttle.io_service_bytes", STRING, NONE),
	V2("io", "io.weight", "blkio.weight", IOWEIGHT, NONE, 0, 1, 10000),

	V2STAT("memory", "memory.current", "memory.usage_in_bytes", U64, BYTES),
	V2STAT("memory", "memory.events", NULL, KEYED, NONE),
	V2STAT("memory", "memory.events.local", NULL, KEYED, NONE),
	CTR("memory", "memory.failcnt", NULL, COUNT),
	/* any number empties the cgroup; the kernel ignores the value */
	KNOB("memory", "memory.force_empty", NULL, U64, NONE, CGK_KF_NOREAD, 1, 0),
	V2MEM("memory.high", NULL),
	CTR("memory", "memory.kmem.failcnt", NULL, COUNT),
	/* writes refused by recent kernels; kept for older ones */
	MEMLIM("memory", "memory.kmem.limit_in_bytes", NULL),
	CTR("memory", "memory.kmem.max_usage_in_bytes", NULL, BYTES),
	STAT("memory", "memory.kmem.slabinfo", NULL, STRING, NONE),
	CTR("memory", "memory.kmem.tcp.failcnt", NULL, COUNT),
	MEMLIM("memory", "memory.kmem.tcp.limit_in_bytes", NULL),
	CTR("memory", "memory.kmem.tcp.max_usage_in_bytes", NULL, BYTES),
	STAT("memory", "memory.kmem.tcp.usage_in_bytes", NULL, U64, BYTES),
	STAT("memory", "memory.kmem.usage_in_bytes", NULL, U64, BYTES),
	MEMLIM("memory", "memory.limit_in_bytes", "memory.max"),
	V2MEM("memory.low", NULL),
	V2MEM("memory.max", "memory.limit_in_bytes"),
	CTR("memory", "memory.max_usage_in_bytes", "memory.peak", BYTES),
	CTR("memory", "memory.memsw.failcnt", NULL, COUNT),
	MEMLIM("memory", "memory.memsw.limit_in_bytes", "memory.swap.max"),
	CTR("memory", "memory.memsw.max_usage_in_bytes", NULL, BYTES),
	STAT("memory", "memory.memsw.usage_in_bytes", NULL, U64, BYTES),
	V2MEM("memory.min", NULL),
	/* bit 0: anonymous pages, bit 1: file pages */
	KNOB("memory", "memory.move_charge_at_immigrate", NULL, U64, NONE, 0, 0, 3),
	STAT("memory", "memory.numa_stat", "memory.numa_stat", STRING, NONE),
	V2FLAG("memory", "memory.oom.group", NULL),
	/* reads "oom_kill_disable 0\nunder_oom 0\n..."; a write sets oom_kill_disable */
	FLAG("memory", "memory.oom_control", NULL),
	V2STAT("memory", "memory.peak", "memory.max_usage_in_bytes", U64, BYTES),
	V2STAT("memory", "memory.pressure", NULL, STRING, NONE),
	/* an event source for cgroup.event_control; reading fails with EINVAL */
	KNOB("memory", "memory.pressure_level", NULL, STRING, NONE,
	     CGK_KF_RO | CGK_KF_NOREAD, 1, 0),
	/* "reclaim this much": write-only */
	V2("memory", "memory.reclaim", NULL, U64, BYTES, CGK_KF_NOREAD, 1, INT64_MAX),
	/* memory.low protects; the soft limit reclaims first: not the same */
	MEMLIM("memory", "memory.soft_limit_in_bytes", NULL),
	STAT("memory", "memory.stat", "memory.stat", KEYED, NONE),
	V2STAT("memory", "memory.swap.current", NULL, U64, BYTES),
	V2STAT("memory", "memory.swap.events", NULL, KEYED, NONE),
	V2MEM("memory.swap.high", NULL),
	V2MEM("memory.swap.max", "memory.memsw.limit_in_bytes"),
	V2STAT("memory", "memory.swap.peak", NULL, U64, BYTES),
	/* 0..100 before Linux 5.8 */
	KNOB("memory", "memory.swappiness", NULL, U64, NONE, 0, 0, 200),
	STAT("memory", "memory.usage_in_bytes", "memory.current", U64, BYTES),
	FLAG("memory", "memory.use_hierarchy", NULL),
	V2STAT("memory", "memory.zswap.current", NULL, U64, BYTES),
	V2MEM("memory.zswap.max", NULL),

	/* a u32, conventionally written in hex: 0xAAAABBBB */
	KNOB("net_cls", "net_cls.classid", NULL, U64, NONE, 0, 0, UINT32_MAX),
	/* "IFNAME PRIO" */
	KNOB("net_prio", "net_prio.ifpriomap", NULL, STRING, NONE, 0, 1, 0),
	STAT("net_prio", "net_prio.prioidx", NULL, U64, NONE),
	FLAG("", "notify_on_release", NULL),

	STAT("pids", "pids.current", "pids.current", U64, COUNT),
	STAT("pids", "pids.events", "pids.events", KEYED, NONE),
	KNOB("pids", "pids.max", "pids.max", U64, COUNT, CGK_KF_MAX, 0, PIDS_LIMIT),
	STAT("pids", "pids.peak", "pids.peak", U64, COUNT),

	KNOB("", "release_agent", NULL, STRING, NONE, 0, 1, 0),	/* root only */
	/* written: one TID (0: the writer); read: a list */
	KNOB("", "tasks", "cgroup.threads", U64, NONE, 0, 0, PIDS_LIMIT),
};

unsigned cgk_knob_versions(const struct cgk_knob *k)
{
	if (k->other && streq(k->name, k->other))
		return 3;
	return k->flags & CGK_KF_V2 ? 2 : 1;
}

const struct cgk_knob *cgk_knob_table(size_t *ret_n)
{
	if (ret_n)
		*ret_n = ARRAY_SIZE(knobs);
	return knobs;
}

static int knob_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct cgk_knob *)elem)->name);
}

const struct cgk_knob *cgk_knob_find(const char *name)
{
	if (!name)
		return NULL;
	return bsearch(name, knobs, ARRAY_SIZE(knobs), sizeof(knobs[0]), knob_cmp);
}

const char *cgk_knob_controller(const char *name, char *buf, size_t size)
{
	const struct cgk_knob *k = cgk_knob_find(name);
	const char *c = "", *dot;
	size_t n = 0;

	if (!name)
		return NULL;
	if (k) {
		c = k->controller;
		n = strlen(c);
	} else if (strncmp(name, "cgroup.", 7) && (dot = strchr(name, '.'))) {
		c = name;
		n = dot - name;
	}
	if (n >= size)
		return NULL;
	memcpy(buf, c, n);
	buf[n] = '\0';
	return buf;
}

/* Append to BUF as snprintf would, LEN being what was written so far. */
__attribute__((format(printf, 4, 5)))
static int appendf(char *buf, size_t size, int len, const char *fmt, ...)
{
	va_list ap;
	int r;

	if (len < 0)
		return len;
	va_start(ap, fmt);
	if ((size_t)len < size)
		r = vsnprintf(buf + len, size - len, fmt, ap);
	else
		r = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (r < 0)
		return -EINVAL;
	return len + r;
}

/* Write a reason to WHY, which may be NULL. */
__attribute__((format(printf, 3, 4)))
static void setwhy(char *why, size_t whysize, const char *fmt, ...)
{
	va_list ap;

	if (!why || whysize == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(why, whysize, fmt, ap);
	va_end(ap);
}

static bool isdigit_c(char c)
{
	return c >= '0' && c <= '9';
}

static const char units[] = "KMGTPE";

int cgk_size_parse(const char *s, uint64_t *ret)
{
	uint64_t ip = 0, fp = 0, div = 1, mult = 1, v, frac;
	const char *p = s;
	bool dot = false;

	if (!s)
		return -EINVAL;
	if (streq(s, "max") || streq(s, "-1")) {
		*ret = UINT64_MAX;
		return 0;
	}
	if (!isdigit_c(*p))
		return -EINVAL;
	for (; isdigit_c(*p); p++) {
		if (ip > (UINT64_MAX - (uint64_t)(*p - '0')) / 10)
			return -ERANGE;
		ip = ip * 10 + (uint64_t)(*p - '0');
	}
	if (*p == '.') {
		dot = true;
		if (!isdigit_c(*++p))
			return -EINVAL;
		for (; isdigit_c(*p); p++) {
			if (div == 1000000000)	/* nine decimals are plenty */
				return -EINVAL;
			fp = fp * 10 + (uint64_t)(*p - '0');
			div *= 10;
		}
	}
	if (*p && *p != 'b' && *p != 'B') {
		char c = *p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p;
		const char *u = strchr(units, c);

		if (!u)
			return -EINVAL;
		mult = UINT64_C(1) << (10 * (u - units + 1));
		if (*++p == 'i' || *p == 'I')	/* "Mi", "MiB" */
			p++;
	}
	if (*p == 'b' || *p == 'B')
		p++;
	if (*p || (dot && mult == 1))	/* bytes are whole */
		return -EINVAL;
	if (ip > UINT64_MAX / mult)
		return -ERANGE;
	v = ip * mult;
	/* mult * fp / div, rounded, without overflow (fp, div < 10^9) */
	frac = mult / div * fp + ((mult % div) * fp + div / 2) / div;
	if (v > UINT64_MAX - frac)
		return -ERANGE;
	*ret = v + frac;
	return 0;
}

/* V / U in hundredths, rounded to nearest, without overflow. */
static uint64_t hundredths(uint64_t v, uint64_t u)
{
	uint64_t q = v / u, r = v % u;

	while (r > (UINT64_MAX - u / 2) / 100) {
		r >>= 1;
		u >>= 1;
	}
	return q * 100 + (r * 100 + u / 2) / u;
}

/* H hundredths as "1.5" or "1.25": one decimal when that is exact, else two. */
static int print_hundredths(char *buf, size_t size, uint64_t h, const char *suffix)
{
	if (h % 10 == 0)
		return snprintf(buf, size, "%" PRIu64 ".%" PRIu64 "%s",
				h / 100, h / 10 % 10, suffix);
	return snprintf(buf, size, "%" PRIu64 ".%02" PRIu64 "%s",
			h / 100, h % 100, suffix);
}

int cgk_size_format(uint64_t v, char *buf, size_t size)
{
	char suffix[2] = "";
	uint64_t u = 1, h;
	unsigned i = 0;

	if (v >= CGK_MEM_UNLIMITED)
		return snprintf(buf, size, "max");
	if (v < 1024)
		return snprintf(buf, size, "%" PRIu64, v);
	while (i < sizeof(units) - 1 && v / 1024 >= u) {
		u <<= 10;
		i++;
	}
	suffix[0] = units[i - 1];
	if (v % u == 0)
		return snprintf(buf, size, "%" PRIu64 "%s", v / u, suffix);
	h = hundredths(v, u);
	if (h >= 1024 * 100 && i < sizeof(units) - 1) {	/* 1023.999K is 1.0M */
		u <<= 10;
		suffix[0] = units[i++];
		h = hundredths(v, u);
	}
	return print_hundredths(buf, size, h, suffix);
}

int cgk_cpus_format(int64_t quota_us, uint64_t period_us, char *buf, size_t size)
{
	uint64_t q, h;

	if (quota_us < 0)
		return snprintf(buf, size, "max");
	if (period_us == 0)
		return -EINVAL;
	q = (uint64_t)quota_us / period_us;
	if ((uint64_t)quota_us % period_us == 0 || q >= UINT64_MAX / 200)
		return snprintf(buf, size, "%" PRIu64, q);
	h = hundredths((uint64_t)quota_us, period_us);
	return snprintf(buf, size, "%" PRIu64 ".%02" PRIu64, h / 100, h % 100);
}

/* Decimal digits at *P (before E) into *RET, saturating; advance *P. */
static int list_num(const char **p, const char *e, unsigned *ret)
{
	unsigned v = 0;

	if (*p >= e || !isdigit_c(**p))
		return -EINVAL;
	for (; *p < e && isdigit_c(**p); (*p)++)
		if (v < 1000000)
			v = v * 10 + (unsigned)(**p - '0');
	*ret = v;
	return 0;
}

int cgk_cpulist_parse(const char *buf, size_t len, struct cgk_cpuset *ret)
{
	struct cgk_cpuset s = { { 0 } };
	const char *p = buf, *e = buf + len;

	if (len && e[-1] == '\n')
		e--;
	while (p < e) {
		unsigned a, b;

		if (list_num(&p, e, &a) < 0)
			return -EINVAL;
		b = a;
		if (p < e && *p == '-') {
			p++;
			if (list_num(&p, e, &b) < 0 || b < a)
				return -EINVAL;
		}
		if (b >= CGK_CPU_MAX)
			return -ERANGE;
		for (unsigned i = a; i <= b; i++)
			s.bits[i / 64] |= UINT64_C(1) << (i % 64);
		if (p < e && (*p != ',' || ++p == e))
			return -EINVAL;
	}
	*ret = s;
	return 0;
}

static bool cpu_isset(const struct cgk_cpuset *s, unsigned i)
{
	return s->bits[i / 64] & (UINT64_C(1) << (i % 64));
}

int cgk_cpulist_format(const struct cgk_cpuset *s, char *buf, size_t size)
{
	int len = 0;

	if (size)
		buf[0] = '\0';
	for (unsigned i = 0; i < CGK_CPU_MAX; i++) {
		unsigned j = i;

		if (!cpu_isset(s, i))
			continue;
		while (j + 1 < CGK_CPU_MAX && cpu_isset(s, j + 1))
			j++;
		len = appendf(buf, size, len, "%s%u", len ? "," : "", i);
		if (j > i)
			len = appendf(buf, size, len, "-%u", j);
		i = j;
	}
	return len;
}

unsigned cgk_cpuset_count(const struct cgk_cpuset *s)
{
	unsigned n = 0;

	for (size_t i = 0; i < ARRAY_SIZE(s->bits); i++)
		n += (unsigned)__builtin_popcountll(s->bits[i]);
	return n;
}

bool cgk_cpuset_subset(const struct cgk_cpuset *a, const struct cgk_cpuset *b)
{
	for (size_t i = 0; i < ARRAY_SIZE(a->bits); i++)
		if (a->bits[i] & ~b->bits[i])
			return false;
	return true;
}

int cgk_knob_read(int dirfd, const char *name, char **ret)
{
	size_t len;
	char *buf;
	int r;

	/* a file of this directory, never a path */
	if (!name || !*name || strchr(name, '/') || streq(name, ".") || streq(name, ".."))
		return -EINVAL;
	r = cgk_read_at(dirfd, name, &buf, &len);
	if (r < 0)
		return r;
	if (len && buf[len - 1] == '\n')
		buf[len - 1] = '\0';
	*ret = buf;
	return 0;
}

static bool memeq(const char *s, size_t n, const char *lit)
{
	return strlen(lit) == n && !memcmp(s, lit, n);
}

int cgk_knob_humanize(const char *name, const char *raw, char *buf, size_t size)
{
	const struct cgk_knob *k = cgk_knob_find(name);
	size_t n = strlen(raw);
	uint64_t v;

	if (n && raw[n - 1] == '\n')
		n--;
	if (k && (k->flags & CGK_KF_MAX) && (memeq(raw, n, "max") || memeq(raw, n, "-1")))
		return snprintf(buf, size, "max");
	if (k && k->unit == CGK_UNIT_BYTES && cgk_parse_u64(raw, n, &v) == 0)
		return cgk_size_format(v, buf, size);
	return snprintf(buf, size, "%.*s", (int)n, raw);
}

/* ---- validation ---- */

static const char *unit_note(enum cgk_unit u)
{
	switch (u) {
	case CGK_UNIT_USEC:
		return " (microseconds)";
	case CGK_UNIT_NSEC:
		return " (nanoseconds)";
	default:
		return "";
	}
}

/* The no-limit word the kernel takes for K: "-1" (v1 cpu, memory) or "max" (pids, v2). */
static const char *nolimit(const struct cgk_knob *k)
{
	if (k->flags & CGK_KF_V2)
		return "max";
	return k->type == CGK_KT_S64 || k->unit == CGK_UNIT_BYTES ? "-1" : "max";
}

/* "must be ..." for a number knob. */
static void why_number(const struct cgk_knob *k, char *why, size_t whysize)
{
	const char *pre = k->flags & CGK_KF_MAX ? streq(nolimit(k), "-1") ? "-1 or " :
			  "max or " : "";
	const char *note = unit_note(k->unit);

	if (k->unit == CGK_UNIT_BYTES)
		setwhy(why, whysize, "must be %sa size like 512M", pre);
	else if (k->min > k->max || (k->max >= HUGE_MAX && k->min == 0))
		setwhy(why, whysize, "must be %sa number%s", pre,
		       k->type == CGK_KT_U64 ? " >= 0" : "");
	else if (k->max >= HUGE_MAX)
		setwhy(why, whysize, "must be %s>= %" PRId64 "%s", pre, k->min, note);
	else
		setwhy(why, whysize, "must be %sbetween %" PRId64 " and %" PRId64 "%s",
		       pre, k->min, k->max, note);
}

/* Unsigned decimal or 0x hex (the kernel's kstrtoull base 0 takes both). */
static int parse_uint(const char *s, uint64_t *ret)
{
	uint64_t v = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		s += 2;
		if (!*s)
			return -EINVAL;
		for (; *s; s++) {
			char c = *s >= 'A' && *s <= 'F' ? *s - 'A' + 'a' : *s;
			unsigned d;

			if (isdigit_c(c))
				d = (unsigned)(c - '0');
			else if (c >= 'a' && c <= 'f')
				d = (unsigned)(c - 'a' + 10);
			else
				return -EINVAL;
			if (v > (UINT64_MAX - d) / 16)
				return -ERANGE;
			v = v * 16 + d;
		}
		*ret = v;
		return 0;
	}
	return cgk_parse_u64(s, strlen(s), ret);
}

/* A U64 or S64 VALUE of K, as kernel text in BUF. */
static int value_number(const struct cgk_knob *k, const char *value,
			char *buf, size_t size, char *why, size_t whysize)
{
	bool range = k->min <= k->max;
	uint64_t u;
	int64_t s;
	int r;

	if ((k->flags & CGK_KF_MAX) && (streq(value, "max") || streq(value, "-1")))
		return snprintf(buf, size, "%s", nolimit(k));
	if (k->type == CGK_KT_S64) {
		if (value[0] == '-') {
			r = cgk_parse_s64(value, strlen(value), &s);
		} else {
			r = parse_uint(value, &u);
			if (r == 0 && u > INT64_MAX)
				r = -ERANGE;
			s = r == 0 ? (int64_t)u : 0;
		}
		if (r == 0 && range && s > k->max && k->max >= HUGE_MAX) {
			setwhy(why, whysize, "must be <= %" PRId64 "%s", k->max,
			       unit_note(k->unit));
			return -EINVAL;
		}
		if (r < 0 || (range && (s < k->min || s > k->max))) {
			why_number(k, why, whysize);
			return -EINVAL;
		}
		return snprintf(buf, size, "%" PRId64, s);
	}
	if (k->unit == CGK_UNIT_BYTES)
		r = cgk_size_parse(value, &u);
	else
		r = parse_uint(value, &u);
	/* cgk_size_parse takes "max" for every size; only no-limit knobs may */
	if (r == 0 && u == UINT64_MAX && !(k->flags & CGK_KF_MAX))
		r = -EINVAL;
	if (r == 0 && range && u > (uint64_t)k->max && k->max >= HUGE_MAX) {
		setwhy(why, whysize, "must be <= %" PRId64 "%s", k->max, unit_note(k->unit));
		return -EINVAL;
	}
	if (r < 0 || (range && (u < (uint64_t)k->min || u > (uint64_t)k->max))) {
		why_number(k, why, whysize);
		return -EINVAL;
	}
	return snprintf(buf, size, "%" PRIu64, u);
}

/* Decimal u32 at *P, advancing it. */
static bool dev_num(const char **p, uint32_t *ret)
{
	uint64_t v = 0;

	if (!isdigit_c(**p))
		return false;
	for (; isdigit_c(**p); (*p)++)
		if ((v = v * 10 + (uint64_t)(**p - '0')) > UINT32_MAX)
			return false;
	*ret = (uint32_t)v;
	return true;
}

/* "MAJ:MIN ACCESS" of a device rule, '*' allowed for either number. */
static bool devrule_body(const char *p)
{
	static const char acc[] = "rwm";
	bool seen[3] = { false, false, false };
	uint32_t n;

	for (int i = 0; i < 2; i++) {
		if (*p == '*')
			p++;
		else if (!dev_num(&p, &n))
			return false;
		if (*p++ != (i == 0 ? ':' : ' '))
			return false;
	}
	if (!*p)
		return false;
	for (; *p; p++) {
		const char *a = strchr(acc, *p);

		if (!a || seen[a - acc])
			return false;
		seen[a - acc] = true;
	}
	return true;
}

static bool devrule_ok(const char *s)
{
	/* "a" is every device; the kernel ignores what follows it */
	if (s[0] == 'a')
		return s[1] == '\0' || (s[1] == ' ' && devrule_body(s + 2));
	return (s[0] == 'b' || s[0] == 'c') && s[1] == ' ' && devrule_body(s + 2);
}

static void why_blkdev(const struct cgk_knob *k, char *why, size_t whysize)
{
	if (k->unit == CGK_UNIT_BPS)
		setwhy(why, whysize, "must be MAJ:MIN and a rate, like '8:0 10M' (0 removes the limit)");
	else if (k->unit == CGK_UNIT_IOPS)
		setwhy(why, whysize, "must be MAJ:MIN and IO/s, like '8:0 100' (0 removes the limit)");
	else
		setwhy(why, whysize, "must be MAJ:MIN and a weight between %" PRId64
		       " and %" PRId64 ", like '8:0 %" PRId64 "'", k->min, k->max, k->max);
}

/* "MAJ:MIN N"; N a size for bps knobs, "max" meaning 0 (no limit) for throttles. */
static int value_blkdev(const struct cgk_knob *k, const char *value,
			char *buf, size_t size, char *why, size_t whysize)
{
	const char *p = value;
	uint32_t maj, min;
	uint64_t n;
	int r;

	if (!dev_num(&p, &maj) || *p++ != ':' || !dev_num(&p, &min) ||
	    (*p != ' ' && *p != '\t')) {
		why_blkdev(k, why, whysize);
		return -EINVAL;
	}
	while (*p == ' ' || *p == '\t')
		p++;
	n = 0;
	if (k->unit != CGK_UNIT_NONE && streq(p, "max"))
		r = 0;
	else if (k->unit == CGK_UNIT_BPS)
		r = cgk_size_parse(p, &n);
	else
		r = parse_uint(p, &n);
	if (r < 0 || n == UINT64_MAX || (n != 0 && (n < (uint64_t)k->min || n > (uint64_t)k->max))) {
		why_blkdev(k, why, whysize);
		return -EINVAL;
	}
	return snprintf(buf, size, "%" PRIu32 ":%" PRIu32 " %" PRIu64, maj, min, n);
}

/* v2 cpu.max: "QUOTA|max [PERIOD]", "-1" taken for max; canonical in BUF. */
static int value_cpumax(const struct cgk_knob *k, const char *value,
			char *buf, size_t size, char *why, size_t whysize)
{
	const char *sp = strchr(value, ' ');
	char q[32];
	size_t ql = sp ? (size_t)(sp - value) : strlen(value);
	uint64_t quota = 0, period = 0;
	bool max;
	int n;

	if (ql == 0 || ql >= sizeof(q))
		goto bad;
	memcpy(q, value, ql);
	q[ql] = '\0';
	max = streq(q, "max") || streq(q, "-1");
	if (!max && (parse_uint(q, &quota) < 0 || quota < (uint64_t)k->min ||
		     quota > (uint64_t)k->max))
		goto bad;
	if (sp) {
		sp += strspn(sp, " ");
		if (parse_uint(sp, &period) < 0 || period < 1000 || period > 1000000)
			goto bad;
	}
	n = max ? appendf(buf, size, 0, "max") : appendf(buf, size, 0, "%" PRIu64, quota);
	return sp ? appendf(buf, size, n, " %" PRIu64, period) : n;
bad:
	setwhy(why, whysize, "must be 'QUOTA PERIOD' or 'max PERIOD' (period optional), "
	       "QUOTA between %" PRId64 " and %" PRId64 ", PERIOD between 1000 and 1000000 "
	       "(microseconds)", k->min, k->max);
	return -EINVAL;
}

/* "MAJ:MIN" at *P, advancing it past one blank; false when malformed. */
static bool dev_pair(const char **p, uint32_t *maj, uint32_t *min)
{
	if (!dev_num(p, maj) || *(*p)++ != ':' || !dev_num(p, min))
		return false;
	if (**p && **p != ' ')
		return false;
	*p += strspn(*p, " ");
	return true;
}

/* v2 io.max: "MAJ:MIN KEY=N|max ..." with rbps wbps (sizes) riops wiops; canonical in BUF. */
static int value_iomax(const char *value, char *buf, size_t size, char *why, size_t whysize)
{
	static const char *const keys[] = { "rbps", "wbps", "riops", "wiops" };
	const char *p = value;
	uint32_t maj, min;
	int n, any = 0;

	if (!dev_pair(&p, &maj, &min))
		goto bad;
	n = snprintf(buf, size, "%" PRIu32 ":%" PRIu32, maj, min);
	while (*p) {
		size_t w = strcspn(p, " "), kl = strcspn(p, "=");
		char v[32];
		uint64_t x = 0;
		size_t j;

		if (kl >= w || w - kl - 1 == 0 || w - kl - 1 >= sizeof(v))
			goto bad;
		for (j = 0; j < ARRAY_SIZE(keys); j++)
			if (strlen(keys[j]) == kl && !memcmp(p, keys[j], kl))
				break;
		if (j == ARRAY_SIZE(keys))
			goto bad;
		memcpy(v, p + kl + 1, w - kl - 1);
		v[w - kl - 1] = '\0';
		if (streq(v, "max"))
			x = UINT64_MAX;
		else if ((j < 2 ? cgk_size_parse(v, &x) : parse_uint(v, &x)) < 0 || x == 0 ||
			 x == UINT64_MAX)
			goto bad;
		n = x == UINT64_MAX ? appendf(buf, size, n, " %s=max", keys[j]) :
		    appendf(buf, size, n, " %s=%" PRIu64, keys[j], x);
		any = 1;
		p += w;
		p += strspn(p, " ");
	}
	if (!any)
		goto bad;
	return n;
bad:
	setwhy(why, whysize, "must be MAJ:MIN and limits, like '8:0 rbps=10M wiops=100' "
	       "(rbps, wbps, riops, wiops; a number > 0 or max)");
	return -EINVAL;
}

/* v2 io.weight: "N", "default N", "MAJ:MIN N", "MAJ:MIN default". */
static int value_ioweight(const struct cgk_knob *k, const char *value,
			  char *buf, size_t size, char *why, size_t whysize)
{
	const char *p = value;
	uint32_t maj, min;
	uint64_t w;
	bool dev = false;

	if (!strncmp(p, "default ", 8)) {
		p += 8 + strspn(p + 8, " ");
	} else if (strchr(p, ':')) {
		if (!dev_pair(&p, &maj, &min))
			goto bad;
		dev = true;
		if (streq(p, "default"))
			return snprintf(buf, size, "%" PRIu32 ":%" PRIu32 " default", maj, min);
	}
	if (parse_uint(p, &w) < 0 || w < (uint64_t)k->min || w > (uint64_t)k->max)
		goto bad;
	if (dev)
		return snprintf(buf, size, "%" PRIu32 ":%" PRIu32 " %" PRIu64, maj, min, w);
	return snprintf(buf, size, "default %" PRIu64, w);
bad:
	setwhy(why, whysize, "must be a weight between %" PRId64 " and %" PRId64 ", "
	       "'default N', or 'MAJ:MIN N' ('MAJ:MIN default' resets a device)", k->min, k->max);
	return -EINVAL;
}

/* v2 cgroup.subtree_control: "+cpu -io ...", each a controller name. */
static bool subtree_ok(const char *v)
{
	bool any = false;

	for (const char *p = v; *p; ) {
		size_t w = strcspn(p, " ");

		if (w < 2 || (p[0] != '+' && p[0] != '-'))
			return false;
		for (size_t i = 1; i < w; i++)
			if (!((p[i] >= 'a' && p[i] <= 'z') || isdigit_c(p[i]) || p[i] == '_'))
				return false;
		any = true;
		p += w;
		p += strspn(p, " ");
	}
	return any;
}

static bool enum_has(const char *values, const char *v)
{
	size_t n = strlen(v);

	for (const char *p = values; *p; ) {
		size_t w = strcspn(p, " ");

		if (w == n && !memcmp(p, v, n))
			return true;
		p += w;
		p += strspn(p, " ");
	}
	return false;
}

int cgk_knob_value(const struct cgk_knob *k, const char *value, char *buf, size_t size,
		   char *why, size_t whysize)
{
	struct cgk_cpuset set;
	size_t n;
	int r;

	if (!k || !value) {
		setwhy(why, whysize, "no value");
		return -EINVAL;
	}
	n = strlen(value);
	if (n > CGK_VALUE_MAX) {
		setwhy(why, whysize, "is longer than %d bytes", CGK_VALUE_MAX);
		return -EINVAL;
	}
	if (memchr(value, '\n', n)) {
		setwhy(why, whysize, "must be one line");
		return -EINVAL;
	}
	if (k->flags & CGK_KF_RO) {
		if ((k->flags & CGK_KF_RESET) && streq(value, "0"))
			goto verbatim;
		setwhy(why, whysize, k->flags & CGK_KF_RESET ?
		       "is read-only (only 0 may be written, to reset it)" : "is read-only");
		return -EINVAL;
	}
	switch (k->type) {
	case CGK_KT_U64:
	case CGK_KT_S64:
		r = value_number(k, value, buf, size, why, whysize);
		break;
	case CGK_KT_BOOL:
		if (!streq(value, "0") && !streq(value, "1")) {
			setwhy(why, whysize, "must be 0 or 1");
			return -EINVAL;
		}
		goto verbatim;
	case CGK_KT_CPULIST:
		r = cgk_cpulist_parse(value, n, &set);
		if (r == -ERANGE) {
			setwhy(why, whysize, "numbers must be below %d", CGK_CPU_MAX);
			return -EINVAL;
		}
		if (r < 0) {
			setwhy(why, whysize, "must be a list like 0-3,7");
			return -EINVAL;
		}
		r = cgk_cpulist_format(&set, buf, size);
		break;
	case CGK_KT_ENUM:
		if (!k->values || !enum_has(k->values, value)) {
			setwhy(why, whysize, "must be one of: %s", k->values ? k->values : "");
			return -EINVAL;
		}
		goto verbatim;
	case CGK_KT_DEVRULE:
		if (!devrule_ok(value)) {
			setwhy(why, whysize, "must be a rule like 'c 1:3 rwm', 'b 8:* r' or 'a'");
			return -EINVAL;
		}
		goto verbatim;
	case CGK_KT_BLKDEV:
		r = value_blkdev(k, value, buf, size, why, whysize);
		break;
	case CGK_KT_CPUMAX:
		r = value_cpumax(k, value, buf, size, why, whysize);
		break;
	case CGK_KT_IOMAX:
		r = value_iomax(value, buf, size, why, whysize);
		break;
	case CGK_KT_IOWEIGHT:
		r = value_ioweight(k, value, buf, size, why, whysize);
		break;
	case CGK_KT_SUBTREE:
		if (!subtree_ok(value)) {
			setwhy(why, whysize, "must be controllers to enable or disable, "
			       "like '+cpu +memory -io'");
			return -EINVAL;
		}
		goto verbatim;
	default:
		goto verbatim;
	}
	if (r < 0)
		return r;
	if ((size_t)r >= size)
		return -ENOBUFS;
	return r;
verbatim:
	if (n >= size)
		return -ENOBUFS;
	memcpy(buf, value, n + 1);
	return (int)n;
}

int cgk_knob_check(const struct cgk_knob *k, const char *value, char *why, size_t whysize)
{
	char buf[CGK_VALUE_MAX + 64];
	int r = cgk_knob_value(k, value, buf, sizeof(buf), why, whysize);

	return r == -ENOBUFS || r >= 0 ? 0 : r;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int cgk_knob_files(int dirfd, char ***ret, size_t *ret_n)
{
	struct dirent *de;
	char **v = NULL;
	size_t n = 0, cap = 0;
	DIR *d;
	int fd, r = 0;

	fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	d = fdopendir(fd);
	if (!d) {
		r = -errno;
		close(fd);
		return r;
	}
	while ((errno = 0, de = readdir(d))) {
		struct stat st;

		if (de->d_name[0] == '.')
			continue;
		if (de->d_type == DT_UNKNOWN) {
			if (fstatat(dirfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
			    !S_ISREG(st.st_mode))
				continue;
		} else if (de->d_type != DT_REG) {
			continue;
		}
		if (n >= CGK_KNOB_FILES_MAX) {
			r = -E2BIG;
			break;
		}
		if (cgk_grow((void **)&v, &cap, n + 1, sizeof(*v)) < 0 ||
		    !(v[n] = strdup(de->d_name))) {
			r = -ENOMEM;
			break;
		}
		v[++n] = NULL;
	}
	if (!r && errno)
		r = -errno;
	closedir(d);
	if (!r && !v && !(v = calloc(1, sizeof(*v))))
		r = -ENOMEM;
	if (r < 0) {
		cgk_strv_free(v);
		return r;
	}
	qsort(v, n, sizeof(*v), cmp_name);
	*ret = v;
	*ret_n = n;
	return 0;
}
