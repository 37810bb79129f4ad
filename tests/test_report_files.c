/*
 * test_report_files.c - the report's files (server/report_files.h) from a
 * report filled by hand: the CSV read back by the server's own CSV reader
 * (BOM, ';', quoting, CRLF, every block and every figure where it
 * belongs, decimal commas, empty cells for nothing), the XLSX read back by
 * openpyxl (tests/report_xlsx_read.py): the sheets, numbers as numbers,
 * times as Excel times, shares as percent, the bold frozen header, the
 * same figures as the struct.
 */
#include "testutil.h"
#include "csv.h"
#include "kerr.h"
#include "report_files.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ODD_NAME "Cấp \"mới\"; lần đầu"   /* quotes and the separator in a name */

static struct kconf cfg;
static struct report rep;
static struct report_row period[2], service[2], hour[2], counter[2], staff[3], source[2];
static struct report_rating_row rated_service[2], rated_channel[2];
static int64_t heat_days[2], heat_arrivals[6];
static int heat_n[6];
static int64_t heat_wait[6];

/* Every count of a row distinct (s + its place), times in whole tenths of a
 * minute (multiples of 6 s) so their text is exact; s = 0: nothing timed. */
static void fill(struct report_row *w, const char *key, int s)
{
	int *n[] = { &w->issued, &w->served, &w->noshow, &w->transferred, &w->waiting_at_close,
		     &w->unfinished, &w->priority, &w->offline, &w->refused_closed,
		     &w->refused_cap, &w->refused_disabled, &w->bk_checked_in, &w->bk_on_time,
		     &w->bk_early, &w->bk_late, &w->bk_noshow, &w->sl_within, &w->sl_of,
		     &w->visits, &w->visits_served, &w->visits_transferred, &w->visits_noshow,
		     &w->printer_faults };
	memset(w, 0, sizeof(*w));
	snprintf(w->key, sizeof(w->key), "%s", key);
	for (size_t i = 0; i < sizeof(n) / sizeof(n[0]); i++)
		*n[i] = s ? s * 100 + (int)i : 0;
	w->sl_within = s ? 3 * s : 0; /* 3 of 8: 37,5 % */
	w->sl_of = s ? 8 * s : 0;
	struct report_times none = { 0, REPORT_NONE, REPORT_NONE, REPORT_NONE, REPORT_NONE };
	w->wait = s ? (struct report_times){ s, 6 * (10 * s + 1), 6 * (10 * s + 2),
					    6 * (10 * s + 3), 6 * (600 * s + 4) } : none;
	w->service = s ? (struct report_times){ s + 1, 6 * (5 * s + 1), 6 * (5 * s + 2),
					       6 * (5 * s + 3), 6 * (5 * s + 4) } : none;
	w->days = s == 3 ? 2.5 : 7;
}

/* A ratings row: 4 s rated of 8 s + 1 served, 3 s satisfied, levels 2 s, s, s,
 * reasons s + i; times in whole tenths of a minute; s = 0: nothing rated. */
static void fill_rated(struct report_rating_row *w, const char *key, int s)
{
	memset(w, 0, sizeof(*w));
	snprintf(w->key, sizeof(w->key), "%s", key);
	w->rated = 4 * s;
	w->served = 8 * s + 1;
	w->satisfied = 3 * s;
	for (int i = 0; i < REPORT_LEVELS; i++) {
		w->level[i] = i < 3 ? (i == 0 ? 2 * s : s) : 0;
		w->level_wait[i] = s && i < 3 ? 6 * (10 * s + i) : REPORT_NONE;
	}
	for (int i = 0; i < REPORT_REASONS; i++)
		w->reason[i] = i < 5 ? s + i : 0;
	w->wait = s ? (struct report_times){ 3 * s, 60, 6 * (20 * s + 1), 600, 1200 } :
		      (struct report_times){ 0, REPORT_NONE, REPORT_NONE, REPORT_NONE, REPORT_NONE };
	for (int i = 0; i < REPORT_WAIT_BANDS; i++) {
		w->band[i] = i == 2 ? 0 : s;               /* a band nobody waited in */
		w->band_satisfied[i] = i == 1 ? 0 : i == 2 ? 0 : s;
	}
}

