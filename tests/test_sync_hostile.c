/*
 * test_sync_hostile.c - the kiosk's real sync client (ksync, ksync_board,
 * ksync_rate, sync_http) against a scripted fake server on 127.0.0.1
 * (hostile_server.c) that answers garbled JSON, truncated bodies, a body
 * trickling a byte a second, 100 MB and endless bodies, redirects, another
 * kiosk's ticket and, value by value, every field of every answer with a
 * wrong type; and against an HTTPS server whose certificate the kiosk must
 * not trust.  Each gives the outcome docs/sync.md promises: the kiosk
 * issues offline, the request ends within its timeout with a line in the
 * log, memory stays bounded, and when a good server is back every offline
 * ticket reaches it, none issued twice.
 */
#include "testutil.h"
#include "booking.h"
#include "hostile_server.h"
#include "kerr.h"
#include "klog.h"
#include "ksync.h"
#include "ksync_board.h"
#include "ksync_rate.h"
#include "sync_http.h"
#include "ticket_page.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define TOKEN "kiosk-token-aaaaaaaaaaaa"
#define MAX_ISSUED 1024

struct env {
	char dir[64], log[96];
	int saved_stderr;
	long log_mark;
	struct hostile *srv, *elsewhere;
	struct kconf cfg;
	struct ksync *k;
	struct ksync_board *board;
	struct ksync_rate *rate;
	char issued[MAX_ISSUED][12];
	int offline[MAX_ISSUED], nissued;
};

/* timeout_s, issue_ms: [sync] timeout and issue_timeout; large (a loaded
 * machine, the sanitizers) but where a trickle is given up: the smallest. */
static void conf(struct env *e, struct kconf *cfg, const char *server, const char *cafile,
		 int timeout_s, int issue_ms)
{
	char text[2048];
	struct kconf_errors errs;
	snprintf(text, sizeof(text),
		 "[station]\nid = T\nname_vi = Thử\n[queue]\nsync = normal\n"
		 "[sync]\nserver = %s\nname = lobby-1\ntoken = " TOKEN "\n"
		 "outbox = %s/outbox.db\ncafile = %s\n"
		 "issue_timeout = %d\ntimeout = %d\ninterval = 1\nlease = 3\nband = 601-4999\n"
		 "[service.A]\nprefix = A\nname_vi = A\nhours = 00:00-24:00\ndays = mon-sun\n"
		 "[counter.1]\nservices = A\n", server, e->dir, cafile, issue_ms, timeout_s);
	if (tconf(cfg, &errs, text) < 0) {
		kconf_errors_print(&errs, stderr);
		fail_msg("test configuration rejected");
	}
}

static void open_client(struct env *e)
{
	assert_int_equal(ksync_open(&e->k, &e->cfg, &kclock_system), 0);
	assert_int_equal(ksync_board_open(&e->board, &e->cfg), 0);
	assert_int_equal(ksync_rate_open(&e->rate, &e->cfg), 0);
}

static int setup(void **state)
{
	struct env *e = calloc(1, sizeof(*e));
	char url[64];
	assert_non_null(e);
	snprintf(e->dir, sizeof(e->dir), "/tmp/sync-hostile-XXXXXX");
	assert_non_null(mkdtemp(e->dir));
	/* the client's log lines go to a file the test reads; a sanitizer's
	 * report too, so it is named here (an abort leaves it in place) */
	snprintf(e->log, sizeof(e->log), "%s/log", e->dir);
	print_message("stderr (the client's log) goes to %s\n", e->log);
	int fd = open(e->log, O_WRONLY | O_CREAT | O_APPEND, 0600);
	assert_true(fd >= 0);
	e->saved_stderr = dup(2);
	assert_int_equal(dup2(fd, 2), 2);
	close(fd);
	klog_init("kiosk", KLOG_INFO);
	e->srv = hostile_start();
	e->elsewhere = hostile_start();
	assert_non_null(e->srv);
	assert_non_null(e->elsewhere);
	snprintf(url, sizeof(url), "http://127.0.0.1:%d", hostile_port(e->srv));
	conf(e, &e->cfg, url, "", 60, 10000);
	open_client(e);
	*state = e;
	return 0;
}

