/* SPDX-License-Identifier: MIT */
/* view - /proc as a container sees it, computed as lxcfs computes it: pure functions */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>

#include "proc.h"
#include "util.h"
#include "view.h"

#define OUT_MAX (16u << 20)	/* bound on one view's text */

/* ---- output text ---- */

struct sb {
	char *p;
	size_t len, cap;
	int err;
};

static void sb_add(struct sb *b, const char *s, size_t n)
{
	if (b->err)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		char *p;

		while (cap < b->len + n + 1)
			cap *= 2;
		if (cap > OUT_MAX) {
			b->err = -EFBIG;
			return;
		}
		p = realloc(b->p, cap);
		if (!p) {
			b->err = -ENOMEM;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

__attribute__((format(printf, 2, 3)))
static void sb_printf(struct sb *b, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(buf)) {
		if (!b->err)
			b->err = -EOVERFLOW;
		return;
	}
	sb_add(b, buf, (size_t)n);
}

/* Hand the text over: 0 and *ret, *ret_len; or the error. */
static int sb_finish(struct sb *b, char **ret, size_t *ret_len)
{
	if (!b->err && !b->p)
		sb_add(b, "", 0);
	if (b->err) {
		free(b->p);
		return b->err;
	}
	*ret = b->p;
	if (ret_len)
		*ret_len = b->len;
	return 0;
}

/* Iterate the lines of BUF[0..LEN): *line and *n (with its '\n' when there is one). */
static bool next_line(const char *buf, size_t len, size_t *off, const char **line, size_t *n)
{
	const char *p, *eol;

	if (*off >= len)
		return false;
	p = buf + *off;
	eol = memchr(p, '\n', len - *off);
	*n = eol ? (size_t)(eol - p) + 1 : len - *off;
	*line = p;
	*off += *n;
	return true;
}

static bool starts(const char *line, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);

	return n >= k && !memcmp(line, prefix, k);
}

/* The value of KEY in one meminfo line; 0 when it does not parse (as lxcfs's sscanf leaves it). */
static uint64_t line_kb(const char *line, size_t n, const char *key)
{
	uint64_t v = 0;

	if (cgk_meminfo_get(line, n, key, &v) < 0)
		return 0;
	return v;
}

static uint64_t sub_sat(uint64_t a, uint64_t b)
{
	return a > b ? a - b : 0;
}

static bool in_cpuset(const struct cgk_cpuset *s, long cpu)
{
	return cpu >= 0 && cpu < CGK_CPU_MAX &&
	       (s->bits[cpu / 64] >> (cpu % 64) & 1);
}

/* ---- memory ---- */

/* lxcfs get_swap_info(): LIMIT and USAGE in bytes; kB out. */
static void swap_info(const struct cgk_cgvals *v, uint64_t limit, uint64_t usage,
		      uint64_t *total, uint64_t *used, uint64_t *prio)
{
	*total = *used = 0;
	*prio = 1;
	if (!v->memsw)
		return;
	*prio = v->swappiness;
	if (v->mem_v2) {	/* memory.swap.max and .current: swap alone */
		*total = v->memsw_limit / 1024;
		*used = v->memsw_usage / 1024;
		return;
	}
	*total = limit > v->memsw_limit ? 0 : (v->memsw_limit - limit) / 1024;
	*used = usage > v->memsw_usage ? 0 : (v->memsw_usage - usage) / 1024;
}

static void kb_line(struct sb *b, const char *key, uint64_t kb)
{
	sb_printf(b, "%-16s%8" PRIu64 " kB\n", key, kb);
}

