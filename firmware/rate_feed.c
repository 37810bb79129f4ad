/*
 * rate_feed.c - the rating panel's two threads (rate_feed.h): the follower
 * long-polls GET /rating and posts what changed; the sender takes the
 * ratings from its ring and posts what the server made of each.
 *
 * Each has its own client (a curl handle is one thread's), so a rating
 * goes out at once even while the follower's long-poll is held.  The
 * follower posts a view only when it differs from the last one posted in
 * more than its seconds left: the long-poll's quiet ends cost the screen
 * nothing.  Both are threads of the kit (core/kthread.h): their waits end
 * at once on stop, their retries wait by kbackoff.
 */
#include "rate_feed.h"
#include "kerr.h"
#include "klog.h"
#include "kthread.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LONG_POLL_S 25
#define MAX_RATINGS 4        /* ratings waiting to be sent: a panel makes one a ticket */

struct job {
	char number[12];
	int level, reason;
	int64_t until;           /* kthread_now_ms(): tried until then */
};

struct rate_feed {
	const struct kconf *cfg;
	Uint32 type;
	struct ksync_rate *get, *post;
	struct kthread *follower, *sender;
	int online;              /* as last told: 1, 0, -1 = not yet */
	struct rate_view shown;  /* the last view posted */
	int posted;
	struct job jobs[MAX_RATINGS];
	struct kring ring;       /* of jobs, under the sender's lock */
};

static void post(Uint32 type, const struct rate_news *n)
{
	struct rate_news *copy = malloc(sizeof(*copy));
	SDL_Event e;

	if (!copy)
		return;
	*copy = *n;
	SDL_zero(e);
	e.type = type;
	e.user.data1 = copy;
	if (SDL_PushEvent(&e) != 1)
		free(copy);
}

/* Two views alike but for the seconds left in them? */
static int same_view(const struct rate_view *a, const struct rate_view *b)
{
	struct rate_view x = *a, y = *b;
	x.expires_in = y.expires_in = 0;
	x.last = y.last = 0;
	return !memcmp(&x, &y, sizeof(x));
}

static void note_online(struct rate_feed *f, int online, int r)
{
	if (f->online != online && (online == 0 || f->online == 0))
		klog(online ? KLOG_INFO : KLOG_WARN, "rate: the station server %s",
		     online ? "answers again" : "does not answer; the panel stays as it is");
	if (!online && f->online != 0) {
		struct rate_news n = { .kind = RATE_NEWS_AWAY, .rc = r };
		post(f->type, &n);
	}
	f->online = online;
}

static void follow(struct kthread *t, void *arg)
{
	struct rate_feed *f = arg;
	struct rate_news n = { .kind = RATE_NEWS_VIEW };
	struct kbackoff backoff;
	int64_t since = -1;
	int call_ms = 1000 * f->cfg->sync.timeout;

	kbackoff_init(&backoff, 1, f->cfg->sync.interval);
	while (!kthread_stopping(t)) {
		kthread_busy(t, "waiting for the counter's news", LONG_POLL_S * 1000 + 2 * call_ms);
		int r = ksync_rate_get(f->get, since, LONG_POLL_S, &n.view);
		if (r == K_OK) {
			if (f->online != 1)
				klog(KLOG_INFO, "rate: following counter %d at %s", n.view.counter,
				     f->cfg->sync.server);
			if (f->online != 1 && n.view.counter != f->cfg->kiosk.rate_counter)
				klog(KLOG_WARN, "rate: [sync] token is counter %d's rater token, not "
				     "counter %d's ([kiosk] rate_counter): the panel shows and rates "
				     "counter %d", n.view.counter, f->cfg->kiosk.rate_counter,
				     n.view.counter);
			note_online(f, 1, r);
			kbackoff_reset(&backoff);
			since = n.view.last; /* a new database's lower seq is taken as it is */
			if (!f->posted || !same_view(&n.view, &f->shown))
				post(f->type, &n);
			f->shown = n.view;
			f->posted = 1;
			continue;
		}
		if (kthread_stopping(t))
			break;
		note_online(f, 0, r);
		since = -1; /* back: the state at once, then the long-poll */
		int wait_s = kbackoff_next(&backoff);
		klog(KLOG_DEBUG, "rate: %s; next try in %d s", kerr_text(r), wait_s);
		kthread_idle(t);
		if (kthread_wait(t, wait_s * 1000))
			break;
	}
}

