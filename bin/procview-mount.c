/* SPDX-License-Identifier: MIT */
/* procview-mount - procview --mount: the keeper of the FUSE connection and its server */
#include <fcntl.h>
#include <inttypes.h>
#include <linux/capability.h>
#include <linux/fuse.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cgvals.h"
#include "hier.h"
#include "proc.h"
#include "pvfs.h"
#include "util.h"
#include "view.h"
#include "common/tool.h"
#include "procview-mount.h"

/*
 * The keeper (the process procview --mount leaves in the foreground) opens
 * /dev/fuse, mounts, and holds that fd for the life of the mount: the kernel
 * aborts a FUSE connection only when the last fd of it closes, so a server
 * that dies takes nothing with it. The server is the keeper's child and
 * reads requests from the same fd. When it dies the keeper asks the kernel
 * to hand back the requests it had taken (FUSE_NOTIFY_RESEND, Linux 6.9)
 * and forks another. SIGHUP: the keeper stops its child and execs the
 * binary on disk with the fd (and the handle table) kept open, their
 * numbers in the environment.
 */

#ifndef FUSE_NOTIFY_RESEND
#define FUSE_NOTIFY_RESEND 7	/* <linux/fuse.h> 7.40 (Linux 6.9) */
#endif

#define STATE_ENV	"PROCVIEW_MOUNT_STATE"
#define TABLE_MAGIC	UINT64_C(0x70766673746162)	/* "pvfstab" */
#define HOSTFILE_MAX	(4u << 20)
#define RESPAWN_MIN_NS	100000000	/* a server that dies at once: wait 0.1 s */
#define CACHE_N		256

/* The head of the shared table: what INIT agreed, then the slots. */
struct table {
	uint64_t magic;
	uint32_t inited;
	uint32_t nslots;
	struct cgk_pvfs_init init;
	char pad[4096 - 16 - sizeof(struct cgk_pvfs_init)];
	struct cgk_pvfs_slot slots[];	/* then nslots * CGK_PVFS_SLOT_DATA of data, page aligned */
};

static size_t table_size(size_t nslots)
{
	size_t meta = sizeof(struct table) + nslots * sizeof(struct cgk_pvfs_slot);

	meta = (meta + 4095) & ~(size_t)4095;
	return meta + nslots * CGK_PVFS_SLOT_DATA;
}

static char *table_data(struct table *t)
{
	return (char *)t + table_size(t->nslots) - (size_t)t->nslots * CGK_PVFS_SLOT_DATA;
}

static struct {
	int fuse, memfd;
	struct table *t;
	const char *dir, *pidfile, *sysroot;
	unsigned flags;		/* CGK_VIEW_* */
	unsigned pvfs_flags;	/* CGK_PVFS_PSI */
	char exe[4096];
} K = { .fuse = -1, .memfd = -1 };

/* ---- capabilities ---- */

/* Keep only the capabilities in MASK (effective and permitted). */
static void caps_keep(uint64_t mask)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct d[2] = { { 0 } };

	d[0].effective = d[0].permitted = (uint32_t)mask;
	d[1].effective = d[1].permitted = (uint32_t)(mask >> 32);
	if (syscall(SYS_capset, &h, d) < 0)
		die(-errno, "capset");
}

#define CAP(c) (UINT64_C(1) << (c))

/* ---- the server: the views, for the reader ---- */

static struct cgk_hiers *H;	/* the hierarchies procview reads (v1 on hybrid) */
static struct cgk_hiers *HU;	/* every hierarchy, for the unified one's PSI */
static struct cgk_cgfiles *FC;	/* the files of H the server keeps open (lib/cgvals) */

/*
 * What a text costs the server, in system calls, is most of what a read
 * costs it: so the cgroup files, the host's /proc files and what a reader's
 * container is are kept from one read to the next, each checked as cheaply
 * as the kernel lets.
 */

/*
 * The init of a PID namespace, by the namespace's inode: its start time, a
 * pidfd of it (a pid reused by another process is not taken for it), and
 * its cgroups (read again when older than TEXT_TTL_MS).
 */
static struct initcache {
	uint64_t ns;		/* 0: a free entry */
	pid_t init;
	uint64_t start;
	int pidfd;		/* the init itself: alive while signal 0 finds it */
	char *mrel[CGK_HIER_MAX];
	uint64_t paths_ms;
} cache[CACHE_N];

/*
 * The texts made last, per container (its init) and file: readers of one
 * container within TEXT_TTL_MS share one; the kernel's own memory counters
 * are flushed every 2 s. Not for the files of counters that readers turn
 * into rates (stat, diskstats, pressure) nor for uptime: those are made for
 * each read.
 */
#define TEXT_TTL_MS	250
static struct textcache {
	pid_t init;
	uint64_t start;		/* the init's start time: 0, no entry */
	int file;
	uint64_t made_ms;
	char *text;
	size_t len;
} texts[CACHE_N];

