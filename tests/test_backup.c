/*
 * test_backup.c - backups and restores of the queue database
 * (core/db_backup.c), and upgrades by migration: the fixture database made
 * by an older release (tests/fixtures/queue-schema-8.db, see its README)
 * opens with today's code at today's schema with every ticket; a backup of
 * it restores; a database from a newer program is refused at open, by the
 * check and by restore, and left byte for byte as it was; a damaged file, a
 * file that is not sqlite and a kiosk's outbox given as the queue are
 * refused without touching the live database; a restore under a running
 * program is refused; dated backups keep N and never touch other files.
 */
#include "testutil.h"
#include "db_backup.h"
#include "kerr.h"
#include "sync_store.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static struct db_kinds kinds;

/* The fixture's tickets, as kioskctl of commit 6f41226 issued them. */
static const char fixture_tickets[] =
	"A001 CAPMOI waiting,B001 CAPDOI waiting,B002 CAPDOI done,A002 CAPMOI waiting,"
	"B003 CAPDOI waiting,B004 CAPDOI called BK2611270001";

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static void copy_file(const char *from, const char *to)
{
	size_t n;
	char *buf = slurp(from, &n);
	assert_non_null(buf);
	FILE *f = fopen(to, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(buf, 1, n, f), n);
	fclose(f);
	free(buf);
}

/* Is the file byte for byte what was read before? */
static void assert_same(const char *path, const char *before, size_t len)
{
	size_t n;
	char *now = slurp(path, &n);
	assert_non_null(now);
	assert_int_equal(n, len);
	assert_memory_equal(now, before, len);
	free(now);
}

static int64_t scalar(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	int64_t v = -1;
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

/* "NUMBER SERVICE STATE[ BOOKING]" of every ticket, in issue order. */
static void tickets_of(const char *path, char *out, size_t len)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	size_t o = 0;
	out[0] = '\0';
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT number || ' ' || service || ' ' || state"
					    " || COALESCE(' ' || booking_id, '') FROM tickets"
					    " ORDER BY id", -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW && o < len)
		o += (size_t)snprintf(out + o, len - o, "%s%s", o ? "," : "",
				      (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(db);
}

static void fixture_path(char *buf, size_t len)
{
	const char *src = getenv("KIOSK_SRC");
	snprintf(buf, len, "%s/tests/fixtures/queue-schema-8.db", src ? src : ".");
}

static void old_database_migrates_and_keeps_every_ticket(void **state)
{
	(void)state;
	struct tfix *f = tfix_new("", "2026-11-27T10:00");
	char fx[512], db[200], list[2048];
	struct queue *q;
	struct queue_ticket t;

	fixture_path(fx, sizeof(fx));
	assert_int_equal(scalar(fx, "PRAGMA user_version"), 8);
	snprintf(db, sizeof(db), "%s/old.db", f->dir);
	copy_file(fx, db);
	assert_int_equal(queue_open(&q, db, &f->cfg, &f->clock), K_OK);
	queue_close(q);
	assert_int_equal(scalar(db, "PRAGMA user_version"), queue_schema_version());
	tickets_of(db, list, sizeof(list));
	assert_string_equal(list, fixture_tickets);
	assert_int_equal(scalar(db, "SELECT COUNT(*) FROM staff WHERE name = 'tech'"
				    " AND role = 'staff'"), 1);
	assert_int_equal(scalar(db, "SELECT current FROM counters WHERE id = 1"), 6);
	assert_int_equal(scalar(db, "SELECT COUNT(*) FROM queue_events"), 11);
	assert_int_equal(scalar(db, "SELECT COUNT(*) FROM pragma_integrity_check"
				    " WHERE integrity_check = 'ok'"), 1);
	/* and it works on: the same day's next number follows the old ones */
	assert_int_equal(queue_open(&q, db, &f->cfg, &f->clock), K_OK);
	assert_int_equal(queue_find(q, "B004", &t), K_OK);
	assert_string_equal(t.service, "CAPDOI");
	queue_close(q);
	tfix_free(f);
}

static void backup_of_an_upgraded_database_restores(void **state)
{
	(void)state;
	struct tfix *f = tfix_new("", "2026-11-27T10:00");
	struct db_backup_info info;
	char fx[512], db[200], bk[200], fresh[200], list[2048], err[1024];
	struct queue *q;
	struct stat sb;

	fixture_path(fx, sizeof(fx));
	snprintf(db, sizeof(db), "%s/old.db", f->dir);
	snprintf(bk, sizeof(bk), "%s/backup.db", f->dir);
	snprintf(fresh, sizeof(fresh), "%s/fresh/queue.db", f->dir);
	copy_file(fx, db);
	assert_int_equal(queue_open(&q, db, &f->cfg, &f->clock), K_OK);
	/* taken while the database is open, as under a running server */
	assert_int_equal(db_backup(db, bk, &kinds.queue, &info, err, sizeof(err)), K_OK);
	queue_close(q);
	assert_int_equal(info.tickets, 6);
	assert_int_equal(info.version, queue_schema_version());
	assert_string_equal(info.path, bk);
	assert_int_equal(stat(bk, &sb), 0);
	assert_int_equal(info.bytes, sb.st_size);
	assert_int_equal(sb.st_mode & 0777, 0600);
	/* a file that stands alone: rollback journal, nothing beside it */
	assert_int_equal(scalar(bk, "SELECT COUNT(*) FROM pragma_journal_mode() "
				    "WHERE journal_mode = 'delete'"), 1);
	char side[220];
	snprintf(side, sizeof(side), "%s-wal", bk);
	assert_int_not_equal(access(side, F_OK), 0);

	snprintf(side, sizeof(side), "%s/fresh", f->dir);
	assert_int_equal(mkdir(side, 0750), 0);
	assert_int_equal(db_restore(bk, fresh, &kinds.queue, &info, err, sizeof(err)), K_OK);
	assert_string_equal(info.saved, ""); /* there was nothing to keep */
	tickets_of(fresh, list, sizeof(list));
	assert_string_equal(list, fixture_tickets);
	assert_int_equal(queue_open(&q, fresh, &f->cfg, &f->clock), K_OK);
	queue_close(q);

	/* the old file itself restores too, and is brought forward by the next open */
	assert_int_equal(db_restore(fx, fresh, &kinds.queue, &info, err, sizeof(err)), K_OK);
	assert_int_equal(info.version, 8);
	snprintf(side, sizeof(side), "%s.before-restore", fresh);
	assert_string_equal(info.saved, side);
	tickets_of(side, list, sizeof(list)); /* the database as it was */
	assert_string_equal(list, fixture_tickets);
	assert_int_equal(scalar(fresh, "PRAGMA user_version"), 8);
	assert_int_equal(queue_open(&q, fresh, &f->cfg, &f->clock), K_OK);
	queue_close(q);
	assert_int_equal(scalar(fresh, "PRAGMA user_version"), queue_schema_version());
	snprintf(side, sizeof(side), "%s-journal", fresh);
	assert_int_not_equal(access(side, F_OK), 0);
	tfix_free(f);
}

/* A copy of the fixture at a schema above this program's, WAL or not. */
static void make_newer(const char *from, const char *to, int wal)
{
	sqlite3 *db;
	char sql[128];
	copy_file(from, to);
	assert_int_equal(sqlite3_open(to, &db), SQLITE_OK);
	snprintf(sql, sizeof(sql), "PRAGMA journal_mode = %s; PRAGMA user_version = %d",
		 wal ? "WAL" : "DELETE", queue_schema_version() + 1);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_close(db), SQLITE_OK);
}

