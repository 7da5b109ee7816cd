// SPDX-License-Identifier: GPL-2.0-only
/*
 * HAVE_FPROBE_NR_MAXACTIVE: struct fprobe has nr_maxactive.
 *
 * Added in Linux 6.4 ("fprobe: Add nr_maxactive to specify rethook_node
 * pool size", 59a7a298565a), backported to 6.1.y; removed by the 6.14
 * rewrite onto the function-graph tracer ("tracing/fprobe: Remove
 * nr_maxactive from fprobe").
 * Built by compat/detect.sh with -Werror: any warning means "no".
 */
#include <linux/module.h>
#include <linux/fprobe.h>

static void __used vfsmod_conftest(struct fprobe *fp)
{
	fp->nr_maxactive = 1;
}

MODULE_LICENSE("GPL");
