/* SPDX-License-Identifier: MIT */
/* fuzz-cpustat-usec - cgk_cpustat_usec_parse (v2 cpu.stat) and cgk_cpumax_parse (cpu.max) */
#include <errno.h>
#include <inttypes.h>

#include "cgvals.h"
#include "fuzz.h"

static void check_cpustat(const char *text, size_t len)
{
	struct cgk_cpustat_usec u, u2, poison;
	char *buf = fuzz_dup(text, len), out[256];
	int r, n;

	memset(&poison, 0x5a, sizeof(poison));
	memcpy(&u, &poison, sizeof(u));
	r = cgk_cpustat_usec_parse(buf, len, &u);
	free(buf);
	FUZZ_ASSERT(r == 0 || r == -EINVAL);
	if (r) {
		FUZZ_ASSERT(!memcmp(&u, &poison, sizeof(u)));
		return;
	}
	n = snprintf(out, sizeof(out),
		     "usage_usec %" PRIu64 "\nuser_usec %" PRIu64 "\nsystem_usec %" PRIu64
		     "\nnr_periods 1\nnr_throttled 2\nthrottled_usec 3\n",
		     u.usage, u.user, u.system);
	FUZZ_ASSERT(n > 0 && (size_t)n < sizeof(out));
	FUZZ_ASSERT(cgk_cpustat_usec_parse(out, (size_t)n, &u2) == 0);
	FUZZ_ASSERT(!memcmp(&u, &u2, sizeof(u)));
}

static void check_cpumax(const char *text, size_t len)
{
	int64_t q = 7, p = 7, q2, p2;
	char *buf = fuzz_dup(text, len), out[64];
	int r, n;

	r = cgk_cpumax_parse(buf, len, &q, &p);
	free(buf);
	FUZZ_ASSERT(r == 0 || r == -EINVAL);
	if (r) {
		FUZZ_ASSERT(q == 7 && p == 7);
		return;
	}
	FUZZ_ASSERT((q == -1 || q > 0) && p > 0);
	if (q < 0)
		n = snprintf(out, sizeof(out), "max %" PRId64 "\n", p);
	else
		n = snprintf(out, sizeof(out), "%" PRId64 " %" PRId64 "\n", q, p);
	FUZZ_ASSERT(n > 0 && (size_t)n < sizeof(out));
	FUZZ_ASSERT(cgk_cpumax_parse(out, (size_t)n, &q2, &p2) == 0 && q2 == q && p2 == p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_cpustat((const char *)data, size);
	check_cpumax((const char *)data, size);
	return 0;
}
