/* SPDX-License-Identifier: MIT */
/* test-container - container and pod recognition from cgroup paths */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "container.h"
#include "util.h"

#define ID "a7ab7debccdd1b86f1589d8561331280a581a771b95710ddd287d73d633900e7"
#define ID63 "a7ab7debccdd1b86f1589d8561331280a581a771b95710ddd287d73d633900e"
#define ID65 ID "0"
#define IDUP "A7AB7DEBCCDD1B86F1589D8561331280A581A771B95710DDD287D73D633900E7"
#define UID "642a4ac7-0c96-43ac-8a94-9124d7f928c1"
#define UID_ "642a4ac7_0c96_43ac_8a94_9124d7f928c1"
#define UIDUP_ "642A4AC7_0C96_43AC_8A94_9124D7F928C1"
#define SUID "2f9b1d9e6a8c4e2b9c6a3d1e0f7b8a9c"	/* static pod: config hash */
#define BURST "kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" UID_ ".slice"
#define BEST "kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" UID_ ".slice"
#define GUAR "kubepods.slice/kubepods-pod" UID_ ".slice"

#define DOCKER CGK_RT_DOCKER
#define CTRD CGK_RT_CONTAINERD
#define CRIO CGK_RT_CRIO
#define PODMAN CGK_RT_PODMAN
#define CRI CGK_RT_CRI
#define G CGK_QOS_GUARANTEED
#define BU CGK_QOS_BURSTABLE
#define BE CGK_QOS_BESTEFFORT

