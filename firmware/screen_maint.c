/*
 * screen_maint.c - the technician's corner: five quick taps in the top-left
 * corner open a PIN pad (only when [kiosk] pin is set); wrong PINs lock it
 * for [kiosk] pin_lock_seconds after pin_tries in a row.  Behind it: a test
 * print, the last slip again, "paper changed", services on or off for
 * today, and a restart.  Both screens take no scans.
 */
#include "screen.h"
#include "widget.h"
#include "kerr.h"
#include "klog.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define CORNER_TAPS 5
#define CORNER_MS 3000

struct pin {
	char pin[9];            /* typed so far */
	int len, failures;
	Uint32 locked_until;    /* ticks; 0 = not locked */
	int corner_taps;
	Uint32 corner_first;
};

static int locked(const struct ui *u)
{
	const struct pin *st = screen_state(u, UI_PIN);
	return st->locked_until && (Sint32)(u->ticks() - st->locked_until) < 0;
}

int screen_pin_corner_tap(struct ui *u, int x, int y)
{
	struct pin *st = screen_state(u, UI_PIN);
	int corner = widget_unit(u) / 8;
	Uint32 now = u->ticks();

	if (!u->d.cfg->kiosk.pin[0] || x >= corner || y >= corner ||
	    u->screen == UI_PIN || u->screen == UI_MAINT)
		return 0;
	if (st->corner_taps == 0 || now - st->corner_first > CORNER_MS) {
		st->corner_taps = 0;
		st->corner_first = now;
	}
	if (++st->corner_taps < CORNER_TAPS)
		return 0;
	st->corner_taps = 0;
	ui_show(u, UI_PIN);
	return 1;
}

