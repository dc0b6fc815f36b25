/* SPDX-License-Identifier: MIT */
/* test-names - the runtimes' state files read into names, on fixture trees */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "names.h"
#include "util.h"

#define ROOT TEST_DATA "/names"
#define Z63 "00000000000000000000000000000000000000000000000000000000000000"
#define D(n) "d" Z63 #n
#define C(n) "c" Z63 #n
#define E(n) "e" Z63 #n
#define F(n) "f" Z63 #n
#define UID "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9"
#define J(s) s, strlen(s)

static const char *s(const char *p)
{
	return p ? p : "(null)";
}

static const struct cgk_name *get(struct cgk_names *nc, enum cgk_runtime rt, const char *id,
				  pid_t init)
{
	struct cgk_container c = { .runtime = rt };

	snprintf(c.id, sizeof(c.id), "%s", id);
	return cgk_names_get(nc, &c, init);
}

static struct cgk_names *fixture(const char *root, int *rootfd, int *procfd)
{
	*rootfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	assert_true(*rootfd >= 0);
	*procfd = openat(*rootfd, "proc", O_PATH | O_DIRECTORY | O_CLOEXEC);
	assert_true(*procfd >= 0);
	return cgk_names_new(*rootfd, *procfd, NULL);
}

/* Every runtime's files at the default roots of a fixture tree. */
static void test_lookup(void **state)
{
	static const struct {
		enum cgk_runtime rt;
		const char *id, *name, *image, *pod_ns, *pod, *uid, *ctr, *project, *service;
		bool sandbox;
		pid_t init;
	} t[] = {
		/* docker with compose labels (and a label with an escape in it, unused) */
		{ CGK_RT_DOCKER, D(1), "shop-db-1", "postgres:16", NULL, NULL, NULL, NULL,
		  "shop", "db", false, 0 },
		/* half written, and wrong types: known by id alone */
		{ CGK_RT_DOCKER, D(2), NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, false, 0 },
		{ CGK_RT_DOCKER, D(3), "tab?bed", NULL, NULL, NULL, NULL, NULL, NULL, NULL, false, 0 },
		{ CGK_RT_DOCKER, D(4), NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, false, 0 },
		/* not below /var/lib/docker: where the running dockerd's --data-root says
		 * (proc/777: dockerd --data-root /data/docker, its root the fixture's) */
		{ CGK_RT_DOCKER, D(6), "moved", "busybox:1.36", NULL, NULL, NULL, NULL, NULL, NULL,
		  false, 0 },
		/* the dockershim's labels: known by the Kubernetes name, as crictl shows it */
		{ CGK_RT_DOCKER, D(5), "app", "nginx@sha256:0000", "default", "nginx-7d9f", UID,
		  "app", NULL, NULL, false, 0 },
		/* CRI (containerd): state.json labels; init start matches /proc/4242/stat */
		{ CGK_RT_CONTAINERD, C(1), "app", "library/nginx:1.25", "default",
		  "nginx-7d9f", UID, "app", NULL, NULL, false, 4242 },
		/* a sandbox, named by its pod; its init's start (778) is not 4343's (999) */
		{ CGK_RT_CONTAINERD, C(2), "nginx-7d9f", NULL, "default", "nginx-7d9f", NULL,
		  NULL, NULL, NULL, true, 0 },
		{ CGK_RT_CONTAINERD, C(3), NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, false, 0 },
		/* the kubelet's cgroupfs layout does not say which runtime: same files */
		{ CGK_RT_CRI, C(1), "app", "library/nginx:1.25", "default",
		  "nginx-7d9f", UID, "app", NULL, NULL, false, 4242 },
		/* ctr's namespace "default": no annotations, init known */
		{ CGK_RT_CONTAINERD, "web", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, false, 4242 },
		/* CRI-O's annotations in runc's root */
		{ CGK_RT_CRIO, E(1), "redis", "library/redis:7", "cache", "redis-0",
		  NULL, "redis", NULL, NULL, false, 0 },
		/* podman's containers.json: first name, metadata's image-name */
		{ CGK_RT_PODMAN, F(1), "cgk-pod", "localhost/cgkit/busybox:1", NULL, NULL, NULL,
		  NULL, NULL, NULL, false, 0 },
		{ CGK_RT_PODMAN, F(2), NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, false, 0 },
	};
	int rootfd, procfd;
	struct cgk_names *nc = fixture(ROOT, &rootfd, &procfd);

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		const struct cgk_name *n = get(nc, t[i].rt, t[i].id, 0);

		assert_non_null(n);
		print_message("%zu %s: %s %s\n", i, t[i].id, s(n->name), s(n->image));
		assert_string_equal(s(n->name), s(t[i].name));
		assert_string_equal(s(n->image), s(t[i].image));
		assert_string_equal(s(n->pod_ns), s(t[i].pod_ns));
		assert_string_equal(s(n->pod_name), s(t[i].pod));
		assert_string_equal(s(n->pod_uid), s(t[i].uid));
		assert_string_equal(s(n->container), s(t[i].ctr));
		assert_string_equal(s(n->project), s(t[i].project));
		assert_string_equal(s(n->service), s(t[i].service));
		assert_int_equal(n->sandbox, t[i].sandbox);
		assert_int_equal(n->init, t[i].init);
	}
	assert_null(get(nc, CGK_RT_NONE, D(1), 0));
	cgk_names_free(nc);
	close(procfd);
	close(rootfd);
}

