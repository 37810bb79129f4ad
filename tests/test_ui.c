/*
 * test_ui.c - the kiosk screens under SDL's dummy video driver with the
 * software renderer: home renders on three panel sizes, a tap or a keypad
 * digit issues one ticket, a double tap issues once, the synthetic mouse
 * twin of a finger is ignored, a refusal is shown in words.
 */
#include "testutil.h"
#include "i18n.h"
#include "kerr.h"
#include "ui.h"

#include <SDL.h>
#include <SDL_ttf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct env {
	struct tfix *f;
	SDL_Window *win;
	SDL_Renderer *ren;
	struct ui *ui;
	struct ui_deps deps;
};

static void env_open(struct env *e, const char *text, int w, int h)
{
	char dir[512], conf[2048];
	memset(e, 0, sizeof(*e));
	snprintf(conf, sizeof(conf), "%s[kiosk]\nwidth = %d\nheight = %d\n", text, w, h);
	e->f = tfix_new_text(conf, "2026-11-28T09:00");
	assert_int_equal(SDL_Init(SDL_INIT_VIDEO), 0);
	assert_int_equal(TTF_Init(), 0);
	e->win = SDL_CreateWindow("test", 0, 0, w, h, 0);
	assert_non_null(e->win);
	e->ren = SDL_CreateRenderer(e->win, -1, SDL_RENDERER_SOFTWARE);
	assert_non_null(e->ren);
	snprintf(dir, sizeof(dir), "%s/assets/i18n", getenv("KIOSK_SRC"));
	assert_int_equal(i18n_load(&e->deps.text[0], dir, "vi"), 0);
	assert_int_equal(i18n_load(&e->deps.text[1], dir, "en"), 0);
	e->deps.cfg = &e->f->cfg;
	e->deps.queue = e->f->q;
	assert_int_equal(ui_create(&e->ui, e->ren, &e->deps), 0);
}

/* The same with a print worker on printer uri. */
static void env_open_printer(struct env *e, const char *text, const char *uri)
{
	env_open(e, text, 1080, 1920);
	ui_destroy(e->ui);
	e->deps.print_event = SDL_RegisterEvents(1);
	assert_int_equal(print_worker_start(&e->deps.printer, &e->f->cfg, uri, e->deps.text,
					    e->deps.print_event), 0);
	assert_int_equal(ui_create(&e->ui, e->ren, &e->deps), 0);
}

/* Feed events to the UI until the slip on screen has a result (5 s at most). */
static void wait_printed(struct env *e)
{
	SDL_Event ev;
	Uint32 t0 = SDL_GetTicks();
	while (ui_print_state(e->ui) == UI_PRINT_BUSY && SDL_GetTicks() - t0 < 5000)
		if (SDL_WaitEventTimeout(&ev, 50))
			ui_event(e->ui, &ev);
}

static void env_close(struct env *e)
{
	ui_destroy(e->ui);
	print_worker_stop(e->deps.printer);
	i18n_free(e->deps.text[0]);
	i18n_free(e->deps.text[1]);
	SDL_DestroyRenderer(e->ren);
	SDL_DestroyWindow(e->win);
	TTF_Quit();
	SDL_Quit();
	tfix_free(e->f);
}

static const char conf_open[] =
	"[station]\nid = ST\nname_vi = Công an phường Dĩ An\n[queue]\nsync = normal\n"
	"[service.CAPMOI]\nprefix = A\nname_vi = Cấp thẻ căn cước lần đầu\n"
	"hours = 00:00-24:00\ndays = mon-sun\n"
	"[service.CAPDOI]\nprefix = B\nname_vi = Cấp đổi thẻ căn cước\n"
	"hours = 00:00-24:00\ndays = mon-sun\n"
	"[service.XACNHAN]\nprefix = H\nname_vi = Xác nhận số CMND cũ\n"
	"hours = 07:00-08:00\n";

/* Pixels in rect that differ from the colour at its top-left corner. */
static int ink_in(SDL_Renderer *r, SDL_Rect rect)
{
	Uint32 *px = malloc((size_t)rect.w * (size_t)rect.h * 4);
	int n = 0;
	assert_int_equal(SDL_RenderReadPixels(r, &rect, SDL_PIXELFORMAT_ARGB8888, px, rect.w * 4), 0);
	for (int i = 0; i < rect.w * rect.h; i++)
		n += px[i] != px[0];
	free(px);
	return n;
}

