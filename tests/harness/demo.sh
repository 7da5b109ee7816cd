#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# demo.sh - watch vfsmod events live: boot the trixie guest (or
# $DEMO_TARGET) with vfsmod built from this tree, enable every vfsmod event,
# run a small workload (echo, cat, mv, rm in a tmpfs directory) and stream
# trace_pipe to the serial console, shown here, for ~15 s; then power off.
#
# Usage: tests/harness/demo.sh   (or: make demo)
#        DEMO_SECONDS=30 DEMO_TARGET=sid tests/harness/demo.sh
set -u
. "$(dirname "$0")/common.sh"

kfirst=${KERNELS:-}; kfirst=${kfirst%% *}
t=${DEMO_TARGET:-${kfirst:-trixie}}
secs=${DEMO_SECONDS:-15}
w=$WORK/demo-$t
root=$ROOTS/$t

[ "$(id -u)" = 0 ] || { echo "demo: must run as root" >&2; exit 2; }
mkdir -p "$w"
"$HARNESS/mkroot.sh" "$t" || exit 1
kver=$(root_kver "$t")

exec 8>"$ROOTS/$t.lock"
flock 8
trap 'umount_api "$root"' EXIT
mount_api "$root" || exit 1
echo "demo: building vfsmod $(pkg_version) for $kver (log $w/prepare.log)…"
prepare_root "$t" "$w/prepare.log" || exit 1
umount_api "$root"

# The guest's command: guest-init runs it instead of the test runner.
cat >"$root/vfsmod-tests/guest-cmd" <<EOS
#!/bin/bash
cd /sys/kernel/tracing
echo 4 >/proc/sys/kernel/printk
modprobe vfsmod || { echo "demo: modprobe vfsmod failed"; dmesg | tail; exit 1; }
echo "demo: events: \$(ls events/vfsmod | grep -v -e enable -e filter | tr '\n' ' ')"
cat trace_pipe &
reader=\$!
# Leave out the reader's own reads of trace_pipe and writes to the console.
echo "common_pid != \$reader" >events/vfsmod/filter
echo 1 >events/vfsmod/enable
d=/mnt/vfsmod-tmpfs/demo
mkdir -p \$d
i=0
SECONDS=0
while [ \$SECONDS -lt $secs ]; do
	i=\$((i + 1))
	echo "hello \$i" >\$d/file-\$i
	cat \$d/file-\$i >/dev/null
	mv \$d/file-\$i \$d/renamed-\$i
	rm \$d/renamed-\$i
	sleep 1
done
echo 0 >events/vfsmod/enable
sleep 1
kill \$reader
echo "demo: \$i rounds of echo/cat/mv/rm in \$d"
EOS
chmod +x "$root/vfsmod-tests/guest-cmd"
echo "demo: making image…"
make_image "$t" "$w/image.ext4" >"$w/mkfs.log" 2>&1 || { cat "$w/mkfs.log"; exit 1; }
rm -f "$root/vfsmod-tests/guest-cmd"
exec 8>&-

echo "demo: booting $kver (TCG, ~30 s to boot); console below, also in $w/console.log"
boot_guest "$t" "$w/image.ext4" stdio $((secs + 300)) quiet </dev/null |
	tee "$w/console.log"
rm -f "$w/image.ext4"
