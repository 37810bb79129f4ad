/*
 * test_hours.c - opening hours per weekday and the station's calendar
 * (core/hours.c) through the queue that issues by them: a closed day, a
 * make-up Saturday, Saturday afternoon when hours.sat is the morning only,
 * midnight before a holiday, the next opening after a 9-day Tết and a year
 * ahead; and the keys' parse and reject cases, each naming its line.
 */
#include "testutil.h"
#include "hours.h"
#include "kerr.h"

#include <stdio.h>
#include <string.h>

#define STATION "[station]\nid = ST\nname_vi = Công an phường Thử\n[queue]\nsync = normal\n"

/* The shipped shape: weekdays all day, Saturday morning only, and the 2027
 * holidays; 2027-02-20 (a Saturday) is a make-up working day. */
static const char week_conf[] =
	STATION
	"[calendar]\n"
	"closed = 2027-01-01, 2027-02-05..2027-02-13, 2027-04-16, 2027-04-30\n"
	"closed = 2027-05-01, 2027-05-03, 2027-09-02, 2027-09-03\n"
	"open = 2027-02-20\n"
	"[service.CAPMOI]\nprefix = A\nname_vi = A\nhours = 07:30-11:30, 13:30-17:00\n"
	"days = mon-fri\nhours.sat = 07:30-11:30\n"
	"[service.TRATHE]\nprefix = I\nname_vi = I\nhours = 07:30-11:30, 13:30-17:00\n"
	"hours.sat = 07:30-11:30\n"
	"[service.WEEKEND]\nprefix = W\nname_vi = W\nhours = 08:00-12:00\ndays = sat-sun\n";

static int issue(struct tfix *f, const char *service, const char *at)
{
	struct queue_ticket t;
	f->now = tlocal(at);
	return queue_issue(f->q, service, 0, QUEUE_WALKIN, NULL, &t);
}

static const struct kconf_service *svc(struct tfix *f, const char *code)
{
	const struct kconf_service *s = kconf_service(&f->cfg, code);
	assert_non_null(s);
	return s;
}

static void a_closed_day_refuses_walk_ins_not_staff(void **state)
{
	(void)state;
	struct queue_ticket t;
	struct tfix *f = tfix_new_text(week_conf, "2027-04-29T09:00"); /* a Thursday */
	assert_int_equal(issue(f, "CAPMOI", "2027-04-29T09:00"), 0);
	assert_int_equal(issue(f, "CAPMOI", "2027-04-30T09:00"), K_ERR_CLOSED); /* 30/4, a Friday */
	assert_int_equal(issue(f, "TRATHE", "2027-04-30T09:00"), K_ERR_CLOSED);
	assert_int_equal(issue(f, "CAPMOI", "2027-05-01T09:00"), K_ERR_CLOSED); /* 1/5, a Saturday */
	assert_int_equal(issue(f, "WEEKEND", "2027-05-01T09:00"), K_ERR_CLOSED);
	assert_int_equal(issue(f, "WEEKEND", "2027-05-02T09:00"), 0); /* Sunday is no holiday */
	assert_int_equal(issue(f, "CAPMOI", "2027-05-03T09:00"), K_ERR_CLOSED); /* the day off for 1/5 */
	/* 30/4 to 3/5 in one: Tuesday 4/5 */
	assert_int_equal(hours_next_opening(&f->cfg, svc(f, "CAPMOI"), tlocal("2027-04-30T09:00")),
			 tlocal("2027-05-04T07:30"));
	/* staff may still issue (a citizen let in by the officer on duty) */
	f->now = tlocal("2027-04-30T09:00");
	assert_int_equal(queue_issue(f->q, "CAPMOI", 0, QUEUE_STAFF, NULL, &t), 0);
	tfix_free(f);
}

