/*
 * ksync_board.h - what a lobby board reads from the station server: the
 * public, read-only GET /api/v1/board (the unit, waiting per service, the
 * last calls) and its long-poll GET /api/v1/board/events.  No token: a
 * board behind a TV holds no secret.
 *
 * struct board_view is also what a board without a server fills from its
 * own queue database (firmware/board_feed.c), so the screen draws one shape
 * whatever the source.  One struct ksync_board per thread (a curl handle).
 */
#ifndef KSYNC_BOARD_H
#define KSYNC_BOARD_H

#include <stdint.h>

#include "kconf.h"
#include "queue.h"

#define BOARD_MAX_CALLS 10   /* the last calls a board is told, newest first */

struct board_call {
	char number[12];
	char service[9];
	int counter;
	char counter_vi[KCONF_NAME], counter_en[KCONF_NAME]; /* "" = "Quầy <N>" */
	int64_t called_at;
	int recalls;
};

struct board_service {
	char code[9];
	char prefix[3];
	char name_vi[KCONF_NAME], name_en[KCONF_NAME];
	int waiting;
};

/* Everything the board shows, as one snapshot. */
struct board_view {
	char station[17];
	char name_vi[KCONF_NAME], name_en[KCONF_NAME];
	int64_t time;                 /* the source's clock when it was taken */
	int64_t last;                 /* the newest event seq it includes */
	int nservices;
	struct board_service services[KCONF_MAX_SERVICES];
	int ncalls;
	struct board_call calls[BOARD_MAX_CALLS];
};

struct ksync_board;

/* [sync] server, timeout and cafile of cfg.  K_ERR_NOMEM. */
int ksync_board_open(struct ksync_board **out, const struct kconf *cfg);
void ksync_board_close(struct ksync_board *b);

/* GET /board into *out.  K_ERR_UNREACHABLE (no answer), K_ERR_PROTOCOL
 * (an answer that is not a board: e.g. a server without the endpoint). */
int ksync_board_view(struct ksync_board *b, struct board_view *out);

/*
 * GET /board/events?since=N&wait=S: up to max changes after since, oldest
 * first, into out (*n of them); *last = the server's newest seq, which is
 * below since when the server's database is a new one.  Waits up to wait_s
 * seconds for the first change.  K_ERR_UNREACHABLE, K_ERR_PROTOCOL.
 */
int ksync_board_events(struct ksync_board *b, int64_t since, int wait_s,
		       struct queue_change *out, int max, int *n, int64_t *last);

/* From any thread: the request in progress (and every later one) gives up. */
void ksync_board_cancel(struct ksync_board *b);

#endif
