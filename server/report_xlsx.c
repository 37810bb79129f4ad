/*
 * report_xlsx.c - the report as an XLSX workbook (report_files.h), by
 * libxlsxwriter (linked to station-server only).
 *
 * A sheet per block, in the CSV's order and with its columns; the first
 * row is the header, bold and frozen with the key and name columns, under
 * a filter.  Every figure is a number cell: counts as whole numbers, times
 * as Excel times (seconds / 86400, shown [h]:mm:ss, so a sum or a mean of
 * them in Excel is a time too), shares as fractions shown 0.0%.  A time or
 * share of nothing is an empty cell.  A workbook needs no decimal or list
 * separator, so it opens the same in Excel set up for Vietnam or not.
 * The total's sheet also says the unit, the range, the grouping and the
 * target wait, under the total.  The heat map colours its cells from green
 * (short waits) to red.  The citizens' ratings come last, on one sheet
 * whose first column names each row's breakdown (a filter picks one).
 */
#include "report_files.h"

#include <stdlib.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "kclock.h"
#include "kerr.h"
#include "klog.h"

struct book {
	lxw_workbook *wb;
	lxw_format *head, *count, *time, *share, *days, *rate, *text;
};

#define HEAD_HEIGHT 48    /* three lines of a wrapped header */
#define WIDTH_KEY 22
#define WIDTH_NAME 26
#define WIDTH_FIGURE 14

static lxw_format *number_format(lxw_workbook *wb, const char *fmt)
{
	lxw_format *f = workbook_add_format(wb);
	format_set_num_format(f, fmt);
	return f;
}

static void header(struct book *k, lxw_worksheet *ws, int col, const char *vi, const char *en)
{
	char buf[256];
	snprintf(buf, sizeof(buf), "%s (%s)", vi, en);
	worksheet_write_string(ws, 0, (lxw_col_t)col, buf, k->head);
}

/* The header row, frozen with the first two columns; a filter over the rows. */
static void sheet_frame(lxw_worksheet *ws, int ncols, int nrows)
{
	worksheet_set_row(ws, 0, HEAD_HEIGHT, NULL);
	worksheet_freeze_panes(ws, 1, 2);
	worksheet_autofilter(ws, 0, 0, (lxw_row_t)nrows, (lxw_col_t)(ncols - 1));
}

static void block(struct book *k, const struct report *r, const struct kconf *cfg, int b,
		  lxw_worksheet *ws)
{
	char key[64], name[160];
	int col = 2;

	header(k, ws, 0, rfile_key_head[0], rfile_key_head[1]);
	header(k, ws, 1, rfile_name_head[0], rfile_name_head[1]);
	worksheet_set_column(ws, 0, 0, WIDTH_KEY, NULL);
	worksheet_set_column(ws, 1, 1, WIDTH_NAME, NULL);
	for (int c = 0; c < rfile_ncols; c++) {
		if (!rfile_has(b, c))
			continue;
		const struct rfile_col *rc = &rfile_cols[c];
		header(k, ws, col, rc->vi, rc->en);
		worksheet_set_column(ws, (lxw_col_t)col, (lxw_col_t)col, WIDTH_FIGURE, NULL);
		col++;
	}
	for (int i = 0; i < rfile_nrows(r, b); i++) {
		const struct report_row *row = rfile_row(r, b, i);
		lxw_row_t y = (lxw_row_t)(i + 1);
		rfile_key(r, b, row, key, sizeof(key));
		rfile_name(cfg, b, row->key, name, sizeof(name));
		worksheet_write_string(ws, y, 0, key, k->text);
		worksheet_write_string(ws, y, 1, name, k->text);
		col = 2;
		for (int c = 0; c < rfile_ncols; c++) {
			double v;
			if (!rfile_has(b, c))
				continue;
			int kind = rfile_cols[c].kind;
			if (rfile_value(row, c, &v))
				worksheet_write_number(ws, y, (lxw_col_t)col,
						       kind == RFILE_TIME ? v / 86400 : v,
						       kind == RFILE_TIME  ? k->time :
						       kind == RFILE_SHARE ? k->share :
						       kind == RFILE_DAYS  ? k->days :
						       kind == RFILE_PER_DAY ? k->rate : k->count);
			col++;
		}
	}
	sheet_frame(ws, col, rfile_nrows(r, b));
}

