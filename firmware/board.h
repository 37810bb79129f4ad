/*
 * board.h - the lobby board: the last calls (number -> counter) with the
 * newest highlighted, waiting per service, the unit name and a clock, for
 * a TV or a second screen; no input, no browser.
 *
 * The board takes its news through one entry point, board_event() (the
 * feed's events, board_feed.h, and window changes), reads them aloud
 * through audio.h and draws through one renderer.  The big highlight shows
 * each new call for at least BOARD_HOLD_MS in turn, so two calls within a
 * second are both read, while the list shows every recent one at once.
 * Sizes come from the output size: landscape, portrait and 720p share one
 * set of layout rules (board_draw.c).
 */
#ifndef BOARD_H
#define BOARD_H

#include <SDL.h>

#include "audio.h"
#include "i18n.h"
#include "kclock.h"
#include "kconf.h"
#include "rotate.h"
#include "ksync_board.h"

#define BOARD_HOLD_MS 4000

struct board;

struct board_deps {
	const struct kconf *cfg;
	const struct kclock *clock; /* the clock on screen; NULL = system */
	struct i18n *text[2];       /* [0] Vietnamese, [1] English */
	Uint32 news_event;          /* the feed's event type */
	struct audio *audio;        /* NULL = silent */
	struct rotate *rotate;      /* the picture turned on the panel (rotate.h); NULL = not */
};

/* Opens the fonts named in cfg.  0 or K_ERR_IO (a font missing, logged). */
int board_create(struct board **out, SDL_Renderer *r, const struct board_deps *deps);
void board_destroy(struct board *b);

/* The one entry point: the feed's news, window changes.  1 = redraw. */
int board_event(struct board *b, const SDL_Event *ev);

/* Let time pass (the highlight's turn, the clock).  1 = redraw. */
int board_tick(struct board *b);

/* Milliseconds until board_tick() has something to do. */
int board_next_timeout(const struct board *b);

void board_draw(struct board *b);

/* The frame drawn last is on the screen (KIOSK_BENCH prints the calls it
 * is the first to show). */
void board_presented(struct board *b);

/* For tests and the benchmark. */
int board_ready(const struct board *b);            /* the first snapshot arrived */
int board_online(const struct board *b);           /* the source answers: 1, 0, -1 = not yet known */
const struct board_view *board_current(const struct board *b);
/* The call in the big highlight ("" = none), its counter, 1 while it is new. */
const char *board_highlight(const struct board *b, int *counter, int *fresh);
/* Calls waiting for their turn in the highlight. */
int board_queued(const struct board *b);
/* Where "header", "clock", "highlight", "list", "services" or "list:N" (the
 * N-th row) is, in pixels. */
int board_rect(const struct board *b, const char *what, SDL_Rect *out);
/* One line saying what is shown, for tests of the process. */
void board_describe(const struct board *b, char *buf, size_t len);
/* Replace SDL_GetTicks (tests move time). */
void board_set_ticks(struct board *b, Uint32 (*ticks)(void));

#endif
