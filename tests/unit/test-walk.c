/* SPDX-License-Identifier: MIT */
/* test-walk - the directory walk and the merged tree on a fixture sysroot */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>

#include "hier.h"
#include "tree.h"
#include "util.h"
#include "walk.h"

#define ROOT TEST_DATA "/sysroot-comount"
#define ID "4c46475c05c0e2a9a7c3a1f0b8f1d8a2c2bbd9c5e1f0a3b4c5d6e7f8091a2b3c"

static void test_walk(void **state)
{
	static const struct { unsigned depth; size_t n; } t[] = {
		{ 0, 1 }, { 1, 4 }, { 2, 6 }, { 64, 6 },
	};
	int fd;

	(void)state;
	fd = open(ROOT "/sys/fs/cgroup/systemd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	assert_true(fd >= 0);
	for (size_t k = 0; k < ARRAY_SIZE(t); k++) {
		const struct cgk_walk_entry *e;
		struct cgk_walk *w = NULL;
		size_t n = 0;
		bool seen = false;
		int r;

		assert_int_equal(cgk_walk_open(fd, t[k].depth, &w), 0);
		while ((r = cgk_walk_next(w, &e)) > 0) {
			if (n == 0) {
				assert_string_equal(e->path, "");
				assert_int_equal(e->depth, 0);
			}
			assert_true(e->depth <= t[k].depth);
			if (streq(e->path, "user.slice/session-1.scope")) {
				assert_string_equal(e->name, "session-1.scope");
				assert_int_equal(e->depth, 2);
				assert_true(faccessat(e->dirfd, "cgroup.procs", F_OK, 0) == 0);
				seen = true;
			}
			n++;
		}
		assert_int_equal(r, 0);
		assert_int_equal(n, t[k].n);
		assert_int_equal(seen, t[k].depth >= 2);
		cgk_walk_free(w);

		/* without leaf fds: the same entries; one at the last level
		 * has no fd (this fixture is no cgroupfs: nothing else is
		 * known to be a leaf, and is opened) */
		assert_int_equal(cgk_walk_open(fd, t[k].depth, &w), 0);
		cgk_walk_no_leaf_fds(w);
		n = 0;
		while ((r = cgk_walk_next(w, &e)) > 0) {
			if (streq(e->path, "user.slice/session-1.scope")) {
				if (t[k].depth == 2)
					assert_int_equal(e->dirfd, -EBADF);
				else
					assert_true(faccessat(e->dirfd, "cgroup.procs", F_OK, 0) == 0);
			}
			n++;
		}
		assert_int_equal(r, 0);
		assert_int_equal(n, t[k].n);
		cgk_walk_free(w);
	}
	close(fd);
}

static const struct cgk_node *child(const struct cgk_node *n, const char *name)
{
	for (size_t i = 0; i < n->nchildren; i++)
		if (streq(n->children[i]->name, name))
			return n->children[i];
	return NULL;
}

static void test_tree(void **state)
{
	struct cgk_hiers *h = NULL;
	struct cgk_tree *t = NULL;
	char *start[CGK_HIER_MAX] = { 0 };
	const struct cgk_node *sys, *dock, *user;
	char buf[256];

	(void)state;
	assert_int_equal(cgk_hiers_load(ROOT, CGK_HIER_NO_V2, &h), 0);
	for (size_t i = 0; i < h->n; i++)
		start[i] = "";
	assert_int_equal(cgk_tree_build(h, 0xf, start, 64, CGK_TREE_PROCS, &t), 0);
	assert_int_equal(t->root->hmask, 0xf);
	assert_int_equal(t->root->nchildren, 3);	/* init.scope, system.slice, user.slice */
	assert_string_equal(t->root->children[0]->name, "init.scope");
	assert_int_equal(t->root->children[0]->hmask, 0x8);
	sys = child(t->root, "system.slice");
	assert_non_null(sys);
	dock = child(sys, "docker-" ID ".scope");
	assert_non_null(dock);
	assert_int_equal(dock->hmask, 0xf);
	assert_int_equal(dock->nprocs, 2);
	assert_int_equal(dock->procs[0]->pid, 1234);
	assert_string_equal(dock->procs[0]->cmdline, "nginx: master process");
	assert_int_equal(dock->procs[1]->pid, 1250);
	assert_int_equal(sys->nprocs, 1);		/* the shim */
	assert_int_equal(sys->nprocs_rec, 3);
	/* bash: session-1.scope in systemd, user.slice in the others: the
	 * deeper one only */
	user = child(t->root, "user.slice");
	assert_int_equal(user->nprocs, 0);
	assert_int_equal(user->nprocs_rec, 1);
	assert_int_equal(child(user, "session-1.scope")->nprocs, 1);
	assert_string_equal(child(user, "session-1.scope")->procs[0]->cmdline, "-bash");
	/* net_cls has everyone at "/", yet no one is listed there again;
	 * kernel threads dropped; init in init.scope */
	assert_int_equal(t->root->nprocs, 0);
	assert_int_equal(child(t->root, "init.scope")->nprocs, 1);
	assert_string_equal(child(t->root, "init.scope")->procs[0]->cmdline,
			    "/sbin/init splash");
	assert_int_equal(cgk_node_path(dock, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "system.slice/docker-" ID ".scope");
	cgk_tree_free(t);

	/* kernel threads kept; depth 1 counts the container's processes in system.slice */
	assert_int_equal(cgk_tree_build(h, 0x1, start, 1, CGK_TREE_PROCS | CGK_TREE_KTHREADS,
					&t), 0);
	assert_int_equal(t->root->nprocs, 3);
	assert_string_equal(t->root->procs[1]->cmdline, "[kthreadd]");
	assert_true(t->root->procs[1]->kthread);
	sys = child(t->root, "system.slice");
	assert_int_equal(sys->nchildren, 0);
	assert_int_equal(sys->nprocs, 1);
	assert_true(sys->nprocs_rec >= 3);
	cgk_tree_free(t);

	start[1] = "nope";
	assert_int_equal(cgk_tree_build(h, 0x2, start, 64, 0, &t), -ENOENT);
	cgk_hiers_free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_walk),
		cmocka_unit_test(test_tree),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
