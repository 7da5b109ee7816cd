/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _VFSMOD_MARKS_H
#define _VFSMOD_MARKS_H

#include <linux/types.h>
#include "vfsmod.h"

/*
 * One task's mark: "this task is inside a hooked call about @key/@key2".
 * Only the task that set a mark reads or changes its other fields.
 */
struct vfsmod_mark {
	struct task_struct *task;	/* NULL: free */
	const void *key;
	const void *key2;
	u64 count;			/* filled in by an inner hook */
	u32 via;			/* for a label (VFSMOD_MARK_LABEL) */
};

/*
 * The key of a mark that only labels the calls beneath it with a via:
 * never the address of a file.
 */
#define VFSMOD_MARK_LABEL	((const void *)1UL)

int vfsmod_marks_create(enum vfsmod_event ev, unsigned int nr);
void vfsmod_marks_destroy(enum vfsmod_event ev);
int vfsmod_mark_set(enum vfsmod_event ev, const void *key, const void *key2);
struct vfsmod_mark *vfsmod_mark_find(enum vfsmod_event ev, const void *key,
				     const void *key2);
struct vfsmod_mark *vfsmod_mark_at(enum vfsmod_event ev, int slot);
void vfsmod_mark_clear(enum vfsmod_event ev, int slot);

#endif /* _VFSMOD_MARKS_H */
