/*
 * upkeep.h - the kiosk's own care of its database, on the worker thread:
 * the system clock (no number before it is set), the free space of the
 * database's disk, and the daily maintenance of the database it owns (its
 * outbox when it shares a station server's queue, else its queue file).
 */
#ifndef UPKEEP_H
#define UPKEEP_H

#include <stdint.h>

#include "kclock.h"
#include "kconf.h"
#include "kdisk.h"
#include "ksync.h"
#include "queue.h"

struct upkeep {
	struct kdisk disk;
	int clock_unset;
	int64_t done_day;   /* the queue day the last maintenance ran for; -1 none */
};

/* Watch path's disk (the outbox or the queue file); q or ks (or neither)
 * is refused to issue / reports it. */
void upkeep_init(struct upkeep *u, const struct kconf *cfg, const char *path,
		 struct queue *q, struct ksync *ks);

/*
 * Measure the disk, watch the clock, and when idle and not done today,
 * maintain the database.  Returns why no number can be issued now:
 * K_ERR_CLOCK, K_ERR_DISK_FULL, or 0.
 */
int upkeep_tick(struct upkeep *u, const struct kconf *cfg, const struct kclock *clock,
		struct queue *q, struct ksync *ks, int idle);

#endif
