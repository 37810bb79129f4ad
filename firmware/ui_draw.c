/*
 * ui_draw.c - painting the current screen from its widgets.
 *
 * High contrast (near-black on white and white on navy), large type, the
 * pressed widget darker and the keyboard focus framed in amber.  Every
 * fixed text comes from the translation files.
 */
#include "ui_private.h"
#include "ui_text.h"
#include "hours.h"
#include "kerr.h"

#include <stdio.h>
#include <string.h>

const SDL_Color ui_ink = { 0x10, 0x10, 0x10, 0xff };
const SDL_Color ui_white = { 0xff, 0xff, 0xff, 0xff };
const SDL_Color ui_navy = { 0x0b, 0x3d, 0x91, 0xff };
const SDL_Color ui_navy_dark = { 0x06, 0x24, 0x58, 0xff };
const SDL_Color ui_pale = { 0xe8, 0xf0, 0xfe, 0xff };
const SDL_Color ui_pressed = { 0xb8, 0xcc, 0xf0, 0xff };
const SDL_Color ui_grey_bg = { 0xe4, 0xe4, 0xe4, 0xff };
const SDL_Color ui_grey = { 0x40, 0x40, 0x40, 0xff };
const SDL_Color ui_red = { 0xb0, 0x00, 0x20, 0xff };
const SDL_Color ui_amber = { 0xff, 0xb0, 0x00, 0xff };

static void fill(SDL_Renderer *r, SDL_Color c, const SDL_Rect *rect)
{
	SDL_SetRenderDrawColor(r, c.r, c.g, c.b, c.a);
	SDL_RenderFillRect(r, rect);
}

static int text(struct ui *u, int font, const char *s, SDL_Color c, int x, int y, int w,
		enum ui_align align)
{
	return ui_text_draw(u->r, u->font[font], s, c, x, y, w, align);
}

static const char *tr(const struct ui *u, const char *key)
{
	return ui_tr(u, key);
}

/* A widget's background, darker while pressed, framed when focused. */
static void plate(struct ui *u, int i, SDL_Color bg)
{
	const SDL_Rect *r = &u->widget[i].r;
	fill(u->r, i == u->pressed ? ui_pressed : bg, r);
	if (i == u->focus) {
		int t = 6;
		SDL_Rect edges[4] = { { r->x, r->y, r->w, t }, { r->x, r->y + r->h - t, r->w, t },
				      { r->x, r->y, t, r->h }, { r->x + r->w - t, r->y, t, r->h } };
		for (int k = 0; k < 4; k++)
			fill(u->r, ui_amber, &edges[k]);
	}
}

/* A labelled button: centred text on a navy plate. */
static void button(struct ui *u, int i, const char *label)
{
	const SDL_Rect *r = &u->widget[i].r;
	plate(u, i, ui_navy);
	text(u, F_BUTTON, label, ui_white, r->x, r->y + (r->h - TTF_FontHeight(u->font[F_BUTTON])) / 2,
	     r->w, UI_CENTER);
}

static void when(const struct ui *u, int64_t at, char *buf, size_t len)
{
	struct klocal lt;
	char wday[16];
	kclock_local(at, &lt);
	if (kclock_day(at, 0) == kclock_day(ui_now(u), 0)) {
		snprintf(buf, len, "%02d:%02d", lt.hour, lt.minute);
		return;
	}
	/* another day: its weekday too, "07:30, Thứ Hai 15/02/2027" (a Tết away) */
	snprintf(wday, sizeof(wday), "board.wday%d", lt.wday);
	snprintf(buf, len, "%02d:%02d, %s %02d/%02d/%04d", lt.hour, lt.minute, tr(u, wday),
		 lt.day, lt.month, lt.year);
}

static void header(struct ui *u, int subtitle)
{
	const struct kconf *cfg = u->d.cfg;
	SDL_Rect band = { 0, 0, u->w, ui_header_h(u) };
	int m = ui_margin(u);

	fill(u->r, ui_navy, &band);
	int y = m + text(u, F_TITLE, ui_pick(u, cfg->station.name_vi, cfg->station.name_en), ui_white,
			 m, m, u->w - 2 * m, UI_CENTER);
	if (subtitle)
		text(u, F_SMALL, tr(u, "home.title"), ui_white, m, y, u->w - 2 * m, UI_CENTER);
}

