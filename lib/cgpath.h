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
 * not absolute, no "." or ".." component, no empty component, no newline,
 * at most CGK_PATH_MAX bytes. "" is safe; NULL is not. */
bool cgk_cgpath_is_safe(const char *p);

/*
 * A path spec as users write it: "/a/b", "a/b", "cpu,memory:/a/b",
 * "name=systemd:/a". controllers is NULL when the spec has no "CTRLS:"
 * part; path is normalised ("" for the root). "cpu:" (no path), ":/a", "",
 * a bad controller name ([A-Za-z0-9_.-], or "name=" and one) and ".." are
 * -EINVAL. A ':' after the first '/' is part of the path ("/a:b" has no
 * controllers). A full "/sys/fs/cgroup/..." path is returned as a plain
 * path; hier resolves it against mount points. 0 with *ret filled (free its
 * members with cgk_spec_done), *ret untouched on error.
 */
struct cgk_spec {
	char *controllers;
	char *path;
};
int cgk_spec_parse(const char *in, struct cgk_spec *ret);
/* Free S's members and set them to NULL. NULL is fine. */
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
/* Parse /proc/PID/cgroup text. 0 with *ret (free with cgk_pidcg_free; NULL
 * when *ret_n is 0), *ret_n; -EINVAL on a malformed line (empty lines are
 * skipped), -E2BIG past 1024 lines; outputs untouched on error. */
int cgk_pidcg_parse(const char *buf, size_t len, struct cgk_pidcg **ret,
		    size_t *ret_n);
/* Free an array from cgk_pidcg_parse. NULL is fine. */
void cgk_pidcg_free(struct cgk_pidcg *a, size_t n);

/* True when comma lists A and B name the same set of controllers, in any
 * order ("cpu,cpuacct" == "cpuacct,cpu"). NULL counts as "". */
bool cgk_ctrls_equal(const char *a, const char *b);
/* True when comma list LIST contains controller C exactly, never by prefix
 * ("cpuacct" does not have "cpu"). False for NULL or "". */
bool cgk_ctrls_has(const char *list, const char *c);

#endif
