/*
 * dossiers_import.c - a dossier list as staff upload it (CSV), read and
 * checked in memory: the columns found by their header, each row's receipt
 * code, status, note and date checked, the faults reported by line and
 * column (dossiers.h).  dossiers.c hashes the codes and stores the list.
 *
 * The text is read by csv.c, which knows nothing of dossiers; this file
 * gives the columns their sense, and refuses a note that holds what looks
 * like an ID or phone number (notes are shown in the lobby).  No receipt
 * code leaves it: messages name lines and columns, never a cell's text, and
 * the rows in memory are wiped before they are freed.
 */
#include "dossiers.h"
#include "dossiers_private.h"
#include "csv.h"
#include "kerr.h"

#include <sodium.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the report ------------------------------------------------------- */

void dossiers_fault(struct dossier_report *rep, int line, int column, const char *fmt, ...)
{
	int at = rep->nerrors;
	va_list ap;

	while (at > 0 && rep->errors[at - 1].line > line)
		at--;
	if (at >= DOSSIER_MAX_ERRORS) {
		rep->more++;
		return;
	}
	if (rep->nerrors == DOSSIER_MAX_ERRORS) {
		rep->more++; /* the last one listed makes room */
		rep->nerrors--;
	}
	memmove(&rep->errors[at + 1], &rep->errors[at],
		(size_t)(rep->nerrors - at) * sizeof(rep->errors[0]));
	rep->nerrors++;
	rep->errors[at].line = line;
	rep->errors[at].column = column;
	va_start(ap, fmt);
	vsnprintf(rep->errors[at].message, sizeof(rep->errors[at].message), fmt, ap);
	va_end(ap);
}

/* ---- the columns ------------------------------------------------------ */

enum column { COL_CODE, COL_STATUS, COL_NOTE, COL_DATE, NCOLUMNS };

static const char *const column_names[NCOLUMNS][4] = {
	[COL_CODE] = { "ma_ho_so", "so_giay_hen", "code", NULL },
	[COL_STATUS] = { "trang_thai", "status", NULL },
	[COL_NOTE] = { "ghi_chu", "note", NULL },
	[COL_DATE] = { "ngay", "date", NULL },
};
/* The same names as Vietnamese write them, with their tone marks. */
static const char *const column_names_vi[NCOLUMNS][3] = {
	[COL_CODE] = { "mã_hồ_sơ", "số_giấy_hẹn", NULL },
	[COL_STATUS] = { "trạng_thái", NULL },
	[COL_NOTE] = { "ghi_chú", NULL },
	[COL_DATE] = { "ngày", NULL },
};

static void trim(const char **s, size_t *len)
{
	while (*len > 0 && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*len)--;
	}
	while (*len > 0 && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
		(*len)--;
}

/* Which column a header names: trimmed, ASCII lower-cased, ' ' and '-' as '_'. */
static int column_of(const char *f, size_t len)
{
	char name[48];
	trim(&f, &len);
	if (len >= sizeof(name))
		return -1;
	for (size_t i = 0; i < len; i++) {
		char ch = f[i];
		name[i] = ch == ' ' || ch == '-' ? '_' : ch >= 'A' && ch <= 'Z' ? (char)(ch + 32) : ch;
	}
	name[len] = '\0';
	for (int c = 0; c < NCOLUMNS; c++) {
		for (int k = 0; column_names[c][k]; k++)
			if (!strcmp(name, column_names[c][k]))
				return c;
		for (int k = 0; column_names_vi[c][k]; k++)
			if (!strcmp(name, column_names_vi[c][k]))
				return c;
	}
	return -1;
}

/* ---- the rows --------------------------------------------------------- */

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* YYYY-MM-DD, a real day of 2000-2199. */
static int date_ok(const char *s, size_t len)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (len != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
	if (y < 2000 || y > 2199 || m < 1 || m > 12 || d < 1)
		return 0;
	return d <= mdays[m - 1] + (m == 2 && is_leap(y));
}

static int blank_row(const struct csv_row *row)
{
	for (int i = 0; i < row->n; i++) {
		const char *f = row->f[i];
		size_t len = row->len[i];
		trim(&f, &len);
		if (len)
			return 0;
	}
	return 1;
}