static uint64_t now_ms(void);

/* Is the process of PIDFD alive? (EPERM: it is, in a user namespace of its own) */
static bool pidfd_alive(int pidfd)
{
	return pidfd >= 0 && (syscall(SYS_pidfd_send_signal, pidfd, 0, NULL, 0) == 0 || errno == EPERM);
}

/*
 * PID's PID namespace: its inode number, 0 when it cannot be read. A
 * readlink of /proc/PID/ns/pid ("pid:[4026531836]"), not a stat: a stat
 * follows the link into nsfs, which makes a dentry and an inode for it
 * each time (40% of the server's time under 50 readers).
 */
static uint64_t pidns_of(pid_t pid)
{
	char path[64], link[64];
	uint64_t ino;
	ssize_t n;

	if (pid <= 0)
		return 0;
	snprintf(path, sizeof(path), "%d/ns/pid", (int)pid);
	n = readlinkat(H->procfd, path, link, sizeof(link));
	if (n < 7 || n == (ssize_t)sizeof(link) || memcmp(link, "pid:[", 5) || link[n - 1] != ']' ||
	    cgk_parse_u64(link + 5, (size_t)n - 6, &ino) < 0)
		return 0;
	return ino;
}

static void paths_free(char **mrel)
{
	for (size_t i = 0; i < CGK_HIER_MAX; i++) {
		free(mrel[i]);
		mrel[i] = NULL;
	}
}

static bool paths_equal(char *const *a, char *const *b)
{
	for (size_t i = 0; i < CGK_HIER_MAX; i++)
		if ((a[i] == NULL) != (b[i] == NULL) || (a[i] && !streq(a[i], b[i])))
			return false;
	return true;
}

/* Forget entry C; DEAD: its init is gone, and with it what is kept of its cgroups. */
static void cache_clear(struct initcache *c, bool dead)
{
	if (dead) {
		cgk_cgfiles_drop(FC, c->mrel, c->init);
		for (size_t i = 0; i < CACHE_N; i++)
			if (texts[i].start && texts[i].init == c->init && texts[i].start == c->start) {
				free(texts[i].text);
				texts[i] = (struct textcache){ 0 };
			}
	}
	paths_free(c->mrel);
	if (c->pidfd >= 0)
		close(c->pidfd);
	*c = (struct initcache){ .pidfd = -1 };
}

/* The cgroups of entry C's init, read again once they are TEXT_TTL_MS old. */
static int cache_paths(struct initcache *c)
{
	char *mrel[CGK_HIER_MAX] = { NULL };
	uint64_t t = now_ms();
	int r;

	if (c->paths_ms && t < c->paths_ms + TEXT_TTL_MS)
		return 0;
	r = cgk_hiers_pid_paths(H, c->init, mrel);
	if (r < 0)
		return r;
	if (!paths_equal(mrel, c->mrel))	/* moved: what was kept of the old ones goes */
		cgk_cgfiles_drop(FC, c->mrel, 0);
	paths_free(c->mrel);
	memcpy(c->mrel, mrel, sizeof(mrel));
	c->paths_ms = t;
	return 0;
}

/* The container whose view a reader gets: the init of its PID namespace, and its cgroups. */
struct target {
	pid_t init;
	uint64_t start;		/* 0: a reader of the host's namespace, its own view */
	char **mrel;		/* the cache's, or own's */
	char *own[CGK_HIER_MAX];
};

/* The target of reader PID, whose PID namespace is NS when known (0: read it). */
static int reader_target(pid_t pid, uint64_t ns, struct target *t)
{
	struct cgk_pidstat ps;
	struct initcache *c;
	pid_t init;
	int r;

	if (!ns)
		ns = pidns_of(pid);
	if (!ns)
		return -ESRCH;
	c = &cache[ns % CACHE_N];
	if (c->ns == ns && c->init > 0 && pidfd_alive(c->pidfd)) {
		r = cache_paths(c);
		if (r < 0)
			return r;
		*t = (struct target){ .init = c->init, .start = c->start, .mrel = c->mrel };
		return 0;
	}
	r = cgk_cgvals_pidns_init(H->procfd, pid, &init);
	if (r < 0)
		return r;
	if (init == pid) {	/* a reader of the host's namespace is its own "init": no entry */
		*t = (struct target){ .init = init };
		t->mrel = t->own;
		return cgk_hiers_pid_paths(H, init, t->own);
	}
	r = cgk_pidstat_read(H->procfd, init, &ps);
	if (r < 0)
		return r;
	if (c->ns)		/* another namespace's entry: what it kept goes if it is gone */
		cache_clear(c, c->pidfd >= 0 && !pidfd_alive(c->pidfd));
	*c = (struct initcache){ .ns = ns, .init = init, .start = ps.starttime,
				 .pidfd = (int)syscall(SYS_pidfd_open, init, 0) };
	/* the pidfd names the process whose start time was read only if it
	 * was opened before that process could have died: read it again */
	if (c->pidfd >= 0 && (cgk_pidstat_read(H->procfd, init, &ps) < 0 || ps.starttime != c->start)) {
		cache_clear(c, false);
		*t = (struct target){ .init = init, .start = 0 };
		t->mrel = t->own;
		return cgk_hiers_pid_paths(H, init, t->own);
	}
	r = cache_paths(c);
	if (r < 0)
		return r;
	*t = (struct target){ .init = c->init, .start = c->start, .mrel = c->mrel };
	return 0;
}

