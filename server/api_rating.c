/*
 * api_rating.c - a counter's rating device (docs/rating.md) and the check
 * of the ratings' chain.
 *
 * GET /api/v1/rating[?since=N&wait=S]: what the device of the token's
 * counter shows (idle; open: the ticket the counter just finished, the
 * levels and reasons of kiosk.conf, the seconds left; rated), held like
 * /api/v1/events until the queue changes after N.
 * POST /api/v1/ratings {"number", "level", "reason"}: the citizen's tap.
 * Both take a rater.<COUNTER> token only, and that token nothing else
 * (http.c).  GET /api/v1/ratings/verify[?from=YYYY-MM-DD]: the chain walked
 * (core/rating.h), for a supervisor, on the reports' connection.
 */
#include "api_private.h"
#include "kclock.h"
#include "kdb.h"
#include "kerr.h"
#include "rating.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#define PROMPT_CHANGES 16 /* a long-poll only needs to know that something changed */

static json_t *words_json(const struct kconf_words *vi, const struct kconf_words *en,
			  const char *key)
{
	json_t *list = json_array();
	for (int i = 0; i < vi->n; i++)
		json_array_append_new(list, json_pack("{s:i, s:s, s:s}", key, i + 1, "vi", vi->w[i],
						      "en", i < en->n ? en->w[i] : vi->w[i]));
	return list;
}

static json_t *prompt_json(struct api *a, int counter, const struct queue_prompt *p,
			   int64_t last)
{
	static const char *const states[] = {
		[QUEUE_PROMPT_IDLE] = "idle", [QUEUE_PROMPT_OPEN] = "open",
		[QUEUE_PROMPT_RATED] = "rated",
	};
	const struct kconf *cfg = a->cfg;
	char vi[KCONF_NAME], en[KCONF_NAME];
	api_counter_names(kconf_counter(cfg, counter), vi, en);
	json_t *o = json_pack("{s:i, s:{s:s, s:s}, s:s, s:I, s:i, s:o, s:o, s:i}", "counter",
			      counter, "counter_name", "vi", vi, "en", en, "state",
			      states[p->state], "last", (json_int_t)last, "seconds",
			      cfg->rating.seconds, "levels",
			      words_json(&cfg->rating.levels_vi, &cfg->rating.levels_en, "level"),
			      "reasons",
			      words_json(&cfg->rating.reasons_vi, &cfg->rating.reasons_en, "reason"),
			      "ask_reason", cfg->rating.ask_reason);
	if (!o || p->state == QUEUE_PROMPT_IDLE)
		return o;
	const struct kconf_service *s = kconf_service(cfg, p->service);
	json_object_set_new(o, "ticket", json_pack("{s:s, s:s, s:{s:s, s:s}}", "number", p->number,
						   "service", p->service, "service_name", "vi",
						   s ? s->name_vi : "", "en", s ? s->name_en : ""));
	json_object_set_new(o, "expires_in", json_integer(p->expires_in));
	if (cfg->rating.show_staff && p->staff[0])
		json_object_set_new(o, "staff", json_string(p->staff));
	return o;
}

static int same_prompt(const struct queue_prompt *x, const struct queue_prompt *y)
{
	return x->state == y->state && strcmp(x->number, y->number) == 0;
}

/*
 * With since: held until what this counter's device shows changes (its
 * counter finishes someone, the ticket is rated), not at every change of
 * the queue, or until wait seconds pass.
 */
