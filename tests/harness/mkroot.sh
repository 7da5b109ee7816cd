#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# mkroot.sh TARGET - build (or reuse) the cached Debian root for one target.
#
# TARGET is a suite name (bullseye, bookworm, trixie, sid), trixie-rt,
# bookworm-cloud and trixie-cloud (linux-image-cloud-amd64, the kernel of
# Debian's cloud images), bookworm-arm64 and trixie-arm64 (an arm64 root:
# debootstrap, apt and DKMS run under qemu-user-static, chroot.sh's
# foreign_ready) or trixie-debug (the debug kernel of debug-kernel.sh
# instead of a stock one).
# The root holds exactly one stock kernel with its headers, dkms, the
# compiler those headers demand, perf, trace-cmd, bpftrace, bpftool, pahole
# (vfsmod.ko's BTF on 6.1: compat/module_btf.sh), a static C toolchain for
# the guest helpers and libtracefs/libtraceevent for tools/ (vfsmod-top).
# It lives outside the clone, under
# $VFSMOD_ROOTS (default /var/tmp/vfsmod-roots), keyed by target, and is
# marked complete only at the very end: a root without the marker was left
# by an interrupted run and is rebuilt from scratch.  The roots of trixie-rt
# and the cloud kernels are copies of their suite's root (built first if
# need be) with the kernel exchanged.
set -eu
# The whole script is one compound command, read completely before it
# runs: editing this file while a (long: an arm64 root takes an hour) build
# runs cannot derail that build.
{
target=${1:?usage: mkroot.sh TARGET}
roots=${VFSMOD_ROOTS:-/var/tmp/vfsmod-roots}
root=$roots/$target
marker=$root/.vfsmod-root-complete
here=$(cd "$(dirname "$0")" && pwd)

base=
arch=amd64
case $target in
bullseye)	suite=bullseye; flavor=amd64; perf=linux-perf-5.10 ;;
bookworm)	suite=bookworm; flavor=amd64; perf=linux-perf ;;
trixie)		suite=trixie;   flavor=amd64; perf=linux-perf ;;
sid)		suite=sid;      flavor=amd64; perf=linux-perf ;;
trixie-rt)	suite=trixie;   flavor=rt-amd64; perf=linux-perf; base=trixie ;;
bookworm-cloud)	suite=bookworm; flavor=cloud-amd64; perf=linux-perf; base=bookworm ;;
trixie-cloud)	suite=trixie;   flavor=cloud-amd64; perf=linux-perf; base=trixie ;;
bookworm-arm64)	suite=bookworm; flavor=arm64; perf=linux-perf; arch=arm64 ;;
trixie-arm64)	suite=trixie;   flavor=arm64; perf=linux-perf; arch=arm64 ;;
trixie-debug)	suite=trixie;   flavor=debug; perf=linux-perf ;;
*)	echo "mkroot: unknown target '$target' (bullseye bookworm trixie sid trixie-rt bookworm-cloud trixie-cloud bookworm-arm64 trixie-arm64 trixie-debug)" >&2
	exit 2 ;;
esac

mkdir -p "$roots"
# One build of a root at a time; check.sh also holds this lock while it
# installs vfsmod into the root and makes the image.
exec 9>"$roots/$target.lock"
if ! flock -n 9; then
	echo "root $target: busy (another build or check holds $roots/$target.lock), waiting"
	flock 9
fi

if [ "$flavor" = debug ]; then
	# The debug kernel's .debs: built once (hours), cached by debug-kernel.sh.
	debs=$("$here/debug-kernel.sh" | tail -n 1) && [ -d "$debs" ] || {
		echo "root $target: no debug kernel (log $roots/debug-kernel.log)" >&2
		exit 1
	}
	kstamp=$(cat "$debs/../.vfsmod-debug-kernel-complete")
	if [ -f "$marker" ] && [ "$(cat "$root/.vfsmod-debug-kernel" 2>/dev/null)" != "$kstamp" ]; then
		echo "root $target: the debug kernel was rebuilt, rebuilding the root"
		rm -f "$marker"
	fi
fi