static int setup(void **state)
{
	struct kconf_errors errs;
	char text[2048];

	(void)state;
	snprintf(text, sizeof(text), tconf_base, "");
	assert_int_equal(tconf(&cfg, &errs, text), 0);
	snprintf(cfg.services[0].name_vi, sizeof(cfg.services[0].name_vi), "%s", ODD_NAME);
	memset(&rep, 0, sizeof(rep));
	rep.from = kclock_day(tlocal("2026-03-02T12:00"), 0);
	rep.to = rep.from + 6;
	rep.group = REPORT_GROUP_DAY;
	rep.target_wait = 20;
	rep.open_days = 7;
	fill(&rep.total, "", 2);
	rep.total.wait.mean = 750; /* 12,5 minutes */
	fill(&period[0], "2026-03-02", 4);
	fill(&period[1], "2026-03-03", 0);
	fill(&service[0], "A", 5);
	fill(&service[1], "ZZ", 6);      /* not in kiosk.conf (any more) */
	fill(&hour[0], "8", 3);
	fill(&hour[1], "13", 7);
	fill(&counter[0], "0", 8);
	fill(&counter[1], "2", 9);
	fill(&staff[0], "", 10);
	fill(&staff[1], "-an", 11);      /* would be a formula */
	fill(&staff[2], "lan.nguyen", 12);
	fill(&source[0], "walkin", 13);
	fill(&source[1], "booking", 14);
	struct report_row *tables[] = { period, service, hour, counter, staff, source, NULL };
	int sizes[] = { 2, 2, 2, 2, 3, 2, 0 };  /* by weekday: no rows */
	for (int b = 0; b < REPORT_BY_COUNT; b++)
		rep.by[b] = (struct report_table){ sizes[b], tables[b] };
	heat_days[0] = rep.from;         /* a Monday */
	heat_days[1] = rep.from + 6;     /* a Sunday */
	for (int i = 0; i < 6; i++) {
		heat_n[i] = 10 + i;
		heat_wait[i] = i == 4 ? REPORT_NONE : 6 * (10 * i + 5);
	}
	rep.heat = (struct report_heat){ 2, 8, 3, heat_days, heat_n, heat_wait };
	rep.ratings.levels = 3;
	rep.ratings.reasons = 5;
	fill_rated(&rep.ratings.total, "", 2);
	fill_rated(&rated_service[0], "A", 1);
	fill_rated(&rated_service[1], "B", 0);
	fill_rated(&rated_channel[0], "counter", 3);
	fill_rated(&rated_channel[1], "phone", 0);
	rep.ratings.by[REPORT_RATE_BY_SERVICE].n = 2;
	rep.ratings.by[REPORT_RATE_BY_SERVICE].rows = rated_service;
	rep.ratings.by[REPORT_RATE_BY_CHANNEL].n = 2;
	rep.ratings.by[REPORT_RATE_BY_CHANNEL].rows = rated_channel;
	(void)heat_arrivals;
	return 0;
}

/* --- the CSV --- */

static char *csv_text(size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);
	assert_non_null(f);
	assert_int_equal(report_csv_write(&rep, &cfg, f), 0);
	fclose(f);
	return buf;
}

/* The figure as the CSV must write it, from the row's field itself. */
static void expect_text(const struct report_row *w, const struct rfile_col *col, char *buf,
			size_t len)
{
	const char *p = (const char *)w + col->off;
	int64_t s;
	int a, of;
	double d;

	switch (col->kind) {
	case RFILE_TIME:
		memcpy(&s, p, sizeof(s));
		if (s == REPORT_NONE)
			snprintf(buf, len, "%s", "");
		else
			snprintf(buf, len, "%lld,%lld", (long long)(s / 6 / 10),
				 (long long)(s / 6 % 10));
		break;
	case RFILE_SHARE:
		memcpy(&a, p, sizeof(a));
		memcpy(&of, (const char *)w + col->off_of, sizeof(of));
		if (!of)
			snprintf(buf, len, "%s", "");
		else
			snprintf(buf, len, "%d,%d", (2000 * a + of) / (2 * of) / 10,
				 (2000 * a + of) / (2 * of) % 10);
		break;
	case RFILE_DAYS:
		memcpy(&d, p, sizeof(d));
		snprintf(buf, len, d == 2.5 ? "2,5" : "%.0f", d);
		break;
	case RFILE_PER_DAY: {
		memcpy(&a, p, sizeof(a));
		memcpy(&d, (const char *)w + col->off_of, sizeof(d));
		long tenths = lround(a * 10 / d);
		snprintf(buf, len, "%ld,%ld", tenths / 10, tenths % 10);
		break;
	}
	default:
		memcpy(&a, p, sizeof(a));
		snprintf(buf, len, "%d", a);
	}
}

