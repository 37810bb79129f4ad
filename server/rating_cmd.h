/*
 * rating_cmd.h - station-server ratings verify: walk the ratings' chain
 * and the day heads of the audit log (core/rating.h, docs/rating.md).
 *
 *   station-server [--config F] [--db D] ratings verify [--from YYYY-MM-DD]
 */
#ifndef RATING_CMD_H
#define RATING_CMD_H

#include "kconf.h"

/*
 * argv[0] is "ratings".  Reads the database db (nothing is written).
 * Prints one line; returns the exit code: 0 the chain holds, 1 it is
 * broken (the line names the first row) or the database could not be
 * read, 2 bad arguments.
 */
int rating_main(const struct kconf *cfg, const char *db, int argc, char **argv);

#endif
