// SPDX-License-Identifier: GPL-2.0-only
/*
 * async_hooks.c - io_uring and Linux aio reads and writes: one vfs_read
 * or vfs_write event per request and file (via io_uring, via aio), with
 * the task that submitted it in tid, however the request completes.
 *
 * A request is issued by a function that sees it and may return before
 * the I/O is done:
 *
 *   io_uring READ, READV, READ_FIXED      io_read(req, issue_flags)
 *   io_uring WRITE, WRITEV, WRITE_FIXED   io_write(req, issue_flags)
 *   aio IOCB_CMD_PREAD(V), PWRITE(V)      aio_read/aio_write(kiocb, ...)
 *
 * (7.2's io_read_fixed() and io_write_fixed() end in these.)  Each checks
 * the request with rw_verify_area(rw, file, ppos, count) before the
 * filesystem sees it: that call gives the position and the size.  The
 * issuing function marks the task with the request (marks.c), and a
 * probe on the issuer's own call of rw_verify_area() (on 6.1 and later
 * io_read()'s is in __io_read(); callsite.c finds them), finding the mark,
 * records the request in a table keyed by it: the struct io_kiocb for
 * io_uring, the struct kiocb for aio.  Plain reads and writes, which call
 * rw_verify_area() too, meet no probe there.  The request then ends one
 * way:
 *
 *   inline   the filesystem returned the result to the issuer: io_read()
 *            and io_write() return 0 with it in req->cqe.res, or an
 *            error; aio_rw_done() hands it to aio_complete_rw() at once;
 *   later    the filesystem returned -EIOCBQUEUED and calls ki_complete
 *            when the I/O is done, from the block layer's completion (hard
 *            or soft interrupt) or a worker.  aio: aio_complete_rw() is
 *            hooked, in any context.  io_uring: io_complete_rw() queues
 *            io_req_rw_complete() as task work of the submitter, with the
 *            final result (earlier partial transfers included) in
 *            req->cqe.res; that runs in process context, and is hooked.
 *            A ring set up with IORING_SETUP_IOPOLL completes through
 *            io_complete_rw_iopoll() instead, in any context, also hooked;
 *   again    io_uring's nonblocking attempt returned -EAGAIN, or a
 *            completion asked for a reissue (REQ_F_REISSUE), or a buffered
 *            read waits for a page: the request is issued once more, by an
 *            io-wq worker or from task work.  Its entry stays in the table,
 *            so only the attempt that completes it gives the event, with
 *            the position and size of the first attempt.
 *
 * tid is the submitter, never the completing context.  aio_read/write run
 * in the io_submit() caller.  An io_uring request names the task that
 * submitted it (req->task; req->tctx->task from 6.13), the caller of
 * io_uring_enter() or the ring's SQPOLL thread, even when every attempt
 * runs in an io-wq worker (IOSQE_ASYNC); its pid is read at the first
 * attempt and carried in the table to the completion.
 *
 * The table: one per event, allocated when the event is enabled (process
 * context) and freed after its hooks are detached, open-addressed by the
 * request.  An entry is claimed, taken and given back with cmpxchg() and
 * a release store on its key, so nothing here sleeps, takes a lock or
 * allocates, and aio's completion runs in any context, PREEMPT_RT
 * included.  An entry whose end was never seen (a request cancelled while
 * it waited, a missed probe) is replaced when its slots are needed and it
 * is older than VFSMOD_ASYNC_TTL, or when its request pointer is reused
 * by another task; that, and a request finding no free slot (no event),
 * are counted as dropped.
 *
 * 5.10's stable series carries the 5.15 io_uring, whose struct io_kiocb
 * is private: its layout comes from the kernel's BTF (compat.h), and the
 * result ends up in the request at other places.  io_read()/io_write()
 * return 0 also for a queued request, and one they completed has either
 * its CQE deferred (REQ_F_COMPLETE_INLINE, the result in req->result) or,
 * in an io-wq worker, posted at once by io_req_complete_post(), which is
 * hooked there: it gives the event of any request still in the table,
 * with the result the CQE gets.  io_req_rw_complete() and
 * io_complete_rw_iopoll() have the same names and roles as on 6.x.
 * Where that BTF was missing at build time, the io_uring hooks see
 * nothing and the enable says so.  Linux aio is seen on every kernel.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/fs.h>
#include <linux/hash.h>
#include <linux/jiffies.h>
#include <linux/kprobes.h>
#include <linux/log2.h>
#include <linux/sched.h>
#include <linux/vmalloc.h>

#include "compat.h"
#include "vfsmod.h"
#include "async_hooks.h"
#include "event_fields.h"
#include "marks.h"
#include "rw_hooks.h"
#include "stats.h"
#include "vfsmod_events.h"
#include "vfsmod_via.h"

/* Requests in flight per event, and slots tried from a kiocb's hash. */
#define ASYNC_BITS	12
#define ASYNC_PROBES	16
/* An entry this old may be a request whose end was not seen. */
#define VFSMOD_ASYNC_TTL	(30 * HZ)

