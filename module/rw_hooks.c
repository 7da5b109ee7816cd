// SPDX-License-Identifier: GPL-2.0-only
/*
 * rw_hooks.c - every way a read or a write reaches a file, turned into one
 * vfs_read or vfs_write event per call and file, with the way in `via`.
 *
 * Each way is hooked at the outermost function that still sees the file,
 * the position and the result, and that every kernel from 5.10 keeps out
 * of line (docs/design.md has the table per kernel):
 *
 *   read, pread64, write, pwrite64    vfs_read, vfs_write
 *   readv, preadv(2), writev, ...     vfs_readv, vfs_writev (size from
 *                                     do_iter_readv_writev, see below)
 *   sendfile                          do_splice_direct, splice_file_to_pipe
 *                                     (labelled by do_sendfile)
 *   splice                            do_splice (the end that is a file)
 *   copy_file_range                   vfs_copy_file_range
 *   the kernel's own I/O              __kernel_read, __kernel_write(_iter),
 *                                     vfs_iter_read, vfs_iter_write,
 *                                     splice_direct_to_actor (nfsd)
 *
 * The outer functions reach the inner ones: sendfile, splice and
 * copy_file_range write through iter_file_splice_write() and
 * vfs_iter_write(), copy_file_range falls back to do_splice_direct().  So
 * an outer call marks the task with its file (marks.c), and an inner hook
 * that finds the mark for the same file in the same direction leaves the
 * call to the outer one: one event per call and file.  A stacked
 * filesystem's real file is another file: overlayfs gives an event for
 * the overlay file and one (via kernel) for the real file beneath.
 *
 * Per-call data is struct vfsmod_rw_carry; the file is pinned by the
 * caller of every hooked function for the whole call.
 */
#include <linux/fs.h>
#include <linux/kprobes.h>
#include <linux/splice.h>
#include <linux/uio.h>

#include "vfsmod.h"
#include "event_fields.h"
#include "marks.h"
#include "rw_hooks.h"
#include "stats.h"
#include "vfsmod_events.h"
#include "vfsmod_via.h"

/* Stream files (pipes, sockets) pass no position: 0 in the event. */
static __always_inline s64 rw_pos(unsigned long ppos)
{
	const loff_t *pos = (const loff_t *)ppos;

	return pos ? *pos : 0;
}

/* Is the current task inside an outer hooked call on @file for @ev? */
static __always_inline bool rw_inner(enum vfsmod_event ev,
				     const struct file *file)
{
	return vfsmod_mark_find(ev, file, NULL);
}

/* The via of the label over the current call, or @dflt. */
static __always_inline u32 rw_label(enum vfsmod_event ev, u32 dflt)
{
	const struct vfsmod_mark *m;

	m = vfsmod_mark_find(ev, VFSMOD_MARK_LABEL, NULL);
	return m ? m->via : dflt;
}

/*
 * Fill the carry; with @mark, also mark the task with the file for the
 * inner hooks.  Return: 0, or 1 to skip the call (counted as dropped)
 * when no mark is free: the inner hooks then see the call themselves,
 * under their own via, rather than a second time.
 */
static __always_inline int rw_begin(enum vfsmod_event ev,
				    struct vfsmod_rw_carry *c,
				    unsigned long file, s64 pos, u64 count,
				    u32 via, bool mark)
{
	c->file = (struct file *)file;
	c->pos = pos;
	c->count = count;
	c->via = via;
	c->mark = -1;
	if (mark) {
		c->mark = vfsmod_mark_set(ev, c->file, NULL);
		if (unlikely(c->mark < 0)) {
			vfsmod_count(ev, dropped);
			return 1;
		}
	}
	return 0;
}

/*
 * One vfs_read or vfs_write event of @file: the way every hook, here and
 * in async_hooks.c, emits it.  @ids: the submitter's, recorded with an
 * asynchronous request; NULL for the current task's.  The path is built
 * here; in an interrupt it goes up to the root of the file's mount
 * namespace (module/path.h).
 */
