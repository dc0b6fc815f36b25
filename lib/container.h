/* SPDX-License-Identifier: MIT */
/* container - recognise container runtimes and pods from cgroup names */
#ifndef CGK_CONTAINER_H
#define CGK_CONTAINER_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define CGK_CTR_ID_MAX 76	/* containerd's limit on a container id */

enum cgk_runtime {
	CGK_RT_NONE = 0,
	CGK_RT_DOCKER,		/* docker-<id>.scope, /docker/<id>; shim namespace moby */
	CGK_RT_CONTAINERD,	/* cri-containerd-<id>.scope; shim: /<namespace>/<id> */
	CGK_RT_CRIO,		/* crio-<id>.scope */
	CGK_RT_PODMAN,		/* libpod-<id>.scope, /libpod_parent/libpod-<id> */
	CGK_RT_CRI,		/* kubepods/.../pod<uid>/<id> (cgroupfs driver, runtime unknown) */
};

enum cgk_qos {
	CGK_QOS_NONE = 0,
	CGK_QOS_GUARANTEED,
	CGK_QOS_BURSTABLE,
	CGK_QOS_BESTEFFORT,
};

struct cgk_container {
	enum cgk_runtime runtime;
	char id[CGK_CTR_ID_MAX + 1];	/* 64 lowercase hex; from a shim, any containerd id */
	char pod_uid[37];	/* 8-4-4-4-12 with '-' (or a static pod's 32 hex), "" when not a pod */
	enum cgk_qos qos;
};

/*
 * Decide whether the cgroup PATH (normalised or with a leading '/') is a
 * container: its last component names one (systemd driver: docker-, crio-,
 * libpod-, cri-containerd-<64hex>.scope; cgroupfs driver: /docker/<64hex>,
 * libpod-<64hex>, /kubepods[/qos]/pod<uid>/<64hex>). conmon scopes are not
 * containers. The
 * pod uid (underscores turned back into dashes) and QoS class come from the
 * kubepods ancestors when present. Returns 1 and fills *ret, 0 when PATH is
 * not a container (*ret untouched).
 */
int cgk_container_parse(const char *path, struct cgk_container *ret);

/*
 * Pod of PATH when PATH is a kubepods pod cgroup itself (kubepods-...-pod<uid>.slice
 * or .../pod<uid>): 1 and *ret_uid, *ret_qos; else 0.
 */
int cgk_pod_parse(const char *path, char ret_uid[37], enum cgk_qos *ret_qos);

/*
 * What the parent of a container's init says of it. containerd's shims run
 * as "containerd-shim-runc-v2 -namespace NS -id ID -address ..." (dockerd's
 * containerd uses the namespace moby), podman's conmon as "conmon ... -c ID
 * ...".
 */
struct cgk_shim {
	enum cgk_runtime runtime;	/* DOCKER (namespace moby), CONTAINERD, PODMAN */
	char ns[CGK_CTR_ID_MAX + 1];	/* containerd namespace; "" for conmon */
	char id[CGK_CTR_ID_MAX + 1];
};

/*
 * Parse /proc/PID/cmdline bytes (NUL-separated argv) of a shim or conmon.
 * Names and ids must be valid containerd identifiers (alphanumerics joined
 * by single '.', '_' or '-', at most 76 bytes). 1 and *ret; 0 when it is no
 * shim (*ret untouched).
 */
int cgk_shim_parse(const char *cmdline, size_t len, struct cgk_shim *ret);

/*
 * cgk_container_parse with what SHIM (the parent of a process in PATH, or
 * NULL) says: a kubepods cgroupfs container gets the shim's runtime instead
 * of "cri"; a cgroup no name reveals is a container when its last component
 * is the shim's id and its parent the shim's containerd namespace
 * (/default/web, /k8s.io/<id>) or a kubepods pod. 1 and *ret, or 0.
 */
int cgk_container_with_shim(const char *path, const struct cgk_shim *shim,
			    struct cgk_container *ret);

/*
 * True when a shim may change what cgk_container_parse says of PATH: a
 * kubepods container of unknown runtime, or an unnamed cgroup whose last
 * two components could be a containerd namespace and id (not a systemd
 * unit: no parent .slice, no .service, .scope or .slice). Lets a caller
 * read the processes of only those cgroups.
 */
bool cgk_container_wants_shim(const char *path);

/*
 * cgk_container_with_shim for the cgroup PATH, with the shim read from
 * PROCFD (a /proc directory): the parent of one of the first 4 processes in
 * PIDS[0..NPIDS), or when NPIDS is 0, in the cgroup directory CGFD's
 * cgroup.procs. Reads only where cgk_container_wants_shim(PATH); a cgroup
 * or process that vanishes counts as no shim. 1 and *ret, or 0.
 */
int cgk_container_probe(int procfd, int cgfd, const char *path, const pid_t *pids,
			size_t npids, struct cgk_container *ret);

/* True when S could be a containerd container id or namespace. */
bool cgk_container_id_ok(const char *s);

const char *cgk_runtime_name(enum cgk_runtime rt);	/* "docker", ... , "" */
const char *cgk_qos_name(enum cgk_qos q);		/* "burstable", ..., "" */

#endif
