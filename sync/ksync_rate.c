/*
 * ksync_rate.c - the rating panel's two requests to the station server and
 * their answers read into plain structs (ksync_rate.h).
 *
 * A panel at a counter faces the public, so what it shows of an answer is
 * checked before it is taken: the state is one of three words, the choice
 * has 2-5 levels numbered 1, 2 ... in order (else nothing can be asked and
 * the whole answer is refused), a reason list out of order or too long is
 * cut where it goes wrong, the ticket number is a prefix and digits, every
 * text is cut to its field at a UTF-8 character boundary, and counts are
 * clamped to what the configuration allows.  Nothing of a refused answer
 * is logged but what was wrong with it.
 */
#include "ksync_rate.h"
#include "ksync_private.h"
#include "kerr.h"
#include "klog.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ksync_rate {
	struct sync_http *http;
	long timeout_ms;
};

int ksync_rate_open(struct ksync_rate **out, const struct kconf *cfg)
{
	struct ksync_rate *r = calloc(1, sizeof(*r));
	*out = NULL;
	if (!r)
		return K_ERR_NOMEM;
	int rc = sync_http_open(&r->http, cfg);
	if (rc < 0) {
		free(r);
		return rc;
	}
	r->timeout_ms = (long)cfg->sync.timeout * 1000;
	*out = r;
	return K_OK;
}

void ksync_rate_close(struct ksync_rate *r)
{
	if (!r)
		return;
	sync_http_close(r->http);
	free(r);
}

void ksync_rate_cancel(struct ksync_rate *r)
{
	if (r)
		sync_http_cancel(r->http);
}

const char *rate_sent_name(enum rate_sent s)
{
	static const char *const names[] = {
		[RATE_SENT_TAKEN] = "taken", [RATE_SENT_ALREADY] = "already_rated",
		[RATE_SENT_CLOSED] = "window_closed", [RATE_SENT_NOT_FINISHED] = "not_finished",
		[RATE_SENT_REFUSED] = "bad_request",
	};
	return (unsigned)s < sizeof(names) / sizeof(names[0]) ? names[s] : "?";
}

int rate_number_ok(const char *s)
{
	size_t letters = strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
	size_t digits = strspn(s + letters, "0123456789");
	return letters >= 1 && letters <= 3 && digits >= 3 && digits <= 5 && !s[letters + digits];
}

#define TEXT(dst, o, key) ks_jtext((dst), sizeof(dst), (o), (key))

/* o[key] as an int within lo..hi, else def. */
static int jrange(json_t *o, const char *key, int lo, int hi, int def)
{
	json_t *v = json_object_get(o, key);
	if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi)
		return def;
	return (int)json_integer_value(v);
}

/* A list of {"<id>": 1, "vi": .., "en": ..} numbered from 1 in order, into
 * words[0..max): how many were in order (the rest is dropped). */
static int read_words(json_t *list, const char *id, struct rate_words *words, int max)
{
	json_t *v;
	size_t i;
	int n = 0;
	json_array_foreach(list, i, v) {
		if (n == max || jrange(v, id, 1, max, 0) != n + 1 ||
		    !json_is_string(json_object_get(v, "vi")) || !ks_jstr(v, "vi")[0])
			break;
		TEXT(words[n].vi, v, "vi");
		TEXT(words[n].en, v, "en");
		n++;
	}
	return n;
}

static int read_ticket(json_t *reply, struct rate_view *out)
{
	json_t *t = json_object_get(reply, "ticket"), *names = json_object_get(t, "service_name");
	if (!json_is_object(t) || !rate_number_ok(ks_jstr(t, "number")))
		return K_ERR_PROTOCOL;
	TEXT(out->number, t, "number");
	TEXT(out->service, t, "service");
	TEXT(out->service_vi, names, "vi");
	TEXT(out->service_en, names, "en");
	out->expires_in = jrange(reply, "expires_in", 0, out->seconds, 0);
	TEXT(out->staff, reply, "staff");
	return K_OK;
}

