/*
 * ksync.c - issuing through the station server, or offline; pushing the
 * outbox; leases; following the queue.  The rules are in docs/sync.md.
 */
#include "ksync.h"
#include "booking.h"
#include "kerr.h"
#include "klog.h"
#include "sync_http.h"
#include "sync_store.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SNAPSHOT_MAX 16384  /* the last GET /queue, as text */

struct ksync {
	const struct kconf *cfg;
	const struct kclock *clock;
	struct sync_store *store;
	struct sync_http *http;
	int away;                  /* last known: 1 = the server did not answer; -1 unknown */
};

int ksync_open(struct ksync **out, const struct kconf *cfg, const struct kclock *clock)
{
	struct ksync *k = calloc(1, sizeof(*k));
	int r;

	*out = NULL;
	if (!k)
		return K_ERR_NOMEM;
	k->cfg = cfg;
	k->clock = clock;
	k->away = -1;
	r = sodium_init() < 0 ? K_ERR_NOMEM : K_OK;
	if (r == K_OK)
		r = store_open(&k->store, cfg->sync.outbox, cfg);
	if (r == K_OK)
		r = sync_http_open(&k->http, cfg);
	if (r < 0) {
		ksync_close(k);
		return r;
	}
	*out = k;
	return K_OK;
}

void ksync_close(struct ksync *k)
{
	if (!k)
		return;
	sync_http_close(k->http);
	store_close(k->store);
	free(k);
}

void ksync_cancel(struct ksync *k)
{
	sync_http_cancel(k->http);
}

void ksync_set_online(struct ksync *k, int online)
{
	int64_t away = 0;
	if (online)
		store_set_int(k->store, "contact_at", kclock_now(k->clock));
	/* another thread or process may have changed it: read before writing */
	store_get_int(k->store, "away", &away);
	if (away != !online) {
		store_set_int(k->store, "away", !online);
		klog(KLOG_INFO, online ? "sync: the station server answers again"
				       : "sync: the station server does not answer; issuing offline");
	}
	k->away = !online;
}

static long timeout_ms(const struct ksync *k)
{
	return (long)k->cfg->sync.timeout * 1000;
}

/* "lobby-1:" and 16 random hex digits: unique without any state to keep. */
static void make_ref(const struct ksync *k, char ref[65])
{
	unsigned char rnd[8];
	char hex[17];
	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(hex, sizeof(hex), rnd, sizeof(rnd));
	snprintf(ref, 65, "%s:%s", k->cfg->sync.name, hex);
}

static const char *jstr(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_string(v) ? json_string_value(v) : "";
}

static int name_index(const char *name, const char *(*fn)(int), int n)
{
	for (int i = 0; i < n; i++)
		if (strcmp(fn(i), name) == 0)
			return i;
	return 0;
}

/* A ticket as the API writes it (ticket_json() in server/api.c). */
static int ticket_from_json(const struct ksync *k, json_t *o, struct queue_ticket *t)
{
	memset(t, 0, sizeof(*t));
	if (!json_is_object(o) || !json_is_string(json_object_get(o, "number")))
		return K_ERR_PROTOCOL;
	t->id = json_integer_value(json_object_get(o, "id"));
	snprintf(t->number, sizeof(t->number), "%s", jstr(o, "number"));
	snprintf(t->service, sizeof(t->service), "%s", jstr(o, "service"));
	snprintf(t->client_ref, sizeof(t->client_ref), "%s", jstr(o, "client_ref"));
	t->priority = json_is_true(json_object_get(o, "priority"));
	t->source = name_index(jstr(o, "source"), queue_source_name, 3);
	t->state = name_index(jstr(o, "state"), queue_state_name, 6);
	if (kclock_parse_iso(jstr(o, "issued_at"), &t->issued_at) < 0)
		return K_ERR_PROTOCOL;
	t->day = kclock_day(t->issued_at, k->cfg->queue.day_starts);
	t->ahead = (int)json_integer_value(json_object_get(o, "people_ahead"));
	t->wait_minutes = (int)((json_integer_value(json_object_get(o, "estimated_wait_s")) + 59) / 60);
	return K_OK;
}