/*
 * Every second: the cached inits that died (a poll of their pidfds) are
 * forgotten with what is kept of their cgroups; kept files not read for
 * KEEP_IDLE_S seconds are closed.
 */
#define KEEP_IDLE_S	10
static void cache_sweep(void)
{
	struct pollfd p[CACHE_N];
	size_t n = 0, idx[CACHE_N];

	for (size_t i = 0; i < CACHE_N; i++)
		if (cache[i].ns && cache[i].pidfd >= 0) {
			p[n] = (struct pollfd){ .fd = cache[i].pidfd, .events = POLLIN };
			idx[n++] = i;
		}
	if (n && poll(p, n, 0) > 0)
		for (size_t k = 0; k < n; k++)
			if (p[k].revents & (POLLIN | POLLHUP | POLLERR))
				cache_clear(&cache[idx[k]], true);
	cgk_cgfiles_expire(FC, KEEP_IDLE_S);
}

static struct textcache *text_slot(pid_t init, uint64_t start, int file)
{
	return &texts[((unsigned)init * 31u + (unsigned)file + (unsigned)start) % CACHE_N];
}

/*
 * The host's files, kept open and pread: PATH below the sysroot; SINGLE,
 * a seq_file of one record (single_open: /proc/meminfo, /proc/stat), whose
 * short read is its end; the others (cpuinfo, diskstats) are read to EOF.
 */
static struct hostfile {
	const char *path;
	bool single;
	int fd;
} hostfiles[] = {
	{ "/proc/meminfo", true, -1 }, { "/proc/stat", true, -1 },
	{ "/proc/cpuinfo", false, -1 }, { "/proc/diskstats", false, -1 },
};