struct vfsmod_async_req {
	const void *key;		/* NULL: free; ASYNC_BUSY: owned */
	const struct kiocb *kiocb;	/* NULL for a stream file */
	unsigned long stamp;		/* jiffies at the first attempt */
	s64 pos;
	u64 count;
	s32 tid;
	bool nowait;			/* -EAGAIN is its result */
	/* The submitter's, read in its context (another task's may go). */
	struct vfsmod_task_ids ids;
};

static struct vfsmod_async_req *vfsmod_async[VFSMOD_NR_EVENTS];

/* The key of an entry being read or written by whoever swapped it in. */
static const char async_busy_key[] = "busy";
#define ASYNC_BUSY	((const void *)async_busy_key)

/*
 * The mark of a task inside io_read/io_write/aio_read/aio_write: via holds
 * the submitter's tid, and ASYNC_M_NOWAIT for a request that is never
 * issued again (aio, io_uring's REQ_F_NOWAIT); count holds the request
 * (word aligned) and, once rw_verify_area() has been called, one of:
 */
static const char async_mark_key[] = "async";
#define ASYNC_MARK		((const void *)async_mark_key)
#define ASYNC_M_RECORDED	1UL	/* in the table */
#define ASYNC_M_LOST		2UL	/* not: no free slot */
#define ASYNC_M_FLAGS		3UL
#define ASYNC_M_NOWAIT		BIT(31)	/* in via; pids stay below */

int vfsmod_async_create(enum vfsmod_event ev)
{
	if (!VFSMOD_IO_URING)
		pr_notice_once("io_uring requests are not seen on this kernel: its struct io_kiocb is private and was not in its BTF at build time (aio requests are seen)\n");
	vfsmod_async[ev] = vzalloc(array_size(1UL << ASYNC_BITS,
					      sizeof(*vfsmod_async[ev])));
	return vfsmod_async[ev] ? 0 : -ENOMEM;
}

/* Only once no handler of @ev can run any more (after the detach). */
void vfsmod_async_destroy(enum vfsmod_event ev)
{
	vfree(vfsmod_async[ev]);
	vfsmod_async[ev] = NULL;
}

static __always_inline struct vfsmod_async_req *
async_at(enum vfsmod_event ev, unsigned long h, unsigned int i)
{
	return &vfsmod_async[ev][(h + i) & ((1UL << ASYNC_BITS) - 1)];
}

/* Own the entry of request @key (key swapped to busy), or NULL. */
static struct vfsmod_async_req *async_take(enum vfsmod_event ev,
					   const void *key)
{
	unsigned long h = hash_ptr(key, ASYNC_BITS);
	unsigned int i;

	for (i = 0; i < ASYNC_PROBES; i++) {
		struct vfsmod_async_req *e = async_at(ev, h, i);

		if (READ_ONCE(e->key) == key &&
		    cmpxchg(&e->key, key, ASYNC_BUSY) == key)
			return e;
	}
	return NULL;
}

NOKPROBE_SYMBOL(async_take);

/* Give an owned entry back to request @key, or (NULL) free it. */
static __always_inline void async_put(struct vfsmod_async_req *e,
				      const void *key)
{
	/* Orders the entry's writes and reads before the next owner's. */
	smp_store_release(&e->key, key);
}

