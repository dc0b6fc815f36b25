/* SPDX-License-Identifier: MIT */
/* cgtop - live per-cgroup CPU, throttling, memory, IO and task states */
#include <arpa/inet.h>
#include <curses.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <getopt.h>
#include <inttypes.h>
#include <langinfo.h>
#include <locale.h>
#include <math.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "hier.h"
#include "names.h"
#include "sample.h"
#include "target.h"
#include "common/tool.h"
#include "util.h"
#include "walk.h"

enum order { ORD_PATH, ORD_TASKS, ORD_CPU, ORD_MEMORY, ORD_IO, ORD_THROTTLE, ORD_WSET, ORD_PRESSURE };
enum format { F_TEXT, F_JSON, F_PROM };
enum count { C_TASKS, C_USER, C_ALL };

static const char *const order_names[] = {
	[ORD_PATH] = "path", [ORD_TASKS] = "tasks", [ORD_CPU] = "cpu", [ORD_MEMORY] = "memory",
	[ORD_IO] = "io", [ORD_THROTTLE] = "throttle", [ORD_WSET] = "wset",
	[ORD_PRESSURE] = "pressure",
};

static struct {
	enum order order;
	enum format format;
	enum count count;
	bool all, raw, cpu_time, batch, flat, recursive, relative, paused;
	bool depth_set;
	bool cadvisor;		/* --metrics=cadvisor */
	unsigned depth;
	uint64_t delay_ms;
	uint64_t iterations;	/* UINT64_MAX: until q */
	char filter[256];
	const char *sysroot;
	const char *listen;	/* --listen [ADDR:]PORT */
	const char *textfile;	/* --textfile DIR */
} arg = {
	.order = ORD_CPU, .recursive = true, .depth = 3, .delay_ms = 1000,
	.iterations = UINT64_MAX, .sysroot = "/",
};

static struct cgk_hiers *H;
static struct cgk_sampler *S;
static struct cgk_target T;
static bool utf8;
static bool curses_on;
static volatile sig_atomic_t got_signal;

static void usage(void)
{
	printf("Usage: %s [OPTIONS] [CGROUP]\n\n"
	       "Show cgroups by their CPU, throttling, memory, IO, pressure and task\n"
	       "states, merged across hierarchies (cgroup v1, v2 or both), refreshed\n"
	       "every DELAY seconds.\n\n"
	       "CGROUP is /a/b, ctrl[,ctrl]:/a/b, a full /sys/fs/cgroup/<ctrl>/a/b\n"
	       "path, a container id prefix (at least 4 hex digits), a container's\n"
	       "name, or a pod's NS/POD[/CONTAINER] (see cgkit(7)).\n\n"
	       "Options:\n"
	       "  -p, --order=path       order by path\n"
	       "  -t, --order=tasks      order by number of tasks or processes\n"
	       "  -c, --order=cpu        order by CPU load (default)\n"
	       "  -m, --order=memory     order by memory use\n"
	       "  -i, --order=io         order by IO load\n"
	       "      --order=throttle   order by CFS throttling\n"
	       "      --order=wset       order by working set\n"
	       "      --order=pressure   order by PSI stall (v2: the most of cpu, memory, io)\n"
	       "  -a, --all              show empty cgroups too\n"
	       "  -r, --raw              plain numbers: bytes, bytes/s, seconds\n"
	       "      --cpu=percentage   CPU as percent of one CPU (default)\n"
	       "      --cpu=time         CPU as time used\n"
	       "  -P                     count userspace processes instead of tasks\n"
	       "  -k                     count all processes, kernel threads too\n"
	       "      --recursive=BOOL   with -P or -k: add the descendants' processes\n"
	       "  -d, --delay=SECONDS    time between refreshes (default 1)\n"
	       "  -n, --iterations=N     stop after N refreshes\n"
	       "  -1                     one refresh (--iterations=1)\n"
	       "  -b, --batch            no screen handling, read no keys\n"
	       "      --depth=N          show N levels below the root (default 3)\n"
	       "  -f, --flat             full paths, not a tree\n"
	       "      --filter=GLOB      only cgroups whose path or name matches\n"
	       "      --format=FORMAT    text (default), json or prometheus\n"
	       "      --listen=[ADDR:]PORT\n"
	       "                         serve GET /metrics to Prometheus (ADDR 127.0.0.1)\n"
	       "      --textfile=DIR     write DIR/cgtop.prom every DELAY seconds\n"
	       "      --metrics=NAMES    prometheus names: cgkit (default) or cadvisor\n"
	       "      --relative         paths relative to the caller's own cgroup\n"
	       "      --sysroot=DIR      read DIR/proc and DIR/sys/fs/cgroup\n"
	       "  -h, --help             show this help\n"
	       "  -V, --version          show the version\n\n"
	       "Keys: p t c m i T w x order, %% percent/time, + - delay, P k process\n"
	       "counts, r recursive, f flat/tree, a empty cgroups, d depth, / filter,\n"
	       "space pause, "
	       "Enter processes, h ? help, q quit.\n\n"
	       "See cgtop(1).\n", program_invocation_short_name);
	exit(EXIT_SUCCESS);
}

/* ---- numbers as people read them ---- */

static void fmt_bytes(char *buf, size_t size, double v)
{
	static const char units[] = "BKMGTPE";
	unsigned u = 0;

	if (arg.raw) {
		snprintf(buf, size, "%.0f", v);
		return;
	}
	while (v >= 1024 && u + 1 < sizeof(units) - 1) {
		v /= 1024;
		u++;
	}
	if (u == 0)
		snprintf(buf, size, "%.0fB", v);
	else
		snprintf(buf, size, "%.1f%c", v, units[u]);
}

static void fmt_time(char *buf, size_t size, double sec)
{
	if (arg.raw || sec < 60)
		snprintf(buf, size, "%.2fs", sec);
	else if (sec < 3600)
		snprintf(buf, size, "%um%02us", (unsigned)(sec / 60), (unsigned)fmod(sec, 60));
	else
		snprintf(buf, size, "%uh%02um", (unsigned)(sec / 3600),
			 (unsigned)fmod(sec / 60, 60));
}

/* ---- columns ---- */

enum colid {
	K_TASKS, K_CPU, K_LIMIT, K_THR, K_THRS, K_MEM, K_WSET, K_MEMLIM, K_MEMPCT, K_IN, K_OUT,
	K_R, K_S, K_D, K_PCPU, K_PMEM, K_PIO, K_MEMHIGH, K_HIGHS, K_OOMK, NCOL
};

static const struct col {
	const char *title;
	int width;
	int prio;		/* lower stays longer on a narrow screen */
	int order;		/* the order it shows, or -1 */
	unsigned only;		/* shown only when a row has this (v2's values) */
} cols[NCOL] = {
	[K_TASKS] = { "Tasks", 6, 3, ORD_TASKS, 0 },
	[K_CPU] = { "%CPU", 7, 1, ORD_CPU, 0 },
	[K_LIMIT] = { "CPUs", 5, 5, -1, 0 },
	[K_THR] = { "Thr%", 5, 4, ORD_THROTTLE, 0 },
	[K_THRS] = { "Thr-s", 6, 13, -1, 0 },
	[K_MEM] = { "Memory", 8, 2, ORD_MEMORY, 0 },
	[K_WSET] = { "WSet", 8, 7, ORD_WSET, 0 },
	[K_MEMLIM] = { "MemLim", 8, 6, -1, 0 },
	[K_MEMPCT] = { "Mem%", 5, 8, -1, 0 },
	[K_IN] = { "Input/s", 8, 9, ORD_IO, 0 },
	[K_OUT] = { "Output/s", 8, 10, ORD_IO, 0 },
	[K_R] = { "R", 4, 11, -1, 0 },
	[K_S] = { "S", 4, 14, -1, 0 },
	[K_D] = { "D", 4, 12, -1, 0 },
	[K_PCPU] = { "CPU-P", 5, 15, ORD_PRESSURE, CGK_SV_PSI_CPU },
	[K_PMEM] = { "Mem-P", 5, 16, ORD_PRESSURE, CGK_SV_PSI_MEM },
	[K_PIO] = { "IO-P", 5, 17, ORD_PRESSURE, CGK_SV_PSI_IO },
	[K_MEMHIGH] = { "MemHigh", 8, 18, -1, CGK_SV_MEM_HIGH },
	[K_HIGHS] = { "High/s", 6, 19, -1, CGK_SV_MEM_EVENTS },
	[K_OOMK] = { "OOMk", 4, 20, -1, CGK_SV_MEM_EVENTS },
};

/* The text of column K for cgroup C into BUF ("-" when the system gives none). */
static void cell(const struct cgk_sample_cg *c, enum colid k, char *buf, size_t size)
{
	unsigned v = c->valid;

	snprintf(buf, size, "-");
	switch (k) {
	case K_TASKS:
		if (v & CGK_SV_TASKS)
			snprintf(buf, size, "%" PRIu64, c->tasks);
		break;
	case K_CPU:
		if (arg.cpu_time) {
			if (v & CGK_SV_CPU)
				fmt_time(buf, size, (double)c->cpu_ns / 1e9);
		} else if (v & CGK_SV_CPU_RATE) {
			snprintf(buf, size, "%.1f", c->cpu_percent);
		}
		break;
	case K_LIMIT:
		if (v & CGK_SV_CPU_LIMIT)
			snprintf(buf, size, "%.2f", c->cpu_limit);
		break;
	case K_THR:
		if (v & CGK_SV_THROTTLE_RATE)
			snprintf(buf, size, "%.1f", c->throttled_percent);
		break;
	case K_THRS:
		if (v & CGK_SV_THROTTLE_RATE)
			fmt_time(buf, size, c->throttled_sec);
		break;
	case K_MEM:
		if (v & CGK_SV_MEM)
			fmt_bytes(buf, size, (double)c->mem);
		break;
	case K_WSET:
		if (v & CGK_SV_WSET)
			fmt_bytes(buf, size, (double)c->wset);
		break;
	case K_MEMLIM:
		if (v & CGK_SV_MEM_LIMIT)
			fmt_bytes(buf, size, (double)c->mem_limit);
		break;
	case K_MEMPCT:
		if ((v & CGK_SV_MEM_LIMIT) && (v & CGK_SV_MEM) && c->mem_limit)
			snprintf(buf, size, "%.1f", (double)c->mem * 100.0 / (double)c->mem_limit);
		break;
	case K_IN:
		if (v & CGK_SV_IO_RATE)
			fmt_bytes(buf, size, c->io_read_bps);
		break;
	case K_OUT:
		if (v & CGK_SV_IO_RATE)
			fmt_bytes(buf, size, c->io_write_bps);
		break;
	case K_R:
		if (v & CGK_SV_STATES)
			snprintf(buf, size, "%" PRIu64, c->states.running);
		break;
	case K_S:
		if (v & CGK_SV_STATES)
			snprintf(buf, size, "%" PRIu64, c->states.sleeping);
		break;
	case K_D:
		if (v & CGK_SV_STATES)
			snprintf(buf, size, "%" PRIu64, c->states.uninterruptible);
		break;
	case K_PCPU:
	case K_PMEM:
	case K_PIO:
		if (v & cols[k].only)
			snprintf(buf, size, "%.1f", c->psi[k - K_PCPU].some_avg10);
		break;
	case K_MEMHIGH:
		if (v & CGK_SV_MEM_HIGH)
			fmt_bytes(buf, size, (double)c->mem_high);
		break;
	case K_HIGHS:
		if (v & CGK_SV_MEM_EVENTS_RATE)
			snprintf(buf, size, "%.0f", c->high_per_sec);
		break;
	case K_OOMK:
		if (v & CGK_SV_MEM_EVENTS)
			snprintf(buf, size, "%" PRIu64, c->mev.oom_kill);
		break;
	case NCOL:
		break;
	}
}

