// SPDX-License-Identifier: GPL-2.0-only
/*
 * filter.c - vfsmod-top's options (-p, -c, -f, --fs, --cgroup) as one
 * kernel event filter, so that the kernel drops what does not match.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <unistd.h>

#include "vfsmod-top.h"
/* vfsmod's own escape rule (docs/events.md, "escaping"). */
#include "vfsmod_name.h"

char *kernel_filter, *rw_filter;

/*
 * A glob on the real file name -> a kernel glob on vfsmod's stored name.
 * The kernel matches `name ~ "..."` with glob_match() (*, ?, [...], and \
 * quoting the next character) on the stored form, where bytes outside
 * printable ASCII, '=' and '\' are written \xHH: such a byte becomes the
 * pattern \\xHH (a literal backslash, then xHH).  The result always starts
 * with \ or a wildcard, so the kernel uses glob_match() and never reads a
 * leading '!' as "not" or a leading digit as an index.
 */
static char *kernel_glob(const char *glob)
{
	const unsigned char *p = (const unsigned char *)glob;
	char *out = xmalloc(strlen(glob) * 5 + 2), *o = out;

	if (!*p)
		usage_error("-f: empty pattern");
	while (*p) {
		unsigned char c = *p++;

		if (c == '*' || c == '?') {
			*o++ = (char)c;
			continue;
		}
		if (c == '[') {
			const unsigned char *e = p;

			/* A class: the first ']' after an optional '!' and first member. */
			if (*e == '!')
				e++;
			if (*e == ']')
				e++;
			while (*e && *e != ']')
				e++;
			if (*e == ']') {
				const unsigned char *q;

				for (q = p; q < e; q++)
					if (!vfsmod_name_byte_plain(*q) && *q != '\\')
						usage_error("-f '%s': a [...] class can only hold printable ASCII other than = and \\ (vfsmod stores other bytes as \\xHH)",
							    glob);
					else if (*q == '\\')
						usage_error("-f '%s': no \\ inside a [...] class", glob);
				*o++ = '[';
				memcpy(o, p, (size_t)(e - p) + 1);
				o += e - p + 1;
				p = e + 1;
				continue;
			}
			/* An unmatched '[' is a literal. */
		} else if (c == '\\' && *p) {
			c = *p++;	/* a quoted character: literal */
		}
		if (vfsmod_name_byte_plain(c)) {
			/* Plain bytes are literals; quote the first one (above)
			 * and the glob's own metacharacters. */
			if (o == out || c == '*' || c == '?' || c == '[')
				*o++ = '\\';
			*o++ = (char)c;
		} else {
			o += sprintf(o, "\\\\x%02x", c);
		}
	}
	*o = '\0';
	return out;
}

/* @s quoted for the kernel's filter parser, which knows "..." and '...' but
 * no escapes; @what and @given name the option in an error. */
static void put_quoted(FILE *f, const char *s, const char *what, const char *given)
{
	if (!strchr(s, '"'))
		fprintf(f, "\"%s\"", s);
	else if (!strchr(s, '\''))
		fprintf(f, "'%s'", s);
	else
		usage_error("%s '%s' holds both ' and \": the kernel's filter syntax cannot quote that",
			    what, given);
}


/* --fs: MAJ:MIN, or a path on the filesystem; returns the kernel's dev_t. */
static unsigned long long parse_fs(const char *s)
{
	unsigned long long maj, min;
	const char *colon = strchr(s, ':');
	struct stat sb;
	char *a;

	if (colon && s[0] != '/' && s[0] != '.') {
		a = strndup(s, (size_t)(colon - s));
		if (!a)
			die("out of memory");
		if (parse_uint(a, 0xfff, &maj) && parse_uint(colon + 1, 0xfffff, &min)) {
			free(a);
			return maj << 20 | min;
		}
		free(a);
		usage_error("--fs '%s': not MAJOR:MINOR (major up to 4095, minor up to 1048575) nor a path", s);
	}
	if (stat(s, &sb))
		usage_error("--fs '%s': %s (give MAJOR:MINOR or a path on the filesystem)", s, strerror(errno));
	return (unsigned long long)major(sb.st_dev) << 20 | minor(sb.st_dev);
}

