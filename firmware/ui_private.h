/*
 * ui_private.h - what the UI's files share; not for other parts.
 *
 * struct ui holds what every screen may read: the renderer and fonts, the
 * clock, which screen is shown, the kiosk's state shared by all screens
 * (language, priority, the last ticket, the worker's status) and the
 * widget list.  A screen (screen.h) is a list of widgets (rectangle + what
 * a tap does) built by its layout from the logical screen size; its draw
 * paints that list and ui_input.c hit-tests the same list, so what is seen
 * is what is tapped.  What one screen alone keeps lives in that screen's
 * own state (screen_state()), not here.
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
#define UI_SCREENS (UI_ANSWER + 1) /* enum ui_screen's values */

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
	A_FOLLOW,       /* the ticket: its page's QR code, large */
};

struct ui_widget {
	SDL_Rect r;
	int action, arg;
};

enum font_role { F_TITLE, F_BUTTON, F_SMALL, F_HUGE, F_COUNT };

struct screen_ops; /* screen.h */

struct ui {
	SDL_Renderer *r;
	struct ui_deps d;
	int w, h;
	TTF_Font *font[F_COUNT];         /* ui_font(): F_HUGE opened when first drawn */
	void *font_file[2];             /* [kiosk] font and font_bold, mapped (ui.c) */
	size_t font_len[2];
	SDL_Texture *oa_qr;             /* the OA's QR code, made once */
	Uint32 (*ticks)(void);

	enum ui_screen screen;
	unsigned shows;                 /* screen changes so far (a question's answer
	                                 * is for the screen it was asked on) */
	Uint32 screen_since, last_input, last_refresh;
	const struct screen_ops *const *screens; /* the table (ui.c), by enum ui_screen */
	void *state[UI_SCREENS];        /* each screen's own (screen_state()) */

	/* shared by the screens */
	int lang, priority;
	int waiting_issue;              /* a tap went to the worker; no second one */
	char asked[9];                  /* the service a number was last asked for */
	struct queue_ticket ticket;     /* the last ticket issued here */
	int have_ticket;
	enum ui_print print;
	struct wedge wedge;             /* keys held until they are known to be a scan */

	struct queue_status status;     /* from the worker, for the strip and caps */
	int online;                     /* the station server answers (or there is none) */
	int unsent;                     /* tickets issued here not yet at the server */
	int have_status;
	int printer_code;               /* 0 or why the printer is not usable */
	int issue_code;                 /* 0, K_ERR_CLOCK or K_ERR_DISK_FULL: no number now */
	int queue_code;                 /* 0 or why the database is not usable */
	unsigned off_today;             /* services turned off in maintenance, bit i */
	int64_t off_day;
	int restart;                    /* maintenance asked for a restart */

	/* the widget layer's (widget.h) */
	struct ui_widget widget[UI_MAX_WIDGETS];
	int nwidgets;
	int pressed, focus;             /* widget index or -1 */
	char typed[KSYNC_DOSSIER_CODE]; /* the on-screen keyboard's code so far; wiped on leaving */
	int typed_len;
};

/* ui_shared.c: what the screens and the widgets use. */
/* The font of a role (enum font_role), opened from the mapped file on its
 * first use; NULL (logged) if it cannot be. */
TTF_Font *ui_font(struct ui *u, int role);
struct i18n *ui_text(const struct ui *u);
const char *ui_pick(const struct ui *u, const char *vi, const char *en);
/* ui_words.c: the text for key with {help} filled in (see there). */
const char *ui_tr(const struct ui *u, const char *key);
int ui_service_state(const struct ui *u, int i, int64_t *opens);
int64_t ui_now(const struct ui *u);
int ui_all_closed(const struct ui *u, int64_t *opens);
/* A station server to ask (the dossier look-up has no list of its own). */
int ui_has_server(const struct ui *u);
/* Show s: the old screen's leave, the new one's enter and layout. */
void ui_show(struct ui *u, enum ui_screen s);
/* Rebuild u->widget for the current screen. */
void ui_layout(struct ui *u);
/* When the idle citizen's screen goes home: the last input + [kiosk] idle_seconds. */
Uint32 ui_idle_deadline(const struct ui *u);

enum { SERVICE_OPEN, SERVICE_CLOSED, SERVICE_FULL, SERVICE_OFF };

/* ui_input.c: taps, fingers and keys, and the wedge's keys.  1 = redraw. */
int ui_input(struct ui *u, const SDL_Event *ev);
int ui_key(struct ui *u, SDL_Keycode k);
int ui_scan_key(struct ui *u, const SDL_KeyboardEvent *k, int *redraw); /* 1 = taken */
int ui_scan_tick(struct ui *u);
Uint32 ui_scan_deadline(const struct ui *u);

#endif
