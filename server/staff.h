/*
 * staff.h - staff accounts, login sessions and the audit trail.
 *
 * Passwords are stored as Argon2id hashes (libsodium crypto_pwhash_str);
 * a session is a random cookie of which only a BLAKE2b digest is stored.
 * Wrong passwords slow the next try down and lock the account for a while
 * after five in a row.  Every staff action is written to the audit table.
 * The tables are created by the queue engine's migrations (schema 5); this
 * file keeps its own connection to the same database, under its own lock
 * (logins run on many connection threads at once).
 *
 * A login try is counted before its password is checked, in one
 * transaction with reading the lock, so tries made at once cannot get past
 * STAFF_TRIES together.  Only a few checks run at once (Argon2id takes
 * 64 MiB each), at most STAFF_CHECKS_PER_NAME for one name; a name nobody
 * has goes through the same steps (a dummy hash checked, its tries counted
 * in memory) and gets the same answers at the same times.
 */
#ifndef STAFF_H
#define STAFF_H

#include <stdint.h>

struct staff;

#define STAFF_TRIES 5             /* wrong passwords in a row before the lock */
#define STAFF_LOCK_SECONDS 300
#define STAFF_SESSION_SECONDS (12 * 3600)
#define STAFF_CHECKS_MAX 4        /* password checks at once, all names */
#define STAFF_CHECKS_PER_NAME 2   /* ... for one name */
#define STAFF_DELAY_MS 200        /* a wrong password answers after n x this */

int staff_open(struct staff **out, const char *db_path);
void staff_close(struct staff *s);

/* Create the account, or set a new password: a new password ends every
 * session and token of the person.  0, K_ERR_INVALID (name), K_ERR_DB. */
int staff_set(struct staff *s, const char *name, const char *password);

/*
 * Check a password; on success write a new session cookie (43 characters)
 * into cookie.  Failures, the same for a name nobody has: K_ERR_NOT_FOUND
 * (wrong name or password; answered STAFF_DELAY_MS x the try's number after
 * the call began), K_ERR_BUSY (not checked: *locked = 1 if the name is
 * locked, 0 if too many checks run at once; try again in *retry_after s).
 */
int staff_login(struct staff *s, const char *name, const char *password, int64_t now,
		char cookie[64], int *locked, int *retry_after);

/* Delete the sessions that have ended: expired, and login cookies not used
 * for an action in idle seconds (0: none idle).  *n = how many (may be NULL). */
int staff_prune(struct staff *s, int64_t now, int idle, int *n);

/* The staff name and role of a live session cookie; K_ERR_NOT_FOUND if none,
 * or if it was not used for an action in the last idle seconds.  touch: this
 * request is an action (it restarts the idle time). */
int staff_session(struct staff *s, const char *cookie, int64_t now, int idle, int touch,
		  char name[64], int *supervisor);
/* End a login session (log out). */
int staff_logout(struct staff *s, const char *cookie);
/* Make name a supervisor (1) or plain staff (0).  K_ERR_NOT_FOUND: no account. */
int staff_set_role(struct staff *s, const char *name, int supervisor);

/* A personal API token (43 characters, shown once, only its digest kept),
 * valid for STAFF_TOKEN_DAYS as "Authorization: Bearer".  K_ERR_NOT_FOUND:
 * no such account. */
#define STAFF_TOKEN_DAYS 365
int staff_new_token(struct staff *s, const char *name, int64_t now, char token[64]);
/* Who holds this personal token (not a cookie)? */
int staff_token(struct staff *s, const char *token, int64_t now, char name[64], int *supervisor);
/* End every session and token of name; *n = how many. */
int staff_revoke(struct staff *s, const char *name, int *n);

/* Append to the audit trail. */
int staff_audit(struct staff *s, int64_t now, const char *who, const char *action,
		const char *detail);

#endif
