/* SPDX-License-Identifier: MIT */
/* test-apply - change sets on a writable copy of a fixture sysroot: checks, order, undo */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>

#include <inttypes.h>

#include "apply.h"
#include "knob.h"
#include "target.h"
#include "util.h"

#define FIXTURE TEST_DATA "/sysroot-apply"
#define CG "/sys/fs/cgroup/"

struct fx {
	char root[64];
	struct cgk_hiers *h;
	struct cgk_apply *s;
	struct cgk_target t[4];
	struct cgk_apply_error e;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	char cmd[256];

	if (!f)
		return -1;
	snprintf(f->root, sizeof(f->root), "/tmp/cgk-apply-XXXXXX");
	if (!mkdtemp(f->root))
		return -1;
	snprintf(cmd, sizeof(cmd), "cp -a '%s/.' '%s/'", FIXTURE, f->root);
	if (system(cmd) != 0)
		return -1;
	if (cgk_hiers_load(f->root, 0, &f->h) < 0 || cgk_apply_new(f->h, 0, &f->s) < 0)
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	char cmd[256];

	cgk_apply_free(f->s);
	for (size_t k = 0; k < ARRAY_SIZE(f->t); k++)
		cgk_target_done(&f->t[k]);
	cgk_hiers_free(f->h);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->root);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

/* The first line of file REL (below the fixture copy), "" when empty, "(none)" when absent. */
static const char *cat(struct fx *f, const char *rel)
{
	static char buf[4096];
	char path[512];
	FILE *fp;

	snprintf(path, sizeof(path), "%s%s", f->root, rel);
	fp = fopen(path, "r");
	if (!fp)
		return "(none)";
	if (!fgets(buf, sizeof(buf), fp))
		buf[0] = '\0';
	fclose(fp);
	buf[strcspn(buf, "\n")] = '\0';
	return buf;
}

static bool exists(struct fx *f, const char *rel)
{
	char path[512];

	snprintf(path, sizeof(path), "%s%s", f->root, rel);
	return access(path, F_OK) == 0;
}

static struct cgk_target *target(struct fx *f, size_t k, const char *arg, unsigned flags)
{
	struct cgk_target_error te;

	assert_int_equal(cgk_target_resolve(f->h, arg, UINT64_MAX, flags, &f->t[k], &te), 0);
	return &f->t[k];
}

/* The prepared steps as "knob=value" (writes, attaches) or "mkdir dir" lines, joined by ';'. */
static const char *plan(struct fx *f)
{
	static char buf[8192];
	const struct cgk_apply_step *st;
	size_t n, off = 0;

	assert_int_equal(cgk_apply_prepare(f->s, &f->e), 0);
	st = cgk_apply_steps(f->s, &n);
	buf[0] = '\0';
	for (size_t k = 0; k < n; k++) {
		const char *dir = st[k].dir + strlen(CG);

		if (st[k].op == CGK_APPLY_OP_CREATE)
			off += (size_t)snprintf(buf + off, sizeof(buf) - off, "%smkdir %s",
						k ? ";" : "", dir);
		else
			off += (size_t)snprintf(buf + off, sizeof(buf) - off, "%s%s/%s=%s",
						k ? ";" : "", dir, st[k].knob, st[k].value);
	}
	return buf;
}

/* ---- validation: refused before anything is written ---- */

