/*
 * db_backup.c - backup, check and restore of a queue database or a kiosk's
 * outbox with sqlite's online backup API; why it is shaped so is in
 * db_backup.h.
 *
 * Every error is one line in the caller's buffer naming the file and what
 * to do, and a K_ERR_* code; nothing here prints.
 */
#include "db_backup.h"
#include "kclock.h"
#include "kerr.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define BUSY_MS 10000        /* how long a backup waits for a locked source */
#define MAX_DATED 4096       /* dated backups looked at in one folder */

static int fail(char *err, size_t len, int r, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int fail(char *err, size_t len, int r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return r;
}

void db_kinds_init(struct db_kinds *k, int queue_version, int outbox_version)
{
	k->queue = (struct db_kind){
		.what = "station queue database", .table = "tickets",
		.count_sql = "SELECT COUNT(*) FROM tickets", .prefix = "queue",
		.version = queue_version, .other = &k->outbox,
	};
	k->outbox = (struct db_kind){
		.what = "kiosk outbox", .table = "issued",
		.count_sql = "SELECT COUNT(*) FROM issued", .prefix = "outbox",
		.version = outbox_version, .other = &k->queue,
	};
}

/* The folder of path, into dir (at least PATH_MAX bytes). */
static void folder_of(const char *path, char *dir, size_t len)
{
	char copy[4096];
	snprintf(copy, sizeof(copy), "%s", path);
	snprintf(dir, len, "%s", dirname(copy));
}

static int fsync_path(const char *path, int flags)
{
	int fd = open(path, flags | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

/* An sqlite file's first 16 bytes: 1 it is one, 0 not, -1 unreadable (errno). */
static int is_sqlite_file(const char *path)
{
	char head[16];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, head, sizeof(head));
	close(fd);
	return n == (ssize_t)sizeof(head) && !memcmp(head, "SQLite format 3", 16);
}

/* One integer from sql, or K_ERR_DB with sqlite's reason in err. */
static int one_int(sqlite3 *db, const char *sql, int64_t *v, const char *name, char *err,
		   size_t len)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		*v = sqlite3_column_int64(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_OK)
		return fail(err, len, K_ERR_DB, "%s: cannot be read (%s)", name,
			    sqlite3_errmsg(db));
	return K_OK;
}

static int has_table(sqlite3 *db, const char *table)
{
	sqlite3_stmt *st = NULL;
	int found = 0;
	if (sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?",
			       -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
		found = sqlite3_step(st) == SQLITE_ROW;
	}
	sqlite3_finalize(st);
	return found;
}

/*
 * Is db (a copy or a file to restore, named name) a sound database of kind?
 * integrity_check first (it reads every page and checks every index against
 * its table), then the kind, then the schema version; info filled.
 */
static int inspect(sqlite3 *db, const char *name, const struct db_kind *kind,
		   struct db_backup_info *info, char *err, size_t len)
{
	sqlite3_stmt *st = NULL;
	char first[200] = "";
	int rows = 0, rc, r;
	int64_t v = 0;

	rc = sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (rows++ == 0)
			snprintf(first, sizeof(first), "%s", (const char *)sqlite3_column_text(st, 0));
		rc = SQLITE_OK;
	}
	if (rc != SQLITE_DONE)
		snprintf(first, sizeof(first), "%s", sqlite3_errmsg(db));
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE || rows != 1 || strcmp(first, "ok"))
		return fail(err, len, K_ERR_INVALID, "%s is damaged (integrity_check: %s%s): "
			    "use another backup", name, first, rows > 1 ? " ..." : "");
	if (!has_table(db, kind->table)) {
		if (kind->other && has_table(db, kind->other->table))
			return fail(err, len, K_ERR_INVALID, "%s is a %s, not a %s: give the %s's "
				    "backup", name, kind->other->what, kind->what, kind->what);
		return fail(err, len, K_ERR_INVALID, "%s is not a %s (it has no %s table)", name,
			    kind->what, kind->table);
	}
	r = one_int(db, "PRAGMA user_version", &v, name, err, len);
	if (r < 0)
		return r;
	info->version = (int)v;
	if (v > kind->version)
		return fail(err, len, K_ERR_VERSION, "%s was written by a newer version of the "
			    "program (schema %d; this one knows up to %d): install that version or "
			    "a newer one first, or use a backup made by this one", name, (int)v,
			    kind->version);
	return one_int(db, kind->count_sql, &info->tickets, name, err, len);
}

