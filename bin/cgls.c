/* SPDX-License-Identifier: MIT */
/* cgls - show cgroup trees, their processes, control values and containers */
#include <fcntl.h>
#include <fnmatch.h>
#include <getopt.h>
#include <inttypes.h>
#include <libsmartcols.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cgpath.h"
#include "container.h"
#include "hier.h"
#include "knob.h"
#include "names.h"
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
	bool raw, pairs, noheadings, bytes, output_all;	/* the table of -p, --containers */
	unsigned depth;
	const char *match, *ctrl, *sysroot, *pid, *output;
	const char **knobs;
	size_t nknobs;
	size_t columns;		/* 0: no ellipsizing */
} arg = { .depth = CGK_WALK_DEPTH_MAX, .sysroot = "/" };

static struct cgk_hiers *H;
static uint64_t allowed;	/* hierarchies the user lets us look at (-c) */

/* ---- the columns of --containers and -p ---- */

struct colinfo {
	const char *name;
	double whint;		/* width hint: columns, or a fraction of the terminal */
	int flags;		/* SCOLS_FL_* */
	int json;		/* SCOLS_JSON_* */
	const char *help;
};

enum {
	CC_RUNTIME, CC_ID, CC_NAME, CC_IMAGE, CC_POD, CC_CONTAINER, CC_POD_UID, CC_QOS,
	CC_PID, CC_CPUS, CC_MEMORY, CC_CGROUP,
};

static const struct colinfo ctr_cols[] = {
	[CC_RUNTIME]   = { "RUNTIME", 10, 0, SCOLS_JSON_STRING,
			   "docker, containerd, cri-o, podman or cri" },
	[CC_ID]        = { "ID", 12, 0, SCOLS_JSON_STRING,
			   "container id (12 characters in the table; whole with -l, -J, --raw, -P)" },
	[CC_NAME]      = { "NAME", 0.15, SCOLS_FL_TRUNC, SCOLS_JSON_STRING,
			   "container name, as the runtime names it" },
	[CC_IMAGE]     = { "IMAGE", 0.2, SCOLS_FL_TRUNC, SCOLS_JSON_STRING,
			   "image the container runs" },
	[CC_POD]       = { "POD", 0.2, SCOLS_FL_TRUNC, SCOLS_JSON_STRING,
			   "Kubernetes pod, as namespace/name" },
	[CC_CONTAINER] = { "CONTAINER", 0.1, SCOLS_FL_TRUNC, SCOLS_JSON_STRING,
			   "Kubernetes container name in its pod" },
	[CC_POD_UID]   = { "POD_UID", 36, 0, SCOLS_JSON_STRING,
			   "pod UID, from the kubelet's cgroup names" },
	[CC_QOS]       = { "QOS", 10, 0, SCOLS_JSON_STRING,
			   "pod QoS class: guaranteed, burstable, besteffort" },
	[CC_PID]       = { "PID", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			   "the container's init process" },
	[CC_CPUS]      = { "CPUS", 4, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			   "CPU quota in CPUs, or max" },
	[CC_MEMORY]    = { "MEMORY", 6, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			   "memory limit, or max" },
	[CC_CGROUP]    = { "CGROUP", 0.3, SCOLS_FL_TRUNC, SCOLS_JSON_STRING,
			   "the container's cgroup" },
};

static const size_t nctr_cols = ARRAY_SIZE(ctr_cols);

/* ID second and PID fifth, as before NAME and POD came: scripts that read
 * those fields of the default table (lxcfs-remount, tests/bench/ns, the
 * completions) keep working */
static const int ctr_default[] = {
	CC_RUNTIME, CC_ID, CC_NAME, CC_POD, CC_PID, CC_CPUS, CC_MEMORY,
};

enum { PC_CONTROLLERS, PC_PATH, PC_NAME, PC_VERSION, PC_FSPATH };

