#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# guest.sh - the `make bench` measurements, in the guest (guest-init runs
# it through /vfsmod-tests/guest-cmd; tests/bench/bench.sh installs it).
#
# Interleaved rounds: each round visits every configuration once, in a
# fixed order, and runs every workload of tests/bench/loop.c under it.
# Everything is reported on the console, one line each, for bench.sh:
#
#   BENCH-BOOT <uname -r>
#   BENCH-INFO <key> <value...>
#   BENCH-SKIP <config> <reason>
#   BENCH-SAMPLE <round> <config> <workload> <ns/op: fastest chunk> <median chunk> <mean>
#                <ops timed> <ops incl. warm-up> <ring-buffer entries written> <overrun>
#                <vfsmod hits> <vfsmod missed>
#   BENCH-SIZE <event> <short|long> <name bytes> <bytes in buffer> <entries> <record bytes from format>
#   BENCH-MEM <backend> <what> <values>
#   BENCH-PROF <config>/<workload> <percent> <dso> <symbol>   (and ... samples <n>)
#   BENCH-DONE
#
# Parameters come from /vfsmod-tests/bench/params (written by bench.sh).
B=/vfsmod-tests/bench
T=/sys/kernel/tracing
STATS=/sys/kernel/debug/vfsmod/stats
D=/mnt/vfsmod-tmpfs/bench
LOOP=$B/loop
ROUNDS=7 OFF_PASSES=3 N_pread=40000 N_pread2=20000 N_preadv2=40000 N_open=10000 N_stat=10000 PROFILE=1
C_pread=500 C_pread2=250 C_preadv2=500 C_open=100 C_stat=100
WORKLOADS="pread pread2 preadv2 open stat"
[ -r $B/params ] && . $B/params
EVENTS="vfs_open vfs_read vfs_write vfs_rename d_alloc"

say() { printf '%s\n' "$*"; }
info() { say "BENCH-INFO $*"; }

mkdir -p $D
cd $T || exit 1
echo 4 >/proc/sys/kernel/printk
say "BENCH-BOOT $(uname -r)"
info kernel "$(uname -r)"
info cpus "$(nproc)"
info rounds "$ROUNDS"
info n "pread=$N_pread pread2=$N_pread2 preadv2=$N_preadv2 open=$N_open stat=$N_stat"
info chunk "pread=$C_pread pread2=$C_pread2 preadv2=$C_preadv2 open=$C_open stat=$C_stat"

# Quiet tracing state; a buffer that holds every event of one sample.
echo 0 >tracing_on
echo nop >current_tracer
echo 0 >events/enable
echo 16384 >buffer_size_kb
echo 1 >tracing_on

# --- module -----------------------------------------------------------------
MOD=none	# none, the backend vfsmod was loaded with, or plain (vfsmod-plain.ko)
mod_unload() {
	local i=0
	[ "$MOD" = none ] && return 0
	until rmmod vfsmod 2>/dev/null; do
		# backend=direct holds the module for a moment after its last
		# event is off (module/probe_direct.c): retry for it.
		i=$((i + 1))
		[ "$MOD" = direct ] && [ $i -lt 30 ] || { say "BENCH-ERROR rmmod vfsmod failed"; return 1; }
		sleep 1
	done
	MOD=none
}
mod_load() { # BACKEND
	[ "$MOD" = "$1" ] && return 0
	mod_unload || return 1
	modprobe vfsmod backend="$1" || return 1
	MOD=$1
}
HAVE_FPROBE=0
if modprobe vfsmod backend=fprobe 2>/dev/null; then
	HAVE_FPROBE=1
	rmmod vfsmod
fi
modprobe vfsmod || { say "BENCH-ERROR modprobe vfsmod failed"; dmesg | tail -n 5; }
info vfsmod "$(cat /sys/module/vfsmod/version 2>/dev/null) $(head -n 1 $STATS 2>/dev/null)"
info lsmod "$(lsmod | awk '$1 == "vfsmod" { print $2 }')"
# The module's functions, for grouping the profile (perf shows them under
# [kernel.kallsyms]).
info vfsmod_syms "$(awk '$4 == "[vfsmod]" && $2 ~ /[tT]/ { print $3 }' /proc/kallsyms | sort -u | tr '\n' ' ')"
rmmod vfsmod
info fprobe_backend $HAVE_FPROBE
# The idle driver, for the record: with none (as on the sid guest),
# an idle vCPU executes HLT and does not poll.
CPUIDLE=/sys/devices/system/cpu/cpuidle
info cpuidle "driver $(cat $CPUIDLE/current_driver 2>/dev/null || echo none) governor $(cat $CPUIDLE/current_governor_ro $CPUIDLE/current_governor 2>/dev/null | head -n 1) cmdline $(cat /proc/cmdline)"

