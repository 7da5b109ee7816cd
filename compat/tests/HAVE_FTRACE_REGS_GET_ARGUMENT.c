// SPDX-License-Identifier: GPL-2.0-only
/*
 * HAVE_FTRACE_REGS_GET_ARGUMENT: ftrace_regs_get_argument(fregs, n) is usable.
 *
 * Same origin as ftrace_regs_get_return_value() (see that test): present
 * in Debian 6.12 and 7.x, not on x86 in Debian 5.10 or 6.1.
 * Built by compat/detect.sh with -Werror: any warning means "no".
 */
#include <linux/module.h>
#include <linux/ftrace.h>

static unsigned long __used vfsmod_conftest(struct ftrace_regs *fregs)
{
	return ftrace_regs_get_argument(fregs, 0);
}

MODULE_LICENSE("GPL");
