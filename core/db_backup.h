/*
 * db_backup.h - a consistent, verified copy of a live sqlite database, and
 * the checked way back (station-server and kioskctl backup / restore).
 *
 * A backup is taken with sqlite's online backup API while the programs keep
 * issuing.  The whole copy is one sqlite3_backup_step(b, -1): one read
 * transaction on the source, so the copy is one snapshot - every transaction
 * committed before the step began is in it, none that commits during it is.
 * In WAL mode a reader does not block writers (they append to the WAL) and
 * writers do not disturb the reader's snapshot, so the kiosks go on issuing
 * while it runs.  Copying a few pages per step instead would let the backup
 * restart each time another connection writes: under steady issuing it
 * might never end.
 *
 * The copy goes to a temporary file in the destination's folder, is turned
 * into a self-contained rollback-journal file (journal_mode = DELETE: no -wal
 * beside it is needed), checked with PRAGMA integrity_check (quick_check
 * skips the index-against-table checks that catch a torn copy), its kind and
 * schema version read back, fsynced, and only then renamed over the final
 * name (atomic), and the folder fsynced.  There is never half a file under
 * the final name, and "done" is said only once the copy is on disk.
 *
 * A restore first checks the file as a backup is checked - an sqlite file,
 * integrity_check "ok", the right kind (a kiosk's outbox is not a station's
 * queue database), a schema version this program knows (an older one is
 * brought forward by the program's next open) - and refuses anything else
 * without touching the live database.  It then takes the live database for
 * itself (locking_mode = EXCLUSIVE): while the program that uses it runs,
 * that program's connections hold it and the restore says "stop it first";
 * nothing is written under a running program.  The live database as it was
 * is kept beside it (DB.before-restore), then the file is copied in with the
 * backup API, page by page into the existing file (its owner and mode stay).
 */
#ifndef DB_BACKUP_H
#define DB_BACKUP_H

#include <stddef.h>
#include <stdint.h>

/* Which database a file must be: told by a table only that kind has. */
struct db_kind {
	const char *what;       /* "station queue database", "kiosk outbox" */
	const char *table;      /* a table only this kind has: "tickets" */
	const char *count_sql;  /* one integer: "SELECT COUNT(*) FROM tickets" */
	const char *prefix;     /* of a dated backup's name: "queue" */
	int version;            /* the PRAGMA user_version this program migrates to */
	const struct db_kind *other; /* the kind it is most often mistaken for, or NULL */
};

/* The two kinds this project keeps, filled at run time (the versions are
 * the programs': queue_schema_version(), STORE_VERSION; 0 for a kind the
 * caller never restores). */
struct db_kinds {
	struct db_kind queue, outbox;
};
void db_kinds_init(struct db_kinds *k, int queue_version, int outbox_version);

/* What was copied or checked. */
struct db_backup_info {
	int64_t tickets;        /* kind->count_sql's answer */
	int64_t bytes;          /* the file's size */
	int version;            /* its PRAGMA user_version */
	char path[4096];        /* the file written (a dated backup's name) */
	char saved[4200];       /* restore: where the live database was kept, or "" */
};

/*
 * Copy the live database `live` to `dest` as above.  The destination's
 * folder must exist; the file is made 0600 (it holds staff password hashes),
 * owned by whoever runs this.  An error is one line in err (naming the file
 * and what to do): K_ERR_NOT_FOUND (no live database), K_ERR_IO (the
 * destination cannot be written), K_ERR_DB (sqlite failed or the copy did
 * not verify), K_ERR_INVALID (live is not of this kind).
 */
int db_backup(const char *live, const char *dest, const struct db_kind *kind,
	      struct db_backup_info *info, char *err, size_t errlen);

/*
 * A dated backup into dir (made 0750 when missing): dir/PREFIX-YYYYMMDD-HHMMSS.db
 * (Vietnam time of `now`), then the oldest of this kind's dated backups in
 * dir beyond `keep` are deleted; no other file there is ever touched.
 * *removed gets how many were deleted.
 */
int db_backup_into(const char *live, const char *dir, int keep, int64_t now,
		   const struct db_kind *kind, struct db_backup_info *info, int *removed,
		   char *err, size_t errlen);

/*
 * Would `file` restore as a database of `kind`?  K_OK with info filled, or
 * K_ERR_INVALID (not an sqlite file, damaged, the wrong kind), K_ERR_VERSION
 * (a newer schema) or K_ERR_NOT_FOUND / K_ERR_IO (cannot be read), with the
 * reason and what to do in err.  The file is opened read-only.
 */
int db_backup_check(const char *file, const struct db_kind *kind, struct db_backup_info *info,
		    char *err, size_t errlen);

/*
 * Restore `file` over the live database `live` (created when missing):
 * db_backup_check() first, then K_ERR_BUSY when a program has live open
 * (nothing changed), else live as it was saved to LIVE.before-restore (when
 * it existed) and the file copied in.  info describes the restored file.
 */
int db_restore(const char *file, const char *live, const struct db_kind *kind,
	       struct db_backup_info *info, char *err, size_t errlen);

#endif
