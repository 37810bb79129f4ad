/*
 * hub_auth.c - who is asking: a station, by its bearer token.  The hub
 * keeps only a hash of each token (stations.token_hash); a station's rows
 * are written under the id its token names, never one a body claims.
 */
#include "hub_app.h"

#include "kerr.h"

#include <string.h>

void hub_token_hash(const char *token, char out[65])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof(h), (const unsigned char *)token, strlen(token), NULL, 0);
	sodium_bin2hex(out, 65, h, sizeof(h));
}

struct hub_db *hub_app_db(struct hub_app *app, struct http_reply *out)
{
	struct hub_db *db = hub_pool_get(app->pool);
	if (!db) {
		http_error(out, 503, "database_unavailable",
			   "the hub's database cannot be reached now; try again later");
		out->retry_after = 5;
	}
	return db;
}

int hub_station_auth(struct hub_db *db, const struct http_request *rq, char station[64],
		     struct http_reply *out)
{
	const char *h = http_header(rq, "Authorization");
	char hash[65];

	if (!h || strncmp(h, "Bearer ", 7) != 0 || !h[7] || strlen(h + 7) > 256) {
		http_error(out, 401, "unauthorized", "a station's bearer token is needed");
		return K_ERR_INVALID;
	}
	hub_token_hash(h + 7, hash);
	const char *p[1] = { hash };
	PGresult *res = hub_db_query(db, "station of a token",
				     "SELECT id FROM stations WHERE token_hash = $1", 1, p);
	if (!res) {
		http_error(out, 503, "database_unavailable",
			   "the hub's database cannot be reached now; try again later");
		out->retry_after = 5;
		return K_ERR_DB;
	}
	int found = PQntuples(res) == 1;
	if (found)
		snprintf(station, 64, "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	if (!found) {
		http_error(out, 401, "unauthorized", "no station has this token");
		return K_ERR_INVALID;
	}
	return K_OK;
}