static void service_widget(struct ui *u, int i)
{
	const struct kconf_service *s = &u->d.cfg->services[u->widget[i].arg];
	const SDL_Rect *r = &u->widget[i].r;
	int64_t opens;
	int st = ui_service_state(u, u->widget[i].arg, &opens), m = ui_margin(u);
	char line[160], at[64];

	plate(u, i, st == SERVICE_OPEN ? ui_pale : ui_grey_bg);
	SDL_Rect badge = { r->x, r->y, r->h, r->h };
	fill(u->r, st == SERVICE_OPEN ? ui_navy : ui_grey, &badge);
	text(u, F_TITLE, s->prefix, ui_white, badge.x, badge.y + (r->h - TTF_FontHeight(u->font[F_TITLE])) / 2,
	     badge.w, UI_CENTER);
	int x = r->x + r->h + m, w = r->w - r->h - 2 * m - r->h * 2 / 3;
	int y = r->y + m / 2;
	/* an official name of three lines (XACNHAN's) takes the small font, so
	 * the line under it stays on the card */
	const char *name = ui_pick(u, s->name_vi, s->name_en);
	int nf = ui_text_height(u->font[F_BUTTON], name, w) +
		 TTF_FontLineSkip(u->font[F_SMALL]) > r->h ? F_SMALL : F_BUTTON;
	y += text(u, nf, name, st == SERVICE_OPEN ? ui_ink : ui_grey, x, y, w, UI_LEFT);
	if (st == SERVICE_OPEN) {
		text(u, F_SMALL, ui_pick(u, s->desc_vi, s->desc_en), ui_grey, x, y, w, UI_LEFT);
		return;
	}
	if (st == SERVICE_CLOSED && opens) {
		when(u, opens, at, sizeof(at));
		snprintf(line, sizeof(line), "%s %s", tr(u, "home.opens"), at);
	} else {
		snprintf(line, sizeof(line), "%s", tr(u, st == SERVICE_FULL ? "home.full" :
							  st == SERVICE_OFF ? "home.off" : "home.closed"));
	}
	text(u, F_SMALL, line, ui_red, x, y, w, UI_LEFT);
}

static void strip(struct ui *u)
{
	const struct kconf *cfg = u->d.cfg;
	int m = ui_margin(u), sh = ui_strip_h(u), y0 = u->h - sh;
	SDL_Rect band = { 0, y0, u->w, sh };
	char line[512];
	size_t n = 0;

	fill(u->r, ui_navy_dark, &band);
	int qr = u->oa_qr ? sh - 2 * m : 0;
	if (qr) {
		SDL_Rect dst = { u->w - m - qr, y0 + m, qr, qr };
		SDL_RenderCopy(u->r, u->oa_qr, NULL, &dst);
	}
	int w = u->w - 3 * m - qr;
	n += (size_t)snprintf(line, sizeof(line), "%s:", tr(u, "home.serving"));
	int any = 0;
	for (int i = 0; u->have_status && i < u->status.ncounters && n < sizeof(line) - 64; i++) {
		if (!u->status.counters[i].number[0])
			continue;
		n += (size_t)snprintf(line + n, sizeof(line) - n, "  %s → %d",
				      u->status.counters[i].number, u->status.counters[i].id);
		any = 1;
	}
	if (!any)
		snprintf(line + n, sizeof(line) - n, "  —");
	int y = y0 + m / 2;
	y += text(u, F_BUTTON, line, ui_white, m, y, w, UI_LEFT);
	n = 0;
	line[0] = '\0';
	if (cfg->station.hotline[0])
		n += (size_t)snprintf(line, sizeof(line), "%s: %s   ", tr(u, "home.hotline"),
				      cfg->station.hotline);
	if (!u->online) /* small and calm: numbers are still issued */
		snprintf(line + n, sizeof(line) - n, "● %s", tr(u, "home.offline"));
	if (line[0])
		text(u, F_SMALL, line, u->online ? ui_white : ui_amber, m, y, w, UI_LEFT);
}

