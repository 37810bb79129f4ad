/*
 * ksync_board.c - the board's two requests to the station server and their
 * answers read into plain structs, so the screen never sees JSON.
 *
 * Every string is copied with its field's size as the cap; a list longer
 * than its array is cut, never overflowed; a field missing or of the wrong
 * type reads as empty or 0.  Only "not a JSON object" and "no list where
 * one must be" are errors (K_ERR_PROTOCOL).
 */
#include "ksync_board.h"
#include "ksync_private.h"
#include "kerr.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ksync_board {
	struct sync_http *http;
	long timeout_ms;
};

int ksync_board_open(struct ksync_board **out, const struct kconf *cfg)
{
	struct ksync_board *b = calloc(1, sizeof(*b));
	*out = NULL;
	if (!b)
		return K_ERR_NOMEM;
	int r = sync_http_open(&b->http, cfg);
	if (r < 0) {
		free(b);
		return r;
	}
	b->timeout_ms = (long)cfg->sync.timeout * 1000;
	*out = b;
	return K_OK;
}

void ksync_board_close(struct ksync_board *b)
{
	if (!b)
		return;
	sync_http_close(b->http);
	free(b);
}

void ksync_board_cancel(struct ksync_board *b)
{
	if (b)
		sync_http_cancel(b->http);
}

static int jint(json_t *o, const char *key)
{
	return (int)ks_jcount(o, key); /* 0 to KS_COUNT_MAX whatever the server says */
}

#define COPY(dst, o, key) snprintf((dst), sizeof(dst), "%s", ks_jstr((o), (key)))

static int64_t jtime(json_t *o, const char *key)
{
	int64_t t = 0;
	return kclock_parse_iso(ks_jstr(o, key), &t) == 0 ? t : 0;
}

static void read_service(json_t *o, struct board_service *s)
{
	COPY(s->code, o, "service");
	COPY(s->prefix, o, "prefix");
	COPY(s->name_vi, o, "name_vi");
	COPY(s->name_en, o, "name_en");
	s->waiting = jint(o, "waiting");
}

static void read_call(json_t *o, struct board_call *c)
{
	COPY(c->number, o, "number");
	COPY(c->service, o, "service");
	c->counter = jint(o, "counter");
	COPY(c->counter_vi, o, "counter_name_vi");
	COPY(c->counter_en, o, "counter_name_en");
	c->called_at = jtime(o, "called_at");
	c->recalls = jint(o, "recalls");
}

int ksync_board_view(struct ksync_board *b, struct board_view *out)
{
	json_t *reply = NULL, *v;
	long status = 0;
	size_t i;

	memset(out, 0, sizeof(*out));
	int r = sync_http_call(b->http, "GET", "/board", NULL, b->timeout_ms, &status, &reply);
	json_t *station = json_object_get(reply, "station");
	json_t *services = json_object_get(reply, "services"), *calls = json_object_get(reply, "calls");
	if (r == K_OK && (status != 200 || !json_is_array(services) || !json_is_array(calls)))
		r = K_ERR_PROTOCOL;
	if (r < 0)
		goto out;
	COPY(out->station, station, "id");
	COPY(out->name_vi, station, "name_vi");
	COPY(out->name_en, station, "name_en");
	out->time = jtime(reply, "time");
	out->last = json_integer_value(json_object_get(reply, "last"));
	json_array_foreach(services, i, v) /* a service off today is not shown */
		if (out->nservices < KCONF_MAX_SERVICES && json_is_object(v) &&
		    !json_is_false(json_object_get(v, "enabled")))
			read_service(v, &out->services[out->nservices++]);
	json_array_foreach(calls, i, v)
		if (out->ncalls < BOARD_MAX_CALLS && json_is_object(v) &&
		    json_is_string(json_object_get(v, "number")))
			read_call(v, &out->calls[out->ncalls++]);
out:
	json_decref(reply);
	return r;
}

int ksync_board_events(struct ksync_board *b, int64_t since, int wait_s,
		       struct queue_change *out, int max, int *n, int64_t *last)
{
	json_t *reply = NULL, *v;
	long status = 0;
	char path[80];
	size_t i;

	*n = 0;
	*last = 0;
	snprintf(path, sizeof(path), "/board/events?since=%lld&wait=%d", (long long)since, wait_s);
	int r = sync_http_call(b->http, "GET", path, NULL, b->timeout_ms + wait_s * 1000L, &status,
			       &reply);
	json_t *events = json_object_get(reply, "events");
	if (r == K_OK && (status != 200 || !json_is_array(events) ||
			  !json_is_integer(json_object_get(reply, "last"))))
		r = K_ERR_PROTOCOL;
	if (r < 0)
		goto out;
	*last = json_integer_value(json_object_get(reply, "last"));
	json_array_foreach(events, i, v) {
		if (*n >= max || !json_is_object(v))
			continue;
		struct queue_change *c = &out[(*n)++];
		memset(c, 0, sizeof(*c));
		c->seq = json_integer_value(json_object_get(v, "seq"));
		c->at = jtime(v, "at");
		COPY(c->kind, v, "kind");
		COPY(c->number, v, "number");
		COPY(c->service, v, "service");
		c->counter = jint(v, "counter");
	}
out:
	json_decref(reply);
	return r;
}