static void newer_database_is_refused_and_left_as_it_was(void **state)
{
	(void)state;
	struct tfix *f = tfix_new("", "2026-11-27T10:00");
	struct db_backup_info info;
	char fx[512], db[200], live[200], err[1024], want[64];
	struct queue *q;
	size_t n, nlive;

	fixture_path(fx, sizeof(fx));
	snprintf(live, sizeof(live), "%s/live.db", f->dir);
	copy_file(fx, live);
	char *live_before = slurp(live, &nlive);
	snprintf(want, sizeof(want), "schema %d; this one knows up to %d",
		 queue_schema_version() + 1, queue_schema_version());
	for (int wal = 0; wal < 2; wal++) {
		snprintf(db, sizeof(db), "%s/newer-%d.db", f->dir, wal);
		make_newer(fx, db, wal);
		char *before = slurp(db, &n);
		assert_int_equal(queue_open(&q, db, &f->cfg, &f->clock), K_ERR_VERSION);
		assert_null(q);
		assert_same(db, before, n);
		assert_int_equal(db_backup_check(db, &kinds.queue, &info, err, sizeof(err)),
				 K_ERR_VERSION);
		assert_non_null(strstr(err, want));
		assert_non_null(strstr(err, db));
		assert_int_equal(db_restore(db, live, &kinds.queue, &info, err, sizeof(err)),
				 K_ERR_VERSION);
		assert_same(db, before, n);
		assert_same(live, live_before, nlive);
		free(before);
	}
	free(live_before);
	tfix_free(f);
}

