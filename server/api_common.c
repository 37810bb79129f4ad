/*
 * api_common.c - what every endpoint file of the API shares: a ticket, a
 * service and the station as JSON, a request's body as a JSON object, the
 * counter named in a route, whether a client_ref is the caller's, and the
 * engine's refusals as HTTP answers.  The endpoint files and the route
 * table (api.c) call it; it calls none of them.
 */
#include "api_private.h"
#include "hours.h"
#include "kclock.h"
#include "kerr.h"
#include "klog.h"
#include "ticket_page.h"

#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

json_t *api_ticket_json(const struct queue_ticket *t, int estimate)
{
	char issued[32], called[32], day[16];
	kclock_iso(t->issued_at, issued, sizeof(issued));
	kclock_day_str(t->day, day, sizeof(day));
	json_t *o = json_pack("{s:I, s:s, s:s, s:b, s:s, s:s, s:s, s:s}", "id", (json_int_t)t->id,
			      "number", t->number, "service", t->service, "priority", t->priority,
			      "source", queue_source_name(t->source), "state",
			      queue_state_name(t->state), "day", day, "issued_at", issued);
	if (!o)
		return NULL;
	if (t->client_ref[0])
		json_object_set_new(o, "client_ref", json_string(t->client_ref));
	if (t->called_at) {
		kclock_iso(t->called_at, called, sizeof(called));
		json_object_set_new(o, "called_at", json_string(called));
	}
	if (t->counter)
		json_object_set_new(o, "counter", json_integer(t->counter));
	if (estimate) {
		json_object_set_new(o, "people_ahead", json_integer(t->ahead));
		json_object_set_new(o, "estimated_wait_s", json_integer((json_int_t)t->wait_minutes * 60));
	}
	return o;
}

/* The engine's refusals as HTTP. */
void api_refused(struct api *a, int r, const char *service, struct http_reply *out)
{
	switch (r) {
	case K_ERR_NOT_FOUND:
		http_error(out, 422, "unknown_service", "no such service at this station");
		return;
	case K_ERR_CLOSED: {
		const struct kconf_service *s = kconf_service(a->cfg, service);
		char at[32] = "";
		int64_t opens = s ? hours_next_opening(a->cfg, s, kclock_now(a->clock)) : 0;
		http_error(out, 409, "closed", "the service is closed now");
		if (opens) {
			kclock_iso(opens, at, sizeof(at));
			json_object_set_new(out->body, "opens_at", json_string(at));
		}
		return;
	}
	case K_ERR_CAP:
		http_error(out, 409, "cap_reached", "the service's numbers for today are used up");
		return;
	case K_ERR_DISABLED:
		http_error(out, 409, "disabled", "the service is disabled");
		return;
	case K_ERR_CLOCK:
		http_error(out, 503, "clock_unset", "the server's clock is not set");
		return;
	case K_ERR_DISK_FULL:
		http_error(out, 507, "disk_full", "the server's disk is full: no number issued");
		return;
	default:
		http_error(out, 503, "unavailable", kerr_text(r));
		return;
	}
}

/* The request body as a JSON object, or a 400 in out.  jansson's reason is
 * cut before its " near '...'", which quotes the body: any bytes, and one
 * that is not UTF-8 left the answer without a body; the byte says where. */
json_t *api_body_object(const struct http_request *rq, struct http_reply *out)
{
	json_error_t err;
	json_t *o = json_loadb(rq->body, rq->body_len, JSON_REJECT_DUPLICATES, &err);
	if (!o || !json_is_object(o)) {
		char msg[200], *near = o ? NULL : strstr(err.text, " near ");
		if (near)
			*near = '\0';
		for (char *c = err.text; !o && *c; c++)
			*c = (unsigned char)*c < 0x20 || (unsigned char)*c > 0x7e ? '?' : *c;
		if (o)
			snprintf(msg, sizeof(msg), "the body must be a JSON object (not an object)");
		else
			snprintf(msg, sizeof(msg), "the body must be a JSON object (%.120s at byte %d)",
				 err.text, err.position);
		json_decref(o);
		http_error(out, 400, "bad_json", msg);
		return NULL;
	}
	return o;
}

int api_client_ref_ok(const char *s)
{
	size_t n = strlen(s);
	if (n < 1 || n > 64)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr("._:-", s[i]))
			return 0;
	return 1;
}

/* A kiosk's refs are its own: "<name>:...", so no kiosk reaches another's ticket. */
int api_own_ref(const char *name, const char *ref)
{
	size_t n = strlen(name);
	return strncmp(ref, name, n) == 0 && ref[n] == ':';
}

int api_ref_ok(const struct kconf_token *who, const char *ref)
{
	return api_client_ref_ok(ref) && (who->staff || api_own_ref(who->name, ref));
}

