/* SPDX-License-Identifier: MIT */
/* sample - cgtop's sampler: the cgroup tree, kept-open files, pread, deltas, rates */
#include <dirent.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/openat2.h>
#include <limits.h>
#include <stdio.h>
#include <sys/inotify.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>

#include "cgpath.h"
#include "knob.h"
#include "ns.h"
#include "proc.h"
#include "sample.h"
#include "util.h"
#include "walk.h"
#include "xlate.h"
#include "cgvals.h"

/* ---- pure parsers ---- */

/* Next line of [*P, E): sets *ret_line, *ret_len (without '\n'); false at the end. */
static bool next_line(const char **p, const char *e, const char **ret_line, size_t *ret_len)
{
	const char *eol;

	if (*p >= e)
		return false;
	eol = memchr(*p, '\n', e - *p);
	if (!eol)
		eol = e;
	*ret_line = *p;
	*ret_len = eol - *p;
	*p = eol < e ? eol + 1 : e;
	return true;
}

/* "KEY VALUE" line: true when its key is exactly KEY; *ret_val points at VALUE. */
static bool key_is(const char *l, size_t n, const char *key, const char **ret_val, size_t *ret_vlen)
{
	size_t k = strlen(key);

	if (n <= k || memcmp(l, key, k) || l[k] != ' ')
		return false;
	*ret_val = l + k + 1;
	*ret_vlen = n - k - 1;
	return true;
}

struct key_slot {
	const char *key;
	uint64_t *dst;
	uint64_t scale;
	unsigned bit;
};

/* Fill the slots whose keys appear; *ret_seen gets their bits. 0 or -errno. */
static int parse_keys(const char *buf, size_t len, const struct key_slot *k, size_t nk,
		      unsigned *ret_seen)
{
	const char *p = buf, *e = buf + len, *l;
	unsigned seen = 0;
	size_t n;

	while (next_line(&p, e, &l, &n)) {
		for (size_t i = 0; i < nk; i++) {
			const char *v;
			size_t vl;
			uint64_t x;
			int r;

			if (!key_is(l, n, k[i].key, &v, &vl))
				continue;
			r = cgk_parse_u64(v, vl, &x);
			if (r < 0)
				return r;
			if (k[i].scale > 1 && x > UINT64_MAX / k[i].scale)
				return -ERANGE;
			*k[i].dst = x * k[i].scale;
			seen |= k[i].bit;
			break;
		}
	}
	*ret_seen = seen;
	return 0;
}

int cgk_sample_cpustat_parse(const char *buf, size_t len, struct cgk_cpustat *ret)
{
	struct cgk_cpustat t = { 0 };
	const struct key_slot k[] = {
		{ "nr_periods", &t.nr_periods, 1, 0x1 },
		{ "nr_throttled", &t.nr_throttled, 1, 0x2 },
		{ "throttled_time", &t.throttled_ns, 1, 0x4 },
		{ "throttled_usec", &t.throttled_ns, 1000, 0x4 },
		{ "usage_usec", &t.usage_ns, 1000, 0x8 },
	};
	unsigned seen;
	int r = parse_keys(buf, len, k, ARRAY_SIZE(k), &seen);

	if (r < 0)
		return r;
	t.has_throttle = (seen & 0x7) == 0x7;
	t.has_usage = seen & 0x8;
	if (!t.has_throttle && !t.has_usage)
		return -ENOENT;
	*ret = t;
	return 0;
}

int cgk_sample_memevents_parse(const char *buf, size_t len, struct cgk_memevents *ret)
{
	struct cgk_memevents t = { 0 };
	const struct key_slot k[] = {
		{ "high", &t.high, 1, 0x1 },
		{ "max", &t.max, 1, 0x2 },
		{ "oom", &t.oom, 1, 0x4 },
		{ "oom_kill", &t.oom_kill, 1, 0x8 },
	};
	unsigned seen;
	int r = parse_keys(buf, len, k, ARRAY_SIZE(k), &seen);

	if (r < 0)
		return r;
	if (seen != 0xf)
		return -ENOENT;
	*ret = t;
	return 0;
}

int cgk_sample_oomcontrol_parse(const char *buf, size_t len, uint64_t *ret)
{
	uint64_t t = 0;
	const struct key_slot k[] = { { "oom_kill", &t, 1, 0x1 } };
	unsigned seen;
	int r = parse_keys(buf, len, k, ARRAY_SIZE(k), &seen);

	if (r < 0)
		return r;
	if (!seen)
		return -ENOENT;
	*ret = t;
	return 0;
}

int cgk_sample_memstat_parse(const char *buf, size_t len, struct cgk_sample_memstat *ret)
{
	struct cgk_sample_memstat t = { .hierarchical_limit = UINT64_MAX };
	/* v1 total_* (hierarchical) keys win over the v2 names, whatever the order. */
	uint64_t v2[4] = { 0 };
	const struct key_slot k[] = {
		{ "total_inactive_file", &t.inactive_file, 1, 0x01 },
		{ "total_active_file", &t.active_file, 1, 0x02 },
		{ "total_rss", &t.rss, 1, 0x04 },
		{ "total_cache", &t.cache, 1, 0x08 },
		{ "hierarchical_memory_limit", &t.hierarchical_limit, 1, 0x10 },
		{ "inactive_file", &v2[0], 1, 0x20 },
		{ "active_file", &v2[1], 1, 0x40 },
		{ "anon", &v2[2], 1, 0x80 },
		{ "file", &v2[3], 1, 0x100 },
		{ "total_swap", &t.swap, 1, 0x200 },
	};
	unsigned seen;
	int r = parse_keys(buf, len, k, ARRAY_SIZE(k), &seen);

	if (r < 0)
		return r;
	if (!(seen & 0x01)) {
		if (!(seen & 0x20))
			return -ENOENT;
		t.inactive_file = v2[0];
		t.active_file = v2[1];
		t.rss = v2[2];
		t.cache = v2[3];
	}
	t.has_swap = seen & 0x200;
	*ret = t;
	return 0;
}

/* Add V to *ACC, saturating. */
static void add_sat(uint64_t *acc, uint64_t v)
{
	*acc = *acc > UINT64_MAX - v ? UINT64_MAX : *acc + v;
}

static bool is_devno(const char *s, size_t n)
{
	const char *c = memchr(s, ':', n);

	if (!c || c == s || c == s + n - 1)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s + i != c && (s[i] < '0' || s[i] > '9'))
			return false;
	return true;
}

int cgk_sample_blkio_parse(const char *buf, size_t len, uint64_t *ret_read, uint64_t *ret_write)
{
	struct cgk_sample_io io;
	int r = cgk_sample_io_parse(buf, len, &io);

	if (r < 0)
		return r;
	*ret_read = io.rbytes;
	*ret_write = io.wbytes;
	return 0;
}

int cgk_sample_io_parse(const char *buf, size_t len, struct cgk_sample_io *ret)
{
	const char *p = buf, *e = buf + len, *l;
	uint64_t rd = 0, wr = 0, ri = 0, wi = 0;
	size_t n;

	while (next_line(&p, e, &l, &n)) {
		const char *f[8];
		size_t fl[8], nf = 0;

		for (const char *q = l, *qe = l + n; q < qe && nf < ARRAY_SIZE(f);) {
			const char *s;

			while (q < qe && *q == ' ')
				q++;
			if (q == qe)
				break;
			for (s = q; q < qe && *q != ' '; q++)
				;
			f[nf] = s;
			fl[nf++] = q - s;
		}
		if (nf == 0)
			continue;
		if (nf == 2 && fl[0] == 5 && !memcmp(f[0], "Total", 5)) {
			uint64_t x;

			if (cgk_parse_u64(f[1], fl[1], &x) < 0)
				return -EINVAL;
			continue;	/* the sum of every op: not read nor write */
		}
		if (!is_devno(f[0], fl[0]))
			return -EINVAL;
		if (nf == 3 && !memchr(f[1], '=', fl[1])) {
			/* v1: "MAJ:MIN Op N" */
			uint64_t x;

			if (cgk_parse_u64(f[2], fl[2], &x) < 0)
				return -EINVAL;
			if (fl[1] == 4 && !memcmp(f[1], "Read", 4))
				add_sat(&rd, x);
			else if (fl[1] == 5 && !memcmp(f[1], "Write", 5))
				add_sat(&wr, x);
			continue;
		}
		/* v2 io.stat: "MAJ:MIN key=N ..." */
		for (size_t i = 1; i < nf; i++) {
			const char *eq = memchr(f[i], '=', fl[i]);
			uint64_t x;

			if (!eq || cgk_parse_u64(eq + 1, fl[i] - (eq + 1 - f[i]), &x) < 0)
				return -EINVAL;
			if (eq - f[i] == 6 && !memcmp(f[i], "rbytes", 6))
				add_sat(&rd, x);
			else if (eq - f[i] == 6 && !memcmp(f[i], "wbytes", 6))
				add_sat(&wr, x);
			else if (eq - f[i] == 4 && !memcmp(f[i], "rios", 4))
				add_sat(&ri, x);
			else if (eq - f[i] == 4 && !memcmp(f[i], "wios", 4))
				add_sat(&wi, x);
		}
	}
	*ret = (struct cgk_sample_io){ .rbytes = rd, .wbytes = wr, .rios = ri, .wios = wi };
	return 0;
}

