/* SPDX-License-Identifier: MIT */
/* nsexec - what nsenter-lite and cgexec-ns do alike at the end: exec, exit as the child did */
#ifndef CGK_NSEXEC_H
#define CGK_NSEXEC_H

#include <stdnoreturn.h>

/*
 * Exit as a child with wait status WSTATUS did: its exit status, or, when a
 * signal killed it, die by the same signal (no core dump of our own), so a
 * shell sees 128+N; 128+N as the exit status if the signal does not kill us.
 */
noreturn void exit_as(int wstatus);

/*
 * execvp ARGV; when that fails, "PROG: failed to execute ARGV[0]: reason"
 * and exit 127 (not found) or 126 (found, not runnable).
 */
noreturn void exec_command(char *const *argv);

/* Exec $SHELL (or /bin/sh) as a login shell ("-sh"), as nsenter does with no command. */
noreturn void exec_shell(void);

#endif
