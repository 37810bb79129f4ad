/*
 * api.c - the station server's endpoints over the queue engine: issuing
 * tickets (walk-in, offline pushes, leases), the day's ticket list, and
 * the table of every route.  What the endpoint files share (the JSON of
 * tickets and names, the refusals as HTTP): api_common.c.
 * The queue as it is read and worked at the counters: api_queue.c.  Bad input never changes
 * state: the body is parsed and checked before the engine is called, and
 * the engine itself refuses with a reason that maps to a status here.
 */
#include "api.h"
#include "api_private.h"
#include "dossiers.h"
#include "hours.h"
#include "kclock.h"
#include "kerr.h"
#include "ratelimit.h"
#include "writer.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void h_health(void *app, const struct http_request *rq, struct http_reply *out)
{
	struct api *a = app;
	char now[32];
	(void)rq;
	kclock_iso(kclock_now(a->clock), now, sizeof(now));
	out->status = 200;
	out->body = json_pack("{s:s, s:s, s:s}", "status", "ok", "station", a->cfg->station.id,
			      "time", now);
}

/* "A014" of service s, in its canonical form (queue_number_parse()): its
 * sequence number, or 0. */
static int64_t number_seq(const struct kconf *cfg, const struct kconf_service *s,
			  const char *number)
{
	const struct kconf_service *of;
	int64_t seq;
	return queue_number_parse(cfg, number, &of, &seq) == K_OK && of == s ? seq : 0;
}

static int booking_id_ok(const char *s)
{
	size_t n = strlen(s);
	return n >= 1 && n <= 20 && strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") == n;
}

static void h_issue(void *app, const struct http_request *rq, struct http_reply *out)
{
	struct api *a = app;
	json_t *o = api_body_object(rq, out), *svc, *ref, *prio, *num, *at, *bk, *page;
	struct queue_issue_opts opts = { .source = rq->who->staff ? QUEUE_STAFF : QUEUE_WALKIN };

	if (!o)
		return;
	svc = json_object_get(o, "service");
	ref = json_object_get(o, "client_ref");
	prio = json_object_get(o, "priority");
	num = json_object_get(o, "number");
	at = json_object_get(o, "issued_at");
	bk = json_object_get(o, "booking_id");
	page = json_object_get(o, "page"); /* its page's token, made by the kiosk */
	if (bk && (!num || !json_is_string(bk) || !booking_id_ok(json_string_value(bk)))) {
		http_error(out, 400, "bad_request", "\"booking_id\" comes only with a ticket a "
			   "kiosk checked in offline (1-20 of A-Z 0-9 -)");
		json_decref(o);
		return;
	}
	if (bk) {
		opts.booking_id = json_string_value(bk);
		opts.source = QUEUE_BOOKING;
	}
	if (num || at) { /* a ticket the kiosk issued offline, from its lease */
		const struct kconf_service *s = json_is_string(svc) ?
						kconf_service(a->cfg, json_string_value(svc)) : NULL;
		if (!json_is_string(num) || !json_is_string(at) || !ref ||
		    kclock_parse_iso(json_string_value(at), &opts.issued_at) < 0 ||
		    (s && !(opts.seq = number_seq(a->cfg, s, json_string_value(num))))) {
			http_error(out, 400, "bad_request", "an offline ticket has \"number\" (of its "
				   "service, as the slip prints it: e.g. A014, A1000), \"issued_at\" "
				   "(…+07:00) and \"client_ref\"");
			json_decref(o);
			return;
		}
		opts.holder = rq->who->name;
		opts.seq = opts.seq ? opts.seq : 1; /* an unknown service is refused below */
	}
	if (!json_is_string(svc)) {
		http_error(out, 400, "bad_request", "\"service\" (a service code) is required");
	} else if (ref && (!json_is_string(ref) || !api_client_ref_ok(json_string_value(ref)))) {
		http_error(out, 400, "bad_request", "\"client_ref\" is 1-64 of A-Z a-z 0-9 . _ : -");
	} else if (ref && !rq->who->staff && !api_own_ref(rq->who->name, json_string_value(ref))) {
		http_error(out, 400, "bad_request", "a kiosk's \"client_ref\" starts with its own "
			   "name and ':' (e.g. lobby-1:000123)");
	} else if (prio && !json_is_boolean(prio)) {
		http_error(out, 400, "bad_request", "\"priority\" is true or false");
	} else {
		struct writer_issue i = { .who = rq->who, .service = json_string_value(svc),
					  .page = json_string_value(page), .opts = opts };
		i.opts.priority = json_is_true(prio);
		i.opts.client_ref = ref ? json_string_value(ref) : NULL;
		writer_issue(a, &i); /* answered once its transaction is committed */
		if (i.r == K_ERR_DUPLICATE && opts.seq) {
			http_error(out, 409, "booking_used", "that booking was checked in already");
			json_object_set_new(out->body, "number", json_string(i.t.number));
		} else if ((i.r == K_ERR_INVALID || i.r == K_ERR_TAKEN) && opts.seq) {
			/* final answers: pushing the ticket again changes nothing */
			if (i.r == K_ERR_TAKEN)
				http_error(out, 409, "number_taken", "another ticket holds that number "
					   "today: this one is refused for good");
			else
				http_error(out, 409, "not_leased", "that number is not in a lease or the "
					   "band of this kiosk for that day");
		} else if (i.r < 0) {
			api_refused(a, i.r, json_string_value(svc), out);
		} else {
			out->status = i.t.replayed ? 200 : 201;
			out->body = api_ticket_json(&i.t, 1);
			if (i.made[0]) /* the server made its page: the only time it is told */
				json_object_set_new(out->body, "page", json_string(i.made));
		}
	}
	json_decref(o);
}

