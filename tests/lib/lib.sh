# SPDX-License-Identifier: GPL-2.0-only
#
# lib.sh - helpers for vfsmod test cases, sourced in the guest.
#
# The shell code the tests share lives in tests/lib/ (VFSMOD_LIB in the
# guest): this file, which every test gets; values.sh, the comparison of
# events with the workload helper's expectations; dalloc.sh, the d_alloc
# tests' lookups.  A test sources the others it needs from $VFSMOD_LIB.
#
# tests/run sources this file, in a fresh bash, before each
# test.d/<area>/<name>.tc, with the tracefs directory as the current
# directory, then turns on `set -e; set -x` (ftracetest style): any failing
# command fails the case, and the log narrates every step.  Exit status of a
# case: 0 PASS, 3 UNSUPPORTED (the kernel lacks a feature), anything else
# FAIL.  Helpers that query state return a status instead of exiting, so the
# runner can use them too.
#
# Variables (exported by tests/run, defaulted here):
#   TRACING    tracefs mount point, /sys/kernel/tracing
#   BIN        static helper binaries built from tests/helpers/*.c
#   EXT4_DIR   scratch directory on the ext4 root, /var/tmp/vfsmod-ext4
#   TMPFS_DIR  scratch tmpfs mount point, /mnt/vfsmod-tmpfs
#   TARGET     harness target name (bullseye bookworm trixie sid trixie-rt
#              bookworm-cloud trixie-cloud)
#   KVER       kernel release the guest was built for (= uname -r)
#   PERF       the perf binary that works with this kernel: `perf`, or
#              `perf_<maj>.<min>` (bullseye's linux-perf-5.10)
#   DETAIL_FILE where `detail` writes the one-line result detail
#   LOG_DIR    per-test logs, /var/log/vfsmod-tests

TRACING=${TRACING:-/sys/kernel/tracing}
VFSMOD_LIB=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BIN=${BIN:-/vfsmod-tests/bin}
EXT4_DIR=${EXT4_DIR:-/var/tmp/vfsmod-ext4}
TMPFS_DIR=${TMPFS_DIR:-/mnt/vfsmod-tmpfs}
LOG_DIR=${LOG_DIR:-/var/log/vfsmod-tests}
DETAIL_FILE=${DETAIL_FILE:-/dev/null}
if [ -z "${TARGET:-}" ] && [ -r /vfsmod-tests/env ]; then
	. /vfsmod-tests/env
fi
TARGET=${TARGET:-unknown}
KVER=${KVER:-$(uname -r)}
export TRACING VFSMOD_LIB BIN EXT4_DIR TMPFS_DIR LOG_DIR DETAIL_FILE TARGET KVER

# The kernel's O_LARGEFILE, which every open on a 64-bit kernel carries in
# the flags of its vfs_open event (userspace headers define it as 0): the
# architecture's own value, 0100000 on x86_64, 0400000 on arm64 (the same
# as 32-bit arm's).  The other open flags the tests use are the same on both.
# NR_READ: read(2)'s number in /proc/PID/syscall (asm-generic's 63 on
# arm64, 0 on x86_64).
case $(uname -m) in
aarch64)	K_O_LARGEFILE=$((0400000)) NR_READ=63 ;;
*)		K_O_LARGEFILE=$((0100000)) NR_READ=0 ;;
esac

# open_flags [FLAG...]: the flags a vfs_open event prints (0x<hex>) for an
# open with the given flags (numbers): O_LARGEFILE or'ed in.
open_flags() {
	local f=$K_O_LARGEFILE x
	for x in "$@"; do
		f=$((f | x))
	done
	printf '0x%x\n' "$f"
}

