// SPDX-License-Identifier: GPL-2.0-only
/*
 * stress_load SECONDS TAG DIR... - a mixed file workload in several
 * processes, for SECONDS seconds or until SIGUSR1, in every DIR (ext4 and
 * tmpfs in the tests).
 *
 * Per DIR it forks:
 *   2 writers  open(O_APPEND|O_CREAT) DIR/TAG-w<k>, 8 writes of 64 bytes,
 *              close; the file is truncated every 64 rounds
 *   2 readers  open DIR/TAG-r<k> (32 KiB), read it to EOF in 4 KiB reads,
 *              close
 *   1 renamer  renames two files back and forth between a short name and
 *              a long one (more than 40 bytes: the kernel keeps those out
 *              of line; one of them with a space, a newline and a '=')
 *   1 opener   opens (and stats) names that do not exist, a new one each
 *              time: ENOENT, and a new dentry (d_alloc) each time
 *
 * Every child checks each call's result (an unexpected error counts as
 * one) and prints one line when it ends: "<role> <dir> ops <n> errors <n>".
 * The parent waits for all of them and prints
 * "children <n> crashed <n> failed <n>"; exit status 0 only if no child
 * crashed (killed by a signal) or failed (a call went wrong).  It removes
 * its files at the end.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAXCHILD 256

static double deadline;
static const char *tag;
/* SIGUSR1: stop now.  The parent passes it on to its children. */
static volatile sig_atomic_t stop;
static pid_t pids[MAXCHILD];
static volatile sig_atomic_t nsignal;

static void on_usr1(int sig)
{
	int k;

	stop = 1;
	for (k = 0; k < nsignal; k++)
		kill(pids[k], SIGUSR1);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int running(void)
{
	return !stop && now() < deadline;
}

static void report(const char *role, const char *dir, unsigned long ops,
		   unsigned long errs)
{
	char line[512];
	int len = snprintf(line, sizeof(line), "%s %s ops %lu errors %lu\n",
			   role, dir, ops, errs);

	if (write(1, line, len) != len)
		_exit(1);
}

static void complain(const char *role, const char *what, const char *path)
{
	fprintf(stderr, "stress_load %s: %s %s: %s\n", role, what, path,
		strerror(errno));
}

static void path_of(char *buf, size_t size, const char *dir, const char *name)
{
	snprintf(buf, size, "%s/%s-%s", dir, tag, name);
}

static void writer(const char *dir, int k)
{
	char path[4096], name[32], buf[64];
	unsigned long ops = 0, errs = 0, round = 0;
	int fd, i;

	memset(buf, 'w', sizeof(buf));
	snprintf(name, sizeof(name), "w%d", k);
	path_of(path, sizeof(path), dir, name);
	while (running()) {
		fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0644);
		ops++;
		if (fd < 0) {
			if (errs++ < 3)
				complain("writer", "open", path);
			continue;
		}
		for (i = 0; i < 8; i++, ops++)
			if (write(fd, buf, sizeof(buf)) != sizeof(buf) && errs++ < 3)
				complain("writer", "write", path);
		if (++round % 64 == 0 && ftruncate(fd, 0) && errs++ < 3)
			complain("writer", "ftruncate", path);
		close(fd);
	}
	report("writer", dir, ops, errs);
	exit(errs != 0);
}

static void reader(const char *dir, int k)
{
	char path[4096], name[32], buf[4096];
	unsigned long ops = 0, errs = 0;
	ssize_t r;
	int fd;

	snprintf(name, sizeof(name), "r%d", k);
	path_of(path, sizeof(path), dir, name);
	while (running()) {
		fd = open(path, O_RDONLY);
		ops++;
		if (fd < 0) {
			if (errs++ < 3)
				complain("reader", "open", path);
			continue;
		}
		do {
			r = read(fd, buf, sizeof(buf));
			ops++;
		} while (r > 0);
		if (r < 0 && errs++ < 3)
			complain("reader", "read", path);
		close(fd);
	}
	report("reader", dir, ops, errs);
	exit(errs != 0);
}

