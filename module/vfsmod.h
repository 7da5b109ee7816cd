/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vfsmod.h - the events, the hooks behind them, and what ties them to a
 * probe backend.  Backend-independent: a hook sees plain argument values
 * and a return value, whichever backend delivered them.
 */
#ifndef _VFSMOD_H
#define _VFSMOD_H

#include <linux/limits.h>
#include <linux/string.h>
#include <linux/types.h>

/* VFSMOD_EV_vfs_open, ...: one per event of event_list.h. */
#define VFSMOD_EVENT(event)	VFSMOD_EV_##event,
enum vfsmod_event {
#include "event_list.h"
	VFSMOD_NR_EVENTS
};

#undef VFSMOD_EVENT

/*
 * entry runs when the function is entered, with its first six arguments
 * (all in registers on x86-64, which has six argument registers, and on
 * arm64, which has eight; copy_file_range's length is the fifth): it copies what the exit side needs into @data
 * (hook->data_size bytes, per call) and returns 0, or non-zero to skip
 * this call (no exit callback, nothing counted).  exit runs when the
 * function returns and emits the event.  A hook without exit callback is
 * entry only: no return probe at all (nothing to take and give back on
 * every call), @data is NULL and the entry's return value is ignored.
 * Plain register-sized values, no argument array and no hook pointer: the
 * callbacks are one indirect call each on the hot path, nothing more.
 */
typedef int (*vfsmod_entry_fn)(unsigned long arg0, unsigned long arg1,
			       unsigned long arg2, unsigned long arg3,
			       unsigned long arg4, unsigned long arg5,
			       void *data);
typedef void (*vfsmod_exit_fn)(unsigned long ret, void *data);

struct vfsmod_hook {
	/* NULL: a hook of other kernels only, never attached nor listed. */
	const char *symbol;
	enum vfsmod_event event;
	unsigned int data_size;
	vfsmod_entry_fn entry;
	vfsmod_exit_fn exit;
	/*
	 * Optional hooks cover one way to a file among several (readv,
	 * sendfile, ...): where the function cannot be probed (inlined,
	 * renamed, absent) the event still works, the load says which way
	 * goes unseen (@what), and the hooks file shows it detached.  A
	 * fallback is attached only where the hook before it in the table
	 * could not be (another function on the same way, on other kernels).
	 */
	const char *what;
	bool optional;
	bool fallback;
	/* Backend state while attached (NULL while detached). */
	void *probe;
	/* Misses of earlier attachments, kept across detach. */
	unsigned long old_missed;
	/* An optional hook's failure to attach was reported (once a load). */
	bool noted;
};

/*
 * A call-site hook: symbol is "callee@caller", entry only, at each call of
 * callee inside caller (a kprobe on the call instruction, callsite.c), so
 * that callee's other callers pay nothing.
 */
static inline bool vfsmod_hook_at_calls(const struct vfsmod_hook *hook)
{
	return hook->symbol && strchr(hook->symbol, '@');
}

/* The entries of hooks.c's table (checked there at build time). */
#define VFSMOD_NR_HOOKS		42

extern struct vfsmod_hook vfsmod_hooks[VFSMOD_NR_HOOKS];
extern const char *const vfsmod_event_names[VFSMOD_NR_EVENTS];

/* Set at load from the maxactive parameter: concurrent calls per hook. */
extern unsigned int vfsmod_maxactive;

/* events.c: the per-event attach state, for main.c and the counters. */
struct vfsmod_backend;
void vfsmod_events_start(const struct vfsmod_backend *backend);
void vfsmod_events_stop(void);
bool vfsmod_event_attached(enum vfsmod_event ev);
unsigned long vfsmod_event_missed(enum vfsmod_event ev);
bool vfsmod_hook_attached(unsigned int hook);
unsigned long vfsmod_hook_missed(unsigned int hook);

/* hooks.c: which functions each event hooks, for the load line. */
const char *vfsmod_hooks_summary(void);

/* hooks.c: per-event preparation done in process context at attach. */
int vfsmod_event_prepare(enum vfsmod_event ev);
void vfsmod_event_release(enum vfsmod_event ev);

#endif /* _VFSMOD_H */
