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

void db_maint_anchor(struct kdb *k, const char *label, const char *sql, int keep_days,
		     int64_t *today, int64_t *now)
{
	sqlite3_stmt *st = NULL;

	if (kdb_prepare_once(k, sql, &st) < 0)
		return;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
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
	kdb_done(k, st);
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

static int purge(struct kdb *k, const char *const *purges, int n, int64_t today, int64_t now,
		 int keep_days, int64_t *purged, int64_t *unlinked)
{
	sqlite3_stmt *st;
	int r = kdb_begin(k);

	for (int i = 0; i < n && r == K_OK; i++) {
		r = kdb_prepare_once(k, purges[i], &st); /* once a day: not kept */
		if (r < 0)
			break;
		int np = sqlite3_bind_parameter_count(st);
		if (np >= 1)
			sqlite3_bind_int64(st, 1, today);
		if (np >= 2)
			sqlite3_bind_int64(st, 2, now);
		if (np >= 3)
			sqlite3_bind_int(st, 3, keep_days);
		r = kdb_step_done(k, st, "purge"); /* and gives it back */
		if (r == K_OK && strncmp(purges[i], "DELETE", 6) == 0)
			*purged += sqlite3_changes(k->db);
		else if (r == K_OK && strncmp(purges[i], "UPDATE", 6) == 0 &&
			 strstr(purges[i], "booking_id = NULL"))
			*unlinked += sqlite3_changes(k->db);
	}
	if (r == K_OK)
		r = kdb_commit(k);
	if (r < 0)
		kdb_rollback(k); /* only when one is open */
	return r;
}

int db_maintain(struct kdb *k, const char *label, const char *const *purges, int npurges,
		int64_t today, int64_t now, int keep_days, struct db_maint_report *out)
{
	int64_t start = ms_now();
	int log = 0, ckpt = 0, r, rc;

	out->purged = 0;
	out->unlinked = 0;
	out->wal_before = -1;
	out->checkpointed = 0;
	r = purge(k, purges, npurges, today, now, keep_days, &out->purged, &out->unlinked);
	if (r < 0)
		goto out;
	/* optimize first: its ANALYZE writes, and the checkpoint takes that too */
	r = kdb_exec(k, "PRAGMA optimize", "optimize");
	if (r < 0)
		goto out;
	out->wal_before = db_wal_size(k->db); /* the day's writes, the purge's and optimize's */
	rc = sqlite3_wal_checkpoint_v2(k->db, "main", SQLITE_CHECKPOINT_TRUNCATE, &log, &ckpt);
	if (rc == SQLITE_OK)
		out->checkpointed = 1;
	else if ((rc & 0xff) != SQLITE_BUSY) /* busy: a reader still needs the WAL */
		r = kdb_error(k, rc, "checkpoint");
out:
	out->wal_after = db_wal_size(k->db);
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
