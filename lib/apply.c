/* SPDX-License-Identifier: MIT */
/* apply - checked, ordered, all-or-nothing changes to cgroups: create, write, attach */
#include <dirent.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "apply-int.h"
#include "knob.h"
#include "proc.h"
#include "util.h"
#include "walk.h"
#include "xlate.h"

/*
 * Creating and attaching are plain mkdirat() and a write to cgroup.procs
 * below the hierarchy's fd, not lib/libcg: libcgroup folds the kernel's
 * errno into its own codes (see libcg.c), cannot tell "created" from "was
 * there", and knows no named hierarchies, and this module must report
 * exactly what the kernel refused and undo exactly what it made.
 */

/* ---- errors ---- */

static void trunc_copy(char *dst, size_t size, const char *src)
{
	size_t n = src ? strlen(src) : 0;

	if (!dst || size < 4)
		return;
	if (n < size) {
		memcpy(dst, src ? src : "", n + 1);
		return;
	}
	memcpy(dst, src, size - 4);
	memcpy(dst + size - 4, "...", 4);
}

void ap_seterr(struct cgk_apply_error *e, int r, const char *fmt, ...)
{
	va_list ap;

	if (!e)
		return;
	e->err = r;
	va_start(ap, fmt);
	vsnprintf(e->why, sizeof(e->why), fmt, ap);
	va_end(ap);
}

void ap_err_init(struct cgk_apply_error *e)
{
	if (!e)
		return;
	memset(e, 0, sizeof(*e));
	e->op = CGK_APPLY_OP_WRITE;
}

/* Fill the operand part of E from cgroup C and operation O (both may be NULL). */
static void err_where(const struct cgk_apply *s, struct cgk_apply_error *e,
		      const struct cg *c, const struct op *o)
{
	if (!e)
		return;
	if (c) {
		trunc_copy(e->label, sizeof(e->label), c->label);
		trunc_copy(e->hier, sizeof(e->hier), s->h->v[c->hier].name);
	}
	if (o) {
		e->op = o->op;
		if (*o->human) {
			e->human = true;
			trunc_copy(e->knob, sizeof(e->knob), o->human);
		} else {
			trunc_copy(e->knob, sizeof(e->knob), o->knob ? o->knob : "");
		}
		trunc_copy(e->value, sizeof(e->value), o->given ? o->given :
			   o->value ? o->value : "");
	}
}

int ap_rule(const struct cgk_apply *s, struct cgk_apply_error *e, const struct cg *c,
	    const struct op *o, int r)
{
	err_where(s, e, c, o);
	if (e)
		e->rule = true;
	return r;
}

/* ---- the set ---- */

int cgk_apply_new(const struct cgk_hiers *h, unsigned flags, struct cgk_apply **ret)
{
	struct cgk_apply *s;

	if (!h || flags)
		return -EINVAL;
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->h = h;
	*ret = s;
	return 0;
}

static void op_done(struct op *o)
{
	free(o->knob);
	free(o->value);
	free(o->given);
	free(o->old);
	free(o->back);
}

void cgk_apply_free(struct cgk_apply *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->ncg; i++) {
		free(s->cg[i].mrel);
		free(s->cg[i].dir);
		free(s->cg[i].label);
	}
	for (size_t i = 0; i < s->nop; i++)
		op_done(&s->op[i]);
	free(s->cg);
	free(s->op);
	free(s->req);
	free(s->steps);
	free(s->order);
	free(s);
}

static unsigned depth_of(const char *mrel)
{
	unsigned d = *mrel ? 1 : 0;

	for (const char *p = mrel; *p; p++)
		d += *p == '/';
	return d;
}

/* The cgroup MREL of hierarchy I, added when new. Index or -errno. */
ssize_t ap_cg_get(struct cgk_apply *s, int i, const char *mrel, const char *label,
		      bool exists)
{
	const struct cgk_hier *hi = &s->h->v[i];
	struct cg *c;

	for (size_t k = 0; k < s->ncg; k++)
		if (s->cg[k].hier == i && streq(s->cg[k].mrel, mrel)) {
			s->cg[k].exists |= exists;
			return (ssize_t)k;
		}
	if (!cgk_cgpath_is_safe(mrel))
		return -EINVAL;
	if (cgk_grow((void **)&s->cg, &s->capcg, s->ncg, sizeof(*s->cg)) < 0)
		return -ENOMEM;
	c = &s->cg[s->ncg];
	memset(c, 0, sizeof(*c));
	c->hier = i;
	c->mrel = strdup(mrel);
	c->label = strdup(label);
	if (asprintf(&c->dir, "%s%s%s", hi->mountpoint,
		     *mrel && !streq(hi->mountpoint, "/") ? "/" : "", mrel) < 0)
		c->dir = NULL;
	if (!c->mrel || !c->label || !c->dir) {
		free(c->mrel);
		free(c->label);
		free(c->dir);
		return -ENOMEM;
	}
	c->depth = depth_of(mrel);
	c->exists = exists;
	return (ssize_t)s->ncg++;
}

struct op *ap_op_new(struct cgk_apply *s, enum cgk_apply_op type, size_t cg)
{
	struct op *o;

	if (cgk_grow((void **)&s->op, &s->capop, s->nop, sizeof(*s->op)) < 0)
		return NULL;
	o = &s->op[s->nop++];
	memset(o, 0, sizeof(*o));
	o->op = type;
	o->cg = cg;
	o->seq = s->seq++;
	o->group = o->seq;
	return o;
}

/* Drop the last op (on an error while filling it). */
static void op_drop_last(struct cgk_apply *s)
{
	op_done(&s->op[--s->nop]);
}

