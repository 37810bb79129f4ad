/*
 * queue_counter.c - what staff do at a counter: call next, recall, start,
 * finish, no-show, transfer, close.
 *
 * Each action is one IMMEDIATE transaction around the counter's row, which
 * holds the ticket it is working on ("current") and its priority streak.
 * Calling the next citizen finishes the current one: staff who saw nobody
 * come press no-show instead.
 */
#include "queue_private.h"
#include "queue_policy.h"
#include "kerr.h"
#include "klog.h"

#include <stdio.h>
#include <string.h>

enum op { OP_NEXT, OP_RECALL, OP_START, OP_FINISH, OP_NOSHOW, OP_TRANSFER, OP_CLOSE, OP_CALL };

struct counter_row {
	const struct kconf_counter *cc;
	unsigned services;   /* what it serves now: kiosk.conf's or a supervisor's */
	int64_t current;     /* 0 = none */
	int state;           /* of current */
	int noshows;
	int streak;
};

static int load_row(struct queue *q, struct counter_row *cr)
{
	sqlite3_stmt *st;
	int r = qdb_run(q, "INSERT OR IGNORE INTO counters (id) VALUES (?1)", cr->cc->id, 0, 0);
	if (r < 0)
		return r;
	r = qdb_prepare(q,
			"SELECT COALESCE(c.current, 0), c.streak, COALESCE(t.state, ''),"
			" COALESCE(t.noshows, 0), c.services FROM counters c"
			" LEFT JOIN tickets t ON t.id = c.current WHERE c.id = ?", &st);
	if (r < 0)
		return r;
	sqlite3_bind_int(st, 1, cr->cc->id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *state = (const char *)sqlite3_column_text(st, 2);
		cr->current = sqlite3_column_int64(st, 0);
		cr->streak = sqlite3_column_int(st, 1);
		cr->state = !strcmp(state, "called")  ? QUEUE_CALLED :
			    !strcmp(state, "serving") ? QUEUE_SERVING : -1;
		cr->noshows = sqlite3_column_int(st, 3);
		cr->services = qdb_services_mask(q->cfg, (const char *)sqlite3_column_text(st, 4),
						 cr->cc->services);
		if (cr->state < 0)
			cr->current = 0; /* expired or otherwise closed: not current */
	} else {
		r = qdb_error(q, rc, "load counter");
	}
	qdb_done(q, st);
	return r;
}

static int finish_current(struct queue *q, struct counter_row *cr, int64_t now)
{
	if (!cr->current)
		return K_OK;
	int r = qdb_run(q, "UPDATE tickets SET state = 'done', finished_at = ?2,"
			" started_at = COALESCE(started_at, called_at) WHERE id = ?1",
			cr->current, now, 0);
	return r < 0 ? r : qdb_visit_end(q, cr->current, now, QDB_VISIT_DONE);
}

/* The oldest waiting ticket of one class among the counter's services:
 * one indexed step per service (an IN list would sort every waiting ticket). */
static int head(struct queue *q, unsigned services, int64_t day, int priority,
		struct queue_head *h)
{
	const struct kconf *cfg = q->cfg;
	sqlite3_stmt *st;
	int r = K_OK;

	memset(h, 0, sizeof(*h));
	for (int i = 0; i < cfg->nservices && r == K_OK; i++) {
		if (!(services & (1u << i)))
			continue;
		r = qdb_prepare(q, "SELECT id, queued_at FROM tickets WHERE day = ?1 AND service = ?2"
				   " AND state = 'waiting' AND priority = ?3"
				   " ORDER BY queued_at, id LIMIT 1", &st);
		if (r < 0)
			break;
		sqlite3_bind_int64(st, 1, day);
		sqlite3_bind_text(st, 2, cfg->services[i].code, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 3, priority);
		int rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			int64_t id = sqlite3_column_int64(st, 0), at = sqlite3_column_int64(st, 1);
			if (!h->present || at < h->queued_at || (at == h->queued_at && id < h->id)) {
				h->present = 1;
				h->id = id;
				h->queued_at = at;
			}
		} else if (rc != SQLITE_DONE) {
			r = qdb_error(q, rc, "find next");
		}
		qdb_done(q, st);
	}
	return r;
}