static void test_rules(void **state)
{
	struct fx *f = *state;
	static const struct { const char *knob, *value, *why; int rc; } bad[] = {
		{ "cpu.shares", "1", "between 2 and 262144", -EINVAL },
		{ "cpu.cfs_quota_us", "999", ">= 1000", -EINVAL },
		{ "cpu.cfs_period_us", "2000000", "between 1000 and 1000000", -EINVAL },
		{ "memory.limit_in_bytes", "12Q", "a size like 512M", -EINVAL },
		{ "pids.max", "-5", "max or", -EINVAL },
		{ "freezer.state", "FREEZING", "FROZEN THAWED", -EINVAL },
		{ "devices.allow", "x 1:3 rwm", "a rule like", -EINVAL },
		{ "blkio.throttle.read_bps_device", "8:0", "MAJ:MIN and a rate", -EINVAL },
		{ "cpuset.cpus", "0-", "a list like", -EINVAL },
		{ "cpu.stat", "1", "read-only", -EINVAL },
		{ "a/b", "1", "not a control file name", -EINVAL },
		{ "net_cls.classid", "1", "no hierarchy holds controller 'net_cls'", -ENOENT },
		{ "cpu.shares", "1\n2", "one line", -EINVAL },
	};
	struct cgk_target *t = target(f, 0, "/a", 0);

	for (size_t k = 0; k < ARRAY_SIZE(bad); k++) {
		int r = cgk_apply_write(f->s, t, bad[k].knob, bad[k].value, &f->e);

		assert_int_equal(r, bad[k].rc);
		assert_int_equal(f->e.err, bad[k].rc);
		assert_true(f->e.rule);
		if (!strstr(f->e.why, bad[k].why))
			fail_msg("%s=%s: why '%s' lacks '%s'", bad[k].knob, bad[k].value,
				 f->e.why, bad[k].why);
	}
	/* a vendor's file is taken as given: 1, not an error */
	assert_int_equal(cgk_apply_write(f->s, t, "memory.shown_ram_in_bytes", "7", &f->e), 1);
	/* the human knobs */
	assert_int_equal(cgk_apply_human(f->s, t, "cpus", "abc", &f->e), -EINVAL);
	assert_true(f->e.human);
	assert_string_equal(f->e.knob, "cpus");
	assert_int_equal(cgk_apply_human(f->s, t, "cpus", "0", &f->e), -EINVAL);
	assert_int_equal(cgk_apply_human(f->s, t, "turbo", "1", &f->e), -ENOENT);
	assert_int_equal(cgk_apply_human(f->s, t, "device-read-bps", "8:0", &f->e), -EINVAL);
	assert_int_equal(cgk_apply_human(f->s, t, "device-read-bps", "/nonexistent:1M", &f->e),
			 -ENOENT);
	assert_int_equal(cgk_apply_human(f->s, t, "memory", "1.5", &f->e), -EINVAL);
	assert_int_equal(cgk_apply_attach(f->s, t, -1, 0, &f->e), -EINVAL);
	assert_string_equal(cat(f, CG "memory/a/memory.shown_ram_in_bytes"), "0");
}

static void test_human(void **state)
{
	struct fx *f = *state;
	struct cgk_target *t = target(f, 0, "/a", 0);

	assert_int_equal(cgk_apply_human(f->s, t, "memory", "300M", &f->e), 0);
	assert_int_equal(cgk_apply_human(f->s, t, "pids", "max", &f->e), 0);
	assert_int_equal(cgk_apply_human(f->s, t, "freeze", NULL, &f->e), 0);
	assert_int_equal(cgk_apply_human(f->s, t, "device-read-bps", "8:0:1M", &f->e), 0);
	assert_int_equal(cgk_apply_human(f->s, t, "device-write-bps", "8:16 2K", &f->e), 0);
	assert_int_equal(cgk_apply_human(f->s, t, "cpus", "0.3", &f->e), 0);
	assert_string_equal(plan(f),
		"memory/a/memory.limit_in_bytes=314572800;"
		"pids/a/pids.max=max;"
		"freezer/a/freezer.state=FROZEN;"
		"blkio/a/blkio.throttle.read_bps_device=8:0 1048576;"
		"blkio/a/blkio.throttle.write_bps_device=8:16 2048;"
		"cpu/a/cpu.cfs_quota_us=30000");
	/* the old value of a keyed file is its device's line */
	assert_int_equal(cgk_apply_commit(f->s, &f->e), 0);
	assert_string_equal(cat(f, CG "cpu/a/cpu.cfs_quota_us"), "30000");
	assert_string_equal(cat(f, CG "freezer/a/freezer.state"), "FROZEN");
	assert_int_equal(cgk_apply_rollback(f->s, &f->e), 0);
	assert_string_equal(cat(f, CG "cpu/a/cpu.cfs_quota_us"), "50000");
	assert_string_equal(cat(f, CG "freezer/a/freezer.state"), "THAWED");
	assert_string_equal(cat(f, CG "memory/a/memory.limit_in_bytes"), "268435456");
	assert_string_equal(cat(f, CG "blkio/a/blkio.throttle.read_bps_device"), "8:0 1048576");
	/* 8:16 had no write limit: undone by writing 0 */
	assert_string_equal(cat(f, CG "blkio/a/blkio.throttle.write_bps_device"), "8:16 0");
}

/* ---- rules across knobs, at prepare ---- */