int cgk_view_meminfo(const char *host, size_t len, const struct cgk_cgvals *v,
		     unsigned flags, char **ret, size_t *ret_len)
{
	const struct cgk_memstat *m = &v->stat;
	bool fix = flags & CGK_VIEW_FIX;
	/* lxcfs 5.0's v2 parser never sees file_mapped (its "file" branch
	 * comes first), nor reads file_dirty, file_writeback or anon_thp */
	bool v2q = v->mem_v2 && !fix;
	uint64_t limit, usage, swtotal, swused, prio, free_kb;
	struct sb b = { 0 };
	const char *line;
	size_t n, off = 0;

	if (!v->mem)
		return CGK_VIEW_HOST;
	swap_info(v, v->mem_limit, v->mem_usage, &swtotal, &swused, &prio);
	limit = v->mem_limit / 1024;
	usage = v->mem_usage / 1024;
	while (next_line(host, len, &off, &line, &n)) {
		if (starts(line, n, "MemTotal:")) {
			uint64_t hosttotal = line_kb(line, n, "MemTotal");

			if (limit == 0)
				limit = hosttotal;
			if (hosttotal < limit)
				limit = hosttotal;
			kb_line(&b, "MemTotal:", limit);
		} else if (starts(line, n, "MemFree:")) {
			kb_line(&b, "MemFree:", fix ? sub_sat(limit, usage) : limit - usage);
		} else if (starts(line, n, "MemAvailable:")) {
			/* lxcfs 5.0 counts all of the page cache, shmem too, as
			 * available; 6.0 counts the file LRUs (what --fix does) */
			if (fix) {
				free_kb = sub_sat(limit, usage) +
					  (m->active_file + m->inactive_file +
					   m->slab_reclaimable) / 1024;
				kb_line(&b, "MemAvailable:", free_kb < limit ? free_kb : limit);
			} else {
				kb_line(&b, "MemAvailable:", limit - usage + m->cache / 1024);
			}
		} else if (starts(line, n, "SwapTotal:")) {
			uint64_t hostsw = line_kb(line, n, "SwapTotal");

			/* v1: RAM + swap, at most the host's swap (lxcfs#240);
			 * v2: memory.swap.max alone */
			if (!v->mem_v2)
				swtotal += limit;
			if (hostsw < swtotal)
				swtotal = hostsw;
			if (prio == 0)		/* swappiness 0: it cannot swap */
				swtotal = swused;
			kb_line(&b, "SwapTotal:", swtotal);
		} else if (starts(line, n, "SwapFree:")) {
			kb_line(&b, "SwapFree:", fix ? sub_sat(swtotal, swused) : swtotal - swused);
		} else if (starts(line, n, "Slab:")) {
			kb_line(&b, "Slab:", fix ? (m->slab_reclaimable +
						     m->slab_unreclaimable) / 1024 : 0);
		} else if (starts(line, n, "Buffers:")) {
			kb_line(&b, "Buffers:", 0);
		} else if (starts(line, n, "Cached:")) {
			kb_line(&b, "Cached:", m->cache / 1024);
		} else if (starts(line, n, "SwapCached:")) {
			kb_line(&b, "SwapCached:", 0);
		} else if (starts(line, n, "Active:")) {
			kb_line(&b, "Active:", (m->active_anon + m->active_file) / 1024);
		} else if (starts(line, n, "Inactive:")) {
			kb_line(&b, "Inactive:", (m->inactive_anon + m->inactive_file) / 1024);
		} else if (starts(line, n, "Active(anon):")) {
			kb_line(&b, "Active(anon):", m->active_anon / 1024);
		} else if (starts(line, n, "Inactive(anon):")) {
			kb_line(&b, "Inactive(anon):", m->inactive_anon / 1024);
		} else if (starts(line, n, "Active(file):")) {
			kb_line(&b, "Active(file):", m->active_file / 1024);
		} else if (starts(line, n, "Inactive(file):")) {
			kb_line(&b, "Inactive(file):", m->inactive_file / 1024);
		} else if (starts(line, n, "Unevictable:")) {
			kb_line(&b, "Unevictable:", m->unevictable / 1024);
		} else if (starts(line, n, "Dirty:")) {
			kb_line(&b, "Dirty:", v2q ? 0 : m->dirty / 1024);
		} else if (starts(line, n, "Writeback:")) {
			kb_line(&b, "Writeback:", v2q ? 0 : m->writeback / 1024);
		} else if (starts(line, n, "AnonPages:")) {
			uint64_t anon = m->active_anon + m->inactive_anon;

			kb_line(&b, "AnonPages:", (fix ? sub_sat(anon, m->shmem) : anon - m->shmem) / 1024);
		} else if (starts(line, n, "Mapped:")) {
			kb_line(&b, "Mapped:", v2q ? 0 : m->mapped_file / 1024);
		} else if (starts(line, n, "SReclaimable:")) {
			kb_line(&b, "SReclaimable:", fix ? m->slab_reclaimable / 1024 : 0);
		} else if (starts(line, n, "SUnreclaim:")) {
			kb_line(&b, "SUnreclaim:", fix ? m->slab_unreclaimable / 1024 : 0);
		} else if (starts(line, n, "Shmem:")) {
			kb_line(&b, "Shmem:", m->shmem / 1024);
		} else if (starts(line, n, "ShmemHugePages:")) {
			kb_line(&b, "ShmemHugePages:", 0);
		} else if (starts(line, n, "ShmemPmdMapped:")) {
			kb_line(&b, "ShmemPmdMapped:", 0);
		} else if (starts(line, n, "AnonHugePages:")) {
			/* lxcfs's parser matches "total_rss" first, so the
			 * "total_rss_huge" line never parses: always 0 */
			kb_line(&b, "AnonHugePages:", fix ? m->rss_huge / 1024 : 0);
		} else {
			sb_add(&b, line, n);
		}
	}
	return sb_finish(&b, ret, ret_len);
}

