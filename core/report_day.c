/*
 * report_day.c - one day's facts as cells (core/report_private.h): read
 * from the day's tickets, visits, bookings and refusals, or from the
 * aggregates a closed day left; and the closing itself, which stores them.
 *
 * The rules (docs/reports.md): a ticket's wait runs from its issue, or from
 * its issue service's first opening that day if it was issued before it,
 * to its first call (a recall or a later call after a no-show or a
 * transfer is the same ticket: counted once); each visit's service time
 * runs from start (or the call, if nobody pressed start) to its end, for
 * visits served or transferred on.
 */
#include "report_private.h"
#include "hours.h"
#include "kclock.h"
#include "kdb.h"
#include "kerr.h"

#include <stdlib.h>
#include <string.h>

int64_t report_day_start(const struct kconf *cfg, int64_t day)
{
	return day * 86400 - 7 * 3600 + (int64_t)cfg->queue.day_starts * 60;
}

void report_cells_free(struct report_cells *c)
{
	for (int i = 0; i < c->n; i++)
		free(c->v[i].times);
	free(c->v);
	memset(c, 0, sizeof(*c));
}

static struct report_cell *cells_add(struct report_cells *c)
{
	if (c->n == c->cap) {
		int cap = c->cap ? c->cap * 2 : 64;
		struct report_cell *v = realloc(c->v, (size_t)cap * sizeof(*v));
		if (!v)
			return NULL;
		c->v = v;
		c->cap = cap;
	}
	struct report_cell *cell = &c->v[c->n++];
	memset(cell, 0, sizeof(*cell));
	return cell;
}

/* One ticket, visit, booking or refusal, before it is grouped into a cell. */
struct fact {
	struct report_cell c;  /* n = 1 (refusals: their count), no times */
	int32_t time;          /* wait or service time; -1 = none */
};

struct facts {
	struct fact *v;
	int n, cap;
};

static struct fact *fact_add(struct facts *f, int64_t day, int kind)
{
	if (f->n == f->cap) {
		int cap = f->cap ? f->cap * 2 : 256;
		struct fact *v = realloc(f->v, (size_t)cap * sizeof(*v));
		if (!v)
			return NULL;
		f->v = v;
		f->cap = cap;
	}
	struct fact *x = &f->v[f->n++];
	memset(x, 0, sizeof(*x));
	x->c.day = day;
	x->c.kind = kind;
	x->c.n = 1;
	x->time = -1;
	return x;
}

void report_text_col(sqlite3_stmt *st, int col, char *out, size_t size)
{
	const unsigned char *s = sqlite3_column_text(st, col);
	size_t n = s ? strlen((const char *)s) : 0;
	if (n >= size)
		n = size - 1;
	memcpy(out, s ? (const char *)s : "", n);
	out[n] = '\0';
}

static int hour_of(int64_t t)
{
	struct klocal lt;
	kclock_local(t, &lt);
	return lt.hour;
}

/* When service code first opens on the calendar day of t; 0 = not that day. */
static int64_t opening(const struct kconf *cfg, const char *code, int64_t t)
{
	return hours_first_opening(cfg, kconf_service(cfg, code), t);
}

static int32_t clamp_secs(int64_t d)
{
	return d < 0 ? 0 : d > INT32_MAX ? INT32_MAX : (int32_t)d;
}

static void visit_fact(struct fact *x, const char *outcome, int64_t called, int64_t started,
		       int64_t ended)
{
	x->c.hour = hour_of(called);
	if (!strcmp(outcome, "done"))
		x->c.served = 1;
	else if (!strcmp(outcome, "transferred"))
		x->c.transferred = 1;
	else if (!strcmp(outcome, "noshow"))
		x->c.noshow = 1;
	else
		x->c.unfinished = 1; /* expired with its day, or at the counter now */
	if (x->c.served || x->c.transferred)
		x->time = clamp_secs(ended - (started ? started : called));
}

