// SPDX-License-Identifier: GPL-2.0-only
/*
 * main.c - vfsmod: VFS trace events on stock kernels.
 *
 * Loading the module registers the five events of include/vfsmod_events.h
 * and attaches nothing: each event's probes are attached when the first
 * consumer (ftrace, perf or BPF) enables it, and detached after the last
 * one disables it, so the module costs nothing while its events are off.
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
#include <linux/cpumask.h>
#include <linux/kernel.h>
#include <linux/minmax.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/trace_events.h>
#include <linux/workqueue.h>

#include "compat.h"
#include "vfsmod.h"
#include "probe.h"
#include "stats.h"
#include "vfsmod_events.h"

#ifndef VFSMOD_VERSION
#error "VFSMOD_VERSION must come from dkms.conf through the Makefile"
#endif

enum vfsmod_backend_choice { VFSMOD_AUTO, VFSMOD_FPROBE, VFSMOD_KPROBE };

static const char *const vfsmod_backend_names[] = {
	[VFSMOD_AUTO] = "auto",
	[VFSMOD_FPROBE] = "fprobe",
	[VFSMOD_KPROBE] = "kprobe",
};

static int vfsmod_backend_choice = VFSMOD_AUTO;

static int backend_param_set(const char *val, const struct kernel_param *kp)
{
	int i = sysfs_match_string(vfsmod_backend_names, val);

	if (i < 0) {
		pr_err("backend=%s: unknown backend (use auto, fprobe or kprobe)\n",
		       val);
		return -EINVAL;
	}
	*(int *)kp->arg = i;
	return 0;
}

static int backend_param_get(char *buf, const struct kernel_param *kp)
{
	return sprintf(buf, "%s\n", vfsmod_backend_names[*(int *)kp->arg]);
}

static const struct kernel_param_ops backend_param_ops = {
	.set = backend_param_set,
	.get = backend_param_get,
};

module_param_cb(backend, &backend_param_ops, &vfsmod_backend_choice, 0444);
MODULE_PARM_DESC(backend,
		 "probe backend: auto (fprobe where the kernel has it and it is safe there, else kprobe), fprobe or kprobe (default auto)");

/*
 * The kprobe core refuses more than KRETPROBE_MAXACTIVE_MAX (4096), and
 * that is the default too: every call blocked in a probed function (a
 * daemon waiting in read() on a pipe, a socket or a tty) holds a return
 * probe instance for as long as it blocks, and a busy server has
 * hundreds of such threads.  The cost (docs/events.md) is paid only
 * while an event is enabled.
 */
#define VFSMOD_MAXACTIVE_MAX	4096
#define VFSMOD_MAXACTIVE_AUTO	VFSMOD_MAXACTIVE_MAX

unsigned int vfsmod_maxactive;

static int maxactive_param_set(const char *val, const struct kernel_param *kp)
{
	unsigned int n;

	if (kstrtouint(val, 0, &n) || n > VFSMOD_MAXACTIVE_MAX) {
		pr_err("maxactive=%s: must be 0 (auto) to %d\n", val,
		       VFSMOD_MAXACTIVE_MAX);
		return -EINVAL;
	}
	*(unsigned int *)kp->arg = n;
	return 0;
}

static const struct kernel_param_ops maxactive_param_ops = {
	.set = maxactive_param_set,
	.get = param_get_uint,
};

module_param_cb(maxactive, &maxactive_param_ops, &vfsmod_maxactive, 0444);
MODULE_PARM_DESC(maxactive,
		 "calls in flight tracked per probed function (kretprobe instances, fprobe return slots before 6.14, rename name slots); 0 = auto, 4096 (default 0)");