static int check_open(const struct cgk_apply *s, struct cgk_apply_error *err)
{
	if (s->prepared) {
		ap_seterr(err, -EBUSY, "the change set is already prepared");
		return -EBUSY;
	}
	return 0;
}

/* ---- create ---- */

int cgk_apply_create(struct cgk_apply *s, const struct cgk_target *t, uint64_t hmask,
		     struct cgk_apply_error *err)
{
	int r;

	ap_err_init(err);
	if ((r = check_open(s, err)) < 0)
		return r;
	if (hmask & ~t->hmask) {
		for (size_t i = 0; i < s->h->n; i++)
			if (hmask & ~t->hmask & BIT(i)) {
				trunc_copy(err ? err->label : NULL, err ? sizeof(err->label) : 0,
					   t->label);
				if (err)
					trunc_copy(err->hier, sizeof(err->hier), s->h->v[i].name);
				break;
			}
		ap_seterr(err, -ENOENT, "the operand does not name this hierarchy");
		if (err)
			err->rule = true;
		return -ENOENT;
	}
	if (cgk_grow((void **)&s->req, &s->capreq, s->nreq, sizeof(*s->req)) < 0)
		return -ENOMEM;
	s->req[s->nreq].mask = hmask;
	for (size_t i = 0; i < s->h->n; i++) {
		ssize_t k;

		if (!(t->hmask & BIT(i)))
			continue;
		k = ap_cg_get(s, (int)i, t->mrel[i], t->label, t->exists & BIT(i));
		if (k < 0) {
			ap_seterr(err, (int)k, "%s", strerror((int)-k));
			return (int)k;
		}
		s->cg[k].req = (int)s->nreq + 1;
		s->cg[k].req_explicit = hmask & BIT(i);
	}
	s->nreq++;
	return 0;
}

/* ---- write ---- */

/* "key" of a keyed knob's value: the device of blkio "MAJ:MIN N", the interface of ifpriomap. */
bool ap_keyed(const char *knob)
{
	const struct cgk_knob *k = cgk_knob_find(knob);

	return (k && k->type == CGK_KT_BLKDEV) || streq(knob, "net_prio.ifpriomap");
}

size_t ap_key_len(const char *v)
{
	return strcspn(v, " \t");
}

/* Add (or replace) a write of KNOB=VALUE (kernel form) to cgroup CG. */
static struct op *add_write(struct cgk_apply *s, size_t cg, const char *knob, const char *value,
			    const char *given)
{
	struct op *o = NULL;

	for (size_t k = 0; k < s->nop; k++) {
		struct op *p = &s->op[k];

		if (p->op != CGK_APPLY_OP_WRITE || p->cg != cg || !streq(p->knob, knob) ||
		    p->implied || p->devices)
			continue;
		if (ap_keyed(knob) && (!p->value || ap_key_len(p->value) != ap_key_len(value) ||
				    memcmp(p->value, value, ap_key_len(value))))
			continue;
		o = p;		/* the later value wins */
		free(o->value);
		free(o->given);
		o->value = o->given = NULL;
		o->cpus = false;
		*o->human = '\0';
		break;
	}
	if (!o) {
		o = ap_op_new(s, CGK_APPLY_OP_WRITE, cg);
		if (!o)
			return NULL;
		if (!(o->knob = strdup(knob))) {
			op_drop_last(s);
			return NULL;
		}
	}
	o->value = value ? strdup(value) : NULL;
	o->given = strdup(given ? given : value ? value : "");
	if ((value && !o->value) || !o->given)
		return NULL;
	return o;
}

/*
 * The hierarchy serving KNOB (controller CTL) for T: its index, or -ENOENT
 * (no hierarchy holds the controller, or T is not in it) or -EINVAL (the
 * knob has no meaning in the version of the hierarchy that does) with ERR
 * filled.
 */
static int hier_for(const struct cgk_apply *s, const struct cgk_target *t, const char *ctl,
		    const char *knob, struct cgk_apply_error *err)
{
	int i = cgk_xlate_hier_in(s->h, knob, t->hmask);

	if (i < 0)
		i = cgk_xlate_hier(s->h, knob);	/* for the message */

	if (i == -EOPNOTSUPP) {
		const char *v = cgk_xlate_foreign(knob);

		trunc_copy(err ? err->label : NULL, err ? sizeof(err->label) : 0, t->label);
		ap_seterr(err, -EINVAL, "has no cgroup %s meaning, and its controller is on "
			  "cgroup %s here", v, v);
		return -EINVAL;
	}
	if (i < 0) {
		char c2[64];
		int v2 = cgk_hiers_find(s->h, "cgroup2");

		trunc_copy(err ? err->label : NULL, err ? sizeof(err->label) : 0, t->label);
		/* a v2 tree without it: its root (a delegated one, say) does not pass it on */
		if (v2 >= 0 && (t->hmask & BIT(v2)) && *ctl &&
		    cgk_xlate_controller(2, knob, c2, sizeof(c2)) && *c2)
			ap_seterr(err, -ENOENT, "needs the %s controller, which / does not offer "
			       "(not in its cgroup.controllers)", c2);
		else
			ap_seterr(err, -ENOENT, "no hierarchy holds controller '%s'",
			       *ctl ? ctl : "freezer");
		return -ENOENT;
	}
	if (!(t->hmask & BIT(i))) {
		if (err) {
			trunc_copy(err->label, sizeof(err->label), t->label);
			trunc_copy(err->hier, sizeof(err->hier), s->h->v[i].name);
		}
		ap_seterr(err, -ENOENT, "%s is not in the %s hierarchy%s", t->label,
		       s->h->v[i].name, t->exists == t->hmask ? " (--create makes it)" : "");
		(void)knob;
		return -ENOENT;
	}
	return i;
}

