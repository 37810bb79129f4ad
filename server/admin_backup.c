/*
 * admin_backup.c - station-server backup FILE | backup --into DIR --keep N |
 * restore FILE: the command line over core/db_backup.c for the queue
 * database.
 *
 * A backup runs beside the serving station-server (the daily timer's
 * case); a restore needs it stopped, and says so when it is not.
 */
#include "admin_backup.h"
#include "db_backup.h"
#include "kclock.h"
#include "kerr.h"
#include "queue.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"usage: station-server [--config FILE] [--db FILE] backup FILE\n"
	"       station-server [--config FILE] [--db FILE] backup --into DIR --keep N\n"
	"       station-server [--config FILE] [--db FILE] restore FILE  (station-server stopped)\n";

static int exit_code(int r)
{
	return r == K_ERR_INVALID || r == K_ERR_VERSION ? 2 : 1;
}

static int backup(const struct db_kind *kind, const char *db, const struct kclock *clock,
		  int argc, char **argv)
{
	struct db_backup_info info;
	char err[1024];
	const char *dir = NULL, *keep_text = NULL;
	int removed = 0, keep = 0, r;

	if (argc == 2 && argv[1][0] != '-') {
		r = db_backup(db, argv[1], kind, &info, err, sizeof(err));
	} else {
		for (int i = 1; i + 1 < argc; i += 2) {
			if (!strcmp(argv[i], "--into"))
				dir = argv[i + 1];
			else if (!strcmp(argv[i], "--keep"))
				keep_text = argv[i + 1];
		}
		char *end = NULL;
		long k = keep_text ? strtol(keep_text, &end, 10) : 0;
		if (argc != 5 || !dir || !keep_text || *end || k < 1 || k > 1000) {
			fprintf(stderr, "%s       --keep N: 1 to 1000 backups kept in DIR\n", usage);
			return 2;
		}
		keep = (int)k;
		r = db_backup_into(db, dir, keep, kclock_now(clock), kind, &info, &removed,
				   err, sizeof(err));
	}
	if (r < 0 && !info.path[0]) {
		fprintf(stderr, "station-server: backup failed: %s\n", err);
		return exit_code(r);
	}
	printf("backup of %s in %s: %lld tickets, %lld bytes, schema %d, verified", db, info.path,
	       (long long)info.tickets, (long long)info.bytes, info.version);
	if (dir)
		printf("; %d older backup(s) removed, up to %d kept", removed, keep);
	printf("\n");
	if (r < 0) { /* written and verified, but an old one would not go */
		fprintf(stderr, "station-server: %s\n", err);
		return 1;
	}
	return 0;
}

static int restore(const struct db_kind *kind, const char *db, const char *file)
{
	struct db_backup_info info;
	char err[1024];
	int r = db_restore(file, db, kind, &info, err, sizeof(err));

	if (r == K_ERR_BUSY) {
		fprintf(stderr, "station-server: %s (systemctl stop station-server)\n", err);
		return 1;
	}
	if (r < 0) {
		fprintf(stderr, "station-server: restore refused: %s\n", err);
		return exit_code(r);
	}
	printf("restored %s into %s: %lld tickets, schema %d%s, verified", file, db,
	       (long long)info.tickets, info.version,
	       info.version < kind->version ? " (brought forward at the next start)" : "");
	if (info.saved[0])
		printf("; the database as it was is in %s", info.saved);
	printf("\n");
	return 0;
}

int admin_backup_main(const char *db, const struct kclock *clock, int argc, char **argv)
{
	struct db_kinds kinds;

	db_kinds_init(&kinds, queue_schema_version(), 0); /* never restores an outbox */
	if (!strcmp(argv[0], "backup") && argc >= 2)
		return backup(&kinds.queue, db, clock, argc, argv);
	if (!strcmp(argv[0], "restore") && argc == 2)
		return restore(&kinds.queue, db, argv[1]);
	fputs(usage, stderr);
	return 2;
}
