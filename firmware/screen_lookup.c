/*
 * screen_lookup.c - "Tra cứu hồ sơ": a citizen asks whether their dossier is
 * done (card ready, refused, not delivered ...) without taking a number,
 * and one who must act is sent straight to the right queue
 * (docs/dossiers.md).
 *
 * Home has a button for it, framed apart from the services, only when the
 * kiosk has a station server: the kiosk keeps no copy of the list.  The
 * look-up screen is the booking code's keyboard with its own OK; the
 * barcode or QR of the appointment slip (giấy hẹn) may be scanned instead,
 * there or on any citizen's screen (screen_lookup_scan()).  The worker asks the
 * server (WORKER_LOOKUP), never this thread.  The answer shows the
 * station's own texts as given and, when the status names a service, one
 * big button that takes a number for it exactly as a tap on that service
 * does.
 *
 * The code is wiped when its screen is left, on idle (which leaves it),
 * and so once the answer is in; it is never shown again, logged, printed
 * or stored.  The answer is wiped when its screen is left.  A question in
 * flight is for the screen it was asked on: once that screen is left, its
 * answer is dropped.
 */
#include "screen.h"
#include "widget.h"
#include "kerr.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* UI_LOOKUP's state: the question. */
struct lookup {
	int hint;           /* the code typed is malformed */
	int waiting;        /* a look-up went to the worker ... */
	unsigned asked_on;  /* ... from the screen shown then (u->shows) */
	Uint32 tag;         /* ... tagged so (an older answer is not it) */
};

/* UI_ANSWER's: what the station said. */
struct answer {
	int code;           /* K_OK, K_ERR_NOT_FOUND ... */
	struct ksync_dossier dossier; /* wiped on leaving */
};

/* A question in flight for the screen now shown. */
static int waiting(const struct ui *u)
{
	const struct lookup *q = screen_state(u, UI_LOOKUP);
	return q->waiting && q->asked_on == u->shows;
}

/* The kiosk's service for the answer's service code: its index, or -1 when
 * there is none here to take a number for. */
static int answer_service(const struct ui *u)
{
	const struct answer *a = screen_state(u, UI_ANSWER);
	const struct kconf *cfg = u->d.cfg;
	if (a->code != K_OK || !a->dossier.service[0])
		return -1;
	for (int i = 0; i < cfg->nservices; i++)
		if (!strcmp(cfg->services[i].code, a->dossier.service))
			return cfg->services[i].enabled ? i : -1;
	return -1;
}

/* Send a code (typed or scanned) to the worker; a malformed one is refused
 * here and never leaves the kiosk.  1 = redraw. */
static int ask(struct ui *u, const char *code, size_t len)
{
	struct lookup *q = screen_state(u, UI_LOOKUP);
	char norm[KSYNC_DOSSIER_CODE];

	if (waiting(u) || u->waiting_issue || !u->d.worker)
		return 0;
	if (dossier_code_norm(code, len, norm) < 0) {
		q->hint = 1; /* the screen says what a receipt code looks like */
		return 1;
	}
	int r = worker_lookup(u->d.worker, norm, strlen(norm), ++q->tag);
	sodium_memzero(norm, sizeof(norm));
	if (r < 0) {
		struct answer *a = screen_state(u, UI_ANSWER);
		a->code = K_ERR_BUSY;
		a->dossier.retry_after = 60;
		ui_show(u, UI_ANSWER);
		return 1;
	}
	q->waiting = 1; /* until the answer, or until this screen is left */
	q->asked_on = u->shows;
	q->hint = 0;
	return 1;
}

static int is_booking(const char *code, size_t len)
{
	while (len > 0 && (*code == ' ' || *code == '\t' || *code == '\r' || *code == '\n')) {
		code++;
		len--;
	}
	return len >= 4 && strncasecmp(code, "CCB1", 4) == 0;
}

