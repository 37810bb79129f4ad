/*
 * report_files.c - see report_files.h: the blocks, the columns and the
 * names of a report's files, shared by the CSV and XLSX writers.
 *
 * The words are Vietnamese with the English in brackets, in one header
 * line: "Đã phục vụ (Served)".  One line, not a Vietnamese line and an
 * English one under it, because Excel takes the first line of a block as
 * its header: sorting, the filter buttons, a pivot table and "Format as
 * Table" all treat a second header line as a row of data, and every column
 * under it would hold a text among its numbers.  The English lets the
 * file go to a superior or an auditor who reads no Vietnamese.  They are
 * the file's column names (tests/texts-allow.txt), as the dossier CSV's.
 */
#include "report_files.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kclock.h"

const struct rfile_block rfile_blocks[RFILE_BLOCKS] = {
	[RFILE_TOTAL] = { "Tổng", "Total", "Tổng" },
	[1 + REPORT_BY_PERIOD] = { "Theo kỳ", "By period", "Theo kỳ" },
	[1 + REPORT_BY_SERVICE] = { "Theo dịch vụ", "By service", "Theo dịch vụ" },
	[1 + REPORT_BY_HOUR] = { "Theo giờ", "By hour", "Theo giờ" },
	[1 + REPORT_BY_COUNTER] = { "Theo quầy", "By counter", "Theo quầy" },
	[1 + REPORT_BY_STAFF] = { "Theo cán bộ", "By staff member", "Theo cán bộ" },
	[1 + REPORT_BY_SOURCE] = { "Theo nguồn", "By source", "Theo nguồn" },
	[1 + REPORT_BY_WEEKDAY] = { "Theo thứ", "By weekday", "Theo thứ" },
	[RFILE_HEAT] = { "Bản đồ nhiệt: thời gian chờ trung vị theo ngày và giờ",
			 "Heat map: median wait by day and hour", "Bản đồ nhiệt" },
};
_Static_assert(RFILE_HEAT == REPORT_BY_WEEKDAY + 2, "a block for every breakdown");

#define F(field) offsetof(struct report_row, field)
#define COUNT(vi, en, field) { vi, en, RFILE_COUNT, F(field), 0 }
#define TIME(vi, en, field) { vi, en, RFILE_TIME, F(field), 0 }

const struct rfile_col rfile_cols[] = {
	COUNT("Số phiếu cấp", "Issued", issued),
	COUNT("Đã phục vụ", "Served", served),
	COUNT("Vắng mặt", "No-show", noshow),
	COUNT("Chuyển quầy", "Transferred", transferred),
	COUNT("Còn chờ lúc hết ngày", "Waiting at close", waiting_at_close),
	COUNT("Chưa xong", "Unfinished", unfinished),
	COUNT("Ưu tiên", "Priority", priority),
	COUNT("Cấp khi mất kết nối", "Issued offline", offline),
	{ "Tỷ lệ cấp khi mất kết nối", "Offline share", RFILE_SHARE, F(offline), F(issued) },
	COUNT("Từ chối: ngoài giờ", "Refused: closed", refused_closed),
	COUNT("Từ chối: hết số", "Refused: cap reached", refused_cap),
	COUNT("Từ chối: tạm ngừng", "Refused: service off", refused_disabled),
	COUNT("Lịch hẹn đã đến", "Bookings checked in", bk_checked_in),
	COUNT("Lịch hẹn đúng giờ", "Bookings on time", bk_on_time),
	COUNT("Lịch hẹn đến sớm", "Bookings early", bk_early),
	COUNT("Lịch hẹn đến muộn", "Bookings late", bk_late),
	COUNT("Lịch hẹn không đến", "Bookings not come", bk_noshow),
	COUNT("Số phiếu tính thời gian chờ", "Waits counted", wait.n),
	TIME("Chờ trung bình", "Mean wait", wait.mean),
	TIME("Chờ trung vị", "Median wait", wait.median),
	TIME("Chờ P90", "90th percentile wait", wait.p90),
	TIME("Chờ lâu nhất", "Longest wait", wait.max),
	COUNT("Gọi trong thời gian mục tiêu", "Called within target", sl_within),
	COUNT("Số phiếu tính mục tiêu", "Counted for target", sl_of),
	{ "Tỷ lệ đạt mục tiêu", "Service level", RFILE_SHARE, F(sl_within), F(sl_of) },
	COUNT("Lượt gọi", "Visits", visits),
	COUNT("Lượt phục vụ xong", "Visits served", visits_served),
	COUNT("Lượt chuyển đi", "Visits transferred", visits_transferred),
	COUNT("Lượt vắng mặt", "Visits no-show", visits_noshow),
	COUNT("Số lượt tính thời gian phục vụ", "Services counted", service.n),
	TIME("Phục vụ trung bình", "Mean service", service.mean),
	TIME("Phục vụ trung vị", "Median service", service.median),
	TIME("Phục vụ P90", "90th percentile service", service.p90),
	TIME("Phục vụ lâu nhất", "Longest service", service.max),
	COUNT("Lỗi máy in", "Printer faults", printer_faults),
	{ "Số ngày", "Days", RFILE_DAYS, F(days), 0 },
	{ "Số phiếu mỗi ngày", "Issued per day", RFILE_PER_DAY, F(issued), F(days) },
};
const int rfile_ncols = (int)(sizeof(rfile_cols) / sizeof(rfile_cols[0]));

