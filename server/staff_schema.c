/*
 * staff_schema.c - the tables of server/staff.c: staff accounts, their
 * login sessions and API tokens, and what they did.  Its steps of the
 * station database's schema, listed in core/station_schema.c; in kcore,
 * since every program that opens the database migrates it.
 */
#include "station_schema.h"

/* 5: staff accounts, their sessions, and what they did (server/staff.c) */
const char staff_schema_v5[] =
	"CREATE TABLE staff ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE,"
	"  hash TEXT NOT NULL,"           /* Argon2id, crypto_pwhash_str */
	"  failures INTEGER NOT NULL DEFAULT 0,"
	"  locked_until INTEGER NOT NULL DEFAULT 0"
	");"
	"CREATE TABLE sessions ("
	"  digest BLOB PRIMARY KEY,"      /* BLAKE2b of the cookie: the cookie is not stored */
	"  staff INTEGER NOT NULL REFERENCES staff(id) ON DELETE CASCADE,"
	"  expires INTEGER NOT NULL"
	");"
	"CREATE TABLE audit ("
	"  id INTEGER PRIMARY KEY,"
	"  at INTEGER NOT NULL,"
	"  who TEXT NOT NULL,"
	"  action TEXT NOT NULL,"
	"  detail TEXT NOT NULL DEFAULT ''"
	");";

/* 7: a staff member's personal API tokens live beside the login sessions */
const char staff_schema_v7[] =
	"ALTER TABLE sessions ADD COLUMN kind TEXT NOT NULL DEFAULT 'cookie'"
	"  CHECK (kind IN ('cookie', 'token'));";

/* 10: the staff console (issue 7): roles, and idle sessions (with
 * queue_schema_v10) */
const char staff_schema_v10[] =
	"ALTER TABLE staff ADD COLUMN role TEXT NOT NULL DEFAULT 'staff'"
	"  CHECK (role IN ('staff', 'supervisor'));"
	"ALTER TABLE sessions ADD COLUMN used INTEGER NOT NULL DEFAULT 0;";
