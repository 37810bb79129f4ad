/*
 * test_board.c - the lobby board (kiosk --board) without a server.
 *
 * The real program renders a queue database made here at a fixed time on
 * a 1920x1080 TV, a 1280x720 one and a 1080x1920 portrait screen, and its
 * screenshots still look like their references (tests/golden/board-*.png;
 * KIOSK_UPDATE_GOLDEN=1 rewrites them): a missing call, a wrong number or
 * an empty board fails, even where the whole picture differs by little.
 * In the process's own terms: two calls within a second each get their
 * turn in the big highlight; a call made on the database reaches the board
 * through its feed; calls are played in order into SDL's disk audio driver
 * (a recall plays again); no audio device leaves the board silent, not
 * stopped.
 */
#include "testutil.h"
#include "golden.h"
#include "audio.h"
#include "board.h"
#include "board_feed.h"
#include "heard.h"
#include "i18n.h"
#include "kerr.h"
#include "voice.h"

#include <SDL.h>
#include <SDL_ttf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static Uint32 fake_ticks = 100000;
static Uint32 ticks(void)
{
	return fake_ticks;
}

/* A station with four services (one with a long name) and a named counter;
 * one [voice] phrase said once, without the chime, to keep the audio short. */
static void board_conf(char *buf, size_t len, const char *db)
{
	const char *src = getenv("KIOSK_SRC");
	snprintf(buf, len,
		 "[station]\nid = DIAN-PC06\nname_vi = Công an phường Dĩ An\n"
		 "name_en = Di An Ward Police\n"
		 "[queue]\nsync = normal\ndatabase = %s\n"
		 "[kiosk]\nmode = board\nfont = %s/fonts/DejaVuSans.ttf\n"
		 "font_bold = %s/fonts/DejaVuSans-Bold.ttf\ntranslations = %s/assets/i18n\n"
		 "[voice]\nclips = %s/assets/voice\nrepeat = 1\nchime = no\n"
		 "[service.CAPMOI]\nprefix = A\nname_vi = Cấp thẻ căn cước lần đầu\n"
		 "name_en = First citizen ID card\nhours = 00:00-24:00\ndays = mon-sun\n"
		 "[service.CAPDOI]\nprefix = B\nname_vi = Cấp đổi thẻ căn cước\n"
		 "name_en = Renewal of the ID card\nhours = 00:00-24:00\ndays = mon-sun\n"
		 "[service.CAPLAI]\nprefix = C\nname_vi = Cấp lại thẻ căn cước (mất thẻ)\n"
		 "name_en = Replacement of a lost card\nhours = 00:00-24:00\ndays = mon-sun\n"
		 "[service.VNEID]\nprefix = D\nname_vi = Kích hoạt định danh điện tử VNeID mức 2\n"
		 "name_en = VNeID level 2 activation\nhours = 00:00-24:00\ndays = mon-sun\n"
		 "[counter.1]\nservices = CAPMOI, CAPDOI\n"
		 "[counter.2]\nservices = CAPMOI, CAPDOI, CAPLAI\n"
		 "[counter.3]\nservices = VNEID\nname_vi = Quầy 3 - VNeID\nname_en = Desk 3 - VNeID\n",
		 db, src, src, src, src);
}

static struct tfix *fixture(void)
{
	char text[4096];
	board_conf(text, sizeof(text), "queue.db"); /* tfix puts its own database aside */
	return tfix_new_text(text, "2026-11-28T08:00");
}

/* ---- the real program against its reference pictures ---- */

