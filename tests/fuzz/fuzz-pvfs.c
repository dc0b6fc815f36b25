/* SPDX-License-Identifier: MIT */
/* fuzz-pvfs - procview --mount's path lookup and FUSE request handling (lib/pvfs) */
#include <errno.h>
#include <linux/fuse.h>
#include <stdbool.h>

#include "fuzz.h"
#include "pvfs.h"
#include "util.h"

#define NSLOTS 8

/* The contents of every file: a short text, longer than a slot for file 1 */
static int make(void *ctx, int file, pid_t pid, char **ret, size_t *ret_len)
{
	size_t n = file == 1 ? CGK_PVFS_SLOT_DATA + 100 : 40;
	char *p;

	(void) ctx;
	if (pid == 7)
		return -EIO;
	p = fuzz_xmalloc(n);
	memset(p, 'a' + file, n);
	*ret = p;
	*ret_len = n;
	return 0;
}

static uint64_t key(void *ctx, pid_t pid)
{
	(void) ctx;
	return (uint64_t)pid % 3;
}

/*
 * Mode 1 (first byte odd): the rest is a path. cgk_pvfs_path finds a file
 * only for the exact path cgk_pvfs_file_path gives it, and nothing for a
 * path with "", "." or ".." components. Mode 0: the rest is a stream of
 * FUSE requests (each header's len taken from the data, capped by what is
 * left) answered by cgk_pvfs_handle: a reply is within the buffer, its
 * header says its length and echoes the request's unique, its error is 0
 * or a -errno.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct cgk_pvfs_slot slots[NSLOTS];
	static char sdata[NSLOTS * CGK_PVFS_SLOT_DATA];
	static char *big[NSLOTS];
	unsigned flags;

	if (size < 1)
		return 0;
	flags = data[0] >> 1 & CGK_PVFS_PSI;
	if (data[0] & 1) {
		char *path = fuzz_str(data + 1, size - 1);
		int ino = cgk_pvfs_path(path, flags), f;

		if (ino > 0 && (f = cgk_pvfs_file_of((uint64_t)ino)) >= 0)
			FUZZ_ASSERT(streq(cgk_pvfs_file_path(f), path));
		if (strstr(path, "//") || path[0] == '/' || streq(path, ".") ||
		    strstr(path, "/./") || strstr(path, "..") ||
		    (*path && path[strlen(path) - 1] == '/'))
			FUZZ_ASSERT(ino < 0);
		if (ino == CGK_PVFS_ROOT)
			FUZZ_ASSERT(!*path);
		free(path);
		return 0;
	}
	{
		struct cgk_pvfs fs = {
			.make = make, .key = key, .open_wait_ms = (data[0] & 4) ? 200 : 0,
			.flags = flags, .slots = slots, .nslots = NSLOTS, .data = sdata,
			.big = big, .inited = data[0] & 8,
		};
		char *out = fuzz_xmalloc(CGK_PVFS_OUT_MAX);
		size_t off = 1;

		memset(slots, 0, sizeof(slots));
		while (off < size) {
			size_t left = size - off, len;
			struct fuse_in_header h;
			char *msg;
			ssize_t n;

			if (left < sizeof(h)) {
				len = left;
			} else {
				memcpy(&h, data + off, sizeof(h));
				len = h.len < sizeof(h) ? sizeof(h) : h.len > left ? left : h.len;
			}
			msg = fuzz_dup(data + off, len);
			if (len >= sizeof(h))
				((struct fuse_in_header *)msg)->len = (uint32_t)len;
			fs.now_ms += 50;
			fs.no_wait = len & 1;
			n = cgk_pvfs_handle(&fs, msg, len, out, CGK_PVFS_OUT_MAX);
			FUZZ_ASSERT(n == 0 || n == -EINVAL || n == -EAGAIN || n > 0);
			if (len < sizeof(h))
				FUZZ_ASSERT(n == -EINVAL);
			if (n > 0) {
				const struct fuse_out_header *o = (const void *)out;

				FUZZ_ASSERT((size_t)n <= CGK_PVFS_OUT_MAX);
				FUZZ_ASSERT(o->len == (uint32_t)n);
				FUZZ_ASSERT(o->unique == ((struct fuse_in_header *)msg)->unique);
				FUZZ_ASSERT(o->error <= 0 && o->error > -4096);
				FUZZ_ASSERT(o->error == 0 || (size_t)n == sizeof(*o));
			}
			if (fs.note_len)
				FUZZ_ASSERT(n > 0 && fs.note_len <= sizeof(fs.note));
			free(msg);
			off += len;
		}
		for (size_t i = 0; i < NSLOTS; i++) {
			free(big[i]);
			big[i] = NULL;
		}
		free(out);
	}
	return 0;
}
