/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vfsmod_via.h - which way a read or write reached its file: the `via`
 * field of vfs_read and vfs_write, for the event schema (kernel) and the
 * tools (userspace).  The values are part of the schema (docs/events.md):
 * a new one is appended, none is renumbered.  include/vfsmod_events.h
 * prints them by name: a new value gets its line there too.
 */
#ifndef _VFSMOD_VIA_H
#define _VFSMOD_VIA_H

enum vfsmod_via {
	VFSMOD_VIA_read = 0,		/* read, pread64 */
	VFSMOD_VIA_write = 1,		/* write, pwrite64 */
	VFSMOD_VIA_readv = 2,		/* readv, preadv, preadv2 */
	VFSMOD_VIA_writev = 3,		/* writev, pwritev, pwritev2 */
	VFSMOD_VIA_splice = 4,		/* splice(2): the end that is a file */
	VFSMOD_VIA_sendfile = 5,	/* sendfile(2): both files */
	VFSMOD_VIA_copy_file_range = 6,	/* copy_file_range(2): both files */
	VFSMOD_VIA_io_uring = 7,	/* io_uring read and write requests */
	VFSMOD_VIA_aio = 8,		/* Linux aio (io_submit) */
	VFSMOD_VIA_kernel = 9,		/* the kernel's own I/O: exec, nfsd, ... */
};

#endif /* _VFSMOD_VIA_H */
