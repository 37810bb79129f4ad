/*
 * hub_fwd_private.h - what the forwarder's files share (hub_fwd.h): its
 * cursors as hub_progress keeps them, the post, and the body of a round.
 */
#ifndef HUB_FWD_PRIVATE_H
#define HUB_FWD_PRIVATE_H

#include <jansson.h>
#include <stdint.h>

#include "kdb.h"
#include "queue.h"

struct hub_cursor {
	int64_t events, ratings, day_made, day;
	int64_t acked_at, tried_at;
	char error[200];
};

/* hub_fwd_store.c: the one row of hub_progress (zeros when none yet). */
int hub_cursor_load(struct kdb *k, struct hub_cursor *c);
int hub_cursor_save(struct kdb *k, const struct hub_cursor *c);

/* hub_fwd_post.c: POST body (JSON text) to url with a bearer token; K_OK
 * with *status and *reply (a JSON object or NULL) when the hub answered,
 * K_ERR_UNREACHABLE with why filled when not.  cancel: nonzero cuts it. */
struct hub_post;
int hub_post_open(struct hub_post **out, const char *url, const char *token);
void hub_post_close(struct hub_post *p);
int hub_post_send(struct hub_post *p, const char *body, long timeout_ms, long *status,
		  json_t **reply, char *why, size_t len);
void hub_post_cancel(struct hub_post *p);

/* hub_fwd_body.c: a round's body: the events after c->events (at most
 * batch; *more set when more are waiting), status and devices.  A new
 * object, or NULL (K_ERR_* in *err). */
json_t *hub_fwd_body(struct queue *q, const struct kconf *cfg, const struct kclock *clock,
		     const struct hub_cursor *c, int batch, int *more, int64_t *last, int *err);

/* hub_fwd_days.c: 1 with the staff pseudonyms' key when [hub] staff_ids =
 * pseudonym and the [dossiers] secret reads, else 0 (staff sent as ""). */
int hub_fwd_staff_key(const struct kconf *cfg, unsigned char key[32]);
/* The days after the cursor's (a few: *more set when there may be more),
 * the last one's made_at and day; the ratings after its id (at most
 * batch).  key: the pseudonyms' (NULL: staff ""). */
json_t *hub_fwd_days(struct kdb *k, const struct hub_cursor *c, const unsigned char *key,
		     int64_t *last_made, int64_t *last_day, int *more, int *err);
json_t *hub_fwd_ratings(struct kdb *k, const struct hub_cursor *c, int batch,
			const unsigned char *key, int *more, int *err);

#endif