static void test_container(void **state)
{
	static const struct {
		const char *path;
		int rc;
		enum cgk_runtime rt;
		const char *uid;
		enum cgk_qos qos;
	} t[] = {
		/* systemd driver */
		{ "/system.slice/docker-" ID ".scope", 1, DOCKER, "", 0 },
		{ "system.slice/docker-" ID ".scope", 1, DOCKER, "", 0 },
		{ "docker-" ID ".scope", 1, DOCKER, "", 0 },
		{ "/system.slice/docker-" ID ".scope/", 1, DOCKER, "", 0 },
		{ "//system.slice//docker-" ID ".scope", 1, DOCKER, "", 0 },
		{ "/machine.slice/libpod-" ID ".scope", 1, PODMAN, "", 0 },
		{ "/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-" ID ".scope",
		  1, PODMAN, "", 0 },
		{ "/system.slice/crio-" ID ".scope", 1, CRIO, "", 0 },
		{ "/system.slice/cri-containerd-" ID ".scope", 1, CTRD, "", 0 },
		/* kubelet, systemd driver, any prefix */
		{ "/" BURST "/cri-containerd-" ID ".scope", 1, CTRD, UID, BU },
		{ "/" BEST "/cri-containerd-" ID ".scope", 1, CTRD, UID, BE },
		{ "/" GUAR "/cri-containerd-" ID ".scope", 1, CTRD, UID, G },
		{ "/" BURST "/crio-" ID ".scope", 1, CRIO, UID, BU },
		{ "/" BEST "/docker-" ID ".scope", 1, DOCKER, UID, BE },
		{ "/cgkit-test-x/" BURST "/cri-containerd-" ID ".scope", 1, CTRD, UID, BU },
		{ "/process_api/abc/" GUAR "/cri-containerd-" ID ".scope", 1, CTRD, UID, G },
		{ "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" SUID
		  ".slice/cri-containerd-" ID ".scope", 1, CTRD, SUID, BU },
		/* a malformed pod slice leaves the container without a pod */
		{ "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" UID
		  ".slice/cri-containerd-" ID ".scope", 1, CTRD, "", 0 },
		{ "/kubepods.slice/kubepods-besteffort.slice/kubepods-burstable-pod" UID_
		  ".slice/cri-containerd-" ID ".scope", 1, CTRD, "", 0 },
		{ "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" UIDUP_
		  ".slice/cri-containerd-" ID ".scope", 1, CTRD, "", 0 },
		/* cgroupfs driver */
		{ "/docker/" ID, 1, DOCKER, "", 0 },
		{ "docker/" ID, 1, DOCKER, "", 0 },
		{ "/docker/" ID "/", 1, DOCKER, "", 0 },
		{ "/docker/" ID63 "/docker/" ID, 1, DOCKER, "", 0 },
		{ "/kubepods/pod" UID "/" ID, 1, CRI, UID, G },
		{ "/kubepods/burstable/pod" UID "/" ID, 1, CRI, UID, BU },
		{ "/kubepods/besteffort/pod" UID "/" ID, 1, CRI, UID, BE },
		{ "/process_api/abc/kubepods/besteffort/pod" UID "/" ID, 1, CRI, UID, BE },
		{ "/kubepods/burstable/pod" SUID "/" ID, 1, CRI, SUID, BU },
		{ "/kubepods/burstable/pod" UID "/docker-" ID ".scope", 1, DOCKER, UID, BU },
		{ "/kubepods/burstable/pod" UID "/crio-" ID ".scope", 1, CRIO, UID, BU },
		/* podman, cgroupfs manager: no .scope (conmon sits in libpod_parent/conmon) */
		{ "/libpod_parent/libpod-" ID, 1, PODMAN, "", 0 },
		{ "/cgkit-test-x/libpod_parent/libpod-" ID, 1, PODMAN, "", 0 },
		{ "/machine.slice/libpod-" ID, 1, PODMAN, "", 0 },
		/* not containers */
		{ "", 0, 0, "", 0 },
		{ "/", 0, 0, "", 0 },
		{ "///", 0, 0, "", 0 },
		{ "/system.slice", 0, 0, "", 0 },
		{ "/system.slice/docker-" ID63 ".scope", 0, 0, "", 0 },
		{ "/system.slice/docker-" ID65 ".scope", 0, 0, "", 0 },
		{ "/system.slice/docker-" IDUP ".scope", 0, 0, "", 0 },
		{ "/system.slice/docker-" ID ".scope.bak", 0, 0, "", 0 },
		{ "/system.slice/docker-" ID ".scopex", 0, 0, "", 0 },
		{ "/system.slice/docker-" ID ".scop", 0, 0, "", 0 },
		{ "/system.slice/docker-" ID, 0, 0, "", 0 },		/* .scope missing */
		{ "/system.slice/docker-" ID ".service", 0, 0, "", 0 },
		{ "/system.slice/docker-" ID ".scope/init", 0, 0, "", 0 },
		{ "/system.slice/docker" ID ".scope", 0, 0, "", 0 },
		{ "/system.slice/Docker-" ID ".scope", 0, 0, "", 0 },
		{ "/system.slice/xdocker-" ID ".scope", 0, 0, "", 0 },
		{ "/system.slice/crio-conmon-" ID ".scope", 0, 0, "", 0 },
		{ "/machine.slice/libpod-conmon-" ID ".scope", 0, 0, "", 0 },
		{ "/libpod_parent/libpod-conmon-" ID, 0, 0, "", 0 },
		{ "/libpod_parent/conmon", 0, 0, "", 0 },
		{ "/libpod_parent/libpod-" ID63, 0, 0, "", 0 },
		{ "/libpod_parent/libpod-" ID ".slice", 0, 0, "", 0 },
		{ "/docker-" ID, 0, 0, "", 0 },			/* only podman drops .scope */
		{ "/default/" ID, 0, 0, "", 0 },		/* containerd: needs its shim */
		{ "/default/web", 0, 0, "", 0 },
		{ "/system.slice/containerd-" ID ".scope", 0, 0, "", 0 },
		{ "/system.slice/docker.service", 0, 0, "", 0 },
		{ "/docker", 0, 0, "", 0 },
		{ "/docker/" ID63, 0, 0, "", 0 },
		{ "/docker/" ID65, 0, 0, "", 0 },
		{ "/docker/" IDUP, 0, 0, "", 0 },
		{ "/docker/" ID "x", 0, 0, "", 0 },
		{ "/notdocker/" ID, 0, 0, "", 0 },
		{ "/" ID, 0, 0, "", 0 },
		{ ID, 0, 0, "", 0 },
		{ "/system.slice/" ID, 0, 0, "", 0 },
		{ "/kubepods/pod" UID, 0, 0, "", 0 },			/* the pod itself */
		{ "/" BURST, 0, 0, "", 0 },
		{ "/kubepods/burstable", 0, 0, "", 0 },
		{ "/kubepods.slice", 0, 0, "", 0 },
		{ "/notkube/burstable/pod" UID "/" ID, 0, 0, "", 0 },
		{ "/kubepods/guaranteed/pod" UID "/" ID, 0, 0, "", 0 },
		{ "/kubepods/burstable/pod" UID_ "/" ID, 0, 0, "", 0 },
		{ "/kubepods/burstable/" UID "/" ID, 0, 0, "", 0 },
		{ "/kubepods/burstable/pod" UIDUP_ "/" ID, 0, 0, "", 0 },
		{ "/pod" UID "/" ID, 0, 0, "", 0 },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		struct cgk_container c;
		int r;

		memset(&c, 0x5a, sizeof(c));
		r = cgk_container_parse(t[i].path, &c);
		if (r != t[i].rc)
			fail_msg("%s: %d, want %d", t[i].path, r, t[i].rc);
		if (r == 0) {
			struct cgk_container m;

			memset(&m, 0x5a, sizeof(m));
			assert_memory_equal(&c, &m, sizeof(c));	/* untouched */
			continue;
		}
		if (c.runtime != t[i].rt || c.qos != t[i].qos || !streq(c.pod_uid, t[i].uid))
			fail_msg("%s: %s %s %s", t[i].path, cgk_runtime_name(c.runtime),
				 c.pod_uid, cgk_qos_name(c.qos));
		assert_string_equal(c.id, ID);
	}
	assert_int_equal(cgk_container_parse(NULL, NULL), 0);
}

