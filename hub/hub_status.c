/*
 * hub_status.c - GET /api/v1/health: is the hub up, does its database
 * answer, and which schema it runs (for the province's monitoring).  And
 * GET /api/v1/whoami for a station checking its token.
 */
#include "hub_routes.h"

#include <jansson.h>

static void health(void *app_, const struct http_request *rq, struct http_reply *out)
{
	struct hub_app *app = app_;
	(void)rq;
	struct hub_db *db = hub_app_db(app, out);
	if (!db)
		return;
	int64_t v = 0;
	int r = hub_db_int(db, "health", "SELECT COALESCE(MAX(version), 0) FROM hub_schema", 0,
			   NULL, &v);
	hub_pool_put(app->pool, db);
	if (r < 0) {
		http_error(out, 503, "database_unavailable",
			   "the hub's database cannot be reached now; try again later");
		return;
	}
	out->status = 200;
	out->body = json_pack("{s:s, s:I}", "status", "ok", "schema", (json_int_t)v);
}

static void whoami(void *app_, const struct http_request *rq, struct http_reply *out)
{
	struct hub_app *app = app_;
	char station[64];
	struct hub_db *db = hub_app_db(app, out);
	if (!db)
		return;
	if (hub_station_auth(db, rq, station, out) == 0) {
		out->status = 200;
		out->body = json_pack("{s:s}", "station", station);
	}
	hub_pool_put(app->pool, db);
}

static const struct http_route routes[] = {
	{ "GET", "/api/v1/health", AUTH_NONE, health, 0 },
	{ "GET", "/api/v1/whoami", AUTH_NONE, whoami, 0 },
};

const struct hub_routes hub_status_part = { routes, sizeof(routes) / sizeof(routes[0]) };
