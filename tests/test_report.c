/*
 * test_report.c - the report's figures (core/report.h, docs/reports.md)
 * on a hand-built day where every wait and service time is known, played
 * through the real engine: a ticket issued before opening, a recall, a
 * transfer, a no-show that comes back, one left waiting and one left at a
 * counter at closing, an early booking and one never checked in, refusals
 * and printer faults.  The same figures from the tickets (the day just
 * closed), from the day's aggregates, and from the aggregates alone once
 * the tickets are purged.
 */
#include "testutil.h"
#include "db_maint.h"
#include "kdb.h"
#include "kerr.h"
#include "report.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#define CONF                                                                              \
	"[station]\nid = TEST-ST\nname_vi = Công an phường Thử\n"                             \
	"[reports]\ntarget_wait = 30\n"                                                       \
	"[service.A]\nprefix = A\nname_vi = Dịch vụ A\n"                                      \
	"hours = 07:30-11:30, 13:30-17:00\ndays = mon-sun\n"                                  \
	"[service.B]\nprefix = B\nname_vi = Dịch vụ B\n"                                      \
	"hours = 07:30-11:30, 13:30-17:00\ndays = mon-sun\ntarget_wait = 10\n"                \
	"[server]\nkiosk.lobby-1 = aaaaaaaaaaaaaaaaaaaaaaaa\nband.lobby-1 = 601-999\n"       \
	"[counter.1]\nservices = A, B\n[counter.2]\nservices = A, B\n[counter.3]\nservices = B\n"

#define DAY "2026-11-30" /* a Monday */
#define TODAY 20788     /* 2026-12-01 */
#define TODAY_S "20788"

static void at(struct tfix *f, const char *hhmm)
{
	char iso[32];
	snprintf(iso, sizeof(iso), DAY "T%s", hhmm);
	f->now = tlocal(iso);
}

static void issue(struct tfix *f, const char *hhmm, const char *service, int priority,
		  enum queue_source src, const char *want)
{
	struct queue_ticket t;
	at(f, hhmm);
	assert_int_equal(queue_issue(f->q, service, priority, src, NULL, &t), 0);
	assert_string_equal(t.number, want);
}

static void counter(struct tfix *f, const char *hhmm, int c, const char *what, const char *arg)
{
	struct queue_ticket t;
	at(f, hhmm);
	int r = !strcmp(what, "call")     ? queue_call_number(f->q, c, arg, &t) :
		!strcmp(what, "recall")   ? queue_recall(f->q, c, &t) :
		!strcmp(what, "start")    ? queue_start(f->q, c, &t) :
		!strcmp(what, "finish")   ? queue_finish(f->q, c, &t) :
		!strcmp(what, "noshow")   ? queue_noshow(f->q, c, &t) :
		!strcmp(what, "transfer") ? queue_transfer(f->q, c, arg, &t) : -100;
	assert_int_equal(r, 0);
}

static void device(struct tfix *f, const char *hhmm, const char *printer)
{
	struct queue_device d = { .name = "lobby-1", .scanner = "ok" };
	at(f, hhmm);
	snprintf(d.printer, sizeof(d.printer), "%s", printer);
	assert_int_equal(queue_device_report(f->q, &d), 0);
}

