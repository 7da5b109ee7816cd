#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# debug-kernel.sh - build (once) the debug kernel of `make check-debug` and
# print the directory that holds its .debs.
#
# A Debian 6.12 kernel (trixie's linux-source-6.12, Debian's patches
# applied) with defconfig + kvm_guest.config + the kernel's own checkers
# (KASAN, KFENCE, lockdep/PROVE_LOCKING/PROVE_RCU, DEBUG_ATOMIC_SLEEP,
# DEBUG_LIST, kmemleak) + what vfsmod and its tests need (ftrace, fprobe,
# kprobes, dynamic events, BPF, perf), packaged by the kernel itself
# (`make bindeb-pkg`): linux-image-<rel> and linux-headers-<rel>, which
# mkroot.sh installs into the trixie-debug guest root.
#
# Built in a trixie root of its own, $VFSMOD_ROOTS/debug-kernel (gcc-14,
# the compiler of trixie's kernels), under nice -n 19 with -j2 (override:
# VFSMOD_DEBUG_JOBS).  The root and the build are each marked complete only
# at their very end; an interrupted root is made again, an interrupted
# build resumes in its tree.  Changing the configuration below
# (CONFIG_SPEC) rebuilds what depends on it.
#
# Output (stdout, last line): the directory of the .debs.  Progress and
# the measured build time go to stderr and to $VFSMOD_ROOTS/debug-kernel.log.
set -eu

. "$(dirname "$0")/chroot.sh"

here=$(cd "$(dirname "$0")" && pwd)
roots=${VFSMOD_ROOTS:-/var/tmp/vfsmod-roots}
root=$roots/debug-kernel
rootmark=$root/.vfsmod-root-complete
build=$root/build			# /build in the root
mark=$build/.vfsmod-debug-kernel-complete
debs=$build/debs
jobs=${VFSMOD_DEBUG_JOBS:-2}
series=6.12
localversion=-vfsmod-debug
log=$roots/debug-kernel.log

# Options that must end up =y (checked after olddefconfig), then those set
# to a value.  DEBUG_INFO_BTF is added when pahole is in the root.
CONFIG_Y="
KASAN KASAN_GENERIC KASAN_INLINE KFENCE
LOCKDEP PROVE_LOCKING PROVE_RCU DEBUG_ATOMIC_SLEEP DEBUG_LIST
DEBUG_KMEMLEAK
FTRACE FUNCTION_TRACER FUNCTION_GRAPH_TRACER DYNAMIC_FTRACE
DYNAMIC_FTRACE_WITH_REGS DYNAMIC_FTRACE_WITH_ARGS
FPROBE FPROBE_EVENTS KPROBES KRETPROBES KPROBE_EVENTS KPROBES_ON_FTRACE
DYNAMIC_EVENTS FTRACE_SYSCALLS HIST_TRIGGERS
BPF_SYSCALL BPF_JIT BPF_EVENTS PERF_EVENTS DEBUG_FS TRACING
TMPFS EXT4_FS VIRTIO_BLK VIRTIO_PCI SERIAL_8250 SERIAL_8250_CONSOLE
DEVTMPFS MODULES MODULE_UNLOAD IKCONFIG IKCONFIG_PROC BLK_DEV_INITRD
"
# Automatic kmemleak scans (every 10 min, a minute of CPU under TCG) are
# off: 98debug/kmemleak.tc scans at a known point and reads the result.
# Hardware a serial-console TCG guest never has (graphics, sound, USB,
# wireless) is off: it is a large part of defconfig's build time.
CONFIG_N="DEBUG_KMEMLEAK_AUTO_SCAN DEBUG_KMEMLEAK_DEFAULT_OFF LOCALVERSION_AUTO
MODULE_SIG_FORCE WERROR DRM SOUND USB_SUPPORT WLAN WIRELESS"
# Bigger lockdep tables: a tracing-heavy run must not exhaust them (that
# turns lockdep off with a "BUG: MAX_LOCKDEP_... too low").
CONFIG_VAL="LOCKDEP_BITS=16 LOCKDEP_CHAINS_BITS=17 LOCKDEP_STACK_TRACE_BITS=20
LOCKDEP_STACK_TRACE_HASH_BITS=15 LOCKDEP_CIRCULAR_QUEUE_BITS=13"
CONFIG_SPEC="y: $CONFIG_Y n: $CONFIG_N val: $CONFIG_VAL local: $localversion"

