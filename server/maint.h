/*
 * maint.h - the station server's upkeep thread: the queue database's daily
 * maintenance (purge past keep_days, WAL checkpoint, optimize: at start,
 * then once each queue day), the free space of its disk (every minute, and
 * soon after each ticket), and the system clock (refusing to issue before
 * the build's date is the queue's own rule; this says so in the journal).
 */
#ifndef MAINT_H
#define MAINT_H

#include "kconf.h"
#include "kdisk.h"
#include "queue.h"

struct maint;

/*
 * Check the clock and the disk now (so the first request already knows),
 * watch the disk for served (the API's queue: refused to issue under
 * disk_reserve_mb), and start the thread on a connection of its own to db.
 * cfg, clock and served must outlive it.  Returns 0, K_ERR_NOMEM or the queue's error.
 */
int maint_start(struct maint **out, const struct kconf *cfg, const struct kclock *clock,
		const char *db, struct queue *served);
/* Stop at once (a maintenance in progress finishes first) and free. */
void maint_stop(struct maint *m);

/* The disk as last measured (for the devices view). */
const struct kdisk *maint_disk(const struct maint *m);

#endif