void vfsmod_rw_trace(enum vfsmod_event ev, const struct file *file, s64 pos,
		     u64 count, s64 ret, s32 tid, u32 via,
		     const struct vfsmod_task_ids *ids)
{
	const struct dentry *dentry = file->f_path.dentry;
	const struct inode *inode = file_inode(file);
	char name[VFSMOD_NAME_SIZE];
	struct vfsmod_rw_call call = {
		.ino = vfsmod_ino(inode),
		.pos = pos,
		.count = count,
		.ret = ret,
		.dev = vfsmod_dev(inode, dentry),
		.name = name,
		.name_len = vfsmod_name(ev, dentry, name),
		.tid = tid,
		.via = via,
		.path = "",
	};
	/* paths=none: not even a slot (a third of the rest, under TCG). */
	bool want_path = vfsmod_path_wanted(ev);

	if (ids)
		call.ids = *ids;
	else
		vfsmod_ids(&call.ids);
	if (want_path) {
		vfsmod_paths_begin();
		call.path_len = vfsmod_path_get(ev, &file->f_path, &call.path);
	}
	if (ev == VFSMOD_EV_vfs_read)
		trace_vfs_read(&call);
	else
		trace_vfs_write(&call);
	if (want_path) {
		vfsmod_path_put();
		vfsmod_paths_end();
	}
	vfsmod_count(ev, hits);
}

NOKPROBE_SYMBOL(vfsmod_rw_trace);

static __always_inline void rw_emit(enum vfsmod_event ev, unsigned long ret,
				    struct vfsmod_rw_carry *c)
{
	if (c->mark >= 0) {
		const struct vfsmod_mark *m = vfsmod_mark_at(ev, c->mark);

		/* A size only the inner hook saw (readv, writev). */
		if (!c->count)
			c->count = m->count;
		vfsmod_mark_clear(ev, c->mark);
	}
	vfsmod_rw_trace(ev, c->file, c->pos, c->count, (long)ret,
			current->pid, c->via, NULL);
}

