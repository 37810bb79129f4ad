/*
 * api_private.h - what the files of the API share (server/api*.c only).
 */
#ifndef API_PRIVATE_H
#define API_PRIVATE_H

#include <jansson.h>

#include "api.h"

/* A ticket as every endpoint writes it; estimate: people ahead and wait too. */
json_t *api_ticket_json(const struct queue_ticket *t, int estimate);

/* The request body as a JSON object, or NULL with a 400 in out. */
json_t *api_body_object(const struct http_request *rq, struct http_reply *out);

/* Is ref a well-formed client_ref this caller may use ("<kiosk>:…")? */
int api_ref_ok(const struct kconf_token *who, const char *ref);

/* api_booking.c: check-ins, bookings, slots. */
void api_checkin(void *app, const struct http_request *rq, struct http_reply *out);
void api_book(void *app, const struct http_request *rq, struct http_reply *out);
void api_cancel(void *app, const struct http_request *rq, struct http_reply *out);
void api_slots(void *app, const struct http_request *rq, struct http_reply *out);
void api_bookings_today(void *app, const struct http_request *rq, struct http_reply *out);

#endif