static void test_cfs_rules(void **state)
{
	struct fx *f = *state;

	/* a/b may not get more than a's 0.5 */
	assert_int_equal(cgk_apply_human(f->s, target(f, 0, "/a/b", 0), "cpus", "0.6", &f->e), 0);
	assert_int_equal(cgk_apply_prepare(f->s, &f->e), -EINVAL);
	assert_true(f->e.rule);
	assert_non_null(strstr(f->e.why, "exceeds the 0.50 of /a"));
	cgk_apply_free(f->s);

	/* a may not drop below its child's 0.2 */
	assert_int_equal(cgk_apply_new(f->h, 0, &f->s), 0);
	assert_int_equal(cgk_apply_human(f->s, &f->t[0], "cpus", "0.1", &f->e), 0);
	assert_int_equal(cgk_apply_human(f->s, target(f, 1, "/a", 0), "cpus", "0.1", &f->e), 0);
	assert_string_equal(plan(f), "cpu/a/b/cpu.cfs_quota_us=10000;cpu/a/cpu.cfs_quota_us=10000");
	cgk_apply_free(f->s);

	assert_int_equal(cgk_apply_new(f->h, 0, &f->s), 0);
	assert_int_equal(cgk_apply_human(f->s, &f->t[1], "cpus", "0.1", &f->e), 0);
	assert_int_equal(cgk_apply_prepare(f->s, &f->e), -EINVAL);
	assert_non_null(strstr(f->e.why, "less than the 0.20 of child /a/b"));
	cgk_apply_free(f->s);

	/* too small for the period */
	assert_int_equal(cgk_apply_new(f->h, 0, &f->s), 0);
	assert_int_equal(cgk_apply_human(f->s, &f->t[1], "cpus", "0.005", &f->e), 0);
	assert_int_equal(cgk_apply_prepare(f->s, &f->e), -EINVAL);
	assert_non_null(strstr(f->e.why, "quota of 500 us"));
}

/* Raising: parents first; lowering: children first; quota and period in the right order. */
static void test_cfs_order(void **state)
{
	struct fx *f = *state;

	assert_int_equal(cgk_apply_human(f->s, target(f, 0, "/a/b", 0), "cpus", "0.8", &f->e), 0);
	assert_int_equal(cgk_apply_human(f->s, target(f, 1, "/a", 0), "cpus", "0.8", &f->e), 0);
	assert_string_equal(plan(f), "cpu/a/cpu.cfs_quota_us=80000;cpu/a/b/cpu.cfs_quota_us=80000");
	cgk_apply_free(f->s);

	/* 0.5 -> 0.25 with a period of 50000: quota first keeps the ratio in between */
	assert_int_equal(cgk_apply_new(f->h, 0, &f->s), 0);
	assert_int_equal(cgk_apply_human(f->s, &f->t[1], "cpus", "0.25", &f->e), 0);
	assert_int_equal(cgk_apply_human(f->s, &f->t[1], "period", "50000", &f->e), 0);
	assert_string_equal(plan(f), "cpu/a/cpu.cfs_period_us=50000;cpu/a/cpu.cfs_quota_us=12500");
	cgk_apply_free(f->s);

	/* 0.5 -> 0.4 with the period doubled: period first passes through 0.25, above child b's 0.2 */
	assert_int_equal(cgk_apply_new(f->h, 0, &f->s), 0);
	assert_int_equal(cgk_apply_write(f->s, &f->t[1], "cpu.cfs_quota_us", "80000", &f->e), 0);
	assert_int_equal(cgk_apply_write(f->s, &f->t[1], "cpu.cfs_period_us", "200000", &f->e), 0);
	assert_string_equal(plan(f), "cpu/a/cpu.cfs_period_us=200000;cpu/a/cpu.cfs_quota_us=80000");
	cgk_apply_free(f->s);

	/* removing the limit: quota first, whatever the order given */
	assert_int_equal(cgk_apply_new(f->h, 0, &f->s), 0);
	assert_int_equal(cgk_apply_write(f->s, &f->t[1], "cpu.cfs_period_us", "200000", &f->e), 0);
	assert_int_equal(cgk_apply_human(f->s, &f->t[1], "cpus", "max", &f->e), 0);
	assert_string_equal(plan(f), "cpu/a/cpu.cfs_quota_us=-1;cpu/a/cpu.cfs_period_us=200000");
	cgk_apply_free(f->s);

	/* a limit on an unlimited cgroup: period first */
	assert_int_equal(cgk_apply_new(f->h, 0, &f->s), 0);
	assert_int_equal(cgk_apply_human(f->s, target(f, 2, "/free", 0), "cpus", "2", &f->e), 0);
	assert_int_equal(cgk_apply_human(f->s, &f->t[2], "period", "10000", &f->e), 0);
	assert_string_equal(plan(f), "cpu/free/cpu.cfs_period_us=10000;cpu/free/cpu.cfs_quota_us=20000");
}

