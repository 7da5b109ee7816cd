// SPDX-License-Identifier: GPL-2.0-only
/*
 * HAVE_DENTRY_D_SHORTNAME: struct dentry has d_shortname.
 *
 * Linux 6.14 ("dcache: back inline names with a struct-wrapped array of
 * unsigned long", 58cf9c383c5c): d_iname became d_shortname.string (a
 * compatibility #define d_iname is still there in 7.2).
 * Built by compat/detect.sh with -Werror: any warning means "no".
 */
#include <linux/module.h>
#include <linux/dcache.h>

static const unsigned char * __used vfsmod_conftest(const struct dentry *d)
{
	return d->d_shortname.string;
}

MODULE_LICENSE("GPL");
