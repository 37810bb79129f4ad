/*
 * print_worker.h - slips are drawn and printed on a thread of their own.
 *
 * A job can take seconds (paper feed, a printer that times out); the UI
 * thread only hands a ticket over and later receives one SDL event with
 * the result, so the screen answers within a frame whatever the printer
 * does.  The event's user.code is 0 or the K_ERR_* cause, user.data1 the
 * ticket id (cast), user.data2 NULL.
 */
#ifndef PRINT_WORKER_H
#define PRINT_WORKER_H

#include <SDL.h>
#include <stdint.h>

#include "i18n.h"
#include "kconf.h"
#include "queue.h"

struct print_worker;

/*
 * Open the slip fonts (here, on the caller's thread) and the printer named
 * by uri, and start the thread.  Results arrive as events of event_type.
 * Returns 0, K_ERR_IO (fonts) or K_ERR_INVALID (a URI that does not parse).
 */
int print_worker_start(struct print_worker **out, const struct kconf *cfg, const char *uri,
		       struct i18n *const text[2], Uint32 event_type);

/* Finish the job in hand, drop the rest, stop the thread. */
void print_worker_stop(struct print_worker *w);

/* Queue a slip for t.  K_ERR_BUSY when several are already waiting. */
int print_worker_submit(struct print_worker *w, const struct queue_ticket *t);

/* Does this worker print at all (uri is not "none")? */
int print_worker_enabled(const struct print_worker *w);

#endif
