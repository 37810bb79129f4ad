/*
 * hub_days.h - the days and ratings parts of POST /api/v1/ingest: a
 * station's closed days as its reports aggregated them (replaced whole per
 * station and day) and its ratings with their hash chain.
 */
#ifndef HUB_DAYS_H
#define HUB_DAYS_H

#include <jansson.h>

#include "hub_db.h"

/* Check the request's "days" and "ratings" (either may be NULL).  New
 * checked arrays in *days and *ratings, or K_ERR_INVALID with msg. */
int hub_days_check(const json_t *days_in, const json_t *ratings_in, json_t **days,
		   json_t **ratings, char *msg, size_t len);

/*
 * Inside the request's transaction: replace each day of station, store the
 * ratings not stored yet (their chain checked against the rows before
 * them).  stored: the days written are appended to it.  0; K_ERR_DB (db's
 * failure); K_ERR_INVALID with msg (a broken chain).
 */
int hub_days_store(struct hub_db *db, const char *station, const json_t *days,
		   const json_t *ratings, json_t *stored, char *msg, size_t len);

#endif
