// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfsmod-top - a live per-file I/O view built on the vfsmod trace events.
 *
 * It creates its own tracefs instance (vfsmod-top-<pid>), enables
 * vfsmod:vfs_open, vfsmod:vfs_read and vfsmod:vfs_write there (plus
 * task:task_newtask and task:task_rename to name processes that have
 * exited), pushes the filters down to the kernel as event filters, reads
 * the binary per-CPU ring buffers (trace_pipe_raw, with read(2) through
 * libtracefs's tracefs_cpu) and decodes each record with libtraceevent
 * (kbuffer, tep_get_field_val, tep_get_field_raw).  Every -d SECS it shows the files
 * with the most bytes read + written in that interval.  On exit, Ctrl-C,
 * SIGTERM, SIGHUP or an error it disables its events and removes its
 * instance; it never writes to the top-level buffer or to other instances
 * (it only removes instances left by a vfsmod-top that no longer runs).
 *
 * Only the libtracefs/libtraceevent API common to Debian bookworm
 * (libtracefs 1.6, libtraceevent 1.7) and trixie (1.8, 1.8) is used.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include <event-parse.h>
#include <kbuffer.h>
#include <tracefs.h>

#ifndef VFSMOD_VERSION
#define VFSMOD_VERSION "unknown"
#endif

#define PROG "vfsmod-top"
#define SYSTEM "vfsmod"
#define COMM_LEN 16		/* TASK_COMM_LEN, with the NUL */
#define DRAIN_NS 200000000LL	/* read the ring buffers every 0.2 s */

/* The kernel's internal dev_t, as stored in the events: major << 20 | minor. */
#define KDEV_MAJOR(d) ((unsigned int)((d) >> 20))
#define KDEV_MINOR(d) ((unsigned int)((d) & 0xfffff))

enum sort_key { SORT_BYTES, SORT_READS, SORT_WRITES, SORT_RBYTES, SORT_WBYTES, SORT_OPENS };
static const char *const sort_names[] = {
	"bytes", "reads", "writes", "rbytes", "wbytes", "opens", NULL
};

enum out_mode { OUT_SCREEN, OUT_BATCH, OUT_JSON };

/* ---- options ------------------------------------------------------------ */

struct strlist {
	char **v;
	int n;
};

static struct {
	double delay;
	int rows;		/* 0: fit the screen (20 in batch/json) */
	enum sort_key sort;
	enum out_mode mode;
	long count;		/* 0: forever */
	struct strlist pids, comms, globs, devs;	/* as given */
} opt = { .delay = 1.0 };

/* ---- state that cleanup() undoes ------------------------------------------ */

static struct tracefs_instance *inst;
static bool inst_created;
static const char *const vfs_events[] = { "vfs_open", "vfs_read", "vfs_write" };
#define NR_VFS_EVENTS 3
static const char *const task_events[] = { "task_newtask", "task_rename" };
#define NR_TASK_EVENTS 2
static bool vfs_enabled[NR_VFS_EVENTS], vfs_filtered[NR_VFS_EVENTS];
static bool task_enabled[NR_TASK_EVENTS];
static bool cursor_hidden;
static volatile sig_atomic_t stop_signal;

/* ---- decoding state -------------------------------------------------------- */

static struct tep_handle *tep;
static int id_open = -1, id_read = -1, id_write = -1;
static int id_newtask = -1, id_rename = -1;
static bool rename_has_pid;
static char *kernel_filter;	/* the filter written to the vfsmod events */
static bool cmdlines_reloaded;	/* saved_cmdlines re-read in this drain */

static void cleanup(void);

/* ---- messages ------------------------------------------------------------ */

static void __attribute__((format(printf, 1, 2), noreturn)) die(const char *fmt, ...)
{
	va_list ap;

	cleanup();
	fflush(stdout);
	fputs(PROG ": ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static void __attribute__((format(printf, 1, 2), noreturn)) usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs(PROG ": ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs(" (see " PROG " --help)\n", stderr);
	exit(2);
}

static void __attribute__((format(printf, 1, 2))) warn(const char *fmt, ...)
{
	va_list ap;

	fputs(PROG ": ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void *xmalloc(size_t n)
{
	void *p = calloc(1, n ? n : 1);

	if (!p)
		die("out of memory");
	return p;
}

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		die("out of memory");
	return p;
}

/*
 * Room for element n of a growing array v of *cap elements of size bytes
 * (doubled when full); element n comes zeroed.  Returns the array.
 */
static void *grow(void *v, int n, int *cap, size_t size)
{
	if (n == *cap) {
		*cap = *cap ? *cap * 2 : 256;
		v = xrealloc(v, (size_t)*cap * size);
	}
	memset((char *)v + (size_t)n * size, 0, size);
	return v;
}

static char *xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p)
		die("out of memory");
	return p;
}

static void strlist_add(struct strlist *l, const char *s)
{
	l->v = xrealloc(l->v, (l->n + 1) * sizeof(*l->v));
	l->v[l->n++] = xstrdup(s);
}

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* ---- a small hash table: 128-bit key -> int -------------------------------- */

struct key {
	uint64_t a, b;
};

struct table {
	struct key *keys;
	int *vals;		/* -1: empty slot */
	size_t cap, n;
};

static size_t key_hash(struct key k)
{
	uint64_t h = k.a * 0x9e3779b97f4a7c15ULL ^ (k.b + 0x7f4a7c159e3779b9ULL) * 0xbf58476d1ce4e5b9ULL;

	h ^= h >> 31;
	h *= 0x94d049bb133111ebULL;
	h ^= h >> 29;
	return (size_t)h;
}

static void table_init(struct table *t, size_t cap)
{
	size_t i;

	t->cap = cap;
	t->n = 0;
	t->keys = xmalloc(cap * sizeof(*t->keys));
	t->vals = xmalloc(cap * sizeof(*t->vals));
	for (i = 0; i < cap; i++)
		t->vals[i] = -1;
}

static void table_free(struct table *t)
{
	free(t->keys);
	free(t->vals);
	memset(t, 0, sizeof(*t));
}

static int table_get(const struct table *t, struct key k)
{
	size_t i = key_hash(k) & (t->cap - 1);

	while (t->vals[i] >= 0) {
		if (t->keys[i].a == k.a && t->keys[i].b == k.b)
			return t->vals[i];
		i = (i + 1) & (t->cap - 1);
	}
	return -1;
}

static void table_put(struct table *t, struct key k, int v);

static void table_grow(struct table *t)
{
	struct table n;
	size_t i;

	table_init(&n, t->cap * 2);
	for (i = 0; i < t->cap; i++)
		if (t->vals[i] >= 0)
			table_put(&n, t->keys[i], t->vals[i]);
	table_free(t);
	*t = n;
}

/* Insert or replace. */
static void table_put(struct table *t, struct key k, int v)
{
	size_t i;

	if ((t->n + 1) * 2 > t->cap)
		table_grow(t);
	i = key_hash(k) & (t->cap - 1);
	while (t->vals[i] >= 0) {
		if (t->keys[i].a == k.a && t->keys[i].b == k.b) {
			t->vals[i] = v;
			return;
		}
		i = (i + 1) & (t->cap - 1);
	}
	t->keys[i] = k;
	t->vals[i] = v;
	t->n++;
}

static void table_clear(struct table *t)
{
	size_t i;

	for (i = 0; i < t->cap; i++)
		t->vals[i] = -1;
	t->n = 0;
}

/* ---- per-interval statistics --------------------------------------------- */

struct file_stat {
	uint64_t ino;
	uint32_t dev;
	char *name;		/* as stored by vfsmod (escaped), last seen */
	uint64_t reads, writes, opens, rbytes, wbytes;
	/* The task with the most bytes (then calls) on this file. */
	int top_pid;
	uint64_t top_bytes, top_calls;
	char top_comm[COMM_LEN];
};

struct task_stat {		/* one task's use of one file */
	int file;
	int pid;
	uint64_t bytes, calls;
	char comm[COMM_LEN];
};

static struct {
	struct file_stat *files;
	int nfiles, files_cap;
	struct table file_idx;	/* (ino, dev) -> files[] */
	struct task_stat *tasks;
	int ntasks, tasks_cap;
	struct table task_idx;	/* (file, pid) -> tasks[] */
	uint64_t events;	/* vfsmod records decoded */
	uint64_t lost;		/* records the kernel dropped (known count) */
	bool lost_unknown;	/* ... and drops of unknown count */
} st;

/* Comm of each pid, from task_newtask/task_rename or /proc: kept across intervals. */
static struct {
	char (*comm)[COMM_LEN];
	int n, cap;
	struct table idx;	/* (pid, 0) -> comm[] */
} comms;

static void stats_reset(void)
{
	int i;

	for (i = 0; i < st.nfiles; i++)
		free(st.files[i].name);
	st.nfiles = 0;
	st.ntasks = 0;
	table_clear(&st.file_idx);
	table_clear(&st.task_idx);
	st.events = 0;
	st.lost = 0;
	st.lost_unknown = false;
}

static void comm_set(int pid, const char *comm, size_t len)
{
	struct key k = { (uint64_t)(uint32_t)pid, 0 };
	int i = table_get(&comms.idx, k);

	if (i < 0) {
		/* Forget everything now and then: pids of exited tasks. */
		if (comms.n >= 65536) {
			comms.n = 0;
			table_clear(&comms.idx);
		}
		comms.comm = grow(comms.comm, comms.n, &comms.cap, sizeof(*comms.comm));
		i = comms.n++;
		table_put(&comms.idx, k, i);
	}
	if (len >= COMM_LEN)
		len = COMM_LEN - 1;
	memcpy(comms.comm[i], comm, len);
	comms.comm[i][len] = '\0';
}

/* The name of task @pid: from the task events, else /proc, else the kernel's
 * saved_cmdlines (tasks that have exited), else "?". */
static const char *comm_get(int pid)
{
	struct key k = { (uint64_t)(uint32_t)pid, 0 };
	char path[64], buf[COMM_LEN + 2];
	const char *c;
	ssize_t n;
	FILE *f;
	int i = table_get(&comms.idx, k);

	if (i >= 0)
		return comms.comm[i];
	snprintf(path, sizeof(path), "/proc/%d/comm", pid);
	f = fopen(path, "re");
	if (f) {
		n = (ssize_t)fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
		if (n > 0) {
			if (buf[n - 1] == '\n')
				n--;
			comm_set(pid, buf, (size_t)n);
			return comm_get(pid);
		}
	}
	c = tep_data_comm_from_pid(tep, pid);
	if ((!c || !strcmp(c, "<...>")) && !cmdlines_reloaded) {
		cmdlines_reloaded = true;
		tracefs_load_cmdlines(NULL, tep);
		c = tep_data_comm_from_pid(tep, pid);
	}
	if (c && strcmp(c, "<...>")) {
		comm_set(pid, c, strlen(c));
		return comm_get(pid);
	}
	return "?";
}

static struct file_stat *file_get(uint32_t dev, uint64_t ino, const char *name, int len)
{
	struct key k = { ino, dev };
	struct file_stat *f;
	int i = table_get(&st.file_idx, k);

	if (i < 0) {
		st.files = grow(st.files, st.nfiles, &st.files_cap, sizeof(*st.files));
		i = st.nfiles++;
		f = &st.files[i];
		f->dev = dev;
		f->ino = ino;
		table_put(&st.file_idx, k, i);
	}
	f = &st.files[i];
	/* The name as last seen (a rename shows up with the next access). */
	if (name && (!f->name || strncmp(f->name, name, len) || f->name[len])) {
		free(f->name);
		f->name = xmalloc(len + 1);
		memcpy(f->name, name, len);
	}
	return f;
}

static void task_account(struct file_stat *f, int pid, uint64_t bytes)
{
	struct key k = { (uint64_t)(f - st.files), (uint64_t)(uint32_t)pid };
	struct task_stat *t;
	int i = table_get(&st.task_idx, k);

	if (i < 0) {
		st.tasks = grow(st.tasks, st.ntasks, &st.tasks_cap, sizeof(*st.tasks));
		i = st.ntasks++;
		t = &st.tasks[i];
		t->file = (int)(f - st.files);
		t->pid = pid;
		table_put(&st.task_idx, k, i);
	}
	t = &st.tasks[i];
	t->bytes += bytes;
	t->calls++;
	/* The name the task had at its latest access. */
	snprintf(t->comm, sizeof(t->comm), "%s", comm_get(pid));
}

/* Each file's top task, once per interval. */
static void stats_finish(void)
{
	int i;

	for (i = 0; i < st.ntasks; i++) {
		struct task_stat *t = &st.tasks[i];
		struct file_stat *f = &st.files[t->file];

		if (!f->top_calls || t->bytes > f->top_bytes ||
		    (t->bytes == f->top_bytes && t->calls > f->top_calls) ||
		    (t->bytes == f->top_bytes && t->calls == f->top_calls && t->pid < f->top_pid)) {
			f->top_pid = t->pid;
			f->top_bytes = t->bytes;
			f->top_calls = t->calls;
			memcpy(f->top_comm, t->comm, sizeof(f->top_comm));
		}
	}
}

/* ---- record decoding ------------------------------------------------------- */

static bool field_u64(struct tep_event *ev, struct tep_record *rec, const char *name,
		      unsigned long long *val)
{
	return tep_get_field_val(NULL, ev, name, rec, val, 0) == 0;
}

/* A string field: __data_loc (vfsmod names) or a fixed char array (comm). */
static const char *field_str(struct tep_event *ev, struct tep_record *rec, const char *name,
			     int *len)
{
	const char *p = tep_get_field_raw(NULL, ev, name, rec, len, 0);

	if (!p || *len < 0)
		return NULL;
	*len = (int)strnlen(p, (size_t)*len);
	return p;
}

/* @missed: what a ring buffer page says was lost before its first event. */
static void account_missed(int missed)
{
	if (missed > 0)
		st.lost += (uint64_t)missed;
	else if (missed < 0)
		st.lost_unknown = true;
}

static void on_record(struct tep_event *ev, struct tep_record *rec)
{
	unsigned long long ino, dev, ret, pidv;
	struct file_stat *f;
	const char *name;
	int pid, len;

	if (ev->id == id_newtask || ev->id == id_rename) {
		const char *c;

		if (ev->id == id_newtask) {
			if (!field_u64(ev, rec, "pid", &pidv))
				return;
			c = field_str(ev, rec, "comm", &len);
		} else {
			if (!rename_has_pid || !field_u64(ev, rec, "pid", &pidv))
				pidv = (unsigned long long)tep_data_pid(tep, rec);
			c = field_str(ev, rec, "newcomm", &len);
		}
		if (c)
			comm_set((int)pidv, c, (size_t)len);
		return;
	}
	if (ev->id != id_open && ev->id != id_read && ev->id != id_write)
		return;

	st.events++;
	pid = tep_data_pid(tep, rec);
	if (!field_u64(ev, rec, "ino", &ino) || !field_u64(ev, rec, "dev", &dev) ||
	    !field_u64(ev, rec, "ret", &ret))
		return;
	name = field_str(ev, rec, "name", &len);
	f = file_get((uint32_t)dev, ino, name, name ? len : 0);
	if (ev->id == id_open) {
		f->opens++;
		task_account(f, pid, 0);
	} else {
		/* ret is an s64: bytes transferred, or -errno. */
		int64_t r = (int64_t)ret;
		uint64_t bytes = r > 0 ? (uint64_t)r : 0;

		if (ev->id == id_read) {
			f->reads++;
			f->rbytes += bytes;
		} else {
			f->writes++;
			f->wbytes += bytes;
		}
		task_account(f, pid, bytes);
	}
}

/*
 * Calls the module saw but could not record (probe misses: recursion, no
 * free return slot; or dropped by vfsmod) never reach a ring buffer, so
 * missed_events cannot show them.  The module counts them per event in
 * debugfs: the "missed" column of the events this tool enables.  Counted
 * for every process (a filter cannot apply to a call never recorded).
 */
#define MODULE_STATS "/sys/kernel/debug/vfsmod/stats"

static bool module_missed(uint64_t *sum)
{
	FILE *f = fopen(MODULE_STATS, "re");
	char line[256], ev[64];
	unsigned long long hits, missed;
	int attached, i, n = 0;

	if (!f)
		return false;
	*sum = 0;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%63s %d %llu %llu", ev, &attached, &hits, &missed) != 4)
			continue;
		for (i = 0; i < NR_VFS_EVENTS; i++) {
			if (!strcmp(ev, vfs_events[i])) {
				*sum += missed;
				n++;
			}
		}
	}
	fclose(f);
	return n == NR_VFS_EVENTS;
}

