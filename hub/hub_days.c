/*
 * hub_days.c - the days and ratings of POST /api/v1/ingest (hub_days.h).
 *
 * A day is the station's report_days row and its report_cells (core/
 * report_schema.c; staff '' or a pseudonym, times as a list of seconds):
 * replaced whole, so a day the station aggregated again replaces the one
 * sent before.  A rating is stored once (UNIQUE (station, id)); its prev
 * must be the hash of the station's rating before it (id - 1) when that
 * one is stored or in the same request, else the chain is broken and the
 * whole request refused.
 */
#include "hub_check.h"
#include "hub_days.h"

#include "kerr.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define DAYS_MAX 400
#define RATINGS_MAX 20000

static const struct hub_field day_fields[] = {
	{ "day", HF_INT, 0, 1000000, 0 },
	{ "tickets", HF_INT, 0, INT32_MAX, 0 },
	{ "made_at", HF_INT, 0, INT64_MAX, 0 },
	{ "printer_faults", HF_INT, 0, INT32_MAX, 1 },
};

/* "cells" of a day: checked apart (an array inside the object) */
static const struct hub_field cell_fields[] = {
	{ "kind", HF_STR, 1, 8, 0 },
	{ "service", HF_STR, 0, 8, 0 },
	{ "hour", HF_INT, 0, 23, 0 },
	{ "source", HF_STR, 0, 15, 0 },
	{ "counter", HF_INT, 0, 1000, 0 },
	{ "staff", HF_STR, 0, 64, 1 },
	{ "n", HF_INT, 0, INT32_MAX, 0 },
	{ "served", HF_INT, 0, INT32_MAX, 1 },
	{ "noshow", HF_INT, 0, INT32_MAX, 1 },
	{ "transferred", HF_INT, 0, INT32_MAX, 1 },
	{ "waiting", HF_INT, 0, INT32_MAX, 1 },
	{ "unfinished", HF_INT, 0, INT32_MAX, 1 },
	{ "priority", HF_INT, 0, INT32_MAX, 1 },
	{ "offline", HF_INT, 0, INT32_MAX, 1 },
	{ "bk_on_time", HF_INT, 0, INT32_MAX, 1 },
	{ "bk_early", HF_INT, 0, INT32_MAX, 1 },
	{ "bk_late", HF_INT, 0, INT32_MAX, 1 },
	{ "times", HF_INTS, INT32_MIN, INT32_MAX, 1 },
};

static const struct hub_field rating_fields[] = {
	{ "id", HF_INT, 1, INT64_MAX, 0 },
	{ "day", HF_INT, 0, 1000000, 0 },
	{ "ticket", HF_INT, 0, INT64_MAX, 0 },
	{ "number", HF_STR, 0, 11, 0 },
	{ "service", HF_STR, 0, 8, 0 },
	{ "counter", HF_INT, 0, 1000, 0 },
	{ "staff", HF_STR, 0, 64, 1 },
	{ "level", HF_INT, 1, 5, 0 },
	{ "scale", HF_INT, 2, 5, 0 },
	{ "reason", HF_INT, 0, 8, 1 },
	{ "wait", HF_INT_NULL, 0, INT32_MAX, 1 },
	{ "at", HF_INT, 0, INT64_MAX, 0 },
	{ "channel", HF_STR, 1, 15, 0 },
	{ "prev", HF_STR, 64, 64, 0 },
	{ "hash", HF_STR, 64, 64, 0 },
};

int hub_days_check(const json_t *days_in, const json_t *ratings_in, json_t **days,
		   json_t **ratings, char *msg, size_t len)
{
	size_t i;
	json_t *d;

	*days = NULL;
	*ratings = NULL;
	if (days_in && !json_is_array(days_in)) {
		snprintf(msg, len, "days must be an array");
		return K_ERR_INVALID;
	}
	if (json_array_size(days_in) > DAYS_MAX) {
		snprintf(msg, len, "days has more than %d elements", DAYS_MAX);
		return K_ERR_INVALID;
	}
	*days = json_array();
	json_array_foreach(days_in, i, d) {
		char name[48];
		json_t *head, *cells;
		if (!json_is_object(d)) {
			snprintf(msg, len, "days[%zu] must be an object", i);
			return K_ERR_INVALID;
		}
		json_t *copy = json_deep_copy(d);   /* its head without the cells */
		json_object_del(copy, "cells");
		snprintf(name, sizeof(name), "days[%zu]", i);
		head = hub_check(copy, name, day_fields, N(day_fields), msg, len);
		json_decref(copy);
		if (!head)
			return K_ERR_INVALID;
		snprintf(name, sizeof(name), "days[%zu].cells", i);
		cells = hub_check_all(json_object_get(d, "cells"), name, cell_fields,
				      N(cell_fields), 100000, msg, len);
		if (!cells) {
			json_decref(head);
			return K_ERR_INVALID;
		}
		json_object_set_new(head, "cells", cells);
		json_array_append_new(*days, head);
	}
	*ratings = hub_check_all(ratings_in, "ratings", rating_fields, N(rating_fields),
				 RATINGS_MAX, msg, len);
	return *ratings ? K_OK : K_ERR_INVALID;
}

