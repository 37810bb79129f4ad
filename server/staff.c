/*
 * staff.c - see staff.h.
 *
 * Every function takes the struct's lock around its use of the connection:
 * the API calls most of them under its own lock, but a login is not (its
 * check is slow on purpose), and a login's count of tries is a transaction
 * that no other statement on the connection may fall into.  The connection
 * is a kdb.h one (statements kept prepared); any failure of the database is
 * K_ERR_DB to staff's callers, since K_ERR_BUSY here means a locked name.
 */
#include "staff.h"
#include "kdb.h"
#include "kclock.h"
#include "kerr.h"
#include "klog.h"

#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define STAFF_NAMES_KEPT 256 /* names tried lately, kept in memory */

/* A name tried lately; the tries and lock are kept here only for a name
 * nobody has (an account keeps its own in the staff table). */
struct staff_tries {
	unsigned char key[16]; /* BLAKE2b of the name, keyed with salt */
	int64_t seen;          /* last tried; 0 = an empty entry */
	int checking;          /* its logins running now */
	int failures;
	int64_t locked_until;
};

struct staff {
	struct kdb kdb;
	pthread_mutex_t lock;  /* kdb, checking, tries, dummy */
	int checking;          /* password checks running now */
	char dummy[crypto_pwhash_STRBYTES]; /* checked for a name nobody has; "" = not yet */
	unsigned char salt[16];
	struct staff_tries tries[STAFF_NAMES_KEPT];
};

int staff_open(struct staff **out, const char *db_path)
{
	struct staff *s = calloc(1, sizeof(*s));
	*out = NULL;
	if (!s || sodium_init() < 0) {
		free(s);
		return K_ERR_NOMEM;
	}
	pthread_mutex_init(&s->lock, NULL);
	randombytes_buf(s->salt, sizeof(s->salt));
	if (kdb_open(&s->kdb, db_path, SQLITE_OPEN_READWRITE, "staff") < 0) {
		staff_close(s);
		return K_ERR_DB;
	}
	sqlite3_busy_timeout(s->kdb.db, 5000);
	kdb_exec(&s->kdb, "PRAGMA foreign_keys = ON", "set up");
	*out = s;
	return K_OK;
}

void staff_close(struct staff *s)
{
	if (!s)
		return;
	kdb_close(&s->kdb);
	pthread_mutex_destroy(&s->lock);
	free(s);
}

/* The hash a name nobody has is checked against: a random password's,
 * made as staff_set makes them (under s->lock, once). */
static int make_dummy(struct staff *s)
{
	unsigned char pw[16];
	randombytes_buf(pw, sizeof(pw));
	return crypto_pwhash_str(s->dummy, (const char *)pw, sizeof(pw),
				 crypto_pwhash_OPSLIMIT_INTERACTIVE,
				 crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0 ? K_OK : K_ERR_NOMEM;
}


/* Step st (a row or its end is success) and give it back: K_OK or K_ERR_DB. */
static int step_done(struct staff *s, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		kdb_error(&s->kdb, rc, what);
	kdb_done(&s->kdb, st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? K_OK : K_ERR_DB;
}

static int name_ok(const char *name)
{
	size_t n = strlen(name);
	if (n < 1 || n > 32)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)name[i]) && !strchr("._-", name[i]))
			return 0;
	return 1;
}

