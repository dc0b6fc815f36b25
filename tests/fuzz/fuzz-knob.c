/* SPDX-License-Identifier: MIT */
/* fuzz-knob - cgk_knob_check/cgk_knob_value on every knob of the table */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>

#include "fuzz.h"
#include "knob.h"
#include "util.h"

#define OUT_MAX (CGK_VALUE_MAX + 64)

/*
 * What VALUE gives for knob K, checked: -EINVAL with a reason, or the
 * kernel's text, which is itself a value the knob takes and gives back
 * unchanged (what a tool writes is what it checked).
 */
static void check_value(const struct cgk_knob *k, const char *value, size_t whysize, bool cuts)
{
	char out[OUT_MAX], out2[OUT_MAX], why[256], *small, *w;
	int r, r2, c;

	why[0] = '\0';
	r = cgk_knob_value(k, value, out, sizeof(out), why, sizeof(why));
	c = cgk_knob_check(k, value, NULL, 0);
	if (r < 0) {
		FUZZ_ASSERT(r == -EINVAL);
		FUZZ_ASSERT(c == -EINVAL);
		FUZZ_ASSERT(why[0] && strlen(why) < sizeof(why));
		if (!cuts)
			return;
		/* a reason cut to a small block of exactly its size */
		w = fuzz_xmalloc(whysize);
		FUZZ_ASSERT(cgk_knob_value(k, value, out, sizeof(out), w, whysize) == -EINVAL);
		FUZZ_ASSERT(!whysize || strlen(w) < whysize);
		free(w);
		return;
	}
	FUZZ_ASSERT(c == 0);
	FUZZ_ASSERT((size_t)r < sizeof(out) && strlen(out) == (size_t)r);
	FUZZ_ASSERT(!strchr(out, '\n'));
	FUZZ_ASSERT(!(k->flags & CGK_KF_RO) || !strcmp(out, "0"));

	r2 = cgk_knob_value(k, out, out2, sizeof(out2), NULL, 0);
	if (r2 != r || strcmp(out, out2)) {
		fprintf(stderr, "%s: '%s' -> '%s' -> '%s' (%d)\n", k->name, value, out,
			r2 >= 0 ? out2 : "", r2);
		FUZZ_ASSERT(!"the kernel's text is a fixed point");
	}

	/* numbers land in the knob's range, or are its no-limit word */
	if ((k->type == CGK_KT_U64 || k->type == CGK_KT_S64) && k->min <= k->max &&
	    strcmp(out, "-1") && strcmp(out, "max")) {
		if (k->type == CGK_KT_S64) {
			long long v = strtoll(out, NULL, 10);

			FUZZ_ASSERT(v >= k->min && v <= k->max);
		} else {
			unsigned long long v = strtoull(out, NULL, 10);

			FUZZ_ASSERT(out[0] != '-');
			FUZZ_ASSERT(v >= (uint64_t)k->min && v <= (uint64_t)k->max);
		}
	}
	if (!cuts)
		return;
	/* a buffer too small by one is -ENOBUFS, never overrun; the exact size works */
	small = fuzz_xmalloc((size_t)r);
	FUZZ_ASSERT(cgk_knob_value(k, value, small, (size_t)r, NULL, 0) == -ENOBUFS);
	free(small);
	small = fuzz_xmalloc((size_t)r + 1);
	FUZZ_ASSERT(cgk_knob_value(k, value, small, (size_t)r + 1, NULL, 0) == r);
	FUZZ_ASSERT(!strcmp(small, out));
	free(small);

}

/* snprintf semantics of cgk_knob_humanize, into blocks of exactly their size. */
static void check_humanize(const char *name, const char *raw, bool cuts)
{
	char full[OUT_MAX + 32], *b;
	int len = cgk_knob_humanize(name, raw, full, sizeof(full));

	FUZZ_ASSERT(len >= 0);
	if ((size_t)len >= sizeof(full))
		return;
	FUZZ_ASSERT(strlen(full) == (size_t)len);
	if (!cuts)
		return;
	for (size_t n = 0; n <= (size_t)len + 1; n += 1 + n / 4) {
		b = fuzz_xmalloc(n);
		FUZZ_ASSERT(cgk_knob_humanize(name, raw, b, n) == len);
		if (n) {
			size_t k = n - 1 < (size_t)len ? n - 1 : (size_t)len;

			FUZZ_ASSERT(!memcmp(b, full, k) && b[k] == '\0');
		}
		free(b);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t n, whysize = fuzz_take_u8(&data, &size) % 24, one;
	const struct cgk_knob *t = cgk_knob_table(&n), *k;
	char *value, ctl[32], *ctlbuf;
	const char *c;

	/* every knob; the cut buffers (slow under ASan) on one of them */
	one = (size_t)fuzz_take_u8(&data, &size) * n / 256;
	value = fuzz_str(data, size);
	for (size_t i = 0; i < n; i++) {
		check_value(&t[i], value, whysize, i == one);
		check_humanize(t[i].name, value, i == one);
	}
	FUZZ_ASSERT(cgk_knob_value(NULL, value, ctl, sizeof(ctl), NULL, 0) == -EINVAL);

	/* the value taken as a file name */
	k = cgk_knob_find(value);
	FUZZ_ASSERT(!k || !strcmp(k->name, value));
	check_humanize(value, value, true);
	c = cgk_knob_controller(value, ctl, sizeof(ctl));
	FUZZ_ASSERT(!c || (c == ctl && strlen(c) < sizeof(ctl) && !strchr(c, '.')));
	if (k)
		FUZZ_ASSERT(c && !strcmp(c, k->controller));
	ctlbuf = fuzz_xmalloc(whysize);
	c = cgk_knob_controller(value, ctlbuf, whysize);
	FUZZ_ASSERT(!c || strlen(c) < whysize);
	free(ctlbuf);
	free(value);
	return 0;
}
