// SPDX-License-Identifier: GPL-2.0-only
/*
 * marks.c - which tasks are inside which hooked call right now.
 *
 * Hooked functions call each other: d_alloc_parallel() calls d_alloc()
 * where it is out of line (5.10, 6.1); sendfile, splice and
 * copy_file_range reach vfs_iter_write() through the splice machinery.
 * Each call must give one event, at the outer function, so the outer
 * entry marks the task with its arguments and the inner entry looks for
 * the mark of the current task with the same arguments: the very call
 * that the outer function makes.  A return address cannot tell: any
 * return hook that runs first (the function_graph tracer, a second
 * kretprobe) has rewritten it.  An inner hook can also leave what only it
 * sees in the mark (the size of a readv, known once its vector is
 * imported), and a mark can just label the calls beneath it (sendfile's
 * via for the splice functions it calls).
 *
 * One table per event, open-addressed by task, allocated in process
 * context when the event is enabled and freed with its hooks detached: a
 * mark whose exit never ran (its call was in flight across a detach) goes
 * with the table.  A handler claims a slot with one cmpxchg, so it never
 * sleeps, never takes a lock and works in any context.  Only the task
 * that claimed a slot reads its other fields, so no further ordering is
 * needed.
 */
#include <linux/atomic.h>
#include <linux/hash.h>
#include <linux/kprobes.h>
#include <linux/log2.h>
#include <linux/sched.h>
#include <linux/vmalloc.h>

#include "marks.h"

/* Slots tried from a task's hash before giving up. */
#define MARK_PROBES	16

struct vfsmod_marks {
	struct vfsmod_mark *slots;
	unsigned int bits;
};

static struct vfsmod_marks vfsmod_marks[VFSMOD_NR_EVENTS];

/* @nr: calls in flight to expect; the table gets twice that, rounded up. */
int vfsmod_marks_create(enum vfsmod_event ev, unsigned int nr)
{
	struct vfsmod_marks *t = &vfsmod_marks[ev];

	t->bits = ilog2(roundup_pow_of_two(max(2 * nr, 2U * MARK_PROBES)));
	t->slots = vzalloc(array_size(1UL << t->bits, sizeof(*t->slots)));
	return t->slots ? 0 : -ENOMEM;
}

/* Only once no handler of @ev can run any more (after the detach). */
void vfsmod_marks_destroy(enum vfsmod_event ev)
{
	vfree(vfsmod_marks[ev].slots);
	vfsmod_marks[ev].slots = NULL;
}

static __always_inline struct vfsmod_mark *
mark_at(const struct vfsmod_marks *t, unsigned long h, unsigned int i)
{
	return &t->slots[(h + i) & ((1UL << t->bits) - 1)];
}

/* Return: the slot, for vfsmod_mark_clear(), or -1 if none was free. */
int vfsmod_mark_set(enum vfsmod_event ev, const void *key, const void *key2)
{
	const struct vfsmod_marks *t = &vfsmod_marks[ev];
	unsigned long h = hash_ptr(current, t->bits);
	unsigned int i;

	for (i = 0; i < MARK_PROBES; i++) {
		struct vfsmod_mark *m = mark_at(t, h, i);

		if (!READ_ONCE(m->task) && !cmpxchg(&m->task, NULL, current)) {
			m->key = key;
			m->key2 = key2;
			m->count = 0;
			m->via = 0;
			return (h + i) & ((1UL << t->bits) - 1);
		}
	}
	return -1;
}

NOKPROBE_SYMBOL(vfsmod_mark_set);

/* The current task's mark for exactly @key and @key2, or NULL. */
struct vfsmod_mark *vfsmod_mark_find(enum vfsmod_event ev, const void *key,
				     const void *key2)
{
	const struct vfsmod_marks *t = &vfsmod_marks[ev];
	unsigned long h = hash_ptr(current, t->bits);
	unsigned int i;

	for (i = 0; i < MARK_PROBES; i++) {
		struct vfsmod_mark *m = mark_at(t, h, i);

		if (READ_ONCE(m->task) == current && m->key == key &&
		    m->key2 == key2)
			return m;
	}
	return NULL;
}

NOKPROBE_SYMBOL(vfsmod_mark_find);

struct vfsmod_mark *vfsmod_mark_at(enum vfsmod_event ev, int slot)
{
	return &vfsmod_marks[ev].slots[slot];
}

NOKPROBE_SYMBOL(vfsmod_mark_at);

void vfsmod_mark_clear(enum vfsmod_event ev, int slot)
{
	/* Orders the slot's last reads before another task may claim it. */
	smp_store_release(&vfsmod_marks[ev].slots[slot].task, NULL);
}

NOKPROBE_SYMBOL(vfsmod_mark_clear);