# The documented trace_pipe grammar, as extended regular expressions.
# TP_NAME: a name as the events print it, bytes 0x21-0x7e but '=' and '\',
# or \xHH, and the cut mark \... after a name cut at 255 bytes.
# TP_PATH: a stored path (include/vfsmod_path.h): empty, or an optional
# \(unreachable) or \(fs) mark, an optional cut mark \..., one or more
# "/component" (escaped like names, '/' kept), an optional \(deleted).
# TP_CTX: the task's cgroup_id and mnt_ns.  TP_HDR: the ftrace line header
# up to the event name.
# TP_LINE: one whole line, exactly one event with the documented fields in
# their order and nothing else, or a LOST marker.
TP_NAME='([]!-<>-[^-~]|\\x[0-9a-f]{2})*(\\\.\.\.)?'
TP_PATH='((\\\(unreachable\)|\\\(fs\))?(\\\.\.\.)?(/([]!-.0-<>-[^-~]|\\x[0-9a-f]{2})*)+(\\\(deleted\))?)?'
TP_CTX='cgroup_id=[0-9]+ mnt_ns=[0-9]+'
TP_HDR='^.+-[0-9]+ +\[[0-9]+\] [^ ]+ +[0-9]+\.[0-9]+: '
TP_DEV='dev=[0-9]+:[0-9]+'
# TP_VIA: the names of include/vfsmod_via.h (an unknown value would print as hex).
TP_VIA='(read|write|readv|writev|splice|sendfile|copy_file_range|io_uring|aio|kernel)'
TP_LINE="($TP_HDR(vfs_open: $TP_DEV ino=[0-9]+ flags=0x[0-9a-f]+ ret=-?[0-9]+ name=$TP_NAME $TP_CTX path=$TP_PATH|(vfs_read|vfs_write): $TP_DEV ino=[0-9]+ pos=-?[0-9]+ count=[0-9]+ ret=-?[0-9]+ name=$TP_NAME tid=[0-9]+ via=$TP_VIA $TP_CTX path=$TP_PATH|vfs_rename: $TP_DEV flags=0x[0-9a-f]+ ret=-?[0-9]+ old_name=$TP_NAME new_name=$TP_NAME $TP_CTX old_dir=$TP_PATH new_dir=$TP_PATH|d_alloc: $TP_DEV parent_ino=[0-9]+ parent=$TP_NAME name=$TP_NAME $TP_CTX parent_path=$TP_PATH)|CPU:[0-9]+ \[LOST [0-9]+ EVENTS\])\$"

