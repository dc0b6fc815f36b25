/* SPDX-License-Identifier: MIT */
/* libcg - the one module that calls libcgroup: create cgroups, attach tasks */
#include <stdarg.h>
#include <libcgroup.h>

#include "libcg.h"
#include "util.h"

/*
 * libcgroup loses the kernel's errno: it folds most failures into its own
 * codes (mkdir or opening "tasks" failing with EACCES, EROFS or ENOSPC all
 * become ECGROUPNOTALLOWED) and keeps errno only behind ECGOTHER, through
 * cgroup_get_last_errno(). We map each code to the nearest errno, which is
 * right for EPERM/ENOENT and a best guess otherwise. Callers that must tell
 * the user exactly what the kernel said (cgset's writes, attach by cgroup.procs)
 * do the syscall themselves with openat() below a root fd, not through here.
 */
static int ecg_to_errno(int ecg)
{
	int e;

	switch (ecg) {
	case 0:
		return 0;
	case ECGOTHER:
		e = cgroup_get_last_errno();
		return e > 0 ? -e : -EIO;
	case ECGROUPNOTCOMPILED:
		return -ENOSYS;
	case ECGROUPNOTMOUNTED:
	case ECGROUPSUBSYSNOTMOUNTED:
		return -ENODEV;
	case ECGROUPNOTEXIST:
	case ECGROUPVALUENOTEXIST:
		return -ENOENT;
	case ECGROUPNOTOWNER:
		return -EPERM;
	case ECGROUPNOTALLOWED:
		return -EACCES;
	case ECGROUPMULTIMOUNTED:
	case ECGNONEMPTY:
		return -EBUSY;
	case ECGMAXVALUESEXCEEDED:
		return -E2BIG;
	case ECGCONTROLLEREXISTS:
	case ECGVALUEEXISTS:
		return -EEXIST;
	case ECGINVAL:
	case ECGCANTSETVALUE:
		return -EINVAL;
	case ECGROUPUNSUPP:
		return -EOPNOTSUPP;
	default:	/* ECGFAIL, ECGROUPNOTCREATED, ECGROUPNOTINITIALIZED, ... */
		return -EIO;
	}
}

/* The library never prints: libcgroup's default logger writes to stdout. */
static void silent(void *userdata, int level, const char *fmt, va_list ap)
{
	(void)userdata;
	(void)level;
	(void)fmt;
	(void)ap;
}

int cgk_libcg_init(void)
{
	static bool done;
	int r;

	if (done)
		return 0;
	cgroup_set_logger(silent, CGROUP_LOG_ERROR, NULL);
	r = ecg_to_errno(cgroup_init());
	if (r == 0)
		done = true;
	return r;
}

/* A relative or absolute cgroup path without ".." components. */
static bool path_ok(const char *p)
{
	if (!p)
		return false;
	for (const char *c = p; *c; ) {
		size_t n = strcspn(c, "/");

		if (n == 2 && c[0] == '.' && c[1] == '.')
			return false;
		c += n;
		c += strspn(c, "/");
	}
	return true;
}

/* A libcgroup group for MREL_PATH in CONTROLLER, in *RET. 0 or -errno. */
static int group_new(const char *controller, const char *mrel_path, struct cgroup **ret)
{
	struct cgroup *cg;
	int r;

	if (!controller || !*controller || !path_ok(mrel_path))
		return -EINVAL;
	r = cgk_libcg_init();
	if (r < 0)
		return r;
	cg = cgroup_new_cgroup(*mrel_path ? mrel_path : "/");
	if (!cg)
		return -ENOMEM;
	if (!cgroup_add_controller(cg, controller)) {
		cgroup_free(&cg);
		return -ENOMEM;
	}
	*ret = cg;
	return 0;
}

int cgk_libcg_attach(pid_t pid, const char *controller, const char *mrel_path)
{
	struct cgroup *cg = NULL;
	int r;

	if (pid < 0)
		return -EINVAL;
	r = group_new(controller, mrel_path, &cg);
	if (r < 0)
		return r;
	r = ecg_to_errno(cgroup_attach_task_pid(cg, pid));
	cgroup_free(&cg);
	return r;
}

int cgk_libcg_create(const char *controller, const char *mrel_path)
{
	struct cgroup *cg = NULL;
	int r;

	r = group_new(controller, mrel_path, &cg);
	if (r < 0)
		return r;
	r = ecg_to_errno(cgroup_create_cgroup(cg, 0));
	cgroup_free(&cg);
	return r;
}

const char *cgk_libcg_strerror(int ecg)
{
	return cgroup_strerror(ecg);
}