/*
 * One reader per CPU: its trace_pipe_raw, opened once and read with
 * read(2), which hands out exactly what it consumes.  Not
 * tracefs_iterate_raw_events(): from libtracefs 1.8 it reads through the
 * memory-mapped ring buffer, whose reader ioctl also marks as read the
 * events written since the library last looked at the page; when that
 * ioctl is the library's last look before it closes the file, those
 * events are gone, with no loss reported (the likely cause of the one
 * 4 KiB write in 256 missing on the debug kernel).
 */
struct cpu_reader {
	struct tracefs_cpu *tcpu;
	struct kbuffer *kbuf;
	void *page;		/* one sub-buffer, as read(2) returns it */
	int cpu;
	bool loaded;		/* kbuf holds a page */
	bool dry;		/* nothing more to read in this drain */
	void *data;		/* the next event not yet processed, or NULL */
	unsigned long long ts;	/* its time stamp */
};

static struct cpu_reader *readers;
static int nr_readers;

static void readers_close(void)
{
	int i;

	for (i = 0; i < nr_readers; i++) {
		tracefs_cpu_close(readers[i].tcpu);
		kbuffer_free(readers[i].kbuf);
		free(readers[i].page);
	}
	free(readers);
	readers = NULL;
	nr_readers = 0;
}

