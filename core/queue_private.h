/*
 * queue_private.h - what the queue_*.c files share; not for other parts.
 */
#ifndef QUEUE_PRIVATE_H
#define QUEUE_PRIVATE_H

#include <sqlite3.h>

#include "kdb.h"
#include "queue.h"

struct queue {
	struct kdb kdb;      /* the connection, its statements kept (kdb.h) */
	const struct kconf *cfg;
	const struct kclock *clock;
	int64_t rolled_day;  /* the day this connection last closed yesterday for */
	int64_t rolling_day; /* rolled over in the open transaction, not committed */
	const struct kdisk *disk; /* queue_watch_disk(); NULL = not watched */
	/* in a batch (queue_batch_begin()): the ticket issued last in it, and
	 * the people ahead of it (queue.c, issue_estimate()); id 0 = none */
	struct qdb_last_issue {
		int64_t id, day, queued_at, ahead;
		int priority;
		char service[9];
	} last_issue;
};

/* The queue's statements go through kdb.h; these name its connection. */
static inline int qdb_error(struct queue *q, int rc, const char *what)
{
	return kdb_error(&q->kdb, rc, what);
}

static inline int qdb_prepare(struct queue *q, const char *sql, sqlite3_stmt **st)
{
	return kdb_prepare(&q->kdb, sql, st);
}

static inline void qdb_done(struct queue *q, sqlite3_stmt *st)
{
	kdb_done(&q->kdb, st);
}

static inline int qdb_step_done(struct queue *q, sqlite3_stmt *st, const char *what)
{
	return kdb_step_done(&q->kdb, st, what);
}

/* Run sql with up to three integer parameters (?1..?3); expects no rows. */
int qdb_run(struct queue *q, const char *sql, int64_t a, int64_t b, int64_t c);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK (kdb_begin() ..., and the day rolled
 * over in the transaction holds once it commits). */
static inline int qdb_begin(struct queue *q)
{
	return kdb_begin(&q->kdb);
}
int qdb_commit(struct queue *q);
void qdb_rollback(struct queue *q);

/* Close yesterday's open tickets and purge history past keep_days, once a
 * day per connection (it is idempotent, so every process may do it).
 * Call inside a write transaction. */
int qdb_rollover(struct queue *q, int64_t now);

/* Note a change for queue_changes(), inside the change's transaction.
 * kind: issued, called, recalled, started, done, noshow, transferred, closed;
 * rated (ticket 0: the change names the counter only). */
int qdb_note(struct queue *q, const char *kind, int64_t ticket, int counter);
/* The same for a change whose subject is not a ticket: kind "service" (its
 * code), "counter", "device" (the kiosk's name). */
int qdb_note_subject(struct queue *q, const char *kind, int64_t ticket, int counter,
		     const char *subject);

/* queue_visit.c: a ticket's visits to counters (inside the action's
 * transaction): opened by a call, marked by start, ended by finish,
 * transfer or no-show. */
enum qdb_visit_end { QDB_VISIT_DONE, QDB_VISIT_TRANSFERRED, QDB_VISIT_NOSHOW };
int qdb_visit_open(struct queue *q, int64_t ticket, int counter, int64_t now);
int qdb_visit_start(struct queue *q, int64_t ticket, int64_t now);
int qdb_visit_end(struct queue *q, int64_t ticket, int64_t now, enum qdb_visit_end how);

/* queue_admin.c: a comma-separated list of service codes as a mask (bit i =
 * kconf services[i]); NULL = fallback. */
unsigned qdb_services_mask(const struct kconf *cfg, const char *list, unsigned fallback);

/* Read one ticket row by id into out. */
int qdb_load_ticket(struct queue *q, int64_t id, struct queue_ticket *out);

/* Today's day number for now. */
int64_t qdb_today(const struct queue *q, int64_t now);

/* queue.c: the pieces issuing, importing and reading share. */
struct queue_issue_opts;
/* Step a statement returning one integer into *v. */
int qdb_step_int(struct queue *q, sqlite3_stmt *st, int64_t *v, const char *what);
/* People ahead and the wait for ticket t queued at queued_at. */
int qdb_estimate(struct queue *q, struct queue_ticket *t, int64_t queued_at);
/* The same with the people ahead known (ahead >= 0) or counted (-1). */
int qdb_estimate_after(struct queue *q, struct queue_ticket *t, int64_t queued_at,
		       int64_t ahead);
/* The ticket sql finds: its ?1 is value, its ?2 day (if not 0). */
int qdb_find_by(struct queue *q, const char *sql, const char *value, int64_t day,
		struct queue_ticket *out);
/* The numbers the kiosks' bands cover (none: an empty zone above all). */
void qdb_band_zone(const struct kconf *cfg, int64_t *lo, int64_t *hi);
/* The next number of service on day, past every issued and leased one. */
int qdb_next_seq(struct queue *q, const char *service, int64_t day, int64_t *seq);
/* A012: the service's prefix and seq in at least three digits. */
void qdb_number_of(const struct kconf_service *s, int64_t seq, char out[12]);
/* Insert a waiting ticket numbered seq, issued at now. */
int qdb_insert_ticket(struct queue *q, const struct kconf_service *s, int64_t seq,
		      const struct queue_issue_opts *o, int64_t day, int64_t now,
		      struct queue_ticket *t);

/* queue_offline.c: a ticket a kiosk issued offline (its own transaction). */
int qdb_import(struct queue *q, const struct kconf_service *s,
	       const struct queue_issue_opts *o, int64_t now, struct queue_ticket *out);

#endif
