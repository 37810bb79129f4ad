/*
 * kthread.c - see kthread.h.
 *
 * A thread is a pthread with one mutex and one condition (on the
 * monotonic clock), a stop flag written under the mutex (and read without
 * it through an atomic), and its liveness record: the ms of its last tick,
 * whether it is idle or waiting, and the bound of the job in hand.  The
 * watched threads sit in one small table that kthread_alive() walks.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* pthread_setname_np */
#endif
#include "kthread.h"
#include "kerr.h"
#include "klog.h"
#include "svc_notify.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_WATCHED 16

struct kthread {
	const char *name;
	kthread_fn *fn;
	void *arg;
	pthread_t id;
	pthread_mutex_t lock;
	pthread_cond_t wake;       /* CLOCK_MONOTONIC */
	atomic_int stop;           /* written under lock */
	struct svc_thread *beat;   /* the service watchdog's record */
	int interval;              /* ms without a tick while busy; 0 = not watched */
	_Atomic int64_t tick;      /* ms of the last tick */
	atomic_int idle, waiting;
	atomic_int bound;          /* ms the job in hand may take */
	_Atomic(const char *) what;
};

static pthread_mutex_t watched_lock = PTHREAD_MUTEX_INITIALIZER;
static struct kthread *watched[MAX_WATCHED];

int64_t kthread_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void watch(struct kthread *t, int on)
{
	int i;

	if (!t->interval)
		return;
	pthread_mutex_lock(&watched_lock);
	for (i = 0; i < MAX_WATCHED && watched[i] != (on ? NULL : t); i++)
		;
	if (i < MAX_WATCHED)
		watched[i] = on ? t : NULL;
	pthread_mutex_unlock(&watched_lock);
	if (on && i == MAX_WATCHED)
		klog(KLOG_WARN, "thread: no room to watch the %s thread", t->name);
}

static void *trampoline(void *arg)
{
	struct kthread *t = arg;
	t->fn(t, t->arg);
	return NULL;
}

/* The signals SDL's threads blocked: the main thread takes them. */
static void async_signals(sigset_t *set)
{
	static const int sigs[] = { SIGHUP, SIGINT, SIGQUIT, SIGPIPE, SIGALRM, SIGTERM, SIGCHLD,
				    SIGWINCH, SIGVTALRM, SIGPROF };
	sigemptyset(set);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaddset(set, sigs[i]);
}

static void destroy(struct kthread *t)
{
	pthread_cond_destroy(&t->wake);
	pthread_mutex_destroy(&t->lock);
	free(t);
}

int kthread_start(struct kthread **out, const char *name, int tick_ms, kthread_fn *fn, void *arg)
{
	struct kthread *t = calloc(1, sizeof(*t));
	pthread_condattr_t ca;
	sigset_t block, old;
	int r = K_ERR_NOMEM;

	*out = NULL;
	if (!t)
		goto fail;
	t->name = name;
	t->fn = fn;
	t->arg = arg;
	t->interval = tick_ms;
	atomic_store(&t->tick, kthread_now_ms());
	pthread_mutex_init(&t->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&t->wake, &ca);
	pthread_condattr_destroy(&ca);
	t->beat = svc_thread_add(name);
	watch(t, 1);
	*out = t;
	async_signals(&block);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	r = pthread_create(&t->id, NULL, trampoline, t) == 0 ? K_OK : K_ERR_NOMEM;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (r == K_OK) {
		char shown[16];
		snprintf(shown, sizeof(shown), "%s", name);
		pthread_setname_np(t->id, shown);
		return K_OK;
	}
	*out = NULL;
	watch(t, 0);
	svc_thread_remove(t->beat);
	destroy(t);
fail:
	klog(KLOG_ERR, "cannot start the %s thread", name);
	return r;
}

void kthread_raise(struct kthread *t)
{
	if (!t)
		return;
	pthread_mutex_lock(&t->lock);
	atomic_store(&t->stop, 1);
	pthread_cond_broadcast(&t->wake);
	pthread_mutex_unlock(&t->lock);
}

void kthread_stop(struct kthread *t)
{
	if (!t)
		return;
	kthread_raise(t);
	pthread_join(t->id, NULL);
	watch(t, 0);
	svc_thread_remove(t->beat);
	destroy(t);
}

int kthread_stopping(struct kthread *t)
{
	return atomic_load(&t->stop);
}

void kthread_lock(struct kthread *t)
{
	pthread_mutex_lock(&t->lock);
}

void kthread_unlock(struct kthread *t)
{
	pthread_mutex_unlock(&t->lock);
}

void kthread_tick(struct kthread *t)
{
	atomic_store(&t->tick, kthread_now_ms());
}