static void sql(const char *db, const char *text)
{
	sqlite3 *s;
	assert_int_equal(sqlite3_open(db, &s), SQLITE_OK);
	assert_int_equal(sqlite3_exec(s, text, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(s);
}

/* The day of docs/reports.md's worked example. */
static struct tfix *the_day(void)
{
	struct tfix *f = tfix_new_text(CONF, DAY "T07:00");
	struct queue_ticket t;
	struct queue_issue_opts bk = { .source = QUEUE_BOOKING, .booking_id = "BK-1" };

	/* a station booking for 09:00 nobody checks in */
	sql(f->db, "INSERT INTO bookings (id, service, slot, minutes, made_by, made_at) VALUES"
		   " ('BK-2', 'A', strftime('%s', '" DAY " 02:00'), 30, 'zalo', 0)");
	at(f, "07:10");
	assert_int_equal(queue_issue(f->q, "A", 0, QUEUE_WALKIN, NULL, &t), K_ERR_CLOSED);
	assert_int_equal(queue_note_refusal(f->q, "A", K_ERR_CLOSED), 0);
	issue(f, "07:20", "A", 0, QUEUE_STAFF, "A001");        /* before opening: waits from 07:30 */
	issue(f, "07:40", "A", 0, QUEUE_WALKIN, "A002");
	issue(f, "07:45", "B", 1, QUEUE_WALKIN, "B001");
	at(f, "07:50");                                         /* early for its 08:00 slot */
	bk.booked_slot = tlocal(DAY "T08:00");
	bk.booked_end = tlocal(DAY "T08:30");
	assert_int_equal(queue_issue_with(f->q, "A", &bk, &t), 0);
	assert_string_equal(t.number, "A003");
	assert_int_equal(queue_counter_staff(f->q, 1, "lan"), 0);
	assert_int_equal(queue_counter_staff(f->q, 2, "minh"), 0);
	assert_int_equal(queue_counter_staff(f->q, 3, "hoa"), 0);

	counter(f, "08:00", 1, "call", "A001");     /* wait 30:00 */
	counter(f, "08:02", 1, "start", NULL);
	counter(f, "08:05", 2, "call", "B001");     /* wait 20:00 */
	counter(f, "08:10", 1, "transfer", "B");    /* served 8:00 at counter 1 */
	counter(f, "08:12", 1, "call", "A002");     /* wait 32:00 */
	counter(f, "08:13", 1, "recall", NULL);     /* the same call */
	counter(f, "08:14", 1, "start", NULL);
	counter(f, "08:15", 2, "finish", NULL);     /* B001: 10:00 from the call, no start */
	counter(f, "08:16", 2, "call", "A003");     /* wait 26:00 */
	counter(f, "08:18", 2, "noshow", NULL);     /* requeued */
	counter(f, "08:20", 1, "finish", NULL);     /* A002: 6:00 */
	counter(f, "08:20", 3, "call", "A001");     /* its second visit: no second wait */
	counter(f, "08:21", 3, "start", NULL);
	counter(f, "08:25", 2, "call", "A003");
	issue(f, "08:30", "A", 0, QUEUE_WALKIN, "A004"); /* never called */
	counter(f, "08:31", 3, "finish", NULL);     /* A001 at counter 3: 10:00 */
	counter(f, "08:35", 2, "finish", NULL);     /* A003: 10:00 */
	issue(f, "08:40", "B", 0, QUEUE_WALKIN, "B002");
	counter(f, "08:45", 3, "call", "B002");     /* wait 5:00, never finished */
	at(f, "09:00");
	assert_int_equal(queue_note_refusal(f->q, "B", K_ERR_DISABLED), 0);
	device(f, "09:00", "paper_out");
	device(f, "09:30", "ok");
	device(f, "10:00", "paper_out");
	device(f, "10:01", "paper_out");           /* the same fault, reported again */

	f->now = tlocal("2026-12-01T08:00");       /* the next day: yesterday closes */
	tissue(f, "A", 0);
	return f;
}

static struct report *build(struct tfix *f, const char *from, const char *to, int group)
{
	struct kdb db;
	struct report *r = NULL;
	int64_t a, b;
	const char *code, *msg;
	assert_int_equal(report_range_parse(from, to, &a, &b, &code, &msg), 0);
	assert_int_equal(kdb_open(&db, f->db, SQLITE_OPEN_READWRITE, "test"), 0);
	assert_int_equal(report_build(&db, &f->cfg, a, b, group, f->now, &r), 0);
	kdb_close(&db);
	return r;
}

static const struct report_row *row(const struct report *r, int by, const char *key)
{
	for (int i = 0; i < r->by[by].n; i++)
		if (!strcmp(r->by[by].rows[i].key, key))
			return &r->by[by].rows[i];
	fail_msg("no row %s in %s", key, report_by_name(by));
	return NULL;
}

static void times_are(const struct report_times *t, int n, int64_t mean, int64_t median,
		      int64_t p90, int64_t max)
{
	assert_int_equal(t->n, n);
	assert_int_equal(t->mean, mean);
	assert_int_equal(t->median, median);
	assert_int_equal(t->p90, p90);
	if (max != -2)
		assert_int_equal(t->max, max);
}

/* Every figure of the day, whichever way it was read. */
static void check_the_day(const struct report *r)
{
	const struct report_row *w = &r->total;
	assert_int_equal(w->issued, 6);
	assert_int_equal(w->served, 4);
	assert_int_equal(w->noshow, 0);              /* A003 came back */
	assert_int_equal(w->transferred, 1);
	assert_int_equal(w->waiting_at_close, 1);    /* A004 */
	assert_int_equal(w->unfinished, 1);          /* B002 */
	assert_int_equal(w->priority, 1);
	assert_int_equal(w->offline, 0);
	assert_int_equal(w->refused_closed, 1);
	assert_int_equal(w->refused_cap, 0);
	assert_int_equal(w->refused_disabled, 1);
	assert_int_equal(w->bk_checked_in, 1);
	assert_int_equal(w->bk_early, 1);
	assert_int_equal(w->bk_on_time, 0);
	assert_int_equal(w->bk_late, 0);
	assert_int_equal(w->bk_noshow, 1);           /* BK-2 */
	/* waits 5:00 20:00 26:00 30:00 32:00: A001 from the opening, A003 and
	 * A001 once each; nearest rank: median the 3rd, p90 the 5th */
	times_are(&w->wait, 5, 1356, 1560, 1920, 1920);
	/* within A's 30 min: A001 (30:00) and A003; within B's 10: B002 */
	assert_int_equal(w->sl_within, 3);
	assert_int_equal(w->sl_of, 6);
	/* service times 6:00 8:00 10:00 10:00 10:00 (the no-show and the
	 * unfinished visit have none) */
	times_are(&w->service, 5, 528, 600, 600, -2);
	assert_int_equal(w->visits, 7);
	assert_int_equal(w->visits_served, 4);
	assert_int_equal(w->visits_transferred, 1);
	assert_int_equal(w->visits_noshow, 1);
	assert_int_equal(w->printer_faults, 2);

	const struct report_row *c1 = row(r, REPORT_BY_COUNTER, "1");
	assert_int_equal(c1->issued, 2);             /* first called here: A001, A002 */
	times_are(&c1->wait, 2, 1860, 1800, 1920, 1920);
	assert_int_equal(c1->visits, 2);
	assert_int_equal(c1->visits_served, 1);
	assert_int_equal(c1->visits_transferred, 1);
	times_are(&c1->service, 2, 420, 360, 480, -2);
	const struct report_row *c2 = row(r, REPORT_BY_COUNTER, "2");
	assert_int_equal(c2->visits, 3);
	assert_int_equal(c2->visits_noshow, 1);
	times_are(&c2->service, 2, 600, 600, 600, -2);
	const struct report_row *c3 = row(r, REPORT_BY_COUNTER, "3");
	assert_int_equal(c3->visits, 2);
	assert_int_equal(c3->visits_served, 1);      /* A001 after its transfer */
	assert_int_equal(row(r, REPORT_BY_COUNTER, "0")->waiting_at_close, 1);
	assert_int_equal(row(r, REPORT_BY_STAFF, "lan")->visits, 2);
	assert_int_equal(row(r, REPORT_BY_STAFF, "minh")->visits, 3);
	assert_int_equal(row(r, REPORT_BY_STAFF, "hoa")->visits, 2);

	const struct report_row *a = row(r, REPORT_BY_SERVICE, "A"), *b = row(r, REPORT_BY_SERVICE, "B");
	assert_int_equal(a->issued, 4);
	assert_int_equal(b->issued, 2);
	assert_int_equal(a->visits, 4);              /* A001 at counter 1, A002, A003 twice */
	assert_int_equal(b->visits, 3);              /* B001, A001 at counter 3, B002 */
	assert_int_equal(a->refused_closed, 1);
	assert_int_equal(b->refused_disabled, 1);
	assert_int_equal(a->bk_noshow, 1);
	assert_int_equal(r->by[REPORT_BY_SERVICE].n, 2);
	assert_string_equal(r->by[REPORT_BY_SERVICE].rows[0].key, "A"); /* kiosk.conf's order */

	assert_int_equal(row(r, REPORT_BY_HOUR, "7")->issued, 4);
	assert_int_equal(row(r, REPORT_BY_HOUR, "8")->issued, 2);
	assert_int_equal(row(r, REPORT_BY_SOURCE, "staff")->issued, 1);
	assert_int_equal(row(r, REPORT_BY_SOURCE, "walkin")->issued, 4);
	assert_int_equal(row(r, REPORT_BY_SOURCE, "booking")->issued, 1);
	assert_int_equal(row(r, REPORT_BY_SOURCE, "booking")->bk_noshow, 1);
	assert_int_equal(row(r, REPORT_BY_WEEKDAY, "1")->issued, 6);
	assert_int_equal(row(r, REPORT_BY_PERIOD, DAY)->issued, 6);
	assert_int_equal(row(r, REPORT_BY_PERIOD, DAY)->printer_faults, 2);
	assert_int_equal(r->working_days, 1);

	/* the grid: 07 and 08 of the day */
	assert_int_equal(r->heat.ndays, 1);
	assert_int_equal(r->heat.first_hour, 7);
	assert_int_equal(r->heat.nhours, 2);
	assert_int_equal(r->heat.arrivals[0], 4);
	assert_int_equal(r->heat.median_wait[0], 1560); /* 20:00 26:00 30:00 32:00 */
	assert_int_equal(r->heat.median_wait[1], 300);
}

static void the_figures_of_a_known_day(void **state)
{
	(void)state;
	struct tfix *f = the_day();
	struct report *r = build(f, DAY, DAY, REPORT_GROUP_DAY);
	assert_int_equal(r->open_days, 1);   /* read from its tickets */
	assert_int_equal(r->closed_days, 0);
	check_the_day(r);
	report_free(r);
	tfix_free(f);
}

/* Aggregate the closed days before today; how many were. */
static int close_days(struct tfix *f)
{
	struct kdb db;
	int closed = -1;
	assert_int_equal(kdb_open(&db, f->db, SQLITE_OPEN_READWRITE, "test"), 0);
	assert_int_equal(report_close_days(&db, &f->cfg, TODAY, &closed), 0);
	kdb_close(&db);
	return closed;
}

static int64_t count(struct tfix *f, const char *query)
{
	sqlite3 *s;
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_open(f->db, &s), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(s, query, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	int64_t n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(s);
	return n;
}

/* The daily upkeep ten days on.  reports_keep 0: it purges past [queue]
 * keep_days = 3 (the tickets, visits, refusals, devices log and bookings of
 * the 30th go; its aggregates and ratings stay, [reports] keep_days); else
 * past [reports] keep_days = reports_keep too. */
static void upkeep(struct tfix *f, int reports_keep)
{
	struct db_maint_report m;
	f->cfg.queue.keep_days = 3;
	if (reports_keep)
		f->cfg.reports.keep_days = reports_keep;
	f->now = tlocal("2026-12-10T08:00");
	tissue(f, "A", 0); /* the station at work: its upkeep counts from its newest ticket */
	assert_int_equal(queue_maintain(f->q, &m), 0);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM tickets WHERE day = " TODAY_S " - 1"), 0);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM visits"), 0);
}

static void the_aggregates_give_the_same_figures_after_the_purge(void **state)
{
	(void)state;
	struct tfix *f = the_day();
	assert_int_equal(close_days(f), 1);  /* the 30th; today is open */
	assert_int_equal(close_days(f), 0);  /* nothing new */
	struct report *r = build(f, DAY, DAY, REPORT_GROUP_DAY);
	assert_int_equal(r->closed_days, 1);
	check_the_day(r);
	report_free(r);

	upkeep(f, 0);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM refusals"), 0);
	r = build(f, DAY, DAY, REPORT_GROUP_DAY);
	assert_int_equal(r->closed_days, 1);
	check_the_day(r);
	report_free(r);

	/* and past [reports] keep_days, they go too */
	upkeep(f, 5);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM report_cells"), 0);
	r = build(f, DAY, DAY, REPORT_GROUP_DAY);
	assert_int_equal(r->total.issued, 0);
	report_free(r);
	tfix_free(f);
}

static void a_ticket_pushed_late_reopens_its_closed_day(void **state)
{
	(void)state;
	struct tfix *f = the_day();
	assert_int_equal(close_days(f), 1);
	/* lobby-1's offline ticket of the 30th (its band) reaches the server on the 1st */
	struct queue_issue_opts o = { .source = QUEUE_WALKIN, .client_ref = "lobby-1:9",
				      .seq = 601, .issued_at = tlocal(DAY "T16:00"),
				      .holder = "lobby-1" };
	struct queue_ticket t;
	assert_int_equal(queue_issue_with(f->q, "A", &o, &t), 0);
	assert_string_equal(t.number, "A601");
	struct report *r = build(f, DAY, DAY, REPORT_GROUP_DAY);
	assert_int_equal(r->closed_days, 0); /* the aggregates are stale: read from the tickets */
	assert_int_equal(r->total.issued, 7);
	assert_int_equal(r->total.offline, 1);
	report_free(r);
	assert_int_equal(close_days(f), 1);  /* aggregated again */
	r = build(f, DAY, DAY, REPORT_GROUP_DAY);
	assert_int_equal(r->closed_days, 1);
	assert_int_equal(r->total.issued, 7);
	report_free(r);
	tfix_free(f);
}

static void today_counts_as_far_as_it_has_gone(void **state)
{
	(void)state;
	struct tfix *f = the_day();
	struct report *r = build(f, DAY, "2026-12-01", REPORT_GROUP_DAY);
	assert_int_equal(r->total.issued, 7);  /* the day and today's one ticket */
	assert_int_equal(row(r, REPORT_BY_PERIOD, "2026-12-01")->waiting_at_close, 1); /* waiting now */
	assert_int_equal(row(r, REPORT_BY_PERIOD, "2026-12-01")->days, 1);
	assert_int_equal(r->working_days, 2);
	report_free(r);
	tfix_free(f);
}

static void weeks_and_months_group_the_days(void **state)
{
	(void)state;
	struct tfix *f = the_day();
	struct report *r = build(f, "2026-11-01", "2026-12-31", REPORT_GROUP_WEEK);
	/* ISO weeks: 2026-11-01 is a Sunday of week 44; 2026-12-31 a Thursday of week 53 */
	assert_string_equal(r->by[REPORT_BY_PERIOD].rows[0].key, "2026-W44");
	assert_int_equal(r->by[REPORT_BY_PERIOD].rows[0].days, 1);
	assert_string_equal(r->by[REPORT_BY_PERIOD].rows[r->by[REPORT_BY_PERIOD].n - 1].key,
			    "2026-W53");
	assert_int_equal(row(r, REPORT_BY_PERIOD, "2026-W49")->issued, 7); /* Mon 30th, Tue 1st */
	assert_int_equal(row(r, REPORT_BY_PERIOD, "2026-W49")->days, 7);
	report_free(r);
	r = build(f, "2026-11-01", "2026-12-31", REPORT_GROUP_MONTH);
	assert_int_equal(r->by[REPORT_BY_PERIOD].n, 2);
	assert_int_equal(row(r, REPORT_BY_PERIOD, "2026-11")->issued, 6);
	assert_int_equal(row(r, REPORT_BY_PERIOD, "2026-11")->days, 30);
	assert_int_equal(row(r, REPORT_BY_PERIOD, "2026-12")->issued, 1);
	report_free(r);
	tfix_free(f);
}

/* ---- the citizens' ratings ---- */

static void rate(struct tfix *f, const char *hhmm, int secs, int c, const char *number, int level,
		 int reason, enum queue_rating_channel channel)
{
	at(f, hhmm);
	f->now += secs;
	assert_int_equal(queue_rate(f->q, c, number, level, reason, channel), 0);
}

/* docs/reports.md's rated day: seven tickets served, six rated (the
 * shipped three levels and five reasons), waits of 5 to 51 minutes. */
static struct tfix *the_rated_day(void)
{
	struct tfix *f = tfix_new_text(CONF, DAY "T07:00");
	issue(f, "07:30", "A", 0, QUEUE_WALKIN, "A001");
	issue(f, "07:30", "A", 0, QUEUE_WALKIN, "A002");
	issue(f, "07:31", "A", 0, QUEUE_WALKIN, "A003");
	issue(f, "07:32", "B", 0, QUEUE_WALKIN, "B001");
	issue(f, "07:35", "B", 0, QUEUE_WALKIN, "B002");
	assert_int_equal(queue_counter_staff(f->q, 1, "lan"), 0);
	assert_int_equal(queue_counter_staff(f->q, 2, "minh"), 0);
	assert_int_equal(queue_counter_staff(f->q, 3, "hoa"), 0);
	counter(f, "07:35", 1, "call", "A001");                     /* wait 5:00 */
	issue(f, "07:40", "B", 0, QUEUE_WALKIN, "B003");
	counter(f, "07:40", 1, "finish", NULL);
	rate(f, "07:40", 5, 1, "A001", 1, 0, QUEUE_RATE_COUNTER);
	issue(f, "07:45", "A", 0, QUEUE_WALKIN, "A004");
	counter(f, "07:45", 1, "call", "A002");                     /* 15:00 */
	counter(f, "07:50", 1, "finish", NULL);
	rate(f, "07:50", 20, 1, "A002", 2, 0, QUEUE_RATE_COUNTER);
	counter(f, "07:56", 2, "call", "A003");                     /* 25:00 */
	counter(f, "08:00", 1, "call", "A004");                     /* 15:00 */
	counter(f, "08:00", 2, "finish", NULL);
	rate(f, "08:00", 10, 2, "A003", 3, 1, QUEUE_RATE_COUNTER);  /* Chờ lâu */
	counter(f, "08:05", 1, "finish", NULL);
	rate(f, "08:05", 0, 1, "A004", 3, 0, QUEUE_RATE_COUNTER);   /* no reason given */
	counter(f, "08:17", 2, "call", "B001");                     /* 45:00 */
	counter(f, "08:20", 2, "finish", NULL);
	counter(f, "08:25", 3, "call", "B002");                     /* 50:00 */
	counter(f, "08:30", 3, "finish", NULL);
	counter(f, "08:31", 3, "call", "B003");                     /* 51:00, not rated */
	counter(f, "08:40", 3, "finish", NULL);
	rate(f, "10:00", 0, 0, "B001", 3, 2, QUEUE_RATE_PHONE);     /* Thái độ phục vụ */
	rate(f, "11:00", 0, 0, "B002", 2, 0, QUEUE_RATE_PHONE);
	at(f, "11:30");
	assert_int_equal(queue_rate(f->q, 1, "A001", 1, 0, QUEUE_RATE_PHONE), K_ERR_DUPLICATE);
	f->now = tlocal("2026-12-01T08:00");
	tissue(f, "A", 0);
	return f;
}

static const struct report_rating_row *rated(const struct report *r, int by, const char *key)
{
	const struct report_ratings *x = &r->ratings;
	for (int i = 0; i < x->by[by].n; i++)
		if (!strcmp(x->by[by].rows[i].key, key))
			return &x->by[by].rows[i];
	fail_msg("no ratings row %s in %s", key, report_rate_by_name(by));
	return NULL;
}

/* rated, served, satisfied and the count of each of the three levels */
static void counts_are(const struct report_rating_row *w, int n, int served, int satisfied,
		       int l1, int l2, int l3)
{
	assert_int_equal(w->rated, n);
	assert_int_equal(w->served, served);
	assert_int_equal(w->satisfied, satisfied);
	assert_int_equal(w->level[0], l1);
	assert_int_equal(w->level[1], l2);
	assert_int_equal(w->level[2], l3);
	assert_int_equal(w->level[3], 0);
}

static void check_the_ratings(const struct report *r)
{
	const struct report_ratings *x = &r->ratings;
	const struct report_rating_row *w = &x->total;
	assert_int_equal(x->levels, 3);
	assert_int_equal(x->reasons, 5);
	counts_are(w, 6, 7, 3, 1, 2, 3);
	/* each level's median wait: 5:00; 15:00 50:00; 15:00 25:00 45:00 */
	assert_int_equal(w->level_wait[0], 300);
	assert_int_equal(w->level_wait[1], 900);
	assert_int_equal(w->level_wait[2], 1500);
	assert_int_equal(w->level_wait[3], REPORT_NONE);
	assert_int_equal(w->reason[0], 1);
	assert_int_equal(w->reason[1], 1);
	assert_int_equal(w->reason[2] + w->reason[3] + w->reason[4], 0);
	/* the rated waits 5 15 15 25 45 50 minutes (B003's 51 was not rated) */
	times_are(&w->wait, 6, 1550, 900, 3000, 3000);
	const int band[] = { 1, 2, 1, 2 }, happy[] = { 1, 1, 0, 1 };
	for (int i = 0; i < REPORT_WAIT_BANDS; i++) {
		assert_int_equal(w->band[i], band[i]);
		assert_int_equal(w->band_satisfied[i], happy[i]);
	}

	assert_int_equal(x->by[REPORT_RATE_BY_SERVICE].n, 2);
	assert_string_equal(x->by[REPORT_RATE_BY_SERVICE].rows[0].key, "A");
	counts_are(rated(r, REPORT_RATE_BY_SERVICE, "A"), 4, 4, 2, 1, 1, 2);
	counts_are(rated(r, REPORT_RATE_BY_SERVICE, "B"), 2, 3, 1, 0, 1, 1);
	assert_int_equal(rated(r, REPORT_RATE_BY_SERVICE, "B")->reason[1], 1);
	assert_int_equal(x->by[REPORT_RATE_BY_COUNTER].n, 3);
	counts_are(rated(r, REPORT_RATE_BY_COUNTER, "1"), 3, 3, 2, 1, 1, 1);
	counts_are(rated(r, REPORT_RATE_BY_COUNTER, "2"), 2, 2, 0, 0, 0, 2);
	counts_are(rated(r, REPORT_RATE_BY_COUNTER, "3"), 1, 2, 1, 0, 1, 0);
	counts_are(rated(r, REPORT_RATE_BY_STAFF, "lan"), 3, 3, 2, 1, 1, 1);
	counts_are(rated(r, REPORT_RATE_BY_STAFF, "minh"), 2, 2, 0, 0, 0, 2);
	counts_are(rated(r, REPORT_RATE_BY_STAFF, "hoa"), 1, 2, 1, 0, 1, 0);
	assert_int_equal(x->by[REPORT_RATE_BY_CHANNEL].n, 2);
	assert_string_equal(x->by[REPORT_RATE_BY_CHANNEL].rows[0].key, "counter");
	counts_are(rated(r, REPORT_RATE_BY_CHANNEL, "counter"), 4, 7, 2, 1, 1, 2);
	counts_are(rated(r, REPORT_RATE_BY_CHANNEL, "phone"), 2, 7, 1, 0, 1, 1);
	assert_int_equal(rated(r, REPORT_RATE_BY_CHANNEL, "phone")->wait.median, 2700);
	counts_are(rated(r, REPORT_RATE_BY_PERIOD, DAY), 6, 7, 3, 1, 2, 3);
}

static void the_ratings_of_a_known_day(void **state)
{
	(void)state;
	struct tfix *f = the_rated_day();
	struct report *r = build(f, DAY, DAY, REPORT_GROUP_DAY);
	check_the_ratings(r);
	report_free(r);

	/* a range with a day of nothing rated: its period row, rated 0 */
	r = build(f, DAY, "2026-12-01", REPORT_GROUP_DAY);
	assert_int_equal(r->ratings.by[REPORT_RATE_BY_PERIOD].n, 2);
	counts_are(rated(r, REPORT_RATE_BY_PERIOD, "2026-12-01"), 0, 0, 0, 0, 0, 0);
	assert_int_equal(rated(r, REPORT_RATE_BY_PERIOD, "2026-12-01")->wait.median, REPORT_NONE);
	assert_int_equal(rated(r, REPORT_RATE_BY_PERIOD, "2026-12-01")->level_wait[0], REPORT_NONE);
	assert_int_equal(r->ratings.total.rated, 6);
	report_free(r);

	/* the tickets purged ([queue] keep_days), the day read from its
	 * aggregates: the ratings stay, with the same served beside them */
	assert_int_equal(close_days(f), 1);
	upkeep(f, 0);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM ratings"), 6);
	r = build(f, DAY, DAY, REPORT_GROUP_DAY);
	assert_int_equal(r->closed_days, 1);
	check_the_ratings(r);
	report_free(r);

	/* past [reports] keep_days they go with the aggregates */
	upkeep(f, 5);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM ratings"), 0);
	r = build(f, DAY, DAY, REPORT_GROUP_DAY);
	counts_are(&r->ratings.total, 0, 0, 0, 0, 0, 0);
	assert_int_equal(r->ratings.by[REPORT_RATE_BY_SERVICE].n, 0);
	assert_int_equal(r->ratings.by[REPORT_RATE_BY_CHANNEL].n, 2);
	report_free(r);
	tfix_free(f);
}

static void bad_ranges_are_refused_with_a_reason(void **state)
{
	(void)state;
	int64_t a, b;
	const char *code, *msg;
	assert_int_equal(report_range_parse("2026-12-02", "2026-12-01", &a, &b, &code, &msg),
			 K_ERR_INVALID);
	assert_string_equal(code, "bad_range");
	assert_int_equal(report_range_parse("2023-01-01", "2026-01-01", &a, &b, &code, &msg),
			 K_ERR_INVALID);
	assert_string_equal(code, "range_too_long");
	/* three years, a leap day among them: 1096 days */
	assert_int_equal(report_range_parse("2023-01-01", "2025-12-31", &a, &b, &code, &msg), 0);
	const char *bad[] = { "2026-02-30", "2026-1-01", "yesterday", "", "2026-12-01x",
			      "2026/12/01", "-026-12-01" };
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(report_range_parse(bad[i], "2026-12-01", &a, &b, &code, &msg),
				 K_ERR_INVALID);
		assert_string_equal(code, "bad_date");
	}
	assert_int_equal(report_range_parse(NULL, "2026-12-01", &a, &b, &code, &msg), K_ERR_INVALID);
}

static void percentiles_are_by_nearest_rank(void **state)
{
	(void)state;
	const int64_t v[] = { 10, 20, 30, 40, 50, 60, 70, 80, 90, 100 };
	assert_int_equal(report_percentile(v, 10, 50), 50);
	assert_int_equal(report_percentile(v, 10, 90), 90);
	assert_int_equal(report_percentile(v, 10, 100), 100);
	assert_int_equal(report_percentile(v, 1, 90), 10);
	assert_int_equal(report_percentile(v, 2, 50), 10);
	assert_int_equal(report_percentile(v, 0, 50), REPORT_NONE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_figures_of_a_known_day),
		cmocka_unit_test(the_aggregates_give_the_same_figures_after_the_purge),
		cmocka_unit_test(a_ticket_pushed_late_reopens_its_closed_day),
		cmocka_unit_test(today_counts_as_far_as_it_has_gone),
		cmocka_unit_test(weeks_and_months_group_the_days),
		cmocka_unit_test(the_ratings_of_a_known_day),
		cmocka_unit_test(bad_ranges_are_refused_with_a_reason),
		cmocka_unit_test(percentiles_are_by_nearest_rank),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
