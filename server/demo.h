/*
 * demo.h - station-server demo: a realistic day of a station's lobby played
 * through the queue engine with a simulated clock, into the station
 * database (docs/reports.md, "Demo day"): the README's pictures and the
 * reports' test fixture.
 */
#ifndef DEMO_H
#define DEMO_H

struct kconf;
struct kclock;

/*
 * argv[0] is "demo"; the rest: --date YYYY-MM-DD --tickets N [--seed S].
 * db is the station database; clock says which day is today (a demo day is
 * never after it).  Prints one line; returns the exit code: 0 played,
 * 1 failed, 2 usage or refused (a bad date, N out of 1..20000, a database
 * with tickets on or after the date, a day nothing opens).
 */
int demo_main(const struct kconf *cfg, const char *db, const struct kclock *clock, int argc,
	      char **argv);

#endif