say() { echo "debug-kernel: $*" | tee -a "$log" >&2; }
die() { say "$*"; exit 1; }
[ "$(id -u)" = 0 ] || die "must run as root (debootstrap, chroot)"


mkdir -p "$roots"
exec 9>"$roots/debug-kernel.lock"
if ! flock -n 9; then
	echo "debug-kernel: busy (another build holds $roots/debug-kernel.lock), waiting" >&2
	flock 9
fi

spec_sum=$(printf '%s' "$CONFIG_SPEC" | md5sum | cut -c1-12)
if [ -f "$mark" ] && [ "$(sed -n 2p "$mark")" = "$spec_sum" ] &&
   ls "$debs"/linux-image-*.deb "$debs"/linux-headers-*.deb >/dev/null 2>&1; then
	echo "debug-kernel: cached, kernel $(sed -n 1p "$mark") in $debs" >&2
	echo "$debs"
	exit 0
fi

# --- the build root ----------------------------------------------------------
if [ ! -f "$rootmark" ]; then
	mirror=$("$here/mirror.sh")
	say "build root: debootstrap trixie at $root from $mirror"
	umount_api "$root"
	rm -rf --one-file-system "$root"
	debootstrap --variant=minbase trixie "$root" "$mirror" >"$root.debootstrap.log" 2>&1 || {
		tail -n 20 "$root.debootstrap.log" >&2
		die "debootstrap failed (log $root.debootstrap.log)"
	}
	echo "deb $mirror trixie main" >"$root/etc/apt/sources.list"
	echo 'APT::Install-Recommends "false";' >"$root/etc/apt/apt.conf.d/99vfsmod"
	trap 'umount_api "$root"' EXIT
	mount_api "$root"
	# What `make bindeb-pkg` of 6.12 needs (dpkg-buildpackage, its
	# build-dependencies), plus pahole for BTF.
	in_root "$root" apt-get update >"$root.apt.log" 2>&1 &&
	in_root "$root" apt-get install -y "linux-source-$series" build-essential gcc-14 bc bison \
		flex libssl-dev libelf-dev dwarves rsync cpio kmod python3 xz-utils \
		debhelper-compat fakeroot dpkg-dev openssl zstd >>"$root.apt.log" 2>&1 || {
		tail -n 30 "$root.apt.log" >&2
		die "package install failed (log $root.apt.log)"
	}
	in_root "$root" apt-get clean
	umount_api "$root"
	trap - EXIT
	touch "$rootmark"
	say "build root: done"
fi

# --- the kernel ----------------------------------------------------------------
tarball=$(ls "$root/usr/src/linux-source-$series".tar.* 2>/dev/null | head -n 1)
[ -n "$tarball" ] || die "no /usr/src/linux-source-$series.tar.* in $root"
srcver=$(in_root "$root" dpkg-query -W -f '${Version}' "linux-source-$series")
# An interrupted build resumes in its tree (40 min beside one guest, hours beside more TCG
# load): make picks up where it stopped, and a changed configuration
# rebuilds only what depends on the options that changed.
if [ "$(cat "$build/.unpacked" 2>/dev/null)" = "$srcver" ] &&
   ls -d "$build"/linux-source-"$series"*/ >/dev/null 2>&1; then
	say "resuming the build tree of linux-source-$series $srcver"
else
	rm -rf "$build"
	mkdir -p "$build"
	say "unpacking $(basename "$tarball") (linux-source-$series $srcver)"
	tar -C "$build" -xf "$tarball"
	echo "$srcver" >"$build/.unpacked"
fi
src=$(cd "$build" && ls -d linux-source-"$series"*/ | head -n 1)
src=/build/${src%/}

pahole=no
in_root "$root" sh -c 'command -v pahole' >/dev/null 2>&1 && pahole=yes
[ "$pahole" = yes ] && CONFIG_Y="$CONFIG_Y DEBUG_INFO_BTF DEBUG_INFO_BTF_MODULES PROBE_EVENTS_BTF_ARGS"

