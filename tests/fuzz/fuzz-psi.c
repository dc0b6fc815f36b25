/* SPDX-License-Identifier: MIT */
/* fuzz-psi - cgk_sample_psi_parse (cpu/memory/io.pressure, /proc/pressure) */
#include <errno.h>
#include <inttypes.h>
#include <math.h>

#include "fuzz.h"
#include "sample.h"

static int parse(const char *text, size_t len, struct cgk_psi *ret)
{
	char *buf = fuzz_dup(text, len);
	int r = cgk_sample_psi_parse(buf, len, ret);

	free(buf);
	return r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cgk_psi p = { .some_total_us = 77 }, q;
	char text[256];
	int r, n;

	r = parse((const char *)data, size, &p);
	if (r < 0) {
		FUZZ_ASSERT(r == -EINVAL || r == -ENOENT);
		FUZZ_ASSERT(p.some_total_us == 77 && !p.has_full);	/* untouched */
		return 0;
	}
	FUZZ_ASSERT(r == 0);
	/* averages are non-negative decimals, never NaN or infinite */
	FUZZ_ASSERT(isfinite(p.some_avg10) && p.some_avg10 >= 0);
	FUZZ_ASSERT(isfinite(p.full_avg10) && p.full_avg10 >= 0);
	FUZZ_ASSERT(p.has_full || (p.full_avg10 == 0 && p.full_total_us == 0));
	/* the totals, written back as the kernel writes them, read the same */
	n = snprintf(text, sizeof(text),
		     "some avg10=0.00 avg60=1.50 avg300=2.25 total=%" PRIu64 "\n"
		     "full avg10=3.75 avg60=0.00 avg300=0.00 total=%" PRIu64 "\n",
		     p.some_total_us, p.full_total_us);
	FUZZ_ASSERT(parse(text, (size_t)n, &q) == 0 && q.has_full &&
		    q.some_total_us == p.some_total_us && q.full_total_us == p.full_total_us &&
		    q.some_avg10 == 0 && q.full_avg10 == 3.75);
	/* without a some line: -ENOENT */
	FUZZ_ASSERT(parse(text + strcspn(text, "\n") + 1, strlen(text + strcspn(text, "\n") + 1), &q) ==
		    -ENOENT);
	return 0;
}
