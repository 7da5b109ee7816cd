// SPDX-License-Identifier: GPL-2.0-only
/*
 * io_paths [-t N] DIR PATH - move a known number of bytes through files
 * in DIR by one I/O path of the kernel, and print what vfsmod must report:
 *
 *   pid <pid>
 *   expect <event> ino=<ino> pos=<pos> count=<count> ret=<ret> name=<name> tid=<tid> via=<via> cgroup_id=<id> mnt_ns=<ns> path=<path>
 *
 * one expect line per file the bytes pass through (a copy is a read of
 * one file and a write of another), and one, via write, for the write(2)
 * that gives an input file its content before the path runs: so the
 * expect lines are every vfs_read and vfs_write event of these files.
 * The fields are those of vfs_read and vfs_write; tid is the thread that
 * did the I/O (the pid without -t).  A test compares them with the events
 * of the files, field by field; the event's common_pid is <tid> for the
 * synchronous paths, anything for the asynchronous completions.
 *
 * -t N: N threads each run PATH on files of their own, at the same time;
 * the expect lines carry each thread's tid.
 *
 * PATH is one of: readv preadv2 writev pwritev2 sendfile sendfile_pipe
 * (to a pipe: the file end only) splice_read splice_write copy_file_range
 * coredump (no expect lines: sets RLIMIT_CORE to unlimited and dies of
 * SIGSEGV; the test sets core_pattern) uring_read uring_readv uring_read_fixed
 * uring_write uring_writev uring_write_fixed uring_read_async (IOSQE_ASYNC:
 * punted to an io-wq worker) uring_read_direct uring_write_direct (O_DIRECT
 * on the filesystem: completed from the block layer) uring_read_iopoll
 * uring_write_iopoll (O_DIRECT on an IORING_SETUP_IOPOLL ring) aio_read
 * aio_write aio_read_direct.  Every file is new, named <path>-<tid>[-in|-out].
 * Exit status 0, or 1 with a message; 77 when the kernel refuses the path
 * (io_uring disabled, O_DIRECT or IOPOLL unsupported on the filesystem).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/aio_abi.h>
#include <linux/io_uring.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "helpers.h"

/* Bytes moved by the buffered paths: two odd sizes, never a block. */
#define SIZE_A	123
#define SIZE_B	77
/* O_DIRECT needs aligned buffers, offsets and sizes. */
#define SIZE_DIRECT	4096

static const char *dir, *path;
/* Per thread: each runs the path on files of its own. */
static __thread char path_a[4096], path_b[4096], name_a[256], name_b[256];

static int tid(void)
{
	return syscall(SYS_gettid);
}