static void next_row(struct csv *c, struct csv_row *row)
{
	char why[128];
	int r = csv_next(c, row, why, sizeof(why));
	if (r != 1)
		fail_msg("line %d: %s", row->line, r ? why : "the end, too early");
}

/* The field of row under header text head (starting so), or NULL if none. */
static const char *under(const struct csv_row *headrow, const struct csv_row *row,
			 const char *head)
{
	for (int i = 0; i < headrow->n && i < row->n; i++)
		if (!strncmp(headrow->f[i], head, strlen(head)))
			return row->f[i];
	return NULL;
}

/* A ratings figure as the CSV writes it: minutes, percent, one decimal. */
static void rating_text(const struct rfile_rcol *col, const struct report_rating_row *w,
			char *buf, size_t len)
{
	double v;
	if (!rfile_rating_value(w, col, &v)) {
		snprintf(buf, len, "%s", "");
		return;
	}
	if (col->kind == RFILE_COUNT) {
		snprintf(buf, len, "%.0f", v);
		return;
	}
	long tenths = lround(col->kind == RFILE_TIME ? v / 6 : v * 1000);
	snprintf(buf, len, "%ld,%ld", tenths / 10, tenths % 10);
}

/* The ratings' block, after the heat map: the breakdown, the key, the name
 * and every figure of its rows. */
static void check_csv_ratings(struct csv *c)
{
	struct rfile_rcol cols[RFILE_RCOLS];
	int ncols = rfile_rating_cols(&rep, &cfg, cols);
	struct csv_row row, h;
	static char heads[64][400];
	char want[64], group[160], key[64], name[160];

	/* 5 + 3 per level + a reason each + 2 + 2 per band */
	assert_int_equal(ncols, 5 + 3 * 3 + 5 + 2 + 2 * REPORT_WAIT_BANDS);
	next_row(c, &row);
	assert_string_equal(row.f[0], "");
	next_row(c, &row);
	assert_int_equal(row.n, 1);
	assert_string_equal(row.f[0], "Đánh giá của công dân (Citizens' ratings)");
	next_row(c, &row);
	h = row;
	for (int i = 0; i < row.n; i++) {
		snprintf(heads[i], sizeof(heads[i]), "%s", row.f[i]);
		h.f[i] = heads[i];
	}
	assert_int_equal(h.n, 3 + ncols);
	assert_string_equal(h.f[0], "Nhóm (Breakdown)");
	assert_string_equal(h.f[1], "Mã (Key)");
	assert_string_equal(h.f[2], "Tên (Name)");
	assert_string_equal(h.f[3], "Số đánh giá (Ratings)");
	assert_string_equal(h.f[7], "Tỷ lệ hài lòng (Satisfaction) – %");
	assert_string_equal(h.f[8], "Mức 1: Rất hài lòng (Level 1: Very satisfied)");
	assert_string_equal(h.f[10], "Chờ trung vị mức 1 (Median wait, level 1) – phút/min");
	assert_string_equal(h.f[17], "Lý do: Chờ lâu (Reason: Long wait)");
	assert_string_equal(h.f[h.n - 1], "Chờ từ 40 phút: tỷ lệ hài lòng (Wait 40+ min: satisfaction) – %");
	assert_int_equal(rfile_rating_nrows(&rep), 5);
	for (int i = 0; i < rfile_rating_nrows(&rep); i++) {
		const struct report_rating_row *w = rfile_rating_row(&rep, &cfg, i, group, sizeof(group),
								     key, sizeof(key), name, sizeof(name));
		next_row(c, &row);
		assert_int_equal(row.n, h.n);
		assert_string_equal(row.f[0], group);
		assert_string_equal(row.f[1], key);
		assert_string_equal(row.f[2], name);
		for (int k = 0; k < ncols; k++) {
			rating_text(&cols[k], w, want, sizeof(want));
			if (strcmp(row.f[3 + k], want))
				fail_msg("ratings row %d %s: '%s', wanted '%s'", i, h.f[3 + k], row.f[3 + k],
					 want);
		}
		if (i == 0) { /* by hand: 8 of 17 served, 6 of 8 satisfied, 2 of 8 at level 3 */
			assert_string_equal(row.f[0], "Tổng (Total)");
			assert_string_equal(under(&h, &row, "Tỷ lệ đánh giá (Response rate)"), "47,1");
			assert_string_equal(under(&h, &row, "Tỷ lệ hài lòng"), "75,0");
			assert_string_equal(under(&h, &row, "Tỷ lệ mức 3"), "25,0");
			assert_string_equal(under(&h, &row, "Chờ trung vị mức 2"), "2,1");
			assert_string_equal(under(&h, &row, "Chờ 20–40 phút: tỷ lệ hài lòng"), "");
		}
		if (i == 1) {
			assert_string_equal(row.f[0], "Theo dịch vụ (By service)");
			assert_string_equal(row.f[2], ODD_NAME);
		}
		if (i == 2) /* nothing rated: shares and medians empty, counts 0 */
			assert_string_equal(under(&h, &row, "Tỷ lệ hài lòng"), "");
		if (i == 3) {
			assert_string_equal(row.f[0], "Theo kênh (By channel)");
			assert_string_equal(row.f[2], "Tại quầy");
		}
		if (i == 4)
			assert_string_equal(row.f[2], "Qua điện thoại");
	}
}

