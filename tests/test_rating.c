/*
 * test_rating.c - citizens' ratings through the real engine (queue_rate(),
 * queue_rating_prompt()) and their chain (core/rating.h): what a counter's
 * device is shown and when, one rating per ticket, the window, the phone,
 * bad levels and reasons; and the chain checked untouched, then with a row
 * changed, deleted and inserted by hand with sqlite, and against the day
 * heads the upkeep writes to the audit log.
 */
#include "testutil.h"
#include "db_maint.h"
#include "kdb.h"
#include "kerr.h"
#include "rating.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#define CONF                                                                              \
	"[station]\nid = TEST-ST\nname_vi = Công an phường Thử\n"                             \
	"[service.A]\nprefix = A\nname_vi = Dịch vụ A\n"                                      \
	"hours = 07:30-11:30, 13:30-17:00\ndays = mon-sun\n"                                  \
	"[rating]\nseconds = 30\n"                                                            \
	"[counter.1]\nservices = A\n[counter.2]\nservices = A\n"

#define DAY "2026-11-30"

static void at(struct tfix *f, const char *hhmmss)
{
	char iso[32];
	snprintf(iso, sizeof(iso), DAY "T%s", hhmmss);
	f->now = tlocal(iso);
}

/* Issue, call at counter c, finish at hhmmss: the ticket's number. */
static const char *served(struct tfix *f, int c, const char *called, const char *finished)
{
	static char number[12];
	struct queue_ticket t;
	at(f, called);
	snprintf(number, sizeof(number), "%s", tissue(f, "A", 0));
	assert_int_equal(queue_call_number(f->q, c, number, &t), 0);
	at(f, finished);
	assert_int_equal(queue_finish(f->q, c, &t), 0);
	return number;
}

static int prompt(struct tfix *f, int c, struct queue_prompt *p)
{
	assert_int_equal(queue_rating_prompt(f->q, c, p), 0);
	return p->state;
}

static void sql(const char *db, const char *text)
{
	sqlite3 *s;
	assert_int_equal(sqlite3_open(db, &s), SQLITE_OK);
	if (sqlite3_exec(s, text, NULL, NULL, NULL) != SQLITE_OK)
		fail_msg("%s: %s", text, sqlite3_errmsg(s));
	sqlite3_close(s);
}

static struct rating_check verify(struct tfix *f, int64_t from)
{
	struct kdb db;
	struct rating_check c;
	assert_int_equal(kdb_open(&db, f->db, SQLITE_OPEN_READONLY, "test"), 0);
	assert_int_equal(rating_verify(&db, from, &c), 0);
	kdb_close(&db);
	return c;
}

static void a_counter_device_is_shown_the_last_finished_ticket_for_its_window(void **state)
{
	(void)state;
	struct tfix *f = tfix_new_text(CONF, DAY "T08:00");
	struct queue_prompt p;

	assert_int_equal(prompt(f, 1, &p), QUEUE_PROMPT_IDLE);
	char a[12];
	snprintf(a, sizeof(a), "%s", served(f, 1, "08:00:00", "08:10:00"));
	assert_int_equal(prompt(f, 1, &p), QUEUE_PROMPT_OPEN);
	assert_string_equal(p.number, a);
	assert_string_equal(p.service, "A");
	assert_int_equal(p.expires_in, 30);
	assert_int_equal(prompt(f, 2, &p), QUEUE_PROMPT_IDLE); /* another counter's */
	at(f, "08:10:29");
	assert_int_equal(prompt(f, 1, &p), QUEUE_PROMPT_OPEN);
	assert_int_equal(p.expires_in, 1);
	at(f, "08:10:30");
	assert_int_equal(prompt(f, 1, &p), QUEUE_PROMPT_IDLE);
	/* a tap on its way when the window closed is taken for a few seconds more */
	at(f, "08:10:30");
	assert_int_equal(queue_rate(f->q, 1, a, 1, 0, QUEUE_RATE_COUNTER), 0);
	assert_int_equal(queue_rate(f->q, 1, a, 2, 0, QUEUE_RATE_COUNTER), K_ERR_DUPLICATE);
	at(f, "08:10:05");
	assert_int_equal(prompt(f, 1, &p), QUEUE_PROMPT_RATED);
	tfix_free(f);
}

