/*
 * sync_store.c - the kiosk's outbox and lease book, on sqlite (through kdb.h).
 */
#include "sync_store.h"
#include "db_maint.h"
#include "kdb.h"
#include "kerr.h"
#include "klog.h"

#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct sync_store {
	struct kdb kdb;   /* the outbox's connection (kdb.h) */
	const struct kconf *cfg;
};

/*
 * The outbox's schema, a file of its own with its own PRAGMA user_version
 * (STORE_VERSION): its steps in order (kdb_migrate()).  A step once
 * released is never changed (tests/test_schema_upgrade.c).
 */
static const char store_schema_v1[] =
	"CREATE TABLE issued ("
	" client_ref TEXT PRIMARY KEY,"
	" service TEXT NOT NULL,"                 /* the service it was issued in */
	" day INTEGER NOT NULL,"
	" seq INTEGER NOT NULL,"
	" number TEXT NOT NULL,"
	" priority INTEGER NOT NULL,"
	" issued_at INTEGER NOT NULL,"
	" origin TEXT NOT NULL CHECK (origin IN ('server', 'lease', 'band')),"
	" pending INTEGER NOT NULL,"              /* 1 = the server has not taken it yet */
	" tries INTEGER NOT NULL DEFAULT 0,"
	" last_error TEXT,"
	" UNIQUE (day, service, seq));"
	"CREATE INDEX issued_pending ON issued (pending) WHERE pending = 1;"
	"CREATE TABLE leases ("
	" day INTEGER NOT NULL, service TEXT NOT NULL,"
	" first INTEGER NOT NULL, last INTEGER NOT NULL CHECK (last >= first),"
	" PRIMARY KEY (day, service, first));"
	"CREATE TABLE state (key TEXT PRIMARY KEY, value);";

static const struct kdb_step store_schema[] = {
	{ 1, "outbox", store_schema_v1 },
	/* 2: bookings checked in here, used once */
	{ 2, "outbox", "ALTER TABLE issued ADD COLUMN booking_id TEXT;"
		       "CREATE UNIQUE INDEX issued_booking ON issued (booking_id);" },
	/* 3: the bookings of today and tomorrow, for offline */
	{ 3, "outbox", "CREATE TABLE known_bookings (id TEXT PRIMARY KEY, service TEXT NOT NULL,"
		       " slot INTEGER NOT NULL, minutes INTEGER NOT NULL,"
		       " cancelled INTEGER NOT NULL);" },
	/* 4: each ticket's page token (ticket_page.h), pushed with it; NULL = none */
	{ 4, "outbox", "ALTER TABLE issued ADD COLUMN page TEXT;" },
};

static const char *origin_names[] = { "server", "lease", "band" };

int store_open(struct sync_store **out, const char *path, const struct kconf *cfg)
{
	struct sync_store *s = calloc(1, sizeof(*s));
	int version = 0, r;

	*out = NULL;
	if (!s)
		return K_ERR_NOMEM;
	s->cfg = cfg;
	r = kdb_open(&s->kdb, path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
		     SQLITE_OPEN_NOMUTEX, "outbox");
	if (r < 0)
		goto fail;
	sqlite3_busy_timeout(s->kdb.db, cfg->queue.busy_timeout_ms);
	/* a newer program's outbox is refused before anything is written to it
	 * (even the switch to WAL); read again below, inside the transaction */
	r = kdb_user_version(&s->kdb, &version);
	if (r == K_OK && version > STORE_VERSION) {
		klog(KLOG_ERR, "outbox: %s was written by a newer version of the program (version "
		     "%d; this one knows up to %d); it is left untouched: install that version "
		     "or a newer one", path, version, STORE_VERSION);
		r = K_ERR_VERSION;
		goto fail;
	}
	if (r == K_OK)
		r = kdb_exec(&s->kdb, cfg->queue.sync_mode == KCONF_SYNC_FULL ?
			     "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;" :
			     "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;", "set up");
	if (r == K_OK) /* always in a write transaction, as it was: the version read again */
		r = kdb_migrate(&s->kdb, store_schema, (int)(sizeof(store_schema) /
							    sizeof(store_schema[0])));
	if (r == K_OK) {
		*out = s;
		return K_OK;
	}
fail:
	store_close(s);
	return r;
}

