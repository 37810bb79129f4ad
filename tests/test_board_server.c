/*
 * test_board_server.c - kiosk --board as a process, following a real
 * station-server process on 127.0.0.1, heard through SDL's disk audio
 * driver (SDL_AUDIODRIVER=disk writes what would play into a file).
 *
 * A staff call (POST /counters/N/next) reaches the board's state within a
 * second and is played; a second call right after it is played after the
 * first, not over it; a recall plays again; the file holds exactly those
 * calls' samples, in that order, and nothing else loud.  The server killed
 * (-9): the board says it is away (its screenshot shows the mark) and
 * keeps going; the server started again: the next call is on the board.
 */
#include "testutil.h"
#include "heard.h"
#include "kerr.h"
#include "klog.h"
#include "spawn.h"
#include "sync_http.h"
#include "voice.h"

#include <SDL.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define KIOSK_TOKEN "kiosk-token-aaaaaaaaaaaa"
#define STAFF_TOKEN "staff-token-bbbbbbbbbbbb"
#define AUDIO_SPEED "8" /* SDL_DISKAUDIODELAY: ms per 1024 samples, ~8x real time */

struct env {
	char dir[64];
	char server_conf[128], board_conf[128], audio[128], db[128];
	int port;
	struct child server, board;
	struct kconf staff, kiosk, cfg; /* cfg: the board's, for its voice */
	int refs;
};

/* What every configuration here shares: the station, fonts, voice, services. */
static int common(char *buf, size_t len, const struct env *e)
{
	const char *src = getenv("KIOSK_SRC");
	return snprintf(buf, len,
		"[station]\nid = DIAN-PC06\nname_vi = Công an phường Dĩ An\n"
		"[queue]\nsync = normal\ndatabase = %s\n"
		"[voice]\nclips = %s/assets/voice\nrepeat = 1\nchime = no\n"
		"[service.CAPMOI]\nprefix = A\nname_vi = Cấp thẻ căn cước lần đầu\n"
		"hours = 00:00-24:00\ndays = mon-sun\n"
		"[service.CAPDOI]\nprefix = B\nname_vi = Cấp đổi thẻ căn cước\n"
		"hours = 00:00-24:00\ndays = mon-sun\n"
		"[counter.1]\nservices = CAPMOI, CAPDOI\n[counter.2]\nservices = CAPMOI, CAPDOI\n",
		e->db, src);
}

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void load(struct kconf *cfg, const char *text)
{
	struct kconf_errors errs;
	if (tconf(cfg, &errs, text) < 0) {
		kconf_errors_print(&errs, stderr);
		fail_msg("test configuration rejected");
	}
}

/* A client of the server: the board, or a kiosk or staff tool with a token. */
static void client_conf(struct env *e, char *buf, size_t len, const char *extra)
{
	int n = common(buf, len, e);
	snprintf(buf + n, len - (size_t)n,
		 "[sync]\nserver = http://127.0.0.1:%d\ntimeout = 2\ninterval = 2\n%s", e->port,
		 extra);
}

static void server_start(struct env *e)
{
	char listen[32];
	snprintf(listen, sizeof(listen), "127.0.0.1:%d", e->port);
	char *argv[] = { getenv("STATION_SERVER"), "--config", e->server_conf, "--listen", listen,
			 NULL };
	if (e->server.out) /* a restart: what the last one printed goes */
		child_free(&e->server);
	assert_int_equal(child_start(&e->server, argv, NULL), 0);
	long at = child_wait_for(&e->server, "listening on http://127.0.0.1:", 0, 5000);
	if (at < 0)
		fail_msg("the server did not start: %s", e->server.out);
	e->port = atoi(e->server.out + at + strlen("listening on http://127.0.0.1:"));
}

static struct env *env_new(void)
{
	struct env *e = calloc(1, sizeof(*e));
	char text[4096];
	int n;

