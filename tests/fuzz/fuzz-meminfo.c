/* SPDX-License-Identifier: MIT */
/* fuzz-meminfo - cgk_meminfo_get: exact keys, values from the key's own line */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>

#include "fuzz.h"
#include "proc.h"
#include "util.h"

#define POISON UINT64_C(0x5a5a5a5a5a5a5a5a)

/* The first line of BUF[0..LEN) that starts with KEY and ':', or NULL. */
static const char *key_line(const char *buf, size_t len, const char *key, size_t *ret_n)
{
	size_t k = strlen(key);

	for (const char *p = buf, *e = buf + len, *eol; p < e; p = eol + 1) {
		if (!(eol = memchr(p, '\n', (size_t)(e - p))))
			eol = e;
		if ((size_t)(eol - p) > k && !memcmp(p, key, k) && p[k] == ':') {
			*ret_n = (size_t)(eol - p);
			return p;
		}
	}
	return NULL;
}

static void check_key(const char *text, size_t len, const char *key)
{
	char *buf = fuzz_dup(text, len), num[32];
	const char *line;
	size_t n = 0;
	uint64_t v = POISON;
	int r = cgk_meminfo_get(buf, len, key, &v);

	free(buf);
	if (!*key || strchr(key, ':') || strchr(key, '\n')) {
		FUZZ_ASSERT(r == -EINVAL && v == POISON);
		return;
	}
	line = key_line(text, len, key, &n);
	if (r < 0) {
		FUZZ_ASSERT(v == POISON);
		FUZZ_ASSERT(r == -EINVAL || r == -ERANGE || r == -ENOENT);
		FUZZ_ASSERT((r == -ENOENT) == !line);
		return;
	}
	FUZZ_ASSERT(r == 0 && line);
	/* the value is the number written on that line, and nothing else is */
	sprintf(num, "%" PRIu64, v);
	{
		char *l = fuzz_str(line, n), *digits = l + strlen(key) + 1;

		digits += strspn(digits, " \t");
		while (*digits == '0' && digits[1] >= '0' && digits[1] <= '9')
			digits++;	/* leading zeros */
		FUZZ_ASSERT(!strncmp(digits, num, strlen(num)));
		digits += strlen(num);
		digits += strspn(digits, " \t");
		FUZZ_ASSERT(!*digits || !strcmp(digits, "kB") || !strncmp(digits, "kB ", 3));
		free(l);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const keys[] = {
		"MemTotal", "MemFree", "MemAvailable", "Cached", "SwapTotal", "SwapFree",
		"Active(file)", "Inactive(file)", "HugePages_Total", "Hugepagesize",
		"Shmem", "Mem", "SwapCached",
	};
	const char *text = (const char *)data + 1;
	uint8_t sel = size ? data[0] : 0;
	const char *nul;

	if (size == 0)
		return 0;
	size--;
	if (sel < ARRAY_SIZE(keys)) {
		check_key(text, size, keys[sel]);
	} else if ((nul = memchr(text, '\0', size))) {
		/* a key of the input's own, up to the first NUL */
		check_key(nul + 1, size - (size_t)(nul + 1 - text), text);
	} else {
		check_key(text, size, keys[sel % ARRAY_SIZE(keys)]);
	}
	return 0;
}
