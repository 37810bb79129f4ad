/*
 * ui_input.c - what a tap or a key does.
 *
 * Taps act on release over the widget they were pressed on (a drag does
 * nothing, the pressed widget shows it is pressed); SDL's synthetic mouse
 * twin of a finger is dropped; a tap in the first moments of a new screen
 * is the second half of a double tap and is ignored.  A keypad reaches
 * everything: digits pick a service, arrows move a visible focus, Enter
 * confirms, Esc goes back.
 */
#include "ui_private.h"
#include "kerr.h"
#include "rotate.h"

#include <stdio.h>

static int take_number(struct ui *u, int service)
{
	int64_t opens;
	int st = ui_service_state(u, service, &opens);

	if (u->waiting_issue)
		return 0;
	snprintf(u->refused_service, sizeof(u->refused_service), "%s",
		 u->d.cfg->services[service].code);
	if (st != SERVICE_OPEN || !u->d.worker) {
		u->refusal = st == SERVICE_CLOSED ? K_ERR_CLOSED : st == SERVICE_FULL ? K_ERR_CAP :
			     st == SERVICE_OFF ? K_ERR_DISABLED : K_ERR_DB;
		ui_show(u, UI_REFUSED);
		return 1;
	}
	if (worker_issue(u->d.worker, u->d.cfg->services[service].code, u->priority) < 0) {
		u->refusal = K_ERR_BUSY;
		ui_show(u, UI_REFUSED);
		return 1;
	}
	u->waiting_issue = 1; /* the number arrives within milliseconds */
	return 1;
}

static int activate(struct ui *u, const struct ui_widget *w)
{
	switch (w->action) {
	case A_SERVICE:
	case A_TAKE:
		return take_number(u, w->arg);
	case A_INFO:
		u->info_service = w->arg;
		ui_show(u, UI_INFO);
		return 1;
	case A_PRIORITY:
		u->priority = !u->priority;
		return 1;
	case A_LANG:
		u->lang = !u->lang;
		return 1;
	case A_HOME:
		ui_show(u, UI_HOME);
		return 1;
	case A_TYPE:
		ui_show(u, UI_TYPE);
		return 1;
	case A_TYPE_KEY: /* a booking code has 20 characters at most, a receipt code 32 */
		if (u->typed_len < (u->screen == UI_LOOKUP ? KSYNC_DOSSIER_CODE - 1 : 20))
			u->typed[u->typed_len++] = (char)w->arg;
		u->lookup_hint = 0;
		return 1;
	case A_TYPE_BACK:
		if (u->typed_len > 0)
			u->typed[--u->typed_len] = '\0';
		return 1;
	case A_TYPE_OK:
		if (u->typed_len == 0 || !u->d.worker || u->waiting_issue)
			return 0;
		if (worker_checkin_code(u->d.worker, u->typed) == 0)
			u->waiting_issue = 1; /* the answer shows the ticket or why not */
		return 1;
	case A_REPRINT:
		if (u->d.worker && worker_reprint(u->d.worker, &u->used_ticket) == 0) {
			u->ticket = u->used_ticket;
			u->have_ticket = 1;
			u->print = UI_PRINT_BUSY;
			ui_show(u, UI_TICKET);
		}
		return 1;
	case A_LOOKUP:
	case A_LOOKUP_OK:
	case A_LOOKUP_AGAIN:
		return ui_lookup_action(u, w->action, w->arg);
	default:
		return ui_maint_action(u, w->action, w->arg);
	}
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
	if (ui_maint_corner_tap(u, x, y))
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
	u->last_input = u->ticks();
	if (u->screen == UI_PIN && ui_maint_key(u, k))
		return 1;
	switch (k) {
	case SDLK_ESCAPE:
	case SDLK_BACKSPACE:
		if (u->screen == UI_HOME)
			return 0;
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
		if (u->focus < 0) {
			if (u->screen == UI_ATTRACT) {
				ui_show(u, UI_HOME);
				return 1;
			}
			return 0;
		}
		struct ui_widget w = u->widget[u->focus];
		return activate(u, &w);
	default:
		break;
	}
	if (u->screen == UI_ATTRACT) {
		ui_show(u, UI_HOME);
		return 1;
	}
	int digit = k >= SDLK_1 && k <= SDLK_9 ? (int)(k - SDLK_1) :
		    k >= SDLK_KP_1 && k <= SDLK_KP_9 ? (int)(k - SDLK_KP_1) : -1;
	if (u->screen != UI_HOME || digit < 0)
		return 0;
	for (int i = 0, n = 0; i < u->nwidgets; i++)
		if (u->widget[i].action == A_SERVICE && n++ == digit)
			return take_number(u, u->widget[i].arg);
	return 0;
}

/* Where a mouse button or a finger is on the screen as drawn: SDL's logical
 * size already scaled it, or the panel is turned ([kiosk] rotate) and the
 * point is turned back here, the one place input gets its coordinates. */
static void at(const struct ui *u, const SDL_Event *ev, int *x, int *y)
{
	int finger = ev->type == SDL_FINGERDOWN || ev->type == SDL_FINGERUP;

	if (u->d.rotate && finger)
		rotate_touch(u->d.rotate, ev->tfinger.x, ev->tfinger.y, x, y);
	else if (u->d.rotate)
		rotate_point(u->d.rotate, ev->button.x, ev->button.y, x, y);
	else if (finger) {
		*x = (int)(ev->tfinger.x * (float)u->w);
		*y = (int)(ev->tfinger.y * (float)u->h);
	} else {
		*x = ev->button.x;
		*y = ev->button.y;
	}
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
