#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# check.sh - build vfsmod with DKMS for each target kernel and run the
# test suite (tests/test.d) in a QEMU guest of that kernel.
#
# Usage: [KERNELS="trixie sid"] [TESTS="PATTERN..."] tests/harness/check.sh
#        (or: make check [KERNELS=...] [TESTS=...]); TESTS runs only the
#        tests whose <area>/<name> contains one of the PATTERNs.
#
# Per target: reuse or build the cached Debian root (tests/harness/mkroot.sh,
# all missing roots in parallel), install the working tree's vfsmod in it
# with DKMS and build tests/helpers/*.c with the root's gcc (chroot), copy
# the guest side (tests/run, tests/lib, tests/test.d, guest-init), make
# an ext4 image of the root (mkfs.ext4 -d) and boot the root's own kernel on
# it under TCG.  The guest's console protocol (see tests/run) is parsed live:
#   PASS <target> <test> <detail>
#   FAIL <target> <test> <detail>       (+ console log path, log excerpt)
#   SKIP <target> <test> <reason> (does not apply here)
# and the last line is "N passed, N failed[, N skipped]".  Exit status 1 if
# anything failed.  At most $VFSMOD_JOBS (2) guests run at a time, the
# longest first, then the package checks (tests/package/) on bookworm and
# trixie.  A run of every target gives bookworm and trixie-rt the smoke
# set, tests/smoke-set, and bullseye, the cloud and the arm64 kernels a
# shorter one, tests/smoke-set-short (arm64: vfsmod cross-built, common.sh:
# build_way); the kernels KERNELS names run every test, with DKMS.
#
# Environment: KERNELS (default: the seven stock amd64 kernels and the two
# arm64 ones; trixie-debug, the debug kernel, only when named),
# VFSMOD_SMOKE (the targets that run only their smoke set; default:
# "bookworm bullseye trixie-rt bookworm-cloud trixie-cloud bookworm-arm64
# trixie-arm64" when KERNELS is not given, none when it is; VFSMOD_SMOKE=
# runs every test everywhere),
# VFSMOD_ROOTS (cached roots, /var/tmp/vfsmod-roots),
# VFSMOD_WORK (images, console logs, guest logs, /var/tmp/vfsmod-run/<target>),
# VFSMOD_GUEST_TIMEOUT (s, 3000; trixie-debug: VFSMOD_DEBUG_GUEST_TIMEOUT,
# 10800, and each test's own timeout times VFSMOD_DEBUG_TIMEOUT_SCALE, 4),
# VFSMOD_JOBS (2), VFSMOD_KEEP_IMAGE=1 (keep images of passing runs),
# VFSMOD_PARAMS (vfsmod's parameters for every load that does not set them
# itself, e.g. "backend=direct": vfsmod.<param> on the guest's kernel
# command line, which modprobe reads before its own arguments).
set -u
# The whole script is one compound command, read completely before it
# runs: editing this file during a (long) run cannot derail that run.
{
. "$(dirname "$0")/common.sh"

TARGETS=${KERNELS:-$ALL_TARGETS}
GUEST_TIMEOUT=${VFSMOD_GUEST_TIMEOUT:-3000}
DEBUG_GUEST_TIMEOUT=${VFSMOD_DEBUG_GUEST_TIMEOUT:-10800}
JOBS=${VFSMOD_JOBS:-2}
MODULE_APPEND=
for p in ${VFSMOD_PARAMS:-}; do
	MODULE_APPEND+="${MODULE_APPEND:+ }vfsmod.$p"
done

die() { echo "check: $*" >&2; exit 2; }
[ "$(id -u)" = 0 ] || die "must run as root (chroot, DKMS in the roots)"
for tool in mkfs.ext4 debugfs chroot flock timeout git tar; do
	command -v "$tool" >/dev/null 2>&1 ||
		die "host tool '$tool' missing (apt-get install qemu-system-x86 e2fsprogs debootstrap git; see .ci/run)"
done
for t in $TARGETS; do
	case " $ALL_TARGETS $EXTRA_TARGETS " in *" $t "*) ;; *) die "unknown target '$t' (one of: $ALL_TARGETS $EXTRA_TARGETS)" ;; esac
	command -v "$(qemu_of "$t")" >/dev/null 2>&1 || case $(target_arch "$t") in
	arm64) die "host tool '$(qemu_of "$t")' missing for $t (apt-get install qemu-system-arm qemu-user-static; see .ci/run)" ;;
	*) die "host tool '$(qemu_of "$t")' missing (apt-get install qemu-system-x86; see .ci/run)" ;;
	esac
