/*
 * report_cmd.h - station-server report: the station's report of a range of
 * days as a file (docs/reports.md).
 *
 *   station-server [--config F] [--db D] report --from YYYY-MM-DD --to YYYY-MM-DD
 *                  [--group day|week|month] --format json|csv|xlsx --out FILE
 */
#ifndef REPORT_CMD_H
#define REPORT_CMD_H

#include "kclock.h"
#include "kconf.h"

/*
 * argv[0] is "report".  Reads the database db (nothing is written to it),
 * builds the report as seen today by clock and writes FILE whole or not at
 * all (FILE.tmp, fsync, rename).  Prints one line; returns the exit code:
 * 0 written, 1 failed (the database, the file), 2 bad arguments (said why).
 */
int report_main(const struct kconf *cfg, const char *db, const struct kclock *clock, int argc,
		char **argv);

/*
 * The database db as a command reads it (report, ratings verify): there,
 * and of this program's schema (else a sentence on stderr, after
 * "station-server <cmd>:"), opened read-write so a running server's WAL
 * reads as it does for the server, never created or migrated.  0 or -1.
 */
struct kdb;
int report_cmd_open(struct kdb *k, const char *db, const struct kconf *cfg, const char *cmd);

#endif
