/*
 * queue.c - issuing tickets, opening hours, people ahead and the estimated
 * wait, and the status summary.
 *
 * Issuing is one IMMEDIATE transaction: the next number of the day is
 * MAX(seq) + 1 under the write lock, and UNIQUE(day, issue_service, seq)
 * in the schema makes a duplicate impossible even for a future bug.
 */
#include "queue_private.h"
#include "booking.h"
#include "kerr.h"
#include "klog.h"

#include <stdio.h>
#include <string.h>

#define ESTIMATE_WINDOW 20 /* finished tickets the average service time is taken over */
#define STR_(x) #x
#define STR(x) STR_(x)

static int open_at(const struct kconf_service *s, const struct klocal *lt)
{
	if (!(s->days & (1u << lt->wday)))
		return 0;
	for (int i = 0; i < s->nhours; i++)
		if (lt->minute_of_day >= s->hours[i].from && lt->minute_of_day < s->hours[i].to)
			return 1;
	return 0;
}

int queue_service_open(const struct kconf_service *s, int64_t now)
{
	struct klocal lt;
	kclock_local(now, &lt);
	return open_at(s, &lt);
}

int64_t queue_next_opening(const struct kconf_service *s, int64_t now)
{
	struct klocal lt;
	kclock_local(now, &lt);
	int64_t midnight = now - (lt.minute_of_day * 60 + lt.second);

	for (int d = 0; d < 8; d++) {
		int wday = (lt.wday + d) % 7;
		if (!(s->days & (1u << wday)))
			continue;
		for (int i = 0; i < s->nhours; i++) {
			int64_t from = midnight + (int64_t)d * 86400 + s->hours[i].from * 60;
			int64_t to = midnight + (int64_t)d * 86400 + s->hours[i].to * 60;
			if (to > now)
				return from > now ? from : now;
		}
	}
	return 0;
}

static int step_int(struct queue *q, sqlite3_stmt *st, int64_t *v, const char *what)
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
	int configured = 0, open = 0;
	sqlite3_stmt *st = NULL;

	if (qdb_prepare(q, "SELECT is_open AND day = ?2 FROM counters WHERE id = ?1", &st) < 0)
		st = NULL;
	for (int i = 0; i < cfg->ncounters; i++) {
		if (!(cfg->counters[i].services & (1u << si)))
			continue;
		configured++;
		if (!st)
			continue;
		sqlite3_reset(st);
		sqlite3_bind_int(st, 1, cfg->counters[i].id);
		sqlite3_bind_int64(st, 2, day);
		if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0))
			open++;
	}
	qdb_done(q, st);
	if (open)
		return open;
	return configured ? configured : 1;
}

/* People ahead of ticket t and the minutes they will take. */
static int estimate(struct queue *q, struct queue_ticket *t, int64_t queued_at)
{
	const struct kconf_service *s = kconf_service(q->cfg, t->service);
	sqlite3_stmt *st = NULL;
	int64_t ahead = 0, avg = 0, samples = 0;
	int r;

	if (!s)
		return K_ERR_NOT_FOUND;
	r = qdb_prepare(q,
			"SELECT count(*) FROM tickets WHERE state = 'waiting' AND service = ?1"
			" AND day = ?2 AND id != ?3 AND (priority > ?4 OR (priority = ?4 AND"
			" (queued_at < ?5 OR (queued_at = ?5 AND id < ?3))))", &st);
	if (r < 0)
		return r;
	sqlite3_bind_text(st, 1, t->service, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, t->day);
	sqlite3_bind_int64(st, 3, t->id);
	sqlite3_bind_int(st, 4, t->priority);
	sqlite3_bind_int64(st, 5, queued_at);
	r = step_int(q, st, &ahead, "count ahead");
	qdb_done(q, st);
	if (r < 0)
		return r;

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
	r = step_int(q, st, &avg, "average service time");
	samples = sqlite3_column_int64(st, 1);
	qdb_done(q, st);
	if (r < 0)
		return r;
	if (samples < q->cfg->queue.min_samples)
		avg = (int64_t)s->avg_minutes * 60;
	if (avg < 30)
		avg = 30; /* nobody is served in less than half a minute */

	int counters = counters_for(q, kconf_service_index(q->cfg, t->service), t->day);
	t->ahead = (int)ahead;
	t->wait_minutes = (int)((ahead * avg + (int64_t)counters * 60 - 1) / ((int64_t)counters * 60));
	return K_OK;
}

