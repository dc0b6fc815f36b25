/* SPDX-License-Identifier: MIT */
/* knob - the table of known control files, and parsing/formatting of values */
#ifndef CGK_KNOB_H
#define CGK_KNOB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CGK_CPU_MAX 4096		/* cpu list bitmap size */
#define CGK_VALUE_MAX 4096		/* longest value we write */
#define CGK_MEM_UNLIMITED 0x7FFFFFFFFFFF0000ULL	/* v1 "no limit" and above (any page size) */

enum cgk_knob_type {
	CGK_KT_U64,	/* decimal unsigned */
	CGK_KT_S64,	/* decimal signed; -1 means no limit where flagged */
	CGK_KT_BOOL,	/* 0 or 1 */
	CGK_KT_CPULIST,	/* "0-3,7" */
	CGK_KT_ENUM,	/* one of .values */
	CGK_KT_DEVRULE,	/* "a|b|c MAJ:MIN rwm" */
	CGK_KT_BLKDEV,	/* "MAJ:MIN N" */
	CGK_KT_KEYED,	/* read-only "key value" lines */
	CGK_KT_STRING,	/* anything else */
	CGK_KT_CPUMAX,	/* v2 cpu.max: "QUOTA|max [PERIOD]" */
	CGK_KT_IOMAX,	/* v2 io.max: "MAJ:MIN rbps=N wbps=N riops=N wiops=N" (any, N or max) */
	CGK_KT_IOWEIGHT,	/* v2 io.weight: "N", "default N", "MAJ:MIN N|default" */
	CGK_KT_SUBTREE,	/* v2 cgroup.subtree_control: "+ctrl -ctrl ..." */
};

enum cgk_unit {
	CGK_UNIT_NONE,
	CGK_UNIT_BYTES,
	CGK_UNIT_USEC,
	CGK_UNIT_NSEC,
	CGK_UNIT_COUNT,
	CGK_UNIT_BPS,	/* bytes per second */
	CGK_UNIT_IOPS,
};

#define CGK_KF_RO	0x1	/* read-only */
#define CGK_KF_MAX	0x2	/* accepts "max" (pids) or -1 (cpu, memory) as no limit */
#define CGK_KF_PAGES	0x4	/* bytes the kernel rounds to pages */
#define CGK_KF_RESET	0x8	/* with RO: a counter that a write of "0" resets */
#define CGK_KF_NOREAD	0x10	/* reading fails: write-only, or an event source */
#define CGK_KF_V2	0x20	/* a cgroup v2 file; without it a v1 file, or both when
				   other is the same name (pids.max, cpuset.cpus) */

struct cgk_knob {
	const char *controller;	/* "cpu", "memory", ... */
	const char *name;	/* file name: "cpu.cfs_quota_us", "cpu.max" */
	const char *other;	/* the other version's file nearest in meaning, or NULL */
	enum cgk_knob_type type;
	enum cgk_unit unit;
	unsigned flags;
	int64_t min, max;	/* inclusive range for numbers (min>max: no range) */
	const char *values;	/* space-separated finite values, or NULL */
};

/* The table, sorted by name. */
const struct cgk_knob *cgk_knob_table(size_t *ret_n);
/* The cgroup version(s) whose hierarchies have file K: 1, 2, or 3 for both. */
unsigned cgk_knob_versions(const struct cgk_knob *k);
/* Exact lookup by file name (v1 or v2); NULL when unknown. */
const struct cgk_knob *cgk_knob_find(const char *name);
/*
 * Controller that owns control file NAME: the table's, else the part before
 * the first '.' ("memory.foo" -> "memory"). Generic files (tasks,
 * cgroup.procs, notify_on_release, cgroup.*) give "" (any hierarchy).
 * Writes at most SIZE bytes to BUF; returns BUF, or NULL if it does not fit.
 */
const char *cgk_knob_controller(const char *name, char *buf, size_t size);

/*
 * Sizes: "123", "512K", "1.5G", "2T" (1024-based, K/M/G/T/P/E with an
 * optional B or iB suffix, case-insensitive), "max" and "-1" -> UINT64_MAX.
 * 0 with *ret; -EINVAL on garbage; -ERANGE on overflow. *ret untouched on error.
 */
