/*
 * ui_draw.c - painting the current screen from its widgets.
 *
 * High contrast (near-black on white and white on navy), large type, the
 * pressed widget darker and the keyboard focus framed in amber.  Every
 * fixed text comes from the translation files.
 */
#include "widget.h"
#include "hours.h"
#include "kerr.h"

#include <stdio.h>
#include <string.h>

static void service_widget(struct ui *u, int i)
{
	const struct kconf_service *s = &u->d.cfg->services[u->widget[i].arg];
	const SDL_Rect *r = &u->widget[i].r;
	int64_t opens;
	int st = ui_service_state(u, u->widget[i].arg, &opens), m = widget_margin(u);
	char line[160], at[64];

	widget_plate(u, i, st == SERVICE_OPEN ? ui_pale : ui_grey_bg);
	SDL_Rect badge = { r->x, r->y, r->h, r->h };
	widget_fill(u, st == SERVICE_OPEN ? ui_navy : ui_grey, &badge);
	widget_text(u, F_TITLE, s->prefix, ui_white, badge.x, badge.y + (r->h - TTF_FontHeight(u->font[F_TITLE])) / 2,
	     badge.w, UI_CENTER);
	int x = r->x + r->h + m, w = r->w - r->h - 2 * m - r->h * 2 / 3;
	int y = r->y + m / 2;
	/* an official name of three lines (XACNHAN's) takes the small font, so
	 * the line under it stays on the card */
	const char *name = ui_pick(u, s->name_vi, s->name_en);
	int nf = ui_text_height(u->font[F_BUTTON], name, w) +
		 TTF_FontLineSkip(u->font[F_SMALL]) > r->h ? F_SMALL : F_BUTTON;
	y += widget_text(u, nf, name, st == SERVICE_OPEN ? ui_ink : ui_grey, x, y, w, UI_LEFT);
	if (st == SERVICE_OPEN) {
		widget_text(u, F_SMALL, ui_pick(u, s->desc_vi, s->desc_en), ui_grey, x, y, w, UI_LEFT);
		return;
	}
	if (st == SERVICE_CLOSED && opens) {
		widget_when(u, opens, at, sizeof(at));
		snprintf(line, sizeof(line), "%s %s", ui_tr(u, "home.opens"), at);
	} else {
		snprintf(line, sizeof(line), "%s", ui_tr(u, st == SERVICE_FULL ? "home.full" :
							  st == SERVICE_OFF ? "home.off" : "home.closed"));
	}
	widget_text(u, F_SMALL, line, ui_red, x, y, w, UI_LEFT);
}

static void strip(struct ui *u)
{
	const struct kconf *cfg = u->d.cfg;
	int m = widget_margin(u), sh = ui_strip_h(u), y0 = u->h - sh;
	SDL_Rect band = { 0, y0, u->w, sh };
	char line[512];
	size_t n = 0;

	widget_fill(u, ui_navy_dark, &band);
	int qr = u->oa_qr ? sh - 2 * m : 0;
	if (qr) {
		SDL_Rect dst = { u->w - m - qr, y0 + m, qr, qr };
		SDL_RenderCopy(u->r, u->oa_qr, NULL, &dst);
	}
	int w = u->w - 3 * m - qr;
	n += (size_t)snprintf(line, sizeof(line), "%s:", ui_tr(u, "home.serving"));
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
	y += widget_text(u, F_BUTTON, line, ui_white, m, y, w, UI_LEFT);
	n = 0;
	line[0] = '\0';
	if (cfg->station.hotline[0])
		n += (size_t)snprintf(line, sizeof(line), "%s: %s   ", ui_tr(u, "home.hotline"),
				      cfg->station.hotline);
	if (!u->online) /* small and calm: numbers are still issued */
		snprintf(line + n, sizeof(line) - n, "● %s", ui_tr(u, "home.offline"));
	if (line[0])
		widget_text(u, F_SMALL, line, u->online ? ui_white : ui_amber, m, y, w, UI_LEFT);
}

