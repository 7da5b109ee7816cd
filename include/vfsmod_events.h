/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vfsmod_events.h - the vfsmod trace event schema, the one place it is defined.
 *
 * Every event is emitted once, when the probed function returns, so a
 * record always pairs what the caller asked for with what it got back.
 * Nothing here depends on the kernel version: the probe code hands plain
 * values (u64 inode numbers, dev_t, copied names) to these events, and the
 * compat layer absorbs the differences before that.
 *
 * Field order is largest-first (u64, then 32-bit, then the __data_loc
 * names) so records have no padding holes.  Names are stored at their real
 * length with __dynamic_array + memcpy rather than __string/__assign_str:
 * the name is a snapshot already copied by dname.c, and this avoids the
 * __assign_str arity change (two arguments up to 6.9, one from 6.10).
 *
 * Stability promise (docs/events.md): fields are only ever added at the
 * end of an event; none is renamed or changes meaning within a major
 * version.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM vfsmod

#if !defined(_VFSMOD_EVENTS_H) || defined(TRACE_HEADER_MULTI_READ)
#define _VFSMOD_EVENTS_H

#include <linux/tracepoint.h>
#include <linux/trace_events.h>
#include <linux/kdev_t.h>
#include <linux/string.h>

#ifndef __VFSMOD_EVENTS_HELPERS
#define __VFSMOD_EVENTS_HELPERS
/*
 * Attach and detach callbacks, one pair per event (TRACE_EVENT_FN takes
 * no argument, so the pair names its event).  They run in process context
 * under the tracepoints mutex, when the first consumer (ftrace, perf or
 * BPF) enables the event and after the last one disables it.
 */
int vfsmod_vfs_open_reg(void);
void vfsmod_vfs_open_unreg(void);
int vfsmod_vfs_read_reg(void);
void vfsmod_vfs_read_unreg(void);
int vfsmod_vfs_write_reg(void);
void vfsmod_vfs_write_unreg(void);
int vfsmod_vfs_rename_reg(void);
void vfsmod_vfs_rename_unreg(void);
int vfsmod_d_alloc_reg(void);
void vfsmod_d_alloc_unreg(void);

/* The reg callback of every vfsmod event class (see module/trace.c). */
int vfsmod_class_reg(struct trace_event_call *call, enum trace_reg type,
		     void *data);

/* The escape rule and the cut mark, shared with the tools. */
#include "vfsmod_name.h"
/* The values of via, shared with the tools. */
#include "vfsmod_via.h"
/* The marks of a stored path, shared with the tools. */
#include "vfsmod_path.h"

/*
 * Is every byte of @w plain?  Word-at-a-time: a high bit survives in a
 * lane only for a byte below 0x21, equal to '=', '\\' or 0x7f, or from
 * 0x80 up.  (Borrows can only mark lanes above a lane that is marked
 * anyway, so the answer for the word is exact.)
 */
static inline bool vfsmod_name_word_plain(u64 w)
{
	const u64 ones = 0x0101010101010101ULL;
	u64 eq = w ^ (ones * '='), bs = w ^ (ones * '\\');
	u64 del = w ^ (ones * 0x7f);
	u64 bad = ((w - ones * 0x21) & ~w) | ((eq - ones) & ~eq) |
		  ((bs - ones) & ~bs) | ((del - ones) & ~del) | w;

	return !(bad & (ones << 7));
}

/*
 * Bytes the stored name takes, with its escapes and NUL.  Plain words are
 * skipped eight bytes at a time; from the first word with something to
 * escape (or the tail) the bytes are counted one by one.
 */
static inline u32 vfsmod_name_size(const char *src, u32 len)
{
	u32 size, i = 0;
	u64 w;

	size = (len & VFSMOD_NAME_CUT) ? sizeof(VFSMOD_NAME_CUT_MARK) - 1 : 0;
	len &= ~VFSMOD_NAME_CUT;
	size += len + 1;

	for (; i + sizeof(w) <= len; i += sizeof(w)) {
		memcpy(&w, src + i, sizeof(w));
		if (!vfsmod_name_word_plain(w))
			break;
	}
	for (; i < len; i++)
		if (!vfsmod_name_byte_plain(src[i]))
			size += 3;
	return size;
}

