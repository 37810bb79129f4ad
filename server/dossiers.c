/*
 * dossiers.c - see dossiers.h: the stored dossier list, its secret, the
 * look-ups and their limits.  dossiers_import.c reads and checks an
 * uploaded list.
 *
 * Shaped by two rules.  An import is all or nothing: the whole file is read
 * and every row checked in memory before the database is touched, and the
 * new list is written beside the old one on a connection of the import's
 * own, in short transactions that leave the write lock to issuing in
 * between (a 500,000-row list would hold it for seconds), then swapped in by
 * name in one short transaction, so look-ups (on the long-lived connection,
 * in WAL mode) see the old list until that commit and the new one after it.
 * And no receipt
 * code leaves this file: codes are hashed with a keyed BLAKE2b (libsodium
 * crypto_generichash) before they reach sqlite, messages name lines and
 * never codes, and the rows in memory are wiped before they are freed.
 *
 * The look-up limits are ratelimit.c's (a minute) and daycap.c's (a day).
 * Both connections are kdb.h ones: statements kept prepared, errors logged
 * once and mapped by kdb_code().
 */
#include "dossiers.h"
#include "dossiers_private.h"
#include "daycap.h"
#include "kclock.h"
#include "kdb.h"
#include "kerr.h"
#include "klog.h"
#include "ratelimit.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define KEY_BYTES 32
#define KEY_ID_BYTES 16

/* ---- the store and its secret ------------------------------------------ */

struct dossiers {
	const struct kconf *cfg;
	char db_path[KCONF_PATH];
	struct kdb kdb;          /* look-ups, under lock */
	pthread_mutex_t lock;
	pthread_mutex_t storing; /* one import's store() at a time (its staging table) */
	unsigned char key[KEY_BYTES], key_id[KEY_ID_BYTES];
	int have_key;
	int warned;              /* the list's secret is not ours: said once */
	struct ratelimit *rate;  /* look-ups per caller and minute */
	struct daycap *day;      /* and per station day */
};

/* A fingerprint of the secret, stored with the list: which secret made it. */
static void key_fingerprint(const unsigned char key[KEY_BYTES], unsigned char id[KEY_ID_BYTES])
{
	static const char what[] = "kiosk dossiers secret v1";
	crypto_generichash(id, KEY_ID_BYTES, (const unsigned char *)what, sizeof(what) - 1, key,
			   KEY_BYTES);
}

/* Read the secret file: 0, K_ERR_NOT_FOUND (no file), K_ERR_IO (logged). */
static int key_read(struct dossiers *d)
{
	const char *path = d->cfg->dossiers.secret;
	unsigned char buf[KEY_BYTES + 1];
	struct stat sb;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			return K_ERR_NOT_FOUND;
		klog(KLOG_ERR, "dossiers: cannot read the secret %s: %s", path, strerror(errno));
		return K_ERR_IO;
	}
	ssize_t n = read(fd, buf, sizeof(buf));
	if (fstat(fd, &sb) == 0 && (sb.st_mode & 077))
		klog(KLOG_WARN, "dossiers: the secret %s may be read by others (chmod 600 it)", path);
	close(fd);
	if (n != KEY_BYTES) {
		klog(KLOG_ERR, "dossiers: the secret %s is not 32 bytes", path);
		sodium_memzero(buf, sizeof(buf));
		return K_ERR_IO;
	}
	memcpy(d->key, buf, KEY_BYTES);
	sodium_memzero(buf, sizeof(buf));
	key_fingerprint(d->key, d->key_id);
	d->have_key = 1;
	return K_OK;
}

