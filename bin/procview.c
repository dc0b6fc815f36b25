/* SPDX-License-Identifier: MIT */
/* procview - /proc as a container sees it, computed as lxcfs does, with no daemon */
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cgvals.h"
#include "hier.h"
#include "ns.h"
#include "proc.h"
#include "target.h"
#include "common/tool.h"
#include "util.h"
#include "view.h"
#include "procview-mount.h"

#define HOSTFILE_MAX (4u << 20)	/* /proc/stat and cpuinfo of big machines */
#define SAMPLE_MAX 3600
#define GOMEMLIMIT_PERCENT 90	/* of the memory limit: room for what Go does not count */

enum file {
	F_MEMINFO, F_CPUINFO, F_STAT, F_UPTIME, F_LOADAVG, F_SWAPS, F_DISKSTATS, F_ONLINE,
	F_N
};

static const struct {
	const char *name, *path;	/* operand name; the file it stands for */
	unsigned what;			/* cgroup values it needs */
} files[F_N] = {
	[F_MEMINFO]   = { "meminfo", "/proc/meminfo", CGK_CGV_MEM },
	[F_CPUINFO]   = { "cpuinfo", "/proc/cpuinfo", CGK_CGV_CPU },
	[F_STAT]      = { "stat", "/proc/stat", CGK_CGV_CPU | CGK_CGV_USAGE },
	[F_UPTIME]    = { "uptime", "/proc/uptime", CGK_CGV_UPTIME },
	[F_LOADAVG]   = { "loadavg", "/proc/loadavg", CGK_CGV_LOAD },
	[F_SWAPS]     = { "swaps", "/proc/swaps", CGK_CGV_MEM },
	[F_DISKSTATS] = { "diskstats", "/proc/diskstats", CGK_CGV_BLKIO },
	[F_ONLINE]    = { "cpu-online", "/sys/devices/system/cpu/online", CGK_CGV_CPU },
};

static struct {
	const char *pid, *cgroup, *container, *sysroot, *mount, *pidfile;
	unsigned flags;		/* CGK_VIEW_* */
	unsigned long sample;
	bool export, json, verbose;
	bool container_named;	/* the container operand is no hex prefix (ctr: web) */
} arg = { .sysroot = "/" };

static struct cgk_hiers *H;

/* The target resolved: its cgroups, its init, how to name it in messages. */
static struct {
	char *mrel[CGK_HIER_MAX];
	pid_t init;		/* 0: none known */
	char label[CGK_PATH_MAX + 32];
} T;

static void usage(void)
{
	printf("Usage: %s [OPTIONS] [-p PID | -c CGROUP | CONTAINER] [FILE...]\n"
	       "       %s --mount DIR [--pidfile FILE] [--cfs] [--fix]\n\n"
	       "Print /proc files as a container sees them through lxcfs, computed from\n"
	       "its cgroups on demand: no daemon, nothing mounted.\n\n"
	       "FILE is meminfo, cpuinfo, stat, uptime, loadavg, swaps, diskstats or\n"
	       "cpu-online (also as /proc/meminfo, /sys/devices/system/cpu/online);\n"
	       "none means all of them, each under a '==> /proc/X <==' header.\n"
	       "The target is the init of PID's PID namespace, the cgroup CGROUP (/a/b,\n"
	       "ctrl:/a/b, a full /sys/fs/cgroup path), a container id prefix (4 to 64\n"
	       "hex digits) or name, a pod's NS/POD/CONTAINER, or, with none of these,\n"
	       "procview itself.\n\n"
	       "Options:\n"
	       "  -p, --pid PID          the container of process PID\n"
	       "  -c, --cgroup CGROUP    the cgroup CGROUP (or a container id prefix)\n"
	       "      --cfs              count CPUs with the CFS quota too (lxcfs --enable-cfs)\n"
	       "      --fix              correct lxcfs's known cgroup v1 and v2 quirks\n"
	       "      --sample SECONDS   loadavg: average over SECONDS one-second samples\n"
	       "      --export           the effective limits as shell assignments (eval)\n"
	       "      --json             the same as one JSON object\n"
	       "  -v, --verbose          say which files are the host's, passed through\n"
	       "      --sysroot DIR      read DIR/proc and DIR/sys/fs/cgroup\n"
	       "      --mount DIR        serve these files to every container through FUSE\n"
	       "                         at DIR, in lxcfs's layout, until SIGTERM\n"
	       "      --pidfile FILE     with --mount: write the keeper's PID to FILE\n"
	       "  -h, --help             show this help\n"
	       "  -V, --version          show the version\n\n"
	       "See procview(1).\n", program_invocation_short_name, program_invocation_short_name);
	exit(EXIT_SUCCESS);
}

