/*
 * spawn.h - a program run beside a test or a benchmark (the station server,
 * kiosk --board), its stdout and stderr read as they come so the caller
 * can wait for a line it prints.  Its output is kept from the start, so
 * offsets into it stay valid, up to 4 MiB; what comes after is read and
 * dropped.
 */
#ifndef SPAWN_H
#define SPAWN_H

#include <stddef.h>
#include <sys/types.h>

struct child {
	pid_t pid;
	int fd;          /* the read end of its output, -1 once closed */
	char *out;       /* everything it printed so far, NUL-terminated */
	size_t len, cap;
};

/* Start argv[0] with the NAME=VALUE strings of env (NULL-terminated, may be
 * NULL) added to ours.  It dies with the caller.  0 or -1. */
int child_start(struct child *c, char *const argv[], char *const env[]);

/* Wait up to ms for needle to appear in its output at or after offset
 * from; returns where it starts, or -1. */
long child_wait_for(struct child *c, const char *needle, size_t from, int ms);

/* Send sig (0: none), wait for it to end, read the rest, close the pipe;
 * returns its exit status (128 + signal when killed).  out stays until
 * child_free(). */
int child_end(struct child *c, int sig);
void child_free(struct child *c);

/* SIGSTOP pid and wait until every one of its threads is stopped (the signal
 * reaches them in their own time: a server not yet stopped still answers).
 * pid is a child of the caller (waitpid reports the completed stop).  0, or
 * -1 when it could not be stopped. */
int child_freeze(pid_t pid);

#endif
