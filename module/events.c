// SPDX-License-Identifier: GPL-2.0-only
/*
 * events.c - the attach state of each event: who uses it, whether its
 * probes are attached, and the callbacks through which consumers come
 * and go.
 *
 * An event's probes are attached when its first consumer (ftrace, perf
 * or BPF) enables it, and detached after the last one disables it, so
 * the module costs nothing while its events are off.
 *
 * Lock order: event_mutex, then vfsmod_attach_lock, then the backend's
 * locks (kprobe_mutex, ftrace_lock, text_mutex, cpu_hotplug_lock, and on
 * 6.14+ the tracepoints mutex, which fgraph takes for its sched_switch
 * probe).  The function_graph tracer holds ftrace_lock while it takes the
 * tracepoints mutex, so nothing may take vfsmod_attach_lock while holding
 * the tracepoints mutex: the tracepoint register callbacks only count and
 * leave attaching and detaching to a work item.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/kernel.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/spinlock.h>
#include <linux/stringify.h>
#include <linux/string.h>
#include <linux/trace_events.h>
#include <linux/workqueue.h>

#include "vfsmod.h"
#include "probe.h"
#include "vfsmod_events.h"

#define VFSMOD_EVENT(event)	__stringify(event),
const char *const vfsmod_event_names[VFSMOD_NR_EVENTS] = {
#include "event_list.h"
};

#undef VFSMOD_EVENT

/*
 * Published under vfsmod_attach_lock by vfsmod_events_start(), once
 * vfsmod_init() has set up everything an attach needs: the event files
 * exist before init runs, and an enable in that window must find no
 * backend (-ENODEV), never a half-initialised one.
 */
static const struct vfsmod_backend *vfsmod_backend;
static DEFINE_MUTEX(vfsmod_attach_lock);
/*
 * Consumers of each event's probes.  The class reg callback changes it
 * under vfsmod_attach_lock, the tracepoint callbacks without it.
 */
static atomic_t vfsmod_users[VFSMOD_NR_EVENTS];
/* Probes attached; changed only under vfsmod_attach_lock. */
static bool vfsmod_attached[VFSMOD_NR_EVENTS];
/* Set under both locks below at module exit: no attach, no work after. */
static bool vfsmod_dying;
/* Orders queueing vfsmod_sync_work against module exit. */
static DEFINE_SPINLOCK(vfsmod_sync_lock);

/* Call-site hooks are kprobes on call instructions, whatever the backend. */
static const struct vfsmod_backend *
vfsmod_backend_of(const struct vfsmod_hook *hook)
{
	return vfsmod_hook_at_calls(hook) ? vfsmod_kprobe_backend() :
					    vfsmod_backend;
}

static void vfsmod_detach_hooks(enum vfsmod_event ev)
{
	unsigned int i;

	for (i = 0; i < VFSMOD_NR_HOOKS; i++) {
		struct vfsmod_hook *hook = &vfsmod_hooks[i];

		if (hook->event == ev && hook->probe)
			vfsmod_backend_of(hook)->detach(hook);
	}
	if (vfsmod_backend->drain)
		vfsmod_backend->drain();
	/* No handler of this event runs past here: free what they used. */
	synchronize_rcu();
	vfsmod_event_release(ev);
}

/* Under vfsmod_attach_lock, with the event's probes attached. */
static void vfsmod_event_detach(enum vfsmod_event ev)
{
	vfsmod_detach_hooks(ev);
	WRITE_ONCE(vfsmod_attached[ev], false);
}

/*
 * An optional hook that could not be attached: the event works without
 * it, but the way it covers goes unseen, so say which, once a load (a
 * hook with a fallback says nothing: its fallback speaks if it fails too).
 */
static void vfsmod_hook_unattached(struct vfsmod_hook *hook, int err)
{
	unsigned int i = hook - vfsmod_hooks;

	if (hook->noted ||
	    (i + 1 < VFSMOD_NR_HOOKS && vfsmod_hooks[i + 1].fallback))
		return;
	hook->noted = true;
	pr_notice("%s: %s cannot be probed here (error %d): %s not seen\n",
		  vfsmod_event_names[hook->event], hook->symbol, err,
		  hook->what);
}

