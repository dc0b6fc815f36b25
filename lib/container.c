/* SPDX-License-Identifier: MIT */
/* container - recognise container runtimes and pods from cgroup names */
#include <stdio.h>
#include <stdlib.h>

#include "container.h"
#include "proc.h"
#include "util.h"

/*
 * Pure string work on the last few components of a cgroup path; whatever
 * comes before them (a test's scratch cgroup, process_api/<id>, a kubelet
 * --cgroup-root) does not matter.
 */

#define ID_LEN 64

struct comp {
	const char *s;
	size_t n;
};

static const struct {
	const char *prefix;
	enum cgk_runtime rt;
} scopes[] = {
	{ "docker-", CGK_RT_DOCKER },
	{ "cri-containerd-", CGK_RT_CONTAINERD },
	{ "crio-", CGK_RT_CRIO },		/* crio-conmon-<id>.scope is not 64 hex */
	{ "libpod-", CGK_RT_PODMAN },		/* nor is libpod-conmon-<id>.scope */
};

/* Up to MAX last components of PATH, last first; repeated and trailing '/' skipped. */
static size_t last_comps(const char *path, struct comp *c, size_t max)
{
	const char *e = path + strlen(path);
	size_t k = 0;

	for (;;) {
		const char *b;

		while (e > path && e[-1] == '/')
			e--;
		if (e == path || k == max)
			return k;
		for (b = e; b > path && b[-1] != '/'; b--)
			;
		c[k].s = b;
		c[k].n = e - b;
		k++;
		e = b;
	}
}

static bool comp_eq(const struct comp *c, const char *lit)
{
	return strlen(lit) == c->n && !memcmp(c->s, lit, c->n);
}

/* Strip literal PRE from the front of C, in place; false if absent. */
static bool comp_skip(struct comp *c, const char *pre)
{
	size_t n = strlen(pre);

	if (c->n < n || memcmp(c->s, pre, n))
		return false;
	c->s += n;
	c->n -= n;
	return true;
}

/* Strip literal SUF from the end of C, in place; false if absent. */
static bool comp_chop(struct comp *c, const char *suf)
{
	size_t n = strlen(suf);

	if (c->n < n || memcmp(c->s + c->n - n, suf, n))
		return false;
	c->n -= n;
	return true;
}

/*
 * A pod uid: 8-4-4-4-12 lowercase hex with SEP between the groups ('-' in
 * cgroupfs paths, '_' in systemd slice names, where '-' means nesting), or
 * the 32 hex digits of a static pod's config hash. Written to OUT with '-'.
 */
static bool uid_parse(const struct comp *c, char sep, char out[37])
{
	if (c->n == 32 && cgk_is_hex(c->s, 32)) {
		memcpy(out, c->s, 32);
		out[32] = '\0';
		return true;
	}
	if (c->n != 36)
		return false;
	for (size_t i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (c->s[i] != sep)
				return false;
			out[i] = '-';
		} else if (cgk_is_hex(c->s + i, 1)) {
			out[i] = c->s[i];
		} else {
			return false;
		}
	}
	out[36] = '\0';
	return true;
}

/*
 * Is C[0] a pod cgroup, C[1..K) its ancestors? systemd driver:
 * kubepods-pod<uid>.slice below kubepods.slice, kubepods-<qos>-pod<uid>.slice
 * below kubepods-<qos>.slice (the parent is checked when the path has one);
 * cgroupfs driver: pod<uid> below kubepods or kubepods/<qos>.
 */
static bool pod_at(const struct comp *c, size_t k, char uid[37], enum cgk_qos *qos)
{
	static const struct {
		const char *pre, *parent;
		enum cgk_qos qos;
	} slices[] = {
		{ "kubepods-burstable-pod", "kubepods-burstable.slice", CGK_QOS_BURSTABLE },
		{ "kubepods-besteffort-pod", "kubepods-besteffort.slice", CGK_QOS_BESTEFFORT },
		{ "kubepods-pod", "kubepods.slice", CGK_QOS_GUARANTEED },
	};
	struct comp p = c[0];
	char u[37];

	if (k == 0)
		return false;
	if (comp_chop(&p, ".slice")) {
		for (size_t i = 0; i < ARRAY_SIZE(slices); i++) {
			struct comp q = p;

			if (!comp_skip(&q, slices[i].pre) || !uid_parse(&q, '_', u))
				continue;
			if (k > 1 && !comp_eq(&c[1], slices[i].parent))
				return false;
			memcpy(uid, u, sizeof(u));
			*qos = slices[i].qos;
			return true;
		}
		return false;
	}
	if (!comp_skip(&p, "pod") || !uid_parse(&p, '-', u) || k < 2)
		return false;
	if (comp_eq(&c[1], "kubepods")) {
		*qos = CGK_QOS_GUARANTEED;
	} else if (k > 2 && comp_eq(&c[2], "kubepods") && comp_eq(&c[1], "burstable")) {
		*qos = CGK_QOS_BURSTABLE;
	} else if (k > 2 && comp_eq(&c[2], "kubepods") && comp_eq(&c[1], "besteffort")) {
		*qos = CGK_QOS_BESTEFFORT;
	} else {
		return false;
	}
	memcpy(uid, u, sizeof(u));
	return true;
}

