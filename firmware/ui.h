/*
 * ui.h - the kiosk's screens for a first-time, often elderly citizen.
 *
 * Home shows one big button per service, a priority choice, the language
 * switch, the numbers now being served and the printer's state when it is
 * not OK.  One tap issues a ticket; its number fills the screen while the
 * slip prints.  Everything that may block (the database, the printer) is
 * done by the worker (worker.h); the UI only draws and reacts.
 *
 * The UI draws through one renderer and takes input through one function,
 * ui_event(); time comes from an injectable tick source.  Sizes come from
 * the logical screen size in kiosk.conf, so portrait, landscape and small
 * panels share one set of layout rules (widget.h, screen_*.c).
 */
#ifndef UI_H
#define UI_H

#include <SDL.h>

#include "i18n.h"
#include "kclock.h"
#include "kconf.h"
#include "ksync.h"
#include "worker.h"

struct ui;

struct ui_deps {
	const struct kconf *cfg;
	struct worker *worker;      /* NULL: tickets cannot be issued (shown as such) */
	struct i18n *text[2];       /* [0] Vietnamese, [1] English */
	Uint32 worker_event;        /* the event type worker results arrive as */
	Uint32 scan_event;          /* serial scans (scan_reader.h); 0 = none */
	const struct kclock *clock; /* wall clock for opening hours; NULL = system */
	struct rotate *rotate;      /* the picture turned on the panel (rotate.h); NULL = not */
};

enum ui_screen {
	UI_HOME, UI_TICKET, UI_REFUSED, UI_INFO, UI_CLOSED, UI_ATTRACT, UI_PIN, UI_MAINT,
	UI_BOOKING, /* a scanned code refused: why, and what to do */
	UI_TYPE,    /* a booking code typed on an on-screen keyboard */
	UI_LOOKUP,  /* a dossier's receipt code typed (or scanned) to look it up */
	UI_ANSWER,  /* what the station says of that dossier, or why it cannot */
};

enum ui_print { UI_PRINT_NONE, UI_PRINT_BUSY, UI_PRINT_DONE, UI_PRINT_FAILED };

/* Opens the fonts named in cfg.  Returns 0 or K_ERR_IO (font missing, logged). */
int ui_create(struct ui **out, SDL_Renderer *r, const struct ui_deps *deps);
void ui_destroy(struct ui *u);

/* The one input entry point (also worker results).  1 = redraw needed. */
int ui_event(struct ui *u, const SDL_Event *ev);

/* The one entry point for a scanned code, whatever the scanner (wedge keys
 * arrive through ui_event and come here; serial and HID drivers post it).
 * The code is checked in as a booking; nothing of it is kept. */
int ui_scan(struct ui *u, const char *code, size_t len);

/* Let time pass (idle, attract, screen timeouts, status refresh).  1 = redraw. */
int ui_tick(struct ui *u);

/* Milliseconds until ui_tick() has something to do; -1 = nothing. */
int ui_next_timeout(const struct ui *u);

void ui_draw(struct ui *u);

/* Give the UI its worker once it is running (the first frame is drawn
 * before the database and the printer are opened). */
void ui_attach_worker(struct ui *u, struct worker *w);

/* Maintenance asked for a restart: the program should exit (code 75). */
int ui_wants_restart(const struct ui *u);

/* ui_status.c: one line for the service manager's STATUS= (English, for the
 * technician's journal): issuing or why not, printer, server. */
void ui_status_line(const struct ui *u, char *buf, size_t len);

/* For tests and the benchmark. */
enum ui_screen ui_current(const struct ui *u);
enum ui_print ui_print_state(const struct ui *u);
const struct queue_ticket *ui_last_ticket(const struct ui *u);
/* 1 when the station server answered last (or there is none); *unsent (may
 * be NULL): the tickets issued here it has not taken yet.  As the worker's
 * last status said: the sync client itself is the worker's alone. */
int ui_online(const struct ui *u, int *unsent);
/* Why home says no number can be had now (K_ERR_CLOCK, K_ERR_DISK_FULL) or 0. */
int ui_issue_code(const struct ui *u);
/* The code typed so far on a keyboard screen ("" otherwise). */
const char *ui_typed(const struct ui *u);
/* UI_ANSWER: K_OK (found), K_ERR_NOT_FOUND, K_ERR_UNREACHABLE, K_ERR_DISABLED
 * (no list), K_ERR_BUSY ...; and the dossier found (NULL otherwise). */
int ui_lookup_outcome(const struct ui *u, const struct ksync_dossier **found);
/* The button of the i-th service on the current screen, in logical pixels. */
int ui_service_rect(const struct ui *u, int i, SDL_Rect *out);
/* The first button that does `what` ("info", "priority", "lang", "home",
 * "take", "pin:0".."pin:9", "pin:ok", "maint:...", "reprint", "type", "key:A" ..,
 * "key:back", "key:ok", "lookup", "lookup:ok", "lookup:again") on the current
 * screen. */
int ui_button_rect(const struct ui *u, const char *what, SDL_Rect *out);
/* Replace SDL_GetTicks (tests move time). */
void ui_set_ticks(struct ui *u, Uint32 (*ticks)(void));

#endif
