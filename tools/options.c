// SPDX-License-Identifier: GPL-2.0-only
/*
 * options.c - vfsmod-top's command line.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vfsmod-top.h"

const char *const sort_names[] = {
	"bytes", "reads", "writes", "rbytes", "wbytes", "opens", NULL
};

const enum sort_key sort_order[NR_SORT_KEYS] = {
	SORT_BYTES, SORT_RBYTES, SORT_WBYTES, SORT_READS, SORT_WRITES, SORT_OPENS
};

struct options opt = { .delay = 1.0 };

static void usage(FILE *f)
{
	fprintf(f,
"Usage: " PROG " [OPTIONS]\n"
"Live per-file I/O from the vfsmod trace events: the files with the most bytes\n"
"read + written in each interval, with reads, writes, opens, the top process,\n"
"its cgroup and the file's path.\n"
"\n"
"  -d, --delay SECS      interval between updates (default 1, fractions allowed)\n"
"  -n, --iterations N    stop after N intervals (default: run until stopped)\n"
"  -r, --rows N          files shown per interval (default: fit the screen; all\n"
"                        with --batch or --json)\n"
"  -s, --sort KEY        bytes (read + written, the default), rbytes, wbytes,\n"
"                        reads, writes or opens\n"
"  -a, --all             show pseudo files too: pipes, sockets, anon inodes\n"
"  -p, --pid PID         only this process (all its threads at start-up)\n"
"  -c, --comm COMM       only tasks named COMM (exactly, as in /proc/PID/comm)\n"
"  -f, --file GLOB       only files whose name (the last path component) matches\n"
"                        GLOB: *, ?, [...], \\ quotes the next character\n"
"      --fs DEV          only the filesystem DEV: MAJOR:MINOR, or a path on it\n"
"      --cgroup ID       only tasks in the cgroup v2 group ID (its id, or its\n"
"                        directory: /sys/fs/cgroup/system.slice, system.slice),\n"
"                        that group itself, not the groups below it\n"
"  -b, --batch           plain text, one block per interval, no screen control\n"
"                        (the default when standard output is not a terminal)\n"
"  -j, --json            one JSON object per interval per line, exact counts\n"
"      --raw             exact bytes and counts of the interval instead of units\n"
"                        (K, M, G) and rates per second (screen and --batch)\n"
"  -h, --help            this help\n"
"  -V, --version         print the version\n"
"      --print-filter    print the kernel filter the options make, and exit\n"
"\n"
"Keys on the screen: q quits; < and > sort by the column left or right; b, r, w,\n"
"R, W, o sort by bytes, rbytes, wbytes, reads, writes, opens; a shows or hides\n"
"pseudo files; space redraws.\n"
"\n"
"Columns: READ/s WRITE/s (or RBYTES WBYTES with --raw), READS WRITES OPENS,\n"
"DEV:INO, PROCESS (comm/pid of the task with the most bytes), CGROUP (that\n"
"task's cgroup: the last component of its path, or its id), FILE (the path as\n"
"the task sees it, escaped as vfsmod stores it; the name where the path is\n"
"empty or the module has no paths).  On the screen a long path is cut from\n"
"the left.\n"
"\n"
"-p, -c, -f, --fs and --cgroup may be repeated (ORed within a kind, ANDed\n"
"across kinds) and are pushed down to the kernel as event filters.  Needs root\n"
"and the vfsmod module (modprobe vfsmod).  Uses its own tracefs instance\n"
"(" PROG "-<pid>), removed on exit, Ctrl-C, SIGTERM and errors; other tracing\n"
"is left alone.\n"
"\n"
"Examples:\n"
"  " PROG "                          top files, refreshed every second\n"
"  " PROG " -s wbytes -f '*.log'     the busiest log files by bytes written\n"
"  " PROG " -c postgres --fs /var    what postgres does on /var's filesystem\n"
"  " PROG " --json -d 5 -n 12        one minute of 5-second JSON summaries\n"
"  " PROG " -s wbytes --cgroup system.slice/docker-ID.scope\n"
"                                    which files that container writes most\n"
"\n"
"See " PROG "(8).\n");
}

/* The positive number @arg of option @name, at most @max. */
static unsigned long long positive(const char *name, const char *arg, unsigned long long max,
				   const char *what)
{
	unsigned long long v;

	if (!parse_uint(arg, max, &v) || !v)
		usage_error("%s '%s': not a positive number of %s", name, arg, what);
	return v;
}