# vfsmod counters: "hits missed" summed over the events.
vfsmod_counts() {
	if [ -r $STATS ]; then
		awk 'NR > 2 { h += $3; m += $4 } END { print h + 0, m + 0 }' $STATS
	else
		echo "0 0"
	fi
}
# Ring buffer, all CPUs: "entries overrun bytes".
rb_counts() {
	awk '/^entries:/ { e += $2 } /^overrun:/ { o += $2 } /^bytes:/ { b += $2 }
	     END { print e + 0, o + 0, b + 0 }' per_cpu/cpu*/stats
}

# --- configurations -----------------------------------------------------------
# Each config NAME has cfg_on NAME and cfg_off NAME; cfg_on fails (and the
# config is skipped for the whole run) where the kernel cannot do it.
PEERS="tp kp krp fpname fpret fpboth bpftrace"
# The BPF side, bpftrace counting by comm: fexit (a BPF trampoline that
# calls vfs_read itself), the static syscall tracepoint, and vfsmod's
# vfs_read as a tracepoint (a record for BPF) and as a raw tracepoint
# (the typed argument, no record).
PEERS="$PEERS bt_fexit bt_tp bt_vfsmod bt_vfsmod_raw"
# Reference probes for the other two workloads: a stock return probe with
# $retval on the function vfsmod probes for vfs_open and d_alloc.
REFS="krp_open fpret_open krp_dalloc fpret_dalloc"
CONFIGS="none $PEERS $REFS off offused"
for e in $EVENTS; do CONFIGS="$CONFIGS $e-fprobe"; done
for e in $EVENTS; do CONFIGS="$CONFIGS $e-kprobe"; done
# vfs_read without its path (paths=none), beside vfs_read-kprobe: the cost
# of the path walk, measured in the same boot.  vfs_read-plain: a module
# built without the hooks of the other ways (readv, sendfile, io_uring,
# ...; bench.sh), beside vfs_read-kprobe: what hooking them costs a plain
# read.
CONFIGS="$CONFIGS vfs_read-nopath vfs_read-plain"
# backend=direct (opt-in, x86-64, 6.4+) on the pread workload's event,
# with and without its path, and under bpftrace's raw tracepoint count.
CONFIGS="$CONFIGS vfs_read-direct vfs_read-nopath-direct bt_vfsmod_raw_direct"

FP_NAME='vfs_read name=file->f_path.dentry->d_name.name:string'
FP_RET='vfs_read%return ret=$retval'
BT_PID=
dyn_add() { # FILE "DEFINITION" EVENT
	echo "$2" >>"$1" 2>/dev/null && echo 1 >"events/bench/$3/enable"
}
dyn_del() { # FILE EVENT
	echo 0 >"events/bench/$2/enable" 2>/dev/null
	echo "-:bench/$2" >>"$1" 2>/dev/null
}

