/*
 * rate_feed.h - the rating panel's link to the station server, on two
 * threads of its own so the screen never waits for the network: one
 * follows GET /api/v1/rating (a long-poll that ends when the queue
 * changes), the other sends the citizen's ratings (POST /api/v1/ratings).
 *
 * When the server does not answer, the follower says so once (log and
 * news) and tries again after 1, 2, 4 ... up to [sync] interval seconds;
 * the panel stays as it is.  A rating the server did not answer is tried
 * again the same way while its window lasts.
 *
 * Each piece of news is one SDL event of the given type whose data1 is a
 * malloc'ed struct rate_news, which the receiver frees.
 */
#ifndef RATE_FEED_H
#define RATE_FEED_H

#include <SDL.h>

#include "kconf.h"
#include "ksync_rate.h"

enum rate_news_kind {
	RATE_NEWS_VIEW,   /* view is what the server says now (it changed) */
	RATE_NEWS_AWAY,   /* the server stopped answering */
	RATE_NEWS_SENT,   /* a rating was answered: number, rc, sent */
};

struct rate_news {
	enum rate_news_kind kind;
	struct rate_view view;
	char number[12];
	int level, reason;
	int rc;                  /* K_OK (then sent), or K_ERR_* (given up) */
	enum rate_sent sent;
};

struct rate_feed;

/* Start following the server of cfg (which must outlive the feed).
 * K_ERR_NOMEM when a thread cannot start. */
int rate_feed_start(struct rate_feed **out, const struct kconf *cfg, Uint32 event_type);

/* Stop at once (a long-poll or a rating in progress is cut) and free. */
void rate_feed_stop(struct rate_feed *f);

/* Free the news still queued for the receiver (after the feed stopped). */
void rate_feed_drain(Uint32 event_type);

/* Hand a rating to the sender, tried until window_ms from now.  K_OK, or
 * K_ERR_BUSY when ratings wait already (logged: not sent). */
int rate_feed_send(struct rate_feed *f, const char *number, int level, int reason,
		   int window_ms);

#endif
