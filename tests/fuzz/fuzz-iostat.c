/* SPDX-License-Identifier: MIT */
/* fuzz-iostat - cgk_iostat_to_blkio (v2 io.stat as the v1 throttle files) */
#include <errno.h>
#include <inttypes.h>

#include "cgvals.h"
#include "fuzz.h"

/* Next line of *P ("DEV OP N"): DEV and N, or 0 at the end. */
static int next(const char **p, char *dev, size_t size, uint64_t *v)
{
	char op[16];
	int n = 0;

	if (!**p)
		return 0;
	FUZZ_ASSERT(size >= 32);
	FUZZ_ASSERT(sscanf(*p, "%31s %15s %" SCNu64 "%n", dev, op, v, &n) == 3 && (*p)[n] == '\n');
	*p += n + 1;
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = fuzz_dup(data, size), *sv = (char *)&buf, *by = (char *)&buf;
	char *sv2, *by2, *in, dev[32], dev2[32];
	const char *ps, *pb;
	uint64_t io[3], bytes[3];
	size_t o = 0;
	int r;

	r = cgk_iostat_to_blkio(buf, size, &sv, &by);
	free(buf);
	FUZZ_ASSERT(r == 0 || r == -EINVAL || r == -ENOMEM);
	if (r) {
		FUZZ_ASSERT(sv == (char *)&buf && by == (char *)&buf);
		return 0;
	}
	/* written back as io.stat, the same text again */
	/* each line is shorter than the six it comes from */
	in = fuzz_xmalloc((strlen(sv) + strlen(by)) * 2 + 1);
	for (ps = sv, pb = by; next(&ps, dev, sizeof(dev), &io[0]); ) {
		FUZZ_ASSERT(next(&ps, dev2, sizeof(dev2), &io[1]) && !strcmp(dev, dev2));
		FUZZ_ASSERT(next(&ps, dev2, sizeof(dev2), &io[2]) && !strcmp(dev, dev2));
		for (int k = 0; k < 3; k++)
			FUZZ_ASSERT(next(&pb, dev2, sizeof(dev2), &bytes[k]) && !strcmp(dev, dev2));
		o += (size_t)sprintf(in + o, "%s rbytes=%" PRIu64 " wbytes=%" PRIu64 " rios=%" PRIu64
				     " wios=%" PRIu64 " dbytes=%" PRIu64 " dios=%" PRIu64 "\n",
				     dev, bytes[0], bytes[1], io[0], io[1], bytes[2], io[2]);
	}
	FUZZ_ASSERT(!*pb);
	FUZZ_ASSERT(cgk_iostat_to_blkio(in, o, &sv2, &by2) == 0);
	FUZZ_ASSERT(!strcmp(sv, sv2) && !strcmp(by, by2));
	free(in);
	free(sv2);
	free(by2);
	free(sv);
	free(by);
	return 0;
}