static void readers_open(void)
{
	long n = sysconf(_SC_NPROCESSORS_CONF);
	int cpu;

	if (n < 1)
		n = 1;
	readers = calloc((size_t)n, sizeof(*readers));
	if (!readers)
		die("out of memory");
	for (cpu = 0; cpu < n; cpu++) {
		struct cpu_reader *r = &readers[nr_readers];
		struct tracefs_cpu *tcpu = tracefs_cpu_open(inst, cpu, true);
		int size;

		if (!tcpu) {
			/* A CPU that cannot come online has no per_cpu directory. */
			if (errno == ENOENT)
				continue;
			die("cannot open per_cpu/cpu%d/trace_pipe_raw of instance %s: %s", cpu,
			    tracefs_instance_get_name(inst), strerror(errno));
		}
		r->tcpu = tcpu;
		r->cpu = cpu;
		nr_readers++;
		size = tracefs_cpu_read_size(tcpu);
		r->page = size > 0 ? malloc((size_t)size) : NULL;
		r->kbuf = kbuffer_alloc(KBUFFER_LSIZE_SAME_AS_HOST, KBUFFER_ENDIAN_SAME_AS_HOST);
		if (!r->page || !r->kbuf)
			die("out of memory");
	}
	if (!nr_readers)
		die("instance %s has no per-CPU buffers", tracefs_instance_get_name(inst));
}