static void draw_home(struct ui *u)
{
	int m = ui_margin(u), unit = u->w < u->h ? u->w : u->h;
	int bottom = u->h - ui_strip_h(u);

	header(u, 1);
	for (int i = 0; i < u->nwidgets; i++) {
		const struct ui_widget *w = &u->widget[i];
		switch (w->action) {
		case A_SERVICE:
			service_widget(u, i);
			break;
		case A_INFO:
			plate(u, i, ui_white);
			text(u, F_TITLE, "i", ui_navy, w->r.x, w->r.y + (w->r.h - TTF_FontHeight(u->font[F_TITLE])) / 2,
			     w->r.w, UI_CENTER);
			break;
		case A_PRIORITY:
			plate(u, i, u->priority ? ui_amber : ui_pale);
			text(u, F_SMALL, tr(u, u->priority ? "home.priority_on" : "home.priority"), ui_ink,
			     w->r.x + m, w->r.y + (w->r.h - TTF_FontHeight(u->font[F_SMALL])) / 2,
			     w->r.w - 2 * m, UI_LEFT);
			break;
		case A_LANG:
			button(u, i, tr(u, "home.lang"));
			break;
		case A_LOOKUP:
			ui_lookup_draw_entry(u, i);
			break;
		}
	}
	if (u->printer_code || u->queue_code || u->issue_code) {
		char key[48];
		int wh = ui_warn_h(u);
		SDL_Rect warn = { 0, bottom - wh, u->w, wh };
		if (u->issue_code) /* no clock, no disk: no number, and not the citizen's fault */
			snprintf(key, sizeof(key), "home.%s", kerr_name(u->issue_code));
		else if (u->queue_code) /* no numbers at all is worse than no paper */
			snprintf(key, sizeof(key), "reason.ERROR");
		else
			snprintf(key, sizeof(key), "printer.%s", kerr_name(u->printer_code));
		fill(u->r, ui_red, &warn);
		text(u, F_SMALL, tr(u, key), ui_white, m,
		     warn.y + (unit / 14 - TTF_FontHeight(u->font[F_SMALL])) / 2,
		     u->w - 2 * m, UI_CENTER);
		bottom -= wh;
	}
	for (int i = 0; i < u->nwidgets; i++)
		if (u->widget[i].action == A_TYPE) /* the line is a button: type the code */
			plate(u, i, ui_pale);
	text(u, F_SMALL, tr(u, u->d.cfg->booking.nkeys ? "home.zalo_type" : "home.zalo"), ui_navy, m,
	     bottom - unit / 16 + m / 2, u->w - 2 * m, UI_CENTER);
	strip(u);
}

static void draw_ticket(struct ui *u)
{
	struct i18n *t = ui_text(u);
	const struct kconf_service *s = kconf_service(u->d.cfg, u->ticket.service);
	char line[256];
	int m = ui_margin(u), w = u->w - 2 * m, y = ui_header_h(u) + 2 * m;

	header(u, 0);
	y += text(u, F_TITLE, i18n_get(t, "ticket.heading"), ui_ink, m, y, w, UI_CENTER);
	y += text(u, F_HUGE, u->ticket.number, ui_navy, m, y, w, UI_CENTER);
	if (s)
		y += text(u, F_BUTTON, ui_pick(u, s->name_vi, s->name_en), ui_ink, m, y, w, UI_CENTER) + m;
	i18n_format(t, "ticket.ahead", u->ticket.ahead, line, sizeof(line));
	y += text(u, F_BUTTON, line, ui_ink, m, y, w, UI_CENTER);
	if (u->ticket.wait_minutes > 0) {
		i18n_wait(t, "ticket.wait", u->ticket.wait_minutes, line, sizeof(line));
		y += text(u, F_BUTTON, line, ui_ink, m, y, w, UI_CENTER);
	}
	y += 2 * m;
	if (u->print == UI_PRINT_FAILED)
		text(u, F_BUTTON, i18n_get(t, "ticket.print_failed"), ui_red, m, y, w, UI_CENTER);
	else if (u->print == UI_PRINT_NONE)
		text(u, F_BUTTON, i18n_get(t, "ticket.no_printer"), ui_navy, m, y, w, UI_CENTER);
	else
		text(u, F_TITLE, i18n_get(t, "ticket.take"), ui_navy, m, y, w, UI_CENTER);
	button(u, 0, i18n_get(t, "ticket.home"));
}

