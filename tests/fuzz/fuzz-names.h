/* SPDX-License-Identifier: MIT */
/* fuzz-names - what the lib/names readers' fuzz targets check of a result */
#ifndef CGK_FUZZ_NAMES_H
#define CGK_FUZZ_NAMES_H

#include <errno.h>
#include <stdbool.h>

#include "fuzz.h"
#include "names.h"

/* A field is NULL or a printable string of 1 to CGK_NAME_MAX bytes. */
static inline void fuzz_name_field(const char *s)
{
	size_t n;

	if (!s)
		return;
	n = strlen(s);
	FUZZ_ASSERT(n >= 1 && n <= CGK_NAME_MAX);
	for (size_t i = 0; i < n; i++)
		FUZZ_ASSERT((unsigned char)s[i] >= 0x20 && s[i] != 0x7f);
}

static inline void fuzz_name_check(const struct cgk_name *n)
{
	const char *f[] = { n->name, n->image, n->pod_ns, n->pod_name, n->pod_uid,
			    n->container, n->project, n->service };

	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		fuzz_name_field(f[i]);
}

static inline bool fuzz_name_empty(const struct cgk_name *n)
{
	return !n->name && !n->image && !n->pod_ns && !n->pod_name && !n->pod_uid &&
	       !n->container && !n->project && !n->service && !n->sandbox && !n->init;
}

/* A reader merges: a field already set stays (the same pointer). */
static inline void fuzz_name_preset(struct cgk_name *n, char *keep)
{
	memset(n, 0, sizeof(*n));
	n->name = keep;
}

#endif
