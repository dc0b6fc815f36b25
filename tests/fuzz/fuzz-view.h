/* SPDX-License-Identifier: MIT */
/* fuzz-view - a container's cgroup values (struct cgk_cgvals) drawn from fuzz input */
#ifndef CGK_FUZZ_VIEW_H
#define CGK_FUZZ_VIEW_H

#include <errno.h>

#include "fuzz.h"
#include "util.h"
#include "view.h"

#define FUZZ_CGV_BYTES 208	/* what fuzz_cgvals takes off the front */

/*
 * Fill *V from the first FUZZ_CGV_BYTES of the input (zeros past its end),
 * with *FLAGS for the view functions, and advance the input past them.
 * Usage is a malloc'd array (free with fuzz_cgvals_done).
 */
static inline void fuzz_cgvals(const uint8_t **data, size_t *size, struct cgk_cgvals *v,
			       unsigned *flags)
{
	uint8_t h[FUZZ_CGV_BYTES] = { 0 };
	const uint8_t *d = h;
	size_t n = sizeof(h), take = *size < n ? *size : n;
	uint8_t f, g, word, bit;
	uint64_t seed;

	memcpy(h, *data, take);
	*data += take;
	*size -= take;
	memset(v, 0, sizeof(*v));
	f = fuzz_take_u8(&d, &n);
	g = fuzz_take_u8(&d, &n);
	*flags = f & (CGK_VIEW_CFS | CGK_VIEW_FIX);
	v->mem = f & 0x04;
	v->memsw = f & 0x08;
	v->cpuset_ok = f & 0x10;
	v->quota_ok = f & 0x20;
	v->usage_percpu = f & 0x40;
	v->root = (f & 0x80) && (g & 0x80);
	v->start_ok = g & 0x01;
	v->busy_ok = g & 0x02;
	v->load_ok = g & 0x04;
	v->mem_limit = fuzz_take_u64(&d, &n);
	v->mem_usage = fuzz_take_u64(&d, &n);
	v->memsw_limit = fuzz_take_u64(&d, &n);
	v->memsw_usage = fuzz_take_u64(&d, &n);
	v->swappiness = fuzz_take_u8(&d, &n);
	v->stat.cache = fuzz_take_u64(&d, &n);
	v->stat.shmem = fuzz_take_u64(&d, &n);
	v->stat.active_anon = fuzz_take_u64(&d, &n);
	v->stat.inactive_anon = fuzz_take_u64(&d, &n);
	v->stat.active_file = fuzz_take_u64(&d, &n);
	v->stat.inactive_file = fuzz_take_u64(&d, &n);
	seed = fuzz_take_u64(&d, &n);
	v->stat.rss_huge = seed >> 3;
	v->stat.mapped_file = seed >> 7;
	v->stat.dirty = seed >> 11;
	v->stat.writeback = seed >> 13;
	v->stat.unevictable = seed >> 17;
	v->cpuset.bits[0] = fuzz_take_u64(&d, &n);
	word = fuzz_take_u8(&d, &n) % ARRAY_SIZE(v->cpuset.bits);
	bit = fuzz_take_u8(&d, &n) % 64;
	v->cpuset.bits[word] |= UINT64_C(1) << bit;
	v->quota = (int64_t)fuzz_take_u64(&d, &n);
	v->period = (int64_t)fuzz_take_u64(&d, &n);
	v->nprocs = fuzz_take_u8(&d, &n);
	v->nprocs_conf = fuzz_take_u8(&d, &n);
	v->clk_tck = fuzz_take_u8(&d, &n);
	v->nusage = fuzz_take_u8(&d, &n);
	seed = fuzz_take_u64(&d, &n);
	if ((g & 0x08) && v->nusage) {
		v->usage = fuzz_xmalloc(v->nusage * sizeof(*v->usage));
		for (size_t i = 0; i < v->nusage; i++) {
			v->usage[i].user = seed * (i + 1) >> (i % 8);
			v->usage[i].system = seed >> (i % 16);
		}
	} else {
		v->nusage = 0;
		/* v2: cpu.stat instead of cpuacct (stat and uptime --fix) */
		v->cpustat_ok = g & 0x10;
		v->user_usec = seed;
		v->system_usec = seed >> 9;
		v->usage_usec = v->user_usec + v->system_usec;
	}
	v->start_ticks = fuzz_take_u64(&d, &n);
	/* CLOCK_BOOTTIME: far below the 2^53 ms where doubles stop counting */
	v->boottime.tv_sec = (time_t)(fuzz_take_u64(&d, &n) >> 24);
	v->boottime.tv_nsec = fuzz_take_u8(&d, &n) * 1000000L;
	v->busy_ns = fuzz_take_u64(&d, &n);
	v->nr_active = fuzz_take_u8(&d, &n);
	v->nr_threads = (unsigned)fuzz_take_u64(&d, &n);
	v->last_pid = (pid_t)fuzz_take_u64(&d, &n);
	for (int i = 0; i < 3; i++)
		v->avenrun[i] = fuzz_take_u64(&d, &n) >> (8 * i);
}

static inline void fuzz_cgvals_done(struct cgk_cgvals *v)
{
	free(v->usage);
	memset(v, 0, sizeof(*v));
}

/* A view's result: the allowed returns, an untouched *ret on error, a
 * NUL-terminated text of *ret_len bytes on success. */
static inline void fuzz_check_view(int r, const char *out, const char *poison, size_t len)
{
	FUZZ_ASSERT(r == 0 || r == CGK_VIEW_HOST || r == -ENODATA || r == -EINVAL ||
		    r == -ENOMEM || r == -EFBIG || r == -EOVERFLOW);
	if (r != 0) {
		FUZZ_ASSERT(out == poison);
		return;
	}
	FUZZ_ASSERT(out && out != poison && out[len] == '\0');
}

#endif
