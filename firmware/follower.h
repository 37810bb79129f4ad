/*
 * follower.h - the kiosk's link to the station server, on its own thread:
 * push the outbox, keep leases in reserve, and follow the queue's events
 * (a long-poll) so the strip and the people-ahead figures stay current.
 * When the server does not answer it marks it away (the worker then issues
 * offline at once) and tries again after 1, 2, 4 ... up to [sync] interval
 * seconds.
 *
 * Each time it has stored something new it posts one SDL event of the
 * worker's type with code WORKER_SYNCED and no data.
 */
#ifndef FOLLOWER_H
#define FOLLOWER_H

#include <SDL.h>

#include "kclock.h"
#include "kconf.h"

struct follower;

/* Start following; K_ERR_* if the outbox cannot be opened. */
int follower_start(struct follower **out, const struct kconf *cfg, const struct kclock *clock,
		   Uint32 event_type);

/* Stop at once (a long-poll in progress is cancelled) and free. */
void follower_stop(struct follower *f);

#endif