/* Read the secret, or make it (0600) if there is none.  Under lock. */
static int key_ready(struct dossiers *d, struct dossier_report *rep)
{
	const char *path = d->cfg->dossiers.secret;
	int r = key_read(d);
	if (r != K_ERR_NOT_FOUND)
		goto out;
	unsigned char key[KEY_BYTES];
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		if (errno == EEXIST) /* another import made it just now */
			return key_read(d);
		klog(KLOG_ERR, "dossiers: cannot make the secret %s: %s", path, strerror(errno));
		r = K_ERR_IO;
		goto out;
	}
	randombytes_buf(key, sizeof(key));
	ssize_t n = write(fd, key, sizeof(key));
	int synced = fsync(fd) == 0;
	sodium_memzero(key, sizeof(key));
	if (close(fd) != 0 || n != KEY_BYTES || !synced) {
		klog(KLOG_ERR, "dossiers: cannot write the secret %s: %s", path, strerror(errno));
		unlink(path);
		r = K_ERR_IO;
		goto out;
	}
	klog(KLOG_INFO, "dossiers: made a new secret %s", path);
	r = key_read(d);
out:
	if (r < 0)
		fault(rep, 0, "the secret %.100s cannot be read or made ([dossiers] secret)", path);
	return r;
}

static void hash_code(const struct dossiers *d, const char *code, unsigned char out[32])
{
	crypto_generichash(out, 32, (const unsigned char *)code, strlen(code), d->key, KEY_BYTES);
}

/* ---- the store -------------------------------------------------------- */

/* One look-up: the import's stamp, and the row of hash ?1 if there is one. */
#define FIND_SQL "SELECT i.at, i.count, i.key_id, d.status, d.note, d.date" \
		 " FROM dossier_import i LEFT JOIN dossiers d ON d.hash = ?1" \
		 " WHERE i.id = 1"

int dossiers_open(struct dossiers **out, const char *db_path, const struct kconf *cfg)
{
	struct dossiers *d = calloc(1, sizeof(*d));
	*out = NULL;
	if (!d || sodium_init() < 0 || pthread_mutex_init(&d->lock, NULL) != 0) {
		free(d);
		return K_ERR_NOMEM;
	}
	if (pthread_mutex_init(&d->storing, NULL) != 0) {
		pthread_mutex_destroy(&d->lock);
		free(d);
		return K_ERR_NOMEM;
	}
	d->cfg = cfg;
	snprintf(d->db_path, sizeof(d->db_path), "%s", db_path);
	if (ratelimit_new(&d->rate, cfg->dossiers.rate) < 0 ||
	    daycap_new(&d->day, cfg->dossiers.rate_day) < 0) {
		dossiers_close(d);
		return K_ERR_NOMEM;
	}
	sqlite3_stmt *st;
	if (kdb_open(&d->kdb, db_path, SQLITE_OPEN_READWRITE, "dossiers") < 0 ||
	    kdb_prepare(&d->kdb, FIND_SQL, &st) < 0) { /* kept for the look-ups */
		dossiers_close(d);
		return K_ERR_DB;
	}
	kdb_done(&d->kdb, st);
	sqlite3_busy_timeout(d->kdb.db, cfg->queue.busy_timeout_ms);
	if (key_read(d) == K_ERR_IO) /* look-ups will say there is no list */
		d->have_key = 0;
	*out = d;
	return K_OK;
}

void dossiers_close(struct dossiers *d)
{
	if (!d)
		return;
	kdb_close(&d->kdb);
	ratelimit_free(d->rate);
	daycap_free(d->day);
	sodium_memzero(d->key, sizeof(d->key));
	pthread_mutex_destroy(&d->lock);
	pthread_mutex_destroy(&d->storing);
	free(d);
}

/* The import's step what failed with r (kdb logged why): say so in rep. */
static int refused(struct dossier_report *rep, int r, const char *what)
{
	fault(rep, 0, "the database refused the import (%s): nothing changed", what);
	return r;
}

static int by_hash(const void *a, const void *b)
{
	return memcmp(((const struct dossier_row *)a)->hash, ((const struct dossier_row *)b)->hash,
		      32);
}

