// SPDX-License-Identifier: GPL-2.0-only
/*
 * block_threads N - N threads, each blocked in read(2) on a pipe of its
 * own, i.e. N calls in flight inside vfs_read at once, for as long as the
 * caller wants: a production box's idle daemons in one process.
 *
 * Prints "pid <pid>" and, once every thread has entered read(2) (each
 * says so just before; the test checks /proc/<pid>/task/N/syscall),
 * "started <N>".  On EOF on stdin it writes one byte to every pipe, joins
 * the threads and prints "released <N>" (each thread read its byte).
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static atomic_int entered, got;

static void *reader(void *arg)
{
	int fd = (int)(long)arg;
	char c;

	atomic_fetch_add(&entered, 1);
	if (read(fd, &c, 1) == 1)
		atomic_fetch_add(&got, 1);
	return NULL;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 0, i;
	pthread_t *tid;
	int (*fds)[2];
	pthread_attr_t attr;
	char buf[64];

	if (n <= 0) {
		fprintf(stderr, "usage: block_threads N\n");
		return 2;
	}
	tid = calloc(n, sizeof(*tid));
	fds = calloc(n, sizeof(*fds));
	if (!tid || !fds)
		return 1;
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 64 * 1024);
	printf("pid %d\n", getpid());
	fflush(stdout);
	for (i = 0; i < n; i++) {
		if (pipe(fds[i]) ||
		    pthread_create(&tid[i], &attr, reader, (void *)(long)fds[i][0])) {
			perror("block_threads");
			return 1;
		}
	}
	while (atomic_load(&entered) < n)
		usleep(10000);
	printf("started %d\n", n);
	fflush(stdout);
	while (fread(buf, 1, sizeof(buf), stdin) > 0)
		;
	for (i = 0; i < n; i++)
		if (write(fds[i][1], "x", 1) != 1)
			perror("write");
	for (i = 0; i < n; i++)
		pthread_join(tid[i], NULL);
	printf("released %d\n", atomic_load(&got));
	return atomic_load(&got) == n ? 0 : 1;
}
