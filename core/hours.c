/*
 * hours.c - opening hours by weekday and the station's calendar of closed
 * and make-up days (the rules are in hours.h).  Plain arithmetic on local
 * day numbers: no database, no clock of its own, so every caller passes
 * the time it means (a kiosk's injected clock, kioskctl --now, the server's
 * system clock) and tests can walk across Tết.
 */
#include "hours.h"
#include "kclock.h"

#include <stddef.h>

int hours_weekday(int64_t day)
{
	int w = (int)((day + 4) % 7); /* 1970-01-01 was a Thursday */
	return w < 0 ? w + 7 : w;
}

static const struct kconf_dates *find(const struct kconf_datelist *l, int64_t day)
{
	for (int i = 0; i < l->n; i++)
		if (day >= l->d[i].from && day <= l->d[i].to)
			return &l->d[i];
	return NULL;
}

const struct kconf_dates *hours_closed_on(const struct kconf *cfg, int64_t day)
{
	return cfg ? find(&cfg->calendar.closed, day) : NULL;
}

const struct kconf_dates *hours_makeup_on(const struct kconf *cfg, int64_t day)
{
	return cfg ? find(&cfg->calendar.open, day) : NULL;
}

/* The week's hours of s on weekday w. */
static int week_hours(const struct kconf_service *s, int w, const struct kconf_range **r)
{
	if (s->day_hours[w].line) {
		*r = s->day_hours[w].r;
		return s->day_hours[w].n;
	}
	*r = s->hours;
	return s->days & (1u << w) ? s->nhours : 0;
}

int hours_of_day(const struct kconf *cfg, const struct kconf_service *s, int64_t day,
		 const struct kconf_range **ranges)
{
	*ranges = s->hours;
	if (hours_closed_on(cfg, day))
		return 0;
	if (hours_makeup_on(cfg, day))
		for (int w = 1; w <= 5; w++) { /* Monday to Friday */
			int n = week_hours(s, w, ranges);
			if (n > 0)
				return n;
		}
	return week_hours(s, hours_weekday(day), ranges);
}

int hours_open(const struct kconf *cfg, const struct kconf_service *s, int64_t t)
{
	const struct kconf_range *r;
	struct klocal lt;

	kclock_local(t, &lt);
	int n = hours_of_day(cfg, s, kclock_day(t, 0), &r);
	for (int i = 0; i < n; i++)
		if (lt.minute_of_day >= r[i].from && lt.minute_of_day < r[i].to)
			return 1;
	return 0;
}

int64_t hours_next_opening(const struct kconf *cfg, const struct kconf_service *s, int64_t t)
{
	const struct kconf_range *r;
	struct klocal lt;

	kclock_local(t, &lt);
	int64_t midnight = t - (lt.minute_of_day * 60 + lt.second);
	int64_t day = kclock_day(t, 0);

	for (int d = 0; d <= HOURS_LOOKAHEAD_DAYS; d++) {
		int n = hours_of_day(cfg, s, day + d, &r);
		for (int i = 0; i < n; i++) {
			int64_t from = midnight + (int64_t)d * 86400 + r[i].from * 60;
			int64_t to = midnight + (int64_t)d * 86400 + r[i].to * 60;
			if (to > t)
				return from > t ? from : t;
		}
	}
	return 0;
}

int64_t hours_first_opening(const struct kconf *cfg, const struct kconf_service *s, int64_t t)
{
	const struct kconf_range *ranges;
	int64_t date = kclock_day(t, 0);
	if (!s || hours_of_day(cfg, s, date, &ranges) < 1)
		return 0;
	return date * 86400 - 7 * 3600 + (int64_t)ranges[0].from * 60;
}
