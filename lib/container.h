/* SPDX-License-Identifier: MIT */
/* container - recognise container runtimes and pods from cgroup names */
#ifndef CGK_CONTAINER_H
#define CGK_CONTAINER_H

#include <stddef.h>

enum cgk_runtime {
	CGK_RT_NONE = 0,
	CGK_RT_DOCKER,		/* docker-<id>.scope, /docker/<id> */
	CGK_RT_CONTAINERD,	/* cri-containerd-<id>.scope */
	CGK_RT_CRIO,		/* crio-<id>.scope */
	CGK_RT_PODMAN,		/* libpod-<id>.scope */
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
	char id[65];		/* 64 lowercase hex */
	char pod_uid[37];	/* 8-4-4-4-12 with '-' (or a static pod's 32 hex), "" when not a pod */
	enum cgk_qos qos;
};

/*
 * Decide whether the cgroup PATH (normalised or with a leading '/') is a
 * container: its last component names one (systemd driver: docker-, crio-,
 * libpod-, cri-containerd-<64hex>.scope; cgroupfs driver: /docker/<64hex>,
 * /kubepods[/qos]/pod<uid>/<64hex>). conmon scopes are not containers. The
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

const char *cgk_runtime_name(enum cgk_runtime rt);	/* "docker", ... , "" */
const char *cgk_qos_name(enum cgk_qos q);		/* "burstable", ..., "" */

#endif