# bt_start PROBE: bpftrace counting PROBE's hits by comm, once attached.
bt_start() {
	command -v bpftrace >/dev/null || return 1
	rm -f /tmp/bt.out
	bpftrace -e "$1 { @[comm] = count(); }" >/tmp/bt.out 2>&1 &
	BT_PID=$!
	local i=0 t0
	t0=$(date +%s)
	# Under TCG bpftrace takes tens of seconds to load BTF and attach.
	# 'Attaching N probes...' (up to 0.2x) or 'Attached N probes' (0.27).
	while ! grep -Eq 'Attach(ing|ed) [0-9]+ probe' /tmp/bt.out; do
		kill -0 $BT_PID 2>/dev/null || { BT_PID=; return 1; }
		i=$((i + 1))
		[ $i -gt 1800 ] && { kill -INT $BT_PID; BT_PID=; return 1; }
		sleep 0.1
	done
	sleep 1
	say "BENCH-INFO bpftrace_start_s $(( $(date +%s) - t0 ))"
}
bt_stop() {
	local i
	[ -n "$BT_PID" ] || return 0
	# bpftrace 0.17 (bookworm) leaves its perf-buffer loop only when the
	# signal interrupts epoll_wait(): one that lands while it reads the
	# buffers is lost, so SIGINT is repeated every 2 s (as the tests'
	# stop_bpftrace does).
	for i in $(seq 0 599); do
		kill -0 $BT_PID 2>/dev/null || break
		[ $((i % 20)) != 0 ] || kill -INT $BT_PID 2>/dev/null
		sleep 0.1
	done
	if kill -0 $BT_PID 2>/dev/null; then
		say "BENCH-ERROR bpftrace did not exit 60 s after SIGINT every 2 s; killed"
		kill -KILL $BT_PID
	fi
	wait $BT_PID
	BT_PID=
	say "BENCH-INFO bpftrace_loop_count $(awk '/^@\[loop\]/ { print $2 }' /tmp/bt.out)"
}

cfg_on() {
	case $1 in
	none) mod_unload ;;
	# A fresh load: never one an earlier configuration used.
	off) mod_unload && mod_load auto ;;
	# Loaded, one event switched on and off again: on 6.14+ the fgraph
	# anchor (and fgraph's sched_switch probe) stays after a first use.
	offused) mod_unload && mod_load auto &&
		echo 1 >events/vfsmod/vfs_read/enable &&
		echo 0 >events/vfsmod/vfs_read/enable ;;
	vfs_read-nopath-direct) mod_load direct && echo none >/sys/module/vfsmod/parameters/paths &&
		echo 1 >events/vfsmod/vfs_read/enable ;;
	*-fprobe) [ $HAVE_FPROBE = 1 ] || { echo "vfsmod has no fprobe backend on this kernel" >&2; return 1; }
		mod_load fprobe && echo 1 >events/vfsmod/${1%-fprobe}/enable ;;
	*-kprobe) mod_load kprobe && echo 1 >events/vfsmod/${1%-kprobe}/enable ;;
	*-direct) mod_load direct && echo 1 >events/vfsmod/${1%-direct}/enable ;;
	tp) mod_unload && echo 1 >events/syscalls/sys_enter_pread64/enable ;;
	kp) mod_unload && dyn_add kprobe_events 'p:bench/kp vfs_read' kp ;;
	krp) mod_unload && dyn_add kprobe_events 'r:bench/krp vfs_read ret=$retval' krp ;;
	fpname) mod_unload && dyn_add dynamic_events "f:bench/fpname $FP_NAME" fpname ;;
	fpret) mod_unload && dyn_add dynamic_events "f:bench/fpret $FP_RET" fpret ;;
	fpboth) mod_unload && dyn_add dynamic_events "f:bench/fpname $FP_NAME" fpname &&
		dyn_add dynamic_events "f:bench/fpret $FP_RET" fpret ;;
	bpftrace) mod_unload && bt_start kprobe:vfs_read ;;
	bt_fexit) mod_unload && bt_start kretfunc:vfs_read ;;
	bt_tp) mod_unload && bt_start tracepoint:syscalls:sys_enter_pread64 ;;
	bt_vfsmod) mod_load auto && bt_start tracepoint:vfsmod:vfs_read ;;
	# bpftrace 0.24 and later find a module's raw tracepoint in its BTF,
	# older ones by event name (docs/events.md, "BPF raw tracepoints").
	bt_vfsmod_raw) mod_load auto &&
		{ bt_start rawtracepoint:vfsmod:vfs_read || bt_start rawtracepoint:vfs_read; } ;;
	bt_vfsmod_raw_direct) mod_load direct &&
		{ bt_start rawtracepoint:vfsmod:vfs_read || bt_start rawtracepoint:vfs_read; } ;;
	krp_open) mod_unload && dyn_add kprobe_events 'r:bench/krp_open vfs_open ret=$retval' krp_open ;;
	krp_dalloc) mod_unload && dyn_add kprobe_events 'r:bench/krp_dalloc d_alloc_parallel ret=$retval' krp_dalloc ;;
	fpret_open) mod_unload && dyn_add dynamic_events 'f:bench/fpret_open vfs_open%return ret=$retval' fpret_open ;;
	fpret_dalloc) mod_unload && dyn_add dynamic_events 'f:bench/fpret_dalloc d_alloc_parallel%return ret=$retval' fpret_dalloc ;;
	vfs_read-nopath) mod_load kprobe && echo none >/sys/module/vfsmod/parameters/paths &&
		echo 1 >events/vfsmod/vfs_read/enable ;;
	vfs_read-plain) mod_unload && insmod /vfsmod-tests/bench/vfsmod-plain.ko backend=kprobe &&
		MOD=plain && echo 1 >events/vfsmod/vfs_read/enable ;;
	*) return 1 ;;
	esac
}
cfg_off() {
	case $1 in
	vfs_read-nopath-direct) echo 0 >events/vfsmod/vfs_read/enable
		echo all >/sys/module/vfsmod/parameters/paths ;;
	*-fprobe) echo 0 >events/vfsmod/${1%-fprobe}/enable ;;
	*-kprobe) echo 0 >events/vfsmod/${1%-kprobe}/enable ;;
	*-direct) echo 0 >events/vfsmod/${1%-direct}/enable ;;
	tp) echo 0 >events/syscalls/sys_enter_pread64/enable ;;
	kp) dyn_del kprobe_events kp ;;
	krp) dyn_del kprobe_events krp ;;
	fpname) dyn_del dynamic_events fpname ;;
	fpret) dyn_del dynamic_events fpret ;;
	fpboth) dyn_del dynamic_events fpname; dyn_del dynamic_events fpret ;;
	bpftrace|bt_*) bt_stop ;;
	krp_open|krp_dalloc) dyn_del kprobe_events $1 ;;
	fpret_open|fpret_dalloc) dyn_del dynamic_events $1 ;;
	vfs_read-nopath) echo 0 >events/vfsmod/vfs_read/enable
		echo all >/sys/module/vfsmod/parameters/paths ;;
	vfs_read-plain) echo 0 >events/vfsmod/vfs_read/enable ;;
	esac
	return 0
}