/* Under the total: the unit, the range, the grouping, the target wait. */
static void about(struct book *k, const struct report *r, const struct kconf *cfg,
		  lxw_worksheet *ws)
{
	char from[16], to[16], buf[160];
	const char *const *words[] = { rfile_unit, rfile_from, rfile_to, rfile_group, rfile_target };
	lxw_row_t y = 3;

	kclock_day_str(r->from, from, sizeof(from));
	kclock_day_str(r->to, to, sizeof(to));
	const char *values[] = { cfg->station.name_vi, from, to, rfile_group_word(r->group), NULL };
	for (int i = 0; i < 5; i++, y++) {
		snprintf(buf, sizeof(buf), "%s (%s)", words[i][0], words[i][1]);
		worksheet_write_string(ws, y, 0, buf, k->head);
		if (values[i])
			worksheet_write_string(ws, y, 1, values[i], k->text);
		else
			worksheet_write_number(ws, y, 1, r->target_wait, k->count);
	}
}

static void heat(struct book *k, const struct report *r, lxw_worksheet *ws)
{
	const struct report_heat *h = &r->heat;
	char day[16], wd[32], buf[16];

	header(k, ws, 0, rfile_day_head[0], rfile_day_head[1]);
	header(k, ws, 1, rfile_weekday_head[0], rfile_weekday_head[1]);
	worksheet_set_column(ws, 0, 1, WIDTH_FIGURE, NULL);
	for (int c = 0; c < h->nhours; c++) {
		rfile_hour_head(h->first_hour + c, buf, sizeof(buf));
		worksheet_write_string(ws, 0, (lxw_col_t)(c + 2), buf, k->head);
	}
	if (h->nhours)
		worksheet_set_column(ws, 2, (lxw_col_t)(h->nhours + 1), 9, NULL);
	for (int d = 0; d < h->ndays; d++) {
		lxw_row_t y = (lxw_row_t)(d + 1);
		rfile_heat_day(r, d, day, sizeof(day), wd, sizeof(wd));
		worksheet_write_string(ws, y, 0, day, k->text);
		worksheet_write_string(ws, y, 1, wd, k->text);
		for (int c = 0; c < h->nhours; c++) {
			int64_t m = h->median_wait[d * h->nhours + c];
			if (m != REPORT_NONE)
				worksheet_write_number(ws, y, (lxw_col_t)(c + 2), (double)m / 86400,
						       k->time);
		}
	}
	worksheet_set_row(ws, 0, HEAD_HEIGHT / 2, NULL);
	worksheet_freeze_panes(ws, 1, 2);
	if (h->ndays && h->nhours) {
		lxw_conditional_format cf = { .type = LXW_CONDITIONAL_3_COLOR_SCALE,
					      .min_color = 0x63BE7B, .mid_color = 0xFFEB84,
					      .max_color = 0xF8696B };
		worksheet_conditional_format_range(ws, 1, 2, (lxw_row_t)h->ndays,
						   (lxw_col_t)(h->nhours + 1), &cf);
	}
}

/* The ratings' sheet: the breakdown, the key and the name, then their figures. */
static void ratings(struct book *k, const struct report *r, const struct kconf *cfg,
		    lxw_worksheet *ws)
{
	struct rfile_rcol cols[RFILE_RCOLS];
	int ncols = rfile_rating_cols(r, cfg, cols), nrows = rfile_rating_nrows(r);
	char group[160], key[64], name[160];

	header(k, ws, 0, rfile_breakdown_head[0], rfile_breakdown_head[1]);
	header(k, ws, 1, rfile_key_head[0], rfile_key_head[1]);
	header(k, ws, 2, rfile_name_head[0], rfile_name_head[1]);
	worksheet_set_column(ws, 0, 1, WIDTH_KEY, NULL);
	worksheet_set_column(ws, 2, 2, WIDTH_NAME, NULL);
	worksheet_set_column(ws, 3, (lxw_col_t)(ncols + 2), WIDTH_FIGURE, NULL);
	for (int c = 0; c < ncols; c++)
		header(k, ws, c + 3, cols[c].vi, cols[c].en);
	for (int i = 0; i < nrows; i++) {
		lxw_row_t y = (lxw_row_t)(i + 1);
		const struct report_rating_row *w = rfile_rating_row(r, cfg, i, group, sizeof(group), key,
								     sizeof(key), name, sizeof(name));
		worksheet_write_string(ws, y, 0, group, k->text);
		worksheet_write_string(ws, y, 1, key, k->text);
		worksheet_write_string(ws, y, 2, name, k->text);
		for (int c = 0; c < ncols; c++) {
			double v;
			if (rfile_rating_value(w, &cols[c], &v))
				worksheet_write_number(ws, y, (lxw_col_t)(c + 3),
						       cols[c].kind == RFILE_TIME ? v / 86400 : v,
						       cols[c].kind == RFILE_TIME  ? k->time :
						       cols[c].kind == RFILE_SHARE ? k->share : k->count);
		}
	}
	worksheet_set_row(ws, 0, HEAD_HEIGHT, NULL);
	worksheet_freeze_panes(ws, 1, 3);
	worksheet_autofilter(ws, 0, 0, (lxw_row_t)nrows, (lxw_col_t)(ncols + 2));
}

