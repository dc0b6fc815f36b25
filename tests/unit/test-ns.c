/* SPDX-License-Identifier: MIT */
/* test-ns - namespace table, exit codes, environ split, a container's init on a fixture */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>

#include "ns.h"
#include "util.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

#define PROC TEST_DATA "/sysroot-comount/proc"

static void test_types(void **state)
{
	/* util-linux nsenter's order: the user namespace first, time last */
	static const struct {
		const char *name;
		unsigned long type;
	} t[] = {
		{ "user", CLONE_NEWUSER }, { "cgroup", CLONE_NEWCGROUP }, { "ipc", CLONE_NEWIPC },
		{ "uts", CLONE_NEWUTS }, { "net", CLONE_NEWNET }, { "pid", CLONE_NEWPID },
		{ "mnt", CLONE_NEWNS }, { "time", CLONE_NEWTIME },
	};
	unsigned long all = 0;

	(void)state;
	assert_int_equal(ARRAY_SIZE(t), CGK_NS_N);
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		assert_int_equal(cgk_ns_index(t[i].type), (int)i);
		assert_int_equal(cgk_ns_type((int)i), t[i].type);
		assert_string_equal(cgk_ns_name(t[i].type), t[i].name);
		all |= t[i].type;
	}
	assert_int_equal(cgk_ns_all(), all);
	/* not one namespace type */
	assert_int_equal(cgk_ns_index(0), -EINVAL);
	assert_int_equal(cgk_ns_index(CLONE_NEWNS | CLONE_NEWNET), -EINVAL);
	assert_int_equal(cgk_ns_index(CLONE_VM), -EINVAL);
	assert_null(cgk_ns_name(CLONE_FILES));
	assert_int_equal(cgk_ns_type(-1), 0);
	assert_int_equal(cgk_ns_type(CGK_NS_N), 0);
}

static void test_exit_code(void **state)
{
	static const struct {
		int wstatus, code;
	} t[] = {
		{ W_EXITCODE(0, 0), 0 },
		{ W_EXITCODE(1, 0), 1 },
		{ W_EXITCODE(3, 0), 3 },
		{ W_EXITCODE(255, 0), 255 },
		{ W_EXITCODE(0, SIGKILL), 137 },
		{ W_EXITCODE(0, SIGTERM), 143 },
		{ W_EXITCODE(0, SIGINT), 130 },
		{ W_EXITCODE(0, SIGSEGV) | WCOREFLAG, 139 },	/* dumped core: still 128+N */
		{ W_STOPCODE(SIGSTOP), 1 },			/* neither: failure */
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++)
		assert_int_equal(cgk_ns_exit_code(t[i].wstatus), t[i].code);
}

static void test_environ_split(void **state)
{
	static const struct {
		const char *in;
		size_t len;
		int rc;
		const char *out[4];	/* NULL-terminated */
	} t[] = {
		{ "A=1\0B=2\0", 8, 0, { "A=1", "B=2", NULL } },
		{ "A=1\0B=2", 7, 0, { "A=1", "B=2", NULL } },		/* no final NUL */
		{ "", 0, 0, { NULL } },
		{ "\0\0A=1\0\0", 7, 0, { "A=1", NULL } },		/* empty entries */
		{ "noeq\0=x\0C=\0", 11, 0, { "C=", NULL } },		/* no '=', empty name */
		{ "A=b=c\0PATH=/bin:/sbin\0", 22, 0, { "A=b=c", "PATH=/bin:/sbin", NULL } },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		char buf[64];
		char **v = NULL;
		size_t k;

		memcpy(buf, t[i].in, t[i].len);
		buf[t[i].len] = '\0';
		assert_int_equal(cgk_ns_environ_split(buf, t[i].len, &v), t[i].rc);
		for (k = 0; t[i].out[k]; k++) {
			assert_non_null(v[k]);
			assert_string_equal(v[k], t[i].out[k]);
			/* pointers into BUF, not copies */
			assert_true(v[k] >= buf && v[k] < buf + sizeof(buf));
		}
		assert_null(v[k]);
		free(v);
	}
}

static void test_environ_too_many(void **state)
{
	size_t n = 65537, len = n * 4;
	char *buf = malloc(len + 1), **v = NULL;

	(void)state;
	assert_non_null(buf);
	for (size_t i = 0; i < n; i++)
		memcpy(buf + 4 * i, "A=1", 4);
	buf[len] = '\0';
	assert_int_equal(cgk_ns_environ_split(buf, len, &v), -E2BIG);
	assert_null(v);		/* untouched */
	assert_int_equal(cgk_ns_environ_split(buf, len - 4, &v), 0);
	assert_string_equal(v[65535], "A=1");
	assert_null(v[65536]);
	free(v);
	free(buf);
}