static int vfsmod_attach_hooks(enum vfsmod_event ev)
{
	const char *name = vfsmod_event_names[ev];
	unsigned int i;
	int ret;

	ret = vfsmod_event_prepare(ev);
	if (ret) {
		pr_err("%s: cannot enable: error %d\n", name, ret);
		return ret;
	}
	for (i = 0; i < VFSMOD_NR_HOOKS; i++) {
		struct vfsmod_hook *hook = &vfsmod_hooks[i];

		if (hook->event != ev || !hook->symbol)
			continue;
		/* Another function on the same way is hooked already. */
		if (hook->fallback && vfsmod_hooks[i - 1].probe)
			continue;
		ret = vfsmod_backend_of(hook)->attach(hook);
		if (!ret)
			continue;
		if (!hook->optional) {
			pr_err("%s: cannot attach %s probe to %s: error %d\n",
			       name, vfsmod_backend_of(hook)->name,
			       hook->symbol, ret);
			vfsmod_detach_hooks(ev);
			return ret;
		}
		vfsmod_hook_unattached(hook, ret);
	}
	/* The backend says why it failed, in one line. */
	if (vfsmod_backend->commit) {
		ret = vfsmod_backend->commit(ev);
		if (ret) {
			vfsmod_detach_hooks(ev);
			return ret;
		}
	}
	return 0;
}

/* Take a reference on an event's probes, attaching them for the first. */
static int vfsmod_event_get(enum vfsmod_event ev)
{
	int ret = 0;

	mutex_lock(&vfsmod_attach_lock);
	if (vfsmod_dying) {
		ret = -ENODEV;
	} else if (!vfsmod_backend) {
		/* The event files exist before vfsmod_init() has run. */
		pr_notice("%s: cannot be enabled before vfsmod has finished loading\n",
			  vfsmod_event_names[ev]);
		ret = -ENODEV;
	} else if (!vfsmod_attached[ev]) {
		ret = vfsmod_attach_hooks(ev);
	}
	if (!ret) {
		WRITE_ONCE(vfsmod_attached[ev], true);
		atomic_inc(&vfsmod_users[ev]);
	}
	mutex_unlock(&vfsmod_attach_lock);
	return ret;
}

static void vfsmod_event_put(enum vfsmod_event ev)
{
	mutex_lock(&vfsmod_attach_lock);
	/* After module exit detached everything, late puts find nothing. */
	if (!vfsmod_dying && atomic_dec_and_test(&vfsmod_users[ev]) &&
	    vfsmod_attached[ev])
		vfsmod_event_detach(ev);
	mutex_unlock(&vfsmod_attach_lock);
}

/*
 * Makes each event's probes match its users: attaches for a raw
 * tracepoint user that came first, detaches after one that left last.
 */
static void vfsmod_sync_events(struct work_struct *work)
{
	int ev;

	mutex_lock(&vfsmod_attach_lock);
	/* Queued before init published the backend: init queues it again. */
	for (ev = 0; ev < VFSMOD_NR_EVENTS && vfsmod_backend && !vfsmod_dying;
	     ev++) {
		bool used = atomic_read(&vfsmod_users[ev]);

		if (used && !vfsmod_attached[ev]) {
			int ret = vfsmod_attach_hooks(ev);

			/* Nobody waits for this work: say what it means. */
			if (ret)
				pr_err("%s: a BPF raw tracepoint program is attached but gets no events: the probes could not be attached (error %d)\n",
				       vfsmod_event_names[ev], ret);
			WRITE_ONCE(vfsmod_attached[ev], !ret);
		} else if (!used && vfsmod_attached[ev]) {
			vfsmod_event_detach(ev);
		}
	}
	mutex_unlock(&vfsmod_attach_lock);
}

static DECLARE_WORK(vfsmod_sync_work, vfsmod_sync_events);

static void vfsmod_sync_later(void)
{
	spin_lock(&vfsmod_sync_lock);
	if (!vfsmod_dying)
		schedule_work(&vfsmod_sync_work);
	spin_unlock(&vfsmod_sync_lock);
}

/*
 * The tracepoint register callbacks, run under the tracepoints mutex when
 * a tracepoint gets its first probe and loses its last.  On the ftrace
 * and perf path vfsmod_class_reg() holds a reference already, so they
 * only count.  A BPF raw tracepoint program registers on the tracepoint
 * directly: the first one queues the attach and sees events from the
 * moment the work item has run (the stats file shows it attached).
 */
static int vfsmod_tp_get(enum vfsmod_event ev)
{
	if (READ_ONCE(vfsmod_dying))
		return -ENODEV;
	/* From 0, a put may be detaching right now: sync after it. */
	if (atomic_inc_return(&vfsmod_users[ev]) == 1 ||
	    !READ_ONCE(vfsmod_attached[ev]))
		vfsmod_sync_later();
	return 0;
}

static void vfsmod_tp_put(enum vfsmod_event ev)
{
	if (atomic_dec_and_test(&vfsmod_users[ev]))
		vfsmod_sync_later();
}

