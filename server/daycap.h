/*
 * daycap.h - a per-caller cap of so many calls a day, beside ratelimit.h's
 * sliding minute: receipt codes look sequential, and a minute's limit alone
 * still lets a kiosk walk ~14,000 codes a day (field review §4).
 *
 * The day is the station's: a number from kclock_day(), so it turns at
 * [queue] day_starts; the caller says which day it is, and the cap reads no
 * clock.  Callers are told apart by name as in ratelimit.h; the cap
 * remembers the last DAYCAP_CALLERS of them, and one more takes the place
 * of the caller heard from longest ago (its count starts again).  Counts
 * live in memory: a restart starts them again, as the minute's do.  Safe
 * from several threads.
 */
#ifndef DAYCAP_H
#define DAYCAP_H

#include <stdint.h>

#define DAYCAP_CALLERS 64
#define DAYCAP_NAME_MAX 80

struct daycap;

/* A cap of per_day (>= 1) calls per caller a day: K_OK, K_ERR_NOMEM.
 * Free with daycap_free(). */
int daycap_new(struct daycap **out, int per_day);
void daycap_free(struct daycap *dc);

/* Has caller `who` calls left on `day`?  1 = yes, 0 = it used them all. */
int daycap_left(struct daycap *dc, const char *who, int64_t day);

/* Count one call of `who` on `day` (a new day starts its count again). */
void daycap_count(struct daycap *dc, const char *who, int64_t day);

#endif