static int call_next(struct queue *q, struct counter_row *cr, int64_t now, int64_t *called)
{
	struct queue_head regular, priority;
	int64_t day = qdb_today(q, now);
	int streak = cr->streak, r;

	r = finish_current(q, cr, now);
	if (r == K_OK)
		r = head(q, cr->services, day, 0, &regular);
	if (r == K_OK)
		r = head(q, cr->services, day, 1, &priority);
	if (r < 0)
		return r;
	int pick = queue_policy_pick(q->cfg, now, &regular, &priority, &streak);
	*called = pick == QUEUE_PICK_NONE ? 0 :
		  pick == QUEUE_PICK_PRIORITY ? priority.id : regular.id;
	if (*called) {
		r = qdb_run(q, "UPDATE tickets SET state = 'called', called_at = ?2, counter = ?3"
			   " WHERE id = ?1", *called, now, cr->cc->id);
		if (r == K_OK)
			r = qdb_visit_open(q, *called, cr->cc->id, now);
		if (r < 0)
			return r;
	}
	r = qdb_run(q, "UPDATE counters SET current = NULLIF(?2, 0), streak = ?3"
		   " WHERE id = ?1", cr->cc->id, *called, streak);
	if (r == K_OK)
		r = qdb_run(q, "UPDATE counters SET is_open = 1, day = ?2 WHERE id = ?1", cr->cc->id,
			day, 0);
	if (r == K_OK && !*called)
		r = K_ERR_EMPTY;
	return r;
}

/* OP_CALL: the ticket staff asked for by number, if it waits today. */
static int call_number(struct queue *q, struct counter_row *cr, const char *number,
		       int64_t now, int64_t *called)
{
	struct queue_ticket t;
	int64_t day = qdb_today(q, now);
	int r = qdb_find_by(q, "SELECT id FROM tickets WHERE number = ?1 AND day = ?2", number,
			    day, &t);
	if (r < 0)
		return r;
	if (t.state != QUEUE_WAITING)
		return K_ERR_STATE;
	r = finish_current(q, cr, now);
	if (r == K_OK)
		r = qdb_run(q, "UPDATE tickets SET state = 'called', called_at = ?2, counter = ?3"
			   " WHERE id = ?1", t.id, now, cr->cc->id);
	if (r == K_OK)
		r = qdb_visit_open(q, t.id, cr->cc->id, now);
	if (r == K_OK)
		r = qdb_run(q, "UPDATE counters SET current = ?2, is_open = 1, day = ?3 WHERE id = ?1",
			cr->cc->id, t.id, day);
	*called = t.id;
	return r;
}

static int noshow(struct queue *q, struct counter_row *cr, int64_t now)
{
	int r = qdb_visit_end(q, cr->current, now, QDB_VISIT_NOSHOW);
	if (r < 0)
		return r;
	if (q->cfg->queue.noshow == KCONF_NOSHOW_REQUEUE && cr->noshows == 0)
		return qdb_run(q, "UPDATE tickets SET state = 'waiting', queued_at = ?2,"
			      " noshows = noshows + 1, counter = NULL, called_at = NULL"
			      " WHERE id = ?1", cr->current, now, 0);
	return qdb_run(q, "UPDATE tickets SET state = 'noshow', noshows = noshows + 1,"
		      " finished_at = ?2 WHERE id = ?1", cr->current, now, 0);
}

static int transfer(struct queue *q, struct counter_row *cr, const char *service, int64_t now)
{
	sqlite3_stmt *st;
	int r = qdb_visit_end(q, cr->current, now, QDB_VISIT_TRANSFERRED);
	if (r == K_OK)
		r = qdb_prepare(q,
			    "UPDATE tickets SET service = ?2, state = 'waiting', queued_at = issued_at,"
			    " counter = NULL, called_at = NULL, started_at = NULL,"
			    " transfers = transfers + 1 WHERE id = ?1 AND service != ?2", &st);
	if (r < 0)
		return r;
	sqlite3_bind_int64(st, 1, cr->current);
	sqlite3_bind_text(st, 2, service, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_DONE)
		r = qdb_error(q, rc, "transfer");
	else if (sqlite3_changes(q->kdb.db) == 0)
		r = K_ERR_INVALID; /* already in that service */
	qdb_done(q, st);
	return r;
}

