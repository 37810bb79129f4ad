/*
 * maint.c - the station server's upkeep thread (see maint.h).
 *
 * The thread sleeps on a condition with a timeout, so a stop is immediate
 * and an idle server wakes once a minute.  The queue tells the disk watch
 * when it issued (kdisk's poke): the thread measures again within a
 * second, so a disk filling up mid-morning stops issuing before sqlite
 * itself finds no room.  Maintenance runs on the thread's own connection:
 * the API's connection and its lock are never held by it.
 */
#include "maint.h"
#include "db_maint.h"
#include "kerr.h"
#include "klog.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

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
	pthread_t thread;
	int started;
	pthread_mutex_t lock;
	pthread_cond_t wake;    /* CLOCK_MONOTONIC */
	int stop, poked;        /* under lock */
};

static void deadline(struct timespec *ts, int64_t ms)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
	ts->tv_sec += (time_t)(ms / 1000);
	ts->tv_nsec += (long)(ms % 1000) * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

/* From the queue, on whichever thread issued: measure soon. */
static void poke(void *ctx)
{
	struct maint *m = ctx;
	pthread_mutex_lock(&m->lock);
	m->poked = 1;
	pthread_cond_signal(&m->wake);
	pthread_mutex_unlock(&m->lock);
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

static void *run(void *arg)
{
	struct maint *m = arg;
	struct timespec until;

	pthread_mutex_lock(&m->lock);
	while (!m->stop) {
		pthread_mutex_unlock(&m->lock);
		tick(m);
		pthread_mutex_lock(&m->lock);
		if (m->stop)
			break;
		if (m->poked) { /* issued meanwhile: a second's gap, then measure again */
			m->poked = 0;
			deadline(&until, POKE_GAP_MS);
		} else {
			deadline(&until, (int64_t)CHECK_EVERY_S * 1000);
			while (!m->stop && !m->poked &&
			       pthread_cond_timedwait(&m->wake, &m->lock, &until) != ETIMEDOUT)
				;
			if (m->stop || !m->poked)
				continue;
			m->poked = 0;
			deadline(&until, POKE_GAP_MS);
		}
		while (!m->stop && pthread_cond_timedwait(&m->wake, &m->lock, &until) != ETIMEDOUT)
			;
		m->poked = 0; /* this measure covers what was issued during the gap */
	}
	pthread_mutex_unlock(&m->lock);
	return NULL;
}

int maint_start(struct maint **out, const struct kconf *cfg, const struct kclock *clock,
		const char *db, struct queue *served)
{
	pthread_condattr_t ca;
	struct maint *m = calloc(1, sizeof(*m));
	int r;

	*out = NULL;
	if (!m)
		return K_ERR_NOMEM;
	m->cfg = cfg;
	m->clock = clock;
	m->served = served;
	m->done_day = -1;
	pthread_mutex_init(&m->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&m->wake, &ca);
	pthread_condattr_destroy(&ca);
	kdisk_init(&m->disk, db, cfg->queue.disk_warn_mb, cfg->queue.disk_reserve_mb);
	m->disk.poke = poke;
	m->disk.poke_ctx = m;
	kdisk_check(&m->disk);
	kclock_watch(clock, &m->clock_unset);
	r = queue_open(&m->q, db, cfg, clock);
	if (r < 0)
		goto fail;
	queue_watch_disk(served, &m->disk);
	if (pthread_create(&m->thread, NULL, run, m) != 0) {
		r = K_ERR_NOMEM;
		goto fail;
	}
	m->started = 1;
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
	if (m->started) {
		pthread_mutex_lock(&m->lock);
		m->stop = 1;
		pthread_cond_signal(&m->wake);
		pthread_mutex_unlock(&m->lock);
		pthread_join(m->thread, NULL);
	}
	if (m->served)
		queue_watch_disk(m->served, NULL);
	queue_close(m->q);
	pthread_cond_destroy(&m->wake);
	pthread_mutex_destroy(&m->lock);
	free(m);
}

const struct kdisk *maint_disk(const struct maint *m)
{
	return m ? &m->disk : NULL;
}
