/* SPDX-License-Identifier: MIT */
/* fuzz-ns-environ - cgk_ns_environ_split on arbitrary /proc/PID/environ bytes
 * (make fuzz with ./configure CC=clang --enable-fuzz; make check replays the corpus) */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ns.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1), **env;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	if (cgk_ns_environ_split(buf, size, &env) == 0) {
		/* every entry: inside BUF, NUL-terminated there, NAME=VALUE with a NAME */
		for (char **e = env; *e; e++) {
			if (*e < buf || *e >= buf + size || !strchr(*e, '=') || **e == '=')
				abort();
		}
		free(env);
	}
	free(buf);
	return 0;
}
