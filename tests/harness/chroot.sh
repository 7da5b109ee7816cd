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
mount_api() {
	mount -t proc proc "$1/proc" &&
	mount -t sysfs sysfs "$1/sys" &&
	mount --bind /dev "$1/dev"
}
umount_api() {
	local m
	for m in dev sys proc; do
		if mountpoint -q "$1/$m" 2>/dev/null; then
			umount "$1/$m" 2>/dev/null || umount -l "$1/$m" 2>/dev/null || true
		fi
	done
}