/*
 * A scan: on the look-up screen anything but a booking token is the slip's
 * receipt code (a malformed one is refused there).  On home and the other
 * citizen's screens a scan that reads as a receipt code opens its answer
 * too, so a citizen who holds the slip to the scanner needs no button; the
 * booking keyboard keeps its scans.  Anything else goes on to check-in.
 */
int screen_lookup_scan(struct ui *u, const char *code, size_t len, int *redraw)
{
	char norm[KSYNC_DOSSIER_CODE];

	*redraw = 0;
	if (!ui_has_server(u) || u->screen == UI_TYPE || is_booking(code, len))
		return 0;
	if (u->screen != UI_LOOKUP) {
		int receipt = dossier_code_norm(code, len, norm) == K_OK;
		sodium_memzero(norm, sizeof(norm));
		if (!receipt)
			return 0;
	}
	*redraw = ask(u, code, len);
	return 1;
}

int screen_lookup_result(struct ui *u, const struct worker_result *res)
{
	struct lookup *q = screen_state(u, UI_LOOKUP);
	struct answer *a = screen_state(u, UI_ANSWER);

	if (!waiting(u) || res->tag != q->tag)
		return 0; /* the citizen left meanwhile: nobody waits for this answer */
	q->waiting = 0;
	if (res->code == K_ERR_INVALID && u->screen == UI_LOOKUP) {
		q->hint = 1; /* the server reads codes more strictly than we do */
		return 1;
	}
	a->code = res->code == K_ERR_INVALID ? K_ERR_NOT_FOUND : res->code;
	a->dossier = res->dossier;
	ui_show(u, UI_ANSWER); /* leaves the keyboard: the code is wiped */
	return 1;
}

int ui_lookup_outcome(const struct ui *u, const struct ksync_dossier **found)
{
	const struct answer *a = screen_state(u, UI_ANSWER);
	if (found)
		*found = u->screen == UI_ANSWER && a->code == K_OK ? &a->dossier : NULL;
	return u->screen == UI_ANSWER ? a->code : K_ERR_STATE;
}

static void lookup_layout(struct ui *u)
{
	widget_keyboard_layout(u, A_LOOKUP_OK);
}

static void lookup_draw(struct ui *u)
{
	const struct lookup *q = screen_state(u, UI_LOOKUP);
	int busy = waiting(u);

	widget_keyboard_draw(u, ui_tr(u, busy ? "lookup.waiting" :
				      q->hint ? "lookup.malformed" : "lookup.title"),
			     busy ? ui_navy : q->hint ? ui_red : ui_ink,
			     ui_tr(u, "lookup.hint"), ui_tr(u, "lookup.ok"));
}

static int lookup_action(struct ui *u, int what, int arg)
{
	struct lookup *q = screen_state(u, UI_LOOKUP);

	switch (what) {
	case A_TYPE_KEY: /* a receipt code has 32 characters at most */
		widget_keyboard_key(u, what, arg, KSYNC_DOSSIER_CODE - 1);
		q->hint = 0;
		return 1;
	case A_LOOKUP_OK:
		if (u->typed_len == 0)
			return 0;
		return ask(u, u->typed, (size_t)u->typed_len);
	default:
		return widget_keyboard_key(u, what, arg, KSYNC_DOSSIER_CODE - 1);
	}
}

static void lookup_leave(struct ui *u, enum ui_screen next)
{
	struct lookup *q = screen_state(u, UI_LOOKUP);

	(void)next;
	widget_keyboard_clear(u); /* the code is not kept */
	q->hint = 0;
}

const struct screen_ops screen_lookup = {
	.name = "lookup",
	.state_size = sizeof(struct lookup),
	.leave = lookup_leave,
	.layout = lookup_layout,
	.draw = lookup_draw,
	.action = lookup_action,
};

static void answer_layout(struct ui *u)
{
	const struct answer *a = screen_state(u, UI_ANSWER);
	int m = widget_margin(u), unit = widget_unit(u);

	int svc = answer_service(u);
	if (svc >= 0) { /* one big button above the way home */
		int bh = unit / 6;
		widget_add(u, m, u->h - 3 * m - unit / 8 - bh, u->w - 2 * m, bh, A_TAKE, svc);
	}
	if (a->code == K_ERR_NOT_FOUND || a->code == K_ERR_BUSY)
		widget_bottom(u, A_LOOKUP_AGAIN, 0, A_HOME);
	else
		widget_bottom(u, A_HOME, 0, 0);
}

