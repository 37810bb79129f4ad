/*
 * api_public.c - what the public listener ([public] listen) answers: a
 * ticket's own page, followed from the citizen's phone (docs/public.md).
 *
 *   GET  /t/<token>          the page (www/ticket.html)
 *   GET  /t/s/<file>         its script and style (ticket.js, ticket.css)
 *   GET  /t/<token>/state    the ticket now, or when the queue next changes
 *   POST /t/<token>/rating   the citizen's rating of a finished ticket
 *
 * Nothing else answers there: the listener has only these routes, and no
 * staff session, so any other path and any other method is 404.  A token
 * opens its ticket until the end of the ticket's day; a token a kiosk
 * signed today but has not pushed yet opens "not received yet"; any other
 * is 404, the same answer for every wrong token.  Tokens are looked up by
 * their hash (core/ticket_page.h), and a wrong one costs the same work
 * whatever it is: one look-up and one MAC per kiosk.  One address may ask
 * [public] per_minute times a minute (429 with Retry-After after).
 * What the page is told: the ticket's number, service, state and counter,
 * the people ahead and the wait, what the counters serve now, the unit's
 * name and hotline.  Nothing about anybody.
 */
#include "api_private.h"
#include "kclock.h"
#include "kerr.h"
#include "klog.h"
#include "ratelimit.h"
#include "ticket_page.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define STATE_WAIT_MAX 30 /* seconds a page's long-poll may be held */

/* One more request from this address this minute?  1, or 0 with a 429 in
 * out.  The station itself (127.0.0.1: a reverse proxy on this machine,
 * which limits its own clients) is not limited. */
