/* SPDX-License-Identifier: MIT */
/* names - containers' names, images and pods from the runtimes' own state files */
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "names.h"
#include "proc.h"
#include "util.h"

/*
 * The readers take a buffer and use json-c's tokener, bounded in depth,
 * never a hand-written parser: these files are written by daemons, partly
 * from what users typed (labels, annotations), and may be caught half
 * written. Whatever does not parse adds nothing.
 */

#define JSON_DEPTH 64
#define FILE_MAX (1024 * 1024)		/* config.v2.json, state.json, config.json */
#define PODMAN_MAX (16 * 1024 * 1024)	/* containers.json lists every container */

static json_object *parse(const char *buf, size_t len)
{
	struct json_tokener *tok;
	json_object *o;

	if (!buf || len == 0 || len > INT32_MAX)
		return NULL;
	tok = json_tokener_new_ex(JSON_DEPTH);
	if (!tok)
		return NULL;
	o = json_tokener_parse_ex(tok, buf, (int)len);
	if (o && json_tokener_get_error(tok) == json_tokener_success) {
		/* one document, then nothing but white space */
		for (size_t i = json_tokener_get_parse_end(tok); i < len && o; i++)
			if (!strchr(" \t\r\n", buf[i]) || !buf[i]) {
				json_object_put(o);
				o = NULL;
			}
	} else if (o) {
		json_object_put(o);
		o = NULL;
	}
	json_tokener_free(tok);
	return o;
}

static json_object *get(json_object *o, const char *key, json_type type)
{
	json_object *v;

	if (!o || !json_object_is_type(o, json_type_object) ||
	    !json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, type))
		return NULL;
	return v;
}

static const char *get_str(json_object *o, const char *key)
{
	json_object *v = get(o, key, json_type_string);

	return v ? json_object_get_string(v) : NULL;
}

/* A copy of S[0..N) fit to print: cut at CGK_NAME_MAX, controls as '?'. NULL for "". */
static char *clean(const char *s, size_t n)
{
	char *p;

	if (!s || n == 0)
		return NULL;
	if (n > CGK_NAME_MAX)
		n = CGK_NAME_MAX;
	p = cgk_strndup(s, n);
	if (!p)
		return NULL;
	for (char *q = p; *q; q++)
		if ((unsigned char)*q < 0x20 || *q == 0x7f)
			*q = '?';
	return p;
}

/* *F = clean(S) when *F is NULL and S says something. -ENOMEM. */
static int set(char **f, const char *s, size_t n)
{
	if (*f || !s || n == 0)
		return 0;
	*f = clean(s, n);
	return *f ? 0 : -ENOMEM;
}

static int set_s(char **f, const char *s)
{
	return s ? set(f, s, strlen(s)) : 0;
}

void cgk_name_done(struct cgk_name *n)
{
	if (!n)
		return;
	free(n->name);
	free(n->image);
	free(n->pod_ns);
	free(n->pod_name);
	free(n->pod_uid);
	free(n->container);
	free(n->project);
	free(n->service);
	memset(n, 0, sizeof(*n));
}

/* Move the fields of SRC that DST lacks into DST; SRC is emptied. */
static void merge(struct cgk_name *dst, struct cgk_name *src)
{
	char **d[] = { &dst->name, &dst->image, &dst->pod_ns, &dst->pod_name, &dst->pod_uid,
		       &dst->container, &dst->project, &dst->service };
	char **s[] = { &src->name, &src->image, &src->pod_ns, &src->pod_name, &src->pod_uid,
		       &src->container, &src->project, &src->service };

	for (size_t i = 0; i < ARRAY_SIZE(d); i++)
		if (!*d[i])
			*d[i] = TAKE_PTR(*s[i]);
	dst->sandbox |= src->sandbox;
	cgk_name_done(src);
}

/*
 * One label or annotation K=V (V of length VN). Keys match exactly:
 * containerd's CRI (io.kubernetes.cri.*), CRI-O's and the dockershim's
 * (io.kubernetes.*), compose's (com.docker.compose.*).
 */
static int annotate(struct cgk_name *n, const char *k, size_t kn, const char *v, size_t vn)
{
	static const struct {
		const char *key;
		size_t off;
	} map[] = {
		{ "io.kubernetes.cri.container-name", offsetof(struct cgk_name, container) },
		{ "io.kubernetes.cri.sandbox-name", offsetof(struct cgk_name, pod_name) },
		{ "io.kubernetes.cri.sandbox-namespace", offsetof(struct cgk_name, pod_ns) },
		{ "io.kubernetes.cri.sandbox-uid", offsetof(struct cgk_name, pod_uid) },
		{ "io.kubernetes.cri.image-name", offsetof(struct cgk_name, image) },
		{ "io.kubernetes.container.name", offsetof(struct cgk_name, container) },
		{ "io.kubernetes.pod.name", offsetof(struct cgk_name, pod_name) },
		{ "io.kubernetes.pod.namespace", offsetof(struct cgk_name, pod_ns) },
		{ "io.kubernetes.pod.uid", offsetof(struct cgk_name, pod_uid) },
		{ "io.kubernetes.cri-o.ImageName", offsetof(struct cgk_name, image) },
		{ "com.docker.compose.project", offsetof(struct cgk_name, project) },
		{ "com.docker.compose.service", offsetof(struct cgk_name, service) },
	};

	for (size_t i = 0; i < ARRAY_SIZE(map); i++)
		if (strlen(map[i].key) == kn && !memcmp(map[i].key, k, kn))
			return set((char **)((char *)n + map[i].off), v, vn);
	if ((kn == 32 && !memcmp(k, "io.kubernetes.cri.container-type", kn)) ||
	    (kn == 33 && !memcmp(k, "io.kubernetes.cri-o.ContainerType", kn)))
		n->sandbox = vn == 7 && !memcmp(v, "sandbox", 7);
	return 0;
}