/* "2026-11-20" (or the start of an ISO time) as 20/11/2026. */
static void dmy(const char *iso, char *buf, size_t len)
{
	int y, mo, d;
	if (sscanf(iso, "%4d-%2d-%2d", &y, &mo, &d) == 3)
		snprintf(buf, len, "%02d/%02d/%04d", d, mo, y);
	else
		buf[0] = '\0';
}

/* The big "Lấy số: <service>" button: the title font when the label fits a line. */
static void take_button(struct ui *u, int i, int svc)
{
	const struct kconf_service *s = &u->d.cfg->services[svc];
	const SDL_Rect *r = &u->widget[i].r;
	char label[200];
	int m = widget_margin(u), tw = 0;

	snprintf(label, sizeof(label), "%s %s", ui_tr(u, "lookup.take"),
		 ui_pick(u, s->name_vi, s->name_en));
	TTF_SizeUTF8(u->font[F_TITLE], label, &tw, NULL);
	if (tw > r->w - 2 * m) {
		widget_button(u, i, label); /* two lines of the button font */
		return;
	}
	widget_plate(u, i, ui_navy);
	widget_text(u, F_TITLE, label, ui_white, r->x,
		    r->y + (r->h - TTF_FontHeight(u->font[F_TITLE])) / 2, r->w, UI_CENTER);
}

/* One paragraph of the answer: its role picks the font (see fonts[]). */
enum { P_HEAD, P_BODY, P_SMALL };
struct para {
	const char *s;
	int role;
	SDL_Color c;
	int gap; /* margins after it */
};

/* Fonts per role, largest first: the station's texts may be long, so the
 * answer takes the largest set that fits above its buttons. */
static const int fonts[3][3] = {
	{ F_TITLE, F_BUTTON, F_SMALL }, { F_BUTTON, F_SMALL, F_SMALL }, { F_SMALL, F_SMALL, F_SMALL },
};

/* Draw (or only measure) the paragraphs from y with font set `set`; the height. */
static int paras(struct ui *u, const struct para *p, int n, int y, int set, int draw)
{
	int m = widget_margin(u), w = u->w - 2 * m, y0 = y;
	for (int i = 0; i < n; i++) {
		TTF_Font *f = u->font[fonts[set][p[i].role]];
		if (!p[i].s[0])
			continue;
		y += draw ? ui_text_draw(u->r, f, p[i].s, p[i].c, m, y, w, UI_LEFT) :
			    ui_text_height(f, p[i].s, w);
		y += p[i].gap * m;
	}
	return y - y0;
}

