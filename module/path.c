// SPDX-License-Identifier: GPL-2.0-only
/*
 * path.c - a file's absolute path, built in a probe handler.
 *
 * d_path() cannot be called from a handler: on a retry it takes
 * rename_lock and mount_lock, spinlocks that sleep on PREEMPT_RT.  This
 * is the lockless half of fs/d_path.c's prepend_path(), with bounded
 * retries, and with its consistency taken per dentry instead of from
 * rename_lock alone (a rename anywhere on the box must not empty every
 * path being built meanwhile).
 *
 * The walk (walk() below), under rcu_read_lock(): from the file's dentry
 * up d_parent to the task's root, copying each name from the end of the
 * slot towards its start; at the root of a mount, on to the mount point
 * in the parent mount (struct mount, layout from BTF: vfsmod_layout.h).
 * Each dentry's name and parent are read inside one d_seq read section
 * (as dname.c copies a name), so each step is one real (name, parent)
 * pair.  That alone does not make the whole path real: two renames of
 * two dentries of the path can meet the walk at two instants.  So:
 *
 *  - fast: if rename_lock's and mount_lock's sequences did not move during
 *    the walk, no d_move() and no mount change happened anywhere: the
 *    path existed as a whole (d_path's own lockless case);
 *  - else: walk again without copying and compare a hash of every
 *    (dentry, d_seq) and (mount, parent, mount point) seen.  Equal
 *    d_seq values mean no rename touched that dentry between its two
 *    reads; the first walk ended before the second began, so at that
 *    instant every step held at once: the path existed.  A rename of an
 *    unrelated directory changes no hashed value: the path stays.
 *  - a path that changed between the walks is walked again, up to
 *    PATH_TRIES times, then shown empty and counted (path_unavailable).
 *
 * Mounts have no per-mount sequence: if mount_lock moved, the second walk
 * compares their fields, which misses only a mount moved away and back
 * between the two walks (ABA).
 *
 * Memory: dentries and mounts are freed after an RCU grace period
 * (fs/dcache.c, fs/namespace.c), external names too (dname.c), so under
 * rcu_read_lock() every pointer met stays readable, whatever it holds.
 * Buffers: one slot per CPU and context (task, softirq, irq, NMI): a
 * handler can be interrupted by another (fprobe has only ftrace's
 * recursion guard), and a 2.75 KiB path cannot live on the stack.
 * Callers run with preemption disabled, so a slot stays on its CPU from
 * vfsmod_path_get() to vfsmod_path_put().
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cache.h>
#include <linux/compiler.h>
#include <linux/fs_struct.h>
#include <linux/kprobes.h>
#include <linux/minmax.h>
#include <linux/mount.h>
#include <linux/nsproxy.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/processor.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sizes.h>
#include <linux/string.h>

#include "compat.h"
#include "dname.h"
#include "path.h"
#include "stats.h"
#include "vfsmod_layout.h"
#include "vfsmod_name.h"

/* Walks per path, steps per walk (spins on an odd sequence: dname.h). */
#define PATH_TRIES		4
#define PATH_DENTRY_TRIES	4
#define PATH_MAX_STEPS		4096

#ifdef VFSMOD_HAVE_LAYOUT
/*
 * The BTF must be the headers' kernel: sizes of public structs are
 * checked here, so that a vmlinux of another build fails the build
 * instead of handing out wrong offsets.
 */
static_assert(sizeof(struct vfsmount) == VFSMOD_BTF_SIZEOF_VFSMOUNT,
	      "vfsmod_layout.h: BTF of another kernel (struct vfsmount)");
static_assert(sizeof(struct dentry) == VFSMOD_BTF_SIZEOF_DENTRY,
	      "vfsmod_layout.h: BTF of another kernel (struct dentry)");
#endif

/* struct mount (fs/mount.h), only ever reached through these. */
struct vfsmod_mount;

#ifdef VFSMOD_HAVE_LAYOUT
static bool vfsmod_cross_mounts;

static inline const struct vfsmod_mount *real_mnt(const struct vfsmount *v)
{
	return (const void *)((const char *)v - VFSMOD_MOUNT_MNT);
}

static inline const struct vfsmount *mnt_vfs(const struct vfsmod_mount *m)
{
	return (const void *)((const char *)m + VFSMOD_MOUNT_MNT);
}

