/*
 * queue_read.c - reading the queue: tickets of a day, recent calls, a
 * ticket by number, the status summary, and all of GET /api/v1/queue in one
 * read transaction (queue_view).  Every figure of today comes from an
 * index (the waiting tickets, a range's count, the newest calls), so a read
 * costs about the same at the day's first ticket and its 12,000th.
 */
#include "queue_private.h"
#include "kerr.h"

#include <stdio.h>
#include <string.h>

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

int queue_find(struct queue *q, const char *number, struct queue_ticket *out)
{
	return qdb_find_by(q, "SELECT id FROM tickets WHERE number = ?1 AND day = ?2", number,
			   qdb_today(q, kclock_now(q->clock)), out);
}

static int status_services(struct queue *q, struct queue_status *out)
{
	const struct kconf *cfg = q->cfg;
	sqlite3_stmt *st;
	/* each figure from its index: the waiting tickets only (tickets_day), the
	 * day's counts as index ranges - never a read of the day's rows */
	int r = qdb_prepare(q,
			    "SELECT (SELECT count(*) FROM tickets WHERE day = ?1 AND service = ?2"
			    "   AND state = 'waiting'),"
			    " (SELECT count(*) FROM tickets WHERE day = ?1 AND service = ?2"
			    "   AND state = 'waiting' AND priority = 1),"
			    " (SELECT count(*) FROM tickets WHERE day = ?1 AND issue_service = ?2),"
			    " (SELECT count(*) FROM tickets WHERE day = ?1 AND service = ?2"
			    "   AND state = 'done'),"
			    " COALESCE((SELECT min(queued_at) FROM tickets WHERE day = ?1"
			    "   AND service = ?2 AND state = 'waiting'), 0),"
			    " (SELECT enabled FROM service_days WHERE day = ?1 AND service = ?2)", &st);
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
		out->services[i].oldest = sqlite3_column_int64(st, 4);
		out->services[i].enabled = sqlite3_column_type(st, 5) == SQLITE_NULL ?
					   cfg->services[i].enabled : sqlite3_column_int(st, 5);
	}
	qdb_done(q, st);
	return r;
}

static int status_counters(struct queue *q, struct queue_status *out)
{
	const struct kconf *cfg = q->cfg;
	sqlite3_stmt *st;
	int r = qdb_prepare(q,
			    "SELECT c.is_open AND c.day = ?2, t.number, t.state, t.service,"
			    " t.called_at, c.services FROM counters c"
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
		out->counters[i].services = cfg->counters[i].services;
		int rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			out->counters[i].open = sqlite3_column_int(st, 0);
			out->counters[i].services = qdb_services_mask(cfg,
				(const char *)sqlite3_column_text(st, 5), cfg->counters[i].services);
			if (sqlite3_column_type(st, 1) != SQLITE_NULL) {
				const char *state = (const char *)sqlite3_column_text(st, 2);
				snprintf(out->counters[i].number, sizeof(out->counters[i].number),
					 "%s", sqlite3_column_text(st, 1));
				snprintf(out->counters[i].service, sizeof(out->counters[i].service),
					 "%s", sqlite3_column_text(st, 3));
				out->counters[i].called_at = sqlite3_column_int64(st, 4);
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

static int recent_calls(struct queue *q, int64_t day, struct queue_ticket *out, int max)
{
	sqlite3_stmt *st;
	int64_t ids[32];
	int n = 0, r;

	if (max > 32)
		max = 32;
	/* tickets_called (schema 16): the newest calls from the index's end */
	r = qdb_prepare(q, "SELECT id FROM tickets WHERE day = ? AND called_at IS NOT NULL"
			   " ORDER BY called_at DESC, id DESC LIMIT ?", &st);
	if (r < 0)
		return r;
	sqlite3_bind_int64(st, 1, day);
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

int queue_recent_calls(struct queue *q, struct queue_ticket *out, int max)
{
	return recent_calls(q, qdb_today(q, kclock_now(q->clock)), out, max);
}

int queue_status(struct queue *q, struct queue_status *out)
{
	int64_t now = kclock_now(q->clock);
	int r;

	memset(out, 0, sizeof(*out));
	out->day = qdb_today(q, now);
	/* A read transaction: both halves see the same moment. */
	r = kdb_exec(&q->kdb, "BEGIN", "begin");
	if (r < 0)
		return r;
	r = status_services(q, out);
	if (r == K_OK)
		r = status_counters(q, out);
	qdb_rollback(q);
	return r;
}

/* The one integer sql answers, into *v. */
static int read_int(struct queue *q, const char *sql, int64_t *v, const char *what)
{
	sqlite3_stmt *st;
	int r = qdb_prepare(q, sql, &st);
	if (r < 0)
		return r;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*v = sqlite3_column_int64(st, 0);
	else
		r = qdb_error(q, rc, what);
	qdb_done(q, st);
	return r;
}

int queue_data_version(struct queue *q, int64_t *version)
{
	return read_int(q, "PRAGMA data_version", version, "data version");
}

int queue_view(struct queue *q, int64_t day, struct queue_view *out)
{
	int r;

	memset(&out->st, 0, sizeof(out->st));
	out->st.day = day;
	out->nrecent = 0;
	/* one read transaction: the version, the newest change and the rest
	 * are the same moment's */
	r = kdb_exec(&q->kdb, "BEGIN", "begin");
	if (r < 0)
		return r;
	r = queue_data_version(q, &out->version);
	if (r == K_OK)
		r = read_int(q, "SELECT COALESCE(MAX(seq), 0) FROM queue_events", &out->last,
			     "newest change");
	if (r == K_OK)
		r = status_services(q, &out->st);
	if (r == K_OK)
		r = status_counters(q, &out->st);
	if (r == K_OK)
		r = recent_calls(q, day, out->recent, QUEUE_VIEW_CALLS);
	if (r >= 0) {
		out->nrecent = r;
		r = K_OK;
	}
	qdb_rollback(q);
	return r;
}
