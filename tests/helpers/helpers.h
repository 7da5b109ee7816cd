/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * helpers.h - what several test helpers share: a name and a path escaped
 * the way vfsmod stores them, a file's f_flags as the kernel reports them,
 * and the task's cgroup id and mount namespace.
 * Static functions in a header: each helper is one static binary.
 */
#ifndef VFSMOD_TEST_HELPERS_H
#define VFSMOD_TEST_HELPERS_H

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* The module's own escape rule; copied beside the helpers in the guest. */
#include "vfsmod_name.h"
/* The marks of a stored path. */
#include "vfsmod_path.h"

/* Room for any escaped final component (NAME_MAX bytes, 4 each) + NUL. */
#define ESCAPED_SIZE	(4 * 255 + 1)

/*
 * vfsmod_escape - @name as vfsmod stores it (include/vfsmod_name.h, the
 * rule the module itself applies).  @out: ESCAPED_SIZE bytes.
 */
static inline const char *vfsmod_escape(const char *name, char *out)
{
	char *o = out;

	for (; *name && o < out + ESCAPED_SIZE - 5; name++) {
		unsigned char c = *name;

		if (vfsmod_name_byte_plain(c))
			*o++ = c;
		else
			o += sprintf(o, "\\x%02x", c);
	}
	*o = '\0';
	return out;
}

/* fd_flags - the f_flags of @fd, from /proc/self/fdinfo (exits on error). */
static inline unsigned int fd_flags(int fd)
{
	char path[64], line[256];
	unsigned int flags = 0;
	int found = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		exit(1);
	}
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "flags: %o", &flags) == 1) {
			found = 1;
			break;
		}
	fclose(f);
	if (!found) {
		fprintf(stderr, "no flags in %s\n", path);
		exit(1);
	}
	return flags;
}

/*
 * What every event carries since schema 0.2.0 besides its own fields:
 * the task's cgroup v2 id, its mount namespace and the paths of what it
 * names (docs/events.md, "Paths and container context").  Computed the
 * way the kernel shows them to user space, never from the trace.
 */
/* Room for a stored path: every byte escaped, plus the marks. */
#define STORED_PATH_SIZE	(4 * PATH_MAX + 64)

/*
 * ctx_cgroup_id - the cgroup v2 id: inode of /sys/fs/cgroup/<path from
 * /proc/self/cgroup> (the guest mounts cgroup2 there); 1, the id of the
 * hierarchy's root, for a task in the root group where no cgroup2 is
 * mounted at /sys/fs/cgroup.  0: not known.
 */
static inline unsigned long long ctx_cgroup_id(void)
{
	char line[PATH_MAX + 8], dir[PATH_MAX + 32];
	unsigned long long id = 0;
	struct stat st;
	FILE *f = fopen("/proc/self/cgroup", "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "0::", 3)) {
			line[strcspn(line, "\n")] = '\0';
			snprintf(dir, sizeof(dir), "/sys/fs/cgroup%s", line + 3);
			if (!stat(dir, &st) && st.st_ino != 0)
				id = st.st_ino;
			else if (!strcmp(line + 3, "/"))
				id = 1;
		}
	fclose(f);
	return id;
}

/* ctx_mnt_ns - the number readlink /proc/self/ns/mnt shows; 0: unknown. */
static inline unsigned long ctx_mnt_ns(void)
{
	char link[64];
	unsigned long ino = 0;
	ssize_t n = readlink("/proc/self/ns/mnt", link, sizeof(link) - 1);

	if (n > 0) {
		link[n] = '\0';
		sscanf(link, "mnt:[%lu]", &ino);
	}
	return ino;
}

/*
 * ctx_fields - "cgroup_id=N mnt_ns=N" of this task, read once (a helper
 * that changes its cgroup or namespace after the first call must not use
 * it).
 */
static inline const char *ctx_fields(void)
{
	static char buf[64];

	if (!buf[0])
		snprintf(buf, sizeof(buf), "cgroup_id=%llu mnt_ns=%lu",
			 ctx_cgroup_id(), ctx_mnt_ns());
	return buf;
}

/* escape_path - @s escaped with the name rule, '/' kept; @out:
 * STORED_PATH_SIZE bytes (appends to nothing: writes from @out). */
static inline char *escape_path(const char *s, char *out)
{
	char *o = out;

	for (; *s && o < out + STORED_PATH_SIZE - 5; s++) {
		unsigned char c = *s;

		if (vfsmod_name_byte_plain(c) || c == '/')
			*o++ = c;
		else
			o += sprintf(o, "\\x%02x", c);
	}
	*o = '\0';
	return out;
}

/*
 * fd_path - the stored path of @fd's file (include/vfsmod_path.h): the
 * readlink text of /proc/self/fd/N, escaped, with \(deleted) instead of
 * " (deleted)", and the \(unreachable) mark in front where that path,
 * looked up from our root, is not the file (a file outside a chroot).
 * @out: STORED_PATH_SIZE bytes.  Exits on error.  Thread-safe.
 */
