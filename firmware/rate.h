/*
 * rate.h - a counter's rating panel (kiosk --rate COUNTER, or [kiosk]
 * mode = rate): a small touch panel facing the citizen that shows nothing
 * but the counter's name until the counter finishes someone, then that
 * ticket's number, the service and 2-5 big faces with their words for
 * [rating] seconds; a worse choice may ask why (one tap, or skip); then
 * thank you, and back to the counter's name.
 *
 * The panel takes its news through one entry point, rate_event(): the
 * feed's answers (rate_feed.h), taps, window changes.  A rating is handed
 * to the feed's sender and the citizen is thanked at once: what the server
 * made of it comes back as news and is logged, never shown (a second
 * rating of a ticket, a closed window, a server away are the station's
 * business, not the citizen's).  Sizes come from the output size, so a
 * 7" 800x480 or 1024x600 panel and any other follow the same rules
 * (rate_draw.c).
 */
#ifndef RATE_H
#define RATE_H

#include <SDL.h>

#include "audio.h"
#include "i18n.h"
#include "kconf.h"
#include "ksync_rate.h"
#include "rotate.h"

#define RATE_THANKS_MS 4000   /* the thanks, then the counter's name */
#define RATE_GUARD_MS 600     /* taps ignored after the screen changed under the finger */

enum rate_screen {
	RATE_SCREEN_IDLE,     /* the counter's name */
	RATE_SCREEN_OPEN,     /* the ticket and the faces */
	RATE_SCREEN_REASONS,  /* why, after a worse choice */
	RATE_SCREEN_THANKS,
};

struct rate;
struct rate_feed;

struct rate_deps {
	const struct kconf *cfg;    /* [kiosk] rate_counter, fonts, language; [rating] */
	struct i18n *text[2];       /* [0] Vietnamese, [1] English */
	Uint32 news_event;          /* the feed's event type */
	struct rate_feed *feed;     /* where ratings go; NULL = nowhere (pictures, tests) */
	struct audio *audio;        /* the tap's click; NULL = silent */
	struct rotate *rotate;      /* the picture turned on the panel; NULL = not */
};

/* Opens the fonts named in cfg.  0, K_ERR_NOMEM or K_ERR_IO (a font missing, logged). */
int rate_create(struct rate **out, SDL_Renderer *r, const struct rate_deps *deps);
void rate_destroy(struct rate *p);

/* The one entry point: the feed's news, taps, window changes.  1 = redraw. */
int rate_event(struct rate *p, const SDL_Event *ev);

/* Let time pass (the countdown, the thanks).  1 = redraw. */
int rate_tick(struct rate *p);

/* Milliseconds until rate_tick() has something to do; -1 = nothing until news. */
int rate_next_timeout(const struct rate *p);

void rate_draw(struct rate *p);

/* For pictures and tests: take v as if the feed had just sent it. */
void rate_show(struct rate *p, const struct rate_view *v);

enum rate_screen rate_screen(const struct rate *p);
/* The ticket on the screen ("" when idle or thanking). */
const char *rate_number(const struct rate *p);
/* Where a button is: "level:N" (N = 1 the best), "reason:N", "skip", "lang".
 * 0, or -1 when the screen has none such. */
int rate_rect(const struct rate *p, const char *what, SDL_Rect *out);
/* Ratings whose answer came back, and the last one's: K_OK with *sent, or K_ERR_*. */
int rate_answers(const struct rate *p, int *last_rc, enum rate_sent *last_sent);
/* The feed answers: 1, 0, -1 not yet known. */
int rate_online(const struct rate *p);
/* One line saying what is shown, for tests of the process. */
void rate_describe(const struct rate *p, char *buf, size_t len);
/* Replace SDL_GetTicks (tests move time). */
void rate_set_ticks(struct rate *p, Uint32 (*ticks)(void));

#endif
