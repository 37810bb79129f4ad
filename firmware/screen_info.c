/*
 * screen_info.c - what a service is, what it costs and what to bring, from
 * the "i" on its card at home; a number for it is one tap away.
 */
#include "screen.h"
#include "widget.h"

struct info {
	int service;        /* index into cfg->services */
};

void screen_info_show(struct ui *u, int service)
{
	struct info *st = screen_state(u, UI_INFO);
	st->service = service;
	ui_show(u, UI_INFO);
}

static void layout(struct ui *u)
{
	const struct info *st = screen_state(u, UI_INFO);
	widget_bottom(u, A_TAKE, st->service, A_HOME);
}

static void draw(struct ui *u)
{
	const struct info *st = screen_state(u, UI_INFO);
	const struct kconf_service *s = &u->d.cfg->services[st->service];
	int m = widget_margin(u), w = u->w - 2 * m, y = widget_header_h(u) + 2 * m;

	widget_header(u, 0);
	y += widget_text(u, F_TITLE, ui_pick(u, s->name_vi, s->name_en), ui_navy, m, y, w, UI_LEFT);
	y += widget_text(u, F_SMALL, ui_pick(u, s->desc_vi, s->desc_en), ui_grey, m, y, w,
			 UI_LEFT) + 2 * m;
	if (s->fee_vi[0]) {
		y += widget_text(u, F_BUTTON, ui_tr(u, "info.fee"), ui_ink, m, y, w, UI_LEFT);
		y += widget_text(u, F_BUTTON, ui_pick(u, s->fee_vi, s->fee_en), ui_navy, m, y, w,
				 UI_LEFT) + 2 * m;
	}
	if (s->docs_vi[0]) {
		y += widget_text(u, F_BUTTON, ui_tr(u, "info.docs"), ui_ink, m, y, w, UI_LEFT);
		widget_text(u, F_BUTTON, ui_pick(u, s->docs_vi, s->docs_en), ui_navy, m, y, w, UI_LEFT);
	}
	widget_button(u, 0, ui_tr(u, "info.take"));
	widget_button(u, 1, ui_tr(u, "info.back"));
}

static int action(struct ui *u, int what, int arg)
{
	return what == A_TAKE ? screen_take_number(u, arg) : 0;
}

const struct screen_ops screen_info = {
	.name = "info",
	.state_size = sizeof(struct info),
	.layout = layout,
	.draw = draw,
	.action = action,
};