done

# One snapshot of the working tree for every target, taken now: the tree
# may change while the guests run.
mkdir -p "$WORK"
SNAP=$WORK/tree.$$
rm -rf "$SNAP"
copy_tree "$SNAP" || die "cannot copy the working tree to $SNAP"
REPO=$SNAP

mapfile -t TESTS < <(list_tests)
# Host-side checks of each target's build (tests/build/), before its guest.
BUILD_CHECKS=()
for c in w1 sparse; do
	test_selected "build/$c" && BUILD_CHECKS+=("build/$c")
done
TESTS=("${BUILD_CHECKS[@]}" "${TESTS[@]}")
# expected_tests TARGET: what TARGET reports on: the build checks, then
# its guest tests (the smoke set on a smoke target).
expected_tests() {
	[ ${#BUILD_CHECKS[@]} = 0 ] || printf '%s\n' "${BUILD_CHECKS[@]}"
	target_tests "$1"
}
[ ${#TESTS[@]} -gt 0 ] || test_selected package/ ||
	die "TESTS=\"$TEST_FILTER\": no test name contains any of these (names: tests/test.d/<area>/<name>.tc, e.g. 60tools/perf; build/w1, build/sparse; package/)"
VERSION=$(pkg_version)
START=$(now)
echo "check: targets: $TARGETS; ${#TESTS[@]} tests; vfsmod ${VERSION:-?} ($(git -C "$HARNESS" describe --always --dirty 2>/dev/null || echo no git)); work dir $WORK${MODULE_APPEND:+; guests boot with $MODULE_APPEND}"
for set in "$REPO"/tests/smoke-set*; do
	for name in $(read_set "$set"); do
		[ -f "$REPO/tests/test.d/$name.tc" ] ||
			die "tests/${set##*/} names $name, which is no test (tests/test.d/<area>/<name>.tc)"
	done
done
# A foreign root's smoke run is cross-built (common.sh: build_way).
for t in $TARGETS; do
	smoke_target "$t" && [ "$(target_arch "$t")" != amd64 ] && CROSS_TARGETS+=" $t"
done
SMOKE_NOTE=
for t in $TARGETS; do
	smoke_target "$t" || continue
	set_file=$(smoke_set_file "$t")
	how=
	[ "$(build_way "$t")" != cross ] || how=" with vfsmod cross-built in the $(cross_host "$t") root"
	SMOKE_NOTE+="${SMOKE_NOTE:+; }$t runs the smoke set, $(target_tests "$t" | grep -c .) of $(( ${#TESTS[@]} - ${#BUILD_CHECKS[@]} )) tests$how (tests/${set_file##*/}; make check KERNELS=$t runs all${how:+, with DKMS in its own root})"
done
[ -z "$SMOKE_NOTE" ] || echo "check: $SMOKE_NOTE"

# --- results ---------------------------------------------------------------

# report STATUS TARGET TEST DETAIL [EXCERPT_FILE]: print one result (one
# write, so parallel targets do not interleave) and record it.
report() {
	local st=$1 t=$2 name=$3 d=$4 ex=${5:-} out
	case $st in
	PASS)	out="PASS $t $name${d:+ $d}" ;;
	UNSUPPORTED)
		st=SKIP
		out="SKIP $t $name${d:+ $d} (does not apply here)" ;;
	*)	st=FAIL
		out="FAIL $t $name${d:+ $d}"
		[ -f "$WORK/$t/console.log" ] && out+=$'\n'"  console log: $WORK/$t/console.log"
		[ -e "$WORK/$t/booted" ] && out+=$'\n'"  guest log: $WORK/$t/logs/${name//\//-}.log"
		if [ -n "$ex" ] && [ -s "$ex" ]; then
			out+=$'\n'$(sed 's/^/  | /' "$ex")
		fi ;;
	esac
	printf '%s\n' "$out"
	printf '%s %s\n' "$st" "$name" >>"$WORK/$t/results"
}

# fail_rest TARGET DETAIL [EXCERPT_FILE]: FAIL every expected test of
# TARGET that has no result yet.
fail_rest() {
	local t=$1 d=$2 ex=${3:-} name
	while IFS= read -r name; do
		grep -qxE "(PASS|FAIL|SKIP) $name" "$WORK/$t/results" 2>/dev/null && continue
		report FAIL "$t" "$name" "$d" "$ex"
		ex=	# the excerpt once per target
	done < <(expected_tests "$t")
}

# parse_console TARGET: read the guest console (escape-stripped) on stdin,
# report results as they arrive.
parse_console() {
	local t=$1 w=$WORK/$1 line r st rest name d ex=$WORK/$1/excerpt
	: >"$ex"
	while IFS= read -r line; do
		case $line in
		VFSMOD-LOG:*)
			printf '%s\n' "${line#VFSMOD-LOG: }" >>"$ex" ;;
		*VFSMOD-BOOT:*)
			echo "$t: guest up (${line#*VFSMOD-BOOT: }) after $(( $(now) - $(cat "$w/boot.start") ))s, running tests"
			touch "$w/booted" ;;
		*VFSMOD-RESULT:*)
			r=${line#*VFSMOD-RESULT: }
			st=${r%% *}
			rest=${r#"$st"}; rest=${rest# }
			name=${rest%% *}
			d=${rest#"$name"}; d=${d# }
			case $st in PASS|FAIL|UNSUPPORTED) ;; *) continue ;; esac
			report "$st" "$t" "$name" "$d" "$ex"
			: >"$ex" ;;
		*VFSMOD-DONE*)
			touch "$w/guest-done" ;;
		*VFSMOD-WEDGED:*)
			name=${line#*VFSMOD-WEDGED: }
			echo "$name" >"$w/wedged"
			echo "$t: guest kernel stuck in $name; the runner stopped there" ;;
		*"Kernel panic"*|*"BUG: "*|*"Oops"*|*"general protection"*|*"WARNING: "*|*"watchdog: BUG"*|*"blocked for more than"*)
			printf '%s\n' "$line" >>"$w/splats" ;;
		esac
	done
}