static void remove_tmp(const char *tmp)
{
	static const char *const tails[] = { "", "-journal", "-wal", "-shm" };
	char p[4200];
	for (int i = 0; i < 4; i++) {
		snprintf(p, sizeof(p), "%s%s", tmp, tails[i]);
		unlink(p);
	}
}

/*
 * Copy src (an open connection) to dest through a temporary file beside it;
 * with kind, the copy must inspect() as one (without: copied as it is).
 */
static int copy_to(sqlite3 *src, const char *src_name, const char *dest,
		   const struct db_kind *kind, struct db_backup_info *info, char *err, size_t len)
{
	char dir[4096], tmp[4200], base[4096];
	sqlite3 *dst = NULL;
	sqlite3_backup *b;
	struct stat sb;
	int r = K_ERR_DB, rc, fd;

	folder_of(dest, dir, sizeof(dir));
	snprintf(base, sizeof(base), "%s", dest);
	snprintf(tmp, sizeof(tmp), "%s/.%s.XXXXXX", dir, basename(base));
	fd = mkstemp(tmp); /* 0600, owned by whoever runs this */
	if (fd < 0)
		return fail(err, len, K_ERR_IO, "cannot write in %s: %s", dir, strerror(errno));
	close(fd);
	rc = sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE, NULL);
	if (rc != SQLITE_OK) {
		fail(err, len, K_ERR_IO, "cannot write %s: %s", tmp, sqlite3_errstr(rc));
		r = K_ERR_IO;
		goto out;
	}
	b = sqlite3_backup_init(dst, "main", src, "main");
	if (!b) {
		fail(err, len, K_ERR_DB, "cannot copy %s: %s", src_name, sqlite3_errmsg(dst));
		goto out;
	}
	/* all pages in one step: one read transaction, one snapshot (db_backup.h);
	 * busy only while the source is locked (a WAL recovery): try again */
	for (int waited = 0; ; waited += 20) {
		rc = sqlite3_backup_step(b, -1);
		if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) || waited >= BUSY_MS)
			break;
		sqlite3_sleep(20);
	}
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		r = (rc & 0xff) == SQLITE_FULL || (rc & 0xff) == SQLITE_IOERR ? K_ERR_IO : K_ERR_DB;
		fail(err, len, r, "cannot copy %s to %s: %s", src_name, dir, sqlite3_errstr(rc));
		goto out;
	}
	/* the header says WAL as the source's did: a backup stands alone */
	rc = sqlite3_exec(dst, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		fail(err, len, K_ERR_DB, "cannot finish the copy of %s: %s", src_name,
		     sqlite3_errmsg(dst));
		goto out;
	}
	/* the live database before a restore is kept as it is, even damaged */
	r = kind ? inspect(dst, "the copy", kind, info, err, len) : K_OK;
	if (r < 0) {
		char why[400];
		snprintf(why, sizeof(why), "%s", err);
		fail(err, len, r, "the copy of %s did not verify, nothing was kept: %s", src_name,
		     why);
		r = K_ERR_DB;
		goto out;
	}
	rc = sqlite3_close(dst);
	dst = NULL;
	if (rc != SQLITE_OK || fsync_path(tmp, O_RDONLY) < 0 || stat(tmp, &sb) < 0) {
		r = fail(err, len, K_ERR_IO, "cannot write %s to disk: %s", tmp, strerror(errno));
		goto out;
	}
	if (rename(tmp, dest) < 0) {
		r = fail(err, len, K_ERR_IO, "cannot write %s: %s", dest, strerror(errno));
		goto out;
	}
	fsync_path(dir, O_RDONLY | O_DIRECTORY); /* the new name on disk too */
	info->bytes = sb.st_size;
	snprintf(info->path, sizeof(info->path), "%s", dest);
	return K_OK;
out:
	sqlite3_close(dst);
	remove_tmp(tmp);
	return r;
}

int db_backup(const char *live, const char *dest, const struct db_kind *kind,
	      struct db_backup_info *info, char *err, size_t errlen)
{
	sqlite3 *src = NULL;
	int r;

	struct stat a, b;

