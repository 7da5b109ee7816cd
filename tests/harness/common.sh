# SPDX-License-Identifier: GPL-2.0-only
#
# common.sh - host-side helpers shared by check.sh and demo.sh (sourced).
#
# Everything here runs on the host as root and touches only the cached
# roots ($VFSMOD_ROOTS, default /var/tmp/vfsmod-roots) and the work
# directory ($VFSMOD_WORK, default /var/tmp/vfsmod-run).  Kernels run only
# inside QEMU (TCG, single-threaded); nothing is ever loaded on the host.

HARNESS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HARNESS/../.." && pwd)
ROOTS=${VFSMOD_ROOTS:-/var/tmp/vfsmod-roots}
WORK=${VFSMOD_WORK:-/var/tmp/vfsmod-run}
# Debian's stock kernels: amd64 (make bench boots these) and arm64 (roots
# that run their programs under qemu-user, guests under
# qemu-system-aarch64).  A run of every kernel (make check, CI) takes them
# all; the debug kernel (make check-debug) runs only when named.
AMD64_TARGETS="bullseye bookworm trixie sid trixie-rt bookworm-cloud trixie-cloud"
ARM64_TARGETS="bookworm-arm64 trixie-arm64"
ALL_TARGETS="$AMD64_TARGETS $ARM64_TARGETS"
EXTRA_TARGETS="trixie-debug"
# The order check.sh starts them in: the longest guest runs first
# (one run's guests: the whole suite on arm64 22-25 min, bookworm 23, sid
# and trixie 20, bullseye 18; the smoke set 6-10, the short one 3-5).  A
# target whose root is not ready yet waits without holding a lane.
START_ORDER="trixie-debug sid trixie bookworm bullseye trixie-rt bookworm-cloud trixie-cloud bookworm-arm64 trixie-arm64"
QEMU=${VFSMOD_QEMU:-qemu-system-x86_64}
QEMU_ARM64=${VFSMOD_QEMU_ARM64:-qemu-system-aarch64}
GUEST_MEM=${VFSMOD_GUEST_MEM:-2048}
IMAGE_LABEL=vfsmodroot

now() { date +%s; }

# target_arch TARGET: the Debian architecture of TARGET's root and kernel
# (mkroot.sh builds a *-arm64 root for arm64).
target_arch() {
	case $1 in
	*-arm64) echo arm64 ;;
	*) echo amd64 ;;
	esac
}

# qemu_of TARGET: the QEMU system emulator that boots TARGET's kernel.
qemu_of() {
	case $(target_arch "$1") in
	arm64) echo "$QEMU_ARM64" ;;
	*) echo "$QEMU" ;;
	esac
}

. "$HARNESS/chroot.sh"

# tree_files: NUL-separated list of the working tree's files (tracked plus
# untracked non-ignored, existing ones only), relative to $REPO; every file
# when $REPO is not a git work tree (check.sh's snapshot).
tree_files() {
	if [ -e "$REPO/.git" ]; then
		git -C "$REPO" ls-files -z -co --exclude-standard |
		while IFS= read -r -d '' f; do
			[ -f "$REPO/$f" ] || [ -L "$REPO/$f" ] && printf '%s\0' "$f"
		done
	else
		(cd "$REPO" && find . -type f ! -path './.git/*' -printf '%P\0')
	fi
}

# copy_tree DEST: copy the working tree's files to DEST.
copy_tree() {
	mkdir -p "$1"
	tree_files | tar -C "$REPO" --null -T - -cf - | tar -C "$1" -xf -
}

# TESTS="PATTERN..." (check.sh's environment): run only the tests whose
# name (<area>/<name>) contains one of the blank-separated PATTERNs; the
# others are not even copied.
TEST_FILTER=$(printf '%s' "${TESTS:-}" | tr -s '[:space:]' ' ' | sed 's/^ //; s/ $//')

# test_selected NAME: whether TESTS selects test (or group) NAME.
test_selected() {
	local p pats
	[ -z "$TEST_FILTER" ] && return 0
	read -r -a pats <<<"$TEST_FILTER"
	for p in "${pats[@]}"; do
		case $1 in *"$p"*) return 0 ;; esac
	done
	return 1
}

# list_tests: the expected test names (<area>/<name>), sorted.
list_tests() {
	local name
	tree_files | tr '\0' '\n' | sed -n 's|^tests/test\.d/\(.*\)\.tc$|\1|p' |
		while IFS= read -r name; do
			test_selected "$name" && echo "$name"
		done | LC_ALL=C sort
}

