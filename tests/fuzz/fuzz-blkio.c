/* SPDX-License-Identifier: MIT */
/* fuzz-blkio - cgk_sample_blkio_parse and cgk_sample_io_parse (blkio.throttle.io_service_bytes, io.stat) */
#include <errno.h>
#include <inttypes.h>

#include "fuzz.h"
#include "sample.h"

#define POISON UINT64_C(0x5a5a5a5a5a5a5a5a)

static int parse(const char *text, size_t len, uint64_t *rd, uint64_t *wr)
{
	char *buf = fuzz_dup(text, len);
	int r = cgk_sample_blkio_parse(buf, len, rd, wr);

	free(buf);
	return r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t rd = POISON, wr = POISON, rd2, wr2;
	char text[256];
	int r, n;

	r = parse((const char *)data, size, &rd, &wr);
	if (r < 0) {
		FUZZ_ASSERT(r == -EINVAL);
		FUZZ_ASSERT(rd == POISON && wr == POISON);
		return 0;
	}
	FUZZ_ASSERT(r == 0);

	/* the sums, written back in either format, read the same */
	n = snprintf(text, sizeof(text),
		     "8:0 Read %" PRIu64 "\n8:0 Write %" PRIu64 "\n8:0 Sync 7\n8:0 Async 1\n"
		     "8:0 Discard 0\n8:0 Total 9\nTotal 9\n", rd, wr);
	FUZZ_ASSERT(parse(text, (size_t)n, &rd2, &wr2) == 0 && rd2 == rd && wr2 == wr);
	n = snprintf(text, sizeof(text),
		     "259:0 rbytes=%" PRIu64 " wbytes=%" PRIu64 " rios=1 wios=2 dbytes=0 dios=0\n",
		     rd, wr);
	FUZZ_ASSERT(parse(text, (size_t)n, &rd2, &wr2) == 0 && rd2 == rd && wr2 == wr);
	/* two devices add up (saturating) */
	n = snprintf(text, sizeof(text), "8:0 Read %" PRIu64 "\n8:16 Read 1\n", rd);
	FUZZ_ASSERT(parse(text, (size_t)n, &rd2, &wr2) == 0 && wr2 == 0 &&
		    rd2 == (rd == UINT64_MAX ? UINT64_MAX : rd + 1));
	/* an empty file is 0, 0 */
	FUZZ_ASSERT(parse(text, 0, &rd2, &wr2) == 0 && rd2 == 0 && wr2 == 0);
	/* the io parser agrees on the bytes; its operation counts read back */
	{
		char *buf = fuzz_dup(data, size);
		struct cgk_sample_io io = { 0 }, io2;

		FUZZ_ASSERT(cgk_sample_io_parse(buf, size, &io) == 0 && io.rbytes == rd &&
			    io.wbytes == wr);
		free(buf);
		n = snprintf(text, sizeof(text),
			     "8:0 rbytes=1 wbytes=2 rios=%" PRIu64 " wios=%" PRIu64 " dbytes=0 dios=0\n",
			     io.rios, io.wios);
		buf = fuzz_dup(text, (size_t)n);
		FUZZ_ASSERT(cgk_sample_io_parse(buf, (size_t)n, &io2) == 0 && io2.rios == io.rios &&
			    io2.wios == io.wios && io2.rbytes == 1 && io2.wbytes == 2);
		free(buf);
	}
	return 0;
}
