/*
 * kiosk_ui.h - the kiosk's UI under test, shared by the headless UI tests
 * (test_ui.c, test_lookup.c): SDL's dummy driver with the software
 * renderer, the real worker (and, with [sync] server, ksync and the
 * follower) behind it, a simulated printer writing slips into the
 * fixture's folder, and a fake tick source the test moves.  Taps, keys and
 * a keyboard-wedge scanner are sent as SDL events through ui_event().
 */
#ifndef KIOSK_UI_H
#define KIOSK_UI_H

#include "testutil.h"
#include "follower.h"
#include "ksync.h"
#include "rotate.h"
#include "ui.h"

#include <SDL.h>

struct env {
	struct tfix *f;
	struct queue *check;       /* a second connection, for the test's own look */
	SDL_Window *win;
	SDL_Renderer *ren;
	struct ui *ui;
	struct ui_deps deps;
	struct ksync *ks;          /* with [sync] server: the worker's link */
	struct follower *follower;
	char slips[160];
	int w, h;                  /* the picture as the citizen sees it */
	struct rotate *rot;        /* [kiosk] rotate: the window is the picture turned */
};

/* The UI's clock: tests move it (timeouts, the wedge's timing). */
extern Uint32 fake_ticks;

/*
 * The kiosk on the configuration text (the panel's size put into its
 * [kiosk] section; with rotate = 90 or 270 the window is h x w and the
 * picture is turned onto it as firmware/main.c does), its clock fixed at iso; printer_state: what the
 * simulated printer says (NULL: fine).  With [sync] server the outbox is in
 * the fixture's folder and the follower runs, as firmware/main.c does.
 */
void env_open_at(struct env *e, const char *text, int w, int h, const char *printer_state,
		 const char *iso);
/* The same, its simulated printer writing into slips (NULL: the fixture's
 * folder's "slips"). */
void env_open_in(struct env *e, const char *text, int w, int h, const char *printer_state,
		 const char *iso, const char *slips);
void env_close(struct env *e);

/* Now, in Vietnam, "YYYY-MM-DDTHH:MM:SS" (static storage), for env_open_at()
 * beside a real station server, which keeps real time. */
const char *env_now_vn(void);

/* Feed events for ms; or until cond holds (8 s at most): cond's value. */
void pump(struct env *e, int ms);
int pump_until(struct env *e, int (*cond)(struct env *));

/* Conditions for pump_until(). */
int ticket_screen(struct env *e);
int printed(struct env *e);       /* the slip printed, or failed to */

/* A mouse event at (x, y); which = SDL_TOUCH_MOUSEID for a finger's twin. */
SDL_Event pointer(Uint32 type, int x, int y, Uint32 which);
/* A tap at the centre of r; ui_event()'s answer to the release. */
int tap_rect(struct env *e, SDL_Rect r);
/* A tap on the service button i of the current screen. */
void tap_service(struct env *e, int i);
/* A tap on a named button (ui_button_rect()), a person's second after the last. */
void tap_button(struct env *e, const char *what);
/* Taps on the on-screen keyboard's keys, one per character. */
void tap_keys(struct env *e, const char *s);
/* A key pressed (its keycode only); ui_event()'s answer. */
int press(struct env *e, SDL_Keycode k);
/* Time passes: ms on the UI's clock, then a tick. */
void wait_ms(struct env *e, Uint32 ms);
/* Keys typed gap_ms apart as a US-layout keyboard sends them (Shift first
 * for ':' and capitals), then Enter if enter: a wedge scanner at 4 ms. */
void type(struct env *e, const char *s, Uint32 gap_ms, int enter);

/* Pixels in rect that differ from its top-left pixel; one pixel's colour. */
int ink_in(struct env *e, SDL_Rect rect);
Uint32 pixel(struct env *e, int x, int y);

#endif
