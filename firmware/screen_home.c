/*
 * screen_home.c - home: one big button per service, the priority choice,
 * the language switch, the dossier look-up's button when there is a
 * station server, the Zalo line (a button to type a booking code when
 * [booking] has keys), the red band saying why no number can be had or
 * what is wrong with the printer, and the strip with the numbers now
 * served, the hotline and the OA's QR code.  Landscape puts the services
 * in two columns.  A keypad digit takes a number for that service; left
 * alone it turns to the attract screen, or first forgets the last
 * citizen's language and priority.
 */
#include "screen.h"
#include "widget.h"
#include "kerr.h"

#include <stdio.h>
#include <string.h>

static int strip_h(const struct ui *u)
{
	return u->w > u->h ? u->h / 7 : u->h / 11;
}

static int warn_h(const struct ui *u)
{
	if (u->issue_code) /* two lines: no number, and to ask staff */
		return widget_unit(u) / 14 + TTF_FontHeight(u->font[F_SMALL]);
	return u->printer_code || u->queue_code ? widget_unit(u) / 14 : 0;
}

static void layout(struct ui *u)
{
	const struct kconf *cfg = u->d.cfg;
	int m = widget_margin(u), top = widget_header_h(u) + m, unit = widget_unit(u);
	int row = unit / 7, langw = cfg->kiosk.english ? unit / 3 : 0;
	int visible[KCONF_MAX_SERVICES], n = 0;

	for (int i = 0; i < cfg->nservices; i++)
		if (cfg->services[i].enabled)
			visible[n++] = i;
	/* below the buttons: the Zalo line, the printer warning, the strip */
	int bottom = u->h - strip_h(u) - unit / 16 - warn_h(u);
	int cols = u->w > u->h ? 2 : 1, rows = (n + cols - 1) / cols;
	/* the dossier look-up, framed apart from the services (it takes no
	 * number): in portrait a row of its own above the Zalo line, in
	 * landscape beside the priority choice */
	int lookup = ui_has_server(u), lookw = cols == 2 && lookup ? unit * 2 / 3 : 0;
	int lh = lookup && !lookw ? unit / 9 : 0;
	int y0 = top + row + m;
	int bh = rows ? (bottom - (lh ? lh + m : 0) - y0 - rows * m) / rows : 0;
	int bw = (u->w - (cols + 1) * m) / cols;
	if (bh > unit / 5)
		bh = unit / 5;
	for (int k = 0; k < n; k++)
		widget_add(u, m + (k % cols) * (bw + m), y0 + (k / cols) * (bh + m), bw, bh,
			   A_SERVICE, visible[k]);
	for (int k = 0; k < n; k++) {
		const struct kconf_service *s = &cfg->services[visible[k]];
		if (!s->docs_vi[0] && !s->fee_vi[0])
			continue; /* nothing to tell */
		int side = bh * 2 / 3;
		widget_add(u, m + (k % cols) * (bw + m) + bw - side - m / 2,
			   y0 + (k / cols) * (bh + m) + (bh - side) / 2, side, side, A_INFO,
			   visible[k]);
	}
	if (lh)
		widget_add(u, m, bottom - lh - m, u->w - 2 * m, lh, A_LOOKUP, 0);
	else if (lookw)
		widget_add(u, u->w - m - (langw ? langw + m : 0) - lookw, top, lookw, row, A_LOOKUP, 0);
	if (cfg->booking.nkeys > 0) /* the Zalo line: type the code instead */
		widget_add(u, m, bottom, u->w - 2 * m, unit / 16, A_TYPE, 0);
	widget_add(u, m, top, u->w - 2 * m - (langw ? langw + m : 0) - (lookw ? lookw + m : 0),
		   row, A_PRIORITY, 0);
	if (langw)
		widget_add(u, u->w - m - langw, top, langw, row, A_LANG, 0);
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

/* The dossier look-up's button: white, framed in navy, a magnifier - not a
 * service card (it takes no number). */
static void lookup_button(struct ui *u, int i)
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
	int th = ui_text_height(u->font[F_BUTTON], title, w);
	int hh = ui_text_height(u->font[F_SMALL], hint, w);
	if (th + hh > r->h - 2 * t)
		hh = 0; /* a small panel: the name alone */
	int y = r->y + (r->h - th - hh) / 2;
	y += widget_text(u, F_BUTTON, title, ui_navy, x, y, w, UI_LEFT);
	if (hh)
		widget_text(u, F_SMALL, hint, ui_grey, x, y, w, UI_LEFT);
}

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
	widget_text(u, F_TITLE, s->prefix, ui_white, badge.x,
		    badge.y + (r->h - TTF_FontHeight(u->font[F_TITLE])) / 2, badge.w, UI_CENTER);
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
	int m = widget_margin(u), sh = strip_h(u), y0 = u->h - sh;
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

