/*
 * rating.h - the citizens' ratings as a tamper-evident chain.
 *
 * Each row of the ratings table (core/rating_schema.c) carries
 * hash = BLAKE2b-256(prev, the row's fields), prev being the hash of the row
 * before it (32 zero bytes before the first).  A row changed afterwards no
 * longer matches its hash; a row deleted leaves a gap in the ids and a link
 * that does not match; a row inserted by hand matches neither.  Once a day
 * is over, the upkeep writes the day's head (its count, last row and hash)
 * to the audit log and the server's log, so even a chain rewritten from a
 * point on disagrees with what was written before (docs/rating.md).
 *
 * Rows are added by the queue (queue_rate(), core/queue.h), inside its
 * transaction; these functions read and check them.
 */
#ifndef RATING_H
#define RATING_H

#include <stdint.h>

#include "kdb.h"

#define RATING_HASH 32

/* One row as it is hashed. */
struct rating_row {
	int64_t id, day, ticket;
	const char *number, *service, *staff, *channel;
	int64_t counter, level, scale, reason;
	int64_t wait;               /* -1 = unknown (NULL) */
	int64_t at;
	unsigned char prev[RATING_HASH];
};

/* The row's hash. */
void rating_hash(const struct rating_row *r, unsigned char out[RATING_HASH]);

/*
 * The rows after id after_id, in order, at most max: fn(arg, row, its
 * hash) for each (for the province's hub, server/hub_fwd.c); stops at a
 * row without a hash and at fn's error.  How many, or the error.
 */
typedef int rating_export_fn(void *arg, const struct rating_row *r,
			     const unsigned char hash[RATING_HASH]);
int rating_export(struct kdb *db, int64_t after_id, int max, rating_export_fn *fn, void *arg);

/* The hash of the chain's last row (zeros for none) and the id the next row takes. */
int rating_tail(struct kdb *db, unsigned char prev[RATING_HASH], int64_t *next_id);

/* What rating_verify() found. */
struct rating_check {
	int ok;
	int64_t rows;               /* rows walked */
	int64_t first, last;        /* their ids (0 = none) */
	int64_t heads;              /* day heads of the audit log checked */
	int64_t row;                /* !ok: the row named */
	const char *problem;        /* !ok: "changed", "inserted", "deleted", "head" */
	char message[256];          /* !ok: a sentence naming the row */
};

/*
 * Walk the chain from the first row of day from_day on (0 = from the first
 * row kept), and check the day heads the audit log holds for those days.
 * K_OK with out filled (out->ok says whether it holds), or K_ERR_DB.
 */
int rating_verify(struct kdb *db, int64_t from_day, struct rating_check *out);

/*
 * Write the head of every day before `before` that has ratings and no head
 * yet: to the audit log (action "ratings_head") and the log.  Inside the
 * caller's transaction (the daily upkeep's).  *written: how many.
 */
int rating_close_days(struct kdb *db, int64_t before, int64_t now, int *written);

#endif
