#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# build-deb.sh - build vfsmod-dkms_<version>_all.deb and
# vfsmod-tools_<version>_<arch>.deb (make deb).
#
# The package is built inside a cached Debian build root, so the host needs
# only debootstrap and chroot:
#   $VFSMOD_ROOTS/deb-build-<suite>   (default /var/tmp/vfsmod-roots/deb-build-bookworm)
# made once with debootstrap --variant=minbase plus debhelper, dh-dkms,
# dpkg-dev, build-essential (dpkg-checkbuilddeps wants it), lintian and
# the libraries tools/ builds with (pkg-config, libtracefs-dev,
# libtraceevent-dev),
# and marked complete only at the very end (a root without its marker was
# left by an interrupted run and is rebuilt).  The test roots next to it
# (bookworm, trixie, ...) are never touched.  The .deb is "all": built
# once here, it installs on every suite; so does vfsmod-tools, built on the
# oldest suite it supports (bookworm: libtracefs 1.6; trixie has 1.8, the
# same soname).
#
# The version lives only in dkms.conf (PACKAGE_VERSION): debian/changelog is
# not kept in git, this script writes it into the build copy from dkms.conf,
# and debian/rules refuses to build when the two differ.
#
# Output: build/vfsmod-tools_<version>_<arch>.deb and
# build/vfsmod-dkms_<version>_all.deb (the last two lines printed, the
# dkms package's path last); lintian's verdict is printed when lintian is
# in the build root.
#
# Environment: VFSMOD_ROOTS, VFSMOD_DEB_SUITE (bookworm), VFSMOD_DEB_OUT
# (<repo>/build), VFSMOD_MIRROR (else tests/harness/mirror.sh decides).
set -eu

. "$(dirname "$0")/../tests/harness/chroot.sh"

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
suite=${VFSMOD_DEB_SUITE:-bookworm}
roots=${VFSMOD_ROOTS:-/var/tmp/vfsmod-roots}
root=$roots/deb-build-$suite
marker=$root/.vfsmod-debroot-complete
out=${VFSMOD_DEB_OUT:-$repo/build}
# Changing this list rebuilds the root (the marker records it).
pkgs="build-essential debhelper dh-dkms dpkg-dev lintian pkg-config libtracefs-dev libtraceevent-dev"

