/*
 * kdb.c - see kdb.h.
 *
 * The statement cache is a small array searched by the SQL's text: a module
 * has a few dozen statements, each prepared with SQLITE_PREPARE_PERSISTENT
 * the first time and reset each time after, so a ticket costs a few resets
 * rather than a few compilations.  When the cache is full a statement is
 * prepared as before and finalized when it is given back.
 */
#include "kdb.h"
#include "kerr.h"
#include "klog.h"
#include "kthread.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int kdb_code(int rc)
{
	int base = rc & 0xff;
	return base == SQLITE_BUSY || base == SQLITE_LOCKED ? K_ERR_BUSY :
	       base == SQLITE_FULL ? K_ERR_DISK_FULL :
	       base == SQLITE_NOMEM ? K_ERR_NOMEM : K_ERR_DB;
}

int kdb_open(struct kdb *k, const char *path, int flags, const char *label)
{
	memset(k, 0, sizeof(*k));
	k->label = label;
	int rc = sqlite3_open_v2(path, &k->db, flags, NULL);
	if (rc == SQLITE_OK)
		return K_OK;
	klog(KLOG_ERR, "%s: cannot open %s: %s", label, path,
	     k->db ? sqlite3_errmsg(k->db) : sqlite3_errstr(rc));
	kdb_close(k);
	return rc == SQLITE_NOMEM ? K_ERR_NOMEM : K_ERR_DB;
}

struct kdb_ckpt {
	struct kthread *thread;
	sqlite3 *db;         /* its own connection: a checkpoint never runs on k's */
	const char *label;
	int due;             /* under the thread's lock: a commit crossed the mark */
	long runs;           /* under the thread's lock */
};

