// SPDX-License-Identifier: GPL-2.0-only
/*
 * hooks.c - what each probed function turns into: backend-independent
 * entry/exit callbacks that take plain argument values, copy names with
 * dname.c and fire the events of include/vfsmod_events.h.
 *
 * Entry copies what the exit side needs into the per-call data (a few
 * words: the fprobe cap is 120 bytes since 6.14); everything that can be
 * read at the return is read there, so one record pairs request and
 * result.  The objects read at exit are pinned by the probed function's
 * caller for the whole call: the file (vfs_read/vfs_write), the file and
 * its path (do_dentry_open), the locked parents (vfs_rename), the new
 * dentry (d_alloc).
 *
 * Nothing is copied while no consumer has registered on the event's
 * tracepoint (the probes are attached just before it is registered and
 * detached just after it is unregistered): hits counts events emitted.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/dcache.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/kprobes.h>
#include <linux/path.h>

#include "compat.h"
#include "vfsmod.h"
#include "async_hooks.h"
#include "carry.h"
#include "marks.h"
#include "event_fields.h"
#include "rw_hooks.h"
#include "stats.h"
#include "vfsmod_events.h"

/*
 * do_dentry_open(struct file *f, ...): every struct file opened on a
 * path, whichever way: vfs_open(), and the callers that bypass it
 * (dentry_open() and dentry_create() before 6.12, kernel_file_open(),
 * finish_open() for O_TMPFILE and atomic_open filesystems, the real file
 * behind an overlayfs file).  Its first argument is the file on every
 * kernel; its f_path is set before the call.
 */
struct open_carry {
	struct file *file;
	struct path path;
};

static int open_entry(unsigned long file, unsigned long arg1,
		      unsigned long arg2, unsigned long arg3,
		      unsigned long arg4, unsigned long arg5,
		      void *data)
{
	struct open_carry *c = data;

	if (!trace_vfs_open_enabled())
		return 1;
	c->file = (struct file *)file;
	/* Cleared on failure; the caller keeps its own references. */
	c->path = c->file->f_path;
	return 0;
}

NOKPROBE_SYMBOL(open_entry);

static void open_exit(unsigned long ret, void *data)
{
	struct open_carry *c = data;
	const struct dentry *dentry = c->path.dentry;
	/* The inode opened; cleared on failure, then the path's. */
	const struct inode *inode = c->file->f_inode ?: d_inode(dentry);
	char name[VFSMOD_NAME_SIZE];
	struct vfsmod_open_call call = {
		.ino = vfsmod_ino(inode),
		.dev = vfsmod_dev(inode, dentry),
		.flags = c->file->f_flags,
		.ret = (int)ret,
		.name = name,
		.name_len = vfsmod_name(VFSMOD_EV_vfs_open, dentry, name),
	};

	vfsmod_ids(&call.ids);
	vfsmod_paths_begin();
	call.path_len = vfsmod_path_get(VFSMOD_EV_vfs_open, &c->path,
					&call.path);
	trace_vfs_open(&call);
	vfsmod_path_put();
	vfsmod_paths_end();
	vfsmod_count(VFSMOD_EV_vfs_open, hits);
}

NOKPROBE_SYMBOL(open_exit);

/* vfs_rename(struct renamedata *): names carried in a slot (carry.c). */
struct rename_carry {
	int slot;
	unsigned int flags;
	dev_t dev;
	/* Locked by the caller across the call: their paths are read at exit. */
	const struct dentry *old_dir;
	const struct dentry *new_dir;
};

static int rename_entry(unsigned long renamedata, unsigned long arg1,
			unsigned long arg2, unsigned long arg3,
			unsigned long arg4, unsigned long arg5,
			void *data)
{
	const struct renamedata *rd = (const struct renamedata *)renamedata;
	struct rename_carry *c = data;
	struct vfsmod_name_slot *s;

	if (!trace_vfs_rename_enabled())
		return 1;
	c->slot = vfsmod_slot_get();
	if (c->slot < 0) {
		vfsmod_count(VFSMOD_EV_vfs_rename, dropped);
		return 1;
	}
	s = vfsmod_slot(c->slot);
	c->flags = rd->flags;
	c->dev = vfsmod_dev(d_inode(rd->old_dentry), rd->old_dentry);
	c->old_dir = READ_ONCE(rd->old_dentry->d_parent);
	c->new_dir = READ_ONCE(rd->new_dentry->d_parent);
	s->old_len = vfsmod_name(VFSMOD_EV_vfs_rename, rd->old_dentry,
				 s->old_name);
	s->new_len = vfsmod_name(VFSMOD_EV_vfs_rename, rd->new_dentry,
				 s->new_name);
	return 0;
}