static inline const struct vfsmod_mount *mnt_parent(const struct vfsmod_mount *m)
{
	return READ_ONCE(*(const struct vfsmod_mount *const *)
			 ((const char *)m + VFSMOD_MOUNT_MNT_PARENT));
}

static inline const struct dentry *mnt_mountpoint(const struct vfsmod_mount *m)
{
	return READ_ONCE(*(const struct dentry *const *)
			 ((const char *)m + VFSMOD_MOUNT_MNT_MOUNTPOINT));
}

static inline const void *mnt_ns_of(const struct vfsmod_mount *m)
{
	return READ_ONCE(*(const void *const *)
			 ((const char *)m + VFSMOD_MOUNT_MNT_NS));
}
#endif

/* mount_lock is not exported: found at init (vfsmod_find_mount_lock()). */
static seqcount_t *vfsmod_mount_seq;

/* Two paths at once per context: vfs_rename's two directories. */
#define PATH_BUFS	2

struct vfsmod_path_slot {
	char buf[PATH_BUFS][VFSMOD_PATH_SIZE];
	unsigned int users;
};

/* task, softirq, irq, NMI */
#define PATH_CONTEXTS	4

struct vfsmod_path_slots {
	struct vfsmod_path_slot ctx[PATH_CONTEXTS];
};

static struct vfsmod_path_slots __percpu *vfsmod_path_slots;

static unsigned int path_context(void)
{
	if (in_nmi())
		return 3;
	if (hardirq_count())
		return 2;
	if (in_serving_softirq())
		return 1;
	return 0;
}

/*
 * The state of one walk.  Bytes are written right to left: the path is
 * buf[pos..end).  room is what the stored (escaped) form may still take.
 */
struct walk {
	char *buf;
	int pos;
	int end;
	int room;
	u64 hash;
	bool copy;
	bool cut;
	bool crossed;
};

enum walk_end {
	WALK_ROOT,		/* reached the task's root */
	WALK_NS_ROOT,		/* reached the top of the mount tree */
	WALK_FS_ROOT,		/* reached the filesystem's (or mount's) root */
	WALK_ESCAPED,		/* a root dentry that is not its mount's root */
	WALK_AGAIN,		/* a writer held a sequence: walk again */
};

static inline u64 mix(u64 h, unsigned long v)
{
	h = (h ^ v) * 0x9e3779b97f4a7c15ULL;
	return h ^ (h >> 29);
}

/* Escaped bytes of buf[0..len), as vfsmod_name_size() counts them. */
static inline int escaped_len(const char *buf, int len)
{
	int i, n = len;

	for (i = 0; i < len; i++)
		if (!vfsmod_name_byte_plain(buf[i]))
			n += 3;
	return n;
}

/*
 * Copy @dentry's name in front of the path so far, inside the caller's
 * d_seq read section (the caller checks it, then commits the name and its
 * '/').  *@len_out is -1 when the name does not fit the slot.
 */
static inline void put_name(struct walk *w, const struct dentry *dentry,
			    int *len_out)
{
	const unsigned char *inline_name = vfsmod_dentry_inline_name(dentry);
	const unsigned char *name = READ_ONCE(dentry->d_name.name);
	int len;

	if (name == inline_name)
		len = min_t(unsigned int, READ_ONCE(dentry->d_name.len),
			    VFSMOD_DNAME_INLINE_SIZE - 1);
	else	/* immutable until a grace period after release */
		len = strnlen((const char *)name, NAME_MAX);
	*len_out = -1;
	if (len + 1 > w->pos)
		return;
	memcpy(w->buf + w->pos - len, name, len);
	*len_out = len;
}

