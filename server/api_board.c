/*
 * api_board.c - what a lobby board reads without logging in: the unit, the
 * last calls, waiting per service (GET /api/v1/board; the changes come from
 * /api/v1/board/events), and the voice of a call as one WAV (GET /voice).
 * Ticket numbers and counters only: nothing here is about a person.
 *
 * /voice needs no token, and putting a call together costs time and
 * memory: the last VOICE_CACHED calls rendered are kept (every board asks
 * for the same call, and a browser's <audio> may ask twice), and one
 * address may have at most VOICE_RENDERS_PER_MIN others rendered a minute
 * (then 429 with Retry-After; the board page skips a voice that fails).
 */
#include "api_private.h"
#include "kclock.h"
#include "kerr.h"
#include "ratelimit.h"
#include "voice.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BOARD_CALLS 10
#define VOICE_CACHED 8
#define VOICE_RENDERS_PER_MIN 30

void api_board(void *app, const struct http_request *rq, struct http_reply *out)
{
	struct api *a = app;
	struct queue_status st;
	struct queue_ticket calls[BOARD_CALLS];
	struct queue_change none[1];
	int64_t last = 0;
	char now[32];
	(void)rq;

	pthread_mutex_lock(&a->lock);
	int r = queue_changes(a->q, INT64_MAX, none, 1, &last);
	if (r >= 0)
		r = queue_status(a->q, &st);
	int n = r < 0 ? r : queue_recent_calls(a->q, calls, BOARD_CALLS);
	pthread_mutex_unlock(&a->lock);
	if (n < 0) {
		http_error(out, 503, "unavailable", kerr_text(n));
		return;
	}
	json_t *services = json_array(), *list = json_array();
	for (int i = 0; i < st.nservices; i++) {
		json_t *o = api_service_json(a->cfg, st.services[i].code);
		json_object_set_new(o, "waiting", json_integer(st.services[i].waiting));
		json_object_set_new(o, "enabled", json_boolean(st.services[i].enabled));
		json_array_append_new(services, o);
	}
	for (int i = 0; i < n; i++) {
		char at[32], vi[KCONF_NAME], en[KCONF_NAME];
		api_counter_names(kconf_counter(a->cfg, calls[i].counter), vi, en);
		kclock_iso(calls[i].called_at, at, sizeof(at));
		json_array_append_new(list, json_pack("{s:s, s:s, s:i, s:s, s:s, s:s, s:i}",
			"number", calls[i].number, "service", calls[i].service, "counter",
			calls[i].counter, "counter_name_vi", vi, "counter_name_en", en, "called_at",
			at, "recalls", calls[i].recalls));
	}
	kclock_iso(kclock_now(a->clock), now, sizeof(now));
	out->status = 200;
	out->body = json_pack("{s:o, s:s, s:I, s:o, s:o}", "station", api_station_json(a->cfg),
			      "time", now, "last", (json_int_t)last, "services", services, "calls",
			      list);
}

/* A number of one of this station's services in its one canonical form
 * (queue_number_parse: A012, AB12345), nothing a service cannot print. */
static int number_ok(const struct api *a, const char *s)
{
	const struct kconf_service *svc;
	int64_t seq;
	return queue_number_parse(a->cfg, s, &svc, &seq) == K_OK;
}

/* The calls rendered last, shared by every /voice request of the process. */
static struct voice_cache {
	pthread_mutex_t lock;
	struct {
		const struct voice *v;  /* whose clips (one server has one) */
		char number[12];
		int counter;
		uint8_t *wav;
		size_t len;
		unsigned long used;     /* when last asked for, in asks */
	} e[VOICE_CACHED];
	unsigned long asks;
	struct ratelimit *renders;  /* per client address */
} cache = { .lock = PTHREAD_MUTEX_INITIALIZER };

/* A copy of the cached call (1), or 0. */
static int cache_get(const struct voice *v, const char *number, int counter, uint8_t **wav,
		     size_t *len)
{
	int found = 0;
	pthread_mutex_lock(&cache.lock);
	for (int i = 0; i < VOICE_CACHED && !found; i++) {
		if (cache.e[i].wav && cache.e[i].v == v && cache.e[i].counter == counter &&
		    !strcmp(cache.e[i].number, number)) {
			*wav = malloc(cache.e[i].len);
			if (*wav) {
				memcpy(*wav, cache.e[i].wav, cache.e[i].len);
				*len = cache.e[i].len;
				cache.e[i].used = ++cache.asks;
				found = 1;
			}
		}
	}
	pthread_mutex_unlock(&cache.lock);
	return found;
}

/* Keep a copy of a rendered call in the place of the one asked for longest ago. */
static void cache_put(const struct voice *v, const char *number, int counter, const uint8_t *wav,
		      size_t len)
{
	uint8_t *copy = malloc(len);
	if (!copy)
		return;
	memcpy(copy, wav, len);
	pthread_mutex_lock(&cache.lock);
	int old = 0;
	for (int i = 1; i < VOICE_CACHED; i++)
		if (cache.e[i].used < cache.e[old].used)
			old = i;
	free(cache.e[old].wav);
	cache.e[old].v = v;
	snprintf(cache.e[old].number, sizeof(cache.e[old].number), "%s", number);
	cache.e[old].counter = counter;
	cache.e[old].wav = copy;
	cache.e[old].len = len;
	cache.e[old].used = ++cache.asks;
	pthread_mutex_unlock(&cache.lock);
}

/* May the client of rq have one more call rendered?  1, or 0 with *retry. */
static int render_allowed(const struct http_request *rq, int *retry)
{
	char who[RATELIMIT_NAME_MAX] = "voice:";
	struct timespec ts;

	pthread_mutex_lock(&cache.lock);
	if (!cache.renders)
		ratelimit_new(&cache.renders, VOICE_RENDERS_PER_MIN); /* none: no limit */
	struct ratelimit *rl = cache.renders;
	pthread_mutex_unlock(&cache.lock);
	if (!rl)
		return 1;
	http_client_address(rq, who + 6, sizeof(who) - 6);
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ratelimit_allow(rl, who, (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000, retry);
}

/* GET /voice?number=A012&counter=3: the whole call (chime, phrase, repeats). */
void api_voice(void *app, const struct http_request *rq, struct http_reply *out)
{
	struct api *a = app;
	const char *number = http_query(rq, "number"), *counter = http_query(rq, "counter");
	char *end = NULL;
	long c = counter ? strtol(counter, &end, 10) : 0;
	uint8_t *wav;
	size_t len;

	int retry = 0;

	/* the counter 1-99 as written: no sign, space or leading zero, as the API's */
	if (!number || !number_ok(a, number) || !counter || counter[0] < '1' || counter[0] > '9' ||
	    *end || c < 1 || c > 99) {
		http_error(out, 400, "bad_request", "number (such as A012) and counter (1-99)");
		return;
	}
	if (!a->voice) {
		http_error(out, 404, "no_voice", "this station has no voice clips ([voice] clips)");
		return;
	}
	if (!cache_get(a->voice, number, (int)c, &wav, &len)) {
		if (!render_allowed(rq, &retry)) {
			http_error(out, 429, "too_many", "too many calls asked for; try again later");
			out->retry_after = retry;
			return;
		}
		if (voice_render_wav(a->voice, number, (int)c, &wav, &len) < 0) {
			http_error(out, 500, "voice_failed", "the call could not be put together");
			return;
		}
		cache_put(a->voice, number, (int)c, wav, len);
	}
	out->status = 200;
	out->raw = wav;
	out->raw_len = len;
	out->type = "audio/wav";
}
