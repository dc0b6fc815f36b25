/* SPDX-License-Identifier: MIT */
/* cgsh - an interactive shell over the cgroup tree */
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "apply.h"
#include "cgpath.h"
#include "cgshcmd.h"
#include "hier.h"
#include "knob.h"
#include "xlate.h"
#include "ns.h"
#include "target.h"
#include "common/tool.h"
#include "tree.h"
#include "util.h"
#include "walk.h"

#define BIT(i) (UINT64_C(1) << (i))
#define HISTORY_MAX 1000

static struct {
	const char *command;	/* -c */
	bool keep_going, relative;
	const char *sysroot;
} arg = { .sysroot = "/" };

static struct cgk_hiers *H;
static uint64_t ALL;		/* every hierarchy */

/* The current cgroup: a user-visible path, in the hierarchies ALLOWED. */
static struct place {
	char label[CGK_PATH_MAX];
	uint64_t allowed;	/* narrowed by "cd ctrl:/path" or a full /sys/fs/cgroup path */
} cwd, prev;

static char where[64];		/* "line 3: " while a script file runs */
static int exit_code = -1;	/* set by exit */
static int last_status;		/* of the last command run */
static volatile sig_atomic_t got_sigint, got_winch;

static void usage(void)
{
	printf("Usage: %s [OPTIONS] [SCRIPT]\n"
	       "       %s [OPTIONS] -c COMMANDS\n\n"
	       "An interactive shell over the cgroup tree: cd into cgroups, list and set\n"
	       "their limits, attach processes, watch them, enter their containers.\n"
	       "Without a terminal (-c, SCRIPT or a pipe), the commands run in order and\n"
	       "the first that fails ends cgsh with its status.\n\n"
	       "Options:\n"
	       "  -c, --command COMMANDS  run COMMANDS (';' or newlines between them)\n"
	       "  -k, --keep-going        in a script, go on after a failed command\n"
	       "      --relative          paths relative to cgsh's own cgroup\n"
	       "      --sysroot DIR       work on DIR/proc and DIR/sys/fs/cgroup\n"
	       "  -h, --help              show this help\n"
	       "  -V, --version           show the version\n\n"
	       "Type 'help' at the prompt for the commands. See cgsh(1).\n",
	       program_invocation_short_name, program_invocation_short_name);
	exit(EXIT_SUCCESS);
}

/* ---- messages: "cgsh: [line N: ]CMD: ..." on stderr; never exit ---- */

__attribute__((format(printf, 3, 4)))
static int fail(int r, const char *cmd, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	fflush(stdout);
	fprintf(stderr, "%s: %s", program_invocation_short_name, where);
	if (cmd) {
		put_oneline(cmd);
		fputs(": ", stderr);
	}
	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	put_oneline(n < 0 ? fmt : s);
	if (n >= 0)
		free(s);
	if (r)
		fprintf(stderr, ": %s", strerror(-r));
	fputc('\n', stderr);
	return 1;
}

static int first_bit(uint64_t m)
{
	return m ? __builtin_ctzll(m) : -1;
}

/* Comma-joined names of the hierarchies in MASK. */
static void mask_names(uint64_t mask, char *buf, size_t size)
{
	size_t off = 0;

	buf[0] = '\0';
	for (uint64_t m = mask; m; m &= m - 1) {
		int i = first_bit(m), n;

		n = snprintf(buf + off, size - off, "%s%s", off ? "," : "", H->v[i].name);
		if (n < 0 || (size_t)n >= size - off)
			break;
		off += (size_t)n;
	}
}

/* ---- operands ---- */

/* Report a cgk_target_resolve failure of operand A. */
static int target_fail(const char *cmd, const char *a, int r, const struct cgk_target_error *e)
{
	char s[512];

	oneline(a, s, sizeof(s));
	if (r == -EXDEV)
		return fail(0, cmd, "%s: outside the hierarchies of the current cgroup", s);
	if (e->with_errno)
		return fail(r, cmd, "%s%s%s", s, *e->why ? ": " : "", e->why);
	return fail(0, cmd, "%s: %s", s, *e->why ? e->why : "no such cgroup");
}

/* The current cgroup, resolved now (it may have gone since cd). */
static int resolve_cwd(const char *cmd, struct cgk_target *t)
{
	struct cgk_target_error e;
	int r = cgk_target_resolve(H, cwd.label, cwd.allowed, 0, t, &e);

	if (r == -ENOENT && !e.with_errno)
		return fail(0, cmd, "%s: the current cgroup is gone (cd elsewhere)", cwd.label);
	if (r < 0)
		return target_fail(cmd, cwd.label, r, &e);
	return 0;
}

static bool looks_like_spec(const char *a)
{
	const char *colon = strchr(a, ':'), *slash = strchr(a, '/');

	return colon && (!slash || colon < slash);
}

/* A full "<mountpoint>/..." path: the hierarchy's index, else -1. */
static int full_path_hier(const char *a)
{
	_cleanup_free_ char *mrel = NULL;
	int i;

	if (a[0] != '/' || !strchr(a + 1, '/') || cgk_hiers_from_fullpath(H, a, &i, &mrel) < 0)
		return -1;
	return i;
}

#define RES_MISSING 0x1		/* keep hierarchies where it does not exist yet (mkdir) */
#define RES_NO_IDS  0x2		/* no container id or pod uid (mkdir, rmdir) */

/*
 * Operand A seen from the current cgroup: a path (relative, absolute, ..),
 * a ctrl:/path spec, a full /sys/fs/cgroup path, a container id prefix or
 * a pod uid. 0 with *T and its place (*RET, when not NULL), else 1 (told).
 */
static int resolve_arg(const char *cmd, const char *a, unsigned flags, struct cgk_target *t,
		       struct place *ret)
{
	struct cgk_target_error e, e2;
	unsigned tf = flags & RES_MISSING ? CGK_TARGET_MISSING : 0;
	struct place p = { .allowed = ALL };
	char joined[CGK_PATH_MAX];
	size_t len = strlen(a);
	int r, i;

	if (!*a)
		return fail(0, cmd, "'': an empty cgroup name");
	if (looks_like_spec(a) || (i = full_path_hier(a)) >= 0) {
		struct cgk_spec sp;
		const char *bad;

		r = cgk_target_resolve(H, a, ALL, tf, t, &e);
		if (r < 0)
			return target_fail(cmd, a, r, &e);
		if (looks_like_spec(a) && cgk_spec_parse(a, &sp) == 0) {
			if (cgk_hiers_mask(H, sp.controllers, &p.allowed, &bad) < 0)
				p.allowed = t->hmask;
			cgk_spec_done(&sp);
		} else {
			p.allowed = t->hmask;
		}
		snprintf(p.label, sizeof(p.label), "%s", t->label);
		goto found;
	}
	r = cgk_cgshcmd_path_join(cwd.label, a, joined, sizeof(joined));
	if (r < 0)
		return fail(r == -EINVAL ? 0 : r, cmd, "%s%s", a, r == -EINVAL ? ": invalid name" : "");
	p.allowed = a[0] == '/' ? ALL : cwd.allowed;
	r = cgk_target_resolve(H, joined, p.allowed, tf, t, &e);
	if (r == -ENOENT && !e.with_errno && !(flags & RES_NO_IDS) && !strchr(a, '/') &&
	    len >= 4 && len <= 64) {
		/* not a child: a container id prefix, else a pod uid */
		int r2 = -ENOENT;

		if (cgk_is_hex(a, len))
			r2 = cgk_target_resolve(H, a, ALL, 0, t, &e2);
		if (r2 == -ENOENT && len <= 36)
			r2 = cgk_target_resolve_pod(H, a, ALL, t, &e2);
		if (r2 == 0) {
			snprintf(p.label, sizeof(p.label), "%s", t->label);
			p.allowed = ALL;
			goto found;
		}
		if (r2 != -ENOENT && r2 != -EINVAL)
			return target_fail(cmd, a, r2, &e2);
		if (r2 == -ENOENT || cgk_is_hex(a, len))
			return fail(0, cmd, "%s: no such cgroup, container id prefix or pod uid", a);
	}
	if (r == -ENOENT && !e.with_errno && !(flags & RES_NO_IDS) && a[0] != '/') {
		/* a container's name, or a pod's NS/POD[/CONTAINER] (lib/names.c) */
		int r3 = cgk_target_resolve(H, a, ALL, 0, t, &e2);

		if (r3 == 0) {
			snprintf(p.label, sizeof(p.label), "%s", t->label);
			p.allowed = ALL;
			goto found;
		}
		if (r3 == -ENOTUNIQ)
			return target_fail(cmd, a, r3, &e2);
	}
	if (r < 0)
		return target_fail(cmd, a, r, &e);
	snprintf(p.label, sizeof(p.label), "%s", joined);
found:
	if (ret)
		*ret = p;
	return 0;
}

