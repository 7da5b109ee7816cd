// SPDX-License-Identifier: GPL-2.0-only
/*
 * carry.c - name slots that carry rename's names from entry to exit.
 *
 * vfs_rename's event must show the names as they were on entry, but by
 * the exit a successful rename has already changed them.  Two 255-byte
 * names do not fit the per-call data of fprobe (capped at 120 bytes since
 * 6.14), and a handler may not allocate.  So the slots are allocated in
 * process context when the event is enabled, and a handler claims one
 * with a lock-free bit operation (safe in NMI, on PREEMPT_RT, and across
 * the sleep and CPU migration that a rename may do in between) and keeps
 * only its index in the per-call data.  When all slots are busy the call
 * is counted as missed, never dropped silently.
 */
#include <linux/bitmap.h>
#include <linux/bitops.h>
#include <linux/kprobes.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "carry.h"

static struct vfsmod_name_slot *slots;
static unsigned long *slot_busy;
static unsigned int nr_slots;
int vfsmod_slots_create(unsigned int nr)
{
	slots = vzalloc(array_size(nr, sizeof(*slots)));
	slot_busy = bitmap_zalloc(nr, GFP_KERNEL);
	if (!slots || !slot_busy) {
		vfsmod_slots_destroy();
		return -ENOMEM;
	}
	nr_slots = nr;
	return 0;
}

/* Only once no handler can run any more (after the probes' detach). */
void vfsmod_slots_destroy(void)
{
	vfree(slots);
	bitmap_free(slot_busy);
	slots = NULL;
	slot_busy = NULL;
	nr_slots = 0;
}

/* Return: a slot index, or -1 if all are in use. */
int vfsmod_slot_get(void)
{
	unsigned int i;

	for (;;) {
		i = find_first_zero_bit(slot_busy, nr_slots);
		if (i >= nr_slots)
			return -1;
		if (!test_and_set_bit_lock(i, slot_busy))
			return i;
	}
}

NOKPROBE_SYMBOL(vfsmod_slot_get);

struct vfsmod_name_slot *vfsmod_slot(int idx)
{
	return &slots[idx];
}

NOKPROBE_SYMBOL(vfsmod_slot);

void vfsmod_slot_put(int idx)
{
	clear_bit_unlock(idx, slot_busy);
}

NOKPROBE_SYMBOL(vfsmod_slot_put);
