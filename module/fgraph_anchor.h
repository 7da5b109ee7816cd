/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _VFSMOD_FGRAPH_ANCHOR_H
#define _VFSMOD_FGRAPH_ANCHOR_H

#include "compat.h"

#if defined(VFSMOD_FPROBE_BACKEND) && VFSMOD_FPROBE_ON_FGRAPH
/* Under vfsmod_attach_lock, before every fprobe attach. */
int vfsmod_fgraph_anchor_get(void);
/* At module exit, once every hook is detached. */
void vfsmod_fgraph_anchor_put(void);
#else
/* Before 6.14 fprobe does not run on fgraph: nothing to anchor. */
static inline int vfsmod_fgraph_anchor_get(void)
{
	return 0;
}
#endif

#endif /* _VFSMOD_FGRAPH_ANCHOR_H */
