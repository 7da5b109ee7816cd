// SPDX-License-Identifier: GPL-2.0-only
/*
 * pseudo.c - which files are pseudo files: pipes, sockets, anon inodes
 * (eventfd, epoll, timerfd, io_uring, ...) and pidfds.  Their I/O is
 * interprocess traffic, not file I/O, and they are hidden unless -a.
 *
 * They live on the kernel's internal filesystems (pipefs, sockfs,
 * anon_inodefs, pidfs), which are never mounted, so their devices cannot
 * be looked up by name: make one of each and ask fstat(2).  A major of 0
 * alone would not do: tmpfs, btrfs, NFS, FUSE and overlayfs have it too.
 * A file that never had a name in the interval is a pseudo file as well
 * (docs/events.md: anonymous files have an empty name).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "vfsmod-top.h"

#define MAX_PSEUDO_DEVS 4
static uint32_t pseudo_devs[MAX_PSEUDO_DEVS];
static int nr_pseudo_devs;

/* Remember @fd's filesystem (as the kernel encodes it), then close @fd. */
static void add_dev_of(int fd)
{
	struct stat sb;
	uint32_t dev;
	int i;

	if (fd < 0)
		return;
	if (!fstat(fd, &sb)) {
		dev = major(sb.st_dev) << 20 | minor(sb.st_dev);
		for (i = 0; i < nr_pseudo_devs; i++)
			if (pseudo_devs[i] == dev)
				break;
		if (i == nr_pseudo_devs && nr_pseudo_devs < MAX_PSEUDO_DEVS)
			pseudo_devs[nr_pseudo_devs++] = dev;
	}
	close(fd);
}

/* Failures are ignored: that kind of file is then shown, nothing worse. */
void pseudo_init(void)
{
	int fds[2];

	if (!pipe2(fds, O_CLOEXEC)) {
		add_dev_of(fds[0]);
		close(fds[1]);
	}
	if (!socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds)) {
		add_dev_of(fds[0]);
		close(fds[1]);
	}
	add_dev_of(eventfd(0, EFD_CLOEXEC));
#ifdef SYS_pidfd_open
	/* pidfs since Linux 6.9; an anon inode before (already known). */
	add_dev_of((int)syscall(SYS_pidfd_open, getpid(), 0));
#endif
}

bool pseudo_file(uint32_t dev, const char *name)
{
	int i;

	if (!name || !name[0])
		return true;
	for (i = 0; i < nr_pseudo_devs; i++)
		if (dev == pseudo_devs[i])
			return true;
	return false;
}
