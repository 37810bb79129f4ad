/*
 * queue_db.c - the queue's sqlite file: opening (and migrating, by the list
 * of core/station_schema.c), transactions and the daily rollover.  The
 * queue's own tables: core/queue_schema.c.
 *
 * WAL lets the kiosk read while the station server writes; foreign keys are
 * on; [queue] sync chooses FULL (each committed ticket is on disk before it
 * is printed, through a power cut) or NORMAL.  The schema version is
 * PRAGMA user_version; the migration (every module's steps, in the order
 * of core/station_schema.c) runs in one transaction, so a database written
 * by an older program is brought forward and one written by a newer
 * program is refused rather than damaged.
 */
#include "queue_private.h"
#include "report.h"
#include "kerr.h"
#include "station_schema.h"
#include "klog.h"

#include <stdlib.h>
#include <string.h>

#define STATION_VERSION kdb_schema_version(station_schema, station_schema_steps)

int qdb_run(struct queue *q, const char *sql, int64_t a, int64_t b, int64_t c)
{
	sqlite3_stmt *st;
	int r = qdb_prepare(q, sql, &st);
	if (r < 0)
		return r;
	int n = sqlite3_bind_parameter_count(st);
	if (n >= 1)
		sqlite3_bind_int64(st, 1, a);
	if (n >= 2)
		sqlite3_bind_int64(st, 2, b);
	if (n >= 3)
		sqlite3_bind_int64(st, 3, c);
	return qdb_step_done(q, st, "update");
}

int qdb_commit(struct queue *q)
{
	int r = kdb_commit(&q->kdb);
	if (r == K_OK && q->rolling_day)
		q->rolled_day = q->rolling_day;
	q->rolling_day = 0;
	return r;
}

void qdb_rollback(struct queue *q)
{
	q->rolling_day = 0;
	kdb_rollback(&q->kdb);
}

int64_t qdb_today(const struct queue *q, int64_t now)
{
	return kclock_day(now, q->cfg->queue.day_starts);
}

/* sqlite's own WAL hook, except that a checkpoint that fails (out of memory)
 * is logged, not returned: its error would come back from the COMMIT that
 * ran before it, and a ticket already durable would be reported not issued. */
static int wal_hook(void *ctx, sqlite3 *db, const char *name, int pages)
{
	(void)ctx;
	if (pages >= 1000) { /* SQLITE_DEFAULT_WAL_AUTOCHECKPOINT */
		int rc = sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
		if (rc != SQLITE_OK && rc != SQLITE_BUSY)
			klog(KLOG_WARN, "queue: WAL checkpoint: %s", sqlite3_errstr(rc));
	}
	return SQLITE_OK;
}

int queue_open(struct queue **out, const char *path, const struct kconf *cfg,
	       const struct kclock *clock)
{
	struct queue *q;
	char pragmas[160];
	int r, v = 0;

	*out = NULL;
	q = calloc(1, sizeof(*q));
	if (!q)
		return K_ERR_NOMEM;
	q->cfg = cfg;
	q->clock = clock;
	r = kdb_open(&q->kdb, path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, "queue");
	if (r < 0)
		goto fail;
	sqlite3_busy_timeout(q->kdb.db, cfg->queue.busy_timeout_ms);
	sqlite3_wal_hook(q->kdb.db, wal_hook, NULL);
	/* a newer program's database is refused before anything is written to
	 * it (even the switch to WAL); kdb_migrate() reads it again, in its transaction */
	r = kdb_user_version(&q->kdb, &v);
	if (r == K_OK && v > STATION_VERSION) {
		klog(KLOG_ERR, "queue: %s was written by a newer version of the program (schema %d; "
		     "this one knows up to %d); it is left untouched: install that version or a "
		     "newer one, or restore a backup made by this one", path, v, STATION_VERSION);
		r = K_ERR_VERSION;
	}
	if (r < 0)
		goto fail;
	snprintf(pragmas, sizeof(pragmas),
		 "PRAGMA journal_mode = WAL; PRAGMA synchronous = %s; PRAGMA foreign_keys = ON;",
		 cfg->queue.sync_mode == KCONF_SYNC_FULL ? "FULL" : "NORMAL");
	r = kdb_exec(&q->kdb, pragmas, "set up");
	if (r < 0)
		goto fail;
	/* Up to date: no write lock to take.  A program starting beside one that
	 * issues without pause (the server under load) could wait past the busy
	 * timeout for a lock it does not need, and fail to start. */
	r = v < STATION_VERSION ? kdb_migrate(&q->kdb, station_schema, station_schema_steps)
				: K_OK;
	if (r < 0)
		goto fail;
	*out = q;
	return K_OK;
fail:
	queue_close(q);
	return r;
}

