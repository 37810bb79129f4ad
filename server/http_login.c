/*
 * http_login.c - what the station console's and the hub dashboard's logins
 * answer alike (http.h): the body they take, their refusals.
 */
#include "http.h"
#include "kerr.h"

#include <string.h>
#include <strings.h>

int http_json_declared(const struct http_request *rq)
{
	const char *t = rq->conn ? http_header(rq, "Content-Type") : NULL;
	size_t n = strlen("application/json");
	if (!t)
		return 0;
	t += strspn(t, " \t");
	return !strncasecmp(t, "application/json", n) && strchr("; \t", t[n]);
}

void http_login_refused(struct http_reply *out, int r, int locked, int retry_after)
{
	if (r == K_ERR_BUSY && locked) {
		http_error(out, 429, "locked", "too many wrong passwords: try again in a few minutes");
		out->retry_after = retry_after;
	} else if (r == K_ERR_BUSY) {
		http_error(out, 429, "busy", "too many logins at once: try again in a moment");
		out->retry_after = retry_after;
	} else if (r == K_ERR_NOT_FOUND) {
		http_error(out, 401, "login_failed", "wrong name or password");
	} else {
		http_error(out, 503, "unavailable", kerr_text(r));
	}
}
