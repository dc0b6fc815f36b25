/* SPDX-License-Identifier: MIT */
/* fuzz-memstat2 - cgk_memstat2_parse (v2 memory.stat, procview's keys) */
#include <errno.h>
#include <inttypes.h>

#include "cgvals.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cgk_memstat m, m2, poison;
	char *buf = fuzz_dup(data, size), out[1024];
	int r, n;

	memset(&poison, 0x5a, sizeof(poison));
	memcpy(&m, &poison, sizeof(m));
	r = cgk_memstat2_parse(buf, size, &m);
	free(buf);
	FUZZ_ASSERT(r == 0 || r == -EINVAL);
	if (r) {
		FUZZ_ASSERT(!memcmp(&m, &poison, sizeof(m)));
		return 0;
	}
	/* written back in the kernel's order, with keys that only look alike */
	n = snprintf(out, sizeof(out),
		     "anon 1\nfile %" PRIu64 "\nkernel 2\nshmem %" PRIu64 "\nfile_mapped %" PRIu64
		     "\nfile_dirty %" PRIu64 "\nfile_writeback %" PRIu64 "\nanon_thp %" PRIu64
		     "\nfile_thp 3\nshmem_thp 4\ninactive_anon %" PRIu64 "\nactive_anon %" PRIu64
		     "\ninactive_file %" PRIu64 "\nactive_file %" PRIu64 "\nunevictable %" PRIu64
		     "\nslab_reclaimable %" PRIu64 "\nslab_unreclaimable %" PRIu64
		     "\nslab 5\ntotal_cache 6\n",
		     m.cache, m.shmem, m.mapped_file, m.dirty, m.writeback, m.rss_huge,
		     m.inactive_anon, m.active_anon, m.inactive_file, m.active_file,
		     m.unevictable, m.slab_reclaimable, m.slab_unreclaimable);
	FUZZ_ASSERT(n > 0 && (size_t)n < sizeof(out));
	FUZZ_ASSERT(cgk_memstat2_parse(out, (size_t)n, &m2) == 0);
	FUZZ_ASSERT(!memcmp(&m, &m2, sizeof(m)));
	return 0;
}