const char *queue_path(const struct queue *q)
{
	return sqlite3_db_filename(q->kdb.db, "main");
}

void queue_close(struct queue *q)
{
	if (!q)
		return;
	kdb_close(&q->kdb);
	free(q);
}

int qdb_rollover(struct queue *q, int64_t now)
{
	static const char *const sql[] = {
		"UPDATE counters SET current = NULL, streak = 0"
		"  WHERE current IN (SELECT id FROM tickets WHERE day < ?1)",
		"UPDATE visits SET ended_at = ?2, outcome = 'expired'"
		"  WHERE ended_at IS NULL AND day < ?1",
		"UPDATE tickets SET state = 'expired', finished_at = ?2"
		"  WHERE state IN ('waiting', 'called', 'serving') AND day < ?1",
		/* a ticket's link to its booking ends with its day (queue_maint.c) */
		"UPDATE tickets SET booking_id = NULL WHERE booking_id IS NOT NULL AND day < ?1",
		/* not when the clock reads past keep_days after the newest ticket (a
		 * bad RTC years ahead): that would be the whole history */
		"DELETE FROM tickets WHERE day < ?1 - ?3"
		"  AND ?1 - ?3 <= COALESCE((SELECT MAX(day) FROM tickets), ?1)",
		"DELETE FROM visits WHERE day < ?1 - ?3"
		"  AND ?1 - ?3 <= COALESCE((SELECT MAX(day) FROM tickets), ?1)",
		"DELETE FROM events WHERE at < ?2 - ?3 * 86400"
		"  AND ?1 - ?3 <= COALESCE((SELECT MAX(day) FROM tickets), ?1)",
		"DELETE FROM queue_events WHERE at < ?2 - ?3 * 86400"
		"  AND ?1 - ?3 <= COALESCE((SELECT MAX(day) FROM tickets), ?1)",
		"DELETE FROM service_days WHERE day < ?1",
	};
	int64_t today = qdb_today(q, now);
	int r = K_OK;

	if (today == q->rolled_day)
		return K_OK;
	/* the days about to be purged keep their aggregates (core/report.h) */
	int closed = 0;
	r = report_close_days(&q->kdb, q->cfg, today - q->cfg->queue.keep_days, &closed);
	for (unsigned i = 0; i < sizeof(sql) / sizeof(sql[0]) && r == K_OK; i++)
		r = qdb_run(q, sql[i], today, now, q->cfg->queue.keep_days);
	if (r == K_OK)
		q->rolling_day = today; /* holds once the transaction commits */
	return r;
}

static const char *const state_names[] = {
	"waiting", "called", "serving", "done", "noshow", "expired",
};
static const char *const source_names[] = { "walkin", "booking", "staff" };

const char *queue_state_name(int state)
{
	return state >= 0 && state < 6 ? state_names[state] : "unknown";
}

const char *queue_source_name(int source)
{
	return source >= 0 && source < 3 ? source_names[source] : "unknown";
}

static int name_index(const char *const *names, int n, const char *s)
{
	for (int i = 0; i < n; i++)
		if (s && strcmp(names[i], s) == 0)
			return i;
	return -1;
}

int qdb_note(struct queue *q, const char *kind, int64_t ticket, int counter)
{
	return qdb_note_subject(q, kind, ticket, counter, NULL);
}

int qdb_note_subject(struct queue *q, const char *kind, int64_t ticket, int counter,
		     const char *subject)
{
	sqlite3_stmt *st;
	int r = qdb_prepare(q, "INSERT INTO queue_events (at, kind, ticket, counter, subject)"
			       " VALUES (?, ?, NULLIF(?, 0), NULLIF(?, 0), ?)", &st);
	if (r < 0)
		return r;
	sqlite3_bind_int64(st, 1, kclock_now(q->clock));
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, ticket);
	sqlite3_bind_int(st, 4, counter);
	if (subject)
		sqlite3_bind_text(st, 5, subject, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 5);
	return qdb_step_done(q, st, "note change");
}