static int list_add(struct dossier_list *l, const struct dossier_row *r, const char *note)
{
	if (l->n == l->cap) { /* grown by hand: realloc would leave codes behind */
		int cap = l->cap ? l->cap * 2 : 1024;
		struct dossier_row *p = malloc((size_t)cap * sizeof(*p));
		if (!p)
			return K_ERR_NOMEM;
		if (l->n) {
			memcpy(p, l->rows, (size_t)l->n * sizeof(*p));
			sodium_memzero(l->rows, (size_t)l->n * sizeof(*p));
		}
		free(l->rows);
		l->rows = p;
		l->cap = cap;
	}
	if (!l->notes || l->notes_len + r->note_len > l->notes_cap) {
		size_t cap = l->notes_cap ? l->notes_cap * 2 : 16384;
		char *p = realloc(l->notes, cap);
		if (!p)
			return K_ERR_NOMEM;
		l->notes = p;
		l->notes_cap = cap;
	}
	l->rows[l->n] = *r;
	l->rows[l->n].note = (uint32_t)l->notes_len;
	memcpy(l->notes + l->notes_len, note, r->note_len);
	l->notes_len += r->note_len;
	l->n++;
	return K_OK;
}

void dossier_list_free(struct dossier_list *l)
{
	if (l->rows)
		sodium_memzero(l->rows, (size_t)l->n * sizeof(l->rows[0]));
	free(l->rows);
	free(l->notes);
	memset(l, 0, sizeof(*l));
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_letter(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* Do these n digits (from d on, groups apart) look like an ID or a phone? */
static int personal_number(const char *d, int n, int plus)
{
	if (n == 9 || n == 12)               /* an old CMND, a CCCD */
		return 1;
	if (d[0] == '0' && (n == 10 || n == 11)) /* a phone, 0912 345 678 */
		return 1;
	return d[0] == '8' && d[1] == '4' && plus && (n == 11 || n == 12); /* +84 912 ... */
}

/*
 * Does a note hold digits that look like an ID number or a phone (field
 * review §4: notes are shown on the lobby's screen)?  Digits may come in
 * groups joined by one space, '.' or '-', as people type phones; every run
 * of whole groups is tried, so two numbers typed side by side are found
 * too.  A run touching a letter is part of a code (EL123456789VN, a
 * receipt code H29-230515-0001) and passes; dates (02/12/2026, 02.12.2026:
 * 8 digits) and short numbers pass.  The digits found, or 0.
 */
static int personal_digits(const char *s, size_t len)
{
	enum { MAX_GROUPS = 16 };
	size_t i = 0;

	while (i < len) {
		if (!is_digit(s[i])) {
			i++;
			continue;
		}
		size_t at[MAX_GROUPS], n[MAX_GROUPS], j = i;
		int ng = 0;
		for (;;) { /* the groups of this run */
			size_t k = j;
			while (k < len && is_digit(s[k]))
				k++;
			at[ng] = j;
			n[ng++] = k - j;
			j = k;
			if (ng == MAX_GROUPS || k + 1 >= len || !strchr(" .-", s[k]) ||
			    !is_digit(s[k + 1]))
				break;
			j = k + 1;
		}
		int code = (i > 0 && is_letter(s[i - 1])) || (j < len && is_letter(s[j]));
		for (int a = 0; !code && a < ng; a++) {
			int digits = 0;
			for (int b = a; b < ng && digits <= 12; b++) {
				digits += (int)n[b];
				char d[2] = { s[at[a]], n[a] > 1 ? s[at[a] + 1] :
					      b > a ? s[at[a + 1]] : 'x' };
				if (personal_number(d, digits, at[a] > 0 && s[at[a] - 1] == '+'))
					return digits;
			}
		}
		i = j;
	}
	return 0;
}

static int is_bidi(unsigned c)
{
	return c == 0x061c || c == 0x200e || c == 0x200f || (c >= 0x202a && c <= 0x202e) ||
	       (c >= 0x2066 && c <= 0x2069);
}

/*
 * The first character of a note a lobby screen must not get, as a code
 * point, or 0: C0 and C1 controls (DEL, U+0085 NEL among them), the line
 * and paragraph separators U+2028/U+2029, and the bidirectional controls
 * (U+061C, U+200E/U+200F, U+202A-U+202E, U+2066-U+2069) that could turn
 * the text round on the screen.  s is valid UTF-8 (csv.c checked it).
 */
static unsigned note_forbidden(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < len;) {
		unsigned c = u[i];
		size_t n = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
		if (n > len - i)
			return 0xfffd; /* cut short: not for a screen either */
		if (n == 2)
			c = (c & 0x1fu) << 6 | (u[i + 1] & 0x3fu);
		else if (n == 3)
			c = (c & 0x0fu) << 12 | (u[i + 1] & 0x3fu) << 6 | (u[i + 2] & 0x3fu);
		else if (n == 4)
			c = (c & 0x07u) << 18 | (u[i + 1] & 0x3fu) << 12 | (u[i + 2] & 0x3fu) << 6 |
			    (u[i + 3] & 0x3fu);
		if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029 ||
		    is_bidi(c))
			return c;
		i += n;
	}
	return 0;
}