static int add_attach(struct cgk_apply *s, const struct cgk_target *t, pid_t pid,
		      unsigned flags, struct cgk_apply_error *err);

/* One write of FILE=VALUE (kernel form) to T in hierarchy I. */
static struct op *write_one(struct cgk_apply *s, const struct cgk_target *t, int i,
			    const char *file, const char *value, const char *given,
			    const char *human)
{
	ssize_t c = ap_cg_get(s, i, t->mrel[i], t->label, t->exists & BIT(i));
	struct op *o;

	if (c < 0)
		return NULL;
	o = add_write(s, (size_t)c, file, value, given);
	if (o && human)
		snprintf(o->human, sizeof(o->human), "%s", human);
	return o;
}

/*
 * A write of knob K (VALUE checked, in K's kernel form) to T in hierarchy
 * I, of the version where K is not a file (lib/xlate.h). v1 names on v2
 * whose value depends on another file (quota and period, shares, memory
 * and memsw limits, freezer.state) stay as they are until the end of
 * cgk_apply_prepare, so the v1 rules and orders apply to them; the rest
 * become the other version's files here.
 */
static int write_other(struct cgk_apply *s, const struct cgk_target *t, int i,
		       const struct cgk_knob *k, const char *value, const char *given,
		       const char *human, struct cgk_apply_error *err, struct op **ret_last)
{
	static const char *const lazy[] = {
		"cpu.cfs_quota_us", "cpu.cfs_period_us", "cpu.shares", "memory.limit_in_bytes",
		"memory.memsw.limit_in_bytes", "freezer.state",
	};
	char buf[CGK_VALUE_MAX + 64];
	const char *file = NULL, *v = buf;
	struct op *o = NULL;
	uint64_t x;

	if (s->h->v[i].version == 2) {
		for (size_t j = 0; j < ARRAY_SIZE(lazy); j++)
			if (streq(k->name, lazy[j]))
				file = k->name, v = value;
		if (streq(k->name, "cpu.cfs_burst_us"))
			file = "cpu.max.burst", v = value;
		for (size_t j = 0; j < ARRAY_SIZE(cgk_xlate_io_files); j++) {
			size_t dl = ap_key_len(value);

			if (!streq(k->name, cgk_xlate_io_files[j]))
				continue;
			file = "io.max";
			if (cgk_parse_u64(value + dl + 1, strlen(value + dl + 1), &x) < 0)
				x = 0;
			if (x)
				snprintf(buf, sizeof(buf), "%.*s %s=%" PRIu64, (int)dl, value,
					 cgk_xlate_io_keys[j], x);
			else
				snprintf(buf, sizeof(buf), "%.*s %s=max", (int)dl, value,
					 cgk_xlate_io_keys[j]);
		}
	} else if (streq(k->name, "cpu.max")) {
		char q[32] = "";
		uint64_t p = 0;

		/* checked: "QUOTA|max [PERIOD]" */
		if (sscanf(value, "%31s %" SCNu64, q, &p) < 1)
			return -EINVAL;
		o = write_one(s, t, i, "cpu.cfs_quota_us", streq(q, "max") ? "-1" : q, given, human);
		if (o && p) {
			snprintf(buf, sizeof(buf), "%" PRIu64, p);
			o = write_one(s, t, i, "cpu.cfs_period_us", buf, given, human);
		}
		file = "";
	} else if (streq(k->name, "cpu.weight")) {
		file = "cpu.shares";
		if (cgk_parse_u64(value, strlen(value), &x) < 0)
			return -EINVAL;
		snprintf(buf, sizeof(buf), "%" PRIu64, cgk_xlate_weight_to_shares(x));
	} else if (streq(k->name, "memory.max")) {
		file = "memory.limit_in_bytes";
		v = streq(value, "max") ? "-1" : value;
	} else if (streq(k->name, "memory.swap.max")) {
		o = write_one(s, t, i, "memory.memsw.limit_in_bytes", value, given, human);
		if (o)
			o->swap = true;
		file = "";
	} else if (streq(k->name, "cgroup.freeze")) {
		file = "freezer.state";
		v = streq(value, "1") ? "FROZEN" : "THAWED";
	} else if (streq(k->name, "cpu.max.burst")) {
		file = "cpu.cfs_burst_us";
		v = value;
	} else if (streq(k->name, "io.max")) {
		/* "DEV rbps=N wbps=max": a write per key, max as 0 */
		size_t dl = ap_key_len(value);

		for (const char *p = value + dl; *p == ' '; ) {
			size_t w, kl;

			p++;
			w = strcspn(p, " ");
			kl = strcspn(p, "=");
			for (size_t j = 0; j < ARRAY_SIZE(cgk_xlate_io_keys); j++) {
				if (strlen(cgk_xlate_io_keys[j]) != kl ||
				    memcmp(p, cgk_xlate_io_keys[j], kl))
					continue;
				snprintf(buf, sizeof(buf), "%.*s %.*s", (int)dl, value,
					 (int)(w - kl - 1), p + kl + 1);
				if (!strncmp(p + kl + 1, "max", 3))
					snprintf(buf, sizeof(buf), "%.*s 0", (int)dl, value);
				o = write_one(s, t, i, cgk_xlate_io_files[j], buf, given, human);
				if (!o)
					return -ENOMEM;
			}
			p += w;
		}
		file = "";
	}
	if (!file) {
		/* lib/xlate.c names a counterpart; this module cannot write it */
		if (err) {
			trunc_copy(err->label, sizeof(err->label), t->label);
			trunc_copy(err->knob, sizeof(err->knob), human ? human : k->name);
			trunc_copy(err->value, sizeof(err->value), given);
			err->human = human != NULL;
			err->rule = true;
		}
		ap_seterr(err, -EINVAL, "cannot be written on a cgroup v%d hierarchy",
		       s->h->v[i].version);
		return -EINVAL;
	}
	if (*file)
		o = write_one(s, t, i, file, v, given, human);
	if (!o)
		return -ENOMEM;
	if (ret_last)
		*ret_last = o;
	return 0;
}

