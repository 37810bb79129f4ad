/*
 * test_numbering.c - numbers per service and day, the day rollover, caps,
 * opening hours, refusals, estimates, and the database across restarts.
 */
#include "testutil.h"
#include "hours.h"
#include "kerr.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#define SAT "2026-11-28T"

static void numbers_run_per_service(void **state)
{
	(void)state;
	struct tfix *f = tfix_new("", SAT "09:00");
	assert_string_equal(tissue(f, "A", 0), "A001");
	assert_string_equal(tissue(f, "A", 1), "A002"); /* priority shares the sequence */
	assert_string_equal(tissue(f, "B", 0), "B001");
	assert_string_equal(tissue(f, "A", 0), "A003");
	tfix_free(f);
}

static void past_999_numbers_grow_a_digit(void **state)
{
	(void)state;
	struct tfix *f = tfix_new("", SAT "09:00");
	for (int i = 1; i < 999; i++)
		tissue(f, "B", 0);
	assert_string_equal(tissue(f, "B", 0), "B999");
	assert_string_equal(tissue(f, "B", 0), "B1000");
	tfix_free(f);
}

static void ids_never_repeat_while_numbers_restart_each_day(void **state)
{
	(void)state;
	struct queue_ticket a, b;
	struct queue_status st;
	struct tfix *f = tfix_new("", SAT "23:50");
	assert_int_equal(queue_issue(f->q, "A", 0, QUEUE_WALKIN, NULL, &a), 0);
	tissue(f, "A", 0);
	f->now = tlocal("2026-11-29T00:10");
	assert_int_equal(queue_issue(f->q, "A", 0, QUEUE_WALKIN, NULL, &b), 0);
	assert_string_equal(a.number, "A001");
	assert_string_equal(b.number, "A001");
	assert_true(b.id > a.id);
	assert_true(b.day == a.day + 1);
	/* yesterday's waiting tickets were closed as expired */
	assert_int_equal(queue_status(f->q, &st), 0);
	assert_int_equal(st.services[0].waiting, 1);
	f->now = tlocal("2026-11-29T00:20");
	assert_int_equal(queue_call_next(f->q, 1, &a), 0);
	assert_string_equal(a.number, "A001");
	assert_int_equal(a.id, b.id);
	assert_int_equal(queue_call_next(f->q, 1, &a), K_ERR_EMPTY);
	tfix_free(f);
}

static const char *state_of(struct tfix *f, int64_t id)
{
	static char state[16];
	sqlite3 *db;
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT state FROM tickets WHERE id = ?", -1, &st,
					    NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, id);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	snprintf(state, sizeof(state), "%s", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(db);
	return state;
}

static void yesterdays_citizens_expire_and_lose_their_booking_link(void **state)
{
	(void)state;
	struct queue_ticket called, waiting, t;
	struct tfix *f = tfix_new_text(
		"[station]\nid = ST\nname_vi = Trạm\n[queue]\nsync = normal\n"
		"[service.A]\nprefix = A\nname_vi = A\nhours = 00:00-24:00\ndays = mon-sun\n"
		"[counter.1]\nservices = A\n", "2026-11-28T16:00");
	assert_int_equal(queue_issue(f->q, "A", 0, QUEUE_BOOKING, "BK-1", &called), 0);
	assert_int_equal(queue_issue(f->q, "A", 0, QUEUE_WALKIN, NULL, &waiting), 0);
	assert_int_equal(queue_call_next(f->q, 1, &t), 0);
	f->now = tlocal("2026-11-29T08:00");
	/* the day's first transaction rolls the day over: yesterday's tickets
	 * expire and lose their link to a booking (field review §4), so the
	 * same booking id no longer finds yesterday's ticket */
	assert_int_equal(queue_issue(f->q, "A", 0, QUEUE_BOOKING, "BK-1", &t), 0);
	assert_string_equal(t.number, "A001");
	assert_int_equal(queue_issue(f->q, "A", 0, QUEUE_BOOKING, "BK-1", &t), K_ERR_DUPLICATE);
	tissue(f, "A", 0);
	assert_int_equal(queue_call_next(f->q, 1, &t), 0);
	assert_string_equal(t.number, "A001");
	assert_true(t.id > waiting.id);
	assert_string_equal(state_of(f, called.id), "expired");
	assert_string_equal(state_of(f, waiting.id), "expired");
	tfix_free(f);
}