int cgk_view_swaps(const char *host_meminfo, size_t len, const struct cgk_cgvals *v,
		   unsigned flags, char **ret, size_t *ret_len)
{
	uint64_t swtotal, swused, prio, hostsw = 0;
	struct sb b = { 0 };
	const char *line;
	size_t n, off = 0;

	if (!v->mem)
		return CGK_VIEW_HOST;
	swap_info(v, v->mem_limit, v->mem_usage, &swtotal, &swused, &prio);
	sb_printf(&b, "Filename\t\t\t\tType\t\tSize\tUsed\tPriority\n");
	while (next_line(host_meminfo, len, &off, &line, &n))
		if (starts(line, n, "SwapTotal:"))
			hostsw = line_kb(line, n, "SwapTotal");
	/* the limit unclamped here, unlike meminfo's MemTotal; lxcfs 5.0
	 * adds it on v2 too, where swtotal is the swap alone (--fix: not) */
	if (!v->mem_v2 || !(flags & CGK_VIEW_FIX))
		swtotal += v->mem_limit / 1024;
	if (hostsw < swtotal)
		swtotal = hostsw;
	if (prio == 0)
		swtotal = swused;
	if (swtotal > 0)
		sb_printf(&b, "none%*svirtual\t\t%" PRIu64 "\t%" PRIu64 "\t0\n", 36, " ",
			  swtotal, swused);
	return sb_finish(&b, ret, ret_len);
}

/* ---- cpus ---- */

unsigned cgk_view_max_cpus(const struct cgk_cgvals *v)
{
	unsigned nr = v->cpuset_ok ? cgk_cpuset_count(&v->cpuset) : 0;
	int64_t rv;

	if (!v->quota_ok)
		return 0;
	if (v->quota <= 0 || v->period <= 0)
		return nr;
	rv = v->quota / v->period;
	if (v->quota % v->period > 0)
		rv++;
	if (v->nprocs > 0 && rv > (int64_t)v->nprocs)
		rv = v->nprocs;
	if (nr > 0 && (int64_t)nr < rv)
		rv = nr;
	return (unsigned)rv;
}

double cgk_view_exact_cpus(const struct cgk_cgvals *v)
{
	double rv;

	if (!v->quota_ok || v->quota <= 0 || v->period <= 0)
		return 0;
	rv = (double)v->quota / (double)v->period;
	if (v->nprocs > 0 && rv > v->nprocs)
		rv = v->nprocs;
	return rv;
}

int cgk_view_cpuinfo(const char *host, size_t len, const struct cgk_cgvals *v,
		     unsigned flags, char **ret, size_t *ret_len)
{
	bool view = flags & CGK_VIEW_CFS, printing = false, first = true, s390 = false;
	unsigned max_cpus = view ? cgk_view_max_cpus(v) : 0;
	struct sb b = { 0 };
	const char *line;
	size_t n, off = 0;
	int curcpu = -1, cpu;

	if (!v->cpuset_ok)
		return -ENODATA;
	while (next_line(host, len, &off, &line, &n)) {
		if (first) {
			first = false;
			if (memmem(line, n, "IBM/S390", 8)) {
				s390 = true;
				printing = true;
				continue;
			}
		}
		if (starts(line, n, "# processors"))
			continue;
		if (cgk_cpuinfo_processor(line, n, &cpu)) {
			if (view && max_cpus > 0 && (unsigned)(curcpu + 1) == max_cpus)
				break;
			printing = in_cpuset(&v->cpuset, cpu);
			if (printing)
				sb_printf(&b, "processor\t: %d\n", ++curcpu);
			continue;
		}
		if (s390 && starts(line, n, "processor ")) {
			/* "processor 3: version = ..." */
			const char *p = line + 10, *e = line + n, *colon;
			long c = 0;

			/* at most 9 digits: the value stays in range */
			for (colon = p; colon < e && colon - p < 9 && *colon >= '0' && *colon <= '9'; colon++)
				c = c * 10 + (*colon - '0');
			if (colon > p && colon < e && *colon == ':') {
				if (view && max_cpus > 0 && (unsigned)(curcpu + 1) == max_cpus)
					break;
				if (!in_cpuset(&v->cpuset, c))
					continue;
				sb_printf(&b, "processor %d:", ++curcpu);
				sb_add(&b, colon + 1, (size_t)(e - colon - 1));
				continue;
			}
		}
		if (printing)
			sb_add(&b, line, n);
	}
	if (s390 && !b.err) {
		struct sb h = { 0 };

		sb_printf(&h, "vendor_id       : IBM/S390\n# processors    : %d\n", curcpu + 1);
		if (b.p)
			sb_add(&h, b.p, b.len);
		free(b.p);
		b = h;
	}
	return sb_finish(&b, ret, ret_len);
}

