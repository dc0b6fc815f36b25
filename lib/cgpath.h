/* SPDX-License-Identifier: MIT */
/* cgpath - cgroup path specs, normalisation, /proc/PID/cgroup */
#ifndef CGK_CGPATH_H
#define CGK_CGPATH_H

#include <stdbool.h>
#include <stddef.h>

#define CGK_PATH_MAX 4096

/*
 * Normalise a cgroup path: collapse repeated '/', drop "." components, the
 * leading and the trailing '/'. "/" and "" give "". A ".." component, an
 * embedded newline or a result longer than CGK_PATH_MAX is -EINVAL.
 * Returns 0 and a malloc'd *ret.
 */
int cgk_cgpath_normalize(const char *in, char **ret);

/* True when P (already normalised: no leading '/') is safe below a root fd:
 * not absolute, no "." or ".." component, no empty component. "" is safe. */
bool cgk_cgpath_is_safe(const char *p);

/*
 * A path spec as users write it: "/a/b", "a/b", "cpu,memory:/a/b",
 * "name=systemd:/a". controllers is NULL when the spec has no "CTRLS:"
 * part; path is normalised ("" for the root). "cpu:" (no path) and ":/a"
 * are -EINVAL. A full "/sys/fs/cgroup/..." path is returned as a plain path;
 * hier resolves it against mount points.
 */
struct cgk_spec {
	char *controllers;
	char *path;
};
int cgk_spec_parse(const char *in, struct cgk_spec *ret);
void cgk_spec_done(struct cgk_spec *s);

/*
 * One line of /proc/PID/cgroup: "ID:CONTROLLERS:PATH". v2 lines have
 * id 0 and controllers "". path is as the kernel wrote it (absolute,
 * starting with '/').
 */
struct cgk_pidcg {
	unsigned id;
	char *controllers;
	char *path;
};
/* Parse /proc/PID/cgroup text. 0 with *ret (free with cgk_pidcg_free), *ret_n;
 * -EINVAL on a malformed line. */
int cgk_pidcg_parse(const char *buf, size_t len, struct cgk_pidcg **ret,
		    size_t *ret_n);
void cgk_pidcg_free(struct cgk_pidcg *a, size_t n);

/* True when comma lists A and B name the same set of controllers. */
bool cgk_ctrls_equal(const char *a, const char *b);
/* True when comma list LIST contains controller C exactly. */
bool cgk_ctrls_has(const char *list, const char *c);

#endif
