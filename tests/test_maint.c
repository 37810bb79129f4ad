/*
 * test_maint.c - the daily upkeep and the refusals that keep a queue day
 * sound: rows past keep_days purged and newer ones kept (queue database and
 * a kiosk's outbox), nothing in use purged by a clock years ahead, the WAL
 * truncated by the checkpoint, the system clock
 * held to the build's date while an injected clock keeps its fixed dates,
 * no number while the clock reads 1970, none under disk_reserve_mb, and
 * issuing back by itself once the disk has room again.
 */
#include "testutil.h"
#include "db_maint.h"
#include "kdisk.h"
#include "kerr.h"
#include "sync_store.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#define DAY 86400

static int64_t count(const char *db, const char *sql)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	int64_t n = -1;
	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return n;
}

static void run_sql(const char *db, const char *sql)
{
	sqlite3 *h;
	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	sqlite3_busy_timeout(h, 5000);
	assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
}

static void text_of(const char *db, const char *sql, char *out, size_t len)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	out[0] = '\0';
	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(out, len, "%s", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(h);
}

static int64_t file_size(const char *db, const char *suffix)
{
	char path[256];
	FILE *fp;
	long n = -1;
	snprintf(path, sizeof(path), "%s%s", db, suffix);
	if ((fp = fopen(path, "rb"))) {
		fseek(fp, 0, SEEK_END);
		n = ftell(fp);
		fclose(fp);
	}
	return n;
}

static void past_keep_days_goes_newer_stays(void **state)
{
	(void)state;
	/* the rollover of each issue already drops tickets past keep_days: the
	 * maintenance is what does it on a day nobody issues, and the rest */
	struct tfix *f = tfix_new("keep_days = 10\n", "2026-03-08T09:00");
	struct db_maint_report rep;
	char sql[2048], ok[64];

	tissue(f, "A", 0);                        /* 03-08: past 10 days on 03-20 */
	f->now = tlocal("2026-03-15T09:00");
	tissue(f, "A", 0);                        /* 03-15: within them */
	int64_t old = tlocal("2026-03-08T09:00"), recent = tlocal("2026-03-15T09:00");
	snprintf(sql, sizeof(sql),
		 "INSERT INTO events (at, source, kind) VALUES (%lld, 'printer', 'PAPER_OUT'),"
		 " (%lld, 'printer', 'PAPER_OUT');"
		 "INSERT INTO audit (at, who, action) VALUES (%lld, 'x', 'last_year'),"
		 " (%lld, 'x', 'this_month');"
		 "INSERT INTO bookings (id, service, slot, minutes, made_by, made_at) VALUES"
		 " ('old', 'A', %lld, 30, 't', %lld), ('new', 'A', %lld, 30, 't', %lld);"
		 "INSERT INTO cancelled_bookings (booking, at) VALUES ('old', %lld), ('new', %lld);"
		 "INSERT INTO devices (name, seen, printer) VALUES ('gone', %lld, 'ok'),"
		 " ('here', %lld, 'ok');"
		 "INSERT INTO leases (day, service, holder, first, last) VALUES"
		 " (%lld, 'A', 'k', 500, 509), (%lld, 'A', 'k', 510, 519);"
		 "INSERT OR REPLACE INTO counters (id, current) VALUES (1, 1);",
		 (long long)old, (long long)recent, (long long)(old - 400LL * DAY), (long long)old,
		 (long long)old, (long long)old, (long long)recent, (long long)recent,
		 (long long)old, (long long)recent, (long long)old, (long long)recent,
		 (long long)kclock_day(old, 0), (long long)kclock_day(recent, 0));
	run_sql(f->db, sql);

	f->now = tlocal("2026-03-20T09:00");      /* nobody issues today */
	assert_int_equal(queue_maintain(f->q, &rep), 0);
	/* ticket, its 'issued' change, event, audit of last year, booking,
	 * cancelled booking, device, lease */
	assert_int_equal(rep.purged, 8);
	assert_int_equal(count(f->db, "SELECT count(*) FROM tickets"), 1);
	assert_int_equal(count(f->db, "SELECT min(day) FROM tickets"), kclock_day(recent, 0));
	assert_int_equal(count(f->db, "SELECT count(*) FROM queue_events"), 1);
	assert_int_equal(count(f->db, "SELECT count(*) FROM events"), 1);
	assert_int_equal(count(f->db, "SELECT count(*) FROM audit WHERE action = 'this_month'"), 1);
	assert_int_equal(count(f->db, "SELECT count(*) FROM audit"), 1); /* kept a year */
	assert_int_equal(count(f->db, "SELECT count(*) FROM bookings WHERE id = 'new'"), 1);
	assert_int_equal(count(f->db, "SELECT count(*) FROM bookings"), 1);
	assert_int_equal(count(f->db, "SELECT count(*) FROM cancelled_bookings"), 1);
	assert_int_equal(count(f->db, "SELECT count(*) FROM devices WHERE name = 'here'"), 1);
	assert_int_equal(count(f->db, "SELECT count(*) FROM devices"), 1);
	assert_int_equal(count(f->db, "SELECT count(*) FROM leases"), 1);
	assert_int_equal(count(f->db, "SELECT count(*) FROM counters WHERE current IS NOT NULL"),
			 0);
	text_of(f->db, "PRAGMA integrity_check", ok, sizeof(ok));
	assert_string_equal(ok, "ok");
	/* again the same day: nothing left to purge */
	assert_int_equal(queue_maintain(f->q, &rep), 0);
	assert_int_equal(rep.purged, 0);
	tfix_free(f);
}

