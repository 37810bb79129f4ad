/*
 * screen_closed.c - every service closed (after hours, a holiday, Tết):
 * when the kiosk opens again and the hotline.  It has nothing to tap; the
 * worker's status brings home back when a service opens (ui.c).
 */
#include "screen.h"
#include "widget.h"

#include <stdio.h>

static void draw(struct ui *u)
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

const struct screen_ops screen_closed = {
	.name = "closed",
	.flags = SCREEN_LIVE,
	.draw = draw,
	.deadline = screen_never,
};
