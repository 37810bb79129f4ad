/*
 * klog.h - one log function for the whole project.
 *
 * Lines go to stderr (journald picks them up on the board, with their
 * priority when JOURNAL_STREAM says stderr is the journal) as
 * "<program>: <level>: <message>".  Nothing that could identify a citizen is
 * ever passed here: tickets are logged by number and id, bookings by their
 * opaque id, scanned codes never.
 */
#ifndef KLOG_H
#define KLOG_H

enum klog_level { KLOG_ERR, KLOG_WARN, KLOG_INFO, KLOG_DEBUG };

/* Name shown before each line and the most verbose level written. */
void klog_init(const char *program, enum klog_level max);

void klog(enum klog_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
