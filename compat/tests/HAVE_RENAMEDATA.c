// SPDX-License-Identifier: GPL-2.0-only
/*
 * HAVE_RENAMEDATA: struct renamedata has old_dentry, new_dentry and flags.
 *
 * Upstream Linux 5.12 ("namei: introduce struct renamedata", 9fe61450972d,
 * idmapped mounts); Debian 5.10.223 has it too.  The other members
 * changed later (*_mnt_userns -> *_mnt_idmap in 6.3, one mnt_idmap plus
 * old_parent/new_parent dentries in 6.17), so only these three are tested.
 * Built by compat/detect.sh with -Werror: any warning means "no".
 */
#include <linux/module.h>
#include <linux/fs.h>

static unsigned int __used vfsmod_conftest(const struct renamedata *rd)
{
	return rd->old_dentry == rd->new_dentry ? rd->flags : 0;
}

MODULE_LICENSE("GPL");
