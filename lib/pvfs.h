/* SPDX-License-Identifier: MIT */
/* pvfs - procview's read-only FUSE tree (lxcfs's layout): path lookup and the FUSE protocol, no I/O */
#ifndef CGK_PVFS_H
#define CGK_PVFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * The files of the tree, in lxcfs's layout below the mount point:
 * proc/{meminfo,cpuinfo,stat,uptime,loadavg,swaps,diskstats,slabinfo},
 * proc/pressure/{cpu,io,memory} (only with CGK_PVFS_PSI) and
 * sys/devices/system/cpu/online.
 */
enum cgk_pvfs_file {
	CGK_PVFS_MEMINFO, CGK_PVFS_CPUINFO, CGK_PVFS_STAT, CGK_PVFS_UPTIME,
	CGK_PVFS_LOADAVG, CGK_PVFS_SWAPS, CGK_PVFS_DISKSTATS, CGK_PVFS_SLABINFO,
	CGK_PVFS_ONLINE, CGK_PVFS_PSI_CPU, CGK_PVFS_PSI_IO, CGK_PVFS_PSI_MEMORY,
	CGK_PVFS_NFILES
};

#define CGK_PVFS_PSI	0x1	/* serve proc/pressure (the kernel has PSI per cgroup) */

/* Inode numbers: the root is FUSE's 1; nodes are numbered in table order. */
#define CGK_PVFS_ROOT	1

/*
 * The node NAME[0..LEN) in directory PARENT: its inode number, or -ENOENT
 * (no such name, or a name of a part FLAGS leaves out), -ENOTDIR (PARENT is
 * a file or unknown). Names are matched exactly: no ".", "..", "/" or NUL
 * ever matches.
 */
int cgk_pvfs_lookup(uint64_t parent, const char *name, size_t len, unsigned flags);

/*
 * The inode of the relative PATH ("proc/meminfo", "sys/devices/system/cpu/online",
 * "" for the root; one '/' between components, none leading or trailing),
 * or -ENOENT, -ENOTDIR, -EINVAL for an empty component.
 */
int cgk_pvfs_path(const char *path, unsigned flags);

/* The file an inode serves (enum cgk_pvfs_file), or -EISDIR, -ENOENT. */
int cgk_pvfs_file_of(uint64_t ino);

/* The path of FILE below the mount point ("proc/meminfo"), NULL if out of range. */
const char *cgk_pvfs_file_path(int file);

/*
 * What the server does with the contents: make the text of FILE for the
 * reader whose pid (in the server's PID namespace) is PID. 0 and a malloc'd
 * *RET of *RET_LEN bytes, or -errno (the reader gets that error).
 */
typedef int (*cgk_pvfs_make_fn)(void *ctx, int file, pid_t pid, char **ret, size_t *ret_len);

/*
 * An open file's snapshot lives in a slot of a table the caller maps shared
 * (memfd), so that a server started anew on the same connection finds the
 * files the dead one opened: FUSE file handles index this table.
 */
#define CGK_PVFS_SLOT_DATA	(60 * 1024)
struct cgk_pvfs_slot {
	uint32_t gen;		/* bumped at each open: stale handles do not match */
	uint32_t used;		/* 1 while open */
	uint32_t file;
	uint32_t len;		/* bytes of its data valid; with big: the data is elsewhere */
	uint32_t have;		/* data holds a snapshot (made at offset 0) */
	uint32_t big;		/* snapshot larger than SLOT_DATA: kept by the server alone */
	pid_t pid;		/* the opener */
	uint32_t pad;
	uint64_t key;		/* the opener's container (cgk_pvfs.key) */
	uint64_t opened_ms;	/* when (cgk_pvfs.now_ms) */
	uint64_t unique;	/* the OPEN's request id: a resent OPEN finds its slot */
};
#define CGK_PVFS_SLOTS_DEFAULT	4096

/*
 * The size an open file's inode gets (FUSE_NOTIFY_STORE of one byte at
 * its end, dropped again by the open): reads through the page cache
 * (splice, sendfile) stop at the short read, not at a size an earlier
 * reader's shorter contents left. The largest view is smaller.
 */
#define CGK_PVFS_OPEN_SIZE	(16u << 20)

/* What FUSE_INIT agreed, passed on to a server that takes over the connection. */
struct cgk_pvfs_init {
	uint32_t major, minor;
	uint32_t max_readahead;
	uint32_t flags;
};

struct cgk_pvfs {
	cgk_pvfs_make_fn make;
	void *ctx;
	unsigned flags;			/* CGK_PVFS_PSI */
	struct cgk_pvfs_slot *slots;	/* NSLOTS, shared */
	char *data;			/* NSLOTS * CGK_PVFS_SLOT_DATA, shared */
	size_t nslots;
	char **big;			/* NSLOTS private pointers, for snapshots over SLOT_DATA */
	bool inited;			/* FUSE_INIT seen (or adopted) */
	bool destroyed;			/* FUSE_DESTROY seen */
	struct cgk_pvfs_init init;
	int64_t mtime;			/* seconds, for the attributes */
	/*
	 * The page cache of an inode is one for all its readers: an open of a
	 * file by another container than one that opened it less than
	 * OPEN_WAIT_MS ago waits (cgk_pvfs_handle returns -EAGAIN; the caller
	 * answers it again later, with NO_WAIT set once that time has passed),
	 * so that a splice of one does not read the other's pages. KEY gives
	 * a reader's container (0: unknown, waits for nothing); NOW_MS is the
	 * caller's clock.
	 */
	uint64_t (*key)(void *ctx, pid_t pid);
	uint64_t now_ms;
	unsigned open_wait_ms;
	bool no_wait;
	/*
	 * While MAKE runs: the reader's KEY when the handle already holds it
	 * (the reader is the one that opened the file), else 0; so that MAKE
	 * need not find it again.
	 */
	uint64_t make_key;
	/*
	 * Private: one past the highest slot in use (open), so that a request
	 * looks at the slots in use and not at the whole table; slots are
	 * taken lowest first. Found from the table at the first request.
	 */
	size_t slots_hi;
	bool slots_hi_ok;
	/* a notification to write before the reply (cgk_pvfs_handle sets it) */
	_Alignas(8) char note[64];
	size_t note_len;
};

/*
 * Answer the FUSE request IN[0..LEN) (a whole message as read from
 * /dev/fuse). The reply goes to OUT (OUTCAP bytes, at least 4096 plus the
 * largest read the connection sends: 128 KiB + 4096 is enough); returns its
 * length, 0 when the request takes no reply (FORGET, BATCH_FORGET,
 * INTERRUPT), -EAGAIN for an open that must wait (see open_wait_ms), or
 * -EINVAL for a message too short or malformed to answer.
 * Read-only: writes, creates, renames, links and attribute changes get
 * EROFS, opens for writing EROFS, other operations ENOSYS. Before
 * FUSE_INIT (unless fs->inited was set, for a server taking over) every
 * other request gets EIO. When fs->note_len is not 0 after the call,
 * fs->note holds a notification to write to the connection before the reply.
 */
ssize_t cgk_pvfs_handle(struct cgk_pvfs *fs, const void *in, size_t len, void *out,
			size_t outcap);

/* The reply buffer cgk_pvfs_handle needs. */
#define CGK_PVFS_OUT_MAX	(128 * 1024 + 4096)
/* The request buffer /dev/fuse needs (read(2) of a smaller one fails). */
#define CGK_PVFS_IN_MAX		(128 * 1024 + 4096)

/* Free the private snapshots of FS (not the shared table). */
void cgk_pvfs_done(struct cgk_pvfs *fs);

#endif
