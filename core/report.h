/*
 * report.h - the figures of the station's reports: how many citizens came,
 * how long they waited, how long they were served, at which hours, at
 * which counters (docs/reports.md defines each one).
 *
 * A report is built from two kinds of facts of each day:
 *   - a ticket: its issue service, hour and source, the counter and staff
 *     member that first called it, how it ended, its wait (issue, or the
 *     service's opening if later, to its first call);
 *   - a visit: a ticket at a counter, from its call to its end (served,
 *     transferred on, no-show), with the service time (start, or the call
 *     if nobody pressed start, to the end) and who was at the counter.
 * A closed day's facts are kept as the day's aggregates (report_close_days(),
 * the reports tables: no numbers, no booking ids, nothing about a person),
 * so a report works after [queue] keep_days purged the tickets; today, and
 * a closed day not yet aggregated, are read from the tickets themselves by
 * the same code.
 *
 * The citizens' ratings of the range (struct report_ratings) are read from
 * the ratings table itself, kept as long as the aggregates.
 *
 * Times are seconds; a mean, median, p90 of nothing is REPORT_NONE.
 */
#ifndef REPORT_H
#define REPORT_H

#include <stdint.h>

#include "kconf.h"

struct kdb;

#define REPORT_NONE (-1)
#define REPORT_MAX_DAYS 1096  /* a range of at most 3 years (and a day) */
#define REPORT_KEY 40

/* The breakdowns, in the order the JSON, CSV and XLSX give them. */
enum report_by {
	REPORT_BY_PERIOD,   /* per day, ISO week or month of the range (report_group) */
	REPORT_BY_SERVICE,
	REPORT_BY_HOUR,     /* local hour of the day, 0-23 */
	REPORT_BY_COUNTER,  /* "0": never called */
	REPORT_BY_STAFF,    /* the staff account's name; "": nobody signed at the counter */
	REPORT_BY_SOURCE,   /* walkin, booking, staff */
	REPORT_BY_WEEKDAY,  /* 1 = Monday .. 7 = Sunday */
	REPORT_BY_COUNT
};

enum report_group { REPORT_GROUP_DAY, REPORT_GROUP_WEEK, REPORT_GROUP_MONTH, REPORT_GROUP_COUNT };

/* Wait or service times of a set of tickets or visits. */
struct report_times {
	int n;
	int64_t mean, median, p90, max;   /* seconds, REPORT_NONE when n == 0 */
};

/* One row of a breakdown (or the total): every figure of docs/reports.md. */
struct report_row {
	char key[REPORT_KEY];
	/* tickets, by their issue attributes */
	int issued, served, noshow, transferred, waiting_at_close, unfinished;
	int priority, offline;
	int refused_closed, refused_cap, refused_disabled;
	int bk_checked_in, bk_on_time, bk_early, bk_late, bk_noshow;
	struct report_times wait;         /* issue (or opening) -> first call */
	int sl_within, sl_of;             /* service level: called within target / called + never called */
	/* visits, by the counter, staff, service and hour of the call */
	int visits, visits_served, visits_transferred, visits_noshow;
	struct report_times service;      /* start (or call) -> end, served and transferred visits */
	int printer_faults;               /* period and total rows only */
	double days;                      /* days of the range in this row (hour rows: averages) */
};

struct report_table {
	int n;
	struct report_row *rows;
};

/* A day-by-hour grid of the range: arrivals and the median wait of the
 * tickets issued in that hour of that day (REPORT_NONE: nobody called). */
struct report_heat {
	int ndays, first_hour, nhours;    /* hours first_hour .. first_hour + nhours - 1 */
	int64_t *day;                     /* ndays day numbers */
	int *arrivals;                    /* [d * nhours + h] */
	int64_t *median_wait;             /* [d * nhours + h] */
};

/* ---- citizens' ratings (issue 18), read straight from the ratings table ---- */

#define REPORT_LEVELS 5        /* a rating's level: 1 (the best) .. its scale, at most 5 */
#define REPORT_REASONS 8       /* a reason: 1 .. 8 ([rating] reasons), 0 = none given */
#define REPORT_WAIT_BANDS 4    /* the rated tickets' waits: 0-10, 10-20, 20-40, 40+ minutes */

/* The bands' lower bounds in minutes; each ends where the next begins, the last never. */
extern const int report_wait_band[REPORT_WAIT_BANDS];

/* The ratings' breakdowns, in the order the JSON and the files give them. */
enum report_rate_by {
	REPORT_RATE_BY_PERIOD,   /* the ticket's day, grouped as the report's periods */
	REPORT_RATE_BY_SERVICE,  /* the service it was served in */
	REPORT_RATE_BY_COUNTER,
	REPORT_RATE_BY_STAFF,    /* the account at the counter when it finished; "" unknown */
	REPORT_RATE_BY_CHANNEL,  /* counter, phone */
	REPORT_RATE_BY_COUNT
};

/* One row of a ratings breakdown (or their total): docs/reports.md, "Ratings". */
struct report_rating_row {
	char key[REPORT_KEY];
	int rated;                          /* ratings */
	int served;                         /* tickets served there (visits ended done; a channel: all) */
	int satisfied;                      /* rated better than the worst level of their scale */
	int level[REPORT_LEVELS];           /* ratings of level i + 1 */
	int64_t level_wait[REPORT_LEVELS];  /* the median wait of those (known), REPORT_NONE */
	int reason[REPORT_REASONS];         /* ratings that gave reason i + 1 */
	struct report_times wait;           /* the rated tickets' waits, where known */
	int band[REPORT_WAIT_BANDS];        /* rated tickets that waited within band i */
	int band_satisfied[REPORT_WAIT_BANDS];
};

