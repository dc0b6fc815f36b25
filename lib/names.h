/* SPDX-License-Identifier: MIT */
/* names - containers' names, images and pods from the runtimes' own state files */
#ifndef CGK_NAMES_H
#define CGK_NAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "container.h"

/*
 * What the runtimes' files say of one container. Every string is NULL when
 * no file said it; strings are cut to CGK_NAME_MAX bytes and control
 * characters become '?', since labels and annotations are user data.
 */
#define CGK_NAME_MAX 253

struct cgk_name {
	char *name;		/* docker's Name without '/', podman's first name, a CRI
				 * container's name (its pod's name for a sandbox) */
	char *image;		/* as the user gave it: docker's Config.Image, the CRI
				 * image-name annotation, podman's image-name */
	char *pod_ns;		/* Kubernetes namespace of its pod */
	char *pod_name;		/* its pod */
	char *pod_uid;
	char *container;	/* the Kubernetes container name (CRI, CRI-O, dockershim) */
	char *project;		/* com.docker.compose.project */
	char *service;		/* com.docker.compose.service */
	bool sandbox;		/* a pod's sandbox (pause) container */
	pid_t init;		/* runc's init_process_pid, when /proc/PID/stat's
				 * field 22 still equals init_process_start; else 0 */
};

/*
 * Where the runtimes keep their state when no running process says
 * otherwise, as paths below the cache's root directory (the sysroot). NULL
 * fields take the defaults in the comments. cgk_names_conf_env() fills a
 * conf from CGKIT_DOCKER_ROOT, CGKIT_DOCKER_RUNC_ROOT,
 * CGKIT_CONTAINERD_RUNC_ROOT, CGKIT_CRIO_RUNC_ROOT and CGKIT_PODMAN_ROOT.
 */
struct cgk_names_conf {
	const char *docker_data;	/* /var/lib/docker: containers/<id>/config.v2.json */
	const char *docker_runc;	/* /run/docker/runtime-runc: moby/<id>/state.json */
	const char *containerd_runc;	/* /run/containerd/runc: <namespace>/<id>/state.json */
	const char *crio_runc;		/* /run/runc: <id>/state.json */
	const char *podman_storage;	/* /var/lib/containers/storage:
					 * {overlay,vfs,btrfs,zfs}-containers/containers.json */
};

void cgk_names_conf_env(struct cgk_names_conf *ret);

/* ---- pure readers: (buf, len) -> fields; 0, or -EINVAL with *ret untouched ---- */

/*
 * Merge docker's config.v2.json into *RET: Name, Config.Image, compose's
 * project and service labels, the dockershim's io.kubernetes.* labels.
 * Only fields still NULL in *RET are set. -ENOMEM.
 */
int cgk_names_parse_docker(const char *buf, size_t len, struct cgk_name *ret);

/*
 * Merge runc's state.json into *RET: the "k=v" strings of config.labels
 * (OCI annotations: CRI's io.kubernetes.cri.*, CRI-O's io.kubernetes.*),
 * and its init: *RET_PID and *RET_START (init_process_pid and
 * init_process_start, 0 when absent), *RET_BUNDLE (malloc'd, the "bundle="
 * label, NULL when absent) when RET_BUNDLE is not NULL.
 */
int cgk_names_parse_state(const char *buf, size_t len, struct cgk_name *ret,
			  pid_t *ret_pid, uint64_t *ret_start, char **ret_bundle);

/*
 * Merge an OCI bundle's config.json into *RET (its annotations) and, when
 * RET_HOSTNAME is not NULL, the source of its /etc/hostname bind mount in
 * *RET_HOSTNAME (malloc'd or NULL): docker keeps it in the directory that
 * holds config.v2.json.
 */
int cgk_names_parse_oci(const char *buf, size_t len, struct cgk_name *ret,
			char **ret_hostname);

/* A containerd shim's options.json: *RET_ROOT, the runc root (malloc'd, NULL when absent). */
int cgk_names_parse_options(const char *buf, size_t len, char **ret_root);

/*
 * Merge the entry of container ID in podman's containers.json (its layout
 * is c/storage's internal one: best effort) into *RET: names[0], and the
 * image name from the metadata string. -ENOENT when ID is not listed.
 */
int cgk_names_parse_podman(const char *buf, size_t len, const char *id, struct cgk_name *ret);

/*
 * dockerd's command line: 1 with *RET_ROOT (--data-root, -g, --graph) and
 * *RET_CONFIG (--config-file), each malloc'd or NULL; 0 when it is not
 * dockerd; -ENOMEM.
 */
int cgk_names_parse_dockerd(const char *cmdline, size_t len, char **ret_root, char **ret_config);

/* dockerd's daemon.json: *RET_ROOT, its "data-root" (or "graph"), malloc'd or NULL. */
int cgk_names_parse_daemon_json(const char *buf, size_t len, char **ret_root);

/* What conmon's command line says (every string malloc'd or NULL). */
struct cgk_conmon {
	char *id;		/* -c */
	char *name;		/* -n */
	char *bundle;		/* -b */
	char *root;		/* --exit-command-arg --root --exit-command-arg DIR */
};

/* Parse /proc/PID/cmdline bytes of conmon. 1 and *RET; 0 when it is not conmon; -ENOMEM. */
int cgk_names_parse_conmon(const char *cmdline, size_t len, struct cgk_conmon *ret);
void cgk_conmon_done(struct cgk_conmon *c);

/* Free N's strings and zero it. NULL is fine. */
void cgk_name_done(struct cgk_name *n);

/* ---- the cache ---- */

struct cgk_names;

/*
 * A cache of names over the sysroot ROOTFD and its /proc PROCFD (both
 * borrowed, kept open by the caller). CONF may be NULL (defaults). NULL on
 * out of memory.
 */
struct cgk_names *cgk_names_new(int rootfd, int procfd, const struct cgk_names_conf *conf);
void cgk_names_free(struct cgk_names *nc);

/*
 * What the runtime's files say of container C, whose init (or any process
 * of it whose parent is its shim or conmon) is INIT (0 if unknown). The
 * files are found where the process's shim or conmon keeps them
 * (/proc/PPID/{cmdline,cwd,root}: the bundle, options.json's runc root, the
 * data root docker mounts /etc/hostname from, conmon's -b and --root), else
 * at the conf's roots, and for docker then where the running dockerd's
 * --data-root or daemon.json says (one scan of /proc per cache). Each file
 * is read once and kept while its inode, size and mtime hold (a stat a
 * lookup). A file not found is looked for again only when the nearest
 * directory on its way changed its inode or mtime (that directory is
 * stat'ed once between two sweeps, however many containers wait on it),
 * and once more a tenth of a second after a look that found it changed
 * then (a clock tick may hide a change); a missing, unreadable, malformed
 * or oversized file adds nothing. Never NULL for a container
 * (an entry with every field NULL at worst); NULL only for C of runtime
 * CGK_RT_NONE or out of memory. The result and its strings belong to the
 * cache: valid until the next lookup of the same container,
 * cgk_names_sweep or cgk_names_free.
 */
const struct cgk_name *cgk_names_get(struct cgk_names *nc, const struct cgk_container *c,
				     pid_t init);

/* Forget the containers not looked up since the previous sweep; the
 * directories waited on are stat'ed again after it (once a refresh). */
void cgk_names_sweep(struct cgk_names *nc);

/* Files read since the cache was made (for tests and benchmarks). */
unsigned long cgk_names_reads(const struct cgk_names *nc);

/* Files looked for and not found since the cache was made (for tests and benchmarks). */
unsigned long cgk_names_misses(const struct cgk_names *nc);

#endif
