/*
 * report_rating.c - the citizens' ratings of a report's range (struct
 * report_ratings; docs/reports.md, "Ratings"): read straight from the
 * ratings table, which is kept as long as the days' aggregates, so nothing
 * of them is aggregated; added up overall and per period, service, counter,
 * staff account and channel, each row beside the tickets served there
 * (the report's own rows, made first).
 *
 * A rating is "satisfied" when its level is better than the worst of the
 * scale the citizen was offered (with the shipped three: "Rất hài lòng" or
 * "Hài lòng").  A level outside 1..REPORT_LEVELS can only be a row changed
 * by hand (`station-server ratings verify` names it): it is not counted.
 */
#include "report_private.h"
#include "kdb.h"
#include "kerr.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const int report_wait_band[REPORT_WAIT_BANDS] = { 0, 10, 20, 40 };

static const char *const by_names[REPORT_RATE_BY_COUNT] = {
	[REPORT_RATE_BY_PERIOD] = "period", [REPORT_RATE_BY_SERVICE] = "service",
	[REPORT_RATE_BY_COUNTER] = "counter", [REPORT_RATE_BY_STAFF] = "staff",
	[REPORT_RATE_BY_CHANNEL] = "channel",
};

const char *report_rate_by_name(int by)
{
	return by >= 0 && by < REPORT_RATE_BY_COUNT ? by_names[by] : "";
}

int report_rate_by_report(int by)
{
	static const int of[REPORT_RATE_BY_COUNT] = {
		[REPORT_RATE_BY_PERIOD] = REPORT_BY_PERIOD, [REPORT_RATE_BY_SERVICE] = REPORT_BY_SERVICE,
		[REPORT_RATE_BY_COUNTER] = REPORT_BY_COUNTER, [REPORT_RATE_BY_STAFF] = REPORT_BY_STAFF,
		[REPORT_RATE_BY_CHANNEL] = -1,
	};
	return by >= 0 && by < REPORT_RATE_BY_COUNT ? of[by] : -1;
}

int report_rating_facts(struct kdb *db, int64_t from, int64_t to, struct report_rating_facts *out)
{
	sqlite3_stmt *st = NULL;
	int rc = SQLITE_DONE, r = kdb_prepare_bind(db, &st,
		"SELECT day, service, counter, staff, level, scale, reason, COALESCE(wait, -1), channel"
		" FROM ratings WHERE day BETWEEN ?1 AND ?2 AND level BETWEEN 1 AND ?3 ORDER BY day, id",
		"iii", from, to, (int64_t)REPORT_LEVELS);

	while (r == K_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (out->n == out->cap) {
			int cap = out->cap ? out->cap * 2 : 256;
			struct report_rating_fact *v = realloc(out->v, (size_t)cap * sizeof(*v));
			if (!v) {
				r = K_ERR_NOMEM;
				break;
			}
			out->v = v;
			out->cap = cap;
		}
		struct report_rating_fact *f = &out->v[out->n++];
		char channel[12];
		int64_t wait = sqlite3_column_int64(st, 7);
		memset(f, 0, sizeof(*f));
		f->day = sqlite3_column_int64(st, 0);
		report_text_col(st, 1, f->service, sizeof(f->service));
		f->counter = sqlite3_column_int(st, 2);
		report_text_col(st, 3, f->staff, sizeof(f->staff));
		f->level = sqlite3_column_int(st, 4);
		f->scale = sqlite3_column_int(st, 5);
		f->reason = sqlite3_column_int(st, 6);
		f->wait = wait < 0 ? -1 : wait > INT32_MAX ? INT32_MAX : (int32_t)wait;
		report_text_col(st, 8, channel, sizeof(channel));
		f->phone = !strcmp(channel, "phone");
	}
	if (r == K_OK && rc != SQLITE_DONE)
		r = kdb_error(db, rc, "report ratings");
	kdb_done(db, st);
	return r;
}

/* ---- adding up ---- */

struct racc {
	struct report_rating_row row;
	struct report_secs wait, level_wait[REPORT_LEVELS];
	int used;                  /* placed beside a row of the report */
};