static int host_file(const char *file, char **ret, size_t *ret_len)
{
	int dfd = strncmp(file, "/proc/", 6) ? H->rootfd : H->procfd;
	const char *rel = dfd == H->procfd ? file + 6 : file + 1;

	for (size_t i = 0; i < ARRAY_SIZE(hostfiles); i++) {
		struct hostfile *f = &hostfiles[i];

		if (!streq(f->path, file))
			continue;
		if (f->fd < 0)
			f->fd = openat(dfd, rel, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
		if (f->fd < 0)
			break;
		return cgk_pread_all(f->fd, HOSTFILE_MAX, f->single, ret, ret_len);
	}
	return cgk_read_at_max(dfd, rel, HOSTFILE_MAX, ret, ret_len);
}

/* A file of the init's cgroup in hierarchy HI of HS (a passthrough of lxcfs's). */
static int cgroup_file(struct cgk_hiers *hs, int hi, pid_t init, const char *name,
		       char **ret, size_t *ret_len)
{
	char *mrel[CGK_HIER_MAX] = { NULL };
	_cleanup_close_ int fd = -EBADF;
	int r;

	if (hi < 0)
		return -ENOENT;
	r = cgk_hiers_pid_paths(hs, init, mrel);
	if (r < 0)
		return r;
	if (mrel[hi])
		fd = cgk_hier_open(&hs->v[hi], mrel[hi], O_RDONLY);
	for (size_t i = 0; i < CGK_HIER_MAX; i++)
		free(mrel[i]);
	if (fd < 0)
		return fd == -EBADF ? -ENOENT : fd;
	return cgk_read_at_max(fd, name, HOSTFILE_MAX, ret, ret_len);
}

static int make_text(int file, const struct target *t, char **ret, size_t *ret_len);

static int make(void *ctx, int file, pid_t pid, char **ret, size_t *ret_len)
{
	const struct cgk_pvfs *fs = ctx;
	struct textcache *c;
	struct target tg = { 0 };
	uint64_t start, t;
	int r;

	if (pid <= 0)		/* no reader to take the view of */
		return -EACCES;
	r = reader_target(pid, fs ? fs->make_key : 0, &tg);
	if (r < 0) {
		paths_free(tg.own);
		return r == -ENOENT ? -ESRCH : r;
	}
	start = tg.start;	/* 0 for a reader of the host's namespace: TG.own, freed below */
	if (file == CGK_PVFS_STAT || file == CGK_PVFS_DISKSTATS || file == CGK_PVFS_UPTIME ||
	    file >= CGK_PVFS_PSI_CPU)
		start = 0;
	t = now_ms();
	c = text_slot(tg.init, start, file);
	if (start && c->start == start && c->init == tg.init && c->file == file &&
	    t < c->made_ms + TEXT_TTL_MS) {
		*ret = malloc(c->len + 1);
		if (!*ret)
			return -ENOMEM;
		memcpy(*ret, c->text, c->len + 1);
		*ret_len = c->len;
		return 0;
	}
	r = make_text(file, &tg, ret, ret_len);
	paths_free(tg.own);
	if (r < 0 || !start)	/* a reader of the host's namespace: its own, each time; or a counter */
		return r;
	free(c->text);
	c->start = 0;
	c->text = malloc(*ret_len + 1);
	if (!c->text)
		return 0;
	memcpy(c->text, *ret, *ret_len);
	c->text[*ret_len] = '\0';
	*c = (struct textcache){ .init = tg.init, .start = start, .file = file, .made_ms = t,
				 .text = c->text, .len = *ret_len };
	return 0;
}

/* The text of FILE for the container of T: 0 and *RET, -errno. */
static int make_text(int file, const struct target *t, char **ret, size_t *ret_len)
{
	static const unsigned what[CGK_PVFS_NFILES] = {
		[CGK_PVFS_MEMINFO] = CGK_CGV_MEM, [CGK_PVFS_SWAPS] = CGK_CGV_MEM,
		[CGK_PVFS_CPUINFO] = CGK_CGV_CPU, [CGK_PVFS_ONLINE] = CGK_CGV_CPU,
		[CGK_PVFS_STAT] = CGK_CGV_CPU | CGK_CGV_USAGE,
		[CGK_PVFS_UPTIME] = CGK_CGV_UPTIME, [CGK_PVFS_LOADAVG] = CGK_CGV_LOAD,
		[CGK_PVFS_DISKSTATS] = CGK_CGV_BLKIO,
	};
	static const char *const host[CGK_PVFS_NFILES] = {
		[CGK_PVFS_MEMINFO] = "/proc/meminfo", [CGK_PVFS_SWAPS] = "/proc/swaps",
		[CGK_PVFS_CPUINFO] = "/proc/cpuinfo", [CGK_PVFS_STAT] = "/proc/stat",
		[CGK_PVFS_UPTIME] = "/proc/uptime", [CGK_PVFS_LOADAVG] = "/proc/loadavg",
		[CGK_PVFS_DISKSTATS] = "/proc/diskstats", [CGK_PVFS_SLABINFO] = "/proc/slabinfo",
		[CGK_PVFS_ONLINE] = "/sys/devices/system/cpu/online",
		[CGK_PVFS_PSI_CPU] = "/proc/pressure/cpu", [CGK_PVFS_PSI_IO] = "/proc/pressure/io",
		[CGK_PVFS_PSI_MEMORY] = "/proc/pressure/memory",
	};
	_cleanup_free_ char *text = NULL;
	struct cgk_cgvals v;
	unsigned missing = 0;
	pid_t init = t->init;
	size_t len = 0;
	int r;

	switch (file) {
	case CGK_PVFS_SLABINFO:
		/* lxcfs: the memory cgroup's memory.kmem.slabinfo (v1), else the host's */
		r = cgroup_file(H, cgk_hiers_find(H, "memory"), init, "memory.kmem.slabinfo", ret, ret_len);
		return r < 0 ? host_file(host[file], ret, ret_len) : 0;
	case CGK_PVFS_PSI_CPU:
	case CGK_PVFS_PSI_IO:
	case CGK_PVFS_PSI_MEMORY: {
		static const char *const psi[] = { "cpu.pressure", "io.pressure", "memory.pressure" };

		/* lxcfs 6: the init's cgroup's pressure file, else the host's */
		r = cgroup_file(HU, cgk_hiers_find(HU, "unified"), init,
				psi[file - CGK_PVFS_PSI_CPU], ret, ret_len);
		return r < 0 ? host_file(host[file], ret, ret_len) : 0;
	}
	}
	r = cgk_cgvals_load_kept(FC, t->mrel, init, what[file], &v, &missing);
	if (r < 0)
		return r;
	if (missing & what[file] & (CGK_CGV_MEM | CGK_CGV_CPU | CGK_CGV_BLKIO | CGK_CGV_LOAD)) {
		/* no cgroup to take the view from: the host's file, as lxcfs */
		r = host_file(host[file], ret, ret_len);
		goto done;
	}
	if (file == CGK_PVFS_LOADAVG && v.load_ok)
		for (int k = 0; k < 3; k++)
			v.avenrun[k] = (uint64_t)v.nr_active * CGK_LOAD_FIXED_1;
	if (file == CGK_PVFS_SWAPS || file == CGK_PVFS_MEMINFO || file == CGK_PVFS_CPUINFO ||
	    file == CGK_PVFS_STAT || file == CGK_PVFS_DISKSTATS) {
		r = host_file(file == CGK_PVFS_SWAPS ? "/proc/meminfo" : host[file], &text, &len);
		if (r < 0)
			goto done;
	}
	switch (file) {
	case CGK_PVFS_MEMINFO:   r = cgk_view_meminfo(text, len, &v, K.flags, ret, ret_len); break;
	case CGK_PVFS_CPUINFO:   r = cgk_view_cpuinfo(text, len, &v, K.flags, ret, ret_len); break;
	case CGK_PVFS_STAT:      r = cgk_view_stat(text, len, &v, K.flags, ret, ret_len); break;
	case CGK_PVFS_UPTIME:    r = cgk_view_uptime(&v, K.flags, ret, ret_len); break;
	case CGK_PVFS_LOADAVG:   r = cgk_view_loadavg(&v, K.flags, ret, ret_len); break;
	case CGK_PVFS_SWAPS:     r = cgk_view_swaps(text, len, &v, K.flags, ret, ret_len); break;
	case CGK_PVFS_DISKSTATS: r = cgk_view_diskstats(text, len, &v, K.flags, ret, ret_len); break;
	default:                 r = cgk_view_cpu_online(&v, K.flags, ret, ret_len); break;
	}
	if (r == CGK_VIEW_HOST) {
		if (file == CGK_PVFS_SWAPS || !text) {
			r = host_file(host[file], ret, ret_len);
		} else {
			*ret = TAKE_PTR(text);
			*ret_len = len;
			r = 0;
		}
	} else if (r == -ENODATA) {
		r = -EIO;	/* the view cannot be made (procview says why) */
	}
done:
	cgk_cgvals_done(&v);
	return r;
}

/* ---- the server ---- */

static volatile sig_atomic_t server_stop;

static void on_term(int sig)
{
	(void) sig;
	server_stop = 1;
}

/*
 * The key of the request at hand when it is an open answered again (it
 * waited): found the first time, for the same reader; else 0. And the key
 * reader_key found for the request at hand.
 */
static uint64_t key_known, key_found;

/* A reader's container, for the page cache's sake: its PID namespace's inode. */
static uint64_t reader_key(void *ctx, pid_t pid)
{
	(void) ctx;
	if (key_known)
		return key_known;
	return key_found = pidns_of(pid);
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

#define OPEN_WAIT_MS	200	/* see cgk_pvfs.open_wait_ms */
#define WAITING_MAX	256

/* Opens that wait for another container's splice to end: their requests. */
static struct waiting {
	char *req;
	size_t len;
	uint64_t until;
	uint64_t key;		/* its reader's, once found */
} waiting[WAITING_MAX];
static size_t nwaiting;

/*
 * Answer IN (LEN bytes); an open that must wait is kept (copied) for later,
 * until UNTIL (0: OPEN_WAIT_MS from now), then answered whatever holds it.
 * KEY: its reader's key when a wait found it (0: not known).
 */
static void answer(struct cgk_pvfs *fs, const char *in, size_t len, char *out, uint64_t until,
		   uint64_t key)
{
	ssize_t m;

	fs->now_ms = now_ms();
	if (!until)
		until = fs->now_ms + OPEN_WAIT_MS;
	fs->no_wait = fs->now_ms >= until || nwaiting == WAITING_MAX;
	key_known = key;
	key_found = 0;
	m = cgk_pvfs_handle(fs, in, len, out, CGK_PVFS_OUT_MAX);
	if (m == -EAGAIN) {
		struct waiting *w = &waiting[nwaiting];

		w->req = malloc(len);
		if (w->req) {
			memcpy(w->req, in, len);
			w->len = len;
			w->until = until;
			w->key = key ? key : key_found;
			nwaiting++;
			key_known = 0;
			return;
		}
		fs->no_wait = true;
		m = cgk_pvfs_handle(fs, in, len, out, CGK_PVFS_OUT_MAX);
	}
	key_known = 0;
	if (m > 0 && fs->note_len && write(K.fuse, fs->note, fs->note_len) < 0)
		warnx_("%s: a notification: %s", K.dir, strerror(errno));
	if (m > 0 && write(K.fuse, out, (size_t)m) < 0 && errno != ENOENT)
		warnx_("%s: a reply: %s", K.dir, strerror(errno));
}

/* The waiting opens again: those whose time is up, or whose way is free. */
static void answer_waiting(struct cgk_pvfs *fs, char *out)
{
	size_t n = nwaiting;
	struct waiting w[WAITING_MAX];

	memcpy(w, waiting, n * sizeof(*w));
	nwaiting = 0;
	for (size_t i = 0; i < n; i++) {
		answer(fs, w[i].req, w[i].len, out, w[i].until, w[i].key);
		free(w[i].req);
	}
}

/* The earliest time a waiting open is answered, whatever holds it. */
static uint64_t first_until(void)
{
	uint64_t first = UINT64_MAX;

	for (size_t i = 0; i < nwaiting; i++)
		if (waiting[i].until < first)
			first = waiting[i].until;
	return first;
}

/* The server child: answer requests from the connection until told to stop. */
/*
 * The descriptors the server may keep open for cgroup files: its soft
 * limit raised to the hard one, less room for the pidfds of the init
 * cache, the host's files and the files a text opens for a moment.
 */
static size_t keep_max(void)
{
	struct rlimit rl;
	rlim_t cur;

	if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
		return 0;
	if (rl.rlim_cur < rl.rlim_max) {
		rlim_t want = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > 65536 ? 65536 : rl.rlim_max;

		if (want > rl.rlim_cur) {
			rl.rlim_cur = want;
			setrlimit(RLIMIT_NOFILE, &rl);
			getrlimit(RLIMIT_NOFILE, &rl);
		}
	}
	cur = rl.rlim_cur == RLIM_INFINITY ? 65536 : rl.rlim_cur;
	return cur > CACHE_N + 256 ? (size_t)(cur - CACHE_N - 256) : 0;
}

/* Requests answered in a row before a look at pending signals (SIGTERM). */
#define SIGNAL_EVERY	64

/* The server child: answer requests from the connection until told to stop. */
static noreturn void server(void)
{
	struct cgk_pvfs fs = {
		.make = make, .key = reader_key, .open_wait_ms = OPEN_WAIT_MS,
		.flags = K.pvfs_flags,
		.slots = K.t->slots, .nslots = K.t->nslots, .data = table_data(K.t),
		.mtime = time(NULL),
	};
	struct sigaction sa = { .sa_handler = on_term };
	char *in = malloc(CGK_PVFS_IN_MAX), *out = malloc(CGK_PVFS_OUT_MAX);
	uint64_t swept = now_ms();
	unsigned in_a_row = 0;
	int status = 0;
	sigset_t none, term;

	fs.ctx = &fs;
	/* SIGTERM: answer the request at hand, then exit. It is let in only
	 * while ppoll waits or looks (every SIGNAL_EVERY requests in a row);
	 * reads do not block (O_NONBLOCK) */
	sigemptyset(&none);
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	sigaction(SIGTERM, &sa, NULL);
	sa.sa_handler = SIG_DFL;
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGCHLD, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigprocmask(SIG_SETMASK, &term, NULL);
	if (fcntl(K.fuse, F_SETFL, O_RDWR | O_NONBLOCK) < 0)
		_exit(1);
	fs.big = calloc(fs.nslots, sizeof(*fs.big));
	if (!in || !out || !fs.big || cgk_cgfiles_new(H, keep_max(), &FC) < 0)
		_exit(1);
	for (size_t i = 0; i < CACHE_N; i++)
		cache[i].pidfd = -1;
	if (K.t->inited) {	/* a connection INIT set up long ago */
		fs.init = K.t->init;
		fs.inited = true;
	}
	/* The server reads /proc/PID of every reader (their PID namespaces:
	 * a ptrace access check) and cgroup files: CAP_SYS_PTRACE alone. */
	caps_keep(CAP(CAP_SYS_PTRACE));
	while (!server_stop) {
		uint64_t t = now_ms();
		ssize_t n;

		if (t >= swept + 1000) {
			cache_sweep();
			swept = t;
		}
		/* a request first: under load one is waiting, and a poll
		 * before each read would be a system call for nothing */
		n = in_a_row < SIGNAL_EVERY ? read(K.fuse, in, CGK_PVFS_IN_MAX) : -1;
		if (n < 0 && (in_a_row >= SIGNAL_EVERY || errno == EAGAIN)) {
			struct pollfd p = { .fd = K.fuse, .events = POLLIN };
			struct timespec ts = { 1, 0 };
			int r;

			if (in_a_row >= SIGNAL_EVERY)
				ts = (struct timespec){ 0, 0 };
			else if (nwaiting) {
				uint64_t first = first_until();

				first = first > t ? first - t : 0;
				ts = (struct timespec){ (time_t)(first / 1000), (long)(first % 1000) * 1000000 };
			}
			in_a_row = 0;
			r = ppoll(&p, 1, &ts, &none);
			if (r == 0 && nwaiting)
				answer_waiting(&fs, out);
			continue;	/* EINTR: SIGTERM, seen by the loop */
		}
		if (n < 0) {
			if (errno == EINTR || errno == ENOENT)
				continue;	/* ENOENT: the request was interrupted */
			status = errno == ENODEV ? 0 : 1;	/* ENODEV: unmounted */
			break;
		}
		in_a_row++;
		answer(&fs, in, (size_t)n, out, 0, 0);
		if (nwaiting && (((struct fuse_in_header *)in)->opcode == FUSE_RELEASE ||
				 first_until() <= now_ms()))
			answer_waiting(&fs, out);
		if (fs.inited && !K.t->inited) {
			K.t->init = fs.init;
			__atomic_store_n(&K.t->inited, 1, __ATOMIC_RELEASE);
		}
		if (fs.destroyed)
			break;
	}
	/* _exit: no atexit (close_stdout) in a child; what it holds, freed */
	for (size_t i = 0; i < nwaiting; i++)
		free(waiting[i].req);
	for (size_t i = 0; i < CACHE_N; i++) {
		free(texts[i].text);
		if (cache[i].ns)
			cache_clear(&cache[i], false);
	}
	cgk_cgfiles_free(FC);
	cgk_pvfs_done(&fs);
	free(in);
	free(out);
	_exit(status);
}

/* ---- the keeper ---- */

static pid_t child;

static pid_t server_start(void)
{
	pid_t pid;

	/* Requests the last server had read and not answered go back to
	 * the queue, for this one (Linux 6.9; before, EINVAL: they wait
	 * until their reader is killed). */
	if (K.t->inited) {
		struct fuse_out_header h = { .len = sizeof(h), .error = FUSE_NOTIFY_RESEND };

		if (write(K.fuse, &h, sizeof(h)) < 0 && errno != EINVAL)
			warnx_("%s: FUSE_NOTIFY_RESEND: %s", K.dir, strerror(errno));
	}
	pid = fork();
	if (pid < 0)
		die(-errno, "fork");
	if (pid == 0)
		server();
	return pid;
}

static void server_stop_wait(void)
{
	if (child <= 0)
		return;
	kill(child, SIGTERM);
	while (waitpid(child, NULL, 0) < 0 && errno == EINTR)
		;
	child = 0;
}

static void pidfile_write(void)
{
	char buf[32];
	int fd, n;

	if (!K.pidfile)
		return;
	fd = open(K.pidfile, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0)
		die(-errno, "%s", K.pidfile);
	n = snprintf(buf, sizeof(buf), "%d\n", (int)getpid());
	if (cgk_write_all(fd, buf, (size_t)n) < 0 || close(fd) < 0)
		die(-errno, "%s", K.pidfile);
}

static noreturn void keeper_exit(int status)
{
	server_stop_wait();
	if (umount2(K.dir, MNT_DETACH) < 0 && errno != EINVAL)
		warnx_("%s: umount: %s", K.dir, strerror(errno));
	if (K.pidfile)
		unlink(K.pidfile);
	exit(status);
}

/* SIGHUP: the binary on disk, with the connection and the table kept. */
static void keeper_reexec(char **argv)
{
	char state[64];

	server_stop_wait();
	snprintf(state, sizeof(state), "%d,%d", K.fuse, K.memfd);
	if (fcntl(K.fuse, F_SETFD, 0) < 0 || fcntl(K.memfd, F_SETFD, 0) < 0 ||
	    setenv(STATE_ENV, state, 1) < 0) {
		warnx_("%s: re-exec: %s", K.dir, strerror(errno));
		return;
	}
	execv(K.exe, argv);
	warnx_("%s: re-exec %s: %s; the running binary goes on", K.dir, K.exe, strerror(errno));
	fcntl(K.fuse, F_SETFD, FD_CLOEXEC);
	fcntl(K.memfd, F_SETFD, FD_CLOEXEC);
	unsetenv(STATE_ENV);
}

static void table_map(bool fresh)
{
	size_t nslots = CGK_PVFS_SLOTS_DEFAULT;
	size_t size = table_size(nslots);
	struct stat st;

	if (fresh) {
		K.memfd = memfd_create("procview-handles", MFD_CLOEXEC);
		if (K.memfd < 0 || ftruncate(K.memfd, (off_t)size) < 0)
			die(-errno, "memfd");
	} else {
		if (fstat(K.memfd, &st) < 0)
			die(-errno, "%s", STATE_ENV);
		size = (size_t)st.st_size;
	}
	K.t = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, K.memfd, 0);
	if (K.t == MAP_FAILED)
		die(-errno, "mmap");
	if (fresh) {
		K.t->magic = TABLE_MAGIC;
		K.t->nslots = (uint32_t)nslots;
	} else if (K.t->magic != TABLE_MAGIC ||
		   table_size(K.t->nslots) > size) {
		dief("%s: not a handle table this procview knows", STATE_ENV);
	}
}

/* Does the kernel keep PSI per cgroup (a *.pressure file in our own cgroup v2)? */
static bool psi_per_cgroup(void)
{
	char *mrel[CGK_HIER_MAX] = { NULL };
	int u = cgk_hiers_find(HU, "unified"), fd = -1;
	bool ok = false;

	if (u >= 0 && cgk_hiers_pid_paths(HU, getpid(), mrel) == 0 && mrel[u]) {
		fd = cgk_hier_open(&HU->v[u], mrel[u], O_RDONLY);
		ok = fd >= 0 && faccessat(fd, "cpu.pressure", R_OK, 0) == 0;
	}
	if (fd >= 0)
		close(fd);
	for (size_t i = 0; i < CGK_HIER_MAX; i++)
		free(mrel[i]);
	return ok;
}

void procview_mount(const char *dir, const char *pidfile, unsigned flags, const char *sysroot,
		    char **argv)
{
	const char *state = getenv("PROCVIEW_MOUNT_STATE");	/* STATE_ENV */
	struct timespec last = { 0 }, now;
	sigset_t set;
	ssize_t n;
	int r;

	K.dir = dir;
	K.pidfile = pidfile;
	K.flags = flags;
	K.sysroot = sysroot;
	n = readlink("/proc/self/exe", K.exe, sizeof(K.exe) - 1);
	if (n <= 0)
		die(-errno, "/proc/self/exe");
	K.exe[n] = '\0';
	/* the path, not the inode: SIGHUP runs the binary installed there since */
	if (n > 10 && !strcmp(K.exe + n - 10, " (deleted)"))
		K.exe[n - 10] = '\0';

	r = cgk_hiers_load(sysroot, 0, &HU);
	if (r == 0 && !cgk_hiers_v2_only(HU))
		r = cgk_hiers_load(sysroot, CGK_HIER_NO_V2, &H);
	else if (r == 0)
		r = cgk_hiers_load(sysroot, 0, &H);
	if (r == -ENOENT)
		dief("%s: no cgroup hierarchy mounted", sysroot);
	if (r < 0)
		die(r, "%s", sysroot);
	if (psi_per_cgroup())
		K.pvfs_flags |= CGK_PVFS_PSI;

	if (state) {
		int a, b;

		struct stat sa, sb;

		/* set by a keeper for the binary it execs; anything else is refused */
		if (sscanf(state, "%d,%d", &a, &b) != 2 || a < 0 || b < 0 ||
		    fstat(a, &sa) < 0 || !S_ISCHR(sa.st_mode) || sa.st_rdev != makedev(10, 229) ||
		    fstat(b, &sb) < 0 || !S_ISREG(sb.st_mode))
			dief("%s: '%s': not the fds of a connection", STATE_ENV, state);
		K.fuse = a;
		K.memfd = b;
		fcntl(a, F_SETFD, FD_CLOEXEC);
		fcntl(b, F_SETFD, FD_CLOEXEC);
		unsetenv(STATE_ENV);
		table_map(false);
	} else {
		char opts[160];
		struct stat st;

		if (stat(dir, &st) < 0)
			die(-errno, "%s", dir);
		if (!S_ISDIR(st.st_mode))
			dief("%s: not a directory", dir);
		K.fuse = open("/dev/fuse", O_RDWR | O_CLOEXEC);
		if (K.fuse < 0)
			die(-errno, "/dev/fuse");
		table_map(true);
		/* fuse.lxcfs: the type that lxcfs-remount, LXC and the
		 * Kubernetes lxcfs helpers look for; the source says who */
		snprintf(opts, sizeof(opts), "fd=%d,rootmode=40000,user_id=0,group_id=0,"
			 "allow_other,default_permissions", K.fuse);
		if (mount("procview", dir, "fuse.lxcfs", MS_NOSUID | MS_NODEV, opts) < 0)
			die(-errno, "%s: mount", dir);
	}
	pidfile_write();

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &set, NULL);
	/* the keeper: umount (CAP_SYS_ADMIN), and what its children keep */
	caps_keep(CAP(CAP_SYS_ADMIN) | CAP(CAP_SYS_PTRACE));
	child = server_start();
	for (;;) {
		siginfo_t si;
		int sig = sigwaitinfo(&set, &si), status;
		pid_t p;

		if (sig < 0)
			continue;
		switch (sig) {
		case SIGTERM:
		case SIGINT:
			keeper_exit(EXIT_SUCCESS);
		case SIGHUP:
			keeper_reexec(argv);
			child = server_start();
			break;
		case SIGCHLD:
			while ((p = waitpid(-1, &status, WNOHANG)) > 0) {
				if (p != child)
					continue;
				child = 0;
				if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
					keeper_exit(EXIT_SUCCESS);	/* unmounted */
				clock_gettime(CLOCK_MONOTONIC, &now);
				if ((now.tv_sec - last.tv_sec) * 1000000000L +
				    (now.tv_nsec - last.tv_nsec) < RESPAWN_MIN_NS)
					nanosleep(&(struct timespec){ 0, RESPAWN_MIN_NS }, NULL);
				clock_gettime(CLOCK_MONOTONIC, &last);
				child = server_start();
			}
			break;
		}
	}
}
