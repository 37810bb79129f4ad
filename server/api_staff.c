/*
 * api_staff.c - the staff console's own endpoints: logging in and out (a
 * session cookie and its CSRF token), and what only a supervisor may change
 * while the station runs (a counter's services, a service for today), with
 * the kiosks' reports of their printers that the supervisor watches.
 */
#include "api_private.h"
#include "kclock.h"
#include "kerr.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

int api_session(void *app, const char *secret, int token, int touch, char name[64],
		int *supervisor)
{
	struct api *a = app;
	int64_t now = kclock_now(a->clock);
	pthread_mutex_lock(&a->lock);
	int r = !a->staff ? K_ERR_NOT_FOUND :
		token ? staff_token(a->staff, secret, now, name, supervisor) :
			staff_session(a->staff, secret, now, a->cfg->server.staff_idle, touch, name,
				      supervisor);
	pthread_mutex_unlock(&a->lock);
	return r;
}

/* What a page needs to act for the person: name, role, CSRF token. */
static json_t *whoami(const struct api *a, const char *name, int supervisor, const char *cookie)
{
	char csrf[HTTP_CSRF_LEN] = "";
	if (cookie)
		http_csrf(cookie, csrf);
	return json_pack("{s:s, s:s, s:s, s:i}", "name", name, "role",
			 supervisor ? "supervisor" : "staff", "csrf", csrf, "idle_seconds",
			 a->cfg->server.staff_idle);
}

/* The session cookie: Secure when the server speaks HTTPS. */
static void session_cookie(const struct api *a, struct http_reply *out, const char *cookie,
			   int max_age)
{
	snprintf(out->set_cookie, sizeof(out->set_cookie),
		 "session=%s; Path=/api; HttpOnly; SameSite=Strict; Max-Age=%d%s", cookie, max_age,
		 a->cfg->server.cert[0] ? "; Secure" : "");
}

/*
 * POST /api/v1/login {"name", "password"}: a session cookie for staff.  Only
 * a body declared application/json: a form on another site can post
 * text/plain without asking, and would log the browser in as its author.
 */
void api_login(void *app, const struct http_request *rq, struct http_reply *out)
{
	struct api *a = app;
	char cookie[64], name[64];
	int supervisor = 0, locked = 0, wait = 0;
	json_t *o;

	if (!http_json_declared(rq)) {
		http_error(out, 415, "unsupported_media_type",
			   "the body must be sent as Content-Type: application/json");
		return;
	}
	if (!(o = api_body_object(rq, out)))
		return;
	json_t *jname = json_object_get(o, "name"), *pw = json_object_get(o, "password");
	if (!json_is_string(jname) || !json_is_string(pw)) {
		json_decref(o);
		http_error(out, 400, "bad_request", "\"name\" and \"password\" are required");
		return;
	}
	/* not under the lock: a wrong password is slowed down on purpose */
	int64_t now = kclock_now(a->clock);
	int r = staff_login(a->staff, json_string_value(jname), json_string_value(pw), now, cookie,
			    &locked, &wait);
	if (r == K_OK) {
		pthread_mutex_lock(&a->lock);
		staff_audit(a->staff, now, json_string_value(jname), "login", "");
		staff_prune(a->staff, now, a->cfg->server.staff_idle, NULL);
		r = staff_session(a->staff, cookie, now, 0, 0, name, &supervisor);
		pthread_mutex_unlock(&a->lock);
	}
	if (r == K_OK) {
		out->status = 200;
		out->body = whoami(a, name, supervisor, cookie);
		session_cookie(a, out, cookie, STAFF_SESSION_SECONDS);
	} else {
		http_login_refused(out, r, locked, wait);
	}
	sodium_memzero(cookie, sizeof(cookie));
	json_decref(o);
}

/* GET /api/v1/session: who is logged in (a page reloaded keeps its login). */
void api_whoami(void *app, const struct http_request *rq, struct http_reply *out)
{
	out->status = 200;
	out->body = whoami(app, rq->who->name, rq->who->supervisor, rq->cookie);
}