void api_rating_prompt(void *app, const struct http_request *rq, struct http_reply *out)
{
	struct api *a = app;
	struct queue_change c[PROMPT_CHANGES];
	struct queue_prompt p, was;
	long since = -1, wait = 25;
	int64_t last = 0;
	int answered = 0, stopping = 0, r = K_OK, counter = rq->who->rater;
	struct timespec t0, now;

	if (api_query_int(rq, "since", 0, 9223372036854775807L, &since) < 0 ||
	    api_query_int(rq, "wait", 0, 60, &wait) < 0) {
		http_error(out, 400, "bad_request", "since is a sequence number, wait 0 to 60 seconds");
		return;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pthread_mutex_lock(&a->lock);
	r = queue_rating_prompt(a->q, counter, &was);
	/* the queue changed after since already: the device has not seen what
	 * it shows now (it may be what was compared with), so no hold */
	if (r >= 0 && since >= 0 && queue_changes(a->q, since, c, 1, &last) != 0)
		wait = 0;
	pthread_mutex_unlock(&a->lock);
	for (long left = wait; r >= 0;) {
		r = api_wait_changes(a, rq, since, left, c, PROMPT_CHANGES, &last, out, &answered);
		if (answered) /* busy, or the client left: out says so */
			return;
		pthread_mutex_lock(&a->lock);
		if (r >= 0)
			r = queue_rating_prompt(a->q, counter, &p);
		stopping = a->stopping;
		pthread_mutex_unlock(&a->lock);
		clock_gettime(CLOCK_MONOTONIC, &now);
		left = wait - (long)(now.tv_sec - t0.tv_sec);
		if (r < 0 || since < 0 || !same_prompt(&p, &was) || left <= 0 || stopping)
			break;
		since = last; /* another counter's change: wait on */
	}
	if (r < 0) {
		http_error(out, 503, "unavailable", kerr_text(r));
		return;
	}
	out->status = 200;
	out->body = prompt_json(a, counter, &p, last);
}

void api_rate_number(struct api *a, const char *number, json_t *level, json_t *reason,
		     int counter, enum queue_rating_channel channel, struct http_reply *out)
{
	if (!number || strlen(number) >= 12 || !json_is_integer(level) ||
	    (reason && !json_is_integer(reason) && !json_is_null(reason))) {
		http_error(out, 400, "bad_request", "a rating is {\"level\": 1, \"reason\": 2} "
			   "(reason optional)");
		return;
	}
	json_int_t lv = json_integer_value(level), rs = json_integer_value(reason);
	int r = K_ERR_INVALID;
	if (lv >= 1 && lv <= KCONF_MAX_WORDS && rs >= 0 && rs <= KCONF_MAX_WORDS) {
		pthread_mutex_lock(&a->lock);
		r = queue_rate(a->q, counter, number, (int)lv, (int)rs, channel);
		if (r == K_OK) /* the counter's devices and the ticket's page wait for it */
			pthread_cond_broadcast(&a->changed);
		pthread_mutex_unlock(&a->lock);
	}
	switch (r) {
	case K_OK:
		out->status = 201;
		out->body = json_pack("{s:s, s:I, s:I, s:b}", "number", number, "level", lv,
				      "reason", rs, "rated", 1);
		break;
	case K_ERR_INVALID:
		http_error(out, 400, "bad_request", "level is 1 to the number of [rating] levels; "
			   "a reason (1 to the number of reasons) only from ask_reason on");
		break;
	case K_ERR_DUPLICATE:
		http_error(out, 409, "already_rated", "this ticket was rated already");
		break;
	case K_ERR_EXPIRED:
		http_error(out, 409, "window_closed", "the time to rate this ticket has passed");
		break;
	case K_ERR_NOT_FOUND:
		http_error(out, 409, "not_finished", channel == QUEUE_RATE_PHONE ?
			   "this ticket has not been served yet" :
			   "that is not the ticket this counter last finished today");
		break;
	default:
		http_error(out, 503, "unavailable", kerr_text(r));
	}
}

void api_rate(void *app, const struct http_request *rq, struct http_reply *out)
{
	struct api *a = app;
	json_t *o = api_body_object(rq, out), *num;

	if (!o)
		return;
	num = json_object_get(o, "number");
	if (!json_is_string(num))
		http_error(out, 400, "bad_request", "a rating is {\"number\": \"B047\", \"level\": "
			   "1, \"reason\": 2} (reason optional)");
	else
		api_rate_number(a, json_string_value(num), json_object_get(o, "level"),
				json_object_get(o, "reason"), rq->who->rater, QUEUE_RATE_COUNTER, out);
	json_decref(o);
}

void api_ratings_verify(void *app, const struct http_request *rq, struct http_reply *out)
{
	struct api *a = app;
	const char *from = http_query(rq, "from");
	struct rating_check c;
	struct kdb *db;
	int64_t day = 0, t;
	char iso[32];

	if (!api_supervisor_only(rq, out))
		return;
	if (from) {
		snprintf(iso, sizeof(iso), "%.10sT12:00", from);
		if (strlen(from) != 10 || kclock_parse_local(iso, &t) < 0) {
			http_error(out, 400, "bad_date", "from is YYYY-MM-DD");
			return;
		}
		day = kclock_day(t, 0);
	}
	pthread_mutex_lock(&a->report_lock);
	int r = api_report_db(a, &db);
	if (r == K_OK)
		r = rating_verify(db, day, &c);
	pthread_mutex_unlock(&a->report_lock);
	if (r < 0) {
		http_error(out, 503, "unavailable", "the ratings could not be read; try again");
		return;
	}
	out->status = 200;
	out->body = json_pack("{s:b, s:I, s:I, s:I, s:I}", "ok", c.ok, "rows", (json_int_t)c.rows,
			      "first", (json_int_t)c.first, "last", (json_int_t)c.last, "heads",
			      (json_int_t)c.heads);
	if (!c.ok) {
		json_object_set_new(out->body, "row", json_integer(c.row));
		json_object_set_new(out->body, "problem", json_string(c.problem));
		json_object_set_new(out->body, "message", json_string(c.message));
	}
}