static void test_container_id(void **state)
{
	struct cgk_container c;

	(void)state;
	assert_int_equal(cgk_container_parse("/docker/" ID63 "0/docker/" ID, &c), 1);
	assert_string_equal(c.id, ID);
	assert_int_equal(cgk_container_parse("/docker/" ID "/docker/"
		"0000000000000000000000000000000000000000000000000000000000000001", &c), 1);
	assert_string_equal(c.id, "0000000000000000000000000000000000000000000000000000000000000001");
	assert_int_equal(strlen(c.id), 64);
}

static void test_pod(void **state)
{
	static const struct {
		const char *path;
		int rc;
		const char *uid;
		enum cgk_qos qos;
	} t[] = {
		{ "/" BURST, 1, UID, BU },
		{ "/" BURST "/", 1, UID, BU },
		{ "/" BEST, 1, UID, BE },
		{ "/" GUAR, 1, UID, G },
		{ "/cgkit-test-x/" GUAR, 1, UID, G },
		{ "kubepods-burstable-pod" UID_ ".slice", 1, UID, BU },	/* no parent to check */
		{ "kubepods-pod" UID_ ".slice", 1, UID, G },
		{ "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" SUID ".slice",
		  1, SUID, BE },
		{ "/kubepods/pod" UID, 1, UID, G },
		{ "/kubepods/burstable/pod" UID, 1, UID, BU },
		{ "/kubepods/besteffort/pod" UID, 1, UID, BE },
		{ "/process_api/abc/kubepods/besteffort/pod" UID, 1, UID, BE },
		{ "/kubepods/burstable/pod" SUID, 1, SUID, BU },
		/* not pods */
		{ "", 0, "", 0 },
		{ "/", 0, "", 0 },
		{ "/kubepods.slice", 0, "", 0 },
		{ "/kubepods.slice/kubepods-burstable.slice", 0, "", 0 },
		{ "/kubepods", 0, "", 0 },
		{ "/kubepods/burstable", 0, "", 0 },
		{ "/" BURST "/cri-containerd-" ID ".scope", 0, "", 0 },
		{ "/kubepods/pod" UID "/" ID, 0, "", 0 },
		/* dashes inside a slice name would be nesting: kubelet writes '_' */
		{ "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" UID ".slice", 0, "", 0 },
		{ "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" UIDUP_ ".slice", 0, "", 0 },
		{ "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" UID_ ".slicex", 0, "", 0 },
		{ "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" UID_, 0, "", 0 },
		{ "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" UID_ "x.slice", 0, "", 0 },
		{ "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod.slice", 0, "", 0 },
		/* wrong parents */
		{ "/kubepods.slice/kubepods-besteffort-pod" UID_ ".slice", 0, "", 0 },
		{ "/kubepods.slice/kubepods-burstable.slice/kubepods-pod" UID_ ".slice", 0, "", 0 },
		{ "/system.slice/kubepods-pod" UID_ ".slice", 0, "", 0 },
		{ "/kubepods-guaranteed-pod" UID_ ".slice", 0, "", 0 },
		{ "/kubepods/burstable/pod" UID_, 0, "", 0 },
		{ "/kubepods/burstable/pod" UID "x", 0, "", 0 },
		{ "/kubepods/burstable/pod" SUID "0", 0, "", 0 },
		{ "/kubepods/guaranteed/pod" UID, 0, "", 0 },
		{ "/other/burstable/pod" UID, 0, "", 0 },
		{ "/burstable/pod" UID, 0, "", 0 },
		{ "pod" UID, 0, "", 0 },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		char uid[37] = "untouched";
		enum cgk_qos q = 99;
		int r = cgk_pod_parse(t[i].path, uid, &q);

		if (r != t[i].rc)
			fail_msg("%s: %d, want %d", t[i].path, r, t[i].rc);
		if (r == 0) {
			assert_string_equal(uid, "untouched");
			assert_int_equal(q, 99);
			continue;
		}
		assert_string_equal(uid, t[i].uid);
		assert_int_equal(q, t[i].qos);
	}
	assert_int_equal(cgk_pod_parse(NULL, NULL, NULL), 0);
	assert_int_equal(cgk_pod_parse("/" GUAR, NULL, NULL), 1);
}

