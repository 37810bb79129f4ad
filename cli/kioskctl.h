/*
 * kioskctl.h - what the kioskctl command files share.
 */
#ifndef KIOSKCTL_H
#define KIOSKCTL_H

#include <stdint.h>

#include "kclock.h"
#include "kconf.h"

/* Exit codes, documented in `kioskctl --help`. */
enum {
	CTL_OK = 0,
	CTL_FAIL = 1,    /* the database or the system failed */
	CTL_USAGE = 2,   /* bad command line or configuration */
	CTL_EMPTY = 3,   /* call-next: nobody is waiting */
	CTL_REFUSED = 4, /* the queue refused: closed, cap, disabled, state ... */
	CTL_NOT_PRINTED = 5, /* the printer did not print, or cannot be reached */
};

#define CTL_MAX_ARGS 8

struct ctl {
	struct kconf cfg;
	const char *config;
	const char *db;
	int db_given;        /* --db on the command line */
	int json;
	int priority;
	const char *source;
	int64_t fixed_now;   /* --now, 0 = the system clock */
	struct kclock clock;
	const char *args[CTL_MAX_ARGS];
	int nargs;
	/* slip, print, printer-status */
	const char *number, *service, *format, *out, *printer;
	int ahead, wait;     /* -1 = not given */
	/* booking keygen / mint */
	const char *key, *kid, *station, *booking, *slot, *minutes;
	/* backup --into DIR --keep N */
	const char *into, *keep;
};

/* Print an error for code r (text: stderr; --json: a JSON object on stdout)
 * and return the exit code that goes with it. */
int ctl_fail(struct ctl *c, int r, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Print o as one line of compact JSON and release it (NULL: nothing). */
struct json_t;
void ctl_print_json(struct json_t *o);

/* Queue commands; argv is c->args after the command name. */
int ctl_queue_command(struct ctl *c, const char *cmd);

/* slip, print and printer-status; 0 when cmd is not one of them is never
 * returned: callers ask ctl_is_print_command() first. */
int ctl_is_print_command(const char *cmd);
int ctl_print_command(struct ctl *c, const char *cmd);

/* checkin, booking verify|keygen|mint. */
int ctl_booking_command(struct ctl *c, const char *cmd);

/* issue (when [sync] server is set), sync, sync-status: through ksync. */
int ctl_is_sync_command(const struct ctl *c, const char *cmd);
int ctl_sync_command(struct ctl *c, const char *cmd);

/* lookup CODE: a dossier at the station server; exit codes of its own
 * (0 found, 1 not found, 2 usage/malformed, 3 unreachable, 4 refused). */
int ctl_lookup_command(struct ctl *c);

/* backup FILE | backup --into DIR --keep N | restore FILE: the outbox with
 * [sync] server set, else the queue database (cli/kioskctl_backup.c). */
int ctl_backup_command(struct ctl *c, const char *cmd);

/* voice NUMBER COUNTER [--out FILE.wav]; ctl_voice_check: can the [voice]
 * clips say every call?  0 with a summary, or < 0 with the problem in it. */
int ctl_voice_command(struct ctl *c);
int ctl_voice_check(struct ctl *c, char *summary, size_t len);

#endif