/* A service's names and codes, as the console and the board show them. */
json_t *api_service_json(const struct kconf *cfg, const char *code)
{
	const struct kconf_service *s = kconf_service(cfg, code);
	return json_pack("{s:s, s:s, s:s, s:s}", "service", code, "prefix", s ? s->prefix : "",
			 "name_vi", s ? s->name_vi : "", "name_en", s ? s->name_en : "");
}

json_t *api_station_json(const struct kconf *cfg)
{
	return json_pack("{s:s, s:s, s:s}", "id", cfg->station.id, "name_vi",
			 cfg->station.name_vi, "name_en", cfg->station.name_en);
}

void api_counter_names(const struct kconf_counter *cc, char vi[KCONF_NAME], char en[KCONF_NAME])
{
	snprintf(vi, KCONF_NAME, "%s", cc ? cc->name_vi : "");
	snprintf(en, KCONF_NAME, "%s", cc ? cc->name_en : "");
}

int api_counter_arg(struct api *a, const struct http_request *rq, struct http_reply *out)
{
	char *end;
	const char *arg = rq->arg ? rq->arg : "";
	long id = strtol(arg, &end, 10);
	/* 1-99 as written: no sign, space or leading zero ("01", "%201", "+1") */
	if (arg[0] < '1' || arg[0] > '9' || *end || id < 1 || id > 99 ||
	    !kconf_counter(a->cfg, (int)id)) {
		http_error(out, 404, "unknown_counter", "no such counter at this station");
		return 0;
	}
	return (int)id;
}

int api_supervisor_only(const struct http_request *rq, struct http_reply *out)
{
	if (rq->who->supervisor)
		return 1;
	http_error(out, 403, "supervisor_only", "only a supervisor may do this");
	return 0;
}

int api_query_int(const struct http_request *rq, const char *name, long min, long max,
		  long *out)
{
	const char *v = http_query(rq, name);
	char *end;
	if (!v)
		return 0;
	errno = 0;
	long n = strtol(v, &end, 10);
	if (errno || end == v || *end || n < min || n > max)
		return -1;
	*out = n;
	return 1;
}

int api_wait_changes(struct api *a, const struct http_request *rq, int64_t since, long wait,
		     struct queue_change *c, int max, int64_t *last, struct http_reply *out,
		     int *answered)
{
	int n, holds = since >= 0 && wait > 0, gone = 0;
	struct timespec deadline;

	*answered = 0;
	if (holds && (out->retry_after = http_hold(rq)) > 0) {
		http_error(out, 503, "busy", "too many clients wait for changes; come back later");
		*answered = 1;
		return 0;
	}
	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_sec += since >= 0 ? wait : 0;

	pthread_mutex_lock(&a->lock);
	for (;;) {
		n = queue_changes(a->q, since >= 0 ? since : INT64_MAX, c, max, last);
		struct timespec now, next;
		clock_gettime(CLOCK_REALTIME, &now);
		if (n != 0 || a->stopping || (gone = holds && http_gone(rq)) ||
		    now.tv_sec > deadline.tv_sec ||
		    (now.tv_sec == deadline.tv_sec && now.tv_nsec >= deadline.tv_nsec))
			break;
		next = now;
		next.tv_nsec += API_WAIT_POLL_MS * 1000000L;
		if (next.tv_nsec >= 1000000000L) {
			next.tv_sec++;
			next.tv_nsec -= 1000000000L;
		}
		if (next.tv_sec > deadline.tv_sec ||
		    (next.tv_sec == deadline.tv_sec && next.tv_nsec > deadline.tv_nsec))
			next = deadline;
		pthread_cond_timedwait(&a->changed, &a->lock, &next);
	}
	pthread_mutex_unlock(&a->lock);
	if (holds)
		http_release(rq);
	if (gone) { /* nobody reads it */
		http_error(out, 503, "gone", "the client closed its connection");
		*answered = 1;
	}
	return n;
}

_Static_assert(API_PAGE_LEN == TICKET_PAGE_LEN + 1, "a page token and its NUL");

void api_page_keep(struct api *a, const struct kconf_token *who, const char *page,
		   const struct queue_ticket *t, char made[API_PAGE_LEN])
{
	uint8_t bin[TICKET_PAGE_BYTES], key[TICKET_PAGE_KEY], hash[TICKET_PAGE_HASH];

	made[0] = 0;
	if (!page && who->staff && !t->replayed) {
		ticket_page_random(made);
		page = made;
	} else if (!page) {
		return;
	} else {
		ticket_page_key(who->token, key);
		if (who->staff || ticket_page_parse(page, bin) < 0 ||
		    !ticket_page_signed(key, t->day, bin)) {
			klog(KLOG_WARN, "%s: the page of %s is not one it made for that day: "
			     "no page", who->name, t->number);
			return;
		}
	}
	if (ticket_page_parse(page, bin) < 0)
		return;
	ticket_page_hash(bin, hash);
	if (queue_page_attach(a->q, hash, t->id, t->day) < 0) {
		klog(KLOG_ERR, "the page of %s is not kept: its QR code opens nothing", t->number);
		made[0] = 0;
	}
}
