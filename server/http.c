/*
 * http.c - libmicrohttpd glue: a thread per connection, so a long-poll
 * waits on its own thread; handlers share state under the app's lock.
 * Every connection is watched by conn_guard.c (who may connect, how long a
 * request may take, how many long-polls wait); what a request's line holds
 * is checked before anything else reads it (see on_uri) and written to the
 * log only escaped.
 *
 * Why a thread per connection and not MHD's thread pool or epoll: a
 * long-poll (api_wait_changes(): /events, the boards, the tickets' pages)
 * waits on its thread, so a pool of N threads would stop answering behind
 * N of them unless each wait were suspended (MHD_suspend_connection) and
 * resumed on a change, which the waits are not written for.  The reads
 * that matter cost little here: GET /api/v1/queue is answered from memory
 * (server/snapshot.h), at 82-93 % of nginx at 64 connections
 * (bench/bench_server.sh).
 */
#include "http.h"
#include "conn_guard.h"
#include "kbuf.h"
#include "kerr.h"
#include "klog.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netdb.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PEM_MAX 65536 /* a certificate chain or a key file */
#define CONN_MAX 256u     /* connections in all (a thread each) */
#define CONN_RESERVED 64  /* of them, never given to strangers (conn_guard.h) */
#define ARGS_MAX 64       /* query parameters in one request */
#define URI_MAX 4096      /* bytes in a request's target */
#define LOG_URL_MAX 160   /* bytes of a path written to the log */
#define UPLOAD_RATE (256 * 1024) /* bytes/s a large staff upload is given time for */

struct http_server {
	struct MHD_Daemon *d;
	const struct kconf *cfg;
	const struct http_route *routes;
	size_t nroutes;
	void *app;
	http_session_fn session;
	char *cert, *key;            /* PEM, with [server] cert and key: HTTPS */
	int port;
	struct conn_guard *guard;
};

struct pending {
	struct kbuf body;
	int started;               /* its headers were seen (the first on_request) */
	int too_large;
	int refuse;                /* its line is refused with this status (400, 414) */
	struct kconf_token person; /* a staff member logged in with a cookie */
};

/* The guard's record of conn's connection, or NULL (none, or not a real connection). */
static struct conn_guard_conn *guarded(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci =
		conn ? MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT) : NULL;
	return ci ? ci->socket_context : NULL;
}

int http_hold(const struct http_request *rq)
{
	return conn_guard_hold(guarded(rq->conn));
}

void http_release(const struct http_request *rq)
{
	conn_guard_release(guarded(rq->conn));
}

int http_gone(const struct http_request *rq)
{
	return conn_guard_gone(guarded(rq->conn));
}

void http_client_address(const struct http_request *rq, char *out, size_t len)
{
	const union MHD_ConnectionInfo *ci =
		rq->conn ? MHD_get_connection_info(rq->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS) : NULL;
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;
	snprintf(out, len, "-");
	if (sa && sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, out, (socklen_t)len);
	else if (sa && sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, out, (socklen_t)len);
}

/* text for the log: printable ASCII as is, every other byte (and '\\') as
 * \xHH, cut to fit out (LOG_URL_MAX) with "..." - so no request writes a
 * line of its own or a terminal's control sequence into the log. */
static void log_escape(const char *text, char *out, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;
	for (const unsigned char *t = (const unsigned char *)text; *t; t++) {
		int plain = *t >= 0x20 && *t < 0x7f && *t != '\\';
		if (o + (plain ? 1 : 4) + 4 > len) {
			memcpy(out + o, "...", 3);
			o += 3;
			break;
		}
		if (plain) {
			out[o++] = (char)*t;
		} else {
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hex[*t >> 4];
			out[o++] = hex[*t & 15];
		}
	}
	out[o] = '\0';
}

void http_error(struct http_reply *out, int status, const char *code, const char *message)
{
	out->status = status;
	json_decref(out->body);
	out->body = json_pack("{s:s, s:s}", "error", code, "message", message);
}

const char *http_query(const struct http_request *rq, const char *name)
{
	return MHD_lookup_connection_value(rq->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *http_header(const struct http_request *rq, const char *name)
{
	return rq->conn ? MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, name) : NULL;
}

int http_none_match(const struct http_request *rq, const char *etag)
{
	const char *h = rq->conn ? MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND,
							       MHD_HTTP_HEADER_IF_NONE_MATCH) : NULL;
	size_t n = strlen(etag);
	while (h && *h && n) { /* "a", W/"b", * */
		h += strspn(h, " \t,");
		if (h[0] == '*')
			return 1;
		if (h[0] == 'W' && h[1] == '/')
			h += 2;
		if (!strncmp(h, etag, n) && (!h[n] || strchr(" \t,", h[n])))
			return 1;
		h += strcspn(h, ",");
	}
	return 0;
}

