// SPDX-License-Identifier: GPL-2.0-only
/*
 * HAVE_REGISTER_FTRACE_DIRECT_OPS: register_ftrace_direct() takes the
 * struct ftrace_ops whose filter names the functions, and
 * unregister_ftrace_direct() takes it back with a free_filters flag.
 *
 * Linux 6.4 dropped the (ip, addr) form and renamed the _multi() calls
 * ("ftrace: Rename _ftrace_direct_multi APIs to _ftrace_direct APIs",
 * da8bdfbd4231, and "ftrace: Store direct called addresses in their
 * ops", dbaccb618f0c).  5.10 and 6.1 have (ip, addr): no.  Seen on 6.12
 * and 7.2 (7.x adds update_ftrace_direct_*() beside it, same form).
 * Whether the kernel has direct calls at all (the header then has inline
 * stubs of the same shape) is CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS,
 * read in module/compat.h.
 * Built by compat/detect.sh with -Werror: any warning means "no".
 */
#include <linux/module.h>
#include <linux/ftrace.h>

static int __used vfsmod_conftest(struct ftrace_ops *ops, unsigned long addr)
{
	int (*reg)(struct ftrace_ops *, unsigned long) = register_ftrace_direct;
	int (*unreg)(struct ftrace_ops *, unsigned long, bool) =
		unregister_ftrace_direct;

	return reg(ops, addr) ?: unreg(ops, addr, true);
}

MODULE_LICENSE("GPL");
