/*
 * hub_reports.c - GET /api/v1/reports?from=YYYY-MM-DD&to=YYYY-MM-DD
 * [&station=ID][&target=MINUTES][&format=json|csv|xlsx]: the figures of
 * each station over the range and of the province (hub_reports.h).
 *
 * One statement reads the range once: the ticket cells' counts, their
 * waits unnested for the median, p90 (percentile_disc: nearest rank, as a
 * station computes them) and the share within target, and the ratings,
 * each grouped by ROLLUP (station) so the province's row comes out of the
 * same pass.  day_cells_day (day, station) finds the range.
 */
#include "hub_reports.h"
#include "hub_routes.h"

#include "kerr.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char report_sql[] =
	"WITH c AS MATERIALIZED (SELECT station, n, served, noshow, times FROM day_cells"
	"   WHERE day BETWEEN $1::int AND $2::int AND kind = 'ticket'"
	"   AND ($3 = '' OR station = $3)),"
	" counts AS (SELECT station, sum(n) AS tickets, sum(served) AS served,"
	"   sum(noshow) AS noshow FROM c GROUP BY ROLLUP (station)),"
	" waits AS (SELECT station, count(*) AS called,"
	"   percentile_disc(0.5) WITHIN GROUP (ORDER BY w) AS p50,"
	"   percentile_disc(0.9) WITHIN GROUP (ORDER BY w) AS p90,"
	"   count(*) FILTER (WHERE w <= $4::int * 60) AS within"
	"   FROM c, unnest(c.times) AS w GROUP BY ROLLUP (station)),"
	" rt AS (SELECT station, count(*) AS rated,"
	"   count(*) FILTER (WHERE level < scale) AS satisfied FROM ratings"
	"   WHERE day BETWEEN $1::int AND $2::int AND ($3 = '' OR station = $3)"
	"   GROUP BY ROLLUP (station)),"
	" s AS (SELECT id, name FROM stations WHERE $3 = '' OR id = $3"
	"   UNION ALL SELECT NULL, '')"
	" SELECT s.id, s.name, COALESCE(counts.tickets, 0), COALESCE(counts.served, 0),"
	"  COALESCE(counts.noshow, 0), COALESCE(waits.called, 0), waits.p50, waits.p90,"
	"  COALESCE(waits.within, 0), COALESCE(rt.rated, 0), COALESCE(rt.satisfied, 0)"
	" FROM s LEFT JOIN counts ON counts.station IS NOT DISTINCT FROM s.id"
	" LEFT JOIN waits ON waits.station IS NOT DISTINCT FROM s.id"
	" LEFT JOIN rt ON rt.station IS NOT DISTINCT FROM s.id"
	" ORDER BY s.id IS NULL, s.id";

