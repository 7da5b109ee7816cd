// SPDX-License-Identifier: GPL-2.0-only
/*
 * HAVE_IO_KIOCB_TASK: struct io_kiocb names its submitting task directly
 * (req->task).
 *
 * 6.0 to 6.12; from 6.13 it is reached through the request's task context
 * instead (req->tctx->task, HAVE_IO_KIOCB_TCTX_TASK).
 * Built by compat/detect.sh with -Werror: any warning means "no".
 */
#include <linux/module.h>
#include <linux/io_uring_types.h>
#include <linux/sched.h>

static pid_t __used vfsmod_conftest(const struct io_kiocb *req)
{
	return req->task->pid;
}

MODULE_LICENSE("GPL");
