/*
 * rating.c - the ratings' chain: a row's hash, the chain's tail, the walk
 * that checks it, and the days' heads (see rating.h).
 */
#include "rating.h"
#include "kclock.h"
#include "kerr.h"
#include "klog.h"

#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define ROWS_SQL "SELECT id, day, ticket, number, service, counter, staff, level, scale, reason," \
		 " wait, at, channel, prev, hash FROM ratings"

static void put_int(crypto_generichash_state *h, int64_t v)
{
	unsigned char b[8];
	for (int i = 0; i < 8; i++)
		b[i] = (unsigned char)((uint64_t)v >> (8 * i));
	crypto_generichash_update(h, b, sizeof(b));
}

/* A text with its length first: no two rows hash the same bytes. */
static void put_text(crypto_generichash_state *h, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	put_int(h, (int64_t)n);
	crypto_generichash_update(h, (const unsigned char *)(s ? s : ""), n);
}

void rating_hash(const struct rating_row *r, unsigned char out[RATING_HASH])
{
	crypto_generichash_state h;
	static const char tag[] = "kiosk-rating-v1";

	crypto_generichash_init(&h, NULL, 0, RATING_HASH);
	crypto_generichash_update(&h, (const unsigned char *)tag, sizeof(tag));
	crypto_generichash_update(&h, r->prev, RATING_HASH);
	put_int(&h, r->id);
	put_int(&h, r->day);
	put_int(&h, r->ticket);
	put_text(&h, r->number);
	put_text(&h, r->service);
	put_int(&h, r->counter);
	put_text(&h, r->staff);
	put_int(&h, r->level);
	put_int(&h, r->scale);
	put_int(&h, r->reason);
	put_int(&h, r->wait);
	put_int(&h, r->at);
	put_text(&h, r->channel);
	crypto_generichash_final(&h, out, RATING_HASH);
}

int rating_tail(struct kdb *db, unsigned char prev[RATING_HASH], int64_t *next_id)
{
	sqlite3_stmt *st;
	int64_t seq = 0;
	int r = kdb_prepare(db, "SELECT seq FROM sqlite_sequence WHERE name = 'ratings'", &st);
	if (r < 0 || (r = kdb_step_int(db, st, &seq, 0, "ratings: sequence")) < 0)
		return r;
	memset(prev, 0, RATING_HASH);
	r = kdb_prepare(db, "SELECT id, hash FROM ratings ORDER BY id DESC LIMIT 1", &st);
	if (r < 0)
		return r;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		int64_t last = sqlite3_column_int64(st, 0);
		if (sqlite3_column_bytes(st, 1) == RATING_HASH)
			memcpy(prev, sqlite3_column_blob(st, 1), RATING_HASH);
		seq = last > seq ? last : seq;
	} else if (rc != SQLITE_DONE) {
		r = kdb_error(db, rc, "ratings: the chain's tail");
	}
	kdb_done(db, st);
	*next_id = seq + 1;
	return r;
}

static void hex(const unsigned char *b, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[b[i] >> 4];
		out[2 * i + 1] = digits[b[i] & 15];
	}
	out[2 * n] = '\0';
}

/* The row st is on, into r (texts point into st until its next step). */
static void read_row(sqlite3_stmt *st, struct rating_row *r, const void **hash, int *hash_len)
{
	r->id = sqlite3_column_int64(st, 0);
	r->day = sqlite3_column_int64(st, 1);
	r->ticket = sqlite3_column_int64(st, 2);
	r->number = (const char *)sqlite3_column_text(st, 3);
	r->service = (const char *)sqlite3_column_text(st, 4);
	r->counter = sqlite3_column_int64(st, 5);
	r->staff = (const char *)sqlite3_column_text(st, 6);
	r->level = sqlite3_column_int64(st, 7);
	r->scale = sqlite3_column_int64(st, 8);
	r->reason = sqlite3_column_int64(st, 9);
	r->wait = sqlite3_column_type(st, 10) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 10);
	r->at = sqlite3_column_int64(st, 11);
	r->channel = (const char *)sqlite3_column_text(st, 12);
	memset(r->prev, 0, RATING_HASH);
	if (sqlite3_column_bytes(st, 13) == RATING_HASH)
		memcpy(r->prev, sqlite3_column_blob(st, 13), RATING_HASH);
	*hash = sqlite3_column_blob(st, 14);
	*hash_len = sqlite3_column_bytes(st, 14);
}

static void broken(struct rating_check *c, int64_t row, const char *problem, const char *fmt,
		   ...) __attribute__((format(printf, 4, 5)));
static void broken(struct rating_check *c, int64_t row, const char *problem, const char *fmt, ...)
{
	va_list ap;
	c->ok = 0;
	c->row = row;
	c->problem = problem;
	va_start(ap, fmt);
	vsnprintf(c->message, sizeof(c->message), fmt, ap);
	va_end(ap);
}

