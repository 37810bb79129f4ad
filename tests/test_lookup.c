/*
 * test_lookup.c - "Tra cứu hồ sơ" at the kiosk: the UI under SDL's dummy
 * driver with the real worker, follower and simulated printer, asking a
 * real station-server process on 127.0.0.1 that imported a dossier list
 * (station-server dossiers import).
 *
 * Home has the button apart from the services (only with a server); a typed
 * code shows the station's answer and wipes the code; "Lấy số: <service>"
 * issues for the status's service exactly as a tap on that service does
 * (number, slip); not found; a malformed code is refused without asking; a
 * scanned appointment slip on the look-up screen and on home; a booking QR
 * on the look-up screen still checks in; idle wipes the typed code; the
 * server killed: the screen says a look-up needs it, and numbers are still
 * issued; no list; rate limited; the day's look-ups made.  KIOSK_SHOTS=DIR saves the screens as PNG.
 */
#include "kiosk_ui.h"
#include "i18n.h"
#include "kerr.h"
#include "spawn.h"

#include <SDL.h>
#include <SDL_ttf.h>
#include <png.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define KIOSK_TOKEN "kiosk-token-aaaaaaaaaaaa"

/* Both sides know the same services; the statuses are the server's. */
#define SERVICES \
	"[service.CAPMOI]\nprefix = A\nname_vi = Cấp thẻ căn cước lần đầu\n" \
	"name_en = First citizen ID card\nhours = 00:00-24:00\ndays = mon-sun\n" \
	"[service.TRATHE]\nprefix = T\nname_vi = Nhận thẻ căn cước\nname_en = Collect your card\n" \
	"hours = 00:00-24:00\ndays = mon-sun\n" \
	"[counter.1]\nservices = CAPMOI, TRATHE\n"

#define STATUSES \
	"[dossier.READY]\ntext_vi = Thẻ căn cước đã có, mời nhận tại quầy.\n" \
	"text_en = Your card is ready for collection.\n" \
	"action_vi = Lấy số thứ tự dịch vụ Nhận thẻ và mang theo giấy hẹn.\n" \
	"action_en = Take a number for Collect your card and bring the slip.\n" \
	"date_vi = Ngày hẹn trả kết quả\n" \
	"service = TRATHE\n" \
	"[dossier.PROCESSING]\ntext_vi = Hồ sơ của bạn đang được xử lý.\n" \
	"text_en = Your application is being processed.\n" \
	"action_vi = Bạn chưa cần làm gì.\n" \
	"[dossier.MISMATCH]\ntext_vi = Hồ sơ bị tạm dừng do thông tin không khớp với Cơ sở dữ " \
	"liệu quốc gia về dân cư.\naction_vi = Lấy số thứ tự dịch vụ Tích hợp, cập nhật thông tin " \
	"để cán bộ kiểm tra và điều chỉnh; mang theo giấy hẹn và giấy tờ có thông tin đúng (ví dụ " \
	"giấy khai sinh).\nservice = CAPMOI\n"

static const char csv[] =
	"ma_ho_so,trang_thai,ghi_chu,ngay,ho_ten\n"
	"HS-2611-0001,READY,Mang theo giấy hẹn,2026-11-20,Nguyễn Văn A\n"
	"HS-2611-0002,PROCESSING,,,Trần Thị B\n"
	"HS-2611-0003,MISMATCH,Ngày sinh trên hồ sơ khác với dữ liệu dân cư,,Lê Văn C\n";

/* The kiosk (kiosk_ui.h) and the station server it asks. */
struct station {
	struct child server;
	int port;
	char dir[64];              /* the server's files */
	char conf[128];
};
static struct station st;

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* [dossiers] rate_day of the next server started. */
static int rate_day = 300;

/* The station server, with csv imported when import is set, answering at
 * most rate look-ups a minute per kiosk (and rate_day a day). */
