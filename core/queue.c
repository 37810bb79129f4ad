/*
 * queue.c - issuing a walk-in or staff ticket, and its replay.  The pieces
 * every issuing path shares (numbers, bands, the estimate, the insert):
 * queue_ticket.c; opening hours and the calendar: hours.c; offline tickets
 * and leases: queue_offline.c; bookings: queue_booking.c; reading the
 * queue: queue_read.c.
 *
 * Issuing is one IMMEDIATE transaction: the next number of the day is
 * MAX(seq) + 1 under the write lock, and UNIQUE(day, issue_service, seq)
 * in the schema makes a duplicate impossible even for a future bug.
 */
#include "queue_private.h"
#include "hours.h"
#include "kdisk.h"
#include "kerr.h"
#include "klog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void queue_watch_disk(struct queue *q, const struct kdisk *d)
{
	q->disk = d;
}

int queue_checkpoint_apart(struct queue *q)
{
	return kdb_checkpoint_apart(&q->kdb);
}

/* In a batch: any row of tickets written (a push, a rollover, anything but
 * the issue that is about to record itself) ends what last_issue knows. */
static void tickets_written(void *ctx, int op, const char *db, const char *table,
			    sqlite3_int64 rowid)
{
	struct queue *q = ctx;
	(void)op;
	(void)db;
	(void)rowid;
	if (strcmp(table, "tickets") == 0)
		q->last_issue.id = 0;
}

int queue_batch_begin(struct queue *q)
{
	int r = kdb_batch_begin(&q->kdb);
	q->last_issue.id = 0;
	if (r == K_OK) /* the batch holds the write lock: no other connection writes */
		sqlite3_update_hook(q->kdb.db, tickets_written, q);
	return r;
}

int queue_batch_end(struct queue *q, int commit)
{
	sqlite3_update_hook(q->kdb.db, NULL, NULL);
	q->last_issue.id = 0;
	int r = kdb_batch_end(&q->kdb, commit);
	if (r < 0 || !commit)
		q->rolled_day = 0; /* a rollover inside was not written: done again */
	return r;
}

/*
 * People ahead of t, just inserted at now.  In a batch, when the ticket
 * issued just before it in the same transaction (prev, known before t's
 * insert) is of the same service, class, day and second, and no row of
 * tickets was written since: everyone ahead of prev is ahead of t, prev
 * too, and nobody else (a later queued_at, or a lower class, is behind
 * both) - so prev's count plus one, without counting the day's waiting
 * tickets again for each of a batch's sixty-four.  Else counted.
 */
static int issue_estimate(struct queue *q, const struct qdb_last_issue *prev,
			  struct queue_ticket *t, int64_t now)
{
	int64_t ahead = -1;
	if (q->kdb.batch && prev->id && prev->day == t->day && prev->queued_at == now &&
	    prev->priority == t->priority && strcmp(prev->service, t->service) == 0)
		ahead = prev->ahead + 1;
	return qdb_estimate_after(q, t, now, ahead);
}

static void issue_remember(struct queue *q, const struct queue_ticket *t, int64_t now)
{
	struct qdb_last_issue *m = &q->last_issue;
	if (!q->kdb.batch)
		return;
	m->id = t->id;
	m->day = t->day;
	m->queued_at = now;
	m->ahead = t->ahead;
	m->priority = t->priority;
	snprintf(m->service, sizeof(m->service), "%s", t->service);
}

int queue_issue(struct queue *q, const char *service, int priority, enum queue_source src,
		const char *booking_id, struct queue_ticket *out)
{
	struct queue_issue_opts o = { .priority = priority, .source = src, .booking_id = booking_id };
	return queue_issue_with(q, service, &o, out);
}

int queue_issue_with(struct queue *q, const char *service, const struct queue_issue_opts *o,
		     struct queue_ticket *out)
{
	const struct kconf_service *s = kconf_service(q->cfg, service);
	enum queue_source src = o->source;
	int64_t now = kclock_now(q->clock), day, seq = 0;
	int r, enabled;

	if (o->client_ref && qdb_find_by(q, "SELECT id FROM tickets WHERE client_ref = ?",
					 o->client_ref, 0, out) == K_OK) {
		char number[12] = "";
		if (s)
			qdb_number_of(s, o->seq, number);
		if (!o->seq || strcmp(number, out->number) == 0) {
			out->replayed = 1; /* asked again, even after closing time: the same */
			return K_OK;
		}
		/* pushed with another number than the server gave it: see below */
	}
	if (!s)
		return K_ERR_NOT_FOUND;
	if (!kclock_is_set(q->clock, now))
		return K_ERR_CLOCK;
	if (o->seq)
		return qdb_import(q, s, o, now, out); /* (a batch's last_issue: by the hook) */
	if (kdisk_state(q->disk) == KDISK_FULL) {
		kdisk_poke(q->disk); /* freed since? measured again soon */
		return K_ERR_DISK_FULL; /* the reserve is for calling those waiting */
	}
	r = queue_service_enabled(q, s->code, &enabled);
	if (r < 0)
		return r;
	if (!enabled)
		return K_ERR_DISABLED;
	if (src == QUEUE_WALKIN && !hours_open(q->cfg, s, now))
		return K_ERR_CLOSED; /* staff and booked tickets are exempt */

	r = qdb_begin(q);
	if (r < 0)
		return r;
	r = qdb_rollover(q, now);
	if (r < 0)
		goto out;
	if (o->client_ref) {
		r = qdb_find_by(q, "SELECT id FROM tickets WHERE client_ref = ?", o->client_ref, 0, out);
		if (r == K_OK) {
			out->replayed = 1; /* asked again: the same ticket, nothing new */
			r = qdb_estimate(q, out, out->issued_at);
			goto out;
		}
		if (r != K_ERR_NOT_FOUND)
			goto out;
	}
	if (o->booking_id) {
		r = qdb_find_by(q, "SELECT id FROM tickets WHERE booking_id = ?", o->booking_id, 0, out);
		if (r == K_OK) {
			r = K_ERR_DUPLICATE;
			goto out;
		}
		if (r != K_ERR_NOT_FOUND)
			goto out;
	}
	day = qdb_today(q, now);
	r = qdb_next_seq(q, s->code, day, &seq);
	if (r < 0)
		goto out;
	if ((s->cap > 0 && seq > s->cap && src == QUEUE_WALKIN) || seq > 99999) {
		r = K_ERR_CAP;
		goto out;
	}
	struct qdb_last_issue prev = q->last_issue; /* before the insert, which ends it */
	r = qdb_insert_ticket(q, s, seq, o, day, now, out);
	if (r < 0)
		goto out;
	r = issue_estimate(q, &prev, out, now);
	if (r == K_OK)
		r = qdb_note(q, "issued", out->id, 0);
	if (r < 0)
		goto out;
	r = qdb_commit(q);
	if (r == K_OK) {
		issue_remember(q, out, now);
		klog(KLOG_DEBUG, "queue: issued %s (id %lld)", out->number, (long long)out->id);
	}
out:
	if (r == K_OK && out->replayed)
		r = qdb_commit(q);
	if (r < 0)
		qdb_rollback(q);
	if (r == K_OK || r == K_ERR_DISK_FULL)
		kdisk_poke(q->disk); /* space used (or none left): measure soon */
	return r;
}

