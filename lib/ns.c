/* SPDX-License-Identifier: MIT */
/* ns - namespaces of processes: a container's init, entering namespaces, new ones */
#include <fcntl.h>
#include <grp.h>
#include <linux/nsfs.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "ns.h"
#include "proc.h"
#include "target.h"
#include "tree.h"
#include "util.h"
#include "walk.h"

/* Link text of PID/ns/pid ("pid:[4026531836]"). */
static int pidns_id(int procfd, pid_t pid, char *buf, size_t size)
{
	char file[64];
	ssize_t n;

	snprintf(file, sizeof(file), "%d/ns/pid", (int)pid);
	n = readlinkat(procfd, file, buf, size - 1);
	if (n < 0 && errno == EINVAL)
		n = cgk_read_at_buf(procfd, file, buf, size);
	else if (n < 0)
		n = -errno;
	if (n == -ENOENT)
		return -ESRCH;
	if (n < 0)
		return (int)n;
	buf[n] = '\0';
	while (n > 0 && buf[n - 1] == '\n')
		buf[--n] = '\0';
	return 0;
}

int cgk_ns_pidns_differs(int procfd, pid_t pid)
{
	char a[128], b[128];
	struct cgk_pidstat st;
	int r = cgk_pidstat_read(procfd, pid, &st);

	if (r < 0)
		return r;
	if (st.ppid <= 0)
		return 0;
	r = pidns_id(procfd, pid, a, sizeof(a));
	if (r < 0)
		return r;
	r = pidns_id(procfd, st.ppid, b, sizeof(b));
	if (r < 0)
		return r == -ESRCH ? 0 : r;
	return !streq(a, b);
}

int cgk_ns_find_init(int procfd, const pid_t *pids, size_t n, pid_t *ret)
{
	pid_t low = 0;

	for (size_t i = 0; i < n; i++) {
		int r = cgk_ns_pidns_differs(procfd, pids[i]);

		if (r == -ESRCH)
			continue;
		if (r > 0) {
			*ret = pids[i];
			return 0;
		}
		if (!low || pids[i] < low)
			low = pids[i];
	}
	if (!low)
		return -ENOENT;
	*ret = low;
	return 0;
}

/* ---- namespace types ---- */

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

/* util-linux nsenter's order: user first in the second pass, see cgk_nsset_enter */
static const struct {
	const char *name;
	unsigned long type;
} nstab[CGK_NS_N] = {
	{ "user", CLONE_NEWUSER },
	{ "cgroup", CLONE_NEWCGROUP },
	{ "ipc", CLONE_NEWIPC },
	{ "uts", CLONE_NEWUTS },
	{ "net", CLONE_NEWNET },
	{ "pid", CLONE_NEWPID },
	{ "mnt", CLONE_NEWNS },
	{ "time", CLONE_NEWTIME },
};

int cgk_ns_index(unsigned long type)
{
	for (int i = 0; i < CGK_NS_N; i++)
		if (nstab[i].type == type)
			return i;
	return -EINVAL;
}

unsigned long cgk_ns_type(int i)
{
	return i >= 0 && i < CGK_NS_N ? nstab[i].type : 0;
}

const char *cgk_ns_name(unsigned long type)
{
	int i = cgk_ns_index(type);

	return i < 0 ? NULL : nstab[i].name;
}

unsigned long cgk_ns_all(void)
{
	unsigned long m = 0;

	for (int i = 0; i < CGK_NS_N; i++)
		m |= nstab[i].type;
	return m;
}

int cgk_ns_exit_code(int wstatus)
{
	if (WIFEXITED(wstatus))
		return WEXITSTATUS(wstatus);
	if (WIFSIGNALED(wstatus))
		return 128 + WTERMSIG(wstatus);
	return 1;
}

#define ENVIRON_MAX 65536

