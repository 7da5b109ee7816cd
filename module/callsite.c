// SPDX-License-Identifier: GPL-2.0-only
/*
 * callsite.c - where one kernel function calls another: the addresses of
 * its call instructions, each for a kprobe (probe_kprobe.c).
 *
 * Why: rw_verify_area() is where io_uring's and aio's requests show their
 * position and size, but every plain read and write enters it too, and a
 * probe on the function made each of those pay a probe hit.  A probe on
 * the call instruction inside io_read() fires for io_uring's reads only.
 * When the call instruction runs, the arguments are in their registers,
 * so the hook reads them as it would at the function's entry.
 *
 * The calls are found by reading the caller's machine code at attach:
 *   x86-64  CALL rel32 (E8), or JMP rel32 (E9, a tail call);
 *   arm64   BL, or B (a tail call).
 * A call counts when its target is the callee's start, or an address that
 * kallsyms names as the callee or its padding (__pfx_<callee>), where
 * call-depth tracking and FineIBT send direct calls.  On x86 an E8 byte
 * inside another instruction can look like a call: register_kprobe()
 * refuses such an address (-EILSEQ, not an instruction boundary) and the
 * caller skips it.  Where the callee is inlined into the caller, or called
 * from a function of its own, the caller has no such call (-ENOENT): a
 * fallback entry of the hook table names the function that calls it there.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitops.h>
#include <linux/errno.h>
#include <linux/kallsyms.h>
#include <linux/kprobes.h>
#include <linux/mm.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "callsite.h"

/* A function larger than this is not searched (io_read() is ~1.5 KB). */
#define CALLSITE_SCAN_MAX	SZ_64K
/* How far from the callee's start a call to it may land (see above). */
#define CALLSITE_SLACK		16

#if defined(CONFIG_X86_64)
#define CALLSITE_INSN_SIZE	5
#define CALLSITE_STEP		1

/* The target of a CALL or JMP rel32 at @pc, or 0. */
static unsigned long callsite_target(const u8 *code, unsigned long pc)
{
	s32 rel;

	if (code[0] != 0xe8 && code[0] != 0xe9)
		return 0;
	memcpy(&rel, code + 1, sizeof(rel));
	return pc + CALLSITE_INSN_SIZE + rel;
}
#elif defined(CONFIG_ARM64)
#define CALLSITE_INSN_SIZE	4
#define CALLSITE_STEP		4

/* The target of a BL or B (imm26, in words) at @pc, or 0. */
static unsigned long callsite_target(const u8 *code, unsigned long pc)
{
	__le32 raw;
	u32 insn;

	memcpy(&raw, code, sizeof(raw));
	insn = le32_to_cpu(raw);
	if ((insn & 0x7c000000) != 0x14000000)
		return 0;
	return pc + sign_extend64((u64)(insn & 0x03ffffff) << 2, 27);
}
#else
#define CALLSITE_INSN_SIZE	0
#define CALLSITE_STEP		1

static unsigned long callsite_target(const u8 *code, unsigned long pc)
{
	return 0;
}
#endif

/* @kp's function, from the address register_kprobe() resolved for it. */
static int callsite_function(const struct kprobe *kp, char *buf,
			     unsigned long *start, unsigned long *size)
{
	unsigned long addr = (unsigned long)kp->addr, off;
	size_t len = strlen(kp->symbol_name);

	/* "name+0x4/0x4a0": past an ENDBR the probe is not at the start. */
	sprint_symbol(buf, addr);
	if (strncmp(buf, kp->symbol_name, len) || buf[len] != '+' ||
	    sscanf(buf + len, "+%lx/%lx", &off, size) != 2 || off > addr)
		return -ENOENT;
	*start = addr - off;
	return 0;
}

/* Is @target, near the start of function @name, a way into it? */
static bool callsite_is_callee(unsigned long target, unsigned long callee,
			       const char *name, char *buf)
{
	if (target == callee)
		return true;
	if (target + CALLSITE_SLACK <= callee ||
	    target >= callee + CALLSITE_SLACK)
		return false;
	sprint_symbol_no_offset(buf, target);
	if (!strncmp(buf, "__pfx_", 6))
		buf += 6;
	return !strcmp(buf, name);
}

int vfsmod_find_calls(const char *caller, const char *callee,
		      unsigned long *sites, unsigned int max)
{
	/* Disabled kprobes only resolve the names: nothing is armed. */
	struct kprobe kp[2] = {
		{ .symbol_name = caller, .flags = KPROBE_FLAG_DISABLED },
		{ .symbol_name = callee, .flags = KPROBE_FLAG_DISABLED },
	};
	struct kprobe *kps[2] = { &kp[0], &kp[1] };
	unsigned long start, size, to, to_size, off, target;
	char *buf;
	u8 *code = NULL;
	int ret, n = 0;

	if (!CALLSITE_INSN_SIZE)
		return -EOPNOTSUPP;
	buf = kmalloc(KSYM_SYMBOL_LEN, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	ret = register_kprobes(kps, ARRAY_SIZE(kps));
	if (ret)
		goto out;
	ret = callsite_function(&kp[0], buf, &start, &size);
	if (!ret)
		ret = callsite_function(&kp[1], buf, &to, &to_size);
	unregister_kprobes(kps, ARRAY_SIZE(kps));
	if (ret)
		goto out;
	ret = -E2BIG;
	if (size > CALLSITE_SCAN_MAX)
		goto out;
	ret = -ENOMEM;
	code = kvmalloc(size, GFP_KERNEL);
	if (!code)
		goto out;
	ret = -EFAULT;
	if (copy_from_kernel_nofault(code, (void *)start, size))
		goto out;
	for (off = 0; off + CALLSITE_INSN_SIZE <= size; off += CALLSITE_STEP) {
		target = callsite_target(code + off, start + off);
		if (!target || !callsite_is_callee(target, to, callee, buf))
			continue;
		if (n == max) {
			n = -E2BIG;
			break;
		}
		sites[n++] = start + off;
	}
	ret = n ?: -ENOENT;
out:
	kvfree(code);
	kfree(buf);
	return ret;
}