static void test_memory_order(void **state)
{
	struct fx *f = *state;
	struct cgk_target *t = target(f, 0, "/a", 0);

	/* memsw grows past the old 512M: it goes first */
	assert_int_equal(cgk_apply_human(f->s, t, "memory", "600M", &f->e), 0);
	assert_int_equal(cgk_apply_human(f->s, t, "memory-swap", "1G", &f->e), 0);
	assert_string_equal(plan(f), "memory/a/memory.memsw.limit_in_bytes=1073741824;"
			    "memory/a/memory.limit_in_bytes=629145600");
	cgk_apply_free(f->s);

	/* memsw shrinks: memory first */
	assert_int_equal(cgk_apply_new(f->h, 0, &f->s), 0);
	assert_int_equal(cgk_apply_human(f->s, t, "memory-swap", "200M", &f->e), 0);
	assert_int_equal(cgk_apply_human(f->s, t, "memory", "100M", &f->e), 0);
	assert_string_equal(plan(f), "memory/a/memory.limit_in_bytes=104857600;"
			    "memory/a/memory.memsw.limit_in_bytes=209715200");
	cgk_apply_free(f->s);

	/* memsw below the memory limit that stays */
	assert_int_equal(cgk_apply_new(f->h, 0, &f->s), 0);
	assert_int_equal(cgk_apply_human(f->s, t, "memory-swap", "100M", &f->e), 0);
	assert_int_equal(cgk_apply_prepare(f->s, &f->e), -EINVAL);
	assert_non_null(strstr(f->e.why, "must be >= memory"));
	cgk_apply_free(f->s);

	/* sizes are rounded down to pages, as the kernel keeps them: 256M + 100
	 * bytes is 256M, and so not below the memory limit of 256M */
	assert_int_equal(cgk_apply_new(f->h, 0, &f->s), 0);
	assert_int_equal(cgk_apply_write(f->s, t, "memory.memsw.limit_in_bytes", "268435556", &f->e), 0);
	assert_string_equal(plan(f), "memory/a/memory.memsw.limit_in_bytes=268435456");
	cgk_apply_free(f->s);

	/* no memory limit, memsw unlimited as the kernel reads it back
	 * (PAGE_COUNTER_MAX pages): not below (--memory max always failed) */
	{
		char path[512];
		FILE *fp;

		snprintf(path, sizeof(path), "%s%s", f->root, CG "memory/a/memory.memsw.limit_in_bytes");
		assert_non_null(fp = fopen(path, "w"));
		fputs("9223372036854771712\n", fp);
		assert_int_equal(fclose(fp), 0);
	}
	assert_int_equal(cgk_apply_new(f->h, 0, &f->s), 0);
	assert_int_equal(cgk_apply_human(f->s, t, "memory", "max", &f->e), 0);
	assert_string_equal(plan(f), "memory/a/memory.limit_in_bytes=-1");
}

static void test_cpuset(void **state)
{
	struct fx *f = *state;
	struct cgk_target *b = target(f, 0, "cpuset:/a/b", 0), *a = target(f, 1, "cpuset:/a", 0);

	assert_int_equal(cgk_apply_human(f->s, b, "cpuset", "2", &f->e), 0);
	assert_int_equal(cgk_apply_prepare(f->s, &f->e), -EINVAL);
	assert_non_null(strstr(f->e.why, "within the parent's cpuset.cpus (0-1 of /a)"));
	cgk_apply_free(f->s);

	assert_int_equal(cgk_apply_new(f->h, 0, &f->s), 0);
	assert_int_equal(cgk_apply_human(f->s, b, "cpuset", "7", &f->e), 0);
	assert_int_equal(cgk_apply_prepare(f->s, &f->e), -EINVAL);
	assert_non_null(strstr(f->e.why, "not online (online: 0-3)"));
	cgk_apply_free(f->s);

	assert_int_equal(cgk_apply_new(f->h, 0, &f->s), 0);
	assert_int_equal(cgk_apply_human(f->s, a, "cpuset", "0", &f->e), 0);
	assert_int_equal(cgk_apply_prepare(f->s, &f->e), -EINVAL);
	assert_non_null(strstr(f->e.why, "child /a/b with cpuset.cpus 1 outside"));
	cgk_apply_free(f->s);

	/* -R to "0": b (1 -> 0) widens to 0-1 first, then both narrow, children first */
	assert_int_equal(cgk_apply_new(f->h, 0, &f->s), 0);
	assert_int_equal(cgk_apply_human(f->s, a, "cpuset", "0", &f->e), 0);
	assert_int_equal(cgk_apply_human(f->s, b, "cpuset", "0", &f->e), 0);
	assert_string_equal(plan(f), "cpuset/a/b/cpuset.cpus=0-1;cpuset/a/b/cpuset.cpus=0;"
			    "cpuset/a/cpuset.cpus=0");
	assert_int_equal(cgk_apply_commit(f->s, &f->e), 0);
	assert_string_equal(cat(f, CG "cpuset/a/b/cpuset.cpus"), "0");
	assert_int_equal(cgk_apply_rollback(f->s, &f->e), 0);
	assert_string_equal(cat(f, CG "cpuset/a/b/cpuset.cpus"), "1");
	assert_string_equal(cat(f, CG "cpuset/a/cpuset.cpus"), "0-1");
	cgk_apply_free(f->s);

	/* no task joins an empty cpuset */
	assert_int_equal(cgk_apply_new(f->h, 0, &f->s), 0);
	assert_int_equal(cgk_apply_attach(f->s, target(f, 2, "cpuset:/empty", 0), 4242, 0, &f->e), 0);
	assert_int_equal(cgk_apply_prepare(f->s, &f->e), -ENOSPC);
	assert_non_null(strstr(f->e.why, "cpuset.cpus of /empty is empty"));
}

