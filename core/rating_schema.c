/*
 * rating_schema.c - the table of core/rating.h: the citizens' ratings, one
 * row per rated ticket, each chained to the row before it by a BLAKE2b hash
 * (docs/rating.md).  A row names a ticket by its id and its queue number, a
 * service, a counter and the staff account that served: nothing about the
 * citizen.  Kept [reports] keep_days.  Its step of the station database's
 * schema, listed in core/station_schema.c.
 */
#include "station_schema.h"

/* 14: the ratings */
const char rating_schema_v14[] =
	"CREATE TABLE ratings ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT," /* the chain's order: consecutive */
	"  day INTEGER NOT NULL,"
	"  ticket INTEGER NOT NULL UNIQUE,"       /* one rating per ticket */
	"  number TEXT NOT NULL,"
	"  service TEXT NOT NULL,"
	"  counter INTEGER NOT NULL,"
	"  staff TEXT NOT NULL DEFAULT '',"
	"  level INTEGER NOT NULL CHECK (level BETWEEN 1 AND scale),"
	"  scale INTEGER NOT NULL CHECK (scale BETWEEN 2 AND 5),"
	"  reason INTEGER NOT NULL DEFAULT 0,"    /* 1.. = [rating] reasons, 0 = none */
	"  wait INTEGER,"                         /* seconds to the first call; NULL unknown */
	"  at INTEGER NOT NULL,"
	"  channel TEXT NOT NULL CHECK (channel IN ('counter', 'phone')),"
	"  prev BLOB NOT NULL,"                   /* the row before's hash; zeros first */
	"  hash BLOB NOT NULL"                    /* BLAKE2b-256 of this row and prev */
	");"
	"CREATE INDEX ratings_day ON ratings (day);";