/* argv as /proc/PID/cmdline holds it: each argument NUL-terminated */
#define SHIM(ns, id) "/usr/bin/containerd-shim-runc-v2\0-namespace\0" ns "\0-id\0" id \
	"\0-address\0/run/containerd/containerd.sock\0"
#define CONMON(id) "/usr/bin/conmon\0--api-version\0" "1\0-c\0" id "\0-u\0" id \
	"\0-r\0/usr/bin/runc\0-n\0quizzical_jackson\0"

static void test_shim(void **state)
{
	static const struct {
		const char *cmd;
		size_t len;
		int rc;
		enum cgk_runtime rt;
		const char *ns, *id;
	} t[] = {
#define T(s, rc, rt, ns, id) { s, sizeof(s) - 1, rc, rt, ns, id }
		T(SHIM("moby", ID), 1, DOCKER, "moby", ID),
		T(SHIM("default", ID), 1, CTRD, "default", ID),
		T(SHIM("default", "web"), 1, CTRD, "default", "web"),
		T(SHIM("k8s.io", ID), 1, CTRD, "k8s.io", ID),
		T(SHIM("default", "a.b_c-d"), 1, CTRD, "default", "a.b_c-d"),
		T("containerd-shim-runc-v2\0-id\0web\0-namespace\0ns1\0", 1, CTRD, "ns1", "web"),
		T("containerd-shim\0-namespace\0moby\0-id\0" ID "\0", 1, DOCKER, "moby", ID),
		T(CONMON(ID), 1, PODMAN, "", ID),
		T("conmon\0--cid\0" ID "\0", 1, PODMAN, "", ID),
		/* not shims, or ids that could not be containerd's */
		T("", 0, 0, "", ""),
		T("\0", 0, 0, "", ""),
		T("/usr/bin/containerd\0-namespace\0moby\0-id\0" ID "\0", 0, 0, "", ""),
		T("/usr/bin/dockerd\0-id\0" ID "\0", 0, 0, "", ""),
		T("sh\0-c\0" ID "\0", 0, 0, "", ""),
		T(SHIM("default", "web") "x", 0, 0, "", ""),		/* not NUL-terminated */
		T("containerd-shim-runc-v2\0-namespace\0default\0", 0, 0, "", ""),
		T("containerd-shim-runc-v2\0-id\0web\0", 0, 0, "", ""),
		T("containerd-shim-runc-v2\0-namespace\0default\0-id\0", 0, 0, "", ""),
		T(SHIM("default", "../x"), 0, 0, "", ""),
		T(SHIM("default", "a/b"), 0, 0, "", ""),
		T(SHIM("default", "-web"), 0, 0, "", ""),
		T(SHIM("default", "web-"), 0, 0, "", ""),
		T(SHIM("default", "w..b"), 0, 0, "", ""),
		T(SHIM("default", ""), 0, 0, "", ""),
		T(SHIM("de fault", "web"), 0, 0, "", ""),
		T(SHIM("default", ID ID), 0, 0, "", ""),		/* 128 > 76 */
		T("conmon\0-c\0\0", 0, 0, "", ""),
		T("conmon\0-n\0name\0", 0, 0, "", ""),
#undef T
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		struct cgk_shim sh, m;
		int r;

		memset(&sh, 0x5a, sizeof(sh));
		m = sh;
		r = cgk_shim_parse(t[i].cmd, t[i].len, &sh);
		if (r != t[i].rc)
			fail_msg("shim %zu: %d, want %d", i, r, t[i].rc);
		if (r == 0) {
			assert_memory_equal(&sh, &m, sizeof(sh));
			continue;
		}
		assert_int_equal(sh.runtime, t[i].rt);
		assert_string_equal(sh.ns, t[i].ns);
		assert_string_equal(sh.id, t[i].id);
	}
	assert_int_equal(cgk_shim_parse(NULL, 0, NULL), 0);
}