static enum MHD_Result send_reply(struct MHD_Connection *conn, struct http_reply *r)
{
	char *text = r->body && !r->text ? json_dumps(r->body, JSON_COMPACT) : NULL;
	struct MHD_Response *resp =
		r->raw ? MHD_create_response_from_buffer(r->raw_len, r->raw, MHD_RESPMEM_MUST_FREE) :
		r->text ? MHD_create_response_from_buffer_with_free_callback_cls(
				  r->text_len, (void *)r->text, r->text_done, r->text_ctx) :
		text   ? MHD_create_response_from_buffer(strlen(text), text, MHD_RESPMEM_MUST_FREE) :
			 MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
	enum MHD_Result ok;

	json_decref(r->body);
	r->body = NULL;
	if (r->text && !resp && r->text_done)
		r->text_done(r->text_ctx);
	if (r->text) { /* the response owns it now (or it is given back) */
		r->text = NULL;
		text = NULL;
	}
	if (!resp) {
		free(text);
		free(r->raw);
		r->raw = NULL;
		return MHD_NO;
	}
	if (r->raw) {
		free(text); /* a handler gave both: the file wins */
		text = NULL;
		r->raw = NULL; /* the response owns it now */
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->type);
		MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
		if (r->attachment[0] && !strpbrk(r->attachment, "\"\\\r\n")) {
			char disp[sizeof(r->attachment) + 32];
			snprintf(disp, sizeof(disp), "attachment; filename=\"%s\"", r->attachment);
			MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_DISPOSITION, disp);
		}
	} else if (r->etag[0]) { /* kept, and asked again every time */
		MHD_add_response_header(resp, MHD_HTTP_HEADER_ETAG, r->etag);
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "private, no-cache");
	} else {
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	}
	if (r->page) {
		MHD_add_response_header(resp, "Content-Security-Policy",
					"default-src 'self'; frame-ancestors 'none'; base-uri 'none';"
					" form-action 'self'");
		MHD_add_response_header(resp, "X-Frame-Options", "DENY");
		MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	}
	if (r->set_cookie[0])
		MHD_add_response_header(resp, MHD_HTTP_HEADER_SET_COOKIE, r->set_cookie);
	if (r->retry_after > 0) {
		char secs[16];
		snprintf(secs, sizeof(secs), "%d", r->retry_after);
		MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, secs);
	}
	if (text || r->text_len)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
					"application/json; charset=utf-8");
	ok = MHD_queue_response(conn, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	return ok;
}

/* Does path match pattern ("*" matches one non-empty segment, kept in arg)? */
static int match(const char *pattern, const char *path, char *arg, size_t arglen)
{
	arg[0] = '\0';
	while (*pattern && *path) {
		if (*pattern == '*') {
			size_t n = strcspn(path, "/");
			if (n == 0 || n >= arglen)
				return 0;
			memcpy(arg, path, n);
			arg[n] = '\0';
			path += n;
			pattern++;
			continue;
		}
		if (*pattern++ != *path++)
			return 0;
	}
	return *pattern == '\0' && *path == '\0';
}

