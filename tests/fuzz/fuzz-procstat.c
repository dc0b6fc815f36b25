/* SPDX-License-Identifier: MIT */
/* fuzz-procstat - /proc/stat: cgk_statcpu_parse on each line, cgk_view_stat */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>

#include "fuzz-view.h"
#include "proc.h"

/* One line: a "cpu"/"cpuN" line reads as what it says, anything else is 0. */
static void check_line(const char *line, size_t n, void *ctx)
{
	struct cgk_statcpu c, poison;
	char *buf = fuzz_dup(line, n);
	int r;

	(void)ctx;
	memset(&poison, 0x5a, sizeof(poison));
	memcpy(&c, &poison, sizeof(c));
	r = cgk_statcpu_parse(buf, n, &c);
	free(buf);
	FUZZ_ASSERT(r == 0 || r == 1);
	if (!r) {
		FUZZ_ASSERT(!memcmp(&c, &poison, sizeof(c)));
		return;
	}
	FUZZ_ASSERT(n >= 4 && !memcmp(line, "cpu", 3));
	FUZZ_ASSERT(c.cpu >= -1 && c.n <= CGK_STAT_NCOUNTERS && c.rest >= 3 && c.rest <= n);
	FUZZ_ASSERT(c.rest == n || line[c.rest] == ' ' || line[c.rest] == '\t' ||
		    line[c.rest] == '\n');
	for (unsigned k = c.n; k < CGK_STAT_NCOUNTERS; k++)
		FUZZ_ASSERT(c.v[k] == 0);
	if (c.cpu >= 0) {
		/* the name is cpu and the number it parsed */
		char name[16];
		int k = snprintf(name, sizeof(name), "cpu%d", c.cpu);

		FUZZ_ASSERT((size_t)k <= c.rest);
	} else {
		FUZZ_ASSERT(c.rest == 3);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char poison[1];
	struct cgk_cgvals v;
	unsigned flags;
	char *host, *out = poison;
	size_t len = 12345;
	int r;

	fuzz_cgvals(&data, &size, &v, &flags);
	fuzz_each_line((const char *)data, size, check_line, NULL);

	host = fuzz_dup(data, size);
	r = cgk_view_stat(host, size, &v, flags, &out, &len);
	fuzz_check_view(r, out, poison, len);
	if (r == 0) {
		struct cgk_statcpu c;
		const char *eol = memchr(out, '\n', len);

		/* the first line is the sum, all ten counters, as the kernel writes it */
		FUZZ_ASSERT(eol && !memcmp(out, "cpu ", 4));
		FUZZ_ASSERT(cgk_statcpu_parse(out, (size_t)(eol - out), &c) == 1);
		FUZZ_ASSERT(c.cpu == -1 && c.n == CGK_STAT_NCOUNTERS);
		free(out);
	}
	free(host);
	fuzz_cgvals_done(&v);
	return 0;
}
