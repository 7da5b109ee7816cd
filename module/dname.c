// SPDX-License-Identifier: GPL-2.0-only
/*
 * dname.c - copy a dentry's name so that it is never torn.
 *
 * A probe on vfs_*() or d_alloc() holds none of the locks that freeze a
 * name, so it races with rename: d_name.len and the bytes may come from
 * two different names, an inline name is rewritten in place, and an
 * external name can be freed under the reader.  take_dentry_name_snapshot()
 * is no answer in a handler: up to 6.13 it takes d_lock, a sleeping lock
 * on PREEMPT_RT.
 *
 * What fs/dcache.c guarantees makes a lockless copy possible (every
 * kernel since 5.10): external names are allocated once, never modified,
 * and freed through kfree_rcu(); inline names change only inside a d_seq
 * write section.  So: read d_seq, fetch the name pointer once, copy under
 * rcu_read_lock(), and accept the copy only if d_seq did not move.  An
 * inline name is copied at d_name.len (read in the same section, clamped
 * to the array); an external one up to its NUL (d_name.len may belong to
 * another name until the retry check, and must not size a read of it).
 */
#include <linux/compiler.h>
#include <linux/kprobes.h>
#include <linux/minmax.h>
#include <linux/processor.h>
#include <linux/rcupdate.h>
#include <linux/string.h>

#include "compat.h"
#include "dname.h"

/*
 * Bounded, as every wait in a handler (dname.h): after these tries the
 * caller shows the name as unavailable instead.
 */
#define DNAME_TRIES		4

/**
 * vfsmod_dname_copy - consistent copy of a dentry's final component
 * @dentry: a dentry the caller keeps alive (a reference, or locks held
 *          by the probed function's caller)
 * @buf: VFSMOD_NAME_SIZE bytes; receives the name, NUL-terminated
 *
 * Return: the name's length; -E2BIG if the name is longer than NAME_MAX
 * (@buf then holds its first NAME_MAX bytes: the VFS allocates dentries
 * for such names before the filesystem refuses them); or -EAGAIN if no
 * consistent copy could be made within the bounded retries (@buf then
 * holds an empty string).  Never sleeps and takes no lock, in any context.
 */
int vfsmod_dname_copy(const struct dentry *dentry, char *buf)
{
	seqcount_t *seq = vfsmod_dentry_seq(dentry);
	const unsigned char *inline_name = vfsmod_dentry_inline_name(dentry);
	int tries;

	for (tries = 0; tries < DNAME_TRIES; tries++) {
		const unsigned char *name;
		unsigned int start;
		ssize_t len;

		start = vfsmod_seq_even(seq);
		if (start & 1)
			break;

		rcu_read_lock();
		name = READ_ONCE(dentry->d_name.name);
		if (name == inline_name) {
			/*
			 * Rewritten in place by rename, together with the
			 * length, inside the d_seq section: both are checked
			 * by the retry below; the clamp keeps a torn length
			 * inside the inline array.
			 */
			len = min_t(unsigned int, READ_ONCE(dentry->d_name.len),
				    VFSMOD_DNAME_INLINE_SIZE - 1);
			memcpy(buf, name, len);
			buf[len] = '\0';
		} else {
			/* Immutable until an RCU grace period after release. */
			len = strscpy(buf, (const char *)name, VFSMOD_NAME_SIZE);
		}
		rcu_read_unlock();

		/* strscpy() cut a long name: still a consistent prefix. */
		if (!read_seqcount_retry(seq, start))
			return len;
	}
	buf[0] = '\0';
	return -EAGAIN;
}

NOKPROBE_SYMBOL(vfsmod_dname_copy);