/* Make @r's next event current; false when its buffer is empty for now. */
static bool reader_next(struct cpu_reader *r)
{
	int n;

	while (!r->data && !r->dry) {
		if (r->loaded) {
			r->data = kbuffer_read_event(r->kbuf, &r->ts);
			if (r->data)
				break;
			r->loaded = false;
		}
		errno = 0;
		n = tracefs_cpu_read(r->tcpu, r->page, true);
		if (n < 0 && errno != EAGAIN && !stop_signal)
			die("cannot read per_cpu/cpu%d/trace_pipe_raw of instance %s: %s", r->cpu,
			    tracefs_instance_get_name(inst), strerror(errno));
		if (n <= 0) {
			r->dry = true;
			break;
		}
		kbuffer_load_subbuffer(r->kbuf, r->page);
		r->loaded = true;
		account_missed(kbuffer_missed_events(r->kbuf));
	}
	return r->data;
}

/* Hand @r's current event to on_record() and step past it. */
static void reader_consume(struct cpu_reader *r)
{
	struct tep_record rec;
	struct tep_event *ev;

	memset(&rec, 0, sizeof(rec));
	rec.ts = r->ts;
	rec.cpu = r->cpu;
	rec.size = kbuffer_event_size(r->kbuf);
	rec.record_size = kbuffer_curr_size(r->kbuf);
	rec.data = r->data;
	rec.ref_count = 1;
	ev = tep_find_event(tep, tep_data_type(tep, &rec));
	if (ev)
		on_record(ev, &rec);
	kbuffer_next_event(r->kbuf, NULL);
	r->data = NULL;
}

static uint64_t missed_seen;	/* module_missed() at the last drain */
static bool missed_known;

/*
 * Read everything the ring buffers hold now (consuming it), in time order
 * across CPUs (a task's new name before its later events).  A CPU found
 * empty is not read again in this drain: its new events wait for the next.
 */
static void drain(void)
{
	uint64_t missed;
	int i;

	cmdlines_reloaded = false;
	for (i = 0; i < nr_readers; i++)
		readers[i].dry = false;
	while (!stop_signal) {
		struct cpu_reader *next = NULL;

		for (i = 0; i < nr_readers; i++) {
			if (reader_next(&readers[i]) && (!next || readers[i].ts < next->ts))
				next = &readers[i];
		}
		if (!next)
			break;
		reader_consume(next);
	}
	if (missed_known && module_missed(&missed)) {
		/* A reload restarts the counters: a smaller value is all new. */
		st.lost += missed >= missed_seen ? missed - missed_seen : missed;
		missed_seen = missed;
	} else {
		/* debugfs not mounted or not readable: misses at the probe unknown */
		st.lost_unknown = true;
	}
}

/* ---- output ---------------------------------------------------------------- */

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
	c = strcmp(a->name ? a->name : "", b->name ? b->name : "");
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

