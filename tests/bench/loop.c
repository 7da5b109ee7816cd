// SPDX-License-Identifier: GPL-2.0-only
/*
 * loop - the timed system-call loops of `make bench` (runs in the guest).
 *
 *   loop DIR WORKLOAD N [CHUNK]
 *
 * times N operations in chunks of CHUNK (500) and prints, in ns per op,
 * "<fastest chunk> <median chunk> <mean> <N> <operations incl. warm-up>".
 *
 * DIR is a directory on tmpfs; WORKLOAD is one of
 *   pread    1-byte pread(2) at offset 0 of DIR/benchfile      (vfs_read)
 *   preadv2  the same by preadv2(2), one 1-byte iovec       (vfs_read, via readv)
 *   open     open(2) O_RDONLY + close(2) of DIR/benchfile      (vfs_open)
 *   stat     stat(2) of N distinct missing names in a fresh DIR/stat<pid>
 *            directory, removed afterwards: each lookup of a new name
 *            allocates a dentry (d_alloc, through d_alloc_parallel)
 *   pread2   the pread loop in 2 threads, one pinned to each of CPUs 0 and
 *            1, N operations each, chunk by chunk in step; ns per op =
 *            wall time of a chunk / (2 CHUNK)
 * An untimed warm-up of CHUNK + 1000 operations (per thread) runs first.
 * pread, preadv2, open and stat run on the CPU the caller is on (the guest script
 * pins it).
 *
 *   loop DIR names K NAME   K rounds of pwrite, pread, open+close, rename
 *                           there and back, stat of a missing name, all on
 *                           names as long as NAME (ring-buffer sizes)
 *
 * Nothing is printed until the timed part is over, so the loop's own
 * output never lands inside a measurement.  Static (-O2 -static -pthread):
 * it needs nothing from the guest's libc.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

static const char *dir;
static char file[4096];

static void die(const char *what)
{
	fprintf(stderr, "loop: %s: %s\n", what, strerror(errno));
	exit(1);
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void make_file(void)
{
	int fd = open(file, O_WRONLY | O_CREAT, 0644);

	if (fd < 0)
		die(file);
	if (pwrite(fd, "0123456789abcdef", 16, 0) != 16)
		die("pwrite");
	close(fd);
}

/*
 * The operations, each over [from, from + n): the index only names the
 * missing files of the stat workload.
 */
static int fd_read;
static char stat_dir[4200];

static void op_pread(long from, long n)
{
	char c;
	long i;

	for (i = 0; i < n; i++)
		if (pread(fd_read, &c, 1, 0) != 1)
			die("pread");
}

static void op_preadv2(long from, long n)
{
	char c;
	struct iovec iov = { .iov_base = &c, .iov_len = 1 };
	long i;

	for (i = 0; i < n; i++)
		if (preadv2(fd_read, &iov, 1, 0, 0) != 1)
			die("preadv2");
}

static void op_open(long from, long n)
{
	long i;
	int fd;

	for (i = 0; i < n; i++) {
		fd = open(file, O_RDONLY);
		if (fd < 0)
			die(file);
		close(fd);
	}
}

