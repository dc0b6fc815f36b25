/* SPDX-License-Identifier: MIT */
/* fuzz-container - cgk_container_parse, cgk_pod_parse and the shim checks agree on every path */
#include <stdbool.h>

#include "container.h"
#include "fuzz.h"
#include "util.h"

static bool is_uid(const char *u)
{
	size_t n = strlen(u);

	if (n == 32)
		return cgk_is_hex(u, 32);
	if (n != 36)
		return false;
	for (size_t i = 0; i < 36; i++)
		if (i == 8 || i == 13 || i == 18 || i == 23 ? u[i] != '-' : !cgk_is_hex(u + i, 1))
			return false;
	return true;
}

static void check_pod(const char *path)
{
	char uid[37], poison[37];
	enum cgk_qos qos = (enum cgk_qos)-1;
	int r;

	memset(poison, 0x5a, sizeof(poison));
	memcpy(uid, poison, sizeof(uid));
	r = cgk_pod_parse(path, uid, &qos);
	FUZZ_ASSERT(r == 0 || r == 1);
	FUZZ_ASSERT(cgk_pod_parse(path, NULL, NULL) == r);
	if (!r) {
		FUZZ_ASSERT(!memcmp(uid, poison, sizeof(uid)) && qos == (enum cgk_qos)-1);
		return;
	}
	FUZZ_ASSERT(is_uid(uid));
	FUZZ_ASSERT(qos == CGK_QOS_GUARANTEED || qos == CGK_QOS_BURSTABLE ||
		    qos == CGK_QOS_BESTEFFORT);
	FUZZ_ASSERT(*cgk_qos_name(qos));
}

static bool same(const struct cgk_container *a, const struct cgk_container *b)
{
	return a->runtime == b->runtime && !strcmp(a->id, b->id) &&
	       !strcmp(a->pod_uid, b->pod_uid) && a->qos == b->qos;
}

/* PATH without its last component (trailing '/' ignored), malloc'd. */
static char *parent_of(const char *path)
{
	size_t n = strlen(path);

	while (n && path[n - 1] == '/')
		n--;
	while (n && path[n - 1] != '/')
		n--;
	return fuzz_str(path, n);
}

static void check_container(const char *path)
{
	struct cgk_container c, c2, poison;
	char *t, *parent, uid[37];
	enum cgk_qos qos;
	int r, pr;

	memset(&poison, 0x5a, sizeof(poison));
	memcpy(&c, &poison, sizeof(c));
	r = cgk_container_parse(path, &c);
	FUZZ_ASSERT(r == 0 || r == 1);
	FUZZ_ASSERT(cgk_container_parse(path, NULL) == 0);
	if (!r) {
		FUZZ_ASSERT(!memcmp(&c, &poison, sizeof(c)));
		return;
	}
	FUZZ_ASSERT(c.runtime != CGK_RT_NONE && *cgk_runtime_name(c.runtime));
	FUZZ_ASSERT(strlen(c.id) == 64 && cgk_is_hex(c.id, 64));	/* by name: always */
	FUZZ_ASSERT(strstr(path, c.id));
	FUZZ_ASSERT(c.pod_uid[0] ? is_uid(c.pod_uid) : c.qos == CGK_QOS_NONE);
	FUZZ_ASSERT(c.pod_uid[0] ? c.qos != CGK_QOS_NONE : true);
	FUZZ_ASSERT(c.runtime != CGK_RT_CRI || c.pod_uid[0]);

	/* its pod is what cgk_pod_parse says of its parent */
	parent = parent_of(path);
	pr = cgk_pod_parse(parent, uid, &qos);
	FUZZ_ASSERT(pr == (c.pod_uid[0] != '\0'));
	if (pr)
		FUZZ_ASSERT(!strcmp(uid, c.pod_uid) && qos == c.qos);
	free(parent);

	/* leading and trailing slashes do not matter */
	t = fuzz_cat("/", path);
	FUZZ_ASSERT(cgk_container_parse(t, &c2) == 1 && same(&c, &c2));
	free(t);
	t = fuzz_cat(path, "//");
	FUZZ_ASSERT(cgk_container_parse(t, &c2) == 1 && same(&c, &c2));
	free(t);
}

/* DATA as a shim's cmdline, then PATH judged with that shim. */
static void check_shim(const uint8_t *data, size_t size, const char *path)
{
	struct cgk_shim sh, poison;
	struct cgk_container c, c0, cp;
	char *cmd = fuzz_dup(data, size);
	int r, r0;

	memset(&poison, 0x5a, sizeof(poison));
	memcpy(&sh, &poison, sizeof(sh));
	r = cgk_shim_parse(cmd, size, &sh);
	FUZZ_ASSERT(r == 0 || r == 1);
	free(cmd);
	if (!r) {
		FUZZ_ASSERT(!memcmp(&sh, &poison, sizeof(sh)));
		return;
	}
	FUZZ_ASSERT(sh.id[0] && strlen(sh.id) <= CGK_CTR_ID_MAX && !strchr(sh.id, '/'));
	FUZZ_ASSERT(strlen(sh.ns) <= CGK_CTR_ID_MAX && !strchr(sh.ns, '/'));
	FUZZ_ASSERT(sh.runtime == CGK_RT_PODMAN ? !sh.ns[0] : sh.ns[0] != '\0');
	FUZZ_ASSERT((sh.runtime == CGK_RT_DOCKER) == !strcmp(sh.ns, "moby"));
	FUZZ_ASSERT(sh.runtime == CGK_RT_DOCKER || sh.runtime == CGK_RT_CONTAINERD ||
		    sh.runtime == CGK_RT_PODMAN);

	/* a shim only adds: what the name says stays, bar cri's runtime */
	r0 = cgk_container_parse(path, &cp);
	r = cgk_container_with_shim(path, &sh, &c);
	FUZZ_ASSERT(r == 0 || r == 1);
	FUZZ_ASSERT(cgk_container_with_shim(path, NULL, &c0) == r0);
	if (r0)
		FUZZ_ASSERT(r && !strcmp(c.id, cp.id) && !strcmp(c.pod_uid, cp.pod_uid) &&
			    c.qos == cp.qos && (c.runtime == cp.runtime ||
						(cp.runtime == CGK_RT_CRI && c.runtime == sh.runtime)));
	if (r && !r0)
		FUZZ_ASSERT(!strcmp(c.id, sh.id) && c.runtime == sh.runtime &&
			    cgk_container_wants_shim(path));
	if (r)
		FUZZ_ASSERT(strstr(path, c.id) != NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *path = fuzz_str(data, size);

	check_container(path);
	check_pod(path);
	check_shim(data, size, path);
	FUZZ_ASSERT(cgk_container_parse(NULL, NULL) == 0 && cgk_pod_parse(NULL, NULL, NULL) == 0);
	free(path);
	return 0;
}
