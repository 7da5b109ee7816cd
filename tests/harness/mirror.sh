#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Print the Debian mirror this machine's own apt sources use, so that no
# mirror host is ever written into the repository.  VFSMOD_MIRROR overrides.
[ -n "${VFSMOD_MIRROR:-}" ] && { echo "$VFSMOD_MIRROR"; exit 0; }
m=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null |
	awk '/^URIs:/ { for (i = 2; i <= NF; i++) print $i }' |
	grep -v -e security -e '^#' | grep /debian | head -n 1)
[ -n "$m" ] || m=$(cat /etc/apt/sources.list 2>/dev/null |
	awk '$1 == "deb" && $0 !~ /security/ { for (i = 2; i <= NF; i++) if ($i ~ /^(https?|file):/) { print $i; exit } }' |
	head -n 1)
if [ -z "$m" ]; then
	echo "mirror.sh: no Debian mirror in /etc/apt/sources*; set VFSMOD_MIRROR" >&2
	exit 1
fi
echo "${m%/}"
