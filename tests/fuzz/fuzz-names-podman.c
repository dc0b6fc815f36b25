/* SPDX-License-Identifier: MIT */
/* fuzz-names-podman - cgk_names_parse_podman on any containers.json; the
 * first line of the input is the id looked up */
#include "fuzz-names.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	size_t idn = nl ? (size_t)(nl - data) : 0, rest = nl ? size - idn - 1 : size;
	char *id = fuzz_str(data, idn), *buf = fuzz_dup(nl ? nl + 1 : data, rest);
	struct cgk_name n = { 0 };
	int r = cgk_names_parse_podman(buf, rest, id, &n);

	FUZZ_ASSERT(r == 0 || r == -EINVAL || r == -ENOMEM || r == -ENOENT);
	if (r < 0)
		FUZZ_ASSERT(fuzz_name_empty(&n));
	fuzz_name_check(&n);
	FUZZ_ASSERT(!n.pod_ns && !n.pod_name && !n.container && !n.init);
	cgk_name_done(&n);
	FUZZ_ASSERT(cgk_names_parse_podman(buf, rest, NULL, &n) == -EINVAL && fuzz_name_empty(&n));
	free(buf);
	free(id);
	return 0;
}