static void draw_home(struct ui *u)
{
	int m = widget_margin(u), unit = u->w < u->h ? u->w : u->h;
	int bottom = u->h - ui_strip_h(u);

	widget_header(u, 1);
	for (int i = 0; i < u->nwidgets; i++) {
		const struct ui_widget *w = &u->widget[i];
		switch (w->action) {
		case A_SERVICE:
			service_widget(u, i);
			break;
		case A_INFO:
			widget_plate(u, i, ui_white);
			widget_text(u, F_TITLE, "i", ui_navy, w->r.x, w->r.y + (w->r.h - TTF_FontHeight(u->font[F_TITLE])) / 2,
			     w->r.w, UI_CENTER);
			break;
		case A_PRIORITY:
			widget_plate(u, i, u->priority ? ui_amber : ui_pale);
			widget_text(u, F_SMALL, ui_tr(u, u->priority ? "home.priority_on" : "home.priority"), ui_ink,
			     w->r.x + m, w->r.y + (w->r.h - TTF_FontHeight(u->font[F_SMALL])) / 2,
			     w->r.w - 2 * m, UI_LEFT);
			break;
		case A_LANG:
			widget_button(u, i, ui_tr(u, "home.lang"));
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
		widget_fill(u, ui_red, &warn);
		widget_text(u, F_SMALL, ui_tr(u, key), ui_white, m,
		     warn.y + (unit / 14 - TTF_FontHeight(u->font[F_SMALL])) / 2,
		     u->w - 2 * m, UI_CENTER);
		bottom -= wh;
	}
	for (int i = 0; i < u->nwidgets; i++)
		if (u->widget[i].action == A_TYPE) /* the line is a button: type the code */
			widget_plate(u, i, ui_pale);
	widget_text(u, F_SMALL, ui_tr(u, u->d.cfg->booking.nkeys ? "home.zalo_type" : "home.zalo"), ui_navy, m,
	     bottom - unit / 16 + m / 2, u->w - 2 * m, UI_CENTER);
	strip(u);
}

static void draw_ticket(struct ui *u)
{
	struct i18n *t = ui_text(u);
	const struct kconf_service *s = kconf_service(u->d.cfg, u->ticket.service);
	char line[256];
	int m = widget_margin(u), w = u->w - 2 * m, y = widget_header_h(u) + 2 * m;

	widget_header(u, 0);
	y += widget_text(u, F_TITLE, i18n_get(t, "ticket.heading"), ui_ink, m, y, w, UI_CENTER);
	y += widget_text(u, F_HUGE, u->ticket.number, ui_navy, m, y, w, UI_CENTER);
	if (s)
		y += widget_text(u, F_BUTTON, ui_pick(u, s->name_vi, s->name_en), ui_ink, m, y, w, UI_CENTER) + m;
	i18n_format(t, "ticket.ahead", u->ticket.ahead, line, sizeof(line));
	y += widget_text(u, F_BUTTON, line, ui_ink, m, y, w, UI_CENTER);
	if (u->ticket.wait_minutes > 0) {
		i18n_wait(t, "ticket.wait", u->ticket.wait_minutes, line, sizeof(line));
		y += widget_text(u, F_BUTTON, line, ui_ink, m, y, w, UI_CENTER);
	}
	y += 2 * m;
	if (u->print == UI_PRINT_FAILED)
		widget_text(u, F_BUTTON, i18n_get(t, "ticket.print_failed"), ui_red, m, y, w, UI_CENTER);
	else if (u->print == UI_PRINT_NONE)
		widget_text(u, F_BUTTON, i18n_get(t, "ticket.no_printer"), ui_navy, m, y, w, UI_CENTER);
	else
		widget_text(u, F_TITLE, i18n_get(t, "ticket.take"), ui_navy, m, y, w, UI_CENTER);
	widget_button(u, 0, i18n_get(t, "ticket.home"));
}

static void draw_refused(struct ui *u)
{
	char key[64], line[160], at[64];
	int m = widget_margin(u), y = u->h / 3;
	const char *name = kerr_name(u->refusal);

	widget_header(u, 0);
	if (u->refusal != K_ERR_CLOSED && u->refusal != K_ERR_CAP &&
	    u->refusal != K_ERR_DISABLED && u->refusal != K_ERR_CLOCK &&
	    u->refusal != K_ERR_DISK_FULL)
		name = "ERROR"; /* never technical text in front of a citizen */
	snprintf(key, sizeof(key), "reason.%s", name);
	y += widget_text(u, F_TITLE, ui_tr(u, key), ui_red, m, y, u->w - 2 * m, UI_CENTER) + m;
	const struct kconf_service *s = kconf_service(u->d.cfg, u->refused_service);
	if (u->refusal == K_ERR_CLOSED && s) {
		int64_t opens = hours_next_opening(u->d.cfg, s, ui_now(u));
		if (opens) {
			widget_when(u, opens, at, sizeof(at));
			snprintf(line, sizeof(line), "%s %s", ui_tr(u, "closed.opens"), at);
			widget_text(u, F_BUTTON, line, ui_ink, m, y, u->w - 2 * m, UI_CENTER);
		}
	}
	widget_button(u, 0, ui_tr(u, "info.back"));
}

/* A scanned code refused: what happened, and what to do now. */
static void draw_booking(struct ui *u)
{
	char key[64], line[200], at[64];
	int m = widget_margin(u), y = u->h / 4, w = u->w - 2 * m, r = u->booking_reason;
	const char *name = r == -2 ? "OFFLINE" : r < 0 ? "ERROR" : booking_reason_name(r);

	widget_header(u, 0);
	snprintf(key, sizeof(key), "booking.%s", name);
	y += widget_text(u, F_TITLE, ui_tr(u, key), ui_red, m, y, w, UI_CENTER) + 2 * m;
	snprintf(key, sizeof(key), "booking.%s_do", name);
	/* WRONG_STATION: the code names the other unit by its id only (DIAN-PC06),
	 * which means nothing to a citizen, so the text sends them to the message */
	snprintf(line, sizeof(line), "%s", ui_tr(u, key));
	if (r == BOOKING_TOO_EARLY) {
		widget_when(u, u->booking.slot - (int64_t)u->d.cfg->booking.early * 60, at, sizeof(at));
		snprintf(line, sizeof(line), "%s %s", ui_tr(u, key), at);
	}
	y += widget_text(u, F_BUTTON, line, ui_ink, m, y, w, UI_CENTER) + m;
	if (r == BOOKING_ALREADY_USED)
		widget_text(u, F_HUGE, u->used_ticket.number, ui_navy, m, y, w, UI_CENTER);
	for (int i = 0; i < u->nwidgets; i++)
		widget_button(u, i, ui_tr(u, u->widget[i].action == A_REPRINT ? "booking.reprint" : "info.back"));
}

/* The booking code typed so far, and the keys. */
static void draw_type(struct ui *u)
{
	widget_keyboard_draw(u, ui_tr(u, "type.title"), ui_ink, ui_tr(u, "type.hint"), ui_tr(u, "type.ok"));
}

static void draw_info(struct ui *u)
{
	const struct kconf_service *s = &u->d.cfg->services[u->info_service];
	int m = widget_margin(u), w = u->w - 2 * m, y = widget_header_h(u) + 2 * m;

	widget_header(u, 0);
	y += widget_text(u, F_TITLE, ui_pick(u, s->name_vi, s->name_en), ui_navy, m, y, w, UI_LEFT);
	y += widget_text(u, F_SMALL, ui_pick(u, s->desc_vi, s->desc_en), ui_grey, m, y, w, UI_LEFT) + 2 * m;
	if (s->fee_vi[0]) {
		y += widget_text(u, F_BUTTON, ui_tr(u, "info.fee"), ui_ink, m, y, w, UI_LEFT);
		y += widget_text(u, F_BUTTON, ui_pick(u, s->fee_vi, s->fee_en), ui_navy, m, y, w, UI_LEFT) + 2 * m;
	}
	if (s->docs_vi[0]) {
		y += widget_text(u, F_BUTTON, ui_tr(u, "info.docs"), ui_ink, m, y, w, UI_LEFT);
		widget_text(u, F_BUTTON, ui_pick(u, s->docs_vi, s->docs_en), ui_navy, m, y, w, UI_LEFT);
	}
	widget_button(u, 0, ui_tr(u, "info.take"));
	widget_button(u, 1, ui_tr(u, "info.back"));
}

static void draw_closed(struct ui *u)
{
	char line[160], at[64];
	int64_t opens;
	int m = widget_margin(u), y = u->h / 3;

	widget_header(u, 0);
	y += widget_text(u, F_TITLE, ui_tr(u, "closed.title"), ui_navy, m, y, u->w - 2 * m, UI_CENTER) + m;
	if (ui_all_closed(u, &opens) && opens) {
		widget_when(u, opens, at, sizeof(at));
		snprintf(line, sizeof(line), "%s %s", ui_tr(u, "closed.opens"), at);
		y += widget_text(u, F_BUTTON, line, ui_ink, m, y, u->w - 2 * m, UI_CENTER) + 2 * m;
	}
	if (u->d.cfg->station.hotline[0]) {
		snprintf(line, sizeof(line), "%s: %s", ui_tr(u, "home.hotline"), u->d.cfg->station.hotline);
		widget_text(u, F_SMALL, line, ui_grey, m, y, u->w - 2 * m, UI_CENTER);
	}
}

static void draw_attract(struct ui *u)
{
	const struct kconf *cfg = u->d.cfg;
	SDL_Rect all = { 0, 0, u->w, u->h };
	int m = widget_margin(u), y = u->h / 3;

	widget_fill(u, ui_navy, &all);
	y += widget_text(u, F_TITLE, ui_pick(u, cfg->station.name_vi, cfg->station.name_en), ui_white, m, y,
		  u->w - 2 * m, UI_CENTER) + 4 * m;
	widget_text(u, F_BUTTON, ui_tr(u, "attract.touch"), ui_white, m, y, u->w - 2 * m, UI_CENTER);
}

static void draw_pin(struct ui *u)
{
	char dots[32] = "", label[4];
	int m = widget_margin(u), y = widget_header_h(u) + 2 * m, locked = ui_maint_locked_seconds(u);

	widget_header(u, 0);
	y += widget_text(u, F_TITLE, ui_tr(u, "maint.pin"), ui_ink, m, y, u->w - 2 * m, UI_CENTER);
	for (int i = 0; i < u->pin_len; i++)
		strcat(dots, "● ");
	if (locked) {
		char line[160];
		i18n_format(ui_text(u), "maint.locked", locked, line, sizeof(line));
		widget_text(u, F_BUTTON, line, ui_red, m, y, u->w - 2 * m, UI_CENTER);
	} else {
		widget_text(u, F_TITLE, dots[0] ? dots : " ", ui_navy, m, y, u->w - 2 * m, UI_CENTER);
	}
	for (int i = 0; i < u->nwidgets; i++) {
		const struct ui_widget *w = &u->widget[i];
		if (w->action == A_PIN_DIGIT)
			snprintf(label, sizeof(label), "%d", w->arg);
		if (w->action == A_PIN_DIGIT || w->action == A_PIN_BACK || w->action == A_PIN_OK)
			widget_button(u, i, w->action == A_PIN_DIGIT ? label :
				     ui_tr(u, w->action == A_PIN_BACK ? "maint.back" : "maint.ok"));
		else if (w->action == A_HOME)
			widget_button(u, i, ui_tr(u, "info.back"));
	}
}

static void draw_maint(struct ui *u)
{
	static const char *labels[] = { [A_MAINT_TEST] = "maint.test", [A_MAINT_REPRINT] = "maint.reprint",
					[A_MAINT_PAPER] = "maint.paper", [A_MAINT_RESTART] = "maint.restart" };
	char line[320], key[48];
	int m = widget_margin(u), bh = (u->w < u->h ? u->w : u->h) / 12;
	int y = widget_header_h(u) + m + 2 * (bh + m);
	int waiting = 0, issued = 0;

	widget_header(u, 0);
	for (int i = 0; u->have_status && i < u->status.nservices; i++) {
		waiting += u->status.services[i].waiting;
		issued += u->status.services[i].issued;
	}
	snprintf(key, sizeof(key), "printer.%s", kerr_name(u->printer_code));
	snprintf(line, sizeof(line), "%s: %s", ui_tr(u, "maint.printer"),
		 u->printer_code ? ui_tr(u, key) : "OK");
	y += widget_text(u, F_SMALL, line, u->printer_code ? ui_red : ui_ink, m, y, u->w - 2 * m, UI_LEFT);
	snprintf(line, sizeof(line), "%s: %d / %d", ui_tr(u, "maint.queue"), waiting, issued);
	y += widget_text(u, F_SMALL, line, ui_ink, m, y, u->w - 2 * m, UI_LEFT);
	snprintf(line, sizeof(line), "%s: %s %s", ui_tr(u, "maint.sync"),
		 u->d.cfg->sync.server[0] ? u->d.cfg->sync.server : "—",
		 u->d.cfg->sync.server[0] ? ui_tr(u, u->online ? "maint.online" : "maint.offline") : "");
	widget_text(u, F_SMALL, line, ui_ink, m, y, u->w - 2 * m, UI_LEFT);
	for (int i = 0; i < u->nwidgets; i++) {
		const struct ui_widget *w = &u->widget[i];
		if (w->action == A_MAINT_TOGGLE) {
			int64_t opens;
			const struct kconf_service *s = &u->d.cfg->services[w->arg];
			int off = ui_service_state(u, w->arg, &opens) == SERVICE_OFF;
			snprintf(line, sizeof(line), "%s %s: %s", s->prefix, s->code,
				 ui_tr(u, off ? "maint.off" : "maint.on"));
			widget_plate(u, i, off ? ui_grey_bg : ui_pale);
			widget_text(u, F_SMALL, line, off ? ui_grey : ui_ink, w->r.x + m,
			     w->r.y + (w->r.h - TTF_FontHeight(u->font[F_SMALL])) / 2, w->r.w - 2 * m,
			     UI_LEFT);
		} else if (w->action == A_HOME) {
			widget_button(u, i, ui_tr(u, "maint.exit"));
		} else if (w->action < (int)(sizeof(labels) / sizeof(labels[0])) && labels[w->action]) {
			widget_button(u, i, ui_tr(u, labels[w->action]));
		}
	}
}

void ui_draw_screen(struct ui *u)
{
	SDL_Rect all = { 0, 0, u->w, u->h };

	widget_fill(u, ui_white, &all);
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
