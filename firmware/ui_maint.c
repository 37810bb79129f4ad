/*
 * ui_maint.c - the technician's corner: five quick taps in the top-left
 * corner open a PIN pad (only when [kiosk] pin is set); wrong PINs lock it
 * for [kiosk] pin_lock_seconds after pin_tries in a row.  Behind it: a test
 * print, the last slip again, "paper changed", services on or off for
 * today, and a restart.
 */
#include "ui_private.h"
#include "kerr.h"
#include "klog.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define CORNER_TAPS 5
#define CORNER_MS 3000

static int locked(const struct ui *u)
{
	return u->locked_until && (Sint32)(u->ticks() - u->locked_until) < 0;
}

int ui_maint_corner_tap(struct ui *u, int x, int y)
{
	int corner = (u->w < u->h ? u->w : u->h) / 8;
	Uint32 now = u->ticks();

	if (!u->d.cfg->kiosk.pin[0] || x >= corner || y >= corner ||
	    u->screen == UI_PIN || u->screen == UI_MAINT)
		return 0;
	if (u->corner_taps == 0 || now - u->corner_first > CORNER_MS) {
		u->corner_taps = 0;
		u->corner_first = now;
	}
	if (++u->corner_taps < CORNER_TAPS)
		return 0;
	u->corner_taps = 0;
	u->pin_len = 0;
	ui_show(u, UI_PIN);
	return 1;
}

static void check_pin(struct ui *u)
{
	const char *want = u->d.cfg->kiosk.pin;
	size_t n = strlen(want);
	int ok = (size_t)u->pin_len == n && sodium_memcmp(u->pin, want, n) == 0;

	u->pin_len = 0;
	if (ok) {
		u->pin_failures = 0;
		klog(KLOG_INFO, "maintenance: opened");
		ui_show(u, UI_MAINT);
		if (u->d.worker)
			worker_refresh(u->d.worker);
		return;
	}
	if (++u->pin_failures >= u->d.cfg->kiosk.pin_tries) {
		u->pin_failures = 0;
		u->locked_until = u->ticks() + (Uint32)u->d.cfg->kiosk.pin_lock_seconds * 1000u;
		if (!u->locked_until)
			u->locked_until = 1;
		klog(KLOG_WARN, "maintenance: %d wrong PINs, locked for %d s",
		     u->d.cfg->kiosk.pin_tries, u->d.cfg->kiosk.pin_lock_seconds);
	}
}

static void test_print(struct ui *u)
{
	const struct kconf *cfg = u->d.cfg;
	struct queue_ticket t;

	if (u->have_ticket) {
		worker_reprint(u->d.worker, &u->ticket);
		return;
	}
	memset(&t, 0, sizeof(t)); /* a sample slip: number 000 of the first service */
	snprintf(t.number, sizeof(t.number), "%s000", cfg->services[0].prefix);
	snprintf(t.service, sizeof(t.service), "%s", cfg->services[0].code);
	t.issued_at = ui_now(u);
	t.ahead = t.wait_minutes = -1;
	worker_reprint(u->d.worker, &t);
}

int ui_maint_action(struct ui *u, int action, int arg)
{
	switch (action) {
	case A_PIN_DIGIT:
		if (locked(u) || u->pin_len >= (int)sizeof(u->pin) - 1)
			return 0;
		u->pin[u->pin_len++] = (char)('0' + arg);
		return 1;
	case A_PIN_BACK:
		if (u->pin_len > 0)
			u->pin_len--;
		return 1;
	case A_PIN_OK:
		if (locked(u))
			return 0;
		check_pin(u);
		return 1;
	}
	if (u->screen != UI_MAINT || !u->d.worker)
		return 0;
	switch (action) {
	case A_MAINT_TEST:
		test_print(u);
		return 1;
	case A_MAINT_REPRINT:
		if (u->have_ticket)
			worker_reprint(u->d.worker, &u->ticket);
		return 1;
	case A_MAINT_PAPER:
		worker_note(u->d.worker, "printer", "PAPER_CHANGED");
		worker_refresh(u->d.worker);
		return 1;
	case A_MAINT_TOGGLE: {
		int64_t today = kclock_day(ui_now(u), u->d.cfg->queue.day_starts);
		if (u->off_day != today)
			u->off_today = 0;
		u->off_day = today;
		u->off_today ^= 1u << arg;
		klog(KLOG_INFO, "maintenance: %s %s for today", u->d.cfg->services[arg].code,
		     u->off_today & (1u << arg) ? "off" : "on");
		return 1;
	}
	case A_MAINT_RESTART: {
		SDL_Event quit = { .type = SDL_QUIT };
		u->restart = 1;
		SDL_PushEvent(&quit);
		return 1;
	}
	}
	return 0;
}

int ui_maint_key(struct ui *u, SDL_Keycode k)
{
	if (k >= SDLK_0 && k <= SDLK_9)
		return ui_maint_action(u, A_PIN_DIGIT, (int)(k - SDLK_0)) || 1;
	if (k >= SDLK_KP_1 && k <= SDLK_KP_9)
		return ui_maint_action(u, A_PIN_DIGIT, (int)(k - SDLK_KP_1) + 1) || 1;
	if (k == SDLK_KP_0)
		return ui_maint_action(u, A_PIN_DIGIT, 0) || 1;
	if (k == SDLK_BACKSPACE)
		return ui_maint_action(u, A_PIN_BACK, 0);
	if (k == SDLK_RETURN || k == SDLK_KP_ENTER)
		return ui_maint_action(u, A_PIN_OK, 0) || 1;
	return 0;
}

int ui_maint_locked_seconds(const struct ui *u)
{
	return locked(u) ? (int)((u->locked_until - u->ticks() + 999) / 1000) : 0;
}
