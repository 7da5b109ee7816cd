// SPDX-License-Identifier: GPL-2.0-only
/*
 * output.c - vfsmod-top's table of an interval: on the screen and in
 * --batch with units and rates (exact integers with --raw), in --json
 * always exact.  Times are RFC 3339.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vfsmod-top.h"

/* What FILE shows: the path, else the name (no path: a pipe, an older module). */
static const char *display_name(const struct file_stat *f)
{
	if (f->path && f->path[0])
		return f->path;
	return f->name && f->name[0] ? f->name : "[anon]";
}

static uint64_t sort_value(const struct file_stat *f)
{
	switch (opt.sort) {
	case SORT_READS:
		return f->reads;
	case SORT_WRITES:
		return f->writes;
	case SORT_RBYTES:
		return f->rbytes;
	case SORT_WBYTES:
		return f->wbytes;
	case SORT_OPENS:
		return f->opens;
	default:
		return f->rbytes + f->wbytes;
	}
}

static int cmp_files(const void *pa, const void *pb)
{
	const struct file_stat *a = pa, *b = pb;
	uint64_t va = sort_value(a), vb = sort_value(b);
	uint64_t ca = a->reads + a->writes + a->opens, cb = b->reads + b->writes + b->opens;
	int c;

	if (va != vb)
		return va > vb ? -1 : 1;
	if (a->rbytes + a->wbytes != b->rbytes + b->wbytes)
		return a->rbytes + a->wbytes > b->rbytes + b->wbytes ? -1 : 1;
	if (ca != cb)
		return ca > cb ? -1 : 1;
	c = strcmp(display_name(a), display_name(b));
	if (c)
		return c;
	if (a->dev != b->dev)
		return a->dev < b->dev ? -1 : 1;
	return a->ino < b->ino ? -1 : a->ino > b->ino;
}

/* A comm for text output: control bytes as '?'. */
static void text_comm(char *dst, const char *src)
{
	size_t i;

	for (i = 0; src[i] && i < COMM_LEN - 1; i++)
		dst[i] = ((unsigned char)src[i] < 0x20 || src[i] == 0x7f) ? '?' : src[i];
	dst[i] = '\0';
}

static void json_string(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	fputc('"', out);
	while (*p) {
		unsigned char c = *p;
		int n = 0, i;

		if (c == '"' || c == '\\') {
			fprintf(out, "\\%c", c);
			p++;
			continue;
		}
		if (c < 0x20 || c == 0x7f) {
			fprintf(out, "\\u%04x", c);
			p++;
			continue;
		}
		if (c < 0x80) {
			fputc(c, out);
			p++;
			continue;
		}
		/* Copy a valid UTF-8 sequence; any other byte as U+00XX. */
		if (c >= 0xc2 && c <= 0xdf)
			n = 1;
		else if (c >= 0xe0 && c <= 0xef)
			n = 2;
		else if (c >= 0xf0 && c <= 0xf4)
			n = 3;
		for (i = 1; i <= n; i++)
			if ((p[i] & 0xc0) != 0x80)
				break;
		if (n && i > n) {
			fwrite(p, 1, (size_t)n + 1, out);
			p += n + 1;
		} else {
			fprintf(out, "\\u%04x", c);
			p++;
		}
	}
	fputc('"', out);
}

/*
 * @v in units of 1024 (K, M, G, ...), as top, iotop and ls -h show them:
 * one decimal below 10, none above; under 1024 as it is.
 */
static void human(char *buf, size_t size, double v)
{
	static const char units[] = "KMGTPE";
	int u = -1;

	while (v >= 1023.95 && u < (int)sizeof(units) - 2) {
		v /= 1024;
		u++;
	}
	if (u < 0)
		snprintf(buf, size, "%.0f", v);
	else
		snprintf(buf, size, v < 9.95 ? "%.1f%c" : "%.0f%c", v, units[u]);
}

/* A call count in a column of @width: exact while it fits, else 12K, 3.4M. */
static void count(char *buf, size_t size, uint64_t v, int width)
{
	static const char units[] = "KMGTPE";
	double d = (double)v;
	int u = -1;

	snprintf(buf, size, "%llu", (unsigned long long)v);
	if ((int)strlen(buf) <= width)
		return;
	while (d >= 999.5 && u < (int)sizeof(units) - 2) {
		d /= 1000;
		u++;
	}
	snprintf(buf, size, d < 9.95 ? "%.1f%c" : "%.0f%c", d, units[u]);
}