/* Each way's exit callback, named after it for the table. */
#define RW_EXIT(name, ev)						\
void name##_exit(unsigned long ret, void *data)				\
{									\
	rw_emit(VFSMOD_EV_vfs_##ev, ret, data);				\
}									\
NOKPROBE_SYMBOL(name##_exit)

#define RW_ENTRY(name)							\
int name##_entry(unsigned long a0, unsigned long a1, unsigned long a2,	\
		 unsigned long a3, unsigned long a4, unsigned long a5,	\
		 void *data)

/* vfs_read/vfs_write(struct file *, char __user *, size_t, loff_t *) */
RW_ENTRY(vfsmod_read)
{
	if (!trace_vfs_read_enabled())
		return 1;
	return rw_begin(VFSMOD_EV_vfs_read, data, a0, rw_pos(a3), a2,
			VFSMOD_VIA_read, false);
}

NOKPROBE_SYMBOL(vfsmod_read_entry);
RW_EXIT(vfsmod_read, read);

RW_ENTRY(vfsmod_write)
{
	if (!trace_vfs_write_enabled())
		return 1;
	return rw_begin(VFSMOD_EV_vfs_write, data, a0, rw_pos(a3), a2,
			VFSMOD_VIA_write, false);
}

NOKPROBE_SYMBOL(vfsmod_write_entry);
RW_EXIT(vfsmod_write, write);

/*
 * vfs_readv/vfs_writev(struct file *, const struct iovec __user *,
 * unsigned long vlen, loff_t *pos, rwf_t): the size is the sum of a user
 * vector that vfs_readv() imports itself.  The handler cannot read user
 * memory, so do_iter_readv_writev(file, iter, ppos, type, flags), which
 * vfs_readv() calls with the imported vector wherever the file has
 * ->read_iter (every regular file), leaves iov_iter_count() in the mark.
 * A call that fails before (a bad vector) keeps count 0.
 */
RW_ENTRY(vfsmod_readv)
{
	if (!trace_vfs_read_enabled())
		return 1;
	return rw_begin(VFSMOD_EV_vfs_read, data, a0, rw_pos(a3), 0,
			VFSMOD_VIA_readv, true);
}

NOKPROBE_SYMBOL(vfsmod_readv_entry);
RW_EXIT(vfsmod_readv, read);

RW_ENTRY(vfsmod_writev)
{
	if (!trace_vfs_write_enabled())
		return 1;
	return rw_begin(VFSMOD_EV_vfs_write, data, a0, rw_pos(a3), 0,
			VFSMOD_VIA_writev, true);
}

NOKPROBE_SYMBOL(vfsmod_writev_entry);
RW_EXIT(vfsmod_writev, write);

static __always_inline int iov_size(enum vfsmod_event ev, unsigned long file,
				    unsigned long iter, unsigned long type)
{
	int dir = ev == VFSMOD_EV_vfs_read ? READ : WRITE;
	struct vfsmod_mark *m;

	if (type != dir || !vfsmod_rw_enabled(ev))
		return 1;
	m = vfsmod_mark_find(ev, (const void *)file, NULL);
	if (m && !m->count)
		m->count = iov_iter_count((const struct iov_iter *)iter);
	/* Entry only: the backends ignore the value. */
	return 1;
}

int vfsmod_iov_read_size(unsigned long a0, unsigned long a1, unsigned long a2,
			 unsigned long a3, unsigned long a4, unsigned long a5,
			 void *data)
{
	return iov_size(VFSMOD_EV_vfs_read, a0, a1, a3);
}

NOKPROBE_SYMBOL(vfsmod_iov_read_size);

int vfsmod_iov_write_size(unsigned long a0, unsigned long a1, unsigned long a2,
			  unsigned long a3, unsigned long a4, unsigned long a5,
			  void *data)
{
	return iov_size(VFSMOD_EV_vfs_write, a0, a1, a3);
}

NOKPROBE_SYMBOL(vfsmod_iov_write_size);

/*
 * The kernel's own I/O.  vfs_iter_read/vfs_iter_write(struct file *,
 * struct iov_iter *, loff_t *, rwf_t): nfsd, overlayfs's real files, the
 * loop driver, and the splice machinery underneath sendfile, splice and
 * copy_file_range (left to those by their marks).
 */
static __always_inline int iter_begin(enum vfsmod_event ev, unsigned long file,
				      unsigned long iter, unsigned long ppos,
				      void *data)
{
	if (!vfsmod_rw_enabled(ev) || rw_inner(ev, (const struct file *)file))
		return 1;
	return rw_begin(ev, data, file, rw_pos(ppos),
			iov_iter_count((const struct iov_iter *)iter),
			VFSMOD_VIA_kernel, false);
}

RW_ENTRY(vfsmod_iter_read)
{
	return iter_begin(VFSMOD_EV_vfs_read, a0, a1, a2, data);
}

NOKPROBE_SYMBOL(vfsmod_iter_read_entry);
RW_EXIT(vfsmod_iter_read, read);

RW_ENTRY(vfsmod_iter_write)
{
	return iter_begin(VFSMOD_EV_vfs_write, a0, a1, a2, data);
}

NOKPROBE_SYMBOL(vfsmod_iter_write_entry);
RW_EXIT(vfsmod_iter_write, write);

/*
 * __kernel_read/__kernel_write(struct file *, void *buf, size_t, loff_t *):
 * exec, module and firmware loading, coredumps, IMA, ksmbd.  From 6.1
 * __kernel_write() is a wrapper of __kernel_write_iter(struct file *,
 * struct iov_iter *, loff_t *), which coredumps also call directly: the
 * iter function is hooked where it exists, __kernel_write() elsewhere.
 */
static __always_inline int kernel_begin(enum vfsmod_event ev,
					unsigned long file, u64 count,
					unsigned long ppos, void *data)
{
	if (!vfsmod_rw_enabled(ev) || rw_inner(ev, (const struct file *)file))
		return 1;
	return rw_begin(ev, data, file, rw_pos(ppos), count,
			VFSMOD_VIA_kernel, false);
}

RW_ENTRY(vfsmod_kernel_read)
{
	return kernel_begin(VFSMOD_EV_vfs_read, a0, a2, a3, data);
}

NOKPROBE_SYMBOL(vfsmod_kernel_read_entry);
RW_EXIT(vfsmod_kernel_read, read);

RW_ENTRY(vfsmod_kernel_write)
{
	return kernel_begin(VFSMOD_EV_vfs_write, a0, a2, a3, data);
}

NOKPROBE_SYMBOL(vfsmod_kernel_write_entry);
RW_EXIT(vfsmod_kernel_write, write);

RW_ENTRY(vfsmod_kernel_write_iter)
{
	return kernel_begin(VFSMOD_EV_vfs_write, a0,
			    iov_iter_count((const struct iov_iter *)a1), a2,
			    data);
}

NOKPROBE_SYMBOL(vfsmod_kernel_write_iter_entry);
RW_EXIT(vfsmod_kernel_write_iter, write);

/*
 * do_sendfile(int out_fd, int in_fd, loff_t *, size_t, loff_t max): only
 * file descriptors here, so it labels the splice functions it calls,
 * which see the files: do_splice_direct(), or splice_file_to_pipe() when
 * the target is a pipe (6.1 and later).  No event of its own.
 */
static __always_inline int label_begin(enum vfsmod_event ev, u32 via,
				       void *data)
{
	struct vfsmod_rw_carry *c = data;

	if (!vfsmod_rw_enabled(ev))
		return 1;
	c->mark = vfsmod_mark_set(ev, VFSMOD_MARK_LABEL, NULL);
	if (c->mark < 0)
		return 1;	/* the splice functions say via kernel */
	vfsmod_mark_at(ev, c->mark)->via = via;
	return 0;
}

static __always_inline void label_end(enum vfsmod_event ev, void *data)
{
	const struct vfsmod_rw_carry *c = data;

	vfsmod_mark_clear(ev, c->mark);
}

RW_ENTRY(vfsmod_sendfile_read)
{
	return label_begin(VFSMOD_EV_vfs_read, VFSMOD_VIA_sendfile, data);
}

NOKPROBE_SYMBOL(vfsmod_sendfile_read_entry);

void vfsmod_sendfile_read_exit(unsigned long ret, void *data)
{
	label_end(VFSMOD_EV_vfs_read, data);
}

NOKPROBE_SYMBOL(vfsmod_sendfile_read_exit);

RW_ENTRY(vfsmod_sendfile_write)
{
	return label_begin(VFSMOD_EV_vfs_write, VFSMOD_VIA_sendfile, data);
}

NOKPROBE_SYMBOL(vfsmod_sendfile_write_entry);

void vfsmod_sendfile_write_exit(unsigned long ret, void *data)
{
	label_end(VFSMOD_EV_vfs_write, data);
}

NOKPROBE_SYMBOL(vfsmod_sendfile_write_exit);

/*
 * do_splice_direct(struct file *in, loff_t *ppos, struct file *out,
 * loff_t *opos, size_t len, unsigned int flags): a file to a file through
 * the task's internal pipe.  sendfile's (labelled), copy_file_range's
 * fallback (left to it by its marks), or the kernel's own (overlayfs
 * copy-up).  The read side marks the source for splice_direct_to_actor()
 * beneath, the write side the target for the vfs_iter_write() calls of
 * iter_file_splice_write().
 */
RW_ENTRY(vfsmod_splice_direct_read)
{
	const enum vfsmod_event ev = VFSMOD_EV_vfs_read;

	if (!trace_vfs_read_enabled() || rw_inner(ev, (const void *)a0))
		return 1;
	return rw_begin(ev, data, a0, rw_pos(a1), a4,
			rw_label(ev, VFSMOD_VIA_kernel), true);
}

NOKPROBE_SYMBOL(vfsmod_splice_direct_read_entry);
RW_EXIT(vfsmod_splice_direct_read, read);

RW_ENTRY(vfsmod_splice_direct_write)
{
	const enum vfsmod_event ev = VFSMOD_EV_vfs_write;

	if (!trace_vfs_write_enabled() || rw_inner(ev, (const void *)a2))
		return 1;
	return rw_begin(ev, data, a2, rw_pos(a3), a4,
			rw_label(ev, VFSMOD_VIA_kernel), true);
}

NOKPROBE_SYMBOL(vfsmod_splice_direct_write_entry);
RW_EXIT(vfsmod_splice_direct_write, write);

/*
 * splice_direct_to_actor(struct file *in, struct splice_desc *sd,
 * splice_direct_actor *): what do_splice_direct() calls, and what nfsd
 * calls itself for its splice reads (the default for NFS reads of most
 * local filesystems).  Outside do_splice_direct() (whose mark it finds),
 * the kernel's read of @in: sd->pos and sd->total_len are the position
 * and the size (struct splice_desc is public, include/linux/splice.h).
 */
RW_ENTRY(vfsmod_splice_actor_read)
{
	const enum vfsmod_event ev = VFSMOD_EV_vfs_read;
	const struct splice_desc *sd = (const struct splice_desc *)a1;

	if (!trace_vfs_read_enabled() || rw_inner(ev, (const void *)a0))
		return 1;
	return rw_begin(ev, data, a0, sd->pos, sd->total_len,
			VFSMOD_VIA_kernel, false);
}

NOKPROBE_SYMBOL(vfsmod_splice_actor_read_entry);
RW_EXIT(vfsmod_splice_actor_read, read);

/*
 * splice_file_to_pipe(struct file *in, struct pipe_inode_info *, loff_t *,
 * size_t, unsigned int) (6.1 and later): sendfile to a pipe; splice's own
 * call is left to do_splice by its mark.
 */
RW_ENTRY(vfsmod_splice_to_pipe)
{
	const enum vfsmod_event ev = VFSMOD_EV_vfs_read;

	if (!trace_vfs_read_enabled() || rw_inner(ev, (const void *)a0))
		return 1;
	return rw_begin(ev, data, a0, rw_pos(a2), a3,
			rw_label(ev, VFSMOD_VIA_kernel), false);
}

NOKPROBE_SYMBOL(vfsmod_splice_to_pipe_entry);
RW_EXIT(vfsmod_splice_to_pipe, read);

/*
 * do_splice(struct file *in, loff_t *off_in, struct file *out,
 * loff_t *off_out, size_t len, unsigned int flags): splice(2) and
 * io_uring's SPLICE.  One end is a pipe; the other, if it is a file, gets
 * the event.  The offsets are kernel pointers here (NULL: the file's
 * position).
 */
static __always_inline bool is_pipe(unsigned long file)
{
	return S_ISFIFO(file_inode((const struct file *)file)->i_mode);
}

static __always_inline s64 splice_pos(unsigned long file, unsigned long off)
{
	return off ? *(const loff_t *)off :
		     READ_ONCE(((const struct file *)file)->f_pos);
}

RW_ENTRY(vfsmod_splice_read)
{
	if (!trace_vfs_read_enabled() || is_pipe(a0) || !is_pipe(a2))
		return 1;
	return rw_begin(VFSMOD_EV_vfs_read, data, a0, splice_pos(a0, a1), a4,
			VFSMOD_VIA_splice, true);
}

NOKPROBE_SYMBOL(vfsmod_splice_read_entry);
RW_EXIT(vfsmod_splice_read, read);

RW_ENTRY(vfsmod_splice_write)
{
	if (!trace_vfs_write_enabled() || !is_pipe(a0) || is_pipe(a2))
		return 1;
	return rw_begin(VFSMOD_EV_vfs_write, data, a2, splice_pos(a2, a3), a4,
			VFSMOD_VIA_splice, true);
}

NOKPROBE_SYMBOL(vfsmod_splice_write_entry);
RW_EXIT(vfsmod_splice_write, write);

/*
 * vfs_copy_file_range(struct file *in, loff_t pos_in, struct file *out,
 * loff_t pos_out, size_t len, unsigned int flags): one event on each file,
 * whether the filesystem copies or clones by itself or the VFS falls back
 * to splicing (whose hooks the marks silence).  nfsd and ksmbd
 * server-side copies come this way too.
 */
RW_ENTRY(vfsmod_copy_read)
{
	if (!trace_vfs_read_enabled())
		return 1;
	return rw_begin(VFSMOD_EV_vfs_read, data, a0, (s64)a1, a4,
			VFSMOD_VIA_copy_file_range, true);
}

NOKPROBE_SYMBOL(vfsmod_copy_read_entry);
RW_EXIT(vfsmod_copy_read, read);

RW_ENTRY(vfsmod_copy_write)
{
	if (!trace_vfs_write_enabled())
		return 1;
	return rw_begin(VFSMOD_EV_vfs_write, data, a2, (s64)a3, a4,
			VFSMOD_VIA_copy_file_range, true);
}

NOKPROBE_SYMBOL(vfsmod_copy_write_entry);
RW_EXIT(vfsmod_copy_write, write);
