/* SPDX-License-Identifier: MIT */
/* fuzz-loadavg - cgk_sample_loadavg_parse (/proc/loadavg) */
#include <errno.h>
#include <inttypes.h>

#include "fuzz.h"
#include "sample.h"

static int parse(const char *text, size_t len, double l[3], uint64_t *th)
{
	char *buf = fuzz_dup(text, len);
	int r = cgk_sample_loadavg_parse(buf, len, l, th);

	free(buf);
	return r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	double l[3] = { -1, -2, -3 }, l2[3];
	uint64_t th = 4242, th2;
	char text[256];
	int r, n;

	r = parse((const char *)data, size, l, &th);
	if (r < 0) {
		FUZZ_ASSERT(r == -EINVAL);
		FUZZ_ASSERT(l[0] == -1 && l[1] == -2 && l[2] == -3 && th == 4242);
		return 0;
	}
	FUZZ_ASSERT(r == 0);
	for (int i = 0; i < 3; i++)
		FUZZ_ASSERT(l[i] >= 0 && l[i] <= 2e19);
	/* as the kernel writes it: the same, to its two decimals */
	if (l[0] < 1e9 && l[1] < 1e9 && l[2] < 1e9) {
		n = snprintf(text, sizeof(text), "%.2f %.2f %.2f 3/%" PRIu64 " 12345\n",
			     l[0], l[1], l[2], th);
		FUZZ_ASSERT(parse(text, (size_t)n, l2, &th2) == 0 && th2 == th);
		for (int i = 0; i < 3; i++)
			FUZZ_ASSERT(l2[i] - l[i] <= 0.0051 && l[i] - l2[i] <= 0.0051);
	}
	return 0;
}
