/*
 * test_counters.c - what staff do at a counter: call, recall, start, finish,
 * no-show (both policies), transfer keeping the citizen's place, close, and
 * the status the lobby and the server read.
 */
#include "testutil.h"
#include "kerr.h"

#include <string.h>

#define T0 "2026-11-28T08:00"

static void a_counter_calls_only_its_services(void **state)
{
	(void)state;
	struct queue_ticket t;
	struct tfix *f = tfix_new("", T0);
	assert_int_equal(queue_call_next(f->q, 3, &t), K_ERR_EMPTY);
	tissue(f, "A", 0);
	assert_int_equal(queue_call_next(f->q, 3, &t), K_ERR_EMPTY); /* 3 serves only B */
	tissue(f, "B", 0);
	assert_int_equal(queue_call_next(f->q, 3, &t), 0);
	assert_string_equal(t.number, "B001");
	assert_int_equal(t.counter, 3);
	assert_int_equal(t.state, QUEUE_CALLED);
	assert_int_equal(queue_call_next(f->q, 9, &t), K_ERR_NOT_FOUND);
	tfix_free(f);
}

static void calling_next_finishes_the_current_citizen(void **state)
{
	(void)state;
	struct queue_ticket t, first;
	struct tfix *f = tfix_new("", T0);
	tissue(f, "A", 0);
	tissue(f, "A", 0);
	assert_int_equal(queue_call_next(f->q, 1, &first), 0);
	f->now += 300;
	assert_int_equal(queue_call_next(f->q, 1, &t), 0);
	assert_string_equal(t.number, "A002");
	assert_int_equal(queue_find(f->q, "A001", &first), 0);
	assert_int_equal(first.state, QUEUE_DONE);
	tfix_free(f);
}

static void recall_start_finish_follow_the_citizen(void **state)
{
	(void)state;
	struct queue_ticket t;
	struct tfix *f = tfix_new("", T0);
	tissue(f, "A", 0);
	assert_int_equal(queue_recall(f->q, 1, &t), K_ERR_STATE); /* nobody called yet */
	assert_int_equal(queue_call_next(f->q, 1, &t), 0);
	assert_int_equal(queue_recall(f->q, 1, &t), 0);
	assert_int_equal(queue_recall(f->q, 1, &t), 0);
	assert_int_equal(t.recalls, 2);
	assert_string_equal(t.number, "A001");
	assert_int_equal(queue_start(f->q, 1, &t), 0);
	assert_int_equal(t.state, QUEUE_SERVING);
	assert_int_equal(queue_recall(f->q, 1, &t), K_ERR_STATE); /* already here */
	assert_int_equal(queue_noshow(f->q, 1, &t), K_ERR_STATE);
	assert_int_equal(queue_finish(f->q, 1, &t), 0);
	assert_int_equal(t.state, QUEUE_DONE);
	assert_int_equal(queue_finish(f->q, 1, &t), K_ERR_STATE);
	tfix_free(f);
}

static void a_noshow_is_requeued_once_then_gone(void **state)
{
	(void)state;
	struct queue_ticket t;
	struct tfix *f = tfix_new("noshow = requeue", T0);
	tissue(f, "A", 0);
	tissue(f, "A", 0);
	assert_int_equal(queue_call_next(f->q, 1, &t), 0);
	assert_string_equal(t.number, "A001");
	f->now += 60;
	assert_int_equal(queue_noshow(f->q, 1, &t), 0);
	assert_int_equal(t.state, QUEUE_WAITING);
	/* back at the end: A002 first, then A001 again */
	assert_int_equal(queue_call_next(f->q, 1, &t), 0);
	assert_string_equal(t.number, "A002");
	assert_int_equal(queue_call_next(f->q, 1, &t), 0);
	assert_string_equal(t.number, "A001");
	assert_int_equal(queue_noshow(f->q, 1, &t), 0);
	assert_int_equal(t.state, QUEUE_NOSHOW);
	assert_int_equal(queue_call_next(f->q, 1, &t), K_ERR_EMPTY);
	tfix_free(f);
}

static void a_noshow_is_dropped_when_configured(void **state)
{
	(void)state;
	struct queue_ticket t;
	struct tfix *f = tfix_new("noshow = drop", T0);
	tissue(f, "A", 0);
	assert_int_equal(queue_call_next(f->q, 1, &t), 0);
	assert_int_equal(queue_noshow(f->q, 1, &t), 0);
	assert_int_equal(t.state, QUEUE_NOSHOW);
	assert_int_equal(queue_call_next(f->q, 1, &t), K_ERR_EMPTY);
	tfix_free(f);
}

