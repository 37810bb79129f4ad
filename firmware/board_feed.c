/*
 * board_feed.c - the lobby board's thread: it follows the station server
 * (or the local queue database) and posts what changed to the screen.
 *
 * A call is posted on its own as soon as its event arrives, before the
 * snapshot that follows it is fetched, so the voice starts without waiting
 * for a second request.  After a gap (the server restarted, the network
 * dropped) the feed asks for the events after the last one it saw and
 * announces only the calls of the last minute: older ones are on the list
 * but not read aloud long after the citizen was called.  A long-poll that
 * ends with nothing new is followed by a fresh snapshot, posted only if it
 * differs: a new day empties the list even when nobody is called.
 *
 * A thread of the kit (core/kthread.h): its pauses end at once on stop, a
 * source that does not answer is tried again by kbackoff.
 */
#include "board_feed.h"
#include "kerr.h"
#include "klog.h"
#include "kthread.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LONG_POLL_S 25
#define LOCAL_POLL_MS 200
#define EVENTS_MAX 100
#define FRESH_S 60          /* a call older than this is shown, not announced */

struct board_feed {
	const struct kconf *cfg;
	const struct kclock *clock;
	char db[KCONF_PATH];
	Uint32 type;
	struct ksync_board *server;   /* NULL: the local database */
	struct kthread *thread;
	int online;                   /* as last told: 1, 0, -1 = not yet */
	int64_t since;                /* the last event seen, -1 = none yet */
	struct board_news news;       /* being filled; posted as a copy */
	struct board_view shown;      /* the last snapshot posted */
	struct queue_change ev[EVENTS_MAX];
};

static void post(struct board_feed *f)
{
	struct board_news *copy = malloc(sizeof(*copy));
	SDL_Event e;

	if (!copy)
		return;
	memcpy(copy, &f->news, sizeof(*copy));
	if (f->news.has_view)
		f->shown = f->news.view;
	SDL_zero(e);
	e.type = f->type;
	e.user.data1 = copy;
	if (SDL_PushEvent(&e) != 1)
		free(copy);
	f->news.has_view = 0;
	f->news.ncalls = 0;
}

/* The source answers or not: logged when it changes, told with the next news. */
static void note_online(struct board_feed *f, int online)
{
	if (f->online != online && (online == 0 || f->online == 0))
		klog(online ? KLOG_INFO : KLOG_WARN, "board: %s %s", f->server ?
		     "the station server" : "the queue database", online ? "answers again" :
		     "does not answer; showing the last state");
	f->online = online;
	f->news.online = online;
}

/* Tell the screen at once that the source is away. */
static void set_offline(struct board_feed *f)
{
	if (f->online == 0)
		return;
	note_online(f, 0);
	post(f);
}

/* Keep the calls (called, recalled) of ev[0..n) made since fresh_after. */
static void take_calls(struct board_feed *f, int n, int64_t fresh_after)
{
	for (int i = 0; i < n; i++) {
		const struct queue_change *c = &f->ev[i];
		if ((strcmp(c->kind, "called") != 0 && strcmp(c->kind, "recalled") != 0) ||
		    !c->number[0] || c->at < fresh_after)
			continue;
		if (f->news.ncalls == BOARD_MAX_NEWS) { /* a burst: the newest matter */
			memmove(&f->news.calls[0], &f->news.calls[1],
				sizeof(f->news.calls[0]) * (BOARD_MAX_NEWS - 1));
			f->news.ncalls--;
		}
		f->news.calls[f->news.ncalls++] = *c;
	}
}

/* The newest seq among ev[0..n), or since if none is newer. */
static int64_t newest(const struct board_feed *f, int n, int64_t since)
{
	for (int i = 0; i < n; i++)
		if (f->ev[i].seq > since)
			since = f->ev[i].seq;
	return since;
}

/* ---- the station server ---- */

static int server_view(struct board_feed *f)
{
	int r = ksync_board_view(f->server, &f->news.view);
	if (r == K_OK) {
		f->news.has_view = 1;
		note_online(f, 1);
	}
	return r;
}

