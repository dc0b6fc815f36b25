/* SPDX-License-Identifier: MIT */
/* fuzz - what the libFuzzer targets of tests/fuzz share */
#ifndef CGK_FUZZ_H
#define CGK_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* libFuzzer's entry point, also called by replay.c's main(). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An invariant of the parser under test: report and abort, which both
 * libFuzzer and the replay driver record as a failure. */
#define FUZZ_ASSERT(c)							\
	do {								\
		if (!(c)) {						\
			fprintf(stderr, "%s:%d: invariant broken: %s\n",	\
				__FILE__, __LINE__, #c);		\
			abort();					\
		}							\
	} while (0)

/* Out of memory in the harness itself: not the parser's fault, stop. */
static inline void *fuzz_xmalloc(size_t n)
{
	void *p = malloc(n);

	if (!p && n) {
		fprintf(stderr, "fuzz: out of memory\n");
		abort();
	}
	return p;
}

/* DATA[0..SIZE) in a heap block of exactly SIZE bytes, not NUL-terminated,
 * so that ASan catches any read past the length the parser was given. */
static inline char *fuzz_dup(const void *data, size_t size)
{
	char *p = fuzz_xmalloc(size);

	if (size)
		memcpy(p, data, size);
	return p;
}

/* DATA[0..SIZE) as a C string in a block of exactly SIZE + 1 bytes (an
 * embedded NUL ends the string early, as it would for a real caller). */
static inline char *fuzz_str(const void *data, size_t size)
{
	char *p = fuzz_xmalloc(size + 1);

	if (size)
		memcpy(p, data, size);
	p[size] = '\0';
	return p;
}

/* The concatenation of A and B as a C string (exact size). */
static inline char *fuzz_cat(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	char *p = fuzz_xmalloc(na + nb + 1);

	memcpy(p, a, na);
	memcpy(p + na, b, nb + 1);
	return p;
}

/* Take one byte off the front of the input (0 when it is empty). */
static inline uint8_t fuzz_take_u8(const uint8_t **data, size_t *size)
{
	uint8_t b = 0;

	if (*size) {
		b = **data;
		(*data)++;
		(*size)--;
	}
	return b;
}

/* Take up to 8 bytes off the front of the input as a little-endian number. */
static inline uint64_t fuzz_take_u64(const uint8_t **data, size_t *size)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < 8 && *size; i++)
		v |= (uint64_t)fuzz_take_u8(data, size) << (8 * i);
	return v;
}

/* FN(line, length, CTX) for each line of S[0..N), its '\n' included where
 * there is one. */
static inline void fuzz_each_line(const char *s, size_t n,
				  void (*fn)(const char *line, size_t len, void *ctx), void *ctx)
{
	for (const char *p = s, *e = s + n, *eol; p < e; p = eol + 1) {
		if (!(eol = memchr(p, '\n', (size_t)(e - p))))
			eol = e;
		fn(p, (size_t)(eol - p) + (eol < e), ctx);
	}
}

#endif