static void a_transfer_keeps_the_place_earned_by_issue_time(void **state)
{
	(void)state;
	struct queue_ticket t;
	struct tfix *f = tfix_new("", T0);
	tissue(f, "A", 0);           /* 08:00 */
	f->now += 10 * 60;
	tissue(f, "B", 0);           /* 08:10 */
	f->now += 10 * 60;
	assert_int_equal(queue_call_next(f->q, 1, &t), 0); /* A001, the oldest */
	assert_string_equal(t.number, "A001");
	f->now += 10 * 60;
	assert_int_equal(queue_transfer(f->q, 1, "B", &t), 0);
	assert_string_equal(t.number, "A001"); /* the slip in hand stays valid */
	assert_string_equal(t.service, "B");
	assert_int_equal(t.state, QUEUE_WAITING);
	/* counter 3 serves only B: the transferred citizen (08:00) before B001 (08:10) */
	assert_int_equal(queue_call_next(f->q, 3, &t), 0);
	assert_string_equal(t.number, "A001");
	assert_int_equal(queue_call_next(f->q, 3, &t), 0);
	assert_string_equal(t.number, "B001");
	assert_int_equal(queue_transfer(f->q, 3, "B", &t), K_ERR_INVALID); /* same service */
	assert_int_equal(queue_transfer(f->q, 3, "NOPE", &t), K_ERR_NOT_FOUND);
	assert_int_equal(queue_transfer(f->q, 1, "A", &t), K_ERR_STATE); /* nobody at 1 */
	tfix_free(f);
}

static void status_shows_waiting_and_serving(void **state)
{
	(void)state;
	struct queue_status st;
	struct queue_ticket t;
	struct tfix *f = tfix_new("", T0);
	tissue(f, "A", 0);
	tissue(f, "A", 1);
	tissue(f, "B", 0);
	assert_int_equal(queue_call_next(f->q, 2, &t), 0);
	assert_int_equal(queue_status(f->q, &st), 0);
	assert_int_equal(st.nservices, 2);
	assert_string_equal(st.services[0].code, "A");
	assert_int_equal(st.services[0].issued, 2);
	assert_int_equal(st.services[0].waiting, 1);
	assert_int_equal(st.services[0].waiting_priority, 0);
	assert_int_equal(st.services[1].waiting, 1);
	assert_int_equal(st.ncounters, 3);
	assert_int_equal(st.counters[1].id, 2);
	assert_int_equal(st.counters[1].open, 1);
	assert_string_equal(st.counters[1].number, "A002");
	assert_int_equal(st.counters[0].open, 0);
	assert_int_equal(queue_counter_close(f->q, 2), 0);
	assert_int_equal(queue_status(f->q, &st), 0);
	assert_int_equal(st.counters[1].open, 0);
	assert_string_equal(st.counters[1].number, "");
	assert_int_equal(queue_find(f->q, "A002", &t), 0);
	assert_int_equal(t.state, QUEUE_DONE);
	/* the next day nothing of today is shown */
	f->now = tlocal("2026-11-29T08:00");
	assert_int_equal(queue_status(f->q, &st), 0);
	assert_int_equal(st.services[0].waiting, 0);
	assert_int_equal(st.services[1].issued, 0);
	tfix_free(f);
}

static void every_change_is_numbered_for_those_who_follow(void **state)
{
	(void)state;
	struct queue_change c[16];
	struct queue_ticket t;
	int64_t last = -1;
	struct tfix *f = tfix_new("", T0);
	assert_int_equal(queue_changes(f->q, 0, c, 16, &last), 0);
	assert_int_equal(last, 0);
	tissue(f, "A", 0);
	assert_int_equal(queue_call_next(f->q, 1, &t), 0);
	assert_int_equal(queue_recall(f->q, 1, &t), 0);
	assert_int_equal(queue_finish(f->q, 1, &t), 0);
	assert_int_equal(queue_call_next(f->q, 1, &t), K_ERR_EMPTY); /* nothing to note */
	assert_int_equal(queue_counter_close(f->q, 1), 0);
	int n = queue_changes(f->q, 0, c, 16, &last);
	static const char *want[] = { "issued", "called", "recalled", "done", "closed" };
	assert_int_equal(n, 5);
	assert_int_equal(last, c[4].seq);
	for (int i = 0; i < n; i++) {
		assert_string_equal(c[i].kind, want[i]);
		assert_int_equal(c[i].seq, i + 1);
	}
	assert_string_equal(c[1].number, "A001");
	assert_int_equal(c[1].counter, 1);
	assert_string_equal(c[4].number, "");
	/* only what is new */
	assert_int_equal(queue_changes(f->q, 3, c, 16, &last), 2);
	assert_string_equal(c[0].kind, "done");
	tfix_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_counter_calls_only_its_services),
		cmocka_unit_test(calling_next_finishes_the_current_citizen),
		cmocka_unit_test(recall_start_finish_follow_the_citizen),
		cmocka_unit_test(a_noshow_is_requeued_once_then_gone),
		cmocka_unit_test(a_noshow_is_dropped_when_configured),
		cmocka_unit_test(a_transfer_keeps_the_place_earned_by_issue_time),
		cmocka_unit_test(status_shows_waiting_and_serving),
		cmocka_unit_test(every_change_is_numbered_for_those_who_follow),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