kmake() {
	in_root "$root" nice -n 19 make -C "$src" "$@"
}

cfgargs=
for o in $CONFIG_Y; do cfgargs="$cfgargs --enable $o"; done
for o in $CONFIG_N; do cfgargs="$cfgargs --disable $o"; done
for o in $CONFIG_VAL; do cfgargs="$cfgargs --set-val ${o%%=*} ${o#*=}"; done
# BTF needs DWARF debug info (not reduced, not split).
[ "$pahole" = yes ] && cfgargs="$cfgargs --enable DEBUG_INFO --enable DEBUG_INFO_DWARF_TOOLCHAIN_DEFAULT"
[ "$pahole" = yes ] && cfgargs="$cfgargs --disable DEBUG_INFO_NONE --disable DEBUG_INFO_REDUCED --disable DEBUG_INFO_SPLIT"

say "configuring: defconfig + kvm_guest.config + checkers and tracing (BTF: $pahole)"
{
	kmake defconfig &&
	kmake kvm_guest.config &&
	in_root "$root" sh -c "cd $src && scripts/config $cfgargs --set-str LOCALVERSION $localversion" &&
	kmake olddefconfig
} >"$build/config.log" 2>&1 || { tail -n 20 "$build/config.log" >&2; die "configuration failed (log $build/config.log)"; }

# olddefconfig silently drops options whose dependencies are unmet.
cfg=$root$src/.config
missing=
for o in $CONFIG_Y; do
	grep -qx "CONFIG_$o=y" "$cfg" || missing="$missing $o"
done
for o in $CONFIG_N; do
	grep -qx "CONFIG_$o=y" "$cfg" && missing="$missing !$o"
done
for o in $CONFIG_VAL; do
	grep -qx "CONFIG_$o" "$cfg" || missing="$missing $o"
done
if [ -n "$missing" ]; then
	for o in $missing; do
		o=${o#!}
		say "  CONFIG_${o%%=*}: $(grep -E "^(# )?CONFIG_${o%%=*}[= ]" "$cfg" || echo absent)"
	done
	die "options not as required in the final .config:$missing (config $cfg)"
fi
say "config: all $(echo $CONFIG_Y | wc -w) required options =y, $(echo $CONFIG_N | wc -w) off, $(echo $CONFIG_VAL | wc -w) sized"

# CONFIG_LOCALVERSION reaches `make kernelrelease` only once the build has
# synced the config: name the release from the Makefile and .config here.
krel=$(kmake -s kernelversion)$(sed -n 's/^CONFIG_LOCALVERSION="\(.*\)"$/\1/p' "$cfg")
say "building $krel with make -j$jobs bindeb-pkg under nice -n 19 (log $build/build.log)"
t0=$(date +%s)
# (An interrupted run may have left them mounted.)
umount_api "$root"
mount_api "$root"
trap 'umount_api "$root"' EXIT
# gzip: the -dbg package is large and xz on one core takes long.
if ! kmake -j"$jobs" KDEB_COMPRESS=gzip KDEB_PKGVERSION="$srcver+vfsmod1" \
	bindeb-pkg >"$build/build.log" 2>&1; then
	tail -n 30 "$build/build.log" >&2
	die "bindeb-pkg failed after $(( $(date +%s) - t0 ))s (log $build/build.log)"
fi
umount_api "$root"
trap - EXIT
secs=$(( $(date +%s) - t0 ))
built=$(cat "$root$src/include/config/kernel.release")
[ "$built" = "$krel" ] || die "built release $built, expected $krel"

mkdir -p "$debs"
mv "$build"/*.deb "$debs"/
ls "$debs"/linux-image-"$krel"_*.deb "$debs"/linux-headers-"$krel"_*.deb >/dev/null ||
	die "bindeb-pkg made no linux-image/linux-headers .deb for $krel"
cp "$cfg" "$debs/config-$krel"
# Only the .debs and the config are kept: the object tree is gigabytes.
rm -rf "$root$src"
printf '%s\n%s\n%s\n' "$krel" "$spec_sum" "$secs" >"$mark"
say "built $krel in ${secs}s ($((secs / 60)) min) with -j$jobs; .debs in $debs"
echo "$debs"