	klog_init("test", KLOG_ERR);
	assert_non_null(e);
	snprintf(e->dir, sizeof(e->dir), "/tmp/kiosk-board-XXXXXX");
	assert_non_null(mkdtemp(e->dir));
	snprintf(e->db, sizeof(e->db), "%s/server.db", e->dir);
	snprintf(e->server_conf, sizeof(e->server_conf), "%s/server.conf", e->dir);
	snprintf(e->board_conf, sizeof(e->board_conf), "%s/board.conf", e->dir);
	snprintf(e->audio, sizeof(e->audio), "%s/audio.raw", e->dir);
	n = common(text, sizeof(text), e);
	snprintf(text + n, sizeof(text) - (size_t)n,
		 "[server]\nkiosk.lobby-1 = " KIOSK_TOKEN "\nstaff.counter-1 = " STAFF_TOKEN "\n");
	write_text(e->server_conf, text);
	e->port = 0; /* any free port; kept for a restart */
	server_start(e);

	const char *src = getenv("KIOSK_SRC");
	char board[512];
	snprintf(board, sizeof(board), "[kiosk]\nmode = board\nwidth = 1280\nheight = 720\n"
		 "font = %s/fonts/DejaVuSans.ttf\nfont_bold = %s/fonts/DejaVuSans-Bold.ttf\n"
		 "translations = %s/assets/i18n\n", src, src, src);
	client_conf(e, text, sizeof(text), board);
	write_text(e->board_conf, text);
	load(&e->cfg, text);
	client_conf(e, text, sizeof(text), "name = lobby-1\ntoken = " KIOSK_TOKEN "\n");
	load(&e->kiosk, text);
	client_conf(e, text, sizeof(text), "name = counter-1\ntoken = " STAFF_TOKEN "\n");
	load(&e->staff, text);
	return e;
}

static void env_free(struct env *e)
{
	char cmd[128];
	child_free(&e->board);
	child_free(&e->server);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", e->dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", e->dir);
	free(e);
}

/* A request as `as`; returns the HTTP status, *number the ticket's number. */
static long call(struct env *e, const struct kconf *as, const char *method, const char *path,
		 json_t *body, char *number)
{
	struct sync_http *h;
	json_t *reply = NULL;
	long status = 0;
	assert_int_equal(sync_http_open(&h, as), 0);
	assert_int_equal(sync_http_call(h, method, path, body, 3000, &status, &reply), 0);
	sync_http_close(h);
	if (number)
		snprintf(number, 12, "%s", json_string_value(json_object_get(reply, "number")) ?
			 json_string_value(json_object_get(reply, "number")) : "");
	json_decref(reply);
	json_decref(body);
	(void)e;
	return status;
}

static void issue(struct env *e, const char *service)
{
	char ref[32];
	snprintf(ref, sizeof(ref), "lobby-1:%d", ++e->refs);
	assert_int_equal(call(e, &e->kiosk, "POST", "/tickets",
			      json_pack("{s:s, s:s}", "service", service, "client_ref", ref), NULL),
			 201);
}

/* Staff at counter c: "next" or "recall"; the number it is about. */
static void staff(struct env *e, int c, const char *what, char *number)
{
	char path[64];
	snprintf(path, sizeof(path), "/counters/%d/%s", c, what);
	assert_int_equal(call(e, &e->staff, "POST", path, NULL, number), 200);
	assert_true(number[0] != 0);
}

static void board_start(struct env *e)
{
	char file[160];
	snprintf(file, sizeof(file), "SDL_DISKAUDIOFILE=%s", e->audio);
	char *argv[] = { getenv("KIOSK"), "--board", "--config", e->board_conf, NULL };
	char *env[] = { "SDL_VIDEODRIVER=dummy", "SDL_AUDIODRIVER=disk", file,
			"SDL_DISKAUDIODELAY=" AUDIO_SPEED, "KIOSK_BENCH=1", NULL };
	assert_int_equal(child_start(&e->board, argv, env), 0);
	if (child_wait_for(&e->board, "board: following http://", 0, 60000) < 0) /* a hang only */
		fail_msg("the board did not start: %s", e->board.out);
}

/* Wait for the board to print "bench: <what> <number>" after offset from;
 * returns the offset just past it. */
static size_t board_says(struct env *e, const char *what, const char *number, size_t from,
			 int ms)
{
	char line[64];
	snprintf(line, sizeof(line), "bench: %s %s ", what, number);
	/* ms is what the board should take; the wait allows a loaded machine far
	 * more, as only a hang must fail (the speed is bench/'s and printed) */
	ms = ms < 20000 ? 20000 : ms;
	long at = child_wait_for(&e->board, line, from, ms);
	if (at < 0)
		fail_msg("the board did not say '%s' within %d ms:\n%s", line, ms, e->board.out);
	return (size_t)at + strlen(line);
}

