// SPDX-License-Identifier: GPL-2.0-only
/*
 * open_each [-e] [-s] [-m METHOD] FILE... - open every FILE exactly once and print
 * the vfs_open event each open must produce.
 *
 * The opens rotate through the ways user space reaches vfs_open():
 * open(O_RDONLY), openat(AT_FDCWD, relative, O_RDWR), open(O_WRONLY|O_APPEND),
 * openat2(RESOLVE_NO_SYMLINKS) and open(O_PATH); -m N uses only method N
 * (0-4).  All files stay open until every open is done; only then are
 * their flags read from /proc/self/fdinfo (the file's f_flags as the
 * kernel keeps them), so the test sees the opens of FILE... first.
 *
 * -s: stop (SIGSTOP) before the first open, so that a test can learn the
 * pid, set a filter and continue it (kill -CONT).
 *
 * -e: print names as vfsmod stores them (docs/events.md): every byte
 * outside printable ASCII (0x00-0x20, 0x7f-0xff), '=' and '\\' as \\xHH.
 *
 * Output: "pid N", then "expect vfs_open: dev=M:m ino=I flags=0xF ret=0
 * name=BASENAME cgroup_id=C mnt_ns=M path=PATH" per file (PATH as vfsmod
 * stores it, from readlink of /proc/self/fd/N: always escaped).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "helpers.h"

#ifndef SYS_openat2
#define SYS_openat2 437
#endif
#ifndef RESOLVE_NO_SYMLINKS
#define RESOLVE_NO_SYMLINKS 0x04
#endif

struct vm_open_how {
	uint64_t flags;
	uint64_t mode;
	uint64_t resolve;
};

static void die(const char *what, const char *arg)
{
	fprintf(stderr, "open_each: %s %s: %s\n", what, arg, strerror(errno));
	exit(1);
}

static const char *escaped(const char *name, int escape)
{
	static char buf[ESCAPED_SIZE];

	return escape ? vfsmod_escape(name, buf) : name;
}

static int open_one(const char *path, int method)
{
	char *d1 = strdup(path), *d2 = strdup(path);
	struct vm_open_how how;
	int fd = -1;

	if (!d1 || !d2)
		die("strdup", path);
	switch (method) {
	case 0:
		fd = open(path, O_RDONLY);
		break;
	case 1:
		/* a lookup relative to the working directory (chdir opens
		 * nothing, a directory fd would be one more vfs_open) */
		if (chdir(dirname(d1)))
			die("chdir to the directory of", path);
		fd = openat(AT_FDCWD, basename(d2), O_RDWR);
		if (chdir("/"))
			die("chdir", "/");
		break;
	case 2:
		fd = open(path, O_WRONLY | O_APPEND);
		break;
	case 3:
		memset(&how, 0, sizeof(how));
		how.flags = O_RDONLY;
		how.resolve = RESOLVE_NO_SYMLINKS;
		fd = syscall(SYS_openat2, AT_FDCWD, path, &how, sizeof(how));
		break;
	case 4:
		fd = open(path, O_PATH);
		break;
	}
	if (fd < 0)
		die("open", path);
	free(d1);
	free(d2);
	return fd;
}

int main(int argc, char **argv)
{
	int stop = 0, escape = 0, method = -1, opt, i, n;
	int *fds;

	while ((opt = getopt(argc, argv, "esm:")) != -1) {
		switch (opt) {
		case 's':
			stop = 1;
			break;
		case 'e':
			escape = 1;
			break;
		case 'm':
			method = atoi(optarg);
			if (method < 0 || method > 4) {
				fprintf(stderr, "open_each: -m 0..4\n");
				return 2;
			}
			break;
		default:
			fprintf(stderr, "usage: open_each [-e] [-s] [-m METHOD] FILE...\n");
			return 2;
		}
	}
	n = argc - optind;
	if (n < 1) {
		fprintf(stderr, "usage: open_each [-e] [-s] [-m METHOD] FILE...\n");
		return 2;
	}
	fds = calloc(n, sizeof(*fds));
	if (!fds)
		die("calloc", "");
	for (i = optind; i < argc; i++)
		if (argv[i][0] != '/') {
			fprintf(stderr, "open_each: %s: absolute paths only\n", argv[i]);
			return 2;
		}
	if (stop)
		raise(SIGSTOP);
	for (i = 0; i < n; i++)
		fds[i] = open_one(argv[optind + i], method >= 0 ? method : i % 5);

	printf("pid %d\n", (int)getpid());
	for (i = 0; i < n; i++) {
		static char path[STORED_PATH_SIZE];
		char *d = strdup(argv[optind + i]);
		struct stat st;

		if (!d || fstat(fds[i], &st))
			die("fstat", argv[optind + i]);
		printf("expect vfs_open: dev=%u:%u ino=%llu flags=0x%x ret=0 name=%s %s path=%s\n",
		       major(st.st_dev), minor(st.st_dev),
		       (unsigned long long)st.st_ino, fd_flags(fds[i]),
		       escaped(basename(d), escape), ctx_fields(),
		       fd_path(fds[i], path));
		free(d);
		close(fds[i]);
	}
	return 0;
}