# The targets that run only a smoke set (why: tests/smoke-set).  A run of
# every target (no KERNELS, as CI) keeps the full suite for FULL_TARGETS
# and gives the others a smoke set, to stay in CI's time; the kernels
# KERNELS names run every test.  VFSMOD_SMOKE, when set, names the smoke
# targets itself (blank-separated; empty: none).
FULL_TARGETS="trixie sid"
if [ -n "${VFSMOD_SMOKE+set}" ]; then
	SMOKE_TARGETS=$VFSMOD_SMOKE
elif [ -n "${KERNELS:-}" ]; then
	SMOKE_TARGETS=
else
	SMOKE_TARGETS=
	for t in $ALL_TARGETS; do
		case " $FULL_TARGETS " in *" $t "*) ;; *) SMOKE_TARGETS+=" $t" ;; esac
	done
fi

# smoke_set_file TARGET: the smoke set TARGET runs: bullseye, the cloud
# and the arm64 kernels a shorter one, tests/smoke-set-short (why: there).
smoke_set_file() {
	case $1 in
	bullseye|*-cloud|*-arm64) echo "$REPO/tests/smoke-set-short" ;;
	*) echo "$REPO/tests/smoke-set" ;;
	esac
}

# read_set FILE: the test names of a set file, one a line.
read_set() {
	sed 's/#.*//; s/[[:space:]]//g; /^$/d' "$1" 2>/dev/null
}

# smoke_target TARGET: whether TARGET runs its smoke set only.
smoke_target() {
	case " $SMOKE_TARGETS " in *" $1 "*) return 0 ;; esac
	return 1
}

# test_for_target TARGET NAME: whether TARGET runs guest test NAME.
test_for_target() {
	test_selected "$2" || return 1
	smoke_target "$1" || return 0
	read_set "$(smoke_set_file "$1")" | grep -qxF -- "$2"
}

# target_tests TARGET: the guest tests TARGET runs, sorted.
target_tests() {
	local name
	list_tests | while IFS= read -r name; do
		test_for_target "$1" "$name" && echo "$name"
	done
}

# pkg_version: PACKAGE_VERSION from dkms.conf.
pkg_version() {
	sed -n 's/^[[:space:]]*PACKAGE_VERSION=["'\'']*\([^"'\'' ]*\).*/\1/p' \
		"$REPO/dkms.conf" 2>/dev/null | head -n 1
}

# root_kver TARGET: the kernel release of a complete root, else nothing.
root_kver() {
	cat "$ROOTS/$1/.vfsmod-root-complete" 2>/dev/null
}

# build_way TARGET: how vfsmod gets into TARGET's root.  "dkms": DKMS
# builds it in the root, as users install it.  "cross": vfsmod is
# cross-built in the suite's amd64 root (prepare_cross), as Debian's arm64
# headers allow, for the targets in CROSS_TARGETS: check.sh puts there the
# arm64 targets that run the smoke set (VFSMOD_SMOKE), where under qemu-user
# the DKMS build and the two build checks take 15-20 minutes (natively 2).
CROSS_TARGETS=
build_way() {
	case " $CROSS_TARGETS " in
	*" $1 "*) echo cross ;;
	*) echo dkms ;;
	esac
}

# cross_host TARGET: the amd64 root a cross-built TARGET is built in (its
# suite's: the same kbuild programs and common headers, same versions).
cross_host() {
	echo "${1%-"$(target_arch "$1")"}"
}

