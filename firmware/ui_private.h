/*
 * ui_private.h - what the ui_*.c files share; not for other parts.
 *
 * A screen is a list of widgets (rectangle + what a tap does) built by
 * ui_layout.c from the logical screen size with the widget layer
 * (widget.h); ui_draw.c draws that list and ui_input.c hit-tests the same
 * list, so what is seen is what is tapped.
 */
#ifndef UI_PRIVATE_H
#define UI_PRIVATE_H

#include <SDL_ttf.h>

#include "ui.h"
#include "booking.h"
#include "ksync.h"
#include "scan_wedge.h"

#define UI_MAX_WIDGETS 48
#define GUARD_MS 800        /* taps ignored after a screen change */

enum ui_action {
	A_NONE,
	A_SERVICE,     /* arg: index into cfg->services */
	A_INFO,        /* arg: service */
	A_TAKE,        /* from the info screen; arg: service */
	A_PRIORITY,
	A_LANG,
	A_HOME,
	A_PIN_DIGIT,   /* arg: 0..9 */
	A_PIN_BACK,
	A_PIN_OK,
	A_MAINT_TEST,
	A_MAINT_REPRINT,
	A_MAINT_PAPER,
	A_MAINT_TOGGLE, /* arg: service */
	A_MAINT_RESTART,
	A_REPRINT,     /* the booking screen: the ticket of a code used before */
	A_TYPE,        /* home: type a booking code instead of scanning it */
	A_TYPE_KEY,    /* arg: the character */
	A_TYPE_BACK,
	A_TYPE_OK,
	A_LOOKUP,       /* home: look a dossier up (takes no number) */
	A_LOOKUP_OK,    /* the look-up keyboard: ask */
	A_LOOKUP_AGAIN, /* the answer: type the code again */
};

struct ui_widget {
	SDL_Rect r;
	int action, arg;
};

enum font_role { F_TITLE, F_BUTTON, F_SMALL, F_HUGE, F_COUNT };

struct ui {
	SDL_Renderer *r;
	struct ui_deps d;
	int w, h;
	TTF_Font *font[F_COUNT];
	SDL_Texture *oa_qr;             /* the OA's QR code, made once */
	Uint32 (*ticks)(void);

	enum ui_screen screen;
	Uint32 screen_since, last_input, last_refresh;
	int lang, priority;
	int waiting_issue;              /* a tap went to the worker; no second one */

	struct queue_ticket ticket;     /* the last ticket issued here */
	int have_ticket;
	enum ui_print print;
	int refusal;                    /* K_ERR_* on the refused screen */
	char refused_service[9];
	int info_service;

	struct wedge wedge;             /* keys held until they are known to be a scan */
	int booking_reason;             /* UI_BOOKING: enum booking_reason, -1 = error */
	struct booking_token booking;   /* UI_BOOKING: the verified fields, for the text */
	struct queue_ticket used_ticket;/* UI_BOOKING, ALREADY_USED: the first ticket */
	char typed[KSYNC_DOSSIER_CODE]; /* UI_TYPE, UI_LOOKUP: the code so far; wiped on leaving */
	int typed_len;

	int lookup_code;                /* UI_ANSWER: K_OK, K_ERR_NOT_FOUND ... */
	int lookup_hint;                /* UI_LOOKUP: the code typed is malformed */
	int lookup_waiting;             /* a look-up went to the worker, for this screen */
	Uint32 lookup_tag;              /* ... tagged so (an older answer is not it) */
	struct ksync_dossier dossier;   /* UI_ANSWER: the answer; wiped on leaving */

	struct queue_status status;     /* from the worker, for the strip and caps */
	int online;                     /* the station server answers (or there is none) */
	int have_status;
	int printer_code;               /* 0 or why the printer is not usable */
	int issue_code;                 /* 0, K_ERR_CLOCK or K_ERR_DISK_FULL: no number now */
	int queue_code;                 /* 0 or why the database is not usable */

	unsigned off_today;             /* services turned off in maintenance, bit i */
	int64_t off_day;

	struct ui_widget widget[UI_MAX_WIDGETS];
	int nwidgets;
	int pressed, focus;             /* widget index or -1 */

	char pin[9];
	int pin_len, pin_failures;
	Uint32 locked_until;
	int corner_taps;
	Uint32 corner_first;
	int restart;
};

/* ui_layout.c: rebuild u->widget for the current screen. */
void ui_layout(struct ui *u);
int ui_strip_h(const struct ui *u);
/* The red band's height above the Zalo line (0: nothing wrong). */
int ui_warn_h(const struct ui *u);

/* ui.c: helpers the others use. */
struct i18n *ui_text(const struct ui *u);
const char *ui_pick(const struct ui *u, const char *vi, const char *en);
/* ui_words.c: the text for key with {help} filled in (see there). */
const char *ui_tr(const struct ui *u, const char *key);
int ui_service_state(const struct ui *u, int i, int64_t *opens);
int64_t ui_now(const struct ui *u);
int ui_all_closed(const struct ui *u, int64_t *opens);
void ui_show(struct ui *u, enum ui_screen s);
/* A ticket issued or checked in: its number fills the screen, its slip prints. */
void ui_show_ticket(struct ui *u, const struct queue_ticket *t);

enum { SERVICE_OPEN, SERVICE_CLOSED, SERVICE_FULL, SERVICE_OFF };

/* ui_input.c: taps, fingers and keys.  1 = redraw. */
int ui_input(struct ui *u, const SDL_Event *ev);
int ui_key(struct ui *u, SDL_Keycode k);

/* ui_scan.c: the wedge, the one entry point for scans, the booking answer. */
int ui_scan_key(struct ui *u, const SDL_KeyboardEvent *k, int *redraw); /* 1 = taken */
int ui_scan_tick(struct ui *u);
Uint32 ui_scan_deadline(const struct ui *u);
int ui_on_checkin(struct ui *u, const struct worker_result *res);

/* ui_draw.c */
void ui_draw_screen(struct ui *u);

/* ui_lookup.c: the dossier look-up (docs/dossiers.md). */
void ui_lookup_layout(struct ui *u);
void ui_lookup_draw(struct ui *u);
void ui_lookup_draw_entry(struct ui *u, int i);         /* its button on home */
int ui_lookup_action(struct ui *u, int action, int arg);
int ui_lookup_scan(struct ui *u, const char *code, size_t len, int *redraw); /* 1 = taken */
int ui_lookup_result(struct ui *u, const struct worker_result *res);
int ui_lookup_available(const struct ui *u);            /* a station server to ask */
void ui_lookup_forget(struct ui *u, enum ui_screen next); /* wipe what leaving drops */

/* ui_maint.c: the hidden gesture, the PIN pad and the maintenance actions. */
int ui_maint_corner_tap(struct ui *u, int x, int y);
int ui_maint_action(struct ui *u, int action, int arg);
int ui_maint_key(struct ui *u, SDL_Keycode k);
int ui_maint_locked_seconds(const struct ui *u);

#endif