/* Follow the events until the server stops answering (returns its error). */
static int server_follow(struct board_feed *f)
{
	int r = server_view(f);
	if (r < 0)
		return r;
	int64_t fresh_after = f->news.view.time - FRESH_S;
	if (f->since < 0 || f->news.view.last < f->since) /* first contact, or a new database */
		f->since = f->news.view.last;
	post(f);
	klog(KLOG_INFO, "board: following %s from event %lld", f->cfg->sync.server,
	     (long long)f->since);
	while (!kthread_stopping(f->thread)) {
		int n = 0;
		int64_t last = 0;
		kthread_busy(f->thread, "waiting for calls from the server",
			     LONG_POLL_S * 1000 + 4000 * f->cfg->sync.timeout);
		r = ksync_board_events(f->server, f->since, LONG_POLL_S, f->ev, EVENTS_MAX, &n, &last);
		if (r < 0)
			return r;
		if (last < f->since) { /* the server's database is a new one */
			f->since = last;
			if ((r = server_view(f)) < 0)
				return r;
			post(f);
			continue;
		}
		if (n == 0) { /* quiet: has anything changed all the same (a new day)? */
			struct board_view *v = &f->news.view;
			if ((r = server_view(f)) < 0)
				return r;
			v->time = f->shown.time;
			if (memcmp(v, &f->shown, sizeof(*v)) != 0)
				post(f);
			f->news.has_view = 0;
			continue;
		}
		take_calls(f, n, fresh_after);
		f->since = newest(f, n, f->since);
		if (f->news.ncalls > 0)
			post(f); /* the voice and the highlight first */
		if ((r = server_view(f)) < 0)
			return r;
		post(f);
	}
	return K_OK;
}

static void run_server(struct kthread *t, struct board_feed *f)
{
	struct kbackoff backoff;
	kbackoff_init(&backoff, 1, f->cfg->sync.interval);
	while (!kthread_stopping(t)) {
		kthread_busy(t, "reading the board from the server", 2000 * f->cfg->sync.timeout);
		int r = server_follow(f);
		if (kthread_stopping(t))
			break;
		kthread_idle(t);
		set_offline(f);
		int wait_s = kbackoff_next(&backoff);
		klog(KLOG_DEBUG, "board: %s; next try in %d s", kerr_text(r), wait_s);
		if (kthread_wait(t, wait_s * 1000))
			break;
		if (r == K_OK)
			kbackoff_reset(&backoff);
	}
}

/* ---- the local queue database ---- */

static void counter_names(const struct kconf *cfg, struct board_call *c)
{
	const struct kconf_counter *k = kconf_counter(cfg, c->counter);
	if (!k)
		return;
	snprintf(c->counter_vi, sizeof(c->counter_vi), "%s", k->name_vi);
	snprintf(c->counter_en, sizeof(c->counter_en), "%s", k->name_en);
}

static int local_view(struct board_feed *f, struct queue *q, int64_t last)
{
	const struct kconf *cfg = f->cfg;
	struct board_view *v = &f->news.view;
	struct queue_status st;
	struct queue_ticket t[BOARD_MAX_CALLS];
	int r = queue_status(q, &st), n = r < 0 ? r : queue_recent_calls(q, t, BOARD_MAX_CALLS);

	if (n < 0)
		return n;
	memset(v, 0, sizeof(*v));
	snprintf(v->station, sizeof(v->station), "%s", cfg->station.id);
	snprintf(v->name_vi, sizeof(v->name_vi), "%s", cfg->station.name_vi);
	snprintf(v->name_en, sizeof(v->name_en), "%s", cfg->station.name_en);
	v->time = kclock_now(f->clock);
	v->last = last;
	for (int i = 0; i < st.nservices && i < KCONF_MAX_SERVICES; i++) {
		const struct kconf_service *s = kconf_service(cfg, st.services[i].code);
		struct board_service *b = &v->services[v->nservices];
		if (!s || !s->enabled)
			continue;
		snprintf(b->code, sizeof(b->code), "%s", s->code);
		snprintf(b->prefix, sizeof(b->prefix), "%s", s->prefix);
		snprintf(b->name_vi, sizeof(b->name_vi), "%s", s->name_vi);
		snprintf(b->name_en, sizeof(b->name_en), "%s", s->name_en);
		b->waiting = st.services[i].waiting;
		v->nservices++;
	}
	for (int i = 0; i < n; i++) {
		struct board_call *c = &v->calls[v->ncalls++];
		snprintf(c->number, sizeof(c->number), "%s", t[i].number);
		snprintf(c->service, sizeof(c->service), "%s", t[i].service);
		c->counter = t[i].counter;
		c->called_at = t[i].called_at;
		c->recalls = t[i].recalls;
		counter_names(cfg, c);
	}
	f->news.has_view = 1;
	return K_OK;
}

