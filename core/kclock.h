/*
 * kclock.h - injected time and Vietnam local time.
 *
 * Nothing in the core reads the system clock directly: it asks a struct
 * kclock, so tests can move time across opening hours, the day rollover and
 * booking windows.  Vietnam has used UTC+07:00 all year since 1975, so local
 * time is a fixed offset and never depends on the board's tz database.
 */
#ifndef KCLOCK_H
#define KCLOCK_H

#include <stdint.h>

#define KCLOCK_VN_OFFSET (7 * 3600)

/*
 * The earliest time the kiosk believes: a board without an RTC boots in 1970,
 * and a clock before this (2024-01-01T00:00:00Z) is taken as unset.  The
 * system clock is held to more: no earlier than the build (kclock_min_valid).
 */
#define KCLOCK_MIN_VALID 1704067200LL

struct kclock {
	/* Returns seconds since the Unix epoch (UTC). */
	int64_t (*now)(void *ctx);
	void *ctx;
};

/* The system clock (CLOCK_REALTIME). */
extern const struct kclock kclock_system;

/*
 * A clock some seconds ahead of the system's: the offset is read again from
 * the file at path at every reading (a whole number; no file or no number =
 * 0).  For tests and rehearsals of a running program: a test ages sessions,
 * bookings and days by writing the file (station-server --clock-offset FILE).
 * Held to KCLOCK_MIN_VALID like any injected clock.
 */
struct kclock_shift {
	char path[256];
};
void kclock_shift_init(struct kclock *c, struct kclock_shift *s, const char *path);

static inline int64_t kclock_now(const struct kclock *c)
{
	return c->now(c->ctx);
}

/*
 * The earliest time clock c may read and be believed: for the system clock
 * (kclock_system or a copy of it) the build's date (SOURCE_DATE_EPOCH or the
 * last commit's, from CMake), for an injected clock KCLOCK_MIN_VALID, so a
 * test's fixed date stays valid whatever day the program was built.
 */
int64_t kclock_min_valid(const struct kclock *c);
/* The build's date, as kclock_min_valid() holds the system clock to. */
int64_t kclock_build_time(void);

/* Is now, read from c, a time to issue numbers at (not an unset clock)? */
static inline int kclock_is_set(const struct kclock *c, int64_t now)
{
	return now >= kclock_min_valid(c);
}

/*
 * Say in the journal when c turns unset or set again; *unset holds the last
 * state (start it at 0: an unset clock at start is logged at once).
 * Returns 1 while the clock is unset.
 */
int kclock_watch(const struct kclock *c, int *unset);

/* Broken-down local (UTC+07:00) time. */
struct klocal {
	int year, month, day;     /* 2026, 1..12, 1..31 */
	int hour, minute, second;
	int wday;                 /* 0 = Sunday .. 6 = Saturday */
	int minute_of_day;        /* hour * 60 + minute */
};

void kclock_local(int64_t t, struct klocal *out);

/*
 * The queue's day number for time t: days since 1970-01-01 of the local date,
 * where a day starts at `rollover_min` minutes past local midnight.  A ticket
 * issued at 00:30 with a 01:00 rollover still belongs to the previous day.
 */
int64_t kclock_day(int64_t t, int rollover_min);

/* Sleep until ms after t0 (CLOCK_MONOTONIC), through signals: a wrong
 * password's answer comes at a time set from when its try began. */
struct timespec;
void kclock_sleep_until(const struct timespec *t0, long ms);

/* "YYYY-MM-DD" of a day number from kclock_day(); buf holds >= 11 bytes. */
void kclock_day_str(int64_t day, char *buf, unsigned len);

/*
 * Parse "YYYY-MM-DDTHH:MM[:SS]" as Vietnam local time into Unix seconds.
 * Returns 0 or K_ERR_INVALID (also for impossible dates such as 02-30).
 */
int kclock_parse_local(const char *s, int64_t *out);

/* "YYYY-MM-DDTHH:MM:SS+07:00" of time t, as the API writes it; buf >= 26 bytes. */
void kclock_iso(int64_t t, char *buf, unsigned len);

/* Parse what kclock_iso() writes.  Returns 0 or K_ERR_INVALID. */
int kclock_parse_iso(const char *s, int64_t *out);

#endif