# tp_ctx: "cgroup_id=N mnt_ns=N" as the events of this shell's tasks
# carry them: the inode of its cgroup v2 directory (the guest mounts
# cgroup2 at /sys/fs/cgroup; 1 for the root group) and the number of
# readlink /proc/self/ns/mnt.
tp_ctx() {
	local cg id ns
	cg=$(sed -n 's/^0:://p' /proc/self/cgroup)
	id=$(stat -c %i "/sys/fs/cgroup$cg" 2>/dev/null) || id=
	[ -n "$id" ] || { [ "$cg" = / ] && id=1; } || id=0
	ns=$(readlink /proc/self/ns/mnt)
	ns=${ns#mnt:[}
	echo "cgroup_id=$id mnt_ns=${ns%]}"
}

# tp_esc TEXT: TEXT escaped as vfsmod stores paths (include/vfsmod_name.h,
# '/' kept): every byte outside 0x21-0x7e, '=' and '\' as \xHH.
tp_esc() {
	printf '%s' "$1" | od -An -v -tx1 | LC_ALL=C awk '
		BEGIN { for (i = 33; i < 127; i++) if (i != 61 && i != 92) c[sprintf("%02x", i)] = sprintf("%c", i) }
		{ for (i = 1; i <= NF; i++) printf "%s", ($i in c) ? c[$i] : "\\x" $i }'
}

# tp_path FILE: FILE's stored path (its absolute path, symbolic links
# resolved, escaped), as vfs_open, vfs_read and vfs_write carry it.
tp_path() {
	tp_esc "$(readlink -f -- "$1")"
}

# tp_dpath DIR: DIR's stored path as d_alloc's parent_path and
# vfs_rename's old_dir/new_dir carry it for a task in this shell's working
# directory (module/path.h: through that directory's or the root's mount
# where DIR lies below it, else \(fs) from its filesystem's root).
tp_dpath() {
	"$BIN/path_reader" "dentry:$1" | sed -n 's/^dentry //p'
}

# tp_re TEXT: TEXT quoted for an extended regular expression.
tp_re() {
	printf '%s' "$1" | sed 's/[][\\.*^$+?(){}|]/\\&/g'
}

# find_perf: print the perf binary that runs on this kernel.  Debian's
# /usr/bin/perf is a real binary from bookworm on; on bullseye it is a
# wrapper from linux-base that wants perf_<maj>.<min> of the running kernel.
find_perf() {
	local mm c
	mm=$(uname -r | sed -n 's/^\([0-9]*\.[0-9]*\).*/\1/p')
	for c in perf "perf_$mm"; do
		if command -v "$c" >/dev/null 2>&1 && "$c" --version >/dev/null 2>&1; then
			echo "$c"
			return 0
		fi
	done
	echo perf
	return 1
}
if [ -z "${PERF:-}" ]; then
	PERF=$(find_perf) || true
fi
export PERF

# bpftrace_version: what the tests need to know of this bpftrace: BT_VER
# (e.g. 0.23.2), BT_MAJ, BT_MIN; BT_ARGS, its tracepoint argument syntax
# ('args->' up to 0.19, 'args.' from 0.20); BT_STRMAX, the most str()
# returns (63 before 0.23, 1023 from 0.23).
bpftrace_version() {
	BT_VER=$(bpftrace --version | sed -n 's/.*v\([0-9][0-9.]*\).*/\1/p')
	BT_MAJ=${BT_VER%%.*}
	BT_MIN=${BT_VER#*.}
	BT_MIN=${BT_MIN%%.*}
	if [ "$BT_MAJ" = 0 ] && [ "$BT_MIN" -lt 20 ]; then BT_ARGS='args->'; else BT_ARGS='args.'; fi
	if [ "$BT_MAJ" = 0 ] && [ "$BT_MIN" -lt 23 ]; then BT_STRMAX=63; else BT_STRMAX=1023; fi
}

# wait_blocked_in_read PID...: wait (up to 30 s each) until every PID
# sleeps in read(2) (syscall $NR_READ), i.e. inside vfs_read; fail otherwise.
wait_blocked_in_read() {
	local p i
	for p in "$@"; do
		for i in $(seq 1 300); do
			[ "$(cut -d' ' -f1 "/proc/$p/syscall" 2>/dev/null)" = "$NR_READ" ] && break
			sleep 0.1
		done
		[ "$(cut -d' ' -f1 "/proc/$p/syscall" 2>/dev/null)" = "$NR_READ" ] ||
			fail "reader $p not blocked in read: $(cat "/proc/$p/syscall" 2>/dev/null)"
	done
}

# The kernel functions vfsmod probes (do_dentry_open: vfs_open's,
# d_alloc_parallel: d_alloc's lookup case; vfs_open: an older module's;
# the other ways to read and write, module/rw_hooks.c and
# module/async_hooks.c), and
# hooked_probes: those of them that carry an ftrace (fprobe) or kprobe
# hook right now, one per line.  VFSMOD_HOOKS: event=function..., the
# map the module's load line prints; VFSMOD_REQUIRED: the hooks an event
# cannot work without (the others are optional: one way each, and where
# one cannot be probed the load says which way goes unseen).
VFSMOD_HOOKS='vfs_open=do_dentry_open vfs_read=vfs_read+vfs_readv+do_iter_readv_writev+do_sendfile+do_splice_direct+splice_direct_to_actor+splice_file_to_pipe+do_splice+vfs_copy_file_range+vfs_iter_read+__kernel_read+rw_verify_area@io_read+rw_verify_area@__io_read+rw_verify_area@aio_read+io_req_rw_complete+io_complete_rw_iopoll+io_read+aio_complete_rw+aio_read vfs_write=vfs_write+vfs_writev+do_iter_readv_writev+do_sendfile+do_splice_direct+do_splice+vfs_copy_file_range+vfs_iter_write+__kernel_write_iter+__kernel_write+rw_verify_area@io_write+rw_verify_area@aio_write+io_req_rw_complete+io_complete_rw_iopoll+io_write+aio_complete_rw+aio_write vfs_rename=vfs_rename d_alloc=d_alloc+d_alloc_parallel'
# 5.10 carries the 5.15 io_uring, which posts the CQE of a request an
# io-wq worker completed inside io_read()/io_write(): hooked there too.
case $KVER in
5.*) VFSMOD_HOOKS=$(echo "$VFSMOD_HOOKS" |
	sed 's/+io_read+/+io_req_complete_post&/; s/+io_write+/+io_req_complete_post&/') ;;
esac
VFSMOD_REQUIRED='vfs_open=do_dentry_open vfs_read=vfs_read vfs_write=vfs_write vfs_rename=vfs_rename d_alloc=d_alloc+d_alloc_parallel'
# Every function of the map that holds a probe, as one alternation (and
# vfs_open, an older module's hook for its event): a call-site hook
# CALLEE@CALLER is a kprobe inside CALLER, on its calls of CALLEE.
VFSMOD_PROBED=$(for m in $VFSMOD_HOOKS; do echo "${m#*=}" | tr '+' '\n'; done |
	sed 's/.*@//' | sort -u | { cat; echo vfs_open; } | paste -sd '|')
# map_of MAP EVENT: the functions MAP (VFSMOD_HOOKS, VFSMOD_REQUIRED) gives
# EVENT, one per line; hooks_of EVENT and required_of EVENT name the map.
map_of() {
	local m
	for m in $1; do
		[ "${m%%=*}" = "$2" ] && echo "${m#*=}" | tr '+' '\n'
	done
	return 0
}
hooks_of() { map_of "$VFSMOD_HOOKS" "$1"; }
required_of() { map_of "$VFSMOD_REQUIRED" "$1"; }
# hook_unprobed EVENT FN: true if, since vfsmod was last loaded, it said
# that FN, an optional hook of EVENT, cannot be probed on this kernel.
hook_unprobed() {
	dmesg | awk '/vfsmod: version/ { n = "" } { n = n $0 "\n" } END { printf "%s", n }' |
		grep -qF "vfsmod: $1: $2 cannot be probed here"
}
# hook_absent_ok EVENT FN HOOKED: FN, a hook of EVENT, is not attached
# while EVENT is on; true if that is right: FN is optional and reported
# unprobed, or one of a hook and its fallback (VFSMOD_FALLBACKS) of which
# the other is in HOOKED (hook names, or the functions that hold them, one
# per line).
VFSMOD_FALLBACKS='__kernel_write_iter:__kernel_write rw_verify_area@io_read:rw_verify_area@__io_read'
hook_absent_ok() {
	local pair other
	required_of "$1" | grep -qx -- "$2" && return 1
	hook_unprobed "$1" "$2" && return 0
	for pair in $VFSMOD_FALLBACKS; do
		case $2 in
		"${pair%%:*}") other=${pair#*:} ;;
		"${pair#*:}") other=${pair%%:*} ;;
		*) continue ;;
		esac
		grep -qxF -e "$other" -e "${other#*@}" <<<"$3"
		return
	done
	return 1
}
hooked_probes() {
	{ awk '{ print $1 }' "$TRACING/enabled_functions" 2>/dev/null
	  awk '{ s = $3; sub(/\+.*/, "", s); print s }' /sys/kernel/debug/kprobes/list 2>/dev/null; } |
		grep -E "^($VFSMOD_PROBED)\$" || true
}

