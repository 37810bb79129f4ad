/*
 * api_private.h - what the files of the API share (server/api*.c only).
 */
#ifndef API_PRIVATE_H
#define API_PRIVATE_H

#include <jansson.h>

#include "api.h"

/* api_common.c: what the endpoint files share; it calls none of them. */
/* A ticket as every endpoint writes it; estimate: people ahead and wait too. */
json_t *api_ticket_json(const struct queue_ticket *t, int estimate);
/* A service's names and codes, and the station's, as the console and board show them. */
json_t *api_service_json(const struct kconf *cfg, const char *code);
json_t *api_station_json(const struct kconf *cfg);
/* A counter's names as kiosk.conf gives them, "" when it does not: the
 * console, the board page and the lobby board then say the translation
 * file's "Quầy {n}" / "Counter {n}" (no Vietnamese typed into the server). */
void api_counter_names(const struct kconf_counter *cc, char vi[KCONF_NAME], char en[KCONF_NAME]);
/* The request body as a JSON object, or NULL with a 400 in out. */
json_t *api_body_object(const struct http_request *rq, struct http_reply *out);
/* The counter named by the route's "*", or 0 with a 404 in out. */
int api_counter_arg(struct api *a, const struct http_request *rq, struct http_reply *out);
/* Is ref a well-formed client_ref this caller may use ("<kiosk>:…")? */
int api_ref_ok(const struct kconf_token *who, const char *ref);
/* 1-64 of A-Z a-z 0-9 . _ : - */
int api_client_ref_ok(const char *s);
/* A kiosk's refs are its own: "<name>:...", so no kiosk reaches another's ticket. */
int api_own_ref(const char *name, const char *ref);
/* 1 for a supervisor; else 0 with a 403 supervisor_only in out. */
int api_supervisor_only(const struct http_request *rq, struct http_reply *out);
/* The engine's refusals (K_ERR_*) as HTTP answers. */
void api_refused(struct api *a, int r, const char *service, struct http_reply *out);
/*
 * Keep the page token of ticket t (docs/public.md; under a->lock): a
 * kiosk's ("page", which it made for t's day with its own key) opens t
 * from now on; a ticket issued by staff without one gets one the server
 * makes, written to made (else made = "").  A page that does not read, or
 * that this kiosk did not make for that day, is left out and logged: a
 * ticket is never refused for its page.
 */
#define API_PAGE_LEN 23 /* TICKET_PAGE_LEN + 1 */
void api_page_keep(struct api *a, const struct kconf_token *who, const char *page,
		   const struct queue_ticket *t, char made[API_PAGE_LEN]);
/* Query parameter name as a whole number in min..max into *out: 1; absent: 0; bad: -1. */
int api_query_int(const struct http_request *rq, const char *name, long min, long max,
		  long *out);
/*
 * The queue's changes after since (-1: none, at once, *last = the newest),
 * waiting up to wait seconds for one (a long-poll: it takes a place,
 * http_hold(); none free: 503 busy in out and *answered).  A client that
 * hangs up ends its wait within API_WAIT_POLL_MS (503 in out, *answered).
 * Returns how many (up to max, into c), or a K_ERR_*.  Takes and leaves
 * a->lock.
 */
#define API_WAIT_POLL_MS 200 /* how often a waiting long-poll looks at the database and its client */
int api_wait_changes(struct api *a, const struct http_request *rq, int64_t since, long wait,
		     struct queue_change *c, int max, int64_t *last, struct http_reply *out,
		     int *answered);

/* api_booking.c: check-ins, bookings, slots. */
void api_checkin(void *app, const struct http_request *rq, struct http_reply *out);
void api_book(void *app, const struct http_request *rq, struct http_reply *out);
void api_cancel(void *app, const struct http_request *rq, struct http_reply *out);
void api_slots(void *app, const struct http_request *rq, struct http_reply *out);
void api_bookings_today(void *app, const struct http_request *rq, struct http_reply *out);
void api_bookings_closed(void *app, const struct http_request *rq, struct http_reply *out);

/* api_staff.c: logging in and out, and what a supervisor changes. */
void api_login(void *app, const struct http_request *rq, struct http_reply *out);
void api_whoami(void *app, const struct http_request *rq, struct http_reply *out);
void api_logout(void *app, const struct http_request *rq, struct http_reply *out);
void api_counter_services(void *app, const struct http_request *rq, struct http_reply *out);
void api_service_enabled(void *app, const struct http_request *rq, struct http_reply *out);
void api_devices(void *app, const struct http_request *rq, struct http_reply *out);
void api_device_report(void *app, const struct http_request *rq, struct http_reply *out);

/* api_queue.c: the queue read, the counter actions, the changes as a
 * long-poll (/events and /board/events). */
void api_queue(void *app, const struct http_request *rq, struct http_reply *out);
/* The queue's snapshot (a->snap) made and freed (api_init(), api_destroy()). */
int api_queue_init(struct api *a);
void api_queue_destroy(struct api *a);
void api_next(void *app, const struct http_request *rq, struct http_reply *out);
void api_recall(void *app, const struct http_request *rq, struct http_reply *out);
void api_noshow(void *app, const struct http_request *rq, struct http_reply *out);
void api_done(void *app, const struct http_request *rq, struct http_reply *out);
void api_transfer(void *app, const struct http_request *rq, struct http_reply *out);
void api_call(void *app, const struct http_request *rq, struct http_reply *out);
void api_events(void *app, const struct http_request *rq, struct http_reply *out);

/* api_board.c: the lobby board's data and the voice of a call. */
void api_board(void *app, const struct http_request *rq, struct http_reply *out);
void api_voice(void *app, const struct http_request *rq, struct http_reply *out);

/* api_dossiers.c: a dossier looked up for a citizen, a list imported by staff. */
void api_dossier_lookup(void *app, const struct http_request *rq, struct http_reply *out);
void api_dossier_import(void *app, const struct http_request *rq, struct http_reply *out);

/* api_reports.c: the figures of a range of days, for a supervisor. */
void api_reports(void *app, const struct http_request *rq, struct http_reply *out);
/* The reports' connection, opened at the first use (under a->report_lock):
 * long reads on it never hold a->lock. */
struct kdb;
int api_report_db(struct api *a, struct kdb **out);

/* api_rating.c: a counter's rating device, and the chain's check. */
void api_rating_prompt(void *app, const struct http_request *rq, struct http_reply *out);
void api_rate(void *app, const struct http_request *rq, struct http_reply *out);
void api_ratings_verify(void *app, const struct http_request *rq, struct http_reply *out);
/* Rate ticket number of today (queue_rate()) from a request's "level" and
 * "reason": 201, or the refusal as HTTP (400, 409 already_rated,
 * window_closed, not_finished) in out.  Takes a->lock. */
void api_rate_number(struct api *a, const char *number, json_t *level, json_t *reason,
		     int counter, enum queue_rating_channel channel, struct http_reply *out);

/* www.c: the console's, the board's and the rating tablet's files from
 * [server] www, Chart.js from [server] chartjs. */
void www_staff(void *app, const struct http_request *rq, struct http_reply *out);
void www_board(void *app, const struct http_request *rq, struct http_reply *out);
void www_rate(void *app, const struct http_request *rq, struct http_reply *out);
void www_static(void *app, const struct http_request *rq, struct http_reply *out);
void www_chartjs(void *app, const struct http_request *rq, struct http_reply *out);
/* A file of [server] www by its flat name (text/html ones as a page), or 404. */
void www_file(struct api *a, const char *name, struct http_reply *out);

#endif
