/* SPDX-License-Identifier: MIT */
/* xlate - cgroup v1 names on v2 hierarchies and v2 names on v1: which file, which value */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>

#include "cgpath.h"
#include "knob.h"
#include "util.h"
#include "xlate.h"

/* The counterparts, v1 name first (see xlate.h). */
static const struct { const char *v1, *v2; } pairs[] = {
	{ "blkio.throttle.read_bps_device", "io.max" },
	{ "blkio.throttle.read_iops_device", "io.max" },
	{ "blkio.throttle.write_bps_device", "io.max" },
	{ "blkio.throttle.write_iops_device", "io.max" },
	{ "cpu.cfs_burst_us", "cpu.max.burst" },
	{ "cpu.cfs_quota_us", "cpu.max" },	/* before the period: cpu.max on v1 is the quota's */
	{ "cpu.cfs_period_us", "cpu.max" },
	{ "cpu.shares", "cpu.weight" },
	{ "cpuacct.usage", "cpu.stat" },
	{ "cpuset.effective_cpus", "cpuset.cpus.effective" },
	{ "cpuset.effective_mems", "cpuset.mems.effective" },
	{ "freezer.state", "cgroup.freeze" },
	{ "memory.limit_in_bytes", "memory.max" },
	{ "memory.max_usage_in_bytes", "memory.peak" },
	{ "memory.memsw.limit_in_bytes", "memory.swap.max" },
	{ "memory.usage_in_bytes", "memory.current" },
	{ "tasks", "cgroup.threads" },
};

const char *const cgk_xlate_io_keys[4] = { "rbps", "wbps", "riops", "wiops" };
const char *const cgk_xlate_io_files[4] = {
	"blkio.throttle.read_bps_device", "blkio.throttle.write_bps_device",
	"blkio.throttle.read_iops_device", "blkio.throttle.write_iops_device",
};

const char *cgk_xlate_foreign(const char *name)
{
	const struct cgk_knob *k = cgk_knob_find(name);

	return k && (k->flags & CGK_KF_V2) ? "v1" : "v2";
}

uint64_t cgk_xlate_shares_to_weight(uint64_t shares)
{
	uint64_t w;

	if (shares > UINT64_MAX / 100)
		return 10000;
	w = (shares * 100 + 512) / 1024;
	return w < 1 ? 1 : w > 10000 ? 10000 : w;
}

uint64_t cgk_xlate_weight_to_shares(uint64_t weight)
{
	uint64_t s;

	if (weight > UINT64_MAX / 1024)
		return 262144;
	s = (weight * 1024 + 50) / 100;
	return s < 2 ? 2 : s > 262144 ? 262144 : s;
}

const char *cgk_xlate_file(int version, const char *name)
{
	const struct cgk_knob *k = cgk_knob_find(name);

	if (!name)
		return NULL;
	if (!k || cgk_knob_versions(k) & (unsigned)version)
		return name;
	for (size_t i = 0; i < ARRAY_SIZE(pairs); i++) {
		if (version == 2 && streq(pairs[i].v1, name))
			return pairs[i].v2;
		if (version == 1 && streq(pairs[i].v2, name))
			return pairs[i].v1;
	}
	return NULL;
}

const char *cgk_xlate_controller(int version, const char *name, char *buf, size_t size)
{
	const char *f = cgk_xlate_file(version, name);

	return f ? cgk_knob_controller(f, buf, size) : NULL;
}

/* Index of the VERSION hierarchy in MASK holding controller CTL ("": any v2 hierarchy), or -ENOENT. */
static int find(const struct cgk_hiers *h, uint64_t mask, int version, const char *ctl)
{
	for (size_t i = 0; i < h->n; i++)
		if ((mask >> i & 1) && h->v[i].version == version &&
		    ((!*ctl && version == 2) || cgk_ctrls_has(h->v[i].controllers, ctl)))
			return (int)i;
	return -ENOENT;
}