/* A non-negative decimal with at most two fraction digits ("0.75"). */
static int parse_load(const char *s, size_t n, double *ret)
{
	const char *dot = memchr(s, '.', n);
	uint64_t ip, fp = 0;
	size_t fl = 0;

	if (cgk_parse_u64(s, dot ? (size_t)(dot - s) : n, &ip) < 0)
		return -EINVAL;
	if (dot) {
		fl = n - (dot + 1 - s);
		if (fl == 0 || fl > 6)
			return -EINVAL;
		for (size_t i = 0; i < fl; i++)
			if (dot[1 + i] < '0' || dot[1 + i] > '9')
				return -EINVAL;
		if (cgk_parse_u64(dot + 1, fl, &fp) < 0)
			return -EINVAL;
	}
	*ret = (double)ip + (double)fp / (fl == 0 ? 1.0 : fl == 1 ? 10.0 : fl == 2 ? 100.0 :
					     fl == 3 ? 1e3 : fl == 4 ? 1e4 : fl == 5 ? 1e5 : 1e6);
	return 0;
}

/* One "some|full avg10=A avg60=B avg300=C total=N" line after its kind. */
static int psi_line(const char *l, size_t n, double *ret_avg10, uint64_t *ret_total)
{
	const char *p = l, *e = l + n;
	unsigned seen = 0;
	double a = 0;
	uint64_t t = 0;

	while (p < e) {
		const char *f, *eq;
		size_t fl;

		while (p < e && *p == ' ')
			p++;
		if (p == e)
			break;
		for (f = p; p < e && *p != ' '; p++)
			;
		fl = p - f;
		eq = memchr(f, '=', fl);
		if (!eq)
			return -EINVAL;
		if (eq - f == 5 && !memcmp(f, "total", 5)) {
			if (cgk_parse_u64(eq + 1, fl - 6, &t) < 0)
				return -EINVAL;
			seen |= 2;
		} else if (eq - f >= 4 && !memcmp(f, "avg", 3)) {
			double x;

			if (parse_load(eq + 1, fl - (size_t)(eq + 1 - f), &x) < 0)
				return -EINVAL;
			if (eq - f == 5 && !memcmp(f, "avg10", 5)) {
				a = x;
				seen |= 1;
			}
		}		/* another key: a newer kernel's, skipped */
	}
	if (seen != 3)
		return -EINVAL;
	*ret_avg10 = a;
	*ret_total = t;
	return 0;
}

int cgk_sample_psi_parse(const char *buf, size_t len, struct cgk_psi *ret)
{
	const char *p = buf, *e = buf + len, *l;
	struct cgk_psi t = { 0 };
	bool some = false;
	size_t n;

	while (next_line(&p, e, &l, &n)) {
		int r;

		if (n >= 5 && !memcmp(l, "some ", 5)) {
			r = psi_line(l + 5, n - 5, &t.some_avg10, &t.some_total_us);
			some = true;
		} else if (n >= 5 && !memcmp(l, "full ", 5)) {
			r = psi_line(l + 5, n - 5, &t.full_avg10, &t.full_total_us);
			t.has_full = true;
		} else {
			continue;
		}
		if (r < 0)
			return r;
	}
	if (!some)
		return -ENOENT;
	*ret = t;
	return 0;
}

void cgk_sample_state_add(struct cgk_cgroupstats *st, char state)
{
	switch (state) {
	case 'R': st->running++; break;
	case 'S': st->sleeping++; break;
	case 'D': st->uninterruptible++; break;
	case 'T': st->stopped++; break;
	default: break;
	}
}

int cgk_sample_loadavg_parse(const char *buf, size_t len, double ret_load[3], uint64_t *ret_threads)
{
	const char *f[5], *p = buf, *e = buf + len;
	size_t fl[5], nf = 0;
	double l[3];
	uint64_t th;
	const char *slash;

	while (nf < 5) {
		while (p < e && (*p == ' ' || *p == '\n'))
			p++;
		if (p == e)
			break;
		f[nf] = p;
		while (p < e && *p != ' ' && *p != '\n')
			p++;
		fl[nf] = p - f[nf];
		nf++;
	}
	if (nf < 4)
		return -EINVAL;
	for (int i = 0; i < 3; i++)
		if (parse_load(f[i], fl[i], &l[i]) < 0)
			return -EINVAL;
	slash = memchr(f[3], '/', fl[3]);
	if (!slash || cgk_parse_u64(slash + 1, fl[3] - (slash + 1 - f[3]), &th) < 0)
		return -EINVAL;
	memcpy(ret_load, l, sizeof(l));
	*ret_threads = th;
	return 0;
}

uint64_t cgk_counter_delta(uint64_t prev, uint64_t cur)
{
	return cur >= prev ? cur - prev : 0;
}

int cgk_counter_rate(uint64_t prev, uint64_t cur, uint64_t dt_ns, double scale, double *ret)
{
	if (dt_ns == 0)
		return -EDOM;
	*ret = (double)cgk_counter_delta(prev, cur) * 1e9 / (double)dt_ns * scale;
	return 0;
}

/* ---- the sampler ---- */

enum slot {
	F_USAGE, F_CPUSTAT, F_QUOTA, F_PERIOD, F_MEM, F_MEMLIM, F_MEMSTAT, F_BLKIO, F_PIDS,
	F_MEMHIGH, F_MEMEV, F_PSI_CPU, F_PSI_MEM, F_PSI_IO, F_SWAP, F_OOMCTL,
	F_PROCS, F_DIR, F_THREADS, NSLOT	/* these in the cgroup's dir_hier */
};

/*
 * Each value by its v1 name, as lib/xlate knows it: the hierarchy that
 * serves it (cgk_xlate_hier_in: a v1 controller's, or the v2 tree's on a
 * pure v2 host or where v2 holds the controller), then that version's file.
 * v1 == NULL: a v2 file only (lib/xlate finds it by its own name); v2 ==
 * NULL: none on v2 (cpuacct.usage is cpu.stat's usage_usec there, read with
 * F_CPUSTAT; cpu.max holds quota and period). The pressure files are the
 * v2 tree's core files: in every cgroup of it, whatever its controllers.
 */
static const struct {
	const char *v1, *alt, *v2;
	bool core;		/* v2 core file */
} slots[NSLOT] = {
	[F_USAGE] = { .v1 = "cpuacct.usage", .alt = NULL, .v2 = NULL },
	[F_CPUSTAT] = { .v1 = "cpu.stat", .alt = NULL, .v2 = "cpu.stat" },
	[F_QUOTA] = { .v1 = "cpu.cfs_quota_us", .alt = NULL, .v2 = "cpu.max" },
	[F_PERIOD] = { .v1 = "cpu.cfs_period_us", .alt = NULL, .v2 = NULL },
	[F_MEM] = { .v1 = "memory.usage_in_bytes", .alt = NULL, .v2 = "memory.current" },
	[F_MEMLIM] = { .v1 = "memory.limit_in_bytes", .alt = NULL, .v2 = "memory.max" },
	[F_MEMSTAT] = { .v1 = "memory.stat", .alt = NULL, .v2 = "memory.stat" },
	/* the recursive file adds the descendants' IO, as the other columns do */
	[F_BLKIO] = { .v1 = "blkio.throttle.io_service_bytes_recursive",
		      .alt = "blkio.throttle.io_service_bytes", .v2 = "io.stat" },
	[F_PIDS] = { .v1 = "pids.current", .alt = NULL, .v2 = "pids.current" },
	[F_MEMHIGH] = { .v1 = NULL, .alt = NULL, .v2 = "memory.high" },
	[F_MEMEV] = { .v1 = NULL, .alt = NULL, .v2 = "memory.events" },
	[F_PSI_CPU] = { .v1 = NULL, .alt = NULL, .v2 = "cpu.pressure", .core = true },
	[F_PSI_MEM] = { .v1 = NULL, .alt = NULL, .v2 = "memory.pressure", .core = true },
	[F_PSI_IO] = { .v1 = NULL, .alt = NULL, .v2 = "io.pressure", .core = true },
	/* with CGK_SAMPLE_SWAP_OOM only */
	[F_SWAP] = { .v1 = NULL, .alt = NULL, .v2 = "memory.swap.current" },
	[F_OOMCTL] = { .v1 = "memory.oom_control", .alt = NULL, .v2 = NULL },
	[F_PROCS] = { .v1 = "cgroup.procs", .alt = NULL, .v2 = "cgroup.procs" },
	[F_DIR] = { .v1 = ".", .alt = NULL, .v2 = NULL },
	[F_THREADS] = { .v1 = NULL, .alt = NULL, .v2 = "cgroup.threads" },
};

/* A cgroup's own removal is its parent's IN_DELETE; the start's shows as
 * ENODEV on its files. */
#define INO_MASK (IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_MODIFY | IN_ONLYDIR)
#define RESCAN_FALLBACK 10	/* refreshes between rescans without inotify */

