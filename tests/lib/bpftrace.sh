# SPDX-License-Identifier: GPL-2.0-only
#
# bpftrace.sh - the bpftrace side of the value checks, shared by
# 60tools/bpftrace (tracepoint:vfsmod:*, the record's fields) and
# 60tools/bpftrace_rawtp (rawtracepoint:vfsmod:*, the tracepoint's typed
# argument): . "$VFSMOD_LIB/bpftrace.sh" after values.sh.
#
# A program prints one tagged line per event of the workload, its values
# in the order of the trace format; bt_lines turns them back into the
# trace's payloads, so that values.sh compares them with the workload's
# expectations.  bpftrace 0.11 takes at most 64 bytes of printf format,
# hence the short tags.
#
# Before bt_program, set for each event E (vfs_open vfs_read vfs_write
# vfs_rename d_alloc): BT_AP[E], its attach point, and BT_A[E], what
# stands before a field's name to read it (args. or args->, or
# args.call-> on a raw tracepoint); BT_STR[E], if set, the str()
# expressions of its names and paths, in the format's order.  BT_PRELUDE,
# if set, is the program's first line (an #include).  BT_LET[E], if set,
# is a statement that sets the variable BT_A[E] names ($v-> for $v): the
# probe prints only where it is not NULL (the verifier asks a program to
# check a module's raw tracepoint argument, which may be NULL, first).

declare -A BT_AP BT_A BT_STR BT_LET

# bt_program FILE STRINGS [CONTROL]: write the program to FILE.  STRINGS:
# yes to print the names and paths too.  CONTROL: a probe of its own
# (the kernel's sched_process_exec, 60tools/bpftrace), printed as is.
bt_program() {
	local s1='' s2='' s4='' e
	local D C F='/comm == "workload"/'
	if [ "$2" = yes ]; then
		s1=' %s %s' s2=' %s %s %s' s4=' %s %s %s %s'
	fi
	# Only the workload's events (its comm is set before
	# sched_process_exec fires): bpftrace's own writes of its output
	# would feed themselves and overflow its perf buffer.
	{
		[ -z "${BT_PRELUDE:-}" ] || echo "$BT_PRELUDE"
		echo 'BEGIN { printf("READY\n"); }'
		[ -z "${3:-}" ] || echo "$3"
		for e in vfs_open vfs_read vfs_write vfs_rename d_alloc; do
			local a=${BT_A[$e]} str='' pre='' post=''
			if [ -n "${BT_LET[$e]:-}" ]; then
				pre="${BT_LET[$e]} if (${a%->} != 0) {"
				post='}'
			fi
			D="${a}dev >> 20, ${a}dev & 0xfffff"
			C="${a}${BT_IDS:-}cgroup_id, ${a}${BT_IDS:-}mnt_ns"
			[ "$2" != yes ] || str=", ${BT_STR[$e]}"
			case $e in
			vfs_open) echo "${BT_AP[$e]} $F { $pre printf(\"%d O %d %d %llu %x %d %llu %u$s1\\n\", pid, $D, ${a}ino, ${a}flags, ${a}ret, $C$str); $post }" ;;
			vfs_read|vfs_write)
				local t=R
				[ $e = vfs_read ] || t=W
				echo "${BT_AP[$e]} $F { $pre printf(\"%d $t %d %d %llu %lld %llu %lld %d %u %llu %u$s1\\n\", pid, $D, ${a}ino, ${a}pos, ${a}count, ${a}ret, ${a}tid, ${a}via, $C$str); $post }" ;;
			vfs_rename) echo "${BT_AP[$e]} $F { $pre printf(\"%d N %d %d %x %d %llu %u$s4\\n\", pid, $D, ${a}flags, ${a}ret, $C$str); $post }" ;;
			d_alloc) echo "${BT_AP[$e]} $F { $pre printf(\"%d A %d %d %llu %llu %u$s2\\n\", pid, $D, ${a}parent_ino, $C$str); $post }" ;;
			esac
		done
	} >"$1"
}

# bt_run PROG OUT WHAT: start bpftrace on PROG (output in OUT); once it
# is attached (with BT_WAIT_ATTACHED set, vfsmod's probes too) run the
# workload in $EXT4_DIR (values.sh: VM_PID, VM_TAG, $OUT.wl.expect), wait
# for the workload's last event, the rename that fails with ENOTEMPTY,
# then stop bpftrace.  WHAT names it in failures.
bt_run() {
	local prog=$1 out=$2 what=$3 t=0 bt
	bpftrace -B none "$prog" >"$out" 2>&1 &
	bt=$!
	BT_PID=$bt
	# Under TCG bpftrace can take well over 10 s to compile and attach.
	set +x
	until grep -q '^READY' "$out"; do
		kill -0 "$bt" 2>/dev/null || { cat "$out"; BT_PID=; fail "$what exited: $(grep -m1 -i error "$out")"; }
		[ $t -lt 3000 ] || fail "$what not attached after 300 s"
		sleep 0.1
		t=$((t + 1))
	done
	set -x
	echo "$what attached after $((t / 10)) s"
	# A raw tracepoint program that is an event's first user: vfsmod
	# attaches its probes from a work item, a moment later (README).
	if [ -n "${BT_WAIT_ATTACHED:-}" ]; then
		t=0
		set +x
		until bt_all_attached; do
			[ $t -lt 1200 ] || fail "$what: vfsmod's probes not attached 120 s after bpftrace: $(cat /sys/kernel/debug/vfsmod/stats)"
			sleep 0.1
			t=$((t + 1))
		done
		set -x
		echo "vfsmod's probes attached $((t / 10)) s later"
	fi
	vm_workload "$EXT4_DIR" "$out.wl"
	# bpftrace prints from its perf buffer asynchronously (slowly under
	# TCG on PREEMPT_RT).
	t=0
	set +x
	until grep -qE "^$VM_PID N [0-9]+ [0-9]+ [0-9a-f]+ -39 " "$out"; do
		[ $t -lt 600 ] || break
		sleep 0.1
		t=$((t + 1))
	done
	set -x
	echo "last event printed after $((t / 10)) s"
	sleep 1
	kill -0 "$bt" 2>/dev/null || { cat "$out"; BT_PID=; fail "$what exited during the workload: $(grep -m1 -iE 'error|fail' "$out")"; }
	stop_bpftrace "$bt" "$what"
	BT_PID=
	local lost
	lost=$(grep -E '^Lost [0-9]+ events' "$out" || true)
	[ -z "$lost" ] || fail "$what: $lost (its perf buffer overflowed)"
}