# sample ROUND CONFIG WORKLOAD
sample() {
	local r=$1 c=$2 w=$3 n k out e0 o0 b0 e1 o1 b1 h0 m0 h1 m1 pin="taskset -c 1"
	eval n=\$N_$w k=\$C_$w
	[ "$w" = pread2 ] && pin=
	echo >trace
	read -r e0 o0 b0 < <(rb_counts)
	read -r h0 m0 < <(vfsmod_counts)
	out=$($pin $LOOP $D $w $n $k) || { say "BENCH-ERROR $c $w: loop failed"; return 1; }
	read -r e1 o1 b1 < <(rb_counts)
	read -r h1 m1 < <(vfsmod_counts)
	say "BENCH-SAMPLE $r $c $w $out $((e1 - e0 + o1 - o0)) $((o1 - o0)) $((h1 - h0)) $((m1 - m0))"
}

# Probe every config once; skip those the kernel cannot do.
# ONLY (params): measure just these configurations (quick experiments).
[ -n "${ONLY:-}" ] && CONFIGS=$(for c in $CONFIGS; do case " $ONLY " in *" $c "*) echo $c ;; esac; done)
RUN_CONFIGS=
for c in $CONFIGS; do
	if cfg_on $c 2>/tmp/cfg.err; then
		RUN_CONFIGS="$RUN_CONFIGS $c"
	else
		say "BENCH-SKIP $c $(tr '\n' ' ' </tmp/cfg.err | cut -c1-160)"
	fi
	cfg_off $c >/dev/null 2>&1
done
mod_unload
info configs $RUN_CONFIGS

# --- interleaved rounds ---------------------------------------------------------
# A discarded pass first: the first samples after boot run slow (TCG
# translation, boot leftovers).
for i in 1 2; do
	for w in $WORKLOADS; do
		eval n=\$N_$w k=\$C_$w
		$LOOP $D $w $n $k >/dev/null
	done