struct report_ratings {
	int levels;    /* columns: levels 1..levels ([rating] levels_vi, more if a rating has them) */
	int reasons;   /* and reasons 1..reasons (the same rule) */
	struct report_rating_row total;
	struct {
		int n;
		struct report_rating_row *rows;
	} by[REPORT_RATE_BY_COUNT];
};

struct report {
	int64_t from, to;                 /* day numbers (kclock_day), both included */
	int group;                        /* enum report_group */
	int target_wait;                  /* [reports] target_wait, minutes */
	int closed_days, open_days;       /* days read from aggregates / from tickets */
	int working_days;                 /* days of the range with a ticket */
	struct report_row total;
	struct report_table by[REPORT_BY_COUNT];
	struct report_heat heat;
	struct report_ratings ratings;
};

/* The names the JSON and the files use: "period", "service", ... and
 * "day", "week", "month". */
const char *report_by_name(int by);
const char *report_group_name(int group);
const char *report_rate_by_name(int by);   /* "period", ... "channel" */
/* The report's breakdown whose rows hold the tickets served that a ratings
 * breakdown's row counts (REPORT_BY_SERVICE for REPORT_RATE_BY_SERVICE ...);
 * -1 for the channels. */
int report_rate_by_report(int by);
int report_group_parse(const char *s);   /* enum value or -1 */

/*
 * Aggregate every day before `before` that has tickets (or refusals) and
 * no aggregates, or aggregates counting fewer tickets than it has now (one
 * pushed late by a kiosk); in db's open transaction, else in one of its
 * own.  The daily upkeep (core/queue_maint.c) runs it for every day before
 * today, then purges the tickets past [queue] keep_days and the aggregates
 * past [reports] keep_days; the day's rollover runs it for the days it is
 * about to purge (done already, unless the upkeep did not run).
 * *closed: how many days were aggregated.
 */
int report_close_days(struct kdb *db, const struct kconf *cfg, int64_t before, int *closed);

/*
 * Build the report of days from..to (both included, from <= to, at most
 * REPORT_MAX_DAYS) as seen at time now: closed days from their aggregates
 * when there are, else (and today) from their tickets, in one read
 * transaction on db (a connection of the caller's own: a long report
 * never holds the queue's).  *out is freed
 * with report_free().  K_ERR_INVALID for a bad range, K_ERR_NOMEM, K_ERR_DB.
 */
int report_build(struct kdb *db, const struct kconf *cfg, int64_t from, int64_t to, int group,
		 int64_t now, struct report **out);
void report_free(struct report *r);

/*
 * A range from the outside (a query, a command line): from and to as
 * YYYY-MM-DD into day numbers.  0, or K_ERR_INVALID with *code
 * ("bad_date", "bad_range": to before from, "range_too_long": over
 * REPORT_MAX_DAYS) and *msg, an English sentence for the answer.
 */
int report_range_parse(const char *from, const char *to, int64_t *f, int64_t *t,
		       const char **code, const char **msg);

/* The target wait of service code (its [service] target_wait, else
 * [reports] target_wait), minutes. */
int report_target(const struct kconf *cfg, const char *service);

/* Percentile p (1-100) of n sorted values by nearest rank: the smallest
 * value with at least p % of the values at or under it. REPORT_NONE if n == 0. */
int64_t report_percentile(const int64_t *sorted, int n, int p);

/*
 * The tickets (or visits ...) of one day with the same kind, service,
 * hour, source, counter and staff.  A ticket cell's times are the waits of
 * its called tickets; a visit cell's the service times of its served and
 * transferred visits; sorted.  For REPORT_REFUSAL, the counts are
 * refused_closed in `served`, refused_cap in `noshow`, refused_disabled in
 * `transferred` (the table has one column each).
 */
struct report_cell {
	int64_t day;
	int kind;
	char service[9];
	int hour;
	char source[8];
	int counter;
	char staff[33];
	int n, served, noshow, transferred, waiting, unfinished, priority, offline;
	int bk_on_time, bk_early, bk_late;
	int ntimes;
	int32_t *times;
};

/* A growing list of cells (and the days they cover). */
struct report_cells {
	struct report_cell *v;
	int n, cap;
};

void report_cells_free(struct report_cells *c);

/*
 * The aggregated days (report_days and their report_cells) after the one
 * of made_at after_made and day after_day, in the order of (made_at, day),
 * at most max: fn(arg, day, tickets, made_at, printer_faults, cells) for
 * each, for the province's hub (server/hub_fwd.c); a day aggregated again
 * comes again.  How many, or the error (fn's stops it).
 */
typedef int report_export_fn(void *arg, int64_t day, int64_t tickets, int64_t made_at,
			     int64_t faults, const struct report_cells *cells);
int report_export_days(struct kdb *db, int64_t after_made, int64_t after_day, int max,
		       report_export_fn *fn, void *arg);
/* A cell's kind as the table writes it: "ticket", "visit" ... */
const char *report_kind_name(int kind);

#endif
