#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# description: the module builds against the kernel's own headers with W=1 (kbuild's extra warnings) and the root's gcc, the compiler the kernel was built with: no warning and no error, from vfsmod's files or from the headers they include
# Usage: w1.sh ROOT KVER VERSION (see lint-common.sh).
set -u
. "$(dirname "$0")/lint-common.sh"

lint_build w1 w1
rc=$?
lint_report w1 "$rc" || exit 1
objs=$(grep -c '^ *CC \[M\]' "$LINT_LOG")
echo "PASS W=1 build of $objs objects with $(in_root "$root" "$cc" -dumpfullversion 2>/dev/null || echo "$cc"): no diagnostics"
