/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _VFSMOD_ASYNC_HOOKS_H
#define _VFSMOD_ASYNC_HOOKS_H

#include "vfsmod.h"
#include "rw_hooks.h"

/*
 * The callbacks behind io_uring's and Linux aio's reads and writes, for
 * the table in hooks.c (async_hooks.c says which function does what).
 */
VFSMOD_RW_CALLBACKS(vfsmod_uring_read);
VFSMOD_RW_CALLBACKS(vfsmod_uring_write);
VFSMOD_RW_CALLBACKS(vfsmod_aio_read);
VFSMOD_RW_CALLBACKS(vfsmod_aio_write);
VFSMOD_RW_CALLBACKS(vfsmod_uring_read_complete);
VFSMOD_RW_CALLBACKS(vfsmod_uring_write_complete);

/* Entry only: a request's kiocb, position and size; its completion. */
#define VFSMOD_ASYNC_ENTRY(name)					\
	int name(unsigned long a0, unsigned long a1, unsigned long a2,	\
		 unsigned long a3, unsigned long a4, unsigned long a5,	\
		 void *data)

VFSMOD_ASYNC_ENTRY(vfsmod_async_read_verify_entry);
VFSMOD_ASYNC_ENTRY(vfsmod_async_write_verify_entry);
VFSMOD_ASYNC_ENTRY(vfsmod_uring_read_iopoll_entry);
VFSMOD_ASYNC_ENTRY(vfsmod_uring_write_iopoll_entry);
VFSMOD_ASYNC_ENTRY(vfsmod_uring_read_posted_entry);
VFSMOD_ASYNC_ENTRY(vfsmod_uring_write_posted_entry);
VFSMOD_ASYNC_ENTRY(vfsmod_aio_read_complete_entry);
VFSMOD_ASYNC_ENTRY(vfsmod_aio_write_complete_entry);

/* Per-call data of io_read/io_write, aio_read/aio_write, io_req_rw_complete. */
struct vfsmod_async_carry {
	const void *req;	/* struct io_kiocb (io_uring), kiocb (aio) */
	int mark;
};

/* The requests in flight of @ev: process context, at enable/disable. */
int vfsmod_async_create(enum vfsmod_event ev);
void vfsmod_async_destroy(enum vfsmod_event ev);

#endif /* _VFSMOD_ASYNC_HOOKS_H */