/*
 * The import stays off the issuing path.  sqlite has one writer at a time,
 * and tickets are issued by writers on the same file, so the new list is
 * not written in one long transaction: it goes into a table of its own,
 * dossiers_next_<pid>, STORE_CHUNK rows per short transaction, with a pause
 * as long as the chunk took after each, so a ticket waiting for the write
 * lock gets it within a chunk or two.  One short transaction then swaps the
 * tables by name and stamps dossier_import (look-ups see the old list or the
 * new one, never a mix), and the old list is deleted the same way, chunk by
 * chunk (secure_delete zeroes its pages).  Tables of an import that died
 * with its process are cleared by the next import.
 */
#define STORE_CHUNK 2000
#define STORE_PROGRESS 50000     /* rows between two journal lines */

static int64_t mono_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Let a writer that waits for the lock have it: as long as we held it. */
static void store_pause(int64_t since_us)
{
	int64_t took = mono_us() - since_us;
	struct timespec ts = { 0, (long)(took < 2000 ? 2000 : took > 200000 ? 200000 : took) * 1000 };
	nanosleep(&ts, NULL);
}

/* Empty table name (a staging table of ours) in short transactions, then drop it. */
static int drop_chunked(struct kdb *k, const char *name)
{
	char sql[160];
	int r = K_OK;
	snprintf(sql, sizeof(sql), "DELETE FROM \"%s\" WHERE hash IN (SELECT hash FROM \"%s\" LIMIT %d)",
		 name, name, STORE_CHUNK);
	do {
		int64_t t0 = mono_us();
		r = kdb_exec(k, sql, "clear");
		store_pause(t0);
	} while (r == K_OK && sqlite3_changes(k->db) > 0);
	snprintf(sql, sizeof(sql), "DROP TABLE IF EXISTS \"%s\"", name);
	return r == K_OK ? kdb_exec(k, sql, "clear") : r;
}

/* Staging tables left by an import whose process is gone (or by ours). */
static void clear_stale(struct kdb *k)
{
	sqlite3_stmt *st;
	char names[8][64];
	int n = 0;
	if (kdb_prepare(k, "SELECT name FROM sqlite_master WHERE type = 'table' AND"
			" (name GLOB 'dossiers_next_*' OR name GLOB 'dossiers_old_*')", &st) < 0)
		return;
	while (n < 8 && sqlite3_step(st) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		long pid = strtol(strrchr(name, '_') + 1, NULL, 10);
		if (pid == (long)getpid() || pid <= 0 || (kill((pid_t)pid, 0) < 0 && errno == ESRCH))
			snprintf(names[n++], sizeof(names[0]), "%s", name);
	}
	kdb_done(k, st);
	for (int i = 0; i < n; i++)
		if (drop_chunked(k, names[i]) < 0)
			klog(KLOG_WARN, "dossiers: cannot clear %s: %s", names[i], sqlite3_errmsg(k->db));
}

