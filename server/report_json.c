/*
 * report_json.c - a report as JSON (server/report_json.h), its ratings
 * too.  Seconds stay seconds; a figure of nothing (a median of no waits, a
 * share of no tickets) is null, never 0.
 */
#include "report_json.h"
#include "kclock.h"

#include <stdio.h>

static json_t *secs(int64_t v)
{
	return v == REPORT_NONE ? json_null() : json_integer((json_int_t)v);
}

static json_t *share(int part, int whole)
{
	return whole > 0 ? json_real((double)part / whole) : json_null();
}

static json_t *times_json(const struct report_times *t, int with_max)
{
	json_t *o = json_pack("{s:i, s:o, s:o, s:o}", "n", t->n, "mean", secs(t->mean), "median",
			      secs(t->median), "p90", secs(t->p90));
	if (o && with_max)
		json_object_set_new(o, "max", secs(t->max));
	return o;
}

static json_t *row_json(const struct report_row *w)
{
	json_t *o = json_pack(
		"{s:s, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:o,"
		" s:{s:i, s:i, s:i}, s:{s:i, s:i, s:i, s:i, s:i}, s:o, s:o,"
		" s:{s:i, s:i, s:o}, s:{s:i, s:i, s:i, s:i}, s:i, s:f}",
		"key", w->key, "issued", w->issued, "served", w->served, "noshow", w->noshow,
		"transferred", w->transferred, "waiting_at_close", w->waiting_at_close,
		"unfinished", w->unfinished, "priority", w->priority, "offline", w->offline,
		"offline_share", share(w->offline, w->issued),
		"refused", "closed", w->refused_closed, "cap", w->refused_cap, "disabled",
		w->refused_disabled,
		"bookings", "checked_in", w->bk_checked_in, "on_time", w->bk_on_time, "early",
		w->bk_early, "late", w->bk_late, "noshow", w->bk_noshow,
		"wait", times_json(&w->wait, 1), "service_time", times_json(&w->service, 0),
		"service_level", "within", w->sl_within, "of", w->sl_of, "share",
		share(w->sl_within, w->sl_of),
		"visits", "called", w->visits, "served", w->visits_served, "transferred",
		w->visits_transferred, "noshow", w->visits_noshow,
		"printer_faults", w->printer_faults, "days", w->days);
	if (o)
		json_object_set_new(o, "per_day", json_real(w->days > 0 ? w->issued / w->days : 0));
	return o;
}

/* A service's or a counter's names beside its key, as the console shows them. */
static void names(json_t *o, int by, const struct kconf *cfg, const char *key)
{
	const char *vi = NULL, *en = NULL;
	if (by == REPORT_BY_SERVICE) {
		const struct kconf_service *s = kconf_service(cfg, key);
		vi = s ? s->name_vi : "";
		en = s ? s->name_en : "";
	} else if (by == REPORT_BY_COUNTER) {
		int id = 0;
		const struct kconf_counter *c = sscanf(key, "%d", &id) == 1 ? kconf_counter(cfg, id) : NULL;
		vi = c ? c->name_vi : "";
		en = c ? c->name_en : "";
	}
	if (vi) {
		json_object_set_new(o, "name_vi", json_string(vi));
		json_object_set_new(o, "name_en", json_string(en));
	}
}

static json_t *heat_json(const struct report_heat *h)
{
	json_t *days = json_array(), *hours = json_array(), *arr = json_array(),
	       *med = json_array();
	char s[16];
	for (int hh = 0; hh < h->nhours; hh++)
		json_array_append_new(hours, json_integer(h->first_hour + hh));
	for (int d = 0; d < h->ndays; d++) {
		json_t *a = json_array(), *m = json_array();
		kclock_day_str(h->day[d], s, sizeof(s));
		json_array_append_new(days, json_string(s));
		for (int hh = 0; hh < h->nhours; hh++) {
			json_array_append_new(a, json_integer(h->arrivals[d * h->nhours + hh]));
			json_array_append_new(m, secs(h->median_wait[d * h->nhours + hh]));
		}
		json_array_append_new(arr, a);
		json_array_append_new(med, m);
	}
	return json_pack("{s:o, s:o, s:o, s:o}", "days", days, "hours", hours, "arrivals", arr,
			 "median_wait", med);
}

/* ---- the ratings ---- */

/* Word i of [rating] levels or reasons in a language, the Vietnamese when
 * the English has none; "" past the words (a level no longer offered). */
static const char *word(const struct kconf_words *w, const struct kconf_words *vi, int i)
{
	return i < w->n ? w->w[i] : i < vi->n ? vi->w[i] : "";
}

