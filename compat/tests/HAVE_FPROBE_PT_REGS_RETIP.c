// SPDX-License-Identifier: GPL-2.0-only
/*
 * HAVE_FPROBE_PT_REGS_RETIP: fprobe handlers take ret_ip and struct pt_regs.
 *
 * int entry_handler(fp, entry_ip, ret_ip, struct pt_regs *, data) and
 * void exit_handler(same arguments): the shape between "fprobe: Pass
 * return address to the handlers" (cb16330d1274, Linux 6.5) and the 6.14 rewrite onto
 * ftrace_regs.  Seen on 6.12; the Debian 6.1 backport still has
 * void entry_handler(fp, entry_ip, struct pt_regs *, data), which is "no".
 * Built by compat/detect.sh with -Werror: any warning means "no".
 */
#include <linux/module.h>
#include <linux/fprobe.h>

static int vfsmod_ct_entry(struct fprobe *fp, unsigned long entry_ip,
			   unsigned long ret_ip, struct pt_regs *regs,
			   void *entry_data)
{
	return 0;
}

static void vfsmod_ct_exit(struct fprobe *fp, unsigned long entry_ip,
			   unsigned long ret_ip, struct pt_regs *regs,
			   void *entry_data)
{
}

static void __used vfsmod_conftest(struct fprobe *fp)
{
	fp->entry_handler = vfsmod_ct_entry;
	fp->exit_handler = vfsmod_ct_exit;
}

MODULE_LICENSE("GPL");
