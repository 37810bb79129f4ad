/*
 * klog.c - stderr logging with a level filter.
 *
 * Under systemd (JOURNAL_STREAM names the stream stderr is connected to) each
 * line starts with its syslog priority, "<3>" ... "<7>", which journald reads
 * as the line's priority and strips: `journalctl -p warning` then shows the
 * kiosk's warnings and errors, and no log file needs rotating.  Elsewhere
 * (a terminal, a test) the lines are plain.
 */
#include "klog.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

/* Atomic: a test (or a program) may set them again while its threads log. */
static _Atomic(const char *) prog = "kiosk";
static _Atomic int limit = KLOG_INFO;
static _Atomic int journal; /* stderr is journald's stream: prefix each line's priority */

/* JOURNAL_STREAM is "DEVICE:INODE" of the journal's stream; it counts only
 * while stderr is still that stream (not redirected by a child's caller). */
static int stderr_is_journal(void)
{
	const char *js = getenv("JOURNAL_STREAM");
	unsigned long long dev, ino;
	struct stat st;

	if (!js || sscanf(js, "%llu:%llu", &dev, &ino) != 2 || fstat(2, &st) < 0)
		return 0;
	return (unsigned long long)st.st_dev == dev && (unsigned long long)st.st_ino == ino;
}

void klog_init(const char *program, enum klog_level max)
{
	prog = program;
	limit = max;
	journal = stderr_is_journal();
}

void klog(enum klog_level level, const char *fmt, ...)
{
	static const char *names[] = { "error", "warning", "info", "debug" };
	static const int priority[] = { 3, 4, 6, 7 }; /* LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG */
	char line[512];
	const char *p = atomic_load_explicit(&prog, memory_order_relaxed);
	va_list ap;

	if ((int)level > atomic_load_explicit(&limit, memory_order_relaxed))
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (atomic_load_explicit(&journal, memory_order_relaxed))
		fprintf(stderr, "<%d>%s: %s: %s\n", priority[level], p, names[level], line);
	else
		fprintf(stderr, "%s: %s: %s\n", p, names[level], line);
}
