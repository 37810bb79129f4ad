/*
 * queue_ticket.c - what every way of issuing a ticket shares: the next
 * number of a service's day and its text (A012), the offline bands, finding
 * a ticket again by its client_ref or booking, inserting it, and the people
 * ahead with the estimated wait.  queue.c (walk-in and staff tickets),
 * queue_offline.c (offline tickets and leases) and queue_booking.c call it;
 * it calls none of them.
 *
 * Issuing is one IMMEDIATE transaction: the next number of the day is
 * MAX(seq) + 1 under the write lock, and UNIQUE(day, issue_service, seq)
 * in the schema makes a duplicate impossible even for a future bug.
 */
#include "queue_private.h"
#include "kerr.h"
#include "klog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ESTIMATE_WINDOW 20 /* finished tickets the average service time is taken over */
#define STR_(x) #x
#define STR(x) STR_(x)

int qdb_step_int(struct queue *q, sqlite3_stmt *st, int64_t *v, const char *what)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*v = sqlite3_column_int64(st, 0);
		return K_OK;
	}
	return qdb_error(q, rc, what);
}

/* Counters that serve service index si and are open; else those configured. */
static int counters_for(struct queue *q, int si, int64_t day)
{
	const struct kconf *cfg = q->cfg;
	int configured = 0, open = 0, r, rc;
	sqlite3_stmt *st;

	/* an error is returned, never taken for "closed": a failed statement may
	 * have ended the transaction, which must not go on in autocommit */
	r = qdb_prepare(q, "SELECT is_open AND day = ?2 FROM counters WHERE id = ?1", &st);
	if (r < 0)
		return r;
	for (int i = 0; i < cfg->ncounters; i++) {
		if (!(cfg->counters[i].services & (1u << si)))
			continue;
		configured++;
		sqlite3_reset(st);
		sqlite3_bind_int(st, 1, cfg->counters[i].id);
		sqlite3_bind_int64(st, 2, day);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW && sqlite3_column_int(st, 0))
			open++;
		else if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
			r = qdb_error(q, rc, "open counters");
			break;
		}
	}
	qdb_done(q, st);
	if (r < 0)
		return r;
	if (open)
		return open;
	return configured ? configured : 1;
}

/* People ahead of ticket t and the minutes they will take. */
int qdb_estimate(struct queue *q, struct queue_ticket *t, int64_t queued_at)
{
	return qdb_estimate_after(q, t, queued_at, -1);
}

int qdb_estimate_after(struct queue *q, struct queue_ticket *t, int64_t queued_at,
		       int64_t ahead)
{
	const struct kconf_service *s = kconf_service(q->cfg, t->service);
	sqlite3_stmt *st = NULL;
	int64_t avg = 0, samples = 0;
	int r;

	if (!s)
		return K_ERR_NOT_FOUND;
	/* three ranges of tickets_day (day, service, state, priority, queued_at):
	 * a higher class, the same class queued before, the same class queued at
	 * the same second with a lower id.  Still a count of the waiting (an OR
	 * of the three made sqlite test each entry against all of it: a third
	 * slower on a queue of 8,000) */
	r = ahead >= 0 ? K_OK :
	    qdb_prepare(q, "SELECT (SELECT count(*) FROM tickets WHERE day = ?2 AND service = ?1"
			   "  AND state = 'waiting' AND priority > ?4 AND id != ?3)"
			   " + (SELECT count(*) FROM tickets WHERE day = ?2 AND service = ?1"
			   "  AND state = 'waiting' AND priority = ?4 AND queued_at < ?5 AND id != ?3)"
			   " + (SELECT count(*) FROM tickets WHERE day = ?2 AND service = ?1"
			   "  AND state = 'waiting' AND priority = ?4 AND queued_at = ?5 AND id < ?3)",
			&st);
	if (r < 0)
		return r;
	if (ahead < 0) {
		sqlite3_bind_text(st, 1, t->service, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, t->day);
		sqlite3_bind_int64(st, 3, t->id);
		sqlite3_bind_int(st, 4, t->priority);
		sqlite3_bind_int64(st, 5, queued_at);
		r = qdb_step_int(q, st, &ahead, "count ahead");
		qdb_done(q, st);
		if (r < 0)
			return r;
	}

	/* the service time of the last citizens served today (a moving window:
	 * the morning rush says little about the afternoon) */
	r = qdb_prepare(q,
			"SELECT CAST(COALESCE(avg(d), 0) AS INTEGER), count(*) FROM"
			" (SELECT finished_at - COALESCE(started_at, called_at) AS d FROM tickets"
			"  WHERE state = 'done' AND service = ?1 AND day = ?2"
			"  AND called_at IS NOT NULL ORDER BY finished_at DESC LIMIT "
			STR(ESTIMATE_WINDOW) ")", &st);
	if (r < 0)
		return r;
	sqlite3_bind_text(st, 1, t->service, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, t->day);
	r = qdb_step_int(q, st, &avg, "average service time");
	samples = sqlite3_column_int64(st, 1);
	qdb_done(q, st);
	if (r < 0)
		return r;
	if (samples < q->cfg->queue.min_samples)
		avg = (int64_t)s->avg_minutes * 60;
	if (avg < 30)
		avg = 30; /* nobody is served in less than half a minute */

	int counters = counters_for(q, kconf_service_index(q->cfg, t->service), t->day);
	if (counters < 0)
		return counters;
	t->ahead = (int)ahead;
	t->wait_minutes = (int)((ahead * avg + (int64_t)counters * 60 - 1) / ((int64_t)counters * 60));
	return K_OK;
}