# perf_script_once DATA OUT: `perf script --ns -i DATA` into OUT, each
# record once; the number of lines dropped into OUT.twice.  perf record
# (seen on 6.1 and 7.2) reads a ring buffer's head twice per read, once
# in perf_mmap__push() and again in perf_mmap__read_init(), copies up to
# the second and resumes from the first: records the kernel wrote in
# between reach perf.data twice, byte for byte.  Such a copy prints as an
# identical line down to the nanosecond time stamp and CPU; a second
# emission by vfsmod would carry its own time stamp and is kept (and
# fails the count).  stderr of perf script goes to OUT.err.  A record
# printed as FAILED TO PARSE fails the test.
perf_script_once() {
	"$PERF" script --ns -i "$1" >"$2.all" 2>"$2.err" || return 1
	awk '!seen[$0]++' "$2.all" >"$2"
	echo $(($(wc -l <"$2.all") - $(wc -l <"$2"))) >"$2.twice"
	# A record libtraceevent could not parse fails the test outright.
	if grep -q 'FAILED TO PARSE' "$2"; then
		fail "perf script: $(grep -m1 'FAILED TO PARSE' "$2")"
	fi
}

# perf_twice_note OUT: ", perf record wrote N records twice (...)" where
# perf_script_once dropped copies, else nothing: for the result detail.
perf_twice_note() {
	local n
	n=$(cat "$1.twice" 2>/dev/null || echo 0)
	[ "$n" = 0 ] || printf '; perf record wrote %s records twice (identical to the ns: its mmap read race), counted once' "$n"
}