pkgs="linux-image-$flavor linux-headers-$flavor initramfs-tools dkms make gcc
libc6-dev kmod procps util-linux $perf trace-cmd bpftrace
pkg-config libtracefs-dev libtraceevent-dev sparse xz-utils lz4 zstd dwarves bpftool"
# The debug kernel comes as .debs, installed after initramfs-tools and dkms.
[ "$flavor" = debug ] && pkgs=${pkgs#linux-image-debug linux-headers-debug }
# The package list a root was made with: a cached root made from an older
# list gets the packages added since, and nothing else changes.
pkgs_stamp=$root/.vfsmod-root-pkgs
pkgs_now=$(echo $pkgs)

. "$(dirname "$0")/chroot.sh"
# Another architecture's root runs its programs under qemu-user-static.
foreign_ready "$arch" || exit 1

# apt_install [APT-OPTION...]: apt-get update and install $pkgs in the
# root (API filesystems mounted), log in $root.apt.log; exits on failure.
apt_install() {
	in_root "$root" apt-get update >"$root.apt.log" 2>&1 &&
	in_root "$root" apt-get install -y "$@" $pkgs >>"$root.apt.log" 2>&1 || {
		tail -n 30 "$root.apt.log" >&2
		echo "root $target: package install failed (log $root.apt.log)" >&2
		exit 1
	}
}

if [ -f "$marker" ] && [ "$(cat "$pkgs_stamp" 2>/dev/null)" = "$pkgs_now" ]; then
	echo "root $target: cached at $root"
	exit 0
fi
if [ -f "$marker" ]; then
	# --no-upgrade: the root's kernel and everything installed stay as
	# they are (a newer linux-image-* would put a second kernel in it).
	echo "root $target: cached at $root, adding packages new in the list"
	trap 'umount_api "$root"' EXIT
	mount_api "$root"
	apt_install --no-upgrade
	in_root "$root" apt-get clean
	if [ "$(ls "$root/lib/modules")" != "$(cat "$marker")" ]; then
		echo "root $target: adding packages changed its kernels ($(ls "$root/lib/modules" | tr '\n' ' ')), rebuild it: rm $marker" >&2
		exit 1
	fi
	echo "$pkgs_now" >"$pkgs_stamp"
	echo "root $target: packages added"
	exit 0
fi

# An interrupted run may have left /proc, /sys or /dev mounted in the root:
# never let rm descend into the host's /dev.
umount_api "$root"
rm -rf --one-file-system "$root"
trap 'umount_api "$root"' EXIT

if [ -n "$base" ]; then
	# Another flavour of a suite's kernel: a copy of that suite's root with
	# the kernel exchanged, a fraction of the work of a root from scratch.
	echo "root $target: building at $root from the $base root"
	"$here/mkroot.sh" "$base" >"$root.base.log" 2>&1 || {
		tail -n 5 "$root.base.log" >&2
		echo "root $target: no $base root to start from (log $root.base.log)" >&2
		exit 1
	}
	old=$(cat "$roots/$base/.vfsmod-root-complete")
	# Under the base root's lock: no check is changing it meanwhile.
	exec 8>"$roots/$base.lock"
	flock 8
	cp -ax --reflink=auto "$roots/$base" "$root"
	exec 8>&-
	# What a check left in the base (prepare_root) is not this root's.
	rm -rf "$root"/.vfsmod-root-* "$root/vfsmod-tests" "$root"/usr/src/vfsmod-* \
		"$root/var/lib/dkms/vfsmod" "$root"/tmp/vfsmod-*
	mount_api "$root"
	apt_install
	if ! { in_root "$root" apt-get purge -y linux-image-amd64 linux-headers-amd64 \
			"linux-image-$old" "linux-headers-$old" &&
	       in_root "$root" apt-get autoremove --purge -y; } >>"$root.apt.log" 2>&1; then
		tail -n 30 "$root.apt.log" >&2
		echo "root $target: removing the $base kernel $old failed (log $root.apt.log)" >&2
		exit 1
	fi
	# Files the packages did not own (a check's DKMS build).
	rm -rf "$root/lib/modules/$old" "$root/usr/src/linux-headers-$old"
else
	mirror=$("$here/mirror.sh")
	if [ "$arch" = amd64 ]; then
		echo "root $target: building at $root from $mirror (1-3 min)"
	else
		echo "root $target: building an $arch root at $root from $mirror (under emulation: 10-15 min)"
	fi
	# debootstrap lays only a minbase; apt inside the chroot resolves the
	# rest (debootstrap's own resolver picks dracut and cannot see
	# gcc-N-for-host).
	debootstrap --variant=minbase --arch="$arch" "$suite" "$root" "$mirror" >"$root.debootstrap.log" 2>&1 || {
		tail -n 20 "$root.debootstrap.log" >&2
		echo "root $target: debootstrap failed (log $root.debootstrap.log)" >&2
		exit 1
	}

	echo "deb $mirror $suite main" >"$root/etc/apt/sources.list"
	# A root is rebuilt, never repaired: no fsync per unpacked file.
	# Nothing in a guest reads documentation: less to unpack, and to
	# copy into each image.
	cat >"$root/etc/dpkg/dpkg.cfg.d/99vfsmod" <<'EOF'
force-unsafe-io
path-exclude=/usr/share/doc/*
path-exclude=/usr/share/man/*
path-exclude=/usr/share/info/*
path-exclude=/usr/share/locale/*
EOF
	# sid's Release can carry an expired Valid-Until on a mirror.
	echo 'Acquire::Check-Valid-Until "false";' >"$root/etc/apt/apt.conf.d/99vfsmod"
	echo 'APT::Install-Recommends "false";' >>"$root/etc/apt/apt.conf.d/99vfsmod"

	if [ "$arch" != amd64 ]; then
		# MODULES=most puts every storage, bus and SoC driver of Debian's
		# generic arm64 kernel in the initramfs, and mkinitramfs runs
		# modprobe/modinfo on each: under qemu-user that took 14 (trixie)
		# and over 30 minutes (bookworm), twice (the kernel's postinst,
		# then initramfs-tools' trigger).  The guest needs its virtio disk
		# and ext4 to mount the root; everything else loads from the root.
		mkdir -p "$root/etc/initramfs-tools/conf.d" "$root/usr/share/initramfs-tools/modules.d"
		echo 'MODULES=list' >"$root/etc/initramfs-tools/conf.d/vfsmod-guest"
		printf '%s\n' virtio_pci virtio_blk ext4 >"$root/usr/share/initramfs-tools/modules.d/vfsmod-guest"
	fi

	mount_api "$root"
	apt_install
fi
if [ "$flavor" = debug ]; then
	rm -rf "$root/tmp/debug-debs"
	mkdir -p "$root/tmp/debug-debs"
	cp $(ls "$debs"/linux-image-*.deb "$debs"/linux-headers-*.deb | grep -v -- '-dbg_') "$root/tmp/debug-debs/"
	in_root "$root" sh -c 'apt-get install -y /tmp/debug-debs/*.deb' >>"$root.apt.log" 2>&1 || {
		tail -n 30 "$root.apt.log" >&2
		echo "root $target: debug kernel install failed (log $root.apt.log)" >&2
		exit 1
	}
	rm -rf "$root/tmp/debug-debs"
fi
in_root "$root" apt-get clean

# Exactly one kernel: the harness boots whatever is under /lib/modules.
nk=$(ls "$root/lib/modules" | wc -l)
if [ "$nk" != 1 ]; then
	echo "root $target: expected one kernel, found: $(ls "$root/lib/modules")" >&2
	exit 1
fi
kver=$(ls "$root/lib/modules")

# The headers name the compiler they were built with; make sure it is the
# root's, so a kernel bump that needs a new gcc fails here, loudly.
cc=$(headers_cc "$root/usr/src/linux-headers-$kver")
if [ -n "$cc" ] && ! in_root "$root" sh -c "command -v $cc" >/dev/null; then
	echo "root $target: headers want $cc, not installed in the root" >&2
	exit 1
fi

if [ "$flavor" = debug ]; then
	# bindeb-pkg headers have no .kernelvariables: compare the compiler
	# the kernel was built with to the root's gcc.
	want=$(sed -n 's/^CONFIG_CC_VERSION_TEXT="\(.*\)"$/\1/p' "$root/boot/config-$kver")
	have=$(in_root "$root" gcc --version | head -n 1)
	if [ "$want" != "$have" ]; then
		echo "root $target: kernel built with '$want', the root's gcc is '$have'" >&2
		exit 1
	fi
	[ -f "$root/boot/initrd.img-$kver" ] || in_root "$root" update-initramfs -c -k "$kver" >>"$root.apt.log" 2>&1
	[ -f "$root/boot/initrd.img-$kver" ] || { echo "root $target: no initrd for $kver" >&2; exit 1; }
	echo "$kstamp" >"$root/.vfsmod-debug-kernel"
fi
echo "$pkgs_now" >"$pkgs_stamp"
echo "$kver" >"$marker"
echo "root $target: done, kernel $kver"
exit
}
