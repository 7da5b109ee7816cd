/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vfsmod_call.h - what each vfsmod tracepoint is handed: one argument,
 * @call, a pointer to the call the event reports, as the probe handler
 * saw it.  Part of the schema (docs/events.md, "BPF raw tracepoints"):
 * members are only ever added at the end.
 *
 * A BPF program on a raw tracepoint (tp_btf, bpftrace
 * rawtracepoint:vfsmod:*) reads these, typed through vfsmod's BTF where
 * DKMS could build it, with no record assembled for it.  Where there is
 * no such BTF (5.10 and 6.1 headers ship no vmlinux), or a tool cannot
 * read a module's BTF (bpftrace 0.23), the tool includes this file: plain
 * C types only, so that it parses outside the kernel too.
 *
 * One pointer rather than one argument per field: vfs_read would need
 * thirteen where a raw tracepoint takes at most twelve, bpftrace lists a
 * raw tracepoint only if it takes at most five, and every consumer of a
 * tracepoint is handed all of its arguments on every call.
 *
 * Names (name, parent, old_name, new_name) point to NUL-terminated copies
 * of at most 255 bytes; *_len is the length, with bit 31 set
 * (VFSMOD_NAME_CUT) for a name cut at 255 bytes, and 0 (an empty string)
 * for a name that could not be read consistently.  Paths (path, old_dir,
 * new_dir, parent_path) are not NUL-terminated: the low 28 bits of *_len
 * are the length, the high bits its marks (vfsmod_path.h).  Names and
 * paths are raw bytes here; the records store them escaped.  dev is the
 * kernel's dev_t, major << 20 | minor.  Everything pointed to lives only
 * for the duration of the call.
 */
#ifndef _VFSMOD_CALL_H
#define _VFSMOD_CALL_H

/* The task's cgroup v2 id and mount namespace inode (0: unknown). */
struct vfsmod_task_ids {
	unsigned long long cgroup_id;
	unsigned int mnt_ns;
};

struct vfsmod_open_call {
	unsigned long long ino;
	const char *name;
	const char *path;
	struct vfsmod_task_ids ids;
	unsigned int dev;
	unsigned int flags;
	int ret;
	unsigned int name_len;
	unsigned int path_len;
};

/* vfs_read and vfs_write */
struct vfsmod_rw_call {
	unsigned long long ino;
	long long pos;
	unsigned long long count;
	long long ret;
	const char *name;
	const char *path;
	struct vfsmod_task_ids ids;
	unsigned int dev;
	int tid;
	unsigned int via;
	unsigned int name_len;
	unsigned int path_len;
};

struct vfsmod_rename_call {
	const char *old_name;
	const char *new_name;
	const char *old_dir;
	const char *new_dir;
	struct vfsmod_task_ids ids;
	unsigned int dev;
	unsigned int flags;
	int ret;
	unsigned int old_name_len;
	unsigned int new_name_len;
	unsigned int old_dir_len;
	unsigned int new_dir_len;
};

struct vfsmod_d_alloc_call {
	unsigned long long parent_ino;
	const char *parent;
	const char *name;
	const char *parent_path;
	struct vfsmod_task_ids ids;
	unsigned int dev;
	unsigned int parent_len;
	unsigned int name_len;
	unsigned int parent_path_len;
};

#endif /* _VFSMOD_CALL_H */