int report_xlsx_write(const struct report *r, const struct kconf *cfg, const char *path)
{
	struct book k = { .wb = workbook_new(path) };
	lxw_worksheet *ws[RFILE_BLOCKS + 1];  /* and the ratings' */

	if (!k.wb)
		return K_ERR_NOMEM;
	k.head = workbook_add_format(k.wb);
	format_set_bold(k.head);
	format_set_text_wrap(k.head);
	format_set_align(k.head, LXW_ALIGN_VERTICAL_TOP);
	k.count = number_format(k.wb, "0");
	k.time = number_format(k.wb, "[h]:mm:ss");
	k.share = number_format(k.wb, "0.0%");
	k.days = NULL; /* General: 22, or 21.5 */
	k.rate = number_format(k.wb, "0.0");
	k.text = workbook_add_format(k.wb);
	format_set_num_format(k.text, "@");
	for (int b = 0; b <= RFILE_BLOCKS; b++) {
		const char *sheet = b < RFILE_BLOCKS ? rfile_blocks[b].sheet : rfile_ratings.sheet;
		ws[b] = workbook_add_worksheet(k.wb, sheet);
		if (!ws[b]) {
			klog(KLOG_ERR, "report: the sheet %s was refused", sheet);
			workbook_close(k.wb);
			return K_ERR_NOMEM;
		}
	}
	for (int b = 0; b < RFILE_HEAT; b++)
		block(&k, r, cfg, b, ws[b]);
	about(&k, r, cfg, ws[RFILE_TOTAL]);
	heat(&k, r, ws[RFILE_HEAT]);
	ratings(&k, r, cfg, ws[RFILE_BLOCKS]);
	lxw_error e = workbook_close(k.wb);
	if (e != LXW_NO_ERROR) {
		klog(KLOG_ERR, "report: %s: %s", path, lxw_strerror(e));
		return e == LXW_ERROR_MEMORY_MALLOC_FAILED ? K_ERR_NOMEM : K_ERR_IO;
	}
	return K_OK;
}

/* The whole of file path into *buf. */
static int slurp(const char *path, unsigned char **buf, size_t *len)
{
	FILE *f = fopen(path, "rb");
	long n = -1;
	if (f && fseek(f, 0, SEEK_END) == 0)
		n = ftell(f);
	if (!f || n < 0 || fseek(f, 0, SEEK_SET) != 0) {
		if (f)
			fclose(f);
		return K_ERR_IO;
	}
	*buf = malloc(n > 0 ? (size_t)n : 1);
	if (!*buf) {
		fclose(f);
		return K_ERR_NOMEM;
	}
	*len = fread(*buf, 1, (size_t)n, f);
	int bad = ferror(f) || *len != (size_t)n;
	fclose(f);
	if (bad) {
		free(*buf);
		*buf = NULL;
		return K_ERR_IO;
	}
	return K_OK;
}

int report_xlsx_bytes(const struct report *r, const struct kconf *cfg, const char *tmpdir,
		      unsigned char **buf, size_t *len)
{
	char path[512];
	const char *dir = tmpdir ? tmpdir : getenv("TMPDIR");
	snprintf(path, sizeof(path), "%s/report-XXXXXX.xlsx", dir && dir[0] ? dir : "/tmp");
	int fd = mkstemps(path, 5);
	if (fd < 0) {
		klog(KLOG_ERR, "report: no temporary file in %s: %m", dir && dir[0] ? dir : "/tmp");
		return K_ERR_IO;
	}
	close(fd);
	int e = report_xlsx_write(r, cfg, path);
	if (e == K_OK)
		e = slurp(path, buf, len);
	unlink(path);
	return e;
}