# fail MSG...: the test fails with MSG.  MSG goes to stderr (the test log)
# and, unless the test already wrote one, becomes the result detail.
fail() {
	echo "FAIL: $*" >&2
	if [ ! -s "$DETAIL_FILE" ]; then
		echo "$*" >"$DETAIL_FILE"
	fi
	exit 1
}

# detail TEXT...: set the one-line detail printed after the test's result
# (PASS, FAIL or UNSUPPORTED).  The last call wins.
detail() {
	echo "$*" | head -n 1 >"$DETAIL_FILE"
}

# exit_unsupported REASON...: the kernel lacks a feature this test needs;
# reported as SKIP on the host.  Not for a missing tool: that is a FAIL.
exit_unsupported() {
	detail "$*"
	exit 3
}

# exit_unresolved REASON...: the environment (not the kernel) lacks
# something the test needs; reported as FAIL with "unresolved:" detail.
exit_unresolved() {
	detail "unresolved: $*"
	exit 2
}

# kconfig NAME: the value of CONFIG_NAME in the running kernel's config
# (y, m, a number or string; empty if not set).  Fails with no config.
kconfig() {
	{ cat "/boot/config-$KVER" 2>/dev/null || zcat /proc/config.gz 2>/dev/null; } |
		sed -n "s/^CONFIG_$1=//p" | grep . || [ -r "/boot/config-$KVER" ] || [ -r /proc/config.gz ]
}

# fprobe_on_fgraph: true where fprobe runs on fgraph (CONFIG_FPROBE, 6.14
# and later): there backend=auto picks kprobe (module/probe_fprobe.c).
fprobe_on_fgraph() {
	local kmaj kmin
	[ "$(kconfig FPROBE)" = y ] || return 1
	IFS=.- read -r kmaj kmin _ <<<"$KVER"
	[ "$kmaj" -gt 6 ] || { [ "$kmaj" = 6 ] && [ "$kmin" -ge 14 ]; }
}