static void the_csv_holds_every_figure_where_it_belongs(void **state)
{
	size_t len;
	char *text = csv_text(&len), why[128], want[64], name[160];
	struct csv *c;
	struct csv_row row, headrow;
	int line;

	(void)state;
	/* UTF-8 with a BOM, CRLF only, no thousands separator in any count */
	assert_memory_equal(text, "\xef\xbb\xbf", 3);
	for (size_t i = 0; i < len; i++)
		if (text[i] == '\n')
			assert_true(i > 0 && text[i - 1] == '\r');
	/* quoting: the name with a quote and a ';' is one quoted field */
	assert_non_null(strstr(text, ";\"Cấp \"\"mới\"\"; lần đầu\";"));
	assert_non_null(strstr(text, "\r\n'-an;"));

	assert_int_equal(csv_open(&c, text, len, 1 << 20, why, sizeof(why), &line), 0);
	next_row(c, &row);   /* the report's line: ';' is the separator */
	assert_int_equal(row.n, 7);
	assert_string_equal(row.f[0], "Báo cáo thống kê (Report)");
	assert_string_equal(row.f[2], "2026-03-02");
	assert_string_equal(row.f[4], "2026-03-08");
	assert_string_equal(row.f[6], "ngày (day)");
	next_row(c, &row);
	assert_string_equal(row.f[1], cfg.station.name_vi);
	assert_string_equal(row.f[3], "20");

	for (int b = 0; b < RFILE_HEAT; b++) {
		char title[160];
		next_row(c, &row);   /* a blank line between blocks */
		assert_int_equal(row.n, 1);
		assert_string_equal(row.f[0], "");
		next_row(c, &row);
		snprintf(title, sizeof(title), "%s (%s)", rfile_blocks[b].vi, rfile_blocks[b].en);
		assert_int_equal(row.n, 1);
		assert_string_equal(row.f[0], title);
		next_row(c, &headrow);
		/* csv.c keeps one row at a time: the header's fields copied */
		static char heads[64][160];
		struct csv_row h = headrow;
		for (int i = 0; i < headrow.n; i++) {
			snprintf(heads[i], sizeof(heads[i]), "%s", headrow.f[i]);
			h.f[i] = heads[i];
		}
		assert_string_equal(h.f[0], "Mã (Key)");
		assert_string_equal(h.f[1], "Tên (Name)");
		int k = 2;
		for (int col = 0; col < rfile_ncols; col++) {
			if (!rfile_has(b, col))
				continue;
			snprintf(title, sizeof(title), "%s (%s)", rfile_cols[col].vi, rfile_cols[col].en);
			assert_true(!strncmp(h.f[k], title, strlen(title)));
			k++;
		}
		assert_int_equal(h.n, k);
		/* printer faults: the total and the periods only */
		assert_true(!under(&h, &h, "Lỗi máy in (Printer faults)") ==
			    !(b == RFILE_TOTAL || b == 1 + REPORT_BY_PERIOD));
		for (int i = 0; i < rfile_nrows(&rep, b); i++) {
			const struct report_row *w = rfile_row(&rep, b, i);
			next_row(c, &row);
			assert_int_equal(row.n, h.n);
			if (b != RFILE_TOTAL) /* a text Excel would run gets an apostrophe */
				assert_string_equal(row.f[0] + (w->key[0] == '-'), w->key);
			k = 2;
			for (int col = 0; col < rfile_ncols; col++) {
				if (!rfile_has(b, col))
					continue;
				expect_text(w, &rfile_cols[col], want, sizeof(want));
				if (strcmp(row.f[k], want))
					fail_msg("block %d row %d %s: '%s', wanted '%s'", b, i, h.f[k],
						 row.f[k], want);
				k++;
			}
			if (b == 1 + REPORT_BY_STAFF && i == 1)
				assert_string_equal(row.f[0], "'-an");
			snprintf(name, sizeof(name), "%s", row.f[1]);
			if (b == RFILE_TOTAL) {
				assert_string_equal(row.f[0], "2026-03-02..2026-03-08");
				/* by name, as a supervisor finds them */
				assert_string_equal(under(&h, &row, "Chờ trung bình (Mean wait) – phút/min"),
						    "12,5");
				assert_string_equal(under(&h, &row, "Đã phục vụ (Served)"), "201");
				assert_string_equal(under(&h, &row, "Tỷ lệ đạt mục tiêu (Service level) – %"),
						    "37,5");
				assert_string_equal(under(&h, &row, "Chờ trung vị (Median wait)"), "2,2");
				assert_string_equal(under(&h, &row, "Chờ lâu nhất (Longest wait)"), "120,4");
				assert_string_equal(under(&h, &row, "Số ngày (Days)"), "7");
				assert_string_equal(under(&h, &row, "Số phiếu mỗi ngày (Issued per day)"),
						    "28,6");
				assert_string_equal(under(&h, &row, "Tỷ lệ cấp khi mất kết nối"), "103,5");
			}
			if (b == 1 + REPORT_BY_PERIOD && i == 1) /* nothing timed: empty fields */
				assert_string_equal(under(&h, &row, "Chờ trung vị (Median wait)"), "");
			if (b == 1 + REPORT_BY_HOUR && i == 0) {
				assert_string_equal(name, "8h–9h");
				assert_string_equal(under(&h, &row, "Số ngày (Days)"), "2,5");
			}
			if (b == 1 + REPORT_BY_SERVICE && i == 0)
				assert_string_equal(name, ODD_NAME);
			if (b == 1 + REPORT_BY_COUNTER && i == 1)
				assert_string_equal(name, "Quầy 2");
			if (b == 1 + REPORT_BY_PERIOD && i == 0)
				assert_string_equal(name, "02/03/2026");
			if (b == 1 + REPORT_BY_SOURCE && i == 0)
				assert_string_equal(name, "Lấy số tại ki-ốt");
		}
	}
	/* the heat map: a day a line, an hour a column, minutes */
	next_row(c, &row);
	assert_string_equal(row.f[0], "");
	next_row(c, &row);
	assert_true(!strncmp(row.f[0], "Bản đồ nhiệt", strlen("Bản đồ nhiệt")));
	next_row(c, &row);
	assert_int_equal(row.n, 5);
	assert_string_equal(row.f[0], "Ngày (Day)");
	assert_string_equal(row.f[2], "8h");
	assert_string_equal(row.f[4], "10h");
	next_row(c, &row);
	assert_string_equal(row.f[0], "2026-03-02");
	assert_string_equal(row.f[1], "Thứ Hai");
	assert_string_equal(row.f[2], "0,5");
	assert_string_equal(row.f[3], "1,5");
	assert_string_equal(row.f[4], "2,5");
	next_row(c, &row);
	assert_string_equal(row.f[0], "2026-03-08");
	assert_string_equal(row.f[1], "Chủ Nhật");
	assert_string_equal(row.f[2], "3,5");
	assert_string_equal(row.f[3], "");  /* nobody called */
	assert_string_equal(row.f[4], "5,5");
	check_csv_ratings(c);
	assert_int_equal(csv_next(c, &row, why, sizeof(why)), 0);
	csv_close(c);
	free(text);
}

