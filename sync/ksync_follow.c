/*
 * ksync_follow.c - pushing the outbox, keeping leases in reserve, reading
 * the queue and following its events.
 */
#include "ksync_private.h"
#include "booking.h"
#include "kerr.h"
#include "klog.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int ksync_push(struct ksync *k, int *left)
{
	struct store_pending p;
	int r, total = 0;
	int64_t oldest;

	for (r = store_next_pending(k->store, NULL, &p); r == K_OK;
	     r = store_next_pending(k->store, &p, &p)) {
		char at[32];
		json_t *reply = NULL;
		long status = 0;
		if (strncmp(p.last_error, "409 ", 4) == 0)
			continue; /* refused for good (number_taken, not_leased, booking_used):
				   * kept, pending, for a technician; not pushed again */
		kclock_iso(p.issued_at, at, sizeof(at));
		json_t *body = ks_with_page(json_pack("{s:s, s:s, s:s, s:s, s:b}", "service",
						      p.service, "number", p.number, "issued_at",
						      at, "client_ref", p.client_ref, "priority",
						      p.priority), p.page);
		if (body && p.booking_id[0])
			json_object_set_new(body, "booking_id", json_string(p.booking_id));
		r = body ? sync_http_call(k->http, "POST", "/tickets", body, ks_timeout_ms(k), &status,
					  &reply) : K_ERR_NOMEM;
		json_decref(body);
		struct queue_ticket held;
		if (r == K_OK && (status == 200 || status == 201) &&
		    ks_ticket_mine(k, reply, p.service, p.client_ref, "a push", &held) < 0) {
			/* a 2xx that is not this ticket (garbled, a portal's page, another
			 * kiosk's): not taken, it stays pending and is pushed again later */
			store_pushed(k->store, p.client_ref, "bad answer");
			r = K_ERR_PROTOCOL;
		} else if (r == K_OK && (status == 200 || status == 201)) {
			if (strcmp(held.number, p.number) != 0)
				klog(KLOG_ERR, "sync: pushed %s, the server holds it as %s", p.number,
				     held.number);
			r = store_pushed(k->store, p.client_ref, NULL);
			klog(KLOG_INFO, "sync: %s is at the server", p.number);
		} else if (r == K_OK) {
			/* refused: it stays in the outbox, with the reason, for a technician;
			 * a 409 is final and the ticket is not pushed again */
			char why[64];
			snprintf(why, sizeof(why), "%ld %s", status, ks_jcode(reply, "error"));
			klog(KLOG_ERR, "sync: the server refuses %s (%s); kept in the outbox",
			     p.number, why);
			r = store_pushed(k->store, p.client_ref, why);
		} else {
			store_pushed(k->store, p.client_ref, kerr_name(r));
		}
		json_decref(reply);
		if (r < 0)
			break;
	}
	if (r == K_ERR_UNREACHABLE || r == K_ERR_AUTH)
		ksync_set_online(k, r == K_ERR_AUTH);
	store_pending_count(k->store, &total, NULL, &oldest);
	*left = total;
	return r == K_ERR_NOT_FOUND ? K_OK : r;
}

/* "2026-11-28" -> its day number. */
static int day_of(const struct ksync *k, const char *date, int64_t *day)
{
	char noon[24];
	int64_t t;
	snprintf(noon, sizeof(noon), "%.10sT12:00", date);
	if (strlen(date) != 10 || kclock_parse_local(noon, &t) < 0)
		return K_ERR_PROTOCOL;
	*day = kclock_day(t, 0);
	(void)k;
	return K_OK;
}

/* A lease answer this kiosk may issue from: its service, a day, at most
 * count numbers FIRST-LAST within 1-99999, none of them in this kiosk's band. */
