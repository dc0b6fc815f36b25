/* SPDX-License-Identifier: MIT */
/* fuzz-memstat - cgk_sample_memstat_parse (memory.stat, v1 total_* or v2 keys) */
#include <errno.h>
#include <inttypes.h>

#include "fuzz.h"
#include "sample.h"

static int parse(const char *text, size_t len, struct cgk_sample_memstat *ret)
{
	char *buf = fuzz_dup(text, len);
	int r = cgk_sample_memstat_parse(buf, len, ret);

	free(buf);
	return r;
}

static int same(const struct cgk_sample_memstat *a, const struct cgk_sample_memstat *b)
{
	return a->inactive_file == b->inactive_file && a->active_file == b->active_file &&
	       a->rss == b->rss && a->cache == b->cache &&
	       a->hierarchical_limit == b->hierarchical_limit && a->swap == b->swap &&
	       a->has_swap == b->has_swap;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cgk_sample_memstat st, st2, poison;
	char text[512];
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

	/* written back as v1, in the kernel's order, with v2 keys that must lose */
	n = snprintf(text, sizeof(text),
		     "cache 1\nrss 2\ninactive_file 3\nactive_file 4\n"
		     "hierarchical_memory_limit %" PRIu64 "\ntotal_cache %" PRIu64
		     "\ntotal_rss %" PRIu64 "\ntotal_inactive_file %" PRIu64
		     "\ntotal_active_file %" PRIu64 "\nanon 5\nfile 6\n",
		     st.hierarchical_limit, st.cache, st.rss, st.inactive_file, st.active_file);
	FUZZ_ASSERT((size_t)n < sizeof(text));
	if (st.has_swap)
		n += snprintf(text + n, sizeof(text) - (size_t)n, "swap 7\ntotal_swap %" PRIu64 "\n",
			      st.swap);
	FUZZ_ASSERT((size_t)n < sizeof(text));
	FUZZ_ASSERT(parse(text, (size_t)n, &st2) == 0 && same(&st, &st2));

	/* and as v2, when there is no hierarchical limit nor v1 swap to carry */
	if (st.hierarchical_limit == UINT64_MAX && !st.has_swap) {
		n = snprintf(text, sizeof(text),
			     "anon %" PRIu64 "\nfile %" PRIu64 "\ninactive_file %" PRIu64
			     "\nactive_file %" PRIu64 "\n",
			     st.rss, st.cache, st.inactive_file, st.active_file);
		FUZZ_ASSERT(parse(text, (size_t)n, &st2) == 0 && same(&st, &st2));
	}
	return 0;
}
