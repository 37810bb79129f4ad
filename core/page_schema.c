/*
 * page_schema.c - the table of core/queue_page.c: which ticket each page
 * token opens (docs/public.md).  Only a hash of the token is kept, so the
 * database does not hold what opens a page; a row lives as long as its
 * ticket's day (the page ends with it).  Its step of the station
 * database's schema, listed in core/station_schema.c.
 */
#include "station_schema.h"

/* 15: the tickets' public pages */
const char page_schema_v15[] =
	"CREATE TABLE ticket_pages ("
	"  hash BLOB PRIMARY KEY,"               /* BLAKE2b-256 of the token (ticket_page.h) */
	"  ticket INTEGER NOT NULL,"
	"  day INTEGER NOT NULL"
	") WITHOUT ROWID;"
	"CREATE INDEX ticket_pages_day ON ticket_pages (day);";
