// SPDX-License-Identifier: GPL-2.0-only
/*
 * trace.c - instantiates the vfsmod trace events; its only job, so the
 * schema header is expanded with CREATE_TRACE_POINTS exactly once.
 */
#include <linux/dcache.h>

#define CREATE_TRACE_POINTS
#include "vfsmod_events.h"
