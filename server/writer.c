/*
 * writer.c - see writer.h.
 *
 * A connection thread hands its issue over in a ring (the thread kit's,
 * bounded: full is a 503, never a wait) and waits on a semaphore of its
 * own; the writer thread takes every issue waiting, makes them in one
 * transaction under the API's lock, and answers them all.  There is no
 * timer: a batch is whatever arrived while the previous one was being
 * written, so a lone request is written at once, alone, as before, and
 * sixty-four at once share a few COMMITs instead of queueing for the lock
 * one by one (the lock's convoy and a commit each made the p99 at c=64
 * 371 ms).
 */
#include "writer.h"
#include "kerr.h"
#include "klog.h"
#include "kthread.h"
#include "staff.h"

#include <errno.h>
#include <stdlib.h>

struct writer {
	struct api *a;
	struct kthread *thread;
	struct writer_issue *slots[WRITER_RING];
	struct kring ring;       /* under the thread's lock */
};

/* One issue, under a->lock (inside a batch or alone). */
static void issue_one(struct api *a, struct writer_issue *i)
{
	i->made[0] = 0;
	i->r = queue_issue_with(a->q, i->service, &i->opts, &i->t);
	if (i->r == K_OK) /* again when replayed: the first answer may have been lost */
		api_page_keep(a, i->who, i->page, &i->t, i->made);
	else /* closed, cap, disabled: counted for the reports */
		queue_note_refusal(a->q, i->service, i->r);
}

/* Under a->lock, once the issues are committed: 1 if i is a new ticket. */
static int issued(struct api *a, const struct writer_issue *i)
{
	if (i->r != K_OK || i->t.replayed)
		return 0;
	if (i->who->staff)
		staff_audit(a->staff, kclock_now(a->clock), i->who->name, "issue", i->t.number);
	return 1;
}

static void write_batch(struct api *a, struct writer_issue **b, int n)
{
	int changed = 0;

	pthread_mutex_lock(&a->lock);
	if (n > 1 && queue_batch_begin(a->q) == K_OK) {
		for (int k = 0; k < n; k++)
			issue_one(a, b[k]);
		if (queue_batch_end(a->q, 1) < 0) {
			klog(KLOG_WARN, "a batch of %d issues was not written: each again, alone", n);
			for (int k = 0; k < n; k++)
				issue_one(a, b[k]);
		}
	} else {
		for (int k = 0; k < n; k++)
			issue_one(a, b[k]);
	}
	for (int k = 0; k < n; k++)
		changed |= issued(a, b[k]);
	if (changed) /* long-polls and the queue's readers: new tickets */
		pthread_cond_broadcast(&a->changed);
	pthread_mutex_unlock(&a->lock);
	for (int k = 0; k < n; k++)
		sem_post(&b[k]->answered);
}

static void run(struct kthread *t, void *arg)
{
	struct writer *w = arg;
	struct writer_issue *b[WRITER_BATCH];

	for (;;) {
		int n = 0, stop;
		kthread_lock(t);
		while (!kthread_stopping(t) && kring_count(&w->ring) == 0) {
			kthread_idle(t);
			kthread_wait_locked(t, -1);
		}
		while (n < WRITER_BATCH && kring_pop(&w->ring, &b[n])) {
			kring_done(&w->ring);
			n++;
		}
		stop = kthread_stopping(t) && kring_count(&w->ring) == 0;
		kthread_unlock(t);
		if (n) {
			kthread_busy(t, "issuing tickets", 30000);
			write_batch(w->a, b, n);
		}
		if (stop)
			break;
	}
}

int writer_start(struct api *a)
{
	struct writer *w = calloc(1, sizeof(*w));
	a->writer = NULL;
	if (!w) {
		klog(KLOG_ERR, "no memory for the writer thread: tickets are issued one at a time");
		return K_ERR_NOMEM;
	}
	w->a = a;
	w->ring = (struct kring)KRING_OF(w->slots);
	if (kthread_start(&w->thread, "writer", KTHREAD_TICK_MS, run, w) < 0) {
		free(w);
		return K_ERR_NOMEM;
	}
	a->writer = w;
	return K_OK;
}

void writer_stop(struct api *a)
{
	struct writer *w = a->writer;
	if (!w)
		return;
	kthread_stop(w->thread); /* what it holds is written first (run) */
	a->writer = NULL;
	free(w);
}

void writer_issue(struct api *a, struct writer_issue *i)
{
	struct writer *w = a->writer;
	int r;

	if (!w) { /* no thread: alone, by the caller */
		write_batch(a, &i, 1);
		return;
	}
	if (sem_init(&i->answered, 0, 0) < 0) {
		i->r = K_ERR_NOMEM;
		return;
	}
	/* (stopped only once no connection thread is left: writer.h) */
	r = kthread_stopping(w->thread) ? K_ERR_BUSY : kring_put(w->thread, &w->ring, &i, NULL);
	if (r < 0) {
		i->r = r;
		sem_destroy(&i->answered);
		return;
	}
	while (sem_wait(&i->answered) < 0 && errno == EINTR)
		;
	sem_destroy(&i->answered);
}
