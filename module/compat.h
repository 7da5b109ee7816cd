/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * compat.h - the only reader of the HAVE_* macros.
 *
 * vfsmod_config.h is generated at build time by compat/detect.sh, which
 * compiles one tiny test per question (compat/tests/HAVE_*.c) against the
 * headers of the kernel being built for.  Everything below turns those
 * answers into inline accessors, so probe code never tests a version.
 * Kernels older than 5.10 are refused by the Makefile, before any of it.
 */
#ifndef _VFSMOD_COMPAT_H
#define _VFSMOD_COMPAT_H

/*
 * The direct-call backend (probe_direct.c, probe_direct_tramp.S): an
 * x86-64 trampoline of vfsmod's own behind register_ftrace_direct(ops,
 * addr) (6.4+).  Read by the trampoline's .S as well: asm-safe up to the
 * __ASSEMBLY__ guard below.
 */
#if defined(CONFIG_X86_64) && \
	defined(CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS) && \
	defined(HAVE_REGISTER_FTRACE_DIRECT_OPS)
#define VFSMOD_DIRECT_BACKEND	1
#endif

#ifndef __ASSEMBLY__

#include <linux/dcache.h>
#include <linux/fs.h>
#include <linux/kprobes.h>
#include <linux/ptrace.h>
#include <linux/seqlock.h>

#ifndef HAVE_RENAMEDATA
#error "vfsmod: vfs_rename() without struct renamedata (needs 5.12, or a 5.10 with the backport)"
#endif

#ifndef HAVE_REGS_GET_KERNEL_ARGUMENT
#error "vfsmod: regs_get_kernel_argument() is missing (x86_64 and arm64 have it since 5.1; other architectures are not supported)"
#endif

/*
 * d_seq is a seqcount_spinlock_t.  Its reader helpers may take d_lock
 * when the count is odd on PREEMPT_RT (a sleeping lock there), so read
 * the bare seqcount_t inside it.  Not const: the seqlock.h dispatch
 * macros do not accept const pointers on every kernel.
 */
static inline seqcount_t *vfsmod_dentry_seq(const struct dentry *d)
{
#ifdef HAVE_D_SEQ_SEQCOUNT
	return (seqcount_t *)&d->d_seq.seqcount;
#else
	return (seqcount_t *)&d->d_seq;
#endif
}

/* 6.14 moved the inline name into union shortname_store d_shortname. */
static inline const unsigned char *vfsmod_dentry_inline_name(const struct dentry *d)
{
#ifdef HAVE_DENTRY_D_SHORTNAME
	return d->d_shortname.string;
#else
	return d->d_iname;
#endif
}

#ifdef HAVE_DENTRY_D_SHORTNAME
#define VFSMOD_DNAME_INLINE_SIZE	sizeof(((struct dentry *)0)->d_shortname.string)
#else
#define VFSMOD_DNAME_INLINE_SIZE	sizeof(((struct dentry *)0)->d_iname)
#endif

/* 5.11 hid ri->rp behind get_kretprobe(). */
static inline struct kretprobe *vfsmod_kretprobe_of(struct kretprobe_instance *ri)
{
#ifdef HAVE_GET_KRETPROBE
	return get_kretprobe(ri);
#else
	return ri->rp;
#endif
}

/*
 * The fprobe backend is built where the kernel runs fprobes and their
 * handlers have one of the two shapes we know:
 *   6.12:  int/void (fp, entry_ip, ret_ip, struct pt_regs *, data)
 *   6.14+: int/void (fp, entry_ip, ret_ip, struct ftrace_regs *, data)
 * 6.1 has the header with an older shape but CONFIG_FPROBE off.
 */
#if IS_ENABLED(CONFIG_FPROBE) && defined(HAVE_FPROBE_H)
#if defined(HAVE_FPROBE_FTRACE_REGS) && defined(HAVE_FTRACE_REGS_GET_ARGUMENT) && \
	defined(HAVE_FTRACE_REGS_GET_RETURN_VALUE)
