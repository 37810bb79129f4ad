/*
 * selfcheck.h - is the station server really serving?  For the watchdog:
 * the main thread asks its own HTTP port for /api/v1/health over loopback
 * (with TLS on, a TCP connect that succeeds is enough) and takes the
 * database's write lock for an instant, each within a short timeout.
 */
#ifndef SELFCHECK_H
#define SELFCHECK_H

#include <stddef.h>

struct selfcheck;

/* listen: the HOST:PORT served (0.0.0.0 is asked on 127.0.0.1), port the
 * port really bound, db the queue database's file.  0 or K_ERR_*. */
int selfcheck_open(struct selfcheck **out, const char *listen, int port, int tls,
		   const char *db);
void selfcheck_close(struct selfcheck *c);

/* One look, each probe within timeout_ms: 1 both answered; 0 not, with why
 * ("health: no answer", "database: locked") in why. */
int selfcheck_run(struct selfcheck *c, int timeout_ms, char *why, size_t len);

#endif
