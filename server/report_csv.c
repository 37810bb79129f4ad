/*
 * report_csv.c - the report as CSV (report_files.h).
 *
 * Made for Excel on a computer set up for Vietnam (Windows' vi-VN: list
 * separator ';', decimal symbol ',', digit grouping '.'), which opens a
 * .csv by a double click with those settings and no question asked:
 *   - UTF-8 with a BOM (EF BB BF): without it Excel reads the file as the
 *     machine's ANSI code page and every tone mark turns to mojibake.
 *     No "sep=;" line: Excel then ignores the BOM.
 *   - ';' between fields: Excel-VN splits a line at its list separator, so
 *     a ','-separated file would open with every line in column A.
 *   - ',' before decimals ("12,5"): Excel-VN reads "12.5" as a text (or a
 *     date), which no sum or chart takes.  With ';' between fields a
 *     decimal comma needs no quotes.
 *   - no thousands separator anywhere: "1234", never "1.234" (which
 *     Excel-VN would read as 1234 but every other reader as 1.234).
 * On a computer set up for English the file opens in one column: Data >
 * From Text/CSV with ';' and "Vietnamese" reads it, and the XLSX opens
 * right everywhere.  Our own reader (server/csv.c) takes ';' from the
 * first line, which therefore always has one and no ','.
 *
 * RFC 4180 otherwise: CRLF line ends, a field holding ';', '"', CR or LF in
 * quotes with '"' doubled.  A text starting with = + - @ (a staff account
 * "-an", a service's name) gets a leading apostrophe, so Excel shows it and
 * never runs it as a formula.
 *
 * Times are minutes with one decimal, shares percent with one decimal,
 * counts whole numbers, counts per day one decimal; a time or share of nothing is an empty field.
 */
#include "report_files.h"

#include <stdlib.h>
#include <string.h>

#include "kclock.h"
#include "kerr.h"

static void field(FILE *out, const char *s)
{
	if (strchr("=+-@", s[0]) && s[0])
		fputc('\'', out);
	if (!strpbrk(s, ";\"\r\n")) {
		fputs(s, out);
		return;
	}
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
	fputc('"', out);
}

/* "Vietnamese (English)" and a unit, as one field */
static void head(FILE *out, const char *const words[2], const char *unit)
{
	char buf[256];
	snprintf(buf, sizeof(buf), "%s (%s)%s", words[0], words[1], unit);
	fputc(';', out);
	field(out, buf);
}

/* v with one decimal and a decimal comma: 12,5 */
static void decimal(FILE *out, double v)
{
	long tenths = (long)(v * 10 + (v < 0 ? -0.5 : 0.5)); /* half away from zero */
	fprintf(out, ";%s%ld,%ld", tenths < 0 ? "-" : "", labs(tenths) / 10, labs(tenths) % 10);
}

static void figure(FILE *out, int kind, double v)
{
	switch (kind) {
	case RFILE_TIME:
		decimal(out, v / 60);
		break;
	case RFILE_SHARE:
		decimal(out, v * 100);
		break;
	case RFILE_PER_DAY:
		decimal(out, v);
		break;
	case RFILE_DAYS:
		if (v == (double)(long)v)
			fprintf(out, ";%.0f", v);
		else
			decimal(out, v);
		break;
	default:
		fprintf(out, ";%.0f", v);
	}
}

static void block(FILE *out, const struct report *r, const struct kconf *cfg, int b)
{
	const struct rfile_block *bl = &rfile_blocks[b];
	char key[64], name[160];

	fprintf(out, "\r\n");
	snprintf(name, sizeof(name), "%s (%s)", bl->vi, bl->en);
	field(out, name);
	fprintf(out, "\r\n");
	snprintf(name, sizeof(name), "%s (%s)", rfile_key_head[0], rfile_key_head[1]);
	field(out, name);
	head(out, rfile_name_head, "");
	for (int c = 0; c < rfile_ncols; c++)
		if (rfile_has(b, c))
			head(out, (const char *const[2]){ rfile_cols[c].vi, rfile_cols[c].en },
			     rfile_cols[c].kind == RFILE_TIME  ? rfile_minutes :
			     rfile_cols[c].kind == RFILE_SHARE ? " – %" : "");
	fprintf(out, "\r\n");
	for (int i = 0; i < rfile_nrows(r, b); i++) {
		const struct report_row *row = rfile_row(r, b, i);
		rfile_key(r, b, row, key, sizeof(key));
		rfile_name(cfg, b, row->key, name, sizeof(name));
		field(out, key);
		fputc(';', out);
		field(out, name);
		for (int c = 0; c < rfile_ncols; c++) {
			double v;
			if (!rfile_has(b, c))
				continue;
			if (rfile_value(row, c, &v))
				figure(out, rfile_cols[c].kind, v);
			else
				fputc(';', out);
		}
		fprintf(out, "\r\n");
	}
}