done
# settle: after switching configurations.  The previous one's teardown
# (rmmod's RCU and kprobe clean-up work, bpftrace's exit) runs on for a
# while; without this wait, a run read 2x in 3 of 5 rounds' first
# configuration because of it.  Wait for the kernel's deferred work, then a short
# discarded loop.
settle() {
	local i
	for i in $(seq 1 50); do
		# runnable tasks other than this shell and its readers
		[ "$(awk '{ split($4, a, "/"); print a[1] }' /proc/loadavg)" -le 2 ] && break
		sleep 0.1
	done
	sleep 0.5
	taskset -c 1 $LOOP $D pread 2000 100 >/dev/null
}
# measure ROUND CONFIG [LABEL]: every workload under CONFIG, reported as
# LABEL (default CONFIG).
measure() {
	if ! cfg_on $2 2>/tmp/cfg.err; then
		say "BENCH-ERROR round $1: $2: $(tr '\n' ' ' </tmp/cfg.err | cut -c1-160)"
		cfg_off $2 >/dev/null 2>&1
		return
	fi
	settle
	for w in $WORKLOADS; do
		sample $1 ${3:-$2} $w
	done
	cfg_off $2 2>/dev/null	# bt_stop reports bpftrace's count
}
# The events-off block.  "Within 2 % of no module" is a difference smaller
# than the guest's sample-to-sample spread (work on vCPU 0 slows a whole
# sample on vCPU 1 by up to a third; the same configuration varies by ~10 %
# from round to round), so `off` and `offused` are not measured once a
# round among the other configurations, but OFF_PASSES times a round, each
# time right beside a sample of no module, reported as `nomod` (round =
# pass) and compared pass by pass (report.py).  The order rotates from
# pass to pass, so no configuration always follows the same one.
OFF_CONFIGS=
for c in none off offused; do
	case " $RUN_CONFIGS " in *" $c "*) OFF_CONFIGS="$OFF_CONFIGS $c" ;; esac
done
case "$OFF_CONFIGS" in
*off*)	RUN_CONFIGS=$(for c in $RUN_CONFIGS; do case $c in off|offused) ;; *) echo $c ;; esac; done)
	info off_passes "$OFF_PASSES" ;;
*)	OFF_CONFIGS= ;;
esac
off_block() { # ROUND
	local r=$1 p pass c
	for p in $(seq 1 $OFF_PASSES); do
		pass=$(( (r - 1) * OFF_PASSES + p ))
		set -- $OFF_CONFIGS
		for c in $(seq 1 $(( pass % $# ))); do set -- "$@" "$1"; shift; done
		for c in "$@"; do
			case $c in none) measure $pass none nomod ;; *) measure $pass $c ;; esac
		done
	done
}
t0=$(date +%s)
for r in $(seq 1 $ROUNDS); do
	[ -n "$OFF_CONFIGS" ] && off_block $r
	for c in $RUN_CONFIGS; do
		measure $r $c
	done
	info round_done "$r $(( $(date +%s) - t0 ))s"
done
mod_unload

# --- bytes per event in the ring buffer ------------------------------------------
LONG=$(printf 'L%.0s' $(seq 254))1
# record_size EVENT NAMELEN: bytes one record takes, from the format file:
# payload (fixed part + NUL-terminated names), 4-byte aligned, plus the
# ring buffer's 4-byte event header (8 above 112 bytes of payload).
record_size() {
	awk -v ev=$1 -v nl=$2 '
	/field:/ { if (/__data_loc/) nd++
		   sub(/.*offset:/, ""); split($0, a, /[;:]/); o = a[1]; s = a[3]
		   if (o + s > fix) fix = o + s }
	END {
		# d_alloc: the parent name is "bench" (5 + 1)
		if (ev == "d_alloc") dyn = 6 + nl + 1; else dyn = nd * (nl + 1)
		p = fix + dyn; p = int((p + 3) / 4) * 4
		print p + (p > 112 ? 8 : 4)
	}' events/vfsmod/$1/format
}
mod_load auto
for e in $EVENTS; do
	case $e in vfs_rename) f=old_name ;; *) f=name ;; esac
	for kind in short long; do
		if [ $kind = short ]; then nm=short001; else nm=$LONG; fi
		echo "$f ~ \"${nm%?}*\"" >events/vfsmod/$e/filter
		echo 1 >events/vfsmod/$e/enable
		echo >trace
		taskset -c 1 $LOOP $D names 200 $nm
		echo 0 >events/vfsmod/$e/enable
		read -r en ov by < <(rb_counts)
		echo 0 >events/vfsmod/$e/filter
		say "BENCH-SIZE $e $kind ${#nm} $by $en $(record_size $e ${#nm})"
	done
