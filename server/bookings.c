/*
 * bookings.c - slots, capacity and signed booking tokens.
 *
 * The bookings table is reached through kdb.h (statements kept prepared);
 * the callers' codes stay this file's own: K_ERR_BUSY when the write lock
 * cannot be had, K_ERR_DB for any other failure of the database.
 */
#include "bookings.h"
#include "hours.h"
#include "kclock.h"
#include "kdb.h"
#include "kerr.h"
#include "klog.h"

#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct bookings {
	struct kdb kdb;
	const struct kconf *cfg;
	unsigned char sk[64];
	int have_key;
};

static int read_key(struct bookings *b, const char *path)
{
	char text[128];
	size_t n = 0;
	FILE *f = fopen(path, "r");
	int ok = f && fgets(text, sizeof(text), f);
	if (f)
		fclose(f);
	text[ok ? strcspn(text, "\r\n") : 0] = '\0';
	ok = ok && sodium_base642bin(b->sk, sizeof(b->sk), text, strlen(text), NULL, &n, NULL,
				     sodium_base64_VARIANT_ORIGINAL) == 0 && n == 64;
	sodium_memzero(text, sizeof(text));
	if (!ok) {
		klog(KLOG_ERR, "bookings: %s is not a key from kioskctl booking keygen", path);
		return K_ERR_INVALID;
	}
	/* the public half must be the configured key.<KID>, or kiosks refuse it all */
	const struct kconf_key *k = kconf_key(b->cfg, b->cfg->booking.signing_kid);
	if (!k || memcmp(k->pk, b->sk + 32, 32) != 0) {
		klog(KLOG_ERR, "bookings: %s does not match [booking] key.%s", path,
		     b->cfg->booking.signing_kid);
		return K_ERR_INVALID;
	}
	b->have_key = 1;
	return K_OK;
}

int bookings_open(struct bookings **out, const char *db_path, const struct kconf *cfg)
{
	struct bookings *b = calloc(1, sizeof(*b));
	int r = K_OK;

	*out = NULL;
	if (!b || sodium_init() < 0) {
		free(b);
		return K_ERR_NOMEM;
	}
	b->cfg = cfg;
	if (kdb_open(&b->kdb, db_path, SQLITE_OPEN_READWRITE, "bookings") < 0)
		r = K_ERR_DB;
	if (r == K_OK) {
		sqlite3_busy_timeout(b->kdb.db, cfg->queue.busy_timeout_ms);
		if (cfg->booking.signing_key[0])
			r = read_key(b, cfg->booking.signing_key);
	}
	if (r < 0) {
		bookings_close(b);
		return r;
	}
	*out = b;
	return K_OK;
}

void bookings_close(struct bookings *b)
{
	if (!b)
		return;
	sodium_memzero(b->sk, sizeof(b->sk));
	kdb_close(&b->kdb);
	free(b);
}

/* The local midnight that begins calendar day `day`, or -1. */
static int64_t day_start(int64_t day)
{
	char text[24];
	int64_t t;
	kclock_day_str(day, text, sizeof(text));
	strcat(text, "T00:00");
	return kclock_parse_local(text, &t) < 0 ? -1 : t;
}

/* Each slot of s on day: fn(start). */
static void each_slot(const struct kconf *cfg, const struct kconf_service *s, int64_t day,
		      void (*fn)(int64_t start, void *ctx), void *ctx)
{
	int64_t midnight = day_start(day);
	const struct kconf_range *r;

	if (s->slot_minutes <= 0 || midnight < 0)
		return;
	int n = hours_of_day(cfg, s, day, &r); /* 0 on a closed day: no slot */
	for (int i = 0; i < n; i++)
		for (int m = r[i].from; m + s->slot_minutes <= r[i].to; m += s->slot_minutes)
			fn(midnight + m * 60LL, ctx);
}

struct find {
	int64_t want;
	int found;
};

static void match_slot(int64_t start, void *ctx)
{
	struct find *f = ctx;
	f->found |= start == f->want;
}

static int taken(struct bookings *b, const char *service, int64_t slot, int *n)
{
	sqlite3_stmt *st;
	int64_t v = 0;
	int r = kdb_prepare_bind(&b->kdb, &st, "SELECT COUNT(*) FROM bookings WHERE service = ?"
				 " AND slot = ? AND cancelled_at IS NULL", "ti", service, slot);
	if (r == K_OK)
		r = kdb_step_int(&b->kdb, st, &v, 0, "count bookings");
	*n = (int)v;
	return r < 0 ? K_ERR_DB : K_OK;
}

