#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# module_btf.sh KDIR KO [MAKEVAR=value ...] - give KO the BTF kbuild could not.
#
# With its own BTF, vfsmod's raw tracepoints have typed arguments for BPF
# (tp_btf programs, bpftrace rawtracepoint:vfsmod:*, docs/events.md).
# kbuild writes a module's BTF (pahole -J --btf_base vmlinux) only when KDIR
# holds a vmlinux: Debian's 6.12 and 7.x headers ship a BTF-only one, 6.1's
# do not.  This writes it the same way against the kernel's own BTF, found
# as compat/layout.sh finds it (btf_vmlinux in lib.sh), when:
#   - KO has no .BTF yet;
#   - the kernel reads module BTF (CONFIG_DEBUG_INFO_BTF_MODULES: not
#     Debian's 5.10);
#   - it still loads a module whose BTF it finds wrong, without that BTF
#     (CONFIG_MODULE_ALLOW_BTF_MISMATCH, Debian's 6.1): a kernel without it
#     would refuse the module, so it never gets BTF this way;
#   - pahole is installed (Debian package dwarves).
# Else, or when pahole fails, KO stays as kbuild built it and one line says
# why: BTF never fails the build, nor the load.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
compat_args "$@"
ko=$out

say() { echo "btf: $(basename "$ko"): $*"; }
has_btf() { readelf -S "$1" 2>/dev/null | grep -q ' \.BTF  *PROGBITS'; }
kconfig() { grep -qx "$1=y" "$kdir/include/config/auto.conf" 2>/dev/null; }

[ -f "$ko" ] || { echo "btf: no $ko" >&2; exit 1; }
if has_btf "$ko"; then
	say "has BTF"
	exit 0
fi
if ! kconfig CONFIG_DEBUG_INFO_BTF_MODULES; then
	say "no BTF: $krel reads no module BTF (no CONFIG_DEBUG_INFO_BTF_MODULES)"
	exit 0
fi
if ! kconfig CONFIG_MODULE_ALLOW_BTF_MISMATCH; then
	say "no BTF: $krel would refuse the module if its BTF did not match (no CONFIG_MODULE_ALLOW_BTF_MISMATCH), and $kdir has no vmlinux to build it against"
	exit 0
fi
pahole=${PAHOLE:-pahole}
if ! command -v "$pahole" >/dev/null 2>&1; then
	say "no BTF: no pahole (install Debian's dwarves and rebuild)"
	exit 0
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/vfsmod-btf.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM
if ! btf_tool "$tmp" || ! btf_vmlinux "$tmp"; then
	say "no BTF: $btf_why"
	exit 0
fi

# The options this kernel's own build gives pahole for its modules.
flags=
if [ -x "$kdir/scripts/pahole-flags.sh" ]; then
	flags=$(PAHOLE=$pahole "$kdir/scripts/pahole-flags.sh" 2>/dev/null || true)
fi
# pahole takes its base as ELF or raw BTF, not as a kernel image (arm64's
# vmlinuz): hand it the raw BTF btf_vmlinux found.
if ! "$btf_layout" btf "$btf_file" >"$tmp/base.btf"; then
	say "no BTF: cannot copy the BTF out of $btf_src"
	exit 0
fi
cp "$ko" "$tmp/m.ko"
# shellcheck disable=SC2086
if LLVM_OBJCOPY=${cross_compile}objcopy "$pahole" -J $flags --btf_base "$tmp/base.btf" "$tmp/m.ko" \
	>"$tmp/pahole.log" 2>&1 && has_btf "$tmp/m.ko"; then
	cp "$tmp/m.ko" "$ko.tmp"
	mv -f "$ko.tmp" "$ko"
	say "BTF written by $("$pahole" --version) against $btf_src"
else
	sed 's/^/btf: pahole: /' "$tmp/pahole.log" >&2
	say "no BTF: pahole -J failed (the module is unchanged)"
fi
