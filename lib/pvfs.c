/* SPDX-License-Identifier: MIT */
/* pvfs - procview's read-only FUSE tree (lxcfs's layout): path lookup and the FUSE protocol, no I/O */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/fuse.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "pvfs.h"
#include "util.h"

/*
 * Why not libfuse: a server that takes over a live connection (the one a
 * dead server leaves, kept open by procview's keeper) must answer requests
 * without a FUSE_INIT, which has long been answered; libfuse 3.14's
 * session answers EIO to every request before it has seen FUSE_INIT and
 * keeps what INIT agreed in a private struct that no call sets. The few
 * operations a read-only tree of a dozen files needs are spoken here, from
 * <linux/fuse.h>.
 */

#define DIR_MODE	(S_IFDIR | 0555)
#define FILE_MODE	(S_IFREG | 0444)
#define ENTRY_VALID	86400	/* the tree never changes: names cached a day */
/*
 * Attributes cached a day too: a GETATTR reply sets the inode's size, and
 * with attributes that expire at once every permission check of every
 * opener (default_permissions) would send one and undo the size the open
 * of another reader set for its splice (see CGK_PVFS_OPEN_SIZE).
 */
#define ATTR_VALID	86400
#define PSI_ONLY	0x1

static const struct node {
	const char *name;
	uint64_t parent;	/* inode of the directory */
	int file;		/* enum cgk_pvfs_file, -1: a directory */
	unsigned need;		/* CGK_PVFS_PSI: only with it */
} nodes[] = {
	/* inode 1 */ { "", 0, -1, 0 },
	/* 2 */ { "proc", 1, -1, 0 },
	/* 3 */ { "sys", 1, -1, 0 },
	/* 4 */ { "devices", 3, -1, 0 },
	/* 5 */ { "system", 4, -1, 0 },
	/* 6 */ { "cpu", 5, -1, 0 },
	/* 7 */ { "pressure", 2, -1, CGK_PVFS_PSI },
	{ "meminfo", 2, CGK_PVFS_MEMINFO, 0 },
	{ "cpuinfo", 2, CGK_PVFS_CPUINFO, 0 },
	{ "stat", 2, CGK_PVFS_STAT, 0 },
	{ "uptime", 2, CGK_PVFS_UPTIME, 0 },
	{ "loadavg", 2, CGK_PVFS_LOADAVG, 0 },
	{ "swaps", 2, CGK_PVFS_SWAPS, 0 },
	{ "diskstats", 2, CGK_PVFS_DISKSTATS, 0 },
	{ "slabinfo", 2, CGK_PVFS_SLABINFO, 0 },
	{ "online", 6, CGK_PVFS_ONLINE, 0 },
	{ "cpu", 7, CGK_PVFS_PSI_CPU, CGK_PVFS_PSI },
	{ "io", 7, CGK_PVFS_PSI_IO, CGK_PVFS_PSI },
	{ "memory", 7, CGK_PVFS_PSI_MEMORY, CGK_PVFS_PSI },
};

static const char *const file_paths[CGK_PVFS_NFILES] = {
	[CGK_PVFS_MEMINFO] = "proc/meminfo", [CGK_PVFS_CPUINFO] = "proc/cpuinfo",
	[CGK_PVFS_STAT] = "proc/stat", [CGK_PVFS_UPTIME] = "proc/uptime",
	[CGK_PVFS_LOADAVG] = "proc/loadavg", [CGK_PVFS_SWAPS] = "proc/swaps",
	[CGK_PVFS_DISKSTATS] = "proc/diskstats", [CGK_PVFS_SLABINFO] = "proc/slabinfo",
	[CGK_PVFS_ONLINE] = "sys/devices/system/cpu/online",
	[CGK_PVFS_PSI_CPU] = "proc/pressure/cpu", [CGK_PVFS_PSI_IO] = "proc/pressure/io",
	[CGK_PVFS_PSI_MEMORY] = "proc/pressure/memory",
};

static const struct node *node_of(uint64_t ino, unsigned flags)
{
	const struct node *n;

	if (ino < 1 || ino > ARRAY_SIZE(nodes))
		return NULL;
	n = &nodes[ino - 1];
	return (n->need & ~flags) ? NULL : n;
}