static int apply(struct queue *q, struct counter_row *cr, enum op op, const char *service,
		 int64_t now, int64_t *ticket)
{
	int r;
	int need_called = op == OP_RECALL || op == OP_START || op == OP_NOSHOW;
	int need_any = op == OP_FINISH || op == OP_TRANSFER;

	*ticket = cr->current;
	if ((need_called && (!cr->current || cr->state != QUEUE_CALLED)) ||
	    (need_any && !cr->current))
		return K_ERR_STATE;

	switch (op) {
	case OP_NEXT:
		return call_next(q, cr, now, ticket);
	case OP_CALL:
		return call_number(q, cr, service, now, ticket);
	case OP_RECALL:
		return qdb_run(q, "UPDATE tickets SET recalls = recalls + 1 WHERE id = ?1",
			   cr->current, 0, 0);
	case OP_START:
		r = qdb_run(q, "UPDATE tickets SET state = 'serving', started_at = ?2 WHERE id = ?1",
			    cr->current, now, 0);
		return r < 0 ? r : qdb_visit_start(q, cr->current, now);
	case OP_FINISH:
		r = finish_current(q, cr, now);
		break;
	case OP_NOSHOW:
		r = noshow(q, cr, now);
		break;
	case OP_TRANSFER:
		r = transfer(q, cr, service, now);
		break;
	case OP_CLOSE:
		r = finish_current(q, cr, now);
		if (r == K_OK)
			r = qdb_run(q, "UPDATE counters SET is_open = 0, streak = 0 WHERE id = ?1",
				cr->cc->id, 0, 0);
		break;
	default:
		return K_ERR_INVALID;
	}
	if (r == K_OK)
		r = qdb_run(q, "UPDATE counters SET current = NULL WHERE id = ?1", cr->cc->id, 0, 0);
	return r;
}

static int counter_op(struct queue *q, int counter, enum op op, const char *service,
		      struct queue_ticket *out)
{
	struct counter_row cr = { 0 };
	int64_t now = kclock_now(q->clock), ticket = 0;
	int r;

	cr.cc = kconf_counter(q->cfg, counter);
	if (!cr.cc)
		return K_ERR_NOT_FOUND;
	if (op == OP_TRANSFER) {
		int enabled = 0;
		r = queue_service_enabled(q, service, &enabled);
		if (r < 0)
			return r;
		if (!enabled)
			return K_ERR_DISABLED;
	}
	r = qdb_begin(q);
	if (r < 0)
		return r;
	r = qdb_rollover(q, now);
	if (r == K_OK)
		r = load_row(q, &cr);
	if (r == K_OK)
		r = apply(q, &cr, op, service, now, &ticket);
	if (r == K_OK) {
		static const char *const kinds[] = {
			[OP_NEXT] = "called", [OP_RECALL] = "recalled", [OP_START] = "started",
			[OP_FINISH] = "done", [OP_NOSHOW] = "noshow", [OP_TRANSFER] = "transferred",
			[OP_CLOSE] = "closed", [OP_CALL] = "called",
		};
		r = qdb_note(q, kinds[op], op == OP_CLOSE ? 0 : ticket, counter);
	}
	/* read back before COMMIT: once committed, the call is reported done
	 * whatever a later read (out of memory) would say */
	if (r == K_OK && ticket && out)
		r = qdb_load_ticket(q, ticket, out);
	if (r == K_OK || r == K_ERR_EMPTY) {
		int c = qdb_commit(q);
		if (c < 0)
			r = c;
	}
	if (r < 0 && r != K_ERR_EMPTY)
		qdb_rollback(q);
	return r;
}

int queue_call_next(struct queue *q, int counter, struct queue_ticket *out)
{
	return counter_op(q, counter, OP_NEXT, NULL, out);
}

int queue_recall(struct queue *q, int counter, struct queue_ticket *out)
{
	return counter_op(q, counter, OP_RECALL, NULL, out);
}

int queue_start(struct queue *q, int counter, struct queue_ticket *out)
{
	return counter_op(q, counter, OP_START, NULL, out);
}

int queue_finish(struct queue *q, int counter, struct queue_ticket *out)
{
	return counter_op(q, counter, OP_FINISH, NULL, out);
}

int queue_noshow(struct queue *q, int counter, struct queue_ticket *out)
{
	return counter_op(q, counter, OP_NOSHOW, NULL, out);
}

int queue_transfer(struct queue *q, int counter, const char *service,
		   struct queue_ticket *out)
{
	return counter_op(q, counter, OP_TRANSFER, service, out);
}

int queue_call_number(struct queue *q, int counter, const char *number,
		      struct queue_ticket *out)
{
	return counter_op(q, counter, OP_CALL, number, out);
}

int queue_counter_close(struct queue *q, int counter)
{
	return counter_op(q, counter, OP_CLOSE, NULL, NULL);
}
