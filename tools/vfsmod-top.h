/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vfsmod-top.h - what the parts of vfsmod-top share.
 *
 *   util.c      messages, memory, number parsing
 *   options.c   the command line (--help, getopt)
 *   filter.c    the options as a kernel event filter
 *   instance.c  the tracefs instance: setup, cleanup, signals
 *   reader.c    per-CPU trace_pipe_raw reading and record decoding
 *   table.c     a small hash table
 *   stats.c     per-interval statistics of files and tasks
 *   pseudo.c    which files are pseudo files (pipes, sockets, anon inodes)
 *   cgroup.c    cgroup v2 ids: from --cgroup, and their paths for display
 *   output.c    the table of an interval: screen, --batch and --json
 *   screen.c    the terminal: its size, the cursor, keys
 *   main.c      the interval loop
 *
 * Only the libtracefs/libtraceevent API common to Debian bookworm
 * (libtracefs 1.6, libtraceevent 1.7) and trixie (1.8, 1.8) is used.
 */
#ifndef VFSMOD_TOP_H
#define VFSMOD_TOP_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include <event-parse.h>
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

/* ---- options (options.c) --------------------------------------------------- */

enum sort_key { SORT_BYTES, SORT_READS, SORT_WRITES, SORT_RBYTES, SORT_WBYTES, SORT_OPENS };
extern const char *const sort_names[];
/* The sort keys in the order of the screen's columns, for < and >. */
extern const enum sort_key sort_order[];
#define NR_SORT_KEYS 6

enum out_mode { OUT_SCREEN, OUT_BATCH, OUT_JSON };

struct strlist {
	char **v;
	int n;
};

struct options {
	double delay;
	int rows;		/* 0: fit the screen (all in batch/json) */
	enum sort_key sort;
	enum out_mode mode;
	long iterations;	/* 0: forever */
	bool all;		/* show pseudo files too */
	bool raw;		/* exact integers on screen and in --batch */
	struct strlist pids, comms, globs, devs, cgroups;	/* as given */
	bool print_filter;
};
extern struct options opt;

/* Fills opt from the command line; exits on --help, --version, errors. */
void parse_options(int argc, char **argv);

/* ---- messages and memory (util.c) ------------------------------------------ */

void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
void usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
void warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void *xmalloc(size_t n);
void *xrealloc(void *p, size_t n);
void *grow(void *v, int n, int *cap, size_t size);
char *xstrdup(const char *s);
void strlist_add(struct strlist *l, const char *s);
int64_t now_ns(void);
bool parse_uint(const char *s, unsigned long long max, unsigned long long *v);

/* ---- the kernel filter (filter.c) ------------------------------------------ */

extern char *kernel_filter;	/* the filter written to the vfsmod events */
extern char *rw_filter;		/* the same on tid, for vfs_read/vfs_write */
char *build_filter(const char *pid_field);

/* ---- the tracefs instance (instance.c) ------------------------------------- */

#define NR_VFS_EVENTS 3
extern const char *const vfs_events[NR_VFS_EVENTS];
extern struct tracefs_instance *inst;
extern volatile sig_atomic_t stop_signal;

extern struct tep_handle *tep;
extern int id_open, id_read, id_write;
extern int id_newtask, id_rename;
extern bool rename_has_pid;
/* The events carry path and cgroup_id (schema 0.2.0; not a 0.1.0 module). */
extern bool have_path, have_cgroup;

void setup_signals(void);
void setup(void);
void check_module(void);
void cleanup(void);

/* ---- reading the ring buffers (reader.c) ----------------------------------- */

extern bool cmdlines_reloaded;	/* saved_cmdlines re-read in this drain */

void readers_open(void);
void readers_close(void);
void drain(void);

/* ---- a small hash table: 128-bit key -> int (table.c) ---------------------- */

struct key {
	uint64_t a, b;
};

struct table {
	struct key *keys;
	int *vals;		/* -1: empty slot */
	size_t cap, n;
};

void table_init(struct table *t, size_t cap);
void table_free(struct table *t);
int table_get(const struct table *t, struct key k);
void table_put(struct table *t, struct key k, int v);
void table_clear(struct table *t);

/* ---- per-interval statistics (stats.c) ------------------------------------- */

struct file_stat {
	uint64_t ino;
	uint32_t dev;
	char *name;		/* as stored by vfsmod (escaped), last seen */
	char *path;		/* the same for the path (marks included) */
	uint64_t reads, writes, opens, rbytes, wbytes;
	bool pseudo;		/* a pipe, socket, anon inode: see pseudo.c */
	/* The task with the most bytes (then calls) on this file. */
	int top_pid;
	uint64_t top_bytes, top_calls;
	uint64_t top_cgroup;	/* its cgroup v2 id (0: not known) */
	char top_comm[COMM_LEN];
};

struct task_stat {		/* one task's use of one file */
	int file;
	int pid;
	uint64_t bytes, calls;
	uint64_t cgroup;	/* cgroup_id of its latest access */
	char comm[COMM_LEN];
};

struct stats {
	struct file_stat *files;
	int nfiles, files_cap;
	struct table file_idx;	/* (ino, dev) -> files[] */
	struct task_stat *tasks;
	int ntasks, tasks_cap;
	struct table task_idx;	/* (file, pid) -> tasks[] */
	uint64_t events;	/* vfsmod records decoded */
	uint64_t lost;		/* records the kernel dropped (known count) */
	bool lost_unknown;	/* ... and drops of unknown count */
	long interval;		/* 1, 2, ...; 0 before the first one ends */
	double secs;		/* its length */
	struct timespec when;	/* its end, wall clock */
};
/* st counts the interval under way; shown is the last one that ended,
 * kept so that a key on the screen can show it again, sorted anew. */
extern struct stats st, shown;

void stats_init(void);
void stats_end_interval(long n, double secs);
void comm_set(int pid, const char *comm, size_t len);
struct file_stat *file_get(uint32_t dev, uint64_t ino, const char *name, int len,
			   const char *path, int plen);
void task_account(struct file_stat *f, int pid, uint64_t bytes, uint64_t cgroup);

/* ---- pseudo files (pseudo.c) ----------------------------------------------- */

void pseudo_init(void);
bool pseudo_file(uint32_t dev, const char *name);

/* ---- cgroups (cgroup.c) -------------------------------------------------- */

/* --cgroup's argument (an id, or a cgroup v2 directory) as an id; exits on errors. */
unsigned long long cgroup_arg(const char *s);
/* Group @id's path below the cgroup2 mount ("/" for the root), escaped as
 * vfsmod escapes names; NULL where it is not found there. */
const char *cgroup_path(uint64_t id);

/* ---- output (output.c) ----------------------------------------------------- */

void print_interval(struct stats *s);

/* ---- the terminal (screen.c) ----------------------------------------------- */

enum key_action { KEY_NONE, KEY_REDRAW, KEY_QUIT };

void screen_start(void);
void screen_restore(void);
int screen_wait(int64_t ns);
enum key_action screen_key(int c);
bool screen_keys_on(void);
bool screen_resized(void);
int term_rows(void);
int term_cols(void);

#endif /* VFSMOD_TOP_H */