/* A write of KNOB (raw or human-converted) to T; the shared body. */
static int write_target(struct cgk_apply *s, const struct cgk_target *t, const char *knob,
			const char *value, const char *human, struct cgk_apply_error *err,
			struct op **ret_last)
{
	const struct cgk_knob *k = cgk_knob_find(knob);
	char buf[CGK_VALUE_MAX + 64], why[256] = "", ctl[64];
	const char *v = value;
	uint64_t mask = 0;
	bool unknown = !k;
	int r;

	if (!*knob || strchr(knob, '/') || streq(knob, ".") || streq(knob, "..") ||
	    !cgk_knob_controller(knob, ctl, sizeof(ctl))) {
		trunc_copy(err ? err->knob : NULL, err ? sizeof(err->knob) : 0, knob);
		trunc_copy(err ? err->value : NULL, err ? sizeof(err->value) : 0, value);
		ap_seterr(err, -EINVAL, "not a control file name");
		if (err) {
			err->rule = true;
			trunc_copy(err->label, sizeof(err->label), t->label);
		}
		return -EINVAL;
	}
	if (k) {
		r = cgk_knob_value(k, value, buf, sizeof(buf), why, sizeof(why));
		if (r == -ENOBUFS) {
			snprintf(why, sizeof(why), "is too long");
			r = -EINVAL;
		}
		if (r < 0) {
			if (err) {
				trunc_copy(err->label, sizeof(err->label), t->label);
				trunc_copy(err->knob, sizeof(err->knob), human ? human : knob);
				trunc_copy(err->value, sizeof(err->value), value);
				err->human = human != NULL;
				err->rule = true;
			}
			ap_seterr(err, -EINVAL, "%s", why);
			return -EINVAL;
		}
		v = buf;
		if ((k->flags & CGK_KF_PAGES) && !streq(buf, "-1")) {
			/* the kernel keeps whole pages, rounded down: show and write what it will hold */
			uint64_t x, ps = (uint64_t)sysconf(_SC_PAGESIZE);

			if (cgk_parse_u64(buf, strlen(buf), &x) == 0 && ps && x % ps)
				snprintf(buf, sizeof(buf), "%" PRIu64, x / ps * ps);
		}
	} else if (strlen(value) > CGK_VALUE_MAX || strchr(value, '\n')) {
		if (err) {
			trunc_copy(err->label, sizeof(err->label), t->label);
			trunc_copy(err->knob, sizeof(err->knob), knob);
			trunc_copy(err->value, sizeof(err->value), value);
			err->rule = true;
		}
		ap_seterr(err, -EINVAL, "must be one line of at most %d bytes", CGK_VALUE_MAX);
		return -EINVAL;
	}
	if (streq(knob, "cgroup.procs") || streq(knob, "tasks") || streq(knob, "cgroup.threads")) {
		uint64_t pid;

		if (cgk_parse_u64(v, strlen(v), &pid) < 0 || pid > INT32_MAX) {
			if (err) {
				trunc_copy(err->label, sizeof(err->label), t->label);
				trunc_copy(err->knob, sizeof(err->knob), knob);
				trunc_copy(err->value, sizeof(err->value), value);
				err->rule = true;
			}
			ap_seterr(err, -EINVAL, "must be a PID");
			return -EINVAL;
		}
		return add_attach(s, t, (pid_t)pid, streq(knob, "cgroup.procs") ? 0 : CGK_APPLY_THREAD,
				  err);
	}
	if (cgk_xlate_hier(s->h, knob) != -ENODATA) {
		int i = hier_for(s, t, ctl, knob, err);

		if (i < 0) {
			if (err) {
				trunc_copy(err->knob, sizeof(err->knob), human ? human : knob);
				trunc_copy(err->value, sizeof(err->value), value);
				err->human = human != NULL;
				err->rule = true;
			}
			return i;
		}
		if (k && !(cgk_knob_versions(k) & (unsigned)s->h->v[i].version))
			return write_other(s, t, i, k, v, value, human, err, ret_last);
		mask = BIT(i);
	} else {
		for (size_t i = 0; i < s->h->n; i++)
			if (t->hmask & BIT(i) && s->h->v[i].version == 1)
				mask |= BIT(i);
	}
	for (size_t i = 0; i < s->h->n; i++) {
		ssize_t c;
		struct op *o;

		if (!(mask & BIT(i)))
			continue;
		c = ap_cg_get(s, (int)i, t->mrel[i], t->label, t->exists & BIT(i));
		if (c < 0)
			return (int)c;
		o = add_write(s, (size_t)c, knob, v, value);
		if (!o)
			return -ENOMEM;
		o->unknown = unknown;
		if (human)
			snprintf(o->human, sizeof(o->human), "%s", human);
		if (ret_last)
			*ret_last = o;
	}
	return unknown ? 1 : 0;
}

int cgk_apply_write(struct cgk_apply *s, const struct cgk_target *t, const char *knob,
		    const char *value, struct cgk_apply_error *err)
{
	int r;

	ap_err_init(err);
	if ((r = check_open(s, err)) < 0)
		return r;
	if (!knob || !value)
		return -EINVAL;
	return write_target(s, t, knob, value, NULL, err, NULL);
}

/* ---- human knobs ---- */

