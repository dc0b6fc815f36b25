/* SPDX-License-Identifier: MIT */
/* apply-plan - prepare a change set: the rules across knobs, old values, v2 enables, the order */
#include <dirent.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <sys/stat.h>

#include "apply-int.h"
#include "knob.h"
#include "proc.h"
#include "util.h"
#include "walk.h"
#include "xlate.h"

static bool is_v2(const struct cgk_apply *s, size_t c)
{
	return s->h->v[s->cg[c].hier].version == 2;
}

/* The enable of controller CTL in cgroup C planned by the set, or NULL. */
static struct op *find_enable(struct cgk_apply *s, size_t c, const char *ctl)
{
	for (size_t k = 0; k < s->nop; k++)
		if (s->op[k].op == CGK_APPLY_OP_WRITE && s->op[k].cg == c && s->op[k].implied &&
		    streq(s->op[k].knob, "cgroup.subtree_control") && streq(s->op[k].value + 1, ctl))
			return &s->op[k];
	return NULL;
}


static int cmp_u64(uint64_t a, uint64_t b)
{
	return a < b ? -1 : a > b;
}

/* The op writing KNOB to cgroup C (the last one), or NULL. */
static struct op *find_write(struct cgk_apply *s, size_t c, const char *knob)
{
	struct op *hit = NULL;

	for (size_t k = 0; k < s->nop; k++)
		if (s->op[k].op == CGK_APPLY_OP_WRITE && !s->op[k].dropped && s->op[k].cg == c &&
		    streq(s->op[k].knob, knob))
			hit = &s->op[k];
	return hit;
}

/* Index of the parent cgroup of C in the set (added when missing), or -1 at the mount root. */
static ssize_t cg_parent(struct cgk_apply *s, size_t c)
{
	const char *mrel = s->cg[c].mrel, *slash;
	_cleanup_free_ char *pm = NULL, *pl = NULL;
	const char *label = s->cg[c].label, *ls;
	int fd;
	ssize_t k;

	if (!*mrel)
		return -1;
	slash = strrchr(mrel, '/');
	pm = slash ? cgk_strndup(mrel, (size_t)(slash - mrel)) : strdup("");
	ls = strrchr(label, '/');
	pl = ls && ls != label ? cgk_strndup(label, (size_t)(ls - label)) : strdup("/");
	if (!pm || !pl)
		return -ENOMEM;
	fd = cgk_hier_open(&s->h->v[s->cg[c].hier], pm, O_PATH);
	if (fd >= 0)
		close(fd);
	k = ap_cg_get(s, s->cg[c].hier, pm, pl, fd >= 0);
	return k;
}

/*
 * The value of KNOB in cgroup C as it is now, or will be when C is made:
 * a new cgroup's defaults, a new cpuset's parent's lists. malloc'd, or NULL.
 */
static bool enabling(struct cgk_apply *s, size_t c, const char *knob);

static char *cur_value(struct cgk_apply *s, size_t c, const char *knob)
{
	char *v = NULL;

	if (s->cg[c].exists) {
		int r = ap_read_knob(s, &s->cg[c], knob, &v);

		if (r == 0)
			return v;
		if (r != -ENOENT || !enabling(s, c, knob))
			return NULL;
	}
	if (streq(knob, "cpu.cfs_quota_us"))
		return strdup("-1");
	if (streq(knob, "cpu.cfs_period_us"))
		return strdup("100000");
	if (streq(knob, "memory.limit_in_bytes") || streq(knob, "memory.memsw.limit_in_bytes"))
		return strdup(NOLIMIT_MEM);
	if (streq(knob, "cpuset.cpus") || streq(knob, "cpuset.mems")) {
		ssize_t p = cg_parent(s, c);

		return p < 0 ? NULL : cur_value(s, (size_t)p, knob);
	}
	return NULL;
}

/* The value KNOB of C will have after the set: its last write's, else cur_value. */
static char *final_value(struct cgk_apply *s, size_t c, const char *knob)
{
	struct op *o = find_write(s, c, knob);

	if (o && o->value)
		return strdup(o->value);
	return cur_value(s, c, knob);
}

static int num_s64(const char *v, int64_t *ret)
{
	return v ? cgk_parse_s64(v, strlen(v), ret) : -EINVAL;
}

/*
 * Pages of a memory limit text; UINT64_MAX for no limit: "-1", or what the
 * kernel reads back for it (PAGE_COUNTER_MAX pages, 9223372036854771712 with
 * 4 KiB pages), so that memory -1 with memsw unlimited passes.
 */
static uint64_t mem_pages(const char *v)
{
	uint64_t x;
	long ps = sysconf(_SC_PAGESIZE);
	uint64_t page = (uint64_t)(ps > 0 ? ps : 4096);

	if (!v || streq(v, "-1") || cgk_parse_u64(v, strlen(v), &x) < 0)
		return UINT64_MAX;
	x /= page;
	return x >= (uint64_t)INT64_MAX / page ? UINT64_MAX : x;
}

/* Deferred --cpus: quota = F x period. */
static int fix_cpus(struct cgk_apply *s, struct op *o, struct cgk_apply_error *err)
{
	_cleanup_free_ char *pv = final_value(s, o->cg, "cpu.cfs_period_us");
	uint64_t period = PERIOD_DEFAULT, q;
	char v[32];

	if (pv && cgk_parse_u64(pv, strlen(pv), &period) < 0)
		period = PERIOD_DEFAULT;
	/* quota = n / d x period, rounded to the nearest microsecond */
	if (o->cpus_n > UINT64_MAX / period) {
		ap_seterr(err, -EINVAL, "is more CPUs than the kernel can express");
		return ap_rule(s, err, &s->cg[o->cg], o, -EINVAL);
	}
	q = (o->cpus_n * period + o->cpus_d / 2) / o->cpus_d;
	if (q < MIN_QUOTA) {
		ap_seterr(err, -EINVAL, "gives a quota of %" PRIu64 " us with a period of %" PRIu64
		       " us; the kernel's minimum is %d us (raise --period)", q, period, MIN_QUOTA);
		return ap_rule(s, err, &s->cg[o->cg], o, -EINVAL);
	}
	if (q > ((UINT64_C(1) << 44) - 1)) {
		ap_seterr(err, -EINVAL, "gives a quota above the kernel's maximum");
		return ap_rule(s, err, &s->cg[o->cg], o, -EINVAL);
	}
	snprintf(v, sizeof(v), "%" PRIu64, q);
	o->value = strdup(v);
	return o->value ? 0 : -ENOMEM;
}

