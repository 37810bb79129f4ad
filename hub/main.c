/*
 * main.c - kiosk-hub, the province's hub (docs/hub.md).
 *
 *   kiosk-hub [--config FILE] serve [--listen HOST:PORT]
 *   kiosk-hub [--config FILE] migrate
 *   kiosk-hub [--config FILE] check                   (reads hub.conf, names each wrong line)
 *   kiosk-hub [--config FILE] station add ID [NAME]   (prints the station's token)
 *   kiosk-hub [--config FILE] station list
 *   kiosk-hub keygen FILE                             (a signing key; prints the public one)
 *   kiosk-hub keys                                    (every key of hub.conf, documented)
 *
 * Each command is a row of `commands` below.  The hub keeps its data in
 * PostgreSQL ([hub] database) and never holds a station up: stations send
 * when they can and the hub takes what they send, in any order, twice or
 * not.
 */
#include "hub_app.h"
#include "hub_cmds.h"

#include "kerr.h"
#include "klog.h"
#include "svc_notify.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t stopping;

static void on_signal(int sig)
{
	(void)sig;
	stopping = 1;
}

static int cmd_serve(struct hub_app *app, int argc, char **argv)
{
	const char *listen = NULL;
	struct http_server *srv = NULL;
	size_t nroutes = 0;
	int rc = 1;

	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--listen") == 0 && i + 1 < argc)
			listen = argv[++i];
		else {
			fprintf(stderr, "kiosk-hub serve: unknown option %s\n", argv[i]);
			return 2;
		}
	}
	if (hub_load_keys(app) < 0)
		return 1;
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	signal(SIGPIPE, SIG_IGN);
	svc_init();
	if (hub_pool_open(&app->pool, app->conf.database, app->conf.pool) < 0) {
		fprintf(stderr, "kiosk-hub: PostgreSQL cannot be reached at \"%s\"\n",
			app->conf.database);
		return 1;
	}
	struct hub_db *db = hub_pool_get(app->pool);
	int r = db ? hub_migrate(db) : K_ERR_IO;
	if (db)
		hub_pool_put(app->pool, db);
	if (r < 0) {
		fprintf(stderr, "kiosk-hub: the database's schema could not be brought up to date "
				"(%s)\n", kerr_text(r));
		goto out;
	}
	const struct http_route *routes = hub_api_routes(&nroutes);
	if (!routes)
		goto out;
	if (http_start(&srv, &app->http, listen, routes, nroutes, app, hub_session) < 0) {
		fprintf(stderr, "kiosk-hub: cannot listen on %s\n", listen ? listen : app->conf.listen);
		goto out;
	}
	printf("kiosk-hub: listening on %s://127.0.0.1:%d\n", http_tls(srv) ? "https" : "http",
	       http_port(srv));
	fflush(stdout);
	svc_ready();
	while (!stopping) {
		int ms = svc_tick(1);
		struct timespec ts = { ms < 0 ? 3600 : ms / 1000, ms < 0 ? 0 : (ms % 1000) * 1000000L };
		nanosleep(&ts, NULL); /* a signal ends it early */
	}
	svc_stopping();
	http_stop(srv);
	rc = 0;
out:
	hub_api_free();
	hub_pool_close(app->pool);
	app->pool = NULL;
	return rc;
}

static int cmd_migrate(struct hub_app *app, int argc, char **argv)
{
	struct hub_db *db;
	(void)argc;
	(void)argv;
	if (hub_db_open(&db, app->conf.database) < 0) {
		fprintf(stderr, "kiosk-hub: PostgreSQL cannot be reached at \"%s\"\n",
			app->conf.database);
		return 1;
	}
	int r = hub_migrate(db);
	if (r == 0)
		printf("schema %d\n", hub_schema_version(db));
	hub_db_close(db);
	return r == 0 ? 0 : 1;
}

/* A station's id: as [station] id allows (capitals, digits, '-'), 1..16. */
static int station_id_ok(const char *s)
{
	size_t n = strlen(s);
	if (n < 1 || n > 16)
		return 0;
	return strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") == n;
}