static const char *const human_names[] = {
	"cpus", "period", "shares", "cpuset", "mems", "memory", "memory-swap", "pids",
	"freeze", "thaw", "blkio-weight", "device-read-bps", "device-write-bps", NULL
};

const char *const *cgk_apply_human_names(void)
{
	return human_names;
}

int cgk_apply_knob_hier(const struct cgk_apply *s, const char *name, bool human)
{
	char ctl[64];

	if (human && !(name = cgk_apply_human_knob(name)))
		return -ENOENT;
	if (!name || !*name || strchr(name, '/') || !cgk_knob_controller(name, ctl, sizeof(ctl)))
		return -EINVAL;
	if (!*ctl)
		return -ENODATA;
	return cgk_hiers_find(s->h, ctl);
}

/* "0.25" -> 25/100; at most 6 decimals; > 0. */
static int parse_cpus(const char *v, uint64_t *ret_n, uint64_t *ret_d)
{
	uint64_t n = 0, d = 1;
	const char *p = v;

	if (*p < '0' || *p > '9')
		return -EINVAL;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (n > 100000)
			return -ERANGE;
		n = n * 10 + (uint64_t)(*p - '0');
	}
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			return -EINVAL;
		for (; *p >= '0' && *p <= '9'; p++) {
			if (d == 1000000)
				return -EINVAL;
			n = n * 10 + (uint64_t)(*p - '0');
			d *= 10;
		}
	}
	if (*p || n == 0)
		return -EINVAL;
	*ret_n = n;
	*ret_d = d;
	return 0;
}

/* "/dev/vda", "254:0" -> "254:0" in BUF; -errno. */
static int parse_dev(const struct cgk_apply *s, const char *dev, size_t len, char *buf,
		     size_t size, char *why, size_t whysize)
{
	char tmp[256];
	struct stat st;
	const char *p;
	unsigned maj, min;
	int n;

	if (len == 0 || len >= sizeof(tmp)) {
		snprintf(why, whysize, "must be DEVICE:RATE, DEVICE a /dev path or MAJ:MIN");
		return -EINVAL;
	}
	memcpy(tmp, dev, len);
	tmp[len] = '\0';
	if (tmp[0] == '/') {
		p = tmp + 1;
		while (*p == '/')
			p++;
		if (fstatat(s->h->rootfd, *p ? p : ".", &st, 0) < 0) {
			snprintf(why, whysize, "%.200s: %s", tmp, strerror(errno));
			return -ENOENT;
		}
		if (!S_ISBLK(st.st_mode)) {
			snprintf(why, whysize, "%.200s is not a block device", tmp);
			return -EINVAL;
		}
		snprintf(buf, size, "%u:%u", major(st.st_rdev), minor(st.st_rdev));
		return 0;
	}
	if (sscanf(tmp, "%u:%u%n", &maj, &min, &n) != 2 || tmp[n] || tmp[0] < '0' || tmp[0] > '9') {
		snprintf(why, whysize, "must be DEVICE:RATE, DEVICE a /dev path or MAJ:MIN");
		return -EINVAL;
	}
	snprintf(buf, size, "%u:%u", maj, min);
	return 0;
}

/* Whether FILE exists in the base cgroup of hierarchy I (the table knows knobs the kernel may lack). */
static bool base_has(const struct cgk_apply *s, int i, const char *file)
{
	const struct cgk_hier *hi = &s->h->v[i];
	int fd = cgk_hier_open(hi, "", O_PATH);
	bool ok;

	if (fd < 0)
		return false;
	ok = faccessat(fd, file, F_OK, 0) == 0;
	close(fd);
	return ok;
}

/* Human knobs that are one control file written as given. */
static const struct { const char *name, *knob; } direct[] = {
	{ "period", "cpu.cfs_period_us" }, { "shares", "cpu.shares" },
	{ "cpuset", "cpuset.cpus" }, { "mems", "cpuset.mems" },
	{ "memory", "memory.limit_in_bytes" },
	{ "memory-swap", "memory.memsw.limit_in_bytes" }, { "pids", "pids.max" },
};

const char *cgk_apply_human_knob(const char *name)
{
	static const struct { const char *name, *knob; } other[] = {
		{ "cpus", "cpu.cfs_quota_us" }, { "freeze", "freezer.state" },
		{ "thaw", "freezer.state" }, { "blkio-weight", "blkio.weight" },
		{ "device-read-bps", "blkio.throttle.read_bps_device" },
		{ "device-write-bps", "blkio.throttle.write_bps_device" },
	};

	for (size_t k = 0; name && k < ARRAY_SIZE(direct); k++)
		if (streq(name, direct[k].name))
			return direct[k].knob;
	for (size_t k = 0; name && k < ARRAY_SIZE(other); k++)
		if (streq(name, other[k].name))
			return other[k].knob;
	return NULL;
}