static void server_start(int import, int rate)
{
	char text[4096], path[200], cmd[600];
	snprintf(st.conf, sizeof(st.conf), "%s/server.conf", st.dir);
	snprintf(text, sizeof(text),
		 "[station]\nid = ST\nname_vi = Công an phường Dĩ An\n"
		 "[queue]\nsync = normal\ndatabase = %s/server.db\n"
		 "[server]\nkiosk.lobby-1 = " KIOSK_TOKEN "\nband.lobby-1 = 601-999\n"
		 "[dossiers]\nsecret = %s/dossiers.key\nrate = %d\nrate_day = %d\n"
		 "[booking]\nkey.K1 = %s\n" SERVICES STATUSES, st.dir, st.dir, rate, rate_day,
		 tbooking_pub());
	write_text(st.conf, text);
	if (import) {
		snprintf(path, sizeof(path), "%s/list.csv", st.dir);
		write_text(path, csv);
		snprintf(cmd, sizeof(cmd), "'%s' --config '%s' dossiers import '%s' > '%s/import.log' "
			 "2>&1 || { cat '%s/import.log'; exit 1; }", getenv("STATION_SERVER"), st.conf,
			 path, st.dir, st.dir);
		assert_int_equal(system(cmd), 0);
	}
	char *argv[] = { getenv("STATION_SERVER"), "--config", st.conf, "--listen",
			 "127.0.0.1:0", NULL };
	assert_int_equal(child_start(&st.server, argv, NULL), 0);
	long at = child_wait_for(&st.server, "listening on http://127.0.0.1:", 0, 5000);
	if (at < 0)
		fail_msg("the server did not start: %s", st.server.out);
	st.port = atoi(st.server.out + at + strlen("listening on http://127.0.0.1:"));
}

/*
 * The kiosk, w x h, and its station server: none (nothing answers at the
 * kiosk's [sync] server), one without a list, or one with csv imported;
 * rate: its look-ups per minute.  Both know the test's booking key.
 */
enum { NO_SERVER, SERVER_NO_LIST, SERVER_LIST };
static void open_kiosk(struct env *e, int w, int h, int server, int rate)
{
	char conf[4096];
	memset(&st, 0, sizeof(st));
	snprintf(st.dir, sizeof(st.dir), "/tmp/kiosk-lookup-XXXXXX");
	assert_non_null(mkdtemp(st.dir));
	if (server != NO_SERVER)
		server_start(server == SERVER_LIST, rate);
	snprintf(conf, sizeof(conf),
		 "[station]\nid = ST\nname_vi = Công an phường Dĩ An\nname_en = Di An Ward Police\n"
		 "[queue]\nsync = normal\n"
		 "[sync]\nserver = http://127.0.0.1:%d\nname = lobby-1\ntoken = " KIOSK_TOKEN "\n"
		 "band = 601-999\ninterval = 1\ntimeout = 10\nissue_timeout = 10000\n"
		 "[booking]\nkey.K1 = %s\n" SERVICES, server != NO_SERVER ? st.port : 1,
		 tbooking_pub());
	env_open_at(e, conf, w, h, NULL, env_now_vn());
	pump(e, 100); /* the follower's first contact */
}

static void close_kiosk(struct env *e)
{
	char cmd[128];
	env_close(e);
	if (st.server.pid)
		child_end(&st.server, SIGTERM);
	child_free(&st.server);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", st.dir);
	assert_int_equal(system(cmd), 0);
}

static int answered(struct env *e)
{
	return ui_current(e->ui) == UI_ANSWER;
}

/* Home's button, a code typed, asked: its answer (fails if none comes). */
static int look_up(struct env *e, const char *code)
{
	if (ui_current(e->ui) != UI_LOOKUP)
		tap_button(e, ui_current(e->ui) == UI_ANSWER ? "lookup:again" : "lookup");
	tap_keys(e, code);
	tap_button(e, "lookup:ok");
	assert_true(pump_until(e, answered));
	return ui_lookup_outcome(e->ui, NULL);
}

/* Pixels of the UI's red (refusals, the malformed hint) on screen. */
static int red_pixels(struct env *e)
{
	Uint32 *px = malloc((size_t)e->w * (size_t)e->h * 4);
	int n = 0;
	ui_draw(e->ui);
	assert_int_equal(SDL_RenderReadPixels(e->ren, NULL, SDL_PIXELFORMAT_ARGB8888, px, e->w * 4),
			 0);
	for (int i = 0; i < e->w * e->h; i++)
		n += ((px[i] >> 16) & 0xff) > 0x90 && ((px[i] >> 8) & 0xff) < 0x40 &&
		     (px[i] & 0xff) < 0x60;
	free(px);
	return n;
}

