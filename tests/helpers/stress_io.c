// SPDX-License-Identifier: GPL-2.0-only
/*
 * stress_io [-s] write FILE N - exactly N write(2) calls of 1 byte each to
 *                               FILE (created or truncated first), at
 *                               positions 0 .. N-1
 * stress_io [-s] read FILE N  - exactly N pread(2) calls of 1 byte each
 *                               from FILE (at least 1 byte long), at
 *                               position i % size
 *
 * Before the first call it prints, on stdout (flushed):
 *
 *   pid <pid>
 *   ino <inode number>
 *   dev <major>:<minor>
 *   name <FILE's final component, escaped as vfsmod stores it>
 *   ctx cgroup_id=<id> mnt_ns=<ns>   (helpers.h)
 *   path <FILE's path as vfsmod stores it>
 *   size <FILE's size> (read only)
 *
 * and nothing after the calls (exit status 0: all N done).  So a test
 * knows, without the trace, the exact vfs_write events this pid causes
 * after the header: "vfs_write: dev=<dev> ino=<ino> pos=<i> count=1 ret=1
 * name=<name> tid=<pid> via=write cgroup_id=<id> mnt_ns=<ns> path=<path>"
 * for every i in 0 .. N-1 (reads: "vfs_read: ... pos=<i % size> ...
 * via=read ..."), and nothing else.
 *
 * -s: stop (SIGSTOP) after printing, before the first call, so that a
 * test can set a filter on the pid and continue it (kill -CONT).
 *
 * Exit status 1 if any call fails or is short (the error is printed on
 * stderr then).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "helpers.h"

static void die(const char *what, const char *arg)
{
	fprintf(stderr, "stress_io: %s %s: %s\n", what, arg, strerror(errno));
	exit(1);
}

int main(int argc, char **argv)
{
	int stop = 0, fd, wr;
	const char *file, *base;
	unsigned long n, i;
	static char escaped[ESCAPED_SIZE];
	static char stored[STORED_PATH_SIZE];
	struct stat st;
	char c = 'x';
	ssize_t r;

	if (argc > 1 && !strcmp(argv[1], "-s")) {
		stop = 1;
		argv++;
		argc--;
	}
	if (argc != 4 || (strcmp(argv[1], "write") && strcmp(argv[1], "read"))) {
		fprintf(stderr, "usage: stress_io [-s] write|read FILE N\n");
		return 2;
	}
	wr = !strcmp(argv[1], "write");
	file = argv[2];
	n = strtoul(argv[3], NULL, 0);

	fd = wr ? open(file, O_WRONLY | O_CREAT | O_TRUNC, 0644) : open(file, O_RDONLY);
	if (fd < 0)
		die("open", file);
	if (fstat(fd, &st))
		die("fstat", file);
	if (!wr && st.st_size < 1) {
		fprintf(stderr, "stress_io: %s is empty\n", file);
		return 1;
	}
	base = strrchr(file, '/');
	base = base ? base + 1 : file;
	printf("pid %d\nino %llu\ndev %u:%u\nname %s\nctx %s\npath %s\n",
	       (int)getpid(), (unsigned long long)st.st_ino, major(st.st_dev),
	       minor(st.st_dev), vfsmod_escape(base, escaped), ctx_fields(),
	       fd_path(fd, stored));
	if (!wr)
		printf("size %lld\n", (long long)st.st_size);
	fflush(stdout);
	if (stop)
		raise(SIGSTOP);

	for (i = 0; i < n; i++) {
		r = wr ? write(fd, &c, 1) : pread(fd, &c, 1, (off_t)(i % st.st_size));
		if (r != 1) {
			fprintf(stderr, "stress_io: %s call %lu of %s returned %zd: %s\n",
				wr ? "write" : "pread", i, file, r,
				r < 0 ? strerror(errno) : "short");
			return 1;
		}
	}
	if (close(fd))
		die("close", file);
	return 0;
}
