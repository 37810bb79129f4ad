/*
 * test_ui.c - the kiosk screens under SDL's dummy video driver with the
 * software renderer, with the real worker thread, queue and simulated
 * printer behind them.  Time on screen is moved by a fake tick source.
 *
 * Home renders on three panel sizes and still looks like its reference
 * pictures (tests/golden/home-*.png, KIOSK_UPDATE_GOLDEN=1 rewrites them;
 * they are also the README's pictures); a tap or a keypad digit issues one
 * ticket and one slip, a double tap or a drag issues nothing more; a dead
 * printer leaves the number on screen; idle and attract; closed services;
 * the maintenance PIN and its lockout.  The kiosk under test, taps, keys
 * and scans: kiosk_ui.c.
 */
#include "kiosk_ui.h"
#include "golden.h"
#include "i18n.h"
#include "kerr.h"
#include "ui.h"
#include "ui_private.h" /* ui_tr */
#include "follower.h"
#include "ksync.h"
#include "booking.h"
#include "scan_wedge.h"
#include "scan_reader.h"
#include "qr_read.h"

#include <sodium.h>

#include <SDL.h>
#include <SDL_ttf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char conf_open[] =
	"[station]\nid = ST\nname_vi = Công an phường Dĩ An\nname_en = Di An Ward Police\n"
	"hotline = 0274 3 123 456\n"
	"[queue]\nsync = normal\n"
	"[kiosk]\npin = 2468\noa_url = https://zalo.me/dian-pc06\n"
	"[service.CAPMOI]\nprefix = A\nname_vi = Cấp thẻ căn cước lần đầu\n"
	"name_en = First citizen ID card\ndesc_vi = Công dân từ đủ 14 tuổi chưa có thẻ\n"
	"hours = 00:00-24:00\ndays = mon-sun\nfee_vi = Miễn phí\ndocs_vi = Không cần giấy tờ.\n"
	"[service.CAPDOI]\nprefix = B\nname_vi = Cấp đổi thẻ căn cước\n"
	"hours = 00:00-24:00\ndays = mon-sun\n"
	"[service.XACNHAN]\nprefix = H\nname_vi = Xác nhận số CMND cũ\n"
	"hours = 07:00-08:00\n"
	"[counter.1]\nservices = CAPMOI, CAPDOI\n";

static const char conf_closed[] =
	"[station]\nid = ST\nname_vi = Công an phường Dĩ An\n[queue]\nsync = normal\n"
	"[service.CAPMOI]\nprefix = A\nname_vi = Cấp thẻ căn cước lần đầu\nhours = 13:30-17:00\n"
	"days = mon-sun\n";

static void env_open(struct env *e, const char *text, int w, int h, const char *printer_state)
{
	env_open_at(e, text, w, h, printer_state, "2026-11-28T09:00");
}

static int on_ticket(struct env *e)
{
	return ui_current(e->ui) != UI_HOME;
}

static int issued(struct env *e, int service)
{
	struct queue_status st;
	assert_int_equal(queue_status(e->check, &st), 0);
	return st.services[service].issued;
}

static int slip_exists(struct env *e, int n)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/slip-%04d.png", e->slips, n);
	FILE *f = fopen(path, "r");
	if (f)
		fclose(f);
	return f != NULL;
}

/* The screen at half size as RGB, compared with (or written to) a reference:
 * within 1% in all, and at most max_tile pixels off in any tile x tile square
 * (0: no tile bound), so that a changed word fails it. */
static void compare_golden_tiles(struct env *e, const char *name, int tile, long max_tile);

static void compare_golden(struct env *e, const char *name)
{
	compare_golden_tiles(e, name, 0, 0);
}

static void compare_golden_tiles(struct env *e, const char *name, int tile, long max_tile)
{
	long worst = 0;
	int w = e->w / 2, h = e->h / 2;
	Uint32 *px = malloc((size_t)e->w * (size_t)e->h * 4);
	unsigned char *rgb = malloc((size_t)w * (size_t)h * 3);

	assert_int_equal(SDL_RenderReadPixels(e->ren, NULL, SDL_PIXELFORMAT_ARGB8888, px, e->w * 4), 0);
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++)
			for (int c = 0; c < 3; c++) {
				int sum = 0;
				for (int k = 0; k < 4; k++) {
					Uint32 p = px[(2 * y + k / 2) * e->w + 2 * x + k % 2];
					sum += (p >> (16 - 8 * c)) & 0xff;
				}
				rgb[(y * w + x) * 3 + c] = (unsigned char)(sum / 4);
			}
	long off = golden_compare(rgb, w, h, name, tile ? tile : w > h ? w : h, &worst);
	print_message("%s: %ld of %d pixels differ from the reference\n", name, off, w * h);
	assert_true(off * 100 <= (long)w * h); /* within 1% */
	if (tile && worst > max_tile)
		fail_msg("%s: %ld pixels differ in one %dx%d square, at most %ld allowed", name,
			 worst, tile, tile, max_tile);
	free(px);
	free(rgb);
}