/* ---- rows: which cgroups, in which order ---- */

struct rows {
	size_t *idx;		/* into the sampler's cgroups */
	char **prefix;		/* tree glyphs before the name (tree mode) */
	size_t n;
};

static const struct cgk_sample_cg *CG;
static size_t NCG;

/* ---- names: what the runtimes' files say of the containers shown ---- */

/*
 * One cache for the run (lib/names): each container's files are read when
 * it is first shown and then only stat'ed, while their mtime holds; the
 * containers not shown in a refresh are forgotten at its end. NM[i] is
 * what it says of cgroup i of the last refresh (a container's; for a pod
 * cgroup, the pod's namespace and name from one of its containers): the
 * cache's own strings, which stay put until that container's next lookup
 * or a sweep that forgets it, both in the next names_update (nothing is
 * copied each refresh).
 */
struct shown_name {
	const char *name, *image, *pod_ns, *pod_name, *container;
	bool set;
};
static struct cgk_names *NC;
static struct shown_name *NM;
static size_t NM_N, NM_CAP;
static size_t *NM_SET, NM_NSET;	/* the indices set in NM: cleared one by one */

/* Containers' inits, found once each (cgroup.procs) for lib/names to
 * follow to their shim or conmon: open addressing by id. An entry is seen
 * in refresh SEEN; those not seen in the last one go at its end. */
struct init_ent {
	char id[CGK_CTR_ID_MAX + 1];
	pid_t init;
	unsigned long seen;
};
static struct init_ent *INITS;
static size_t INITS_CAP, INITS_N, INITS_SEEN;
static unsigned long INITS_GEN = 1;

static uint64_t id_hash(const char *s)
{
	uint64_t x = 0xcbf29ce484222325ULL;

	for (; *s; s++)
		x = (x ^ (unsigned char)*s) * 0x100000001b3ULL;
	return x ^ (x >> 29);
}

static struct init_ent *init_slot(struct init_ent *v, size_t cap, const char *id)
{
	size_t k = id_hash(id) & (cap - 1);

	while (v[k].id[0] && strcmp(v[k].id, id))
		k = (k + 1) & (cap - 1);
	return &v[k];
}

/* Keep the entries seen in this refresh, or ALL (in a table of room for
 * twice as many as WANT). */
static void inits_rehash(size_t want, bool all)
{
	size_t cap = 64, n = 0, seen = 0;
	struct init_ent *v;

	while (cap < 2 * want + 2)
		cap *= 2;
	v = calloc(cap, sizeof(*v));
	if (!v)
		die(-ENOMEM, "names");
	for (size_t k = 0; k < INITS_CAP; k++)
		if (INITS[k].id[0] && (all || INITS[k].seen == INITS_GEN)) {
			*init_slot(v, cap, INITS[k].id) = INITS[k];
			n++;
			seen += INITS[k].seen == INITS_GEN;
		}
	free(INITS);
	INITS = v;
	INITS_CAP = cap;
	INITS_N = n;
	INITS_SEEN = seen;
}

/* At a refresh's end: forget the inits of containers it did not show
 * (a new table only when there are such). */
static void inits_end(void)
{
	if (INITS_SEEN < INITS_N)
		inits_rehash(INITS_SEEN, false);
	INITS_GEN++;
	INITS_SEEN = 0;
}

/* The init of container cgroup I: found on its first refresh, then kept. */
static pid_t init_of(size_t i)
{
	struct init_ent *e;

	if (2 * (INITS_N + 1) > INITS_CAP)
		inits_rehash(INITS_N + 1 > NCG ? INITS_N + 1 : NCG, true);
	e = init_slot(INITS, INITS_CAP, CG[i].ctr.id);
	if (!e->id[0]) {
		snprintf(e->id, sizeof(e->id), "%s", CG[i].ctr.id);
		if (cgk_sampler_init(S, i, &e->init) < 0)
			e->init = 0;
		INITS_N++;
	}
	if (e->seen != INITS_GEN) {
		e->seen = INITS_GEN;
		INITS_SEEN++;
	}
	return e->init;
}

static bool hidden(const struct cgk_sample_cg *c);

/* Within the depth, or a pod's container one level past it (cgtop(1), DEPTH). */
static bool in_depth(const struct cgk_sample_cg *c)
{
	return c->depth <= arg.depth ||
	       (c->depth == arg.depth + 1 && c->parent != CGK_SAMPLE_NONE && CG[c->parent].pod);
}

/* After each refresh: the names of the containers it shows, one lookup
 * each, then one sweep. */
static void names_update(void)
{
	CG = cgk_sampler_cgroups(S, &NCG);
	for (size_t k = 0; k < NM_NSET; k++)
		NM[NM_SET[k]].set = false;
	NM_NSET = 0;
	if (NCG > NM_CAP) {
		free(NM);
		free(NM_SET);
		NM_CAP = NCG + NCG / 2;
		NM = calloc(NM_CAP, sizeof(*NM));
		NM_SET = calloc(NM_CAP, sizeof(*NM_SET));
		if (!NM || !NM_SET)
			die(-ENOMEM, "names");
	}
	NM_N = NCG;
	if (!NC) {
		struct cgk_names_conf conf;

		cgk_names_conf_env(&conf);
		NC = cgk_names_new(H->rootfd, H->procfd, &conf);
		if (!NC)
			die(-ENOMEM, "names");
	}
	for (size_t i = 0; i < NCG; i++) {
		const struct cgk_sample_cg *c = &CG[i];
		const struct cgk_name *nm;
		struct shown_name *pod;

		if (!c->container || !in_depth(c) || hidden(c) ||
		    !(nm = cgk_names_get(NC, &c->ctr, init_of(i))))
			continue;
		if (!NM[i].set)
			NM_SET[NM_NSET++] = i;	/* (a pod's row set from below is listed) */
		NM[i] = (struct shown_name){
			.name = nm->name, .image = nm->image, .pod_ns = nm->pod_ns,
			.pod_name = nm->pod_name, .container = nm->container, .set = true,
		};
		/* its pod's row: the pod's namespace and name */
		if (!nm->pod_name || c->parent == CGK_SAMPLE_NONE || !CG[c->parent].pod)
			continue;
		pod = &NM[c->parent];
		if (!pod->set) {
			*pod = (struct shown_name){ .pod_ns = nm->pod_ns, .pod_name = nm->pod_name,
						    .set = true };
			NM_SET[NM_NSET++] = c->parent;
		}
	}
	cgk_names_sweep(NC);
	inits_end();
}

static void names_free(void)
{
	cgk_names_free(NC);
	free(NM);
	free(NM_SET);
	free(INITS);
}

/* The name of cgroup I (container or pod), or NULL. */
static const struct shown_name *name_of(const struct cgk_sample_cg *c)
{
	size_t i = (size_t)(c - CG);

	return i < NCG && i < NM_N && NM[i].set ? &NM[i] : NULL;
}

/* The sort key of C: larger first; -1 for none. */
static double key_of(const struct cgk_sample_cg *c)
{
	unsigned v = c->valid;

	switch (arg.order) {
	case ORD_TASKS:
		return v & CGK_SV_TASKS ? (double)c->tasks : -1;
	case ORD_CPU:
		if (arg.cpu_time)
			return v & CGK_SV_CPU ? (double)c->cpu_ns : -1;
		return v & CGK_SV_CPU_RATE ? c->cpu_percent : -1;
	case ORD_MEMORY:
		return v & CGK_SV_MEM ? (double)c->mem : -1;
	case ORD_IO:
		return v & CGK_SV_IO_RATE ? c->io_read_bps + c->io_write_bps : -1;
	case ORD_THROTTLE:
		return v & CGK_SV_THROTTLE_RATE ? c->throttled_percent * 1e6 + c->throttled_sec : -1;
	case ORD_WSET:
		return v & CGK_SV_WSET ? (double)c->wset : -1;
	case ORD_PRESSURE: {
		double m = -1;

		for (int k = 0; k < CGK_PSI_N; k++)
			if ((v & (CGK_SV_PSI_CPU << k)) && c->psi[k].some_avg10 > m)
				m = c->psi[k].some_avg10;
		return m;
	}
	case ORD_PATH:
		break;
	}
	return 0;
}

static int row_cmp(const void *a, const void *b)
{
	const struct cgk_sample_cg *x = &CG[*(const size_t *)a], *y = &CG[*(const size_t *)b];

	if (arg.order != ORD_PATH) {
		double kx = key_of(x), ky = key_of(y);

		if (kx != ky)
			return kx > ky ? -1 : 1;
	}
	return strcmp(x->path, y->path);
}

/*
 * The name a row shows: a container's name with its runtime and short id
 * ("web (docker:4c46475c05c0)"), or runtime and short id alone; a pod's
 * NS/POD with its uid and QoS. BRIEF leaves the id out of a named one.
 */
static void display_name_as(const struct cgk_sample_cg *c, bool brief, char *buf, size_t size)
{
	const struct shown_name *nm = c->container || c->pod ? name_of(c) : NULL;

	if (c->container) {
		const char *rt = cgk_runtime_name(c->ctr.runtime);

		if (nm && nm->name && brief)
			snprintf(buf, size, "%s", nm->name);
		else if (nm && nm->name)
			snprintf(buf, size, "%s (%s:%.12s)", nm->name, *rt ? rt : "container", c->ctr.id);
		else
			snprintf(buf, size, "%s:%.12s", *rt ? rt : "container", c->ctr.id);
	} else if (c->pod) {
		const char *q = cgk_qos_name(c->ctr.qos);

		if (nm && nm->pod_name && brief)
			snprintf(buf, size, "%s/%s", nm->pod_ns ? nm->pod_ns : "", nm->pod_name);
		else if (nm && nm->pod_name)
			snprintf(buf, size, "%s/%s (pod:%s%s%s)", nm->pod_ns ? nm->pod_ns : "",
				 nm->pod_name, c->ctr.pod_uid, *q ? " " : "", q);
		else
			snprintf(buf, size, "pod:%s%s%s%s", c->ctr.pod_uid, *q ? " (" : "", q,
				 *q ? ")" : "");
	} else {
		snprintf(buf, size, "%s", c->name);
	}
}

static void display_name(const struct cgk_sample_cg *c, char *buf, size_t size)
{
	display_name_as(c, false, buf, size);
}

/* The path a row shows in flat mode: the parent's path and display name. */
static void display_path(const struct cgk_sample_cg *c, char *buf, size_t size)
{
	char name[512];

	if (c->parent == CGK_SAMPLE_NONE || (!c->container && !c->pod)) {
		snprintf(buf, size, "%s", c->path);
		return;
	}
	display_name(c, name, sizeof(name));
	snprintf(buf, size, "%.*s%s", (int)(c->name - c->path), c->path, name);
}

