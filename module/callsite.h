/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * callsite.h - where one kernel function calls another.
 */
#ifndef _VFSMOD_CALLSITE_H
#define _VFSMOD_CALLSITE_H

/* The most call sites a call-site hook probes (each one a kprobe). */
#define VFSMOD_CALLSITES_MAX	4

/*
 * The addresses of the calls of @callee inside @caller, in code order:
 * their number, or -ENOENT (no such function, or no such call), -E2BIG
 * (more than @max), -EOPNOTSUPP (an architecture it cannot read).
 * Process context: it may sleep.
 */
int vfsmod_find_calls(const char *caller, const char *callee,
		      unsigned long *sites, unsigned int max);

#endif /* _VFSMOD_CALLSITE_H */