/* Every string member of object O as an annotation. */
static int annotate_object(struct cgk_name *n, json_object *o)
{
	if (!o || !json_object_is_type(o, json_type_object))
		return 0;
	json_object_object_foreach(o, k, v) {
		int r;

		if (!json_object_is_type(v, json_type_string))
			continue;
		r = annotate(n, k, strlen(k), json_object_get_string(v),
			     (size_t)json_object_get_string_len(v));
		if (r < 0)
			return r;
	}
	return 0;
}

/*
 * A CRI container is known by its Kubernetes name, a sandbox by its pod's,
 * as crictl shows them: over the runtime's own name for it (the
 * dockershim's and CRI-O's "k8s_<container>_<pod>_<ns>_<uid>_<n>").
 */
static int name_from_pod(struct cgk_name *n)
{
	const char *k = n->sandbox ? n->pod_name : n->container;
	char *p;

	if (!k || (n->name && streq(n->name, k)))
		return 0;
	if (!(p = strdup(k)))
		return -ENOMEM;
	free(n->name);
	n->name = p;
	return 0;
}

int cgk_names_parse_docker(const char *buf, size_t len, struct cgk_name *ret)
{
	struct cgk_name n = { 0 };
	json_object *o = parse(buf, len), *cfg;
	const char *name;
	int r;

	if (!o || !json_object_is_type(o, json_type_object)) {
		json_object_put(o);
		return -EINVAL;
	}
	cfg = get(o, "Config", json_type_object);
	name = get_str(o, "Name");
	if (name && *name == '/')
		name++;
	r = annotate_object(&n, get(cfg, "Labels", json_type_object));
	if (r == 0)
		r = set_s(&n.name, name);
	if (r == 0)
		r = set_s(&n.image, get_str(cfg, "Image"));
	json_object_put(o);
	if (r < 0) {
		cgk_name_done(&n);
		return r;
	}
	merge(ret, &n);
	return 0;
}

int cgk_names_parse_state(const char *buf, size_t len, struct cgk_name *ret,
			  pid_t *ret_pid, uint64_t *ret_start, char **ret_bundle)
{
	struct cgk_name n = { 0 };
	json_object *o = parse(buf, len), *labels, *v;
	_cleanup_free_ char *bundle = NULL;
	int64_t pid = 0, start = 0;
	int r = 0;

	if (!o || !json_object_is_type(o, json_type_object)) {
		json_object_put(o);
		return -EINVAL;
	}
	if ((v = get(o, "init_process_pid", json_type_int)))
		pid = json_object_get_int64(v);
	if ((v = get(o, "init_process_start", json_type_int)))
		start = json_object_get_int64(v);
	if (pid <= 0 || pid > INT32_MAX || start < 0)
		pid = start = 0;
	labels = get(get(o, "config", json_type_object), "labels", json_type_array);
	for (size_t i = 0, k = labels ? json_object_array_length(labels) : 0; i < k && !r; i++) {
		json_object *l = json_object_array_get_idx(labels, i);
		const char *s, *eq;
		size_t sl;

		if (!json_object_is_type(l, json_type_string))
			continue;
		s = json_object_get_string(l);
		sl = (size_t)json_object_get_string_len(l);
		if (!(eq = memchr(s, '=', sl)))
			continue;
		if (eq - s == 6 && !memcmp(s, "bundle", 6) && !bundle && eq + 1 < s + sl) {
			if (memchr(eq + 1, '\0', sl - 7))
				continue;
			if (!(bundle = cgk_strndup(eq + 1, sl - 7)))
				r = -ENOMEM;
			continue;
		}
		r = annotate(&n, s, (size_t)(eq - s), eq + 1, sl - (size_t)(eq - s) - 1);
	}
	json_object_put(o);
	if (r < 0) {
		cgk_name_done(&n);
		return r;
	}
	merge(ret, &n);
	if (ret_pid)
		*ret_pid = (pid_t)pid;
	if (ret_start)
		*ret_start = (uint64_t)start;
	if (ret_bundle)
		*ret_bundle = TAKE_PTR(bundle);
	return 0;
}

int cgk_names_parse_oci(const char *buf, size_t len, struct cgk_name *ret, char **ret_hostname)
{
	struct cgk_name n = { 0 };
	json_object *o = parse(buf, len), *mounts;
	char *host = NULL;
	int r;

	if (!o || !json_object_is_type(o, json_type_object)) {
		json_object_put(o);
		return -EINVAL;
	}
	r = annotate_object(&n, get(o, "annotations", json_type_object));
	mounts = get(o, "mounts", json_type_array);
	for (size_t i = 0, k = mounts ? json_object_array_length(mounts) : 0;
	     i < k && !r && ret_hostname; i++) {
		json_object *m = json_object_array_get_idx(mounts, i);
		const char *d = get_str(m, "destination"), *s = get_str(m, "source");

		if (d && s && *s == '/' && streq(d, "/etc/hostname") && !host &&
		    strlen(s) < 4096 && !(host = strdup(s)))
			r = -ENOMEM;
	}
	json_object_put(o);
	if (r < 0) {
		free(host);
		cgk_name_done(&n);
		return r;
	}
	merge(ret, &n);
	if (ret_hostname)
		*ret_hostname = host;
	return 0;
}

/*
 * The first of KEYS (NULL-terminated) that OBJECT-document BUF has as a
 * string, when it is an absolute path: *RET_ROOT malloc'd, or NULL when
 * none is. 0, -EINVAL (no JSON object) or -ENOMEM.
 */