static int teardown(void **state)
{
	struct env *e = *state;
	char cmd[128];
	ksync_board_close(e->board);
	ksync_rate_close(e->rate);
	ksync_close(e->k);
	hostile_stop(e->srv);
	hostile_stop(e->elsewhere);
	dup2(e->saved_stderr, 2);
	close(e->saved_stderr);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", e->dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", e->dir);
	free(e);
	return 0;
}

/* The log written since the last mark (static storage). */
static const char *log_text(struct env *e)
{
	static char text[1 << 20];
	FILE *f = fopen(e->log, "r");
	size_t n = 0;
	assert_non_null(f);
	fseek(f, e->log_mark, SEEK_SET);
	n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = '\0';
	return text;
}

static void log_mark(struct env *e)
{
	struct stat st;
	assert_int_equal(stat(e->log, &st), 0);
	e->log_mark = st.st_size;
}

static void assert_logged(struct env *e, const char *needle)
{
	if (!strstr(log_text(e), needle)) { /* stdout: stderr is the log */
		print_message("the log lacks \"%s\"; it has:\n%s", needle, log_text(e));
		fail();
	}
}

static int pending(struct env *e)
{
	struct ksync_report rep;
	assert_int_equal(ksync_report(e->k, &rep), 0);
	return rep.pending;
}

static int lease_left(struct env *e)
{
	struct ksync_report rep;
	assert_int_equal(ksync_report(e->k, &rep), 0);
	return rep.lease_left[0];
}

