/*
 * report_private.h - what the report's files share (core/report.c,
 * report_day.c, report_rating.c, report_calendar.c, report_secs.c): a
 * day's facts as cells, the ratings of the range, the calendar, a list of
 * seconds summed up.
 */
#ifndef REPORT_PRIVATE_H
#define REPORT_PRIVATE_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "report.h"

/* What a cell counts. */
enum report_kind {
	REPORT_TICKET,   /* tickets, by issue service and hour, first call's counter and staff */
	REPORT_VISIT,    /* visits, by their service, call's hour, counter and staff */
	REPORT_BOOKING,  /* a station's bookings never checked in, by service and slot hour */
	REPORT_REFUSAL,  /* issues refused: n by service, hour, reason (served = closed ...) */
};

/* struct report_cell and report_cells: report.h (the hub's export reads them) */

/*
 * Append day's cells read from its tickets, visits, bookings and
 * refusals, as seen at `now` (today: waiting tickets are "waiting now").
 * *tickets: how many tickets the day has; *faults: printer faults logged.
 */
int report_day_cells(struct kdb *db, const struct kconf *cfg, int64_t day, int64_t now,
		     struct report_cells *out, int *tickets, int *faults);

/* Append the stored aggregates of days from..to (a ticket pushed late for
 * a closed day removes its day's row, core/queue_offline.c: that day is
 * read from its tickets again); done[d - from] = 1 for each day found,
 * faults[d - from] its printer faults. */
int report_load_days(struct kdb *db, int64_t from, int64_t to, struct report_cells *out,
		     unsigned char *done, int *faults);

/* First second of day (kclock_day() numbering) by [queue] day_starts. */
int64_t report_day_start(const struct kconf *cfg, int64_t day);

/* Column col of st's row as a text into out (size bytes, cut to fit; NULL = ""). */
void report_text_col(sqlite3_stmt *st, int col, char *out, size_t size);

/* The calendar (core/report_calendar.c): the day number of a civil date,
 * a day's ISO weekday (1 = Monday .. 7 = Sunday), and its period's key:
 * "2026-11-30", "2026-W49" (ISO week), "2026-11" by enum report_group. */
int64_t report_civil_day(int y, int m, int d);
int report_weekday(int64_t day);
void report_period_key(int64_t day, int group, char key[REPORT_KEY]);

/* A growing list of seconds (core/report_secs.c). */
struct report_secs {
	int32_t *v;
	int n, cap;
};
int report_secs_add(struct report_secs *t, const int32_t *v, int n);
/* n, mean, median, p90, max of t (reordering t). */
void report_secs_sum_up(struct report_secs *t, struct report_times *out);
/* Percentile p (1-100) by nearest rank (reordering t); REPORT_NONE if empty. */
int64_t report_secs_rank(struct report_secs *t, int p);

/* One rating of the range, as the ratings table has it (core/report_rating.c). */
struct report_rating_fact {
	int64_t day;
	char service[9];
	int counter;
	char staff[33];
	int level, scale, reason;
	int32_t wait;          /* seconds; -1 unknown */
	int phone;             /* channel: 0 counter, 1 phone */
};

struct report_rating_facts {
	struct report_rating_fact *v;
	int n, cap;
};

/* Append the ratings of days from..to, in db's open transaction. */
int report_rating_facts(struct kdb *db, int64_t from, int64_t to, struct report_rating_facts *out);

/* r->ratings from the facts, once r's rows are made (their visits served are
 * the response rates' denominators).  K_ERR_NOMEM. */
int report_ratings_make(struct report *r, const struct kconf *cfg,
			const struct report_rating_facts *f);
void report_ratings_free(struct report_ratings *x);

#endif
