/*
 * api_dossiers.c - the dossier look-up a kiosk makes for a citizen, and the
 * import of a list by staff (server/dossiers.c does the work).
 *
 * A look-up answers with the status's texts from kiosk.conf, the list's
 * note and date, and the service to take a number for; never anything
 * else.  Each caller may look up [dossiers] rate codes a minute and
 * rate_day a station day, counted before the code is even read, so the
 * list cannot be walked.  The code arrives in the query string, which the
 * HTTP layer does not log.
 */
#include "api_private.h"
#include "dossiers.h"
#include "kclock.h"
#include "kerr.h"
#include "klog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static json_t *string_or_null(const char *s)
{
	return s && s[0] ? json_string(s) : json_null();
}

/* The status's texts; a status kiosk.conf no longer has gets empty ones, and
 * the kiosk says the translation file's plain "on the list" (lookup.FOUND). */
static json_t *answer_json(const struct kconf *cfg, const struct dossier_answer *ans)
{
	const struct kconf_status *st = kconf_status(cfg, ans->status);
	char updated[32];
	kclock_iso(ans->updated, updated, sizeof(updated));
	if (!st)
		klog(KLOG_WARN, "dossiers: the list has status %s, which kiosk.conf has no "
		     "[dossier.%s] for", ans->status, ans->status);
	json_t *o = json_pack("{s:b, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:s}", "found", 1,
			      "status", ans->status, "text_vi", st ? st->text_vi : "",
			      "text_en", st ? st->text_en : "", "action_vi", st ? st->action_vi : "",
			      "action_en", st ? st->action_en : "", "note", ans->note,
			      "date", string_or_null(ans->date),
			      "service", string_or_null(st ? st->service : NULL), "updated", updated);
	if (o && st && st->date_vi[0]) /* what the date is, for this status */
		json_object_set_new(o, "date_vi", json_string(st->date_vi));
	if (o && st && st->date_en[0])
		json_object_set_new(o, "date_en", json_string(st->date_en));
	return o;
}

/* GET /api/v1/dossiers/lookup?code=... (a kiosk, or staff) */
void api_dossier_lookup(void *app, const struct http_request *rq, struct http_reply *out)
{
	struct api *a = app;
	struct dossier_answer ans;
	char who[80], resets_at[32];
	int64_t resets;
	int retry;

	if (!a->dossiers) {
		http_error(out, 503, "unavailable", "this server keeps no dossier lists");
		return;
	}
	/* a staff member and a kiosk of the same name are two callers */
	snprintf(who, sizeof(who), "%s:%s", rq->who->staff ? "staff" : "kiosk", rq->who->name);
	switch (dossiers_allow(a->dossiers, who, now_ms(), kclock_now(a->clock), &retry,
			       &resets)) {
	case DOSSIERS_MINUTE:
		http_error(out, 429, "rate_limited", "too many look-ups from this kiosk: wait a "
			   "little");
		json_object_set_new(out->body, "retry_after", json_integer(retry));
		out->retry_after = retry;
		return;
	case DOSSIERS_DAY: /* [dossiers] rate_day: none until the station's next day */
		kclock_iso(resets, resets_at, sizeof(resets_at));
		http_error(out, 429, "daily_limit", "this kiosk has made its look-ups for today "
			   "([dossiers] rate_day): none until the next day starts");
		json_object_set_new(out->body, "retry_after", json_integer(retry));
		json_object_set_new(out->body, "resets", json_string(resets_at));
		out->retry_after = retry;
		return;
	}
	const char *code = http_query(rq, "code");
	int r = dossiers_lookup(a->dossiers, code ? code : "", &ans);
	switch (r) {
	case K_OK:
		out->status = 200;
		out->body = answer_json(a->cfg, &ans);
		return;
	case K_ERR_NOT_FOUND: {
		char updated[32];
		kclock_iso(ans.updated, updated, sizeof(updated));
		http_error(out, 404, "not_found", "no dossier with this code in the list: check "
			   "the code on the appointment slip, or take a number and ask at a counter");
		json_object_set_new(out->body, "updated", json_string(updated));
		return;
	}
	case K_ERR_INVALID:
		http_error(out, 400, "bad_request", "code is the receipt code of the appointment "
			   "slip: 4-32 letters and digits (spaces and '-' are ignored)");
		return;
	case K_ERR_EMPTY:
		http_error(out, 503, "no_list", "no dossier list has been imported (or it was "
			   "imported with another [dossiers] secret): staff import one first");
		return;
	default:
		http_error(out, 503, "unavailable", kerr_text(r));
		return;
	}
}

/* POST /api/v1/dossiers/import, the CSV as the body (staff) */
void api_dossier_import(void *app, const struct http_request *rq, struct http_reply *out)
{
	struct api *a = app;
	struct dossier_report *rep = calloc(1, sizeof(*rep));
	int64_t now = kclock_now(a->clock);
	char summary[512];

	if (!rep || !a->dossiers) {
		http_error(out, 503, "unavailable", rep ? "this server keeps no dossier lists" :
			   "out of memory");
		free(rep);
		return;
	}
	int r = dossiers_import(a->dossiers, rq->body, rq->body_len, now, rep);
	if (r == K_ERR_INVALID) {
		json_t *errors = json_array();
		for (int i = 0; i < rep->nerrors; i++) {
			json_t *e = json_pack("{s:i, s:s}", "line", rep->errors[i].line, "message",
					      rep->errors[i].message);
			if (e && rep->errors[i].column) /* 0: the row or the file as a whole */
				json_object_set_new(e, "column", json_integer(rep->errors[i].column));
			json_array_append_new(errors, e);
		}
		http_error(out, 422, "bad_file", "the file was refused as a whole: nothing changed");
		json_object_set_new(out->body, "errors", errors);
		if (rep->more)
			json_object_set_new(out->body, "more", json_integer(rep->more));
	} else if (r < 0) {
		http_error(out, 503, "unavailable", rep->nerrors ? rep->errors[0].message :
			   kerr_text(r));
	} else {
		json_t *statuses = json_object();
		for (int i = 0; i < a->cfg->dossiers.nstatuses; i++)
			if (rep->per_status[i])
				json_object_set_new(statuses, a->cfg->dossiers.statuses[i].code,
						    json_integer(rep->per_status[i]));
		dossiers_summary(a->cfg, rep, summary, sizeof(summary));
		pthread_mutex_lock(&a->lock);
		staff_audit(a->staff, now, rq->who->name, "dossiers import", summary);
		pthread_mutex_unlock(&a->lock);
		klog(KLOG_INFO, "dossiers: %s, by %s", summary, rq->who->name);
		out->status = 200;
		out->body = json_pack("{s:i, s:o}", "imported", rep->rows, "statuses", statuses);
	}
	free(rep);
}
