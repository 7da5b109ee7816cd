// SPDX-License-Identifier: GPL-2.0-only
/*
 * HAVE_D_SEQ_SEQCOUNT: dentry->d_seq.seqcount is a seqcount_t.
 *
 * d_seq became a seqcount_spinlock_t in Linux 5.9/5.10 ("seqlock: Extend
 * seqcount API with associated locks" and the dcache conversion); its
 * plain seqcount_t is the .seqcount member.  On PREEMPT_RT reading that
 * member directly avoids raw_seqcount_begin() taking d_lock.
 * Built by compat/detect.sh with -Werror: any warning means "no".
 */
#include <linux/module.h>
#include <linux/dcache.h>
#include <linux/seqlock.h>

static seqcount_t * __used vfsmod_conftest(struct dentry *d)
{
	return &d->d_seq.seqcount;
}

MODULE_LICENSE("GPL");
