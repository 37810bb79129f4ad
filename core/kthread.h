/*
 * kthread.h - the one way a thread runs in the kiosk, the board and the
 * station server: a stoppable thread, a bounded job ring it serves, a
 * backoff for retries, and a liveness tick.
 *
 * A kit thread starts with a name and a function and is stopped by
 * kthread_stop(): the flag is raised, the thread woken from any kit wait at
 * once, then joined.  It never sleeps blind: every wait (kthread_wait, a
 * ring's kring_get) ends as soon as it is stopping.  Its lock and condition
 * serve its owner too: what the owner shares with the thread (a job ring, a
 * flag) is guarded by kthread_lock(), and the thread waits for it with
 * kthread_wait_locked().  New threads start with the asynchronous signals
 * (SIGTERM, SIGINT, SIGHUP, SIGPIPE ...) blocked, as SDL's threads did, so
 * the main thread takes them.
 *
 * Liveness: each thread has a tick, bumped by kthread_tick(), by each
 * kthread_busy()/kthread_idle() mark and on each return from a kit wait.
 * kthread_alive() says whether every watched thread ticked within its
 * interval (or the longer bound of the job it marked busy), or is idle or
 * waiting in the kit.  Every kit thread is also the service watchdog's
 * (svc_notify.h): the busy and idle marks are passed on to it.
 *
 * Plain C on POSIX threads (core/: no SDL).
 */
#ifndef KTHREAD_H
#define KTHREAD_H

#include <stddef.h>
#include <stdint.h>

struct kthread;

/* The usual tick interval: the kiosks' WatchdogSec (dist/systemd). */
#define KTHREAD_TICK_MS 20000

typedef void kthread_fn(struct kthread *t, void *arg);

/*
 * Start fn(t, arg) on a thread named name (a string literal; the first 15
 * bytes show in ps).  tick_ms: the longest it may go without a tick while
 * busy (0: not watched by kthread_alive()).  *out is set before fn starts,
 * so fn may find its thread through arg.  K_OK, or K_ERR_NOMEM (logged, *out
 * NULL).  Stop it with kthread_stop().
 */
int kthread_start(struct kthread **out, const char *name, int tick_ms, kthread_fn *fn, void *arg);

/* Raise the stop flag and wake the thread; does not wait (NULL: nothing).
 * For an owner that must then cut a call in progress (a long-poll). */
void kthread_raise(struct kthread *t);
/* Raise the flag, wake the thread, wait for it to end and free it (NULL:
 * nothing).  Never from the thread itself. */
void kthread_stop(struct kthread *t);
/* 1 once stopping (any thread, with or without the lock). */
int kthread_stopping(struct kthread *t);

/*
 * Sleep up to ms unless stopping or woken (kthread_wake); ms < 0: until
 * woken, 0: just look.  Returns 1 when stopping.  One wait: a caller
 * waiting for a condition of its own looks again after it.
 */
int kthread_wait(struct kthread *t, int ms);
/* Wake the thread from its wait. */
void kthread_wake(struct kthread *t);

/* The thread's lock, for what its owner shares with it. */
void kthread_lock(struct kthread *t);
void kthread_unlock(struct kthread *t);
/* kthread_wait() with the lock held (released while waiting). */
int kthread_wait_locked(struct kthread *t, int ms);
/* kthread_wake() with the lock held. */
void kthread_wake_locked(struct kthread *t);

/* The monotonic clock in ms (for a wait until a deadline). */
int64_t kthread_now_ms(void);

/* Liveness.  Starting a job: what (a string literal) and the longest it may
 * take in ms (svc_busy's bound; it also widens the tick interval while the
 * job lasts).  Idle: waiting for the next one (never late). */
void kthread_busy(struct kthread *t, const char *what, int bound_ms);
void kthread_idle(struct kthread *t);
void kthread_tick(struct kthread *t);
/* 1 when every watched kit thread is alive; else 0 and the first that is
 * late in buf as "worker (printing a slip, 12 s)" (buf may be NULL). */
int kthread_alive(char *buf, size_t len);

/*
 * A bounded job ring served by one kit thread and guarded by its lock:
 * items of size bytes in cap slots, the caller's array.  Full is
 * K_ERR_BUSY to the producer: never a wait.
 */
struct kring {
	unsigned char *slots;
	size_t size;
	int cap, head, count;
	int taken;              /* an item popped and not yet done */
};

#define KRING_OF(array) { (unsigned char *)(array), sizeof((array)[0]), \
			  (int)(sizeof(array) / sizeof((array)[0])), 0, 0, 0 }

/* Same job as one already waiting? (kring_put's coalescing; NULL: never) */
typedef int kring_same_fn(const void *waiting, const void *item);

/* Queue a copy of item and wake the thread: K_OK, or K_ERR_BUSY when the
 * ring is full.  When same() says a waiting item is the same job, nothing is
 * added (K_OK, even when full). */
int kring_put(struct kthread *t, struct kring *r, const void *item, kring_same_fn *same);
/* In the thread: wait (ticking) for the oldest item and copy it to item;
 * 1, or 0 when stopping (what is still waiting is dropped).  The item is
 * taken until the next kring_get. */
int kring_get(struct kthread *t, struct kring *r, void *item);

/* With the thread's lock held: */
int kring_count(const struct kring *r);   /* items waiting */
int kring_pending(const struct kring *r); /* waiting + the one taken */
/* The oldest item copied to item and its slot wiped (a scan may be an ID
 * card's); taken until kring_done().  1, or 0 when empty. */
int kring_pop(struct kring *r, void *item);
void kring_done(struct kring *r);

/*
 * Retry backoff: the wait after each failure doubles, from min up to max
 * (1, 2, 4 ... [sync] interval s for the server; 250 ms ... 4 s for a
 * scanner), back to min after a success.
 */
struct kbackoff {
	int min, max, cur;      /* cur: the last wait given, 0 = none yet */
};

void kbackoff_init(struct kbackoff *b, int min, int max);
/* The wait before the next try; the one after will be twice as long. */
int kbackoff_next(struct kbackoff *b);
void kbackoff_reset(struct kbackoff *b);

#endif
