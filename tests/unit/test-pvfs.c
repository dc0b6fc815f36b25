/* SPDX-License-Identifier: MIT */
/* test-pvfs - procview --mount's tree: path lookup and the FUSE requests it answers */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <linux/fuse.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pvfs.h"
#include "util.h"

static void test_path(void **state)
{
	static const struct { const char *path; unsigned flags; int file; int rc; } t[] = {
		{ "proc/meminfo", 0, CGK_PVFS_MEMINFO, 0 },
		{ "proc/slabinfo", 0, CGK_PVFS_SLABINFO, 0 },
		{ "sys/devices/system/cpu/online", 0, CGK_PVFS_ONLINE, 0 },
		{ "proc/pressure/io", CGK_PVFS_PSI, CGK_PVFS_PSI_IO, 0 },
		{ "proc/pressure/io", 0, -1, -ENOENT },		/* without PSI: no such dir */
		{ "proc/pressure", 0, -1, -ENOENT },
		{ "proc", 0, -1, 2 },
		{ "", 0, -1, CGK_PVFS_ROOT },
		{ "proc/../proc/stat", 0, -1, -ENOENT },
		{ "proc/./stat", 0, -1, -ENOENT },
		{ "/proc/stat", 0, -1, -EINVAL },
		{ "proc//stat", 0, -1, -EINVAL },
		{ "proc/stat/", 0, -1, -EINVAL },
		{ "proc/meminfo/x", 0, -1, -ENOTDIR },
		{ "proc/self", 0, -1, -ENOENT },
		{ "proc/Meminfo", 0, -1, -ENOENT },
		{ "proc/meminf", 0, -1, -ENOENT },
		{ "sys/devices/system/cpu/cpu0", 0, -1, -ENOENT },
	};

	(void) state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		int ino = cgk_pvfs_path(t[i].path, t[i].flags);

		if (t[i].file >= 0) {
			assert_true(ino > 0);
			assert_int_equal(cgk_pvfs_file_of((uint64_t)ino), t[i].file);
			assert_string_equal(cgk_pvfs_file_path(t[i].file), t[i].path);
		} else {
			assert_int_equal(ino, t[i].rc);
		}
	}
	/* every file's path leads back to it */
	for (int f = 0; f < CGK_PVFS_NFILES; f++) {
		int ino = cgk_pvfs_path(cgk_pvfs_file_path(f), CGK_PVFS_PSI);

		assert_true(ino > 0);
		assert_int_equal(cgk_pvfs_file_of((uint64_t)ino), f);
	}
	assert_null(cgk_pvfs_file_path(CGK_PVFS_NFILES));
	assert_int_equal(cgk_pvfs_file_of(CGK_PVFS_ROOT), -EISDIR);
	assert_int_equal(cgk_pvfs_file_of(999), -ENOENT);
}

/* ---- requests ---- */

static int made;

static uint64_t make_key_seen;

static int make(void *ctx, int file, pid_t pid, char **ret, size_t *ret_len)
{
	if (ctx)
		make_key_seen = ((const struct cgk_pvfs *)ctx)->make_key;
	made++;
	if (asprintf(ret, "file %d for %d, made %d\n", file, (int)pid, made) < 0)
		return -ENOMEM;
	*ret_len = strlen(*ret);
	return 0;
}

static uint64_t key(void *ctx, pid_t pid)
{
	(void) ctx;
	return (uint64_t)pid / 100;	/* pids 100..199: one container, 200..: another */
}

static struct cgk_pvfs_slot slots[4];
static char sdata[4 * CGK_PVFS_SLOT_DATA];
static char *big[4];
static char out[CGK_PVFS_OUT_MAX];
static uint64_t uniq = 42;

/* Send request OP on NODE from PID with ARG; the reply's error (or -EAGAIN, 1 for none). */
static int req(struct cgk_pvfs *fs, uint32_t op, uint64_t node, pid_t pid, const void *arg,
	       size_t alen, size_t *ret_len)
{
	char in[512];
	struct fuse_in_header *h = (void *)in;
	ssize_t n;

	memset(in, 0, sizeof(*h));
	h->len = (uint32_t)(sizeof(*h) + alen);
	h->opcode = op;
	h->unique = uniq;
	h->nodeid = node;
	h->pid = (uint32_t)pid;
	memcpy(in + sizeof(*h), arg, alen);
	n = cgk_pvfs_handle(fs, in, h->len, out, sizeof(out));
	if (n == -EAGAIN || n == 0)
		return n == 0 ? 1 : -EAGAIN;
	assert_true(n >= (ssize_t)sizeof(struct fuse_out_header));
	assert_int_equal(((struct fuse_out_header *)out)->len, n);
	assert_int_equal(((struct fuse_out_header *)out)->unique, uniq);
	if (ret_len)
		*ret_len = (size_t)n - sizeof(struct fuse_out_header);
	return ((struct fuse_out_header *)out)->error;
}

