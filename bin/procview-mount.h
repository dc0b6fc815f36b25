/* SPDX-License-Identifier: MIT */
/* procview-mount - procview --mount: the keeper of the FUSE connection and its server */
#ifndef PROCVIEW_MOUNT_H
#define PROCVIEW_MOUNT_H

#include <stdnoreturn.h>

/*
 * Serve lxcfs's layout at DIR (or, after a SIGHUP re-exec, take over the
 * connection the environment names) until SIGTERM: the keeper holds
 * /dev/fuse and runs the server as its child. FLAGS are CGK_VIEW_*;
 * PIDFILE may be NULL; ARGV is the command line to re-exec on SIGHUP.
 */
noreturn void procview_mount(const char *dir, const char *pidfile, unsigned flags,
			     const char *sysroot, char **argv);

#endif
