// SPDX-License-Identifier: GPL-2.0-only
/*
 * workload DIR - a known file workload whose every vfsmod event is predicted.
 *
 * Works in a new subdirectory DIR/vfsmodwl<pid>d and prints, on stdout:
 *
 *   pid <pid>
 *   tag <tag>                 (every name this run creates contains <tag>)
 *   expect <payload>          (one line per event, in trace output form:
 *                              "vfs_open: dev=8:1 ino=12 flags=0x8001 ret=0 name=x
 *                              cgroup_id=1 mnt_ns=4026531841 path=/d/x")
 *
 * The values come from stat(2)/fstat(2), /proc/self/fdinfo (the file's
 * f_flags as the kernel reports them), realpath(3), /proc/self/mountinfo,
 * /proc/self/cgroup and /proc/self/ns/mnt, never from the trace
 * (helpers.h).  A test
 * compares the trace lines of <pid> that contain <tag> with the expect
 * lines: same multiset, nothing missing, nothing extra.
 *
 * Covered: mkdir, stat of a missing name and open(O_CREAT) of a new name
 * (d_alloc of a new name through the lookup path), write at a known
 * offset, short read, read at EOF, pread, read on a write-only fd and
 * write on a read-only fd (-EBADF from inside vfs_read/vfs_write), a
 * 255-byte name, a FIFO opened O_WRONLY|O_NONBLOCK without reader
 * (-ENXIO from fifo_open() inside vfs_open), rename to a new name,
 * RENAME_NOREPLACE, RENAME_EXCHANGE, and a rename failing inside
 * vfs_rename (-ENOTEMPTY).  The workload leaves its files: the test
 * removes DIR/<tag>d after disabling the events.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <unistd.h>

#include "helpers.h"

#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE (1 << 0)
#endif
#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif
/*
 * The kernel's O_LARGEFILE, which every open of a 64-bit task carries
 * (userspace headers define it as 0): the architecture's own value.
 */
#if defined(__x86_64__)
#define K_O_LARGEFILE 0100000
#elif defined(__aarch64__)
#define K_O_LARGEFILE 0400000
#else
#error "workload: the kernel's O_LARGEFILE of this architecture is not known"
#endif

#define MAX_LINES 64
static char *lines[MAX_LINES];
static int nlines;