/* KIOSK_SHOTS=DIR: the screen as DIR/lookup-<name>.png, for people to look at. */
static void shot(struct env *e, const char *name)
{
	const char *dir = getenv("KIOSK_SHOTS");
	char path[512];
	png_image img;
	if (!dir)
		return;
	Uint32 *px = malloc((size_t)e->w * (size_t)e->h * 4);
	ui_draw(e->ui);
	assert_int_equal(SDL_RenderReadPixels(e->ren, NULL, SDL_PIXELFORMAT_ARGB8888, px, e->w * 4),
			 0);
	memset(&img, 0, sizeof(img));
	img.version = PNG_IMAGE_VERSION;
	img.width = (png_uint_32)e->w;
	img.height = (png_uint_32)e->h;
	img.format = PNG_FORMAT_BGRA; /* ARGB8888 in a little-endian word */
	snprintf(path, sizeof(path), "%s/lookup-%s.png", dir, name);
	assert_true(png_image_write_to_file(&img, path, 0, px, e->w * 4, NULL));
	print_message("wrote %s\n", path);
	free(px);
}

/* Is the whole typed-code buffer zero, not only its first byte? */
static int typed_wiped(struct env *e)
{
	const char *t = ui_typed(e->ui);
	for (int i = 0; i < KSYNC_DOSSIER_CODE; i++)
		if (t[i])
			return 0;
	return 1;
}

static void home_has_a_lookup_button_apart_from_the_services(void **state)
{
	(void)state;
	static const int sizes[][2] = { { 1080, 1920 }, { 1920, 1080 }, { 1024, 600 } };
	static const char *others[] = { "priority", "lang" };
	for (int i = 0; i < 3; i++) {
		struct env e;
		SDL_Rect l, b;
		int w = sizes[i][0], h = sizes[i][1], unit = w < h ? w : h;
		open_kiosk(&e, w, h, NO_SERVER, 0);
		assert_int_equal(ui_button_rect(e.ui, "lookup", &l), 0);
		assert_true(l.x >= 0 && l.y >= 0 && l.x + l.w <= w && l.y + l.h <= h);
		assert_true(l.h >= unit / 10); /* big enough for an elderly finger */
		for (int s = 0; ui_service_rect(e.ui, s, &b) == 0; s++) {
			assert_false(SDL_HasIntersection(&l, &b));
			assert_true(b.h >= 60);
		}
		for (int k = 0; k < 2; k++) {
			assert_int_equal(ui_button_rect(e.ui, others[k], &b), 0);
			assert_false(SDL_HasIntersection(&l, &b));
		}
		ui_draw(e.ui);
		assert_true(ink_in(&e, l) > 500); /* its words and its mark */
		shot(&e, i == 0 ? "home-portrait" : i == 1 ? "home-landscape" : "home-small");
		tap_button(&e, "lookup");
		assert_int_equal(ui_current(e.ui), UI_LOOKUP);
		assert_int_equal(ui_button_rect(e.ui, "lookup:ok", &b), 0);
		assert_int_equal(ui_button_rect(e.ui, "key:Z", &b), 0);
		if (i == 0)
			shot(&e, "keyboard-portrait");
		close_kiosk(&e);
	}
}

/* A kiosk without a station server has no list to ask: no button, and a
 * receipt code scanned on home is what it was before, not a booking. */
static void no_server_no_lookup(void **state)
{
	(void)state;
	struct env e;
	SDL_Rect b;
	env_open_at(&e, "[station]\nid = ST\nname_vi = Thử\n[queue]\nsync = normal\n" SERVICES,
		    1080, 1920, NULL, env_now_vn());
	assert_int_equal(ui_button_rect(e.ui, "lookup", &b), -1);
	type(&e, "HS26110001", 4, 1);
	pump(&e, 300);
	assert_int_equal(ui_current(e.ui), UI_BOOKING); /* "not a Zalo booking code" */
	env_close(&e);
}