const char *const rfile_key_head[2] = { "Mã", "Key" };
const char *const rfile_name_head[2] = { "Tên", "Name" };
const char *const rfile_day_head[2] = { "Ngày", "Day" };
const char *const rfile_weekday_head[2] = { "Thứ", "Weekday" };
const char *const rfile_title[2] = { "Báo cáo thống kê", "Report" };
const char *const rfile_from[2] = { "Từ ngày", "From" };
const char *const rfile_to[2] = { "Đến ngày", "To" };
const char *const rfile_group[2] = { "Nhóm theo", "Grouped by" };
const char *const rfile_target[2] = { "Mục tiêu chờ, phút", "Target wait, min" };
const char *const rfile_unit[2] = { "Đơn vị", "Unit" };
const char rfile_minutes[] = " – phút/min";

const char *rfile_group_word(int group)
{
	static const char *const words[REPORT_GROUP_COUNT] = {
		[REPORT_GROUP_DAY] = "ngày (day)", [REPORT_GROUP_WEEK] = "tuần (week)",
		[REPORT_GROUP_MONTH] = "tháng (month)"
	};
	return group >= 0 && group < REPORT_GROUP_COUNT ? words[group] : "";
}

static const char *const weekdays[8] = { "", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm",
					  "Thứ Sáu", "Thứ Bảy", "Chủ Nhật" };

int rfile_nrows(const struct report *r, int b)
{
	return b == RFILE_TOTAL ? 1 : b == RFILE_HEAT ? r->heat.ndays : r->by[b - 1].n;
}

const struct report_row *rfile_row(const struct report *r, int b, int i)
{
	return b == RFILE_TOTAL ? &r->total : &r->by[b - 1].rows[i];
}

int rfile_has(int b, int c)
{
	return rfile_cols[c].off != F(printer_faults) || b == RFILE_TOTAL ||
	       b == 1 + REPORT_BY_PERIOD;
}

int rfile_value(const struct report_row *row, int c, double *v)
{
	const struct rfile_col *col = &rfile_cols[c];
	const char *p = (const char *)row + col->off;

	switch (col->kind) {
	case RFILE_TIME: {
		int64_t s;
		memcpy(&s, p, sizeof(s));
		*v = (double)s;
		return s != REPORT_NONE;
	}
	case RFILE_SHARE: {
		int a, of;
		memcpy(&a, p, sizeof(a));
		memcpy(&of, (const char *)row + col->off_of, sizeof(of));
		*v = of > 0 ? (double)a / of : 0;
		return of > 0;
	}
	case RFILE_DAYS:
		memcpy(v, p, sizeof(*v));
		return 1;
	case RFILE_PER_DAY: {
		int n;
		double days;
		memcpy(&n, p, sizeof(n));
		memcpy(&days, (const char *)row + col->off_of, sizeof(days));
		*v = days > 0 ? n / days : 0;
		return 1;
	}
	default: {
		int n;
		memcpy(&n, p, sizeof(n));
		*v = n;
		return 1;
	}
	}
}

