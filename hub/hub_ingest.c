/*
 * hub_ingest.c - POST /api/v1/ingest: what a station forwards (server/
 * hub_fwd.c): its queue's events, its lobby's status, its kiosks' devices,
 * and (hub_days.c) its closed days and ratings.
 *
 * The station is the one its bearer token names; a body naming another is
 * refused (403), so a row is only ever written under the token's station.
 * The whole body is checked before anything is written (400 naming the
 * first bad field), then stored in one transaction: events in one INSERT
 * over the checked array (json_to_recordset) skipping the (station, seq)
 * already there, so a batch sent twice stores nothing twice.  The answer
 * is what the station may advance its cursors to.
 */
#include "hub_check.h"
#include "hub_days.h"
#include "hub_routes.h"

#include "kerr.h"
#include "klog.h"

#include <stdio.h>
#include <string.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#define INGEST_MAX_EVENTS 20000
#define INGEST_MAX_DEVICES 256

static const struct hub_field event_fields[] = {
	{ "seq", HF_INT, 1, INT64_MAX, 0 },
	{ "at", HF_INT, 0, INT64_MAX, 0 },
	{ "day", HF_INT, 0, 1000000, 0 },
	{ "kind", HF_STR, 1, 15, 0 },
	{ "number", HF_STR, 0, 11, 1 },
	{ "service", HF_STR, 0, 8, 1 },
	{ "counter", HF_INT, 0, 1000, 1 },
	{ "priority", HF_INT, 0, 1, 1 },
	{ "source", HF_STR, 0, 15, 1 },
};

static const struct hub_field status_fields[] = {
	{ "at", HF_INT, 0, INT64_MAX, 0 },
	{ "waiting", HF_INT, 0, 1000000, 0 },
	{ "longest_wait", HF_INT, 0, 100000000, 0 },
	{ "printer", HF_STR, 0, 15, 0 },
	{ "config_version", HF_INT, 0, INT32_MAX, 1 },
	{ "dossiers_version", HF_INT, 0, INT32_MAX, 1 },
};

