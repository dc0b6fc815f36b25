/* SPDX-License-Identifier: MIT */
/* cgchurn - make and remove cgroups at a steady rate, with a process in some */
/*
 * Test helper of tests/integration/churn.bats, not installed.
 *
 *   cgchurn [-r RATE] [-t SECONDS] [-l LIFE_MS] [-P EVERY] [-p PIDFILE] DIR...
 *
 * Every DIR is an existing cgroup directory, one per hierarchy.  Cgroup
 * "c<N>" is made below every DIR, RATE times a second (on a schedule of
 * absolute times, so a late round catches up), and removed LIFE_MS
 * milliseconds later.  Every EVERY-th cgroup gets a process: a fork that moves
 * itself into c<N> in every hierarchy and waits; it is killed (SIGKILL) and
 * reaped just before its cgroup is removed (-P 0: no process; -p: each PID
 * is appended to PIDFILE, so messages about them can be recognised).  After SECONDS, or at SIGTERM or
 * SIGINT, whatever is left is removed the same way and one line of counts is
 * printed:
 *
 *   made N removed N procs N seconds S rate R mkdir_errors N rmdir_errors N proc_errors N live_max N
 *
 * where a cgroup counts once however many hierarchies it is made in, and RATE
 * is the cgroups made per second that was reached.  Exit 0 when every mkdir,
 * rmdir and fork worked, 1 otherwise (the first errors are on stderr).
 * Bash's mkdir and rmdir, one process per call, cannot keep 500 a second on
 * a loaded two-CPU machine; this does with mkdirat/unlinkat on kept-open fds.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_DIRS 16

struct live {
	unsigned long serial;
	pid_t pid;		/* 0 when the cgroup has no process */
	double born;
};

static volatile sig_atomic_t stop;
static int dirfds[MAX_DIRS];
static int ndirs;
static unsigned long mkdir_errors, rmdir_errors, proc_errors;
static FILE *pidfile;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void complain(unsigned long *count, const char *what, unsigned long serial)
{
	if ((*count)++ < 5)
		fprintf(stderr, "cgchurn: %s c%lu: %s\n", what, serial, strerror(errno));
}

/* the child: join c<SERIAL> in every hierarchy, then wait to be killed */
static _Noreturn void child(unsigned long serial)
{
	char path[64];
	int i, fd;

	snprintf(path, sizeof(path), "c%lu/tasks", serial);
	for (i = 0; i < ndirs; i++) {
		fd = openat(dirfds[i], path, O_WRONLY | O_CLOEXEC);
		if (fd < 0 || write(fd, "0", 1) != 1)
			_exit(1);
		close(fd);
	}
	for (;;)
		pause();
}

static int make(struct live *l, unsigned long serial, int with_proc, double t)
{
	char name[32];
	int i;

	snprintf(name, sizeof(name), "c%lu", serial);
	for (i = 0; i < ndirs; i++)
		if (mkdirat(dirfds[i], name, 0755) < 0) {
			complain(&mkdir_errors, "mkdir", serial);
			while (--i >= 0)
				unlinkat(dirfds[i], name, AT_REMOVEDIR);
			return -1;
		}
	l->serial = serial;
	l->born = t;
	l->pid = 0;
	if (with_proc) {
		pid_t pid = fork();

		if (pid == 0) {
			signal(SIGTERM, SIG_DFL);
			signal(SIGINT, SIG_DFL);
			child(serial);
		}
		if (pid < 0) {
			complain(&proc_errors, "fork for", serial);
		} else {
			l->pid = pid;
			if (pidfile)
				fprintf(pidfile, "%d\n", (int)pid);
		}
	}
	return 0;
}