int cgk_container_parse(const char *path, struct cgk_container *ret)
{
	struct cgk_container ct = { .runtime = CGK_RT_NONE };
	struct comp c[4];
	const char *id = NULL;
	size_t k;

	if (!path || !ret)
		return 0;
	k = last_comps(path, c, ARRAY_SIZE(c));
	if (k == 0)
		return 0;
	for (size_t i = 0; i < ARRAY_SIZE(scopes) && !id; i++) {
		struct comp q = c[0];

		/* podman's cgroupfs manager: libpod-<id> without .scope */
		if (comp_skip(&q, scopes[i].prefix) &&
		    (comp_chop(&q, ".scope") || scopes[i].rt == CGK_RT_PODMAN) &&
		    q.n == ID_LEN && cgk_is_hex(q.s, ID_LEN)) {
			id = q.s;
			ct.runtime = scopes[i].rt;
		}
	}
	if (k > 1)
		pod_at(c + 1, k - 1, ct.pod_uid, &ct.qos);
	if (!id && c[0].n == ID_LEN && cgk_is_hex(c[0].s, ID_LEN)) {
		/* cgroupfs driver: the directory is the bare id */
		if (k > 1 && comp_eq(&c[1], "docker"))
			ct.runtime = CGK_RT_DOCKER;
		else if (ct.pod_uid[0])
			ct.runtime = CGK_RT_CRI;
		else
			return 0;
		id = c[0].s;
	}
	if (!id)
		return 0;
	memcpy(ct.id, id, ID_LEN);
	ct.id[ID_LEN] = '\0';
	*ret = ct;
	return 1;
}

int cgk_pod_parse(const char *path, char ret_uid[37], enum cgk_qos *ret_qos)
{
	enum cgk_qos qos;
	struct comp c[4];
	char uid[37];

	if (!path || !pod_at(c, last_comps(path, c, ARRAY_SIZE(c)), uid, &qos))
		return 0;
	if (ret_uid)
		memcpy(ret_uid, uid, sizeof(uid));
	if (ret_qos)
		*ret_qos = qos;
	return 1;
}

/* ---- shims ---- */