static int ticket_facts(struct kdb *db, const struct kconf *cfg, int64_t day, struct facts *f)
{
	sqlite3_stmt *st = NULL;
	int r = kdb_prepare_bind(db, &st,
		"SELECT t.issue_service, t.issued_at, t.source, t.priority, t.offline, t.state,"
		" t.transfers, t.booked_slot, t.booked_end, t.called_at, COALESCE(t.counter, 0),"
		" t.started_at, t.finished_at, t.service,"
		" v.counter, COALESCE(v.staff, ''), v.called_at,"
		" (SELECT outcome FROM visits WHERE ticket = t.id ORDER BY id DESC LIMIT 1)"
		" FROM tickets t LEFT JOIN visits v"
		"  ON v.id = (SELECT MIN(id) FROM visits WHERE ticket = t.id)"
		" WHERE t.day = ?1", "i", day);
	int rc = SQLITE_DONE;

	while (r == K_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct fact *x = fact_add(f, day, REPORT_TICKET);
		if (!x) {
			r = K_ERR_NOMEM;
			break;
		}
		char state[12], last[16];
		int64_t issued = sqlite3_column_int64(st, 1);
		int has_visit = sqlite3_column_type(st, 14) != SQLITE_NULL;
		int64_t first_call = has_visit ? sqlite3_column_int64(st, 16) :
						 sqlite3_column_int64(st, 9); /* 0: never */
		report_text_col(st, 0, x->c.service, sizeof(x->c.service));
		report_text_col(st, 2, x->c.source, sizeof(x->c.source));
		report_text_col(st, 5, state, sizeof(state));
		report_text_col(st, 17, last, sizeof(last));
		x->c.hour = hour_of(issued);
		x->c.priority = sqlite3_column_int(st, 3);
		x->c.offline = sqlite3_column_int(st, 4);
		x->c.transferred = sqlite3_column_int(st, 6) > 0;
		x->c.counter = has_visit ? sqlite3_column_int(st, 14) :
			       first_call ? sqlite3_column_int(st, 10) : 0;
		if (has_visit)
			report_text_col(st, 15, x->c.staff, sizeof(x->c.staff));
		if (!strcmp(state, "done"))
			x->c.served = 1;
		else if (!strcmp(state, "noshow"))
			x->c.noshow = 1;
		else if (!strcmp(state, "called") || !strcmp(state, "serving") ||
			 (!strcmp(state, "expired") && (!strcmp(last, "expired") ||
							(!has_visit && first_call))))
			x->c.unfinished = 1;
		else
			x->c.waiting = 1; /* waiting now, or when its day closed */
		if (first_call) {
			int64_t open = opening(cfg, x->c.service, issued);
			int64_t from = open > issued ? open : issued;
			x->time = clamp_secs(first_call - from);
		}
		if (!strcmp(x->c.source, "booking") && sqlite3_column_type(st, 7) != SQLITE_NULL) {
			int64_t slot = sqlite3_column_int64(st, 7), end = sqlite3_column_int64(st, 8);
			x->c.bk_early = issued < slot;
			x->c.bk_late = issued > end;
			x->c.bk_on_time = !x->c.bk_early && !x->c.bk_late;
		}
		if (!has_visit && first_call) {
			/* a ticket from before visits were kept (schema 13): its one
			 * visit is what its row says */
			struct report_cell t = x->c;
			struct fact *v = fact_add(f, day, REPORT_VISIT);
			if (!v) {
				r = K_ERR_NOMEM;
				break;
			}
			report_text_col(st, 13, v->c.service, sizeof(v->c.service));
			memcpy(v->c.source, t.source, sizeof(v->c.source));
			v->c.counter = t.counter;
			visit_fact(v, !strcmp(state, "done") ? "done" :
				      !strcmp(state, "noshow") ? "noshow" : "expired",
				   first_call, sqlite3_column_int64(st, 11), sqlite3_column_int64(st, 12));
		}
	}
	if (r == K_OK && rc != SQLITE_DONE)
		r = kdb_error(db, rc, "report tickets");
	kdb_done(db, st);
	return r;
}

static int visit_facts(struct kdb *db, int64_t day, struct facts *f)
{
	sqlite3_stmt *st = NULL;
	int r = kdb_prepare_bind(db, &st,
		"SELECT v.service, v.counter, COALESCE(v.staff, ''), v.called_at,"
		" COALESCE(v.started_at, 0), COALESCE(v.ended_at, 0), COALESCE(v.outcome, ''), t.source"
		" FROM visits v JOIN tickets t ON t.id = v.ticket WHERE v.day = ?1", "i", day);
	int rc = SQLITE_DONE;

	while (r == K_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct fact *x = fact_add(f, day, REPORT_VISIT);
		char outcome[16];
		if (!x) {
			r = K_ERR_NOMEM;
			break;
		}
		report_text_col(st, 0, x->c.service, sizeof(x->c.service));
		x->c.counter = sqlite3_column_int(st, 1);
		report_text_col(st, 2, x->c.staff, sizeof(x->c.staff));
		report_text_col(st, 6, outcome, sizeof(outcome));
		report_text_col(st, 7, x->c.source, sizeof(x->c.source));
		visit_fact(x, outcome, sqlite3_column_int64(st, 3), sqlite3_column_int64(st, 4),
			   sqlite3_column_int64(st, 5));
	}
	if (r == K_OK && rc != SQLITE_DONE)
		r = kdb_error(db, rc, "report visits");
	kdb_done(db, st);
	return r;
}

