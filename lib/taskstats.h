/* SPDX-License-Identifier: MIT */
/* taskstats - per-cgroup task states from the generic-netlink TASKSTATS family */
#ifndef CGK_TASKSTATS_H
#define CGK_TASKSTATS_H

#include <stddef.h>
#include <stdint.h>

/* Tasks of one cgroup (not its descendants) by state, as the kernel counts them. */
struct cgk_cgroupstats {
	uint64_t running;
	uint64_t sleeping;
	uint64_t stopped;
	uint64_t uninterruptible;
	uint64_t io_wait;
};

struct cgk_taskstats;

/*
 * Open a generic netlink socket and resolve the TASKSTATS family id
 * (CTRL_CMD_GETFAMILY). 0 and *ret (free with cgk_taskstats_close), or
 * -errno: -ENOENT when the kernel has no TASKSTATS family.
 */
int cgk_taskstats_open(struct cgk_taskstats **ret);
void cgk_taskstats_close(struct cgk_taskstats *ts);

/*
 * CGROUPSTATS_CMD_GET for the cgroup v1 directory open at DIRFD (O_RDONLY,
 * not O_PATH). 0 and *ret, or -errno: -EINVAL for a directory that is not a
 * v1 cgroup (the kernel's answer for cgroup2), -ENODEV for a removed one.
 */
int cgk_taskstats_cgroup(struct cgk_taskstats *ts, int dirfd, struct cgk_cgroupstats *ret);

/*
 * Pure parsers of the kernel's replies, BUF[0..LEN) being what one recv
 * returned (netlink messages). The family id from a CTRL_CMD_NEWFAMILY
 * reply; the stats from a CGROUPSTATS_CMD_NEW reply. An NLMSG_ERROR
 * message gives its -errno. -EINVAL for a malformed or truncated message,
 * -ENOENT when the attribute is missing; outputs untouched on error.
 */
int cgk_taskstats_parse_family(const void *buf, size_t len, uint16_t *ret_id);
int cgk_taskstats_parse_cgroup(const void *buf, size_t len, struct cgk_cgroupstats *ret);

#endif
