/*
 * maint.c - the station server's upkeep thread (see maint.h).
 *
 * The thread (the thread kit's, core/kthread.h) sleeps in kit waits, so a
 * stop is immediate and an idle server wakes once a minute.  The queue tells the disk watch
 * when it issued (kdisk's poke): the thread measures again within a
 * second, so a disk filling up mid-morning stops issuing before sqlite
 * itself finds no room.  Maintenance runs on the thread's own connection:
 * the API's connection and its lock are never held by it.
 */
#include "maint.h"
#include "db_maint.h"
#include "kerr.h"
#include "klog.h"
#include "kthread.h"

#include <stdlib.h>

#define CHECK_EVERY_S 60 /* disk and clock, when nothing pokes */
#define POKE_GAP_MS 1000 /* measuring after a poke: at most once a second */

struct maint {
	const struct kconf *cfg;
	const struct kclock *clock;
	struct queue *q;        /* the thread's own connection */
	struct queue *served;
	struct kdisk disk;
	int clock_unset;
	int64_t done_day;       /* the queue day the last maintenance ran for; -1 none */
	struct kthread *thread;
	int poked;              /* under the thread's lock */
};

/* From the queue, on whichever thread issued: measure soon. */
static void poke(void *ctx)
{
	struct maint *m = ctx;
	kthread_lock(m->thread);
	m->poked = 1;
	kthread_wake_locked(m->thread);
	kthread_unlock(m->thread);
}

/* Under the thread's lock: wait until the monotonic ms until, or a stop, or
 * (poke: 1) a poke. */
static void wait_until(struct kthread *t, struct maint *m, int64_t until, int poke)
{
	int64_t left;
	while (!kthread_stopping(t) && !(poke && m->poked) &&
	       (left = until - kthread_now_ms()) > 0)
		kthread_wait_locked(t, (int)left);
}

static void tick(struct maint *m)
{
	struct db_maint_report rep;

	kdisk_check(&m->disk);
	if (kclock_watch(m->clock, &m->clock_unset))
		return; /* a 1970 clock would purge nothing, a wrong one the wrong days */
	int64_t today = kclock_day(kclock_now(m->clock), m->cfg->queue.day_starts);
	if (today == m->done_day)
		return;
	if (queue_maintain(m->q, &rep) == K_OK)
		m->done_day = today; /* else again at the next check */
	kdisk_check(&m->disk);
}

static void run(struct kthread *t, void *arg)
{
	struct maint *m = arg;

	kthread_lock(t);
	while (!kthread_stopping(t)) {
		kthread_unlock(t);
		tick(m); /* not watched: a maintenance may take long */
		kthread_lock(t);
		if (kthread_stopping(t))
			break;
		if (m->poked) { /* issued meanwhile: a second's gap, then measure again */
			m->poked = 0;
		} else {
			wait_until(t, m, kthread_now_ms() + (int64_t)CHECK_EVERY_S * 1000, 1);
			if (kthread_stopping(t) || !m->poked)
				continue;
			m->poked = 0;
		}
		wait_until(t, m, kthread_now_ms() + POKE_GAP_MS, 0);
		m->poked = 0; /* this measure covers what was issued during the gap */
	}
	kthread_unlock(t);
}

int maint_start(struct maint **out, const struct kconf *cfg, const struct kclock *clock,
		const char *db, struct queue *served)
{
	struct maint *m = calloc(1, sizeof(*m));
	int r;

	*out = NULL;
	if (!m)
		return K_ERR_NOMEM;
	m->cfg = cfg;
	m->clock = clock;
	m->served = served;
	m->done_day = -1;
	kdisk_init(&m->disk, db, cfg->queue.disk_warn_mb, cfg->queue.disk_reserve_mb);
	m->disk.poke = poke;
	m->disk.poke_ctx = m;
	kdisk_check(&m->disk);
	kclock_watch(clock, &m->clock_unset);
	r = queue_open(&m->q, db, cfg, clock);
	if (r < 0)
		goto fail;
	r = kthread_start(&m->thread, "maint", 0, run, m);
	if (r < 0)
		goto fail;
	queue_watch_disk(served, &m->disk); /* pokes need the thread */
	*out = m;
	return K_OK;
fail:
	maint_stop(m);
	return r;
}

void maint_stop(struct maint *m)
{
	if (!m)
		return;
	if (m->served)
		queue_watch_disk(m->served, NULL); /* no poke once the thread is gone */
	kthread_stop(m->thread);
	queue_close(m->q);
	free(m);
}

const struct kdisk *maint_disk(const struct maint *m)
{
	return m ? &m->disk : NULL;
}
