/*
 * ratelimit.h - a per-caller limit of so many calls in any sliding minute.
 *
 * Callers are told apart by a name (e.g. "kiosk:lobby-1"; names longer
 * than RATELIMIT_NAME_MAX - 1 bytes are cut).  The limiter remembers the
 * last RATELIMIT_CALLERS callers; one more takes the place of the caller
 * heard from longest ago.  It reads no clock: every call brings its time,
 * so tests can move time as they like.  Safe from several threads.
 */
#ifndef RATELIMIT_H
#define RATELIMIT_H

#include <stdint.h>

#define RATELIMIT_WINDOW_MS 60000
#define RATELIMIT_CALLERS 64
#define RATELIMIT_NAME_MAX 80

struct ratelimit;

/* A limiter of per_minute (>= 1) calls per caller: K_OK, K_ERR_NOMEM.
 * Free with ratelimit_free(). */
int ratelimit_new(struct ratelimit **out, int per_minute);
void ratelimit_free(struct ratelimit *rl);

/*
 * May caller `who` call once more at now_ms (milliseconds, any epoch that
 * only goes forward)?  1 = yes (counted); 0 = no, with *retry_after the
 * seconds until one is allowed again.  Without memory for a new caller the
 * answer is yes.
 */
int ratelimit_allow(struct ratelimit *rl, const char *who, int64_t now_ms, int *retry_after);

#endif
