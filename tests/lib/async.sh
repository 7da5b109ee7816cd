# SPDX-License-Identifier: GPL-2.0-only
# async.sh - the io_uring and aio cases of tests/helpers/io_paths.c, run
# with vfs_read and vfs_write on, each request checked against its one
# event.  Sourced by the io_uring and aio tests of 17coverage.

# async_field LINE NAME: the value of NAME=... in one event line.
async_field() {
	sed -nE "s/.* $2=([^ ]*)( .*)?\$/\\1/p" <<<"$1"
}

# async_paths WORKDIR PATH...: run each io_paths PATH on ext4 and tmpfs.
# Every file gets exactly one event (whoever emitted it: a worker, an
# interrupt), whose tid is the submitting process and whose fields are
# those io_paths expects; vfsmod drops nothing.  Sets async_ok (events
# checked) and async_skipped (paths the kernel refused, with the reason).
# The events stay on across all the paths of a filesystem (each file's
# name tells its path and thread apart): attaching them once, not once a
# path, saves most of the time under TCG.
async_paths() {
	local w=$1 fs p rc pid ev rest name n line kv k m0r m0w
	shift
	async_ok=0 async_skipped=
	m0r=$(stat_col vfs_read missed) m0w=$(stat_col vfs_write missed)
	for fs in "$EXT4_DIR" "$TMPFS_DIR"; do
		mkdir -p "$fs/vfsmodasync.$$"
		echo >trace
		echo 1 >events/vfsmod/vfs_read/enable
		echo 1 >events/vfsmod/vfs_write/enable
		for p in "$@"; do
			rc=0
			"$BIN/io_paths" "$fs/vfsmodasync.$$" "$p" >"$w/out.$p" 2>"$w/err.$p" || rc=$?
			echo "$rc" >"$w/rc.$p"
		done
		echo 0 >events/vfsmod/enable
		cat trace >"$w/trace"
		for p in "$@"; do
			rc=$(cat "$w/rc.$p")
			if [ "$rc" = 77 ]; then
				async_skipped="$async_skipped $p@$(fs_type "$fs")($(tail -n 1 "$w/err.$p"))"
				continue
			fi
			[ "$rc" = 0 ] || fail "io_paths $p on $fs: $(cat "$w/err.$p")"
			pid=$(sed -n 's/^pid //p' "$w/out.$p")
			while read -r _ ev rest; do
				name=$(async_field " $rest" name)
				grep -E ": +$ev: .* name=$name( |\$)" "$w/trace" >"$w/mine" || true
				n=$(wc -l <"$w/mine")
				[ "$n" = 1 ] || {
					cat "$w/trace" /sys/kernel/debug/vfsmod/stats /sys/kernel/debug/vfsmod/hooks >&2
					fail "$p on $fs: $n $ev events for $name, expected 1"
				}
				line=$(cat "$w/mine")
				[ "$(async_field "$line" tid)" = "$pid" ] ||
					fail "$p on $fs: $ev of $name has tid=$(async_field "$line" tid), not the submitter $pid: $line"
				for kv in $rest; do
					k=${kv%%=*}
					[ "$(async_field "$line" "$k")" = "${kv#*=}" ] ||
						fail "$p on $fs: $ev of $name has $k=$(async_field "$line" "$k"), expected ${kv#*=}: $line"
				done
				async_ok=$((async_ok + 1))
			done <<<"$(grep "^expect " "$w/out.$p")"
		done
		rm -rf -- "$fs/vfsmodasync.$$"
	done
	[ "$(stat_col vfs_read missed)" = "$m0r" ] ||
		fail "vfs_read: $(($(stat_col vfs_read missed) - m0r)) calls dropped or missed"
	[ "$(stat_col vfs_write missed)" = "$m0w" ] ||
		fail "vfs_write: $(($(stat_col vfs_write missed) - m0w)) calls dropped or missed"
}
