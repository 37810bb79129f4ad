/*
 * kiosk_ui.c - the kiosk's UI under test (kiosk_ui.h).
 */
#include "kiosk_ui.h"
#include "i18n.h"
#include "scan_wedge.h"

#include <SDL_ttf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

Uint32 fake_ticks = 100000;

static Uint32 ticks(void)
{
	return fake_ticks;
}

const char *env_now_vn(void)
{
	static char iso[32];
	time_t t = time(NULL) + 7 * 3600;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(iso, sizeof(iso), "%Y-%m-%dT%H:%M:%S", &tm);
	return iso;
}

void pump(struct env *e, int ms)
{
	SDL_Event ev;
	Uint32 t0 = SDL_GetTicks();
	while (SDL_GetTicks() - t0 < (Uint32)ms)
		if (SDL_WaitEventTimeout(&ev, 10))
			ui_event(e->ui, &ev);
}

int pump_until(struct env *e, int (*cond)(struct env *))
{
	SDL_Event ev;
	Uint32 t0 = SDL_GetTicks();
	while (!cond(e) && SDL_GetTicks() - t0 < 60000) /* failure path only: a loaded or sanitized build is slow */
		if (SDL_WaitEventTimeout(&ev, 10))
			ui_event(e->ui, &ev);
	return cond(e);
}

int ticket_screen(struct env *e)
{
	return ui_current(e->ui) == UI_TICKET;
}

int printed(struct env *e)
{
	return ui_print_state(e->ui) == UI_PRINT_DONE || ui_print_state(e->ui) == UI_PRINT_FAILED;
}

void env_open_at(struct env *e, const char *text, int w, int h, const char *printer_state,
		 const char *iso)
{
	env_open_in(e, text, w, h, printer_state, iso, NULL);
}

void env_open_in(struct env *e, const char *text, int w, int h, const char *printer_state,
		 const char *iso, const char *slips)
{
	char dir[512], conf[32768], uri[200], path[512];
	memset(e, 0, sizeof(*e));
	e->w = w;
	e->h = h;
	snprintf(conf, sizeof(conf), "%s[kiosk]\nwidth = %d\nheight = %d\n", text, w, h);
	if (strstr(text, "[kiosk]")) /* one [kiosk] section: put the size into it */
		snprintf(conf, sizeof(conf), "%.*swidth = %d\nheight = %d\n%s",
			 (int)(strstr(text, "[kiosk]\n") - text + 8), text, w, h,
			 strstr(text, "[kiosk]\n") + 8);
	e->f = tfix_new_text(conf, iso);
	assert_int_equal(queue_open(&e->check, e->f->db, &e->f->cfg, &e->f->clock), 0);
	if (slips)
		snprintf(e->slips, sizeof(e->slips), "%s", slips);
	else
		snprintf(e->slips, sizeof(e->slips), "%s/slips", e->f->dir);
	snprintf(uri, sizeof(uri), "sim:%s", e->slips);
	if (printer_state) {
		snprintf(path, sizeof(path), "mkdir -p '%s' && echo %s > '%s/status'", e->slips,
			 printer_state, e->slips);
		assert_int_equal(system(path), 0);
	}
	assert_int_equal(SDL_Init(SDL_INIT_VIDEO), 0);
	assert_int_equal(TTF_Init(), 0);
	int turns = e->f->cfg.kiosk.rotate;
	e->win = SDL_CreateWindow("test", 0, 0, turns % 2 ? h : w, turns % 2 ? w : h, 0);
	e->ren = SDL_CreateRenderer(e->win, -1, SDL_RENDERER_SOFTWARE);
	assert_non_null(e->ren);
	assert_int_equal(rotate_open(&e->rot, e->ren, w, h, turns), 0);
	e->deps.rotate = e->rot;
	snprintf(dir, sizeof(dir), "%s/assets/i18n", getenv("KIOSK_SRC"));
	assert_int_equal(i18n_load(&e->deps.text[0], dir, "vi"), 0);
	assert_int_equal(i18n_load(&e->deps.text[1], dir, "en"), 0);
	e->deps.cfg = &e->f->cfg;
	e->deps.clock = &e->f->clock;
	e->deps.worker_event = SDL_RegisterEvents(1);
	e->deps.scan_event = SDL_RegisterEvents(1);
	if (e->f->cfg.sync.server[0]) { /* as firmware/main.c does */
		snprintf(e->f->cfg.sync.outbox, sizeof(e->f->cfg.sync.outbox), "%s/outbox.db",
			 e->f->dir);
		assert_int_equal(ksync_open(&e->ks, &e->f->cfg, &e->f->clock), 0);
		assert_int_equal(follower_start(&e->follower, &e->f->cfg, &e->f->clock,
						e->deps.worker_event), 0);
	}
	assert_int_equal(worker_start(&e->deps.worker, &e->f->cfg, &e->f->clock,
				      e->ks ? NULL : e->f->q, e->ks,
				      uri, e->deps.text, e->deps.worker_event), 0);
	assert_int_equal(ui_create(&e->ui, e->ren, &e->deps), 0);
	ui_set_ticks(e->ui, ticks);
	pump(e, 100); /* the first status */
	ui_draw(e->ui);
}