int cgk_apply_human(struct cgk_apply *s, const struct cgk_target *t, const char *name,
		    const char *value, struct cgk_apply_error *err)
{
	char why[256] = "", buf[CGK_VALUE_MAX + 64];
	struct op *o = NULL;
	int r;

	ap_err_init(err);
	if ((r = check_open(s, err)) < 0)
		return r;
	if (!name)
		return -EINVAL;
	if (!value)
		value = "";
	for (size_t k = 0; k < ARRAY_SIZE(direct); k++)
		if (streq(name, direct[k].name))
			return write_target(s, t, direct[k].knob, value, name, err, NULL);
	if (streq(name, "freeze") || streq(name, "thaw"))
		return write_target(s, t, "freezer.state", *name == 'f' ? "FROZEN" : "THAWED",
				    name, err, NULL);
	if (streq(name, "cpus")) {
		uint64_t n, d;

		/* "max" only: a negative count of CPUs is a mistake, as docker
		 * --cpus says; the kernel's -1 stays available through -r */
		if (streq(value, "max"))
			return write_target(s, t, "cpu.cfs_quota_us", "-1", name, err, NULL);
		if (parse_cpus(value, &n, &d) < 0) {
			snprintf(why, sizeof(why), "must be a number of CPUs > 0 such as 0.5 "
				 "(at most 6 decimals), or max");
			goto bad;
		}
		/* checked with the period at prepare; "1000" stands in for the range check */
		r = write_target(s, t, "cpu.cfs_quota_us", "1000", name, err, &o);
		if (r < 0)
			return r;
		free(o->value);
		free(o->given);
		o->value = NULL;
		o->given = strdup(value);
		o->cpus = true;
		o->cpus_n = n;
		o->cpus_d = d;
		return o->given ? 0 : -ENOMEM;
	}
	if (streq(name, "blkio-weight")) {
		int i = cgk_hiers_find(s->h, "blkio");
		const char *knob = "blkio.weight";

		if (i >= 0 && !base_has(s, i, knob) && base_has(s, i, "blkio.bfq.weight"))
			knob = "blkio.bfq.weight";
		else if (i >= 0 && !base_has(s, i, knob)) {
			snprintf(why, sizeof(why), "neither blkio.weight nor blkio.bfq.weight exists "
				 "here (the disks' IO scheduler is not BFQ or CFQ)");
			r = -ENOENT;
			goto bad_r;
		}
		return write_target(s, t, knob, value, name, err, NULL);
	}
	if (streq(name, "device-read-bps") || streq(name, "device-write-bps")) {
		const char *knob = name[7] == 'r' ? "blkio.throttle.read_bps_device" :
						    "blkio.throttle.write_bps_device";
		const char *sep = strchr(value, ' ');
		char dev[64];
		size_t dlen;

		if (!sep)
			sep = strrchr(value, ':');
		if (!sep) {
			snprintf(why, sizeof(why), "must be DEVICE:RATE, DEVICE a /dev path or MAJ:MIN");
			goto bad;
		}
		dlen = (size_t)(sep - value);
		r = parse_dev(s, value, dlen, dev, sizeof(dev), why, sizeof(why));
		if (r < 0)
			goto bad_r;
		snprintf(buf, sizeof(buf), "%s %s", dev, sep + 1 + strspn(sep + 1, " "));
		return write_target(s, t, knob, buf, name, err, NULL);
	}
	snprintf(why, sizeof(why), "unknown human knob");
	r = -ENOENT;
	goto bad_r;
bad:
	r = -EINVAL;
bad_r:
	if (err) {
		trunc_copy(err->label, sizeof(err->label), t->label);
		trunc_copy(err->knob, sizeof(err->knob), name);
		trunc_copy(err->value, sizeof(err->value), value);
		err->human = true;
		err->rule = true;
	}
	ap_seterr(err, r, "%s", why);
	return r;
}

/* ---- attach ---- */

static int add_attach(struct cgk_apply *s, const struct cgk_target *t, pid_t pid,
		      unsigned flags, struct cgk_apply_error *err)
{
	char v[24];

	if (pid < 0 || (flags & ~CGK_APPLY_THREAD)) {
		if (err) {
			trunc_copy(err->label, sizeof(err->label), t->label);
			snprintf(err->value, sizeof(err->value), "%d", (int)pid);
			err->op = flags & CGK_APPLY_THREAD ? CGK_APPLY_OP_ATTACH_THREAD :
							     CGK_APPLY_OP_ATTACH;
			err->rule = true;
		}
		ap_seterr(err, -EINVAL, "not a PID");
		return -EINVAL;
	}
	snprintf(v, sizeof(v), "%d", (int)pid);
	for (size_t i = 0; i < s->h->n; i++) {
		struct op *o;
		ssize_t c;

		bool v2 = s->h->v[i].version == 2;

		if (!(t->hmask & BIT(i)))
			continue;
		c = ap_cg_get(s, (int)i, t->mrel[i], t->label, t->exists & BIT(i));
		if (c < 0)
			return (int)c;
		o = ap_op_new(s, flags & CGK_APPLY_THREAD ? CGK_APPLY_OP_ATTACH_THREAD :
			   CGK_APPLY_OP_ATTACH, (size_t)c);
		if (!o)
			return -ENOMEM;
		o->pid = pid;
		o->cond = true;
		o->v2cond = v2 && !cgk_hiers_v2_only(s->h);
		o->knob = strdup(!(flags & CGK_APPLY_THREAD) ? "cgroup.procs" :
				 v2 ? "cgroup.threads" : "tasks");
		o->value = strdup(v);
		o->given = strdup(v);
		if (!o->knob || !o->value || !o->given)
			return -ENOMEM;
	}
	return 0;
}

int cgk_apply_attach(struct cgk_apply *s, const struct cgk_target *t, pid_t pid,
		     unsigned flags, struct cgk_apply_error *err)
{
	int r;

	ap_err_init(err);
	if ((r = check_open(s, err)) < 0)
		return r;
	return add_attach(s, t, pid, flags, err);
}

/* ---- reading ---- */

/* Open the directory of cgroup C (O_PATH). fd or -errno. */
int ap_cg_open(const struct cgk_apply *s, const struct cg *c, int flags)
{
	return cgk_hier_open(&s->h->v[c->hier], c->mrel, flags);
}

int ap_read_knob(const struct cgk_apply *s, const struct cg *c, const char *knob, char **ret)
{
	int fd = ap_cg_open(s, c, O_PATH), r;

	if (fd < 0)
		return fd;
	/* a v1 name on v2 (or v2 on v1) reads what serves it, in its own form */
	r = cgk_xlate_read(fd, s->h->v[c->hier].version, knob, ret);
	close(fd);
	return r;
}