int cgk_view_cpu_online(const struct cgk_cgvals *v, unsigned flags, char **ret,
			size_t *ret_len)
{
	struct sb b = { 0 };
	char list[CGK_CPU_MAX * 6];

	if (!v->cpuset_ok)
		return -ENODATA;
	if (flags & (CGK_VIEW_CFS | CGK_VIEW_FIX)) {
		/* the view: CPUs renumbered from 0, as cpuinfo shows them */
		unsigned k = (flags & CGK_VIEW_CFS) ? cgk_view_max_cpus(v)
						     : cgk_cpuset_count(&v->cpuset);

		if (k > 1)
			sb_printf(&b, "0-%u\n", k - 1);
		else
			sb_printf(&b, "0\n");
	} else {
		if (cgk_cpulist_format(&v->cpuset, list, sizeof(list)) >= (int)sizeof(list))
			return -EOVERFLOW;
		sb_add(&b, list, strlen(list));
		sb_add(&b, "\n", 1);
	}
	return sb_finish(&b, ret, ret_len);
}

/* ns to USER_HZ ticks, with lxcfs's floating point steps (the result must match). */
static uint64_t ns_ticks(uint64_t ns, long clk_tck)
{
	return (uint64_t)((double)ns / 1000.0 / 1000 / 1000 * (double)clk_tck);
}

/* Container usage of CPU slot I (file order) in ticks, as lxcfs reads it. */
static void usage_ticks(const struct cgk_cgvals *v, size_t i, bool fix, uint64_t *user,
			uint64_t *sys)
{
	*user = ns_ticks(v->usage[i].user, v->clk_tck);
	if (v->usage_percpu)	/* lxcfs: user = system = the total (twice) */
		*sys = fix ? 0 : *user;
	else
		*sys = ns_ticks(v->usage[i].system, v->clk_tck);
}

/* idle of a host CPU line: its idle plus what the others used and the cgroup did not */
static uint64_t derived_idle(const struct cgk_statcpu *c, uint64_t cg_used)
{
	uint64_t all = 0;

	for (unsigned k = 0; k < CGK_STAT_NCOUNTERS; k++)
		if (k != 3)
			all += c->v[k];
	return all >= cg_used ? c->v[3] + (all - cg_used) : c->v[3];
}

struct cpuview {
	uint64_t user, system, idle;
	bool online;
};

/*
 * lxcfs --enable-cfs (cpuview_proc_stat) without its history: lxcfs diffs
 * each read against what it saw at its first read of the cgroup; procview
 * has no daemon, so the diffs run from zero, i.e. from the cgroup's start.
 * START is the offset of the first line after the "cpu" one.
 */
