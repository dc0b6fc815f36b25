/* SPDX-License-Identifier: MIT */
/* apply-explain - an errno the kernel gave a cgroup write, in words a sysadmin can act on */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "apply.h"
#include "util.h"

static const char *errno_name(int e)
{
	static const struct { int e; const char *n; } t[] = {
		{ EPERM, "EPERM" }, { ENOENT, "ENOENT" }, { ESRCH, "ESRCH" },
		{ EIO, "EIO" }, { E2BIG, "E2BIG" }, { EBADF, "EBADF" },
		{ EAGAIN, "EAGAIN" }, { ENOMEM, "ENOMEM" }, { EACCES, "EACCES" },
		{ EBUSY, "EBUSY" }, { EEXIST, "EEXIST" }, { EXDEV, "EXDEV" },
		{ ENODEV, "ENODEV" }, { ENOTDIR, "ENOTDIR" }, { EISDIR, "EISDIR" },
		{ EINVAL, "EINVAL" }, { ENOSPC, "ENOSPC" }, { EROFS, "EROFS" },
		{ ERANGE, "ERANGE" }, { ENAMETOOLONG, "ENAMETOOLONG" },
		{ ENOTEMPTY, "ENOTEMPTY" }, { EOPNOTSUPP, "EOPNOTSUPP" },
		{ ENOSYS, "ENOSYS" }, { EFBIG, "EFBIG" }, { ELOOP, "ELOOP" },
		{ ECANCELED, "ECANCELED" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(t); i++)
		if (t[i].e == e)
			return t[i].n;
	return NULL;
}

static bool knob_is(const char *knob, const char *prefix)
{
	return knob && !strncmp(knob, prefix, strlen(prefix));
}

const char *cgk_apply_explain(enum cgk_apply_op op, const char *knob, int errnum,
			      char *buf, size_t size)
{
	const char *name = errno_name(errnum), *what = NULL;
	bool attach = op == CGK_APPLY_OP_ATTACH || op == CGK_APPLY_OP_ATTACH_THREAD;

	switch (errnum) {
	case EINVAL:
		if (attach)
			what = "the task cannot be moved (a kernel thread, or a task the "
			       "controller pins, such as a real-time task without cpu.rt_runtime_us)";
		else if (knob_is(knob, "cpu.cfs_"))
			what = "the quota/period ratio would exceed the nearest limited "
			       "parent's, or fall below a child's: change the parent first";
		else if (knob_is(knob, "cpu.rt_"))
			what = "the real-time runtime does not fit in the parent's, or exceeds the period";
		else if (knob_is(knob, "cpuset."))
			what = "the list names CPUs or memory nodes that are offline or not in the parent's cpuset";
		else if (knob_is(knob, "memory.memsw"))
			what = "memory+swap must be >= memory.limit_in_bytes";
		else if (knob_is(knob, "memory.limit"))
			what = "memory.limit_in_bytes must be <= memory.memsw.limit_in_bytes: raise that first";
		else if (knob_is(knob, "blkio."))
			what = "no such block device, or a partition (limits go on whole disks)";
		else if (op == CGK_APPLY_OP_CREATE)
			what = "not a valid cgroup name here";
		else
			what = "the kernel does not take this value for this file";
		break;
	case EBUSY:
		if (knob_is(knob, "cgroup.subtree_control"))
			what = "the cgroup holds processes of its own: on cgroup v2 a cgroup that "
			       "passes controllers to its children holds none (the no-internal-"
			       "processes rule); move them into a child first";
		else if (attach)
			what = "the cgroup passes controllers to its children (cgroup.subtree_control): "
			       "on cgroup v2 processes live in leaf cgroups only; attach to a child";
		else if (knob_is(knob, "cgroup.type"))
			what = "the cgroup cannot become threaded (it has controllers a threaded "
			       "subtree cannot take, or a domain child)";
		else if (knob_is(knob, "memory."))
			what = "the cgroup uses more memory than the new limit and the kernel could not reclaim enough";
		else if (knob_is(knob, "cpuset."))
			what = "a child cgroup uses CPUs or memory nodes outside the new list, or it is exclusive: "
			       "change the children first";
		else if (op == CGK_APPLY_OP_CREATE)
			what = "the parent is busy";
		else
			what = "the cgroup is in use";
		break;
	case ENOSPC:
		if (attach)
			what = "the cgroup's cpuset.cpus or cpuset.mems is empty: set them before attaching";
		else if (op == CGK_APPLY_OP_CREATE)
			what = "too many cgroups (the controller's limit is reached)";
		else
			what = "no space left for this value";
		break;
	case EPERM:
	case EACCES:
		what = "not permitted: this needs root (CAP_SYS_ADMIN) or the delegated ownership of the cgroup's files";
		break;
	case ESRCH:
		what = "no such process (it has exited)";
		break;
	case ENOENT:
		if (op == CGK_APPLY_OP_CREATE)
			what = "the parent cgroup has gone";
		else
			what = "no such cgroup or control file (is the controller mounted, the kernel built with it?)";
		break;
	case ENODEV:
		what = knob_is(knob, "blkio.") ? "no such block device" : "the controller is not available";
		break;
	case EROFS:
		what = "the cgroup file system is mounted read-only";
		break;
	case EAGAIN:
		what = "the kernel asks to try again (a transient limit, such as pids.max, was hit)";
		break;
	case EEXIST:
		what = "it exists already";
		break;
	case EOPNOTSUPP:
		if (op == CGK_APPLY_OP_ATTACH_THREAD || knob_is(knob, "cgroup.threads"))
			what = "a thread moves alone only within a threaded subtree (cgroup.type "
			       "threaded); move the whole process instead";
		else if (attach)
			what = "the cgroup is a threaded one: a whole process joins its domain cgroup";
		else if (knob_is(knob, "cgroup.subtree_control"))
			what = "the controller cannot be enabled here: a threaded subtree takes only "
			       "threaded controllers (cpu, cpuset, perf_event, pids)";
		else
			what = "this kernel no longer supports writing this file";
		break;
	case ENOMEM:
		what = "out of memory";
		break;
	case E2BIG:
		what = "the value is too large";
		break;
	case EISDIR:
		what = "not a control file";
		break;
	default:
		break;
	}
	if (name && what)
		snprintf(buf, size, "%s (%s): %s", strerror(errnum), name, what);
	else if (name)
		snprintf(buf, size, "%s (%s)", strerror(errnum), name);
	else
		snprintf(buf, size, "%s", strerror(errnum));
	return buf;
}