/* Replace the stored list with l, on a connection of its own, off the issuing path. */
static int store(struct dossiers *d, const struct dossier_list *l, int64_t now,
		 const unsigned char key_id[KEY_ID_BYTES], struct dossier_report *rep)
{
	const struct kconf *cfg = d->cfg;
	struct kdb k;
	sqlite3_stmt *ins = NULL, *meta = NULL;
	char pragmas[128], next[48], old[48], sql[256];
	int r, rc, swapped = 0;

	snprintf(next, sizeof(next), "dossiers_next_%ld", (long)getpid());
	snprintf(old, sizeof(old), "dossiers_old_%ld", (long)getpid());
	r = kdb_open(&k, d->db_path, SQLITE_OPEN_READWRITE, "dossiers");
	if (r < 0)
		return refused(rep, r, "open");
	sqlite3_busy_timeout(k.db, cfg->queue.busy_timeout_ms);
	/* the old list's pages are zeroed as they are freed */
	snprintf(pragmas, sizeof(pragmas), "PRAGMA secure_delete = ON; PRAGMA synchronous = %s;",
		 cfg->queue.sync_mode == KCONF_SYNC_FULL ? "FULL" : "NORMAL");
	r = kdb_exec(&k, pragmas, "begin");
	if (r < 0) {
		r = refused(rep, r, "begin");
		goto out;
	}
	clear_stale(&k);
	/* the same columns as dossiers_schema_v11's (dossiers_schema.c) */
	snprintf(sql, sizeof(sql), "CREATE TABLE \"%s\" (hash BLOB PRIMARY KEY, status TEXT NOT NULL,"
		 " note TEXT NOT NULL DEFAULT '', date TEXT) WITHOUT ROWID", next);
	r = kdb_exec(&k, sql, "replace");
	if (r < 0) {
		r = refused(rep, r, "replace");
		goto out;
	}
	snprintf(sql, sizeof(sql), "INSERT INTO \"%s\" (hash, status, note, date)"
		 " VALUES (?, ?, ?, NULLIF(?, ''))", next);
	r = kdb_prepare(&k, sql, &ins);
	if (r < 0) {
		ins = NULL;
		r = refused(rep, r, "replace");
		goto out;
	}
	klog(KLOG_INFO, "dossiers: storing a list of %d dossiers", l->n);
	for (int i = 0; i < l->n;) {
		int64_t t0 = mono_us();
		r = kdb_begin(&k);
		if (r < 0) {
			r = refused(rep, r, "begin");
			goto out;
		}
		for (int end = i + STORE_CHUNK < l->n ? i + STORE_CHUNK : l->n; i < end; i++) {
			const struct dossier_row *row = &l->rows[i];
			sqlite3_bind_blob(ins, 1, row->hash, 32, SQLITE_STATIC);
			sqlite3_bind_text(ins, 2, cfg->dossiers.statuses[row->status].code, -1,
					  SQLITE_STATIC);
			sqlite3_bind_text(ins, 3, row->note_len ? l->notes + row->note : "",
					  row->note_len, SQLITE_STATIC);
			sqlite3_bind_text(ins, 4, row->date, -1, SQLITE_STATIC);
			if ((rc = sqlite3_step(ins)) != SQLITE_DONE) {
				r = refused(rep, kdb_error(&k, rc, "insert"), "insert");
				goto out;
			}
			sqlite3_reset(ins);
		}
		r = kdb_commit(&k);
		if (r < 0) {
			r = refused(rep, r, "insert");
			goto out;
		}
		if (i % STORE_PROGRESS < STORE_CHUNK && i < l->n)
			klog(KLOG_INFO, "dossiers: stored %d of %d", i, l->n);
		store_pause(t0);
	}
	/* the swap: one short transaction */
	snprintf(sql, sizeof(sql), "BEGIN IMMEDIATE; ALTER TABLE dossiers RENAME TO \"%s\";"
		 " ALTER TABLE \"%s\" RENAME TO dossiers;", old, next);
	r = kdb_exec(&k, sql, "stamp");
	if (r == K_OK)
		r = kdb_prepare_bind(&k, &meta, "INSERT OR REPLACE INTO dossier_import (id, at,"
				     " count, key_id) VALUES (1, ?, ?, ?)", "iib", now,
				     (int64_t)l->n, key_id, KEY_ID_BYTES);
	if (r < 0) {
		meta = NULL;
		r = refused(rep, r, "stamp");
		goto out;
	}
	rc = sqlite3_step(meta);
	r = rc == SQLITE_DONE ? kdb_commit(&k) : kdb_error(&k, rc, "commit");
	if (r < 0) {
		r = refused(rep, r, "commit");
		goto out;
	}
	swapped = 1;
	if (drop_chunked(&k, old) < 0) /* the new list is in: only a warning */
		klog(KLOG_WARN, "dossiers: the old list is not cleared yet (%s); the next import "
		     "clears it", sqlite3_errmsg(k.db));
out:
	if (ins)
		kdb_done(&k, ins);
	if (meta)
		kdb_done(&k, meta);
	kdb_rollback(&k);
	if (!swapped && drop_chunked(&k, next) < 0)
		klog(KLOG_WARN, "dossiers: the refused list is not cleared yet (%s); the next "
		     "import clears it", sqlite3_errmsg(k.db));
	kdb_close(&k);
	return r;
}

