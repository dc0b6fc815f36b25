/* SPDX-License-Identifier: MIT */
/* cgls - show cgroup trees, their processes, control values and containers */
#include <fcntl.h>
#include <fnmatch.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cgpath.h"
#include "container.h"
#include "hier.h"
#include "knob.h"
#include "xlate.h"
#include "ns.h"
#include "common/tool.h"
#include "target.h"
#include "tree.h"
#include "util.h"
#include "walk.h"

static struct {
	bool all, kthreads, full, paths, null, values, human, containers, json;
	bool relative, color;
	unsigned depth;
	const char *match, *ctrl, *sysroot, *pid;
	const char **knobs;
	size_t nknobs;
	size_t columns;		/* 0: no ellipsizing */
} arg = { .depth = CGK_WALK_DEPTH_MAX, .sysroot = "/" };

static struct cgk_hiers *H;
static uint64_t allowed;	/* hierarchies the user lets us look at (-c) */

static void usage(void)
{
	printf("Usage: %s [OPTIONS] [CGROUP...]\n\n"
	       "Show cgroup trees merged across hierarchies, with their processes,\n"
	       "control values and containers.\n\n"
	       "CGROUP is /a/b, ctrl[,ctrl]:/a/b, a full /sys/fs/cgroup/<ctrl>/a/b\n"
	       "path, a container id prefix (at least 4 hex digits), a container's\n"
	       "name, or a pod's NS/POD[/CONTAINER] (see cgkit(7)).\n\n"
	       "Options:\n"
	       "  -a, --all              show empty cgroups too\n"
	       "  -k                     show kernel threads\n"
	       "  -c, --controller CTRL  only the hierarchy holding CTRL\n"
	       "  -l, --full             do not ellipsize; full container ids\n"
	       "  -p, --paths            flat CONTROLLERS:/path lines, as lscgroup\n"
	       "  -0, --null             end -p and -v lines with NUL\n"
	       "      --depth N          descend at most N levels\n"
	       "      --match GLOB       only cgroups whose name (or path) matches\n"
	       "  -r, --read KNOB        print control values, as cgget (repeatable)\n"
	       "  -v, --values           with -r: values only\n"
	       "  -H, --human            with -r: CPUs, K/M/G, max\n"
	       "      --containers       list containers: runtime, id, pod, QoS, init, limits\n"
	       "      --pid PID          the cgroups of process PID\n"
	       "      --json             JSON output\n"
	       "      --relative         paths relative to the caller's own cgroup\n"
	       "      --sysroot DIR      read DIR/proc and DIR/sys/fs/cgroup\n"
	       "  -h, --help             show this help\n"
	       "  -V, --version          show the version\n\n"
	       "See cgls(1).\n", program_invocation_short_name);
	exit(EXIT_SUCCESS);
}

/* ---- output helpers ---- */

/* Print one tree line, ellipsized to the terminal width when asked. */
static void tree_line(const char *prefix, const char *glyph, const char *text,
		      const char *note, bool dim)
{
	char line[8192];
	size_t cols = 0, cut = 0, len;
	int n;

	n = snprintf(line, sizeof(line), "%s%s%s", prefix, glyph, text);
	if (n < 0)
		return;
	len = strlen(line);
	if (arg.columns) {
		for (size_t i = 0; i < len; i++) {
			if (((unsigned char)line[i] & 0xc0) == 0x80)
				continue;	/* UTF-8 continuation byte */
			if (cols == arg.columns - 1)
				cut = i;
			if (++cols > arg.columns) {
				/* narrower than the tree's own glyphs: the line whole */
				if (cut < strlen(prefix) + strlen(glyph))
					break;
				memcpy(line + cut, "\xe2\x80\xa6", 4);	/* … */
				note = NULL;
				len = cut + 3;
				break;
			}
		}
	}
	fwrite(line, 1, strlen(prefix) + strlen(glyph), stdout);
	if (dim && arg.color)
		fputs("\033[2m", stdout);
	fputs(line + strlen(prefix) + strlen(glyph), stdout);
	if (dim && arg.color)
		fputs("\033[0m", stdout);
	if (note && (!arg.columns || cols + strlen(note) + 1 <= arg.columns)) {
		fputs(arg.color ? " \033[2m" : " ", stdout);
		fputs(note, stdout);
		if (arg.color)
			fputs("\033[0m", stdout);
	}
	putchar('\n');
	(void)len;
}