static int allowed(struct api *a, const struct http_request *rq, struct http_reply *out)
{
	char who[RATELIMIT_NAME_MAX] = "page:";
	struct timespec ts;
	int retry;

	http_client_address(rq, who + 5, sizeof(who) - 5);
	if (!a->pages || !strcmp(who + 5, "127.0.0.1") || !strcmp(who + 5, "-"))
		return 1; /* "-": not over a connection (a test's) */
	clock_gettime(CLOCK_MONOTONIC, &ts);
	if (ratelimit_allow(a->pages, who, (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000,
			    &retry))
		return 1;
	http_error(out, 429, "rate_limited", "too many requests from this address; try again "
		   "a little later");
	out->retry_after = retry;
	return 0;
}

static void not_found(struct http_reply *out)
{
	http_error(out, 404, "not_found", "no such ticket today");
}

enum found { PAGE_LIMITED = -2, PAGE_ERROR, PAGE_UNKNOWN, PAGE_NOT_RECEIVED, PAGE_FOUND };

/* Was this token made today by one of the station's kiosks?  Every kiosk's
 * key is tried, whatever the answer, so the time says nothing. */
static int kiosk_signed(const struct api *a, const uint8_t bin[TICKET_PAGE_BYTES], int64_t day)
{
	uint8_t key[TICKET_PAGE_KEY];
	int yes = 0;

	for (int i = 0; i < a->cfg->server.ntokens; i++) {
		const struct kconf_token *t = &a->cfg->server.tokens[i];
		if (t->staff || t->booking || t->rater)
			continue;
		ticket_page_key(t->token, key);
		yes |= ticket_page_signed(key, day, bin);
	}
	return yes;
}

/* What token (the route's "*") opens, under a->lock. */
static enum found find(struct api *a, const char *token, struct queue_page *pg)
{
	uint8_t bin[TICKET_PAGE_BYTES], hash[TICKET_PAGE_HASH];

	if (ticket_page_parse(token, bin) < 0)
		return PAGE_UNKNOWN;
	ticket_page_hash(bin, hash);
	int r = queue_page_find(a->q, hash, pg);
	if (r == K_OK)
		return PAGE_FOUND;
	if (r != K_ERR_NOT_FOUND)
		return PAGE_ERROR;
	int64_t day = kclock_day(kclock_now(a->clock), a->cfg->queue.day_starts);
	return kiosk_signed(a, bin, day) ? PAGE_NOT_RECEIVED : PAGE_UNKNOWN;
}

/* The route's token, once this address may ask again: PAGE_LIMITED (a 429
 * in out), or what it opens. */
static enum found ask(struct api *a, const struct http_request *rq, struct queue_page *pg,
		      struct http_reply *out)
{
	if (!allowed(a, rq, out))
		return PAGE_LIMITED;
	pthread_mutex_lock(&a->lock);
	enum found f = find(a, rq->arg, pg);
	pthread_mutex_unlock(&a->lock);
	return f;
}

/* GET /t/<token>: the page, for a token that opens one; else the same page
 * as 404 (it then says there is no such ticket), the same for every token. */
static void h_page(void *app, const struct http_request *rq, struct http_reply *out)
{
	struct api *a = app;
	struct queue_page pg;
	enum found f = ask(a, rq, &pg, out);

	if (f == PAGE_LIMITED)
		return;
	www_file(a, "ticket.html", out);
	if (out->status == 200 && f == PAGE_UNKNOWN)
		out->status = 404;
	else if (out->status == 200 && f == PAGE_ERROR)
		out->status = 503;
}

/* GET /t/s/<file>: the page's own files, and only those. */
static void h_file(void *app, const struct http_request *rq, struct http_reply *out)
{
	if (!allowed(app, rq, out))
		return;
	if (rq->arg && (!strcmp(rq->arg, "ticket.js") || !strcmp(rq->arg, "ticket.css")))
		www_file(app, rq->arg, out);
	else
		http_error(out, 404, "not_found", "no such file");
}

/* The wait as a range the citizen can believe: about 15 % either side, in
 * steps of 5 minutes from 10 minutes on ("15–25 phút" for 20). */
static void wait_range(int w, int *lo, int *hi)
{
	if (w < 10) {
		*lo = w > 3 ? w - 2 : 1;
		*hi = w + 2;
		return;
	}
	*lo = (w * 85 + 250) / 500 * 5;  /* 0.85 w to the nearest 5 */
	*hi = (w * 115 + 250) / 500 * 5;
	if (*hi < *lo + 5)
		*hi = *lo + 5;
}

static const char *state_word(int state)
{
	switch (state) {
	case QUEUE_WAITING: return "waiting";
	case QUEUE_CALLED: return "called";
	case QUEUE_SERVING: return "serving";
	case QUEUE_DONE: return "done";
	case QUEUE_NOSHOW: return "missed";
	default: return "expired";
	}
}

static json_t *words_json(const struct kconf_words *w)
{
	json_t *list = json_array();
	for (int i = 0; i < w->n; i++)
		json_array_append_new(list, json_string(w->w[i]));
	return list;
}

static json_t *counter_json(const struct api *a, int counter, const char *number)
{
	char vi[KCONF_NAME], en[KCONF_NAME];
	api_counter_names(kconf_counter(a->cfg, counter), vi, en);
	json_t *o = json_pack("{s:i, s:s, s:s}", "counter", counter, "counter_name_vi", vi,
			      "counter_name_en", en);
	if (number)
		json_object_set_new(o, "number", json_string(number));
	return o;
}

static json_t *ticket_json(const struct api *a, const struct queue_page *pg)
{
	const struct queue_ticket *t = &pg->t;
	const struct kconf_service *s = kconf_service(a->cfg, t->service);
	int waiting = t->state == QUEUE_WAITING, lo = 0, hi = 0, at_counter =
		t->state == QUEUE_CALLED || t->state == QUEUE_SERVING || t->state == QUEUE_DONE;

	if (waiting && t->ahead > 0)
		wait_range(t->wait_minutes, &lo, &hi);
	json_t *o = counter_json(a, at_counter ? t->counter : 0, NULL);
	json_t *more = json_pack("{s:s, s:s, s:s, s:s, s:s, s:b, s:i, s:i, s:i}",
				 "number", t->number, "service", t->service,
				 "service_vi", s ? s->name_vi : "", "service_en", s ? s->name_en : "",
				 "state", state_word(t->state), "priority", t->priority,
				 "ahead", waiting ? t->ahead : 0, "wait_min", lo, "wait_max", hi);
	json_object_update(o, more);
	json_decref(more);
	return o;
}

static json_t *rating_json(const struct api *a, const struct queue_page *pg)
{
	const struct kconf *cfg = a->cfg;
	if (pg->t.state != QUEUE_DONE)
		return json_null();
	return json_pack("{s:b, s:b, s:o, s:o, s:o, s:o, s:i}", "open", !pg->rated,
			 "rated", pg->rated, "levels_vi", words_json(&cfg->rating.levels_vi),
			 "levels_en", words_json(&cfg->rating.levels_en),
			 "reasons_vi", words_json(&cfg->rating.reasons_vi),
			 "reasons_en", words_json(&cfg->rating.reasons_en),
			 "ask_reason", cfg->rating.ask_reason);
}

/* The page's JSON (contract: docs/public.md), under a->lock. */
static int state_json(struct api *a, const char *token, int64_t seq, struct http_reply *out)
{
	struct queue_page pg;
	struct queue_status st;
	char now[32];
	enum found f = find(a, token, &pg);
	int r = f == PAGE_FOUND ? queue_status(a->q, &st) : K_OK;

	if (f == PAGE_UNKNOWN) {
		not_found(out);
		return K_OK;
	}
	if (f == PAGE_ERROR || r < 0)
		return K_ERR_DB;
	kclock_iso(kclock_now(a->clock), now, sizeof(now));
	json_t *station = api_station_json(a->cfg);
	json_object_set_new(station, "hotline", json_string(a->cfg->station.hotline));
	out->status = 200;
	out->body = json_pack("{s:b, s:I, s:s, s:o, s:i}", "received", f == PAGE_FOUND,
			      "seq", (json_int_t)seq, "now", now, "station", station,
			      "near", a->cfg->public.near);
	if (f != PAGE_FOUND)
		return K_OK;
	json_t *serving = json_array();
	for (int i = 0; i < st.ncounters; i++)
		if (st.counters[i].number[0])
			json_array_append_new(serving, counter_json(a, st.counters[i].id,
								    st.counters[i].number));
	json_object_set_new(out->body, "ticket", ticket_json(a, &pg));
	json_object_set_new(out->body, "serving", serving);
	json_object_set_new(out->body, "rating", rating_json(a, &pg));
	return K_OK;
}

/* GET /t/<token>/state[?since=SEQ&wait=S]: at once, or held until the
 * queue changes after SEQ (at most S seconds).  A page that finds every
 * place to wait taken is answered at once and told when to ask again
 * ("poll"): it follows by polling until a place is free. */
static void h_state(void *app, const struct http_request *rq, struct http_reply *out)
{
	struct api *a = app;
	struct queue_change c[1];
	long since = -1, wait = 0;
	int64_t last = 0;
	int answered, poll = 0;

	if (api_query_int(rq, "since", 0, LONG_MAX, &since) < 0 || api_query_int(rq, "wait", 0, STATE_WAIT_MAX, &wait) < 0) {
		http_error(out, 400, "bad_request", "since is the last seq; wait 0-30 seconds");
		return;
	}
	/* a token that opens nothing is not held */
	struct queue_page pg;
	enum found f = ask(a, rq, &pg, out);
	if (f == PAGE_LIMITED)
		return;
	if (f == PAGE_UNKNOWN) {
		not_found(out);
		return;
	}
	int n = api_wait_changes(a, rq, since, wait, c, 1, &last, out, &answered);
	if (answered && out->status == 503 && out->retry_after > 0) {
		poll = out->retry_after; /* no place to wait: answer now, ask again later */
		json_decref(out->body);
		out->body = NULL;
		out->retry_after = 0;
		n = api_wait_changes(a, rq, -1, 0, c, 1, &last, out, &answered);
	}
	if (answered)
		return;
	if (n < 0) {
		http_error(out, 503, "unavailable", kerr_text(n));
		return;
	}
	pthread_mutex_lock(&a->lock);
	int r = state_json(a, rq->arg, last, out);
	pthread_mutex_unlock(&a->lock);
	if (r < 0)
		http_error(out, 503, "unavailable", kerr_text(r));
	else if (poll && out->status == 200)
		json_object_set_new(out->body, "poll", json_integer(poll));
}

/* POST /t/<token>/rating {"level", "reason"}: once, for a finished ticket. */
static void h_rate(void *app, const struct http_request *rq, struct http_reply *out)
{
	struct api *a = app;
	struct queue_page pg;
	enum found f = ask(a, rq, &pg, out);

	if (f != PAGE_FOUND) {
		if (f == PAGE_LIMITED)
			return;
		if (f == PAGE_ERROR)
			http_error(out, 503, "unavailable", "try again");
		else if (f == PAGE_NOT_RECEIVED)
			http_error(out, 409, "not_finished", "this ticket has not been served yet");
		else
			not_found(out);
		return;
	}
	json_t *o = api_body_object(rq, out);
	if (!o)
		return;
	api_rate_number(a, pg.t.number, json_object_get(o, "level"), json_object_get(o, "reason"),
			0, QUEUE_RATE_PHONE, out);
	json_decref(o);
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
const struct http_route public_routes[] = {
	{ "GET", "/t/s/*", AUTH_NONE, h_file },
	{ "GET", "/t/*", AUTH_NONE, h_page },
	{ "GET", "/t/*/state", AUTH_NONE, h_state },
	{ "POST", "/t/*/rating", AUTH_NONE, h_rate, 256 },
};
#pragma GCC diagnostic pop
const size_t public_nroutes = sizeof(public_routes) / sizeof(public_routes[0]);
