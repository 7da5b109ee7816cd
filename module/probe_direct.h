/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * probe_direct.h - what the direct-call trampoline (probe_direct_tramp.S)
 * and its C side (probe_direct.c) share: the per-call frame on the
 * trampoline's stack.  asm-safe.
 */
#ifndef _VFSMOD_PROBE_DIRECT_H
#define _VFSMOD_PROBE_DIRECT_H

/*
 * One stub per vfsmod_hooks slot (VFSMOD_NR_HOOKS, checked in
 * probe_direct.c): the stub's number is its hook, the first of the
 * hooks on its function (its site).
 */
#define VFSMOD_DIRECT_STUBS	42

/*
 * The frame, struct vfsmod_direct_call in probe_direct.c: the six
 * argument registers, the site (the stub's number), per hook sharing the
 * function the attachment the call entered and the hook's per-call data,
 * the original's return value (rax, rdx), and padding that keeps the
 * calls made from it 16-byte aligned.
 */
#define VFSMOD_DIRECT_SLOTS	2
#define VFSMOD_DIRECT_ARGS	0
#define VFSMOD_DIRECT_HOOK	48
#define VFSMOD_DIRECT_GEN	56
#define VFSMOD_DIRECT_DATA	72
#define VFSMOD_DIRECT_DATA_MAX	64
#define VFSMOD_DIRECT_RAX	200
#define VFSMOD_DIRECT_RDX	208
#define VFSMOD_DIRECT_FRAME	232

#ifndef __ASSEMBLY__
struct vfsmod_direct_call;

/* probe_direct_tramp.S: stub N serves the site of vfsmod_hooks[N]. */
extern const unsigned long vfsmod_direct_stubs[VFSMOD_DIRECT_STUBS];

/* probe_direct.c, called from the trampoline only. */
int vfsmod_direct_enter(struct vfsmod_direct_call *c);
void vfsmod_direct_exit(struct vfsmod_direct_call *c, unsigned long ret);
#endif

#endif /* _VFSMOD_PROBE_DIRECT_H */