static const struct hub_field device_fields[] = {
	{ "name", HF_STR, 1, 32, 0 },
	{ "seen", HF_INT, 0, INT64_MAX, 0 },
	{ "printer", HF_STR, 0, 15, 0 },
	{ "scanner", HF_STR, 0, 15, 0 },
	{ "pending", HF_INT, 0, INT32_MAX, 1 },
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* The body checked: each part a new checked value (status may be NULL). */
struct body {
	json_t *events, *status, *devices, *days, *ratings;
};

static void body_free(struct body *b)
{
	json_decref(b->events);
	json_decref(b->status);
	json_decref(b->devices);
	json_decref(b->days);
	json_decref(b->ratings);
}

static int check(const json_t *in, struct body *b, char *msg, size_t len)
{
	static const char *const keys[] = { "station", "events", "status", "devices", "days",
					    "ratings" };
	const char *key;
	json_t *v;

	json_object_foreach((json_t *)in, key, v) {
		size_t i = 0;
		while (i < N(keys) && strcmp(keys[i], key))
			i++;
		if (i == N(keys)) {
			snprintf(msg, len, "the body has an unknown field \"%.40s\"", key);
			return K_ERR_INVALID;
		}
	}
	b->events = hub_check_all(json_object_get(in, "events"), "events", event_fields,
				  N(event_fields), INGEST_MAX_EVENTS, msg, len);
	if (!b->events)
		return K_ERR_INVALID;
	v = json_object_get(in, "status");
	if (v && !(b->status = hub_check(v, "status", status_fields, N(status_fields), msg, len)))
		return K_ERR_INVALID;
	b->devices = hub_check_all(json_object_get(in, "devices"), "devices", device_fields,
				   N(device_fields), INGEST_MAX_DEVICES, msg, len);
	if (!b->devices)
		return K_ERR_INVALID;
	return hub_days_check(json_object_get(in, "days"), json_object_get(in, "ratings"),
			      &b->days, &b->ratings, msg, len);
}

/* Run sql with $1 = station and $2 = arr as JSON text (nothing if empty). */
static int with_array(struct hub_db *db, const char *what, const char *sql, const char *station,
		      const json_t *arr)
{
	if (json_array_size(arr) == 0)
		return K_OK;
	char *text = json_dumps(arr, JSON_COMPACT);
	if (!text)
		return K_ERR_NOMEM;
	const char *p[2] = { station, text };
	int r = hub_db_command(db, what, sql, 2, p, NULL);
	free(text);
	return r;
}

static int store_status(struct hub_db *db, const char *station, const json_t *st)
{
	if (!st)
		return K_OK;
	char heard[24], *text = json_dumps(st, JSON_COMPACT);
	if (!text)
		return K_ERR_NOMEM;
	snprintf(heard, sizeof(heard), "%lld", (long long)time(NULL));
	const char *p[3] = { station, heard, text };
	int r = hub_db_command(db, "status",
		"INSERT INTO station_status SELECT $1, $2::bigint, s.at, s.waiting, s.longest_wait,"
		" s.printer, s.config_version, s.dossiers_version FROM json_to_record($3::json) AS"
		" s(at bigint, waiting int, longest_wait int, printer text, config_version int,"
		" dossiers_version int) ON CONFLICT (station) DO UPDATE SET heard_at ="
		" excluded.heard_at, at = excluded.at, waiting = excluded.waiting, longest_wait ="
		" excluded.longest_wait, printer = excluded.printer, config_version ="
		" excluded.config_version, dossiers_version = excluded.dossiers_version", 3, p, NULL);
	free(text);
	return r;
}

/* The body stored in one transaction, the answer's cursors read inside it. */
static int store(struct hub_db *db, const char *station, const struct body *b, json_t **answer,
		 char *msg, size_t len)
{
	int64_t seq = 0, rid = 0;
	const char *p[1] = { station };
	json_t *days = json_array();
	int r = hub_db_begin(db);
	if (r < 0)
		goto out;
	r = with_array(db, "events",
		"INSERT INTO events SELECT $1, e.seq, e.at, e.day, e.kind, e.number, e.service,"
		" e.counter, e.priority, e.source FROM json_to_recordset($2::json) AS e(seq bigint,"
		" at bigint, day int, kind text, number text, service text, counter int,"
		" priority int, source text) ON CONFLICT (station, seq) DO NOTHING", station,
		b->events);
	if (r < 0)
		goto fail;
	r = store_status(db, station, b->status);
	if (r < 0)
		goto fail;
	r = with_array(db, "devices",
		"INSERT INTO devices SELECT $1, d.name, d.seen, d.printer, d.scanner, d.pending"
		" FROM json_to_recordset($2::json) AS d(name text, seen bigint, printer text,"
		" scanner text, pending int) ON CONFLICT (station, name) DO UPDATE SET seen ="
		" excluded.seen, printer = excluded.printer, scanner = excluded.scanner, pending ="
		" excluded.pending", station, b->devices);
	if (r < 0)
		goto fail;
	r = hub_days_store(db, station, b->days, b->ratings, days, msg, len);
	if (r < 0)
		goto fail;
	r = hub_db_int(db, "events cursor", "SELECT COALESCE(MAX(seq), 0) FROM events"
		       " WHERE station = $1", 1, p, &seq);
	if (r < 0)
		goto fail;
	r = hub_db_int(db, "ratings cursor", "SELECT COALESCE(MAX(id), 0) FROM ratings"
		       " WHERE station = $1", 1, p, &rid);
	if (r < 0)
		goto fail;
	r = hub_db_commit(db);
	if (r < 0)
		goto out;
	*answer = json_pack("{s:I, s:I, s:O}", "events", (json_int_t)seq, "ratings",
			    (json_int_t)rid, "days", days);
	goto out;
fail:
	hub_db_rollback(db);
out:
	json_decref(days);
	return r;
}

static void ingest(void *app_, const struct http_request *rq, struct http_reply *out)
{
	struct hub_app *app = app_;
	char station[64], msg[160] = "";
	struct body b = { 0 };
	json_error_t jerr;
	json_t *in = NULL, *answer = NULL;
	struct hub_db *db = hub_app_db(app, out);

	if (!db)
		return;
	if (hub_station_auth(db, rq, station, out) < 0)
		goto out;
	in = json_loadb(rq->body ? rq->body : "", rq->body_len, JSON_REJECT_DUPLICATES, &jerr);
	if (!json_is_object(in)) {
		char why[200];
		snprintf(why, sizeof(why), "the body is not a JSON object (%.120s)", jerr.text);
		http_error(out, 400, "bad_json", why);
		goto out;
	}
	const char *who = json_string_value(json_object_get(in, "station"));
	if (!who || strcmp(who, station)) {
		klog(KLOG_WARN, "ingest: station %s sent a body for \"%.63s\": refused", station,
		     who ? who : "");
		http_error(out, 403, "wrong_station",
			   "the body's station is not the one this token belongs to");
		goto out;
	}
	if (check(in, &b, msg, sizeof(msg)) < 0) {
		klog(KLOG_WARN, "ingest from %s refused: %s", station, msg);
		http_error(out, 400, "bad_event", msg);
		goto out;
	}
	int r = store(db, station, &b, &answer, msg, sizeof(msg));
	if (r == K_ERR_INVALID) {
		klog(KLOG_WARN, "ingest from %s refused: %s", station, msg);
		http_error(out, 409, "broken_chain", msg);
	} else if (r < 0 && !hub_db_lost(db)) { /* PostgreSQL refused it: logged */
		http_error(out, 500, "store_failed", "the hub could not store this request");
	} else if (r < 0) {
		http_error(out, 503, "database_unavailable",
			   "the hub could not store this now; try again later");
		out->retry_after = 5;
	} else {
		out->status = 200;
		out->body = answer;
	}
out:
	body_free(&b);
	json_decref(in);
	hub_pool_put(app->pool, db);
}

static const struct http_route routes[] = {
	{ "POST", "/api/v1/ingest", AUTH_NONE, ingest, 8u << 20 },
};

const struct hub_routes hub_ingest_part = { routes, N(routes) };
