/* SPDX-License-Identifier: MIT */
/* proc - parsers of the /proc files the tools read */
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proc.h"
#include "util.h"

#define STAT_FIELDS 22		/* the last field we use: starttime */
#define PIDS_MAX (4u << 20)	/* PID_MAX_LIMIT */

/* Parse P[0..N), digits only, as a number in [0, MAX]. */
static int parse_max(const char *p, size_t n, uint64_t max, uint64_t *ret)
{
	uint64_t v;
	int r;

	if (n == 0)
		return -EINVAL;
	for (size_t i = 0; i < n; i++)
		if (p[i] < '0' || p[i] > '9')
			return -EINVAL;
	r = cgk_parse_u64(p, n, &v);
	if (r < 0)
		return r;
	if (v > max)
		return -ERANGE;
	*ret = v;
	return 0;
}

int cgk_pidstat_parse(const char *buf, size_t len, struct cgk_pidstat *ret)
{
	struct field { const char *p; size_t n; } f[STAT_FIELDS + 1];
	struct cgk_pidstat t = { 0 };
	const char *e = buf + len, *open, *close, *p;
	uint64_t v;
	size_t n;

	if (len > 0 && e[-1] == '\n')
		e--;
	open = memchr(buf, '(', e - buf);
	close = memrchr(buf, ')', e - buf);
	if (!open || !close || close < open || open == buf || open[-1] != ' ')
		return -EINVAL;
	if (parse_max(buf, open - 1 - buf, INT_MAX, &v) < 0 || v == 0)
		return -EINVAL;
	t.pid = (pid_t)v;
	n = close - open - 1;
	if (n >= sizeof(t.comm))	/* the kernel writes at most 63 */
		n = sizeof(t.comm) - 1;
	memcpy(t.comm, open + 1, n);
	t.comm[n] = '\0';

	/* f[3] is field 3 (state); fields after 22 are not looked at */
	p = close + 1;
	for (size_t i = 3; i <= STAT_FIELDS; i++) {
		const char *sp;

		if (p >= e || *p != ' ')
			return -EINVAL;
		p++;
		if (!(sp = memchr(p, ' ', e - p)))
			sp = e;
		if (sp == p)
			return -EINVAL;
		f[i].p = p;
		f[i].n = sp - p;
		p = sp;
	}
	if (f[3].n != 1)
		return -EINVAL;
	t.state = f[3].p[0];
	if (parse_max(f[4].p, f[4].n, INT_MAX, &v) < 0)
		return -EINVAL;
	t.ppid = (pid_t)v;
	if (parse_max(f[9].p, f[9].n, UINT_MAX, &v) < 0)
		return -EINVAL;
	t.flags = (unsigned)v;
	if (parse_max(f[14].p, f[14].n, UINT64_MAX, &t.utime) < 0 ||
	    parse_max(f[15].p, f[15].n, UINT64_MAX, &t.stime) < 0 ||
	    parse_max(f[22].p, f[22].n, UINT64_MAX, &t.starttime) < 0)
		return -EINVAL;
	if (parse_max(f[20].p, f[20].n, UINT_MAX, &v) < 0)
		return -EINVAL;
	t.num_threads = (unsigned)v;
	*ret = t;
	return 0;
}

size_t cgk_cmdline_format(const char *in, size_t len, char *buf, size_t size)
{
	size_t o = 0;

	if (size == 0)
		return 0;
	while (len > 0 && in[len - 1] == '\0')
		len--;
	for (size_t i = 0; i < len && o < size - 1; i++) {
		unsigned char c = (unsigned char)in[i];

		if (c == '\0')
			c = ' ';
		else if (c < 0x20 || c == 0x7f)
			c = '?';
		buf[o++] = (char)c;
	}
	buf[o] = '\0';
	return o;
}