static int first_bit(uint64_t mask)
{
	return mask ? __builtin_ctzll(mask) : -1;
}

/* ---- operands ---- */

/* Resolve operand S (lib target) or exit with cgls's message. */
static void resolve(const char *s, struct cgk_target *t)
{
	struct cgk_target_error e;
	int r = cgk_target_resolve(H, s, allowed, 0, t, &e);

	if (r == 0)
		return;
	if (r == -EXDEV)
		dief("%s: not in the hierarchy chosen with -c %s", s, arg.ctrl);
	target_die("", s, r, &e);
}

/* ---- containers ---- */

/* Read KNOB of a container in the hierarchy that holds its controller. */
static int ctr_read(const struct cgk_ctr *c, const char *knob, char **ret)
{
	int i, fd, r;

	if ((i = cgk_xlate_hier(H, knob)) < 0 || !c->mrel[i])
		return -ENOENT;
	fd = cgk_hier_open(&H->v[i], c->mrel[i], O_RDONLY);
	if (fd < 0)
		return fd;
	r = cgk_xlate_read(fd, H->v[i].version, knob, ret);
	close(fd);
	return r;
}

/* Read FILE of a container in CTL's hierarchy when that is the v2 one (cpu.max, memory.max). */
static int ctr_read_v2(const struct cgk_ctr *c, const char *ctl, const char *file, char **ret)
{
	int i = cgk_hiers_find(H, ctl), fd, r;

	if (i < 0 || !c->mrel[i] || H->v[i].version != 2)
		return -ENOENT;
	fd = cgk_hier_open(&H->v[i], c->mrel[i], O_PATH);
	if (fd < 0)
		return fd;
	r = cgk_read_at(fd, file, ret, NULL);
	close(fd);
	return r;
}

/* CPUs as a number (quota/period); -1 for no quota, -2 when unreadable. */
static double ctr_cpus(const struct cgk_ctr *c)
{
	_cleanup_free_ char *q = NULL, *p = NULL;
	int64_t quota;
	uint64_t period;

	/* v2: cpu.max is "QUOTA PERIOD" or "max PERIOD" */
	if (ctr_read_v2(c, "cpu", "cpu.max", &q) == 0) {
		char *sp = strchr(q, ' ');

		if (!sp || cgk_parse_u64(sp + 1, strcspn(sp + 1, "\n"), &period) < 0 || period == 0)
			return -2;
		if (!strncmp(q, "max ", 4))
			return -1;
		if (cgk_parse_s64(q, (size_t)(sp - q), &quota) < 0)
			return -2;
		return (double)quota / (double)period;
	}
	if (ctr_read(c, "cpu.cfs_quota_us", &q) < 0 || ctr_read(c, "cpu.cfs_period_us", &p) < 0 ||
	    cgk_parse_s64(q, strlen(q), &quota) < 0 || cgk_parse_u64(p, strlen(p), &period) < 0 ||
	    period == 0)
		return -2;
	return quota < 0 ? -1 : (double)quota / (double)period;
}

/* Memory limit in bytes; UINT64_MAX for none, 0 when unreadable. */
static uint64_t ctr_memory(const struct cgk_ctr *c)
{
	_cleanup_free_ char *m = NULL;
	uint64_t v;

	if (ctr_read_v2(c, "memory", "memory.max", &m) == 0) {
		if (!strncmp(m, "max", 3))
			return UINT64_MAX;
		return cgk_parse_u64(m, strcspn(m, "\n"), &v) < 0 ? 0 : v;
	}
	if (ctr_read(c, "memory.limit_in_bytes", &m) < 0 || cgk_parse_u64(m, strlen(m), &v) < 0)
		return 0;
	return v >= CGK_MEM_UNLIMITED ? UINT64_MAX : v;
}

