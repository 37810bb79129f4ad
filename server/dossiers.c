/*
 * dossiers.c - see dossiers.h.
 *
 * Shaped by two rules.  An import is all or nothing: the whole file is read
 * and every row checked in memory before the database is touched, and the
 * new list is written beside the old one on a connection of the import's
 * own, in short transactions that leave the write lock to issuing in
 * between (a 500,000-row list would hold it for seconds), then swapped in by
 * name in one short transaction, so look-ups (on the long-lived connection,
 * in WAL mode) see the old list until that commit and the new one after it.
 * And no receipt
 * code leaves this file: codes are hashed with a keyed BLAKE2b (libsodium
 * crypto_generichash) before they reach sqlite, messages name lines and
 * never codes, and the rows in memory are wiped before they are freed.
 *
 * The text is read by csv.c, which knows nothing of dossiers; this file
 * gives the columns their sense, and refuses a note that holds what looks
 * like an ID or phone number (notes are shown in the lobby).  The look-up
 * limits are ratelimit.c's (a minute) and daycap.c's (a day).  Both
 * connections are kdb.h ones: statements kept prepared, errors logged once
 * and mapped by kdb_code().
 */
#include "dossiers.h"
#include "csv.h"
#include "daycap.h"
#include "kclock.h"
#include "kdb.h"
#include "kerr.h"
#include "klog.h"
#include "ratelimit.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define KEY_BYTES 32
#define KEY_ID_BYTES 16

/* ---- the report ------------------------------------------------------- */

/*
 * Keep the DOSSIER_MAX_ERRORS faults with the lowest lines, in line order.
 * column: the file's column (1 = the first) the fault is in, 0 = the row or
 * the file as a whole.  A message says where and why, never what the cell
 * holds: any cell may hold someone's name or number.
 */
