/* SPDX-License-Identifier: MIT */
/* xlate - cgroup v1 names on v2 hierarchies and v2 names on v1: which file, which value */
#ifndef CGK_XLATE_H
#define CGK_XLATE_H

#include <stdbool.h>
#include <stdint.h>

#include "hier.h"

/*
 * Where the meaning carries, a control file of one cgroup version is served
 * by the other's (as libcgroup 3's cgxget/cgxset do), so scripts written for
 * v1 keep working on v2 and the other way round:
 *
 *   v1                              v2
 *   cpu.cfs_quota_us, _period_us    cpu.max ("QUOTA PERIOD", max for -1)
 *   cpu.cfs_burst_us                cpu.max.burst
 *   cpu.shares                      cpu.weight (cgk_xlate_shares_to_weight)
 *   cpuacct.usage                   cpu.stat usage_usec x 1000 (read only)
 *   memory.limit_in_bytes           memory.max (max for -1)
 *   memory.memsw.limit_in_bytes     memory.swap.max + memory.max
 *   memory.usage_in_bytes           memory.current
 *   memory.max_usage_in_bytes       memory.peak
 *   freezer.state FROZEN|THAWED     cgroup.freeze 1|0 (FREEZING: 1, not yet frozen)
 *   blkio.throttle.{read,write}_{bps,iops}_device   io.max rbps wbps riops wiops
 *   cpuset.effective_{cpus,mems}    cpuset.{cpus,mems}.effective
 *   tasks                           cgroup.threads
 *
 * Everything else exists in one version only (memory.high, cpu.weight.nice,
 * cgroup.kill on v2; cpu.rt_runtime_us, memory.swappiness, devices.* on v1)
 * and has no meaning in the other.
 */

/* io.max's keys and the v1 throttle files they stand for, in the same order. */
extern const char *const cgk_xlate_io_keys[4];
extern const char *const cgk_xlate_io_files[4];

/* The cgroup version where control file NAME means nothing: "v1" for a v2
 * file, "v2" for a v1 one (for "has no cgroup v2 meaning"). */
const char *cgk_xlate_foreign(const char *name);

/*
 * cpu.shares <-> cpu.weight, linear through the defaults 1024 <-> 100, as
 * systemd (cgroup_cpu_shares_to_weight) and libcgroup 3 convert: siblings
 * keep their ratios. runc and crun map 2..262144 onto 1..10000 instead
 * (1024 -> 39, and newer ones a quadratic on the log), which keeps the
 * ends but moves the default. Rounded to nearest and clamped to the target
 * range (weight 1..10000, shares 2..262144); weight -> shares -> weight
 * gives the weight back.
 */
uint64_t cgk_xlate_shares_to_weight(uint64_t shares);
uint64_t cgk_xlate_weight_to_shares(uint64_t weight);

/*
 * The file of a VERSION (1 or 2) hierarchy that serves control file NAME:
 * NAME itself when that version has it (or the table does not know NAME),
 * its counterpart from the list above, or NULL when NAME has no meaning in
 * VERSION. io.max on v1 gives blkio.throttle.read_bps_device (one of four).
 */
const char *cgk_xlate_file(int version, const char *name);

/* The controller serving NAME in a VERSION hierarchy ("cpu" for cpuacct.usage on v2); "" for core files. */
const char *cgk_xlate_controller(int version, const char *name, char *buf, size_t size);

/*
 * The hierarchy of H that serves control file NAME, in NAME's own controller
 * or its counterpart's (cpuacct, blkio, freezer on v2; io on v1): its index,
 * -ENODATA for files of every v1 hierarchy (notify_on_release), -ENOENT when
 * no hierarchy holds the controller, -EOPNOTSUPP when the one that does is
 * of the version where NAME has no meaning.
 */
int cgk_xlate_hier(const struct cgk_hiers *h, const char *name);
/*
 * The same among the hierarchies of MASK only (where a cgroup is): on a
 * hybrid host cgroup.freeze is the v2 file for a cgroup of the v2 tree, and
 * freezer.state for one of v1's.
 */
int cgk_xlate_hier_in(const struct cgk_hiers *h, const char *name, uint64_t mask);

/*
 * Read NAME of the cgroup at DIRFD, a cgroup of a VERSION hierarchy, in
 * NAME's own form: the file itself, or the value computed from the files
 * that serve it ("-1" for cpu.cfs_quota_us from "max 100000"). 0 and a
 * malloc'd *RET without the trailing newline, -EOPNOTSUPP when NAME has no
 * meaning in VERSION, -errno of the read.
 */
int cgk_xlate_read(int dirfd, int version, const char *name, char **ret);

/*
 * What a v2 cgroup.events text ("populated 0|1\nfrozen 0|1\n") says of the
 * freezer: 1 frozen, 0 not (or no frozen key: a kernel before 5.2),
 * -EINVAL for a frozen value other than 0 or 1.
 */
int cgk_xlate_events_frozen(const char *buf, size_t len);

#endif