# --- one target ------------------------------------------------------------

# build_checks TARGET KVER: tests/build/<check>.sh in the prepared root
# (mounted, locked): vfsmod built again against the same headers, with
# W=1 and with sparse; for a cross-built target, in the root and with the
# headers and compiler it was built with (prepare_cross).
build_checks() {
	local t=$1 kver=$2 c line st root=$ROOTS/$1 env=()
	if [ "$(build_way "$t")" = cross ]; then
		root=$CROSS_ROOT
		env=(LINT_SRC="$CROSS_SRC" LINT_KDIR="$CROSS_KDIR" LINT_MAKEVARS="$CROSS_VARS" LINT_CC="$CROSS_CC")
	fi
	for c in "${BUILD_CHECKS[@]}"; do
		line=$(env "${env[@]}" "$REPO/tests/$c.sh" "$root" "$kver" "$VERSION" 2>&1 | tail -n 1)
		st=${line%% *}
		case $st in
		PASS|FAIL) ;;
		SKIP) st=UNSUPPORTED ;;
		*) st=FAIL line="FAIL no result line: ${line:-nothing printed}" ;;
		esac
		report "$st" "$t" "$c" "${line#* }"
	done
}

run_target() {
	local t=$1 w=$WORK/$1 root=$ROOTS/$1 kver t0 t1 qpid ppid qrc rc last n tmo=$GUEST_TIMEOUT
	[ "$t" = trixie-debug ] && tmo=$DEBUG_GUEST_TIMEOUT
	# Unmount only what this run mounted: another run (check-debug's other
	# half, a second make check) may hold the root and be building in it.
	mounted=
	trap '[ -z "${mounted:-}" ] || umount_api "$root"; cross_done; touch "$w/done"' EXIT
	trap 'exit 130' INT TERM
	t0=$(now)
	if [ "$(cat "$w/root.status" 2>/dev/null)" != 0 ] || [ -z "$(root_kver "$t")" ]; then
		echo "$t: no root (build log $w/mkroot.log):"
		tail -n 5 "$w/mkroot.log" 2>/dev/null | sed "s/^/$t:   /"
		fail_rest "$t" "root build failed (log $w/mkroot.log)"
		return
	fi
	kver=$(root_kver "$t")
	if [ "$(build_way "$t")" = cross ]; then
		echo "$t: cross-building vfsmod ${VERSION:-?} for $kver in the $(cross_host "$t") root…"
	else
		echo "$t: building vfsmod ${VERSION:-?} with DKMS for $kver…"
	fi
	exec 8>"$ROOTS/$t.lock"
	flock 8
	mounted=1
	if ! mount_api "$root"; then
		umount_api "$root"
		mounted=
		fail_rest "$t" "cannot mount /proc /sys /dev in the root"
		return
	fi
	rc=0
	prepare_root "$t" "$w/prepare.log" || rc=$?
	[ "$rc" = 0 ] && build_checks "$t" "$kver"
	cross_done
	umount_api "$root"
	mounted=
	if [ "$rc" != 0 ]; then
		exec 8>&-
		fail_rest "$t" "$PREP_ERR"
		return
	fi
	t1=$(now)
	if [ -z "$(target_tests "$t")" ]; then
		exec 8>&-
		echo "$t: done in $((t1 - t0))s (no guest test selected)"
		return
	fi
	echo "$t: module and helpers built in $((t1 - t0))s; making image…"
	if ! make_image "$t" "$w/image.ext4" >"$w/mkfs.log" 2>&1; then
		exec 8>&-
		sed "s/^/$t:   /" "$w/mkfs.log"
		fail_rest "$t" "mkfs.ext4 -d failed (log $w/mkfs.log)"
		return
	fi
	exec 8>&-
	echo "$t: image made in $(( $(now) - t1 ))s; booting kernel $kver… (console $w/console.log, timeout ${tmo}s)"

	rm -f "$w/console.log" "$w/booted" "$w/guest-done" "$w/splats" "$w/wedged"
	now >"$w/boot.start"
	boot_guest "$t" "$w/image.ext4" "file:$w/console.log" "$tmo" \
		"$MODULE_APPEND" </dev/null >"$w/qemu.out" 2>&1 &
	qpid=$!
	echo "$qpid" >"$w/qemu.pid"
	# tail --pid ends once QEMU is gone (reaped below).
	tail -n +1 -F --pid="$qpid" "$w/console.log" 2>/dev/null | strip_escapes |
		parse_console "$t" &
	ppid=$!
	wait "$qpid"
	qrc=$?
	rm -f "$w/qemu.pid"
	wait "$ppid"
	strip_escapes <"$w/console.log" >"$w/console.txt" 2>/dev/null

	local secs=$(( $(now) - $(cat "$w/boot.start") ))
	if [ "$qrc" = 124 ] || [ "$qrc" = 137 ]; then
		echo "$t: guest timed out after ${secs}s (killed)"
	elif [ ! -e "$w/guest-done" ]; then
		echo "$t: guest stopped after ${secs}s without finishing (QEMU status $qrc)"
	else
		echo "$t: guest finished in ${secs}s"
	fi
	[ -s "$w/qemu.out" ] && sed "s/^/$t: qemu: /" "$w/qemu.out" | head -n 5
	if [ -s "$w/splats" ]; then
		echo "$t: kernel messages on the console:"
		head -n 5 "$w/splats" | sed "s/^/$t:   /"
	fi
	if [ ! -e "$w/guest-done" ]; then
		if [ -s "$w/wedged" ]; then
			:
		elif [ -e "$w/booted" ]; then
			last=$(sed -n 's/^vfsmod-tests: running \([^ ]*\).*/\1/p' "$w/console.txt" | tail -n 1)
			echo "$t: the guest died while running ${last:-?}"
		else
			echo "$t: the test runner never started (no VFSMOD-BOOT line)"
		fi
		# Excerpt: from the first kernel splat on, else the console's tail.
		n=$(grep -n -m 1 -E 'Kernel panic|BUG: |Oops|general protection|WARNING: |watchdog: BUG|blocked for more than' \
			"$w/console.txt" 2>/dev/null | cut -d: -f1)
		if [ -n "$n" ]; then
			sed -n "$(( n > 3 ? n - 3 : 1 )),$(( n + 24 ))p" "$w/console.txt"
		else
			tail -n 25 "$w/console.txt"
		fi >"$w/excerpt.crash" 2>/dev/null
		if [ -s "$w/wedged" ]; then
			fail_rest "$t" "no result (guest crashed or timed out): kernel stuck in $(cat "$w/wedged")"
		else
			fail_rest "$t" "no result (guest crashed or timed out)" "$w/excerpt.crash"
		fi
	else
		fail_rest "$t" "no result (runner did not run it)"
	fi

	# The guest's per-test logs, read straight from the image.
	rm -rf "$w/logs"
	# Replay the journal first: a guest that crashed never unmounted.
	e2fsck -y "$w/image.ext4" >"$w/e2fsck.log" 2>&1
	if debugfs -R "rdump /var/log/vfsmod-tests $w" "$w/image.ext4" >/dev/null 2>&1 &&
	   [ -d "$w/vfsmod-tests" ]; then
		mv "$w/vfsmod-tests" "$w/logs"
		echo "$t: guest test logs in $w/logs/"
	fi
	if ! grep -q '^FAIL ' "$w/results" 2>/dev/null && [ "${VFSMOD_KEEP_IMAGE:-0}" != 1 ]; then
		rm -f "$w/image.ext4"
	fi
	echo "$t: done in $(( $(now) - t0 ))s"
}

