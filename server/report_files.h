/*
 * report_files.h - the report (core/report.h) as files a supervisor opens
 * in a spreadsheet: CSV (report_csv.c) and XLSX (report_xlsx.c).
 *
 * Both give the same blocks in the same order - the total, each breakdown
 * in enum report_by's order, then the heat map (day x hour, median wait) -
 * and the same columns, from one table here (report_files.c), so a figure
 * stands in the same place in either file.  Each block's rows start with
 * the row's key as the JSON has it ("CAPMOI", "8", "walkin", "2026-03-02")
 * and a name a person reads ("Thứ Hai", "8h–9h", the service's name).
 * Empty cell: a time or share of nothing (REPORT_NONE).
 */
#ifndef REPORT_FILES_H
#define REPORT_FILES_H

#include <stddef.h>
#include <stdio.h>

#include "kconf.h"
#include "report.h"

/*
 * The report as CSV UTF-8 to out (report_csv.c has the choices: BOM, ';',
 * decimal comma).  0, or K_ERR_IO when out could not be written.
 */
int report_csv_write(const struct report *r, const struct kconf *cfg, FILE *out);

/*
 * The report as an XLSX workbook at path (written there directly: the
 * caller renames it into place), one sheet per block.  0, K_ERR_NOMEM or
 * K_ERR_IO.
 */
int report_xlsx_write(const struct report *r, const struct kconf *cfg, const char *path);

/*
 * The same files as bytes in memory (malloc'ed, the caller frees *buf),
 * for an HTTP answer: the XLSX goes through a temporary file in tmpdir
 * (NULL: $TMPDIR, else /tmp), read back and removed.  0, K_ERR_NOMEM or
 * K_ERR_IO.
 */
int report_csv_bytes(const struct report *r, const struct kconf *cfg, unsigned char **buf,
		     size_t *len);
int report_xlsx_bytes(const struct report *r, const struct kconf *cfg, const char *tmpdir,
		      unsigned char **buf, size_t *len);

/* What both writers share (report_files.c); it calls neither. */

/* The blocks: 0 the total, 1 + enum report_by the breakdowns, then the heat map. */
#define RFILE_TOTAL 0
#define RFILE_HEAT (REPORT_BY_COUNT + 1)
#define RFILE_BLOCKS (REPORT_BY_COUNT + 2)

struct rfile_block {
	const char *vi, *en;      /* its title */
	const char *sheet;        /* the XLSX sheet's name (<= 31 characters) */
};
extern const struct rfile_block rfile_blocks[RFILE_BLOCKS];

/* How a column's figure is written. */
enum rfile_kind {
	RFILE_COUNT,    /* a whole number */
	RFILE_TIME,     /* seconds: CSV minutes with one decimal, XLSX [h]:mm:ss */
	RFILE_SHARE,    /* a fraction: CSV percent with one decimal, XLSX 0.0% */
	RFILE_DAYS,     /* a number of days, perhaps a fraction */
	RFILE_PER_DAY   /* a count over the row's days: one decimal */
};

struct rfile_col {
	const char *vi, *en;      /* its header: "Vietnamese (English)" */
	int kind;
	size_t off, off_of;       /* the field in struct report_row; a share's or a rate's denominator */
};
extern const struct rfile_col rfile_cols[];
extern const int rfile_ncols;

/* The two columns before the figures, and the heat map's first two. */
extern const char *const rfile_key_head[2], *const rfile_name_head[2];
extern const char *const rfile_day_head[2], *const rfile_weekday_head[2];

/* Rows of block b (the total: one; the heat map: its days). */
int rfile_nrows(const struct report *r, int b);
const struct report_row *rfile_row(const struct report *r, int b, int i);
/* Does block b have column c (printer faults: period and total only)? */
int rfile_has(int b, int c);
/* Column c of row: 1 and *v (a count, seconds, a fraction, days), or 0 = an empty cell. */
int rfile_value(const struct report_row *row, int c, double *v);
/* The row's key as the JSON has it (the total's: "FROM..TO") and its name for people. */
void rfile_key(const struct report *r, int b, const struct report_row *row, char *buf,
	       size_t len);
void rfile_name(const struct kconf *cfg, int b, const char *key, char *buf, size_t len);
/* The heat map: its day i ("YYYY-MM-DD") and that day's weekday, an hour's header ("8h"). */
void rfile_heat_day(const struct report *r, int i, char *day, size_t dl, char *wd, size_t wl);
void rfile_hour_head(int hour, char *buf, size_t len);
/* The report's range and grouping, for a line above the blocks. */
extern const char *const rfile_title[2], *const rfile_from[2], *const rfile_to[2],
	*const rfile_group[2], *const rfile_target[2], *const rfile_unit[2];
/* After a time column's name in the CSV (its figures are minutes there). */
extern const char rfile_minutes[];
/* enum report_group in words: "ngày (day)" */
const char *rfile_group_word(int group);

/*
 * The citizens' ratings (struct report_ratings): one more block after the
 * heat map (an XLSX sheet of its own), a row for their total and for each
 * row of each of their breakdowns, its first columns the breakdown's name,
 * the row's key and its name; then the figures, as many as the report's
 * levels and reasons make, the levels and reasons named by [rating]'s words.
 */
extern const struct rfile_block rfile_ratings;
extern const char *const rfile_breakdown_head[2];

#define RFILE_RCOLS (5 + 3 * REPORT_LEVELS + REPORT_REASONS + 2 + 2 * REPORT_WAIT_BANDS)
struct rfile_rcol {
	char vi[160], en[160];    /* its header */
	int kind;                 /* RFILE_COUNT, RFILE_TIME or RFILE_SHARE */
	int what, i;              /* the figure (report_files.c) and its level, reason or band */
};
/* r's columns into cols; how many. */
int rfile_rating_cols(const struct report *r, const struct kconf *cfg,
		      struct rfile_rcol cols[RFILE_RCOLS]);
/* Column c of row: 1 and *v, or 0 = an empty cell (a share or a median of nothing). */
int rfile_rating_value(const struct report_rating_row *row, const struct rfile_rcol *c, double *v);
/* The block's rows: the total, then each breakdown's in enum report_rate_by's order. */
int rfile_rating_nrows(const struct report *r);
/* Row i, its breakdown's name (rfile_blocks' "Theo dịch vụ (By service)" ...), key and name. */
const struct report_rating_row *rfile_rating_row(const struct report *r, const struct kconf *cfg,
						 int i, char *group, size_t gl, char *key,
						 size_t kl, char *name, size_t nl);

#endif