/* CFS ratio quota/period in millionths; UINT64_MAX for no limit. */
static uint64_t ratio(const char *q, const char *p)
{
	int64_t qq;
	uint64_t pp;

	if (num_s64(q, &qq) < 0 || qq < 0 || !p || cgk_parse_u64(p, strlen(p), &pp) < 0 || !pp)
		return UINT64_MAX;
	return (uint64_t)qq * 1000000 / pp;
}

static uint64_t final_ratio(struct cgk_apply *s, size_t c)
{
	_cleanup_free_ char *q = final_value(s, c, "cpu.cfs_quota_us");
	_cleanup_free_ char *p = final_value(s, c, "cpu.cfs_period_us");

	return ratio(q, p);
}

/* Index in the set of the child NAME of cgroup C (added, existing). */
static ssize_t cg_child(struct cgk_apply *s, size_t c, const char *name)
{
	_cleanup_free_ char *m = NULL, *l = NULL;
	const struct cg *p = &s->cg[c];

	if (asprintf(&m, "%s%s%s", p->mrel, *p->mrel ? "/" : "", name) < 0 ||
	    asprintf(&l, "%s%s%s", p->label, streq(p->label, "/") ? "" : "/", name) < 0) {
		m = l = NULL;
		return -ENOMEM;
	}
	return ap_cg_get(s, p->hier, m, l, true);
}

/* Names of the child cgroups of C (an existing one). NULL-terminated, malloc'd. */
static int children(struct cgk_apply *s, size_t c, char ***ret)
{
	char **v = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	DIR *d;
	int fd = ap_cg_open(s, &s->cg[c], O_RDONLY);

	*ret = NULL;
	if (fd < 0)
		return fd == -ENOENT ? 0 : fd;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return -errno;
	}
	while ((de = readdir(d))) {
		if (de->d_type != DT_DIR || de->d_name[0] == '.')
			continue;
		if (cgk_grow((void **)&v, &cap, n + 1, sizeof(*v)) < 0 ||
		    !(v[n] = strdup(de->d_name))) {
			for (size_t k = 0; k < n; k++)
				free(v[k]);
			free(v);
			closedir(d);
			return -ENOMEM;
		}
		v[++n] = NULL;
	}
	closedir(d);
	*ret = v;
	return 0;
}

static void strv_free(char **v)
{
	for (size_t k = 0; v && v[k]; k++)
		free(v[k]);
	free(v);
}

/* Every limited descendant of C must keep a ratio <= R. */
static int check_cfs_down(struct cgk_apply *s, size_t c, uint64_t r, unsigned depth,
			  struct op *o, struct cgk_apply_error *err)
{
	char **kids;
	int ret = 0;

	if (!s->cg[c].exists || depth > CGK_WALK_DEPTH_MAX)
		return 0;
	if ((ret = children(s, c, &kids)) < 0)
		return 0;	/* vanished: the kernel decides */
	for (size_t k = 0; kids && kids[k] && !ret; k++) {
		ssize_t ch = cg_child(s, c, kids[k]);
		uint64_t cr;

		if (ch < 0) {
			ret = (int)ch;
			break;
		}
		cr = final_ratio(s, (size_t)ch);
		if (cr != UINT64_MAX && cr > r) {
			char a[32], b[32];

			cgk_cpus_format((int64_t)r, 1000000, a, sizeof(a));
			cgk_cpus_format((int64_t)cr, 1000000, b, sizeof(b));
			ap_seterr(err, -EINVAL, "would allow %s CPUs, less than the %s of child %s: "
			       "lower the children first (-R)", a, b, s->cg[ch].label);
			ret = ap_rule(s, err, &s->cg[o->cg], o, -EINVAL);
			break;
		}
		if (cr == UINT64_MAX)
			ret = check_cfs_down(s, (size_t)ch, r, depth + 1, o, err);
	}
	strv_free(kids);
	return ret;
}

/* CFS: the ratio of C within its nearest limited ancestor's, above its descendants'. */
static int check_cfs(struct cgk_apply *s, struct op *o, struct cgk_apply_error *err)
{
	size_t c = o->cg;
	uint64_t r = final_ratio(s, c);
	ssize_t p = (ssize_t)c;

	if (r == UINT64_MAX)
		return 0;
	while ((p = cg_parent(s, (size_t)p)) >= 0) {
		uint64_t pr = final_ratio(s, (size_t)p);

		if (pr == UINT64_MAX)
			continue;
		if (r > pr) {
			char a[32], b[32];

			cgk_cpus_format((int64_t)r, 1000000, a, sizeof(a));
			cgk_cpus_format((int64_t)pr, 1000000, b, sizeof(b));
			ap_seterr(err, -EINVAL, "%s CPUs exceeds the %s of %s: a cgroup's quota/period "
			       "must fit in its parent's", a, b, s->cg[p].label);
			return ap_rule(s, err, &s->cg[c], o, -EINVAL);
		}
		break;
	}
	if (p < -1)
		return (int)p;
	return check_cfs_down(s, c, r, 0, o, err);
}

/* System-wide online cpus or memory nodes, from sysfs, else the hierarchy's root cpuset. */
static int online(struct cgk_apply *s, int hier, const char *knob, struct cgk_cpuset *ret)
{
	const char *file = streq(knob, "cpuset.cpus") ? "sys/devices/system/cpu/online" :
						       "sys/devices/system/node/online";
	char buf[4096];
	ssize_t n = cgk_read_at_buf(s->h->rootfd, file, buf, sizeof(buf));

	if (n < 0) {
		int fd = cgk_hier_open(&s->h->v[hier], "", O_PATH);

		if (fd < 0)
			return fd;
		n = cgk_read_at_buf(fd, knob, buf, sizeof(buf));
		close(fd);
		if (n < 0)
			return (int)n;
	}
	return cgk_cpulist_parse(buf, (size_t)n, ret);
}