/*
 * Two ways in, one reference count.  ftrace and perf (bpftrace's
 * tracepoint: probes included) enable an event through its class's reg
 * callback: vfsmod_class_reg() below attaches the probes there, before
 * the tracepoint is registered and outside the tracepoints mutex, so the
 * event is traced from the moment the enable returns.  BPF raw tracepoint
 * programs only reach the TRACE_EVENT_FN callbacks.
 */
#define VFSMOD_EVENT(event)						\
int vfsmod_##event##_reg(void)						\
{									\
	return vfsmod_tp_get(VFSMOD_EV_##event);			\
}									\
void vfsmod_##event##_unreg(void)					\
{									\
	vfsmod_tp_put(VFSMOD_EV_##event);				\
}

#include "event_list.h"

#undef VFSMOD_EVENT

/* trace.c makes this the reg callback of every vfsmod event class. */
int vfsmod_class_reg(struct trace_event_call *call, enum trace_reg type,
		     void *data)
{
	int ev = match_string(vfsmod_event_names, VFSMOD_NR_EVENTS,
			      trace_event_name(call));
	int ret;

	if (ev < 0)
		return trace_event_reg(call, type, data);

	switch (type) {
	case TRACE_REG_REGISTER:
#ifdef CONFIG_PERF_EVENTS
	case TRACE_REG_PERF_REGISTER:
#endif
		ret = vfsmod_event_get(ev);
		if (ret)
			return ret;
		ret = trace_event_reg(call, type, data);
		if (ret)
			vfsmod_event_put(ev);
		return ret;
	case TRACE_REG_UNREGISTER:
#ifdef CONFIG_PERF_EVENTS
	case TRACE_REG_PERF_UNREGISTER:
#endif
		ret = trace_event_reg(call, type, data);
		vfsmod_event_put(ev);
		return ret;
	default:
		return trace_event_reg(call, type, data);
	}
}

bool vfsmod_event_attached(enum vfsmod_event ev)
{
	return READ_ONCE(vfsmod_attached[ev]);
}

/* Under vfsmod_attach_lock: attach and detach change both terms. */
static unsigned long vfsmod_hook_missed_locked(const struct vfsmod_hook *hook)
{
	if (!vfsmod_backend)
		return 0;
	return hook->old_missed + vfsmod_backend_of(hook)->nmissed(hook);
}

unsigned long vfsmod_event_missed(enum vfsmod_event ev)
{
	unsigned long missed = 0;
	unsigned int i;

	mutex_lock(&vfsmod_attach_lock);
	for (i = 0; i < VFSMOD_NR_HOOKS; i++) {
		if (vfsmod_hooks[i].event == ev)
			missed += vfsmod_hook_missed_locked(&vfsmod_hooks[i]);
	}
	mutex_unlock(&vfsmod_attach_lock);
	return missed;
}

bool vfsmod_hook_attached(unsigned int i)
{
	return READ_ONCE(vfsmod_hooks[i].probe);
}

unsigned long vfsmod_hook_missed(unsigned int i)
{
	unsigned long missed;

	mutex_lock(&vfsmod_attach_lock);
	missed = vfsmod_hook_missed_locked(&vfsmod_hooks[i]);
	mutex_unlock(&vfsmod_attach_lock);
	return missed;
}

/*
 * Publishes the backend: from now on enables attach.  Nothing may fail
 * in vfsmod_init() after this.
 */
void vfsmod_events_start(const struct vfsmod_backend *backend)
{
	mutex_lock(&vfsmod_attach_lock);
	vfsmod_backend = backend;
	mutex_unlock(&vfsmod_attach_lock);
	/* For a BPF raw tracepoint user that came while init ran. */
	vfsmod_sync_later();
}

/*
 * Module exit.  Events enabled through ftrace do not pin the module:
 * detach here; the register callbacks refuse from now on, and the
 * unregister callbacks that run when the events are removed find
 * nothing.
 */
void vfsmod_events_stop(void)
{
	int ev;

	mutex_lock(&vfsmod_attach_lock);
	spin_lock(&vfsmod_sync_lock);
	WRITE_ONCE(vfsmod_dying, true);
	spin_unlock(&vfsmod_sync_lock);
	for (ev = 0; ev < VFSMOD_NR_EVENTS; ev++) {
		if (vfsmod_attached[ev])
			vfsmod_event_detach(ev);
	}
	mutex_unlock(&vfsmod_attach_lock);
	/* None is queued from now on; one queued before finds nothing. */
	flush_work(&vfsmod_sync_work);
	if (vfsmod_backend->release)
		vfsmod_backend->release();
}
