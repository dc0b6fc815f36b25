/* SPDX-License-Identifier: MIT */
/* test-target - pods among the containers, and pod uid operands, on the sysroot-mini fixture */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <string.h>

#include "target.h"
#include "util.h"

#define ROOT TEST_DATA "/sysroot-mini"
#define UID "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9"
#define DOCKER "5a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9"
#define APP "c0ffee00112233445566778899aabbccddeeff00112233445566778899aabbcc"
#define SANDBOX "b0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecf"
#define POD "kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" \
	"0f1e2d3c_4b5a_4978_8695_a4b3c2d1e0f9.slice"

static uint64_t all(const struct cgk_hiers *h)
{
	return (UINT64_C(1) << h->n) - 1;
}

static void test_ctrs_pods(void **state)
{
	struct cgk_hiers *h;
	struct cgk_target root = { 0 };
	struct cgk_ctr *v;
	size_t n, nctr = 0, npod = 0;

	(void)state;
	assert_int_equal(cgk_hiers_load(ROOT, 0, &h), 0);
	assert_int_equal(cgk_target_root(h, all(h), &root), 0);

	/* without the flag: containers only, as before */
	assert_int_equal(cgk_ctrs_find(h, &root, 1, 0, &v, &n, NULL), 0);
	assert_int_equal(n, 3);
	for (size_t k = 0; k < n; k++)
		assert_int_not_equal(v[k].c.runtime, CGK_RT_NONE);
	cgk_ctrs_free(v, n);

	/* with it: the pod too, once, with its uid, QoS and cgroup in each hierarchy */
	assert_int_equal(cgk_ctrs_find(h, &root, 1, CGK_CTRS_PODS, &v, &n, NULL), 0);
	for (size_t k = 0; k < n; k++) {
		if (v[k].c.runtime != CGK_RT_NONE) {
			nctr++;
			continue;
		}
		npod++;
		assert_string_equal(v[k].c.pod_uid, UID);
		assert_string_equal(v[k].c.id, "");
		assert_int_equal(v[k].c.qos, CGK_QOS_BESTEFFORT);
		assert_string_equal(v[k].user, "/" POD);
		assert_int_equal(__builtin_popcountll(v[k].hmask), 3);	/* cpu, memory, systemd */
		for (size_t i = 0; i < h->n; i++)
			if (v[k].hmask & (UINT64_C(1) << i))
				assert_string_equal(v[k].mrel[i], POD);
	}
	assert_int_equal(nctr, 3);
	assert_int_equal(npod, 1);
	/* sorted by path: the pod comes before its containers */
	for (size_t k = 1; k < n; k++)
		assert_true(strcmp(v[k - 1].user, v[k].user) < 0);
	cgk_ctrs_free(v, n);
	cgk_target_done(&root);
	cgk_hiers_free(h);
}

static void test_resolve_pod(void **state)
{
	static const struct {
		const char *in;
		int rc;
		bool usage;
	} t[] = {
		{ UID, 0, false },
		{ "0f1e", 0, false },
		{ "0f1e2d3c-4b5a", 0, false },
		{ "0f1e2d3c_4b5a_49", 0, false },	/* as the kubelet writes it in names */
		{ "0f1", -EINVAL, true },		/* too short */
		{ UID "0", -EINVAL, true },		/* too long */
		{ "0F1E", -EINVAL, true },
		{ "0f1e 2d", -EINVAL, true },
		{ "zzzz", -EINVAL, true },
		{ "-f1e", -EINVAL, true },
		{ "ffff", -ENOENT, false },
		{ "0f1e2d3d", -ENOENT, false },
	};
	struct cgk_hiers *h;

	(void)state;
	assert_int_equal(cgk_hiers_load(ROOT, 0, &h), 0);
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		struct cgk_target x = { 0 };
		struct cgk_target_error e;
		int r = cgk_target_resolve_pod(h, t[i].in, all(h), &x, &e);

		if (r != t[i].rc)
			fail_msg("'%s': %d, want %d (%s)", t[i].in, r, t[i].rc, e.why);
		if (r < 0) {
			assert_int_equal(e.usage, t[i].usage);
			assert_true(e.why[0]);
			assert_int_equal(x.hmask, 0);	/* untouched */
			continue;
		}
		assert_string_equal(x.label, "/" POD);
		assert_ptr_equal(x.arg, t[i].in);
		assert_int_equal(x.exists, x.hmask);
		assert_int_equal(__builtin_popcountll(x.hmask), 3);	/* cpu, memory, systemd */
		cgk_target_done(&x);
	}
	/* a container id is not a pod uid */
	{
		struct cgk_target x = { 0 };
		struct cgk_target_error e;

		assert_int_equal(cgk_target_resolve_pod(h, "c0ffee", all(h), &x, &e), -ENOENT);
	}
	cgk_hiers_free(h);
}

/* Containers and pods by the names their runtimes' files give (lib/names.c). */
static void test_resolve_names(void **state)
{
	static const struct {
		const char *arg;
		int rc;
		const char *label, *what;
	} t[] = {
		{ "web", 0, "/system.slice/docker-" DOCKER ".scope", "docker " DOCKER },
		{ "default/nginx-7d9f", 0, "/" POD, "pod " UID },
		{ "default/nginx-7d9f/app", 0, "/" POD "/cri-containerd-" APP ".scope",
		  "containerd " APP },
		/* a CRI container by its name alone, and a sandbox by its pod's */
		{ "app", 0, "/" POD "/cri-containerd-" APP ".scope", "containerd " APP },
		{ "nginx-7d9f", 0, "/" POD "/cri-containerd-" SANDBOX ".scope", "containerd " SANDBOX },
		/* the id still works, and a path wins over a pod name */
		{ "5a1b", 0, "/system.slice/docker-" DOCKER ".scope", "docker " DOCKER },
		{ "kubepods.slice/kubepods-besteffort.slice", 0,
		  "/kubepods.slice/kubepods-besteffort.slice", "" },
		{ "nope", -ENOENT, NULL, NULL },
		{ "default/nginx-7d9f/nope", -ENOENT, NULL, NULL },
		{ "default/nope", -ENOENT, NULL, NULL },
		{ "default/nginx-7d9f/app/x", -ENOENT, NULL, NULL },
		{ "default//app", -ENOENT, NULL, NULL },
		{ "we b", -EINVAL, NULL, NULL },
	};
	struct cgk_hiers *h;

	(void)state;
	assert_int_equal(cgk_hiers_load(ROOT, 0, &h), 0);
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		struct cgk_target tg = { 0 };
		struct cgk_target_error e;
		char what[128];
		int r = cgk_target_resolve(h, t[i].arg, all(h), 0, &tg, &e);

		print_message("%s: %d %s\n", t[i].arg, r, r ? e.why : tg.label);
		assert_int_equal(r, t[i].rc);
		if (r < 0) {
			assert_true(e.why[0] != '\0');
			assert_null(strchr(e.why, '\n'));
			continue;
		}
		assert_string_equal(tg.label, t[i].label);
		assert_string_equal(cgk_target_what(&tg, what, sizeof(what)), t[i].what);
		cgk_target_done(&tg);
	}
	cgk_target_names_free();
	cgk_hiers_free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ctrs_pods),
		cmocka_unit_test(test_resolve_pod),
		cmocka_unit_test(test_resolve_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