static void test_requests(void **state)
{
	struct cgk_pvfs fs = { .make = make, .key = key, .open_wait_ms = 200,
			       .slots = slots, .nslots = 4, .data = sdata, .big = big };
	struct fuse_init_in init = { .major = 7, .minor = 38, .max_readahead = 65536 };
	struct fuse_open_in oin = { .flags = O_RDONLY };
	struct fuse_read_in rin = { .size = 4096 };
	struct fuse_release_in rel = { 0 };
	int meminfo = cgk_pvfs_path("proc/meminfo", 0);
	uint64_t fh, fh2;
	size_t len;
	char first[128];

	(void) state;
	/* nothing before INIT */
	assert_int_equal(req(&fs, FUSE_LOOKUP, 1, 100, "proc", 5, NULL), -EIO);
	assert_int_equal(req(&fs, FUSE_INIT, 0, 0, &init, sizeof(init), &len), 0);
	assert_int_equal(len, sizeof(struct fuse_init_out));
	assert_int_equal(((struct fuse_init_out *)(out + sizeof(struct fuse_out_header)))->minor, 38);
	assert_true(fs.inited);
	/* lookups: exact names, NUL-terminated */
	assert_int_equal(req(&fs, FUSE_LOOKUP, 1, 100, "proc", 5, NULL), 0);
	assert_int_equal(((struct fuse_entry_out *)(out + sizeof(struct fuse_out_header)))->nodeid, 2);
	assert_int_equal(req(&fs, FUSE_LOOKUP, 2, 100, "..", 3, NULL), -ENOENT);
	assert_int_equal(req(&fs, FUSE_LOOKUP, 2, 100, "meminfo", 7, NULL), -EINVAL);	/* no NUL */
	/* read-only */
	assert_int_equal(req(&fs, FUSE_MKDIR, 2, 100, "x\0", 2, NULL), -EROFS);
	oin.flags = O_RDWR;
	assert_int_equal(req(&fs, FUSE_OPEN, (uint64_t)meminfo, 100, &oin, sizeof(oin), NULL), -EROFS);
	oin.flags = O_RDONLY | O_TRUNC;
	assert_int_equal(req(&fs, FUSE_OPEN, (uint64_t)meminfo, 100, &oin, sizeof(oin), NULL), -EROFS);
	oin.flags = O_RDONLY;
	assert_int_equal(req(&fs, FUSE_OPEN, 2, 100, &oin, sizeof(oin), NULL), -EISDIR);
	/* open, read at 0 (made), at 5 (the same text), at 0 again (made anew) */
	assert_int_equal(req(&fs, FUSE_OPEN, (uint64_t)meminfo, 100, &oin, sizeof(oin), NULL), 0);
	fh = ((struct fuse_open_out *)(out + sizeof(struct fuse_out_header)))->fh;
	assert_int_equal(((struct fuse_open_out *)(out + sizeof(struct fuse_out_header)))->open_flags,
			 FOPEN_DIRECT_IO | FOPEN_NOFLUSH);
	assert_int_not_equal(fs.note_len, 0);	/* the size for splice */
	/* the same OPEN resent (its server died before the reply): the same slot */
	uniq = 42 | 1ULL << 63;
	assert_int_equal(req(&fs, FUSE_OPEN, (uint64_t)meminfo, 100, &oin, sizeof(oin), NULL), 0);
	assert_int_equal(((struct fuse_open_out *)(out + sizeof(struct fuse_out_header)))->fh, fh);
	uniq = 43;
	rin.fh = fh;
	assert_int_equal(req(&fs, FUSE_READ, (uint64_t)meminfo, 100, &rin, sizeof(rin), &len), 0);
	memcpy(first, out + sizeof(struct fuse_out_header), len);
	first[len] = '\0';
	assert_string_equal(first, "file 0 for 100, made 1\n");
	rin.offset = 5;
	assert_int_equal(req(&fs, FUSE_READ, (uint64_t)meminfo, 100, &rin, sizeof(rin), &len), 0);
	assert_int_equal(len, strlen(first) - 5);
	assert_memory_equal(out + sizeof(struct fuse_out_header), first + 5, len);
	rin.offset = 1000;
	assert_int_equal(req(&fs, FUSE_READ, (uint64_t)meminfo, 100, &rin, sizeof(rin), &len), 0);
	assert_int_equal(len, 0);
	/* a server started anew (its own private state gone, the shared table kept) */
	fs.inited = false;
	fs.big = NULL;
	fs.inited = true;
	rin.offset = 5;
	assert_int_equal(req(&fs, FUSE_READ, (uint64_t)meminfo, 100, &rin, sizeof(rin), &len), 0);
	assert_memory_equal(out + sizeof(struct fuse_out_header), first + 5, len);
	fs.big = big;
	/* another container's open waits while the first is open (200 ms) */
	fs.now_ms = 100;
	assert_int_equal(req(&fs, FUSE_OPEN, (uint64_t)meminfo, 200, &oin, sizeof(oin), NULL), -EAGAIN);
	/* the same container does not wait; nor another after 200 ms */
	assert_int_equal(req(&fs, FUSE_OPEN, (uint64_t)meminfo, 150, &oin, sizeof(oin), NULL), 0);
	fh2 = ((struct fuse_open_out *)(out + sizeof(struct fuse_out_header)))->fh;
	fs.now_ms = 1000;
	assert_int_equal(req(&fs, FUSE_OPEN, (uint64_t)meminfo, 200, &oin, sizeof(oin), NULL), 0);
	/* GETATTR: 16 MiB while open */
	assert_int_equal(req(&fs, FUSE_GETATTR, (uint64_t)meminfo, 100, &(struct fuse_getattr_in){ 0 },
			     sizeof(struct fuse_getattr_in), NULL), 0);
	assert_int_equal(((struct fuse_attr_out *)(out + sizeof(struct fuse_out_header)))->attr.size,
			 CGK_PVFS_OPEN_SIZE);
	/* the table is full (4 slots, 3 open, one more) then ENFILE; the
	 * first container's open waits for the second's 200 ms first */
	assert_int_equal(req(&fs, FUSE_OPEN, (uint64_t)meminfo, 100, &oin, sizeof(oin), NULL), -EAGAIN);
	fs.now_ms = 2000;
	assert_int_equal(req(&fs, FUSE_OPEN, (uint64_t)meminfo, 100, &oin, sizeof(oin), NULL), 0);
	assert_int_equal(req(&fs, FUSE_OPEN, (uint64_t)meminfo, 100, &oin, sizeof(oin), NULL), -ENFILE);
	/* release: the handle is stale after */
	rel.fh = fh;
	assert_int_equal(req(&fs, FUSE_RELEASE, (uint64_t)meminfo, 100, &rel, sizeof(rel), NULL), 0);
	rin.fh = fh;
	assert_int_equal(req(&fs, FUSE_READ, (uint64_t)meminfo, 100, &rin, sizeof(rin), NULL), -EBADF);
	rin.fh = fh2;
	rin.offset = 0;
	assert_int_equal(req(&fs, FUSE_READ, (uint64_t)meminfo, 150, &rin, sizeof(rin), NULL), 0);
	/* no reply to FORGET and INTERRUPT; unknown operations: ENOSYS */
	assert_int_equal(req(&fs, FUSE_FORGET, (uint64_t)meminfo, 0, &(uint64_t){ 1 }, 8, NULL), 1);
	assert_int_equal(req(&fs, FUSE_INTERRUPT, 0, 0, &(uint64_t){ 42 }, 8, NULL), 1);
	assert_int_equal(req(&fs, FUSE_GETLK, (uint64_t)meminfo, 100, "", 0, NULL), -ENOSYS);
	cgk_pvfs_done(&(struct cgk_pvfs){ .nslots = 4, .big = NULL });
	for (size_t i = 0; i < 4; i++)
		free(big[i]);
}