static void op_stat(long from, long n)
{
	char path[4400];
	struct stat st;
	long i;

	for (i = from; i < from + n; i++) {
		snprintf(path, sizeof(path), "%s/m%08ld", stat_dir, i);
		if (stat(path, &st) == 0 || errno != ENOENT)
			die("stat of a missing name");
	}
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/*
 * Time n operations as chunks of @chunk: other guests share the host's
 * CPUs, and a descheduled QEMU only ever adds time, so the fastest chunk
 * is the estimate least disturbed by them; the median and the mean of the
 * chunks are printed too.
 */
static double *chunks;
static long nchunks;

static void report(double total_ns, long n, long warm)
{
	qsort(chunks, nchunks, sizeof(*chunks), cmp_double);
	printf("%.1f %.1f %.1f %ld %ld\n", chunks[0], chunks[nchunks / 2],
	       total_ns / n, n, n + warm);
}

static void timed(void (*op)(long, long), long n, long chunk)
{
	double t0, t1, start;
	long i;

	op(-chunk - 1000, chunk + 1000);	/* warm-up, names below 0 */
	nchunks = (n + chunk - 1) / chunk;
	chunks = calloc(nchunks, sizeof(*chunks));
	if (!chunks)
		die("calloc");
	start = now_ns();
	for (i = 0; i < nchunks; i++) {
		long k = i < nchunks - 1 ? chunk : n - i * chunk;

		t0 = now_ns();
		op(i * chunk, k);
		t1 = now_ns();
		chunks[i] = (t1 - t0) / k;
	}
	report(now_ns() - start, n, chunk + 1000);
}

/*
 * pread2: two threads, one pinned to each CPU, in step chunk by chunk
 * (a barrier before each).  Each thread notes when its chunk started and
 * ended; a chunk lasts from the first start to the last end.
 */
struct thr {
	int cpu;
	long n, chunk;
	pthread_barrier_t *bar;
	double *t0, *t1;
};

static void *pread_thread(void *arg)
{
	struct thr *t = arg;
	cpu_set_t set;
	long i, c;
	char ch;
	int fd;

	CPU_ZERO(&set);
	CPU_SET(t->cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		die("sched_setaffinity");
	fd = open(file, O_RDONLY);
	if (fd < 0)
		die(file);
	for (i = 0; i < t->chunk + 1000; i++)
		if (pread(fd, &ch, 1, 0) != 1)
			die("pread");
	for (c = 0; c < nchunks; c++) {
		long k = c < nchunks - 1 ? t->chunk : t->n - c * t->chunk;

		pthread_barrier_wait(t->bar);
		t->t0[c] = now_ns();
		for (i = 0; i < k; i++)
			if (pread(fd, &ch, 1, 0) != 1)
				die("pread");
		t->t1[c] = now_ns();
	}
	close(fd);
	return NULL;
}

static void pread2(long n, long chunk)
{
	pthread_barrier_t bar;
	struct thr t[2];
	pthread_t th[2];
	double total = 0;
	long c;
	int i;

	nchunks = (n + chunk - 1) / chunk;
	chunks = calloc(nchunks, sizeof(*chunks));
	if (!chunks)
		die("calloc");
	pthread_barrier_init(&bar, NULL, 2);
	for (i = 0; i < 2; i++) {
		t[i] = (struct thr){ .cpu = i, .n = n, .chunk = chunk, .bar = &bar,
				     .t0 = calloc(nchunks, sizeof(double)),
				     .t1 = calloc(nchunks, sizeof(double)) };
		if (!t[i].t0 || !t[i].t1)
			die("calloc");
		if (pthread_create(&th[i], NULL, pread_thread, &t[i]))
			die("pthread_create");
	}
	for (i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	for (c = 0; c < nchunks; c++) {
		long k = c < nchunks - 1 ? chunk : n - c * chunk;
		double s = t[0].t0[c] < t[1].t0[c] ? t[0].t0[c] : t[1].t0[c];
		double e = t[0].t1[c] > t[1].t1[c] ? t[0].t1[c] : t[1].t1[c];

		chunks[c] = (e - s) / (2.0 * k);
		total += e - s;
	}
	report(total, 2 * n, 2 * (chunk + 1000));
}

/*
 * Each operation that fires a vfsmod event, K times, on names that all
 * have NAME's length and all but its last byte: DIR/NAME (pwrite, pread,
 * open+close, renamed to DIR/NAME' and back) and a missing DIR/NAME''
 * (stat).  A name filter "prefix*" selects exactly these events.
 */
static void names(long k, const char *name)
{
	char a[4200], b[4200], m[4200];
	size_t l;
	struct stat st;
	char c = 'x';
	long i;
	int fd;

	snprintf(a, sizeof(a), "%s/%s", dir, name);
	l = strlen(a);
	memcpy(b, a, l + 1);
	memcpy(m, a, l + 1);
	b[l - 1] = a[l - 1] == 'y' ? 'z' : 'y';
	m[l - 1] = a[l - 1] == 'q' ? 'r' : 'q';
	fd = open(a, O_RDWR | O_CREAT, 0644);
	if (fd < 0)
		die(a);
	for (i = 0; i < k; i++) {
		if (pwrite(fd, &c, 1, 0) != 1 || pread(fd, &c, 1, 0) != 1)
			die("pwrite/pread");
		close(open(a, O_RDONLY));
		if (rename(a, b) || rename(b, a))
			die("rename");
		if (stat(m, &st) == 0)
			die("stat of a missing name succeeded");
	}
	close(fd);
	unlink(a);
}

int main(int argc, char **argv)
{
	long n, chunk;
	const char *w;

	if (argc < 4) {
		fprintf(stderr, "usage: loop DIR pread|open|stat|pread2 N [CHUNK]\n"
				"       loop DIR names K NAME\n");
		return 2;
	}
	dir = argv[1];
	w = argv[2];
	n = atol(argv[3]);
	chunk = argc > 4 ? atol(argv[4]) : 500;
	if (n <= 0)
		return 2;
	snprintf(file, sizeof(file), "%s/benchfile", dir);
	if (!strcmp(w, "names")) {
		if (argc < 5)
			return 2;
		names(n, argv[4]);
		return 0;
	}
	if (chunk <= 0 || chunk > n)
		chunk = n;
	make_file();
	fd_read = open(file, O_RDONLY);
	if (fd_read < 0)
		die(file);
	if (!strcmp(w, "pread")) {
		timed(op_pread, n, chunk);
	} else if (!strcmp(w, "preadv2")) {
		timed(op_preadv2, n, chunk);
	} else if (!strcmp(w, "open")) {
		timed(op_open, n, chunk);
	} else if (!strcmp(w, "stat")) {
		/* A fresh directory: its negative dentries go with it. */
		snprintf(stat_dir, sizeof(stat_dir), "%s/stat%d", dir, (int)getpid());
		if (mkdir(stat_dir, 0755))
			die(stat_dir);
		timed(op_stat, n, chunk);
		if (rmdir(stat_dir))
			die(stat_dir);
	} else if (!strcmp(w, "pread2")) {
		pread2(n, chunk);
	} else {
		fprintf(stderr, "loop: unknown workload %s\n", w);
		return 2;
	}
	return 0;
}