static void home_renders_on_every_panel(void **state)
{
	(void)state;
	static const int sizes[][2] = { { 1080, 1920 }, { 1920, 1080 }, { 1024, 600 } };
	static const char *golden[] = { "home-portrait", "home-landscape", "home-small" };
	for (int i = 0; i < 3; i++) {
		struct env e;
		SDL_Rect b, c;
		env_open(&e, conf_open, sizes[i][0], sizes[i][1], NULL);
		SDL_Rect header = { 0, 0, e.w, e.h / 10 };
		assert_true(ink_in(&e, header) > 1000); /* the unit name */
		for (int s = 0; s < 3; s++) {
			assert_int_equal(ui_service_rect(e.ui, s, &b), 0);
			assert_true(b.x >= 0 && b.y >= header.h && b.x + b.w <= e.w &&
				    b.y + b.h <= e.h);
			assert_true(b.h >= 60); /* a big button at every size */
			SDL_Rect words = { b.x + b.h, b.y, b.w - b.h, b.h };
			assert_true(ink_in(&e, words) > 300);
			for (int t = 0; t < s; t++) {
				assert_int_equal(ui_service_rect(e.ui, t, &c), 0);
				assert_false(SDL_HasIntersection(&b, &c));
			}
		}
		assert_int_equal(ui_service_rect(e.ui, 3, &b), -1);
		assert_int_equal(ui_button_rect(e.ui, "priority", &b), 0);
		assert_int_equal(ui_button_rect(e.ui, "lang", &b), 0);
		assert_int_equal(ui_button_rect(e.ui, "info", &b), 0);
		compare_golden(&e, golden[i]);
		env_close(&e);
	}
}

static void a_tap_issues_one_ticket_and_one_slip(void **state)
{
	(void)state;
	struct env e;
	SDL_Rect b;
	env_open(&e, conf_open, 1080, 1920, NULL);
	assert_int_equal(ui_service_rect(e.ui, 1, &b), 0);
	tap_rect(&e, b);
	tap_rect(&e, b); /* the second half of a double tap, before the number is back */
	assert_true(pump_until(&e, on_ticket));
	tap_rect(&e, b); /* ... and after it, on the ticket screen */
	assert_int_equal(ui_current(e.ui), UI_TICKET);
	assert_string_equal(ui_last_ticket(e.ui)->number, "B001");
	assert_true(pump_until(&e, printed));
	assert_int_equal(ui_print_state(e.ui), UI_PRINT_DONE);
	pump(&e, 100);
	assert_int_equal(issued(&e, 1), 1);
	assert_true(slip_exists(&e, 1));
	assert_false(slip_exists(&e, 2));
	ui_draw(e.ui);
	SDL_Rect mid = { 0, 1920 / 5, 1080, 1920 / 4 };
	assert_true(ink_in(&e, mid) > 5000); /* the number, very large */
	env_close(&e);
}

static void keypad_1_issues_for_the_first_service(void **state)
{
	(void)state;
	struct env e;
	env_open(&e, conf_open, 1080, 1920, NULL);
	assert_int_equal(press(&e, SDLK_KP_1), 1);
	assert_true(pump_until(&e, on_ticket));
	assert_string_equal(ui_last_ticket(e.ui)->number, "A001");
	assert_true(pump_until(&e, printed));
	assert_true(slip_exists(&e, 1));
	assert_int_equal(press(&e, SDLK_ESCAPE), 1);
	assert_int_equal(ui_current(e.ui), UI_HOME);
	assert_int_equal(press(&e, SDLK_9), 0); /* no ninth service */
	/* arrows move a visible focus, Enter takes it */
	ui_draw(e.ui);
	SDL_Rect b;
	assert_int_equal(ui_service_rect(e.ui, 1, &b), 0);
	Uint32 before = pixel(&e, b.x + b.w - 3, b.y + 3);
	assert_int_equal(press(&e, SDLK_DOWN), 1);
	assert_int_equal(press(&e, SDLK_DOWN), 1);
	ui_draw(e.ui);
	assert_int_not_equal(pixel(&e, b.x + b.w - 3, b.y + 3), before); /* framed */
	assert_int_equal(press(&e, SDLK_RETURN), 1);
	assert_true(pump_until(&e, on_ticket));
	assert_string_equal(ui_last_ticket(e.ui)->number, "B001");
	env_close(&e);
}