# bt_all_attached: has vfsmod attached the probes of all five events?
bt_all_attached() {
	local e
	for e in vfs_open vfs_read vfs_write vfs_rename d_alloc; do
		[ "$(stat_col "$e" attached)" = 1 ] || return 1
	done
}

# bt_lines STRINGS <OUT: the workload's tagged lines ($VM_PID) as the
# trace prints them (via is a number to bpftrace: the workload's are read
# 0 and write 1, include/vfsmod_via.h); STRINGS: yes if the names and
# paths are there.  Lines of a CONTROL probe ("EXEC ...") pass unchanged.
bt_lines() {
	sed -n "s/^$VM_PID //p" | awk -v s="$1" '
	function dev() { return "dev=" $2 ":" $3 }
	function via(v) { return v == 0 ? "read" : v == 1 ? "write" : v }
	$1 == "EXEC" { print; next }
	$1 == "O" { printf "vfs_open: %s ino=%s flags=0x%s ret=%s%s cgroup_id=%s mnt_ns=%s%s\n", dev(), $4, $5, $6,
		s == "yes" ? " name=" $9 : "", $7, $8, s == "yes" ? " path=" $10 : "" }
	$1 == "R" || $1 == "W" { printf "%s: %s ino=%s pos=%s count=%s ret=%s%s tid=%s via=%s cgroup_id=%s mnt_ns=%s%s\n",
		$1 == "R" ? "vfs_read" : "vfs_write", dev(), $4, $5, $6, $7, s == "yes" ? " name=" $12 : "",
		$8, via($9), $10, $11, s == "yes" ? " path=" $13 : "" }
	$1 == "N" { printf "vfs_rename: %s flags=0x%s ret=%s%s cgroup_id=%s mnt_ns=%s%s\n", dev(), $4, $5,
		s == "yes" ? " old_name=" $8 " new_name=" $9 : "", $6, $7,
		s == "yes" ? " old_dir=" $10 " new_dir=" $11 : "" }
	$1 == "A" { printf "d_alloc: %s parent_ino=%s%s cgroup_id=%s mnt_ns=%s%s\n", dev(), $4,
		s == "yes" ? " parent=" $7 " name=" $8 : "", $5, $6, s == "yes" ? " parent_path=" $9 : "" }'
}

# bt_strip_names: payloads without their names and paths.
bt_strip_names() {
	sed -E 's/ (name|old_name|new_name|parent|path|old_dir|new_dir|parent_path)=[^ ]*//g'
}

# bt_check_numbers EXPECT GOT WHAT: every expected event's numeric fields
# are in GOT (names and paths aside; GOT may hold more: the workload's
# untagged events, such as its own output).  Sets BT_NNUM.
bt_check_numbers() {
	local w
	w=$(dirname "$2")
	bt_strip_names <"$1" | LC_ALL=C sort >"$w/num.expect"
	grep -v '^EXEC' "$2" | bt_strip_names | LC_ALL=C sort >"$w/num.got"
	local missing
	missing=$(LC_ALL=C comm -23 "$w/num.expect" "$w/num.got")
	if [ -n "$missing" ]; then
		echo "=== expected numeric fields not seen:"; echo "$missing"
		echo "=== $3 lines of the workload:"; cat "$2"
		fail "$3: $(echo "$missing" | wc -l) events with wrong or missing numeric fields, first: $(echo "$missing" | head -n 1 | cut -c1-160)"
	fi
	BT_NNUM=$(wc -l <"$w/num.expect")
}

# bt_check_strings EXPECT GOT WHAT: the tagged events, names and paths
# included (each cut at str()'s limit, $BT_STRMAX), exactly as expected.
bt_check_strings() {
	local w
	w=$(dirname "$2")
	awk -v max="$BT_STRMAX" '{
		for (i = 1; i <= NF; i++)
			if ($i ~ /^(name|old_name|new_name|parent|path|old_dir|new_dir|parent_path)=/) {
				k = index($i, "="); $i = substr($i, 1, k + max)
			}
		print }' "$1" >"$w/str.expect"
	grep -v '^EXEC' "$2" | grep -F -- "$VM_TAG" >"$w/str.got" || true
	vm_compare "$w/str.expect" "$w/str.got" "$3"
}
