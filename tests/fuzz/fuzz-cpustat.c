/* SPDX-License-Identifier: MIT */
/* fuzz-cpustat - cgk_sample_cpustat_parse (cpu.stat, v1 and v2 keys) */
#include <errno.h>
#include <inttypes.h>

#include "fuzz.h"
#include "sample.h"

static int parse(const char *text, size_t len, struct cgk_cpustat *ret)
{
	char *buf = fuzz_dup(text, len);
	int r = cgk_sample_cpustat_parse(buf, len, ret);

	free(buf);
	return r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cgk_cpustat st, st2, poison;
	char text[256];
	int r, n;

	memset(&poison, 0x5a, sizeof(poison));
	memcpy(&st, &poison, sizeof(st));
	r = parse((const char *)data, size, &st);
	if (r < 0) {
		FUZZ_ASSERT(r == -EINVAL || r == -ERANGE || r == -ENOENT);
		FUZZ_ASSERT(!memcmp(&st, &poison, sizeof(st)));
		return 0;
	}
	FUZZ_ASSERT(r == 0);
	FUZZ_ASSERT(st.has_usage || st.usage_ns == 0);
	FUZZ_ASSERT(!st.has_usage || st.usage_ns % 1000 == 0);

	/* what it read, written back as v1 (or v2 with usage), reads the same */
	n = snprintf(text, sizeof(text), "nr_periods %" PRIu64 "\nnr_throttled %" PRIu64
		     "\nthrottled_time %" PRIu64 "\n", st.nr_periods, st.nr_throttled,
		     st.throttled_ns);
	if (st.has_usage)
		n += snprintf(text + n, sizeof(text) - (size_t)n, "usage_usec %" PRIu64 "\n",
			      st.usage_ns / 1000);
	FUZZ_ASSERT((size_t)n < sizeof(text));
	FUZZ_ASSERT(parse(text, (size_t)n, &st2) == 0);
	FUZZ_ASSERT(st2.nr_periods == st.nr_periods && st2.nr_throttled == st.nr_throttled &&
		    st2.throttled_ns == st.throttled_ns && st2.usage_ns == st.usage_ns &&
		    st2.has_usage == st.has_usage);
	return 0;
}
