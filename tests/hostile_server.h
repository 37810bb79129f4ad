/*
 * hostile_server.h - a scripted fake station server on 127.0.0.1 (real
 * sockets, one thread) for the kiosk's sync client: it answers the API's
 * requests well, or in one of the ways a broken or hostile server (or a
 * proxy, a captive portal) would, as the test sets it between calls.
 * After curl's tests/server/sws.c, much smaller.
 */
#ifndef HOSTILE_SERVER_H
#define HOSTILE_SERVER_H

#include <stdint.h>

enum hostile_mode {
	HOSTILE_GOOD,      /* the API's answers, well formed (pushes recorded) */
	HOSTILE_GARBLED,   /* a 200/201 whose body is not JSON */
	HOSTILE_TRUNCATED, /* Content-Length larger than what is sent, then close */
	HOSTILE_TRICKLE,   /* a 200 whose body comes one byte a second, for minutes */
	HOSTILE_HUGE,      /* a 200 announcing and sending 100 MB */
	HOSTILE_ENDLESS,   /* a chunked 200 that never ends */
	HOSTILE_REDIRECT,  /* arg = 301, 302, 307, 308: Location: arg2's port */
	HOSTILE_OTHER,     /* a well-formed answer for another kiosk or service */
	HOSTILE_MUTATE,    /* the good answer with its arg-th value of a wrong type */
	HOSTILE_REFUSE,    /* 422 with an "error" that is a forged log line; a check-in
			    * refused as already used, its "number" a text to print */
};

struct hostile;

/* Listen on 127.0.0.1, a free port; the thread answers until stopped. */
struct hostile *hostile_start(void);
void hostile_stop(struct hostile *h);
int hostile_port(const struct hostile *h);

/* How the next requests are answered.  arg: the redirect's status or the
 * mutation's index; arg2: the redirect's port. */
void hostile_set(struct hostile *h, enum hostile_mode mode, int arg, int arg2);

/* Requests read since the start. */
int hostile_requests(struct hostile *h);
/* Requests that carried no or another "Authorization: Bearer <token>". */
int hostile_bad_auth(struct hostile *h, const char *token);
/* The most bytes written on one connection (headers and body). */
int64_t hostile_max_sent(struct hostile *h);
/* HOSTILE_MUTATE: 1 once every answer since hostile_set() went out
 * unchanged, its index being past the answer's last value. */
int hostile_mutations_done(struct hostile *h);
/* Was "<service> <number>" pushed (POST /tickets with a number), in any mode? */
int hostile_was_pushed(struct hostile *h, const char *service, const char *number);

/* The "page" of each POST /tickets and /checkins that carried client_ref, in
 * order, into pages (up to max, "" when it had none): how many there were. */
int hostile_pages(struct hostile *h, const char *client_ref, char pages[][32], int max);

#endif