static const struct colinfo path_cols[] = {
	[PC_CONTROLLERS] = { "CONTROLLERS", 0.2, 0, SCOLS_JSON_STRING,
			     "the hierarchy's controllers, as lscgroup names it" },
	[PC_PATH]        = { "PATH", 0.5, SCOLS_FL_TRUNC, SCOLS_JSON_STRING,
			     "the cgroup's path, as the tree shows it" },
	[PC_NAME]        = { "NAME", 0.2, SCOLS_FL_TRUNC, SCOLS_JSON_STRING,
			     "the last component of PATH" },
	[PC_VERSION]     = { "VERSION", 1, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			     "cgroup version of the hierarchy, 1 or 2" },
	[PC_FSPATH]      = { "FSPATH", 0.5, SCOLS_FL_TRUNC, SCOLS_JSON_STRING,
			     "the cgroup's directory, below the hierarchy's mount point" },
};

static const size_t npath_cols = ARRAY_SIZE(path_cols);

static const int path_default[] = { PC_CONTROLLERS, PC_PATH };

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
	       "      --containers       list containers: runtime, id, name, pod, init, limits\n"
	       "      --pid PID          the cgroups of process PID\n"
	       "  -o, --output LIST      with -p, --containers: the columns (+LIST: added)\n"
	       "      --output-all       with -p, --containers: every column\n"
	       "  -J, --json             JSON output\n"
	       "      --raw              with -p, --containers: unaligned columns\n"
	       "  -P, --pairs            with -p, --containers: KEY=\"value\" pairs\n"
	       "  -n, --noheadings       with -p, --containers: no header line\n"
	       "  -b, --bytes            with --containers: MEMORY in bytes\n"
	       "      --relative         paths relative to the caller's own cgroup\n"
	       "      --sysroot DIR      read DIR/proc and DIR/sys/fs/cgroup\n"
	       "  -h, --help             show this help\n"
	       "  -V, --version          show the version\n",
	       program_invocation_short_name);
	fputs("\nAvailable output columns for --containers\n"
	      "(by default RUNTIME,ID,NAME,POD,PID,CPUS,MEMORY):\n", stdout);
	for (size_t i = 0; i < nctr_cols; i++)
		printf(" %11s  %s\n", ctr_cols[i].name, ctr_cols[i].help);
	fputs("\nAvailable output columns for -p\n(by default CONTROLLERS,PATH):\n", stdout);
	for (size_t i = 0; i < npath_cols; i++)
		printf(" %11s  %s\n", path_cols[i].name, path_cols[i].help);
	fputs("\nSee cgls(1).\n", stdout);
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

/* ---- the tables of --containers and -p (libsmartcols) ---- */

#define COLS_MAX 64
static int cols[COLS_MAX];	/* the columns shown, indexes into ctr_cols or path_cols */
static size_t ncols;

/* Does -p print the table rather than the lscgroup lines? */
static bool paths_table(void)
{
	return arg.output || arg.output_all || arg.json || arg.raw || arg.pairs || arg.noheadings;
}

static bool col_wanted(int id)
{
	for (size_t k = 0; k < ncols; k++)
		if (cols[k] == id)
			return true;
	return false;
}

/* Fill cols[] from -o (LIST, or +LIST after the defaults) or --output-all; exits on a bad name. */
static void cols_select(const struct colinfo *ci, size_t n, const int *def, size_t ndef)
{
	const char *p = arg.output;

	if (arg.output_all) {
		for (size_t i = 0; i < n; i++)
			cols[ncols++] = (int)i;
		return;
	}
	if (!p || *p == '+') {
		for (size_t i = 0; i < ndef; i++)
			cols[ncols++] = def[i];
		if (!p)
			return;
		p++;
	}
	for (;;) {
		size_t len = strcspn(p, ","), i;

		for (i = 0; i < n; i++)
			if (strlen(ci[i].name) == len && !strncasecmp(ci[i].name, p, len))
				break;
		if (!len)
			dief("-o '%s': empty column name", arg.output);
		if (i == n)
			dief("%.*s: unknown column (cgls --help lists them)", (int)len, p);
		if (ncols == COLS_MAX)
			dief("%s: more than %d columns", arg.output, COLS_MAX);
		cols[ncols++] = (int)i;
		if (!p[len])
			break;
		p += len + 1;
	}
}

