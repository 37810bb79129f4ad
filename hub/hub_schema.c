/*
 * hub_schema.c - the hub's schema: the list of its steps, and the first
 * one (the stations and what they send of their lobbies).  hub_migrate()
 * runs the steps a database lacks, in order, in one transaction, under an
 * advisory lock so two hubs starting at once do not both run them.  A step
 * on main is never changed: a new table is a new step at the end.
 */
#include "hub_db.h"
#include "hub_schema.h"

#include "kerr.h"
#include "klog.h"

#include <stdio.h>
#include <stdlib.h>

/* 1: the stations, their tokens, their queue's events in order, what they
 * last said of their lobby, and their kiosks' devices */
const char hub_schema_v1[] =
	"CREATE TABLE stations ("
	"  id TEXT PRIMARY KEY,"
	"  name TEXT NOT NULL DEFAULT '',"
	"  token_hash TEXT NOT NULL UNIQUE,"     /* hex BLAKE2b-256 of the bearer token */
	"  added_at BIGINT NOT NULL"
	");"
	"CREATE TABLE events ("
	"  station TEXT NOT NULL REFERENCES stations(id),"
	"  seq BIGINT NOT NULL,"                 /* the station's queue_events.seq */
	"  at BIGINT NOT NULL,"
	"  day INT NOT NULL,"                    /* the station's day: days since 1970-01-01 */
	"  kind TEXT NOT NULL,"
	"  number TEXT NOT NULL DEFAULT '',"
	"  service TEXT NOT NULL DEFAULT '',"
	"  counter INT NOT NULL DEFAULT 0,"
	"  priority INT NOT NULL DEFAULT 0,"
	"  source TEXT NOT NULL DEFAULT '',"
	"  UNIQUE (station, seq)"
	");"
	"CREATE INDEX events_day ON events (day, station);"
	"CREATE TABLE station_status ("
	"  station TEXT PRIMARY KEY REFERENCES stations(id),"
	"  heard_at BIGINT NOT NULL,"            /* the hub's clock */
	"  at BIGINT NOT NULL,"                  /* the station's clock */
	"  waiting INT NOT NULL,"
	"  longest_wait INT NOT NULL,"
	"  printer TEXT NOT NULL,"
	"  config_version INT NOT NULL DEFAULT 0,"
	"  dossiers_version INT NOT NULL DEFAULT 0"
	");"
	"CREATE TABLE devices ("
	"  station TEXT NOT NULL REFERENCES stations(id),"
	"  name TEXT NOT NULL,"
	"  seen BIGINT NOT NULL,"
	"  printer TEXT NOT NULL,"
	"  scanner TEXT NOT NULL,"
	"  pending INT NOT NULL DEFAULT 0,"
	"  PRIMARY KEY (station, name)"
	");";

/* 2: each station's days as its reports aggregate them (core/report.h:
 * the station's report_days and report_cells, replaced whole per station
 * and day), and its ratings with their hash chain (core/rating.h) */