static int lease_ok(const struct ksync *k, const struct kconf_service *svc, int count,
		    json_t *reply, int64_t *day)
{
	json_t *first = json_object_get(reply, "first"), *last = json_object_get(reply, "last");
	const struct kconf_range *band = &k->cfg->sync.band;
	if (!json_is_integer(first) || !json_is_integer(last) ||
	    strcmp(ks_jstr(reply, "service"), svc->code) != 0 ||
	    day_of(k, ks_jstr(reply, "day"), day) < 0)
		return 0;
	json_int_t a = json_integer_value(first), b = json_integer_value(last);
	return a >= 1 && a <= b && b <= 99999 && b - a < count &&
	       (!band->from || b < band->from || a > band->to);
}

static int lease_one(struct ksync *k, const struct kconf_service *svc, int count)
{
	json_t *reply = NULL;
	long status = 0;
	int64_t day;
	json_t *body = json_pack("{s:s, s:i}", "service", svc->code, "count", count);
	int r = body ? sync_http_call(k->http, "POST", "/leases", body, ks_timeout_ms(k), &status,
				      &reply) : K_ERR_NOMEM;
	json_decref(body);
	json_t *first = json_object_get(reply, "first"), *last = json_object_get(reply, "last");
	if (r == K_OK && status == 201 && !lease_ok(k, svc, count, reply, &day)) {
		/* numbers this kiosk cannot know to be its own would be printed twice */
		klog(KLOG_WARN, "sync: the answer to a lease of %s is not a lease of it; "
		     "not taken", svc->code);
		r = K_ERR_PROTOCOL;
	} else if (r == K_OK && status == 201) {
		json_t *band = json_object_get(reply, "band");
		const struct kconf_range *mine = &k->cfg->sync.band;
		r = store_add_lease(k->store, day, svc->code, json_integer_value(first),
				    json_integer_value(last));
		if (mine->from != (int)json_integer_value(json_array_get(band, 0)) ||
		    mine->to != (int)json_integer_value(json_array_get(band, 1)))
			klog(KLOG_WARN, "sync: [sync] band (%d-%d) is not the server's band.%s; "
			     "numbers from it would be refused", mine->from, mine->to,
			     k->cfg->sync.name);
	} else if (r == K_OK && status != 409 && status != 429) {
		/* 409: the cap, or this kiosk's unused leased numbers ([server]
		 * lease_unused), leave nothing to lease; 429: leases too often.  Either
		 * way the kiosk keeps what it holds and asks again on a later round. */
		klog(KLOG_WARN, "sync: lease of %s: the server answered %ld", svc->code, status);
	}
	json_decref(reply);
	return r;
}

int ksync_topup(struct ksync *k)
{
	int64_t now = kclock_now(k->clock), at;
	int64_t today = kclock_day(now, k->cfg->queue.day_starts);
	json_t *snap = ks_snapshot(k, &at);
	int r = K_OK;

	for (int i = 0; r == K_OK && k->cfg->sync.lease > 0 && i < k->cfg->nservices; i++) {
		const struct kconf_service *svc = &k->cfg->services[i];
		struct snap_service ss;
		int left = 0, mine = 0;
		/* only a service that has begun its day: leased numbers nobody uses
		 * are gaps in the sequence, and a gap before A001 would puzzle */
		ks_snap_service(snap, svc->code, &ss);
		store_issued_on(k->store, today, svc->code, &mine);
		if (!svc->enabled || (ss.issued == 0 && mine == 0))
			continue;
		r = store_lease_left(k->store, today, svc->code, &left);
		if (r == K_OK && left < (k->cfg->sync.lease + 1) / 2)
			r = lease_one(k, svc, k->cfg->sync.lease - left);
	}
	json_decref(snap);
	if (r == K_ERR_UNREACHABLE)
		ksync_set_online(k, 0);
	return r;
}

/* The station's bookings of today and tomorrow, for check-ins while the
 * server is away (cancelled ones refused, typed codes found). */