int cgk_pvfs_lookup(uint64_t parent, const char *name, size_t len, unsigned flags)
{
	const struct node *p = node_of(parent, flags);

	if (!p || p->file >= 0)
		return -ENOTDIR;
	for (size_t i = 0; i < ARRAY_SIZE(nodes); i++)
		if (nodes[i].parent == parent && !(nodes[i].need & ~flags) &&
		    strlen(nodes[i].name) == len && !memcmp(nodes[i].name, name, len))
			return (int)i + 1;
	return -ENOENT;
}

int cgk_pvfs_path(const char *path, unsigned flags)
{
	int ino = CGK_PVFS_ROOT;

	if (!*path)
		return ino;
	for (const char *p = path, *s;; p = s + 1) {
		s = strchrnul(p, '/');
		if (s == p)
			return -EINVAL;
		ino = cgk_pvfs_lookup((uint64_t)ino, p, (size_t)(s - p), flags);
		if (ino < 0 || !*s)
			return ino;
	}
}

int cgk_pvfs_file_of(uint64_t ino)
{
	const struct node *n = node_of(ino, ~0u);

	if (!n)
		return -ENOENT;
	return n->file >= 0 ? n->file : -EISDIR;
}

const char *cgk_pvfs_file_path(int file)
{
	return file >= 0 && file < CGK_PVFS_NFILES ? file_paths[file] : NULL;
}

/* ---- replies ---- */

struct reply {
	char *buf;
	size_t cap, len;
};

static void *reply_arg(struct reply *r, size_t size)
{
	void *p;

	if (r->len + size > r->cap)
		return NULL;
	p = r->buf + r->len;
	memset(p, 0, size);
	r->len += size;
	return p;
}

static ssize_t reply_err(struct reply *r, int err)
{
	struct fuse_out_header *h = (struct fuse_out_header *)r->buf;

	h->error = err;	/* -errno */
	h->len = sizeof(*h);
	return sizeof(*h);
}

static void fill_attr(const struct cgk_pvfs *fs, uint64_t ino, struct fuse_attr *a)
{
	const struct node *n = &nodes[ino - 1];

	a->ino = ino;
	a->mode = n->file >= 0 ? FILE_MODE : DIR_MODE;
	a->nlink = n->file >= 0 ? 1 : 2;
	/* procfs says 0; so do we: a reader reads to EOF, and the contents
	 * differ from reader to reader of the one inode */
	a->size = 0;
	a->blksize = 4096;
	a->atime = a->mtime = a->ctime = (uint64_t)fs->mtime;
}

static ssize_t do_init(struct cgk_pvfs *fs, const void *arg, size_t len, struct reply *r)
{
	const struct fuse_init_in *in = arg;
	struct fuse_init_out *o;

	/* kernels before 7.36 send only the first four fields */
	if (len < offsetof(struct fuse_init_in, flags2))
		return -EINVAL;
	o = reply_arg(r, sizeof(*o));
	o->major = FUSE_KERNEL_VERSION;
	o->minor = FUSE_KERNEL_MINOR_VERSION;
	if (in->major != FUSE_KERNEL_VERSION)	/* the kernel retries with ours, or gives up */
		return (ssize_t)r->len;
	if (in->minor < o->minor)
		o->minor = in->minor;
	o->max_readahead = in->max_readahead;
	o->flags = 0;
	o->max_background = 16;
	o->congestion_threshold = 12;
	o->max_write = 4096;
	o->time_gran = 1000000000;
	fs->init = (struct cgk_pvfs_init){ .major = in->major, .minor = o->minor,
		.max_readahead = in->max_readahead, .flags = o->flags };
	fs->inited = true;
	if (o->minor < 23)	/* the reply's size before 7.23 */
		r->len -= sizeof(*o) - 24;
	return (ssize_t)r->len;
}

static ssize_t do_entry(struct cgk_pvfs *fs, uint64_t parent, const char *name, size_t len,
			struct reply *r)
{
	struct fuse_entry_out *o;
	size_t n = strnlen(name, len);
	int ino;

