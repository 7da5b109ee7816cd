// SPDX-License-Identifier: GPL-2.0-only
/*
 * path_reader STEP...
 *
 * Opens and reads files and prints the path, cgroup id and mount namespace
 * that vfsmod's events must carry for them, computed the way the kernel
 * shows them to user space: readlink(/proc/self/fd/N), stat(2) of the
 * cgroup directory, readlink(/proc/self/ns/mnt).  Steps, in order:
 *
 *   open:PATH	open PATH read-only and keep the descriptor
 *   chroot:DIR	chroot(DIR) and chdir("/") (the test mounts /proc in DIR)
 *   chdir:DIR	chdir(DIR) (relative opens of very long paths)
 *   dentry:DIR	print "dentry <stored path>": DIR's path as d_alloc's
 *		parent_path and vfs_rename's old_dir/new_dir carry it for
 *		this task (helpers.h dentry_path())
 *   read	read one byte from every descriptor kept (one vfs_read each;
 *		EISDIR for a directory is one too),
 *		then print "expect <ino> <stored path>" per descriptor
 *
 * Prints "pid N" first and "ctx cgroup_id=N mnt_ns=N" after the last
 * step (cgroup_id=0: not known, no cgroup2 directory to stat).  <stored path> is the path as vfsmod stores it (escaped,
 * include/vfsmod_path.h): the readlink text, with the \(unreachable) mark
 * in front where that path, looked up from our root, is not the file
 * (a file outside a chroot), and \(deleted) instead of " (deleted)".
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers.h"

#define MAX_FDS 64

static int fds[MAX_FDS], nfds;

static void die(const char *what, const char *arg)
{
	fprintf(stderr, "path_reader: %s %s: %s\n", what, arg, strerror(errno));
	exit(1);
}

static void expect(int fd)
{
	static char path[STORED_PATH_SIZE];
	struct stat a;

	if (fstat(fd, &a))
		die("fstat", "");
	printf("expect %llu %s\n", (unsigned long long)a.st_ino,
	       fd_path(fd, path));
}

int main(int argc, char **argv)
{
	unsigned long long cg = 0;
	unsigned long ns = 0;
	char c;
	int i, k;

	printf("pid %d\n", getpid());
	/* the cgroup is read before a chroot hides /sys */
	cg = ctx_cgroup_id();
	ns = ctx_mnt_ns();
	for (i = 1; i < argc; i++) {
		char *a = argv[i];

		if (!strncmp(a, "open:", 5)) {
			if (nfds == MAX_FDS)
				die("too many files", a);
			fds[nfds] = open(a + 5, O_RDONLY);
			if (fds[nfds] < 0)
				die("open", a + 5);
			nfds++;
		} else if (!strncmp(a, "chroot:", 7)) {
			if (chroot(a + 7) || chdir("/"))
				die("chroot", a + 7);
		} else if (!strncmp(a, "chdir:", 6)) {
			if (chdir(a + 6))
				die("chdir", a + 6);
		} else if (!strncmp(a, "dentry:", 7)) {
			static char dp[STORED_PATH_SIZE];

			printf("dentry %s\n", dentry_path(a + 7, dp));
		} else if (!strcmp(a, "read")) {
			/* a directory's read fails in vfs_read(): an event too */
			for (k = 0; k < nfds; k++)
				if (pread(fds[k], &c, 1, 0) < 0 && errno != EISDIR)
					die("read", a);
			for (k = 0; k < nfds; k++)
				expect(fds[k]);
		} else {
			fprintf(stderr, "path_reader: unknown step %s\n", a);
			return 2;
		}
	}
	printf("ctx cgroup_id=%llu mnt_ns=%lu\n", cg, ns);
	return 0;
}
