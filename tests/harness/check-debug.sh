#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# check-debug.sh - make check-debug: the whole suite on the debug kernel
# (trixie-debug: KASAN, KFENCE, lockdep, kmemleak, ...).
#
# Under TCG the debug kernel runs the tests about five times slower than a
# stock one, and one guest uses one host CPU.  So the suite is split in two
# halves, each booted in its own guest, side by side: check.sh runs each
# half (VFSMOD_WORK=<work>/debug-<half>), the halves' lines are printed as
# they come, and the last line adds them up.  Each half ends with
# 98debug/kmemleak and 99final/dmesg_clean, so every boot is checked for
# leaks and kernel reports.
#
# Environment: as check.sh; TESTS="..." runs just those tests in one guest;
# VFSMOD_DEBUG_SPLIT=0 runs the whole suite in one guest.
set -u -o pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=${VFSMOD_WORK:-/var/tmp/vfsmod-run}

"$here/mkroot.sh" trixie-debug || exit 1

if [ -n "${TESTS:-}" ] || [ "${VFSMOD_DEBUG_SPLIT:-1}" = 0 ]; then
	KERNELS=trixie-debug exec "$here/check.sh"
fi

# The second half: the long areas.  The first: every other area (so a new
# one is never left out), plus the build checks, kmemleak and dmesg_clean.
second="80lifecycle 85hostile 90stress 95tools 98debug 99final"
first="build 98debug/kmemleak 99final"
for d in "$here"/../test.d/*/; do
	a=$(basename "$d")
	case " $second " in *" $a "*) ;; *) first="$a $first" ;; esac
done
halves=("$first" "$second")
names=(first second)
pids=()
trap 'kill -TERM "${pids[@]}" 2>/dev/null; wait; exit 130' INT TERM
for i in 0 1; do
	mkdir -p "$work/debug-${names[i]}"
	# Each line is one write: the halves interleave by whole lines.
	VFSMOD_WORK=$work/debug-${names[i]} KERNELS=trixie-debug TESTS=${halves[i]} \
		"$here/check.sh" 2>&1 | tee "$work/debug-${names[i]}.out" &
	pids+=($!)
	sleep 2
done
rc=0
for p in "${pids[@]}"; do
	wait "$p" || rc=1
done

# Sum the halves' last lines ("N passed, N failed[, N skipped]").
p=0 f=0 s=0
for n in "${names[@]}"; do
	last=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$work/debug-$n.out" | tail -n 1)
	if [ -z "$last" ]; then
		echo "check-debug: the $n half printed no final line" >&2
		f=$((f + 1))
		continue
	fi
	read -r a _ b _ c _ <<<"${last//,/}"
	p=$((p + a)) f=$((f + b)) s=$((s + ${c:-0}))
done
[ "$s" = 0 ] && s= || s=", $s skipped"
echo "$p passed, $f failed$s"
[ "$rc" = 0 ] && [ "$f" = 0 ]
