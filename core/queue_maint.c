/*
 * queue_maint.c - the queue database's daily upkeep: every closed day
 * aggregated for the reports first (core/report.h), then what is purged
 * past [queue] keep_days, table by table (the aggregates past [reports]
 * keep_days), then the WAL checkpoint and optimize (core/db_maint.c).
 *
 * Kept: staff accounts, the current dossier list and its import record,
 * counters, sessions not yet expired (nor idle past [server] staff_idle).
 * The audit trail names staff: it is kept [server] audit_days, whatever
 * keep_days says.  A ticket's booking id is cleared once its day is over
 * (field review §4: the booking backend could tie it to a person), here
 * and at the day's rollover (queue_db.c).  A clock
 * read more than keep_days after the newest ticket counts from that ticket
 * instead (db_maint_anchor): a clock set years ahead purges nothing in use.
 */
#include "queue_private.h"
#include "rating.h"
#include "db_maint.h"
#include "report.h"
#include "kerr.h"

#include <stdio.h>

int queue_maintain(struct queue *q, struct db_maint_report *out)
{
	char audit[120], heads[120], idle[96], cells[96], days[96], ratings[96];
	snprintf(cells, sizeof(cells), "DELETE FROM report_cells WHERE day < ?1 - %d",
		 q->cfg->reports.keep_days);
	snprintf(days, sizeof(days), "DELETE FROM report_days WHERE day < ?1 - %d",
		 q->cfg->reports.keep_days);
	snprintf(ratings, sizeof(ratings), "DELETE FROM ratings WHERE day < ?1 - %d",
		 q->cfg->reports.keep_days);
	/* the ratings' day heads (core/rating.h) are kept as long as the ratings */
	snprintf(audit, sizeof(audit), "DELETE FROM audit WHERE at < ?2 - %d * 86400"
		 " AND action <> 'ratings_head'", q->cfg->server.audit_days);
	snprintf(heads, sizeof(heads), "DELETE FROM audit WHERE at < ?2 - %d * 86400"
		 " AND action = 'ratings_head'", q->cfg->reports.keep_days + 1);
	/* a login not used for [server] staff_idle has ended (server/staff.c) */
	snprintf(idle, sizeof(idle), "DELETE FROM sessions WHERE kind = 'cookie'"
		 " AND used < ?2 - %d", q->cfg->server.staff_idle);
	const char *const purges[] = {
		/* a ticket a counter still shows cannot go: the counter lets it go first */
		"UPDATE counters SET current = NULL, streak = 0"
		"  WHERE current IN (SELECT id FROM tickets WHERE day < ?1 - ?3)",
		"DELETE FROM tickets WHERE day < ?1 - ?3",
		"DELETE FROM visits WHERE day < ?1 - ?3",
		"DELETE FROM refusals WHERE day < ?1 - ?3",
		cells, /* the days' aggregates are kept [reports] keep_days */
		days,
		ratings, /* as are the ratings, with their heads */
		heads,
		/* the booking backend can name the person: the link ends with the day */
		"UPDATE tickets SET booking_id = NULL WHERE booking_id IS NOT NULL AND day < ?1",
		"DELETE FROM events WHERE at < ?2 - ?3 * 86400",
		"DELETE FROM queue_events WHERE at < ?2 - ?3 * 86400",
		"DELETE FROM service_days WHERE day < ?1",
		"DELETE FROM leases WHERE day < ?1 - ?3",
		/* a page opens its ticket until the end of the ticket's day */
		"DELETE FROM ticket_pages WHERE day < ?1",
		"DELETE FROM bookings WHERE slot < ?2 - ?3 * 86400",
		"DELETE FROM cancelled_bookings WHERE at < ?2 - ?3 * 86400",
		"DELETE FROM devices WHERE seen < ?2 - ?3 * 86400", /* a kiosk long gone */
		"DELETE FROM sessions WHERE expires <= ?2",
		idle,
		audit,
	};
	const char *label = sqlite3_db_filename(q->kdb.db, "main");
	int64_t now = kclock_now(q->clock), today = qdb_today(q, now);

	db_maint_anchor(&q->kdb, label, "SELECT MAX(day), MAX(issued_at) FROM tickets",
			q->cfg->queue.keep_days, &today, &now);
	/* every closed day keeps its aggregates before its tickets go */
	int closed = 0, r = report_close_days(&q->kdb, q->cfg, today, &closed);
	if (r < 0)
		return r;
	/* every day over has its ratings' head in the audit log */
	if ((r = qdb_begin(q)) < 0)
		return r;
	if ((r = rating_close_days(&q->kdb, today, now, &closed)) < 0) {
		qdb_rollback(q);
		return r;
	}
	if ((r = qdb_commit(q)) < 0)
		return r;
	return db_maintain(&q->kdb, label, purges, (int)(sizeof(purges) / sizeof(purges[0])), today,
			   now, q->cfg->queue.keep_days, out);
}
