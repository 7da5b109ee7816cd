/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _VFSMOD_DNAME_H
#define _VFSMOD_DNAME_H

#include <linux/dcache.h>
#include <linux/limits.h>

/* Room for any final path component plus its NUL. */
#define VFSMOD_NAME_SIZE	(NAME_MAX + 1)

int vfsmod_dname_copy(const struct dentry *dentry, char *buf);

#endif /* _VFSMOD_DNAME_H */
