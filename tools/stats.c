// SPDX-License-Identifier: GPL-2.0-only
/*
 * stats.c - vfsmod-top's per-interval statistics: bytes and calls per
 * file, per task on each file, and the name of each task.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vfsmod-top.h"

struct stats st, shown;

/* Comm of each pid, from task_newtask/task_rename or /proc: kept across intervals. */
static struct {
	char (*comm)[COMM_LEN];
	int n, cap;
	struct table idx;	/* (pid, 0) -> comm[] */
} comms;

static void stats_reset(void)
{
	int i;

	for (i = 0; i < st.nfiles; i++) {
		free(st.files[i].name);
		free(st.files[i].path);
	}
	st.nfiles = 0;
	st.ntasks = 0;
	table_clear(&st.file_idx);
	table_clear(&st.task_idx);
	st.events = 0;
	st.lost = 0;
	st.lost_unknown = false;
	st.interval = 0;
	st.secs = 0;
}

void comm_set(int pid, const char *comm, size_t len)
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

/* Keep @s (@len bytes) in *@dst unless it is empty or already there. */
static void keep_str(char **dst, const char *s, int len)
{
	if (!s || len <= 0 || (*dst && !strncmp(*dst, s, (size_t)len) && !(*dst)[len]))
		return;
	free(*dst);
	*dst = xmalloc((size_t)len + 1);
	memcpy(*dst, s, (size_t)len);
	(*dst)[len] = '\0';
}

/*
 * The file (@dev, @ino): one row per file, whatever its names and paths
 * (hard links, bind mounts, other mount namespaces, renames).
 */
struct file_stat *file_get(uint32_t dev, uint64_t ino, const char *name, int len,
			   const char *path, int plen)
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
	/*
	 * The name and path as last seen (a rename shows up with the next
	 * access); an empty one (no consistent copy could be made, or a
	 * pipe's path) keeps the last.
	 */
	keep_str(&f->name, name, len);
	keep_str(&f->path, path, plen);
	return f;
}

void task_account(struct file_stat *f, int pid, uint64_t bytes, uint64_t cgroup)
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
	t->cgroup = cgroup;
	/* The name the task had at its latest access. */
	snprintf(t->comm, sizeof(t->comm), "%s", comm_get(pid));
}

/*
 * The interval under way ends: each file's top task and pseudo-ness are
 * settled, it becomes the one shown, and counting starts afresh.
 */
void stats_end_interval(long n, double secs)
{
	struct stats old;
	int i;

	st.interval = n;
	st.secs = secs;
	clock_gettime(CLOCK_REALTIME, &st.when);
	for (i = 0; i < st.nfiles; i++)
		st.files[i].pseudo = pseudo_file(st.files[i].dev, st.files[i].name);

	for (i = 0; i < st.ntasks; i++) {
		struct task_stat *t = &st.tasks[i];
		struct file_stat *f = &st.files[t->file];

		if (!f->top_calls || t->bytes > f->top_bytes ||
		    (t->bytes == f->top_bytes && t->calls > f->top_calls) ||
		    (t->bytes == f->top_bytes && t->calls == f->top_calls && t->pid < f->top_pid)) {
			f->top_pid = t->pid;
			f->top_bytes = t->bytes;
			f->top_calls = t->calls;
			f->top_cgroup = t->cgroup;
			memcpy(f->top_comm, t->comm, sizeof(f->top_comm));
		}
	}
	old = shown;
	shown = st;
	st = old;
	stats_reset();
}

void stats_init(void)
{
	table_init(&st.file_idx, 1024);
	table_init(&st.task_idx, 1024);
	table_init(&shown.file_idx, 1024);
	table_init(&shown.task_idx, 1024);
	table_init(&comms.idx, 1024);
}
