/*
 * test_rotate.c - the kiosk on a panel mounted turned ([kiosk] rotate).
 *
 * The portrait kiosk (1080 x 1920) drawn with rotate = 90, 180 and 270 is,
 * read back from the window as the panel shows it, today's home screen
 * turned pixel for pixel; a tap at the turned place of a service button,
 * pushed into SDL's queue in window coordinates (a finger, 0..1 of the
 * window, and a mouse button), issues that service's ticket and no other;
 * on a window of another shape the picture is letterboxed (black bands,
 * nothing of it cut) and a tap still lands where it is seen.  The kiosk
 * under test is kiosk_ui.c's, with the same rotate.c as firmware/main.c;
 * the real program's --screenshot with rotate = 90 is its home at 0 turned.
 * The board turned: test_board.c; rotate = 45 refused: kioskctl_cli.sh.
 */
#include "kiosk_ui.h"
#include "rotate.h"

#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define W 1080
#define H 1920

static const char conf[] =
	"[station]\nid = ST\nname_vi = Công an phường Dĩ An\nname_en = Di An Ward Police\n"
	"[queue]\nsync = normal\n"
	"[kiosk]\nrotate = %d\noa_url = https://zalo.me/dian-pc06\n"
	"[service.CAPMOI]\nprefix = A\nname_vi = Cấp thẻ căn cước lần đầu\n"
	"hours = 00:00-24:00\ndays = mon-sun\n"
	"[service.CAPDOI]\nprefix = B\nname_vi = Cấp đổi thẻ căn cước\n"
	"hours = 00:00-24:00\ndays = mon-sun\n"
	"[service.CAPLAI]\nprefix = C\nname_vi = Cấp lại thẻ căn cước (mất thẻ)\n"
	"hours = 00:00-24:00\ndays = mon-sun\n"
	"[counter.1]\nservices = CAPMOI, CAPDOI, CAPLAI\n";

/* The same station for the real program, its fonts and texts from the source. */
static const char conf_program[] =
	"[station]\nid = ST\nname_vi = Công an phường Dĩ An\nname_en = Di An Ward Police\n"
	"[kiosk]\nrotate = %d\nwidth = 1080\nheight = 1920\n"
	"font = %s/fonts/DejaVuSans.ttf\nfont_bold = %s/fonts/DejaVuSans-Bold.ttf\n"
	"translations = %s/assets/i18n\noa_url = https://zalo.me/dian-pc06\n"
	"[service.CAPMOI]\nprefix = A\nname_vi = Cấp thẻ căn cước lần đầu\n"
	"hours = 00:00-24:00\ndays = mon-sun\n"
	"[service.CAPDOI]\nprefix = B\nname_vi = Cấp đổi thẻ căn cước\n"
	"hours = 00:00-24:00\ndays = mon-sun\n";

static void open_turned(struct env *e, int degrees)
{
	char text[2048];
	snprintf(text, sizeof(text), conf, degrees);
	env_open_at(e, text, W, H, NULL, "2026-11-28T09:00");
}

/* The whole window (or, without a turn, the picture) as ARGB; *w x *h. */
static Uint32 *read_window(struct env *e, int *w, int *h)
{
	assert_int_equal(SDL_GetRendererOutputSize(e->ren, w, h), 0);
	Uint32 *px = malloc((size_t)*w * (size_t)*h * 4);
	assert_non_null(px);
	assert_int_equal(SDL_RenderReadPixels(e->ren, NULL, SDL_PIXELFORMAT_ARGB8888, px, *w * 4),
			 0);
	return px;
}

/* The frame the panel shows now. */
static Uint32 *panel(struct env *e, int *w, int *h)
{
	ui_draw(e->ui);
	rotate_show(e->rot);
	Uint32 *px = read_window(e, w, h);
	rotate_present(e->rot, e->ren); /* as main.c: the window is the target between frames */
	return px;
}

/* Where the picture's pixel (x, y) is on a 1:1 panel turned `degrees`
 * clockwise (written here apart from rotate.c, from the definition). */
static void turned(int degrees, int x, int y, int *wx, int *wy)
{
	switch (degrees) {
	case 90: *wx = H - 1 - y; *wy = x; break;
	case 180: *wx = W - 1 - x; *wy = H - 1 - y; break;
	case 270: *wx = y; *wy = W - 1 - x; break;
	default: *wx = x; *wy = y; break;
	}
}