/* Empty cgroups are not shown without -a, as systemd-cgtop does not. */
static bool hidden(const struct cgk_sample_cg *c)
{
	return !arg.all && c->parent != CGK_SAMPLE_NONE && (c->valid & CGK_SV_TASKS) && !c->tasks;
}

static bool matches(const struct cgk_sample_cg *c)
{
	char name[512], path[CGK_PATH_MAX + 512];

	if (!*arg.filter)
		return true;
	display_name(c, name, sizeof(name));
	display_path(c, path, sizeof(path));
	if (!fnmatch(arg.filter, c->path, 0) || !fnmatch(arg.filter, c->name, 0) ||
	    !fnmatch(arg.filter, name, 0) || !fnmatch(arg.filter, path, 0))
		return true;
	display_name_as(c, true, name, sizeof(name));
	return !fnmatch(arg.filter, name, 0);
}

static void rows_free(struct rows *r)
{
	for (size_t k = 0; k < r->n; k++)
		free(r->prefix[k]);
	free(r->idx);
	free(r->prefix);
	memset(r, 0, sizeof(*r));
}

struct kids {
	size_t *v;
	size_t *off;	/* children of i: v[off[i] .. off[i + 1]) */
};

static void tree_rows(struct rows *r, const struct kids *k, const bool *keep, size_t i,
		      const char *prefix, bool last, bool root)
{
	size_t nk = 0, *sorted;
	char *mine;

	if (root)
		mine = strdup("");
	else if (asprintf(&mine, "%s%s", prefix, last ? (utf8 ? "└─" : "`-") :
					    (utf8 ? "├─" : "|-")) < 0)
		mine = NULL;
	if (!mine)
		die(-ENOMEM, "rows");
	r->idx[r->n] = i;
	r->prefix[r->n++] = mine;
	sorted = malloc((k->off[i + 1] - k->off[i] + 1) * sizeof(*sorted));
	if (!sorted)
		die(-ENOMEM, "rows");
	for (size_t j = k->off[i]; j < k->off[i + 1]; j++)
		if (keep[k->v[j]])
			sorted[nk++] = k->v[j];
	qsort(sorted, nk, sizeof(*sorted), row_cmp);
	for (size_t j = 0; j < nk; j++) {
		char *sub;

		if (asprintf(&sub, "%s%s", prefix, root ? "" : last ? "  " :
				       (utf8 ? "│ " : "| ")) < 0)
			die(-ENOMEM, "rows");
		tree_rows(r, k, keep, sorted[j], sub, j + 1 == nk, false);
		free(sub);
	}
	free(sorted);
}

/* Choose and order the rows of the last refresh. */
static void make_rows(struct rows *r)
{
	bool *keep;

	CG = cgk_sampler_cgroups(S, &NCG);
	r->n = 0;
	r->idx = calloc(NCG + 1, sizeof(*r->idx));
	r->prefix = calloc(NCG + 1, sizeof(*r->prefix));
	keep = calloc(NCG + 1, sizeof(*keep));
	if (!r->idx || !r->prefix || !keep)
		die(-ENOMEM, "rows");
	for (size_t i = 0; i < NCG; i++)
		keep[i] = in_depth(&CG[i]) && !hidden(&CG[i]) && matches(&CG[i]);
	if (arg.flat) {
		for (size_t i = 0; i < NCG; i++)
			if (keep[i]) {
				r->idx[r->n] = i;
				if (!(r->prefix[r->n++] = strdup("")))
					die(-ENOMEM, "rows");
			}
		qsort(r->idx, r->n, sizeof(*r->idx), row_cmp);
	} else if (NCG) {
		struct kids k;
		size_t *fill;

		/* a match keeps its ancestors, so that the tree still reads */
		for (size_t i = NCG; i-- > 1;)
			if (keep[i])
				keep[CG[i].parent] = true;
		k.off = calloc(NCG + 1, sizeof(*k.off));
		k.v = calloc(NCG + 1, sizeof(*k.v));
		fill = calloc(NCG + 1, sizeof(*fill));
		if (!k.off || !k.v || !fill)
			die(-ENOMEM, "rows");
		for (size_t i = 1; i < NCG; i++)
			fill[CG[i].parent]++;
		for (size_t i = 0; i < NCG; i++)
			k.off[i + 1] = k.off[i] + fill[i];
		memset(fill, 0, (NCG + 1) * sizeof(*fill));
		for (size_t i = 1; i < NCG; i++)
			k.v[k.off[CG[i].parent] + fill[CG[i].parent]++] = i;
		if (keep[0])
			tree_rows(r, &k, keep, 0, "", true, true);
		free(k.off);
		free(k.v);
		free(fill);
	}
	free(keep);
}

/* ---- text ---- */

/* Columns that fit in WIDTH with a path column of at least PATHMIN; v2's
 * columns only where a cgroup of the last refresh has their value (a v1
 * host, a kernel without PSI: absent, not zero). */
static void fit_columns(int width, int pathmin, bool *on)
{
	int used = pathmin;

	for (int k = 0; k < NCOL; k++) {
		on[k] = !cols[k].only;
		for (size_t i = 0; i < NCG && !on[k]; i++)
			on[k] = CG[i].valid & cols[k].only;
		if (on[k])
			used += cols[k].width + 1;
	}
	while (width > 0 && used > width) {
		int worst = -1;

		for (int k = 0; k < NCOL; k++)
			if (on[k] && (worst < 0 || cols[k].prio > cols[worst].prio))
				worst = k;
		if (worst < 0)
			break;
		on[worst] = false;
		used -= cols[worst].width + 1;
	}
}

/* UTF-8 aware: copy S into BUF cut or padded to exactly W columns. */
static void fit(char *buf, size_t size, const char *s, int w)
{
	size_t o = 0;
	int col = 0;
	const char *p = s;

	while (*p && col < w) {
		size_t l = 1;

		while ((p[l] & 0xc0) == 0x80)
			l++;
		if (col == w - 1 && p[l]) {
			/* one column left and more to come: ellipsis */
			const char *e = utf8 ? "\xe2\x80\xa6" : "~";

			if (o + strlen(e) < size) {
				memcpy(buf + o, e, strlen(e));
				o += strlen(e);
			}
			col++;
			p = "";
			break;
		}
		if (o + l >= size)
			break;
		memcpy(buf + o, p, l);
		o += l;
		p += l;
		col++;
	}
	while (col < w && o + 1 < size) {
		buf[o++] = ' ';
		col++;
	}
	buf[o] = '\0';
}

/* A row's name: the full path when flat or at the top, else the last
 * component; BRIEF: a named container or pod without its id. */
static void row_name(const struct cgk_sample_cg *c, bool brief, char *name, size_t size)
{
	if (arg.flat)
		display_path(c, name, size);
	else if (c->parent == CGK_SAMPLE_NONE)
		snprintf(name, size, "%s", c->path);
	else
		display_name_as(c, brief, name, size);
}

static int str_cols(const char *s);

/* Append " TEXT", right-aligned in WIDTH, at *O of BUF (truncated at SIZE). */
static void add_cell(char *buf, size_t size, size_t *o, int width, const char *text)
{
	int n;

	if (*o >= size)
		return;
	n = snprintf(buf + *o, size - *o, " %*s", width, text);
	if (n > 0)
		*o += (size_t)n < size - *o ? (size_t)n : size - *o - 1;
}

/* One row's text: path column of PW columns, then the columns in ON. */
static void row_text(const struct rows *r, size_t k, int pw, const bool *on, char *buf, size_t size)
{
	const struct cgk_sample_cg *c = &CG[r->idx[k]];
	char name[CGK_PATH_MAX + 512], first[CGK_PATH_MAX + 1024];
	size_t o;

	row_name(c, false, name, sizeof(name));
	/* the short id where space allows */
	if (str_cols(r->prefix[k]) + str_cols(name) > pw)
		row_name(c, true, name, sizeof(name));
	snprintf(first, sizeof(first), "%s%s", r->prefix[k], name);
	fit(buf, size, first, pw);
	o = strlen(buf);
	for (int j = 0; j < NCOL; j++) {
		char v[64];

		if (!on[j])
			continue;
		cell(c, (enum colid)j, v, sizeof(v));
		add_cell(buf, size, &o, cols[j].width, v);
	}
}

static void header_text(int pw, const bool *on, char *buf, size_t size)
{
	size_t o;

	fit(buf, size, "Control Group", pw);
	o = strlen(buf);
	for (int j = 0; j < NCOL; j++)
		if (on[j])
			add_cell(buf, size, &o, cols[j].width,
				 j == K_CPU && arg.cpu_time ? "CPUTime" : cols[j].title);
}

