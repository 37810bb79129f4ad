/*
 * fuzz_sync.c - the kiosk's and the board's reading of the station
 * server's answers, fuzzed: the real sync client (sync/ksync*.c, its
 * outbox in a temporary folder) over a fake transport that answers each
 * request with the next reply of the input, in place of sync/sync_http.c
 * (libcurl), as the real one hands answers over: the HTTP status and the
 * body parsed by jansson, K_ERR_AUTH on 401/403, K_ERR_UNREACHABLE when
 * the input has no more replies.
 *
 * Input: byte 0 picks what the kiosk or the board does (issue, check in a
 * typed booking code, push what it issued offline, top up its leases,
 * refresh the queue and the day's bookings, follow the events, the board's
 * view and events, a dossier look-up, a device report, a rating panel's
 * state and its rating); the rest is the
 * replies, each "SSS" (a status: 200, 404 ...; 000 = no answer) and a
 * body, separated by "\n~~\n".  libFuzzer target (tools/fuzz.sh sync);
 * replayed over tests/fuzz/sync/ by ctest.
 */
#define _GNU_SOURCE
#include "booking.h"
#include "fuzz_station.h"
#include "kerr.h"
#include "klog.h"
#include "ksync.h"
#include "ksync_board.h"
#include "ksync_rate.h"
#include "sync_http.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SEP "\n~~\n"

/* The fake transport: the input's replies, one per request. */
static const char *in;
static size_t in_left;

struct sync_http {
	int cancelled;
};

int sync_http_open(struct sync_http **out, const struct kconf *cfg)
{
	(void)cfg;
	*out = calloc(1, sizeof(**out));
	return *out ? K_OK : K_ERR_NOMEM;
}

void sync_http_close(struct sync_http *h)
{
	free(h);
}

void sync_http_cancel(struct sync_http *h)
{
	h->cancelled = 1;
}

int sync_http_call(struct sync_http *h, const char *method, const char *path, json_t *body,
		   long timeout_ms, long *status, json_t **reply)
{
	(void)method, (void)timeout_ms;
	FUZZ_CHECK(path && path[0] == '/');
	*status = 0;
	if (reply)
		*reply = NULL;
	if (body) { /* what the kiosk sends is well-formed JSON */
		char *text = json_dumps(body, JSON_COMPACT);
		FUZZ_CHECK(text);
		free(text);
	}
	if (h->cancelled || in_left < 3)
		return K_ERR_UNREACHABLE;
	const char *end = memmem(in, in_left, SEP, strlen(SEP));
	size_t len = end ? (size_t)(end - in) : in_left;
	long st = 0;
	for (int i = 0; i < 3 && i < (int)len; i++)
		st = st * 10 + (in[i] >= '0' && in[i] <= '9' ? in[i] - '0' : 0);
	const char *text = in + 3;
	size_t tlen = len < 3 ? 0 : len - 3;
	in += end ? len + strlen(SEP) : len;
	in_left -= end ? len + strlen(SEP) : len;
	if (st < 100)
		return K_ERR_UNREACHABLE;
	*status = st;
	if (reply)
		*reply = json_loadb(text, tlen, 0, NULL);
	if (st == 401 || st == 403) {
		if (reply) {
			json_decref(*reply);
			*reply = NULL;
		}
		return K_ERR_AUTH;
	}
	return K_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ksync *k;
	static struct ksync_board *b;
	static struct ksync_rate *rt;
	static struct rate_view rv;
	enum rate_sent sent;
	struct queue_ticket t;
	struct booking_token bt;
	struct ksync_dossier d;
	static struct board_view view;
	struct queue_change ch[8];
	struct queue_status qs;
	struct ksync_report rep;
	int offline, reason, left, changed, n, online;
	int64_t last;

	if (!k) {
		klog_init("fuzz-sync", KLOG_ERR);
		FUZZ_CHECK(ksync_open(&k, fuzz_station(), &kclock_system) == K_OK);
		FUZZ_CHECK(ksync_board_open(&b, fuzz_station()) == K_OK);
		FUZZ_CHECK(ksync_rate_open(&rt, fuzz_station()) == K_OK);
	}
	if (size < 1)
		return 0;
	in = (const char *)data + 1;
	in_left = size - 1;
	int r = 0;
	switch (data[0] % 14) {
	case 0:
		r = ksync_issue(k, "CAPMOI", 0, 1, &t, &offline);
		break;
	case 1:
		r = ksync_issue(k, "CAPDOI", 1, data[0] & 0x80, &t, &offline);
		break;
	case 2:
		r = ksync_checkin_code(k, "BK-0001", &bt, &t, &reason);
		break;
	case 3:
		r = ksync_push(k, &left);
		break;
	case 4:
		r = ksync_topup(k);
		break;
	case 5:
		r = ksync_refresh(k);
		break;
	case 6:
		r = ksync_follow(k, 0, &changed);
		break;
	case 7:
		r = ksync_board_view(b, &view);
		FUZZ_CHECK(view.nservices >= 0 && view.nservices <= KCONF_MAX_SERVICES);
		FUZZ_CHECK(view.ncalls >= 0 && view.ncalls <= BOARD_MAX_CALLS);
		break;
	case 8:
		r = ksync_board_events(b, 5, 0, ch, 8, &n, &last);
		FUZZ_CHECK(n >= 0 && n <= 8);
		break;
	case 9:
		r = ksync_dossier_lookup(k, "B0123456789", 1, &d);
		break;
	case 10:
		r = ksync_report_device(k, "paper out", "fuzz", "ok");
		break;
	case 12:
		r = ksync_rate_get(rt, data[0] & 0x80 ? 5 : -1, 0, &rv);
		FUZZ_CHECK(rv.nlevels >= 0 && rv.nlevels <= RATE_MAX_LEVELS);
		FUZZ_CHECK(rv.nreasons >= 0 && rv.nreasons <= RATE_MAX_REASONS);
		FUZZ_CHECK(r < 0 || (rv.nlevels >= 2 && (rv.state == RATE_IDLE ||
							 rate_number_ok(rv.number))));
		FUZZ_CHECK(memchr(rv.staff, 0, sizeof(rv.staff)) && memchr(rv.number, 0, sizeof(rv.number)));
		break;
	case 13:
		r = ksync_rate_send(rt, "B047", 3, data[0] & 0x80 ? 2 : 0, &sent);
		FUZZ_CHECK(sent >= RATE_SENT_TAKEN && sent <= RATE_SENT_REFUSED);
		break;
	default:
		r = ksync_refresh(k);
		ksync_status(k, &qs, &online);
		ksync_report(k, &rep);
		ksync_topup(k);
		break;
	}
	FUZZ_CHECK(r <= 0);
	return 0;
}
