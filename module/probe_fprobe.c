// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe_fprobe.c - the fprobe backend (CONFIG_FPROBE: 6.12 and 7.x).
 *
 * One struct fprobe per hook (static: see vfsmod_fprobes), entry + exit
 * handler, per-call data of hook->data_size bytes (at most 120 since
 * fprobe moved onto fgraph in 6.14; vfsmod's carries are a few words).
 * fprobe has only ftrace's recursion guard: an interrupt may enter a
 * handler while another runs on the same CPU, so handlers keep their
 * state on the stack or in the per-call data, never in per-CPU scratch.
 * Before 6.14 return slots come from a pool of nr_maxactive; a call
 * finding it empty is counted in nmissed.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/rcupdate.h>
#include <linux/string.h>

#include "compat.h"
#include "probe.h"

#ifdef VFSMOD_FPROBE_BACKEND
#include <linux/fprobe.h>

struct vfsmod_fprobe {
	struct fprobe fp;
	struct vfsmod_hook *hook;
};

static int vfsmod_fprobe_entry(struct fprobe *fp, unsigned long entry_ip,
			       unsigned long ret_ip,
			       struct vfsmod_fprobe_regs *regs, void *data)
{
	struct vfsmod_fprobe *p = container_of(fp, struct vfsmod_fprobe, fp);

	return p->hook->entry(vfsmod_fprobe_arg(regs, 0),
			      vfsmod_fprobe_arg(regs, 1),
			      vfsmod_fprobe_arg(regs, 2),
			      vfsmod_fprobe_arg(regs, 3), ret_ip, data);
}

NOKPROBE_SYMBOL(vfsmod_fprobe_entry);

static void vfsmod_fprobe_exit(struct fprobe *fp, unsigned long entry_ip,
			       unsigned long ret_ip,
			       struct vfsmod_fprobe_regs *regs, void *data)
{
	struct vfsmod_fprobe *p = container_of(fp, struct vfsmod_fprobe, fp);

	p->hook->exit(vfsmod_fprobe_ret(regs), data);
}

NOKPROBE_SYMBOL(vfsmod_fprobe_exit);

/*
 * One fprobe per hook for the module's lifetime, reused at every attach
 * and never freed.  From 6.14 a call still in flight across a detach
 * returns through fprobe_return(), which looks its fprobe up by address
 * alone: had that memory been freed and reallocated for another hook's
 * fprobe, the return would run that hook's exit handler on this call's
 * data (seen on 7.2 as rename_exit() on a vfs_read() return).  With a
 * fixed address per hook, a late return can only reach its own hook's
 * handler, with per-call data of its own layout.
 */
static struct vfsmod_fprobe vfsmod_fprobes[VFSMOD_NR_HOOKS];

static int vfsmod_fprobe_attach(struct vfsmod_hook *hook)
{
	struct vfsmod_fprobe *p = &vfsmod_fprobes[hook - vfsmod_hooks];
	int ret;

	/* Unregistered and past an RCU grace period: nothing uses it. */
	memset(p, 0, sizeof(*p));
	p->hook = hook;
	p->fp.entry_handler = vfsmod_fprobe_entry;
	p->fp.exit_handler = vfsmod_fprobe_exit;
	p->fp.entry_data_size = hook->data_size;
#ifdef HAVE_FPROBE_NR_MAXACTIVE
	p->fp.nr_maxactive = vfsmod_maxactive;
#endif
	ret = register_fprobe(&p->fp, hook->symbol, NULL);
	if (ret < 0)
		return ret;
	hook->probe = p;
	return 0;
}

static void vfsmod_fprobe_detach(struct vfsmod_hook *hook)
{
	struct vfsmod_fprobe *p = hook->probe;

	unregister_fprobe(&p->fp);
	/*
	 * unregister_fprobe() waits for running handlers only from 7.0/7.1:
	 * wait here on every kernel before the fprobe can be reused.
	 */
	synchronize_rcu();
	hook->old_missed += p->fp.nmissed;
	hook->probe = NULL;
}

static unsigned long vfsmod_fprobe_nmissed(const struct vfsmod_hook *hook)
{
	const struct vfsmod_fprobe *p = hook->probe;

	return p ? READ_ONCE(p->fp.nmissed) : 0;
}

static const struct vfsmod_backend vfsmod_fprobe = {
	.name = "fprobe",
	.attach_in_tp_register = !VFSMOD_FPROBE_ON_FGRAPH,
	.attach = vfsmod_fprobe_attach,
	.detach = vfsmod_fprobe_detach,
	.nmissed = vfsmod_fprobe_nmissed,
};

const struct vfsmod_backend *vfsmod_fprobe_backend(const char **why)
{
	*why = "CONFIG_FPROBE";
	return &vfsmod_fprobe;
}

#else /* !VFSMOD_FPROBE_BACKEND */

const struct vfsmod_backend *vfsmod_fprobe_backend(const char **why)
{
#if !IS_ENABLED(CONFIG_FPROBE)
	*why = "no fprobe in this kernel (CONFIG_FPROBE is off)";
#else
	*why = "this kernel's fprobe handler API is not one vfsmod knows";
#endif
	return NULL;
}

#endif /* VFSMOD_FPROBE_BACKEND */
