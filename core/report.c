/*
 * report.c - a report of a range of days (core/report.h): every day's
 * cells (core/report_day.c) added into the total, each breakdown's rows
 * and the day-by-hour grid; then each row's times into mean, median, p90
 * and max (core/report_secs.c); then the ratings of the range beside the
 * rows (core/report_rating.c).
 */
#include "report_private.h"
#include "kclock.h"
#include "kdb.h"
#include "kerr.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const by_names[REPORT_BY_COUNT] = {
	[REPORT_BY_PERIOD] = "period", [REPORT_BY_SERVICE] = "service", [REPORT_BY_HOUR] = "hour",
	[REPORT_BY_COUNTER] = "counter", [REPORT_BY_STAFF] = "staff",
	[REPORT_BY_SOURCE] = "source", [REPORT_BY_WEEKDAY] = "weekday",
};
static const char *const group_names[REPORT_GROUP_COUNT] = {
	[REPORT_GROUP_DAY] = "day", [REPORT_GROUP_WEEK] = "week", [REPORT_GROUP_MONTH] = "month",
};

const char *report_by_name(int by)
{
	return by >= 0 && by < REPORT_BY_COUNT ? by_names[by] : "";
}

const char *report_group_name(int group)
{
	return group >= 0 && group < REPORT_GROUP_COUNT ? group_names[group] : "";
}

int report_group_parse(const char *s)
{
	for (int i = 0; s && i < REPORT_GROUP_COUNT; i++)
		if (!strcmp(s, group_names[i]))
			return i;
	return -1;
}

int report_target(const struct kconf *cfg, const char *service)
{
	const struct kconf_service *s = kconf_service(cfg, service);
	return s && s->target_wait ? s->target_wait : cfg->reports.target_wait;
}

/* ---- the rows being added up ---------------------------------------- */

struct acc {
	struct report_row row;
	struct report_secs wait, service;
	int order;                 /* where the row goes (a service's place in kiosk.conf ...) */
};

struct table {
	struct acc *v;
	int n, cap, last;
	int *slot;                 /* rows keyed by a small number: 1 + its index, 0 = none */
	int nslots;
};

/* The row with key in t, added (with order) if it is not there. */
static struct acc *row_of(struct table *t, const char *key, int order)
{
	if (t->last < t->n && !strcmp(t->v[t->last].row.key, key))
		return &t->v[t->last];
	for (int i = 0; i < t->n; i++)
		if (!strcmp(t->v[i].row.key, key))
			return &t->v[t->last = i];
	if (t->n == t->cap) {
		int cap = t->cap ? t->cap * 2 : 16;
		struct acc *v = realloc(t->v, (size_t)cap * sizeof(*v));
		if (!v)
			return NULL;
		t->v = v;
		t->cap = cap;
	}
	struct acc *a = &t->v[t->last = t->n++];
	memset(a, 0, sizeof(*a));
	snprintf(a->row.key, sizeof(a->row.key), "%s", key);
	a->order = order;
	return a;
}

