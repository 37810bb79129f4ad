/*
 * ksync_issue.c - a ticket or a booking check-in: by the server, or offline
 * from this kiosk's own numbers (docs/sync.md, docs/booking.md).
 */
#include "ksync_private.h"
#include "booking.h"
#include "hours.h"
#include "kerr.h"
#include "klog.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "lobby-1:" and 16 random hex digits: unique without any state to keep;
 * and with it the ticket's page token (ticket_page.h) for the day of now,
 * "" for a kiosk without a [sync] token.  Made once per ticket, so the
 * online try and the offline fallback carry the same ones. */
static void make_ref(const struct ksync *k, int64_t now, char ref[65],
		     char page[TICKET_PAGE_LEN + 1])
{
	unsigned char rnd[8];
	char hex[17];
	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(hex, sizeof(hex), rnd, sizeof(rnd));
	snprintf(ref, 65, "%s:%s", k->cfg->sync.name, hex);
	page[0] = '\0';
	if (k->has_page_key)
		ticket_page_make(k->page_key, kclock_day(now, k->cfg->queue.day_starts), page);
}

/* The server said no (as queue_issue() would); 0 if the answer is no refusal. */
static int refusal(long status, json_t *reply)
{
	static const struct { const char *code; int err; } map[] = {
		{ "closed", K_ERR_CLOSED }, { "cap_reached", K_ERR_CAP },
		{ "disabled", K_ERR_DISABLED }, { "unknown_service", K_ERR_NOT_FOUND },
		{ "bad_service", K_ERR_NOT_FOUND },
	};
	const char *code = ks_jstr(reply, "error");
	if (status == 507 && strcmp(code, "disk_full") == 0)
		return K_ERR_DISK_FULL; /* the server's disk: not issued, and not offline either */
	if (status != 409 && status != 422)
		return 0;
	for (unsigned i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(code, map[i].code) == 0)
			return map[i].err;
	return 0;
}

/* Offline: would the server have issued?  As far as this kiosk can know. */
static int offline_check(struct ksync *k, const struct kconf_service *svc, int64_t now,
			 int *ahead)
{
	struct snap_service ss;
	int64_t at;
	int own = 0, r = K_OK;
	json_t *snap = ks_snapshot(k, &at);

	ks_snap_service(snap, svc->code, &ss);
	store_offline_since(k->store, svc->code, at, &own);
	*ahead = ss.waiting + own;
	if (!svc->enabled || !ss.enabled)
		r = K_ERR_DISABLED;
	else if (!hours_open(k->cfg, svc, now))
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
			 const char *page, int priority, const char *booking_id, int64_t now,
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
				page, priority, booking_id, now, out, &origin);
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
	char ref[65], page[TICKET_PAGE_LEN + 1];
	json_t *reply = NULL;
	long status = 0;
	int r;

	*offline = 0;
	if (!svc)
		return K_ERR_NOT_FOUND;
	if (!kclock_is_set(k->clock, now))
		return K_ERR_CLOCK;
	make_ref(k, now, ref, page);
	store_get_int(k->store, "away", &away);
	if (!try_server && away)
		goto offline; /* the follower is looking for the server meanwhile */

	json_t *body = ks_with_page(json_pack("{s:s, s:s, s:b}", "service", service,
					      "client_ref", ref, "priority", priority), page);
	r = body ? sync_http_call(k->http, "POST", "/tickets", body,
				  k->cfg->sync.issue_timeout, &status, &reply) : K_ERR_NOMEM;
	json_decref(body);
	if (r == K_OK && (status == 200 || status == 201)) {
		r = ks_ticket_mine(k, reply, service, ref, "an issue", out);
		json_decref(reply);
		if (r < 0)
			goto offline; /* a garbled answer: the ref settles it when pushed */
		snprintf(out->page, sizeof(out->page), "%s", page);
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
	return issue_offline(k, svc, ref, page, priority, NULL, now, out);
}

static int reason_of(const char *name)
{
	for (int i = BOOKING_MALFORMED; i <= BOOKING_NOT_FOUND; i++)
		if (strcmp(booking_reason_name(i), name) == 0)
			return i;
	return BOOKING_MALFORMED;
}

/*
 * POST /checkins with body: K_OK with *reason and *out when the server
 * decided, K_ERR_UNREACHABLE (or another failure) when it did not.  A
 * typed code's fields come back in the answer ("slot", "minutes").
 */
