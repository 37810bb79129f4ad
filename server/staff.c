/*
 * staff.c - see staff.h.
 */
#include "staff.h"
#include "kerr.h"
#include "klog.h"

#include <ctype.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct staff {
	sqlite3 *db;
};

int staff_open(struct staff **out, const char *db_path)
{
	struct staff *s = calloc(1, sizeof(*s));
	*out = NULL;
	if (!s || sodium_init() < 0) {
		free(s);
		return K_ERR_NOMEM;
	}
	if (sqlite3_open_v2(db_path, &s->db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		klog(KLOG_ERR, "staff: cannot open %s", db_path);
		staff_close(s);
		return K_ERR_DB;
	}
	sqlite3_busy_timeout(s->db, 5000);
	sqlite3_exec(s->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
	*out = s;
	return K_OK;
}

void staff_close(struct staff *s)
{
	if (!s)
		return;
	sqlite3_close(s->db);
	free(s);
}


static int step_done(struct staff *s, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		klog(KLOG_ERR, "staff: %s", sqlite3_errmsg(s->db));
		return K_ERR_DB;
	}
	return K_OK;
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

	if (!name_ok(name) || strlen(password) < 8)
		return K_ERR_INVALID;
	if (crypto_pwhash_str(hash, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return K_ERR_NOMEM;
	if (sqlite3_prepare_v2(s->db, "INSERT INTO staff (name, hash) VALUES (?1, ?2)"
				      " ON CONFLICT (name) DO UPDATE SET hash = ?2, failures = 0,"
				      " locked_until = 0", -1, &st, NULL) != SQLITE_OK)
		return K_ERR_DB;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, hash, -1, SQLITE_STATIC);
	return step_done(s, st);
}

static int new_secret(struct staff *s, int64_t id, const char *kind, int64_t now,
		      int64_t expires, char out[64]);

static void digest(const char *cookie, unsigned char out[32])
{
	crypto_generichash(out, 32, (const unsigned char *)cookie, strlen(cookie), NULL, 0);
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

int staff_login(struct staff *s, const char *name, const char *password, int64_t now,
		char cookie[64])
{
	sqlite3_stmt *st;
	char hash[crypto_pwhash_STRBYTES] = "";
	int64_t id = 0, locked = 0;
	int failures = 0;

	if (sqlite3_prepare_v2(s->db, "SELECT id, hash, failures, locked_until FROM staff"
				      " WHERE name = ?", -1, &st, NULL) != SQLITE_OK)
		return K_ERR_DB;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		snprintf(hash, sizeof(hash), "%s", sqlite3_column_text(st, 1));
		failures = sqlite3_column_int(st, 2);
		locked = sqlite3_column_int64(st, 3);
	}
	sqlite3_finalize(st);
	if (id && locked > now)
		return K_ERR_BUSY;
	if (!id || crypto_pwhash_str_verify(hash, password, strlen(password)) != 0) {
		if (id) {
			failures++;
			if (sqlite3_prepare_v2(s->db, "UPDATE staff SET failures = ?2, locked_until = ?3"
						      " WHERE id = ?1", -1, &st, NULL) == SQLITE_OK) {
				sqlite3_bind_int64(st, 1, id);
				sqlite3_bind_int(st, 2, failures >= STAFF_TRIES ? 0 : failures);
				sqlite3_bind_int64(st, 3, failures >= STAFF_TRIES ?
							  now + STAFF_LOCK_SECONDS : 0);
				step_done(s, st);
			}
			if (failures >= STAFF_TRIES)
				klog(KLOG_WARN, "staff: %s locked after %d wrong passwords", name,
				     STAFF_TRIES);
		}
		/* slower each time; an unknown name waits like a first mistake */
		sleep_ms(200L * (!id ? 1 : failures < STAFF_TRIES ? failures : STAFF_TRIES));
		return K_ERR_NOT_FOUND;
	}
	if (sqlite3_prepare_v2(s->db, "UPDATE staff SET failures = 0 WHERE id = ?", -1, &st,
			       NULL) == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, id);
		step_done(s, st);
	}
	return new_secret(s, id, "cookie", now, now + STAFF_SESSION_SECONDS, cookie);
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
	if (sqlite3_prepare_v2(s->db, "SELECT staff.name, staff.role = 'supervisor'"
				      " FROM sessions JOIN staff ON staff.id = sessions.staff"
				      " WHERE digest = ?1 AND expires > ?2 AND kind = ?3"
				      " AND (?4 = 0 OR used >= ?2 - ?4)", -1, &st, NULL) != SQLITE_OK)
		return K_ERR_DB;
	sqlite3_bind_blob(st, 1, d, sizeof(d), SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_text(st, 3, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, idle);
	if (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(name, 64, "%s", sqlite3_column_text(st, 0));
		*supervisor = sqlite3_column_int(st, 1);
		r = K_OK;
	}
	sqlite3_finalize(st);
	if (r == K_OK && touch &&
	    sqlite3_prepare_v2(s->db, "UPDATE sessions SET used = ?2 WHERE digest = ?1", -1, &st,
			       NULL) == SQLITE_OK) {
		sqlite3_bind_blob(st, 1, d, sizeof(d), SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 2, now);
		r = step_done(s, st);
	}
	return r;
}

int staff_session(struct staff *s, const char *cookie, int64_t now, int idle, int touch,
		  char name[64], int *supervisor)
{
	return lookup(s, cookie, "cookie", now, idle, touch, name, supervisor);
}

int staff_token(struct staff *s, const char *token, int64_t now, char name[64], int *supervisor)
{
	return lookup(s, token, "token", now, 0, 0, name, supervisor);
}

int staff_logout(struct staff *s, const char *cookie)
{
	sqlite3_stmt *st;
	unsigned char d[32];
	digest(cookie, d);
	if (sqlite3_prepare_v2(s->db, "DELETE FROM sessions WHERE digest = ? AND kind = 'cookie'",
			       -1, &st, NULL) != SQLITE_OK)
		return K_ERR_DB;
	sqlite3_bind_blob(st, 1, d, sizeof(d), SQLITE_TRANSIENT);
	return step_done(s, st);
}

int staff_set_role(struct staff *s, const char *name, int supervisor)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db, "UPDATE staff SET role = ?2 WHERE name = ?1", -1, &st,
			       NULL) != SQLITE_OK)
		return K_ERR_DB;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, supervisor ? "supervisor" : "staff", -1, SQLITE_STATIC);
	int r = step_done(s, st);
	return r == K_OK && sqlite3_changes(s->db) == 0 ? K_ERR_NOT_FOUND : r;
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
	if (sqlite3_prepare_v2(s->db, "INSERT INTO sessions (digest, staff, expires, kind, used)"
				      " VALUES (?, ?, ?, ?, ?)", -1, &st, NULL) != SQLITE_OK)
		return K_ERR_DB;
	sqlite3_bind_blob(st, 1, d, sizeof(d), SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, id);
	sqlite3_bind_int64(st, 3, expires);
	sqlite3_bind_text(st, 4, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, now);
	return step_done(s, st);
}

