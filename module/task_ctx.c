// SPDX-License-Identifier: GPL-2.0-only
/*
 * task_ctx.c - a task's cgroup v2 id and mount namespace inode.
 *
 * The cgroup: task->cgroups is an RCU pointer to a css_set, freed after a
 * grace period, and the css_set pins its cgroups, which pin their kernfs
 * nodes; cgroup_id() is the node's id, the directory's inode number (on
 * 64-bit, kernfs uses the whole id as i_ino).  bpf_get_current_cgroup_id()
 * does the same, from any context.
 *
 * The mount namespace: current->nsproxy changes only by the task itself
 * (setns, unshare, exit), so the task may read its own without a lock;
 * the nsproxy holds its mnt_namespace.  struct mnt_namespace is private to
 * fs/mount.h: the offset of its struct ns_common comes from the kernel's
 * BTF (vfsmod_layout.h), and ns_common.inum is public.
 */
#include <linux/cgroup.h>
#include <linux/compiler.h>
#include <linux/kprobes.h>
#include <linux/ns_common.h>
#include <linux/nsproxy.h>
#include <linux/rcupdate.h>
#include <linux/stddef.h>

#include "task_ctx.h"
#include "vfsmod_layout.h"

#ifdef VFSMOD_HAVE_LAYOUT
static_assert(offsetof(struct ns_common, inum) == VFSMOD_BTF_NS_COMMON_INUM,
	      "vfsmod_layout.h: BTF of another kernel (struct ns_common)");
static_assert(sizeof(struct nsproxy) == VFSMOD_BTF_SIZEOF_NSPROXY,
	      "vfsmod_layout.h: BTF of another kernel (struct nsproxy)");
#endif

u64 vfsmod_task_cgroup_id(struct task_struct *t)
{
#ifdef CONFIG_CGROUPS
	/*
	 * Called with preemption disabled (task_ctx.h): an RCU read side
	 * already, which task_css_set() accepts, so no rcu_read_lock()
	 * (two calls on a PREEMPT_RCU kernel, on every event).
	 */
	return cgroup_id(task_dfl_cgroup(t));
#else
	return 0;
#endif
}

u32 vfsmod_task_mnt_ns(struct task_struct *t)
{
#ifdef VFSMOD_HAVE_LAYOUT
	struct nsproxy *nsp;
	const char *mnt_ns;

	if (t != current)
		return 0;
	nsp = READ_ONCE(t->nsproxy);
	if (!nsp)
		return 0;
	mnt_ns = (const char *)READ_ONCE(nsp->mnt_ns);
	if (!mnt_ns)
		return 0;
	return READ_ONCE(((const struct ns_common *)
			  (mnt_ns + VFSMOD_MNT_NAMESPACE_NS))->inum);
#else
	return 0;
#endif
}

NOKPROBE_SYMBOL(vfsmod_task_cgroup_id);
NOKPROBE_SYMBOL(vfsmod_task_mnt_ns);