static int checkin_online(struct ksync *k, json_t *body, struct booking_token *b,
			  struct queue_ticket *out, int *reason)
{
	json_t *reply = NULL;
	long status = 0;
	char ref[65], page[TICKET_PAGE_LEN + 1];
	snprintf(ref, sizeof(ref), "%s", ks_jstr(body, "client_ref"));
	snprintf(page, sizeof(page), "%s", ks_jstr(body, "page"));
	int r = body ? sync_http_call(k->http, "POST", "/checkins", body,
				      k->cfg->sync.issue_timeout, &status, &reply) : K_ERR_NOMEM;
	json_decref(body);
	if (r == K_OK && status == 201 &&
	    ks_ticket_mine(k, reply, b->slot ? b->service : NULL, ref, "a check-in", out) == K_OK) {
		*reason = BOOKING_OK;
		snprintf(out->page, sizeof(out->page), "%s", page);
		if (!b->slot) {
			snprintf(b->service, sizeof(b->service), "%s", out->service);
			kclock_parse_iso(ks_jstr(reply, "slot"), &b->slot);
			b->minutes = (int)ks_jcount(reply, "minutes");
		}
		if (store_record(k->store, out, b->booking) < 0)
			klog(KLOG_WARN, "sync: %s checked in but not recorded here", out->number);
	} else if (r == K_OK && (status == 409 || status == 422) &&
		   !strcmp(ks_jstr(reply, "error"), "booking_refused")) {
		*reason = reason_of(ks_jstr(reply, "reason"));
		snprintf(out->number, sizeof(out->number), "%s", ks_jstr(reply, "number"));
		snprintf(out->service, sizeof(out->service), "%s",
			 b->service[0] ? b->service : ks_jstr(reply, "service"));
		out->issued_at = kclock_now(k->clock); /* for a slip printed again */
		kclock_parse_iso(ks_jstr(reply, "slot"), &b->slot);
		snprintf(b->station, sizeof(b->station), "%s", ks_jstr(reply, "station"));
		if (*reason == BOOKING_ALREADY_USED &&
		    !ks_number_ok(k, out->service, ks_jstr(reply, "number"))) {
			/* shown in large and printed again: only a number of the service */
			klog(KLOG_WARN, "sync: the answer to a check-in names no number of its "
			     "service"); /* the service may be the server's text: not logged */
			r = K_ERR_PROTOCOL;
		}
	} else if (r == K_OK) {
		r = K_ERR_PROTOCOL;
	}
	json_decref(reply);
	ksync_set_online(k, r == K_OK);
	return r;
}

/* Check a booking in while the server is away: refused if the server had
 * listed it cancelled, once per booking at this kiosk, from its own numbers. */
static int checkin_offline(struct ksync *k, struct booking_token *b, const char *ref,
			   const char *page, int64_t now, struct queue_ticket *out, int *reason)
{
	struct store_booking known;
	char number[12];

	if (store_get_booking(k->store, b->booking, &known) == K_OK && known.cancelled) {
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
	*reason = BOOKING_OK;
	return issue_offline(k, kconf_service(k->cfg, b->service), ref, page,
			     k->cfg->booking.priority, b->booking, now, out);
}

int ksync_checkin(struct ksync *k, const char *payload, size_t len, int try_server,
		  struct booking_token *b, struct queue_ticket *out, int *reason, int *offline)
{
	int64_t now = kclock_now(k->clock), away = 0;
	char ref[65], page[TICKET_PAGE_LEN + 1];

	*offline = 0;
	memset(out, 0, sizeof(*out));
	/* the contract's rules 1-6 here first: a refused code never leaves the kiosk */
	*reason = booking_verify(k->cfg, payload, len, now, b);
	if (*reason != BOOKING_OK)
		return K_OK;
	make_ref(k, now, ref, page);
	store_get_int(k->store, "away", &away);
	if ((try_server || !away) &&
	    checkin_online(k, ks_with_page(json_pack("{s:s%, s:s}", "payload", b->text,
						     strlen(b->text), "client_ref", ref), page),
			   b, out, reason) == K_OK)
		return K_OK;
	*offline = 1;
	return checkin_offline(k, b, ref, page, now, out, reason);
}

int ksync_checkin_code(struct ksync *k, const char *code, struct booking_token *b,
		       struct queue_ticket *out, int *reason)
{
	char ref[65], page[TICKET_PAGE_LEN + 1];
	memset(out, 0, sizeof(*out));
	memset(b, 0, sizeof(*b));
	if (booking_code_norm(code, b->booking) < 0) {
		*reason = BOOKING_NOT_FOUND;
		return K_OK;
	}
	make_ref(k, kclock_now(k->clock), ref, page);
	int r = checkin_online(k, ks_with_page(json_pack("{s:s, s:s}", "booking", b->booking,
							 "client_ref", ref), page),
			       b, out, reason);
	if (r != K_ERR_UNREACHABLE)
		return r;
	/* the server is away: the bookings it listed for today, if this is one */
	struct store_booking known;
	if (store_get_booking(k->store, b->booking, &known) < 0)
		return K_ERR_UNREACHABLE; /* not known here: only the server could say */
	snprintf(b->station, sizeof(b->station), "%s", k->cfg->station.id);
	snprintf(b->service, sizeof(b->service), "%s", known.service);
	b->slot = known.slot;
	b->minutes = known.minutes;
	*reason = booking_check(k->cfg, b, kclock_now(k->clock));
	if (*reason != BOOKING_OK)
		return K_OK;
	return checkin_offline(k, b, ref, page, kclock_now(k->clock), out, reason);
}
