/*
 * hub_fwd.h - store and forward to the province's hub (docs/hub.md).
 *
 * When [hub] url is set, a thread of its own, on connections of its own to
 * the station database, sends the hub (POST /api/v1/ingest) what the
 * station keeps: its queue events after the hub's acknowledged seq, in
 * batches of [hub] batch, then the lobby's status and the kiosks' devices
 * with each post; the days its reports aggregated and its ratings after
 * the hub's last.  Nothing personal: numbers, times, counters, services,
 * device states; staff only as a keyed pseudonym if [hub] staff_ids says
 * so.  The cursors (table hub_progress) move only by the hub's answers, so
 * a post lost before its answer is sent again and the hub skips what it
 * has.  Idle, it posts every [hub] interval, or within 2 s of a new queue
 * event.  A failure waits by kbackoff, from 1 s to 10 × [hub] interval; a
 * refusal is logged once, not at every retry.  The lobby never waits on
 * it: issuing and calling go on whatever the hub does.
 */
#ifndef HUB_FWD_H
#define HUB_FWD_H

#include "kclock.h"
#include "kconf.h"

struct hub_fwd;

/* Start forwarding db's rows if cfg's [hub] url is set (else *out = NULL,
 * K_OK).  cfg and clock outlive it.  K_OK, or the error (logged). */
int hub_fwd_start(struct hub_fwd **out, const struct kconf *cfg, const struct kclock *clock,
		  const char *db);
/* Stop at once (a post in progress is cut) and free (NULL: nothing). */
void hub_fwd_stop(struct hub_fwd *f);

/* station-server ... hub [status]: the cursors, what is not sent yet, the
 * last error.  The process's exit status. */
int hub_fwd_main(const struct kconf *cfg, const char *db, int argc, char **argv);

#endif