/* A free slot for @key, or one whose request has outlived the TTL. */
static struct vfsmod_async_req *async_claim(enum vfsmod_event ev,
					    const void *key)
{
	unsigned long h = hash_ptr(key, ASYNC_BITS);
	unsigned int i;

	for (i = 0; i < ASYNC_PROBES; i++) {
		struct vfsmod_async_req *e = async_at(ev, h, i);

		if (!READ_ONCE(e->key) && !cmpxchg(&e->key, NULL, ASYNC_BUSY))
			return e;
	}
	for (i = 0; i < ASYNC_PROBES; i++) {
		struct vfsmod_async_req *e = async_at(ev, h, i);
		const void *old = READ_ONCE(e->key);

		/* The stamp may be a newer request's: only a hint. */
		if (old && old != ASYNC_BUSY &&
		    time_after(jiffies, READ_ONCE(e->stamp) + VFSMOD_ASYNC_TTL) &&
		    cmpxchg(&e->key, old, ASYNC_BUSY) == old) {
			vfsmod_count(ev, dropped);
			return e;
		}
	}
	return NULL;
}

NOKPROBE_SYMBOL(async_claim);

/*
 * rw_verify_area() inside an attempt: a new request gets an entry; a
 * request issued again keeps the one of its first attempt.
 * Return: false if no slot was free (the request goes unreported).
 */
static bool async_record(enum vfsmod_event ev, const void *key,
			 const struct kiocb *kiocb, s32 tid, bool nowait,
			 s64 pos, u64 count)
{
	struct vfsmod_async_req *e = async_take(ev, key);

	if (e) {
		if (e->tid == tid &&
		    time_before(jiffies, e->stamp + VFSMOD_ASYNC_TTL)) {
			async_put(e, key);
			return true;
		}
		/* A request before on this kiocb whose end was not seen. */
		vfsmod_count(ev, dropped);
	} else {
		e = async_claim(ev, key);
		if (!e) {
			vfsmod_count(ev, dropped);
			return false;
		}
	}
	e->stamp = jiffies;
	e->pos = pos;
	e->count = count;
	e->tid = tid;
	vfsmod_ids(&e->ids);
	e->nowait = nowait;
	e->kiocb = kiocb;
	async_put(e, key);
	return true;
}

NOKPROBE_SYMBOL(async_record);

/* Emit request @key from its entry and free it; false: it has none. */
static bool async_finish(enum vfsmod_event ev, const void *key,
			 const struct file *file, s64 ret, u32 via)
{
	struct vfsmod_async_req *e = async_take(ev, key);

	if (!e)
		return false;
	vfsmod_rw_trace(ev, file, e->pos, e->count, ret, e->tid, via, &e->ids);
	async_put(e, NULL);
	return true;
}

NOKPROBE_SYMBOL(async_finish);

/* The start of an attempt: mark the task for rw_verify_area(). */
static __always_inline int async_begin(enum vfsmod_event ev, const void *req,
				       u32 tid, void *data)
{
	struct vfsmod_async_carry *c = data;
	struct vfsmod_mark *m;

	/* io_read_fixed() -> io_read(): the outer call has it. */
	if (vfsmod_mark_find(ev, ASYNC_MARK, NULL))
		return 1;
	c->mark = vfsmod_mark_set(ev, ASYNC_MARK, NULL);
	if (unlikely(c->mark < 0)) {
		vfsmod_count(ev, dropped);
		return 1;
	}
	m = vfsmod_mark_at(ev, c->mark);
	m->via = tid;
	m->count = (unsigned long)req;
	c->req = req;
	return 0;
}

/* The end of an attempt: the mark's flags, mark cleared. */
static __always_inline unsigned long async_end(enum vfsmod_event ev,
					       const struct vfsmod_async_carry *c,
					       s32 *tid)
{
	const struct vfsmod_mark *m = vfsmod_mark_at(ev, c->mark);
	unsigned long rec = m->count & ASYNC_M_FLAGS;

	*tid = m->via & ~ASYNC_M_NOWAIT;
	vfsmod_mark_clear(ev, c->mark);
	return rec;
}

/*
 * The callbacks of hooks.c's table, a read and a write one per hook: an
 * entry and an exit on a begin and an end of this file, or an entry-only
 * step (its value is ignored: entry-only hooks have no return probe).
 */
