/* SPDX-License-Identifier: MIT */
/* apply - checked, ordered, all-or-nothing changes to cgroups: create, write, attach */
#include <dirent.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "apply.h"
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

#define BIT(i) (UINT64_C(1) << (i))
#define NOLIMIT_MEM "9223372036854771712"	/* a v1 memory limit never set (4K pages) */
#define PERIOD_DEFAULT 100000			/* a new cgroup's cpu.cfs_period_us */
#define MIN_QUOTA 1000				/* the kernel's min_cfs_quota_period, in us */

enum phase {
	PH_CREATE,	/* mkdir, parents first, and a new cpuset's copy of its parent's lists */
	PH_ENABLE,	/* v2: controllers into cgroup.subtree_control, parents first */
	PH_LOOSEN,	/* hierarchical limits raised: parents first */
	PH_WRITE,	/* other writes, in the order given */
	PH_TIGHTEN,	/* hierarchical limits lowered: children first */
	PH_ATTACH,	/* processes and threads */
	PH_LAST,	/* writes that cannot be undone (resets, force_empty, unreadable files) */
};

/* One cgroup in one hierarchy. */
struct cg {
	int hier;
	char *mrel;
	char *dir;		/* mountpoint/mrel */
	char *label;		/* user-visible path */
	unsigned depth;		/* components of mrel */
	bool exists;		/* at prepare (or when added) */
	bool create;		/* made by this set */
	int req;		/* create request id + 1; 0 none */
	bool req_explicit;	/* hierarchy named by the request's mask */
};

/* One operation. */
struct op {
	enum cgk_apply_op op;
	size_t cg;
	char *knob;
	char *value;		/* the kernel's form; NULL for create, deferred cpus */
	char *given;		/* as given, for messages */
	char *old;		/* value before this step, for the undo */
	char human[24];		/* human knob that produced it */
	pid_t pid;
	bool unknown, implied, cond, irreversible, devices, dropped;
	bool cpus;		/* cpu.cfs_quota_us = cpus_n / cpus_d x period, at prepare */
	bool swap;		/* v1: memory.memsw.limit_in_bytes = memory + value, at prepare */
	bool v2cond;		/* v2 attach of a hybrid host: kept when the set touches v2 */
	uint64_t cpus_n, cpus_d;
	char *back;		/* attach: the cgroup (mrel) the task was in */
	enum phase phase;
	long group, seq;
	int sub;
	bool done, made;
};

struct creq {
	uint64_t mask;		/* 0: auto */
};

struct cgk_apply {
	const struct cgk_hiers *h;
	struct cg *cg;
	size_t ncg, capcg;
	struct op *op;
	size_t nop, capop;
	struct creq *req;
	size_t nreq, capreq;
	struct cgk_apply_step *steps;
	size_t *order;		/* op index of each step */
	size_t nsteps;
	bool prepared, committed;
	long seq;
};

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

__attribute__((format(printf, 3, 4)))
static void seterr(struct cgk_apply_error *e, int r, const char *fmt, ...)
{
	va_list ap;

	if (!e)
		return;
	e->err = r;
	va_start(ap, fmt);
	vsnprintf(e->why, sizeof(e->why), fmt, ap);
	va_end(ap);
}

static void err_init(struct cgk_apply_error *e)
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

static int rule(const struct cgk_apply *s, struct cgk_apply_error *e, const struct cg *c,
		const struct op *o, int r)
{
	err_where(s, e, c, o);
	if (e)
		e->rule = true;
	return r;
}

