/* SPDX-License-Identifier: MIT */
/* fuzz-cpuinfo - /proc/cpuinfo: cgk_cpuinfo_processor, cgk_view_cpuinfo, cgk_view_cpu_online */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>

#include "fuzz-view.h"
#include "proc.h"

static int processor(const char *line, size_t n, int *ret)
{
	char *buf = fuzz_dup(line, n);
	int r = cgk_cpuinfo_processor(buf, n, ret);

	free(buf);
	return r;
}

static void check_line(const char *line, size_t n, void *ctx)
{
	char again[32];
	int cpu = -7, cpu2, r = processor(line, n, &cpu), k;

	(void)ctx;
	FUZZ_ASSERT(r == 0 || r == 1);
	if (!r) {
		FUZZ_ASSERT(cpu == -7);
		return;
	}
	FUZZ_ASSERT(cpu >= 0 && n > 9 && !memcmp(line, "processor", 9));
	/* the kernel's own form of that line reads the same */
	k = snprintf(again, sizeof(again), "processor\t: %d\n", cpu);
	FUZZ_ASSERT(processor(again, (size_t)k, &cpu2) == 1 && cpu2 == cpu);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char poison[1];
	struct cgk_cgvals v;
	unsigned flags, shown = 0;
	char *host, *out = poison;
	size_t len = 12345;
	int r;

	fuzz_cgvals(&data, &size, &v, &flags);
	fuzz_each_line((const char *)data, size, check_line, NULL);

	host = fuzz_dup(data, size);
	r = cgk_view_cpuinfo(host, size, &v, flags, &out, &len);
	fuzz_check_view(r, out, poison, len);
	FUZZ_ASSERT(r == 0 || r == -ENODATA);
	FUZZ_ASSERT((r == -ENODATA) == !v.cpuset_ok);
	if (r == 0) {
		/* processors renumbered 0, 1, 2... (s390's own lines count too) */
		bool s390 = len >= 9 && !memcmp(out, "vendor_id", 9);

		for (const char *p = out, *e = out + len, *eol; p < e; p = eol + 1) {
			int cpu;

			if (!(eol = memchr(p, '\n', (size_t)(e - p))))
				eol = e;
			if (eol - p > 12 && !memcmp(p, "processor\t: ", 12) &&
			    processor(p, (size_t)(eol - p), &cpu)) {
				FUZZ_ASSERT(s390 || cpu == (int)shown);
				shown++;
			}
		}
		if ((flags & CGK_VIEW_CFS) && cgk_view_max_cpus(&v))
			FUZZ_ASSERT(shown <= cgk_view_max_cpus(&v));
		free(out);
	}
	free(host);

	/* cpu-online of the same values: a list of what the view shows */
	out = poison;
	r = cgk_view_cpu_online(&v, flags, &out, &len);
	fuzz_check_view(r, out, poison, len);
	FUZZ_ASSERT((r == -ENODATA) == !v.cpuset_ok);
	if (r == 0) {
		struct cgk_cpuset s;

		FUZZ_ASSERT(len > 0 && out[len - 1] == '\n');
		FUZZ_ASSERT(cgk_cpulist_parse(out, len, &s) == 0);
		if (!(flags & (CGK_VIEW_CFS | CGK_VIEW_FIX)))
			FUZZ_ASSERT(!memcmp(&s, &v.cpuset, sizeof(s)));
		free(out);
	}
	fuzz_cgvals_done(&v);
	return 0;
}