static void the_day_can_start_later_than_midnight(void **state)
{
	(void)state;
	struct tfix *f = tfix_new("day_starts = 02:00", SAT "23:00");
	assert_string_equal(tissue(f, "A", 0), "A001");
	f->now = tlocal("2026-11-29T01:59");
	assert_string_equal(tissue(f, "A", 0), "A002");
	f->now = tlocal("2026-11-29T02:00");
	assert_string_equal(tissue(f, "A", 0), "A001");
	tfix_free(f);
}

static const char hours_conf[] =
	"[station]\nid = ST\nname_vi = Trạm\n[queue]\nsync = normal\n"
	"[service.A]\nprefix = A\nname_vi = A\nhours = 07:30-11:30, 13:30-17:00\n"
	"days = mon-fri, sat\ncap = 2\n"
	"[service.B]\nprefix = B\nname_vi = B\nenabled = no\n"
	"[service.C]\nprefix = C\nname_vi = C\ndays = mon-fri\n";

static void opening_hours_and_days_refuse_with_a_reason(void **state)
{
	(void)state;
	struct queue_ticket t;
	struct tfix *f = tfix_new_text(hours_conf, SAT "07:29");
	assert_int_equal(queue_issue(f->q, "A", 0, QUEUE_WALKIN, NULL, &t), K_ERR_CLOSED);
	f->now = tlocal(SAT "07:30");
	assert_int_equal(queue_issue(f->q, "A", 0, QUEUE_WALKIN, NULL, &t), 0);
	f->now = tlocal(SAT "11:30");
	assert_int_equal(queue_issue(f->q, "A", 0, QUEUE_WALKIN, NULL, &t), K_ERR_CLOSED);
	assert_int_equal(hours_next_opening(&f->cfg, &f->cfg.services[0], f->now),
			 tlocal(SAT "13:30"));
	/* C is closed on Saturday: next opening is Monday morning */
	assert_int_equal(queue_issue(f->q, "C", 0, QUEUE_WALKIN, NULL, &t), K_ERR_CLOSED);
	assert_int_equal(hours_next_opening(&f->cfg, &f->cfg.services[2], f->now),
			 tlocal("2026-11-30T07:30"));
	/* staff may issue out of hours */
	assert_int_equal(queue_issue(f->q, "C", 0, QUEUE_STAFF, NULL, &t), 0);
	assert_string_equal(t.number, "C001");
	assert_int_equal(queue_issue(f->q, "B", 0, QUEUE_WALKIN, NULL, &t), K_ERR_DISABLED);
	assert_int_equal(queue_issue(f->q, "Z", 0, QUEUE_WALKIN, NULL, &t), K_ERR_NOT_FOUND);
	tfix_free(f);
}

static void the_daily_cap_refuses_and_resets_next_day(void **state)
{
	(void)state;
	struct queue_ticket t;
	struct tfix *f = tfix_new_text(hours_conf, "2026-11-27T08:00");
	tissue(f, "A", 0);
	tissue(f, "A", 1);
	assert_int_equal(queue_issue(f->q, "A", 0, QUEUE_WALKIN, NULL, &t), K_ERR_CAP);
	assert_int_equal(queue_issue(f->q, "A", 0, QUEUE_STAFF, NULL, &t), 0);
	assert_string_equal(t.number, "A003");
	f->now = tlocal(SAT "08:00");
	assert_string_equal(tissue(f, "A", 0), "A001");
	tfix_free(f);
}