static int file_find(const char *s)
{
	for (int f = 0; f < F_N; f++)
		if (streq(s, files[f].name) || streq(s, files[f].path))
			return f;
	return -1;
}

/* ---- the target ---- */

static void target_pid(const char *s, bool self)
{
	unsigned long pid;
	pid_t init;
	int r;

	if (self) {
		char buf[32];
		ssize_t n = readlinkat(H->procfd, "self", buf, sizeof(buf) - 1);

		buf[n > 0 ? n : 0] = '\0';
		pid = n > 0 ? strtoul(buf, NULL, 10) : (unsigned long)getpid();
	} else {
		pid = parse_ulong_opt("--pid", s, INT32_MAX);
		if (pid == 0)
			errtryhelp("--pid: '%s': not a process id", s);
	}
	r = cgk_cgvals_pidns_init(H->procfd, (pid_t)pid, &init);
	if (r == -ESRCH)
		dief("%s: no such process", s);
	if (r < 0)
		die(r, "%s: its PID namespace", s);
	r = cgk_hiers_pid_paths(H, init, T.mrel);
	if (r == -ESRCH)
		dief("%s: no such process", s);
	if (r < 0)
		die(r, "%s: /proc/%d/cgroup", s, (int)init);
	T.init = init;
	if (self)
		snprintf(T.label, sizeof(T.label), "self");
	else
		snprintf(T.label, sizeof(T.label), "%s", s);
}

/* The init among the processes of the target's cgroup (any hierarchy). */
static pid_t cgroup_init(const struct cgk_target *t)
{
	for (size_t i = 0; i < H->n; i++) {
		_cleanup_free_ pid_t *pids = NULL;
		_cleanup_free_ char *buf = NULL;
		_cleanup_close_ int fd = -EBADF;
		size_t len, n = 0, cap = 0;
		const char *p;
		pid_t init;

		if (!(t->exists & (UINT64_C(1) << i)) ||
		    (H->v[i].version != 1 && !cgk_hiers_v2_only(H)))
			continue;
		fd = cgk_hier_open(&H->v[i], t->mrel[i], O_RDONLY);
		if (fd < 0 || cgk_read_at_max(fd, "cgroup.procs", HOSTFILE_MAX, &buf, &len) < 0)
			continue;
		for (p = buf; p < buf + len; ) {
			char *end;
			unsigned long v = strtoul(p, &end, 10);

			if (end == p)
				break;
			if (v > 0 && v <= INT32_MAX) {
				if (cgk_grow((void **)&pids, &cap, n, sizeof(*pids)) < 0)
					die(-ENOMEM, "%s", t->arg);
				pids[n++] = (pid_t)v;
			}
			p = end + (*end == '\n');
		}
		if (n && cgk_ns_find_init(H->procfd, pids, n, &init) == 0)
			return init;
	}
	return 0;
}

/* NS/POD or NS/POD/CONTAINER: two or three identifiers joined by '/' */
static bool pod_name_ok(const char *s)
{
	char buf[3 * 254];
	size_t n = 0;

	if (strlen(s) >= sizeof(buf))
		return false;
	strcpy(buf, s);
	for (char *p = buf, *slash; p; p = slash ? slash + 1 : NULL, n++) {
		if ((slash = strchr(p, '/')))
			*slash = '\0';
		if (!cgk_container_id_ok(p))
			return false;
	}
	return n == 2 || n == 3;
}

