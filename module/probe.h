/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * probe.h - the probe backends behind one interface.
 *
 * A backend attaches a struct vfsmod_hook to its symbol, calls
 * hook->entry and hook->exit with plain values, and reports its misses.
 * attach and detach run in process context and may sleep; detach returns
 * only once no handler of that hook can run any more.
 */
#ifndef _VFSMOD_PROBE_H
#define _VFSMOD_PROBE_H

#include "vfsmod.h"

struct vfsmod_backend {
	const char *name;
	/* why backend=auto passes this backend over here, or NULL */
	const char *auto_skip;
	int (*attach)(struct vfsmod_hook *hook);
	/*
	 * optional: after attach() of each of an event's hooks, where
	 * attach() only stages them, to attach them all at once.  On an
	 * error the caller detach()es every hook whose hook->probe is set,
	 * staged or attached, and none is attached after that.
	 */
	int (*commit)(enum vfsmod_event ev);
	void (*detach)(struct vfsmod_hook *hook);
	/* optional: after detach() of each of an event's hooks */
	void (*drain)(void);
	unsigned long (*nmissed)(const struct vfsmod_hook *hook);
	/* optional: at module exit, once every hook is detached */
	void (*release)(void);
};

/* NULL where the kernel cannot run fprobes; *why says why, or why not. */
const struct vfsmod_backend *vfsmod_fprobe_backend(const char **why);
/*
 * ftrace direct calls into vfsmod's own trampoline: x86-64, 6.4+; never
 * chosen by backend=auto.  NULL elsewhere, *why says why.
 */
const struct vfsmod_backend *vfsmod_direct_backend(const char **why);
/* kretprobes: every supported kernel has CONFIG_KRETPROBES. */
const struct vfsmod_backend *vfsmod_kprobe_backend(void);

/*
 * For the ftrace-based backends (probe_kprobe.c): @symbol's ftrace
 * location, through @kp, left registered (disabled) for the caller to
 * unregister.
 */
struct kprobe;
int vfsmod_ftrace_locate(struct kprobe *kp, const char *symbol,
			 unsigned long *ip);

#endif /* _VFSMOD_PROBE_H */