static long maxrss_kb(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

static void record(struct env *e, const char *number, int offline)
{
	assert_true(e->nissued < MAX_ISSUED);
	snprintf(e->issued[e->nissued], sizeof(e->issued[0]), "%s", number);
	e->offline[e->nissued++] = offline;
}

/* A typed booking code (the good server lists BK-1 for today): the
 * server's answer, or K_ERR_UNREACHABLE and then the kiosk's own list. */
static int checkin(struct env *e)
{
	struct booking_token b;
	struct queue_ticket t;
	int reason = -1;
	int r = ksync_checkin_code(e->k, "BK-1", &b, &t, &reason);
	if (r == K_OK && reason == BOOKING_OK)
		record(e, t.number, 0); /* pushed or not: ksync_report counts it */
	return r;
}

/* A ticket of service A: K_OK always (online or offline), recorded. */
static int issue(struct env *e, int try_server)
{
	struct queue_ticket t;
	int offline = -1;
	assert_int_equal(ksync_issue(e->k, "A", 0, try_server, &t, &offline), K_OK);
	record(e, t.number, offline);
	return offline;
}

/* GET /rating (a long-poll when since >= 0) as a panel reads it: whatever
 * the answer, the view is whole (counts within their arrays, every text
 * terminated, a number a number) or all zeros. */
static int rate_view(struct env *e, int64_t since)
{
	struct rate_view v;
	memset(&v, 0x55, sizeof(v));
	int r = ksync_rate_get(e->rate, since, 0, &v);
	assert_true(v.nlevels >= 0 && v.nlevels <= RATE_MAX_LEVELS);
	assert_true(v.nreasons >= 0 && v.nreasons <= RATE_MAX_REASONS);
	assert_true(v.expires_in >= 0 && v.expires_in <= 3600);
	assert_true(memchr(v.counter_vi, 0, sizeof(v.counter_vi)) && memchr(v.staff, 0, sizeof(v.staff)));
	assert_true(memchr(v.service_vi, 0, sizeof(v.service_vi)) && memchr(v.number, 0, sizeof(v.number)));
	for (int i = 0; i < v.nlevels; i++)
		assert_true(v.levels[i].vi[0] && memchr(v.levels[i].en, 0, sizeof(v.levels[i].en)));
	if (r == K_OK) {
		assert_true(v.nlevels >= 2 && v.counter >= 1 && v.counter <= 99);
		assert_true(v.state == RATE_IDLE || rate_number_ok(v.number));
	} else {
		assert_int_equal(v.nlevels, 0);
	}
	return r;
}

/* POST /ratings: K_OK with what the server made of it, or an error. */
static int rate_send(struct env *e)
{
	enum rate_sent sent = (enum rate_sent)-1;
	int r = ksync_rate_send(e->rate, "A003", 3, 1, &sent);
	assert_true(sent >= RATE_SENT_TAKEN && sent <= RATE_SENT_REFUSED);
	return r;
}

enum expect {
	ALL_FAIL = 1,      /* every request fails (transport, redirect, garbled) */
	TICKETS_FAIL = 2,  /* tickets and leases refused, the rest answered well */
};

/*
 * Every request the kiosk and the board make, against whatever the server
 * answers now; each must end (within its timeout) with the outcome expect.
 */
static void exercise(struct env *e, enum expect expect)
{
	struct board_view *view = calloc(1, sizeof(*view));
	struct queue_change ev[8];
	struct ksync_dossier d;
	int left = 0, changed = 0, n = 0;
	int64_t last = 0;
	assert_non_null(view);

	/* the citizen gets a number at once, from this kiosk's own */
	assert_int_equal(issue(e, 1), 1);
	int before = pending(e);
	assert_true(before > 0);
	/* nothing is taken for pushed that the server did not take */
	assert_true(ksync_push(e->k, &left) < 0);
	assert_int_equal(left, before);
	assert_int_equal(pending(e), before);
	/* nor a lease the answer does not make this kiosk's */
	int lease = lease_left(e);
	ksync_topup(e->k);
	assert_int_equal(lease_left(e), lease);

	int r = ksync_refresh(e->k);
	assert_true(expect == ALL_FAIL ? r < 0 : r == K_OK);
	r = ksync_follow(e->k, 1, &changed);
	assert_true(expect == ALL_FAIL ? r < 0 : r == K_OK);
	r = ksync_board_view(e->board, view);
	assert_true(expect == ALL_FAIL ? r < 0 : r == K_OK);
	r = ksync_board_events(e->board, 0, 1, ev, 8, &n, &last);
	assert_true(expect == ALL_FAIL ? r < 0 : r == K_OK);
	r = ksync_dossier_lookup(e->k, "HS-2026-0001", 1, &d);
	assert_true(expect == ALL_FAIL ? r < 0 : r == K_OK);
	r = rate_view(e, 0);
	assert_true(expect == ALL_FAIL ? r < 0 : r == K_OK);
	r = rate_send(e);
	assert_true(expect == ALL_FAIL ? r < 0 : r == K_OK);
	ksync_report_device(e->k, "ok", "", "none"); /* its answer is not read */
	r = checkin(e); /* refused outright, or (the server away) from the kiosk's list */
	assert_true(expect == ALL_FAIL ? r == K_OK || r == K_ERR_PROTOCOL : r == K_ERR_PROTOCOL);
	free(view);
}

/* A well-behaved server first: online issue, a lease, the queue. */
static void good_start(struct env *e)
{
	struct board_view view;
	int left = 0;
	hostile_set(e->srv, HOSTILE_GOOD, 0, 0);
	assert_int_equal(issue(e, 1), 0);
	assert_int_equal(ksync_refresh(e->k), K_OK);
	assert_int_equal(ksync_topup(e->k), K_OK);
	assert_int_equal(lease_left(e), 3);
	assert_int_equal(ksync_push(e->k, &left), K_OK);
	assert_int_equal(left, 0);
	assert_int_equal(ksync_board_view(e->board, &view), K_OK);
	assert_string_equal(view.calls[0].number, "A003");
	/* a rating panel: the counter's last finished ticket, then its rating */
	struct rate_view rv;
	enum rate_sent sent;
	assert_int_equal(ksync_rate_get(e->rate, 3, 0, &rv), K_OK);
	assert_int_equal(rv.state, RATE_OPEN);
	assert_string_equal(rv.number, "A003");
	assert_int_equal(rv.nlevels, 3);
	assert_string_equal(rv.levels[2].vi, "Không hài lòng");
	assert_int_equal(rv.nreasons, 2);
	assert_int_equal(rv.expires_in, 27);
	assert_string_equal(rv.staff, "an");
	assert_int_equal(ksync_rate_send(e->rate, "A003", 3, 2, &sent), K_OK);
	assert_int_equal(sent, RATE_SENT_TAKEN);
	/* what is not a rating never leaves the panel */
	assert_int_equal(ksync_rate_send(e->rate, "A003; DROP", 1, 0, &sent), K_ERR_INVALID);
	assert_int_equal(ksync_rate_send(e->rate, "A003", 6, 0, &sent), K_ERR_INVALID);
}

/* The good server again: every offline ticket reaches it, none twice. */
static void good_end(struct env *e)
{
	int left = -1;
	hostile_set(e->srv, HOSTILE_GOOD, 0, 0);
	ksync_set_online(e->k, 1);
	assert_int_equal(ksync_push(e->k, &left), K_OK);
	assert_int_equal(left, 0);
	for (int i = 0; i < e->nissued; i++) {
		for (int j = 0; j < i; j++)
			if (!strcmp(e->issued[i], e->issued[j]))
				fail_msg("%s issued twice (tickets %d and %d)", e->issued[i], j, i);
		if (e->offline[i] && !hostile_was_pushed(e->srv, "A", e->issued[i]))
			fail_msg("offline ticket %s never reached the server", e->issued[i]);
	}
	/* the token went to the configured server only, and nothing personal
	 * (the dossier code asked for) is in the log */
	assert_int_equal(hostile_bad_auth(e->srv, TOKEN), 0);
	e->log_mark = 0;
	assert_null(strstr(log_text(e), "HS2026"));
	assert_null(strstr(log_text(e), TOKEN));
}

/* A kiosk's page token as ticket_page.h says: 22 characters, signed by
 * this kiosk's key for today; and as the server was sent it, each time. */
static void assert_page(struct env *e, const struct queue_ticket *t, int sends)
{
	uint8_t key[TICKET_PAGE_KEY], bin[TICKET_PAGE_BYTES];
	char sent[4][32];
	int64_t today = kclock_day(kclock_now(&kclock_system), e->cfg.queue.day_starts);

	assert_int_equal(strlen(t->page), TICKET_PAGE_LEN);
	assert_int_equal(ticket_page_parse(t->page, bin), 0);
	ticket_page_key(TOKEN, key);
	assert_int_equal(ticket_page_signed(key, today, bin), 1);
	assert_int_equal(ticket_page_signed(key, today + 1, bin), 0);
	assert_int_equal(hostile_pages(e->srv, t->client_ref, sent, 4), sends);
	for (int i = 0; i < sends && i < 4; i++)
		assert_string_equal(sent[i], t->page);
}

/*
 * Every ticket carries its page token (issue 19): issued online, checked
 * in, or issued offline after the server's answer was garbled - the try
 * and the fallback send the same one - and pushed with it later; the
 * outbox keeps it meanwhile.  No two tickets share one.
 */
static void every_ticket_carries_its_page_token(void **state)
{
	struct env *e = *state;
	struct queue_ticket t[3];
	struct booking_token b;
	int offline = -1, reason = -1, left = -1;

	hostile_set(e->srv, HOSTILE_GOOD, 0, 0);
	assert_int_equal(ksync_issue(e->k, "A", 0, 1, &t[0], &offline), K_OK);
	assert_int_equal(offline, 0);
	assert_page(e, &t[0], 1);
	assert_int_equal(ksync_checkin_code(e->k, "BK-1", &b, &t[1], &reason), K_OK);
	assert_int_equal(reason, BOOKING_OK);
	assert_page(e, &t[1], 1);

	hostile_set(e->srv, HOSTILE_GARBLED, 0, 0);
	assert_int_equal(ksync_issue(e->k, "A", 0, 1, &t[2], &offline), K_OK);
	assert_int_equal(offline, 1);
	assert_page(e, &t[2], 1); /* the online try's */
	assert_int_equal(pending(e), 1);
	/* the same after a restart: the outbox has it */
	ksync_close(e->k);
	assert_int_equal(ksync_open(&e->k, &e->cfg, &kclock_system), 0);
	hostile_set(e->srv, HOSTILE_GOOD, 0, 0);
	ksync_set_online(e->k, 1);
	assert_int_equal(ksync_push(e->k, &left), K_OK);
	assert_int_equal(left, 0);
	assert_true(hostile_was_pushed(e->srv, "A", t[2].number));
	assert_page(e, &t[2], 2); /* the try and the push: one token */

	assert_string_not_equal(t[0].page, t[1].page);
	assert_string_not_equal(t[0].page, t[2].page);
	assert_string_not_equal(t[1].page, t[2].page);
}

static void garbled_truncated_and_redirected_answers(void **state)
{
	struct env *e = *state;
	good_start(e);

	log_mark(e);
	hostile_set(e->srv, HOSTILE_GARBLED, 0, 0);
	exercise(e, ALL_FAIL);
	assert_logged(e, "sync: POST /tickets: the answer (201, 25 bytes) is not JSON");
	assert_logged(e, "the answer to an issue is not the ticket this kiosk asked for");

	log_mark(e);
	hostile_set(e->srv, HOSTILE_TRUNCATED, 0, 0);
	exercise(e, ALL_FAIL);
	assert_logged(e, "sync: POST /tickets: transfer closed with");

	static const int codes[] = { 301, 302, 307, 308 };
	for (unsigned i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		char line[96];
		log_mark(e);
		hostile_set(e->srv, HOSTILE_REDIRECT, codes[i], hostile_port(e->elsewhere));
		exercise(e, ALL_FAIL);
		snprintf(line, sizeof(line), "sync: POST /tickets: the server answers %d, a redirect;"
			 " not followed", codes[i]);
		assert_logged(e, line);
		assert_int_equal(hostile_requests(e->elsewhere), 0); /* never followed */
	}
	good_end(e);
}

static void a_trickle_is_given_up_in_its_timeout(void **state)
{
	struct env *e = *state;
	good_start(e);
	/* the smallest bounds: each request given up in 1 s (an issue in 0.2 s) */
	char url[64];
	snprintf(url, sizeof(url), "http://127.0.0.1:%d", hostile_port(e->srv));
	ksync_board_close(e->board);
	ksync_rate_close(e->rate);
	ksync_close(e->k);
	conf(e, &e->cfg, url, "", 1, 200);
	open_client(e);
	log_mark(e);
	hostile_set(e->srv, HOSTILE_TRICKLE, 0, 0);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	exercise(e, ALL_FAIL); /* each request ends by [sync] timeout, not after minutes */
	clock_gettime(CLOCK_MONOTONIC, &t1);
	print_message("a trickle: one round of requests (issue, push, queue, events, board, look-up, check-in ...) given up in %.1f s (a figure, "
		      "not a bound)\n", (double)(t1.tv_sec - t0.tv_sec) +
		      (t1.tv_nsec - t0.tv_nsec) / 1e9);
	assert_logged(e, "sync: POST /tickets: Operation timed out");
	assert_logged(e, "sync: GET /queue: Operation timed out");
	assert_logged(e, "sync: GET /events: Operation timed out");
	good_end(e);
}

static void huge_and_endless_bodies_are_cut_off(void **state)
{
	struct env *e = *state;
	good_start(e);
	long rss = maxrss_kb();

	log_mark(e);
	hostile_set(e->srv, HOSTILE_HUGE, 0, 0);
	exercise(e, ALL_FAIL);
	assert_logged(e, "sync: POST /tickets: the answer is larger than the kiosk reads");
	log_mark(e);
	hostile_set(e->srv, HOSTILE_ENDLESS, 0, 0);
	exercise(e, ALL_FAIL);
	assert_logged(e, "sync: GET /queue: the answer is larger than the kiosk reads");
	/* the client stopped reading long before 100 MB (socket buffers aside),
	 * and did not keep what it read */
	print_message("100 MB and endless bodies: at most %lld bytes sent on one connection, "
		      "max RSS +%ld KiB\n", (long long)hostile_max_sent(e->srv), maxrss_kb() - rss);
	assert_true(hostile_max_sent(e->srv) < 32 << 20);
	assert_true(maxrss_kb() - rss < 64 * 1024);
	good_end(e);
}

static void another_kiosks_ticket_is_not_taken(void **state)
{
	struct env *e = *state;
	good_start(e);
	/* another kiosk's ref; then this kiosk's ref on another service's ticket,
	 * and leases of the kiosk's own band or of 100 numbers of another service */
	for (int arg = 0; arg < 2; arg++) {
		log_mark(e);
		hostile_set(e->srv, HOSTILE_OTHER, arg, 0);
		exercise(e, TICKETS_FAIL);
		assert_logged(e, "the answer to an issue is not the ticket this kiosk asked for");
		assert_logged(e, "the answer to a push is not the ticket this kiosk asked for");
		assert_logged(e, "the answer to a check-in is not the ticket this kiosk asked for");
	}
	/* the lease refill was asked for (fewer than half left) and refused */
	assert_logged(e, "the answer to a lease of A is not a lease of it; not taken");
	good_end(e);
}

static void a_refusals_text_is_neither_logged_nor_printed(void **state)
{
	struct env *e = *state;
	struct ksync_dossier d;
	int left = -1;
	good_start(e);
	log_mark(e);
	hostile_set(e->srv, HOSTILE_REFUSE, 0, 0);
	assert_int_equal(issue(e, 1), 1); /* a refusal it does not know: offline */
	int before = pending(e);
	ksync_push(e->k, &left);
	assert_int_equal(left, before);
	assert_int_equal(ksync_dossier_lookup(e->k, "HS-2026-0001", 1, &d), K_ERR_PROTOCOL);
	/* its "error" is logged (and kept in the outbox) only if it is a code */
	assert_logged(e, "(422 (not a code)); kept in the outbox");
	assert_logged(e, "a dossier look-up was answered 422 (not a code)");
	assert_int_equal(checkin(e), K_ERR_PROTOCOL); /* nothing to show or print again */
	assert_logged(e, "the answer to a check-in names no number of its service");
	assert_int_equal(rate_view(e, -1), K_ERR_PROTOCOL);
	assert_logged(e, "rate: GET /rating was answered 422 (not a code): not a rating state");
	assert_int_equal(rate_send(e), K_ERR_PROTOCOL);
	assert_logged(e, "rate: POST /ratings was answered 422 (not a code)");
	assert_null(strstr(log_text(e), "forged"));
	good_end(e);
}

/* Run op against every answer with one value of a wrong type, in turn. */
static void each_mutation(struct env *e, const char *what, void (*op)(struct env *))
{
	int k;
	for (k = 0; k < 5000; k++) {
		hostile_set(e->srv, HOSTILE_MUTATE, k, 0);
		op(e);
		if (hostile_mutations_done(e->srv))
			break;
	}
	print_message("%s: %d wrong values\n", what, k);
	assert_true(k > 10 && k < 5000);
}

static void op_issue(struct env *e)
{
	issue(e, 1);
}

static void op_push(struct env *e)
{
	int left;
	ksync_set_online(e->k, 0);
	assert_int_equal(issue(e, 0), 1); /* a pending one to push */
	int before = pending(e);
	int r = ksync_push(e->k, &left);
	/* taken: the outbox is empty; not: nothing was marked pushed */
	assert_true(r == K_OK ? left == 0 : left == before);
}

static void op_topup(struct env *e)
{
	ksync_set_online(e->k, 0);
	while (lease_left(e) >= 2) /* below half: the kiosk asks for more */
		assert_int_equal(issue(e, 0), 1);
	ksync_topup(e->k);
	assert_true(lease_left(e) <= 3); /* never more than asked for */
}

static void op_refresh(struct env *e)
{
	struct queue_status st;
	int online;
	ksync_refresh(e->k);
	assert_int_equal(ksync_status(e->k, &st, &online), 0);
	assert_true(st.services[0].waiting >= 0);
}

static void op_follow(struct env *e)
{
	int changed;
	ksync_follow(e->k, 0, &changed);
}

static void op_board(struct env *e)
{
	struct board_view view;
	struct queue_change ev[8];
	int n;
	int64_t last;
	ksync_board_view(e->board, &view);
	ksync_board_events(e->board, 0, 0, ev, 8, &n, &last);
}

static void op_dossier(struct env *e)
{
	struct ksync_dossier d;
	if (ksync_dossier_lookup(e->k, "HS-2026-0001", 1, &d) == K_OK)
		assert_true(strlen(d.text_vi) < sizeof(d.text_vi));
}

static void op_checkin(struct env *e)
{
	checkin(e);
}

static void op_rate_view(struct env *e)
{
	rate_view(e, 7);
}

static void op_rate_send(struct env *e)
{
	rate_send(e);
}

static void wrong_types_in_every_field(void **state)
{
	struct env *e = *state;
	good_start(e);
	each_mutation(e, "POST /tickets (issue)", op_issue);
	each_mutation(e, "POST /tickets (push)", op_push);
	each_mutation(e, "POST /leases", op_topup);
	each_mutation(e, "GET /queue", op_refresh);
	each_mutation(e, "GET /events", op_follow);
	each_mutation(e, "GET /board", op_board);
	each_mutation(e, "GET /dossiers/lookup", op_dossier);
	each_mutation(e, "POST /checkins", op_checkin);
	each_mutation(e, "GET /rating", op_rate_view);
	each_mutation(e, "POST /ratings", op_rate_send);
	good_end(e);
}

/* An HTTPS server (libmicrohttpd) with the certificate name.crt of dir. */
struct tls {
	struct MHD_Daemon *d;
	char *cert, *key;
	int requests;
	pthread_mutex_t lock;
};

static char *slurp(const char *dir, const char *name)
{
	char path[128];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	char *text = calloc(1, 16384);
	assert_non_null(text);
	assert_true(fread(text, 1, 16383, f) > 0);
	fclose(f);
	return text;
}

static enum MHD_Result tls_answer(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version, const char *upload,
				  size_t *upload_size, void **con_cls)
{
	struct tls *t = cls;
	static const char queue[] = "{\"services\": [], \"counters\": []}";
	(void)method, (void)version, (void)upload, (void)con_cls;
	if (*upload_size) {
		*upload_size = 0;
		return MHD_YES;
	}
	pthread_mutex_lock(&t->lock);
	t->requests++;
	pthread_mutex_unlock(&t->lock);
	const char *body = strcmp(url, "/api/v1/queue") ? "{\"bookings\": []}" : queue;
	struct MHD_Response *r = MHD_create_response_from_buffer(strlen(body), (void *)body,
								 MHD_RESPMEM_PERSISTENT);
	enum MHD_Result ok = MHD_queue_response(c, 200, r);
	MHD_destroy_response(r);
	return ok;
}

static int tls_requests(struct tls *t)
{
	pthread_mutex_lock(&t->lock);
	int n = t->requests;
	pthread_mutex_unlock(&t->lock);
	return n;
}

static struct tls *tls_start(struct env *e, const char *name, int *port)
{
	struct tls *t = calloc(1, sizeof(*t));
	char file[32];
	struct sockaddr_in a = { .sin_family = AF_INET };
	assert_non_null(t);
	pthread_mutex_init(&t->lock, NULL);
	snprintf(file, sizeof(file), "%s.crt", name);
	t->cert = slurp(e->dir, file);
	snprintf(file, sizeof(file), "%s.key", name);
	t->key = slurp(e->dir, file);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	t->d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_TLS, 0, NULL, NULL,
				tls_answer, t, MHD_OPTION_HTTPS_MEM_KEY, t->key,
				MHD_OPTION_HTTPS_MEM_CERT, t->cert, MHD_OPTION_SOCK_ADDR, &a,
				MHD_OPTION_END);
	assert_non_null(t->d);
	*port = MHD_get_daemon_info(t->d, MHD_DAEMON_INFO_BIND_PORT)->port;
	return t;
}