static void home_turned_is_home_pixel_for_pixel(void **state)
{
	static const int degrees[] = { 90, 180, 270 };
	struct env e;
	int w, h;
	(void)state;

	open_turned(&e, 0);
	Uint32 *home = panel(&e, &w, &h);
	assert_int_equal(w, W);
	assert_int_equal(h, H);
	SDL_Rect header = { 0, 0, W, H / 10 };
	assert_true(ink_in(&e, header) > 1000); /* something drawn, not a blank compared */
	env_close(&e);
	for (int d = 0; d < 3; d++) {
		open_turned(&e, degrees[d]);
		/* the cost of a turn, for the record (the best of 5 frames; no bound:
		 * the machine is shared) */
		double draw = 1e9, turn = 1e9, hz = (double)SDL_GetPerformanceFrequency();
		for (int i = 0; i < 5; i++) {
			Uint64 t0 = SDL_GetPerformanceCounter();
			ui_draw(e.ui);
			Uint64 t1 = SDL_GetPerformanceCounter();
			rotate_present(e.rot, e.ren);
			Uint64 t2 = SDL_GetPerformanceCounter();
			draw = SDL_min(draw, (double)(t1 - t0) * 1000 / hz);
			turn = SDL_min(turn, (double)(t2 - t1) * 1000 / hz);
		}
		print_message("rotate = %d: home drawn in %.1f ms, turned onto the window and "
			      "presented in %.1f ms\n", degrees[d], draw, turn);
		Uint32 *shown = panel(&e, &w, &h);
		assert_int_equal(w, degrees[d] == 180 ? W : H);
		assert_int_equal(h, degrees[d] == 180 ? H : W);
		long off = 0;
		for (int y = 0; y < H; y++)
			for (int x = 0; x < W; x++) {
				int wx, wy;
				turned(degrees[d], x, y, &wx, &wy);
				off += (shown[wy * w + wx] & 0xffffff) != (home[y * W + x] & 0xffffff);
			}
		print_message("rotate = %d: %ld pixels differ from home turned\n", degrees[d], off);
		assert_int_equal(off, 0);
		free(shown);
		env_close(&e);
	}
	free(home);
}

static int issued(struct env *e, int service)
{
	struct queue_status st;
	assert_int_equal(queue_status(e->check, &st), 0);
	return st.services[service].issued;
}

/* A finger (0..1 of the window) or a left mouse button at window pixel
 * (x, y), down then up, through SDL's queue as the panel would send it. */
static void push_tap(struct env *e, int finger, int x, int y)
{
	int ww, wh;
	SDL_GetWindowSize(e->win, &ww, &wh);
	for (int up = 0; up < 2; up++) {
		SDL_Event ev;
		memset(&ev, 0, sizeof(ev));
		if (finger) {
			ev.type = up ? SDL_FINGERUP : SDL_FINGERDOWN;
			ev.tfinger.touchId = 1;
			ev.tfinger.fingerId = 1;
			ev.tfinger.x = ((float)x + 0.5f) / (float)ww;
			ev.tfinger.y = ((float)y + 0.5f) / (float)wh;
			ev.tfinger.windowID = SDL_GetWindowID(e->win);
		} else {
			ev.type = up ? SDL_MOUSEBUTTONUP : SDL_MOUSEBUTTONDOWN;
			ev.button.windowID = SDL_GetWindowID(e->win);
			ev.button.button = SDL_BUTTON_LEFT;
			ev.button.state = up ? SDL_RELEASED : SDL_PRESSED;
			ev.button.x = x;
			ev.button.y = y;
		}
		assert_int_equal(SDL_PushEvent(&ev), 1);
	}
}

static void a_tap_where_a_button_is_seen_issues_its_service(void **state)
{
	static const int degrees[] = { 90, 180, 270 };
	(void)state;
	for (int d = 0; d < 3; d++)
		for (int finger = 0; finger < 2; finger++) {
			struct env e;
			SDL_Rect b;
			int wx, wy;
			open_turned(&e, degrees[d]);
			free(panel(&e, &wx, &wy));
			/* the middle service: a wrong turn lands on another or on none */
			assert_int_equal(ui_service_rect(e.ui, 1, &b), 0);
			turned(degrees[d], b.x + b.w / 2, b.y + b.h / 2, &wx, &wy);
			fake_ticks += 1000; /* a person's second after the screen came */
			push_tap(&e, finger, wx, wy);
			assert_true(pump_until(&e, ticket_screen));
			print_message("rotate = %d, %s at (%d, %d): %s\n", degrees[d],
				      finger ? "finger" : "mouse", wx, wy,
				      ui_last_ticket(e.ui)->number);
			assert_int_equal(issued(&e, 0), 0);
			assert_int_equal(issued(&e, 1), 1);
			assert_int_equal(issued(&e, 2), 0);
			assert_string_equal(ui_last_ticket(e.ui)->number, "B001");
			env_close(&e);
		}
}