static int str_cols(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

static int path_width(const struct rows *r)
{
	int w = (int)strlen("Control Group");

	for (size_t k = 0; k < r->n; k++) {
		const struct cgk_sample_cg *c = &CG[r->idx[k]];
		char name[CGK_PATH_MAX + 512];
		int l;

		row_name(c, false, name, sizeof(name));
		l = str_cols(r->prefix[k]) + str_cols(name);
		if (l > w)
			w = l;
	}
	return w;
}

static void print_text(bool header)
{
	struct rows r = { 0 };
	bool on[NCOL];
	char line[CGK_PATH_MAX + 2048];
	int pw;

	make_rows(&r);
	pw = path_width(&r);
	fit_columns(0, pw, on);
	if (header) {
		header_text(pw, on, line, sizeof(line));
		puts(line);
	}
	for (size_t k = 0; k < r.n; k++) {
		row_text(&r, k, pw, on, line, sizeof(line));
		puts(line);
	}
	putchar('\n');
	rows_free(&r);
}

/* ---- JSON ---- */

static void json_u64(const char *key, bool ok, uint64_t v)
{
	if (ok)
		printf(",\"%s\":%" PRIu64, key, v);
	else
		printf(",\"%s\":null", key);
}

static void json_dbl(const char *key, bool ok, double v, int prec)
{
	if (ok && isfinite(v))
		printf(",\"%s\":%.*f", key, prec, v);
	else
		printf(",\"%s\":null", key);
}

static void print_json(void)
{
	struct rows r = { 0 };
	struct timespec now;

	clock_gettime(CLOCK_REALTIME, &now);
	make_rows(&r);
	printf("{\"time\":%lld.%03ld,\"cgroups\":[", (long long)now.tv_sec, now.tv_nsec / 1000000);
	for (size_t k = 0; k < r.n; k++) {
		const struct cgk_sample_cg *c = &CG[r.idx[k]];
		const struct shown_name *nm = name_of(c);
		unsigned v = c->valid;
		bool first = true, st = v & CGK_SV_STATES;

		printf("%s{\"path\":", k ? "," : "");
		json_str(c->path);
		fputs(",\"controllers\":[", stdout);
		for (size_t i = 0; i < H->n; i++) {
			if (!(c->hmask & (UINT64_C(1) << i)))
				continue;
			if (!first)
				putchar(',');
			first = false;
			json_str(H->v[i].name);
		}
		putchar(']');
		json_u64("tasks", v & CGK_SV_TASKS, c->tasks);
		json_dbl("cpu_percent", v & CGK_SV_CPU_RATE, c->cpu_percent, 2);
		json_dbl("cpu_seconds", v & CGK_SV_CPU, (double)c->cpu_ns / 1e9, 3);
		json_dbl("cpu_limit", v & CGK_SV_CPU_LIMIT, c->cpu_limit, 2);
		json_dbl("throttled_percent", v & CGK_SV_THROTTLE_RATE, c->throttled_percent, 2);
		json_dbl("throttled_seconds", v & CGK_SV_THROTTLE_RATE, c->throttled_sec, 3);
		json_u64("memory_bytes", v & CGK_SV_MEM, c->mem);
		json_u64("working_set_bytes", v & CGK_SV_WSET, c->wset);
		json_u64("memory_limit_bytes", v & CGK_SV_MEM_LIMIT, c->mem_limit);
		json_dbl("memory_percent", (v & CGK_SV_MEM_LIMIT) && (v & CGK_SV_MEM) && c->mem_limit,
			 c->mem_limit ? (double)c->mem * 100.0 / (double)c->mem_limit : 0, 2);
		json_dbl("io_read_bps", v & CGK_SV_IO_RATE, c->io_read_bps, 0);
		json_dbl("io_write_bps", v & CGK_SV_IO_RATE, c->io_write_bps, 0);
		json_u64("running", st, c->states.running);
		json_u64("sleeping", st, c->states.sleeping);
		json_u64("uninterruptible", st, c->states.uninterruptible);
		json_u64("stopped", st, c->states.stopped);
		json_u64("io_wait", st && (v & CGK_SV_IOWAIT), c->states.io_wait);
		/* v2's own (null elsewhere) */
		json_dbl("io_read_iops", v & CGK_SV_IO_OPS_RATE, c->io_read_iops, 1);
		json_dbl("io_write_iops", v & CGK_SV_IO_OPS_RATE, c->io_write_iops, 1);
		json_u64("io_read_ops", v & CGK_SV_IO_OPS, c->io_rios);
		json_u64("io_write_ops", v & CGK_SV_IO_OPS, c->io_wios);
		json_u64("memory_high_bytes", v & CGK_SV_MEM_HIGH, c->mem_high);
		json_u64("memory_events_high", v & CGK_SV_MEM_EVENTS, c->mev.high);
		json_u64("memory_events_max", v & CGK_SV_MEM_EVENTS, c->mev.max);
		json_u64("memory_events_oom", v & CGK_SV_MEM_EVENTS, c->mev.oom);
		json_u64("memory_events_oom_kill", v & CGK_SV_MEM_EVENTS, c->mev.oom_kill);
		json_dbl("memory_high_events_per_second", v & CGK_SV_MEM_EVENTS_RATE,
			 c->high_per_sec, 2);
		for (int j = 0; j < CGK_PSI_N; j++) {
			static const char *const res[CGK_PSI_N] = { "cpu", "memory", "io" };
			const struct cgk_psi *ps = &c->psi[j];
			bool ok = v & (CGK_SV_PSI_CPU << j);
			char key[64];

			snprintf(key, sizeof(key), "%s_pressure_some_avg10", res[j]);
			json_dbl(key, ok, ps->some_avg10, 2);
			snprintf(key, sizeof(key), "%s_pressure_full_avg10", res[j]);
			json_dbl(key, ok && ps->has_full, ps->full_avg10, 2);
			snprintf(key, sizeof(key), "%s_pressure_some_seconds", res[j]);
			json_dbl(key, ok, (double)ps->some_total_us / 1e6, 6);
			snprintf(key, sizeof(key), "%s_pressure_full_seconds", res[j]);
			json_dbl(key, ok && ps->has_full, (double)ps->full_total_us / 1e6, 6);
		}
		fputs(",\"container\":", stdout);
		if (c->container) {
			fputs("{\"runtime\":", stdout);
			json_str(cgk_runtime_name(c->ctr.runtime));
			fputs(",\"id\":", stdout);
			json_str(c->ctr.id);
			fputs(",\"pod_uid\":", stdout);
			json_str_or_null(c->ctr.pod_uid);
			fputs(",\"qos\":", stdout);
			json_str_or_null(cgk_qos_name(c->ctr.qos));
			fputs(",\"name\":", stdout);
			json_str_or_null(nm ? nm->name : NULL);
			fputs(",\"image\":", stdout);
			json_str_or_null(nm ? nm->image : NULL);
			fputs(",\"namespace\":", stdout);
			json_str_or_null(nm ? nm->pod_ns : NULL);
			fputs(",\"pod\":", stdout);
			json_str_or_null(nm ? nm->pod_name : NULL);
			fputs(",\"container\":", stdout);
			json_str_or_null(nm ? nm->container : NULL);
			putchar('}');
		} else {
			fputs("null", stdout);
		}
		fputs(",\"pod\":", stdout);
		if (c->pod) {
			fputs("{\"uid\":", stdout);
			json_str(c->ctr.pod_uid);
			fputs(",\"qos\":", stdout);
			json_str_or_null(cgk_qos_name(c->ctr.qos));
			fputs(",\"namespace\":", stdout);
			json_str_or_null(nm ? nm->pod_ns : NULL);
			fputs(",\"name\":", stdout);
			json_str_or_null(nm ? nm->pod_name : NULL);
			putchar('}');
		} else {
			fputs("null", stdout);
		}
		putchar('}');
	}
	puts("]}");
	rows_free(&r);
}

/* ---- Prometheus text exposition and OpenMetrics ---- */

static void prom_label(FILE *f, const char *name, const char *s, bool first)
{
	fprintf(f, "%s%s=\"", first ? "" : ",", name);
	for (; *s; s++) {
		if (*s == '\\' || *s == '"')
			fprintf(f, "\\%c", *s);
		else if (*s == '\n')
			fputs("\\n", f);
		else
			putc(*s, f);
	}
	putc('"', f);
}

enum pm {
	PM_TASKS, PM_CPU, PM_LIMIT, PM_PERIODS, PM_THROTTLED, PM_THRSEC, PM_MEM, PM_WSET,
	PM_MEMLIM, PM_RD, PM_WR, PM_RUN, PM_SLEEP, PM_UNINT, PM_STOP, PM_IOWAIT,
	PM_RIOS, PM_WIOS, PM_MEMHIGH, PM_EV_HIGH, PM_EV_MAX, PM_EV_OOM, PM_EV_OOMKILL,
	PM_PSI,			/* then per resource: waiting, stalled (s), their avg10 */
	NPM = PM_PSI + 4 * CGK_PSI_N
};

/* Names without the cgkit_cgroup_ prefix; a counter's ends in _total, which
 * OpenMetrics leaves off the family's name. cgtop(1) lists the cAdvisor
 * metric each one corresponds to. */
static const struct {
	const char *name, *type, *help;
	unsigned need;
} pms[NPM] = {
	[PM_TASKS] = { "tasks", "gauge", "Tasks in the cgroup and its descendants.", CGK_SV_TASKS },
	[PM_CPU] = { "cpu_usage_seconds_total", "counter", "CPU time used (cpuacct.usage).", CGK_SV_CPU },
	[PM_LIMIT] = { "cpu_limit_cpus", "gauge", "CFS quota over period, in CPUs.", CGK_SV_CPU_LIMIT },
	[PM_PERIODS] = { "cpu_periods_total", "counter", "CFS enforcement periods elapsed.", CGK_SV_THROTTLE },
	[PM_THROTTLED] = { "cpu_throttled_periods_total", "counter", "CFS periods in which the cgroup was throttled.", CGK_SV_THROTTLE },
	[PM_THRSEC] = { "cpu_throttled_seconds_total", "counter", "Time the cgroup was throttled.", CGK_SV_THROTTLE },
	[PM_MEM] = { "memory_usage_bytes", "gauge", "Memory use (memory.usage_in_bytes).", CGK_SV_MEM },
	[PM_WSET] = { "memory_working_set_bytes", "gauge", "Memory use less inactive file pages.", CGK_SV_WSET },
	[PM_MEMLIM] = { "memory_limit_bytes", "gauge", "Memory limit (memory.limit_in_bytes).", CGK_SV_MEM_LIMIT },
	[PM_RD] = { "io_read_bytes_total", "counter", "Bytes read (blkio.throttle.io_service_bytes).", CGK_SV_IO },
	[PM_WR] = { "io_write_bytes_total", "counter", "Bytes written (blkio.throttle.io_service_bytes).", CGK_SV_IO },
	[PM_RUN] = { "tasks_running", "gauge", "Tasks running (taskstats).", CGK_SV_STATES },
	[PM_SLEEP] = { "tasks_sleeping", "gauge", "Tasks sleeping (taskstats).", CGK_SV_STATES },
	[PM_UNINT] = { "tasks_uninterruptible", "gauge", "Tasks in uninterruptible sleep (taskstats).", CGK_SV_STATES },
	[PM_STOP] = { "tasks_stopped", "gauge", "Tasks stopped (taskstats).", CGK_SV_STATES },
	[PM_IOWAIT] = { "tasks_io_wait", "gauge", "Tasks waiting on IO (taskstats).", CGK_SV_STATES | CGK_SV_IOWAIT },
	[PM_RIOS] = { "io_read_ops_total", "counter", "Read operations (io.stat rios).", CGK_SV_IO_OPS },
	[PM_WIOS] = { "io_write_ops_total", "counter", "Write operations (io.stat wios).", CGK_SV_IO_OPS },
	[PM_MEMHIGH] = { "memory_high_bytes", "gauge", "Memory throttling threshold (memory.high).", CGK_SV_MEM_HIGH },
	[PM_EV_HIGH] = { "memory_high_events_total", "counter", "Times memory.high was exceeded and the cgroup throttled (memory.events high).", CGK_SV_MEM_EVENTS },
	[PM_EV_MAX] = { "memory_max_events_total", "counter", "Times memory.max was about to be exceeded (memory.events max).", CGK_SV_MEM_EVENTS },
	[PM_EV_OOM] = { "memory_oom_events_total", "counter", "Times the cgroup ran out of memory (memory.events oom).", CGK_SV_MEM_EVENTS },
	[PM_EV_OOMKILL] = { "memory_oom_kill_events_total", "counter", "Tasks killed by the OOM killer (memory.events oom_kill).", CGK_SV_MEM_EVENTS },
#define PSI_PM(k, res, flag)											\
	[PM_PSI + 4 * (k)] = { "pressure_" res "_waiting_seconds_total", "counter",				\
			       "Time some tasks waited for " res " (" res ".pressure some total).", flag },	\
	[PM_PSI + 4 * (k) + 1] = { "pressure_" res "_stalled_seconds_total", "counter",				\
				   "Time all tasks stalled on " res " (" res ".pressure full total).", flag },	\
	[PM_PSI + 4 * (k) + 2] = { "pressure_" res "_waiting_avg10_ratio", "gauge",				\
				   "Share of the last 10 s some tasks waited for " res " (some avg10 / 100).", flag },	\
	[PM_PSI + 4 * (k) + 3] = { "pressure_" res "_stalled_avg10_ratio", "gauge",				\
				   "Share of the last 10 s all tasks stalled on " res " (full avg10 / 100).", flag }
	PSI_PM(CGK_PSI_CPU, "cpu", CGK_SV_PSI_CPU),
	PSI_PM(CGK_PSI_MEM, "memory", CGK_SV_PSI_MEM),
	PSI_PM(CGK_PSI_IO, "io", CGK_SV_PSI_IO),
#undef PSI_PM
};

/* Whether C has metric M's value: its bits, and a "full" PSI line for the
 * stalled ones (cpu.pressure had none before Linux 5.13). */
static bool prom_has(const struct cgk_sample_cg *c, int m)
{
	if ((c->valid & pms[m].need) != pms[m].need)
		return false;
	if (m >= PM_PSI && (m - PM_PSI) % 2 == 1)
		return c->psi[(m - PM_PSI) / 4].has_full;
	return true;
}

static void prom_value(FILE *f, const struct cgk_sample_cg *c, enum pm m)
{
	switch (m) {
	case PM_TASKS: fprintf(f, "%" PRIu64, c->tasks); break;
	case PM_CPU: fprintf(f, "%.9f", (double)c->cpu_ns / 1e9); break;
	case PM_LIMIT: fprintf(f, "%.4f", c->cpu_limit); break;
	case PM_PERIODS: fprintf(f, "%" PRIu64, c->nr_periods); break;
	case PM_THROTTLED: fprintf(f, "%" PRIu64, c->nr_throttled); break;
	case PM_THRSEC: fprintf(f, "%.9f", (double)c->throttled_ns / 1e9); break;
	case PM_MEM: fprintf(f, "%" PRIu64, c->mem); break;
	case PM_WSET: fprintf(f, "%" PRIu64, c->wset); break;
	case PM_MEMLIM: fprintf(f, "%" PRIu64, c->mem_limit); break;
	case PM_RD: fprintf(f, "%" PRIu64, c->io_read); break;
	case PM_WR: fprintf(f, "%" PRIu64, c->io_write); break;
	case PM_RUN: fprintf(f, "%" PRIu64, c->states.running); break;
	case PM_SLEEP: fprintf(f, "%" PRIu64, c->states.sleeping); break;
	case PM_UNINT: fprintf(f, "%" PRIu64, c->states.uninterruptible); break;
	case PM_STOP: fprintf(f, "%" PRIu64, c->states.stopped); break;
	case PM_IOWAIT: fprintf(f, "%" PRIu64, c->states.io_wait); break;
	case PM_RIOS: fprintf(f, "%" PRIu64, c->io_rios); break;
	case PM_WIOS: fprintf(f, "%" PRIu64, c->io_wios); break;
	case PM_MEMHIGH: fprintf(f, "%" PRIu64, c->mem_high); break;
	case PM_EV_HIGH: fprintf(f, "%" PRIu64, c->mev.high); break;
	case PM_EV_MAX: fprintf(f, "%" PRIu64, c->mev.max); break;
	case PM_EV_OOM: fprintf(f, "%" PRIu64, c->mev.oom); break;
	case PM_EV_OOMKILL: fprintf(f, "%" PRIu64, c->mev.oom_kill); break;
	case PM_PSI:
	default: {
		const struct cgk_psi *p = &c->psi[(m - PM_PSI) / 4];

		switch ((m - PM_PSI) % 4) {
		case 0: fprintf(f, "%.6f", (double)p->some_total_us / 1e6); break;
		case 1: fprintf(f, "%.6f", (double)p->full_total_us / 1e6); break;
		case 2: fprintf(f, "%.4f", p->some_avg10 / 100); break;
		default: fprintf(f, "%.4f", p->full_avg10 / 100); break;
		}
		break;
	}
	}
}

/* S, or "" for NULL. */
static const char *or_empty(const char *s)
{
	return s ? s : "";
}

/*
 * The labels the kubelet's /metrics/cadvisor gives (name, image,
 * namespace, pod, container), from the runtimes' files: a container's
 * own; a pod cgroup's namespace and pod alone; "" where nothing says.
 * CGKIT: all but name, which cgkit's labels have in its old place.
 */
static void kubelet_labels(FILE *f, const struct cgk_sample_cg *c, bool cgkit)
{
	const struct shown_name *nm = name_of(c);
	bool ctr = c->container && nm;

	if (!cgkit)
		prom_label(f, "name", ctr ? or_empty(nm->name) : "", false);
	prom_label(f, "image", ctr ? or_empty(nm->image) : "", false);
	prom_label(f, "namespace", nm ? or_empty(nm->pod_ns) : "", false);
	prom_label(f, "pod", nm ? or_empty(nm->pod_name) : "", false);
	prom_label(f, "container", ctr ? or_empty(nm->container) : "", false);
}

/* The labels of C in cgkit_* metrics: its path, what its cgroup's name
 * says of a container or pod, then the kubelet's. */
static void prom_labels(FILE *f, const struct cgk_sample_cg *c)
{
	putc('{', f);
	prom_label(f, "cgroup", c->path, true);
	prom_label(f, "runtime", c->container ? cgk_runtime_name(c->ctr.runtime) : "", false);
	prom_label(f, "container_id", c->container ? c->ctr.id : "", false);
	prom_label(f, "name", c->container && name_of(c) ? or_empty(name_of(c)->name) : "", false);
	prom_label(f, "pod_uid", c->ctr.pod_uid, false);
	prom_label(f, "qos", c->container || c->pod ? cgk_qos_name(c->ctr.qos) : "", false);
	kubelet_labels(f, c, true);
	putc('}', f);
}

/* ---- --metrics=cadvisor: cAdvisor's names, units and labels ---- */

enum cm {
	CM_CPU, CM_PERIODS, CM_THR_PERIODS, CM_THR_SEC, CM_MEM, CM_WSET, CM_RSS, CM_CACHE,
	CM_SWAP, CM_OOM, CM_FS_RD, CM_FS_WR, CM_EV_HIGH, CM_EV_MAX,
	CM_PSI,			/* then per resource: waiting, stalled */
	NCM = CM_PSI + 2 * CGK_PSI_N
};

/* Each as cAdvisor names and measures it; cgtop(1) says where each comes from. */
static const struct {
	const char *name, *type, *help;
	unsigned need;
} cms[NCM] = {
	[CM_CPU] = { "container_cpu_usage_seconds_total", "counter", "Cumulative cpu time consumed in seconds.", CGK_SV_CPU },
	[CM_PERIODS] = { "container_cpu_cfs_periods_total", "counter", "Number of elapsed enforcement period intervals.", CGK_SV_THROTTLE | CGK_SV_CPU_LIMIT },
	[CM_THR_PERIODS] = { "container_cpu_cfs_throttled_periods_total", "counter", "Number of throttled period intervals.", CGK_SV_THROTTLE | CGK_SV_CPU_LIMIT },
	[CM_THR_SEC] = { "container_cpu_cfs_throttled_seconds_total", "counter", "Total time duration the container has been throttled.", CGK_SV_THROTTLE | CGK_SV_CPU_LIMIT },
	[CM_MEM] = { "container_memory_usage_bytes", "gauge", "Current memory usage in bytes, including all memory regardless of when it was accessed.", CGK_SV_MEM },
	[CM_WSET] = { "container_memory_working_set_bytes", "gauge", "Current working set in bytes.", CGK_SV_WSET },
	[CM_RSS] = { "container_memory_rss", "gauge", "Size of RSS in bytes.", CGK_SV_WSET },
	[CM_CACHE] = { "container_memory_cache", "gauge", "Number of bytes of page cache memory.", CGK_SV_WSET },
	[CM_SWAP] = { "container_memory_swap", "gauge", "Container swap usage in bytes.", CGK_SV_MEM_SWAP },
	[CM_OOM] = { "container_oom_events_total", "counter", "Count of out of memory events observed for the container.", CGK_SV_OOM_KILL },
	[CM_FS_RD] = { "container_fs_reads_bytes_total", "counter", "Cumulative count of bytes read.", CGK_SV_IO },
	[CM_FS_WR] = { "container_fs_writes_bytes_total", "counter", "Cumulative count of bytes written.", CGK_SV_IO },
	[CM_EV_HIGH] = { "container_memory_events_high_total", "counter", "Number of times the memory usage went over memory.high.", CGK_SV_MEM_EVENTS },
	[CM_EV_MAX] = { "container_memory_events_max_total", "counter", "Number of times the memory usage was about to go over memory.max.", CGK_SV_MEM_EVENTS },
#define PSI_CM(k, res, flag)										\
	[CM_PSI + 2 * (k)] = { "container_pressure_" res "_waiting_seconds_total", "counter",		\
			       "Total time duration tasks in the container have waited due to " res " congestion.", flag },	\
	[CM_PSI + 2 * (k) + 1] = { "container_pressure_" res "_stalled_seconds_total", "counter",	\
				   "Total time duration no tasks in the container could make progress due to " res " congestion.", flag }
	PSI_CM(CGK_PSI_CPU, "cpu", CGK_SV_PSI_CPU),
	PSI_CM(CGK_PSI_MEM, "memory", CGK_SV_PSI_MEM),
	PSI_CM(CGK_PSI_IO, "io", CGK_SV_PSI_IO),
#undef PSI_CM
};

static bool cm_has(const struct cgk_sample_cg *c, int m)
{
	if ((c->valid & cms[m].need) != cms[m].need)
		return false;
	if (m >= CM_PSI && (m - CM_PSI) % 2 == 1)
		return c->psi[(m - CM_PSI) / 2].has_full;
	return true;
}

static void cm_value(FILE *f, const struct cgk_sample_cg *c, enum cm m)
{
	switch (m) {
	case CM_CPU: fprintf(f, "%.9f", (double)c->cpu_ns / 1e9); break;
	case CM_PERIODS: fprintf(f, "%" PRIu64, c->nr_periods); break;
	case CM_THR_PERIODS: fprintf(f, "%" PRIu64, c->nr_throttled); break;
	case CM_THR_SEC: fprintf(f, "%.9f", (double)c->throttled_ns / 1e9); break;
	case CM_MEM: fprintf(f, "%" PRIu64, c->mem); break;
	case CM_WSET: fprintf(f, "%" PRIu64, c->wset); break;
	case CM_RSS: fprintf(f, "%" PRIu64, c->mem_rss); break;
	case CM_CACHE: fprintf(f, "%" PRIu64, c->mem_cache); break;
	case CM_SWAP: fprintf(f, "%" PRIu64, c->mem_swap); break;
	case CM_OOM: fprintf(f, "%" PRIu64, c->oom_kill); break;
	case CM_FS_RD: fprintf(f, "%" PRIu64, c->io_read); break;
	case CM_FS_WR: fprintf(f, "%" PRIu64, c->io_write); break;
	case CM_EV_HIGH: fprintf(f, "%" PRIu64, c->mev.high); break;
	case CM_EV_MAX: fprintf(f, "%" PRIu64, c->mev.max); break;
	case CM_PSI:
	default: {
		const struct cgk_psi *p = &c->psi[(m - CM_PSI) / 2];

		fprintf(f, "%.6f", (double)((m - CM_PSI) % 2 ? p->full_total_us : p->some_total_us) / 1e6);
		break;
	}
	}
}

/* The kubelet's labels: id (the cgroup's path) first, then the names. */
static void cm_labels(FILE *f, const struct cgk_sample_cg *c, enum cm m)
{
	putc('{', f);
	prom_label(f, "id", c->path, true);
	kubelet_labels(f, c, false);
	/* no per-CPU file on v2: one series, as cAdvisor gives there */
	if (m == CM_CPU)
		prom_label(f, "cpu", "total", false);
	putc('}', f);
}

static void print_cadvisor(FILE *f, const struct rows *r, bool om)
{
	for (int m = 0; m < NCM; m++) {
		bool any = false;
		int fl = (int)strlen(cms[m].name);

		for (size_t k = 0; k < r->n && !any; k++)
			any = cm_has(&CG[r->idx[k]], m);
		if (!any)
			continue;
		if (om && !strcmp(cms[m].type, "counter"))
			fl -= (int)strlen("_total");
		fprintf(f, "# HELP %.*s %s\n# TYPE %.*s %s\n", fl, cms[m].name, cms[m].help, fl,
			cms[m].name, cms[m].type);
		for (size_t k = 0; k < r->n; k++) {
			const struct cgk_sample_cg *c = &CG[r->idx[k]];

			if (!cm_has(c, m))
				continue;
			fputs(cms[m].name, f);
			cm_labels(f, c, (enum cm)m);
			putc(' ', f);
			cm_value(f, c, (enum cm)m);
			putc('\n', f);
		}
	}
}

/* The rows of the last refresh to F: the text format (0.0.4), or
 * OpenMetrics 1.0 with OM set (families without _total, "# EOF"). */
static void print_prom_to(FILE *f, bool om)
{
	struct rows r = { 0 };

	make_rows(&r);
	if (arg.cadvisor) {
		print_cadvisor(f, &r, om);
		rows_free(&r);
		if (om)
			fputs("# EOF\n", f);
		return;
	}
	for (int m = 0; m < NPM; m++) {
		bool any = false;
		int fl = (int)strlen(pms[m].name);

		for (size_t k = 0; k < r.n && !any; k++)
			any = prom_has(&CG[r.idx[k]], m);
		if (!any)
			continue;
		if (om && !strcmp(pms[m].type, "counter"))
			fl -= (int)strlen("_total");
		fprintf(f, "# HELP cgkit_cgroup_%.*s %s\n# TYPE cgkit_cgroup_%.*s %s\n", fl,
			pms[m].name, pms[m].help, fl, pms[m].name, pms[m].type);
		for (size_t k = 0; k < r.n; k++) {
			const struct cgk_sample_cg *c = &CG[r.idx[k]];

			if (!prom_has(c, m))
				continue;
			fprintf(f, "cgkit_cgroup_%s", pms[m].name);
			prom_labels(f, c);
			putc(' ', f);
			prom_value(f, c, (enum pm)m);
			putc('\n', f);
		}
	}
	rows_free(&r);
	if (om)
		fputs("# EOF\n", f);
}

static void print_prom(void)
{
	print_prom_to(stdout, false);
}

/* ---- sampling ---- */

/* A run of a few refreshes (set in main): see CGK_SAMPLE_ONESHOT. */
static bool oneshot;

static unsigned sample_flags(void)
{
	unsigned f = CGK_SAMPLE_POD_KIDS;

	if (oneshot)
		f |= CGK_SAMPLE_ONESHOT;
	/* empty cgroups are not shown: a scrape reads only their count, and
	 * so does a short run (a cgroup empty at its start then has no rates) */
	if (!arg.all && arg.count == C_TASKS && (oneshot || arg.format == F_PROM))
		f |= CGK_SAMPLE_SKIP_EMPTY;

	if (arg.count != C_TASKS)
		f |= CGK_SAMPLE_PROCS;
	if (arg.count == C_ALL)
		f |= CGK_SAMPLE_KTHREADS;
	if (!arg.recursive)
		f |= CGK_SAMPLE_NONRECURSIVE;
	if (arg.cadvisor)
		f |= CGK_SAMPLE_SWAP_OOM;
	return f;
}

static void end_curses(void)
{
	if (curses_on) {
		endwin();
		curses_on = false;
	}
}

/* A refresh, then the names of what it shows. */
static int sample_refresh(void)
{
	int r = cgk_sampler_refresh(S, 0);

	if (r == 0)
		names_update();
	return r;
}

static void refresh_or_die(void)
{
	int r = sample_refresh();

	if (r < 0) {
		end_curses();
		die(r, "%s", T.label);
	}
}

static uint64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void sleep_until_ms(uint64_t t)
{
	struct timespec ts = { .tv_sec = (time_t)(t / 1000), .tv_nsec = (long)(t % 1000) * 1000000 };

	while (!got_signal && clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
		;
}

static void on_signal(int sig)
{
	got_signal = sig;
}

static void batch(void)
{
	uint64_t next = mono_ms();
	bool header = isatty(STDOUT_FILENO);

	refresh_or_die();	/* the baseline: every printed round has rates */
	for (uint64_t it = 0; it < arg.iterations && !got_signal; it++) {
		next += arg.delay_ms;
		sleep_until_ms(next);
		if (got_signal)
			break;
		refresh_or_die();
		switch (arg.format) {
		case F_TEXT: print_text(header); break;
		case F_JSON: print_json(); break;
		case F_PROM: print_prom(); break;
		}
		fflush(stdout);
	}
}

/* ---- --textfile: node_exporter's textfile collector ---- */

/* Write the last refresh to DFD/cgtop.prom through a temporary file and a
 * rename, so that a reader sees the old file or the new one, never half. */
static void textfile_write(int dfd)
{
	char tmp[64];
	FILE *f;
	int fd;

	snprintf(tmp, sizeof(tmp), "cgtop.prom.%ld", (long)getpid());
	fd = openat(dfd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0)
		die(-errno, "%s/%s", arg.textfile, tmp);
	f = fdopen(fd, "w");
	if (!f)
		die(-errno, "%s/%s", arg.textfile, tmp);
	print_prom_to(f, false);
	if (fflush(f) || ferror(f) || fsync(fd) < 0) {
		int e = errno ? errno : EIO;

		fclose(f);
		unlinkat(dfd, tmp, 0);
		die(-e, "%s/%s", arg.textfile, tmp);
	}
	fclose(f);
	if (renameat(dfd, tmp, dfd, "cgtop.prom") < 0) {
		int e = errno;

		unlinkat(dfd, tmp, 0);
		die(-e, "%s/cgtop.prom", arg.textfile);
	}
}

static void textfile(void)
{
	int dfd = open(arg.textfile, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	uint64_t next = mono_ms();

	if (dfd < 0)
		die(-errno, "%s", arg.textfile);
	refresh_or_die();
	for (uint64_t it = 0; it < arg.iterations && !got_signal; it++) {
		next += arg.delay_ms;
		sleep_until_ms(next);
		if (got_signal)
			break;
		refresh_or_die();
		textfile_write(dfd);
	}
	close(dfd);
}

/* ---- --listen: the Prometheus exporter ---- */

#define LISTEN_CONNS	64	/* connections at once; more wait in the backlog */
#define LISTEN_TIMEOUT	10	/* seconds a connection may stay silent */
#define SCRAPE_SHARE_MS	100	/* scrapes this close to a refresh share it */

static struct {
	uint64_t last_ms;
	bool primed;
} ex;

static const char index_html[] =
	"<html><head><title>cgtop</title></head><body><h1>cgtop</h1>\n"
	"<p><a href=\"/metrics\">Metrics</a></p></body></html>\n";

/* The body of a scrape: refresh (unless the last refresh is younger than
 * SCRAPE_SHARE_MS), then the exposition into a malloc'd buffer. Only the
 * daemon's one thread calls it, so the sampler is never used at once. */
static int scrape_body(bool om, char **ret, size_t *ret_len)
{
	uint64_t now = mono_ms();
	char *buf = NULL;
	size_t len = 0;
	FILE *f;
	int r;

	if (!ex.primed || now - ex.last_ms >= SCRAPE_SHARE_MS) {
		r = sample_refresh();
		if (r < 0)
			return r;
		ex.last_ms = now;
		ex.primed = true;
	}
	f = open_memstream(&buf, &len);
	if (!f)
		return -errno;
	print_prom_to(f, om);
	if (fclose(f)) {
		free(buf);
		return -ENOMEM;
	}
	*ret = buf;
	*ret_len = len;
	return 0;
}

/* True when the Accept header asks for OpenMetrics (as Prometheus does). */
static bool wants_om(struct MHD_Connection *conn)
{
	const char *a = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT);

	return a && strstr(a, "application/openmetrics-text");
}

static enum MHD_Result reply(struct MHD_Connection *conn, unsigned code, const char *type,
			     struct MHD_Response *resp)
{
	enum MHD_Result ret;

	if (!resp)
		return MHD_NO;
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	if (code == MHD_HTTP_METHOD_NOT_ALLOWED)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
	ret = MHD_queue_response(conn, code, resp);
	MHD_destroy_response(resp);
	return ret;
}

static struct MHD_Response *static_resp(const char *s)
{
	return MHD_create_response_from_buffer(strlen(s), (void *)s, MHD_RESPMEM_PERSISTENT);
}

/* GET /metrics, GET /; nothing else, and nothing that changes anything. */
static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version, const char *upload,
				  size_t *upload_size, void **state)
{
	static int seen;
	char *body = NULL, msg[CGK_PATH_MAX + 128];
	size_t len = 0;
	bool om;
	int r;

	if (strcmp(method, MHD_HTTP_METHOD_GET) && strcmp(method, MHD_HTTP_METHOD_HEAD)) {
		/* before any body: a body is never read, the connection closes */
		*upload_size = 0;
		return reply(conn, MHD_HTTP_METHOD_NOT_ALLOWED, "text/plain; charset=utf-8",
			     static_resp("Only GET /metrics.\n"));
	}
	if (!*state) {
		*state = &seen;		/* the headers are in; answer on the next call */
		return MHD_YES;
	}
	if (*upload_size) {
		*upload_size = 0;	/* a GET with a body: the body is dropped */
		return MHD_YES;
	}
	if (!strcmp(url, "/"))
		return reply(conn, MHD_HTTP_OK, "text/html; charset=utf-8", static_resp(index_html));
	if (strcmp(url, "/metrics"))
		return reply(conn, MHD_HTTP_NOT_FOUND, "text/plain; charset=utf-8",
			     static_resp("Not found: try /metrics.\n"));
	om = wants_om(conn);
	r = scrape_body(om, &body, &len);
	if (r < 0) {
		snprintf(msg, sizeof(msg), "%.*s: %s\n", CGK_PATH_MAX, T.label, strerror(-r));
		return reply(conn, MHD_HTTP_INTERNAL_SERVER_ERROR, "text/plain; charset=utf-8",
			     MHD_create_response_from_buffer(strlen(msg), msg, MHD_RESPMEM_MUST_COPY));
	}
	return reply(conn, MHD_HTTP_OK, om ? "application/openmetrics-text; version=1.0.0; charset=utf-8" :
					    "text/plain; version=0.0.4; charset=utf-8",
		     MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE));
}

