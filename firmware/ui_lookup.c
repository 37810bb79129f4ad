/*
 * ui_lookup.c - "Tra cứu hồ sơ": a citizen asks whether their dossier is
 * done (card ready, refused, not delivered ...) without taking a number,
 * and one who must act is sent straight to the right queue
 * (docs/dossiers.md).
 *
 * Home has a button for it, framed apart from the services, only when the
 * kiosk has a station server: the kiosk keeps no copy of the list.  The
 * look-up screen is the booking code's keyboard with its own OK; the
 * barcode or QR of the appointment slip (giấy hẹn) may be scanned instead,
 * there or on any citizen's screen (ui_lookup_scan()).  The worker asks the
 * server (WORKER_LOOKUP), never this thread.  The answer shows the
 * station's own texts as given and, when the status names a service, one
 * big button that takes a number for it exactly as a tap on that service
 * does.
 *
 * The code is wiped when its screen is left (ui_show), on idle (which
 * leaves it), and so once the answer is in; it is never shown again,
 * logged, printed or stored.  The answer is wiped when its screen is left.
 */
#include "widget.h"
#include "kerr.h"
#include "klog.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

int ui_lookup_available(const struct ui *u)
{
	return u->d.cfg->sync.server[0] != '\0';
}

void ui_lookup_forget(struct ui *u, enum ui_screen next)
{
	if (u->screen == UI_ANSWER && next != UI_ANSWER)
		sodium_memzero(&u->dossier, sizeof(u->dossier));
	if (u->screen != next) {
		u->lookup_hint = 0;
		u->lookup_waiting = 0; /* the answer to a question left behind is dropped */
	}
}

/* The kiosk's service for the answer's service code: its index, or -1 when
 * there is none here to take a number for. */
static int answer_service(const struct ui *u)
{
	const struct kconf *cfg = u->d.cfg;
	if (u->screen != UI_ANSWER || u->lookup_code != K_OK || !u->dossier.service[0])
		return -1;
	for (int i = 0; i < cfg->nservices; i++)
		if (!strcmp(cfg->services[i].code, u->dossier.service))
			return cfg->services[i].enabled ? i : -1;
	return -1;
}

/* Send a code (typed or scanned) to the worker; a malformed one is refused
 * here and never leaves the kiosk.  1 = redraw. */
static int ask(struct ui *u, const char *code, size_t len)
{
	char norm[KSYNC_DOSSIER_CODE];

	if (u->lookup_waiting || u->waiting_issue || !u->d.worker)
		return 0;
	if (dossier_code_norm(code, len, norm) < 0) {
		u->lookup_hint = 1; /* the screen says what a receipt code looks like */
		return 1;
	}
	int r = worker_lookup(u->d.worker, norm, strlen(norm), ++u->lookup_tag);
	sodium_memzero(norm, sizeof(norm));
	if (r < 0) {
		u->lookup_code = K_ERR_BUSY;
		u->dossier.retry_after = 60;
		ui_show(u, UI_ANSWER);
		return 1;
	}
	u->lookup_waiting = 1; /* until the answer, or until this screen is left */
	u->lookup_hint = 0;
	return 1;
}