int dossiers_import(struct dossiers *d, const char *csv, size_t len, int64_t now,
		    struct dossier_report *rep)
{
	struct dossier_list l;
	unsigned char key_id[KEY_ID_BYTES];
	int r = dossiers_parse(d->cfg, csv, len, &l, rep);
	if (r < 0)
		return r;
	pthread_mutex_lock(&d->lock);
	r = key_ready(d, rep);
	if (r == K_OK) {
		for (int i = 0; i < l.n; i++)
			hash_code(d, l.rows[i].code, l.rows[i].hash);
		memcpy(key_id, d->key_id, sizeof(key_id));
	}
	pthread_mutex_unlock(&d->lock);
	if (r == K_OK) {
		for (int i = 0; i < l.n; i++) /* the codes are not needed any more */
			sodium_memzero(l.rows[i].code, sizeof(l.rows[i].code));
		qsort(l.rows, (size_t)l.n, sizeof(l.rows[0]), by_hash); /* the index's order */
		pthread_mutex_lock(&d->storing);
		r = store(d, &l, now, key_id, rep);
		pthread_mutex_unlock(&d->storing);
	}
	if (r < 0)
		rep->rows = 0;
	dossier_list_free(&l);
	return r;
}

int dossiers_import_hashed(struct dossiers *d, const struct dossier_hashed *rows, int n,
			   int64_t now, struct dossier_report *rep)
{
	struct dossier_list l = { 0 };
	unsigned char key_id[KEY_ID_BYTES];
	size_t notes = 0;
	int r = K_ERR_NOMEM;

	memset(rep, 0, sizeof(*rep));
	for (int i = 0; i < n; i++)
		notes += strnlen(rows[i].note, DOSSIER_NOTE_MAX + 1);
	l.rows = calloc((size_t)(n ? n : 1), sizeof(*l.rows));
	l.notes = malloc(notes + 1);
	if (!l.rows || !l.notes)
		goto out;
	for (int i = 0; i < n; i++) {
		struct dossier_row *row = &l.rows[i];
		int st = -1;
		for (int s = 0; s < d->cfg->dossiers.nstatuses; s++)
			if (strcmp(d->cfg->dossiers.statuses[s].code, rows[i].status) == 0)
				st = s;
		size_t nl = strlen(rows[i].note);
		if (st < 0 || nl > DOSSIER_NOTE_MAX || strlen(rows[i].date) >= sizeof(row->date)) {
			fault(rep, i + 1, "row %d: a status this kiosk.conf does not have, or a note "
			      "or date too long", i + 1);
			r = K_ERR_INVALID;
			goto out;
		}
		memcpy(row->hash, rows[i].hash, 32);
		row->status = (unsigned char)st;
		snprintf(row->date, sizeof(row->date), "%s", rows[i].date);
		row->note = (uint32_t)l.notes_len;
		row->note_len = (unsigned char)nl;
		memcpy(l.notes + l.notes_len, rows[i].note, nl);
		l.notes_len += nl;
		l.n++;
		rep->per_status[st]++;
	}
	pthread_mutex_lock(&d->lock);
	r = d->have_key ? K_OK : key_read(d);
	if (r == K_OK)
		memcpy(key_id, d->key_id, sizeof(key_id));
	pthread_mutex_unlock(&d->lock);
	if (r < 0) {
		fault(rep, 0, "no [dossiers] secret for the hub's rows (kiosk-hub dossiers key)");
		goto out;
	}
	qsort(l.rows, (size_t)l.n, sizeof(l.rows[0]), by_hash);
	pthread_mutex_lock(&d->storing);
	r = store(d, &l, now, key_id, rep);
	pthread_mutex_unlock(&d->storing);
	rep->rows = r < 0 ? 0 : l.n;
out:
	dossier_list_free(&l);
	return r;
}

