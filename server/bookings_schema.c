/*
 * bookings_schema.c - the table of server/bookings.c: the bookings the
 * station server made, with no name and no phone.  Its step of the station
 * database's schema, listed in core/station_schema.c; in kcore, since every
 * program that opens the database migrates it.
 */
#include "station_schema.h"

/* 9: bookings the station server made (server/bookings.c): no names, no phones */
const char bookings_schema_v9[] =
	"CREATE TABLE bookings ("
	"  id TEXT PRIMARY KEY,"
	"  service TEXT NOT NULL,"
	"  slot INTEGER NOT NULL,"        /* Unix time of the slot's start */
	"  minutes INTEGER NOT NULL,"
	"  made_by TEXT NOT NULL,"        /* the booking backend's token name */
	"  made_at INTEGER NOT NULL,"
	"  cancelled_at INTEGER"
	");"
	"CREATE INDEX bookings_slot ON bookings (service, slot);";

/* 13: when a booking was checked in (a booking never checked in by the end
 * of its slot's day is a no-show in the reports, core/report.h) */
const char bookings_schema_v13[] =
	"ALTER TABLE bookings ADD COLUMN checked_in INTEGER;";