static void one_rating_per_ticket_within_the_window(void **state)
{
	(void)state;
	struct tfix *f = tfix_new_text(CONF, DAY "T08:00");
	char a[12], b[12];

	snprintf(a, sizeof(a), "%s", served(f, 1, "08:00:00", "08:05:00"));
	/* not finished yet at counter 2: nothing to rate there */
	at(f, "08:06:00");
	assert_int_equal(queue_rate(f->q, 2, a, 1, 0, QUEUE_RATE_COUNTER), K_ERR_NOT_FOUND);
	assert_int_equal(queue_rate(f->q, 1, "A999", 1, 0, QUEUE_RATE_COUNTER), K_ERR_NOT_FOUND);
	/* levels and reasons as [rating] says: 1..3; reasons 1..5 for level 3 only */
	at(f, "08:05:10");
	assert_int_equal(queue_rate(f->q, 1, a, 0, 0, QUEUE_RATE_COUNTER), K_ERR_INVALID);
	assert_int_equal(queue_rate(f->q, 1, a, 4, 0, QUEUE_RATE_COUNTER), K_ERR_INVALID);
	assert_int_equal(queue_rate(f->q, 1, a, 1, 2, QUEUE_RATE_COUNTER), K_ERR_INVALID);
	assert_int_equal(queue_rate(f->q, 1, a, 3, 6, QUEUE_RATE_COUNTER), K_ERR_INVALID);
	assert_int_equal(queue_rate(f->q, 1, a, 3, 2, QUEUE_RATE_COUNTER), 0);
	assert_int_equal(queue_rate(f->q, 1, a, 1, 0, QUEUE_RATE_COUNTER), K_ERR_DUPLICATE);
	/* past the window and its grace */
	snprintf(b, sizeof(b), "%s", served(f, 1, "08:10:00", "08:20:00"));
	at(f, "08:20:36");
	assert_int_equal(queue_rate(f->q, 1, b, 1, 0, QUEUE_RATE_COUNTER), K_ERR_EXPIRED);
	/* the earlier ticket is no longer the counter's last */
	assert_int_equal(queue_rate(f->q, 1, a, 1, 0, QUEUE_RATE_COUNTER), K_ERR_NOT_FOUND);
	/* by phone, any ticket finished today, until the day ends */
	at(f, "16:00:00");
	assert_int_equal(queue_rate(f->q, 0, b, 2, 0, QUEUE_RATE_PHONE), 0);
	assert_int_equal(queue_rate(f->q, 0, b, 2, 0, QUEUE_RATE_PHONE), K_ERR_DUPLICATE);
	assert_int_equal(queue_rate(f->q, 0, a, 2, 0, QUEUE_RATE_PHONE), K_ERR_DUPLICATE);

	/* what was stored: no person, the counter, the wait to the first call */
	sqlite3 *s;
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_open(f->db, &s), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(s, "SELECT number, service, counter, level, scale,"
					    " reason, wait, channel FROM ratings ORDER BY id", -1,
					    &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), a);
	assert_int_equal(sqlite3_column_int(st, 2), 1);
	assert_int_equal(sqlite3_column_int(st, 3), 3);
	assert_int_equal(sqlite3_column_int(st, 4), 3);
	assert_int_equal(sqlite3_column_int(st, 5), 2);
	assert_int_equal(sqlite3_column_int(st, 6), 0); /* issued and called at 08:00 */
	assert_string_equal((const char *)sqlite3_column_text(st, 7), "counter");
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), b);
	assert_string_equal((const char *)sqlite3_column_text(st, 7), "phone");
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	sqlite3_close(s);

	/* the next day: yesterday's tickets are not rated any more */
	f->now = tlocal("2026-12-01T08:00");
	assert_int_equal(queue_rate(f->q, 0, b, 2, 0, QUEUE_RATE_PHONE), K_ERR_NOT_FOUND);
	tfix_free(f);
}

/* Five rated tickets at counter 1 on DAY: rows 1..5. */
static struct tfix *five(void)
{
	struct tfix *f = tfix_new_text(CONF, DAY "T08:00");
	static const char *const times[][2] = {
		{ "08:00:00", "08:05:00" }, { "08:06:00", "08:10:00" }, { "08:11:00", "08:15:00" },
		{ "08:16:00", "08:20:00" }, { "08:21:00", "08:25:00" },
	};
	for (int i = 0; i < 5; i++) {
		char n[12];
		snprintf(n, sizeof(n), "%s", served(f, 1, times[i][0], times[i][1]));
		assert_int_equal(queue_rate(f->q, 1, n, 1 + i % 3, 0, QUEUE_RATE_COUNTER), 0);
	}
	struct rating_check c = verify(f, 0);
	assert_true(c.ok);
	assert_int_equal(c.rows, 5);
	assert_int_equal(c.first, 1);
	assert_int_equal(c.last, 5);
	return f;
}

static void a_changed_row_is_named(void **state)
{
	(void)state;
	struct tfix *f = five();
	sql(f->db, "UPDATE ratings SET level = 1 WHERE id = 3");
	struct rating_check c = verify(f, 0);
	assert_false(c.ok);
	assert_int_equal(c.row, 3);
	assert_string_equal(c.problem, "changed");
	assert_non_null(strstr(c.message, "row 3 (2026-11-30, A003)"));
	tfix_free(f);
}

static void a_deleted_row_is_named(void **state)
{
	(void)state;
	struct tfix *f = five();
	sql(f->db, "DELETE FROM ratings WHERE id = 2");
	struct rating_check c = verify(f, 0);
	assert_false(c.ok);
	assert_int_equal(c.row, 2);
	assert_string_equal(c.problem, "deleted");
	/* the first row itself: the chain no longer starts from nothing */
	tfix_free(f);
	f = five();
	sql(f->db, "DELETE FROM ratings WHERE id = 1");
	c = verify(f, 0);
	assert_true(c.ok); /* indistinguishable from the purge of old days ... */
	sql(f->db, "DELETE FROM ratings WHERE id = 5");
	c = verify(f, 0);
	assert_true(c.ok); /* ... and the last row of a day not over: the heads catch both */
	tfix_free(f);
}

