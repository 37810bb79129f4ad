/*
 * widget.c - the widget layer (widget.h): the palette, sizes, the widget
 * list, plates, buttons, the header, text and the on-screen keyboard that
 * every screen is made of.  It knows no screen.
 */
#include "widget.h"

#include <qrencode.h>
#include <sodium.h>
#include <stdio.h>

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

int widget_unit(const struct ui *u)
{
	return u->w < u->h ? u->w : u->h;
}

int widget_margin(const struct ui *u)
{
	return widget_unit(u) / 40;
}

int widget_header_h(const struct ui *u)
{
	return u->w > u->h ? u->h / 8 : u->h / 10;
}

void widget_add(struct ui *u, int x, int y, int w, int h, int action, int arg)
{
	if (u->nwidgets >= UI_MAX_WIDGETS)
		return;
	struct ui_widget *wd = &u->widget[u->nwidgets++];
	wd->r = (SDL_Rect){ x, y, w, h };
	wd->action = action;
	wd->arg = arg;
}

void widget_bottom(struct ui *u, int first, int first_arg, int second)
{
	int m = widget_margin(u), bh = widget_unit(u) / 8, y = u->h - 2 * m - bh;
	if (!second) {
		widget_add(u, u->w / 4, y, u->w / 2, bh, first, first_arg);
		return;
	}
	int bw = (u->w - 3 * m) / 2;
	widget_add(u, m, y, bw, bh, first, first_arg);
	widget_add(u, 2 * m + bw, y, bw, bh, second, 0);
}

void widget_fill(struct ui *u, SDL_Color c, const SDL_Rect *r)
{
	SDL_SetRenderDrawColor(u->r, c.r, c.g, c.b, c.a);
	SDL_RenderFillRect(u->r, r);
}

void widget_frame(struct ui *u, const SDL_Rect *r, int t, SDL_Color c)
{
	SDL_Rect edges[4] = { { r->x, r->y, r->w, t }, { r->x, r->y + r->h - t, r->w, t },
			      { r->x, r->y, t, r->h }, { r->x + r->w - t, r->y, t, r->h } };
	for (int k = 0; k < 4; k++)
		widget_fill(u, c, &edges[k]);
}

int widget_text(struct ui *u, int font, const char *s, SDL_Color c, int x, int y, int w,
		enum ui_align align)
{
	return ui_text_draw(u->r, ui_font(u, font), s, c, x, y, w, align);
}

/* A widget's background, darker while pressed, framed when focused. */
void widget_plate(struct ui *u, int i, SDL_Color bg)
{
	const SDL_Rect *r = &u->widget[i].r;
	widget_fill(u, i == u->pressed ? ui_pressed : bg, r);
	if (i == u->focus)
		widget_frame(u, r, 6, ui_amber);
}

/* A labelled button: centred text on a navy plate. */
void widget_button(struct ui *u, int i, const char *label)
{
	const SDL_Rect *r = &u->widget[i].r;
	int w = 0, font = F_BUTTON;
	/* a label too long for one line of the button's font: one line of the small one */
	if (TTF_SizeUTF8(u->font[F_BUTTON], label, &w, NULL) == 0 && w > r->w - widget_margin(u))
		font = F_SMALL;
	widget_plate(u, i, ui_navy);
	widget_text(u, font, label, ui_white, r->x,
		    r->y + (r->h - TTF_FontHeight(u->font[font])) / 2, r->w, UI_CENTER);
}

void widget_when(const struct ui *u, int64_t at, char *buf, size_t len)
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
	snprintf(buf, len, "%02d:%02d, %s %02d/%02d/%04d", lt.hour, lt.minute, ui_tr(u, wday),
		 lt.day, lt.month, lt.year);
}

void widget_header(struct ui *u, int subtitle)
{
	const struct kconf *cfg = u->d.cfg;
	SDL_Rect band = { 0, 0, u->w, widget_header_h(u) };
	int m = widget_margin(u);

	widget_fill(u, ui_navy, &band);
	int y = m + widget_text(u, F_TITLE, ui_pick(u, cfg->station.name_vi, cfg->station.name_en),
				ui_white, m, m, u->w - 2 * m, UI_CENTER);
	if (subtitle)
		widget_text(u, F_SMALL, ui_tr(u, "home.title"), ui_white, m, y, u->w - 2 * m,
			    UI_CENTER);
}

/*
 * An on-screen keyboard for a code (a booking's, a dossier's receipt code;
 * ok_action says which): digits, then letters in alphabetical order (many
 * first-time users do not know QWERTY), keys as big as the room between
 * the typed code and the bottom buttons allows.
 */