/* Is place P what T is: does its label lead back to T's directories? */
static bool round_trips(const struct place *p, const struct cgk_target *t)
{
	struct cgk_target u = { 0 };
	bool ok;

	if (cgk_target_resolve(H, p->label, p->allowed, 0, &u, NULL) < 0)
		return false;
	ok = u.exists == t->exists;
	for (uint64_t m = t->exists; ok && m; m &= m - 1) {
		int i = first_bit(m);

		ok = u.mrel[i] && streq(u.mrel[i], t->mrel[i]);
	}
	cgk_target_done(&u);
	return ok;
}

/* The operand a sibling tool resolves to the current cgroup: "/a" or "cpu,memory:/a". */
static void cwd_operand(char *buf, size_t size)
{
	char names[1024];

	if (cwd.allowed == ALL) {
		snprintf(buf, size, "%s", cwd.label);
		return;
	}
	mask_names(cwd.allowed, names, sizeof(names));
	snprintf(buf, size, "%s:%s", names, cwd.label);
}

/* Read KNOB of T in the hierarchy of its controller (generic files: the first). */
static int read_knob(const struct cgk_target *t, const char *knob, char **ret, int *ret_idx)
{
	char ctl[64];
	int i, fd, r;

	if (!cgk_knob_controller(knob, ctl, sizeof(ctl)) || strchr(knob, '/'))
		return -EINVAL;
	/* the hierarchy serving it: a v1 name on v2, a v2 name on v1 too */
	i = cgk_xlate_hier_in(H, knob, t->exists);
	if (i < 0 && i != -ENODATA)
		i = cgk_xlate_hier(H, knob);
	if (i == -ENODATA || (i == -ENOENT && !*ctl)) {
		i = first_bit(t->exists);
		if (i < 0)
			return -ENOENT;
	} else if (i < 0 || !(t->exists & BIT(i))) {
		return i == -EOPNOTSUPP ? i : -ENOENT;
	}
	fd = cgk_hier_open(&H->v[i], t->mrel[i], O_RDONLY);
	if (fd < 0)
		return fd;
	r = cgk_xlate_read(fd, H->v[i].version, knob, ret);
	close(fd);
	if (r == 0 && ret_idx)
		*ret_idx = i;
	return r;
}

/* Why KNOB cannot be read in T, for a message. */
static int knob_fail(const char *cmd, const struct cgk_target *t, const char *knob, int r)
{
	char ctl[64], s[256];

	oneline(knob, s, sizeof(s));
	if (r == -EOPNOTSUPP) {
		const char *v = cgk_xlate_foreign(knob);

		return fail(0, cmd, "%s: has no cgroup %s meaning, and its controller is on "
			    "cgroup %s here", s, v, v);
	}
	if (r == -ENOENT && cgk_knob_controller(knob, ctl, sizeof(ctl)) && *ctl) {
		int i = cgk_xlate_hier(H, knob);

		if (i < 0)
			return fail(0, cmd, "%s: no hierarchy holds controller '%s'", s, ctl);
		if (!(t->exists & BIT(i)))
			return fail(0, cmd, "%s: %s is not in the %s hierarchy", s, t->label,
				    H->v[i].name);
	}
	if (r == -EINVAL)
		return fail(0, cmd, "%s: not a control file name", s);
	return fail(r, cmd, "%s", s);
}

/* ---- options of a command ---- */

struct opt {
	char c;
	bool takes;	/* a value */
	bool on;
	const char *val;
};

/* Options before the operands ("-f", "-g CTRLS", "--"); *IND: the first operand. */
static int parse_opts(int argc, char **argv, struct opt *o, size_t no, int *ind)
{
	int k = 1;

	for (; k < argc; k++) {
		const char *a = argv[k];

		if (a[0] != '-' || !a[1])
			break;
		if (streq(a, "--")) {
			k++;
			break;
		}
		for (const char *p = a + 1; *p; p++) {
			size_t j;

			for (j = 0; j < no && o[j].c != *p; j++)
				;
			if (j == no)
				return fail(0, argv[0], "-%c: unknown option (see 'help %s')", *p,
					    argv[0]);
			o[j].on = true;
			if (o[j].takes) {
				if (p[1])
					o[j].val = p + 1;
				else if (k + 1 < argc)
					o[j].val = argv[++k];
				else
					return fail(0, argv[0], "-%c needs a value", *p);
				break;
			}
		}
	}
	*ind = k;
	return 0;
}

static int no_args(int argc, char **argv, int from)
{
	if (argc > from)
		return fail(0, argv[0], "%s: unexpected argument (see 'help %s')", argv[from],
			    argv[0]);
	return 0;
}

/* ---- change sets (cgset's checked, all-or-nothing path) ---- */

/* What the user typed for the failing item: "cpus 0.2", "cpu.shares=1", "attach 42". */
static void what(const struct cgk_apply_error *e, char *buf, size_t size)
{
	char v[sizeof(e->value) * 4], k[sizeof(e->knob) * 4];

	oneline(e->value, v, sizeof(v));
	oneline(e->knob, k, sizeof(k));
	if (e->op == CGK_APPLY_OP_ATTACH || e->op == CGK_APPLY_OP_ATTACH_THREAD)
		snprintf(buf, size, "attach %s", v);
	else if (e->op == CGK_APPLY_OP_CREATE)
		snprintf(buf, size, "mkdir");
	else if (e->human && (streq(e->knob, "freeze") || streq(e->knob, "thaw")))
		snprintf(buf, size, "%s", k);
	else if (e->human)
		snprintf(buf, size, "%s %s", k, v);
	else if (*e->knob)
		snprintf(buf, size, "%s=%s", k, v);
	else
		buf[0] = '\0';
}

/* One line: "cgsh: set: /a in cpu: cpu.shares=1: must be between 2 and 262144". */
static int apply_fail(const char *cmd, int r, const struct cgk_apply_error *e)
{
	char w[2048], m[8192];

	what(e, w, sizeof(w));
	return fail(apply_message(e, w, m, sizeof(m)) ? 0 : r, cmd, "%s", m);
}

/* Warn once per control file the knob table does not know. */
static void warn_unknown(const char *cmd, const struct cgk_apply *s)
{
	size_t n;
	const struct cgk_apply_step *st = cgk_apply_steps(s, &n);

	for (size_t k = 0; k < n; k++)
		if (cgk_apply_step_unknown_first(st, k))
			fail(0, cmd, "warning: %s: not a control file cgkit knows; written as given",
			     st[k].knob);
}

/* Prepare and commit S (or print its steps: DRY). 0 or 1 (told). */
static int apply_run(const char *cmd, struct cgk_apply *s, bool dry)
{
	struct cgk_apply_error e;
	const struct cgk_apply_step *st;
	size_t n;
	int r;

	r = cgk_apply_prepare(s, &e);
	if (r < 0)
		return apply_fail(cmd, r, &e);
	warn_unknown(cmd, s);
	if (dry) {
		st = cgk_apply_steps(s, &n);
		for (size_t k = 0; k < n; k++) {
			if (st[k].op == CGK_APPLY_OP_CREATE)
				printf("mkdir %s\n", st[k].dir);
			else
				printf("%s/%s <- %s\n", st[k].dir, st[k].knob, st[k].value);
		}
		return 0;
	}
	r = cgk_apply_commit(s, &e);
	if (r < 0)
		return apply_fail(cmd, r, &e);
	return 0;
}

/* A human knob name that is not also a control file. */
static bool is_human(const char *name)
{
	return !cgk_knob_find(name) && cgk_apply_human_knob(name);
}

/* Write NAMES[k]=VALUES[k] (knobs or human knobs) to the current cgroup, as one set. */
static int set_values(const char *cmd, char **names, char **values, size_t n, bool dry)
{
	struct cgk_target t = { 0 };
	struct cgk_apply_error e;
	struct cgk_apply *s = NULL;
	int r, rc = 1;

	if (resolve_cwd(cmd, &t))
		return 1;
	r = cgk_apply_new(H, 0, &s);
	if (r < 0) {
		fail(r, cmd, "change set");
		goto out;
	}
	for (size_t k = 0; k < n; k++) {
		r = is_human(names[k]) ? cgk_apply_human(s, &t, names[k], values[k], &e) :
					 cgk_apply_write(s, &t, names[k], values[k], &e);
		if (r < 0) {
			apply_fail(cmd, r, &e);
			goto out;
		}
	}
	rc = apply_run(cmd, s, dry);
out:
	cgk_apply_free(s);
	cgk_target_done(&t);
	return rc;
}