static void touch_is_one_action_per_tap_and_none_per_drag(void **state)
{
	(void)state;
	struct env e;
	SDL_Rect a, b;
	env_open(&e, conf_open, 1080, 1920, NULL);
	assert_int_equal(ui_service_rect(e.ui, 0, &a), 0);
	assert_int_equal(ui_service_rect(e.ui, 1, &b), 0);
	/* SDL's synthetic mouse twin of a finger is dropped */
	SDL_Event ev = pointer(SDL_MOUSEBUTTONDOWN, a.x + 10, a.y + 10, SDL_TOUCH_MOUSEID);
	assert_int_equal(ui_event(e.ui, &ev), 0);
	ev = pointer(SDL_MOUSEBUTTONUP, a.x + 10, a.y + 10, SDL_TOUCH_MOUSEID);
	assert_int_equal(ui_event(e.ui, &ev), 0);
	/* a drag from one service to another does nothing, but shows the press */
	Uint32 idle_colour = pixel(&e, a.x + a.w / 2, a.y + 4);
	ev = pointer(SDL_MOUSEBUTTONDOWN, a.x + a.w / 2, a.y + a.h / 2, 0);
	assert_int_equal(ui_event(e.ui, &ev), 1);
	ui_draw(e.ui);
	assert_int_not_equal(pixel(&e, a.x + a.w / 2, a.y + 4), idle_colour);
	ev = pointer(SDL_MOUSEBUTTONUP, b.x + b.w / 2, b.y + b.h / 2, 0);
	ui_event(e.ui, &ev);
	pump(&e, 200);
	assert_int_equal(ui_current(e.ui), UI_HOME);
	assert_int_equal(issued(&e, 0) + issued(&e, 1), 0);
	/* a finger tap works */
	memset(&ev, 0, sizeof(ev));
	ev.type = SDL_FINGERDOWN;
	ev.tfinger.x = (float)(a.x + a.w / 2) / 1080.0f;
	ev.tfinger.y = (float)(a.y + a.h / 2) / 1920.0f;
	ui_event(e.ui, &ev);
	ev.type = SDL_FINGERUP;
	ui_event(e.ui, &ev);
	assert_true(pump_until(&e, on_ticket));
	assert_string_equal(ui_last_ticket(e.ui)->number, "A001");
	env_close(&e);
}

static void a_dead_printer_leaves_the_number_on_screen(void **state)
{
	(void)state;
	struct env e;
	env_open(&e, conf_open, 1080, 1920, "paper-out");
	tap_service(&e, 0);
	assert_true(pump_until(&e, printed));
	assert_int_equal(ui_print_state(e.ui), UI_PRINT_FAILED);
	assert_int_equal(ui_current(e.ui), UI_TICKET);
	assert_string_equal(ui_last_ticket(e.ui)->number, "A001"); /* valid, and shown */
	assert_false(slip_exists(&e, 1));
	wait_ms(&e, 30000);
	assert_int_equal(ui_current(e.ui), UI_TICKET); /* time to note it down */
	wait_ms(&e, 20000);
	assert_int_equal(ui_current(e.ui), UI_HOME);
	/* home now says what is wrong with the printer, in a red band */
	ui_draw(e.ui);
	int unit = 1080, y = 1920 - 1920 / 11 - unit / 28;
	Uint32 p = pixel(&e, 2, y);
	assert_int_equal(p, 0xffb00020);
	/* and staff can read what happened */
	struct queue_status st;
	assert_int_equal(queue_status(e.check, &st), 0);
	env_close(&e);
}

static void idle_goes_home_and_forgets_the_last_choices(void **state)
{
	(void)state;
	struct env e;
	env_open(&e, conf_open, 1080, 1920, NULL);
	tap_button(&e, "lang");
	tap_button(&e, "priority");
	tap_button(&e, "info");
	assert_int_equal(ui_current(e.ui), UI_INFO);
	wait_ms(&e, 44000);
	assert_int_equal(ui_current(e.ui), UI_INFO);
	wait_ms(&e, 2000);
	assert_int_equal(ui_current(e.ui), UI_HOME);
	/* the priority and English choices are gone: a Vietnamese walk-in number */
	assert_int_equal(press(&e, SDLK_1), 1);
	assert_true(pump_until(&e, on_ticket));
	assert_int_equal(ui_last_ticket(e.ui)->priority, 0);
	/* later, the calm attract screen; a touch brings home back */
	tap_button(&e, "home");
	wait_ms(&e, 301000);
	assert_int_equal(ui_current(e.ui), UI_ATTRACT);
	wait_ms(&e, 1000);
	tap_button(&e, "home");
	assert_int_equal(ui_current(e.ui), UI_HOME);
	env_close(&e);
}