/* The file as the kernel has it, whatever the version. */
int ap_read_raw(const struct cgk_apply *s, const struct cg *c, const char *knob, char **ret)
{
	int fd = ap_cg_open(s, c, O_PATH), r;

	if (fd < 0)
		return fd;
	r = cgk_knob_read(fd, knob, ret);
	close(fd);
	return r;
}

/* The line of multi-line TEXT whose first token equals VALUE's, or NULL. */
char *ap_keyed_line(const char *text, const char *value)
{
	size_t kl = ap_key_len(value);

	for (const char *p = text; *p; ) {
		size_t n = strcspn(p, "\n");

		if (ap_key_len(p) == kl && kl <= n && !memcmp(p, value, kl))
			return cgk_strndup(p, n);
		p += n;
		p += *p == '\n';
	}
	return NULL;
}

/* ---- copy-from ---- */

/* Knobs --copy-from never copies although writable. */
static bool copy_skip(const struct cgk_knob *k)
{
	static const char *const skip[] = {
		"cgroup.procs", "tasks", "release_agent", "cgroup.event_control",
		"cpuset.memory_pressure_enabled", "memory.force_empty", "blkio.reset_stats",
		/* cpu.weight in other words: copying both, the later would win */
		"cpu.weight.nice",
	};

	/* generic files (notify_on_release, cgroup.clone_children) stay, as libcgroup leaves them */
	if (!k || (k->flags & (CGK_KF_RO | CGK_KF_NOREAD)) || k->type == CGK_KT_DEVRULE ||
	    !*k->controller)
		return true;
	for (size_t i = 0; i < ARRAY_SIZE(skip); i++)
		if (streq(k->name, skip[i]))
			return true;
	return false;
}

int cgk_apply_copy(struct cgk_apply *s, const struct cgk_target *src,
		   const struct cgk_target *dst, struct cgk_apply_error *err)
{
	int r;

	ap_err_init(err);
	if ((r = check_open(s, err)) < 0)
		return r;
	for (size_t i = 0; i < s->h->n; i++) {
		_cleanup_close_ int fd = -EBADF, dfd = -EBADF;
		struct dirent *de;
		DIR *d;
		ssize_t c;

		if (!(src->exists & BIT(i)) || !(dst->hmask & BIT(i)))
			continue;
		fd = cgk_hier_open(&s->h->v[i], src->mrel[i], O_RDONLY);
		if (fd < 0) {
			trunc_copy(err ? err->label : NULL, err ? sizeof(err->label) : 0, src->label);
			ap_seterr(err, fd, "%s", strerror(-fd));
			return fd;
		}
		if (dst->exists & BIT(i))
			dfd = cgk_hier_open(&s->h->v[i], dst->mrel[i], O_PATH);
		c = ap_cg_get(s, (int)i, dst->mrel[i], dst->label, dst->exists & BIT(i));
		if (c < 0)
			return (int)c;
		d = fdopendir(dup(fd));
		if (!d)
			return -errno;
		while ((de = readdir(d))) {
			const struct cgk_knob *k = cgk_knob_find(de->d_name);
			_cleanup_free_ char *v = NULL, *dv = NULL;
			char *line;

			if (copy_skip(k) || cgk_knob_read(fd, k->name, &v) < 0 ||
			    !(cgk_knob_versions(k) & (unsigned)s->h->v[i].version))
				continue;
			if (dfd >= 0 && cgk_knob_read(dfd, k->name, &dv) == 0 && streq(v, dv))
				continue;
			if (streq(k->name, "memory.oom_control")) {
				uint64_t x;

				if (cgk_keyed_u64(v, strlen(v), "oom_kill_disable", &x) < 0)
					continue;
				snprintf(v, strlen(v) + 1, "%" PRIu64, x);
				if (dv && cgk_keyed_u64(dv, strlen(dv), "oom_kill_disable", &x) == 0 &&
				    (uint64_t)(v[0] - '0') == x)
					continue;
			}
			if (streq(k->name, "freezer.state") && streq(v, "FREEZING"))
				continue;
			/* one write per line: blkio.throttle.*, weight_device, ifpriomap */
			for (char *p = v; *p; p = line) {
				char why[256] = "", buf[CGK_VALUE_MAX + 64];
				size_t n = strcspn(p, "\n");
				struct op *o;

				line = p + n + (p[n] == '\n');
				p[n] = '\0';
				if (!*p && k->type != CGK_KT_CPULIST)
					continue;
				if (!strncmp(p, "default", 7))
					continue;	/* bfq's "default N" line */
				if (dv && k->type == CGK_KT_BLKDEV) {
					_cleanup_free_ char *dl = ap_keyed_line(dv, p);

					if (dl && streq(dl, p))
						continue;
				}
				if (cgk_knob_value(k, p, buf, sizeof(buf), why, sizeof(why)) < 0)
					continue;	/* a value the kernel shows but would not take */
				o = add_write(s, (size_t)c, k->name, buf, p);
				if (!o) {
					closedir(d);
					return -ENOMEM;
				}
				if (!*p)
					break;
			}
		}
		closedir(d);
	}
	return 0;
}

/* ---- commit ---- */

