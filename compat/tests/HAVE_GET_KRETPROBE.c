// SPDX-License-Identifier: GPL-2.0-only
/*
 * HAVE_GET_KRETPROBE: get_kretprobe(struct kretprobe_instance *) exists.
 *
 * Added in Linux 5.11 ("kprobes: Remove kretprobe hash", d741bf41d7c7);
 * before it the handler reads ri->rp (5.10).
 * Built by compat/detect.sh with -Werror: any warning means "no".
 */
#include <linux/module.h>
#include <linux/kprobes.h>

static struct kretprobe * __used
vfsmod_conftest(struct kretprobe_instance *ri)
{
	return get_kretprobe(ri);
}

MODULE_LICENSE("GPL");
