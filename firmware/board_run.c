/*
 * board_run.c - the board's loop: the feed on its thread, the voice on its
 * own, and this one drawing only when something changed, so an idle board
 * wakes once a minute for its clock.
 */
#include "board_run.h"
#include "board.h"
#include "board_feed.h"
#include "kerr.h"
#include "klog.h"
#include "svc_notify.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define FIRST_VIEW_MS 5000   /* a screenshot waits this long for the first snapshot
			      * (or for the feed to find its source away) */

static int64_t fixed_now(void *ctx)
{
	return *(const int64_t *)ctx;
}

/* The screenshot's frame: drawn once the first snapshot is in. */
static int draw_once(struct board *b)
{
	SDL_Event ev;
	char what[1024];
	Uint32 t0 = SDL_GetTicks();

	while (!board_ready(b) && board_online(b) != 0 && SDL_GetTicks() - t0 < FIRST_VIEW_MS)
		if (SDL_WaitEventTimeout(&ev, 20))
			board_event(b, &ev);
	if (!board_ready(b))
		klog(KLOG_WARN, "board: no snapshot within %d ms: drawn without one", FIRST_VIEW_MS);
	board_draw(b);
	board_describe(b, what, sizeof(what));
	printf("board: %s\n", what);
	fflush(stdout);
	return 0;
}

/* STATUS= and the watchdog (the feed's thread alive); ms until due, or -1. */
static int tell_service(const struct board *b)
{
	const struct board_view *v = board_current(b);
	int online = board_online(b);
	svc_status("showing %d call(s); queue: %s", v ? v->ncalls : 0,
		   online > 0 ? "ok" : online < 0 ? "not read yet" : "away");
	return svc_tick(1);
}

static int loop(SDL_Renderer *ren, struct rotate *rot, struct board *b)
{
	SDL_Event ev;
	int dirty = 1;

	for (;;) {
		if (dirty) {
			board_draw(b);
			rotate_present(rot, ren);
			board_presented(b);
			dirty = 0;
		}
		int wait = board_next_timeout(b), beat = tell_service(b);
		if (!SDL_WaitEventTimeout(&ev, beat >= 0 && beat < wait ? beat : wait)) {
			dirty |= board_tick(b);
			continue;
		}
		do {
			if (ev.type == SDL_QUIT) {
				svc_stopping();
				return 0;
			}
			dirty |= board_event(b, &ev);
		} while (SDL_PollEvent(&ev));
		dirty |= board_tick(b);
	}
}

int board_run(SDL_Renderer *ren, const struct kconf *cfg, struct i18n *text[2],
	      const struct board_opts *o)
{
	struct kclock fixed = { fixed_now, (void *)&o->now };
	const struct kclock *clock = o->now ? &fixed : &kclock_system;
	struct board_deps deps = { cfg, clock, { text[0], text[1] }, SDL_RegisterEvents(1), NULL,
				   o->rotate };
	struct board *b = NULL;
	struct board_feed *feed = NULL;
	int rc = 1;

	if (!o->screenshot)
		deps.audio = audio_open(cfg);
	if (board_create(&b, ren, &deps) < 0) {
		rc = K_ERR_IO;
		goto out;
	}
	if (board_feed_start(&feed, cfg, clock, o->db, deps.news_event) < 0) {
		klog(KLOG_ERR, "board: cannot start following the queue");
		goto out;
	}
	klog(KLOG_INFO, "board: %s, following %s", cfg->station.id,
	     cfg->sync.server[0] ? cfg->sync.server : o->db ? o->db : cfg->queue.database);
	if (o->screenshot) {
		rc = draw_once(b);
	} else {
		if (getenv("KIOSK_BENCH")) {
			struct timespec ts;
			clock_gettime(CLOCK_REALTIME, &ts);
			fprintf(stderr, "bench: board-start %lld\n",
				(long long)ts.tv_sec * 1000000000LL + ts.tv_nsec);
		}
		svc_ready();
		rc = loop(ren, o->rotate, b);
	}
out:
	board_feed_stop(feed);
	board_feed_drain(deps.news_event);
	board_destroy(b);
	audio_close(deps.audio);
	return rc;
}