static void ckpt_run(struct kthread *t, void *arg)
{
	struct kdb_ckpt *c = arg;

	kthread_lock(t);
	while (!kthread_stopping(t)) {
		if (!c->due) {
			kthread_idle(t);
			kthread_wait_locked(t, -1);
			continue;
		}
		c->due = 0;
		kthread_unlock(t);
		kthread_busy(t, "checkpointing the database", 60000);
		int rc = sqlite3_wal_checkpoint_v2(c->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
		if (rc != SQLITE_OK && rc != SQLITE_BUSY)
			klog(KLOG_WARN, "%s: WAL checkpoint: %s", c->label, sqlite3_errmsg(c->db));
		kthread_lock(t);
		c->runs++;
	}
	kthread_unlock(t);
}

/* On k's thread, after each commit: nothing but a flag and a wake. */
static int ckpt_hook(void *ctx, sqlite3 *db, const char *name, int pages)
{
	struct kdb_ckpt *c = ctx;
	(void)db;
	(void)name;
	if (pages >= KDB_CKPT_PAGES) {
		kthread_lock(c->thread);
		c->due = 1;
		kthread_wake_locked(c->thread);
		kthread_unlock(c->thread);
	}
	return SQLITE_OK;
}

static void ckpt_free(struct kdb_ckpt *c)
{
	if (!c)
		return;
	kthread_stop(c->thread);
	sqlite3_close(c->db);
	free(c);
}

int kdb_checkpoint_apart(struct kdb *k)
{
	const char *path = sqlite3_db_filename(k->db, "main");
	struct kdb_ckpt *c;
	int rc;

	if (k->ckpt)
		return K_OK;
	c = calloc(1, sizeof(*c));
	if (!c)
		return K_ERR_NOMEM;
	c->label = k->label;
	rc = sqlite3_open_v2(path ? path : "", &c->db, SQLITE_OPEN_READWRITE, NULL);
	if (rc != SQLITE_OK) {
		klog(KLOG_WARN, "%s: no connection to checkpoint apart (%s): the commits do it",
		     k->label, c->db ? sqlite3_errmsg(c->db) : sqlite3_errstr(rc));
		ckpt_free(c);
		return rc == SQLITE_NOMEM ? K_ERR_NOMEM : K_ERR_DB;
	}
	if (kthread_start(&c->thread, "checkpoint", 0, ckpt_run, c) < 0) {
		ckpt_free(c);
		return K_ERR_NOMEM;
	}
	k->ckpt = c;
	sqlite3_wal_hook(k->db, ckpt_hook, c);
	return K_OK;
}

long kdb_checkpoints(const struct kdb *k)
{
	long n = 0;
	if (k->ckpt) {
		kthread_lock(k->ckpt->thread);
		n = k->ckpt->runs;
		kthread_unlock(k->ckpt->thread);
	}
	return n;
}

void kdb_close(struct kdb *k)
{
	if (k->ckpt) { /* first: k's connection, the last one, then checkpoints as it closes */
		sqlite3_wal_hook(k->db, NULL, NULL);
		ckpt_free(k->ckpt);
		k->ckpt = NULL;
	}
	for (int i = 0; i < KDB_CACHE; i++) {
		sqlite3_finalize(k->cache[i].st);
		free(k->cache[i].sql);
		k->cache[i].st = NULL;
		k->cache[i].sql = NULL;
	}
	sqlite3_close(k->db);
	k->db = NULL;
}

int kdb_error(struct kdb *k, int rc, const char *what)
{
	int r = kdb_code(rc);
	klog((rc & 0xff) == SQLITE_BUSY ? KLOG_WARN : KLOG_ERR, "%s: %s: %s",
	     k->label, what, k->db ? sqlite3_errmsg(k->db) : sqlite3_errstr(rc));
	if (k->in_txn || k->batch)
		k->txn_error = r;
	return r;
}

/* sqlite ends a transaction itself on some errors (out of memory, disk full,
 * I/O): a statement after that would run and commit on its own, outside the
 * transaction, even if its caller then reports a failure.  None may. */
static int txn_lost(struct kdb *k)
{
	if (!(k->in_txn || k->batch) || !sqlite3_get_autocommit(k->db))
		return K_OK;
	klog(KLOG_ERR, "%s: the transaction was ended by an earlier error: nothing written",
	     k->label);
	return k->txn_error ? k->txn_error : K_ERR_DB;
}

int kdb_prepare(struct kdb *k, const char *sql, sqlite3_stmt **st)
{
	int free_slot = -1, lost = txn_lost(k);
	if (lost < 0)
		return lost;
	for (int i = 0; i < KDB_CACHE; i++) {
		if (!k->cache[i].sql) {
			if (free_slot < 0)
				free_slot = i;
			continue;
		}
		if (strcmp(k->cache[i].sql, sql) == 0) {
			*st = k->cache[i].st;
			sqlite3_reset(*st);
			sqlite3_clear_bindings(*st);
			return K_OK;
		}
	}
	int rc = sqlite3_prepare_v3(k->db, sql, -1, free_slot >= 0 ? SQLITE_PREPARE_PERSISTENT : 0,
				    st, NULL);
	if (rc != SQLITE_OK)
		return kdb_error(k, rc, "prepare");
	if (free_slot >= 0 && (k->cache[free_slot].sql = strdup(sql)))
		k->cache[free_slot].st = *st;
	return K_OK;
}

int kdb_prepare_once(struct kdb *k, const char *sql, sqlite3_stmt **st)
{
	int lost = txn_lost(k);
	if (lost < 0)
		return lost;
	int rc = sqlite3_prepare_v2(k->db, sql, -1, st, NULL);
	return rc == SQLITE_OK ? K_OK : kdb_error(k, rc, "prepare");
}

void kdb_done(struct kdb *k, sqlite3_stmt *st)
{
	for (int i = 0; i < KDB_CACHE; i++)
		if (k->cache[i].st == st) {
			sqlite3_reset(st); /* ends the statement, keeps it compiled */
			return;
		}
	sqlite3_finalize(st); /* the cache was full when it was prepared */
}

static void bind_va(sqlite3_stmt *st, const char *types, va_list ap)
{
	for (int i = 0; types[i]; i++) {
		if (types[i] == 'i') {
			sqlite3_bind_int64(st, i + 1, va_arg(ap, int64_t));
		} else if (types[i] == 't') {
			sqlite3_bind_text(st, i + 1, va_arg(ap, const char *), -1, SQLITE_TRANSIENT);
		} else {
			const void *p = va_arg(ap, const void *);
			sqlite3_bind_blob(st, i + 1, p, va_arg(ap, int), SQLITE_TRANSIENT);
		}
	}
}

void kdb_bind(sqlite3_stmt *st, const char *types, ...)
{
	va_list ap;
	va_start(ap, types);
	bind_va(st, types, ap);
	va_end(ap);
}

int kdb_prepare_bind(struct kdb *k, sqlite3_stmt **st, const char *sql, const char *types, ...)
{
	va_list ap;
	int r = kdb_prepare(k, sql, st);
	if (r < 0)
		return r;
	va_start(ap, types);
	bind_va(*st, types, ap);
	va_end(ap);
	return K_OK;
}

int kdb_step_done(struct kdb *k, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st), r = K_OK;
	if (rc != SQLITE_DONE)
		r = kdb_error(k, rc, what);
	kdb_done(k, st);
	return r;
}

