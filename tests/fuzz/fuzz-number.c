/* SPDX-License-Identifier: MIT */
/* fuzz-number - cgk_parse_u64/s64 against strtoull/strtoll, cgk_keyed_u64 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>

#include "fuzz.h"
#include "util.h"

#define POISON UINT64_C(0x5a5a5a5a5a5a5a5a)

/* The number BUF[0..LEN) holds once the blanks and one newline the parsers
 * allow are trimmed, as [*B, *E). */
static void trimmed(const char *buf, size_t len, const char **b, const char **e)
{
	*b = buf;
	*e = buf + len;
	while (*b < *e && (**b == ' ' || **b == '\t'))
		(*b)++;
	if (*b < *e && (*e)[-1] == '\n')
		(*e)--;
	while (*b < *e && ((*e)[-1] == ' ' || (*e)[-1] == '\t'))
		(*e)--;
}

static void check_u64(const char *text, size_t len)
{
	char *buf = fuzz_dup(text, len), *s, *end;
	uint64_t v = POISON;
	const char *b, *e;
	unsigned long long ref;
	int r = cgk_parse_u64(buf, len, &v);

	free(buf);
	trimmed(text, len, &b, &e);
	s = fuzz_str(b, (size_t)(e - b));
	if (b == e || strspn(s, "0123456789") != (size_t)(e - b)) {
		FUZZ_ASSERT(r == -EINVAL && v == POISON);
		free(s);
		return;
	}
	errno = 0;
	ref = strtoull(s, &end, 10);
	if (errno == ERANGE)
		FUZZ_ASSERT(r == -ERANGE && v == POISON);
	else
		FUZZ_ASSERT(r == 0 && v == ref && *end == '\0');
	free(s);
}

static void check_s64(const char *text, size_t len)
{
	char *buf = fuzz_dup(text, len), *s, *end;
	int64_t v = (int64_t)POISON;
	const char *b, *e;
	size_t sign;
	long long ref;
	int r = cgk_parse_s64(buf, len, &v);

	free(buf);
	trimmed(text, len, &b, &e);
	s = fuzz_str(b, (size_t)(e - b));
	sign = *s == '-' || *s == '+';
	if ((size_t)(e - b) == sign || strspn(s + sign, "0123456789") != (size_t)(e - b) - sign) {
		FUZZ_ASSERT(r == -EINVAL && v == (int64_t)POISON);
		free(s);
		return;
	}
	errno = 0;
	ref = strtoll(s, &end, 10);
	if (errno == ERANGE)
		FUZZ_ASSERT(r == -ERANGE && v == (int64_t)POISON);
	else
		FUZZ_ASSERT(r == 0 && v == ref && *end == '\0');
	free(s);
}

static void check_keyed(const char *text, size_t len, const char *key)
{
	char *buf = fuzz_dup(text, len);
	uint64_t v = POISON, w = POISON;
	size_t k = strlen(key);
	int r = cgk_keyed_u64(buf, len, key, &v), rw = -ENOENT;

	free(buf);
	/* the value of the first line that starts with KEY and a blank */
	for (const char *p = text, *e = text + len, *eol; p < e; p = eol + 1) {
		if (!(eol = memchr(p, '\n', (size_t)(e - p))))
			eol = e;
		if ((size_t)(eol - p) > k && !memcmp(p, key, k) && p[k] == ' ') {
			buf = fuzz_dup(p + k + 1, (size_t)(eol - p) - k - 1);
			rw = cgk_parse_u64(buf, (size_t)(eol - p) - k - 1, &w);
			free(buf);
			break;
		}
	}
	FUZZ_ASSERT(r == rw && v == w);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const keys[] = {
		"usage_usec", "nr_periods", "nr_throttled", "throttled_time", "total_rss",
		"cache", "a", "usage",
	};
	const char *text = (const char *)data;

	check_u64(text, size);
	check_s64(text, size);
	if (size)
		check_keyed(text + 1, size - 1, keys[data[0] % ARRAY_SIZE(keys)]);
	return 0;
}