static void target_cgroup(const char *s, bool container)
{
	struct cgk_target t = { 0 };
	struct cgk_target_error err;
	uint64_t all = H->n >= 64 ? UINT64_MAX : (UINT64_C(1) << H->n) - 1, allowed = all;
	int m = cgk_hiers_find(H, "memory"), r;

	/* A container id: look in the memory hierarchy alone (a tree walk of
	 * one hierarchy, not of all), then take its init's cgroups; the
	 * whole walk only when that finds no container or no process. */
	if (container && m >= 0)
		allowed = UINT64_C(1) << m;
	r = cgk_target_resolve(H, s, allowed, 0, &t, &err);
	if (allowed != all && r == 0 && (T.init = cgroup_init(&t)) > 0 &&
	    cgk_hiers_pid_paths(H, T.init, T.mrel) == 0) {
		snprintf(T.label, sizeof(T.label), "%s", s);
		cgk_target_done(&t);
		return;
	}
	if (allowed != all && r != -EINVAL && r != -ENOTUNIQ) {
		cgk_target_done(&t);
		r = cgk_target_resolve(H, s, all, 0, &t, &err);
	}
	if (r == -ENOENT && container && s == arg.container && arg.container_named)
		dief("%s: unknown file (meminfo, cpuinfo, stat, uptime, loadavg, swaps, "
		     "diskstats, cpu-online) nor a container's id or name", s);
	if (r == -EINVAL && err.usage)
		dief("%s: %s", s, err.why);
	if (r == -ENOTUNIQ || (r < 0 && *err.why && !err.with_errno))
		dief("%s: %s", s, err.why);
	if (r == -ENOENT && container)
		dief("%s: no container with this id prefix", s);
	if (r == -ENOENT)
		dief("%s: no such cgroup", s);
	if (r < 0)
		die(r, "%s%s%s", s, *err.why ? ": " : "", err.why);
	T.init = cgroup_init(&t);
	if (container && T.init > 0 && cgk_hiers_pid_paths(H, T.init, T.mrel) == 0) {
		/* as lxcfs: the cgroups of the container's init */
	} else {
		for (size_t i = 0; i < H->n; i++)
			if (t.exists & (UINT64_C(1) << i))
				T.mrel[i] = TAKE_PTR(t.mrel[i]);
	}
	snprintf(T.label, sizeof(T.label), "%s", s);
	cgk_target_done(&t);
}

/* ---- the views ---- */

static char *host_read(const char *file, size_t *len)
{
	char *buf;
	int r;

	if (!strncmp(file, "/proc/", 6))
		r = cgk_read_at_max(H->procfd, file + 6, HOSTFILE_MAX, &buf, len);
	else
		r = cgk_read_at_max(H->rootfd, file + 1, HOSTFILE_MAX, &buf, len);
	if (r < 0)
		die(r, "%s", file);
	return buf;
}