/* ---- create ---- */

static void test_create(void **state)
{
	struct fx *f = *state;
	struct cgk_target *t = target(f, 0, "/a/new/x", CGK_TARGET_MISSING);

	assert_int_equal(t->exists, 0);
	assert_int_equal(cgk_apply_create(f->s, t, 0, &f->e), 0);
	assert_int_equal(cgk_apply_human(f->s, t, "cpus", "0.1", &f->e), 0);
	assert_int_equal(cgk_apply_human(f->s, t, "cpuset", "1", &f->e), 0);
	assert_int_equal(cgk_apply_attach(f->s, t, 4242, 0, &f->e), 0);
	/* parents first; a new cpuset gets its parent's lists; cpu knobs bring cpuacct */
	assert_string_equal(plan(f),
		"mkdir cpu/a/new;mkdir cpuacct/a/new;mkdir cpuset/a/new;"
		"cpuset/a/new/cpuset.cpus=0-1;cpuset/a/new/cpuset.mems=0;"
		"mkdir cpu/a/new/x;mkdir cpuacct/a/new/x;mkdir cpuset/a/new/x;"
		"cpuset/a/new/x/cpuset.cpus=0-1;cpuset/a/new/x/cpuset.mems=0;"
		"cpu/a/new/x/cpu.cfs_quota_us=10000;"
		"cpuset/a/new/x/cpuset.cpus=1;"
		"cpu/a/new/x/cgroup.procs=4242;cpuacct/a/new/x/cgroup.procs=4242;"
		"cpuset/a/new/x/cgroup.procs=4242");
	/* a fixture directory made by mkdir has no control files: the first copy
	 * fails with ENOENT, and the mkdirs are undone */
	assert_int_equal(cgk_apply_commit(f->s, &f->e), -ENOENT);
	assert_false(f->e.rule);
	assert_string_equal(f->e.knob, "cpuset.cpus");
	assert_string_equal(f->e.label, "/a/new");
	assert_int_equal(f->e.rollback, 0);
	assert_non_null(strstr(f->e.why, "(ENOENT)"));
	assert_false(exists(f, CG "cpu/a/new"));
	assert_false(exists(f, CG "cpuacct/a/new"));
	assert_false(exists(f, CG "cpuset/a/new"));
	assert_true(exists(f, CG "cpu/a"));
	cgk_apply_free(f->s);

	/* -g: only there; no cpuset copy; the created cgroup needs no old values */
	assert_int_equal(cgk_apply_new(f->h, 0, &f->s), 0);
	assert_int_equal(cgk_apply_create(f->s, t, UINT64_C(1) << cgk_hiers_find(f->h, "pids"),
					  &f->e), 0);
	assert_string_equal(plan(f), "mkdir pids/a/new;mkdir pids/a/new/x");
	assert_int_equal(cgk_apply_commit(f->s, &f->e), 0);
	assert_true(exists(f, CG "pids/a/new/x"));
	assert_int_equal(cgk_apply_rollback(f->s, &f->e), 0);
	assert_false(exists(f, CG "pids/a/new"));
	cgk_apply_free(f->s);

	/* a write to a cgroup that does not exist and is not created */
	assert_int_equal(cgk_apply_new(f->h, 0, &f->s), 0);
	assert_int_equal(cgk_apply_human(f->s, t, "pids", "5", &f->e), 0);
	assert_int_equal(cgk_apply_prepare(f->s, &f->e), -ENOENT);
	assert_non_null(strstr(f->e.why, "--create makes it"));
}

/* ---- commit and undo ---- */

