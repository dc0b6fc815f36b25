/* SPDX-License-Identifier: MIT */
/* cgexec-ns - run a command in cgroups (made and limited on the way) and new namespaces */
#include <fcntl.h>
#include <getopt.h>
#include <linux/openat2.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "apply.h"
#include "hier.h"
#include "ns.h"
#include "common/nsexec.h"
#include "target.h"
#include "common/tool.h"
#include "util.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

#define BIT(i) (UINT64_C(1) << (i))

/* The limit options, each a human knob of lib/apply and the controller it needs. */
static const struct {
	const char *opt, *knob, *ctrl;
} limits[] = {
	{ "--cpus", "cpus", "cpu" },
	{ "--memory", "memory", "memory" },
	{ "--pids", "pids", "pids" },
	{ "--cpuset", "cpuset", "cpuset" },
};

static struct {
	const char **specs;
	size_t nspecs;
	const char *limit[ARRAY_SIZE(limits)];
	bool create, rm, relative;
	unsigned long types;	/* CLONE_NEW* */
	bool mount_proc, map_root;
	int init;		/* -1: default (with --pid), 0: --no-init, 1: --init */
	const char *hostname, *root;
} arg = { .init = -1 };

static struct cgk_hiers *H;

static void usage(void)
{
	printf("Usage: %s [OPTIONS] [--] COMMAND [ARGUMENT...]\n\n"
	       "Run COMMAND in cgroups, made and limited on the way, and in new namespaces.\n"
	       "It is in its cgroups before it runs its first instruction.\n\n"
	       "Cgroups:\n"
	       "  -g CTRLS:PATH          run in cgroup PATH of the hierarchies of CTRLS (a\n"
	       "                         comma list, or *); repeatable, as cgexec -g\n"
	       "      --create           create the -g cgroups that do not exist\n"
	       "      --cpus F           limit to F CPUs (CFS quota; 0.2, 1.5, max)\n"
	       "      --memory SIZE      limit memory (512M, 1G, max)\n"
	       "      --pids N           limit the number of tasks (N or max)\n"
	       "      --cpuset LIST      run on CPUs LIST (0-1,3)\n"
	       "      --rm               remove the cgroups --create made once COMMAND ends\n"
	       "      --relative         PATH is relative to our own cgroup, not to PID 1's\n"
	       "Namespaces:\n"
	       "  -p, --pid              new PID namespace: COMMAND's init is PID 1\n"
	       "  -m, --mount            new mount namespace (mounts made private)\n"
	       "      --mount-proc       mount a new /proc in it (implies --mount)\n"
	       "  -u, --uts              new UTS namespace\n"
	       "      --hostname NAME    with --uts: set its hostname\n"
	       "  -i, --ipc              new IPC namespace\n"
	       "  -n, --net              new network namespace\n"
	       "  -U, --user             new user namespace\n"
	       "      --map-root         with --user: map our UID and GID to root in it\n"
	       "  -C, --cgroupns         new cgroup namespace, rooted at COMMAND's cgroups\n"
	       "  -T, --time             new time namespace\n"
	       "  -r, --root DIR         change the root directory to DIR\n"
	       "      --init             run a minimal init that reaps orphans and forwards\n"
	       "                         signals to COMMAND (the default with --pid)\n"
	       "      --no-init          with --pid: COMMAND itself is PID 1\n"
	       "  -h, --help             show this help\n"
	       "  -V, --version          show the version\n\n"
	       "See cgexec-ns(1).\n", program_invocation_short_name);
	exit(EXIT_SUCCESS);
}

/* ---- cgroups ---- */

struct group {
	const char *spec;
	struct cgk_target t;
	uint64_t attach;	/* hierarchies to attach the child in */
};

static struct group *G;
static size_t NG;
static struct cgk_apply *SET;
static bool committed;

