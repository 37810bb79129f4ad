/*
 * hub_fwd.c - the forwarder's thread and its status command (hub_fwd.h).
 *
 * A round: read the cursors, build a body (hub_fwd_body.c), post it, and
 * on the hub's 200 move the cursors to what the hub says it has.  More
 * events waiting: the next round at once; none: wait [hub] interval, or less
 * once the queue has a new event (looked at every 2 s).  A
 * failure (no answer, 5xx, a refusal) waits by the backoff and is logged
 * when it differs from the last one, so a hub away for a week is one line.
 */
#include "hub_fwd.h"
#include "hub_fwd_private.h"

#include "kerr.h"
#include "klog.h"
#include "kthread.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define POST_TIMEOUT_MS 30000

struct hub_fwd {
	const struct kconf *cfg;
	const struct kclock *clock;
	struct kthread *thread;
	struct queue *q;          /* a connection of its own: never the lobby's */
	struct kdb progress;      /* another for hub_progress */
	struct hub_post *post;
	struct kbackoff backoff;
	char said[200];           /* the failure last logged */
	unsigned char staff_key[32]; /* the pseudonyms' ([hub] staff_ids), if has_key */
	int has_key;
};

/* The hub's answer: the cursors it gives; the days' moves to the last day
 * sent (made, day) once the hub lists it as stored.  K_OK or K_ERR_PROTOCOL. */
static int take_answer(const json_t *a, struct hub_cursor *c, int64_t made, int64_t day)
{
	json_t *ev = json_object_get(a, "events"), *rt = json_object_get(a, "ratings"), *d;
	size_t i;
	if (!json_is_integer(ev) || json_integer_value(ev) < 0 || (rt && !json_is_integer(rt)))
		return K_ERR_PROTOCOL;
	c->events = json_integer_value(ev);
	if (rt)
		c->ratings = json_integer_value(rt);
	json_array_foreach(json_object_get(a, "days"), i, d)
		if (json_integer_value(d) == day) {
			c->day_made = made;
			c->day = day;
		}
	return K_OK;
}

/* The round's days and ratings added to body.  K_OK or the error. */
static int add_days(struct hub_fwd *f, const struct hub_cursor *c, json_t *body, int *more,
		    int64_t *made, int64_t *day)
{
	int err = K_OK;
	const unsigned char *key = f->has_key ? f->staff_key : NULL;
	json_t *days = hub_fwd_days(&f->progress, c, key, made, day, more, &err);
	json_t *ratings = days ? hub_fwd_ratings(&f->progress, c, f->cfg->hub.batch, key, more,
						 &err) : NULL;
	if (!ratings) {
		json_decref(days);
		return err;
	}
	json_object_set_new(body, "days", days);
	json_object_set_new(body, "ratings", ratings);
	return K_OK;
}

/* One post.  K_OK (*more: send again at once), or an error with why. */
static int round_once(struct hub_fwd *f, struct hub_cursor *c, int *more, char *why, size_t len)
{
	int64_t last = 0, made = c->day_made, day = c->day;
	int err = K_OK, r;
	long status = 0;
	json_t *reply = NULL, *body = hub_fwd_body(f->q, f->cfg, f->clock, c, f->cfg->hub.batch,
						   more, &last, &err);
	if (body && (err = add_days(f, c, body, more, &made, &day)) < 0) {
		json_decref(body);
		body = NULL;
	}
	char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;

	json_decref(body);
	if (!text) {
		snprintf(why, len, "the station's rows could not be read (%s)",
			 kerr_name(err < 0 ? err : K_ERR_NOMEM));
		return err < 0 ? err : K_ERR_NOMEM;
	}
	r = hub_post_send(f->post, text, POST_TIMEOUT_MS, &status, &reply, why, len);
	free(text);
	if (r < 0)
		return r;
	if (status != 200) {
		const char *m = json_string_value(json_object_get(reply, "message"));
		snprintf(why, len, "the hub refused (HTTP %ld): %.150s", status, m ? m : "no reason");
		r = status == 401 || status == 403 ? K_ERR_AUTH : K_ERR_PROTOCOL;
	} else if (take_answer(reply, c, made, day) < 0) {
		snprintf(why, len, "the hub's answer has no cursor");
		r = K_ERR_PROTOCOL;
	}
	json_decref(reply);
	return r;
}

/*
 * Wait up to ms for the next round; with nothing to resend (idle), end the
 * wait early once the queue has an event the hub lacks, looking every
 * WAKE_MS (so a busy lobby posts at most that often).  1 when stopping.
 */
#define WAKE_MS 2000
static int wait_round(struct hub_fwd *f, struct kthread *t, int ms, int idle, int64_t acked)
{
	int64_t end = kthread_now_ms() + ms;
	for (;;) {
		int64_t left = end - kthread_now_ms(), last = 0;
		struct queue_change one;
		if (!idle || left <= WAKE_MS)
			return kthread_wait(t, left > 0 ? (int)left : 0);
		if (kthread_wait(t, WAKE_MS))
			return 1;
		if (queue_changes(f->q, INT64_MAX, &one, 1, &last) >= 0 && last > acked)
			return 0;
	}
}

