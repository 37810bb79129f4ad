/*
 * api_queue.c - the queue as staff and screens read and work it: GET /queue
 * (services, counters and recent calls), the counter actions (next, recall,
 * no-show, done, transfer, call a number) and the long-poll of its changes
 * (/events, and the board's /board/events).  Bad input never changes state.
 */
#include "api_private.h"
#include "kclock.h"
#include "kerr.h"
#include "snapshot.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define EVENTS_MAX 100       /* changes in one answer */

static json_t *counter_json(const struct kconf *cfg, const struct queue_status *st, int i)
{
	const struct kconf_counter *cc = kconf_counter(cfg, st->counters[i].id);
	json_t *services = json_array();
	for (int k = 0; k < cfg->nservices; k++)
		if (st->counters[i].services & (1u << k))
			json_array_append_new(services, json_string(cfg->services[k].code));
	char vi[KCONF_NAME], en[KCONF_NAME];
	api_counter_names(cc, vi, en);
	json_t *o = json_pack("{s:i, s:s, s:s, s:b, s:o}", "counter", st->counters[i].id,
			      "name_vi", vi, "name_en", en, "open", st->counters[i].open,
			      "services", services);
	if (o && st->counters[i].number[0]) {
		char at[32];
		kclock_iso(st->counters[i].called_at, at, sizeof(at));
		json_object_set_new(o, "serving", json_string(st->counters[i].number));
		json_object_set_new(o, "state", json_string(queue_state_name(st->counters[i].state)));
		json_object_set_new(o, "service", json_string(st->counters[i].service));
		json_object_set_new(o, "called_at", json_string(at));
	}
	return o;
}

/* The text of GET /api/v1/queue for view at now (snapshot_write_fn). */
static char *queue_text(void *ctx, const struct queue_view *v, int64_t now, int *timed)
{
	struct api *a = ctx;
	const struct queue_status *st = &v->st;
	char day[16];

	*timed = 0;
	json_t *services = json_array(), *counters = json_array(), *calls = json_array();
	for (int i = 0; i < st->nservices; i++) {
		const struct kconf_service *s = kconf_service(a->cfg, st->services[i].code);
		json_t *o = api_service_json(a->cfg, st->services[i].code);
		*timed |= st->services[i].oldest != 0; /* longest_wait_s grows by the second */
		json_object_update_new(o, json_pack("{s:i, s:i, s:i, s:i, s:b, s:i, s:I}",
			"waiting", st->services[i].waiting,
			"waiting_priority", st->services[i].waiting_priority, "issued",
			st->services[i].issued, "served", st->services[i].served, "enabled",
			st->services[i].enabled, "cap", s ? s->cap : 0, "longest_wait_s",
			(json_int_t)(st->services[i].oldest ? now - st->services[i].oldest : 0)));
		json_array_append_new(services, o);
	}
	for (int i = 0; i < st->ncounters; i++)
		json_array_append_new(counters, counter_json(a->cfg, st, i));
	for (int i = 0; i < v->nrecent; i++)
		json_array_append_new(calls, api_ticket_json(&v->recent[i], 0));
	kclock_day_str(st->day, day, sizeof(day));
	json_t *body = json_pack("{s:s, s:I, s:o, s:o, s:o, s:o}", "date", day, "last",
				 (json_int_t)v->last, "station", api_station_json(a->cfg),
				 "services", services, "counters", counters, "recent_calls", calls);
	char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
	json_decref(body);
	return text;
}

int api_queue_init(struct api *a)
{
	return snapshot_new(&a->snap, queue_path(a->q), a->cfg, a->clock, queue_text, a);
}

void api_queue_destroy(struct api *a)
{
	snapshot_free(a->snap);
	a->snap = NULL;
}

/*
 * GET /api/v1/queue: the snapshot's text (snapshot.h), with its ETag; a
 * client that names that tag in If-None-Match gets 304 and no body.
 */
void api_queue(void *app, const struct http_request *rq, struct http_reply *out)
{
	struct api *a = app;
	struct snap_text *t;
	int r = snapshot_get(a->snap, &t);

	if (r < 0) {
		http_error(out, 503, "unavailable", kerr_text(r));
		return;
	}
	snprintf(out->etag, sizeof(out->etag), "%s", t->etag);
	if (http_none_match(rq, t->etag)) {
		snap_text_put(t);
		out->status = 304;
		return;
	}
	out->status = 200;
	out->text = t->text;
	out->text_len = t->len;
	out->text_done = snap_text_put;
	out->text_ctx = t;
}

