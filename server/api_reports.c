/*
 * api_reports.c - GET /api/v1/reports?from=YYYY-MM-DD&to=YYYY-MM-DD
 * [&group=day|week|month][&format=json|csv|xlsx]: the figures of
 * docs/reports.md, for a supervisor only (a staff member and a kiosk get
 * 403); csv and xlsx as a download, bao-cao-FROM-TO.csv|xlsx.
 *
 * A report reads on a connection of its own (a->report_db, under
 * a->report_lock), in one read transaction: under WAL it never waits for
 * the queue's writes and they never wait for it, so a year's report does
 * not hold up issuing.
 */
#include "api_private.h"
#include "kdb.h"
#include "kerr.h"
#include "klog.h"
#include "report.h"
#include "report_files.h"
#include "report_json.h"

#include <stdlib.h>
#include <string.h>

void api_reports_close(struct api *a)
{
	if (a->report_db) {
		kdb_close(a->report_db);
		free(a->report_db);
		a->report_db = NULL;
	}
}

int api_report_db(struct api *a, struct kdb **out)
{
	if (!a->report_db) {
		struct kdb *k = calloc(1, sizeof(*k));
		if (!k)
			return K_ERR_NOMEM;
		int r = kdb_open(k, queue_path(a->q), SQLITE_OPEN_READWRITE, "reports");
		if (r < 0) {
			free(k);
			return r;
		}
		sqlite3_busy_timeout(k->db, a->cfg->queue.busy_timeout_ms);
		a->report_db = k;
	}
	*out = a->report_db;
	return K_OK;
}

/* The report as a download: bao-cao-FROM-TO.csv or .xlsx (report_files.h). */
static void report_file(struct api *a, const struct report *rep, int xlsx, struct http_reply *out)
{
	char from[16], to[16];
	int r = xlsx ? report_xlsx_bytes(rep, a->cfg, NULL, &out->raw, &out->raw_len) :
		       report_csv_bytes(rep, a->cfg, &out->raw, &out->raw_len);
	if (r < 0) {
		http_error(out, 500, "report_failed", "the report's file could not be made; try again");
		return;
	}
	kclock_day_str(rep->from, from, sizeof(from));
	kclock_day_str(rep->to, to, sizeof(to));
	out->status = 200;
	out->type = xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" :
			   "text/csv; charset=utf-8";
	snprintf(out->attachment, sizeof(out->attachment), "bao-cao-%s-%s.%s", from, to,
		 xlsx ? "xlsx" : "csv");
}

void api_reports(void *app, const struct http_request *rq, struct http_reply *out)
{
	struct api *a = app;
	const char *code, *msg, *g = http_query(rq, "group"), *format = http_query(rq, "format");
	int64_t from, to;
	struct report *rep = NULL;
	struct kdb *db;
	int group = g ? report_group_parse(g) : REPORT_GROUP_DAY;

	if (!api_supervisor_only(rq, out))
		return;
	if (report_range_parse(http_query(rq, "from"), http_query(rq, "to"), &from, &to, &code,
			       &msg) < 0) {
		http_error(out, 400, code, msg);
		return;
	}
	if (group < 0) {
		http_error(out, 400, "bad_group", "\"group\" is day, week or month");
		return;
	}
	int fmt = !format || !strcmp(format, "json") ? 0 : !strcmp(format, "csv") ? 1 :
		  !strcmp(format, "xlsx") ? 2 : -1;
	if (fmt < 0) {
		http_error(out, 400, "bad_format", "\"format\" is json, csv or xlsx");
		return;
	}
	pthread_mutex_lock(&a->report_lock);
	int r = api_report_db(a, &db);
	if (r == K_OK)
		r = report_build(db, a->cfg, from, to, group, kclock_now(a->clock), &rep);
	pthread_mutex_unlock(&a->report_lock);
	if (r < 0) {
		http_error(out, r == K_ERR_BUSY ? 503 : 500, "report_failed",
			   "the report could not be read; try again");
		return;
	}
	if (fmt == 0) {
		out->status = 200;
		out->body = report_json(rep, a->cfg);
	} else {
		report_file(a, rep, fmt == 2, out);
	}
	report_free(rep);
}
