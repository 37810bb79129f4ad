/*
 * queue_page.c - the queue as one ticket's public page sees it: which
 * ticket a token's hash opens, and that ticket's state, people ahead and
 * estimated wait (queue.h; the page and its token: docs/public.md).
 * The hash is the key of the look-up: how long it takes says nothing
 * about any token.
 */
#include "queue_private.h"
#include "kerr.h"

#include <string.h>

int queue_page_attach(struct queue *q, const uint8_t hash[32], int64_t ticket, int64_t day)
{
	sqlite3_stmt *st;
	int r = qdb_prepare(q, "INSERT OR REPLACE INTO ticket_pages (hash, ticket, day)"
			       " VALUES (?1, ?2, ?3)", &st);
	if (r < 0)
		return r;
	sqlite3_bind_blob(st, 1, hash, 32, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, ticket);
	sqlite3_bind_int64(st, 3, day);
	return qdb_step_done(q, st, "attach page");
}

int queue_page_find(struct queue *q, const uint8_t hash[32], struct queue_page *out)
{
	sqlite3_stmt *st;
	int64_t id = 0, queued_at = 0;
	int r = qdb_prepare(q, "SELECT p.ticket, t.queued_at,"
			       " EXISTS (SELECT 1 FROM ratings WHERE ticket = p.ticket)"
			       " FROM ticket_pages p JOIN tickets t ON t.id = p.ticket"
			       " WHERE p.hash = ?1 AND p.day = ?2 AND t.day = ?2", &st);
	if (r < 0)
		return r;
	memset(out, 0, sizeof(*out));
	sqlite3_bind_blob(st, 1, hash, 32, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, qdb_today(q, kclock_now(q->clock)));
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		queued_at = sqlite3_column_int64(st, 1);
		out->rated = sqlite3_column_int(st, 2);
	} else {
		r = rc == SQLITE_DONE ? K_ERR_NOT_FOUND : qdb_error(q, rc, "find page");
	}
	qdb_done(q, st);
	if (r == K_OK)
		r = qdb_load_ticket(q, id, &out->t);
	if (r == K_OK && out->t.state == QUEUE_WAITING)
		r = qdb_estimate(q, &out->t, queued_at);
	return r;
}
