/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _VFSMOD_DNAME_H
#define _VFSMOD_DNAME_H

#include <linux/dcache.h>
#include <linux/limits.h>
#include <linux/processor.h>
#include <linux/seqlock.h>

/* Room for any final path component plus its NUL. */
#define VFSMOD_NAME_SIZE	(NAME_MAX + 1)

int vfsmod_dname_copy(const struct dentry *dentry, char *buf);

/*
 * Spins a handler allows a writer inside a sequence count: bounded, since
 * a writer can sit in its section while preempted (PREEMPT_RT) or while
 * its vCPU is descheduled, and a handler must not wait for it.
 */
#define VFSMOD_SEQ_ODD_SPINS	64

/*
 * An even value of @s (no writer inside), or an odd one after
 * VFSMOD_SEQ_ODD_SPINS tries: the caller then gives up on this try.  A
 * bare seqcount_t (compat.h's accessors), never one with a lock beside it.
 */
static inline unsigned int vfsmod_seq_even(seqcount_t *s)
{
	unsigned int v = 0;
	int spins;

	for (spins = 0; spins < VFSMOD_SEQ_ODD_SPINS; spins++) {
		v = raw_read_seqcount(s);
		if (!(v & 1))
			break;
		cpu_relax();
	}
	return v;
}

#endif /* _VFSMOD_DNAME_H */