void http_csrf(const char *cookie, char out[HTTP_CSRF_LEN])
{
	static const unsigned char key[] = "station-server csrf v1";
	unsigned char h[32];
	crypto_generichash(h, sizeof(h), (const unsigned char *)cookie, strlen(cookie), key,
			   sizeof(key) - 1);
	sodium_bin2base64(out, HTTP_CSRF_LEN, h, sizeof(h),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

/* An action made with a cookie must carry the session's CSRF token. */
static int csrf_ok(struct MHD_Connection *conn, const char *cookie)
{
	const char *got = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-CSRF-Token");
	char want[HTTP_CSRF_LEN];
	http_csrf(cookie, want);
	return got && strlen(got) == strlen(want) &&
	       sodium_memcmp(got, want, strlen(want)) == 0;
}

/*
 * The caller: a bearer token of kiosk.conf, a staff member's personal API
 * token, or a staff session cookie (with its CSRF token on an action).
 * 0 with rq->who set, or the status to refuse with (401, 403).
 */
static int caller(struct http_server *s, struct http_request *rq, struct kconf_token *person)
{
	struct MHD_Connection *conn = rq->conn;
	const char *h = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
						    MHD_HTTP_HEADER_AUTHORIZATION);
	const char *cookie = MHD_lookup_connection_value(conn, MHD_COOKIE_KIND, "session");
	int action = strcmp(rq->method, "GET") != 0, supervisor = 0;
	char name[64];

	rq->who = NULL;
	if (h && strncmp(h, "Bearer ", 7) == 0) {
		rq->who = kconf_token(s->cfg, h + 7);
		if (rq->who)
			return 0;
		if (!s->session || s->session(s->app, h + 7, 1, action, name, &supervisor) != 0)
			return 401;
	} else {
		if (!cookie || !s->session)
			return 401;
		if (action && !csrf_ok(conn, cookie))
			return 403; /* checked first: a forged request touches nothing */
		if (s->session(s->app, cookie, 0, action, name, &supervisor) != 0)
			return 401;
		rq->cookie = cookie;
	}
	memset(person, 0, sizeof(*person)); /* a staff member, by name */
	snprintf(person->name, sizeof(person->name), "%.32s", name);
	person->staff = 1;
	person->supervisor = supervisor;
	rq->who = person;
	return 0;
}

/* *route: the pattern of the route the request went to, or NULL. */
static void dispatch(struct http_server *s, struct http_request *rq, struct http_reply *out,
		     struct kconf_token *person, const char **route)
{
	char arg[64];
	int path_known = 0;

	for (size_t i = 0; i < s->nroutes; i++) {
		const struct http_route *r = &s->routes[i];
		if (!match(r->pattern, rq->path, arg, sizeof(arg)))
			continue;
		path_known = 1;
		if (strcmp(r->method, rq->method) != 0)
			continue;
		rq->arg = arg[0] ? arg : NULL;
		*route = r->pattern;
		if (r->auth != AUTH_NONE) {
			int refuse = caller(s, rq, person);
			if (!refuse)
				conn_guard_trust(s->guard, guarded(rq->conn));
			if (refuse == 403) {
				http_error(out, 403, "csrf", "the page's X-CSRF-Token is missing or wrong");
				return;
			}
			if (refuse) {
				http_error(out, 401, "unauthorized", "a valid bearer token is needed");
				return;
			}
			if (r->auth == AUTH_STAFF && !rq->who->staff) {
				http_error(out, 403, "forbidden", "this needs a staff token");
				return;
			}
			if ((r->auth == AUTH_RATER) != (rq->who->rater != 0)) {
				http_error(out, 403, "forbidden", r->auth == AUTH_RATER ?
					   "only a counter's rating device rates" :
					   "a rating device's token may only rate");
				return;
			}
			if ((r->auth == AUTH_KIOSK && rq->who->booking) ||
			    (r->auth == AUTH_BOOKING && !rq->who->booking && !rq->who->staff)) {
				http_error(out, 403, "forbidden", "not with this token");
				return;
			}
		}
		r->handler(s->app, rq, out);
		return;
	}
	if (path_known && s->session) /* the public listener (no sessions) tells nothing */
		http_error(out, 405, "method_not_allowed", "this path does not take that method");
	else
		http_error(out, 404, "not_found", "no such endpoint");
}

/*
 * The body cap of the route a request goes to: its own, if it has one and
 * the caller may use the route (no stranger makes the server hold a large
 * body), else [server] max_body.
 */
static size_t body_cap(struct http_server *s, struct MHD_Connection *conn, const char *url,
		       const char *method, struct kconf_token *person)
{
	char arg[64];
	for (size_t i = 0; i < s->nroutes; i++) {
		const struct http_route *r = &s->routes[i];
		struct http_request rq = { .method = method, .path = url, .conn = conn };
		if (!r->max_body || strcmp(r->method, method) || !match(r->pattern, url, arg, sizeof(arg)))
			continue;
		if (r->auth == AUTH_NONE ||
		    (caller(s, &rq, person) == 0 && (r->auth != AUTH_STAFF || rq.who->staff)))
			return r->max_body;
		break;
	}
	return (size_t)s->cfg->server.max_body;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version, const char *upload,
				  size_t *upload_size, void **con_cls)
{
	struct http_server *s = cls;
	struct pending *p = *con_cls;
	struct conn_guard_conn *gc = guarded(conn);
	(void)version;

	if (!p) /* on_uri had no memory */
		p = *con_cls = calloc(1, sizeof(*p));
	if (!p)
		return MHD_NO;
	if (!p->started) { /* headers only so far */
		p->started = 1;
		size_t cap = body_cap(s, conn, url, method, &p->person);
		kbuf_init(&p->body, cap);
		const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
							     MHD_HTTP_HEADER_CONTENT_LENGTH);
		unsigned long long announced = cl ? strtoull(cl, NULL, 10) : 0;
		if (announced > (unsigned long long)cap)
			p->too_large = 1;
		else if (announced > (unsigned long long)s->cfg->server.max_body)
			conn_guard_extend(s->guard, gc, (int)(announced / UPLOAD_RATE) + 1);
		const char *auth = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
							       MHD_HTTP_HEADER_AUTHORIZATION);
		if (auth && !strncmp(auth, "Bearer ", 7) && kconf_token(s->cfg, auth + 7))
			conn_guard_trust(s->guard, gc); /* e.g. the SDL board on /board/events */
		return MHD_YES;
	}
	if (*upload_size) {
		if (!p->too_large && kbuf_add(&p->body, upload, *upload_size) < 0)
			p->too_large = 1; /* keep reading, keep nothing */
		*upload_size = 0;
		return MHD_YES;
	}

	struct http_reply out = { .status = 500 };
	const char *route = NULL;
	conn_guard_received(s->guard, gc);
	if (p->refuse == 400) {
		http_error(&out, 400, "bad_request", "the request's path or query holds a NUL byte");
	} else if (p->refuse) {
		http_error(&out, 414, "uri_too_long", "too many query parameters, or too long a URL");
	} else if (p->too_large) {
		http_error(&out, 413, "too_large", "the request body is over the limit");
	} else {
		kbuf_addb(&p->body, 0);
		struct http_request rq = { method, url, NULL, p->body.data ? (char *)p->body.data : "",
					   p->body.len ? p->body.len - 1 : 0, NULL, NULL, conn };
		dispatch(s, &rq, &out, &p->person, &route);
	}
	/* the watchdog's self-check (and a monitor's) asks for health often: not
	 * logged.  The public listener (no sessions) logs the route, never the
	 * ticket's token in the path, and only what went wrong on its side: each
	 * phone asks at every change. */
	char m[24], u[LOG_URL_MAX];
	log_escape(method, m, sizeof(m));
	log_escape(s->session ? url : route ? route : "(no route)", u, sizeof(u));
	klog(!strcmp(url, "/api/v1/health") || (!s->session && out.status < 500) ? KLOG_DEBUG :
	     KLOG_INFO, "%s %s -> %d", m, u, out.status);
	return send_reply(conn, &out);
}