/* One rating, tried again while the server is away and its window lasts. */
static void send_one(struct kthread *t, struct rate_feed *f, const struct job *j)
{
	struct rate_news n = { .kind = RATE_NEWS_SENT, .level = j->level, .reason = j->reason };
	struct kbackoff backoff;

	snprintf(n.number, sizeof(n.number), "%s", j->number);
	kbackoff_init(&backoff, 1, f->cfg->sync.interval);
	for (;;) {
		kthread_busy(t, "sending a rating", 2000 * f->cfg->sync.timeout);
		n.rc = ksync_rate_send(f->post, j->number, j->level, j->reason, &n.sent);
		int64_t left = j->until - kthread_now_ms();
		if (n.rc != K_ERR_UNREACHABLE || left <= 0 || kthread_stopping(t))
			break;
		int wait_ms = kbackoff_next(&backoff) * 1000;
		kthread_idle(t);
		if (kthread_wait(t, wait_ms < left ? wait_ms : (int)left))
			return;
	}
	if (n.rc == K_OK)
		klog(n.sent == RATE_SENT_TAKEN ? KLOG_INFO : KLOG_WARN, "rate: %s rated %d%s: %s",
		     j->number, j->level, j->reason ? " with a reason" : "", rate_sent_name(n.sent));
	else
		klog(KLOG_WARN, "rate: the rating of %s was not taken (%s)", j->number,
		     kerr_text(n.rc));
	post(f->type, &n);
}

static void send_ratings(struct kthread *t, void *arg)
{
	struct rate_feed *f = arg;
	struct job j;
	while (kring_get(t, &f->ring, &j))
		send_one(t, f, &j);
}

int rate_feed_send(struct rate_feed *f, const char *number, int level, int reason,
		   int window_ms)
{
	struct job j = { .level = level, .reason = reason };
	snprintf(j.number, sizeof(j.number), "%s", number);
	j.until = kthread_now_ms() + (window_ms > 0 ? window_ms : 0);
	int r = kring_put(f->sender, &f->ring, &j, NULL);
	if (r < 0)
		klog(KLOG_WARN, "rate: ratings wait already: %s is not sent", number);
	return r;
}

int rate_feed_start(struct rate_feed **out, const struct kconf *cfg, Uint32 event_type)
{
	struct rate_feed *f = calloc(1, sizeof(*f));
	int r;

	*out = NULL;
	if (!f)
		return K_ERR_NOMEM;
	f->cfg = cfg;
	f->type = event_type;
	f->online = -1;
	f->ring = (struct kring)KRING_OF(f->jobs);
	r = ksync_rate_open(&f->get, cfg);
	if (r == K_OK)
		r = ksync_rate_open(&f->post, cfg);
	if (r == K_OK)
		r = kthread_start(&f->sender, "rate-send", KTHREAD_TICK_MS, send_ratings, f);
	if (r == K_OK)
		r = kthread_start(&f->follower, "rate-follow", KTHREAD_TICK_MS, follow, f);
	if (r < 0) {
		rate_feed_stop(f);
		return r;
	}
	*out = f;
	return K_OK;
}

void rate_feed_stop(struct rate_feed *f)
{
	if (!f)
		return;
	kthread_raise(f->follower);
	kthread_raise(f->sender);
	ksync_rate_cancel(f->get); /* a long-poll ends at once */
	ksync_rate_cancel(f->post);
	kthread_stop(f->follower);
	kthread_stop(f->sender);
	ksync_rate_close(f->get);
	ksync_rate_close(f->post);
	free(f);
}

void rate_feed_drain(Uint32 event_type)
{
	SDL_Event e;
	while (event_type && SDL_PeepEvents(&e, 1, SDL_GETEVENT, event_type, event_type) == 1)
		free(e.user.data1);
}
