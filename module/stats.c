// SPDX-License-Identifier: GPL-2.0-only
/*
 * stats.c - the counters a user reads without a debugger.
 *
 * /sys/kernel/debug/vfsmod/stats, one line per event after a header:
 *
 *   event attached hits missed name_unavailable name_truncated \
 *	path_unavailable path_truncated
 *
 * missed = backend misses (fprobe/kretprobe nmissed: recursion, no free
 * return slot) + calls seen but dropped by vfsmod.  Counters only grow
 * while the module is loaded; nothing is ever lost without a count here.
 *
 * /sys/kernel/debug/vfsmod/hooks, one line per probed function:
 *
 *   hook event attached fired missed
 *
 * fired = calls that reached the hook's entry: a hook attached whose
 * fired stays 0 while its event's workload runs sees nothing (a function
 * inlined or bypassed on this kernel).
 */
#include <linux/debugfs.h>
#include <linux/seq_file.h>

#include "stats.h"

DEFINE_PER_CPU(struct vfsmod_stats, vfsmod_stats);

static struct dentry *vfsmod_debugfs;
static const char *vfsmod_backend_name;
static const struct vfsmod_stats_source *vfsmod_source;

static int vfsmod_stats_show(struct seq_file *m, void *unused)
{
	int ev, cpu;

	seq_printf(m, "# backend %s\n", vfsmod_backend_name);
	seq_puts(m, "event attached hits missed name_unavailable name_truncated path_unavailable path_truncated\n");
	for (ev = 0; ev < VFSMOD_NR_EVENTS; ev++) {
		u64 hits = 0, dropped = 0, unavail = 0, cut = 0;
		u64 path_unavail = 0, path_cut = 0;

		for_each_possible_cpu(cpu) {
			const struct vfsmod_event_stats *s =
				&per_cpu(vfsmod_stats, cpu).ev[ev];

			hits += READ_ONCE(s->hits);
			dropped += READ_ONCE(s->dropped);
			unavail += READ_ONCE(s->name_unavailable);
			cut += READ_ONCE(s->name_truncated);
			path_unavail += READ_ONCE(s->path_unavailable);
			path_cut += READ_ONCE(s->path_truncated);
		}
		seq_printf(m, "%s %d %llu %llu %llu %llu %llu %llu\n",
			   vfsmod_event_names[ev], vfsmod_source->attached(ev),
			   hits, dropped + vfsmod_source->missed(ev), unavail,
			   cut, path_unavail, path_cut);
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(vfsmod_stats);

static int vfsmod_hooks_show(struct seq_file *m, void *unused)
{
	unsigned int i;
	int cpu;

	seq_puts(m, "hook event attached fired missed\n");
	for (i = 0; i < VFSMOD_NR_HOOKS; i++) {
		u64 fired = 0;

		if (!vfsmod_hooks[i].symbol)
			continue;
		for_each_possible_cpu(cpu)
			fired += READ_ONCE(per_cpu(vfsmod_stats, cpu).hook_fired[i]);
		seq_printf(m, "%s %s %d %llu %lu\n", vfsmod_hooks[i].symbol,
			   vfsmod_event_names[vfsmod_hooks[i].event],
			   vfsmod_source->hook_attached(i), fired,
			   vfsmod_source->hook_missed(i));
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(vfsmod_hooks);

int vfsmod_stats_init(const char *backend,
		      const struct vfsmod_stats_source *source)
{
	vfsmod_backend_name = backend;
	vfsmod_source = source;
	/* Without debugfs the module still works; only the file is missing. */
	vfsmod_debugfs = debugfs_create_dir("vfsmod", NULL);
	debugfs_create_file("stats", 0444, vfsmod_debugfs, NULL,
			    &vfsmod_stats_fops);
	debugfs_create_file("hooks", 0444, vfsmod_debugfs, NULL,
			    &vfsmod_hooks_fops);
	return 0;
}

void vfsmod_stats_exit(void)
{
	debugfs_remove_recursive(vfsmod_debugfs);
}
