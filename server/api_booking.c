/*
 * api_booking.c - bookings at the station server: a kiosk's scan checked in
 * here, where the booking is used once for the whole station.
 */
#include "api_private.h"
#include "booking.h"
#include "kerr.h"
#include "klog.h"

#include <sodium.h>
#include <string.h>

/*
 * POST /api/v1/checkins {"payload": "<the scanned text>", "client_ref": …}
 * or {"booking": "<the code typed from the Zalo message>", …}
 * (kiosk; the ref as for tickets: an answer lost is settled by it): the
 * contract's rules against this server's keys and clock, then the booking
 * used once.  201 with the ticket, or 409/422 {"error":"booking_refused",
 * "reason": "TOO_EARLY", ...} ("number" too for ALREADY_USED).  The payload
 * is neither kept nor logged: only the reason is.
 */
void api_checkin(void *app, const struct http_request *rq, struct http_reply *out)
{
	struct api *a = app;
	struct booking_token t;
	struct queue_ticket ticket;
	json_t *o = api_body_object(rq, out), *payload, *code, *ref;
	char client_ref[65] = "", typed[24] = "", page[API_PAGE_LEN + 1] = "", made[API_PAGE_LEN];
	int reason = BOOKING_OK, r = K_OK, is_typed;

	if (!o)
		return;
	payload = json_object_get(o, "payload");
	code = json_object_get(o, "booking");
	ref = json_object_get(o, "client_ref");
	if ((!json_is_string(payload) == !json_is_string(code)) || (ref && (!json_is_string(ref) ||
	    !api_ref_ok(rq->who, json_string_value(ref))))) {
		json_decref(o);
		http_error(out, 400, "bad_request", "\"payload\" (the scanned text) or \"booking\" "
			   "(a typed booking code) is required, and a \"client_ref\" starts with the "
			   "kiosk's name and ':'");
		return;
	}
	is_typed = json_is_string(code); /* else "payload" is the string */
	if (is_typed && json_string_length(code) == 0) {
		/* typed but empty: not a code at all (and never the scanned branch) */
		json_decref(o);
		http_error(out, 400, "bad_request", "\"booking\" is the code typed from the "
			   "booking message: 1-20 of A-Z 0-9 -");
		json_object_set_new(out->body, "reason",
				    json_string(booking_reason_name(BOOKING_MALFORMED)));
		return;
	}
	if (ref)
		snprintf(client_ref, sizeof(client_ref), "%s", json_string_value(ref));
	if (json_is_string(json_object_get(o, "page"))) /* its page's token, made by the kiosk */
		snprintf(page, sizeof(page), "%s", json_string_value(json_object_get(o, "page")));
	if (is_typed)
		snprintf(typed, sizeof(typed), "%.23s", json_string_value(code));
	else
		reason = booking_verify(a->cfg, json_string_value(payload),
					json_string_length(payload), kclock_now(a->clock), &t);
	json_decref(o);
	if (reason == BOOKING_OK) {
		const char *cref = client_ref[0] ? client_ref : NULL;
		pthread_mutex_lock(&a->lock);
		r = is_typed ? queue_checkin_code(a->q, typed, cref, &t, &ticket, &reason)
			     : queue_checkin(a->q, &t, cref, &ticket, &reason);
		if (r == K_OK && reason == BOOKING_OK) {
			api_page_keep(a, rq->who, page[0] ? page : NULL, &ticket, made);
			pthread_cond_broadcast(&a->changed);
		}
		pthread_mutex_unlock(&a->lock);
	}
	klog(KLOG_INFO, "checkin from %s: %s", rq->who->name,
	     r < 0 ? kerr_name(r) : booking_reason_name(reason));
	if (r < 0) {
		http_error(out, 503, "unavailable", kerr_text(r));
		return;
	}
	if (reason == BOOKING_OK) {
		char at[32];
		kclock_iso(t.slot, at, sizeof(at));
		out->status = 201;
		out->body = api_ticket_json(&ticket, 1);
		json_object_set_new(out->body, "slot", json_string(at)); /* for the slip */
		json_object_set_new(out->body, "minutes", json_integer(t.minutes));
		if (made[0]) /* the server made its page: the only time it is told */
			json_object_set_new(out->body, "page", json_string(made));
		return;
	}
	http_error(out, reason == BOOKING_ALREADY_USED || reason == BOOKING_CANCELLED ? 409 : 422,
		   "booking_refused", "the booking code is refused; \"reason\" says why");
	json_object_set_new(out->body, "reason", json_string(booking_reason_name(reason)));
	if (reason == BOOKING_ALREADY_USED) {
		json_object_set_new(out->body, "number", json_string(ticket.number));
		json_object_set_new(out->body, "service", json_string(ticket.service));
	}
	if (reason == BOOKING_TOO_EARLY || reason == BOOKING_WRONG_STATION) {
		char at[32];
		kclock_iso(t.slot, at, sizeof(at));
		json_object_set_new(out->body, "slot", json_string(at));
		json_object_set_new(out->body, "station", json_string(t.station));
	}
}

