// SPDX-License-Identifier: GPL-2.0-only
/*
 * HAVE_FPROBE_FTRACE_REGS: fprobe handlers take struct ftrace_regs.
 *
 * int entry_handler(fp, entry_ip, ret_ip, struct ftrace_regs *, data) and
 * void exit_handler(same arguments): fprobe rewritten on the function-graph
 * tracer in Linux 6.14 ("fprobe: Rewrite fprobe on function-graph tracer",
 * 4346ba160409, and the ftrace_regs entry/exit handler changes of that
 * series).  Seen on 7.2.
 * Built by compat/detect.sh with -Werror: any warning means "no".
 */
#include <linux/module.h>
#include <linux/fprobe.h>

static int vfsmod_ct_entry(struct fprobe *fp, unsigned long entry_ip,
			   unsigned long ret_ip, struct ftrace_regs *fregs,
			   void *entry_data)
{
	return 0;
}

static void vfsmod_ct_exit(struct fprobe *fp, unsigned long entry_ip,
			   unsigned long ret_ip, struct ftrace_regs *fregs,
			   void *entry_data)
{
}

static void __used vfsmod_conftest(struct fprobe *fp)
{
	fp->entry_handler = vfsmod_ct_entry;
	fp->exit_handler = vfsmod_ct_exit;
}

MODULE_LICENSE("GPL");
