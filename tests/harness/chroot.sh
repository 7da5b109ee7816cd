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