static void saturday_is_the_morning_only_and_trathe_opens_with_the_issuing(void **state)
{
	(void)state;
	struct tfix *f = tfix_new_text(week_conf, "2027-03-06T09:00"); /* a Saturday */
	assert_int_equal(issue(f, "CAPMOI", "2027-03-06T07:29"), K_ERR_CLOSED);
	assert_int_equal(issue(f, "CAPMOI", "2027-03-06T07:30"), 0);
	assert_int_equal(issue(f, "TRATHE", "2027-03-06T09:00"), 0); /* collecting a card */
	assert_int_equal(issue(f, "CAPMOI", "2027-03-06T11:29"), 0);
	assert_int_equal(issue(f, "CAPMOI", "2027-03-06T11:30"), K_ERR_CLOSED);
	assert_int_equal(issue(f, "CAPMOI", "2027-03-06T14:00"), K_ERR_CLOSED); /* afternoon */
	assert_int_equal(issue(f, "TRATHE", "2027-03-06T14:00"), K_ERR_CLOSED);
	/* no afternoon on Saturday, none on Sunday: Monday morning */
	assert_int_equal(hours_next_opening(&f->cfg, svc(f, "CAPMOI"), tlocal("2027-03-06T14:00")),
			 tlocal("2027-03-08T07:30"));
	assert_int_equal(issue(f, "CAPMOI", "2027-03-08T14:00"), 0); /* a weekday afternoon */
	tfix_free(f);
}

static void a_make_up_saturday_is_a_whole_weekday(void **state)
{
	(void)state;
	struct tfix *f = tfix_new_text(week_conf, "2027-02-20T09:00");
	assert_int_equal(issue(f, "CAPMOI", "2027-02-20T09:00"), 0);
	assert_int_equal(issue(f, "CAPMOI", "2027-02-20T14:00"), 0); /* weekday hours: afternoon too */
	assert_int_equal(issue(f, "TRATHE", "2027-02-20T16:59"), 0);
	assert_int_equal(issue(f, "CAPMOI", "2027-02-20T17:00"), K_ERR_CLOSED);
	/* a service with no weekday keeps its own Saturday */
	assert_int_equal(issue(f, "WEEKEND", "2027-02-20T11:00"), 0);
	assert_int_equal(issue(f, "WEEKEND", "2027-02-20T14:00"), K_ERR_CLOSED);
	/* the next Saturday is an ordinary one again */
	assert_int_equal(issue(f, "CAPMOI", "2027-02-27T14:00"), K_ERR_CLOSED);
	tfix_free(f);
}

static void midnight_before_a_holiday_closes_it(void **state)
{
	(void)state;
	struct tfix *f = tfix_new_text(week_conf, "2027-02-04T16:59"); /* Thursday before Tết */
	assert_int_equal(issue(f, "CAPMOI", "2027-02-04T16:59"), 0);
	assert_int_equal(issue(f, "CAPMOI", "2027-02-04T17:00"), K_ERR_CLOSED);
	assert_int_equal(issue(f, "CAPMOI", "2027-02-05T00:01"), K_ERR_CLOSED);
	assert_int_equal(issue(f, "CAPMOI", "2027-02-05T07:30"), K_ERR_CLOSED);
	assert_true(hours_open(&f->cfg, svc(f, "CAPMOI"), tlocal("2027-02-04T16:59:59")));
	assert_false(hours_open(&f->cfg, svc(f, "CAPMOI"), tlocal("2027-02-05T09:00")));
	tfix_free(f);
}

static void the_next_opening_skips_a_nine_day_tet(void **state)
{
	(void)state;
	struct tfix *f = tfix_new_text(week_conf, "2027-02-08T09:00");
	const struct kconf_service *s = svc(f, "CAPMOI");
	/* Tết 5..13/2, then a Sunday: Monday 15/2 at its first hour */
	assert_int_equal(hours_next_opening(&f->cfg, s, tlocal("2027-02-04T17:00")),
			 tlocal("2027-02-15T07:30"));
	assert_int_equal(hours_next_opening(&f->cfg, s, tlocal("2027-02-08T09:00")),
			 tlocal("2027-02-15T07:30"));
	assert_int_equal(hours_next_opening(&f->cfg, s, tlocal("2027-02-13T10:00")),
			 tlocal("2027-02-15T07:30"));
	/* open now: now */
	assert_int_equal(hours_next_opening(&f->cfg, s, tlocal("2027-02-15T08:00")),
			 tlocal("2027-02-15T08:00"));
	/* the weekend service: Tết takes Saturday 6, 13 and Sunday 7; Sunday 14 */
	assert_int_equal(hours_next_opening(&f->cfg, svc(f, "WEEKEND"), tlocal("2027-02-05T09:00")),
			 tlocal("2027-02-14T08:00"));
	/* the week alone (no calendar) would open on the Friday */
	assert_int_equal(hours_next_opening(NULL, s, tlocal("2027-02-04T17:00")),
			 tlocal("2027-02-05T07:30"));
	tfix_free(f);
}