/* The text of view F, in *ret (malloc'd). Exits on error. */
static void make_view(int f, const struct cgk_cgvals *v, unsigned missing, char **ret, size_t *ret_len)
{
	_cleanup_free_ char *host = NULL;
	const char *hostfile = files[f].path;
	size_t len = 0;
	int r;

	if (missing & files[f].what & (CGK_CGV_MEM | CGK_CGV_CPU | CGK_CGV_BLKIO | CGK_CGV_LOAD)) {
		const char *c = (missing & files[f].what & CGK_CGV_MEM) ? "memory" :
				(missing & files[f].what & CGK_CGV_CPU) ? "cpuset" :
				(missing & files[f].what & CGK_CGV_LOAD) ? "cpu" : "blkio";

		dief("%s: no %s cgroup: cannot virtualise %s", T.label, c, files[f].name);
	}
	if (f == F_SWAPS)
		hostfile = "/proc/meminfo";
	if (f != F_UPTIME && f != F_LOADAVG && f != F_ONLINE)
		host = host_read(hostfile, &len);
	switch (f) {
	case F_MEMINFO:   r = cgk_view_meminfo(host, len, v, arg.flags, ret, ret_len); break;
	case F_CPUINFO:   r = cgk_view_cpuinfo(host, len, v, arg.flags, ret, ret_len); break;
	case F_STAT:      r = cgk_view_stat(host, len, v, arg.flags, ret, ret_len); break;
	case F_UPTIME:    r = cgk_view_uptime(v, arg.flags, ret, ret_len); break;
	case F_LOADAVG:   r = cgk_view_loadavg(v, arg.flags, ret, ret_len); break;
	case F_SWAPS:     r = cgk_view_swaps(host, len, v, arg.flags, ret, ret_len); break;
	case F_DISKSTATS: r = cgk_view_diskstats(host, len, v, arg.flags, ret, ret_len); break;
	default:          r = cgk_view_cpu_online(v, arg.flags, ret, ret_len); break;
	}
	if (r == CGK_VIEW_HOST) {
		static const char *const why[F_N] = {
			[F_MEMINFO] = "memory usage or memory.stat unreadable",
			[F_SWAPS] = "memory usage or memory.stat unreadable",
			[F_STAT] = "the machine's init in the root cgroup",
			[F_DISKSTATS] = "no blkio.io_*_recursive files (CFQ only; none on v2)",
		};

		if (arg.verbose)
			warnx_("%s: the host's %s, passed through as lxcfs does (%s)", T.label,
			       files[f].path, why[f] ? why[f] : "");
		if (f == F_SWAPS) {
			free(host);
			host = host_read(files[f].path, &len);
		}
		if (f == F_DISKSTATS && (arg.flags & CGK_VIEW_FIX) && arg.verbose)
			warnx_("%s: no blkio.throttle.io_*_recursive files either", T.label);
		*ret = TAKE_PTR(host);
		*ret_len = len;
		return;
	}
	if (r == -ENODATA) {
		static const char *const why[F_N] = {
			[F_CPUINFO] = "its cpuset is unreadable",
			[F_STAT] = "its cpuset is unreadable",
			[F_ONLINE] = "its cpuset is unreadable",
			[F_UPTIME] = "no process to take the start time from",
			[F_LOADAVG] = "its threads could not be counted",
		};

		dief("%s: cannot virtualise %s: %s", T.label, files[f].name, why[f] ? why[f] : "");
	}
	if (r < 0)
		die(r, "%s: %s", T.label, files[f].name);
}

/* ---- --export, --json ---- */

static void export(const struct cgk_cgvals *v)
{
	_cleanup_free_ char *mem = NULL;
	struct cgk_view_limits l;
	char cpuset[CGK_CPU_MAX * 6] = "", quota[32] = "max", java[128];
	uint64_t host_kb = 0, gomem = 0;
	size_t len;
	int r;

	mem = host_read("/proc/meminfo", &len);
	cgk_meminfo_get(mem, len, "MemTotal", &host_kb);
	r = cgk_view_limits(v, host_kb, &l);
	if (r < 0)
		dief("%s: cannot read its cpuset nor its memory cgroup", T.label);
	if (v->cpuset_ok)
		cgk_cpulist_format(&v->cpuset, cpuset, sizeof(cpuset));
	if (l.cpu_quota > 0)
		snprintf(quota, sizeof(quota), "%.2f", l.cpu_quota);
	if (l.memory)
		gomem = l.memory / 100 * GOMEMLIMIT_PERCENT + l.memory % 100 * GOMEMLIMIT_PERCENT / 100;
	if (l.memory)
		snprintf(java, sizeof(java), "-XX:ActiveProcessorCount=%u -XX:MaxRAM=%" PRIu64,
			 l.cpus, l.memory);
	else
		snprintf(java, sizeof(java), "-XX:ActiveProcessorCount=%u", l.cpus);
	if (arg.json) {
		printf("{\"cpus\":%u,\"cpu_quota\":", l.cpus);
		if (l.cpu_quota > 0)
			printf("%s", quota);
		else
			fputs("null", stdout);
		printf(",\"cpuset\":\"%s\",\"memory_limit\":", cpuset);
		if (l.memory)
			printf("%" PRIu64, l.memory);
		else
			fputs("null", stdout);
		printf(",\"env\":{\"GOMAXPROCS\":\"%u\"", l.cpus);
		if (l.memory)
			printf(",\"GOMEMLIMIT\":\"%" PRIu64 "\"", gomem);
		printf(",\"JAVA_TOOL_OPTIONS\":\"%s\"}}\n", java);
		return;
	}
	printf("PROCVIEW_CPUS=%u\n", l.cpus);
	printf("PROCVIEW_CPU_QUOTA=%s\n", quota);
	printf("PROCVIEW_CPUSET=%s\n", cpuset);
	if (l.memory)
		printf("PROCVIEW_MEMORY_LIMIT=%" PRIu64 "\n", l.memory);
	else
		printf("PROCVIEW_MEMORY_LIMIT=max\n");
	printf("GOMAXPROCS=%u\n", l.cpus);
	if (l.memory)
		printf("GOMEMLIMIT=%" PRIu64 "\n", gomem);
	printf("JAVA_TOOL_OPTIONS='%s'\n", java);
	printf("export GOMAXPROCS%s JAVA_TOOL_OPTIONS\n", l.memory ? " GOMEMLIMIT" : "");
}

