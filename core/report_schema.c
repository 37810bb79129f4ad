/*
 * report_schema.c - the tables of core/report.c: each closed day's
 * aggregates, kept [reports] keep_days (5 years by default) after the
 * tickets are gone.  No number, no booking id, nothing about a person: a
 * cell counts the tickets (or visits) of one service, hour, source,
 * counter and staff account of a day, with their waits (or service times)
 * as a sorted list of seconds.  Its step of the station database's schema,
 * listed in core/station_schema.c.
 */
#include "station_schema.h"

/* 13: the days' aggregates */
const char report_schema_v13[] =
	"CREATE TABLE report_days ("
	"  day INTEGER PRIMARY KEY,"
	"  tickets INTEGER NOT NULL,"       /* tickets of the day when aggregated */
	"  made_at INTEGER NOT NULL,"
	"  printer_faults INTEGER NOT NULL DEFAULT 0"
	");"
	"CREATE TABLE report_cells ("
	"  day INTEGER NOT NULL REFERENCES report_days(day) ON DELETE CASCADE,"
	"  kind TEXT NOT NULL CHECK (kind IN ('ticket', 'visit', 'booking', 'refusal')),"
	"  service TEXT NOT NULL,"
	"  hour INTEGER NOT NULL CHECK (hour BETWEEN 0 AND 23),"
	"  source TEXT NOT NULL,"
	"  counter INTEGER NOT NULL,"
	"  staff TEXT NOT NULL,"
	"  n INTEGER NOT NULL,"             /* tickets, visits, or bookings not checked in */
	"  served INTEGER NOT NULL DEFAULT 0,"
	"  noshow INTEGER NOT NULL DEFAULT 0,"
	"  transferred INTEGER NOT NULL DEFAULT 0,"
	"  waiting INTEGER NOT NULL DEFAULT 0,"
	"  unfinished INTEGER NOT NULL DEFAULT 0,"
	"  priority INTEGER NOT NULL DEFAULT 0,"
	"  offline INTEGER NOT NULL DEFAULT 0,"
	"  bk_on_time INTEGER NOT NULL DEFAULT 0,"
	"  bk_early INTEGER NOT NULL DEFAULT 0,"
	"  bk_late INTEGER NOT NULL DEFAULT 0,"
	"  times BLOB"                      /* sorted int32 seconds, little-endian */
	");"
	"CREATE INDEX report_cells_day ON report_cells (day);";
