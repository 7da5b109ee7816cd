// SPDX-License-Identifier: GPL-2.0-only
/*
 * cgroup.c - cgroup v2 ids for vfsmod-top: --cgroup's argument as the id
 * the events carry, and an id's path for the CGROUP column.
 *
 * vfsmod's cgroup_id is the kernfs id of the task's cgroup v2 group, which
 * on 64-bit kernels is also the inode number of its directory: stat(2)
 * turns a directory into an id, and a walk of the cgroup2 mount (usually
 * /sys/fs/cgroup) turns ids back into paths.  The walk is redone when an
 * id is not known, at most once a second: groups come and go, ids are
 * never reused.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <mntent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>

#include "vfsmod-top.h"
/* Group names are shown escaped as vfsmod escapes file names. */
#include "vfsmod_name.h"

#ifndef CGROUP2_SUPER_MAGIC
#define CGROUP2_SUPER_MAGIC 0x63677270
#endif

static char *cg_mount;		/* the cgroup2 mount point, or NULL */
static bool cg_mount_looked;

static struct {
	char **path;		/* escaped, relative to cg_mount, "/" first */
	int n, cap;
	struct table idx;	/* (id, 0) -> path[] */
	int64_t walked;		/* now_ns() of the last walk, 0: never */
} cg;

/* Where cgroup2 is mounted: /sys/fs/cgroup if it is, else the first seen. */
static const char *cgroup_mount(void)
{
	struct mntent *m;
	FILE *f;

	if (cg_mount_looked)
		return cg_mount;
	cg_mount_looked = true;
	f = setmntent("/proc/self/mounts", "re");
	if (!f)
		return NULL;
	while ((m = getmntent(f))) {
		if (strcmp(m->mnt_type, "cgroup2"))
			continue;
		if (!cg_mount || !strcmp(m->mnt_dir, "/sys/fs/cgroup")) {
			free(cg_mount);
			cg_mount = xstrdup(m->mnt_dir);
		}
	}
	endmntent(f);
	return cg_mount;
}

static bool on_cgroup2(const char *path)
{
	struct statfs sf;

	return !statfs(path, &sf) && sf.f_type == CGROUP2_SUPER_MAGIC;
}

unsigned long long cgroup_arg(const char *s)
{
	unsigned long long id;
	const char *mnt = cgroup_mount();
	char *rel = NULL;
	const char *p = s;
	struct stat sb;

	if (parse_uint(s, ULLONG_MAX, &id)) {
		if (!id)
			usage_error("--cgroup '%s': cgroup ids start at 1 (the root group)", s);
		return id;
	}
	if (!*s)
		usage_error("--cgroup: empty argument");
	/* A path relative to the cgroup2 mount, if it is no group from here. */
	if ((stat(p, &sb) || !on_cgroup2(p)) && s[0] != '/' && mnt) {
		if (asprintf(&rel, "%s/%s", mnt, s) < 0)
			die("out of memory");
		if (!stat(rel, &sb))
			p = rel;
	}
	if (stat(p, &sb))
		usage_error("--cgroup '%s': %s (give a cgroup id or a cgroup v2 directory)", s,
			    strerror(errno));
	if (!S_ISDIR(sb.st_mode) || !on_cgroup2(p))
		usage_error("--cgroup '%s': not a directory of a cgroup v2 hierarchy (cgroup2fs)", s);
	free(rel);
	return (unsigned long long)sb.st_ino;
}

static void cg_add(uint64_t id, const char *rel)
{
	struct key k = { id, 0 };
	const unsigned char *q;
	char *e, *o;

	e = o = xmalloc(strlen(rel) * 4 + 2);
	if (*rel != '/')
		*o++ = '/';
	for (q = (const unsigned char *)rel; *q; q++) {
		if (*q == '/' || vfsmod_name_byte_plain(*q))
			*o++ = (char)*q;
		else
			o += sprintf(o, "\\x%02x", *q);
	}
	*o = '\0';
	cg.path = grow(cg.path, cg.n, &cg.cap, sizeof(*cg.path));
	table_put(&cg.idx, k, cg.n);
	cg.path[cg.n++] = e;
}

static size_t walk_root_len;

static int walk_one(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
	(void)ftw;
	if (type == FTW_D)
		cg_add((uint64_t)sb->st_ino, path + walk_root_len);
	return 0;
}

static void cg_walk(const char *mnt)
{
	int i;

	for (i = 0; i < cg.n; i++)
		free(cg.path[i]);
	cg.n = 0;
	table_clear(&cg.idx);
	walk_root_len = strlen(mnt);
	/* Errors (a group removed during the walk) leave that part out. */
	nftw(mnt, walk_one, 16, FTW_PHYS | FTW_MOUNT);
	cg.walked = now_ns();
}

const char *cgroup_path(uint64_t id)
{
	const char *mnt = cgroup_mount();
	struct key k = { id, 0 };
	int i;

	if (!mnt || !id)
		return NULL;
	if (!cg.idx.cap)
		table_init(&cg.idx, 256);
	i = table_get(&cg.idx, k);
	if (i < 0 && (!cg.walked || now_ns() - cg.walked >= 1000000000LL)) {
		cg_walk(mnt);
		i = table_get(&cg.idx, k);
	}
	return i < 0 ? NULL : cg.path[i];
}