static void draw_refused(struct ui *u)
{
	char key[64], line[160], at[64];
	int m = ui_margin(u), y = u->h / 3;
	const char *name = kerr_name(u->refusal);

	header(u, 0);
	if (u->refusal != K_ERR_CLOSED && u->refusal != K_ERR_CAP &&
	    u->refusal != K_ERR_DISABLED && u->refusal != K_ERR_CLOCK &&
	    u->refusal != K_ERR_DISK_FULL)
		name = "ERROR"; /* never technical text in front of a citizen */
	snprintf(key, sizeof(key), "reason.%s", name);
	y += text(u, F_TITLE, tr(u, key), ui_red, m, y, u->w - 2 * m, UI_CENTER) + m;
	const struct kconf_service *s = kconf_service(u->d.cfg, u->refused_service);
	if (u->refusal == K_ERR_CLOSED && s) {
		int64_t opens = hours_next_opening(u->d.cfg, s, ui_now(u));
		if (opens) {
			when(u, opens, at, sizeof(at));
			snprintf(line, sizeof(line), "%s %s", tr(u, "closed.opens"), at);
			text(u, F_BUTTON, line, ui_ink, m, y, u->w - 2 * m, UI_CENTER);
		}
	}
	button(u, 0, tr(u, "info.back"));
}

/* A scanned code refused: what happened, and what to do now. */
static void draw_booking(struct ui *u)
{
	char key[64], line[200], at[64];
	int m = ui_margin(u), y = u->h / 4, w = u->w - 2 * m, r = u->booking_reason;
	const char *name = r == -2 ? "OFFLINE" : r < 0 ? "ERROR" : booking_reason_name(r);

	header(u, 0);
	snprintf(key, sizeof(key), "booking.%s", name);
	y += text(u, F_TITLE, tr(u, key), ui_red, m, y, w, UI_CENTER) + 2 * m;
	snprintf(key, sizeof(key), "booking.%s_do", name);
	/* WRONG_STATION: the code names the other unit by its id only (DIAN-PC06),
	 * which means nothing to a citizen, so the text sends them to the message */
	snprintf(line, sizeof(line), "%s", tr(u, key));
	if (r == BOOKING_TOO_EARLY) {
		when(u, u->booking.slot - (int64_t)u->d.cfg->booking.early * 60, at, sizeof(at));
		snprintf(line, sizeof(line), "%s %s", tr(u, key), at);
	}
	y += text(u, F_BUTTON, line, ui_ink, m, y, w, UI_CENTER) + m;
	if (r == BOOKING_ALREADY_USED)
		text(u, F_HUGE, u->used_ticket.number, ui_navy, m, y, w, UI_CENTER);
	for (int i = 0; i < u->nwidgets; i++)
		button(u, i, tr(u, u->widget[i].action == A_REPRINT ? "booking.reprint" : "info.back"));
}

/*
 * A code typed on the keyboard (ui_layout_keyboard): a line above the field
 * (what to type, or what went wrong), the code so far or a hint, the keys;
 * the OK key says ok_label.  The booking code and the dossier look-up share it.
 */
void ui_draw_keyboard(struct ui *u, const char *title, SDL_Color title_colour, const char *hint,
		      const char *ok_label)
{
	char label[8];
	int m = ui_margin(u), w = u->w - 2 * m, y = ui_header_h(u) + m;
	int unit = u->w < u->h ? u->w : u->h;

	header(u, 0);
	text(u, F_BUTTON, title, title_colour, m, y, w, UI_CENTER);
	for (int i = 0; i < u->nwidgets; i++) /* the field sits on the keys, whatever the title */
		if (u->widget[i].action == A_TYPE_KEY) {
			y = u->widget[i].r.y - m - unit / 9;
			break;
		}
	SDL_Rect field = { m, y, w, unit / 9 };
	fill(u->r, ui_pale, &field);
	if (u->typed_len)
		text(u, F_TITLE, u->typed, ui_navy, m, y + m / 2, w, UI_CENTER);
	else
		text(u, F_SMALL, hint, ui_grey, m, y + unit / 30, w, UI_CENTER);
	for (int i = 0; i < u->nwidgets; i++) {
		const struct ui_widget *k = &u->widget[i];
		if (k->action == A_TYPE_KEY) {
			snprintf(label, sizeof(label), "%c", k->arg);
			button(u, i, label);
		} else {
			button(u, i, k->action == A_TYPE_BACK ? tr(u, "type.back") :
				     k->action == A_HOME ? tr(u, "info.back") : ok_label);
		}
	}
}

