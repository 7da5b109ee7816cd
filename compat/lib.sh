# SPDX-License-Identifier: GPL-2.0-only
#
# lib.sh - what compat/detect.sh and compat/layout.sh share: sourced with
# ". compat/lib.sh", then compat_args "$@" (sets kdir, out and krel, and
# shifts nothing: the caller does "shift 2"), and compat_install NEW OUT
# TAG to replace OUT only when its content changes, so that an unchanged
# answer does not rebuild the module.

PATH=${PATH:-/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin}
export PATH
LC_ALL=C
export LC_ALL

compat_args() {
	if [ $# -lt 2 ]; then
		echo "usage: $0 KDIR OUT [MAKEVAR=value ...]" >&2
		exit 2
	fi
	kdir=$1
	out=$2
	if [ ! -f "$kdir/Makefile" ] || [ ! -f "$kdir/include/config/kernel.release" ]; then
		echo "compat: $kdir is not a prepared kernel build tree (install the headers or pass KDIR=)" >&2
		exit 1
	fi
	krel=$(cat "$kdir/include/config/kernel.release")
}

compat_install() {
	if [ -f "$2" ] && cmp -s "$1" "$2"; then
		echo "$3: $2 unchanged"
	else
		cp "$1" "$2.tmp"
		mv -f "$2.tmp" "$2"
		echo "$3: wrote $2"
	fi
}
