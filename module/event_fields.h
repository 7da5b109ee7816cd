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

#include "vfsmod.h"
#include "dname.h"
#include "stats.h"
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

#endif /* _VFSMOD_EVENT_FIELDS_H */
