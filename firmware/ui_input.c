/*
 * ui_input.c - what a tap or a key does.
 *
 * Taps act on release over the widget they were pressed on (a drag does
 * nothing, the pressed widget shows it is pressed); SDL's synthetic mouse
 * twin of a finger is dropped; a tap in the first moments of a new screen
 * is the second half of a double tap and is ignored.  A keypad reaches
 * everything: digits pick a service, arrows move a visible focus, Enter
 * confirms, Esc goes back.  A keyboard-wedge scanner's keys are held until
 * they are known to be a scan (ui_scan()) or a person's.
 */
#include "screen.h"
#include "rotate.h"

#include <sodium.h>

/* A widget's action: A_HOME goes home from anywhere, the rest is the
 * screen's (screen.h).  1 = redraw. */
static int activate(struct ui *u, const struct ui_widget *w)
{
	const struct screen_ops *s = screen_current(u);

	if (w->action == A_HOME) {
		ui_show(u, UI_HOME);
		return 1;
	}
	return s->action ? s->action(u, w->action, w->arg) : 0;
}

static int hit(const struct ui *u, int x, int y)
{
	SDL_Point p = { x, y };
	for (int i = u->nwidgets - 1; i >= 0; i--) /* the last drawn is on top */
		if (SDL_PointInRect(&p, &u->widget[i].r))
			return i;
	return -1;
}

static int pointer_down(struct ui *u, int x, int y)
{
	u->last_input = u->ticks();
	int i = hit(u, x, y);
	if (i == u->pressed)
		return 0;
	u->pressed = i;
	return 1;
}

static int pointer_up(struct ui *u, int x, int y)
{
	int was = u->pressed, i = hit(u, x, y);

	u->last_input = u->ticks();
	u->pressed = -1;
	if (screen_pin_corner_tap(u, x, y))
		return 1;
	if (u->ticks() - u->screen_since < GUARD_MS)
		return was >= 0; /* the second half of a double tap */
	if (i < 0 || i != was)
		return was >= 0; /* a drag, or a release elsewhere: nothing */
	struct ui_widget w = u->widget[i];
	activate(u, &w);
	return 1;
}

static int move_focus(struct ui *u, int step)
{
	if (u->nwidgets == 0)
		return 0;
	u->focus = u->focus < 0 ? (step > 0 ? 0 : u->nwidgets - 1) :
		   (u->focus + step + u->nwidgets) % u->nwidgets;
	return 1;
}

int ui_key(struct ui *u, SDL_Keycode k)
{
	const struct screen_ops *s = screen_current(u);

	u->last_input = u->ticks();
	if (s->key) {
		int r = s->key(u, k);
		if (r >= 0)
			return r;
	}
	switch (k) {
	case SDLK_ESCAPE:
	case SDLK_BACKSPACE:
		ui_show(u, UI_HOME);
		return 1;
	case SDLK_DOWN:
	case SDLK_RIGHT:
	case SDLK_TAB:
		return move_focus(u, 1);
	case SDLK_UP:
	case SDLK_LEFT:
		return move_focus(u, -1);
	case SDLK_RETURN:
	case SDLK_KP_ENTER:
		if (u->focus < 0)
			return 0;
		struct ui_widget w = u->widget[u->focus];
		return activate(u, &w);
	default:
		return 0;
	}
}

/* The keyboard wedge: a scanner typing keys, sorted from a person's by
 * their timing (scan_wedge.h); a person's keys come back to ui_key(). */
static int wedge_on(const struct ui *u)
{
	return u->d.cfg->scanner.mode == KCONF_SCANNER_WEDGE;
}

/* Give a person's held keys back to the normal key handling, in order. */
static int give_back(struct ui *u)
{
	int redraw = 0;
	size_t n = wedge_nkeys(&u->wedge);
	int keys[WEDGE_MAX];
	for (size_t i = 0; i < n; i++)
		keys[i] = wedge_key(&u->wedge, i);
	wedge_reset(&u->wedge);
	for (size_t i = 0; i < n; i++)
		redraw |= ui_key(u, keys[i]);
	return redraw;
}