/* ---- commands ---- */

static int cmd_cd(int argc, char **argv)
{
	struct cgk_target t = { 0 };
	struct place p;
	const char *a = argc > 1 ? argv[1] : "/";

	if (argc > 2)
		return no_args(argc, argv, 2);
	if (streq(a, "-")) {
		if (!*prev.label)
			return fail(0, argv[0], "no previous cgroup");
		p = prev;
		if (cgk_target_resolve(H, p.label, p.allowed, 0, &t, NULL) < 0)
			return fail(0, argv[0], "%s: no such cgroup", p.label);
	} else if (resolve_arg(argv[0], a, 0, &t, &p)) {
		return 1;
	}
	if (!t.exists) {
		cgk_target_done(&t);
		return fail(0, argv[0], "%s: no such cgroup", a);
	}
	if (!round_trips(&p, &t)) {
		cgk_target_done(&t);
		return fail(0, argv[0], "%s: outside the tree cgsh shows from its base cgroups "
			    "(--relative moves them)", a);
	}
	cgk_target_done(&t);
	prev = cwd;
	cwd = p;
	if (streq(a, "-"))
		puts(cwd.label);
	return 0;
}

static int cmd_pwd(int argc, char **argv)
{
	struct opt o[] = { { 'a', false, false, NULL } };
	struct cgk_target t = { 0 };
	char op[CGK_PATH_MAX + 1024];
	int ind;

	if (parse_opts(argc, argv, o, ARRAY_SIZE(o), &ind) || no_args(argc, argv, ind))
		return 1;
	cwd_operand(op, sizeof(op));
	if (!o[0].on) {
		puts(op);
		return 0;
	}
	if (resolve_cwd(argv[0], &t))
		return 1;
	for (uint64_t m = t.exists; m; m &= m - 1) {
		int i = first_bit(m);

		printf("%s\t%s%s%s\n", H->v[i].name, H->v[i].mountpoint, *t.mrel[i] ? "/" : "",
		       t.mrel[i]);
	}
	cgk_target_done(&t);
	return 0;
}

/* "a/b" + "/" + NAME into BUF. */
static const char *child_mrel(const char *mrel, const char *name, char *buf, size_t size)
{
	snprintf(buf, size, "%s%s%s", mrel, *mrel ? "/" : "", name);
	return buf;
}

static int read_in(int i, const char *mrel, const char *knob, char **ret)
{
	int fd = cgk_hier_open(&H->v[i], mrel, O_RDONLY), r;

	if (fd < 0)
		return fd;
	r = cgk_xlate_read(fd, H->v[i].version, knob, ret);
	close(fd);
	return r;
}

/* RAW, the value of KNOB in hierarchy I of cgroup MREL, for people: CPUs, K/M/G, max. */
static void humanize(int i, const char *mrel, const char *knob, const char *raw, char *buf,
		     size_t size)
{
	_cleanup_free_ char *per = NULL;
	int64_t q;
	uint64_t p;

	snprintf(buf, size, "%s", raw);
	if (streq(knob, "cpu.cfs_quota_us")) {
		if (read_in(i, mrel, "cpu.cfs_period_us", &per) == 0 &&
		    cgk_parse_s64(raw, strlen(raw), &q) == 0 &&
		    cgk_parse_u64(per, strlen(per), &p) == 0)
			cgk_cpus_format(q, p, buf, size);
		return;
	}
	cgk_knob_humanize(knob, raw, buf, size);
}

/* The human value of KNOB in hierarchy I of cgroup MREL ("-" when it cannot be read). */
static void human_in(int i, const char *mrel, const char *knob, char *buf, size_t size)
{
	_cleanup_free_ char *raw = NULL;

	snprintf(buf, size, "-");
	if (i >= 0 && read_in(i, mrel, knob, &raw) == 0)
		humanize(i, mrel, knob, raw, buf, size);
}

static int cmd_ls(int argc, char **argv)
{
	struct cgk_target t = { 0 };
	struct cgk_tree *tree = NULL;
	int cpu = cgk_hiers_find(H, "cpu"), mem = cgk_hiers_find(H, "memory");
	int pids = cgk_hiers_find(H, "pids"), r;

	if (argc > 2)
		return no_args(argc, argv, 2);
	if (argc == 2 ? resolve_arg(argv[0], argv[1], 0, &t, NULL) : resolve_cwd(argv[0], &t))
		return 1;
	r = cgk_tree_build(H, t.exists, t.mrel, 1, CGK_TREE_PROCS, &tree);
	if (r < 0) {
		cgk_target_done(&t);
		return fail(r, argv[0], "%s", t.label);
	}
	if (tree->root->nchildren)
		printf("%5s %5s %7s %5s  %s\n", "TASKS", "CPUS", "MEMORY", "PIDS", "NAME");
	for (size_t j = 0; j < tree->root->nchildren; j++) {
		const struct cgk_node *c = tree->root->children[j];
		char names[1024] = "", m[CGK_PATH_MAX], cpus[32], memory[32], pmax[32], nm[1024];
		const int idx[3] = { cpu, mem, pids };
		const char *knob[3] = { "cpu.cfs_quota_us", "memory.limit_in_bytes", "pids.max" };
		char *out[3] = { cpus, memory, pmax };

		for (size_t k = 0; k < 3; k++) {
			int i = idx[k] >= 0 && (c->hmask & BIT(idx[k])) ? idx[k] : -1;

			human_in(i, i >= 0 ? child_mrel(t.mrel[i], c->name, m, sizeof(m)) : "",
				 knob[k], out[k], 32);
		}
		/* controllers, as cgls shows them: where they differ from the parent's */
		if (c->hmask != t.exists)
			mask_names(c->hmask, names, sizeof(names));
		printf("%5zu %5s %7s %5s  %s%s%s%s\n", c->nprocs_rec, cpus, memory, pmax,
		       oneline(c->name, nm, sizeof(nm)), *names ? " [" : "", names,
		       *names ? "]" : "");
	}
	cgk_tree_free(tree);
	cgk_target_done(&t);
	return 0;
}

static int cmd_cat(int argc, char **argv)
{
	struct cgk_target t = { 0 };
	int rc = 0;

	if (argc < 2)
		return fail(0, argv[0], "which control file? (see 'help %s')", argv[0]);
	if (resolve_cwd(argv[0], &t))
		return 1;
	for (int k = 1; k < argc; k++) {
		_cleanup_free_ char *raw = NULL;
		int r = read_knob(&t, argv[k], &raw, NULL);

		if (r < 0) {
			rc = knob_fail(argv[0], &t, argv[k], r);
			break;
		}
		if (*raw)
			puts(raw);
	}
	cgk_target_done(&t);
	return rc;
}

static int cmd_get(int argc, char **argv)
{
	struct cgk_target t = { 0 };
	int rc = 0;

	if (argc < 2)
		return fail(0, argv[0], "which control file? (see 'help %s')", argv[0]);
	if (resolve_cwd(argv[0], &t))
		return 1;
	for (int k = 1; k < argc; k++) {
		const char *name = argv[k], *file = is_human(name) ? cgk_apply_human_knob(name) : name;
		_cleanup_free_ char *raw = NULL;
		char val[CGK_VALUE_MAX];
		int i = -1, r = read_knob(&t, file, &raw, &i);

		if (r < 0) {
			rc = knob_fail(argv[0], &t, file, r);
			break;
		}
		humanize(i, t.mrel[i], file, raw, val, sizeof(val));
		printf("%s: ", name);
		for (const char *p = val; *p; p++) {
			putchar(*p);
			if (*p == '\n' && p[1])
				putchar('\t');
		}
		putchar('\n');
	}
	cgk_target_done(&t);
	return rc;
}

static int cmd_set(int argc, char **argv)
{
	struct opt o[] = { { 'n', false, false, NULL } };
	_cleanup_free_ char **names = NULL, **values = NULL;
	size_t n = 0;
	int ind;

	if (parse_opts(argc, argv, o, ARRAY_SIZE(o), &ind))
		return 1;
	if (ind >= argc)
		return fail(0, argv[0], "what to set? KNOB=VALUE (see 'help set')");
	names = calloc((size_t)(argc - ind), sizeof(*names));
	values = calloc((size_t)(argc - ind), sizeof(*values));
	if (!names || !values)
		return fail(-ENOMEM, argv[0], "%s", argv[ind]);
	for (int k = ind; k < argc; k++) {
		char *eq = strchr(argv[k], '=');
		char s[512];

		if (!eq || eq == argv[k])
			return fail(0, argv[0], "%s: want KNOB=VALUE",
				    oneline(argv[k], s, sizeof(s)));
		*eq = '\0';
		names[n] = argv[k];
		values[n++] = eq + 1;
	}
	return set_values(argv[0], names, values, n, o[0].on);
}