#define VFSMOD_FPROBE_BACKEND	1
/*
 * 6.14 rebuilt fprobe on fgraph (with the ftrace_regs handlers): fgraph's
 * return slots and its BIT(0) bug (see probe_fprobe.c) come with it.
 */
#define VFSMOD_FPROBE_ON_FGRAPH	1
#define vfsmod_fprobe_regs	ftrace_regs
#define vfsmod_fprobe_arg(r, n)	ftrace_regs_get_argument(r, n)
#define vfsmod_fprobe_ret(r)	ftrace_regs_get_return_value(r)
#elif defined(HAVE_FPROBE_PT_REGS_RETIP)
#define VFSMOD_FPROBE_BACKEND	1
#define VFSMOD_FPROBE_ON_FGRAPH	0
#define vfsmod_fprobe_regs	pt_regs
#define vfsmod_fprobe_arg(r, n)	regs_get_kernel_argument(r, n)
#define vfsmod_fprobe_ret(r)	regs_return_value(r)
#endif
#endif

#ifdef VFSMOD_FPROBE_BACKEND
#include <linux/fprobe.h>

/* 6.4 to 6.13: return slots from a pool; fgraph's shadow stack after. */
static inline void vfsmod_fprobe_set_maxactive(struct fprobe *fp,
					       unsigned int n)
{
#ifdef HAVE_FPROBE_NR_MAXACTIVE
	fp->nr_maxactive = n;
#endif
}
#endif

/*
 * The bare seqcount_t of a seqlock_t (rename_lock, mount_lock) and of a
 * task's fs_struct: reading it never takes the lock beside it, which the
 * seqlock reader helpers may do (a sleeping lock on PREEMPT_RT).
 */
static inline seqcount_t *vfsmod_seqlock_seq(seqlock_t *sl)
{
#ifdef HAVE_SEQLOCK_SEQCOUNT_T
	return &sl->seqcount.seqcount;
#else
	return &sl->seqcount;
#endif
}

/* 7.x made fs_struct's lock + seqcount one seqlock_t. */
struct fs_struct;
#define vfsmod_fs_seq(fs)	__vfsmod_fs_seq(&(fs)->seq)
#ifdef HAVE_FS_STRUCT_SEQLOCK
static inline seqcount_t *__vfsmod_fs_seq(seqlock_t *seq)
{
	return vfsmod_seqlock_seq(seq);
}
#else
static inline seqcount_t *__vfsmod_fs_seq(seqcount_spinlock_t *seq)
{
	return &seq->seqcount;
}
#endif

/*
 * io_uring's requests.  struct io_kiocb is public from 6.0
 * (<linux/io_uring_types.h>); the submitting task is req->task up to 6.12
 * and req->tctx->task from 6.13, the result req->cqe.res.  Debian's 5.10
 * carries the 5.15 io_uring, whose struct io_kiocb and REQ_F_* flags are
 * private: their offsets and values come from the kernel's BTF
 * (compat/layout.sh), the result is req->result, and a request that
 * io_read()/io_write() complete is not always done when they return 0
 * (vfsmod_io_req_done()).  Without either, vfsmod sees no io_uring
 * request (async_hooks.c).
 */
#include "vfsmod_layout.h"

#if defined(HAVE_IO_URING_TYPES_H) && \
	(defined(HAVE_IO_KIOCB_TASK) || defined(HAVE_IO_KIOCB_TCTX_TASK))
#define VFSMOD_IO_URING		1
/* The result stays in the request: no CQE poster to hook. */
#define VFSMOD_IO_URING_POST	NULL
#include <linux/io_uring_types.h>

static inline struct task_struct *vfsmod_io_req_task(const struct io_kiocb *req)
{
#ifdef HAVE_IO_KIOCB_TASK
	return req->task;
#else
	return req->tctx->task;
#endif
}

static inline struct file *vfsmod_io_req_file(const struct io_kiocb *req)
{
	return req->file;
}

static inline bool vfsmod_io_req_nowait(const struct io_kiocb *req)
{
	return req->flags & REQ_F_NOWAIT;
}

