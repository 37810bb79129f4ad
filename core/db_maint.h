/*
 * db_maint.h - the daily upkeep of an sqlite file the programs own: purge
 * what is past [queue] keep_days, fold the WAL back into the database and
 * truncate it, and let sqlite refresh its planner statistics.
 *
 * Each owner names its own purges (queue_maintain() for the queue database,
 * store_maintain() for a kiosk's outbox); this file runs them the same way
 * and says in one journal line what was done.
 */
#ifndef DB_MAINT_H
#define DB_MAINT_H

#include <sqlite3.h>
#include <stdint.h>

#include "kdb.h"

struct db_maint_report {
	int64_t purged;       /* rows deleted, all tables together */
	int64_t unlinked;     /* tickets of past days whose booking id was cleared */
	int64_t wal_before;   /* bytes of the -wal file before the checkpoint (after the
	                       * purge); -1 = none */
	int64_t wal_after;    /* and after it (0 once truncated) */
	int64_t ms;           /* how long it all took */
	int checkpointed;     /* 1 = the whole WAL went into the database */
};

/*
 * Run purges (statements with no rows; ?1 = today's day number, ?2 = now,
 * ?3 = keep_days) in one IMMEDIATE transaction, then
 * PRAGMA wal_checkpoint(TRUNCATE) and PRAGMA optimize on the owner's
 * connection k (kdb.h: its errors logged and mapped there), and log one
 * line named by label (the file).  Rows a DELETE removes count in out->purged; rows an
 * UPDATE that sets "booking_id = NULL" changes in out->unlinked (a ticket's
 * link to the booking it checked in does not outlive its day: field review
 * §4).  A checkpoint another connection's reader holds back is
 * not an error (the next day's does it).  Returns 0, K_ERR_BUSY, K_ERR_DB
 * or K_ERR_DISK_FULL (purges undone).
 */
int db_maintain(struct kdb *k, const char *label, const char *const *purges, int npurges,
		int64_t today, int64_t now, int keep_days, struct db_maint_report *out);

/*
 * A clock far ahead (a board's bad RTC, a mistyped date) must not purge the
 * days still in use: sql names the newest day and time in use ("SELECT
 * MAX(day), MAX(issued_at) FROM tickets"); when *today is more than
 * keep_days after that day (every row would go), *today and *now are
 * brought back to it, with a journal line.  Nothing changes with no rows.
 */
void db_maint_anchor(struct kdb *k, const char *label, const char *sql, int keep_days,
		     int64_t *today, int64_t *now);

/* Bytes of the database's -wal file (-1: none there). */
int64_t db_wal_size(sqlite3 *db);

#endif
