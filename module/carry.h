/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _VFSMOD_CARRY_H
#define _VFSMOD_CARRY_H

#include "dname.h"

/* Both names of one rename, as they were at entry. */
struct vfsmod_name_slot {
	char old_name[VFSMOD_NAME_SIZE];
	char new_name[VFSMOD_NAME_SIZE];
	u32 old_len;		/* as the events take it (vfsmod_name()) */
	u32 new_len;
};

int vfsmod_slots_create(unsigned int nr);
void vfsmod_slots_destroy(void);
int vfsmod_slot_get(void);
struct vfsmod_name_slot *vfsmod_slot(int idx);
void vfsmod_slot_put(int idx);

#endif /* _VFSMOD_CARRY_H */
