/*
 * dossiers_schema.c - the tables of server/dossiers.c: the imported dossier
 * list (a keyed hash of each receipt code, never the code) and its stamp.
 * Its step of the station database's schema, listed in
 * core/station_schema.c; in kcore, since every program that opens the
 * database migrates it.  An import builds a staging table with the same
 * columns (dossiers.c's store()) and renames it to dossiers.
 */
#include "station_schema.h"

/* 11: the dossier list staff import (server/dossiers.c): a keyed hash of
 * each receipt code, never the code, and no name, phone or ID number */
const char dossiers_schema_v11[] =
	"CREATE TABLE dossiers ("
	"  hash BLOB PRIMARY KEY,"         /* BLAKE2b-256 keyed with [dossiers] secret */
	"  status TEXT NOT NULL,"          /* a [dossier.<STATUS>] code */
	"  note TEXT NOT NULL DEFAULT '',"  /* for the citizen, at most 200 bytes */
	"  date TEXT"                      /* YYYY-MM-DD or NULL */
	") WITHOUT ROWID;"
	"CREATE TABLE dossier_import ("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  at INTEGER NOT NULL,"           /* Unix time of the import */
	"  count INTEGER NOT NULL,"
	"  key_id BLOB NOT NULL"           /* which secret made the hashes */
	");";