/* Read once; again only when the file changes; forgotten when not looked up. */
static void test_cache(void **state)
{
	char dir[] = "/tmp/test-names-XXXXXX", path[256], cmd[512];
	const struct cgk_name *n;
	struct cgk_names *nc;
	struct timespec ts[2];
	unsigned long reads;
	int rootfd, procfd, fd;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(cmd, sizeof(cmd), "cp -r %s/. %s/", ROOT, dir);
	assert_int_equal(system(cmd), 0);
	nc = fixture(dir, &rootfd, &procfd);

	n = get(nc, CGK_RT_DOCKER, D(1), 0);
	assert_string_equal(s(n->name), "shop-db-1");
	reads = cgk_names_reads(nc);
	assert_true(reads >= 1);
	for (int i = 0; i < 5; i++) {
		n = get(nc, CGK_RT_DOCKER, D(1), 0);
		assert_string_equal(s(n->name), "shop-db-1");
	}
	assert_int_equal(cgk_names_reads(nc), reads);	/* no read while it holds */

	/* docker rename rewrites config.v2.json: the new name on the next lookup */
	snprintf(path, sizeof(path), "%s/var/lib/docker/containers/%s/config.v2.json", dir, D(1));
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "{\"Name\":\"/renamed\",\"Config\":{\"Image\":\"postgres:16\"}}");
	fclose(f);
	ts[0].tv_sec = ts[1].tv_sec = 1000000000;	/* a different mtime, whatever the clock */
	ts[0].tv_nsec = ts[1].tv_nsec = 0;
	assert_int_equal(utimensat(AT_FDCWD, path, ts, 0), 0);
	n = get(nc, CGK_RT_DOCKER, D(1), 0);
	assert_string_equal(s(n->name), "renamed");
	assert_null(n->project);
	assert_true(cgk_names_reads(nc) > reads);

	/* removed: known by id alone, no crash */
	assert_int_equal(unlink(path), 0);
	n = get(nc, CGK_RT_DOCKER, D(1), 0);
	assert_non_null(n);
	assert_null(n->name);

	/* huge, and a FIFO: nothing read from either, no hang */
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "{\"Name\":\"/huge\",\"Pad\":\"");
	for (int i = 0; i < 2 * 1024 * 1024 / 64; i++)
		fputs("0123456789012345678901234567890123456789012345678901234567890123", f);
	fprintf(f, "\"}");
	fclose(f);
	n = get(nc, CGK_RT_DOCKER, D(1), 7);
	assert_null(n->name);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(mkfifo(path, 0600), 0);
	n = get(nc, CGK_RT_DOCKER, D(1), 8);
	assert_null(n->name);
	assert_int_equal(unlink(path), 0);
	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "{\"Name\":\"/back\"}", 16), 16);
	close(fd);
	n = get(nc, CGK_RT_DOCKER, D(1), 9);
	assert_string_equal(s(n->name), "back");

	/* two sweeps without a lookup forget it: read again after */
	get(nc, CGK_RT_PODMAN, F(1), 0);
	cgk_names_sweep(nc);
	cgk_names_sweep(nc);
	reads = cgk_names_reads(nc);
	n = get(nc, CGK_RT_DOCKER, D(1), 9);
	assert_string_equal(s(n->name), "back");
	assert_true(cgk_names_reads(nc) > reads);

	cgk_names_free(nc);
	close(procfd);
	close(rootfd);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