NOKPROBE_SYMBOL(rename_entry);

static void rename_exit(unsigned long ret, void *data)
{
	struct rename_carry *c = data;
	struct vfsmod_name_slot *s = vfsmod_slot(c->slot);
	struct vfsmod_rename_call call = {
		.dev = c->dev,
		.flags = c->flags,
		.ret = (int)ret,
		.old_name = s->old_name,
		.old_name_len = s->old_len,
		.new_name = s->new_name,
		.new_name_len = s->new_len,
	};

	vfsmod_ids(&call.ids);
	vfsmod_paths_begin();
	call.old_dir_len = vfsmod_dentry_path_get(VFSMOD_EV_vfs_rename,
						  c->old_dir, &call.old_dir);
	call.new_dir_len = vfsmod_dentry_path_get(VFSMOD_EV_vfs_rename,
						  c->new_dir, &call.new_dir);
	trace_vfs_rename(&call);
	vfsmod_path_put();
	vfsmod_path_put();
	vfsmod_paths_end();
	vfsmod_slot_put(c->slot);
	vfsmod_count(VFSMOD_EV_vfs_rename, hits);
}

NOKPROBE_SYMBOL(rename_exit);

/*
 * d_alloc: emitted from the new dentry at the return of d_alloc() and of
 * d_alloc_parallel(), the lookup path's allocator.  From 6.12 d_alloc()
 * is inlined into d_alloc_parallel(), so a d_alloc() probe alone misses
 * every lookup of a new name.  Where it is not inlined (5.10, 6.1), the
 * d_alloc() call that d_alloc_parallel() makes is recognised by the
 * task's lookup mark (marks.c) and left to d_alloc_parallel()'s
 * return, so each dentry yields one event on every kernel, whatever else
 * hooks these functions.
 */
static void d_alloc_emit(const struct dentry *dentry)
{
	const struct dentry *parent = READ_ONCE(dentry->d_parent);
	char pname[VFSMOD_NAME_SIZE], name[VFSMOD_NAME_SIZE];
	struct vfsmod_d_alloc_call call = {
		.parent_ino = vfsmod_ino(d_inode(parent)),
		.dev = parent->d_sb->s_dev,
		.parent = pname,
		.parent_len = vfsmod_name(VFSMOD_EV_d_alloc, parent, pname),
		.name = name,
		.name_len = vfsmod_name(VFSMOD_EV_d_alloc, dentry, name),
	};

	vfsmod_ids(&call.ids);
	vfsmod_paths_begin();
	call.parent_path_len = vfsmod_dentry_path_get(VFSMOD_EV_d_alloc,
						      parent,
						      &call.parent_path);
	trace_d_alloc(&call);
	vfsmod_path_put();
	vfsmod_paths_end();
	vfsmod_count(VFSMOD_EV_d_alloc, hits);
}

NOKPROBE_SYMBOL(d_alloc_emit);

/* d_alloc(struct dentry *parent, const struct qstr *name) */
static int d_alloc_entry(unsigned long parent, unsigned long name,
			 unsigned long arg2, unsigned long arg3,
			 unsigned long arg4, unsigned long arg5,
			 void *data)
{
	if (!trace_d_alloc_enabled())
		return 1;
	/* d_alloc_parallel()'s own allocation: reported at its return. */
	return !!vfsmod_mark_find(VFSMOD_EV_d_alloc, (const void *)parent,
				 (const void *)name);
}

NOKPROBE_SYMBOL(d_alloc_entry);

static void d_alloc_exit(unsigned long ret, void *data)
{
	const struct dentry *dentry = (const struct dentry *)ret;

	if (dentry)
		d_alloc_emit(dentry);
}

NOKPROBE_SYMBOL(d_alloc_exit);

/* d_alloc_parallel(struct dentry *parent, const struct qstr *name, wq) */
struct d_alloc_parallel_carry {
	int mark;
};