# prepare_root TARGET LOG: install the working tree's vfsmod into the root
# (build_way), build the helpers and copy the guest side of the tests.
# All chroot output goes to LOG.  Returns 1 (after printing the reason and
# the tail of the module's make.log) when the module does not build.
# Caller holds the root's lock and has mounted the API filesystems; a
# cross build also takes its host root's (cross_done gives it back).
prepare_root() {
	local t=$1 log=$2 root=$ROOTS/$1 kver ver v f d name
	kver=$(root_kver "$t")
	ver=$(pkg_version)
	PREP_ERR=
	if ! foreign_ready "$(target_arch "$t")" 2>>"$log"; then
		PREP_ERR="cannot run $(target_arch "$t") programs in the root (qemu-user-static, binfmt_misc; log $log)"
		echo "$t: $PREP_ERR"
		return 1
	fi
	if [ -z "$ver" ]; then
		PREP_ERR="no PACKAGE_VERSION in dkms.conf"
		echo "$t: $PREP_ERR" | tee -a "$log"
		return 1
	fi

	# Remove every previous vfsmod from the root.
	for v in $(ls "$root/var/lib/dkms/vfsmod" 2>/dev/null); do
		[ -d "$root/var/lib/dkms/vfsmod/$v" ] && [ ! -L "$root/var/lib/dkms/vfsmod/$v" ] || continue
		case $v in original_module|kernel-*) continue ;; esac
		in_root "$root" dkms remove -m vfsmod -v "$v" --all >>"$log" 2>&1 || true
	done
	rm -rf "$root"/usr/src/vfsmod-* "$root/var/lib/dkms/vfsmod"
	find "$root/lib/modules/$kver" -name 'vfsmod.ko*' -delete 2>/dev/null

	copy_tree "$root/usr/src/vfsmod-$ver"
	case $(build_way "$t") in
	cross)	prepare_cross "$t" "$log" || return 1 ;;
	*)	install_dkms "$t" "$log" || return 1 ;;
	esac

	# Guest side: runner, library, test cases, helpers, init.
	rm -rf "$root/vfsmod-tests" "$root/var/log/vfsmod-tests"
	mkdir -p "$root/vfsmod-tests/bin" "$root/vfsmod-tests/src"
	tree_files | tr '\0' '\n' | grep -E '^tests/(run|lib/.*|test\.d/.*|helpers/.*)$' |
	while IFS= read -r f; do
		case $f in
		tests/test.d/*.tc)
			name=${f#tests/test.d/}
			test_for_target "$t" "${name%.tc}" || continue ;;
		esac
		d=${f#tests/}
		d=${d/#helpers\//src/}
		mkdir -p "$root/vfsmod-tests/$(dirname "$d")"
		cp -a "$REPO/$f" "$root/vfsmod-tests/$d"
	done
	cp "$REPO/tests/harness/guest-init" "$root/vfsmod-tests/guest-init"
	# 60tools/readme_oneliners runs the README's one-liners verbatim.
	cp "$REPO/README.md" "$root/vfsmod-tests/README.md"
	chmod +x "$root/vfsmod-tests/guest-init" "$root/vfsmod-tests/run" 2>/dev/null
	printf 'TARGET=%s\nKVER=%s\n' "$t" "$kver" >"$root/vfsmod-tests/env"
	[ "$t" != trixie-debug ] ||
		echo "VFSMOD_TIMEOUT_SCALE=${VFSMOD_DEBUG_TIMEOUT_SCALE:-4}" >>"$root/vfsmod-tests/env"
	# The helpers escape names and mark paths with the module's own rules.
	cp "$REPO/include/vfsmod_name.h" "$REPO/include/vfsmod_path.h" "$root/vfsmod-tests/src/"
	build_helpers "$t" "$log"
	if grep -qs vfsmod-top "$root"/vfsmod-tests/test.d/*/*.tc; then
		build_tools "$t" "$log"
	fi
	return 0
}

# install_dkms TARGET LOG: dkms add, build and install the tree copied to
# the root's /usr/src/vfsmod-<version>.
install_dkms() {
	local t=$1 log=$2 root=$ROOTS/$1 kver ver rc=0 ml
	kver=$(root_kver "$t")
	ver=$(pkg_version)
	{
		echo "### dkms add/build/install vfsmod/$ver for $kver"
		in_root "$root" dkms add -m vfsmod -v "$ver" &&
		in_root "$root" dkms build -m vfsmod -v "$ver" -k "$kver" &&
		in_root "$root" dkms install -m vfsmod -v "$ver" -k "$kver"
	} >>"$log" 2>&1 || rc=$?
	[ "$rc" = 0 ] && return 0
	PREP_ERR="dkms build failed"
	echo "$t: dkms add/build/install failed ($rc); log $log"
	tail -n 8 "$log" | sed "s/^/$t:   dkms: /"
	ml=$root/var/lib/dkms/vfsmod/$ver/build/make.log
	if [ -f "$ml" ]; then
		cp "$ml" "$WORK/$t/make.log"
		echo "$t: tail of make.log ($WORK/$t/make.log):"
		tail -n 30 "$ml" | sed "s/^/$t:   make: /"
	fi
	return 1
}

