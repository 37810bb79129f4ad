/*
 * ksync_rate.h - what a counter's rating panel (kiosk --rate) asks the
 * station server, with the counter's rater token ([sync] token,
 * [server] rater.<COUNTER>): GET /api/v1/rating (the ticket the counter
 * last finished, if it may still be rated, and the words of the choice),
 * held as a long-poll until the queue changes, and POST /api/v1/ratings
 * (the citizen's one tap).  docs/rating.md.
 *
 * The answers are read into plain structs, so the panel never sees JSON.
 * One struct ksync_rate per thread (a curl handle).
 */
#ifndef KSYNC_RATE_H
#define KSYNC_RATE_H

#include <stdint.h>

#include "kconf.h"

#define RATE_MAX_LEVELS 5
#define RATE_MAX_REASONS KCONF_MAX_WORDS

enum rate_state {
	RATE_IDLE,   /* nothing to rate: the panel shows the counter only */
	RATE_OPEN,   /* ticket may be rated for expires_in more seconds */
	RATE_RATED,  /* ticket was rated (here or on another device) */
};

/* One word of the choice in both languages ("" en: say the Vietnamese). */
struct rate_words {
	char vi[KCONF_WORD], en[KCONF_WORD];
};

/* Everything GET /rating says, every string cut to its field. */
struct rate_view {
	enum rate_state state;
	int counter;
	char counter_vi[KCONF_NAME], counter_en[KCONF_NAME]; /* "" = "Quầy <N>" */
	int64_t last;                /* the queue's change sequence: since= next time */
	int seconds;                 /* [rating] seconds */
	int nlevels;                 /* 2..RATE_MAX_LEVELS; levels[i] is level i + 1 */
	struct rate_words levels[RATE_MAX_LEVELS];
	int nreasons;                /* 0..RATE_MAX_REASONS; reasons[i] is reason i + 1 */
	struct rate_words reasons[RATE_MAX_REASONS];
	int ask_reason;              /* levels >= this ask why (when there are reasons) */
	/* state open or rated: */
	char number[12];             /* B047: a prefix and digits, nothing else */
	char service[9];
	char service_vi[KCONF_NAME], service_en[KCONF_NAME];
	int expires_in;              /* seconds left, 0..seconds */
	char staff[33];              /* "" unless [rating] show_staff */
};

/* What the server made of a rating. */
enum rate_sent {
	RATE_SENT_TAKEN,        /* 201: stored */
	RATE_SENT_ALREADY,      /* 409 already_rated: a second rating of the ticket */
	RATE_SENT_CLOSED,       /* 409 window_closed: too late */
	RATE_SENT_NOT_FINISHED, /* 409 not_finished: not the counter's last finished ticket */
	RATE_SENT_REFUSED,      /* 400: a level, reason or number it does not take */
};

struct ksync_rate;

/* [sync] server, token, timeout and cafile of cfg (which must outlive it). */
int ksync_rate_open(struct ksync_rate **out, const struct kconf *cfg);
void ksync_rate_close(struct ksync_rate *r);

/*
 * GET /rating into *out; since >= 0: ?since=since&wait=wait_s, the answer
 * held up to wait_s seconds until the queue changes after since.
 * K_ERR_UNREACHABLE (no answer, a 5xx), K_ERR_AUTH (the token refused),
 * K_ERR_PROTOCOL (an answer that is not a rating state: logged, nothing of
 * its text).  *out is all zeros but on K_OK.
 */
int ksync_rate_get(struct ksync_rate *r, int64_t since, int wait_s, struct rate_view *out);

/*
 * POST /ratings {number, level, reason} (reason 0: none).  K_OK with *sent
 * saying what the server made of it; K_ERR_INVALID (not a number, a level
 * outside 1..5 or a reason outside 0..8: not sent), K_ERR_UNREACHABLE,
 * K_ERR_AUTH, K_ERR_PROTOCOL (another answer).
 */
int ksync_rate_send(struct ksync_rate *r, const char *number, int level, int reason,
		    enum rate_sent *sent);

/* From any thread: the request in progress (and every later one) gives up. */
void ksync_rate_cancel(struct ksync_rate *r);

/* "taken", "already_rated" ... for the log. */
const char *rate_sent_name(enum rate_sent s);

/* Is s a ticket number as the API writes one (1-3 capitals, 3-5 digits)? */
int rate_number_ok(const char *s);

#endif