/* Check one data row; add it to l or say what is wrong: the line, the
 * column and why, never the cell's text. */
static int take_row(const struct kconf *cfg, const struct csv_row *row, const int col[NCOLUMNS],
		    int ncols, struct dossier_list *l, struct dossier_report *rep)
{
	struct dossier_row r = { .line = row->line };
	const char *f, *note = "";
	size_t len;
	int st, bad = 0, digits, at;

	if (row->n != ncols) {
		fault(rep, row->line, "%d columns, but the header has %d", row->n, ncols);
		return K_OK;
	}
	at = col[COL_CODE];
	f = row->f[at];
	len = row->len[at];
	trim(&f, &len);
	if (!len)
		bad = 1, dossiers_fault(rep, row->line, at + 1, "column %d: no receipt code", at + 1);
	else if (dossier_code_norm(f, len, r.code) < 0)
		bad = 1, dossiers_fault(rep, row->line, at + 1, "column %d: the receipt code is not "
				  "%d-%d letters and digits (spaces and '-' are ignored)", at + 1,
				  DOSSIER_CODE_MIN, DOSSIER_CODE_MAX);

	char status[17];
	at = col[COL_STATUS];
	f = row->f[at];
	len = row->len[at];
	trim(&f, &len);
	for (size_t i = 0; i < len && i < sizeof(status) - 1; i++)
		status[i] = f[i] >= 'a' && f[i] <= 'z' ? (char)(f[i] - 32) : f[i];
	status[len < sizeof(status) - 1 ? len : sizeof(status) - 1] = '\0';
	st = -1;
	for (int i = 0; len < sizeof(status) && i < cfg->dossiers.nstatuses; i++)
		if (!strcmp(cfg->dossiers.statuses[i].code, status))
			st = i;
	if (!len) {
		bad = 1, dossiers_fault(rep, row->line, at + 1, "column %d: no status", at + 1);
	} else if (st < 0) {
		/* never echoed: the cell may hold anything, a name or a number too */
		bad = 1, dossiers_fault(rep, row->line, at + 1, "column %d: unknown status: a status is "
				  "the code of one of kiosk.conf's [dossier.<STATUS>] sections",
				  at + 1);
	}
	sodium_memzero(status, sizeof(status));
	r.status = (unsigned char)(st < 0 ? 0 : st);

	if (col[COL_NOTE] >= 0) {
		at = col[COL_NOTE];
		note = row->f[at];
		len = row->len[at];
		trim(&note, &len);
		unsigned ch = len <= DOSSIER_NOTE_MAX ? note_forbidden(note, len) : 0;
		if (len > DOSSIER_NOTE_MAX)
			bad = 1, dossiers_fault(rep, row->line, at + 1, "column %d: the note is %zu bytes, "
					  "at most %d", at + 1, len, DOSSIER_NOTE_MAX);
		else if (ch && is_bidi(ch))
			bad = 1, dossiers_fault(rep, row->line, at + 1, "column %d: the note has a "
					  "bidirectional control character (U+%04X), which could "
					  "turn its text round on the screen", at + 1, ch);
		else if (ch)
			bad = 1, dossiers_fault(rep, row->line, at + 1, "column %d: the note has a line "
					  "break or a control character (U+%04X): a note is one line "
					  "of text", at + 1, ch);
		else if ((digits = personal_digits(note, len)) > 0)
			bad = 1, dossiers_fault(rep, row->line, at + 1, "column %d: the note has %d digits "
					  "that look like an ID or phone number: notes are shown to "
					  "citizens at the kiosk, write none in them", at + 1, digits);
		r.note_len = (unsigned char)(len <= DOSSIER_NOTE_MAX ? len : 0);
	}
	if (col[COL_DATE] >= 0) {
		at = col[COL_DATE];
		f = row->f[at];
		len = row->len[at];
		trim(&f, &len);
		if (len && !date_ok(f, len))
			bad = 1, dossiers_fault(rep, row->line, at + 1, "column %d: the date is not a day "
					  "written YYYY-MM-DD (e.g. 2026-11-20)", at + 1);
		else if (len)
			memcpy(r.date, f, 10);
	}
	int res = bad ? K_OK : list_add(l, &r, note);
	sodium_memzero(&r, sizeof(r));
	return res;
}