# Where a cross build works in its host root, and the GNU triplet and
# Debian cross libc of each foreign architecture.
CROSS_DIR=/tmp/vfsmod-cross
cross_gnu() {
	case $1 in
	arm64) echo aarch64-linux-gnu ;;
	esac
}

# pkg_ver ROOT PACKAGE: PACKAGE's installed version in ROOT (read by the
# host's dpkg: no program of a foreign root runs).
pkg_ver() {
	dpkg-query --admindir="$1/var/lib/dpkg" -W -f='${db:Status-Abbrev}${Version}' "$2" 2>/dev/null |
		sed -n 's/^ii *//p'
}

# prepare_cross TARGET LOG: build vfsmod for TARGET (a foreign root) in
# its amd64 host root: the root's own arm64 headers, with their symlinks
# to kbuild's programs pointed at the host root's amd64 build of the same
# linux-kbuild package, the suite's cross gcc of the version the headers
# name (installed in the host root here), the BTF of the root's kernel
# image; then install vfsmod.ko in the root (depmod).  Takes the host
# root's lock and mounts its API filesystems: cross_done.  Sets
# CROSS_ROOT and CROSS_VARS (what the build checks need).
prepare_cross() {
	local t=$1 log=$2 root=$ROOTS/$1 h hroot kver ver arch gnu cc hdr kbuild p l v1 v2 pkgs missing= x=$CROSS_DIR btf=
	h=$(cross_host "$t")
	hroot=$ROOTS/$h
	kver=$(root_kver "$t")
	ver=$(pkg_version)
	arch=$(target_arch "$t")
	gnu=$(cross_gnu "$arch")
	hdr=$root/usr/src/linux-headers-$kver
	echo "### cross build of vfsmod/$ver for $kver in the $h root" >>"$log"
	if [ -z "$(root_kver "$h")" ]; then
		PREP_ERR="no $h root to cross-build in"
		echo "$t: $PREP_ERR" | tee -a "$log"
		return 1
	fi
	# The directory of kbuild's programs (scripts and tools link there:
	# /usr/lib/linux-kbuild-X), named after its package, and the common
	# headers the Makefile includes: the same packages in both roots.
	kbuild=$(realpath -sm "/usr/src/linux-headers-$kver/$(readlink "$hdr/scripts")/..")
	for p in "${kbuild##*/}" \
		 "$(sed -n 's|^include /usr/src/\([^/]*\)/Makefile$|\1|p' "$hdr/Makefile")"; do
		v1=$(pkg_ver "$root" "$p")
		v2=$(pkg_ver "$hroot" "$p")
		if [ -z "$p" ] || [ -z "$v1" ] || [ "$v1" != "$v2" ]; then
			PREP_ERR="cannot cross-build: ${p:-the kbuild or common headers package} is ${v1:-not installed} in the $t root, ${v2:-not installed} in the $h root (rebuild the older root)"
			echo "$t: $PREP_ERR" | tee -a "$log"
			return 1
		fi
	done
	cc=$(headers_cc "$hdr")
	if [ -z "$cc" ] || [ -z "$gnu" ]; then
		PREP_ERR="cannot cross-build: no compiler named in $hdr/.kernelvariables, or no GNU triplet known for $arch"
		echo "$t: $PREP_ERR" | tee -a "$log"
		return 1
	fi
	pkgs="$cc-$gnu libc6-dev-$arch-cross"
	exec 9>"$ROOTS/$h.lock"
	flock 9
	CROSS_ROOT=$hroot
	if ! mount_api "$hroot" 2>>"$log"; then
		PREP_ERR="cannot mount /proc /sys /dev in the $h root"
		echo "$t: $PREP_ERR"
		return 1
	fi
	for p in $pkgs; do
		[ -n "$(pkg_ver "$hroot" "$p")" ] || missing=1
	done
	if [ -n "$missing" ] &&
	   ! { in_root "$hroot" apt-get update &&
	       in_root "$hroot" apt-get install -y --no-upgrade $pkgs &&
	       in_root "$hroot" apt-get clean; } >>"$log" 2>&1; then
		PREP_ERR="apt-get install $pkgs failed in the $h root (log $log)"
		echo "$t: $PREP_ERR"
		return 1
	fi
	rm -rf "${hroot:?}$x"
	mkdir -p "$hroot$x"
	cp -a "$hdr" "$hroot$x/"
	for l in scripts tools; do
		ln -sfn "$kbuild/$l" "$hroot$x/linux-headers-$kver/$l"
	done
	# The headers of 6.12 on carry a BTF vmlinux; else the image has it.
	if [ ! -f "$hdr/vmlinux" ]; then
		cp "$root/boot/vmlinuz-$kver" "$hroot$x/"
		btf="VFSMOD_BTF=$x/vmlinuz-$kver"
	fi
	cp -a "$root/usr/src/vfsmod-$ver" "$hroot$x/"
	CROSS_VARS="ARCH=$arch CROSS_COMPILE=$gnu-"
	CROSS_CC=$gnu-$cc
	CROSS_KDIR=$x/linux-headers-$kver
	CROSS_SRC=$x/vfsmod-$ver
	if ! in_root "$hroot" $btf make -C "$CROSS_SRC" KDIR="$CROSS_KDIR" $CROSS_VARS \
		>"$WORK/$t/make.log" 2>&1; then
		cat "$WORK/$t/make.log" >>"$log"
		PREP_ERR="cross build failed"
		echo "$t: cross build in the $h root failed; tail of make.log ($WORK/$t/make.log):"
		tail -n 30 "$WORK/$t/make.log" | sed "s/^/$t:   make: /"
		return 1
	fi
	cat "$WORK/$t/make.log" >>"$log"
	install -D -m 644 "$hroot$CROSS_SRC/module/vfsmod.ko" "$root/lib/modules/$kver/updates/vfsmod.ko"
	echo "### depmod $kver" >>"$log"
	in_root "$root" depmod -a "$kver" >>"$log" 2>&1
}

