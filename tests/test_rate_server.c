/*
 * test_rate_server.c - the rating panel (its state, its feed and client
 * threads, in this process on SDL's dummy video driver) following a real
 * station-server process on 127.0.0.1 with counter 1's rater token.
 *
 * Two panels at counter 1 share the token, as a panel and a tablet at one
 * counter would.  Staff finish a ticket at counter 1: both panels show
 * its number.  A tap on the first face of one (an SDL mouse event pushed
 * at the button's rectangle) stores exactly one rating in the server's
 * database; a tap on the other, which has not yet heard, is answered 409
 * already_rated - thanked all the same, nothing stored.  The next ticket:
 * a device that asks what changed since before it was finished is told at
 * once (not when its long-poll's wait ends, with the window gone); its
 * window counted down to the end leaves both panels on the counter's
 * name, and the server (its clock moved past the window by --clock-offset)
 * says idle and refuses a late rating as window_closed.  The test waits on
 * the panels' events, never on a clock: time on the panels is moved by
 * hand, on the server by its offset file.
 */
#include "testutil.h"
#include "i18n.h"
#include "kerr.h"
#include "klog.h"
#include "ksync_rate.h"
#include "rate.h"
#include "rate_feed.h"
#include "spawn.h"
#include "sync_http.h"

#include <SDL.h>
#include <SDL_ttf.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KIOSK_TOKEN "kiosk-token-aaaaaaaaaaaa"
#define STAFF_TOKEN "staff-token-bbbbbbbbbbbb"
#define RATER_TOKEN "rater-token-cccccccccccc"
#define WINDOW_S 10
#define HELD_MAX 64

static Uint32 fake_ticks = 100000;
static Uint32 ticks(void)
{
	return fake_ticks;
}

struct panel {
	struct rate *p;
	struct rate_feed *feed;
	Uint32 type;
	int hold;                    /* its views kept back: it has not heard yet */
	SDL_Event held[HELD_MAX];
	int nheld;
};

struct env {
	char dir[64], conf[128], offset[128], db[128];
	struct child server;
	struct kconf server_cfg, kiosk, staff, rater;
	SDL_Window *win;
	SDL_Renderer *ren;
	struct i18n *text[2];
	struct panel a, b;
	int refs;
};

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int common(char *buf, size_t len, const struct env *e)
{
	return snprintf(buf, len,
		"[station]\nid = DIAN-PC06\nname_vi = Công an phường Dĩ An\n"
		"[queue]\nsync = normal\ndatabase = %s\n"
		"[rating]\nseconds = %d\n"
		"[service.CAPDOI]\nprefix = B\nname_vi = Cấp đổi thẻ căn cước\n"
		"name_en = Renewal of the ID card\nhours = 00:00-24:00\ndays = mon-sun\n"
		"[counter.1]\nservices = CAPDOI\n", e->db, WINDOW_S);
}

/* A client of the server at port: extra is its [kiosk] and [sync] lines. */
static void client(struct env *e, struct kconf *cfg, int port, const char *extra)
{
	char text[4096];
	struct kconf_errors errs;
	int n = common(text, sizeof(text), e);
	snprintf(text + n, sizeof(text) - (size_t)n, "[sync]\nserver = http://127.0.0.1:%d\n"
		 "timeout = 2\ninterval = 1\n%s", port, extra);
	if (tconf(cfg, &errs, text) < 0) {
		kconf_errors_print(&errs, stderr);
		fail_msg("test configuration rejected");
	}
}