static void an_unset_clock_issues_nothing(void **state)
{
	(void)state;
	struct queue_ticket t;
	struct tfix *f = tfix_new("", SAT "09:00");
	f->now = 3600; /* 1970: a board without RTC */
	assert_int_equal(queue_issue(f->q, "A", 0, QUEUE_WALKIN, NULL, &t), K_ERR_CLOCK);
	tfix_free(f);
}

static void a_booking_is_checked_in_once(void **state)
{
	(void)state;
	struct queue_ticket t, again;
	struct tfix *f = tfix_new("", SAT "09:00");
	assert_int_equal(queue_issue(f->q, "A", 1, QUEUE_BOOKING, "BK-1", &t), 0);
	assert_int_equal(queue_issue(f->q, "A", 1, QUEUE_BOOKING, "BK-1", &again), K_ERR_DUPLICATE);
	assert_string_equal(again.number, t.number);
	assert_int_equal(again.source, QUEUE_BOOKING);
	tfix_free(f);
}

static void the_same_client_ref_gives_the_same_ticket(void **state)
{
	(void)state;
	struct queue_ticket a, b, c;
	struct queue_issue_opts o = { .source = QUEUE_WALKIN, .client_ref = "kiosk-1:000042" };
	struct tfix *f = tfix_new_text(
		"[station]\nid = ST\nname_vi = Trạm\n[queue]\nsync = normal\n"
		"[service.A]\nprefix = A\nname_vi = A\nhours = 08:00-17:00\ndays = mon-sun\n",
		"2026-11-28T09:00");
	assert_int_equal(queue_issue_with(f->q, "A", &o, &a), 0);
	assert_int_equal(a.replayed, 0);
	tissue(f, "A", 0);
	assert_int_equal(queue_issue_with(f->q, "A", &o, &b), 0);
	assert_int_equal(b.replayed, 1);
	assert_int_equal(b.id, a.id);
	assert_string_equal(b.number, "A001");
	assert_string_equal(b.client_ref, "kiosk-1:000042");
	/* even after closing time, and for the service it was */
	f->now = tlocal("2026-11-28T18:00");
	assert_int_equal(queue_issue_with(f->q, "A", &o, &c), 0);
	assert_int_equal(c.id, a.id);
	o.client_ref = "kiosk-1:000043";
	assert_int_equal(queue_issue_with(f->q, "A", &o, &c), K_ERR_CLOSED);
	tfix_free(f);
}