/* "2026-11-29T09:30:00+07:00" or "2026-11-29T09:30" (Vietnam time). */
static int parse_slot(const char *text, int64_t *t)
{
	return kclock_parse_iso(text, t) == K_OK || kclock_parse_local(text, t) == K_OK ? 0 : -1;
}

/*
 * POST /api/v1/bookings {"service", "slot"} (booking backend): a place in
 * the slot if it has room, and the signed token for the citizen's QR code.
 * Anything else in the body (a contact the backend keeps for itself) is
 * ignored and not stored.
 */
void api_book(void *app, const struct http_request *rq, struct http_reply *out)
{
	struct api *a = app;
	struct booking_made m;
	int64_t slot;
	json_t *o = api_body_object(rq, out);

	if (!o)
		return;
	json_t *svc = json_object_get(o, "service"), *at = json_object_get(o, "slot");
	if (!json_is_string(svc) || !json_is_string(at) || parse_slot(json_string_value(at), &slot)) {
		json_decref(o);
		http_error(out, 400, "bad_request", "\"service\" and \"slot\" "
			   "(2026-11-29T09:30:00+07:00) are required");
		return;
	}
	pthread_mutex_lock(&a->lock);
	int r = a->bookings ? bookings_make(a->bookings, json_string_value(svc), slot, rq->who->name,
					    kclock_now(a->clock), &m) : K_ERR_DISABLED;
	if (r == K_OK)
		staff_audit(a->staff, kclock_now(a->clock), rq->who->name, "book", m.id);
	pthread_mutex_unlock(&a->lock);
	json_decref(o);
	switch (r) {
	case K_OK: {
		char iso[32];
		kclock_iso(m.slot, iso, sizeof(iso));
		out->status = 201;
		out->body = json_pack("{s:s, s:s, s:s, s:i, s:s}", "id", m.id, "service", m.service,
				      "slot", iso, "minutes", m.minutes, "token", m.token);
		sodium_memzero(&m, sizeof(m));
		return;
	}
	case K_ERR_NOT_FOUND:
		http_error(out, 422, "not_bookable", "no such service, or it is not booked in slots");
		return;
	case K_ERR_INVALID:
		http_error(out, 422, "bad_slot", "not a slot of that service (its hours, days, "
			   "slot length; not past; within [booking] days_ahead)");
		return;
	case K_ERR_CAP:
		http_error(out, 409, "slot_full", "that slot has no room left");
		return;
	case K_ERR_CLOSED:
		http_error(out, 409, "closed", "the station is closed that day ([calendar] closed)");
		return;
	case K_ERR_DISABLED:
		http_error(out, 503, "no_signing_key", "this server has no [booking] signing_key");
		return;
	default:
		http_error(out, 503, "unavailable", kerr_text(r));
	}
}

/* DELETE /api/v1/bookings/{id} (booking backend): refused at check-in from now on. */
void api_cancel(void *app, const struct http_request *rq, struct http_reply *out)
{
	struct api *a = app;
	pthread_mutex_lock(&a->lock);
	int r = a->bookings ? bookings_cancel(a->bookings, rq->arg, kclock_now(a->clock))
			    : K_ERR_NOT_FOUND;
	if (r == K_OK)
		staff_audit(a->staff, kclock_now(a->clock), rq->who->name, "cancel", rq->arg);
	pthread_mutex_unlock(&a->lock);
	if (r == K_ERR_NOT_FOUND) {
		http_error(out, 404, "unknown_booking", "no such booking");
		return;
	}
	if (r < 0) {
		http_error(out, 503, "unavailable", kerr_text(r));
		return;
	}
	out->status = 200;
	out->body = json_pack("{s:s, s:b}", "id", rq->arg, "cancelled", 1);
}

