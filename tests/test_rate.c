/*
 * test_rate.c - a counter's rating panel (kiosk --rate) without a server.
 *
 * The panel is fed a fixed state (rate_show(): what the feed would post)
 * and tapped through its one entry point, on the two 7" panel sizes it is
 * made for (800x480, 1024x600): each screen - the counter's name, the
 * ticket with three faces, the reasons, the thanks - still looks like its
 * reference (tests/golden/rate-*.png; KIOSK_UPDATE_GOLDEN=1 rewrites them).
 * In the panel's own terms: the countdown ends in the counter's name; a
 * tap on a screen just shown, a drag, a finger's mouse twin do nothing; a
 * ticket rated here is not asked again; any other size, 2 to 5 levels and
 * 8 reasons of the longest words lay out as big buttons inside the screen,
 * none over another; a tap clicks with the voice set's click.wav, and is
 * silent (not broken) with a set that has none.  The real program draws the counter's name when its
 * server is away, and says so.
 */
#include "testutil.h"
#include "golden.h"
#include "i18n.h"
#include "kerr.h"
#include "rate.h"

#include <SDL.h>
#include <SDL_ttf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

static Uint32 fake_ticks = 100000;
static Uint32 ticks(void)
{
	return fake_ticks;
}

static const char conf_text[] =
	"[station]\nid = DIAN-PC06\nname_vi = Công an phường Dĩ An\n"
	"[queue]\nsync = normal\ndatabase = queue.db\n"
	"[kiosk]\nmode = rate\nrate_counter = 3\nenglish = yes\nfont = fonts/DejaVuSans.ttf\n"
	"font_bold = fonts/DejaVuSans-Bold.ttf\ntranslations = assets/i18n\n"
	"[sync]\nserver = http://127.0.0.1:9\ntoken = rater-token-aaaaaaaaaaaa\n"
	"[service.CAPDOI]\nprefix = B\nname_vi = Cấp đổi thẻ căn cước\n"
	"name_en = Renewal of the ID card\n"
	"[counter.3]\nservices = CAPDOI\n";

/* What the server says once counter 3 finished B047: the shipped words. */
static void open_view(struct rate_view *v, int nlevels, int nreasons)
{
	static const char *const lv[][2] = {
		{ "Rất hài lòng", "Very satisfied" }, { "Hài lòng", "Satisfied" },
		{ "Không hài lòng", "Not satisfied" }, { "Bình thường", "So-so" },
		{ "Rất không hài lòng", "Very unsatisfied" } };
	static const char *const rs[][2] = {
		{ "Chờ lâu", "Long wait" }, { "Thái độ phục vụ", "Staff attitude" },
		{ "Hướng dẫn chưa rõ", "Unclear guidance" },
		{ "Yêu cầu thêm giấy tờ", "More papers asked" }, { "Khác", "Other" },
		{ "Phí", "Fees" }, { "Ồn ào", "Noise" }, { "Chỗ ngồi", "Seats" } };
	memset(v, 0, sizeof(*v));
	v->state = RATE_OPEN;
	v->counter = 3;
	v->last = 41;
	v->seconds = 30;
	v->expires_in = 30;
	v->ask_reason = 3;
	v->nlevels = nlevels;
	for (int i = 0; i < nlevels; i++) {
		snprintf(v->levels[i].vi, sizeof(v->levels[i].vi), "%s", lv[i][0]);
		snprintf(v->levels[i].en, sizeof(v->levels[i].en), "%s", lv[i][1]);
	}
	v->nreasons = nreasons;
	for (int i = 0; i < nreasons; i++) {
		snprintf(v->reasons[i].vi, sizeof(v->reasons[i].vi), "%s", rs[i][0]);
		snprintf(v->reasons[i].en, sizeof(v->reasons[i].en), "%s", rs[i][1]);
	}
	snprintf(v->number, sizeof(v->number), "B047");
	snprintf(v->service, sizeof(v->service), "CAPDOI");
	snprintf(v->service_vi, sizeof(v->service_vi), "Cấp đổi thẻ căn cước");
	snprintf(v->service_en, sizeof(v->service_en), "Renewal of the ID card");
}