static json_t *words_json(const char *what, int n, const struct kconf_words *vi,
			  const struct kconf_words *en)
{
	json_t *a = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:i, s:s, s:s}", what, i + 1, "vi",
						   word(vi, vi, i), "en", word(en, vi, i)));
	return a;
}

static json_t *rating_row_json(const struct report_ratings *x, const struct report_rating_row *w)
{
	json_t *levels = json_array(), *reasons = json_array(), *bands = json_array();
	for (int i = 0; i < x->levels; i++)
		json_array_append_new(levels, json_pack("{s:i, s:i, s:o, s:o}", "level", i + 1, "n",
							w->level[i], "share", share(w->level[i], w->rated),
							"median_wait", secs(w->level_wait[i])));
	for (int i = 0; i < x->reasons; i++)
		json_array_append_new(reasons, json_pack("{s:i, s:i}", "reason", i + 1, "n",
							 w->reason[i]));
	for (int i = 0; i < REPORT_WAIT_BANDS; i++)
		json_array_append_new(bands, json_pack("{s:i, s:i, s:o}", "rated", w->band[i],
						       "satisfied", w->band_satisfied[i], "share",
						       share(w->band_satisfied[i], w->band[i])));
	return json_pack("{s:s, s:i, s:i, s:o, s:i, s:o, s:o, s:o, s:o, s:o}", "key", w->key,
			 "rated", w->rated, "served", w->served, "response_rate",
			 share(w->rated, w->served), "satisfied", w->satisfied, "satisfaction",
			 share(w->satisfied, w->rated), "levels", levels, "reasons", reasons,
			 "wait", times_json(&w->wait, 1), "wait_bands", bands);
}

static json_t *ratings_json(const struct report_ratings *x, const struct kconf *cfg)
{
	const struct kconf_words *lv = &cfg->rating.levels_vi, *le = &cfg->rating.levels_en;
	const struct kconf_words *rv = &cfg->rating.reasons_vi, *re = &cfg->rating.reasons_en;
	json_t *by = json_object(), *bands = json_array();
	for (int i = 0; i < REPORT_WAIT_BANDS; i++)
		json_array_append_new(bands, json_pack("{s:i, s:o}", "from", report_wait_band[i] * 60,
						       "to", i + 1 < REPORT_WAIT_BANDS ?
						       json_integer(report_wait_band[i + 1] * 60) :
						       json_null()));
	for (int k = 0; k < REPORT_RATE_BY_COUNT; k++) {
		json_t *rows = json_array();
		for (int i = 0; i < x->by[k].n; i++) {
			json_t *o = rating_row_json(x, &x->by[k].rows[i]);
			names(o, report_rate_by_report(k), cfg, x->by[k].rows[i].key);
			json_array_append_new(rows, o);
		}
		json_object_set_new(by, report_rate_by_name(k), rows);
	}
	return json_pack("{s:o, s:o, s:o, s:o, s:o}", "levels", words_json("level", x->levels, lv, le),
			 "reasons", words_json("reason", x->reasons, rv, re), "wait_bands", bands,
			 "total", rating_row_json(x, &x->total), "by", by);
}

json_t *report_json(const struct report *r, const struct kconf *cfg)
{
	char from[16], to[16];
	json_t *by = json_object();
	kclock_day_str(r->from, from, sizeof(from));
	kclock_day_str(r->to, to, sizeof(to));
	for (int k = 0; k < REPORT_BY_COUNT; k++) {
		json_t *rows = json_array();
		for (int i = 0; i < r->by[k].n; i++) {
			json_t *o = row_json(&r->by[k].rows[i]);
			names(o, k, cfg, r->by[k].rows[i].key);
			json_array_append_new(rows, o);
		}
		json_object_set_new(by, report_by_name(k), rows);
	}
	return json_pack("{s:s, s:s, s:s, s:i, s:I, s:i, s:i, s:i, s:{s:s, s:s, s:s}, s:o, s:o,"
			 " s:o, s:o}",
			 "from", from, "to", to, "group", report_group_name(r->group),
			 "target_wait", r->target_wait, "days", (json_int_t)(r->to - r->from + 1),
			 "working_days", r->working_days, "closed_days", r->closed_days,
			 "open_days", r->open_days,
			 "station", "id", cfg->station.id, "name_vi", cfg->station.name_vi,
			 "name_en", cfg->station.name_en,
			 "total", row_json(&r->total), "by", by, "heat", heat_json(&r->heat),
			 "ratings", ratings_json(&r->ratings, cfg));
}
