/* SPDX-License-Identifier: MIT */
/* cgset - set control values, create cgroups, attach tasks: checked, all or nothing */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apply.h"
#include "hier.h"
#include "knob.h"
#include "target.h"
#include "common/tool.h"
#include "util.h"
#include "walk.h"

/* One -r or human knob, in command-line order. */
struct setting {
	const char *name;	/* knob, or human knob name */
	const char *value;
	bool human;
};

struct task {
	pid_t pid;
	bool thread;
};

static struct {
	struct setting *set;
	size_t nset, capset;
	struct task *tasks;
	size_t ntasks, captasks;
	const char *copy_from, *ctrls, *sysroot;
	bool recursive, create, dry_run, quiet, relative;
} arg = { .sysroot = "/" };

static struct cgk_hiers *H;

static void usage(void)
{
	printf("Usage: %s [OPTIONS] CGROUP...\n"
	       "       %s --copy-from SRC CGROUP...\n"
	       "       %s --list-knobs\n\n"
	       "Set control values of cgroups, create them, attach tasks. Every value\n"
	       "is checked before anything is written; when the kernel refuses one\n"
	       "write, the ones made are undone.\n\n"
	       "CGROUP is /a/b, ctrl[,ctrl]:/a/b, a full /sys/fs/cgroup/<ctrl>/a/b\n"
	       "path, a container id prefix (at least 4 hex digits), a container's\n"
	       "name, or a pod's NS/POD[/CONTAINER] (see cgkit(7)).\n\n"
	       "Options:\n"
	       "  -r, --variable KNOB=VALUE  write VALUE to control file KNOB (repeatable)\n"
	       "      --copy-from SRC        copy every writable value of cgroup SRC\n"
	       "  -R, --recursive            also every cgroup below each CGROUP\n"
	       "      --cpus F               CPU time of F CPUs per period (max: no limit)\n"
	       "      --period US            CFS period in microseconds\n"
	       "      --shares N             relative CPU weight (cpu.shares)\n"
	       "      --cpuset LIST          CPUs, like 0-1,3 (cpuset.cpus)\n"
	       "      --mems LIST            memory nodes (cpuset.mems)\n"
	       "      --memory SIZE          memory limit: 512M, 2G, max\n"
	       "      --memory-swap SIZE     memory+swap limit\n"
	       "      --pids N               process limit (max: none)\n"
	       "      --freeze               stop every task (freezer.state FROZEN)\n"
	       "      --thaw                 resume them (THAWED)\n"
	       "      --blkio-weight N       IO weight\n"
	       "      --device-read-bps DEV:RATE   read bytes/s limit on disk DEV\n"
	       "      --device-write-bps DEV:RATE  write bytes/s limit on disk DEV\n"
	       "      --create               make missing cgroups (and parents)\n"
	       "  -g, --controllers CTRLS    with --create: in these hierarchies only\n"
	       "      --attach PID[,PID...]  move processes, every thread, in (repeatable)\n"
	       "      --attach-thread TID    move one thread in (repeatable)\n"
	       "  -n, --dry-run              print the writes, in order; change nothing\n"
	       "  -q, --quiet                no warning for unknown control files\n"
	       "      --relative             paths relative to the caller's own cgroup\n"
	       "      --sysroot DIR          work on DIR/proc and DIR/sys/fs/cgroup\n"
	       "      --list-knobs           list the control files cgset knows, and exit\n"
	       "  -h, --help                 show this help\n"
	       "  -V, --version              show the version\n\n"
	       "See cgset(1).\n", program_invocation_short_name, program_invocation_short_name,
	       program_invocation_short_name);
	exit(EXIT_SUCCESS);
}

/* "controller knob [values...]" for each writable knob of the table ("-": every hierarchy). */
static noreturn void list_knobs(void)
{
	size_t n;
	const struct cgk_knob *k = cgk_knob_table(&n);

	for (size_t i = 0; i < n; i++) {
		if (k[i].flags & CGK_KF_RO)
			continue;
		printf("%s %s", *k[i].controller ? k[i].controller : "-", k[i].name);
		if (k[i].type == CGK_KT_BOOL)
			fputs(" 0 1", stdout);
		else if (k[i].type == CGK_KT_ENUM && k[i].values)
			printf(" %s", k[i].values);
		putchar('\n');
	}
	exit(EXIT_SUCCESS);
}

static void add_setting(const char *name, const char *value, bool human)
{
	if (cgk_grow((void **)&arg.set, &arg.capset, arg.nset, sizeof(*arg.set)) < 0)
		die(-ENOMEM, "%s", name);
	arg.set[arg.nset++] = (struct setting){ name, value, human };
}