struct rtable {
	struct racc *v;
	int n, cap, last;
};

/* The row of key in t; added if it is not there and add is set, else NULL. */
static struct racc *racc_of(struct rtable *t, const char *key, int add)
{
	if (t->last < t->n && !strcmp(t->v[t->last].row.key, key))
		return &t->v[t->last];
	for (int i = 0; i < t->n; i++)
		if (!strcmp(t->v[i].row.key, key))
			return &t->v[t->last = i];
	if (!add)
		return NULL;
	if (t->n == t->cap) {
		int cap = t->cap ? t->cap * 2 : 16;
		struct racc *v = realloc(t->v, (size_t)cap * sizeof(*v));
		if (!v)
			return NULL;
		t->v = v;
		t->cap = cap;
	}
	struct racc *a = &t->v[t->last = t->n++];
	memset(a, 0, sizeof(*a));
	snprintf(a->row.key, sizeof(a->row.key), "%s", key);
	return a;
}

static int band_of(int32_t wait)
{
	int b = REPORT_WAIT_BANDS - 1;
	while (b > 0 && wait < report_wait_band[b] * 60)
		b--;
	return b;
}

static int add(struct racc *a, const struct report_rating_fact *f)
{
	struct report_rating_row *w = &a->row;
	int lv = f->level - 1, satisfied = f->level < f->scale;

	w->rated++;
	w->satisfied += satisfied;
	w->level[lv]++;
	if (f->reason >= 1 && f->reason <= REPORT_REASONS)
		w->reason[f->reason - 1]++;
	if (f->wait < 0)
		return K_OK;
	w->band[band_of(f->wait)]++;
	w->band_satisfied[band_of(f->wait)] += satisfied;
	int r = report_secs_add(&a->wait, &f->wait, 1);
	return r < 0 ? r : report_secs_add(&a->level_wait[lv], &f->wait, 1);
}

/* The row's waits summed up into out; the accumulator's lists freed. */
static void sum_up(struct racc *a, struct report_rating_row *out)
{
	*out = a->row;
	report_secs_sum_up(&a->wait, &out->wait);
	free(a->wait.v);
	a->wait.v = NULL;
	for (int i = 0; i < REPORT_LEVELS; i++) {
		struct report_times t;
		report_secs_sum_up(&a->level_wait[i], &t);
		out->level_wait[i] = t.median;
		free(a->level_wait[i].v);
		a->level_wait[i].v = NULL;
	}
}

static void rtable_free(struct rtable *t)
{
	for (int i = 0; i < t->n; i++) {
		free(t->v[i].wait.v);
		for (int l = 0; l < REPORT_LEVELS; l++)
			free(t->v[i].level_wait[l].v);
	}
	free(t->v);
}

static int by_number(const void *pa, const void *pb)
{
	const struct racc *const *a = pa, *const *b = pb;
	long x = strtol((*a)->row.key, NULL, 10), y = strtol((*b)->row.key, NULL, 10);
	return (x > y) - (x < y);
}

static int by_key(const void *pa, const void *pb)
{
	const struct racc *const *a = pa, *const *b = pb;
	return strcmp((*a)->row.key, (*b)->row.key);
}

/*
 * Breakdown k's rows: one beside each row of the report's matching
 * breakdown that served a ticket or was rated (a period: every one), in
 * its order; then any rated key the report has no row for, by key.  A
 * channel's row: its ratings of all the tickets served.
 */
