/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * path.h - a file's absolute path, built in a probe handler: no lock, no
 * sleep, any context, never torn.  How: module/path.c; what the stored
 * form means: include/vfsmod_path.h and docs/events.md ("Paths").
 */
#ifndef _VFSMOD_PATH_MODULE_H
#define _VFSMOD_PATH_MODULE_H

#include <linux/bits.h>
#include <linux/compiler.h>
#include <linux/dcache.h>
#include <linux/path.h>
#include <linux/types.h>

#include "vfsmod.h"
#include "vfsmod_path.h"

/*
 * Bytes of one per-CPU slot, and the most a stored path (escaped, marks
 * and NUL included) may take in any event.  A ring-buffer event holds at
 * most about 4072 bytes of payload (a 4 KiB page minus its headers); the
 * stored path shares them with the event's fixed fields and its names
 * (up to 1025 bytes escaped each), so each event gets its own room, from
 * vfsmod_path_room(): 2816 for vfs_open/read/write (one name beside the
 * path), 1792 for d_alloc (two names), 896 for each of vfs_rename's two
 * paths (two names, two paths).  A longer path is cut from the left.
 */
#define VFSMOD_PATH_SIZE	2816

/**
 * vfsmod_path_get - @p's absolute path as the current task sees it
 * @ev: the event it is for: sets its room and the counters it feeds
 * @p: a path the caller keeps alive (the probed function's caller holds it)
 * @out: set to the path's first byte, in this CPU's slot for the current
 *       context (task, softirq, irq, NMI); valid until vfsmod_path_put()
 *
 * Return: the length of the raw bytes at *@out (not NUL-terminated) in
 * the low bits (%VFSMOD_PATH_LEN_MASK), with %VFSMOD_PATH_CUT,
 * %VFSMOD_PATH_UNREACHABLE, %VFSMOD_PATH_FS and %VFSMOD_PATH_DELETED as
 * they apply; the event stores it with vfsmod_path_store()
 * (include/vfsmod_events.h).  0 with *@out "" when
 * the path is unavailable (counted in path_unavailable: a rename or mount
 * change raced with every bounded try, or the slot is in use) or when the
 * file has no path (pipes, sockets, anonymous inodes: not counted).  A
 * cut path is counted in path_truncated.
 *
 * Call with preemption disabled (every probe handler runs so), and pair
 * every call with one vfsmod_path_put() before the handler returns,
 * whatever it returned (a nested call in the same context finds the slot
 * taken, returns 0 and must still be paired).  In interrupt context
 * there is no calling task: the path then goes up to the root of the
 * file's mount namespace.
 */
u32 vfsmod_path_get(enum vfsmod_event ev, const struct path *p,
		    const char **out);

/**
 * vfsmod_dentry_path_get - the path of a dentry that comes without a mount
 *
 * For d_alloc's parent and vfs_rename's directories.  If the dentry lies
 * below the mount of the task's working directory or root (same
 * filesystem, below that mount's root), the path goes through that mount
 * to the task's root, as vfsmod_path_get() would give it: a real path to
 * the directory, though maybe not the one the task named (bind mounts show
 * one filesystem in several places).  Otherwise it goes up to the root of
 * the filesystem and carries %VFSMOD_PATH_FS.  Same contract as
 * vfsmod_path_get().
 */
u32 vfsmod_dentry_path_get(enum vfsmod_event ev, const struct dentry *d,
			   const char **out);

void vfsmod_path_put(void);

/*
 * Events whose paths are built (bit per enum vfsmod_event; the paths
 * module parameter).  For the others vfsmod_path_get() and
 * vfsmod_dentry_path_get() give an empty path, not counted.
 */
extern unsigned long vfsmod_path_events;

/* Does @ev build paths?  Read once per event (the parameter may change). */
static __always_inline bool vfsmod_path_wanted(enum vfsmod_event ev)
{
	return READ_ONCE(vfsmod_path_events) & BIT(ev);
}

/* Process context, at module init and exit. */
int vfsmod_path_init(void);
void vfsmod_path_exit(void);

/* Room for @ev's path (or each of its paths), marks and NUL included. */
u32 vfsmod_path_room(enum vfsmod_event ev);

#endif /* _VFSMOD_PATH_MODULE_H */
