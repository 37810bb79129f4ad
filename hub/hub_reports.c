/*
 * hub_reports.c - GET /api/v1/reports?from=YYYY-MM-DD&to=YYYY-MM-DD
 * [&station=ID][&target=MINUTES][&format=json|csv|xlsx]: the figures of
 * each station over the range and of the province (hub_reports.h).
 *
 * The counts come from day_sums (a row per station and day, kept from
 * day_cells by triggers: hub_accounts_schema.c) and the ratings, summed
 * by PostgreSQL; the waits' figures are counted here (hub_waits.c), exact
 * to the second.  The province's row is the sum of the stations'.
 */
#include "hub_reports.h"
#include "hub_routes.h"

#include "kerr.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char report_sql[] =
	"WITH cnt AS (SELECT station, sum(tickets) AS tickets, sum(served) AS served,"
	"   sum(noshow) AS noshow FROM day_sums"
	"   WHERE day BETWEEN $1::int AND $2::int AND ($3 = '' OR station = $3) GROUP BY station),"
	" rt AS (SELECT station, count(*) AS rated,"
	"   count(*) FILTER (WHERE level < scale) AS satisfied FROM ratings"
	"   WHERE day BETWEEN $1::int AND $2::int AND ($3 = '' OR station = $3) GROUP BY station)"
	" SELECT s.id, s.name, COALESCE(cnt.tickets, 0), COALESCE(cnt.served, 0),"
	"  COALESCE(cnt.noshow, 0), COALESCE(rt.rated, 0), COALESCE(rt.satisfied, 0)"
	" FROM stations s LEFT JOIN cnt ON cnt.station = s.id LEFT JOIN rt ON rt.station = s.id"
	" WHERE $3 = '' OR s.id = $3 ORDER BY s.id";

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

/* The report's rows from the database, the province's last.  0, K_ERR_DB or
 * K_ERR_NOMEM. */
static int report_read(struct hub_db *db, long from, long to, const char *station,
		       struct hub_report *r)
{
	char f[16], t[16];
	snprintf(f, sizeof(f), "%ld", from);
	snprintf(t, sizeof(t), "%ld", to);
	const char *p[3] = { f, t, station };
	PGresult *res = hub_db_query(db, "report", report_sql, 3, p);
	if (!res)
		return K_ERR_DB;
	int n = PQntuples(res);
	r->rows = calloc((size_t)n + 1, sizeof(*r->rows));
	if (!r->rows) {
		PQclear(res);
		return K_ERR_NOMEM;
	}
	struct hub_report_row *all = &r->rows[n];
	for (int i = 0; i < n; i++) {
		struct hub_report_row *w = &r->rows[i];
		snprintf(w->station, sizeof(w->station), "%s", PQgetvalue(res, i, 0));
		snprintf(w->name, sizeof(w->name), "%s", PQgetvalue(res, i, 1));
		all->tickets += w->tickets = strtoll(PQgetvalue(res, i, 2), NULL, 10);
		all->served += w->served = strtoll(PQgetvalue(res, i, 3), NULL, 10);
		all->noshow += w->noshow = strtoll(PQgetvalue(res, i, 4), NULL, 10);
		all->rated += w->rated = strtoll(PQgetvalue(res, i, 5), NULL, 10);
		all->satisfied += w->satisfied = strtoll(PQgetvalue(res, i, 6), NULL, 10);
		w->p50 = w->p90 = -1;
	}
	r->n = n + 1;
	PQclear(res);
	return hub_report_waits(db, p, r);
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