static enum walk_end walk(struct walk *w, const struct dentry *dentry,
			  const struct vfsmount *vfsmnt,
			  const struct path *root)
{
	int steps;

	for (steps = 0; steps < PATH_MAX_STEPS; steps++) {
		const struct dentry *parent = NULL;
		seqcount_t *seq;
		unsigned int start = 0;
		int tries, len = -1;

		if (dentry == root->dentry && vfsmnt == root->mnt)
			return WALK_ROOT;
		if (vfsmnt && dentry == vfsmnt->mnt_root) {
#ifdef VFSMOD_HAVE_LAYOUT
			const struct vfsmod_mount *m = real_mnt(vfsmnt);
			const struct vfsmod_mount *up = mnt_parent(m);

			if (!vfsmod_cross_mounts)
				return WALK_FS_ROOT;
			if (up == m)
				return WALK_NS_ROOT;
			dentry = mnt_mountpoint(m);
			w->hash = mix(mix(mix(w->hash, (unsigned long)m),
					  (unsigned long)up), (unsigned long)dentry);
			vfsmnt = mnt_vfs(up);
			w->crossed = true;
			continue;
#else
			return WALK_FS_ROOT;
#endif
		}

		seq = vfsmod_dentry_seq(dentry);
		for (tries = 0; tries < PATH_DENTRY_TRIES; tries++) {
			start = vfsmod_seq_even(seq);
			if (start & 1)
				return WALK_AGAIN;
			parent = READ_ONCE(dentry->d_parent);
			if (w->copy && !w->cut && parent != dentry)
				put_name(w, dentry, &len);
			if (!read_seqcount_retry(seq, start))
				break;
		}
		if (tries == PATH_DENTRY_TRIES)
			return WALK_AGAIN;
		if (parent == dentry)
			return vfsmnt ? WALK_ESCAPED : WALK_FS_ROOT;
		w->hash = mix(mix(w->hash, (unsigned long)dentry), start);

		if (w->copy && !w->cut) {
			int esc = len < 0 ? 0 :
				  escaped_len(w->buf + w->pos - len, len) + 1;

			if (len < 0 || esc > w->room) {
				w->cut = true;
			} else {
				w->pos -= len + 1;
				w->buf[w->pos] = '/';
				w->room -= esc;
			}
		}
		dentry = parent;
	}
	w->cut = true;	/* deeper than any path the slot could show */
	return WALK_ROOT;
}

/*
 * The current task's root and working directory, read in one fs->seq
 * section.  False in interrupt context and for a task without fs_struct
 * (exiting): there is no task to see the path.
 */
static bool task_root(struct path *root, struct path *pwd)
{
	struct fs_struct *fs;
	unsigned int start;
	int tries;

	if (!in_task())
		return false;
	fs = READ_ONCE(current->fs);
	if (!fs)
		return false;
	for (tries = 0; tries < PATH_DENTRY_TRIES; tries++) {
		start = vfsmod_seq_even(vfsmod_fs_seq(fs));
		if (start & 1)
			continue;
		*root = fs->root;
		if (pwd)
			*pwd = fs->pwd;
		if (!read_seqcount_retry(vfsmod_fs_seq(fs), start))
			return true;
	}
	root->mnt = NULL;
	root->dentry = NULL;
	return true;
}

/*
 * Claim a buffer of this CPU's slot for the current context: the first
 * call gets the first, a second one held at the same time (vfs_rename's
 * second directory) the second.  Every call is paired with
 * vfsmod_path_put(), so a call beyond that (which finds no buffer) counts
 * up and down without freeing the others.
 */
static char *slot_get(void)
{
	struct vfsmod_path_slot *s;
	unsigned int i;

	if (unlikely(!vfsmod_path_slots))
		return NULL;
	s = &this_cpu_ptr(vfsmod_path_slots)->ctx[path_context()];
	i = s->users++;
	if (unlikely(i >= PATH_BUFS))
		return NULL;
	/* an interrupt of this same context level cannot come in between */
	barrier();
	return s->buf[i];
}

void vfsmod_path_put(void)
{
	if (likely(vfsmod_path_slots)) {
		barrier();
		this_cpu_ptr(vfsmod_path_slots)->ctx[path_context()].users--;
	}
}

unsigned long vfsmod_path_events = BIT(VFSMOD_NR_EVENTS) - 1;

static const u32 vfsmod_rooms[VFSMOD_NR_EVENTS] = {
	[VFSMOD_EV_vfs_open] = VFSMOD_PATH_SIZE,
	[VFSMOD_EV_vfs_read] = VFSMOD_PATH_SIZE,
	[VFSMOD_EV_vfs_write] = VFSMOD_PATH_SIZE,
	[VFSMOD_EV_d_alloc] = 1792,
	[VFSMOD_EV_vfs_rename] = 896,
};

u32 vfsmod_path_room(enum vfsmod_event ev)
{
	return vfsmod_rooms[ev] ? vfsmod_rooms[ev] : 896;
}