void store_close(struct sync_store *s)
{
	if (!s)
		return;
	kdb_close(&s->kdb);
	free(s);
}

static int insert(struct sync_store *s, const struct queue_ticket *t, int64_t seq,
		  enum store_origin origin, const char *booking_id)
{
	sqlite3_stmt *st;
	int r = kdb_prepare_bind(&s->kdb, &st,
			"INSERT INTO issued (client_ref, service, day, seq, number,"
			" priority, issued_at, origin, pending, booking_id, page)"
			" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULLIF(?, ''), NULLIF(?, ''))"
			" ON CONFLICT (client_ref) DO NOTHING", "ttiitiitittt", t->client_ref,
			t->service, t->day, seq, t->number, (int64_t)t->priority, t->issued_at,
			origin_names[origin], (int64_t)(origin != STORE_SERVER),
			booking_id ? booking_id : "", t->page);
	return r < 0 ? r : kdb_step_done(&s->kdb, st, "record ticket");
}

/* "A012" -> 12, by the service's prefix; 0 if it does not fit. */
static int64_t seq_of(const struct kconf *cfg, const struct queue_ticket *t)
{
	const struct kconf_service *svc = kconf_service(cfg, t->service);
	size_t p = svc ? strlen(svc->prefix) : 0;
	char *end;
	if (!svc || strncmp(t->number, svc->prefix, p) != 0)
		return 0;
	long v = strtol(t->number + p, &end, 10);
	return *end ? 0 : v;
}

int store_record(struct sync_store *s, const struct queue_ticket *t, const char *booking_id)
{
	/* a ticket transferred since carries another service: keep the number's own */
	int64_t seq = seq_of(s->cfg, t);
	if (!seq) {
		klog(KLOG_WARN, "outbox: %s is not a number of %s; not recorded", t->number,
		     t->service);
		return K_ERR_INVALID;
	}
	return insert(s, t, seq, STORE_SERVER, booking_id);
}

static int next_leased(struct sync_store *s, int64_t day, const char *service, int64_t *seq)
{
	sqlite3_stmt *st;
	/* the lowest leased number of the day above every number this kiosk has
	 * issued in that lease: leases are used in order, each from its start */
	int r = kdb_prepare_bind(&s->kdb, &st,
			"SELECT MIN(CASE WHEN used IS NULL THEN first ELSE used + 1 END)"
			" FROM (SELECT l.first, l.last, (SELECT MAX(seq) FROM issued i WHERE"
			" i.day = l.day AND i.service = l.service AND i.seq BETWEEN l.first AND"
			" l.last) AS used FROM leases l WHERE l.day = ? AND l.service = ?)"
			" WHERE used IS NULL OR used < last", "it", day, service);
	return r < 0 ? r : kdb_step_int(&s->kdb, st, seq, 0, "next leased number");
}

static int next_band(struct sync_store *s, int64_t day, const char *service, int64_t *seq)
{
	const struct kconf_range *b = &s->cfg->sync.band;
	sqlite3_stmt *st;
	if (!b->from) {
		*seq = 0;
		return K_OK;
	}
	int r = kdb_prepare_bind(&s->kdb, &st,
			"SELECT MAX(seq) FROM issued WHERE day = ? AND service = ?"
			" AND seq BETWEEN ? AND ?", "itii", day, service, (int64_t)b->from,
			(int64_t)b->to);
	if (r == K_OK)
		r = kdb_step_int(&s->kdb, st, seq, b->from - 1, "next band number");
	if (r == K_OK)
		*seq = *seq + 1 > b->to ? 0 : *seq + 1;
	return r;
}