/*
 * A request's line, before libmicrohttpd decodes it (uri is the raw target):
 * its deadline starts, and what the decoded form would hide is found here -
 * a %00 (the path or a value would end there: 400) or more query parameters
 * than ARGS_MAX (414).  The pending request made here is on_request's.
 */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
	struct http_server *s = cls;
	struct pending *p = calloc(1, sizeof(*p));
	size_t args = 0;

	conn_guard_request_line(s->guard, guarded(conn));
	if (!p)
		return NULL;
	const char *q = strchr(uri, '?');
	if (q)
		for (args = 1; *q; q++)
			args += *q == '&' || *q == ';';
	if (strstr(uri, "%00"))
		p->refuse = 400;
	else if (args > ARGS_MAX || strlen(uri) > URI_MAX)
		p->refuse = 414;
	/*
	 * libmicrohttpd 0.9.75 parses every parameter into the connection's
	 * memory pool right after this call, and with a few thousand of them
	 * runs out and closes the connection without an answer.  uri is its
	 * own writable copy of the line, not parsed yet ("log callback before
	 * we modify URI *or* args", connection.c): ending it after the '?'
	 * leaves it nothing to parse, and the request gets its 414.
	 */
	if (p->refuse == 414 && (q = strchr(uri, '?')) != NULL)
		((char *)q)[1] = '\0';
	return p;
}

static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
			  enum MHD_ConnectionNotificationCode toe)
{
	struct http_server *s = cls;
	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *fd =
			MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
		const union MHD_ConnectionInfo *sa =
			MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		*socket_context = fd && sa ? conn_guard_opened(s->guard, fd->connect_fd,
							       sa->client_addr,
							       sizeof(struct sockaddr_in6)) : NULL;
	} else {
		conn_guard_closed(s->guard, *socket_context);
		*socket_context = NULL;
	}
}

static enum MHD_Result on_accept(void *cls, const struct sockaddr *sa, socklen_t len)
{
	struct http_server *s = cls;
	return conn_guard_admit(s->guard, sa, len) ? MHD_YES : MHD_NO;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode why)
{
	struct pending *p = *con_cls;
	if (why == MHD_REQUEST_TERMINATED_TIMEOUT_REACHED)
		klog(KLOG_WARN, "a request took too long and was cut off");
	conn_guard_answered(((struct http_server *)cls)->guard, guarded(conn));
	if (p) {
		kbuf_free(&p->body);
		free(p);
	}
	*con_cls = NULL;
}