/* @ts as RFC 3339 local time: 2026-12-01T08:43:30+01:00. */
static void rfc3339(char *buf, size_t size, const struct timespec *ts)
{
	char zone[8];
	struct tm tm;
	size_t n;

	localtime_r(&ts->tv_sec, &tm);
	n = strftime(buf, size, "%Y-%m-%dT%H:%M:%S", &tm);
	/* strftime's %z is +hhmm; RFC 3339 wants +hh:mm. */
	if (strftime(zone, sizeof(zone), "%z", &tm) == 5)
		snprintf(buf + n, size - n, "%.3s:%s", zone, zone + 3);
	else
		snprintf(buf + n, size - n, "Z");
}

/* One line of text; on the screen cut at the terminal width and cleared to its end. */
static void __attribute__((format(printf, 3, 4)))
put_line(FILE *out, int cols, const char *fmt, ...)
{
	char *buf;
	va_list ap;
	int n;

	/* Room for any line: a path alone may take 2816 bytes. */
	va_start(ap, fmt);
	n = vasprintf(&buf, fmt, ap);
	va_end(ap);
	if (n < 0)
		die("out of memory");
	if (opt.mode == OUT_SCREEN) {
		if (cols > 0 && n > cols)
			buf[cols] = '\0';
		fprintf(out, "%s\033[K\n", buf);
	} else {
		fprintf(out, "%s\n", buf);
	}
	free(buf);
}

/* Files listed: those not hidden (pseudo files without -a). */
static bool listed(const struct file_stat *f)
{
	return opt.all || !f->pseudo;
}

static void print_json(FILE *out, const struct stats *s, int rows, int nlisted, int hidden)
{
	char tbuf[64];
	int i, shown_rows = 0;

	rfc3339(tbuf, sizeof(tbuf), &s->when);
	fprintf(out, "{\"time\":\"%s\",\"interval\":%ld,\"seconds\":%.3f,\"sort\":\"%s\","
		"\"events\":%llu,\"lost\":%llu,\"lost_exact\":%s,\"files_total\":%d,"
		"\"hidden\":%d,\"files\":[",
		tbuf, s->interval, s->secs, sort_names[opt.sort], (unsigned long long)s->events,
		(unsigned long long)s->lost, s->lost_unknown ? "false" : "true", nlisted, hidden);
	for (i = 0; i < s->nfiles && shown_rows < rows; i++) {
		const struct file_stat *f = &s->files[i];

		if (!listed(f))
			continue;
		fprintf(out, "%s{\"name\":", shown_rows++ ? "," : "");
		json_string(out, f->name ? f->name : "");
		fprintf(out, ",\"dev\":\"%u:%u\",\"ino\":%llu,\"reads\":%llu,\"writes\":%llu,"
			"\"rbytes\":%llu,\"wbytes\":%llu,\"opens\":%llu,\"pseudo\":%s,"
			"\"pid\":%d,\"comm\":",
			KDEV_MAJOR(f->dev), KDEV_MINOR(f->dev), (unsigned long long)f->ino,
			(unsigned long long)f->reads, (unsigned long long)f->writes,
			(unsigned long long)f->rbytes, (unsigned long long)f->wbytes,
			(unsigned long long)f->opens, f->pseudo ? "true" : "false", f->top_pid);
		json_string(out, f->top_comm);
		/* null: the module has no such field (before schema 0.2.0). */
		fputs(",\"path\":", out);
		if (have_path)
			json_string(out, f->path ? f->path : "");
		else
			fputs("null", out);
		if (have_cgroup && f->top_cgroup) {
			const char *cg = cgroup_path(f->top_cgroup);

			fprintf(out, ",\"cgroup_id\":%llu,\"cgroup\":", (unsigned long long)f->top_cgroup);
			if (cg)
				json_string(out, cg);
			else
				fputs("null", out);
		} else {
			fputs(",\"cgroup_id\":null,\"cgroup\":null", out);
		}
		fputc('}', out);
	}
	fputs("]}\n", out);
}

/*
 * The widths of DEV:INO, PROCESS and CGROUP: fixed in --batch (the same
 * layout every interval, for scripts), on the screen only as wide as the
 * rows shown need, so that the path gets the rest of the line.
 */
