/*
 * board_feed.h - where the lobby board's news comes from, on a thread of
 * its own so the screen never waits for a network or a database.
 *
 * With [sync] server: the station server's public GET /api/v1/board and its
 * long-poll /board/events.  Without: the local [queue] database through the
 * queue engine, its changes polled every 200 ms.  When the source does not
 * answer, the feed says so once and tries again after 1, 2, 4 ... up to
 * [sync] interval seconds; the screen keeps what it last had.
 *
 * Each piece of news is one SDL event of the given type whose data1 is a
 * malloc'ed struct board_news, which the receiver frees.
 */
#ifndef BOARD_FEED_H
#define BOARD_FEED_H

#include <SDL.h>

#include "kclock.h"
#include "kconf.h"
#include "ksync_board.h"
#include "queue.h"

#define BOARD_MAX_NEWS 32   /* calls in one piece of news */

struct board_news {
	int online;             /* the source answers */
	int has_view;           /* view is a new snapshot */
	struct board_view view;
	int ncalls;             /* called and recalled changes, oldest first */
	struct queue_change calls[BOARD_MAX_NEWS];
};

struct board_feed;

/*
 * Start following the queue of cfg: the server's, or the database at db
 * (NULL: [queue] database).  cfg and clock must outlive the feed.
 * K_ERR_NOMEM when the thread cannot start.
 */
int board_feed_start(struct board_feed **out, const struct kconf *cfg,
		     const struct kclock *clock, const char *db, Uint32 event_type);

/* Stop at once (a long-poll in progress is cut) and free. */
void board_feed_stop(struct board_feed *f);

/* Free the news still queued for the receiver (after the feed stopped). */
void board_feed_drain(Uint32 event_type);

#endif
