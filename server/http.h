/*
 * http.h - the station server's HTTP layer over libmicrohttpd.
 *
 * It collects a request (body capped at [server] max_body), finds who is
 * asking from the bearer token, picks the route, and sends the handler's
 * JSON reply.  Routing rules: no route for the path = 404, a route for the
 * path but not the method = 405, a body over the cap = 413, a token that is
 * missing or unknown = 401, a kiosk's token on a staff route = 403.  Staff
 * may also present the "session" cookie of a login instead of a token.
 * Before any of that: a %00 in the request's target = 400, more than 64
 * query parameters = 414.  Connections, request deadlines ([server]
 * request_timeout, from a request's line to its last byte) and long-polls
 * are limited by conn_guard.h.
 */
#ifndef HTTP_H
#define HTTP_H

#include <jansson.h>
#include <stddef.h>

#include "kconf.h"

struct http_server;
struct MHD_Connection;

/* Who may call: none; kiosks (and staff); staff; booking backends (and staff). */
/* Who may call a route: anyone; a kiosk (and staff); staff; a booking
 * backend (and staff); a counter's rating device only (a rater token may
 * call nothing else). */
enum http_auth { AUTH_NONE, AUTH_KIOSK, AUTH_STAFF, AUTH_BOOKING, AUTH_RATER };

struct http_request {
	const char *method, *path;
	const char *arg;                /* the route's "*" segment, or NULL */
	const char *body;               /* NUL-terminated */
	size_t body_len;
	const struct kconf_token *who;  /* NULL on AUTH_NONE routes */
	const char *cookie;             /* the staff session cookie it came with, or NULL */
	struct MHD_Connection *conn;
};

/* What a handler answers: a status and a JSON body it gives up (may be NULL),
 * or instead a file's bytes (raw, malloc'ed, given up) of a content type,
 * perhaps as a download. */
struct http_reply {
	int status;
	json_t *body;
	char set_cookie[160];           /* a Set-Cookie header; "" = none */
	int retry_after;                /* a Retry-After header, seconds; 0 = none */
	unsigned char *raw;
	size_t raw_len;
	const char *type;               /* raw's content type */
	char attachment[96];            /* raw is a download of this file name (Content-Disposition:
					 * attachment; plain ASCII, no '"'); "" = shown inline */
	int page;                       /* an HTML page: no framing, scripts only from here */
	/* Instead of body: JSON already written, text_len bytes of text, kept
	 * alive until the reply is sent, then given to text_done(text_ctx). */
	const char *text;
	size_t text_len;
	void (*text_done)(void *ctx);
	void *text_ctx;
	/* An ETag header (quoted; "" = none): the reply may then be kept by the
	 * client and asked again with If-None-Match (Cache-Control: no-cache). */
	char etag[64];
};

/*
 * Who holds this staff secret: a session cookie (token = 0) or a personal
 * API token given as "Authorization: Bearer" (token = 1)?  0, the name and
 * whether a supervisor; < 0 if nobody.  touch: the request is an action
 * (not a GET), which keeps an idle login alive.  Given to http_start().
 */
typedef int (*http_session_fn)(void *app, const char *secret, int token, int touch,
			       char name[64], int *supervisor);

/*
 * The CSRF token of a session cookie: a page that logged in gets it in the
 * login answer and sends it back as "X-CSRF-Token" with every action made
 * with the cookie; another site's page can neither read the cookie nor
 * compute this from it.  43 characters and a NUL.
 */
#define HTTP_CSRF_LEN 44
void http_csrf(const char *cookie, char out[HTTP_CSRF_LEN]);

typedef void (*http_handler)(void *app, const struct http_request *rq, struct http_reply *out);

struct http_route {
	const char *method;
	const char *pattern;            /* "/api/v1/counters/ * /next" without spaces */
	enum http_auth auth;
	http_handler handler;
	size_t max_body;                /* its body's cap; 0 = [server] max_body */
};

/*
 * Listen on cfg's [server] listen (or listen if not NULL) and serve routes,
 * calling handlers with app, each connection on its own thread (handlers
 * guard what they share).  Without session (the public listener, whose
 * routes need no token) a path's other methods are 404 too, not 405.
 * Returns 0 or K_ERR_IO.
 */
int http_start(struct http_server **out, const struct kconf *cfg, const char *listen,
	       const struct http_route *routes, size_t nroutes, void *app,
	       http_session_fn session);
void http_stop(struct http_server *s);

/* The port actually bound (useful with port 0). */
int http_port(const struct http_server *s);
/* Does it speak HTTPS ([server] cert and key)? */
int http_tls(const struct http_server *s);

/*
 * A long-poll about to wait: may it?  0 = yes, and it gives its place back
 * with http_release() when it answers; else the seconds the client should
 * come back after (answer at once: too many wait already - a stranger's at
 * most CONN_GUARD_HOLD_PER_ADDRESS per address, see conn_guard.h).  A
 * request not made over a connection (a test's) always may.
 */
int http_hold(const struct http_request *rq);
void http_release(const struct http_request *rq);
/* Has the client closed its connection (a waiting long-poll can stop)? */
int http_gone(const struct http_request *rq);

/* The client's address as text ("192.168.1.20"; "-" if none) into out. */
void http_client_address(const struct http_request *rq, char *out, size_t len);

/* Does the request's If-None-Match name etag (or "*")?  A weak tag
 * (W/"...") names the same tag. */
int http_none_match(const struct http_request *rq, const char *etag);

/* A query parameter of the request, or NULL. */
const char *http_query(const struct http_request *rq, const char *name);

/* A header of the request (name in any case), or NULL. */
const char *http_header(const struct http_request *rq, const char *name);

/* Is the request's body declared as JSON ("application/json", parameters
 * allowed)?  A login takes nothing else: another site's form can post
 * text/plain without asking, and would log the browser in as its author. */
int http_json_declared(const struct http_request *rq);

/* A login that failed (r from the account store: K_ERR_BUSY with locked
 * and retry_after, K_ERR_NOT_FOUND, another error) as its answer. */
void http_login_refused(struct http_reply *out, int r, int locked, int retry_after);

/* Fill out with {"error": code, "message": message}. */
void http_error(struct http_reply *out, int status, const char *code, const char *message);

#endif