/* Typed, asked, answered: the station's texts, and one tap to the right queue. */
static void a_typed_code_shows_the_answer_and_takes_a_number(void **state)
{
	(void)state;
	struct env e;
	const struct ksync_dossier *d;
	SDL_Rect b;
	open_kiosk(&e, 1080, 1920, SERVER_LIST, 10);
	tap_button(&e, "lookup");
	tap_keys(&e, "HS26110001");
	assert_string_equal(ui_typed(e.ui), "HS26110001");
	assert_int_equal(look_up(&e, ""), K_OK);
	assert_true(typed_wiped(&e)); /* the code went with its screen */
	ui_lookup_outcome(e.ui, &d);
	assert_string_equal(d->status, "READY");
	assert_string_equal(d->service, "TRATHE");
	assert_string_equal(d->note, "Mang theo giấy hẹn");
	assert_string_equal(d->date, "2026-11-20");
	assert_string_equal(d->text_vi, "Thẻ căn cước đã có, mời nhận tại quầy.");
	assert_string_equal(d->date_vi, "Ngày hẹn trả kết quả"); /* what the date is */
	assert_string_equal(d->date_en, "");
	ui_draw(e.ui);
	SDL_Rect body = { 0, 1920 / 8, 1080, 1920 / 3 };
	assert_true(ink_in(&e, body) > 5000);
	shot(&e, "answer-portrait");
	tap_button(&e, "take");
	assert_true(pump_until(&e, ticket_screen));
	assert_string_equal(ui_last_ticket(e.ui)->service, "TRATHE"); /* the status's service */
	assert_string_equal(ui_last_ticket(e.ui)->number, "T001");
	assert_true(pump_until(&e, printed));
	assert_int_equal(ui_print_state(e.ui), UI_PRINT_DONE); /* its slip, as a tap prints */

	/* in English, a status with nothing to queue for: no take button */
	tap_button(&e, "home");
	tap_button(&e, "lang");
	assert_int_equal(look_up(&e, "HS26110002"), K_OK);
	ui_lookup_outcome(e.ui, &d);
	assert_string_equal(d->status, "PROCESSING");
	assert_int_equal(ui_button_rect(e.ui, "take", &b), -1);
	shot(&e, "answer-en-processing");
	tap_button(&e, "home");
	assert_int_equal(ui_current(e.ui), UI_HOME);
	ui_lookup_outcome(e.ui, &d);
	assert_null(d); /* the answer went with its screen */
	close_kiosk(&e);
}

/* The station's longest texts on the small panel: above the buttons, smaller. */
static void a_long_answer_fits_the_small_panel(void **state)
{
	(void)state;
	struct env e;
	SDL_Rect take, home;
	open_kiosk(&e, 1024, 600, SERVER_LIST, 10);
	assert_int_equal(look_up(&e, "HS26110003"), K_OK);
	assert_int_equal(ui_button_rect(e.ui, "take", &take), 0);
	assert_int_equal(ui_button_rect(e.ui, "home", &home), 0);
	assert_true(take.y + take.h < home.y && home.y + home.h <= 600);
	ui_draw(e.ui);
	SDL_Rect gap = { 0, take.y - 6, 1024, 6 }; /* nothing runs into the button */
	assert_int_equal(ink_in(&e, gap), 0);
	shot(&e, "answer-small");
	tap_button(&e, "take");
	assert_true(pump_until(&e, ticket_screen));
	assert_string_equal(ui_last_ticket(e.ui)->service, "CAPMOI");
	close_kiosk(&e);
}

static void a_code_not_found_says_so_and_offers_a_number(void **state)
{
	(void)state;
	struct env e;
	SDL_Rect b;
	open_kiosk(&e, 1920, 1080, SERVER_LIST, 10);
	assert_int_equal(look_up(&e, "HS26119999"), K_ERR_NOT_FOUND);
	assert_true(red_pixels(&e) > 500); /* said plainly */
	assert_int_equal(ui_button_rect(e.ui, "take", &b), -1);
	assert_int_equal(ui_button_rect(e.ui, "home", &b), 0); /* "take a number" */
	shot(&e, "not-found-landscape");
	tap_button(&e, "lookup:again");
	assert_int_equal(ui_current(e.ui), UI_LOOKUP);
	assert_string_equal(ui_typed(e.ui), "");
	tap_button(&e, "home");
	assert_int_equal(ui_current(e.ui), UI_HOME);
	close_kiosk(&e);
}

