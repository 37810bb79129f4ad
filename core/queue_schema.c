/*
 * queue_schema.c - the queue's tables: tickets and counters, the devices'
 * reports, the changes screens and kiosks follow, the kiosks' leases,
 * cancelled bookings, counters' services.  Its steps of the station
 * database's schema, listed in core/station_schema.c (queue_db.c runs the
 * list when it opens the file).
 */
#include "station_schema.h"

/* 1: tickets and counters */
const char queue_schema_v1[] =
	"CREATE TABLE counters ("
	"  id INTEGER PRIMARY KEY CHECK (id BETWEEN 1 AND 99),"
	"  is_open INTEGER NOT NULL DEFAULT 0,"
	"  day INTEGER NOT NULL DEFAULT 0,"  /* is_open holds on this day only */
	"  current INTEGER REFERENCES tickets(id),"
	"  streak INTEGER NOT NULL DEFAULT 0"
	");"
	"CREATE TABLE tickets ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  day INTEGER NOT NULL,"
	"  issue_service TEXT NOT NULL,"
	"  seq INTEGER NOT NULL CHECK (seq > 0),"
	"  number TEXT NOT NULL,"
	"  service TEXT NOT NULL,"
	"  priority INTEGER NOT NULL CHECK (priority IN (0, 1)),"
	"  source TEXT NOT NULL CHECK (source IN ('walkin', 'booking', 'staff')),"
	"  booking_id TEXT,"
	"  state TEXT NOT NULL DEFAULT 'waiting' CHECK (state IN"
	"    ('waiting', 'called', 'serving', 'done', 'noshow', 'expired')),"
	"  issued_at INTEGER NOT NULL,"
	"  queued_at INTEGER NOT NULL,"
	"  called_at INTEGER,"
	"  started_at INTEGER,"
	"  finished_at INTEGER,"
	"  counter INTEGER REFERENCES counters(id),"
	"  recalls INTEGER NOT NULL DEFAULT 0,"
	"  noshows INTEGER NOT NULL DEFAULT 0,"
	"  transfers INTEGER NOT NULL DEFAULT 0,"
	"  UNIQUE (day, issue_service, seq),"
	"  UNIQUE (day, number)"
	");"
	"CREATE UNIQUE INDEX tickets_booking ON tickets (booking_id)"
	"  WHERE booking_id IS NOT NULL;"
	"CREATE INDEX tickets_queue ON tickets (state, service, priority, queued_at);"
	"CREATE INDEX tickets_done ON tickets (service, day, finished_at)"
	"  WHERE state = 'done';";

/* 2: what staff should know about the devices (printer out of paper ...) */
const char queue_schema_v2[] =
	"CREATE TABLE events ("
	"  id INTEGER PRIMARY KEY,"
	"  at INTEGER NOT NULL,"
	"  source TEXT NOT NULL,"  /* "printer", "kiosk" */
	"  kind TEXT NOT NULL,"    /* "PAPER_OUT", "PRINTED_AGAIN" ... */
	"  detail TEXT NOT NULL DEFAULT ''"
	");"
	"CREATE INDEX events_at ON events (at);";

/* 3: the kiosk's own id of a ticket, so a request sent twice issues once */
const char queue_schema_v3[] =
	"ALTER TABLE tickets ADD COLUMN client_ref TEXT;"
	"CREATE UNIQUE INDEX tickets_client_ref ON tickets (client_ref)"
	"  WHERE client_ref IS NOT NULL;";

/* 4: every change to the queue, numbered, for screens and kiosks to follow */
const char queue_schema_v4[] =
	"CREATE TABLE queue_events ("
	"  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  at INTEGER NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  ticket INTEGER,"
	"  counter INTEGER"
	");"
	/* a day's status per service from the index alone, and each service's
	 * oldest waiting ticket in one step (rowid breaks ties) */
	"CREATE INDEX tickets_day ON tickets (day, service, state, priority, queued_at);";