done
echo >trace

# --- module memory -----------------------------------------------------------
# meminfo fields that move when a module allocates: slab (kmalloc), vmalloc
# and per-CPU; kB.
mem() { awk '/^(Slab|SUnreclaim|VmallocUsed|Percpu):/ { s = s $2 " " } END { print s }' /proc/meminfo; }
for be in fprobe kprobe; do
	[ $be = fprobe ] && [ $HAVE_FPROBE = 0 ] && continue
	mod_unload
	sync; echo 2 >/proc/sys/vm/drop_caches
	read -r sl0 su0 vm0 pc0 < <(mem)
	mod_load $be
	say "BENCH-MEM $be lsmod_size $(lsmod | awk '$1 == "vfsmod" { print $2 }')"
	read -r sl1 su1 vm1 pc1 < <(mem)
	say "BENCH-MEM $be load_kB slab=$((sl1 - sl0)) sunreclaim=$((su1 - su0)) vmalloc=$((vm1 - vm0)) percpu=$((pc1 - pc0))"
	for i in 1 2 3; do
		sync; echo 2 >/proc/sys/vm/drop_caches
		read -r sl1 su1 vm1 pc1 < <(mem)
		echo 1 >events/vfsmod/enable
		taskset -c 1 $LOOP $D names 20 short001
		read -r sl2 su2 vm2 pc2 < <(mem)
		echo 0 >events/vfsmod/enable
		say "BENCH-MEM $be enable_kB slab=$((sl2 - sl1)) sunreclaim=$((su2 - su1)) vmalloc=$((vm2 - vm1)) percpu=$((pc2 - pc1))"
	done
done
mod_unload
echo >trace

# --- profile -------------------------------------------------------------------
# Flat cpu-clock profile of the pread loop on CPU 1 (no PMU under TCG: the
# samples come from a timer), kernel and user space, by DSO and symbol.
prof() { # CONFIG WORKLOAD
	local c=$1 w=$2 n k
	eval n=\$N_$w k=\$C_$w
	cfg_on $c >/dev/null 2>&1 || { cfg_off $c >/dev/null 2>&1; return; }
	echo >trace
	perf record -q -e cpu-clock -F 5000 -C 1 -o /tmp/perf.data -- \
		taskset -c 1 $LOOP $D $w $((n * 2)) $k >/dev/null 2>/tmp/perf.err
	cfg_off $c >/dev/null 2>&1
	perf report -i /tmp/perf.data --stdio --no-children --sort dso,sym 2>/dev/null >/tmp/perf.txt
	say "BENCH-PROF $c/$w samples $(sed -n 's/^# Samples: \([0-9.kKM]*\).*/\1/p' /tmp/perf.txt | head -n 1)"
	awk -v c=$c/$w '/^#/ || NF < 4 { next }
		{ p = $1; sub(/%/, "", p); d = $2; $1 = $2 = $3 = ""; s = $0; sub(/^ +/, "", s)
		  if (p + 0 >= 0.3) print "BENCH-PROF " c " " p " " d " " s }' /tmp/perf.txt | head -n 60
}
if [ "$PROFILE" = 1 ] && command -v perf >/dev/null; then
	for cw in none/pread tp/pread krp/pread fpname/pread fpret/pread fpboth/pread \
		  vfs_read-fprobe/pread vfs_read-kprobe/pread none/open vfs_open-fprobe/open \
		  vfs_open-kprobe/open fpret_open/open none/stat d_alloc-fprobe/stat \
		  d_alloc-kprobe/stat fpret_dalloc/stat; do
		case " $RUN_CONFIGS " in *" ${cw%/*} "*) prof ${cw%/*} ${cw#*/} ;; esac
	done
	mod_unload
fi

info total_s $(( $(date +%s) - t0 ))
say "BENCH-DONE"