/* One look-up by hash.  1 = a list (row filled if found), 0 = no list, < 0 error. */
static int find(struct dossiers *d, const unsigned char hash[32], struct dossier_answer *out,
		int *found, int *ours)
{
	sqlite3_stmt *st;
	int rc, r = kdb_prepare(&d->kdb, FIND_SQL, &st);

	if (r < 0)
		return K_ERR_DB;
	sqlite3_bind_blob(st, 1, hash, 32, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		r = 1;
		out->updated = sqlite3_column_int64(st, 0);
		out->count = sqlite3_column_int(st, 1);
		*ours = d->have_key && sqlite3_column_bytes(st, 2) == KEY_ID_BYTES &&
			!memcmp(sqlite3_column_blob(st, 2), d->key_id, KEY_ID_BYTES);
		*found = sqlite3_column_type(st, 3) != SQLITE_NULL;
		if (*found) {
			snprintf(out->status, sizeof(out->status), "%s", sqlite3_column_text(st, 3));
			snprintf(out->note, sizeof(out->note), "%s", sqlite3_column_text(st, 4));
			snprintf(out->date, sizeof(out->date), "%s",
				 sqlite3_column_type(st, 5) == SQLITE_NULL ? "" :
				 (const char *)sqlite3_column_text(st, 5));
		}
	} else if (rc != SQLITE_DONE) {
		kdb_error(&d->kdb, rc, "look-up");
		r = K_ERR_DB;
	}
	kdb_done(&d->kdb, st);
	return r;
}

int dossiers_lookup(struct dossiers *d, const char *code, struct dossier_answer *out)
{
	char norm[DOSSIER_CODE_MAX + 1];
	unsigned char hash[32];
	int r, found = 0, ours = 0;

	memset(out, 0, sizeof(*out));
	if (dossier_code_norm(code, strlen(code), norm) < 0)
		return K_ERR_INVALID;
	pthread_mutex_lock(&d->lock);
	for (int tries = 0; tries < 2; tries++) {
		if (!d->have_key && key_read(d) < 0)
			memset(hash, 0, sizeof(hash));
		else
			hash_code(d, norm, hash);
		r = find(d, hash, out, &found, &ours);
		if (r <= 0 || ours)
			break;
		d->have_key = 0; /* a new secret since it was read: read it again */
	}
	if (r == 1 && !ours) {
		if (!d->warned)
			klog(KLOG_ERR, "dossiers: the list was imported with another secret than %s: "
			     "import it again", d->cfg->dossiers.secret);
		d->warned = 1;
		r = K_ERR_EMPTY;
	} else if (r == 1) {
		d->warned = 0;
		r = found ? K_OK : K_ERR_NOT_FOUND;
	} else if (r == 0) {
		r = K_ERR_EMPTY;
	}
	pthread_mutex_unlock(&d->lock);
	sodium_memzero(norm, sizeof(norm));
	if (r != K_OK && r != K_ERR_NOT_FOUND) {
		int64_t updated = out->updated;
		memset(out, 0, sizeof(*out));
		out->updated = r == K_ERR_EMPTY ? 0 : updated;
	}
	return r;
}

/* ---- the rate limit --------------------------------------------------- */

int dossiers_allow(struct dossiers *d, const char *who, int64_t now_ms, int64_t now,
		   int *retry_after, int64_t *resets)
{
	int starts = d->cfg->queue.day_starts;
	int64_t day = kclock_day(now, starts);

	*resets = 0;
	if (!daycap_left(d->day, who, day)) {
		/* day d starts at local midnight + day_starts (kclock_day's inverse) */
		*resets = (day + 1) * 86400 - KCLOCK_VN_OFFSET + (int64_t)starts * 60;
		*retry_after = (int)(*resets - now);
		return DOSSIERS_DAY;
	}
	if (!ratelimit_allow(d->rate, who, now_ms, retry_after))
		return DOSSIERS_MINUTE;
	daycap_count(d->day, who, day);
	return 1;
}