/* A station's bookings of day never checked in (whose slot has ended by now),
 * and the issues refused that day. */
static int other_facts(struct kdb *db, const struct kconf *cfg, int64_t day, int64_t now,
		       struct facts *f)
{
	sqlite3_stmt *st = NULL;
	int64_t start = report_day_start(cfg, day);
	int rc = SQLITE_DONE, r = kdb_prepare_bind(db, &st,
		"SELECT service, slot FROM bookings WHERE slot >= ?1 AND slot < ?2"
		" AND cancelled_at IS NULL AND checked_in IS NULL AND slot + minutes * 60 <= ?3",
		"iii", start, start + 86400, now);

	while (r == K_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct fact *x = fact_add(f, day, REPORT_BOOKING);
		if (!x) {
			r = K_ERR_NOMEM;
			break;
		}
		report_text_col(st, 0, x->c.service, sizeof(x->c.service));
		strcpy(x->c.source, "booking");
		x->c.hour = hour_of(sqlite3_column_int64(st, 1));
	}
	if (r == K_OK && rc != SQLITE_DONE)
		r = kdb_error(db, rc, "report bookings");
	kdb_done(db, st);
	if (r < 0)
		return r;
	r = kdb_prepare_bind(db, &st, "SELECT service, hour, reason, n FROM refusals WHERE day = ?1",
			     "i", day);
	while (r == K_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct fact *x = fact_add(f, day, REPORT_REFUSAL);
		char reason[12];
		if (!x) {
			r = K_ERR_NOMEM;
			break;
		}
		report_text_col(st, 0, x->c.service, sizeof(x->c.service));
		x->c.hour = sqlite3_column_int(st, 1);
		report_text_col(st, 2, reason, sizeof(reason));
		x->c.n = sqlite3_column_int(st, 3);
		*(!strcmp(reason, "closed") ? &x->c.served :
		  !strcmp(reason, "cap")    ? &x->c.noshow : &x->c.transferred) = x->c.n;
	}
	if (r == K_OK && rc != SQLITE_DONE)
		r = kdb_error(db, rc, "report refusals");
	kdb_done(db, st);
	return r;
}

static int cell_key_cmp(const struct report_cell *a, const struct report_cell *b)
{
	int d;
	if ((d = a->kind - b->kind) != 0 || (d = strcmp(a->service, b->service)) != 0 ||
	    (d = a->hour - b->hour) != 0 || (d = strcmp(a->source, b->source)) != 0 ||
	    (d = a->counter - b->counter) != 0)
		return d;
	return strcmp(a->staff, b->staff);
}

static int fact_cmp(const void *pa, const void *pb)
{
	const struct fact *a = pa, *b = pb;
	int d = cell_key_cmp(&a->c, &b->c);
	return d ? d : (a->time > b->time) - (a->time < b->time);
}

/* Facts with the same key into one cell each, their times sorted. */
static int group(struct facts *f, struct report_cells *out)
{
	if (f->n)
		qsort(f->v, (size_t)f->n, sizeof(*f->v), fact_cmp);
	for (int i = 0; i < f->n;) {
		int j = i, ntimes = 0;
		while (j < f->n && !cell_key_cmp(&f->v[i].c, &f->v[j].c))
			ntimes += f->v[j++].time >= 0;
		struct report_cell *c = cells_add(out);
		if (!c)
			return K_ERR_NOMEM;
		*c = f->v[i].c;
		c->n = 0;
		c->served = c->noshow = c->transferred = c->waiting = c->unfinished = 0;
		c->priority = c->offline = c->bk_on_time = c->bk_early = c->bk_late = 0;
		if (ntimes && !(c->times = malloc((size_t)ntimes * sizeof(*c->times))))
			return K_ERR_NOMEM;
		for (; i < j; i++) {
			const struct report_cell *x = &f->v[i].c;
			c->n += x->n;
			c->served += x->served;
			c->noshow += x->noshow;
			c->transferred += x->transferred;
			c->waiting += x->waiting;
			c->unfinished += x->unfinished;
			c->priority += x->priority;
			c->offline += x->offline;
			c->bk_on_time += x->bk_on_time;
			c->bk_early += x->bk_early;
			c->bk_late += x->bk_late;
			if (f->v[i].time >= 0)
				c->times[c->ntimes++] = f->v[i].time;
		}
	}
	return K_OK;
}