/* A board whose clock jumps years ahead (a bad RTC): the maintenance counts
 * keep_days back from the newest ticket, so today's queue stays whole. */
static void a_clock_years_ahead_purges_nothing_in_use(void **state)
{
	(void)state;
	struct tfix *f = tfix_new("keep_days = 10\n", "2026-03-20T09:00");
	struct db_maint_report rep;

	tissue(f, "A", 0);
	tissue(f, "B", 0);
	run_sql(f->db, "INSERT INTO events (at, source, kind) VALUES (strftime('%s', 'now'),"
		       " 'printer', 'PAPER_OUT')");
	f->now = tlocal("2036-03-20T09:00");
	assert_int_equal(queue_maintain(f->q, &rep), 0);
	assert_int_equal(rep.purged, 0);
	assert_int_equal(count(f->db, "SELECT count(*) FROM tickets"), 2);
	assert_int_equal(count(f->db, "SELECT count(*) FROM queue_events"), 2);
	tfix_free(f);
}

/* The same for the day's rollover, which purges at the first ticket of a day. */
static void a_ticket_under_a_clock_years_ahead_keeps_the_history(void **state)
{
	(void)state;
	struct tfix *f = tfix_new("keep_days = 10\n", "2026-03-20T09:00");

	tissue(f, "A", 0);
	tissue(f, "B", 0);
	f->now = tlocal("2036-03-20T09:00");
	assert_string_equal(tissue(f, "A", 0), "A001");
	assert_int_equal(count(f->db, "SELECT count(*) FROM tickets"), 3);
	assert_int_equal(count(f->db, "SELECT count(*) FROM queue_events WHERE kind = 'issued'"), 3);
	/* and the next days, in use, purge past keep_days again: the 2026 ones */
	f->now = tlocal("2036-03-25T09:00");
	tissue(f, "A", 0);
	assert_int_equal(count(f->db, "SELECT count(*) FROM tickets"), 2);
	tfix_free(f);
}

static void checkpoint_truncates_the_wal(void **state)
{
	(void)state;
	struct tfix *f = tfix_new("", "2026-03-20T09:00");
	struct db_maint_report rep;

	for (int i = 0; i < 200; i++)
		tissue(f, i % 2 ? "A" : "B", i % 3 == 0);
	int64_t before = file_size(f->db, "-wal");
	assert_true(before > 0);
	assert_int_equal(queue_maintain(f->q, &rep), 0);
	assert_true(rep.wal_before >= before); /* and the maintenance's own writes */
	assert_true(rep.checkpointed);
	assert_int_equal(rep.wal_after, 0);
	assert_int_equal(file_size(f->db, "-wal"), 0);
	assert_string_equal(tissue(f, "A", 0), "A101"); /* and the queue goes on */
	tfix_free(f);
}

/* A ticket the server issued, recorded in the outbox s: service A, its day by at. */
static void outbox_record(struct sync_store *s, const char *ref, const char *number, int64_t at,
			  const char *booking)
{
	struct queue_ticket t;
	memset(&t, 0, sizeof(t));
	snprintf(t.service, sizeof(t.service), "A");
	snprintf(t.number, sizeof(t.number), "%s", number);
	snprintf(t.client_ref, sizeof(t.client_ref), "%s", ref);
	t.day = kclock_day(at, 0);
	t.issued_at = at;
	assert_int_equal(store_record(s, &t, booking), 0);
}

/* The kiosk's outbox: pushed tickets past keep_days and past leases go; a
 * ticket the server has not taken stays whatever its age.  A pushed
 * ticket's booking id ends with its day; one not pushed keeps it (the
 * server needs it). */