static int64_t staff_id(struct staff *s, const char *name)
{
	sqlite3_stmt *st;
	int64_t id = 0;
	if (sqlite3_prepare_v2(s->db, "SELECT id FROM staff WHERE name = ?", -1, &st, NULL) !=
	    SQLITE_OK)
		return 0;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return id;
}

int staff_new_token(struct staff *s, const char *name, int64_t now, char token[64])
{
	int64_t id = staff_id(s, name);
	return id ? new_secret(s, id, "token", now, now + STAFF_TOKEN_DAYS * 86400LL, token)
		  : K_ERR_NOT_FOUND;
}

int staff_revoke(struct staff *s, const char *name, int *n)
{
	sqlite3_stmt *st;
	int64_t id = staff_id(s, name);
	*n = 0;
	if (!id)
		return K_ERR_NOT_FOUND;
	if (sqlite3_prepare_v2(s->db, "DELETE FROM sessions WHERE staff = ?", -1, &st, NULL) !=
	    SQLITE_OK)
		return K_ERR_DB;
	sqlite3_bind_int64(st, 1, id);
	int r = step_done(s, st);
	*n = sqlite3_changes(s->db);
	return r;
}

int staff_audit(struct staff *s, int64_t now, const char *who, const char *action,
		const char *detail)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db, "INSERT INTO audit (at, who, action, detail)"
				      " VALUES (?, ?, ?, ?)", -1, &st, NULL) != SQLITE_OK)
		return K_ERR_DB;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_text(st, 2, who, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, action, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, detail ? detail : "", -1, SQLITE_STATIC);
	return step_done(s, st);
}