	if (n == len)		/* no NUL: malformed */
		return reply_err(r, -EINVAL);
	ino = cgk_pvfs_lookup(parent, name, n, fs->flags);
	if (ino < 0)
		return reply_err(r, ino);
	o = reply_arg(r, sizeof(*o));
	o->nodeid = (uint64_t)ino;
	o->generation = 1;
	o->entry_valid = ENTRY_VALID;
	o->attr_valid = ATTR_VALID;
	fill_attr(fs, (uint64_t)ino, &o->attr);
	return (ssize_t)r->len;
}

/* One past the highest slot in use: found in the table the first time, then kept. */
static size_t slots_hi(struct cgk_pvfs *fs)
{
	if (!fs->slots_hi_ok) {
		fs->slots_hi = 0;
		for (size_t i = 0; i < fs->nslots; i++)
			if (fs->slots[i].used)
				fs->slots_hi = i + 1;
		fs->slots_hi_ok = true;
	}
	return fs->slots_hi;
}

/* Slot IDX is free now: lower the mark past the free slots below it. */
static void slots_hi_free(struct cgk_pvfs *fs, size_t idx)
{
	if (idx + 1 == slots_hi(fs))
		while (fs->slots_hi > 0 && !fs->slots[fs->slots_hi - 1].used)
			fs->slots_hi--;
}

static ssize_t do_getattr(struct cgk_pvfs *fs, uint64_t ino, struct reply *r)
{
	struct fuse_attr_out *o;
	int file = cgk_pvfs_file_of(ino);

	if (!node_of(ino, fs->flags))
		return reply_err(r, -ENOENT);
	o = reply_arg(r, sizeof(*o));
	o->attr_valid = ATTR_VALID;
	fill_attr(fs, ino, &o->attr);
	/* the reply sets the inode's size: while the file is open, a reader
	 * may be in a splice that needs the size its open set */
	for (size_t i = 0; file >= 0 && i < slots_hi(fs); i++)
		if (fs->slots[i].used && fs->slots[i].file == (uint32_t)file) {
			o->attr.size = CGK_PVFS_OPEN_SIZE;
			break;
		}
	return (ssize_t)r->len;
}

static struct cgk_pvfs_slot *slot_of(struct cgk_pvfs *fs, uint64_t fh, size_t *ret_idx)
{
	size_t idx = (size_t)(fh & 0xffffffffu);
	struct cgk_pvfs_slot *s;

	if (idx >= fs->nslots)
		return NULL;
	s = &fs->slots[idx];
	if (!s->used || s->gen != (uint32_t)(fh >> 32))
		return NULL;
	*ret_idx = idx;
	return s;
}

/* The inode's size to CGK_PVFS_OPEN_SIZE (see pvfs.h), before the open's reply. */
static void note_store(struct cgk_pvfs *fs, uint64_t ino)
{
	struct fuse_out_header *h = (void *)fs->note;
	struct fuse_notify_store_out *o = (void *)(h + 1);

	memset(fs->note, 0, sizeof(fs->note));
	h->len = sizeof(*h) + sizeof(*o) + 1;
	h->error = FUSE_NOTIFY_STORE;
	o->nodeid = ino;
	o->offset = CGK_PVFS_OPEN_SIZE - 1;
	o->size = 1;
	fs->note[sizeof(*h) + sizeof(*o)] = '\n';
	fs->note_len = h->len;
}

#ifndef FUSE_UNIQUE_RESEND
#define FUSE_UNIQUE_RESEND (1ULL << 63)	/* <linux/fuse.h> 7.40 */
#endif