static int refresh_bookings(struct ksync *k)
{
	json_t *reply = NULL, *list, *v;
	long status = 0;
	size_t i, n = 0;
	int r = sync_http_call(k->http, "GET", "/bookings/today", NULL, ks_timeout_ms(k), &status,
			       &reply);
	list = json_object_get(reply, "bookings");
	if (r == K_OK && status == 200 && json_is_array(list)) {
		struct store_booking *b = calloc(json_array_size(list) + 1, sizeof(*b));
		json_array_foreach(list, i, v) {
			if (!b || booking_code_norm(ks_jstr(v, "id"), b[n].id) < 0 ||
			    kclock_parse_iso(ks_jstr(v, "slot"), &b[n].slot) < 0)
				continue;
			snprintf(b[n].service, sizeof(b[n].service), "%s", ks_jstr(v, "service"));
			b[n].minutes = (int)ks_jcount(v, "minutes");
			b[n].cancelled = json_is_true(json_object_get(v, "cancelled"));
			n++;
		}
		r = b ? store_set_bookings(k->store, b, n) : K_ERR_NOMEM;
		free(b);
	} else if (r == K_OK) {
		r = K_ERR_PROTOCOL;
	}
	json_decref(reply);
	return r;
}

int ksync_refresh(struct ksync *k)
{
	json_t *reply = NULL;
	long status = 0;
	int r = sync_http_call(k->http, "GET", "/queue", NULL, ks_timeout_ms(k), &status, &reply);
	if (r == K_OK && status == 200 && json_is_object(reply)) {
		char *text = json_dumps(reply, JSON_COMPACT);
		if (text && strlen(text) < SNAPSHOT_MAX) {
			r = store_set_text(k->store, "queue", text);
			if (r == K_OK)
				r = store_set_int(k->store, "queue_at", kclock_now(k->clock));
		}
		free(text);
		ksync_set_online(k, 1);
		if (r == K_OK && refresh_bookings(k) < 0) /* an older server: no list */
			klog(KLOG_DEBUG, "sync: no list of today's bookings");
	} else if (r == K_OK) {
		r = K_ERR_PROTOCOL;
	} else {
		ksync_set_online(k, 0);
	}
	json_decref(reply);
	return r;
}

int ksync_follow(struct ksync *k, int wait_s, int *changed)
{
	int64_t since = 0;
	char path[64];
	json_t *reply = NULL, *ev;
	long status = 0;
	size_t i;

	*changed = 0;
	store_get_int(k->store, "events_since", &since);
	/* the first question is answered at once with the newest seq; every
	 * later one waits, also from 0 when the server had no events yet (a
	 * fresh database): asked at once again it would answer at once again,
	 * and the follower would ask as fast as the server answers */
	if (since > 0 || k->followed)
		snprintf(path, sizeof(path), "/events?since=%lld&wait=%d", (long long)since, wait_s);
	else
		snprintf(path, sizeof(path), "/events");
	int r = sync_http_call(k->http, "GET", path, NULL, ks_timeout_ms(k) + wait_s * 1000L,
			       &status, &reply);
	if (r == K_OK && status == 200 && (!json_is_integer(json_object_get(reply, "last")) ||
					   !json_is_array(json_object_get(reply, "events")))) {
		/* not the events: the follower pauses before asking again */
		klog(KLOG_WARN, "sync: the answer to GET /events is not a list of events");
		r = K_ERR_PROTOCOL;
	} else if (r == K_OK && status == 200) {
		int64_t last = json_integer_value(json_object_get(reply, "last")), seen = since;
		json_array_foreach(json_object_get(reply, "events"), i, ev)
			if (json_integer_value(json_object_get(ev, "seq")) > seen)
				seen = json_integer_value(json_object_get(ev, "seq"));
		if (since == 0 || last < since) /* first contact, or a new server database */
			seen = last;
		*changed = seen != since || json_array_size(json_object_get(reply, "events")) > 0;
		if (seen != since)
			r = store_set_int(k->store, "events_since", seen);
		k->followed = 1;
	} else if (r == K_OK) {
		r = K_ERR_PROTOCOL;
	} else if (r == K_ERR_UNREACHABLE) {
		ksync_set_online(k, 0);
	}
	json_decref(reply);
	return r;
}

