/*
 * hub_dossiers.c - dossier shares (docs/hub.md): the province's CSV
 * imported once at the hub with the station's own file rules
 * (server/dossiers_import.c, server/csv.c) plus a column `station` naming
 * each row's [station] id; each station gets only its rows, as keyed
 * hashes, signed.
 *
 * The keying: a station looks a code up by BLAKE2b-256(code, key = its
 * [dossiers] secret), as it always has.  The hub derives each station's
 * secret from hub.conf's dossier_key and the station's id
 * (hub_dossier_key()); `kiosk-hub dossiers key ID FILE` writes it for the
 * station's installer to put at its [dossiers] secret.  The codes are
 * hashed the moment the file is read; PostgreSQL and the wire see only
 * hashes, each station's under a different key.
 */
#include "hub_cmds.h"
#include "hub_routes.h"

#include "conf_fragment.h"
#include "csv.h"
#include "dossiers.h"
#include "kerr.h"

#include <fcntl.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define STATION_MAX 17

void hub_dossier_key(const unsigned char dossier_key[32], const char *station, unsigned char out[32])
{
	char msg[64];
	int n = snprintf(msg, sizeof(msg), "kiosk-hub dossier key v1\n%s", station);
	crypto_generichash(out, 32, (const unsigned char *)msg, (size_t)n, dossier_key, 32);
}

/* The statuses dossiers_parse() checks against: the newest published
 * fragment's [dossier.*] (the stations run those). */
static int statuses(struct hub_db *db, struct kconf *cfg)
{
	PGresult *res = hub_db_query(db, "statuses", "SELECT fragment FROM configs"
				     " ORDER BY version DESC LIMIT 1", 0, NULL);
	if (!res)
		return K_ERR_DB;
	int r = hub_fragment_load(PQntuples(res) ? PQgetvalue(res, 0, 0) : "",
				  "the newest published fragment", cfg, stderr);
	PQclear(res);
	return r;
}

/* Each data line's station (the column `station`), by line number. */
static char (*stations_by_line(const char *csv, size_t len, int *nlines))[STATION_MAX]
{
	struct csv *c = NULL;
	struct csv_row row;
	char why[160];
	int line = 0, col = -1, cap = 1024;
	char (*by)[STATION_MAX] = calloc((size_t)cap, STATION_MAX);

	if (!by || csv_open(&c, csv, len, DOSSIER_MAX_BYTES, why, sizeof(why), &line) < 0)
		goto fail;
	while (csv_next(c, &row, why, sizeof(why)) == 1) {
		if (col < 0) {
			for (int i = 0; i < row.n; i++)
				if (strcmp(row.f[i], "station") == 0)
					col = i;
			if (col < 0)
				goto fail;
			continue;
		}
		if (row.line >= cap) {
			int ncap = row.line * 2;
			char (*p)[STATION_MAX] = realloc(by, (size_t)ncap * STATION_MAX);
			if (!p)
				goto fail;
			memset(p + cap, 0, (size_t)(ncap - cap) * STATION_MAX);
			by = p;
			cap = ncap;
		}
		if (col < row.n)
			snprintf(by[row.line], STATION_MAX, "%s", row.f[col]);
	}
	csv_close(c);
	*nlines = cap;
	return by;
fail:
	csv_close(c);
	free(by);
	return NULL;
}

static int import(struct hub_app *app, struct hub_db *db, const char *csv, size_t len)
{
	static struct kconf cfg;
	struct dossier_list l = { 0 };
	struct dossier_report rep;
	int nlines = 0, r = K_ERR_INVALID;
	char (*by)[STATION_MAX] = NULL;

	if (statuses(db, &cfg) < 0)
		return K_ERR_CONFIG;
	if (dossiers_parse(&cfg, csv, len, &l, &rep) < 0) {
		for (int i = 0; i < rep.nerrors; i++)
			fprintf(stderr, "line %d: %s\n", rep.errors[i].line, rep.errors[i].message);
		return K_ERR_INVALID;
	}
	by = stations_by_line(csv, len, &nlines);
	if (!by) {
		fprintf(stderr, "kiosk-hub: the file has no column `station` ([station] id)\n");
		goto out;
	}
	if (hub_db_begin(db) < 0 ||
	    hub_db_command(db, "dossiers", "DELETE FROM dossier_rows", 0, NULL, NULL) < 0)
		goto fail;
	for (int i = 0; i < l.n; i++) {
		const struct dossier_row *row = &l.rows[i];
		const char *st = row->line < nlines ? by[row->line] : "";
		unsigned char k[32], h[32];
		char hex[65], note[DOSSIER_NOTE_MAX + 1];
		long rows = 0;
		hub_dossier_key(app->dossier_key, st, k);
		crypto_generichash(h, 32, (const unsigned char *)row->code, strlen(row->code), k, 32);
		sodium_memzero(k, sizeof(k));
		sodium_bin2hex(hex, sizeof(hex), h, 32);
		snprintf(note, sizeof(note), "%.*s", row->note_len, l.notes + row->note);
		const char *p[5] = { st, hex, cfg.dossiers.statuses[row->status].code, note, row->date };
		if (hub_db_command(db, "dossier row", "INSERT INTO dossier_rows (station, h, status,"
				   " note, date) SELECT $1, $2, $3, $4, $5 WHERE EXISTS (SELECT 1 FROM"
				   " stations WHERE id = $1) ON CONFLICT DO NOTHING", 5, p, &rows) < 0)
			goto fail;
		if (rows == 0) { /* the whole file or nothing, as at a station */
			fprintf(stderr, "kiosk-hub: line %d: the station \"%.16s\" is not one of the "
				"hub's (kiosk-hub station list), or the code is there twice\n",
				row->line, st);
			goto fail_quiet;
		}
	}
	char n[24], at[24];
	snprintf(n, sizeof(n), "%d", l.n);
	snprintf(at, sizeof(at), "%lld", (long long)time(NULL));
	const char *p[2] = { at, n };
	if (hub_db_command(db, "dossier set", "INSERT INTO dossier_sets (at, rows)"
			   " VALUES ($1::bigint, $2::int)", 2, p, NULL) < 0 || hub_db_commit(db) < 0)
		goto fail;
	printf("imported %d dossiers for the stations\n", l.n);
	r = K_OK;
	goto out;
fail:
	fprintf(stderr, "kiosk-hub: the dossiers were not imported\n");
fail_quiet:
	hub_db_rollback(db);
out:
	free(by);
	dossier_list_free(&l);
	return r;
}