static void counter_action(struct api *a, const struct http_request *rq, struct http_reply *out,
			   const char *what)
{
	struct queue_ticket t;
	long id = api_counter_arg(a, rq, out);
	int r;

	if (!id)
		return;
	if (!strcmp(what, "transfer") || !strcmp(what, "call")) {
		const char *field = what[0] == 't' ? "service" : "number";
		json_t *o = api_body_object(rq, out);
		if (!o)
			return;
		json_t *v = json_object_get(o, field);
		const struct kconf_service *of;
		int64_t seq;
		if (!json_is_string(v) || json_string_length(v) > 11 ||
		    (what[0] == 'c' && queue_number_parse(a->cfg, json_string_value(v), &of,
							  &seq) == K_ERR_INVALID)) {
			json_decref(o);
			http_error(out, 400, "bad_request", what[0] == 't' ?
				   "\"service\" (a service code) is required" :
				   "\"number\" (a ticket number as the slip prints it, such as "
				   "A012) is required");
			return;
		}
		pthread_mutex_lock(&a->lock);
		r = queue_counter_staff(a->q, (int)id, rq->who->name);
		if (r == K_OK)
			r = what[0] == 't' ? queue_transfer(a->q, (int)id, json_string_value(v), &t) :
					     queue_call_number(a->q, (int)id, json_string_value(v), &t);
		json_decref(o);
	} else {
		pthread_mutex_lock(&a->lock);
		/* who works the counter now: the visits it calls are theirs in the reports */
		r = queue_counter_staff(a->q, (int)id, rq->who->name);
		if (r == K_OK)
			r = !strcmp(what, "next")    ? queue_call_next(a->q, (int)id, &t) :
			    !strcmp(what, "recall")  ? queue_recall(a->q, (int)id, &t) :
			    !strcmp(what, "no-show") ? queue_noshow(a->q, (int)id, &t) :
						       queue_finish(a->q, (int)id, &t);
	}
	if (r == K_OK) {
		char detail[64];
		snprintf(detail, sizeof(detail), "counter %ld: %s", id, t.number);
		staff_audit(a->staff, kclock_now(a->clock), rq->who->name, what, detail);
		pthread_cond_broadcast(&a->changed);
	}
	pthread_mutex_unlock(&a->lock);
	switch (r) {
	case K_OK:
		out->status = 200;
		out->body = api_ticket_json(&t, 0);
		return;
	case K_ERR_EMPTY:
		out->status = 204; /* nobody is waiting */
		return;
	case K_ERR_STATE:
		if (!strcmp(what, "call"))
			http_error(out, 409, "not_waiting", "that ticket is not waiting");
		else
			http_error(out, 409, "no_citizen", "the counter has no citizen it can do that to");
		return;
	case K_ERR_NOT_FOUND:
		if (!strcmp(what, "call")) {
			http_error(out, 404, "unknown_ticket", "no ticket with that number today");
			return;
		}
		/* fall through */
	case K_ERR_INVALID:
		http_error(out, 422, "bad_service", "not a service this ticket can move to");
		return;
	default:
		api_refused(a, r, NULL, out);
	}
}

void api_next(void *app, const struct http_request *rq, struct http_reply *out)
{
	counter_action(app, rq, out, "next");
}

void api_recall(void *app, const struct http_request *rq, struct http_reply *out)
{
	counter_action(app, rq, out, "recall");
}

void api_noshow(void *app, const struct http_request *rq, struct http_reply *out)
{
	counter_action(app, rq, out, "no-show");
}

void api_done(void *app, const struct http_request *rq, struct http_reply *out)
{
	counter_action(app, rq, out, "done");
}

void api_transfer(void *app, const struct http_request *rq, struct http_reply *out)
{
	counter_action(app, rq, out, "transfer");
}

void api_call(void *app, const struct http_request *rq, struct http_reply *out)
{
	counter_action(app, rq, out, "call");
}

static json_t *change_json(const struct queue_change *c)
{
	char at[32];
	kclock_iso(c->at, at, sizeof(at));
	json_t *o = json_pack("{s:I, s:s, s:s}", "seq", (json_int_t)c->seq, "kind", c->kind, "at", at);
	if (o && c->number[0]) {
		json_object_set_new(o, "number", json_string(c->number));
		json_object_set_new(o, "service", json_string(c->service));
	}
	if (o && c->counter)
		json_object_set_new(o, "counter", json_integer(c->counter));
	if (o && c->subject[0]) /* a service switched, a kiosk's printer */
		json_object_set_new(o, strcmp(c->kind, "device") ? "service" : "device",
				    json_string(c->subject));
	return o;
}

/*
 * GET /api/v1/events?since=N[&wait=S]: the changes after N, waiting up to S
 * seconds (default 25) for one.  Without since: at once, with the newest seq.
 * The lobby board's /api/v1/board/events is the same, without a token.
 * A wait takes a place (http_hold): with none free it answers 503 at once
 * with a Retry-After (the board page and the SDL board back off and read
 * the board again); a client that hangs up ends its wait within
 * API_WAIT_POLL_MS, and its place and thread are free.
 */
void api_events(void *app, const struct http_request *rq, struct http_reply *out)
{
	struct api *a = app;
	struct queue_change c[EVENTS_MAX];
	long since = -1, wait = 25;
	int64_t last = 0;
	int gone = 0, has_since = api_query_int(rq, "since", 0, 9223372036854775807L, &since);

	if (has_since < 0 || api_query_int(rq, "wait", 0, 60, &wait) < 0) {
		http_error(out, 400, "bad_request", "since is a sequence number, wait 0 to 60 seconds");
		return;
	}
	int n = api_wait_changes(a, rq, has_since ? since : -1, wait, c, EVENTS_MAX, &last, out,
				 &gone);
	if (gone) /* busy, or the client left: out says so */
		return;
	if (n < 0) {
		http_error(out, 503, "unavailable", kerr_text(n));
		return;
	}
	json_t *list = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(list, change_json(&c[i]));
	out->status = 200;
	out->body = json_pack("{s:I, s:o}", "last", (json_int_t)last, "events", list);
}