struct env {
	struct kconf cfg;
	SDL_Window *win;
	SDL_Renderer *ren;
	struct i18n *text[2];
	struct rate *p;
	int w, h;
};

static void env_open_with(struct env *e, int w, int h, struct audio *audio)
{
	struct kconf_errors errs;
	char dir[512];
	memset(e, 0, sizeof(*e));
	if (tconf(&e->cfg, &errs, conf_text) < 0) {
		kconf_errors_print(&errs, stderr);
		fail_msg("test configuration rejected");
	}
	assert_int_equal(SDL_Init(SDL_INIT_VIDEO), 0);
	assert_int_equal(TTF_Init(), 0);
	e->w = w;
	e->h = h;
	e->win = SDL_CreateWindow("rate", 0, 0, w, h, 0);
	e->ren = SDL_CreateRenderer(e->win, -1, SDL_RENDERER_SOFTWARE);
	assert_non_null(e->ren);
	snprintf(dir, sizeof(dir), "%s/assets/i18n", getenv("KIOSK_SRC"));
	assert_int_equal(i18n_load(&e->text[0], dir, "vi"), 0);
	assert_int_equal(i18n_load(&e->text[1], dir, "en"), 0);
	struct rate_deps d = { &e->cfg, { e->text[0], e->text[1] }, SDL_RegisterEvents(1), NULL,
			       audio, NULL };
	assert_int_equal(rate_create(&e->p, e->ren, &d), 0);
	rate_set_ticks(e->p, ticks);
}

static void env_open(struct env *e, int w, int h)
{
	env_open_with(e, w, h, NULL);
}

static void env_close(struct env *e)
{
	rate_destroy(e->p);
	i18n_free(e->text[0]);
	i18n_free(e->text[1]);
	SDL_DestroyRenderer(e->ren);
	SDL_DestroyWindow(e->win);
	TTF_Quit();
	SDL_Quit();
}

/* A left mouse button pressed and let go at the middle of button `what`. */
static int tap(struct env *e, const char *what)
{
	SDL_Rect r;
	SDL_Event ev;
	int redraw = 0;
	if (rate_rect(e->p, what, &r) < 0)
		fail_msg("no button %s on the screen", what);
	for (int up = 0; up < 2; up++) {
		SDL_zero(ev);
		ev.type = up ? SDL_MOUSEBUTTONUP : SDL_MOUSEBUTTONDOWN;
		ev.button.button = SDL_BUTTON_LEFT;
		ev.button.x = r.x + r.w / 2;
		ev.button.y = r.y + r.h / 2;
		redraw |= rate_event(e->p, &ev);
	}
	return redraw;
}

static void wait_ms(struct env *e, Uint32 ms)
{
	fake_ticks += ms;
	rate_tick(e->p);
}

#define TILE 16

/* The frame drawn now against tests/golden/<name>.png: at most 1 % of the
 * pixels may differ, and no 16x16 tile by more than 8 % (a digit does). */
static void compare_golden(struct env *e, const char *name)
{
	unsigned char *rgb = malloc((size_t)e->w * (size_t)e->h * 3);
	assert_non_null(rgb);
	rate_draw(e->p);
	assert_int_equal(SDL_RenderReadPixels(e->ren, NULL, SDL_PIXELFORMAT_RGB24, rgb, e->w * 3), 0);
	long worst, off = golden_compare(rgb, e->w, e->h, name, TILE, &worst);
	print_message("%s: %ld of %d pixels differ, at most %ld in a tile\n", name, off,
		      e->w * e->h, worst);
	assert_true(off * 100 <= (long)e->w * e->h);
	assert_true(worst * 100 <= TILE * TILE * 8);
	free(rgb);
}

