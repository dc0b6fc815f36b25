/* SPDX-License-Identifier: MIT */
/* nsexec - what nsenter-lite and cgexec-ns do alike at the end: exec, exit as the child did */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ns.h"
#include "nsexec.h"
#include "tool.h"

void exit_as(int wstatus)
{
	if (WIFSIGNALED(wstatus)) {
		struct rlimit none = { 0, 0 };
		struct sigaction dfl = { .sa_handler = SIG_DFL };
		int sig = WTERMSIG(wstatus);
		sigset_t set;

		fflush(stdout);
		fflush(stderr);
		setrlimit(RLIMIT_CORE, &none);	/* the child dumped its core already */
		sigemptyset(&dfl.sa_mask);
		sigaction(sig, &dfl, NULL);
		sigemptyset(&set);
		sigaddset(&set, sig);
		sigprocmask(SIG_UNBLOCK, &set, NULL);
		kill(getpid(), sig);
	}
	exit(cgk_ns_exit_code(wstatus));
}

void exec_command(char *const *argv)
{
	int e;

	fflush(stdout);
	execvp(argv[0], argv);
	e = errno;
	warnx_("failed to execute %s: %s", argv[0], strerror(e));
	_exit(e == ENOENT ? 127 : 126);
}

void exec_shell(void)
{
	const char *sh = getenv("SHELL");
	const char *base;
	char arg0[256];
	char *argv[2] = { arg0, NULL };
	int e;

	if (!sh || !*sh)
		sh = "/bin/sh";
	base = strrchr(sh, '/');
	base = base ? base + 1 : sh;
	snprintf(arg0, sizeof(arg0), "-%s", base);
	fflush(stdout);
	execv(sh, argv);
	e = errno;
	warnx_("failed to execute %s: %s", sh, strerror(e));
	_exit(e == ENOENT ? 127 : 126);
}
