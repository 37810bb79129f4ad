/*
 * queue_offline.c - leases, and the tickets kiosks issued while they could
 * not reach the server: taken only in the kiosk's own lease or band, placed
 * by their issue time (docs/sync.md).
 */
#include "queue_private.h"
#include "kerr.h"
#include "klog.h"

#include <string.h>

/* Is seq holder's to issue: in one of its leases of that day, or its band? */
static int holders_number(struct queue *q, const char *service, const char *holder,
			  int64_t day, int64_t seq, int64_t *yes)
{
	const struct kconf_band *b = kconf_band(q->cfg, holder);
	sqlite3_stmt *st;

	if (b && seq >= b->r.from && seq <= b->r.to) {
		*yes = 1;
		return K_OK;
	}
	int r = qdb_prepare(q, "SELECT EXISTS (SELECT 1 FROM leases WHERE day = ? AND service = ?"
			       " AND holder = ? AND ? BETWEEN first AND last)", &st);
	if (r < 0)
		return r;
	sqlite3_bind_int64(st, 1, day);
	sqlite3_bind_text(st, 2, service, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, holder, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, seq);
	r = qdb_step_int(q, st, yes, "check lease");
	qdb_done(q, st);
	return r;
}

/* Does a ticket of day already hold number? */
static int number_taken(struct queue *q, int64_t day, const char *number, int64_t *yes)
{
	sqlite3_stmt *st;
	int r = qdb_prepare(q, "SELECT EXISTS (SELECT 1 FROM tickets WHERE day = ? AND number = ?)",
			    &st);
	if (r < 0)
		return r;
	sqlite3_bind_int64(st, 1, day);
	sqlite3_bind_text(st, 2, number, -1, SQLITE_STATIC);
	r = qdb_step_int(q, st, yes, "number taken");
	qdb_done(q, st);
	return r;
}

/* How many numbers holder has leased of service on day and not yet issued. */
static int unused_leased(struct queue *q, const char *service, const char *holder, int64_t day,
			 int64_t *n)
{
	sqlite3_stmt *st;
	int r = qdb_prepare(q, "SELECT (SELECT COALESCE(SUM(last - first + 1), 0) FROM leases"
			       " WHERE day = ?1 AND service = ?2 AND holder = ?3) -"
			       " (SELECT COUNT(*) FROM tickets t WHERE t.day = ?1 AND"
			       " t.issue_service = ?2 AND EXISTS (SELECT 1 FROM leases l WHERE"
			       " l.day = ?1 AND l.service = ?2 AND l.holder = ?3 AND"
			       " t.seq BETWEEN l.first AND l.last))", &st);
	if (r < 0)
		return r;
	sqlite3_bind_int64(st, 1, day);
	sqlite3_bind_text(st, 2, service, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, holder, -1, SQLITE_STATIC);
	r = qdb_step_int(q, st, n, "unused leased");
	qdb_done(q, st);
	return r;
}

/*
 * The kiosk asked the server for client_ref, got no answer in time and
 * issued number o->seq offline under the same ref; the server had issued
 * `had` for it all the same.  Only the offline number was printed.  A
 * ticket still waiting takes the printed number and time; one that staff
 * have already called keeps its record under another ref, and the printed
 * number is issued beside it.
 */
static int replace_unprinted(struct queue *q, const struct kconf_service *s,
			     const struct queue_issue_opts *o, int64_t day,
			     const struct queue_ticket *had, struct queue_ticket *out)
{
	char number[12];
	int r;

	qdb_number_of(s, o->seq, number);
	if (had->state != QUEUE_WAITING) {
		r = qdb_run(q, "UPDATE tickets SET client_ref = client_ref || '~' || id"
			       " WHERE id = ?1", had->id, 0, 0);
		return r < 0 ? r : qdb_insert_ticket(q, s, o->seq, o, day, o->issued_at, out);
	}
	sqlite3_stmt *st;
	r = qdb_prepare(q, "UPDATE tickets SET seq = ?1, number = ?2, issued_at = ?3,"
			   " queued_at = ?3, day = ?4 WHERE id = ?5", &st);
	if (r < 0)
		return r;
	sqlite3_bind_int64(st, 1, o->seq);
	sqlite3_bind_text(st, 2, number, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, o->issued_at);
	sqlite3_bind_int64(st, 4, day);
	sqlite3_bind_int64(st, 5, had->id);
	r = qdb_step_done(q, st, "renumber");
	if (r == K_OK)
		r = qdb_load_ticket(q, had->id, out);
	if (r == K_OK)
		klog(KLOG_INFO, "queue: %s replaces %s, issued offline under the same ref",
		     out->number, had->number);
	return r;
}

/*
 * A ticket issued offline by the kiosk holding the lease: accepted only
 * inside that kiosk's lease or band for the day it was issued, placed in the
 * queue by its issue time, whatever the hours are now (they held when it
 * was issued).
 */
