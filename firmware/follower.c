/*
 * follower.c - the thread that keeps the kiosk in step with the server.
 */
#include "follower.h"
#include "kerr.h"
#include "klog.h"
#include "ksync.h"
#include "svc_notify.h"
#include "worker.h"

#include <stdlib.h>

#define LONG_POLL_S 25   /* the server answers at once when something happens */

struct follower {
	struct ksync *ks;
	const struct kconf *cfg;
	Uint32 event_type;
	SDL_Thread *thread;
	struct svc_thread *beat;    /* the watchdog's record: talking, waiting, pausing */
	SDL_mutex *lock;
	SDL_cond *wake;
	int stop;
};

static void notify(struct follower *f)
{
	SDL_Event ev;
	SDL_zero(ev);
	ev.type = f->event_type;
	ev.user.code = WORKER_SYNCED;
	SDL_PushEvent(&ev);
}

/* Sleep s seconds unless told to stop; returns 1 when stopping. */
static int pause_for(struct follower *f, int s)
{
	SDL_LockMutex(f->lock);
	if (!f->stop)
		SDL_CondWaitTimeout(f->wake, f->lock, (Uint32)s * 1000u);
	int stop = f->stop;
	SDL_UnlockMutex(f->lock);
	return stop;
}

static int stopping(struct follower *f)
{
	SDL_LockMutex(f->lock);
	int stop = f->stop;
	SDL_UnlockMutex(f->lock);
	return stop;
}

static int run(void *arg)
{
	struct follower *f = arg;
	int backoff = 1, left = 0, changed = 0, r;
	int call_ms = 1000 * f->cfg->sync.timeout; /* curl gives up on a call after it */

	while (!stopping(f)) {
		svc_busy(f->beat, "talking to the server", 4 * call_ms); /* push, refresh, topup */
		r = ksync_push(f->ks, &left);
		if (r == K_OK)
			r = ksync_refresh(f->ks);
		if (r == K_OK) {
			if (ksync_topup(f->ks) == K_ERR_UNREACHABLE)
				ksync_set_online(f->ks, 1); /* it answered a moment ago */
			notify(f);
			backoff = 1;
			do { /* until something changes: then push, refresh, tell the UI */
				svc_busy(f->beat, "waiting for news from the server",
					 LONG_POLL_S * 1000 + 2 * call_ms);
				r = ksync_follow(f->ks, LONG_POLL_S, &changed);
			} while (r == K_OK && !changed && !stopping(f));
			if (r == K_OK)
				continue;
		}
		if (stopping(f))
			break;
		notify(f); /* the screen says "offline" */
		klog(KLOG_DEBUG, "sync: %s; next try in %d s", kerr_text(r), backoff);
		svc_idle(f->beat);
		if (pause_for(f, backoff))
			break;
		backoff = backoff * 2 > f->cfg->sync.interval ? f->cfg->sync.interval : backoff * 2;
	}
	return 0;
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
	if (r == K_OK) {
		f->lock = SDL_CreateMutex();
		f->wake = SDL_CreateCond();
		f->beat = svc_thread_add("follower");
		f->thread = f->lock && f->wake ? SDL_CreateThread(run, "follower", f) : NULL;
		if (!f->thread)
			r = K_ERR_NOMEM;
	}
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
		SDL_LockMutex(f->lock);
		f->stop = 1;
		SDL_CondSignal(f->wake);
		SDL_UnlockMutex(f->lock);
		ksync_cancel(f->ks);
		SDL_WaitThread(f->thread, NULL);
	}
	svc_thread_remove(f->beat);
	if (f->wake)
		SDL_DestroyCond(f->wake);
	if (f->lock)
		SDL_DestroyMutex(f->lock);
	ksync_close(f->ks);
	free(f);
}