int cgk_xlate_hier(const struct cgk_hiers *h, const char *name)
{
	return cgk_xlate_hier_in(h, name, UINT64_MAX);
}

int cgk_xlate_hier_in(const struct cgk_hiers *h, const char *name, uint64_t mask)
{
	const struct cgk_knob *k = cgk_knob_find(name);
	unsigned vers = k ? cgk_knob_versions(k) : 3;
	char ctl[64];
	bool elsewhere = false;
	int i;

	if (!cgk_knob_controller(name, ctl, sizeof(ctl)))
		return -EINVAL;
	if (streq(ctl, "name=systemd") || streq(ctl, "systemd"))
		return -ENOENT;
	for (int v = 1; v <= 2; v++) {
		if (!(vers & (unsigned)v))
			continue;
		/* a v1 file of no controller is in every v1 hierarchy */
		if (!*ctl && (v == 1 || !k))
			return -ENODATA;
		if ((i = find(h, mask, v, ctl)) >= 0)
			return i;
	}
	for (int v = 1; v <= 2; v++) {
		char c2[64];

		if (vers & (unsigned)v)
			continue;
		if (*ctl && find(h, mask, v, ctl) >= 0)
			elsewhere = true;
		if (!cgk_xlate_controller(v, name, c2, sizeof(c2)))
			continue;
		if (!*c2 && v == 1)
			return -ENODATA;	/* tasks */
		if ((i = find(h, mask, v, c2)) >= 0)
			return i;
	}
	/* the controller is there, in the version where NAME means nothing */
	if (elsewhere || (!*ctl && find(h, mask, 2, "") < 0 && vers == 2))
		return -EOPNOTSUPP;
	return -ENOENT;
}

/* The kernel's no-limit memory value as v1 reads it: PAGE_COUNTER_MAX pages. */
static uint64_t mem_nolimit(void)
{
	long ps = sysconf(_SC_PAGESIZE);
	uint64_t page = ps > 0 ? (uint64_t)ps : 4096;

	return (uint64_t)INT64_MAX / page * page;
}