/* The rows from id `start` on, in order: each matches its hash and links to the one before. */
static int walk(struct kdb *db, int64_t start, struct rating_check *c)
{
	sqlite3_stmt *st;
	unsigned char want_prev[RATING_HASH], h[RATING_HASH];
	int64_t prev_id = 0;
	int rc, r = kdb_prepare_bind(db, &st, ROWS_SQL " WHERE id >= ?1 ORDER BY id", "i", start);
	if (r < 0)
		return r;
	while (c->ok && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct rating_row row;
		const void *stored;
		int stored_len;
		char day[16];
		read_row(st, &row, &stored, &stored_len);
		rating_hash(&row, h);
		kclock_day_str(row.day, day, sizeof(day));
		if (prev_id && row.id != prev_id + 1) {
			broken(c, prev_id + 1, "deleted", "row %lld is missing: deleted (row %lld is "
			       "followed by row %lld)", (long long)(prev_id + 1), (long long)prev_id,
			       (long long)row.id);
		} else if (stored_len != RATING_HASH || memcmp(stored, h, RATING_HASH) != 0) {
			broken(c, row.id, "changed", "row %lld (%s, %s) does not match its hash: it was "
			       "changed after it was written, or inserted by hand", (long long)row.id,
			       day, row.number ? row.number : "?");
		} else if ((prev_id && memcmp(row.prev, want_prev, RATING_HASH) != 0) ||
			   (!prev_id && row.id == 1 && !sodium_is_zero(row.prev, RATING_HASH))) {
			broken(c, row.id, "inserted", "row %lld (%s, %s) does not follow row %lld: it "
			       "was inserted, or the row before it rewritten", (long long)row.id, day,
			       row.number ? row.number : "?", (long long)(row.id - 1));
		} else {
			if (!c->first)
				c->first = row.id;
			c->last = row.id;
			c->rows++;
		}
		memcpy(want_prev, h, RATING_HASH);
		prev_id = row.id;
	}
	if (c->ok && rc != SQLITE_DONE)
		r = kdb_error(db, rc, "ratings: the chain");
	kdb_done(db, st);
	return r;
}

/* A head as the audit log keeps it: "YYYY-MM-DD n=N last=ID hash=HEX". */
static int parse_head(const char *s, int64_t *day, long long *n, long long *last, char *hash_hex)
{
	char date[11], iso[32];
	int64_t t;
	if (!s || sscanf(s, "%10s n=%lld last=%lld hash=%64[0-9a-f]", date, n, last, hash_hex) != 4 ||
	    strlen(hash_hex) != 2 * RATING_HASH)
		return -1;
	snprintf(iso, sizeof(iso), "%sT12:00", date);
	if (kclock_parse_local(iso, &t) < 0)
		return -1;
	*day = kclock_day(t, 0);
	return 0;
}

/* Each head written for a day from from_day on: that day has its n rows, its last row that hash. */
static int check_heads(struct kdb *db, int64_t from_day, struct rating_check *c)
{
	sqlite3_stmt *st, *q;
	int rc, r = kdb_prepare(db, "SELECT detail FROM audit WHERE action = 'ratings_head'"
			       " ORDER BY id", &st);
	if (r < 0)
		return r;
	while (c->ok && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t day, n = 0;
		long long want_n, last;
		char want[2 * RATING_HASH + 1], got[2 * RATING_HASH + 1] = "", date[16];
		const char *detail = (const char *)sqlite3_column_text(st, 0);
		if (parse_head(detail, &day, &want_n, &last, want) < 0) {
			broken(c, 0, "head", "the audit log holds a ratings head that cannot be read: "
			       "\"%.80s\"", detail ? detail : "");
			break;
		}
		if (day < from_day)
			continue;
		kclock_day_str(day, date, sizeof(date));
		if ((r = kdb_prepare_bind(db, &q, "SELECT COUNT(*) FROM ratings WHERE day = ?1", "i",
					  day)) < 0 ||
		    (r = kdb_step_int(db, q, &n, 0, "ratings: a day's count")) < 0)
			break;
		if ((r = kdb_prepare_bind(db, &q, "SELECT hash FROM ratings WHERE id = ?1", "i",
					  (int64_t)last)) < 0)
			break;
		if (sqlite3_step(q) == SQLITE_ROW && sqlite3_column_bytes(q, 0) == RATING_HASH)
			hex(sqlite3_column_blob(q, 0), RATING_HASH, got);
		kdb_done(db, q);
		if (strcmp(got, want) != 0)
			broken(c, last, "head", "row %lld, the last of %s, is not the one the audit log's "
			       "head names: the chain was rewritten or cut after the day closed",
			       last, date);
		else if (n != want_n)
			broken(c, last, "head", "%s has %lld ratings, the audit log's head says %lld: "
			       "rows were added or removed after the day closed", date, (long long)n,
			       want_n);
		c->heads++;
	}
	if (r >= 0 && c->ok && rc != SQLITE_DONE)
		r = kdb_error(db, rc, "ratings: the heads");
	kdb_done(db, st);
	return r;
}