# cross_done: what prepare_cross took: the host root's mounts, files and
# lock.
cross_done() {
	[ -n "${CROSS_ROOT:-}" ] || return 0
	rm -rf "${CROSS_ROOT:?}$CROSS_DIR" "$CROSS_ROOT"/tmp/vfsmod-w1 "$CROSS_ROOT"/tmp/vfsmod-sparse
	umount_api "$CROSS_ROOT"
	CROSS_ROOT=
	exec 9>&-
}

# build_helpers TARGET LOG: tests/helpers/*.c, static, into the root's
# /vfsmod-tests/bin: with the root's gcc, or a cross build's.
build_helpers() {
	local t=$1 log=$2 root=$ROOTS/$1 c name broot=$ROOTS/$1 src=/vfsmod-tests/src gcc=gcc
	if [ "$(build_way "$t")" = cross ]; then
		broot=$CROSS_ROOT
		src=$CROSS_DIR/helpers
		gcc=$CROSS_CC
		rm -rf "${broot:?}$src"
		cp -a "$root/vfsmod-tests/src" "$broot$src"
	fi
	for c in "$broot$src"/*.c; do
		[ -f "$c" ] || continue
		name=$(basename "$c" .c)
		echo "### helper $name" >>"$log"
		if in_root "$broot" sh -c "cd $src && $gcc -O2 -static -pthread -Wall -o $name $name.c" \
			>>"$log" 2>&1; then
			mv "$broot$src/$name" "$root/vfsmod-tests/bin/$name"
		else
			echo "$t: helper $name.c does not build (log $log):"
			sed -n "/^### helper $name\$/,\$p" "$log" | tail -n 10 | sed "s/^/$t:   gcc: /"
		fi
	done
}

# build_tools TARGET LOG: build tools/ (vfsmod-top) in the root, against the
# root's own libtracefs and libtraceevent, into /vfsmod-tests/bin.  Roots
# made before mkroot.sh listed those packages get them here.  When the tool
# cannot be built, /vfsmod-tests/bin/vfsmod-top.missing says why (the test
# reports it).  Caller holds the root's lock and has mounted /proc etc.
TOOLS_PKGS="pkg-config libtracefs-dev libtraceevent-dev"
build_tools() {
	local t=$1 log=$2 root=$ROOTS/$1 why= f
	echo "### tools" >>"$log"
	if ! in_root "$root" dpkg-query -W $TOOLS_PKGS >/dev/null 2>&1; then
		{
			in_root "$root" apt-get update &&
			in_root "$root" apt-get install -y $TOOLS_PKGS &&
			in_root "$root" apt-get clean
		} >>"$log" 2>&1 || why="apt-get install $TOOLS_PKGS failed in the root (log $log)"
	fi
	rm -rf "$root/vfsmod-tests/tools"
	mkdir -p "$root/vfsmod-tests/tools"
	tree_files | tr '\0' '\n' | grep -E '^(tools/[^/]+|include/vfsmod_name\.h)$' | while IFS= read -r f; do
		cp -a "$REPO/$f" "$root/vfsmod-tests/tools/"
	done
	rm -f "$root/vfsmod-tests/tools/vfsmod-top"
	if [ -z "$why" ] && ! in_root "$root" make -C /vfsmod-tests/tools VERSION="$(pkg_version)" \
		>"$root/vfsmod-tests/tools/make.log" 2>&1; then
		why=$(grep -m 1 '^tools: ' "$root/vfsmod-tests/tools/make.log")
		why=${why:-"make -C tools failed (log $log)"}
	fi
	cat "$root/vfsmod-tests/tools/make.log" >>"$log" 2>/dev/null
	if [ -z "$why" ]; then
		cp "$root/vfsmod-tests/tools/vfsmod-top" "$root/vfsmod-tests/bin/vfsmod-top"
	else
		echo "$why" >"$root/vfsmod-tests/bin/vfsmod-top.missing"
		echo "$t: vfsmod-top not built: $why"
	fi
}

# make_image TARGET IMG: an ext4 image of the root (mkfs.ext4 -d, no mount).
make_image() {
	local root=$ROOTS/$1 img=$2 mb
	mb=$(du -sm "$root" | cut -f1)
	mb=$(( mb * 3 / 2 + 1024 ))
	[ "$mb" -lt 4096 ] && mb=4096
	rm -f "$img"
	mkfs.ext4 -q -F -L "$IMAGE_LABEL" -d "$root" "$img" "${mb}M"
}

# boot_guest TARGET IMG SERIAL TIMEOUT [EXTRA_APPEND]: boot the root's own
# kernel and initrd on IMG under TCG.  SERIAL is a QEMU -serial argument
# (file:PATH or stdio).  Killed after TIMEOUT seconds (exit status 124).
boot_guest() {
	local t=$1 img=$2 serial=$3 tmo=$4 extra=${5:-} root=$ROOTS/$1 kver mem=$GUEST_MEM
	local boot rootdev mach console
	kver=$(root_kver "$t")
	boot=(-initrd "$root/boot/initrd.img-$kver")
	rootdev=LABEL=$IMAGE_LABEL
	case $(target_arch "$t") in
	arm64)
		# The virt board (GIC, PL011 UART ttyAMA0, virtio over PCIe)
		# and every CPU feature TCG emulates.  Pointer authentication
		# with the implementation-defined algorithm: Debian's arm64
		# kernels sign and check the return address in (nearly) every
		# function, and TCG computes the architected QARMA cipher for
		# each of those.
		mach=(-M virt -cpu max,pauth-impdef=on)
		console=ttyAMA0 ;;
	*)
		mach=()
		console=ttyS0 ;;
	esac
	case $t in
	trixie-debug)
		# KASAN's shadow takes an eighth of the memory, kmemleak and
		# lockdep their tables; a log buffer that holds the whole run
		# for 99final.
		mem=${VFSMOD_DEBUG_GUEST_MEM:-3072}
		extra="log_buf_len=16M $extra"
		# virtio-blk and ext4 are built in: no initramfs, whose udev
		# takes over three minutes on this kernel under TCG.
		boot=()
		rootdev=/dev/vda ;;
	esac
	# A poll queue on the disk (5.18 and later), so that io_uring's
	# IORING_SETUP_IOPOLL requests on ext4 really poll (17coverage/io_uring).
	[ "$t" = bullseye ] || extra="virtio_blk.poll_queues=1 $extra"
	timeout -k 10 "$tmo" "$(qemu_of "$t")" "${mach[@]}" \
		-accel tcg,thread=single -smp 2 -m "$mem" \
		-nodefaults -no-reboot -display none -monitor none \
		-kernel "$root/boot/vmlinuz-$kver" "${boot[@]}" \
		-drive "file=$img,format=raw,if=virtio,cache=unsafe" \
		-serial "$serial" \
		-append "root=$rootdev rw console=$console init=/vfsmod-tests/guest-init panic=-1 $extra"
}

# strip_escapes: filter terminal escape sequences and CRs out of a log.
strip_escapes() {
	sed -u -e 's/\x1b\[[0-9;?]*[A-Za-z]//g' -e 's/\x1b[()][A-Za-z0-9]//g' \
		-e 's/\x1b[=>c78]//g' -e 's/\r//g'
}