static const char *display_name(const struct file_stat *f)
{
	return f->name && f->name[0] ? f->name : "[anon]";
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

static int term_rows(void)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0)
		return ws.ws_row;
	return 24;
}

static int term_cols(void)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 80;
}

#define HEADER_FMT "%10s %10s %6s %6s %5s %-16s %-22s %s"

/* One line of text; on the screen cut at the terminal width and cleared to its end. */
static void __attribute__((format(printf, 3, 4)))
put_line(FILE *out, int cols, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (opt.mode == OUT_SCREEN) {
		if (cols > 0 && (int)strlen(buf) > cols)
			buf[cols] = '\0';
		fprintf(out, "%s\033[K\n", buf);
	} else {
		fprintf(out, "%s\n", buf);
	}
}

static void print_interval(long n, double secs)
{
	FILE *out = stdout;
	char tbuf[64], comm[COMM_LEN], devino[48], proc[48], lost[32];
	struct timespec ts;
	struct tm tm;
	int rows, cols = 0, i;

	stats_finish();
	qsort(st.files, (size_t)st.nfiles, sizeof(*st.files), cmp_files);
	clock_gettime(CLOCK_REALTIME, &ts);
	localtime_r(&ts.tv_sec, &tm);

	rows = opt.rows;
	if (opt.mode == OUT_SCREEN) {
		cols = term_cols();
		if (!rows) {
			rows = term_rows() - 5;
			if (rows < 1)
				rows = 1;
		}
	} else if (!rows) {
		rows = 20;
	}
	if (rows > st.nfiles)
		rows = st.nfiles;

	if (opt.mode == OUT_JSON) {
		strftime(tbuf, sizeof(tbuf), "%Y-%m-%dT%H:%M:%S%z", &tm);
		fprintf(out, "{\"time\":\"%s\",\"interval\":%ld,\"seconds\":%.3f,\"sort\":\"%s\","
			"\"events\":%llu,\"lost\":%llu,\"lost_exact\":%s,\"files_total\":%d,\"files\":[",
			tbuf, n, secs, sort_names[opt.sort], (unsigned long long)st.events,
			(unsigned long long)st.lost, st.lost_unknown ? "false" : "true", st.nfiles);
		for (i = 0; i < rows; i++) {
			const struct file_stat *f = &st.files[i];

			fprintf(out, "%s{\"name\":", i ? "," : "");
			json_string(out, f->name ? f->name : "");
			fprintf(out, ",\"dev\":\"%u:%u\",\"ino\":%llu,\"reads\":%llu,\"writes\":%llu,"
				"\"rbytes\":%llu,\"wbytes\":%llu,\"opens\":%llu,\"pid\":%d,\"comm\":",
				KDEV_MAJOR(f->dev), KDEV_MINOR(f->dev), (unsigned long long)f->ino,
				(unsigned long long)f->reads, (unsigned long long)f->writes,
				(unsigned long long)f->rbytes, (unsigned long long)f->wbytes,
				(unsigned long long)f->opens, f->top_pid);
			json_string(out, f->top_comm);
			fputc('}', out);
		}
		fputs("]}\n", out);
		fflush(out);
		return;
	}

	snprintf(lost, sizeof(lost), "%llu%s", (unsigned long long)st.lost, st.lost_unknown ? "+" : "");
	if (opt.mode == OUT_SCREEN) {
		/* Home, then each line cleared to its end, then the rest of the screen. */
		fputs("\033[H", out);
		strftime(tbuf, sizeof(tbuf), "%H:%M:%S", &tm);
		put_line(out, cols, "%s %s - %s  every %.1fs  sort %s  events %llu  lost %s  files %d",
			 PROG, VFSMOD_VERSION, tbuf, opt.delay, sort_names[opt.sort],
			 (unsigned long long)st.events, lost, st.nfiles);
		put_line(out, cols, "filter: %s", kernel_filter);
		put_line(out, cols, "%s", "");
	} else {
		strftime(tbuf, sizeof(tbuf), "%Y-%m-%d %H:%M:%S", &tm);
		put_line(out, 0, "%s %s - %s  interval %ld (%.2fs)  sort %s  events %llu  lost %s  files %d",
			 PROG, VFSMOD_VERSION, tbuf, n, secs, sort_names[opt.sort],
			 (unsigned long long)st.events, lost, st.nfiles);
	}
	put_line(out, cols, HEADER_FMT, "RBYTES", "WBYTES", "READS", "WRITES", "OPENS",
		 "DEV:INO", "PROCESS", "FILE");
	for (i = 0; i < rows; i++) {
		const struct file_stat *f = &st.files[i];

		text_comm(comm, f->top_comm);
		snprintf(devino, sizeof(devino), "%u:%u:%llu", KDEV_MAJOR(f->dev),
			 KDEV_MINOR(f->dev), (unsigned long long)f->ino);
		snprintf(proc, sizeof(proc), "%s/%d", comm, f->top_pid);
		put_line(out, cols, "%10llu %10llu %6llu %6llu %5llu %-16s %-22s %s",
			 (unsigned long long)f->rbytes, (unsigned long long)f->wbytes,
			 (unsigned long long)f->reads, (unsigned long long)f->writes,
			 (unsigned long long)f->opens, devino, proc, display_name(f));
	}
	if (opt.mode == OUT_SCREEN)
		fputs("\033[J", out);
	else
		fputc('\n', out);
	fflush(out);
}

/* ---- filters ----------------------------------------------------------------- */

