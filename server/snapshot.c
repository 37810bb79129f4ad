/*
 * snapshot.c - the queue's JSON kept written (snapshot.h).  One mutex,
 * held for a data_version (a few microseconds) when the text is current,
 * and for a new text's reads and writing when it is not: the requests that
 * came meanwhile take that one.  A text is handed out with a reference,
 * so a reply still being sent never holds the lock.
 */
#include "snapshot.h"
#include "kerr.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct snapshot {
	pthread_mutex_t lock;
	char *path;
	const struct kconf *cfg;
	const struct kclock *clock;
	snapshot_write_fn write;
	void *ctx;
	/* under lock */
	struct queue *rq;           /* the reading connection, opened at the first use */
	struct queue_view view;     /* what cur was written from */
	int have_view;
	struct snap_text *cur;      /* NULL = none yet */
	int64_t second;             /* cur's second, when it is timed; else -1 */
};

void snap_text_get(struct snap_text *t)
{
	__atomic_add_fetch(&t->refs, 1, __ATOMIC_RELAXED);
}

void snap_text_put(void *p)
{
	struct snap_text *t = p;
	if (t && __atomic_sub_fetch(&t->refs, 1, __ATOMIC_ACQ_REL) == 0)
		free(t);
}

int snapshot_new(struct snapshot **out, const char *path, const struct kconf *cfg,
		 const struct kclock *clock, snapshot_write_fn write, void *ctx)
{
	struct snapshot *s = calloc(1, sizeof(*s));
	*out = NULL;
	if (!s || !(s->path = strdup(path)) || pthread_mutex_init(&s->lock, NULL)) {
		if (s)
			free(s->path);
		free(s);
		return K_ERR_NOMEM;
	}
	s->cfg = cfg;
	s->clock = clock;
	s->write = write;
	s->ctx = ctx;
	s->second = -1;
	*out = s;
	return K_OK;
}

void snapshot_free(struct snapshot *s)
{
	if (!s)
		return;
	snap_text_put(s->cur);
	queue_close(s->rq);
	pthread_mutex_destroy(&s->lock);
	free(s->path);
	free(s);
}

/* A new text of s->view at now, as cur (under lock). */
static int rewrite(struct snapshot *s, int64_t now)
{
	int timed = 0;
	char *text = s->write(s->ctx, &s->view, now, &timed);
	size_t len = text ? strlen(text) : 0;
	struct snap_text *t = text ? malloc(sizeof(*t) + len + 1) : NULL;
	unsigned char h[8];
	char day[16];

	if (!t) {
		free(text);
		return K_ERR_NOMEM;
	}
	t->refs = 1;
	t->len = len;
	memcpy(t->text, text, len + 1);
	free(text);
	crypto_generichash(h, sizeof(h), (const unsigned char *)t->text, len, NULL, 0);
	kclock_day_str(s->view.st.day, day, sizeof(day));
	snprintf(t->etag, sizeof(t->etag), "\"%.10s-%lld-%02x%02x%02x%02x%02x%02x%02x%02x\"", day,
		 (long long)s->view.last, h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7]);
	snap_text_put(s->cur);
	s->cur = t;
	s->second = timed ? now : -1;
	return K_OK;
}

int snapshot_get(struct snapshot *s, struct snap_text **out)
{
	int64_t now = kclock_now(s->clock), version = 0;
	int64_t day = kclock_day(now, s->cfg->queue.day_starts);
	int r = K_OK;

	*out = NULL;
	pthread_mutex_lock(&s->lock);
	if (!s->rq)
		r = queue_open(&s->rq, s->path, s->cfg, s->clock);
	if (r == K_OK)
		r = queue_data_version(s->rq, &version);
	if (r == K_OK && (!s->have_view || version != s->view.version || day != s->view.st.day)) {
		/* the database changed (or the day): read it again */
		s->have_view = 0;
		r = queue_view(s->rq, day, &s->view);
		if (r == K_OK) {
			s->have_view = 1;
			r = rewrite(s, now);
		}
	} else if (r == K_OK && (!s->cur || (s->second >= 0 && s->second != now))) {
		r = rewrite(s, now); /* the same view, a second later */
	}
	if (r == K_OK) {
		snap_text_get(s->cur);
		*out = s->cur;
	}
	pthread_mutex_unlock(&s->lock);
	return r;
}