static void outbox_keeps_what_the_server_has_not_got(void **state)
{
	(void)state;
	struct tfix *f = tfix_new("keep_days = 10\n", "2026-03-20T09:00");
	struct sync_store *s;
	struct db_maint_report rep;
	struct queue_ticket t;
	enum store_origin origin;
	char path[192];
	int64_t old = tlocal("2026-03-01T09:00"), today = kclock_day(f->now, 0);

	snprintf(path, sizeof(path), "%s/outbox.db", f->dir);
	assert_int_equal(store_open(&s, path, &f->cfg), 0);
	outbox_record(s, "pushed-old", "A001", old, NULL);
	outbox_record(s, "pushed-yesterday", "A002", f->now - DAY, "bk-yesterday");
	outbox_record(s, "pushed-today", "A003", f->now, "bk-today");
	assert_int_equal(store_add_lease(s, kclock_day(old, 0), "A", 500, 509), 0);
	assert_int_equal(store_add_lease(s, today, "A", 510, 519), 0);
	assert_int_equal(store_issue_offline(s, kconf_service(&f->cfg, "A"), kclock_day(old, 0),
					     "pending-old", NULL, 0, "bk-pending", old, &t, &origin), 0);

	assert_int_equal(store_maintain(s, today, f->now, &rep), 0);
	assert_int_equal(rep.purged, 2); /* pushed-old, the old lease */
	assert_int_equal(rep.unlinked, 1); /* pushed-yesterday's booking */
	assert_true(rep.checkpointed);
	store_close(s);
	assert_int_equal(count(path, "SELECT count(*) FROM issued WHERE client_ref = 'pending-old'"),
			 1);
	assert_int_equal(count(path, "SELECT count(*) FROM issued WHERE client_ref = 'pushed-today'"),
			 1);
	assert_int_equal(count(path, "SELECT count(*) FROM issued"), 3);
	assert_int_equal(count(path, "SELECT count(*) FROM issued WHERE booking_id IS NULL"), 1);
	assert_int_equal(count(path, "SELECT count(*) FROM issued WHERE booking_id IN"
				     " ('bk-today', 'bk-pending')"), 2);
	assert_int_equal(count(path, "SELECT count(*) FROM leases"), 1);
	tfix_free(f);
}

/* A ticket's booking id ends with its day (field review §4): the daily
 * maintenance clears it for past days and keeps today's, and so does the
 * first ticket of a new day (the rollover). */
static void a_booking_link_ends_with_its_day(void **state)
{
	(void)state;
	struct tfix *f = tfix_new("keep_days = 10\n", "2026-03-19T09:00");
	struct db_maint_report rep;

	tissue(f, "A", 0);                         /* yesterday's */
	f->now = tlocal("2026-03-20T09:00");
	tissue(f, "A", 0);                         /* today's: the rollover ran */
	int64_t today = kclock_day(f->now, 0);
	char sql[256];
	snprintf(sql, sizeof(sql), "UPDATE tickets SET booking_id = CASE WHEN day < %lld"
		 " THEN 'bk-yesterday' ELSE 'bk-today' END", (long long)today);
	run_sql(f->db, sql);

	assert_int_equal(queue_maintain(f->q, &rep), 0);
	assert_int_equal(rep.unlinked, 1);
	assert_int_equal(rep.purged, 0);
	assert_int_equal(count(f->db, "SELECT count(*) FROM tickets WHERE booking_id IS NULL"), 1);
	assert_int_equal(count(f->db, "SELECT count(*) FROM tickets WHERE booking_id = 'bk-today'"),
			 1);
	assert_int_equal(count(f->db, "SELECT count(*) FROM tickets"), 2); /* the tickets stay */

	/* the next day's first ticket unlinks the day before, maintenance or not */
	f->now = tlocal("2026-03-21T08:00");
	tissue(f, "B", 0);
	assert_int_equal(count(f->db, "SELECT count(*) FROM tickets WHERE booking_id IS NOT NULL"),
			 0);
	tfix_free(f);
}

/* The staff audit names staff: kept [server] audit_days, not keep_days. */
static void the_audit_is_kept_audit_days(void **state)
{
	(void)state;
	struct tfix *f = tfix_new("keep_days = 10\n[server]\naudit_days = 30\n",
				  "2026-03-20T09:00");
	struct db_maint_report rep;
	char sql[512];

	tissue(f, "A", 0);
	snprintf(sql, sizeof(sql), "INSERT INTO audit (at, who, action) VALUES"
		 " (%lld, 'x', 'day31'), (%lld, 'x', 'day29'), (%lld, 'x', 'day11')",
		 (long long)(f->now - 31LL * DAY), (long long)(f->now - 29LL * DAY),
		 (long long)(f->now - 11LL * DAY));
	run_sql(f->db, sql);
	assert_int_equal(queue_maintain(f->q, &rep), 0);
	assert_int_equal(rep.purged, 1);
	assert_int_equal(count(f->db, "SELECT count(*) FROM audit WHERE action = 'day31'"), 0);
	/* past keep_days, within audit_days */
	assert_int_equal(count(f->db, "SELECT count(*) FROM audit WHERE action IN"
				     " ('day29', 'day11')"), 2);
	tfix_free(f);
}