void parse_options(int argc, char **argv)
{
	enum { OPT_FS = 256, OPT_RAW, OPT_PRINT_FILTER, OPT_CGROUP };
	static const struct option longopts[] = {
		{ "delay", required_argument, NULL, 'd' },
		{ "iterations", required_argument, NULL, 'n' },
		{ "count", required_argument, NULL, 'N' },	/* the older name */
		{ "rows", required_argument, NULL, 'r' },
		{ "sort", required_argument, NULL, 's' },
		{ "all", no_argument, NULL, 'a' },
		{ "pid", required_argument, NULL, 'p' },
		{ "comm", required_argument, NULL, 'c' },
		{ "file", required_argument, NULL, 'f' },
		{ "fs", required_argument, NULL, OPT_FS },
		{ "cgroup", required_argument, NULL, OPT_CGROUP },
		{ "batch", no_argument, NULL, 'b' },
		{ "json", no_argument, NULL, 'j' },
		{ "raw", no_argument, NULL, OPT_RAW },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "print-filter", no_argument, NULL, OPT_PRINT_FILTER },
		{ NULL, 0, NULL, 0 }
	};
	bool batch = false, json = false;
	char *e;
	int c, i;

	while ((c = getopt_long(argc, argv, "d:n:N:r:s:ap:c:f:bjhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			errno = 0;
			opt.delay = strtod(optarg, &e);
			if (errno || e == optarg || *e || !isfinite(opt.delay) ||
			    opt.delay < 0.1 || opt.delay > 86400)
				usage_error("-d '%s': not a number of seconds from 0.1 to 86400", optarg);
			break;
		case 'n':
		case 'N':
			opt.iterations = (long)positive(c == 'n' ? "-n" : "-N", optarg, LONG_MAX,
							"iterations");
			break;
		case 'r':
			opt.rows = (int)positive("-r", optarg, 1000000, "rows");
			break;
		case 's':
			for (i = 0; sort_names[i]; i++)
				if (!strcmp(optarg, sort_names[i]))
					break;
			if (!sort_names[i])
				usage_error("-s '%s': sort by bytes, rbytes, wbytes, reads, writes or opens", optarg);
			opt.sort = (enum sort_key)i;
			break;
		case 'a':
			opt.all = true;
			break;
		case 'p':
			strlist_add(&opt.pids, optarg);
			break;
		case 'c':
			strlist_add(&opt.comms, optarg);
			break;
		case 'f':
			strlist_add(&opt.globs, optarg);
			break;
		case OPT_FS:
			strlist_add(&opt.devs, optarg);
			break;
		case OPT_CGROUP:
			strlist_add(&opt.cgroups, optarg);
			break;
		case 'b':
			batch = true;
			break;
		case 'j':
			json = true;
			break;
		case OPT_RAW:
			opt.raw = true;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		case 'V':
			printf("%s %s\n", PROG, VFSMOD_VERSION);
			exit(0);
		case OPT_PRINT_FILTER:
			opt.print_filter = true;
			break;
		default:
			fputs("Try '" PROG " --help'.\n", stderr);
			exit(2);
		}
	}
	if (optind < argc)
		usage_error("unexpected argument '%s'", argv[optind]);
	if (batch && json)
		usage_error("--batch and --json exclude each other");
	opt.mode = json ? OUT_JSON : batch || !isatty(STDOUT_FILENO) ? OUT_BATCH : OUT_SCREEN;
}