static void check_pin(struct ui *u)
{
	struct pin *st = screen_state(u, UI_PIN);
	const char *want = u->d.cfg->kiosk.pin;
	size_t n = strlen(want);
	int ok = (size_t)st->len == n && sodium_memcmp(st->pin, want, n) == 0;

	st->len = 0;
	if (ok) {
		st->failures = 0;
		klog(KLOG_INFO, "maintenance: opened");
		ui_show(u, UI_MAINT);
		if (u->d.worker)
			worker_refresh(u->d.worker);
		return;
	}
	if (++st->failures >= u->d.cfg->kiosk.pin_tries) {
		st->failures = 0;
		st->locked_until = u->ticks() + (Uint32)u->d.cfg->kiosk.pin_lock_seconds * 1000u;
		if (!st->locked_until)
			st->locked_until = 1;
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

/* Seconds until wrong PINs may be tried again; 0 = not locked. */
static int locked_seconds(const struct ui *u)
{
	const struct pin *st = screen_state(u, UI_PIN);
	return locked(u) ? (int)((st->locked_until - u->ticks() + 999) / 1000) : 0;
}

/*
 * Portrait: the title and the dots above, the pad beneath them.  Landscape
 * has no room for both above the back button: the title and the dots take
 * the left half and the pad the right half, its keys as large as fit.
 */
static int pin_landscape(const struct ui *u)
{
	return u->w > u->h;
}

static void layout_pin(struct ui *u)
{
	int key = widget_unit(u) / 6, gap = widget_margin(u);
	int x0 = (u->w - 3 * key - 2 * gap) / 2, y0 = widget_header_h(u) + widget_unit(u) / 4;
	static const int order[12] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, -1, 0, -2 };

	if (pin_landscape(u)) {
		/* from under the header to a gap above the back button (widget_bottom) */
		int top = widget_header_h(u) + gap, bottom = u->h - 3 * gap - widget_unit(u) / 8;
		int fit = (bottom - top - 3 * gap) / 4;
		key = key < fit ? key : fit;
		x0 = u->w / 2 + (u->w / 2 - 3 * key - 2 * gap) / 2;
		y0 = top + (bottom - top - 4 * key - 3 * gap) / 2;
	}
	for (int i = 0; i < 12; i++) {
		int action = order[i] >= 0 ? A_PIN_DIGIT : order[i] == -1 ? A_PIN_BACK : A_PIN_OK;
		widget_add(u, x0 + (i % 3) * (key + gap), y0 + (i / 3) * (key + gap), key, key,
			   action, order[i] >= 0 ? order[i] : 0);
	}
	widget_bottom(u, A_HOME, 0, 0);
}

static void draw_pin(struct ui *u)
{
	const struct pin *st = screen_state(u, UI_PIN);
	char dots[32] = "", label[4];
	int m = widget_margin(u), y = widget_header_h(u) + 2 * m, wait = locked_seconds(u);
	int tw = pin_landscape(u) ? u->w / 2 - 2 * m : u->w - 2 * m; /* beside the pad, or above */

	widget_header(u, 0);
	y += widget_text(u, F_TITLE, ui_tr(u, "maint.pin"), ui_ink, m, y, tw, UI_CENTER);
	for (int i = 0; i < st->len; i++)
		strcat(dots, "● ");
	if (wait) {
		char line[160];
		i18n_format(ui_text(u), "maint.locked", wait, line, sizeof(line));
		widget_text(u, F_BUTTON, line, ui_red, m, y, tw, UI_CENTER);
	} else {
		widget_text(u, F_TITLE, dots[0] ? dots : " ", ui_navy, m, y, tw, UI_CENTER);
	}
	for (int i = 0; i < u->nwidgets; i++) {
		const struct ui_widget *w = &u->widget[i];
		if (w->action == A_PIN_DIGIT)
			snprintf(label, sizeof(label), "%d", w->arg);
		if (w->action == A_PIN_DIGIT || w->action == A_PIN_BACK || w->action == A_PIN_OK)
			widget_button(u, i, w->action == A_PIN_DIGIT ? label :
					    ui_tr(u, w->action == A_PIN_BACK ? "maint.back" : "maint.ok"));
		else if (w->action == A_HOME)
			widget_button(u, i, ui_tr(u, "info.back"));
	}
}

static int pin_action(struct ui *u, int action, int arg)
{
	struct pin *st = screen_state(u, UI_PIN);

	switch (action) {
	case A_PIN_DIGIT:
		if (locked(u) || st->len >= (int)sizeof(st->pin) - 1)
			return 0;
		st->pin[st->len++] = (char)('0' + arg);
		return 1;
	case A_PIN_BACK:
		if (st->len > 0)
			st->len--;
		return 1;
	case A_PIN_OK:
		if (locked(u))
			return 0;
		check_pin(u);
		return 1;
	}
	return 0;
}

/* The keypad types the PIN; Backspace deletes, Enter confirms. */
static int pin_key(struct ui *u, SDL_Keycode k)
{
	if (k >= SDLK_0 && k <= SDLK_9)
		return pin_action(u, A_PIN_DIGIT, (int)(k - SDLK_0)) || 1;
	if (k >= SDLK_KP_1 && k <= SDLK_KP_9)
		return pin_action(u, A_PIN_DIGIT, (int)(k - SDLK_KP_1) + 1) || 1;
	if (k == SDLK_KP_0)
		return pin_action(u, A_PIN_DIGIT, 0) || 1;
	if (k == SDLK_BACKSPACE)
		return pin_action(u, A_PIN_BACK, 0);
	if (k == SDLK_RETURN || k == SDLK_KP_ENTER)
		return pin_action(u, A_PIN_OK, 0) || 1;
	return -1;
}

static void pin_enter(struct ui *u)
{
	struct pin *st = screen_state(u, UI_PIN);
	st->len = 0;
}

const struct screen_ops screen_pin = {
	.name = "pin",
	.flags = SCREEN_STAFF,
	.state_size = sizeof(struct pin),
	.enter = pin_enter,
	.layout = layout_pin,
	.draw = draw_pin,
	.action = pin_action,
	.key = pin_key,
};

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

static void draw_maint(struct ui *u)
{
	static const char *labels[] = { [A_MAINT_TEST] = "maint.test", [A_MAINT_REPRINT] = "maint.reprint",
					[A_MAINT_PAPER] = "maint.paper", [A_MAINT_RESTART] = "maint.restart" };
	char line[320], key[48];
	int m = widget_margin(u), bh = widget_unit(u) / 12;
	int y = widget_header_h(u) + m + 2 * (bh + m);
	int waiting = 0, issued = 0;

	widget_header(u, 0);
	for (int i = 0; u->have_status && i < u->status.nservices; i++) {
		waiting += u->status.services[i].waiting;
		issued += u->status.services[i].issued;
	}
	snprintf(key, sizeof(key), "printer.%s", kerr_name(u->printer_code));
	snprintf(line, sizeof(line), "%s: %s", ui_tr(u, "maint.printer"),
		 u->printer_code ? ui_tr(u, key) : "OK");
	y += widget_text(u, F_SMALL, line, u->printer_code ? ui_red : ui_ink, m, y, u->w - 2 * m, UI_LEFT);
	snprintf(line, sizeof(line), "%s: %d / %d", ui_tr(u, "maint.queue"), waiting, issued);
	y += widget_text(u, F_SMALL, line, ui_ink, m, y, u->w - 2 * m, UI_LEFT);
	snprintf(line, sizeof(line), "%s: %s %s", ui_tr(u, "maint.sync"),
		 u->d.cfg->sync.server[0] ? u->d.cfg->sync.server : "—",
		 u->d.cfg->sync.server[0] ? ui_tr(u, u->online ? "maint.online" : "maint.offline") : "");
	y += widget_text(u, F_SMALL, line, ui_ink, m, y, u->w - 2 * m, UI_LEFT);
	if (u->unsent > 0) { /* the follower sends them when the server answers */
		i18n_format(ui_text(u), "maint.unsent", u->unsent, line, sizeof(line));
		widget_text(u, F_SMALL, line, ui_ink, m, y, u->w - 2 * m, UI_LEFT);
	}
	for (int i = 0; i < u->nwidgets; i++) {
		const struct ui_widget *w = &u->widget[i];
		if (w->action == A_MAINT_TOGGLE) {
			int64_t opens;
			const struct kconf_service *s = &u->d.cfg->services[w->arg];
			int off = ui_service_state(u, w->arg, &opens) == SERVICE_OFF;
			snprintf(line, sizeof(line), "%s %s: %s", s->prefix, s->code,
				 ui_tr(u, off ? "maint.off" : "maint.on"));
			widget_plate(u, i, off ? ui_grey_bg : ui_pale);
			widget_text(u, F_SMALL, line, off ? ui_grey : ui_ink, w->r.x + m,
				    w->r.y + (w->r.h - TTF_FontHeight(u->font[F_SMALL])) / 2, w->r.w - 2 * m,
				    UI_LEFT);
		} else if (w->action == A_HOME) {
			widget_button(u, i, ui_tr(u, "maint.exit"));
		} else if (w->action < (int)(sizeof(labels) / sizeof(labels[0])) && labels[w->action]) {
			widget_button(u, i, ui_tr(u, labels[w->action]));
		}
	}
}

static int maint_action(struct ui *u, int action, int arg)
{
	if (!u->d.worker)
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

const struct screen_ops screen_maint = {
	.name = "maint",
	.flags = SCREEN_LIVE | SCREEN_STAFF,
	.layout = layout_maint,
	.draw = draw_maint,
	.action = maint_action,
};