static int cmd_station(struct hub_app *app, int argc, char **argv)
{
	struct hub_db *db;
	int rc = 1;

	if (argc < 1 || (strcmp(argv[0], "add") == 0 && argc < 2) ||
	    (strcmp(argv[0], "add") != 0 && strcmp(argv[0], "list") != 0)) {
		fprintf(stderr, "usage: kiosk-hub station add ID [NAME] | station list\n");
		return 2;
	}
	if (strcmp(argv[0], "add") == 0 && !station_id_ok(argv[1])) {
		fprintf(stderr, "kiosk-hub: a station's id is its [station] id: 1 to 16 capitals, "
				"digits or '-'\n");
		return 2;
	}
	if (hub_db_open(&db, app->conf.database) < 0 || hub_migrate(db) < 0) {
		fprintf(stderr, "kiosk-hub: PostgreSQL cannot be reached at \"%s\"\n",
			app->conf.database);
		return 1;
	}
	if (strcmp(argv[0], "list") == 0) {
		PGresult *res = hub_db_query(db, "stations",
					     "SELECT id, name FROM stations ORDER BY id", 0, NULL);
		for (int i = 0; res && i < PQntuples(res); i++)
			printf("%s\t%s\n", PQgetvalue(res, i, 0), PQgetvalue(res, i, 1));
		rc = res ? 0 : 1;
		PQclear(res);
		goto out;
	}
	unsigned char raw[24];
	char token[64], hash[65], at[24];
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(token, sizeof(token), raw, sizeof(raw),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	hub_token_hash(token, hash);
	snprintf(at, sizeof(at), "%lld", (long long)time(NULL));
	const char *p[4] = { argv[1], argc > 2 ? argv[2] : "", hash, at };
	long rows = 0;
	/* A station added again gets a new token; the old one stops working. */
	if (hub_db_command(db, "add station",
			   "INSERT INTO stations (id, name, token_hash, added_at)"
			   " VALUES ($1, $2, $3, $4::bigint) ON CONFLICT (id) DO UPDATE"
			   " SET token_hash = EXCLUDED.token_hash,"
			   " name = CASE WHEN EXCLUDED.name = '' THEN stations.name"
			   " ELSE EXCLUDED.name END", 4, p, &rows) == 0 && rows == 1) {
		printf("%s\n", token);
		rc = 0;
	}
out:
	hub_db_close(db);
	return rc;
}

static int cmd_keygen(struct hub_app *app, int argc, char **argv)
{
	unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
	char b64[sodium_base64_ENCODED_LEN(sizeof(sk), sodium_base64_VARIANT_ORIGINAL)];
	(void)app;
	if (argc != 1) {
		fprintf(stderr, "usage: kiosk-hub keygen FILE\n");
		return 2;
	}
	crypto_sign_keypair(pk, sk);
	sodium_bin2base64(b64, sizeof(b64), sk, sizeof(sk), sodium_base64_VARIANT_ORIGINAL);
	sodium_memzero(sk, sizeof(sk));
	mode_t old = umask(077);
	FILE *f = fopen(argv[0], "wx");
	umask(old);
	if (!f || fprintf(f, "%s\n", b64) < 0 || fclose(f) != 0) {
		fprintf(stderr, "kiosk-hub: %s could not be written (it must not exist yet)\n",
			argv[0]);
		sodium_memzero(b64, sizeof(b64));
		return 1;
	}
	sodium_memzero(b64, sizeof(b64));
	sodium_bin2base64(b64, sizeof(b64), pk, sizeof(pk), sodium_base64_VARIANT_ORIGINAL);
	printf("%s\n", b64); /* each station's [hub] key */
	return 0;
}

static int cmd_check(struct hub_app *app, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	if (hub_load_keys(app) < 0)
		return 1;
	printf("ok: the hub would listen on %s\n", app->conf.listen);
	return 0;
}

static int cmd_keys(struct hub_app *app, int argc, char **argv)
{
	(void)app;
	(void)argc;
	(void)argv;
	hub_conf_print_doc(stdout);
	return 0;
}

struct command {
	const char *name;
	int (*fn)(struct hub_app *app, int argc, char **argv);
	int needs_conf;
	const char *usage;
};

static const struct command commands[] = {
	{ "serve", cmd_serve, 1, "serve [--listen HOST:PORT]" },
	{ "migrate", cmd_migrate, 1, "migrate" },
	{ "check", cmd_check, 1, "check" },
	{ "station", cmd_station, 1, "station add ID [NAME] | station list" },
	{ "keygen", cmd_keygen, 0, "keygen FILE" },
	{ "keys", cmd_keys, 0, "keys" },
	HUB_MORE_COMMANDS
};

static void usage(void)
{
	fprintf(stderr, "usage: kiosk-hub [--config FILE] COMMAND\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(stderr, "  kiosk-hub %s\n", commands[i].usage);
}

int main(int argc, char **argv)
{
	static struct hub_app app;
	const char *conf = "/etc/kiosk-hub/hub.conf";
	int i = 1;

	klog_init("kiosk-hub", KLOG_INFO);
	if (sodium_init() < 0)
		return 1;
	if (i + 1 < argc && strcmp(argv[i], "--config") == 0) {
		conf = argv[i + 1];
		i += 2;
	}
	if (i >= argc) {
		usage();
		return 2;
	}
	for (size_t c = 0; c < sizeof(commands) / sizeof(commands[0]); c++) {
		if (strcmp(commands[c].name, argv[i]) != 0)
			continue;
		if (commands[c].needs_conf) {
			if (hub_conf_load(conf, &app.conf, stderr) < 0)
				return 1;
			hub_conf_http(&app.conf, &app.http);
		}
		int rc = commands[c].fn(&app, argc - i - 1, argv + i + 1);
		sodium_memzero(app.sign_sk, sizeof(app.sign_sk));
		return rc;
	}
	usage();
	return 2;
}
