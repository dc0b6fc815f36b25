/* SPDX-License-Identifier: MIT */
/* fuzz-pidstat - cgk_pidstat_parse: fields read back from the line it would make */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdbool.h>

#include "fuzz.h"
#include "proc.h"

static bool same(const struct cgk_pidstat *a, const struct cgk_pidstat *b)
{
	return a->pid == b->pid && !strcmp(a->comm, b->comm) && a->state == b->state &&
	       a->ppid == b->ppid && a->flags == b->flags && a->utime == b->utime &&
	       a->stime == b->stime && a->starttime == b->starttime &&
	       a->num_threads == b->num_threads;
}

static int parse(const char *text, size_t len, struct cgk_pidstat *ret)
{
	char *buf = fuzz_dup(text, len);
	int r = cgk_pidstat_parse(buf, len, ret);

	free(buf);
	return r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cgk_pidstat st, st2, poison;
	char line[512], *more;
	int r, n;

	memset(&poison, 0x5a, sizeof(poison));
	memcpy(&st, &poison, sizeof(st));
	r = parse((const char *)data, size, &st);
	if (r < 0) {
		FUZZ_ASSERT(r == -EINVAL);
		FUZZ_ASSERT(!memcmp(&st, &poison, sizeof(st)));
		return 0;
	}
	FUZZ_ASSERT(r == 0);
	FUZZ_ASSERT(st.pid > 0 && st.ppid >= 0);
	FUZZ_ASSERT(memchr(st.comm, '\0', sizeof(st.comm)));
	FUZZ_ASSERT(st.state != ' ');
	FUZZ_ASSERT(cgk_pidstat_is_kthread(&st) ==
		    ((st.flags & CGK_PF_KTHREAD) || st.pid == 2 || st.ppid == 2));

	/* the line the kernel would write for it: the same fields */
	n = snprintf(line, sizeof(line),
		     "%d (%s) %c %d 1 1 0 -1 %u 10 0 0 0 %" PRIu64 " %" PRIu64
		     " 0 0 20 0 %u 0 %" PRIu64 " 1000 200 18446744073709551615\n",
		     (int)st.pid, st.comm, st.state, (int)st.ppid, st.flags, st.utime,
		     st.stime, st.num_threads, st.starttime);
	FUZZ_ASSERT(n > 0 && (size_t)n < sizeof(line));
	st2 = poison;
	FUZZ_ASSERT(parse(line, (size_t)n, &st2) == 0);
	FUZZ_ASSERT(same(&st, &st2));

	/* a trailing newline or more fields change nothing */
	more = fuzz_xmalloc(size + 8);
	memcpy(more, data, size);
	if (size && data[size - 1] == '\n') {
		memcpy(more + size - 1, " 0 0\n", 5);
		n = (int)size + 4;
	} else {
		more[size] = '\n';
		n = (int)size + 1;
	}
	st2 = poison;
	FUZZ_ASSERT(parse(more, (size_t)n, &st2) == 0);
	FUZZ_ASSERT(same(&st, &st2));
	free(more);
	return 0;
}
