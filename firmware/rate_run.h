/*
 * rate_run.h - `kiosk --rate COUNTER` (or [kiosk] mode = rate): a counter's
 * rating panel in the window main.c opened, until SDL_QUIT.
 */
#ifndef RATE_RUN_H
#define RATE_RUN_H

#include <SDL.h>

#include "i18n.h"
#include "kconf.h"
#include "rotate.h"

struct rate_opts {
	const char *screenshot;  /* draw once the server's first answer is in, or the
				  * server is found away (5 s at most), then return
				  * without presenting: the caller saves the frame */
	struct rotate *rotate;   /* the picture turned on the panel; NULL = not */
};

/* Returns the program's exit status, or K_ERR_IO when the fonts cannot be
 * opened (nothing can be said: the caller shows an out-of-order screen). */
int rate_run(SDL_Renderer *ren, const struct kconf *cfg, struct i18n *text[2],
	     const struct rate_opts *o);

#endif
