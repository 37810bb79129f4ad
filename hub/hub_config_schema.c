/*
 * hub_config_schema.c - schema step 3 of the hub (listed in hub_schema.c):
 * the configuration fragments of hub_config.c and the dossier shares of
 * hub_dossiers.c.
 */
#include "hub_schema.h"

/* 3: configuration fragments, each signed; the dossier shares (the newest
 * set only: rows of keyed hashes per station, and the set's version) */
const char hub_schema_v3[] =
	"CREATE TABLE configs ("
	"  version SERIAL PRIMARY KEY,"
	"  fragment TEXT NOT NULL,"             /* the INI text as published */
	"  signature TEXT NOT NULL,"            /* base64 Ed25519 over hub_sign()'s message */
	"  at BIGINT NOT NULL"
	");"
	"CREATE TABLE dossier_sets ("
	"  version SERIAL PRIMARY KEY,"
	"  at BIGINT NOT NULL,"
	"  rows INT NOT NULL DEFAULT 0"
	");"
	"CREATE TABLE dossier_rows ("
	"  station TEXT NOT NULL REFERENCES stations(id),"
	"  h TEXT NOT NULL,"                    /* hex keyed hash of the code, the station's key */
	"  status TEXT NOT NULL,"
	"  note TEXT NOT NULL DEFAULT '',"
	"  date TEXT NOT NULL DEFAULT '',"
	"  PRIMARY KEY (station, h)"
	");";
