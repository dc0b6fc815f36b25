/* SPDX-License-Identifier: MIT */
/* util - small helpers shared by every module: cleanup, bounded reads, numbers */
#include <fcntl.h>
#include <limits.h>

#include "util.h"

/* The buffer is full: only the end of the file may follow. 0, -EFBIG or -errno. */
static int at_end(int fd)
{
	ssize_t r;
	char c;

	while ((r = read(fd, &c, 1)) < 0 && errno == EINTR)
		;
	if (r < 0)
		return -errno;
	return r > 0 ? -EFBIG : 0;
}

ssize_t cgk_read_at_buf(int dirfd, const char *file, char *buf, size_t size)
{
	_cleanup_close_ int fd = -EBADF;
	size_t n = 0;

	if (size == 0)
		return -EINVAL;
	fd = openat(dirfd, file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return -errno;
	for (;;) {
		ssize_t r = read(fd, buf + n, size - 1 - n);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (r == 0)
			break;
		n += r;
		if (n == size - 1) {
			r = at_end(fd);
			if (r < 0)
				return r;
			break;
		}
	}
	buf[n] = '\0';
	return n;
}

int cgk_read_at(int dirfd, const char *file, char **ret_buf, size_t *ret_len)
{
	return cgk_read_at_max(dirfd, file, CGK_READ_MAX, ret_buf, ret_len);
}

int cgk_read_at_max(int dirfd, const char *file, size_t max, char **ret_buf,
		    size_t *ret_len)
{
	_cleanup_close_ int fd = -EBADF;

	fd = openat(dirfd, file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return -errno;
	return cgk_pread_all(fd, max, false, ret_buf, ret_len);
}

int cgk_write_all(int fd, const void *buf, size_t n)
{
	const char *p = buf;

	while (n > 0) {
		ssize_t r = write(fd, p, n);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += r;
		n -= r;
	}
	return 0;
}

static void trim(const char **b, const char **e)
{
	while (*b < *e && (**b == ' ' || **b == '\t'))
		(*b)++;
	if (*b < *e && (*e)[-1] == '\n')
		(*e)--;
	while (*b < *e && ((*e)[-1] == ' ' || (*e)[-1] == '\t'))
		(*e)--;
}

int cgk_parse_u64(const char *buf, size_t len, uint64_t *ret)
{
	const char *p = buf, *e = buf + len;
	uint64_t v = 0;

	trim(&p, &e);
	if (p == e)
		return -EINVAL;
	/* garbage is -EINVAL even when its digits overflow first */
	for (const char *q = p; q < e; q++)
		if (*q < '0' || *q > '9')
			return -EINVAL;
	for (; p < e; p++) {
		if (v > (UINT64_MAX - (uint64_t)(*p - '0')) / 10)
			return -ERANGE;
		v = v * 10 + (uint64_t)(*p - '0');
	}
	*ret = v;
	return 0;
}

int cgk_parse_s64(const char *buf, size_t len, int64_t *ret)
{
	const char *p = buf, *e = buf + len;
	bool neg = false;
	uint64_t v;
	int r;

	trim(&p, &e);
	if (p < e && (*p == '-' || *p == '+')) {
		neg = *p == '-';
		p++;
	}
	/* digits at both ends, so that cgk_parse_u64 trims nothing more */
	if (p == e || *p < '0' || *p > '9' || e[-1] < '0' || e[-1] > '9')
		return -EINVAL;
	r = cgk_parse_u64(p, e - p, &v);
	if (r < 0)
		return r;
	if (neg ? v > (uint64_t)INT64_MAX + 1 : v > (uint64_t)INT64_MAX)
		return -ERANGE;
	*ret = neg ? (int64_t)(0 - v) : (int64_t)v;
	return 0;
}

int cgk_keyed_u64(const char *buf, size_t len, const char *key, uint64_t *ret)
{
	size_t k = strlen(key);

	for (const char *p = buf, *e = buf + len, *eol; p < e; p = eol + 1) {
		if (!(eol = memchr(p, '\n', e - p)))
			eol = e;
		if ((size_t)(eol - p) > k && !memcmp(p, key, k) && p[k] == ' ')
			return cgk_parse_u64(p + k + 1, eol - p - k - 1, ret);
	}
	return -ENOENT;
}

int cgk_grow(void **p, size_t *cap, size_t n, size_t size)
{
	size_t ncap;
	void *np;

	if (n < *cap)
		return 0;
	ncap = *cap ? *cap : 16;
	while (ncap < n + 1) {
		if (ncap > SIZE_MAX / 2)
			return -ENOMEM;
		ncap *= 2;
	}
	if (ncap > SIZE_MAX / size)
		return -ENOMEM;
	np = realloc(*p, ncap * size);
	if (!np)
		return -ENOMEM;
	*p = np;
	*cap = ncap;
	return 0;
}

char *cgk_strndup(const char *s, size_t len)
{
	char *d = malloc(len + 1);

	if (!d)
		return NULL;
	memcpy(d, s, len);
	d[len] = '\0';
	return d;
}

bool cgk_is_hex(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

void cgk_strv_free(char **v)
{
	if (!v)
		return;
	for (char **p = v; *p; p++)
		free(*p);
	free(v);
}

size_t cgk_argv_split(const char *cmdline, size_t len, const char **argv, size_t max)
{
	size_t argc = 0;

	if (!cmdline || len == 0 || cmdline[len - 1] != '\0')
		return 0;
	for (const char *p = cmdline, *e = cmdline + len; p < e && argc < max; p += strlen(p) + 1)
		argv[argc++] = p;
	return argc;
}

ssize_t cgk_pread(int fd, void *buf, size_t n, off_t off)
{
	ssize_t r;

	do
		r = pread(fd, buf, n, off);
	while (r < 0 && errno == EINTR);
	return r < 0 ? -errno : r;
}

int cgk_pread_all(int fd, size_t max, bool single, char **ret_buf, size_t *ret_len)
{
	_cleanup_free_ char *buf = NULL;
	size_t n = 0, cap = 0;

	for (;;) {
		ssize_t r;

		if (n + 1 >= cap) {
			size_t ncap = cap ? cap * 2 : 4096;
			char *nb;

			if (ncap > max + 1)
				ncap = max + 1;
			if (ncap <= n + 1) {
				char c;

				/* full: one byte more says whether there is more */
				r = cgk_pread(fd, &c, 1, (off_t)n);
				if (r < 0)
					return (int)r;
				if (r > 0)
					return -EFBIG;
				break;
			}
			nb = realloc(buf, ncap);
			if (!nb)
				return -ENOMEM;
			buf = nb;
			cap = ncap;
		}
		r = cgk_pread(fd, buf + n, cap - 1 - n, (off_t)n);
		if (r < 0)
			return (int)r;
		if (r == 0)
			break;
		n += (size_t)r;
		if (single && n + 1 < cap)
			break;		/* short: the record's end */
	}
	if (!buf && !(buf = malloc(1)))
		return -ENOMEM;
	buf[n] = '\0';
	*ret_buf = TAKE_PTR(buf);
	if (ret_len)
		*ret_len = n;
	return 0;
}
