/* SPDX-License-Identifier: MIT */
/* cgvals - read what a container view needs from its cgroups and /proc (the I/O half of view) */
#include <dirent.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>

#include "cgpath.h"
#include "cgvals.h"
#include "proc.h"
#include "util.h"
#include "walk.h"

#define BLKIO_MAX (1u << 20)	/* blkio files list every device: a generous bound */
#define PROCS_MAX (4u << 20)	/* cgroup.procs of a big cgroup */
#define LOAD_DEPTH 3		/* lxcfs counts the cpu cgroup and 3 levels below */

static int initial_pidns(int procfd, pid_t pid);

/* ---- pure parsers ---- */

/* Next blank-separated token of [*p, e): its start and length, or false. */
static bool token(const char **p, const char *e, const char **ret, size_t *ret_n)
{
	const char *s = *p;

	while (s < e && (*s == ' ' || *s == '\t' || *s == '\n'))
		s++;
	if (s == e)
		return false;
	*ret = s;
	while (s < e && *s != ' ' && *s != '\t' && *s != '\n')
		s++;
	*ret_n = (size_t)(s - *ret);
	*p = s;
	return true;
}

struct stat_key {
	const char *key;
	size_t off;
};

/* The KEYS[0..N) of a "key value" file into the u64 slots of *RET (size SIZE). */
static int keyed_parse(const char *buf, size_t len, const struct stat_key *keys, size_t n,
		       void *ret, size_t size)
{
	uint64_t m[16] = { 0 };

	if (size > sizeof(m))
		return -EINVAL;
	for (size_t k = 0; k < n; k++) {
		uint64_t v;
		int r = cgk_keyed_u64(buf, len, keys[k].key, &v);

		if (r == -ENOENT)
			continue;
		if (r < 0)
			return -EINVAL;
		memcpy((char *)m + keys[k].off, &v, sizeof(v));
	}
	memcpy(ret, m, size);
	return 0;
}

int cgk_memstat2_parse(const char *buf, size_t len, struct cgk_memstat *ret)
{
	static const struct stat_key keys[] = {
		{ "file", offsetof(struct cgk_memstat, cache) },
		{ "anon_thp", offsetof(struct cgk_memstat, rss_huge) },
		{ "shmem", offsetof(struct cgk_memstat, shmem) },
		{ "file_mapped", offsetof(struct cgk_memstat, mapped_file) },
		{ "file_dirty", offsetof(struct cgk_memstat, dirty) },
		{ "file_writeback", offsetof(struct cgk_memstat, writeback) },
		{ "active_anon", offsetof(struct cgk_memstat, active_anon) },
		{ "inactive_anon", offsetof(struct cgk_memstat, inactive_anon) },
		{ "active_file", offsetof(struct cgk_memstat, active_file) },
		{ "inactive_file", offsetof(struct cgk_memstat, inactive_file) },
		{ "unevictable", offsetof(struct cgk_memstat, unevictable) },
		{ "slab_reclaimable", offsetof(struct cgk_memstat, slab_reclaimable) },
		{ "slab_unreclaimable", offsetof(struct cgk_memstat, slab_unreclaimable) },
	};

	return keyed_parse(buf, len, keys, ARRAY_SIZE(keys), ret, sizeof(*ret));
}

int cgk_cpustat_usec_parse(const char *buf, size_t len, struct cgk_cpustat_usec *ret)
{
	static const struct stat_key keys[] = {
		{ "usage_usec", offsetof(struct cgk_cpustat_usec, usage) },
		{ "user_usec", offsetof(struct cgk_cpustat_usec, user) },
		{ "system_usec", offsetof(struct cgk_cpustat_usec, system) },
	};
	uint64_t v;

	if (cgk_keyed_u64(buf, len, "usage_usec", &v) < 0)
		return -EINVAL;
	return keyed_parse(buf, len, keys, ARRAY_SIZE(keys), ret, sizeof(*ret));
}

int cgk_cpumax_parse(const char *buf, size_t len, int64_t *quota, int64_t *period)
{
	const char *p = buf, *e = buf + len, *t[2], *x;
	size_t n[2];
	int64_t q, per;

	if (!token(&p, e, &t[0], &n[0]) || !token(&p, e, &t[1], &n[1]) || token(&p, e, &x, &n[0]))
		return -EINVAL;
	if (n[0] == 3 && !memcmp(t[0], "max", 3))
		q = -1;
	else if (cgk_parse_s64(t[0], n[0], &q) < 0 || q <= 0)
		return -EINVAL;
	if (cgk_parse_s64(t[1], n[1], &per) < 0 || per <= 0)
		return -EINVAL;
	*quota = q;
	*period = per;
	return 0;
}

/* "MAJ:MIN": digits, a colon, digits. */
static bool devno(const char *t, size_t n)
{
	const char *c = memchr(t, ':', n);

	if (!c || c == t || c == t + n - 1 || n > 23)
		return false;
	for (size_t k = 0; k < n; k++)
		if (t + k != c && (t[k] < '0' || t[k] > '9'))
			return false;
	return true;
}

#define IOSTAT_ENTRY 64	/* "MAJ:MIN Discard N\n": 23 + 9 + 20 + 1, rounded up */

