// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfsmod-top - a live per-file I/O view built on the vfsmod trace events.
 *
 * It creates its own tracefs instance (vfsmod-top-<pid>), enables
 * vfsmod:vfs_open, vfsmod:vfs_read and vfsmod:vfs_write there (plus
 * task:task_newtask and task:task_rename to name processes that have
 * exited), pushes the filters down to the kernel as event filters, reads
 * the binary per-CPU ring buffers (trace_pipe_raw, with read(2) through
 * libtracefs's tracefs_cpu) and decodes each record with libtraceevent
 * (kbuffer, tep_get_field_val, tep_get_field_raw).  Every -d SECS it shows
 * the files with the most bytes read + written in that interval.  On exit,
 * Ctrl-C, SIGTERM, SIGHUP or an error it disables its events and removes
 * its instance.  vfsmod-top.h says which file does what.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>

#include "vfsmod-top.h"

/* The output went wrong: a closed pipe (| head) ends quietly, else an error. */
static bool output_failed(void)
{
	if (!ferror(stdout))
		return false;
	if (errno == EPIPE)
		return true;
	die("cannot write the output: %s", strerror(errno));
}

int main(int argc, char **argv)
{
	int64_t start, end, next, t;
	long n = 0;

	parse_options(argc, argv);
	stats_init();

	/* Options are checked before anything is touched. */
	kernel_filter = build_filter("common_pid");
	rw_filter = build_filter("tid");
	if (opt.print_filter) {
		printf("%s\n", kernel_filter);
		return 0;
	}
	pseudo_init();
	setup_signals();
	setup();
	if (opt.mode == OUT_SCREEN)
		screen_start();

	start = now_ns();
	end = start + (int64_t)(opt.delay * 1e9);
	while (!stop_signal) {
		int key = -1;

		next = now_ns() + DRAIN_NS;
		if (next > end)
			next = end;
		t = next - now_ns();
		if (t > 0)
			key = screen_wait(t);	/* early on a key or a signal */
		if (stop_signal)
			break;
		if (opt.mode == OUT_SCREEN && (key >= 0 || screen_resized())) {
			enum key_action a = key >= 0 ? screen_key(key) : KEY_REDRAW;

			if (a == KEY_QUIT)
				break;
			/* The last interval again, as the key wants it. */
			if (a == KEY_REDRAW && shown.interval)
				print_interval(&shown);
			if (output_failed())
				break;
		}
		drain();
		if (now_ns() < end)
			continue;
		check_module();
		t = now_ns();
		stats_end_interval(++n, (double)(t - start) / 1e9);
		print_interval(&shown);
		if (output_failed())
			break;
		if (opt.iterations && n >= opt.iterations)
			break;
		start = t;
		end += (int64_t)(opt.delay * 1e9);
		if (end <= t)
			end = t + (int64_t)(opt.delay * 1e9);
	}
	cleanup();
	tep_free(tep);
	if (stop_signal && stop_signal != SIGINT && stop_signal != SIGTERM && stop_signal != SIGHUP)
		return 128 + stop_signal;
	return 0;
}