int queue_changes(struct queue *q, int64_t since, struct queue_change *out, int max,
		  int64_t *last)
{
	sqlite3_stmt *st;
	int n = 0, r;

	r = qdb_prepare(q, "SELECT COALESCE(MAX(seq), 0) FROM queue_events", &st);
	if (r < 0)
		return r;
	if (sqlite3_step(st) == SQLITE_ROW)
		*last = sqlite3_column_int64(st, 0);
	qdb_done(q, st);
	r = qdb_prepare(q,
			"SELECT e.seq, e.at, e.kind, COALESCE(e.counter, 0), COALESCE(t.number, ''),"
			" COALESCE(t.service, ''), COALESCE(e.subject, ''), COALESCE(t.day, -1),"
			" COALESCE(t.priority, 0), COALESCE(t.source, '') FROM queue_events e"
			" LEFT JOIN tickets t"
			" ON t.id = e.ticket WHERE e.seq > ? ORDER BY e.seq LIMIT ?", &st);
	if (r < 0)
		return r;
	sqlite3_bind_int64(st, 1, since);
	sqlite3_bind_int(st, 2, max);
	while (n < max && sqlite3_step(st) == SQLITE_ROW) {
		struct queue_change *c = &out[n++];
		c->seq = sqlite3_column_int64(st, 0);
		c->at = sqlite3_column_int64(st, 1);
		snprintf(c->kind, sizeof(c->kind), "%s", sqlite3_column_text(st, 2));
		c->counter = sqlite3_column_int(st, 3);
		snprintf(c->number, sizeof(c->number), "%s", sqlite3_column_text(st, 4));
		snprintf(c->service, sizeof(c->service), "%s", sqlite3_column_text(st, 5));
		snprintf(c->subject, sizeof(c->subject), "%s", sqlite3_column_text(st, 6));
		c->day = sqlite3_column_int64(st, 7);
		if (c->day < 0)
			c->day = kclock_day(c->at, q->cfg->queue.day_starts);
		c->priority = sqlite3_column_int(st, 8);
		snprintf(c->source, sizeof(c->source), "%s", sqlite3_column_text(st, 9));
	}
	qdb_done(q, st);
	return n;
}

int queue_log_event(struct queue *q, const char *source, const char *kind, const char *detail)
{
	sqlite3_stmt *st;
	int r = qdb_prepare(q, "INSERT INTO events (at, source, kind, detail) VALUES (?, ?, ?, ?)",
			    &st);
	if (r < 0)
		return r;
	sqlite3_bind_int64(st, 1, kclock_now(q->clock));
	sqlite3_bind_text(st, 2, source, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, detail ? detail : "", -1, SQLITE_STATIC);
	return qdb_step_done(q, st, "log event");
}

int qdb_load_ticket(struct queue *q, int64_t id, struct queue_ticket *t)
{
	sqlite3_stmt *st;
	int r = qdb_prepare(q,
			    "SELECT number, service, priority, source, state, day, issued_at,"
			    " COALESCE(called_at, 0), COALESCE(counter, 0), recalls,"
			    " COALESCE(client_ref, '') FROM tickets WHERE id = ?", &st);
	if (r < 0)
		return r;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		memset(t, 0, sizeof(*t));
		t->id = id;
		snprintf(t->number, sizeof(t->number), "%s", sqlite3_column_text(st, 0));
		snprintf(t->service, sizeof(t->service), "%s", sqlite3_column_text(st, 1));
		t->priority = sqlite3_column_int(st, 2);
		t->source = name_index(source_names, 3, (const char *)sqlite3_column_text(st, 3));
		t->state = name_index(state_names, 6, (const char *)sqlite3_column_text(st, 4));
		t->day = sqlite3_column_int64(st, 5);
		t->issued_at = sqlite3_column_int64(st, 6);
		t->called_at = sqlite3_column_int64(st, 7);
		t->counter = sqlite3_column_int(st, 8);
		t->recalls = sqlite3_column_int(st, 9);
		snprintf(t->client_ref, sizeof(t->client_ref), "%s", sqlite3_column_text(st, 10));
	} else if (rc == SQLITE_DONE) {
		r = K_ERR_NOT_FOUND;
	} else {
		r = qdb_error(q, rc, "load ticket");
	}
	qdb_done(q, st);
	return r;
}

int queue_schema_version(void)
{
	return STATION_VERSION;
}