static void server_start(struct env *e)
{
	char text[4096];
	int n = common(text, sizeof(text), e);
	snprintf(text + n, sizeof(text) - (size_t)n,
		 "[server]\nkiosk.lobby-1 = " KIOSK_TOKEN "\nstaff.counter-1 = " STAFF_TOKEN "\n"
		 "rater.1 = " RATER_TOKEN "\n");
	write_text(e->conf, text);
	write_text(e->offset, "0\n");
	char *argv[] = { getenv("STATION_SERVER"), "--config", e->conf, "--listen", "127.0.0.1:0",
			 "--clock-offset", e->offset, NULL };
	assert_int_equal(child_start(&e->server, argv, NULL), 0);
	long at = child_wait_for(&e->server, "listening on http://127.0.0.1:", 0, 5000);
	if (at < 0)
		fail_msg("the server did not start: %s", e->server.out);
	int port = atoi(e->server.out + at + strlen("listening on http://127.0.0.1:"));
	client(e, &e->kiosk, port, "name = lobby-1\ntoken = " KIOSK_TOKEN "\n");
	client(e, &e->staff, port, "name = counter-1\ntoken = " STAFF_TOKEN "\n");
	client(e, &e->rater, port,
	       "token = " RATER_TOKEN "\n[kiosk]\nmode = rate\nrate_counter = 1\nenglish = yes\n"
	       "font = fonts/DejaVuSans.ttf\nfont_bold = fonts/DejaVuSans-Bold.ttf\n"
	       "translations = assets/i18n\n");
}

static void panel_open(struct env *e, struct panel *pn)
{
	memset(pn, 0, sizeof(*pn));
	pn->type = SDL_RegisterEvents(1);
	assert_int_equal(rate_feed_start(&pn->feed, &e->rater, pn->type), 0);
	struct rate_deps d = { &e->rater, { e->text[0], e->text[1] }, pn->type, pn->feed, NULL,
			       NULL };
	assert_int_equal(rate_create(&pn->p, e->ren, &d), 0);
	rate_set_ticks(pn->p, ticks);
}

static void panel_close(struct panel *pn)
{
	rate_feed_stop(pn->feed);
	for (int i = 0; i < pn->nheld; i++)
		free(pn->held[i].user.data1);
	rate_feed_drain(pn->type);
	rate_destroy(pn->p);
}

static struct env *env_new(void)
{
	struct env *e = calloc(1, sizeof(*e));
	char dir[512];
	assert_non_null(e);
	klog_init("test", KLOG_WARN);
	snprintf(e->dir, sizeof(e->dir), "/tmp/kiosk-rate-XXXXXX");
	assert_non_null(mkdtemp(e->dir));
	snprintf(e->db, sizeof(e->db), "%s/server.db", e->dir);
	snprintf(e->conf, sizeof(e->conf), "%s/server.conf", e->dir);
	snprintf(e->offset, sizeof(e->offset), "%s/offset", e->dir);
	server_start(e);
	assert_int_equal(SDL_Init(SDL_INIT_VIDEO), 0);
	assert_int_equal(TTF_Init(), 0);
	e->win = SDL_CreateWindow("rate", 0, 0, 800, 480, 0);
	e->ren = SDL_CreateRenderer(e->win, -1, SDL_RENDERER_SOFTWARE);
	assert_non_null(e->ren);
	snprintf(dir, sizeof(dir), "%s/assets/i18n", getenv("KIOSK_SRC"));
	assert_int_equal(i18n_load(&e->text[0], dir, "vi"), 0);
	assert_int_equal(i18n_load(&e->text[1], dir, "en"), 0);
	panel_open(e, &e->a);
	panel_open(e, &e->b);
	return e;
}

static void env_free(struct env *e)
{
	char cmd[128];
	panel_close(&e->a);
	panel_close(&e->b);
	i18n_free(e->text[0]);
	i18n_free(e->text[1]);
	SDL_DestroyRenderer(e->ren);
	SDL_DestroyWindow(e->win);
	TTF_Quit();
	SDL_Quit();
	assert_int_equal(child_end(&e->server, SIGTERM), 0);
	child_free(&e->server);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", e->dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", e->dir);
	free(e);
}

/* A request as `as`; the HTTP status, *number the answer's "number". */
static long request(const struct kconf *as, const char *method, const char *path, json_t *body,
		    char *number)
{
	struct sync_http *h;
	json_t *reply = NULL;
	long status = 0;
	assert_int_equal(sync_http_open(&h, as), 0);
	assert_int_equal(sync_http_call(h, method, path, body, 5000, &status, &reply), 0);
	sync_http_close(h);
	if (number)
		snprintf(number, 12, "%s", json_string_value(json_object_get(reply, "number")) ?
			 json_string_value(json_object_get(reply, "number")) : "");
	json_decref(reply);
	json_decref(body);
	return status;
}