struct priv {
	char *rel;		/* below the tree's root; "" for the root */
	int fd[NSLOT];
	int dir_hier;		/* hierarchy of F_PROCS and F_DIR, -1 if none */
	unsigned absent;	/* slots whose file is not there */
	bool watched, stale;
	bool busy;		/* a task was seen in it or below (task scan) */
	int wd_cpu, wd_mem;	/* inotify watches on its cpu and memory directories */
	bool limits_ok;		/* the limits below are current */
	int quota_r, period_r, memlim_r;	/* 0 or -errno of their last read */
	int64_t quota;
	uint64_t period, memlim;
	uint64_t prev_ns;
	unsigned prev_valid;
	uint64_t p_cpu, p_periods, p_thr, p_thr_ns, p_rd, p_wr, p_rios, p_wios, p_high;
	int memhigh_r;
	uint64_t memhigh;
	bool own_iowait;	/* own_states.io_wait is known (taskstats) */
	uint64_t own_procs;
	struct cgk_cgroupstats own_states;
	bool own_states_ok;
};

struct cgk_sampler {
	const struct cgk_hiers *h;
	uint64_t hmask;
	char *const *start;
	struct cgk_sample_opts o;
	char *label;
	int slot_hier[NSLOT];	/* hierarchy index per slot; -1 when none */
	const char *slot_file[NSLOT];	/* its file there */
	int v2;			/* the v2 hierarchy among hmask's, or -1 */
	int dir_pref;		/* preferred hierarchy for F_PROCS/F_DIR */
	struct cgk_sample_cg *cg;
	struct priv *pv;
	size_t n;
	struct cgk_sample_host host;
	struct cgk_taskstats *ts;
	int ino;
	struct { int wd; size_t idx; } *wdmap;	/* open addressing, wd -1 = free */
	size_t wdcap, wdn;
	bool watch_ok, dirty, scanned;
	bool busy_ok;		/* the busy flags are this refresh's */
	size_t *relmap;		/* open addressing: index by rel, SIZE_MAX free */
	size_t relcap;
	unsigned since_rescan;
	size_t fds_kept, transient, rescans, refreshes;
	char buf[CGK_READ_MAX];
};

static void close_fds(int *fd)
{
	for (int k = 0; k < NSLOT; k++)
		if (fd[k] >= 0) {
			close(fd[k]);
			fd[k] = -1;
		}
}

static void priv_release(struct cgk_sampler *s, struct priv *p)
{
	for (int k = 0; k < NSLOT; k++)
		if (p->fd[k] >= 0)
			s->fds_kept--;
	close_fds(p->fd);
}

static void cgs_free(struct cgk_sampler *s, struct cgk_sample_cg *cg, struct priv *pv, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		priv_release(s, &pv[i]);
		free(pv[i].rel);
		free((char *)cg[i].path);
	}
	free(cg);
	free(pv);
}

void cgk_sampler_free(struct cgk_sampler *s)
{
	if (!s)
		return;
	cgs_free(s, s->cg, s->pv, s->n);
	cgk_taskstats_close(s->ts);
	if (s->ino >= 0)
		close(s->ino);
	free(s->wdmap);
	free(s->relmap);
	free(s->label);
	free(s);
}

static size_t default_budget(void)
{
	struct rlimit rl;
	rlim_t cur;

	if (getrlimit(RLIMIT_NOFILE, &rl) < 0 || rl.rlim_cur == RLIM_INFINITY)
		return 1024;
	cur = rl.rlim_cur > (1u << 20) ? (1u << 20) : rl.rlim_cur;
	/* Room for the tool's own files, the transient opens and the tree walk. */
	return cur > 512 ? (size_t)cur - 256 : (size_t)cur / 2;
}

int cgk_sampler_new(const struct cgk_hiers *h, uint64_t hmask, char *const *start,
		    const struct cgk_sample_opts *o, struct cgk_sampler **ret)
{
	struct cgk_sampler *s = calloc(1, sizeof(*s));

	if (!s)
		return -ENOMEM;
	s->h = h;
	s->hmask = hmask;
	s->start = start;
	s->o = *o;
	if (s->o.maxdepth > CGK_WALK_DEPTH_MAX)
		s->o.maxdepth = CGK_WALK_DEPTH_MAX;
	if (!s->o.fd_budget)
		s->o.fd_budget = default_budget();
	s->label = strdup(o->label ? o->label : "/");
	if (!s->label) {
		free(s);
		return -ENOMEM;
	}
	s->dir_pref = s->v2 = -1;
	for (size_t i = 0; i < h->n && s->v2 < 0; i++)
		if (h->v[i].version == 2 && (hmask & (UINT64_C(1) << i)))
			s->v2 = (int)i;
	for (int k = 0; k < F_PROCS; k++) {
		int i = -ENOENT;

		if (slots[k].core)
			i = s->v2;
		else if (slots[k].v1)
			i = cgk_xlate_hier_in(h, slots[k].v1, hmask);
		if (i < 0 && !slots[k].core && slots[k].v2)
			i = cgk_xlate_hier_in(h, slots[k].v2, hmask);
		s->slot_file[k] = i < 0 ? NULL : h->v[i].version == 1 ? slots[k].v1 : slots[k].v2;
		s->slot_hier[k] = s->slot_file[k] ? i : -1;
	}
	for (int k = F_PROCS; k < NSLOT; k++)
		s->slot_hier[k] = -1;
	/* Processes and task states: a v1 hierarchy first (taskstats); pids
	 * and cpuacct are the ones every container runtime populates; on a
	 * pure v2 host the v2 tree. */
	for (int k = F_PIDS; k >= F_USAGE && s->dir_pref < 0; k--)
		if (s->slot_hier[k] >= 0 && (k == F_PIDS || k == F_USAGE || k == F_CPUSTAT) &&
		    h->v[s->slot_hier[k]].version == 1)
			s->dir_pref = s->slot_hier[k];
	if (s->dir_pref < 0 && s->slot_hier[F_PIDS] >= 0)
		s->dir_pref = s->slot_hier[F_PIDS];
	s->ino = s->o.flags & CGK_SAMPLE_ONESHOT ? -1 : inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	s->watch_ok = s->ino >= 0;
	s->dirty = true;
	*ret = s;
	return 0;
}

void cgk_sampler_set_depth(struct cgk_sampler *s, unsigned maxdepth)
{
	s->o.maxdepth = maxdepth > CGK_WALK_DEPTH_MAX ? CGK_WALK_DEPTH_MAX : maxdepth;
	s->dirty = true;
}

void cgk_sampler_set_flags(struct cgk_sampler *s, unsigned flags)
{
	unsigned was = s->o.flags;

	s->o.flags = flags;
	/* a change of what is opened: reopen everything */
	if ((was ^ flags) & (CGK_SAMPLE_PROCS | CGK_SAMPLE_NO_TASKSTATS | CGK_SAMPLE_SWAP_OOM))
		for (size_t i = 0; i < s->n; i++)
			s->pv[i].stale = true;
	s->dirty = true;
}

static bool slot_wanted(const struct cgk_sampler *s, int k)
{
	if (k == F_PROCS)
		return s->o.flags & CGK_SAMPLE_PROCS;
	if (k == F_DIR || k == F_THREADS)
		return !(s->o.flags & CGK_SAMPLE_NO_TASKSTATS);
	if ((k == F_SWAP || k == F_OOMCTL) && !(s->o.flags & CGK_SAMPLE_SWAP_OOM))
		return false;
	return s->slot_hier[k] >= 0;
}

/* The version of slot K's hierarchy (0: none). */
static int slot_version(const struct cgk_sampler *s, int k)
{
	return s->slot_hier[k] >= 0 ? s->h->v[s->slot_hier[k]].version : 0;
}

/* The file of slot K in hierarchy H (for F_PROCS and after: the cgroup's
 * dir_hier), NULL where that version has none. */
static const char *slot_name(const struct cgk_sampler *s, int k, int h)
{
	if (k < F_PROCS)
		return s->slot_file[k];
	return s->h->v[h].version == 1 ? slots[k].v1 : slots[k].v2;
}