void rfile_key(const struct report *r, int b, const struct report_row *row, char *buf,
	       size_t len)
{
	if (b == RFILE_TOTAL) {
		char from[16], to[16];
		kclock_day_str(r->from, from, sizeof(from));
		kclock_day_str(r->to, to, sizeof(to));
		snprintf(buf, len, "%s..%s", from, to);
	} else {
		snprintf(buf, len, "%s", row->key);
	}
}

/* A period's key as people write it: 02/03/2026, Tuần 10/2026, Tháng 3/2026. */
static void period_name(const char *key, char *buf, size_t len)
{
	int y, m, d, n = 0;
	if (sscanf(key, "%4d-%2d-%2d%n", &y, &m, &d, &n) == 3 && !key[n])
		snprintf(buf, len, "%02d/%02d/%04d", d, m, y);
	else if (sscanf(key, "%4d-W%2d%n", &y, &m, &n) == 2 && !key[n])
		snprintf(buf, len, "Tuần %d/%04d", m, y);
	else if (sscanf(key, "%4d-%2d%n", &y, &m, &n) == 2 && !key[n])
		snprintf(buf, len, "Tháng %d/%04d", m, y);
	else
		snprintf(buf, len, "%s", key);
}

void rfile_name(const struct kconf *cfg, int b, const char *key, char *buf, size_t len)
{
	char *end;
	long n = strtol(key, &end, 10);
	int number = key[0] && !*end;

	buf[0] = '\0';
	switch (b) {
	case RFILE_TOTAL:
		snprintf(buf, len, "Tổng");
		break;
	case 1 + REPORT_BY_PERIOD:
		period_name(key, buf, len);
		break;
	case 1 + REPORT_BY_SERVICE:
		for (int i = 0; i < cfg->nservices; i++)
			if (!strcmp(cfg->services[i].code, key))
				snprintf(buf, len, "%s", cfg->services[i].name_vi);
		break;
	case 1 + REPORT_BY_HOUR:
		if (number && n >= 0 && n < 24)
			snprintf(buf, len, "%ldh–%ldh", n, n + 1);
		break;
	case 1 + REPORT_BY_COUNTER: {
		const struct kconf_counter *cc = number ? kconf_counter(cfg, (int)n) : NULL;
		if (number && n == 0)
			snprintf(buf, len, "Chưa được gọi");
		else if (cc && cc->name_vi[0])
			snprintf(buf, len, "%s", cc->name_vi);
		else if (number)
			snprintf(buf, len, "Quầy %ld", n);
		break;
	}
	case 1 + REPORT_BY_STAFF:
		snprintf(buf, len, "%s", key[0] ? key : "Không có cán bộ đăng nhập");
		break;
	case 1 + REPORT_BY_SOURCE:
		snprintf(buf, len, "%s", !strcmp(key, "walkin") ? "Lấy số tại ki-ốt" :
					 !strcmp(key, "booking") ? "Đặt lịch hẹn" :
					 !strcmp(key, "staff") ? "Cán bộ cấp số" : key);
		break;
	case 1 + REPORT_BY_WEEKDAY:
		if (number && n >= 1 && n <= 7)
			snprintf(buf, len, "%s", weekdays[n]);
		break;
	}
}

void rfile_heat_day(const struct report *r, int i, char *day, size_t dl, char *wd, size_t wl)
{
	int64_t d = r->heat.day[i];
	kclock_day_str(d, day, (unsigned)dl);
	/* 1970-01-01, day 0, was a Thursday (4) */
	snprintf(wd, wl, "%s", weekdays[(((d % 7) + 7) % 7 + 3) % 7 + 1]);
}

void rfile_hour_head(int hour, char *buf, size_t len)
{
	snprintf(buf, len, "%dh", hour);
}

/* ---- the ratings ---- */

const struct rfile_block rfile_ratings = { "Đánh giá của công dân", "Citizens' ratings",
					   "Đánh giá" };
const char *const rfile_breakdown_head[2] = { "Nhóm", "Breakdown" };