static void fault_at(struct dossier_report *rep, int line, int column, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void fault_at(struct dossier_report *rep, int line, int column, const char *fmt, ...)
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

#define fault(rep, line, ...) fault_at(rep, line, 0, __VA_ARGS__)

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
		bad = 1, fault_at(rep, row->line, at + 1, "column %d: no receipt code", at + 1);
	else if (dossier_code_norm(f, len, r.code) < 0)
		bad = 1, fault_at(rep, row->line, at + 1, "column %d: the receipt code is not "
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
		bad = 1, fault_at(rep, row->line, at + 1, "column %d: no status", at + 1);
	} else if (st < 0) {
		/* never echoed: the cell may hold anything, a name or a number too */
		bad = 1, fault_at(rep, row->line, at + 1, "column %d: unknown status: a status is "
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
			bad = 1, fault_at(rep, row->line, at + 1, "column %d: the note is %zu bytes, "
					  "at most %d", at + 1, len, DOSSIER_NOTE_MAX);
		else if (ch && is_bidi(ch))
			bad = 1, fault_at(rep, row->line, at + 1, "column %d: the note has a "
					  "bidirectional control character (U+%04X), which could "
					  "turn its text round on the screen", at + 1, ch);
		else if (ch)
			bad = 1, fault_at(rep, row->line, at + 1, "column %d: the note has a line "
					  "break or a control character (U+%04X): a note is one line "
					  "of text", at + 1, ch);
		else if ((digits = personal_digits(note, len)) > 0)
			bad = 1, fault_at(rep, row->line, at + 1, "column %d: the note has %d digits "
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
			bad = 1, fault_at(rep, row->line, at + 1, "column %d: the date is not a day "
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

/* ---- the store and its secret ------------------------------------------ */

struct dossiers {
	const struct kconf *cfg;
	char db_path[KCONF_PATH];
	struct kdb kdb;          /* look-ups, under lock */
	pthread_mutex_t lock;
	pthread_mutex_t storing; /* one import's store() at a time (its staging table) */
	unsigned char key[KEY_BYTES], key_id[KEY_ID_BYTES];
	int have_key;
	int warned;              /* the list's secret is not ours: said once */
	struct ratelimit *rate;  /* look-ups per caller and minute */
	struct daycap *day;      /* and per station day */
};

/* A fingerprint of the secret, stored with the list: which secret made it. */
static void key_fingerprint(const unsigned char key[KEY_BYTES], unsigned char id[KEY_ID_BYTES])
{
	static const char what[] = "kiosk dossiers secret v1";
	crypto_generichash(id, KEY_ID_BYTES, (const unsigned char *)what, sizeof(what) - 1, key,
			   KEY_BYTES);
}

/* Read the secret file: 0, K_ERR_NOT_FOUND (no file), K_ERR_IO (logged). */
static int key_read(struct dossiers *d)
{
	const char *path = d->cfg->dossiers.secret;
	unsigned char buf[KEY_BYTES + 1];
	struct stat sb;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			return K_ERR_NOT_FOUND;
		klog(KLOG_ERR, "dossiers: cannot read the secret %s: %s", path, strerror(errno));
		return K_ERR_IO;
	}
	ssize_t n = read(fd, buf, sizeof(buf));
	if (fstat(fd, &sb) == 0 && (sb.st_mode & 077))
		klog(KLOG_WARN, "dossiers: the secret %s may be read by others (chmod 600 it)", path);
	close(fd);
	if (n != KEY_BYTES) {
		klog(KLOG_ERR, "dossiers: the secret %s is not 32 bytes", path);
		sodium_memzero(buf, sizeof(buf));
		return K_ERR_IO;
	}
	memcpy(d->key, buf, KEY_BYTES);
	sodium_memzero(buf, sizeof(buf));
	key_fingerprint(d->key, d->key_id);
	d->have_key = 1;
	return K_OK;
}

/* Read the secret, or make it (0600) if there is none.  Under lock. */
static int key_ready(struct dossiers *d, struct dossier_report *rep)
{
	const char *path = d->cfg->dossiers.secret;
	int r = key_read(d);
	if (r != K_ERR_NOT_FOUND)
		goto out;
	unsigned char key[KEY_BYTES];
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		if (errno == EEXIST) /* another import made it just now */
			return key_read(d);
		klog(KLOG_ERR, "dossiers: cannot make the secret %s: %s", path, strerror(errno));
		r = K_ERR_IO;
		goto out;
	}
	randombytes_buf(key, sizeof(key));
	ssize_t n = write(fd, key, sizeof(key));
	int synced = fsync(fd) == 0;
	sodium_memzero(key, sizeof(key));
	if (close(fd) != 0 || n != KEY_BYTES || !synced) {
		klog(KLOG_ERR, "dossiers: cannot write the secret %s: %s", path, strerror(errno));
		unlink(path);
		r = K_ERR_IO;
		goto out;
	}
	klog(KLOG_INFO, "dossiers: made a new secret %s", path);
	r = key_read(d);
out:
	if (r < 0)
		fault(rep, 0, "the secret %.100s cannot be read or made ([dossiers] secret)", path);
	return r;
}

static void hash_code(const struct dossiers *d, const char *code, unsigned char out[32])
{
	crypto_generichash(out, 32, (const unsigned char *)code, strlen(code), d->key, KEY_BYTES);
}

/* ---- the store -------------------------------------------------------- */

/* One look-up: the import's stamp, and the row of hash ?1 if there is one. */
#define FIND_SQL "SELECT i.at, i.count, i.key_id, d.status, d.note, d.date" \
		 " FROM dossier_import i LEFT JOIN dossiers d ON d.hash = ?1" \
		 " WHERE i.id = 1"

int dossiers_open(struct dossiers **out, const char *db_path, const struct kconf *cfg)
{
	struct dossiers *d = calloc(1, sizeof(*d));
	*out = NULL;
	if (!d || sodium_init() < 0 || pthread_mutex_init(&d->lock, NULL) != 0) {
		free(d);
		return K_ERR_NOMEM;
	}
	if (pthread_mutex_init(&d->storing, NULL) != 0) {
		pthread_mutex_destroy(&d->lock);
		free(d);
		return K_ERR_NOMEM;
	}
	d->cfg = cfg;
	snprintf(d->db_path, sizeof(d->db_path), "%s", db_path);
	if (ratelimit_new(&d->rate, cfg->dossiers.rate) < 0 ||
	    daycap_new(&d->day, cfg->dossiers.rate_day) < 0) {
		dossiers_close(d);
		return K_ERR_NOMEM;
	}
	sqlite3_stmt *st;
	if (kdb_open(&d->kdb, db_path, SQLITE_OPEN_READWRITE, "dossiers") < 0 ||
	    kdb_prepare(&d->kdb, FIND_SQL, &st) < 0) { /* kept for the look-ups */
		dossiers_close(d);
		return K_ERR_DB;
	}
	kdb_done(&d->kdb, st);
	sqlite3_busy_timeout(d->kdb.db, cfg->queue.busy_timeout_ms);
	if (key_read(d) == K_ERR_IO) /* look-ups will say there is no list */
		d->have_key = 0;
	*out = d;
	return K_OK;
}

void dossiers_close(struct dossiers *d)
{
	if (!d)
		return;
	kdb_close(&d->kdb);
	ratelimit_free(d->rate);
	daycap_free(d->day);
	sodium_memzero(d->key, sizeof(d->key));
	pthread_mutex_destroy(&d->lock);
	pthread_mutex_destroy(&d->storing);
	free(d);
}

/* The import's step what failed with r (kdb logged why): say so in rep. */
static int refused(struct dossier_report *rep, int r, const char *what)
{
	fault(rep, 0, "the database refused the import (%s): nothing changed", what);
	return r;
}

static int by_hash(const void *a, const void *b)
{
	return memcmp(((const struct dossier_row *)a)->hash, ((const struct dossier_row *)b)->hash,
		      32);
}

/*
 * The import stays off the issuing path.  sqlite has one writer at a time,
 * and tickets are issued by writers on the same file, so the new list is
 * not written in one long transaction: it goes into a table of its own,
 * dossiers_next_<pid>, STORE_CHUNK rows per short transaction, with a pause
 * as long as the chunk took after each, so a ticket waiting for the write
 * lock gets it within a chunk or two.  One short transaction then swaps the
 * tables by name and stamps dossier_import (look-ups see the old list or the
 * new one, never a mix), and the old list is deleted the same way, chunk by
 * chunk (secure_delete zeroes its pages).  Tables of an import that died
 * with its process are cleared by the next import.
 */
#define STORE_CHUNK 2000
#define STORE_PROGRESS 50000     /* rows between two journal lines */

static int64_t mono_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Let a writer that waits for the lock have it: as long as we held it. */
static void store_pause(int64_t since_us)
{
	int64_t took = mono_us() - since_us;
	struct timespec ts = { 0, (long)(took < 2000 ? 2000 : took > 200000 ? 200000 : took) * 1000 };
	nanosleep(&ts, NULL);
}

/* Empty table name (a staging table of ours) in short transactions, then drop it. */
static int drop_chunked(struct kdb *k, const char *name)
{
	char sql[160];
	int r = K_OK;
	snprintf(sql, sizeof(sql), "DELETE FROM \"%s\" WHERE hash IN (SELECT hash FROM \"%s\" LIMIT %d)",
		 name, name, STORE_CHUNK);
	do {
		int64_t t0 = mono_us();
		r = kdb_exec(k, sql, "clear");
		store_pause(t0);
	} while (r == K_OK && sqlite3_changes(k->db) > 0);
	snprintf(sql, sizeof(sql), "DROP TABLE IF EXISTS \"%s\"", name);
	return r == K_OK ? kdb_exec(k, sql, "clear") : r;
}

/* Staging tables left by an import whose process is gone (or by ours). */
static void clear_stale(struct kdb *k)
{
	sqlite3_stmt *st;
	char names[8][64];
	int n = 0;
	if (kdb_prepare(k, "SELECT name FROM sqlite_master WHERE type = 'table' AND"
			" (name GLOB 'dossiers_next_*' OR name GLOB 'dossiers_old_*')", &st) < 0)
		return;
	while (n < 8 && sqlite3_step(st) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		long pid = strtol(strrchr(name, '_') + 1, NULL, 10);
		if (pid == (long)getpid() || pid <= 0 || (kill((pid_t)pid, 0) < 0 && errno == ESRCH))
			snprintf(names[n++], sizeof(names[0]), "%s", name);
	}
	kdb_done(k, st);
	for (int i = 0; i < n; i++)
		if (drop_chunked(k, names[i]) < 0)
			klog(KLOG_WARN, "dossiers: cannot clear %s: %s", names[i], sqlite3_errmsg(k->db));
}

/* Replace the stored list with l, on a connection of its own, off the issuing path. */
static int store(struct dossiers *d, const struct dossier_list *l, int64_t now,
		 const unsigned char key_id[KEY_ID_BYTES], struct dossier_report *rep)
{
	const struct kconf *cfg = d->cfg;
	struct kdb k;
	sqlite3_stmt *ins = NULL, *meta = NULL;
	char pragmas[128], next[48], old[48], sql[256];
	int r, rc, swapped = 0;

	snprintf(next, sizeof(next), "dossiers_next_%ld", (long)getpid());
	snprintf(old, sizeof(old), "dossiers_old_%ld", (long)getpid());
	r = kdb_open(&k, d->db_path, SQLITE_OPEN_READWRITE, "dossiers");
	if (r < 0)
		return refused(rep, r, "open");
	sqlite3_busy_timeout(k.db, cfg->queue.busy_timeout_ms);
	/* the old list's pages are zeroed as they are freed */
	snprintf(pragmas, sizeof(pragmas), "PRAGMA secure_delete = ON; PRAGMA synchronous = %s;",
		 cfg->queue.sync_mode == KCONF_SYNC_FULL ? "FULL" : "NORMAL");
	r = kdb_exec(&k, pragmas, "begin");
	if (r < 0) {
		r = refused(rep, r, "begin");
		goto out;
	}
	clear_stale(&k);
	/* the same columns as dossiers_schema_v11's (dossiers_schema.c) */
	snprintf(sql, sizeof(sql), "CREATE TABLE \"%s\" (hash BLOB PRIMARY KEY, status TEXT NOT NULL,"
		 " note TEXT NOT NULL DEFAULT '', date TEXT) WITHOUT ROWID", next);
	r = kdb_exec(&k, sql, "replace");
	if (r < 0) {
		r = refused(rep, r, "replace");
		goto out;
	}
	snprintf(sql, sizeof(sql), "INSERT INTO \"%s\" (hash, status, note, date)"
		 " VALUES (?, ?, ?, NULLIF(?, ''))", next);
	r = kdb_prepare(&k, sql, &ins);
	if (r < 0) {
		ins = NULL;
		r = refused(rep, r, "replace");
		goto out;
	}
	klog(KLOG_INFO, "dossiers: storing a list of %d dossiers", l->n);
	for (int i = 0; i < l->n;) {
		int64_t t0 = mono_us();
		r = kdb_begin(&k);
		if (r < 0) {
			r = refused(rep, r, "begin");
			goto out;
		}
		for (int end = i + STORE_CHUNK < l->n ? i + STORE_CHUNK : l->n; i < end; i++) {
			const struct dossier_row *row = &l->rows[i];
			sqlite3_bind_blob(ins, 1, row->hash, 32, SQLITE_STATIC);
			sqlite3_bind_text(ins, 2, cfg->dossiers.statuses[row->status].code, -1,
					  SQLITE_STATIC);
			sqlite3_bind_text(ins, 3, row->note_len ? l->notes + row->note : "",
					  row->note_len, SQLITE_STATIC);
			sqlite3_bind_text(ins, 4, row->date, -1, SQLITE_STATIC);
			if ((rc = sqlite3_step(ins)) != SQLITE_DONE) {
				r = refused(rep, kdb_error(&k, rc, "insert"), "insert");
				goto out;
			}
			sqlite3_reset(ins);
		}
		r = kdb_commit(&k);
		if (r < 0) {
			r = refused(rep, r, "insert");
			goto out;
		}
		if (i % STORE_PROGRESS < STORE_CHUNK && i < l->n)
			klog(KLOG_INFO, "dossiers: stored %d of %d", i, l->n);
		store_pause(t0);
	}
	/* the swap: one short transaction */
	snprintf(sql, sizeof(sql), "BEGIN IMMEDIATE; ALTER TABLE dossiers RENAME TO \"%s\";"
		 " ALTER TABLE \"%s\" RENAME TO dossiers;", old, next);
	r = kdb_exec(&k, sql, "stamp");
	if (r == K_OK)
		r = kdb_prepare_bind(&k, &meta, "INSERT OR REPLACE INTO dossier_import (id, at,"
				     " count, key_id) VALUES (1, ?, ?, ?)", "iib", now,
				     (int64_t)l->n, key_id, KEY_ID_BYTES);
	if (r < 0) {
		meta = NULL;
		r = refused(rep, r, "stamp");
		goto out;
	}
	rc = sqlite3_step(meta);
	r = rc == SQLITE_DONE ? kdb_commit(&k) : kdb_error(&k, rc, "commit");
	if (r < 0) {
		r = refused(rep, r, "commit");
		goto out;
	}
	swapped = 1;
	if (drop_chunked(&k, old) < 0) /* the new list is in: only a warning */
		klog(KLOG_WARN, "dossiers: the old list is not cleared yet (%s); the next import "
		     "clears it", sqlite3_errmsg(k.db));
out:
	if (ins)
		kdb_done(&k, ins);
	if (meta)
		kdb_done(&k, meta);
	kdb_rollback(&k);
	if (!swapped && drop_chunked(&k, next) < 0)
		klog(KLOG_WARN, "dossiers: the refused list is not cleared yet (%s); the next "
		     "import clears it", sqlite3_errmsg(k.db));
	kdb_close(&k);
	return r;
}

int dossiers_import(struct dossiers *d, const char *csv, size_t len, int64_t now,
		    struct dossier_report *rep)
{
	struct dossier_list l;
	unsigned char key_id[KEY_ID_BYTES];
	int r = dossiers_parse(d->cfg, csv, len, &l, rep);
	if (r < 0)
		return r;
	pthread_mutex_lock(&d->lock);
	r = key_ready(d, rep);
	if (r == K_OK) {
		for (int i = 0; i < l.n; i++)
			hash_code(d, l.rows[i].code, l.rows[i].hash);
		memcpy(key_id, d->key_id, sizeof(key_id));
	}
	pthread_mutex_unlock(&d->lock);
	if (r == K_OK) {
		for (int i = 0; i < l.n; i++) /* the codes are not needed any more */
			sodium_memzero(l.rows[i].code, sizeof(l.rows[i].code));
		qsort(l.rows, (size_t)l.n, sizeof(l.rows[0]), by_hash); /* the index's order */
		pthread_mutex_lock(&d->storing);
		r = store(d, &l, now, key_id, rep);
		pthread_mutex_unlock(&d->storing);
	}
	if (r < 0)
		rep->rows = 0;
	dossier_list_free(&l);
	return r;
}

/* One look-up by hash.  1 = a list (row filled if found), 0 = no list, < 0 error. */
static int find(struct dossiers *d, const unsigned char hash[32], struct dossier_answer *out,
		int *found, int *ours)
{
	sqlite3_stmt *st;
	int rc, r = kdb_prepare(&d->kdb, FIND_SQL, &st);

	if (r < 0)
		return K_ERR_DB;
	sqlite3_bind_blob(st, 1, hash, 32, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		r = 1;
		out->updated = sqlite3_column_int64(st, 0);
		out->count = sqlite3_column_int(st, 1);
		*ours = d->have_key && sqlite3_column_bytes(st, 2) == KEY_ID_BYTES &&
			!memcmp(sqlite3_column_blob(st, 2), d->key_id, KEY_ID_BYTES);
		*found = sqlite3_column_type(st, 3) != SQLITE_NULL;
		if (*found) {
			snprintf(out->status, sizeof(out->status), "%s", sqlite3_column_text(st, 3));
			snprintf(out->note, sizeof(out->note), "%s", sqlite3_column_text(st, 4));
			snprintf(out->date, sizeof(out->date), "%s",
				 sqlite3_column_type(st, 5) == SQLITE_NULL ? "" :
				 (const char *)sqlite3_column_text(st, 5));
		}
	} else if (rc != SQLITE_DONE) {
		kdb_error(&d->kdb, rc, "look-up");
		r = K_ERR_DB;
	}
	kdb_done(&d->kdb, st);
	return r;
}

int dossiers_lookup(struct dossiers *d, const char *code, struct dossier_answer *out)
{
	char norm[DOSSIER_CODE_MAX + 1];
	unsigned char hash[32];
	int r, found = 0, ours = 0;

	memset(out, 0, sizeof(*out));
	if (dossier_code_norm(code, strlen(code), norm) < 0)
		return K_ERR_INVALID;
	pthread_mutex_lock(&d->lock);
	for (int tries = 0; tries < 2; tries++) {
		if (!d->have_key && key_read(d) < 0)
			memset(hash, 0, sizeof(hash));
		else
			hash_code(d, norm, hash);
		r = find(d, hash, out, &found, &ours);
		if (r <= 0 || ours)
			break;
		d->have_key = 0; /* a new secret since it was read: read it again */
	}
	if (r == 1 && !ours) {
		if (!d->warned)
			klog(KLOG_ERR, "dossiers: the list was imported with another secret than %s: "
			     "import it again", d->cfg->dossiers.secret);
		d->warned = 1;
		r = K_ERR_EMPTY;
	} else if (r == 1) {
		d->warned = 0;
		r = found ? K_OK : K_ERR_NOT_FOUND;
	} else if (r == 0) {
		r = K_ERR_EMPTY;
	}
	pthread_mutex_unlock(&d->lock);
	sodium_memzero(norm, sizeof(norm));
	if (r != K_OK && r != K_ERR_NOT_FOUND) {
		int64_t updated = out->updated;
		memset(out, 0, sizeof(*out));
		out->updated = r == K_ERR_EMPTY ? 0 : updated;
	}
	return r;
}

/* ---- the rate limit --------------------------------------------------- */

int dossiers_allow(struct dossiers *d, const char *who, int64_t now_ms, int64_t now,
		   int *retry_after, int64_t *resets)
{
	int starts = d->cfg->queue.day_starts;
	int64_t day = kclock_day(now, starts);

	*resets = 0;
	if (!daycap_left(d->day, who, day)) {
		/* day d starts at local midnight + day_starts (kclock_day's inverse) */
		*resets = (day + 1) * 86400 - KCLOCK_VN_OFFSET + (int64_t)starts * 60;
		*retry_after = (int)(*resets - now);
		return DOSSIERS_DAY;
	}
	if (!ratelimit_allow(d->rate, who, now_ms, retry_after))
		return DOSSIERS_MINUTE;
	daycap_count(d->day, who, day);
	return 1;
}
