/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * event_fields.h - the values events take from kernel objects, the same
 * way in every hook.
 */
#ifndef _VFSMOD_EVENT_FIELDS_H
#define _VFSMOD_EVENT_FIELDS_H

#include <linux/dcache.h>
#include <linux/err.h>
#include <linux/fs.h>

#include <linux/preempt.h>
#include <linux/sched.h>

#include "vfsmod.h"
#include "dname.h"
#include "path.h"
#include "stats.h"
#include "task_ctx.h"
#include "vfsmod_events.h"
#include "vfsmod_name.h"

/*
 * A name copy for an event, as the events take it: its length, with
 * VFSMOD_NAME_CUT for a name cut at NAME_MAX; 0 for a name that stays
 * unavailable.  Both cases are counted.  The callers name their event as
 * a constant, so the counter update is a single per-CPU increment.
 */
static __always_inline u32 vfsmod_name(enum vfsmod_event ev,
				       const struct dentry *dentry, char *buf)
{
	int len = vfsmod_dname_copy(dentry, buf);

	if (likely(len >= 0))
		return len;
	if (len == -E2BIG) {
		vfsmod_count(ev, name_truncated);
		return NAME_MAX | VFSMOD_NAME_CUT;
	}
	vfsmod_count(ev, name_unavailable);
	return 0;
}

/* The device and inode number stat(2) reports for @inode. */
static inline dev_t vfsmod_dev(const struct inode *inode,
			       const struct dentry *dentry)
{
	return inode ? inode->i_sb->s_dev : dentry->d_sb->s_dev;
}

static inline u64 vfsmod_ino(const struct inode *inode)
{
	return inode ? (u64)inode->i_ino : 0;
}

/* Has vfs_read or vfs_write (@ev, a constant) a consumer? */
static __always_inline bool vfsmod_rw_enabled(enum vfsmod_event ev)
{
	return ev == VFSMOD_EV_vfs_read ? trace_vfs_read_enabled() :
					  trace_vfs_write_enabled();
}

/* The container context of the current task, for its event. */
static __always_inline void vfsmod_ids(struct vfsmod_task_ids *ids)
{
	ids->cgroup_id = vfsmod_task_cgroup_id(current);
	ids->mnt_ns = vfsmod_task_mnt_ns(current);
}

/*
 * Around the paths of one event: the per-CPU path buffers stay this
 * CPU's from vfsmod_path_get() to vfsmod_path_put().  Probe handlers run
 * with preemption off on every backend; this makes it certain.
 */
#define vfsmod_paths_begin()	preempt_disable_notrace()
#define vfsmod_paths_end()	preempt_enable_notrace()

#endif /* _VFSMOD_EVENT_FIELDS_H */
