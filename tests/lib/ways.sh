# SPDX-License-Identifier: GPL-2.0-only
#
# ways.sh - shared by the 17coverage tests: . "$VFSMOD_LIB/ways.sh".
#
# The helper $BIN/io_paths moves known bytes through new files by one way
# of the kernel's (readv, sendfile, ...) and prints one "expect" line per
# vfs_read or vfs_write event those files must show (tests/helpers/
# io_paths.c).  paths_check compares them with the trace as multisets:
# every event of those files, exactly once, with every field exact, and
# nothing else on them.

. "$VFSMOD_LIB/values.sh"

# paths_got TRACE NAMES: the vfs_read and vfs_write events in TRACE of the
# files named in NAMES (one name a line), as "<common_pid> <event> dev=...
# ino=... pos=... count=... ret=... name=... tid=... via=...".
paths_got() {
	sed -nE 's/^.*-([0-9]+) +\[[0-9]+\][^:]*: +(vfs_read|vfs_write): (.*)$/\1 \2 \3/p' "$1" |
		sed 's/[[:space:]]*$//' |
		awk 'NR == FNR { want[$0] = 1; next }
		     { for (i = 3; i <= NF; i++) if ($i ~ /^name=/ && (substr($i, 6) in want)) print }' "$2" -
}

# paths_check [-a] FS_DIR WORK PATH [IO_PATHS_OPTION...]: run io_paths
# PATH in a new directory under FS_DIR with vfs_read and vfs_write on,
# and compare.  Each event's common_pid must be its tid (the synchronous
# ways run in the caller); -a (asynchronous completions): any common_pid.
# Returns 77 if io_paths says the kernel does not offer PATH (its reason
# in WORK/err); fails the test on any difference.  Sets PATHS_N to the
# number of events compared.
paths_check() {
	local async=0 fs d w p dev rc=0
	[ "$1" = -a ] && { async=1; shift; }
	fs=$1 w=$2 p=$3
	shift 3
	d=$fs/vfsmodiop.$$
	rm -rf -- "$d"
	mkdir -p "$d"
	dev=$(vm_dev "$d")
	echo >trace
	echo 1 >events/vfsmod/vfs_read/enable
	echo 1 >events/vfsmod/vfs_write/enable
	"$BIN/io_paths" "$@" "$d" "$p" >"$w/out" 2>"$w/err" || rc=$?
	echo 0 >events/vfsmod/vfs_read/enable
	echo 0 >events/vfsmod/vfs_write/enable
	cat trace >"$w/trace"
	rm -rf -- "$d"
	[ "$rc" = 77 ] && return 77
	[ "$rc" = 0 ] || fail "io_paths $* $p on $fs: exit $rc: $(cat "$w/err")"
	# Expected: "<tid> <event> dev=<dev> ino=..." (the tid as common_pid).
	sed -nE "s/^expect (vfs_read|vfs_write) (.* tid=([0-9]+) .*)\$/\\3 \\1 dev=$dev \\2/p" "$w/out" >"$w/expect"
	[ -s "$w/expect" ] || fail "io_paths $p on $fs printed no expect lines"
	sed -nE 's/.* name=([^ ]*) .*/\1/p' "$w/expect" | sort -u >"$w/names"
	paths_got "$w/trace" "$w/names" >"$w/got"
	if [ "$async" = 1 ]; then
		sed -i 's/^[0-9]* /- /' "$w/expect" "$w/got"
	fi
	vm_compare "$w/expect" "$w/got" "$p on $(fs_type "$fs")"
	PATHS_N=$(wc -l <"$w/expect")
}

# paths_test PATH [IO_PATHS_OPTION...]: the whole test of one synchronous
# way, on ext4 and on tmpfs; sets the result detail.
paths_test() {
	local p=$1 w fs n=0 res=
	shift
	w=$(mktemp -d /tmp/vfsmod-paths.XXXXXX)
	# shellcheck disable=SC2064
	trap "set +e; echo 0 >'$TRACING/events/vfsmod/enable'; rm -rf -- '$w' '$EXT4_DIR/vfsmodiop.$$' '$TMPFS_DIR/vfsmodiop.$$'" EXIT
	for fs in "$EXT4_DIR" "$TMPFS_DIR"; do
		paths_check "$fs" "$w" "$p" "$@" || fail "$p on $fs: not offered: $(tail -n 1 "$w/err")"
		n=$((n + PATHS_N))
		res="$res${res:+, }$(fs_type "$fs") $PATHS_N"
	done
	check_dmesg_clean
	detail "$p${1:+ $*}: $n events exact ($res), the setup writes included, nothing else on the files"
}
