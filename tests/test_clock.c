/*
 * test_clock.c - Vietnam local time without the tz database, day numbers
 * with a rollover hour, and parsing of local times.
 */
#include "testutil.h"
#include "kclock.h"

#include <stdlib.h>

static void local_time_is_utc_plus_7(void **state)
{
	struct klocal lt;
	(void)state;
	setenv("TZ", "America/New_York", 1); /* must not matter */
	kclock_local(0, &lt);
	assert_int_equal(lt.year, 1970);
	assert_int_equal(lt.hour, 7);
	assert_int_equal(lt.wday, 4); /* Thursday */
	kclock_local(1795842000, &lt); /* 2026-11-28T05:00Z */
	assert_int_equal(lt.year, 2026);
	assert_int_equal(lt.month, 11);
	assert_int_equal(lt.day, 28);
	assert_int_equal(lt.hour, 12);
	assert_int_equal(lt.wday, 6); /* Saturday */
	assert_int_equal(lt.minute_of_day, 12 * 60);
}

static void parse_round_trips(void **state)
{
	int64_t t;
	struct klocal lt;
	(void)state;
	assert_int_equal(kclock_parse_local("2026-11-28T12:00", &t), 0);
	assert_int_equal(t, 1795842000);
	assert_int_equal(kclock_parse_local("2024-02-29T23:59:59", &t), 0);
	kclock_local(t, &lt);
	assert_int_equal(lt.month, 2);
	assert_int_equal(lt.day, 29);
	assert_int_equal(lt.second, 59);
}

static void parse_refuses_impossible_times(void **state)
{
	int64_t t;
	(void)state;
	const char *bad[] = { "2025-02-29T10:00", "2026-02-30T10:00", "2026-13-01T10:00",
			      "2026-11-28T24:00", "2026-11-28T10:60", "2026-11-28 10:00",
			      "2026-11-28T10:00Z", "", "yesterday", "2026-04-31T08:00" };
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_not_equal(kclock_parse_local(bad[i], &t), 0);
}

static void day_rolls_over_at_the_configured_minute(void **state)
{
	char buf[16];
	(void)state;
	int64_t before = tlocal("2026-11-28T23:59"), after = tlocal("2026-11-29T00:00");
	assert_int_equal(kclock_day(after, 0), kclock_day(before, 0) + 1);
	/* with the day starting at 02:00, 01:30 still belongs to the day before */
	assert_int_equal(kclock_day(tlocal("2026-11-29T01:30"), 120), kclock_day(before, 120));
	assert_int_equal(kclock_day(tlocal("2026-11-29T02:00"), 120), kclock_day(before, 120) + 1);
	kclock_day_str(kclock_day(before, 0), buf, sizeof(buf));
	assert_string_equal(buf, "2026-11-28");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(local_time_is_utc_plus_7),
		cmocka_unit_test(parse_round_trips),
		cmocka_unit_test(parse_refuses_impossible_times),
		cmocka_unit_test(day_rolls_over_at_the_configured_minute),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