static int parse_root(const char *buf, size_t len, const char *const *keys, char **ret_root)
{
	json_object *o = parse(buf, len);
	const char *root = NULL;
	char *p = NULL;

	if (!o || !json_object_is_type(o, json_type_object)) {
		json_object_put(o);
		return -EINVAL;
	}
	for (; *keys && !root; keys++)
		root = get_str(o, *keys);
	if (root && *root == '/' && strlen(root) < 4096 && !(p = strdup(root))) {
		json_object_put(o);
		return -ENOMEM;
	}
	json_object_put(o);
	*ret_root = p;
	return 0;
}

int cgk_names_parse_options(const char *buf, size_t len, char **ret_root)
{
	static const char *const keys[] = { "root", NULL };

	return parse_root(buf, len, keys, ret_root);
}

int cgk_names_parse_podman(const char *buf, size_t len, const char *id, struct cgk_name *ret)
{
	struct cgk_name n = { 0 };
	json_object *o = parse(buf, len), *hit = NULL, *names, *meta = NULL;
	const char *image;
	int r = 0;

	if (!o || !json_object_is_type(o, json_type_array) || !id) {
		json_object_put(o);
		return -EINVAL;
	}
	for (size_t i = 0, k = json_object_array_length(o); i < k && !hit; i++) {
		json_object *c = json_object_array_get_idx(o, i);
		const char *cid = get_str(c, "id");

		if (cid && streq(cid, id))
			hit = c;
	}
	if (!hit) {
		json_object_put(o);
		return -ENOENT;
	}
	names = get(hit, "names", json_type_array);
	if (names && json_object_array_length(names) > 0) {
		json_object *s = json_object_array_get_idx(names, 0);

		if (json_object_is_type(s, json_type_string))
			r = set_s(&n.name, json_object_get_string(s));
	}
	/* the metadata is a JSON document inside a string */
	image = get_str(hit, "metadata");
	if (image && (meta = parse(image, strlen(image))))
		image = get_str(meta, "image-name");
	else
		image = NULL;
	if (r == 0)
		r = set_s(&n.image, image);
	json_object_put(meta);
	json_object_put(o);
	if (r < 0) {
		cgk_name_done(&n);
		return r;
	}
	merge(ret, &n);
	return 0;
}

void cgk_conmon_done(struct cgk_conmon *c)
{
	if (!c)
		return;
	free(c->id);
	free(c->name);
	free(c->bundle);
	free(c->root);
	memset(c, 0, sizeof(*c));
}

int cgk_names_parse_conmon(const char *cmdline, size_t len, struct cgk_conmon *ret)
{
	struct cgk_conmon c = { 0 };
	const char *argv[256], *base;
	size_t argc;

	if (!ret)
		return 0;
	argc = cgk_argv_split(cmdline, len, argv, ARRAY_SIZE(argv));
	if (argc == 0)
		return 0;
	base = strrchr(argv[0], '/');
	base = base ? base + 1 : argv[0];
	if (!streq(base, "conmon"))
		return 0;
	for (size_t i = 1; i + 1 < argc; i++) {
		const char *o = argv[i], *v = argv[i + 1];
		char **f = NULL;

		if (streq(o, "-c") || streq(o, "--cid"))
			f = &c.id;
		else if (streq(o, "-n") || streq(o, "--name"))
			f = &c.name;
		else if (streq(o, "-b") || streq(o, "--bundle"))
			f = &c.bundle;
		else if (streq(o, "--exit-command-arg") && streq(v, "--root") && i + 3 < argc &&
			 streq(argv[i + 2], "--exit-command-arg"))
			f = &c.root, v = argv[i + 3], i += 2;
		if (!f)
			continue;
		i++;
		if (*f || !*v || strlen(v) >= 4096 ||
		    ((f == &c.bundle || f == &c.root) && *v != '/'))
			continue;
		if (!(*f = f == &c.name || f == &c.id ? clean(v, strlen(v)) : strdup(v))) {
			cgk_conmon_done(&c);
			return -ENOMEM;
		}
	}
	if (!c.id) {
		cgk_conmon_done(&c);
		return 0;
	}
	*ret = c;
	return 1;
}

/* ---- defaults ---- */

void cgk_names_conf_env(struct cgk_names_conf *ret)
{
	memset(ret, 0, sizeof(*ret));
	ret->docker_data = getenv("CGKIT_DOCKER_ROOT");
	ret->docker_runc = getenv("CGKIT_DOCKER_RUNC_ROOT");
	ret->containerd_runc = getenv("CGKIT_CONTAINERD_RUNC_ROOT");
	ret->crio_runc = getenv("CGKIT_CRIO_RUNC_ROOT");
	ret->podman_storage = getenv("CGKIT_PODMAN_ROOT");
}

/* ---- the cache ---- */

/*
 * A directory that a file looked for and not found would appear in (the
 * nearest one there on the way up from it), shared by every stamp that
 * waits on it: stat'ed at most once a refresh (between two sweeps),
 * however many containers wait on it (docker's containers/ for each
 * container without a config.v2.json).
 */
struct wdir {
	int dirfd;
	char *path;
	unsigned refs;
	unsigned long gen;	/* the refresh that st is of; 0 never */
	bool ok;		/* st is valid */
	struct stat st;
	struct wdir *next;	/* in its hash bucket */
};

/*
 * A file as it was when read: read again when any of these changed. A
 * file not found is a stamp on the directory it would appear in (WAIT):
 * looked for again only when that directory's inode or mtime changed, and
 * once more after a miss its mtime was too recent to trust for: a file
 * made in the same tick of the file system's (coarse) clock as the last
 * change would leave the mtime as it was, and one made between the failed
 * open and the directory's stat would be in the mtime stamped.
 */
#define RACY_NS 100000000LL	/* a clock tick at HZ=10, and more */
struct stamp {
	int dirfd;		/* the cache's rootfd or procfd (borrowed) */
	char *path;		/* relative to dirfd; NULL for a file not found */
	struct wdir *wait;	/* a file not found: the directory, else NULL */
	bool racy;		/* its directory's mtime was within RACY_NS of the
				 * look: looked for once more after that */
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime;
};

