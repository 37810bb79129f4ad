/*
 * follower.c - the thread that keeps the kiosk in step with the server (a
 * thread of the kit, core/kthread.h: its pauses end at once on stop, its
 * retries wait by kbackoff).
 */
#include "follower.h"
#include "kerr.h"
#include "klog.h"
#include "ksync.h"
#include "kthread.h"
#include "worker.h"

#include <stdlib.h>

#define LONG_POLL_S 25   /* the server answers at once when something happens */

struct follower {
	struct ksync *ks;
	const struct kconf *cfg;
	Uint32 event_type;
	struct kthread *thread;
};

static void notify(struct follower *f)
{
	SDL_Event ev;
	SDL_zero(ev);
	ev.type = f->event_type;
	ev.user.code = WORKER_SYNCED;
	SDL_PushEvent(&ev);
}

static void run(struct kthread *t, void *arg)
{
	struct follower *f = arg;
	struct kbackoff backoff;
	int wait_s = 0, left = 0, changed = 0, r;
	int call_ms = 1000 * f->cfg->sync.timeout; /* curl gives up on a call after it */

	kbackoff_init(&backoff, 1, f->cfg->sync.interval);
	while (!kthread_stopping(t)) {
		kthread_busy(t, "talking to the server", 4 * call_ms); /* push, refresh, topup */
		r = ksync_push(f->ks, &left);
		if (r == K_OK)
			r = ksync_refresh(f->ks);
		if (r == K_OK) {
			if (ksync_topup(f->ks) == K_ERR_UNREACHABLE)
				ksync_set_online(f->ks, 1); /* it answered a moment ago */
			notify(f);
			kbackoff_reset(&backoff);
			do { /* until something changes: then push, refresh, tell the UI */
				kthread_busy(t, "waiting for news from the server",
					     LONG_POLL_S * 1000 + 2 * call_ms);
				r = ksync_follow(f->ks, LONG_POLL_S, &changed);
			} while (r == K_OK && !changed && !kthread_stopping(t));
			if (r == K_OK)
				continue;
		}
		if (kthread_stopping(t))
			break;
		notify(f); /* the screen says "offline" */
		wait_s = kbackoff_next(&backoff);
		klog(KLOG_DEBUG, "sync: %s; next try in %d s", kerr_text(r), wait_s);
		kthread_idle(t);
		if (kthread_wait(t, wait_s * 1000))
			break;
	}
}

int follower_start(struct follower **out, const struct kconf *cfg, const struct kclock *clock,
		   Uint32 event_type)
{
	struct follower *f = calloc(1, sizeof(*f));
	int r;

	*out = NULL;
	if (!f)
		return K_ERR_NOMEM;
	f->cfg = cfg;
	f->event_type = event_type;
	r = ksync_open(&f->ks, cfg, clock);
	if (r == K_OK)
		r = kthread_start(&f->thread, "follower", KTHREAD_TICK_MS, run, f);
	if (r < 0) {
		follower_stop(f);
		return r;
	}
	*out = f;
	return K_OK;
}

void follower_stop(struct follower *f)
{
	if (!f)
		return;
	if (f->thread) {
		kthread_raise(f->thread);
		ksync_cancel(f->ks); /* a long-poll in progress ends at once */
		kthread_stop(f->thread);
	}
	ksync_close(f->ks);
	free(f);
}