/* ,"name":...,"image":...,"pod":"NS/POD","container":... from the runtime's files (lib/names.c) */
static void json_names(const struct cgk_ctr *c)
{
	const struct cgk_name *nm = cgk_ctr_name(H, c);

	fputs(",\"name\":", stdout);
	json_str_or_null(nm ? nm->name : NULL);
	fputs(",\"image\":", stdout);
	json_str_or_null(nm ? nm->image : NULL);
	fputs(",\"pod\":", stdout);
	if (nm && nm->pod_ns && nm->pod_name) {
		char pod[2 * CGK_NAME_MAX + 2];

		snprintf(pod, sizeof(pod), "%s/%s", nm->pod_ns, nm->pod_name);
		json_str(pod);
	} else {
		fputs("null", stdout);
	}
	fputs(",\"container\":", stdout);
	json_str_or_null(nm ? nm->container : NULL);
}

static void show_containers(struct cgk_target *roots, size_t nroots)
{
	struct cgk_ctr *v;
	size_t n, bad;
	int r = cgk_ctrs_find(H, roots, nroots, CGK_CTRS_PROCS, &v, &n, &bad);
	int idw = arg.full ? 64 : 12, podw = 3, cgw = 6;

	if (r < 0)
		die(r, "%s", roots[bad].arg);
	for (size_t k = 0; k < n; k++) {
		if (cgk_ns_find_init(H->procfd, v[k].pids, v[k].npids, &v[k].init) < 0)
			v[k].init = 0;
		if (*v[k].c.pod_uid)
			podw = 36;
		if ((int)strlen(v[k].user) > cgw)
			cgw = (int)strlen(v[k].user);
	}
	if (arg.json) {
		putchar('[');
		for (size_t k = 0; k < n; k++) {
			double cpus = ctr_cpus(&v[k]);
			uint64_t mem = ctr_memory(&v[k]);

			printf("%s{\"runtime\":", k ? "," : "");
			json_str(cgk_runtime_name(v[k].c.runtime));
			fputs(",\"id\":", stdout);
			json_str(v[k].c.id);
			fputs(",\"pod_uid\":", stdout);
			json_str_or_null(v[k].c.pod_uid);
			fputs(",\"qos\":", stdout);
			json_str_or_null(cgk_qos_name(v[k].c.qos));
			if (v[k].init)
				printf(",\"pid\":%d", (int)v[k].init);
			else
				fputs(",\"pid\":null", stdout);
			if (cpus >= 0)
				printf(",\"cpus\":%.2f", cpus);
			else
				fputs(",\"cpus\":null", stdout);
			if (mem != UINT64_MAX && mem != 0)
				printf(",\"memory_limit\":%" PRIu64, mem);
			else
				fputs(",\"memory_limit\":null", stdout);
			fputs(",\"cgroup\":", stdout);
			json_str(v[k].user);
			json_names(&v[k]);
			putchar('}');
		}
		puts("]");
		cgk_ctrs_free(v, n);
		return;
	}
	printf("%-10s %-*s %-*s %-10s %7s %5s %7s %s\n", "RUNTIME", idw, "ID", podw, "POD",
	       "QOS", "PID", "CPUS", "MEMORY", "CGROUP");
	for (size_t k = 0; k < n; k++) {
		char pid[16] = "-", cpus[32] = "-", mem[32] = "-";
		double c = ctr_cpus(&v[k]);
		uint64_t m = ctr_memory(&v[k]);
		const char *qos = cgk_qos_name(v[k].c.qos);

		if (v[k].init)
			snprintf(pid, sizeof(pid), "%d", (int)v[k].init);
		if (c >= 0)
			snprintf(cpus, sizeof(cpus), "%.2f", c);
		else if (c == -1)
			strcpy(cpus, "max");
		if (m != 0)
			cgk_size_format(m, mem, sizeof(mem));
		printf("%-10s %-*.*s %-*s %-10s %7s %5s %7s %s\n",
		       cgk_runtime_name(v[k].c.runtime), idw, idw, v[k].c.id, podw,
		       *v[k].c.pod_uid ? v[k].c.pod_uid : "-", *qos ? qos : "-", pid, cpus,
		       mem, v[k].user);
	}
	cgk_ctrs_free(v, n);
}