static void test_with_shim(void **state)
{
	static const struct {
		const char *path, *cmd;
		size_t len;
		int rc;
		enum cgk_runtime rt;
		const char *id, *uid;
		enum cgk_qos qos;
	} t[] = {
#define T(p, s, rc, rt, id, uid, q) { p, s, sizeof(s) - 1, rc, rt, id, uid, q }
		/* ctr run: /<namespace>/<id>, any id containerd allows */
		T("/default/" ID, SHIM("default", ID), 1, CTRD, ID, "", 0),
		T("/cgkit-test-x/default/web", SHIM("default", "web"), 1, CTRD, "web", "", 0),
		T("/k8s.io/" ID, SHIM("k8s.io", ID), 1, CTRD, ID, "", 0),
		/* the kubelet's cgroupfs driver: the shim names the runtime */
		T("/kubepods/besteffort/pod" UID "/" ID, SHIM("k8s.io", ID), 1, CTRD, ID, UID, BE),
		T("/kubepods/burstable/pod" UID "/" ID, SHIM("moby", ID), 1, DOCKER, ID, UID, BU),
		T("/kubepods/pod" UID "/" ID, SHIM("k8s.io", ID), 1, CTRD, ID, UID, G),
		T("/kubepods/pod" UID "/web", SHIM("k8s.io", "web"), 1, CTRD, "web", UID, G),
		T("/kubepods/burstable/pod" UID "/" ID, CONMON(ID), 1, PODMAN, ID, UID, BU),
		/* names decide where they can; a shim of another id changes nothing */
		T("/docker/" ID, SHIM("moby", ID), 1, DOCKER, ID, "", 0),
		T("/docker/" ID, "", 1, DOCKER, ID, "", 0),
		T("/libpod_parent/libpod-" ID, CONMON(ID), 1, PODMAN, ID, "", 0),
		T("/kubepods/burstable/pod" UID "/" ID, SHIM("k8s.io", "web"), 1, CRI, ID, UID, BU),
		T("/kubepods/burstable/pod" UID "/" ID, "", 1, CRI, ID, UID, BU),
		/* no false positives: the shim must name this cgroup's id and namespace */
		T("/default/web", "", 0, 0, "", "", 0),
		T("/default/" ID, "", 0, 0, "", "", 0),
		T("/default/web", SHIM("default", "db"), 0, 0, "", "", 0),
		T("/other/web", SHIM("default", "web"), 0, 0, "", "", 0),
		T("/web", SHIM("default", "web"), 0, 0, "", "", 0),
		T("web", SHIM("default", "web"), 0, 0, "", "", 0),
		T("/default/web/x", SHIM("default", "web"), 0, 0, "", "", 0),
		T("/default/web", CONMON("web"), 0, 0, "", "", 0),	/* conmon has no namespace */
		T("/system.slice/cron.service", SHIM("system.slice", "cron.service"), 0, 0, "", "", 0),
		T("/system.slice/web", SHIM("system.slice", "web"), 0, 0, "", "", 0),
#undef T
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		struct cgk_container c, m;
		struct cgk_shim sh;
		int r;

		memset(&c, 0x5a, sizeof(c));
		m = c;
		r = cgk_container_with_shim(t[i].path, cgk_shim_parse(t[i].cmd, t[i].len, &sh) ?
					    &sh : NULL, &c);
		if (r != t[i].rc)
			fail_msg("%s (%zu): %d, want %d", t[i].path, i, r, t[i].rc);
		if (r == 0) {
			assert_memory_equal(&c, &m, sizeof(c));
			continue;
		}
		if (c.runtime != t[i].rt || c.qos != t[i].qos || !streq(c.pod_uid, t[i].uid) ||
		    !streq(c.id, t[i].id))
			fail_msg("%s: %s %s %s %s", t[i].path, cgk_runtime_name(c.runtime), c.id,
				 c.pod_uid, cgk_qos_name(c.qos));
	}
	assert_int_equal(cgk_container_with_shim(NULL, NULL, NULL), 0);
}