/* [ADDR:]PORT, [V6]:PORT: loopback when ADDR is left out. */
static void parse_listen(const char *s, struct sockaddr_storage *ss, socklen_t *len)
{
	struct sockaddr_in *v4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)ss;
	char host[INET6_ADDRSTRLEN + 2] = "127.0.0.1";
	const char *port = s, *colon = strrchr(s, ':');
	unsigned long p;
	char *e;

	if (colon) {
		size_t hl = (size_t)(colon - s);

		if (hl >= 2 && s[0] == '[' && s[hl - 1] == ']') {
			s++;
			hl -= 2;
		}
		if (hl == 0 || hl >= sizeof(host))
			errtryhelp("%s: not [ADDR:]PORT", arg.listen);
		memcpy(host, s, hl);
		host[hl] = '\0';
		port = colon + 1;
	}
	errno = 0;
	p = strtoul(port, &e, 10);
	if (!*port || *e || errno || p > 65535)
		errtryhelp("%s: not a port (0 to 65535)", port);
	memset(ss, 0, sizeof(*ss));
	if (!strcmp(host, "localhost"))
		snprintf(host, sizeof(host), "127.0.0.1");
	if (inet_pton(AF_INET, host, &v4->sin_addr) == 1) {
		v4->sin_family = AF_INET;
		v4->sin_port = htons((uint16_t)p);
		*len = sizeof(*v4);
	} else if (inet_pton(AF_INET6, host, &v6->sin6_addr) == 1) {
		v6->sin6_family = AF_INET6;
		v6->sin6_port = htons((uint16_t)p);
		*len = sizeof(*v6);
	} else {
		errtryhelp("%s: not an IP address", host);
	}
}