static int write_file(const struct cgk_apply *s, int hier, const char *mrel, const char *knob,
		      const char *value)
{
	_cleanup_close_ int dfd = -EBADF, fd = -EBADF;
	size_t n = strlen(value);

	dfd = cgk_hier_open(&s->h->v[hier], mrel, O_PATH);
	if (dfd < 0)
		return dfd;
	/* O_TRUNC as a shell's ">" does: cgroupfs ignores it, a fixture's plain file needs it */
	fd = openat(dfd, knob, O_WRONLY | O_TRUNC | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return -errno;
	/* an empty list is written as a newline: a write of 0 bytes reaches no handler */
	return n ? cgk_write_all(fd, value, n) : cgk_write_all(fd, "\n", 1);
}

/* Split MREL into its parent's fd and the last name. */
static int open_parent(const struct cgk_apply *s, const struct cg *c, const char **ret_name)
{
	const char *slash = strrchr(c->mrel, '/');
	_cleanup_free_ char *pm = slash ? cgk_strndup(c->mrel, (size_t)(slash - c->mrel)) :
					  strdup("");

	if (!pm)
		return -ENOMEM;
	*ret_name = slash ? slash + 1 : c->mrel;
	return cgk_hier_open(&s->h->v[c->hier], pm, O_PATH);
}

static int do_op(struct cgk_apply *s, struct op *o)
{
	struct cg *c = &s->cg[o->cg];
	const char *name;
	int fd, r;

	switch (o->op) {
	case CGK_APPLY_OP_CREATE:
		fd = open_parent(s, c, &name);
		if (fd < 0)
			return fd;
		r = mkdirat(fd, name, 0755) < 0 ? -errno : 0;
		close(fd);
		if (r == -EEXIST)
			return 0;	/* made by someone else meanwhile: not ours to remove */
		o->made = r == 0;
		return r;
	default:
		return write_file(s, c->hier, c->mrel, o->knob, o->value);
	}
}

/* devices: back to the list read before: deny all, then allow each line. */
static int undo_devices(struct cgk_apply *s, struct op *o)
{
	struct cg *c = &s->cg[o->cg];
	int r;

	if (streq(o->old, "a *:* rwm"))
		return write_file(s, c->hier, c->mrel, "devices.allow", "a");
	r = write_file(s, c->hier, c->mrel, "devices.deny", "a");
	for (const char *p = o->old; r == 0 && *p; ) {
		size_t n = strcspn(p, "\n");
		_cleanup_free_ char *line = cgk_strndup(p, n);

		if (!line)
			return -ENOMEM;
		if (*line)
			r = write_file(s, c->hier, c->mrel, "devices.allow", line);
		p += n + (p[n] == '\n');
	}
	return r;
}

static int undo_op(struct cgk_apply *s, struct op *o, char *what, size_t size)
{
	struct cg *c = &s->cg[o->cg];
	const char *name;
	int fd, r = 0;

	switch (o->op) {
	case CGK_APPLY_OP_CREATE:
		if (!o->made)
			return 0;
		snprintf(what, size, "rmdir %s", c->dir);
		fd = open_parent(s, c, &name);
		if (fd < 0)
			return fd;
		r = unlinkat(fd, name, AT_REMOVEDIR) < 0 ? -errno : 0;
		close(fd);
		return r;
	case CGK_APPLY_OP_WRITE:
		if (c->create || o->irreversible || !o->old)
			return 0;
		if (o->devices) {
			snprintf(what, size, "%s/devices.list as before", c->dir);
			return undo_devices(s, o);
		}
		snprintf(what, size, "%s/%s <- %s", c->dir, o->knob, o->old);
		return write_file(s, c->hier, c->mrel, o->knob, o->old);
	default:
		if (!o->back)
			return 0;
		snprintf(what, size, "%s/%s%s%s <- %s", s->h->v[c->hier].mountpoint, o->back,
			 *o->back ? "/" : "", o->knob, o->value);
		r = write_file(s, c->hier, o->back, o->knob, o->value);
		return r == -ESRCH ? 0 : r;	/* gone meanwhile: nothing to move back */
	}
}

/* Undo the done ops in reverse step order. 0 or the first failure (ERR says which). */
static int undo(struct cgk_apply *s, struct cgk_apply_error *err)
{
	int first = 0;

	for (size_t k = s->nsteps; k-- > 0; ) {
		struct op *o = &s->op[s->order[k]];
		char what[512] = "";
		int r;

		if (!o->done)
			continue;
		r = undo_op(s, o, what, sizeof(what));
		o->done = false;
		if (r < 0 && !first) {
			first = r;
			if (err) {
				err->rollback = r;
				trunc_copy(err->rollback_why, sizeof(err->rollback_why), what);
			}
		}
	}
	return first;
}

int cgk_apply_commit(struct cgk_apply *s, struct cgk_apply_error *err)
{
	int r;

	ap_err_init(err);
	if (!s->prepared && (r = cgk_apply_prepare(s, err)) < 0)
		return r;
	if (s->committed)
		return -EALREADY;
	for (size_t k = 0; k < s->nsteps; k++) {
		struct op *o = &s->op[s->order[k]];

		r = do_op(s, o);
		if (r < 0) {
			char why[sizeof(err->why)];

			cgk_apply_explain(o->op, o->knob, -r, why, sizeof(why));
			err_where(s, err, &s->cg[o->cg], o);
			if (err) {
				err->err = r;
				memcpy(err->why, why, sizeof(why));
			}
			undo(s, err);
			return r;
		}
		o->done = true;
	}
	s->committed = true;
	return 0;
}

int cgk_apply_rollback(struct cgk_apply *s, struct cgk_apply_error *err)
{
	int r;

	ap_err_init(err);
	if (!s->committed)
		return 0;
	r = undo(s, err);
	s->committed = false;
	if (r < 0 && err) {
		err->err = r;
		cgk_apply_explain(CGK_APPLY_OP_WRITE, NULL, -r, err->why, sizeof(err->why));
	}
	return r;
}
