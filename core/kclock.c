/*
 * kclock.c - the system clock and fixed-offset Vietnam local time.
 *
 * Calendar arithmetic uses days-from-civil (proleptic Gregorian) so that no
 * call depends on TZ, the C library's locale or the tz database.
 */
#include "kclock.h"
#include "kerr.h"
#include "klog.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static int64_t system_now(void *ctx)
{
	struct timespec ts;
	(void)ctx;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec;
}

const struct kclock kclock_system = { system_now, NULL };

static int64_t shifted_now(void *ctx)
{
	const struct kclock_shift *s = ctx;
	char text[32] = "";
	long long offset = 0;
	FILE *f = fopen(s->path, "r");

	if (f) {
		if (fgets(text, sizeof(text), f) && sscanf(text, "%lld", &offset) != 1)
			offset = 0;
		fclose(f);
	}
	return system_now(NULL) + offset;
}

void kclock_shift_init(struct kclock *c, struct kclock_shift *s, const char *path)
{
	snprintf(s->path, sizeof(s->path), "%s", path);
	c->now = shifted_now;
	c->ctx = s;
}

#ifndef KIOSK_BUILD_TIME
#define KIOSK_BUILD_TIME 1764547200 /* 2025-12-01: CMake passes the real one */
#endif

int64_t kclock_build_time(void)
{
	return (int64_t)KIOSK_BUILD_TIME > KCLOCK_MIN_VALID ? (int64_t)KIOSK_BUILD_TIME
							     : KCLOCK_MIN_VALID;
}

int64_t kclock_min_valid(const struct kclock *c)
{
	return c->now == system_now ? kclock_build_time() : KCLOCK_MIN_VALID;
}

int kclock_watch(const struct kclock *c, int *unset)
{
	int64_t now = kclock_now(c), min = kclock_min_valid(c);
	char at[32], built[32];
	int bad = now < min;

	if (bad && !*unset) {
		kclock_iso(now, at, sizeof(at));
		kclock_iso(min, built, sizeof(built));
		klog(KLOG_ERR, "the %s clock reads %s, before %s (%.10s): "
		     "not issuing until it is set (NTP: systemd-timesyncd)",
		     c->now == system_now ? "system" : "injected", at,
		     c->now == system_now ? "this build" : "any date believed", built);
	} else if (!bad && *unset) {
		kclock_iso(now, at, sizeof(at));
		klog(KLOG_INFO, "the %s clock is set (%s): issuing again",
		     c->now == system_now ? "system" : "injected", at);
	}
	*unset = bad;
	return bad;
}

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

/* Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm). */
static int64_t days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	int64_t era = floor_div(y, 400);
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
	z += 719468;
	int64_t era = floor_div(z, 146097);
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

void kclock_local(int64_t t, struct klocal *out)
{
	int64_t lt = t + KCLOCK_VN_OFFSET;
	int64_t days = floor_div(lt, 86400);
	int64_t sod = lt - days * 86400;

	civil_from_days(days, &out->year, &out->month, &out->day);
	out->hour = (int)(sod / 3600);
	out->minute = (int)(sod / 60 % 60);
	out->second = (int)(sod % 60);
	out->minute_of_day = out->hour * 60 + out->minute;
	out->wday = (int)((days % 7 + 7 + 4) % 7); /* 1970-01-01 was a Thursday */
}

int64_t kclock_day(int64_t t, int rollover_min)
{
	return floor_div(t + KCLOCK_VN_OFFSET - (int64_t)rollover_min * 60, 86400);
}

void kclock_day_str(int64_t day, char *buf, unsigned len)
{
	int y, m, d;
	civil_from_days(day, &y, &m, &d);
	snprintf(buf, len, "%04d-%02d-%02d", y, m, d);
}

int kclock_parse_local(const char *s, int64_t *out)
{
	int y, mo, d, h, mi, sec = 0, n = 0;
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d%n", &y, &mo, &d, &h, &mi, &n) != 5)
		return K_ERR_INVALID;
	if (s[n] == ':') {
		int n2 = 0;
		if (sscanf(s + n, ":%2d%n", &sec, &n2) != 1)
			return K_ERR_INVALID;
		n += n2;
	}
	if (s[n] != '\0' || y < 1970 || mo < 1 || mo > 12 || d < 1 || h > 23 ||
	    h < 0 || mi < 0 || mi > 59 || sec < 0 || sec > 59)
		return K_ERR_INVALID;
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (d > mdays[mo - 1] || (mo == 2 && d == 29 && !leap))
		return K_ERR_INVALID;
	*out = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec -
	       KCLOCK_VN_OFFSET;
	return K_OK;
}

void kclock_iso(int64_t t, char *buf, unsigned len)
{
	struct klocal lt;
	kclock_local(t, &lt);
	snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02d+07:00", lt.year, lt.month, lt.day,
		 lt.hour, lt.minute, lt.second);
}

int kclock_parse_iso(const char *s, int64_t *out)
{
	char local[20];
	if (strlen(s) != 25 || strcmp(s + 19, "+07:00") != 0)
		return K_ERR_INVALID;
	memcpy(local, s, 19);
	local[19] = '\0';
	return kclock_parse_local(local, out);
}

void kclock_sleep_until(const struct timespec *t0, long ms)
{
	struct timespec at = *t0;
	at.tv_sec += ms / 1000;
	at.tv_nsec += (ms % 1000) * 1000000L;
	if (at.tv_nsec >= 1000000000L) {
		at.tv_sec++;
		at.tv_nsec -= 1000000000L;
	}
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &at, NULL) == EINTR)
		;
}