static void draw(struct ui *u)
{
	int m = widget_margin(u), unit = widget_unit(u);
	int bottom = u->h - strip_h(u);

	widget_header(u, 1);
	for (int i = 0; i < u->nwidgets; i++) {
		const struct ui_widget *w = &u->widget[i];
		switch (w->action) {
		case A_SERVICE:
			service_widget(u, i);
			break;
		case A_INFO:
			widget_plate(u, i, ui_white);
			widget_text(u, F_TITLE, "i", ui_navy, w->r.x,
				    w->r.y + (w->r.h - TTF_FontHeight(u->font[F_TITLE])) / 2,
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
			lookup_button(u, i);
			break;
		}
	}
	if (u->printer_code || u->queue_code || u->issue_code) {
		char key[48];
		int wh = warn_h(u);
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
	widget_text(u, F_SMALL, ui_tr(u, u->d.cfg->booking.nkeys ? "home.zalo_type" : "home.zalo"),
		    ui_navy, m, bottom - unit / 16 + m / 2, u->w - 2 * m, UI_CENTER);
	strip(u);
}

static int action(struct ui *u, int what, int arg)
{
	switch (what) {
	case A_SERVICE:
		return screen_take_number(u, arg);
	case A_INFO:
		screen_info_show(u, arg);
		return 1;
	case A_PRIORITY:
		u->priority = !u->priority;
		return 1;
	case A_LANG:
		u->lang = !u->lang;
		return 1;
	case A_TYPE:
		ui_show(u, UI_TYPE);
		return 1;
	case A_LOOKUP:
		ui_show(u, UI_LOOKUP);
		return 1;
	default:
		return 0;
	}
}

/* Esc has nowhere to go; a keypad digit takes a number for that service. */
static int key(struct ui *u, SDL_Keycode k)
{
	if (k == SDLK_ESCAPE || k == SDLK_BACKSPACE)
		return 0;
	int digit = k >= SDLK_1 && k <= SDLK_9 ? (int)(k - SDLK_1) :
		    k >= SDLK_KP_1 && k <= SDLK_KP_9 ? (int)(k - SDLK_KP_1) : -1;
	if (digit < 0)
		return -1;
	for (int i = 0, n = 0; i < u->nwidgets; i++)
		if (u->widget[i].action == A_SERVICE && n++ == digit)
			return screen_take_number(u, u->widget[i].arg);
	return 0;
}

/* The attract screen after a while; sooner home's own defaults back. */
static Uint32 deadline(const struct ui *u)
{
	if (u->lang != u->d.cfg->kiosk.language || u->priority)
		return ui_idle_deadline(u); /* forget the last citizen's choices */
	return u->last_input + (Uint32)u->d.cfg->kiosk.attract_seconds * 1000u;
}

const struct screen_ops screen_home = {
	.name = "home",
	.flags = SCREEN_LIVE,
	.layout = layout,
	.draw = draw,
	.action = action,
	.key = key,
	.deadline = deadline,
};