/* Printer faults the devices log holds for [start, start + 1 day): the
 * states queue_device_report() logs as faults (source "printer_fault"). */
static int count_faults(struct kdb *db, int64_t start, int *out)
{
	sqlite3_stmt *st = NULL;
	int64_t v = 0;
	int r = kdb_prepare_bind(db, &st, "SELECT COUNT(*) FROM events WHERE source = 'printer_fault'"
				 " AND at >= ?1 AND at < ?2", "ii", start, start + 86400);
	if (r == K_OK)
		r = kdb_step_int(db, st, &v, 0, "report printer faults");
	*out = (int)v;
	return r;
}

int report_day_cells(struct kdb *db, const struct kconf *cfg, int64_t day, int64_t now,
		     struct report_cells *out, int *tickets, int *faults)
{
	struct facts f = { 0 };
	int64_t start = report_day_start(cfg, day);
	int r = ticket_facts(db, cfg, day, &f);
	if (r == K_OK)
		r = visit_facts(db, day, &f);
	if (r == K_OK)
		r = other_facts(db, cfg, day, now, &f);
	*tickets = 0;
	for (int i = 0; r == K_OK && i < f.n; i++) /* every ticket of the day is one fact */
		*tickets += f.v[i].c.kind == REPORT_TICKET;
	if (r == K_OK)
		r = group(&f, out);
	free(f.v);
	if (r == K_OK)
		r = count_faults(db, start, faults);
	return r;
}

static const char *const kind_names[] = {
	[REPORT_TICKET] = "ticket", [REPORT_VISIT] = "visit",
	[REPORT_BOOKING] = "booking", [REPORT_REFUSAL] = "refusal",
};

static int kind_of(const char *name)
{
	for (int i = 0; i < (int)(sizeof(kind_names) / sizeof(kind_names[0])); i++)
		if (!strcmp(name, kind_names[i]))
			return i;
	return -1;
}

/* Store one closed day: its row and its cells, replacing what it had. */
static int store_day(struct kdb *db, const struct kconf *cfg, int64_t day, int64_t now)
{
	struct report_cells cells = { 0 };
	int tickets = 0, faults = 0;
	sqlite3_stmt *st = NULL;
	int r = report_day_cells(db, cfg, day, INT64_MAX, &cells, &tickets, &faults);

	if (r == K_OK)
		r = kdb_prepare_bind(db, &st, "DELETE FROM report_cells WHERE day = ?1", "i", day);
	if (r == K_OK)
		r = kdb_step_done(db, st, "report replace day");
	if (r == K_OK)
		r = kdb_prepare_bind(db, &st, "INSERT OR REPLACE INTO report_days"
				     " (day, tickets, made_at, printer_faults) VALUES (?1, ?2, ?3, ?4)",
				     "iiii", day, (int64_t)tickets, now, (int64_t)faults);
	if (r == K_OK)
		r = kdb_step_done(db, st, "report day");
	for (int i = 0; i < cells.n && r == K_OK; i++) {
		const struct report_cell *c = &cells.v[i];
		unsigned char *blob = NULL;
		if (c->ntimes && !(blob = malloc((size_t)c->ntimes * 4))) {
			r = K_ERR_NOMEM;
			break;
		}
		for (int k = 0; k < c->ntimes; k++) {
			uint32_t v = (uint32_t)c->times[k];
			for (int b = 0; b < 4; b++)
				blob[k * 4 + b] = (unsigned char)(v >> (8 * b));
		}
		r = kdb_prepare_bind(db, &st,
			"INSERT INTO report_cells (day, kind, service, hour, source, counter, staff, n,"
			" served, noshow, transferred, waiting, unfinished, priority, offline,"
			" bk_on_time, bk_early, bk_late, times) VALUES"
			" (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
			"  ?18, ?19)", "ittitit" "iiiiiiiiiii" "b", day, kind_names[c->kind], c->service,
			(int64_t)c->hour, c->source, (int64_t)c->counter, c->staff, (int64_t)c->n,
			(int64_t)c->served, (int64_t)c->noshow, (int64_t)c->transferred,
			(int64_t)c->waiting, (int64_t)c->unfinished, (int64_t)c->priority,
			(int64_t)c->offline, (int64_t)c->bk_on_time, (int64_t)c->bk_early,
			(int64_t)c->bk_late, (const void *)blob, c->ntimes * 4);
		free(blob);
		if (r == K_OK)
			r = kdb_step_done(db, st, "report cell");
	}
	report_cells_free(&cells);
	return r;
}