static void an_inserted_row_is_named(void **state)
{
	(void)state;
	struct tfix *f = five();
	/* copied from another row, with a better level: its hash does not match */
	sql(f->db, "INSERT INTO ratings (day, ticket, number, service, counter, staff, level, scale,"
		   " reason, wait, at, channel, prev, hash) SELECT day, ticket + 100, 'A077', service,"
		   " counter, staff, 1, scale, 0, wait, at + 60, channel, hash, hash FROM ratings"
		   " WHERE id = 5");
	struct rating_check c = verify(f, 0);
	assert_false(c.ok);
	assert_int_equal(c.row, 6);
	assert_string_equal(c.problem, "changed");
	assert_non_null(strstr(c.message, "inserted by hand"));
	/* renumbered into the middle, with its own (correct) hash: it breaks the link */
	tfix_free(f);
	f = five();
	struct rating_row row = { .id = 3, .day = 20787, .ticket = 99, .number = "A099",
				  .service = "A", .staff = "", .channel = "counter", .counter = 1,
				  .level = 1, .scale = 3, .wait = 0, .at = 1 };
	unsigned char h[RATING_HASH];
	char hx[2 * RATING_HASH + 1], text[512];
	rating_hash(&row, h);
	for (int i = 0; i < RATING_HASH; i++)
		snprintf(hx + 2 * i, 3, "%02x", h[i]);
	sql(f->db, "UPDATE ratings SET id = id + 10 WHERE id >= 3");
	sql(f->db, "UPDATE ratings SET id = id - 9 WHERE id >= 13");
	snprintf(text, sizeof(text), "INSERT INTO ratings (id, day, ticket, number, service, counter,"
		 " staff, level, scale, reason, wait, at, channel, prev, hash) VALUES (3, 20787, 99,"
		 " 'A099', 'A', 1, '', 1, 3, 0, 0, 1, 'counter', zeroblob(32), x'%s')", hx);
	sql(f->db, text);
	c = verify(f, 0);
	assert_false(c.ok);
	assert_int_equal(c.row, 3);
	assert_string_equal(c.problem, "inserted");
	tfix_free(f);
}

static void the_day_heads_catch_a_chain_cut_or_rewritten(void **state)
{
	(void)state;
	struct tfix *f = five();
	struct db_maint_report rep;
	/* the next day's upkeep writes DAY's head to the audit log */
	f->now = tlocal("2026-12-01T07:00");
	assert_int_equal(queue_maintain(f->q, &rep), 0);
	assert_int_equal(queue_maintain(f->q, &rep), 0); /* once */
	struct rating_check c = verify(f, 0);
	assert_true(c.ok);
	assert_int_equal(c.heads, 1);
	sqlite3 *s;
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_open(f->db, &s), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(s, "SELECT COUNT(*), MAX(detail) FROM audit WHERE"
					    " action = 'ratings_head'", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 1);
	assert_non_null(strstr((const char *)sqlite3_column_text(st, 1), DAY " n=5 last=5 hash="));
	sqlite3_finalize(st);
	sqlite3_close(s);

	/* the day's last row removed: the head names it */
	sql(f->db, "CREATE TABLE saved AS SELECT * FROM ratings WHERE id = 5;"
		   "DELETE FROM ratings WHERE id = 5");
	c = verify(f, 0);
	assert_false(c.ok);
	assert_string_equal(c.problem, "head");
	assert_int_equal(c.row, 5);
	/* put back: intact again; a row added after the day closed, chained right */
	sql(f->db, "INSERT INTO ratings SELECT * FROM saved");
	assert_true(verify(f, 0).ok);
	f->now = tlocal("2026-12-01T08:00");
	char n[12];
	snprintf(n, sizeof(n), "%s", tissue(f, "A", 0));
	struct queue_ticket t;
	assert_int_equal(queue_call_number(f->q, 2, n, &t), 0);
	assert_int_equal(queue_finish(f->q, 2, &t), 0);
	assert_int_equal(queue_rate(f->q, 2, n, 2, 0, QUEUE_RATE_COUNTER), 0);
	assert_true(verify(f, 0).ok); /* today's row is no breach */
	sql(f->db, "UPDATE ratings SET day = 20787 WHERE id = 6"); /* moved into DAY */
	c = verify(f, 0);
	assert_false(c.ok); /* its hash covers its day */
	assert_int_equal(c.row, 6);
	/* --from: only the days from then on */
	c = verify(f, 20788);
	assert_true(c.ok);
	assert_int_equal(c.rows, 0);
	tfix_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_counter_device_is_shown_the_last_finished_ticket_for_its_window),
		cmocka_unit_test(one_rating_per_ticket_within_the_window),
		cmocka_unit_test(a_changed_row_is_named),
		cmocka_unit_test(a_deleted_row_is_named),
		cmocka_unit_test(an_inserted_row_is_named),
		cmocka_unit_test(the_day_heads_catch_a_chain_cut_or_rewritten),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