/* --- the XLSX, read back by openpyxl --- */

static json_t *xlsx_read(const char *path)
{
	char cmd[1024];
	const char *src = getenv("KIOSK_SRC");
	snprintf(cmd, sizeof(cmd), "/usr/bin/python3 %s/tests/report_xlsx_read.py '%s'",
		 src ? src : ".", path);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	json_error_t e;
	json_t *j = json_loadf(p, 0, &e);
	assert_int_equal(pclose(p), 0);
	if (!j)
		fail_msg("openpyxl's answer: %s", e.text);
	return j;
}

static const json_t *cell(const json_t *sheet, int y, int x)
{
	return json_array_get(json_array_get(json_object_get(sheet, "rows"), (size_t)y), (size_t)x);
}

static const char *cell_text(const json_t *sheet, int y, int x)
{
	const char *s = json_string_value(json_object_get(cell(sheet, y, x), "v"));
	return s ? s : "(not a text)";
}

/* A figure: a number cell of the right format, its value the struct's. */
static void expect_cell(const json_t *sheet, int y, int x, const struct report_row *w,
			const struct rfile_col *col)
{
	const json_t *c = cell(sheet, y, x);
	const char *p = (const char *)w + col->off, *t, *f;
	int64_t s;
	int a, of;
	double want, d;

	memcpy(&s, p, sizeof(s));
	memcpy(&a, p, sizeof(a));
	memcpy(&d, p, sizeof(d));
	memcpy(&of, (const char *)w + col->off_of, sizeof(of));
	if ((col->kind == RFILE_TIME && s == REPORT_NONE) || (col->kind == RFILE_SHARE && !of)) {
		if (!json_is_null(c))
			fail_msg("%s row %d: a value where there is none", col->en, y);
		return;
	}
	if (!c)
		fail_msg("%s row %d: no cell", col->en, y);
	t = json_string_value(json_object_get(c, "t"));
	f = json_string_value(json_object_get(c, "f"));
	/* openpyxl gives a number in a time format as a time ("d"): it is stored a number */
	assert_string_equal(t, col->kind == RFILE_TIME ? "d" : "n");
	want = col->kind == RFILE_TIME ? (double)s / 86400 : col->kind == RFILE_SHARE ?
	       (double)a / of : col->kind == RFILE_DAYS ? d : a;
	if (col->kind == RFILE_PER_DAY)
		want = a / w->days;
	assert_string_equal(f, col->kind == RFILE_TIME ? "[h]:mm:ss" :
			       col->kind == RFILE_SHARE ? "0.0%" :
			       col->kind == RFILE_DAYS ? "General" :
			       col->kind == RFILE_PER_DAY ? "0.0" : "0");
	double got = json_number_value(json_object_get(c, "v"));
	if (fabs(got - want) > (col->kind == RFILE_TIME ? 0.001 / 86400 : 1e-9))
		fail_msg("%s row %d: %.9f, wanted %.9f", col->en, y, got, want);
}

