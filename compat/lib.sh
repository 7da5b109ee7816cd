# SPDX-License-Identifier: GPL-2.0-only
#
# lib.sh - what the compat/ scripts share, sourced with ". compat/lib.sh":
# compat_args "$@" sets kdir, out, krel and urel, and hostcc and
# cross_compile from the HOSTCC= and CROSS_COMPILE= arguments (it shifts
# nothing: detect.sh does "shift 2" and hands the rest to make);
# compat_install NEW OUT TAG replaces OUT only when its content changes,
# so that an unchanged answer does not rebuild the module; btf_tool and
# btf_vmlinux find the BTF of the kernel being built for.

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
	# The release uname -r prints and /boot names files by: UTS_RELEASE
	# (Debian's 5.10 headers have "5.10.223" in kernel.release,
	# "5.10.0-32-amd64" there).
	urel=$(sed -n 's/^#define UTS_RELEASE "\(.*\)"$/\1/p' \
		"$kdir/include/generated/utsrelease.h" 2>/dev/null || true)
	urel=${urel:-$krel}
	hostcc=cc
	cross_compile=
	shift 2
	for a in "$@"; do
		case $a in
		HOSTCC=*)	hostcc=${a#HOSTCC=} ;;
		CROSS_COMPILE=*) cross_compile=${a#CROSS_COMPILE=} ;;
		esac
	done
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

# btf_tool DIR: build compat/btf_layout with $hostcc as DIR/btf_layout;
# sets btf_layout, or prints the compiler's errors, sets btf_why and
# returns 1.
btf_tool() {
	btf_layout=$1/btf_layout
	"$hostcc" -O2 -o "$btf_layout" "$(dirname "$0")/btf_layout.c" \
		>"$1/cc.log" 2>&1 && return 0
	cat "$1/cc.log" >&2
	btf_why="compat/btf_layout.c does not build with $hostcc"
	return 1
}

# btf_vmlinux DIR: find the BTF of the kernel at $kdir, first hit:
#   1. $kdir/vmlinux: Debian's 6.12 and 7.x headers ship a BTF-only one;
#   2. /boot/vmlinuz-$urel: an uncompressed image (arm64), else the
#      compressed kernel (xz, gzip; zstd and lz4 if those programs are
#      installed: Debian's cloud kernels use lz4 on 6.1, zstd on 6.12),
#      decompressed into DIR/vmlinux;
#   3. /sys/kernel/btf/vmlinux, only if the running kernel is $urel.
# VFSMOD_BTF=FILE forces a source (raw BTF, an ELF file with .BTF, or a
# kernel image as in 2.: a cross build's /boot is not the target's),
# VFSMOD_BTF=none none.  Sets btf_file and btf_src (what to say), or
# btf_why and returns 1.  Needs btf_tool first.
btf_vmlinux() {
	btf_file=''
	btf_src=''
	btf_why=''
	case ${VFSMOD_BTF:-} in
	none)	btf_why="VFSMOD_BTF=none"; return 1 ;;
	?*)	btf_vmlinuz "$VFSMOD_BTF" "$1" && return 0
		btf_why="no BTF in VFSMOD_BTF=$VFSMOD_BTF"; return 1 ;;
	esac
	{ [ -f "$kdir/vmlinux" ] && btf_has "$kdir/vmlinux" "$kdir/vmlinux"; } ||
	{ [ -f "/boot/vmlinuz-$urel" ] && btf_vmlinuz "/boot/vmlinuz-$urel" "$1"; } ||
	{ [ "$(uname -r)" = "$urel" ] && [ -r /sys/kernel/btf/vmlinux ] &&
		btf_has /sys/kernel/btf/vmlinux /sys/kernel/btf/vmlinux; } && return 0
	btf_why="no BTF in $kdir/vmlinux, /boot/vmlinuz-$urel or (running kernel) /sys/kernel/btf/vmlinux"
	return 1
}

# btf_has FILE WHAT: FILE holds a kernel's BTF; then btf_file=FILE,
# btf_src=WHAT.
btf_has() {
	# A kernel's BTF describes struct dentry: bytes that merely look like
	# a BTF header (in a compressed image) do not.
	"$btf_layout" layout "$1" D=sizeof.dentry >/dev/null 2>&1 || return 1
	btf_file=$1
	btf_src=$2
}

# btf_vmlinuz FILE DIR: FILE itself if it is an uncompressed image (arm64's
# Image holds .BTF as it is), else decompress each stream FILE may hold
# into DIR/vmlinux until one has BTF.
btf_vmlinuz() {
	btf_has "$1" "$1 (uncompressed)" && return 0
	"$btf_layout" scan "$1" >"$2/streams" || return 1
	while read -r fmt off; do
		case $fmt in
		xz)	dec='xz -dcq --single-stream' ;;
		gzip)	dec='gzip -dcq' ;;
		zstd)	dec='zstd -dcq' ;;
		lz4)	dec='lz4 -dcq' ;;
		*)	continue ;;
		esac
		command -v "${dec%% *}" >/dev/null 2>&1 || continue
		tail -c +$((off + 1)) "$1" | $dec >"$2/vmlinux" 2>/dev/null || true
		[ -s "$2/vmlinux" ] || continue
		btf_has "$2/vmlinux" "$1 ($fmt stream at byte $off)" && return 0
	done <"$2/streams"
	rm -f "$2/vmlinux"
	return 1
}