int staff_set(struct staff *s, const char *name, const char *password)
{
	char hash[crypto_pwhash_STRBYTES];
	sqlite3_stmt *st;
	int r = K_ERR_DB, ended = 0;

	if (!name_ok(name) || strlen(password) < 8)
		return K_ERR_INVALID;
	if (crypto_pwhash_str(hash, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return K_ERR_NOMEM;
	pthread_mutex_lock(&s->lock);
	if (kdb_begin(&s->kdb) < 0 ||
	    kdb_prepare_bind(&s->kdb, &st, "INSERT INTO staff (name, hash) VALUES (?1, ?2)"
			     " ON CONFLICT (name) DO UPDATE SET hash = ?2, failures = 0,"
			     " locked_until = 0", "tt", name, hash) < 0 ||
	    step_done(s, st, "set password") < 0)
		goto out;
	/* a new password: whoever had the old one is out, cookies and tokens */
	if (kdb_prepare_bind(&s->kdb, &st, "DELETE FROM sessions WHERE staff ="
			     " (SELECT id FROM staff WHERE name = ?)", "t", name) < 0 ||
	    step_done(s, st, "end sessions") < 0)
		goto out;
	ended = sqlite3_changes(s->kdb.db);
	if (kdb_commit(&s->kdb) == K_OK)
		r = K_OK;
out:
	if (r < 0)
		kdb_rollback(&s->kdb);
	else if (ended)
		klog(KLOG_INFO, "staff: a new password for %s: %d session(s) and token(s) ended",
		     name, ended);
	pthread_mutex_unlock(&s->lock);
	sodium_memzero(hash, sizeof(hash));
	return r;
}

static int audit(struct staff *s, int64_t now, const char *who, const char *action,
		 const char *detail);
static int new_secret(struct staff *s, int64_t id, const char *kind, int64_t now,
		      int64_t expires, char out[64]);

static void digest(const char *cookie, unsigned char out[32])
{
	crypto_generichash(out, 32, (const unsigned char *)cookie, strlen(cookie), NULL, 0);
}

/*
 * The name's entry in memory (under s->lock): its checks running now, and
 * for a name nobody has, its tries and lock.  A name not there takes the
 * entry used longest ago that no check holds; NULL if every entry is held.
 */
static struct staff_tries *tries_of(struct staff *s, const char *name, int64_t now)
{
	unsigned char key[16];
	struct staff_tries *free_one = NULL;

	crypto_generichash(key, sizeof(key), (const unsigned char *)name, strlen(name), s->salt,
			   sizeof(s->salt));
	for (int i = 0; i < STAFF_NAMES_KEPT; i++) {
		struct staff_tries *t = &s->tries[i];
		if (t->seen && !memcmp(t->key, key, sizeof(key)))
			return t;
		if (!t->checking && (!free_one || t->seen < free_one->seen))
			free_one = t;
	}
	if (free_one) {
		memset(free_one, 0, sizeof(*free_one));
		memcpy(free_one->key, key, sizeof(key));
		free_one->seen = now;
	}
	return free_one;
}

/*
 * Count this try before its password is checked (under s->lock, for an
 * account in one transaction with reading its lock): *n = its number since
 * the last login or lock; K_ERR_BUSY with *retry_after if the name is
 * locked, or this try is one over STAFF_TRIES (tries made at once: the
 * name is locked now).  An account's hash into hash, *id = 0 for none.
 */
static int count_try(struct staff *s, const char *name, struct staff_tries *t, int64_t now,
		     int64_t *id, char hash[crypto_pwhash_STRBYTES], int *n, int *retry_after)
{
	sqlite3_stmt *st;
	int64_t locked = 0;
	int failures = 0, r = K_ERR_DB;

	*id = 0;
	if (kdb_begin(&s->kdb) < 0)
		return K_ERR_DB;
	if (kdb_prepare_bind(&s->kdb, &st, "SELECT id, hash, failures, locked_until FROM staff"
			     " WHERE name = ?", "t", name) < 0)
		goto out;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		snprintf(hash, crypto_pwhash_STRBYTES, "%s", sqlite3_column_text(st, 1));
		failures = sqlite3_column_int(st, 2);
		locked = sqlite3_column_int64(st, 3);
	} else if (rc == SQLITE_DONE) { /* nobody: the same steps in memory */
		failures = t->failures;
		locked = t->locked_until;
	} else {
		kdb_error(&s->kdb, rc, "read tries");
	}
	kdb_done(&s->kdb, st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		goto out;
	*n = failures + 1;
	if (locked <= now && *n > STAFF_TRIES) { /* tries at once ran past the limit */
		locked = now + STAFF_LOCK_SECONDS;
		*n = 0;
		if (*id)
			klog(KLOG_WARN, "staff: %s locked after %d tries at once", name, STAFF_TRIES);
	}
	if (*id) {
		if (kdb_prepare_bind(&s->kdb, &st, "UPDATE staff SET failures = ?2, locked_until = ?3"
				     " WHERE id = ?1", "iii", *id, (int64_t)(locked > now ? 0 : *n),
				     locked) < 0 ||
		    step_done(s, st, "count try") < 0)
			goto out;
	} else {
		t->failures = locked > now ? 0 : *n;
		t->locked_until = locked;
	}
	r = K_OK;
	if (locked > now) {
		*retry_after = (int)(locked - now);
		r = K_ERR_BUSY;
	}
out:
	if (r == K_ERR_DB || kdb_commit(&s->kdb) < 0) {
		kdb_rollback(&s->kdb);
		r = K_ERR_DB;
	}
	return r;
}

/* After the check (under s->lock): a login starts the count again; the
 * STAFF_TRIES-th wrong password in a row locks the name. */
static void after_check(struct staff *s, const char *name, int64_t id, struct staff_tries *t,
			int good, int n, int64_t now)
{
	sqlite3_stmt *st;
	int lock = !good && n >= STAFF_TRIES;

	if (!id) {
		if (lock) {
			t->failures = 0;
			t->locked_until = now + STAFF_LOCK_SECONDS;
		}
		return;
	}
	if (!good && !lock)
		return;
	if (kdb_prepare_bind(&s->kdb, &st, "UPDATE staff SET failures = 0, locked_until = ?2"
			     " WHERE id = ?1", "ii", id,
			     (int64_t)(lock ? now + STAFF_LOCK_SECONDS : 0)) < 0)
		return;
	step_done(s, st, "end tries");
	if (lock) {
		klog(KLOG_WARN, "staff: %s locked after %d wrong passwords", name, STAFF_TRIES);
		audit(s, now, name, "login locked", "");
	}
}

int staff_login(struct staff *s, const char *name, const char *password, int64_t now,
		char cookie[64], int *locked, int *retry_after)
{
	char hash[crypto_pwhash_STRBYTES] = "";
	struct timespec t0;
	struct staff_tries *t;
	int64_t id = 0;
	int n = 0, r, good = 0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	*locked = 0;
	*retry_after = 0;
	pthread_mutex_lock(&s->lock);
	if (!s->dummy[0] && make_dummy(s) < 0) {
		pthread_mutex_unlock(&s->lock);
		return K_ERR_NOMEM;
	}
	t = tries_of(s, name, now);
	if (!t || t->checking >= STAFF_CHECKS_PER_NAME || s->checking >= STAFF_CHECKS_MAX) {
		pthread_mutex_unlock(&s->lock);
		*retry_after = 1; /* a check takes a fraction of a second */
		return K_ERR_BUSY;
	}
	t->seen = now;
	r = count_try(s, name, t, now, &id, hash, &n, retry_after);
	if (r < 0) {
		*locked = r == K_ERR_BUSY;
		pthread_mutex_unlock(&s->lock);
		return r;
	}
	t->checking++;
	s->checking++;
	pthread_mutex_unlock(&s->lock);

	/* a name nobody has checks the dummy hash: the same work, the same time */
	good = crypto_pwhash_str_verify(id ? hash : s->dummy, password, strlen(password)) == 0 &&
	       id;

	pthread_mutex_lock(&s->lock);
	s->checking--;
	after_check(s, name, id, t, good, n, now);
	r = good ? new_secret(s, id, "cookie", now, now + STAFF_SESSION_SECONDS, cookie) :
		   K_ERR_NOT_FOUND;
	pthread_mutex_unlock(&s->lock);
	if (!good) /* slower each time, timed from the start: the work does not show */
		kclock_sleep_until(&t0, (long)STAFF_DELAY_MS * n);
	pthread_mutex_lock(&s->lock);
	t->checking--; /* held through the wait: one name's tries stay slow */
	pthread_mutex_unlock(&s->lock);
	return r;
}

/*
 * Who holds a secret of this kind: name and role.  A cookie also ends after
 * idle seconds without an action (touch = this request is one).
 */
static int lookup(struct staff *s, const char *value, const char *kind, int64_t now, int idle,
		  int touch, char name[64], int *supervisor)
{
	sqlite3_stmt *st;
	unsigned char d[32];
	int r = K_ERR_NOT_FOUND;

	digest(value, d);
	if (kdb_prepare_bind(&s->kdb, &st, "SELECT staff.name, staff.role = 'supervisor'"
			     " FROM sessions JOIN staff ON staff.id = sessions.staff"
			     " WHERE digest = ?1 AND expires > ?2 AND kind = ?3"
			     " AND (?4 = 0 OR used >= ?2 - ?4)", "biti", d, (int)sizeof(d), now,
			     kind, (int64_t)idle) < 0)
		return K_ERR_DB;
	if (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(name, 64, "%s", sqlite3_column_text(st, 0));
		*supervisor = sqlite3_column_int(st, 1);
		r = K_OK;
	}
	kdb_done(&s->kdb, st);
	if (r == K_OK && touch &&
	    kdb_prepare_bind(&s->kdb, &st, "UPDATE sessions SET used = ?2 WHERE digest = ?1", "bi",
			     d, (int)sizeof(d), now) == K_OK)
		r = step_done(s, st, "touch session");
	return r;
}

int staff_session(struct staff *s, const char *cookie, int64_t now, int idle, int touch,
		  char name[64], int *supervisor)
{
	pthread_mutex_lock(&s->lock);
	int r = lookup(s, cookie, "cookie", now, idle, touch, name, supervisor);
	pthread_mutex_unlock(&s->lock);
	return r;
}

int staff_token(struct staff *s, const char *token, int64_t now, char name[64], int *supervisor)
{
	pthread_mutex_lock(&s->lock);
	int r = lookup(s, token, "token", now, 0, 0, name, supervisor);
	pthread_mutex_unlock(&s->lock);
	return r;
}

/* Run a statement of at most two bindings (an int64, then a text or -; the
 * text may be NULL) under s->lock; *changes = rows changed (may be NULL). */
static int run(struct staff *s, const char *sql, const void *blob, int64_t a, const char *text,
	       int *changes)
{
	sqlite3_stmt *st;
	int r = K_ERR_DB;

	pthread_mutex_lock(&s->lock);
	if (kdb_prepare(&s->kdb, sql, &st) == K_OK) {
		if (blob)
			kdb_bind(st, "b", blob, 32);
		else
			kdb_bind(st, "i", a);
		if (text)
			sqlite3_bind_text(st, 2, text, -1, SQLITE_STATIC);
		r = step_done(s, st, "change");
	}
	if (changes)
		*changes = r == K_OK ? sqlite3_changes(s->kdb.db) : 0;
	pthread_mutex_unlock(&s->lock);
	return r;
}

int staff_logout(struct staff *s, const char *cookie)
{
	unsigned char d[32];
	digest(cookie, d);
	return run(s, "DELETE FROM sessions WHERE digest = ?1 AND kind = 'cookie'", d, 0, NULL,
		   NULL);
}

int staff_prune(struct staff *s, int64_t now, int idle, int *n)
{
	char sql[160];
	int changed = 0;
	snprintf(sql, sizeof(sql), "DELETE FROM sessions WHERE expires <= ?1 OR (%d > 0 AND"
		 " kind = 'cookie' AND used < ?1 - %d)", idle, idle);
	int r = run(s, sql, NULL, now, NULL, &changed);
	if (n)
		*n = changed;
	return r;
}

int staff_set_role(struct staff *s, const char *name, int supervisor)
{
	int n = 0;
	int r = run(s, supervisor ? "UPDATE staff SET role = 'supervisor' WHERE name = ?2" :
				    "UPDATE staff SET role = 'staff' WHERE name = ?2",
		    NULL, 0, name, &n);
	return r == K_OK && n == 0 ? K_ERR_NOT_FOUND : r;
}

/* A new random secret for staff id: its digest stored as kind, the secret out. */
static int new_secret(struct staff *s, int64_t id, const char *kind, int64_t now,
		      int64_t expires, char out[64])
{
	unsigned char raw[32], d[32];
	sqlite3_stmt *st;

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, 64, raw, sizeof(raw), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	digest(out, d);
	if (kdb_prepare_bind(&s->kdb, &st, "INSERT INTO sessions (digest, staff, expires, kind, used)"
			     " VALUES (?, ?, ?, ?, ?)", "biiti", d, (int)sizeof(d), id, expires, kind,
			     now) < 0)
		return K_ERR_DB;
	return step_done(s, st, "new session");
}

static int64_t staff_id(struct staff *s, const char *name)
{
	sqlite3_stmt *st;
	int64_t id = 0;
	if (kdb_prepare_bind(&s->kdb, &st, "SELECT id FROM staff WHERE name = ?", "t", name) < 0)
		return 0;
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	kdb_done(&s->kdb, st);
	return id;
}

int staff_new_token(struct staff *s, const char *name, int64_t now, char token[64])
{
	pthread_mutex_lock(&s->lock);
	int64_t id = staff_id(s, name);
	int r = id ? new_secret(s, id, "token", now, now + STAFF_TOKEN_DAYS * 86400LL, token)
		   : K_ERR_NOT_FOUND;
	pthread_mutex_unlock(&s->lock);
	return r;
}

int staff_revoke(struct staff *s, const char *name, int *n)
{
	pthread_mutex_lock(&s->lock);
	int64_t id = staff_id(s, name);
	pthread_mutex_unlock(&s->lock);
	*n = 0;
	return id ? run(s, "DELETE FROM sessions WHERE staff = ?1", NULL, id, NULL, n)
		  : K_ERR_NOT_FOUND;
}

static int audit(struct staff *s, int64_t now, const char *who, const char *action,
		 const char *detail)
{
	sqlite3_stmt *st;
	if (kdb_prepare_bind(&s->kdb, &st, "INSERT INTO audit (at, who, action, detail)"
			     " VALUES (?, ?, ?, ?)", "ittt", now, who, action,
			     detail ? detail : "") < 0)
		return K_ERR_DB;
	return step_done(s, st, "audit");
}

int staff_audit(struct staff *s, int64_t now, const char *who, const char *action,
		const char *detail)
{
	pthread_mutex_lock(&s->lock);
	int r = audit(s, now, who, action, detail);
	pthread_mutex_unlock(&s->lock);
	return r;
}