/* The ratings' sheet: its header, and every figure a number of its kind. */
static void check_xlsx_ratings(const json_t *sh)
{
	struct rfile_rcol cols[RFILE_RCOLS];
	int ncols = rfile_rating_cols(&rep, &cfg, cols);
	char group[160], key[64], name[160], title[400];

	assert_non_null(sh);
	assert_string_equal(json_string_value(json_object_get(sh, "freeze")), "D2");
	assert_string_equal(cell_text(sh, 0, 0), "Nhóm (Breakdown)");
	assert_true(json_is_true(json_object_get(cell(sh, 0, 0), "b")));
	assert_int_equal(json_array_size(json_object_get(sh, "rows")), 1 + rfile_rating_nrows(&rep));
	for (int k = 0; k < ncols; k++) {
		snprintf(title, sizeof(title), "%s (%s)", cols[k].vi, cols[k].en);
		assert_string_equal(cell_text(sh, 0, 3 + k), title);
	}
	for (int i = 0; i < rfile_rating_nrows(&rep); i++) {
		const struct report_rating_row *w = rfile_rating_row(&rep, &cfg, i, group, sizeof(group),
								     key, sizeof(key), name, sizeof(name));
		assert_string_equal(cell_text(sh, i + 1, 0), group);
		assert_string_equal(cell_text(sh, i + 1, 1), key);
		assert_string_equal(cell_text(sh, i + 1, 2), name);
		for (int k = 0; k < ncols; k++) {
			const json_t *c = cell(sh, i + 1, 3 + k);
			double v;
			if (!rfile_rating_value(w, &cols[k], &v)) {
				if (!json_is_null(c))
					fail_msg("ratings row %d %s: a value where there is none", i, cols[k].en);
				continue;
			}
			const char *t = json_string_value(json_object_get(c, "t"));
			const char *f = json_string_value(json_object_get(c, "f"));
			assert_string_equal(t, cols[k].kind == RFILE_TIME ? "d" : "n");
			assert_string_equal(f, cols[k].kind == RFILE_TIME ? "[h]:mm:ss" :
					       cols[k].kind == RFILE_SHARE ? "0.0%" : "0");
			double got = json_number_value(json_object_get(c, "v"));
			double want = cols[k].kind == RFILE_TIME ? v / 86400 : v;
			if (fabs(got - want) > 1e-9)
				fail_msg("ratings row %d %s: %.9f, wanted %.9f", i, cols[k].en, got, want);
		}
	}
	/* the total's response rate by hand: 8 of 17 */
	assert_true(fabs(json_number_value(json_object_get(cell(sh, 1, 5), "v")) - 8.0 / 17) < 1e-9);
}

