/*
 * fuzz_station.h - the station the fuzz targets (tests/fuzz_*.c) run
 * against: a kiosk.conf written into a temporary folder and loaded, with a
 * kiosk token, a staff token, two services open round the clock, two
 * counters, dossier statuses, a booking key and a sync section.  The folder
 * (and the databases made in it) goes at exit.
 */
#ifndef FUZZ_STATION_H
#define FUZZ_STATION_H

#include "kconf.h"

#include <stdlib.h>

#define FUZZ_KIOSK_TOKEN "kiosk-token-aaaaaaaaaaaa"
#define FUZZ_STAFF_TOKEN "staff-token-bbbbbbbbbbbb"

/* The loaded configuration (the same one every call); aborts if it does not load. */
const struct kconf *fuzz_station(void);

/* dir/name in the station's temporary folder, into path[256]. */
void fuzz_station_path(const char *name, char path[256]);

/* Checked in every build (a replay build may define NDEBUG). */
#define FUZZ_CHECK(c) do { if (!(c)) abort(); } while (0)

#endif