	memset(info, 0, sizeof(*info));
	if (stat(live, &a) != 0)
		return fail(err, errlen, K_ERR_NOT_FOUND, "there is no database at %s (see [queue] "
			    "database, [sync] outbox or --db)", live);
	if (stat(dest, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino)
		return fail(err, errlen, K_ERR_INVALID, "%s is the database itself: give the "
			    "backup another name", dest);
	if (sqlite3_open_v2(live, &src, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		r = fail(err, errlen, K_ERR_DB, "cannot open %s: %s", live,
			 src ? sqlite3_errmsg(src) : "out of memory");
		goto out;
	}
	sqlite3_busy_timeout(src, BUSY_MS);
	if (!has_table(src, kind->table)) {
		r = fail(err, errlen, K_ERR_INVALID, "%s is not a %s (no %s table)", live,
			 kind->what, kind->table);
		goto out;
	}
	r = copy_to(src, live, dest, kind, info, err, errlen);
out:
	sqlite3_close(src);
	return r;
}

/* PREFIX-YYYYMMDD-HHMMSS.db, and nothing else, is a dated backup of kind. */
static int is_dated(const char *name, const char *prefix)
{
	size_t n = strlen(prefix);
	const char *p = name + n;
	if (strncmp(name, prefix, n) || p[0] != '-' || strlen(p) != 19 || strcmp(p + 16, ".db"))
		return 0;
	return strspn(p + 1, "0123456789") == 8 && p[9] == '-' &&
	       strspn(p + 10, "0123456789") == 6;
}

/* .PREFIX-YYYYMMDD-HHMMSS.db.XXXXXX: a backup's temporary file (mkstemp). */
static int is_dated_tmp(const char *name, const char *prefix)
{
	char dated[64];
	size_t n = strlen(name);
	if (name[0] != '.' || n < 8 || n - 8 >= sizeof(dated) || name[n - 7] != '.')
		return 0;
	memcpy(dated, name + 1, n - 8);
	dated[n - 8] = '\0';
	return is_dated(dated, prefix);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Delete the oldest dated backups of prefix in dir beyond keep. */
static int prune(const char *dir, const char *prefix, int keep, int *removed, char *err,
		 size_t len)
{
	char *names[MAX_DATED];
	char path[4400];
	int n = 0, r = K_OK;
	struct dirent *e;
	DIR *d = opendir(dir);

	if (!d)
		return fail(err, len, K_ERR_IO, "cannot read %s: %s", dir, strerror(errno));
	while ((e = readdir(d)) && n < MAX_DATED) {
		struct stat sb;
		if (is_dated(e->d_name, prefix) && (names[n] = strdup(e->d_name)))
			n++;
		/* left by a backup cut short (a power cut): gone after a day, not
		 * sooner, as another backup may be writing it */
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (is_dated_tmp(e->d_name, prefix) && stat(path, &sb) == 0 &&
		    sb.st_mtime < time(NULL) - 86400 && unlink(path) == 0)
			(*removed)++;
	}
	closedir(d);
	qsort(names, (size_t)n, sizeof(names[0]), by_name); /* the date sorts as the name */
	for (int i = 0; i < n - keep; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (unlink(path) == 0)
			(*removed)++;
		else if (r == K_OK)
			r = fail(err, len, K_ERR_IO, "cannot delete the old backup %s: %s", path,
				 strerror(errno));
	}
	for (int i = 0; i < n; i++)
		free(names[i]);
	if (*removed)
		fsync_path(dir, O_RDONLY | O_DIRECTORY);
	return r;
}

/* mkdir -p with mode 0750 whatever the umask (a timer's is 0077); 0 or -1 with errno. */
static int make_folders(const char *dir)
{
	char path[4096];
	size_t n = strlen(dir);

	if (n == 0 || n >= sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(path, dir, n + 1);
	for (char *p = path + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char c = *p;
		*p = '\0';
		if (mkdir(path, 0750) == 0)
			chmod(path, 0750);
		else if (errno != EEXIST)
			return -1;
		if (c == '\0')
			return 0;
		*p = c;
	}
}

int db_backup_into(const char *live, const char *dir, int keep, int64_t now,
		   const struct db_kind *kind, struct db_backup_info *info, int *removed,
		   char *err, size_t errlen)
{
	char dest[4200];
	struct klocal t;
	int r;

	*removed = 0;
	memset(info, 0, sizeof(*info));
	if (keep < 1)
		return fail(err, errlen, K_ERR_INVALID, "--keep takes a number of backups, 1 or more");
	if (make_folders(dir) < 0)
		return fail(err, errlen, K_ERR_IO, "cannot make the folder %s: %s", dir,
			    strerror(errno));
	kclock_local(now, &t);
	snprintf(dest, sizeof(dest), "%s/%s-%04d%02d%02d-%02d%02d%02d.db", dir, kind->prefix, t.year,
		 t.month, t.day, t.hour, t.minute, t.second);
	r = db_backup(live, dest, kind, info, err, errlen);
	if (r < 0)
		return r;
	return prune(dir, kind->prefix, keep, removed, err, errlen); /* only once it is safe */
}

/* Percent-encode path into a read-only, immutable sqlite URI. */
static void ro_uri(const char *path, char *uri, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t o = (size_t)snprintf(uri, len, "file:");
	for (const unsigned char *p = (const unsigned char *)path; *p && o + 4 < len; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("/-_.~", *p)) {
			uri[o++] = (char)*p;
		} else {
			uri[o++] = '%';
			uri[o++] = hex[*p >> 4];
			uri[o++] = hex[*p & 15];
		}
	}
	uri[o] = '\0';
	snprintf(uri + o, len - o, "?mode=ro&immutable=1");
}

/* Open file to be restored, read-only: nothing is ever written to it. */
static int open_backup(const char *file, sqlite3 **db, char *err, size_t len)
{
	char uri[4096 * 3 + 64], wal[4200];
	struct stat sb;
	int s = is_sqlite_file(file);

	*db = NULL;
	if (s < 0)
		return fail(err, len, errno == ENOENT ? K_ERR_NOT_FOUND : K_ERR_IO,
			    "%s cannot be read: %s", file, strerror(errno));
	if (s == 0)
		return fail(err, len, K_ERR_INVALID, "%s is not an SQLite database (not a backup "
			    "made by backup): give a file that backup wrote", file);
	snprintf(wal, sizeof(wal), "%s-wal", file);
	if (stat(wal, &sb) == 0 && sb.st_size > 0)
		return fail(err, len, K_ERR_INVALID, "%s has a %s beside it: it is a live database "
			    "copied while in use, not a backup; make one with backup", file, wal);
	ro_uri(file, uri, sizeof(uri));
	if (sqlite3_open_v2(uri, db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL) != SQLITE_OK)
		return fail(err, len, K_ERR_INVALID, "%s cannot be opened as a database: %s", file,
			    *db ? sqlite3_errmsg(*db) : "out of memory");
	return K_OK;
}

int db_backup_check(const char *file, const struct db_kind *kind, struct db_backup_info *info,
		    char *err, size_t errlen)
{
	sqlite3 *db = NULL;
	struct stat sb;
	int r;

	memset(info, 0, sizeof(*info));
	r = open_backup(file, &db, err, errlen);
	if (r == K_OK)
		r = inspect(db, file, kind, info, err, errlen);
	if (r == K_OK && stat(file, &sb) == 0)
		info->bytes = sb.st_size;
	snprintf(info->path, sizeof(info->path), "%s", file);
	sqlite3_close(db);
	return r;
}

/*
 * In exclusive locking mode sqlite ends a transaction by zeroing the
 * journal's header instead of deleting the file: once closed, a journal
 * without its magic number is nobody's (a hot one keeps it) and goes.
 */
static void drop_cold_journal(const char *live)
{
	static const unsigned char magic[8] = { 0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7 };
	unsigned char head[8] = { 0 };
	char path[4200];
	snprintf(path, sizeof(path), "%s-journal", live);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	ssize_t n = read(fd, head, sizeof(head));
	close(fd);
	if (n < (ssize_t)sizeof(head) || memcmp(head, magic, sizeof(magic)))
		unlink(path);
}

/* Take live for this connection alone: K_ERR_BUSY while a program has it open
 * (in WAL mode each connection keeps a shared lock on the file while open). */
static int take(sqlite3 *db)
{
	int rc = sqlite3_exec(db, "PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; COMMIT",
			      NULL, NULL, NULL);
	if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
		return K_ERR_BUSY;
	return rc == SQLITE_NOTADB ? K_ERR_INVALID : rc == SQLITE_OK ? K_OK : K_ERR_DB;
}

int db_restore(const char *file, const char *live, const struct db_kind *kind,
	       struct db_backup_info *info, char *err, size_t errlen)
{
	sqlite3 *src = NULL, *dst = NULL;
	sqlite3_backup *b;
	struct db_backup_info copy;
	char dir[4096], saved[4200];
	struct stat sb;
	int existed, r, rc;

	r = db_backup_check(file, kind, info, err, errlen);
	if (r < 0)
		return r;
	struct stat fs, ls;
	if (stat(file, &fs) == 0 && stat(live, &ls) == 0 && fs.st_dev == ls.st_dev &&
	    fs.st_ino == ls.st_ino)
		return fail(err, errlen, K_ERR_INVALID, "%s is the database itself: give a backup",
			    file);
	folder_of(live, dir, sizeof(dir));
	snprintf(saved, sizeof(saved), "%s.before-restore", live);
	existed = access(live, F_OK) == 0;
	if (sqlite3_open_v2(live, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	    SQLITE_OK) {
		r = fail(err, errlen, K_ERR_IO, "cannot open %s: %s", live,
			 dst ? sqlite3_errmsg(dst) : "out of memory");
		goto out;
	}
	r = take(dst);
	if (r == K_ERR_INVALID && existed) {
		/* not a database at all: nobody can be using it; keep it aside */
		sqlite3_close(dst);
		dst = NULL;
		if (rename(live, saved) < 0) {
			r = fail(err, errlen, K_ERR_IO, "cannot move %s aside: %s", live,
				 strerror(errno));
			goto out;
		}
		snprintf(info->saved, sizeof(info->saved), "%s", saved);
		existed = 0;
		if (sqlite3_open_v2(live, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) ==
		    SQLITE_OK)
			r = take(dst);
	}
	if (r == K_ERR_BUSY) {
		r = fail(err, errlen, K_ERR_BUSY, "%s is open in a running program: stop it first, "
			 "then restore again; nothing was changed", live);
		goto out;
	}
	if (r < 0) {
		r = fail(err, errlen, r, "cannot take %s for the restore: %s", live,
			 sqlite3_errmsg(dst));
		goto out;
	}
	if (existed) {
		r = copy_to(dst, live, saved, NULL, &copy, err, errlen);
		if (r < 0) {
			char why[400];
			snprintf(why, sizeof(why), "%s", err);
			r = fail(err, errlen, r, "%s could not be saved first, so nothing was "
				 "changed: %s", live, why);
			goto out;
		}
		snprintf(info->saved, sizeof(info->saved), "%s", saved);
	}
	/* a plain rollback journal while writing: no WAL with another page size */
	rc = sqlite3_exec(dst, "PRAGMA journal_mode = DELETE; PRAGMA synchronous = FULL", NULL,
			  NULL, NULL);
	r = open_backup(file, &src, err, errlen);
	if (rc != SQLITE_OK || r < 0) {
		if (r == K_OK)
			r = fail(err, errlen, K_ERR_DB, "cannot write %s: %s", live,
				 sqlite3_errmsg(dst));
		goto out;
	}
	b = sqlite3_backup_init(dst, "main", src, "main");
	rc = b ? sqlite3_backup_step(b, -1) : sqlite3_errcode(dst);
	if (b)
		sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		r = fail(err, errlen, K_ERR_DB, "restoring %s into %s failed (%s); the database as "
			 "it was is in %s", file, live, sqlite3_errstr(rc),
			 existed ? saved : "no file");
		goto out;
	}
	r = inspect(dst, live, kind, &copy, err, errlen);
	if (r < 0)
		goto out;
	rc = sqlite3_close(dst);
	dst = NULL;
	if (rc == SQLITE_OK)
		drop_cold_journal(live);
	if (rc != SQLITE_OK || fsync_path(live, O_RDONLY) < 0) {
		r = fail(err, errlen, K_ERR_IO, "cannot write %s to disk: %s", live, strerror(errno));
		goto out;
	}
	fsync_path(dir, O_RDONLY | O_DIRECTORY);
	/* made by root for the service's user: it owns the folder */
	if (!existed && geteuid() == 0 && stat(dir, &sb) == 0 && chown(live, sb.st_uid, sb.st_gid))
		r = fail(err, errlen, K_ERR_IO, "cannot give %s to the folder's owner: %s", live,
			 strerror(errno));
out:
	sqlite3_close(src);
	sqlite3_close(dst);
	return r;
}
