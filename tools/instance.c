// SPDX-License-Identifier: GPL-2.0-only
/*
 * instance.c - vfsmod-top's tracefs instance (vfsmod-top-<pid>): created
 * with the vfsmod events enabled and filtered there, and everything undone
 * on exit, on a signal and on errors.  It never writes to the top-level
 * buffer or to other instances (it only removes instances left by a
 * vfsmod-top that no longer runs).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vfsmod-top.h"

/* ---- state that cleanup() undoes ------------------------------------------ */

struct tracefs_instance *inst;
static bool inst_created;
const char *const vfs_events[NR_VFS_EVENTS] = { "vfs_open", "vfs_read", "vfs_write" };
static const char *const task_events[] = { "task_newtask", "task_rename" };
#define NR_TASK_EVENTS 2
static bool vfs_enabled[NR_VFS_EVENTS], vfs_filtered[NR_VFS_EVENTS];
static bool task_enabled[NR_TASK_EVENTS];
volatile sig_atomic_t stop_signal;

/* ---- decoding state -------------------------------------------------------- */

struct tep_handle *tep;
int id_open = -1, id_read = -1, id_write = -1;
int id_newtask = -1, id_rename = -1;
bool rename_has_pid;
bool have_path, have_cgroup;

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

/* The loaded module's version, for messages. */
static const char *module_version(void)
{
	static char v[64];
	FILE *f = fopen("/sys/module/vfsmod/version", "re");

	snprintf(v, sizeof(v), "?");
	if (f) {
		if (fgets(v, sizeof(v), f))
			v[strcspn(v, "\n")] = '\0';
		fclose(f);
	}
	return v;
}

/* ---- setup and cleanup ------------------------------------------------------- */

void cleanup(void)
{
	int i;

	screen_restore();
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

void setup_signals(void)
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

void setup(void)
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
	/*
	 * path and cgroup_id came with schema 0.2.0: without them (an older
	 * module) rows show names and no cgroup; --cgroup cannot work.
	 */
	have_path = have_cgroup = true;
	for (i = 0; i < NR_VFS_EVENTS; i++) {
		ev = tep_find_event_by_name(tep, SYSTEM, vfs_events[i]);
		if (!tep_find_field(ev, "path"))
			have_path = false;
		if (!tep_find_field(ev, "cgroup_id"))
			have_cgroup = false;
	}
	if (!have_cgroup && opt.cgroups.n)
		die("--cgroup: the vfsmod events have no cgroup_id field (vfsmod %s is older than schema 0.2.0)",
		    module_version());
	if (!have_path || !have_cgroup)
		warn("the vfsmod events have no %s field (vfsmod %s is older than schema 0.2.0): showing %s",
		     !have_path && !have_cgroup ? "path or cgroup_id" : !have_path ? "path" : "cgroup_id",
		     module_version(), !have_path ? "file names only" : "no cgroups");
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
		/* Reads and writes name their task in tid (schema 0.2.0). */
		const char *filter = tep_find_field(tep_find_event_by_name(tep, SYSTEM, vfs_events[i]),
						    "tid") ? rw_filter : kernel_filter;

		vfs_filtered[i] = true;
		if (tracefs_event_file_write(inst, SYSTEM, vfs_events[i], "filter", filter) < 0) {
			int e = errno;
			char *why = filter_error(vfs_events[i]);

			die("the kernel refused the filter \"%s\" on vfsmod:%s: %s (%s)",
			    filter, vfs_events[i], why, strerror(e));
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
}

/* Still there?  (rmmod vfsmod removes its events from every instance.) */
void check_module(void)
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