static void test_rollback(void **state)
{
	struct fx *f = *state;
	struct cgk_target *t = target(f, 0, "/a", 0);
	char path[512];

	/* cpu.idle made a directory: the kernel-like refusal of the second write */
	snprintf(path, sizeof(path), "%s" CG "cpu/a/cpu.idle", f->root);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(mkdir(path, 0755), 0);
	assert_int_equal(cgk_apply_write(f->s, t, "cpu.shares", "512", &f->e), 0);
	assert_int_equal(cgk_apply_human(f->s, t, "pids", "10", &f->e), 0);
	assert_int_equal(cgk_apply_write(f->s, t, "cpu.idle", "1", &f->e), 0);
	assert_int_equal(cgk_apply_commit(f->s, &f->e), -EISDIR);
	assert_false(f->e.rule);
	assert_string_equal(f->e.knob, "cpu.idle");
	assert_string_equal(f->e.value, "1");
	assert_string_equal(f->e.label, "/a");
	assert_string_equal(f->e.hier, "cpu");
	assert_int_equal(f->e.rollback, 0);
	assert_string_equal(cat(f, CG "cpu/a/cpu.shares"), "1024");
	assert_string_equal(cat(f, CG "pids/a/pids.max"), "max");
}

static void test_attach(void **state)
{
	struct fx *f = *state;
	struct cgk_target *t = target(f, 0, "cpu,cpuacct:/a/b", 0);

	assert_int_equal(cgk_apply_attach(f->s, t, 4242, 0, &f->e), 0);
	assert_int_equal(cgk_apply_attach(f->s, t, 4242, CGK_APPLY_THREAD, &f->e), 0);
	assert_string_equal(plan(f), "cpu/a/b/cgroup.procs=4242;cpuacct/a/b/cgroup.procs=4242;"
			    "cpu/a/b/tasks=4242;cpuacct/a/b/tasks=4242");
	assert_int_equal(cgk_apply_commit(f->s, &f->e), 0);
	assert_string_equal(cat(f, CG "cpu/a/b/cgroup.procs"), "4242");
	/* the undo writes the task back to where /proc/PID/cgroup said it was */
	assert_int_equal(cgk_apply_rollback(f->s, &f->e), 0);
	assert_string_equal(cat(f, CG "cpu/cgroup.procs"), "4242");
	assert_string_equal(cat(f, CG "cpu/tasks"), "4242");
	cgk_apply_free(f->s);

	assert_int_equal(cgk_apply_new(f->h, 0, &f->s), 0);
	assert_int_equal(cgk_apply_attach(f->s, t, 2, 0, &f->e), 0);
	assert_int_equal(cgk_apply_prepare(f->s, &f->e), -EINVAL);
	assert_non_null(strstr(f->e.why, "kernel thread"));
	cgk_apply_free(f->s);

	assert_int_equal(cgk_apply_new(f->h, 0, &f->s), 0);
	assert_int_equal(cgk_apply_attach(f->s, t, 999999, 0, &f->e), 0);
	assert_int_equal(cgk_apply_prepare(f->s, &f->e), -ESRCH);
	assert_int_equal(f->e.op, CGK_APPLY_OP_ATTACH);
	cgk_apply_free(f->s);

	assert_int_equal(cgk_apply_new(f->h, 0, &f->s), 0);
	assert_int_equal(cgk_apply_attach(f->s, t, 4343, 0, &f->e), 0);
	assert_int_equal(cgk_apply_prepare(f->s, &f->e), -ESRCH);
	assert_non_null(strstr(f->e.why, "zombie"));
}

static void test_special_undo(void **state)
{
	struct fx *f = *state;
	struct cgk_target *t = target(f, 0, "/a", 0);
	const struct cgk_apply_step *st;
	size_t n;

	/* oom_control reads as keyed lines; resets come last and are not undone */
	assert_int_equal(cgk_apply_write(f->s, t, "memory.max_usage_in_bytes", "0", &f->e), 0);
	assert_int_equal(cgk_apply_write(f->s, t, "memory.oom_control", "1", &f->e), 0);
	assert_int_equal(cgk_apply_write(f->s, t, "devices.deny", "c 1:3 w", &f->e), 0);
	assert_int_equal(cgk_apply_prepare(f->s, &f->e), 0);
	st = cgk_apply_steps(f->s, &n);
	assert_int_equal(n, 3);
	assert_string_equal(st[0].knob, "memory.oom_control");
	assert_string_equal(st[0].old, "0");
	assert_string_equal(st[1].knob, "devices.deny");
	assert_string_equal(st[1].old, "c 1:3 rwm");
	assert_string_equal(st[2].knob, "memory.max_usage_in_bytes");
	assert_null(st[2].old);
	assert_int_equal(cgk_apply_commit(f->s, &f->e), 0);
	assert_int_equal(cgk_apply_rollback(f->s, &f->e), 0);
	assert_string_equal(cat(f, CG "memory/a/memory.oom_control"), "0");
	/* devices: deny all, then allow the old list again */
	assert_string_equal(cat(f, CG "devices/a/devices.allow"), "c 1:3 rwm");
	assert_string_equal(cat(f, CG "devices/a/devices.deny"), "a");
	assert_string_equal(cat(f, CG "memory/a/memory.max_usage_in_bytes"), "0");
	/* adding after prepare is refused */
	assert_int_equal(cgk_apply_write(f->s, t, "cpu.shares", "2", &f->e), -EBUSY);
}

