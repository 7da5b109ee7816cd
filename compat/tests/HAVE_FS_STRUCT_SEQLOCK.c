// SPDX-License-Identifier: GPL-2.0-only
/*
 * HAVE_FS_STRUCT_SEQLOCK: fs_struct's root and pwd are guarded by one
 * seqlock_t seq (7.x), not by spinlock_t lock + seqcount_spinlock_t seq
 * (5.10 to 6.12).  vfsmod reads the bare seqcount_t inside either, so
 * that no reader helper can take the lock (a sleeping lock on RT).
 * Built by compat/detect.sh with -Werror: any warning means "no".
 */
#include <linux/module.h>
#include <linux/fs_struct.h>
#include <linux/seqlock.h>

static seqcount_t * __used vfsmod_conftest(struct fs_struct *fs)
{
	return &fs->seq.seqcount.seqcount;
}

MODULE_LICENSE("GPL");