static int take_scan(struct ui *u)
{
	size_t len;
	const char *text = wedge_text(&u->wedge, &len);
	int redraw = ui_scan(u, text, len);
	sodium_memzero(&u->wedge, sizeof(u->wedge)); /* an ID card's QR held a name */
	return redraw;
}

int ui_scan_key(struct ui *u, const SDL_KeyboardEvent *k, int *redraw)
{
	Uint32 now = u->ticks();
	SDL_Keycode sym = k->keysym.sym;
	char c = wedge_usage_char(k->keysym.scancode, (k->keysym.mod & KMOD_SHIFT) != 0);

	*redraw = 0;
	if (!wedge_on(u))
		return 0;
	if ((k->keysym.scancode >= SDL_SCANCODE_LCTRL && k->keysym.scancode <= SDL_SCANCODE_RGUI) ||
	    k->keysym.scancode == SDL_SCANCODE_CAPSLOCK)
		return u->wedge.len > 0; /* Shift before ':' is part of a scan, not its end */
	if (c) {
		if (wedge_char(&u->wedge, c, sym, now) == WEDGE_KEYS) {
			*redraw |= give_back(u); /* what was held was a person */
			wedge_char(&u->wedge, c, sym, now);
		}
		return 1;
	}
	if (u->wedge.len == 0)
		return 0; /* an arrow, Esc ... with nothing held: the usual handling */
	if (sym == SDLK_RETURN || sym == SDLK_KP_ENTER || sym == SDLK_TAB) {
		if (wedge_end(&u->wedge, now) == WEDGE_SCAN) {
			*redraw |= take_scan(u);
			return 1;
		}
		*redraw |= give_back(u);
		return 0; /* and the Enter itself is a key too */
	}
	*redraw |= give_back(u);
	return 0;
}

int ui_scan_tick(struct ui *u)
{
	switch (wedge_tick(&u->wedge, u->ticks())) {
	case WEDGE_SCAN:
		return take_scan(u);
	case WEDGE_KEYS:
		return give_back(u);
	default:
		return 0;
	}
}

Uint32 ui_scan_deadline(const struct ui *u)
{
	return wedge_deadline(&u->wedge);
}

/* Where a mouse button or a finger is on the screen as drawn: SDL's logical
 * size already scaled it, or the panel is turned ([kiosk] rotate). */
static void at(const struct ui *u, const SDL_Event *ev, int *x, int *y)
{
	rotate_tap(u->d.rotate, ev, u->w, u->h, x, y);
}

int ui_input(struct ui *u, const SDL_Event *ev)
{
	int x, y;

	switch (ev->type) {
	case SDL_MOUSEBUTTONDOWN:
		if (ev->button.which == SDL_TOUCH_MOUSEID || ev->button.button != SDL_BUTTON_LEFT)
			return 0;
		at(u, ev, &x, &y);
		return pointer_down(u, x, y);
	case SDL_MOUSEBUTTONUP:
		if (ev->button.which == SDL_TOUCH_MOUSEID || ev->button.button != SDL_BUTTON_LEFT)
			return 0; /* the finger event is handled on its own */
		at(u, ev, &x, &y);
		return pointer_up(u, x, y);
	case SDL_FINGERDOWN:
		at(u, ev, &x, &y);
		return pointer_down(u, x, y);
	case SDL_FINGERUP:
		at(u, ev, &x, &y);
		return pointer_up(u, x, y);
	case SDL_KEYDOWN: {
		int redraw;
		if (ui_scan_key(u, &ev->key, &redraw))
			return redraw; /* held, or a scan */
		return ui_key(u, ev->key.keysym.sym) | redraw;
	}
	case SDL_WINDOWEVENT:
		return ev->window.event == SDL_WINDOWEVENT_EXPOSED ||
		       ev->window.event == SDL_WINDOWEVENT_SIZE_CHANGED;
	default:
		return 0;
	}
}