static int stat_cfs(const char *host, size_t len, size_t start, const struct cgk_cgvals *v,
		    unsigned flags, char **ret, size_t *ret_len)
{
	_cleanup_free_ struct cpuview *d = NULL, *view = NULL;
	size_t nprocs = v->nusage, off = start, rest = len, n;
	uint64_t user_sum = 0, system_sum = 0, idle_sum = 0, total_sum = 0;
	uint64_t user_surplus = 0, system_surplus = 0;
	unsigned max_cpus, cpu_cnt = 0;
	struct sb b = { 0 };
	const char *line;
	long curcpu = -1;
	long i;

	if (v->nprocs_conf > 0 && v->nprocs_conf < nprocs)
		nprocs = v->nprocs_conf;
	d = calloc(nprocs ? nprocs : 1, sizeof(*d));
	view = calloc(nprocs ? nprocs : 1, sizeof(*view));
	if (!d || !view)
		return -ENOMEM;
	for (size_t k = 0; k < nprocs; k++)
		usage_ticks(v, k, flags & CGK_VIEW_FIX, &d[k].user, &d[k].system);
	while (next_line(host, len, &off, &line, &n)) {
		struct cgk_statcpu c;
		long phys;

		if (!cgk_statcpu_parse(line, n, &c) || c.cpu < 0) {
			rest = off - n;	/* the rest of the file starts here */
			break;
		}
		phys = c.cpu;
		if ((size_t)phys >= nprocs)
			continue;
		if (phys <= curcpu)
			continue;	/* the kernel lists each CPU once, in order */
		curcpu++;
		cpu_cnt++;
		if (!in_cpuset(&v->cpuset, phys)) {
			for (i = curcpu; i <= phys; i++)
				d[i].online = false;
			continue;
		}
		if (curcpu < phys) {
			for (i = curcpu; i < phys; i++)
				d[i].online = false;
			curcpu = phys;
		}
		d[curcpu].online = true;
		if (c.n != CGK_STAT_NCOUNTERS)
			continue;
		d[curcpu].idle = derived_idle(&c, d[curcpu].user + d[curcpu].system);
	}
	max_cpus = cgk_view_max_cpus(v);
	if (max_cpus > cpu_cnt || !max_cpus)
		max_cpus = cpu_cnt;
	for (size_t k = 0; k < nprocs; k++) {
		if (!d[k].online) {
			d[k].user = d[k].system = d[k].idle = 0;
			continue;
		}
		total_sum += d[k].user + d[k].system + d[k].idle;
	}
	i = -1;
	for (size_t k = 0; k < nprocs; k++) {
		if (!d[k].online)
			continue;
		if (++i >= (long)max_cpus && max_cpus > 0) {
			user_surplus += d[k].user;
			system_surplus += d[k].system;
		}
	}
	if (max_cpus > 0) {
		uint64_t threshold = total_sum / cpu_cnt * max_cpus;
		uint64_t du = 0, ds = 0, di = 0, max_idle = 0;
		size_t max_idle_k = 0;
		double exact;

		i = -1;
		for (size_t k = 0; k < nprocs; k++) {
			uint64_t room, add;

			if (!d[k].online)
				continue;
			if (++i == (long)max_cpus)
				break;
			/* fold the hidden CPUs' user then system time into
			 * this one, up to THRESHOLD and out of its idle */
			for (int pass = 0; pass < 2; pass++) {
				uint64_t *surplus = pass ? &system_surplus : &user_surplus;
				uint64_t *counter = pass ? &d[k].system : &d[k].user;

				if (d[k].user + d[k].system >= threshold)
					break;
				room = threshold - d[k].user - d[k].system;
				if (room > d[k].idle)
					room = d[k].idle;
				add = room > *surplus ? *surplus : room;
				*counter += add;
				d[k].idle -= add;
				*surplus -= add;
			}
		}
		i = -1;
		for (size_t k = 0; k < nprocs; k++) {
			if (!d[k].online)
				continue;
			if (++i == (long)max_cpus)
				break;
			view[k] = d[k];
			du += d[k].user;
			ds += d[k].system;
			di += d[k].idle;
			if (d[k].idle > max_idle) {
				max_idle = d[k].idle;
				max_idle_k = k;
			}
		}
		for (size_t k = 0; k < nprocs; k++) {
			user_sum += view[k].user;
			system_sum += view[k].system;
			idle_sum += view[k].idle;
		}
		/* a fractional quota: take the unusable share out of idle */
		exact = cgk_view_exact_cpus(v);
		if (v->quota_ok && v->quota >= 0 && exact < (double)max_cpus) {
			uint64_t delta = (uint64_t)((double)(du + ds + di) *
						    (1 - exact / (double)max_cpus));

			idle_sum = sub_sat(idle_sum, delta);
			view[max_idle_k].idle = sub_sat(view[max_idle_k].idle, delta);
		}
	}
	sb_printf(&b, "cpu  %" PRIu64 " 0 %" PRIu64 " %" PRIu64 " 0 0 0 0 0 0\n",
		  user_sum, system_sum, idle_sum);
	{
		uint64_t cu = 0, cs = 0, ci = 0;

		/* max_cpus lines; the last one takes every CPU after it */
		i = -1;
		for (size_t k = 0; k < nprocs; k++) {
			cu += view[k].user;
			cs += view[k].system;
			ci += view[k].idle;
			if (!d[k].online && k + 1 < nprocs)
				continue;
			i++;
			if (max_cpus > 0 && i >= (long)max_cpus)
				i--;
			if (max_cpus > 0 && i == (long)max_cpus - 1 && k + 1 < nprocs)
				continue;
			sb_printf(&b, "cpu%ld %" PRIu64 " 0 %" PRIu64 " %" PRIu64 " 0 0 0 0 0 0\n",
				  i, cu, cs, ci);
			cu = cs = ci = 0;
		}
	}
	if (rest < len)
		sb_add(&b, host + rest, len - rest);
	return sb_finish(&b, ret, ret_len);
}

/* USEC microseconds in clock ticks, truncated (no overflow, no floating point). */
static uint64_t usec_ticks(uint64_t usec, long clk_tck)
{
	uint64_t t = (uint64_t)clk_tck;

	return usec / 1000000 * t + usec % 1000000 * t / 1000000;
}

/* The middle of tick T in ns (UINT64_MAX past 584 years). */
static uint64_t tick_ns(uint64_t t, long clk_tck)
{
	double ns = ((double)t + 0.5) * 1e9 / (double)clk_tck;

	return ns < 18446744073709549568.0 ? (uint64_t)ns : UINT64_MAX;
}

