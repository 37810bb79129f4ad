/*
 * report_calendar.c - the report's calendar (core/report_private.h): day
 * numbers (days since 1970-01-01, kclock_day()'s) and civil dates, ISO
 * weekdays and weeks, and the keys of the report's periods.  Shared by the
 * report's rows (core/report.c) and its ratings (core/report_rating.c).
 */
#include "report_private.h"
#include "kclock.h"

#include <stdio.h>

int64_t report_civil_day(int y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The civil date of a day number. */
static void civil(int64_t day, int *y, int *m, int *d)
{
	char s[16];
	kclock_day_str(day, s, sizeof(s));
	if (sscanf(s, "%d-%d-%d", y, m, d) != 3)
		*y = 1970, *m = 1, *d = 1;
}

int report_weekday(int64_t day)
{
	int w = (int)(((day + 4) % 7 + 7) % 7); /* 1970-01-01 was a Thursday; 0 = Sunday */
	return w ? w : 7;
}

void report_period_key(int64_t day, int group, char key[REPORT_KEY])
{
	int y, m, d;
	if (group == REPORT_GROUP_WEEK) {
		int64_t thursday = day - report_weekday(day) + 4; /* its ISO week's year */
		civil(thursday, &y, &m, &d);
		int week = (int)((thursday - report_civil_day(y, 1, 1)) / 7) + 1;
		snprintf(key, REPORT_KEY, "%04d-W%02d", y, week);
		return;
	}
	civil(day, &y, &m, &d);
	if (group == REPORT_GROUP_MONTH)
		snprintf(key, REPORT_KEY, "%04d-%02d", y, m);
	else
		snprintf(key, REPORT_KEY, "%04d-%02d-%02d", y, m, d);
}