/* The ticket whose column (booking_id or client_ref) is value. */
int qdb_find_by(struct queue *q, const char *sql, const char *value, int64_t day,
		struct queue_ticket *out)
{
	sqlite3_stmt *st;
	int64_t id = 0;
	int r = qdb_prepare(q, sql, &st);
	if (r < 0)
		return r;
	sqlite3_bind_text(st, 1, value, -1, SQLITE_STATIC);
	if (day)
		sqlite3_bind_int64(st, 2, day);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	else
		r = rc == SQLITE_DONE ? K_ERR_NOT_FOUND : qdb_error(q, rc, "find ticket");
	qdb_done(q, st);
	return r < 0 ? r : qdb_load_ticket(q, id, out);
}

/*
 * The numbers the kiosks' bands cover ([server] band.*): from the lowest
 * band's first to the highest one's last.  The server's own sequence and its
 * leases never enter it.  No bands: an empty zone above every number.
 */
void qdb_band_zone(const struct kconf *cfg, int64_t *lo, int64_t *hi)
{
	*lo = *hi = 1000000;
	for (int i = 0; i < cfg->server.nbands; i++) {
		const struct kconf_range *b = &cfg->server.bands[i].r;
		if (i == 0 || b->from < *lo)
			*lo = b->from;
		if (i == 0 || b->to > *hi)
			*hi = b->to;
	}
}

int qdb_next_seq(struct queue *q, const char *service, int64_t day, int64_t *seq)
{
	sqlite3_stmt *st;
	int64_t lo, hi;
	/* after every number issued and every number leased, outside the bands:
	 * the highest above the zone, else the highest below it; each one seek
	 * down UNIQUE (day, issue_service, seq) (an OR of the two ranges would
	 * read every number of the day, a cost that grew with the day) */
	int r = qdb_prepare(q, "SELECT MAX(COALESCE("
			       " (SELECT seq FROM tickets WHERE day = ?1 AND issue_service = ?2"
			       "  AND seq > ?4 ORDER BY seq DESC LIMIT 1),"
			       " (SELECT seq FROM tickets WHERE day = ?1 AND issue_service = ?2"
			       "  AND seq < ?3 ORDER BY seq DESC LIMIT 1), 0),"
			       " COALESCE((SELECT MAX(last) FROM leases WHERE day = ?1 AND service = ?2),"
			       " 0))", &st);
	if (r < 0)
		return r;
	qdb_band_zone(q->cfg, &lo, &hi);
	sqlite3_bind_int64(st, 1, day);
	sqlite3_bind_text(st, 2, service, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, lo);
	sqlite3_bind_int64(st, 4, hi);
	r = qdb_step_int(q, st, seq, "next number");
	qdb_done(q, st);
	(*seq)++;
	if (*seq >= lo && *seq <= hi)
		*seq = hi + 1; /* a busy day went past the bands */
	return r;
}