static int d_alloc_parallel_entry(unsigned long parent, unsigned long name,
				  unsigned long wq, unsigned long arg3,
				  unsigned long arg4, unsigned long arg5,
				  void *data)
{
	struct d_alloc_parallel_carry *c = data;

	if (!trace_d_alloc_enabled())
		return 1;
	c->mark = vfsmod_mark_set(VFSMOD_EV_d_alloc, (const void *)parent,
				  (const void *)name);
	if (unlikely(c->mark < 0)) {
		/*
		 * No free mark (the table holds twice the calls in flight
		 * that maxactive allows): an out-of-line d_alloc() reports
		 * the dentry itself; where it is inlined, it is lost here.
		 */
		vfsmod_count(VFSMOD_EV_d_alloc, dropped);
		return 1;
	}
	return 0;
}

NOKPROBE_SYMBOL(d_alloc_parallel_entry);

static void d_alloc_parallel_exit(unsigned long ret, void *data)
{
	const struct d_alloc_parallel_carry *c = data;
	const struct dentry *dentry = (const struct dentry *)ret;

	vfsmod_mark_clear(VFSMOD_EV_d_alloc, c->mark);
	/* Only a new dentry is still in lookup; a found one is not. */
	if (!IS_ERR_OR_NULL(dentry) && d_in_lookup(dentry))
		d_alloc_emit(dentry);
}

NOKPROBE_SYMBOL(d_alloc_parallel_exit);

/*
 * make bench builds a second module with -DVFSMOD_BENCH_PLAIN: vfs_read
 * and vfs_write from their two functions alone, as before the other ways
 * were hooked, to measure in one boot what hooking them costs a plain
 * read (tests/bench/guest.sh, vfs_read-plain).  Never shipped.
 */
#ifdef VFSMOD_BENCH_PLAIN
#define WAY_SYMBOL(sym)	NULL
#else
#define WAY_SYMBOL(sym)	(sym)
#endif

/* One hook of a read or write way: its callbacks are rw_hooks.c's. */
#define RW_HOOK(sym, ev, cb, way)					\
	{								\
		.symbol = WAY_SYMBOL(sym),				\
		.event = VFSMOD_EV_##ev,				\
		.data_size = sizeof(struct vfsmod_rw_carry),		\
		.entry = cb##_entry,					\
		.exit = cb##_exit,					\
		.what = way,						\
		.optional = true,					\
	}

/* An entry-only hook that measures a readv or writev for its mark. */
#define IOV_HOOK(ev, cb)						\
	{								\
		.symbol = WAY_SYMBOL("do_iter_readv_writev"),		\
		.event = VFSMOD_EV_##ev,				\
		.entry = cb,						\
		.what = "the size of readv and writev calls",		\
		.optional = true,					\
	}

/* An io_uring or aio request's issuer: its callbacks are async_hooks.c's. */
#define ASYNC_HOOK(sym, ev, cb, way)					\
	{								\
		.symbol = WAY_SYMBOL(sym),				\
		.event = VFSMOD_EV_##ev,				\
		.data_size = sizeof(struct vfsmod_async_carry),		\
		.entry = cb##_entry,					\
		.exit = cb##_exit,					\
		.what = way,						\
		.optional = true,					\
	}

/*
 * rw_verify_area() inside an io_uring or aio issuer: the request's
 * position and size (async_hooks.c), at the issuer's own calls only.
 * Without it an issuer's requests are not recorded, and most go unseen.
 */
#define VERIFY_STEP(caller, ev, cb, way, fb)				\
	{								\
		.symbol = WAY_SYMBOL("rw_verify_area@" caller),		\
		.event = VFSMOD_EV_##ev,				\
		.entry = cb##_entry,					\
		.what = way,						\
		.optional = true,					\
		.fallback = fb,						\
	}

/* An entry-only hook of an io_uring or aio request (async_hooks.c). */
#define ASYNC_STEP(sym, ev, cb, way)					\
	{								\
		.symbol = WAY_SYMBOL(sym),				\
		.event = VFSMOD_EV_##ev,				\
		.entry = cb##_entry,					\
		.what = way,						\
		.optional = true,					\
	}