/*
 * @size: from vfsmod_name_size(); len + 1 when nothing needs escaping or
 * marking.  Escapes (where needed) @len bytes of @src into @dst, then the
 * cut mark if the length carries VFSMOD_NAME_CUT, then the NUL.
 */
static inline void vfsmod_name_store(char *dst, u32 size, const char *src,
				     u32 len)
{
	bool cut = len & VFSMOD_NAME_CUT;
	u32 i;

	if (likely(size == len + 1)) {
		memcpy(dst, src, len);
		dst[len] = '\0';
		return;
	}
	len &= ~VFSMOD_NAME_CUT;
	for (i = 0; i < len; i++) {
		unsigned char c = src[i];

		if (vfsmod_name_byte_plain(c)) {
			*dst++ = c;
			continue;
		}
		*dst++ = '\\';
		*dst++ = 'x';
		*dst++ = "0123456789abcdef"[c >> 4];
		*dst++ = "0123456789abcdef"[c & 15];
	}
	if (cut) {
		memcpy(dst, VFSMOD_NAME_CUT_MARK, sizeof(VFSMOD_NAME_CUT_MARK));
		return;
	}
	*dst = '\0';
}

/* The tracepoints' argument structs, shared with BPF tools. */
#include "vfsmod_call.h"

/*
 * A path arrives as raw bytes and a length whose high bits are flags
 * (include/vfsmod_path.h); it is stored as its marks around its bytes,
 * escaped as names are.  vfsmod_path_size(): the bytes that takes, NUL
 * included; vfsmod_path_store() writes it.
 */
static inline const char *vfsmod_path_pre(u32 len)
{
	if (len & VFSMOD_PATH_UNREACHABLE)
		return (len & VFSMOD_PATH_CUT) ?
			VFSMOD_PATH_UNREACHABLE_MARK VFSMOD_PATH_CUT_MARK :
			VFSMOD_PATH_UNREACHABLE_MARK;
	if (len & VFSMOD_PATH_FS)
		return (len & VFSMOD_PATH_CUT) ?
			VFSMOD_PATH_FS_MARK VFSMOD_PATH_CUT_MARK :
			VFSMOD_PATH_FS_MARK;
	return (len & VFSMOD_PATH_CUT) ? VFSMOD_PATH_CUT_MARK : "";
}

static inline const char *vfsmod_path_post(u32 len)
{
	return (len & VFSMOD_PATH_DELETED) ? VFSMOD_PATH_DELETED_MARK : "";
}

static inline u32 vfsmod_path_size(const char *src, u32 len)
{
	return strlen(vfsmod_path_pre(len)) +
	       vfsmod_name_size(src, len & VFSMOD_PATH_LEN_MASK) +
	       strlen(vfsmod_path_post(len));
}

static inline void vfsmod_path_store(char *dst, u32 size, const char *src,
				     u32 len)
{
	const char *pre = vfsmod_path_pre(len), *post = vfsmod_path_post(len);
	u32 npre = strlen(pre), npost = strlen(post);
	u32 nsize = size - npre - npost;

	memcpy(dst, pre, npre);
	vfsmod_name_store(dst + npre, nsize, src, len & VFSMOD_PATH_LEN_MASK);
	/* over the name's NUL: the mark, then its own NUL */
	memcpy(dst + npre + nsize - 1, post, npost + 1);
}
#endif

/*
 * A name is stored NUL-terminated at its real (escaped) length, not in a
 * fixed 256-byte slot.  A length of 0 means the name could not be read
 * consistently (counted as name_unavailable): it shows as an empty
 * string, never as a mix of two names.
 *
 * Every event ends with its task's cgroup_id and mnt_ns (0: unknown) and
 * the paths of what it names (module/path.c): absolute from the task's
 * root, marked where they are not (include/vfsmod_path.h), empty where
 * none could be had (counted as path_unavailable) or the file has none.
 */