static int check_cpuset(struct cgk_apply *s, struct op *o, struct cgk_apply_error *err)
{
	struct cgk_cpuset v, on, par;
	const char *what = streq(o->knob, "cpuset.cpus") ? "CPUs" : "memory nodes";
	ssize_t p;
	char **kids = NULL;
	int r;

	if (cgk_cpulist_parse(o->value, strlen(o->value), &v) < 0)
		return 0;
	if (online(s, s->cg[o->cg].hier, o->knob, &on) == 0 && !cgk_cpuset_subset(&v, &on)) {
		char b[256];

		cgk_cpulist_format(&on, b, sizeof(b));
		ap_seterr(err, -EINVAL, "names %s that are not online (online: %s)", what, b);
		return ap_rule(s, err, &s->cg[o->cg], o, -EINVAL);
	}
	p = cg_parent(s, o->cg);
	if (p < -1)
		return (int)p;
	if (p >= 0) {
		_cleanup_free_ char *pv = final_value(s, (size_t)p, o->knob);

		if (pv && cgk_cpulist_parse(pv, strlen(pv), &par) == 0 &&
		    !cgk_cpuset_subset(&v, &par)) {
			ap_seterr(err, -EINVAL, "must be within the parent's %s (%s of %s)", o->knob,
			       *pv ? pv : "empty", s->cg[p].label);
			return ap_rule(s, err, &s->cg[o->cg], o, -EINVAL);
		}
	}
	if (!s->cg[o->cg].exists)
		return 0;
	if ((r = children(s, o->cg, &kids)) < 0)
		return 0;
	for (size_t k = 0; kids && kids[k]; k++) {
		ssize_t ch = cg_child(s, o->cg, kids[k]);
		_cleanup_free_ char *cv = NULL;
		struct cgk_cpuset cs;

		if (ch < 0) {
			strv_free(kids);
			return (int)ch;
		}
		cv = final_value(s, (size_t)ch, o->knob);
		if (cv && cgk_cpulist_parse(cv, strlen(cv), &cs) == 0 && !cgk_cpuset_subset(&cs, &v)) {
			ap_seterr(err, -EINVAL, "would leave child %s with %s %s outside it: "
			       "change the children first (-R)", s->cg[ch].label, o->knob, cv);
			strv_free(kids);
			return ap_rule(s, err, &s->cg[o->cg], o, -EINVAL);
		}
	}
	strv_free(kids);
	return 0;
}

/* memsw >= memory after the set, for a memory cgroup C with a write to either. */
static int check_memsw(struct cgk_apply *s, struct op *o, struct cgk_apply_error *err)
{
	_cleanup_free_ char *m = final_value(s, o->cg, "memory.limit_in_bytes");
	_cleanup_free_ char *w = final_value(s, o->cg, "memory.memsw.limit_in_bytes");
	uint64_t mp = mem_pages(m), wp = mem_pages(w);

	if (!m || !w || wp >= mp)
		return 0;
	if (is_v2(s, o->cg) && mp == UINT64_MAX) {
		ap_seterr(err, -EINVAL, "needs a memory limit on cgroup v2, where swap is limited "
		       "alone (memory.swap.max = memsw - memory.max)");
		return ap_rule(s, err, &s->cg[o->cg], o, -EINVAL);
	}
	ap_seterr(err, -EINVAL, "memory+swap (memory.memsw.limit_in_bytes %s) must be >= memory "
	       "(memory.limit_in_bytes %s)", w, m);
	return ap_rule(s, err, &s->cg[o->cg], o, -EINVAL);
}

/* The old value of a write, and whether it can be undone. */
static int read_old(struct cgk_apply *s, struct op *o)
{
	const struct cgk_knob *k = cgk_knob_find(o->knob);
	char *v = NULL;
	int r;

	if (!s->cg[o->cg].exists)
		return 0;	/* made by this set: removed on undo */
	if (k && k->type == CGK_KT_DEVRULE) {
		r = ap_read_knob(s, &s->cg[o->cg], "devices.list", &v);
		if (r < 0) {
			o->irreversible = true;
			return 0;
		}
		o->old = v;
		o->devices = true;
		return 0;
	}
	if (k && (k->flags & (CGK_KF_NOREAD | CGK_KF_RO))) {
		o->irreversible = true;	/* resets and event files */
		return 0;
	}
	r = ap_read_knob(s, &s->cg[o->cg], o->knob, &v);
	if (r == -ENOENT && enabling(s, o->cg, o->knob))
		return 0;	/* the file comes with the enable, and goes with its undo */
	if (r < 0) {
		o->irreversible = true;
		return r == -ENOENT ? r : 0;
	}
	if (ap_keyed(o->knob)) {
		char *line = ap_keyed_line(v, o->value);

		free(v);
		if (!line && asprintf(&line, "%.*s 0", (int)ap_key_len(o->value), o->value) < 0)
			return -ENOMEM;
		v = line;
	} else if (streq(o->knob, "memory.oom_control")) {
		uint64_t x;

		if (cgk_keyed_u64(v, strlen(v), "oom_kill_disable", &x) == 0)
			snprintf(v, strlen(v) + 1, "%" PRIu64, x);
	} else if (streq(o->knob, "freezer.state") && streq(v, "FREEZING")) {
		free(v);
		v = strdup("FROZEN");
	} else if (streq(o->knob, "cpu.cfs_quota_us")) {
		int64_t q;

		/* any negative reads back as -1 */
		if (num_s64(v, &q) == 0 && q < 0) {
			free(v);
			v = strdup("-1");
		}
	}
	if (!v)
		return -ENOMEM;
	o->old = v;
	return 0;
}

/* Whether control file KNOB exists for cgroup C: in C, or in its nearest existing ancestor below the root. */
static int knob_exists(struct cgk_apply *s, size_t c, const char *knob)
{
	ssize_t p = (ssize_t)c;
	int fd, r;

	while (p >= 0 && !s->cg[p].exists)
		p = cg_parent(s, (size_t)p);
	if (p < -1)
		return (int)p;
	if (p < 0 || (!*s->cg[p].mrel && (size_t)p != c))
		return 1;	/* the root lacks per-cgroup files such as cpu.cfs_quota_us */
	if (is_v2(s, (size_t)p)) {
		char ctl[64];
		ssize_t up = cg_parent(s, (size_t)p);

		/* a v1 name is served by its v2 file; the set may enable its controller */
		if (!(knob = cgk_xlate_file(2, knob)))
			return 0;
		if (up >= 0 && cgk_xlate_controller(2, knob, ctl, sizeof(ctl)) && *ctl &&
		    find_enable(s, (size_t)up, ctl))
			return 1;
	}
	fd = ap_cg_open(s, &s->cg[p], O_PATH);
	if (fd < 0)
		return fd;
	r = faccessat(fd, knob, F_OK, AT_SYMLINK_NOFOLLOW) == 0;
	close(fd);
	return r;
}

