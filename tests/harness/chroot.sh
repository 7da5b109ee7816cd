# SPDX-License-Identifier: GPL-2.0-only
#
# chroot.sh - running commands in a cached Debian root (sourced by the
# harness, debug-kernel.sh and packaging/build-deb.sh).

# in_root ROOT CMD...: run CMD chrooted in ROOT with a clean environment.
in_root() {
	local r=$1
	shift
	chroot "$r" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
		HOME=/root DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8 "$@"
}

# mount_api ROOT / umount_api ROOT: /proc, /sys and /dev for chroot steps.
# Callers hold the root's lock, and every mounter does: whatever is still
# mounted there was left by a killed run (or by debootstrap), and mounting
# on top of it fails with EBUSY ("sysfs already mounted").  On failure the
# line says what the root still has mounted.
mount_api() {
	umount_api "$1"
	if ! { mount -t proc proc "$1/proc" &&
	       mount -t sysfs sysfs "$1/sys" &&
	       mount --bind /dev "$1/dev"; }; then
		echo "mount_api: cannot mount /proc /sys /dev in $1; mounted there:" \
			"$(awk -v r="$1/" 'index($5, r) == 1 { printf "%s(%s) ", $5, $9 }' \
				/proc/self/mountinfo)" >&2
		return 1
	fi
}
umount_api() {
	local m
	for m in dev sys proc; do
		# Stacked mounts come off one a round (at most a few).
		for _ in 1 2 3 4; do
			mountpoint -q "$1/$m" 2>/dev/null || break
			umount "$1/$m" 2>/dev/null || umount -l "$1/$m" 2>/dev/null || break
		done
	done
}

# headers_cc HDR: the compiler the Debian headers at HDR name in their
# .kernelvariables (gcc-12, gcc-14), without the cross prefix.
headers_cc() {
	# shellcheck disable=SC2016 # $(CROSS_COMPILE) is make's
	sed -n 's/^CC *= *//p' "$1/.kernelvariables" 2>/dev/null |
		awk '{print $NF}' | sed 's/^\$(CROSS_COMPILE)//'
}

# foreign_ready ARCH: make the host run ARCH's (a Debian architecture)
# programs, so that debootstrap, apt, dpkg and DKMS run in a root of
# another architecture under QEMU's user-mode emulation.  Nothing to do
# for the host's own architecture.  Otherwise: mount binfmt_misc if
# needed and register qemu-user-static's handler, from its own
# /usr/lib/binfmt.d/qemu-<cpu>.conf, unless one is registered already.
# Its F flag makes the kernel open the interpreter at registration, so
# the chroot needs no copy of it.  Prints why not and fails otherwise.
foreign_ready() {
	local arch=$1 cpu bm=/proc/sys/fs/binfmt_misc conf
	[ "$arch" = "$(dpkg --print-architecture)" ] && return 0
	case $arch in
	arm64)	cpu=aarch64 ;;
	*)	echo "foreign_ready: no QEMU CPU name known for $arch" >&2; return 1 ;;
	esac
	if [ ! -e "$bm/register" ]; then
		mount -t binfmt_misc binfmt_misc "$bm" || {
			echo "foreign_ready: cannot mount binfmt_misc on $bm" >&2
			return 1
		}
	fi
	if [ ! -e "$bm/qemu-$cpu" ]; then
		conf=/usr/lib/binfmt.d/qemu-$cpu.conf
		[ -r "$conf" ] || {
			echo "foreign_ready: no $conf (apt-get install qemu-user-static)" >&2
			return 1
		}
		# A write of two registrations of one name at once: the loser fails.
		grep -v '^#' "$conf" | head -n 1 >"$bm/register" 2>/dev/null ||
			[ -e "$bm/qemu-$cpu" ] || {
			echo "foreign_ready: cannot register $conf in $bm" >&2
			return 1
		}
	fi
	if [ "$(head -n 1 "$bm/qemu-$cpu")" != enabled ] || [ "$(cat "$bm/status")" != enabled ]; then
		echo "foreign_ready: binfmt_misc handler qemu-$cpu is disabled" >&2
		return 1
	fi
	# Without F the kernel looks the interpreter up in the chroot.
	grep -q '^flags:.*F' "$bm/qemu-$cpu" || {
		echo "foreign_ready: $bm/qemu-$cpu lacks the F flag (registered by another tool); unregister it (echo -1 >$bm/qemu-$cpu) and retry" >&2
		return 1
	}
}