static void tls_stop(struct tls *t)
{
	MHD_stop_daemon(t->d);
	pthread_mutex_destroy(&t->lock);
	free(t->cert);
	free(t->key);
	free(t);
}

/* A self-signed certificate (and its key) made now: name.crt, name.key. */
static void make_cert(struct env *e, const char *name, const char *subject, const char *alt)
{
	char cmd[512];
	snprintf(cmd, sizeof(cmd), "cd '%s' && openssl req -x509 -newkey ec -pkeyopt "
		 "ec_paramgen_curve:prime256v1 -nodes -days 2 -subj '/CN=%s' -addext "
		 "'subjectAltName=%s' -keyout %s.key -out %s.crt 2>/dev/null", e->dir, subject, alt,
		 name, name);
	assert_int_equal(system(cmd), 0);
}

/*
 * The kiosk at https://127.0.0.1 whose certificate is name, trusting
 * cafile ("" = the system's CAs): 1 if it reached the server.  Refused, it
 * issues offline, says so in the log, and sent no request (no token).
 */
static int reaches(struct env *e, const char *name, const char *cafile)
{
	struct kconf *cfg = calloc(1, sizeof(*cfg));
	struct ksync *k;
	struct queue_ticket t;
	char url[64], ca[128] = "";
	int port, offline;
	assert_non_null(cfg);
	struct tls *srv = tls_start(e, name, &port);
	snprintf(url, sizeof(url), "https://127.0.0.1:%d", port);
	if (cafile[0])
		snprintf(ca, sizeof(ca), "%s/%s", e->dir, cafile);
	conf(e, cfg, url, ca, 60, 10000);
	assert_int_equal(ksync_open(&k, cfg, &kclock_system), 0);
	log_mark(e);
	int r = ksync_refresh(k);
	if (r < 0) {
		assert_int_equal(r, K_ERR_UNREACHABLE);
		assert_logged(e, "sync: GET /queue: ");
		assert_logged(e, "(the server's certificate is not trusted: check [sync] cafile");
		assert_int_equal(ksync_issue(k, "A", 0, 1, &t, &offline), K_OK);
		assert_int_equal(offline, 1);
		assert_int_equal(tls_requests(srv), 0);
	}
	ksync_close(k);
	tls_stop(srv);
	free(cfg);
	return r == K_OK;
}