#define DEV_WIDTH 16
#define PROC_WIDTH 22
#define CGROUP_WIDTH 16
static int w_dev = DEV_WIDTH, w_proc = PROC_WIDTH, w_cg = CGROUP_WIDTH;

/*
 * The CGROUP column: the last component of the group's path ("/" for the
 * root group), cut to the column with a '+' as top(1) cuts; the id where
 * the group is not found under the cgroup2 mount; "-" where the module
 * has no cgroup_id.
 */
static void text_cgroup(char *buf, size_t size, uint64_t id)
{
	const char *p = have_cgroup && id ? cgroup_path(id) : NULL, *last;

	if (!have_cgroup || !id) {
		snprintf(buf, size, "-");
		return;
	}
	if (!p) {
		snprintf(buf, size, "%llu", (unsigned long long)id);
		return;
	}
	last = strrchr(p, '/');
	last = last && last[1] ? last + 1 : p;
	if (strlen(last) > CGROUP_WIDTH)
		snprintf(buf, size, "%.*s+", CGROUP_WIDTH - 1, last);
	else
		snprintf(buf, size, "%s", last);
}

/*
 * FILE on the screen: a path too long for what is left of the line is
 * cut from the left (the file's own name is what matters most), after
 * @used columns; elsewhere it is shown whole.
 */
static const char *fit_file(const char *file, int cols, int used)
{
	int room = cols - used, len = (int)strlen(file);

	if (opt.mode != OUT_SCREEN || cols <= 0 || len <= room)
		return file;
	if (room < 16)
		room = 16;
	if (len <= room)
		return file;
	/* The caller puts "..." before the last room - 3 bytes. */
	return file + len - (room - 3);
}

/* The text of DEV:INO, PROCESS and CGROUP for file @f. */
static void row_texts(const struct file_stat *f, char *devino, size_t dsize, char *proc,
		      size_t psize, char *cgroup, size_t csize)
{
	char comm[COMM_LEN];

	text_comm(comm, f->top_comm);
	snprintf(devino, dsize, "%u:%u:%llu", KDEV_MAJOR(f->dev), KDEV_MINOR(f->dev),
		 (unsigned long long)f->ino);
	snprintf(proc, psize, "%s/%d", comm, f->top_pid);
	text_cgroup(cgroup, csize, f->top_cgroup);
}

static void print_row(FILE *out, int cols, const struct stats *s, const struct file_stat *f)
{
	char devino[48], proc[48], cgroup[CGROUP_WIDTH + 8];
	char rb[16], wb[16], rc[16], wc[16], oc[16];
	double secs = s->secs > 0 ? s->secs : 1;
	const char *file = display_name(f), *fit;
	char line[512];
	int n;

	row_texts(f, devino, sizeof(devino), proc, sizeof(proc), cgroup, sizeof(cgroup));
	if (opt.raw) {
		n = snprintf(line, sizeof(line), "%10llu %10llu %6llu %6llu %5llu %-*s %-*s %-*s ",
			     (unsigned long long)f->rbytes, (unsigned long long)f->wbytes,
			     (unsigned long long)f->reads, (unsigned long long)f->writes,
			     (unsigned long long)f->opens, w_dev, devino, w_proc, proc, w_cg, cgroup);
	} else {
		human(rb, sizeof(rb), (double)f->rbytes / secs);
		human(wb, sizeof(wb), (double)f->wbytes / secs);
		count(rc, sizeof(rc), f->reads, 6);
		count(wc, sizeof(wc), f->writes, 6);
		count(oc, sizeof(oc), f->opens, 5);
		n = snprintf(line, sizeof(line), "%7s %7s %6s %6s %5s %-*s %-*s %-*s ",
			     rb, wb, rc, wc, oc, w_dev, devino, w_proc, proc, w_cg, cgroup);
	}
	fit = fit_file(file, cols, n);
	put_line(out, cols, "%s%s%s", line, fit != file ? "..." : "", fit);
}