/*
 * vfs_open: a file was opened (do_dentry_open() returned).
 * ino/dev: the opened inode and its superblock's device (as stat(2)
 * reports them); flags: the file's f_flags (O_*); ret: 0 or -errno;
 * path: the opened file's.
 */
TRACE_EVENT_FN(vfs_open,
	       TP_PROTO(const struct vfsmod_open_call *call),
	       TP_ARGS(call),
	       TP_STRUCT__entry(__field(u64, ino)
				__field(dev_t, dev)
				__field(unsigned int, flags)
				__field(int, ret)
				__dynamic_array(char, name,
						vfsmod_name_size(call->name,
								 call->name_len))
				__field(u64, cgroup_id)
				__field(u32, mnt_ns)
				__dynamic_array(char, path,
						vfsmod_path_size(call->path,
								 call->path_len))
	       ),
	       TP_fast_assign(__entry->ino = call->ino;
			      __entry->dev = call->dev;
			      __entry->flags = call->flags;
			      __entry->ret = call->ret;
			      vfsmod_name_store(__get_dynamic_array(name),
						__get_dynamic_array_len(name),
						call->name, call->name_len);
			      __entry->cgroup_id = call->ids.cgroup_id;
			      __entry->mnt_ns = call->ids.mnt_ns;
			      vfsmod_path_store(__get_dynamic_array(path),
						__get_dynamic_array_len(path),
						call->path, call->path_len);
	       ),
	       TP_printk("dev=%d:%d ino=%llu flags=0x%x ret=%d name=%s cgroup_id=%llu mnt_ns=%u path=%s",
			 MAJOR(__entry->dev), MINOR(__entry->dev),
			 (unsigned long long)__entry->ino, __entry->flags,
			 __entry->ret, __get_str(name),
			 (unsigned long long)__entry->cgroup_id,
			 __entry->mnt_ns, __get_str(path)),
	       vfsmod_vfs_open_reg, vfsmod_vfs_open_unreg
);

/*
 * via: which way the bytes reached the file (include/vfsmod_via.h), a
 * number in the record, printed by name.  TRACE_DEFINE_ENUM makes the
 * format file show the numbers, so that perf, trace-cmd and libtraceevent
 * print the names too.
 */
TRACE_DEFINE_ENUM(VFSMOD_VIA_read);
TRACE_DEFINE_ENUM(VFSMOD_VIA_write);
TRACE_DEFINE_ENUM(VFSMOD_VIA_readv);
TRACE_DEFINE_ENUM(VFSMOD_VIA_writev);
TRACE_DEFINE_ENUM(VFSMOD_VIA_splice);
TRACE_DEFINE_ENUM(VFSMOD_VIA_sendfile);
TRACE_DEFINE_ENUM(VFSMOD_VIA_copy_file_range);
TRACE_DEFINE_ENUM(VFSMOD_VIA_io_uring);
TRACE_DEFINE_ENUM(VFSMOD_VIA_aio);
TRACE_DEFINE_ENUM(VFSMOD_VIA_kernel);

/*
 * vfs_read and vfs_write share one layout: one event per call and file,
 * whichever way the call came (via).
 * pos: the file position at entry (0 for files without one, such as
 * pipes); count: the size requested; ret: bytes transferred or -errno;
 * tid: the task that asked for the I/O (common_pid for a call made in
 * the caller's context; for an asynchronous completion, which runs in an
 * interrupt or a worker, the submitter); path: the file's.
 */