static void serve(void)
{
	struct sockaddr_storage ss;
	socklen_t sl;
	struct MHD_Daemon *d;
	const union MHD_DaemonInfo *di;
	char host[INET6_ADDRSTRLEN];
	sigset_t set;
	int sig;

	parse_listen(arg.listen, &ss, &sl);
	/* From here signals wait for sigwait below (the daemon's thread
	 * inherits the mask); one that came before went to on_signal. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (got_signal)
		return;
	refresh_or_die();	/* the walk and the first opens, before any scrape */
	ex.last_ms = mono_ms();
	ex.primed = true;
	errno = 0;
	/* One internal thread runs every connection (epoll): requests are
	 * served one at a time, which is what the sampler needs. */
	d = MHD_start_daemon(MHD_USE_EPOLL_INTERNAL_THREAD | (ss.ss_family == AF_INET6 ? MHD_USE_IPv6 : 0),
			     0, NULL, NULL, on_request, NULL,
			     MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
			     MHD_OPTION_CONNECTION_LIMIT, (unsigned)LISTEN_CONNS,
			     MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)LISTEN_TIMEOUT,
			     MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)LISTEN_CONNS,
			     MHD_OPTION_END);
	if (!d) {
		if (errno)
			die(-errno, "%s", arg.listen);
		dief("%s: cannot listen", arg.listen);
	}
	di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	if (ss.ss_family == AF_INET6)
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, host, sizeof(host));
	else
		inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, host, sizeof(host));
	fprintf(stderr, "%s: listening on http://%s%s%s:%u/metrics\n", program_invocation_short_name,
		ss.ss_family == AF_INET6 ? "[" : "", host, ss.ss_family == AF_INET6 ? "]" : "",
		di ? (unsigned)di->port : 0u);
	while (!got_signal && sigwait(&set, &sig) == 0 && sig != SIGINT && sig != SIGTERM &&
	       sig != SIGHUP)
		;
	MHD_stop_daemon(d);
}