/* kiosk-hub dossiers import FILE.csv | dossiers key STATION FILE */
int hub_cmd_dossiers(struct hub_app *app, int argc, char **argv)
{
	int rc = 1;
	if (argc < 2 || (strcmp(argv[0], "import") != 0 && strcmp(argv[0], "key") != 0) ||
	    (strcmp(argv[0], "key") == 0 && argc != 3)) {
		fprintf(stderr, "usage: kiosk-hub dossiers import FILE.csv | dossiers key STATION FILE\n");
		return 2;
	}
	if (hub_load_keys(app) < 0)
		return 1;
	if (!app->has_dossier_key) {
		fprintf(stderr, "kiosk-hub: hub.conf has no dossier_key\n");
		return 1;
	}
	if (strcmp(argv[0], "key") == 0) { /* the station's [dossiers] secret */
		unsigned char k[32];
		hub_dossier_key(app->dossier_key, argv[1], k);
		int fd = open(argv[2], O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		rc = fd < 0 || write(fd, k, sizeof(k)) != (ssize_t)sizeof(k);
		if (fd >= 0 && close(fd) != 0)
			rc = 1;
		sodium_memzero(k, sizeof(k));
		if (rc)
			fprintf(stderr, "kiosk-hub: %s could not be written (it must not exist yet)\n",
				argv[2]);
		return rc;
	}
	size_t len = 0;
	char *csv = NULL;
	FILE *f = fopen(argv[1], "rb");
	if (f) {
		csv = malloc(DOSSIER_MAX_BYTES + 1);
		len = csv ? fread(csv, 1, DOSSIER_MAX_BYTES + 1, f) : 0;
		fclose(f);
	}
	if (!csv || len > DOSSIER_MAX_BYTES) {
		fprintf(stderr, "kiosk-hub: %s cannot be read (or is over %u bytes)\n", argv[1],
			DOSSIER_MAX_BYTES);
		free(csv);
		return 1;
	}
	struct hub_db *db = hub_cmd_db(app);
	rc = db && import(app, db, csv, len) == 0 ? 0 : 1;
	hub_db_close(db);
	sodium_memzero(csv, len);
	free(csv);
	return rc;
}

/* The message a share is signed over: its version, station and rows. */
static char *signed_text(json_t *rows)
{
	return json_dumps(rows, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENSURE_ASCII);
}

/* GET /api/v1/dossiers?have=V: this station's rows of the newest set. */
static void get_dossiers(void *app_, const struct http_request *rq, struct http_reply *out)
{
	struct hub_app *app = app_;
	char station[64], sig[HUB_SIG_B64];
	const char *have = http_query(rq, "have");
	PGresult *res = NULL;
	int64_t v = 0;
	struct hub_db *db = hub_app_db(app, out);
	if (!db)
		return;
	if (hub_station_auth(db, rq, station, out) < 0)
		goto out;
	if (hub_db_int(db, "dossier set", "SELECT MAX(version) FROM dossier_sets", 0, NULL, &v) < 0) {
		out->status = 204;
		goto out;
	}
	if (have && atoll(have) == v) {
		out->status = 304;
		goto out;
	}
	const char *p[1] = { station };
	res = hub_db_query(db, "dossier rows", "SELECT h, status, note, date FROM dossier_rows"
			   " WHERE station = $1 ORDER BY h", 1, p);
	if (!res || !app->has_sign) {
		http_error(out, 503, "unavailable", "the hub cannot hand out dossiers now");
		goto out;
	}
	json_t *rows = json_array();
	for (int i = 0; i < PQntuples(res); i++)
		json_array_append_new(rows, json_pack("{s:s, s:s, s:s, s:s}", "h",
						      PQgetvalue(res, i, 0), "status",
						      PQgetvalue(res, i, 1), "note", PQgetvalue(res, i, 2),
						      "date", PQgetvalue(res, i, 3)));
	char *text = signed_text(rows);
	size_t tl = text ? strlen(text) : 0;
	char *body = text ? malloc(strlen(station) + tl + 2) : NULL;
	if (body)
		sprintf(body, "%s\n%s", station, text);
	if (!body || hub_sign(app->sign_sk, "kiosk-hub-dossiers", (long long)v, body, strlen(body),
			      sig) < 0) {
		json_decref(rows);
		http_error(out, 500, "internal", "the share could not be signed");
	} else {
		out->status = 200;
		out->body = json_pack("{s:I, s:o, s:s}", "version", (json_int_t)v, "rows", rows,
				      "signature", sig);
	}
	free(body);
	free(text);
out:
	PQclear(res);
	hub_pool_put(app->pool, db);
}

static const struct http_route routes[] = {
	{ "GET", "/api/v1/dossiers", AUTH_NONE, get_dossiers, 0 },
};

const struct hub_routes hub_dossiers_part = { routes, sizeof(routes) / sizeof(routes[0]) };
