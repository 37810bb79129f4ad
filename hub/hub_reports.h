/*
 * hub_reports.h - the province's reports over a range of days: for each
 * station and for the province, the statistics issue's figures
 * (docs/reports.md) from the stations' day_cells and ratings.
 */
#ifndef HUB_REPORTS_H
#define HUB_REPORTS_H

#include <stddef.h>
#include <stdint.h>

#define HUB_REPORT_MAX_DAYS 1096   /* at most 3 years (and a day), as a station's */

struct hub_report_row {
	char station[64];          /* "" = the province */
	char name[128];
	int64_t tickets, served, noshow;
	int64_t called;            /* tickets with a wait (first called) */
	int64_t p50, p90;          /* seconds, nearest rank; -1 = none */
	int64_t within;            /* called within target minutes, out of tickets */
	int64_t rated, satisfied;  /* ratings, and those better than their scale's worst */
};

struct hub_report {
	char from[11], to[11];     /* YYYY-MM-DD */
	int target;                /* minutes */
	int n;                     /* rows: each station, then the province last */
	struct hub_report_row *rows;
};

struct hub_db;
/* The waits' figures of r's rows (hub_waits.c): every row's station is
 * set and the province's row is last; params: first day, last day, one
 * station or "".  0, K_ERR_DB or K_ERR_NOMEM. */
int hub_report_waits(struct hub_db *db, const char *const params[3], struct hub_report *r);

/* The files (hub_report_files.c): bytes malloc'ed, the caller frees.
 * 0, K_ERR_NOMEM or K_ERR_IO. */
int hub_report_csv(const struct hub_report *r, unsigned char **buf, size_t *len);
int hub_report_xlsx(const struct hub_report *r, unsigned char **buf, size_t *len);

/* The columns both files give, Vietnamese (English). */
enum hub_rcol_kind { HUB_RCOL_COUNT, HUB_RCOL_TIME, HUB_RCOL_SHARE };
struct hub_rcol {
	const char *vi, *en;
	int kind;
};
#define HUB_RCOLS 8
extern const struct hub_rcol hub_rcols[HUB_RCOLS];
/* Column c of row: 1 and *v (a count, seconds, a fraction), 0 = an empty cell. */
int hub_rcol_value(const struct hub_report_row *row, int c, double *v);

#endif