/* The booking code typed so far, and the keys. */
static void draw_type(struct ui *u)
{
	ui_draw_keyboard(u, tr(u, "type.title"), ui_ink, tr(u, "type.hint"), tr(u, "type.ok"));
}

static void draw_info(struct ui *u)
{
	const struct kconf_service *s = &u->d.cfg->services[u->info_service];
	int m = ui_margin(u), w = u->w - 2 * m, y = ui_header_h(u) + 2 * m;

	header(u, 0);
	y += text(u, F_TITLE, ui_pick(u, s->name_vi, s->name_en), ui_navy, m, y, w, UI_LEFT);
	y += text(u, F_SMALL, ui_pick(u, s->desc_vi, s->desc_en), ui_grey, m, y, w, UI_LEFT) + 2 * m;
	if (s->fee_vi[0]) {
		y += text(u, F_BUTTON, tr(u, "info.fee"), ui_ink, m, y, w, UI_LEFT);
		y += text(u, F_BUTTON, ui_pick(u, s->fee_vi, s->fee_en), ui_navy, m, y, w, UI_LEFT) + 2 * m;
	}
	if (s->docs_vi[0]) {
		y += text(u, F_BUTTON, tr(u, "info.docs"), ui_ink, m, y, w, UI_LEFT);
		text(u, F_BUTTON, ui_pick(u, s->docs_vi, s->docs_en), ui_navy, m, y, w, UI_LEFT);
	}
	button(u, 0, tr(u, "info.take"));
	button(u, 1, tr(u, "info.back"));
}

static void draw_closed(struct ui *u)
{
	char line[160], at[64];
	int64_t opens;
	int m = ui_margin(u), y = u->h / 3;

	header(u, 0);
	y += text(u, F_TITLE, tr(u, "closed.title"), ui_navy, m, y, u->w - 2 * m, UI_CENTER) + m;
	if (ui_all_closed(u, &opens) && opens) {
		when(u, opens, at, sizeof(at));
		snprintf(line, sizeof(line), "%s %s", tr(u, "closed.opens"), at);
		y += text(u, F_BUTTON, line, ui_ink, m, y, u->w - 2 * m, UI_CENTER) + 2 * m;
	}
	if (u->d.cfg->station.hotline[0]) {
		snprintf(line, sizeof(line), "%s: %s", tr(u, "home.hotline"), u->d.cfg->station.hotline);
		text(u, F_SMALL, line, ui_grey, m, y, u->w - 2 * m, UI_CENTER);
	}
}

static void draw_attract(struct ui *u)
{
	const struct kconf *cfg = u->d.cfg;
	SDL_Rect all = { 0, 0, u->w, u->h };
	int m = ui_margin(u), y = u->h / 3;

	fill(u->r, ui_navy, &all);
	y += text(u, F_TITLE, ui_pick(u, cfg->station.name_vi, cfg->station.name_en), ui_white, m, y,
		  u->w - 2 * m, UI_CENTER) + 4 * m;
	text(u, F_BUTTON, tr(u, "attract.touch"), ui_white, m, y, u->w - 2 * m, UI_CENTER);
}

static void draw_pin(struct ui *u)
{
	char dots[32] = "", label[4];
	int m = ui_margin(u), y = ui_header_h(u) + 2 * m, locked = ui_maint_locked_seconds(u);

	header(u, 0);
	y += text(u, F_TITLE, tr(u, "maint.pin"), ui_ink, m, y, u->w - 2 * m, UI_CENTER);
	for (int i = 0; i < u->pin_len; i++)
		strcat(dots, "● ");
	if (locked) {
		char line[160];
		i18n_format(ui_text(u), "maint.locked", locked, line, sizeof(line));
		text(u, F_BUTTON, line, ui_red, m, y, u->w - 2 * m, UI_CENTER);
	} else {
		text(u, F_TITLE, dots[0] ? dots : " ", ui_navy, m, y, u->w - 2 * m, UI_CENTER);
	}
	for (int i = 0; i < u->nwidgets; i++) {
		const struct ui_widget *w = &u->widget[i];
		if (w->action == A_PIN_DIGIT)
			snprintf(label, sizeof(label), "%d", w->arg);
		if (w->action == A_PIN_DIGIT || w->action == A_PIN_BACK || w->action == A_PIN_OK)
			button(u, i, w->action == A_PIN_DIGIT ? label :
				     tr(u, w->action == A_PIN_BACK ? "maint.back" : "maint.ok"));
		else if (w->action == A_HOME)
			button(u, i, tr(u, "info.back"));
	}
}

