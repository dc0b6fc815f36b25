/* SPDX-License-Identifier: MIT */
/* fuzz-nspid - cgk_status_nspid (/proc/PID/status NSpid:) */
#include <errno.h>
#include <limits.h>

#include "fuzz.h"
#include "proc.h"

static int parse(const char *text, size_t len, unsigned *depth, pid_t *inner)
{
	char *buf = fuzz_dup(text, len);
	int r = cgk_status_nspid(buf, len, depth, inner);

	free(buf);
	return r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned depth = 77, d2;
	pid_t inner = -77, i2;
	char line[64];
	int r = parse((const char *)data, size, &depth, &inner), n;

	FUZZ_ASSERT(r == 0 || r == -ENOENT || r == -EINVAL);
	if (r < 0) {
		FUZZ_ASSERT(depth == 77 && inner == -77);
		/* -ENOENT: no line starts with NSpid: */
		if (r == -ENOENT)
			for (size_t i = 0; i + 6 <= size; i++)
				FUZZ_ASSERT((i > 0 && data[i - 1] != '\n') ||
					    memcmp(data + i, "NSpid:", 6));
		return 0;
	}
	FUZZ_ASSERT(depth >= 1 && inner >= 1);
	/* the kernel's own line for a PID seen from one or two namespaces reads the same */
	if (depth == 1)
		n = snprintf(line, sizeof(line), "Name:\tx\nNSpid:\t%d\n", (int)inner);
	else
		n = snprintf(line, sizeof(line), "NSpid:\t4242\t%d\nNSsid:\t1\n", (int)inner);
	FUZZ_ASSERT(parse(line, (size_t)n, &d2, &i2) == 0);
	FUZZ_ASSERT(d2 == (depth == 1 ? 1 : 2) && i2 == inner);
	return 0;
}