static void damaged_foreign_and_wrong_files_are_refused(void **state)
{
	(void)state;
	struct tfix *f = tfix_new("", "2026-11-27T10:00");
	struct db_backup_info info;
	struct sync_store *s;
	char fx[512], live[200], bad[300], err[1024];
	size_t nlive;

	fixture_path(fx, sizeof(fx));
	snprintf(live, sizeof(live), "%s/live.db", f->dir);
	copy_file(fx, live);
	char *live_before = slurp(live, &nlive);

	/* not sqlite at all */
	snprintf(bad, sizeof(bad), "%s/notes.txt", f->dir);
	FILE *t = fopen(bad, "w");
	fputs("queue numbers for Monday\n", t);
	fclose(t);
	assert_int_equal(db_restore(bad, live, &kinds.queue, &info, err, sizeof(err)),
			 K_ERR_INVALID);
	assert_non_null(strstr(err, "not an SQLite database"));

	/* an index page overwritten: the header is fine, integrity_check is not */
	snprintf(bad, sizeof(bad), "%s/torn.db", f->dir);
	copy_file(fx, bad);
	int64_t page = scalar(bad, "SELECT rootpage FROM sqlite_schema WHERE name = 'tickets_queue'");
	int64_t size = scalar(bad, "PRAGMA page_size");
	char junk[2048];
	memset(junk, 0x5a, sizeof(junk));
	int fd = open(bad, O_WRONLY);
	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, junk, sizeof(junk), (page - 1) * size), sizeof(junk));
	close(fd);
	size_t ntorn;
	char *torn = slurp(bad, &ntorn);
	assert_int_equal(db_restore(bad, live, &kinds.queue, &info, err, sizeof(err)),
			 K_ERR_INVALID);
	assert_non_null(strstr(err, "is damaged"));
	assert_same(bad, torn, ntorn);
	free(torn);

	/* cut short, as a copy interrupted by a full disk */
	snprintf(bad, sizeof(bad), "%s/short.db", f->dir);
	copy_file(fx, bad);
	assert_int_equal(truncate(bad, 5 * size), 0);
	assert_int_equal(db_restore(bad, live, &kinds.queue, &info, err, sizeof(err)),
			 K_ERR_INVALID);
	assert_non_null(strstr(err, "is damaged"));

	/* a kiosk's outbox is not the station's queue, nor the reverse */
	snprintf(bad, sizeof(bad), "%s/outbox.db", f->dir);
	assert_int_equal(store_open(&s, bad, &f->cfg), K_OK);
	store_close(s);
	assert_int_equal(db_restore(bad, live, &kinds.queue, &info, err, sizeof(err)),
			 K_ERR_INVALID);
	assert_non_null(strstr(err, "is a kiosk outbox, not a station queue database"));
	assert_int_equal(db_backup_check(fx, &kinds.outbox, &info, err, sizeof(err)),
			 K_ERR_INVALID);
	assert_non_null(strstr(err, "is a station queue database, not a kiosk outbox"));
	assert_int_equal(db_backup_check(bad, &kinds.outbox, &info, err, sizeof(err)), K_OK);
	assert_int_equal(info.version, STORE_VERSION);

	/* a file that is not there */
	snprintf(bad, sizeof(bad), "%s/none.db", f->dir);
	assert_int_equal(db_restore(bad, live, &kinds.queue, &info, err, sizeof(err)),
			 K_ERR_NOT_FOUND);
	assert_int_not_equal(access(bad, F_OK), 0);

	assert_same(live, live_before, nlive);
	snprintf(bad, sizeof(bad), "%s.before-restore", live);
	assert_int_not_equal(access(bad, F_OK), 0);
	free(live_before);
	tfix_free(f);
}

static void restore_under_a_running_program_is_refused(void **state)
{
	(void)state;
	struct tfix *f = tfix_new("", "2026-11-27T10:00");
	struct db_backup_info info;
	char fx[512], err[1024], saved[300];
	size_t n;

	fixture_path(fx, sizeof(fx));
	tissue(f, "A", 0); /* f->q stays open, as the server's connection would */
	char *before = slurp(f->db, &n);
	assert_int_equal(db_restore(fx, f->db, &kinds.queue, &info, err, sizeof(err)),
			 K_ERR_BUSY);
	assert_non_null(strstr(err, "stop it first"));
	assert_same(f->db, before, n);
	snprintf(saved, sizeof(saved), "%s.before-restore", f->db);
	assert_int_not_equal(access(saved, F_OK), 0);
	free(before);
	/* stopped: it restores, and the database as it was is kept */
	queue_close(f->q);
	f->q = NULL;
	assert_int_equal(db_restore(fx, f->db, &kinds.queue, &info, err, sizeof(err)), K_OK);
	assert_int_equal(scalar(saved, "SELECT COUNT(*) FROM tickets"), 1);
	assert_int_equal(scalar(f->db, "SELECT COUNT(*) FROM tickets"), 6);
	tfix_free(f);
}

