/* SPDX-License-Identifier: MIT */
/* fuzz-cgpath - path specs, cgk_cgpath_normalize and cgk_cgpath_is_safe agree */
#include <errno.h>
#include <stdbool.h>

#include "cgpath.h"
#include "fuzz.h"

static char poison[1];

/* normalize(IN) as a string, NULL when it fails (then checks the failure). */
static char *norm(const char *in)
{
	char *out = poison;
	int r = cgk_cgpath_normalize(in, &out);

	if (r < 0) {
		FUZZ_ASSERT(r == -EINVAL);
		FUZZ_ASSERT(out == poison);
		return NULL;
	}
	FUZZ_ASSERT(r == 0 && out && out != poison);
	return out;
}

static bool has_dotdot(const char *s)
{
	for (const char *p = s; (p = strstr(p, "..")); p++)
		if ((p == s || p[-1] == '/') && (p[2] == '/' || p[2] == '\0'))
			return true;
	return false;
}

static void check_normalize(const char *s)
{
	char *out = norm(s), *again, *t;

	if (!out) {
		/* only a "..", a newline or a too long result are refused */
		FUZZ_ASSERT(has_dotdot(s) || strchr(s, '\n') || strlen(s) > CGK_PATH_MAX);
		FUZZ_ASSERT(!cgk_cgpath_is_safe(s));
		return;
	}
	FUZZ_ASSERT(strlen(out) <= CGK_PATH_MAX && strlen(out) <= strlen(s));
	FUZZ_ASSERT(cgk_cgpath_is_safe(out));
	/* a normal path is its own normal form */
	again = norm(out);
	FUZZ_ASSERT(again && !strcmp(again, out));
	free(again);
	/* leading and trailing slashes do not matter */
	t = fuzz_cat("/", s);
	again = norm(t);
	FUZZ_ASSERT(again && !strcmp(again, out));
	free(again);
	free(t);
	t = fuzz_cat(s, "/./");
	again = norm(t);
	FUZZ_ASSERT(again && !strcmp(again, out));
	free(again);
	free(t);
	/* a safe path is already normal */
	if (cgk_cgpath_is_safe(s))
		FUZZ_ASSERT(!strcmp(s, out));
	free(out);
}

static void check_spec(const char *s)
{
	struct cgk_spec sp = { poison, poison }, sp2 = { poison, poison };
	char *t;
	int r = cgk_spec_parse(s, &sp);

	if (r < 0) {
		FUZZ_ASSERT(r == -EINVAL);
		FUZZ_ASSERT(sp.controllers == poison && sp.path == poison);
		return;
	}
	FUZZ_ASSERT(r == 0 && sp.path && sp.path != poison && sp.controllers != poison);
	FUZZ_ASSERT(cgk_cgpath_is_safe(sp.path));
	if (sp.controllers) {
		FUZZ_ASSERT(*sp.controllers && !strchr(sp.controllers, ':') &&
			    !strchr(sp.controllers, '/'));
		t = fuzz_xmalloc(strlen(sp.controllers) + strlen(sp.path) + 3);
		sprintf(t, "%s:/%s", sp.controllers, sp.path);
	} else {
		t = fuzz_cat("/", sp.path);
	}
	/* the spec in its normal form parses to the same */
	r = cgk_spec_parse(t, &sp2);
	FUZZ_ASSERT(r == 0);
	FUZZ_ASSERT(!sp.controllers == !sp2.controllers);
	FUZZ_ASSERT(!sp.controllers || !strcmp(sp.controllers, sp2.controllers));
	FUZZ_ASSERT(!strcmp(sp.path, sp2.path));
	free(t);
	cgk_spec_done(&sp2);
	cgk_spec_done(&sp);
	FUZZ_ASSERT(!sp.controllers && !sp.path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size);

	check_normalize(s);
	check_spec(s);
	FUZZ_ASSERT(!cgk_cgpath_is_safe(NULL));
	free(s);
	return 0;
}