/* POST /api/v1/logout: the session ends here and now. */
void api_logout(void *app, const struct http_request *rq, struct http_reply *out)
{
	struct api *a = app;
	if (rq->cookie) {
		pthread_mutex_lock(&a->lock);
		staff_logout(a->staff, rq->cookie);
		staff_audit(a->staff, kclock_now(a->clock), rq->who->name, "logout", "");
		pthread_mutex_unlock(&a->lock);
	}
	out->status = 200;
	out->body = json_object();
	session_cookie(a, out, "", 0);
}

/* After a supervisor's change: wake the long-polls, write the audit. */
static void changed(struct api *a, const struct http_request *rq, const char *what,
		    const char *detail)
{
	staff_audit(a->staff, kclock_now(a->clock), rq->who->name, what, detail);
	pthread_cond_broadcast(&a->changed);
}

/* POST /api/v1/counters/{n}/services {"services": ["CAPMOI", …]} */
void api_counter_services(void *app, const struct http_request *rq, struct http_reply *out)
{
	struct api *a = app;
	unsigned mask = 0;
	int id = api_counter_arg(a, rq, out);
	json_t *o, *list, *v;
	size_t i;

	if (!id || !api_supervisor_only(rq, out) || !(o = api_body_object(rq, out)))
		return;
	list = json_object_get(o, "services");
	if (!json_is_array(list)) {
		http_error(out, 400, "bad_request", "\"services\" (a list of service codes) is required");
		goto out;
	}
	json_array_foreach(list, i, v) {
		int k = json_is_string(v) ? kconf_service_index(a->cfg, json_string_value(v)) : -1;
		if (k < 0) {
			http_error(out, 422, "unknown_service", "no such service at this station");
			goto out;
		}
		mask |= 1u << k;
	}
	pthread_mutex_lock(&a->lock);
	int r = queue_set_counter_services(a->q, id, mask);
	if (r == K_OK) {
		char detail[32];
		snprintf(detail, sizeof(detail), "counter %d", id);
		changed(a, rq, "counter services", detail);
	}
	pthread_mutex_unlock(&a->lock);
	if (r < 0) {
		http_error(out, 503, "unavailable", kerr_text(r));
		goto out;
	}
	out->status = 200;
	out->body = json_pack("{s:i, s:O}", "counter", id, "services", list);
out:
	json_decref(o);
}

/* POST /api/v1/services/{code}/enabled {"enabled": false}: for today. */
void api_service_enabled(void *app, const struct http_request *rq, struct http_reply *out)
{
	struct api *a = app;
	const struct kconf_service *s = kconf_service(a->cfg, rq->arg ? rq->arg : "");
	json_t *o, *en;

	if (!s) {
		http_error(out, 404, "unknown_service", "no such service at this station");
		return;
	}
	if (!api_supervisor_only(rq, out) || !(o = api_body_object(rq, out)))
		return;
	en = json_object_get(o, "enabled");
	if (!json_is_boolean(en)) {
		http_error(out, 400, "bad_request", "\"enabled\" (true or false) is required");
		json_decref(o);
		return;
	}
	pthread_mutex_lock(&a->lock);
	int r = queue_set_service_enabled(a->q, s->code, json_is_true(en));
	if (r == K_OK)
		changed(a, rq, json_is_true(en) ? "service on" : "service off", s->code);
	pthread_mutex_unlock(&a->lock);
	if (r < 0) {
		http_error(out, 503, "unavailable", kerr_text(r));
	} else {
		out->status = 200;
		out->body = json_pack("{s:s, s:b}", "service", s->code, "enabled", json_is_true(en));
	}
	json_decref(o);
}

#define DEVICES_MAX 32
#define DEVICE_AWAY_S 150 /* a kiosk reports every minute: silent longer = not online */