static ssize_t do_open(struct cgk_pvfs *fs, uint64_t ino, pid_t pid, uint64_t unique,
		       const void *arg, size_t len, struct reply *r)
{
	const struct fuse_open_in *in = arg;
	struct fuse_open_out *o;
	uint64_t key;
	int file;

	if (len < sizeof(*in))
		return -EINVAL;
	if (!node_of(ino, fs->flags))
		return reply_err(r, -ENOENT);
	file = cgk_pvfs_file_of(ino);
	if (file < 0)
		return reply_err(r, file);
	if ((in->flags & O_ACCMODE) != O_RDONLY || (in->flags & O_TRUNC))
		return reply_err(r, -EROFS);
	/* an OPEN the kernel sends again (the server that took it died): the
	 * slot that server may have taken for it, not a second one for ever */
	if (unique & FUSE_UNIQUE_RESEND)
		for (size_t i = 0; i < slots_hi(fs); i++) {
			struct cgk_pvfs_slot *s = &fs->slots[i];

			if (s->used && s->unique == (unique & ~FUSE_UNIQUE_RESEND) &&
			    s->file == (uint32_t)file && s->pid == pid) {
				note_store(fs, ino);
				o = reply_arg(r, sizeof(*o));
				o->fh = (uint64_t)s->gen << 32 | i;
				o->open_flags = FOPEN_DIRECT_IO | FOPEN_NOFLUSH;
				return (ssize_t)r->len;
			}
		}
	key = fs->key ? fs->key(fs->ctx, pid) : 0;
	if (key && fs->open_wait_ms && !fs->no_wait)
		for (size_t i = 0; i < slots_hi(fs); i++) {
			const struct cgk_pvfs_slot *o2 = &fs->slots[i];

			if (o2->used && o2->file == (uint32_t)file && o2->key && o2->key != key &&
			    o2->opened_ms + fs->open_wait_ms > fs->now_ms)
				return -EAGAIN;
		}
	/* a free slot, the lowest: the slots in use stay below slots_hi, and
	 * the scans above short. A handle a dead server gave out for a slot
	 * taken again since does not match it: its generation is bumped. */
	for (size_t i = 0; i < fs->nslots; i++) {
		struct cgk_pvfs_slot *s = &fs->slots[i];

		if (s->used)
			continue;
		if (i + 1 > slots_hi(fs))
			fs->slots_hi = i + 1;
		s->gen++;
		s->file = (uint32_t)file;
		s->len = 0;
		s->have = 0;
		s->big = 0;
		s->pid = pid;
		s->key = key;
		s->opened_ms = fs->now_ms;
		s->unique = unique & ~FUSE_UNIQUE_RESEND;
		__atomic_store_n(&s->used, 1, __ATOMIC_RELEASE);
		if (fs->big) {
			free(fs->big[i]);
			fs->big[i] = NULL;
		}
		note_store(fs, ino);
		o = reply_arg(r, sizeof(*o));
		o->fh = (uint64_t)s->gen << 32 | i;
		/* every read reaches the server: the contents are the
		 * reader's, and the page cache is shared by every reader */
		o->open_flags = FOPEN_DIRECT_IO | FOPEN_NOFLUSH;
		return (ssize_t)r->len;
	}
	return reply_err(r, -ENFILE);
}

/* Make the contents of slot S (index IDX) anew, for reader PID (0: its opener). */
static int snapshot(struct cgk_pvfs *fs, struct cgk_pvfs_slot *s, size_t idx, pid_t pid)
{
	_cleanup_free_ char *text = NULL;
	size_t n = 0;
	int e;

	fs->make_key = pid <= 0 || pid == s->pid ? s->key : 0;
	e = fs->make(fs->ctx, (int)s->file, pid > 0 ? pid : s->pid, &text, &n);
	fs->make_key = 0;

	if (e < 0)
		return e;
	if (n >= CGK_PVFS_OPEN_SIZE)
		return -EFBIG;
	s->have = 0;
	if (n <= CGK_PVFS_SLOT_DATA) {
		memcpy(fs->data + idx * CGK_PVFS_SLOT_DATA, text, n);
		s->big = 0;
	} else {
		if (!fs->big)
			return -EFBIG;
		free(fs->big[idx]);
		fs->big[idx] = TAKE_PTR(text);
		s->big = 1;
	}
	s->len = (uint32_t)n;
	s->have = 1;
	return 0;
}

static ssize_t do_read(struct cgk_pvfs *fs, pid_t pid, const void *arg, size_t len, struct reply *r)
{
	const struct fuse_read_in *in = arg;
	struct cgk_pvfs_slot *s;
	const char *data;
	size_t idx, size, dlen;
	void *o;

	if (len < offsetof(struct fuse_read_in, lock_owner))
		return -EINVAL;
	s = slot_of(fs, in->fh, &idx);
	if (!s)
		return reply_err(r, -EBADF);
	/* made anew at offset 0 (a reader's lseek(0) and read sees the
	 * values of now, as lxcfs does); later offsets read that snapshot,
	 * or a fresh one when the snapshot was lost with a dead server */
	if (in->offset == 0 || !s->have || (s->big && (!fs->big || !fs->big[idx]))) {
		int e = snapshot(fs, s, idx, pid);

		if (e < 0)
			return reply_err(r, e);
	}
	data = s->big ? fs->big[idx] : fs->data + idx * CGK_PVFS_SLOT_DATA;
	dlen = s->len;
	if (in->offset >= dlen)
		return (ssize_t)r->len;
	size = dlen - (size_t)in->offset;
	if (size > in->size)
		size = in->size;
	o = reply_arg(r, size);
	if (!o)
		return reply_err(r, -EIO);
	memcpy(o, data + in->offset, size);
	return (ssize_t)r->len;
}

