/*
 * hub_app.h - what the hub's routes share: its settings, its database
 * pool, and the keys it signs and hashes with.  Filled by main.c before
 * the server starts and read-only after, so routes need no lock for it.
 */
#ifndef HUB_APP_H
#define HUB_APP_H

#include <sodium.h>

#include "hub_conf.h"
#include "hub_db.h"
#include "http.h"
#include "kconf.h"

struct hub_app {
	struct hub_conf conf;
	struct kconf http;                        /* conf as server/http.c reads it */
	struct hub_pool *pool;
	unsigned char sign_sk[crypto_sign_SECRETKEYBYTES]; /* valid if has_sign */
	int has_sign;
	unsigned char dossier_key[32];            /* valid if has_dossier_key */
	int has_dossier_key;
};

/* The routes of each part of the API, put together by hub_api.c. */
struct hub_routes {
	const struct http_route *routes;
	size_t n;
};

/*
 * A station's request: its bearer token names a station.  0 with its id in
 * station, or the refusal already written to out (401; 503 if the database
 * cannot be reached).  db: a connection the caller holds.
 */
int hub_station_auth(struct hub_db *db, const struct http_request *rq, char station[64],
		     struct http_reply *out);

/* A connection of the pool, or 503 written to out and NULL. */
struct hub_db *hub_app_db(struct hub_app *app, struct http_reply *out);

/* hex BLAKE2b-256 of a token, as stations.token_hash keeps it. */
void hub_token_hash(const char *token, char out[65]);

/* Every route of the hub, for http_start(). */
const struct http_route *hub_api_routes(size_t *n);
void hub_api_free(void);

#endif
