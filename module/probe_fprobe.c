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
 * finding it empty is counted in nmissed.  Every call's data starts with
 * its attachment's cookie (struct vfsmod_fprobe_call).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/random.h>
#include <linux/rcupdate.h>
#include <linux/string.h>

#include "compat.h"
#include "fgraph_anchor.h"
#include "probe.h"
#include "stats.h"

#ifdef VFSMOD_FPROBE_BACKEND
#include <linux/fprobe.h>

struct vfsmod_fprobe {
	struct fprobe fp;
	struct vfsmod_hook *hook;
	/* This attachment's, random: stamped on every call it enters. */
	u32 cookie;
	/* Returns of calls entered by another attachment, skipped. */
	atomic_long_t stale;
};

/*
 * The head of every call's entry data; the hook's own data follows.  From
 * 6.14 the kernel finds a returning call's fprobe by address alone: a
 * call blocked across a detach (or an rmmod) returns into whatever fprobe
 * sits at that address by then, a later attachment of this hook or
 * another build of vfsmod loaded at the same place, whose exit handler
 * would read this call's data with its own layout.  The cookie tells.
 */
struct vfsmod_fprobe_call {
	u32 cookie;
	u64 data[] __aligned(8);
};

static int vfsmod_fprobe_entry(struct fprobe *fp, unsigned long entry_ip,
			       unsigned long ret_ip,
			       struct vfsmod_fprobe_regs *regs, void *data)
{
	struct vfsmod_fprobe *p = container_of(fp, struct vfsmod_fprobe, fp);
	struct vfsmod_fprobe_call *call = data;

	vfsmod_count_fired(p->hook);
	call->cookie = p->cookie;
	return p->hook->entry(vfsmod_fprobe_arg(regs, 0),
			      vfsmod_fprobe_arg(regs, 1),
			      vfsmod_fprobe_arg(regs, 2),
			      vfsmod_fprobe_arg(regs, 3),
			      vfsmod_fprobe_arg(regs, 4),
			      vfsmod_fprobe_arg(regs, 5), call->data);
}

NOKPROBE_SYMBOL(vfsmod_fprobe_entry);

static void vfsmod_fprobe_exit(struct fprobe *fp, unsigned long entry_ip,
			       unsigned long ret_ip,
			       struct vfsmod_fprobe_regs *regs, void *data)
{
	struct vfsmod_fprobe *p = container_of(fp, struct vfsmod_fprobe, fp);
	struct vfsmod_fprobe_call *call = data;

	if (unlikely(call->cookie != p->cookie)) {
		atomic_long_inc(&p->stale);
		return;
	}
	p->hook->exit(vfsmod_fprobe_ret(regs), call->data);
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

#if VFSMOD_FPROBE_ON_FGRAPH
/* Nothing but the anchor outlives the hooks. */
#define vfsmod_fprobe_release	vfsmod_fgraph_anchor_put
#else
/* Nothing outlives the hooks before 6.14. */
#define vfsmod_fprobe_release	NULL
#endif

static int vfsmod_fprobe_attach(struct vfsmod_hook *hook)
{
	struct vfsmod_fprobe *p = &vfsmod_fprobes[hook - vfsmod_hooks];
	int ret;

	ret = vfsmod_fgraph_anchor_get();
	if (ret)
		return ret;

	/* Unregistered and past an RCU grace period: nothing uses it. */
	memset(p, 0, sizeof(*p));
	p->hook = hook;
	p->fp.entry_handler = vfsmod_fprobe_entry;
	p->fp.exit_handler = vfsmod_fprobe_exit;
	p->fp.entry_data_size = sizeof(struct vfsmod_fprobe_call) +
				 hook->data_size;
	vfsmod_fprobe_set_maxactive(&p->fp, vfsmod_maxactive);
	p->cookie = get_random_u32();
	ret = register_fprobe(&p->fp, hook->symbol, NULL);
	if (ret < 0)
		return ret;
	WRITE_ONCE(hook->probe, p);
	return 0;
}

static void vfsmod_fprobe_detach(struct vfsmod_hook *hook)
{
	struct vfsmod_fprobe *p = hook->probe;
	int ret;

	/* Fails only for an fprobe that is not registered: say so. */
	ret = unregister_fprobe(&p->fp);
	if (ret)
		pr_err("fprobe: cannot detach from %s: error %d\n",
		       hook->symbol, ret);
	/*
	 * unregister_fprobe() waits for running handlers only from 7.0/7.1:
	 * wait here on every kernel before the fprobe can be reused.
	 */
	synchronize_rcu();
	hook->old_missed += p->fp.nmissed + atomic_long_read(&p->stale);
	WRITE_ONCE(hook->probe, NULL);
}

static unsigned long vfsmod_fprobe_nmissed(const struct vfsmod_hook *hook)
{
	const struct vfsmod_fprobe *p = hook->probe;

	return p ? READ_ONCE(p->fp.nmissed) + atomic_long_read(&p->stale) : 0;
}

static const struct vfsmod_backend vfsmod_fprobe = {
	.name = "fprobe",
#if VFSMOD_FPROBE_ON_FGRAPH
	/*
	 * fgraph marks every call it follows with slot 0's bit.  When
	 * fprobe's fgraph_ops sits at slot 0 (the first fgraph user after
	 * boot gets it, and registrations rotate through the 16 slots), a
	 * call followed for anyone else (the function_graph tracer, or a
	 * call blocked since fprobe's previous registration) returns into
	 * fprobe_return() with no data: "WARNING: kernel/trace/fprobe.c
	 * at fprobe_return" (7.2, a panic under panic_on_warn).  The anchor
	 * above only stops vfsmod's own toggles from rotating; slots are
	 * beyond a module's reach (fgraph exports nothing), so auto does
	 * not pick fprobe here.
	 */
	.auto_skip = "fprobe on fgraph can WARN in fprobe_return(), a kernel bug at fgraph slot 0",
#endif
	.attach = vfsmod_fprobe_attach,
	.detach = vfsmod_fprobe_detach,
	.nmissed = vfsmod_fprobe_nmissed,
	.release = vfsmod_fprobe_release,
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