/* The ticket whose column (booking_id or client_ref) is value. */
static int find_by(struct queue *q, const char *sql, const char *value, struct queue_ticket *out)
{
	sqlite3_stmt *st;
	int64_t id = 0;
	int r = qdb_prepare(q, sql, &st);
	if (r < 0)
		return r;
	sqlite3_bind_text(st, 1, value, -1, SQLITE_STATIC);
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
static void band_zone(const struct kconf *cfg, int64_t *lo, int64_t *hi)
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

static int next_seq(struct queue *q, const char *service, int64_t day, int64_t *seq)
{
	sqlite3_stmt *st;
	int64_t lo, hi;
	/* after every number issued and every number leased, outside the bands */
	int r = qdb_prepare(q, "SELECT MAX(COALESCE((SELECT MAX(seq) FROM tickets"
			       " WHERE day = ?1 AND issue_service = ?2 AND (seq < ?3 OR seq > ?4)), 0),"
			       " COALESCE((SELECT MAX(last) FROM leases WHERE day = ?1 AND service = ?2),"
			       " 0))", &st);
	if (r < 0)
		return r;
	band_zone(q->cfg, &lo, &hi);
	sqlite3_bind_int64(st, 1, day);
	sqlite3_bind_text(st, 2, service, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, lo);
	sqlite3_bind_int64(st, 4, hi);
	r = step_int(q, st, seq, "next number");
	qdb_done(q, st);
	(*seq)++;
	if (*seq >= lo && *seq <= hi)
		*seq = hi + 1; /* a busy day went past the bands */
	return r;
}

/* A012: the prefix, then seq in at least three digits (seq < 100000 fits). */
static void number_of(const struct kconf_service *s, int64_t seq, char out[12])
{
	snprintf(out, 12, "%.2s%03d", s->prefix, (int)(seq % 100000));
}

static int insert_ticket(struct queue *q, const struct kconf_service *s, int64_t seq,
			 const struct queue_issue_opts *o, int64_t day, int64_t now,
			 struct queue_ticket *t)
{
	sqlite3_stmt *st;
	int priority = o->priority;
	int r = qdb_prepare(q,
			    "INSERT INTO tickets (day, issue_service, seq, number, service,"
			    " priority, source, booking_id, issued_at, queued_at, client_ref)"
			    " VALUES (?1, ?2, ?3, ?4, ?2, ?5, ?6, ?7, ?8, ?8, ?9)", &st);
	if (r < 0)
		return r;
	memset(t, 0, sizeof(*t));
	number_of(s, seq, t->number);
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
	r = qdb_step_done(q, st, "insert ticket");
	if (r < 0)
		return r;
	t->id = sqlite3_last_insert_rowid(q->db);
	t->priority = priority ? 1 : 0;
	t->source = o->source;
	snprintf(t->client_ref, sizeof(t->client_ref), "%s", o->client_ref ? o->client_ref : "");
	t->state = QUEUE_WAITING;
	t->day = day;
	t->issued_at = now;
	return K_OK;
}

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
	r = step_int(q, st, yes, "check lease");
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

	number_of(s, o->seq, number);
	if (had->state != QUEUE_WAITING) {
		r = qdb_run(q, "UPDATE tickets SET client_ref = client_ref || '~' || id"
			       " WHERE id = ?1", had->id, 0, 0);
		return r < 0 ? r : insert_ticket(q, s, o->seq, o, day, o->issued_at, out);
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
static int import_leased(struct queue *q, const struct kconf_service *s,
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
	r = find_by(q, "SELECT id FROM tickets WHERE client_ref = ?", o->client_ref, &had);
	char number[12];
	number_of(s, o->seq, number);
	if (r == K_OK && strcmp(had.number, number) == 0) {
		*out = had; /* pushed twice at once: the other push did it */
		out->replayed = 1;
		r = qdb_commit(q);
		goto out;
	}
	if (r == K_ERR_NOT_FOUND && o->booking_id) {
		/* a booking checked in offline: used once, whichever kiosk had it first */
		r = find_by(q, "SELECT id FROM tickets WHERE booking_id = ?", o->booking_id, out);
		r = r == K_OK ? K_ERR_DUPLICATE : r == K_ERR_NOT_FOUND ? K_ERR_NOT_FOUND : r;
	}
	if (r == K_OK)
		r = replace_unprinted(q, s, o, day, &had, out);
	else if (r == K_ERR_NOT_FOUND)
		r = insert_ticket(q, s, o->seq, o, day, o->issued_at, out);
	if (r == K_OK && day != qdb_today(q, now)) {
		/* yesterday's: on record, not waiting */
		r = qdb_run(q, "UPDATE tickets SET state = 'expired', finished_at = ?1 WHERE id = ?2",
			    now, out->id, 0);
		out->state = QUEUE_EXPIRED;
	}
	if (r == K_OK)
		r = estimate(q, out, o->issued_at);
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
	if (now < KCLOCK_MIN_VALID)
		return K_ERR_CLOCK;
	r = qdb_begin(q);
	if (r < 0)
		return r;
	r = qdb_rollover(q, now);
	out->day = qdb_today(q, now);
	if (r == K_OK)
		r = next_seq(q, s->code, out->day, &first);
	int64_t last = first + count - 1, lo, hi;
	band_zone(q->cfg, &lo, &hi);
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
	number_of(s, first, out->first_number);
	number_of(s, last, out->last_number);
	return K_OK;
}

int queue_issue(struct queue *q, const char *service, int priority, enum queue_source src,
		const char *booking_id, struct queue_ticket *out)
{
	struct queue_issue_opts o = { priority, src, booking_id, NULL, 0, 0, NULL };
	return queue_issue_with(q, service, &o, out);
}

int queue_issue_with(struct queue *q, const char *service, const struct queue_issue_opts *o,
		     struct queue_ticket *out)
{
	const struct kconf_service *s = kconf_service(q->cfg, service);
	enum queue_source src = o->source;
	int64_t now = kclock_now(q->clock), day, seq = 0;
	struct klocal lt;
	int r;

	if (o->client_ref && find_by(q, "SELECT id FROM tickets WHERE client_ref = ?",
				     o->client_ref, out) == K_OK) {
		char number[12] = "";
		if (s)
			number_of(s, o->seq, number);
		if (!o->seq || strcmp(number, out->number) == 0) {
			out->replayed = 1; /* asked again, even after closing time: the same */
			return K_OK;
		}
		/* pushed with another number than the server gave it: see below */
	}
	if (!s)
		return K_ERR_NOT_FOUND;
	if (now < KCLOCK_MIN_VALID)
		return K_ERR_CLOCK;
	if (o->seq)
		return import_leased(q, s, o, now, out);
	if (!s->enabled)
		return K_ERR_DISABLED;
	kclock_local(now, &lt);
	if (src == QUEUE_WALKIN && !open_at(s, &lt))
		return K_ERR_CLOSED; /* staff and booked tickets are exempt */

	r = qdb_begin(q);
	if (r < 0)
		return r;
	r = qdb_rollover(q, now);
	if (r < 0)
		goto out;
	if (o->client_ref) {
		r = find_by(q, "SELECT id FROM tickets WHERE client_ref = ?", o->client_ref, out);
		if (r == K_OK) {
			out->replayed = 1; /* asked again: the same ticket, nothing new */
			r = estimate(q, out, out->issued_at);
			goto out;
		}
		if (r != K_ERR_NOT_FOUND)
			goto out;
	}
	if (o->booking_id) {
		r = find_by(q, "SELECT id FROM tickets WHERE booking_id = ?", o->booking_id, out);
		if (r == K_OK) {
			r = K_ERR_DUPLICATE;
			goto out;
		}
		if (r != K_ERR_NOT_FOUND)
			goto out;
	}
	day = qdb_today(q, now);
	r = next_seq(q, s->code, day, &seq);
	if (r < 0)
		goto out;
	if ((s->cap > 0 && seq > s->cap && src == QUEUE_WALKIN) || seq > 99999) {
		r = K_ERR_CAP;
		goto out;
	}
	r = insert_ticket(q, s, seq, o, day, now, out);
	if (r < 0)
		goto out;
	r = estimate(q, out, now);
	if (r == K_OK)
		r = qdb_note(q, "issued", out->id, 0);
	if (r < 0)
		goto out;
	r = qdb_commit(q);
	if (r == K_OK)
		klog(KLOG_DEBUG, "queue: issued %s (id %lld)", out->number, (long long)out->id);
out:
	if (r == K_OK && out->replayed)
		r = qdb_commit(q);
	if (r < 0)
		qdb_rollback(q);
	return r;
}

static int is_cancelled(struct queue *q, const char *booking, int64_t *yes)
{
	sqlite3_stmt *st;
	int r = qdb_prepare(q, "SELECT EXISTS (SELECT 1 FROM cancelled_bookings WHERE booking = ?)",
			    &st);
	if (r < 0)
		return r;
	sqlite3_bind_text(st, 1, booking, -1, SQLITE_STATIC);
	r = step_int(q, st, yes, "cancelled booking");
	qdb_done(q, st);
	return r;
}

int queue_checkin(struct queue *q, const struct booking_token *t, const char *client_ref,
		  struct queue_ticket *out, int *reason)
{
	struct queue_issue_opts o = { .priority = q->cfg->booking.priority,
				      .source = QUEUE_BOOKING, .booking_id = t->booking,
				      .client_ref = client_ref };
	int64_t cancelled = 0;
	int r = is_cancelled(q, t->booking, &cancelled);

	*reason = BOOKING_OK;
	if (r < 0)
		return r;
	if (cancelled) {
		*reason = BOOKING_CANCELLED;
		return K_OK;
	}
	/* the booking id is checked and taken inside issue's transaction */
	r = queue_issue_with(q, t->service, &o, out);
	if (r == K_ERR_DUPLICATE) {
		*reason = BOOKING_ALREADY_USED;
		return K_OK;
	}
	return r;
}

int queue_cancel_booking(struct queue *q, const char *booking)
{
	sqlite3_stmt *st;
	int r = qdb_prepare(q, "INSERT OR IGNORE INTO cancelled_bookings (booking, at) VALUES (?, ?)",
			    &st);
	if (r < 0)
		return r;
	sqlite3_bind_text(st, 1, booking, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, kclock_now(q->clock));
	return qdb_step_done(q, st, "cancel booking");
}

int queue_each_ticket(struct queue *q, int64_t day,
		      void (*fn)(const struct queue_ticket *t, void *ctx), void *ctx)
{
	sqlite3_stmt *st;
	int64_t ids[256];
	int64_t after = 0;
	int r, n;

	/* in pages, so no statement stays open while fn runs */
	do {
		r = qdb_prepare(q, "SELECT id FROM tickets WHERE day = ? AND id > ? ORDER BY id"
				   " LIMIT 256", &st);
		if (r < 0)
			return r;
		sqlite3_bind_int64(st, 1, day);
		sqlite3_bind_int64(st, 2, after);
		for (n = 0; n < 256 && sqlite3_step(st) == SQLITE_ROW; n++)
			ids[n] = sqlite3_column_int64(st, 0);
		qdb_done(q, st);
		for (int i = 0; i < n; i++) {
			struct queue_ticket t;
			r = qdb_load_ticket(q, ids[i], &t);
			if (r < 0)
				return r;
			fn(&t, ctx);
			after = ids[i];
		}
	} while (n == 256);
	return K_OK;
}

int queue_recent_calls(struct queue *q, struct queue_ticket *out, int max)
{
	sqlite3_stmt *st;
	int64_t ids[32];
	int n = 0, r;

	if (max > 32)
		max = 32;
	r = qdb_prepare(q, "SELECT id FROM tickets WHERE day = ? AND called_at IS NOT NULL"
			   " ORDER BY called_at DESC, id DESC LIMIT ?", &st);
	if (r < 0)
		return r;
	sqlite3_bind_int64(st, 1, qdb_today(q, kclock_now(q->clock)));
	sqlite3_bind_int(st, 2, max);
	while (n < max && sqlite3_step(st) == SQLITE_ROW)
		ids[n++] = sqlite3_column_int64(st, 0);
	qdb_done(q, st);
	for (int i = 0; i < n; i++) {
		r = qdb_load_ticket(q, ids[i], &out[i]);
		if (r < 0)
			return r;
	}
	return n;
}

int queue_find(struct queue *q, const char *number, struct queue_ticket *out)
{
	sqlite3_stmt *st;
	int64_t id = 0;
	int r = qdb_prepare(q, "SELECT id FROM tickets WHERE day = ? AND number = ?", &st);
	if (r < 0)
		return r;
	sqlite3_bind_int64(st, 1, qdb_today(q, kclock_now(q->clock)));
	sqlite3_bind_text(st, 2, number, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	else
		r = rc == SQLITE_DONE ? K_ERR_NOT_FOUND : qdb_error(q, rc, "find ticket");
	qdb_done(q, st);
	return r < 0 ? r : qdb_load_ticket(q, id, out);
}

static int status_services(struct queue *q, struct queue_status *out)
{
	const struct kconf *cfg = q->cfg;
	sqlite3_stmt *st;
	int r = qdb_prepare(q,
			    "SELECT sum(state = 'waiting'), sum(state = 'waiting' AND priority),"
			    " (SELECT count(*) FROM tickets WHERE day = ?1 AND issue_service = ?2),"
			    " sum(state = 'done') FROM tickets WHERE day = ?1 AND service = ?2", &st);
	if (r < 0)
		return r;
	out->nservices = cfg->nservices;
	for (int i = 0; i < cfg->nservices && r == K_OK; i++) {
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, out->day);
		sqlite3_bind_text(st, 2, cfg->services[i].code, -1, SQLITE_STATIC);
		int rc = sqlite3_step(st);
		if (rc != SQLITE_ROW) {
			r = qdb_error(q, rc, "status");
			break;
		}
		snprintf(out->services[i].code, sizeof(out->services[i].code), "%s",
			 cfg->services[i].code);
		out->services[i].waiting = sqlite3_column_int(st, 0);
		out->services[i].waiting_priority = sqlite3_column_int(st, 1);
		out->services[i].issued = sqlite3_column_int(st, 2);
		out->services[i].served = sqlite3_column_int(st, 3);
	}
	qdb_done(q, st);
	return r;
}

static int status_counters(struct queue *q, struct queue_status *out)
{
	const struct kconf *cfg = q->cfg;
	sqlite3_stmt *st;
	int r = qdb_prepare(q,
			    "SELECT c.is_open AND c.day = ?2, t.number, t.state FROM counters c"
			    " LEFT JOIN tickets t ON t.id = c.current AND t.day = ?2 WHERE c.id = ?1", &st);
	if (r < 0)
		return r;
	out->ncounters = cfg->ncounters;
	for (int i = 0; i < cfg->ncounters; i++) {
		sqlite3_reset(st);
		sqlite3_bind_int(st, 1, cfg->counters[i].id);
		sqlite3_bind_int64(st, 2, out->day);
		out->counters[i].id = cfg->counters[i].id;
		out->counters[i].number[0] = '\0';
		out->counters[i].open = 0;
		out->counters[i].state = -1;
		int rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			out->counters[i].open = sqlite3_column_int(st, 0);
			if (sqlite3_column_type(st, 1) != SQLITE_NULL) {
				const char *state = (const char *)sqlite3_column_text(st, 2);
				snprintf(out->counters[i].number, sizeof(out->counters[i].number),
					 "%s", sqlite3_column_text(st, 1));
				out->counters[i].state = strcmp(state, "serving") == 0 ?
							 QUEUE_SERVING : QUEUE_CALLED;
			}
		} else if (rc != SQLITE_DONE) {
			r = qdb_error(q, rc, "status");
			break;
		}
	}
	qdb_done(q, st);
	return r;
}

int queue_status(struct queue *q, struct queue_status *out)
{
	int64_t now = kclock_now(q->clock);
	int r;

	memset(out, 0, sizeof(*out));
	out->day = qdb_today(q, now);
	/* A read transaction: both halves see the same moment. */
	r = sqlite3_exec(q->db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK ? K_OK :
	    qdb_error(q, sqlite3_errcode(q->db), "begin");
	if (r < 0)
		return r;
	r = status_services(q, out);
	if (r == K_OK)
		r = status_counters(q, out);
	qdb_rollback(q);
	return r;
}
