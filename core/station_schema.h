/*
 * station_schema.h - the station database's schema: every module's steps,
 * and the one ordered list of them (core/station_schema.c).
 *
 * One sqlite file holds the queue (core/queue_*.c) and the station server's
 * staff, bookings and dossiers (server/).  Each module declares the steps
 * that make its own tables, in its own file: core/queue_schema.c,
 * server/staff_schema.c, server/bookings_schema.c,
 * server/dossiers_schema.c, core/report_schema.c, core/rating_schema.c,
 * core/page_schema.c.  Every program that opens the file (the server,
 * the kiosk, kioskctl) brings it to the same version through queue_open(),
 * so all of them are in kcore.
 */
#ifndef STATION_SCHEMA_H
#define STATION_SCHEMA_H

#include "kdb.h"

/* core/queue_schema.c: tickets, counters, events, changes, leases ... */
extern const char queue_schema_v1[], queue_schema_v2[], queue_schema_v3[], queue_schema_v4[],
	queue_schema_v6[], queue_schema_v8[], queue_schema_v10[], queue_schema_v12[],
	queue_schema_v13[], queue_schema_v16[];
/* server/staff_schema.c: accounts, sessions and tokens, the audit log */
extern const char staff_schema_v5[], staff_schema_v7[], staff_schema_v10[];
/* server/bookings_schema.c: the bookings the server made */
extern const char bookings_schema_v9[], bookings_schema_v13[];
/* server/dossiers_schema.c: the imported dossier list */
extern const char dossiers_schema_v11[];

/* core/report_schema.c: the days' aggregates the reports keep */
extern const char report_schema_v13[];

/* core/rating_schema.c: the citizens' ratings, chained */
extern const char rating_schema_v14[];

/* core/page_schema.c: the tickets' public pages, by a hash of their token */
extern const char page_schema_v15[];

/* server/hub_fwd_schema.c: how far the province's hub has what this station sent */
extern const char hub_fwd_schema_v17[];

/* The steps in order (kdb_migrate()), and how many. */
extern const struct kdb_step station_schema[];
extern const int station_schema_steps;

#endif
