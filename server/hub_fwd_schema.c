/*
 * hub_fwd_schema.c - the table of server/hub_fwd.c: how far the province's
 * hub has acknowledged this station's queue events, days and ratings (one
 * row), and what the last round said.  Its step of the station database's
 * schema, listed in core/station_schema.c.
 */
#include "station_schema.h"

/* 17: the forwarding's cursors, moved only by the hub's answers */
const char hub_fwd_schema_v17[] =
	"CREATE TABLE hub_progress ("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  events INTEGER NOT NULL DEFAULT 0,"   /* queue_events.seq the hub has */
	"  ratings INTEGER NOT NULL DEFAULT 0,"  /* ratings.id the hub has */
	"  day_made INTEGER NOT NULL DEFAULT 0," /* the last day acked: its made_at, */
	"  day INTEGER NOT NULL DEFAULT -1,"     /* and its day (report_days) */
	"  acked_at INTEGER NOT NULL DEFAULT 0," /* the station's clock */
	"  tried_at INTEGER NOT NULL DEFAULT 0,"
	"  error TEXT NOT NULL DEFAULT ''"       /* the last round's failure; '' = none */
	");";