static void add_ticket(const struct queue_ticket *t, void *ctx)
{
	json_array_append_new(ctx, api_ticket_json(t, 0));
}

static void h_tickets(void *app, const struct http_request *rq, struct http_reply *out)
{
	struct api *a = app;
	const char *date = http_query(rq, "date");
	char iso_date[32], today[16];
	int64_t t, day;

	if (date) {
		snprintf(iso_date, sizeof(iso_date), "%.10sT00:00", date);
		if (strlen(date) != 10 || kclock_parse_local(iso_date, &t) < 0) {
			http_error(out, 400, "bad_request", "date is YYYY-MM-DD");
			return;
		}
		day = kclock_day(t + (int64_t)a->cfg->queue.day_starts * 60, a->cfg->queue.day_starts);
	} else {
		day = kclock_day(kclock_now(a->clock), a->cfg->queue.day_starts);
	}
	json_t *list = json_array();
	pthread_mutex_lock(&a->lock);
	int r = queue_each_ticket(a->q, day, add_ticket, list);
	pthread_mutex_unlock(&a->lock);
	if (r < 0) {
		json_decref(list);
		http_error(out, 503, "unavailable", kerr_text(r));
		return;
	}
	kclock_day_str(day, today, sizeof(today));
	out->status = 200;
	out->body = json_pack("{s:s, s:o}", "date", today, "tickets", list);
}

static int64_t monotonic_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * POST /api/v1/leases {"service", "count"}: numbers for a kiosk's offline
 * hours.  A kiosk token takes at most [server] lease_rate leases a minute
 * (429), and holds at most [server] lease_unused leased numbers unused per
 * service and day (a lease is cut short, then refused: 409 lease_limit).
 */
static void h_lease(void *app, const struct http_request *rq, struct http_reply *out)
{
	struct api *a = app;
	struct queue_lease l;
	char day[16], who[80];
	int retry;
	json_t *o;

	snprintf(who, sizeof(who), "lease:%s", rq->who->name);
	if (a->leases && !ratelimit_allow(a->leases, who, monotonic_ms(), &retry)) {
		http_error(out, 429, "rate_limited", "too many leases from this kiosk: wait a "
			   "little ([server] lease_rate)");
		json_object_set_new(out->body, "retry_after", json_integer(retry));
		out->retry_after = retry;
		return;
	}
	o = api_body_object(rq, out);
	if (!o)
		return;
	json_t *svc = json_object_get(o, "service"), *count = json_object_get(o, "count");
	if (!json_is_string(svc) || !json_is_integer(count) || json_integer_value(count) < 1 ||
	    json_integer_value(count) > 100) {
		json_decref(o);
		http_error(out, 400, "bad_request", "\"service\" and \"count\" (1 to 100) are required");
		return;
	}
	pthread_mutex_lock(&a->lock);
	int r = queue_lease(a->q, json_string_value(svc), rq->who->name,
			    (int)json_integer_value(count), &l);
	pthread_mutex_unlock(&a->lock);
	if (r == K_ERR_LIMIT) {
		http_error(out, 409, "lease_limit", "this kiosk already holds as many unused leased "
			   "numbers of the service today as it may ([server] lease_unused): push "
			   "the tickets issued from them first");
		json_object_set_new(out->body, "max_unused",
				    json_integer(a->cfg->server.lease_unused));
	} else if (r < 0) {
		api_refused(a, r, json_string_value(svc), out);
	} else {
		kclock_day_str(l.day, day, sizeof(day));
		out->status = 201;
		out->body = json_pack("{s:s, s:s, s:s, s:I, s:I, s:s, s:s}", "service",
				      json_string_value(svc), "holder", rq->who->name, "day", day,
				      "first", (json_int_t)l.first, "last", (json_int_t)l.last,
				      "first_number", l.first_number, "last_number", l.last_number);
		const struct kconf_band *b = kconf_band(a->cfg, rq->who->name);
		if (out->body && b) /* so a kiosk can check its own [sync] band */
			json_object_set_new(out->body, "band",
					    json_pack("[i, i]", b->r.from, b->r.to));
	}
	json_decref(o);
}

