// SPDX-License-Identifier: GPL-2.0-only
/*
 * HAVE_FPROBE_ENTRY_DATA_SIZE: struct fprobe has entry_data_size.
 *
 * Added in Linux 6.4 ("fprobe: Pass entry_data to handlers", 76d0de5729c0),
 * backported to 6.1.y (Oct 2023); capped at MAX_FPROBE_DATA_SIZE since
 * the 6.14 rewrite.
 * Built by compat/detect.sh with -Werror: any warning means "no".
 */
#include <linux/module.h>
#include <linux/fprobe.h>

static void __used vfsmod_conftest(struct fprobe *fp)
{
	fp->entry_data_size = sizeof(unsigned long);
}

MODULE_LICENSE("GPL");
