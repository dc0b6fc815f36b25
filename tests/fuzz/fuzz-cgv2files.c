/* SPDX-License-Identifier: MIT */
/* fuzz-cgv2files - cgroup.controllers/subtree_control (cgk_hier_v2_list_parse)
 * and cgroup.events (cgk_xlate_events_frozen) */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "fuzz.h"
#include "hier.h"
#include "util.h"
#include "xlate.h"

static bool blank(char c)
{
	return c == ' ' || c == '\n' || c == ',';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = fuzz_str(data, size);
	char *buf = fuzz_str(data, size);
	size_t inlen = strlen(in), n, words = 0, i = 0;
	uint64_t x;
	int r;

	/* the list: words of the input (up to a NUL), in order, one ',' apart */
	n = cgk_hier_v2_list_parse(buf, size);
	FUZZ_ASSERT(n <= inlen && strlen(buf) == n);
	FUZZ_ASSERT(!strpbrk(buf, " \n") && !strstr(buf, ",,"));
	FUZZ_ASSERT(n == 0 || (buf[0] != ',' && buf[n - 1] != ','));
	for (const char *w = buf; n && *w; words++) {
		size_t wl = strcspn(w, ",");

		while (i < inlen && blank(in[i]))
			i++;
		/* the next word of the input, whole */
		FUZZ_ASSERT(i + wl <= inlen && !memcmp(in + i, w, wl));
		i += wl;
		FUZZ_ASSERT(i == inlen || blank(in[i]));
		w += wl + (w[wl] == ',');
	}
	for (; i < inlen; i++)
		FUZZ_ASSERT(blank(in[i]));
	(void)words;

	/* cgroup.events: frozen as cgk_keyed_u64 reads it, 0 without the key */
	r = cgk_xlate_events_frozen((const char *)data, size);
	FUZZ_ASSERT(r == -EINVAL || r == 0 || r == 1);
	switch (cgk_keyed_u64((const char *)data, size, "frozen", &x)) {
	case 0:
		FUZZ_ASSERT(x <= 1 ? r == (int)x : r == -EINVAL);
		break;
	case -ENOENT:
		FUZZ_ASSERT(r == 0);
		break;
	default:
		FUZZ_ASSERT(r == -EINVAL);
	}
	free(in);
	free(buf);
	return 0;
}