/* Too short, or an ID card's QR on the look-up screen: refused here, asked nowhere. */
static void a_malformed_code_never_leaves_the_kiosk(void **state)
{
	(void)state;
	struct env e;
	open_kiosk(&e, 1080, 1920, SERVER_LIST, 2); /* two look-ups a minute */
	tap_button(&e, "lookup");
	int calm = red_pixels(&e);
	tap_keys(&e, "HS2");
	tap_button(&e, "lookup:ok");
	pump(&e, 300);
	assert_int_equal(ui_current(e.ui), UI_LOOKUP);
	assert_true(red_pixels(&e) > calm + 500); /* what a code looks like, in red */
	shot(&e, "malformed");
	type(&e, "079123456789|123456789|nguyen van a|01011990|nam|di an|01012021", 4, 1);
	pump(&e, 300);
	assert_int_equal(ui_current(e.ui), UI_LOOKUP);
	/* neither reached the server: its two look-ups of the minute are still there */
	assert_int_equal(look_up(&e, "6119999"), K_ERR_NOT_FOUND); /* HS2 + 6119999 */
	assert_int_equal(look_up(&e, "HS26119998"), K_ERR_NOT_FOUND);
	close_kiosk(&e);
}

/* The slip's barcode: on the look-up screen, and on home. */
static void a_scanned_slip_is_looked_up(void **state)
{
	(void)state;
	struct env e;
	const struct ksync_dossier *d;
	open_kiosk(&e, 1080, 1920, SERVER_LIST, 10);
	tap_button(&e, "lookup");
	type(&e, "hs-2611-0001", 4, 1); /* as the slip's barcode reads */
	assert_true(pump_until(&e, answered));
	assert_int_equal(ui_lookup_outcome(e.ui, &d), K_OK);
	assert_string_equal(d->status, "READY");
	tap_button(&e, "home");
	type(&e, "HS26110002", 4, 1); /* held to the scanner on home: no button needed */
	assert_true(pump_until(&e, answered));
	assert_int_equal(ui_lookup_outcome(e.ui, &d), K_OK);
	assert_string_equal(d->status, "PROCESSING");
	/* a Zalo booking QR on the look-up screen still checks in */
	tap_button(&e, "home");
	tap_button(&e, "lookup");
	type(&e, tbooking("ST", "BK-9", "CAPMOI", time(NULL) + 600), 4, 1);
	assert_true(pump_until(&e, ticket_screen));
	assert_string_equal(ui_last_ticket(e.ui)->service, "CAPMOI");
	close_kiosk(&e);
}

static void idle_wipes_the_typed_code(void **state)
{
	(void)state;
	struct env e;
	open_kiosk(&e, 1024, 600, NO_SERVER, 0);
	tap_button(&e, "lookup");
	tap_keys(&e, "HS2611");
	assert_string_equal(ui_typed(e.ui), "HS2611");
	wait_ms(&e, 44000);
	assert_int_equal(ui_current(e.ui), UI_LOOKUP);
	wait_ms(&e, 2000); /* [kiosk] idle_seconds = 45 */
	assert_int_equal(ui_current(e.ui), UI_HOME);
	assert_true(typed_wiped(&e));
	/* leaving by the back button wipes it too */
	tap_button(&e, "lookup");
	tap_keys(&e, "HS2611");
	tap_button(&e, "home");
	assert_true(typed_wiped(&e));
	close_kiosk(&e);
}

/* As the screen knows it: the sync client is the worker thread's alone. */
static int away(struct env *e)
{
	return !ui_online(e->ui, NULL);
}

/* The kiosk keeps no copy of the list: with the server away it says so. */
static void server_away_a_lookup_needs_it(void **state)
{
	(void)state;
	struct env e;
	open_kiosk(&e, 1080, 1920, SERVER_LIST, 10);
	tap_button(&e, "lookup");
	tap_keys(&e, "HS26110001");
	child_end(&st.server, SIGKILL); /* while the citizen types */
	assert_int_equal(look_up(&e, ""), K_ERR_UNREACHABLE);
	assert_true(typed_wiped(&e));
	shot(&e, "offline");
	tap_button(&e, "home"); /* "take a number": numbers are still issued */
	assert_true(pump_until(&e, away));
	wait_ms(&e, 1000);
	tap_service(&e, 1);
	assert_true(pump_until(&e, ticket_screen));
	assert_string_equal(ui_last_ticket(e.ui)->number, "T601"); /* its band */
	/* known away: a look-up answers at once */
	tap_button(&e, "home");
	assert_int_equal(look_up(&e, "HS26110001"), K_ERR_UNREACHABLE);
	close_kiosk(&e);
}

