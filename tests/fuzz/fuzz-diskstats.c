/* SPDX-License-Identifier: MIT */
/* fuzz-diskstats - /proc/diskstats: cgk_diskstats_dev, cgk_view_diskstats over blkio files */
#include <errno.h>
#include <limits.h>

#include "fuzz-view.h"
#include "proc.h"

static void check_line(const char *line, size_t n, void *ctx)
{
	size_t namesize = *(const size_t *)ctx;
	char *buf = fuzz_dup(line, n), *name = fuzz_xmalloc(namesize + 1);
	unsigned maj = 7, min = 7;
	int r;

	memset(name, 'x', namesize + 1);
	r = cgk_diskstats_dev(buf, n, &maj, &min, name, namesize);
	free(buf);
	FUZZ_ASSERT(r == 0 || r == 1);
	/* NAMESIZE bytes at most, the one past them never written */
	FUZZ_ASSERT(name[namesize] == 'x');
	if (!r) {
		FUZZ_ASSERT(maj == 7 && min == 7 && (!namesize || name[0] == 'x'));
	} else {
		size_t l = strlen(name);

		FUZZ_ASSERT(namesize > 0 && l < namesize);
		FUZZ_ASSERT(!strchr(name, ' ') && !strchr(name, '\t') && !strchr(name, '\n'));
		/* the name is in the line, after the two numbers */
		FUZZ_ASSERT(l == 0 || memmem(line, n, name, l));
	}
	free(name);
}

/* The next NUL-separated part of the input as a C string, NULL when there is none. */
static char *part(const uint8_t **d, size_t *n)
{
	const uint8_t *nul;
	char *s;
	size_t l;

	if (!*n)
		return NULL;
	nul = memchr(*d, '\0', *n);
	l = nul ? (size_t)(nul - *d) : *n;
	s = fuzz_str(*d, l);
	*d += l + (nul != NULL);
	*n -= l + (nul != NULL);
	return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char poison[1];
	struct cgk_cgvals v;
	unsigned flags;
	char *host, *out = poison, **files[7];
	size_t len = 12345, hlen, namesize = fuzz_take_u8(&data, &size) % 80;
	const char *text;
	const uint8_t *nul;
	int r;

	fuzz_cgvals(&data, &size, &v, &flags);
	/* host diskstats, then NUL-separated blkio files */
	text = (const char *)data;
	nul = memchr(data, '\0', size);
	hlen = nul ? (size_t)(nul - data) : size;
	data += hlen + (nul != NULL);
	size -= hlen + (nul != NULL);
	files[0] = &v.blk_serviced;
	files[1] = &v.blk_merged;
	files[2] = &v.blk_service_bytes;
	files[3] = &v.blk_wait_time;
	files[4] = &v.blk_service_time;
	files[5] = &v.thr_serviced;
	files[6] = &v.thr_service_bytes;
	for (int i = 0; i < 7; i++)
		*files[i] = part(&data, &size);

	fuzz_each_line(text, hlen, check_line, &namesize);

	host = fuzz_dup(text, hlen);
	r = cgk_view_diskstats(host, hlen, &v, flags, &out, &len);
	fuzz_check_view(r, out, poison, len);
	FUZZ_ASSERT(r == 0 || r == CGK_VIEW_HOST);
	if (r == 0) {
		/* one line per host device at most, each a diskstats line itself */
		size_t lines = 0, hlines = 0;

		for (const char *p = out, *e = out + len, *eol; p < e; p = eol + 1) {
			unsigned maj, min;
			char name[80];

			eol = memchr(p, '\n', (size_t)(e - p));
			FUZZ_ASSERT(eol);
			FUZZ_ASSERT(cgk_diskstats_dev(p, (size_t)(eol - p), &maj, &min, name,
						      sizeof(name)) == 1);
			lines++;
		}
		for (size_t i = 0; i < hlen; i++)
			hlines += text[i] == '\n';
		FUZZ_ASSERT(lines <= hlines + 1);
		free(out);
	}
	free(host);
	for (int i = 0; i < 7; i++)
		free(*files[i]);
	fuzz_cgvals_done(&v);
	return 0;
}