void widget_keyboard_layout(struct ui *u, int ok_action)
{
	static const char keys[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
	int n = (int)sizeof(keys) - 1, m = widget_margin(u), unit = widget_unit(u);
	int cols = u->w > u->h ? 13 : 7, rows = (n + 2 + cols - 1) / cols; /* + a wide delete */
	int top = widget_header_h(u) + unit / 4, bottom = u->h - 3 * m - unit / 8;
	int kw = (u->w - (cols + 1) * m) / cols, kh = (bottom - top - rows * m) / rows;
	if (kh > kw)
		kh = kw;
	int x0 = (u->w - cols * kw - (cols - 1) * m) / 2;
	for (int i = 0; i < n; i++)
		widget_add(u, x0 + (i % cols) * (kw + m), top + (i / cols) * (kh + m), kw, kh,
			   A_TYPE_KEY, keys[i]);
	widget_add(u, x0 + (n % cols) * (kw + m), top + (n / cols) * (kh + m), 2 * kw + m, kh,
		   A_TYPE_BACK, 0);
	widget_bottom(u, ok_action, 0, A_HOME);
}

/*
 * The keyboard drawn: a line above the field (what to type, or what went
 * wrong), the code so far or a hint, the keys; the OK key says ok_label.
 */
void widget_keyboard_draw(struct ui *u, const char *title, SDL_Color title_colour,
			  const char *hint, const char *ok_label)
{
	char label[8];
	int m = widget_margin(u), w = u->w - 2 * m, y = widget_header_h(u) + m;
	int unit = widget_unit(u);

	widget_header(u, 0);
	widget_text(u, F_BUTTON, title, title_colour, m, y, w, UI_CENTER);
	for (int i = 0; i < u->nwidgets; i++) /* the field sits on the keys, whatever the title */
		if (u->widget[i].action == A_TYPE_KEY) {
			y = u->widget[i].r.y - m - unit / 9;
			break;
		}
	SDL_Rect field = { m, y, w, unit / 9 };
	widget_fill(u, ui_pale, &field);
	if (u->typed_len)
		widget_text(u, F_TITLE, u->typed, ui_navy, m, y + m / 2, w, UI_CENTER);
	else
		widget_text(u, F_SMALL, hint, ui_grey, m, y + unit / 30, w, UI_CENTER);
	for (int i = 0; i < u->nwidgets; i++) {
		const struct ui_widget *k = &u->widget[i];
		if (k->action == A_TYPE_KEY) {
			snprintf(label, sizeof(label), "%c", k->arg);
			widget_button(u, i, label);
		} else {
			widget_button(u, i, k->action == A_TYPE_BACK ? ui_tr(u, "type.back") :
					    k->action == A_HOME ? ui_tr(u, "info.back") : ok_label);
		}
	}
}

int widget_keyboard_key(struct ui *u, int action, int arg, int max)
{
	switch (action) {
	case A_TYPE_KEY:
		if (u->typed_len < max)
			u->typed[u->typed_len++] = (char)arg;
		return 1;
	case A_TYPE_BACK:
		if (u->typed_len > 0)
			u->typed[--u->typed_len] = '\0';
		return 1;
	default:
		return 0;
	}
}

void widget_keyboard_clear(struct ui *u)
{
	sodium_memzero(u->typed, sizeof(u->typed));
	u->typed_len = 0;
}

SDL_Texture *widget_qr(struct ui *u, const char *url)
{
	SDL_Texture *t = NULL;
	QRcode *qr = url[0] ? QRcode_encodeString8bit(url, 0, QR_ECLEVEL_M) : NULL;
	if (!qr)
		return NULL;
	int side = qr->width + 8;
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, side, side, 32, SDL_PIXELFORMAT_ARGB8888);
	if (s) {
		SDL_FillRect(s, NULL, 0xffffffff);
		for (int y = 0; y < qr->width; y++)
			for (int x = 0; x < qr->width; x++)
				if (qr->data[y * qr->width + x] & 1)
					((Uint32 *)s->pixels)[(y + 4) * s->pitch / 4 + x + 4] = 0xff000000;
		t = SDL_CreateTextureFromSurface(u->r, s);
		if (t)
			SDL_SetTextureScaleMode(t, SDL_ScaleModeNearest);
		SDL_FreeSurface(s);
	}
	QRcode_free(qr);
	return t;
}

int widget_qr_draw(struct ui *u, SDL_Texture *qr, int x, int y, int side)
{
	int w = 0;
	if (!qr || SDL_QueryTexture(qr, NULL, NULL, &w, NULL) < 0 || w <= 0)
		return 0;
	int scale = side / w > 0 ? side / w : 1;
	SDL_Rect dst = { x + (side - w * scale) / 2, y, w * scale, w * scale };
	SDL_RenderCopy(u->r, qr, NULL, &dst);
	return w * scale;
}