static int place(const struct report *r, int k, struct rtable *t, struct report_ratings *x)
{
	int rb = report_rate_by_report(k), n = 0, nrest = 0;
	const struct report_table *tab = rb >= 0 ? &r->by[rb] : NULL;
	struct report_rating_row *rows = calloc((size_t)(t->n + (tab ? tab->n : 0) + 1), sizeof(*rows));
	struct racc **rest = calloc((size_t)t->n + 1, sizeof(*rest));
	struct racc none;

	if (!rows || !rest) {
		free(rows);
		free(rest);
		return K_ERR_NOMEM;
	}
	for (int i = 0; tab && i < tab->n; i++) {
		const struct report_row *row = &tab->rows[i];
		struct racc *a = racc_of(t, row->key, 0);
		if (!a && k != REPORT_RATE_BY_PERIOD && !row->visits_served)
			continue;
		if (!a) {
			memset(&none, 0, sizeof(none));
			snprintf(none.row.key, sizeof(none.row.key), "%s", row->key);
			a = &none;
		}
		a->used = 1;
		sum_up(a, &rows[n]);
		rows[n++].served = row->visits_served;
	}
	for (int i = 0; i < t->n; i++)
		if (!t->v[i].used)
			rest[nrest++] = &t->v[i];
	if (nrest > 1)
		qsort(rest, (size_t)nrest, sizeof(*rest),
		      k == REPORT_RATE_BY_COUNTER ? by_number : by_key);
	for (int i = 0; i < nrest; i++) {
		sum_up(rest[i], &rows[n]);
		rows[n++].served = tab ? 0 : r->total.visits_served;
	}
	free(rest);
	x->by[k].rows = rows;
	x->by[k].n = n;
	return K_OK;
}

int report_ratings_make(struct report *r, const struct kconf *cfg,
			const struct report_rating_facts *f)
{
	struct report_ratings *x = &r->ratings;
	struct rtable t[REPORT_RATE_BY_COUNT];
	struct racc total;
	char period[REPORT_KEY] = "", counter[16];
	int64_t day = INT64_MIN;
	int rc = K_OK;

	memset(t, 0, sizeof(t));
	memset(&total, 0, sizeof(total));
	x->levels = cfg->rating.levels_vi.n;
	x->reasons = cfg->rating.reasons_vi.n;
	/* both channels have their row, rated or not */
	if (!racc_of(&t[REPORT_RATE_BY_CHANNEL], "counter", 1) ||
	    !racc_of(&t[REPORT_RATE_BY_CHANNEL], "phone", 1))
		rc = K_ERR_NOMEM;
	for (int i = 0; i < f->n && rc == K_OK; i++) {
		const struct report_rating_fact *e = &f->v[i];
		if (e->level > x->levels)
			x->levels = e->level;
		if (e->reason > x->reasons && e->reason <= REPORT_REASONS)
			x->reasons = e->reason;
		if (e->day != day) /* the facts come by day */
			report_period_key(day = e->day, r->group, period);
		snprintf(counter, sizeof(counter), "%d", e->counter);
		const char *keys[REPORT_RATE_BY_COUNT] = {
			[REPORT_RATE_BY_PERIOD] = period, [REPORT_RATE_BY_SERVICE] = e->service,
			[REPORT_RATE_BY_COUNTER] = counter, [REPORT_RATE_BY_STAFF] = e->staff,
			[REPORT_RATE_BY_CHANNEL] = e->phone ? "phone" : "counter",
		};
		rc = add(&total, e);
		for (int k = 0; k < REPORT_RATE_BY_COUNT && rc == K_OK; k++) {
			struct racc *a = racc_of(&t[k], keys[k], 1);
			rc = a ? add(a, e) : K_ERR_NOMEM;
		}
	}
	if (rc == K_OK) {
		sum_up(&total, &x->total);
		x->total.served = r->total.visits_served;
	}
	for (int k = 0; k < REPORT_RATE_BY_COUNT && rc == K_OK; k++)
		rc = place(r, k, &t[k], x);
	for (int k = 0; k < REPORT_RATE_BY_COUNT; k++)
		rtable_free(&t[k]);
	free(total.wait.v);
	for (int l = 0; l < REPORT_LEVELS; l++)
		free(total.level_wait[l].v);
	return rc;
}

void report_ratings_free(struct report_ratings *x)
{
	for (int k = 0; k < REPORT_RATE_BY_COUNT; k++) {
		free(x->by[k].rows);
		x->by[k].rows = NULL;
		x->by[k].n = 0;
	}
}