/*
 * One consistent walk from (@dentry, @vfsmnt) to @root (see the top of
 * this file), into @slot.  Returns the walk's end, WALK_AGAIN if no
 * consistent walk was had within PATH_TRIES, and the bytes in @w.
 */
static enum walk_end walk_consistent(struct walk *w, char *slot, u32 room,
				     const struct dentry *dentry,
				     const struct vfsmount *vfsmnt,
				     const struct path *root)
{
	seqcount_t *rename_seq = vfsmod_seqlock_seq(&rename_lock);
	int tries;

	for (tries = 0; tries < PATH_TRIES; tries++) {
		unsigned int rs, ms = 0;
		struct walk again;
		enum walk_end end;

		rs = vfsmod_seq_even(rename_seq);
		if (vfsmod_mount_seq)
			ms = vfsmod_seq_even(vfsmod_mount_seq);
		*w = (struct walk) {
			.buf = slot, .pos = VFSMOD_PATH_SIZE,
			.end = VFSMOD_PATH_SIZE, .copy = true,
			/* the marks and the NUL always fit */
			.room = room - VFSMOD_PATH_MARKS_MAX - 1,
		};
		end = walk(w, dentry, vfsmnt, root);
		if (end == WALK_AGAIN)
			continue;
		if (!(rs & 1) && !read_seqcount_retry(rename_seq, rs) &&
		    (vfsmod_mount_seq ? !(ms & 1) &&
		     !read_seqcount_retry(vfsmod_mount_seq, ms) : !w->crossed))
			return end;
		again = (struct walk) { .copy = false };
		if (walk(&again, dentry, vfsmnt, root) == end &&
		    again.hash == w->hash)
			return end;
	}
	return WALK_AGAIN;
}

static u32 path_result(enum vfsmod_event ev, struct walk *w,
		       enum walk_end end, bool deleted, const char **out)
{
	u32 len, flags = 0;

	if (end == WALK_AGAIN || end == WALK_ESCAPED) {
		/* d_path shows "/" for an escaped dentry: not a path either */
		vfsmod_count(ev, path_unavailable);
		*out = "";
		return 0;
	}
	if (w->pos == w->end) {
		/* the root itself; d_path shows "/" */
		w->buf[--w->pos] = '/';
	}
	len = w->end - w->pos;
	*out = w->buf + w->pos;
	if (w->cut) {
		flags |= VFSMOD_PATH_CUT;
		vfsmod_count(ev, path_truncated);
	}
	if (end == WALK_NS_ROOT)
		flags |= VFSMOD_PATH_UNREACHABLE;
	if (end == WALK_FS_ROOT)
		flags |= VFSMOD_PATH_FS;
	if (deleted)
		flags |= VFSMOD_PATH_DELETED;
	return len | flags;
}

/* Synthetic files (pipes, sockets) name themselves with d_dname: no path. */
static inline bool no_path(const struct dentry *d, const struct vfsmount *m)
{
	const struct dentry_operations *op = READ_ONCE(d->d_op);

	return op && op->d_dname && (!IS_ROOT(d) || d != m->mnt_root);
}

u32 vfsmod_path_get(enum vfsmod_event ev, const struct path *p,
		    const char **out)
{
	struct path root = {};
	char *slot;
	enum walk_end end;
	struct walk w = {};
	bool have_root;
	u32 ret;

	*out = "";
	slot = slot_get();
	if (unlikely(!slot)) {
		vfsmod_count(ev, path_unavailable);
		return 0;
	}
	if (!(READ_ONCE(vfsmod_path_events) & BIT(ev)) ||
	    unlikely(!p->dentry || !p->mnt) || no_path(p->dentry, p->mnt))
		return 0;
	rcu_read_lock();
	have_root = task_root(&root, NULL);
	if (have_root && !root.mnt) {
		end = WALK_AGAIN;	/* chroot or chdir kept fs->seq busy */
	} else {
		end = walk_consistent(&w, slot, vfsmod_path_room(ev),
				      p->dentry, p->mnt, &root);
		/* without a task there is no root to be outside of */
		if (end == WALK_NS_ROOT && !have_root)
			end = WALK_ROOT;
	}
	ret = path_result(ev, &w, end, d_unlinked(p->dentry), out);
	rcu_read_unlock();
	return ret;
}