static void priority_and_information_are_one_tap_away(void **state)
{
	(void)state;
	struct env e;
	env_open(&e, conf_open, 1920, 1080, NULL);
	tap_button(&e, "priority");
	tap_service(&e, 0);
	assert_true(pump_until(&e, on_ticket));
	assert_int_equal(ui_last_ticket(e.ui)->priority, 1);
	wait_ms(&e, 1000);
	tap_button(&e, "home");
	tap_button(&e, "info");
	assert_int_equal(ui_current(e.ui), UI_INFO);
	ui_draw(e.ui);
	wait_ms(&e, 1000);
	tap_button(&e, "take");
	assert_true(pump_until(&e, ticket_screen));
	assert_string_equal(ui_last_ticket(e.ui)->number, "A002");
	assert_int_equal(ui_last_ticket(e.ui)->priority, 0); /* the choice was for one ticket */
	env_close(&e);
}

/* Amber pixels in the strip: the "server offline" line. */
static int amber_in_strip(struct env *e)
{
	int n = 0;
	ui_draw(e->ui);
	for (int y = e->h - 120; y < e->h; y += 2)
		for (int x = 0; x < e->w / 2; x += 2) {
			Uint32 p = pixel(e, x, y);
			n += ((p >> 16) & 0xff) > 0xe0 && ((p >> 8) & 0xff) > 0x90 &&
			     ((p >> 8) & 0xff) < 0xd0 && (p & 0xff) < 0x40;
		}
	return n;
}

static int offline_shown(struct env *e)
{
	return amber_in_strip(e) > 20;
}

/* No station server answers: the kiosk says so, calmly, and still issues. */
static void offline_the_kiosk_still_issues_and_says_so(void **state)
{
	(void)state;
	struct env e;
	char conf[4096];
	env_open(&e, conf_open, 1080, 1920, NULL);
	assert_int_equal(amber_in_strip(&e), 0); /* alone: nothing to say */
	env_close(&e);

	snprintf(conf, sizeof(conf), "%s[sync]\nserver = http://127.0.0.1:1\nname = lobby-1\n"
		 "token = kiosk-token-aaaaaaaaaaaa\nband = 601-999\ninterval = 1\n", conf_open);
	env_open(&e, conf, 1080, 1920, NULL);
	assert_true(pump_until(&e, offline_shown)); /* the follower found nobody */
	tap_service(&e, 0);
	assert_true(pump_until(&e, ticket_screen));
	assert_string_equal(ui_last_ticket(e.ui)->number, "A601"); /* its band */
	assert_true(pump_until(&e, printed));
	assert_int_equal(ui_print_state(e.ui), UI_PRINT_DONE);
	assert_true(slip_exists(&e, 1));
	int unsent = 0; /* as the worker says: the sync client is its alone */
	assert_int_equal(ui_online(e.ui, &unsent), 0);
	assert_int_equal(unsent, 1);
	pump(&e, 300); /* the refresh the ticket asked for counts it again */
	assert_int_equal(ui_online(e.ui, &unsent), 0);
	assert_int_equal(unsent, 1);
	assert_int_equal(issued(&e, 0), 0); /* nothing in the local engine's database */
	env_close(&e);
}

static int booking_screen(struct env *e)
{
	return ui_current(e->ui) == UI_BOOKING;
}

static const char *mint_token(const char *booking, const char *slot)
{
	return tbooking("ST", booking, "CAPMOI", tlocal(slot));
}

/* Hold the Zalo booking QR to a wedge scanner: a ticket, or why not. */
static void a_scanned_booking_checks_in_once(void **state)
{
	(void)state;
	struct env e;
	char conf[4096], tok[256];
	snprintf(conf, sizeof(conf), "%s[booking]\nkey.K1 = %s\n", conf_open, tbooking_pub());
	env_open(&e, conf, 1080, 1920, NULL);

	snprintf(tok, sizeof(tok), "%s", mint_token("BK-1", "2026-11-28T09:15"));
	type(&e, tok, 4, 1);                       /* a scanner: 4 ms a key, then Enter */
	assert_true(pump_until(&e, ticket_screen));
	assert_string_equal(ui_last_ticket(e.ui)->number, "A001");
	assert_int_equal(ui_last_ticket(e.ui)->source, QUEUE_BOOKING);
	assert_true(pump_until(&e, printed));
	assert_true(slip_exists(&e, 1));

	tap_button(&e, "home");
	type(&e, tok, 4, 1);                       /* the same code again */
	assert_true(pump_until(&e, booking_screen));
	ui_draw(e.ui);
	SDL_Rect mid = { 0, 1920 / 4, 1080, 900 };
	assert_true(ink_in(&e, mid) > 5000);       /* why, what to do, and the number */
	tap_button(&e, "reprint");
	assert_int_equal(ui_current(e.ui), UI_TICKET);
	assert_string_equal(ui_last_ticket(e.ui)->number, "A001");
	assert_true(pump_until(&e, printed));
	assert_true(slip_exists(&e, 2));
	assert_int_equal(issued(&e, 0), 1);        /* still one ticket */

	/* an ID card's QR, typed by the scanner in lower case without Enter */
	tap_button(&e, "home");
	type(&e, "079123456789|123456789|nguyen van a|01011990|nam|di an|01012021", 4, 0);
	wait_ms(&e, 200);                           /* the burst ends by silence */
	assert_true(pump_until(&e, booking_screen));
	char dump[300];
	snprintf(dump, sizeof(dump), "sqlite3 '%s' .dump | grep -qi nguyen", e.f->db);
	assert_int_not_equal(system(dump), 0);      /* nothing of it was stored */

	/* a serial scanner delivers to the same entry point */
	tap_button(&e, "home");
	struct scan_event *se = calloc(1, sizeof(*se));
	snprintf(se->code, sizeof(se->code), "%s", mint_token("BK-3", "2026-11-28T09:15"));
	se->len = strlen(se->code);
	SDL_Event sev = { .type = e.deps.scan_event };
	sev.user.data1 = se;
	ui_event(e.ui, &sev);
	assert_true(pump_until(&e, ticket_screen));
	assert_string_equal(ui_last_ticket(e.ui)->number, "A002");

	/* too early: the screen says from when */
	tap_button(&e, "home");
	type(&e, mint_token("BK-2", "2026-11-28T11:00"), 4, 1);
	assert_true(pump_until(&e, booking_screen));
	assert_int_equal(issued(&e, 0), 2); /* A001, A002: nothing for the early one */
	env_close(&e);
}