/* containerd's identifiers: [A-Za-z0-9]+([._-][A-Za-z0-9]+)*, at most 76 bytes */
static bool ident_ok(const char *s, size_t n)
{
	if (n == 0 || n > CGK_CTR_ID_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		bool alnum = (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
			     (s[i] >= '0' && s[i] <= '9');

		if (alnum)
			continue;
		if (!strchr("._-", s[i]) || s[i] == '\0' || i == 0 || i == n - 1 ||
		    strchr("._-", s[i - 1]))
			return false;
	}
	return true;
}

/* Copy argument A (NUL-terminated within the cmdline) to OUT if it is an identifier. */
static bool ident_copy(const char *a, char out[CGK_CTR_ID_MAX + 1])
{
	size_t n = strlen(a);

	if (!ident_ok(a, n))
		return false;
	memcpy(out, a, n + 1);
	return true;
}

int cgk_shim_parse(const char *cmdline, size_t len, struct cgk_shim *ret)
{
	struct cgk_shim sh = { .runtime = CGK_RT_NONE };
	const char *argv[64], *base;
	size_t argc;
	bool conmon;

	if (!ret)
		return 0;
	argc = cgk_argv_split(cmdline, len, argv, ARRAY_SIZE(argv));
	if (argc == 0)
		return 0;
	base = strrchr(argv[0], '/');
	base = base ? base + 1 : argv[0];
	conmon = streq(base, "conmon");
	if (!conmon && strncmp(base, "containerd-shim", 15))
		return 0;
	for (size_t i = 1; i + 1 < argc; i++) {
		const char *o = argv[i], *v = argv[i + 1];

		if (conmon ? streq(o, "-c") || streq(o, "--cid") : streq(o, "-id")) {
			if (!ident_copy(v, sh.id))
				return 0;
			i++;
		} else if (!conmon && streq(o, "-namespace")) {
			if (!ident_copy(v, sh.ns))
				return 0;
			i++;
		}
	}
	if (!sh.id[0] || (!conmon && !sh.ns[0]))
		return 0;
	sh.runtime = conmon ? CGK_RT_PODMAN :
		     streq(sh.ns, "moby") ? CGK_RT_DOCKER : CGK_RT_CONTAINERD;
	*ret = sh;
	return 1;
}

bool cgk_container_wants_shim(const char *path)
{
	struct cgk_container ct;
	struct comp c[2];

	if (!path)
		return false;
	if (cgk_container_parse(path, &ct) == 1)
		return ct.runtime == CGK_RT_CRI;
	if (last_comps(path, c, 2) != 2 || !ident_ok(c[0].s, c[0].n) ||
	    !ident_ok(c[1].s, c[1].n))
		return false;
	/* systemd's units are no containerd namespace/id pair: not worth a look */
	{
		struct comp u = c[0], ns = c[1];

		return !comp_chop(&ns, ".slice") && !comp_chop(&u, ".service") &&
		       !comp_chop(&u, ".scope") && !comp_chop(&u, ".slice");
	}
}

int cgk_container_with_shim(const char *path, const struct cgk_shim *shim,
			    struct cgk_container *ret)
{
	struct cgk_container ct = { .runtime = CGK_RT_NONE };
	struct comp c[4];
	size_t k;

	if (!path || !ret)
		return 0;
	if (cgk_container_parse(path, &ct) == 1) {
		if (shim && ct.runtime == CGK_RT_CRI && streq(shim->id, ct.id))
			ct.runtime = shim->runtime;
		*ret = ct;
		return 1;
	}
	if (!shim || !shim->id[0] || !cgk_container_wants_shim(path))
		return 0;
	k = last_comps(path, c, ARRAY_SIZE(c));
	if (k < 2 || !comp_eq(&c[0], shim->id))
		return 0;
	if (!pod_at(c + 1, k - 1, ct.pod_uid, &ct.qos) &&
	    (!shim->ns[0] || !comp_eq(&c[1], shim->ns)))
		return 0;
	ct.runtime = shim->runtime;
	memcpy(ct.id, c[0].s, c[0].n);
	ct.id[c[0].n] = '\0';
	*ret = ct;
	return 1;
}

bool cgk_container_id_ok(const char *s)
{
	return s && ident_ok(s, strlen(s));
}

int cgk_container_probe(int procfd, int cgfd, const char *path, const pid_t *pids,
			size_t npids, struct cgk_container *ret)
{
	_cleanup_free_ char *buf = NULL;
	pid_t own[16];
	struct cgk_shim sh;
	bool found = false;

	if (!path || !ret)
		return 0;
	if (!cgk_container_wants_shim(path))
		return cgk_container_parse(path, ret);
	if (npids == 0 && cgfd >= 0 && cgk_read_at(cgfd, "cgroup.procs", &buf, NULL) == 0) {
		char *end;

		for (char *p = buf; *p && npids < ARRAY_SIZE(own); p = end) {
			long v = strtol(p, &end, 10);

			if (end == p || v <= 0)
				break;
			own[npids++] = (pid_t)v;
		}
		pids = own;
	}
	/* the init is the first to join; a few more for a docker exec */
	for (size_t k = 0; k < npids && k < 4 && !found; k++) {
		_cleanup_free_ char *cmd = NULL;
		struct cgk_pidstat st;
		char file[32];
		size_t len;

		if (cgk_pidstat_read(procfd, pids[k], &st) < 0 || st.ppid <= 0)
			continue;
		snprintf(file, sizeof(file), "%d/cmdline", (int)st.ppid);
		if (cgk_read_at(procfd, file, &cmd, &len) < 0)
			continue;
		found = cgk_shim_parse(cmd, len, &sh) == 1;
	}
	return cgk_container_with_shim(path, found ? &sh : NULL, ret);
}

const char *cgk_runtime_name(enum cgk_runtime rt)
{
	switch (rt) {
	case CGK_RT_DOCKER:
		return "docker";
	case CGK_RT_CONTAINERD:
		return "containerd";
	case CGK_RT_CRIO:
		return "crio";
	case CGK_RT_PODMAN:
		return "podman";
	case CGK_RT_CRI:
		return "cri";
	default:
		return "";
	}
}

const char *cgk_qos_name(enum cgk_qos q)
{
	switch (q) {
	case CGK_QOS_GUARANTEED:
		return "guaranteed";
	case CGK_QOS_BURSTABLE:
		return "burstable";
	case CGK_QOS_BESTEFFORT:
		return "besteffort";
	default:
		return "";
	}
}