static void draw_maint(struct ui *u)
{
	static const char *labels[] = { [A_MAINT_TEST] = "maint.test", [A_MAINT_REPRINT] = "maint.reprint",
					[A_MAINT_PAPER] = "maint.paper", [A_MAINT_RESTART] = "maint.restart" };
	char line[320], key[48];
	int m = ui_margin(u), bh = (u->w < u->h ? u->w : u->h) / 12;
	int y = ui_header_h(u) + m + 2 * (bh + m);
	int waiting = 0, issued = 0;

	header(u, 0);
	for (int i = 0; u->have_status && i < u->status.nservices; i++) {
		waiting += u->status.services[i].waiting;
		issued += u->status.services[i].issued;
	}
	snprintf(key, sizeof(key), "printer.%s", kerr_name(u->printer_code));
	snprintf(line, sizeof(line), "%s: %s", tr(u, "maint.printer"),
		 u->printer_code ? tr(u, key) : "OK");
	y += text(u, F_SMALL, line, u->printer_code ? ui_red : ui_ink, m, y, u->w - 2 * m, UI_LEFT);
	snprintf(line, sizeof(line), "%s: %d / %d", tr(u, "maint.queue"), waiting, issued);
	y += text(u, F_SMALL, line, ui_ink, m, y, u->w - 2 * m, UI_LEFT);
	snprintf(line, sizeof(line), "%s: %s %s", tr(u, "maint.sync"),
		 u->d.cfg->sync.server[0] ? u->d.cfg->sync.server : "—",
		 u->d.cfg->sync.server[0] ? tr(u, u->online ? "maint.online" : "maint.offline") : "");
	text(u, F_SMALL, line, ui_ink, m, y, u->w - 2 * m, UI_LEFT);
	for (int i = 0; i < u->nwidgets; i++) {
		const struct ui_widget *w = &u->widget[i];
		if (w->action == A_MAINT_TOGGLE) {
			int64_t opens;
			const struct kconf_service *s = &u->d.cfg->services[w->arg];
			int off = ui_service_state(u, w->arg, &opens) == SERVICE_OFF;
			snprintf(line, sizeof(line), "%s %s: %s", s->prefix, s->code,
				 tr(u, off ? "maint.off" : "maint.on"));
			plate(u, i, off ? ui_grey_bg : ui_pale);
			text(u, F_SMALL, line, off ? ui_grey : ui_ink, w->r.x + m,
			     w->r.y + (w->r.h - TTF_FontHeight(u->font[F_SMALL])) / 2, w->r.w - 2 * m,
			     UI_LEFT);
		} else if (w->action == A_HOME) {
			button(u, i, tr(u, "maint.exit"));
		} else if (w->action < (int)(sizeof(labels) / sizeof(labels[0])) && labels[w->action]) {
			button(u, i, tr(u, labels[w->action]));
		}
	}
}

/* For the screens drawn in files of their own (ui_lookup.c). */
void ui_draw_fill(struct ui *u, SDL_Color c, const SDL_Rect *r)
{
	fill(u->r, c, r);
}

void ui_draw_plate(struct ui *u, int i, SDL_Color bg)
{
	plate(u, i, bg);
}

void ui_draw_button(struct ui *u, int i, const char *label)
{
	button(u, i, label);
}

void ui_draw_header(struct ui *u)
{
	header(u, 0);
}

void ui_draw_screen(struct ui *u)
{
	SDL_Rect all = { 0, 0, u->w, u->h };

	fill(u->r, ui_white, &all);
	switch (u->screen) {
	case UI_HOME: draw_home(u); break;
	case UI_TICKET: draw_ticket(u); break;
	case UI_REFUSED: draw_refused(u); break;
	case UI_INFO: draw_info(u); break;
	case UI_CLOSED: draw_closed(u); break;
	case UI_ATTRACT: draw_attract(u); break;
	case UI_PIN: draw_pin(u); break;
	case UI_MAINT: draw_maint(u); break;
	case UI_BOOKING: draw_booking(u); break;
	case UI_TYPE: draw_type(u); break;
	case UI_LOOKUP:
	case UI_ANSWER: ui_lookup_draw(u); break;
	}
}