static void add_task(const char *opt, const char *list, bool thread)
{
	char *dup = strdup(list), *save = NULL;

	if (!dup)
		die(-ENOMEM, "%s", opt);
	for (char *p = strtok_r(dup, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
		unsigned long pid = parse_ulong_opt(opt, p, INT32_MAX);

		if (!pid)	/* the kernel would move cgset itself */
			errtryhelp("%s: '%s': not a process id", opt, p);
		if (cgk_grow((void **)&arg.tasks, &arg.captasks, arg.ntasks,
			     sizeof(*arg.tasks)) < 0)
			die(-ENOMEM, "%s", opt);
		arg.tasks[arg.ntasks++] = (struct task){ (pid_t)pid, thread };
	}
	if (!save || !*list || *list == ',' || strstr(list, ",,") || list[strlen(list) - 1] == ',')
		errtryhelp("%s %s: want a PID or a comma-separated list of PIDs", opt, list);
	free(dup);
}

/* What the user typed for the failing item: "--cpus 0.2", "cpu.shares=1", "--attach 42". */
static void what(const struct cgk_apply_error *e, char *buf, size_t size)
{
	char v[sizeof(e->value) * 4];

	oneline(e->value, v, sizeof(v));
	if (e->op == CGK_APPLY_OP_ATTACH && (streq(e->knob, "cgroup.procs") || !*e->knob))
		snprintf(buf, size, "--attach %s", e->value);
	else if (e->op == CGK_APPLY_OP_ATTACH_THREAD)
		snprintf(buf, size, "--attach-thread %s", e->value);
	else if (e->op == CGK_APPLY_OP_CREATE)
		snprintf(buf, size, "--create");
	else if (e->human && (streq(e->knob, "freeze") || streq(e->knob, "thaw")))
		snprintf(buf, size, "--%s", e->knob);
	else if (e->human)
		snprintf(buf, size, "--%s %s", e->knob, v);
	else if (*e->knob)
		snprintf(buf, size, "%s=%s", e->knob, v);
	else
		buf[0] = '\0';
}

/* One line: "cgset: /a/b: cpu.shares=1: must be between 2 and 262144", exit 1. */
static noreturn void fail(int r, const struct cgk_apply_error *e)
{
	char w[1280], m[8192];

	what(e, w, sizeof(w));
	if (!apply_message(e, w, m, sizeof(m)))
		die(r, "%s", m);
	dief("%s", m);
}

/* Resolve CGROUP operand S (exits with cgls's messages on error). */
static void resolve(const char *s, struct cgk_target *t)
{
	struct cgk_target_error e;
	uint64_t all = H->n >= 64 ? UINT64_MAX : (UINT64_C(1) << H->n) - 1;
	int r = cgk_target_resolve(H, s, all, arg.create ? CGK_TARGET_MISSING : 0, t, &e);

	if (r == 0)
		return;
	if (r == -ENOENT && !e.usage && !e.with_errno && !strncmp(e.why, "no such cgroup", 14) &&
	    !arg.create)
		dief("%s: %s (--create makes it)", s, e.why);
	target_die("", s, r, &e);
}

/*
 * Add the settings of the command line for target T. A descendant (-R) that
 * is not in a setting's hierarchy is left out of that setting.
 */
static void add_all(struct cgk_apply *set, const struct cgk_target *t, const struct cgk_target *src,
		    bool descendant)
{
	struct cgk_apply_error e;
	int r;

	if (src) {
		r = cgk_apply_copy(set, src, t, &e);
		if (r < 0)
			fail(r, &e);
	}
	for (size_t k = 0; k < arg.nset; k++) {
		const struct setting *x = &arg.set[k];
		int i;

		if (descendant && (i = cgk_apply_knob_hier(set, x->name, x->human)) >= 0 &&
		    !(t->hmask & (UINT64_C(1) << i)))
			continue;
		r = x->human ? cgk_apply_human(set, t, x->name, x->value, &e) :
			       cgk_apply_write(set, t, x->name, x->value, &e);
		if (r < 0)
			fail(r, &e);
	}
}

/* One warning per control file the knob table does not know, once it is sure to be written. */
static void warn_unknown(const struct cgk_apply *set)
{
	size_t n;
	const struct cgk_apply_step *st = cgk_apply_steps(set, &n);

	for (size_t k = 0; k < n; k++)
		if (cgk_apply_step_unknown_first(st, k))
			warnx_("warning: %s: not a control file cgkit knows; written as given",
			       st[k].knob);
}

static void print_steps(const struct cgk_apply *set)
{
	const struct cgk_apply_step *st;
	size_t n;

	st = cgk_apply_steps(set, &n);
	for (size_t k = 0; k < n; k++) {
		if (st[k].op == CGK_APPLY_OP_CREATE)
			printf("mkdir %s\n", st[k].dir);
		else
			printf("%s/%s <- %s\n", st[k].dir, st[k].knob, st[k].value);
	}
}

int main(int argc, char **argv)
{
	enum { OPT_COPY = 0x100, OPT_CPUS, OPT_PERIOD, OPT_SHARES, OPT_CPUSET, OPT_MEMS,
	       OPT_MEMORY, OPT_SWAP, OPT_PIDS, OPT_FREEZE, OPT_THAW, OPT_WEIGHT, OPT_RBPS,
	       OPT_WBPS, OPT_CREATE, OPT_ATTACH, OPT_THREAD, OPT_RELATIVE, OPT_SYSROOT,
	       OPT_LIST };
	static const struct option lo[] = {
		{ "variable", required_argument, NULL, 'r' },
		{ "copy-from", required_argument, NULL, OPT_COPY },
		{ "recursive", no_argument, NULL, 'R' },
		{ "cpus", required_argument, NULL, OPT_CPUS },
		{ "period", required_argument, NULL, OPT_PERIOD },
		{ "shares", required_argument, NULL, OPT_SHARES },
		{ "cpuset", required_argument, NULL, OPT_CPUSET },
		{ "mems", required_argument, NULL, OPT_MEMS },
		{ "memory", required_argument, NULL, OPT_MEMORY },
		{ "memory-swap", required_argument, NULL, OPT_SWAP },
		{ "pids", required_argument, NULL, OPT_PIDS },
		{ "freeze", no_argument, NULL, OPT_FREEZE },
		{ "thaw", no_argument, NULL, OPT_THAW },
		{ "blkio-weight", required_argument, NULL, OPT_WEIGHT },
		{ "device-read-bps", required_argument, NULL, OPT_RBPS },
		{ "device-write-bps", required_argument, NULL, OPT_WBPS },
		{ "create", no_argument, NULL, OPT_CREATE },
		{ "controllers", required_argument, NULL, 'g' },
		{ "attach", required_argument, NULL, OPT_ATTACH },
		{ "attach-thread", required_argument, NULL, OPT_THREAD },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "relative", no_argument, NULL, OPT_RELATIVE },
		{ "sysroot", required_argument, NULL, OPT_SYSROOT },
		{ "list-knobs", no_argument, NULL, OPT_LIST },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const human[] = {
		[OPT_CPUS - OPT_CPUS] = "cpus", [OPT_PERIOD - OPT_CPUS] = "period",
		[OPT_SHARES - OPT_CPUS] = "shares", [OPT_CPUSET - OPT_CPUS] = "cpuset",
		[OPT_MEMS - OPT_CPUS] = "mems", [OPT_MEMORY - OPT_CPUS] = "memory",
		[OPT_SWAP - OPT_CPUS] = "memory-swap", [OPT_PIDS - OPT_CPUS] = "pids",
		[OPT_FREEZE - OPT_CPUS] = "freeze", [OPT_THAW - OPT_CPUS] = "thaw",
		[OPT_WEIGHT - OPT_CPUS] = "blkio-weight", [OPT_RBPS - OPT_CPUS] = "device-read-bps",
		[OPT_WBPS - OPT_CPUS] = "device-write-bps",
	};
	struct cgk_target *t = NULL, src = { 0 };
	bool *desc = NULL;
	struct cgk_apply_error e;
	struct cgk_apply *set;
	size_t nt = 0, cap = 0, nops;
	uint64_t gmask = 0;
	bool froze = false, thawed = false;
	int c, r;

	atexit(close_stdout);
	argv[0] = program_invocation_short_name;	/* getopt's messages: "cgset: ..." */
	while ((c = getopt_long(argc, argv, "r:Rg:nqhV", lo, NULL)) != -1)
		switch (c) {
		case 'r': {
			char *eq = strchr(optarg, '=');

			if (!eq || eq == optarg)
				errtryhelp("-r %s: want KNOB=VALUE", optarg);
			*eq = '\0';
			add_setting(optarg, eq + 1, false);
			break;
		}
		case OPT_COPY: arg.copy_from = optarg; break;
		case 'R': arg.recursive = true; break;
		case OPT_FREEZE:
		case OPT_THAW:
			if (c == OPT_FREEZE)
				froze = true;
			else
				thawed = true;
			add_setting(human[c - OPT_CPUS], NULL, true);
			break;
		case OPT_CPUS: case OPT_PERIOD: case OPT_SHARES: case OPT_CPUSET: case OPT_MEMS:
		case OPT_MEMORY: case OPT_SWAP: case OPT_PIDS: case OPT_WEIGHT: case OPT_RBPS:
		case OPT_WBPS:
			add_setting(human[c - OPT_CPUS], optarg, true);
			break;
		case OPT_CREATE: arg.create = true; break;
		case 'g': arg.ctrls = optarg; break;
		case OPT_ATTACH: add_task("--attach", optarg, false); break;
		case OPT_THREAD: add_task("--attach-thread", optarg, true); break;
		case 'n': arg.dry_run = true; break;
		case 'q': arg.quiet = true; break;
		case OPT_RELATIVE: arg.relative = true; break;
		case OPT_SYSROOT: arg.sysroot = optarg; break;
		case OPT_LIST: list_knobs(); break;
		case 'h': usage(); break;
		case 'V': print_version(); break;
		default: errtryhelp(NULL);
		}
	nops = (size_t)(argc - optind);
	if (!nops)
		errtryhelp("no CGROUP given");
	if (!arg.nset && !arg.copy_from && !arg.create && !arg.ntasks)
		errtryhelp("nothing to do: give -r KNOB=VALUE, a human knob, --copy-from, "
			   "--create or --attach");
	if (froze && thawed)
		errtryhelp("choose one of --freeze and --thaw");
	if (arg.ctrls && !arg.create)
		errtryhelp("-g goes with --create");
	if (arg.ntasks && (nops > 1 || arg.recursive))
		errtryhelp("--attach and --attach-thread take one CGROUP, without -R");

	r = cgk_hiers_load(arg.sysroot, arg.relative ? CGK_HIER_RELATIVE : 0, &H);
	if (r == -ENOENT)
		dief("%s: no cgroup hierarchy mounted", arg.sysroot);
	if (r < 0)
		die(r, "%s", arg.sysroot);
	if (arg.ctrls) {
		const char *bad = NULL;

		if (cgk_hiers_mask(H, arg.ctrls, &gmask, &bad) < 0) {
			size_t l = bad ? strcspn(bad, ",") : 0;

			errtryhelp("-g %s: no hierarchy holds controller '%.*s'", arg.ctrls,
				   (int)l, bad ? bad : "");
		}
	}
	if (arg.copy_from) {
		bool create = arg.create;

		arg.create = false;
		resolve(arg.copy_from, &src);
		arg.create = create;
	}
	for (size_t k = 0; k < nops; k++) {
		struct cgk_target one = { 0 };

		resolve(argv[optind + (int)k], &one);
		if (cgk_grow((void **)&t, &cap, nt, sizeof(*t)) < 0 ||
		    !(desc = realloc(desc, cap * sizeof(*desc))))
			die(-ENOMEM, "%s", argv[optind + (int)k]);
		desc[nt] = false;
		t[nt++] = one;
		if (arg.recursive) {
			struct cgk_target *d;
			size_t nd;

			r = cgk_target_descendants(H, &one, CGK_WALK_DEPTH_MAX, &d, &nd);
			if (r < 0)
				die(r, "%s", one.arg);
			for (size_t j = 0; j < nd; j++) {
				if (cgk_grow((void **)&t, &cap, nt, sizeof(*t)) < 0 ||
				    !(desc = realloc(desc, cap * sizeof(*desc))))
					die(-ENOMEM, "%s", one.arg);
				desc[nt] = true;
				t[nt++] = d[j];
			}
			free(d);
		}
	}

	r = cgk_apply_new(H, 0, &set);
	if (r < 0)
		die(r, "change set");
	for (size_t k = 0; k < nt; k++) {
		if (arg.create && (r = cgk_apply_create(set, &t[k], gmask, &e)) < 0)
			fail(r, &e);
		add_all(set, &t[k], arg.copy_from ? &src : NULL, desc[k]);
	}
	for (size_t k = 0; k < arg.ntasks; k++) {
		r = cgk_apply_attach(set, &t[0], arg.tasks[k].pid,
				     arg.tasks[k].thread ? CGK_APPLY_THREAD : 0, &e);
		if (r < 0)
			fail(r, &e);
	}
	r = cgk_apply_prepare(set, &e);
	if (r < 0)
		fail(r, &e);
	if (!arg.quiet)
		warn_unknown(set);
	if (arg.dry_run) {
		/* what a name or id prefix resolved to, as a comment before the writes */
		for (size_t k = 0; k < nt; k++) {
			char what[128];

			if (!desc[k] && *cgk_target_what(&t[k], what, sizeof(what)))
				printf("# %s: %s %s\n", t[k].arg, what, t[k].label);
		}
		print_steps(set);
	}
	else if ((r = cgk_apply_commit(set, &e)) < 0)
		fail(r, &e);

	cgk_apply_free(set);
	for (size_t k = 0; k < nt; k++)
		cgk_target_done(&t[k]);
	free(t);
	free(desc);
	cgk_target_done(&src);
	free(arg.set);
	free(arg.tasks);
	cgk_hiers_free(H);
	return EXIT_SUCCESS;
}