/* A human knob as a command: "cpus 0.5", "memory 256M", "freeze". */
static int cmd_human(int argc, char **argv)
{
	bool none = streq(argv[0], "freeze") || streq(argv[0], "thaw");
	char *value = (char *)"";

	if (none && argc > 1)
		return no_args(argc, argv, 1);
	if (!none && argc != 2)
		return argc < 2 ? fail(0, argv[0], "which value? (see 'help %s')", argv[0]) :
				  no_args(argc, argv, 2);
	if (!none)
		value = argv[1];
	return set_values(argv[0], &argv[0], &value, 1, false);
}

static int cmd_mkdir(int argc, char **argv)
{
	struct opt o[] = { { 'g', true, false, NULL } };
	struct cgk_target cur = { 0 }, *t = NULL;
	struct cgk_apply_error e;
	struct cgk_apply *s = NULL;
	uint64_t v1 = 0, gmask = 0;
	size_t nt = 0;
	int ind, r, rc = 1;

	if (parse_opts(argc, argv, o, ARRAY_SIZE(o), &ind))
		return 1;
	if (ind >= argc)
		return fail(0, argv[0], "which cgroup? (see 'help mkdir')");
	if (o[0].on) {
		const char *bad = NULL;

		if (cgk_hiers_mask(H, o[0].val, &gmask, &bad) < 0)
			return fail(0, argv[0], "-g %s: no hierarchy holds controller '%.*s'",
				    o[0].val, bad ? (int)strcspn(bad, ",") : 0, bad ? bad : "");
	}
	for (size_t i = 0; i < H->n; i++)
		if (H->v[i].version == 1 || cgk_hiers_v2_only(H))
			v1 |= BIT(i);
	if (resolve_cwd(argv[0], &cur))
		return 1;
	t = calloc((size_t)(argc - ind), sizeof(*t));
	r = cgk_apply_new(H, 0, &s);
	if (!t || r < 0) {
		fail(-ENOMEM, argv[0], "change set");
		goto out;
	}
	for (int k = ind; k < argc; k++, nt++) {
		uint64_t m;

		if (resolve_arg(argv[0], argv[k], RES_MISSING | RES_NO_IDS, &t[nt], NULL))
			goto out;
		/* where the current cgroup exists (relative names), or as -g says */
		m = gmask ? gmask & t[nt].hmask :
			    t[nt].hmask & v1 & (argv[k][0] == '/' ? ALL : cur.exists);
		if (!m) {
			fail(0, argv[0], "%s: in no hierarchy%s", argv[k],
			     gmask ? " of -g" : " the current cgroup is in");
			goto out;
		}
		if ((t[nt].exists & m) == m) {
			fail(-EEXIST, argv[0], "%s", argv[k]);
			goto out;
		}
		r = cgk_apply_create(s, &t[nt], m, &e);
		if (r < 0) {
			apply_fail(argv[0], r, &e);
			goto out;
		}
	}
	rc = apply_run(argv[0], s, false);
out:
	cgk_apply_free(s);
	for (size_t k = 0; t && k < (size_t)(argc - ind); k++)
		cgk_target_done(&t[k]);
	free(t);
	cgk_target_done(&cur);
	return rc;
}

/* Is cgroup path A the same as B or an ancestor of it? */
static bool is_ancestor(const char *a, const char *b)
{
	size_t l = strlen(a);

	if (streq(a, "/"))
		return true;
	return !strncmp(a, b, l) && (b[l] == '\0' || b[l] == '/');
}

/* Remove T; with FORCE its processes go to the parent first. 0 or 1 (told). */
static int remove_one(const char *cmd, const char *a, struct cgk_target *t, bool force)
{
	struct cgk_target *kids = NULL, par[CGK_HIER_MAX];
	struct cgk_apply *s = NULL;
	struct cgk_apply_error e;
	size_t nk = 0, nprocs = 0, cap = 0;
	_cleanup_free_ pid_t *seen = NULL;
	uint64_t used = 0;
	int r, rc = 1;

	memset(par, 0, sizeof(par));
	if (is_ancestor(t->label, cwd.label))
		return fail(0, cmd, "%s: the current cgroup%s (cd out of it first)", a,
			    streq(t->label, cwd.label) ? "" : " is inside it");
	r = cgk_target_descendants(H, t, 1, &kids, &nk);
	if (r < 0)
		return fail(r, cmd, "%s", a);
	if (nk) {
		fail(0, cmd, "%s: has child cgroups (%s%s); remove them first", a,
		     strrchr(kids[0].label, '/') + 1, nk > 1 ? ", ..." : "");
		goto out;
	}
	r = cgk_apply_new(H, 0, &s);
	if (r < 0) {
		fail(r, cmd, "change set");
		goto out;
	}
	/* its processes, hierarchy by hierarchy, to the parent in that hierarchy */
	for (uint64_t m = t->exists; m; m &= m - 1) {
		int i = first_bit(m);
		struct cgk_tree *tree;
		const char *slash = strrchr(t->mrel[i], '/');
		char *mrel[CGK_HIER_MAX] = { 0 };

		mrel[i] = t->mrel[i];
		r = cgk_tree_build(H, BIT(i), mrel, 0, CGK_TREE_PROCS, &tree);
		if (r == -ENOENT)
			continue;
		if (r < 0) {
			fail(r, cmd, "%s in %s", a, H->v[i].name);
			goto out;
		}
		/* each process once, whatever the hierarchies it is here in */
		for (size_t j = 0; j < tree->root->nprocs; j++) {
			pid_t pid = tree->root->procs[j]->pid;
			size_t x;

			for (x = 0; x < nprocs && seen[x] != pid; x++)
				;
			if (x < nprocs)
				continue;
			if (cgk_grow((void **)&seen, &cap, nprocs, sizeof(*seen)) < 0) {
				cgk_tree_free(tree);
				fail(-ENOMEM, cmd, "%s", a);
				goto out;
			}
			seen[nprocs++] = pid;
		}
		if (force && tree->root->nprocs) {
			const char *ls = strrchr(t->label, '/');

			snprintf(par[i].label, sizeof(par[i].label), "%.*s",
				 ls && ls != t->label ? (int)(ls - t->label) : 1, t->label);
			par[i].arg = a;
			par[i].hmask = par[i].exists = BIT(i);
			par[i].mrel[i] = cgk_strndup(t->mrel[i],
						     slash ? (size_t)(slash - t->mrel[i]) : 0);
			used |= BIT(i);
			for (size_t j = 0; par[i].mrel[i] && j < tree->root->nprocs; j++) {
				r = cgk_apply_attach(s, &par[i], tree->root->procs[j]->pid, 0, &e);
				if (r < 0) {
					cgk_tree_free(tree);
					apply_fail(cmd, r, &e);
					goto out;
				}
			}
			if (!par[i].mrel[i]) {
				cgk_tree_free(tree);
				fail(-ENOMEM, cmd, "%s", a);
				goto out;
			}
		}
		cgk_tree_free(tree);
	}
	if (nprocs && !force) {
		fail(0, cmd, "%s: has %zu process%s (%d%s); -f moves them to the parent", a, nprocs,
		     nprocs > 1 ? "es" : "", (int)seen[0], nprocs > 1 ? ", ..." : "");
		goto out;
	}
	if (used && apply_run(cmd, s, false))
		goto out;
	for (uint64_t m = t->exists; m; m &= m - 1) {
		int i = first_bit(m);

		r = cgk_hier_rmdir(&H->v[i], t->mrel[i]);
		if (r == -ENOENT)
			continue;
		if (r == -EBUSY) {
			fail(0, cmd, "%s in %s: busy: processes or child cgroups came back", a,
			     H->v[i].name);
			goto out;
		}
		if (r < 0) {
			fail(r, cmd, "%s in %s", a, H->v[i].name);
			goto out;
		}
	}
	rc = 0;
out:
	for (size_t k = 0; k < nk; k++)
		cgk_target_done(&kids[k]);
	free(kids);
	for (size_t i = 0; i < CGK_HIER_MAX; i++)
		cgk_target_done(&par[i]);
	cgk_apply_free(s);
	return rc;
}