/* Make the create ops: requested cgroups and their missing parents. */
static int plan_creates(struct cgk_apply *s, struct cgk_apply_error *err)
{
	for (size_t q = 0; q < s->nreq; q++) {
		uint64_t mask = s->req[q].mask;

		if (!mask) {
			int cpu = cgk_hiers_find(s->h, "cpu"), acct = cgk_hiers_find(s->h, "cpuacct");

			for (size_t c = 0; c < s->ncg; c++)
				if (s->cg[c].req == (int)q + 1)
					for (size_t k = 0; k < s->nop; k++)
						if (s->op[k].cg == c && s->op[k].op == CGK_APPLY_OP_WRITE)
							mask |= BIT(s->cg[c].hier);
			if (cpu >= 0 && acct >= 0 && (mask & BIT(cpu)))
				mask |= BIT(acct);
			if (!mask)
				for (size_t c = 0; c < s->ncg; c++)
					if (s->cg[c].req == (int)q + 1 &&
					    (s->h->v[s->cg[c].hier].version == 1 ||
					     cgk_hiers_v2_only(s->h)))
						mask |= BIT(s->cg[c].hier);
		}
		for (size_t c = 0; c < s->ncg; c++) {
			if (s->cg[c].req != (int)q + 1 || !(mask & BIT(s->cg[c].hier)))
				continue;
			for (ssize_t x = (ssize_t)c; x >= 0 && !s->cg[x].exists && !s->cg[x].create; ) {
				struct op *o;

				s->cg[x].create = true;
				o = ap_op_new(s, CGK_APPLY_OP_CREATE, (size_t)x);
				if (!o)
					return -ENOMEM;
				o->implied = (size_t)x != c;
				o->phase = PH_CREATE;
				x = cg_parent(s, (size_t)x);
				if (x < -1)
					return (int)x;
			}
		}
	}
	(void)err;
	return 0;
}

/* After each created cpuset cgroup: its parent's cpus and mems. */
static int plan_cpuset_copy(struct cgk_apply *s)
{
	int cs = cgk_hiers_find(s->h, "cpuset");
	size_t n = s->nop;

	/* on v2 an empty cpuset.cpus takes the parent's: nothing to copy */
	if (cs < 0 || s->h->v[cs].version != 1)
		return 0;
	for (size_t k = 0; k < n; k++) {
		static const char *const lists[] = { "cpuset.cpus", "cpuset.mems" };
		size_t c = s->op[k].cg;
		ssize_t p;

		if (s->op[k].op != CGK_APPLY_OP_CREATE || s->cg[c].hier != cs)
			continue;
		p = cg_parent(s, c);
		if (p < 0)
			return p == -1 ? 0 : (int)p;
		for (int j = 0; j < 2; j++) {
			_cleanup_free_ char *v = cur_value(s, (size_t)p, lists[j]);
			struct op *o;

			if (!v)
				continue;
			o = ap_op_new(s, CGK_APPLY_OP_WRITE, c);
			if (!o)
				return -ENOMEM;
			o->knob = strdup(lists[j]);
			o->value = strdup(v);
			o->given = strdup(v);
			if (!o->knob || !o->value || !o->given)
				return -ENOMEM;
			o->implied = true;
			o->phase = PH_CREATE;
			o->group = s->op[k].seq;
			o->sub = 1 + j;
		}
	}
	return 0;
}

/* Phase of a cpuset write; a change that neither widens nor narrows is split in two. */
static int plan_cpuset_order(struct cgk_apply *s, struct op *o)
{
	_cleanup_free_ char *cur = cur_value(s, o->cg, o->knob);
	struct cgk_cpuset a, b, u;
	char ub[CGK_VALUE_MAX];
	struct op *w;
	size_t idx = (size_t)(o - s->op);

	if (!cur || cgk_cpulist_parse(cur, strlen(cur), &a) < 0 ||
	    cgk_cpulist_parse(o->value, strlen(o->value), &b) < 0) {
		o->phase = PH_WRITE;
		return 0;
	}
	if (cgk_cpuset_subset(&a, &b)) {
		o->phase = PH_LOOSEN;
		return 0;
	}
	if (cgk_cpuset_subset(&b, &a)) {
		o->phase = PH_TIGHTEN;
		return 0;
	}
	/* widen to old|new first (parents first), then narrow (children first) */
	for (size_t i = 0; i < ARRAY_SIZE(u.bits); i++)
		u.bits[i] = a.bits[i] | b.bits[i];
	cgk_cpulist_format(&u, ub, sizeof(ub));
	w = ap_op_new(s, CGK_APPLY_OP_WRITE, o->cg);
	if (!w)
		return -ENOMEM;
	o = &s->op[idx];	/* op_new may move the array */
	w->knob = strdup(o->knob);
	w->value = strdup(ub);
	w->given = strdup(o->given ? o->given : o->value);
	w->old = o->old;
	o->old = strdup(ub);
	if (!w->knob || !w->value || !w->given || !o->old)
		return -ENOMEM;
	memcpy(w->human, o->human, sizeof(w->human));
	w->implied = true;
	w->phase = PH_LOOSEN;
	w->group = o->group;
	o->phase = PH_TIGHTEN;
	return 0;
}

/* The lowest ratio a cgroup's ancestors allow it during the change (min of now and after). */
static uint64_t cfs_bound_up(struct cgk_apply *s, size_t c)
{
	ssize_t p = (ssize_t)c;

	while ((p = cg_parent(s, (size_t)p)) >= 0) {
		_cleanup_free_ char *q0 = cur_value(s, (size_t)p, "cpu.cfs_quota_us");
		_cleanup_free_ char *p0 = cur_value(s, (size_t)p, "cpu.cfs_period_us");
		uint64_t a = ratio(q0, p0), b = final_ratio(s, (size_t)p);

		if (a != UINT64_MAX || b != UINT64_MAX)
			return a < b ? a : b;
	}
	return UINT64_MAX;
}

