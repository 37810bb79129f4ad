/*
 * station_schema.c - the one ordered list of the station database's
 * migration steps (see station_schema.h).
 *
 * The versions are those the releases wrote (PRAGMA user_version 1-17): a
 * new step goes at the end with the next version, and a step once
 * released is never changed, so a database made by any release migrates
 * unchanged (tests/test_schema_upgrade.c compares one against a fresh
 * database).  Version 10 has two steps, the queue's and the staff's, run in
 * this order in one transaction.
 */
#include "station_schema.h"

const struct kdb_step station_schema[] = {
	{ 1, "queue", queue_schema_v1 },
	{ 2, "queue", queue_schema_v2 },
	{ 3, "queue", queue_schema_v3 },
	{ 4, "queue", queue_schema_v4 },
	{ 5, "staff", staff_schema_v5 },
	{ 6, "queue", queue_schema_v6 },
	{ 7, "staff", staff_schema_v7 },
	{ 8, "queue", queue_schema_v8 },
	{ 9, "bookings", bookings_schema_v9 },
	{ 10, "queue", queue_schema_v10 },
	{ 10, "staff", staff_schema_v10 },
	{ 11, "dossiers", dossiers_schema_v11 },
	{ 12, "queue", queue_schema_v12 },
	{ 13, "queue", queue_schema_v13 },
	{ 13, "bookings", bookings_schema_v13 },
	{ 13, "reports", report_schema_v13 },
	{ 14, "ratings", rating_schema_v14 },
	{ 15, "pages", page_schema_v15 },
	{ 16, "queue", queue_schema_v16 },
	{ 17, "hub", hub_fwd_schema_v17 },
};

const int station_schema_steps = (int)(sizeof(station_schema) / sizeof(station_schema[0]));