/* ---- --match ---- */

static bool name_matches(const char *name, const char *path)
{
	if (!arg.match)
		return true;
	if (strchr(arg.match, '/'))
		return fnmatch(arg.match, path, 0) == 0;
	return fnmatch(arg.match, name, 0) == 0;
}

/* ---- -p ---- */

static void show_paths(struct cgk_target *t, bool *first)
{
	for (size_t i = 0; i < H->n; i++) {
		const struct cgk_walk_entry *e;
		struct cgk_walk *w;
		int fd, r;

		if (!(t->hmask & (UINT64_C(1) << i)))
			continue;
		fd = cgk_hier_open(&H->v[i], t->mrel[i], O_RDONLY);
		if (fd < 0) {
			if (fd == -ENOENT)
				continue;	/* removed since resolved */
			die(fd, "%s", t->arg);
		}
		r = cgk_walk_open(fd, arg.depth, &w);
		if (r < 0)
			die(r, "%s", t->arg);
		while ((r = cgk_walk_next(w, &e)) > 0) {
			char path[CGK_PATH_MAX * 2];

			if (!*e->path)
				snprintf(path, sizeof(path), "%s", t->label);
			else
				snprintf(path, sizeof(path), "%s/%s",
					 streq(t->label, "/") ? "" : t->label, e->path);
			if (!name_matches(*e->name ? e->name : path, path))
				continue;
			if (arg.json) {
				fputs(*first ? "[" : ",", stdout);
				*first = false;
				fputs("{\"controllers\":", stdout);
				json_str(H->v[i].name);
				fputs(",\"path\":", stdout);
				json_str(path);
				putchar('}');
			} else {
				printf("%s:%s%c", H->v[i].name, path, arg.null ? '\0' : '\n');
			}
		}
		cgk_walk_free(w);
		close(fd);
		if (r < 0)
			die(r, "%s", t->arg);
	}
}

/* ---- -r ---- */

static void print_value(const char *knob, const char *raw, int version, int dfd)
{
	char human[256];
	const char *val = raw;

	if (arg.human) {
		char q1[32];
		uint64_t per;

		if (streq(knob, "cpu.max") && sscanf(raw, "%31s %" SCNu64, q1, &per) == 2) {
			int64_t q = -1;

			if (streq(q1, "max") || cgk_parse_s64(q1, strlen(q1), &q) == 0) {
				cgk_cpus_format(q, per, human, sizeof(human));
				val = human;
			}
		} else if (streq(knob, "cpu.cfs_quota_us")) {
			_cleanup_free_ char *p = NULL;
			int64_t q;

			if (cgk_xlate_read(dfd, version, "cpu.cfs_period_us", &p) == 0 &&
			    cgk_parse_s64(raw, strlen(raw), &q) == 0 &&
			    cgk_parse_u64(p, strlen(p), &per) == 0) {
				cgk_cpus_format(q, per, human, sizeof(human));
				val = human;
			}
		} else {
			cgk_knob_humanize(knob, raw, human, sizeof(human));
			val = human;
		}
	}
	if (arg.json) {
		json_str(knob);
		putchar(':');
		json_str(val);
		return;
	}
	if (arg.values) {
		printf("%s%c", val, arg.null ? '\0' : '\n');
		return;
	}
	printf("%s: ", knob);
	for (const char *p = val; *p; p++) {
		putchar(*p);
		if (*p == '\n' && p[1])
			putchar('\t');
	}
	putchar('\n');
}