static int cmd_rmdir(int argc, char **argv)
{
	struct opt o[] = { { 'f', false, false, NULL } };
	int ind;

	if (parse_opts(argc, argv, o, ARRAY_SIZE(o), &ind))
		return 1;
	if (ind >= argc)
		return fail(0, argv[0], "which cgroup? (see 'help rmdir')");
	for (int k = ind; k < argc; k++) {
		struct cgk_target t = { 0 };
		int rc;

		if (resolve_arg(argv[0], argv[k], RES_NO_IDS, &t, NULL))
			return 1;
		rc = remove_one(argv[0], argv[k], &t, o[0].on);
		cgk_target_done(&t);
		if (rc)
			return rc;
	}
	return 0;
}

static int cmd_attach(int argc, char **argv)
{
	struct cgk_target t = { 0 };
	struct cgk_apply_error e;
	struct cgk_apply *s = NULL;
	int r, rc = 1;

	if (argc < 2)
		return fail(0, argv[0], "which process? (see 'help attach')");
	for (int k = 1; k < argc; k++) {
		char *end = argv[k];
		long v;

		errno = 0;
		v = argv[k][0] >= '0' && argv[k][0] <= '9' ? strtol(argv[k], &end, 10) : 0;
		if (v <= 0 || *end || errno || v > INT32_MAX) {
			char s1[256];

			return fail(0, argv[0], "%s: not a process id", oneline(argv[k], s1, sizeof(s1)));
		}
	}
	if (resolve_cwd(argv[0], &t))
		return 1;
	r = cgk_apply_new(H, 0, &s);
	if (r < 0) {
		fail(r, argv[0], "change set");
		goto out;
	}
	for (int k = 1; k < argc; k++) {
		r = cgk_apply_attach(s, &t, (pid_t)strtol(argv[k], NULL, 10), 0, &e);
		if (r < 0) {
			apply_fail(argv[0], r, &e);
			goto out;
		}
	}
	rc = apply_run(argv[0], s, false);
out:
	cgk_apply_free(s);
	cgk_target_done(&t);
	return rc;
}

static void print_procs(const struct cgk_node *n, const char *label, bool rec, bool all)
{
	char path[CGK_PATH_MAX], s[2 * CGK_PATH_MAX + 2], clean[CGK_PATH_MAX];

	for (size_t j = 0; j < n->nprocs; j++) {
		const struct cgk_proc *p = n->procs[j];

		if (!rec) {
			printf("%7d %s\n", (int)p->pid, p->cmdline);
			continue;
		}
		cgk_node_path(n, path, sizeof(path));
		snprintf(s, sizeof(s), "%s%s%s", streq(label, "/") && *path ? "" : label,
			 *path ? "/" : "", path);
		printf("%7d %s %s\n", (int)p->pid, oneline(s, clean, sizeof(clean)), p->cmdline);
	}
	if (!all)
		return;
	for (size_t j = 0; j < n->nchildren; j++)
		print_procs(n->children[j], label, rec, all);
}

static int cmd_procs(int argc, char **argv)
{
	struct opt o[] = { { 'r', false, false, NULL } };
	struct cgk_target t = { 0 };
	struct cgk_tree *tree;
	int ind, r;

	if (parse_opts(argc, argv, o, ARRAY_SIZE(o), &ind) || no_args(argc, argv, ind))
		return 1;
	if (resolve_cwd(argv[0], &t))
		return 1;
	r = cgk_tree_build(H, t.exists, t.mrel, o[0].on ? CGK_WALK_DEPTH_MAX : 0, CGK_TREE_PROCS,
			   &tree);
	if (r < 0) {
		cgk_target_done(&t);
		return fail(r, argv[0], "%s", cwd.label);
	}
	print_procs(tree->root, t.label, o[0].on, o[0].on);
	cgk_tree_free(tree);
	cgk_target_done(&t);
	return 0;
}

/* ---- the sibling tools, run as children ---- */

/* DIR/TOOL next to our own binary, else TOOL (found through PATH). */
static void tool_path(const char *tool, char *buf, size_t size)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	char *slash;

	snprintf(buf, size, "%s", tool);
	if (n <= 0)
		return;
	self[n] = '\0';
	slash = strrchr(self, '/');
	if (!slash)
		return;
	*slash = '\0';
	if (snprintf(buf, size, "%s/%s", self, tool) >= (int)size || access(buf, X_OK) < 0)
		snprintf(buf, size, "%s", tool);
}

/* Run TOOL with ARGV (argv[0] is set here) and wait; its exit status, 128+N for signal N. */
static int run_tool(const char *cmd, const char *tool, char **argv)
{
	char path[PATH_MAX];
	int st;
	pid_t pid;

	tool_path(tool, path, sizeof(path));
	argv[0] = (char *)tool;
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0)
		return fail(-errno, cmd, "fork");
	if (pid == 0) {
		int e;

		signal(SIGINT, SIG_DFL);
		signal(SIGQUIT, SIG_DFL);
		signal(SIGTSTP, SIG_DFL);
		if (strchr(path, '/'))
			execv(path, argv);
		else
			execvp(path, argv);
		e = errno;
		fprintf(stderr, "%s: %s%s: cannot run %s: %s\n", program_invocation_short_name, where,
			cmd, path, strerror(e));
		_exit(e == ENOENT ? 127 : 126);
	}
	for (;;) {
		if (waitpid(pid, &st, WUNTRACED) < 0) {
			if (errno == EINTR)
				continue;
			return fail(-errno, cmd, "waitpid");
		}
		if (WIFSTOPPED(st)) {
			/* no job control here: a stopped child would hang the shell */
			kill(pid, SIGCONT);
			continue;
		}
		break;
	}
	got_sigint = 0;
	return cgk_ns_exit_code(st);
}

/* argv for a sibling tool: slot 0, FIXED..., the command's own arguments, TAIL, NULL. */
static char **tool_argv(char **fixed, size_t nf, int argc, char **argv, const char *tail)
{
	size_t n = 1 + nf + (size_t)(argc - 1) + 2, o = 1;
	char **v = calloc(n, sizeof(*v));

	if (!v)
		return NULL;
	for (size_t k = 0; k < nf; k++)
		v[o++] = fixed[k];
	for (int k = 1; k < argc; k++)
		v[o++] = argv[k];
	if (tail)
		v[o++] = (char *)tail;
	return v;
}

/* cgls / cgtop on the current cgroup: OPTS then the command's options then the operand. */
static int view_tool(int argc, char **argv, const char *tool, const char *opt)
{
	char op[CGK_PATH_MAX + 1024];
	char *fixed[4];
	size_t nf = 0;
	_cleanup_free_ char **v = NULL;
	struct cgk_target t = { 0 };

	if (resolve_cwd(argv[0], &t))
		return 1;
	cgk_target_done(&t);
	if (opt)
		fixed[nf++] = (char *)opt;
	if (arg.relative)
		fixed[nf++] = (char *)"--relative";
	if (!streq(arg.sysroot, "/")) {
		fixed[nf++] = (char *)"--sysroot";
		fixed[nf++] = (char *)arg.sysroot;
	}
	cwd_operand(op, sizeof(op));
	v = tool_argv(fixed, nf, argc, argv, op);
	if (!v)
		return fail(-ENOMEM, argv[0], "%s", tool);
	return run_tool(argv[0], tool, v);
}

static int cmd_tree(int argc, char **argv)
{
	return view_tool(argc, argv, "cgls", NULL);
}

static int cmd_containers(int argc, char **argv)
{
	return view_tool(argc, argv, "cgls", "--containers");
}

static int cmd_top(int argc, char **argv)
{
	return view_tool(argc, argv, "cgtop", NULL);
}

static int cmd_enter(int argc, char **argv)
{
	struct cgk_target t = { 0 };
	char pid_s[16], *fixed[6];
	char *dflt[] = { argv[0], (char *)"sh", NULL };
	_cleanup_free_ char **v = NULL;
	pid_t pid;
	int r;

	if (!streq(arg.sysroot, "/"))
		return fail(0, argv[0], "not with --sysroot");
	if (resolve_cwd(argv[0], &t))
		return 1;
	r = cgk_ns_cgroup_init(H, &t, &pid);
	cgk_target_done(&t);
	if (r == -ENOENT)
		return fail(0, argv[0], "%s: no process here to enter", cwd.label);
	if (r < 0)
		return fail(r, argv[0], "%s", cwd.label);
	snprintf(pid_s, sizeof(pid_s), "%d", (int)pid);
	fixed[0] = (char *)"-t";
	fixed[1] = pid_s;
	fixed[2] = (char *)"-a";
	fixed[3] = (char *)"-r";
	fixed[4] = (char *)"-w";
	fixed[5] = (char *)"--";
	if (argc < 2) {
		argc = 2;
		argv = dflt;
	}
	v = tool_argv(fixed, ARRAY_SIZE(fixed), argc, argv, NULL);
	if (!v)
		return fail(-ENOMEM, argv[0], "nsenter-lite");
	return run_tool(argv[0], "nsenter-lite", v);
}