struct vfsmod_hook vfsmod_hooks[] = {
	{
		.symbol = "do_dentry_open",
		.event = VFSMOD_EV_vfs_open,
		.data_size = sizeof(struct open_carry),
		.entry = open_entry,
		.exit = open_exit,
	}, {
		.symbol = "vfs_read",
		.event = VFSMOD_EV_vfs_read,
		.data_size = sizeof(struct vfsmod_rw_carry),
		.entry = vfsmod_read_entry,
		.exit = vfsmod_read_exit,
	},
	RW_HOOK("vfs_readv", vfs_read, vfsmod_readv, "readv, preadv, preadv2"),
	IOV_HOOK(vfs_read, vfsmod_iov_read_size),
	RW_HOOK("do_sendfile", vfs_read, vfsmod_sendfile_read, "sendfile's via"),
	RW_HOOK("do_splice_direct", vfs_read, vfsmod_splice_direct_read,
		"sendfile, the kernel's file-to-file splices"),
	RW_HOOK("splice_direct_to_actor", vfs_read, vfsmod_splice_actor_read,
		"the kernel's splice reads: nfsd"),
	RW_HOOK("splice_file_to_pipe", vfs_read, vfsmod_splice_to_pipe,
		"sendfile to a pipe"),
	RW_HOOK("do_splice", vfs_read, vfsmod_splice_read, "splice from a file"),
	RW_HOOK("vfs_copy_file_range", vfs_read, vfsmod_copy_read,
		"copy_file_range"),
	RW_HOOK("vfs_iter_read", vfs_read, vfsmod_iter_read,
		"the kernel's reads: nfsd, overlayfs, loop"),
	RW_HOOK("__kernel_read", vfs_read, vfsmod_kernel_read,
		"the kernel's reads: exec, modules, firmware"),
	{
		.symbol = "vfs_write",
		.event = VFSMOD_EV_vfs_write,
		.data_size = sizeof(struct vfsmod_rw_carry),
		.entry = vfsmod_write_entry,
		.exit = vfsmod_write_exit,
	},
	RW_HOOK("vfs_writev", vfs_write, vfsmod_writev,
		"writev, pwritev, pwritev2"),
	IOV_HOOK(vfs_write, vfsmod_iov_write_size),
	RW_HOOK("do_sendfile", vfs_write, vfsmod_sendfile_write,
		"sendfile's via"),
	RW_HOOK("do_splice_direct", vfs_write, vfsmod_splice_direct_write,
		"sendfile, the kernel's file-to-file splices"),
	RW_HOOK("do_splice", vfs_write, vfsmod_splice_write, "splice to a file"),
	RW_HOOK("vfs_copy_file_range", vfs_write, vfsmod_copy_write,
		"copy_file_range"),
	RW_HOOK("vfs_iter_write", vfs_write, vfsmod_iter_write,
		"the kernel's writes: nfsd, overlayfs, loop"),
	RW_HOOK("__kernel_write_iter", vfs_write, vfsmod_kernel_write_iter,
		"the kernel's writes: coredumps, ksmbd"),
	{
		.symbol = WAY_SYMBOL("__kernel_write"),
		.event = VFSMOD_EV_vfs_write,
		.data_size = sizeof(struct vfsmod_rw_carry),
		.entry = vfsmod_kernel_write_entry,
		.exit = vfsmod_kernel_write_exit,
		.what = "the kernel's writes: coredumps, ksmbd",
		.optional = true,
		.fallback = true,
	}, {
		.symbol = "vfs_rename",
		.event = VFSMOD_EV_vfs_rename,
		.data_size = sizeof(struct rename_carry),
		.entry = rename_entry,
		.exit = rename_exit,
	}, {
		.symbol = "d_alloc",
		.event = VFSMOD_EV_d_alloc,
		.entry = d_alloc_entry,
		.exit = d_alloc_exit,
	}, {
		.symbol = "d_alloc_parallel",
		.event = VFSMOD_EV_d_alloc,
		.data_size = sizeof(struct d_alloc_parallel_carry),
		.entry = d_alloc_parallel_entry,
		.exit = d_alloc_parallel_exit,
	},
	VERIFY_STEP("io_read", vfs_read, vfsmod_async_read_verify,
		    "io_uring reads", false),
	/* 6.1 and later: io_read() -> __io_read() -> rw_verify_area(). */
	VERIFY_STEP("__io_read", vfs_read, vfsmod_async_read_verify,
		    "io_uring reads", true),
	VERIFY_STEP("aio_read", vfs_read, vfsmod_async_read_verify,
		    "aio reads", false),
	ASYNC_HOOK("io_req_rw_complete", vfs_read, vfsmod_uring_read_complete,
		   "io_uring reads completed later (O_DIRECT)"),
	ASYNC_STEP("io_complete_rw_iopoll", vfs_read, vfsmod_uring_read_iopoll,
		   "io_uring reads on IOPOLL rings"),
	ASYNC_STEP(VFSMOD_IO_URING_POST, vfs_read, vfsmod_uring_read_posted,
		   "io_uring reads completed by io-wq"),
	ASYNC_HOOK("io_read", vfs_read, vfsmod_uring_read, "io_uring reads"),
	ASYNC_STEP("aio_complete_rw", vfs_read, vfsmod_aio_read_complete,
		   "aio reads"),
	ASYNC_HOOK("aio_read", vfs_read, vfsmod_aio_read, "aio reads"),
	VERIFY_STEP("io_write", vfs_write, vfsmod_async_write_verify,
		    "io_uring writes", false),
	VERIFY_STEP("aio_write", vfs_write, vfsmod_async_write_verify,
		    "aio writes", false),
	ASYNC_HOOK("io_req_rw_complete", vfs_write, vfsmod_uring_write_complete,
		   "io_uring writes completed later (O_DIRECT)"),
	ASYNC_STEP("io_complete_rw_iopoll", vfs_write, vfsmod_uring_write_iopoll,
		   "io_uring writes on IOPOLL rings"),
	ASYNC_STEP(VFSMOD_IO_URING_POST, vfs_write, vfsmod_uring_write_posted,
		   "io_uring writes completed by io-wq"),
	ASYNC_HOOK("io_write", vfs_write, vfsmod_uring_write, "io_uring writes"),
	ASYNC_STEP("aio_complete_rw", vfs_write, vfsmod_aio_write_complete,
		   "aio writes"),
	ASYNC_HOOK("aio_write", vfs_write, vfsmod_aio_write, "aio writes"),
};

