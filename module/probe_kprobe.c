// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe_kprobe.c - the kretprobe backend, for kernels without fprobe
 * (5.10, 6.1) or when asked for with backend=kprobe.
 *
 * The entry handler reads the arguments and fills ri->data (sized by the
 * hook); a non-zero return from the hook skips the return handler.  A
 * kretprobe has maxactive instances: a call entered while all of them are
 * in flight (readers blocked on pipes hold theirs) is not seen and is
 * counted in rp.nmissed, which the stats file reports.
 *
 * A hook without an exit callback gets a plain kprobe: no instance taken
 * and given back on every call (rw_verify_area() is entered by every read
 * and write), none to run out of.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kprobes.h>
#include <linux/slab.h>

#include "compat.h"
#include "probe.h"
#include "stats.h"

struct vfsmod_kretprobe {
	/* rp.kp alone for a hook without exit callback */
	struct kretprobe rp;
	struct vfsmod_hook *hook;
};

/* Both kinds of probe: count the call, hand the hook its arguments. */
static __always_inline int vfsmod_kprobe_enter(struct vfsmod_hook *hook,
					       struct pt_regs *regs, void *data)
{
	vfsmod_count_fired(hook);
	return hook->entry(regs_get_kernel_argument(regs, 0),
			   regs_get_kernel_argument(regs, 1),
			   regs_get_kernel_argument(regs, 2),
			   regs_get_kernel_argument(regs, 3),
			   regs_get_kernel_argument(regs, 4),
			   regs_get_kernel_argument(regs, 5), data);
}

static int vfsmod_kretprobe_entry(struct kretprobe_instance *ri,
				  struct pt_regs *regs)
{
	struct vfsmod_kretprobe *p = container_of(vfsmod_kretprobe_of(ri),
						  struct vfsmod_kretprobe, rp);

	return vfsmod_kprobe_enter(p->hook, regs, ri->data);
}

NOKPROBE_SYMBOL(vfsmod_kretprobe_entry);

static int vfsmod_kretprobe_exit(struct kretprobe_instance *ri,
				 struct pt_regs *regs)
{
	struct vfsmod_kretprobe *p = container_of(vfsmod_kretprobe_of(ri),
						  struct vfsmod_kretprobe, rp);

	p->hook->exit(regs_return_value(regs), ri->data);
	return 0;
}

NOKPROBE_SYMBOL(vfsmod_kretprobe_exit);

static int vfsmod_kprobe_pre(struct kprobe *kp, struct pt_regs *regs)
{
	struct vfsmod_kretprobe *p = container_of(kp, struct vfsmod_kretprobe,
						  rp.kp);

	vfsmod_kprobe_enter(p->hook, regs, NULL);
	/* Non-zero would say the handler changed regs->ip. */
	return 0;
}

NOKPROBE_SYMBOL(vfsmod_kprobe_pre);

static int vfsmod_kprobe_attach(struct vfsmod_hook *hook)
{
	struct vfsmod_kretprobe *p;
	int ret;

	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	p->hook = hook;
	p->rp.kp.symbol_name = hook->symbol;
	if (!hook->exit) {
		p->rp.kp.pre_handler = vfsmod_kprobe_pre;
		ret = register_kprobe(&p->rp.kp);
	} else {
		p->rp.entry_handler = vfsmod_kretprobe_entry;
		p->rp.handler = vfsmod_kretprobe_exit;
		p->rp.data_size = hook->data_size;
		p->rp.maxactive = vfsmod_maxactive;
		ret = register_kretprobe(&p->rp);
	}
	if (ret < 0) {
		kfree(p);
		return ret;
	}
	WRITE_ONCE(hook->probe, p);
	return 0;
}

static void vfsmod_kprobe_detach(struct vfsmod_hook *hook)
{
	struct vfsmod_kretprobe *p = hook->probe;

	/* Waits for running handlers; pending returns skip the handler. */
	if (!hook->exit)
		unregister_kprobe(&p->rp.kp);
	else
		unregister_kretprobe(&p->rp);
	hook->old_missed += p->rp.nmissed + p->rp.kp.nmissed;
	WRITE_ONCE(hook->probe, NULL);
	kfree(p);
}

static unsigned long vfsmod_kprobe_nmissed(const struct vfsmod_hook *hook)
{
	const struct vfsmod_kretprobe *p = hook->probe;

	return p ? READ_ONCE(p->rp.nmissed) + READ_ONCE(p->rp.kp.nmissed) : 0;
}

static const struct vfsmod_backend vfsmod_kprobe = {
	.name = "kprobe",
	.attach = vfsmod_kprobe_attach,
	.detach = vfsmod_kprobe_detach,
	.nmissed = vfsmod_kprobe_nmissed,
};

const struct vfsmod_backend *vfsmod_kprobe_backend(void)
{
	return &vfsmod_kprobe;
}