static int cmd_exec(int argc, char **argv)
{
	struct cgk_target t = { 0 };
	char spec[CGK_PATH_MAX + 1100], op[CGK_PATH_MAX + 1024], *fixed[5];
	_cleanup_free_ char **v = NULL;
	size_t nf = 0;

	if (argc < 2)
		return fail(0, argv[0], "which program? (see 'help exec')");
	if (!streq(arg.sysroot, "/"))
		return fail(0, argv[0], "not with --sysroot");
	if (resolve_cwd(argv[0], &t))
		return 1;
	cgk_target_done(&t);
	cwd_operand(op, sizeof(op));
	snprintf(spec, sizeof(spec), "%s%s", cwd.allowed == ALL ? "*:" : "", op);
	if (arg.relative)
		fixed[nf++] = (char *)"--relative";
	fixed[nf++] = (char *)"-g";
	fixed[nf++] = spec;
	fixed[nf++] = (char *)"--";
	v = tool_argv(fixed, nf, argc, argv, NULL);
	if (!v)
		return fail(-ENOMEM, argv[0], "cgexec-ns");
	return run_tool(argv[0], "cgexec-ns", v);
}

static int cmd_help(int argc, char **argv)
{
	const struct cgk_cgshcmd_def *d;
	size_t n;

	if (argc > 2)
		return no_args(argc, argv, 2);
	if (argc == 2) {
		d = cgk_cgshcmd_find(argv[1]);
		if (!d)
			return fail(0, argv[0], "%s: no such command", argv[1]);
		printf("%s%s%s\n    %s\n", d->name, *d->synopsis ? " " : "", d->synopsis,
		       d->summary);
		if (d->human)
			printf("    The same as 'set %s=%s', checked as cgset --%s is.\n", d->name,
			       *d->synopsis ? "VALUE" : "", d->name);
		if (streq(d->name, "tree") || streq(d->name, "containers"))
			printf("    Options as cgls(1) takes them.\n");
		if (streq(d->name, "top"))
			printf("    Options and keys as cgtop(1) takes them; q returns here.\n");
		if (streq(d->name, "enter"))
			printf("    As nsenter-lite -t INIT -a -r -w, INIT the container's init.\n");
		if (streq(d->name, "exec"))
			printf("    As cgexec-ns -g *:CGROUP; its exit status is the command's.\n");
		return 0;
	}
	d = cgk_cgshcmd_defs(&n);
	printf("Commands (KNOB: a control file such as cpu.shares, or a human knob):\n");
	for (size_t k = 0; k < n; k++) {
		char left[64];

		if (d[k].human)
			continue;
		snprintf(left, sizeof(left), "%s %s", d[k].name, d[k].synopsis);
		printf("  %-28s %s\n", left, d[k].summary);
	}
	printf("Human knobs, each a command and a KNOB of get and set:\n ");
	for (size_t k = 0; k < n; k++)
		if (d[k].human)
			printf(" %s", d[k].name);
	printf("\nTab completes commands, cgroups, control files, values, container ids.\n");
	return 0;
}

static int cmd_exit(int argc, char **argv)
{
	char *end;
	long v = last_status;

	if (argc > 2)
		return no_args(argc, argv, 2);
	if (argc == 2) {
		errno = 0;
		v = strtol(argv[1], &end, 10);
		if (!*argv[1] || *end || errno || v < 0 || v > 255)
			return fail(0, argv[0], "%s: not an exit status (0 to 255)", argv[1]);
	}
	exit_code = (int)v;
	return (int)v;
}

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
} handlers[] = {
	{ "attach", cmd_attach }, { "cat", cmd_cat }, { "cd", cmd_cd },
	{ "containers", cmd_containers }, { "enter", cmd_enter }, { "exec", cmd_exec },
	{ "exit", cmd_exit }, { "get", cmd_get }, { "help", cmd_help }, { "ls", cmd_ls },
	{ "mkdir", cmd_mkdir }, { "procs", cmd_procs }, { "pwd", cmd_pwd },
	{ "rmdir", cmd_rmdir }, { "set", cmd_set }, { "top", cmd_top }, { "tree", cmd_tree },
};

/* Run one command; its status. */
static int dispatch(int argc, char **argv)
{
	const struct cgk_cgshcmd_def *d = cgk_cgshcmd_find(argv[0]);
	char s[256];

	if (d && d->human)
		return cmd_human(argc, argv);
	for (size_t k = 0; d && k < ARRAY_SIZE(handlers); k++)
		if (streq(handlers[k].name, argv[0]))
			return handlers[k].fn(argc, argv);
	fail(0, NULL, "%s: unknown command (help lists them)", oneline(argv[0], s, sizeof(s)));
	return 127;
}

/*
 * Run the commands of TEXT (complete: no -EAGAIN). LINE0: the line TEXT
 * starts at in a script (0: no line numbers). With STOP, the first command
 * that fails ends the run. Returns the status of the last command run;
 * *FAILED gets the status of the last one that failed (0: none did).
 */
static int run_text(const char *text, size_t len, size_t line0, bool stop, int *failed)
{
	struct cgk_cgshcmd *v;
	size_t n, pos;
	int r, st = 0;
	char why[256];

	*failed = 0;
	r = cgk_cgshcmd_parse(text, len, &v, &n, &pos);
	if (r < 0) {
		size_t line = line0;

		for (size_t k = 0; line0 && k < pos && k < len; k++)
			line += text[k] == '\n';
		if (line0)
			snprintf(where, sizeof(where), "line %zu: ", line);
		fail(0, NULL, "%s", cgk_cgshcmd_strerror(r, text, len, pos, why, sizeof(why)));
		where[0] = '\0';
		*failed = r == -E2BIG ? 1 : 2;
		return *failed;
	}
	for (size_t k = 0; k < n && exit_code < 0; k++) {
		if (line0)
			snprintf(where, sizeof(where), "line %zu: ", line0 + v[k].line - 1);
		st = dispatch((int)v[k].argc, v[k].argv);
		last_status = st;
		where[0] = '\0';
		if (st && exit_code < 0) {
			*failed = st;
			if (stop)
				break;
		}
	}
	cgk_cgshcmd_free(v, n);
	return st;
}

/* Script mode: -c, a file, a pipe (NAME in messages). The exit status. */
static int run_script(FILE *f, const char *name, const char *text)
{
	_cleanup_free_ char *line = NULL, *acc = NULL;
	size_t cap = 0, alen = 0, acap = 0, lineno = 0, start = 1;
	int last_fail = 0, failed;
	ssize_t n;

	if (text) {
		run_text(text, strlen(text), 0, !arg.keep_going, &failed);
		return exit_code >= 0 ? exit_code : failed;
	}
	while ((n = getline(&line, &cap, f)) >= 0) {
		size_t pos;
		struct cgk_cgshcmd *v;
		size_t nv;
		int r;

		lineno++;
		if (!alen)
			start = lineno;
		if (alen + (size_t)n > CGK_CGSHCMD_LEN_MAX ||
		    cgk_grow((void **)&acc, &acap, alen + (size_t)n, 1) < 0) {
			snprintf(where, sizeof(where), "line %zu: ", lineno);
			fail(0, NULL, "command line too long");
			where[0] = '\0';
			return 1;
		}
		memcpy(acc + alen, line, (size_t)n);
		alen += (size_t)n;
		acc[alen] = '\0';
		r = cgk_cgshcmd_parse(acc, alen, &v, &nv, &pos);
		if (r == -EAGAIN)
			continue;	/* inside quotes, or after a backslash: read on */
		if (r == 0)
			cgk_cgshcmd_free(v, nv);
		run_text(acc, alen, start, !arg.keep_going, &failed);
		alen = 0;
		if (exit_code >= 0)
			return exit_code;
		if (failed) {
			last_fail = failed;
			if (!arg.keep_going)
				return failed;
		}
	}
	if (alen) {
		/* the input ended inside quotes: say where */
		run_text(acc, alen, start, true, &failed);
		return failed;
	}
	if (ferror(f))
		return fail(-errno, NULL, "%s", name);
	return last_fail;
}