static void unmake(struct live *l)
{
	char name[32];
	int i, status, tries;

	if (l->pid > 0) {
		kill(l->pid, SIGKILL);
		if (waitpid(l->pid, &status, 0) != l->pid)
			complain(&proc_errors, "waitpid in", l->serial);
		else if (!WIFSIGNALED(status)) {
			errno = EPROTO;		/* it could not join its cgroup */
			complain(&proc_errors, "process of", l->serial);
		}
	}
	snprintf(name, sizeof(name), "c%lu", l->serial);
	for (i = 0; i < ndirs; i++) {
		/* a task being released can keep its cgroup busy a moment */
		for (tries = 0; unlinkat(dirfds[i], name, AT_REMOVEDIR) < 0; tries++) {
			if (errno != EBUSY || tries == 100) {
				complain(&rmdir_errors, "rmdir", l->serial);
				break;
			}
			usleep(1000);
		}
	}
}

static void usage(void)
{
	fprintf(stderr, "usage: cgchurn [-r RATE] [-t SECONDS] [-l LIFE_MS] [-P EVERY] [-p PIDFILE] DIR...\n");
	exit(2);
}

int main(int argc, char **argv)
{
	double rate = 500, seconds = 60, life = 0.2, start, t, end;
	unsigned long every = 1, serial = 0, made = 0, removed = 0, procs = 0;
	unsigned long live_max = 0;
	struct live *ring;
	size_t cap, head = 0, n = 0;
	struct sigaction sa = { .sa_handler = on_signal };
	int c, i;

	while ((c = getopt(argc, argv, "r:t:l:P:p:")) != -1)
		switch (c) {
		case 'r': rate = atof(optarg); break;
		case 't': seconds = atof(optarg); break;
		case 'l': life = atof(optarg) / 1000; break;
		case 'P': every = strtoul(optarg, NULL, 10); break;	/* 0: none */
		case 'p':
			pidfile = fopen(optarg, "we");
			if (!pidfile) {
				fprintf(stderr, "cgchurn: %s: %s\n", optarg, strerror(errno));
				return 1;
			}
			break;
		default: usage();
		}
	if (optind == argc || argc - optind > MAX_DIRS || rate <= 0 ||
	    rate > 100000 || seconds <= 0 || life <= 0 || life > 60)
		usage();
	for (i = optind; i < argc; i++) {
		dirfds[ndirs] = open(argv[i], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dirfds[ndirs++] < 0) {
			fprintf(stderr, "cgchurn: %s: %s\n", argv[i], strerror(errno));
			return 1;
		}
	}
	/* live cgroups: RATE * LIFE, with room for a late round */
	cap = (size_t)(rate * (life + 1)) + 16;
	ring = calloc(cap, sizeof(*ring));
	if (!ring)
		return 1;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);

	start = now();
	end = start + seconds;
	while (!stop && (t = now()) < end) {
		unsigned long due = (unsigned long)((t - start) * rate);

		/* remove the expired ones first, so the ring has room */
		while (n > 0 && ring[head].born + life <= t) {
			unmake(&ring[head]);
			head = (head + 1) % cap;
			n--;
			removed++;
		}
		while (serial < due && n < cap && !stop) {
			struct live *l = &ring[(head + n) % cap];

			if (make(l, serial, every && serial % every == 0, t) == 0) {
				procs += l->pid > 0;
				made++;
				n++;
			}
			serial++;
		}
		if (n > live_max)
			live_max = n;
		if (serial >= due) {
			struct timespec ts = { 0, 2 * 1000 * 1000 };

			nanosleep(&ts, NULL);
		}
	}
	t = now();
	while (n > 0) {
		unmake(&ring[head]);
		head = (head + 1) % cap;
		n--;
		removed++;
	}
	printf("made %lu removed %lu procs %lu seconds %.2f rate %.1f mkdir_errors %lu rmdir_errors %lu proc_errors %lu live_max %lu\n",
	       made, removed, procs, t - start, made / (t - start),
	       mkdir_errors, rmdir_errors, proc_errors, live_max);
	free(ring);
	if (pidfile && fclose(pidfile) != 0)
		proc_errors++;
	return mkdir_errors || rmdir_errors || proc_errors ? 1 : 0;
}