/* Is @c stored as itself by vfsmod (docs/events.md, "escaping")? */
static bool name_byte_plain(unsigned char c)
{
	return c > ' ' && c < 0x7f && c != '=' && c != '\\';
}

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
					if (!name_byte_plain(*q) && *q != '\\')
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
		if (name_byte_plain(c)) {
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

static bool parse_uint(const char *s, unsigned long long max, unsigned long long *v)
{
	char *end;

	if (!*s || !isdigit((unsigned char)*s))
		return false;
	errno = 0;
	*v = strtoull(s, &end, 10);
	return !errno && !*end && *v <= max;
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

/* -p PID: the process's threads (common_pid is a thread id). */
static void add_pid_threads(FILE *f, const char *s, bool *first)
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
			fprintf(f, "%scommon_pid == %llu", *first ? "" : " || ", tid);
			*first = false;
			n++;
		}
		closedir(d);
	}
	if (!n) {
		/* Not a visible process (a thread id, or not started): as given. */
		if (kill((pid_t)pid, 0) && errno == ESRCH)
			usage_error("-p %llu: no such process", pid);
		fprintf(f, "%scommon_pid == %llu", *first ? "" : " || ", pid);
		*first = false;
	}
}

/* The filter for the vfsmod events: our own pid never (our reads of the ring
 * buffer and writes to the terminal are vfs events too), then each option
 * kind ORed within, ANDed across. */