#define ASYNC_ENTRY_CALLBACK(name, ev, begin)				\
int name##_entry(unsigned long a0, unsigned long a1, unsigned long a2,	\
		 unsigned long a3, unsigned long a4, unsigned long a5,	\
		 void *data)						\
{									\
	return begin(VFSMOD_EV_##ev, a0, data);				\
}									\
NOKPROBE_SYMBOL(name##_entry)

#define ASYNC_EXIT_CALLBACK(name, ev, end)				\
void name##_exit(unsigned long ret, void *data)				\
{									\
	end(VFSMOD_EV_##ev, ret, data);					\
}									\
NOKPROBE_SYMBOL(name##_exit)

#define ASYNC_STEP_CALLBACK(name, ev, step)				\
int name##_entry(unsigned long a0, unsigned long a1, unsigned long a2,	\
		 unsigned long a3, unsigned long a4, unsigned long a5,	\
		 void *data)						\
{									\
	step(VFSMOD_EV_##ev, a0, a1, a2, a3);				\
	return 0;							\
}									\
NOKPROBE_SYMBOL(name##_entry)

/*
 * rw_verify_area(int read_write, struct file *, const loff_t *ppos,
 * size_t count), at an issuer's call: the arguments as the call passes
 * them.  Only the first call of an attempt counts.  ppos is
 * &kiocb->ki_pos, or NULL for a stream file (position 0).
 */
static __always_inline void async_verify(enum vfsmod_event ev,
					 unsigned long rw, unsigned long file,
					 unsigned long ppos, unsigned long count)
{
	const loff_t *pos = (const loff_t *)ppos;
	struct vfsmod_mark *m;

	if (rw != (ev == VFSMOD_EV_vfs_write ? WRITE : READ) ||
	    !vfsmod_rw_enabled(ev))
		return;
	m = vfsmod_mark_find(ev, ASYNC_MARK, NULL);
	if (!m || (m->count & ASYNC_M_FLAGS))
		return;
	if (async_record(ev, (const void *)m->count,
			 pos ? container_of(pos, struct kiocb, ki_pos) : NULL,
			 m->via & ~ASYNC_M_NOWAIT, m->via & ASYNC_M_NOWAIT,
			 pos ? *pos : 0, count))
		m->count |= ASYNC_M_RECORDED;
	else
		m->count |= ASYNC_M_LOST;
}

ASYNC_STEP_CALLBACK(vfsmod_async_read_verify, vfs_read, async_verify);
ASYNC_STEP_CALLBACK(vfsmod_async_write_verify, vfs_write, async_verify);

#if VFSMOD_IO_URING
/*
 * io_read/io_write(struct io_kiocb *req, unsigned int issue_flags), one
 * attempt.  They return 0 (done: the result is in req->cqe.res; on 5.10
 * see vfsmod_io_req_done()), -EIOCBQUEUED (IOU_ISSUE_SKIP_COMPLETE:
 * io_req_rw_complete() comes), -EAGAIN (issued again later, unless
 * REQ_F_NOWAIT makes it the result), or another error (the result).
 */
static __always_inline int uring_begin(enum vfsmod_event ev,
				       unsigned long req, void *data)
{
	const struct io_kiocb *r = (const struct io_kiocb *)req;

	if (!vfsmod_rw_enabled(ev))
		return 1;
	return async_begin(ev, r, vfsmod_io_req_task(r)->pid |
			   (vfsmod_io_req_nowait(r) ? ASYNC_M_NOWAIT : 0), data);
}

static __always_inline void uring_exit(enum vfsmod_event ev, unsigned long ret,
				       void *data)
{
	const struct vfsmod_async_carry *c = data;
	const struct io_kiocb *req = c->req;
	struct file *file = vfsmod_io_req_file(req);
	int res = (int)ret;
	s32 tid;
	unsigned long rec = async_end(ev, c, &tid);

	if (res == -EIOCBQUEUED ||
	    (res == -EAGAIN && !vfsmod_io_req_nowait(req)))
		return;		/* completed later, or issued again */
	if (!res) {
		if (!vfsmod_io_req_done(req))
			return;	/* completed later, or posted (5.10) */
		res = vfsmod_io_req_res(req);
	}
	/*
	 * No entry: refused before rw_verify_area() gave its position and
	 * size, unless that recorded one (rec) and another hook of the
	 * request gave the event (5.10: a completion that ran meanwhile).
	 */
	if (!async_finish(ev, req, file, res, VFSMOD_VIA_io_uring) && !rec &&
	    file)
		vfsmod_rw_trace(ev, file, 0, 0, res, tid, VFSMOD_VIA_io_uring,
				NULL);
}

/*
 * io_req_rw_complete(req, ...): the task work that io_complete_rw() (the
 * ki_complete of io_uring's reads and writes, for a result the issuer did
 * not get) queues for the submitter, with the final result in
 * req->cqe.res.  On 7.x it also runs for a request to be issued again
 * (REQ_F_REISSUE).  Entry and exit: from 6.6 to 6.12 a direct write's
 * result is computed inside it (IOCB_DIO_CALLER_COMP: dio_complete()),
 * so that request is emitted at the exit, where the request is still
 * queued for its CQE, its file held (io_req_task_complete() only defers
 * there).  Every other is emitted at the entry: on 6.1 the request and
 * its file may be put before the return.
 */
static __always_inline int uring_complete_begin(enum vfsmod_event ev,
						unsigned long a0, void *data)
{
	const struct io_kiocb *req = (const struct io_kiocb *)a0;
	struct vfsmod_async_carry *c = data;
	struct vfsmod_async_req *e;

	if (!vfsmod_rw_enabled(ev))
		return 1;
	e = async_take(ev, req);
	if (!e)
		return 1;
	if (vfsmod_io_req_reissue(req)) {
		async_put(e, req);
		return 1;
	}
	if (unlikely(e->kiocb && vfsmod_kiocb_result_deferred(e->kiocb))) {
		async_put(e, req);
		c->req = req;
		return 0;
	}
	vfsmod_rw_trace(ev, vfsmod_io_req_file(req), e->pos, e->count,
			vfsmod_io_req_res(req), e->tid, VFSMOD_VIA_io_uring,
			&e->ids);
	async_put(e, NULL);
	return 1;
}

static __always_inline void uring_complete_end(enum vfsmod_event ev,
					       unsigned long ret, void *data)
{
	const struct vfsmod_async_carry *c = data;
	const struct io_kiocb *req = c->req;

	async_finish(ev, req, vfsmod_io_req_file(req), vfsmod_io_req_res(req),
		     VFSMOD_VIA_io_uring);
}

/*
 * io_complete_rw_iopoll(struct kiocb *, long res): the ki_complete of the
 * requests of IORING_SETUP_IOPOLL rings, in the issuer (a result it got
 * at once) or from the block layer's completion, any context.  Entry
 * only: once it has run, the polling task may complete and free the
 * request at any moment.  The kiocb is the request's first member (its
 * ki_filp is req->file).  -EAGAIN is issued again (the entry stays for
 * that attempt) unless the request was nowait; a completion that
 * io_uring does not reissue after all leaves its entry to expire, counted
 * as dropped.  The result is the attempt's: the bytes of an earlier
 * partial attempt (a short write) are not added.
 */
static __always_inline void uring_iopoll_done(enum vfsmod_event ev,
					      unsigned long a0, unsigned long a1,
					      unsigned long a2, unsigned long a3)
{
	const struct io_kiocb *req = (const struct io_kiocb *)a0;
	long res = (long)a1;
	struct vfsmod_async_req *e;

	if (!vfsmod_rw_enabled(ev))
		return;
	e = async_take(ev, req);
	if (!e)
		return;
	if (res == -EAGAIN && !e->nowait) {
		async_put(e, req);
		return;
	}
	vfsmod_rw_trace(ev, vfsmod_io_req_file(req), e->pos, e->count, res,
			e->tid, VFSMOD_VIA_io_uring, &e->ids);
	async_put(e, NULL);
}

/*
 * io_req_complete_post(struct io_kiocb *req, s32 res, u32 cflags), hooked
 * on the 5.15 io_uring only: it posts a CQE at once, among others the one
 * of a read or write that an io-wq worker completed inside io_read() or
 * io_write(), whose result the request does not keep.  Entry only: every
 * request's CQE may pass here; one that is in the table is final (a CQE
 * is posted once), and gives the event with the CQE's result.
 */
static __always_inline void uring_posted(enum vfsmod_event ev,
					 unsigned long a0, unsigned long a1,
					 unsigned long a2, unsigned long a3)
{
	const struct io_kiocb *req = (const struct io_kiocb *)a0;

	if (vfsmod_rw_enabled(ev))
		async_finish(ev, req, vfsmod_io_req_file(req), (int)a1,
			     VFSMOD_VIA_io_uring);
}
#else
/* No public struct io_kiocb: nothing to read the request from. */
static __always_inline int uring_begin(enum vfsmod_event ev,
				       unsigned long req, void *data)
{
	return 1;
}

static __always_inline void uring_exit(enum vfsmod_event ev, unsigned long ret,
				       void *data)
{
}

static __always_inline int uring_complete_begin(enum vfsmod_event ev,
						unsigned long a0, void *data)
{
	return 1;
}

static __always_inline void uring_complete_end(enum vfsmod_event ev,
					       unsigned long ret, void *data)
{
}

static __always_inline void uring_iopoll_done(enum vfsmod_event ev,
					      unsigned long a0, unsigned long a1,
					      unsigned long a2, unsigned long a3)
{
}

static __always_inline void uring_posted(enum vfsmod_event ev,
					 unsigned long a0, unsigned long a1,
					 unsigned long a2, unsigned long a3)
{
}
#endif

ASYNC_ENTRY_CALLBACK(vfsmod_uring_read, vfs_read, uring_begin);
ASYNC_EXIT_CALLBACK(vfsmod_uring_read, vfs_read, uring_exit);
ASYNC_ENTRY_CALLBACK(vfsmod_uring_write, vfs_write, uring_begin);
ASYNC_EXIT_CALLBACK(vfsmod_uring_write, vfs_write, uring_exit);
ASYNC_ENTRY_CALLBACK(vfsmod_uring_read_complete, vfs_read,
		     uring_complete_begin);
ASYNC_EXIT_CALLBACK(vfsmod_uring_read_complete, vfs_read, uring_complete_end);
ASYNC_ENTRY_CALLBACK(vfsmod_uring_write_complete, vfs_write,
		     uring_complete_begin);
ASYNC_EXIT_CALLBACK(vfsmod_uring_write_complete, vfs_write,
		    uring_complete_end);
ASYNC_STEP_CALLBACK(vfsmod_uring_read_iopoll, vfs_read, uring_iopoll_done);
ASYNC_STEP_CALLBACK(vfsmod_uring_write_iopoll, vfs_write, uring_iopoll_done);
ASYNC_STEP_CALLBACK(vfsmod_uring_read_posted, vfs_read, uring_posted);
ASYNC_STEP_CALLBACK(vfsmod_uring_write_posted, vfs_write, uring_posted);

/*
 * aio_read/aio_write(struct kiocb *, const struct iocb *, bool vectored,
 * bool compat), in the io_submit() caller.  Once rw_verify_area() has
 * passed, aio_rw_done() always ends in aio_complete_rw(), inline or
 * later; an error before is io_submit()'s result, and the event's.
 */
static __always_inline int aio_begin(enum vfsmod_event ev, unsigned long kiocb,
				     void *data)
{
	if (!vfsmod_rw_enabled(ev))
		return 1;
	/* aio never issues a request again. */
	return async_begin(ev, (const void *)kiocb,
			   current->pid | ASYNC_M_NOWAIT, data);
}

static __always_inline void aio_exit(enum vfsmod_event ev, unsigned long ret,
				     void *data)
{
	const struct vfsmod_async_carry *c = data;
	const struct kiocb *kiocb = c->req;
	s32 tid;
	unsigned long rec = async_end(ev, c, &tid);

	if (!(int)ret)
		return;		/* aio_complete_rw() reports it */
	if (!async_finish(ev, kiocb, kiocb->ki_filp, (int)ret, VFSMOD_VIA_aio) &&
	    rec != ASYNC_M_LOST && kiocb->ki_filp)
		vfsmod_rw_trace(ev, kiocb->ki_filp, 0, 0, (int)ret, tid,
				VFSMOD_VIA_aio, NULL);
}

/* aio_complete_rw(struct kiocb *, long res[, long res2]): any context. */
static __always_inline void aio_complete(enum vfsmod_event ev,
					 unsigned long kiocb, unsigned long res,
					 unsigned long a2, unsigned long a3)
{
	if (vfsmod_rw_enabled(ev))
		async_finish(ev, (const void *)kiocb,
			     ((const struct kiocb *)kiocb)->ki_filp, (long)res,
			     VFSMOD_VIA_aio);
}

ASYNC_ENTRY_CALLBACK(vfsmod_aio_read, vfs_read, aio_begin);
ASYNC_EXIT_CALLBACK(vfsmod_aio_read, vfs_read, aio_exit);
ASYNC_ENTRY_CALLBACK(vfsmod_aio_write, vfs_write, aio_begin);
ASYNC_EXIT_CALLBACK(vfsmod_aio_write, vfs_write, aio_exit);
ASYNC_STEP_CALLBACK(vfsmod_aio_read_complete, vfs_read, aio_complete);
ASYNC_STEP_CALLBACK(vfsmod_aio_write_complete, vfs_write, aio_complete);