/* A phone screen that will not scan: the code from the Zalo message, typed. */
static void a_typed_booking_code_checks_in(void **state)
{
	(void)state;
	struct env e;
	char conf[4096], sql[400];
	snprintf(conf, sizeof(conf), "%s[booking]\nkey.K1 = %s\n", conf_open, tbooking_pub());
	env_open(&e, conf, 1080, 1920, NULL);
	/* the station's record of a booking made through Zalo (server/bookings.c) */
	snprintf(sql, sizeof(sql), "sqlite3 '%s' \"INSERT INTO bookings (id, service, slot, minutes,"
		 " made_by, made_at) VALUES ('BK7Q2M0ZKD4A', 'CAPMOI', %lld, 30, 'zalo', 0)\"",
		 e.f->db, (long long)tlocal("2026-11-28T09:15"));
	assert_int_equal(system(sql), 0);

	tap_button(&e, "type");
	assert_int_equal(ui_current(e.ui), UI_TYPE);
	tap_keys(&e, "BK7Q2M0ZKD4X");
	tap_button(&e, "key:back");                /* a typing mistake, put right */
	tap_keys(&e, "A");
	assert_string_equal(ui_typed(e.ui), "BK7Q2M0ZKD4A");
	tap_button(&e, "key:ok");
	assert_true(pump_until(&e, ticket_screen));
	assert_int_equal(ui_last_ticket(e.ui)->source, QUEUE_BOOKING);
	assert_string_equal(ui_typed(e.ui), "");    /* not kept once used */
	assert_true(pump_until(&e, printed));

	tap_button(&e, "home");                     /* a code the station does not know */
	tap_button(&e, "type");
	tap_keys(&e, "BK0000000000");
	tap_button(&e, "key:ok");
	assert_true(pump_until(&e, booking_screen));

	tap_button(&e, "home");                     /* walking away: the code is wiped */
	tap_button(&e, "type");
	tap_keys(&e, "BK7Q");
	wait_ms(&e, 61000);
	assert_int_equal(ui_current(e.ui), UI_HOME);
	assert_string_equal(ui_typed(e.ui), "");
	assert_int_equal(issued(&e, 0), 1);
	env_close(&e);
}

/* The keyboard fits every panel, keys big, nothing under the bottom buttons. */
static void the_keyboard_fits_every_panel(void **state)
{
	(void)state;
	static const int size[][2] = { { 1080, 1920 }, { 1920, 1080 }, { 1024, 600 } };
	char conf[4096], what[8];
	snprintf(conf, sizeof(conf), "%s[booking]\nkey.K1 = %s\n", conf_open, tbooking_pub());
	for (unsigned i = 0; i < sizeof(size) / sizeof(size[0]); i++) {
		struct env e;
		SDL_Rect ok, back, k;
		int w = size[i][0], h = size[i][1], unit = w < h ? w : h;
		env_open(&e, conf, w, h, NULL);
		tap_button(&e, "type");
		assert_int_equal(ui_button_rect(e.ui, "key:ok", &ok), 0);
		assert_int_equal(ui_button_rect(e.ui, "key:back", &back), 0);
		for (const char *c = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"; *c; c++) {
			snprintf(what, sizeof(what), "key:%c", *c);
			assert_int_equal(ui_button_rect(e.ui, what, &k), 0);
			assert_true(k.x >= 0 && k.y >= 0 && k.x + k.w <= w && k.y + k.h < ok.y);
			assert_false(SDL_HasIntersection(&k, &back));
			if (k.w < unit / 10 || k.h < unit / 14)
				fail_msg("%dx%d: key %c is %dx%d, too small to hit", w, h, *c, k.w, k.h);
		}
		assert_true(back.y + back.h < ok.y && back.x + back.w <= w);
		env_close(&e);
	}
}