int report_close_days(struct kdb *db, const struct kconf *cfg, int64_t before, int *closed)
{
	sqlite3_stmt *st = NULL;
	int64_t days[64];
	int ndays = 0, own = !db->in_txn, rc = SQLITE_DONE;
	int r = own ? kdb_begin(db) : K_OK;

	*closed = 0;
	while (r == K_OK) {
		/* days with tickets (or refusals) and no aggregates, or aggregates
		 * counting other tickets (one pushed late by a kiosk), 64 at a time */
		r = kdb_prepare_bind(db, &st,
			"SELECT x.day FROM (SELECT day, SUM(n) AS n FROM"
			"  (SELECT day, COUNT(*) AS n FROM tickets WHERE day < ?1 GROUP BY day"
			"   UNION ALL SELECT day, 0 FROM refusals WHERE day < ?1 GROUP BY day)"
			"  GROUP BY day) x LEFT JOIN report_days d ON d.day = x.day"
			" WHERE d.day IS NULL OR d.tickets != x.n ORDER BY x.day LIMIT 64", "i", before);
		ndays = 0;
		while (r == K_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
			days[ndays++] = sqlite3_column_int64(st, 0);
		if (r == K_OK && rc != SQLITE_DONE)
			r = kdb_error(db, rc, "report days to close");
		if (r == K_OK)
			kdb_done(db, st);
		for (int i = 0; i < ndays && r == K_OK; i++)
			r = store_day(db, cfg, days[i], report_day_start(cfg, before));
		if (r == K_OK)
			*closed += ndays;
		if (ndays < 64)
			break;
	}
	if (own) {
		if (r == K_OK)
			r = kdb_commit(db);
		if (r < 0)
			kdb_rollback(db);
	}
	return r;
}

int report_load_days(struct kdb *db, int64_t from, int64_t to, struct report_cells *out,
		     unsigned char *done, int *faults)
{
	sqlite3_stmt *st = NULL;
	int rc = SQLITE_DONE, r = kdb_prepare_bind(db, &st,
		"SELECT day, printer_faults FROM report_days WHERE day BETWEEN ?1 AND ?2", "ii",
		from, to);

	while (r == K_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t d = sqlite3_column_int64(st, 0);
		done[d - from] = 1;
		faults[d - from] = sqlite3_column_int(st, 1);
	}
	if (r == K_OK && rc != SQLITE_DONE)
		r = kdb_error(db, rc, "report days");
	kdb_done(db, st);
	if (r < 0)
		return r;
	r = kdb_prepare_bind(db, &st,
		"SELECT day, kind, service, hour, source, counter, staff, n, served, noshow,"
		" transferred, waiting, unfinished, priority, offline, bk_on_time, bk_early, bk_late,"
		" times FROM report_cells WHERE day BETWEEN ?1 AND ?2", "ii", from, to);
	while (r == K_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t d = sqlite3_column_int64(st, 0);
		char kind[12];
		report_text_col(st, 1, kind, sizeof(kind));
		if (!done[d - from] || kind_of(kind) < 0)
			continue;
		struct report_cell *c = cells_add(out);
		if (!c) {
			r = K_ERR_NOMEM;
			break;
		}
		c->day = d;
		c->kind = kind_of(kind);
		report_text_col(st, 2, c->service, sizeof(c->service));
		c->hour = sqlite3_column_int(st, 3);
		report_text_col(st, 4, c->source, sizeof(c->source));
		c->counter = sqlite3_column_int(st, 5);
		report_text_col(st, 6, c->staff, sizeof(c->staff));
		int *f[] = { &c->n, &c->served, &c->noshow, &c->transferred, &c->waiting,
			     &c->unfinished, &c->priority, &c->offline, &c->bk_on_time,
			     &c->bk_early, &c->bk_late };
		for (int k = 0; k < (int)(sizeof(f) / sizeof(f[0])); k++)
			*f[k] = sqlite3_column_int(st, 7 + k);
		const unsigned char *blob = sqlite3_column_blob(st, 18);
		int n = sqlite3_column_bytes(st, 18) / 4;
		if (n > 0 && !(c->times = malloc((size_t)n * sizeof(*c->times)))) {
			r = K_ERR_NOMEM;
			break;
		}
		for (int k = 0; k < n; k++)
			c->times[k] = (int32_t)((uint32_t)blob[k * 4] | (uint32_t)blob[k * 4 + 1] << 8 |
						(uint32_t)blob[k * 4 + 2] << 16 |
						(uint32_t)blob[k * 4 + 3] << 24);
		c->ntimes = n;
	}
	if (r == K_OK && rc != SQLITE_DONE)
		r = kdb_error(db, rc, "report cells");
	kdb_done(db, st);
	return r;
}
