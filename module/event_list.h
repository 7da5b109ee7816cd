/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * event_list.h - the one list of vfsmod's events, in enum order.
 *
 * No include guard: a user defines VFSMOD_EVENT(event), includes this
 * file and undefines the macro.  The list gives the enum (vfsmod.h), the
 * event names and each event's pair of tracepoint register callbacks
 * (events.c).  A new event is one line here, its TRACE_EVENT_FN and the
 * pair's prototypes in include/vfsmod_events.h, and its hooks in
 * hooks.c.
 */
VFSMOD_EVENT(vfs_open)
VFSMOD_EVENT(vfs_read)
VFSMOD_EVENT(vfs_write)
VFSMOD_EVENT(vfs_rename)
VFSMOD_EVENT(d_alloc)
