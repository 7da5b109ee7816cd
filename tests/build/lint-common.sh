# SPDX-License-Identifier: GPL-2.0-only
#
# lint-common.sh - sourced by the build checks (w1.sh, sparse.sh).
#
# Each check is run by tests/harness/check.sh as "CHECK.sh ROOT KVER VERSION"
# after DKMS installed vfsmod VERSION into the root ROOT (mounted, locked),
# and prints one line: "PASS|FAIL|SKIP DETAIL".  It builds a copy of
# /usr/src/vfsmod-VERSION in the root against /lib/modules/KVER/build, the
# same headers DKMS used, with the root's own compiler.  A cross-built
# target (common.sh: prepare_cross) names its own tree and headers in the
# amd64 root it was built in: LINT_SRC, LINT_KDIR (paths in ROOT) and
# LINT_MAKEVARS (ARCH=, CROSS_COMPILE=) and LINT_CC (its compiler).

root=${1:?usage: CHECK.sh ROOT KVER VERSION}
kver=${2:?}
ver=${3:?}
src=${LINT_SRC:-/usr/src/vfsmod-$ver}
kdir=${LINT_KDIR:-/lib/modules/$kver/build}
read -r -a makevars <<<"${LINT_MAKEVARS:-}"
cc=${LINT_CC:-gcc}
. "$(dirname "$0")/../harness/chroot.sh"

# lint_build NAME TARGET: run "make TARGET" (w1, sparse) in a fresh copy;
# the output goes to $LINT_LOG (in the root, /tmp/vfsmod-NAME.log), the
# status is make's.
lint_build() {
	local dir=/tmp/vfsmod-$1
	LINT_LOG=$root$dir.log
	rm -rf "${root:?}$dir"
	cp -a "$root$src" "$root$dir" || return 1
	lint_make "$dir" "$2"
}

# lint_make DIR [MAKEVAR...] TARGET: run make in DIR (in the root), output
# to $LINT_LOG.
lint_make() {
	local dir=$1
	shift
	in_root "$root" make -C "$dir" KDIR="$kdir" "${makevars[@]}" "$@" \
		>"$LINT_LOG" 2>&1
}

# lint_findings: the compiler's or checker's diagnostics in $LINT_LOG.
lint_findings() {
	grep -E '(warning|error):' "$LINT_LOG"
}

# lint_report NAME: PASS if make succeeded and printed no diagnostic, else
# FAIL with the count and the first one.
lint_report() { # NAME MAKE_STATUS
	local n first
	n=$(lint_findings | wc -l)
	first=$(lint_findings | head -n 1 | sed "s|/tmp/vfsmod-[a-z0-9]*/||" | cut -c1-200)
	if [ "$2" = 0 ] && [ "$n" = 0 ]; then
		return 0
	fi
	echo "FAIL $n diagnostics, make status $2 (log ${LINT_LOG#"$root"} in the root)${first:+; first: $first}"
	return 1
}