/* A012: the prefix, then seq in at least three digits (seq < 100000 fits). */
void qdb_number_of(const struct kconf_service *s, int64_t seq, char out[12])
{
	snprintf(out, 12, "%.2s%03d", s->prefix, (int)(seq % 100000));
}

int queue_number_parse(const struct kconf *cfg, const char *text,
		       const struct kconf_service **svc, int64_t *seq)
{
	size_t n = text ? strlen(text) : 0;
	size_t p = n ? strspn(text, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") : 0, d = n - p;
	*svc = NULL;
	*seq = 0;
	/* 1-2 capital letters, then 001-999 or 1000-99999: nothing else */
	if (p < 1 || p > 2 || d < 3 || d > 5 || strspn(text + p, "0123456789") != d ||
	    (d > 3 && text[p] == '0'))
		return K_ERR_INVALID;
	int64_t v = strtol(text + p, NULL, 10);
	if (v < 1)
		return K_ERR_INVALID;
	for (int i = 0; i < cfg->nservices; i++) {
		const struct kconf_service *s = &cfg->services[i];
		if (strlen(s->prefix) == p && strncmp(text, s->prefix, p) == 0) {
			*svc = s;
			*seq = v;
			return K_OK;
		}
	}
	return K_ERR_NOT_FOUND; /* well written, but no service has that prefix */
}

int qdb_insert_ticket(struct queue *q, const struct kconf_service *s, int64_t seq,
			 const struct queue_issue_opts *o, int64_t day, int64_t now,
			 struct queue_ticket *t)
{
	sqlite3_stmt *st;
	int priority = o->priority;
	int r = qdb_prepare(q,
			    "INSERT INTO tickets (day, issue_service, seq, number, service,"
			    " priority, source, booking_id, issued_at, queued_at, client_ref, offline,"
			    " booked_slot, booked_end)"
			    " VALUES (?1, ?2, ?3, ?4, ?2, ?5, ?6, ?7, ?8, ?8, ?9, ?10,"
			    "  COALESCE(?11, (SELECT slot FROM bookings WHERE id = ?7)),"
			    "  COALESCE(?12, (SELECT slot + minutes * 60 FROM bookings WHERE id = ?7)))",
			    &st);
	if (r < 0)
		return r;
	memset(t, 0, sizeof(*t));
	qdb_number_of(s, seq, t->number);
	snprintf(t->service, sizeof(t->service), "%s", s->code);
	sqlite3_bind_int64(st, 1, day);
	sqlite3_bind_text(st, 2, s->code, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, seq);
	sqlite3_bind_text(st, 4, t->number, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 5, priority ? 1 : 0);
	sqlite3_bind_text(st, 6, queue_source_name(o->source), -1, SQLITE_STATIC);
	if (o->booking_id)
		sqlite3_bind_text(st, 7, o->booking_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 8, now);
	if (o->client_ref)
		sqlite3_bind_text(st, 9, o->client_ref, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 10, o->holder != NULL); /* issued offline, pushed since */
	if (o->booking_id && o->booked_slot) {
		sqlite3_bind_int64(st, 11, o->booked_slot);
		sqlite3_bind_int64(st, 12, o->booked_end);
	}
	r = qdb_step_done(q, st, "insert ticket");
	if (r < 0)
		return r;
	t->id = sqlite3_last_insert_rowid(q->kdb.db);
	if (o->booking_id) { /* a station's booking checked in: not a no-show */
		r = qdb_prepare(q, "UPDATE bookings SET checked_in = ?2 WHERE id = ?1", &st);
		if (r < 0)
			return r;
		sqlite3_bind_text(st, 1, o->booking_id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, now);
		r = qdb_step_done(q, st, "booking checked in");
		if (r < 0)
			return r;
	}
	t->priority = priority ? 1 : 0;
	t->source = o->source;
	snprintf(t->client_ref, sizeof(t->client_ref), "%s", o->client_ref ? o->client_ref : "");
	t->state = QUEUE_WAITING;
	t->day = day;
	t->issued_at = now;
	return K_OK;
}