static void dated_backups_keep_n_and_nothing_else_is_touched(void **state)
{
	(void)state;
	struct tfix *f = tfix_new("", "2026-11-27T10:00");
	struct db_backup_info info;
	char dir[200], path[300], err[1024];
	int removed;
	struct stat sb;
	static const char *const others[] = { "notes.txt", "queue-latest.db", "queue-2026.db",
					      "outbox-20260101-000000.db" };

	tissue(f, "A", 0);
	snprintf(dir, sizeof(dir), "%s/backups", f->dir);
	assert_int_equal(db_backup_into(f->db, dir, 2, tlocal("2026-11-27T23:00:01"), &kinds.queue,
					&info, &removed, err, sizeof(err)), K_OK);
	assert_int_equal(stat(dir, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0750);
	snprintf(path, sizeof(path), "%s/queue-20261127-230001.db", dir);
	assert_string_equal(info.path, path);
	for (unsigned i = 0; i < sizeof(others) / sizeof(others[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, others[i]);
		FILE *o = fopen(path, "w");
		fclose(o);
	}
	const char *days[] = { "2026-11-28T23:00:00", "2026-11-29T23:00:00", "2026-11-30T23:00:00" };
	for (int i = 0; i < 3; i++) {
		assert_int_equal(db_backup_into(f->db, dir, 2, tlocal(days[i]), &kinds.queue, &info,
						&removed, err, sizeof(err)), K_OK);
		assert_int_equal(removed, i == 0 ? 0 : 1);
	}
	snprintf(path, sizeof(path), "%s/queue-20261129-230000.db", dir);
	assert_int_equal(access(path, F_OK), 0);
	snprintf(path, sizeof(path), "%s/queue-20261130-230000.db", dir);
	assert_int_equal(access(path, F_OK), 0);
	snprintf(path, sizeof(path), "%s/queue-20261128-230000.db", dir);
	assert_int_not_equal(access(path, F_OK), 0);
	snprintf(path, sizeof(path), "%s/queue-20261127-230001.db", dir);
	assert_int_not_equal(access(path, F_OK), 0);
	for (unsigned i = 0; i < sizeof(others) / sizeof(others[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, others[i]);
		assert_int_equal(access(path, F_OK), 0);
	}
	/* a temporary file of a backup cut short goes after a day, not before */
	char stale[300], fresh_tmp[300];
	snprintf(stale, sizeof(stale), "%s/.queue-20261101-230000.db.Ab12Cd", dir);
	snprintf(fresh_tmp, sizeof(fresh_tmp), "%s/.queue-20261130-230000.db.Xy34Zw", dir);
	fclose(fopen(stale, "w"));
	fclose(fopen(fresh_tmp, "w"));
	struct timespec old_times[2] = { { .tv_sec = time(NULL) - 2 * 86400 },
					 { .tv_sec = time(NULL) - 2 * 86400 } };
	assert_int_equal(utimensat(AT_FDCWD, stale, old_times, 0), 0);
	assert_int_equal(db_backup_into(f->db, dir, 2, tlocal("2026-11-30T23:00:00"), &kinds.queue,
					&info, &removed, err, sizeof(err)), K_OK);
	assert_int_equal(removed, 1);
	assert_int_not_equal(access(stale, F_OK), 0);
	assert_int_equal(unlink(fresh_tmp), 0);
	/* no temporary file is left behind */
	snprintf(path, sizeof(path), "ls -A %s | grep -c '^\\.' > /dev/null", dir);
	assert_int_not_equal(system(path), 0);
	/* a folder that cannot be made: an error, no backup */
	assert_int_equal(db_backup_into(f->db, "/proc/no/such", 2, f->now, &kinds.queue, &info,
					&removed, err, sizeof(err)), K_ERR_IO);
	assert_non_null(strstr(err, "/proc/no/such"));
	/* no live database: said, nothing created */
	snprintf(path, sizeof(path), "%s/none.db", f->dir);
	assert_int_equal(db_backup(path, dir, &kinds.queue, &info, err, sizeof(err)),
			 K_ERR_NOT_FOUND);
	assert_int_not_equal(access(path, F_OK), 0);
	tfix_free(f);
}

int main(void)
{
	db_kinds_init(&kinds, queue_schema_version(), STORE_VERSION);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(old_database_migrates_and_keeps_every_ticket),
		cmocka_unit_test(backup_of_an_upgraded_database_restores),
		cmocka_unit_test(newer_database_is_refused_and_left_as_it_was),
		cmocka_unit_test(damaged_foreign_and_wrong_files_are_refused),
		cmocka_unit_test(restore_under_a_running_program_is_refused),
		cmocka_unit_test(dated_backups_keep_n_and_nothing_else_is_touched),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
