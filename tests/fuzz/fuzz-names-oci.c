/* SPDX-License-Identifier: MIT */
/* fuzz-names-oci - cgk_names_parse_oci, _options and _daemon_json on any
 * bundle config.json, options.json, daemon.json */
#include "fuzz-names.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = fuzz_dup(data, size), *host = (char *)"poison", *root = (char *)"poison";
	struct cgk_name n = { 0 };
	int r = cgk_names_parse_oci(buf, size, &n, &host);

	FUZZ_ASSERT(r == 0 || r == -EINVAL || r == -ENOMEM);
	if (r < 0) {
		FUZZ_ASSERT(fuzz_name_empty(&n) && !strcmp(host, "poison"));
	} else {
		FUZZ_ASSERT(!host || (host[0] == '/' && strlen(host) < 4096));
		free(host);
	}
	fuzz_name_check(&n);
	cgk_name_done(&n);
	FUZZ_ASSERT(cgk_names_parse_oci(buf, size, &n, NULL) == r);
	cgk_name_done(&n);

	r = cgk_names_parse_options(buf, size, &root);
	FUZZ_ASSERT(r == 0 || r == -EINVAL || r == -ENOMEM);
	if (r < 0) {
		FUZZ_ASSERT(!strcmp(root, "poison"));
	} else {
		FUZZ_ASSERT(!root || (root[0] == '/' && strlen(root) < 4096));
		free(root);
	}

	/* the same bytes as dockerd's daemon.json */
	root = (char *)"poison";
	r = cgk_names_parse_daemon_json(buf, size, &root);
	FUZZ_ASSERT(r == 0 || r == -EINVAL || r == -ENOMEM);
	if (r < 0) {
		FUZZ_ASSERT(!strcmp(root, "poison"));
	} else {
		FUZZ_ASSERT(!root || (root[0] == '/' && strlen(root) < 4096));
		free(root);
	}
	free(buf);
	return 0;
}