static void resolve_groups(void)
{
	uint64_t seen = 0;

	G = calloc(arg.nspecs ? arg.nspecs : 1, sizeof(*G));
	if (!G)
		die(-ENOMEM, "-g");
	for (size_t k = 0; k < arg.nspecs; k++) {
		struct cgk_target_error err;
		const char *spec = arg.specs[k];
		char plain[CGK_PATH_MAX + 1];
		int r;

		/* libcgroup's "*:PATH": every hierarchy, i.e. a plain path */
		if (!strncmp(spec, "*:", 2)) {
			snprintf(plain, sizeof(plain), "%s%s", spec[2] == '/' ? "" : "/", spec + 2);
			spec = plain;
		}
		G[k].spec = arg.specs[k];
		r = cgk_target_resolve(H, spec, UINT64_MAX, arg.create ? CGK_TARGET_MISSING : 0,
				       &G[k].t, &err);
		if (r < 0)
			target_die("-g ", arg.specs[k], r, &err);
		G[k].t.arg = arg.specs[k];
		if (G[k].t.hmask & seen) {
			int i = __builtin_ctzll(G[k].t.hmask & seen);

			dief("-g %s: a second cgroup in the %s hierarchy", arg.specs[k], H->v[i].name);
		}
		seen |= G[k].t.hmask;
		G[k].attach = arg.create ? G[k].t.hmask : G[k].t.exists;
		NG++;
	}
}

static noreturn void apply_fail(const char *what, const struct cgk_apply_error *e)
{
	char where[CGK_PATH_MAX + 200] = "";

	if (e->human)
		dief("--%s %s: %s", e->knob, e->value, e->why);
	if (*e->label)
		snprintf(where, sizeof(where), "%s%s%s%s%s", e->label, *e->hier ? " (" : "",
			 e->hier, *e->hier ? ")" : "", *e->knob ? ": " : "");
	if (*e->knob)
		strncat(where, e->knob, sizeof(where) - strlen(where) - 1);
	if (e->rollback < 0)
		dief("%s%s%s: %s (and undoing failed: %s: %s)", what, *where ? ": " : "", where,
		     e->why, e->rollback_why, strerror(-e->rollback));
	dief("%s%s%s: %s", what, *where ? ": " : "", where, e->why);
}

/* --create and the limits, checked as a whole, then made at once (lib/apply). */
static void apply_limits(void)
{
	struct cgk_apply_error e;
	bool any = arg.create;
	int r;

	for (size_t j = 0; j < ARRAY_SIZE(limits); j++)
		any |= arg.limit[j] != NULL;
	if (!any)
		return;
	r = cgk_apply_new(H, 0, &SET);
	if (r < 0)
		die(r, "cgroups");
	for (size_t j = 0; j < ARRAY_SIZE(limits); j++) {
		const char *v = arg.limit[j];
		int i = -1;
		size_t k;

		if (!v)
			continue;
		i = cgk_hiers_find(H, limits[j].ctrl);
		for (k = 0; i >= 0 && k < NG; k++)
			if (G[k].t.hmask & BIT(i))
				break;
		if (i < 0 || k == NG)
			errtryhelp("%s %s: no -g names a cgroup in the %s hierarchy", limits[j].opt,
				   v, limits[j].ctrl);
		r = cgk_apply_human(SET, &G[k].t, limits[j].knob, v, &e);
		if (r < 0)
			apply_fail(limits[j].opt, &e);
	}
	if (arg.create)
		for (size_t k = 0; k < NG; k++) {
			uint64_t missing = G[k].t.hmask & ~G[k].t.exists;

			if (!missing)
				continue;	/* (a mask of 0 would mean "where the knobs need") */
			r = cgk_apply_create(SET, &G[k].t, missing, &e);
			if (r < 0)
				apply_fail("--create", &e);
		}
	r = cgk_apply_prepare(SET, &e);
	if (r < 0)
		apply_fail("cgroups", &e);
	r = cgk_apply_commit(SET, &e);
	if (r < 0)
		apply_fail("cgroups", &e);
	committed = true;
}

/* Undo --create (and the limits written with it). Returns false with a warning on failure. */
static bool undo(void)
{
	struct cgk_apply_error e;
	int r;

	if (!committed)
		return true;
	committed = false;
	r = cgk_apply_rollback(SET, &e);
	if (r < 0) {
		warnx_("--rm: %s%s%s: %s", e.label, *e.hier ? " in " : "", e.hier, e.why);
		return false;
	}
	return true;
}

/* ---- the command ---- */

/*
 * Refuse, before anything is made, a command that cannot be found (in DIR
 * with --root): as execvp searches PATH. Only a sure "not there" counts.
 */
