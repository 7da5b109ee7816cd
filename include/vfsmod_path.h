/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vfsmod_path.h - how vfsmod stores a path, in one place for the event
 * schema (kernel), the test helpers and the tools.
 *
 * A path is stored like a name (include/vfsmod_name.h): its bytes escaped,
 * so '/' stays '/', a space is \x20 and a backslash \x5c.  What is not the
 * plain absolute path from the task's root is said with marks that start
 * with a raw backslash, which no escaped byte can produce:
 *
 *   [\(unreachable) | \(fs)] [\...] /escaped/path [\(deleted)]
 *
 * \(unreachable)  the file is outside the task's root (chroot): the path
 *		   follows from the root of its mount namespace, as
 *		   readlink /proc/PID/fd/N shows it (getcwd(3) says the
 *		   same with "(unreachable)")
 * \(fs)	   the path goes up to the root of the file's filesystem
 *		   (or of its mount, where vfsmod cannot cross mount points
 *		   on this kernel), not to the task's root: an event that
 *		   has only a dentry and no mount (d_alloc, vfs_rename)
 * \...		   the path was longer than its room in the event and is cut
 *		   from the left at a '/'; the rightmost components are kept
 * \(deleted)	   the file was unlinked (readlink shows " (deleted)")
 *
 * The kernel hands the raw bytes over with a length whose high bits are
 * these flags; vfsmod_path_marks() (module/path.h) turns them into marks.
 */
#ifndef _VFSMOD_PATH_H
#define _VFSMOD_PATH_H

#define VFSMOD_PATH_CUT			0x80000000U
#define VFSMOD_PATH_UNREACHABLE		0x40000000U
#define VFSMOD_PATH_FS			0x20000000U
#define VFSMOD_PATH_DELETED		0x10000000U
#define VFSMOD_PATH_LEN_MASK		0x0fffffffU

#define VFSMOD_PATH_CUT_MARK		"\\..."
#define VFSMOD_PATH_UNREACHABLE_MARK	"\\(unreachable)"
#define VFSMOD_PATH_FS_MARK		"\\(fs)"
#define VFSMOD_PATH_DELETED_MARK	"\\(deleted)"

/* The most bytes the marks of one path take: unreachable, cut, deleted. */
#define VFSMOD_PATH_MARKS_MAX	(sizeof(VFSMOD_PATH_UNREACHABLE_MARK) - 1 + \
				 sizeof(VFSMOD_PATH_CUT_MARK) - 1 + \
				 sizeof(VFSMOD_PATH_DELETED_MARK) - 1)

#endif /* _VFSMOD_PATH_H */
