// SPDX-License-Identifier: GPL-2.0-only
/*
 * rename_race DIR TAG PAIRS READERS MINOPS MAXSECS
 *
 * Races renames against opens and reads, to catch torn names in events.
 * For each pair i (0 <= i < PAIRS) one file alternates between a short
 * name, TAG-s<i> (stored inside the dentry), and a long one, TAG-l<i>-LLL...
 * (64 bytes: stored outside the dentry on every kernel); a renamer thread
 * per pair renames it back and forth without pause.  READERS threads open
 * the files under whichever name currently works, read 16 bytes and close,
 * until the readers have done MINOPS successful opens + reads in total or
 * MAXSECS seconds have passed.  Readers never get more than two operations
 * per rename ahead of the renamers, so the race stays dense everywhere.
 *
 * Every successful open (the creating ones included) is one vfs_open
 * event and every read one vfs_read event, whose name must be exactly one
 * of the two names of the file.
 *
 * Prints: "names" followed by every legitimate name (one per line, as
 * "name <n>"), then "ops <opens+reads> opens <n> reads <n> renames <n>
 * seconds <n>".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define LONG_LEN 64
#define MAX_PAIRS 64

static int pairs;
static char shortp[MAX_PAIRS][1024], longp[MAX_PAIRS][1024];
static atomic_long opens, reads, renames;
static atomic_int stop;
static long minops;

static void die(const char *what, const char *arg)
{
	fprintf(stderr, "rename_race: %s %s: %s\n", what, arg, strerror(errno));
	exit(1);
}

static void *renamer(void *arg)
{
	long i = (long)arg;

	while (!atomic_load(&stop)) {
		if (rename(shortp[i], longp[i]))
			die("rename", shortp[i]);
		if (rename(longp[i], shortp[i]))
			die("rename", longp[i]);
		atomic_fetch_add(&renames, 2);
	}
	return NULL;
}

static void *reader(void *arg)
{
	unsigned int seed = (unsigned int)(long)arg;
	char buf[16];

	while (!atomic_load(&stop)) {
		int i = rand_r(&seed) % pairs;
		int fd;

		/* Keep the renames coming: readers that run far ahead of
		 * the renamers (seen on PREEMPT_RT) race with nothing. */
		if (atomic_load(&opens) + atomic_load(&reads) >
		    2 * atomic_load(&renames) + 2000) {
			usleep(100);
			continue;
		}
		fd = open(shortp[i], O_RDONLY);

		if (fd < 0)
			fd = open(longp[i], O_RDONLY);
		if (fd < 0) {
			if (errno != ENOENT)
				die("open", shortp[i]);
			continue;	/* renamed twice under us */
		}
		atomic_fetch_add(&opens, 1);
		if (read(fd, buf, sizeof(buf)) < 0)
			die("read", shortp[i]);
		atomic_fetch_add(&reads, 1);
		close(fd);
		if (atomic_load(&opens) + atomic_load(&reads) >= minops)
			atomic_store(&stop, 1);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t rt[MAX_PAIRS], rd[64];
	int nreaders, maxsecs, i, fd;
	time_t start;

	if (argc != 7) {
		fprintf(stderr, "usage: rename_race DIR TAG PAIRS READERS MINOPS MAXSECS\n");
		return 2;
	}
	pairs = atoi(argv[3]);
	nreaders = atoi(argv[4]);
	minops = atol(argv[5]);
	maxsecs = atoi(argv[6]);
	if (pairs < 1 || pairs > MAX_PAIRS || nreaders < 1 || nreaders > 64 ||
	    strlen(argv[1]) + strlen(argv[2]) > 800) {
		fprintf(stderr, "rename_race: bad arguments\n");
		return 2;
	}
	printf("names\n");
	for (i = 0; i < pairs; i++) {
		char lname[LONG_LEN + 1];
		int n;

		n = snprintf(lname, sizeof(lname), "%s-l%d-", argv[2], i);
		if (n >= LONG_LEN) {
			fprintf(stderr, "rename_race: TAG too long\n");
			return 2;
		}
		memset(lname + n, 'L', LONG_LEN - n);
		lname[LONG_LEN] = '\0';
		snprintf(shortp[i], sizeof(shortp[i]), "%s/%s-s%d", argv[1], argv[2], i);
		snprintf(longp[i], sizeof(longp[i]), "%s/%s", argv[1], lname);
		printf("name %s\nname %s\n", strrchr(shortp[i], '/') + 1, lname);
		fd = open(shortp[i], O_CREAT | O_WRONLY | O_TRUNC, 0644);
		if (fd < 0)
			die("create", shortp[i]);
		if (write(fd, "0123456789abcdef", 16) != 16)
			die("write", shortp[i]);
		close(fd);
		atomic_fetch_add(&opens, 1);	/* the creating open */
	}
	fflush(stdout);

	start = time(NULL);
	for (i = 0; i < pairs; i++)
		if (pthread_create(&rt[i], NULL, renamer, (void *)(long)i))
			die("pthread_create", "");
	for (i = 0; i < nreaders; i++)
		if (pthread_create(&rd[i], NULL, reader, (void *)(long)(i + 1)))
			die("pthread_create", "");
	while (!atomic_load(&stop)) {
		if (time(NULL) - start >= maxsecs)
			atomic_store(&stop, 1);
		usleep(100000);
	}
	for (i = 0; i < nreaders; i++)
		pthread_join(rd[i], NULL);
	for (i = 0; i < pairs; i++)
		pthread_join(rt[i], NULL);
	printf("ops %ld opens %ld reads %ld renames %ld seconds %ld\n",
	       atomic_load(&opens) + atomic_load(&reads), atomic_load(&opens),
	       atomic_load(&reads), atomic_load(&renames),
	       (long)(time(NULL) - start));
	return 0;
}