static void check_command(const char *cmd)
{
	_cleanup_close_ int rootfd = -EBADF;
	struct open_how how = { .flags = O_PATH | O_CLOEXEC, .resolve = RESOLVE_IN_ROOT };
	const char *path = getenv("PATH");
	char buf[8192];

	if (!*cmd) {
		warnx_("'': command not found");
		exit(127);	/* as below, and as nsenter-lite and unshare exit */
	}
	rootfd = open(arg.root ? arg.root : "/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0)
		die(-errno, "--root %s", arg.root);
	if (!path)
		path = "/bin:/usr/bin";
	for (const char *p = strchr(cmd, '/') ? "" : path, *e;; p = e + 1) {
		int fd;

		e = strchrnul(p, ':');
		if (strchr(cmd, '/'))
			snprintf(buf, sizeof(buf), "%s", cmd);
		else
			snprintf(buf, sizeof(buf), "%.*s/%s", (int)(e - p), e == p ? "." : p, cmd);
		fd = (int)syscall(SYS_openat2, rootfd, buf, &how, sizeof(how));
		if (fd >= 0) {
			close(fd);
			return;
		}
		if (errno != ENOENT && errno != ENOTDIR)
			return;		/* no openat2, or no verdict: exec will say */
		if (!*e)
			break;
	}
	warnx_("%s: command not found", cmd);
	exit(127);
}

/* In the child, once in its cgroups: the rest of the namespaces, then COMMAND. */
static noreturn void child(char **cmd, const sigset_t *oldmask, int statusfd)
{
	char procdir[4096];
	int r;

	if ((arg.types & CLONE_NEWCGROUP) && unshare(CLONE_NEWCGROUP) < 0)
		die(-errno, "--cgroupns");
	if (arg.types & CLONE_NEWNS) {
		r = cgk_ns_private_mounts();
		if (r < 0)
			die(r, "--mount: make mounts private");
	}
	if (arg.mount_proc) {
		snprintf(procdir, sizeof(procdir), "%s/proc", arg.root ? arg.root : "");
		r = cgk_ns_mount_proc(procdir);
		if (r < 0)
			die(r, "--mount-proc: %s", procdir);
	}
	if (arg.hostname && sethostname(arg.hostname, strlen(arg.hostname)) < 0)
		die(-errno, "--hostname %s", arg.hostname);
	if (arg.root && (chroot(arg.root) < 0 || chdir("/") < 0))
		die(-errno, "--root %s", arg.root);

	if (arg.init == 1) {
		sigset_t old;
		pid_t pid;
		int st;

		r = cgk_ns_init_prepare(&old);
		if (r < 0)
			die(r, "init");
		fflush(stdout);
		pid = fork();
		if (pid < 0)
			die(-errno, "fork");
		if (pid == 0) {
			r = cgk_ns_init_child(oldmask);
			if (r < 0)
				die(r, "init");
			exec_command(cmd);
		}
		r = cgk_ns_init_loop(pid, &st);
		if (r < 0)
			die(r, "init");
		/* how COMMAND ended, for the parent to pass on (we cannot die of
		 * its signal: PID 1 ignores what it does not handle) */
		if (cgk_write_all(statusfd, &st, sizeof(st)) < 0)
			_exit(cgk_ns_exit_code(st));
		_exit(0);
	}
	r = cgk_ns_init_child(oldmask);
	if (r < 0)
		die(r, "signals");
	exec_command(cmd);
}

/*
 * The one-line reason for the kernel's cgroup v2 refusals of a move (the
 * no-internal-process rule, a threaded or invalid cgroup.type); "" for others.
 */
static const char *v2_hint(const struct cgk_hier *hi, int r)
{
	if (hi->version != 2)
		return "";
	if (r == -EBUSY)
		return " (cgroup v2: a cgroup that enables controllers for its children"
		       " in cgroup.subtree_control holds no processes; use a cgroup below it)";
	if (r == -EOPNOTSUPP)
		return " (cgroup v2: its cgroup.type does not take processes here:"
		       " threaded or domain invalid)";
	return "";
}

/* The -g spec that names the v2 hierarchy the command starts in, or NULL. */
static const char *v2_spec(int *ret_idx)
{
	for (size_t k = 0; k < NG; k++)
		for (size_t i = 0; i < H->n; i++)
			if (H->v[i].version == 2 && (G[k].attach & BIT(i))) {
				*ret_idx = (int)i;
				return G[k].spec;
			}
	return NULL;
}

static int child_cgroup2_fd(void)
{
	for (size_t k = 0; k < NG; k++)
		for (size_t i = 0; i < H->n; i++)
			if (H->v[i].version == 2 && (G[k].attach & BIT(i)))
				return cgk_hier_open(&H->v[i], G[k].t.mrel[i], O_RDONLY);
	return -ENOENT;
}

int main(int argc, char **argv)
{
	enum { OPT_CREATE = 0x100, OPT_RM, OPT_RELATIVE, OPT_MOUNT_PROC, OPT_HOSTNAME,
	       OPT_MAP_ROOT, OPT_INIT, OPT_NO_INIT, OPT_LIMIT };
	static const struct option lo[] = {
		{ "create", no_argument, NULL, OPT_CREATE },
		{ "cpus", required_argument, NULL, OPT_LIMIT + 0 },
		{ "memory", required_argument, NULL, OPT_LIMIT + 1 },
		{ "pids", required_argument, NULL, OPT_LIMIT + 2 },
		{ "cpuset", required_argument, NULL, OPT_LIMIT + 3 },
		{ "rm", no_argument, NULL, OPT_RM },
		{ "relative", no_argument, NULL, OPT_RELATIVE },
		{ "pid", no_argument, NULL, 'p' },
		{ "mount", no_argument, NULL, 'm' },
		{ "mount-proc", no_argument, NULL, OPT_MOUNT_PROC },
		{ "uts", no_argument, NULL, 'u' },
		{ "hostname", required_argument, NULL, OPT_HOSTNAME },
		{ "ipc", no_argument, NULL, 'i' },
		{ "net", no_argument, NULL, 'n' },
		{ "user", no_argument, NULL, 'U' },
		{ "map-root", no_argument, NULL, OPT_MAP_ROOT },
		{ "cgroupns", no_argument, NULL, 'C' },
		{ "time", no_argument, NULL, 'T' },
		{ "root", required_argument, NULL, 'r' },
		{ "init", no_argument, NULL, OPT_INIT },
		{ "no-init", no_argument, NULL, OPT_NO_INIT },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct cgk_nschild ch;
	sigset_t oldmask;
	int c, r, st, sfd[2], cg2fd = -EBADF, procfd;
	char *paths[CGK_HIER_MAX] = { 0 };
	bool need_h;

	atexit(close_stdout);
	argv[0] = program_invocation_short_name;
	while ((c = getopt_long(argc, argv, "+g:pmuinUCTr:hV", lo, NULL)) != -1)
		switch (c) {
		case 'g':
			arg.specs = realloc(arg.specs, (arg.nspecs + 1) * sizeof(*arg.specs));
			if (!arg.specs)
				die(-ENOMEM, "-g");
			arg.specs[arg.nspecs++] = optarg;
			break;
		case OPT_CREATE: arg.create = true; break;
		case OPT_LIMIT + 0: case OPT_LIMIT + 1: case OPT_LIMIT + 2: case OPT_LIMIT + 3:
			arg.limit[c - OPT_LIMIT] = optarg;
			break;
		case OPT_RM: arg.rm = true; break;
		case OPT_RELATIVE: arg.relative = true; break;
		case 'p': arg.types |= CLONE_NEWPID; break;
		case 'm': arg.types |= CLONE_NEWNS; break;
		case OPT_MOUNT_PROC: arg.mount_proc = true; arg.types |= CLONE_NEWNS; break;
		case 'u': arg.types |= CLONE_NEWUTS; break;
		case OPT_HOSTNAME: arg.hostname = optarg; break;
		case 'i': arg.types |= CLONE_NEWIPC; break;
		case 'n': arg.types |= CLONE_NEWNET; break;
		case 'U': arg.types |= CLONE_NEWUSER; break;
		case OPT_MAP_ROOT: arg.map_root = true; break;
		case 'C': arg.types |= CLONE_NEWCGROUP; break;
		case 'T': arg.types |= CLONE_NEWTIME; break;
		case 'r': arg.root = optarg; break;
		case OPT_INIT: arg.init = 1; break;
		case OPT_NO_INIT: arg.init = 0; break;
		case 'h': usage(); break;
		case 'V': print_version(); break;
		default: errtryhelp(NULL);
		}
	if (optind >= argc)
		errtryhelp("no command given");
	if (arg.hostname && !(arg.types & CLONE_NEWUTS))
		errtryhelp("--hostname needs --uts");
	if (arg.map_root && !(arg.types & CLONE_NEWUSER))
		errtryhelp("--map-root needs --user");
	if (arg.rm && !arg.create)
		errtryhelp("--rm removes what --create made: give --create");
	if (arg.create && !arg.nspecs)
		errtryhelp("--create needs a cgroup to create (-g)");
	if (arg.init == -1)
		arg.init = !!(arg.types & CLONE_NEWPID);
	for (size_t j = 0; j < ARRAY_SIZE(limits); j++)
		if (arg.limit[j] && !*arg.limit[j])
			errtryhelp("%s: empty value", limits[j].opt);

	need_h = arg.nspecs > 0;
	for (size_t j = 0; j < ARRAY_SIZE(limits); j++)
		need_h |= arg.limit[j] != NULL;
	if (need_h) {
		r = cgk_hiers_load("/", arg.relative ? CGK_HIER_RELATIVE : 0, &H);
		if (r == -ENOENT)
			dief("no cgroup hierarchy mounted");
		if (r < 0)
			die(r, "/proc/self/mountinfo");
		resolve_groups();
	}
	check_command(argv[optind]);
	if (H)
		apply_limits();

	/* Signals wait (blocked) from now on: the loop below forwards them. */
	r = cgk_ns_init_prepare(&oldmask);
	if (r < 0)
		die(r, "signals");
	if (pipe2(sfd, O_CLOEXEC) < 0)
		die(-errno, "pipe");
	if (H)
		cg2fd = child_cgroup2_fd();
	fflush(stdout);
	r = cgk_ns_spawn(arg.types & ~CLONE_NEWCGROUP, cg2fd, &ch);
	if (r < 0) {
		int i = -1;
		const char *spec = cg2fd >= 0 ? v2_spec(&i) : NULL;

		undo();
		if (spec && (r == -EBUSY || r == -EOPNOTSUPP))
			dief("-g %s: cannot start the command in it: %s%s", spec, strerror(-r),
			     v2_hint(&H->v[i], r));
		die(r, "clone");
	}
	if (r == 0) {
		close(sfd[0]);
		/* nothing of COMMAND runs before the parent has placed us */
		r = cgk_ns_wait_release(&ch);
		if (r == -ECANCELED)
			_exit(EXIT_FAILURE);	/* the parent said why */
		if (r < 0)
			die(r, "--time");	/* the one namespace unshared late */
		child(argv + optind, &oldmask, sfd[1]);
	}
	close(sfd[1]);
	if (cg2fd >= 0)
		close(cg2fd);

	procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	r = procfd < 0 ? -errno : 0;
	if (r < 0)
		warnx_("/proc: %s", strerror(-r));
	for (size_t k = 0; k < NG && r == 0; k++)
		for (size_t i = 0; i < H->n; i++)
			if ((G[k].attach & BIT(i)) && !(ch.into_cgroup && H->v[i].version == 2))
				paths[i] = G[k].t.mrel[i];
	if (r == 0 && H) {
		int idx = -1;

		r = cgk_ns_attach(H, paths, ch.pid, &idx);
		if (r < 0) {
			const char *what = "cgroups";

			for (size_t k = 0; k < NG && idx >= 0; k++)
				if (G[k].attach & BIT(idx))
					what = G[k].spec;
			warnx_("-g %s: cannot move the command into %s: %s%s", what,
			       idx >= 0 ? H->v[idx].name : "its cgroups", strerror(-r),
			       idx >= 0 ? v2_hint(&H->v[idx], r) : "");
		}
	}
	if (r == 0 && arg.map_root) {
		r = cgk_ns_map_root(procfd, ch.pid, getuid(), getgid());
		if (r < 0)
			warnx_("--map-root: %s", strerror(-r));
	}
	if (r == 0)
		r = cgk_ns_release(&ch);
	if (r < 0) {
		/* the child has run nothing of COMMAND: stop it, leave nothing behind */
		kill(ch.pid, SIGKILL);
		while (waitpid(ch.pid, &st, 0) < 0 && errno == EINTR)
			;
		undo();
		exit(EXIT_FAILURE);
	}
	if (procfd >= 0)
		close(procfd);

	r = cgk_ns_init_loop(ch.pid, &st);
	if (r < 0)
		die(r, "wait");
	{
		int inner;
		ssize_t n;

		while ((n = read(sfd[0], &inner, sizeof(inner))) < 0 && errno == EINTR)
			;
		if (n == (ssize_t)sizeof(inner) && WIFEXITED(st) && WEXITSTATUS(st) == 0)
			st = inner;	/* the init's report of COMMAND */
		close(sfd[0]);
	}
	if (arg.rm && !undo() && WIFEXITED(st) && WEXITSTATUS(st) == 0)
		st = 1 << 8;	/* exit 1: something was left behind */
	exit_as(st);
}