static void a_leased_block_is_skipped_and_only_its_holder_issues_from_it(void **state)
{
	(void)state;
	struct queue_lease l, l2;
	struct queue_ticket t;
	struct tfix *f = tfix_new_text(
		"[station]\nid = ST\nname_vi = Trạm\n[queue]\nsync = normal\n"
		"[service.A]\nprefix = A\nname_vi = A\nhours = 08:00-17:00\ndays = mon-sun\n"
		"cap = 12\n[counter.1]\nservices = A\n", "2026-11-28T09:00");
	tissue(f, "A", 0);                                   /* A001 */
	assert_int_equal(queue_lease(f->q, "A", "lobby-1", 5, &l), 0);
	assert_int_equal(l.first, 2);
	assert_int_equal(l.last, 6);
	assert_string_equal(l.first_number, "A002");
	assert_string_equal(tissue(f, "A", 0), "A007");      /* past the lease */
	assert_int_equal(queue_lease(f->q, "A", "lobby-2", 10, &l2), 0);
	assert_int_equal(l2.first, 8);
	assert_int_equal(l2.last, 12);                       /* the cap shortens it */
	assert_int_equal(queue_lease(f->q, "A", "lobby-2", 1, &l2), K_ERR_CAP);

	/* lobby-1 was offline and issued A003 at 09:05; it pushes it at 11:00 */
	f->now = tlocal("2026-11-28T11:00");
	struct queue_issue_opts o = { .source = QUEUE_WALKIN, .client_ref = "lobby-1:7",
				      .seq = 3, .issued_at = tlocal("2026-11-28T09:05"),
				      .holder = "lobby-1" };
	assert_int_equal(queue_issue_with(f->q, "A", &o, &t), 0);
	assert_string_equal(t.number, "A003");
	assert_int_equal(t.issued_at, tlocal("2026-11-28T09:05"));
	assert_int_equal(t.ahead, 2); /* A001 and A007, both issued at 09:00, are before it */
	assert_int_equal(queue_issue_with(f->q, "A", &o, &t), 0); /* pushed again */
	assert_int_equal(t.replayed, 1);
	/* not the holder's number, or not leased at all: refused, nothing issued */
	o.client_ref = "lobby-2:1";
	o.holder = "lobby-2";
	o.seq = 4;
	assert_int_equal(queue_issue_with(f->q, "A", &o, &t), K_ERR_INVALID);
	o.holder = "lobby-1";
	o.client_ref = "lobby-1:8";
	o.seq = 7;
	assert_int_equal(queue_issue_with(f->q, "A", &o, &t), K_ERR_INVALID); /* A007 exists */
	o.seq = 40;
	assert_int_equal(queue_issue_with(f->q, "A", &o, &t), K_ERR_INVALID);
	o.seq = 4;
	o.issued_at = tlocal("2026-11-28T12:00"); /* in the future */
	assert_int_equal(queue_issue_with(f->q, "A", &o, &t), K_ERR_INVALID);
	/* even past closing time, a ticket issued during the day is taken */
	f->now = tlocal("2026-11-28T18:00");
	o.issued_at = tlocal("2026-11-28T16:55");
	assert_int_equal(queue_issue_with(f->q, "A", &o, &t), 0);
	assert_string_equal(t.number, "A004");
	/* calls follow the issue times, wherever a ticket was issued */
	const char *order[] = { "A001", "A007", "A003", "A004" };
	for (int i = 0; i < 4; i++) {
		assert_int_equal(queue_call_next(f->q, 1, &t), 0);
		assert_string_equal(t.number, order[i]);
	}
	assert_int_equal(queue_call_next(f->q, 1, &t), K_ERR_EMPTY);
	tfix_free(f);
}

/* Issue 15: one kiosk cannot drain a service by leases; a number another
 * ticket holds is refused as taken; numbers from outside in one form. */
