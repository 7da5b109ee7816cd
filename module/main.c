// SPDX-License-Identifier: GPL-2.0-only
/*
 * main.c - vfsmod: VFS trace events on stock kernels.
 *
 * Loading the module registers the events of include/vfsmod_events.h
 * and attaches nothing (events.c attaches an event's probes when its
 * first consumer comes).  This file holds what a load decides once: the
 * module parameters, the backend, and the order of init and exit.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/string.h>

#include "vfsmod.h"
#include "path.h"
#include "probe.h"
#include "stats.h"

#ifndef VFSMOD_VERSION
#error "VFSMOD_VERSION must come from dkms.conf through the Makefile"
#endif

enum vfsmod_backend_choice {
	VFSMOD_AUTO, VFSMOD_FPROBE, VFSMOD_KPROBE, VFSMOD_DIRECT
};

static const char *const vfsmod_backend_names[] = {
	[VFSMOD_AUTO] = "auto",
	[VFSMOD_FPROBE] = "fprobe",
	[VFSMOD_KPROBE] = "kprobe",
	[VFSMOD_DIRECT] = "direct",
};

static int vfsmod_backend_choice = VFSMOD_AUTO;

static int backend_param_set(const char *val, const struct kernel_param *kp)
{
	int i = sysfs_match_string(vfsmod_backend_names, val);

	if (i < 0) {
		pr_err("backend=%s: unknown backend (use auto, fprobe, kprobe or direct)\n",
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
		 "probe backend: auto (fprobe where the kernel has it and it is safe there, else kprobe), fprobe, kprobe or direct (x86-64 ftrace direct calls, 6.4+, opt-in; never auto) (default auto)");

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
		 "calls in flight tracked per probed function (kretprobe instances, rename name slots) or per event (fprobe return slots before 6.14); 0 = auto, 4096 (default 0)");

/*
 * paths: which events carry paths.  A path costs a walk up the tree per
 * event (docs/events.md gives the figures); a box that only wants names
 * for the hottest events turns theirs off, at load or at any time.
 */
static int paths_param_set(const char *val, const struct kernel_param *kp)
{
	char buf[128], *p = buf, *tok;
	unsigned long mask = 0;
	int ev;

	if (strscpy(buf, val, sizeof(buf)) < 0)
		goto bad;
	if (!*strim(buf))
		goto bad;
	if (!strcmp(buf, "all")) {
		mask = BIT(VFSMOD_NR_EVENTS) - 1;
	} else if (strcmp(buf, "none")) {
		while ((tok = strsep(&p, ","))) {
			ev = match_string(vfsmod_event_names, VFSMOD_NR_EVENTS,
					  strim(tok));
			if (ev < 0)
				goto bad;
			mask |= BIT(ev);
		}
	}
	WRITE_ONCE(*(unsigned long *)kp->arg, mask);
	return 0;
bad:
	pr_err("paths=%s: not all, none or a list of events (vfs_open,vfs_read,vfs_write,vfs_rename,d_alloc)\n",
	       val);
	return -EINVAL;
}

static int paths_param_get(char *buf, const struct kernel_param *kp)
{
	unsigned long mask = READ_ONCE(*(unsigned long *)kp->arg);
	int ev, n = 0;

	if (mask == BIT(VFSMOD_NR_EVENTS) - 1)
		return sprintf(buf, "all\n");
	if (!mask)
		return sprintf(buf, "none\n");
	for (ev = 0; ev < VFSMOD_NR_EVENTS; ev++)
		if (mask & BIT(ev))
			n += sprintf(buf + n, "%s%s", n ? "," : "",
				     vfsmod_event_names[ev]);
	return n + sprintf(buf + n, "\n");
}

static const struct kernel_param_ops paths_param_ops = {
	.set = paths_param_set,
	.get = paths_param_get,
};

module_param_cb(paths, &paths_param_ops, &vfsmod_path_events, 0644);
MODULE_PARM_DESC(paths,
		 "events that carry paths: all, none, or a list such as vfs_open,vfs_rename (default all; writable at run time)");

static const struct vfsmod_stats_source vfsmod_stats_source = {
	.attached = vfsmod_event_attached,
	.missed = vfsmod_event_missed,
	.hook_attached = vfsmod_hook_attached,
	.hook_missed = vfsmod_hook_missed,
};

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
	case VFSMOD_DIRECT:
		backend = vfsmod_direct_backend(&why);
		if (!backend) {
			pr_err("backend=direct: unavailable: %s\n", why);
			return -EOPNOTSUPP;
		}
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

	ret = vfsmod_path_init();
	if (ret)
		return ret;
	ret = vfsmod_stats_init(backend->name, &vfsmod_stats_source);
	if (ret) {
		vfsmod_path_exit();
		return ret;
	}

	pr_info("version %s, backend %s (%s), maxactive %u, events %s\n",
		VFSMOD_VERSION, backend->name, why, vfsmod_maxactive,
		vfsmod_hooks_summary());
	/* Nothing may fail after this: enables attach from now on. */
	vfsmod_events_start(backend);
	return 0;
}

static void __exit vfsmod_exit(void)
{
	vfsmod_stats_exit();
	vfsmod_events_stop();
	/* No handler runs past the detaches: their buffers can go. */
	vfsmod_path_exit();
}

module_init(vfsmod_init);
module_exit(vfsmod_exit);

MODULE_AUTHOR("The vfsmod authors");
MODULE_DESCRIPTION("VFS trace events (vfs_open, vfs_read, vfs_write, vfs_rename, d_alloc) for stock kernels");
MODULE_LICENSE("GPL");
MODULE_VERSION(VFSMOD_VERSION);