int cgk_ns_environ_split(char *buf, size_t len, char ***ret)
{
	char **v = NULL;
	size_t n = 0, cap = 0;

	for (size_t i = 0; i < len;) {
		char *s = buf + i, *eq;
		size_t l = strnlen(s, len - i);

		i += l + 1;
		eq = memchr(s, '=', l);
		if (!eq || eq == s)
			continue;
		if (n == ENVIRON_MAX) {
			free(v);
			return -E2BIG;
		}
		if (cgk_grow((void **)&v, &cap, n + 1, sizeof(*v)) < 0) {
			free(v);
			return -ENOMEM;
		}
		v[n++] = s;
	}
	if (cgk_grow((void **)&v, &cap, n, sizeof(*v)) < 0) {
		free(v);
		return -ENOMEM;
	}
	v[n] = NULL;
	*ret = v;
	return 0;
}

/* ---- the target ---- */

static int pid_starttime(int procfd, pid_t pid, uint64_t *ret)
{
	struct cgk_pidstat st;
	int r = cgk_pidstat_read(procfd, pid, &st);

	if (r < 0)
		return r;
	*ret = st.starttime;
	return 0;
}

void cgk_nsset_init(struct cgk_nsset *s, int procfd)
{
	memset(s, 0, sizeof(*s));
	s->pidfd = -EBADF;
	s->procfd = procfd;
	for (int i = 0; i < CGK_NS_N; i++)
		s->fd[i] = -EBADF;
}

void cgk_nsset_done(struct cgk_nsset *s)
{
	if (!s)
		return;
	if (s->pidfd >= 0)
		close(s->pidfd);
	for (int i = 0; i < CGK_NS_N; i++)
		if (s->fd[i] >= 0)
			close(s->fd[i]);
	cgk_nsset_init(s, s->procfd);
}

int cgk_nsset_target(struct cgk_nsset *s, pid_t pid)
{
	int fd, r;

	if (pid <= 0)
		return -ESRCH;
	fd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (fd < 0 && errno != ENOSYS)
		return -errno;
	if (fd < 0) {
		/* kernel < 5.3: a PID and its start time name one process */
		r = pid_starttime(s->procfd, pid, &s->starttime);
		if (r < 0)
			return r;
	}
	if (s->pidfd >= 0)
		close(s->pidfd);
	s->pidfd = fd;
	s->pid = pid;
	return 0;
}

int cgk_nsset_verify(struct cgk_nsset *s)
{
	uint64_t t;
	int r;

	if (s->pidfd >= 0) {
		/* signal 0 to a pidfd fails once its process has died */
		if (syscall(SYS_pidfd_send_signal, s->pidfd, 0, NULL, 0) < 0)
			return errno == ESRCH ? -ESRCH : -errno;
		return 0;
	}
	r = pid_starttime(s->procfd, s->pid, &t);
	if (r < 0)
		return r;
	return t == s->starttime ? 0 : -ESRCH;
}

int cgk_nsset_file(struct cgk_nsset *s, unsigned long type, const char *path)
{
	int i = cgk_ns_index(type), fd, t;

	if (i < 0)
		return -EINVAL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	t = ioctl(fd, NS_GET_NSTYPE);
	if (t < 0 || (unsigned long)t != type) {
		close(fd);
		return -EINVAL;
	}
	if (s->fd[i] >= 0)
		close(s->fd[i]);
	s->fd[i] = fd;
	return 0;
}

/* Open the target's namespace file of index I: a magic link, so followed. */
static int open_ns(struct cgk_nsset *s, int i)
{
	char file[64];
	int fd;

	snprintf(file, sizeof(file), "%d/ns/%s", (int)s->pid, nstab[i].name);
	fd = openat(s->procfd, file, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT && cgk_nsset_verify(s) < 0)
		return -ESRCH;
	return fd < 0 ? -errno : fd;
}

int cgk_nsset_probe(struct cgk_nsset *s, unsigned long *ret_has, unsigned long *ret_same)
{
	unsigned long has = 0, same = 0;
	char file[64];
	struct stat a, b;
	int r;

	for (int i = 0; i < CGK_NS_N; i++) {
		snprintf(file, sizeof(file), "%d/ns/%s", (int)s->pid, nstab[i].name);
		if (fstatat(s->procfd, file, &a, 0) < 0) {
			if (errno != ENOENT)
				return -errno;
			continue;	/* the kernel has no such namespace */
		}
		has |= nstab[i].type;
		snprintf(file, sizeof(file), "self/ns/%s", nstab[i].name);
		if (fstatat(s->procfd, file, &b, 0) == 0 && a.st_dev == b.st_dev &&
		    a.st_ino == b.st_ino)
			same |= nstab[i].type;
	}
	r = cgk_nsset_verify(s);
	if (r < 0)
		return r;
	if (!has)
		return -ESRCH;
	*ret_has = has;
	*ret_same = same;
	return 0;
}

