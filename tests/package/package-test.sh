#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# package-test.sh TARGET - test vfsmod-dkms_<version>_all.deb on one target.
#
# TARGET is a cached test root of tests/harness/mkroot.sh (bookworm, trixie,
# ...).  The root itself is never modified: it is copied (under its lock) to
# $VFSMOD_WORK/pkg-TARGET/root, and in a chroot of the copy:
#   package_install        apt-get install ./vfsmod-dkms_<v>_all.deb; DKMS built
#                          and installed vfsmod for the root's kernel
#   package_second_kernel  linux-headers-<same release>-cloud-amd64; DKMS's
#                          header_postinst.d hook built vfsmod for it too
#   package_loads          the copy booted in QEMU (TCG) with the root's kernel:
#                          modprobe vfsmod, events in tracefs, vfs_open fires,
#                          module parameters described, rmmod
#   package_remove         apt-get remove, dpkg --purge: no vfsmod.ko, no dkms
#                          entry, no /usr/src/vfsmod-*
#   version_agrees         dkms.conf = the .deb = modinfo and /sys/module in the
#                          guest = docs/events.md
# One line per check, "PASS|FAIL TARGET CHECK DETAIL"; exit status 1 if any
# failed.  The copy and the image are removed at the end; logs stay in
# $VFSMOD_WORK/pkg-TARGET/ (VFSMOD_KEEP_IMAGE=1 keeps the image).
#
# The .deb: $VFSMOD_DEB if set, else packaging/build-deb.sh builds it from
# the working tree.  Booting reuses tests/harness/common.sh (make_image,
# boot_guest, guest-init with a guest-cmd).  Never KVM; nothing is loaded on
# the host.
#
# Environment: VFSMOD_ROOTS (/var/tmp/vfsmod-roots), VFSMOD_WORK
# (/var/tmp/vfsmod-run), VFSMOD_DEB, VFSMOD_PKG_TIMEOUT (guest, s, 600),
# VFSMOD_KEEP_IMAGE.
set -u

TARGET=${1:?usage: package-test.sh TARGET}
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../harness/common.sh"
for f in in_root mount_api umount_api make_image boot_guest strip_escapes root_kver pkg_version; do
	declare -F "$f" >/dev/null || { echo "package-test: tests/harness/common.sh has no $f()" >&2; exit 2; }
done

SRC_ROOT=$ROOTS/$TARGET
W=$WORK/pkg-$TARGET
COPY=$W/$TARGET		# make_image/boot_guest find it as $ROOTS/$TARGET with ROOTS=$W
TIMEOUT=${VFSMOD_PKG_TIMEOUT:-600}
FAILED=0

die() { echo "package-test: $*" >&2; exit 2; }
[ "$(id -u)" = 0 ] || die "must run as root (chroot)"
for tool in "$QEMU" mkfs.ext4 chroot flock timeout dpkg-deb; do
	command -v "$tool" >/dev/null 2>&1 || die "host tool '$tool' missing"
done
now() { date +%s; }
T0=$(now)

# result STATUS CHECK DETAIL [LOG]
result() {
	local st=$1 name=$2 d=$3 log=${4:-}
	if [ "$st" = PASS ]; then
		echo "PASS $TARGET $name $d"
	else
		FAILED=1
		echo "FAIL $TARGET $name $d${log:+ (log $log)}"
	fi
}
# run LOG CMD...: run CMD in the copy, output appended to LOG.
run() {
	local log=$1
	shift
	echo "### $*" >>"$log"
	in_root "$COPY" "$@" >>"$log" 2>&1
}

mkdir -p "$W"
exec 7>"$W.lock"
flock -n 7 || die "another package-test.sh $TARGET is running (lock $W.lock)"