int qdb_import(struct queue *q, const struct kconf_service *s,
			 const struct queue_issue_opts *o, int64_t now, struct queue_ticket *out)
{
	int64_t day = kclock_day(o->issued_at, q->cfg->queue.day_starts), leased = 0;
	struct queue_ticket had;
	int r;

	if (!o->holder || !o->client_ref || o->issued_at < KCLOCK_MIN_VALID ||
	    o->issued_at > now + 300 || o->seq < 1 || o->seq > 99999)
		return K_ERR_INVALID;
	r = qdb_begin(q);
	if (r < 0)
		return r;
	r = qdb_rollover(q, now);
	if (r == K_OK)
		r = holders_number(q, s->code, o->holder, day, o->seq, &leased);
	if (r == K_OK && !leased)
		r = K_ERR_INVALID; /* not this kiosk's number: never a duplicate */
	if (r < 0)
		goto out;
	r = qdb_find_by(q, "SELECT id FROM tickets WHERE client_ref = ?", o->client_ref, 0, &had);
	char number[12];
	qdb_number_of(s, o->seq, number);
	if (r == K_OK && strcmp(had.number, number) == 0) {
		*out = had; /* pushed twice at once: the other push did it */
		out->replayed = 1;
		r = qdb_commit(q);
		goto out;
	}
	if (r == K_ERR_NOT_FOUND && o->booking_id) {
		/* a booking checked in offline: used once, whichever kiosk had it first */
		r = qdb_find_by(q, "SELECT id FROM tickets WHERE booking_id = ?", o->booking_id, 0, out);
		r = r == K_OK ? K_ERR_DUPLICATE : r == K_ERR_NOT_FOUND ? K_ERR_NOT_FOUND : r;
	}
	if (r == K_OK || r == K_ERR_NOT_FOUND) {
		/* the number is this kiosk's, but another ticket holds it (e.g. an
		 * outbox restored from an old copy issued it again): never a 5xx to
		 * be retried for ever, and never a second ticket of one number */
		int found = r;
		int64_t taken = 0;
		r = number_taken(q, day, number, &taken);
		if (r == K_OK && taken)
			r = K_ERR_TAKEN;
		else if (r == K_OK)
			r = found;
	}
	if (r == K_OK)
		r = replace_unprinted(q, s, o, day, &had, out);
	else if (r == K_ERR_NOT_FOUND)
		r = qdb_insert_ticket(q, s, o->seq, o, day, o->issued_at, out);
	if (r == K_OK && day != qdb_today(q, now)) {
		/* yesterday's: on record, not waiting */
		r = qdb_run(q, "UPDATE tickets SET state = 'expired', finished_at = ?1 WHERE id = ?2",
			    now, out->id, 0);
		out->state = QUEUE_EXPIRED;
		/* its day's aggregates (core/report.h) no longer count it: read
		 * from the tickets until the next upkeep aggregates it again */
		if (r == K_OK)
			r = qdb_run(q, "DELETE FROM report_days WHERE day = ?1", day, 0, 0);
	}
	if (r == K_OK)
		r = qdb_estimate(q, out, o->issued_at);
	if (r == K_OK)
		r = qdb_note(q, "issued", out->id, 0);
	if (r == K_OK)
		r = qdb_commit(q);
out:
	if (r < 0)
		qdb_rollback(q);
	return r;
}

int queue_lease(struct queue *q, const char *service, const char *holder, int count,
		struct queue_lease *out)
{
	const struct kconf_service *s = kconf_service(q->cfg, service);
	int64_t now = kclock_now(q->clock), first = 0;
	sqlite3_stmt *st;
	int r;

	memset(out, 0, sizeof(*out));
	if (!s)
		return K_ERR_NOT_FOUND;
	if (count < 1 || count > 100 || !holder || !*holder)
		return K_ERR_INVALID;
	if (!kclock_is_set(q->clock, now))
		return K_ERR_CLOCK;
	r = qdb_begin(q);
	if (r < 0)
		return r;
	r = qdb_rollover(q, now);
	out->day = qdb_today(q, now);
	int64_t unused = 0, room = q->cfg->server.lease_unused;
	if (r == K_OK)
		r = unused_leased(q, s->code, holder, out->day, &unused);
	if (r == K_OK && room > 0 && unused >= room)
		r = K_ERR_LIMIT; /* one kiosk may not drain the day's numbers */
	if (r == K_OK && room > 0 && count > room - unused)
		count = (int)(room - unused);
	if (r == K_OK)
		r = qdb_next_seq(q, s->code, out->day, &first);
	int64_t last = first + count - 1, lo, hi;
	qdb_band_zone(q->cfg, &lo, &hi);
	if (first < lo && last >= lo)
		last = lo - 1; /* a lease stops short of the bands */
	if (s->cap > 0 && last > s->cap)
		last = s->cap;
	if (last > 99999)
		last = 99999;
	if (r == K_OK && last < first)
		r = K_ERR_CAP;
	if (r == K_OK)
		r = qdb_prepare(q, "INSERT INTO leases (day, service, holder, first, last)"
				   " VALUES (?, ?, ?, ?, ?)", &st);
	if (r == K_OK) {
		sqlite3_bind_int64(st, 1, out->day);
		sqlite3_bind_text(st, 2, s->code, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, holder, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, first);
		sqlite3_bind_int64(st, 5, last);
		r = qdb_step_done(q, st, "lease");
	}
	if (r == K_OK)
		r = qdb_commit(q);
	if (r < 0) {
		qdb_rollback(q);
		return r;
	}
	out->first = first;
	out->last = last;
	qdb_number_of(s, first, out->first_number);
	qdb_number_of(s, last, out->last_number);
	return K_OK;
}

