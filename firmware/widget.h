/*
 * widget.h - what every screen draws and lays out with: the palette, sizes
 * from the logical screen, the widget list (a rectangle and what a tap on
 * it does), plates, buttons, the header band, text, and the on-screen
 * keyboard.
 *
 * The screens (screen_*.c) call this layer; it calls no screen and includes
 * no screen's header, so a look changed here changes every screen alike.
 * All sizes are fractions of the shorter side ("unit") or of the height, so
 * a 1080x1920 portrait panel, a 1920x1080 landscape one and a small
 * 1024x600 one follow the same rules.
 */
#ifndef WIDGET_H
#define WIDGET_H

#include "ui_private.h"
#include "ui_text.h"

/* High contrast: near-black on white and white on navy; amber frames the
 * keyboard focus, red says what is wrong. */
extern const SDL_Color ui_ink, ui_white, ui_navy, ui_navy_dark, ui_pale, ui_pressed, ui_grey_bg,
	ui_grey, ui_red, ui_amber;

int widget_unit(const struct ui *u);                    /* the shorter side */
int widget_margin(const struct ui *u);
int widget_header_h(const struct ui *u);

/* Add a widget to the current screen's list (ignored past UI_MAX_WIDGETS). */
void widget_add(struct ui *u, int x, int y, int w, int h, int action, int arg);
/* A wide button centred near the bottom; two side by side when `second`. */
void widget_bottom(struct ui *u, int first, int first_arg, int second);

void widget_fill(struct ui *u, SDL_Color c, const SDL_Rect *r);
/* A frame t pixels thick just inside r. */
void widget_frame(struct ui *u, const SDL_Rect *r, int t, SDL_Color c);
/* Text in font (enum font_role) wrapped to w from (x, y); the height used. */
int widget_text(struct ui *u, int font, const char *s, SDL_Color c, int x, int y, int w,
		enum ui_align align);
void widget_plate(struct ui *u, int i, SDL_Color bg); /* widget i's background */
void widget_button(struct ui *u, int i, const char *label);
/* The unit's name on a navy band; home's subtitle under it when subtitle. */
void widget_header(struct ui *u, int subtitle);
/* A moment as a citizen reads it: "07:30" today, else with its weekday and date. */
void widget_when(const struct ui *u, int64_t at, char *buf, size_t len);

/* url as a QR code texture (a 4-module quiet zone, one pixel a module, to
 * be drawn scaled by whole pixels with nearest scaling); NULL if it cannot
 * be made.  The caller destroys it. */
SDL_Texture *widget_qr(struct ui *u, const char *url);
/* Draw a widget_qr() texture as large as fits in side x side at (x, y),
 * whole pixels a module; the side used. */
int widget_qr_draw(struct ui *u, SDL_Texture *qr, int x, int y, int side);

/* The on-screen keyboard for a code: A-Z 0-9, delete, the OK key doing
 * ok_action and the way back; its typed text is u->typed. */
void widget_keyboard_layout(struct ui *u, int ok_action);
void widget_keyboard_draw(struct ui *u, const char *title, SDL_Color title_colour,
			  const char *hint, const char *ok_label);
/* A_TYPE_KEY (its character added while fewer than max) or A_TYPE_BACK:
 * 1 = taken (redraw), 0 = another action. */
int widget_keyboard_key(struct ui *u, int action, int arg, int max);
/* What was typed, wiped: a code is not kept once its screen is left. */
void widget_keyboard_clear(struct ui *u);

#endif