/* Count the sorted times at or under limit. */
static int at_most(const int32_t *v, int n, int64_t limit)
{
	int lo = 0, hi = n;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		if (v[mid] <= limit)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int add_cell(struct acc *a, const struct report_cell *c, const struct kconf *cfg)
{
	struct report_row *w = &a->row;
	switch (c->kind) {
	case REPORT_TICKET:
		w->issued += c->n;
		w->served += c->served;
		w->noshow += c->noshow;
		w->transferred += c->transferred;
		w->waiting_at_close += c->waiting;
		w->unfinished += c->unfinished;
		w->priority += c->priority;
		w->offline += c->offline;
		if (!strcmp(c->source, "booking"))
			w->bk_checked_in += c->n;
		w->bk_on_time += c->bk_on_time;
		w->bk_early += c->bk_early;
		w->bk_late += c->bk_late;
		w->sl_within += at_most(c->times, c->ntimes,
					(int64_t)report_target(cfg, c->service) * 60);
		w->sl_of += c->n;
		return report_secs_add(&a->wait, c->times, c->ntimes);
	case REPORT_VISIT:
		w->visits += c->n;
		w->visits_served += c->served;
		w->visits_transferred += c->transferred;
		w->visits_noshow += c->noshow;
		return report_secs_add(&a->service, c->times, c->ntimes);
	case REPORT_BOOKING:
		w->bk_noshow += c->n;
		return K_OK;
	default: /* REPORT_REFUSAL */
		w->refused_closed += c->served;
		w->refused_cap += c->noshow;
		w->refused_disabled += c->transferred;
		return K_OK;
	}
}

static int date_parse(const char *s, int64_t *day)
{
	char local[24];
	int64_t t;
	int y, m, d;
	if (!s || strlen(s) != 10 || strspn(s, "0123456789-") != 10 || s[4] != '-' || s[7] != '-')
		return K_ERR_INVALID;
	snprintf(local, sizeof(local), "%sT12:00", s);
	if (kclock_parse_local(local, &t) < 0 || sscanf(s, "%d-%d-%d", &y, &m, &d) != 3)
		return K_ERR_INVALID; /* 2026-02-30 too */
	*day = report_civil_day(y, m, d);
	return K_OK;
}

int report_range_parse(const char *from, const char *to, int64_t *f, int64_t *t,
		       const char **code, const char **msg)
{
	if (date_parse(from, f) < 0 || date_parse(to, t) < 0) {
		*code = "bad_date";
		*msg = "\"from\" and \"to\" are dates, YYYY-MM-DD";
		return K_ERR_INVALID;
	}
	if (*t < *f) {
		*code = "bad_range";
		*msg = "\"to\" is before \"from\"";
		return K_ERR_INVALID;
	}
	if (*t - *f + 1 > REPORT_MAX_DAYS) {
		*code = "range_too_long";
		*msg = "a report covers at most 3 years (1096 days)";
		return K_ERR_INVALID;
	}
	return K_OK;
}

/* ---- building --------------------------------------------------------- */

struct build {
	const struct kconf *cfg;
	struct report *r;
	struct table by[REPORT_BY_COUNT];
	struct acc total;
	struct report_secs *heat_wait;   /* [day index * 24 + hour] */
	int *heat_arrivals;
	unsigned char *worked;     /* a day with a ticket */
};

static int source_order(const char *s)
{
	return !strcmp(s, "walkin") ? 0 : !strcmp(s, "booking") ? 1 : 2;
}

static int add_to(struct table *t, const char *key, int order, const struct report_cell *c,
		  const struct kconf *cfg)
{
	struct acc *a = row_of(t, key, order);
	return a ? add_cell(a, c, cfg) : K_ERR_NOMEM;
}

/* The same for a row keyed by a small number num (a day of the range, an
 * hour, a counter, a weekday): found by its slot, its key written once. */
static int add_num(struct table *t, int num, int order, int64_t day, int group,
		   const struct report_cell *c, const struct kconf *cfg)
{
	struct acc *a = NULL;
	if (num >= 0 && num < t->nslots && t->slot[num])
		a = &t->v[t->slot[num] - 1];
	if (!a) {
		char key[REPORT_KEY];
		if (group >= 0)
			report_period_key(day, group, key);
		else
			snprintf(key, sizeof(key), "%d", num);
		if (!(a = row_of(t, key, order)))
			return K_ERR_NOMEM;
		if (num >= 0 && num < t->nslots)
			t->slot[num] = (int)(a - t->v) + 1;
	}
	return add_cell(a, c, cfg);
}

static int add(struct build *b, const struct report_cell *c)
{
	const struct kconf *cfg = b->cfg;
	struct report *r = b->r;
	int64_t di = c->day - r->from;
	int per_counter = c->kind == REPORT_TICKET || c->kind == REPORT_VISIT;
	int svc = kconf_service_index(cfg, c->service), wd = report_weekday(c->day);

	int rc = add_cell(&b->total, c, cfg);
	if (rc == K_OK)
		rc = add_num(&b->by[REPORT_BY_PERIOD], (int)di, 0, c->day, r->group, c, cfg);
	if (rc == K_OK)
		rc = add_to(&b->by[REPORT_BY_SERVICE], c->service, svc < 0 ? 1000 : svc, c, cfg);
	if (rc == K_OK)
		rc = add_num(&b->by[REPORT_BY_HOUR], c->hour, c->hour, 0, -1, c, cfg);
	if (rc == K_OK && per_counter)
		rc = add_num(&b->by[REPORT_BY_COUNTER], c->counter, c->counter, 0, -1, c, cfg);
	if (rc == K_OK && per_counter)
		rc = add_to(&b->by[REPORT_BY_STAFF], c->staff, 0, c, cfg);
	if (rc == K_OK && c->kind != REPORT_REFUSAL)
		rc = add_to(&b->by[REPORT_BY_SOURCE], c->source, source_order(c->source), c, cfg);
	if (rc == K_OK)
		rc = add_num(&b->by[REPORT_BY_WEEKDAY], wd, wd, 0, -1, c, cfg);
	if (rc == K_OK && c->kind == REPORT_TICKET) {
		b->worked[di] = 1;
		b->heat_arrivals[di * 24 + c->hour] += c->n;
		rc = report_secs_add(&b->heat_wait[di * 24 + c->hour], c->times, c->ntimes);
	}
	return rc;
}

static void finish_acc(struct acc *a, struct report_row *out)
{
	*out = a->row;
	report_secs_sum_up(&a->wait, &out->wait);
	report_secs_sum_up(&a->service, &out->service);
	free(a->wait.v);
	free(a->service.v);
	a->wait.v = a->service.v = NULL;
}

static int acc_cmp(const void *pa, const void *pb)
{
	const struct acc *a = pa, *b = pb;
	return a->order != b->order ? (a->order > b->order) - (a->order < b->order) :
				      strcmp(a->row.key, b->row.key);
}

static int finish(struct build *b)
{
	struct report *r = b->r;
	int64_t ndays = r->to - r->from + 1;
	int working = 0;

	for (int64_t d = 0; d < ndays; d++)
		working += b->worked[d];
	finish_acc(&b->total, &r->total);
	r->total.days = (double)ndays;
	for (int k = 0; k < REPORT_BY_COUNT; k++) {
		struct table *t = &b->by[k];
		if (t->n)
			qsort(t->v, (size_t)t->n, sizeof(*t->v), acc_cmp);
		r->by[k].rows = calloc((size_t)(t->n ? t->n : 1), sizeof(*r->by[k].rows));
		if (!r->by[k].rows)
			return K_ERR_NOMEM;
		for (int i = 0; i < t->n; i++) {
			struct report_row *row = &r->by[k].rows[i];
			finish_acc(&t->v[i], row);
			if (k != REPORT_BY_PERIOD) /* a period's: counted when made */
				row->days = k == REPORT_BY_HOUR ? working : (double)ndays;
		}
		r->by[k].n = t->n;
		t->n = 0;
	}
	r->working_days = working;

	/* the grid: the hours any day had an arrival */
	int first = 24, last = -1;
	for (int64_t d = 0; d < ndays; d++)
		for (int h = 0; h < 24; h++)
			if (b->heat_arrivals[d * 24 + h]) {
				first = h < first ? h : first;
				last = h > last ? h : last;
			}
	struct report_heat *heat = &r->heat;
	heat->ndays = (int)ndays;
	heat->first_hour = last < 0 ? 0 : first;
	heat->nhours = last < 0 ? 0 : last - first + 1;
	size_t cells = (size_t)heat->ndays * (size_t)heat->nhours + 1;
	heat->day = calloc((size_t)heat->ndays + 1, sizeof(*heat->day));
	heat->arrivals = calloc(cells, sizeof(*heat->arrivals));
	heat->median_wait = calloc(cells, sizeof(*heat->median_wait));
	if (!heat->day || !heat->arrivals || !heat->median_wait)
		return K_ERR_NOMEM;
	for (int64_t d = 0; d < ndays; d++) {
		heat->day[d] = r->from + d;
		for (int h = 0; h < heat->nhours; h++) {
			struct report_secs *t = &b->heat_wait[d * 24 + heat->first_hour + h];
			heat->arrivals[d * heat->nhours + h] = b->heat_arrivals[d * 24 + heat->first_hour + h];
			heat->median_wait[d * heat->nhours + h] =
				report_secs_rank(t, 50);
		}
	}
	return K_OK;
}

static void build_free(struct build *b, int64_t ndays)
{
	for (int k = 0; k < REPORT_BY_COUNT; k++) {
		for (int i = 0; i < b->by[k].n; i++) {
			free(b->by[k].v[i].wait.v);
			free(b->by[k].v[i].service.v);
		}
		free(b->by[k].v);
		free(b->by[k].slot);
	}
	free(b->total.wait.v);
	free(b->total.service.v);
	for (int64_t i = 0; b->heat_wait && i < ndays * 24; i++)
		free(b->heat_wait[i].v);
	free(b->heat_wait);
	free(b->heat_arrivals);
	free(b->worked);
}

static int add_cells(struct build *b, struct report_cells *cells)
{
	int r = K_OK;
	for (int i = 0; i < cells->n && r == K_OK; i++)
		r = add(b, &cells->v[i]);
	report_cells_free(cells);
	return r;
}

int report_build(struct kdb *db, const struct kconf *cfg, int64_t from, int64_t to, int group,
		 int64_t now, struct report **out)
{
	int64_t ndays = to - from + 1, today = kclock_day(now, cfg->queue.day_starts);
	struct build b = { .cfg = cfg };
	struct report_cells cells = { 0 };
	struct report_rating_facts rated = { 0 };
	unsigned char *done = NULL;
	int *faults = NULL;
	int r = K_OK;

	*out = NULL;
	if (ndays < 1 || ndays > REPORT_MAX_DAYS || group < 0 || group >= REPORT_GROUP_COUNT)
		return K_ERR_INVALID;
	b.r = calloc(1, sizeof(*b.r));
	b.heat_wait = calloc((size_t)ndays * 24, sizeof(*b.heat_wait));
	b.heat_arrivals = calloc((size_t)ndays * 24, sizeof(*b.heat_arrivals));
	b.worked = calloc((size_t)ndays, 1);
	done = calloc((size_t)ndays, 1);
	faults = calloc((size_t)ndays, sizeof(*faults));
	if (!b.r || !b.heat_wait || !b.heat_arrivals || !b.worked || !done || !faults) {
		r = K_ERR_NOMEM;
		goto out;
	}
	b.r->from = from;
	b.r->to = to;
	b.r->group = group;
	b.r->target_wait = cfg->reports.target_wait;
	/* slots for the rows keyed by a number (a day of the range, an hour,
	 * a counter, a weekday); every period of the range has its row */
	static const int nslots[REPORT_BY_COUNT] = {
		[REPORT_BY_HOUR] = 24, [REPORT_BY_COUNTER] = 100, [REPORT_BY_WEEKDAY] = 8,
	};
	for (int k = 0; k < REPORT_BY_COUNT; k++) {
		b.by[k].nslots = k == REPORT_BY_PERIOD ? (int)ndays : nslots[k];
		if (b.by[k].nslots && !(b.by[k].slot = calloc((size_t)b.by[k].nslots, sizeof(int)))) {
			r = K_ERR_NOMEM;
			goto out;
		}
	}
	for (int64_t d = 0; d < ndays; d++) {
		char key[REPORT_KEY];
		struct table *t = &b.by[REPORT_BY_PERIOD];
		struct acc *a;
		report_period_key(from + d, group, key);
		if (!(a = row_of(t, key, 0))) {
			r = K_ERR_NOMEM;
			goto out;
		}
		t->slot[d] = (int)(a - t->v) + 1;
		a->row.days += 1; /* a period's days are those of the range in it */
	}

	/* one read transaction: the days and the aggregates agree */
	r = kdb_exec(db, "BEGIN", "report");
	if (r < 0)
		goto out;
	r = report_load_days(db, from, to < today ? to : today - 1, &cells, done, faults);
	if (r == K_OK)
		r = add_cells(&b, &cells);
	for (int64_t d = 0; d < ndays && r == K_OK; d++) {
		int tickets = 0;
		if (done[d])
			continue;
		if (from + d > today)
			break;
		r = report_day_cells(db, cfg, from + d, from + d < today ? INT64_MAX : now, &cells,
				     &tickets, &faults[d]);
		if (r == K_OK)
			r = add_cells(&b, &cells);
		b.r->open_days += tickets > 0;
	}
	if (r == K_OK)
		r = report_rating_facts(db, from, to, &rated);
	kdb_exec(db, "COMMIT", "report");
	for (int64_t d = 0; d < ndays && r == K_OK; d++) {
		struct table *t = &b.by[REPORT_BY_PERIOD];
		b.r->closed_days += done[d];
		b.total.row.printer_faults += faults[d];
		t->v[t->slot[d] - 1].row.printer_faults += faults[d];
	}
	if (r == K_OK)
		r = finish(&b);
	if (r == K_OK)
		r = report_ratings_make(b.r, cfg, &rated);
out:
	free(rated.v);
	report_cells_free(&cells);
	build_free(&b, ndays);
	free(done);
	free(faults);
	if (r < 0) {
		report_free(b.r);
		return r;
	}
	*out = b.r;
	return K_OK;
}

void report_free(struct report *r)
{
	if (!r)
		return;
	for (int k = 0; k < REPORT_BY_COUNT; k++)
		free(r->by[k].rows);
	free(r->heat.day);
	free(r->heat.arrivals);
	free(r->heat.median_wait);
	report_ratings_free(&r->ratings);
	free(r);
}
