/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _VFSMOD_STATS_H
#define _VFSMOD_STATS_H

#include <linux/percpu.h>
#include "vfsmod.h"

/*
 * Per-CPU, so the hot path costs one this_cpu_inc() (a single
 * interrupt-safe instruction on x86; on arm64 a short sequence with
 * preemption off, or an atomic with LSE), whatever context a handler
 * runs in.
 */
struct vfsmod_event_stats {
	u64 hits;		/* events emitted */
	u64 dropped;		/* calls seen but not emitted (no name slot) */
	u64 name_unavailable;	/* names shown empty: no consistent copy */
	u64 name_truncated;	/* names longer than NAME_MAX, cut there */
	u64 path_unavailable;	/* paths shown empty: no consistent walk */
	u64 path_truncated;	/* paths longer than their room, cut left */
};

struct vfsmod_stats {
	struct vfsmod_event_stats ev[VFSMOD_NR_EVENTS];
	/* calls that reached each hook's entry, skipped ones included */
	u64 hook_fired[VFSMOD_NR_HOOKS];
};

DECLARE_PER_CPU(struct vfsmod_stats, vfsmod_stats);

#define vfsmod_count(event, what)	this_cpu_inc(vfsmod_stats.ev[event].what)
#define vfsmod_count_fired(hook)	\
	this_cpu_inc(vfsmod_stats.hook_fired[(hook) - vfsmod_hooks])

/*
 * What the counters file shows beside the counters, handed in by whoever
 * keeps the attach state (events.c), so that the counters depend on
 * nothing above them.
 */
struct vfsmod_stats_source {
	bool (*attached)(enum vfsmod_event ev);
	/* backend misses of the event's hooks, attached or not */
	unsigned long (*missed)(enum vfsmod_event ev);
	/* the same for one hook (an index into vfsmod_hooks) */
	bool (*hook_attached)(unsigned int hook);
	unsigned long (*hook_missed)(unsigned int hook);
};

int vfsmod_stats_init(const char *backend,
		      const struct vfsmod_stats_source *source);
void vfsmod_stats_exit(void);

#endif /* _VFSMOD_STATS_H */