/* Days since 1970-01-01 of a strict "YYYY-MM-DD"; -1 if not a date. */
static long parse_day(const char *s)
{
	static const int mdays[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d, used = 0;
	if (!s || strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &used) != 3 ||
	    used != 10 || y < 1970 || y > 9999 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return -1;
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (m == 2 && d == 29 && !leap)
		return -1;
	/* days from civil (Howard Hinnant's algorithm) */
	y -= m <= 2;
	long era = y / 400, yoe = y - era * 400;
	long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int64_t col(PGresult *res, int i, int c)
{
	return PQgetisnull(res, i, c) ? -1 : strtoll(PQgetvalue(res, i, c), NULL, 10);
}

/* The report's rows from the database.  0, K_ERR_DB or K_ERR_NOMEM. */
static int report_read(struct hub_db *db, long from, long to, const char *station,
		       struct hub_report *r)
{
	char f[16], t[16], tw[12];
	snprintf(f, sizeof(f), "%ld", from);
	snprintf(t, sizeof(t), "%ld", to);
	snprintf(tw, sizeof(tw), "%d", r->target);
	const char *p[4] = { f, t, station, tw };
	PGresult *res = hub_db_query(db, "report", report_sql, 4, p);
	if (!res)
		return K_ERR_DB;
	int n = PQntuples(res);
	r->rows = calloc(n ? (size_t)n : 1, sizeof(*r->rows));
	if (!r->rows) {
		PQclear(res);
		return K_ERR_NOMEM;
	}
	for (int i = 0; i < n; i++) {
		struct hub_report_row *w = &r->rows[i];
		snprintf(w->station, sizeof(w->station), "%s", PQgetvalue(res, i, 0));
		snprintf(w->name, sizeof(w->name), "%s", PQgetvalue(res, i, 1));
		w->tickets = col(res, i, 2);
		w->served = col(res, i, 3);
		w->noshow = col(res, i, 4);
		w->called = col(res, i, 5);
		w->p50 = col(res, i, 6);
		w->p90 = col(res, i, 7);
		w->within = col(res, i, 8);
		w->rated = col(res, i, 9);
		w->satisfied = col(res, i, 10);
	}
	r->n = n;
	PQclear(res);
	return K_OK;
}

static json_t *share(int64_t part, int64_t of)
{
	return of > 0 ? json_real((double)part / (double)of) : json_null();
}

static json_t *row_json(const struct hub_report_row *w)
{
	return json_pack("{s:s, s:s, s:I, s:I, s:I, s:{s:I, s:o, s:o},"
			 " s:{s:I, s:I, s:o}, s:{s:I, s:I, s:o}}",
			 "station", w->station, "name", w->name, "tickets", (json_int_t)w->tickets,
			 "served", (json_int_t)w->served, "noshow", (json_int_t)w->noshow,
			 "wait", "n", (json_int_t)w->called, "median",
			 w->p50 < 0 ? json_null() : json_integer(w->p50), "p90",
			 w->p90 < 0 ? json_null() : json_integer(w->p90),
			 "service_level", "within", (json_int_t)w->within, "of",
			 (json_int_t)w->tickets, "share", share(w->within, w->tickets),
			 "ratings", "rated", (json_int_t)w->rated, "satisfied",
			 (json_int_t)w->satisfied, "satisfaction", share(w->satisfied, w->rated));
}

static void report_json(const struct hub_report *r, struct http_reply *out)
{
	json_t *list = json_array();
	for (int i = 0; i + 1 < r->n; i++)
		json_array_append_new(list, row_json(&r->rows[i]));
	out->status = 200;
	out->body = json_pack("{s:s, s:s, s:i, s:o, s:o}", "from", r->from, "to", r->to,
			      "target_wait", r->target, "stations", list, "province",
			      r->n ? row_json(&r->rows[r->n - 1]) : json_null());
}

static void report_file(const struct hub_report *r, int xlsx, struct http_reply *out)
{
	int rc = xlsx ? hub_report_xlsx(r, &out->raw, &out->raw_len) :
			hub_report_csv(r, &out->raw, &out->raw_len);
	if (rc < 0) {
		http_error(out, 500, "report_file", "the file could not be made");
		return;
	}
	out->status = 200;
	out->type = xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" :
			   "text/csv; charset=utf-8";
	snprintf(out->attachment, sizeof(out->attachment), "bao-cao-tinh-%s-%s.%s", r->from,
		 r->to, xlsx ? "xlsx" : "csv");
}

static void reports(void *app_, const struct http_request *rq, struct http_reply *out)
{
	struct hub_app *app = app_;
	struct hub_report r = { 0 };
	const char *station = http_query(rq, "station"), *format = http_query(rq, "format");
	const char *target = http_query(rq, "target");
	long from = parse_day(http_query(rq, "from")), to = parse_day(http_query(rq, "to"));
	int fmt = !format || !strcmp(format, "json") ? 0 : !strcmp(format, "csv") ? 1 :
		  !strcmp(format, "xlsx") ? 2 : -1;

	r.target = target ? atoi(target) : 20;
	if (from < 0 || to < 0 || to < from || to - from >= HUB_REPORT_MAX_DAYS) {
		http_error(out, 400, "bad_range", "from and to are dates YYYY-MM-DD, from <= to,"
			   " at most 1096 days");
		return;
	}
	if (fmt < 0 || r.target < 1 || r.target > 600 || (station && strlen(station) > 16)) {
		http_error(out, 400, "bad_request", "format is json, csv or xlsx; target 1-600"
			   " minutes; station a station's id");
		return;
	}
	snprintf(r.from, sizeof(r.from), "%s", http_query(rq, "from"));
	snprintf(r.to, sizeof(r.to), "%s", http_query(rq, "to"));
	struct hub_db *db = hub_app_db(app, out);
	if (!db)
		return;
	int rc = report_read(db, from, to, station ? station : "", &r);
	hub_pool_put(app->pool, db);
	if (rc < 0)
		http_error(out, 503, "database_unavailable",
			   "the hub's database cannot be reached now; try again later");
	else if (station && r.n < 2)
		http_error(out, 404, "not_found", "no such station");
	else if (fmt == 0)
		report_json(&r, out);
	else
		report_file(&r, fmt == 2, out);
	free(r.rows);
}

static const struct http_route routes[] = {
	{ "GET", "/api/v1/reports", AUTH_STAFF, reports, 0 },
};

const struct hub_routes hub_reports_part = { routes, sizeof(routes) / sizeof(routes[0]) };