/* A citizen takes a number, counter 1 calls and finishes them: the number. */
static void serve_one(struct env *e, char *number)
{
	char ref[32], done[12];
	snprintf(ref, sizeof(ref), "lobby-1:%d", ++e->refs);
	assert_int_equal(request(&e->kiosk, "POST", "/tickets", json_pack("{s:s, s:s}", "service",
				 "CAPDOI", "client_ref", ref), NULL), 201);
	assert_int_equal(request(&e->staff, "POST", "/counters/1/next", NULL, number), 200);
	assert_int_equal(request(&e->staff, "POST", "/counters/1/done", NULL, done), 200);
	assert_string_equal(done, number);
}

/* Hand one event to the panel it is for; a held panel's views wait. */
static void dispatch(struct env *e, struct panel *target, SDL_Event *ev)
{
	struct panel *pn = ev->type == e->a.type ? &e->a : ev->type == e->b.type ? &e->b : target;
	const struct rate_news *n = ev->type == pn->type ? ev->user.data1 : NULL;
	if (n && n->kind == RATE_NEWS_AWAY) { /* it runs throughout: away is a failure */
		child_wait_for(&e->server, "never printed", 0, 0); /* what it said so far */
		fail_msg("the panel finds the server away (%s):\n%s", kerr_text(n->rc),
			 e->server.out);
	}
	if (pn->hold && n && n->kind == RATE_NEWS_VIEW) {
		assert_true(pn->nheld < HELD_MAX);
		pn->held[pn->nheld++] = *ev;
		return;
	}
	if (rate_event(pn->p, ev))
		rate_draw(pn->p);
}

/* Take events (taps go to target) until cond(arg) holds: no clock, a hang
 * is the test's timeout. */
static void until(struct env *e, struct panel *target, int (*cond)(struct env *, const void *),
		  const void *arg)
{
	SDL_Event ev;
	while (!cond(e, arg)) {
		assert_int_equal(SDL_WaitEvent(&ev), 1);
		dispatch(e, target, &ev);
	}
}

static int both_show(struct env *e, const void *number)
{
	return rate_screen(e->a.p) == RATE_SCREEN_OPEN && !strcmp(rate_number(e->a.p), number) &&
	       rate_screen(e->b.p) == RATE_SCREEN_OPEN && !strcmp(rate_number(e->b.p), number);
}

static int answered(struct env *e, const void *pn)
{
	(void)e;
	return rate_answers(((const struct panel *)pn)->p, NULL, NULL) > 0;
}

/* A tap on button what of panel pn: SDL mouse events pushed at its middle. */
static void tap(struct env *e, struct panel *pn, const char *what)
{
	SDL_Rect r;
	SDL_Event ev;
	assert_int_equal(rate_rect(pn->p, what, &r), 0);
	for (int up = 0; up < 2; up++) {
		SDL_zero(ev);
		ev.type = up ? SDL_MOUSEBUTTONUP : SDL_MOUSEBUTTONDOWN;
		ev.button.button = SDL_BUTTON_LEFT;
		ev.button.state = up ? SDL_RELEASED : SDL_PRESSED;
		ev.button.x = r.x + r.w / 2;
		ev.button.y = r.y + r.h / 2;
		assert_int_equal(SDL_PushEvent(&ev), 1);
		assert_int_equal(SDL_WaitEvent(&ev), 1);
		while (ev.type != SDL_MOUSEBUTTONDOWN && ev.type != SDL_MOUSEBUTTONUP) {
			dispatch(e, pn, &ev); /* news that came first */
			assert_int_equal(SDL_WaitEvent(&ev), 1);
		}
		dispatch(e, pn, &ev);
	}
}