/* ---- completion ---- */

static char **cands;		/* what Tab offers */
static size_t ncands, cand_next, cand_strip;

static void cands_set(char **v, size_t n)
{
	cgk_strv_free(cands);
	cands = v;
	ncands = n;
}

static char *cand_gen(const char *text, int state)
{
	size_t l = strlen(text);

	if (!state)
		cand_next = 0;
	while (cand_next < ncands) {
		const char *c = cands[cand_next++];

		if (!strncmp(c, text, l))
			return strdup(c);
	}
	return NULL;
}

/* The list shows names without the directory part all of them share. */
static void show_matches(char **matches, int n, int max)
{
	char **v = calloc((size_t)n + 2, sizeof(*v));

	if (!v)
		return;
	for (int k = 0; k <= n; k++)
		v[k] = matches[k] + (strlen(matches[k]) >= cand_strip ? cand_strip : 0);
	rl_display_match_list(v, n, max - (int)cand_strip);
	rl_forced_update_display();
	free(v);
}

/* Child cgroup names of DIR (a word's directory part) seen from the current cgroup. */
static int child_names(const char *dir, char ***ret, size_t *ret_n)
{
	struct cgk_target t = { 0 };
	struct cgk_tree *tree;
	char joined[CGK_PATH_MAX];
	const char **names;
	int r;

	if (cgk_cgshcmd_path_join(cwd.label, *dir ? dir : ".", joined, sizeof(joined)) < 0 ||
	    cgk_target_resolve(H, joined, dir[0] == '/' ? ALL : cwd.allowed, 0, &t, NULL) < 0)
		return -ENOENT;
	r = cgk_tree_build(H, t.exists, t.mrel, 1, 0, &tree);
	cgk_target_done(&t);
	if (r < 0)
		return r;
	names = calloc(tree->root->nchildren + 1, sizeof(*names));
	if (!names) {
		cgk_tree_free(tree);
		return -ENOMEM;
	}
	for (size_t j = 0; j < tree->root->nchildren; j++)
		names[j] = tree->root->children[j]->name;
	/* the caller filters; here every name, with DIR before and '/' after */
	r = cgk_cgshcmd_filter(names, tree->root->nchildren, "", dir, "/", ret, ret_n);
	free(names);
	cgk_tree_free(tree);
	return r;
}

/*
 * Container ids (12 digits, or as many as typed), pod uids, and the names
 * the runtimes' files give containers (docker's, podman's, a CRI
 * container's) starting with PREFIX.
 */
static int ctr_ids(const char *prefix, char ***ret, size_t *ret_n)
{
	struct cgk_target root = { 0 };
	struct cgk_ctr *v = NULL;
	const char **names;
	char (*ids)[65];
	size_t n = 0, m = 0, pl = strlen(prefix);
	int r;

	r = cgk_target_root(H, ALL, &root);
	if (r < 0)
		return r;
	r = cgk_ctrs_find(H, &root, 1, CGK_CTRS_PODS | CGK_CTRS_PROCS, &v, &n, NULL);
	cgk_target_done(&root);
	if (r < 0)
		return r;
	names = calloc(2 * n + 1, sizeof(*names));
	ids = calloc(n + 1, sizeof(*ids));
	if (!names || !ids) {
		r = -ENOMEM;
		goto out;
	}
	for (size_t k = 0; k < n; k++) {
		const struct cgk_name *nm;

		if (v[k].c.runtime == CGK_RT_NONE)
			snprintf(ids[k], sizeof(ids[k]), "%s", v[k].c.pod_uid);
		else
			snprintf(ids[k], sizeof(ids[k]), "%.*s", (int)(pl > 12 ? pl : 12), v[k].c.id);
		names[m++] = ids[k];
		/* owned by the names cache, valid while no other lookup of this container */
		if (v[k].c.runtime != CGK_RT_NONE && (nm = cgk_ctr_name(H, &v[k])) && nm->name &&
		    !strchr(nm->name, ' ') && !strchr(nm->name, '/'))
			names[m++] = nm->name;
	}
	r = cgk_cgshcmd_filter(names, m, prefix, NULL, NULL, ret, ret_n);
out:
	free(names);
	free(ids);
	cgk_ctrs_free(v, n);
	return r;
}

/* Control files of the current cgroup (every hierarchy), plus human knobs (HUMAN). */
static int knob_names(bool writable, bool human, const char *tail, const char *prefix,
		      char ***ret, size_t *ret_n)
{
	struct cgk_target t = { 0 };
	const char **names = NULL;
	char **all[CGK_HIER_MAX] = { 0 };
	size_t n = 0, total = 0;
	int r;

	/* quietly: a message would land in the middle of the line being edited */
	if (cgk_target_resolve(H, cwd.label, cwd.allowed, 0, &t, NULL) < 0)
		return -ENOENT;
	for (uint64_t m = t.exists; m; m &= m - 1) {
		int i = first_bit(m), fd = cgk_hier_open(&H->v[i], t.mrel[i], O_RDONLY);
		size_t k;

		if (fd < 0)
			continue;
		if (cgk_knob_files(fd, &all[i], &k) == 0)
			total += k;
		close(fd);
	}
	names = calloc(total + 32, sizeof(*names));
	r = names ? 0 : -ENOMEM;
	for (size_t i = 0; names && i < H->n; i++)
		for (char **p = all[i]; p && *p; p++) {
			const struct cgk_knob *k = cgk_knob_find(*p);

			if (writable && k && (k->flags & CGK_KF_RO) && !(k->flags & CGK_KF_RESET))
				continue;
			names[n++] = *p;
		}
	for (const char *const *h = cgk_apply_human_names(); names && human && *h; h++)
		names[n++] = *h;
	if (names)
		r = cgk_cgshcmd_filter(names, n, prefix, NULL, tail, ret, ret_n);
	free(names);
	for (size_t i = 0; i < H->n; i++)
		cgk_strv_free(all[i]);
	cgk_target_done(&t);
	return r;
}

static char **complete(const char *text, int start, int end)
{
	struct cgk_cgshcmd_ctx c;
	struct cgk_cgshcmd_want w;
	char **v = NULL, **more = NULL;
	size_t n = 0, nmore = 0;
	const char **names;
	size_t nd;
	const struct cgk_cgshcmd_def *d;

	(void)start;
	(void)end;
	rl_attempted_completion_over = 1;
	rl_completion_display_matches_hook = NULL;
	cand_strip = 0;
	cands_set(NULL, 0);
	if (cgk_cgshcmd_context(rl_line_buffer, (size_t)rl_point, &c) < 0)
		return NULL;
	cgk_cgshcmd_want(&c, &w);
	switch (w.kind) {
	case CGK_CGSH_ARG_CMD:
		d = cgk_cgshcmd_defs(&nd);
		names = calloc(nd, sizeof(*names));
		for (size_t k = 0; names && k < nd; k++)
			names[k] = d[k].name;
		if (names)
			cgk_cgshcmd_filter(names, nd, w.prefix, NULL, NULL, &v, &n);
		free(names);
		break;
	case CGK_CGSH_ARG_CGROUP:
	case CGK_CGSH_ARG_CHILD: {
		char dir[CGK_PATH_MAX];
		char **all = NULL;
		size_t nall = 0;

		snprintf(dir, sizeof(dir), "%.*s", (int)w.dirlen, w.prefix);
		if (child_names(dir, &all, &nall) == 0) {
			cgk_cgshcmd_filter((const char *const *)all, nall, w.prefix, NULL, NULL, &v, &n);
			cgk_strv_free(all);
		}
		rl_completion_append_character = '\0';
		cand_strip = w.dirlen;
		if (w.dirlen)
			rl_completion_display_matches_hook = show_matches;
		if (w.kind == CGK_CGSH_ARG_CGROUP && !w.dirlen && *w.prefix &&
		    /* an id, a pod uid, or a container's name */
		    strspn(w.prefix, "0123456789abcdefghijklmnopqrstuvwxyz"
				     "ABCDEFGHIJKLMNOPQRSTUVWXYZ-_.") == strlen(w.prefix) &&
		    ctr_ids(w.prefix, &more, &nmore) == 0 && nmore) {
			char **u = realloc(v, (n + nmore + 1) * sizeof(*u));

			if (u) {
				v = u;
				for (size_t k = 0; k < nmore; k++)
					v[n++] = TAKE_PTR(more[k]);
				v[n] = NULL;
				rl_completion_append_character = ' ';
			}
			cgk_strv_free(more);
		} else {
			cgk_strv_free(more);
		}
		break;
	}
	case CGK_CGSH_ARG_KNOB: {
		bool set = streq(c.argv[0], "set");

		knob_names(set, !streq(c.argv[0], "cat"), set ? "=" : NULL, w.prefix, &v, &n);
		if (set)
			rl_completion_append_character = '\0';
		break;
	}
	case CGK_CGSH_ARG_VALUE: {
		const char *file = is_human(w.knob) ? cgk_apply_human_knob(w.knob) : w.knob;
		const struct cgk_knob *k = cgk_knob_find(file);

		if (k)
			cgk_cgshcmd_knob_values(k, w.prefix, &v, &n);
		break;
	}
	case CGK_CGSH_ARG_PROGRAM:
		rl_attempted_completion_over = 0;	/* readline's file names */
		break;
	default:
		break;
	}
	cgk_cgshcmd_ctx_done(&c);
	if (!v)
		return NULL;
	cands_set(v, n);
	return rl_completion_matches(text, cand_gen);
}