/* The fixture: 1234 ("my app") is a container init (its PID namespace is
 * not its parent's, containerd-shim 1200); 1250 (nginx) is its child. */
static void test_find_init(void **state)
{
	static const struct {
		pid_t pids[4];
		size_t n;
		int rc;
		pid_t init;
	} t[] = {
		{ { 1250, 1234 }, 2, 0, 1234 },		/* the init, wherever listed */
		{ { 1234, 1250 }, 2, 0, 1234 },
		{ { 1250 }, 1, 0, 1250 },		/* no init among them: lowest */
		{ { 700, 1200 }, 2, 0, 700 },
		{ { 4242, 1250, 1234 }, 3, 0, 1234 },	/* vanished: skipped */
		{ { 4242 }, 1, -ENOENT, 0 },
		{ { 0 }, 0, -ENOENT, 0 },
	};
	int procfd = open(PROC, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	(void)state;
	assert_true(procfd >= 0);
	assert_int_equal(cgk_ns_pidns_differs(procfd, 1234), 1);
	assert_int_equal(cgk_ns_pidns_differs(procfd, 1250), 0);
	assert_int_equal(cgk_ns_pidns_differs(procfd, 1), 0);		/* no parent */
	assert_int_equal(cgk_ns_pidns_differs(procfd, 4242), -ESRCH);
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		pid_t init = -1;

		assert_int_equal(cgk_ns_find_init(procfd, t[i].pids, t[i].n, &init), t[i].rc);
		assert_int_equal(init, t[i].rc ? -1 : t[i].init);
	}
	close(procfd);
}

/* What the set refuses before any system call. */
static void test_nsset_checks(void **state)
{
	struct cgk_nsset s;
	unsigned long failed = 0;
	int procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	(void)state;
	cgk_nsset_init(&s, procfd);
	assert_int_equal(s.pidfd, -EBADF);
	for (int i = 0; i < CGK_NS_N; i++)
		assert_true(s.fd[i] < 0);
	/* nothing to enter */
	assert_int_equal(cgk_nsset_enter(&s, 0, &failed), 0);
	assert_false(s.used_pidfd);
	/* a target's namespace without a target */
	s.types = CLONE_NEWNET;
	assert_int_equal(cgk_nsset_enter(&s, 0, &failed), -EINVAL);
	/* not a namespace type */
	s.types = CLONE_VM;
	assert_int_equal(cgk_nsset_enter(&s, 0, &failed), -EINVAL);
	/* files: of the wrong type, not a namespace, missing */
	assert_int_equal(cgk_nsset_file(&s, CLONE_NEWUTS, "/proc/self/ns/net"), -EINVAL);
	assert_int_equal(cgk_nsset_file(&s, CLONE_NEWNET, "/proc/self/status"), -EINVAL);
	assert_int_equal(cgk_nsset_file(&s, CLONE_NEWNET, "/nonexistent"), -ENOENT);
	assert_int_equal(cgk_nsset_file(&s, CLONE_VM, "/proc/self/ns/net"), -EINVAL);
	assert_int_equal(cgk_nsset_file(&s, CLONE_NEWNET, "/proc/self/ns/net"), 0);
	assert_true(s.fd[cgk_ns_index(CLONE_NEWNET)] >= 0);
	/* a PID that cannot exist */
	assert_int_equal(cgk_nsset_target(&s, 0), -ESRCH);
	assert_int_equal(cgk_nsset_target(&s, -5), -ESRCH);
	cgk_nsset_done(&s);
	assert_true(s.fd[cgk_ns_index(CLONE_NEWNET)] < 0);
	cgk_nsset_done(NULL);
	close(procfd);
}

static void test_spawn_checks(void **state)
{
	struct cgk_nschild c = { .pid = 77 };

	(void)state;
	/* the child unshares its cgroup namespace itself, once placed */
	assert_int_equal(cgk_ns_spawn(CLONE_NEWCGROUP, -1, &c), -EINVAL);
	assert_int_equal(cgk_ns_spawn(CLONE_VM, -1, &c), -EINVAL);
	assert_int_equal(c.pid, 77);	/* untouched */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_types),
		cmocka_unit_test(test_exit_code),
		cmocka_unit_test(test_environ_split),
		cmocka_unit_test(test_environ_too_many),
		cmocka_unit_test(test_find_init),
		cmocka_unit_test(test_nsset_checks),
		cmocka_unit_test(test_spawn_checks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