static void another_window_is_letterboxed_and_taps_still_land(void **state)
{
	struct env e;
	SDL_Rect b;
	int w, h;
	(void)state;

	open_turned(&e, 90);
	/* a 1280 x 1024 panel: the turned 1920 x 1080 picture at 2/3, 152 rows above
	 * and below it black */
	SDL_SetWindowSize(e.win, 1280, 1024);
	Uint32 *px = panel(&e, &w, &h);
	assert_int_equal(w, 1280);
	assert_int_equal(h, 1024);
	long band = 0, picture = 0;
	for (int x = 0; x < w; x++) {
		for (int y = 0; y < 150; y++)
			band += (px[y * w + x] & 0xffffff) != 0 ||
				(px[(h - 1 - y) * w + x] & 0xffffff) != 0;
		picture += (px[(h / 2) * w + x] & 0xffffff) != 0;
	}
	assert_int_equal(band, 0);
	assert_true(picture > w / 2);
	/* the picture's top-left corner (the header's colour) at the top right */
	rotate_begin(e.rot);
	assert_int_equal(px[160 * w + (w - 3)] & 0xffffff, pixel(&e, 0, 0) & 0xffffff);
	free(px);
	rotate_show(e.rot); /* the window is the target again, as between frames */
	assert_int_equal(ui_service_rect(e.ui, 2, &b), 0);
	int cx = b.x + b.w / 2, cy = b.y + b.h / 2;
	/* turned 90 degrees, scaled by 2/3, 152 rows down */
	int wx = (H - 1 - cy) * 2 / 3, wy = 152 + cx * 2 / 3;
	fake_ticks += 1000;
	push_tap(&e, 1, wx, wy);
	assert_true(pump_until(&e, ticket_screen));
	assert_int_equal(issued(&e, 2), 1);
	assert_string_equal(ui_last_ticket(e.ui)->number, "C001");
	env_close(&e);
}

/* `kiosk --config <conf with rotate> --screenshot shot`: its exit status. */
static int run_kiosk(const char *dir, int degrees, const char *shot)
{
	char conf[512];
	const char *src = getenv("KIOSK_SRC");
	int status = 0;

	snprintf(conf, sizeof(conf), "%s/kiosk-%d.conf", dir, degrees);
	FILE *c = fopen(conf, "w");
	assert_non_null(c);
	fprintf(c, conf_program, degrees, src, src, src);
	fclose(c);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		execl(getenv("KIOSK"), "kiosk", "--config", conf, "--screenshot", shot, (char *)NULL);
		_exit(127);
	}
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void the_program_shows_home_turned(void **state)
{
	char dir[] = "/tmp/test_rotate.XXXXXX", shot[2][256];
	(void)state;

	assert_non_null(mkdtemp(dir));
	for (int i = 0; i < 2; i++) {
		snprintf(shot[i], sizeof(shot[i]), "%s/home-%d.bmp", dir, i * 90);
		assert_int_equal(run_kiosk(dir, i * 90, shot[i]), 0);
	}
	SDL_Surface *s0 = SDL_LoadBMP(shot[0]), *s90 = SDL_LoadBMP(shot[1]);
	assert_non_null(s0);
	assert_non_null(s90);
	SDL_Surface *a = SDL_ConvertSurfaceFormat(s0, SDL_PIXELFORMAT_ARGB8888, 0);
	SDL_Surface *b = SDL_ConvertSurfaceFormat(s90, SDL_PIXELFORMAT_ARGB8888, 0);
	assert_int_equal(a->w, W);
	assert_int_equal(a->h, H);
	assert_int_equal(b->w, H); /* the window the program opened: the picture turned */
	assert_int_equal(b->h, W);
	long off = 0, ink = 0;
	for (int y = 0; y < H; y++)
		for (int x = 0; x < W; x++) {
			int wx, wy;
			turned(90, x, y, &wx, &wy);
			Uint32 p = ((Uint32 *)((Uint8 *)a->pixels + y * a->pitch))[x] & 0xffffff;
			Uint32 q = ((Uint32 *)((Uint8 *)b->pixels + wy * b->pitch))[wx] & 0xffffff;
			off += p != q;
			ink += p != (((Uint32 *)a->pixels)[0] & 0xffffff);
		}
	print_message("kiosk --screenshot, rotate = 90: %ld pixels differ from rotate = 0 turned\n",
		      off);
	assert_true(ink > 100000);
	assert_int_equal(off, 0);
	SDL_FreeSurface(a);
	SDL_FreeSurface(b);
	SDL_FreeSurface(s0);
	SDL_FreeSurface(s90);
	for (int i = 0; i < 2; i++) {
		char conf[512];
		snprintf(conf, sizeof(conf), "%s/kiosk-%d.conf", dir, i * 90);
		unlink(conf);
		unlink(shot[i]);
	}
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(home_turned_is_home_pixel_for_pixel),
		cmocka_unit_test(a_tap_where_a_button_is_seen_issues_its_service),
		cmocka_unit_test(another_window_is_letterboxed_and_taps_still_land),
		cmocka_unit_test(the_program_shows_home_turned),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