/* loadavg: now, or the kernel's averages over --sample one-second samples */
static void load_sample(struct cgk_cgvals *v)
{
	static const uint64_t exp[3] = { CGK_LOAD_EXP_1S_1, CGK_LOAD_EXP_1S_5, CGK_LOAD_EXP_1S_15 };
	int r;

	for (int k = 0; k < 3; k++)
		v->avenrun[k] = (uint64_t)v->nr_active * CGK_LOAD_FIXED_1;
	for (unsigned long s = 0; s < arg.sample; s++) {
		sleep(1);
		r = cgk_cgvals_threads(H, T.mrel, v);
		if (r < 0)
			die(r, "%s: loadavg", T.label);
		for (int k = 0; k < 3; k++)
			v->avenrun[k] = cgk_view_calc_load(v->avenrun[k], exp[k], v->nr_active);
	}
}

int main(int argc, char **argv)
{
	enum { OPT_CFS = 0x100, OPT_FIX, OPT_SAMPLE, OPT_EXPORT, OPT_JSON, OPT_SYSROOT,
	       OPT_MOUNT, OPT_PIDFILE };
	static const struct option lo[] = {
		{ "pid", required_argument, NULL, 'p' },
		{ "cgroup", required_argument, NULL, 'c' },
		{ "cfs", no_argument, NULL, OPT_CFS },
		{ "fix", no_argument, NULL, OPT_FIX },
		{ "sample", required_argument, NULL, OPT_SAMPLE },
		{ "export", no_argument, NULL, OPT_EXPORT },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "verbose", no_argument, NULL, 'v' },
		{ "sysroot", required_argument, NULL, OPT_SYSROOT },
		{ "mount", required_argument, NULL, OPT_MOUNT },
		{ "pidfile", required_argument, NULL, OPT_PIDFILE },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	bool want[F_N] = { false }, any = false, sample = false;
	char *out[F_N] = { NULL };
	size_t outlen[F_N] = { 0 };
	struct cgk_cgvals v;
	unsigned what = 0, missing = 0, nfiles = 0;
	int c, r;

	atexit(close_stdout);
	argv[0] = program_invocation_short_name;
	while ((c = getopt_long(argc, argv, "p:c:vhV", lo, NULL)) != -1)
		switch (c) {
		case 'p': arg.pid = optarg; break;
		case 'c': arg.cgroup = optarg; break;
		case OPT_CFS: arg.flags |= CGK_VIEW_CFS; break;
		case OPT_FIX: arg.flags |= CGK_VIEW_FIX; break;
		case OPT_SAMPLE:
			arg.sample = parse_ulong_opt("--sample", optarg, SAMPLE_MAX);
			sample = true;
			break;
		case OPT_EXPORT: arg.export = true; break;
		case OPT_JSON: arg.json = true; break;
		case 'v': arg.verbose = true; break;
		case OPT_SYSROOT: arg.sysroot = optarg; break;
		case OPT_MOUNT: arg.mount = optarg; break;
		case OPT_PIDFILE: arg.pidfile = optarg; break;
		case 'h': usage(); break;
		case 'V': print_version(); break;
		default: errtryhelp(NULL);
		}
	if (arg.pid && arg.cgroup)
		errtryhelp("-p and -c exclude each other");
	if (arg.pidfile && !arg.mount)
		errtryhelp("--pidfile goes with --mount");
	if (arg.mount) {
		/* every reader's own container: no target, no FILE */
		if (arg.pid || arg.cgroup || optind < argc || sample || arg.export || arg.json)
			errtryhelp("--mount takes no FILE, target, --sample, --export or --json");
		if (!*arg.mount)
			errtryhelp("--mount: '': not a directory");
		procview_mount(arg.mount, arg.pidfile, arg.flags, arg.sysroot, argv);
	}
	/* a first operand that is no FILE names a container */
	if (optind < argc && file_find(argv[optind]) < 0) {
		const char *s = argv[optind];
		size_t l = strlen(s);

		/* or an id that is no hex prefix, as ctr's "web", a container's name,
		 * a pod's NS/POD[/CONTAINER]: tried, then an unknown file */
		if (arg.pid || arg.cgroup ||
		    !((l >= 4 && l <= 64 && cgk_is_hex(s, l)) || cgk_container_id_ok(s) ||
		      pod_name_ok(s)))
			dief("%s: unknown file (meminfo, cpuinfo, stat, uptime, loadavg, swaps, "
			     "diskstats, cpu-online)%s", s,
			     arg.pid || arg.cgroup ? "" : " nor a container id prefix (4 to 64 hex digits)");
		arg.container = s;
		arg.container_named = l < 4 || l > 64 || !cgk_is_hex(s, l);
		optind++;
	}
	for (int k = optind; k < argc; k++) {
		int f = file_find(argv[k]);

		if (f < 0)
			dief("%s: unknown file (meminfo, cpuinfo, stat, uptime, loadavg, swaps, "
			     "diskstats, cpu-online)", argv[k]);
		if (!want[f])
			nfiles++;
		want[f] = any = true;
	}
	if ((arg.export || arg.json) && any)
		errtryhelp("--export and --json take no FILE");
	if (!any && !arg.export && !arg.json) {
		for (int f = 0; f < F_N; f++)
			want[f] = true;
		nfiles = F_N;
	}
	if (sample && !want[F_LOADAVG])
		errtryhelp("--sample goes with loadavg");

	/* a pure v2 host's cgroup2 hierarchy; on a hybrid one lxcfs (and
	 * procview) reads the v1 hierarchies alone */
	r = cgk_hiers_load(arg.sysroot, 0, &H);
	if (r == 0 && !cgk_hiers_v2_only(H)) {
		cgk_hiers_free(H);
		H = NULL;
		r = cgk_hiers_load(arg.sysroot, CGK_HIER_NO_V2, &H);
	}
	if (r == -ENOENT)
		dief("%s: no cgroup hierarchy mounted", arg.sysroot);
	if (r < 0)
		die(r, "%s", arg.sysroot);
	if (arg.pid)
		target_pid(arg.pid, false);
	else if (arg.container)
		target_cgroup(arg.container, true);
	else if (arg.cgroup)	/* -c takes a container id too */
		target_cgroup(arg.cgroup, !strchr(arg.cgroup, '/') && !strchr(arg.cgroup, ':'));
	else
		target_pid("self", true);
	if (arg.verbose)
		warnx_("%s: init %d", T.label, (int)T.init);

	if (arg.export || arg.json) {
		what = CGK_CGV_MEM | CGK_CGV_CPU;
	} else {
		for (int f = 0; f < F_N; f++)
			if (want[f])
				what |= files[f].what;
	}
	r = cgk_cgvals_load(H, T.mrel, T.init, what, &v, &missing);
	if (r < 0)
		die(r, "%s", T.label);
	if (arg.export || arg.json) {
		export(&v);
	} else {
		bool first = true;

		if (want[F_LOADAVG] && v.load_ok)
			load_sample(&v);
		/* every view first, so that a failure prints nothing */
		for (int f = 0; f < F_N; f++)
			if (want[f])
				make_view(f, &v, missing, &out[f], &outlen[f]);
		for (int f = 0; f < F_N; f++) {
			if (!want[f])
				continue;
			if (nfiles > 1)
				printf("%s==> %s <==\n", first ? "" : "\n", files[f].path);
			fwrite(out[f], 1, outlen[f], stdout);
			first = false;
			free(out[f]);
		}
	}
	cgk_cgvals_done(&v);
	for (size_t i = 0; i < CGK_HIER_MAX; i++)
		free(T.mrel[i]);
	cgk_hiers_free(H);
	return EXIT_SUCCESS;
}