static ssize_t do_release(struct cgk_pvfs *fs, const void *arg, size_t len, struct reply *r)
{
	const struct fuse_release_in *in = arg;
	struct cgk_pvfs_slot *s;
	size_t idx;

	if (len < sizeof(in->fh))
		return -EINVAL;
	s = slot_of(fs, in->fh, &idx);
	if (s) {
		if (fs->big) {
			free(fs->big[idx]);
			fs->big[idx] = NULL;
		}
		s->have = 0;
		__atomic_store_n(&s->used, 0, __ATOMIC_RELEASE);
		slots_hi_free(fs, idx);
	}
	return (ssize_t)r->len;
}

static ssize_t do_opendir(struct cgk_pvfs *fs, uint64_t ino, struct reply *r)
{
	struct fuse_open_out *o;

	if (!node_of(ino, fs->flags))
		return reply_err(r, -ENOENT);
	if (cgk_pvfs_file_of(ino) != -EISDIR)
		return reply_err(r, -ENOTDIR);
	o = reply_arg(r, sizeof(*o));
	o->fh = 0;		/* directories are read from the table: no state */
	return (ssize_t)r->len;
}

static bool add_dirent(struct reply *r, size_t max, uint64_t ino, uint64_t off,
		       const char *name, unsigned type)
{
	size_t n = strlen(name), sz = FUSE_DIRENT_ALIGN(FUSE_NAME_OFFSET + n);
	struct fuse_dirent *d;

	if (r->len - sizeof(struct fuse_out_header) + sz > max)
		return false;
	d = reply_arg(r, sz);
	if (!d)
		return false;
	d->ino = ino;
	d->off = off;
	d->namelen = (uint32_t)n;
	d->type = type;
	memcpy(d->name, name, n);
	return true;
}

static ssize_t do_readdir(struct cgk_pvfs *fs, uint64_t ino, const void *arg, size_t len,
			  struct reply *r)
{
	const struct fuse_read_in *in = arg;
	const struct node *dir = node_of(ino, fs->flags);
	uint64_t off = 0;

	if (len < offsetof(struct fuse_read_in, lock_owner))
		return -EINVAL;
	if (!dir)
		return reply_err(r, -ENOENT);
	if (dir->file >= 0)
		return reply_err(r, -ENOTDIR);
	/* offsets: 1 after ".", 2 after "..", then 3 + the table index */
	if (in->offset < 1 && !add_dirent(r, in->size, ino, 1, ".", DT_DIR))
		return (ssize_t)r->len;
	if (in->offset < 2 && !add_dirent(r, in->size, dir->parent ? dir->parent : ino, 2, "..", DT_DIR))
		return (ssize_t)r->len;
	for (size_t i = 0; i < ARRAY_SIZE(nodes); i++) {
		off = 3 + i;
		if (nodes[i].parent != ino || (nodes[i].need & ~fs->flags) || off <= in->offset)
			continue;
		if (!add_dirent(r, in->size, i + 1, off, nodes[i].name,
				nodes[i].file >= 0 ? DT_REG : DT_DIR))
			break;
	}
	return (ssize_t)r->len;
}

static ssize_t do_statfs(struct reply *r)
{
	struct fuse_statfs_out *o = reply_arg(r, sizeof(*o));

	o->st.bsize = o->st.frsize = 4096;
	o->st.namelen = 255;
	o->st.files = ARRAY_SIZE(nodes);
	return (ssize_t)r->len;
}