/* A table NAME (the key of its JSON array) with the columns cols[] of CI. */
static struct libscols_table *table_new(const char *name, const struct colinfo *ci)
{
	struct libscols_table *tb = scols_new_table();

	if (!tb || scols_table_set_name(tb, name) < 0)
		die(-ENOMEM, "%s", name);
	scols_table_enable_json(tb, arg.json);
	scols_table_enable_raw(tb, arg.raw);
	scols_table_enable_export(tb, arg.pairs);
	scols_table_enable_shellvar(tb, arg.pairs);
	scols_table_enable_noheadings(tb, arg.noheadings);
	if (arg.full)
		scols_table_set_termforce(tb, SCOLS_TERMFORCE_NEVER);
	for (size_t k = 0; k < ncols; k++) {
		const struct colinfo *c = &ci[cols[k]];
		struct libscols_column *cl = scols_table_new_column(tb, c->name, c->whint, c->flags);

		if (!cl)
			die(-ENOMEM, "%s", c->name);
		if (arg.json)
			scols_column_set_json_type(cl, c->json);
	}
	return tb;
}

/* Set cell K of line LN to S; a value that does not apply (NULL) is '-' in
 * the table and with --raw, so every row has the same fields for awk and
 * read, and empty with -P and null with -J. */
static void cell_set(struct libscols_line *ln, size_t k, const char *s)
{
	if (!s && !arg.json && !arg.pairs)
		s = "-";
	if (scols_line_set_data(ln, k, s) < 0)
		die(-ENOMEM, "cell");
}

static void table_print(struct libscols_table *tb)
{
	int r = scols_print_table(tb);

	if (r < 0)
		die(r, "stdout");
	scols_unref_table(tb);
}

/* ---- --containers ---- */

enum ctr_label { LBL_NAME, LBL_IMAGE, LBL_POD, LBL_CONTAINER };

/*
 * What the runtime's own files call container C (lib/names): its name, its
 * image, its pod ("namespace/name") or its Kubernetes container name; NULL
 * when not known. The one place the NAME, IMAGE, POD and CONTAINER columns
 * come from. The pod is made in a static buffer: the caller copies it.
 */
static const char *ctr_label(const struct cgk_ctr *c, enum ctr_label what)
{
	static char pod[2 * CGK_NAME_MAX + 2];
	const struct cgk_name *nm = cgk_ctr_name(H, c);

	if (!nm)
		return NULL;
	switch (what) {
	case LBL_NAME:
		return nm->name;
	case LBL_IMAGE:
		return nm->image;
	case LBL_CONTAINER:
		return nm->container;
	case LBL_POD:
		if (!nm->pod_ns || !nm->pod_name)
			return NULL;
		snprintf(pod, sizeof(pod), "%s/%s", nm->pod_ns, nm->pod_name);
		return pod;
	}
	return NULL;
}

/* The text of column COL for container C, in BUF when it is made; NULL when it does not apply. */
static const char *ctr_cell(const struct cgk_ctr *c, int col, char *buf, size_t size)
{
	bool machine = arg.json || arg.raw || arg.pairs;
	double cpus;
	uint64_t mem;

	switch (col) {
	case CC_RUNTIME:
		return cgk_runtime_name(c->c.runtime);
	case CC_ID:
		snprintf(buf, size, "%.*s", arg.full || machine ? CGK_CTR_ID_MAX : 12, c->c.id);
		return buf;
	case CC_NAME:
		return ctr_label(c, LBL_NAME);
	case CC_IMAGE:
		return ctr_label(c, LBL_IMAGE);
	case CC_POD:
		return ctr_label(c, LBL_POD);
	case CC_CONTAINER:
		return ctr_label(c, LBL_CONTAINER);
	case CC_POD_UID:
		return *c->c.pod_uid ? c->c.pod_uid : NULL;
	case CC_QOS:
		return *cgk_qos_name(c->c.qos) ? cgk_qos_name(c->c.qos) : NULL;
	case CC_PID:
		if (!c->init)
			return NULL;
		snprintf(buf, size, "%d", (int)c->init);
		return buf;
	case CC_CPUS:
		cpus = ctr_cpus(c);
		if (cpus == -1 && !arg.json)
			return "max";
		if (cpus < 0)
			return NULL;	/* JSON: null for no quota, as for none known */
		snprintf(buf, size, "%.2f", cpus);
		return buf;
	case CC_MEMORY:
		mem = ctr_memory(c);
		if (mem == 0 || (mem == UINT64_MAX && arg.json))
			return NULL;
		if (mem == UINT64_MAX)
			return "max";
		if (arg.json || arg.bytes)
			snprintf(buf, size, "%" PRIu64, mem);
		else
			cgk_size_format(mem, buf, size);
		return buf;
	case CC_CGROUP:
		return c->user;
	}
	return NULL;
}

