/* SPDX-License-Identifier: MIT */
/* fuzz-size - cgk_size_parse/cgk_size_format round trips, cgk_cpus_format */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>

#include "fuzz.h"
#include "knob.h"

#define POISON UINT64_C(0x5a5a5a5a5a5a5a5a)

/* The unit a formatted size ends with, in bytes (1 for none). */
static uint64_t unit_of(const char *f)
{
	static const char units[] = "KMGTPE";
	size_t n = strlen(f);
	const char *u;

	if (n && (u = strchr(units, f[n - 1])))
		return UINT64_C(1) << (10 * (u - units + 1));
	return 1;
}

/* snprintf semantics: the length with any SIZE, a cut copy in exactly SIZE bytes. */
static void check_cut(const char *full, int len, int (*fmt)(const void *, char *, size_t),
		      const void *arg)
{
	for (size_t size = 0; size <= (size_t)len + 1; size++) {
		char *b = fuzz_xmalloc(size);

		FUZZ_ASSERT(fmt(arg, b, size) == len);
		if (size) {
			size_t k = size - 1 < (size_t)len ? size - 1 : (size_t)len;

			FUZZ_ASSERT(!memcmp(b, full, k) && b[k] == '\0');
		}
		free(b);
	}
}

static int fmt_size(const void *arg, char *buf, size_t size)
{
	return cgk_size_format(*(const uint64_t *)arg, buf, size);
}

/* format(v) parses back to v exactly when it has no decimal point, else
 * to within the rounding of two decimals of its unit. */
static void check_format(uint64_t v)
{
	char f[64];
	uint64_t w = POISON, u, err;
	int len = cgk_size_format(v, f, sizeof(f)), r;

	FUZZ_ASSERT(len > 0 && (size_t)len < sizeof(f) && strlen(f) == (size_t)len);
	check_cut(f, len, fmt_size, &v);
	if (v >= CGK_MEM_UNLIMITED) {
		FUZZ_ASSERT(!strcmp(f, "max"));
		return;
	}
	r = cgk_size_parse(f, &w);
	FUZZ_ASSERT(r == 0);
	if (!strchr(f, '.')) {
		FUZZ_ASSERT(w == v);
		return;
	}
	u = unit_of(f);
	FUZZ_ASSERT(u > 1 && v >= 1024);
	/* the decimals say "rounded": never used for an exact multiple */
	FUZZ_ASSERT(v % u != 0 || v / u >= 1024);
	err = w > v ? w - v : v - w;
	FUZZ_ASSERT(err <= u / 100 + 1);
}

static int fmt_cpus(const void *arg, char *buf, size_t size)
{
	const uint64_t *a = arg;

	return cgk_cpus_format((int64_t)a[0], a[1], buf, size);
}

static void check_cpus(int64_t quota, uint64_t period)
{
	uint64_t arg[2] = { (uint64_t)quota, period };
	char f[64], *dot;
	int len = cgk_cpus_format(quota, period, f, sizeof(f));

	if (quota < 0) {
		FUZZ_ASSERT(len == 3 && !strcmp(f, "max"));
		return;
	}
	if (period == 0) {
		FUZZ_ASSERT(len == -EINVAL);
		return;
	}
	FUZZ_ASSERT(len > 0 && (size_t)len < sizeof(f) && strlen(f) == (size_t)len);
	check_cut(f, len, fmt_cpus, arg);
	dot = strchr(f, '.');
	FUZZ_ASSERT(!dot || strlen(dot) == 3);
	if (!dot && (uint64_t)quota / period < UINT64_MAX / 200) {
		FUZZ_ASSERT((uint64_t)quota % period == 0);
		FUZZ_ASSERT(strtoull(f, NULL, 10) == (uint64_t)quota / period);
		return;
	}
	if (dot) {
		/* two decimals, rounded: compare in exact hundredths */
		unsigned __int128 h = (unsigned __int128)strtoull(f, NULL, 10) * 100 +
				      strtoull(dot + 1, NULL, 10);
		unsigned __int128 want = ((unsigned __int128)(uint64_t)quota * 200 + period) /
					 ((unsigned __int128)period * 2);

		FUZZ_ASSERT(h <= want + 1 && want <= h + 1);
	} else {
		FUZZ_ASSERT(strtoull(f, NULL, 10) == (uint64_t)quota / period);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *d = data;
	size_t n = size;
	uint64_t v = POISON;
	char *s = fuzz_str(data, size);
	int r = cgk_size_parse(s, &v);
	bool digits = *s && strspn(s, "0123456789") == strlen(s);

	if (r < 0) {
		FUZZ_ASSERT(r == -EINVAL || r == -ERANGE);
		FUZZ_ASSERT(v == POISON);
		/* plain digits fail only past UINT64_MAX */
		if (digits)
			FUZZ_ASSERT(r == -ERANGE && strlen(s) >= 20);
	} else {
		FUZZ_ASSERT(r == 0);
		if (digits) {
			errno = 0;
			FUZZ_ASSERT(v == strtoull(s, NULL, 10) && errno == 0);
		}
		if (!strcmp(s, "max") || !strcmp(s, "-1"))
			FUZZ_ASSERT(v == UINT64_MAX);
		check_format(v);
	}
	free(s);

	/* formats of any number, from the input's first bytes */
	v = fuzz_take_u64(&d, &n);
	check_format(v);
	check_format(v >> (v & 63));
	check_cpus((int64_t)v, fuzz_take_u64(&d, &n));
	check_cpus((int64_t)(v >> 8), (uint64_t)(v & 0xfffff));
	return 0;
}