/* The mount-relative path of cgroup P in hierarchy I into BUF. */
static int mrel_of(const struct cgk_sampler *s, const struct priv *p, int i, char *buf, size_t size)
{
	const char *st = s->start[i];
	int n = snprintf(buf, size, "%s%s%s", st, *st && *p->rel ? "/" : "", p->rel);

	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

/* Directory fds of one cgroup during one refresh, each opened once. */
struct dirs {
	int fd[CGK_HIER_MAX];
};

static void dirs_close(struct dirs *d)
{
	for (size_t i = 0; i < CGK_HIER_MAX; i++)
		if (d->fd[i] >= 0) {
			close(d->fd[i]);
			d->fd[i] = -1;
		}
}

/* The directory of cgroup P in hierarchy I (owned by D): fd, -ENODEV when
 * it vanished, or -errno. Opened beneath the mount, no symlinks. */
static int dir_of(struct cgk_sampler *s, const struct priv *p, struct dirs *d, int i)
{
	char mrel[CGK_PATH_MAX];
	int r;

	if (d->fd[i] >= 0)
		return d->fd[i];
	r = mrel_of(s, p, i, mrel, sizeof(mrel));
	if (r < 0)
		return r;
	r = cgk_hier_open(&s->h->v[i], mrel, O_RDONLY);
	if (r < 0)
		return r == -ENOENT || r == -ENOTDIR ? -ENODEV : r;
	d->fd[i] = r;
	return r;
}

static size_t wd_slot(int wd, size_t cap)
{
	return ((size_t)wd * 0x9e3779b97f4a7c15ULL >> 7) & (cap - 1);
}

static void wdmap_clear(struct cgk_sampler *s)
{
	for (size_t k = 0; k < s->wdcap; k++)
		s->wdmap[k].wd = -1;
	s->wdn = 0;
}

/* Remember that watch WD is on a directory of cgroup IDX. */
static int wdmap_add(struct cgk_sampler *s, int wd, size_t idx)
{
	size_t k;

	if (2 * (s->wdn + 1) > s->wdcap) {
		size_t cap = s->wdcap ? s->wdcap * 2 : 1024, old = s->wdcap;
		__typeof__(s->wdmap) m = malloc(cap * sizeof(*m)), o = s->wdmap;

		if (!m)
			return -ENOMEM;
		s->wdmap = m;
		s->wdcap = cap;
		wdmap_clear(s);
		for (size_t j = 0; j < old; j++)
			if (o[j].wd >= 0)
				wdmap_add(s, o[j].wd, o[j].idx);
		free(o);
	}
	for (k = wd_slot(wd, s->wdcap); s->wdmap[k].wd >= 0 && s->wdmap[k].wd != wd;
	     k = (k + 1) & (s->wdcap - 1))
		;
	s->wdn += s->wdmap[k].wd < 0;
	s->wdmap[k].wd = wd;
	s->wdmap[k].idx = idx;
	return 0;
}

static size_t wdmap_find(const struct cgk_sampler *s, int wd)
{
	if (!s->wdcap)
		return SIZE_MAX;
	for (size_t k = wd_slot(wd, s->wdcap); s->wdmap[k].wd >= 0; k = (k + 1) & (s->wdcap - 1))
		if (s->wdmap[k].wd == wd)
			return s->wdmap[k].idx;
	return SIZE_MAX;
}

/*
 * Watch cgroup I's directories: cgroups made or removed beneath it (down
 * to the depth) make the next refresh rescan; a write to a limit file
 * makes it reread the limits, which are otherwise not reread at all.
 */
static void watch_dirs(struct cgk_sampler *s, size_t i, struct dirs *d)
{
	const struct cgk_sample_cg *c = &s->cg[i];
	struct priv *p = &s->pv[i];
	bool above = c->depth < s->o.maxdepth ||
		     (c->pod && c->depth == s->o.maxdepth && (s->o.flags & CGK_SAMPLE_POD_KIDS));

	p->watched = true;
	if (s->ino < 0)
		return;
	for (size_t h = 0; h < s->h->n; h++) {
		bool limits = (int)h == s->slot_hier[F_QUOTA] || (int)h == s->slot_hier[F_MEMLIM];
		/* IN_MODIFY (a child's event) costs the kernel a pass over the
		 * directory's files: only where limits live */
		uint32_t mask = (above ? INO_MASK & ~IN_MODIFY : IN_ONLYDIR) | (limits ? IN_MODIFY : 0);
		char path[64];
		int dfd, wd;

		if (!(c->hmask & s->hmask & (UINT64_C(1) << h)) || mask == IN_ONLYDIR)
			continue;
		dfd = dir_of(s, p, d, (int)h);
		if (dfd < 0)
			continue;
		snprintf(path, sizeof(path), "/proc/self/fd/%d", dfd);
		wd = inotify_add_watch(s->ino, path, mask);
		if (wd < 0 || wdmap_add(s, wd, i) < 0) {
			s->watch_ok = false;	/* out of watches: rescan by the clock */
			continue;
		}
		if ((int)h == s->slot_hier[F_QUOTA])
			p->wd_cpu = wd;
		if ((int)h == s->slot_hier[F_MEMLIM])
			p->wd_mem = wd;
	}
}

/*
 * File FILE of cgroup P in hierarchy I, opened by its path beneath the
 * mount with no symlinks (as cgk_hier_open does for directories): one
 * syscall where a directory fd would cost an open and a close more.
 * fd or -errno (-ENOENT: the file or the cgroup is not there).
 */
static int open_by_path(const struct cgk_sampler *s, const struct priv *p, int i, const char *file)
{
	struct open_how how = {
		.flags = O_RDONLY | O_CLOEXEC | O_NOFOLLOW,
		.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS,
	};
	static bool no_openat2;
	char path[CGK_PATH_MAX + 64];
	int n, fd;

	n = mrel_of(s, p, i, path, CGK_PATH_MAX);
	if (n < 0)
		return n;
	n = (int)strlen(path);
	snprintf(path + n, sizeof(path) - (size_t)n, "%s%s", n ? "/" : "", file);
	if (!no_openat2) {
		fd = (int)syscall(SYS_openat2, s->h->v[i].fd, path, &how, sizeof(how));
		if (fd >= 0 || errno != ENOSYS)
			return fd < 0 ? -errno : fd;
		no_openat2 = true;
	}
	/* the start was checked for ".." (cgk_cgpath_is_safe); the rest are
	 * names read from the directories */
	fd = openat(s->h->v[i].fd, path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	return fd < 0 ? -errno : fd;
}

/*
 * The fd of slot K of cgroup I: kept from an earlier refresh, or opened
 * now. A new fd is kept while the fd budget allows; beyond it, it serves
 * this refresh only (*ret_tmp: the caller closes it). -ENOENT when the
 * file is not there (remembered), -ENODEV when the cgroup vanished.
 */
static int slot_fd(struct cgk_sampler *s, size_t i, int k, struct dirs *d, bool *ret_tmp)
{
	struct priv *p = &s->pv[i];
	int h = k >= F_PROCS ? p->dir_hier : s->slot_hier[k], dfd, fd;
	const char *file, *alt;

	*ret_tmp = false;
	if (p->fd[k] >= 0)
		return p->fd[k];
	if (!slot_wanted(s, k) || h < 0 || !(s->cg[i].hmask & (UINT64_C(1) << h)) ||
	    (p->absent & (1u << k)) || !(file = slot_name(s, k, h)))
		return -ENOENT;
	alt = s->h->v[h].version == 1 ? slots[k].alt : NULL;
	if ((s->o.flags & CGK_SAMPLE_ONESHOT) && k < F_PROCS) {
		fd = open_by_path(s, p, h, file);
		if (fd == -ENOENT && alt)
			fd = open_by_path(s, p, h, alt);
		if (fd < 0) {
			if (fd == -ENOENT)
				p->absent |= 1u << k;
			return fd;
		}
		goto got;
	}
	dfd = dir_of(s, p, d, h);
	if (dfd < 0)
		return dfd;
	if (k == F_DIR) {
		fd = fcntl(dfd, F_DUPFD_CLOEXEC, 3);
	} else {
		fd = openat(dfd, file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
		if (fd < 0 && errno == ENOENT && alt)
			fd = openat(dfd, alt, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	}
	if (fd < 0) {
		if (errno == ENOENT)
			p->absent |= 1u << k;	/* the root has no pids.current */
		return -errno;
	}
got:
	if (s->fds_kept < s->o.fd_budget) {
		p->fd[k] = fd;
		s->fds_kept++;
		return fd;
	}
	s->transient++;
	*ret_tmp = true;
	return fd;
}

static bool gone(ssize_t r)
{
	return r == -ENODEV || r == -ESTALE;
}

/* pread the whole (small) file at FD into s->buf. Length or -errno. */
static ssize_t slurp(struct cgk_sampler *s, int fd)
{
	ssize_t n;

	do
		n = pread(fd, s->buf, sizeof(s->buf) - 1, 0);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	if ((size_t)n == sizeof(s->buf) - 1)
		return -EFBIG;
	s->buf[n] = '\0';
	return n;
}

/*
 * Call EACH(S, ID, CTX) for every id listed at FD (cgroup.procs,
 * cgroup.threads: one number a line), reading from the start, then on in
 * order: v2's files walk the tasks as they are read, and a pread at an
 * offset (a seek) restarts that walk, listing tasks twice. 0 or -errno.
 */
static int each_listed(struct cgk_sampler *s, int fd,
		       void (*each)(struct cgk_sampler *s, uint64_t id, void *ctx), void *ctx)
{
	size_t carry = 0;

	if (lseek(fd, 0, SEEK_SET) < 0)
		return -errno;
	for (;;) {
		ssize_t r;
		char *p, *e;

		do
			r = read(fd, s->buf + carry, sizeof(s->buf) - 1 - carry);
		while (r < 0 && errno == EINTR);
		if (r < 0)
			return -errno;
		if (r == 0)
			break;
		e = s->buf + carry + r;
		for (p = s->buf; p < e;) {
			char *nl = memchr(p, '\n', e - p);
			uint64_t id;

			if (!nl)
				break;
			if (cgk_parse_u64(p, nl - p, &id) == 0)
				each(s, id, ctx);
			p = nl + 1;
		}
		carry = e - p;
		memmove(s->buf, p, carry);
	}
	return 0;
}

/* each_listed: a process, unless a kernel thread not asked for */
static void count_proc(struct cgk_sampler *s, uint64_t pid, void *ctx)
{
	bool kt = false;

	if (!(s->o.flags & CGK_SAMPLE_KTHREADS) && pid <= INT_MAX) {
		struct cgk_pidstat ps;

		kt = cgk_pidstat_read(s->h->procfd, (pid_t)pid, &ps) == 0 &&
		     cgk_pidstat_is_kthread(&ps);
	}
	*(uint64_t *)ctx += !kt;
}

/* Processes in cgroup.procs at FD; kernel threads dropped unless asked. */
static ssize_t count_procs(struct cgk_sampler *s, int fd, uint64_t *ret)
{
	uint64_t n = 0;
	int r = each_listed(s, fd, count_proc, &n);

	if (r < 0)
		return r;
	*ret = n;
	return 0;
}

/*
 * Read slot K of cgroup I into s->buf (or count its processes into
 * *RET_COUNT for F_PROCS). Length or -errno; a cgroup found gone is marked
 * stale and the tree dirty.
 */
static ssize_t read_slot(struct cgk_sampler *s, size_t i, int k, struct dirs *d, uint64_t *ret_count)
{
	bool tmp;
	int fd = slot_fd(s, i, k, d, &tmp);
	ssize_t n;

	if (fd < 0)
		n = fd;
	else if (k == F_PROCS)
		n = count_procs(s, fd, ret_count);
	else
		n = slurp(s, fd);
	if (fd >= 0 && tmp)
		close(fd);
	if (gone(n))
		s->pv[i].stale = s->dirty = true;
	return n;
}

static int read_u64(struct cgk_sampler *s, size_t i, int k, struct dirs *d, uint64_t *ret)
{
	ssize_t n = read_slot(s, i, k, d, NULL);

	return n < 0 ? (int)n : cgk_parse_u64(s->buf, (size_t)n, ret);
}

/* A limit: a number, or "max" (UINT64_MAX). */
static int read_limit(struct cgk_sampler *s, size_t i, int k, struct dirs *d, uint64_t *ret)
{
	ssize_t n = read_slot(s, i, k, d, NULL);

	if (n < 0)
		return (int)n;
	if ((n == 3 || (n == 4 && s->buf[3] == '\n')) && !memcmp(s->buf, "max", 3)) {
		*ret = UINT64_MAX;
		return 0;
	}
	return cgk_parse_u64(s->buf, (size_t)n, ret);
}

/* each_listed: a thread's state from its /proc/TID/stat; one gone is skipped */
static void count_state(struct cgk_sampler *s, uint64_t tid, void *ctx)
{
	struct cgk_pidstat ps;

	if (tid <= INT_MAX && cgk_pidstat_read(s->h->procfd, (pid_t)tid, &ps) == 0)
		cgk_sample_state_add(ctx, ps.state);
}

/*
 * Task states of the threads listed in cgroup.threads at FD, each from its
 * /proc/TID/stat (taskstats' cgroupstats takes no v2 directory). Threads
 * gone meanwhile are skipped. 0 or -errno.
 */
static int count_states(struct cgk_sampler *s, int fd, struct cgk_cgroupstats *ret)
{
	struct cgk_cgroupstats st = { 0 };
	int r = each_listed(s, fd, count_state, &st);

	if (r < 0)
		return r;
	*ret = st;
	return 0;
}

static int read_s64(struct cgk_sampler *s, size_t i, int k, struct dirs *d, int64_t *ret)
{
	ssize_t n = read_slot(s, i, k, d, NULL);

	return n < 0 ? (int)n : cgk_parse_s64(s->buf, (size_t)n, ret);
}

/* Read cgroup I's values; rates against its previous round. */
static void read_cg(struct cgk_sampler *s, size_t i, uint64_t now)
{
	struct cgk_sample_cg *c = &s->cg[i];
	struct priv *p = &s->pv[i];
	struct cgk_cpustat cs;
	struct cgk_sample_io io;
	bool cs_ok = false;
	struct dirs d;
	unsigned v = 0;
	uint64_t dt;
	int64_t q = -1;
	ssize_t n;
	int pids_r = 1;		/* pids.current: 1 not read yet, else 0 or -errno */

	for (size_t h = 0; h < CGK_HIER_MAX; h++)
		d.fd[h] = -1;
	if (!p->watched)
		watch_dirs(s, i, &d);	/* a cgroup made in an empty one shows too */
	if ((s->o.flags & CGK_SAMPLE_SKIP_EMPTY) && !(s->o.flags & CGK_SAMPLE_PROCS) && i > 0) {
		/* empty, and shown by nobody: its count is all there is to read,
		 * and not even that when the task scan saw nothing in it */
		if (s->busy_ok && !p->busy && s->slot_hier[F_PIDS] >= 0 &&
		    (c->hmask & (UINT64_C(1) << s->slot_hier[F_PIDS]))) {
			c->tasks = 0;
			pids_r = 0;
		} else {
			pids_r = read_u64(s, i, F_PIDS, &d, &c->tasks);
		}
		if (pids_r == 0 && c->tasks == 0) {
			dirs_close(&d);
			memset(&p->own_states, 0, sizeof(p->own_states));
			p->own_states_ok = p->own_iowait = true;
			c->valid = CGK_SV_TASKS;
			p->prev_ns = now;
			p->prev_valid = c->valid;
			return;
		}
	}
	if (s->slot_hier[F_USAGE] >= 0) {
		if (read_u64(s, i, F_USAGE, &d, &c->cpu_ns) == 0)
			v |= CGK_SV_CPU;
	} else if (slot_version(s, F_CPUSTAT) == 2) {
		/* v2: usage_usec of cpu.stat, with the throttling counts */
		n = read_slot(s, i, F_CPUSTAT, &d, NULL);
		cs_ok = n >= 0 && cgk_sample_cpustat_parse(s->buf, (size_t)n, &cs) == 0;
		if (cs_ok && cs.has_usage) {
			c->cpu_ns = cs.usage_ns;
			v |= CGK_SV_CPU;
		}
	}
	if (!p->limits_ok || !s->watch_ok) {
		/* read once, then again only when inotify says they were written */
		if (slot_version(s, F_QUOTA) == 2) {
			int64_t per;

			n = read_slot(s, i, F_QUOTA, &d, NULL);
			p->quota_r = n < 0 ? (int)n : cgk_cpumax_parse(s->buf, (size_t)n, &p->quota, &per);
			p->period = p->quota_r == 0 ? (uint64_t)per : 0;
			p->period_r = p->quota_r == 0 && p->quota > 0 ? 0 : -ENOENT;
		} else {
			p->quota_r = read_s64(s, i, F_QUOTA, &d, &p->quota);
			p->period_r = p->quota_r == 0 && p->quota > 0 ?
				      read_u64(s, i, F_PERIOD, &d, &p->period) : -ENOENT;
		}
		p->memlim_r = read_limit(s, i, F_MEMLIM, &d, &p->memlim);
		p->memhigh_r = read_limit(s, i, F_MEMHIGH, &d, &p->memhigh);
		p->limits_ok = !p->stale;
	}
	if (p->quota_r == 0) {
		q = p->quota;
		v |= CGK_SV_CPU_QUOTA;
		/* the period and the throttling counts matter only under a quota */
		if (q > 0 && p->period_r == 0 && p->period > 0) {
			c->cpu_limit = (double)q / (double)p->period;
			v |= CGK_SV_CPU_LIMIT;
		}
	}
	if (q > 0) {
		if (!cs_ok) {
			n = read_slot(s, i, F_CPUSTAT, &d, NULL);
			cs_ok = n >= 0 && cgk_sample_cpustat_parse(s->buf, (size_t)n, &cs) == 0;
		}
		if (cs_ok && cs.has_throttle) {
			c->nr_periods = cs.nr_periods;
			c->nr_throttled = cs.nr_throttled;
			c->throttled_ns = cs.throttled_ns;
			v |= CGK_SV_THROTTLE;
		}
	}
	if (read_u64(s, i, F_MEM, &d, &c->mem) == 0) {
		v |= CGK_SV_MEM;
	} else if (i == 0 && slot_version(s, F_MEM) == 2 && !*s->start[s->slot_hier[F_MEM]] &&
		   s->host.mem_total) {
		/* v2's root has no memory.current: what the host uses, as
		 * systemd-cgtop shows it there */
		c->mem = s->host.mem_total - s->host.mem_available;
		v |= CGK_SV_MEM;
	}
	if (p->memhigh_r == 0 && p->memhigh < CGK_MEM_UNLIMITED) {
		c->mem_high = p->memhigh;
		v |= CGK_SV_MEM_HIGH;
	}
	n = read_slot(s, i, F_MEMEV, &d, NULL);
	if (n >= 0 && cgk_sample_memevents_parse(s->buf, (size_t)n, &c->mev) == 0) {
		c->oom_kill = c->mev.oom_kill;
		v |= CGK_SV_MEM_EVENTS | CGK_SV_OOM_KILL;
	} else {
		n = read_slot(s, i, F_OOMCTL, &d, NULL);
		if (n >= 0 && cgk_sample_oomcontrol_parse(s->buf, (size_t)n, &c->oom_kill) == 0)
			v |= CGK_SV_OOM_KILL;
	}
	for (int k = 0; k < CGK_PSI_N; k++) {
		n = read_slot(s, i, F_PSI_CPU + k, &d, NULL);
		if (n >= 0 && cgk_sample_psi_parse(s->buf, (size_t)n, &c->psi[k]) == 0)
			v |= CGK_SV_PSI_CPU << k;
	}
	if (p->memlim_r == 0) {
		v |= CGK_SV_MEM_LIMIT_READ;
		if (p->memlim < CGK_MEM_UNLIMITED) {
			c->mem_limit = p->memlim;
			v |= CGK_SV_MEM_LIMIT;
		}
	}
	if (v & CGK_SV_MEM) {
		struct cgk_sample_memstat ms;

		n = read_slot(s, i, F_MEMSTAT, &d, NULL);
		if (n >= 0 && cgk_sample_memstat_parse(s->buf, (size_t)n, &ms) == 0) {
			/* working set, as docker stats and cAdvisor define it */
			c->wset = c->mem > ms.inactive_file ? c->mem - ms.inactive_file : 0;
			c->mem_rss = ms.rss;
			c->mem_cache = ms.cache;
			v |= CGK_SV_WSET;
			if (ms.has_swap) {
				c->mem_swap = ms.swap;
				v |= CGK_SV_MEM_SWAP;
			}
		}
		if (!(v & CGK_SV_MEM_SWAP) && read_u64(s, i, F_SWAP, &d, &c->mem_swap) == 0)
			v |= CGK_SV_MEM_SWAP;
	}
	n = read_slot(s, i, F_BLKIO, &d, NULL);
	if (n >= 0 && cgk_sample_io_parse(s->buf, (size_t)n, &io) == 0) {
		c->io_read = io.rbytes;
		c->io_write = io.wbytes;
		v |= CGK_SV_IO;
		if (slot_version(s, F_BLKIO) == 2) {
			c->io_rios = io.rios;
			c->io_wios = io.wios;
			v |= CGK_SV_IO_OPS;
		}
	}
	if (s->o.flags & CGK_SAMPLE_PROCS) {
		if (read_slot(s, i, F_PROCS, &d, &p->own_procs) == 0) {
			c->tasks = p->own_procs;
			v |= CGK_SV_TASKS;
		}
	} else if ((pids_r == 1 ? read_u64(s, i, F_PIDS, &d, &c->tasks) : pids_r) == 0) {
		v |= CGK_SV_TASKS;
	} else if (i == 0 && s->slot_hier[F_PIDS] >= 0 && !*s->start[s->slot_hier[F_PIDS]] &&
		   s->host.threads) {
		/* the pids hierarchy's root has no pids.current: every thread
		 * is in it (a tree without a pids hierarchy has no count) */
		c->tasks = s->host.threads;
		v |= CGK_SV_TASKS;
	}
	p->own_states_ok = p->own_iowait = false;
	if (!(s->o.flags & CGK_SAMPLE_PROCS) && (v & CGK_SV_TASKS) && c->tasks == 0) {
		/* nothing in it nor below: no question to ask the kernel */
		memset(&p->own_states, 0, sizeof(p->own_states));
		p->own_states_ok = p->own_iowait = true;
	} else if (p->dir_hier >= 0 && s->h->v[p->dir_hier].version == 2) {
		bool tmp;
		int fd = slot_fd(s, i, F_THREADS, &d, &tmp), r;

		if (fd >= 0) {
			r = count_states(s, fd, &p->own_states);
			p->own_states_ok = r == 0;
			if (tmp)
				close(fd);
			if (gone(r))
				p->stale = s->dirty = true;
		}
	} else if (s->ts) {
		bool tmp;
		int fd = slot_fd(s, i, F_DIR, &d, &tmp), r;

		if (fd >= 0) {
			r = cgk_taskstats_cgroup(s->ts, fd, &p->own_states);
			p->own_states_ok = p->own_iowait = r == 0;
			if (tmp)
				close(fd);
			if (gone(r))
				p->stale = s->dirty = true;
		}
	}
	dirs_close(&d);

	/* rates */
	dt = now > p->prev_ns ? now - p->prev_ns : 0;
	if (p->prev_ns && (v & p->prev_valid & CGK_SV_CPU) &&
	    cgk_counter_rate(p->p_cpu, c->cpu_ns, dt, 100.0 / 1e9, &c->cpu_percent) == 0)
		v |= CGK_SV_CPU_RATE;
	if ((v & CGK_SV_CPU_QUOTA) && q <= 0) {
		/* no quota, no throttling */
		c->throttled_percent = c->throttled_sec = 0;
		v |= CGK_SV_THROTTLE_RATE;
	} else if (p->prev_ns && (v & p->prev_valid & CGK_SV_THROTTLE)) {
		uint64_t dp = cgk_counter_delta(p->p_periods, c->nr_periods);
		uint64_t dthr = cgk_counter_delta(p->p_thr, c->nr_throttled);

		c->throttled_percent = dp ? (double)(dthr > dp ? dp : dthr) * 100.0 / (double)dp : 0;
		c->throttled_sec = (double)cgk_counter_delta(p->p_thr_ns, c->throttled_ns) / 1e9;
		v |= CGK_SV_THROTTLE_RATE;
	}
	if (p->prev_ns && (v & p->prev_valid & CGK_SV_IO) &&
	    cgk_counter_rate(p->p_rd, c->io_read, dt, 1, &c->io_read_bps) == 0 &&
	    cgk_counter_rate(p->p_wr, c->io_write, dt, 1, &c->io_write_bps) == 0)
		v |= CGK_SV_IO_RATE;
	if (p->prev_ns && (v & p->prev_valid & CGK_SV_IO_OPS) &&
	    cgk_counter_rate(p->p_rios, c->io_rios, dt, 1, &c->io_read_iops) == 0 &&
	    cgk_counter_rate(p->p_wios, c->io_wios, dt, 1, &c->io_write_iops) == 0)
		v |= CGK_SV_IO_OPS_RATE;
	if (p->prev_ns && (v & p->prev_valid & CGK_SV_MEM_EVENTS) &&
	    cgk_counter_rate(p->p_high, c->mev.high, dt, 1, &c->high_per_sec) == 0)
		v |= CGK_SV_MEM_EVENTS_RATE;
	c->valid = v;
	p->prev_ns = now;
	p->prev_valid = v;
	p->p_cpu = c->cpu_ns;
	p->p_periods = c->nr_periods;
	p->p_thr = c->nr_throttled;
	p->p_thr_ns = c->throttled_ns;
	p->p_rd = c->io_read;
	p->p_wr = c->io_write;
	p->p_rios = c->io_rios;
	p->p_wios = c->io_wios;
	p->p_high = c->mev.high;
}

/* ---- rescan: walk the tree again, keep what still exists ---- */

struct build {
	struct cgk_sample_cg *cg;
	struct priv *pv;
	size_t n, cap;
	int err;
};

static int first_v1(const struct cgk_sampler *s, uint64_t mask)
{
	for (size_t i = 0; i < s->h->n; i++)
		if ((mask & (UINT64_C(1) << i)) && s->h->v[i].version == 1)
			return (int)i;
	return -1;
}

static void build_node(struct cgk_sampler *s, struct build *b, const struct cgk_node *node,
		       size_t parent, char *rel, size_t rlen)
{
	struct cgk_sample_cg *c;
	struct priv *p;
	char mrel[CGK_PATH_MAX];
	size_t me;
	int i;

	if (b->err)
		return;
	/* one level past the depth: a pod's containers alone */
	if (node->depth > s->o.maxdepth &&
	    (!(s->o.flags & CGK_SAMPLE_POD_KIDS) || parent == CGK_SAMPLE_NONE || !b->cg[parent].pod))
		return;
	if (b->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 256;
		void *x = realloc(b->cg, cap * sizeof(*b->cg)), *y;

		if (!x) {
			b->err = -ENOMEM;
			return;
		}
		b->cg = x;
		y = realloc(b->pv, cap * sizeof(*b->pv));
		if (!y) {
			b->err = -ENOMEM;
			return;
		}
		b->pv = y;
		b->cap = cap;
	}
	me = b->n;
	c = memset(&b->cg[me], 0, sizeof(*c));
	p = memset(&b->pv[me], 0, sizeof(*p));
	for (int k = 0; k < NSLOT; k++)
		p->fd[k] = -1;
	p->wd_cpu = p->wd_mem = -1;
	p->rel = strdup(rel);
	{
		size_t ll = strlen(s->label);
		bool slash = !(ll == 1 && s->label[0] == '/');
		char *path = malloc(ll + rlen + 2);

		if (!p->rel || !path) {
			free(p->rel);
			free(path);
			b->err = -ENOMEM;
			return;
		}
		if (!rlen)
			memcpy(path, s->label, ll + 1);
		else
			snprintf(path, ll + rlen + 2, "%s/%s", slash ? s->label : "", rel);
		c->path = path;
		c->name = rlen ? strrchr(path, '/') + 1 : path;
	}
	b->n++;
	c->parent = parent;
	c->depth = node->depth;
	c->hmask = node->hmask;
	p->dir_hier = s->dir_pref >= 0 && (c->hmask & (UINT64_C(1) << s->dir_pref)) ?
		      s->dir_pref : first_v1(s, c->hmask & s->hmask);
	if (p->dir_hier < 0 && s->v2 >= 0 && (c->hmask & (UINT64_C(1) << s->v2)))
		p->dir_hier = s->v2;
	i = first_v1(s, c->hmask & s->hmask);
	if (i < 0)
		i = __builtin_ctzll(c->hmask ? c->hmask : 1);
	if (mrel_of(s, p, i, mrel, sizeof(mrel)) == 0) {
		char uid[37];
		enum cgk_qos qos;

		/* /<namespace>/<id> and kubepods cgroupfs paths: the shim says (as cgls) */
		int cfd = cgk_container_wants_shim(mrel) ?
			  cgk_hier_open(&s->h->v[i], mrel, O_PATH) : -EBADF;
		int r = cgk_container_probe(s->h->procfd, cfd, mrel, NULL, 0, &c->ctr);

		if (cfd >= 0)
			close(cfd);
		if (r == 1) {
			c->container = true;
		} else if (cgk_pod_parse(mrel, uid, &qos) == 1) {
			c->pod = true;
			memcpy(c->ctr.pod_uid, uid, sizeof(uid));
			c->ctr.qos = qos;
		}
	}
	for (size_t j = 0; j < node->nchildren; j++) {
		const char *nm = node->children[j]->name;
		size_t l = strlen(nm);

		if (rlen + l + 2 >= CGK_PATH_MAX)
			continue;
		if (rlen)
			rel[rlen] = '/';
		memcpy(rel + rlen + !!rlen, nm, l + 1);
		build_node(s, b, node->children[j], me, rel, rlen + !!rlen + l);
		rel[rlen] = '\0';
	}
}

static uint64_t str_hash(const char *str)
{
	uint64_t x = 0xcbf29ce484222325ULL;

	for (; *str; str++)
		x = (x ^ (unsigned char)*str) * 0x100000001b3ULL;
	return x ^ (x >> 29);
}

static bool limit_file(const char *name)
{
	return streq(name, "cpu.cfs_quota_us") || streq(name, "cpu.cfs_period_us") ||
	       streq(name, "memory.limit_in_bytes") || streq(name, "cpu.max") ||
	       streq(name, "memory.max") || streq(name, "memory.high");
}

/* Drain the inotify queue: true when the tree changed; limits written
 * mark their cgroup for a reread. */
static bool drain(struct cgk_sampler *s)
{
	_Alignas(struct inotify_event) char buf[8192];
	bool changed = false;

	if (s->ino < 0)
		return false;
	for (;;) {
		ssize_t n = read(s->ino, buf, sizeof(buf));

		if (n <= 0) {
			if (n < 0 && errno == EINTR)
				continue;
			return changed;
		}
		for (char *q = buf; q < buf + n;) {
			const struct inotify_event *e = (const struct inotify_event *)q;

			q += sizeof(*e) + e->len;
			if (e->mask & IN_Q_OVERFLOW) {
				changed = true;	/* lost events: trust nothing */
				for (size_t i = 0; i < s->n; i++)
					s->pv[i].limits_ok = false;
			} else if (e->mask & IN_MODIFY) {
				size_t i = wdmap_find(s, e->wd);

				if (e->len && limit_file(e->name) && i < s->n)
					s->pv[i].limits_ok = false;
			} else if (e->mask & IN_ISDIR) {
				changed = true;	/* a cgroup made, removed or renamed */
			}
		}
	}
}

static int rescan(struct cgk_sampler *s)
{
	struct build b = { 0 };
	struct cgk_tree *tree;
	char rel[CGK_PATH_MAX] = "";
	size_t hcap, *slot;
	int r;

	drain(s);
	s->dirty = false;
	s->since_rescan = 0;
	r = cgk_tree_build(s->h, s->hmask, s->start,
			   s->o.maxdepth + ((s->o.flags & CGK_SAMPLE_POD_KIDS) &&
					    s->o.maxdepth < CGK_WALK_DEPTH_MAX), 0, &tree);
	if (r < 0)
		return r;
	build_node(s, &b, tree->root, CGK_SAMPLE_NONE, rel, 0);
	cgk_tree_free(tree);
	if (b.err) {
		cgs_free(s, b.cg, b.pv, b.n);
		return b.err;
	}
	/* Carry every cgroup that is still there (same path, same
	 * hierarchies, files not stale) over: its fds and previous counters. */
	for (hcap = 64; hcap < 2 * s->n; hcap *= 2)
		;
	slot = malloc(hcap * sizeof(*slot));
	if (!slot) {
		cgs_free(s, b.cg, b.pv, b.n);
		return -ENOMEM;
	}
	for (size_t k = 0; k < hcap; k++)
		slot[k] = SIZE_MAX;
	for (size_t i = 0; i < s->n; i++) {
		size_t k = str_hash(s->pv[i].rel) & (hcap - 1);

		while (slot[k] != SIZE_MAX)
			k = (k + 1) & (hcap - 1);
		slot[k] = i;
	}
	for (size_t j = 0; j < b.n; j++) {
		struct priv *np = &b.pv[j];

		for (size_t k = str_hash(np->rel) & (hcap - 1); slot[k] != SIZE_MAX;
		     k = (k + 1) & (hcap - 1)) {
			struct priv *op = &s->pv[slot[k]];
			char *rl;

			if (!streq(op->rel, np->rel))
				continue;
			if (!op->stale && s->cg[slot[k]].hmask == b.cg[j].hmask &&
			    op->dir_hier == np->dir_hier) {
				rl = np->rel;
				*np = *op;
				np->rel = rl;
				/* the old entry no longer owns them */
				for (int f = 0; f < NSLOT; f++)
					op->fd[f] = -1;
			}
			break;
		}
	}
	free(slot);
	cgs_free(s, s->cg, s->pv, s->n);
	s->cg = b.cg;
	s->pv = b.pv;
	s->n = b.n;
	/* indices moved: map the watches again; a rescan rereads every limit */
	wdmap_clear(s);
	for (size_t j = 0; j < s->n; j++) {
		s->pv[j].limits_ok = false;
		if (s->pv[j].wd_cpu >= 0)
			wdmap_add(s, s->pv[j].wd_cpu, j);
		if (s->pv[j].wd_mem >= 0)
			wdmap_add(s, s->pv[j].wd_mem, j);
	}
	s->relcap = 0;		/* indices moved: the task scan maps them again */
	s->rescans++;
	return 0;
}

/* Index every cgroup of the tree by its rel, for the task scan. */
static int relmap_build(struct cgk_sampler *s)
{
	size_t cap;

	for (cap = 64; cap < 2 * s->n; cap *= 2)
		;
	if (cap != s->relcap) {
		size_t *m = realloc(s->relmap, cap * sizeof(*m));

		if (!m)
			return -ENOMEM;
		s->relmap = m;
		s->relcap = cap;
	}
	for (size_t k = 0; k < cap; k++)
		s->relmap[k] = SIZE_MAX;
	for (size_t i = 0; i < s->n; i++) {
		size_t k = str_hash(s->pv[i].rel) & (cap - 1);

		while (s->relmap[k] != SIZE_MAX)
			k = (k + 1) & (cap - 1);
		s->relmap[k] = i;
	}
	return 0;
}

static size_t relmap_find(const struct cgk_sampler *s, const char *rel)
{
	for (size_t k = str_hash(rel) & (s->relcap - 1); s->relmap[k] != SIZE_MAX;
	     k = (k + 1) & (s->relcap - 1))
		if (streq(s->pv[s->relmap[k]].rel, rel))
			return s->relmap[k];
	return SIZE_MAX;
}

/* Task TID is in pids cgroup PATH (normalised): mark the deepest cgroup of
 * the tree on that path, and its ancestors, busy. */
static void mark_busy(struct cgk_sampler *s, char *path)
{
	const char *st = s->start[s->slot_hier[F_PIDS]];
	size_t sl = strlen(st), i;
	char *rel = path, *slash;

	if (sl) {
		if (strncmp(path, st, sl) || (path[sl] && path[sl] != '/'))
			return;		/* outside the tree */
		rel = path + sl + (path[sl] == '/');
	}
	/* deeper than the walk went, or made since: its ancestor in the tree */
	while ((i = relmap_find(s, rel)) == SIZE_MAX) {
		slash = strrchr(rel, '/');
		if (!slash && !*rel)
			return;
		if (slash)
			*slash = '\0';
		else
			*rel = '\0';
	}
	for (; i != CGK_SAMPLE_NONE && !s->pv[i].busy; i = s->cg[i].parent)
		s->pv[i].busy = true;
}

/*
 * Which cgroups hold a task, from every task's /proc/TID/cgroup (its line
 * of the pids hierarchy): a few hundred small reads where pids.current of
 * every cgroup would be thousands. A task of the pids hierarchy is counted
 * in pids.current of its cgroup and every ancestor, so a cgroup no task is
 * in or below reads 0 there. 0 or -errno (the flags are then not used).
 */
static int scan_tasks(struct cgk_sampler *s)
{
	int ph = s->slot_hier[F_PIDS];
	char *paths[CGK_HIER_MAX];
	pid_t *pids = NULL;
	size_t np = 0;
	int r;

	s->busy_ok = false;
	if (!s->relcap && (r = relmap_build(s)) < 0)
		return r;
	for (size_t i = 0; i < s->n; i++)
		s->pv[i].busy = false;
	r = cgk_proc_list_pids(s->h->procfd, &pids, &np);
	if (r < 0)
		return r;
	for (size_t k = 0; k < np && r >= 0; k++) {
		char dir[32];
		int fd;
		DIR *d;
		struct dirent *de;

		snprintf(dir, sizeof(dir), "%d/task", (int)pids[k]);
		fd = openat(s->h->procfd, dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0)
			continue;	/* gone */
		d = fdopendir(fd);
		if (!d) {
			close(fd);
			r = -ENOMEM;
			break;
		}
		while ((de = readdir(d))) {
			uint64_t tid;

			if (cgk_parse_u64(de->d_name, strlen(de->d_name), &tid) < 0 || tid > INT_MAX)
				continue;
			r = cgk_hiers_pid_paths(s->h, (pid_t)tid, paths);
			if (r == -ESRCH || r == -EINVAL) {
				r = 0;	/* gone mid-scan, or a zombie's empty file */
				continue;
			}
			if (r < 0)
				break;
			if (paths[ph])
				mark_busy(s, paths[ph]);
			for (size_t i = 0; i < s->h->n; i++)
				free(paths[i]);
		}
		closedir(d);
	}
	free(pids);
	if (r < 0)
		return r;
	s->busy_ok = true;
	return 0;
}

static void read_host(struct cgk_sampler *s)
{
	char buf[4096];
	ssize_t n;
	uint64_t kb;

	s->host.ncpus = (unsigned)sysconf(_SC_NPROCESSORS_ONLN);
	n = cgk_read_at_buf(s->h->procfd, "loadavg", buf, sizeof(buf));
	if (n < 0 || cgk_sample_loadavg_parse(buf, (size_t)n, s->host.load, &s->host.threads) < 0) {
		memset(s->host.load, 0, sizeof(s->host.load));
		s->host.threads = 0;
	}
	n = cgk_read_at_buf(s->h->procfd, "meminfo", s->buf, sizeof(s->buf));
	s->host.mem_total = n > 0 && cgk_meminfo_get(s->buf, (size_t)n, "MemTotal", &kb) == 0 ?
			    kb * 1024 : 0;
	s->host.mem_available = n > 0 && cgk_meminfo_get(s->buf, (size_t)n, "MemAvailable", &kb) == 0 ?
				kb * 1024 : 0;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

int cgk_sampler_refresh(struct cgk_sampler *s, uint64_t now)
{
	unsigned every = s->o.rescan_every;
	int r;

	if (!now)
		now = now_ns();
	if (!every && !s->watch_ok)
		every = RESCAN_FALLBACK;
	if (drain(s))
		s->dirty = true;
	if (s->dirty || !s->scanned || (every && s->since_rescan >= every)) {
		r = rescan(s);
		if (r < 0)
			return r;
		s->scanned = true;
	}
	s->since_rescan++;
	if (!s->ts && !(s->o.flags & CGK_SAMPLE_NO_TASKSTATS) &&
	    (s->dir_pref < 0 || s->h->v[s->dir_pref].version == 1) && cgk_taskstats_open(&s->ts) < 0)
		s->o.flags |= CGK_SAMPLE_NO_TASKSTATS;	/* no netlink here: states stay "-" */
	if ((s->o.flags & (CGK_SAMPLE_ONESHOT | CGK_SAMPLE_SKIP_EMPTY | CGK_SAMPLE_PROCS)) ==
	    (CGK_SAMPLE_ONESHOT | CGK_SAMPLE_SKIP_EMPTY) && s->slot_hier[F_PIDS] >= 0)
		scan_tasks(s);	/* on failure every count is read */
	read_host(s);
	s->host.time_ns = now;
	s->host.ncgroups = s->n;
	s->host.ncontainers = 0;
	s->transient = 0;
	for (size_t i = 0; i < s->n; i++) {
		struct cgk_sample_cg *c = &s->cg[i];
		struct priv *p = &s->pv[i];

		s->host.ncontainers += c->container;
		if (p->stale) {
			/* it went away under its kept files: read nothing until the rescan */
			priv_release(s, p);
			c->valid = 0;
			p->prev_ns = 0;
			continue;
		}
		read_cg(s, i, now);
	}
	/* states and process counts: each cgroup's own, summed up the tree */
	for (size_t i = 0; i < s->n; i++) {
		s->cg[i].states = s->pv[i].own_states;
		if (s->pv[i].own_states_ok)
			s->cg[i].valid |= CGK_SV_STATES;
		if (s->pv[i].own_states_ok && s->pv[i].own_iowait)
			s->cg[i].valid |= CGK_SV_IOWAIT;
	}
	for (size_t i = s->n; i-- > 1;) {
		struct cgk_sample_cg *c = &s->cg[i], *pa = &s->cg[c->parent];

		if (c->valid & CGK_SV_STATES) {
			pa->states.running += c->states.running;
			pa->states.sleeping += c->states.sleeping;
			pa->states.stopped += c->states.stopped;
			pa->states.uninterruptible += c->states.uninterruptible;
			pa->states.io_wait += c->states.io_wait;
		}
		if ((s->o.flags & CGK_SAMPLE_PROCS) && !(s->o.flags & CGK_SAMPLE_NONRECURSIVE) &&
		    (c->valid & pa->valid & CGK_SV_TASKS))
			pa->tasks += c->tasks;
	}
	s->refreshes++;
	return 0;
}

const struct cgk_sample_cg *cgk_sampler_cgroups(const struct cgk_sampler *s, size_t *ret_n)
{
	*ret_n = s->n;
	return s->cg;
}

const struct cgk_sample_host *cgk_sampler_host(const struct cgk_sampler *s)
{
	return &s->host;
}

void cgk_sampler_stats(const struct cgk_sampler *s, struct cgk_sample_stats *ret)
{
	*ret = (struct cgk_sample_stats){
		.fds_kept = s->fds_kept,
		.fd_budget = s->o.fd_budget,
		.transient = s->transient,
		.rescans = s->rescans,
		.refreshes = s->refreshes,
		.watching = s->ino >= 0 && s->watch_ok,
	};
}

int cgk_sampler_procs(const struct cgk_sampler *s, size_t idx, bool kthreads,
		      struct cgk_tree **ret)
{
	char *start[CGK_HIER_MAX] = { 0 };
	uint64_t mask;
	int r = 0;

	if (idx >= s->n)
		return -EINVAL;
	mask = s->cg[idx].hmask & s->hmask;
	for (size_t i = 0; i < s->h->n && r == 0; i++) {
		char mrel[CGK_PATH_MAX];

		if (!(mask & (UINT64_C(1) << i)))
			continue;
		r = mrel_of(s, &s->pv[idx], (int)i, mrel, sizeof(mrel));
		if (r == 0 && !(start[i] = strdup(mrel)))
			r = -ENOMEM;
	}
	if (r == 0)
		r = cgk_tree_build(s->h, mask, start, CGK_WALK_DEPTH_MAX,
				   CGK_TREE_PROCS | (kthreads ? CGK_TREE_KTHREADS : 0), ret);
	for (size_t i = 0; i < CGK_HIER_MAX; i++)
		free(start[i]);
	return r;
}

int cgk_sampler_init(const struct cgk_sampler *s, size_t idx, pid_t *ret)
{
	uint64_t mask;

	if (idx >= s->n)
		return -EINVAL;
	mask = s->cg[idx].hmask & s->hmask;
	for (size_t i = 0; i < s->h->n; i++) {
		_cleanup_free_ pid_t *pids = NULL;
		_cleanup_close_ int dfd = -EBADF, fd = -EBADF;
		char mrel[CGK_PATH_MAX], buf[4096];
		size_t n = 0, cap = 0, carry = 0;
		int r;

		if (!(mask & (UINT64_C(1) << i)) ||
		    mrel_of(s, &s->pv[idx], (int)i, mrel, sizeof(mrel)) < 0)
			continue;
		dfd = cgk_hier_open(&s->h->v[i], mrel, O_RDONLY);
		if (dfd < 0)
			continue;
		fd = openat(dfd, "cgroup.procs", O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		/* read in order (a seek restarts v2's walk of the tasks) */
		for (;;) {
			ssize_t l;
			char *p, *e;

			do
				l = read(fd, buf + carry, sizeof(buf) - 1 - carry);
			while (l < 0 && errno == EINTR);
			if (l <= 0)
				break;
			e = buf + carry + l;
			for (p = buf; p < e;) {
				char *nl = memchr(p, '\n', (size_t)(e - p));
				uint64_t pid;

				if (!nl)
					break;
				if (cgk_parse_u64(p, (size_t)(nl - p), &pid) == 0 && pid > 0 &&
				    pid <= INT_MAX) {
					if (cgk_grow((void **)&pids, &cap, n, sizeof(*pids)) < 0)
						return -ENOMEM;
					pids[n++] = (pid_t)pid;
				}
				p = nl + 1;
			}
			carry = (size_t)(e - p);
			memmove(buf, p, carry);
		}
		if (n == 0)
			continue;
		r = cgk_ns_find_init(s->h->procfd, pids, n, ret);
		if (r != -ENOENT)
			return r;
	}
	return -ENOENT;
}