static void the_next_opening_looks_a_year_ahead(void **state)
{
	(void)state;
	static struct kconf cfg;
	static struct kconf_errors errs;
	const char *year = STATION "[calendar]\nclosed = 2027-01-01..2027-12-31\n"
			   "[service.A]\nprefix = A\nname_vi = A\n";
	const char *more = STATION "[calendar]\nclosed = 2027-01-01..2028-03-31\n"
			   "[service.A]\nprefix = A\nname_vi = A\n";
	assert_int_equal(tconf(&cfg, &errs, year), 0);
	assert_int_equal(hours_next_opening(&cfg, &cfg.services[0], tlocal("2027-01-01T09:00")),
			 tlocal("2028-01-03T07:30")); /* the first Monday of 2028 */
	assert_int_equal(tconf(&cfg, &errs, more), 0);
	assert_int_equal(hours_next_opening(&cfg, &cfg.services[0], tlocal("2027-01-01T09:00")), 0);
}

static void the_week_comes_from_hours_days_and_each_day(void **state)
{
	(void)state;
	static struct kconf cfg;
	static struct kconf_errors errs;
	const struct kconf_range *r;
	const char *text = STATION "[service.A]\nprefix = A\nname_vi = A\n"
			   "hours = 07:30-11:30, 13:30-17:00\ndays = mon-sat\n"
			   "hours.sat = 07:30-11:30\nhours.wed =\nhours.sun = 08:00-10:00, 14:00-16:00\n"
			   "[service.B]\nprefix = B\nname_vi = B\n";
	assert_int_equal(tconf(&cfg, &errs, text), 0);
	const struct kconf_service *a = &cfg.services[0], *b = &cfg.services[1];
	int64_t mon = kclock_day(tlocal("2027-03-01T12:00"), 0);
	assert_int_equal(hours_weekday(mon), 1);
	assert_int_equal(hours_of_day(&cfg, a, mon, &r), 2);
	assert_int_equal(r[1].to, 17 * 60);
	assert_int_equal(hours_of_day(&cfg, a, mon + 2, &r), 0); /* hours.wed = : closed */
	assert_int_equal(hours_of_day(&cfg, a, mon + 5, &r), 1); /* Saturday morning */
	assert_int_equal(r[0].to, 11 * 60 + 30);
	assert_int_equal(hours_of_day(&cfg, a, mon + 6, &r), 2); /* hours.sun opens a day */
	assert_int_equal(r[0].from, 8 * 60);
	/* defaults, as files without hours.<day> have always read */
	assert_int_equal(hours_of_day(&cfg, b, mon + 4, &r), 2);
	assert_int_equal(hours_of_day(&cfg, b, mon + 5, &r), 0);
	assert_int_equal(cfg.calendar.closed.n, 0);
}

static void a_long_calendar_line_and_repeated_lines_are_read(void **state)
{
	(void)state;
	static struct kconf cfg;
	static struct kconf_errors errs;
	static char text[4096];
	char line[1100] = "closed = ";
	/* 40 entries on one line, 20 of them ranges: about 730 bytes */
	for (int i = 0; i < 40; i++) {
		char e[32];
		if (i % 2)
			snprintf(e, sizeof(e), "%s2028-%02d-%02d..2028-%02d-%02d", i ? ", " : "",
				 i / 4 + 1, 10, i / 4 + 1, 12);
		else
			snprintf(e, sizeof(e), "%s2028-%02d-%02d", i ? ", " : "", i / 4 + 1, 1 + i % 4);
		strcat(line, e);
	}
	snprintf(text, sizeof(text), STATION "[calendar]\n%s\nclosed = 2029-01-01\n"
		 "open = 2028-01-08, 2028-02-19\n[service.A]\nprefix = A\nname_vi = A\n", line);
	if (tconf(&cfg, &errs, text) < 0) {
		kconf_errors_print(&errs, stderr);
		fail();
	}
	assert_int_equal(cfg.calendar.closed.n, 41);
	assert_int_equal(cfg.calendar.closed.d[40].line, 8);
	assert_int_equal(cfg.calendar.open.n, 2);
	assert_non_null(hours_closed_on(&cfg, kclock_day(tlocal("2028-03-11T12:00"), 0)));
	assert_null(hours_closed_on(&cfg, kclock_day(tlocal("2028-03-13T12:00"), 0)));
	assert_non_null(hours_makeup_on(&cfg, kclock_day(tlocal("2028-02-19T12:00"), 0)));
}

struct bad_case {
	const char *text;
	const char *needle;
};