/* -p PID: the process's threads (common_pid and tid are thread ids). */
static void add_pid_threads(FILE *f, const char *field, const char *s,
			    bool *first)
{
	unsigned long long pid;
	char path[64];
	struct dirent *de;
	DIR *d;
	int n = 0;

	if (!parse_uint(s, INT_MAX, &pid) || !pid)
		usage_error("-p '%s': not a process id", s);
	snprintf(path, sizeof(path), "/proc/%llu/task", pid);
	d = opendir(path);
	if (d) {
		while ((de = readdir(d))) {
			unsigned long long tid;

			if (!parse_uint(de->d_name, INT_MAX, &tid))
				continue;
			fprintf(f, "%s%s == %llu", *first ? "" : " || ", field, tid);
			*first = false;
			n++;
		}
		closedir(d);
	}
	if (!n) {
		/* Not a visible process (a thread id, or not started): as given. */
		if (kill((pid_t)pid, 0) && errno == ESRCH)
			usage_error("-p %llu: no such process", pid);
		fprintf(f, "%s%s == %llu", *first ? "" : " || ", field, pid);
		*first = false;
	}
}

/* The filter for the vfsmod events: our own pid never (our reads of the ring
 * buffer and writes to the terminal are vfs events too), then each option
 * kind ORed within, ANDed across.  @pid_field names the task: common_pid,
 * or tid for reads and writes (the task that asked for the I/O, where an
 * io_uring or aio completion runs in a worker or an interrupt). */
char *build_filter(const char *pid_field)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	bool first;
	int i;

	if (!f)
		die("out of memory");
	fprintf(f, "%s != %d", pid_field, (int)getpid());
	if (opt.pids.n) {
		fputs(" && (", f);
		first = true;
		for (i = 0; i < opt.pids.n; i++)
			add_pid_threads(f, pid_field, opt.pids.v[i], &first);
		fputc(')', f);
	}
	if (opt.comms.n) {
		fputs(" && (", f);
		for (i = 0; i < opt.comms.n; i++) {
			if (strlen(opt.comms.v[i]) >= COMM_LEN)
				usage_error("-c '%s': longer than %d bytes, the kernel's task names are at most %d",
					    opt.comms.v[i], COMM_LEN - 1, COMM_LEN - 1);
			if (!*opt.comms.v[i])
				usage_error("-c: empty name");
			fprintf(f, "%scomm == ", i ? " || " : "");
			put_quoted(f, opt.comms.v[i], "-c", opt.comms.v[i]);
		}
		fputc(')', f);
	}
	if (opt.globs.n) {
		fputs(" && (", f);
		for (i = 0; i < opt.globs.n; i++) {
			char *g = kernel_glob(opt.globs.v[i]);

			fprintf(f, "%sname ~ ", i ? " || " : "");
			put_quoted(f, g, "-f", opt.globs.v[i]);
			free(g);
		}
		fputc(')', f);
	}
	if (opt.devs.n) {
		fputs(" && (", f);
		for (i = 0; i < opt.devs.n; i++)
			fprintf(f, "%sdev == %llu", i ? " || " : "", parse_fs(opt.devs.v[i]));
		fputc(')', f);
	}
	if (opt.cgroups.n) {
		/* cgroup_id: the task's group at the call (schema 0.2.0). */
		fputs(" && (", f);
		for (i = 0; i < opt.cgroups.n; i++)
			fprintf(f, "%scgroup_id == %llu", i ? " || " : "",
				cgroup_arg(opt.cgroups.v[i]));
		fputc(')', f);
	}
	if (fclose(f))
		die("out of memory");
	return buf;
}