static int64_t fixed(void *ctx)
{
	return *(const int64_t *)ctx;
}

/* The system clock is held to the build's date; an injected clock to
 * 2024-01-01 only, so a test's fixed 2025 or 2026 stays a valid date. */
static void the_system_clock_must_not_be_older_than_the_build(void **state)
{
	(void)state;
	int64_t t = tlocal("2025-06-01T09:00");
	struct kclock fake = { fixed, &t };
	struct kclock copy = kclock_system; /* kioskctl keeps a copy */

	assert_true(kclock_build_time() >= KCLOCK_MIN_VALID);
	assert_int_equal(kclock_min_valid(&kclock_system), kclock_build_time());
	assert_int_equal(kclock_min_valid(&copy), kclock_build_time());
	assert_int_equal(kclock_min_valid(&fake), KCLOCK_MIN_VALID);
	assert_true(kclock_is_set(&fake, t));
	assert_false(kclock_is_set(&kclock_system, kclock_build_time() - 1));
	assert_true(kclock_is_set(&kclock_system, kclock_now(&kclock_system))); /* built before now */
	int unset = 0;
	t = 0; /* a board without RTC after a power cut */
	assert_int_equal(kclock_watch(&fake, &unset), 1);
	assert_int_equal(unset, 1);
	t = tlocal("2026-03-20T09:00");
	assert_int_equal(kclock_watch(&fake, &unset), 0);
	assert_int_equal(unset, 0);
}

/* A clock reading 1970: no number, and numbers again once it is set. */
static void no_number_while_the_clock_reads_1970(void **state)
{
	(void)state;
	struct tfix *f = tfix_new("", "2026-03-20T09:00");
	struct queue_ticket t;
	f->now = 12345;
	assert_int_equal(queue_issue(f->q, "A", 0, QUEUE_WALKIN, NULL, &t), K_ERR_CLOCK);
	assert_int_equal(count(f->db, "SELECT count(*) FROM tickets"), 0);
	f->now = tlocal("2026-03-20T09:00");
	assert_string_equal(tissue(f, "A", 0), "A001"); /* no restart */
	tfix_free(f);
}

/* Under disk_reserve_mb: refused before sqlite runs out of room; numbers
 * again once the disk has room (measured again, no restart). */
static void no_number_under_the_disk_reserve(void **state)
{
	(void)state;
	struct tfix *f = tfix_new("", "2026-03-20T09:00");
	struct queue_ticket t;
	struct kdisk d;
	int64_t free_mb = kdisk_free_mb(f->db);

	assert_true(free_mb > 0);
	kdisk_init(&d, f->db, 1000000, 1000000); /* more than any test machine has */
	assert_int_equal(kdisk_check(&d), KDISK_FULL);
	assert_int_equal(kdisk_state(&d), KDISK_FULL);
	queue_watch_disk(f->q, &d);
	assert_int_equal(queue_issue(f->q, "A", 0, QUEUE_WALKIN, NULL, &t), K_ERR_DISK_FULL);
	assert_string_equal(kerr_name(K_ERR_DISK_FULL), "DISK_FULL");
	assert_int_equal(count(f->db, "SELECT count(*) FROM tickets"), 0);
	d.reserve_mb = 0; /* as if space were freed */
	assert_int_equal(kdisk_check(&d), KDISK_LOW);
	assert_string_equal(tissue(f, "A", 0), "A001");
	d.warn_mb = 0;
	assert_int_equal(kdisk_check(&d), KDISK_OK);
	assert_true(atomic_load(&d.free_mb) > 0);
	queue_watch_disk(f->q, NULL);
	tfix_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(past_keep_days_goes_newer_stays),
		cmocka_unit_test(a_clock_years_ahead_purges_nothing_in_use),
		cmocka_unit_test(a_ticket_under_a_clock_years_ahead_keeps_the_history),
		cmocka_unit_test(checkpoint_truncates_the_wal),
		cmocka_unit_test(outbox_keeps_what_the_server_has_not_got),
		cmocka_unit_test(a_booking_link_ends_with_its_day),
		cmocka_unit_test(the_audit_is_kept_audit_days),
		cmocka_unit_test(the_system_clock_must_not_be_older_than_the_build),
		cmocka_unit_test(no_number_while_the_clock_reads_1970),
		cmocka_unit_test(no_number_under_the_disk_reserve),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