DECLARE_EVENT_CLASS(vfsmod_rw,
		    TP_PROTO(const struct vfsmod_rw_call *call),
		    TP_ARGS(call),
		    TP_STRUCT__entry(__field(u64, ino)
				     __field(s64, pos)
				     __field(u64, count)
				     __field(s64, ret)
				     __field(dev_t, dev)
				     __dynamic_array(char, name,
						     vfsmod_name_size(call->name,
								      call->name_len))
				     __field(s32, tid)
				     __field(u32, via)
				     __field(u64, cgroup_id)
				     __field(u32, mnt_ns)
				     __dynamic_array(char, path,
						     vfsmod_path_size(call->path,
								      call->path_len))
		    ),
		    TP_fast_assign(__entry->ino = call->ino;
				   __entry->pos = call->pos;
				   __entry->count = call->count;
				   __entry->ret = call->ret;
				   __entry->dev = call->dev;
				   vfsmod_name_store(__get_dynamic_array(name),
						     __get_dynamic_array_len(name),
						     call->name, call->name_len);
				   __entry->tid = call->tid;
				   __entry->via = call->via;
				   __entry->cgroup_id = call->ids.cgroup_id;
				   __entry->mnt_ns = call->ids.mnt_ns;
				   vfsmod_path_store(__get_dynamic_array(path),
						     __get_dynamic_array_len(path),
						     call->path, call->path_len);
		    ),
		    TP_printk("dev=%d:%d ino=%llu pos=%lld count=%llu ret=%lld name=%s tid=%d via=%s cgroup_id=%llu mnt_ns=%u path=%s",
			      MAJOR(__entry->dev), MINOR(__entry->dev),
			      (unsigned long long)__entry->ino,
			      (long long)__entry->pos,
			      (unsigned long long)__entry->count,
			      (long long)__entry->ret, __get_str(name),
			      __entry->tid,
			      __print_symbolic(__entry->via,
					       { VFSMOD_VIA_read, "read" },
					       { VFSMOD_VIA_write, "write" },
					       { VFSMOD_VIA_readv, "readv" },
					       { VFSMOD_VIA_writev, "writev" },
					       { VFSMOD_VIA_splice, "splice" },
					       { VFSMOD_VIA_sendfile, "sendfile" },
					       { VFSMOD_VIA_copy_file_range,
						 "copy_file_range" },
					       { VFSMOD_VIA_io_uring, "io_uring" },
					       { VFSMOD_VIA_aio, "aio" },
					       { VFSMOD_VIA_kernel, "kernel" }),
			      (unsigned long long)__entry->cgroup_id,
			      __entry->mnt_ns, __get_str(path))
);

DEFINE_EVENT_FN(vfsmod_rw, vfs_read,
		TP_PROTO(const struct vfsmod_rw_call *call),
		TP_ARGS(call),
		vfsmod_vfs_read_reg, vfsmod_vfs_read_unreg);

DEFINE_EVENT_FN(vfsmod_rw, vfs_write,
		TP_PROTO(const struct vfsmod_rw_call *call),
		TP_ARGS(call),
		vfsmod_vfs_write_reg, vfsmod_vfs_write_unreg);

/*
 * vfs_rename: old_name and new_name are the final components as they were
 * when vfs_rename() was entered (after a successful rename the dentry
 * already carries the new name); flags: RENAME_* flags; ret: 0 or -errno;
 * old_dir/new_dir: the two parent directories' paths.
 */
