/* SPDX-License-Identifier: MIT */
/* fuzz-names-state - cgk_names_parse_state on any runc state.json */
#include "fuzz-names.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = fuzz_dup(data, size), *bundle = (char *)"poison";
	struct cgk_name n = { 0 };
	pid_t pid = -7;
	uint64_t start = 7;
	int r = cgk_names_parse_state(buf, size, &n, &pid, &start, &bundle);

	FUZZ_ASSERT(r == 0 || r == -EINVAL || r == -ENOMEM);
	if (r < 0) {
		FUZZ_ASSERT(fuzz_name_empty(&n) && pid == -7 && start == 7);
		FUZZ_ASSERT(!strcmp(bundle, "poison"));
	} else {
		FUZZ_ASSERT(pid >= 0 && (pid > 0 || start == 0));
		if (bundle)
			FUZZ_ASSERT(*bundle);
		free(bundle);
	}
	fuzz_name_check(&n);
	FUZZ_ASSERT(!n.init);
	cgk_name_done(&n);
	FUZZ_ASSERT(cgk_names_parse_state(buf, size, &n, NULL, NULL, NULL) == r);
	fuzz_name_check(&n);
	cgk_name_done(&n);
	free(buf);
	return 0;
}