static void test_copy(void **state)
{
	struct fx *f = *state;
	struct cgk_target *src = target(f, 0, "/a", 0), *dst = target(f, 1, "/free", 0);

	assert_int_equal(cgk_apply_copy(f->s, src, dst, &f->e), 0);
	/* only what differs, only where both are: cpu's quota; no cpuset, memory for /free */
	assert_string_equal(plan(f), "cpu/free/cpu.cfs_quota_us=50000");
	cgk_apply_free(f->s);

	assert_int_equal(cgk_apply_new(f->h, 0, &f->s), 0);
	assert_int_equal(cgk_apply_copy(f->s, target(f, 2, "/a", 0), target(f, 3, "/a/b", 0),
					&f->e), 0);
	assert_string_equal(plan(f), "cpu/a/b/cpu.cfs_quota_us=50000;cpuset/a/b/cpuset.cpus=0-1");
}

static void test_explain(void **state)
{
	char buf[256], want[256];

	(void)state;
	assert_non_null(strstr(cgk_apply_explain(CGK_APPLY_OP_WRITE, "memory.limit_in_bytes",
						 EBUSY, buf, sizeof(buf)),
			       "(EBUSY): the cgroup uses more memory"));
	assert_non_null(strstr(cgk_apply_explain(CGK_APPLY_OP_ATTACH, "cgroup.procs", ENOSPC,
						 buf, sizeof(buf)), "cpuset.cpus or cpuset.mems is empty"));
	assert_non_null(strstr(cgk_apply_explain(CGK_APPLY_OP_WRITE, "cpu.shares", EPERM,
						 buf, sizeof(buf)), "needs root"));
	snprintf(want, sizeof(want), "%s", strerror(12345));
	assert_string_equal(cgk_apply_explain(CGK_APPLY_OP_WRITE, "x", 12345, buf, sizeof(buf)),
			    want);
}

static void test_target(void **state)
{
	struct fx *f = *state;
	struct cgk_target_error te;
	struct cgk_target t = { 0 };
	struct cgk_target *d = NULL;
	size_t n = 0;
	int cpu = cgk_hiers_find(f->h, "cpu");

	assert_int_equal(cgk_target_resolve(f->h, "/sys/fs/cgroup/cpu/a/b", UINT64_MAX, 0, &t, &te), 0);
	assert_int_equal(t.hmask, UINT64_C(1) << cpu);
	assert_string_equal(t.label, "/a/b");
	assert_string_equal(t.mrel[cpu], "a/b");
	cgk_target_done(&t);
	assert_int_equal(cgk_target_resolve(f->h, "/nope", UINT64_MAX, 0, &t, &te), -ENOENT);
	assert_string_equal(te.why, "no such cgroup");
	assert_int_equal(cgk_target_resolve(f->h, "cpu:/nope", UINT64_MAX, 0, &t, &te), -ENOENT);
	assert_true(te.with_errno);
	assert_int_equal(cgk_target_resolve(f->h, "/../x", UINT64_MAX, 0, &t, &te), -EINVAL);
	assert_true(te.usage);
	assert_int_equal(cgk_target_resolve(f->h, "zz", UINT64_MAX, 0, &t, &te), -ENOENT);
	assert_int_equal(cgk_target_resolve(f->h, "abcd", UINT64_MAX, 0, &t, &te), -ENOENT);
	assert_int_equal(cgk_target_resolve(f->h, "cpu:/a", 0, 0, &t, &te), -EXDEV);
	assert_int_equal(cgk_target_resolve(f->h, "/a", UINT64_MAX, 0, &t, &te), 0);
	assert_int_equal(cgk_target_descendants(f->h, &t, 64, &d, &n), 0);
	/* /a/b (cpu, cpuacct, cpuset) */
	assert_int_equal(n, 1);
	assert_string_equal(d[0].label, "/a/b");
	assert_string_equal(d[0].mrel[cpu], "a/b");
	cgk_target_done(&d[0]);
	free(d);
	cgk_target_done(&t);
	assert_int_equal(cgk_target_resolve(f->h, "/a/z", UINT64_MAX, CGK_TARGET_MISSING, &t, &te), 0);
	assert_int_equal(t.exists, 0);
	assert_int_equal(t.hmask, (UINT64_C(1) << f->h->n) - 1);
	cgk_target_done(&t);
}