TRACE_EVENT_FN(vfs_rename,
	       TP_PROTO(const struct vfsmod_rename_call *call),
	       TP_ARGS(call),
	       TP_STRUCT__entry(__field(dev_t, dev)
				__field(unsigned int, flags)
				__field(int, ret)
				__dynamic_array(char, old_name,
						vfsmod_name_size(call->old_name,
								 call->old_name_len))
				__dynamic_array(char, new_name,
						vfsmod_name_size(call->new_name,
								 call->new_name_len))
				__field(u64, cgroup_id)
				__field(u32, mnt_ns)
				__dynamic_array(char, old_dir,
						vfsmod_path_size(call->old_dir,
								 call->old_dir_len))
				__dynamic_array(char, new_dir,
						vfsmod_path_size(call->new_dir,
								 call->new_dir_len))
	       ),
	       TP_fast_assign(__entry->dev = call->dev;
			      __entry->flags = call->flags;
			      __entry->ret = call->ret;
			      vfsmod_name_store(__get_dynamic_array(old_name),
						__get_dynamic_array_len(old_name),
						call->old_name, call->old_name_len);
			      vfsmod_name_store(__get_dynamic_array(new_name),
						__get_dynamic_array_len(new_name),
						call->new_name, call->new_name_len);
			      __entry->cgroup_id = call->ids.cgroup_id;
			      __entry->mnt_ns = call->ids.mnt_ns;
			      vfsmod_path_store(__get_dynamic_array(old_dir),
						__get_dynamic_array_len(old_dir),
						call->old_dir, call->old_dir_len);
			      vfsmod_path_store(__get_dynamic_array(new_dir),
						__get_dynamic_array_len(new_dir),
						call->new_dir, call->new_dir_len);
	       ),
	       TP_printk("dev=%d:%d flags=0x%x ret=%d old_name=%s new_name=%s cgroup_id=%llu mnt_ns=%u old_dir=%s new_dir=%s",
			 MAJOR(__entry->dev), MINOR(__entry->dev),
			 __entry->flags, __entry->ret, __get_str(old_name),
			 __get_str(new_name),
			 (unsigned long long)__entry->cgroup_id,
			 __entry->mnt_ns, __get_str(old_dir),
			 __get_str(new_dir)),
	       vfsmod_vfs_rename_reg, vfsmod_vfs_rename_unreg
);

/*
 * d_alloc: a dentry was allocated for @name under @parent, by d_alloc()
 * or by the lookup path (d_alloc_parallel(), where newer kernels inline
 * d_alloc()).  parent_ino is 0 when the parent has no inode;
 * parent_path: the parent directory's path.
 */
TRACE_EVENT_FN(d_alloc,
	       TP_PROTO(const struct vfsmod_d_alloc_call *call),
	       TP_ARGS(call),
	       TP_STRUCT__entry(__field(u64, parent_ino)
				__field(dev_t, dev)
				__dynamic_array(char, parent,
						vfsmod_name_size(call->parent,
								 call->parent_len))
				__dynamic_array(char, name,
						vfsmod_name_size(call->name,
								 call->name_len))
				__field(u64, cgroup_id)
				__field(u32, mnt_ns)
				__dynamic_array(char, parent_path,
						vfsmod_path_size(call->parent_path,
								 call->parent_path_len))
	       ),
	       TP_fast_assign(__entry->parent_ino = call->parent_ino;
			      __entry->dev = call->dev;
			      vfsmod_name_store(__get_dynamic_array(parent),
						__get_dynamic_array_len(parent),
						call->parent, call->parent_len);
			      vfsmod_name_store(__get_dynamic_array(name),
						__get_dynamic_array_len(name),
						call->name, call->name_len);
			      __entry->cgroup_id = call->ids.cgroup_id;
			      __entry->mnt_ns = call->ids.mnt_ns;
			      vfsmod_path_store(__get_dynamic_array(parent_path),
						__get_dynamic_array_len(parent_path),
						call->parent_path,
						call->parent_path_len);
	       ),
	       TP_printk("dev=%d:%d parent_ino=%llu parent=%s name=%s cgroup_id=%llu mnt_ns=%u parent_path=%s",
			 MAJOR(__entry->dev), MINOR(__entry->dev),
			 (unsigned long long)__entry->parent_ino,
			 __get_str(parent), __get_str(name),
			 (unsigned long long)__entry->cgroup_id,
			 __entry->mnt_ns, __get_str(parent_path)),
	       vfsmod_d_alloc_reg, vfsmod_d_alloc_unreg
);

#endif /* _VFSMOD_EVENTS_H */

/***** NOTICE! The #if protection ends here. *****/

/*
 * TRACE_INCLUDE_PATH is "." plus -I$(src)/../include in Kbuild rather than
 * a relative path, because path components can be eaten by macros of the
 * same name (see samples/trace_events/trace-events-sample.h).
 */
#undef TRACE_INCLUDE_PATH
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_PATH .
#define TRACE_INCLUDE_FILE vfsmod_events
#include <trace/define_trace.h>
