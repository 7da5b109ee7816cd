/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vfsmod_name.h - how vfsmod stores a name, in one place for the event
 * schema (kernel), the test helpers and vfsmod-top (userspace).
 *
 * Names are stored escaped, so that no file name can forge trace output:
 * every byte outside printable ASCII (0x00-0x20, 0x7f-0xff), and '=' and
 * '\\', is written as \xHH (lower-case hex).  A space or newline in a
 * name can then never read as another field or another event, in
 * trace_pipe or in any tool, and the format stays a plain %s that
 * libtraceevent parses.  Ordinary names are stored unchanged.
 *
 * A name longer than NAME_MAX (the VFS allocates dentries for such names
 * before the filesystem refuses them) arrives cut at NAME_MAX bytes, with
 * VFSMOD_NAME_CUT set in its length, and is stored with
 * VFSMOD_NAME_CUT_MARK after the bytes kept.  The mark cannot occur
 * otherwise: a backslash of a real name is stored as \x5c.  BPF raw
 * tracepoint programs see the bit in the length argument.
 */
#ifndef _VFSMOD_NAME_H
#define _VFSMOD_NAME_H

#ifndef __KERNEL__
#include <stdbool.h>
#endif

#define VFSMOD_NAME_CUT		0x80000000U
#define VFSMOD_NAME_CUT_MARK	"\\..."

/* Is byte @c stored as itself (true) or as \xHH (false)? */
static inline bool vfsmod_name_byte_plain(unsigned char c)
{
	return c > ' ' && c < 0x7f && c != '=' && c != '\\';
}

#endif /* _VFSMOD_NAME_H */
