# SPDX-License-Identifier: GPL-2.0-only
#
# dalloc.sh - shared by the d_alloc_once_* tests (sourced): the lookup of
# new names, one d_alloc event each, while another hook sits on d_alloc.

. "$VFSMOD_LIB/values.sh"

N=100
dalloc_w=$(mktemp -d /tmp/vfsmod-dalloc.XXXXXX)
dalloc_tag=vfsmodda$$
# vfsmod's events go to an instance: the top-level buffer may belong to
# the function_graph tracer, which prints events in its own format.
DALLOC_INST=$TRACING/instances/vfsmod-dalloc
dalloc_cleanup() {
	[ -e "$DALLOC_INST" ] && echo 0 >"$DALLOC_INST/events/vfsmod/d_alloc/enable"
	rmdir "$DALLOC_INST" 2>/dev/null
	rm -rf -- "$dalloc_w" "$EXT4_DIR/${dalloc_tag}d" "$TMPFS_DIR/${dalloc_tag}d"
}

# dalloc_once HOOK: enable vfsmod's d_alloc, then run HOOK (which puts
# another hook on d_alloc), then look up N new names in a directory on
# ext4 and on tmpfs: each name must give exactly one d_alloc event, with
# the directory as parent.  Sets DALLOC_SUMMARY.
dalloc_once() {
	local fs dir pino dev i n end bad=0 total=0 me=$BASHPID
	for fs in "$EXT4_DIR" "$TMPFS_DIR"; do
		mkdir "$fs/${dalloc_tag}d"
	done
	mkdir "$DALLOC_INST"
	echo 1 >"$DALLOC_INST/events/vfsmod/d_alloc/enable"
	"$1"
	echo >"$DALLOC_INST/trace"
	for fs in "$EXT4_DIR" "$TMPFS_DIR"; do
		dir=$fs/${dalloc_tag}d
		# The shell's own stat(2): a lookup of a name not in the dcache.
		for i in $(seq 1 $N); do
			[ ! -e "$dir/$dalloc_tag-$i" ] || fail "$dir/$dalloc_tag-$i exists"
		done
	done
	echo 0 >"$DALLOC_INST/events/vfsmod/d_alloc/enable"
	cat "$DALLOC_INST/trace" >"$dalloc_w/trace"
	for fs in "$EXT4_DIR" "$TMPFS_DIR"; do
		dir=$fs/${dalloc_tag}d
		pino=$(stat -c %i "$dir")
		dev=$(vm_dev "$dir")
		end="$(tp_ctx) parent_path=$(tp_re "$(tp_dpath "$dir")")"
		for i in $(seq 1 $N); do
			n=$(grep -cE -- "-$me +\[[0-9]+\][^:]*: +d_alloc: dev=$dev parent_ino=$pino parent=${dalloc_tag}d name=$dalloc_tag-$i $end\$" "$dalloc_w/trace" || true)
			total=$((total + n))
			if [ "$n" != 1 ]; then
				echo "$dir/$dalloc_tag-$i: $n d_alloc events"
				grep -F -- "name=$dalloc_tag-$i" "$dalloc_w/trace" || true
				bad=$((bad + 1))
			fi
		done
	done
	[ "$bad" = 0 ] || fail "$bad of $((2 * N)) new names did not give exactly one d_alloc event ($total events for them)"
	check_dmesg_clean
	DALLOC_SUMMARY="$((2 * N)) new names on ext4 and tmpfs, one exact d_alloc event each"
}
