/*
 * hub_stations.c - GET /api/v1/stations: every station as it last said of
 * its lobby (station_status, devices): waiting now, the longest wait,
 * the worst printer state of the station and its kiosks, when the hub
 * last heard from it, the config and dossiers versions it runs.
 *
 * A lobby whose longest wait reaches ?target= minutes (20) overflows and
 * comes first, the longest waits before; then the others by their
 * waiting; stations never heard from last.  A station not heard for
 * HUB_STALE_SECONDS is flagged "stale" (its figures are old).
 */
#include "hub_routes.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define HUB_STALE_SECONDS 300

/* A printer state's badness: the worst one stands for the station. */
#define PRINTER_RANK(col)                                                        \
	"CASE " col " WHEN 'ok' THEN 0 WHEN 'none' THEN 0 WHEN 'paper_low' THEN 1" \
	" WHEN 'unknown' THEN 2 ELSE 3 END"

static const char stations_sql[] =
	"WITH d AS (SELECT station, count(*) AS n, max(" PRINTER_RANK("printer") ") AS rank,"
	"   (array_agg(printer ORDER BY " PRINTER_RANK("printer") " DESC))[1] AS worst"
	"   FROM devices GROUP BY station)"
	" SELECT s.id, s.name, st.heard_at, st.waiting, st.longest_wait, st.printer,"
	"  COALESCE(d.worst, ''), COALESCE(d.rank, -1), " PRINTER_RANK("st.printer") ","
	"  st.config_version, st.dossiers_version, COALESCE(d.n, 0),"
	"  COALESCE(st.longest_wait >= $1::int * 60, false) AS over"
	" FROM stations s LEFT JOIN station_status st ON st.station = s.id"
	" LEFT JOIN d ON d.station = s.id"
	" ORDER BY st.heard_at IS NULL, over DESC,"
	"  CASE WHEN COALESCE(st.longest_wait >= $1::int * 60, false) THEN st.longest_wait END"
	"  DESC NULLS LAST, st.waiting DESC NULLS LAST, s.id";

static json_t *station_row(PGresult *res, int i, int64_t now)
{
	const char *v;
	json_t *o = json_pack("{s:s, s:s}", "id", PQgetvalue(res, i, 0), "name",
			      PQgetvalue(res, i, 1));
	if (PQgetisnull(res, i, 2)) {
		json_object_set_new(o, "heard", json_false());
		json_object_set_new(o, "stale", json_true());
		json_object_set_new(o, "devices", json_integer(atoi(PQgetvalue(res, i, 11))));
		return o;
	}
	int64_t heard = strtoll(PQgetvalue(res, i, 2), NULL, 10);
	/* the worst of the station's own word and its kiosks' */
	v = atoi(PQgetvalue(res, i, 7)) > atoi(PQgetvalue(res, i, 8)) ? PQgetvalue(res, i, 6) :
									PQgetvalue(res, i, 5);
	json_object_set_new(o, "heard", json_true());
	json_object_set_new(o, "heard_at", json_integer(heard));
	json_object_set_new(o, "silent_minutes", json_integer(now > heard ? (now - heard) / 60 : 0));
	json_object_set_new(o, "stale", json_boolean(now - heard > HUB_STALE_SECONDS));
	json_object_set_new(o, "waiting", json_integer(atoi(PQgetvalue(res, i, 3))));
	json_object_set_new(o, "longest_wait", json_integer(atoi(PQgetvalue(res, i, 4))));
	json_object_set_new(o, "printer", json_string(v));
	json_object_set_new(o, "config_version", json_integer(atoi(PQgetvalue(res, i, 9))));
	json_object_set_new(o, "dossiers_version", json_integer(atoi(PQgetvalue(res, i, 10))));
	json_object_set_new(o, "devices", json_integer(atoi(PQgetvalue(res, i, 11))));
	json_object_set_new(o, "overflowing", json_boolean(PQgetvalue(res, i, 12)[0] == 't'));
	return o;
}

static void stations(void *app_, const struct http_request *rq, struct http_reply *out)
{
	struct hub_app *app = app_;
	const char *t = http_query(rq, "target");
	char target[12];
	int tw = t ? atoi(t) : 20;

	if (tw < 1 || tw > 600) {
		http_error(out, 400, "bad_request", "target is minutes, 1 to 600");
		return;
	}
	snprintf(target, sizeof(target), "%d", tw);
	struct hub_db *db = hub_app_db(app, out);
	if (!db)
		return;
	const char *p[1] = { target };
	PGresult *res = hub_db_query(db, "stations now", stations_sql, 1, p);
	hub_pool_put(app->pool, db);
	if (!res) {
		http_error(out, 503, "database_unavailable",
			   "the hub's database cannot be reached now; try again later");
		return;
	}
	int64_t now = time(NULL);
	json_t *list = json_array();
	for (int i = 0; i < PQntuples(res); i++)
		json_array_append_new(list, station_row(res, i, now));
	PQclear(res);
	out->status = 200;
	out->body = json_pack("{s:I, s:i, s:i, s:o}", "now", (json_int_t)now, "stale_after",
			      HUB_STALE_SECONDS, "target_wait", tw, "stations", list);
}

static const struct http_route routes[] = {
	{ "GET", "/api/v1/stations", AUTH_STAFF, stations, 0 },
};

const struct hub_routes hub_stations_part = { routes, sizeof(routes) / sizeof(routes[0]) };
