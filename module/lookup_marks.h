/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _VFSMOD_LOOKUP_MARKS_H
#define _VFSMOD_LOOKUP_MARKS_H

#include <linux/types.h>

int vfsmod_marks_create(unsigned int nr);
void vfsmod_marks_destroy(void);
int vfsmod_mark_set(const void *parent, const void *name);
bool vfsmod_mark_held(const void *parent, const void *name);
void vfsmod_mark_clear(int slot);

#endif /* _VFSMOD_LOOKUP_MARKS_H */