/* ---- interactive ---- */

static struct {
	size_t sel;		/* selected row */
	size_t top;		/* first row shown */
	char msg[128];
} ui;

static void draw_header(const struct cgk_sample_host *h)
{
	char mem[32], tot[32], buf[512];
	time_t t = time(NULL);
	struct tm tm;

	localtime_r(&t, &tm);
	fmt_bytes(mem, sizeof(mem), (double)(h->mem_total - h->mem_available));
	fmt_bytes(tot, sizeof(tot), (double)h->mem_total);
	snprintf(buf, sizeof(buf),
		 "cgtop %02d:%02d:%02d  CPUs: %u  load: %.2f %.2f %.2f  Memory: %s / %s  "
		 "cgroups: %zu  containers: %zu", tm.tm_hour, tm.tm_min, tm.tm_sec, h->ncpus,
		 h->load[0], h->load[1], h->load[2], mem, tot, h->ncgroups, h->ncontainers);
	mvaddnstr(0, 0, buf, COLS);
	snprintf(buf, sizeof(buf), "order: %s  delay: %.2fs  depth: %u  %s%s%s%s%s",
		 order_names[arg.order], (double)arg.delay_ms / 1000, arg.depth,
		 arg.flat ? "flat" : "tree",
		 arg.count == C_USER ? "  processes" : arg.count == C_ALL ? "  processes+kthreads" : "",
		 *arg.filter ? "  filter: " : "", arg.filter, arg.paused ? "  [paused]" : "");
	mvaddnstr(1, 0, buf, COLS);
	if (*ui.msg)
		mvaddnstr(1, COLS > 40 ? COLS - 40 : 0, ui.msg, 40);
}

static void draw(struct rows *r)
{
	bool on[NCOL];
	char line[CGK_PATH_MAX + 2048];
	int pw, y = 3, avail = LINES - 3;

	erase();
	draw_header(cgk_sampler_host(S));
	fit_columns(COLS, 16, on);
	pw = COLS;
	for (int j = 0; j < NCOL; j++)
		if (on[j])
			pw -= cols[j].width + 1;
	if (pw < 16)
		pw = 16;
	header_text(pw, on, line, sizeof(line));
	attron(A_REVERSE);
	mvaddnstr(2, 0, line, COLS);
	/* the sort column stands out */
	{
		int x = pw;

		for (int j = 0; j < NCOL; j++) {
			if (!on[j])
				continue;
			if (cols[j].order == (int)arg.order || (j == K_TASKS && arg.order == ORD_TASKS)) {
				attron(A_BOLD | A_UNDERLINE);
				mvaddnstr(2, x + 1 + cols[j].width - (int)strlen(cols[j].title),
					  j == K_CPU && arg.cpu_time ? "CPUTime" : cols[j].title, COLS);
				attroff(A_BOLD | A_UNDERLINE);
			}
			x += cols[j].width + 1;
		}
		if (arg.order == ORD_PATH) {
			attron(A_BOLD | A_UNDERLINE);
			mvaddnstr(2, 0, "Control Group", COLS);
			attroff(A_BOLD | A_UNDERLINE);
		}
	}
	attroff(A_REVERSE);
	if (ui.sel >= r->n)
		ui.sel = r->n ? r->n - 1 : 0;
	if (avail < 1)
		avail = 1;
	if (ui.sel < ui.top)
		ui.top = ui.sel;
	if (ui.sel >= ui.top + (size_t)avail)
		ui.top = ui.sel - (size_t)avail + 1;
	for (size_t k = ui.top; k < r->n && y < LINES; k++, y++) {
		row_text(r, k, pw, on, line, sizeof(line));
		if (k == ui.sel)
			attron(A_REVERSE);
		mvaddnstr(y, 0, line, -1);
		if (k == ui.sel)
			attroff(A_REVERSE);
	}
	refresh();
}

/* Read a line at the bottom: blocking, with echo. False when cancelled. */
static bool prompt(const char *what, char *buf, size_t size)
{
	int rc;

	move(LINES - 1, 0);
	clrtoeol();
	attron(A_BOLD);
	addstr(what);
	attroff(A_BOLD);
	echo();
	curs_set(1);
	timeout(-1);
	rc = getnstr(buf, (int)size - 1);
	noecho();
	curs_set(0);
	return rc != ERR && !got_signal;
}

static void wait_key(void)
{
	timeout(250);
	while (!got_signal && getch() == ERR)
		;
}

static void show_help(void)
{
	static const char *const lines[] = {
		"cgtop keys",
		"",
		"  p t c m i   order by path, tasks, CPU, memory, IO",
		"  T w x       order by throttling, by working set, by pressure",
		"  %           CPU as percent / as time",
		"  + -         longer / shorter delay",
		"  P           count userspace processes / tasks",
		"  k           count all processes / tasks",
		"  r           recursive process counts on / off",
		"  f           flat paths / tree",
		"  a           empty cgroups shown / hidden",
		"  d           depth (prompt)",
		"  /           filter by glob, e.g. *docker* (prompt; empty clears)",
		"  space       pause / resume",
		"  Up Down PgUp PgDn Home End   select",
		"  Enter       processes of the selected cgroup",
		"  h ?         this help",
		"  q           quit",
		"",
		"Press any key.",
	};

	erase();
	for (size_t i = 0; i < ARRAY_SIZE(lines) && (int)i < LINES; i++)
		mvaddnstr((int)i, 0, lines[i], COLS);
	refresh();
	wait_key();
}

static void show_procs(const struct rows *r)
{
	const struct cgk_sample_cg *c;
	struct cgk_tree *t;
	int y = 2, rc;

	if (!r->n)
		return;
	c = &CG[r->idx[ui.sel]];
	rc = cgk_sampler_procs(S, r->idx[ui.sel], arg.count == C_ALL, &t);
	erase();
	attron(A_BOLD);
	mvaddnstr(0, 0, c->path, COLS);
	attroff(A_BOLD);
	if (rc < 0) {
		mvprintw(1, 0, "%s", strerror(-rc));
	} else {
		mvprintw(1, 0, "%zu processes  (any key returns)", t->nprocs);
		for (size_t k = 0; k < t->nprocs && y < LINES; k++, y++) {
			char line[4200];

			snprintf(line, sizeof(line), "%7d %s", (int)t->procs[k]->pid, t->procs[k]->cmdline);
			mvaddnstr(y, 0, line, COLS);
		}
		cgk_tree_free(t);
	}
	refresh();
	wait_key();
}

static void delay_step(int dir)
{
	/* systemd-cgtop's steps: 250 ms below a second, 1 s above */
	if (dir > 0)
		arg.delay_ms += arg.delay_ms < 1000 ? 250 : 1000;
	else if (arg.delay_ms <= 500)
		arg.delay_ms = 250;
	else
		arg.delay_ms -= arg.delay_ms < 1250 ? 250 : 1000;
}

static void set_count(enum count c)
{
	arg.count = arg.count == c ? C_TASKS : c;
	cgk_sampler_set_flags(S, sample_flags());
}

/* One key; true when the screen must be sampled again at once. */
static bool handle_key(int ch, struct rows *r, bool *quit)
{
	char buf[256];
	size_t page = LINES > 4 ? (size_t)LINES - 4 : 1;

	*ui.msg = '\0';
	switch (ch) {
	case 'q': *quit = true; break;
	case 'p': arg.order = ORD_PATH; break;
	case 't': arg.order = ORD_TASKS; break;
	case 'c': arg.order = ORD_CPU; break;
	case 'm': arg.order = ORD_MEMORY; break;
	case 'i': arg.order = ORD_IO; break;
	case 'T': arg.order = ORD_THROTTLE; break;
	case 'w': arg.order = ORD_WSET; break;
	case 'x': arg.order = ORD_PRESSURE; break;
	case '%': arg.cpu_time = !arg.cpu_time; break;
	case '+': delay_step(1); break;
	case '-': delay_step(-1); break;
	case 'P': set_count(C_USER); return true;
	case 'k': set_count(C_ALL); return true;
	case 'r':
		arg.recursive = !arg.recursive;
		cgk_sampler_set_flags(S, sample_flags());
		return true;
	case 'f': arg.flat = !arg.flat; break;
	case 'a': arg.all = !arg.all; break;
	case ' ': arg.paused = !arg.paused; break;
	case 'h': case '?': show_help(); break;
	case '/':
		if (prompt("filter (glob): ", buf, sizeof(buf)))
			snprintf(arg.filter, sizeof(arg.filter), "%s", buf);
		ui.sel = ui.top = 0;
		break;
	case 'd':
		if (prompt("depth: ", buf, sizeof(buf))) {
			char *e;
			unsigned long v = strtoul(buf, &e, 10);

			if (*buf && !*e && v <= CGK_WALK_DEPTH_MAX) {
				arg.depth = (unsigned)v;
				cgk_sampler_set_depth(S, arg.depth);
				return true;
			}
			snprintf(ui.msg, sizeof(ui.msg), "depth: want 0 to %d", CGK_WALK_DEPTH_MAX);
		}
		break;
	case '\n': case '\r': case KEY_ENTER: show_procs(r); break;
	case KEY_UP: if (ui.sel) ui.sel--; break;
	case KEY_DOWN: if (ui.sel + 1 < r->n) ui.sel++; break;
	case KEY_PPAGE: ui.sel = ui.sel > page ? ui.sel - page : 0; break;
	case KEY_NPAGE: ui.sel = ui.sel + page < r->n ? ui.sel + page : (r->n ? r->n - 1 : 0); break;
	case KEY_HOME: ui.sel = 0; break;
	case KEY_END: ui.sel = r->n ? r->n - 1 : 0; break;
	case KEY_RESIZE: break;
	default: break;
	}
	return false;
}

