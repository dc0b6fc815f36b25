/* SPDX-License-Identifier: MIT */
/* fuzz-cgvals - the cgroup file parsers of lib/cgvals: memory.stat, cpuacct.usage_all/_percpu */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>

#include "cgvals.h"
#include "fuzz.h"

static void check_memstat(const char *text, size_t len)
{
	struct cgk_memstat m, m2, poison;
	char *buf = fuzz_dup(text, len), out[1024];
	int r, n;

	memset(&poison, 0x5a, sizeof(poison));
	memcpy(&m, &poison, sizeof(m));
	r = cgk_memstat_parse(buf, len, &m);
	free(buf);
	FUZZ_ASSERT(r == 0 || r == -EINVAL);
	if (r) {
		FUZZ_ASSERT(!memcmp(&m, &poison, sizeof(m)));
		return;
	}
	/* written back as the kernel would, the same counters */
	n = snprintf(out, sizeof(out),
		     "cache 1\nrss 2\ntotal_cache %" PRIu64 "\ntotal_rss 3\ntotal_rss_huge %" PRIu64
		     "\ntotal_shmem %" PRIu64 "\ntotal_mapped_file %" PRIu64 "\ntotal_dirty %" PRIu64
		     "\ntotal_writeback %" PRIu64 "\ntotal_active_anon %" PRIu64
		     "\ntotal_inactive_anon %" PRIu64 "\ntotal_active_file %" PRIu64
		     "\ntotal_inactive_file %" PRIu64 "\ntotal_unevictable %" PRIu64 "\n",
		     m.cache, m.rss_huge, m.shmem, m.mapped_file, m.dirty, m.writeback,
		     m.active_anon, m.inactive_anon, m.active_file, m.inactive_file, m.unevictable);
	FUZZ_ASSERT(n > 0 && (size_t)n < sizeof(out));
	FUZZ_ASSERT(cgk_memstat_parse(out, (size_t)n, &m2) == 0);
	FUZZ_ASSERT(!memcmp(&m, &m2, sizeof(m)));
}

static void check_usage(const char *text, size_t len, size_t max, bool all)
{
	struct cgk_cpuusage *a = (struct cgk_cpuusage *)&a, *b = NULL;
	size_t n = 12345, nb, o;
	char *buf = fuzz_dup(text, len), *out;
	int r;

	r = all ? cgk_usage_all_parse(buf, len, max, &a, &n)
		: cgk_usage_percpu_parse(buf, len, max, &a, &n);
	free(buf);
	FUZZ_ASSERT(r == 0 || r == -EINVAL);
	if (r) {
		FUZZ_ASSERT(a == (struct cgk_cpuusage *)&a && n == 12345);
		return;
	}
	FUZZ_ASSERT(max > 0 && n == max && a);
	/* the entries written back in the file's format read the same */
	out = fuzz_xmalloc(64 + max * 64);
	o = (size_t)sprintf(out, "%s", all ? "cpu user system\n" : "");
	for (size_t i = 0; i < max; i++) {
		if (all)
			o += (size_t)sprintf(out + o, "%zu %" PRIu64 " %" PRIu64 "\n", i,
					     a[i].user, a[i].system);
		else
			o += (size_t)sprintf(out + o, "%" PRIu64 " ", a[i].user);
		if (!all)
			FUZZ_ASSERT(a[i].system == 0);
	}
	if (!all)
		out[o++] = '\n';
	r = all ? cgk_usage_all_parse(out, o, max, &b, &nb)
		: cgk_usage_percpu_parse(out, o, max, &b, &nb);
	FUZZ_ASSERT(r == 0 && nb == max && !memcmp(a, b, max * sizeof(*a)));
	free(out);
	free(b);
	free(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t sel = fuzz_take_u8(&data, &size);
	const char *text = (const char *)data;
	size_t max = sel & 0x3f;

	check_memstat(text, size);
	check_usage(text, size, max, sel & 0x40);
	return 0;
}