static void run(struct kthread *t, void *arg)
{
	struct hub_fwd *f = arg;
	int wait_ms = 0, idle = 0;
	int64_t acked = 0;

	while (!wait_round(f, t, wait_ms, idle, acked)) {
		struct hub_cursor c;
		char why[200] = "";
		int more = 0;

		kthread_busy(t, "forwarding to the hub", POST_TIMEOUT_MS * 2);
		int r = hub_cursor_load(&f->progress, &c);
		if (r == K_OK)
			r = round_once(f, &c, &more, why, sizeof(why));
		c.tried_at = kclock_now(f->clock);
		if (r == K_OK) {
			c.acked_at = c.tried_at;
			c.error[0] = '\0';
			if (f->said[0])
				klog(KLOG_INFO, "hub: forwarding again (events up to %lld acknowledged)",
				     (long long)c.events);
			f->said[0] = '\0';
			kbackoff_reset(&f->backoff);
			wait_ms = more ? 0 : f->cfg->hub.interval * 1000;
			idle = 1;
			acked = c.events;
		} else {
			snprintf(c.error, sizeof(c.error), "%s", why[0] ? why : kerr_name(r));
			if (strcmp(f->said, c.error)) /* once per kind of failure, not per retry */
				klog(r == K_ERR_UNREACHABLE ? KLOG_WARN : KLOG_ERR,
				     "hub: %s; trying again with backoff (up to %d s)", c.error,
				     f->backoff.max);
			snprintf(f->said, sizeof(f->said), "%s", c.error);
			wait_ms = kbackoff_next(&f->backoff) * 1000;
			idle = 0;
		}
		hub_cursor_save(&f->progress, &c); /* a failure here: the next round resends */
		kthread_idle(t);
	}
}

int hub_fwd_start(struct hub_fwd **out, const struct kconf *cfg, const struct kclock *clock,
		  const char *db)
{
	struct hub_fwd *f;
	int r;

	*out = NULL;
	if (!cfg->hub.url[0])
		return K_OK;
	if (!(f = calloc(1, sizeof(*f))))
		return K_ERR_NOMEM;
	f->cfg = cfg;
	f->clock = clock;
	kbackoff_init(&f->backoff, 1, 10 * cfg->hub.interval);
	f->has_key = hub_fwd_staff_key(cfg, f->staff_key);
	r = queue_open(&f->q, db, cfg, clock);
	if (r == K_OK)
		r = kdb_open(&f->progress, db, SQLITE_OPEN_READWRITE, "hub");
	if (r == K_OK) {
		sqlite3_busy_timeout(f->progress.db, 5000);
		r = hub_post_open(&f->post, cfg->hub.url, cfg->hub.token);
	}
	if (r == K_OK)
		r = kthread_start(&f->thread, "hub-fwd", 0, run, f);
	if (r < 0) {
		klog(KLOG_ERR, "hub: not forwarding: %s", kerr_text(r));
		hub_fwd_stop(f);
		return r;
	}
	klog(KLOG_INFO, "hub: forwarding to %s as station %s", cfg->hub.url, cfg->station.id);
	*out = f;
	return K_OK;
}

void hub_fwd_stop(struct hub_fwd *f)
{
	if (!f)
		return;
	hub_post_cancel(f->post);   /* a post in progress ends at once */
	kthread_stop(f->thread);
	hub_post_close(f->post);
	sodium_memzero(f->staff_key, sizeof(f->staff_key));
	kdb_close(&f->progress);
	queue_close(f->q);
	free(f);
}

int hub_fwd_main(const struct kconf *cfg, const char *db, int argc, char **argv)
{
	struct queue *q = NULL;
	struct kdb k = { 0 };
	struct hub_cursor c;
	struct queue_change one;
	int64_t last = 0;
	int rc = 1;

	if (argc > 2 || (argc == 2 && strcmp(argv[1], "status"))) {
		fprintf(stderr, "usage: station-server [--config FILE] [--db FILE] hub [status]\n");
		return 2;
	}
	if (queue_open(&q, db, cfg, &kclock_system) < 0 ||
	    kdb_open(&k, db, SQLITE_OPEN_READONLY, "hub") < 0 || hub_cursor_load(&k, &c) < 0 ||
	    queue_changes(q, INT64_MAX, &one, 1, &last) < 0)
		goto out;
	printf("hub: %s\n", cfg->hub.url[0] ? cfg->hub.url : "(none: [hub] url is not set)");
	printf("station: %s\n", cfg->station.id);
	printf("events acknowledged: %lld (newest %lld, %lld not sent yet)\n",
	       (long long)c.events, (long long)last,
	       (long long)(last > c.events ? last - c.events : 0));
	printf("ratings acknowledged: %lld\n", (long long)c.ratings);
	printf("last acknowledged: %lld\nlast tried: %lld\n", (long long)c.acked_at,
	       (long long)c.tried_at);
	printf("last error: %s\n", c.error[0] ? c.error : "none");
	rc = 0;
out:
	kdb_close(&k);
	queue_close(q);
	return rc;
}
