/*
 * test_unset_clock.c - the kiosk on a board whose clock reads 1970 (no RTC,
 * no network time yet) and on a full disk, under SDL's dummy driver with
 * the real worker and queue (tests/kiosk_ui.c).
 *
 * Home says plainly that no number can be had and to ask staff, in a red
 * band; a tap is refused with the same reason and issues nothing; once the
 * clock is right the kiosk issues again by itself, without a restart.
 * Under [queue] disk_reserve_mb home says so, and a tap issues nothing.
 * KIOSK_SHOTS=DIR saves the screens as PNG.
 */
#include "kiosk_ui.h"
#include "i18n.h"
#include "kerr.h"
#include "ui.h"

#include <SDL.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char conf[] =
	"[station]\nid = ST\nname_vi = Công an phường Dĩ An\n"
	"[queue]\nsync = normal\n%s"
	"[service.CAPMOI]\nprefix = A\nname_vi = Cấp thẻ căn cước lần đầu\n"
	"hours = 00:00-24:00\ndays = mon-sun\n"
	"[counter.1]\nservices = CAPMOI\n";

static int issued(struct env *e)
{
	struct queue_status st;
	assert_int_equal(queue_status(e->check, &st), 0);
	return st.services[0].issued;
}

static int clock_said(struct env *e)
{
	return ui_issue_code(e->ui) == K_ERR_CLOCK;
}

static int clock_fine(struct env *e)
{
	return ui_issue_code(e->ui) == 0;
}

static int disk_said(struct env *e)
{
	return ui_issue_code(e->ui) == K_ERR_DISK_FULL;
}

static int refused(struct env *e)
{
	return ui_current(e->ui) == UI_REFUSED;
}

/* KIOSK_SHOTS=DIR: the screen as DIR/<name>.png, for people to look at. */
static void shot(struct env *e, const char *name)
{
	const char *dir = getenv("KIOSK_SHOTS");
	char path[512];
	png_image img;
	if (!dir)
		return;
	Uint32 *px = malloc((size_t)e->w * (size_t)e->h * 4);
	assert_non_null(px);
	ui_draw(e->ui);
	assert_int_equal(SDL_RenderReadPixels(e->ren, NULL, SDL_PIXELFORMAT_ARGB8888, px, e->w * 4),
			 0);
	memset(&img, 0, sizeof(img));
	img.version = PNG_IMAGE_VERSION;
	img.width = (png_uint_32)e->w;
	img.height = (png_uint_32)e->h;
	img.format = PNG_FORMAT_BGRA; /* ARGB8888 in a little-endian word */
	snprintf(path, sizeof(path), "%s/%s.png", dir, name);
	assert_true(png_image_write_to_file(&img, path, 0, px, e->w * 4, NULL));
	free(px);
}

/* The band above the Zalo line, red as the printer's warning. */
static void red_band_on_home(struct env *e)
{
	ui_draw(e->ui);
	int unit = 1080, y = 1920 - 1920 / 11 - unit / 28;
	assert_int_equal(pixel(e, 2, y), 0xffb00020);
}

static void the_texts_say_to_ask_staff(void **state)
{
	(void)state;
	struct i18n *vi, *en;
	char dir[512];
	snprintf(dir, sizeof(dir), "%s/assets/i18n", getenv("KIOSK_SRC"));
	assert_int_equal(i18n_load(&vi, dir, "vi"), 0);
	assert_int_equal(i18n_load(&en, dir, "en"), 0);
	assert_string_equal(i18n_get(vi, "home.CLOCK_UNSET"), "Máy đang chờ cài đặt giờ, tạm "
			    "thời chưa lấy số được. Vui lòng liên hệ cán bộ.");
	assert_non_null(strstr(i18n_get(en, "home.CLOCK_UNSET"), "clock"));
	assert_non_null(strstr(i18n_get(vi, "home.DISK_FULL"), "liên hệ cán bộ"));
	assert_non_null(strstr(i18n_get(en, "home.DISK_FULL"), "staff"));
	/* "ask {help}": the unit's help place, else the translation's staff */
	assert_non_null(strstr(i18n_get(vi, "reason.DISK_FULL"), "Vui lòng hỏi {help}"));
	assert_non_null(strstr(i18n_get(vi, "help.place"), "cán bộ"));
	assert_non_null(strstr(i18n_get(en, "reason.DISK_FULL"), "ask {help}"));
	assert_non_null(strstr(i18n_get(en, "help.place"), "staff"));
	i18n_free(vi);
	i18n_free(en);
}

static void a_1970_clock_issues_nothing_until_it_is_set(void **state)
{
	(void)state;
	struct env e;
	char text[1024];
	snprintf(text, sizeof(text), conf, "");
	env_open_at(&e, text, 1080, 1920, NULL, "1970-01-01T07:00:05");
	assert_true(pump_until(&e, clock_said));
	assert_int_equal(ui_current(e.ui), UI_HOME);
	red_band_on_home(&e);
	shot(&e, "home-clock-unset");
	char line[256];
	ui_status_line(e.ui, line, sizeof(line));
	assert_non_null(strstr(line, "not issuing: the clock is not set"));

	tap_service(&e, 0);
	assert_true(pump_until(&e, refused));
	shot(&e, "refused-clock-unset");
	assert_int_equal(issued(&e), 0);
	tap_button(&e, "home");
	assert_int_equal(ui_current(e.ui), UI_HOME);

	e.f->now = tlocal("2026-11-28T09:00"); /* timesyncd did its work */
	wait_ms(&e, 6000); /* the next status refresh (every 5 s) */
	assert_true(pump_until(&e, clock_fine));
	tap_service(&e, 0);
	assert_true(pump_until(&e, ticket_screen));
	assert_string_equal(ui_last_ticket(e.ui)->number, "A001");
	assert_int_equal(issued(&e), 1);
	env_close(&e);
}

static void a_full_disk_issues_nothing(void **state)
{
	(void)state;
	struct env e;
	char text[1024];
	/* more than any test machine has free: the disk counts as full */
	snprintf(text, sizeof(text), conf, "disk_warn_mb = 1000000\ndisk_reserve_mb = 1000000\n");
	env_open_at(&e, text, 1080, 1920, NULL, "2026-11-28T09:00");
	assert_true(pump_until(&e, disk_said));
	red_band_on_home(&e);
	shot(&e, "home-disk-full");
	tap_service(&e, 0);
	assert_true(pump_until(&e, refused));
	assert_int_equal(issued(&e), 0);
	env_close(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_texts_say_to_ask_staff),
		cmocka_unit_test(a_1970_clock_issues_nothing_until_it_is_set),
		cmocka_unit_test(a_full_disk_issues_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