static int issued(struct env *e, int service)
{
	struct queue_status st;
	assert_int_equal(queue_status(e->f->q, &st), 0);
	return st.services[service].issued;
}

static SDL_Event mouse_up(int x, int y, Uint32 which)
{
	SDL_Event ev;
	memset(&ev, 0, sizeof(ev));
	ev.type = SDL_MOUSEBUTTONUP;
	ev.button.button = SDL_BUTTON_LEFT;
	ev.button.which = which;
	ev.button.x = x;
	ev.button.y = y;
	return ev;
}

/* Press key k; returns what ui_event() returned. */
static int press(struct env *e, SDL_Keycode k)
{
	SDL_Event ev;
	memset(&ev, 0, sizeof(ev));
	ev.type = SDL_KEYDOWN;
	ev.key.keysym.sym = k;
	return ui_event(e->ui, &ev);
}

static void home_renders_on_every_panel(void **state)
{
	(void)state;
	static const int sizes[][2] = { { 1080, 1920 }, { 1920, 1080 }, { 1024, 600 } };
	for (int i = 0; i < 3; i++) {
		struct env e;
		SDL_Rect b;
		env_open(&e, conf_open, sizes[i][0], sizes[i][1]);
		ui_draw(e.ui);
		/* the unit name is drawn in the header band */
		SDL_Rect header = { 0, 0, sizes[i][0], sizes[i][1] / 7 };
		assert_true(ink_in(e.ren, header) > 1000);
		/* three buttons inside the screen, not overlapping, each with its text */
		for (int s = 0; s < 3; s++) {
			assert_int_equal(ui_service_rect(e.ui, s, &b), 0);
			assert_true(b.x >= 0 && b.y >= header.h && b.x + b.w <= sizes[i][0] &&
				    b.y + b.h <= sizes[i][1]);
			SDL_Rect text = { b.x + b.h, b.y, b.w - b.h, b.h };
			assert_true(ink_in(e.ren, text) > 500);
		}
		assert_int_equal(ui_service_rect(e.ui, 3, &b), -1);
		env_close(&e);
	}
}

static void a_tap_issues_one_ticket_even_when_doubled(void **state)
{
	(void)state;
	struct env e;
	SDL_Rect b;
	env_open(&e, conf_open, 1080, 1920);
	assert_int_equal(ui_service_rect(e.ui, 1, &b), 0);
	SDL_Event tap = mouse_up(b.x + b.w / 2, b.y + b.h / 2, 0);
	assert_int_equal(ui_event(e.ui, &tap), 1);
	assert_int_equal(ui_current(e.ui), UI_TICKET);
	assert_string_equal(ui_last_ticket(e.ui)->number, "B001");
	ui_event(e.ui, &tap); /* the second half of a double tap */
	assert_int_equal(issued(&e, 1), 1);
	assert_int_equal(ui_current(e.ui), UI_TICKET);
	ui_draw(e.ui);
	SDL_Rect mid = { 0, 1920 / 4, 1080, 1920 / 3 };
	assert_true(ink_in(e.ren, mid) > 5000); /* the number, very large */
	env_close(&e);
}

static void the_synthetic_mouse_twin_of_a_finger_is_ignored(void **state)
{
	(void)state;
	struct env e;
	SDL_Rect b;
	SDL_Event ev;
	env_open(&e, conf_open, 1080, 1920);
	assert_int_equal(ui_service_rect(e.ui, 0, &b), 0);
	ev = mouse_up(b.x + 10, b.y + 10, SDL_TOUCH_MOUSEID);
	assert_int_equal(ui_event(e.ui, &ev), 0);
	assert_int_equal(issued(&e, 0), 0);
	memset(&ev, 0, sizeof(ev));
	ev.type = SDL_FINGERUP;
	ev.tfinger.x = (float)(b.x + b.w / 2) / 1080.0f;
	ev.tfinger.y = (float)(b.y + b.h / 2) / 1920.0f;
	assert_int_equal(ui_event(e.ui, &ev), 1);
	assert_int_equal(issued(&e, 0), 1);
	env_close(&e);
}

static void a_keypad_digit_picks_a_service(void **state)
{
	(void)state;
	struct env e;
	env_open(&e, conf_open, 1080, 1920);
	assert_int_equal(press(&e, SDLK_KP_2), 1);
	assert_string_equal(ui_last_ticket(e.ui)->number, "B001");
	assert_int_equal(press(&e, SDLK_ESCAPE), 1);
	assert_int_equal(ui_current(e.ui), UI_HOME);
	assert_int_equal(press(&e, SDLK_9), 0); /* no ninth service */
	assert_int_equal(issued(&e, 1), 1);
	env_close(&e);
}

