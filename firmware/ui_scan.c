/*
 * ui_scan.c - scans: the keyboard wedge's keys sorted from a person's, the
 * one entry point every scanner driver delivers to.  A receipt code scanned
 * from an appointment slip goes to the dossier look-up
 * (screen_lookup_scan()), anything else to check-in as a booking, whose
 * answer is screen_booking.c's.
 */
#include "screen.h"
#include "klog.h"

#include <sodium.h>
#include <string.h>

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

int ui_scan(struct ui *u, const char *code, size_t len)
{
	u->last_input = u->ticks();
	if (screen_current(u)->flags & SCREEN_STAFF)
		return 0; /* the technician's screens take no scans */
	int redraw;
	if (screen_lookup_scan(u, code, len, &redraw))
		return redraw; /* an appointment slip's receipt code */
	if (!u->d.worker || u->waiting_issue) {
		klog(KLOG_WARN, "ui: a scan came while %s", u->d.worker ? "busy" : "without a worker");
		return 0;
	}
	if (worker_checkin(u->d.worker, code, len) < 0)
		return 0;
	u->waiting_issue = 1;
	return 0;
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
