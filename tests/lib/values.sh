# SPDX-License-Identifier: GPL-2.0-only
#
# values.sh - shared by the test cases that check event values against the
# workload helper (20values, 30stream, 40filter, 60tools, 70backend,
# 95tools): . "$VFSMOD_LIB/values.sh".  Bash: tests/run sources test cases
# with bash.
#
# The workload helper ($BIN/workload DIR) prints "pid N", "tag T" and one
# "expect <payload>" line per event it causes, computed from stat(2) and
# /proc/self/fdinfo.  A trace is reduced to "<event>: <fields>" payloads of
# that pid whose text contains the tag, then compared as a multiset with
# the expect lines: every expected event exactly once, nothing extra.

VM_EVENTS='vfs_open|vfs_read|vfs_write|vfs_rename|d_alloc'

# vm_dev PATH: MAJOR:MINOR of PATH's filesystem, as the events print it.
vm_dev() {
	local d
	d=$(stat -c '%d' "$1")
	echo "$(( (d >> 8) & 0xfff )):$(( (d & 0xff) | ((d >> 12) & 0xfff00) ))"
}

# vm_workload DIR OUT: run the workload in DIR, its output in OUT.  Sets
# VM_PID, VM_TAG, VM_SUBDIR; writes the expected payloads to OUT.expect.
vm_workload() {
	"$BIN/workload" "$1" >"$2"
	vm_parse_workload "$2"
}

# vm_parse_workload OUT: read pid/tag/expect lines from a workload output
# (which may be mixed with a tool's own output).
vm_parse_workload() {
	VM_PID=$(sed -n 's/^pid \([0-9][0-9]*\)$/\1/p' "$1" | head -n 1)
	VM_TAG=$(sed -n 's/^tag //p' "$1" | head -n 1)
	VM_SUBDIR=$(sed -n 's/^subdir //p' "$1" | head -n 1)
	sed -n 's/^expect //p' "$1" >"$1.expect"
	[ -n "$VM_PID" ] && [ -n "$VM_TAG" ] && [ -s "$1.expect" ] ||
		fail "workload output has no pid/tag/expect lines"
}

# vm_ftrace_payloads PID TAG <TRACE: the payloads of PID's events that
# contain TAG, from ftrace-style lines ("comm-PID [cpu] flags ts: event:
# fields"), as written by the trace file, trace_pipe and trace-cmd report.
vm_ftrace_payloads() {
	sed -nE "s/^.*-$1 +\[[0-9]+\][^:]*: +($VM_EVENTS): +/\1: /p" |
		sed 's/[[:space:]]*$//' | { grep -F -- "$2" || true; }
}

# vm_perf_payloads PID TAG <SCRIPT: the same from `perf script` lines
# ("comm PID [cpu] ts: vfsmod:event: fields").
vm_perf_payloads() {
	sed -nE "s/^ *.*[^0-9]$1 +\[[0-9]+\][^:]*: +vfsmod:($VM_EVENTS): +/\1: /p" |
		sed 's/[[:space:]]*$//' | { grep -F -- "$2" || true; }
}

# vm_compare EXPECTED GOT WHAT: compare two payload files as multisets.
# On a mismatch, print both sides' differences and fail.
vm_compare() {
	local exp=$1 got=$2 what=$3 missing extra
	LC_ALL=C sort "$exp" >"$exp.sorted"
	LC_ALL=C sort "$got" >"$got.sorted"
	if ! cmp -s "$exp.sorted" "$got.sorted"; then
		missing=$(LC_ALL=C comm -23 "$exp.sorted" "$got.sorted")
		extra=$(LC_ALL=C comm -13 "$exp.sorted" "$got.sorted")
		echo "=== $what: expected but not seen:"
		printf '%s\n' "$missing"
		echo "=== $what: seen but not expected:"
		printf '%s\n' "$extra"
		echo "=== all $what lines of the workload:"
		cat "$got"
		fail "$what: $(printf '%s\n' "$missing" | grep -c .) expected events missing, $(printf '%s\n' "$extra" | grep -c .) unexpected; first missing: $(printf '%s\n' "$missing" | head -n 1 | cut -c1-160)"
	fi
}

# vm_events_summary FILE: "N events (vfs_open a, vfs_read b, ...)"
vm_events_summary() {
	awk '{ sub(":", "", $1); n[$1]++; t++ }
	     END { printf "%d events (", t
		   s = ""
		   split("vfs_open vfs_read vfs_write vfs_rename d_alloc", e, " ")
		   for (i = 1; i <= 5; i++) { printf "%s%s %d", s, e[i], n[e[i]]; s = ", " }
		   printf ")" }' "$1"
}

# vm_ftrace_check DIR WORK [ENABLE_HOOK]: the whole ftrace round trip:
# enable all vfsmod events, run the workload in DIR, disable, compare the
# trace with the expectations.  WORK is a scratch directory.  If given,
# ENABLE_HOOK is run while the events are enabled, before the workload.
vm_ftrace_check() {
	local dir=$1 w=$2
	echo >trace
	echo 1 >events/vfsmod/enable
	[ -n "${3:-}" ] && "$3"
	vm_workload "$dir" "$w/out"
	echo 0 >events/vfsmod/enable
	cat trace >"$w/trace"
	vm_ftrace_payloads "$VM_PID" "$VM_TAG" <"$w/trace" >"$w/got"
	vm_compare "$w/out.expect" "$w/got" "trace"
}

# vm_cleanup_subdir: remove the workload's directory (events must be off).
vm_cleanup_subdir() {
	if [ -n "${VM_SUBDIR:-}" ] && [ -d "$VM_SUBDIR" ]; then
		rm -rf -- "$VM_SUBDIR"
	fi
}
