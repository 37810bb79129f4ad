/*
 * test_kthread.c - the thread kit (core/kthread.h): a stop wakes a thread
 * from a long wait at once, a full job ring refuses (back-pressure) and
 * coalesces, the backoff doubles to its cap, and a thread that stops
 * ticking is reported while one waiting in the kit is not.  Every step
 * waits for an event (a flag under a lock, a join), never for a sleep.
 */
#include "testutil.h"
#include "kerr.h"
#include "kthread.h"

#include <pthread.h>
#include <sched.h>
#include <string.h>

/* A gate the test opens, and a flag the thread raises: both under one lock. */
static pthread_mutex_t gate_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gate_cond = PTHREAD_COND_INITIALIZER;
static int gate_open, arrived;

static void gate_reset(void)
{
	pthread_mutex_lock(&gate_lock);
	gate_open = 0;
	arrived = 0;
	pthread_mutex_unlock(&gate_lock);
}

/* In a thread: say it arrived, then wait until the gate opens. */
static void gate_pass(void)
{
	pthread_mutex_lock(&gate_lock);
	arrived++;
	pthread_cond_broadcast(&gate_cond);
	while (!gate_open)
		pthread_cond_wait(&gate_cond, &gate_lock);
	pthread_mutex_unlock(&gate_lock);
}

static void gate_wait_arrived(int n)
{
	pthread_mutex_lock(&gate_lock);
	while (arrived < n)
		pthread_cond_wait(&gate_cond, &gate_lock);
	pthread_mutex_unlock(&gate_lock);
}

static void gate_release(void)
{
	pthread_mutex_lock(&gate_lock);
	gate_open = 1;
	pthread_cond_broadcast(&gate_cond);
	pthread_mutex_unlock(&gate_lock);
}

/* ---- stop ---- */

struct sleeper {
	int in_wait;     /* under the thread's lock */
	int woke_stopping;
	int done;        /* under the thread's lock: the wait is over */
	int ms;
};

static void sleeper_run(struct kthread *t, void *arg)
{
	struct sleeper *s = arg;
	kthread_lock(t);
	s->in_wait = 1;
	s->woke_stopping = kthread_wait_locked(t, s->ms);
	s->done = 1;
	kthread_unlock(t);
}

/* Once the thread set in_wait under its lock and we hold that lock, it is
 * inside its wait (it let the lock go only by waiting). */
static void wait_until_set(struct kthread *t, const int *in_wait)
{
	for (;;) {
		kthread_lock(t);
		int in = *in_wait;
		kthread_unlock(t);
		if (in)
			return;
		sched_yield();
	}
}

static void stop_wakes_a_waiting_thread_at_once(void **state)
{
	(void)state;
	static const int waits[] = { -1, 3600000 }; /* until woken; an hour */
	for (size_t i = 0; i < sizeof(waits) / sizeof(waits[0]); i++) {
		struct sleeper s = { .ms = waits[i] };
		struct kthread *t;
		assert_int_equal(kthread_start(&t, "sleeper", 0, sleeper_run, &s), K_OK);
		assert_non_null(t);
		wait_until_set(t, &s.in_wait);
		assert_int_equal(kthread_stopping(t), 0);
		kthread_stop(t); /* returns only once the wait ended */
		assert_int_equal(s.woke_stopping, 1);
	}
}

static void wake_ends_a_wait_and_zero_only_looks(void **state)
{
	struct sleeper s = { .ms = -1 };
	struct kthread *t;
	(void)state;
	assert_int_equal(kthread_start(&t, "sleeper", 0, sleeper_run, &s), K_OK);
	wait_until_set(t, &s.in_wait);
	assert_int_equal(kthread_wait(t, 0), 0); /* a look, from any thread */
	kthread_wake(t);
	wait_until_set(t, &s.done); /* woken, not stopped */
	assert_int_equal(s.woke_stopping, 0);
	kthread_raise(t);
	assert_int_equal(kthread_wait(t, 3600000), 1); /* stopping: no wait at all */
	kthread_stop(t);
	kthread_stop(NULL);
	kthread_raise(NULL);
	kthread_wake(NULL);
}

/* ---- the job ring ---- */

struct job {
	int n;
	int refresh;
};

struct server {
	struct job jobs[4];
	struct kring ring;
	int served[16];  /* under the thread's lock */
	int nserved;
};

static void server_run(struct kthread *t, void *arg)
{
	struct server *s = arg;
	struct job j;
	while (kring_get(t, &s->ring, &j)) {
		if (j.n == 0)
			gate_pass(); /* the first job holds the thread */
		kthread_lock(t);
		s->served[s->nserved++] = j.n;
		kthread_unlock(t);
	}
}

static int same_refresh(const void *waiting, const void *item)
{
	return ((const struct job *)waiting)->refresh && ((const struct job *)item)->refresh;
}

