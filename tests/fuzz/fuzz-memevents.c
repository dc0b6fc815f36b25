/* SPDX-License-Identifier: MIT */
/* fuzz-memevents - cgk_sample_memevents_parse (v2 memory.events) and
 * cgk_sample_oomcontrol_parse (v1 memory.oom_control) on the same input */
#include <errno.h>
#include <inttypes.h>

#include "fuzz.h"
#include "sample.h"

static int parse_oc(const char *text, size_t len, uint64_t *ret)
{
	char *buf = fuzz_dup(text, len);
	int r = cgk_sample_oomcontrol_parse(buf, len, ret);

	free(buf);
	return r;
}

/* memory.oom_control: untouched on error; written back as v1 writes it, read the same */
static void oom_control(const uint8_t *data, size_t size)
{
	uint64_t k = 77, k2;
	char text[128];
	int r = parse_oc((const char *)data, size, &k), n;

	if (r < 0) {
		FUZZ_ASSERT(r == -EINVAL || r == -ERANGE || r == -ENOENT);
		FUZZ_ASSERT(k == 77);
		return;
	}
	FUZZ_ASSERT(r == 0);
	n = snprintf(text, sizeof(text), "oom_kill_disable 0\nunder_oom 0\noom_kill %" PRIu64 "\n", k);
	FUZZ_ASSERT(parse_oc(text, (size_t)n, &k2) == 0 && k2 == k);
}

static int parse(const char *text, size_t len, struct cgk_memevents *ret)
{
	char *buf = fuzz_dup(text, len);
	int r = cgk_sample_memevents_parse(buf, len, ret);

	free(buf);
	return r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cgk_memevents e = { .high = 77, .max = 77, .oom = 77, .oom_kill = 77 }, f;
	char text[256];
	int r, n;

	oom_control(data, size);
	r = parse((const char *)data, size, &e);
	if (r < 0) {
		FUZZ_ASSERT(r == -EINVAL || r == -ERANGE || r == -ENOENT);
		FUZZ_ASSERT(e.high == 77 && e.max == 77 && e.oom == 77 && e.oom_kill == 77);
		return 0;
	}
	FUZZ_ASSERT(r == 0);
	/* written back as the kernel writes it (other keys too), read the same */
	n = snprintf(text, sizeof(text),
		     "low 5\nhigh %" PRIu64 "\nmax %" PRIu64 "\noom %" PRIu64 "\noom_kill %" PRIu64
		     "\noom_group_kill 0\n", e.high, e.max, e.oom, e.oom_kill);
	FUZZ_ASSERT(parse(text, (size_t)n, &f) == 0 && f.high == e.high && f.max == e.max &&
		    f.oom == e.oom && f.oom_kill == e.oom_kill);
	/* one key short: -ENOENT */
	n = snprintf(text, sizeof(text), "high %" PRIu64 "\nmax 1\noom 2\n", e.high);
	FUZZ_ASSERT(parse(text, (size_t)n, &f) == -ENOENT);
	return 0;
}
