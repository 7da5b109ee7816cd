// SPDX-License-Identifier: GPL-2.0-only
/*
 * trace.c - instantiates the vfsmod trace events, so the schema header is
 * expanded with CREATE_TRACE_POINTS exactly once.
 */
#include <linux/dcache.h>
#include <linux/trace_events.h>

/*
 * Every event class gets vfsmod_class_reg() (main.c) as its reg callback
 * instead of trace_event_reg(): it attaches the probes before the
 * tracepoint is registered.  The class initializer that the trace event
 * macros generate names trace_event_reg; renaming it here, after the real
 * declaration, is the one change.
 */
#define trace_event_reg vfsmod_class_reg

#define CREATE_TRACE_POINTS
#include "vfsmod_events.h"
