/*
 * hub_config.c - configuration fragments published to the stations
 * (docs/hub.md): `kiosk-hub publish FILE` checks a fragment (only the
 * province's sections, core/conf_fragment.h), numbers it, signs it with
 * the hub's Ed25519 key and keeps it; `kiosk-hub published` lists them;
 * GET /api/v1/config hands a station the newest.  Its tables are schema
 * step 3 (hub_config_schema.c).
 */
#include "hub_cmds.h"
#include "hub_routes.h"

#include "conf_fragment.h"
#include "kerr.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int hub_fragment_load(const char *text, const char *name, struct kconf *cfg, FILE *err)
{
	/* after the fragment, so that its lines keep their numbers; the
	 * fragment may not hold [station] (conf_fragment_check) */
	static const char station[] = "\n[station]\nid = HUB\nname_vi = hub\n";
	struct kconf_errors errs;
	size_t len = strlen(text);
	char *all = malloc(len + sizeof(station));
	int r = K_ERR_NOMEM;

	if (!all)
		return r;
	memcpy(all, text, len);
	memcpy(all + len, station, sizeof(station));
	FILE *f = fmemopen(all, len + sizeof(station) - 1, "r");
	if (f) {
		r = kconf_load_stream(f, name, NULL, cfg, &errs);
		fclose(f);
		if (r < 0)
			kconf_errors_print(&errs, err);
	}
	free(all);
	return r;
}

static int published(struct hub_db *db)
{
	PGresult *res = hub_db_query(db, "published",
				     "SELECT version, at, length(fragment) FROM configs ORDER BY version",
				     0, NULL);
	for (int i = 0; res && i < PQntuples(res); i++) {
		time_t at = (time_t)atoll(PQgetvalue(res, i, 1));
		char when[32];
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", gmtime(&at));
		printf("%s\t%s UTC\t%s bytes\n", PQgetvalue(res, i, 0), when, PQgetvalue(res, i, 2));
	}
	int rc = res ? 0 : 1;
	PQclear(res);
	return rc;
}

int hub_cmd_published(struct hub_app *app, int argc, char **argv)
{
	(void)argv;
	if (argc != 0) {
		fprintf(stderr, "usage: kiosk-hub published\n");
		return 2;
	}
	struct hub_db *db = hub_cmd_db(app);
	int rc = db ? published(db) : 1;
	hub_db_close(db);
	return rc;
}

int hub_cmd_publish(struct hub_app *app, int argc, char **argv)
{
	char why[200], sig[HUB_SIG_B64], v[24], at[24];
	size_t len = 0;
	char *text = NULL;
	struct hub_db *db = NULL;
	struct kconf *check = NULL;
	int64_t version = 0;
	int rc = 1;

	if (argc == 1 && strcmp(argv[0], "--list") == 0)
		return hub_cmd_published(app, 0, NULL);
	if (argc != 1) {
		fprintf(stderr, "usage: kiosk-hub publish FILE | publish --list\n");
		return 2;
	}
	if (hub_load_keys(app) < 0)
		return 1;
	if (!app->has_sign) {
		fprintf(stderr, "kiosk-hub: hub.conf has no signing_key: nothing can be published\n");
		return 1;
	}
	text = conf_fragment_read(argv[0], &len);
	if (!text) {
		fprintf(stderr, "kiosk-hub: %s cannot be read (or is over %d bytes)\n", argv[0],
			CONF_FRAGMENT_MAX);
		return 1;
	}
	if (conf_fragment_check(text, len, why, sizeof(why)) < 0) {
		fprintf(stderr, "kiosk-hub: %s: %s; not published\n", argv[0], why);
		goto out;
	}
	/* what the hub can tell alone: every key and value of its sections */
	check = malloc(sizeof(*check));
	if (!check || hub_fragment_load(text, argv[0], check, stderr) < 0) {
		fprintf(stderr, "kiosk-hub: %s: not published\n", argv[0]);
		goto out;
	}
	db = hub_cmd_db(app);
	if (!db || hub_db_begin(db) < 0)
		goto out;
	if (hub_db_int(db, "config version", "SELECT nextval('configs_version_seq')", 0, NULL,
		       &version) < 0 ||
	    hub_sign(app->sign_sk, "kiosk-hub-config", (long long)version, text, len, sig) < 0)
		goto fail;
	snprintf(v, sizeof(v), "%lld", (long long)version);
	snprintf(at, sizeof(at), "%lld", (long long)time(NULL));
	const char *p[4] = { v, text, sig, at };
	if (hub_db_command(db, "publish", "INSERT INTO configs (version, fragment, signature, at)"
			   " VALUES ($1::int, $2, $3, $4::bigint)", 4, p, NULL) < 0 ||
	    hub_db_commit(db) < 0)
		goto fail;
	printf("configuration version %lld published\n", (long long)version);
	rc = 0;
	goto out;
fail:
	hub_db_rollback(db);
	fprintf(stderr, "kiosk-hub: %s was not published\n", argv[0]);
out:
	hub_db_close(db);
	free(check);
	free(text);
	return rc;
}

/* GET /api/v1/config: the newest fragment, as signed; 204 if none. */
static void get_config(void *app_, const struct http_request *rq, struct http_reply *out)
{
	struct hub_app *app = app_;
	char station[64];
	struct hub_db *db = hub_app_db(app, out);
	if (!db)
		return;
	if (hub_station_auth(db, rq, station, out) < 0)
		goto out;
	PGresult *res = hub_db_query(db, "config", "SELECT version, fragment, signature"
				     " FROM configs ORDER BY version DESC LIMIT 1", 0, NULL);
	if (!res) {
		http_error(out, 503, "database_unavailable",
			   "the hub's database cannot be reached now; try again later");
	} else if (PQntuples(res) == 0) {
		out->status = 204;
	} else {
		out->status = 200;
		out->body = json_pack("{s:I, s:s, s:s}", "version",
				      (json_int_t)atoll(PQgetvalue(res, 0, 0)), "fragment",
				      PQgetvalue(res, 0, 1), "signature", PQgetvalue(res, 0, 2));
	}
	PQclear(res);
out:
	hub_pool_put(app->pool, db);
}

static const struct http_route routes[] = {
	{ "GET", "/api/v1/config", AUTH_NONE, get_config, 0 },
};

const struct hub_routes hub_config_part = { routes, sizeof(routes) / sizeof(routes[0]) };
