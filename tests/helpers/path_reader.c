// SPDX-License-Identifier: GPL-2.0-only
/*
 * path_reader STEP...
 *
 * Opens and reads files and prints the path, cgroup id and mount namespace
 * that vfsmod's events must carry for them, computed the way the kernel
 * shows them to user space: readlink(/proc/self/fd/N), stat(2) of the
 * cgroup directory, readlink(/proc/self/ns/mnt).  Steps, in order:
 *
 *   open:PATH	open PATH read-only and keep the descriptor
 *   chroot:DIR	chroot(DIR) and chdir("/") (the test mounts /proc in DIR)
 *   chdir:DIR	chdir(DIR) (relative opens of very long paths)
 *   read	read one byte from every descriptor kept (one vfs_read each;
 *		EISDIR for a directory is one too),
 *		then print "expect <ino> <stored path>" per descriptor
 *
 * Prints "pid N" first and "ctx cgroup_id=N mnt_ns=N" after the last
 * step (cgroup_id=0: not known, no cgroup2 directory to stat).  <stored path> is the path as vfsmod stores it (escaped,
 * include/vfsmod_path.h): the readlink text, with the \(unreachable) mark
 * in front where that path, looked up from our root, is not the file
 * (a file outside a chroot), and \(deleted) instead of " (deleted)".
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers.h"
#include "vfsmod_path.h"

#define MAX_FDS 64

static int fds[MAX_FDS], nfds;

static void die(const char *what, const char *arg)
{
	fprintf(stderr, "path_reader: %s %s: %s\n", what, arg, strerror(errno));
	exit(1);
}

/* @s escaped with the name rule, into @out (4 * PATH_MAX + 1 bytes). */
static void escape_path(const char *s, char *out)
{
	for (; *s; s++) {
		unsigned char c = *s;

		if (vfsmod_name_byte_plain(c) || c == '/')
			*out++ = c;
		else
			out += sprintf(out, "\\x%02x", c);
	}
	*out = '\0';
}

static void expect(int fd)
{
	static char link[PATH_MAX + 1], esc[4 * PATH_MAX + 1];
	const char *del = " (deleted)";
	char proc[64];
	const char *pre = "", *post = "";
	struct stat a, b;
	ssize_t n;
	size_t len;

	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	n = readlink(proc, link, PATH_MAX);
	if (n < 0)
		die("readlink", proc);
	link[n] = '\0';
	len = n;
	if (fstat(fd, &a))
		die("fstat", proc);
	if (len > strlen(del) && !strcmp(link + len - strlen(del), del)) {
		link[len - strlen(del)] = '\0';
		post = VFSMOD_PATH_DELETED_MARK;
	} else if (stat(link, &b) || a.st_dev != b.st_dev || a.st_ino != b.st_ino) {
		pre = VFSMOD_PATH_UNREACHABLE_MARK;
	}
	escape_path(link, esc);
	printf("expect %llu %s%s%s\n", (unsigned long long)a.st_ino, pre, esc,
	       post);
}

/*
 * The cgroup v2 id: inode of /sys/fs/cgroup/<path from /proc/self/cgroup>;
 * 1, the id of the hierarchy's root, for a task in the root group where no
 * cgroup2 is mounted at /sys/fs/cgroup.
 */
static unsigned long long cgroup_id(void)
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

static unsigned long mnt_ns(void)
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

int main(int argc, char **argv)
{
	unsigned long long cg = 0;
	unsigned long ns = 0;
	char c;
	int i, k;

	printf("pid %d\n", getpid());
	/* the cgroup is read before a chroot hides /sys */
	cg = cgroup_id();
	ns = mnt_ns();
	for (i = 1; i < argc; i++) {
		char *a = argv[i];

		if (!strncmp(a, "open:", 5)) {
			if (nfds == MAX_FDS)
				die("too many files", a);
			fds[nfds] = open(a + 5, O_RDONLY);
			if (fds[nfds] < 0)
				die("open", a + 5);
			nfds++;
		} else if (!strncmp(a, "chroot:", 7)) {
			if (chroot(a + 7) || chdir("/"))
				die("chroot", a + 7);
		} else if (!strncmp(a, "chdir:", 6)) {
			if (chdir(a + 6))
				die("chdir", a + 6);
		} else if (!strcmp(a, "read")) {
			/* a directory's read fails in vfs_read(): an event too */
			for (k = 0; k < nfds; k++)
				if (pread(fds[k], &c, 1, 0) < 0 && errno != EISDIR)
					die("read", a);
			for (k = 0; k < nfds; k++)
				expect(fds[k]);
		} else {
			fprintf(stderr, "path_reader: unknown step %s\n", a);
			return 2;
		}
	}
	printf("ctx cgroup_id=%llu mnt_ns=%lu\n", cg, ns);
	return 0;
}