/* The hierarchy of T serving KNOB (first of T's for generic files); exits when none. */
static int value_hier(const struct cgk_target *t, const char *knob)
{
	char ctl[64];
	int i;

	if (!cgk_knob_controller(knob, ctl, sizeof(ctl)) || strchr(knob, '/'))
		dief("%s: invalid control file name", knob);
	/* the hierarchy serving it, a v1 name on v2 or a v2 name on v1 too */
	i = cgk_xlate_hier_in(H, knob, t->hmask);
	if (i < 0 && i != -ENODATA)
		i = cgk_xlate_hier(H, knob);
	if (i == -ENODATA || (i == -ENOENT && !*ctl)) {
		i = first_bit(t->hmask);
	} else if (i == -EOPNOTSUPP) {
		const char *v = cgk_xlate_foreign(knob);

		dief("%s: has no cgroup %s meaning, and its controller is on cgroup %s here",
		     knob, v, v);
	} else if (i < 0) {
		dief("%s: no hierarchy holds controller '%s'", knob, *ctl ? ctl : "freezer");
	} else if (!(t->hmask & (UINT64_C(1) << i))) {
		dief("%s: %s does not exist in the %s hierarchy", knob, t->label, H->v[i].name);
	}
	return i;
}

static void show_values(struct cgk_target *t, size_t nth)
{
	for (size_t k = 0; k < arg.nknobs; k++)
		value_hier(t, arg.knobs[k]);	/* every knob checked before a line is printed */
	if (arg.json) {
		fputs(nth ? ",{\"path\":" : "[{\"path\":", stdout);
		json_str(t->label);
		fputs(",\"values\":{", stdout);
	} else if (!arg.values) {
		printf("%s:\n", t->label);
	}
	for (size_t k = 0; k < arg.nknobs; k++) {
		const char *knob = arg.knobs[k];
		_cleanup_free_ char *raw = NULL;
		int i = value_hier(t, knob), fd, r;

		fd = cgk_hier_open(&H->v[i], t->mrel[i], O_RDONLY);
		if (fd < 0)
			die(fd, "%s", t->label);
		r = cgk_xlate_read(fd, H->v[i].version, knob, &raw);
		if (r < 0) {
			close(fd);
			die(r, "%s: %s", t->label, knob);
		}
		if (arg.json && k)
			putchar(',');
		print_value(knob, raw, H->v[i].version, fd);
		close(fd);
	}
	if (arg.json)
		fputs("}}", stdout);
	else if (!arg.values)
		putchar('\n');
}

/* ---- --pid ---- */

static void show_pid(void)
{
	char *paths[CGK_HIER_MAX] = { 0 };
	unsigned long pid = parse_ulong_opt("--pid", arg.pid, INT32_MAX);
	bool first = true;
	int r;

	r = cgk_hiers_pid_paths(H, (pid_t)pid, paths);
	if (r == -ESRCH)
		dief("%s: no such process", arg.pid);
	if (r < 0)
		die(r, "%s", arg.pid);
	if (arg.json)
		putchar('[');
	for (size_t i = 0; i < H->n; i++) {
		char user[CGK_PATH_MAX];

		if (!paths[i] || !(allowed & (UINT64_C(1) << i)))
			continue;
		cgk_hier_user_path(&H->v[i], paths[i], user, sizeof(user));
		if (arg.json) {
			fputs(first ? "{\"controllers\":" : ",{\"controllers\":", stdout);
			json_str(H->v[i].name);
			fputs(",\"path\":", stdout);
			json_str(user);
			putchar('}');
		} else {
			printf("%s:%s\n", H->v[i].name, user);
		}
		first = false;
	}
	if (arg.json)
		puts("]");
	for (size_t i = 0; i < H->n; i++)
		free(paths[i]);
}

/* ---- the tree ---- */

