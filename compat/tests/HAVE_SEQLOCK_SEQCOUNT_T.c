// SPDX-License-Identifier: GPL-2.0-only
/*
 * HAVE_SEQLOCK_SEQCOUNT_T: a seqlock_t holds a seqcount_spinlock_t, whose
 * .seqcount is the bare seqcount_t (5.10 and later; before, seqlock_t held
 * a seqcount_t directly).  vfsmod reads rename_lock's and mount_lock's
 * sequence through it, never the seqlock_t itself.
 * Built by compat/detect.sh with -Werror: any warning means "no".
 */
#include <linux/module.h>
#include <linux/seqlock.h>

static seqcount_t * __used vfsmod_conftest(seqlock_t *sl)
{
	return &sl->seqcount.seqcount;
}

MODULE_LICENSE("GPL");
