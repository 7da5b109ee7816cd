// SPDX-License-Identifier: GPL-2.0-only
/*
 * HAVE_FTRACE_REGS_GET_RETURN_VALUE: ftrace_regs_get_return_value(fregs) is usable.
 *
 * Generic pt_regs-backed accessors in <linux/ftrace_regs.h> came with
 * "ftrace: Make ftrace_regs abstract from direct use" (7888af4166d4,
 * Linux 6.13; present in Debian 6.12.117 via stable).  Not on x86 in
 * Debian 5.10 or 6.1.
 * Built by compat/detect.sh with -Werror: any warning means "no".
 */
#include <linux/module.h>
#include <linux/ftrace.h>

static unsigned long __used vfsmod_conftest(struct ftrace_regs *fregs)
{
	return ftrace_regs_get_return_value(fregs);
}

MODULE_LICENSE("GPL");