static void a_closed_service_is_refused_in_words(void **state)
{
	(void)state;
	struct env e;
	env_open(&e, conf_open, 1080, 1920);
	assert_int_equal(press(&e, SDLK_3), 1); /* XACNHAN is open 07:00-08:00 only */
	assert_int_equal(ui_current(e.ui), UI_REFUSED);
	assert_int_equal(issued(&e, 2), 0);
	ui_draw(e.ui);
	SDL_Rect mid = { 0, 1920 / 3, 1080, 200 };
	assert_true(ink_in(e.ren, mid) > 1000);
	env_close(&e);
}

static void a_missing_font_is_an_error_not_a_crash(void **state)
{
	(void)state;
	struct env e;
	struct ui *ui = NULL;
	env_open(&e, conf_open, 1024, 600);
	snprintf(e.f->cfg.kiosk.font_bold, sizeof(e.f->cfg.kiosk.font_bold), "/nonexistent.ttf");
	assert_int_equal(ui_create(&ui, e.ren, &e.deps), K_ERR_IO);
	assert_null(ui);
	env_close(&e);
}

static int file_exists(const char *dir, const char *name)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "r");
	if (f)
		fclose(f);
	return f != NULL;
}

static void a_tap_prints_one_slip_off_the_ui_thread(void **state)
{
	(void)state;
	struct env e;
	SDL_Rect b;
	char dir[] = "/tmp/kiosk-slips-XXXXXX", uri[64];
	assert_non_null(mkdtemp(dir));
	snprintf(uri, sizeof(uri), "sim:%s", dir);
	env_open_printer(&e, conf_open, uri);
	assert_int_equal(ui_service_rect(e.ui, 0, &b), 0);
	SDL_Event tap = mouse_up(b.x + b.w / 2, b.y + b.h / 2, 0);
	assert_int_equal(ui_event(e.ui, &tap), 1);
	ui_event(e.ui, &tap); /* a double tap: one ticket, one slip */
	/* the screen answered before the printer did */
	assert_int_equal(ui_current(e.ui), UI_TICKET);
	assert_int_equal(ui_print_state(e.ui), UI_PRINT_BUSY);
	wait_printed(&e);
	assert_int_equal(ui_print_state(e.ui), UI_PRINT_DONE);
	assert_true(file_exists(dir, "slip-0001.escpos"));
	assert_true(file_exists(dir, "slip-0001.png"));
	assert_false(file_exists(dir, "slip-0002.escpos"));
	env_close(&e);
	snprintf(uri, sizeof(uri), "rm -rf '%s'", dir);
	assert_int_equal(system(uri), 0);
}

static void a_dead_printer_leaves_the_number_on_screen(void **state)
{
	(void)state;
	struct env e;
	char dir[] = "/tmp/kiosk-slips-XXXXXX", uri[64], path[96];
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/status", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("paper-out\n", f);
	fclose(f);
	snprintf(uri, sizeof(uri), "sim:%s", dir);
	env_open_printer(&e, conf_open, uri);
	assert_int_equal(press(&e, SDLK_1), 1);
	wait_printed(&e);
	assert_int_equal(ui_print_state(e.ui), UI_PRINT_FAILED);
	assert_int_equal(ui_current(e.ui), UI_TICKET);
	assert_string_equal(ui_last_ticket(e.ui)->number, "A001"); /* still valid, still shown */
	assert_int_equal(ui_tick(e.ui), 0); /* and it stays */
	assert_false(file_exists(dir, "slip-0001.escpos"));
	ui_draw(e.ui);
	env_close(&e);
	snprintf(uri, sizeof(uri), "rm -rf '%s'", dir);
	assert_int_equal(system(uri), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(home_renders_on_every_panel),
		cmocka_unit_test(a_tap_issues_one_ticket_even_when_doubled),
		cmocka_unit_test(the_synthetic_mouse_twin_of_a_finger_is_ignored),
		cmocka_unit_test(a_keypad_digit_picks_a_service),
		cmocka_unit_test(a_closed_service_is_refused_in_words),
		cmocka_unit_test(a_missing_font_is_an_error_not_a_crash),
		cmocka_unit_test(a_tap_prints_one_slip_off_the_ui_thread),
		cmocka_unit_test(a_dead_printer_leaves_the_number_on_screen),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