static void screens_match_their_reference_pictures(void **state)
{
	static const int size[][2] = { { 800, 480 }, { 1024, 600 } };
	struct rate_view v;
	char name[64];
	(void)state;

	open_view(&v, 3, 5);
	for (int i = 0; i < 2; i++) {
		struct env e;
		env_open(&e, size[i][0], size[i][1]);
		snprintf(name, sizeof(name), "rate-idle-%dx%d", e.w, e.h);
		compare_golden(&e, name);

		rate_show(e.p, &v);
		assert_int_equal(rate_screen(e.p), RATE_SCREEN_OPEN);
		assert_string_equal(rate_number(e.p), "B047");
		wait_ms(&e, 12000); /* the countdown 18 s of 30 */
		snprintf(name, sizeof(name), "rate-open-%dx%d", e.w, e.h);
		compare_golden(&e, name);

		assert_int_equal(tap(&e, "level:3"), 1); /* Không hài lòng: why? */
		assert_int_equal(rate_screen(e.p), RATE_SCREEN_REASONS);
		wait_ms(&e, RATE_GUARD_MS);
		snprintf(name, sizeof(name), "rate-reasons-%dx%d", e.w, e.h);
		compare_golden(&e, name);

		assert_int_equal(tap(&e, "reason:1"), 1);
		assert_int_equal(rate_screen(e.p), RATE_SCREEN_THANKS);
		snprintf(name, sizeof(name), "rate-thanks-%dx%d", e.w, e.h);
		compare_golden(&e, name);
		env_close(&e);
	}
}

static void the_countdown_ends_in_the_counters_name(void **state)
{
	struct env e;
	struct rate_view v;
	(void)state;
	env_open(&e, 800, 480);
	assert_int_equal(rate_next_timeout(e.p), -1); /* idle: nothing to do until news */
	open_view(&v, 3, 5);
	v.expires_in = 5;
	rate_show(e.p, &v);
	assert_int_equal(rate_screen(e.p), RATE_SCREEN_OPEN);
	rate_draw(e.p);
	assert_int_equal(rate_next_timeout(e.p), 1); /* the bar's next second */
	wait_ms(&e, 999);
	assert_int_equal(rate_tick(e.p), 0); /* still 5 s on the bar */
	wait_ms(&e, 1);
	assert_int_equal(rate_tick(e.p), 1);
	wait_ms(&e, 3999);
	assert_int_equal(rate_screen(e.p), RATE_SCREEN_OPEN);
	wait_ms(&e, 1);
	assert_int_equal(rate_screen(e.p), RATE_SCREEN_IDLE);
	assert_string_equal(rate_number(e.p), "");
	/* the same view again (a late answer): its window is counted from now */
	v.expires_in = 0;
	rate_show(e.p, &v);
	assert_int_equal(rate_screen(e.p), RATE_SCREEN_IDLE);
	env_close(&e);
}

/* A press and a release at (x, y); finger: as a touch panel sends them. */
static int press(struct env *e, int x, int y, int up, int finger)
{
	SDL_Event ev;
	SDL_zero(ev);
	if (finger > 0) {
		ev.type = up ? SDL_FINGERUP : SDL_FINGERDOWN;
		ev.tfinger.x = (float)x / (float)e->w;
		ev.tfinger.y = (float)y / (float)e->h;
	} else {
		ev.type = up ? SDL_MOUSEBUTTONUP : SDL_MOUSEBUTTONDOWN;
		ev.button.button = SDL_BUTTON_LEFT;
		ev.button.which = finger < 0 ? SDL_TOUCH_MOUSEID : 0;
		ev.button.x = x;
		ev.button.y = y;
	}
	return rate_event(e->p, &ev);
}

