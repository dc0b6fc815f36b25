/* SPDX-License-Identifier: MIT */
/* fuzz-viewmem - cgk_view_meminfo, _swaps, _limits, _uptime, _loadavg on host meminfo */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>

#include "fuzz-view.h"
#include "proc.h"

/* The kB value of KEY in meminfo text, -1 when absent or not a number. */
static int64_t kb(const char *text, size_t len, const char *key)
{
	uint64_t v;

	return cgk_meminfo_get(text, len, key, &v) == 0 && v <= INT64_MAX ? (int64_t)v : -1;
}

static size_t count_lines(const char *s, size_t n)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		k += s[i] == '\n';
	return k + (n && s[n - 1] != '\n');
}

static void check_meminfo(const char *host, size_t hlen, const struct cgk_cgvals *v,
			  unsigned flags)
{
	static char poison[1];
	char *out = poison;
	size_t len = 12345;
	int r = cgk_view_meminfo(host, hlen, v, flags, &out, &len);

	fuzz_check_view(r, out, poison, len);
	FUZZ_ASSERT(r == 0 || r == CGK_VIEW_HOST);
	FUZZ_ASSERT((r == CGK_VIEW_HOST) == !v->mem);
	if (r)
		return;
	/* line for line: values replaced, other lines as they were */
	FUZZ_ASSERT(count_lines(out, len) == count_lines(host, hlen));
	/* MemTotal never above the host's; with --fix, free and available within it */
	if (hlen >= 9 && !memcmp(host, "MemTotal:", 9) && kb(host, hlen, "MemTotal") >= 0 &&
	    !memmem(host, hlen, "\nMemTotal:", 10)) {
		int64_t total = kb(out, len, "MemTotal"), fr = kb(out, len, "MemFree"),
			av = kb(out, len, "MemAvailable");

		FUZZ_ASSERT(total >= 0 && total <= kb(host, hlen, "MemTotal"));
		if (flags & CGK_VIEW_FIX)
			FUZZ_ASSERT(fr <= total && av <= total);
	}
	free(out);
}

static void check_swaps(const char *host, size_t hlen, const struct cgk_cgvals *v,
			unsigned flags)
{
	static char poison[1];
	char *out = poison;
	size_t len = 12345;
	int r = cgk_view_swaps(host, hlen, v, flags, &out, &len);

	fuzz_check_view(r, out, poison, len);
	FUZZ_ASSERT(r == 0 || r == CGK_VIEW_HOST);
	if (r)
		return;
	FUZZ_ASSERT(!strncmp(out, "Filename", 8) && count_lines(out, len) <= 2);
	free(out);
}

static void check_small_views(const struct cgk_cgvals *v, unsigned flags, uint64_t memtotal)
{
	static char poison[1];
	struct cgk_view_limits l;
	char *out = poison;
	size_t len = 12345;
	unsigned long long li[3], lf[3];
	unsigned act, threads;
	int r, pid, k;

	r = cgk_view_uptime(v, flags, &out, &len);
	fuzz_check_view(r, out, poison, len);
	if (r == 0) {
		FUZZ_ASSERT(len > 0 && out[len - 1] == '\n' && count_lines(out, len) == 1);
		free(out);
	}
	out = poison;
	r = cgk_view_loadavg(v, flags, &out, &len);
	fuzz_check_view(r, out, poison, len);
	FUZZ_ASSERT((r == 0) == v->load_ok);
	if (r == 0) {
		/* the kernel's format, with the counts given */
		k = sscanf(out, "%llu.%2llu %llu.%2llu %llu.%2llu %u/%u %d", &li[0], &lf[0],
			   &li[1], &lf[1], &li[2], &lf[2], &act, &threads, &pid);
		FUZZ_ASSERT(k == 9 && lf[0] < 100 && lf[1] < 100 && lf[2] < 100);
		FUZZ_ASSERT(act == v->nr_active && threads == v->nr_threads && pid == v->last_pid);
		FUZZ_ASSERT(count_lines(out, len) == 1 && out[len - 1] == '\n');
		free(out);
	}
	r = cgk_view_limits(v, memtotal, &l);
	FUZZ_ASSERT(r == 0 || r == -ENODATA);
	if (r == 0) {
		FUZZ_ASSERT(l.cpus >= 1 && l.cpu_quota >= 0);
		FUZZ_ASSERT(!memtotal || memtotal > UINT64_MAX / 1024 || l.memory <= memtotal * 1024);
		FUZZ_ASSERT(l.memory < CGK_MEM_UNLIMITED);
	}
	if (v->quota_ok && v->quota > 0 && v->period > 0 && v->nprocs > 0)
		FUZZ_ASSERT(cgk_view_max_cpus(v) <= v->nprocs);
	FUZZ_ASSERT(cgk_view_exact_cpus(v) >= 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cgk_cgvals v;
	unsigned flags;
	char *host;
	int64_t memtotal;

	fuzz_cgvals(&data, &size, &v, &flags);
	host = fuzz_dup(data, size);
	check_meminfo(host, size, &v, flags);
	check_swaps(host, size, &v, flags);
	memtotal = kb((const char *)data, size, "MemTotal");
	check_small_views(&v, flags, memtotal < 0 ? 0 : (uint64_t)memtotal);
	free(host);
	fuzz_cgvals_done(&v);
	return 0;
}