static void test_readdir(void **state)
{
	struct cgk_pvfs fs = { .make = make, .slots = slots, .nslots = 4, .data = sdata,
			       .inited = true, .flags = CGK_PVFS_PSI };
	struct fuse_read_in rin = { .size = 4096 };
	char names[512] = "";
	size_t len, off = 0;

	(void) state;
	assert_int_equal(req(&fs, FUSE_READDIR, 2, 100, &rin, sizeof(rin), &len), 0);
	while (off < len) {
		const struct fuse_dirent *d = (const void *)(out + sizeof(struct fuse_out_header) + off);

		strncat(names, d->name, d->namelen);
		strcat(names, " ");
		off += FUSE_DIRENT_SIZE(d);
	}
	assert_string_equal(names, ". .. pressure meminfo cpuinfo stat uptime loadavg swaps diskstats slabinfo ");
	/* from an offset: what follows it */
	rin.offset = 3 + 7;	/* after "meminfo" (table index 7) */
	assert_int_equal(req(&fs, FUSE_READDIR, 2, 100, &rin, sizeof(rin), &len), 0);
	assert_int_equal(strncmp(((const struct fuse_dirent *)(out + sizeof(struct fuse_out_header)))->name,
				 "cpuinfo", 7), 0);
	assert_int_equal(req(&fs, FUSE_READDIR, 8, 100, &rin, sizeof(rin), NULL), -ENOTDIR);
}