static void a_full_ring_refuses_and_coalesces(void **state)
{
	struct server s = { .nserved = 0 };
	struct kthread *t;
	struct job j = { 0, 0 };
	(void)state;
	s.ring = (struct kring)KRING_OF(s.jobs);
	assert_int_equal(s.ring.cap, 4);
	assert_int_equal(s.ring.size, sizeof(struct job));
	gate_reset();
	assert_int_equal(kthread_start(&t, "server", 0, server_run, &s), K_OK);
	assert_int_equal(kring_put(t, &s.ring, &j, NULL), K_OK);
	gate_wait_arrived(1); /* job 0 taken: the thread is held */
	kthread_lock(t);
	assert_int_equal(kring_count(&s.ring), 0);
	assert_int_equal(kring_pending(&s.ring), 1);
	kthread_unlock(t);
	for (j.n = 1; j.n <= 3; j.n++)
		assert_int_equal(kring_put(t, &s.ring, &j, NULL), K_OK);
	j.refresh = 1;
	assert_int_equal(kring_put(t, &s.ring, &j, same_refresh), K_OK); /* job 4: a refresh */
	j.n = 5;
	assert_int_equal(kring_put(t, &s.ring, &j, NULL), K_ERR_BUSY);    /* full */
	assert_int_equal(kring_put(t, &s.ring, &j, same_refresh), K_OK);  /* one already waits */
	j.refresh = 0;
	assert_int_equal(kring_put(t, &s.ring, &j, same_refresh), K_ERR_BUSY);
	kthread_lock(t);
	assert_int_equal(kring_count(&s.ring), 4);
	assert_int_equal(kring_pending(&s.ring), 5);
	kthread_unlock(t);
	gate_release();
	for (;;) { /* until all are served: the thread then waits for more */
		kthread_lock(t);
		int n = s.nserved;
		kthread_unlock(t);
		if (n == 5)
			break;
		sched_yield();
	}
	kthread_stop(t);
	for (int i = 0; i < 5; i++)
		assert_int_equal(s.served[i], i); /* in order; 5 was never queued */
	for (size_t i = 0; i < sizeof(s.jobs); i++)
		assert_int_equal(((unsigned char *)s.jobs)[i], 0); /* served slots wiped */
}

static void stop_drops_what_still_waits(void **state)
{
	struct server s = { .nserved = 0 };
	struct kthread *t;
	struct job j = { 0, 0 };
	(void)state;
	s.ring = (struct kring)KRING_OF(s.jobs);
	gate_reset();
	assert_int_equal(kthread_start(&t, "server", 0, server_run, &s), K_OK);
	assert_int_equal(kring_put(t, &s.ring, &j, NULL), K_OK);
	gate_wait_arrived(1);
	j.n = 1;
	assert_int_equal(kring_put(t, &s.ring, &j, NULL), K_OK);
	kthread_raise(t);
	gate_release();
	kthread_stop(t);
	assert_int_equal(s.nserved, 1); /* the job in hand finished, job 1 dropped */
}

/* ---- the backoff ---- */

static void backoff_doubles_to_its_cap(void **state)
{
	struct kbackoff b;
	static const int sync[] = { 1, 2, 4, 8, 16, 30, 30 };
	static const int scanner[] = { 250, 500, 1000, 2000, 4000, 4000 };
	(void)state;
	kbackoff_init(&b, 1, 30);
	for (size_t i = 0; i < sizeof(sync) / sizeof(sync[0]); i++)
		assert_int_equal(kbackoff_next(&b), sync[i]);
	kbackoff_reset(&b);
	assert_int_equal(kbackoff_next(&b), 1);
	assert_int_equal(kbackoff_next(&b), 2);
	kbackoff_init(&b, 250, 4000);
	for (size_t i = 0; i < sizeof(scanner) / sizeof(scanner[0]); i++)
		assert_int_equal(kbackoff_next(&b), scanner[i]);
	kbackoff_init(&b, 1, 1);
	assert_int_equal(kbackoff_next(&b), 1);
	assert_int_equal(kbackoff_next(&b), 1);
}

/* ---- liveness ---- */

static void stuck_run(struct kthread *t, void *arg)
{
	(void)arg;
	kthread_busy(t, "held at the gate", 0);
	gate_pass(); /* no tick while held */
	kthread_idle(t);
	while (!kthread_wait(t, -1))
		;
}

static void waiter_run(struct kthread *t, void *arg)
{
	struct sleeper *s = arg;
	kthread_busy(t, "waiting in the kit", 0);
	kthread_lock(t);
	s->in_wait = 1;
	while (!kthread_wait_locked(t, -1))
		;
	kthread_unlock(t);
}

static void a_thread_that_stops_ticking_is_reported(void **state)
{
	struct sleeper s = { .ms = -1 };
	struct kthread *waiter, *stuck;
	char buf[96];
	(void)state;
	assert_int_equal(kthread_alive(buf, sizeof(buf)), 1);
	assert_string_equal(buf, "");
	gate_reset();
	assert_int_equal(kthread_start(&waiter, "waiter", 1, waiter_run, &s), K_OK);
	wait_until_set(waiter, &s.in_wait);
	assert_int_equal(kthread_start(&stuck, "stuck", 1, stuck_run, NULL), K_OK);
	gate_wait_arrived(1);
	while (kthread_alive(buf, sizeof(buf))) /* until its 1 ms has passed */
		sched_yield();
	assert_memory_equal(buf, "stuck (held at the gate, ", strlen("stuck (held at the gate, "));
	gate_release();
	while (!kthread_alive(buf, sizeof(buf))) /* idle once past the gate */
		sched_yield();
	assert_string_equal(buf, "");
	kthread_stop(stuck);
	kthread_stop(waiter);
	assert_int_equal(kthread_alive(NULL, 0), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(stop_wakes_a_waiting_thread_at_once),
		cmocka_unit_test(wake_ends_a_wait_and_zero_only_looks),
		cmocka_unit_test(a_full_ring_refuses_and_coalesces),
		cmocka_unit_test(stop_drops_what_still_waits),
		cmocka_unit_test(backoff_doubles_to_its_cap),
		cmocka_unit_test(a_thread_that_stops_ticking_is_reported),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