static void a_kiosk_holds_few_unused_leased_numbers_and_a_taken_number_is_refused(void **state)
{
	(void)state;
	struct queue_lease l;
	struct queue_ticket t;
	struct tfix *f = tfix_new_text(
		"[station]\nid = ST\nname_vi = Trạm\n[queue]\nsync = normal\n"
		"[server]\nlease_unused = 6\n"
		"[service.A]\nprefix = A\nname_vi = A\nhours = 08:00-17:00\ndays = mon-sun\n"
		"[service.B]\nprefix = BC\nname_vi = B\nhours = 08:00-17:00\ndays = mon-sun\n"
		"[counter.1]\nservices = A, B\n", "2026-11-28T09:00");
	assert_int_equal(queue_lease(f->q, "A", "k1", 100, &l), 0);
	assert_int_equal(l.first, 1);
	assert_int_equal(l.last, 6);                         /* cut to lease_unused */
	assert_int_equal(queue_lease(f->q, "A", "k1", 1, &l), K_ERR_LIMIT);
	for (int i = 0; i < 50; i++)                         /* a flood changes nothing */
		assert_int_equal(queue_lease(f->q, "A", "k1", 100, &l), K_ERR_LIMIT);
	assert_string_equal(tissue(f, "A", 0), "A007");      /* walk-ins go on */
	assert_int_equal(queue_lease(f->q, "B", "k1", 2, &l), 0); /* per service */
	assert_int_equal(queue_lease(f->q, "A", "k2", 2, &l), 0); /* per kiosk */
	assert_int_equal(l.first, 8);
	/* two of k1's numbers issued (pushed): room for two more */
	struct queue_issue_opts o = { .source = QUEUE_WALKIN, .client_ref = "k1:1", .seq = 2,
				      .issued_at = tlocal("2026-11-28T09:00"), .holder = "k1" };
	assert_int_equal(queue_issue_with(f->q, "A", &o, &t), 0);
	o.client_ref = "k1:2";
	o.seq = 5;
	assert_int_equal(queue_issue_with(f->q, "A", &o, &t), 0);
	assert_int_equal(queue_lease(f->q, "A", "k1", 5, &l), 0);
	assert_int_equal(l.last - l.first + 1, 2);
	assert_int_equal(queue_lease(f->q, "A", "k1", 1, &l), K_ERR_LIMIT);
	/* A005 pushed again under another ref (an outbox restored from a copy) */
	o.client_ref = "k1:3";
	assert_int_equal(queue_issue_with(f->q, "A", &o, &t), K_ERR_TAKEN);
	assert_int_equal(queue_issue_with(f->q, "A", &o, &t), K_ERR_TAKEN); /* and again */
	o.client_ref = "k1:2";
	assert_int_equal(queue_issue_with(f->q, "A", &o, &t), 0);
	assert_int_equal(t.replayed, 1);

	/* the one form a number takes from outside, as the slip prints it */
	const struct kconf_service *s;
	int64_t seq;
	const struct { const char *text; const char *svc; int64_t seq; } good[] = {
		{ "A001", "A", 1 }, { "A999", "A", 999 }, { "A1000", "A", 1000 },
		{ "A99999", "A", 99999 }, { "BC004", "B", 4 },
	};
	for (unsigned i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		assert_int_equal(queue_number_parse(&f->cfg, good[i].text, &s, &seq), K_OK);
		assert_string_equal(s->code, good[i].svc);
		assert_int_equal(seq, good[i].seq);
	}
	const char *bad[] = { "", "01", "A", "A1", "A01", "A0001", "A000", "a001", "A 001",
			      " A001", "A001 ", "A+01", "A+001", "A-01", "A0x1", "BC 04",
			      "bc004", "A100000", "A01000", "Z01", "AAA001", "A\n001", NULL };
	for (int i = 0; bad[i]; i++)
		if (queue_number_parse(&f->cfg, bad[i], &s, &seq) != K_ERR_INVALID)
			fail_msg("'%s' was taken as a number", bad[i]);
	/* well written, but no service's: not found (a 404 at a counter's call) */
	assert_int_equal(queue_number_parse(&f->cfg, "Z001", &s, &seq), K_ERR_NOT_FOUND);
	assert_int_equal(queue_number_parse(&f->cfg, "AA001", &s, &seq), K_ERR_NOT_FOUND);
	assert_int_equal(queue_number_parse(&f->cfg, "B004", &s, &seq), K_ERR_NOT_FOUND);
	assert_int_equal(queue_number_parse(&f->cfg, NULL, &s, &seq), K_ERR_INVALID);
	tfix_free(f);
}

/* Bands: numbers only one kiosk issues offline; the sequence and leases skip them. */
static void bands_are_skipped_and_only_their_kiosk_issues_from_them(void **state)
{
	(void)state;
	struct queue_lease l;
	struct queue_ticket t;
	struct tfix *f = tfix_new_text(
		"[station]\nid = ST\nname_vi = Trạm\n[queue]\nsync = normal\n"
		"[server]\nkiosk.k1 = aaaaaaaaaaaaaaaaaaaaaaaa\nband.k1 = 5-7\n"
		"kiosk.k2 = bbbbbbbbbbbbbbbbbbbbbbbb\nband.k2 = 8-9\n"
		"[service.A]\nprefix = A\nname_vi = A\nhours = 08:00-17:00\ndays = mon-sun\n"
		"[counter.1]\nservices = A\n", "2026-11-28T09:00");
	tissue(f, "A", 0);                                   /* A001 */
	tissue(f, "A", 0);                                   /* A002 */
	assert_int_equal(queue_lease(f->q, "A", "k1", 5, &l), 0);
	assert_int_equal(l.first, 3);
	assert_int_equal(l.last, 4);                         /* stops short of the bands */
	assert_string_equal(tissue(f, "A", 0), "A010");      /* past every band */
	struct queue_issue_opts o = { .source = QUEUE_WALKIN, .client_ref = "k1:1", .seq = 6,
				      .issued_at = tlocal("2026-11-28T08:59"), .holder = "k1" };
	assert_int_equal(queue_issue_with(f->q, "A", &o, &t), 0);
	assert_string_equal(t.number, "A006");
	assert_string_equal(tissue(f, "A", 0), "A011");      /* a band ticket moves nothing */
	o.client_ref = "k2:1";
	o.holder = "k2";
	assert_int_equal(queue_issue_with(f->q, "A", &o, &t), K_ERR_INVALID); /* k1's band */
	o.seq = 9;
	assert_int_equal(queue_issue_with(f->q, "A", &o, &t), 0);
	assert_string_equal(t.number, "A009");
	tfix_free(f);
}