/* ---- the knob table: every knob takes a value of its kind and refuses others ---- */

/* VALUE accepted for K, and what it gives written again gives itself (parse/format round trip). */
static void accept(const struct cgk_knob *k, const char *value)
{
	char a[CGK_VALUE_MAX + 64], b[CGK_VALUE_MAX + 64], why[256] = "";

	if (cgk_knob_value(k, value, a, sizeof(a), why, sizeof(why)) < 0)
		fail_msg("%s: '%s' refused: %s", k->name, value, why);
	if (cgk_knob_value(k, a, b, sizeof(b), why, sizeof(why)) < 0 || !streq(a, b))
		fail_msg("%s: '%s' -> '%s' -> '%s' (%s)", k->name, value, a, b, why);
}

static void refuse(const struct cgk_knob *k, const char *value)
{
	char why[256] = "";

	if (cgk_knob_check(k, value, why, sizeof(why)) != -EINVAL || !*why)
		fail_msg("%s: '%s' not refused with a reason", k->name, value);
}

static void test_every_knob(void **state)
{
	static const char *const ctrls[] = { "cpu", "cpuacct", "cpuset", "memory", "blkio",
		"pids", "freezer", "devices", "hugetlb", "net_cls", "net_prio" };
	bool seen[ARRAY_SIZE(ctrls)] = { false };
	size_t n;
	const struct cgk_knob *t = cgk_knob_table(&n);
	char v[64];

	(void)state;
	for (size_t i = 0; i < n; i++) {
		const struct cgk_knob *k = &t[i];

		refuse(k, "a\nb");
		for (size_t c = 0; c < ARRAY_SIZE(ctrls); c++)
			if (streq(k->controller, ctrls[c]) &&
			    (!(k->flags & CGK_KF_RO) || (k->flags & CGK_KF_RESET)))
				seen[c] = true;
		if (k->flags & CGK_KF_RO) {
			if (k->flags & CGK_KF_RESET) {
				accept(k, "0");
				refuse(k, "1");
			} else {
				refuse(k, "0");
			}
			continue;
		}
		switch (k->type) {
		case CGK_KT_U64:
		case CGK_KT_S64:
			refuse(k, "x");
			if (k->flags & CGK_KF_MAX)
				accept(k, "max");
			if (k->min > k->max) {
				accept(k, "1");
				break;
			}
			snprintf(v, sizeof(v), "%" PRId64, k->min);
			accept(k, v);
			snprintf(v, sizeof(v), "%" PRId64, k->max);
			accept(k, v);
			if (k->min > 0 || (k->type == CGK_KT_S64 && k->min > INT64_MIN + 1 &&
					   !((k->flags & CGK_KF_MAX) && k->min - 1 == -1))) {
				snprintf(v, sizeof(v), "%" PRId64, k->min - 1);
				refuse(k, v);
			}
			if (k->max < INT64_MAX && k->unit != CGK_UNIT_BYTES) {
				snprintf(v, sizeof(v), "%" PRId64, k->max + 1);
				refuse(k, v);
			}
			break;
		case CGK_KT_BOOL:
			accept(k, "0");
			accept(k, "1");
			refuse(k, "2");
			break;
		case CGK_KT_CPULIST:
			accept(k, "0-1,3");
			refuse(k, "1-0");
			break;
		case CGK_KT_ENUM:
			for (const char *p = k->values; *p; p += strspn(p, " ")) {
				size_t w = strcspn(p, " ");

				snprintf(v, sizeof(v), "%.*s", (int)w, p);
				accept(k, v);
				p += w;
			}
			refuse(k, "nope");
			break;
		case CGK_KT_DEVRULE:
			accept(k, "a");
			accept(k, "c 1:3 rwm");
			refuse(k, "z 1:3 r");
			break;
		case CGK_KT_BLKDEV:
			snprintf(v, sizeof(v), "8:0 %" PRId64, k->unit == CGK_UNIT_NONE ? k->min : 0);
			accept(k, v);
			refuse(k, "8:0");
			break;
		default:
			accept(k, "x 1");
			break;
		}
	}
	/* every controller of issue 3 has knobs that can be written */
	for (size_t c = 0; c < ARRAY_SIZE(ctrls); c++)
		if (!seen[c])
			fail_msg("no writable knob of %s", ctrls[c]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_human, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cfs_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cfs_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_memory_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cpuset, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rollback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_attach, setup, teardown),
		cmocka_unit_test_setup_teardown(test_special_undo, setup, teardown),
		cmocka_unit_test_setup_teardown(test_copy, setup, teardown),
		cmocka_unit_test(test_explain),
		cmocka_unit_test(test_every_knob),
		cmocka_unit_test_setup_teardown(test_target, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
