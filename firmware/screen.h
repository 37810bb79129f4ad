/*
 * screen.h - a screen of the kiosk as a small table of operations.
 *
 * Each screen is one file (screen_*.c) holding one row of ops: how it lays
 * its widgets out, draws them, acts on a tap or a key, when it gives up and
 * goes home, and what it does when shown and when left.  NULL means the
 * default (below).  ui.c keeps the one table, indexed by enum ui_screen,
 * and dispatches through it; the screens draw with the widget layer
 * (widget.h).  What a screen alone keeps is its own struct, allocated by
 * ui_create() from state_size and reached with screen_state(); no other
 * file reads it.  A new screen: its file, its enum value, one table row.
 */
#ifndef SCREEN_H
#define SCREEN_H

#include "ui_private.h"

enum screen_flags {
	SCREEN_LIVE = 1,  /* shows the worker's status: refreshed, redrawn on news */
	SCREEN_STAFF = 2, /* the technician's: takes no scans */
};

struct screen_ops {
	const char *name;
	unsigned flags;                 /* enum screen_flags */
	size_t state_size;              /* its own state's size, 0 = none */
	/* shown (also again), before its layout */
	void (*enter)(struct ui *u);
	/* left for the screen next */
	void (*leave)(struct ui *u, enum ui_screen next);
	/* its widgets (widget_add ...); NULL = none */
	void (*layout)(struct ui *u);
	/* paint it over white */
	void (*draw)(struct ui *u);
	/* a widget's action (enum ui_action) other than A_HOME, which always goes
	 * home; NULL = none.  1 = redraw */
	int (*action)(struct ui *u, int action, int arg);
	/* a key first: 1 or 0 = taken (redraw or not), -1 = the usual handling
	 * (Esc home, arrows move the focus, Enter takes it); NULL = the usual */
	int (*key)(struct ui *u, SDL_Keycode k);
	/* when it goes home by itself (ticks), 0 = never (screen_never);
	 * NULL = ui_idle_deadline() */
	Uint32 (*deadline)(const struct ui *u);
};

/* The rows, one per enum ui_screen (ui.c's table). */
extern const struct screen_ops screen_home, screen_ticket, screen_refused, screen_info,
	screen_closed, screen_attract, screen_pin, screen_maint, screen_booking, screen_type,
	screen_lookup, screen_answer;

/* The row of the screen now shown. */
const struct screen_ops *screen_current(const struct ui *u);
/* Screen s's own state (its ops' state_size bytes, zeroed at the start). */
void *screen_state(const struct ui *u, enum ui_screen s);
/* A deadline op for a screen that stays until something happens. */
Uint32 screen_never(const struct ui *u);

/* What a screen is shown with, from outside it. */
void screen_info_show(struct ui *u, int service);                 /* screen_info.c */
/* screen_issued.c: ask the worker for a number for service i, or say why
 * not (1 = redraw); a ticket issued or checked in (its number fills the
 * screen, its slip prints); a refusal. */
int screen_take_number(struct ui *u, int service);
void screen_ticket_show(struct ui *u, const struct queue_ticket *t);
void screen_refused_show(struct ui *u, int code);
/* A checked-in code's answer: the ticket, or why not.  1 = redraw. */
int screen_booking_result(struct ui *u, const struct worker_result *res);
/* screen_lookup.c: a scan that may be a receipt code (1 = taken), the
 * worker's answer to a look-up (1 = redraw). */
int screen_lookup_scan(struct ui *u, const char *code, size_t len, int *redraw);
int screen_lookup_result(struct ui *u, const struct worker_result *res);
/* screen_maint.c: five quick taps in the top-left corner open the PIN pad. */
int screen_pin_corner_tap(struct ui *u, int x, int y);

#endif