enum rcol_what { RC_RATED, RC_SERVED, RC_RESPONSE, RC_SATISFIED, RC_SATISFACTION, RC_LEVEL,
		 RC_LEVEL_SHARE, RC_LEVEL_WAIT, RC_REASON, RC_WAIT_N, RC_WAIT_MEDIAN, RC_BAND,
		 RC_BAND_SHARE };

static struct rfile_rcol *rcol(struct rfile_rcol *c, int what, int i, int kind, const char *vi,
			       const char *en)
{
	snprintf(c->vi, sizeof(c->vi), "%s", vi);
	snprintf(c->en, sizeof(c->en), "%s", en);
	c->what = what;
	c->i = i;
	c->kind = kind;
	return c + 1;
}

/* A [rating] word, the Vietnamese where the English has none; "" past the words. */
static const char *rword(const struct kconf_words *w, const struct kconf_words *vi, int i)
{
	return i < w->n ? w->w[i] : i < vi->n ? vi->w[i] : "";
}

/* A wait band's words: "0–10 phút" / "0–10 min", "từ 40 phút" / "40+ min". */
static void band_words(int i, char *vi, char *en, size_t len)
{
	if (i + 1 < REPORT_WAIT_BANDS) {
		snprintf(vi, len, "%d–%d phút", report_wait_band[i], report_wait_band[i + 1]);
		snprintf(en, len, "%d–%d min", report_wait_band[i], report_wait_band[i + 1]);
	} else {
		snprintf(vi, len, "từ %d phút", report_wait_band[i]);
		snprintf(en, len, "%d+ min", report_wait_band[i]);
	}
}

int rfile_rating_cols(const struct report *r, const struct kconf *cfg,
		      struct rfile_rcol cols[RFILE_RCOLS])
{
	const struct kconf_words *lv = &cfg->rating.levels_vi, *le = &cfg->rating.levels_en;
	const struct kconf_words *rv = &cfg->rating.reasons_vi, *re = &cfg->rating.reasons_en;
	struct rfile_rcol *c = cols;
	char vi[160], en[160], bv[40], be[40];

	c = rcol(c, RC_RATED, 0, RFILE_COUNT, "Số đánh giá", "Ratings");
	c = rcol(c, RC_SERVED, 0, RFILE_COUNT, "Số phiếu đã phục vụ", "Served");
	c = rcol(c, RC_RESPONSE, 0, RFILE_SHARE, "Tỷ lệ đánh giá", "Response rate");
	c = rcol(c, RC_SATISFIED, 0, RFILE_COUNT, "Hài lòng", "Satisfied");
	c = rcol(c, RC_SATISFACTION, 0, RFILE_SHARE, "Tỷ lệ hài lòng", "Satisfaction");
	for (int i = 0; i < r->ratings.levels && i < REPORT_LEVELS; i++) {
		const char *wv = rword(lv, lv, i), *we = rword(le, lv, i);
		snprintf(vi, sizeof(vi), "Mức %d%s%s", i + 1, wv[0] ? ": " : "", wv);
		snprintf(en, sizeof(en), "Level %d%s%s", i + 1, we[0] ? ": " : "", we);
		c = rcol(c, RC_LEVEL, i, RFILE_COUNT, vi, en);
		snprintf(vi, sizeof(vi), "Tỷ lệ mức %d", i + 1);
		snprintf(en, sizeof(en), "Level %d share", i + 1);
		c = rcol(c, RC_LEVEL_SHARE, i, RFILE_SHARE, vi, en);
		snprintf(vi, sizeof(vi), "Chờ trung vị mức %d", i + 1);
		snprintf(en, sizeof(en), "Median wait, level %d", i + 1);
		c = rcol(c, RC_LEVEL_WAIT, i, RFILE_TIME, vi, en);
	}
	for (int i = 0; i < r->ratings.reasons && i < REPORT_REASONS; i++) {
		snprintf(vi, sizeof(vi), "Lý do: %s", rword(rv, rv, i)[0] ? rword(rv, rv, i) : "?");
		snprintf(en, sizeof(en), "Reason: %s", rword(re, rv, i)[0] ? rword(re, rv, i) : "?");
		c = rcol(c, RC_REASON, i, RFILE_COUNT, vi, en);
	}
	c = rcol(c, RC_WAIT_N, 0, RFILE_COUNT, "Số đánh giá biết thời gian chờ",
		 "Rated with a known wait");
	c = rcol(c, RC_WAIT_MEDIAN, 0, RFILE_TIME, "Chờ trung vị của người đánh giá",
		 "Median wait of the rated");
	for (int i = 0; i < REPORT_WAIT_BANDS; i++) {
		band_words(i, bv, be, sizeof(bv));
		snprintf(vi, sizeof(vi), "Chờ %s: số đánh giá", bv);
		snprintf(en, sizeof(en), "Wait %s: rated", be);
		c = rcol(c, RC_BAND, i, RFILE_COUNT, vi, en);
		snprintf(vi, sizeof(vi), "Chờ %s: tỷ lệ hài lòng", bv);
		snprintf(en, sizeof(en), "Wait %s: satisfaction", be);
		c = rcol(c, RC_BAND_SHARE, i, RFILE_SHARE, vi, en);
	}
	return (int)(c - cols);
}

