/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * task_ctx.h - the container context of a task, for every event: its
 * cgroup v2 id and its mount namespace.  No lock, any context, from
 * probe handlers.
 */
#ifndef _VFSMOD_TASK_CTX_H
#define _VFSMOD_TASK_CTX_H

#include <linux/sched.h>
#include <linux/types.h>

/**
 * vfsmod_task_cgroup_id - @t's cgroup v2 id
 *
 * The inode number of its cgroup directory (stat -c %i /sys/fs/cgroup/...),
 * bpftrace's "cgroup", bpf_get_current_cgroup_id().  1 (the root) where
 * no controller is on the v2 hierarchy; 0 without CONFIG_CGROUPS.  Any
 * task the caller keeps alive (a reference, or current), any context,
 * with preemption disabled (every probe handler runs so): that is the
 * RCU read side that keeps the task's css_set alive.
 */
u64 vfsmod_task_cgroup_id(struct task_struct *t);

/**
 * vfsmod_task_mnt_ns - the inode of @t's mount namespace
 *
 * What readlink /proc/PID/ns/mnt shows in brackets.  0 when unknown: @t
 * is not the current task (another task's nsproxy is freed without RCU
 * when it exits or switches namespaces, so only the task itself may read
 * it without task_lock(); capture it at submission for asynchronous
 * completions), the task has exited its namespaces, or the layout of
 * struct mnt_namespace could not be read from the kernel's BTF at build
 * time.  Any context.
 */
u32 vfsmod_task_mnt_ns(struct task_struct *t);

#endif /* _VFSMOD_TASK_CTX_H */
