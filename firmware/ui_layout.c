/*
 * ui_layout.c - where everything goes, from the logical screen size alone.
 *
 * All sizes are fractions of the shorter side ("unit") or of the height, so
 * a 1080x1920 portrait panel, a 1920x1080 landscape one and a small
 * 1024x600 one follow the same rules; landscape puts services in two columns.
 */
#include "widget.h"

#include <string.h>

int ui_strip_h(const struct ui *u)
{
	return u->w > u->h ? u->h / 7 : u->h / 11;
}

int ui_warn_h(const struct ui *u)
{
	if (u->issue_code) /* two lines: no number, and to ask staff */
		return widget_unit(u) / 14 + TTF_FontHeight(u->font[F_SMALL]);
	return u->printer_code || u->queue_code ? widget_unit(u) / 14 : 0;
}

static void layout_home(struct ui *u)
{
	const struct kconf *cfg = u->d.cfg;
	int m = widget_margin(u), top = widget_header_h(u) + m;
	int row = widget_unit(u) / 7, langw = cfg->kiosk.english ? widget_unit(u) / 3 : 0;
	int visible[KCONF_MAX_SERVICES], n = 0;

	for (int i = 0; i < cfg->nservices; i++)
		if (cfg->services[i].enabled)
			visible[n++] = i;
	/* below the buttons: the Zalo line, the printer warning, the strip */
	int bottom = u->h - ui_strip_h(u) - widget_unit(u) / 16 - ui_warn_h(u);
	int cols = u->w > u->h ? 2 : 1, rows = (n + cols - 1) / cols;
	/* the dossier look-up, framed apart from the services (it takes no
	 * number): in portrait a row of its own above the Zalo line, in
	 * landscape beside the priority choice */
	int lookup = ui_lookup_available(u), lookw = cols == 2 && lookup ? widget_unit(u) * 2 / 3 : 0;
	int lh = lookup && !lookw ? widget_unit(u) / 9 : 0;
	int y0 = top + row + m;
	int bh = rows ? (bottom - (lh ? lh + m : 0) - y0 - rows * m) / rows : 0;
	int bw = (u->w - (cols + 1) * m) / cols;
	if (bh > widget_unit(u) / 5)
		bh = widget_unit(u) / 5;
	for (int k = 0; k < n; k++)
		widget_add(u, m + (k % cols) * (bw + m), y0 + (k / cols) * (bh + m), bw, bh, A_SERVICE,
		    visible[k]);
	for (int k = 0; k < n; k++) {
		const struct kconf_service *s = &cfg->services[visible[k]];
		if (!s->docs_vi[0] && !s->fee_vi[0])
			continue; /* nothing to tell */
		int side = bh * 2 / 3;
		widget_add(u, m + (k % cols) * (bw + m) + bw - side - m / 2,
		    y0 + (k / cols) * (bh + m) + (bh - side) / 2, side, side, A_INFO, visible[k]);
	}
	if (lh)
		widget_add(u, m, bottom - lh - m, u->w - 2 * m, lh, A_LOOKUP, 0);
	else if (lookw)
		widget_add(u, u->w - m - (langw ? langw + m : 0) - lookw, top, lookw, row, A_LOOKUP, 0);
	if (cfg->booking.nkeys > 0) /* the Zalo line: type the code instead */
		widget_add(u, m, bottom, u->w - 2 * m, widget_unit(u) / 16, A_TYPE, 0);
	widget_add(u, m, top, u->w - 2 * m - (langw ? langw + m : 0) - (lookw ? lookw + m : 0), row,
	    A_PRIORITY, 0);
	if (langw)
		widget_add(u, u->w - m - langw, top, langw, row, A_LANG, 0);
}

static void layout_pin(struct ui *u)
{
	int key = widget_unit(u) / 6, gap = widget_margin(u);
	int x0 = (u->w - 3 * key - 2 * gap) / 2, y0 = widget_header_h(u) + widget_unit(u) / 4;
	static const int order[12] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, -1, 0, -2 };
	for (int i = 0; i < 12; i++) {
		int action = order[i] >= 0 ? A_PIN_DIGIT : order[i] == -1 ? A_PIN_BACK : A_PIN_OK;
		widget_add(u, x0 + (i % 3) * (key + gap), y0 + (i / 3) * (key + gap), key, key, action,
		    order[i] >= 0 ? order[i] : 0);
	}
	widget_bottom(u, A_HOME, 0, 0);
}

static void layout_maint(struct ui *u)
{
	const struct kconf *cfg = u->d.cfg;
	int m = widget_margin(u), bh = widget_unit(u) / 12, y = widget_header_h(u) + m;
	int bw = (u->w - 3 * m) / 2;
	static const int actions[] = { A_MAINT_TEST, A_MAINT_REPRINT, A_MAINT_PAPER,
				       A_MAINT_RESTART };
	for (int i = 0; i < 4; i++)
		widget_add(u, m + (i % 2) * (bw + m), y + (i / 2) * (bh + m), bw, bh, actions[i], 0);
	/* room for the state lines, then one toggle per service */
	y += 2 * (bh + m) + 4 * bh;
	for (int i = 0; i < cfg->nservices; i++)
		widget_add(u, m + (i % 2) * (bw + m), y + (i / 2) * (bh + m), bw, bh, A_MAINT_TOGGLE, i);
	widget_bottom(u, A_HOME, 0, 0);
}

void ui_layout(struct ui *u)
{
	u->nwidgets = 0;
	switch (u->screen) {
	case UI_HOME:
		layout_home(u);
		break;
	case UI_TICKET:
	case UI_REFUSED:
		widget_bottom(u, A_HOME, 0, 0);
		break;
	case UI_BOOKING:
		if (u->booking_reason == BOOKING_ALREADY_USED)
			widget_bottom(u, A_REPRINT, 0, A_HOME);
		else
			widget_bottom(u, A_HOME, 0, 0);
		break;
	case UI_INFO:
		widget_bottom(u, A_TAKE, u->info_service, A_HOME);
		break;
	case UI_ATTRACT:
		widget_add(u, 0, 0, u->w, u->h, A_HOME, 0);
		break;
	case UI_PIN:
		layout_pin(u);
		break;
	case UI_MAINT:
		layout_maint(u);
		break;
	case UI_TYPE:
		widget_keyboard_layout(u, A_TYPE_OK);
		break;
	case UI_LOOKUP:
	case UI_ANSWER:
		ui_lookup_layout(u);
		break;
	case UI_CLOSED:
		break;
	}
	if (u->pressed >= u->nwidgets)
		u->pressed = -1;
	if (u->focus >= u->nwidgets)
		u->focus = -1;
}