/* part of whole as a fraction; 0 = none (of nothing) */
static int fraction(int part, int whole, double *v)
{
	*v = whole > 0 ? (double)part / whole : 0;
	return whole > 0;
}

static int seconds(int64_t s, double *v)
{
	*v = (double)s;
	return s != REPORT_NONE;
}

int rfile_rating_value(const struct report_rating_row *w, const struct rfile_rcol *c, double *v)
{
	int i = c->i;
	switch (c->what) {
	case RC_RATED: *v = w->rated; return 1;
	case RC_SERVED: *v = w->served; return 1;
	case RC_RESPONSE: return fraction(w->rated, w->served, v);
	case RC_SATISFIED: *v = w->satisfied; return 1;
	case RC_SATISFACTION: return fraction(w->satisfied, w->rated, v);
	case RC_LEVEL: *v = w->level[i]; return 1;
	case RC_LEVEL_SHARE: return fraction(w->level[i], w->rated, v);
	case RC_LEVEL_WAIT: return seconds(w->level_wait[i], v);
	case RC_REASON: *v = w->reason[i]; return 1;
	case RC_WAIT_N: *v = w->wait.n; return 1;
	case RC_WAIT_MEDIAN: return seconds(w->wait.median, v);
	case RC_BAND: *v = w->band[i]; return 1;
	default: return fraction(w->band_satisfied[i], w->band[i], v); /* RC_BAND_SHARE */
	}
}

int rfile_rating_nrows(const struct report *r)
{
	int n = 1;
	for (int k = 0; k < REPORT_RATE_BY_COUNT; k++)
		n += r->ratings.by[k].n;
	return n;
}

const struct report_rating_row *rfile_rating_row(const struct report *r, const struct kconf *cfg,
						 int i, char *group, size_t gl, char *key,
						 size_t kl, char *name, size_t nl)
{
	const struct report_ratings *x = &r->ratings;
	int k = 0;

	if (i == 0) {
		snprintf(group, gl, "%s (%s)", rfile_blocks[RFILE_TOTAL].vi, rfile_blocks[RFILE_TOTAL].en);
		rfile_key(r, RFILE_TOTAL, &r->total, key, kl);
		rfile_name(cfg, RFILE_TOTAL, "", name, nl);
		return &x->total;
	}
	for (i--; k < REPORT_RATE_BY_COUNT && i >= x->by[k].n; k++)
		i -= x->by[k].n;
	const struct report_rating_row *w = &x->by[k].rows[i];
	int b = 1 + report_rate_by_report(k);
	snprintf(key, kl, "%s", w->key);
	if (k == REPORT_RATE_BY_CHANNEL) {
		snprintf(group, gl, "Theo kênh (By channel)");
		snprintf(name, nl, "%s", !strcmp(w->key, "phone") ? "Qua điện thoại" : "Tại quầy");
	} else {
		snprintf(group, gl, "%s (%s)", rfile_blocks[b].vi, rfile_blocks[b].en);
		rfile_name(cfg, b, w->key, name, nl);
	}
	return w;
}