int api_init(struct api *a, const struct kconf *cfg, const struct kclock *clock,
	     struct queue *q, struct staff *staff)
{
	pthread_condattr_t attr;
	a->cfg = cfg;
	a->clock = clock;
	a->q = q;
	a->staff = staff;
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_REALTIME);
	int r = pthread_mutex_init(&a->lock, NULL) || pthread_cond_init(&a->changed, &attr) ||
		pthread_mutex_init(&a->report_lock, NULL);
	pthread_condattr_destroy(&attr);
	if (!r)
		r = api_queue_init(a) < 0 || ratelimit_new(&a->leases, cfg->server.lease_rate > 0 ?
				  cfg->server.lease_rate : 60) < 0 ||
		    ratelimit_new(&a->pages, cfg->public.per_minute > 0 ?
				  cfg->public.per_minute : 600) < 0;
	return r ? K_ERR_NOMEM : K_OK;
}

void api_stop(struct api *a)
{
	pthread_mutex_lock(&a->lock);
	a->stopping = 1;
	pthread_cond_broadcast(&a->changed);
	pthread_mutex_unlock(&a->lock);
}

void api_destroy(struct api *a)
{
	writer_stop(a); /* (main.c stops it once the connections ended) */
	ratelimit_free(a->leases);
	ratelimit_free(a->pages);
	a->leases = a->pages = NULL;
	api_reports_close(a);
	api_queue_destroy(a);
	pthread_mutex_destroy(&a->report_lock);
	pthread_cond_destroy(&a->changed);
	pthread_mutex_destroy(&a->lock);
}

/* A route names its own body cap (the last field) only when it needs one. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
const struct http_route api_routes[] = {
	{ "GET", "/api/v1/health", AUTH_NONE, h_health },
	{ "POST", "/api/v1/login", AUTH_NONE, api_login },
	{ "GET", "/api/v1/session", AUTH_STAFF, api_whoami },
	{ "POST", "/api/v1/logout", AUTH_STAFF, api_logout },
	{ "POST", "/api/v1/tickets", AUTH_KIOSK, h_issue },
	{ "POST", "/api/v1/leases", AUTH_KIOSK, h_lease },
	{ "POST", "/api/v1/checkins", AUTH_KIOSK, api_checkin },
	{ "POST", "/api/v1/bookings", AUTH_BOOKING, api_book },
	{ "DELETE", "/api/v1/bookings/*", AUTH_BOOKING, api_cancel },
	{ "GET", "/api/v1/slots", AUTH_BOOKING, api_slots },
	{ "GET", "/api/v1/bookings/today", AUTH_KIOSK, api_bookings_today },
	{ "GET", "/api/v1/bookings", AUTH_BOOKING, api_bookings_closed },
	{ "GET", "/api/v1/tickets", AUTH_STAFF, h_tickets },
	{ "GET", "/api/v1/queue", AUTH_KIOSK, api_queue },
	{ "GET", "/api/v1/events", AUTH_KIOSK, api_events },
	{ "GET", "/api/v1/board", AUTH_NONE, api_board },
	{ "GET", "/api/v1/board/events", AUTH_NONE, api_events },
	{ "GET", "/voice", AUTH_NONE, api_voice },
	{ "GET", "/staff", AUTH_NONE, www_staff },
	{ "GET", "/board", AUTH_NONE, www_board },
	{ "GET", "/rate", AUTH_NONE, www_rate },
	{ "GET", "/static/*", AUTH_NONE, www_static },
	{ "GET", "/static/vendor/chart.js", AUTH_NONE, www_chartjs },
	{ "POST", "/api/v1/counters/*/next", AUTH_STAFF, api_next },
	{ "POST", "/api/v1/counters/*/recall", AUTH_STAFF, api_recall },
	{ "POST", "/api/v1/counters/*/no-show", AUTH_STAFF, api_noshow },
	{ "POST", "/api/v1/counters/*/done", AUTH_STAFF, api_done },
	{ "POST", "/api/v1/counters/*/transfer", AUTH_STAFF, api_transfer },
	{ "POST", "/api/v1/counters/*/call", AUTH_STAFF, api_call },
	{ "POST", "/api/v1/counters/*/services", AUTH_STAFF, api_counter_services },
	{ "POST", "/api/v1/services/*/enabled", AUTH_STAFF, api_service_enabled },
	{ "GET", "/api/v1/devices", AUTH_STAFF, api_devices },
	{ "GET", "/api/v1/reports", AUTH_STAFF, api_reports },
	{ "GET", "/api/v1/rating", AUTH_RATER, api_rating_prompt },
	{ "POST", "/api/v1/ratings", AUTH_RATER, api_rate },
	{ "GET", "/api/v1/ratings/verify", AUTH_STAFF, api_ratings_verify },
	{ "POST", "/api/v1/devices/status", AUTH_KIOSK, api_device_report },
	{ "GET", "/api/v1/dossiers/lookup", AUTH_KIOSK, api_dossier_lookup },
	{ "POST", "/api/v1/dossiers/import", AUTH_STAFF, api_dossier_import, DOSSIER_MAX_BYTES },
};
#pragma GCC diagnostic pop
const size_t api_nroutes = sizeof(api_routes) / sizeof(api_routes[0]);