static void answer_draw(struct ui *u)
{
	const struct answer *a = screen_state(u, UI_ANSWER);
	const struct ksync_dossier *d = &a->dossier;
	char date[160], note[400], todo_do[600], updated[160], key[48], when[16];
	struct para p[8];
	int n = 0, m = widget_margin(u), y = widget_header_h(u) + 2 * m;

	widget_header(u, 0);
	p[n++] = (struct para){ ui_tr(u, "lookup.heading"), P_SMALL, ui_grey, 1 };
	date[0] = note[0] = updated[0] = '\0';
	if (a->code == K_OK) {
		/* a status the server's kiosk.conf lacks comes with no texts */
		const char *said = ui_pick(u, d->text_vi, d->text_en);
		p[n++] = (struct para){ said[0] ? said : ui_tr(u, "lookup.FOUND"), P_HEAD, ui_navy, 1 };
		dmy(d->date, when, sizeof(when));
		const char *label = ui_pick(u, d->date_vi, d->date_en); /* "Ngày hẹn trả ..." */
		if (when[0])
			snprintf(date, sizeof(date), "%s: %s", label[0] ? label : ui_tr(u, "lookup.date"),
				 when);
		p[n++] = (struct para){ date, P_BODY, ui_ink, 1 };
		if (d->note[0])
			snprintf(note, sizeof(note), "%s: %s", ui_tr(u, "lookup.note"), d->note);
		p[n++] = (struct para){ note, P_BODY, ui_ink, 1 };
		const char *todo = said[0] ? ui_pick(u, d->action_vi, d->action_en) :
				   ui_tr(u, "lookup.FOUND_do");
		p[n++] = (struct para){ todo[0] ? ui_tr(u, "lookup.do") : "", P_BODY, ui_ink, 0 };
		p[n++] = (struct para){ todo, P_BODY, ui_navy, 1 };
		dmy(d->updated, when, sizeof(when));
		if (when[0])
			snprintf(updated, sizeof(updated), "%s %s", ui_tr(u, "lookup.updated"), when);
		p[n++] = (struct para){ updated, P_SMALL, ui_grey, 0 };
	} else {
		const char *name = a->code == K_ERR_NOT_FOUND ? "NOT_FOUND" :
				   a->code == K_ERR_UNREACHABLE ? "OFFLINE" :
				   a->code == K_ERR_DISABLED ? "NO_LIST" :
				   a->code == K_ERR_BUSY ? "BUSY" :
				   a->code == K_ERR_CAP ? "CAP" : "ERROR";
		snprintf(key, sizeof(key), "lookup.%s", name);
		p[n++] = (struct para){ ui_tr(u, key), P_HEAD, ui_red, 2 };
		snprintf(key, sizeof(key), "lookup.%s_do", name);
		if (a->code == K_ERR_BUSY) /* "in about {n} minute(s)" */
			i18n_format(ui_text(u), key, d->retry_after > 60 ? (d->retry_after + 59) / 60 : 1,
				    todo_do, sizeof(todo_do));
		else
			snprintf(todo_do, sizeof(todo_do), "%s", ui_tr(u, key));
		p[n++] = (struct para){ todo_do, P_BODY, ui_ink, 1 };
		dmy(d->updated, when, sizeof(when)); /* not found: maybe newer than the list */
		if (when[0] && a->code == K_ERR_NOT_FOUND)
			snprintf(updated, sizeof(updated), "%s %s", ui_tr(u, "lookup.updated"), when);
		p[n++] = (struct para){ updated, P_SMALL, ui_grey, 0 };
	}
	int room = u->h - y - m;
	for (int i = 0; i < u->nwidgets; i++)
		if (u->widget[i].r.y - y - m < room)
			room = u->widget[i].r.y - y - m;
	int set = 0;
	while (set < 2 && paras(u, p, n, y, set, 0) > room)
		set++;
	paras(u, p, n, y, set, 1);
	for (int i = 0; i < u->nwidgets; i++) {
		const struct ui_widget *w = &u->widget[i];
		if (w->action == A_TAKE)
			take_button(u, i, w->arg);
		else if (w->action == A_LOOKUP_AGAIN)
			widget_button(u, i, ui_tr(u, "lookup.again"));
		else /* home: where a number is taken, or simply back when all is said */
			widget_button(u, i, ui_tr(u, a->code == K_OK ? "ticket.home" :
						   "lookup.take_any"));
	}
}

static int answer_action(struct ui *u, int what, int arg)
{
	switch (what) {
	case A_TAKE:
		return screen_take_number(u, arg);
	case A_LOOKUP_AGAIN:
		ui_show(u, UI_LOOKUP);
		return 1;
	default:
		return 0;
	}
}

static void answer_leave(struct ui *u, enum ui_screen next)
{
	struct answer *a = screen_state(u, UI_ANSWER);

	(void)next;
	sodium_memzero(&a->dossier, sizeof(a->dossier));
}

const struct screen_ops screen_answer = {
	.name = "answer",
	.state_size = sizeof(struct answer),
	.leave = answer_leave,
	.layout = answer_layout,
	.draw = answer_draw,
	.action = answer_action,
};
