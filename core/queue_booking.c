/*
 * queue_booking.c - a verified booking checked in once, and cancellations.
 */
#include "queue_private.h"
#include "booking.h"
#include "kerr.h"

#include <stdio.h>
#include <string.h>

static int is_cancelled(struct queue *q, const char *booking, int64_t *yes)
{
	sqlite3_stmt *st;
	int r = qdb_prepare(q, "SELECT EXISTS (SELECT 1 FROM cancelled_bookings WHERE booking = ?)",
			    &st);
	if (r < 0)
		return r;
	sqlite3_bind_text(st, 1, booking, -1, SQLITE_STATIC);
	r = qdb_step_int(q, st, yes, "cancelled booking");
	qdb_done(q, st);
	return r;
}

int queue_checkin(struct queue *q, const struct booking_token *t, const char *client_ref,
		  struct queue_ticket *out, int *reason)
{
	struct queue_issue_opts o = { .priority = q->cfg->booking.priority,
				      .source = QUEUE_BOOKING, .booking_id = t->booking,
				      .client_ref = client_ref, .booked_slot = t->slot,
				      .booked_end = t->slot + (int64_t)t->minutes * 60 };
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


int queue_booking_find(struct queue *q, const char *id, struct booking_token *out)
{
	sqlite3_stmt *st;
	int r = qdb_prepare(q, "SELECT service, slot, minutes FROM bookings WHERE id = ?", &st);
	if (r < 0)
		return r;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		memset(out, 0, sizeof(*out));
		snprintf(out->station, sizeof(out->station), "%s", q->cfg->station.id);
		snprintf(out->booking, sizeof(out->booking), "%s", id);
		snprintf(out->service, sizeof(out->service), "%s", sqlite3_column_text(st, 0));
		out->slot = sqlite3_column_int64(st, 1);
		out->minutes = sqlite3_column_int(st, 2);
	} else {
		r = rc == SQLITE_DONE ? K_ERR_NOT_FOUND : qdb_error(q, rc, "find booking");
	}
	qdb_done(q, st);
	return r;
}

int queue_checkin_code(struct queue *q, const char *code, const char *client_ref,
		       struct booking_token *t, struct queue_ticket *out, int *reason)
{
	char id[21];
	memset(out, 0, sizeof(*out));
	memset(t, 0, sizeof(*t));
	if (booking_code_norm(code, id) < 0) {
		*reason = BOOKING_NOT_FOUND;
		return K_OK;
	}
	int r = queue_booking_find(q, id, t);
	if (r == K_ERR_NOT_FOUND) {
		*reason = BOOKING_NOT_FOUND;
		return K_OK;
	}
	if (r < 0)
		return r;
	*reason = booking_check(q->cfg, t, kclock_now(q->clock));
	if (*reason != BOOKING_OK)
		return K_OK;
	return queue_checkin(q, t, client_ref, out, reason);
}