/* The heat map: a day a line, an hour a column, the median wait in minutes. */
static void heat(FILE *out, const struct report *r)
{
	const struct report_heat *h = &r->heat;
	const struct rfile_block *bl = &rfile_blocks[RFILE_HEAT];
	char day[16], wd[32], buf[160];

	snprintf(buf, sizeof(buf), "\r\n%s (%s)%s\r\n", bl->vi, bl->en, rfile_minutes);
	fputs(buf, out);
	snprintf(buf, sizeof(buf), "%s (%s)", rfile_day_head[0], rfile_day_head[1]);
	field(out, buf);
	head(out, rfile_weekday_head, "");
	for (int k = 0; k < h->nhours; k++) {
		rfile_hour_head(h->first_hour + k, buf, sizeof(buf));
		fputc(';', out);
		field(out, buf);
	}
	fprintf(out, "\r\n");
	for (int d = 0; d < h->ndays; d++) {
		rfile_heat_day(r, d, day, sizeof(day), wd, sizeof(wd));
		field(out, day);
		fputc(';', out);
		field(out, wd);
		for (int k = 0; k < h->nhours; k++) {
			int64_t m = h->median_wait[d * h->nhours + k];
			if (m == REPORT_NONE)
				fputc(';', out);
			else
				decimal(out, (double)m / 60);
		}
		fprintf(out, "\r\n");
	}
}

/* The ratings: the breakdown, the key and the name, then their figures. */
static void ratings(FILE *out, const struct report *r, const struct kconf *cfg)
{
	struct rfile_rcol cols[RFILE_RCOLS];
	int ncols = rfile_rating_cols(r, cfg, cols);
	char group[160], key[64], name[160];

	snprintf(name, sizeof(name), "%s (%s)", rfile_ratings.vi, rfile_ratings.en);
	fprintf(out, "\r\n");
	field(out, name);
	fprintf(out, "\r\n");
	snprintf(name, sizeof(name), "%s (%s)", rfile_breakdown_head[0], rfile_breakdown_head[1]);
	field(out, name);
	head(out, rfile_key_head, "");
	head(out, rfile_name_head, "");
	for (int c = 0; c < ncols; c++) {
		char text[400];
		snprintf(text, sizeof(text), "%.159s (%.159s)%s", cols[c].vi, cols[c].en,
			 cols[c].kind == RFILE_TIME ? rfile_minutes : cols[c].kind == RFILE_SHARE ? " – %" : "");
		fputc(';', out);
		field(out, text);
	}
	fprintf(out, "\r\n");
	for (int i = 0; i < rfile_rating_nrows(r); i++) {
		const struct report_rating_row *w = rfile_rating_row(r, cfg, i, group, sizeof(group), key,
								     sizeof(key), name, sizeof(name));
		field(out, group);
		fputc(';', out);
		field(out, key);
		fputc(';', out);
		field(out, name);
		for (int c = 0; c < ncols; c++) {
			double v;
			if (rfile_rating_value(w, &cols[c], &v))
				figure(out, cols[c].kind, v);
			else
				fputc(';', out);
		}
		fprintf(out, "\r\n");
	}
}

int report_csv_write(const struct report *r, const struct kconf *cfg, FILE *out)
{
	char from[16], to[16];

	kclock_day_str(r->from, from, sizeof(from));
	kclock_day_str(r->to, to, sizeof(to));
	fputs("\xef\xbb\xbf", out);
	/* the first line: fixed words, ';' and no ',' (see above) */
	fprintf(out, "%s (%s);%s (%s);%s;%s (%s);%s;%s (%s);%s\r\n", rfile_title[0], rfile_title[1],
		rfile_from[0], rfile_from[1], from, rfile_to[0], rfile_to[1], to, rfile_group[0],
		rfile_group[1], rfile_group_word(r->group));
	fprintf(out, "%s (%s);", rfile_unit[0], rfile_unit[1]);
	field(out, cfg->station.name_vi);
	fprintf(out, ";%s (%s);%d\r\n", rfile_target[0], rfile_target[1], r->target_wait);
	for (int b = 0; b < RFILE_HEAT; b++)
		block(out, r, cfg, b);
	heat(out, r);
	ratings(out, r, cfg);
	return fflush(out) || ferror(out) ? K_ERR_IO : K_OK;
}

int report_csv_bytes(const struct report *r, const struct kconf *cfg, unsigned char **buf,
		     size_t *len)
{
	char *text = NULL;
	FILE *f = open_memstream(&text, len);
	if (!f)
		return K_ERR_NOMEM;
	int e = report_csv_write(r, cfg, f);
	if (fclose(f) != 0 && e == K_OK)
		e = K_ERR_NOMEM;
	if (e < 0) {
		free(text);
		return K_ERR_NOMEM; /* memory is all it writes to */
	}
	*buf = (unsigned char *)text;
	return K_OK;
}