# deb_file LOG: the .deb of this run, $WORK/deb/vfsmod-dkms_*_all.deb,
# built (its output in LOG) unless it is there already; empty if the build
# failed.  Under $WORK/deb.lock: the early build below and both package
# jobs call it, and only the first builds.
deb_file() {
	local deb
	exec 7>"$WORK/deb.lock"
	flock 7
	deb=$(ls "$WORK"/deb/vfsmod-dkms_*_all.deb 2>/dev/null | tail -n 1)
	if [ -z "$deb" ]; then
		VFSMOD_DEB_OUT=$WORK/deb "$REPO/packaging/build-deb.sh" >"$1" 2>&1
		deb=$(tail -n 1 "$1")
		[ -f "$deb" ] || deb=
	fi
	exec 7>&-
	echo "$deb"
}

# run_package TARGET: the Debian package (make deb) installed, rebuilt for a
# second kernel, loaded in a guest and removed on TARGET's root (a copy):
# one result line per check from tests/package/package-test.sh.  A job of
# its own, in a lane beside the guests.  The .deb is "all": built once,
# beside the roots (below), and tested by both jobs; the first job builds
# it if that build failed.
run_package() {
	local t=$1 w=$WORK/package-$1 deb
	trap 'touch "$w/done"' EXIT
	trap 'exit 130' INT TERM
	echo "$t: package checks (tests/package/package-test.sh, log $w/package.log)…"
	deb=$(deb_file "$w/build-deb.out")
	VFSMOD_DEB=$deb "$REPO/tests/package/package-test.sh" "$t" >"$w/package.log" 2>&1
	grep -E '^(PASS|FAIL) ' "$w/package.log" | sed -E 's/^(PASS|FAIL) ([^ ]+) /\1 \2 package\//' >"$w/results"
	[ -s "$w/results" ] || echo "FAIL $t package/package-test no result (log $w/package.log)" >"$w/results"
	sed "/^FAIL/a\  log: $w/package.log" "$w/results"
}

