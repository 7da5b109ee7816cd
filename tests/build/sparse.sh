#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# description: sparse (make C=2: every vfsmod file checked, with the kernel's address-space, lock-context and endianness annotations) finds nothing; SKIP when kbuild itself refuses the root's sparse as too old for these headers
# Usage: sparse.sh ROOT KVER VERSION (see lint-common.sh).
set -u
. "$(dirname "$0")/lint-common.sh"

sv=$(in_root "$root" dpkg-query -W -f='${Version}' sparse 2>/dev/null)
if [ -z "$sv" ]; then
	echo "FAIL no sparse in the root (tests/harness/mkroot.sh installs it)"
	exit 1
fi
refused() {
	grep -q 'specified, but .* is not available or not up to date' "$LINT_LOG"
}

# sparse_build: in the W=1 check's tree when this run built it (its
# vfsmod.ko newer than the source DKMS was given): with the same flags
# (W=1) its objects are up to date, so C=2 checks every file and compiles
# none again; else in a fresh copy.
sparse_build() {
	LINT_LOG=$root/tmp/vfsmod-sparse.log
	if [ "$root/tmp/vfsmod-w1/module/vfsmod.ko" -nt "$root$src" ]; then
		lint_make /tmp/vfsmod-w1 W=1 sparse
	else
		lint_build sparse sparse
	fi
}

sparse_build
rc=$?
# Since 6.14 kbuild asks scripts/checker-valid.sh whether sparse can parse
# these headers (__typeof_unqual__) and quietly checks nothing if not.
# Debian's 7.x headers leave that script out of linux-kbuild: supply one
# for this build only, on a read-only overlay, and let sparse decide.
# (Resolved in the root: some roots' build links are absolute.)
scripts=$(in_root "$root" readlink -e "$kdir/scripts")
scripts=${scripts:+$root$scripts}
if refused && [ "${scripts##*/}" = scripts ] && [ -d "$scripts" ] && [ ! -e "$scripts/checker-valid.sh" ]; then
	shim=$(mktemp -d)
	trap 'umount "$scripts" 2>/dev/null; rm -rf "$shim"' EXIT
	cat >"$shim/checker-valid.sh" <<'SHIM'
#!/bin/sh
# vfsmod's stand-in: 1 if the checker parses a __typeof_unqual__ use
# without an error, else 0.
f=$(mktemp --suffix=.c) || exit 1
printf 'int u(const int *q)\n{\n\t__typeof_unqual__(*q) v = *q;\n\treturn v;\n}\n' >"$f"
if "$@" "$f" 2>&1 | grep -q error; then echo 0; else echo 1; fi
rm -f "$f"
SHIM
	chmod 755 "$shim/checker-valid.sh"
	if mount -t overlay vfsmod-shim -o "lowerdir=$shim:$scripts" "$scripts"; then
		sparse_build
		rc=$?
		umount "$scripts"
		shimmed=" (with a stand-in for the scripts/checker-valid.sh these headers lack)"
	fi
fi
if refused; then
	echo "SKIP kbuild refuses sparse $sv for these headers (not available or not up to date), so nothing was checked"
	exit 3
fi
lint_report sparse "$rc" || exit 1
checked=$(grep -c '^ *CHECK ' "$LINT_LOG")
if [ "$checked" = 0 ]; then
	echo "FAIL make C=2 ran no CHECK step (log ${LINT_LOG#"$root"} in the root)"
	exit 1
fi
echo "PASS sparse $sv checked $checked files: no diagnostics${shimmed:-}"