static void the_xlsx_holds_the_same_figures_as_numbers(void **state)
{
	char dir[] = "/tmp/report-files-XXXXXX", path[64];
	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/r.xlsx", dir);
	assert_int_equal(report_xlsx_write(&rep, &cfg, path), 0);
	json_t *j = xlsx_read(path);
	unlink(path);
	rmdir(dir);

	const json_t *sheets = json_object_get(j, "sheets");
	assert_int_equal(json_array_size(sheets), RFILE_BLOCKS + 1);
	const char *names[] = { "Tổng", "Theo kỳ", "Theo dịch vụ", "Theo giờ", "Theo quầy",
				"Theo cán bộ", "Theo nguồn", "Theo thứ", "Bản đồ nhiệt", "Đánh giá" };
	for (int b = 0; b <= RFILE_BLOCKS; b++)
		assert_string_equal(json_string_value(json_array_get(sheets, (size_t)b)), names[b]);

	for (int b = 0; b < RFILE_HEAT; b++) {
		const json_t *sh = json_object_get(json_object_get(j, "book"), names[b]);
		char title[160];
		assert_string_equal(json_string_value(json_object_get(sh, "freeze")), "C2");
		assert_non_null(json_object_get(json_object_get(sh, "widths"), "A"));
		assert_string_equal(cell_text(sh, 0, 0), "Mã (Key)");
		assert_true(json_is_true(json_object_get(cell(sh, 0, 0), "b")));
		int x = 2;
		for (int col = 0; col < rfile_ncols; col++) {
			if (!rfile_has(b, col))
				continue;
			snprintf(title, sizeof(title), "%s (%s)", rfile_cols[col].vi, rfile_cols[col].en);
			assert_string_equal(cell_text(sh, 0, x), title);
			assert_true(json_is_true(json_object_get(cell(sh, 0, x), "b")));
			for (int i = 0; i < rfile_nrows(&rep, b); i++)
				expect_cell(sh, i + 1, x, rfile_row(&rep, b, i), &rfile_cols[col]);
			x++;
		}
		for (int i = 0; i < rfile_nrows(&rep, b) && b != RFILE_TOTAL; i++) {
			const char *key = rfile_row(&rep, b, i)->key;
			if (key[0]) /* "" (nobody signed in): an empty cell */
				assert_string_equal(cell_text(sh, i + 1, 0), key);
			else
				assert_true(json_is_null(cell(sh, i + 1, 0)));
		}
		if (b == 1 + REPORT_BY_STAFF) /* a text cell: no formula, no apostrophe */
			assert_string_equal(cell_text(sh, 2, 0), "-an");
		if (b == 1 + REPORT_BY_SERVICE)
			assert_string_equal(cell_text(sh, 1, 1), ODD_NAME);
		if (b == 1 + REPORT_BY_WEEKDAY) /* no rows: the header alone */
			assert_int_equal(json_array_size(json_object_get(sh, "rows")), 1);
	}
	const json_t *tot = json_object_get(json_object_get(j, "book"), "Tổng");
	assert_string_equal(cell_text(tot, 1, 0), "2026-03-02..2026-03-08");
	assert_string_equal(cell_text(tot, 3, 1), cfg.station.name_vi);
	assert_string_equal(cell_text(tot, 4, 1), "2026-03-02");
	assert_string_equal(cell_text(tot, 5, 1), "2026-03-08");
	assert_int_equal(json_number_value(json_object_get(cell(tot, 7, 1), "v")), 20);

	const json_t *heat = json_object_get(json_object_get(j, "book"), "Bản đồ nhiệt");
	assert_string_equal(cell_text(heat, 0, 2), "8h");
	assert_string_equal(cell_text(heat, 2, 0), "2026-03-08");
	assert_string_equal(cell_text(heat, 2, 1), "Chủ Nhật");
	for (int d = 0; d < 2; d++)
		for (int h = 0; h < 3; h++) {
			const json_t *c = cell(heat, d + 1, h + 2);
			int64_t m = heat_wait[d * 3 + h];
			if (m == REPORT_NONE) {
				assert_true(json_is_null(c));
				continue;
			}
			assert_string_equal(json_string_value(json_object_get(c, "f")), "[h]:mm:ss");
			assert_true(fabs(json_number_value(json_object_get(c, "v")) * 86400 - (double)m) <
				    0.001);
		}
	check_xlsx_ratings(json_object_get(json_object_get(j, "book"), "Đánh giá"));
	json_decref(j);
}

