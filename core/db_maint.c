/*
 * db_maint.c - purge, checkpoint and optimize, for any of the programs'
 * sqlite files (see db_maint.h).
 *
 * The purges are one transaction, so a power cut in the middle leaves the
 * file as it was.  wal_checkpoint(TRUNCATE) waits (busy timeout) for the
 * writers of other processes, and gives up, harmlessly, while a reader of
 * another process still needs old frames.
 */
#include "db_maint.h"
#include "kdb.h"
#include "kerr.h"
#include "klog.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static int64_t ms_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Log as "maintenance: <file>: <what>: ..."; the code is kdb.h's mapping. */
static int db_code(sqlite3 *db, int rc, const char *label, const char *what)
{
	klog((rc & 0xff) == SQLITE_BUSY ? KLOG_WARN : KLOG_ERR, "maintenance: %s: %s: %s", label,
	     what, sqlite3_errmsg(db));
	return kdb_code(rc);
}

void db_maint_anchor(sqlite3 *db, const char *label, const char *sql, int keep_days,
		     int64_t *today, int64_t *now)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
		int64_t day = sqlite3_column_int64(st, 0), at = sqlite3_column_int64(st, 1);
		if (*today - day > keep_days) { /* all would go, the newest day too */
			klog(KLOG_WARN, "maintenance: %s: the clock reads %lld days after the newest "
			     "ticket, more than keep_days = %d: counting from that ticket's day",
			     label, (long long)(*today - day), keep_days);
			*today = day;
			if (*now > at + 86400)
				*now = at + 86400;
		}
	}
	sqlite3_finalize(st);
}

int64_t db_wal_size(sqlite3 *db)
{
	const char *path = sqlite3_db_filename(db, "main");
	char wal[4096];
	struct stat sb;

	if (!path || !*path || snprintf(wal, sizeof(wal), "%s-wal", path) >= (int)sizeof(wal))
		return -1;
	return stat(wal, &sb) == 0 ? (int64_t)sb.st_size : -1;
}

static int purge(sqlite3 *db, const char *label, const char *const *purges, int n,
		 int64_t today, int64_t now, int keep_days, int64_t *purged, int64_t *unlinked)
{
	sqlite3_stmt *st = NULL;
	int r = K_OK, rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);

	if (rc != SQLITE_OK)
		return db_code(db, rc, label, "begin");
	for (int i = 0; i < n && r == K_OK; i++) {
		rc = sqlite3_prepare_v2(db, purges[i], -1, &st, NULL);
		if (rc == SQLITE_OK) {
			int np = sqlite3_bind_parameter_count(st);
			if (np >= 1)
				sqlite3_bind_int64(st, 1, today);
			if (np >= 2)
				sqlite3_bind_int64(st, 2, now);
			if (np >= 3)
				sqlite3_bind_int(st, 3, keep_days);
			rc = sqlite3_step(st);
		}
		if (rc == SQLITE_DONE && strncmp(purges[i], "DELETE", 6) == 0)
			*purged += sqlite3_changes(db);
		else if (rc == SQLITE_DONE && strncmp(purges[i], "UPDATE", 6) == 0 &&
			 strstr(purges[i], "booking_id = NULL"))
			*unlinked += sqlite3_changes(db);
		else if (rc != SQLITE_DONE)
			r = db_code(db, rc, label, "purge");
		sqlite3_finalize(st);
		st = NULL;
	}
	if (r == K_OK && (rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL)) != SQLITE_OK)
		r = db_code(db, rc, label, "commit");
	if (r < 0 && !sqlite3_get_autocommit(db))
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return r;
}

int db_maintain(sqlite3 *db, const char *label, const char *const *purges, int npurges,
		int64_t today, int64_t now, int keep_days, struct db_maint_report *out)
{
	int64_t start = ms_now();
	int log = 0, ckpt = 0, r, rc;

	out->purged = 0;
	out->unlinked = 0;
	out->wal_before = -1;
	out->checkpointed = 0;
	r = purge(db, label, purges, npurges, today, now, keep_days, &out->purged, &out->unlinked);
	if (r < 0)
		goto out;
	/* optimize first: its ANALYZE writes, and the checkpoint takes that too */
	rc = sqlite3_exec(db, "PRAGMA optimize", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		r = db_code(db, rc, label, "optimize");
		goto out;
	}
	out->wal_before = db_wal_size(db); /* the day's writes, the purge's and optimize's */
	rc = sqlite3_wal_checkpoint_v2(db, "main", SQLITE_CHECKPOINT_TRUNCATE, &log, &ckpt);
	if (rc == SQLITE_OK)
		out->checkpointed = 1;
	else if ((rc & 0xff) != SQLITE_BUSY) /* busy: a reader still needs the WAL */
		r = db_code(db, rc, label, "checkpoint");
out:
	out->wal_after = db_wal_size(db);
	out->ms = ms_now() - start;
	if (r == K_OK)
		klog(KLOG_INFO, "maintenance: %s: %lld row(s) past %d days purged, WAL %lld -> %lld "
		     "bytes%s, optimized, %lld ticket(s) of past days unlinked from their "
		     "booking, %lld ms", label, (long long)out->purged, keep_days,
		     (long long)out->wal_before, (long long)out->wal_after,
		     out->checkpointed ? "" : " (a reader holds it: not truncated)",
		     (long long)out->unlinked, (long long)out->ms);
	return r;
}