/* Ratings of number in the server's database; *level the last one's. */
static int stored(struct env *e, const char *number, int *level)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	int n = 0;
	assert_int_equal(sqlite3_open_v2(e->db, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT level, counter, channel FROM ratings "
					    "WHERE number = ?", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, number, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		n++;
		*level = sqlite3_column_int(st, 0);
		assert_int_equal(sqlite3_column_int(st, 1), 1);
		assert_string_equal((const char *)sqlite3_column_text(st, 2), "counter");
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	return n;
}

static void one_tap_one_rating_and_the_window_closes(void **state)
{
	struct env *e = env_new();
	char number[12], next[12];
	int rc, level = 0;
	enum rate_sent sent;
	(void)state;

	Uint32 t0 = SDL_GetTicks();
	serve_one(e, number);
	until(e, &e->a, both_show, number);
	print_message("%s finished at counter 1: both panels show it %u ms after the ticket was "
		      "issued (a figure, not a bound)\n", number, SDL_GetTicks() - t0);
	fake_ticks += RATE_GUARD_MS;

	/* the first face on panel a: one rating, stored */
	e->b.hold = 1; /* b has not heard of it yet */
	t0 = SDL_GetTicks();
	tap(e, &e->a, "level:1");
	assert_int_equal(rate_screen(e->a.p), RATE_SCREEN_THANKS);
	until(e, &e->a, answered, &e->a);
	print_message("tap -> rating stored and answered: %u ms\n", SDL_GetTicks() - t0);
	assert_int_equal(rate_answers(e->a.p, &rc, &sent), 1);
	assert_int_equal(rc, K_OK);
	assert_int_equal(sent, RATE_SENT_TAKEN);
	assert_int_equal(stored(e, number, &level), 1);
	assert_int_equal(level, 1);

	/* the same ticket on panel b: 409 already_rated, thanked, nothing stored */
	assert_int_equal(rate_screen(e->b.p), RATE_SCREEN_OPEN);
	tap(e, &e->b, "level:3");
	assert_int_equal(rate_screen(e->b.p), RATE_SCREEN_REASONS); /* why? */
	fake_ticks += RATE_GUARD_MS;
	tap(e, &e->b, "reason:1");
	assert_int_equal(rate_screen(e->b.p), RATE_SCREEN_THANKS);
	until(e, &e->b, answered, &e->b);
	assert_int_equal(rate_answers(e->b.p, &rc, &sent), 1);
	assert_int_equal(rc, K_OK);
	assert_int_equal(sent, RATE_SENT_ALREADY);
	assert_int_equal(stored(e, number, &level), 1);
	assert_int_equal(level, 1);
	e->b.hold = 0;
	for (int i = 0; i < e->b.nheld; i++)
		dispatch(e, &e->b, &e->b.held[i]);
	e->b.nheld = 0;
	fake_ticks += RATE_THANKS_MS;
	rate_tick(e->a.p);
	rate_tick(e->b.p);
	assert_int_equal(rate_screen(e->a.p), RATE_SCREEN_IDLE);
	assert_int_equal(rate_screen(e->b.p), RATE_SCREEN_IDLE);

	/* the next citizen: a device that last heard before they were finished
	 * is told at once, while the choice is open, not when its wait ends */
	struct ksync_rate *direct;
	struct rate_view v;
	assert_int_equal(ksync_rate_open(&direct, &e->rater), 0);
	assert_int_equal(ksync_rate_get(direct, -1, 0, &v), K_OK);
	assert_int_equal(v.state, RATE_RATED);
	int64_t seen = v.last;
	serve_one(e, next);
	assert_int_equal(ksync_rate_get(direct, seen, WINDOW_S, &v), K_OK);
	assert_int_equal(v.state, RATE_OPEN);
	assert_string_equal(v.number, next);
	assert_true(v.expires_in > 0);
	/* not rated: the window runs out on both panels */
	until(e, &e->a, both_show, next);
	fake_ticks += WINDOW_S * 1000;
	rate_tick(e->a.p);
	rate_tick(e->b.p);
	assert_int_equal(rate_screen(e->a.p), RATE_SCREEN_IDLE);
	assert_int_equal(rate_screen(e->b.p), RATE_SCREEN_IDLE);
	/* and the server, its clock past the window and its grace, agrees */
	write_text(e->offset, "60\n");
	assert_int_equal(ksync_rate_get(direct, -1, 0, &v), K_OK);
	assert_int_equal(v.state, RATE_IDLE);
	assert_int_equal(v.counter, 1);
	assert_int_equal(ksync_rate_send(direct, next, 2, 0, &sent), K_OK);
	assert_int_equal(sent, RATE_SENT_CLOSED);
	ksync_rate_close(direct);
	assert_int_equal(stored(e, next, &level), 0);
	env_free(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(one_tap_one_rating_and_the_window_closes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