static const char *errno_name(int e)
{
	static const struct { int e; const char *n; } t[] = {
		{ EPERM, "EPERM" }, { ENOENT, "ENOENT" }, { ESRCH, "ESRCH" },
		{ EIO, "EIO" }, { E2BIG, "E2BIG" }, { EBADF, "EBADF" },
		{ EAGAIN, "EAGAIN" }, { ENOMEM, "ENOMEM" }, { EACCES, "EACCES" },
		{ EBUSY, "EBUSY" }, { EEXIST, "EEXIST" }, { EXDEV, "EXDEV" },
		{ ENODEV, "ENODEV" }, { ENOTDIR, "ENOTDIR" }, { EISDIR, "EISDIR" },
		{ EINVAL, "EINVAL" }, { ENOSPC, "ENOSPC" }, { EROFS, "EROFS" },
		{ ERANGE, "ERANGE" }, { ENAMETOOLONG, "ENAMETOOLONG" },
		{ ENOTEMPTY, "ENOTEMPTY" }, { EOPNOTSUPP, "EOPNOTSUPP" },
		{ ENOSYS, "ENOSYS" }, { EFBIG, "EFBIG" }, { ELOOP, "ELOOP" },
		{ ECANCELED, "ECANCELED" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(t); i++)
		if (t[i].e == e)
			return t[i].n;
	return NULL;
}

static bool knob_is(const char *knob, const char *prefix)
{
	return knob && !strncmp(knob, prefix, strlen(prefix));
}

const char *cgk_apply_explain(enum cgk_apply_op op, const char *knob, int errnum,
			      char *buf, size_t size)
{
	const char *name = errno_name(errnum), *what = NULL;
	bool attach = op == CGK_APPLY_OP_ATTACH || op == CGK_APPLY_OP_ATTACH_THREAD;

	switch (errnum) {
	case EINVAL:
		if (attach)
			what = "the task cannot be moved (a kernel thread, or a task the "
			       "controller pins, such as a real-time task without cpu.rt_runtime_us)";
		else if (knob_is(knob, "cpu.cfs_"))
			what = "the quota/period ratio would exceed the nearest limited "
			       "parent's, or fall below a child's: change the parent first";
		else if (knob_is(knob, "cpu.rt_"))
			what = "the real-time runtime does not fit in the parent's, or exceeds the period";
		else if (knob_is(knob, "cpuset."))
			what = "the list names CPUs or memory nodes that are offline or not in the parent's cpuset";
		else if (knob_is(knob, "memory.memsw"))
			what = "memory+swap must be >= memory.limit_in_bytes";
		else if (knob_is(knob, "memory.limit"))
			what = "memory.limit_in_bytes must be <= memory.memsw.limit_in_bytes: raise that first";
		else if (knob_is(knob, "blkio."))
			what = "no such block device, or a partition (limits go on whole disks)";
		else if (op == CGK_APPLY_OP_CREATE)
			what = "not a valid cgroup name here";
		else
			what = "the kernel does not take this value for this file";
		break;
	case EBUSY:
		if (knob_is(knob, "cgroup.subtree_control"))
			what = "the cgroup holds processes of its own: on cgroup v2 a cgroup that "
			       "passes controllers to its children holds none (the no-internal-"
			       "processes rule); move them into a child first";
		else if (attach)
			what = "the cgroup passes controllers to its children (cgroup.subtree_control): "
			       "on cgroup v2 processes live in leaf cgroups only; attach to a child";
		else if (knob_is(knob, "cgroup.type"))
			what = "the cgroup cannot become threaded (it has controllers a threaded "
			       "subtree cannot take, or a domain child)";
		else if (knob_is(knob, "memory."))
			what = "the cgroup uses more memory than the new limit and the kernel could not reclaim enough";
		else if (knob_is(knob, "cpuset."))
			what = "a child cgroup uses CPUs or memory nodes outside the new list, or it is exclusive: "
			       "change the children first";
		else if (op == CGK_APPLY_OP_CREATE)
			what = "the parent is busy";
		else
			what = "the cgroup is in use";
		break;
	case ENOSPC:
		if (attach)
			what = "the cgroup's cpuset.cpus or cpuset.mems is empty: set them before attaching";
		else if (op == CGK_APPLY_OP_CREATE)
			what = "too many cgroups (the controller's limit is reached)";
		else
			what = "no space left for this value";
		break;
	case EPERM:
	case EACCES:
		what = "not permitted: this needs root (CAP_SYS_ADMIN) or the delegated ownership of the cgroup's files";
		break;
	case ESRCH:
		what = "no such process (it has exited)";
		break;
	case ENOENT:
		if (op == CGK_APPLY_OP_CREATE)
			what = "the parent cgroup has gone";
		else
			what = "no such cgroup or control file (is the controller mounted, the kernel built with it?)";
		break;
	case ENODEV:
		what = knob_is(knob, "blkio.") ? "no such block device" : "the controller is not available";
		break;
	case EROFS:
		what = "the cgroup file system is mounted read-only";
		break;
	case EAGAIN:
		what = "the kernel asks to try again (a transient limit, such as pids.max, was hit)";
		break;
	case EEXIST:
		what = "it exists already";
		break;
	case EOPNOTSUPP:
		if (op == CGK_APPLY_OP_ATTACH_THREAD || knob_is(knob, "cgroup.threads"))
			what = "a thread moves alone only within a threaded subtree (cgroup.type "
			       "threaded); move the whole process instead";
		else if (attach)
			what = "the cgroup is a threaded one: a whole process joins its domain cgroup";
		else if (knob_is(knob, "cgroup.subtree_control"))
			what = "the controller cannot be enabled here: a threaded subtree takes only "
			       "threaded controllers (cpu, cpuset, perf_event, pids)";
		else
			what = "this kernel no longer supports writing this file";
		break;
	case ENOMEM:
		what = "out of memory";
		break;
	case E2BIG:
		what = "the value is too large";
		break;
	case EISDIR:
		what = "not a control file";
		break;
	default:
		break;
	}
	if (name && what)
		snprintf(buf, size, "%s (%s): %s", strerror(errnum), name, what);
	else if (name)
		snprintf(buf, size, "%s (%s)", strerror(errnum), name);
	else
		snprintf(buf, size, "%s", strerror(errnum));
	return buf;
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
static ssize_t cg_get(struct cgk_apply *s, int i, const char *mrel, const char *label,
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

static struct op *op_new(struct cgk_apply *s, enum cgk_apply_op type, size_t cg)
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
		seterr(err, -EBUSY, "the change set is already prepared");
		return -EBUSY;
	}
	return 0;
}

/* ---- create ---- */

int cgk_apply_create(struct cgk_apply *s, const struct cgk_target *t, uint64_t hmask,
		     struct cgk_apply_error *err)
{
	int r;

	err_init(err);
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
		seterr(err, -ENOENT, "the operand does not name this hierarchy");
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
		k = cg_get(s, (int)i, t->mrel[i], t->label, t->exists & BIT(i));
		if (k < 0) {
			seterr(err, (int)k, "%s", strerror((int)-k));
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
static bool keyed(const char *knob)
{
	const struct cgk_knob *k = cgk_knob_find(knob);

	return (k && k->type == CGK_KT_BLKDEV) || streq(knob, "net_prio.ifpriomap");
}

static size_t key_len(const char *v)
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
		if (keyed(knob) && (!p->value || key_len(p->value) != key_len(value) ||
				    memcmp(p->value, value, key_len(value))))
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
		o = op_new(s, CGK_APPLY_OP_WRITE, cg);
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
	int i = cgk_xlate_hier(s->h, knob);

	if (i == -EOPNOTSUPP) {
		const struct cgk_knob *k = cgk_knob_find(knob);

		trunc_copy(err ? err->label : NULL, err ? sizeof(err->label) : 0, t->label);
		seterr(err, -EINVAL, "has no cgroup %s meaning, and the %s controller is on "
		       "cgroup %s here", k && (k->flags & CGK_KF_V2) ? "v1" : "v2", *ctl ? ctl :
		       "freezer", k && (k->flags & CGK_KF_V2) ? "v1" : "v2");
		return -EINVAL;
	}
	if (i < 0) {
		trunc_copy(err ? err->label : NULL, err ? sizeof(err->label) : 0, t->label);
		seterr(err, -ENOENT, "no hierarchy holds controller '%s'", *ctl ? ctl : "freezer");
		return -ENOENT;
	}
	if (!(t->hmask & BIT(i))) {
		if (err) {
			trunc_copy(err->label, sizeof(err->label), t->label);
			trunc_copy(err->hier, sizeof(err->hier), s->h->v[i].name);
		}
		seterr(err, -ENOENT, "%s is not in the %s hierarchy%s", t->label,
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
	ssize_t c = cg_get(s, i, t->mrel[i], t->label, t->exists & BIT(i));
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
	static const char *const iokeys[] = { "rbps", "wbps", "riops", "wiops" };
	static const char *const iofiles[] = {
		"blkio.throttle.read_bps_device", "blkio.throttle.write_bps_device",
		"blkio.throttle.read_iops_device", "blkio.throttle.write_iops_device",
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
		for (size_t j = 0; j < ARRAY_SIZE(iofiles); j++) {
			size_t dl = key_len(value);

			if (!streq(k->name, iofiles[j]))
				continue;
			file = "io.max";
			if (cgk_parse_u64(value + dl + 1, strlen(value + dl + 1), &x) < 0)
				x = 0;
			if (x)
				snprintf(buf, sizeof(buf), "%.*s %s=%" PRIu64, (int)dl, value,
					 iokeys[j], x);
			else
				snprintf(buf, sizeof(buf), "%.*s %s=max", (int)dl, value, iokeys[j]);
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
		size_t dl = key_len(value);

		for (const char *p = value + dl; *p == ' '; ) {
			size_t w, kl;

			p++;
			w = strcspn(p, " ");
			kl = strcspn(p, "=");
			for (size_t j = 0; j < ARRAY_SIZE(iokeys); j++) {
				if (strlen(iokeys[j]) != kl || memcmp(p, iokeys[j], kl))
					continue;
				snprintf(buf, sizeof(buf), "%.*s %.*s", (int)dl, value,
					 (int)(w - kl - 1), p + kl + 1);
				if (!strncmp(p + kl + 1, "max", 3))
					snprintf(buf, sizeof(buf), "%.*s 0", (int)dl, value);
				o = write_one(s, t, i, iofiles[j], buf, given, human);
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
		seterr(err, -EINVAL, "cannot be written on a cgroup v%d hierarchy",
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
		seterr(err, -EINVAL, "not a control file name");
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
			seterr(err, -EINVAL, "%s", why);
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
		seterr(err, -EINVAL, "must be one line of at most %d bytes", CGK_VALUE_MAX);
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
			seterr(err, -EINVAL, "must be a PID");
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
		c = cg_get(s, (int)i, t->mrel[i], t->label, t->exists & BIT(i));
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

	err_init(err);
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

	err_init(err);
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
	seterr(err, r, "%s", why);
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
		seterr(err, -EINVAL, "not a PID");
		return -EINVAL;
	}
	snprintf(v, sizeof(v), "%d", (int)pid);
	for (size_t i = 0; i < s->h->n; i++) {
		struct op *o;
		ssize_t c;

		bool v2 = s->h->v[i].version == 2;

		if (!(t->hmask & BIT(i)))
			continue;
		c = cg_get(s, (int)i, t->mrel[i], t->label, t->exists & BIT(i));
		if (c < 0)
			return (int)c;
		o = op_new(s, flags & CGK_APPLY_THREAD ? CGK_APPLY_OP_ATTACH_THREAD :
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

	err_init(err);
	if ((r = check_open(s, err)) < 0)
		return r;
	return add_attach(s, t, pid, flags, err);
}

/* ---- reading ---- */

/* Open the directory of cgroup C (O_PATH). fd or -errno. */
static int cg_open(const struct cgk_apply *s, const struct cg *c, int flags)
{
	return cgk_hier_open(&s->h->v[c->hier], c->mrel, flags);
}

static int read_knob(const struct cgk_apply *s, const struct cg *c, const char *knob, char **ret)
{
	int fd = cg_open(s, c, O_PATH), r;

	if (fd < 0)
		return fd;
	/* a v1 name on v2 (or v2 on v1) reads what serves it, in its own form */
	r = cgk_xlate_read(fd, s->h->v[c->hier].version, knob, ret);
	close(fd);
	return r;
}

/* The file as the kernel has it, whatever the version. */
static int read_raw(const struct cgk_apply *s, const struct cg *c, const char *knob, char **ret)
{
	int fd = cg_open(s, c, O_PATH), r;

	if (fd < 0)
		return fd;
	r = cgk_knob_read(fd, knob, ret);
	close(fd);
	return r;
}

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

/* The line of multi-line TEXT whose first token equals VALUE's, or NULL. */
static char *keyed_line(const char *text, const char *value)
{
	size_t kl = key_len(value);

	for (const char *p = text; *p; ) {
		size_t n = strcspn(p, "\n");

		if (key_len(p) == kl && kl <= n && !memcmp(p, value, kl))
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

	err_init(err);
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
			seterr(err, fd, "%s", strerror(-fd));
			return fd;
		}
		if (dst->exists & BIT(i))
			dfd = cgk_hier_open(&s->h->v[i], dst->mrel[i], O_PATH);
		c = cg_get(s, (int)i, dst->mrel[i], dst->label, dst->exists & BIT(i));
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
					_cleanup_free_ char *dl = keyed_line(dv, p);

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

/* ---- prepare ---- */

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
	k = cg_get(s, s->cg[c].hier, pm, pl, fd >= 0);
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
		int r = read_knob(s, &s->cg[c], knob, &v);

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
		seterr(err, -EINVAL, "is more CPUs than the kernel can express");
		return rule(s, err, &s->cg[o->cg], o, -EINVAL);
	}
	q = (o->cpus_n * period + o->cpus_d / 2) / o->cpus_d;
	if (q < MIN_QUOTA) {
		seterr(err, -EINVAL, "gives a quota of %" PRIu64 " us with a period of %" PRIu64
		       " us; the kernel's minimum is %d us (raise --period)", q, period, MIN_QUOTA);
		return rule(s, err, &s->cg[o->cg], o, -EINVAL);
	}
	if (q > ((UINT64_C(1) << 44) - 1)) {
		seterr(err, -EINVAL, "gives a quota above the kernel's maximum");
		return rule(s, err, &s->cg[o->cg], o, -EINVAL);
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
	return cg_get(s, p->hier, m, l, true);
}

/* Names of the child cgroups of C (an existing one). NULL-terminated, malloc'd. */
static int children(struct cgk_apply *s, size_t c, char ***ret)
{
	char **v = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	DIR *d;
	int fd = cg_open(s, &s->cg[c], O_RDONLY);

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
			seterr(err, -EINVAL, "would allow %s CPUs, less than the %s of child %s: "
			       "lower the children first (-R)", a, b, s->cg[ch].label);
			ret = rule(s, err, &s->cg[o->cg], o, -EINVAL);
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
			seterr(err, -EINVAL, "%s CPUs exceeds the %s of %s: a cgroup's quota/period "
			       "must fit in its parent's", a, b, s->cg[p].label);
			return rule(s, err, &s->cg[c], o, -EINVAL);
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
		seterr(err, -EINVAL, "names %s that are not online (online: %s)", what, b);
		return rule(s, err, &s->cg[o->cg], o, -EINVAL);
	}
	p = cg_parent(s, o->cg);
	if (p < -1)
		return (int)p;
	if (p >= 0) {
		_cleanup_free_ char *pv = final_value(s, (size_t)p, o->knob);

		if (pv && cgk_cpulist_parse(pv, strlen(pv), &par) == 0 &&
		    !cgk_cpuset_subset(&v, &par)) {
			seterr(err, -EINVAL, "must be within the parent's %s (%s of %s)", o->knob,
			       *pv ? pv : "empty", s->cg[p].label);
			return rule(s, err, &s->cg[o->cg], o, -EINVAL);
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
			seterr(err, -EINVAL, "would leave child %s with %s %s outside it: "
			       "change the children first (-R)", s->cg[ch].label, o->knob, cv);
			strv_free(kids);
			return rule(s, err, &s->cg[o->cg], o, -EINVAL);
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
		seterr(err, -EINVAL, "needs a memory limit on cgroup v2, where swap is limited "
		       "alone (memory.swap.max = memsw - memory.max)");
		return rule(s, err, &s->cg[o->cg], o, -EINVAL);
	}
	seterr(err, -EINVAL, "memory+swap (memory.memsw.limit_in_bytes %s) must be >= memory "
	       "(memory.limit_in_bytes %s)", w, m);
	return rule(s, err, &s->cg[o->cg], o, -EINVAL);
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
		r = read_knob(s, &s->cg[o->cg], "devices.list", &v);
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
	r = read_knob(s, &s->cg[o->cg], o->knob, &v);
	if (r == -ENOENT && enabling(s, o->cg, o->knob))
		return 0;	/* the file comes with the enable, and goes with its undo */
	if (r < 0) {
		o->irreversible = true;
		return r == -ENOENT ? r : 0;
	}
	if (keyed(o->knob)) {
		char *line = keyed_line(v, o->value);

		free(v);
		if (!line && asprintf(&line, "%.*s 0", (int)key_len(o->value), o->value) < 0)
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
	fd = cg_open(s, &s->cg[p], O_PATH);
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
				o = op_new(s, CGK_APPLY_OP_CREATE, (size_t)x);
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
			o = op_new(s, CGK_APPLY_OP_WRITE, c);
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
	w = op_new(s, CGK_APPLY_OP_WRITE, o->cg);
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
		seterr(err, -ESRCH, "no such process");
		return rule(s, err, &s->cg[o->cg], o, -ESRCH);
	}
	if (r == 0 && cgk_pidstat_is_kthread(&st)) {
		seterr(err, -EINVAL, "is a kernel thread: the kernel does not move those");
		return rule(s, err, &s->cg[o->cg], o, -EINVAL);
	}
	if (r == 0 && st.state == 'Z') {
		seterr(err, -ESRCH, "is a zombie: it has exited");
		return rule(s, err, &s->cg[o->cg], o, -ESRCH);
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
		seterr(err, -EINVAL, "needs a memory limit on cgroup v1, where swap is limited "
		       "with memory (memory.memsw.limit_in_bytes = memory.max + memory.swap.max)");
		return rule(s, err, &s->cg[o->cg], o, -EINVAL);
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
			if (read_raw(s, &s->cg[a], "cgroup.subtree_control", &sub) == 0 &&
			    has_word(sub, ctl))
				continue;
			/* below the top, the enable in the parent makes it available */
			if (n == top - 1 &&
			    (read_raw(s, &s->cg[a], "cgroup.controllers", &avail) < 0 ||
			     !has_word(avail, ctl))) {
				seterr(err, -ENOENT, "needs the %s controller, which %s does not offer "
				       "(not in its cgroup.controllers)", ctl, s->cg[a].label);
				return rule(s, err, &s->cg[c], by, -ENOENT);
			}
		}
		o = op_new(s, CGK_APPLY_OP_WRITE, a);
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
			seterr(err, -EINVAL, "needs a memory limit on cgroup v2, where swap is limited "
			       "alone (memory.swap.max = memsw - memory.max)");
			return rule(s, err, &s->cg[o->cg], o, -EINVAL);
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
	if (s->cg[o->cg].exists && read_raw(s, &s->cg[o->cg], file, &old) < 0) {
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

	err_init(err);
	if (s->prepared)
		return 0;
	for (size_t c = 0; c < s->ncg; c++)
		if (!s->cg[c].exists) {
			int fd = cg_open(s, &s->cg[c], O_PATH);

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
		seterr(err, -ENOENT, "%s does not exist in the %s hierarchy%s", c->label,
		       s->h->v[c->hier].name, c->req ? "" : " (--create makes it)");
		return rule(s, err, c, o, -ENOENT);
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
			seterr(err, -ENOENT, "%s does not exist in any hierarchy (--create makes it)",
			       s->cg[o->cg].label);
			return rule(s, err, &s->cg[o->cg], o, -ENOENT);
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
				seterr(err, r, "%s", r == -ESRCH ? "no such process" : strerror(-r));
				return rule(s, err, &s->cg[o->cg], o, r);
			}
			if (!is_v2(s, o->cg) &&
			    cgk_ctrls_has(s->h->v[s->cg[o->cg].hier].controllers, "cpuset")) {
				static const char *const lists[] = { "cpuset.cpus", "cpuset.mems" };

				for (int j = 0; j < 2; j++) {
					_cleanup_free_ char *v = final_value(s, o->cg, lists[j]);

					if (v && !*v) {
						seterr(err, -ENOSPC, "%s of %s is empty: a task cannot "
						       "join it (set --cpuset/--mems)", lists[j],
						       s->cg[o->cg].label);
						return rule(s, err, &s->cg[o->cg], &s->op[k], -ENOSPC);
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
			seterr(err, -ENOENT, "no such control file in the %s hierarchy on this system",
			       s->h->v[s->cg[o->cg].hier].name);
			return rule(s, err, &s->cg[o->cg], o, -ENOENT);
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
			seterr(err, r, "cannot read its current value: %s", strerror(-r));
			return rule(s, err, &s->cg[o->cg], o, r);
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

	err_init(err);
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

	err_init(err);
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
