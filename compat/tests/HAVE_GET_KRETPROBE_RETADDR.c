// SPDX-License-Identifier: GPL-2.0-only
/*
 * HAVE_GET_KRETPROBE_RETADDR: get_kretprobe_retaddr(struct kretprobe_instance *) exists.
 *
 * Added in Linux 5.19 ("kprobes: Use rethook for kretprobe if possible",
 * 73f9b911faa7): with CONFIG_KRETPROBE_ON_RETHOOK the return address lives
 * in the rethook node, so ri->ret_addr is only valid without it.
 * Built by compat/detect.sh with -Werror: any warning means "no".
 */
#include <linux/module.h>
#include <linux/kprobes.h>

static unsigned long __used vfsmod_conftest(struct kretprobe_instance *ri)
{
	return get_kretprobe_retaddr(ri);
}

MODULE_LICENSE("GPL");
