/*
 * hub_accounts.h - the dashboard's accounts and login sessions, kept in
 * PostgreSQL (schema step 4, hub_accounts_schema.c), as the station's
 * staff accounts are (server/staff.h): Argon2id passwords, a random cookie
 * of which only a digest is kept, an idle timeout, wrong passwords slowed
 * down and the account locked for a while after HUB_TRIES in a row.
 */
#ifndef HUB_ACCOUNTS_H
#define HUB_ACCOUNTS_H

#include <stdint.h>

#include "hub_app.h"

#define HUB_TRIES 5                 /* wrong passwords in a row before the lock */
#define HUB_LOCK_SECONDS 300
#define HUB_SESSION_SECONDS (12 * 3600)
#define HUB_CHECKS_MAX 4            /* password checks at once (64 MiB each) */
#define HUB_DELAY_MS 200            /* a wrong password answers after n x this */

/* Create the account or give it a new password (every session of it ends).
 * 0, K_ERR_INVALID (name, or a password under 8 characters), K_ERR_DB. */
int hub_account_set(struct hub_db *db, const char *name, const char *password, int supervisor);

/* Remove the account and end its sessions.  0, K_ERR_NOT_FOUND, K_ERR_DB. */
int hub_account_revoke(struct hub_db *db, const char *name);

/*
 * Check a password; on success a new session cookie (43 characters).
 * K_ERR_NOT_FOUND wrong name or password: the caller answers *delay_ms
 * (HUB_DELAY_MS x the try's number) after *t0 (CLOCK_MONOTONIC, when the
 * call began), having given its connection back first; K_ERR_BUSY not checked: *locked =
 * 1 if the name is locked, 0 if too many checks run at once (*retry_after
 * seconds); K_ERR_DB.
 */
struct timespec;
int hub_login(struct hub_db *db, const char *name, const char *password, int64_t now,
	      char cookie[64], int *locked, int *retry_after, struct timespec *t0, long *delay_ms);

/* The account of a live session cookie (http_session_fn; no API tokens). */
int hub_session_fn(void *app, const char *secret, int token, int touch, char name[64],
		   int *supervisor);

/* End a session (log out). */
int hub_logout(struct hub_db *db, const char *cookie);

#endif
