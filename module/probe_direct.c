// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe_direct.c - the ftrace direct-call backend (backend=direct): an
 * x86-64 trampoline of vfsmod's own (probe_direct_tramp.S) on each hooked
 * function, through register_ftrace_direct(ops, addr) (6.4+: trixie's
 * 6.12, sid's 7.2).  Opt-in only: backend=auto never picks it.
 *
 * ftrace allows one direct trampoline per function, and vfs_read and
 * vfs_write hook some functions both (do_sendfile, rw_verify_area, ...):
 * one ftrace_ops per function (a site: the first of its hooks in the
 * table), registered while any of its hooks is attached, calls the
 * site's stub, and the C side runs every attached hook of the site, each
 * with its own per-call data in the trampoline's frame on the caller's
 * stack: no return slots, no instance pool, nothing to run out of
 * (nmissed counts only returns, into a later attachment, of calls an
 * earlier one entered).
 *
 * A function that another direct user (a BPF fentry/fexit trampoline) or
 * an IPMODIFY user (livepatch) holds when the hook attaches gets a
 * kretprobe instead (no ops_func negotiation); one that comes after
 * vfsmod is refused by ftrace until the event is disabled.
 *
 * Calls in flight: a call blocked in the body (a read on an empty pipe)
 * returns into the trampoline, module text.  Each hook therefore holds a
 * module reference from its attach until, detached, no call it entered
 * is still in the body: a per-CPU count per hook, raised before the body
 * is called and dropped after the exit callback, read once the event is
 * detached: by the task that disabled it, on its way back to user space
 * (its own write() to the enable file is such a call), else and while
 * calls remain by a work item.  So rmmod says "in use" while an event is
 * enabled and while such calls remain; it never waits for them.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/ftrace.h>
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/task_work.h>
#include <linux/workqueue.h>

#include "compat.h"
#include "probe.h"
#include "probe_direct.h"
#include "stats.h"

#ifdef VFSMOD_DIRECT_BACKEND

/* The trampoline's frame, laid out by probe_direct.h. */
struct vfsmod_direct_call {
	unsigned long arg[6];
	unsigned long site;
	/* Per slot: the attachment the call entered, 0 for none. */
	unsigned long gen[VFSMOD_DIRECT_SLOTS];
	u64 data[VFSMOD_DIRECT_SLOTS][VFSMOD_DIRECT_DATA_MAX / sizeof(u64)];
	unsigned long ret[2];
	unsigned long pad[2];
};

static_assert(offsetof(struct vfsmod_direct_call, arg) == VFSMOD_DIRECT_ARGS);
static_assert(offsetof(struct vfsmod_direct_call, site) == VFSMOD_DIRECT_HOOK);
static_assert(offsetof(struct vfsmod_direct_call, gen) == VFSMOD_DIRECT_GEN);
static_assert(offsetof(struct vfsmod_direct_call, data) == VFSMOD_DIRECT_DATA);
static_assert(offsetof(struct vfsmod_direct_call, ret) == VFSMOD_DIRECT_RAX);
static_assert(sizeof(struct vfsmod_direct_call) == VFSMOD_DIRECT_FRAME);
static_assert(VFSMOD_DIRECT_STUBS == VFSMOD_NR_HOOKS);

struct vfsmod_direct {
	/* Of a site: its ftrace_ops, function and hooks attached. */
	struct ftrace_ops ops;
	unsigned long ip;
	unsigned int users;
	/* Of a site: its hooks by slot, -1 past the last. */
	int member[VFSMOD_DIRECT_SLOTS];
	/* Of a hook: its site and slot there. */
	unsigned int site;
	unsigned int slot;
	/* This attachment's number; 0 while detached. */
	unsigned long gen;
	/* Attachments so far: the unpin work's check that none came since. */
	unsigned long seq;
	/* Holds a module reference (from attach to drained). */
	bool pinned;
	/* ftrace would not let go of the site: keep everything for good. */
	bool stuck;
	/* Of a hook: attached as a kretprobe (probe_kprobe.c) instead. */
	bool fallback;
	/* Calls an earlier attachment entered, returned into this one. */
	atomic_long_t stale;
};

static struct vfsmod_direct vfsmod_direct[VFSMOD_NR_HOOKS];
/* Calls of each hook in its body, by CPU of entry and CPU of return. */
static DEFINE_PER_CPU(long, vfsmod_direct_inflight[VFSMOD_NR_HOOKS]);
/* Every field above; taken after vfsmod_attach_lock, before ftrace's. */
static DEFINE_MUTEX(vfsmod_direct_lock);
static unsigned long vfsmod_direct_gens;
static bool vfsmod_direct_mapped;

static void vfsmod_direct_unpin(struct work_struct *work);
static DECLARE_DELAYED_WORK(vfsmod_direct_unpin_work, vfsmod_direct_unpin);

int notrace vfsmod_direct_enter(struct vfsmod_direct_call *c)
{
	const struct vfsmod_direct *site = &vfsmod_direct[c->site];
	unsigned int k;
	int skip = 1;

	/* As under the other backends: callbacks run without preemption. */
	preempt_disable_notrace();
	for (k = 0; k < VFSMOD_DIRECT_SLOTS && site->member[k] >= 0; k++) {
		unsigned int i = site->member[k];
		struct vfsmod_hook *hook = &vfsmod_hooks[i];
		unsigned long gen = READ_ONCE(vfsmod_direct[i].gen);

		c->gen[k] = 0;
		/* 0: this hook is detached, maybe its site too. */
		if (!gen)
			continue;
		vfsmod_count_fired(hook);
		if (!hook->exit) {
			hook->entry(c->arg[0], c->arg[1], c->arg[2], c->arg[3],
				    c->arg[4], c->arg[5], NULL);
		} else if (!hook->entry(c->arg[0], c->arg[1], c->arg[2],
					c->arg[3], c->arg[4], c->arg[5],
					c->data[k])) {
			c->gen[k] = gen;
			this_cpu_inc(vfsmod_direct_inflight[i]);
			skip = 0;
		}
	}
	preempt_enable_notrace();
	return skip;
}

NOKPROBE_SYMBOL(vfsmod_direct_enter);

void notrace vfsmod_direct_exit(struct vfsmod_direct_call *c,
				unsigned long ret)
{
	const struct vfsmod_direct *site = &vfsmod_direct[c->site];
	bool detached = false;
	unsigned int k;

	preempt_disable_notrace();
	for (k = 0; k < VFSMOD_DIRECT_SLOTS && site->member[k] >= 0; k++) {
		unsigned int i = site->member[k];
		unsigned long gen;

		if (!c->gen[k])
			continue;
		gen = READ_ONCE(vfsmod_direct[i].gen);
		/*
		 * A call entered by an earlier attachment: what its entry
		 * set up (marks, name slots) went with that attachment.  A
		 * miss only if the event is on again: a call that returns
		 * after its event went off (the write that turned it off)
		 * owes no event.
		 */
		if (likely(gen == c->gen[k]))
			vfsmod_hooks[i].exit(ret, c->data[k]);
		else if (gen)
			atomic_long_inc(&vfsmod_direct[i].stale);
		else
			detached = true;
		this_cpu_dec(vfsmod_direct_inflight[i]);
	}
	/*
	 * Maybe the last call that kept vfsmod: look now, not in a second.
	 * Module exit waits out the rest of this (vfsmod_direct_release()).
	 */
	if (unlikely(detached))
		mod_delayed_work(system_wq, &vfsmod_direct_unpin_work, 0);
	preempt_enable_notrace();
}

NOKPROBE_SYMBOL(vfsmod_direct_exit);

/*
 * Hooks of this backend: not the kernels' other hooks (no symbol), nor
 * call-site hooks, which are kprobes whatever the backend (events.c).
 */
static bool vfsmod_direct_hooks(const struct vfsmod_hook *hook)
{
	return hook->symbol && !vfsmod_hook_at_calls(hook);
}

/* Sites and slots, once: hooks on the same function share its site. */
static int vfsmod_direct_map(void)
{
	unsigned int i, j;

	for (i = 0; i < VFSMOD_NR_HOOKS; i++) {
		struct vfsmod_direct *d = &vfsmod_direct[i];

		d->member[0] = -1;
		d->member[1] = -1;
		d->site = i;
		if (!vfsmod_direct_hooks(&vfsmod_hooks[i]))
			continue;
		for (j = 0; j < i; j++) {
			if (vfsmod_direct_hooks(&vfsmod_hooks[j]) &&
			    !strcmp(vfsmod_hooks[j].symbol,
				    vfsmod_hooks[i].symbol))
				break;
		}
		d->site = j;
	}
	for (i = 0; i < VFSMOD_NR_HOOKS; i++) {
		struct vfsmod_direct *site = &vfsmod_direct[vfsmod_direct[i].site];
		unsigned int k = 0;

		if (!vfsmod_direct_hooks(&vfsmod_hooks[i]))
			continue;

		while (k < VFSMOD_DIRECT_SLOTS && site->member[k] >= 0)
			k++;
		/* More hooks on one function than the frame has slots. */
		if (WARN_ON_ONCE(k == VFSMOD_DIRECT_SLOTS))
			return -E2BIG;
		site->member[k] = i;
		vfsmod_direct[i].slot = k;
	}
	return 0;
}

/* The function's ftrace location (notrace: no direct call either). */
static int vfsmod_direct_locate(const char *symbol, unsigned long *ip)
{
	struct kprobe kp;
	int ret;

	ret = vfsmod_ftrace_locate(&kp, symbol, ip);
	if (!ret)
		unregister_kprobe(&kp);
	return ret;
}

static long vfsmod_direct_inflight_sum(unsigned int i)
{
	long sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += per_cpu(vfsmod_direct_inflight[i], cpu);
	return sum;
}

/*
 * Drop the module reference of each detached hook none of whose calls is
 * still in its body; look again in a second while some are.
 *
 * A detached hook's counts only go down (no call enters it), so a sum
 * read CPU by CPU that comes out 0 was 0.  Before reading, an RCU grace
 * period: vfsmod_direct_enter() reads the attachment and raises the count
 * with preemption off, so a call that found the hook attached has raised
 * it by then.  A task still in the trampoline's code without a call in
 * the body (in a stub, or past vfsmod_direct_exit() before the final RET)
 * is waited out at module exit (vfsmod_direct_release()).  seq tells that
 * the hook was not attached again in between.
 */
static bool vfsmod_direct_unpin_idle(void)
{
	DECLARE_BITMAP(idle, VFSMOD_NR_HOOKS);
	unsigned long seq[VFSMOD_NR_HOOKS];
	unsigned int i, puts = 0;
	bool busy = false, any = false;

	bitmap_zero(idle, VFSMOD_NR_HOOKS);
	mutex_lock(&vfsmod_direct_lock);
	for (i = 0; i < VFSMOD_NR_HOOKS; i++) {
		const struct vfsmod_direct *d = &vfsmod_direct[i];

		if (d->pinned && !d->gen && !vfsmod_direct[d->site].stuck) {
			__set_bit(i, idle);
			seq[i] = d->seq;
			any = true;
		}
	}
	mutex_unlock(&vfsmod_direct_lock);
	if (!any)
		return false;

	synchronize_rcu();
	any = false;
	for_each_set_bit(i, idle, VFSMOD_NR_HOOKS) {
		if (vfsmod_direct_inflight_sum(i)) {
			__clear_bit(i, idle);
			busy = true;
		} else {
			any = true;
		}
	}
	if (any) {
		mutex_lock(&vfsmod_direct_lock);
		for_each_set_bit(i, idle, VFSMOD_NR_HOOKS) {
			struct vfsmod_direct *d = &vfsmod_direct[i];

			if (d->pinned && !d->gen && d->seq == seq[i]) {
				d->pinned = false;
				puts++;
			}
		}
		mutex_unlock(&vfsmod_direct_lock);
	}
	/*
	 * Module exit cancels the work and waits for the task works (and a
	 * grace period for their last instructions): puts come last.
	 */
	while (puts--)
		module_put(THIS_MODULE);
	return busy;
}

static void vfsmod_direct_unpin(struct work_struct *work)
{
	if (vfsmod_direct_unpin_idle())
		schedule_delayed_work(&vfsmod_direct_unpin_work, HZ);
}

/*
 * The task that disabled an event, on its way back to user space: its
 * own call of a hooked function (the write() to the enable file, through
 * vfs_write) has returned by then, so unless other calls are still in
 * the bodies, the references go before its write() returns, and an rmmod
 * that follows it succeeds.  Holds a reference of its own until its end.
 */
static void vfsmod_direct_drained(struct callback_head *twork)
{
	kfree(twork);
	vfsmod_direct_unpin(NULL);
	module_put(THIS_MODULE);
}

/* After an event's hooks are detached: drop their references soon. */
static void vfsmod_direct_drain(void)
{
	struct callback_head *twork;

	/* A user task; not one on its way out, nor a kernel worker. */
	if (!(current->flags & (PF_KTHREAD | PF_EXITING)) &&
	    try_module_get(THIS_MODULE)) {
		twork = kmalloc(sizeof(*twork), GFP_KERNEL);
		if (twork) {
			init_task_work(twork, vfsmod_direct_drained);
			if (!task_work_add(current, twork, TWA_RESUME))
				return;
			kfree(twork);
		}
		module_put(THIS_MODULE);
	}
	schedule_delayed_work(&vfsmod_direct_unpin_work, 0);
}

/* Register the site's ftrace_ops; under vfsmod_direct_lock. */
static int vfsmod_direct_register(unsigned int s)
{
	struct vfsmod_direct *site = &vfsmod_direct[s];
	int ret;

	if (!site->ip) {
		ret = vfsmod_direct_locate(vfsmod_hooks[s].symbol, &site->ip);
		if (ret) {
			site->ip = 0;
			return ret;
		}
	}
	/* Unregistered (free_filters) and waited for by ftrace: unused. */
	memset(&site->ops, 0, sizeof(site->ops));
	ret = ftrace_set_filter_ip(&site->ops, site->ip, 0, 0);
	if (ret)
		return ret;
	ret = register_ftrace_direct(&site->ops, vfsmod_direct_stubs[s]);
	if (ret)
		ftrace_free_filter(&site->ops);
	return ret;
}

/*
 * Another direct user (a BPF fentry/fexit trampoline) or an IPMODIFY user
 * (livepatch) holds the function: ftrace refuses a second one (-EBUSY).
 * A kretprobe coexists with both: the hook gets one there instead.
 */
static int vfsmod_direct_fall_back(struct vfsmod_hook *hook,
				   struct vfsmod_direct *d, int err)
{
	int ret = vfsmod_kprobe_backend()->attach(hook);

	if (ret)
		return err;
	d->fallback = true;
	pr_notice("direct: %s: %s has another direct or IPMODIFY ftrace user (error %d): a kretprobe there instead\n",
		  vfsmod_event_names[hook->event], hook->symbol, err);
	return 0;
}

static int vfsmod_direct_attach(struct vfsmod_hook *hook)
{
	unsigned int i = hook - vfsmod_hooks;
	struct vfsmod_direct *d = &vfsmod_direct[i];
	struct vfsmod_direct *site;
	int ret = 0;

	if (hook->data_size > VFSMOD_DIRECT_DATA_MAX)
		return -E2BIG;
	mutex_lock(&vfsmod_direct_lock);
	if (!vfsmod_direct_mapped) {
		ret = vfsmod_direct_map();
		if (ret)
			goto out;
		vfsmod_direct_mapped = true;
	}
	site = &vfsmod_direct[d->site];
	if (site->stuck) {
		ret = -EBUSY;
		goto out;
	}
	if (!d->pinned) {
		if (!try_module_get(THIS_MODULE)) {
			ret = -ENODEV;
			goto out;
		}
		d->pinned = true;
	}
	d->seq++;
	/* Before the site is registered: its first calls see the hook. */
	WRITE_ONCE(d->gen, ++vfsmod_direct_gens);
	if (!site->users) {
		ret = vfsmod_direct_register(d->site);
		if (ret) {
			WRITE_ONCE(d->gen, 0);
			/* The reference goes once earlier calls are out. */
			schedule_delayed_work(&vfsmod_direct_unpin_work, 0);
			if (ret == -EBUSY)
				ret = vfsmod_direct_fall_back(hook, d, ret);
			goto out;
		}
	}
	site->users++;
	WRITE_ONCE(hook->probe, d);
out:
	mutex_unlock(&vfsmod_direct_lock);
	return ret;
}

static void vfsmod_direct_detach(struct vfsmod_hook *hook)
{
	struct vfsmod_direct *d = &vfsmod_direct[hook - vfsmod_hooks];
	struct vfsmod_direct *site = &vfsmod_direct[d->site];
	int ret;

	mutex_lock(&vfsmod_direct_lock);
	if (d->fallback) {
		vfsmod_kprobe_backend()->detach(hook);
		d->fallback = false;
		mutex_unlock(&vfsmod_direct_lock);
		return;
	}
	WRITE_ONCE(d->gen, 0);
	if (!--site->users) {
		/* Waits (RCU tasks) until no task is on its way in. */
		ret = unregister_ftrace_direct(&site->ops,
					       vfsmod_direct_stubs[d->site],
					       true);
		if (ret) {
			/* The stub may still be called: vfsmod stays. */
			pr_err("direct: cannot detach %s from %s: error %d; vfsmod stays loaded\n",
			       vfsmod_event_names[hook->event], hook->symbol,
			       ret);
			site->stuck = true;
		}
	}
	hook->old_missed += atomic_long_xchg(&d->stale, 0);
	WRITE_ONCE(hook->probe, NULL);
	mutex_unlock(&vfsmod_direct_lock);
	/* The reference goes in vfsmod_direct_drain(), once per event. */
}

static unsigned long vfsmod_direct_nmissed(const struct vfsmod_hook *hook)
{
	const struct vfsmod_direct *d = &vfsmod_direct[hook - vfsmod_hooks];

	if (!hook->probe)
		return 0;
	if (d->fallback)
		return vfsmod_kprobe_backend()->nmissed(hook);
	return atomic_long_read(&d->stale);
}

/*
 * Module exit: every reference is gone, so is every call in flight and
 * every task work (each holds one).  An RCU-tasks grace period for tasks
 * still in the module's text, preempted there: in a stub, between
 * vfsmod_direct_exit() and the trampoline's RET, or after a module_put()
 * of the unpin code.  None of them sleeps there.
 */
static void vfsmod_direct_release(void)
{
	cancel_delayed_work_sync(&vfsmod_direct_unpin_work);
	synchronize_rcu_tasks();
}

static const struct vfsmod_backend vfsmod_direct_backend_ops = {
	.name = "direct",
	.attach = vfsmod_direct_attach,
	.detach = vfsmod_direct_detach,
	.drain = vfsmod_direct_drain,
	.nmissed = vfsmod_direct_nmissed,
	.release = vfsmod_direct_release,
};

const struct vfsmod_backend *vfsmod_direct_backend(const char **why)
{
	*why = "ftrace direct calls";
	return &vfsmod_direct_backend_ops;
}

#else /* !VFSMOD_DIRECT_BACKEND */

const struct vfsmod_backend *vfsmod_direct_backend(const char **why)
{
#if !defined(CONFIG_X86_64)
	*why = "the direct-call trampoline is x86-64 only";
#elif !defined(CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS)
	*why = "CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS is off";
#else
	*why = "no register_ftrace_direct(ops, addr) (6.4 and later)";
#endif
	return NULL;
}

#endif /* VFSMOD_DIRECT_BACKEND */