int ui_lookup_action(struct ui *u, int action, int arg)
{
	(void)arg;
	switch (action) {
	case A_LOOKUP:
	case A_LOOKUP_AGAIN:
		ui_show(u, UI_LOOKUP);
		return 1;
	case A_LOOKUP_OK:
		if (u->typed_len == 0)
			return 0;
		return ask(u, u->typed, (size_t)u->typed_len);
	default:
		return 0;
	}
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
int ui_lookup_scan(struct ui *u, const char *code, size_t len, int *redraw)
{
	char norm[KSYNC_DOSSIER_CODE];

	*redraw = 0;
	if (!ui_lookup_available(u) || u->screen == UI_TYPE || is_booking(code, len))
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

int ui_lookup_result(struct ui *u, const struct worker_result *res)
{
	if (!u->lookup_waiting || res->tag != u->lookup_tag)
		return 0; /* the citizen left meanwhile: nobody waits for this answer */
	u->lookup_waiting = 0;
	if (res->code == K_ERR_INVALID && u->screen == UI_LOOKUP) {
		u->lookup_hint = 1; /* the server reads codes more strictly than we do */
		return 1;
	}
	u->lookup_code = res->code == K_ERR_INVALID ? K_ERR_NOT_FOUND : res->code;
	u->dossier = res->dossier;
	ui_show(u, UI_ANSWER); /* leaves the keyboard: the code is wiped */
	return 1;
}

int ui_lookup_outcome(const struct ui *u, const struct ksync_dossier **found)
{
	if (found)
		*found = u->screen == UI_ANSWER && u->lookup_code == K_OK ? &u->dossier : NULL;
	return u->screen == UI_ANSWER ? u->lookup_code : K_ERR_STATE;
}

void ui_lookup_layout(struct ui *u)
{
	int m = widget_margin(u), unit = widget_unit(u);

	if (u->screen == UI_LOOKUP) {
		widget_keyboard_layout(u, A_LOOKUP_OK);
		return;
	}
	int svc = answer_service(u);
	if (svc >= 0) { /* one big button above the way home */
		int bh = unit / 6;
		widget_add(u, m, u->h - 3 * m - unit / 8 - bh, u->w - 2 * m, bh, A_TAKE, svc);
	}
	if (u->lookup_code == K_ERR_NOT_FOUND || u->lookup_code == K_ERR_BUSY)
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

/* The height of s wrapped to w in f (drawing nothing). */
static int para_height(TTF_Font *f, const char *s, int w)
{
	SDL_Surface *surf = TTF_RenderUTF8_Blended_Wrapped(f, s, ui_ink, (Uint32)w);
	int h = surf ? surf->h : 0;
	SDL_FreeSurface(surf);
	return h;
}

/* A magnifying glass in a square at (x, y): the look-up's mark on home. */
static void magnifier(struct ui *u, int x, int y, int side)
{
	int r = side * 3 / 10, t = side / 12 + 1, cx = x + side * 2 / 5, cy = y + side * 2 / 5;
	SDL_Color c = ui_navy;

	SDL_SetRenderDrawColor(u->r, c.r, c.g, c.b, c.a);
	for (int dy = -r - t; dy <= r + t; dy++)
		for (int dx = -r - t; dx <= r + t; dx++) {
			int d2 = dx * dx + dy * dy;
			if (d2 >= r * r && d2 <= (r + t) * (r + t))
				SDL_RenderDrawPoint(u->r, cx + dx, cy + dy);
		}
	int from = (r + t) * 7 / 10, to = side * 9 / 10 - side * 2 / 5;
	for (int k = -t; k <= t; k++) /* the handle, down to the right */
		SDL_RenderDrawLine(u->r, cx + from + k, cy + from, cx + to + k, cy + to);
}

/* Home's button: white, framed in navy, a magnifier - not a service card. */
void ui_lookup_draw_entry(struct ui *u, int i)
{
	const SDL_Rect *r = &u->widget[i].r;
	int m = widget_margin(u), t = 4, side = r->h - m;

	widget_plate(u, i, ui_white);
	if (i != u->focus)
		widget_frame(u, r, t, ui_navy);
	if (side > r->w / 4)
		side = r->w / 4;
	magnifier(u, r->x + m / 2, r->y + (r->h - side) / 2, side);
	int x = r->x + side + m, w = r->w - side - 2 * m;
	const char *title = ui_tr(u, "lookup.button"), *hint = ui_tr(u, "lookup.button_hint");
	int th = para_height(u->font[F_BUTTON], title, w), hh = para_height(u->font[F_SMALL], hint, w);
	if (th + hh > r->h - 2 * t)
		hh = 0; /* a small panel: the name alone */
	int y = r->y + (r->h - th - hh) / 2;
	y += ui_text_draw(u->r, u->font[F_BUTTON], title, ui_navy, x, y, w, UI_LEFT);
	if (hh)
		ui_text_draw(u->r, u->font[F_SMALL], hint, ui_grey, x, y, w, UI_LEFT);
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
	ui_text_draw(u->r, u->font[F_TITLE], label, ui_white, r->x,
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
			    para_height(f, p[i].s, w);
		y += p[i].gap * m;
	}
	return y - y0;
}

static void draw_answer(struct ui *u)
{
	const struct ksync_dossier *d = &u->dossier;
	char date[160], note[400], todo_do[600], updated[160], key[48], when[16];
	struct para p[8];
	int n = 0, m = widget_margin(u), y = widget_header_h(u) + 2 * m;

	widget_header(u, 0);
	p[n++] = (struct para){ ui_tr(u, "lookup.heading"), P_SMALL, ui_grey, 1 };
	date[0] = note[0] = updated[0] = '\0';
	if (u->lookup_code == K_OK) {
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
		const char *name = u->lookup_code == K_ERR_NOT_FOUND ? "NOT_FOUND" :
				   u->lookup_code == K_ERR_UNREACHABLE ? "OFFLINE" :
				   u->lookup_code == K_ERR_DISABLED ? "NO_LIST" :
				   u->lookup_code == K_ERR_BUSY ? "BUSY" :
				   u->lookup_code == K_ERR_CAP ? "CAP" : "ERROR";
		snprintf(key, sizeof(key), "lookup.%s", name);
		p[n++] = (struct para){ ui_tr(u, key), P_HEAD, ui_red, 2 };
		snprintf(key, sizeof(key), "lookup.%s_do", name);
		if (u->lookup_code == K_ERR_BUSY) /* "in about {n} minute(s)" */
			i18n_format(ui_text(u), key, d->retry_after > 60 ? (d->retry_after + 59) / 60 : 1,
				    todo_do, sizeof(todo_do));
		else
			snprintf(todo_do, sizeof(todo_do), "%s", ui_tr(u, key));
		p[n++] = (struct para){ todo_do, P_BODY, ui_ink, 1 };
		dmy(d->updated, when, sizeof(when)); /* not found: maybe newer than the list */
		if (when[0] && u->lookup_code == K_ERR_NOT_FOUND)
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
			widget_button(u, i, ui_tr(u, u->lookup_code == K_OK ? "ticket.home" :
						   "lookup.take_any"));
	}
}

void ui_lookup_draw(struct ui *u)
{
	if (u->screen == UI_ANSWER) {
		draw_answer(u);
		return;
	}
	widget_keyboard_draw(u, ui_tr(u, u->lookup_waiting ? "lookup.waiting" :
			       u->lookup_hint ? "lookup.malformed" : "lookup.title"),
			 u->lookup_waiting ? ui_navy : u->lookup_hint ? ui_red : ui_ink,
			 ui_tr(u, "lookup.hint"), ui_tr(u, "lookup.ok"));
}