struct entry {
	enum cgk_runtime rt;
	char id[CGK_CTR_ID_MAX + 1];
	pid_t probe;		/* the INIT it was looked up with */
	bool seen;
	struct cgk_name v;
	struct stamp *files;	/* the files read, and those looked for and not found */
	size_t nfiles, cap;
	size_t nfound;		/* of them, files read */
	struct entry *next;	/* in its hash bucket */
};

/*
 * A directory a miss looked at on its way up past the file's own, there
 * or not, kept for the rest of the refresh (for a caller that never
 * sweeps, RACY_NS): the containers of a runtime that is not installed
 * share every look above their own directory (docker's containers/, the
 * data root, its parent). A few, reused in turn.
 */
#define UPDIRS 16
struct updir {
	int dirfd;
	char *path;		/* NULL: a free slot */
	unsigned long gen;
	long long t_ns;		/* CLOCK_MONOTONIC of the look */
	bool there;
	struct stat st;
};

/* Buckets of the entries by (runtime, id), and of the waited-on
 * directories by path; powers of two. */
#define NAMES_BUCKETS 1024
#define WDIR_BUCKETS 64

struct cgk_names {
	int rootfd, procfd;
	bool dockerd_probed;
	char *dockerd_root;	/* "PID/root/<data root>" below procfd, or NULL */
	const char *docker_data, *docker_runc, *containerd_runc, *crio_runc, *podman_storage;
	struct entry *bucket[NAMES_BUCKETS];	/* each entry its own block: what
						 * cgk_names_get returned stays
						 * where it is until a sweep */
	struct wdir *wdirs[WDIR_BUCKETS];
	struct updir up[UPDIRS];
	unsigned upnext;
	unsigned long gen;	/* refreshes: one more at each sweep */
	bool swept;		/* the caller sweeps: a refresh is from one sweep to the next */
	unsigned long reads, misses;
};

static uint32_t fnv1a(uint32_t h, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		h = (h ^ *p) * 16777619u;
	return h;
}

static struct entry **bucket_of(struct cgk_names *nc, enum cgk_runtime rt, const char *id)
{
	return &nc->bucket[fnv1a(2166136261u ^ (uint32_t)rt, id) & (NAMES_BUCKETS - 1)];
}

/* The shared wdir of PATH below DIRFD, one more reference; NULL on out of memory. */
static struct wdir *wdir_get(struct cgk_names *nc, int dirfd, const char *path)
{
	struct wdir **b = &nc->wdirs[fnv1a(2166136261u ^ (uint32_t)dirfd, path) &
				     (WDIR_BUCKETS - 1)], *w;

	for (w = *b; w; w = w->next)
		if (w->dirfd == dirfd && streq(w->path, path)) {
			w->refs++;
			return w;
		}
	w = calloc(1, sizeof(*w));
	if (!w || !(w->path = strdup(path))) {
		free(w);
		return NULL;
	}
	w->dirfd = dirfd;
	w->refs = 1;
	w->next = *b;
	*b = w;
	return w;
}

static void wdir_put(struct cgk_names *nc, struct wdir *w)
{
	struct wdir **pw;

	if (!w || --w->refs)
		return;
	pw = &nc->wdirs[fnv1a(2166136261u ^ (uint32_t)w->dirfd, w->path) & (WDIR_BUCKETS - 1)];
	while (*pw != w)
		pw = &(*pw)->next;
	*pw = w->next;
	free(w->path);
	free(w);
}

/* W as it is in this refresh: one fstatat per directory per refresh (per
 * look for a caller that never sweeps, as cgsh's lookups). */
static bool wdir_stat(struct cgk_names *nc, struct wdir *w)
{
	if (w->gen != nc->gen || !nc->swept) {
		w->ok = fstatat(w->dirfd, w->path, &w->st, 0) == 0 && S_ISDIR(w->st.st_mode);
		w->gen = nc->gen;
	}
	return w->ok;
}

static const char *rel(const char *p)
{
	while (*p == '/')
		p++;
	return *p ? p : ".";
}

struct cgk_names *cgk_names_new(int rootfd, int procfd, const struct cgk_names_conf *conf)
{
	struct cgk_names *nc = calloc(1, sizeof(*nc));
	struct cgk_names_conf d = { 0 };

	if (!nc)
		return NULL;
	if (conf)
		d = *conf;
	nc->rootfd = rootfd;
	nc->procfd = procfd;
	nc->gen = 1;
	/* the strings are the caller's or the environment's: kept as paths below rootfd */
	nc->docker_data = rel(d.docker_data ? d.docker_data : "/var/lib/docker");
	nc->docker_runc = rel(d.docker_runc ? d.docker_runc : "/run/docker/runtime-runc");
	nc->containerd_runc = rel(d.containerd_runc ? d.containerd_runc : "/run/containerd/runc");
	nc->crio_runc = rel(d.crio_runc ? d.crio_runc : "/run/runc");
	nc->podman_storage = rel(d.podman_storage ? d.podman_storage :
				 "/var/lib/containers/storage");
	return nc;
}

static void entry_clear(struct cgk_names *nc, struct entry *e)
{
	for (size_t i = 0; i < e->nfiles; i++) {
		free(e->files[i].path);
		wdir_put(nc, e->files[i].wait);
	}
	free(e->files);
	e->files = NULL;
	e->nfiles = e->cap = e->nfound = 0;
	cgk_name_done(&e->v);
}

void cgk_names_free(struct cgk_names *nc)
{
	if (!nc)
		return;
	for (size_t b = 0; b < NAMES_BUCKETS; b++) {
		for (struct entry *e = nc->bucket[b], *next; e; e = next) {
			next = e->next;
			entry_clear(nc, e);
			free(e);
		}
	}
	for (size_t i = 0; i < UPDIRS; i++)
		free(nc->up[i].path);
	free(nc->dockerd_root);
	free(nc);
}

