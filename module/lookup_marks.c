// SPDX-License-Identifier: GPL-2.0-only
/*
 * lookup_marks.c - which tasks are inside d_alloc_parallel() right now,
 * for which parent and name.
 *
 * The lookup of a new name allocates its dentry in d_alloc_parallel().
 * Where d_alloc() is out of line there (5.10, 6.1), that allocation also
 * passes through d_alloc(), and both hooks would report the one dentry.
 * d_alloc() must therefore recognise the call that d_alloc_parallel()
 * makes.  Its return address cannot tell: any return hook that runs
 * first (the function_graph tracer, a second kretprobe) has rewritten it.
 * So d_alloc_parallel()'s entry marks the task with its arguments, and
 * d_alloc()'s entry looks for the mark of the current task with the same
 * parent and the same qstr: the very call that d_alloc_parallel() makes
 * with its own arguments.  Where d_alloc() is inlined (6.12 and later)
 * nothing looks, and the marks cost an atomic operation per lookup of a
 * name missing from the dcache.
 *
 * The table is open-addressed by task, allocated in process context when
 * d_alloc is enabled: a handler claims a slot with one cmpxchg, so it
 * never sleeps, never takes a lock and works in any context.  Only the
 * task that claimed a slot reads its other fields, so no further
 * ordering is needed.
 */
#include <linux/atomic.h>
#include <linux/hash.h>
#include <linux/kprobes.h>
#include <linux/log2.h>
#include <linux/sched.h>
#include <linux/vmalloc.h>

#include "lookup_marks.h"

/* Slots tried from a task's hash before giving up. */
#define MARK_PROBES	16

struct lookup_mark {
	struct task_struct *task;	/* NULL: free */
	const void *parent;
	const void *name;
};

static struct lookup_mark *marks;
static unsigned int marks_bits;

/* @nr: calls in flight to expect; the table gets twice that, rounded up. */
int vfsmod_marks_create(unsigned int nr)
{
	marks_bits = ilog2(roundup_pow_of_two(max(2 * nr, 2U * MARK_PROBES)));
	marks = vzalloc(array_size(1UL << marks_bits, sizeof(*marks)));
	return marks ? 0 : -ENOMEM;
}

/* Only once no handler can run any more (after the probes' detach). */
void vfsmod_marks_destroy(void)
{
	vfree(marks);
	marks = NULL;
}

static inline struct lookup_mark *mark_at(unsigned long h, unsigned int i)
{
	return &marks[(h + i) & ((1UL << marks_bits) - 1)];
}

/* Return: the slot, for vfsmod_mark_clear(), or -1 if none was free. */
int vfsmod_mark_set(const void *parent, const void *name)
{
	unsigned long h = hash_ptr(current, marks_bits);
	unsigned int i;

	for (i = 0; i < MARK_PROBES; i++) {
		struct lookup_mark *m = mark_at(h, i);

		if (!READ_ONCE(m->task) && !cmpxchg(&m->task, NULL, current)) {
			m->parent = parent;
			m->name = name;
			return (h + i) & ((1UL << marks_bits) - 1);
		}
	}
	return -1;
}

NOKPROBE_SYMBOL(vfsmod_mark_set);

/* Does the current task hold a mark for exactly @parent and @name? */
bool vfsmod_mark_held(const void *parent, const void *name)
{
	unsigned long h = hash_ptr(current, marks_bits);
	unsigned int i;

	for (i = 0; i < MARK_PROBES; i++) {
		const struct lookup_mark *m = mark_at(h, i);

		if (READ_ONCE(m->task) == current && m->parent == parent &&
		    m->name == name)
			return true;
	}
	return false;
}

NOKPROBE_SYMBOL(vfsmod_mark_held);

void vfsmod_mark_clear(int slot)
{
	/* Orders the slot's last reads before another task may claim it. */
	smp_store_release(&marks[slot].task, NULL);
}

NOKPROBE_SYMBOL(vfsmod_mark_clear);