int bookings_make(struct bookings *b, const char *service, int64_t slot, const char *by,
		  int64_t now, struct booking_made *out)
{
	const struct kconf_service *s = kconf_service(b->cfg, service);
	struct find f = { slot, 0 };
	struct booking_token t;
	sqlite3_stmt *st;
	int n = 0, r;

	memset(out, 0, sizeof(*out));
	if (!b->have_key)
		return K_ERR_DISABLED;
	if (!s || !s->enabled || s->slot_minutes <= 0)
		return K_ERR_NOT_FOUND;
	if (slot <= now || slot > now + (b->cfg->booking.days_ahead + 1) * 86400LL)
		return K_ERR_INVALID;
	if (hours_closed_on(b->cfg, kclock_day(slot, 0)))
		return K_ERR_CLOSED; /* a holiday: no slot, and the backend is told why */
	each_slot(b->cfg, s, kclock_day(slot, 0), match_slot, &f);
	if (!f.found)
		return K_ERR_INVALID;
	/* "BK" and 10 of [0-9A-Z]: unique per station, nothing to guess from */
	memcpy(out->id, "BK", 2);
	for (int i = 0; i < 10; i++)
		out->id[2 + i] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"[randombytes_uniform(36)];
	snprintf(out->service, sizeof(out->service), "%s", s->code);
	out->slot = slot;
	out->minutes = s->slot_minutes;

	if (kdb_begin(&b->kdb) < 0)
		return K_ERR_BUSY;
	r = taken(b, s->code, slot, &n);
	if (r == K_OK && n >= s->slot_capacity)
		r = K_ERR_CAP;
	if (r == K_OK && (kdb_prepare_bind(&b->kdb, &st, "INSERT INTO bookings (id, service, slot,"
					   " minutes, made_by, made_at) VALUES (?, ?, ?, ?, ?, ?)",
					   "ttiiti", out->id, s->code, slot,
					   (int64_t)s->slot_minutes, by, now) < 0 ||
			  kdb_step_done(&b->kdb, st, "make") < 0))
		r = K_ERR_DB;
	if (r == K_OK) {
		memset(&t, 0, sizeof(t));
		snprintf(t.kid, sizeof(t.kid), "%s", b->cfg->booking.signing_kid);
		snprintf(t.station, sizeof(t.station), "%s", b->cfg->station.id);
		snprintf(t.booking, sizeof(t.booking), "%s", out->id);
		snprintf(t.service, sizeof(t.service), "%s", s->code);
		t.slot = slot;
		t.minutes = s->slot_minutes;
		r = booking_mint(&t, b->sk, out->token, sizeof(out->token));
	}
	if (r == K_OK && kdb_commit(&b->kdb) < 0)
		r = K_ERR_DB;
	if (r < 0)
		kdb_rollback(&b->kdb);
	return r;
}

int bookings_cancel(struct bookings *b, const char *id, int64_t now)
{
	sqlite3_stmt *st;
	int r = K_OK;

	if (kdb_begin(&b->kdb) < 0)
		return K_ERR_BUSY;
	if (kdb_prepare_bind(&b->kdb, &st, "UPDATE bookings SET cancelled_at ="
			     " COALESCE(cancelled_at, ?) WHERE id = ?", "it", now, id) < 0 ||
	    kdb_step_done(&b->kdb, st, "cancel") < 0)
		r = K_ERR_DB;
	else if (sqlite3_changes(b->kdb.db) == 0)
		r = K_ERR_NOT_FOUND;
	/* the queue refuses it at check-in from now on */
	if (r == K_OK && (kdb_prepare_bind(&b->kdb, &st, "INSERT OR IGNORE INTO cancelled_bookings"
					   " (booking, at) VALUES (?, ?)", "ti", id, now) < 0 ||
			  kdb_step_done(&b->kdb, st, "cancel") < 0))
		r = K_ERR_DB;
	if (r == K_OK)
		kdb_commit(&b->kdb); /* as before: a failed COMMIT is not reported */
	else
		kdb_rollback(&b->kdb);
	return r;
}