unsigned long cgk_names_reads(const struct cgk_names *nc)
{
	return nc ? nc->reads : 0;
}

unsigned long cgk_names_misses(const struct cgk_names *nc)
{
	return nc ? nc->misses : 0;
}

void cgk_names_sweep(struct cgk_names *nc)
{
	if (!nc)
		return;
	for (size_t b = 0; b < NAMES_BUCKETS; b++) {
		for (struct entry **pe = &nc->bucket[b], *e; (e = *pe);) {
			if (e->seen) {
				e->seen = false;
				pe = &e->next;
				continue;
			}
			*pe = e->next;
			entry_clear(nc, e);
			free(e);
		}
	}
	nc->gen++;
	nc->swept = true;
}

static long long ts_ns(const struct timespec *t)
{
	return (long long)t->tv_sec * 1000000000LL + t->tv_nsec;
}

static bool stamp_holds(struct cgk_names *nc, const struct stamp *s)
{
	struct stat st;

	if (s->wait) {
		struct timespec now;

		/* racy: looked for once more when its tick is well past */
		if (s->racy && clock_gettime(CLOCK_REALTIME, &now) == 0 &&
		    ts_ns(&now) >= ts_ns(&s->mtime) + RACY_NS)
			return false;
		return wdir_stat(nc, s->wait) && s->wait->st.st_dev == s->dev &&
		       s->wait->st.st_ino == s->ino &&
		       s->wait->st.st_mtim.tv_sec == s->mtime.tv_sec &&
		       s->wait->st.st_mtim.tv_nsec == s->mtime.tv_nsec;
	}
	return fstatat(s->dirfd, s->path, &st, 0) == 0 && st.st_dev == s->dev &&
	       st.st_ino == s->ino && st.st_size == s->size &&
	       st.st_mtim.tv_sec == s->mtime.tv_sec && st.st_mtim.tv_nsec == s->mtime.tv_nsec;
}

/*
 * Stamp directory D below DIRFD (ST: its fstatat, taken after a look for
 * what E waits on in it that began at T0) into E's files. 0 or -ENOMEM.
 */
static int wait_on(struct cgk_names *nc, struct entry *e, int dirfd, const char *d,
		   const struct stat *st, const struct timespec *t0)
{
	struct stamp s = { .dirfd = dirfd };

	if (cgk_grow((void **)&e->files, &e->cap, e->nfiles, sizeof(*e->files)) < 0 ||
	    !(s.wait = wdir_get(nc, dirfd, d)))
		return -ENOMEM;
	s.racy = ts_ns(&st->st_mtim) >= ts_ns(t0) - RACY_NS;
	s.dev = st->st_dev;
	s.ino = st->st_ino;
	s.mtime = st->st_mtim;
	if (s.wait->gen != nc->gen) {
		s.wait->st = *st;	/* this refresh's */
		s.wait->ok = true;
		s.wait->gen = nc->gen;
	}
	e->files[e->nfiles++] = s;
	return 0;
}

/*
 * PATH below DIRFD was not there when looked for at T0: stamp the nearest
 * directory on the way up from it. 0 or -ENOMEM.
 */
static long long mono_ns(void)
{
	struct timespec t;

	return clock_gettime(CLOCK_MONOTONIC, &t) == 0 ? ts_ns(&t) : 0;
}

/* The look at D below DIRFD that a miss made in this refresh, or NULL. */
static const struct updir *up_find(const struct cgk_names *nc, int dirfd, const char *d,
				   long long now)
{
	for (size_t i = 0; i < UPDIRS; i++) {
		const struct updir *u = &nc->up[i];

		if (u->path && u->dirfd == dirfd && streq(u->path, d) &&
		    (nc->swept ? u->gen == nc->gen : now - u->t_ns < RACY_NS))
			return u;
	}
	return NULL;
}

static void up_put(struct cgk_names *nc, int dirfd, const char *d, bool there,
		   const struct stat *st, long long now)
{
	struct updir *u = &nc->up[nc->upnext++ % UPDIRS];
	char *p = strdup(d);

	if (!p)
		return;		/* not kept: looked at again */
	free(u->path);
	*u = (struct updir){ .dirfd = dirfd, .path = p, .gen = nc->gen, .t_ns = now,
			     .there = there, .st = *st };
}

/* Whether a directory above PATH below DIRFD was looked at in this
 * refresh and not there: PATH is not there either. */
static bool known_absent(const struct cgk_names *nc, int dirfd, const char *path, long long now)
{
	char d[PATH_MAX];
	char *slash;

	if (snprintf(d, sizeof(d), "%s", path) >= (int)sizeof(d))
		return false;
	while ((slash = strrchr(d, '/'))) {
		const struct updir *u;

		*slash = '\0';
		if ((u = up_find(nc, dirfd, d, now)))
			return !u->there;
	}
	return false;
}

/*
 * PATH below DIRFD was not there when looked for at T0: stamp the nearest
 * directory on the way up from it. Those above the file's own directory
 * are looked at once a refresh for all. 0 or -ENOMEM.
 */
static int miss(struct cgk_names *nc, struct entry *e, int dirfd, const char *path,
		const struct timespec *t0)
{
	_cleanup_free_ char *d = strdup(path);
	long long now = mono_ns();
	const struct updir *u;
	struct stat st = { 0 };
	bool own = true, there;
	char *slash;

	if (!d)
		return -ENOMEM;
	nc->misses++;
	for (;; own = false) {
		slash = strrchr(d, '/');
		if (slash)
			*slash = '\0';
		else
			strcpy(d, ".");
		if (!own && (u = up_find(nc, dirfd, d, now))) {
			there = u->there;
			st = u->st;
		} else if (own && known_absent(nc, dirfd, d, now)) {
			there = false;
		} else {
			there = fstatat(dirfd, d, &st, 0) == 0 && S_ISDIR(st.st_mode);
			if (!own)
				up_put(nc, dirfd, d, there, &st, now);
		}
		if (there)
			break;
		if (!slash)
			return 0;	/* not even the root: nothing to wait on */
	}
	return wait_on(nc, e, dirfd, d, &st, t0);
}