void env_close(struct env *e)
{
	ui_destroy(e->ui);
	follower_stop(e->follower);
	worker_stop(e->deps.worker);
	ksync_close(e->ks);
	i18n_free(e->deps.text[0]);
	i18n_free(e->deps.text[1]);
	rotate_close(e->rot);
	SDL_DestroyRenderer(e->ren);
	SDL_DestroyWindow(e->win);
	TTF_Quit();
	SDL_Quit();
	queue_close(e->check);
	tfix_free(e->f);
}

SDL_Event pointer(Uint32 type, int x, int y, Uint32 which)
{
	SDL_Event ev;
	memset(&ev, 0, sizeof(ev));
	ev.type = type;
	ev.button.button = SDL_BUTTON_LEFT;
	ev.button.which = which;
	ev.button.x = x;
	ev.button.y = y;
	return ev;
}

int tap_rect(struct env *e, SDL_Rect r)
{
	SDL_Event down = pointer(SDL_MOUSEBUTTONDOWN, r.x + r.w / 2, r.y + r.h / 2, 0);
	SDL_Event up = pointer(SDL_MOUSEBUTTONUP, r.x + r.w / 2, r.y + r.h / 2, 0);
	ui_event(e->ui, &down);
	return ui_event(e->ui, &up);
}

void tap_service(struct env *e, int i)
{
	SDL_Rect b;
	assert_int_equal(ui_service_rect(e->ui, i, &b), 0);
	tap_rect(e, b);
}

void tap_button(struct env *e, const char *what)
{
	SDL_Rect b;
	fake_ticks += 1000;
	if (ui_button_rect(e->ui, what, &b) != 0)
		fail_msg("no '%s' button on screen %d", what, ui_current(e->ui));
	tap_rect(e, b);
}

void tap_keys(struct env *e, const char *s)
{
	char what[8];
	for (const char *p = s; *p; p++) {
		snprintf(what, sizeof(what), "key:%c", *p);
		tap_button(e, what);
	}
}

int press(struct env *e, SDL_Keycode k)
{
	SDL_Event ev;
	memset(&ev, 0, sizeof(ev));
	ev.type = SDL_KEYDOWN;
	ev.key.keysym.sym = k;
	return ui_event(e->ui, &ev);
}

void wait_ms(struct env *e, Uint32 ms)
{
	fake_ticks += ms;
	ui_tick(e->ui);
}

/* The HID usage (= SDL scancode) and Shift that type c on a US layout. */
static int usage_of(char c, int *shift)
{
	for (int u = 0; u < 0x39; u++)
		for (*shift = 0; *shift < 2; (*shift)++)
			if (wedge_usage_char(u, *shift) == c)
				return u;
	fail_msg("no key types '%c'", c);
	return 0;
}

void type(struct env *e, const char *s, Uint32 gap_ms, int enter)
{
	SDL_Event ev;
	for (const char *p = s; *p; p++) {
		int shift;
		int usage = usage_of(*p, &shift);
		if (shift) { /* as X and evdev deliver it: Shift goes down first */
			memset(&ev, 0, sizeof(ev));
			ev.type = SDL_KEYDOWN;
			ev.key.keysym.scancode = SDL_SCANCODE_LSHIFT;
			ev.key.keysym.sym = SDLK_LSHIFT;
			ev.key.keysym.mod = KMOD_LSHIFT;
			ui_event(e->ui, &ev);
		}
		memset(&ev, 0, sizeof(ev));
		ev.type = SDL_KEYDOWN;
		ev.key.keysym.scancode = (SDL_Scancode)usage;
		ev.key.keysym.sym = SDL_GetKeyFromScancode(ev.key.keysym.scancode);
		ev.key.keysym.mod = shift ? KMOD_LSHIFT : KMOD_NONE;
		ui_event(e->ui, &ev);
		fake_ticks += gap_ms;
		ui_tick(e->ui);
	}
	if (enter) {
		memset(&ev, 0, sizeof(ev));
		ev.type = SDL_KEYDOWN;
		ev.key.keysym.scancode = SDL_SCANCODE_RETURN;
		ev.key.keysym.sym = SDLK_RETURN;
		ui_event(e->ui, &ev);
	}
}

int ink_in(struct env *e, SDL_Rect rect)
{
	Uint32 *px = malloc((size_t)rect.w * (size_t)rect.h * 4);
	int n = 0;
	assert_int_equal(SDL_RenderReadPixels(e->ren, &rect, SDL_PIXELFORMAT_ARGB8888, px,
					      rect.w * 4), 0);
	for (int i = 0; i < rect.w * rect.h; i++)
		n += px[i] != px[0];
	free(px);
	return n;
}

Uint32 pixel(struct env *e, int x, int y)
{
	Uint32 p;
	SDL_Rect r = { x, y, 1, 1 };
	assert_int_equal(SDL_RenderReadPixels(e->ren, &r, SDL_PIXELFORMAT_ARGB8888, &p, 4), 0);
	return p;
}
