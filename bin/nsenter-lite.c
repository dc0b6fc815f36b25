/* SPDX-License-Identifier: MIT */
/* nsenter-lite - enter a running container's namespaces (and cgroups) */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hier.h"
#include "ns.h"
#include "common/nsexec.h"
#include "target.h"
#include "common/tool.h"
#include "util.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

static struct {
	const char *target;
	bool all, no_fork, preserve, env, join, no_pidfd;
	bool set_uid, set_gid;
	uid_t uid;
	gid_t gid;
	bool root, wd;
	const char *root_dir, *wd_dir;
	unsigned long types;
	const char *file[CGK_NS_N];
} arg;

static void usage(void)
{
	printf("Usage: %s [OPTIONS] [PROGRAM [ARGUMENT...]]\n\n"
	       "Run a program in the namespaces of another process.\n\n"
	       "Options:\n"
	       "  -a, --all               enter all namespaces of the target\n"
	       "  -t, --target TARGET     PID, container id prefix or name, NS/POD[/CONTAINER]\n"
	       "                          or cgroup path to enter\n"
	       "  -m, --mount[=FILE]      enter the mount namespace\n"
	       "  -u, --uts[=FILE]        enter the UTS namespace (hostname)\n"
	       "  -i, --ipc[=FILE]        enter the System V IPC namespace\n"
	       "  -n, --net[=FILE]        enter the network namespace\n"
	       "  -p, --pid[=FILE]        enter the PID namespace\n"
	       "  -C, --cgroup[=FILE]     enter the cgroup namespace\n"
	       "  -U, --user[=FILE]       enter the user namespace\n"
	       "  -T, --time[=FILE]       enter the time namespace\n"
	       "  -S, --setuid UID        set the UID in the entered namespaces\n"
	       "  -G, --setgid GID        set the GID in the entered namespaces\n"
	       "      --preserve-credentials  do not change UID and GID\n"
	       "  -r, --root[=DIR]        set the root directory (the target's by default)\n"
	       "  -w, --wd[=DIR]          set the working directory (the target's by default)\n"
	       "  -e, --env               take the target's environment\n"
	       "  -c, --join-cgroup       join the target's cgroups, in every hierarchy\n"
	       "  -F, --no-fork           do not fork before running PROGRAM\n"
	       "      --no-pidfd          enter through /proc/PID/ns files, one at a time\n"
	       "  -h, --help              show this help\n"
	       "  -V, --version           show the version\n\n"
	       "PROGRAM defaults to $SHELL, else /bin/sh.\n"
	       "See nsenter-lite(1).\n", program_invocation_short_name);
	exit(EXIT_SUCCESS);
}

/* A namespace option: -n or -n=FILE (--net=FILE); "-nFILE" is FILE too. */
static void ns_opt(unsigned long type, const char *optarg_)
{
	int i = cgk_ns_index(type);

	arg.types |= type;
	if (optarg_) {
		if (*optarg_ == '=')
			optarg_++;
		if (!*optarg_)
			errtryhelp("--%s: empty file name", cgk_ns_name(type));
		arg.file[i] = optarg_;
	}
}

static unsigned long parse_id(const char *opt, const char *s)
{
	return parse_ulong_opt(opt, s, UINT32_MAX - 1);
}

