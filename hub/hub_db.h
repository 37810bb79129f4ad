/*
 * hub_db.h - the hub's PostgreSQL connections (libpq).
 *
 * A pool of connections opened at start; a request takes one, uses it
 * alone, and gives it back.  A connection PostgreSQL dropped (a restart, a
 * failover) is opened again when it is next taken, so the hub outlives its
 * database's restarts: while the database is away a request gets
 * K_ERR_IO (the API answers 503 and the station tries again later).
 *
 * Queries are sent with text parameters ($1, $2 ...), never pasted into
 * the SQL.  A failure is logged once, with PostgreSQL's message.
 */
#ifndef HUB_DB_H
#define HUB_DB_H

#include <libpq-fe.h>
#include <stdint.h>

struct hub_db;
struct hub_pool;

/* Open n connections to conninfo.  0, or K_ERR_IO (the reason logged). */
int hub_pool_open(struct hub_pool **out, const char *conninfo, int n);
void hub_pool_close(struct hub_pool *p);

/* Take a connection, waiting while all are in use; NULL if the database
 * cannot be reached now (K_ERR_IO to the client). */
struct hub_db *hub_pool_get(struct hub_pool *p);
/* Give it back (after a rollback if a transaction was left open). */
void hub_pool_put(struct hub_pool *p, struct hub_db *db);

/* One connection outside any pool (the commands). */
int hub_db_open(struct hub_db **out, const char *conninfo);
void hub_db_close(struct hub_db *db);

PGconn *hub_db_conn(struct hub_db *db);

/* Run sql (no parameters, perhaps several statements).  0 or K_ERR_DB. */
int hub_db_exec(struct hub_db *db, const char *sql);

/*
 * Run sql with n text parameters (NULL = SQL NULL).  The result (rows or
 * a command's) to PQclear, or NULL on failure (logged; K_ERR_DB).  what
 * names the step for the log.
 */
PGresult *hub_db_query(struct hub_db *db, const char *what, const char *sql, int n,
		       const char *const *params);

/* The same for a command: 0 or K_ERR_DB; *rows (may be NULL) = rows touched. */
int hub_db_command(struct hub_db *db, const char *what, const char *sql, int n,
		   const char *const *params, long *rows);

/* A single integer answer (the first column of the first row); 0 or
 * K_ERR_DB / K_ERR_NOT_FOUND (no row, or NULL). */
int hub_db_int(struct hub_db *db, const char *what, const char *sql, int n,
	       const char *const *params, int64_t *out);

int hub_db_begin(struct hub_db *db);
int hub_db_commit(struct hub_db *db);
void hub_db_rollback(struct hub_db *db);

/* Did the last failure come from losing the server (not from the SQL)? */
int hub_db_lost(const struct hub_db *db);

/* Bring the schema up to date (hub_schema.c) in one transaction.  0,
 * K_ERR_VERSION (a newer hub's database) or K_ERR_DB. */
int hub_migrate(struct hub_db *db);
/* The schema's version now (0 = empty database). */
int hub_schema_version(struct hub_db *db);

#endif