static int by_code(const void *a, const void *b)
{
	const struct dossier_row *x = a, *y = b;
	int c = strcmp(x->code, y->code);
	return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* The header row: which field holds what.  0, or faults in rep. */
static int read_header(const struct csv_row *row, int col[NCOLUMNS], struct dossier_report *rep)
{
	static const char *const need[NCOLUMNS] = {
		[COL_CODE] = "the receipt code (ma_ho_so, so_giay_hen or code)",
		[COL_STATUS] = "the status (trang_thai or status)",
	};
	for (int c = 0; c < NCOLUMNS; c++)
		col[c] = -1;
	for (int i = 0; i < row->n; i++) {
		int c = column_of(row->f[i], row->len[i]);
		if (c < 0)
			continue; /* a name, a phone ...: never read */
		if (col[c] >= 0)
			fault(rep, row->line, "columns %d and %d both hold %s", col[c] + 1, i + 1,
			      c == COL_CODE ? "the receipt code" : c == COL_STATUS ? "the status" :
			      c == COL_NOTE ? "the note" : "the date");
		else
			col[c] = i;
	}
	for (int c = 0; c < NCOLUMNS; c++)
		if (need[c] && col[c] < 0)
			fault(rep, row->line, "the header has no column for %s", need[c]);
	return rep->nerrors ? K_ERR_INVALID : K_OK;
}

int dossiers_parse(const struct kconf *cfg, const char *csv, size_t len,
		   struct dossier_list *out, struct dossier_report *rep)
{
	struct csv *c;
	struct csv_row row;
	int col[NCOLUMNS], ncols = 0, r, line;
	char why[120];

	memset(out, 0, sizeof(*out));
	memset(rep, 0, sizeof(*rep));
	r = csv_open(&c, csv, len, DOSSIER_MAX_BYTES, why, sizeof(why), &line);
	if (r == K_ERR_INVALID)
		fault(rep, line, "%s", why);
	if (r < 0)
		return r;

	int got = csv_next(c, &row, why, sizeof(why));
	while (got > 0 && blank_row(&row))
		got = csv_next(c, &row, why, sizeof(why));
	if (got <= 0) {
		fault(rep, row.line, "%s", got < 0 ? why : "the file is empty: a header row and "
		      "one row per dossier are needed");
		r = K_ERR_INVALID;
		goto out;
	}
	if (read_header(&row, col, rep) < 0) {
		r = K_ERR_INVALID;
		goto out;
	}
	ncols = row.n;
	while ((got = csv_next(c, &row, why, sizeof(why))) != 0) {
		if (got < 0) {
			fault(rep, row.line, "%s", why);
			break; /* where the next row starts is unknown now */
		}
		if (blank_row(&row))
			continue;
		if (out->n + rep->nerrors + rep->more >= DOSSIER_MAX_ROWS) {
			fault(rep, row.line, "more than %d rows", DOSSIER_MAX_ROWS);
			break;
		}
		r = take_row(cfg, &row, col, ncols, out, rep);
		if (r < 0) {
			fault(rep, row.line, "out of memory");
			goto out;
		}
	}
	if (out->n == 0 && !rep->nerrors)
		fault(rep, row.line, "no dossiers below the header");

	/* the same code twice: which row would be true? */
	if (out->n > 1)
		qsort(out->rows, (size_t)out->n, sizeof(out->rows[0]), by_code);
	for (int i = 1; i < out->n; i++)
		if (!strcmp(out->rows[i].code, out->rows[i - 1].code))
			fault(rep, out->rows[i].line, "the same receipt code as line %d",
			      out->rows[i - 1].line);
	r = rep->nerrors ? K_ERR_INVALID : K_OK;
	for (int i = 0; r == K_OK && i < out->n; i++)
		rep->per_status[out->rows[i].status]++;
	rep->rows = r == K_OK ? out->n : 0;
out:
	csv_close(c);
	if (r < 0)
		dossier_list_free(out);
	return r;
}

/* ---- what an import did, in one line ---------------------------------- */

void dossiers_summary(const struct kconf *cfg, const struct dossier_report *rep, char *buf,
		      size_t len)
{
	size_t n = (size_t)snprintf(buf, len, "imported %d dossiers", rep->rows);
	const char *sep = ": ";
	for (int i = 0; i < cfg->dossiers.nstatuses && n < len; i++) {
		if (!rep->per_status[i])
			continue;
		n += (size_t)snprintf(buf + n, len - n, "%s%s %d", sep,
				      cfg->dossiers.statuses[i].code, rep->per_status[i]);
		sep = ", ";
	}
}