cleanup() {
	umount_api "$COPY"
	if [ -d "$COPY" ]; then
		rm -rf --one-file-system "$COPY"
	fi
	[ "${VFSMOD_KEEP_IMAGE:-0}" = 1 ] || rm -f "$W/image.ext4"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- the package -----------------------------------------------------------

VERSION=$(pkg_version)
[ -n "$VERSION" ] || die "no PACKAGE_VERSION in $REPO/dkms.conf"
if [ -n "${VFSMOD_DEB:-}" ]; then
	DEB=$VFSMOD_DEB
else
	echo "$TARGET: building the package (log $W/build-deb.out)"
	DEB=$("$REPO/packaging/build-deb.sh" 2>&1 | tee "$W/build-deb.out" | tail -n 1)
fi
[ -f "$DEB" ] || die "no package ($DEB); see $W/build-deb.out"
DEB_VERSION=$(dpkg-deb -f "$DEB" Version)
DEB_NAME=$(basename "$DEB")
echo "$TARGET: testing $DEB (version $DEB_VERSION), work dir $W"

# --- the copy of the root --------------------------------------------------

if [ -z "$(root_kver "$TARGET")" ]; then
	pgrep -af mkroot.sh | grep -w -- "$TARGET" >/dev/null &&
		echo "$TARGET: root being built by another process, waiting for it"
	# mkroot.sh waits on the root's lock itself.
	"$HARNESS/mkroot.sh" "$TARGET" >"$W/mkroot.log" 2>&1 ||
		die "no root $TARGET (log $W/mkroot.log)"
fi
KVER=$(root_kver "$TARGET")
[ -n "$KVER" ] || die "root $SRC_ROOT is not complete"

umount_api "$COPY"
rm -rf --one-file-system "$COPY"
rm -f "$W"/*.log "$W"/console.* "$W"/qemu.out "$W/image.ext4"
t=$(now)
(
	# check.sh holds this lock while it changes the root: copy a quiet root.
	flock 8
	cp -ax --reflink=auto "$SRC_ROOT" "$COPY"
) 8>"$ROOTS/$TARGET.lock" || die "cannot copy $SRC_ROOT to $COPY"
echo "$TARGET: root copied in $(( $(now) - t ))s (kernel $KVER)"

mount_api "$COPY" || die "cannot mount /proc /sys /dev in $COPY"
L=$W/install.log
: >"$L"
# Whatever vfsmod the root holds (check.sh installs the tree with dkms add).
if in_root "$COPY" dpkg-query -W vfsmod-dkms >/dev/null 2>&1; then
	run "$L" dpkg --purge vfsmod-dkms
fi
for d in "$COPY"/var/lib/dkms/vfsmod/*/; do
	[ -d "$d" ] || continue
	v=$(basename "$d")
	case $v in kernel-*|original_module) continue ;; esac
	run "$L" dkms remove -m vfsmod -v "$v" --all
done
rm -rf "$COPY"/usr/src/vfsmod-* "$COPY/var/lib/dkms/vfsmod" "$COPY/vfsmod-tests"
find "$COPY/lib/modules/" -name 'vfsmod.ko*' -delete
run "$L" depmod -a "$KVER"

# mods_of KVER: the vfsmod.ko* files under /lib/modules/KVER in the copy.
mods_of() {
	find "$COPY/lib/modules/$1/" -name 'vfsmod.ko*' 2>/dev/null | sed "s|^$COPY||"
}
# dkms_state KVER: the state dkms status reports for vfsmod/$VERSION on KVER.
dkms_state() {
	in_root "$COPY" dkms status -m vfsmod -v "$VERSION" -k "$1" 2>/dev/null |
		sed -n "s/^vfsmod[/,] *$VERSION, *$1, *[^:]*: *\([a-z]*\).*/\1/p" | head -n 1
}
# make_log_tail: DKMS's make.log (when a build failed) into the result log.
make_log_tail() {
	local ml
	for ml in "$COPY"/var/lib/dkms/vfsmod/"$VERSION"/build/make.log; do
		[ -f "$ml" ] || continue
		cp "$ml" "$W/make.log"
		echo "$TARGET:   DKMS make.log ($W/make.log), last lines:"
		tail -n 20 "$ml" | sed "s/^/$TARGET:   make: /"
	done
}

# --- package_install -------------------------------------------------------

t=$(now)
cp "$DEB" "$COPY/tmp/$DEB_NAME"
INSTALLED=0
if ! run "$L" apt-get update; then
	result FAIL package_install "apt-get update failed in the copy" "$L"
elif ! run "$L" sh -c "cd /tmp && apt-get install -y ./$DEB_NAME"; then
	result FAIL package_install "apt-get install ./$DEB_NAME failed" "$L"
	make_log_tail