/* A citizen who walks away before the answer: nobody sees it, not even the
 * next citizen asking; the next question gets its own answer. */
static void an_answer_after_the_citizen_left_is_dropped(void **state)
{
	(void)state;
	struct env e;
	const struct ksync_dossier *d;
	open_kiosk(&e, 1080, 1920, SERVER_LIST, 10);
	assert_int_equal(child_freeze(st.server.pid), 0); /* the answer is slow to come */
	tap_button(&e, "lookup");
	tap_keys(&e, "HS26110001");
	tap_button(&e, "lookup:ok");
	pump(&e, 100);
	assert_int_equal(ui_current(e.ui), UI_LOOKUP); /* "Đang tra cứu…" */
	tap_button(&e, "home");
	assert_true(typed_wiped(&e));
	tap_button(&e, "lookup");
	tap_keys(&e, "HS26110002");
	kill(st.server.pid, SIGCONT);
	tap_button(&e, "lookup:ok");
	assert_true(pump_until(&e, answered));
	int outcome = ui_lookup_outcome(e.ui, &d);
	if (outcome != K_OK)
		fail_msg("the second look-up's outcome: %s", kerr_name(outcome));
	assert_string_equal(d->status, "PROCESSING"); /* its own, not READY */
	tap_button(&e, "home");
	pump(&e, 300);
	assert_int_equal(ui_current(e.ui), UI_HOME);
	close_kiosk(&e);
}

static void no_list_and_rate_limits_say_what_to_do(void **state)
{
	(void)state;
	struct env e;
	SDL_Rect b;
	open_kiosk(&e, 1080, 1920, SERVER_NO_LIST, 10);
	assert_int_equal(look_up(&e, "HS26110001"), K_ERR_DISABLED);
	assert_int_equal(ui_button_rect(e.ui, "home", &b), 0);
	shot(&e, "no-list");
	close_kiosk(&e);

	open_kiosk(&e, 1080, 1920, SERVER_LIST, 1); /* one a minute */
	assert_int_equal(look_up(&e, "HS26110002"), K_OK);
	tap_button(&e, "home");
	assert_int_equal(look_up(&e, "HS26110002"), K_ERR_BUSY);
	assert_int_equal(ui_button_rect(e.ui, "lookup:again", &b), 0);
	shot(&e, "busy");
	close_kiosk(&e);

	rate_day = 1; /* the day's look-ups made: paused for today, ask staff */
	open_kiosk(&e, 1080, 1920, SERVER_LIST, 10);
	assert_int_equal(look_up(&e, "HS26110002"), K_OK);
	tap_button(&e, "home");
	assert_int_equal(look_up(&e, "HS26110002"), K_ERR_CAP);
	assert_int_not_equal(ui_button_rect(e.ui, "lookup:again", &b), 0); /* not today */
	assert_int_equal(ui_button_rect(e.ui, "home", &b), 0);
	shot(&e, "day-cap");
	close_kiosk(&e);
	rate_day = 300;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(home_has_a_lookup_button_apart_from_the_services),
		cmocka_unit_test(no_server_no_lookup),
		cmocka_unit_test(idle_wipes_the_typed_code),
		cmocka_unit_test(a_typed_code_shows_the_answer_and_takes_a_number),
		cmocka_unit_test(a_long_answer_fits_the_small_panel),
		cmocka_unit_test(a_code_not_found_says_so_and_offers_a_number),
		cmocka_unit_test(a_malformed_code_never_leaves_the_kiosk),
		cmocka_unit_test(a_scanned_slip_is_looked_up),
		cmocka_unit_test(server_away_a_lookup_needs_it),
		cmocka_unit_test(an_answer_after_the_citizen_left_is_dropped),
		cmocka_unit_test(no_list_and_rate_limits_say_what_to_do),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