int cgk_iostat_to_blkio(const char *buf, size_t len, char **serviced, char **bytes)
{
	static const char *const ops[] = { "Read", "Write", "Discard" };
	static const char *const io_keys[] = { "rios=", "wios=", "dios=" };
	static const char *const byte_keys[] = { "rbytes=", "wbytes=", "dbytes=" };
	_cleanup_free_ char *s = NULL, *b = NULL;
	const char *p = buf, *e = buf + len;
	size_t lines = 1, so = 0, bo = 0;

	for (const char *q = buf; q < e; q++)
		lines += *q == '\n';
	if (lines > SIZE_MAX / (3 * IOSTAT_ENTRY) - 1)
		return -ENOMEM;
	s = malloc(lines * 3 * IOSTAT_ENTRY + 1);
	b = malloc(lines * 3 * IOSTAT_ENTRY + 1);
	if (!s || !b)
		return -ENOMEM;
	while (p < e) {
		const char *eol = memchr(p, '\n', (size_t)(e - p)), *le = eol ? eol : e;
		uint64_t io[3] = { 0 }, by[3] = { 0 };
		const char *dev, *t;
		size_t dn, n;

		if (!token(&p, le, &dev, &dn)) {
			p = eol ? eol + 1 : e;
			continue;	/* a blank line */
		}
		if (!devno(dev, dn))
			return -EINVAL;
		while (token(&p, le, &t, &n)) {
			const char *eq = memchr(t, '=', n);
			uint64_t v;

			if (!eq || eq == t || cgk_parse_u64(eq + 1, (size_t)(t + n - eq - 1), &v) < 0)
				return -EINVAL;
			for (size_t k = 0; k < 3; k++) {
				if ((size_t)(eq + 1 - t) == strlen(io_keys[k]) &&
				    !memcmp(t, io_keys[k], strlen(io_keys[k])))
					io[k] = v;
				if ((size_t)(eq + 1 - t) == strlen(byte_keys[k]) &&
				    !memcmp(t, byte_keys[k], strlen(byte_keys[k])))
					by[k] = v;
			}
		}
		for (size_t k = 0; k < 3; k++) {
			so += (size_t)snprintf(s + so, IOSTAT_ENTRY + 1, "%.*s %s %" PRIu64 "\n",
					       (int)dn, dev, ops[k], io[k]);
			bo += (size_t)snprintf(b + bo, IOSTAT_ENTRY + 1, "%.*s %s %" PRIu64 "\n",
					       (int)dn, dev, ops[k], by[k]);
		}
		p = eol ? eol + 1 : e;
	}
	s[so] = b[bo] = '\0';
	*serviced = TAKE_PTR(s);
	*bytes = TAKE_PTR(b);
	return 0;
}

int cgk_memstat_parse(const char *buf, size_t len, struct cgk_memstat *ret)
{
	static const struct stat_key keys[] = {
		{ "total_cache", offsetof(struct cgk_memstat, cache) },
		{ "total_rss_huge", offsetof(struct cgk_memstat, rss_huge) },
		{ "total_shmem", offsetof(struct cgk_memstat, shmem) },
		{ "total_mapped_file", offsetof(struct cgk_memstat, mapped_file) },
		{ "total_dirty", offsetof(struct cgk_memstat, dirty) },
		{ "total_writeback", offsetof(struct cgk_memstat, writeback) },
		{ "total_active_anon", offsetof(struct cgk_memstat, active_anon) },
		{ "total_inactive_anon", offsetof(struct cgk_memstat, inactive_anon) },
		{ "total_active_file", offsetof(struct cgk_memstat, active_file) },
		{ "total_inactive_file", offsetof(struct cgk_memstat, inactive_file) },
		{ "total_unevictable", offsetof(struct cgk_memstat, unevictable) },
	};

	return keyed_parse(buf, len, keys, ARRAY_SIZE(keys), ret, sizeof(*ret));
}

int cgk_usage_all_parse(const char *buf, size_t len, size_t max, struct cgk_cpuusage **ret,
			size_t *ret_n)
{
	static const char head[] = "cpu user system\n";
	_cleanup_free_ struct cgk_cpuusage *a = NULL;
	const char *p = buf, *e = buf + len;
	size_t j = 0;

	if (max == 0 || len < sizeof(head) - 1 || memcmp(buf, head, sizeof(head) - 1))
		return -EINVAL;
	a = calloc(max, sizeof(*a));
	if (!a)
		return -ENOMEM;
	p += sizeof(head) - 1;
	while (j < max) {
		const char *t[3];
		size_t n[3];
		uint64_t cpu;

		if (!token(&p, e, &t[0], &n[0]))
			break;
		if (!token(&p, e, &t[1], &n[1]) || !token(&p, e, &t[2], &n[2]) ||
		    cgk_parse_u64(t[0], n[0], &cpu) < 0 ||
		    cgk_parse_u64(t[1], n[1], &a[j].user) < 0 ||
		    cgk_parse_u64(t[2], n[2], &a[j].system) < 0)
			return -EINVAL;
		j++;
	}
	*ret = TAKE_PTR(a);
	*ret_n = max;
	return 0;
}

int cgk_usage_percpu_parse(const char *buf, size_t len, size_t max, struct cgk_cpuusage **ret,
			   size_t *ret_n)
{
	_cleanup_free_ struct cgk_cpuusage *a = NULL;
	const char *p = buf, *e = buf + len, *t;
	size_t j = 0, n;

	if (max == 0)
		return -EINVAL;
	a = calloc(max, sizeof(*a));
	if (!a)
		return -ENOMEM;
	while (j < max && token(&p, e, &t, &n))
		if (cgk_parse_u64(t, n, &a[j++].user) < 0)
			return -EINVAL;
	*ret = TAKE_PTR(a);
	*ret_n = max;
	return 0;
}

/* ---- reading ---- */

void cgk_cgvals_done(struct cgk_cgvals *v)
{
	if (!v)
		return;
	free(v->usage);
	free(v->blk_serviced);
	free(v->blk_merged);
	free(v->blk_service_bytes);
	free(v->blk_wait_time);
	free(v->blk_service_time);
	free(v->thr_serviced);
	free(v->thr_service_bytes);
	memset(v, 0, sizeof(*v));
}

/*
 * Kept files (cgk_cgvals_load_kept). A directory is kept by its base (a
 * hierarchy's index in h, or one of the KEPT_* below) and its path there,
 * with the files read in it. Each file kept is one seq_file record (a
 * cgroup file's show, /proc/PID/stat, a sysfs attribute): pread at offset 0
 * makes its text anew, and a read shorter than asked is all of it.
 */
#define KEPT_PROC	(-1)	/* h->procfd */
#define KEPT_ROOT	(-2)	/* h->rootfd: the sysroot */
#define KEPT_ABS	(-3)	/* the running system's absolute paths (glibc's get_nprocs) */
#define KEPT_FILES	12	/* a v2 cgroup: memory.*, cpu.*, cpuset.*, io.stat */
#define KEPT_NAME	48	/* "blkio.throttle.io_service_bytes_recursive" fits */
#define KEPT_BUCKETS	1024

struct kept_dir {
	struct kept_dir *next;		/* in its bucket */
	int base;
	int fd;				/* the directory */
	unsigned idle;			/* cgk_cgfiles_expire rounds since its last read */
	size_t nfiles;
	struct { char name[KEPT_NAME]; int fd; } f[KEPT_FILES];
	char path[];
};

