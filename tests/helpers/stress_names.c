// SPDX-License-Identifier: GPL-2.0-only
/*
 * stress_names DIR TAG - create files with hostile names in DIR and print
 * the vfsmod events that must show them.
 *
 * The names (each begins with "TAG-", so a test finds its lines) hold a
 * newline, a tab, a carriage return, terminal escape sequences (colour,
 * window title), '=', spaces, a backslash followed by "x41", DEL, every
 * byte 0x01-0x1f, every byte 0x80-0xff, text that reads like more fields
 * (" ret=0 name=evil") and text that reads like a whole second trace line
 * after a newline; one is 255 bytes (the longest a name can be) of 0xff.
 *
 * For each name: open(O_WRONLY|O_CREAT|O_EXCL) (a new dentry: d_alloc,
 * then vfs_open), write(2) of 1 byte (vfs_write), close, then rename to
 * "TAG-R<i>-" followed by the same hostile part (d_alloc of the new name,
 * vfs_rename).  Output, on stdout, after all of that:
 *
 *   pid <pid>
 *   names <number of names>
 *   expect <payload>      one per event, as trace output shows it
 *                         ("vfs_open: dev=8:1 ino=12 flags=0x8001 ret=0
 *                         name=TAG-nl\x0ax cgroup_id=1 mnt_ns=4026531841
 *                         path=/d/TAG-nl\x0ax"), names and paths escaped
 *                         as vfsmod stores them: \xHH for every byte
 *                         outside 0x21-0x7e, for '=' and for '\\'
 *
 * Values come from fstat(2), /proc/self/fdinfo and the helpers.h
 * functions (realpath, mountinfo, cgroup, mount namespace), never from
 * the trace.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "helpers.h"

#define MAXN 32

static char names[MAXN][NAME_MAX + 1];
static int nnames;

static void die(const char *what, const char *arg)
{
	fprintf(stderr, "stress_names: %s %s: %s\n", what, arg, strerror(errno));
	exit(1);
}

static void add(const char *tag, const char *hostile, size_t len)
{
	size_t tl = strlen(tag) + 1;

	if (tl + len > NAME_MAX)
		len = NAME_MAX - tl;
	snprintf(names[nnames], sizeof(names[0]), "%s-", tag);
	memcpy(names[nnames] + tl, hostile, len);
	names[nnames][tl + len] = '\0';
	nnames++;
}

static void adds(const char *tag, const char *hostile)
{
	add(tag, hostile, strlen(hostile));
}

int main(int argc, char **argv)
{
	static char lines[MAXN * 5][4 * 4 * NAME_MAX + 2 * STORED_PATH_SIZE];
	static char e1[ESCAPED_SIZE], e2[ESCAPED_SIZE], ep[ESCAPED_SIZE];
	static char fpath[STORED_PATH_SIZE], dpath[STORED_PATH_SIZE];
	static char dreal[PATH_MAX], full[3 * PATH_MAX];
	char path[3 * PATH_MAX], path2[3 * PATH_MAX], rn[NAME_MAX + 1], buf[256];
	const char *dir, *tag, *dbase;
	struct stat dst, st;
	int nlines = 0, i, fd;
	unsigned int flags;

	if (argc != 3) {
		fprintf(stderr, "usage: stress_names DIR TAG\n");
		return 2;
	}
	dir = argv[1];
	tag = argv[2];
	if (stat(dir, &dst))
		die("stat", dir);
	if (!realpath(dir, dreal))
		die("realpath", dir);
	dentry_path(dir, dpath);
	dbase = strrchr(dir, '/');
	dbase = dbase ? dbase + 1 : dir;

	adds(tag, "nl\nx");
	adds(tag, "tab\tx");
	adds(tag, "cr\rx");
	adds(tag, "colour\x1b[31mred\x1b[0m");
	adds(tag, "title\x1b]0;owned\x07");
	adds(tag, "a=b");
	adds(tag, "sp ace");
	adds(tag, "x ret=0 name=evil");
	adds(tag, "y\n           <idle>-0       [000] d..1.  1.000000: vfs_open: dev=0:0 ino=1 flags=0x0 ret=0 name=forged");
	adds(tag, "bs\\x41");
	adds(tag, "del\x7f");
	for (i = 0; i < 31; i++)
		buf[i] = i + 1;
	add(tag, buf, 31);
	for (i = 0; i < 64; i++)
		buf[i] = 0x80 + i;
	add(tag, buf, 64);
	for (i = 0; i < 64; i++)
		buf[i] = 0xc0 + i;
	add(tag, buf, 64);
	memset(buf, 0xff, 255);
	add(tag, buf, 255);

	for (i = 0; i < nnames; i++) {
		const char *hostile = names[i] + strlen(tag) + 1;

		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
		if (fd < 0)
			die("open", path);
		if (write(fd, "h", 1) != 1)
			die("write", path);
		if (fstat(fd, &st))
			die("fstat", path);
		flags = fd_flags(fd);
		close(fd);
		snprintf(rn, sizeof(rn), "%s-R%d-%s", tag, i, hostile);
		snprintf(path2, sizeof(path2), "%s/%s", dir, rn);
		if (rename(path, path2))
			die("rename", path);

		vfsmod_escape(names[i], e1);
		vfsmod_escape(rn, e2);
		vfsmod_escape(dbase, ep);
		snprintf(full, sizeof(full), "%s/%s", dreal, names[i]);
		escape_path(full, fpath);
		snprintf(lines[nlines++], sizeof(lines[0]),
			 "d_alloc: dev=%u:%u parent_ino=%llu parent=%s name=%s %s parent_path=%s",
			 major(dst.st_dev), minor(dst.st_dev),
			 (unsigned long long)dst.st_ino, ep, e1, ctx_fields(),
			 dpath);
		snprintf(lines[nlines++], sizeof(lines[0]),
			 "vfs_open: dev=%u:%u ino=%llu flags=0x%x ret=0 name=%s %s path=%s",
			 major(st.st_dev), minor(st.st_dev),
			 (unsigned long long)st.st_ino, flags, e1, ctx_fields(),
			 fpath);
		snprintf(lines[nlines++], sizeof(lines[0]),
			 "vfs_write: dev=%u:%u ino=%llu pos=0 count=1 ret=1 name=%s tid=%d via=write %s path=%s",
			 major(st.st_dev), minor(st.st_dev),
			 (unsigned long long)st.st_ino, e1, (int)getpid(),
			 ctx_fields(), fpath);
		snprintf(lines[nlines++], sizeof(lines[0]),
			 "d_alloc: dev=%u:%u parent_ino=%llu parent=%s name=%s %s parent_path=%s",
			 major(dst.st_dev), minor(dst.st_dev),
			 (unsigned long long)dst.st_ino, ep, e2, ctx_fields(),
			 dpath);
		snprintf(lines[nlines++], sizeof(lines[0]),
			 "vfs_rename: dev=%u:%u flags=0x0 ret=0 old_name=%s new_name=%s %s old_dir=%s new_dir=%s",
			 major(st.st_dev), minor(st.st_dev), e1, e2,
			 ctx_fields(), dpath, dpath);
	}

	printf("pid %d\nnames %d\n", (int)getpid(), nnames);
	for (i = 0; i < nlines; i++)
		printf("expect %s\n", lines[i]);
	return 0;
}