const char hub_schema_v2[] =
	"CREATE TABLE day_heads ("
	"  station TEXT NOT NULL REFERENCES stations(id),"
	"  day INT NOT NULL,"
	"  tickets INT NOT NULL,"
	"  made_at BIGINT NOT NULL,"
	"  printer_faults INT NOT NULL DEFAULT 0,"
	"  PRIMARY KEY (station, day)"
	");"
	"CREATE INDEX day_heads_day ON day_heads (day);"
	"CREATE TABLE day_cells ("
	"  station TEXT NOT NULL,"
	"  day INT NOT NULL,"
	"  kind TEXT NOT NULL CHECK (kind IN ('ticket', 'visit', 'booking', 'refusal')),"
	"  service TEXT NOT NULL,"
	"  hour INT NOT NULL CHECK (hour BETWEEN 0 AND 23),"
	"  source TEXT NOT NULL,"
	"  counter INT NOT NULL,"
	"  staff TEXT NOT NULL DEFAULT '',"   /* '' or a pseudonym ([hub] staff_ids) */
	"  n INT NOT NULL,"
	"  served INT NOT NULL DEFAULT 0,"
	"  noshow INT NOT NULL DEFAULT 0,"
	"  transferred INT NOT NULL DEFAULT 0,"
	"  waiting INT NOT NULL DEFAULT 0,"
	"  unfinished INT NOT NULL DEFAULT 0,"
	"  priority INT NOT NULL DEFAULT 0,"
	"  offline INT NOT NULL DEFAULT 0,"
	"  bk_on_time INT NOT NULL DEFAULT 0,"
	"  bk_early INT NOT NULL DEFAULT 0,"
	"  bk_late INT NOT NULL DEFAULT 0,"
	"  times INT[] NOT NULL DEFAULT '{}',"  /* seconds, sorted, as the station's blob */
	"  FOREIGN KEY (station, day) REFERENCES day_heads (station, day) ON DELETE CASCADE"
	");"
	"CREATE INDEX day_cells_day ON day_cells (day, station);"
	"CREATE TABLE ratings ("
	"  station TEXT NOT NULL REFERENCES stations(id),"
	"  id BIGINT NOT NULL,"                 /* the station's ratings.id: the chain's order */
	"  day INT NOT NULL,"
	"  ticket BIGINT NOT NULL,"
	"  number TEXT NOT NULL,"
	"  service TEXT NOT NULL,"
	"  counter INT NOT NULL,"
	"  staff TEXT NOT NULL DEFAULT '',"
	"  level INT NOT NULL,"
	"  scale INT NOT NULL,"
	"  reason INT NOT NULL DEFAULT 0,"
	"  wait INT,"
	"  at BIGINT NOT NULL,"
	"  channel TEXT NOT NULL,"
	"  prev TEXT NOT NULL,"                 /* hex, as the station's */
	"  hash TEXT NOT NULL,"
	"  UNIQUE (station, id)"
	");"
	"CREATE INDEX ratings_day ON ratings (day, station);";

const struct hub_step hub_steps[] = {
	{ 1, hub_schema_v1 },
	{ 2, hub_schema_v2 },
	{ 3, hub_schema_v3 }, /* publish: configs, dossier shares (hub_config_schema.c) */
	{ 4, hub_schema_v4 }, /* dashboard: accounts, sessions (hub_accounts_schema.c) */
};
const int hub_nsteps = (int)(sizeof(hub_steps) / sizeof(hub_steps[0]));

int hub_schema_version(struct hub_db *db)
{
	int64_t v = 0;
	if (hub_db_int(db, "schema version",
		       "SELECT COALESCE(MAX(version), 0) FROM hub_schema", 0, NULL, &v) < 0)
		return 0;
	return (int)v;
}

int hub_migrate(struct hub_db *db)
{
	int64_t have = 0;
	int newest = 0, r;

	for (int i = 0; i < hub_nsteps; i++)
		if (hub_steps[i].sql)
			newest = hub_steps[i].version;
	r = hub_db_begin(db);
	if (r < 0)
		return r;
	r = hub_db_exec(db, "SELECT pg_advisory_xact_lock(727001);"
			    "CREATE TABLE IF NOT EXISTS hub_schema (version INT NOT NULL)");
	if (r < 0)
		goto fail;
	r = hub_db_int(db, "schema version", "SELECT COALESCE(MAX(version), 0) FROM hub_schema",
		       0, NULL, &have);
	if (r < 0)
		goto fail;
	if (have > newest) {
		klog(KLOG_ERR, "the hub's database is at schema %lld, newer than this program's %d",
		     (long long)have, newest);
		r = K_ERR_VERSION;
		goto fail;
	}
	for (int i = 0; i < hub_nsteps; i++) {
		char v[16];
		const char *p[1] = { v };
		if (!hub_steps[i].sql || hub_steps[i].version <= have)
			continue;
		r = hub_db_exec(db, hub_steps[i].sql);
		if (r < 0)
			goto fail;
		snprintf(v, sizeof(v), "%d", hub_steps[i].version);
		r = hub_db_command(db, "schema step", "INSERT INTO hub_schema VALUES ($1::int)", 1, p,
				   NULL);
		if (r < 0)
			goto fail;
		klog(KLOG_INFO, "hub schema: step %d done", hub_steps[i].version);
	}
	return hub_db_commit(db);
fail:
	hub_db_rollback(db);
	return r;
}