int store_issue_offline(struct sync_store *s, const struct kconf_service *svc, int64_t day,
			const char *client_ref, const char *page, int priority,
			const char *booking_id, int64_t now, struct queue_ticket *out,
			enum store_origin *origin)
{
	int64_t seq = 0;
	int r = kdb_begin(&s->kdb);
	if (r < 0)
		return r;
	*origin = STORE_LEASE;
	r = next_leased(s, day, svc->code, &seq);
	if (r == K_OK && !seq) {
		*origin = STORE_BAND;
		r = next_band(s, day, svc->code, &seq);
	}
	if (r == K_OK && !seq)
		r = K_ERR_EXHAUSTED;
	if (r == K_OK) {
		memset(out, 0, sizeof(*out));
		snprintf(out->number, sizeof(out->number), "%.2s%03d", svc->prefix, (int)seq);
		snprintf(out->service, sizeof(out->service), "%s", svc->code);
		snprintf(out->client_ref, sizeof(out->client_ref), "%s", client_ref);
		snprintf(out->page, sizeof(out->page), "%s", page ? page : "");
		out->priority = priority ? 1 : 0;
		out->source = booking_id ? QUEUE_BOOKING : QUEUE_WALKIN;
		out->state = QUEUE_WAITING;
		out->day = day;
		out->issued_at = now;
		r = insert(s, out, seq, *origin, booking_id);
	}
	if (r == K_OK)
		r = kdb_commit(&s->kdb);
	if (r < 0)
		kdb_rollback(&s->kdb);
	return r;
}

int store_add_lease(struct sync_store *s, int64_t day, const char *service, int64_t first,
		    int64_t last)
{
	sqlite3_stmt *st;
	int r = kdb_prepare_bind(&s->kdb, &st,
			"INSERT OR IGNORE INTO leases (day, service, first, last)"
			" VALUES (?, ?, ?, ?)", "itii", day, service, first, last);
	return r < 0 ? r : kdb_step_done(&s->kdb, st, "add lease");
}

int store_lease_left(struct sync_store *s, int64_t day, const char *service, int *left)
{
	sqlite3_stmt *st;
	int64_t n = 0;
	int r = kdb_prepare_bind(&s->kdb, &st,
			"SELECT SUM(last - first + 1 - (SELECT COUNT(*) FROM issued i"
			" WHERE i.day = l.day AND i.service = l.service AND i.seq BETWEEN l.first"
			" AND l.last)) FROM leases l WHERE l.day = ? AND l.service = ?", "it", day,
			service);
	if (r == K_OK)
		r = kdb_step_int(&s->kdb, st, &n, 0, "lease left");
	*left = (int)n;
	return r;
}

int store_next_pending(struct sync_store *s, const struct store_pending *after,
		       struct store_pending *p)
{
	sqlite3_stmt *st;
	int r = kdb_prepare_bind(&s->kdb, &st,
			"SELECT client_ref, service, number, priority, issued_at, tries,"
			" COALESCE(last_error, ''), rowid, COALESCE(booking_id, ''),"
			" COALESCE(page, '')"
			" FROM issued WHERE pending = 1"
			" AND rowid > ? ORDER BY rowid LIMIT 1", "i", after ? after->order : 0);
	if (r < 0)
		return r;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		memset(p, 0, sizeof(*p));
		snprintf(p->client_ref, sizeof(p->client_ref), "%s", sqlite3_column_text(st, 0));
		snprintf(p->service, sizeof(p->service), "%s", sqlite3_column_text(st, 1));
		snprintf(p->number, sizeof(p->number), "%s", sqlite3_column_text(st, 2));
		p->priority = sqlite3_column_int(st, 3);
		p->issued_at = sqlite3_column_int64(st, 4);
		p->tries = sqlite3_column_int(st, 5);
		snprintf(p->last_error, sizeof(p->last_error), "%s", sqlite3_column_text(st, 6));
		p->order = sqlite3_column_int64(st, 7);
		snprintf(p->booking_id, sizeof(p->booking_id), "%s", sqlite3_column_text(st, 8));
		snprintf(p->page, sizeof(p->page), "%s", sqlite3_column_text(st, 9));
	} else {
		r = rc == SQLITE_DONE ? K_ERR_NOT_FOUND : kdb_error(&s->kdb, rc, "next pending");
	}
	kdb_done(&s->kdb, st);
	return r;
}

