/*
 * rate_private.h - what rate.c (state, taps) and rate_draw.c (layout,
 * painting) share; not for other parts.
 *
 * A screen is a list of buttons (a rectangle and what a tap on it does)
 * placed by rate_place() when the screen or the size changes; the painter
 * draws that list and rate.c hit-tests the same list, so what is seen is
 * what is tapped.
 */
#ifndef RATE_PRIVATE_H
#define RATE_PRIVATE_H

#include <SDL_ttf.h>

#include "rate.h"

#define RATE_MAX_BUTTONS (RATE_MAX_REASONS + 2) /* reasons, skip, language */

enum rate_font {
	RF_COUNTER, /* the counter's name when idle */
	RF_BAND,    /* the counter's name in the open screens' band */
	RF_NUMBER,  /* the ticket's number */
	RF_LABEL,   /* the service, the staff, small words */
	RF_TITLE,   /* the question */
	RF_WORD,    /* a choice's words */
	RF_THANKS,
	RF_COUNT
};

enum rate_action { RA_LEVEL, RA_REASON, RA_SKIP, RA_LANG };

struct rate_button {
	SDL_Rect r;
	enum rate_action action;
	int arg;                     /* the level or the reason, from 1 */
};

struct rate_layout {
	int margin;
	int portrait;
	SDL_Rect band, ticket, title, choices, bar;
	int size[RF_COUNT];          /* font sizes the fonts were opened at */
};

struct rate {
	SDL_Renderer *r;
	struct rate_deps d;
	int w, h;
	TTF_Font *font[RF_COUNT];
	struct rate_layout lay;
	Uint32 (*ticks)(void);

	struct rate_view view;       /* what the server said last */
	int online;                  /* -1 until the feed says */
	enum rate_screen screen;
	Uint32 since;                /* when the screen was shown */
	struct rate_view shown;      /* the ticket being rated (open, reasons) */
	Uint32 deadline;             /* open, reasons: its window ends */
	int level;                   /* reasons: the choice made */
	int lang;                    /* 0 vi, 1 en */
	char rated[12];              /* the last ticket rated here: not asked again */
	struct rate_button button[RATE_MAX_BUTTONS];
	int nbuttons;
	int pressed;                 /* the button under the finger, -1 none */
	int drawn_left;              /* the countdown's seconds as last drawn */
	int answers, last_rc;        /* ratings answered, the last one's outcome */
	enum rate_sent last_sent;
};

/* rate_draw.c: sizes from the output size, fonts at those sizes; the
 * buttons of the current screen; the painting. */
int rate_layout(struct rate *p);
void rate_place(struct rate *p);
void rate_paint(struct rate *p);

/* rate_face.c: a face for choice i of n (0 the best): a filled circle
 * coloured green to red, two eyes and a mouth bent from a smile to a frown
 * by i's place on the scale, centred at (cx, cy). */
void rate_face(SDL_Renderer *r, int cx, int cy, int radius, int i, int n);

/* What the painter and the state read to say it (rate_words.c). */
const char *rate_tr(const struct rate *p, const char *key);
/* A word in the panel's language (its Vietnamese when the English is ""). */
const char *rate_pick(const struct rate *p, const struct rate_words *w);
/* "Quầy 3" (or the counter's own name) in the panel's language. */
void rate_counter_name(const struct rate *p, char *buf, size_t len);
/* Milliseconds left in the ticket's window (0 when past). */
int rate_window_ms(const struct rate *p);
/* Seconds left in the window (rounded up) on the open screens, else 0. */
int rate_left(const struct rate *p);

#endif
