/*
 * hub_waits.c - the waits' figures of a report (hub_reports.h): each
 * station's and the province's median, p90 (nearest rank, as a station
 * computes them: the smallest wait with at least that share of the waits
 * at or under it) and the waits within target, exact to the second.
 *
 * The days' waits come from day_sums as binary int4 arrays, a station's
 * days together, into a count per second (HUB_WAIT_MAX of them; a longer
 * wait counts as the longest); the province's counts add every station's.
 * PostgreSQL then only reads a row per station and day, and no wait is
 * sorted.
 */
#include "hub_reports.h"
#include "hub_db.h"

#include "kerr.h"
#include "klog.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#define HUB_WAIT_MAX 86400   /* seconds: a day */

static const char waits_sql[] =
	"SELECT station, waits FROM day_sums WHERE day BETWEEN $1::int AND $2::int"
	" AND ($3 = '' OR station = $3) ORDER BY station";

static uint32_t be32(const char *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return ntohl(v);
}

/* Count a binary int4[] into hist; the waits counted, or -1 if malformed. */
static long count_array(const char *p, int len, uint32_t *hist)
{
	if (len < 12)
		return -1;
	int ndim = (int)be32(p);
	if (ndim == 0)
		return 0;
	if (ndim != 1 || len < 20)
		return -1;
	long n = (long)be32(p + 12);
	const char *e = p + 20, *end = p + len;
	for (long i = 0; i < n; i++) {
		if (e + 4 > end)
			return -1;
		int32_t l = (int32_t)be32(e);
		e += 4;
		if (l < 0)
			continue; /* NULL */
		if (l != 4 || e + 4 > end)
			return -1;
		int32_t w = (int32_t)be32(e);
		e += 4;
		hist[w < 0 ? 0 : w >= HUB_WAIT_MAX ? HUB_WAIT_MAX - 1 : w]++;
	}
	return n;
}

/* A row's waits' figures from its counts per second. */
static void figures(const uint32_t *hist, int target, struct hub_report_row *w)
{
	int64_t n = 0, at = 0, k50, k90;
	for (int i = 0; i < HUB_WAIT_MAX; i++)
		n += hist[i];
	w->called = n;
	w->p50 = w->p90 = -1;
	w->within = 0;
	k50 = (n + 1) / 2;
	k90 = (9 * n + 9) / 10;
	for (int i = 0; i < HUB_WAIT_MAX && n; i++) {
		at += hist[i];
		if (w->p50 < 0 && at >= k50)
			w->p50 = i;
		if (w->p90 < 0 && at >= k90)
			w->p90 = i;
		if (i <= target * 60)
			w->within = at;
	}
}

static struct hub_report_row *row_of(struct hub_report *r, const char *station)
{
	for (int i = 0; i + 1 < r->n; i++)
		if (!strcmp(r->rows[i].station, station))
			return &r->rows[i];
	return NULL;
}

/* The station's days are all counted: its figures, its counts to the province's. */
static void flush(struct hub_report *r, struct hub_report_row *cur, uint32_t *one, uint32_t *all)
{
	if (cur) {
		figures(one, r->target, cur);
		for (int k = 0; k < HUB_WAIT_MAX; k++)
			all[k] += one[k];
	}
	memset(one, 0, HUB_WAIT_MAX * sizeof(*one));
}

int hub_report_waits(struct hub_db *db, const char *const params[3], struct hub_report *r)
{
	uint32_t *one = calloc(HUB_WAIT_MAX, sizeof(*one)), *all = calloc(HUB_WAIT_MAX, sizeof(*all));
	struct hub_report_row *cur = NULL;
	const char *was = "";
	PGresult *res = NULL;
	int rc = K_ERR_NOMEM;

	if (!one || !all || r->n < 1)
		goto out;
	res = PQexecParams(hub_db_conn(db), waits_sql, 3, NULL, params, NULL, NULL, 1);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		klog(KLOG_ERR, "report: waits: %s", PQerrorMessage(hub_db_conn(db)));
		rc = K_ERR_DB;
		goto out;
	}
	for (int i = 0; i < PQntuples(res); i++) {
		const char *st = PQgetvalue(res, i, 0);
		if (i == 0 || strcmp(was, st)) {
			flush(r, cur, one, all);
			cur = row_of(r, st);
			was = st;
		}
		if (count_array(PQgetvalue(res, i, 1), PQgetlength(res, i, 1), one) < 0) {
			klog(KLOG_ERR, "report: waits: an array of day_sums unreadable");
			rc = K_ERR_DB;
			goto out;
		}
	}
	flush(r, cur, one, all);
	figures(all, r->target, &r->rows[r->n - 1]);
	rc = K_OK;
out:
	PQclear(res);
	free(one);
	free(all);
	return rc;
}