static void a_certificate_not_trusted_is_refused(void **state)
{
	struct env *e = *state;
	make_cert(e, "station", "station", "IP:127.0.0.1");
	make_cert(e, "impostor", "station", "IP:127.0.0.1");
	make_cert(e, "misnamed", "station.example", "DNS:station.example");
	assert_true(reaches(e, "station", "station.crt"));   /* as configured: trusted */
	assert_false(reaches(e, "station", ""));             /* self-signed, no cafile */
	assert_false(reaches(e, "impostor", "station.crt")); /* another key, same name */
	assert_false(reaches(e, "misnamed", "misnamed.crt")); /* trusted, another name */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(every_ticket_carries_its_page_token, setup, teardown),
		cmocka_unit_test_setup_teardown(garbled_truncated_and_redirected_answers, setup,
						teardown),
		cmocka_unit_test_setup_teardown(a_trickle_is_given_up_in_its_timeout, setup,
						teardown),
		cmocka_unit_test_setup_teardown(huge_and_endless_bodies_are_cut_off, setup,
						teardown),
		cmocka_unit_test_setup_teardown(another_kiosks_ticket_is_not_taken, setup, teardown),
		cmocka_unit_test_setup_teardown(a_refusals_text_is_neither_logged_nor_printed, setup, teardown),
		cmocka_unit_test_setup_teardown(wrong_types_in_every_field, setup, teardown),
		cmocka_unit_test_setup_teardown(a_certificate_not_trusted_is_refused, setup,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
