/*
 * test_policy.c - every priority policy, directly and through the engine,
 * and the promise that no ticket starves under any of them.
 */
#include "testutil.h"
#include "kerr.h"
#include "queue_policy.h"

#include <stdio.h>
#include <string.h>

static struct kconf cfg;

static void set_policy(int policy)
{
	memset(&cfg, 0, sizeof(cfg));
	cfg.queue.policy = policy;
	cfg.queue.priority_burst = 2;
	cfg.queue.priority_bonus = 20;
	cfg.queue.max_wait = 60;
}

static struct queue_head H(int64_t id, int64_t queued_at)
{
	struct queue_head h = { 1, id, queued_at };
	return h;
}

static const struct queue_head none = { 0, 0, 0 };

static void nobody_waiting_picks_nothing(void **state)
{
	(void)state;
	int streak = 0;
	set_policy(KCONF_POLICY_STRICT);
	assert_int_equal(queue_policy_pick(&cfg, 1000, &none, &none, &streak), QUEUE_PICK_NONE);
}

static void strict_calls_priority_first(void **state)
{
	(void)state;
	int streak = 0;
	set_policy(KCONF_POLICY_STRICT);
	struct queue_head r = H(1, 0), p = H(2, 1000);
	for (int i = 0; i < 5; i++)
		assert_int_equal(queue_policy_pick(&cfg, 1200, &r, &p, &streak), QUEUE_PICK_PRIORITY);
	assert_int_equal(queue_policy_pick(&cfg, 1200, &r, &none, &streak), QUEUE_PICK_REGULAR);
}

static void a_ticket_past_max_wait_goes_first(void **state)
{
	(void)state;
	int streak = 0;
	set_policy(KCONF_POLICY_STRICT);
	struct queue_head r = H(1, 0), p = H(2, 100);
	assert_int_equal(queue_policy_pick(&cfg, 3599, &r, &p, &streak), QUEUE_PICK_PRIORITY);
	assert_int_equal(queue_policy_pick(&cfg, 3600, &r, &p, &streak), QUEUE_PICK_REGULAR);
	/* both overdue: the older first */
	struct queue_head p_old = H(3, -50);
	assert_int_equal(queue_policy_pick(&cfg, 7200, &r, &p_old, &streak), QUEUE_PICK_PRIORITY);
}

static void interleave_allows_a_burst_then_one_other(void **state)
{
	(void)state;
	int streak = 0;
	const char *want = "PPRPPRPPR";
	set_policy(KCONF_POLICY_INTERLEAVE);
	struct queue_head r = H(1, 0), p = H(2, 10);
	for (const char *w = want; *w; w++) {
		int pick = queue_policy_pick(&cfg, 100, &r, &p, &streak);
		assert_int_equal(pick, *w == 'P' ? QUEUE_PICK_PRIORITY : QUEUE_PICK_REGULAR);
	}
	/* priority called while nobody else waits does not count toward a burst */
	streak = 0;
	queue_policy_pick(&cfg, 100, &none, &p, &streak);
	queue_policy_pick(&cfg, 100, &none, &p, &streak);
	assert_int_equal(queue_policy_pick(&cfg, 100, &r, &p, &streak), QUEUE_PICK_PRIORITY);
}

static void weighted_credits_priority_with_minutes(void **state)
{
	(void)state;
	int streak = 0;
	set_policy(KCONF_POLICY_WEIGHTED);
	/* regular waited 25 min, priority 10 min + 20 bonus = 30: priority */
	struct queue_head r = H(1, 0), p = H(2, 15 * 60);
	assert_int_equal(queue_policy_pick(&cfg, 25 * 60, &r, &p, &streak), QUEUE_PICK_PRIORITY);
	/* priority waited 2 min + 20 = 22 < regular's 25: regular */
	p = H(2, 23 * 60);
	assert_int_equal(queue_policy_pick(&cfg, 25 * 60, &r, &p, &streak), QUEUE_PICK_REGULAR);
	/* a tie goes to the older ticket */
	p = H(2, 20 * 60);
	assert_int_equal(queue_policy_pick(&cfg, 20 * 60, &r, &p, &streak), QUEUE_PICK_REGULAR);
}

/*
 * Through the engine: one regular citizen, then a priority citizen arriving
 * every minute and a counter calling every minute.  The regular citizen must
 * be called within max_wait (30) minutes, whatever the policy.
 */
static void run_starvation(const char *policy_lines)
{
	struct queue_ticket t, regular;
	struct tfix *f = tfix_new(policy_lines, "2026-11-28T08:00");
	int called_at = -1;

	assert_int_equal(queue_issue(f->q, "A", 0, QUEUE_WALKIN, NULL, &regular), 0);
	for (int minute = 1; minute <= 120 && called_at < 0; minute++) {
		f->now += 60;
		tissue(f, "A", 1);
		tissue(f, "A", 1);
		assert_int_equal(queue_call_next(f->q, 1, &t), 0);
		if (t.id == regular.id)
			called_at = minute;
	}
	if (called_at < 0 || called_at > 30)
		fail_msg("policy '%s': the regular ticket was called at minute %d", policy_lines,
			 called_at);
	tfix_free(f);
}

static void no_ticket_starves_under_any_policy(void **state)
{
	(void)state;
	run_starvation("policy = strict\nmax_wait = 30");
	run_starvation("policy = interleave\npriority_burst = 20\nmax_wait = 30");
	run_starvation("policy = weighted\npriority_bonus = 240\nmax_wait = 30");
}

static void strict_through_the_engine_is_fifo_within_a_class(void **state)
{
	(void)state;
	struct queue_ticket t;
	struct tfix *f = tfix_new("policy = strict", "2026-11-28T08:00");
	const char *want[] = { "A003", "A005", "A001", "A002", "A004" };
	tissue(f, "A", 0);
	tissue(f, "A", 0);
	f->now += 60;
	tissue(f, "A", 1);
	tissue(f, "A", 0);
	tissue(f, "A", 1);
	for (int i = 0; i < 5; i++) {
		assert_int_equal(queue_call_next(f->q, 2, &t), 0);
		assert_string_equal(t.number, want[i]);
	}
	tfix_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(nobody_waiting_picks_nothing),
		cmocka_unit_test(strict_calls_priority_first),
		cmocka_unit_test(a_ticket_past_max_wait_goes_first),
		cmocka_unit_test(interleave_allows_a_burst_then_one_other),
		cmocka_unit_test(weighted_credits_priority_with_minutes),
		cmocka_unit_test(no_ticket_starves_under_any_policy),
		cmocka_unit_test(strict_through_the_engine_is_fifo_within_a_class),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