int cgk_size_parse(const char *s, uint64_t *ret);
/*
 * Format bytes as "512M", "1.5G", "123" (below 1K), "max" for >= CGK_MEM_UNLIMITED.
 * An exact multiple of the largest unit that fits prints without a decimal
 * point ("512M"), so it parses back to the same number; any other value is
 * rounded to one decimal when that is enough, else two ("1.5G", "1.0G",
 * "1.26G"), so a decimal point always says "rounded". Returns the length
 * (snprintf semantics).
 */
int cgk_size_format(uint64_t v, char *buf, size_t size);
/*
 * CPUs from a CFS quota and period: "max" for quota < 0, "2" when the quota
 * is an exact multiple of the period, else two decimals ("0.20", "2.00" for
 * a rounded 1.999). -EINVAL if PERIOD_US is 0; else length (snprintf semantics).
 */
int cgk_cpus_format(int64_t quota_us, uint64_t period_us, char *buf, size_t size);

/* A cpu (or memory node) list as a bitmap of CGK_CPU_MAX bits. */
struct cgk_cpuset {
	uint64_t bits[CGK_CPU_MAX / 64];
};
/* Parse "0-3,7\n" ("" is the empty set). -EINVAL on garbage, -ERANGE past CGK_CPU_MAX. */
int cgk_cpulist_parse(const char *buf, size_t len, struct cgk_cpuset *ret);
/* Canonical "0-3,7"; "" for the empty set. Returns length (snprintf semantics). */
int cgk_cpulist_format(const struct cgk_cpuset *s, char *buf, size_t size);
unsigned cgk_cpuset_count(const struct cgk_cpuset *s);
bool cgk_cpuset_subset(const struct cgk_cpuset *a, const struct cgk_cpuset *b);

/*
 * Read control file NAME of the cgroup at directory DIRFD: the value with its
 * trailing newline removed, malloc'd in *ret. 0 or -errno.
 */
int cgk_knob_read(int dirfd, const char *name, char **ret);

/*
 * Format RAW (as read) of knob NAME for people: bytes as K/M/G, no-limit
 * values ("-1", "max", >= CGK_MEM_UNLIMITED) as "max", other values verbatim.
 * cpu.cfs_quota_us is not special here (it needs the period): callers use
 * cgk_cpus_format. Returns length (snprintf semantics).
 */
int cgk_knob_humanize(const char *name, const char *raw, char *buf, size_t size);

/*
 * Validate VALUE (as a person would type it, without a newline) for knob K:
 * 0 when it is acceptable, else -EINVAL with a short reason ("must be -1 or
 * >= 1000 (microseconds)") in WHY (WHYSIZE bytes; WHY may be NULL).
 * Accepted beyond the kernel's own syntax: sizes ("512M", "1.5G") for byte
 * knobs and throttle bps, "max" or "-1" for every no-limit knob, 0x hex for
 * numbers. Read-only knobs fail, except "0" to a CGK_KF_RESET counter.
 * Write what cgk_knob_value gives, not VALUE itself.
 */
int cgk_knob_check(const struct cgk_knob *k, const char *value, char *why, size_t whysize);
/*
 * cgk_knob_check, then the text to write to the kernel in BUF (SIZE bytes):
 * sizes as decimal bytes, "max"/"-1" in the form the knob takes ("-1" for
 * cpu and memory, "max" for pids), cpu lists in canonical form, everything
 * else verbatim. Returns the length, -EINVAL (reason in WHY), or -ENOBUFS
 * when BUF is too small.
 */
int cgk_knob_value(const struct cgk_knob *k, const char *value, char *buf, size_t size,
		   char *why, size_t whysize);

#define CGK_KNOB_FILES_MAX 4096	/* files of one cgroup directory */

/*
 * The control files of the cgroup directory DIRFD: the names of its
 * regular files, sorted. 0 with a malloc'd NULL-terminated array *RET
 * (free with cgk_strv_free) of *RET_N names; -E2BIG past
 * CGK_KNOB_FILES_MAX; -errno.
 */
int cgk_knob_files(int dirfd, char ***ret, size_t *ret_n);

#endif