struct cgk_cgfiles {
	const struct cgk_hiers *h;
	size_t nfds, max_fds;
	int pidns1;			/* initial_pidns(procfd, 1), once read; -1 before */
	struct kept_dir *bucket[KEPT_BUCKETS];
};

int cgk_cgfiles_new(const struct cgk_hiers *h, size_t max_fds, struct cgk_cgfiles **ret)
{
	struct cgk_cgfiles *fc = calloc(1, sizeof(*fc));

	if (!fc)
		return -ENOMEM;
	fc->h = h;
	fc->max_fds = max_fds;
	fc->pidns1 = -1;
	*ret = fc;
	return 0;
}

static void kept_close(struct cgk_cgfiles *fc, struct kept_dir *k)
{
	for (size_t j = 0; j < k->nfiles; j++)
		if (k->f[j].fd >= 0) {
			close(k->f[j].fd);
			fc->nfds--;
		}
	close(k->fd);
	fc->nfds--;
	free(k);
}

/* Close the kept directories KEEP(k) says no to. */
static void kept_filter(struct cgk_cgfiles *fc, bool (*keep)(struct kept_dir *k, const void *arg),
			const void *arg)
{
	for (size_t b = 0; b < KEPT_BUCKETS; b++)
		for (struct kept_dir **p = &fc->bucket[b], *k; (k = *p); ) {
			if (keep(k, arg)) {
				p = &k->next;
				continue;
			}
			*p = k->next;
			kept_close(fc, k);
		}
}

static bool keep_none(struct kept_dir *k, const void *arg)
{
	(void) k;
	(void) arg;
	return false;
}

void cgk_cgfiles_free(struct cgk_cgfiles *fc)
{
	if (!fc)
		return;
	kept_filter(fc, keep_none, NULL);
	free(fc);
}

struct drop_arg {
	char *const *mrel;
	size_t n;
	char pid[16];
};

/* Not the cgroup MREL[base] or below it, not /proc/PID. */
static bool keep_other(struct kept_dir *k, const void *arg)
{
	const struct drop_arg *a = arg;
	const char *m;
	size_t l;

	if (k->base == KEPT_PROC)
		return !*a->pid || !streq(k->path, a->pid);
	if (k->base < 0 || (size_t)k->base >= a->n || !a->mrel || !(m = a->mrel[k->base]))
		return true;
	l = strlen(m);
	if (!l)
		return false;	/* the root: everything of that hierarchy */
	return strncmp(k->path, m, l) != 0 || (k->path[l] && k->path[l] != '/');
}

void cgk_cgfiles_drop(struct cgk_cgfiles *fc, char *const *mrel, pid_t pid)
{
	struct drop_arg a = { .mrel = mrel, .n = fc ? fc->h->n : 0 };

	if (!fc)
		return;
	if (pid > 0)
		snprintf(a.pid, sizeof(a.pid), "%d", (int)pid);
	kept_filter(fc, keep_other, &a);
}

/* Read in the last ARG rounds; the files found missing looked for again. */
static bool keep_recent(struct kept_dir *k, const void *arg)
{
	size_t n = 0;

	if (++k->idle > *(const unsigned *)arg)
		return false;
	for (size_t j = 0; j < k->nfiles; j++)
		if (k->f[j].fd >= 0)
			k->f[n++] = k->f[j];
	k->nfiles = n;
	return true;
}

size_t cgk_cgfiles_expire(struct cgk_cgfiles *fc, unsigned rounds)
{
	if (!fc)
		return 0;
	kept_filter(fc, keep_recent, &rounds);
	return fc->nfds;
}

static size_t kept_hash(int base, const char *path)
{
	uint32_t x = 2166136261u ^ (uint32_t)base;

	for (const char *p = path; *p; p++)
		x = (x ^ (unsigned char)*p) * 16777619u;
	return x % KEPT_BUCKETS;
}