else
	INSTALLED=1
	st=$(dkms_state "$KVER")
	mods=$(mods_of "$KVER")
	if [ "$st" != installed ]; then
		result FAIL package_install "dkms status for $KVER: '${st:-none}', not installed" "$L"
		make_log_tail
	elif [ -z "$mods" ]; then
		result FAIL package_install "dkms says installed, but no vfsmod.ko under /lib/modules/$KVER" "$L"
	elif [ ! -d "$COPY/usr/src/vfsmod-$VERSION" ]; then
		result FAIL package_install "no /usr/src/vfsmod-$VERSION" "$L"
	else
		result PASS package_install "dkms vfsmod/$VERSION installed for $KVER: $mods ($(( $(now) - t ))s)"
	fi
fi

# --- package_second_kernel -------------------------------------------------

t=$(now)
KVER2=${KVER%-amd64}-cloud-amd64
L2=$W/second-kernel.log
: >"$L2"
if [ "$INSTALLED" != 1 ]; then
	result FAIL package_second_kernel "not tried: the package did not install"
elif [ "$KVER2" = "$KVER" ] || [ "${KVER%-amd64}" = "$KVER" ]; then
	result FAIL package_second_kernel "no cloud flavour derivable from $KVER"
elif ! run "$L2" apt-get install -y "linux-headers-$KVER2"; then
	result FAIL package_second_kernel "apt-get install linux-headers-$KVER2 failed" "$L2"
	make_log_tail
else
	st=$(dkms_state "$KVER2")
	mods=$(mods_of "$KVER2")
	if [ "$st" != installed ] || [ -z "$mods" ]; then
		result FAIL package_second_kernel "after linux-headers-$KVER2: dkms status '${st:-none}', module '${mods:-none}'" "$L2"
		make_log_tail
	elif ! grep -q 'header_postinst.d\|dkms_autoinstaller\|Building module\|Building for' "$L2"; then
		result FAIL package_second_kernel "module for $KVER2 present, but the header hook left no trace in the log" "$L2"
	else
		result PASS package_second_kernel "linux-headers-$KVER2 -> DKMS hook built vfsmod/$VERSION: $mods ($(( $(now) - t ))s)"
	fi
fi

# --- package_loads (QEMU) --------------------------------------------------

