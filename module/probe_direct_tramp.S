/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * probe_direct_tramp.S - the direct-call trampoline of backend=direct.
 *
 * ftrace turns the fentry call of a hooked function into a call of its
 * hook's stub; on entry the stack holds the address in the function just
 * past that call (its body) and, above it, the caller's return address.
 * The stub loads its hook number into r11 (scratch at a function's first
 * instruction, never an argument) and jumps to the common code, which
 * saves the argument registers in a frame (probe_direct.h) and asks
 * vfsmod_direct_enter() what to do:
 *
 *  - non-zero (entry-only hook, hook detached, or the hook skips this
 *    call): restore the arguments and return into the function's body,
 *    which runs as if never stopped;
 *  - zero: call the body with the arguments restored, keep its return
 *    value, hand it to vfsmod_direct_exit(), and return straight to the
 *    caller, past the function's own frame (the way the BPF trampoline
 *    does with BPF_TRAMP_F_CALL_ORIG | BPF_TRAMP_F_SKIP_FRAME).
 *
 * The body is reached by a RET to its address, out of a call that gives
 * it our return address: a direct call to it cannot be written here (the
 * address is only known at run time) and an indirect one would land
 * without ENDBR under IBT.  Returns are not subject to IBT, and the
 * CALL/RET pair keeps the return stack buffer balanced, as ftrace's own
 * ftrace_regs_caller does for direct calls.
 *
 * Call depth tracking (CONFIG_MITIGATION_CALL_DEPTH_TRACKING): ftrace's
 * call to a stub goes through no call thunk, so the stub accounts for it
 * by hand; the other calls here are call sites objtool lists for the
 * module loader, like any other, and their targets have the padding the
 * thunks are written into.
 *
 * While the body runs, its return address is in this module's text: the
 * module must not go before every such call has returned (probe_direct.c
 * holds a module reference until then).
 */
#include "compat.h"

/* Not a word of it elsewhere: 5.10 has not even <asm/ibt.h>. */
#ifdef VFSMOD_DIRECT_BACKEND

#include <linux/linkage.h>
#include <linux/objtool.h>
#include <asm/asm-offsets.h>
#include <asm/ibt.h>
#include <asm/nospec-branch.h>
#include <asm/unwind_hints.h>

#include "probe_direct.h"

/* 0 to VFSMOD_DIRECT_STUBS - 1, checked at the table's end. */
#define VFSMOD_DIRECT_STUB_NUMBERS \
	0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, \
	19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, \
	37, 38, 39, 40, 41

	.text

SYM_CODE_START_LOCAL(vfsmod_direct_common)
	UNWIND_HINT_FUNC
	ANNOTATE_NOENDBR
	pushq	%rbp
	movq	%rsp, %rbp
	subq	$VFSMOD_DIRECT_FRAME, %rsp
	movq	%rdi, VFSMOD_DIRECT_ARGS + 0(%rsp)
	movq	%rsi, VFSMOD_DIRECT_ARGS + 8(%rsp)
	movq	%rdx, VFSMOD_DIRECT_ARGS + 16(%rsp)
	movq	%rcx, VFSMOD_DIRECT_ARGS + 24(%rsp)
	movq	%r8, VFSMOD_DIRECT_ARGS + 32(%rsp)
	movq	%r9, VFSMOD_DIRECT_ARGS + 40(%rsp)
	movq	%r11, VFSMOD_DIRECT_HOOK(%rsp)
	movq	%rsp, %rdi
	call	vfsmod_direct_enter
	movq	VFSMOD_DIRECT_ARGS + 0(%rsp), %rdi
	movq	VFSMOD_DIRECT_ARGS + 8(%rsp), %rsi
	movq	VFSMOD_DIRECT_ARGS + 16(%rsp), %rdx
	movq	VFSMOD_DIRECT_ARGS + 24(%rsp), %rcx
	movq	VFSMOD_DIRECT_ARGS + 32(%rsp), %r8
	movq	VFSMOD_DIRECT_ARGS + 40(%rsp), %r9
	testl	%eax, %eax
	jnz	.Lvfsmod_direct_into_body

	call	vfsmod_direct_call_body
	movq	%rax, VFSMOD_DIRECT_RAX(%rsp)
	movq	%rdx, VFSMOD_DIRECT_RDX(%rsp)
	movq	%rsp, %rdi
	movq	%rax, %rsi
	call	vfsmod_direct_exit
	movq	VFSMOD_DIRECT_RAX(%rsp), %rax
	movq	VFSMOD_DIRECT_RDX(%rsp), %rdx
	leave
	/* Drop the return into the body: back to the function's caller. */
	addq	$8, %rsp
	UNWIND_HINT_FUNC
	RET

.Lvfsmod_direct_into_body:
	leave
	RET

SYM_CODE_END(vfsmod_direct_common)

/*
 * Enters the body of the hooked function with the return address of its
 * call above, in vfsmod_direct_common.  A function of its own, not an
 * intra-function call: objtool then follows the code after the call, and
 * the call goes through the call depth accounting thunk like any other.
 */
SYM_FUNC_START_LOCAL(vfsmod_direct_call_body)
	/* The body's address: ftrace's call left it above the saved rbp. */
	pushq	8(%rbp)
	UNWIND_HINT_FUNC
	RET
SYM_FUNC_END(vfsmod_direct_call_body)

/* Stub N serves vfsmod_hooks[N]: ftrace calls it from the function. */
.macro vfsmod_direct_stub n
SYM_CODE_START_LOCAL(vfsmod_direct_stub_\n)
	UNWIND_HINT_FUNC
	ENDBR
	CALL_DEPTH_ACCOUNT
	movl	$\n, %r11d
	jmp	vfsmod_direct_common
SYM_CODE_END(vfsmod_direct_stub_\n)
.endm

.irp n, VFSMOD_DIRECT_STUB_NUMBERS
	vfsmod_direct_stub \n
.endr

	.section .rodata, "a"
	.balign 8
SYM_DATA_START(vfsmod_direct_stubs)
.irp n, VFSMOD_DIRECT_STUB_NUMBERS
	.quad	vfsmod_direct_stub_\n
.endr
SYM_DATA_END(vfsmod_direct_stubs)
.if (. - vfsmod_direct_stubs) - VFSMOD_DIRECT_STUBS * 8
	.error "vfsmod: the stub lists must have VFSMOD_DIRECT_STUBS entries"
.endif

#endif /* VFSMOD_DIRECT_BACKEND */
