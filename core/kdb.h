/*
 * kdb.h - the one way the programs talk to sqlite: a connection with its
 * statements prepared once and kept, bind helpers, steps, transactions, and
 * one mapping of sqlite's result codes to K_ERR_* (kerr.h).
 *
 * Every module that keeps tables (the queue, the kiosk's outbox, the
 * server's staff, bookings and dossiers) holds a struct kdb and goes
 * through these functions: an error is logged once, where it happens, as
 * "<label>: <what>: <sqlite's message>", and only its code travels up.
 * A struct kdb is not locked: its owner uses it from one thread at a time
 * (the queue per connection, the server's modules under their locks).
 */
#ifndef KDB_H
#define KDB_H

#include <sqlite3.h>
#include <stdint.h>

#define KDB_CACHE 64 /* statements kept per connection: more than a module has */

struct kdb {
	sqlite3 *db;
	const char *label;   /* the module, for logs: "queue", "outbox", "staff" ... */
	struct {
		char *sql;
		sqlite3_stmt *st;
	} cache[KDB_CACHE];  /* prepared once, reused: a statement is a reset */
	int in_txn;          /* kdb_begin() ran, no commit or rollback yet */
	int txn_error;       /* the K_ERR_* of the error that may have ended it */
	int batch;           /* kdb_batch_begin() ran: begin/commit are savepoints */
	struct kdb_ckpt *ckpt; /* kdb_checkpoint_apart(); NULL: sqlite's own */
};

/* sqlite's result code rc as K_ERR_BUSY (busy, locked), K_ERR_DISK_FULL,
 * K_ERR_NOMEM or K_ERR_DB. */
int kdb_code(int rc);

/* Open path (flags as sqlite3_open_v2's) into k, labelled label (a string
 * that outlives k).  K_ERR_NOMEM or K_ERR_DB, logged; k is then closed. */
int kdb_open(struct kdb *k, const char *path, int flags, const char *label);
/* Finalize the kept statements and close; k may be one kdb_open() failed. */
void kdb_close(struct kdb *k);

/* Log sqlite's message for rc as "<label>: <what>: ..." (a warning when
 * busy) and return kdb_code(rc); inside a transaction, remember it. */
int kdb_error(struct kdb *k, int rc, const char *what);

/* A prepared statement for sql, from the connection's cache (reset, no
 * bindings) or new; on failure logs and returns the mapped error.  Inside a
 * transaction sqlite ended on an earlier error, refuses (nothing may run
 * and commit on its own).  Give it back with kdb_done(). */
int kdb_prepare(struct kdb *k, const char *sql, sqlite3_stmt **st);
/* The same for a statement run rarely (a daily purge): prepared, not kept;
 * kdb_done() finalizes it. */
int kdb_prepare_once(struct kdb *k, const char *sql, sqlite3_stmt **st);
void kdb_done(struct kdb *k, sqlite3_stmt *st);

/*
 * Bind arguments to ?1, ?2 ... in order, by types: 'i' an int64_t, 't' a
 * text (const char *, copied), 'b' a blob (const void *, then an int
 * length; copied).
 */
void kdb_bind(sqlite3_stmt *st, const char *types, ...);
/* kdb_prepare() then kdb_bind(). */
int kdb_prepare_bind(struct kdb *k, sqlite3_stmt **st, const char *sql, const char *types, ...);

/* Step a statement that returns no rows, give it back; 0 or the mapped error. */
int kdb_step_done(struct kdb *k, sqlite3_stmt *st, const char *what);
/* Step a statement that returns one integer (no row or NULL: *v = dflt),
 * give it back. */
int kdb_step_int(struct kdb *k, sqlite3_stmt *st, int64_t *v, int64_t dflt, const char *what);

/*
 * Checkpoint k's WAL apart from its commits: a thread of its own, on a
 * connection of its own to the same file, runs a PASSIVE checkpoint each
 * time a commit on k leaves KDB_CKPT_PAGES or more pages in the WAL.  The
 * commit that crossed the mark returns at once: copying the WAL into the
 * database and its two fsyncs (several ms on a busy disk) no longer fall
 * on whichever call happened to commit the thousandth page.  Durability is
 * unchanged: a commit is as durable as k's PRAGMA synchronous makes it,
 * before and after; a checkpoint only moves what is already committed.
 * Without it (or if it cannot start: logged, K_OK still, the connection's
 * own hook is kept) sqlite's automatic checkpoint runs on k's commits.
 * kdb_close() stops it first.  K_OK, or K_ERR_NOMEM / K_ERR_DB.
 */
#define KDB_CKPT_PAGES 1000 /* SQLITE_DEFAULT_WAL_AUTOCHECKPOINT */
int kdb_checkpoint_apart(struct kdb *k);
/* Checkpoints the thread ran (for tests and benchmarks). */
long kdb_checkpoints(const struct kdb *k);

/* sqlite3_exec(sql): 0 or the mapped error, logged as what. */
int kdb_exec(struct kdb *k, const char *sql, const char *what);

/* BEGIN IMMEDIATE / COMMIT (refused if sqlite ended the transaction on an
 * earlier error) / ROLLBACK (if a transaction is open). */
int kdb_begin(struct kdb *k);
int kdb_commit(struct kdb *k);
void kdb_rollback(struct kdb *k);

/*
 * A batch: several callers' transactions made one (group commit, one
 * fsync).  kdb_batch_begin() opens a BEGIN IMMEDIATE transaction; until
 * kdb_batch_end(), kdb_begin/commit/rollback are a savepoint, its release
 * and its rollback, so each transaction inside keeps its all-or-nothing
 * without ending the others.  Nothing inside is durable, whatever it
 * returned, until kdb_batch_end(k, 1) returns K_OK (COMMIT); on an error,
 * or kdb_batch_end(k, 0), none of it is written.  If sqlite ends the
 * batch's transaction on an error (out of memory, disk full, I/O), every
 * later transaction inside is refused with that error and so is the end.
 */
int kdb_batch_begin(struct kdb *k);
int kdb_batch_end(struct kdb *k, int commit);

/*
 * Schemas.  A database's schema version is its PRAGMA user_version; a
 * migration is an ordered list of steps, each owned by the module whose
 * tables it changes and naming the version it is part of.  Versions go up
 * one at a time along the list; several steps may make one version (their
 * SQL runs in list order).  The list of the station's database is
 * core/station_schema.c, the kiosk outbox's is in sync/sync_store.c.
 */
struct kdb_step {
	int version;
	const char *owner;   /* "queue", "staff" ...: for the reader */
	const char *sql;
};

/* PRAGMA user_version into *v. */
int kdb_user_version(struct kdb *k, int *v);
/* The version the last of n steps makes (0 for none). */
int kdb_schema_version(const struct kdb_step *steps, int n);
/*
 * In one BEGIN IMMEDIATE transaction: read the version again, refuse one
 * above the steps' (K_ERR_VERSION), run every step above it in order,
 * setting user_version after each version's last step (logged).  All or
 * nothing.
 */
int kdb_migrate(struct kdb *k, const struct kdb_step *steps, int n);

#endif
