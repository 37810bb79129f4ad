/*
 * ratelimit.c - see ratelimit.h.
 *
 * Each caller keeps a ring of the times of its last per_minute calls: a
 * call is allowed while the ring is not full, or when the oldest time in it
 * has left the minute (and then takes its place).  The rings are made when
 * a caller is first heard and kept for the next caller in the same place,
 * so a busy limiter allocates nothing.
 */
#include "ratelimit.h"
#include "kerr.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct caller {
	char name[RATELIMIT_NAME_MAX];
	int64_t *t;              /* a ring of the last `rate` calls' times */
	int n, head;
	int64_t last;
};

struct ratelimit {
	int rate;                /* calls per minute */
	pthread_mutex_t lock;
	struct caller callers[RATELIMIT_CALLERS];
};

int ratelimit_new(struct ratelimit **out, int per_minute)
{
	struct ratelimit *rl = calloc(1, sizeof(*rl));
	*out = NULL;
	if (!rl || pthread_mutex_init(&rl->lock, NULL) != 0) {
		free(rl);
		return K_ERR_NOMEM;
	}
	rl->rate = per_minute;
	*out = rl;
	return K_OK;
}

void ratelimit_free(struct ratelimit *rl)
{
	if (!rl)
		return;
	for (int i = 0; i < RATELIMIT_CALLERS; i++)
		free(rl->callers[i].t);
	pthread_mutex_destroy(&rl->lock);
	free(rl);
}

int ratelimit_allow(struct ratelimit *rl, const char *who, int64_t now_ms, int *retry_after)
{
	int rate = rl->rate, ok = 1;
	struct caller *c = NULL, *idle = &rl->callers[0];

	*retry_after = 0;
	pthread_mutex_lock(&rl->lock);
	for (int i = 0; i < RATELIMIT_CALLERS && !c; i++) {
		if (rl->callers[i].t && !strcmp(rl->callers[i].name, who))
			c = &rl->callers[i];
		else if (!rl->callers[i].t || (idle->t && rl->callers[i].last < idle->last))
			idle = &rl->callers[i]; /* an empty place, or the longest unheard */
	}
	if (!c) { /* a new caller takes an empty place, or the one heard from longest ago */
		c = idle;
		if (!c->t)
			c->t = calloc((size_t)rate, sizeof(*c->t));
		if (!c->t) {
			pthread_mutex_unlock(&rl->lock);
			return 1; /* no memory is no reason to refuse a caller */
		}
		snprintf(c->name, sizeof(c->name), "%s", who);
		c->n = c->head = 0;
	}
	c->last = now_ms;
	if (c->n < rate) {
		c->t[(c->head + c->n++) % rate] = now_ms;
	} else if (c->t[c->head] <= now_ms - RATELIMIT_WINDOW_MS) {
		c->t[c->head] = now_ms; /* the oldest has left the minute */
		c->head = (c->head + 1) % rate;
	} else {
		int64_t wait = c->t[c->head] + RATELIMIT_WINDOW_MS - now_ms;
		*retry_after = (int)((wait + 999) / 1000);
		ok = 0;
	}
	pthread_mutex_unlock(&rl->lock);
	return ok;
}
