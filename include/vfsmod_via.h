/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vfsmod_via.h - which way a read or write reached its file: the `via`
 * field of vfs_read and vfs_write, for the event schema (kernel) and the
 * tools (userspace).
 *
 * No include guard around the list: a user defines VFSMOD_VIA(name, value)
 * and includes this file; the enum below is guarded.  Values are part of
 * the schema (docs/events.md): a new one is appended, none is renumbered.
 */
#ifdef VFSMOD_VIA
VFSMOD_VIA(read, 0)		/* read, pread64 */
VFSMOD_VIA(write, 1)		/* write, pwrite64 */
VFSMOD_VIA(readv, 2)		/* readv, preadv, preadv2 */
VFSMOD_VIA(writev, 3)		/* writev, pwritev, pwritev2 */
VFSMOD_VIA(splice, 4)		/* splice(2): the end that is a file */
VFSMOD_VIA(sendfile, 5)		/* sendfile(2): both files */
VFSMOD_VIA(copy_file_range, 6)	/* copy_file_range(2): both files */
VFSMOD_VIA(io_uring, 7)		/* io_uring read and write requests */
VFSMOD_VIA(aio, 8)		/* Linux aio (io_submit) */
VFSMOD_VIA(kernel, 9)		/* the kernel's own I/O: exec, nfsd, ... */
#else
#ifndef _VFSMOD_VIA_H
#define _VFSMOD_VIA_H

#define VFSMOD_VIA(name, value)	VFSMOD_VIA_##name = value,
enum vfsmod_via {
#include "vfsmod_via.h"
};

#undef VFSMOD_VIA
#endif /* _VFSMOD_VIA_H */
#endif /* VFSMOD_VIA */