/* A person pressing 1 on the keypad picks the first service, as before. */
static void slow_keys_are_a_person_not_a_scan(void **state)
{
	(void)state;
	struct env e;
	env_open(&e, conf_open, 1080, 1920, NULL);
	type(&e, "2", 300, 0);                     /* held for a moment, then given back */
	assert_true(pump_until(&e, ticket_screen));
	assert_string_equal(ui_last_ticket(e.ui)->number, "B001");
	tap_button(&e, "home");
	type(&e, "CCB1", 250, 1);                  /* slow letters and Enter: no scan */
	pump(&e, 100);
	assert_int_not_equal(ui_current(e.ui), UI_BOOKING);
	env_close(&e);
}

static void closed_services_say_so(void **state)
{
	(void)state;
	struct env e;
	env_open(&e, conf_open, 1080, 1920, NULL);
	tap_service(&e, 2); /* XACNHAN opens 07:00-08:00 only */
	assert_int_equal(ui_current(e.ui), UI_REFUSED);
	pump(&e, 100);
	assert_int_equal(issued(&e, 2), 0);
	ui_draw(e.ui);
	SDL_Rect mid = { 0, 1920 / 3, 1080, 300 };
	assert_true(ink_in(&e, mid) > 1000);
	env_close(&e);
	/* the whole kiosk closed: a closed screen */
	env_open(&e, conf_closed, 1080, 1920, NULL);
	pump(&e, 200);
	assert_int_equal(ui_current(e.ui), UI_CLOSED);
	env_close(&e);
}

/* "Vui lòng hỏi {help}": the unit's own help place ([station] help_vi/en),
 * else the translation's; a text without {help} is the translation's as is. */
static const char conf_help[] =
	"[station]\nid = ST\nname_vi = Công an phường Dĩ An\nhelp_vi = cán bộ trực ban\n"
	"help_en = the officer on duty\n[queue]\nsync = normal\n"
	"[service.CAPMOI]\nprefix = A\nname_vi = Cấp thẻ căn cước lần đầu\n"
	"hours = 00:00-24:00\ndays = mon-sun\n";

static void the_help_place_is_the_units(void **state)
{
	(void)state;
	struct env e;
	env_open(&e, conf_help, 1080, 1920, NULL);
	assert_string_equal(ui_tr(e.ui, "reason.DISABLED"),
			    "Dịch vụ này tạm ngừng. Vui lòng hỏi cán bộ trực ban.");
	assert_string_equal(ui_tr(e.ui, "home.title"), "Chạm vào dịch vụ để lấy số thứ tự");
	tap_button(&e, "lang");
	assert_string_equal(ui_tr(e.ui, "booking.ERROR_do"), "Please ask the officer on duty.");
	env_close(&e);
	env_open(&e, conf_open, 1080, 1920, NULL); /* no help_vi: the translation's */
	assert_string_equal(ui_tr(e.ui, "reason.ERROR"),
			    "Máy đang gặp sự cố. Vui lòng hỏi cán bộ tại quầy.");
	env_close(&e);
}

/* Tết 2027 in the station's calendar: on its Monday, 09:00, the kiosk is
 * closed, and says it opens again on Monday 15/02 (not Saturday 13/02, a day
 * of Tết, nor Sunday), at its first hour. */
static const char conf_tet[] =
	"[station]\nid = ST\nname_vi = Công an phường Dĩ An\nhotline = 0274 3 123 456\n"
	"[queue]\nsync = normal\n[calendar]\nclosed = 2027-02-05..2027-02-13\n"
	"[service.CAPMOI]\nprefix = A\nname_vi = Cấp thẻ căn cước lần đầu\n"
	"hours = 07:30-11:30, 13:30-17:00\nhours.sat = 07:30-11:30\n";

static void the_closed_screen_skips_tet(void **state)
{
	(void)state;
	struct env e;
	env_open_at(&e, conf_tet, 1080, 1920, NULL, "2027-02-08T09:00");
	pump(&e, 200);
	assert_int_equal(ui_current(e.ui), UI_CLOSED);
	ui_draw(e.ui);
	compare_golden_tiles(&e, "closed-tet", 60, 150);
	env_close(&e);
}

static void corner_taps(struct env *e)
{
	SDL_Rect corner = { 0, 0, 40, 40 };
	for (int i = 0; i < 5; i++) {
		fake_ticks += 200;
		tap_rect(e, corner);
	}
}

