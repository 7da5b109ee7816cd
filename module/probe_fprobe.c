// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe_fprobe.c - the fprobe backend (CONFIG_FPROBE: 6.12 and 7.x).
 *
 * Two struct fprobes per event (static: see vfsmod_fprobes): one on the
 * functions of its hooks with an exit callback, entry + exit handler,
 * per-call data of the largest hook->data_size (at most 120 bytes since
 * fprobe moved onto fgraph in 6.14; vfsmod's carries are a few words);
 * one on its entry-only hooks' functions with an entry handler alone, so
 * that a call there takes no return slot (rw_verify_area() is entered by
 * every read and write).
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
#include <linux/kprobes.h>

/* An event's hooks: at most the whole table (vfs_read has 16 of 35). */
#define VFSMOD_FPROBE_GROUP_MAX	VFSMOD_NR_HOOKS

/*
 * One fprobe per event and kind of hook, on all of their functions at
 * once.  An fprobe is an ftrace_ops of its own: each registration patches
 * kernel text and each unregistration waits for RCU-tasks grace periods,
 * ~0.15 s a function under TCG, so one per hook made enabling vfs_read
 * take 2.3 s there.  One per event costs that once, and one return-slot
 * pool (before 6.14) serves the event's functions instead of one pool each.
 *
 * attach() only stages a hook: it finds the function's ftrace location
 * (a disabled kprobe resolves the symbol and says whether ftrace can
 * hook it) and so fails, hook by hook, exactly where a per-hook fprobe
 * would (absent, inlined, notrace); commit() registers the group.  The
 * pool is then shared: maxactive is per event here, not per function.
 */
struct vfsmod_fprobe {
	struct fprobe fp;
	/* This attachment's, random: stamped on every call it enters. */
	u32 cookie;
	/* Returns of calls entered by another attachment, skipped. */
	atomic_long_t stale;
	/* Hooks staged or attached; of those, attached (0: not registered). */
	unsigned int nr;
	unsigned int members;
	/* Each hook's ftrace location, sorted: the handler's lookup. */
	unsigned long ip[VFSMOD_FPROBE_GROUP_MAX];
	struct vfsmod_hook *hook[VFSMOD_FPROBE_GROUP_MAX];
	/* The resolving kprobes, disabled (never armed), until commit. */
	struct kprobe kp[VFSMOD_FPROBE_GROUP_MAX];
};

/*
 * The head of every call's entry data; the hook's own data follows.  From
 * 6.14 the kernel finds a returning call's fprobe by address alone: a
 * call blocked across a detach (or an rmmod) returns into whatever fprobe
 * sits at that address by then, a later attachment of this event or
 * another build of vfsmod loaded at the same place, whose exit handler
 * would read this call's data with its own layout.  The cookie tells.
 */
struct vfsmod_fprobe_call {
	u32 cookie;
	/* The hook the call entered, an index into vfsmod_hooks. */
	u32 hook;
	u64 data[] __aligned(8);
};

static __always_inline struct vfsmod_hook *
vfsmod_fprobe_hook_at(const struct vfsmod_fprobe *p, unsigned long ip)
{
	unsigned int lo = 0, hi = p->nr;

	while (lo < hi) {
		unsigned int mid = (lo + hi) / 2;

		if (p->ip[mid] == ip)
			return p->hook[mid];
		if (p->ip[mid] < ip)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Count the call and hand @hook its arguments and @data. */
static __always_inline int vfsmod_fprobe_enter(struct vfsmod_hook *hook,
					       struct vfsmod_fprobe_regs *regs,
					       void *data)
{
	vfsmod_count_fired(hook);
	return hook->entry(vfsmod_fprobe_arg(regs, 0),
			   vfsmod_fprobe_arg(regs, 1),
			   vfsmod_fprobe_arg(regs, 2),
			   vfsmod_fprobe_arg(regs, 3),
			   vfsmod_fprobe_arg(regs, 4),
			   vfsmod_fprobe_arg(regs, 5), data);
}

static int vfsmod_fprobe_entry(struct fprobe *fp, unsigned long entry_ip,
			       unsigned long ret_ip,
			       struct vfsmod_fprobe_regs *regs, void *data)
{
	struct vfsmod_fprobe *p = container_of(fp, struct vfsmod_fprobe, fp);
	struct vfsmod_fprobe_call *call = data;
	struct vfsmod_hook *hook = vfsmod_fprobe_hook_at(p, entry_ip);

	/* Not one of ours (cannot happen: the ops filter is our list). */
	if (unlikely(!hook)) {
		atomic_long_inc(&p->stale);
		return 1;
	}
	call->cookie = p->cookie;
	call->hook = hook - vfsmod_hooks;
	return vfsmod_fprobe_enter(hook, regs, call->data);
}

NOKPROBE_SYMBOL(vfsmod_fprobe_entry);

static void vfsmod_fprobe_exit(struct fprobe *fp, unsigned long entry_ip,
			       unsigned long ret_ip,
			       struct vfsmod_fprobe_regs *regs, void *data)
{
	struct vfsmod_fprobe *p = container_of(fp, struct vfsmod_fprobe, fp);
	struct vfsmod_fprobe_call *call = data;

	if (unlikely(call->cookie != p->cookie ||
		     call->hook >= VFSMOD_NR_HOOKS)) {
		atomic_long_inc(&p->stale);
		return;
	}
	vfsmod_hooks[call->hook].exit(vfsmod_fprobe_ret(regs), call->data);
}

NOKPROBE_SYMBOL(vfsmod_fprobe_exit);

/* The handler of the entry-only fprobe: no data, no return. */
static int vfsmod_fprobe_entry_only(struct fprobe *fp, unsigned long entry_ip,
				    unsigned long ret_ip,
				    struct vfsmod_fprobe_regs *regs,
				    void *data)
{
	struct vfsmod_fprobe *p = container_of(fp, struct vfsmod_fprobe, fp);
	struct vfsmod_hook *hook = vfsmod_fprobe_hook_at(p, entry_ip);

	if (unlikely(!hook)) {
		atomic_long_inc(&p->stale);
		return 0;
	}
	vfsmod_fprobe_enter(hook, regs, NULL);
	return 0;
}

NOKPROBE_SYMBOL(vfsmod_fprobe_entry_only);

/*
 * Each event's two fprobes for the module's lifetime, reused at every
 * attach and never freed.  From 6.14 a call still in flight across a
 * detach returns through fprobe_return(), which looks its fprobe up by
 * address alone: had that memory been freed and reallocated for another
 * event's fprobe, the return would run that event's exit handler on this
 * call's data (seen on 7.2 as rename_exit() on a vfs_read() return).
 * With a fixed address per event, a late return can only reach this
 * event's fprobe, whose cookie check turns it away.
 */
enum { VFSMOD_FPROBE_RET, VFSMOD_FPROBE_ENTRY, VFSMOD_FPROBE_KINDS };

static struct vfsmod_fprobe
vfsmod_fprobes[VFSMOD_NR_EVENTS][VFSMOD_FPROBE_KINDS];

#if VFSMOD_FPROBE_ON_FGRAPH
/* Nothing but the anchor outlives the hooks. */
#define vfsmod_fprobe_release	vfsmod_fgraph_anchor_put
#else
/* Nothing outlives the hooks before 6.14. */
#define vfsmod_fprobe_release	NULL
#endif

/* The resolving kprobes go, in one grace period: none was ever armed. */
static void vfsmod_fprobe_drop_kprobes(struct vfsmod_fprobe *p)
{
	struct kprobe *kps[VFSMOD_FPROBE_GROUP_MAX];
	unsigned int i;

	for (i = 0; i < p->nr; i++)
		kps[i] = &p->kp[i];
	if (p->nr)
		unregister_kprobes(kps, p->nr);
}

/* Staged hooks that will not be attached: none is any more. */
static void vfsmod_fprobe_unstage(struct vfsmod_fprobe *p)
{
	unsigned int i;

	for (i = 0; i < p->nr; i++)
		WRITE_ONCE(p->hook[i]->probe, NULL);
	p->nr = 0;
}

static int vfsmod_fprobe_attach(struct vfsmod_hook *hook)
{
	struct vfsmod_fprobe *p;
	struct kprobe *kp;
	unsigned long ip;
	unsigned int i;
	int ret;

	p = &vfsmod_fprobes[hook->event][hook->exit ? VFSMOD_FPROBE_RET :
						      VFSMOD_FPROBE_ENTRY];
	if (p->members)
		return -EBUSY;
	if (!p->nr) {
		/* Unregistered and past an RCU grace period: nothing uses it. */
		memset(p, 0, sizeof(*p));
	}
	kp = &p->kp[p->nr];
	/* Not at an ftrace location: fprobe cannot hook it (notrace). */
	ret = vfsmod_ftrace_locate(kp, hook->symbol, &ip);
	if (ret)
		return ret;
	/* Insert in ip order (kp[] keeps staging order: only for cleanup). */
	for (i = p->nr; i > 0 && p->ip[i - 1] > ip; i--) {
		p->ip[i] = p->ip[i - 1];
		p->hook[i] = p->hook[i - 1];
	}
	p->ip[i] = ip;
	p->hook[i] = hook;
	p->nr++;
	WRITE_ONCE(hook->probe, p);
	return 0;
}

/* Register a group staged by attach(); on an error, unstage it. */
static int vfsmod_fprobe_register(struct vfsmod_fprobe *p, bool ret_kind)
{
	unsigned int i, data_size = 0;
	int ret;

	vfsmod_fprobe_drop_kprobes(p);
	ret = vfsmod_fgraph_anchor_get();
	if (ret)
		goto out_unstage;
	if (ret_kind) {
		for (i = 0; i < p->nr; i++)
			data_size = max(data_size, p->hook[i]->data_size);
		p->fp.entry_handler = vfsmod_fprobe_entry;
		p->fp.exit_handler = vfsmod_fprobe_exit;
		p->fp.entry_data_size = sizeof(struct vfsmod_fprobe_call) +
					data_size;
		vfsmod_fprobe_set_maxactive(&p->fp, vfsmod_maxactive);
	} else {
		p->fp.entry_handler = vfsmod_fprobe_entry_only;
	}
	p->cookie = get_random_u32();
	ret = register_fprobe_ips(&p->fp, p->ip, p->nr);
	if (ret)
		goto out_unstage;
	p->members = p->nr;
	return 0;

out_unstage:
	pr_err("%s: cannot attach fprobe to its %u functions: error %d\n",
	       vfsmod_event_names[p->hook[0]->event], p->nr, ret);
	vfsmod_fprobe_unstage(p);
	return ret;
}

/* Unregister a group, once no handler of it runs any more. */
static void vfsmod_fprobe_unregister(struct vfsmod_fprobe *p)
{
	/* Fails only for an fprobe that is not registered: say so. */
	int ret = unregister_fprobe(&p->fp);

	if (ret)
		pr_err("fprobe: cannot detach %s: error %d\n",
		       vfsmod_event_names[p->hook[0]->event], ret);
	/*
	 * unregister_fprobe() waits for running handlers only from 7.0/7.1:
	 * wait here on every kernel before the fprobe can be reused.
	 */
	synchronize_rcu();
	/* The group's misses go to its first hook, as nmissed() shows them. */
	p->hook[0]->old_missed += p->fp.nmissed + atomic_long_read(&p->stale);
	p->members = 0;
	p->nr = 0;
}

/*
 * A group that fails is unstaged; what the other group holds (staged or
 * registered) the caller's detach() of each hook undoes, as probe.h says.
 */
static int vfsmod_fprobe_commit(enum vfsmod_event ev)
{
	struct vfsmod_fprobe *ret_p = &vfsmod_fprobes[ev][VFSMOD_FPROBE_RET];
	struct vfsmod_fprobe *entry_p = &vfsmod_fprobes[ev][VFSMOD_FPROBE_ENTRY];
	int ret = 0;

	if (ret_p->nr)
		ret = vfsmod_fprobe_register(ret_p, true);
	if (!ret && entry_p->nr)
		ret = vfsmod_fprobe_register(entry_p, false);
	return ret;
}

static void vfsmod_fprobe_detach(struct vfsmod_hook *hook)
{
	struct vfsmod_fprobe *p = hook->probe;

	if (!p->members) {
		/* Staged, and another hook of the event failed: undo them all. */
		vfsmod_fprobe_drop_kprobes(p);
		vfsmod_fprobe_unstage(p);
		return;
	}
	WRITE_ONCE(hook->probe, NULL);
	if (!--p->members)
		vfsmod_fprobe_unregister(p);
}

/* A group's misses are its first hook's: one count, not one per hook. */
static unsigned long vfsmod_fprobe_nmissed(const struct vfsmod_hook *hook)
{
	const struct vfsmod_fprobe *p = hook->probe;

	if (!p || !p->members || p->hook[0] != hook)
		return 0;
	return READ_ONCE(p->fp.nmissed) + atomic_long_read(&p->stale);
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
	.commit = vfsmod_fprobe_commit,
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