/*
 * The kiosk asked for a ticket, the answer never came, and it issued a band
 * number offline under the same ref: the server's ticket was never printed
 * and takes the printed number.  Once called, it stays, and the printed one
 * is issued beside it.
 */
static void a_pushed_number_replaces_the_unprinted_one(void **state)
{
	(void)state;
	struct queue_ticket t, t2;
	struct queue_status st;
	struct tfix *f = tfix_new_text(
		"[station]\nid = ST\nname_vi = Trạm\n[queue]\nsync = normal\n"
		"[server]\nkiosk.k1 = aaaaaaaaaaaaaaaaaaaaaaaa\nband.k1 = 901-949\n"
		"[service.A]\nprefix = A\nname_vi = A\nhours = 08:00-17:00\ndays = mon-sun\n"
		"[counter.1]\nservices = A\n", "2026-11-28T09:00");
	struct queue_issue_opts on = { .source = QUEUE_WALKIN, .client_ref = "k1:x" };
	assert_int_equal(queue_issue_with(f->q, "A", &on, &t), 0);
	assert_string_equal(t.number, "A001");               /* the answer is lost */
	struct queue_issue_opts off = on;
	off.seq = 901;
	off.issued_at = tlocal("2026-11-28T09:00");
	off.holder = "k1";
	f->now = tlocal("2026-11-28T09:10");
	assert_int_equal(queue_issue_with(f->q, "A", &off, &t2), 0);
	assert_string_equal(t2.number, "A901");
	assert_int_equal(t2.id, t.id);                       /* the same ticket, renumbered */
	assert_int_equal(queue_issue_with(f->q, "A", &off, &t2), 0);
	assert_int_equal(t2.replayed, 1);
	assert_int_equal(queue_status(f->q, &st), 0);
	assert_int_equal(st.services[0].issued, 1);
	assert_int_equal(st.services[0].waiting, 1);

	on.client_ref = "k1:y";                              /* again, but staff call it first */
	assert_int_equal(queue_issue_with(f->q, "A", &on, &t), 0);
	assert_int_equal(queue_call_next(f->q, 1, &t2), 0);  /* A901 */
	assert_int_equal(queue_call_next(f->q, 1, &t2), 0);
	assert_string_equal(t2.number, t.number);            /* the unprinted one, called */
	off.client_ref = "k1:y";
	off.seq = 902;
	assert_int_equal(queue_issue_with(f->q, "A", &off, &t2), 0);
	assert_string_equal(t2.number, "A902");
	assert_true(t2.id != t.id);
	assert_int_equal(t2.state, QUEUE_WAITING);
	assert_int_equal(queue_find(f->q, t.number, &t2), 0);
	assert_int_equal(t2.state, QUEUE_CALLED);            /* its record is kept */
	tfix_free(f);
}