/* One look at the database: 0 = nothing more to read now, 1 = read again at
 * once (a full batch), < 0 = it failed. */
static int local_poll(struct board_feed *f, struct queue *q, int64_t *day)
{
	int64_t last = 0, today = kclock_day(kclock_now(f->clock), f->cfg->queue.day_starts);
	int n = queue_changes(q, f->since < 0 ? INT64_MAX : f->since, f->ev, EVENTS_MAX, &last);
	if (n < 0)
		return n;
	if (f->since >= 0 && last >= f->since && n == 0 && today == *day && f->online == 1)
		return 0;
	if (f->since >= 0 && last >= f->since)
		take_calls(f, n, kclock_now(f->clock) - FRESH_S);
	f->since = (f->since < 0 || last < f->since) ? last : newest(f, n, f->since);
	*day = today;
	if (f->news.ncalls > 0)
		post(f);
	int r = local_view(f, q, last);
	if (r < 0)
		return r;
	note_online(f, 1);
	post(f);
	return n == EVENTS_MAX;
}

static void run_local(struct kthread *t, struct board_feed *f)
{
	struct queue *q = NULL;
	struct kbackoff backoff;
	int64_t day = 0;
	int r;

	kbackoff_init(&backoff, 1, f->cfg->sync.interval);
	while (!kthread_stopping(t)) {
		kthread_busy(t, "reading the queue database", 0);
		if (!q && (r = queue_open(&q, f->db, f->cfg, f->clock)) < 0)
			q = NULL;
		r = q ? local_poll(f, q, &day) : K_ERR_DB;
		if (r >= 0) {
			kbackoff_reset(&backoff);
			if (r == 0 && kthread_wait(t, LOCAL_POLL_MS))
				break;
			continue;
		}
		queue_close(q);
		q = NULL;
		set_offline(f);
		kthread_idle(t);
		if (kthread_wait(t, kbackoff_next(&backoff) * 1000))
			break;
	}
	queue_close(q);
}

static void run(struct kthread *t, void *arg)
{
	struct board_feed *f = arg;
	if (f->server)
		run_server(t, f);
	else
		run_local(t, f);
}

int board_feed_start(struct board_feed **out, const struct kconf *cfg,
		     const struct kclock *clock, const char *db, Uint32 event_type)
{
	struct board_feed *f = calloc(1, sizeof(*f));
	int r = K_OK;

	*out = NULL;
	if (!f)
		return K_ERR_NOMEM;
	f->cfg = cfg;
	f->clock = clock;
	f->type = event_type;
	f->online = -1;
	f->since = -1;
	snprintf(f->db, sizeof(f->db), "%s", db ? db : cfg->queue.database);
	if (cfg->sync.server[0])
		r = ksync_board_open(&f->server, cfg);
	if (r == K_OK)
		r = kthread_start(&f->thread, "board-feed", KTHREAD_TICK_MS, run, f);
	if (r < 0) {
		board_feed_stop(f);
		return r;
	}
	*out = f;
	return K_OK;
}

void board_feed_stop(struct board_feed *f)
{
	if (!f)
		return;
	kthread_raise(f->thread);
	ksync_board_cancel(f->server); /* a long-poll ends at once */
	kthread_stop(f->thread);
	ksync_board_close(f->server);
	free(f);
}

void board_feed_drain(Uint32 event_type)
{
	SDL_Event e;
	while (event_type && SDL_PeepEvents(&e, 1, SDL_GETEVENT, event_type, event_type) == 1)
		free(e.user.data1);
}
