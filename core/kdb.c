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

void kdb_close(struct kdb *k)
{
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
	if (k->in_txn)
		k->txn_error = r;
	return r;
}

/* sqlite ends a transaction itself on some errors (out of memory, disk full,
 * I/O): a statement after that would run and commit on its own, outside the
 * transaction, even if its caller then reports a failure.  None may. */
static int txn_lost(struct kdb *k)
{
	if (!k->in_txn || !sqlite3_get_autocommit(k->db))
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
	int r = kdb_exec(k, "BEGIN IMMEDIATE", "begin");
	k->in_txn = r == K_OK;
	k->txn_error = 0;
	return r;
}

int kdb_commit(struct kdb *k)
{
	int r = txn_lost(k);
	k->in_txn = 0;
	return r == K_OK ? kdb_exec(k, "COMMIT", "commit") : r;
}

void kdb_rollback(struct kdb *k)
{
	k->in_txn = 0;
	if (!sqlite3_get_autocommit(k->db))
		sqlite3_exec(k->db, "ROLLBACK", NULL, NULL, NULL);
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