int kthread_wait_locked(struct kthread *t, int ms)
{
	if (!atomic_load(&t->stop) && ms != 0) {
		atomic_store(&t->waiting, 1);
		if (ms < 0) {
			pthread_cond_wait(&t->wake, &t->lock);
		} else {
			struct timespec until;
			clock_gettime(CLOCK_MONOTONIC, &until);
			until.tv_sec += ms / 1000;
			until.tv_nsec += (long)(ms % 1000) * 1000000L;
			if (until.tv_nsec >= 1000000000L) {
				until.tv_sec++;
				until.tv_nsec -= 1000000000L;
			}
			pthread_cond_timedwait(&t->wake, &t->lock, &until);
		}
		kthread_tick(t);
		atomic_store(&t->waiting, 0);
	}
	return atomic_load(&t->stop);
}

int kthread_wait(struct kthread *t, int ms)
{
	pthread_mutex_lock(&t->lock);
	int stop = kthread_wait_locked(t, ms);
	pthread_mutex_unlock(&t->lock);
	return stop;
}

void kthread_wake_locked(struct kthread *t)
{
	pthread_cond_broadcast(&t->wake);
}

void kthread_wake(struct kthread *t)
{
	if (!t)
		return;
	pthread_mutex_lock(&t->lock);
	pthread_cond_broadcast(&t->wake);
	pthread_mutex_unlock(&t->lock);
}

void kthread_busy(struct kthread *t, const char *what, int bound_ms)
{
	atomic_store(&t->what, what);
	atomic_store(&t->bound, bound_ms);
	atomic_store(&t->idle, 0);
	kthread_tick(t);
	svc_busy(t->beat, what, bound_ms);
}

void kthread_idle(struct kthread *t)
{
	atomic_store(&t->idle, 1);
	kthread_tick(t);
	svc_idle(t->beat);
}

int kthread_alive(char *buf, size_t len)
{
	int64_t now = kthread_now_ms();
	int alive = 1;

	if (buf && len)
		buf[0] = '\0';
	pthread_mutex_lock(&watched_lock);
	for (int i = 0; i < MAX_WATCHED && alive; i++) {
		struct kthread *t = watched[i];
		if (!t || atomic_load(&t->idle) || atomic_load(&t->waiting))
			continue;
		int bound = atomic_load(&t->bound);
		int64_t late = now - atomic_load(&t->tick);
		if (late <= (bound > t->interval ? bound : t->interval))
			continue;
		alive = 0;
		const char *what = atomic_load(&t->what);
		if (buf && len)
			snprintf(buf, len, "%s (%s, %lld s)", t->name, what ? what : "starting",
				 (long long)(late / 1000));
	}
	pthread_mutex_unlock(&watched_lock);
	return alive;
}

/* ---- the job ring ---- */

int kring_count(const struct kring *r)
{
	return r->count;
}

int kring_pending(const struct kring *r)
{
	return r->count + r->taken;
}

/* Under lock: 1 added, 0 the same job already waits, K_ERR_BUSY full. */
static int push(struct kring *r, const void *item, kring_same_fn *same)
{
	for (int i = 0; same && i < r->count; i++)
		if (same(r->slots + (size_t)((r->head + i) % r->cap) * r->size, item))
			return 0;
	if (r->count == r->cap)
		return K_ERR_BUSY;
	memcpy(r->slots + (size_t)((r->head + r->count) % r->cap) * r->size, item, r->size);
	r->count++;
	return 1;
}

int kring_put(struct kthread *t, struct kring *r, const void *item, kring_same_fn *same)
{
	pthread_mutex_lock(&t->lock);
	int added = push(r, item, same);
	if (added > 0)
		pthread_cond_broadcast(&t->wake);
	pthread_mutex_unlock(&t->lock);
	return added < 0 ? added : K_OK;
}

int kring_pop(struct kring *r, void *item)
{
	if (r->count == 0)
		return 0;
	unsigned char *slot = r->slots + (size_t)r->head * r->size;
	memcpy(item, slot, r->size);
	memset(slot, 0, r->size);
	r->head = (r->head + 1) % r->cap;
	r->count--;
	r->taken = 1;
	return 1;
}

void kring_done(struct kring *r)
{
	r->taken = 0;
}

int kring_get(struct kthread *t, struct kring *r, void *item)
{
	int got = 0;

	pthread_mutex_lock(&t->lock);
	kring_done(r);
	while (!atomic_load(&t->stop) && r->count == 0)
		kthread_wait_locked(t, -1);
	if (!atomic_load(&t->stop))
		got = kring_pop(r, item);
	pthread_mutex_unlock(&t->lock);
	return got;
}

/* ---- the backoff ---- */

void kbackoff_init(struct kbackoff *b, int min, int max)
{
	b->min = min;
	b->max = max;
	b->cur = 0;
}

int kbackoff_next(struct kbackoff *b)
{
	b->cur = b->cur ? b->cur * 2 : b->min;
	if (b->cur > b->max)
		b->cur = b->max;
	return b->cur;
}

void kbackoff_reset(struct kbackoff *b)
{
	b->cur = 0;
}