/*
 * The controllers node N has, comma-joined: the names of the hierarchies it
 * exists in, and for a v2 one the cgroup's own cgroup.controllers where the
 * tree read them ("" when none).
 */
static void node_ctrls(const struct cgk_node *n, char *buf, size_t size)
{
	size_t off = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < H->n; i++) {
		const char *nm = H->v[i].name;
		int k;

		if (!(n->hmask & (UINT64_C(1) << i)))
			continue;
		if (H->v[i].version == 2 && n->v2ctrls)
			nm = n->v2ctrls;
		if (!*nm)
			continue;
		k = snprintf(buf + off, size - off, "%s%s", off ? "," : "", nm);
		if (k < 0 || (size_t)k >= size - off)
			break;
		off += k;
	}
}

static bool node_visible(const struct cgk_node *n)
{
	return arg.all || n->nprocs_rec > 0;
}

/* Does N or a descendant match --match (and is visible)? */
static bool node_keep(const struct cgk_node *n, char *path, size_t plen)
{
	bool keep;

	if (!node_visible(n))
		return false;
	if (!arg.match)
		return true;
	keep = name_matches(n->name, path);
	for (size_t j = 0; j < n->nchildren && !keep; j++) {
		const char *nm = n->children[j]->name;
		size_t l = strlen(nm);

		if (plen + l + 2 >= CGK_PATH_MAX)
			continue;
		path[plen] = '/';
		memcpy(path + plen + 1, nm, l + 1);
		keep = node_keep(n->children[j], path, plen + 1 + l);
		path[plen] = '\0';
	}
	return keep;
}

static void print_procs(const struct cgk_node *n, const char *prefix, bool more)
{
	char pid[32];
	int w = 1;

	for (size_t j = 0; j < n->nprocs; j++) {
		int d = snprintf(pid, sizeof(pid), "%d", (int)n->procs[j]->pid);

		if (d > w)
			w = d;
	}
	for (size_t j = 0; j < n->nprocs; j++) {
		const struct cgk_proc *p = n->procs[j];
		bool last = j + 1 == n->nprocs && !more;
		char text[8192];

		snprintf(text, sizeof(text), "%*d %s", w, (int)p->pid, p->cmdline);
		tree_line(prefix, last ? "└─" : "├─", text, NULL, p->kthread);
	}
}

static void print_node(const struct cgk_node *n, const char *prefix, char *path, size_t plen,
		       bool matched)
{
	const struct cgk_node *kids[4096];
	size_t nk = 0;
	bool self = matched || !arg.match || name_matches(n->name, path);

	for (size_t j = 0; j < n->nchildren && nk < ARRAY_SIZE(kids); j++) {
		const struct cgk_node *c = n->children[j];
		size_t l = strlen(c->name);

		if (plen + l + 2 >= CGK_PATH_MAX)
			continue;
		path[plen] = '/';
		memcpy(path + plen + 1, c->name, l + 1);
		if (node_keep(c, path, plen + 1 + l))
			kids[nk++] = c;
		path[plen] = '\0';
	}
	if (self)
		print_procs(n, prefix, nk > 0);
	for (size_t j = 0; j < nk; j++) {
		const struct cgk_node *c = kids[j];
		bool last = j + 1 == nk;
		char note[1024] = "", sub[4096];
		size_t l = strlen(c->name);

		char mine[1000], theirs[1000];

		/* v1: the hierarchies it is in; v2: its enabled controllers */
		node_ctrls(c, mine, sizeof(mine));
		node_ctrls(n, theirs, sizeof(theirs));
		if (c->hmask != n->hmask || !streq(mine, theirs))
			snprintf(note, sizeof(note), "[%s]", mine);
		tree_line(prefix, last ? "└─" : "├─", c->name, *note ? note : NULL, false);
		snprintf(sub, sizeof(sub), "%s%s", prefix, last ? "  " : "│ ");
		path[plen] = '/';
		memcpy(path + plen + 1, c->name, l + 1);
		print_node(c, sub, path, plen + 1 + l, false);
		path[plen] = '\0';
	}
}

