/*
 * hub_report_files.c - the province's report as files (hub_reports.h):
 * CSV made as a station's (server/report_csv.c: UTF-8 with a BOM, ';'
 * between fields, a decimal comma, CRLF; times in minutes with one
 * decimal, shares in percent with one decimal, an empty field for a time
 * or share of nothing) and an XLSX sheet by libxlsxwriter (counts as
 * numbers, times as Excel times [h]:mm:ss, shares 0.0%).  A row per
 * station, then the province's.
 */
#include "hub_reports.h"

#include "kerr.h"
#include "klog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

const struct hub_rcol hub_rcols[HUB_RCOLS] = {
	{ "Phiếu", "Tickets", HUB_RCOL_COUNT },
	{ "Đã phục vụ", "Served", HUB_RCOL_COUNT },
	{ "Vắng mặt", "No-shows", HUB_RCOL_COUNT },
	{ "Chờ trung vị", "Median wait", HUB_RCOL_TIME },
	{ "Chờ p90", "Wait p90", HUB_RCOL_TIME },
	{ "Trong thời gian mục tiêu", "Within target", HUB_RCOL_SHARE },
	{ "Lượt đánh giá", "Ratings", HUB_RCOL_COUNT },
	{ "Hài lòng", "Satisfaction", HUB_RCOL_SHARE },
};

static const char *const head_station[2] = { "Trạm", "Station" };
static const char *const head_name[2] = { "Tên", "Name" };
static const char *const province[2] = { "Toàn tỉnh", "Province" };

int hub_rcol_value(const struct hub_report_row *w, int c, double *v)
{
	switch (c) {
	case 0: *v = (double)w->tickets; return 1;
	case 1: *v = (double)w->served; return 1;
	case 2: *v = (double)w->noshow; return 1;
	case 3: *v = (double)w->p50; return w->p50 >= 0;
	case 4: *v = (double)w->p90; return w->p90 >= 0;
	case 5: *v = w->tickets ? (double)w->within / (double)w->tickets : 0; return w->tickets > 0;
	case 6: *v = (double)w->rated; return 1;
	default: *v = w->rated ? (double)w->satisfied / (double)w->rated : 0; return w->rated > 0;
	}
}

/* A text field: quoted if it must be, a formula's first sign defused. */
static void field(FILE *f, const char *s)
{
	if (s[0] && strchr("=+-@", s[0]))
		fputc('\'', f);
	if (!strpbrk(s, ";\"\r\n")) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

/* A figure with one decimal and a decimal comma ("12,5"). */
static void decimal(FILE *f, double v)
{
	char buf[32];
	snprintf(buf, sizeof(buf), "%.1f", v);
	char *dot = strchr(buf, '.');
	if (dot)
		*dot = ',';
	fputs(buf, f);
}

static void csv_row(FILE *f, const struct hub_report_row *w)
{
	field(f, w->station[0] ? w->station : "*");
	fputc(';', f);
	field(f, w->station[0] ? w->name : province[0]);
	for (int c = 0; c < HUB_RCOLS; c++) {
		double v;
		fputc(';', f);
		if (!hub_rcol_value(w, c, &v))
			continue;
		if (hub_rcols[c].kind == HUB_RCOL_COUNT)
			fprintf(f, "%lld", (long long)v);
		else
			decimal(f, hub_rcols[c].kind == HUB_RCOL_TIME ? v / 60 : v * 100);
	}
	fputs("\r\n", f);
}

int hub_report_csv(const struct hub_report *r, unsigned char **buf, size_t *len)
{
	char *text = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&text, &n);
	if (!f)
		return K_ERR_NOMEM;
	fputs("\xEF\xBB\xBF", f);
	fprintf(f, "%s (%s);%s (%s)", head_station[0], head_station[1], head_name[0],
		head_name[1]);
	for (int c = 0; c < HUB_RCOLS; c++)
		fprintf(f, ";%s (%s)%s", hub_rcols[c].vi, hub_rcols[c].en,
			hub_rcols[c].kind == HUB_RCOL_TIME ? " [phút]" :
			hub_rcols[c].kind == HUB_RCOL_SHARE ? " [%]" : "");
	fputs("\r\n", f);
	for (int i = 0; i < r->n; i++)
		csv_row(f, &r->rows[i]);
	if (fclose(f) != 0) {
		free(text);
		return K_ERR_NOMEM;
	}
	*buf = (unsigned char *)text;
	*len = n;
	return K_OK;
}

