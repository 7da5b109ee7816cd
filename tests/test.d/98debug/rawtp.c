// SPDX-License-Identifier: GPL-2.0-only
/*
 * rawtp.c - a BPF raw tracepoint user without libbpf or BTF, built in the
 * guest by 98debug/concurrent_enable.tc.
 *
 * bpf(BPF_RAW_TRACEPOINT_OPEN) registers on a tracepoint directly
 * (bpf_probe_register): of the ways into vfsmod's tracepoint register
 * callbacks it is the one that holds tracepoints_mutex but not event_mutex.
 * It needs no BTF, so it runs on every kernel (60tools/bpftrace_rawtp
 * reads the typed argument where vfsmod has BTF).
 *
 *   rawtp TRACEPOINT SECONDS   attach, wait, print "hits N", detach, exit
 *   rawtp TRACEPOINT           attach, then print "hits N" for every line
 *                              read on stdin; at EOF detach, print
 *                              "detached", exit
 *
 * The program counts its runs in an array map.  After attaching it prints
 * "attached"; a failure prints "error <errno> <what>: <text>", exit 1.
 */
#include <errno.h>
#include <linux/bpf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#define INSN(c, d, s, o, i) \
	((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) })

static char verifier_log[65536];

static int sys_bpf(int cmd, union bpf_attr *attr)
{
	return syscall(__NR_bpf, cmd, attr, sizeof(*attr));
}

static void die(const char *what)
{
	int e = errno;

	printf("error %d %s: %s\n", e, what, strerror(e));
	if (verifier_log[0])
		printf("%s\n", verifier_log);
	exit(1);
}

static unsigned long long hits(int map)
{
	union bpf_attr a;
	uint32_t key = 0;
	uint64_t val = 0;

	memset(&a, 0, sizeof(a));
	a.map_fd = map;
	a.key = (uintptr_t)&key;
	a.value = (uintptr_t)&val;
	if (sys_bpf(BPF_MAP_LOOKUP_ELEM, &a))
		die("map lookup");
	return val;
}

int main(int argc, char **argv)
{
	union bpf_attr a;
	int map, prog, tp;
	char line[256];

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: rawtp TRACEPOINT [SECONDS]\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	/* Before 5.11 BPF maps and programs count against RLIMIT_MEMLOCK. */
	struct rlimit unlimited = { RLIM_INFINITY, RLIM_INFINITY };

	setrlimit(RLIMIT_MEMLOCK, &unlimited);

	memset(&a, 0, sizeof(a));
	a.map_type = BPF_MAP_TYPE_ARRAY;
	a.key_size = 4;
	a.value_size = 8;
	a.max_entries = 1;
	map = sys_bpf(BPF_MAP_CREATE, &a);
	if (map < 0)
		die("map create");

	struct bpf_insn insns[] = {
		INSN(BPF_ST | BPF_MEM | BPF_W, BPF_REG_10, 0, -4, 0),		/* *(u32 *)(fp - 4) = 0 */
		INSN(BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_2, BPF_REG_10, 0, 0),	/* r2 = fp */
		INSN(BPF_ALU64 | BPF_ADD | BPF_K, BPF_REG_2, 0, 0, -4),		/* r2 += -4 */
		INSN(BPF_LD | BPF_DW | BPF_IMM, BPF_REG_1, BPF_PSEUDO_MAP_FD, 0, map), /* r1 = map */
		INSN(0, 0, 0, 0, 0),
		INSN(BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_map_lookup_elem),
		INSN(BPF_JMP | BPF_JEQ | BPF_K, BPF_REG_0, 0, 2, 0),		/* if !r0 goto out */
		INSN(BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_1, 0, 0, 1),		/* r1 = 1 */
		INSN(BPF_STX | BPF_XADD | BPF_DW, BPF_REG_0, BPF_REG_1, 0, 0),	/* *(u64 *)r0 += r1, atomic */
		INSN(BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_0, 0, 0, 0),		/* out: r0 = 0 */
		INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0),
	};

	memset(&a, 0, sizeof(a));
	a.prog_type = BPF_PROG_TYPE_RAW_TRACEPOINT;
	a.insns = (uintptr_t)insns;
	a.insn_cnt = sizeof(insns) / sizeof(insns[0]);
	a.license = (uintptr_t)"GPL";
	a.log_buf = (uintptr_t)verifier_log;
	a.log_size = sizeof(verifier_log);
	a.log_level = 1;
	prog = sys_bpf(BPF_PROG_LOAD, &a);
	if (prog < 0)
		die("prog load");
	verifier_log[0] = 0;

	memset(&a, 0, sizeof(a));
	a.raw_tracepoint.name = (uintptr_t)argv[1];
	a.raw_tracepoint.prog_fd = prog;
	tp = sys_bpf(BPF_RAW_TRACEPOINT_OPEN, &a);
	if (tp < 0)
		die("raw tracepoint open");
	printf("attached\n");

	if (argc == 3) {
		sleep(atoi(argv[2]));
		printf("hits %llu\n", hits(map));
	} else {
		while (fgets(line, sizeof(line), stdin))
			printf("hits %llu\n", hits(map));
	}
	/* The last reference to the raw tracepoint: bpf_probe_unregister(). */
	close(tp);
	close(prog);
	printf("detached\n");
	return 0;
}
