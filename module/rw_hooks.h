/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _VFSMOD_RW_HOOKS_H
#define _VFSMOD_RW_HOOKS_H

#include "vfsmod.h"

/*
 * The entry and exit callbacks behind vfs_read and vfs_write, for the
 * table in hooks.c: one pair per way a read or write reaches a file
 * (rw_hooks.c says which function each way is hooked at, and why).
 */
#define VFSMOD_RW_CALLBACKS(name)					\
	int name##_entry(unsigned long a0, unsigned long a1,		\
			 unsigned long a2, unsigned long a3,		\
			 unsigned long a4, unsigned long a5, void *data);	\
	void name##_exit(unsigned long ret, void *data)

VFSMOD_RW_CALLBACKS(vfsmod_read);
VFSMOD_RW_CALLBACKS(vfsmod_write);
VFSMOD_RW_CALLBACKS(vfsmod_readv);
VFSMOD_RW_CALLBACKS(vfsmod_writev);
VFSMOD_RW_CALLBACKS(vfsmod_iter_read);
VFSMOD_RW_CALLBACKS(vfsmod_iter_write);
VFSMOD_RW_CALLBACKS(vfsmod_kernel_read);
VFSMOD_RW_CALLBACKS(vfsmod_kernel_write);
VFSMOD_RW_CALLBACKS(vfsmod_kernel_write_iter);
VFSMOD_RW_CALLBACKS(vfsmod_sendfile_read);
VFSMOD_RW_CALLBACKS(vfsmod_sendfile_write);
VFSMOD_RW_CALLBACKS(vfsmod_splice_direct_read);
VFSMOD_RW_CALLBACKS(vfsmod_splice_direct_write);
VFSMOD_RW_CALLBACKS(vfsmod_splice_actor_read);
VFSMOD_RW_CALLBACKS(vfsmod_splice_to_pipe);
VFSMOD_RW_CALLBACKS(vfsmod_splice_read);
VFSMOD_RW_CALLBACKS(vfsmod_splice_write);
VFSMOD_RW_CALLBACKS(vfsmod_copy_read);
VFSMOD_RW_CALLBACKS(vfsmod_copy_write);

/* Entry only: the size of a readv/writev, for its mark. */
int vfsmod_iov_read_size(unsigned long a0, unsigned long a1,
			 unsigned long a2, unsigned long a3,
			 unsigned long a4, unsigned long a5, void *data);
int vfsmod_iov_write_size(unsigned long a0, unsigned long a1,
			  unsigned long a2, unsigned long a3,
			  unsigned long a4, unsigned long a5, void *data);

struct file;
struct vfsmod_task_ids;
void vfsmod_rw_trace(enum vfsmod_event ev, const struct file *file, s64 pos,
		     u64 count, s64 ret, s32 tid, u32 via,
		     const struct vfsmod_task_ids *ids);

/* Per-call data of every read/write hook. */
struct vfsmod_rw_carry {
	struct file *file;
	s64 pos;
	u64 count;
	int mark;		/* this call's mark, or -1 */
	u32 via;
};

#endif /* _VFSMOD_RW_HOOKS_H */
