/* SPDX-License-Identifier: MIT */
/* util - small helpers shared by every module: cleanup, bounded reads, numbers */
#ifndef CGK_UTIL_H
#define CGK_UTIL_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define CGK_READ_MAX (64 * 1024)	/* bound on any kernel file we read */

static inline void cgk_freep(void *p) { free(*(void **)p); }
static inline void cgk_closep(int *fd)
{
	if (*fd >= 0) {
		int e = errno;
		close(*fd);
		errno = e;
	}
}
#define _cleanup_(f) __attribute__((cleanup(f)))
#define _cleanup_free_ _cleanup_(cgk_freep)
#define _cleanup_close_ _cleanup_(cgk_closep)
/* Take ownership out of a cleanup variable. */
#define TAKE_PTR(p) ({ __typeof__(p) _t = (p); (p) = NULL; _t; })
#define TAKE_FD(fd) ({ int _t = (fd); (fd) = -EBADF; _t; })

static inline bool streq(const char *a, const char *b) { return strcmp(a, b) == 0; }

/*
 * Read FILE below DIRFD (O_NOFOLLOW) into a NUL-terminated malloc'd buffer of
 * at most CGK_READ_MAX bytes. Returns 0 and sets *ret_buf, *ret_len (may be
 * NULL), or -errno; -EFBIG when the file is larger than the bound.
 */
int cgk_read_at(int dirfd, const char *file, char **ret_buf, size_t *ret_len);

/* cgk_read_at with a bound of MAX bytes instead of CGK_READ_MAX (mountinfo). */
int cgk_read_at_max(int dirfd, const char *file, size_t max, char **ret_buf,
		    size_t *ret_len);

/* Same as cgk_read_at into a caller buffer of SIZE bytes; returns length or -errno. */
ssize_t cgk_read_at_buf(int dirfd, const char *file, char *buf, size_t size);

/* Write all N bytes of BUF to FD. 0 or -errno. */
int cgk_write_all(int fd, const void *buf, size_t n);

/* pread(2) again after EINTR: the count, or -errno. */
ssize_t cgk_pread(int fd, void *buf, size_t n, off_t off);
/*
 * What the open file FD holds from offset 0, as cgk_read_at_max reads a
 * file by name: malloc'd and NUL-terminated in *RET_BUF, its length in
 * *RET_LEN (may be NULL); -EFBIG beyond MAX bytes. With SINGLE the first
 * short read ends it: a kernel file (a cgroup file, most of /proc) gives
 * its record in one read. 0 or -errno.
 */
int cgk_pread_all(int fd, size_t max, bool single, char **ret_buf, size_t *ret_len);

/*
 * Parse a decimal unsigned number in BUF[0..LEN) (surrounding blanks and one
 * trailing newline allowed). 0 and *ret, -EINVAL if not a number, -ERANGE on
 * overflow; *ret untouched on error.
 */
int cgk_parse_u64(const char *buf, size_t len, uint64_t *ret);
/* Signed variant. */
int cgk_parse_s64(const char *buf, size_t len, int64_t *ret);

/* "key value\n" lines; exact key; -ENOENT if absent. */
int cgk_keyed_u64(const char *buf, size_t len, const char *key, uint64_t *ret);

/* Growable array: ensure room for N+1 items of SIZE in *P (capacity *CAP). */
int cgk_grow(void **p, size_t *cap, size_t n, size_t size);

/* Duplicate LEN bytes of S as a NUL-terminated string, or NULL. */
char *cgk_strndup(const char *s, size_t len);

/* True when S[0..LEN) is LEN lowercase hex digits. */
bool cgk_is_hex(const char *s, size_t len);

/* Free a NULL-terminated array of malloc'd strings, and the array. NULL is fine. */
void cgk_strv_free(char **v);

/*
 * Split /proc/PID/cmdline bytes (NUL-separated, NUL-terminated) into at
 * most MAX pointers into CMDLINE. The count, or 0 when CMDLINE is empty or
 * not NUL-terminated.
 */
size_t cgk_argv_split(const char *cmdline, size_t len, const char **argv, size_t max);

#endif
