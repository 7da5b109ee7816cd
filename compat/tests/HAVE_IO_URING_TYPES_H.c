// SPDX-License-Identifier: GPL-2.0-only
/*
 * HAVE_IO_URING_TYPES_H: struct io_kiocb is public, in
 * <linux/io_uring_types.h>, with the file, the flags and the completion
 * result (req->cqe.res) that io_uring's read and write handlers use.
 *
 * In include/linux from Linux 6.0; 5.10 (whose stable series carries the
 * 5.15 io_uring in io_uring/io_uring.c) keeps struct io_kiocb private:
 * compat/layout.sh reads its layout from the kernel's BTF there.
 * Built by compat/detect.sh with -Werror: any warning means "no".
 */
#include <linux/module.h>
#include <linux/io_uring_types.h>

static int __used vfsmod_conftest(const struct io_kiocb *req)
{
	return req->file && (req->flags & REQ_F_NOWAIT) ? req->cqe.res : 0;
}

MODULE_LICENSE("GPL");
