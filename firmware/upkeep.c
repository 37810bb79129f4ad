/*
 * upkeep.c - the kiosk's clock, disk and daily maintenance (see upkeep.h).
 *
 * It runs with the worker's status refresh (every few seconds), so the disk
 * is measured there and never before a ticket; the maintenance waits for a
 * refresh with nothing else queued, so no citizen waits behind it.
 */
#include "upkeep.h"
#include "db_maint.h"
#include "kerr.h"

void upkeep_init(struct upkeep *u, const struct kconf *cfg, const char *path,
		 struct queue *q, struct ksync *ks)
{
	kdisk_init(&u->disk, path, cfg->queue.disk_warn_mb, cfg->queue.disk_reserve_mb);
	u->clock_unset = 0;
	u->done_day = -1;
	if (q)
		queue_watch_disk(q, &u->disk);
	if (ks)
		ksync_watch_disk(ks, &u->disk);
}

int upkeep_tick(struct upkeep *u, const struct kconf *cfg, const struct kclock *clock,
		struct queue *q, struct ksync *ks, int idle)
{
	struct db_maint_report rep;
	int full = kdisk_check(&u->disk) == KDISK_FULL;

	if (kclock_watch(clock, &u->clock_unset))
		return K_ERR_CLOCK; /* and no purge by a clock that is wrong */
	int64_t today = kclock_day(kclock_now(clock), cfg->queue.day_starts);
	if (idle && today != u->done_day && (q || ks)) {
		if (ks)
			ksync_maintain(ks, &rep);
		else
			queue_maintain(q, &rep);
		u->done_day = today; /* failed (logged): tomorrow's does it, not every refresh */
		full = kdisk_check(&u->disk) == KDISK_FULL;
	}
	return full ? K_ERR_DISK_FULL : K_OK;
}