int kdb_step_int(struct kdb *k, sqlite3_stmt *st, int64_t *v, int64_t dflt, const char *what)
{
	int rc = sqlite3_step(st), r = K_OK;
	if (rc == SQLITE_ROW)
		*v = sqlite3_column_type(st, 0) == SQLITE_NULL ? dflt : sqlite3_column_int64(st, 0);
	else if (rc == SQLITE_DONE)
		*v = dflt;
	else
		r = kdb_error(k, rc, what);
	kdb_done(k, st);
	return r;
}

int kdb_exec(struct kdb *k, const char *sql, const char *what)
{
	int rc = sqlite3_exec(k->db, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? K_OK : kdb_error(k, rc, what);
}

int kdb_begin(struct kdb *k)
{
	if (k->batch) { /* one transaction of a batch: a savepoint in it */
		int r = txn_lost(k);
		if (r == K_OK)
			r = kdb_exec(k, "SAVEPOINT kdb_one", "begin");
		k->in_txn = r == K_OK;
		return r;
	}
	int r = kdb_exec(k, "BEGIN IMMEDIATE", "begin");
	k->in_txn = r == K_OK;
	k->txn_error = 0;
	return r;
}

int kdb_commit(struct kdb *k)
{
	int r = txn_lost(k);
	k->in_txn = 0;
	if (k->batch) /* kept in the batch: written when the batch commits */
		return r == K_OK ? kdb_exec(k, "RELEASE kdb_one", "commit") : r;
	return r == K_OK ? kdb_exec(k, "COMMIT", "commit") : r;
}

void kdb_rollback(struct kdb *k)
{
	k->in_txn = 0;
	if (sqlite3_get_autocommit(k->db))
		return;
	if (k->batch) /* this one undone, the batch's others kept */
		sqlite3_exec(k->db, "ROLLBACK TO kdb_one; RELEASE kdb_one", NULL, NULL, NULL);
	else
		sqlite3_exec(k->db, "ROLLBACK", NULL, NULL, NULL);
}

int kdb_batch_begin(struct kdb *k)
{
	int r = kdb_exec(k, "BEGIN IMMEDIATE", "begin a batch");
	k->batch = r == K_OK;
	k->in_txn = 0;
	k->txn_error = 0;
	return r;
}

int kdb_batch_end(struct kdb *k, int commit)
{
	int r = txn_lost(k);
	k->batch = 0;
	k->in_txn = 0;
	if (r == K_OK && commit)
		r = kdb_exec(k, "COMMIT", "commit a batch");
	if ((r < 0 || !commit) && !sqlite3_get_autocommit(k->db))
		sqlite3_exec(k->db, "ROLLBACK", NULL, NULL, NULL);
	return r;
}

int kdb_user_version(struct kdb *k, int *v)
{
	sqlite3_stmt *st;
	int64_t version = 0;
	int r = kdb_prepare(k, "PRAGMA user_version", &st);
	if (r == K_OK)
		r = kdb_step_int(k, st, &version, 0, "read schema version");
	if (r == K_OK)
		*v = (int)version;
	return r;
}

int kdb_schema_version(const struct kdb_step *steps, int n)
{
	return n > 0 ? steps[n - 1].version : 0;
}

int kdb_migrate(struct kdb *k, const struct kdb_step *steps, int n)
{
	int top = kdb_schema_version(steps, n), v = 0, r;
	char sql[64];

	r = kdb_begin(k);
	if (r < 0)
		return r;
	r = kdb_user_version(k, &v);
	if (r < 0)
		goto out;
	if (v > top) {
		klog(KLOG_ERR, "%s: database schema %d is newer than this program's %d", k->label, v,
		     top);
		r = K_ERR_VERSION;
		goto out;
	}
	for (int i = 0; i < n; i++) {
		if (steps[i].version <= v)
			continue;
		r = kdb_exec(k, steps[i].sql, "migrate");
		if (r < 0)
			goto out;
		if (i + 1 < n && steps[i + 1].version == steps[i].version)
			continue; /* the version's next step */
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", steps[i].version);
		r = kdb_exec(k, sql, "set schema version");
		if (r < 0)
			goto out;
		klog(KLOG_INFO, "%s: database schema now at version %d", k->label, steps[i].version);
	}
	r = kdb_commit(k);
out:
	if (r < 0)
		kdb_rollback(k);
	return r;
}