/*
 * Slots are taken lowest first (the scans stop at the highest in use), a
 * slot taken again has a new generation (the old handle is stale), and
 * make learns the reader's key from the handle when the opener reads.
 */
static void test_slots(void **state)
{
	static struct cgk_pvfs_slot sl[4];
	static char sd[4 * CGK_PVFS_SLOT_DATA];
	struct cgk_pvfs fs = { .make = make, .key = key, .slots = sl, .nslots = 4, .data = sd,
			       .inited = true };
	struct fuse_open_in oin = { .flags = O_RDONLY };
	struct fuse_read_in rin = { .size = 4096 };
	struct fuse_release_in rel = { 0 };
	uint64_t meminfo = (uint64_t)cgk_pvfs_path("proc/meminfo", 0), fh[3];

	(void) state;
	fs.ctx = &fs;
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(req(&fs, FUSE_OPEN, meminfo, 100, &oin, sizeof(oin), NULL), 0);
		fh[i] = ((struct fuse_open_out *)(out + sizeof(struct fuse_out_header)))->fh;
		assert_int_equal(fh[i] & 0xffffffffu, i);
	}
	assert_int_equal(fs.slots_hi, 3);
	/* the middle one released: the next open takes it, a new generation */
	rel.fh = fh[1];
	assert_int_equal(req(&fs, FUSE_RELEASE, meminfo, 100, &rel, sizeof(rel), NULL), 0);
	assert_int_equal(fs.slots_hi, 3);
	assert_int_equal(req(&fs, FUSE_OPEN, meminfo, 150, &oin, sizeof(oin), NULL), 0);
	rin.fh = ((struct fuse_open_out *)(out + sizeof(struct fuse_out_header)))->fh;
	assert_int_equal(rin.fh & 0xffffffffu, 1);
	assert_int_not_equal(rin.fh, fh[1]);
	/* its opener reads: make is told its key; another reader: not */
	make_key_seen = 0;
	assert_int_equal(req(&fs, FUSE_READ, meminfo, 150, &rin, sizeof(rin), NULL), 0);
	assert_int_equal(make_key_seen, 1);
	make_key_seen = 7;
	assert_int_equal(req(&fs, FUSE_READ, meminfo, 160, &rin, sizeof(rin), NULL), 0);
	assert_int_equal(make_key_seen, 0);
	assert_int_equal(fs.make_key, 0);
	rin.fh = fh[1];
	assert_int_equal(req(&fs, FUSE_READ, meminfo, 100, &rin, sizeof(rin), NULL), -EBADF);
	/* the highest ones released: the mark comes down past the free ones */
	rel.fh = fh[2];
	assert_int_equal(req(&fs, FUSE_RELEASE, meminfo, 100, &rel, sizeof(rel), NULL), 0);
	assert_int_equal(fs.slots_hi, 2);
	/* a server started anew finds the mark in the table */
	fs.slots_hi_ok = false;
	fs.slots_hi = 0;
	assert_int_equal(req(&fs, FUSE_GETATTR, meminfo, 100, &(struct fuse_getattr_in){ 0 },
			     sizeof(struct fuse_getattr_in), NULL), 0);
	assert_int_equal(((struct fuse_attr_out *)(out + sizeof(struct fuse_out_header)))->attr.size,
			 CGK_PVFS_OPEN_SIZE);
	assert_int_equal(fs.slots_hi, 2);
	cgk_pvfs_done(&fs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_path),
		cmocka_unit_test(test_requests),
		cmocka_unit_test(test_readdir),
		cmocka_unit_test(test_slots),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