/* Run kiosk --board; its stdout (the line saying what it shows) into out. */
static int run_board(const char *conf, const char *size, const char *shot, char *out,
		     size_t len)
{
	int fd[2], status = 0;
	assert_int_equal(pipe(fd), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(fd[1], 1);
		close(fd[0]);
		execl(getenv("KIOSK"), "kiosk", "--board", "--config", conf, "--size", size,
		      "--now", "2026-11-28T09:30", "--screenshot", shot, (char *)NULL);
		_exit(127);
	}
	close(fd[1]);
	size_t n = 0;
	ssize_t r;
	while (n + 1 < len && (r = read(fd[0], out + n, len - n - 1)) > 0)
		n += (size_t)r;
	out[n] = 0;
	close(fd[0]);
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* A BMP at half size as RGB. */
static unsigned char *half_rgb(const char *bmp, int *w, int *h)
{
	SDL_Surface *s0 = SDL_LoadBMP(bmp);
	assert_non_null(s0);
	SDL_Surface *s = SDL_ConvertSurfaceFormat(s0, SDL_PIXELFORMAT_ARGB8888, 0);
	SDL_FreeSurface(s0);
	assert_non_null(s);
	*w = s->w / 2;
	*h = s->h / 2;
	unsigned char *rgb = malloc((size_t)*w * (size_t)*h * 3);
	for (int y = 0; y < *h; y++)
		for (int x = 0; x < *w; x++)
			for (int c = 0; c < 3; c++) {
				int sum = 0;
				for (int k = 0; k < 4; k++) {
					const Uint32 *row = (const Uint32 *)((const Uint8 *)s->pixels +
						(2 * y + k / 2) * s->pitch);
					sum += (row[2 * x + k % 2] >> (16 - 8 * c)) & 0xff;
				}
				rgb[(y * *w + x) * 3 + c] = (unsigned char)(sum / 4);
			}
	SDL_FreeSurface(s);
	return rgb;
}

#define TILE 16

/*
 * Compared with tests/golden/<name>.png: at most 1 % of the pixels may
 * differ (another FreeType draws glyph edges a little otherwise), and no
 * 16x16 tile by more than 8 % of its pixels, which a changed digit does.
 */
static void compare_golden(const char *bmp, const char *name)
{
	int w, h;
	unsigned char *rgb = half_rgb(bmp, &w, &h);
	long worst, off = golden_compare(rgb, w, h, name, TILE, &worst);
	print_message("%s: %ld of %d pixels differ, at most %ld in a tile\n", name, off, w * h,
		      worst);
	assert_true(off * 100 <= (long)w * h);
	assert_true(worst * 100 <= TILE * TILE * 8);
	free(rgb);
}

/* Calls at counters 1, 2, 3 and 1 again, minutes apart; the numbers in out. */
static void make_calls(struct tfix *f, char called[4][12], int counters[4])
{
	static const char *svc[] = { "CAPMOI", "CAPMOI", "CAPDOI", "CAPMOI", "CAPLAI", "VNEID",
				     "VNEID", "CAPDOI", "CAPMOI" };
	static const int at[4] = { 1, 2, 3, 1 };
	struct queue_ticket t;
	for (size_t i = 0; i < sizeof(svc) / sizeof(svc[0]); i++)
		tissue(f, svc[i], 0);
	for (int i = 0; i < 4; i++) {
		f->now += 300;
		assert_int_equal(queue_call_next(f->q, at[i], &t), 0);
		snprintf(called[i], 12, "%s", t.number);
		counters[i] = at[i];
	}
}

static void board_matches_its_reference_pictures(void **state)
{
	static const char *size[] = { "1920x1080", "1280x720", "1080x1920" };
	static const char *golden[] = { "board-landscape", "board-720p", "board-portrait" };
	struct tfix *f = fixture();
	char called[4][12], conf[512], text[4096], shot[512], out[2048], want[160];
	int counters[4];
	(void)state;

	make_calls(f, called, counters);
	snprintf(conf, sizeof(conf), "%s/board.conf", f->dir);
	board_conf(text, sizeof(text), f->db);
	FILE *c = fopen(conf, "w");
	assert_non_null(c);
	fputs(text, c);
	fclose(c);
	for (int i = 0; i < 3; i++) {
		snprintf(shot, sizeof(shot), "%s/%s.bmp", f->dir, golden[i]);
		assert_int_equal(run_board(conf, size[i], shot, out, sizeof(out)), 0);
		print_message("%s", out);
		/* what it says it shows: the newest in the highlight, every call newest
		 * first, the people still waiting */
		snprintf(want, sizeof(want), "highlight %s>%d; calls %s>%d %s>%d %s>%d %s>%d;",
			 called[3], counters[3], called[3], counters[3], called[2], counters[2],
			 called[1], counters[1], called[0], counters[0]);
		assert_non_null(strstr(out, want));
		assert_non_null(strstr(out, "waiting CAPMOI=2, CAPDOI=1, CAPLAI=1, VNEID=1; online"));
		compare_golden(shot, golden[i]);
	}
	tfix_free(f);
}

/* A BMP as ARGB; *w x *h. */
static SDL_Surface *load_argb(const char *bmp)
{
	SDL_Surface *s0 = SDL_LoadBMP(bmp);
	assert_non_null(s0);
	SDL_Surface *s = SDL_ConvertSurfaceFormat(s0, SDL_PIXELFORMAT_ARGB8888, 0);
	SDL_FreeSurface(s0);
	assert_non_null(s);
	return s;
}

static Uint32 at(const SDL_Surface *s, int x, int y)
{
	return ((const Uint32 *)((const Uint8 *)s->pixels + y * s->pitch))[x] & 0xffffff;
}

/*
 * [kiosk] rotate = 90 on a 1920x1080 TV mounted upright: the board lays out
 * for 1080x1920 and is shown turned - the screenshot (what the panel shows)
 * is, turned back, the portrait board pixel for pixel, and says the same.
 */
static void board_turned_on_a_landscape_tv_is_the_portrait_board(void **state)
{
	struct tfix *f = fixture();
	char called[4][12], conf[2][512], text[4096], turned[4200], shot[2][512], out[2][2048];
	int counters[4];
	(void)state;

	make_calls(f, called, counters);
	board_conf(text, sizeof(text), f->db);
	char *k = strstr(text, "[kiosk]\n") + 8;
	snprintf(turned, sizeof(turned), "%.*srotate = 90\n%s", (int)(k - text), text, k);
	for (int i = 0; i < 2; i++) {
		snprintf(conf[i], sizeof(conf[i]), "%s/board-%d.conf", f->dir, i * 90);
		snprintf(shot[i], sizeof(shot[i]), "%s/board-%d.bmp", f->dir, i * 90);
		FILE *c = fopen(conf[i], "w");
		assert_non_null(c);
		fputs(i ? turned : text, c);
		fclose(c);
		assert_int_equal(run_board(conf[i], i ? "1920x1080" : "1080x1920", shot[i], out[i],
					   sizeof(out[i])), 0);
		print_message("rotate = %d: %s", i * 90, out[i]);
	}
	assert_string_equal(out[0], out[1]);
	SDL_Surface *upright = load_argb(shot[0]), *tv = load_argb(shot[1]);
	assert_int_equal(upright->w, 1080);
	assert_int_equal(upright->h, 1920);
	assert_int_equal(tv->w, 1920);
	assert_int_equal(tv->h, 1080);
	long off = 0, ink = 0;
	for (int y = 0; y < 1920; y++)
		for (int x = 0; x < 1080; x++) {
			off += at(upright, x, y) != at(tv, 1919 - y, x);
			ink += at(upright, x, y) != at(upright, 0, 0);
		}
	print_message("turned back: %ld of %d pixels differ from the portrait board\n", off,
		      1080 * 1920);
	assert_true(ink > 100000); /* a board, not two blanks */
	assert_int_equal(off, 0);
	SDL_FreeSurface(upright);
	SDL_FreeSurface(tv);
	tfix_free(f);
}

/* ---- the board in this process ---- */

struct env {
	struct tfix *f;
	SDL_Window *win;
	SDL_Renderer *ren;
	struct i18n *text[2];
	struct board *b;
	Uint32 type;
};

static void env_open(struct env *e, struct audio *audio)
{
	char dir[512];
	memset(e, 0, sizeof(*e));
	e->f = fixture();
	assert_int_equal(SDL_Init(SDL_INIT_VIDEO), 0);
	assert_int_equal(TTF_Init(), 0);
	e->win = SDL_CreateWindow("board", 0, 0, 1280, 720, 0);
	e->ren = SDL_CreateRenderer(e->win, -1, SDL_RENDERER_SOFTWARE);
	assert_non_null(e->ren);
	snprintf(dir, sizeof(dir), "%s/assets/i18n", getenv("KIOSK_SRC"));
	assert_int_equal(i18n_load(&e->text[0], dir, "vi"), 0);
	assert_int_equal(i18n_load(&e->text[1], dir, "en"), 0);
	e->type = SDL_RegisterEvents(1);
	struct board_deps d = { &e->f->cfg, &e->f->clock, { e->text[0], e->text[1] }, e->type,
				audio, NULL };
	assert_int_equal(board_create(&e->b, e->ren, &d), 0);
	board_set_ticks(e->b, ticks);
}

static void env_close(struct env *e)
{
	board_destroy(e->b);
	board_feed_drain(e->type);
	i18n_free(e->text[0]);
	i18n_free(e->text[1]);
	SDL_DestroyRenderer(e->ren);
	SDL_DestroyWindow(e->win);
	TTF_Quit();
	SDL_Quit();
	tfix_free(e->f);
}

/* News of one call (kind "called" or "recalled"), as the feed posts it. */
static void news(struct env *e, const char *kind, const char *number, int counter)
{
	struct board_news *n = calloc(1, sizeof(*n));
	SDL_Event ev;
	n->online = 1;
	n->ncalls = 1;
	snprintf(n->calls[0].kind, sizeof(n->calls[0].kind), "%s", kind);
	snprintf(n->calls[0].number, sizeof(n->calls[0].number), "%s", number);
	n->calls[0].counter = counter;
	SDL_zero(ev);
	ev.type = e->type;
	ev.user.data1 = n;
	assert_int_equal(board_event(e->b, &ev), 1);
}

static void wait_ms(struct env *e, Uint32 ms)
{
	fake_ticks += ms;
	board_tick(e->b);
}

static void assert_highlight(struct env *e, const char *number, int counter, int fresh)
{
	int c, fr;
	const char *n = board_highlight(e->b, &c, &fr);
	if (strcmp(n, number) != 0 || c != counter || fr != fresh)
		fail_msg("highlight %s>%d%s, wanted %s>%d%s", n, c, fr ? " (new)" : "", number,
			 counter, fresh ? " (new)" : "");
}

static void two_calls_in_a_second_each_get_their_turn(void **state)
{
	struct env e;
	(void)state;
	env_open(&e, NULL);
	news(&e, "called", "A001", 1);
	assert_highlight(&e, "A001", 1, 1);
	wait_ms(&e, 300);
	news(&e, "called", "B001", 2); /* while A001 is new: it waits its turn */
	assert_highlight(&e, "A001", 1, 1);
	assert_int_equal(board_queued(e.b), 1);
	assert_true(board_next_timeout(e.b) <= BOARD_HOLD_MS - 300);
	wait_ms(&e, BOARD_HOLD_MS - 400);
	assert_highlight(&e, "A001", 1, 1); /* A001 is shown its whole time */
	wait_ms(&e, 100);
	assert_highlight(&e, "B001", 2, 1);
	assert_int_equal(board_queued(e.b), 0);
	wait_ms(&e, BOARD_HOLD_MS - 1);
	assert_highlight(&e, "B001", 2, 1);
	wait_ms(&e, 1);
	assert_highlight(&e, "B001", 2, 0); /* then it stays, calm */
	/* a recall takes the highlight again at once */
	wait_ms(&e, 10000);
	news(&e, "recalled", "A001", 1);
	assert_highlight(&e, "A001", 1, 1);
	/* the same call twice while it waits is one turn */
	news(&e, "called", "C001", 3);
	news(&e, "recalled", "C001", 3);
	assert_int_equal(board_queued(e.b), 1);
	board_draw(e.b);
	env_close(&e);
}

/* Feed SDL events to the board until cond holds (3 s at most). */
static int pump_until(struct env *e, int (*cond)(struct env *, const void *), const void *arg)
{
	SDL_Event ev;
	Uint32 t0 = SDL_GetTicks();
	while (!cond(e, arg) && SDL_GetTicks() - t0 < 20000) /* a hang, not a slow machine */
		if (SDL_WaitEventTimeout(&ev, 10))
			board_event(e->b, &ev);
	return cond(e, arg);
}

static int ready(struct env *e, const void *arg)
{
	(void)arg;
	return board_ready(e->b);
}

static int highlighted(struct env *e, const void *number)
{
	int fresh;
	return !strcmp(board_highlight(e->b, NULL, &fresh), number) && fresh;
}

static int listed_first(struct env *e, const void *number)
{
	const struct board_view *v = board_current(e->b);
	return v->ncalls > 0 && !strcmp(v->calls[0].number, number);
}

static void a_call_on_the_database_reaches_the_board(void **state)
{
	struct env e;
	struct board_feed *feed;
	struct queue_ticket t;
	(void)state;

	env_open(&e, NULL);
	tissue(e.f, "CAPMOI", 0);
	tissue(e.f, "CAPDOI", 0);
	assert_int_equal(board_feed_start(&feed, &e.f->cfg, &e.f->clock, e.f->db, e.type), 0);
	assert_true(pump_until(&e, ready, NULL));
	assert_int_equal(board_online(e.b), 1);
	assert_int_equal(board_current(e.b)->ncalls, 0);
	assert_int_equal(board_current(e.b)->services[0].waiting, 1);

	Uint32 t0 = SDL_GetTicks();
	assert_int_equal(queue_call_next(e.f->q, 1, &t), 0);
	assert_true(pump_until(&e, highlighted, t.number));
	print_message("a call on the database reached the board in %u ms (polled every 200 ms)\n",
		      SDL_GetTicks() - t0);
	assert_true(pump_until(&e, listed_first, t.number));
	assert_int_equal(board_current(e.b)->services[0].waiting, 0);

	/* a recall is news again: the highlight is new once more */
	fake_ticks += 2 * BOARD_HOLD_MS;
	board_tick(e.b);
	assert_false(highlighted(&e, t.number));
	assert_int_equal(queue_recall(e.f->q, 1, &t), 0);
	assert_true(pump_until(&e, highlighted, t.number));
	board_feed_stop(feed);
	env_close(&e);
}

/* ---- the voice ---- */

static void calls_play_in_order_and_a_recall_again(void **state)
{
	struct tfix *f = fixture();
	struct voice *v;
	char path[256], err[256];
	int16_t *a1;
	size_t na;
	long at[3];
	(void)state;

	assert_int_equal(voice_open(&v, &f->cfg, err, sizeof(err)), 0);
	assert_int_equal(voice_render(v, "A001", 1, &a1, &na), 0);
	snprintf(path, sizeof(path), "%s/audio.raw", f->dir);
	setenv("SDL_AUDIODRIVER", "disk", 1);
	setenv("SDL_DISKAUDIOFILE", path, 1);
	setenv("SDL_DISKAUDIODELAY", "5", 1); /* faster than real time */
	assert_int_equal(SDL_Init(SDL_INIT_EVENTS), 0);
	struct audio *a = audio_open(&f->cfg);
	assert_true(audio_live(a));
	audio_say(a, "A001", 1);
	audio_say(a, "B001", 2);
	audio_say(a, "A001", 1); /* recalled */
	for (int i = 0; i < 2000 && audio_pending(a) > 0; i++)
		SDL_Delay(10);
	assert_int_equal(audio_pending(a), 0);
	audio_close(a); /* the file is complete once the device is closed */
	SDL_Quit();
	unsetenv("SDL_DISKAUDIODELAY");
	setenv("SDL_AUDIODRIVER", "dummy", 1);

	/* the three calls in order, nothing else loud */
	if (heard_calls(path, v, (const char *const[]){ "A001", "B001", "A001" },
			(const int[]){ 1, 2, 1 }, 3, at, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	print_message("A001 at byte %ld, B001 at %ld, A001 again at %ld\n", at[0], at[1], at[2]);
	/* and not run together: some silence between them */
	assert_true((size_t)(at[1] - at[0]) >= na * 2 + (size_t)voice_rate(v) / 4);
	free(a1);
	voice_close(v);
	tfix_free(f);
}

static void no_audio_device_leaves_the_board_silent(void **state)
{
	struct tfix *f = fixture();
	(void)state;
	setenv("SDL_AUDIODRIVER", "no-such-driver", 1);
	assert_int_equal(SDL_Init(SDL_INIT_EVENTS), 0);
	struct audio *a = audio_open(&f->cfg);
	assert_non_null(a);
	assert_false(audio_live(a));
	audio_say(a, "A001", 1);
	assert_int_equal(audio_pending(a), 0);
	audio_close(a);
	SDL_Quit();
	setenv("SDL_AUDIODRIVER", "dummy", 1);
	tfix_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(board_matches_its_reference_pictures),
		cmocka_unit_test(board_turned_on_a_landscape_tv_is_the_portrait_board),
		cmocka_unit_test(two_calls_in_a_second_each_get_their_turn),
		cmocka_unit_test(a_call_on_the_database_reaches_the_board),
		cmocka_unit_test(calls_play_in_order_and_a_recall_again),
		cmocka_unit_test(no_audio_device_leaves_the_board_silent),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