/* The server said no (as queue_issue() would); 0 if the answer is no refusal. */
static int refusal(long status, json_t *reply)
{
	static const struct { const char *code; int err; } map[] = {
		{ "closed", K_ERR_CLOSED }, { "cap_reached", K_ERR_CAP },
		{ "disabled", K_ERR_DISABLED }, { "unknown_service", K_ERR_NOT_FOUND },
		{ "bad_service", K_ERR_NOT_FOUND },
	};
	const char *code = jstr(reply, "error");
	if (status != 409 && status != 422)
		return 0;
	for (unsigned i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(code, map[i].code) == 0)
			return map[i].err;
	return 0;
}

/* One service in the last snapshot of the queue: 0, or K_ERR_NOT_FOUND. */
struct snap_service {
	int waiting, waiting_priority, issued, served, enabled;
};

static json_t *snapshot(struct ksync *k, int64_t *at)
{
	char *text = malloc(SNAPSHOT_MAX);
	json_t *o = NULL;
	*at = 0;
	if (text && store_get_text(k->store, "queue", text, SNAPSHOT_MAX) == K_OK &&
	    store_get_int(k->store, "queue_at", at) == K_OK)
		o = json_loads(text, 0, NULL);
	free(text);
	/* yesterday's queue says nothing of today's */
	if (o && kclock_day(*at, k->cfg->queue.day_starts) !=
		 kclock_day(kclock_now(k->clock), k->cfg->queue.day_starts)) {
		json_decref(o);
		o = NULL;
	}
	return o;
}

static int snap_service(json_t *snap, const char *code, struct snap_service *out)
{
	size_t i;
	json_t *v;
	memset(out, 0, sizeof(*out));
	out->enabled = 1;
	json_array_foreach(json_object_get(snap, "services"), i, v) {
		if (strcmp(jstr(v, "service"), code) != 0)
			continue;
		out->waiting = (int)json_integer_value(json_object_get(v, "waiting"));
		out->waiting_priority = (int)json_integer_value(json_object_get(v, "waiting_priority"));
		out->issued = (int)json_integer_value(json_object_get(v, "issued"));
		out->served = (int)json_integer_value(json_object_get(v, "served"));
		out->enabled = !json_is_false(json_object_get(v, "enabled"));
		return K_OK;
	}
	return K_ERR_NOT_FOUND;
}

/* Offline: would the server have issued?  As far as this kiosk can know. */
static int offline_check(struct ksync *k, const struct kconf_service *svc, int64_t now,
			 int *ahead)
{
	struct snap_service ss;
	int64_t at;
	int own = 0, r = K_OK;
	json_t *snap = snapshot(k, &at);

	snap_service(snap, svc->code, &ss);
	store_offline_since(k->store, svc->code, at, &own);
	*ahead = ss.waiting + own;
	if (!svc->enabled || !ss.enabled)
		r = K_ERR_DISABLED;
	else if (!queue_service_open(svc, now))
		r = K_ERR_CLOSED;
	else if (svc->cap > 0 && ss.issued + own >= svc->cap)
		r = K_ERR_CAP;
	json_decref(snap);
	return r;
}

static int counters_for(const struct kconf *cfg, const char *code)
{
	int i = kconf_service_index(cfg, code), n = 0;
	for (int c = 0; i >= 0 && c < cfg->ncounters; c++)
		n += (cfg->counters[c].services >> i) & 1;
	return n > 0 ? n : 1;
}

static int issue_offline(struct ksync *k, const struct kconf_service *svc, const char *ref,
			 int priority, const char *booking_id, int64_t now,
			 struct queue_ticket *out)
{
	enum store_origin origin;
	int ahead = 0;
	int r = offline_check(k, svc, now, &ahead);
	if (booking_id && (r == K_ERR_CLOSED || r == K_ERR_CAP))
		r = K_OK; /* a booked slot is kept whatever the hours and caps say */
	if (r < 0)
		return r;
	r = store_issue_offline(k->store, svc, kclock_day(now, k->cfg->queue.day_starts), ref,
				priority, booking_id, now, out, &origin);
	if (r == K_ERR_EXHAUSTED)
		klog(KLOG_ERR, "sync: offline and no %s number left (no lease, [sync] band %s)",
		     svc->code, k->cfg->sync.band.from ? "used up" : "not set");
	if (r < 0)
		return r;
	out->ahead = ahead;
	out->wait_minutes = (ahead * svc->avg_minutes + counters_for(k->cfg, svc->code) - 1) /
			    counters_for(k->cfg, svc->code);
	klog(KLOG_INFO, "sync: issued %s offline (from the %s)", out->number,
	     origin == STORE_LEASE ? "lease" : "band");
	return K_OK;
}