static void add_slot(int64_t start, int minutes, int capacity, int taken, void *ctx)
{
	char iso[32];
	kclock_iso(start, iso, sizeof(iso));
	json_array_append_new(ctx, json_pack("{s:s, s:i, s:i, s:i}", "slot", iso, "minutes",
					     minutes, "capacity", capacity, "free",
					     capacity > taken ? capacity - taken : 0));
}

/* GET /api/v1/slots?service=CODE&date=YYYY-MM-DD (booking backend). */
void api_slots(void *app, const struct http_request *rq, struct http_reply *out)
{
	struct api *a = app;
	const char *svc = http_query(rq, "service"), *date = http_query(rq, "date");
	char noon[24];
	int64_t t;

	snprintf(noon, sizeof(noon), "%.10sT12:00", date ? date : "");
	if (!svc || !date || strlen(date) != 10 || kclock_parse_local(noon, &t) < 0) {
		http_error(out, 400, "bad_request", "?service=CODE&date=YYYY-MM-DD");
		return;
	}
	json_t *slots = json_array();
	pthread_mutex_lock(&a->lock);
	int r = a->bookings ? bookings_slots(a->bookings, svc, kclock_day(t, 0), add_slot, slots)
			    : K_ERR_NOT_FOUND;
	pthread_mutex_unlock(&a->lock);
	if (r < 0) {
		json_decref(slots);
		http_error(out, r == K_ERR_NOT_FOUND ? 422 : 503, r == K_ERR_NOT_FOUND ?
			   "not_bookable" : "unavailable", "no such bookable service");
		return;
	}
	out->status = 200;
	out->body = json_pack("{s:s, s:s, s:o}", "service", svc, "date", date, "slots", slots);
}

static void add_booking(const char *id, const char *service, int64_t slot, int minutes,
			int cancelled, void *ctx)
{
	char at[32];
	kclock_iso(slot, at, sizeof(at));
	json_array_append_new(ctx, json_pack("{s:s, s:s, s:s, s:i, s:b}", "id", id, "service",
					     service, "slot", at, "minutes", minutes, "cancelled",
					     cancelled));
}

/* GET /api/v1/bookings/today (kiosk): the bookings of today and tomorrow,
 * cancelled or not, so that a kiosk whose server is away still refuses a
 * cancelled one and finds a typed code.  Ids and slots: nobody's name. */
void api_bookings_today(void *app, const struct http_request *rq, struct http_reply *out)
{
	struct api *a = app;
	char date[16];
	int64_t day = kclock_day(kclock_now(a->clock), 0);
	json_t *list = json_array();
	(void)rq;
	pthread_mutex_lock(&a->lock);
	int r = a->bookings ? bookings_on(a->bookings, day, add_booking, list) : K_OK;
	pthread_mutex_unlock(&a->lock);
	if (r < 0) {
		json_decref(list);
		http_error(out, 503, "unavailable", kerr_text(r));
		return;
	}
	kclock_day_str(day, date, sizeof(date));
	out->status = 200;
	out->body = json_pack("{s:s, s:o}", "date", date, "bookings", list);
}

static void add_closed(const char *id, const char *service, int64_t slot, int minutes, void *ctx)
{
	char at[32];
	kclock_iso(slot, at, sizeof(at));
	json_array_append_new(ctx, json_pack("{s:s, s:s, s:s, s:i}", "id", id, "service", service,
					     "slot", at, "minutes", minutes));
}

/* GET /api/v1/bookings?closed=1 (booking backend, staff): the bookings, not
 * cancelled, from today on, whose day [calendar] now closes - made before the
 * calendar changed - so the backend or the staff can tell the citizens.  Ids,
 * services and slots only. */
void api_bookings_closed(void *app, const struct http_request *rq, struct http_reply *out)
{
	struct api *a = app;
	const char *closed = http_query(rq, "closed");
	json_t *list;

	if (!closed || strcmp(closed, "1") != 0) {
		http_error(out, 400, "bad_request", "?closed=1: the bookings on days the calendar "
			   "closes (the only listing here)");
		return;
	}
	list = json_array();
	pthread_mutex_lock(&a->lock);
	int r = a->bookings ? bookings_on_closed_days(a->bookings, kclock_now(a->clock),
						      add_closed, list) : 0;
	pthread_mutex_unlock(&a->lock);
	if (r < 0) {
		json_decref(list);
		http_error(out, 503, "unavailable", kerr_text(r));
		return;
	}
	out->status = 200;
	out->body = json_pack("{s:o}", "bookings", list);
}