/* The calls (number, counter) were played in this order, and nothing else. */
static void heard(struct env *e, const char *const number[], const int counter[], int n)
{
	struct voice *v;
	char err[256];
	assert_int_equal(voice_open(&v, &e->cfg, err, sizeof(err)), 0);
	if (heard_calls(e->audio, v, number, counter, n, NULL, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	voice_close(v);
}

/* Pixels of the away mark's red in the header band (the top 13 %) of a BMP. */
static int red_in_header(const char *bmp)
{
	SDL_Surface *s0 = SDL_LoadBMP(bmp), *s;
	int n = 0;
	assert_non_null(s0);
	s = SDL_ConvertSurfaceFormat(s0, SDL_PIXELFORMAT_ARGB8888, 0);
	SDL_FreeSurface(s0);
	assert_non_null(s);
	for (int y = 0; y < s->h * 13 / 100; y++)
		for (int x = 0; x < s->w; x++)
			n += ((const Uint32 *)((const Uint8 *)s->pixels + y * s->pitch))[x] ==
			     0xffb00020u;
	SDL_FreeSurface(s);
	return n;
}

static double stamp(const char *out, size_t at)
{
	return atof(out + at) / 1e6; /* ns -> ms */
}

static void calls_are_shown_and_heard_in_order(void **state)
{
	struct env *e = env_new();
	char n1[12], n2[12], n3[12];
	(void)state;

	for (int i = 0; i < 2; i++) {
		issue(e, "CAPMOI");
		issue(e, "CAPDOI");
	}
	board_start(e);
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	double click = ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
	staff(e, 1, "next", n1);
	size_t at = board_says(e, "board-state", n1, 0, 1000);
	double shown = stamp(e->board.out, at);
	print_message("%s: staff click -> board %.1f ms\n", n1, shown - click);
	board_says(e, "audio-queued", n1, 0, 2000);
	staff(e, 2, "next", n2); /* within a second of the first */
	size_t a2 = board_says(e, "board-state", n2, 0, 1000);
	a2 = board_says(e, "audio-queued", n2, a2, 5000); /* after the first has played */
	staff(e, 2, "recall", n3);
	assert_string_equal(n3, n2);
	board_says(e, "audio-queued", n2, a2, 5000);
	/* the recall has been queued: the board finishes saying it as it stops */
	assert_int_equal(child_end(&e->board, SIGTERM), 0);
	heard(e, (const char *const[]){ n1, n2, n2 }, (const int[]){ 1, 2, 2 }, 3);
	env_free(e);
}

static void the_board_comes_back_after_the_server_restarts(void **state)
{
	struct env *e = env_new();
	char n1[12], n2[12], shot[160];
	(void)state;

	for (int i = 0; i < 3; i++)
		issue(e, "CAPMOI");
	board_start(e);
	staff(e, 1, "next", n1);
	board_says(e, "board-state", n1, 0, 1000);

	child_end(&e->server, SIGKILL);
	if (child_wait_for(&e->board, "does not answer", 0, 20000) < 0)
		fail_msg("the board did not notice: %s", e->board.out);
	/* a board started while the server is away draws at once, with the mark */
	struct child once;
	snprintf(shot, sizeof(shot), "%s/away.bmp", e->dir);
	char *argv[] = { getenv("KIOSK"), "--board", "--config", e->board_conf, "--screenshot",
			 shot, NULL };
	char *env[] = { "SDL_VIDEODRIVER=dummy", NULL };
	assert_int_equal(child_start(&once, argv, env), 0);
	assert_int_equal(child_end(&once, 0), 0);
	assert_non_null(strstr(once.out, "; offline"));
	assert_true(red_in_header(shot) > 1000);
	child_free(&once);

	size_t from = e->board.len;
	server_start(e); /* the same port and database */
	staff(e, 2, "next", n2);
	assert_string_not_equal(n1, n2);
	board_says(e, "board-state", n2, from, 5000); /* backoff: 1, 2 s */
	board_says(e, "audio-queued", n2, from, 5000);
	assert_true(child_wait_for(&e->board, "the station server answers again", from, 0) >= 0);
	assert_int_equal(child_end(&e->board, SIGTERM), 0);
	env_free(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(calls_are_shown_and_heard_in_order),
		cmocka_unit_test(the_board_comes_back_after_the_server_restarts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
