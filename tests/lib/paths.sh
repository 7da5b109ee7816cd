# SPDX-License-Identifier: GPL-2.0-only
#
# paths.sh - shared by the 25paths test cases: . "$VFSMOD_LIB/paths.sh".
#
# The helpers (path_reader, path_race) print what the events must carry:
# "pid N", "expect <ino> <stored path>" (the path escaped and marked as
# include/vfsmod_path.h says) and "ctx cgroup_id=N mnt_ns=N".  The events
# are read from the trace file as ftrace prints them, fields by name:
# "... vfs_read: ... ino=N ... cgroup_id=N mnt_ns=N path=P".  The helpers
# read files of their own too (/proc/self/cgroup): an event belongs to a
# file by its inode.

STATS=/sys/kernel/debug/vfsmod/stats

# pt_field NAME <LINES: the value of field NAME of each line.
pt_field() {
	sed -nE "s/.* $1=([^ ]*)( .*)?\$/\\1/p"
}

# pt_events PID EVENT <TRACE: EVENT's lines of task PID.
pt_events() {
	grep -E -- "-$1 +\\[[0-9]+\\][^:]*: +$2: " || true
}

# pt_start: trace vfs_read (and nothing else), buffer cleared.
pt_start() {
	echo 0 >"$TRACING/events/enable"
	echo >"$TRACING/trace"
	echo 1 >"$TRACING/events/vfsmod/vfs_read/enable"
}

# pt_stop TRACE: stop tracing, save the trace to TRACE.
pt_stop() {
	echo 0 >"$TRACING/events/vfsmod/vfs_read/enable"
	cat "$TRACING/trace" >"$1"
}

# pt_check OUT TRACE: every "expect <ino> <path>" of the helper output OUT
# matches the path of the helper's vfs_read events of that inode, and
# each of these events carries the helper's cgroup_id and mnt_ns.
pt_check() {
	local out=$1 trace=$2 pid ino want got n=0 ctx
	pid=$(sed -n 's/^pid //p' "$out")
	ctx=$(sed -n 's/^ctx //p' "$out")
	[ -n "$pid" ] && [ -n "$ctx" ] || fail "helper output has no pid/ctx line"
	pt_events "$pid" vfs_read <"$trace" >"$trace.pid"
	: >"$trace.mine"
	while read -r ino want; do
		grep -E " ino=$ino( |\$)" "$trace.pid" >"$trace.ino" || true
		cat "$trace.ino" >>"$trace.mine"
		[ -s "$trace.ino" ] || fail "no vfs_read event of pid $pid for inode $ino (want path=$want)"
		got=$(pt_field path <"$trace.ino" | sort -u)
		[ "$got" = "$want" ] || fail "inode $ino: path=$got, want path=$want"
		n=$((n + 1))
	# Not "< <(...)": the guests of older kernels have no /dev/fd.
	done <<<"$(sed -n 's/^expect //p' "$out")"
	[ "$n" -gt 0 ] || fail "helper printed no expect line"
	for f in cgroup_id mnt_ns; do
		want=$(echo " $ctx" | pt_field "$f")
		# 0: the helper could not tell (no cgroup2 at /sys/fs/cgroup)
		[ "$want" != 0 ] || continue
		# the helper's own reads: the pid's events before an exec
		# (unshare's) were in another namespace
		got=$(pt_field "$f" <"$trace.mine" | sort -u)
		[ "$got" = "$want" ] || fail "$f=$got in the events, want $want"
	done
	PT_CHECKED=$n
}
