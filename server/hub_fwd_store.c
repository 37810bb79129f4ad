/*
 * hub_fwd_store.c - the forwarder's cursors: the one row of hub_progress
 * (server/hub_fwd_schema.c), read at each round and written after each
 * answer of the hub (hub_fwd.h).
 */
#include "hub_fwd_private.h"

#include "kerr.h"

#include <stdio.h>
#include <string.h>

int hub_cursor_load(struct kdb *k, struct hub_cursor *c)
{
	sqlite3_stmt *st;
	int rc, r = kdb_prepare(k, "SELECT events, ratings, day_made, day, acked_at, tried_at,"
				   " error FROM hub_progress WHERE id = 1", &st);
	memset(c, 0, sizeof(*c));
	c->day = -1;
	if (r < 0)
		return r;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		int64_t *v[] = { &c->events, &c->ratings, &c->day_made, &c->day, &c->acked_at,
				 &c->tried_at };
		for (int i = 0; i < 6; i++)
			*v[i] = sqlite3_column_int64(st, i);
		snprintf(c->error, sizeof(c->error), "%s", sqlite3_column_text(st, 6));
	} else if (rc != SQLITE_DONE) {
		r = kdb_error(k, rc, "hub progress");
	}
	kdb_done(k, st);
	return r;
}

int hub_cursor_save(struct kdb *k, const struct hub_cursor *c)
{
	sqlite3_stmt *st;
	int r = kdb_prepare_bind(k, &st,
		"INSERT OR REPLACE INTO hub_progress (id, events, ratings, day_made, day, acked_at,"
		" tried_at, error) VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7)", "iiiiiit", c->events,
		c->ratings, c->day_made, c->day, c->acked_at, c->tried_at, c->error);
	return r < 0 ? r : kdb_step_done(k, st, "hub progress");
}
