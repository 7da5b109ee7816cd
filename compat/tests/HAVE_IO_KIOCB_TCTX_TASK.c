// SPDX-License-Identifier: GPL-2.0-only
/*
 * HAVE_IO_KIOCB_TCTX_TASK: a request's submitting task is
 * req->tctx->task (struct io_uring_task in <linux/io_uring_types.h>).
 *
 * From 6.13, when struct io_kiocb lost its task pointer.
 * Built by compat/detect.sh with -Werror: any warning means "no".
 */
#include <linux/module.h>
#include <linux/io_uring_types.h>
#include <linux/sched.h>

static pid_t __used vfsmod_conftest(const struct io_kiocb *req)
{
	return req->tctx->task->pid;
}

MODULE_LICENSE("GPL");
