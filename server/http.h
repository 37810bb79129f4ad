/*
 * http.h - the station server's HTTP layer over libmicrohttpd.
 *
 * It collects a request (body capped at [server] max_body), finds who is
 * asking from the bearer token, picks the route, and sends the handler's
 * JSON reply.  Routing rules: no route for the path = 404, a route for the
 * path but not the method = 405, a body over the cap = 413, a token that is
 * missing or unknown = 401, a kiosk's token on a staff route = 403.  Staff
 * may also present the "session" cookie of a login instead of a token.
 */
#ifndef HTTP_H
#define HTTP_H

#include <jansson.h>
#include <stddef.h>

#include "kconf.h"

struct http_server;
struct MHD_Connection;

/* Who may call: none; kiosks (and staff); staff; booking backends (and staff). */
enum http_auth { AUTH_NONE, AUTH_KIOSK, AUTH_STAFF, AUTH_BOOKING };

struct http_request {
	const char *method, *path;
	const char *arg;                /* the route's "*" segment, or NULL */
	const char *body;               /* NUL-terminated */
	size_t body_len;
	const struct kconf_token *who;  /* NULL on AUTH_NONE routes */
	struct MHD_Connection *conn;
};

/* What a handler answers: a status and a JSON body it gives up (may be NULL). */
struct http_reply {
	int status;
	json_t *body;
	char set_cookie[160];           /* a Set-Cookie header; "" = none */
};

/*
 * Who holds a session cookie: writes the staff name and returns 0, or
 * returns < 0.  Given to http_start() by the application.
 */
/* Who holds this staff secret: a session cookie (token = 0) or a personal
 * API token given as "Authorization: Bearer" (token = 1)?  0 and the name. */
typedef int (*http_session_fn)(void *app, const char *secret, int token, char name[64]);

typedef void (*http_handler)(void *app, const struct http_request *rq, struct http_reply *out);

struct http_route {
	const char *method;
	const char *pattern;            /* "/api/v1/counters/ * /next" without spaces */
	enum http_auth auth;
	http_handler handler;
};

/*
 * Listen on cfg's [server] listen (or listen if not NULL) and serve routes,
 * calling handlers with app, each connection on its own thread (handlers
 * guard what they share).  Returns 0 or K_ERR_IO.
 */
int http_start(struct http_server **out, const struct kconf *cfg, const char *listen,
	       const struct http_route *routes, size_t nroutes, void *app,
	       http_session_fn session);
void http_stop(struct http_server *s);

/* The port actually bound (useful with port 0). */
int http_port(const struct http_server *s);
/* Does it speak HTTPS ([server] cert and key)? */
int http_tls(const struct http_server *s);

/* A query parameter of the request, or NULL. */
const char *http_query(const struct http_request *rq, const char *name);

/* Fill out with {"error": code, "message": message}. */
void http_error(struct http_reply *out, int status, const char *code, const char *message);

#endif
