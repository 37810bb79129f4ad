/*
 * admin_backup.h - station-server backup and restore (core/db_backup.c on
 * the station's queue database).
 */
#ifndef ADMIN_BACKUP_H
#define ADMIN_BACKUP_H

/*
 * argv[0] is "backup" or "restore"; the rest is FILE, or --into DIR --keep N.
 * db is the live queue database.  Prints one line; returns the exit code:
 * 0 done, 1 failed (nothing half-written), 2 usage or a refused file.
 */
struct kclock;
int admin_backup_main(const char *db, const struct kclock *clock, int argc, char **argv);

#endif