static void people_ahead_and_the_wait_are_estimated(void **state)
{
	(void)state;
	struct queue_ticket t;
	/* A: avg 10 min default; counters 1 and 2 serve A */
	struct tfix *f = tfix_new("", SAT "09:00");
	tissue(f, "A", 0);
	tissue(f, "A", 0);
	tissue(f, "B", 0);
	assert_int_equal(queue_issue(f->q, "A", 0, QUEUE_WALKIN, NULL, &t), 0);
	assert_int_equal(t.ahead, 2);
	assert_int_equal(t.wait_minutes, 10); /* 2 x 10 min over 2 counters */
	assert_int_equal(queue_issue(f->q, "A", 1, QUEUE_WALKIN, NULL, &t), 0);
	assert_int_equal(t.ahead, 0); /* priority goes ahead of them */

	/* today's own figures replace avg_minutes once there are min_samples (3) */
	for (int i = 0; i < 3; i++) {
		assert_int_equal(queue_call_next(f->q, 1, &t), 0);
		f->now += 4 * 60;
		assert_int_equal(queue_finish(f->q, 1, &t), 0);
	}
	assert_int_equal(queue_issue(f->q, "A", 0, QUEUE_WALKIN, NULL, &t), 0);
	/* A005 (priority), A001 and A002 were served; A004 waits */
	assert_int_equal(t.ahead, 1);
	assert_int_equal(t.wait_minutes, 4); /* only counter 1 is open today: 1 x 4 min */
	tfix_free(f);
}

static void numbering_survives_a_restart(void **state)
{
	(void)state;
	struct tfix *f = tfix_new("", SAT "09:00");
	tissue(f, "A", 0);
	tissue(f, "A", 0);
	queue_close(f->q);
	assert_int_equal(queue_open(&f->q, f->db, &f->cfg, &f->clock), 0);
	assert_string_equal(tissue(f, "A", 0), "A003");
	tfix_free(f);
}

static void a_database_from_a_newer_program_is_refused(void **state)
{
	(void)state;
	sqlite3 *db;
	struct queue *q2 = NULL;
	struct tfix *f = tfix_new("", SAT "09:00");
	assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(queue_open(&q2, f->db, &f->cfg, &f->clock), K_ERR_VERSION);
	assert_null(q2);
	tfix_free(f);
}

static void an_unopenable_database_is_an_error(void **state)
{
	(void)state;
	struct queue *q = NULL;
	struct tfix *f = tfix_new("", SAT "09:00");
	assert_int_equal(queue_open(&q, "/nonexistent/dir/queue.db", &f->cfg, &f->clock), K_ERR_DB);
	assert_null(q);
	tfix_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(numbers_run_per_service),
		cmocka_unit_test(past_999_numbers_grow_a_digit),
		cmocka_unit_test(ids_never_repeat_while_numbers_restart_each_day),
		cmocka_unit_test(yesterdays_citizens_expire_and_lose_their_booking_link),
		cmocka_unit_test(the_day_can_start_later_than_midnight),
		cmocka_unit_test(opening_hours_and_days_refuse_with_a_reason),
		cmocka_unit_test(the_daily_cap_refuses_and_resets_next_day),
		cmocka_unit_test(an_unset_clock_issues_nothing),
		cmocka_unit_test(a_booking_is_checked_in_once),
		cmocka_unit_test(the_same_client_ref_gives_the_same_ticket),
		cmocka_unit_test(a_leased_block_is_skipped_and_only_its_holder_issues_from_it),
		cmocka_unit_test(bands_are_skipped_and_only_their_kiosk_issues_from_them),
		cmocka_unit_test(a_pushed_number_replaces_the_unprinted_one),
		cmocka_unit_test(a_kiosk_holds_few_unused_leased_numbers_and_a_taken_number_is_refused),
		cmocka_unit_test(people_ahead_and_the_wait_are_estimated),
		cmocka_unit_test(numbering_survives_a_restart),
		cmocka_unit_test(a_database_from_a_newer_program_is_refused),
		cmocka_unit_test(an_unopenable_database_is_an_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