static void enter_pin(struct env *e, const char *pin)
{
	char what[8];
	for (const char *p = pin; *p; p++) {
		snprintf(what, sizeof(what), "pin:%c", *p);
		tap_button(e, what);
	}
	tap_button(e, "pin:ok");
}

/* The PIN pad on every panel: each key on the screen, above the back button
 * and clear of it and of the others, and the right PIN typed by touch opens
 * maintenance (on landscape panels the pad ran under the back button). */
static void the_pin_pad_fits_every_panel(void **state)
{
	(void)state;
	static const int sizes[][2] = { { 1080, 1920 }, { 1920, 1080 }, { 1024, 600 } };
	static const char *golden[] = { "pin-portrait", "pin-landscape", "pin-small" };
	for (int i = 0; i < 3; i++) {
		struct env e;
		static const char *keys[] = { "pin:0", "pin:1", "pin:2", "pin:3", "pin:4", "pin:5",
					      "pin:6", "pin:7", "pin:8", "pin:9", "pin:ok" };
		SDL_Rect back, k[11];
		env_open(&e, conf_open, sizes[i][0], sizes[i][1], NULL);
		wait_ms(&e, 1000);
		corner_taps(&e);
		assert_int_equal(ui_current(e.ui), UI_PIN);
		assert_int_equal(ui_button_rect(e.ui, "home", &back), 0);
		for (int d = 0; d < 11; d++) {
			assert_int_equal(ui_button_rect(e.ui, keys[d], &k[d]), 0);
			if (!(k[d].x >= 0 && k[d].y >= e.h / 10 && k[d].x + k[d].w <= e.w &&
			      k[d].y + k[d].h <= back.y && k[d].h >= 60))
				fail_msg("%dx%d: %s at %d,%d %dx%d, the back button at y %d", e.w, e.h,
					 keys[d], k[d].x, k[d].y, k[d].w, k[d].h, back.y);
			for (int o = 0; o < d; o++)
				assert_false(SDL_HasIntersection(&k[d], &k[o]));
		}
		ui_draw(e.ui);
		compare_golden(&e, golden[i]);
		enter_pin(&e, "2468");
		assert_int_equal(ui_current(e.ui), UI_MAINT);
		env_close(&e);
	}
}

static void the_maintenance_pin_locks_after_wrong_tries(void **state)
{
	(void)state;
	struct env e;
	env_open(&e, conf_open, 1080, 1920, NULL);
	wait_ms(&e, 1000);
	corner_taps(&e);
	assert_int_equal(ui_current(e.ui), UI_PIN);
	for (int i = 0; i < 3; i++)
		enter_pin(&e, "1111");
	assert_int_equal(ui_current(e.ui), UI_PIN);
	enter_pin(&e, "2468"); /* right, but locked */
	assert_int_equal(ui_current(e.ui), UI_PIN);
	ui_draw(e.ui);
	wait_ms(&e, 301000); /* the lock ends; idle went home meanwhile */
	corner_taps(&e);
	enter_pin(&e, "2468");
	assert_int_equal(ui_current(e.ui), UI_MAINT);
	ui_draw(e.ui);
	/* a service off for today */
	tap_button(&e, "maint:toggle"); /* the first service */
	tap_button(&e, "home");
	assert_int_equal(ui_current(e.ui), UI_HOME);
	wait_ms(&e, 1000);
	tap_service(&e, 0);
	assert_int_equal(ui_current(e.ui), UI_REFUSED);
	pump(&e, 100);
	assert_int_equal(issued(&e, 0), 0);
	env_close(&e);
}

static void a_missing_font_is_an_error_not_a_crash(void **state)
{
	(void)state;
	struct env e;
	struct ui *ui = NULL;
	env_open(&e, conf_open, 1024, 600, NULL);
	snprintf(e.f->cfg.kiosk.font_bold, sizeof(e.f->cfg.kiosk.font_bold), "/nonexistent.ttf");
	assert_int_equal(ui_create(&ui, e.ren, &e.deps), K_ERR_IO);
	assert_null(ui);
	env_close(&e);
}

/* The first QR code on the screen, as a phone's camera would read it. */
static int screen_qr(struct env *e, char *out, size_t len)
{
	struct bitmap img;
	Uint32 *px = malloc((size_t)e->w * (size_t)e->h * 4);
	assert_non_null(px);
	assert_int_equal(bitmap_init(&img, e->w, e->h), 0);
	assert_int_equal(SDL_RenderReadPixels(e->ren, NULL, SDL_PIXELFORMAT_ARGB8888, px,
					      e->w * 4), 0);
	for (int y = 0; y < e->h; y++)
		for (int x = 0; x < e->w; x++) {
			Uint32 p = px[y * e->w + x];
			int grey = (int)(((p >> 16) & 0xff) + ((p >> 8) & 0xff) + (p & 0xff)) / 3;
			bitmap_set(&img, x, y, grey < 128);
		}
	int rc = qr_read(&img, out, len);
	bitmap_free(&img);
	free(px);
	return rc;
}