/*
 * v2 keeps no per-CPU time: spread cpu.stat's user_usec and system_usec, in
 * ticks, over the N CPUs of the cpuset, the first (ticks mod N) of them (in
 * the cpuset's order) one tick more than the rest, as per-CPU usage slots
 * (index: the host's CPU number; CPUs outside the cpuset 0). Each slot holds
 * the middle of its tick in ns, so that ns_ticks() gives the tick back.
 * 0 and *RET (malloc'd), *RET_N; -ENOMEM; -ENODATA with an empty cpuset.
 */
static int spread_cpustat(const struct cgk_cgvals *v, struct cgk_cpuusage **ret, size_t *ret_n)
{
	uint64_t ut = usec_ticks(v->user_usec, v->clk_tck), st = usec_ticks(v->system_usec, v->clk_tck);
	unsigned ncpu = cgk_cpuset_count(&v->cpuset), k = 0;
	struct cgk_cpuusage *u;
	size_t n = 0;

	if (ncpu == 0)
		return -ENODATA;
	for (long c = 0; c < CGK_CPU_MAX; c++)
		if (in_cpuset(&v->cpuset, c))
			n = (size_t)c + 1;
	if (v->nprocs_conf > n && v->nprocs_conf <= CGK_CPU_MAX)
		n = v->nprocs_conf;
	u = calloc(n, sizeof(*u));
	if (!u)
		return -ENOMEM;
	for (size_t c = 0; c < n; c++) {
		uint64_t tu, ts;

		if (!in_cpuset(&v->cpuset, (long)c))
			continue;
		tu = ut / ncpu + (k < ut % ncpu);
		ts = st / ncpu + (k < st % ncpu);
		k++;
		u[c].user = tick_ns(tu, v->clk_tck);
		u[c].system = tick_ns(ts, v->clk_tck);
	}
	*ret = u;
	*ret_n = n;
	return 0;
}

int cgk_view_stat(const char *host, size_t len, const struct cgk_cgvals *v,
		  unsigned flags, char **ret, size_t *ret_len)
{
	uint64_t sum[CGK_STAT_NCOUNTERS] = { 0 };
	bool fix = flags & CGK_VIEW_FIX;
	struct sb b = { 0 }, head = { 0 };
	const char *line;
	size_t n, off = 0;
	long curcpu = -1;
	int r;

	if (v->root)		/* lxcfs: the host's own init reads the host file */
		return CGK_VIEW_HOST;
	if (!v->cpuset_ok)
		return -ENODATA;
	if (fix && !v->usage && v->cpustat_ok && v->clk_tck > 0) {
		/* v2 --fix: the cgroup's own time from cpu.stat */
		_cleanup_free_ struct cgk_cpuusage *u = NULL;
		struct cgk_cgvals w = *v;

		r = spread_cpustat(v, &u, &w.nusage);
		if (r < 0)
			return r;
		w.usage = u;
		w.usage_percpu = false;
		return cgk_view_stat(host, len, &w, flags, ret, ret_len);
	}
	if (!next_line(host, len, &off, &line, &n))	/* the "cpu" line: recomputed */
		return -EINVAL;
	if (v->usage && (flags & CGK_VIEW_CFS))
		return stat_cfs(host, len, off, v, flags, ret, ret_len);
	while (next_line(host, len, &off, &line, &n)) {
		struct cgk_statcpu c;
		uint64_t user, sys, idle;

		if (!cgk_statcpu_parse(line, n, &c) || c.cpu < 0) {
			sb_add(&b, line, n);
			continue;
		}
		if (!in_cpuset(&v->cpuset, c.cpu))
			continue;
		curcpu++;
		if (c.n != CGK_STAT_NCOUNTERS || !v->usage) {
			/* the host's counters, renumbered */
			sb_printf(&b, "cpu%ld", curcpu);
			sb_add(&b, line + c.rest, n - c.rest);
			if (c.n != CGK_STAT_NCOUNTERS)
				continue;
		}
		if (v->usage) {
			if ((size_t)c.cpu >= v->nusage)
				break;	/* lxcfs stops here: the rest of the file is lost */
			usage_ticks(v, (size_t)c.cpu, fix, &user, &sys);
			idle = derived_idle(&c, user + sys);
			/* lxcfs 5.0 names the line by the host's CPU number,
			 * though cpuinfo renumbers from 0 */
			sb_printf(&b, "cpu%ld %" PRIu64 " 0 %" PRIu64 " %" PRIu64 " 0 0 0 0 0 0\n",
				  fix ? curcpu : (long)c.cpu, user, sys, idle);
			sum[0] += user;
			sum[2] += sys;
			sum[3] += idle;
		} else {
			for (unsigned k = 0; k < CGK_STAT_NCOUNTERS; k++)
				sum[k] += c.v[k];
		}
	}
	sb_printf(&head, "cpu ");
	for (unsigned k = 0; k < CGK_STAT_NCOUNTERS; k++)
		sb_printf(&head, " %" PRIu64, sum[k]);
	sb_add(&head, "\n", 1);
	if (b.p)
		sb_add(&head, b.p, b.len);
	if (b.err && !head.err)
		head.err = b.err;
	free(b.p);
	r = sb_finish(&head, ret, ret_len);
	return r;
}