/* The directory PATH of BASE opened as procview opens it: O_DIRECTORY, beneath its base. */
static int base_open(const struct cgk_hiers *h, int base, const char *path)
{
	int fd;

	if (base >= 0)
		return cgk_hier_open(&h->v[base], path, O_RDONLY);
	fd = openat(base == KEPT_PROC ? h->procfd : base == KEPT_ROOT ? h->rootfd : AT_FDCWD,
		    path, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
	return fd < 0 ? -errno : fd;
}

/* The kept directory PATH of BASE, opened now if need be: NULL and *RET_ERR on failure. */
static struct kept_dir *kept_dir(struct cgk_cgfiles *fc, int base, const char *path, int *ret_err)
{
	size_t b = kept_hash(base, path), l = strlen(path);
	struct kept_dir *k;
	int fd;

	for (k = fc->bucket[b]; k; k = k->next)
		if (k->base == base && streq(k->path, path))
			return k;
	if (fc->nfds >= fc->max_fds) {
		*ret_err = -EMFILE;	/* the caller reads the plain way */
		return NULL;
	}
	fd = base_open(fc->h, base, path);
	if (fd < 0) {
		*ret_err = fd;
		return NULL;
	}
	k = calloc(1, sizeof(*k) + l + 1);
	if (!k) {
		close(fd);
		*ret_err = -ENOMEM;
		return NULL;
	}
	k->base = base;
	k->fd = fd;
	memcpy(k->path, path, l + 1);
	k->next = fc->bucket[b];
	fc->bucket[b] = k;
	fc->nfds++;
	return k;
}

/* Forget K (its cgroup was removed, its process is gone). */
static void kept_forget(struct cgk_cgfiles *fc, struct kept_dir *k)
{
	for (struct kept_dir **p = &fc->bucket[kept_hash(k->base, k->path)]; *p; p = &(*p)->next)
		if (*p == k) {
			*p = k->next;
			kept_close(fc, k);
			return;
		}
}

/*
 * A directory read from: plain, an fd of it opened for this load (closed by
 * dir_close); kept, its kept entry, or, where no more descriptors may be
 * kept, an fd of its own as plain.
 */
struct dir {
	struct cgk_cgfiles *fc;
	struct kept_dir *k;
	int fd;
	int base;
	char path[CGK_PATH_MAX];
};

#define DIR_INIT { .fd = -EBADF }

static int dir_open(struct cgk_cgfiles *fc, const struct cgk_hiers *h, int base, const char *path,
		    struct dir *d)
{
	int r = 0;

	*d = (struct dir){ .fc = fc, .fd = -EBADF, .base = base };
	if (fc) {
		if (strlen(path) >= sizeof(d->path))
			return -ENAMETOOLONG;
		strcpy(d->path, path);
		d->k = kept_dir(fc, base, path, &r);
		if (d->k) {
			d->fd = d->k->fd;
			return 0;
		}
		if (r != -EMFILE)
			return r;
	}
	d->fd = base_open(h, base, path);
	return d->fd < 0 ? d->fd : 0;
}

static void dir_close(struct dir *d)
{
	if (!d->k && d->fd >= 0)
		close(d->fd);
	d->fd = -EBADF;
	d->k = NULL;
}

static void dir_closep(struct dir *d)
{
	dir_close(d);
}
#define _cleanup_dir_ _cleanup_(dir_closep)

/* Has the file's cgroup been removed (kernfs: ENODEV), its process gone (ESRCH)? */
static bool kept_stale(ssize_t r)
{
	return r == -ENODEV || r == -ESTALE || r == -ESRCH;
}

/*
 * A name that every directory of K's kind holds (NULL: such directories
 * are never removed): when a file of K cannot be found, is it K that is
 * gone?
 */
static const char *kept_probe(const struct kept_dir *k)
{
	return k->base >= 0 ? "cgroup.procs" : k->base == KEPT_PROC ? "stat" : NULL;
}

/*
 * FILE of D's kept directory, opened now if need be. A file that is not
 * there is remembered as such until the next cgk_cgfiles_expire (a cgroup's
 * files come with it; a v2 controller enabled later adds some). -ESTALE:
 * the directory is gone; -EMFILE: no room to keep it, read it the plain way.
 */
static int kept_file(struct dir *d, const char *file)
{
	struct kept_dir *k = d->k;
	const char *probe;
	int fd;

	for (size_t j = 0; j < k->nfiles; j++)
		if (streq(k->f[j].name, file))
			return k->f[j].fd;
	if (k->nfiles == KEPT_FILES || strlen(file) >= KEPT_NAME || d->fc->nfds >= d->fc->max_fds)
		return -EMFILE;
	fd = openat(k->fd, file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0 && errno != ENOENT)
		return -errno;
	if (fd < 0) {
		probe = kept_probe(k);
		if (probe && faccessat(k->fd, probe, F_OK, 0) < 0)
			return -ESTALE;
		fd = -ENOENT;
	}
	strcpy(k->f[k->nfiles].name, file);
	k->f[k->nfiles++].fd = fd;
	d->fc->nfds += fd >= 0;
	return fd;
}

/* One record at FD into BUF (SIZE): as cgk_read_at_buf reads a file. */
static ssize_t kept_pread_buf(int fd, char *buf, size_t size)
{
	ssize_t n = cgk_pread(fd, buf, size - 1, 0);
	char c;

	if (n < 0)
		return n;
	if ((size_t)n == size - 1) {
		ssize_t m = cgk_pread(fd, &c, 1, n);

		if (m < 0)
			return m;
		if (m > 0)
			return -EFBIG;
	}
	buf[n] = '\0';
	return n;
}

/*
 * The fd of FILE in D's kept directory, for a read. A directory that is
 * stale (STALE: a read of its file said so; its cgroup removed, its process
 * gone: what a directory opened now would not be) is forgotten and opened
 * again by its path. -EMFILE: no room to keep it (D->fd is then D's own,
 * for a plain read); other -errno: what opening FILE now gives.
 */
static int kept_fd(struct dir *d, const char *file, bool stale)
{
	for (int tries = 0; tries < 2; tries++) {
		int fd = -ESTALE;

		if (d->k && !stale) {
			d->k->idle = 0;
			fd = kept_file(d, file);
			if (fd != -ESTALE)
				return fd;
		}
		stale = false;
		if (d->k)
			kept_forget(d->fc, d->k);
		d->k = kept_dir(d->fc, d->base, d->path, &fd);
		if (d->k) {
			d->fd = d->k->fd;
			continue;
		}
		if (fd != -EMFILE) {
			d->fd = -EBADF;
			return fd;
		}
		d->fd = base_open(d->fc->h, d->base, d->path);
		return d->fd >= 0 ? -EMFILE : d->fd;
	}
	return -ENOENT;
}

static ssize_t dir_read_buf(struct dir *d, const char *file, char *buf, size_t size)
{
	if (d->k) {
		int fd = kept_fd(d, file, false);
		ssize_t r = fd < 0 ? fd : kept_pread_buf(fd, buf, size);

		if (kept_stale(r)) {
			fd = kept_fd(d, file, true);
			r = fd < 0 ? fd : kept_pread_buf(fd, buf, size);
		}
		if (r != -EMFILE)
			return r;
	}
	return cgk_read_at_buf(d->fd, file, buf, size);
}

static int dir_read_max(struct dir *d, const char *file, size_t max, char **ret, size_t *ret_len)
{
	if (d->k) {
		int fd = kept_fd(d, file, false);
		int r = fd < 0 ? fd : cgk_pread_all(fd, max, true, ret, ret_len);

		if (kept_stale(r)) {
			fd = kept_fd(d, file, true);
			r = fd < 0 ? fd : cgk_pread_all(fd, max, true, ret, ret_len);
		}
		if (r != -EMFILE)
			return r;
	}
	return cgk_read_at_max(d->fd, file, max, ret, ret_len);
}

static int read_u64(struct dir *d, const char *file, uint64_t *ret)
{
	char buf[64];
	ssize_t n = dir_read_buf(d, file, buf, sizeof(buf));

	if (n < 0)
		return (int)n;
	return cgk_parse_u64(buf, (size_t)n, ret);
}

static int read_s64(struct dir *d, const char *file, int64_t *ret)
{
	char buf[64];
	ssize_t n = dir_read_buf(d, file, buf, sizeof(buf));

	if (n < 0)
		return (int)n;
	return cgk_parse_s64(buf, (size_t)n, ret);
}

/* The hierarchy of controller C and the target's cgroup there into *D, or -ENOENT. */
static int open_ctl(struct cgk_cgfiles *fc, const struct cgk_hiers *h, char *const *mrel,
		    const char *c, int *ret_idx, struct dir *d)
{
	int i = cgk_hiers_find(h, c), r;

	if (i < 0 || !mrel[i])
		return -ENOENT;
	r = dir_open(fc, h, i, mrel[i], d);
	if (r < 0)
		return r == -ENOTDIR ? -ENOENT : r;
	if (ret_idx)
		*ret_idx = i;
	return 0;
}

/*
 * The parent of mount-relative PATH into BUF ("" for the mount's root):
 * false when PATH is the root already.
 */
static bool parent_of(const char *path, char *buf, size_t size)
{
	const char *slash = strrchr(path, '/');
	size_t n;

	if (!*path)
		return false;
	n = slash ? (size_t)(slash - path) : 0;
	if (n >= size)
		return false;
	memcpy(buf, path, n);
	buf[n] = '\0';
	return true;
}

/*
 * lxcfs get_min_memlimit(), for FILES[0..N) at once (one walk up): each
 * file's own limit, lowered by any smaller non-zero limit of an ancestor up
 * to the root (a limit that cannot be read counts as 0, and on v1 an own 0
 * stays 0). On v2 an own "max" (read as 0) takes the nearest ancestor's
 * limit, as lxcfs's cgroup_walkup_to_root() does: the smallest limit on the
 * way up, 0 when there is none.
 */
static void min_limits(struct cgk_cgfiles *fc, const struct cgk_hiers *h, int i, const char *mrel,
		       struct dir *d, const char *const *files, uint64_t *ret, size_t n)
{
	char path[CGK_PATH_MAX], up[CGK_PATH_MAX];
	bool v2 = h->v[i].version == 2;
	uint64_t a;

	for (size_t k = 0; k < n; k++)
		if (read_u64(d, files[k], &ret[k]) < 0)
			ret[k] = 0;
	snprintf(path, sizeof(path), "%s", mrel);
	while (parent_of(path, up, sizeof(up))) {
		_cleanup_dir_ struct dir ad = DIR_INIT;

		if (dir_open(fc, h, i, up, &ad) == 0) {
			for (size_t k = 0; k < n; k++)
				if (read_u64(&ad, files[k], &a) == 0 && a > 0 &&
				    (a < ret[k] || (v2 && ret[k] == 0)))
					ret[k] = a;
		}
		memcpy(path, up, strlen(up) + 1);
	}
}

/*
 * lxcfs 5.0 on v2: memory.current, memory.stat's v2 keys, the limits
 * memory.max and memory.swap.max (the smallest on the way up), and the swap
 * in use memory.swap.current; there is no swappiness (1).
 */
static void load_mem2(struct cgk_cgfiles *fc, const struct cgk_hiers *h, char *const *mrel, int i,
		      struct dir *d, struct cgk_cgvals *v)
{
	static const char *const limit_files[] = { "memory.max", "memory.swap.max" };
	_cleanup_free_ char *stat = NULL;
	uint64_t limits[ARRAY_SIZE(limit_files)];
	size_t len;

	if (read_u64(d, "memory.current", &v->mem_usage) < 0 ||
	    dir_read_max(d, "memory.stat", CGK_READ_MAX, &stat, &len) < 0 ||
	    cgk_memstat2_parse(stat, len, &v->stat) < 0)
		return;		/* lxcfs: the host's meminfo */
	v->mem = v->mem_v2 = true;
	min_limits(fc, h, i, mrel[i], d, limit_files, limits, ARRAY_SIZE(limits));
	v->mem_limit = limits[0];
	v->memsw_limit = limits[1];
	v->swappiness = 1;
	if (v->memsw_limit > 0 && read_u64(d, "memory.swap.current", &v->memsw_usage) == 0)
		v->memsw = true;
}

static void load_mem(struct cgk_cgfiles *fc, const struct cgk_hiers *h, char *const *mrel,
		     struct cgk_cgvals *v, unsigned *missing)
{
	static const char *const limit_files[] = {
		"memory.limit_in_bytes", "memory.memsw.limit_in_bytes"
	};
	_cleanup_dir_ struct dir d = DIR_INIT;
	_cleanup_free_ char *stat = NULL;
	uint64_t limits[ARRAY_SIZE(limit_files)];
	size_t len;
	int i;

	if (open_ctl(fc, h, mrel, "memory", &i, &d) < 0) {
		*missing |= CGK_CGV_MEM;
		return;
	}
	if (h->v[i].version == 2) {
		load_mem2(fc, h, mrel, i, &d, v);
		return;
	}
	if (read_u64(&d, "memory.usage_in_bytes", &v->mem_usage) < 0 ||
	    dir_read_max(&d, "memory.stat", CGK_READ_MAX, &stat, &len) < 0 ||
	    cgk_memstat_parse(stat, len, &v->stat) < 0)
		return;		/* lxcfs: the host's meminfo */
	v->mem = true;
	min_limits(fc, h, i, mrel[i], &d, limit_files, limits, ARRAY_SIZE(limits));
	v->mem_limit = limits[0];
	v->memsw_limit = limits[1];
	v->swappiness = 1;
	if (v->memsw_limit > 0 && read_u64(&d, "memory.memsw.usage_in_bytes", &v->memsw_usage) == 0) {
		v->memsw = true;
		if (read_u64(&d, "memory.swappiness", &v->swappiness) < 0)
			v->swappiness = 1;
	}
}

/* A cpuset file's list; false when unreadable or empty. */
static bool cpuset_read(struct dir *d, const char *file, struct cgk_cpuset *ret)
{
	char buf[CGK_CPU_MAX * 6];
	ssize_t n = dir_read_buf(d, file, buf, sizeof(buf));

	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		n--;
	return n > 0 && cgk_cpulist_parse(buf, (size_t)n, ret) == 0 &&
	       cgk_cpuset_count(ret) > 0;
}

/*
 * The v2 hierarchy of a pure v2 host, where the target has a cgroup that is
 * there: its index or -ENOENT.
 */
static int v2_cgroup(struct cgk_cgfiles *fc, const struct cgk_hiers *h, char *const *mrel)
{
	_cleanup_dir_ struct dir d = DIR_INIT;
	int i = cgk_hiers_find(h, "unified");

	if (i < 0 || !cgk_hiers_v2_only(h) || !mrel[i])
		return -ENOENT;
	if (dir_open(fc, h, i, mrel[i], &d) < 0)
		return -ENOENT;
	return i;
}

/* The machine's online CPUs (/sys/devices/system/cpu/online below the sysroot). */
static bool online_cpus(struct cgk_cgfiles *fc, const struct cgk_hiers *h, struct cgk_cpuset *ret)
{
	_cleanup_dir_ struct dir d = DIR_INIT;

	if (!fc)	/* one file: no directory to open */
		return cpuset_read(&(struct dir){ .fd = h->rootfd }, "sys/devices/system/cpu/online", ret);
	return dir_open(fc, h, KEPT_ROOT, "sys/devices/system/cpu", &d) == 0 &&
	       cpuset_read(&d, "online", ret);
}

/*
 * get_nprocs() (ONLINE) or get_nprocs_conf(): kept, the count of the CPU
 * list glibc reads (/sys/devices/system/cpu/online, possible), read here;
 * glibc itself where that list does not parse.
 */
static unsigned nprocs(struct cgk_cgfiles *fc, bool online)
{
	_cleanup_dir_ struct dir d = DIR_INIT;
	struct cgk_cpuset set;
	char buf[1024];
	ssize_t n;

	if (fc && dir_open(fc, fc->h, KEPT_ABS, "/sys/devices/system/cpu", &d) == 0 &&
	    (n = dir_read_buf(&d, online ? "online" : "possible", buf, sizeof(buf))) > 0 &&
	    cgk_cpulist_parse(buf, (size_t)n, &set) == 0 && cgk_cpuset_count(&set) > 0)
		return cgk_cpuset_count(&set);
	return (unsigned)(online ? get_nprocs() : get_nprocs_conf());
}

static void load_cpu(struct cgk_cgfiles *fc, const struct cgk_hiers *h, char *const *mrel,
		     struct cgk_cgvals *v, unsigned *missing)
{
	_cleanup_dir_ struct dir d = DIR_INIT, cd = DIR_INIT;
	int i;

	v->nprocs = nprocs(fc, true);
	v->nprocs_conf = nprocs(fc, false);
	v->clk_tck = sysconf(_SC_CLK_TCK);
	if (open_ctl(fc, h, mrel, "cpu", &i, &cd) == 0) {
		if (h->v[i].version == 2) {
			char buf[64];
			ssize_t n = dir_read_buf(&cd, "cpu.max", buf, sizeof(buf));

			v->quota_ok = n > 0 &&
				      cgk_cpumax_parse(buf, (size_t)n, &v->quota, &v->period) == 0;
		} else {
			v->quota_ok = read_s64(&cd, "cpu.cfs_quota_us", &v->quota) == 0 &&
				      read_s64(&cd, "cpu.cfs_period_us", &v->period) == 0;
		}
	}
	if (open_ctl(fc, h, mrel, "cpuset", &i, &d) < 0) {
		if (v2_cgroup(fc, h, mrel) >= 0) {
			/* v2 without the cpuset controller: every online CPU */
			v->cpuset_ok = v->cpuset_all = online_cpus(fc, h, &v->cpuset);
			return;
		}
		*missing |= CGK_CGV_CPU;
		return;
	}
	/* lxcfs: cpuset.cpus, else cpuset.cpus.effective, else the nearest
	 * ancestor's non-empty cpuset.cpus */
	v->cpuset_ok = cpuset_read(&d, "cpuset.cpus", &v->cpuset) ||
		       cpuset_read(&d, "cpuset.cpus.effective", &v->cpuset);
	if (!v->cpuset_ok) {
		char path[CGK_PATH_MAX], up[CGK_PATH_MAX];

		snprintf(path, sizeof(path), "%s", mrel[i]);
		while (!v->cpuset_ok && parent_of(path, up, sizeof(up))) {
			_cleanup_dir_ struct dir ad = DIR_INIT;

			if (dir_open(fc, h, i, up, &ad) == 0)
				v->cpuset_ok = cpuset_read(&ad, "cpuset.cpus", &v->cpuset) ||
					       (h->v[i].version == 2 &&
						cpuset_read(&ad, "cpuset.cpus.effective", &v->cpuset));
			memcpy(path, up, strlen(up) + 1);
		}
	}
}

/* v2: cpu.stat, a core file of every cgroup (lxcfs 5.0 reads none of it) */
static void load_cpustat(struct cgk_cgfiles *fc, const struct cgk_hiers *h, char *const *mrel,
			 struct cgk_cgvals *v)
{
	_cleanup_dir_ struct dir d = DIR_INIT;
	struct cgk_cpustat_usec u;
	char buf[1024];
	ssize_t n;
	int i;

	if (v->cpustat_ok || (i = v2_cgroup(fc, h, mrel)) < 0)
		return;
	if (dir_open(fc, h, i, mrel[i], &d) < 0)
		return;
	n = dir_read_buf(&d, "cpu.stat", buf, sizeof(buf));
	if (n > 0 && cgk_cpustat_usec_parse(buf, (size_t)n, &u) == 0) {
		v->cpustat_ok = true;
		v->usage_usec = u.usage;
		v->user_usec = u.user;
		v->system_usec = u.system;
	}
}

static void load_usage(struct cgk_cgfiles *fc, const struct cgk_hiers *h, char *const *mrel,
		       struct cgk_cgvals *v)
{
	_cleanup_dir_ struct dir d = DIR_INIT;
	_cleanup_free_ char *buf = NULL;
	size_t len, max = v->nprocs_conf ? v->nprocs_conf : nprocs(fc, false);

	if (open_ctl(fc, h, mrel, "cpuacct", NULL, &d) < 0) {
		load_cpustat(fc, h, mrel, v);	/* v2: for stat --fix */
		return;		/* lxcfs: the host's per-CPU lines */
	}
	if (dir_read_max(&d, "cpuacct.usage_all", BLKIO_MAX, &buf, &len) == 0) {
		if (cgk_usage_all_parse(buf, len, max, &v->usage, &v->nusage) < 0)
			v->usage = NULL;
		return;
	}
	if (dir_read_max(&d, "cpuacct.usage_percpu", BLKIO_MAX, &buf, &len) == 0 &&
	    cgk_usage_percpu_parse(buf, len, max, &v->usage, &v->nusage) == 0)
		v->usage_percpu = true;
}

/* cgk_pidstat_read, kept: /proc/PID/stat of the process that has PID now. */
static int pidstat_read(struct cgk_cgfiles *fc, const struct cgk_hiers *h, pid_t pid,
			struct cgk_pidstat *ret)
{
	_cleanup_dir_ struct dir d = DIR_INIT;
	char path[16], buf[1024];
	ssize_t n;

	if (!fc)
		return cgk_pidstat_read(h->procfd, pid, ret);
	snprintf(path, sizeof(path), "%d", (int)pid);
	n = dir_open(fc, h, KEPT_PROC, path, &d);
	if (n == 0)
		n = dir_read_buf(&d, "stat", buf, sizeof(buf));
	if (n == -ENOENT)
		return -ESRCH;
	if (n < 0)
		return (int)n;
	return cgk_pidstat_parse(buf, (size_t)n, ret);
}

static void load_uptime(struct cgk_cgfiles *fc, const struct cgk_hiers *h, char *const *mrel,
			pid_t init, struct cgk_cgvals *v)
{
	_cleanup_dir_ struct dir d = DIR_INIT;
	struct cgk_pidstat st;

	v->clk_tck = sysconf(_SC_CLK_TCK);
	if (init > 0 && pidstat_read(fc, h, init, &st) == 0) {
		v->start_ticks = st.starttime;
		v->start_ok = true;
	}
	clock_gettime(CLOCK_BOOTTIME, &v->boottime);
	if (open_ctl(fc, h, mrel, "cpuacct", NULL, &d) == 0) {
		v->busy_ok = read_u64(&d, "cpuacct.usage", &v->busy_ns) == 0;
		return;
	}
	load_cpustat(fc, h, mrel, v);
}

static void load_blkio(struct cgk_cgfiles *fc, const struct cgk_hiers *h, char *const *mrel,
		       struct cgk_cgvals *v, unsigned *missing)
{
	static const struct { const char *file; size_t off; } files[] = {
		{ "blkio.io_serviced_recursive", offsetof(struct cgk_cgvals, blk_serviced) },
		{ "blkio.io_merged_recursive", offsetof(struct cgk_cgvals, blk_merged) },
		{ "blkio.io_service_bytes_recursive", offsetof(struct cgk_cgvals, blk_service_bytes) },
		{ "blkio.io_wait_time_recursive", offsetof(struct cgk_cgvals, blk_wait_time) },
		{ "blkio.io_service_time_recursive", offsetof(struct cgk_cgvals, blk_service_time) },
		{ "blkio.throttle.io_serviced_recursive", offsetof(struct cgk_cgvals, thr_serviced) },
		{ "blkio.throttle.io_service_bytes_recursive",
		  offsetof(struct cgk_cgvals, thr_service_bytes) },
	};
	_cleanup_dir_ struct dir d = DIR_INIT;
	int i;

	if (open_ctl(fc, h, mrel, "blkio", NULL, &d) < 0) {
		_cleanup_free_ char *buf = NULL;
		size_t len;

		if ((i = v2_cgroup(fc, h, mrel)) < 0) {
			*missing |= CGK_CGV_BLKIO;
			return;
		}
		/* lxcfs 5.0 on v2: the host's diskstats (no blk_* files);
		 * io.stat as the throttle files, for --fix */
		if (dir_open(fc, h, i, mrel[i], &d) == 0 &&
		    dir_read_max(&d, "io.stat", BLKIO_MAX, &buf, &len) == 0 &&
		    cgk_iostat_to_blkio(buf, len, &v->thr_serviced, &v->thr_service_bytes) < 0)
			v->thr_serviced = v->thr_service_bytes = NULL;
		return;
	}
	for (size_t k = 0; k < ARRAY_SIZE(files); k++) {
		char **slot = (char **)((char *)v + files[k].off);

		if (dir_read_max(&d, files[k].file, BLKIO_MAX, slot, NULL) < 0)
			*slot = NULL;
	}
}

/* Add the threads of process PID (below /proc PROCFD) to V. */
static void count_threads(int procfd, pid_t pid, struct cgk_cgvals *v)
{
	char path[64];
	DIR *d;
	int fd;

	snprintf(path, sizeof(path), "%d/task", (int)pid);
	fd = openat(procfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return;		/* gone */
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return;
	}
	for (struct dirent *de; (de = readdir(d)); ) {
		struct cgk_pidstat st;
		char file[128], buf[1024];
		ssize_t n;
		uint64_t tid;

		if (de->d_name[0] < '0' || de->d_name[0] > '9' ||
		    cgk_parse_u64(de->d_name, strlen(de->d_name), &tid) < 0 || tid > INT_MAX)
			continue;
		v->nr_threads++;
		if ((pid_t)tid > v->last_pid)
			v->last_pid = (pid_t)tid;
		snprintf(file, sizeof(file), "%d/task/%s/stat", (int)pid, de->d_name);
		n = cgk_read_at_buf(procfd, file, buf, sizeof(buf));
		if (n > 0 && cgk_pidstat_parse(buf, (size_t)n, &st) == 0 &&
		    (st.state == 'R' || st.state == 'D'))
			v->nr_active++;
	}
	closedir(d);
}

static int threads(struct cgk_cgfiles *fc, const struct cgk_hiers *h, char *const *mrel,
		   struct cgk_cgvals *v)
{
	_cleanup_dir_ struct dir d = DIR_INIT;
	const struct cgk_walk_entry *e;
	struct cgk_walk *w;
	int r;

	r = open_ctl(fc, h, mrel, "cpu", NULL, &d);
	if (r < 0)
		return r;
	r = cgk_walk_open(d.fd, LOAD_DEPTH, &w);
	if (r < 0)
		return r;
	v->nr_threads = v->nr_active = 0;
	v->last_pid = 0;
	while ((r = cgk_walk_next(w, &e)) > 0) {
		_cleanup_free_ char *procs = NULL;
		const char *p, *end, *t;
		size_t len, n;

		if (cgk_read_at_max(e->dirfd, "cgroup.procs", PROCS_MAX, &procs, &len) < 0)
			continue;	/* vanished */
		for (p = procs, end = procs + len; token(&p, end, &t, &n); ) {
			uint64_t pid;

			if (cgk_parse_u64(t, n, &pid) == 0 && pid > 0 && pid <= INT_MAX)
				count_threads(h->procfd, (pid_t)pid, v);
		}
	}
	cgk_walk_free(w);
	if (r < 0)
		return r;
	v->load_ok = true;
	return 0;
}

int cgk_cgvals_threads(const struct cgk_hiers *h, char *const *mrel, struct cgk_cgvals *v)
{
	return threads(NULL, h, mrel, v);
}

static int load(struct cgk_cgfiles *fc, const struct cgk_hiers *h, char *const *mrel, pid_t init,
		unsigned what, struct cgk_cgvals *ret, unsigned *ret_missing)
{
	struct cgk_cgvals v = { 0 };
	unsigned missing = 0;

	v.clk_tck = sysconf(_SC_CLK_TCK);
	if (what & CGK_CGV_MEM)
		load_mem(fc, h, mrel, &v, &missing);
	if (what & (CGK_CGV_CPU | CGK_CGV_USAGE)) {
		int i = cgk_hiers_find(h, "cpuset");

		if (i < 0)
			i = v2_cgroup(fc, h, mrel);
		load_cpu(fc, h, mrel, &v, &missing);
		/* lxcfs gives the machine's own init the host's stat; a
		 * container's init is PID 1 of its own /proc, not that */
		if (init == 1 && i >= 0 && mrel[i] && !*mrel[i] && !*h->v[i].mount_root) {
			int pidns1 = fc ? fc->pidns1 : -1;

			if (pidns1 < 0)
				pidns1 = initial_pidns(h->procfd, 1) != 0;
			if (fc)
				fc->pidns1 = pidns1;
			v.root = pidns1;
		}
	}
	if (what & CGK_CGV_USAGE)
		load_usage(fc, h, mrel, &v);
	if (what & CGK_CGV_UPTIME)
		load_uptime(fc, h, mrel, init, &v);
	if (what & CGK_CGV_LOAD) {
		int r = threads(fc, h, mrel, &v);

		if (r == -ENOENT)
			missing |= CGK_CGV_LOAD;
		else if (r == -ENOMEM)
			goto nomem;
	}
	if (what & CGK_CGV_BLKIO)
		load_blkio(fc, h, mrel, &v, &missing);
	*ret = v;
	if (ret_missing)
		*ret_missing = missing;
	return 0;
nomem:
	cgk_cgvals_done(&v);
	return -ENOMEM;
}

int cgk_cgvals_load(const struct cgk_hiers *h, char *const *mrel, pid_t init, unsigned what,
		    struct cgk_cgvals *ret, unsigned *ret_missing)
{
	return load(NULL, h, mrel, init, what, ret, ret_missing);
}

int cgk_cgvals_load_kept(struct cgk_cgfiles *fc, char *const *mrel, pid_t init, unsigned what,
			 struct cgk_cgvals *ret, unsigned *ret_missing)
{
	return load(fc, fc->h, mrel, init, what, ret, ret_missing);
}

/* ---- whose cgroups ---- */

/* NSpid depth and innermost PID of PID: 0, -ESRCH, -errno. */
static int nspid(int procfd, pid_t pid, unsigned *depth, pid_t *inner)
{
	char file[64], buf[4096];
	ssize_t n;

	snprintf(file, sizeof(file), "%d/status", (int)pid);
	n = cgk_read_at_buf(procfd, file, buf, sizeof(buf));
	if (n == -ENOENT || n == -ESRCH)
		return -ESRCH;
	if (n < 0)
		return (int)n;
	return cgk_status_nspid(buf, (size_t)n, depth, inner);
}

static int ppid_of(int procfd, pid_t pid, pid_t *ret)
{
	struct cgk_pidstat st;
	int r = cgk_pidstat_read(procfd, pid, &st);

	if (r < 0)
		return r;
	*ret = st.ppid;
	return 0;
}

/* The kernel's initial PID namespace has this fixed inode (PROC_PID_INIT_INO). */
#define PIDNS_INIT_INO 0xEFFFFFFCu

static int pidns_ino(int procfd, pid_t pid, struct stat *ret);

/* 1 when PID is in the machine's initial PID namespace, 0 when not, -errno (no ns files). */
static int initial_pidns(int procfd, pid_t pid)
{
	struct stat st;
	int r = pidns_ino(procfd, pid, &st);

	return r < 0 ? r : st.st_ino == PIDNS_INIT_INO;
}

/* The nsfs inode of PID's PID namespace. */
static int pidns_ino(int procfd, pid_t pid, struct stat *ret)
{
	char file[64];

	snprintf(file, sizeof(file), "%d/ns/pid", (int)pid);
	if (fstatat(procfd, file, ret, 0) < 0)
		return errno == ENOENT ? -ESRCH : -errno;
	return 0;
}

int cgk_cgvals_pidns_init(int procfd, pid_t pid, pid_t *ret)
{
	_cleanup_free_ pid_t *pids = NULL;
	struct stat ns, other;
	unsigned depth, d;
	pid_t inner, in, p = pid, pp = 0;
	size_t n;
	int r;

	r = nspid(procfd, pid, &depth, &inner);
	if (r < 0)
		return r;
	if (inner == 1) {
		*ret = pid;
		return 0;
	}
	if (depth == 1) {
		/* In the namespace this /proc shows: on the host, lxcfs
		 * takes the reader itself; inside a container (procview run
		 * there), its init is this /proc's PID 1. */
		r = initial_pidns(procfd, pid);
		*ret = r == 0 && nspid(procfd, 1, &d, &in) == 0 ? 1 : pid;
		return 0;
	}
	/* Up the parents while they are in the same namespace: the init is
	 * the ancestor of its namespace's processes, except of those that
	 * entered it from outside (setns), whose parent is outside. */
	for (;;) {
		if (ppid_of(procfd, p, &pp) < 0 || pp <= 0 ||
		    nspid(procfd, pp, &d, &in) < 0 || d != depth)
			break;
		if (in == 1) {
			*ret = pp;
			return 0;
		}
		p = pp;
	}
	/* Else look for it among every process. */
	r = pidns_ino(procfd, pid, &ns);
	if (r < 0)
		return r;
	r = cgk_proc_list_pids(procfd, &pids, &n);
	if (r < 0)
		return r;
	for (size_t k = 0; k < n; k++) {
		if (nspid(procfd, pids[k], &d, &in) < 0 || d != depth || in != 1 ||
		    pidns_ino(procfd, pids[k], &other) < 0)
			continue;
		if (other.st_ino == ns.st_ino && other.st_dev == ns.st_dev) {
			*ret = pids[k];
			return 0;
		}
	}
	return -ESRCH;	/* its init is gone: the namespace is dying */
}