static void interactive(void)
{
	struct rows r = { 0 };
	uint64_t next, left;
	bool quit = false;
	uint64_t done = 0;

	refresh_or_die();
	if (!initscr())
		dief("cannot set up the terminal");
	curses_on = true;
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	next = mono_ms() + arg.delay_ms;
	make_rows(&r);
	while (!quit && !got_signal) {
		uint64_t now = mono_ms();
		int ch;

		if (!arg.paused && now >= next) {
			refresh_or_die();
			done++;
			next = now + arg.delay_ms;
			rows_free(&r);
			make_rows(&r);
			if (done >= arg.iterations)
				break;
		}
		draw(&r);
		left = arg.paused ? 250 : next > now ? next - now : 0;
		timeout((int)(left > 250 ? 250 : left));
		ch = getch();
		if (ch == ERR)
			continue;
		if (handle_key(ch, &r, &quit)) {
			refresh_or_die();
			next = mono_ms() + arg.delay_ms;
		}
		rows_free(&r);
		make_rows(&r);
	}
	rows_free(&r);
	end_curses();
}

/* ---- options ---- */

static bool parse_bool(const char *opt, const char *s)
{
	if (!strcmp(s, "yes") || !strcmp(s, "true") || !strcmp(s, "1") || !strcmp(s, "on"))
		return true;
	if (!strcmp(s, "no") || !strcmp(s, "false") || !strcmp(s, "0") || !strcmp(s, "off"))
		return false;
	errtryhelp("%s: not a boolean (yes or no)", s);
	(void)opt;
}

static uint64_t parse_delay(const char *s)
{
	char *e;
	double d;

	errno = 0;
	d = strtod(s, &e);
	if (!errno && e != s && !strcmp(e, "ms"))
		d /= 1000;
	else if (*e && strcmp(e, "s"))
		e = (char *)s;
	if (errno || e == s || !(d > 0) || d > 86400)
		errtryhelp("%s: not a delay in seconds (0.01 to 86400; 500ms)", s);
	if (d < 0.01)
		d = 0.01;
	return (uint64_t)llround(d * 1000);
}

static void resolve(const char *s)
{
	struct cgk_target_error e;
	uint64_t all = H->n >= 64 ? UINT64_MAX : (UINT64_C(1) << H->n) - 1;
	int r = cgk_target_resolve(H, s, all, 0, &T, &e);

	if (r < 0)
		target_die("", s, r, &e);
}

int main(int argc, char **argv)
{
	enum { OPT_ORDER = 0x100, OPT_CPU, OPT_RECURSIVE, OPT_DEPTH, OPT_FILTER, OPT_FORMAT,
	       OPT_RELATIVE, OPT_SYSROOT, OPT_LISTEN, OPT_TEXTFILE, OPT_METRICS };
	static const struct option lo[] = {
		{ "order", required_argument, NULL, OPT_ORDER },
		{ "all", no_argument, NULL, 'a' },
		{ "raw", no_argument, NULL, 'r' },
		{ "cpu", optional_argument, NULL, OPT_CPU },
		{ "recursive", required_argument, NULL, OPT_RECURSIVE },
		{ "delay", required_argument, NULL, 'd' },
		{ "iterations", required_argument, NULL, 'n' },
		{ "batch", no_argument, NULL, 'b' },
		{ "depth", required_argument, NULL, OPT_DEPTH },
		{ "flat", no_argument, NULL, 'f' },
		{ "filter", required_argument, NULL, OPT_FILTER },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "relative", no_argument, NULL, OPT_RELATIVE },
		{ "sysroot", required_argument, NULL, OPT_SYSROOT },
		{ "listen", required_argument, NULL, OPT_LISTEN },
		{ "textfile", required_argument, NULL, OPT_TEXTFILE },
		{ "metrics", required_argument, NULL, OPT_METRICS },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct cgk_sample_opts so = { 0 };
	bool tty;
	int c, r;

	atexit(close_stdout);
	argv[0] = program_invocation_short_name;	/* getopt's messages: "cgtop: ..." */
	setlocale(LC_ALL, "");
	while ((c = getopt_long(argc, argv, "ptcmiarPkd:n:1bfhV", lo, NULL)) != -1)
		switch (c) {
		case 'p': arg.order = ORD_PATH; break;
		case 't': arg.order = ORD_TASKS; break;
		case 'c': arg.order = ORD_CPU; break;
		case 'm': arg.order = ORD_MEMORY; break;
		case 'i': arg.order = ORD_IO; break;
		case OPT_ORDER: {
			size_t k;

			for (k = 0; k < ARRAY_SIZE(order_names); k++)
				if (!strcmp(optarg, order_names[k]))
					break;
			if (k == ARRAY_SIZE(order_names))
				errtryhelp("%s: unknown order (path, tasks, cpu, memory, io, throttle, wset, pressure)",
					   optarg);
			arg.order = (enum order)k;
			break;
		}
		case 'a': arg.all = true; break;
		case 'r': arg.raw = true; break;
		case OPT_CPU:
			if (!optarg || !strcmp(optarg, "percentage"))
				arg.cpu_time = false;
			else if (!strcmp(optarg, "time"))
				arg.cpu_time = true;
			else
				errtryhelp("%s: unknown CPU display (percentage or time)", optarg);
			break;
		case 'P': arg.count = C_USER; break;
		case 'k': arg.count = C_ALL; break;
		case OPT_RECURSIVE: arg.recursive = parse_bool("--recursive", optarg); break;
		case 'd': arg.delay_ms = parse_delay(optarg); break;
		case 'n':
			arg.iterations = parse_ulong_opt("--iterations", optarg, UINT32_MAX);
			if (!arg.iterations)
				errtryhelp("%s: the number of iterations must be at least 1", optarg);
			break;
		case '1': arg.iterations = 1; break;
		case 'b': arg.batch = true; break;
		case OPT_DEPTH:
			arg.depth = (unsigned)parse_ulong_opt("--depth", optarg, CGK_WALK_DEPTH_MAX);
			break;
		case 'f': arg.flat = true; break;
		case OPT_FILTER:
			if (strlen(optarg) >= sizeof(arg.filter))
				errtryhelp("%s: filter too long", optarg);
			snprintf(arg.filter, sizeof(arg.filter), "%s", optarg);
			break;
		case OPT_FORMAT:
			if (!strcmp(optarg, "text"))
				arg.format = F_TEXT;
			else if (!strcmp(optarg, "json"))
				arg.format = F_JSON;
			else if (!strcmp(optarg, "prometheus"))
				arg.format = F_PROM;
			else
				errtryhelp("%s: unknown format (text, json, prometheus)", optarg);
			break;
		case OPT_RELATIVE: arg.relative = true; break;
		case OPT_SYSROOT: arg.sysroot = optarg; break;
		case OPT_LISTEN: arg.listen = optarg; break;
		case OPT_TEXTFILE: arg.textfile = optarg; break;
		case OPT_METRICS:
			if (!strcmp(optarg, "cgkit"))
				arg.cadvisor = false;
			else if (!strcmp(optarg, "cadvisor"))
				arg.cadvisor = true;
			else
				errtryhelp("%s: unknown metric names (cgkit or cadvisor)", optarg);
			break;
		case 'h': usage(); break;
		case 'V': print_version(); break;
		default: errtryhelp(NULL);
		}
	if (argc - optind > 1)
		errtryhelp("%s: one CGROUP at most", argv[optind + 1]);

	if (arg.listen && arg.textfile)
		errtryhelp("--listen and --textfile: one or the other");
	if (arg.listen || arg.textfile) {
		if (arg.format == F_JSON)
			errtryhelp("--format=json: --listen and --textfile speak prometheus");
		arg.format = F_PROM;
	}
	if (arg.cadvisor && arg.format != F_PROM)
		errtryhelp("--metrics=cadvisor: for --format=prometheus, --listen and --textfile");

	/* As systemd-cgtop: without a terminal, one round, no header, no keys. */
	tty = isatty(STDOUT_FILENO) && isatty(STDIN_FILENO);
	if (!isatty(STDOUT_FILENO) && arg.iterations == UINT64_MAX && !arg.listen && !arg.textfile)
		arg.iterations = 1;
	if (!tty || arg.format != F_TEXT)
		arg.batch = true;
	{
		const char *cs = nl_langinfo(CODESET);

		utf8 = cs && !strcmp(cs, "UTF-8");
	}

	r = cgk_hiers_load(arg.sysroot, arg.relative ? CGK_HIER_RELATIVE : 0, &H);
	if (r == -ENOENT)
		dief("%s: no cgroup hierarchy mounted", arg.sysroot);
	if (r < 0)
		die(r, "%s", arg.sysroot);
	if (optind < argc) {
		resolve(argv[optind]);
	} else {
		uint64_t all = H->n >= 64 ? UINT64_MAX : (UINT64_C(1) << H->n) - 1;

		if (cgk_target_root(H, all, &T) < 0)
			die(-ENOMEM, "/");
	}
	/* Watches pay for themselves over a long run; a short one (10 refreshes
	 * and 10 s at most) walks once and reads only what its samples need. */
	oneshot = arg.batch && !arg.listen && arg.iterations <= 10 &&
		  arg.iterations * arg.delay_ms <= 10000;
	so.maxdepth = arg.depth;
	so.rescan_every = 60;	/* a safety net under inotify */
	so.flags = sample_flags();
	so.label = T.label;
	r = cgk_sampler_new(H, T.exists, T.mrel, &so, &S);
	if (r < 0)
		die(r, "%s", T.label);

	{
		struct sigaction sa = { .sa_handler = on_signal };

		sigemptyset(&sa.sa_mask);
		sigaction(SIGINT, &sa, NULL);
		sigaction(SIGTERM, &sa, NULL);
		sigaction(SIGHUP, &sa, NULL);
	}
	if (arg.listen)
		serve();
	else if (arg.textfile)
		textfile();
	else if (arg.batch)
		batch();
	else
		interactive();

	names_free();
	cgk_sampler_free(S);
	cgk_target_done(&T);
	cgk_hiers_free(H);
	return EXIT_SUCCESS;	/* q, or a signal: the terminal is back either way */
}