/* ---- the prompt and the interactive loop ---- */

static void prompt_text(char *buf, size_t size)
{
	char p[CGK_PATH_MAX], names[1024] = "";

	cgk_cgshcmd_prompt(cwd.label, p, sizeof(p));
	if (cwd.allowed != ALL)
		mask_names(cwd.allowed, names, sizeof(names));
	snprintf(buf, size, "%s%s%s> ", names, *names ? ":" : "", p);
}

static char *history_path(void)
{
	const char *home = getenv("HOME");
	struct stat st;
	char *p;

	if (!home || !*home) {
		struct passwd *pw = getpwuid(getuid());

		home = pw ? pw->pw_dir : NULL;
	}
	if (!home || asprintf(&p, "%s/.cgsh_history", home) < 0)
		return NULL;
	/*
	 * readline appends through a symlink: a link planted in a HOME that
	 * root runs cgsh with would get root's command lines written to any
	 * file. Only a regular file of our own, or none yet, is kept.
	 */
	if (lstat(p, &st) == 0 && (!S_ISREG(st.st_mode) || st.st_uid != getuid())) {
		fail(0, NULL, "%s: not a regular file of user %u: no history kept", p,
		     (unsigned)getuid());
		free(p);
		return NULL;
	}
	return p;
}

static char *got_line;
static bool line_ready, line_eof;

static void on_line(char *line)
{
	rl_callback_handler_remove();
	got_line = line;
	line_eof = !line;
	line_ready = true;
}

static void on_signal(int sig)
{
	if (sig == SIGINT)
		got_sigint = 1;
	else if (sig == SIGWINCH)
		got_winch = 1;
}

/* Read one line at PROMPT; NULL at the end of input; *CANCELLED on ^C. */
static char *read_line(const char *prompt, bool *cancelled)
{
	*cancelled = false;
	line_ready = line_eof = false;
	got_line = NULL;
	rl_callback_handler_install(prompt, on_line);
	while (!line_ready) {
		struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
		int r = poll(&pfd, 1, -1);

		if (got_winch) {
			got_winch = 0;
			rl_resize_terminal();
		}
		if (got_sigint) {
			got_sigint = 0;
			rl_free_line_state();
			rl_crlf();
			rl_replace_line("", 0);
			rl_callback_handler_remove();
			*cancelled = true;
			return NULL;
		}
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			rl_callback_handler_remove();
			return NULL;
		}
		rl_callback_read_char();
	}
	return got_line;
}

static int run_interactive(void)
{
	_cleanup_free_ char *hist = history_path(), *acc = NULL;
	size_t alen = 0, acap = 0;
	int st = 0;
	struct sigaction sa = { .sa_handler = on_signal };

	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGWINCH, &sa, NULL);
	/* handled (a no-op), not ignored: the children get the default back at exec */
	sigaction(SIGQUIT, &sa, NULL);
	sigaction(SIGTSTP, &sa, NULL);

	rl_readline_name = "cgsh";
	rl_catch_signals = 0;
	rl_catch_sigwinch = 0;
	rl_attempted_completion_function = complete;
	rl_completer_word_break_characters = (char *)" \t\n;=|&<>";
	rl_completer_quote_characters = "'\"";
	rl_basic_quote_characters = "'\"";
	using_history();
	stifle_history(HISTORY_MAX);
	if (hist && read_history(hist) == ENOENT) {
		int fd = open(hist, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);

		if (fd >= 0)
			close(fd);
	}

	while (exit_code < 0) {
		char prompt[CGK_PATH_MAX + 1100];
		bool cancelled;
		int failed;
		char *line;
		size_t pos, ln;
		struct cgk_cgshcmd *v;
		size_t nv;
		int r;

		if (alen)
			snprintf(prompt, sizeof(prompt), "> ");
		else
			prompt_text(prompt, sizeof(prompt));
		line = read_line(prompt, &cancelled);
		if (cancelled) {
			alen = 0;
			continue;
		}
		if (!line) {
			putchar('\n');
			break;
		}
		ln = strlen(line);
		if (alen + ln + 1 > CGK_CGSHCMD_LEN_MAX ||
		    cgk_grow((void **)&acc, &acap, alen + ln + 1, 1) < 0) {
			fail(0, NULL, "command line too long");
			free(line);
			alen = 0;
			continue;
		}
		if (alen)
			acc[alen++] = '\n';
		memcpy(acc + alen, line, ln);
		alen += ln;
		acc[alen] = '\0';
		free(line);
		r = cgk_cgshcmd_parse(acc, alen, &v, &nv, &pos);
		if (r == -EAGAIN)
			continue;	/* open quote or trailing backslash: "> " for more */
		if (r == 0)
			cgk_cgshcmd_free(v, nv);
		if (strspn(acc, " \t") < alen) {
			HIST_ENTRY *last = history_length ? history_get(history_base + history_length - 1) :
							    NULL;

			if (!last || !streq(last->line, acc)) {
				add_history(acc);
				if (hist)
					append_history(1, hist);
			}
		}
		st = run_text(acc, alen, 0, false, &failed);
		alen = 0;
	}
	if (hist)
		history_truncate_file(hist, HISTORY_MAX);
	rl_clear_history();
	cgk_strv_free(cands);
	cands = NULL;
	return exit_code >= 0 ? exit_code : st;
}

int main(int argc, char **argv)
{
	enum { OPT_RELATIVE = 0x100, OPT_SYSROOT };
	static const struct option lo[] = {
		{ "command", required_argument, NULL, 'c' },
		{ "keep-going", no_argument, NULL, 'k' },
		{ "relative", no_argument, NULL, OPT_RELATIVE },
		{ "sysroot", required_argument, NULL, OPT_SYSROOT },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	FILE *f = NULL;
	int c, r, st;

	atexit(close_stdout);
	argv[0] = program_invocation_short_name;	/* getopt's messages: "cgsh: ..." */
	while ((c = getopt_long(argc, argv, "+c:khV", lo, NULL)) != -1)
		switch (c) {
		case 'c': arg.command = optarg; break;
		case 'k': arg.keep_going = true; break;
		case OPT_RELATIVE: arg.relative = true; break;
		case OPT_SYSROOT: arg.sysroot = optarg; break;
		case 'h': usage(); break;
		case 'V': print_version(); break;
		default: errtryhelp(NULL);
		}
	if (argc - optind > 1)
		errtryhelp("%s: one SCRIPT at most", argv[optind + 1]);
	if (arg.command && optind < argc)
		errtryhelp("%s: -c takes the commands; no SCRIPT with it", argv[optind]);
	if (optind < argc) {
		f = fopen(argv[optind], "re");
		if (!f)
			die(-errno, "%s", argv[optind]);
	}

	r = cgk_hiers_load(arg.sysroot, arg.relative ? CGK_HIER_RELATIVE : 0, &H);
	if (r == -ENOENT)
		dief("%s: no cgroup hierarchy mounted", arg.sysroot);
	if (r < 0)
		die(r, "%s", arg.sysroot);
	ALL = H->n >= 64 ? UINT64_MAX : BIT(H->n) - 1;
	cwd.allowed = ALL;
	snprintf(cwd.label, sizeof(cwd.label), "/");

	if (!arg.command && !f && isatty(STDIN_FILENO))
		st = run_interactive();
	else
		st = run_script(f ? f : stdin, f ? argv[optind] : "standard input", arg.command);
	if (f)
		fclose(f);
	cgk_hiers_free(H);
	return st;
}