static void die(const char *what)
{
	fprintf(stderr, "workload: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* Events are collected and printed at the end, so that the workload's
 * own stdout writes come after all the traced operations. */
static void expect(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		die("vasprintf");
	va_end(ap);
	if (nlines == MAX_LINES) {
		fprintf(stderr, "workload: too many events\n");
		exit(1);
	}
	lines[nlines++] = s;
}

static void xstat(const char *path, struct stat *st)
{
	if (stat(path, st))
		die(path);
}

static const char *devstr(dev_t dev)
{
	static char buf[4][32];
	static int i;

	i = (i + 1) % 4;
	snprintf(buf[i], sizeof(buf[i]), "%u:%u", major(dev), minor(dev));
	return buf[i];
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/* The name d_alloc reports for a directory's dentry: "/" for the root of
 * a mounted filesystem, else its last component. */
static const char *dentry_name(const char *dir)
{
	char up[4096];
	struct stat a, b;

	snprintf(up, sizeof(up), "%s/..", dir);
	xstat(dir, &a);
	xstat(up, &b);
	if (a.st_dev != b.st_dev || a.st_ino == b.st_ino)
		return "/";
	return base_name(dir);
}

/* The stored path of @name in directory @dir_path (a stored path). */
static const char *in_dir(const char *dir_path, const char *name)
{
	static char buf[4][2 * STORED_PATH_SIZE];
	static int i;
	char esc[STORED_PATH_SIZE];

	i = (i + 1) % 4;
	snprintf(buf[i], sizeof(buf[i]), "%s/%s", dir_path,
		 escape_path(name, esc));
	return buf[i];
}

static void ev_open(const char *name, const struct stat *st,
		    unsigned int flags, int ret, const char *path)
{
	expect("vfs_open: dev=%s ino=%llu flags=0x%x ret=%d name=%s %s path=%s",
	       devstr(st->st_dev), (unsigned long long)st->st_ino, flags, ret,
	       name, ctx_fields(), path);
}

/* Every read and write here is read(2), pread(2) or write(2) of this
 * single-threaded process: via read or write, tid the pid. */
static void ev_rw(const char *ev, const char *name, const struct stat *st,
		  long long pos, unsigned long long count, long long ret,
		  const char *path)
{
	expect("%s: dev=%s ino=%llu pos=%lld count=%llu ret=%lld name=%s tid=%d via=%s %s path=%s",
	       ev, devstr(st->st_dev), (unsigned long long)st->st_ino, pos,
	       count, ret, name, (int)getpid(),
	       strcmp(ev, "vfs_read") ? "write" : "read", ctx_fields(), path);
}

/* @ppath: the parent's stored path, from dentry_path() */
static void ev_dalloc(const char *parent, const struct stat *pst,
		      const char *name, const char *ppath)
{
	expect("d_alloc: dev=%s parent_ino=%llu parent=%s name=%s %s parent_path=%s",
	       devstr(pst->st_dev), (unsigned long long)pst->st_ino, parent,
	       name, ctx_fields(), ppath);
}

/* Every rename here stays in one directory, @dpath (from dentry_path()). */
static void ev_rename(const struct stat *st, unsigned int flags, int ret,
		      const char *oldn, const char *newn, const char *dpath)
{
	expect("vfs_rename: dev=%s flags=0x%x ret=%d old_name=%s new_name=%s %s old_dir=%s new_dir=%s",
	       devstr(st->st_dev), flags, ret, oldn, newn, ctx_fields(),
	       dpath, dpath);
}

static int xrenameat2(const char *from, const char *to, unsigned int flags)
{
	return syscall(SYS_renameat2, AT_FDCWD, from, AT_FDCWD, to, flags);
}

int main(int argc, char **argv)
{
	static char dir_dpath[STORED_PATH_SIZE], sub_dpath[STORED_PATH_SIZE];
	static char sub_path[STORED_PATH_SIZE], b_dpath[STORED_PATH_SIZE];
	char tag[64], sub[1024], p[1536], p2[1536], real[PATH_MAX];
	char n_missing[128], n_file[128], n_ren[128], n_x2[128];
	char n_a[128], n_b[128], n_bsub[128], n_fifo[128], n_long[256];
	char buf[8192];
	struct stat dst, sst, fst, st, lst, bst;
	const char *dir;
	const long long off = 12345;
	const size_t wlen = 1000;
	ssize_t r;
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: workload DIR\n");
		return 2;
	}
	dir = argv[1];
	if (strlen(dir) > 900) {
		fprintf(stderr, "workload: DIR too long\n");
		return 2;
	}
	snprintf(tag, sizeof(tag), "vfsmodwl%d", (int)getpid());
	xstat(dir, &dst);
	memset(buf, 'w', sizeof(buf));

	/* mkdir: a new name under DIR (out-of-line d_alloc on all kernels) */
	snprintf(sub, sizeof(sub), "%s/%sd", dir, tag);
	if (mkdir(sub, 0755))
		die(sub);
	xstat(sub, &sst);
	ev_dalloc(dentry_name(dir), &dst, base_name(sub),
		  dentry_path(dir, dir_dpath));
	/* the files' paths: below the directory's absolute path */
	if (!realpath(sub, real))
		die("realpath");
	escape_path(real, sub_path);
	dentry_path(sub, sub_dpath);
#define SUBNAME base_name(sub)

	/* stat of a missing name: a lookup of a new name, negative result */
	snprintf(n_missing, sizeof(n_missing), "%s-missing", tag);
	snprintf(p, sizeof(p), "%s/%s", sub, n_missing);
	if (stat(p, &st) == 0 || errno != ENOENT)
		die("stat of the missing name did not fail with ENOENT");
	ev_dalloc(SUBNAME, &sst, n_missing, sub_dpath);

	/* open(O_CREAT) of a new name, write at a known offset */
	snprintf(n_file, sizeof(n_file), "%s-file", tag);
	snprintf(p, sizeof(p), "%s/%s", sub, n_file);
	fd = open(p, O_CREAT | O_WRONLY | O_TRUNC, 0644);
	if (fd < 0)
		die(p);
	if (fstat(fd, &fst))
		die("fstat");
	ev_dalloc(SUBNAME, &sst, n_file, sub_dpath);
	ev_open(n_file, &fst, fd_flags(fd), 0, in_dir(sub_path, n_file));
	if (lseek(fd, off, SEEK_SET) != off)
		die("lseek");
	r = write(fd, buf, wlen);
	if (r != (ssize_t)wlen)
		die("write");
	ev_rw("vfs_write", n_file, &fst, off, wlen, r, in_dir(sub_path, n_file));
	/* read on a write-only file: -EBADF from vfs_read itself */
	r = read(fd, buf, 10);
	if (r != -1 || errno != EBADF)
		die("read on O_WRONLY did not fail with EBADF");
	ev_rw("vfs_read", n_file, &fst, off + wlen, 10, -EBADF,
	      in_dir(sub_path, n_file));
	close(fd);

	/* reopen read-only: short read, pread, read at EOF, bad write */
	fd = open(p, O_RDONLY);
	if (fd < 0)
		die(p);
	ev_open(n_file, &fst, fd_flags(fd), 0, in_dir(sub_path, n_file));
	if (lseek(fd, 12000, SEEK_SET) != 12000)
		die("lseek");
	r = read(fd, buf, 4096);
	if (r != off + (ssize_t)wlen - 12000)
		die("short read");
	ev_rw("vfs_read", n_file, &fst, 12000, 4096, r, in_dir(sub_path, n_file));
	r = pread(fd, buf, 100, 5);
	if (r != 100)
		die("pread");
	ev_rw("vfs_read", n_file, &fst, 5, 100, r, in_dir(sub_path, n_file));
	r = read(fd, buf, 50);	/* at EOF */
	if (r != 0)
		die("read at EOF");
	ev_rw("vfs_read", n_file, &fst, off + wlen, 50, 0,
	      in_dir(sub_path, n_file));
	r = write(fd, buf, 7);
	if (r != -1 || errno != EBADF)
		die("write on O_RDONLY did not fail with EBADF");
	ev_rw("vfs_write", n_file, &fst, off + wlen, 7, -EBADF,
	      in_dir(sub_path, n_file));
	close(fd);

	/* a 255-byte name */
	memset(n_long, 'L', 255);
	n_long[255] = '\0';
	memcpy(n_long, tag, strlen(tag));
	n_long[strlen(tag)] = '-';
	snprintf(p2, sizeof(p2), "%s/%s", sub, n_long);
	fd = open(p2, O_CREAT | O_WRONLY, 0600);
	if (fd < 0)
		die("open of the 255-byte name");
	if (fstat(fd, &lst))
		die("fstat");
	ev_dalloc(SUBNAME, &sst, n_long, sub_dpath);
	ev_open(n_long, &lst, fd_flags(fd), 0, in_dir(sub_path, n_long));
	r = write(fd, "x", 1);
	if (r != 1)
		die("write");
	ev_rw("vfs_write", n_long, &lst, 0, 1, 1, in_dir(sub_path, n_long));
	close(fd);

	/* FIFO without reader, O_WRONLY|O_NONBLOCK: -ENXIO inside vfs_open */
	snprintf(n_fifo, sizeof(n_fifo), "%s-fifo", tag);
	snprintf(p2, sizeof(p2), "%s/%s", sub, n_fifo);
	if (mkfifo(p2, 0600))
		die("mkfifo");
	xstat(p2, &st);
	ev_dalloc(SUBNAME, &sst, n_fifo, sub_dpath);
	fd = open(p2, O_WRONLY | O_NONBLOCK);
	if (fd >= 0 || errno != ENXIO)
		die("open of a FIFO without reader did not fail with ENXIO");
	ev_open(n_fifo, &st, O_WRONLY | O_NONBLOCK | K_O_LARGEFILE, -ENXIO,
		in_dir(sub_path, n_fifo));

	/* rename to a new name: the target's lookup allocates a dentry */
	snprintf(n_ren, sizeof(n_ren), "%s-renamed", tag);
	snprintf(p2, sizeof(p2), "%s/%s", sub, n_ren);
	if (rename(p, p2))
		die("rename");
	ev_dalloc(SUBNAME, &sst, n_ren, sub_dpath);
	ev_rename(&sst, 0, 0, n_file, n_ren, sub_dpath);

	/* RENAME_NOREPLACE to a new name */
	snprintf(n_x2, sizeof(n_x2), "%s-x2", tag);
	snprintf(p, sizeof(p), "%s/%s", sub, n_x2);
	if (xrenameat2(p2, p, RENAME_NOREPLACE))
		die("renameat2(RENAME_NOREPLACE)");
	ev_dalloc(SUBNAME, &sst, n_x2, sub_dpath);
	ev_rename(&sst, RENAME_NOREPLACE, 0, n_ren, n_x2, sub_dpath);

	/* RENAME_EXCHANGE of two existing names, one of them 255 bytes */
	snprintf(p2, sizeof(p2), "%s/%s", sub, n_long);
	if (xrenameat2(p, p2, RENAME_EXCHANGE))
		die("renameat2(RENAME_EXCHANGE)");
	ev_rename(&sst, RENAME_EXCHANGE, 0, n_x2, n_long, sub_dpath);

	/* rename of a directory onto a non-empty one: -ENOTEMPTY from the
	 * filesystem's ->rename, inside vfs_rename */
	snprintf(n_a, sizeof(n_a), "%s-A", tag);
	snprintf(n_b, sizeof(n_b), "%s-B", tag);
	snprintf(n_bsub, sizeof(n_bsub), "%s-Bsub", tag);
	snprintf(p, sizeof(p), "%s/%s", sub, n_a);
	snprintf(p2, sizeof(p2), "%s/%s", sub, n_b);
	if (mkdir(p, 0755) || mkdir(p2, 0755))
		die("mkdir");
	xstat(p2, &bst);
	ev_dalloc(SUBNAME, &sst, n_a, sub_dpath);
	ev_dalloc(SUBNAME, &sst, n_b, sub_dpath);
	dentry_path(p2, b_dpath);
	{
		char p3[1536 + 130];

		snprintf(p3, sizeof(p3), "%s/%s", p2, n_bsub);
		if (mkdir(p3, 0755))
			die("mkdir");
		ev_dalloc(n_b, &bst, n_bsub, b_dpath);
	}
	if (rename(p, p2) == 0 || errno != ENOTEMPTY)
		die("rename onto a non-empty directory did not fail with ENOTEMPTY");
	ev_rename(&sst, 0, -ENOTEMPTY, n_a, n_b, sub_dpath);

	printf("pid %d\ntag %s\nsubdir %s\n", (int)getpid(), tag, sub);
	for (int i = 0; i < nlines; i++)
		printf("expect %s\n", lines[i]);
	return 0;
}
