// SPDX-License-Identifier: GPL-2.0-only
/*
 * path_race [-u] DIR TAG READERS MINREADS MAXSECS
 *
 * Races renames of a directory against reads of a file inside it, to
 * catch torn paths in vfsmod's events.  DIR/TAG-s (a short name, stored
 * inside the dentry) holds the file "f"; a renamer thread renames the
 * directory to DIR/TAG-l-LLL... (64 bytes: stored outside the dentry on
 * every kernel) and back without pause.  READERS threads hold the file
 * open and pread() one byte in a loop until MINREADS reads are done in
 * total or MAXSECS seconds have passed: every read is one vfs_read event
 * whose path must be one of the two real paths, or empty (counted).
 *
 * -u: the renamer renames a sibling directory, DIR/TAG-o (empty), to
 * DIR/TAG-O-LLL... and back instead: the file's own path never changes,
 * and must stay available while renames happen elsewhere.
 *
 * Prints "path <p>" for each legitimate path (one with -u), then
 * "reads <n> renames <n> seconds <n>".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define LONG_LEN 64

static char from[1024], to[1024];
static atomic_long reads, renames;
static atomic_int stop;
static long minreads;
static int fd;

static void die(const char *what, const char *arg)
{
	fprintf(stderr, "path_race: %s %s: %s\n", what, arg, strerror(errno));
	exit(1);
}

static void *renamer(void *arg)
{
	while (!atomic_load(&stop)) {
		if (rename(from, to))
			die("rename", from);
		if (rename(to, from))
			die("rename", to);
		atomic_fetch_add(&renames, 2);
	}
	return NULL;
}

static void *reader(void *arg)
{
	char c;

	while (!atomic_load(&stop)) {
		if (pread(fd, &c, 1, 0) < 0)
			die("read", "f");
		if (atomic_fetch_add(&reads, 1) + 1 >= minreads)
			atomic_store(&stop, 1);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	char lname[LONG_LEN + 1], dir[1024], file[1100];
	int unrelated = 0, nreaders, maxsecs, i, n;
	pthread_t rt, rd[16];
	time_t start;

	if (argc > 1 && !strcmp(argv[1], "-u")) {
		unrelated = 1;
		argv++;
		argc--;
	}
	if (argc != 6) {
		fprintf(stderr, "usage: path_race [-u] DIR TAG READERS MINREADS MAXSECS\n");
		return 2;
	}
	nreaders = atoi(argv[3]);
	minreads = atol(argv[4]);
	maxsecs = atoi(argv[5]);
	if (nreaders < 1 || nreaders > 16 || strlen(argv[1]) + strlen(argv[2]) > 800) {
		fprintf(stderr, "path_race: bad arguments\n");
		return 2;
	}
	n = snprintf(lname, sizeof(lname), "%s-%c-", argv[2], unrelated ? 'O' : 'l');
	if (n >= LONG_LEN) {
		fprintf(stderr, "path_race: TAG too long\n");
		return 2;
	}
	memset(lname + n, 'L', LONG_LEN - n);
	lname[LONG_LEN] = '\0';

	snprintf(dir, sizeof(dir), "%s/%s-s", argv[1], argv[2]);
	if (mkdir(dir, 0755))
		die("mkdir", dir);
	snprintf(file, sizeof(file), "%s/f", dir);
	fd = open(file, O_CREAT | O_RDWR | O_TRUNC, 0644);
	if (fd < 0)
		die("create", file);
	if (write(fd, "x", 1) != 1)
		die("write", file);
	if (unrelated) {
		snprintf(from, sizeof(from), "%s/%s-o", argv[1], argv[2]);
		if (mkdir(from, 0755))
			die("mkdir", from);
		printf("path %s\n", file);
	} else {
		snprintf(from, sizeof(from), "%s", dir);
		printf("path %s\n", file);
		printf("path %s/%s/f\n", argv[1], lname);
	}
	snprintf(to, sizeof(to), "%s/%s", argv[1], lname);
	fflush(stdout);

	start = time(NULL);
	if (pthread_create(&rt, NULL, renamer, NULL))
		die("pthread_create", "");
	for (i = 0; i < nreaders; i++)
		if (pthread_create(&rd[i], NULL, reader, NULL))
			die("pthread_create", "");
	while (!atomic_load(&stop)) {
		if (time(NULL) - start >= maxsecs)
			atomic_store(&stop, 1);
		usleep(100000);
	}
	for (i = 0; i < nreaders; i++)
		pthread_join(rd[i], NULL);
	pthread_join(rt, NULL);
	printf("reads %ld renames %ld seconds %ld\n", atomic_load(&reads),
	       atomic_load(&renames), (long)(time(NULL) - start));
	return 0;
}
