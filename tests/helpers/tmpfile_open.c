// SPDX-License-Identifier: GPL-2.0-only
/*
 * tmpfile_open DIR - open an unnamed file in DIR with O_TMPFILE (the open
 * goes vfs_tmpfile() -> finish_open(), never through vfs_open()) and
 * print what its vfsmod:vfs_open event must carry:
 *
 *   pid <pid>
 *   ino <inode number>  dev <major>:<minor>  flags 0x<f_flags>
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "helpers.h"

int main(int argc, char **argv)
{
	struct stat st;
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: tmpfile_open DIR\n");
		return 2;
	}
	fd = open(argv[1], O_TMPFILE | O_RDWR, 0600);
	if (fd < 0 || fstat(fd, &st)) {
		perror("tmpfile_open: O_TMPFILE");
		return 1;
	}
	printf("pid %d\nino %llu dev %u:%u flags 0x%x\n", getpid(),
	       (unsigned long long)st.st_ino, major(st.st_dev),
	       minor(st.st_dev), fd_flags(fd));
	close(fd);
	return 0;
}