int store_pushed(struct sync_store *s, const char *client_ref, const char *why)
{
	sqlite3_stmt *st;
	int r = why ? kdb_prepare_bind(&s->kdb, &st,
			      "UPDATE issued SET tries = tries + 1, last_error = ?"
			      " WHERE client_ref = ?", "tt", why, client_ref)
		    : kdb_prepare_bind(&s->kdb, &st,
			      "UPDATE issued SET pending = 0, tries = tries + 1,"
			      " last_error = NULL WHERE client_ref = ?", "t", client_ref);
	return r < 0 ? r : kdb_step_done(&s->kdb, st, "mark pushed");
}

int store_pending_count(struct sync_store *s, int *total, int *counts, int64_t *oldest)
{
	sqlite3_stmt *st;
	int r = kdb_prepare(&s->kdb, "SELECT service, COUNT(*), MIN(issued_at) FROM issued"
			    " WHERE pending = 1 GROUP BY service", &st);
	if (r < 0)
		return r;
	*total = 0;
	*oldest = 0;
	if (counts)
		memset(counts, 0, sizeof(int) * (size_t)s->cfg->nservices);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int i = kconf_service_index(s->cfg, (const char *)sqlite3_column_text(st, 0));
		int n = sqlite3_column_int(st, 1);
		int64_t at = sqlite3_column_int64(st, 2);
		*total += n;
		if (counts && i >= 0)
			counts[i] = n;
		if (!*oldest || at < *oldest)
			*oldest = at;
	}
	if (rc != SQLITE_DONE)
		r = kdb_error(&s->kdb, rc, "count pending");
	kdb_done(&s->kdb, st);
	return r;
}

int store_find_booking(struct sync_store *s, const char *booking_id, char number[12])
{
	sqlite3_stmt *st;
	int r = kdb_prepare_bind(&s->kdb, &st,
	"SELECT number FROM issued WHERE booking_id = ?", "t", booking_id);
	if (r < 0)
		return r;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		snprintf(number, 12, "%s", sqlite3_column_text(st, 0));
	else
		r = rc == SQLITE_DONE ? K_ERR_NOT_FOUND : kdb_error(&s->kdb, rc, "find booking");
	kdb_done(&s->kdb, st);
	return r;
}

int store_issued_on(struct sync_store *s, int64_t day, const char *service, int *n)
{
	sqlite3_stmt *st;
	int64_t v = 0;
	int r = kdb_prepare_bind(&s->kdb, &st,
			"SELECT COUNT(*) FROM issued WHERE day = ? AND service = ?", "it",
			day, service);
	if (r == K_OK)
		r = kdb_step_int(&s->kdb, st, &v, 0, "count issued");
	*n = (int)v;
	return r;
}

int store_offline_since(struct sync_store *s, const char *service, int64_t since, int *n)
{
	sqlite3_stmt *st;
	int64_t v = 0;
	int r = kdb_prepare_bind(&s->kdb, &st, "SELECT COUNT(*) FROM issued WHERE service = ? AND"
			" origin != 'server' AND issued_at > ?", "ti", service, since);
	if (r == K_OK)
		r = kdb_step_int(&s->kdb, st, &v, 0, "count offline");
	*n = (int)v;
	return r;
}

int store_get_int(struct sync_store *s, const char *key, int64_t *value)
{
	sqlite3_stmt *st;
	int r = kdb_prepare_bind(&s->kdb, &st, "SELECT value FROM state WHERE key = ?", "t", key);
	return r < 0 ? r : kdb_step_int(&s->kdb, st, value, 0, "read state");
}

int store_set_int(struct sync_store *s, const char *key, int64_t value)
{
	sqlite3_stmt *st;
	int r = kdb_prepare_bind(&s->kdb, &st,
			"INSERT OR REPLACE INTO state (key, value) VALUES (?, ?)", "ti",
			key, value);
	return r < 0 ? r : kdb_step_done(&s->kdb, st, "write state");
}

