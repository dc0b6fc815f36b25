/* SPDX-License-Identifier: MIT */
/* apply - checked, ordered, all-or-nothing changes to cgroups: create, write, attach */
#include "apply.h"
#include "util.h"

/* Interface published first; bodies follow. */
int cgk_apply_new(const struct cgk_hiers *h, unsigned flags, struct cgk_apply **ret)
{
	(void)h; (void)flags; (void)ret;
	return -ENOSYS;
}

void cgk_apply_free(struct cgk_apply *s)
{
	(void)s;
}