static void renamer(const char *dir)
{
	char s[2][4096], l[2][4096], name[256];
	unsigned long ops = 0, errs = 0;
	int k;

	for (k = 0; k < 2; k++) {
		snprintf(name, sizeof(name), "n%d", k);
		path_of(s[k], sizeof(s[k]), dir, name);
		snprintf(name, sizeof(name), k ?
			 "a long name with spaces, = and a\nnewline, well over forty bytes %d" :
			 "long-name-of-more-than-forty-bytes-kept-out-of-line-by-the-dcache-%d", k);
		path_of(l[k], sizeof(l[k]), dir, name);
		close(open(s[k], O_WRONLY | O_CREAT, 0644));
	}
	while (running()) {
		for (k = 0; k < 2; k++) {
			if (rename(s[k], l[k]) && errs++ < 3)
				complain("renamer", "rename", s[k]);
			if (rename(l[k], s[k]) && errs++ < 3)
				complain("renamer", "rename", l[k]);
			ops += 2;
		}
	}
	for (k = 0; k < 2; k++)
		unlink(s[k]);
	report("renamer", dir, ops, errs);
	exit(errs != 0);
}

static void opener(const char *dir)
{
	char path[4096], name[64];
	unsigned long ops = 0, errs = 0, i = 0;
	struct stat st;

	while (running()) {
		snprintf(name, sizeof(name), "missing-%d-%lu", (int)getpid(), i++);
		path_of(path, sizeof(path), dir, name);
		if (open(path, O_RDONLY) >= 0 || errno != ENOENT) {
			if (errs++ < 3)
				complain("opener", "open (expected ENOENT)", path);
		}
		/* Another missing name through stat: a lookup of its own. */
		strcat(path, "-s");
		if ((stat(path, &st) == 0 || errno != ENOENT) && errs++ < 3)
			complain("opener", "stat (expected ENOENT)", path);
		ops += 2;
	}
	report("opener", dir, ops, errs);
	exit(errs != 0);
}

int main(int argc, char **argv)
{
	unsigned long terrs = 0;
	int nchild = 0, crashed = 0, d, k, st, fd;
	char path[4096], buf[32768];
	struct sigaction sa;
	pid_t pid;

	if (argc < 4) {
		fprintf(stderr, "usage: stress_load SECONDS TAG DIR...\n");
		return 2;
	}
	tag = argv[2];
	deadline = now() + atof(argv[1]);
	memset(buf, 'r', sizeof(buf));
	setvbuf(stdout, NULL, _IONBF, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);

	for (d = 3; d < argc; d++) {
		for (k = 0; k < 2; k++) {
			snprintf(path, sizeof(path), "%s/%s-r%d", argv[d], tag, k);
			fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
			if (fd < 0 || write(fd, buf, sizeof(buf)) != sizeof(buf)) {
				complain("setup", "create", path);
				return 1;
			}
			close(fd);
		}
	}

	for (d = 3; d < argc; d++) {
		for (k = 0; k < 6 && nchild < MAXCHILD; k++) {
			pid = fork();
			if (pid < 0) {
				perror("stress_load: fork");
				kill(0, SIGTERM);
				return 1;
			}
			if (pid == 0) {
				nsignal = 0;
				switch (k) {
				case 0: case 1: writer(argv[d], k); break;
				case 2: case 3: reader(argv[d], k - 2); break;
				case 4: renamer(argv[d]); break;
				default: opener(argv[d]); break;
				}
				exit(0);
			}
			pids[nchild++] = pid;
			nsignal = nchild;
		}
	}
	if (stop)	/* SIGUSR1 came while forking */
		on_usr1(SIGUSR1);
	for (k = 0; k < nchild; k++) {
		pid_t r;

		while ((r = waitpid(pids[k], &st, 0)) < 0 && errno == EINTR)
			;
		if (r < 0) {
			perror("stress_load: waitpid");
			crashed++;
			continue;
		}
		if (WIFSIGNALED(st)) {
			fprintf(stderr, "stress_load: child %d killed by signal %d\n",
				(int)pids[k], WTERMSIG(st));
			crashed++;
		} else if (WEXITSTATUS(st)) {
			fprintf(stderr, "stress_load: child %d exited with %d\n",
				(int)pids[k], WEXITSTATUS(st));
			terrs++;
		}
	}
	for (d = 3; d < argc; d++) {
		for (k = 0; k < 2; k++) {
			snprintf(path, sizeof(path), "%s/%s-r%d", argv[d], tag, k);
			unlink(path);
			snprintf(path, sizeof(path), "%s/%s-w%d", argv[d], tag, k);
			unlink(path);
		}
	}
	printf("children %d crashed %d failed %lu\n", nchild, crashed, terrs);
	return crashed || terrs;
}