static void test_wants_shim(void **state)
{
	static const struct {
		const char *path;
		bool want;
	} t[] = {
		{ "/default/web", true },
		{ "/default/" ID, true },
		{ "/kubepods/burstable/pod" UID "/" ID, true },		/* cri: which runtime? */
		{ "/system.slice/cron.service", false },		/* systemd units */
		{ "/system.slice/web", false },
		{ "/user.slice/user-0.slice", false },
		{ "/machine/web.scope", false },
		{ "/ns/web.d", true },
		{ "/docker/" ID, false },				/* named */
		{ "/system.slice/docker-" ID ".scope", false },
		{ "/libpod_parent/libpod-" ID, false },
		{ "/web", false },
		{ "/", false },
		{ "", false },
		{ "/default/-web", false },
		{ "/de fault/web", false },
		{ "/user.slice/user@0.service", false },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++)
		if (cgk_container_wants_shim(t[i].path) != t[i].want)
			fail_msg("%s: want %d", t[i].path, t[i].want);
	assert_false(cgk_container_wants_shim(NULL));
	assert_true(cgk_container_id_ok("web"));
	assert_true(cgk_container_id_ok(ID));
	assert_false(cgk_container_id_ok(""));
	assert_false(cgk_container_id_ok("a/b"));
	assert_false(cgk_container_id_ok(NULL));
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(cgk_runtime_name(CGK_RT_NONE), "");
	assert_string_equal(cgk_runtime_name(CGK_RT_DOCKER), "docker");
	assert_string_equal(cgk_runtime_name(CGK_RT_CONTAINERD), "containerd");
	assert_string_equal(cgk_runtime_name(CGK_RT_CRIO), "crio");
	assert_string_equal(cgk_runtime_name(CGK_RT_PODMAN), "podman");
	assert_string_equal(cgk_runtime_name(CGK_RT_CRI), "cri");
	assert_string_equal(cgk_runtime_name((enum cgk_runtime)42), "");
	assert_string_equal(cgk_qos_name(CGK_QOS_NONE), "");
	assert_string_equal(cgk_qos_name(CGK_QOS_GUARANTEED), "guaranteed");
	assert_string_equal(cgk_qos_name(CGK_QOS_BURSTABLE), "burstable");
	assert_string_equal(cgk_qos_name(CGK_QOS_BESTEFFORT), "besteffort");
	assert_string_equal(cgk_qos_name((enum cgk_qos)42), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_container),
		cmocka_unit_test(test_container_id),
		cmocka_unit_test(test_pod),
		cmocka_unit_test(test_shim),
		cmocka_unit_test(test_with_shim),
		cmocka_unit_test(test_wants_shim),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