static void json_node(const struct cgk_node *n, const char *path)
{
	char names[1000], sub[CGK_PATH_MAX * 2];
	bool first = true;

	fputs("{\"path\":", stdout);
	json_str(path);
	fputs(",\"controllers\":[", stdout);
	for (uint64_t m = n->hmask; m; m &= m - 1) {
		const struct cgk_hier *hi = &H->v[first_bit(m)];

		/* as in the tree: a v2 cgroup's own enabled controllers */
		if (hi->version == 2 && n->v2ctrls) {
			if (!*n->v2ctrls)
				continue;
			if (!first)
				putchar(',');
			json_str(n->v2ctrls);
		} else {
			if (!first)
				putchar(',');
			json_str(hi->name);
		}
		first = false;
	}
	first = true;
	fputs("],\"pids\":[", stdout);
	for (size_t j = 0; j < n->nprocs; j++)
		printf("%s%d", j ? "," : "", (int)n->procs[j]->pid);
	fputs("],\"children\":[", stdout);
	(void)names;
	for (size_t j = 0; j < n->nchildren; j++) {
		const struct cgk_node *c = n->children[j];

		snprintf(sub, sizeof(sub), "%s/%s", streq(path, "/") ? "" : path, c->name);
		if (!node_visible(c) || (arg.match && !node_keep(c, sub + 1, strlen(sub + 1))))
			continue;
		if (!first)
			putchar(',');
		first = false;
		json_node(c, sub);
	}
	fputs("]}", stdout);
}

static void show_tree(struct cgk_target *t, size_t idx)
{
	struct cgk_tree *tree;
	char path[CGK_PATH_MAX] = "";
	int r;

	r = cgk_tree_build(H, t->hmask, t->mrel, arg.depth,
			   CGK_TREE_PROCS | CGK_TREE_V2CTRLS |
			   (arg.kthreads ? CGK_TREE_KTHREADS : 0), &tree);
	if (r < 0)
		die(r, "%s", t->arg);
	if (arg.json) {
		if (idx)
			putchar(',');
		json_node(tree->root, t->label);
	} else {
		if (idx)
			putchar('\n');
		printf("Control group %s:\n", t->label);
		print_node(tree->root, "", path, 0, false);
	}
	cgk_tree_free(tree);
}