/*
 * Read PATH below DIRFD (a regular file of at most MAX bytes, never a FIFO
 * or device: O_NONBLOCK, then fstat) into *RET_BUF, NUL-terminated, and
 * stamp it into E's files. 0 or -errno; nothing stamped on error.
 */
static int read_file(struct cgk_names *nc, struct entry *e, int dirfd, const char *path,
		     size_t max, char **ret_buf, size_t *ret_len)
{
	_cleanup_close_ int fd = -EBADF;
	_cleanup_free_ char *buf = NULL;
	struct stamp s = { .dirfd = dirfd };
	struct timespec t0;
	struct stat st;
	size_t n = 0;

	clock_gettime(CLOCK_REALTIME, &t0);
	/* beneath a directory not there: not opened */
	fd = known_absent(nc, dirfd, path, mono_ns()) ? -(errno = ENOENT) :
	     openat(dirfd, path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY);
	if (fd < 0) {
		int r = -errno;

		/* not there (or not to be opened): remembered, not asked each refresh */
		if (r != -ENOMEM && (r = miss(nc, e, dirfd, path, &t0)) == 0)
			r = -ENOENT;
		return r;
	}
	if (fstat(fd, &st) < 0)
		return -errno;
	s.dev = st.st_dev;
	s.ino = st.st_ino;
	s.size = st.st_size;
	s.mtime = st.st_mtim;
	if (!S_ISREG(st.st_mode) || (uint64_t)st.st_size > max) {
		/* a FIFO, a device or a huge file: looked at again when it changes */
		if (cgk_grow((void **)&e->files, &e->cap, e->nfiles, sizeof(*e->files)) == 0 &&
		    (s.path = strdup(path)))
			e->files[e->nfiles++] = s;
		return S_ISREG(st.st_mode) ? -EFBIG : -EINVAL;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (!buf)
		return -ENOMEM;
	nc->reads++;
	while (n < (size_t)st.st_size) {
		ssize_t r = read(fd, buf + n, (size_t)st.st_size - n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -errno;
		if (r == 0)
			break;	/* shrunk while we read: the stamp makes the next lookup read again */
		n += (size_t)r;
	}
	buf[n] = '\0';
	if (cgk_grow((void **)&e->files, &e->cap, e->nfiles, sizeof(*e->files)) < 0 ||
	    !(s.path = strdup(path)))
		return -ENOMEM;
	e->files[e->nfiles++] = s;
	e->nfound++;
	*ret_buf = TAKE_PTR(buf);
	*ret_len = n;
	return 0;
}

/* DIR + "/" + A [+ "/" + B [+ "/" + C]] below a prefix, malloc'd; NULL on overflow. */
static char *join(const char *prefix, const char *a, const char *b, const char *c, const char *d)
{
	char *p;

	if (asprintf(&p, "%s%s%s%s%s%s%s%s%s", prefix, rel(a), b ? "/" : "", b ? b : "",
		     c ? "/" : "", c ? c : "", d ? "/" : "", d ? d : "", "") < 0)
		return NULL;
	if (strlen(p) >= 4096 || strstr(p, "/../") || !strncmp(p, "../", 3) ||
	    (strlen(p) >= 3 && streq(p + strlen(p) - 3, "/.."))) {
		free(p);
		return NULL;
	}
	return p;
}

/* Verify runc's init: /proc/PID/stat field 22 must still be START. */
static pid_t init_alive(struct cgk_names *nc, pid_t pid, uint64_t start)
{
	struct cgk_pidstat st;

	if (pid <= 0 || cgk_pidstat_read(nc->procfd, pid, &st) < 0 || st.starttime != start)
		return 0;
	return pid;
}

static int read_state(struct cgk_names *nc, struct entry *e, int dirfd, const char *path)
{
	_cleanup_free_ char *buf = NULL;
	size_t len;
	pid_t pid = 0;
	uint64_t start = 0;

	if (read_file(nc, e, dirfd, path, FILE_MAX, &buf, &len) < 0)
		return 0;
	if (cgk_names_parse_state(buf, len, &e->v, &pid, &start, NULL) < 0)
		return 0;
	if (!e->v.init)
		e->v.init = init_alive(nc, pid, start);
	return 1;
}

static int read_docker(struct cgk_names *nc, struct entry *e, int dirfd, const char *path)
{
	_cleanup_free_ char *buf = NULL;
	size_t len;

	if (read_file(nc, e, dirfd, path, FILE_MAX, &buf, &len) < 0)
		return 0;
	return cgk_names_parse_docker(buf, len, &e->v) == 0;
}

static int read_podman(struct cgk_names *nc, struct entry *e, int dirfd, const char *path)
{
	_cleanup_free_ char *buf = NULL;
	size_t len;

	if (read_file(nc, e, dirfd, path, PODMAN_MAX, &buf, &len) < 0)
		return 0;
	return cgk_names_parse_podman(buf, len, e->id, &e->v) == 0;
}

/*
 * The init's parent is a containerd shim or conmon: the files where they
 * say, read through /proc/PPID/{cwd,root} (the runtime may live in a
 * mount namespace of its own). 1 when it was one of them.
 */
static int from_parent(struct cgk_names *nc, struct entry *e, pid_t init)
{
	_cleanup_free_ char *cmd = NULL, *buf = NULL, *root = NULL, *host = NULL, *p = NULL;
	struct cgk_pidstat st;
	struct cgk_shim sh;
	struct cgk_conmon cm;
	char pre[48];
	size_t len;
	int ppid;

	if (init <= 0 || cgk_pidstat_read(nc->procfd, init, &st) < 0 || st.ppid <= 1)
		return 0;
	ppid = (int)st.ppid;
	snprintf(pre, sizeof(pre), "%d/cmdline", ppid);
	if (cgk_read_at(nc->procfd, pre, &cmd, &len) < 0)
		return 0;
	snprintf(pre, sizeof(pre), "%d/root/", ppid);
	if (cgk_names_parse_conmon(cmd, len, &cm) == 1) {
		int r = 0;

		if (streq(cm.id, e->id)) {
			/* containers.json first: it follows podman rename, -n does not */
			if (cm.bundle) {
				/* <root>/<driver>-containers/<id>/userdata */
				_cleanup_free_ char *d = strdup(cm.bundle);
				char *c;

				for (int up = 0; d && up < 2; up++)
					if ((c = strrchr(d, '/')) && c > d)
						*c = '\0';
				if (d && (p = join(pre, d, "containers.json", NULL, NULL)))
					read_podman(nc, e, nc->procfd, p);
				free(TAKE_PTR(p));
				if ((p = join(pre, cm.bundle, "config.json", NULL, NULL))) {
					if (read_file(nc, e, nc->procfd, p, FILE_MAX, &buf, &len) == 0)
						cgk_names_parse_oci(buf, len, &e->v, NULL);
				}
			}
			if (set_s(&e->v.name, cm.name) < 0)
				r = -ENOMEM;
			r = r < 0 ? r : 1;
		}
		cgk_conmon_done(&cm);
		return r;
	}
	if (cgk_shim_parse(cmd, len, &sh) != 1 || !streq(sh.id, e->id))
		return 0;
	/* the bundle is the shim's working directory */
	snprintf(pre, sizeof(pre), "%d/cwd/options.json", ppid);
	if (read_file(nc, e, nc->procfd, pre, FILE_MAX, &buf, &len) == 0)
		cgk_names_parse_options(buf, len, &root);
	free(TAKE_PTR(buf));
	snprintf(pre, sizeof(pre), "%d/cwd/config.json", ppid);
	if (read_file(nc, e, nc->procfd, pre, FILE_MAX, &buf, &len) == 0)
		cgk_names_parse_oci(buf, len, &e->v, sh.runtime == CGK_RT_DOCKER ? &host : NULL);
	snprintf(pre, sizeof(pre), "%d/root/", ppid);
	if (host) {
		/* <data-root>/containers/<id>/hostname: config.v2.json beside it */
		char *slash = strrchr(host, '/');

		if (slash && slash > host) {
			*slash = '\0';
			if ((p = join(pre, host, "config.v2.json", NULL, NULL)))
				read_docker(nc, e, nc->procfd, p);
			free(TAKE_PTR(p));
		}
	}
	if (root)
		p = join(pre, root, sh.ns, sh.id, "state.json");
	else if (sh.runtime == CGK_RT_DOCKER)
		p = join(pre, "/run/docker/runtime-runc", sh.ns, sh.id, "state.json");
	else
		p = join(pre, "/run/containerd/runc", sh.ns, sh.id, "state.json");
	if (p)
		read_state(nc, e, nc->procfd, p);
	return 1;
}

int cgk_names_parse_dockerd(const char *cmdline, size_t len, char **ret_root, char **ret_config)
{
	_cleanup_free_ char *root = NULL, *config = NULL;
	const char *base;

	if (!cmdline || len == 0 || cmdline[len - 1] != '\0')
		return 0;
	base = strrchr(cmdline, '/');
	base = base ? base + 1 : cmdline;
	if (!streq(base, "dockerd"))
		return 0;
	for (const char *p = cmdline + strlen(cmdline) + 1, *e = cmdline + len; p < e;
	     p += strlen(p) + 1) {
		const char *n = p + strlen(p) + 1, *v = NULL;
		char **f = NULL;

		if (streq(p, "--data-root") || streq(p, "-g") || streq(p, "--graph"))
			f = &root, v = n < e ? n : NULL;
		else if (!strncmp(p, "--data-root=", 12))
			f = &root, v = p + 12;
		else if (streq(p, "--config-file"))
			f = &config, v = n < e ? n : NULL;
		else if (!strncmp(p, "--config-file=", 14))
			f = &config, v = p + 14;
		if (!f || !v || *v != '/' || strlen(v) >= 4096)
			continue;
		free(*f);
		if (!(*f = strdup(v)))
			return -ENOMEM;
	}
	*ret_root = TAKE_PTR(root);
	*ret_config = TAKE_PTR(config);
	return 1;
}

int cgk_names_parse_daemon_json(const char *buf, size_t len, char **ret_root)
{
	/* "graph": its name before 17.05 */
	static const char *const keys[] = { "data-root", "graph", NULL };

	return parse_root(buf, len, keys, ret_root);
}

/*
 * dockerd's data root where the running daemon says: its --data-root, else
 * "data-root" in its daemon.json (--config-file or /etc/docker), else the
 * default, all through /proc/PID/root (a daemon may have a mount namespace
 * of its own). Looked for once per cache, by a scan of /proc for dockerd.
 */
static const char *dockerd_root(struct cgk_names *nc)
{
	DIR *d;
	struct dirent *de;
	int fd;

	if (nc->dockerd_probed)
		return nc->dockerd_root;
	nc->dockerd_probed = true;
	fd = openat(nc->procfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || !(d = fdopendir(fd))) {
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	while ((de = readdir(d)) && !nc->dockerd_root) {
		_cleanup_free_ char *comm = NULL, *cmd = NULL, *root = NULL, *config = NULL;
		_cleanup_free_ char *buf = NULL, *p = NULL;
		char file[64], pre[48];
		size_t len;
		int pid = atoi(de->d_name);

		if (pid <= 0)
			continue;
		snprintf(file, sizeof(file), "%d/comm", pid);
		if (cgk_read_at(nc->procfd, file, &comm, NULL) < 0 || !streq(comm, "dockerd\n"))
			continue;
		snprintf(file, sizeof(file), "%d/cmdline", pid);
		if (cgk_read_at(nc->procfd, file, &cmd, &len) < 0 ||
		    cgk_names_parse_dockerd(cmd, len, &root, &config) != 1)
			continue;
		snprintf(pre, sizeof(pre), "%d/root/", pid);
		if (!root && (p = join(pre, config ? config : "/etc/docker/daemon.json",
				       NULL, NULL, NULL)) &&
		    cgk_read_at_max(nc->procfd, p, FILE_MAX, &buf, &len) == 0)
			cgk_names_parse_daemon_json(buf, len, &root);
		nc->dockerd_root = join(pre, root ? root : "/var/lib/docker", NULL, NULL, NULL);
	}
	closedir(d);
	return nc->dockerd_root;
}

/* No shim or conmon to ask: the runtime's files at the conf's roots. */
static void from_roots(struct cgk_names *nc, struct entry *e)
{
	_cleanup_free_ char *p = NULL;

	switch (e->rt) {
	case CGK_RT_DOCKER:
		if ((p = join("", nc->docker_data, "containers", e->id, "config.v2.json")) &&
		    !read_docker(nc, e, nc->rootfd, p) && dockerd_root(nc)) {
			/* not at the conf's root: where the running dockerd keeps it */
			free(TAKE_PTR(p));
			if ((p = join("", nc->dockerd_root, "containers", e->id, "config.v2.json")))
				read_docker(nc, e, nc->procfd, p);
		}
		free(TAKE_PTR(p));
		if ((p = join("", nc->docker_runc, "moby", e->id, "state.json")))
			read_state(nc, e, nc->rootfd, p);
		break;
	case CGK_RT_PODMAN: {
		static const char *const drivers[] = { "overlay", "vfs", "btrfs", "zfs" };

		for (size_t i = 0; i < ARRAY_SIZE(drivers) && !e->v.name; i++) {
			char d[32];

			snprintf(d, sizeof(d), "%s-containers", drivers[i]);
			if ((p = join("", nc->podman_storage, d, "containers.json", NULL)))
				read_podman(nc, e, nc->rootfd, p);
			free(TAKE_PTR(p));
		}
		break;
	}
	case CGK_RT_CONTAINERD:
	case CGK_RT_CRI:
	case CGK_RT_CRIO: {
		struct timespec t0;
		DIR *d;
		struct dirent *de;
		int fd;

		/* k8s.io first: the kubelet's; then every other namespace */
		if ((p = join("", nc->containerd_runc, "k8s.io", e->id, "state.json")) &&
		    read_state(nc, e, nc->rootfd, p)) {
			name_from_pod(&e->v);
			return;
		}
		free(TAKE_PTR(p));
		clock_gettime(CLOCK_REALTIME, &t0);
		fd = openat(nc->rootfd, nc->containerd_runc, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd >= 0 && (d = fdopendir(fd))) {
			struct stat st;
			unsigned k = 0;

			/* a namespace made later is a change of this directory */
			if (fstat(fd, &st) == 0)
				wait_on(nc, e, nc->rootfd, nc->containerd_runc, &st, &t0);

			while ((de = readdir(d)) && k++ < 64) {
				if (de->d_name[0] == '.' || streq(de->d_name, "k8s.io") ||
				    !cgk_container_id_ok(de->d_name))
					continue;
				p = join("", nc->containerd_runc, de->d_name, e->id, "state.json");
				if (p && read_state(nc, e, nc->rootfd, p)) {
					free(TAKE_PTR(p));
					break;
				}
				free(TAKE_PTR(p));
			}
			closedir(d);
		} else if (fd >= 0) {
			close(fd);
		}
		if (e->nfound == 0 && (p = join("", nc->crio_runc, e->id, "state.json", NULL)))
			read_state(nc, e, nc->rootfd, p);
		break;
	}
	default:
		break;
	}
}

/*
 * E as looked up still holds: each file read unchanged (a stat), each
 * directory a file was not found in unchanged (a stat a refresh, shared).
 */
static bool entry_holds(struct cgk_names *nc, const struct entry *e, pid_t init)
{
	if (e->nfound == 0 && e->probe != init)
		return false;	/* nothing found: ask again for another init */
	for (size_t i = 0; i < e->nfiles; i++)
		if (!stamp_holds(nc, &e->files[i]))
			return false;
	return true;
}

const struct cgk_name *cgk_names_get(struct cgk_names *nc, const struct cgk_container *c,
				     pid_t init)
{
	struct entry *e = NULL, **b;

	if (!nc || !c || c->runtime == CGK_RT_NONE || !c->id[0])
		return NULL;
	b = bucket_of(nc, c->runtime, c->id);
	for (e = *b; e && !(e->rt == c->runtime && streq(e->id, c->id)); e = e->next)
		;
	if (e && entry_holds(nc, e, init)) {
		e->seen = true;
		return &e->v;
	}
	if (!e) {
		e = calloc(1, sizeof(*e));
		if (!e)
			return NULL;
		e->rt = c->runtime;
		snprintf(e->id, sizeof(e->id), "%s", c->id);
		e->next = *b;
		*b = e;
	}
	entry_clear(nc, e);
	e->probe = init;
	e->seen = true;
	if (!from_parent(nc, e, init))
		from_roots(nc, e);
	name_from_pod(&e->v);
	return &e->v;
}