struct listing {
	struct bookings *b;
	const struct kconf_service *s;
	void (*fn)(int64_t, int, int, int, void *);
	void *ctx;
	int r;
};

static void list_slot(int64_t start, void *ctx)
{
	struct listing *l = ctx;
	int n = 0;
	if (l->r == K_OK)
		l->r = taken(l->b, l->s->code, start, &n);
	if (l->r == K_OK)
		l->fn(start, l->s->slot_minutes, l->s->slot_capacity, n, l->ctx);
}

int bookings_slots(struct bookings *b, const char *service, int64_t day,
		   void (*fn)(int64_t start, int minutes, int capacity, int taken, void *ctx),
		   void *ctx)
{
	const struct kconf_service *s = kconf_service(b->cfg, service);
	struct listing l = { b, s, fn, ctx, K_OK };
	if (!s || !s->enabled || s->slot_minutes <= 0)
		return K_ERR_NOT_FOUND;
	each_slot(b->cfg, s, day, list_slot, &l);
	return l.r;
}

int bookings_on(struct bookings *b, int64_t day,
		void (*fn)(const char *id, const char *service, int64_t slot, int minutes,
			   int cancelled, void *ctx), void *ctx)
{
	int64_t from = day_start(day);
	sqlite3_stmt *st;

	if (from < 0)
		return K_ERR_INVALID;
	if (kdb_prepare_bind(&b->kdb, &st, "SELECT id, service, slot, minutes,"
			     " cancelled_at IS NOT NULL FROM bookings WHERE slot >= ? AND slot < ?"
			     " ORDER BY slot, id", "ii", from,
			     from + 2 * 86400) < 0) /* and tomorrow: check-in opens early */
		return K_ERR_DB;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		fn((const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1),
		   sqlite3_column_int64(st, 2), sqlite3_column_int(st, 3), sqlite3_column_int(st, 4),
		   ctx);
	if (rc != SQLITE_DONE)
		kdb_error(&b->kdb, rc, "list");
	kdb_done(&b->kdb, st);
	return rc == SQLITE_DONE ? K_OK : K_ERR_DB;
}

int bookings_on_closed_days(struct bookings *b, int64_t now,
			    void (*fn)(const char *id, const char *service, int64_t slot,
				       int minutes, void *ctx), void *ctx)
{
	int64_t from = day_start(kclock_day(now, 0));
	sqlite3_stmt *st;
	int n = 0, rc;

	if (from < 0)
		return K_ERR_INVALID;
	if (kdb_prepare_bind(&b->kdb, &st, "SELECT id, service, slot, minutes FROM bookings"
			     " WHERE slot >= ? AND cancelled_at IS NULL ORDER BY slot, id", "i",
			     from) < 0)
		return K_ERR_DB;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t slot = sqlite3_column_int64(st, 2);
		if (!hours_closed_on(b->cfg, kclock_day(slot, 0)))
			continue;
		n++;
		if (fn)
			fn((const char *)sqlite3_column_text(st, 0),
			   (const char *)sqlite3_column_text(st, 1), slot, sqlite3_column_int(st, 3),
			   ctx);
	}
	if (rc != SQLITE_DONE)
		kdb_error(&b->kdb, rc, "list closed days");
	kdb_done(&b->kdb, st);
	return rc == SQLITE_DONE ? n : K_ERR_DB;
}

struct closed_days {
	char text[200];
	int64_t last;
};

static void note_day(const char *id, const char *service, int64_t slot, int minutes, void *ctx)
{
	struct closed_days *c = ctx;
	int64_t day = kclock_day(slot, 0);
	size_t len = strlen(c->text);
	(void)id, (void)service, (void)minutes;
	if (day == c->last || len + 14 >= sizeof(c->text))
		return;
	c->last = day;
	snprintf(c->text + len, sizeof(c->text) - len, "%s", len ? ", " : "");
	len = strlen(c->text);
	kclock_day_str(day, c->text + len, (unsigned)(sizeof(c->text) - len));
}

int bookings_report_closed(struct bookings *b, int64_t now)
{
	struct closed_days c = { "", -1 };
	int n = bookings_on_closed_days(b, now, note_day, &c);
	if (n > 0)
		klog(KLOG_WARN, "bookings: %d booking(s) fall on days [calendar] now closes (%s): "
		     "contact them (GET /api/v1/bookings?closed=1 lists their ids)", n, c.text);
	return n;
}
