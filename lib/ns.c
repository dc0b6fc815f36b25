/* SPDX-License-Identifier: MIT */
/* ns - namespaces of processes: which process is a container's init */
#include <fcntl.h>
#include <stdio.h>

#include "ns.h"
#include "proc.h"
#include "util.h"

/* Link text of PID/ns/pid ("pid:[4026531836]"). */
static int pidns_id(int procfd, pid_t pid, char *buf, size_t size)
{
	char file[64];
	ssize_t n;

	snprintf(file, sizeof(file), "%d/ns/pid", (int)pid);
	n = readlinkat(procfd, file, buf, size - 1);
	if (n < 0 && errno == EINVAL)
		n = cgk_read_at_buf(procfd, file, buf, size);
	else if (n < 0)
		n = -errno;
	if (n == -ENOENT)
		return -ESRCH;
	if (n < 0)
		return (int)n;
	buf[n] = '\0';
	while (n > 0 && buf[n - 1] == '\n')
		buf[--n] = '\0';
	return 0;
}

int cgk_ns_pidns_differs(int procfd, pid_t pid)
{
	char file[64], stat[1024], a[128], b[128];
	struct cgk_pidstat st;
	ssize_t n;
	int r;

	snprintf(file, sizeof(file), "%d/stat", (int)pid);
	n = cgk_read_at_buf(procfd, file, stat, sizeof(stat));
	if (n == -ENOENT)
		return -ESRCH;
	if (n < 0)
		return (int)n;
	r = cgk_pidstat_parse(stat, (size_t)n, &st);
	if (r < 0)
		return r;
	if (st.ppid <= 0)
		return 0;
	r = pidns_id(procfd, pid, a, sizeof(a));
	if (r < 0)
		return r;
	r = pidns_id(procfd, st.ppid, b, sizeof(b));
	if (r < 0)
		return r == -ESRCH ? 0 : r;
	return !streq(a, b);
}

int cgk_ns_find_init(int procfd, const pid_t *pids, size_t n, pid_t *ret)
{
	pid_t low = 0;

	for (size_t i = 0; i < n; i++) {
		int r = cgk_ns_pidns_differs(procfd, pids[i]);

		if (r == -ESRCH)
			continue;
		if (r > 0) {
			*ret = pids[i];
			return 0;
		}
		if (!low || pids[i] < low)
			low = pids[i];
	}
	if (!low)
		return -ENOENT;
	*ret = low;
	return 0;
}
