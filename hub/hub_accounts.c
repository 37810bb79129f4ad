/*
 * hub_accounts.c - see hub_accounts.h.
 *
 * A try is counted before its password is checked, in one UPDATE that
 * also reads the lock, so tries made at once cannot get past HUB_TRIES
 * together.  A name nobody has is checked against a dummy hash, so it
 * takes as long as a wrong password of a real one.
 */
#include "hub_accounts.h"

#include "kerr.h"
#include "klog.h"

#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER; /* checking, dummy */
static int checking;
static char dummy[crypto_pwhash_STRBYTES];

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

int hub_account_set(struct hub_db *db, const char *name, const char *password, int supervisor)
{
	char hash[crypto_pwhash_STRBYTES];
	int r;

	if (!name_ok(name) || strlen(password) < 8)
		return K_ERR_INVALID;
	if (crypto_pwhash_str(hash, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return K_ERR_NOMEM;
	const char *p[3] = { name, hash, supervisor ? "true" : "false" };
	r = hub_db_begin(db);
	if (r < 0)
		goto out;
	r = hub_db_command(db, "set account",
			   "INSERT INTO accounts (name, hash, supervisor) VALUES ($1, $2, $3::boolean)"
			   " ON CONFLICT (name) DO UPDATE SET hash = $2, supervisor = $3::boolean,"
			   " failures = 0, locked_until = 0", 3, p, NULL);
	if (r == 0) /* a new password: whoever had the old one is out */
		r = hub_db_command(db, "end sessions", "DELETE FROM sessions WHERE name = $1", 1, p,
				   NULL);
	r = r < 0 ? r : hub_db_commit(db);
	if (r < 0)
		hub_db_rollback(db);
out:
	sodium_memzero(hash, sizeof(hash));
	return r;
}

int hub_account_revoke(struct hub_db *db, const char *name)
{
	long rows = 0;
	const char *p[1] = { name };
	int r = hub_db_command(db, "revoke account", "DELETE FROM accounts WHERE name = $1", 1, p,
			       &rows);
	return r < 0 ? r : rows == 1 ? K_OK : K_ERR_NOT_FOUND;
}

/* Take a place among the checks running at once (and make the dummy hash). */
static int check_begin(void)
{
	int ok = 0;
	pthread_mutex_lock(&lock);
	if (!dummy[0]) {
		unsigned char pw[16];
		randombytes_buf(pw, sizeof(pw));
		if (crypto_pwhash_str(dummy, (const char *)pw, sizeof(pw),
				      crypto_pwhash_OPSLIMIT_INTERACTIVE,
				      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
			dummy[0] = '\0';
	}
	if (checking < HUB_CHECKS_MAX && dummy[0]) {
		checking++;
		ok = 1;
	}
	pthread_mutex_unlock(&lock);
	return ok;
}

static void check_end(void)
{
	pthread_mutex_lock(&lock);
	checking--;
	pthread_mutex_unlock(&lock);
}

/* A new session for name: its cookie into cookie. */
static int new_session(struct hub_db *db, const char *name, int64_t now, char cookie[64])
{
	unsigned char raw[32];
	char digest[65], at[24], until[24];
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(cookie, 64, raw, sizeof(raw), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
	hub_token_hash(cookie, digest);
	snprintf(at, sizeof(at), "%lld", (long long)now);
	snprintf(until, sizeof(until), "%lld", (long long)(now + HUB_SESSION_SECONDS));
	const char *p[4] = { digest, name, at, until };
	return hub_db_command(db, "new session",
			      "INSERT INTO sessions (digest, name, created, used, expires)"
			      " VALUES ($1, $2, $3::bigint, $3::bigint, $4::bigint)", 4, p, NULL);
}

int hub_login(struct hub_db *db, const char *name, const char *password, int64_t now,
	      char cookie[64], int *locked, int *retry_after, struct timespec *t0, long *delay_ms)
{
	char at[24], lock_to[24], hash[crypto_pwhash_STRBYTES] = "";
	int64_t tries = 1;
	int r = K_ERR_NOT_FOUND, good;

	clock_gettime(CLOCK_MONOTONIC, t0);
	*delay_ms = 0;
	*locked = 0;
	*retry_after = 0;
	if (!check_begin()) {
		*retry_after = 2;
		return K_ERR_BUSY;
	}
	snprintf(at, sizeof(at), "%lld", (long long)now);
	const char *p[2] = { name, at };
	/* count the try first; a locked account is not checked at all */
	PGresult *res = hub_db_query(db, "count a try",
				     "UPDATE accounts SET failures = CASE WHEN locked_until > $2::bigint"
				     " THEN failures ELSE failures + 1 END WHERE name = $1"
				     " RETURNING failures, locked_until - $2::bigint, hash", 2, p);
	if (!res) {
		r = K_ERR_DB;
		goto out;
	}
	if (PQntuples(res) == 1) {
		tries = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
		int64_t left = strtoll(PQgetvalue(res, 0, 1), NULL, 10);
		snprintf(hash, sizeof(hash), "%s", PQgetvalue(res, 0, 2));
		if (left > 0) {
			PQclear(res);
			*locked = 1;
			*retry_after = (int)left;
			r = K_ERR_BUSY;
			goto out;
		}
	}
	PQclear(res);
	good = crypto_pwhash_str_verify(hash[0] ? hash : dummy, password, strlen(password)) == 0 &&
	       hash[0];
	if (good) {
		r = hub_db_command(db, "login", "UPDATE accounts SET failures = 0 WHERE name = $1", 1,
				   p, NULL);
		r = r < 0 ? r : new_session(db, name, now, cookie);
		goto out;
	}
	if (tries >= HUB_TRIES) {
		snprintf(lock_to, sizeof(lock_to), "%lld", (long long)(now + HUB_LOCK_SECONDS));
		const char *q[2] = { name, lock_to };
		hub_db_command(db, "lock", "UPDATE accounts SET failures = 0, locked_until = $2::bigint"
			       " WHERE name = $1", 2, q, NULL);
		klog(KLOG_WARN, "dashboard: %d wrong passwords in a row for an account: locked for %d s",
		     HUB_TRIES, HUB_LOCK_SECONDS);
	}
	*delay_ms = HUB_DELAY_MS * (long)tries;
	r = K_ERR_NOT_FOUND;
out:
	check_end();
	sodium_memzero(hash, sizeof(hash));
	return r;
}

int hub_session_fn(void *app_, const char *secret, int token, int touch, char name[64],
		   int *supervisor)
{
	struct hub_app *app = app_;
	char digest[65], at[24], idle[24];
	int r = K_ERR_NOT_FOUND;

	if (token || strlen(secret) > 64) /* the dashboard gives no API tokens */
		return K_ERR_NOT_FOUND;
	struct hub_db *db = hub_pool_get(app->pool);
	if (!db)
		return K_ERR_DB;
	hub_token_hash(secret, digest);
	snprintf(at, sizeof(at), "%lld", (long long)time(NULL));
	snprintf(idle, sizeof(idle), "%d", app->conf.session_idle);
	const char *p[4] = { digest, at, idle, touch ? "true" : "false" };
	PGresult *res = hub_db_query(db, "session",
				     "WITH s AS (UPDATE sessions SET used = CASE WHEN $4::boolean"
				     " THEN $2::bigint ELSE used END WHERE digest = $1"
				     " AND expires > $2::bigint AND used >= $2::bigint - $3::int"
				     " RETURNING name)"
				     " SELECT a.name, a.supervisor FROM s JOIN accounts a USING (name)",
				     4, p);
	if (res && PQntuples(res) == 1) {
		snprintf(name, 64, "%s", PQgetvalue(res, 0, 0));
		*supervisor = PQgetvalue(res, 0, 1)[0] == 't';
		r = K_OK;
	}
	PQclear(res);
	hub_pool_put(app->pool, db);
	return r;
}

int hub_logout(struct hub_db *db, const char *cookie)
{
	char digest[65];
	hub_token_hash(cookie, digest);
	const char *p[1] = { digest };
	return hub_db_command(db, "logout", "DELETE FROM sessions WHERE digest = $1", 1, p, NULL);
}
