// SPDX-License-Identifier: GPL-2.0-only
/*
 * fgraph_anchor.c - keeps fprobe's fgraph_ops at one fgraph slot for the
 * module's lifetime (6.14 and later, fprobe backend).
 *
 * From 6.14 every fprobe with an exit handler shares one fgraph_ops,
 * registered while at least one such fprobe is: detaching the last hook
 * unregisters it, attaching one registers it again, at the next of
 * fgraph's 16 slots (a least-recently-used rotation).  fgraph marks every
 * call it follows with slot 0's bit as well, so once the rotation brings
 * fprobe back to slot 0, a call still in flight from an earlier slot (a
 * read blocked in a pipe) returns into fprobe_return() with no data for
 * slot 0: "WARNING: kernel/trace/fprobe.c ... at fprobe_return" (seen on
 * 7.2 after ~150 event toggles; a panic under panic_on_warn).  An fprobe
 * on a function of ours that nothing calls keeps fprobe's fgraph_ops
 * registered from the first attach to module unload, so toggling events
 * only edits its filter.  (It does not keep other fgraph users off slot
 * 0: that is why backend=auto does not pick fprobe there.)
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include "compat.h"
#include "fgraph_anchor.h"

#if defined(VFSMOD_FPROBE_BACKEND) && VFSMOD_FPROBE_ON_FGRAPH
#include <linux/compiler.h>
#include <linux/fprobe.h>

static noinline __used void vfsmod_fgraph_anchor(void)
{
	/* Never called: only its ftrace call site matters. */
	barrier();
}

static void vfsmod_fgraph_anchor_exit(struct fprobe *fp,
				      unsigned long entry_ip,
				      unsigned long ret_ip,
				      struct vfsmod_fprobe_regs *regs,
				      void *data)
{
}

static struct fprobe vfsmod_anchor = {
	.exit_handler = vfsmod_fgraph_anchor_exit,
};

static bool vfsmod_anchored;

int vfsmod_fgraph_anchor_get(void)
{
	int ret;

	if (vfsmod_anchored)
		return 0;
	ret = register_fprobe(&vfsmod_anchor, "vfsmod_fgraph_anchor", NULL);
	if (ret < 0) {
		pr_err("fprobe: cannot anchor fgraph on vfsmod_fgraph_anchor: error %d\n",
		       ret);
		return ret;
	}
	vfsmod_anchored = true;
	return 0;
}

void vfsmod_fgraph_anchor_put(void)
{
	if (!vfsmod_anchored)
		return;
	unregister_fprobe(&vfsmod_anchor);
	vfsmod_anchored = false;
}
#endif
