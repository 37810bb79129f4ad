/*
 * screen_attract.c - the calm screen an idle kiosk shows: the unit's name
 * and "touch the screen"; any touch or key brings home back.
 */
#include "screen.h"
#include "widget.h"

static void layout(struct ui *u)
{
	widget_add(u, 0, 0, u->w, u->h, A_HOME, 0);
}

static void draw(struct ui *u)
{
	const struct kconf *cfg = u->d.cfg;
	SDL_Rect all = { 0, 0, u->w, u->h };
	int m = widget_margin(u), y = u->h / 3;

	widget_fill(u, ui_navy, &all);
	y += widget_text(u, F_TITLE, ui_pick(u, cfg->station.name_vi, cfg->station.name_en),
			 ui_white, m, y, u->w - 2 * m, UI_CENTER) + 4 * m;
	widget_text(u, F_BUTTON, ui_tr(u, "attract.touch"), ui_white, m, y, u->w - 2 * m, UI_CENTER);
}

/* Any key but those moving the focus goes home. */
static int key(struct ui *u, SDL_Keycode k)
{
	if (k == SDLK_DOWN || k == SDLK_RIGHT || k == SDLK_TAB || k == SDLK_UP || k == SDLK_LEFT)
		return -1;
	ui_show(u, UI_HOME);
	return 1;
}

const struct screen_ops screen_attract = {
	.name = "attract",
	.layout = layout,
	.draw = draw,
	.key = key,
	.deadline = screen_never,
};