static void die(const char *what)
{
	fprintf(stderr, "io_paths: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void refuse(const char *what)
{
	fprintf(stderr, "io_paths: %s: %s (path not offered here)\n", what,
		strerror(errno));
	exit(77);
}

static void names(const char *p, const char *sa, const char *sb)
{
	snprintf(name_a, sizeof(name_a), "%s-%d%s", p, tid(), sa);
	snprintf(name_b, sizeof(name_b), "%s-%d%s", p, tid(), sb);
	snprintf(path_a, sizeof(path_a), "%s/%s", dir, name_a);
	snprintf(path_b, sizeof(path_b), "%s/%s", dir, name_b);
}

/* A file of @size bytes of known content, opened with @flags. */
static void expect(const char *ev, int fd, const char *name, long long pos,
		   unsigned long long count, long long ret, const char *via);

/* A file of @size bytes of known content (one write, expected too), opened
 * with @flags. */
static int make_file(const char *path, const char *name, size_t size,
		     int flags)
{
	char buf[SIZE_DIRECT];
	int fd;

	memset(buf, 'v', sizeof(buf));
	fd = open(path, O_CREAT | O_EXCL | O_WRONLY, 0644);
	if (fd < 0 || write(fd, buf, size) != (ssize_t)size)
		die(path);
	expect("vfs_write", fd, name, 0, size, size, "write");
	if (close(fd))
		die(path);
	fd = open(path, flags);
	if (fd < 0) {
		if (errno == EINVAL && (flags & O_DIRECT))
			refuse("O_DIRECT");
		die(path);
	}
	return fd;
}

static int new_file(const char *path, int flags)
{
	int fd = open(path, O_CREAT | O_EXCL | flags, 0644);

	if (fd < 0) {
		if (errno == EINVAL && (flags & O_DIRECT))
			refuse("O_DIRECT");
		die(path);
	}
	return fd;
}

static void expect(const char *ev, int fd, const char *name, long long pos,
		   unsigned long long count, long long ret, const char *via)
{
	char stored[STORED_PATH_SIZE];
	struct stat st;

	if (fstat(fd, &st))
		die("fstat");
	printf("expect %s ino=%llu pos=%lld count=%llu ret=%lld name=%s tid=%d via=%s %s path=%s\n",
	       ev, (unsigned long long)st.st_ino, pos, count, ret, name, tid(),
	       via, ctx_fields(), fd_path(fd, stored));
}

static void check(const char *what, long long got, long long want)
{
	if (got != want) {
		fprintf(stderr, "io_paths: %s moved %lld bytes, not %lld (%s)\n",
			what, got, want, got < 0 ? strerror(errno) : "short");
		exit(1);
	}
}

/* --- io_uring, by its system calls (no liburing in a static helper) --- */

struct uring {
	int fd;
	unsigned int *sq_tail, *sq_mask, *sq_array, *cq_head, *cq_tail,
		     *cq_mask;
	struct io_uring_sqe *sqes;
	struct io_uring_cqe *cqes;
};

static void uring_init(struct uring *u, unsigned int flags)
{
	struct io_uring_params p;
	char *sq, *cq;

	memset(&p, 0, sizeof(p));
	p.flags = flags;
	u->fd = syscall(__NR_io_uring_setup, 4, &p);
	if (u->fd < 0) {
		if (errno == ENOSYS || errno == EPERM)
			refuse("io_uring_setup");
		die("io_uring_setup");
	}
	sq = mmap(NULL, p.sq_off.array + p.sq_entries * sizeof(__u32),
		  PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, u->fd,
		  IORING_OFF_SQ_RING);
	cq = mmap(NULL, p.cq_off.cqes + p.cq_entries * sizeof(struct io_uring_cqe),
		  PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, u->fd,
		  IORING_OFF_CQ_RING);
	u->sqes = mmap(NULL, p.sq_entries * sizeof(struct io_uring_sqe),
		       PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, u->fd,
		       IORING_OFF_SQES);
	if (sq == MAP_FAILED || cq == MAP_FAILED || u->sqes == MAP_FAILED)
		die("mmap io_uring");
	u->sq_tail = (unsigned int *)(sq + p.sq_off.tail);
	u->sq_mask = (unsigned int *)(sq + p.sq_off.ring_mask);
	u->sq_array = (unsigned int *)(sq + p.sq_off.array);
	u->cq_head = (unsigned int *)(cq + p.cq_off.head);
	u->cq_tail = (unsigned int *)(cq + p.cq_off.tail);
	u->cq_mask = (unsigned int *)(cq + p.cq_off.ring_mask);
	u->cqes = (struct io_uring_cqe *)(cq + p.cq_off.cqes);
}

/* Submit one request and wait for its completion: its result. */
static int uring_one(struct uring *u, int op, int fd, void *addr,
		     unsigned int len, unsigned long long off,
		     unsigned int sqe_flags, unsigned short buf_index)
{
	unsigned int tail = *u->sq_tail, idx = tail & *u->sq_mask, head;
	struct io_uring_sqe *sqe = &u->sqes[idx];
	int res, tries;

	memset(sqe, 0, sizeof(*sqe));
	sqe->opcode = op;
	sqe->fd = fd;
	sqe->addr = (unsigned long)addr;
	sqe->len = len;
	sqe->off = off;
	sqe->flags = sqe_flags;
	sqe->buf_index = buf_index;
	u->sq_array[idx] = idx;
	__atomic_store_n(u->sq_tail, tail + 1, __ATOMIC_RELEASE);
	if (syscall(__NR_io_uring_enter, u->fd, 1, 1, IORING_ENTER_GETEVENTS,
		    NULL, 0) < 0)
		die("io_uring_enter");
	head = *u->cq_head;
	/*
	 * An IOPOLL ring returns before a request that an io-wq worker
	 * issues has reached its poll list: poll again.
	 */
	for (tries = 0; head == __atomic_load_n(u->cq_tail, __ATOMIC_ACQUIRE);
	     tries++) {
		if (tries == 100000) {
			fprintf(stderr, "io_paths: no completion\n");
			exit(1);
		}
		if (syscall(__NR_io_uring_enter, u->fd, 0, 1,
			    IORING_ENTER_GETEVENTS, NULL, 0) < 0)
			die("io_uring_enter");
	}
	res = u->cqes[head & *u->cq_mask].res;
	__atomic_store_n(u->cq_head, head + 1, __ATOMIC_RELEASE);
	if (res == -EINVAL && op != IORING_OP_READ && op != IORING_OP_WRITE &&
	    op != IORING_OP_READV && op != IORING_OP_WRITEV)
		refuse("io_uring opcode");
	return res;
}

static void *aligned(size_t size)
{
	void *p;

	if (posix_memalign(&p, SIZE_DIRECT, size))
		die("posix_memalign");
	memset(p, 'w', size);
	return p;
}

static int uring_path(const char *p)
{
	int write_op = strstr(p, "write") != NULL;
	int iopoll = strstr(p, "iopoll") != NULL;
	int direct = iopoll || strstr(p, "direct") != NULL;
	size_t size = direct ? SIZE_DIRECT : (write_op ? SIZE_B : SIZE_A);
	char *buf = aligned(SIZE_DIRECT);
	struct iovec iov = { buf, size };
	struct uring u;
	int fd, res, op;
	unsigned int flags = 0;

	names(p, "", "");
	uring_init(&u, iopoll ? IORING_SETUP_IOPOLL : 0);
	if (write_op)
		fd = new_file(path_a, O_WRONLY | (direct ? O_DIRECT : 0));
	else
		fd = make_file(path_a, name_a, size, O_RDONLY | (direct ? O_DIRECT : 0));
	if (!strcmp(p, "uring_read_async"))
		flags = IOSQE_ASYNC;
	if (strstr(p, "fixed")) {
		if (syscall(__NR_io_uring_register, u.fd,
			    IORING_REGISTER_BUFFERS, &iov, 1) < 0)
			refuse("IORING_REGISTER_BUFFERS");
		op = write_op ? IORING_OP_WRITE_FIXED : IORING_OP_READ_FIXED;
		res = uring_one(&u, op, fd, buf, size, 0, flags, 0);
	} else if (strstr(p, "readv") || strstr(p, "writev")) {
		op = write_op ? IORING_OP_WRITEV : IORING_OP_READV;
		res = uring_one(&u, op, fd, &iov, 1, 0, flags, 0);
	} else {
		op = write_op ? IORING_OP_WRITE : IORING_OP_READ;
		res = uring_one(&u, op, fd, buf, size, 0, flags, 0);
	}
	/* The filesystem cannot poll for completions (tmpfs). */
	if (iopoll && res == -EOPNOTSUPP)
		refuse("IORING_SETUP_IOPOLL");
	check(p, res, size);
	expect(write_op ? "vfs_write" : "vfs_read", fd, name_a, 0, size, res,
	       "io_uring");
	return 0;
}

/* --- Linux aio --- */

static int aio_path(const char *p)
{
	int write_op = strstr(p, "write") != NULL;
	int direct = strstr(p, "direct") != NULL;
	size_t size = direct ? SIZE_DIRECT : (write_op ? SIZE_B : SIZE_A);
	char *buf = aligned(SIZE_DIRECT);
	aio_context_t ctx = 0;
	struct iocb cb, *cbs[1] = { &cb };
	struct io_event ev;
	int fd;

	names(p, "", "");
	if (syscall(__NR_io_setup, 4, &ctx) < 0) {
		if (errno == ENOSYS)
			refuse("io_setup");
		die("io_setup");
	}
	if (write_op)
		fd = new_file(path_a, O_WRONLY | (direct ? O_DIRECT : 0));
	else
		fd = make_file(path_a, name_a, size, O_RDONLY | (direct ? O_DIRECT : 0));
	memset(&cb, 0, sizeof(cb));
	cb.aio_lio_opcode = write_op ? IOCB_CMD_PWRITE : IOCB_CMD_PREAD;
	cb.aio_fildes = fd;
	cb.aio_buf = (unsigned long)buf;
	cb.aio_nbytes = size;
	cb.aio_offset = 0;
	if (syscall(__NR_io_submit, ctx, 1, cbs) != 1)
		die("io_submit");
	if (syscall(__NR_io_getevents, ctx, 1, 1, &ev, NULL) != 1)
		die("io_getevents");
	check(p, ev.res, size);
	expect(write_op ? "vfs_write" : "vfs_read", fd, name_a, 0, size,
	       ev.res, "aio");
	return 0;
}

/* --- the synchronous paths --- */

static int sync_path(const char *p)
{
	char buf[SIZE_A + SIZE_B];
	struct iovec iov[2] = { { buf, SIZE_A }, { buf + SIZE_A, SIZE_B } };
	int in, out, pfd[2];
	loff_t off_in = 0, off_out = 0;
	ssize_t n;

	memset(buf, 'x', sizeof(buf));
	if (!strcmp(p, "readv") || !strcmp(p, "preadv2")) {
		names(p, "", "");
		in = make_file(path_a, name_a, SIZE_A + SIZE_B, O_RDONLY);
		/* One call through two iovecs: one event, not two. */
		n = !strcmp(p, "readv") ? readv(in, iov, 2) :
			preadv2(in, iov, 2, 0, 0);
		check(p, n, SIZE_A + SIZE_B);
		expect("vfs_read", in, name_a, 0, SIZE_A + SIZE_B, n, "readv");
	} else if (!strcmp(p, "writev") || !strcmp(p, "pwritev2")) {
		names(p, "", "");
		out = new_file(path_a, O_WRONLY);
		n = !strcmp(p, "writev") ? writev(out, iov, 2) :
			pwritev2(out, iov, 2, 0, RWF_DSYNC);
		check(p, n, SIZE_A + SIZE_B);
		expect("vfs_write", out, name_a, 0, SIZE_A + SIZE_B, n, "writev");
	} else if (!strcmp(p, "sendfile")) {
		names(p, "-in", "-out");
		in = make_file(path_a, name_a, SIZE_A, O_RDONLY);
		out = new_file(path_b, O_WRONLY);
		n = sendfile(out, in, &off_in, SIZE_A);
		check(p, n, SIZE_A);
		expect("vfs_read", in, name_a, 0, SIZE_A, n, "sendfile");
		expect("vfs_write", out, name_b, 0, SIZE_A, n, "sendfile");
	} else if (!strcmp(p, "sendfile_pipe")) {
		/* To a pipe (splice_file_to_pipe from 5.12): the file end. */
		names(p, "", "");
		in = make_file(path_a, name_a, SIZE_A, O_RDONLY);
		if (pipe(pfd))
			die("pipe");
		n = sendfile(pfd[1], in, &off_in, SIZE_A);
		check(p, n, SIZE_A);
		expect("vfs_read", in, name_a, 0, SIZE_A, n, "sendfile");
	} else if (!strcmp(p, "splice_read")) {
		/* File to pipe: the file end is one read event. */
		names(p, "", "");
		in = make_file(path_a, name_a, SIZE_A, O_RDONLY);
		if (pipe(pfd))
			die("pipe");
		n = splice(in, &off_in, pfd[1], NULL, SIZE_A, 0);
		check(p, n, SIZE_A);
		expect("vfs_read", in, name_a, 0, SIZE_A, n, "splice");
	} else if (!strcmp(p, "splice_write")) {
		/* Pipe to file: the file end is one write event. */
		names(p, "", "");
		out = new_file(path_a, O_WRONLY);
		if (pipe(pfd) || write(pfd[1], buf, SIZE_B) != SIZE_B)
			die("pipe");
		n = splice(pfd[0], NULL, out, &off_out, SIZE_B, 0);
		check(p, n, SIZE_B);
		expect("vfs_write", out, name_a, 0, SIZE_B, n, "splice");
	} else if (!strcmp(p, "copy_file_range")) {
		names(p, "-in", "-out");
		in = make_file(path_a, name_a, SIZE_A, O_RDONLY);
		out = new_file(path_b, O_WRONLY);
		n = copy_file_range(in, &off_in, out, &off_out, SIZE_A, 0);
		check(p, n, SIZE_A);
		expect("vfs_read", in, name_a, 0, SIZE_A, n, "copy_file_range");
		expect("vfs_write", out, name_b, 0, SIZE_A, n, "copy_file_range");
	} else {
		fprintf(stderr, "io_paths: unknown path %s\n", p);
		return 2;
	}
	return 0;
}

/* Dump core: the kernel writes the core file itself (via kernel). */
static int coredump(void)
{
	struct rlimit rl = { RLIM_INFINITY, RLIM_INFINITY };

	if (setrlimit(RLIMIT_CORE, &rl) || prctl(PR_SET_DUMPABLE, 1))
		die("setrlimit/prctl");
	signal(SIGSEGV, SIG_DFL);
	raise(SIGSEGV);
	fprintf(stderr, "io_paths: still alive after SIGSEGV\n");
	return 1;
}

static int run_path(const char *p)
{
	if (!strncmp(p, "uring_", 6))
		return uring_path(p);
	if (!strncmp(p, "aio_", 4))
		return aio_path(p);
	return sync_path(p);
}

/* All threads start the path together, to overlap their calls. */
static pthread_barrier_t start;

static void *thread_main(void *arg)
{
	pthread_barrier_wait(&start);
	if (run_path(path))
		exit(2);
	return arg;
}

int main(int argc, char **argv)
{
	pthread_t th[64];
	int i, nthreads = 0, opt;

	while ((opt = getopt(argc, argv, "t:")) != -1) {
		if (opt != 't')
			return 2;
		nthreads = atoi(optarg);
		if (nthreads < 1 || nthreads > 64) {
			fprintf(stderr, "io_paths: -t 1..64\n");
			return 2;
		}
	}
	if (argc - optind != 2) {
		fprintf(stderr, "usage: io_paths [-t N] DIR PATH\n");
		return 2;
	}
	dir = argv[optind];
	path = argv[optind + 1];
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("pid %d\n", getpid());
	/* read once, before any thread can race for it */
	ctx_fields();
	if (!strcmp(path, "coredump"))
		return coredump();
	if (!nthreads)
		return run_path(path);
	if (pthread_barrier_init(&start, NULL, nthreads))
		die("pthread_barrier_init");
	for (i = 0; i < nthreads; i++)
		if (pthread_create(&th[i], NULL, thread_main, NULL))
			die("pthread_create");
	for (i = 0; i < nthreads; i++)
		pthread_join(th[i], NULL);
	return 0;
}
