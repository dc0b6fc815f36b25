/* SPDX-License-Identifier: MIT */
/* fuzz-names-conmon - cgk_names_parse_conmon and _dockerd on any /proc/PID/cmdline */
#include "fuzz-names.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = fuzz_dup(data, size);
	struct cgk_conmon c, poison;
	int r;

	memset(&poison, 0x5a, sizeof(poison));
	c = poison;
	r = cgk_names_parse_conmon(buf, size, &c);
	FUZZ_ASSERT(r == 0 || r == 1 || r == -ENOMEM);
	if (r != 1) {
		FUZZ_ASSERT(!memcmp(&c, &poison, sizeof(c)));
	} else {
		FUZZ_ASSERT(c.id && memmem(buf, size, "conmon", 6));
		fuzz_name_field(c.id);
		fuzz_name_field(c.name);
		FUZZ_ASSERT(!c.bundle || c.bundle[0] == '/');
		FUZZ_ASSERT(!c.root || c.root[0] == '/');
		cgk_conmon_done(&c);
		FUZZ_ASSERT(!c.id && !c.name && !c.bundle && !c.root);
	}
	cgk_conmon_done(NULL);

	/* the same bytes as dockerd's command line */
	{
		char *root = (char *)"poison", *config = (char *)"poison";

		r = cgk_names_parse_dockerd(buf, size, &root, &config);
		FUZZ_ASSERT(r == 0 || r == 1 || r == -ENOMEM);
		if (r != 1) {
			FUZZ_ASSERT(!strcmp(root, "poison") && !strcmp(config, "poison"));
		} else {
			FUZZ_ASSERT(!root || (root[0] == '/' && strlen(root) < 4096));
			FUZZ_ASSERT(!config || (config[0] == '/' && strlen(config) < 4096));
			free(root);
			free(config);
		}
	}
	free(buf);
	return 0;
}
