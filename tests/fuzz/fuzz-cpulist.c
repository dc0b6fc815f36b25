/* SPDX-License-Identifier: MIT */
/* fuzz-cpulist - cpu lists: format(parse(x)) parses back to the same set */
#include <errno.h>
#include <stdbool.h>

#include "fuzz.h"
#include "knob.h"
#include "util.h"

#define LIST_MAX (CGK_CPU_MAX * 6)	/* "0,2,4,...,4094": the longest list */

static bool isset(const struct cgk_cpuset *s, unsigned i)
{
	return s->bits[i / 64] >> (i % 64) & 1;
}

static bool set_eq(const struct cgk_cpuset *a, const struct cgk_cpuset *b)
{
	return !memcmp(a, b, sizeof(*a));
}

static void parse_ok(const char *text, size_t len, struct cgk_cpuset *ret)
{
	char *buf = fuzz_dup(text, len);

	FUZZ_ASSERT(cgk_cpulist_parse(buf, len, ret) == 0);
	free(buf);
}

/*
 * Independent reading of a list that parsed: each comma-separated "A" or
 * "A-B" (after the one trailing newline) is in the set, and the set holds
 * nothing else.
 */
static void check_members(const char *in, size_t len, const struct cgk_cpuset *s)
{
	struct cgk_cpuset seen = { { 0 } };
	char *t = fuzz_str(in, len && in[len - 1] == '\n' ? len - 1 : len);

	for (char *tok = t, *next; tok && *tok; tok = next) {
		unsigned long a, b;
		char *end;

		next = strchr(tok, ',');
		if (next)
			*next++ = '\0';
		a = b = strtoul(tok, &end, 10);
		if (*end == '-')
			b = strtoul(end + 1, &end, 10);
		FUZZ_ASSERT(*end == '\0' && a <= b && b < CGK_CPU_MAX);
		for (unsigned long i = a; i <= b; i++) {
			FUZZ_ASSERT(isset(s, (unsigned)i));
			seen.bits[i / 64] |= UINT64_C(1) << (i % 64);
		}
	}
	FUZZ_ASSERT(set_eq(&seen, s));
	free(t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cgk_cpuset s, t, empty = { { 0 } }, poison;
	char *buf = fuzz_dup(data, size), *f = fuzz_xmalloc(LIST_MAX), *g;
	int r, len;
	unsigned count = 0;

	memset(&poison, 0xa5, sizeof(poison));
	s = poison;
	r = cgk_cpulist_parse(buf, size, &s);
	free(buf);
	if (r < 0) {
		FUZZ_ASSERT(r == -EINVAL || r == -ERANGE);
		FUZZ_ASSERT(set_eq(&s, &poison));
		free(f);
		return 0;
	}
	FUZZ_ASSERT(r == 0);
	/* NUL bytes are not part of any list, so the input is a C string here */
	FUZZ_ASSERT(!memchr(data, '\0', size));
	check_members((const char *)data, size, &s);

	len = cgk_cpulist_format(&s, f, LIST_MAX);
	FUZZ_ASSERT(len >= 0 && len < LIST_MAX && strlen(f) == (size_t)len);
	/* canonical: parses back to the same set, formats to the same text */
	parse_ok(f, (size_t)len, &t);
	FUZZ_ASSERT(set_eq(&s, &t));
	g = fuzz_cat(f, "\n");
	parse_ok(g, (size_t)len + 1, &t);
	FUZZ_ASSERT(set_eq(&s, &t));
	free(g);
	/* cut copies (snprintf semantics) in blocks of exactly their size */
	for (size_t i = 0, cut[] = { 0, 1, 2, (size_t)len / 2, (size_t)len, (size_t)len + 1 };
	     i < ARRAY_SIZE(cut); i++) {
		size_t n = cut[i];

		g = fuzz_xmalloc(n);
		FUZZ_ASSERT(cgk_cpulist_format(&s, g, n) == len);
		if (n) {
			size_t k = n - 1 < (size_t)len ? n - 1 : (size_t)len;

			FUZZ_ASSERT(!memcmp(g, f, k) && g[k] == '\0');
		}
		free(g);
	}
	for (unsigned i = 0; i < CGK_CPU_MAX; i++)
		count += isset(&s, i);
	FUZZ_ASSERT(cgk_cpuset_count(&s) == count);
	FUZZ_ASSERT(cgk_cpuset_subset(&s, &s) && cgk_cpuset_subset(&empty, &s));
	FUZZ_ASSERT(cgk_cpuset_subset(&s, &empty) == (count == 0));
	FUZZ_ASSERT((len == 0) == (count == 0));
	free(f);
	return 0;
}