/* tmp copy of the fixture tree, its directories' mtimes long past */
static void fixture_copy(char *dir)
{
	char cmd[512];

	assert_non_null(mkdtemp(dir));
	snprintf(cmd, sizeof(cmd), "cp -r %s/. %s/ && find %s -type d -exec touch -m -d @1000000000 {} +",
		 ROOT, dir, dir);
	assert_int_equal(system(cmd), 0);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

/*
 * A file not found is not looked for again each refresh: only when the
 * directory it would appear in changes. A config.v2.json written after
 * the container was first looked up names it at the next lookup (before,
 * a container with nothing found kept nothing found while its init held).
 */
static void test_missing(void **state)
{
	char dir[] = "/tmp/test-names-XXXXXX", path[512], cmd[600];
	const struct cgk_name *n;
	struct cgk_names *nc;
	unsigned long misses, reads;
	int rootfd, procfd;

	(void)state;
	fixture_copy(dir);
	nc = fixture(dir, &rootfd, &procfd);

	/* D(9) has no file anywhere: looked for, not found */
	n = get(nc, CGK_RT_DOCKER, D(9), 0);
	assert_non_null(n);
	assert_null(n->name);
	misses = cgk_names_misses(nc);
	assert_true(misses >= 2);	/* config.v2.json and runc's state.json at least */
	reads = cgk_names_reads(nc);
	for (int i = 0; i < 5; i++) {
		cgk_names_sweep(nc);
		n = get(nc, CGK_RT_DOCKER, D(9), 0);
		assert_null(n->name);
	}
	assert_int_equal(cgk_names_misses(nc), misses);	/* no look while nothing changed */
	assert_int_equal(cgk_names_reads(nc), reads);

	/* its directory and file made later: found at the next lookup */
	snprintf(path, sizeof(path), "%s/var/lib/docker/containers/%s", dir, D(9));
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/var/lib/docker/containers/%s/config.v2.json", dir, D(9));
	write_file(path, "{\"Name\":\"/late\",\"Config\":{\"Image\":\"busybox:1.36\"}}");
	cgk_names_sweep(nc);
	n = get(nc, CGK_RT_DOCKER, D(9), 0);
	assert_string_equal(s(n->name), "late");
	assert_string_equal(s(n->image), "busybox:1.36");
	assert_true(cgk_names_reads(nc) > reads);

	/* found, and its state.json still missing: neither read nor looked for
	 * again while nothing changes (the directories made above are racy:
	 * mtimes set back, as a second later) */
	snprintf(cmd, sizeof(cmd), "find %s -type d -exec touch -m -d @1000000000 {} +", dir);
	assert_int_equal(system(cmd), 0);
	cgk_names_sweep(nc);
	n = get(nc, CGK_RT_DOCKER, D(9), 0);
	assert_string_equal(s(n->name), "late");
	misses = cgk_names_misses(nc);
	reads = cgk_names_reads(nc);
	for (int i = 0; i < 5; i++) {
		cgk_names_sweep(nc);
		n = get(nc, CGK_RT_DOCKER, D(9), 0);
		assert_string_equal(s(n->name), "late");
	}
	assert_int_equal(cgk_names_misses(nc), misses);
	assert_int_equal(cgk_names_reads(nc), reads);

	/* many containers waiting on one directory: each looked for once */
	for (int i = 0; i < 3; i++) {
		char id[CGK_CTR_ID_MAX + 1];

		snprintf(id, sizeof(id), "a%063d", i);
		assert_null(get(nc, CGK_RT_DOCKER, id, 0)->name);
	}
	misses = cgk_names_misses(nc);
	for (int k = 0; k < 3; k++) {
		cgk_names_sweep(nc);
		for (int i = 0; i < 3; i++) {
			char id[CGK_CTR_ID_MAX + 1];

			snprintf(id, sizeof(id), "a%063d", i);
			assert_null(get(nc, CGK_RT_DOCKER, id, 0)->name);
		}
		get(nc, CGK_RT_DOCKER, D(9), 0);
	}
	assert_int_equal(cgk_names_misses(nc), misses);

	cgk_names_free(nc);

	/* a cache never swept (cgsh's, cgls's): each lookup looks at the
	 * directory, and finds the file made since */
	nc = cgk_names_new(rootfd, procfd, NULL);
	assert_null(get(nc, CGK_RT_DOCKER, D(8), 0)->name);
	assert_null(get(nc, CGK_RT_DOCKER, D(8), 0)->name);
	snprintf(path, sizeof(path), "%s/var/lib/docker/containers/%s", dir, D(8));
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/var/lib/docker/containers/%s/config.v2.json", dir, D(8));
	write_file(path, "{\"Name\":\"unswept\"}");
	assert_string_equal(s(get(nc, CGK_RT_DOCKER, D(8), 0)->name), "unswept");
	cgk_names_free(nc);

	/* a runtime not installed (its data root not there): the look up the
	 * path is one for all its containers in a refresh, nothing opened
	 * beneath; the root made later is seen at the next refresh, and by a
	 * cache never swept once RACY_NS is past */
	for (int swept = 1; swept >= 0; swept--) {
		struct cgk_names_conf late = { .docker_data = swept ? "/late1" : "/late0" };
		char id[CGK_CTR_ID_MAX + 1];

		nc = cgk_names_new(rootfd, procfd, &late);
		for (int i = 0; i < 20; i++) {
			snprintf(id, sizeof(id), "b%063d", i);
			assert_null(get(nc, CGK_RT_DOCKER, id, 0)->name);
		}
		snprintf(cmd, sizeof(cmd), "mkdir -p %s%s/containers/%s", dir, late.docker_data, id);
		assert_int_equal(system(cmd), 0);
		snprintf(path, sizeof(path), "%s%s/containers/%s/config.v2.json", dir, late.docker_data, id);
		write_file(path, "{\"Name\":\"/made\"}");
		if (swept) {
			/* in the same refresh: the root was not there */
			assert_null(get(nc, CGK_RT_DOCKER, id, 0)->name);
			cgk_names_sweep(nc);
		} else {
			usleep(150000);
		}
		assert_string_equal(s(get(nc, CGK_RT_DOCKER, id, 0)->name), "made");
		cgk_names_free(nc);
	}

	close(procfd);
	close(rootfd);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

/* Roots moved by the caller (dockerd --data-root, runc --root). */
static void test_conf(void **state)
{
	struct cgk_names_conf conf = { .docker_data = "/nowhere", .containerd_runc = "/run/runc" };
	int rootfd, procfd;
	struct cgk_names *nc = fixture(ROOT, &rootfd, &procfd);
	const struct cgk_name *n;

	(void)state;
	cgk_names_free(nc);
	nc = cgk_names_new(rootfd, procfd, &conf);
	assert_null(get(nc, CGK_RT_DOCKER, D(1), 0)->name);
	/* CRI-O's state found as containerd's: the other namespaces are scanned */
	n = get(nc, CGK_RT_CONTAINERD, C(1), 0);
	assert_null(n->name);
	cgk_names_free(nc);
	close(procfd);
	close(rootfd);
}

static void test_parsers(void **state)
{
	static const char *const bad[] = {
		"", "{", "[]", "null", "\"x\"", "{\"Name\":", "{}{", "{\"a\":1}garbage",
	};
	struct cgk_name n = { 0 };
	struct cgk_conmon cm;
	char *b = (char *)"keep", *root = NULL;
	pid_t pid = -1;
	uint64_t start = 1;
	static const char conmon[] =
		"/usr/bin/conmon\0--api-version\0" "1\0-c\0abc\0-n\0web\0-b\0/var/lib/x/vfs-containers/abc/userdata\0"
		"--exit-command-arg\0--root\0--exit-command-arg\0/var/lib/x\0";

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		assert_int_equal(cgk_names_parse_docker(bad[i], strlen(bad[i]), &n), -EINVAL);
		assert_int_equal(cgk_names_parse_state(bad[i], strlen(bad[i]), &n, &pid, &start, &b),
				 -EINVAL);
		assert_int_equal(cgk_names_parse_oci(bad[i], strlen(bad[i]), &n, NULL), -EINVAL);
		assert_int_equal(cgk_names_parse_podman(bad[i], strlen(bad[i]), "x", &n),
				 streq(bad[i], "[]") ? -ENOENT : -EINVAL);
		assert_int_equal(pid, -1);
		assert_string_equal(b, "keep");
		assert_null(n.name);
	}
	static const char neg[] = "{\"init_process_pid\":-5,\"init_process_start\":9}\n";

	assert_int_equal(cgk_names_parse_state(neg, strlen(neg), &n, &pid, &start, NULL), 0);
	assert_int_equal(pid, 0);
	assert_int_equal(start, 0);
	assert_int_equal(cgk_names_parse_options("{\"root\":\"/run/x/runtime-runc\"}", 30, &root), 0);
	assert_non_null(root);
	assert_string_equal(root, "/run/x/runtime-runc");
	free(root);
	assert_int_equal(cgk_names_parse_options("{\"root\":\"rel\"}", 14, &root), 0);
	assert_null(root);
	assert_int_equal(cgk_names_parse_conmon(conmon, sizeof(conmon), &cm), 1);
	assert_string_equal(cm.id, "abc");
	assert_string_equal(cm.name, "web");
	assert_string_equal(cm.bundle, "/var/lib/x/vfs-containers/abc/userdata");
	assert_string_equal(cm.root, "/var/lib/x");
	cgk_conmon_done(&cm);
	assert_int_equal(cgk_names_parse_conmon("sleep\0" "1\0", 8, &cm), 0);

	/* dockerd's command line and daemon.json */
	{
		static const char d1[] = "/usr/bin/dockerd\0--data-root=/srv/d\0--config-file\0/etc/d.json\0";
		static const char d2[] = "dockerd\0-g\0relative\0--data-root\0";
		char *r = NULL, *c = NULL;

		assert_int_equal(cgk_names_parse_dockerd(d1, sizeof(d1) - 1, &r, &c), 1);
		assert_string_equal(r, "/srv/d");
		assert_string_equal(c, "/etc/d.json");
		free(r);
		free(c);
		assert_int_equal(cgk_names_parse_dockerd(d2, sizeof(d2) - 1, &r, &c), 1);
		assert_null(r);
		assert_null(c);
		assert_int_equal(cgk_names_parse_dockerd(conmon, sizeof(conmon), &r, &c), 0);
		assert_int_equal(cgk_names_parse_daemon_json(J("{\"data-root\":\"/srv/d\"}"), &r), 0);
		assert_string_equal(r, "/srv/d");
		free(r);
		assert_int_equal(cgk_names_parse_daemon_json(J("{\"graph\":\"/old\",\"debug\":true}"), &r), 0);
		assert_string_equal(r, "/old");
		free(r);
		assert_int_equal(cgk_names_parse_daemon_json(J("{\"data-root\":"), &r), -EINVAL);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_cache),
		cmocka_unit_test(test_missing),
		cmocka_unit_test(test_conf),
		cmocka_unit_test(test_parsers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