int main(int argc, char **argv)
{
	enum { OPT_DEPTH = 0x100, OPT_MATCH, OPT_CONTAINERS, OPT_PID, OPT_JSON,
	       OPT_RELATIVE, OPT_SYSROOT };
	static const struct option lo[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "controller", required_argument, NULL, 'c' },
		{ "full", no_argument, NULL, 'l' },
		{ "paths", no_argument, NULL, 'p' },
		{ "null", no_argument, NULL, '0' },
		{ "depth", required_argument, NULL, OPT_DEPTH },
		{ "match", required_argument, NULL, OPT_MATCH },
		{ "read", required_argument, NULL, 'r' },
		{ "values", no_argument, NULL, 'v' },
		{ "human", no_argument, NULL, 'H' },
		{ "containers", no_argument, NULL, OPT_CONTAINERS },
		{ "pid", required_argument, NULL, OPT_PID },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "relative", no_argument, NULL, OPT_RELATIVE },
		{ "sysroot", required_argument, NULL, OPT_SYSROOT },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct cgk_target *t;
	size_t nt;
	int c, r;

	atexit(close_stdout);
	argv[0] = program_invocation_short_name;	/* getopt's messages: "cgls: ..." */
	while ((c = getopt_long(argc, argv, "akc:lp0r:vHhV", lo, NULL)) != -1)
		switch (c) {
		case 'a': arg.all = true; break;
		case 'k': arg.kthreads = true; break;
		case 'c': arg.ctrl = optarg; break;
		case 'l': arg.full = true; break;
		case 'p': arg.paths = true; break;
		case '0': arg.null = true; break;
		case OPT_DEPTH:
			arg.depth = (unsigned)parse_ulong_opt("--depth", optarg, CGK_WALK_DEPTH_MAX);
			break;
		case OPT_MATCH: arg.match = optarg; break;
		case 'r':
			arg.knobs = realloc(arg.knobs, (arg.nknobs + 1) * sizeof(*arg.knobs));
			if (!arg.knobs)
				die(-ENOMEM, "-r");
			arg.knobs[arg.nknobs++] = optarg;
			break;
		case 'v': arg.values = true; break;
		case 'H': arg.human = true; break;
		case OPT_CONTAINERS: arg.containers = true; break;
		case OPT_PID: arg.pid = optarg; break;
		case OPT_JSON: arg.json = true; break;
		case OPT_RELATIVE: arg.relative = true; break;
		case OPT_SYSROOT: arg.sysroot = optarg; break;
		case 'h': usage(); break;
		case 'V': print_version(); break;
		default: errtryhelp(NULL);
		}
	if ((arg.values || arg.human) && !arg.nknobs)
		errtryhelp("-v and -H go with -r KNOB");
	if (arg.paths + !!arg.nknobs + arg.containers + !!arg.pid > 1)
		errtryhelp("choose one of -p, -r, --containers, --pid");
	if (arg.pid && optind < argc)
		errtryhelp("--pid takes no CGROUP operand");

	r = cgk_hiers_load(arg.sysroot, arg.relative ? CGK_HIER_RELATIVE : 0, &H);
	if (r == -ENOENT)
		dief("%s: no cgroup hierarchy mounted", arg.sysroot);
	if (r < 0)
		die(r, "%s", arg.sysroot);
	allowed = H->n >= 64 ? UINT64_MAX : (UINT64_C(1) << H->n) - 1;
	if (arg.ctrl) {
		int i = cgk_hiers_find(H, arg.ctrl);

		if (i < 0)
			errtryhelp("-c %s: no hierarchy holds this controller", arg.ctrl);
		allowed = UINT64_C(1) << i;
	}
	if (isatty(STDOUT_FILENO) && !arg.json) {
		struct winsize ws;
		const char *col = getenv("COLUMNS");
		uint64_t w;

		arg.color = !getenv("NO_COLOR");
		if (!arg.full) {
			/* a width, or the terminal's: atoi wrapped 4294967336 to 40 */
			if (col && cgk_parse_u64(col, strlen(col), &w) == 0 && w > 0 && w <= UINT16_MAX)
				arg.columns = (size_t)w;
			else if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
				arg.columns = ws.ws_col;
		}
	}
	if (arg.pid) {
		show_pid();
		cgk_hiers_free(H);
		return EXIT_SUCCESS;
	}

	nt = optind < argc ? (size_t)(argc - optind) : 1;
	t = calloc(nt, sizeof(*t));
	if (!t)
		die(-ENOMEM, "operands");
	if (optind < argc) {
		for (size_t k = 0; k < nt; k++)
			resolve(argv[optind + (int)k], &t[k]);
	} else {
		r = cgk_target_root(H, allowed, &t[0]);
		if (r < 0)
			die(r, "/");
	}

	if (arg.containers) {
		show_containers(t, nt);
	} else if (arg.paths) {
		bool first = true;

		for (size_t k = 0; k < nt; k++)
			show_paths(&t[k], &first);
		if (arg.json)
			puts(first ? "[]" : "]");
	} else if (arg.nknobs) {
		for (size_t k = 0; k < nt; k++)
			show_values(&t[k], k);
		if (arg.json)
			puts("]");
	} else {
		if (arg.json)
			putchar('[');
		for (size_t k = 0; k < nt; k++)
			show_tree(&t[k], k);
		if (arg.json)
			puts("]");
	}
	for (size_t k = 0; k < nt; k++)
		cgk_target_done(&t[k]);
	free(t);
	free(arg.knobs);
	cgk_hiers_free(H);
	return EXIT_SUCCESS;
}