/* The highest ratio of the limited descendants of C (now or after); 0 when none. */
static uint64_t cfs_bound_down(struct cgk_apply *s, size_t c, unsigned depth)
{
	uint64_t best = 0;
	char **kids;

	if (!s->cg[c].exists || depth > CGK_WALK_DEPTH_MAX || children(s, c, &kids) < 0)
		return 0;
	for (size_t k = 0; kids && kids[k]; k++) {
		ssize_t ch = cg_child(s, c, kids[k]);
		_cleanup_free_ char *q0 = NULL, *p0 = NULL;
		uint64_t a, b, m;

		if (ch < 0)
			break;
		q0 = cur_value(s, (size_t)ch, "cpu.cfs_quota_us");
		p0 = cur_value(s, (size_t)ch, "cpu.cfs_period_us");
		a = ratio(q0, p0);
		b = final_ratio(s, (size_t)ch);
		m = a == UINT64_MAX ? b : b == UINT64_MAX ? a : a > b ? a : b;
		if (m == UINT64_MAX)
			m = cfs_bound_down(s, (size_t)ch, depth + 1);
		if (m > best)
			best = m;
	}
	strv_free(kids);
	return best;
}

/* Order quota and period writes of one cpu cgroup; both get the pair's phase. */
static void plan_cfs_order(struct cgk_apply *s, size_t c)
{
	struct op *q = find_write(s, c, "cpu.cfs_quota_us");
	struct op *p = find_write(s, c, "cpu.cfs_period_us");
	_cleanup_free_ char *q0 = cur_value(s, c, "cpu.cfs_quota_us");
	_cleanup_free_ char *p0 = cur_value(s, c, "cpu.cfs_period_us");
	_cleanup_free_ char *q1 = final_value(s, c, "cpu.cfs_quota_us");
	_cleanup_free_ char *p1 = final_value(s, c, "cpu.cfs_period_us");
	uint64_t r0 = ratio(q0, p0), r1 = ratio(q1, p1);
	enum phase ph = r1 > r0 ? PH_LOOSEN : r1 < r0 ? PH_TIGHTEN : PH_WRITE;
	bool period_first = true;

	if (!q && !p)
		return;

	if (q && p) {
		uint64_t ia = ratio(q0, p1), ib = ratio(q1, p0);
		uint64_t up = cfs_bound_up(s, c), down = cfs_bound_down(s, c, 0);

		if (r1 == UINT64_MAX)
			period_first = false;	/* the limit goes first */
		else if (r0 == UINT64_MAX)
			period_first = true;
		else if (ia >= down && ia <= up)
			period_first = true;	/* the in-between ratio the kernel takes */
		else if (ib >= down && ib <= up)
			period_first = false;
		p->group = q->group = q->seq < p->seq ? q->seq : p->seq;
		p->sub = period_first ? 0 : 1;
		q->sub = period_first ? 1 : 0;
	}
	if (q)
		q->phase = ph;
	if (p)
		p->phase = ph;
}

/* memory and memsw of one memory cgroup: memsw first when it grows. */
static void plan_mem_order(struct cgk_apply *s, size_t c)
{
	struct op *m = find_write(s, c, "memory.limit_in_bytes");
	struct op *w = find_write(s, c, "memory.memsw.limit_in_bytes");
	_cleanup_free_ char *w0 = NULL;

	if (!m || !w)
		return;
	w0 = cur_value(s, c, "memory.memsw.limit_in_bytes");
	m->group = w->group = m->seq < w->seq ? m->seq : w->seq;
	if (mem_pages(w->value) > mem_pages(w0)) {
		w->sub = 0;
		m->sub = 1;
	} else {
		m->sub = 0;
		w->sub = 1;
	}
}

