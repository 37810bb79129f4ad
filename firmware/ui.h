/*
 * ui.h - the kiosk's screens: home (one button per service) and the ticket.
 *
 * The UI draws through one renderer and takes input through one function,
 * ui_event(); it never reads the clock of the queue itself.  Sizes come
 * from the logical screen size in kiosk.conf, so portrait and landscape
 * panels share one set of layout rules.
 */
#ifndef UI_H
#define UI_H

#include <SDL.h>

#include "i18n.h"
#include "kconf.h"
#include "print_worker.h"
#include "queue.h"

struct ui;

struct ui_deps {
	const struct kconf *cfg;
	struct queue *queue;      /* NULL: the queue could not be opened */
	struct i18n *text[2];     /* [0] Vietnamese, [1] English */
	struct print_worker *printer; /* NULL: no printing */
	Uint32 print_event;       /* the event type print results arrive as */
};

enum ui_print { UI_PRINT_NONE, UI_PRINT_BUSY, UI_PRINT_DONE, UI_PRINT_FAILED };

enum ui_screen { UI_HOME, UI_TICKET, UI_REFUSED };

/* Opens the fonts named in cfg.  Returns 0 or K_ERR_IO (font missing, logged). */
int ui_create(struct ui **out, SDL_Renderer *r, const struct ui_deps *deps);
void ui_destroy(struct ui *u);

/* The one input entry point.  Returns 1 when the screen must be redrawn. */
int ui_event(struct ui *u, const SDL_Event *ev);

/* Let time pass (screen timeouts).  Returns 1 when the screen must be redrawn. */
int ui_tick(struct ui *u);

/* Milliseconds until ui_tick() has something to do (for SDL_WaitEventTimeout). */
int ui_next_timeout(const struct ui *u);

void ui_draw(struct ui *u);

/* What is on screen, for tests and the benchmark. */
enum ui_screen ui_current(const struct ui *u);
enum ui_print ui_print_state(const struct ui *u);
const struct queue_ticket *ui_last_ticket(const struct ui *u);

/* The i-th visible service button, in logical pixels.  0 or -1 if none. */
int ui_service_rect(const struct ui *u, int i, SDL_Rect *out);

#endif