static_assert(ARRAY_SIZE(vfsmod_hooks) == VFSMOD_NR_HOOKS);

/*
 * "vfs_open=do_dentry_open vfs_read=vfs_read ... d_alloc=d_alloc+d_alloc_parallel":
 * which functions each event hooks, for the load line.
 */
const char *vfsmod_hooks_summary(void)
{
	static char buf[1024];
	size_t n = 0;
	int ev, i;

	for (ev = 0; ev < VFSMOD_NR_EVENTS; ev++) {
		char sep = '=';

		n += scnprintf(buf + n, sizeof(buf) - n, "%s%s", n ? " " : "",
			       vfsmod_event_names[ev]);
		for (i = 0; i < VFSMOD_NR_HOOKS; i++) {
			if (vfsmod_hooks[i].event != ev ||
			    !vfsmod_hooks[i].symbol)
				continue;
			n += scnprintf(buf + n, sizeof(buf) - n, "%c%s", sep,
				       vfsmod_hooks[i].symbol);
			sep = '+';
		}
	}
	return buf;
}

/* Process context, before an event's hooks are attached. */
int vfsmod_event_prepare(enum vfsmod_event ev)
{
	int ret;

	switch (ev) {
	case VFSMOD_EV_vfs_rename:
		return vfsmod_slots_create(vfsmod_maxactive);
	case VFSMOD_EV_vfs_read:
	case VFSMOD_EV_vfs_write:
		ret = vfsmod_marks_create(ev, vfsmod_maxactive);
		if (!ret)
			ret = vfsmod_async_create(ev);
		if (ret)
			vfsmod_marks_destroy(ev);
		return ret;
	case VFSMOD_EV_d_alloc:
		return vfsmod_marks_create(ev, vfsmod_maxactive);
	default:
		return 0;
	}
}

/* After the event's hooks are detached and no handler runs any more. */
void vfsmod_event_release(enum vfsmod_event ev)
{
	if (ev == VFSMOD_EV_vfs_rename)
		vfsmod_slots_destroy();
	else if (ev != VFSMOD_EV_vfs_open)
		vfsmod_marks_destroy(ev);
	if (ev == VFSMOD_EV_vfs_read || ev == VFSMOD_EV_vfs_write)
		vfsmod_async_destroy(ev);
}