static int step_cmp(const void *pa, const void *pb, void *arg)
{
	const struct cgk_apply *s = arg;
	const struct op *a = &s->op[*(const size_t *)pa], *b = &s->op[*(const size_t *)pb];
	const struct cg *ca = &s->cg[a->cg], *cb = &s->cg[b->cg];
	int r;

	if (a->phase != b->phase)
		return a->phase < b->phase ? -1 : 1;
	switch (a->phase) {
	case PH_CREATE:
		/* parents first; a cpuset copy right after its mkdir */
		if (a->op == CGK_APPLY_OP_CREATE && b->op == CGK_APPLY_OP_CREATE &&
		    (r = cmp_u64(ca->depth, cb->depth)))
			return r;
		break;
	case PH_ENABLE:
	case PH_LOOSEN:
		if ((r = cmp_u64(ca->depth, cb->depth)))
			return r;
		break;
	case PH_TIGHTEN:
		if ((r = cmp_u64(cb->depth, ca->depth)))
			return r;
		break;
	default:
		break;
	}
	if (a->phase == PH_CREATE) {
		long ga = a->op == CGK_APPLY_OP_CREATE ? a->seq : a->group;
		long gb = b->op == CGK_APPLY_OP_CREATE ? b->seq : b->group;

		if (ga != gb) {
			/* keep a copy behind its own mkdir: compare the mkdirs' depths */
			const struct op *ma = a, *mb = b;

			for (size_t k = 0; k < s->nop; k++) {
				if (s->op[k].op == CGK_APPLY_OP_CREATE && s->op[k].seq == ga)
					ma = &s->op[k];
				if (s->op[k].op == CGK_APPLY_OP_CREATE && s->op[k].seq == gb)
					mb = &s->op[k];
			}
			if ((r = cmp_u64(s->cg[ma->cg].depth, s->cg[mb->cg].depth)))
				return r;
			return ga < gb ? -1 : 1;
		}
		return a->sub < b->sub ? -1 : a->sub > b->sub;
	}
	if (a->group != b->group)
		return a->group < b->group ? -1 : 1;
	if (a->sub != b->sub)
		return a->sub < b->sub ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* Does the process (or thread) PID exist, and is it a user task? */
static int check_pid(struct cgk_apply *s, struct op *o, struct cgk_apply_error *err)
{
	struct cgk_pidstat st;
	int r;

	if (o->pid == 0)
		return 0;	/* the caller */
	r = cgk_pidstat_read(s->h->procfd, o->pid, &st);
	if (r < 0 && r != -EINVAL) {
		ap_seterr(err, -ESRCH, "no such process");
		return ap_rule(s, err, &s->cg[o->cg], o, -ESRCH);
	}
	if (r == 0 && cgk_pidstat_is_kthread(&st)) {
		ap_seterr(err, -EINVAL, "is a kernel thread: the kernel does not move those");
		return ap_rule(s, err, &s->cg[o->cg], o, -EINVAL);
	}
	if (r == 0 && st.state == 'Z') {
		ap_seterr(err, -ESRCH, "is a zombie: it has exited");
		return ap_rule(s, err, &s->cg[o->cg], o, -ESRCH);
	}
	return 0;
}

/* Where task PID is now in the hierarchy of cgroup C: for the undo. */
static int read_back(struct cgk_apply *s, struct op *o)
{
	char *paths[CGK_HIER_MAX] = { 0 };
	pid_t pid = o->pid ? o->pid : getpid();
	int r, i = s->cg[o->cg].hier;

	/* /proc/TID/cgroup of a thread shows that thread's own cgroups */
	r = cgk_hiers_pid_paths(s->h, pid, paths);
	if (r < 0)
		return r;
	o->back = paths[i];
	paths[i] = NULL;
	for (size_t k = 0; k < s->h->n; k++)
		free(paths[k]);
	return 0;
}

/* v2 name on v1: memory.memsw.limit_in_bytes = final memory limit + memory.swap.max. */
static int fix_swap(struct cgk_apply *s, struct op *o, struct cgk_apply_error *err)
{
	_cleanup_free_ char *m = final_value(s, o->cg, "memory.limit_in_bytes");
	uint64_t sw, mem;
	char v[32];

	o->swap = false;
	if (streq(o->value, "max"))
		snprintf(v, sizeof(v), "-1");
	else if (cgk_parse_u64(o->value, strlen(o->value), &sw) < 0 || !m ||
		 cgk_parse_u64(m, strlen(m), &mem) < 0 || mem >= CGK_MEM_UNLIMITED) {
		ap_seterr(err, -EINVAL, "needs a memory limit on cgroup v1, where swap is limited "
		       "with memory (memory.memsw.limit_in_bytes = memory.max + memory.swap.max)");
		return ap_rule(s, err, &s->cg[o->cg], o, -EINVAL);
	} else {
		snprintf(v, sizeof(v), "%" PRIu64, mem + sw);
	}
	free(o->value);
	o->value = strdup(v);
	return o->value ? 0 : -ENOMEM;
}

/* The v2 controller a write to cgroup C needs enabled above it: "" for core files. */
static const char *v2_controller(const struct op *o, char *buf, size_t size)
{
	if (!cgk_xlate_controller(2, o->knob, buf, size))
		*buf = '\0';
	return buf;
}

/* Whether the space-separated list LIST has word W. */
static bool has_word(const char *list, const char *w)
{
	size_t n = strlen(w);

	for (const char *p = list; p && *p; ) {
		size_t l = strcspn(p, " \n");

		if (l == n && !memcmp(p, w, n))
			return true;
		p += l;
		p += strspn(p, " \n");
	}
	return false;
}

/* v2: whether the set enables the controller of KNOB for C (its files appear, with defaults). */
static bool enabling(struct cgk_apply *s, size_t c, const char *knob)
{
	char ctl[64];
	ssize_t p;

	if (!is_v2(s, c) || !cgk_xlate_controller(2, knob, ctl, sizeof(ctl)) || !*ctl)
		return false;
	p = cg_parent(s, c);
	return p >= 0 && find_enable(s, (size_t)p, ctl);
}

/*
 * v2: a cgroup has the files of controller CTL only when its parent enables
 * CTL in cgroup.subtree_control, and so on up to the root. Plan "+CTL" in
 * every ancestor of C that lacks it, parents first (undone with "-CTL"); a
 * controller the hierarchy's root does not offer is a rule broken.
 */
static int plan_enable(struct cgk_apply *s, size_t c, const char *ctl, struct cgk_apply_error *err,
		       struct op *by)
{
	ssize_t anc[CGK_PATH_MAX / 2];
	size_t n = 0;

	for (ssize_t p = cg_parent(s, c); p >= 0; p = cg_parent(s, (size_t)p)) {
		if (n == ARRAY_SIZE(anc))
			return -E2BIG;
		anc[n++] = p;
	}
	if (n && anc[n - 1] < -1)
		return (int)anc[n - 1];
	for (size_t top = n; n--; ) {
		size_t a = (size_t)anc[n];
		_cleanup_free_ char *sub = NULL, *avail = NULL;
		struct op *o;

		if (find_enable(s, a, ctl))
			continue;
		if (s->cg[a].exists) {
			if (ap_read_raw(s, &s->cg[a], "cgroup.subtree_control", &sub) == 0 &&
			    has_word(sub, ctl))
				continue;
			/* below the top, the enable in the parent makes it available */
			if (n == top - 1 &&
			    (ap_read_raw(s, &s->cg[a], "cgroup.controllers", &avail) < 0 ||
			     !has_word(avail, ctl))) {
				ap_seterr(err, -ENOENT, "needs the %s controller, which %s does not offer "
				       "(not in its cgroup.controllers)", ctl, s->cg[a].label);
				return ap_rule(s, err, &s->cg[c], by, -ENOENT);
			}
		}
		o = ap_op_new(s, CGK_APPLY_OP_WRITE, a);
		if (!o)
			return -ENOMEM;
		o->knob = strdup("cgroup.subtree_control");
		if (asprintf(&o->value, "+%s", ctl) < 0)
			o->value = NULL;
		o->given = o->value ? strdup(o->value) : NULL;
		if (asprintf(&o->old, "-%s", ctl) < 0)
			o->old = NULL;
		if (!o->knob || !o->value || !o->given || !o->old)
			return -ENOMEM;
		o->implied = true;
		o->phase = PH_ENABLE;
	}
	return 0;
}

/* Plan the enables every v2 write of the set needs. */
static int plan_enables(struct cgk_apply *s, struct cgk_apply_error *err)
{
	size_t n = s->nop;

	for (size_t k = 0; k < n; k++) {
		char ctl[64];
		int r;

		if (s->op[k].op != CGK_APPLY_OP_WRITE || s->op[k].dropped || s->op[k].implied ||
		    !is_v2(s, s->op[k].cg) || !*v2_controller(&s->op[k], ctl, sizeof(ctl)))
			continue;
		if ((r = plan_enable(s, s->op[k].cg, ctl, err, &s->op[k])) < 0)
			return r;
	}
	return 0;
}

/*
 * v1 names on v2, kept so far for the v1 rules and orders, become the v2
 * files written (what a dry run shows): quota and period one cpu.max,
 * shares cpu.weight, memory.max, memory.swap.max = memsw - memory,
 * cgroup.freeze; the old value is the v2 file's, for the undo.
 */
static int lower_v2(struct cgk_apply *s, struct op *o, struct cgk_apply_error *err, int pass)
{
	_cleanup_free_ char *nv = NULL, *old = NULL;
	const char *file;
	uint64_t x;
	int r;

	if (o->op != CGK_APPLY_OP_WRITE || o->dropped || o->implied || !is_v2(s, o->cg))
		return 0;
	/* memsw first: it reads the memory limit's final value, by its v1 name */
	if ((pass == 0) != streq(o->knob, "memory.memsw.limit_in_bytes"))
		return 0;
	if (streq(o->knob, "cpu.cfs_quota_us") || streq(o->knob, "cpu.cfs_period_us")) {
		_cleanup_free_ char *q = final_value(s, o->cg, "cpu.cfs_quota_us");
		_cleanup_free_ char *p = final_value(s, o->cg, "cpu.cfs_period_us");
		int64_t qq;

		/* one write of both, in the place of the first; the other goes */
		for (size_t k = 0; k < s->nop; k++) {
			struct op *w = &s->op[k];

			if (w != o && w->op == CGK_APPLY_OP_WRITE && !w->dropped && w->cg == o->cg &&
			    (streq(w->knob, "cpu.cfs_quota_us") || streq(w->knob, "cpu.cfs_period_us")))
				w->dropped = true;
		}
		if (!q || !p || num_s64(q, &qq) < 0)
			return -EIO;
		file = "cpu.max";
		r = qq < 0 ? asprintf(&nv, "max %s", p) : asprintf(&nv, "%s %s", q, p);
		if (r < 0)
			nv = NULL;
	} else if (streq(o->knob, "cpu.shares")) {
		file = "cpu.weight";
		if (cgk_parse_u64(o->value, strlen(o->value), &x) < 0 ||
		    asprintf(&nv, "%" PRIu64, cgk_xlate_shares_to_weight(x)) < 0)
			nv = NULL;
	} else if (streq(o->knob, "memory.limit_in_bytes")) {
		file = "memory.max";
		nv = strdup(streq(o->value, "-1") ? "max" : o->value);
	} else if (streq(o->knob, "memory.memsw.limit_in_bytes")) {
		_cleanup_free_ char *m = final_value(s, o->cg, "memory.limit_in_bytes");
		uint64_t mem, sw;

		file = "memory.swap.max";
		if (streq(o->value, "-1")) {
			nv = strdup("max");
		} else if (!m || cgk_parse_u64(m, strlen(m), &mem) < 0 || mem >= CGK_MEM_UNLIMITED ||
			   cgk_parse_u64(o->value, strlen(o->value), &sw) < 0) {
			ap_seterr(err, -EINVAL, "needs a memory limit on cgroup v2, where swap is limited "
			       "alone (memory.swap.max = memsw - memory.max)");
			return ap_rule(s, err, &s->cg[o->cg], o, -EINVAL);
		} else if (asprintf(&nv, "%" PRIu64, sw - mem) < 0) {
			nv = NULL;
		}
	} else if (streq(o->knob, "freezer.state")) {
		file = "cgroup.freeze";
		nv = strdup(streq(o->value, "FROZEN") ? "1" : "0");
	} else {
		return 0;
	}
	if (!nv)
		return -ENOMEM;
	if (s->cg[o->cg].exists && ap_read_raw(s, &s->cg[o->cg], file, &old) < 0) {
		o->irreversible = true;
		o->phase = PH_LAST;
	}
	free(o->knob);
	free(o->value);
	free(o->old);
	o->knob = strdup(file);
	o->value = TAKE_PTR(nv);
	o->old = TAKE_PTR(old);
	return o->knob ? 0 : -ENOMEM;
}

int cgk_apply_prepare(struct cgk_apply *s, struct cgk_apply_error *err)
{
	size_t n;
	int r;

	ap_err_init(err);
	if (s->prepared)
		return 0;
	for (size_t c = 0; c < s->ncg; c++)
		if (!s->cg[c].exists) {
			int fd = ap_cg_open(s, &s->cg[c], O_PATH);

			if (fd >= 0) {
				s->cg[c].exists = true;
				close(fd);
			}
		}
	if ((r = plan_creates(s, err)) < 0)
		return r;
	/* every write and attach needs its cgroup */
	for (size_t k = 0; k < s->nop; k++) {
		struct op *o = &s->op[k];
		struct cg *c = &s->cg[o->cg];

		if (o->op == CGK_APPLY_OP_CREATE || c->exists || c->create)
			continue;
		if (o->cond) {
			o->dropped = true;
			continue;
		}
		ap_seterr(err, -ENOENT, "%s does not exist in the %s hierarchy%s", c->label,
		       s->h->v[c->hier].name, c->req ? "" : " (--create makes it)");
		return ap_rule(s, err, c, o, -ENOENT);
	}
	/* an attach that found no hierarchy at all */
	for (size_t k = 0; k < s->nop; k++) {
		struct op *o = &s->op[k];
		bool any = false;

		if ((o->op != CGK_APPLY_OP_ATTACH && o->op != CGK_APPLY_OP_ATTACH_THREAD) || !o->dropped)
			continue;
		for (size_t j = 0; j < s->nop; j++)
			if (s->op[j].op == o->op && s->op[j].pid == o->pid && !s->op[j].dropped &&
			    streq(s->cg[s->op[j].cg].label, s->cg[o->cg].label))
				any = true;
		if (!any) {
			ap_seterr(err, -ENOENT, "%s does not exist in any hierarchy (--create makes it)",
			       s->cg[o->cg].label);
			return ap_rule(s, err, &s->cg[o->cg], o, -ENOENT);
		}
	}
	/* a v2 attach on a hybrid host: only with a write or a create there for the cgroup */
	for (size_t k = 0; k < s->nop; k++) {
		struct op *o = &s->op[k];
		bool keep = false;

		if (!o->v2cond || o->dropped)
			continue;
		for (size_t j = 0; j < s->nop; j++)
			if ((s->op[j].op == CGK_APPLY_OP_WRITE || s->op[j].op == CGK_APPLY_OP_CREATE) &&
			    s->op[j].cg == o->cg)
				keep = true;
		o->dropped = !keep;
	}
	for (size_t k = 0; k < s->nop; k++)
		if (s->op[k].cpus && !s->op[k].dropped && (r = fix_cpus(s, &s->op[k], err)) < 0)
			return r;
	for (size_t k = 0; k < s->nop; k++)
		if (s->op[k].swap && !s->op[k].dropped && (r = fix_swap(s, &s->op[k], err)) < 0)
			return r;
	if ((r = plan_enables(s, err)) < 0)
		return r;
	if ((r = plan_cpuset_copy(s)) < 0)
		return r;
	/* rules across knobs, and the old values */
	n = s->nop;
	for (size_t k = 0; k < n; k++) {
		struct op *o = &s->op[k];

		if (o->dropped)
			continue;
		if (o->op == CGK_APPLY_OP_ATTACH || o->op == CGK_APPLY_OP_ATTACH_THREAD) {
			if ((r = check_pid(s, o, err)) < 0)
				return r;
			if ((r = read_back(s, &s->op[k])) < 0) {
				ap_seterr(err, r, "%s", r == -ESRCH ? "no such process" : strerror(-r));
				return ap_rule(s, err, &s->cg[o->cg], o, r);
			}
			if (!is_v2(s, o->cg) &&
			    cgk_ctrls_has(s->h->v[s->cg[o->cg].hier].controllers, "cpuset")) {
				static const char *const lists[] = { "cpuset.cpus", "cpuset.mems" };

				for (int j = 0; j < 2; j++) {
					_cleanup_free_ char *v = final_value(s, o->cg, lists[j]);

					if (v && !*v) {
						ap_seterr(err, -ENOSPC, "%s of %s is empty: a task cannot "
						       "join it (set --cpuset/--mems)", lists[j],
						       s->cg[o->cg].label);
						return ap_rule(s, err, &s->cg[o->cg], &s->op[k], -ENOSPC);
					}
				}
			}
			o = &s->op[k];
			o->phase = PH_ATTACH;
			continue;
		}
		if (o->op != CGK_APPLY_OP_WRITE || o->implied)
			continue;
		r = knob_exists(s, o->cg, o->knob);
		o = &s->op[k];
		if (r < 0)
			return r;
		if (r == 0) {
			ap_seterr(err, -ENOENT, "no such control file in the %s hierarchy on this system",
			       s->h->v[s->cg[o->cg].hier].name);
			return ap_rule(s, err, &s->cg[o->cg], o, -ENOENT);
		}
		/* v2 caps a child at its parent's quota and cpus, silently: no rule */
		if ((streq(o->knob, "cpu.cfs_quota_us") || streq(o->knob, "cpu.cfs_period_us")) &&
		    !is_v2(s, o->cg))
			r = check_cfs(s, o, err);
		else if ((streq(o->knob, "cpuset.cpus") || streq(o->knob, "cpuset.mems")) &&
			 !is_v2(s, o->cg))
			r = check_cpuset(s, o, err);
		else if (streq(o->knob, "memory.limit_in_bytes") ||
			 streq(o->knob, "memory.memsw.limit_in_bytes"))
			r = check_memsw(s, o, err);
		if (r < 0)
			return r;
		o = &s->op[k];
		r = read_old(s, o);
		if (r < 0) {
			ap_seterr(err, r, "cannot read its current value: %s", strerror(-r));
			return ap_rule(s, err, &s->cg[o->cg], o, r);
		}
		o->phase = o->irreversible ? PH_LAST : PH_WRITE;
	}
	/* ordering */
	for (size_t c = 0; c < s->ncg; c++) {
		const char *ctl = s->h->v[s->cg[c].hier].controllers;

		if (is_v2(s, c))
			continue;	/* v2's limits are independent files, in any order */
		if (cgk_ctrls_has(ctl, "cpu"))
			plan_cfs_order(s, c);
		if (cgk_ctrls_has(ctl, "memory"))
			plan_mem_order(s, c);
	}
	n = s->nop;
	for (size_t k = 0; k < n; k++) {
		struct op *o = &s->op[k];

		if (o->op != CGK_APPLY_OP_WRITE || o->dropped || o->implied || o->irreversible)
			continue;
		if (!is_v2(s, o->cg) && (streq(o->knob, "cpuset.cpus") || streq(o->knob, "cpuset.mems")) &&
		    (r = plan_cpuset_order(s, o)) < 0)
			return r;
	}
	for (int pass = 0; pass < 2; pass++)
		for (size_t k = 0; k < s->nop; k++)
			if ((r = lower_v2(s, &s->op[k], err, pass)) < 0)
				return r;
	/* created cgroups are removed on undo: their writes restore nothing */
	for (size_t k = 0; k < s->nop; k++)
		if (s->op[k].op == CGK_APPLY_OP_WRITE && s->cg[s->op[k].cg].create) {
			free(s->op[k].old);
			s->op[k].old = NULL;
			s->op[k].irreversible = false;
			if (s->op[k].phase == PH_LAST)
				s->op[k].phase = PH_WRITE;
		}
	free(s->order);
	free(s->steps);
	s->order = calloc(s->nop ? s->nop : 1, sizeof(*s->order));
	s->steps = calloc(s->nop ? s->nop : 1, sizeof(*s->steps));
	if (!s->order || !s->steps)
		return -ENOMEM;
	s->nsteps = 0;
	for (size_t k = 0; k < s->nop; k++)
		if (!s->op[k].dropped)
			s->order[s->nsteps++] = k;
	qsort_r(s->order, s->nsteps, sizeof(*s->order), step_cmp, s);
	for (size_t k = 0; k < s->nsteps; k++) {
		const struct op *o = &s->op[s->order[k]];
		const struct cg *c = &s->cg[o->cg];

		s->steps[k] = (struct cgk_apply_step){
			.op = o->op, .hier = c->hier, .mrel = c->mrel, .dir = c->dir,
			.label = c->label,
			.knob = o->op == CGK_APPLY_OP_CREATE ? NULL : o->knob,
			.value = o->op == CGK_APPLY_OP_CREATE ? NULL : o->value,
			.old = o->old, .unknown = o->unknown, .implied = o->implied,
		};
	}
	s->prepared = true;
	return 0;
}

bool cgk_apply_step_unknown_first(const struct cgk_apply_step *st, size_t k)
{
	if (!st[k].unknown)
		return false;
	for (size_t j = 0; j < k; j++)
		if (st[j].unknown && streq(st[j].knob, st[k].knob))
			return false;
	return true;
}

const struct cgk_apply_step *cgk_apply_steps(const struct cgk_apply *s, size_t *ret_n)
{
	if (!s->prepared) {
		*ret_n = 0;
		return NULL;
	}
	*ret_n = s->nsteps;
	return s->steps;
}