# Calls in flight: readers blocked in read(2) of their own fifo.  rpids[K]
# and wfds[K] hold reader K's pid and the write end this shell keeps.
rpids=()
wfds=()
# block_reader FIFO OUT: one more reader, of the new fifo FIFO, copying to
# OUT.  It holds no other reader's write end: each ends at its own close.
block_reader() {
	local wfd
	rm -f "$1"
	mkfifo "$1"
	(
		for wfd in "${wfds[@]}"; do [ -n "$wfd" ] && eval "exec $wfd>&-"; done
		exec cat "$1" >"$2"
	) &
	rpids+=($!)
	exec {wfd}>"$1"
	wfds+=("$wfd")
}
# release_reader K [LINE]: write LINE (if given) to reader K, close its
# write end and wait for it; fails the test if the reader failed.
release_reader() {
	local k=$1 wfd=${wfds[$1]}
	[ $# -lt 2 ] || echo "$2" >&"$wfd"
	eval "exec $wfd>&-"
	wfds[k]=
	wait "${rpids[k]}" || fail "reader $k failed"
	rpids[k]=
}
# release_readers: release every reader still blocked.
release_readers() {
	local k
	for k in "${!wfds[@]}"; do
		[ -n "${wfds[k]}" ] && release_reader "$k"
	done
	wfds=()
	rpids=()
}
# kill_readers: for cleanup traps: close the write ends, kill the readers.
kill_readers() {
	local wfd p
	for wfd in "${wfds[@]}"; do [ -n "$wfd" ] && eval "exec $wfd>&-"; done
	for p in "${rpids[@]}"; do [ -n "$p" ] && kill -KILL "$p" 2>/dev/null && wait "$p"; done
	wfds=()
	rpids=()
}

# fs_type DIR: the type of the filesystem DIR is on, as mounted ("ext4";
# stat -f says "ext2/ext3" for the three, which share a magic number).
fs_type() {
	findmnt -n -o FSTYPE -T "$1"
}

# table_col FILE HEAD COLUMN KEY [KEY2]: one column of a vfsmod debugfs
# table (the hooks or the counters file), found by the names of its header
# line (the line whose first word is HEAD), in the row whose first word is
# KEY (and second KEY2).  Status 2: no such column, 3: no such row.
table_col() {
	awk -v head="$2" -v col="$3" -v k1="$4" -v k2="${5-}" '
		/^#/ { next }
		$1 == head { for (i = 1; i <= NF; i++) c[$i] = i; next }
		$1 == k1 && (k2 == "" || $2 == k2) {
			if (!c[col]) { nocol = 1; exit }
			print $c[col]; found = 1
		}
		END { if (nocol) exit 2; if (!found) exit 3 }' "$1"
}
# hook_col HOOK EVENT COLUMN [FILE]: one column of the hooks file (or of
# FILE, a copy of it) for HOOK feeding EVENT.
hook_col() {
	table_col "${4:-/sys/kernel/debug/vfsmod/hooks}" hook "$3" "$1" "$2"
}

# stat_col EVENT COLUMN: one column of vfsmod's counters file for EVENT.
stat_col() {
	table_col /sys/kernel/debug/vfsmod/stats event "$2" "$1"
}

# vfsmod_loaded: true if the vfsmod module is loaded.
vfsmod_loaded() {
	[ -d /sys/module/vfsmod ]
}

# vfsmod_unload: remove vfsmod if it is loaded.  Returns rmmod's status.
# backend=direct keeps vfsmod until the calls it hooked have returned
# (module/probe_direct.c): a reader that was blocked in vfs_read when its
# event went off makes rmmod say "in use" for a moment after it returns.
# So under direct rmmod is tried for up to 10 s.
vfsmod_unload() {
	local i
	vfsmod_loaded || return 0
	if grep -qx '# backend direct' /sys/kernel/debug/vfsmod/stats 2>/dev/null; then
		for i in $(seq 1 10); do
			rmmod vfsmod 2>/dev/null && return 0
			sleep 1
		done
		# Still in use: say what holds it (an enabled event, anywhere).
		echo "vfsmod still in use after 10 s; its counters, and the vfsmod events enabled:" >&2
		cat /sys/kernel/debug/vfsmod/stats >&2
		grep -l '[^0]' "$TRACING"/events/vfsmod/*/enable \
			"$TRACING"/instances/*/events/vfsmod/*/enable >&2 2>/dev/null || true
	fi
	rmmod vfsmod
}

# vfsmod_load [PARAM=VALUE...]: (re)load vfsmod with these module
# parameters (none: defaults).  Unloads it first if loaded.  On failure,
# prints the tail of the kernel log to stderr and returns non-zero.
vfsmod_load() {
	local rc=0
	vfsmod_unload || return 1
	modprobe vfsmod "$@" || rc=$?
	if [ "$rc" != 0 ]; then
		echo "modprobe vfsmod $* failed ($rc); dmesg tail:" >&2
		dmesg | tail -n 20 >&2
		return "$rc"
	fi
}

# reset_tracing: put tracefs back to a known state: all events off,
# filters and triggers of vfsmod events cleared (triggers of all events),
# dynamic events removed, nop tracer, empty buffer, tracing_on=1, default
# buffer size.  Never fails.
reset_tracing() {
	(
		set +e +x
		cd "$TRACING" || exit 0
		echo 0 >events/enable
		echo nop >current_tracer
		# Triggers: "!<trigger>" removes one (hist triggers need their
		# full spec, as listed, minus the " [active]" suffix).
		grep -v '^#' events/*/*/trigger 2>/dev/null |
		while IFS= read -r line; do
			f=${line%%:*}
			t=${line#*:}
			t=${t%%\[*}
			echo "!$t" >>"$f"
		done
		for f in events/vfsmod/filter events/vfsmod/*/filter; do
			[ -e "$f" ] && echo 0 >"$f"
		done
		[ -e set_event_pid ] && echo >set_event_pid
		[ -e set_event_notrace_pid ] && echo >set_event_notrace_pid
		[ -e set_ftrace_filter ] && echo >set_ftrace_filter
		[ -e dynamic_events ] && echo >dynamic_events
		[ -e kprobe_events ] && echo >kprobe_events
		for d in instances/*/; do
			[ -d "$d" ] && rmdir "$d"
		done
		echo >trace
		echo "${VFSMOD_BUF_KB:-1408}" >buffer_size_kb
		echo 1 >tracing_on
	) 2>/dev/null
	return 0
}

# kmsg_mark: write a marker line of its own to the kernel log and print
# it, for dmesg_since.  (Counting dmesg lines fails once the log buffer
# is full: from then on its line count stays put while lines come in.)
kmsg_mark() {
	local m="vfsmod-tests: mark $$.$RANDOM.$(date +%s%N)"
	echo "$m" >/dev/kmsg
	printf '%s\n' "$m"
}

# dmesg_since MARK: the kernel log lines written after MARK; the whole
# log if MARK has scrolled out of the log buffer (none of it is lost).
dmesg_since() {
	dmesg | awk -v m="$1" 'f { print; next } index($0, m) { f = 1 } { all[NR] = $0 }
			       END { if (!f) for (i = 1; i <= NR; i++) print all[i] }'
}

# new_dmesg: print the kernel log lines written since the current test
# started (tests/run writes a marker to /dev/kmsg before each test).
new_dmesg() {
	if [ -z "${VFSMOD_MARK:-}" ]; then
		dmesg
		return
	fi
	dmesg_since "$VFSMOD_MARK"
}

# SCALE: how much slower than a stock kernel under TCG this guest runs (4
# on the debug kernel, tests/run's VFSMOD_TIMEOUT_SCALE).  Waits for the
# guest's own progress (a tool starting, a workload finishing inside a
# tool's reporting window) are multiplied by it.
SCALE=${VFSMOD_TIMEOUT_SCALE:-1}

# stop_bpftrace PID WHAT: SIGINT to a bpftrace started in the background,
# then wait for it at most 60 s (times SCALE).  One that does not exit
# fails the test with its state and kernel wait channel.  The SIGINT is
# repeated every 2 s: bpftrace 0.17 (bookworm) leaves its perf-buffer loop
# only when the signal interrupts epoll_wait(); one that lands while it
# reads the buffers sets its exit flag, which that loop never reads (it
# once polled on for 15 minutes, beside two other guests).
stop_bpftrace() {
	local pid=$1 t=0 st wchan
	while kill -0 "$pid" 2>/dev/null && [ "$(awk '{ print $3 }' "/proc/$pid/stat" 2>/dev/null)" != Z ]; do
		if [ "$t" -ge $((600 * SCALE)) ]; then
			st=$(awk '{ print $3 }' "/proc/$pid/stat" 2>/dev/null)
			wchan=$(cat "/proc/$pid/wchan" 2>/dev/null)
			cat "/proc/$pid/stack" 2>/dev/null || true
			kill -KILL "$pid" 2>/dev/null
			fail "$2 did not exit within $((60 * SCALE)) s of SIGINT every 2 s (state ${st:-?}, wchan ${wchan:-?})"
		fi
		[ $((t % 20)) != 0 ] || kill -INT "$pid" 2>/dev/null || true
		sleep 0.1
		t=$((t + 1))
	done
	wait "$pid" || true
}

# Kernel reports: any of these in the kernel log fails a test (tests/run
# turns a passing test with one into a FAIL; check_dmesg_clean,
# 99final/dmesg_clean and 98debug read the same list).  Worded as the
# reports are, so that ordinary lines do not match: "rcu: Preemptible
# hierarchical RCU implementation", and the debug kernel's boot line
# "rcu: RCU lockdep checking is enabled" (every lockdep report starts with
# WARNING: or BUG:, or turns lockdep off with one of the lines below).
VFSMOD_SPLAT='WARNING:|BUG:|BUG [a-z]|Oops|general protection fault|kernel BUG at|sleeping function called from invalid context|scheduling while atomic|possible circular locking|possible recursive locking|inconsistent lock state|suspicious RCU usage|lockdep is turned off|turning off the locking correctness validator|DEBUG_LOCKS_WARN_ON|detected stall|INFO: rcu|rcu: INFO|KASAN|KFENCE|UBSAN|unsafe dereference|Call Trace:|list_(add|del) corruption|refcount_t:|suspected memory leak|blocked for more than'

# check_dmesg_clean: fail if the kernel log since the test started holds a
# warning, BUG, oops, lockdep or RCU report; prints the offending lines.
check_dmesg_clean() { # [WHEN]
	local bad
	bad=$(new_dmesg | grep -E "$VFSMOD_SPLAT" || true)
	if [ -n "$bad" ]; then
		echo "$bad" >&2
		fail "${1:+$1: }kernel log: $(echo "$bad" | head -n 1)"
	fi
}

# checkreq REQ...: the `# requires:` header line (ftracetest syntax).  Each
# REQ is a tracefs file that must exist, NAME:tracer (in
# available_tracers), "TEXT":README (in the tracefs README) or
# PROG:program (in PATH).  A missing kernel feature is UNSUPPORTED; a
# missing program is unresolved (FAIL).
checkreq() {
	local i p t r
	for i in "$@"; do
		p=${i%:program}
		t=${i%:tracer}
		r=${i%:README}
		if [ "$p" != "$i" ]; then
			command -v "$p" >/dev/null 2>&1 || exit_unresolved "program $p not installed"
		elif [ "$t" != "$i" ]; then
			grep -wq "$t" "$TRACING/available_tracers" || exit_unsupported "no $t tracer"
		elif [ "$r" != "$i" ]; then
			grep -Fq "$r" "$TRACING/README" || exit_unsupported "README lacks '$r'"
		elif [ ! -e "$TRACING/$i" ] && [ ! -e "$i" ]; then
			exit_unsupported "no $i"
		fi
	done
}
