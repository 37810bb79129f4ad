/*
 * api_booking.c - bookings at the station server: a kiosk's scan checked in
 * here, where the booking is used once for the whole station.
 */
#include "api_private.h"
#include "booking.h"
#include "kerr.h"
#include "klog.h"

#include <string.h>

/*
 * POST /api/v1/checkins {"payload": "<the scanned text>", "client_ref": …}
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
	json_t *o = api_body_object(rq, out), *payload, *ref;
	char client_ref[65] = "";
	int reason, r = K_OK;

	if (!o)
		return;
	payload = json_object_get(o, "payload");
	ref = json_object_get(o, "client_ref");
	if (!json_is_string(payload) || (ref && (!json_is_string(ref) ||
	    !api_ref_ok(rq->who, json_string_value(ref))))) {
		json_decref(o);
		http_error(out, 400, "bad_request", "\"payload\" (the scanned text) is required, "
			   "and a \"client_ref\" starts with the kiosk's name and ':'");
		return;
	}
	if (ref)
		snprintf(client_ref, sizeof(client_ref), "%s", json_string_value(ref));
	reason = booking_verify(a->cfg, json_string_value(payload), json_string_length(payload),
				kclock_now(&kclock_system), &t);
	json_decref(o);
	if (reason == BOOKING_OK) {
		pthread_mutex_lock(&a->lock);
		r = queue_checkin(a->q, &t, client_ref[0] ? client_ref : NULL, &ticket, &reason);
		if (r == K_OK && reason == BOOKING_OK)
			pthread_cond_broadcast(&a->changed);
		pthread_mutex_unlock(&a->lock);
	}
	klog(KLOG_INFO, "checkin from %s: %s", rq->who->name,
	     r < 0 ? kerr_name(r) : booking_reason_name(reason));
	if (r < 0) {
		http_error(out, 503, "unavailable", kerr_text(r));
		return;
	}
	if (reason == BOOKING_OK) {
		out->status = 201;
		out->body = api_ticket_json(&ticket, 1);
		return;
	}
	http_error(out, reason == BOOKING_ALREADY_USED || reason == BOOKING_CANCELLED ? 409 : 422,
		   "booking_refused", "the booking code is refused; \"reason\" says why");
	json_object_set_new(out->body, "reason", json_string(booking_reason_name(reason)));
	if (reason == BOOKING_ALREADY_USED)
		json_object_set_new(out->body, "number", json_string(ticket.number));
	if (reason == BOOKING_TOO_EARLY || reason == BOOKING_WRONG_STATION) {
		char at[32];
		kclock_iso(t.slot, at, sizeof(at));
		json_object_set_new(out->body, "slot", json_string(at));
		json_object_set_new(out->body, "station", json_string(t.station));
	}
}