die() { echo "build-deb: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "must run as root (debootstrap, chroot)"

version=$(sed -n 's/^PACKAGE_VERSION="\{0,1\}\([^"]*\)"\{0,1\}[[:space:]]*$/\1/p' "$repo/dkms.conf" | head -n 1)
[ -n "$version" ] || die "no PACKAGE_VERSION in $repo/dkms.conf"
# A native package: the Debian version is the upstream version, no revision.
echo "$version" | grep -Eq '^[0-9][A-Za-z0-9.+~]*$' ||
	die "PACKAGE_VERSION '$version' in dkms.conf is not a valid native Debian version"


mkdir -p "$roots"
# One user of the build root at a time.
exec 9>"$root.lock"
if ! flock -n 9; then
	echo "build-deb: $root is busy (lock $root.lock), waiting"
	flock 9
fi
trap 'umount_api "$root"' EXIT

# --- the build root --------------------------------------------------------

if [ "$(cat "$marker" 2>/dev/null)" != "$pkgs" ]; then
	command -v debootstrap >/dev/null || die "host tool debootstrap missing (apt-get install debootstrap)"
	mirror=$("$repo/tests/harness/mirror.sh") || die "no Debian mirror (set VFSMOD_MIRROR)"
	echo "build-deb: making build root $root ($suite, from $mirror; about 1-2 min)"
	t0=$(date +%s)
	umount_api "$root"
	rm -rf --one-file-system "$root"
	debootstrap --variant=minbase "$suite" "$root" "$mirror" >"$root.debootstrap.log" 2>&1 || {
		tail -n 20 "$root.debootstrap.log" >&2
		die "debootstrap failed (log $root.debootstrap.log)"
	}
	echo "deb $mirror $suite main" >"$root/etc/apt/sources.list"
	printf '%s\n' 'Acquire::Check-Valid-Until "false";' 'APT::Install-Recommends "false";' \
		>"$root/etc/apt/apt.conf.d/99vfsmod"
	# Rebuilt, never repaired: no fsync per unpacked file.
	echo force-unsafe-io >"$root/etc/dpkg/dpkg.cfg.d/99vfsmod"
	mount_api "$root" || die "cannot mount /proc /sys /dev in $root"
	{ in_root "$root" apt-get update && in_root "$root" apt-get install -y $pkgs; } >"$root.apt.log" 2>&1 || {
		tail -n 30 "$root.apt.log" >&2
		die "installing $pkgs failed (log $root.apt.log)"
	}
	in_root "$root" apt-get clean
	umount_api "$root"
	echo "$pkgs" >"$marker"
	echo "build-deb: build root ready in $(( $(date +%s) - t0 ))s"
fi

# --- the source copy -------------------------------------------------------

# The working tree's files (tracked plus untracked, not ignored), without
# build output; debian/rules picks what goes into /usr/src.
tree_files() {
	if git -C "$repo" rev-parse --git-dir >/dev/null 2>&1; then
		git -C "$repo" ls-files -z -co --exclude-standard
	else
		(cd "$repo" && find . -type f ! -path './.git/*' -printf '%P\0')
	fi | while IFS= read -r -d '' f; do
		case $f in build/*|.git/*) continue ;; esac
		[ -f "$repo/$f" ] && printf '%s\0' "$f"
	done
}

bdir=/build/vfsmod-$version
rm -rf --one-file-system "$root/build"
mkdir -p "$root$bdir"
tree_files | tar -C "$repo" --null -T - -cf - | tar -C "$root$bdir" -xf -
[ -x "$root$bdir/debian/rules" ] || die "debian/rules missing or not executable"

# debian/changelog from dkms.conf.  Its date (and so SOURCE_DATE_EPOCH, the
# mtimes in the .deb) is dkms.conf's last commit, else HEAD's, else now.
maint=$(sed -n 's/^Maintainer:[[:space:]]*//p' "$repo/debian/control" | head -n 1)
[ -n "$maint" ] || die "no Maintainer in debian/control"
when=$(git -C "$repo" log -1 --format=%ct -- dkms.conf 2>/dev/null || true)
[ -n "$when" ] || when=$(git -C "$repo" log -1 --format=%ct 2>/dev/null || true)
[ -n "$when" ] || when=$(date +%s)
rev=$(git -C "$repo" describe --always --dirty 2>/dev/null || echo unknown)
cat >"$root$bdir/debian/changelog" <<EOF
vfsmod ($version) unstable; urgency=medium

  * vfsmod $version (version from dkms.conf), git $rev.

 -- $maint  $(LC_ALL=C date -u -R -d "@$when")
EOF

# --- build -----------------------------------------------------------------

log=$out/build-deb.log
mkdir -p "$out"
# build/ holds only generated files: keep it out of git without touching
# the top-level .gitignore.
[ -f "$out/.gitignore" ] || echo '*' >"$out/.gitignore"
deb=vfsmod-dkms_${version}_all.deb
arch=$(in_root "$root" dpkg --print-architecture)
tdeb=vfsmod-tools_${version}_$arch.deb
echo "build-deb: building $deb and $tdeb in $root (log $log)"
t0=$(date +%s)
mount_api "$root" || die "cannot mount /proc /sys /dev in $root"
if ! in_root "$root" sh -c "cd $bdir && dpkg-buildpackage -b -us -uc" >"$log" 2>&1; then
	tail -n 25 "$log" >&2
	die "dpkg-buildpackage failed (log $log)"
fi
for d in $deb $tdeb; do
	[ -f "$root/build/$d" ] || die "dpkg-buildpackage made no $d (log $log)"
done
if in_root "$root" sh -c 'command -v lintian' >/dev/null 2>&1; then
	echo "### lintian" >>"$log"
	if in_root "$root" lintian --allow-root --fail-on error --info "/build/$deb" "/build/$tdeb" >"$out/lintian.log" 2>&1; then
		n=$(grep -c '^[EWIP]:' "$out/lintian.log" || true)
		echo "build-deb: lintian: no errors ($n other tags, $out/lintian.log)"
	else
		cat "$out/lintian.log" >&2
		die "lintian found errors ($out/lintian.log)"
	fi
fi
umount_api "$root"
cp "$root/build/$deb" "$root/build/$tdeb" "$out/"
rm -rf --one-file-system "$root/build"
echo "build-deb: built in $(( $(date +%s) - t0 ))s; contents:"
for d in $tdeb $deb; do
	echo " $d:"
	dpkg-deb -c "$out/$d" | awk '{ print "  " $NF }'
done
# The dkms package's path last (tests/package/package-test.sh reads it).
echo "$out/$tdeb"
echo "$out/$deb"