/* ---- uptime, loadavg ---- */

int cgk_view_uptime(const struct cgk_cgvals *v, unsigned flags, char **ret, size_t *ret_len)
{
	struct sb b = { 0 };
	double start, age, busy, idle;

	if (!v->start_ok || v->clk_tck <= 0)
		return -ENODATA;
	start = (double)v->start_ticks / (double)v->clk_tck;
	age = start;
	if (start > 0) {
		uint64_t now_ms = (uint64_t)((double)v->boottime.tv_sec * 1000 +
					     (double)v->boottime.tv_nsec * 1e-6);

		age = ((double)now_ms - start * 1000) / 1000;
	}
	busy = v->busy_ok ? (double)v->busy_ns / 1000000000 : 0;
	/* v2: lxcfs 5.0 has no cpuacct.usage there, so idle = uptime;
	 * --fix takes cpu.stat's usage_usec */
	if (!v->busy_ok && v->cpustat_ok && (flags & CGK_VIEW_FIX))
		busy = (double)v->usage_usec / 1000000;
	/* the cgroup's CPU time, not multiplied by its CPUs: lxcfs's idle */
	idle = age >= busy ? age - busy : age;
	sb_printf(&b, "%.2f %.2f\n", age, idle);
	return sb_finish(&b, ret, ret_len);
}

uint64_t cgk_view_calc_load(uint64_t load, uint64_t exp, uint64_t active)
{
	uint64_t newload;

	active = active * CGK_LOAD_FIXED_1;
	newload = load * exp + active * (CGK_LOAD_FIXED_1 - exp);
	if (active >= load)
		newload += CGK_LOAD_FIXED_1 - 1;
	return newload / CGK_LOAD_FIXED_1;
}

int cgk_view_loadavg(const struct cgk_cgvals *v, unsigned flags, char **ret, size_t *ret_len)
{
	struct sb b = { 0 };
	uint64_t a[3];

	(void)flags;
	if (!v->load_ok)
		return -ENODATA;
	for (int k = 0; k < 3; k++)
		a[k] = v->avenrun[k] + CGK_LOAD_FIXED_1 / 200;
#define LOAD_INT(x) ((x) >> 11)
#define LOAD_FRAC(x) LOAD_INT(((x) & (CGK_LOAD_FIXED_1 - 1)) * 100)
	sb_printf(&b, "%" PRIu64 ".%02" PRIu64 " %" PRIu64 ".%02" PRIu64 " %" PRIu64 ".%02" PRIu64
		  " %u/%u %d\n", LOAD_INT(a[0]), LOAD_FRAC(a[0]), LOAD_INT(a[1]), LOAD_FRAC(a[1]),
		  LOAD_INT(a[2]), LOAD_FRAC(a[2]), v->nr_active, v->nr_threads, (int)v->last_pid);
#undef LOAD_INT
#undef LOAD_FRAC
	return sb_finish(&b, ret, ret_len);
}

/* ---- diskstats ---- */

/* "MAJ:MIN OP VALUE" in a blkio file; 0 when absent. */
static uint64_t blkio_get(const char *text, unsigned maj, unsigned min, const char *op)
{
	char key[64];
	size_t k;

	k = (size_t)snprintf(key, sizeof(key), "%u:%u %s ", maj, min, op);
	for (const char *p = text; p && *p; ) {
		const char *eol = strchr(p, '\n');
		size_t n = eol ? (size_t)(eol - p) : strlen(p);

		if (n > k && !memcmp(p, key, k)) {
			uint64_t v = 0;

			for (const char *q = p + k; q < p + n && *q >= '0' && *q <= '9'; q++)
				v = v * 10 + (uint64_t)(*q - '0');
			return v;
		}
		p = eol ? eol + 1 : p + n;
	}
	return 0;
}