static void mistakes_in_hours_and_the_calendar_name_their_line(void **state)
{
	(void)state;
	static struct kconf cfg;
	static struct kconf_errors errs;
#define SVC "[service.A]\nprefix = A\nname_vi = A\n" /* lines 6-9 */
	static const struct bad_case cases[] = {
		{ STATION SVC "hours.sat = 11:30-07:30\n", "test.conf:9: [service.A] hours.sat" },
		{ STATION SVC "hours.sat = 07:30-11:30, 07:00-08:00\n", "closed that day) or up to" },
		{ STATION SVC "hours.sat = 7:30-11:30\n", "HH:MM-HH:MM" },
		{ STATION SVC "hours.saturday = 07:30-11:30\n", "test.conf:9: [service.A] hours.saturday: "
								 "the day is one of" },
		{ STATION SVC "hours.sat = 07:30-11:30\nhours.sat =\n", "test.conf:10: [service.A] "
									"hours.sat is set twice (first at line 9)" },
		{ STATION SVC "days = sat\nhours.sat =\n", "[service.A] has no opening days" },
		{ STATION "[calendar]\nclosed = 2027-02-30\n" SVC, "test.conf:7: [calendar] closed has "
								  "'2027-02-30', not a date" },
		{ STATION "[calendar]\nclosed = 2027-1-01\n" SVC, "not a date YYYY-MM-DD" },
		{ STATION "[calendar]\nclosed = 2027-02-05...2027-02-13\n" SVC, "not a date" },
		{ STATION "[calendar]\nclosed = 2027-02-13..2027-02-05\n" SVC, "test.conf:7: [calendar] "
								       "closed has the range '2027-02-13..2027-02-05' ending before" },
		{ STATION "[calendar]\nclosed = 2027-01-01,\n" SVC, "test.conf:7: [calendar] closed" },
		{ STATION "[calendar]\nopen = tomorrow\n" SVC, "test.conf:7: [calendar] open has 'tomorrow'" },
		{ STATION "[calendar]\nclosed = 2027-02-05..2027-02-13\nopen = 2027-01-09, 2027-02-13\n" SVC,
		  "test.conf:8: [calendar] 2027-02-13 is both open (a make-up working day) and closed "
		  "(line 7)" },
		{ STATION "[calendar]\nholidays = 2027-01-01\n" SVC, "unknown key 'holidays' in [calendar]" },
		{ STATION "[calendar]\n[calendar]\n" SVC, "section [calendar] appears twice" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int r = tconf(&cfg, &errs, cases[i].text);
		if (r != K_ERR_CONFIG || !terr_has(&errs, cases[i].needle)) {
			kconf_errors_print(&errs, stderr);
			fail_msg("case %zu: wanted an error with '%s'", i, cases[i].needle);
		}
	}
	/* more than the table holds: the line says so */
	static char text[8192];
	char *p = text + snprintf(text, sizeof(text), STATION "[calendar]\n");
	for (int i = 0; i < KCONF_MAX_DATES / 8 + 1; i++)
		p += sprintf(p, "closed = 2030-%02d-01, 2030-%02d-02, 2030-%02d-03, 2030-%02d-04, "
			     "2030-%02d-05, 2030-%02d-06, 2030-%02d-07, 2030-%02d-08\n", i % 12 + 1,
			     i % 12 + 1, i % 12 + 1, i % 12 + 1, i % 12 + 1, i % 12 + 1, i % 12 + 1,
			     i % 12 + 1);
	snprintf(p, sizeof(text) - (size_t)(p - text), SVC);
	assert_int_equal(tconf(&cfg, &errs, text), K_ERR_CONFIG);
	assert_true(terr_has(&errs, "more than 96 entries"));
#undef SVC
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_closed_day_refuses_walk_ins_not_staff),
		cmocka_unit_test(saturday_is_the_morning_only_and_trathe_opens_with_the_issuing),
		cmocka_unit_test(a_make_up_saturday_is_a_whole_weekday),
		cmocka_unit_test(midnight_before_a_holiday_closes_it),
		cmocka_unit_test(the_next_opening_skips_a_nine_day_tet),
		cmocka_unit_test(the_next_opening_looks_a_year_ahead),
		cmocka_unit_test(the_week_comes_from_hours_days_and_each_day),
		cmocka_unit_test(a_long_calendar_line_and_repeated_lines_are_read),
		cmocka_unit_test(mistakes_in_hours_and_the_calendar_name_their_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