static inline const char *fd_path(int fd, char *out)
{
	char link[PATH_MAX + 1];
	const char *del = " (deleted)";
	const char *pre = "", *post = "";
	char proc[64];
	struct stat a, b;
	ssize_t n;
	size_t len;

	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	n = readlink(proc, link, PATH_MAX);
	if (n < 0 || fstat(fd, &a)) {
		fprintf(stderr, "%s: %s\n", proc, strerror(errno));
		exit(1);
	}
	link[n] = '\0';
	len = n;
	if (len > strlen(del) && !strcmp(link + len - strlen(del), del)) {
		link[len - strlen(del)] = '\0';
		post = VFSMOD_PATH_DELETED_MARK;
	} else if (link[0] != '/') {
		/* pipe:[N], socket:[N], anon_inode:...: no path */
		out[0] = '\0';
		return out;
	} else if (stat(link, &b) || a.st_dev != b.st_dev ||
		   a.st_ino != b.st_ino) {
		pre = VFSMOD_PATH_UNREACHABLE_MARK;
	}
	strcpy(out, pre);
	escape_path(link, out + strlen(pre));
	strcat(out, post);
	return out;
}

/* A mount, from /proc/self/mountinfo: its root inside its filesystem and
 * where it is mounted (as this task sees it). */
struct helper_mount {
	char root[PATH_MAX], mp[PATH_MAX];
};

/* mountinfo's octal escapes (\040 for a space) undone in place. */
static inline void unoctal(char *s)
{
	char *o = s;

	for (; *s; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' &&
		    s[2] >= '0' && s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
			*o++ = (s[1] - '0') * 64 + (s[2] - '0') * 8 + s[3] - '0';
			s += 3;
		} else {
			*o++ = *s;
		}
	}
	*o = '\0';
}

/*
 * mnt_id_of - statx()'s mount id of @path (5.8+; the raw structure: the
 * libc of the oldest guest has no stx_mnt_id).  Not open(): an open
 * would be a vfs_open event of its own.
 */
static inline int mnt_id_of(const char *path)
{
	unsigned long long buf[32] = { 0 }, id;
	const unsigned int statx_mnt_id = 0x1000;
	unsigned int mask = 0;

	if (!syscall(SYS_statx, AT_FDCWD, path, 0, statx_mnt_id, buf))
		memcpy(&mask, buf, sizeof(mask));	/* stx_mask */
	if (!(mask & statx_mnt_id)) {
		fprintf(stderr, "statx %s: %s\n", path, strerror(errno));
		exit(1);
	}
	/* struct statx: stx_mnt_id at byte 144 */
	memcpy(&id, (char *)buf + 144, sizeof(id));
	return (int)id;
}

/* mount_of - the mount @path is on; exits on error. */
static inline void mount_of(const char *path, struct helper_mount *m)
{
	static char line[3 * PATH_MAX];
	char root[PATH_MAX], mp[PATH_MAX];
	int id = mnt_id_of(path), mid;
	FILE *f = fopen("/proc/self/mountinfo", "r");

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "%d %*d %*s %4095s %4095s", &mid, root, mp) == 3 &&
		    mid == id) {
			unoctal(root);
			unoctal(mp);
			strcpy(m->root, root);
			strcpy(m->mp, mp);
			fclose(f);
			return;
		}
	fprintf(stderr, "mount_of %s: mount %d not in mountinfo\n", path, id);
	exit(1);
}

/* below - @p relative to @top ("" for @top itself), NULL if @p is not
 * @top or below it. */
static inline const char *below(const char *p, const char *top)
{
	size_t n = strlen(top);

	if (!strcmp(top, "/"))
		return p[1] ? p : "";
	if (strncmp(p, top, n) || (p[n] && p[n] != '/'))
		return NULL;
	return p + n;
}

/*
 * dentry_path - the stored path of directory @dir as d_alloc's
 * parent_path and vfs_rename's old_dir/new_dir carry it (a dentry without
 * a mount, module/path.h): through the mount of our working directory,
 * else of our root, where @dir lies below that mount's root on the same
 * filesystem; otherwise from its filesystem's root, marked \(fs).  @out:
 * STORED_PATH_SIZE bytes.  Exits on error.
 */
static inline const char *dentry_path(const char *dir, char *out)
{
	static char real[PATH_MAX], fsrel[2 * PATH_MAX], full[3 * PATH_MAX];
	const char *cands[2] = { ".", "/" }, *r;
	struct helper_mount dm, cm;
	struct stat ds, cs;
	int i;

	if (!realpath(dir, real) || stat(real, &ds)) {
		fprintf(stderr, "dentry_path %s: %s\n", dir, strerror(errno));
		exit(1);
	}
	mount_of(real, &dm);
	r = below(real, dm.mp);
	if (!r)
		r = "";	/* not reached: a path is below its own mount */
	snprintf(fsrel, sizeof(fsrel), "%s%s", strcmp(dm.root, "/") ? dm.root : "", r);
	if (!fsrel[0])
		strcpy(fsrel, "/");
	for (i = 0; i < 2; i++) {
		if (stat(cands[i], &cs) || cs.st_dev != ds.st_dev)
			continue;
		mount_of(cands[i], &cm);
		r = below(fsrel, cm.root);
		if (!r)
			continue;
		snprintf(full, sizeof(full), "%s%s", strcmp(cm.mp, "/") ? cm.mp : "", r);
		if (!full[0])
			strcpy(full, "/");
		return escape_path(full, out);
	}
	strcpy(out, VFSMOD_PATH_FS_MARK);
	escape_path(fsrel, out + strlen(out));
	return out;
}

#endif