# The module's parameters, from the source: the guest must describe each.
PARAMS=$(grep -ho 'module_param[a-z_]*([A-Za-z0-9_]*' "$REPO"/module/*.c 2>/dev/null |
	sed 's/.*(//' | LC_ALL=C sort -u | tr '\n' ' ')
PARAMS=${PARAMS% }
G_MODVER= G_SYSVER=
CONSOLE=$W/console.txt
t=$(now)
if [ "$INSTALLED" != 1 ]; then
	result FAIL package_loads "not tried: the package did not install"
else
	umount_api "$COPY"
	# The harness's guest-init mounts proc, sys, tracefs, debugfs, runs
	# /vfsmod-tests/guest-cmd and powers off.
	mkdir -p "$COPY/vfsmod-tests"
	cp "$HARNESS/guest-init" "$COPY/vfsmod-tests/guest-init"
	cat >"$COPY/vfsmod-tests/guest-cmd" <<'EOF'
#!/bin/sh
# package-test.sh: is the packaged module usable?
echo "PKG-BOOT: $(uname -r)"
ev=/sys/kernel/tracing/events/vfsmod
if out=$(modprobe vfsmod 2>&1); then echo "PKG-MODPROBE: ok"; else echo "PKG-MODPROBE: failed: $out"; fi
echo "PKG-FILE: $(modinfo -F filename vfsmod 2>&1)"
echo "PKG-MODINFO-VERSION: $(modinfo -F version vfsmod 2>&1)"
echo "PKG-SYS-VERSION: $(cat /sys/module/vfsmod/version 2>&1)"
modinfo -F parm vfsmod 2>&1 | sed 's/^/PKG-PARM: /'
[ -e $ev/vfs_open ] && echo "PKG-EVENT-VFS-OPEN: present" || echo "PKG-EVENT-VFS-OPEN: missing"
echo "PKG-EVENTS: $(ls $ev 2>/dev/null | grep -v -e '^enable$' -e '^filter$' | tr '\n' ' ')"
if [ -e $ev/vfs_open/enable ]; then
	echo > /sys/kernel/tracing/trace
	echo 1 > $ev/vfs_open/enable
	cat /etc/hostname /etc/os-release > /dev/null
	echo 0 > $ev/vfs_open/enable
	echo "PKG-FIRED: $(grep -c 'vfs_open:' /sys/kernel/tracing/trace)"
	grep -m 1 'vfs_open:' /sys/kernel/tracing/trace | sed 's/^/PKG-SAMPLE: /'
fi
if out=$(rmmod vfsmod 2>&1); then echo "PKG-RMMOD: ok"; else echo "PKG-RMMOD: failed: $out"; fi
echo "PKG-DONE"
EOF
	chmod 0755 "$COPY/vfsmod-tests/guest-init" "$COPY/vfsmod-tests/guest-cmd"
	if ! (ROOTS=$W; make_image "$TARGET" "$W/image.ext4") >"$W/mkfs.log" 2>&1; then
		result FAIL package_loads "mkfs.ext4 -d failed" "$W/mkfs.log"
	else
		ti=$(now)
		echo "$TARGET: image made in $(( ti - t ))s, booting $KVER (console $CONSOLE, timeout ${TIMEOUT}s)"
		(ROOTS=$W; boot_guest "$TARGET" "$W/image.ext4" "file:$W/console.log" "$TIMEOUT") \
			</dev/null >"$W/qemu.out" 2>&1
		qrc=$?
		strip_escapes <"$W/console.log" >"$CONSOLE" 2>/dev/null
		val() { sed -n "s/^.*$1: //p" "$CONSOLE" | head -n 1; }
		G_MODVER=$(val PKG-MODINFO-VERSION)
		G_SYSVER=$(val PKG-SYS-VERSION)
		boot=$(val PKG-BOOT) file=$(val PKG-FILE) fired=$(val PKG-FIRED)
		events=$(val PKG-EVENTS)
		events=${events% }
		# Every parameter of the source, with a description.
		perr=
		for p in $PARAMS; do
			line=$(sed -n "s/^.*PKG-PARM: $p:\(.*\)/\1/p" "$CONSOLE" | head -n 1)
			desc=$(printf '%s' "$line" | sed 's/ *([a-z]*)$//; s/^ *//')
			[ -n "$desc" ] || perr+=" $p"
		done
		splat=$(grep -m 1 -E 'Kernel panic|BUG: |Oops|general protection|WARNING: |Call Trace' "$CONSOLE")
		secs=$(( $(now) - ti ))
		if ! grep -q 'PKG-DONE' "$CONSOLE"; then
			result FAIL package_loads "guest did not finish (QEMU status $qrc after ${secs}s)" "$CONSOLE"
			tail -n 15 "$CONSOLE" | sed "s/^/$TARGET:   console: /"
		elif [ "$boot" != "$KVER" ]; then
			result FAIL package_loads "guest ran '$boot', not $KVER" "$CONSOLE"
		elif [ "$(val PKG-MODPROBE)" != ok ]; then
			result FAIL package_loads "modprobe vfsmod: $(val PKG-MODPROBE)" "$CONSOLE"
		elif [ "${file#/lib/modules/$KVER/updates/}" = "$file" ] && [ "${file#/usr/lib/modules/$KVER/updates/}" = "$file" ]; then
			result FAIL package_loads "modprobe loaded '$file', not DKMS's module under updates/" "$CONSOLE"
		elif [ "$(val PKG-EVENT-VFS-OPEN)" != present ]; then
			result FAIL package_loads "no $KVER tracefs events/vfsmod/vfs_open (events: '${events}')" "$CONSOLE"
		elif ! [ "${fired:-0}" -gt 0 ] 2>/dev/null; then
			result FAIL package_loads "vfsmod:vfs_open enabled but no event recorded" "$CONSOLE"
		elif [ -n "$perr" ]; then
			result FAIL package_loads "modinfo: parameter(s) without description:$perr (expected: $PARAMS)" "$CONSOLE"
		elif [ "$(val PKG-RMMOD)" != ok ]; then
			result FAIL package_loads "rmmod vfsmod: $(val PKG-RMMOD)" "$CONSOLE"
		elif [ -n "$splat" ]; then
			result FAIL package_loads "kernel splat on the console: $splat" "$CONSOLE"
		else
			result PASS package_loads "$KVER guest: modprobe $file; events: $events; vfs_open fired $fired; params described: ${PARAMS// /,}; rmmod ok (${secs}s boot+run)"
		fi
	fi
	[ "${VFSMOD_KEEP_IMAGE:-0}" = 1 ] || rm -f "$W/image.ext4"
	rm -rf "$COPY/vfsmod-tests"
	mount_api "$COPY" || die "cannot mount /proc /sys /dev in $COPY"
fi

# --- package_remove --------------------------------------------------------

L3=$W/remove.log
: >"$L3"
if [ "$INSTALLED" != 1 ]; then
	result FAIL package_remove "not tried: the package did not install"
else
	t=$(now)
	left() { # what is left of vfsmod in the copy
		local m s
		m=$(find "$COPY"/lib/modules/*/ -name 'vfsmod.ko*' 2>/dev/null | sed "s|^$COPY||" | tr '\n' ' ')
		s=$(in_root "$COPY" dkms status 2>/dev/null | grep -i '^vfsmod' | tr '\n' ' ')
		[ -n "$m" ] && echo -n "modules: $m; "
		[ -n "$s" ] && echo -n "dkms status: $s; "
		ls -d "$COPY"/usr/src/vfsmod-* >/dev/null 2>&1 && echo -n "source: $(ls -d "$COPY"/usr/src/vfsmod-* | sed "s|^$COPY||"); "
		[ -d "$COPY/var/lib/dkms/vfsmod" ] && echo -n "/var/lib/dkms/vfsmod; "
		return 0
	}
	if ! run "$L3" apt-get remove -y vfsmod-dkms; then
		result FAIL package_remove "apt-get remove vfsmod-dkms failed" "$L3"
	elif r=$(left) && [ -n "$r" ]; then
		result FAIL package_remove "after apt-get remove: $r" "$L3"
	# apt cannot name a package that came from a file once it is removed.
	elif ! run "$L3" dpkg --purge vfsmod-dkms; then
		result FAIL package_remove "dpkg --purge vfsmod-dkms failed" "$L3"
	elif r=$(left) && [ -n "$r" ]; then
		result FAIL package_remove "after dpkg --purge: $r" "$L3"
	elif in_root "$COPY" dpkg-query -W -f '${db:Status-Status}' vfsmod-dkms 2>/dev/null | grep -qv '^not-installed$'; then
		result FAIL package_remove "dpkg still knows vfsmod-dkms after purge" "$L3"
	else
		result PASS package_remove "remove+purge: no vfsmod.ko for $KVER or $KVER2, no dkms entry, no /usr/src/vfsmod-* ($(( $(now) - t ))s)"
	fi
fi

# --- version_agrees --------------------------------------------------------

DOC=$REPO/docs/events.md
if [ -f "$DOC" ]; then
	DOC_VERSION=$(sed -n -E 's/^[[:space:]*_]*Version[*_]*:[*_[:space:]]*`?v?([0-9][0-9A-Za-z.+~-]*).*/\1/p' "$DOC" | head -n 1)
	[ -n "$DOC_VERSION" ] || DOC_VERSION=$(grep -o -m 1 -E 'vfsmod v?[0-9]+\.[0-9]+[0-9A-Za-z.+~-]*' "$DOC" | sed 's/^vfsmod v\{0,1\}//')
else
	DOC_VERSION=
fi
vs="dkms.conf=$VERSION deb=$DEB_VERSION modinfo=${G_MODVER:-?} sysfs=${G_SYSVER:-?} docs/events.md=${DOC_VERSION:-?}"
if [ ! -f "$DOC" ]; then
	result FAIL version_agrees "docs/events.md missing ($vs)"
elif [ -z "$DOC_VERSION" ]; then
	result FAIL version_agrees "docs/events.md states no version ('Version: X' or 'vfsmod X') ($vs)"
elif [ -z "$G_MODVER" ] || [ -z "$G_SYSVER" ]; then
	result FAIL version_agrees "no version from the guest ($vs)" "$CONSOLE"
elif [ "$DEB_VERSION" = "$VERSION" ] && [ "$G_MODVER" = "$VERSION" ] &&
     [ "$G_SYSVER" = "$VERSION" ] && [ "$DOC_VERSION" = "$VERSION" ]; then
	result PASS version_agrees "$VERSION"
else
	result FAIL version_agrees "versions differ: $vs"
fi

echo "$TARGET: done in $(( $(now) - T0 ))s; logs in $W"
exit "$FAILED"