static int xlsx_write(const struct hub_report *r, const char *path)
{
	char buf[256];
	lxw_workbook *wb = workbook_new(path);
	if (!wb)
		return K_ERR_IO;
	lxw_worksheet *ws = workbook_add_worksheet(wb, "Báo cáo tỉnh");
	lxw_format *head = workbook_add_format(wb), *fmt[3];
	format_set_bold(head);
	format_set_text_wrap(head);
	for (int k = 0; k < 3; k++)
		fmt[k] = workbook_add_format(wb);
	format_set_num_format(fmt[HUB_RCOL_COUNT], "0");
	format_set_num_format(fmt[HUB_RCOL_TIME], "[h]:mm:ss");
	format_set_num_format(fmt[HUB_RCOL_SHARE], "0.0%");
	snprintf(buf, sizeof(buf), "%s (%s)", head_station[0], head_station[1]);
	worksheet_write_string(ws, 0, 0, buf, head);
	snprintf(buf, sizeof(buf), "%s (%s)", head_name[0], head_name[1]);
	worksheet_write_string(ws, 0, 1, buf, head);
	for (int c = 0; c < HUB_RCOLS; c++) {
		snprintf(buf, sizeof(buf), "%s (%s)", hub_rcols[c].vi, hub_rcols[c].en);
		worksheet_write_string(ws, 0, (lxw_col_t)(c + 2), buf, head);
	}
	for (int i = 0; i < r->n; i++) {
		const struct hub_report_row *w = &r->rows[i];
		lxw_row_t y = (lxw_row_t)(i + 1);
		worksheet_write_string(ws, y, 0, w->station[0] ? w->station : "*", NULL);
		worksheet_write_string(ws, y, 1, w->station[0] ? w->name : province[0], NULL);
		for (int c = 0; c < HUB_RCOLS; c++) {
			double v;
			if (hub_rcol_value(w, c, &v))
				worksheet_write_number(ws, y, (lxw_col_t)(c + 2),
						       hub_rcols[c].kind == HUB_RCOL_TIME ? v / 86400 : v,
						       fmt[hub_rcols[c].kind]);
		}
	}
	worksheet_set_column(ws, 0, 1, 24, NULL);
	worksheet_set_column(ws, 2, HUB_RCOLS + 1, 14, NULL);
	worksheet_freeze_panes(ws, 1, 2);
	lxw_error e = workbook_close(wb);
	if (e != LXW_NO_ERROR)
		klog(KLOG_ERR, "report: %s: %s", path, lxw_strerror(e));
	return e == LXW_NO_ERROR ? K_OK : K_ERR_IO;
}

int hub_report_xlsx(const struct hub_report *r, unsigned char **buf, size_t *len)
{
	char path[512];
	const char *dir = getenv("TMPDIR");
	struct stat st;
	snprintf(path, sizeof(path), "%s/hub-report-XXXXXX.xlsx", dir && dir[0] ? dir : "/tmp");
	int fd = mkstemps(path, 5);
	if (fd < 0)
		return K_ERR_IO;
	close(fd);
	int e = xlsx_write(r, path);
	FILE *f = e == K_OK ? fopen(path, "rb") : NULL;
	unlink(path);
	if (e == K_OK && (!f || fstat(fileno(f), &st) != 0))
		e = K_ERR_IO;
	if (e == K_OK && !(*buf = malloc(st.st_size ? (size_t)st.st_size : 1)))
		e = K_ERR_NOMEM;
	if (e == K_OK && fread(*buf, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
		free(*buf);
		*buf = NULL;
		e = K_ERR_IO;
	}
	if (e == K_OK)
		*len = (size_t)st.st_size;
	if (f)
		fclose(f);
	return e;
}
