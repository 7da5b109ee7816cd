// SPDX-License-Identifier: GPL-2.0-only
/*
 * screen.c - vfsmod-top's terminal: its size, the cursor, and keys read
 * between intervals, as top does (q quits, < and > and letters sort).
 * Keys are read only when standard input is a terminal; the terminal's
 * settings are put back on every way out (cleanup() calls
 * screen_restore()) and while stopped by Ctrl-Z.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "vfsmod-top.h"

static bool cursor_hidden;
static struct termios saved_tio, key_tio;
static bool tio_saved;		/* saved_tio is to be put back */
static bool keys_on;		/* standard input is read for keys */
static volatile sig_atomic_t resized;

int term_rows(void)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0)
		return ws.ws_row;
	return 24;
}

int term_cols(void)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 80;
}

static void on_winch(int sig)
{
	(void)sig;
	resized = 1;
}

/* A new size since the last call: the screen is to be drawn again. */
bool screen_resized(void)
{
	bool r = resized;

	resized = 0;
	return r;
}

bool screen_keys_on(void)
{
	return keys_on;
}

/* From a signal handler: no stdio; a failed write changes nothing. */
static void term_write(const char *seq)
{
	if (write(STDOUT_FILENO, seq, strlen(seq)) < 0)
		return;
}

/*
 * Ctrl-Z: the shell gets the terminal as it was, the default action stops
 * the process right here (SIGTSTP, blocked in its handler, is unblocked
 * once pending), and after fg the keys and the screen come back.  Not
 * stopped at all in an orphaned process group: the keys come back too.
 * Only async-signal-safe calls here.
 */
static void on_tstp(int sig)
{
	struct sigaction sa;
	sigset_t set;
	int e = errno;

	if (tio_saved)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_tio);
	if (cursor_hidden)
		term_write("\033[?25h");
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	sigaction(SIGTSTP, &sa, NULL);
	raise(sig);
	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);

	sa.sa_handler = on_tstp;
	sigaction(SIGTSTP, &sa, NULL);
	/* Not from the background (bg): tcsetattr() would stop it again. */
	if (tio_saved && tcgetpgrp(STDIN_FILENO) == getpgrp())
		tcsetattr(STDIN_FILENO, TCSANOW, &key_tio);
	if (cursor_hidden)
		term_write("\033[?25l");
	resized = 1;
	errno = e;
}

void screen_start(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_winch;
	sigaction(SIGWINCH, &sa, NULL);

	/*
	 * Keys one at a time and not echoed; signals (Ctrl-C) still work.
	 * Not when in the background: tcsetattr() would stop the process.
	 */
	if (isatty(STDIN_FILENO) && tcgetpgrp(STDIN_FILENO) == getpgrp() &&
	    !tcgetattr(STDIN_FILENO, &saved_tio)) {
		key_tio = saved_tio;
		key_tio.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
		key_tio.c_cc[VMIN] = 0;
		key_tio.c_cc[VTIME] = 0;
		tio_saved = true;
		if (!tcsetattr(STDIN_FILENO, TCSANOW, &key_tio))
			keys_on = true;
	}
	fputs("\033[?25l\033[H\033[2J", stdout);
	cursor_hidden = true;
	/* Installed once the terminal state it saves and restores is known. */
	sa.sa_handler = on_tstp;
	sigaction(SIGTSTP, &sa, NULL);
	printf("%s %s: collecting for %.1fs (filter: %s)...\n", PROG, VFSMOD_VERSION,
	       opt.delay, kernel_filter);
	fflush(stdout);
}

void screen_restore(void)
{
	if (cursor_hidden) {
		fputs("\033[?25h", stdout);
		fflush(stdout);
		cursor_hidden = false;
	}
	if (tio_saved) {
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_tio);
		tio_saved = false;
		keys_on = false;
	}
}

/*
 * Wait @ns nanoseconds, or less: until a key (returned), a signal or a
 * new terminal size (-1 then).
 */
int screen_wait(int64_t ns)
{
	struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
	struct timespec ts = { ns / 1000000000LL, ns % 1000000000LL };
	unsigned char c;
	ssize_t n;

	if (!keys_on) {
		nanosleep(&ts, NULL);	/* EINTR on a signal */
		return -1;
	}
	if (ppoll(&pfd, 1, &ts, NULL) <= 0)
		return -1;
	if (pfd.revents & POLLIN) {
		n = read(STDIN_FILENO, &c, 1);
		if (n == 1)
			return c;
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			return -1;
	}
	/* End of input or a hangup: no more keys, but go on. */
	keys_on = false;
	return -1;
}

/* Sort by @key, and say whether that changed anything. */
static enum key_action sort_by(enum sort_key key)
{
	if (opt.sort == key)
		return KEY_NONE;
	opt.sort = key;
	return KEY_REDRAW;
}

/* The sort key @step places right (> : +1) or left (< : -1) of the current. */
static enum key_action sort_step(int step)
{
	int i;

	for (i = 0; i < NR_SORT_KEYS; i++)
		if (sort_order[i] == opt.sort)
			break;
	i += step;
	if (i < 0 || i >= NR_SORT_KEYS)
		return KEY_NONE;
	return sort_by(sort_order[i]);
}

enum key_action screen_key(int c)
{
	switch (c) {
	case 'q':
		return KEY_QUIT;
	case '<':
		return sort_step(-1);
	case '>':
		return sort_step(1);
	case 'b':
		return sort_by(SORT_BYTES);
	case 'r':
		return sort_by(SORT_RBYTES);
	case 'w':
		return sort_by(SORT_WBYTES);
	case 'R':
		return sort_by(SORT_READS);
	case 'W':
		return sort_by(SORT_WRITES);
	case 'o':
		return sort_by(SORT_OPENS);
	case 'a':
		opt.all = !opt.all;
		return KEY_REDRAW;
	case ' ':
	case '\f':		/* Ctrl-L, as in most full-screen programs */
		return KEY_REDRAW;
	default:
		return KEY_NONE;
	}
}
