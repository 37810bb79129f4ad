/*
 * rate_run.c - the rating panel's loop: the feed on its threads, and this
 * one drawing only when something changed - once a second while a choice
 * counts down, never while the panel shows the counter's name (it wakes
 * for the service watchdog only).
 */
#include "rate_run.h"
#include "rate.h"
#include "rate_feed.h"
#include "kerr.h"
#include "klog.h"
#include "svc_notify.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define FIRST_VIEW_MS 5000   /* a screenshot waits this long for the server's first answer */

/* The screenshot's frame: drawn once the server answered or was found away. */
static int draw_once(struct rate *p)
{
	SDL_Event ev;
	char what[256];
	Uint32 t0 = SDL_GetTicks();

	while (rate_online(p) < 0 && SDL_GetTicks() - t0 < FIRST_VIEW_MS)
		if (SDL_WaitEventTimeout(&ev, 20))
			rate_event(p, &ev);
	rate_draw(p);
	rate_describe(p, what, sizeof(what));
	printf("%s\n", what);
	fflush(stdout);
	return 0;
}

/* STATUS= and the watchdog (the feed's threads alive); ms until due, or -1. */
static int tell_service(const struct rate *p)
{
	static const char *const shown[] = { "idle", "asking", "asking why", "thanking" };
	int online = rate_online(p);
	svc_status("%s; server: %s", shown[rate_screen(p)],
		   online > 0 ? "ok" : online < 0 ? "not read yet" : "away");
	return svc_tick(1);
}

static int loop(SDL_Renderer *ren, struct rotate *rot, struct rate *p)
{
	SDL_Event ev;
	int dirty = 1;

	for (;;) {
		if (dirty) {
			rate_draw(p);
			rotate_present(rot, ren);
			dirty = 0;
		}
		int wait = rate_next_timeout(p), beat = tell_service(p);
		if (beat >= 0 && (wait < 0 || beat < wait))
			wait = beat;
		int got = wait < 0 ? SDL_WaitEvent(&ev) : SDL_WaitEventTimeout(&ev, wait);
		while (got) {
			if (ev.type == SDL_QUIT) {
				svc_stopping();
				return 0;
			}
			dirty |= rate_event(p, &ev);
			got = SDL_PollEvent(&ev);
		}
		dirty |= rate_tick(p);
	}
}

int rate_run(SDL_Renderer *ren, const struct kconf *cfg, struct i18n *text[2],
	     const struct rate_opts *o)
{
	struct rate_deps deps = { cfg, { text[0], text[1] }, SDL_RegisterEvents(1), NULL, NULL,
				  o->rotate };
	struct rate *p = NULL;
	int rc = 1;

	if (!o->screenshot)
		deps.audio = audio_open_click(cfg);
	if (rate_feed_start(&deps.feed, cfg, deps.news_event) < 0) {
		klog(KLOG_ERR, "rate: cannot start following the server");
		goto out;
	}
	if (rate_create(&p, ren, &deps) < 0) {
		rc = K_ERR_IO;
		goto out;
	}
	klog(KLOG_INFO, "rate: counter %d's panel, asking %s", cfg->kiosk.rate_counter,
	     cfg->sync.server);
	if (o->screenshot) {
		rc = draw_once(p);
	} else {
		if (getenv("KIOSK_BENCH")) {
			struct timespec ts;
			clock_gettime(CLOCK_REALTIME, &ts);
			fprintf(stderr, "bench: rate-start %lld\n",
				(long long)ts.tv_sec * 1000000000LL + ts.tv_nsec);
		}
		svc_ready();
		rc = loop(ren, o->rotate, p);
	}
out:
	rate_feed_stop(deps.feed);
	rate_feed_drain(deps.news_event);
	rate_destroy(p);
	audio_close(deps.audio);
	return rc;
}