# --- main ------------------------------------------------------------------

# kill_tree PID: TERM PID and all its descendants (by parent pid, no names).
kill_tree() {
	local p=$1 f line pid rest
	for f in /proc/[0-9]*/stat; do
		line=$(cat "$f" 2>/dev/null) || continue
		pid=${line%% *}
		rest=${line##*) }
		rest=${rest#* }
		[ "${rest%% *}" = "$p" ] && kill_tree "$pid"
	done
	kill -TERM "$p" 2>/dev/null
}

BGPIDS=()
cleanup() {
	local f t p
	# The whole tree: TERM to the boot_guest subshell alone would orphan
	# timeout and QEMU, which then run on.
	for f in "$WORK"/*/qemu.pid; do
		[ -f "$f" ] && kill_tree "$(cat "$f")"
	done
	# Then the root builds and target jobs we started, with their children.
	trap '' INT TERM
	for p in "${BGPIDS[@]}"; do kill_tree "$p"; done
	sleep 1
	for t in ${ROOT_LIST:-$TARGETS}; do umount_api "$ROOTS/$t"; done
	rm -rf "$SNAP"
}
trap 'cleanup; echo "check: interrupted" >&2; exit 130' INT TERM

mkdir -p "$WORK" "$ROOTS"
# Two check runs must not share a target's work directory: the second
# waits.  Locks are taken in sorted order (no deadlock between runs).
for t in $(printf '%s\n' $TARGETS | LC_ALL=C sort); do
	exec {fd}>"$WORK/$t.lock"
	if ! flock -n "$fd"; then
		echo "check: another check run holds $WORK/$t.lock, waiting…"
		# In short waits, so that an interrupt is handled at once.
		until flock -w 10 "$fd"; do :; done
	fi
done
# The package checks run on bookworm and trixie, as jobs package-<target>.
PKG_TARGETS=
for t in $TARGETS; do
	case $t in bookworm|trixie) PKG_TARGETS+=" $t" ;; esac
done
test_selected package/ || PKG_TARGETS=
rm -rf "$WORK/deb"
for t in $PKG_TARGETS; do
	mkdir -p "$WORK/package-$t"
	rm -f "$WORK/package-$t/results" "$WORK/package-$t/done"
done
# The roots: each target's, and the amd64 roots the cross-built targets
# are built in.
ROOT_LIST=$TARGETS
for t in $TARGETS; do
	[ "$(build_way "$t")" = cross ] || continue
	case " $ROOT_LIST " in *" $(cross_host "$t") "*) ;; *) ROOT_LIST+=" $(cross_host "$t")" ;; esac
done
for t in $TARGETS; do
	w=$WORK/$t
	mkdir -p "$w"
	rm -f "$w"/results "$w"/done "$w"/excerpt* "$w"/make.log \
		"$w"/booted "$w"/guest-done "$w"/splats "$w"/wedged
done
for t in $ROOT_LIST; do
	w=$WORK/$t
	mkdir -p "$w"
	rm -f "$w"/root.status
	# mkroot.sh also brings a cached root up to the current package list
	# (seconds; nothing when it is current).
	[ -n "$(root_kver "$t")" ] || echo "root $t: building… (log $w/mkroot.log)"
	(
		s=$(now)
		"$HARNESS/mkroot.sh" "$t" >"$w/mkroot.log" 2>&1
		rc=$?
		if [ "$rc" = 0 ]; then
			echo "$(tail -n 1 "$w/mkroot.log") ($(( $(now) - s ))s, kernel $(root_kver "$t"))"
		else
			echo "root $t: build FAILED after $(( $(now) - s ))s (log $w/mkroot.log)"
			tail -n 3 "$w/mkroot.log" | sed "s/^/root $t:   /"
		fi
		echo "$rc" >"$w/root.status"
	) &
	BGPIDS+=($!)
done

# The Debian package the package jobs test, built now, beside the roots,
# so that those jobs at the end of the run do not wait for it (and, on a
# first run, for its build root's debootstrap) with a lane idle.
# run_package builds it if this failed.
if [ -n "$PKG_TARGETS" ]; then
	deb_file "$WORK/build-deb.out" >/dev/null &
	BGPIDS+=($!)
fi

# roots_ready TARGET: TARGET's root build has ended, and that of the root
# it is cross-built in.
roots_ready() {
	[ -e "$WORK/$1/root.status" ] || return 1
	[ "$(build_way "$1")" != cross ] || [ -e "$WORK/$(cross_host "$1")/root.status" ]
}

# Start each target once its roots are ready, at most $JOBS at a time, the
# longest runs first (common.sh: START_ORDER): the two lanes then end
# close together.
pending=()
for t in $START_ORDER; do
	case " $TARGETS " in *" $t "*) pending+=("$t") ;; esac
done
# The package jobs (a few minutes each) last.
for t in $PKG_TARGETS; do
	pending+=("package-$t")
done
running=()
while [ ${#pending[@]} -gt 0 ] || [ ${#running[@]} -gt 0 ]; do
	still=()
	for t in "${running[@]}"; do
		[ -e "$WORK/$t/done" ] || still+=("$t")
	done
	running=("${still[@]}")
	left=()
	# The package jobs wait until every target has started: a short job
	# taken early would leave a long one for the end, in one lane.
	targets_left=0
	for t in "${pending[@]}"; do
		case $t in package-*) ;; *) targets_left=1 ;; esac
	done
	for t in "${pending[@]}"; do
		case $t in package-*) [ "$targets_left" = 0 ] || { left+=("$t"); continue; } ;; esac
		if [ ${#running[@]} -lt "$JOBS" ] && roots_ready "${t#package-}"; then
			case $t in
			package-*) run_package "${t#package-}" & ;;
			*) run_target "$t" & ;;
			esac
			BGPIDS+=($!)
			running+=("$t")
		else
			left+=("$t")
		fi
	done
	pending=("${left[@]}")
	sleep 1
done
wait

npass=0 nfail=0 nskip=0
for t in $TARGETS $(for p in $PKG_TARGETS; do echo "package-$p"; done); do
	f=$WORK/$t/results
	[ -f "$f" ] || continue
	npass=$(( npass + $(grep -c '^PASS ' "$f") ))
	nfail=$(( nfail + $(grep -c '^FAIL ' "$f") ))
	nskip=$(( nskip + $(grep -c '^SKIP ' "$f") ))
done
echo "check: finished in $(( $(now) - START ))s"
[ -z "$SMOKE_NOTE" ] || echo "check: $SMOKE_NOTE"
summary="$npass passed, $nfail failed"
[ "$nskip" -gt 0 ] && summary+=", $nskip skipped"
rm -rf "$SNAP"
echo "$summary"
[ "$nfail" = 0 ]
exit
}
