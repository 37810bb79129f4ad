/*
 * daycap.c - see daycap.h.
 *
 * A small table of (caller, day, count): asking never counts, so a call
 * another limit refuses (the minute's) does not use the day up; counting
 * is done once the call goes ahead.
 */
#include "daycap.h"
#include "kerr.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct caller {
	char name[DAYCAP_NAME_MAX]; /* "" = a free place */
	int64_t day;
	int count;
	uint64_t heard;              /* when last heard, in calls: the oldest goes */
};

struct daycap {
	int cap;
	uint64_t calls;
	pthread_mutex_t lock;
	struct caller callers[DAYCAP_CALLERS];
};

int daycap_new(struct daycap **out, int per_day)
{
	struct daycap *dc = calloc(1, sizeof(*dc));
	*out = NULL;
	if (!dc || pthread_mutex_init(&dc->lock, NULL) != 0) {
		free(dc);
		return K_ERR_NOMEM;
	}
	dc->cap = per_day;
	*out = dc;
	return K_OK;
}

void daycap_free(struct daycap *dc)
{
	if (!dc)
		return;
	pthread_mutex_destroy(&dc->lock);
	free(dc);
}

/* who's place, or NULL; with make, a new one (free, or the longest unheard). */
static struct caller *find(struct daycap *dc, const char *who, int make)
{
	struct caller *idle = &dc->callers[0];
	for (int i = 0; i < DAYCAP_CALLERS; i++) {
		struct caller *c = &dc->callers[i];
		if (c->name[0] && !strncmp(c->name, who, sizeof(c->name) - 1))
			return c;
		if (!c->name[0] ? idle->name[0] != '\0' : idle->name[0] && c->heard < idle->heard)
			idle = c;
	}
	if (!make)
		return NULL;
	snprintf(idle->name, sizeof(idle->name), "%s", who);
	idle->day = 0;
	idle->count = 0;
	return idle;
}

int daycap_left(struct daycap *dc, const char *who, int64_t day)
{
	pthread_mutex_lock(&dc->lock);
	const struct caller *c = find(dc, who, 0);
	int left = !c || c->day != day || c->count < dc->cap;
	pthread_mutex_unlock(&dc->lock);
	return left;
}

void daycap_count(struct daycap *dc, const char *who, int64_t day)
{
	pthread_mutex_lock(&dc->lock);
	struct caller *c = find(dc, who, 1);
	if (c->day != day) {
		c->day = day;
		c->count = 0;
	}
	c->count++;
	c->heard = ++dc->calls;
	pthread_mutex_unlock(&dc->lock);
}
