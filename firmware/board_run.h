/*
 * board_run.h - `kiosk --board` (or [kiosk] mode = board): the lobby board
 * in the window main.c opened, until SDL_QUIT.
 */
#ifndef BOARD_RUN_H
#define BOARD_RUN_H

#include <SDL.h>
#include <stdint.h>

#include "i18n.h"
#include "kconf.h"
#include "rotate.h"

struct board_opts {
	const char *db;          /* without [sync] server: the queue database; NULL = [queue] */
	const char *screenshot;  /* draw once the first snapshot is in, or the source is
				  * found away (5 s at most), then return without
				  * presenting: the caller saves the frame */
	int64_t now;             /* a fixed clock for reference pictures; 0 = the system's */
	struct rotate *rotate;   /* the picture turned on the panel; NULL = not */
};

/* Returns the program's exit status, or K_ERR_IO when the fonts cannot be
 * opened (nothing can be said: the caller shows an out-of-order screen). */
int board_run(SDL_Renderer *ren, const struct kconf *cfg, struct i18n *text[2],
	      const struct board_opts *o);

#endif