int rating_verify(struct kdb *db, int64_t from_day, struct rating_check *out)
{
	sqlite3_stmt *st;
	int64_t start = 0;
	int r;

	memset(out, 0, sizeof(*out));
	out->ok = 1;
	if ((r = kdb_exec(db, "BEGIN", "ratings: a snapshot to check")) < 0)
		return r; /* one snapshot: rows added meanwhile are not half seen */
	r = kdb_prepare_bind(db, &st, "SELECT MIN(id) FROM ratings WHERE day >= ?1", "i", from_day);
	if (r >= 0)
		r = kdb_step_int(db, st, &start, 0, "ratings: the first row");
	if (r >= 0 && start)
		r = walk(db, start, out);
	if (r >= 0 && out->ok)
		r = check_heads(db, from_day, out);
	kdb_exec(db, "COMMIT", "ratings: end of the check");
	return r;
}

/* The day of the newest head written (0 = none). */
static int last_head_day(struct kdb *db, int64_t *day)
{
	sqlite3_stmt *st;
	int r = kdb_prepare(db, "SELECT detail FROM audit WHERE action = 'ratings_head'"
			    " ORDER BY id DESC LIMIT 1", &st);
	*day = 0;
	if (r < 0)
		return r;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		long long n, last;
		char h[2 * RATING_HASH + 1];
		if (parse_head((const char *)sqlite3_column_text(st, 0), day, &n, &last, h) < 0)
			*day = 0;
	} else if (rc != SQLITE_DONE) {
		r = kdb_error(db, rc, "ratings: the last head");
	}
	kdb_done(db, st);
	return r;
}

int rating_close_days(struct kdb *db, int64_t before, int64_t now, int *written)
{
	sqlite3_stmt *st, *ins;
	int64_t after;
	int rc = SQLITE_DONE, r;

	*written = 0;
	/* heads are written in order of days: only the days after the newest one */
	if ((r = last_head_day(db, &after)) < 0)
		return r;
	r = kdb_prepare_bind(db, &st, "SELECT day, COUNT(*), MAX(id) FROM ratings WHERE day > ?1"
			     " AND day < ?2 GROUP BY day ORDER BY day", "ii", after, before);
	if (r < 0)
		return r;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t day = sqlite3_column_int64(st, 0), n = sqlite3_column_int64(st, 1);
		int64_t last = sqlite3_column_int64(st, 2);
		char date[16], detail[160], h[2 * RATING_HASH + 1] = "";
		sqlite3_stmt *q;
		kclock_day_str(day, date, sizeof(date));
		if ((r = kdb_prepare_bind(db, &q, "SELECT hash FROM ratings WHERE id = ?1", "i",
					  last)) < 0)
			break;
		if (sqlite3_step(q) == SQLITE_ROW && sqlite3_column_bytes(q, 0) == RATING_HASH)
			hex(sqlite3_column_blob(q, 0), RATING_HASH, h);
		kdb_done(db, q);
		snprintf(detail, sizeof(detail), "%s n=%lld last=%lld hash=%s", date, (long long)n,
			 (long long)last, h);
		if ((r = kdb_prepare_bind(db, &ins, "INSERT INTO audit (at, who, action, detail)"
					  " VALUES (?1, 'station', 'ratings_head', ?2)", "it", now,
					  detail)) < 0 ||
		    (r = kdb_step_done(db, ins, "ratings: write a day's head")) < 0)
			break;
		klog(KLOG_INFO, "ratings head %s", detail);
		(*written)++;
	}
	if (r >= 0 && rc != SQLITE_DONE)
		r = kdb_error(db, rc, "ratings: the days to close");
	kdb_done(db, st);
	return r;
}

int rating_export(struct kdb *db, int64_t after_id, int max, rating_export_fn *fn, void *arg)
{
	sqlite3_stmt *st;
	int n = 0, rc = SQLITE_DONE, r = kdb_prepare_bind(db, &st, ROWS_SQL
		" WHERE id > ?1 ORDER BY id LIMIT ?2", "ii", after_id, (int64_t)max);

	while (r == K_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct rating_row row;
		const void *h;
		int hlen;
		read_row(st, &row, &h, &hlen);
		if (hlen != RATING_HASH)
			break; /* a damaged row: rating_verify() names it; nothing after it leaves */
		r = fn(arg, &row, h);
		n++;
	}
	if (r == K_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
		r = kdb_error(db, rc, "ratings: export");
	kdb_done(db, st);
	return r < 0 ? r : n;
}
