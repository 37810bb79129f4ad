/*
 * svc_notify.h - telling the service manager how the program is (systemd's
 * notify protocol through sd_notify): ready, a status line, stopping, and
 * the watchdog's ping, sent only while the program's threads are alive.
 *
 * A thread that must not hang registers once (svc_thread_add) and marks its
 * work: svc_busy() when it starts a job (what it does, how long that may
 * legitimately take), svc_idle() when it waits for the next one.  The main
 * loop calls svc_tick() at least every time it asks for: WATCHDOG=1 goes out
 * every quarter of WATCHDOG_USEC only while no thread has been busy past its
 * bound (and the caller's own check passes); what hangs is added to the
 * STATUS= line, so `systemctl status` says why the watchdog is about to fire.
 *
 * Without NOTIFY_SOCKET (a developer's terminal, the tests) every call is a
 * cheap no-op: svc_thread_add() gives NULL, which svc_busy()/svc_idle() take.
 * svc_init() is called once by main() before any thread starts.
 */
#ifndef SVC_NOTIFY_H
#define SVC_NOTIFY_H

#include <stddef.h>

struct svc_thread;

/* Read NOTIFY_SOCKET and WATCHDOG_USEC (sd_watchdog_enabled). */
void svc_init(void);
/* The watchdog's interval in ms, 0 when there is none. */
int svc_watchdog_ms(void);

void svc_ready(void);    /* READY=1: serving */
void svc_stopping(void); /* STOPPING=1: on SIGTERM, before the slow part of stopping */
/* RELOADING=1: the program stops and executes itself again (same pid) to
 * run new settings; its READY=1 then ends the reload */
void svc_reloading(void);

/* The human line of STATUS= (capped at 160 bytes); sent when it changes. */
void svc_status(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A thread the watchdog watches, by name ("worker"); NULL when nothing
 * listens (or the table of 8 is full).  Remove it before it ends. */
struct svc_thread *svc_thread_add(const char *name);
void svc_thread_remove(struct svc_thread *t);
/* Starting a job: what (a string literal, kept by pointer) and the longest
 * it may legitimately take in ms (0 = the watchdog interval; a bound below
 * the interval counts as the interval).  Also a loop's beat. */
void svc_busy(struct svc_thread *t, const char *what, int bound_ms);
void svc_idle(struct svc_thread *t);

/*
 * From the main loop: healthy = the caller's own check (1 when it has
 * none).  Sends WATCHDOG=1 when one is due and every thread is within its
 * bound, and refreshes STATUS= with what hangs.  Returns the ms until it
 * wants to be called again, or -1 when there is no watchdog.
 */
int svc_tick(int healthy);

/* The first thread past its bound, as "worker (printing a slip, 12 s)";
 * 0 when none hangs, 1 when one does. */
int svc_hung(char *buf, size_t len);

#endif