static inline bool vfsmod_io_req_reissue(const struct io_kiocb *req)
{
	return req->flags & REQ_F_REISSUE;
}

static inline int vfsmod_io_req_res(const struct io_kiocb *req)
{
	return req->cqe.res;
}

/* io_read()/io_write() returned 0: the request is done, its CQE queued. */
static inline bool vfsmod_io_req_done(const struct io_kiocb *req)
{
	return true;
}

/* The request is the kiocb's container from offset 0. */
static_assert(offsetof(struct io_kiocb, file) == 0);
#elif defined(VFSMOD_HAVE_IO_KIOCB_LAYOUT)
#define VFSMOD_IO_URING		1
/* Posts an io-wq worker's inline completion, keeping no result. */
#define VFSMOD_IO_URING_POST	"io_req_complete_post"

/* Opaque here: read only through the offsets from BTF. */
struct io_kiocb;

static_assert(sizeof(struct kiocb) == VFSMOD_BTF_SIZEOF_KIOCB,
	      "vfsmod_layout.h: BTF of another kernel (struct kiocb)");
/* The request is its kiocb's container from offset 0 (req->rw.kiocb). */
static_assert(VFSMOD_IO_KIOCB_RW == 0 && VFSMOD_IO_RW_KIOCB == 0 &&
	      VFSMOD_IO_KIOCB_FILE == 0);

#define vfsmod_io_req_member(req, type, off) \
	(*(type const *)((const char *)(req) + (off)))

static inline struct task_struct *vfsmod_io_req_task(const struct io_kiocb *req)
{
	return vfsmod_io_req_member(req, struct task_struct *,
				    VFSMOD_IO_KIOCB_TASK);
}

static inline struct file *vfsmod_io_req_file(const struct io_kiocb *req)
{
	return vfsmod_io_req_member(req, struct file *, VFSMOD_IO_KIOCB_FILE);
}

static inline unsigned int vfsmod_io_req_flags(const struct io_kiocb *req)
{
	return READ_ONCE(vfsmod_io_req_member(req, unsigned int,
					      VFSMOD_IO_KIOCB_FLAGS));
}

static inline bool vfsmod_io_req_nowait(const struct io_kiocb *req)
{
	return vfsmod_io_req_flags(req) & VFSMOD_REQ_F_NOWAIT;
}

static inline bool vfsmod_io_req_reissue(const struct io_kiocb *req)
{
	return vfsmod_io_req_flags(req) & VFSMOD_REQ_F_REISSUE;
}

static inline int vfsmod_io_req_res(const struct io_kiocb *req)
{
	return READ_ONCE(vfsmod_io_req_member(req, int,
					      VFSMOD_IO_KIOCB_RESULT));
}

/*
 * io_read()/io_write() also return 0 for a request the filesystem queued
 * (-EIOCBQUEUED) or that io_uring retries when a page is unlocked; one
 * they completed is marked REQ_F_COMPLETE_INLINE (its CQE deferred), or
 * was posted inside them (io_req_complete_post(), in an io-wq worker).
 */
static inline bool vfsmod_io_req_done(const struct io_kiocb *req)
{
	return vfsmod_io_req_flags(req) & VFSMOD_REQ_F_COMPLETE_INLINE;
}
#else
#define VFSMOD_IO_URING		0
#define VFSMOD_IO_URING_POST	NULL
#endif

/*
 * 6.6 to 6.12: io_uring lets a direct write complete in its task work
 * (IOCB_DIO_CALLER_COMP): ki_complete() then gets 0 and the result comes
 * from dio_complete() later.
 */
static inline bool vfsmod_kiocb_result_deferred(const struct kiocb *iocb)
{
#ifdef HAVE_KIOCB_DIO_COMPLETE
	return (iocb->ki_flags & IOCB_DIO_CALLER_COMP) && iocb->dio_complete;
#else
	return false;
#endif
}

#endif /* !__ASSEMBLY__ */

#endif /* _VFSMOD_COMPAT_H */
