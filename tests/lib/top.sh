# SPDX-License-Identifier: GPL-2.0-only
#
# top.sh - shared by the vfsmod-top test cases (95tools):
# . "$VFSMOD_LIB/top.sh".

# top_require [python3]: set TOP to the vfsmod-top the harness built in
# the root (tests/harness/common.sh).  Where it could not be built,
# bullseye's documented refusal (its libtracefs is too old; tools/README.md
# asks for bookworm or later) ends the test with that line asserted; any
# other reason fails it.  With python3, the JSON checks' interpreter must
# be there too.
top_require() {
	TOP=$BIN/vfsmod-top
	if [ ! -x "$TOP" ]; then
		local why
		why=$(cat "$BIN/vfsmod-top.missing" 2>/dev/null || true)
		case $TARGET:$why in
		bullseye:"tools: libtracefs "*" is too old, vfsmod-top needs 1.6 or newer (Debian bookworm or later)")
			detail "not supported on bullseye, as documented: make tools stops with one line: $why"
			exit 0 ;;
		esac
		fail "vfsmod-top not built: ${why:-no $TOP}"
	fi
	if [ "${1:-}" = python3 ] && ! command -v python3 >/dev/null; then
		exit_unresolved "python3 (for the JSON checks) not installed"
	fi
}
