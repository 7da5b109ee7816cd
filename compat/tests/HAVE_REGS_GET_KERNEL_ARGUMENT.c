// SPDX-License-Identifier: GPL-2.0-only
/*
 * HAVE_REGS_GET_KERNEL_ARGUMENT: regs_get_kernel_argument(struct pt_regs *, unsigned int).
 *
 * x86 since Linux 4.20 ("x86: ptrace: Add function argument access API",
 * 3c88ee194c28, for kprobe events), arm64 since 5.1 ("arm64: ptrace: Add
 * function argument access API"), later on other arches; used by the
 * kprobe backend to read probed-function arguments.
 * Built by compat/detect.sh with -Werror: any warning means "no".
 */
#include <linux/module.h>
#include <linux/ptrace.h>

static unsigned long __used vfsmod_conftest(struct pt_regs *regs)
{
	return regs_get_kernel_argument(regs, 0);
}

MODULE_LICENSE("GPL");