static int parse_listen(const char *listen, struct sockaddr_in *sa)
{
	char host[64];
	const char *colon = strrchr(listen, ':');
	struct addrinfo hints = { .ai_family = AF_INET, .ai_socktype = SOCK_STREAM }, *res;

	if (!colon || colon == listen || (size_t)(colon - listen) >= sizeof(host))
		return -1;
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = '\0';
	char *end;
	long port = strtol(colon + 1, &end, 10);
	if (*end || port < 0 || port > 65535 || colon[1] == '\0')
		return -1;
	if (getaddrinfo(host, NULL, &hints, &res) != 0)
		return -1;
	memcpy(sa, res->ai_addr, sizeof(*sa));
	freeaddrinfo(res);
	sa->sin_port = htons((uint16_t)port);
	return 0;
}

/* A PEM file into a NUL-terminated heap buffer (NULL: unreadable or too big). */
static char *read_pem(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = f ? calloc(1, PEM_MAX + 1) : NULL;
	size_t n = buf ? fread(buf, 1, PEM_MAX + 1, f) : 0;
	if (f)
		fclose(f);
	if (!buf || n == 0 || n > PEM_MAX) {
		klog(KLOG_ERR, "server: cannot read %s (a PEM file of at most %d bytes)", path,
		     PEM_MAX);
		free(buf);
		return NULL;
	}
	return buf;
}

int http_start(struct http_server **out, const struct kconf *cfg, const char *listen,
	       const struct http_route *routes, size_t nroutes, void *app,
	       http_session_fn session)
{
	struct http_server *s = calloc(1, sizeof(*s));
	struct sockaddr_in sa;

	*out = NULL;
	if (!s)
		return K_ERR_NOMEM;
	if (!listen)
		listen = cfg->server.listen;
	if (parse_listen(listen, &sa) < 0) {
		klog(KLOG_ERR, "server: listen '%s' is not HOST:PORT", listen);
		free(s);
		return K_ERR_INVALID;
	}
	s->cfg = cfg;
	s->routes = routes;
	s->nroutes = nroutes;
	s->app = app;
	s->session = session;
	if (cfg->server.cert[0]) {
		s->cert = read_pem(cfg->server.cert);
		s->key = s->cert ? read_pem(cfg->server.key) : NULL;
		if (!s->key) {
			http_stop(s);
			return K_ERR_IO;
		}
	}
	struct conn_guard_limits lim = { cfg->server.request_timeout, cfg->server.per_address,
					 (int)CONN_MAX, CONN_RESERVED };
	if (conn_guard_new(&s->guard, &lim) < 0) {
		http_stop(s);
		return K_ERR_NOMEM;
	}
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION |
			 MHD_USE_ERROR_LOG | (s->cert ? MHD_USE_TLS : 0);
	/* the TLS options last: without a certificate they end the list early */
	s->d = MHD_start_daemon(flags, 0, on_accept, s, on_request, s,
				MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
				MHD_OPTION_CONNECTION_TIMEOUT,
				(unsigned int)cfg->server.request_timeout,
				MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
				MHD_OPTION_NOTIFY_CONNECTION, on_connection, s,
				MHD_OPTION_URI_LOG_CALLBACK, on_uri, s,
				MHD_OPTION_CONNECTION_LIMIT, CONN_MAX,
				s->cert ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, s->cert,
				MHD_OPTION_HTTPS_MEM_KEY, s->key, MHD_OPTION_END);
	if (!s->d) {
		klog(KLOG_ERR, "server: cannot listen on %s%s", listen,
		     s->cert ? " with that certificate and key" : "");
		http_stop(s);
		return K_ERR_IO;
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
	s->port = info ? info->port : ntohs(sa.sin_port);
	*out = s;
	return K_OK;
}

void http_stop(struct http_server *s)
{
	if (!s)
		return;
	if (s->d)
		MHD_stop_daemon(s->d);
	conn_guard_free(s->guard); /* after the daemon: no connection is left */
	if (s->key)
		sodium_memzero(s->key, strlen(s->key));
	free(s->cert);
	free(s->key);
	free(s);
}

int http_tls(const struct http_server *s)
{
	return s->cert != NULL;
}

int http_port(const struct http_server *s)
{
	return s->port;
}
