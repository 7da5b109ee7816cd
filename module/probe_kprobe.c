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
 * and given back on every call, none to run out of.  A call-site hook
 * ("rw_verify_area@io_read") gets one on each call instruction that
 * callsite.c finds, whichever backend the other hooks use.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kallsyms.h>
#include <linux/kprobes.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "callsite.h"
#include "compat.h"
#include "probe.h"
#include "stats.h"

struct vfsmod_kretprobe {
	/* rp.kp alone for a hook without exit callback */
	struct kretprobe rp;
	struct vfsmod_hook *hook;
	/* A call-site hook's: the kprobes in this array, in the first. */
	unsigned int nr;
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

/* "callee@caller": a kprobe on each call of callee inside caller. */
static int vfsmod_kprobe_attach_calls(struct vfsmod_hook *hook)
{
	unsigned long sites[VFSMOD_CALLSITES_MAX];
	const char *at = strchr(hook->symbol, '@');
	char callee[KSYM_NAME_LEN];
	struct vfsmod_kretprobe *p;
	int i, nr, ret;

	if (!at || at - hook->symbol >= sizeof(callee))
		return -EINVAL;
	strscpy(callee, hook->symbol, at - hook->symbol + 1);
	nr = vfsmod_find_calls(at + 1, callee, sites, ARRAY_SIZE(sites));
	if (nr < 0)
		return nr;
	p = kcalloc(nr, sizeof(*p), GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	for (i = 0, ret = 0; i < nr && !ret; i++) {
		struct vfsmod_kretprobe *s = &p[p->nr];

		/* A slot whose registration failed is used again. */
		memset(s, 0, sizeof(*s));
		s->hook = hook;
		s->rp.kp.addr = (kprobe_opcode_t *)sites[i];
		s->rp.kp.pre_handler = vfsmod_kprobe_pre;
		ret = register_kprobe(&s->rp.kp);
		if (!ret)
			p->nr++;
		/* Not an instruction boundary: a byte that looked like one. */
		else if (ret == -EILSEQ)
			ret = 0;
	}
	if (!ret && !p->nr)
		ret = -ENOENT;
	if (ret) {
		for (i = 0; i < p->nr; i++)
			unregister_kprobe(&p[i].rp.kp);
		kfree(p);
		return ret;
	}
	WRITE_ONCE(hook->probe, p);
	return 0;
}

static int vfsmod_kprobe_attach(struct vfsmod_hook *hook)
{
	struct vfsmod_kretprobe *p;
	int ret;

	if (vfsmod_hook_at_calls(hook))
		return vfsmod_kprobe_attach_calls(hook);
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

/* The misses of a hook's probes: one, or a call-site hook's array. */
static unsigned long vfsmod_kprobe_missed(const struct vfsmod_kretprobe *p)
{
	unsigned long missed = 0;
	unsigned int i;

	for (i = 0; i < max(p->nr, 1U); i++)
		missed += READ_ONCE(p[i].rp.nmissed) +
			  READ_ONCE(p[i].rp.kp.nmissed);
	return missed;
}

static void vfsmod_kprobe_detach(struct vfsmod_hook *hook)
{
	struct vfsmod_kretprobe *p = hook->probe;
	struct kprobe *kps[VFSMOD_CALLSITES_MAX];
	unsigned int i;

	/* Waits for running handlers; pending returns skip the handler. */
	if (vfsmod_hook_at_calls(hook)) {
		for (i = 0; i < p->nr; i++)
			kps[i] = &p[i].rp.kp;
		unregister_kprobes(kps, p->nr);
	} else if (!hook->exit) {
		unregister_kprobe(&p->rp.kp);
	} else {
		unregister_kretprobe(&p->rp);
	}
	hook->old_missed += vfsmod_kprobe_missed(p);
	WRITE_ONCE(hook->probe, NULL);
	kfree(p);
}

static unsigned long vfsmod_kprobe_nmissed(const struct vfsmod_hook *hook)
{
	const struct vfsmod_kretprobe *p = hook->probe;

	return p ? vfsmod_kprobe_missed(p) : 0;
}

static const struct vfsmod_backend vfsmod_kprobe = {
	.name = "kprobe",
	.attach = vfsmod_kprobe_attach,
	.detach = vfsmod_kprobe_detach,
	.nmissed = vfsmod_kprobe_nmissed,
};

/*
 * Resolve @symbol to its ftrace location with @kp, a kprobe that is never
 * armed, and leave @kp registered for the caller to drop (several at
 * once: each unregistration waits for a grace period).  -EOPNOTSUPP, @kp
 * dropped, where ftrace cannot hook the function (notrace).
 */
int vfsmod_ftrace_locate(struct kprobe *kp, const char *symbol,
			 unsigned long *ip)
{
	int ret;

	/* Fresh: a slot reused after a failure still holds its addr. */
	*kp = (struct kprobe){
		.symbol_name = symbol,
		.flags = KPROBE_FLAG_DISABLED,
	};
	ret = register_kprobe(kp);
	if (ret)
		return ret;
	if (!(kp->flags & KPROBE_FLAG_FTRACE)) {
		unregister_kprobe(kp);
		return -EOPNOTSUPP;
	}
	*ip = (unsigned long)kp->addr;
	return 0;
}

const struct vfsmod_backend *vfsmod_kprobe_backend(void)
{
	return &vfsmod_kprobe;
}
