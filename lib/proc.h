/* SPDX-License-Identifier: MIT */
/* proc - parsers of the /proc files the tools read */
#ifndef CGK_PROC_H
#define CGK_PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define CGK_PF_KTHREAD 0x00200000u	/* task->flags bit of kernel threads */

/* Fields of /proc/PID/stat that the tools use. */
struct cgk_pidstat {
	pid_t pid;
	char comm[64];		/* between the first '(' and the last ')' */
	char state;		/* R S D Z T t X I ... */
	pid_t ppid;
	unsigned flags;		/* field 9 */
	uint64_t utime, stime;	/* fields 14, 15, clock ticks */
	uint64_t starttime;	/* field 22, clock ticks after boot */
	unsigned num_threads;	/* field 20 */
};

/* Parse /proc/PID/stat text (comm may hold spaces and ')': it ends at the
 * last ')'; a comm over 63 bytes is cut). Needs fields 1..22. 0 or -EINVAL;
 * *ret untouched on error. */
int cgk_pidstat_parse(const char *buf, size_t len, struct cgk_pidstat *ret);

/* Read and parse PID's stat below the /proc directory PROCFD. 0 and *ret;
 * -ESRCH when PID is gone, -EINVAL when the text does not parse, -errno. */
int cgk_pidstat_read(int procfd, pid_t pid, struct cgk_pidstat *ret);

/*
 * Turn /proc/PID/cmdline bytes (NUL-separated) into one printable line in
 * BUF[0..SIZE): NULs become spaces, trailing NULs dropped, control
 * characters shown as '?'; cut to SIZE - 1 bytes, always NUL-terminated
 * when SIZE > 0. Returns the length written (0 for an empty cmdline:
 * kernel thread or zombie).
 */
size_t cgk_cmdline_format(const char *in, size_t len, char *buf, size_t size);

/* True for the PID of a kernel thread, from its stat: PF_KTHREAD, or kthreadd (2) and its children. */
bool cgk_pidstat_is_kthread(const struct cgk_pidstat *st);

/*
 * List the numeric entries of the /proc directory PROCFD into a sorted
 * malloc'd array (NULL when *ret_n is 0). PROCFD is left open and its offset
 * untouched (it may be O_PATH). 0 with *ret, *ret_n, or -errno.
 */
int cgk_proc_list_pids(int procfd, pid_t **ret, size_t *ret_n);

/*
 * The value of KEY in /proc/meminfo text ("MemTotal:   123 kB"); exact key.
 * The value is in kB, or a plain count for the lines without a unit
 * (HugePages_Total). 0 and *ret_kb; -ENOENT when absent, -EINVAL for a bad
 * key or value, -ERANGE on overflow; *ret_kb untouched on error.
 */
int cgk_meminfo_get(const char *buf, size_t len, const char *key,
		    uint64_t *ret_kb);

/* ---- /proc/stat, /proc/cpuinfo, /proc/diskstats, /proc/PID/status (procview) ---- */

#define CGK_STAT_NCOUNTERS 10	/* user nice system idle iowait irq softirq steal guest guest_nice */

/* A "cpu" or "cpuN" line of /proc/stat. */
struct cgk_statcpu {
	int cpu;		/* N of "cpuN"; -1 for the "cpu" line of all CPUs */
	unsigned n;		/* counters present, at most CGK_STAT_NCOUNTERS */
	uint64_t v[CGK_STAT_NCOUNTERS];	/* in USER_HZ ticks; 0 past n */
	size_t rest;		/* offset of the blank after the name ("cpu3| 1 2 ...") */
};

/*
 * Classify the /proc/stat line LINE[0..LEN) (a trailing newline is fine): 1
 * and *ret when it is "cpu" (all CPUs, cpu -1) or "cpuN" followed by blank
 * separated counters as the kernel writes them; the counters are read up
 * to the first one that is not a decimal number or the tenth (n says how
 * many). 0 for any other line (*ret untouched). Never fails.
 */
int cgk_statcpu_parse(const char *line, size_t len, struct cgk_statcpu *ret);

/*
 * 1 and *ret_cpu when the /proc/cpuinfo line LINE[0..LEN) is "processor",
 * blanks, ':', blanks, a decimal number (x86, arm, ppc: "processor\t: 3");
 * 0 otherwise (*ret_cpu untouched).
 */
int cgk_cpuinfo_processor(const char *line, size_t len, int *ret_cpu);

/*
 * The device of a /proc/diskstats line: leading blanks, major, minor, name
 * (at most NAMESIZE - 1 bytes, the rest cut). 1 and the outputs; 0 for a
 * line that does not start so (outputs untouched).
 */
int cgk_diskstats_dev(const char *line, size_t len, unsigned *ret_major,
		      unsigned *ret_minor, char *ret_name, size_t namesize);

/*
 * From /proc/PID/status text: the number of PID namespaces the process is
 * seen in from the /proc it was read through (the entries of "NSpid:") and
 * its PID in the innermost one. 0 with the outputs; -ENOENT without an
 * NSpid line (kernels before 4.1), -EINVAL when it is malformed.
 */
int cgk_status_nspid(const char *buf, size_t len, unsigned *ret_depth, pid_t *ret_inner);

#endif
