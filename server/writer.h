/*
 * writer.h - POST /api/v1/tickets through one writer thread, with group
 * commit: the issues that arrive while a transaction is being written wait
 * for the next one, which takes them all (up to WRITER_BATCH) and is made
 * durable with a single COMMIT (one fsync under [queue] sync = full).
 *
 * What a kiosk sees does not change (docs/sync.md, docs/api.md): each
 * request is answered only once the transaction that holds its ticket is
 * committed; a client_ref asked again, in the same batch or later, gets
 * the same ticket (200); refusals are the engine's, as before.  Inside the
 * batch each issue is a savepoint of its own, so one that fails is undone
 * alone; if the batch's COMMIT itself fails, nothing of it was written and
 * each issue is done again alone, in its own transaction, as before there
 * was a writer.  The thread takes the API's lock (struct api's `lock`) for
 * each batch: the engine's connection is used under it, as by every
 * endpoint, and the `changed` condition is broadcast under it once the
 * batch's tickets are committed.
 */
#ifndef WRITER_H
#define WRITER_H

#include <semaphore.h>

#include "api_private.h"
#include "queue.h"

#define WRITER_BATCH 128 /* issues in one transaction at most */
#define WRITER_RING 512  /* issues waiting at most (> the server's connections) */

struct writer;

/* One POST /api/v1/tickets, as h_issue checked it. */
struct writer_issue {
	/* in: the request */
	const struct kconf_token *who;
	const char *service;
	const char *page;         /* the kiosk's page token, or NULL */
	struct queue_issue_opts opts;
	/* out: the engine's answer */
	int r;                    /* K_OK (t.replayed for a ticket asked again) or K_ERR_* */
	struct queue_ticket t;
	char made[API_PAGE_LEN];  /* a page the server made (staff tickets) */
	/* the writer's */
	sem_t answered;
};

/* Start the writer thread for a (its queue, lock, staff, condition); sets
 * a->writer.  K_OK or K_ERR_NOMEM (logged): a->writer stays NULL and
 * issues are made one at a time by the calling thread, as before. */
int writer_start(struct api *a);
/* Stop it: the issues it holds are made first.  After every connection
 * thread has ended (http_stop), before api_destroy. */
void writer_stop(struct api *a);

/*
 * Issue i (its "in" fields set): handed to the writer, which answers once
 * the transaction holding it is committed; without a writer, under a->lock
 * by the caller.  i->r: as queue_issue_with(); K_ERR_BUSY when more than
 * WRITER_RING wait (a 503 for the kiosk, which issues offline).
 */
void writer_issue(struct api *a, struct writer_issue *i);

#endif
