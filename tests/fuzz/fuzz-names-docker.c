/* SPDX-License-Identifier: MIT */
/* fuzz-names-docker - cgk_names_parse_docker on any config.v2.json */
#include "fuzz-names.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = fuzz_dup(data, size), *keep = fuzz_str("kept", 4);
	struct cgk_name n = { 0 };
	int r = cgk_names_parse_docker(buf, size, &n);

	FUZZ_ASSERT(r == 0 || r == -EINVAL || r == -ENOMEM);
	if (r < 0)
		FUZZ_ASSERT(fuzz_name_empty(&n));
	fuzz_name_check(&n);
	FUZZ_ASSERT(!n.init && !n.sandbox);
	cgk_name_done(&n);
	FUZZ_ASSERT(fuzz_name_empty(&n));

	/* a field set before stays */
	fuzz_name_preset(&n, keep);
	r = cgk_names_parse_docker(buf, size, &n);
	FUZZ_ASSERT(n.name == keep);
	cgk_name_done(&n);
	free(buf);
	return 0;
}