static int store_day(struct hub_db *db, const char *station, const json_t *d)
{
	char day[24], *cells = json_dumps(json_object_get(d, "cells"), JSON_COMPACT);
	char *head = NULL;
	int r = K_ERR_NOMEM;
	json_t *h = json_copy((json_t *)d);

	json_object_del(h, "cells");
	head = json_dumps(h, JSON_COMPACT);
	json_decref(h);
	if (!cells || !head)
		goto out;
	snprintf(day, sizeof(day), "%lld", (long long)json_integer_value(json_object_get(d, "day")));
	const char *p[3] = { station, day, head };
	r = hub_db_command(db, "day", "DELETE FROM day_heads WHERE station = $1 AND day = $2::int",
			   2, p, NULL);
	if (r < 0)
		goto out;
	r = hub_db_command(db, "day head",
		"INSERT INTO day_heads SELECT $1, h.day, h.tickets, h.made_at, h.printer_faults"
		" FROM json_to_record($3::json) AS h(day int, tickets int, made_at bigint,"
		" printer_faults int) WHERE h.day = $2::int", 3, p, NULL);
	if (r < 0)
		goto out;
	p[2] = cells;
	r = hub_db_command(db, "day cells",
		"INSERT INTO day_cells SELECT $1, $2::int, c.kind, c.service, c.hour, c.source,"
		" c.counter, c.staff, c.n, c.served, c.noshow, c.transferred, c.waiting,"
		" c.unfinished, c.priority, c.offline, c.bk_on_time, c.bk_early, c.bk_late, c.times"
		" FROM json_to_recordset($3::json) AS c(kind text, service text, hour int,"
		" source text, counter int, staff text, n int, served int, noshow int,"
		" transferred int, waiting int, unfinished int, priority int, offline int,"
		" bk_on_time int, bk_early int, bk_late int, times int[])", 3, p, NULL);
out:
	free(cells);
	free(head);
	return r;
}

/* Each rating's prev against the hash before it: in the request, or stored. */
static int check_chain(struct hub_db *db, const char *station, const json_t *ratings, char *msg,
		       size_t len)
{
	size_t i;
	json_t *rt, *before = NULL;

	json_array_foreach(ratings, i, rt) {
		int64_t id = json_integer_value(json_object_get(rt, "id"));
		const char *prev = json_string_value(json_object_get(rt, "prev"));
		char want[65] = "";
		if (before && json_integer_value(json_object_get(before, "id")) == id - 1) {
			snprintf(want, sizeof(want), "%s",
				 json_string_value(json_object_get(before, "hash")));
		} else {
			char ids[24];
			snprintf(ids, sizeof(ids), "%lld", (long long)(id - 1));
			const char *p[2] = { station, ids };
			PGresult *res = hub_db_query(db, "rating before",
				"SELECT hash FROM ratings WHERE station = $1 AND id = $2::bigint", 2, p);
			if (!res)
				return K_ERR_DB;
			if (PQntuples(res) == 1)
				snprintf(want, sizeof(want), "%s", PQgetvalue(res, 0, 0));
			PQclear(res);
		}
		before = rt;
		if (want[0] && strcmp(want, prev)) {
			snprintf(msg, len, "ratings[%zu] (id %lld): prev is not the hash of rating %lld;"
				 " the chain is broken", i, (long long)id, (long long)(id - 1));
			return K_ERR_INVALID;
		}
	}
	return K_OK;
}

int hub_days_store(struct hub_db *db, const char *station, const json_t *days,
		   const json_t *ratings, json_t *stored, char *msg, size_t len)
{
	size_t i;
	json_t *d;
	int r;

	json_array_foreach(days, i, d) {
		r = store_day(db, station, d);
		if (r < 0)
			return r;
		json_array_append(stored, json_object_get(d, "day"));
	}
	if (json_array_size(ratings) == 0)
		return K_OK;
	r = check_chain(db, station, ratings, msg, len);
	if (r < 0)
		return r;
	char *text = json_dumps(ratings, JSON_COMPACT);
	if (!text)
		return K_ERR_NOMEM;
	const char *p[2] = { station, text };
	r = hub_db_command(db, "ratings",
		"INSERT INTO ratings SELECT $1, x.id, x.day, x.ticket, x.number, x.service,"
		" x.counter, x.staff, x.level, x.scale, x.reason, x.wait, x.at, x.channel, x.prev,"
		" x.hash FROM json_to_recordset($2::json) AS x(id bigint, day int, ticket bigint,"
		" number text, service text, counter int, staff text, level int, scale int,"
		" reason int, wait int, at bigint, channel text, prev text, hash text)"
		" ON CONFLICT (station, id) DO NOTHING", 2, p, NULL);
	free(text);
	return r;
}