int cgk_view_diskstats(const char *host, size_t len, const struct cgk_cgvals *v,
		       unsigned flags, char **ret, size_t *ret_len)
{
	bool fix = flags & CGK_VIEW_FIX;
	struct sb b = { 0 };
	const char *line;
	size_t n, off = 0;

	if (fix ? !v->thr_serviced || !v->thr_service_bytes
		: !v->blk_serviced || !v->blk_merged || !v->blk_service_bytes ||
		  !v->blk_wait_time || !v->blk_service_time)
		return CGK_VIEW_HOST;
	while (next_line(host, len, &off, &line, &n)) {
		unsigned maj, min;
		char name[72];

		if (!cgk_diskstats_dev(line, n, &maj, &min, name, sizeof(name)))
			continue;
		if (fix) {
			/* the throttle files count under every IO scheduler;
			 * merges and times are not kept there: 0 */
			uint64_t rd = blkio_get(v->thr_serviced, maj, min, "Read");
			uint64_t wr = blkio_get(v->thr_serviced, maj, min, "Write");
			uint64_t dc = blkio_get(v->thr_serviced, maj, min, "Discard");
			uint64_t rs = blkio_get(v->thr_service_bytes, maj, min, "Read") / 512;
			uint64_t ws = blkio_get(v->thr_service_bytes, maj, min, "Write") / 512;
			uint64_t ds = blkio_get(v->thr_service_bytes, maj, min, "Discard") / 512;

			if (!(rd | wr | dc | rs | ws | ds))
				continue;
			sb_printf(&b, "%4u %7u %s %" PRIu64 " 0 %" PRIu64 " 0 %" PRIu64 " 0 %" PRIu64
				  " 0 0 0 0 %" PRIu64 " 0 %" PRIu64 " 0 0 0\n",
				  maj, min, name, rd, rs, wr, ws, dc, ds);
		} else {
			uint64_t f[14];	/* lxcfs's output fields after the name */

			f[0] = blkio_get(v->blk_serviced, maj, min, "Read");
			f[1] = blkio_get(v->blk_merged, maj, min, "Read");
			f[2] = blkio_get(v->blk_service_bytes, maj, min, "Read") / 512;
			f[3] = blkio_get(v->blk_service_time, maj, min, "Read") / 1000000 +
			       blkio_get(v->blk_wait_time, maj, min, "Read") / 1000000;
			f[4] = blkio_get(v->blk_serviced, maj, min, "Write");
			f[5] = blkio_get(v->blk_merged, maj, min, "Write");
			f[6] = blkio_get(v->blk_service_bytes, maj, min, "Write") / 512;
			f[7] = blkio_get(v->blk_service_time, maj, min, "Write") / 1000000 +
			       blkio_get(v->blk_wait_time, maj, min, "Write") / 1000000;
			f[8] = 0;	/* I/Os in progress */
			f[9] = blkio_get(v->blk_service_time, maj, min, "Total") / 1000000;
			f[10] = 0;	/* weighted time */
			/* discards completed are counted but not printed by lxcfs 5.0 */
			f[11] = blkio_get(v->blk_merged, maj, min, "Discard");
			f[12] = blkio_get(v->blk_service_bytes, maj, min, "Discard") / 512;
			f[13] = blkio_get(v->blk_service_time, maj, min, "Discard") / 1000000 +
				blkio_get(v->blk_wait_time, maj, min, "Discard") / 1000000;
			if (!(f[0] | f[1] | f[2] | f[3] | f[4] | f[5] | f[6] | f[7] | f[9] |
			      f[11] | f[12] | f[13]))
				continue;
			sb_printf(&b, "%u       %u %s", maj, min, name);
			for (int k = 0; k < 14; k++)
				sb_printf(&b, " %" PRIu64, f[k]);
			sb_add(&b, "\n", 1);
		}
	}
	return sb_finish(&b, ret, ret_len);
}

/* ---- --export ---- */

int cgk_view_limits(const struct cgk_cgvals *v, uint64_t host_memtotal_kb,
		    struct cgk_view_limits *ret)
{
	struct cgk_view_limits l = { 0 };

	if (!v->cpuset_ok && !v->mem)
		return -ENODATA;
	l.cpus = v->cpuset_ok ? cgk_cpuset_count(&v->cpuset) : v->nprocs;
	if (v->quota_ok && v->quota > 0 && v->period > 0) {
		uint64_t q = (uint64_t)v->quota, p = (uint64_t)v->period;
		uint64_t c = q / p + (q % p ? 1 : 0);

		l.cpu_quota = (double)q / (double)p;
		if (c < l.cpus)
			l.cpus = (unsigned)c;
	}
	if (v->nprocs > 0 && l.cpus > v->nprocs)
		l.cpus = v->nprocs;
	if (l.cpus == 0)
		l.cpus = 1;
	if (v->mem && v->mem_limit > 0 && v->mem_limit < CGK_MEM_UNLIMITED) {
		l.memory = v->mem_limit;
		if (host_memtotal_kb && l.memory > host_memtotal_kb * 1024)
			l.memory = host_memtotal_kb * 1024;
	}
	*ret = l;
	return 0;
}
