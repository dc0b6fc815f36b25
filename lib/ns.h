/* SPDX-License-Identifier: MIT */
/* ns - namespaces of processes: which process is a container's init */
#ifndef CGK_NS_H
#define CGK_NS_H

#include <stddef.h>
#include <sys/types.h>

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

#endif
