/*
 * queue_visit.c - a ticket's visits to counters, for the reports
 * (core/report.h): each call opens one, with the counter, the service the
 * ticket is in and the staff account at the counter; start marks it; it
 * ends served, transferred on, no-show, or expired with its day.  A recall
 * is the same visit.  Called inside the counter action's transaction.
 */
#include "queue_private.h"

int qdb_visit_open(struct queue *q, int64_t ticket, int counter, int64_t now)
{
	return qdb_run(q, "INSERT INTO visits (ticket, day, service, counter, staff, called_at)"
		      " SELECT id, day, service, ?2, (SELECT staff FROM counters WHERE id = ?2), ?3"
		      " FROM tickets WHERE id = ?1", ticket, counter, now);
}

int qdb_visit_start(struct queue *q, int64_t ticket, int64_t now)
{
	return qdb_run(q, "UPDATE visits SET started_at = ?2 WHERE ticket = ?1 AND ended_at IS NULL",
		       ticket, now, 0);
}

int qdb_visit_end(struct queue *q, int64_t ticket, int64_t now, enum qdb_visit_end how)
{
	static const char *const sql[] = {
		[QDB_VISIT_DONE] = "UPDATE visits SET ended_at = ?2, outcome = 'done'"
				   " WHERE ticket = ?1 AND ended_at IS NULL",
		[QDB_VISIT_TRANSFERRED] = "UPDATE visits SET ended_at = ?2, outcome = 'transferred'"
					  " WHERE ticket = ?1 AND ended_at IS NULL",
		[QDB_VISIT_NOSHOW] = "UPDATE visits SET ended_at = ?2, outcome = 'noshow'"
				     " WHERE ticket = ?1 AND ended_at IS NULL",
	};
	return qdb_run(q, sql[how], ticket, now, 0);
}