/* GET /api/v1/devices: each kiosk's last report. */
void api_devices(void *app, const struct http_request *rq, struct http_reply *out)
{
	struct api *a = app;
	struct queue_device d[DEVICES_MAX];
	int64_t now = kclock_now(a->clock);
	(void)rq;

	pthread_mutex_lock(&a->lock);
	int n = queue_devices(a->q, d, DEVICES_MAX);
	pthread_mutex_unlock(&a->lock);
	if (n < 0) {
		http_error(out, 503, "unavailable", kerr_text(n));
		return;
	}
	json_t *list = json_array();
	for (int i = 0; i < n; i++) {
		char seen[32];
		kclock_iso(d[i].seen, seen, sizeof(seen));
		json_array_append_new(list, json_pack("{s:s, s:b, s:s, s:s, s:s, s:I, s:s}", "name",
			d[i].name, "online", now - d[i].seen <= DEVICE_AWAY_S, "seen", seen,
			"printer", d[i].printer, "detail", d[i].detail, "pending",
			(json_int_t)d[i].pending, "scanner", d[i].scanner));
	}
	out->status = 200;
	api_disk_annotate(a, list);
	out->body = json_pack("{s:o, s:o}", "devices", list, "server", api_disk_server(a));
}

static int printer_state_ok(const char *s)
{
	static const char *const states[] = { "ok", "paper_low", "paper_out", "cover_open",
					      "offline", "unplugged", "error", "none" };
	for (size_t i = 0; i < sizeof(states) / sizeof(states[0]); i++)
		if (!strcmp(s, states[i]))
			return 1;
	return 0;
}

/* The scanner's: read by the kiosk and working, unplugged, or none it reads
 * itself (no scanner, or a keyboard wedge typing into its window). */
static int scanner_state_ok(const char *s)
{
	return !strcmp(s, "ok") || !strcmp(s, "unplugged") || !strcmp(s, "none");
}

/* POST /api/v1/devices/status {"printer", "detail", "pending", "scanner"} (a kiosk). */
void api_device_report(void *app, const struct http_request *rq, struct http_reply *out)
{
	struct api *a = app;
	struct queue_device d = { 0 };
	json_t *o = api_body_object(rq, out);

	if (!o)
		return;
	json_t *printer = json_object_get(o, "printer"), *detail = json_object_get(o, "detail"),
	       *pending = json_object_get(o, "pending"), *scanner = json_object_get(o, "scanner");
	if (!json_is_string(printer) || !printer_state_ok(json_string_value(printer)) ||
	    (detail && (!json_is_string(detail) || json_string_length(detail) >= sizeof(d.detail))) ||
	    (pending && (!json_is_integer(pending) || json_integer_value(pending) < 0)) ||
	    (scanner && (!json_is_string(scanner) || !scanner_state_ok(json_string_value(scanner))))) {
		http_error(out, 400, "bad_request", "\"printer\" is ok, paper_low, paper_out, "
			   "cover_open, offline, unplugged, error or none; \"detail\" a short "
			   "text; \"scanner\" ok, unplugged or none");
		json_decref(o);
		return;
	}
	snprintf(d.name, sizeof(d.name), "%s", rq->who->name);
	snprintf(d.printer, sizeof(d.printer), "%s", json_string_value(printer));
	snprintf(d.detail, sizeof(d.detail), "%s", detail ? json_string_value(detail) : "");
	d.pending = pending ? (int64_t)json_integer_value(pending) : 0; /* 64 bits: no wrap */
	snprintf(d.scanner, sizeof(d.scanner), "%s", scanner ? json_string_value(scanner) : "none");
	pthread_mutex_lock(&a->lock);
	int r = queue_device_report(a->q, &d);
	api_disk_report(a, d.name, o);
	if (r == K_OK)
		pthread_cond_broadcast(&a->changed);
	pthread_mutex_unlock(&a->lock);
	if (r < 0) {
		http_error(out, 503, "unavailable", kerr_text(r));
	} else {
		out->status = 200;
		out->body = json_object();
	}
	json_decref(o);
}
