// SPDX-License-Identifier: GPL-2.0-only
/*
 * HAVE_KIOCB_DIO_COMPLETE: struct kiocb has dio_complete and the
 * IOCB_DIO_CALLER_COMP flag: a direct write may call ki_complete(iocb, 0)
 * from the block layer and leave the real result to dio_complete(),
 * which the submitter's io_uring task work calls.
 *
 * Added in Linux 6.6 (with iomap's caller completions for io_uring).
 * Built by compat/detect.sh with -Werror: any warning means "no".
 */
#include <linux/module.h>
#include <linux/fs.h>

static bool __used vfsmod_conftest(const struct kiocb *iocb)
{
	return (iocb->ki_flags & IOCB_DIO_CALLER_COMP) && iocb->dio_complete;
}

MODULE_LICENSE("GPL");
