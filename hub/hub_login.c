/*
 * hub_login.c - the dashboard's login, as the station console's
 * (server/api_staff.c): POST /api/v1/login {"name", "password"} gives a
 * session cookie (HttpOnly, SameSite=Strict, Path=/api) and its CSRF
 * token; GET /api/v1/session says who is logged in; POST /api/v1/logout
 * ends the session.  server/http.c checks the cookie and, on actions, the
 * X-CSRF-Token for every AUTH_STAFF route.
 */
#include "hub_accounts.h"
#include "hub_routes.h"

#include "kclock.h"
#include "kerr.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static json_t *whoami(const struct hub_app *app, const char *name, int supervisor,
		      const char *cookie)
{
	char csrf[HTTP_CSRF_LEN] = "";
	if (cookie)
		http_csrf(cookie, csrf);
	return json_pack("{s:s, s:s, s:s, s:i}", "name", name, "role",
			 supervisor ? "admin" : "viewer", "csrf", csrf, "idle_seconds",
			 app->conf.session_idle);
}

static void session_cookie(const struct hub_app *app, struct http_reply *out,
			   const char *cookie, int max_age)
{
	snprintf(out->set_cookie, sizeof(out->set_cookie),
		 "session=%s; Path=/api; HttpOnly; SameSite=Strict; Max-Age=%d%s", cookie, max_age,
		 app->conf.cert[0] ? "; Secure" : "");
}

static void login(void *app_, const struct http_request *rq, struct http_reply *out)
{
	struct hub_app *app = app_;
	char cookie[64] = "", at[24], idle[24];
	int locked = 0, wait = 0;
	json_t *o = NULL;

	if (!http_json_declared(rq)) {
		http_error(out, 415, "unsupported_media_type",
			   "the body must be sent as Content-Type: application/json");
		return;
	}
	o = json_loadb(rq->body, rq->body_len, 0, NULL);
	json_t *jname = json_object_get(o, "name"), *pw = json_object_get(o, "password");
	if (!json_is_string(jname) || !json_is_string(pw)) {
		json_decref(o);
		http_error(out, 400, "bad_request", "\"name\" and \"password\" are required");
		return;
	}
	struct hub_db *db = hub_app_db(app, out);
	if (!db)
		goto out;
	int64_t now = time(NULL);
	snprintf(at, sizeof(at), "%lld", (long long)now);
	snprintf(idle, sizeof(idle), "%d", app->conf.session_idle);
	const char *p[2] = { at, idle };
	hub_db_command(db, "prune sessions", "DELETE FROM sessions WHERE expires <= $1::bigint"
		       " OR used < $1::bigint - $2::int", 2, p, NULL);
	struct timespec t0;
	long delay = 0;
	int r = hub_login(db, json_string_value(jname), json_string_value(pw), now, cookie, &locked,
			  &wait, &t0, &delay);
	int supervisor = 0;
	char name[64];
	hub_pool_put(app->pool, db);
	if (r == K_ERR_NOT_FOUND) /* a wrong password waits without holding a connection */
		kclock_sleep_until(&t0, delay);
	if (r == K_OK && hub_session_fn(app, cookie, 0, 0, name, &supervisor) == K_OK) {
		out->status = 200;
		out->body = whoami(app, name, supervisor, cookie);
		session_cookie(app, out, cookie, HUB_SESSION_SECONDS);
	} else if (r == K_ERR_DB) {
		http_error(out, 503, "database_unavailable",
			   "the hub's database cannot be reached now; try again later");
	} else {
		http_login_refused(out, r, locked, wait);
	}
out:
	sodium_memzero(cookie, sizeof(cookie));
	json_decref(o);
}

static void session(void *app, const struct http_request *rq, struct http_reply *out)
{
	out->status = 200;
	out->body = whoami(app, rq->who->name, rq->who->supervisor, rq->cookie);
}

static void logout(void *app_, const struct http_request *rq, struct http_reply *out)
{
	struct hub_app *app = app_;
	if (rq->cookie) {
		struct hub_db *db = hub_app_db(app, out);
		if (!db)
			return;
		hub_logout(db, rq->cookie);
		hub_pool_put(app->pool, db);
	}
	out->status = 200;
	out->body = json_object();
	session_cookie(app, out, "", 0);
}

static const struct http_route routes[] = {
	{ "POST", "/api/v1/login", AUTH_NONE, login, 4096 },
	{ "GET", "/api/v1/session", AUTH_STAFF, session, 0 },
	{ "POST", "/api/v1/logout", AUTH_STAFF, logout, 0 },
};

const struct hub_routes hub_login_part = { routes, sizeof(routes) / sizeof(routes[0]) };
