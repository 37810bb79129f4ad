/*
 * hours.h - when a service is open: its week and the station's calendar.
 *
 * One place answers "is this service open at t?" and "when does it next
 * open?" for the kiosk, the station server, the booking slots and kioskctl,
 * so a holiday or a Saturday morning means the same to all of them.  A
 * day's hours come, in this order, from:
 *   1. [calendar] closed - a public holiday or Tết: closed all day;
 *   2. [calendar] open   - a make-up working day the government sets (a
 *      Saturday worked for a weekday): the service's hours of its first
 *      weekday (Monday to Friday) that has hours, if it has one;
 *   3. [service] hours.<day> - that weekday's own hours (empty: closed);
 *   4. [service] hours on the days of [service] days; else closed.
 * Days are Vietnam calendar days (UTC+07:00, core/kclock.h), midnight to
 * midnight, whatever [queue] day_starts says about numbering.
 */
#ifndef HOURS_H
#define HOURS_H

#include <stdint.h>

#include "kconf.h"

/* How far ahead hours_next_opening() looks: a year and then some. */
#define HOURS_LOOKAHEAD_DAYS 400

/*
 * The opening hours of service s on local day `day` (a kclock_day(t, 0)
 * number): *ranges points into cfg; returns how many, 0 = closed that day.
 * cfg NULL: no calendar, the week only.
 */
int hours_of_day(const struct kconf *cfg, const struct kconf_service *s, int64_t day,
		 const struct kconf_range **ranges);

/* Is service s open at time t (Unix seconds)? */
int hours_open(const struct kconf *cfg, const struct kconf_service *s, int64_t t);

/*
 * When s next opens: t itself if it is open at t, else the start of its
 * next opening hours, skipping closed days; 0 if it does not open within
 * HOURS_LOOKAHEAD_DAYS.
 */
int64_t hours_next_opening(const struct kconf *cfg, const struct kconf_service *s, int64_t t);

/* When s first opens on the local calendar day of t; 0 = not that day.
 * A ticket issued before it waits from then (docs/reports.md). */
int64_t hours_first_opening(const struct kconf *cfg, const struct kconf_service *s, int64_t t);

/* The [calendar] closed entry that holds local day `day`, or NULL. */
const struct kconf_dates *hours_closed_on(const struct kconf *cfg, int64_t day);

/* The [calendar] open entry (a make-up working day) that holds day, or NULL. */
const struct kconf_dates *hours_makeup_on(const struct kconf *cfg, int64_t day);

/* The weekday of local day `day`: 0 = Sunday .. 6 = Saturday. */
int hours_weekday(int64_t day);

#endif