/* 6: blocks of numbers a kiosk may issue while it cannot reach the server */
const char queue_schema_v6[] =
	"CREATE TABLE leases ("
	"  id INTEGER PRIMARY KEY,"
	"  day INTEGER NOT NULL,"
	"  service TEXT NOT NULL,"
	"  holder TEXT NOT NULL,"
	"  first INTEGER NOT NULL,"
	"  last INTEGER NOT NULL CHECK (last >= first)"
	");"
	"CREATE INDEX leases_day ON leases (day, service);";

/* 8: bookings the station cancelled: refused at check-in */
const char queue_schema_v8[] =
	"CREATE TABLE cancelled_bookings ("
	"  booking TEXT PRIMARY KEY,"
	"  at INTEGER NOT NULL"
	");";

/* 10: the staff console: a supervisor's changes to counters and
 * to today's services, what kiosks report of their printers, and a
 * change's subject when it is not a ticket (staff_schema_v10: roles and
 * idle sessions) */
const char queue_schema_v10[] =
	"ALTER TABLE counters ADD COLUMN services TEXT;" /* NULL = kiosk.conf's */
	"CREATE TABLE service_days ("
	"  day INTEGER NOT NULL,"
	"  service TEXT NOT NULL,"
	"  enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),"
	"  PRIMARY KEY (day, service)"
	");"
	"CREATE TABLE devices ("
	"  name TEXT PRIMARY KEY,"        /* a kiosk's [server] kiosk.<NAME> */
	"  seen INTEGER NOT NULL,"
	"  printer TEXT NOT NULL,"
	"  detail TEXT NOT NULL DEFAULT '',"
	"  pending INTEGER NOT NULL DEFAULT 0"
	");"
	"ALTER TABLE queue_events ADD COLUMN subject TEXT;";

/* 12: what kiosks report of their scanner too (ok, unplugged, none) */
const char queue_schema_v12[] =
	"ALTER TABLE devices ADD COLUMN scanner TEXT NOT NULL DEFAULT 'none';";

/* 13: what the reports need that a ticket's row forgets (core/report.h).
 * visits: each call of a ticket to a counter until it ends there (served,
 * transferred on, no-show, or still open when the day closed), with who
 * was at the counter (counters.staff: the account that last worked it);
 * a ticket's booked slot (kept when its booking id is cleared) and whether
 * a kiosk issued it offline; the refusals the server answered (kept as
 * long as the reports, [reports] keep_days: counts, nothing else). */
const char queue_schema_v13[] =
	"CREATE TABLE visits ("
	"  id INTEGER PRIMARY KEY,"
	"  ticket INTEGER NOT NULL,"
	"  day INTEGER NOT NULL,"
	"  service TEXT NOT NULL,"
	"  counter INTEGER NOT NULL,"
	"  staff TEXT,"
	"  called_at INTEGER NOT NULL,"
	"  started_at INTEGER,"
	"  ended_at INTEGER,"
	"  outcome TEXT CHECK (outcome IN ('done', 'transferred', 'noshow', 'expired'))"
	");"
	"CREATE INDEX visits_day ON visits (day);"
	"CREATE INDEX visits_ticket ON visits (ticket);"
	"ALTER TABLE counters ADD COLUMN staff TEXT;"
	"ALTER TABLE tickets ADD COLUMN booked_slot INTEGER;"
	"ALTER TABLE tickets ADD COLUMN booked_end INTEGER;"
	"ALTER TABLE tickets ADD COLUMN offline INTEGER NOT NULL DEFAULT 0;"
	"CREATE TABLE refusals ("
	"  day INTEGER NOT NULL,"
	"  service TEXT NOT NULL,"
	"  hour INTEGER NOT NULL,"
	"  reason TEXT NOT NULL CHECK (reason IN ('closed', 'cap', 'disabled')),"
	"  n INTEGER NOT NULL,"
	"  PRIMARY KEY (day, service, hour, reason)"
	");";

/* 16: the day's last calls (GET /api/v1/queue's recent_calls, the boards)
 * from the index's end, not from a scan of the whole day's tickets */
const char queue_schema_v16[] =
	"CREATE INDEX tickets_called ON tickets (day, called_at)"
	"  WHERE called_at IS NOT NULL;";
