/*
 * board_private.h - what board.c (state, events) and board_draw.c (layout,
 * painting) share; not for other parts.
 */
#ifndef BOARD_PRIVATE_H
#define BOARD_PRIVATE_H

#include <SDL_ttf.h>

#include "board.h"

#define BOARD_MAX_TURNS 16   /* calls waiting for the highlight */

enum board_font {
	BF_TITLE,  /* the unit name */
	BF_CLOCK,
	BF_LABEL,  /* headings, names */
	BF_SMALL,  /* English lines, the date, marks */
	BF_HUGE,   /* the number in the highlight */
	BF_BIG,    /* the counter in the highlight, counts */
	BF_ROW,    /* a row of the list */
	BF_NAME,   /* a service's name in its tile */
	BF_NAME_EN,/* its English name */
	BF_COUNT_N,/* people waiting for a service */
	BF_COUNT
};

/* A call in (or waiting for) the big highlight. */
struct board_turn {
	char number[12];
	int counter;
	Uint32 since;   /* when it took the highlight */
	int fresh;      /* within its BOARD_HOLD_MS */
};

struct board_layout {
	SDL_Rect header, clock, highlight, list, services;
	int margin;
	int rows;                    /* list rows that fit */
	int row_h;
	int tile_w, tile_h;          /* a service's tile */
	int nservices;               /* laid out for this many */
	int portrait;
	int size[BF_COUNT];          /* font sizes the fonts were opened at */
};

struct board {
	SDL_Renderer *r;
	struct board_deps d;
	int w, h;
	TTF_Font *font[BF_COUNT];
	struct board_layout lay;
	Uint32 (*ticks)(void);

	struct board_view view;
	int have_view;
	int online;                  /* -1 until the feed says */

	struct board_turn cur;       /* number[0] == 0: none */
	struct board_turn turns[BOARD_MAX_TURNS];
	int nturns;

	int64_t shown_minute;        /* the clock's minute on screen */
	int bench;
	char unshown[BOARD_MAX_TURNS][12]; /* calls not yet on a presented frame */
	int nunshown;
};

/* board_draw.c: sizes from the output size, fonts at those sizes. */
int board_layout(struct board *b);
void board_paint(struct board *b);

/* board_words.c: what the painter and the state read to say it. */
int64_t board_now(const struct board *b);
const char *board_tr(const struct board *b, int lang, const char *key);
/* "Quầy 3" (or the counter's own name) in lang for counter c. */
void board_counter_name(const struct board *b, int lang, int counter, char *buf, size_t len);

#endif
