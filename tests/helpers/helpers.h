/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * helpers.h - what several test helpers share: a name escaped the way
 * vfsmod stores it, and a file's f_flags as the kernel reports them.
 * Static functions in a header: each helper is one static binary.
 */
#ifndef VFSMOD_TEST_HELPERS_H
#define VFSMOD_TEST_HELPERS_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The module's own escape rule; copied beside the helpers in the guest. */
#include "vfsmod_name.h"

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

#endif