ssize_t cgk_pvfs_handle(struct cgk_pvfs *fs, const void *in, size_t len, void *out, size_t outcap)
{
	const struct fuse_in_header *h = in;
	struct reply r = { .buf = out, .cap = outcap };
	struct fuse_out_header *oh = out;
	const char *arg;
	size_t alen;

	fs->note_len = 0;
	if (len < sizeof(*h) || h->len != len || outcap < 4096)
		return -EINVAL;
	arg = (const char *)in + sizeof(*h);
	alen = len - sizeof(*h);
	memset(oh, 0, sizeof(*oh));
	oh->unique = h->unique;
	r.len = sizeof(*oh);
	switch (h->opcode) {
	case FUSE_FORGET:
	case FUSE_BATCH_FORGET:
		return 0;	/* the nodes are the table's: nothing to forget */
	case FUSE_INTERRUPT:
		return 0;	/* requests are answered at once: nothing to stop */
	}
	if (h->opcode == FUSE_INIT) {
		ssize_t n = do_init(fs, arg, alen, &r);

		if (n > 0)
			((struct fuse_out_header *)out)->len = (uint32_t)n;
		return n;
	}
	if (!fs->inited)
		return reply_err(&r, -EIO);
	switch (h->opcode) {
	case FUSE_LOOKUP:
		return oh->len = (uint32_t)do_entry(fs, h->nodeid, arg, alen, &r), (ssize_t)oh->len;
	case FUSE_GETATTR:
		return oh->len = (uint32_t)do_getattr(fs, h->nodeid, &r), (ssize_t)oh->len;
	case FUSE_OPEN: {
		ssize_t n = do_open(fs, h->nodeid, (pid_t)h->pid, h->unique, arg, alen, &r);

		if (n > 0)
			oh->len = (uint32_t)n;
		return n;
	}
	case FUSE_READ: {
		ssize_t n = do_read(fs, (pid_t)h->pid, arg, alen, &r);

		if (n > 0)
			oh->len = (uint32_t)n;
		return n;
	}
	case FUSE_RELEASE:
	case FUSE_RELEASEDIR: {
		ssize_t n = h->opcode == FUSE_RELEASE ? do_release(fs, arg, alen, &r) : (ssize_t)r.len;

		if (n > 0)
			oh->len = (uint32_t)n;
		return n;
	}
	case FUSE_OPENDIR:
		return oh->len = (uint32_t)do_opendir(fs, h->nodeid, &r), (ssize_t)oh->len;
	case FUSE_READDIR: {
		ssize_t n = do_readdir(fs, h->nodeid, arg, alen, &r);

		if (n > 0)
			oh->len = (uint32_t)n;
		return n;
	}
	case FUSE_STATFS:
		return oh->len = (uint32_t)do_statfs(&r), (ssize_t)oh->len;
	case FUSE_ACCESS: {
		const struct fuse_access_in *a = (const void *)arg;

		if (alen < sizeof(*a))
			return -EINVAL;
		if (!node_of(h->nodeid, fs->flags))
			return reply_err(&r, -ENOENT);
		return (a->mask & W_OK) ? reply_err(&r, -EROFS) : (oh->len = (uint32_t)r.len, (ssize_t)r.len);
	}
	case FUSE_FLUSH:
	case FUSE_FSYNC:
	case FUSE_FSYNCDIR:
		oh->len = (uint32_t)r.len;
		return (ssize_t)r.len;
	case FUSE_DESTROY:
		fs->destroyed = true;
		oh->len = (uint32_t)r.len;
		return (ssize_t)r.len;
	case FUSE_SETATTR: case FUSE_MKNOD: case FUSE_MKDIR: case FUSE_UNLINK:
	case FUSE_RMDIR: case FUSE_RENAME: case FUSE_RENAME2: case FUSE_LINK:
	case FUSE_SYMLINK: case FUSE_WRITE: case FUSE_CREATE: case FUSE_SETXATTR:
	case FUSE_REMOVEXATTR: case FUSE_FALLOCATE: case FUSE_COPY_FILE_RANGE:
	case FUSE_TMPFILE:
		return reply_err(&r, -EROFS);
	default:
		return reply_err(&r, -ENOSYS);
	}
}

void cgk_pvfs_done(struct cgk_pvfs *fs)
{
	if (!fs || !fs->big)
		return;
	for (size_t i = 0; i < fs->nslots; i++)
		free(fs->big[i]);
	free(fs->big);
	fs->big = NULL;
}