int ksync_issue(struct ksync *k, const char *service, int priority, int try_server,
		struct queue_ticket *out, int *offline)
{
	const struct kconf_service *svc = kconf_service(k->cfg, service);
	int64_t now = kclock_now(k->clock), away = 0;
	char ref[65];
	json_t *reply = NULL;
	long status = 0;
	int r;

	*offline = 0;
	if (!svc)
		return K_ERR_NOT_FOUND;
	if (now < KCLOCK_MIN_VALID)
		return K_ERR_CLOCK;
	make_ref(k, ref);
	store_get_int(k->store, "away", &away);
	if (!try_server && away)
		goto offline; /* the follower is looking for the server meanwhile */

	json_t *body = json_pack("{s:s, s:s, s:b}", "service", service, "client_ref", ref,
				 "priority", priority);
	r = body ? sync_http_call(k->http, "POST", "/tickets", body,
				  k->cfg->sync.issue_timeout, &status, &reply) : K_ERR_NOMEM;
	json_decref(body);
	if (r == K_OK && (status == 200 || status == 201)) {
		r = ticket_from_json(k, reply, out);
		json_decref(reply);
		if (r < 0)
			goto offline; /* a garbled answer: the ref settles it when pushed */
		ksync_set_online(k, 1);
		if (store_record(k->store, out, NULL) < 0)
			klog(KLOG_WARN, "sync: %s issued but not recorded here", out->number);
		return K_OK;
	}
	int no = r == K_OK ? refusal(status, reply) : 0;
	json_decref(reply);
	if (no) {
		ksync_set_online(k, 1);
		return no;
	}
	if (r == K_OK)
		klog(KLOG_WARN, "sync: the server answered %ld to an issue; issuing offline",
		     status);
	ksync_set_online(k, 0);
offline:
	*offline = 1;
	return issue_offline(k, svc, ref, priority, NULL, now, out);
}

static int reason_of(const char *name)
{
	for (int i = BOOKING_MALFORMED; i <= BOOKING_CLOCK_UNSET; i++)
		if (strcmp(booking_reason_name(i), name) == 0)
			return i;
	return BOOKING_MALFORMED;
}

int ksync_checkin(struct ksync *k, const char *payload, size_t len, int try_server,
		  struct booking_token *b, struct queue_ticket *out, int *reason, int *offline)
{
	int64_t now = kclock_now(k->clock), away = 0;
	char ref[65], number[12];
	json_t *reply = NULL;
	long status = 0;
	int r;