static void only_a_deliberate_tap_chooses(void **state)
{
	struct env e;
	struct rate_view v;
	SDL_Rect r1, r2;
	(void)state;
	env_open(&e, 1024, 600);
	open_view(&v, 3, 5);
	rate_show(e.p, &v);
	assert_int_equal(rate_rect(e.p, "level:1", &r1), 0);
	assert_int_equal(rate_rect(e.p, "level:2", &r2), 0);
	assert_int_equal(rate_rect(e.p, "reason:1", &r2), -1); /* not on this screen */
	/* the screen just came up: the end of a tap meant for the one before */
	press(&e, r1.x + 5, r1.y + 5, 0, 0);
	press(&e, r1.x + 5, r1.y + 5, 1, 0);
	assert_int_equal(rate_screen(e.p), RATE_SCREEN_OPEN);
	fake_ticks += RATE_GUARD_MS;
	/* a finger's mouse twin is not a second tap; a drag to another face is none */
	press(&e, r1.x + 5, r1.y + 5, 0, -1);
	press(&e, r1.x + 5, r1.y + 5, 1, -1);
	assert_int_equal(rate_screen(e.p), RATE_SCREEN_OPEN);
	assert_int_equal(press(&e, r1.x + 5, r1.y + 5, 0, 1), 1); /* pressed: drawn so */
	press(&e, r2.x + 5, r2.y + 5, 1, 1);
	assert_int_equal(rate_screen(e.p), RATE_SCREEN_OPEN);
	/* the language: the same ticket, the words in English */
	assert_int_equal(tap(&e, "lang"), 1);
	char line[256];
	rate_describe(e.p, line, sizeof(line));
	assert_string_equal(line, "rate: open Counter 3 B047; 3 choices; online");
	/* a finger on the best face: thanks at once (no reason asked for it) */
	press(&e, r1.x + r1.w / 2, r1.y + r1.h / 2, 0, 1);
	press(&e, r1.x + r1.w / 2, r1.y + r1.h / 2, 1, 1);
	assert_int_equal(rate_screen(e.p), RATE_SCREEN_THANKS);
	assert_int_equal(rate_next_timeout(e.p), RATE_THANKS_MS);
	/* the server, not yet knowing, says B047 again: it is not asked twice */
	rate_show(e.p, &v);
	wait_ms(&e, RATE_THANKS_MS);
	assert_int_equal(rate_screen(e.p), RATE_SCREEN_IDLE);
	rate_describe(e.p, line, sizeof(line));
	assert_string_equal(line, "rate: idle Quầy 3; 0 choices; online"); /* Vietnamese again */
	/* the next citizen */
	snprintf(v.number, sizeof(v.number), "B048");
	rate_show(e.p, &v);
	assert_string_equal(rate_number(e.p), "B048");
	/* rated on another device meanwhile: the panel lets go */
	v.state = RATE_RATED;
	rate_show(e.p, &v);
	assert_int_equal(rate_screen(e.p), RATE_SCREEN_IDLE);
	env_close(&e);
}

static void the_question_why_gives_way_before_the_window_ends(void **state)
{
	struct env e;
	struct rate_view v;
	(void)state;
	env_open(&e, 800, 480);
	open_view(&v, 3, 5);
	rate_show(e.p, &v);
	fake_ticks += RATE_GUARD_MS;
	tap(&e, "level:3");
	assert_int_equal(rate_screen(e.p), RATE_SCREEN_REASONS);
	fake_ticks += 30000 - RATE_GUARD_MS - 2001;
	rate_draw(e.p);
	assert_int_equal(rate_tick(e.p), 0);
	assert_int_equal(rate_screen(e.p), RATE_SCREEN_REASONS);
	assert_int_equal(rate_next_timeout(e.p), 2);
	wait_ms(&e, 1); /* 2 s left: the choice goes without a reason */
	assert_int_equal(rate_screen(e.p), RATE_SCREEN_THANKS);
	/* with little of the window left, a worse choice is not asked why */
	snprintf(v.number, sizeof(v.number), "B048");
	v.expires_in = 4;
	wait_ms(&e, RATE_THANKS_MS);
	rate_show(e.p, &v);
	fake_ticks += RATE_GUARD_MS;
	tap(&e, "level:3");
	assert_int_equal(rate_screen(e.p), RATE_SCREEN_THANKS);
	env_close(&e);
}

/* Every button of the screen inside it, big enough for a finger, none over another. */
static void assert_buttons_fit(struct env *e, const char *prefix, int n, int min_h)
{
	SDL_Rect r[RATE_MAX_REASONS + 2], screen = { 0, 0, e->w, e->h }, both;
	char what[32];
	for (int i = 0; i < n; i++) {
		snprintf(what, sizeof(what), i < n - 1 || strcmp(prefix, "reason") ? "%s:%d" : "skip",
			 prefix, i + 1);
		if (rate_rect(e->p, what, &r[i]) < 0)
			fail_msg("%dx%d: no %s", e->w, e->h, what);
		if (!SDL_IntersectRect(&r[i], &screen, &both) || !SDL_RectEquals(&both, &r[i]))
			fail_msg("%dx%d: %s is not inside the screen", e->w, e->h, what);
		if (r[i].h < min_h || r[i].w < min_h)
			fail_msg("%dx%d: %s is %dx%d, small for a finger", e->w, e->h, what, r[i].w,
				 r[i].h);
		for (int j = 0; j < i; j++)
			if (SDL_HasIntersection(&r[i], &r[j]))
				fail_msg("%dx%d: %s is over another button", e->w, e->h, what);
	}
	rate_draw(e->p); /* and it draws */
}