/* In memory for an HTTP answer: the same CSV; a whole XLSX, its temporary file gone. */
static void the_files_as_bytes_leave_nothing_behind(void **state)
{
	size_t len, n;
	char *text = csv_text(&len), dir[] = "/tmp/report-bytes-XXXXXX", path[64];
	unsigned char *buf = NULL;

	(void)state;
	assert_int_equal(report_csv_bytes(&rep, &cfg, &buf, &n), 0);
	assert_int_equal(n, len);
	assert_memory_equal(buf, text, len);
	free(buf);
	free(text);

	assert_non_null(mkdtemp(dir));
	assert_int_equal(report_xlsx_bytes(&rep, &cfg, dir, &buf, &n), 0);
	assert_true(n > 1000);
	assert_memory_equal(buf, "PK\x03\x04", 4); /* a zip, as an XLSX is */
	assert_int_equal(rmdir(dir), 0);           /* empty: the temporary file removed */
	snprintf(path, sizeof(path), "%s.xlsx", dir);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(buf, 1, n, f), n);
	fclose(f);
	free(buf);
	json_t *j = xlsx_read(path);
	unlink(path);
	assert_int_equal(json_array_size(json_object_get(j, "sheets")), RFILE_BLOCKS + 1);
	json_decref(j);
	/* no folder for it: an error */
	assert_int_equal(report_xlsx_bytes(&rep, &cfg, "/nonexistent-dir", &buf, &n), K_ERR_IO);
}

/* A path that cannot be written is an error, not a crash. */
static void an_unwritable_path_is_an_error(void **state)
{
	(void)state;
	assert_int_equal(report_xlsx_write(&rep, &cfg, "/nonexistent-dir/r.xlsx"), K_ERR_IO);
	FILE *f = fopen("/dev/full", "w");
	assert_non_null(f);
	assert_int_equal(report_csv_write(&rep, &cfg, f), K_ERR_IO);
	fclose(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_csv_holds_every_figure_where_it_belongs),
		cmocka_unit_test(the_xlsx_holds_the_same_figures_as_numbers),
		cmocka_unit_test(the_files_as_bytes_leave_nothing_behind),
		cmocka_unit_test(an_unwritable_path_is_an_error),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
