// SPDX-License-Identifier: GPL-2.0-only
/*
 * HAVE_FPROBE_H: <linux/fprobe.h> exists.
 *
 * Added with fprobe in Linux 5.18 ("fprobe: Add ftrace based probe APIs",
 * cad9931f64dc); absent on 5.10.  Present on 6.1 even with CONFIG_FPROBE
 * off (register_fprobe() is then an inline stub returning -EOPNOTSUPP).
 * Built by compat/detect.sh with -Werror: any warning means "no".
 */
#include <linux/module.h>
#include <linux/fprobe.h>

MODULE_LICENSE("GPL");