	*offline = 0;
	memset(out, 0, sizeof(*out));
	/* the contract's rules 1-6 here first: a refused code never leaves the kiosk */
	*reason = booking_verify(k->cfg, payload, len, now, b);
	if (*reason != BOOKING_OK)
		return K_OK;
	make_ref(k, ref);
	store_get_int(k->store, "away", &away);
	if (!try_server && away)
		goto offline;
	json_t *body = json_pack("{s:s%, s:s}", "payload", b->text, strlen(b->text),
				 "client_ref", ref);
	r = body ? sync_http_call(k->http, "POST", "/checkins", body, k->cfg->sync.issue_timeout,
				  &status, &reply) : K_ERR_NOMEM;
	json_decref(body);
	if (r == K_OK && status == 201 && ticket_from_json(k, reply, out) == K_OK) {
		json_decref(reply);
		ksync_set_online(k, 1);
		if (store_record(k->store, out, b->booking) < 0)
			klog(KLOG_WARN, "sync: %s checked in but not recorded here", out->number);
		return K_OK;
	}
	if (r == K_OK && (status == 409 || status == 422) &&
	    !strcmp(jstr(reply, "error"), "booking_refused")) {
		*reason = reason_of(jstr(reply, "reason"));
		snprintf(out->number, sizeof(out->number), "%s", jstr(reply, "number"));
		snprintf(out->service, sizeof(out->service), "%s", b->service);
		out->issued_at = now; /* for a slip printed again */
		json_decref(reply);
		ksync_set_online(k, 1);
		return K_OK;
	}
	json_decref(reply);
	ksync_set_online(k, 0);
offline:
	*offline = 1;
	int cancelled = 0;
	store_is_cancelled(k->store, b->booking, &cancelled);
	if (cancelled) {
		*reason = BOOKING_CANCELLED; /* the server said so before it went away */
		return K_OK;
	}
	if (store_find_booking(k->store, b->booking, number) == K_OK) {
		*reason = BOOKING_ALREADY_USED; /* here, while the server was away */
		snprintf(out->number, sizeof(out->number), "%s", number);
		snprintf(out->service, sizeof(out->service), "%s", b->service);
		out->issued_at = now;
		return K_OK;
	}
	r = issue_offline(k, kconf_service(k->cfg, b->service), ref, k->cfg->booking.priority,
			  b->booking, now, out);
	return r;
}

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
		kclock_iso(p.issued_at, at, sizeof(at));
		json_t *body = json_pack("{s:s, s:s, s:s, s:s, s:b}", "service", p.service, "number",
					 p.number, "issued_at", at, "client_ref", p.client_ref,
					 "priority", p.priority);
		if (body && p.booking_id[0])
			json_object_set_new(body, "booking_id", json_string(p.booking_id));
		r = body ? sync_http_call(k->http, "POST", "/tickets", body, timeout_ms(k), &status,
					  &reply) : K_ERR_NOMEM;
		json_decref(body);
		if (r == K_OK && (status == 200 || status == 201)) {
			if (strcmp(jstr(reply, "number"), p.number) != 0)
				klog(KLOG_ERR, "sync: pushed %s, the server holds it as %s", p.number,
				     jstr(reply, "number"));
			r = store_pushed(k->store, p.client_ref, NULL);
			klog(KLOG_INFO, "sync: %s is at the server", p.number);
		} else if (r == K_OK) {
			/* refused: it stays in the outbox, with the reason, for a technician */
			char why[64];
			snprintf(why, sizeof(why), "%ld %s", status, jstr(reply, "error"));
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

static int lease_one(struct ksync *k, const struct kconf_service *svc, int count)
{
	json_t *reply = NULL;
	long status = 0;
	int64_t day;
	json_t *body = json_pack("{s:s, s:i}", "service", svc->code, "count", count);
	int r = body ? sync_http_call(k->http, "POST", "/leases", body, timeout_ms(k), &status,
				      &reply) : K_ERR_NOMEM;
	json_decref(body);
	if (r == K_OK && status == 201 && day_of(k, jstr(reply, "day"), &day) == 0) {
		json_t *band = json_object_get(reply, "band");
		const struct kconf_range *mine = &k->cfg->sync.band;
		r = store_add_lease(k->store, day, svc->code,
				    json_integer_value(json_object_get(reply, "first")),
				    json_integer_value(json_object_get(reply, "last")));
		if (mine->from != (int)json_integer_value(json_array_get(band, 0)) ||
		    mine->to != (int)json_integer_value(json_array_get(band, 1)))
			klog(KLOG_WARN, "sync: [sync] band (%d-%d) is not the server's band.%s; "
			     "numbers from it would be refused", mine->from, mine->to,
			     k->cfg->sync.name);
	} else if (r == K_OK && status != 409) { /* 409: the cap leaves nothing to lease */
		klog(KLOG_WARN, "sync: lease of %s: the server answered %ld", svc->code, status);
	}
	json_decref(reply);
	return r;
}

int ksync_topup(struct ksync *k)
{
	int64_t now = kclock_now(k->clock), at;
	int64_t today = kclock_day(now, k->cfg->queue.day_starts);
	json_t *snap = snapshot(k, &at);
	int r = K_OK;

	for (int i = 0; r == K_OK && k->cfg->sync.lease > 0 && i < k->cfg->nservices; i++) {
		const struct kconf_service *svc = &k->cfg->services[i];
		struct snap_service ss;
		int left = 0, mine = 0;
		/* only a service that has begun its day: leased numbers nobody uses
		 * are gaps in the sequence, and a gap before A001 would puzzle */
		snap_service(snap, svc->code, &ss);
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

/* Today's cancelled bookings, for check-ins while the server is away. */
static int refresh_cancelled(struct ksync *k)
{
	json_t *reply = NULL, *ids, *v;
	const char *list[256];
	size_t n = 0, i;
	long status = 0;
	int r = sync_http_call(k->http, "GET", "/cancellations", NULL, timeout_ms(k), &status,
			       &reply);
	ids = json_object_get(reply, "bookings");
	if (r == K_OK && status == 200 && json_is_array(ids)) {
		json_array_foreach(ids, i, v)
			if (json_is_string(v) && n < sizeof(list) / sizeof(list[0]))
				list[n++] = json_string_value(v);
		r = store_set_cancelled(k->store, list, n);
	}
	json_decref(reply);
	return r;
}

int ksync_refresh(struct ksync *k)
{
	json_t *reply = NULL;
	long status = 0;
	int r = sync_http_call(k->http, "GET", "/queue", NULL, timeout_ms(k), &status, &reply);
	if (r == K_OK && status == 200 && json_is_object(reply)) {
		char *text = json_dumps(reply, JSON_COMPACT);
		if (text && strlen(text) < SNAPSHOT_MAX) {
			r = store_set_text(k->store, "queue", text);
			if (r == K_OK)
				r = store_set_int(k->store, "queue_at", kclock_now(k->clock));
		}
		free(text);
		ksync_set_online(k, 1);
		if (r == K_OK && refresh_cancelled(k) < 0) /* an older server: no list */
			klog(KLOG_DEBUG, "sync: no list of cancelled bookings");
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
	if (since > 0)
		snprintf(path, sizeof(path), "/events?since=%lld&wait=%d", (long long)since, wait_s);
	else
		snprintf(path, sizeof(path), "/events");
	int r = sync_http_call(k->http, "GET", path, NULL, timeout_ms(k) + wait_s * 1000L,
			       &status, &reply);
	if (r == K_OK && status == 200) {
		int64_t last = json_integer_value(json_object_get(reply, "last")), seen = since;
		json_array_foreach(json_object_get(reply, "events"), i, ev)
			if (json_integer_value(json_object_get(ev, "seq")) > seen)
				seen = json_integer_value(json_object_get(ev, "seq"));
		if (since == 0 || last < since) /* first contact, or a new server database */
			seen = last;
		*changed = seen != since || json_array_size(json_object_get(reply, "events")) > 0;
		if (seen != since)
			r = store_set_int(k->store, "events_since", seen);
	} else if (r == K_OK) {
		r = K_ERR_PROTOCOL;
	} else if (r == K_ERR_UNREACHABLE) {
		ksync_set_online(k, 0);
	}
	json_decref(reply);
	return r;
}

int ksync_status(struct ksync *k, struct queue_status *out, int *online)
{
	int64_t at, away = 0, now = kclock_now(k->clock);
	json_t *snap = snapshot(k, &at), *v;
	size_t j;

	memset(out, 0, sizeof(*out));
	out->day = kclock_day(now, k->cfg->queue.day_starts);
	out->nservices = k->cfg->nservices;
	for (int i = 0; i < k->cfg->nservices; i++) {
		struct snap_service ss;
		int own = 0;
		snprintf(out->services[i].code, sizeof(out->services[i].code), "%s",
			 k->cfg->services[i].code);
		snap_service(snap, k->cfg->services[i].code, &ss);
		store_offline_since(k->store, k->cfg->services[i].code, at, &own);
		out->services[i].waiting = ss.waiting + own;
		out->services[i].waiting_priority = ss.waiting_priority;
		out->services[i].issued = ss.issued + own;
		out->services[i].served = ss.served;
	}
	json_array_foreach(json_object_get(snap, "counters"), j, v) {
		if (out->ncounters >= KCONF_MAX_COUNTERS)
			break;
		out->counters[out->ncounters].id = (int)json_integer_value(json_object_get(v, "counter"));
		out->counters[out->ncounters].open = json_is_true(json_object_get(v, "open"));
		snprintf(out->counters[out->ncounters].number,
			 sizeof(out->counters[0].number), "%s", jstr(v, "serving"));
		out->ncounters++;
	}
	json_decref(snap);
	store_get_int(k->store, "away", &away);
	*online = !away;
	return K_OK;
}

int ksync_report(struct ksync *k, struct ksync_report *out)
{
	struct store_pending p;
	int64_t away = 0, today = kclock_day(kclock_now(k->clock), k->cfg->queue.day_starts);
	int r;

	memset(out, 0, sizeof(*out));
	r = store_pending_count(k->store, &out->pending, out->per_service, &out->oldest);
	if (r == K_OK && store_next_pending(k->store, NULL, &p) == K_OK)
		snprintf(out->last_error, sizeof(out->last_error), "%s", p.last_error);
	for (int i = 0; r == K_OK && i < k->cfg->nservices; i++)
		r = store_lease_left(k->store, today, k->cfg->services[i].code, &out->lease_left[i]);
	store_get_int(k->store, "away", &away);
	store_get_int(k->store, "contact_at", &out->last_contact);
	out->online = !away;
	return r;
}