/* True when S is all decimal digits. */
static bool is_pid(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

static struct cgk_hiers *hiers(void)
{
	static struct cgk_hiers *h;
	int r;

	if (h)
		return h;
	r = cgk_hiers_load("/", 0, &h);
	if (r == -ENOENT)
		dief("no cgroup hierarchy mounted");
	if (r < 0)
		die(r, "/proc/self/mountinfo");
	return h;
}

/*
 * -t: a PID (as nsenter takes it), else a container id prefix or a cgroup
 * path, resolved to the init inside. Digits that name no process may still
 * be a container id prefix ("6176"): a process wins when both exist.
 */
static pid_t resolve_target(const char *s)
{
	struct cgk_target t = { 0 };
	struct cgk_target_error err;
	struct cgk_hiers *h;
	bool digits = is_pid(s);
	pid_t pid;
	int r;

	if (digits) {
		size_t len = strlen(s);
		unsigned long v;
		char dir[32], *end;

		errno = 0;
		v = strtoul(s, &end, 10);
		if (errno == ERANGE || v > INT32_MAX) {
			/* too big for a PID: "816834785249" is a fine id prefix */
			if (len < 4 || len > 64)
				errtryhelp("--target: '%s': out of range (max %d)", s, INT32_MAX);
		} else {
			snprintf(dir, sizeof(dir), "/proc/%lu", v);
			if (v == 0)
				errtryhelp("--target: '%s': not a PID", s);
			if (len < 4 || len > 64 || access(dir, F_OK) == 0)
				return (pid_t)v;	/* (a dead PID: found out when opened) */
		}
	}
	h = hiers();
	r = cgk_target_resolve(h, s, UINT64_MAX, 0, &t, &err);
	if (r < 0) {
		if (digits && r == -ENOENT)
			dief("%s: no such process (nor container id prefix)", s);
		if (err.usage)
			errtryhelp("%s: not a PID, a container id prefix (4 to 64 lowercase hex "
				   "digits) nor a cgroup path (/a/b, ctrl:/a/b)", s);
		if (r == -ENOENT && cgk_container_id_ok(s) &&
		    !(strlen(s) >= 4 && strlen(s) <= 64 && cgk_is_hex(s, strlen(s))))
			/* a word, as ctr's ids: no container has it (now) */
			dief("%s: not a PID, a container id prefix (4 to 64 lowercase hex "
			     "digits), a container's id or name nor a cgroup path (/a/b, ctrl:/a/b)", s);
		if (err.with_errno)
			die(r, "%s%s%s", s, *err.why ? ": " : "", err.why);
		dief("%s: %s", s, *err.why ? err.why : "no such cgroup");
	}
	r = cgk_ns_cgroup_init(h, &t, &pid);
	cgk_target_done(&t);
	if (r == -ENOENT)
		dief("%s: no process in this cgroup", s);
	if (r < 0)
		die(r, "%s", s);
	return pid;
}

static void name_types(unsigned long types, char *buf, size_t size)
{
	size_t off = 0;

	buf[0] = '\0';
	for (int i = 0; i < CGK_NS_N; i++) {
		int n;

		if (!(types & cgk_ns_type(i)))
			continue;
		n = snprintf(buf + off, size - off, "%s%s", off ? "," : "",
			     cgk_ns_name(cgk_ns_type(i)));
		if (n < 0 || (size_t)n >= size - off)
			break;
		off += n;
	}
}

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CGK_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define CGK_ASAN 1
#endif
#ifdef CGK_ASAN
/*
 * Sanitizer builds only. LeakSanitizer's exit-time check stops the world
 * through /proc/self/task; once this process has joined a container's mount
 * namespace, /proc is the container's, where a process of the host's PID
 * namespace does not exist, and the check spins forever. nsenter-lite's
 * leaks are checked with valgrind instead (tests/integration/valgrind.bats).
 */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "detect_leaks=0";
}
#endif