int store_get_text(struct sync_store *s, const char *key, char *buf, size_t len)
{
	sqlite3_stmt *st;
	int r = kdb_prepare_bind(&s->kdb, &st, "SELECT value FROM state WHERE key = ?", "t", key);
	if (r < 0)
		return r;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) == SQLITE_TEXT)
		snprintf(buf, len, "%s", sqlite3_column_text(st, 0));
	else
		r = rc == SQLITE_ROW || rc == SQLITE_DONE ? K_ERR_NOT_FOUND
							  : kdb_error(&s->kdb, rc, "read state");
	kdb_done(&s->kdb, st);
	return r;
}

int store_set_text(struct sync_store *s, const char *key, const char *value)
{
	sqlite3_stmt *st;
	int r = kdb_prepare_bind(&s->kdb, &st,
			"INSERT OR REPLACE INTO state (key, value) VALUES (?, ?)", "tt",
			key, value);
	return r < 0 ? r : kdb_step_done(&s->kdb, st, "write state");
}

int store_set_bookings(struct sync_store *s, const struct store_booking *list, size_t n)
{
	int r = kdb_begin(&s->kdb);
	if (r == K_OK)
		r = kdb_exec(&s->kdb, "DELETE FROM known_bookings", "known bookings");
	for (size_t i = 0; r == K_OK && i < n; i++) {
		sqlite3_stmt *st;
		r = kdb_prepare_bind(&s->kdb, &st,
			    "INSERT OR REPLACE INTO known_bookings (id, service, slot,"
			    " minutes, cancelled) VALUES (?, ?, ?, ?, ?)", "ttiii", list[i].id,
			    list[i].service, list[i].slot, (int64_t)list[i].minutes,
			    (int64_t)list[i].cancelled);
		if (r == K_OK)
			r = kdb_step_done(&s->kdb, st, "known booking");
	}
	if (r == K_OK)
		r = kdb_commit(&s->kdb);
	else
		kdb_rollback(&s->kdb);
	return r;
}

int store_get_booking(struct sync_store *s, const char *id, struct store_booking *out)
{
	sqlite3_stmt *st;
	int r = kdb_prepare_bind(&s->kdb, &st,
			"SELECT service, slot, minutes, cancelled FROM known_bookings"
			" WHERE id = ?", "t", id);
	if (r < 0)
		return r;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		memset(out, 0, sizeof(*out));
		snprintf(out->id, sizeof(out->id), "%s", id);
		snprintf(out->service, sizeof(out->service), "%s", sqlite3_column_text(st, 0));
		out->slot = sqlite3_column_int64(st, 1);
		out->minutes = sqlite3_column_int(st, 2);
		out->cancelled = sqlite3_column_int(st, 3);
	} else {
		r = rc == SQLITE_DONE ? K_ERR_NOT_FOUND : kdb_error(&s->kdb, rc, "known booking");
	}
	kdb_done(&s->kdb, st);
	return r;
}

int store_maintain(struct sync_store *s, int64_t today, int64_t now, struct db_maint_report *out)
{
	static const char *const purges[] = {
		/* pending ones stay whatever their age: the server has not got them */
		"DELETE FROM issued WHERE pending = 0 AND day < ?1 - ?3",
		/* the booking a ticket checked in, once its day is over and the server
		 * has it (a pending one still carries it there) */
		"UPDATE issued SET booking_id = NULL WHERE booking_id IS NOT NULL AND pending = 0"
		"  AND day < ?1",
		"DELETE FROM leases WHERE day < ?1", /* a lease serves its own day only */
		"DELETE FROM known_bookings WHERE slot < ?2 - 86400",
	};
	const char *label = sqlite3_db_filename(s->kdb.db, "main");

	/* a clock far ahead purges nothing still in use */
	db_maint_anchor(&s->kdb, label, "SELECT MAX(day), MAX(issued_at) FROM issued",
			s->cfg->queue.keep_days, &today, &now);
	return db_maintain(&s->kdb, label, purges, (int)(sizeof(purges) / sizeof(purges[0])),
			   today, now, s->cfg->queue.keep_days, out);
}