static void show_containers(struct cgk_target *roots, size_t nroots)
{
	struct libscols_table *tb;
	struct cgk_ctr *v;
	size_t n, bad;
	int r = cgk_ctrs_find(H, roots, nroots, CGK_CTRS_PROCS, &v, &n, &bad);

	if (r < 0)
		die(r, "%s", roots[bad].arg);
	tb = table_new("containers", ctr_cols);
	for (size_t j = 0; j < n; j++) {
		struct libscols_line *ln = scols_table_new_line(tb, NULL);

		if (!ln)
			die(-ENOMEM, "%s", v[j].user);
		if (col_wanted(CC_PID) && cgk_ns_find_init(H->procfd, v[j].pids, v[j].npids, &v[j].init) < 0)
			v[j].init = 0;
		for (size_t k = 0; k < ncols; k++) {
			char buf[CGK_CTR_ID_MAX + 32];

			cell_set(ln, k, ctr_cell(&v[j], cols[k], buf, sizeof(buf)));
		}
	}
	table_print(tb);
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

/* One table row for the cgroup PATH of hierarchy HI (mount-relative MREL, then REL below it). */
static void path_row(struct libscols_table *tb, const struct cgk_hier *hi, const char *path,
		     const char *mrel, const char *rel)
{
	struct libscols_line *ln = scols_table_new_line(tb, NULL);
	char buf[CGK_PATH_MAX * 3];
	const char *slash;

	if (!ln)
		die(-ENOMEM, "%s", path);
	for (size_t k = 0; k < ncols; k++) {
		const char *s = NULL;

		switch (cols[k]) {
		case PC_CONTROLLERS:
			s = hi->name;
			break;
		case PC_PATH:
			s = path;
			break;
		case PC_NAME:
			slash = strrchr(path, '/');
			s = slash && slash[1] ? slash + 1 : path;
			break;
		case PC_VERSION:
			s = hi->version == 2 ? "2" : "1";
			break;
		case PC_FSPATH:
			snprintf(buf, sizeof(buf), "%s%s%s%s%s", hi->mountpoint,
				 *mrel && !streq(hi->mountpoint, "/") ? "/" : "", mrel,
				 *rel ? "/" : "", rel);
			s = buf;
			break;
		}
		cell_set(ln, k, s);
	}
}

static void show_paths(struct cgk_target *t, struct libscols_table *tb)
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
		cgk_walk_no_leaf_fds(w);
		while ((r = cgk_walk_next(w, &e)) > 0) {
			char path[CGK_PATH_MAX * 2];

			if (!*e->path)
				snprintf(path, sizeof(path), "%s", t->label);
			else
				snprintf(path, sizeof(path), "%s/%s",
					 streq(t->label, "/") ? "" : t->label, e->path);
			if (!name_matches(*e->name ? e->name : path, path))
				continue;
			if (tb)
				path_row(tb, &H->v[i], path, t->mrel[i], e->path);
			else
				printf("%s:%s%c", H->v[i].name, path, arg.null ? '\0' : '\n');
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

/*
 * The tree's text for node N at PATH: its name, and for a container whose
 * runtime's files name it, that name after it: "docker-<id>.scope (web)".
 */
static const char *node_text(const struct cgk_node *n, const char *path, char *buf, size_t size)
{
	struct cgk_ctr c = { .init = 0 };
	pid_t pids[4];
	const struct cgk_name *nm;

	if (!cgk_container_parse(path, &c.c))
		return n->name;
	for (size_t j = 0; j < n->nprocs && c.npids < ARRAY_SIZE(pids); j++)
		pids[c.npids++] = n->procs[j]->pid;
	c.pids = pids;
	nm = cgk_ctr_name(H, &c);
	if (!nm || !nm->name)
		return n->name;
	snprintf(buf, size, "%s (%s)", n->name, nm->name);
	return buf;
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
		char note[1024] = "", sub[4096], text[CGK_PATH_MAX + CGK_NAME_MAX + 4];
		size_t l = strlen(c->name);

		char mine[1000], theirs[1000];

		/* v1: the hierarchies it is in; v2: its enabled controllers */
		node_ctrls(c, mine, sizeof(mine));
		node_ctrls(n, theirs, sizeof(theirs));
		if (c->hmask != n->hmask || !streq(mine, theirs))
			snprintf(note, sizeof(note), "[%s]", mine);
		path[plen] = '/';
		memcpy(path + plen + 1, c->name, l + 1);
		tree_line(prefix, last ? "└─" : "├─", node_text(c, path, text, sizeof(text)),
			  *note ? note : NULL, false);
		snprintf(sub, sizeof(sub), "%s%s", prefix, last ? "  " : "│ ");
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
	enum { OPT_DEPTH = 0x100, OPT_MATCH, OPT_CONTAINERS, OPT_PID, OPT_OUTPUT_ALL,
	       OPT_RAW, OPT_RELATIVE, OPT_SYSROOT };
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
		{ "output", required_argument, NULL, 'o' },
		{ "output-all", no_argument, NULL, OPT_OUTPUT_ALL },
		{ "json", no_argument, NULL, 'J' },
		{ "raw", no_argument, NULL, OPT_RAW },
		{ "pairs", no_argument, NULL, 'P' },
		{ "noheadings", no_argument, NULL, 'n' },
		{ "bytes", no_argument, NULL, 'b' },
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
	while ((c = getopt_long(argc, argv, "akc:lp0r:vHo:JPnbhV", lo, NULL)) != -1)
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
		case 'o': arg.output = optarg; break;
		case OPT_OUTPUT_ALL: arg.output_all = true; break;
		case 'J': arg.json = true; break;
		case OPT_RAW: arg.raw = true; break;
		case 'P': arg.pairs = true; break;
		case 'n': arg.noheadings = true; break;
		case 'b': arg.bytes = true; break;
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
	if ((arg.output || arg.output_all || arg.raw || arg.pairs || arg.noheadings || arg.bytes) &&
	    !arg.paths && !arg.containers)
		errtryhelp("-o, --output-all, --raw, -P, -n and -b go with -p or --containers");
	if (arg.json + arg.raw + arg.pairs > 1)
		errtryhelp("choose one of -J, --raw, -P");
	if (arg.output && arg.output_all)
		errtryhelp("choose one of -o, --output-all");
	if (arg.bytes && !arg.containers)
		errtryhelp("-b goes with --containers");
	if (arg.null && arg.paths && paths_table())
		errtryhelp("-0 goes with the CONTROLLERS:/path lines of -p, not with its table");
	if (arg.containers)
		cols_select(ctr_cols, ARRAY_SIZE(ctr_cols), ctr_default, ARRAY_SIZE(ctr_default));
	else if (arg.paths && paths_table())
		cols_select(path_cols, ARRAY_SIZE(path_cols), path_default, ARRAY_SIZE(path_default));

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
		struct libscols_table *tb = paths_table() ? table_new("cgroups", path_cols) : NULL;

		for (size_t k = 0; k < nt; k++)
			show_paths(&t[k], tb);
		if (tb)
			table_print(tb);
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