u32 vfsmod_dentry_path_get(enum vfsmod_event ev, const struct dentry *d,
			   const char **out)
{
	struct path root = {}, pwd = {}, none = {};
	char *slot;
	const struct vfsmount *cand[2];
	enum walk_end end = WALK_ESCAPED;
	u32 room = vfsmod_path_room(ev);
	struct walk w = {};
	bool have_root;
	unsigned int i;
	u32 ret;

	*out = "";
	slot = slot_get();
	if (unlikely(!slot)) {
		vfsmod_count(ev, path_unavailable);
		return 0;
	}
	if (!(READ_ONCE(vfsmod_path_events) & BIT(ev)) || unlikely(!d))
		return 0;
	rcu_read_lock();
	have_root = task_root(&root, &pwd);
	cand[0] = pwd.mnt;
	cand[1] = root.mnt;
	for (i = 0; i < ARRAY_SIZE(cand) && end == WALK_ESCAPED; i++) {
		if (!cand[i] || READ_ONCE(cand[i]->mnt_sb) != d->d_sb)
			continue;
		end = walk_consistent(&w, slot, room, d, cand[i], &root);
		if (end == WALK_NS_ROOT && !have_root)
			end = WALK_ROOT;
	}
	if (end == WALK_ESCAPED)
		end = walk_consistent(&w, slot, room, d, NULL, &none);
	ret = path_result(ev, &w, end, false, out);
	rcu_read_unlock();
	return ret;
}

/*
 * mount_lock (fs/namespace.c) is not exported.  register_kprobe() on its
 * name resolves the address through kallsyms (data symbols are listed:
 * CONFIG_KALLSYMS_ALL) and sets kp.addr before refusing an address
 * outside kernel text.  Checked for what the definition promises: a
 * cache-line aligned object in the kernel image beside rename_lock.
 * Without it every path that crosses a mount point is verified by a
 * second walk: correct, only slower.
 */
static void vfsmod_find_mount_lock(void)
{
	struct kprobe kp = { .symbol_name = "mount_lock" };
	unsigned long a, r = (unsigned long)&rename_lock;

	if (!register_kprobe(&kp)) {
		unregister_kprobe(&kp);
		return;
	}
	a = (unsigned long)kp.addr;
	if (!a || (a & (SMP_CACHE_BYTES - 1)) ||
	    (a > r ? a - r : r - a) > SZ_64M)
		return;
	vfsmod_mount_seq = vfsmod_seqlock_seq((seqlock_t *)a);
}

#ifdef VFSMOD_HAVE_LAYOUT
/*
 * The layout from BTF is checked once against what the public headers
 * let us see: the mount of our own root belongs to our mount namespace.
 */
static bool vfsmod_check_layout(void)
{
	struct path root;
	bool ok;

	get_fs_root(current->fs, &root);
	ok = mnt_ns_of(real_mnt(root.mnt)) == (void *)current->nsproxy->mnt_ns;
	path_put(&root);
	return ok;
}
#endif

int vfsmod_path_init(void)
{
	vfsmod_path_slots = alloc_percpu(struct vfsmod_path_slots);
	if (!vfsmod_path_slots)
		return -ENOMEM;
#ifdef VFSMOD_HAVE_LAYOUT
	vfsmod_cross_mounts = vfsmod_check_layout();
	if (!vfsmod_cross_mounts)
		pr_warn("struct mount layout from BTF does not match this kernel; paths stop at mount points\n");
#endif
	vfsmod_find_mount_lock();
	if (!vfsmod_mount_seq)
		pr_info("mount_lock not found%s: paths across mount points are checked by a second walk\n",
			IS_ENABLED(CONFIG_KALLSYMS_ALL) ? "" :
			" (no CONFIG_KALLSYMS_ALL: kallsyms lists no data)");
	return 0;
}

/* After the probes are gone and an RCU grace period has passed. */
void vfsmod_path_exit(void)
{
	free_percpu(vfsmod_path_slots);
	vfsmod_path_slots = NULL;
}

NOKPROBE_SYMBOL(vfsmod_path_get);
NOKPROBE_SYMBOL(vfsmod_dentry_path_get);
NOKPROBE_SYMBOL(vfsmod_path_put);
