/*
 * api_board.c - what a lobby board reads without logging in: the unit, the
 * last calls, waiting per service (GET /api/v1/board; the changes come from
 * /api/v1/board/events), and the voice of a call as one WAV (GET /voice).
 * Ticket numbers and counters only: nothing here is about a person.
 */
#include "api_private.h"
#include "kclock.h"
#include "kerr.h"
#include "voice.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BOARD_CALLS 10

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
	kclock_iso(kclock_now(&kclock_system), now, sizeof(now));
	out->status = 200;
	out->body = json_pack("{s:o, s:s, s:I, s:o, s:o}", "station", api_station_json(a->cfg),
			      "time", now, "last", (json_int_t)last, "services", services, "calls",
			      list);
}

/* A ticket number as the queue writes them: 1-2 capital letters, digits. */
static int number_ok(const char *s)
{
	size_t letters = strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"), n = strlen(s);
	return letters >= 1 && letters <= 2 && n > letters && n <= 11 &&
	       strspn(s + letters, "0123456789") == n - letters;
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

	if (!number || !number_ok(number) || !counter || *end || c < 1 || c > 99) {
		http_error(out, 400, "bad_request", "number (such as A012) and counter (1-99)");
		return;
	}
	if (!a->voice) {
		http_error(out, 404, "no_voice", "this station has no voice clips ([voice] clips)");
		return;
	}
	if (voice_render_wav(a->voice, number, (int)c, &wav, &len) < 0) {
		http_error(out, 500, "voice_failed", "the call could not be put together");
		return;
	}
	out->status = 200;
	out->raw = wav;
	out->raw_len = len;
	out->type = "audio/wav";
}