static int reply(char **ret, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int reply(char **ret, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vasprintf(ret, fmt, ap);
	va_end(ap);
	return r < 0 ? -ENOMEM : 0;
}

/* A memory value as v2 writes it ("max") to bytes; UINT64_MAX for max. */
static int mem_v2(const char *v, uint64_t *ret)
{
	if (streq(v, "max")) {
		*ret = UINT64_MAX;
		return 0;
	}
	return cgk_parse_u64(v, strlen(v), ret);
}

/* v1 names from a v2 cgroup. */
static int read_v1_on_v2(int dirfd, const char *name, char **ret)
{
	_cleanup_free_ char *v = NULL, *w = NULL;
	uint64_t x, y;
	int r;

	if (streq(name, "cpu.cfs_quota_us") || streq(name, "cpu.cfs_period_us")) {
		char q[32];
		uint64_t p;

		if ((r = cgk_knob_read(dirfd, "cpu.max", &v)) < 0)
			return r;
		if (sscanf(v, "%31s %" SCNu64, q, &p) != 2)
			return -EIO;
		if (streq(name, "cpu.cfs_period_us"))
			return reply(ret, "%" PRIu64, p);
		return streq(q, "max") ? reply(ret, "-1") : reply(ret, "%s", q);
	}
	if (streq(name, "cpu.shares")) {
		if ((r = cgk_knob_read(dirfd, "cpu.weight", &v)) < 0)
			return r;
		if (cgk_parse_u64(v, strlen(v), &x) < 0)
			return -EIO;
		return reply(ret, "%" PRIu64, cgk_xlate_weight_to_shares(x));
	}
	if (streq(name, "cpuacct.usage")) {
		if ((r = cgk_knob_read(dirfd, "cpu.stat", &v)) < 0)
			return r;
		if (cgk_keyed_u64(v, strlen(v), "usage_usec", &x) < 0 || x > UINT64_MAX / 1000)
			return -EIO;
		return reply(ret, "%" PRIu64, x * 1000);
	}
	if (streq(name, "freezer.state")) {
		if ((r = cgk_knob_read(dirfd, "cgroup.freeze", &v)) < 0)
			return r;
		if (!streq(v, "1"))
			return reply(ret, "THAWED");
		if ((r = cgk_knob_read(dirfd, "cgroup.events", &w)) < 0)
			return r;
		return reply(ret, cgk_xlate_events_frozen(w, strlen(w)) == 1 ? "FROZEN" : "FREEZING");
	}
	if (streq(name, "memory.limit_in_bytes") || streq(name, "memory.memsw.limit_in_bytes")) {
		if ((r = cgk_knob_read(dirfd, "memory.max", &v)) < 0)
			return r;
		if (mem_v2(v, &x) < 0)
			return -EIO;
		if (streq(name, "memory.memsw.limit_in_bytes")) {
			if ((r = cgk_knob_read(dirfd, "memory.swap.max", &w)) < 0)
				return r;
			if (mem_v2(w, &y) < 0)
				return -EIO;
			x = x == UINT64_MAX || y == UINT64_MAX || x + y < x ? UINT64_MAX : x + y;
		}
		return reply(ret, "%" PRIu64, x >= mem_nolimit() ? mem_nolimit() : x);
	}
	for (size_t k = 0; k < ARRAY_SIZE(cgk_xlate_io_files); k++) {
		if (!streq(name, cgk_xlate_io_files[k]))
			continue;
		/* io.max lines "MAJ:MIN rbps=N wbps=max ...": v1 lists the devices with a limit */
		if ((r = cgk_knob_read(dirfd, "io.max", &v)) < 0)
			return r;
		_cleanup_free_ char *out = strdup("");

		for (char *line = v, *nl; out && line && *line; line = nl) {
			char dev[32], key[16], *p;
			size_t kl = strlen(cgk_xlate_io_keys[k]);

			nl = strchr(line, '\n');
			if (nl)
				*nl++ = '\0';
			if (sscanf(line, "%31s", dev) != 1)
				continue;
			snprintf(key, sizeof(key), " %s=", cgk_xlate_io_keys[k]);
			p = strstr(line, key);
			if (!p || !strncmp(p + kl + 2, "max", 3))
				continue;
			char *n = NULL;

			if (asprintf(&n, "%s%s%s %.*s", out, *out ? "\n" : "", dev,
				     (int)strcspn(p + kl + 2, " "), p + kl + 2) < 0)
				n = NULL;
			free(out);
			out = n;
		}
		if (!out)
			return -ENOMEM;
		*ret = TAKE_PTR(out);
		return 0;
	}
	return cgk_knob_read(dirfd, cgk_xlate_file(2, name), ret);
}

/* io.max from the four v1 throttle files: a line per device with any limit, every key. */
static int io_max_v1(int dirfd, char **ret)
{
	char *dev[64], *out = NULL;
	uint64_t lim[64][4];
	size_t n = 0;
	int r = 0;

	for (size_t k = 0; k < ARRAY_SIZE(cgk_xlate_io_files) && r == 0; k++) {
		_cleanup_free_ char *f = NULL;

		if ((r = cgk_knob_read(dirfd, cgk_xlate_io_files[k], &f)) < 0)
			break;
		for (char *line = f, *nl; line && *line && r == 0; line = nl) {
			char d[32];
			uint64_t val;
			size_t j;

			nl = strchr(line, '\n');
			if (nl)
				*nl++ = '\0';
			if (sscanf(line, "%31s %" SCNu64, d, &val) != 2 || !val)
				continue;
			for (j = 0; j < n && !streq(dev[j], d); j++)
				;
			if (j == n) {
				if (n == ARRAY_SIZE(dev) || !(dev[n] = strdup(d))) {
					r = -ENOMEM;
					break;
				}
				for (int q = 0; q < 4; q++)
					lim[n][q] = UINT64_MAX;
				n++;
			}
			lim[j][k] = val;
		}
	}
	if (r == 0 && !(out = strdup("")))
		r = -ENOMEM;
	for (size_t j = 0; j < n && r == 0; j++) {
		char f[4][24], *o2;

		for (int q = 0; q < 4; q++)
			if (lim[j][q] == UINT64_MAX)
				snprintf(f[q], sizeof(f[q]), "max");
			else
				snprintf(f[q], sizeof(f[q]), "%" PRIu64, lim[j][q]);
		if (asprintf(&o2, "%s%s%s rbps=%s wbps=%s riops=%s wiops=%s", out, *out ? "\n" : "",
			     dev[j], f[0], f[1], f[2], f[3]) < 0)
			r = -ENOMEM;
		else {
			free(out);
			out = o2;
		}
	}
	for (size_t j = 0; j < n; j++)
		free(dev[j]);
	if (r < 0) {
		free(out);
		return r;
	}
	*ret = out;
	return 0;
}

/* v2 names from a v1 cgroup. */
static int read_v2_on_v1(int dirfd, const char *name, char **ret)
{
	_cleanup_free_ char *v = NULL, *w = NULL;
	uint64_t x, y;
	int64_t q;
	int r;

	if (streq(name, "cpu.max")) {
		if ((r = cgk_knob_read(dirfd, "cpu.cfs_quota_us", &v)) < 0 ||
		    (r = cgk_knob_read(dirfd, "cpu.cfs_period_us", &w)) < 0)
			return r;
		if (cgk_parse_s64(v, strlen(v), &q) < 0)
			return -EIO;
		return q < 0 ? reply(ret, "max %s", w) : reply(ret, "%" PRId64 " %s", q, w);
	}
	if (streq(name, "cpu.weight")) {
		if ((r = cgk_knob_read(dirfd, "cpu.shares", &v)) < 0)
			return r;
		if (cgk_parse_u64(v, strlen(v), &x) < 0)
			return -EIO;
		return reply(ret, "%" PRIu64, cgk_xlate_shares_to_weight(x));
	}
	if (streq(name, "cgroup.freeze")) {
		if ((r = cgk_knob_read(dirfd, "freezer.state", &v)) < 0)
			return r;
		return reply(ret, "%d", !streq(v, "THAWED"));
	}
	if (streq(name, "memory.max") || streq(name, "memory.swap.max")) {
		if ((r = cgk_knob_read(dirfd, "memory.limit_in_bytes", &v)) < 0)
			return r;
		if (cgk_parse_u64(v, strlen(v), &x) < 0)
			return -EIO;
		if (streq(name, "memory.swap.max")) {
			if ((r = cgk_knob_read(dirfd, "memory.memsw.limit_in_bytes", &w)) < 0)
				return r;
			if (cgk_parse_u64(w, strlen(w), &y) < 0)
				return -EIO;
			if (y >= CGK_MEM_UNLIMITED)
				return reply(ret, "max");
			return reply(ret, "%" PRIu64, y > x ? y - x : 0);
		}
		return x >= CGK_MEM_UNLIMITED ? reply(ret, "max") : reply(ret, "%" PRIu64, x);
	}
	if (streq(name, "io.max"))
		return io_max_v1(dirfd, ret);
	return cgk_knob_read(dirfd, cgk_xlate_file(1, name), ret);
}

int cgk_xlate_read(int dirfd, int version, const char *name, char **ret)
{
	const char *f = cgk_xlate_file(version, name);

	if (!f)
		return -EOPNOTSUPP;
	if (streq(f, name))
		return cgk_knob_read(dirfd, name, ret);
	return version == 2 ? read_v1_on_v2(dirfd, name, ret) : read_v2_on_v1(dirfd, name, ret);
}

int cgk_xlate_events_frozen(const char *buf, size_t len)
{
	uint64_t x;
	int r = cgk_keyed_u64(buf, len, "frozen", &x);

	if (r == -ENOENT)
		return 0;
	if (r < 0 || x > 1)
		return -EINVAL;
	return (int)x;
}