static char *build_filter(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	bool first;
	int i;

	if (!f)
		die("out of memory");
	fprintf(f, "common_pid != %d", (int)getpid());
	if (opt.pids.n) {
		fputs(" && (", f);
		first = true;
		for (i = 0; i < opt.pids.n; i++)
			add_pid_threads(f, opt.pids.v[i], &first);
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
	if (fclose(f))
		die("out of memory");
	return buf;
}

/* The kernel's complaint about a filter it refused (the file's last line). */
static char *filter_error(const char *event)
{
	char *s = tracefs_event_file_read(inst, SYSTEM, event, "filter", NULL);
	char *line, *last = NULL, *save = NULL, *r;

	if (!s)
		return xstrdup("no reason given");
	for (line = strtok_r(s, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		if (*line && strcmp(line, "none"))
			last = line;
	r = xstrdup(last ? last : "no reason given");
	free(s);
	return r;
}

/* ---- setup and cleanup ------------------------------------------------------- */

static void cleanup(void)
{
	int i;

	if (cursor_hidden) {
		fputs("\033[?25h", stdout);
		fflush(stdout);
		cursor_hidden = false;
	}
	if (!inst)
		return;
	/* Before the rmdir below: an open trace_pipe_raw makes it EBUSY. */
	readers_close();
	for (i = 0; i < NR_VFS_EVENTS; i++) {
		if (vfs_enabled[i])
			tracefs_event_file_write(inst, SYSTEM, vfs_events[i], "enable", "0");
		if (vfs_filtered[i])
			tracefs_event_file_write(inst, SYSTEM, vfs_events[i], "filter", "0");
		vfs_enabled[i] = vfs_filtered[i] = false;
	}
	for (i = 0; i < NR_TASK_EVENTS; i++) {
		if (task_enabled[i])
			tracefs_event_file_write(inst, "task", task_events[i], "enable", "0");
		task_enabled[i] = false;
	}
	if (inst_created) {
		/* rmdir fails with EBUSY while a file of the instance is open. */
		for (i = 0; i < 50; i++) {
			if (!tracefs_instance_destroy(inst) || errno == ENOENT)
				break;
			usleep(100000);
		}
		if (i == 50)
			warn("could not remove tracefs instance %s: %s (rmdir it by hand)",
			     tracefs_instance_get_name(inst), strerror(errno));
		inst_created = false;
	}
	tracefs_instance_free(inst);
	inst = NULL;
}

static void on_signal(int sig)
{
	stop_signal = sig;
}

static void setup_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: a signal ends the sleep between reads. */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGQUIT, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
}

/* Instances named vfsmod-top-<pid> whose process is gone (it was killed
 * with SIGKILL and could not clean up): remove them. */
static void remove_stale_instances(const char *tdir)
{
	char path[PATH_MAX];
	struct dirent *de;
	DIR *d;

	snprintf(path, sizeof(path), "%s/instances", tdir);
	d = opendir(path);
	if (!d)
		return;
	while ((de = readdir(d))) {
		unsigned long long pid;
		struct tracefs_instance *old;
		int i;

		if (strncmp(de->d_name, PROG "-", strlen(PROG) + 1) ||
		    !parse_uint(de->d_name + strlen(PROG) + 1, INT_MAX, &pid) ||
		    (pid_t)pid == getpid())
			continue;
		if (!kill((pid_t)pid, 0) || errno != ESRCH)
			continue;
		old = tracefs_instance_alloc(tdir, de->d_name);
		if (!old)
			continue;
		for (i = 0; i < NR_VFS_EVENTS; i++)
			tracefs_event_file_write(old, SYSTEM, vfs_events[i], "enable", "0");
		if (tracefs_instance_destroy(old) == 0)
			warn("removed instance %s, left by a vfsmod-top that was killed", de->d_name);
		tracefs_instance_free(old);
	}
	closedir(d);
}

static void setup(void)
{
	const char *systems[] = { SYSTEM, "task", NULL };
	const char *tdir = NULL;
	char name[64], path[PATH_MAX];
	struct tep_event *ev;
	int i;

	if (geteuid() != 0)
		die("must be run as root (it creates a tracefs instance)");
	if (tracefs_tracing_dir_is_mounted(false, &tdir) != 1 || !tdir)
		die("tracefs is not mounted (mount -t tracefs nodev /sys/kernel/tracing)");
	/* Use that one (libtracefs would otherwise mount tracefs itself). */
	if (tracefs_set_tracing_dir((char *)tdir))
		die("cannot use tracefs at %s: %s", tdir, strerror(errno));
	snprintf(path, sizeof(path), "%s/events/%s/vfs_read", tdir, SYSTEM);
	if (access(path, F_OK)) {
		if (access("/sys/module/vfsmod", F_OK))
			die("the vfsmod module is not loaded (modprobe vfsmod)");
		die("vfsmod is loaded but %s is missing (a vfsmod too old or too new for this tool?)", path);
	}

	tracefs_set_loglevel(TEP_LOG_NONE);
	tep_set_loglevel(TEP_LOG_NONE);
	tep = tracefs_local_events_system(tdir, systems);
	if (!tep)
		die("cannot parse the event formats under %s/events", tdir);
	ev = tep_find_event_by_name(tep, SYSTEM, "vfs_open");
	id_open = ev ? ev->id : -1;
	ev = tep_find_event_by_name(tep, SYSTEM, "vfs_read");
	id_read = ev ? ev->id : -1;
	ev = tep_find_event_by_name(tep, SYSTEM, "vfs_write");
	id_write = ev ? ev->id : -1;
	if (id_open < 0 || id_read < 0 || id_write < 0)
		die("cannot parse the format of the vfsmod events (libtraceevent)");
	for (i = 0; i < NR_VFS_EVENTS; i++) {
		ev = tep_find_event_by_name(tep, SYSTEM, vfs_events[i]);
		if (!tep_find_field(ev, "ino") || !tep_find_field(ev, "dev") ||
		    !tep_find_field(ev, "ret") || !tep_find_field(ev, "name"))
			die("vfsmod:%s lacks one of the fields ino, dev, ret, name", vfs_events[i]);
	}
	ev = tep_find_event_by_name(tep, "task", "task_newtask");
	id_newtask = ev && tep_find_field(ev, "pid") && tep_find_field(ev, "comm") ? ev->id : -1;
	ev = tep_find_event_by_name(tep, "task", "task_rename");
	id_rename = ev && tep_find_field(ev, "newcomm") ? ev->id : -1;
	rename_has_pid = ev && tep_find_field(ev, "pid");

	remove_stale_instances(tdir);
	snprintf(name, sizeof(name), "%s-%d", PROG, (int)getpid());
	inst = tracefs_instance_create(name);
	if (!inst)
		die("cannot create tracefs instance %s/instances/%s: %s", tdir, name, strerror(errno));
	inst_created = true;
	if (!tracefs_instance_is_new(inst))
		warn("reusing instance %s, left by an earlier vfsmod-top", name);

	for (i = 0; i < NR_VFS_EVENTS; i++) {
		vfs_filtered[i] = true;
		if (tracefs_event_file_write(inst, SYSTEM, vfs_events[i], "filter", kernel_filter) < 0) {
			int e = errno;
			char *why = filter_error(vfs_events[i]);

			die("the kernel refused the filter \"%s\" on vfsmod:%s: %s (%s)",
			    kernel_filter, vfs_events[i], why, strerror(e));
		}
	}
	for (i = 0; i < NR_TASK_EVENTS; i++) {
		int id = i ? id_rename : id_newtask;

		if (id >= 0 && tracefs_event_file_write(inst, "task", task_events[i], "enable", "1") >= 0)
			task_enabled[i] = true;
	}
	for (i = 0; i < NR_VFS_EVENTS; i++) {
		vfs_enabled[i] = true;
		if (tracefs_event_file_write(inst, SYSTEM, vfs_events[i], "enable", "1") < 0)
			die("cannot enable vfsmod:%s in instance %s: %s", vfs_events[i], name,
			    strerror(errno));
	}
	readers_open();
	missed_known = module_missed(&missed_seen);
}

/* Still there?  (rmmod vfsmod removes its events from every instance.) */
static void check_module(void)
{
	char *dir = tracefs_instance_get_dir(inst);
	char path[PATH_MAX];

	if (!dir)
		return;
	snprintf(path, sizeof(path), "%s/events/%s/vfs_read", dir, SYSTEM);
	tracefs_put_tracing_file(dir);
	if (access(path, F_OK))
		die("the vfsmod module was unloaded");
}

/* ---- main ---------------------------------------------------------------- */

static void usage(FILE *f)
{
	fprintf(f,
"Usage: " PROG " [OPTIONS]\n"
"Live per-file I/O from the vfsmod trace events: the files with the most bytes\n"
"read + written in each interval, with reads, writes, opens and the top process.\n"
"\n"
"  -d, --delay SECS   interval between updates (default 1, fractions allowed)\n"
"  -n, --rows N       files shown per interval (default: fit the screen; 20 with\n"
"                     --batch or --json)\n"
"  -s, --sort KEY     bytes (read + written, the default), reads, writes, rbytes,\n"
"                     wbytes or opens\n"
"  -p, --pid PID      only this process (all its threads at start-up)\n"
"  -c, --comm COMM    only tasks named COMM (exactly, as in /proc/PID/comm)\n"
"  -f, --file GLOB    only files whose name (the last path component) matches\n"
"                     GLOB: *, ?, [...], \\ quotes the next character\n"
"      --fs DEV       only the filesystem DEV: MAJOR:MINOR, or a path on it\n"
"  -b, --batch        plain text, one block per interval, no screen control\n"
"                     (the default when standard output is not a terminal)\n"
"  -j, --json         one JSON object per interval, one per line\n"
"  -N, --count N      stop after N intervals\n"
"  -h, --help         this help\n"
"  -V, --version      print the version\n"
"      --print-filter print the kernel event filter the options make, and exit\n"
"\n"
"-p, -c, -f and --fs may be repeated (ORed within a kind, ANDed across kinds)\n"
"and are pushed down to the kernel as event filters.  Needs root and the vfsmod\n"
"module (modprobe vfsmod).  Uses its own tracefs instance (" PROG "-<pid>),\n"
"removed on exit, Ctrl-C, SIGTERM and errors; other tracing is left alone.\n"
"\n"
"Examples:\n"
"  " PROG "                          top files, refreshed every second\n"
"  " PROG " -s wbytes -f '*.log'     the busiest log files by bytes written\n"
"  " PROG " -c postgres --fs /var    what postgres does on /var's filesystem\n"
"  " PROG " --json -d 5 -N 12        one minute of 5-second JSON summaries\n"
"\n"
"See " PROG "(8).\n");
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "delay", required_argument, NULL, 'd' },
		{ "rows", required_argument, NULL, 'n' },
		{ "sort", required_argument, NULL, 's' },
		{ "pid", required_argument, NULL, 'p' },
		{ "comm", required_argument, NULL, 'c' },
		{ "file", required_argument, NULL, 'f' },
		{ "fs", required_argument, NULL, 'F' },
		{ "batch", no_argument, NULL, 'b' },
		{ "json", no_argument, NULL, 'j' },
		{ "count", required_argument, NULL, 'N' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "print-filter", no_argument, NULL, 'P' },
		{ NULL, 0, NULL, 0 }
	};
	bool batch = false, json = false, print_filter = false;
	unsigned long long v;
	int64_t start, end, next, t;
	long n = 0;
	char *e;
	int c, i;

	while ((c = getopt_long(argc, argv, "d:n:s:p:c:f:bjN:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			errno = 0;
			opt.delay = strtod(optarg, &e);
			if (errno || e == optarg || *e || !isfinite(opt.delay) ||
			    opt.delay < 0.1 || opt.delay > 86400)
				usage_error("-d '%s': not a number of seconds from 0.1 to 86400", optarg);
			break;
		case 'n':
			if (!parse_uint(optarg, 1000000, &v) || !v)
				usage_error("-n '%s': not a positive number of rows", optarg);
			opt.rows = (int)v;
			break;
		case 's':
			for (i = 0; sort_names[i]; i++)
				if (!strcmp(optarg, sort_names[i]))
					break;
			if (!sort_names[i])
				usage_error("-s '%s': sort by bytes, reads, writes, rbytes, wbytes or opens", optarg);
			opt.sort = (enum sort_key)i;
			break;
		case 'p':
			strlist_add(&opt.pids, optarg);
			break;
		case 'c':
			strlist_add(&opt.comms, optarg);
			break;
		case 'f':
			strlist_add(&opt.globs, optarg);
			break;
		case 'F':
			strlist_add(&opt.devs, optarg);
			break;
		case 'b':
			batch = true;
			break;
		case 'j':
			json = true;
			break;
		case 'N':
			if (!parse_uint(optarg, LONG_MAX, &v) || !v)
				usage_error("--count '%s': not a positive number", optarg);
			opt.count = (long)v;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("%s %s\n", PROG, VFSMOD_VERSION);
			return 0;
		case 'P':
			print_filter = true;
			break;
		default:
			fputs("Try '" PROG " --help'.\n", stderr);
			return 2;
		}
	}
	if (optind < argc)
		usage_error("unexpected argument '%s'", argv[optind]);
	if (batch && json)
		usage_error("--batch and --json exclude each other");
	opt.mode = json ? OUT_JSON : batch || !isatty(STDOUT_FILENO) ? OUT_BATCH : OUT_SCREEN;

	table_init(&st.file_idx, 1024);
	table_init(&st.task_idx, 1024);
	table_init(&comms.idx, 1024);

	/* Options are checked before anything is touched. */
	kernel_filter = build_filter();
	if (print_filter) {
		printf("%s\n", kernel_filter);
		return 0;
	}
	setup_signals();
	setup();

	if (opt.mode == OUT_SCREEN) {
		fputs("\033[?25l\033[H\033[2J", stdout);
		cursor_hidden = true;
		printf("%s %s: collecting for %.1fs (filter: %s)...\n", PROG, VFSMOD_VERSION,
		       opt.delay, kernel_filter);
		fflush(stdout);
	}

	start = now_ns();
	end = start + (int64_t)(opt.delay * 1e9);
	while (!stop_signal) {
		struct timespec ts;

		next = now_ns() + DRAIN_NS;
		if (next > end)
			next = end;
		t = next - now_ns();
		if (t > 0) {
			ts.tv_sec = t / 1000000000LL;
			ts.tv_nsec = t % 1000000000LL;
			nanosleep(&ts, NULL);	/* EINTR on a signal */
		}
		if (stop_signal)
			break;
		drain();
		if (now_ns() < end)
			continue;
		check_module();
		t = now_ns();
		print_interval(++n, (double)(t - start) / 1e9);
		if (ferror(stdout)) {
			/* A closed pipe (| head) or a full disk. */
			if (errno == EPIPE)
				break;
			die("cannot write the output: %s", strerror(errno));
		}
		stats_reset();
		if (opt.count && n >= opt.count)
			break;
		start = t;
		end += (int64_t)(opt.delay * 1e9);
		if (end <= t)
			end = t + (int64_t)(opt.delay * 1e9);
	}
	cleanup();
	tep_free(tep);
	if (stop_signal && stop_signal != SIGINT && stop_signal != SIGTERM && stop_signal != SIGHUP)
		return 128 + stop_signal;
	return 0;
}
