/*
 * fuzz_api.c - every JSON request body through the station server's
 * handlers, in process: the real route table (server/api.c api_routes)
 * over a temporary queue database with staff accounts, bookings and
 * dossiers, as server/main.c sets it up, called the way http.c calls a
 * handler once it has found the route and who is asking.
 *
 * Input: byte 0 picks the route among those that take a body (POST,
 * DELETE; the public listener's rating too, server/api_public.c, whose "*"
 * is the page of a ticket served at counter 1, or a wrong one), byte 1 who asks (bit 0: for a kiosk route the kiosk or staff,
 * for a staff route staff or a supervisor, for a booking route a booking
 * backend or staff; a rating route: counter 1's device) and the route's "*" (bits 2-5, from a list); the rest
 * is the body.  Every answer must be a status of 200-599 with a JSON body
 * (or bytes); a change must leave the database consistent enough that the
 * next input still runs.  libFuzzer target (tools/fuzz.sh api); replayed
 * over tests/fuzz/api/ by ctest.
 */
#include "api.h"
#include "fuzz_server.h"
#include "fuzz_station.h"
#include "ticket_page.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct http_route *body_routes[64];
static size_t nbody_routes;
static int routes_ready;
static const char PAGE[] = "AAAAAAAAAAAAAAAAAAAAAA"; /* 16 zero bytes */

/* A ticket of today, served at counter 1, whose page is PAGE. */
static void served_page(struct api *app)
{
	struct queue_ticket t;
	uint8_t bin[TICKET_PAGE_BYTES], hash[TICKET_PAGE_HASH];

	FUZZ_CHECK(queue_issue(app->q, "CAPMOI", 0, QUEUE_STAFF, NULL, &t) == 0);
	FUZZ_CHECK(queue_call_number(app->q, 1, t.number, &t) == 0);
	FUZZ_CHECK(queue_finish(app->q, 1, &t) == 0);
	FUZZ_CHECK(ticket_page_parse(PAGE, bin) == 0);
	ticket_page_hash(bin, hash);
	FUZZ_CHECK(queue_page_attach(app->q, hash, t.id, t.day) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *args[] = { "1", "2", "3", "0", "CAPMOI", "CAPDOI", "NOPE", "BK-0001",
				      "01", "", "-1", "99", "CAPMOI:x", "%00", "A001", "1 " };
	static struct kconf_token kiosk, staff, supervisor, backend, rater;

	struct api *app = fuzz_server();
	for (size_t i = 0; !routes_ready && i < api_nroutes && nbody_routes < 64; i++)
		if (!strcmp(api_routes[i].method, "POST") || !strcmp(api_routes[i].method, "DELETE"))
			body_routes[nbody_routes++] = &api_routes[i];
	for (size_t i = 0; !routes_ready && i < public_nroutes && nbody_routes < 64; i++)
		if (!strcmp(public_routes[i].method, "POST"))
			body_routes[nbody_routes++] = &public_routes[i];
	if (!routes_ready)
		served_page(app);
	routes_ready = 1;
	if (size < 2)
		return 0;
	const struct kconf *cfg = fuzz_station();
	snprintf(kiosk.name, sizeof(kiosk.name), "lobby-1");
	snprintf(staff.name, sizeof(staff.name), "counter-1");
	staff.staff = 1;
	snprintf(supervisor.name, sizeof(supervisor.name), "lan");
	supervisor.staff = supervisor.supervisor = 1;
	snprintf(backend.name, sizeof(backend.name), "booking-web");
	backend.booking = 1;
	snprintf(rater.name, sizeof(rater.name), "rater-1");
	rater.rater = 1;
	(void)cfg;

	const struct http_route *route = body_routes[data[0] % nbody_routes];
	int alt = data[1] & 1;
	const struct kconf_token *who =
		route->auth == AUTH_NONE    ? NULL :
		route->auth == AUTH_KIOSK   ? (alt ? &staff : &kiosk) :
		route->auth == AUTH_STAFF   ? (alt ? &supervisor : &staff) :
		route->auth == AUTH_RATER   ? &rater :
					      (alt ? &staff : &backend);
	const char *arg = strchr(route->pattern, '*') ? args[(data[1] >> 2) % 16] : NULL;
	if (!strncmp(route->pattern, "/t/", 3)) /* the page, or a wrong one now and then */
		arg = (data[1] >> 2) % 16 ? PAGE : args[(data[1] >> 2) % 16];

	/* the body as http.c hands it over: its own NUL-terminated copy */
	size_t len = size - 2;
	char *body = malloc(len + 1);
	FUZZ_CHECK(body);
	memcpy(body, data + 2, len);
	body[len] = '\0';
	struct http_request rq = { .method = route->method, .path = route->pattern, .arg = arg,
				   .body = body, .body_len = len, .who = who };
	struct http_reply out;
	memset(&out, 0, sizeof(out));
	route->handler(app, &rq, &out);
	FUZZ_CHECK(out.status >= 200 && out.status <= 599);
	FUZZ_CHECK(out.body || out.raw || out.status == 204);
	if (out.body) {
		char *text = json_dumps(out.body, JSON_COMPACT);
		FUZZ_CHECK(text);
		free(text);
	}
	json_decref(out.body);
	free(out.raw);
	free(body);
	return 0;
}