/*
 * Issue 19: a ticket with a page offers "follow on your phone"; a tap shows
 * the slip's own QR code large (it scans to <[public] url>/t/<token>, the
 * ticket's token), until the screen goes home as before.  Offline too: the
 * kiosk makes the token.  Without the ticket's page (no [public] url, a
 * qr_url without {token}) there is no button.
 */
static void a_ticket_is_followed_on_a_phone(void **state)
{
	(void)state;
	struct env e;
	char conf[4096], path[256], slip[256], shown[256], want[256];
	static const char sync[] = "[sync]\nserver = http://127.0.0.1:1\nname = lobby-1\n"
				   "token = kiosk-token-aaaaaaaaaaaa\nband = 601-999\ninterval = 1\n";

	snprintf(conf, sizeof(conf), "%s%s[public]\nurl = https://192.168.100.200:8443\n",
		 conf_open, sync);
	env_open(&e, conf, 1024, 600, NULL); /* the smallest panel: the code still scans */
	tap_service(&e, 0);
	assert_true(pump_until(&e, ticket_screen));
	tap_button(&e, "follow");
	ui_draw(e.ui);
	assert_int_equal(screen_qr(&e, shown, sizeof(shown)), 0);
	snprintf(want, sizeof(want), "https://192.168.100.200:8443/t/%s", ui_last_ticket(e.ui)->page);
	assert_string_equal(shown, want);
	env_close(&e);

	env_open(&e, conf, 1080, 1920, NULL);
	tap_service(&e, 0);
	assert_true(pump_until(&e, ticket_screen));
	assert_true(pump_until(&e, printed));
	const struct queue_ticket *t = ui_last_ticket(e.ui);
	assert_int_equal(strlen(t->page), TICKET_PAGE_LEN);
	snprintf(want, sizeof(want), "https://192.168.100.200:8443/t/%s", t->page);
	snprintf(path, sizeof(path), "%s/slip-0001.png", e.slips);
	assert_int_equal(qr_read_png(path, slip, sizeof(slip)), 0);
	assert_string_equal(slip, want);

	ui_draw(e.ui);
	assert_int_equal(screen_qr(&e, shown, sizeof(shown)), -1); /* not before the tap */
	tap_button(&e, "follow");
	ui_draw(e.ui);
	assert_int_equal(screen_qr(&e, shown, sizeof(shown)), 0);
	assert_string_equal(shown, slip);
	assert_int_equal(ui_current(e.ui), UI_TICKET);
	SDL_Rect r;
	assert_int_not_equal(ui_button_rect(e.ui, "follow", &r), 0); /* shown once */
	wait_ms(&e, 11000); /* home as a ticket goes: 12 s from the number */
	assert_int_equal(ui_current(e.ui), UI_HOME);
	env_close(&e);

	/* no page address (a slip's code that is not the ticket's page): no button */
	snprintf(conf, sizeof(conf), "%s%s[printer]\nqr_url = https://zalo.me/dian-pc06\n",
		 conf_open, sync);
	env_open(&e, conf, 1080, 1920, NULL);
	tap_service(&e, 0);
	assert_true(pump_until(&e, ticket_screen));
	assert_int_not_equal(ui_button_rect(e.ui, "follow", &r), 0);
	assert_int_equal(ui_button_rect(e.ui, "home", &r), 0);
	env_close(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(home_renders_on_every_panel),
		cmocka_unit_test(a_tap_issues_one_ticket_and_one_slip),
		cmocka_unit_test(keypad_1_issues_for_the_first_service),
		cmocka_unit_test(touch_is_one_action_per_tap_and_none_per_drag),
		cmocka_unit_test(a_dead_printer_leaves_the_number_on_screen),
		cmocka_unit_test(idle_goes_home_and_forgets_the_last_choices),
		cmocka_unit_test(priority_and_information_are_one_tap_away),
		cmocka_unit_test(closed_services_say_so),
		cmocka_unit_test(the_closed_screen_skips_tet),
		cmocka_unit_test(offline_the_kiosk_still_issues_and_says_so),
		cmocka_unit_test(a_scanned_booking_checks_in_once),
		cmocka_unit_test(slow_keys_are_a_person_not_a_scan),
		cmocka_unit_test(a_typed_booking_code_checks_in),
		cmocka_unit_test(the_keyboard_fits_every_panel),
		cmocka_unit_test(the_pin_pad_fits_every_panel),
		cmocka_unit_test(the_maintenance_pin_locks_after_wrong_tries),
		cmocka_unit_test(a_missing_font_is_an_error_not_a_crash),
		cmocka_unit_test(the_help_place_is_the_units),
		cmocka_unit_test(a_ticket_is_followed_on_a_phone),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