static void any_size_lays_out_big_buttons(void **state)
{
	static const int size[][2] = { { 800, 480 }, { 1024, 600 }, { 480, 800 }, { 600, 1024 },
				       { 1280, 800 }, { 320, 240 }, { 1920, 1080 } };
	/* as long as a word may be (KCONF_WORD - 1 bytes) */
	static const char longest[] = "Thái độ phục vụ của cán bộ chưa đúng mực lm";
	struct rate_view v;
	(void)state;
	for (size_t i = 0; i < sizeof(size) / sizeof(size[0]); i++)
		for (int n = 2; n <= RATE_MAX_LEVELS; n++) {
			struct env e;
			env_open(&e, size[i][0], size[i][1]);
			open_view(&v, n, n == RATE_MAX_LEVELS ? RATE_MAX_REASONS : 2);
			snprintf(v.service_vi, sizeof(v.service_vi), "%s %s", longest, longest);
			snprintf(v.staff, sizeof(v.staff), "nguyen.van.an.can.bo.tiep.nhan");
			for (int k = 0; k < v.nreasons; k++)
				snprintf(v.reasons[k].vi, sizeof(v.reasons[k].vi), "%s", longest);
			snprintf(v.levels[n - 1].vi, sizeof(v.levels[n - 1].vi), "%s", longest);
			v.ask_reason = n;
			rate_show(e.p, &v);
			int unit = e.w < e.h ? e.w : e.h, min_h = unit / 10;
			assert_buttons_fit(&e, "level", n, min_h);
			fake_ticks += RATE_GUARD_MS;
			tap(&e, n == 2 ? "level:2" : "level:1");
			if (n == 2) /* the worst of two asks why */
				assert_buttons_fit(&e, "reason", v.nreasons + 1, min_h);
			else if (n == RATE_MAX_LEVELS) {
				fake_ticks += RATE_THANKS_MS;
				rate_tick(e.p);
				snprintf(v.number, sizeof(v.number), "B048");
				rate_show(e.p, &v);
				fake_ticks += RATE_GUARD_MS;
				tap(&e, "level:5");
				assert_buttons_fit(&e, "reason", v.nreasons + 1, min_h);
			}
			env_close(&e);
		}
}

/* The audio of the panel with the clips of clips (SDL_AUDIODRIVER=dummy). */
static struct audio *panel_audio(const char *clips)
{
	struct kconf cfg;
	struct kconf_errors errs;
	char text[4096];
	snprintf(text, sizeof(text), "%s[voice]\nclips = %s\n", conf_text, clips);
	assert_int_equal(tconf(&cfg, &errs, text), 0);
	assert_int_equal(SDL_InitSubSystem(SDL_INIT_AUDIO), 0);
	struct audio *a = audio_open_click(&cfg);
	assert_non_null(a);
	return a;
}