int cgk_pidstat_read(int procfd, pid_t pid, struct cgk_pidstat *ret)
{
	char file[32], buf[1024];
	ssize_t n;

	snprintf(file, sizeof(file), "%d/stat", (int)pid);
	n = cgk_read_at_buf(procfd, file, buf, sizeof(buf));
	if (n == -ENOENT)
		return -ESRCH;
	if (n < 0)
		return (int)n;
	return cgk_pidstat_parse(buf, (size_t)n, ret);
}

bool cgk_pidstat_is_kthread(const struct cgk_pidstat *st)
{
	if (!st)
		return false;
	return (st->flags & CGK_PF_KTHREAD) || st->pid == 2 || st->ppid == 2;
}

/* A /proc entry name that is a PID: digits only, no leading 0, <= INT_MAX. */
static bool pid_name(const char *s, pid_t *ret)
{
	size_t n = strlen(s);
	uint64_t v;

	if (n == 0 || n > 10 || s[0] == '0')
		return false;
	if (parse_max(s, n, INT_MAX, &v) < 0)
		return false;
	*ret = (pid_t)v;
	return true;
}

static int pid_cmp(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return (x > y) - (x < y);
}

static void closedirp(DIR **d)
{
	if (*d)
		closedir(*d);
}

int cgk_proc_list_pids(int procfd, pid_t **ret, size_t *ret_n)
{
	_cleanup_(closedirp) DIR *d = NULL;
	_cleanup_free_ pid_t *a = NULL;
	size_t n = 0, cap = 0;
	int fd;

	/*
	 * A fresh open of "." rather than dup(): a dup shares the file offset
	 * with the caller's fd, and works on an O_PATH fd no better than it.
	 * closedir() closes only this one.
	 */
	fd = openat(procfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	d = fdopendir(fd);
	if (!d) {
		int r = -errno;

		close(fd);
		return r;
	}
	for (;;) {
		struct dirent *de;
		pid_t pid;
		int r;

		errno = 0;
		de = readdir(d);
		if (!de) {
			if (errno)
				return -errno;
			break;
		}
		if (!pid_name(de->d_name, &pid))
			continue;
		if (n >= PIDS_MAX)
			return -E2BIG;
		r = cgk_grow((void **)&a, &cap, n, sizeof(*a));
		if (r < 0)
			return r;
		a[n++] = pid;
	}
	if (n > 1)
		qsort(a, n, sizeof(*a), pid_cmp);
	*ret = TAKE_PTR(a);
	*ret_n = n;
	return 0;
}

int cgk_meminfo_get(const char *buf, size_t len, const char *key,
		    uint64_t *ret_kb)
{
	size_t k = strlen(key);

	if (k == 0 || strchr(key, ':') || strchr(key, '\n'))
		return -EINVAL;
	for (const char *p = buf, *e = buf + len, *eol; p < e; p = eol + 1) {
		const char *v, *ve;

		if (!(eol = memchr(p, '\n', e - p)))
			eol = e;
		if ((size_t)(eol - p) <= k || memcmp(p, key, k) || p[k] != ':')
			continue;
		v = p + k + 1;
		ve = eol;
		while (ve > v && ve[-1] == ' ')
			ve--;
		if (ve - v >= 3 && !memcmp(ve - 3, " kB", 3))
			ve -= 3;
		while (v < ve && (*v == ' ' || *v == '\t'))
			v++;
		return parse_max(v, ve - v, UINT64_MAX, ret_kb);
	}
	return -ENOENT;
}

/* ---- /proc/stat, /proc/cpuinfo, /proc/diskstats, /proc/PID/status ---- */

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* A run of decimal digits at P (< E) as a u64 in *RET; the end, or NULL. */
static const char *digits_u64(const char *p, const char *e, uint64_t *ret)
{
	const char *q = p;
	uint64_t v;

	while (q < e && *q >= '0' && *q <= '9')
		q++;
	if (q == p || parse_max(p, q - p, UINT64_MAX, &v) < 0)
		return NULL;
	*ret = v;
	return q;
}

int cgk_statcpu_parse(const char *line, size_t len, struct cgk_statcpu *ret)
{
	struct cgk_statcpu t = { .cpu = -1 };
	const char *p = line, *e = line + len;
	uint64_t v;

	if (len > 0 && e[-1] == '\n')
		e--;
	if (e - p < 3 || memcmp(p, "cpu", 3))
		return 0;
	p += 3;
	if (p < e && !is_blank(*p)) {
		const char *q = digits_u64(p, e, &v);

		if (!q || v > INT_MAX || (q < e && !is_blank(*q)))
			return 0;
		t.cpu = (int)v;
		p = q;
	} else if (p == e) {
		return 0;
	}
	t.rest = p - line;
	while (t.n < CGK_STAT_NCOUNTERS && p < e && is_blank(*p)) {
		const char *q;

		while (p < e && is_blank(*p))
			p++;
		q = digits_u64(p, e, &v);
		if (!q || (q < e && !is_blank(*q)))
			break;
		t.v[t.n++] = v;
		p = q;
	}
	*ret = t;
	return 1;
}

int cgk_cpuinfo_processor(const char *line, size_t len, int *ret_cpu)
{
	const char *p = line, *e = line + len;
	uint64_t v;

	if (len > 0 && e[-1] == '\n')
		e--;
	if (e - p < 9 || memcmp(p, "processor", 9))
		return 0;
	p += 9;
	while (p < e && is_blank(*p))
		p++;
	if (p == e || *p != ':')
		return 0;
	p++;
	while (p < e && is_blank(*p))
		p++;
	p = digits_u64(p, e, &v);
	if (!p || v > INT_MAX)
		return 0;
	while (p < e && is_blank(*p))
		p++;
	if (p != e)
		return 0;
	*ret_cpu = (int)v;
	return 1;
}

int cgk_diskstats_dev(const char *line, size_t len, unsigned *ret_major,
		      unsigned *ret_minor, char *ret_name, size_t namesize)
{
	const char *p = line, *e = line + len, *n;
	uint64_t maj, min;
	size_t l;

	if (namesize == 0)
		return 0;
	while (p < e && is_blank(*p))
		p++;
	p = digits_u64(p, e, &maj);
	if (!p || maj > UINT_MAX || p == e || !is_blank(*p))
		return 0;
	while (p < e && is_blank(*p))
		p++;
	p = digits_u64(p, e, &min);
	if (!p || min > UINT_MAX || p == e || !is_blank(*p))
		return 0;
	while (p < e && is_blank(*p))
		p++;
	n = p;
	while (p < e && !is_blank(*p) && *p != '\n')
		p++;
	if (p == n)
		return 0;
	l = (size_t)(p - n);
	if (l >= namesize)
		l = namesize - 1;
	*ret_major = (unsigned)maj;
	*ret_minor = (unsigned)min;
	memcpy(ret_name, n, l);
	ret_name[l] = '\0';
	return 1;
}

int cgk_status_nspid(const char *buf, size_t len, unsigned *ret_depth, pid_t *ret_inner)
{
	for (const char *p = buf, *e = buf + len, *eol; p < e; p = eol + 1) {
		unsigned depth = 0;
		uint64_t v = 0;

		if (!(eol = memchr(p, '\n', e - p)))
			eol = e;
		if (eol - p < 6 || memcmp(p, "NSpid:", 6))
			continue;
		p += 6;
		for (;;) {
			while (p < eol && is_blank(*p))
				p++;
			if (p == eol)
				break;
			p = digits_u64(p, eol, &v);
			if (!p || v == 0 || v > INT_MAX || (p < eol && !is_blank(*p)))
				return -EINVAL;
			depth++;
		}
		if (depth == 0)
			return -EINVAL;
		*ret_depth = depth;
		*ret_inner = (pid_t)v;
		return 0;
	}
	return -ENOENT;
}
