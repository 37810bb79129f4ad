/*
 * klog.c - stderr logging with a level filter.
 */
#include "klog.h"

#include <stdarg.h>
#include <stdio.h>

static const char *prog = "kiosk";
static enum klog_level limit = KLOG_INFO;

void klog_init(const char *program, enum klog_level max)
{
	prog = program;
	limit = max;
}

void klog(enum klog_level level, const char *fmt, ...)
{
	static const char *names[] = { "error", "warning", "info", "debug" };
	char line[512];
	va_list ap;

	if (level > limit)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s: %s: %s\n", prog, names[level], line);
}