/*
 * Published under vfsmod_attach_lock once vfsmod_init() has set up
 * everything an attach needs: the event files exist before init runs,
 * and an enable in that window must find no backend (-ENODEV), never a
 * half-initialised one.
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

static void vfsmod_detach_hooks(enum vfsmod_event ev)
{
	unsigned int i;

	for (i = 0; i < VFSMOD_NR_HOOKS; i++) {
		struct vfsmod_hook *hook = &vfsmod_hooks[i];

		if (hook->event == ev && hook->probe)
			vfsmod_backend->detach(hook);
	}
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

		if (hook->event != ev)
			continue;
		ret = vfsmod_backend->attach(hook);
		if (ret) {
			pr_err("%s: cannot attach %s probe to %s: error %d\n",
			       name, vfsmod_backend->name, hook->symbol, ret);
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
#define VFSMOD_EVENT_CALLBACKS(event, EVENT)				\
int vfsmod_##event##_reg(void)						\
{									\
	return vfsmod_tp_get(VFSMOD_EV_##EVENT);			\
}									\
void vfsmod_##event##_unreg(void)					\
{									\
	vfsmod_tp_put(VFSMOD_EV_##EVENT);				\
}

VFSMOD_EVENT_CALLBACKS(vfs_open, VFS_OPEN)
VFSMOD_EVENT_CALLBACKS(vfs_read, VFS_READ)
VFSMOD_EVENT_CALLBACKS(vfs_write, VFS_WRITE)
VFSMOD_EVENT_CALLBACKS(vfs_rename, VFS_RENAME)
VFSMOD_EVENT_CALLBACKS(d_alloc, D_ALLOC)

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

unsigned long vfsmod_event_missed(enum vfsmod_event ev)
{
	unsigned long missed = 0;
	unsigned int i;

	mutex_lock(&vfsmod_attach_lock);
	for (i = 0; i < VFSMOD_NR_HOOKS && vfsmod_backend; i++) {
		const struct vfsmod_hook *hook = &vfsmod_hooks[i];

		if (hook->event == ev)
			missed += hook->old_missed + vfsmod_backend->nmissed(hook);
	}
	mutex_unlock(&vfsmod_attach_lock);
	return missed;
}

static int __init vfsmod_init(void)
{
	const struct vfsmod_backend *backend;
	const char *why;
	int ret;

	switch (vfsmod_backend_choice) {
	case VFSMOD_FPROBE:
		backend = vfsmod_fprobe_backend(&why);
		if (!backend) {
			pr_err("backend=fprobe: unavailable: %s\n", why);
			return -EOPNOTSUPP;
		}
		if (backend->auto_skip)
			pr_warn("backend=fprobe: %s; backend=auto uses kprobe here\n",
				backend->auto_skip);
		break;
	case VFSMOD_KPROBE:
		backend = vfsmod_kprobe_backend();
		why = "backend=kprobe";
		break;
	default:
		backend = vfsmod_fprobe_backend(&why);
		if (backend && backend->auto_skip) {
			why = backend->auto_skip;
			backend = NULL;
		}
		/* why stays the reason fprobe is not used */
		if (!backend)
			backend = vfsmod_kprobe_backend();
		break;
	}

	if (!vfsmod_maxactive)
		vfsmod_maxactive = VFSMOD_MAXACTIVE_AUTO;

	ret = vfsmod_stats_init(backend->name);
	if (ret)
		return ret;

	/* Nothing can fail after this: attaches may start right away. */
	mutex_lock(&vfsmod_attach_lock);
	vfsmod_backend = backend;
	mutex_unlock(&vfsmod_attach_lock);

	pr_info("version %s, backend %s (%s), maxactive %u, events %s\n",
		VFSMOD_VERSION, backend->name, why, vfsmod_maxactive,
		vfsmod_hooks_summary());
	/* For a BPF raw tracepoint user that came while init ran. */
	vfsmod_sync_later();
	return 0;
}

static void __exit vfsmod_exit(void)
{
	int ev;

	vfsmod_stats_exit();
	/*
	 * Events enabled through ftrace do not pin the module: detach here;
	 * the register callbacks refuse from now on, and the unregister
	 * callbacks that run when the events are removed find nothing.
	 */
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

module_init(vfsmod_init);
module_exit(vfsmod_exit);

MODULE_AUTHOR("The vfsmod authors");
MODULE_DESCRIPTION("VFS trace events (vfs_open, vfs_read, vfs_write, vfs_rename, d_alloc) for stock kernels");
MODULE_LICENSE("GPL");
MODULE_VERSION(VFSMOD_VERSION);
