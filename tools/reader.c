// SPDX-License-Identifier: GPL-2.0-only
/*
 * reader.c - vfsmod-top's reading of the ring buffers: each CPU's
 * trace_pipe_raw with read(2), records merged in time order, decoded with
 * libtraceevent and handed to the statistics; and the loss count.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <kbuffer.h>

#include "vfsmod-top.h"

bool cmdlines_reloaded;

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
	unsigned long long ino, dev, ret, pidv, cgroup = 0;
	struct file_stat *f;
	const char *name, *path = NULL;
	int pid, len, plen = 0;

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
	/*
	 * Reads and writes name the task that asked in tid: an asynchronous
	 * completion runs in a worker or an interrupt (common_pid), but its
	 * bytes are the submitter's.  Modules before tid: common_pid.
	 */
	if (ev->id != id_open && field_u64(ev, rec, "tid", &pidv) && (int)pidv > 0)
		pid = (int)pidv;
	name = field_str(ev, rec, "name", &len);
	if (have_path)
		path = field_str(ev, rec, "path", &plen);
	if (have_cgroup && !field_u64(ev, rec, "cgroup_id", &cgroup))
		cgroup = 0;
	f = file_get((uint32_t)dev, ino, name, name ? len : 0, path, path ? plen : 0);
	if (ev->id == id_open) {
		f->opens++;
		task_account(f, pid, 0, cgroup);
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
		task_account(f, pid, bytes, cgroup);
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

static uint64_t missed_seen;	/* module_missed() at the last drain */
static bool missed_known;

void readers_close(void)
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

void readers_open(void)
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
	missed_known = module_missed(&missed_seen);
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

/*
 * Read everything the ring buffers hold now (consuming it), in time order
 * across CPUs (a task's new name before its later events).  A CPU found
 * empty is not read again in this drain: its new events wait for the next.
 */
void drain(void)
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