static int read_view(json_t *reply, struct rate_view *out)
{
	static const char *const states[] = { [RATE_IDLE] = "idle", [RATE_OPEN] = "open",
					      [RATE_RATED] = "rated" };
	const char *state = ks_jstr(reply, "state");
	json_t *names = json_object_get(reply, "counter_name"), *last = json_object_get(reply, "last");
	int s = -1;

	for (int i = 0; i < 3; i++)
		if (!strcmp(state, states[i]))
			s = i;
	if (s < 0 || !json_is_integer(last) || json_integer_value(last) < 0)
		return K_ERR_PROTOCOL;
	out->state = (enum rate_state)s;
	out->last = json_integer_value(last);
	out->counter = jrange(reply, "counter", 1, 99, 0);
	TEXT(out->counter_vi, names, "vi");
	TEXT(out->counter_en, names, "en");
	out->seconds = jrange(reply, "seconds", 1, 3600, 30);
	out->ask_reason = jrange(reply, "ask_reason", 1, RATE_MAX_LEVELS, RATE_MAX_LEVELS);
	out->nlevels = read_words(json_object_get(reply, "levels"), "level", out->levels,
				  RATE_MAX_LEVELS);
	out->nreasons = read_words(json_object_get(reply, "reasons"), "reason", out->reasons,
				   RATE_MAX_REASONS);
	if (out->counter == 0 || out->nlevels < 2)
		return K_ERR_PROTOCOL;
	return out->state == RATE_IDLE ? K_OK : read_ticket(reply, out);
}

int ksync_rate_get(struct ksync_rate *r, int64_t since, int wait_s, struct rate_view *out)
{
	json_t *reply = NULL;
	long status = 0, timeout = r->timeout_ms;
	char path[80] = "/rating";

	memset(out, 0, sizeof(*out));
	if (since >= 0) {
		snprintf(path, sizeof(path), "/rating?since=%lld&wait=%d", (long long)since, wait_s);
		timeout += wait_s * 1000L;
	}
	int rc = sync_http_call(r->http, "GET", path, NULL, timeout, &status, &reply);
	if (rc == K_OK && status >= 500)
		rc = K_ERR_UNREACHABLE; /* a server that cannot serve is as good as away */
	else if (rc == K_OK && (status != 200 || !json_is_object(reply) ||
				(rc = read_view(reply, out)) < 0)) {
		klog(KLOG_WARN, "rate: GET /rating was answered %ld %s: not a rating state", status,
		     ks_jcode(reply, "error"));
		rc = K_ERR_PROTOCOL;
	}
	if (rc < 0)
		memset(out, 0, sizeof(*out));
	json_decref(reply);
	return rc;
}

int ksync_rate_send(struct ksync_rate *r, const char *number, int level, int reason,
		    enum rate_sent *sent)
{
	static const struct { long status; const char *error; enum rate_sent sent; } answers[] = {
		{ 409, "already_rated", RATE_SENT_ALREADY },
		{ 409, "window_closed", RATE_SENT_CLOSED },
		{ 409, "not_finished", RATE_SENT_NOT_FINISHED },
		{ 400, "bad_request", RATE_SENT_REFUSED },
	};
	json_t *reply = NULL;
	long status = 0;

	*sent = RATE_SENT_REFUSED;
	if (!rate_number_ok(number) || level < 1 || level > RATE_MAX_LEVELS || reason < 0 ||
	    reason > RATE_MAX_REASONS)
		return K_ERR_INVALID;
	json_t *body = reason ? json_pack("{s:s, s:i, s:i}", "number", number, "level", level,
					  "reason", reason) :
				json_pack("{s:s, s:i}", "number", number, "level", level);
	if (!body)
		return K_ERR_NOMEM;
	int rc = sync_http_call(r->http, "POST", "/ratings", body, r->timeout_ms, &status, &reply);
	json_decref(body);
	if (rc < 0)
		goto out;
	rc = K_ERR_PROTOCOL;
	if (status == 201 && !strcmp(ks_jstr(reply, "number"), number)) {
		*sent = RATE_SENT_TAKEN;
		rc = K_OK;
	} else if (status >= 500) {
		rc = K_ERR_UNREACHABLE;
	}
	for (size_t i = 0; rc == K_ERR_PROTOCOL && i < sizeof(answers) / sizeof(answers[0]); i++)
		if (status == answers[i].status && !strcmp(ks_jstr(reply, "error"), answers[i].error)) {
			*sent = answers[i].sent;
			rc = K_OK;
		}
	if (rc == K_ERR_PROTOCOL)
		klog(KLOG_WARN, "rate: POST /ratings was answered %ld %s", status,
		     ks_jcode(reply, "error"));
out:
	json_decref(reply);
	return rc;
}