/* On the screen: the widths the first @rows listed files of @s need. */
static void fit_widths(const struct stats *s, int rows)
{
	char devino[48], proc[48], cgroup[CGROUP_WIDTH + 8];
	int i, n;

	w_dev = DEV_WIDTH;
	w_proc = PROC_WIDTH;
	w_cg = CGROUP_WIDTH;
	if (opt.mode != OUT_SCREEN)
		return;
	w_dev = (int)strlen("DEV:INO");
	w_proc = (int)strlen("PROCESS");
	w_cg = (int)strlen("CGROUP");
	for (i = 0, n = 0; i < s->nfiles && n < rows; i++) {
		if (!listed(&s->files[i]))
			continue;
		row_texts(&s->files[i], devino, sizeof(devino), proc, sizeof(proc), cgroup,
			  sizeof(cgroup));
		if ((int)strlen(devino) > w_dev)
			w_dev = (int)strlen(devino);
		if ((int)strlen(proc) > w_proc)
			w_proc = (int)strlen(proc);
		if ((int)strlen(cgroup) > w_cg)
			w_cg = (int)strlen(cgroup);
		n++;
	}
}

/* Show interval @s, sorted by opt.sort (again after a key on the screen). */
void print_interval(struct stats *s)
{
	FILE *out = stdout;
	char tbuf[64], lost[32];
	int rows, cols = 0, i, nlisted = 0, hidden = 0, n;

	qsort(s->files, (size_t)s->nfiles, sizeof(*s->files), cmp_files);
	for (i = 0; i < s->nfiles; i++) {
		if (listed(&s->files[i]))
			nlisted++;
		else
			hidden++;
	}

	rows = opt.rows;
	if (opt.mode == OUT_SCREEN) {
		cols = term_cols();
		if (!rows) {
			/* The four lines above the rows and one spare below. */
			rows = term_rows() - 5;
			if (rows < 1)
				rows = 1;
		}
	} else if (!rows) {
		rows = nlisted;
	}
	if (rows > nlisted)
		rows = nlisted;

	if (opt.mode == OUT_JSON) {
		print_json(out, s, rows, nlisted, hidden);
		fflush(out);
		return;
	}

	snprintf(lost, sizeof(lost), "%llu%s", (unsigned long long)s->lost,
		 s->lost_unknown ? "+" : "");
	if (opt.mode == OUT_SCREEN) {
		struct tm tm;

		/* Home, then each line cleared to its end, then the rest of the screen. */
		fputs("\033[H", out);
		localtime_r(&s->when.tv_sec, &tm);
		strftime(tbuf, sizeof(tbuf), "%H:%M:%S", &tm);
		put_line(out, cols, "%s %s - %s  every %.1fs  sort %s  events %llu  lost %s  files %d  hidden %d",
			 PROG, VFSMOD_VERSION, tbuf, opt.delay, sort_names[opt.sort],
			 (unsigned long long)s->events, lost, nlisted, hidden);
		put_line(out, cols, "filter: %s%s", kernel_filter,
			 have_path ? "" : "  (names only: vfsmod before schema 0.2.0)");
		if (screen_keys_on())
			put_line(out, cols, "keys: q quit  < > sort  b r w R W o sort by  a %s pseudo files",
				 opt.all ? "hide" : "show");
		else
			put_line(out, cols, "%s", "");
	} else {
		rfc3339(tbuf, sizeof(tbuf), &s->when);
		put_line(out, 0, "%s %s - %s  interval %ld (%.2fs)  sort %s  events %llu  lost %s  files %d  hidden %d",
			 PROG, VFSMOD_VERSION, tbuf, s->interval, s->secs, sort_names[opt.sort],
			 (unsigned long long)s->events, lost, nlisted, hidden);
	}
	fit_widths(s, rows);
	if (opt.raw)
		put_line(out, cols, "%10s %10s %6s %6s %5s %-*s %-*s %-*s %s", "RBYTES", "WBYTES",
			 "READS", "WRITES", "OPENS", w_dev, "DEV:INO", w_proc, "PROCESS", w_cg,
			 "CGROUP", "FILE");
	else
		put_line(out, cols, "%7s %7s %6s %6s %5s %-*s %-*s %-*s %s", "READ/s", "WRITE/s",
			 "READS", "WRITES", "OPENS", w_dev, "DEV:INO", w_proc, "PROCESS", w_cg,
			 "CGROUP", "FILE");
	for (i = 0, n = 0; i < s->nfiles && n < rows; i++) {
		if (!listed(&s->files[i]))
			continue;
		print_row(out, cols, s, &s->files[i]);
		n++;
	}
	if (opt.mode == OUT_SCREEN)
		fputs("\033[J", out);
	else
		fputc('\n', out);
	fflush(out);
}