static void a_tap_clicks_when_the_voice_has_a_click(void **state)
{
	char dir[] = "/tmp/rate-voice-XXXXXX", cmd[512];
	struct rate_view v;
	struct env e;
	(void)state;
	open_view(&v, 3, 0);
	/* the shipped clips: a tap is heard */
	struct audio *a = panel_audio("assets/voice");
	env_open_with(&e, 800, 480, a);
	rate_show(e.p, &v);
	fake_ticks += RATE_GUARD_MS;
	assert_int_equal(audio_clicks(a), 0);
	tap(&e, "level:1");
	assert_int_equal(audio_clicks(a), 1);
	assert_int_equal(rate_screen(e.p), RATE_SCREEN_THANKS);
	audio_close(a);
	env_close(&e);
	/* a station's own clips without one: taps are silent, nothing fails */
	assert_non_null(mkdtemp(dir));
	snprintf(cmd, sizeof(cmd), "cp %s/assets/voice/* %s/ && rm %s/click.wav", getenv("KIOSK_SRC"),
		 dir, dir);
	assert_int_equal(system(cmd), 0);
	a = panel_audio(dir);
	env_open_with(&e, 800, 480, a);
	rate_show(e.p, &v);
	fake_ticks += RATE_GUARD_MS;
	tap(&e, "level:1");
	assert_int_equal(rate_screen(e.p), RATE_SCREEN_THANKS);
	assert_int_equal(audio_clicks(a), 0);
	audio_close(a);
	env_close(&e);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

/* kiosk --rate with the server away: the counter's name, drawn at once. */
static void the_program_shows_the_counter_when_its_server_is_away(void **state)
{
	char dir[] = "/tmp/rate-XXXXXX", conf[128], shot[128], out[512], text[2048];
	int fd[2], status = 0;
	const char *src = getenv("KIOSK_SRC");
	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(conf, sizeof(conf), "%s/rate.conf", dir);
	snprintf(shot, sizeof(shot), "%s/idle.bmp", dir);
	snprintf(text, sizeof(text), "%s", conf_text);
	char *k = strstr(text, "font = ");
	snprintf(k, sizeof(text) - (size_t)(k - text), "font = %s/fonts/DejaVuSans.ttf\n"
		 "font_bold = %s/fonts/DejaVuSans-Bold.ttf\ntranslations = %s/assets/i18n\n%s", src,
		 src, src, strstr(conf_text, "[sync]"));
	FILE *c = fopen(conf, "w");
	assert_non_null(c);
	fputs(text, c);
	fclose(c);
	assert_int_equal(pipe(fd), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(fd[1], 1);
		close(fd[0]);
		execl(getenv("KIOSK"), "kiosk", "--rate", "3", "--config", conf, "--size", "800x480",
		      "--screenshot", shot, (char *)NULL);
		_exit(127);
	}
	close(fd[1]);
	ssize_t n = read(fd[0], out, sizeof(out) - 1);
	out[n > 0 ? n : 0] = '\0';
	close(fd[0]);
	waitpid(pid, &status, 0);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_string_equal(out, "rate: idle Quầy 3; 0 choices; offline\n");
	SDL_Surface *s0 = SDL_LoadBMP(shot), *s;
	assert_non_null(s0);
	s = SDL_ConvertSurfaceFormat(s0, SDL_PIXELFORMAT_RGB24, 0);
	assert_non_null(s);
	unsigned char *rgb = malloc((size_t)s->w * (size_t)s->h * 3);
	for (int y = 0; y < s->h; y++)
		memcpy(rgb + (size_t)y * (size_t)s->w * 3, (Uint8 *)s->pixels + y * s->pitch,
		       (size_t)s->w * 3);
	long worst, off = golden_compare(rgb, s->w, s->h, "rate-idle-800x480", TILE, &worst);
	assert_true(off * 100 <= (long)s->w * s->h && worst * 100 <= TILE * TILE * 8);
	free(rgb);
	SDL_FreeSurface(s);
	SDL_FreeSurface(s0);
	/* --rate without a counter, or beside --board: the usage */
	for (int i = 0; i < 2; i++) {
		pid = fork();
		if (pid == 0) {
			int null = open("/dev/null", 1);
			dup2(null, 2);
			execl(getenv("KIOSK"), "kiosk", "--rate", i ? "3" : "0", "--config", conf,
			      i ? "--board" : "--size", i ? "--size" : "800x480", i ? "800x480" : NULL,
			      (char *)NULL);
			_exit(127);
		}
		waitpid(pid, &status, 0);
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 2);
	}
	snprintf(text, sizeof(text), "rm -rf '%s'", dir);
	assert_int_equal(system(text), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(screens_match_their_reference_pictures),
		cmocka_unit_test(the_countdown_ends_in_the_counters_name),
		cmocka_unit_test(only_a_deliberate_tap_chooses),
		cmocka_unit_test(the_question_why_gives_way_before_the_window_ends),
		cmocka_unit_test(any_size_lays_out_big_buttons),
		cmocka_unit_test(a_tap_clicks_when_the_voice_has_a_click),
		cmocka_unit_test(the_program_shows_the_counter_when_its_server_is_away),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