int main(int argc, char **argv)
{
	enum { OPT_PRESERVE = 0x100, OPT_NO_PIDFD };
	static const struct option lo[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "target", required_argument, NULL, 't' },
		{ "mount", optional_argument, NULL, 'm' },
		{ "uts", optional_argument, NULL, 'u' },
		{ "ipc", optional_argument, NULL, 'i' },
		{ "net", optional_argument, NULL, 'n' },
		{ "pid", optional_argument, NULL, 'p' },
		{ "cgroup", optional_argument, NULL, 'C' },
		{ "user", optional_argument, NULL, 'U' },
		{ "time", optional_argument, NULL, 'T' },
		{ "setuid", required_argument, NULL, 'S' },
		{ "setgid", required_argument, NULL, 'G' },
		{ "preserve-credentials", no_argument, NULL, OPT_PRESERVE },
		{ "root", optional_argument, NULL, 'r' },
		{ "wd", optional_argument, NULL, 'w' },
		{ "env", no_argument, NULL, 'e' },
		{ "join-cgroup", no_argument, NULL, 'c' },
		{ "no-fork", no_argument, NULL, 'F' },
		{ "no-pidfd", no_argument, NULL, OPT_NO_PIDFD },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct cgk_nsset s;
	_cleanup_close_ int procfd = -EBADF, rootfd = -EBADF, wdfd = -EBADF;
	_cleanup_free_ char *envbuf = NULL;
	char **env = NULL;
	pid_t pid = 0;
	unsigned long failed = 0;
	int c, r, st;

	atexit(close_stdout);
	argv[0] = program_invocation_short_name;
	/* '+': options end at PROGRAM, whose own options are its own */
	while ((c = getopt_long(argc, argv, "+at:m::u::i::n::p::C::U::T::S:G:r::w::ecFhV", lo,
				NULL)) != -1)
		switch (c) {
		case 'a': arg.all = true; break;
		case 't': arg.target = optarg; break;
		case 'm': ns_opt(CLONE_NEWNS, optarg); break;
		case 'u': ns_opt(CLONE_NEWUTS, optarg); break;
		case 'i': ns_opt(CLONE_NEWIPC, optarg); break;
		case 'n': ns_opt(CLONE_NEWNET, optarg); break;
		case 'p': ns_opt(CLONE_NEWPID, optarg); break;
		case 'C': ns_opt(CLONE_NEWCGROUP, optarg); break;
		case 'U': ns_opt(CLONE_NEWUSER, optarg); break;
		case 'T': ns_opt(CLONE_NEWTIME, optarg); break;
		case 'S':
			arg.uid = (uid_t)parse_id("--setuid", optarg);
			arg.set_uid = true;
			break;
		case 'G':
			arg.gid = (gid_t)parse_id("--setgid", optarg);
			arg.set_gid = true;
			break;
		case OPT_PRESERVE: arg.preserve = true; break;
		case 'r': arg.root = true; arg.root_dir = optarg; break;
		case 'w': arg.wd = true; arg.wd_dir = optarg; break;
		case 'e': arg.env = true; break;
		case 'c': arg.join = true; break;
		case 'F': arg.no_fork = true; break;
		case OPT_NO_PIDFD: arg.no_pidfd = true; break;
		case 'h': usage(); break;
		case 'V': print_version(); break;
		default: errtryhelp(NULL);
		}

	if (arg.target)
		pid = resolve_target(arg.target);
	if (!pid) {
		if (arg.all)
			errtryhelp("--all needs a target (-t)");
		if ((arg.root && !arg.root_dir) || (arg.wd && !arg.wd_dir) || arg.env || arg.join)
			errtryhelp("-r, -w without DIR, -e and --join-cgroup need a target (-t)");
		for (int i = 0; i < CGK_NS_N; i++)
			if ((arg.types & cgk_ns_type(i)) && !arg.file[i])
				errtryhelp("--%s: neither a file nor a target (-t) given",
					   cgk_ns_name(cgk_ns_type(i)));
	}

	procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (procfd < 0)
		die(-errno, "/proc");
	cgk_nsset_init(&s, procfd);
	for (int i = 0; i < CGK_NS_N; i++) {
		if (!arg.file[i])
			continue;
		r = cgk_nsset_file(&s, cgk_ns_type(i), arg.file[i]);
		if (r == -EINVAL)
			dief("%s: not a %s namespace", arg.file[i], cgk_ns_name(cgk_ns_type(i)));
		if (r < 0)
			die(r, "%s", arg.file[i]);
	}
	if (pid) {
		r = cgk_nsset_target(&s, pid);
		if (r == -ESRCH)
			dief("%s: no such process", arg.target);
		if (r < 0)
			die(r, "%s", arg.target);
	}
	if (arg.all) {
		unsigned long has, same;

		r = cgk_nsset_probe(&s, &has, &same);
		if (r == -ESRCH)
			dief("%s: no such process", arg.target);
		if (r < 0)
			die(r, "%s", arg.target);
		/* setns cannot re-enter one's own user namespace; the others
		 * are entered even when shared, as nsenter does */
		arg.types |= has & ~(same & CLONE_NEWUSER);
	}
	s.types = arg.types;

	/* Everything read from the target is read before entering. */
	if (arg.root) {
		rootfd = arg.root_dir ? open(arg.root_dir, O_PATH | O_DIRECTORY | O_CLOEXEC)
				      : cgk_nsset_open_dir(&s, "root");
		if (rootfd < 0)
			die(arg.root_dir ? -errno : rootfd, "%s",
			    arg.root_dir ? arg.root_dir : "root of the target");
	}
	if (arg.wd) {
		wdfd = arg.wd_dir ? open(arg.wd_dir, O_PATH | O_DIRECTORY | O_CLOEXEC)
				  : cgk_nsset_open_dir(&s, "cwd");
		if (wdfd < 0)
			die(arg.wd_dir ? -errno : wdfd, "%s",
			    arg.wd_dir ? arg.wd_dir : "working directory of the target");
	}
	if (arg.env) {
		r = cgk_nsset_environ(&s, &envbuf, &env);
		if (r < 0)
			die(r, "environment of %s", arg.target);
	}
	if (arg.join) {
		struct cgk_hiers *h = hiers();
		int idx = -1;

		r = cgk_nsset_verify(&s);
		if (r == 0)
			r = cgk_ns_join_cgroups(h, pid, getpid(), &idx);
		if (r == -ESRCH)
			dief("%s: no such process", arg.target);
		if (r < 0)
			die(r, "--join-cgroup: %s", idx >= 0 ? h->v[idx].name : arg.target);
	}

	r = cgk_nsset_enter(&s, arg.no_pidfd ? CGK_NS_NO_PIDFD : 0, &failed);
	if (r < 0) {
		char names[128];

		if (r == -ESRCH)
			dief("%s: no such process", arg.target);
		name_types(failed ? failed : s.types, names, sizeof(names));
		die(r, "setns %s%s%s", names, pid ? " of " : "", pid ? arg.target : "");
	}
	r = cgk_ns_chroot(rootfd, wdfd);
	if (r < 0)
		die(r, "%s", rootfd >= 0 ? "chroot" : "chdir");
	if (env && clearenv() == 0)
		for (char **e = env; *e; e++)
			putenv(*e);

	if ((s.types & CLONE_NEWPID) && !arg.no_fork) {
		fflush(stdout);
		r = cgk_ns_fork(&st);
		if (r < 0)
			die(r, "fork");
		if (r > 0)
			exit_as(st);
	}
	{
		/* entering a user namespace makes us root there, unless told otherwise */
		bool user = (s.types & CLONE_NEWUSER) && !arg.preserve;

		r = cgk_ns_setcreds(user || arg.set_uid, arg.uid, user || arg.set_gid, arg.gid);
		if (r < 0)
			die(r, "set UID %u, GID %u", (unsigned)arg.uid, (unsigned)arg.gid);
	}
	if (optind < argc)
		exec_command(argv + optind);
	exec_shell();
}