int cgk_nsset_open_dir(struct cgk_nsset *s, const char *which)
{
	char file[64];
	int fd, r;

	if (!streq(which, "root") && !streq(which, "cwd"))
		return -EINVAL;
	snprintf(file, sizeof(file), "%d/%s", (int)s->pid, which);
	fd = openat(s->procfd, file, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? -ESRCH : -errno;
	r = cgk_nsset_verify(s);
	if (r < 0) {
		close(fd);
		return r;
	}
	return fd;
}

#define ENVIRON_BYTES_MAX (4u << 20)

int cgk_nsset_environ(struct cgk_nsset *s, char **ret_buf, char ***ret_env)
{
	_cleanup_free_ char *buf = NULL;
	char file[64], **env;
	size_t len;
	int r;

	snprintf(file, sizeof(file), "%d/environ", (int)s->pid);
	r = cgk_read_at_max(s->procfd, file, ENVIRON_BYTES_MAX, &buf, &len);
	if (r == -ENOENT)
		return -ESRCH;
	if (r < 0)
		return r;
	r = cgk_nsset_verify(s);
	if (r < 0)
		return r;
	r = cgk_ns_environ_split(buf, len, &env);
	if (r < 0)
		return r;
	*ret_buf = TAKE_PTR(buf);
	*ret_env = env;
	return 0;
}

int cgk_nsset_enter(struct cgk_nsset *s, unsigned flags, unsigned long *ret_type)
{
	int fd[CGK_NS_N];
	unsigned long left = 0, files = 0;
	int r = 0;

	if (s->types & ~cgk_ns_all())
		return -EINVAL;
	for (int i = 0; i < CGK_NS_N; i++)
		if (s->fd[i] >= 0)
			files |= nstab[i].type;
	if (s->types & ~files && !s->pid)
		return -EINVAL;		/* a target's namespace without a target */
	s->used_pidfd = false;
	if (!s->types)
		return 0;
	/*
	 * One call enters every namespace of the live process at once; a
	 * kernel before 5.8 answers EINVAL (not an nsfs fd). Files given for
	 * some types mean one setns per file, in order, for all of them.
	 */
	if (!files && s->pidfd >= 0 && !(flags & CGK_NS_NO_PIDFD)) {
		if (setns(s->pidfd, (int)s->types) == 0) {
			s->used_pidfd = true;
			return 0;
		}
		if (errno != EINVAL && errno != EPERM) {
			if (ret_type)
				*ret_type = 0;
			return -errno;
		}
		/*
		 * EINVAL: no pidfd setns, or a type it refuses; EPERM: a
		 * namespace we may not enter. One file at a time then, as
		 * nsenter does: the same outcome, and the error names the
		 * namespace.
		 */
	}

	for (int i = 0; i < CGK_NS_N; i++) {
		fd[i] = -EBADF;
		if (!(s->types & nstab[i].type))
			continue;
		left |= nstab[i].type;
		if (s->fd[i] >= 0)
			continue;
		fd[i] = open_ns(s, i);
		if (fd[i] < 0) {
			r = fd[i];
			if (ret_type)
				*ret_type = nstab[i].type;
			goto out;
		}
	}
	if (s->pid && (s->types & ~files)) {
		/* every file was opened while the target lived: they are its */
		r = cgk_nsset_verify(s);
		if (r < 0) {
			if (ret_type)
				*ret_type = 0;
			goto out;
		}
	}
	/*
	 * Pass 0 enters all but the user namespace and skips failures; pass 1
	 * enters the user namespace, then retries what failed. A privileged
	 * caller entering a less privileged container thus enters its user
	 * namespace last (it still has the rights for the others before); an
	 * unprivileged caller fails on the others in pass 0 and gets the rights
	 * from the user namespace in pass 1.
	 */
	for (int pass = 0; pass < 2 && left; pass++) {
		for (int i = pass ? 0 : 1; i < CGK_NS_N; i++) {
			int f = s->fd[i] >= 0 ? s->fd[i] : fd[i];

			if (!(left & nstab[i].type))
				continue;
			if (setns(f, (int)nstab[i].type) < 0) {
				if (!pass)
					continue;
				r = -errno;
				if (ret_type)
					*ret_type = nstab[i].type;
				goto out;
			}
			left &= ~nstab[i].type;
		}
	}
out:
	for (int i = 0; i < CGK_NS_N; i++)
		if (fd[i] >= 0)
			close(fd[i]);
	return r;
}

int cgk_ns_chroot(int rootfd, int cwdfd)
{
	_cleanup_close_ int here = -EBADF;

	if (rootfd >= 0) {
		if (cwdfd < 0) {
			here = open(".", O_PATH | O_DIRECTORY | O_CLOEXEC);
			if (here < 0)
				return -errno;
		}
		if (fchdir(rootfd) < 0 || chroot(".") < 0)
			return -errno;
	}
	if (cwdfd >= 0 && fchdir(cwdfd) < 0)
		return -errno;
	if (here >= 0 && fchdir(here) < 0)
		return -errno;
	return 0;
}

/* True when this process may not call setgroups (a user namespace whose
 * "setgroups" file says deny). */
static bool setgroups_denied(void)
{
	char buf[16];
	ssize_t n = cgk_read_at_buf(AT_FDCWD, "/proc/self/setgroups", buf, sizeof(buf));

	return n > 0 && !strncmp(buf, "deny", 4);
}

int cgk_ns_setcreds(bool set_uid, uid_t uid, bool set_gid, gid_t gid)
{
	if (set_gid) {
		if (setgroups(0, NULL) < 0 && !(errno == EPERM && setgroups_denied()))
			return -errno;
		if (setgid(gid) < 0)
			return -errno;
	}
	if (set_uid && setuid(uid) < 0)
		return -errno;
	return 0;
}

int cgk_ns_fork(int *ret_status)
{
	struct sigaction dfl = { .sa_handler = SIG_DFL };
	pid_t c;
	int st;

	/* an inherited SIG_IGN for SIGCHLD would make waitpid fail */
	sigemptyset(&dfl.sa_mask);
	sigaction(SIGCHLD, &dfl, NULL);
	c = fork();
	if (c < 0)
		return -errno;
	if (c == 0)
		return 0;
	for (;;) {
		pid_t w = waitpid(c, &st, WUNTRACED);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (!WIFSTOPPED(st))
			break;
		/* the child stopped (^Z): stop too, then continue it with us */
		kill(getpid(), SIGSTOP);
		kill(c, SIGCONT);
	}
	*ret_status = st;
	return 1;
}

/* ---- cgroups ---- */

int cgk_ns_attach(const struct cgk_hiers *h, char *const *mrel, pid_t pid, int *ret_idx)
{
	char buf[32];
	int n = snprintf(buf, sizeof(buf), "%d", (int)pid);

	for (size_t i = 0; i < h->n; i++) {
		_cleanup_close_ int dfd = -EBADF, fd = -EBADF;
		int r;

		if (!mrel[i])
			continue;
		dfd = cgk_hier_open(&h->v[i], mrel[i], O_PATH);
		if (dfd < 0) {
			r = dfd;
			goto fail;
		}
		fd = openat(dfd, "cgroup.procs", O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
		if (fd < 0) {
			r = -errno;
			goto fail;
		}
		r = cgk_write_all(fd, buf, (size_t)n);
		if (r < 0)
			goto fail;
		continue;
fail:
		if (ret_idx)
			*ret_idx = (int)i;
		return r;
	}
	return 0;
}

int cgk_ns_join_cgroups(const struct cgk_hiers *h, pid_t target, pid_t pid, int *ret_idx)
{
	char *paths[CGK_HIER_MAX] = { 0 };
	int r;

	r = cgk_hiers_pid_paths(h, target, paths);
	if (r < 0)
		return r;
	r = cgk_ns_attach(h, paths, pid, ret_idx);
	for (size_t i = 0; i < h->n; i++)
		free(paths[i]);
	return r;
}

/* ---- new namespaces ---- */

int cgk_ns_spawn(unsigned long types, int cgroup2fd, struct cgk_nschild *ret)
{
	struct clone_args a = { .exit_signal = SIGCHLD };
	int sync[2], pidfd = -EBADF;
	bool into = cgroup2fd >= 0;
	unsigned long late = 0;
	long pid;

	if (types & ~cgk_ns_all() || types & CLONE_NEWCGROUP)
		return -EINVAL;
	if (pipe2(sync, O_CLOEXEC) < 0)
		return -errno;
	for (;;) {
		a.flags = types | CLONE_PIDFD | (into ? CLONE_INTO_CGROUP : 0);
		a.pidfd = (uint64_t)(uintptr_t)&pidfd;
		a.cgroup = into ? (uint64_t)cgroup2fd : 0;
		pid = syscall(SYS_clone3, &a, into ? CLONE_ARGS_SIZE_VER2 : CLONE_ARGS_SIZE_VER0);
		if (pid >= 0 || !into || (errno != EINVAL && errno != E2BIG))
			break;
		into = false;	/* kernel < 5.7: the parent attaches it instead */
	}
	if (pid < 0 && errno == ENOSYS) {
		/*
		 * No clone3 (kernel < 5.3, or a seccomp filter that refuses
		 * it): clone, which cannot take CLONE_NEWTIME (its bit is
		 * CSIGNAL's); the child unshares that one once released.
		 */
		into = false;
		pidfd = -EBADF;
		late = types & CLONE_NEWTIME;
		pid = syscall(SYS_clone, (unsigned long)((types & ~late) | SIGCHLD), NULL, NULL,
			      NULL, NULL);
	}
	if (pid < 0) {
		int e = errno;

		close(sync[0]);
		close(sync[1]);
		return -e;
	}
	if (pid == 0) {
		close(sync[1]);
		*ret = (struct cgk_nschild){ .pid = 0, .pidfd = -EBADF, .syncfd = sync[0],
					     .into_cgroup = into, .late = late };
		return 0;
	}
	close(sync[0]);
	*ret = (struct cgk_nschild){ .pid = (pid_t)pid, .pidfd = pidfd, .syncfd = sync[1],
				     .into_cgroup = into };
	return 1;
}

int cgk_ns_release(struct cgk_nschild *c)
{
	int r = 0;

	if (c->syncfd < 0)
		return -EBADF;
	r = cgk_write_all(c->syncfd, "1", 1);
	close(c->syncfd);
	c->syncfd = -EBADF;
	return r;
}

int cgk_ns_wait_release(struct cgk_nschild *c)
{
	char b;
	ssize_t n;

	while ((n = read(c->syncfd, &b, 1)) < 0 && errno == EINTR)
		;
	close(c->syncfd);
	c->syncfd = -EBADF;
	if (n < 0)
		return -errno;
	if (n != 1)
		return -ECANCELED;
	if (c->late && unshare((int)c->late) < 0)
		return -errno;
	return 0;
}

static int write_file_at(int dirfd, const char *file, const char *text)
{
	_cleanup_close_ int fd = openat(dirfd, file, O_WRONLY | O_CLOEXEC | O_NOFOLLOW);

	if (fd < 0)
		return -errno;
	return cgk_write_all(fd, text, strlen(text));
}

int cgk_ns_map_root(int procfd, pid_t pid, uid_t outer_uid, gid_t outer_gid)
{
	char file[64], line[64];
	int r;

	snprintf(file, sizeof(file), "%d/setgroups", (int)pid);
	r = write_file_at(procfd, file, "deny");
	if (r < 0 && r != -ENOENT)	/* no such file before Linux 3.19 */
		return r;
	snprintf(file, sizeof(file), "%d/uid_map", (int)pid);
	snprintf(line, sizeof(line), "0 %u 1\n", (unsigned)outer_uid);
	r = write_file_at(procfd, file, line);
	if (r < 0)
		return r;
	snprintf(file, sizeof(file), "%d/gid_map", (int)pid);
	snprintf(line, sizeof(line), "0 %u 1\n", (unsigned)outer_gid);
	return write_file_at(procfd, file, line);
}

int cgk_ns_private_mounts(void)
{
	/* the type is ignored for a propagation change; "none" for checkers */
	return mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL) < 0 ? -errno : 0;
}

int cgk_ns_mount_proc(const char *proc_dir)
{
	if (mount("proc", proc_dir, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
		return -errno;
	return 0;
}

/* ---- init ---- */

static const int fwd_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2 };

/* A handler, not SIG_DFL: PID 1 of a namespace is only sent the signals it handles. */
static void nop_handler(int sig)
{
	(void)sig;
}

static void init_sigset(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGCHLD);
	for (size_t i = 0; i < ARRAY_SIZE(fwd_signals); i++)
		sigaddset(set, fwd_signals[i]);
}

int cgk_ns_init_prepare(sigset_t *ret_old)
{
	struct sigaction sa = { .sa_handler = nop_handler };
	sigset_t set;

	sigemptyset(&sa.sa_mask);
	init_sigset(&set);
	if (sigprocmask(SIG_BLOCK, &set, ret_old) < 0)
		return -errno;
	for (int sig = 1; sig < NSIG; sig++)
		if (sigismember(&set, sig) && sigaction(sig, &sa, NULL) < 0)
			return -errno;
	if (getpid() != 1 && prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0)
		return -errno;
	return 0;
}

int cgk_ns_init_child(const sigset_t *old)
{
	struct sigaction dfl = { .sa_handler = SIG_DFL };
	sigset_t set;

	sigemptyset(&dfl.sa_mask);
	init_sigset(&set);
	for (int sig = 1; sig < NSIG; sig++)
		if (sigismember(&set, sig) && sigaction(sig, &dfl, NULL) < 0)
			return -errno;
	return sigprocmask(SIG_SETMASK, old, NULL) < 0 ? -errno : 0;
}

int cgk_ns_init_loop(pid_t cmd, int *ret_status)
{
	sigset_t set;
	bool done = false;
	int st = 0;

	init_sigset(&set);
	while (!done) {
		siginfo_t si;
		int sig = sigwaitinfo(&set, &si);

		if (sig < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (sig != SIGCHLD) {
			kill(cmd, sig);		/* gone already: its SIGCHLD is on the way */
			continue;
		}
		for (;;) {
			int s;
			pid_t p = waitpid(-1, &s, WNOHANG);

			if (p <= 0)
				break;
			if (p == cmd) {
				st = s;
				done = true;
			}
		}
	}
	*ret_status = st;
	return 0;
}

/* ---- finding the target ---- */

static int collect_pids(const struct cgk_node *n, pid_t **v, size_t *len, size_t *cap)
{
	for (size_t j = 0; j < n->nprocs; j++) {
		if (cgk_grow((void **)v, cap, *len, sizeof(**v)) < 0)
			return -ENOMEM;
		(*v)[(*len)++] = n->procs[j]->pid;
	}
	for (size_t j = 0; j < n->nchildren; j++)
		if (collect_pids(n->children[j], v, len, cap) < 0)
			return -ENOMEM;
	return 0;
}

int cgk_ns_cgroup_init(const struct cgk_hiers *h, const struct cgk_target *t, pid_t *ret)
{
	struct cgk_tree *tree;
	_cleanup_free_ pid_t *pids = NULL;
	size_t n = 0, cap = 0;
	int r;

	if (!t->exists)
		return -ENOENT;
	r = cgk_tree_build(h, t->exists, t->mrel, CGK_WALK_DEPTH_MAX, CGK_TREE_PROCS, &tree);
	if (r < 0)
		return r;
	r = collect_pids(tree->root, &pids, &n, &cap);
	cgk_tree_free(tree);
	if (r < 0)
		return r;
	return cgk_ns_find_init(h->procfd, pids, n, ret);
}
