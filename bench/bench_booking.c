/*
 * bench_booking.c - the booking QR on the kiosk's side: verifying a token
 * (parse + Ed25519), and checking it in (verify + the queue's transaction,
 * sync = full as shipped), p50/p99 over N tokens each.
 *   bench-booking [N=5000]
 */
#include "booking.h"
#include "kerr.h"
#include "station_conf.h"
#include "klog.h"
#include "queue.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static void report(const char *what, double *v, int n)
{
	qsort(v, (size_t)n, sizeof(double), cmp);
	printf("%-34s %6d  p50 %7.1f us  p99 %7.1f us  (%.0f/s)\n", what, n, v[n / 2],
	       v[n * 99 / 100], 1e6 / v[n / 2]);
}

static int64_t fixed_now(void *ctx)
{
	return *(int64_t *)ctx;
}

int main(int argc, char **argv)
{
	static struct kconf cfg;
	struct kconf_errors errs;
	unsigned char pk[32], sk[64];
	char text[1024], pk64[50], dir[] = "/tmp/bench-booking-XXXXXX", db[64];
	int n = argc > 1 ? atoi(argv[1]) : 5000;
	int64_t now = 0;
	struct kclock clock = { fixed_now, &now };

	klog_init("bench", KLOG_ERR);
	if (sodium_init() < 0 || !mkdtemp(dir) || n < 100)
		return 1;
	crypto_sign_keypair(pk, sk);
	sodium_bin2base64(pk64, sizeof(pk64), pk, 32, sodium_base64_VARIANT_ORIGINAL);
	snprintf(text, sizeof(text), "[station]\nid = BENCH\nname_vi = Đo\n[booking]\nkey.K1 = %s\n"
		 "[service.CAPDOI]\nprefix = B\nname_vi = Đổi\nhours = 00:00-24:00\ndays = mon-sun\n"
		 "[counter.1]\nservices = CAPDOI\n", pk64);
	FILE *f = fmemopen(text, strlen(text), "r");
	if (station_conf_load_stream(f, "bench.conf", &cfg, &errs) < 0)
		return 1;
	fclose(f);
	kclock_parse_local("2026-11-28T09:00", &now);

	char (*tokens)[BOOKING_MAX_PAYLOAD + 1] = calloc((size_t)n, sizeof(*tokens));
	double *lat = calloc((size_t)n, sizeof(double));
	for (int i = 0; i < n; i++) {
		struct booking_token t = { .minutes = 30 };
		snprintf(t.kid, sizeof(t.kid), "K1");
		snprintf(t.station, sizeof(t.station), "BENCH");
		snprintf(t.booking, sizeof(t.booking), "BK%06d", i);
		snprintf(t.service, sizeof(t.service), "CAPDOI");
		t.slot = now + 600;
		booking_mint(&t, sk, tokens[i], sizeof(tokens[i]));
	}
	struct booking_token t;
	for (int i = 0; i < n; i++) {
		double t0 = now_us();
		if (booking_verify(&cfg, tokens[i], strlen(tokens[i]), now, &t) != BOOKING_OK)
			return 1;
		lat[i] = now_us() - t0;
	}
	report("verify (parse + Ed25519)", lat, n);

	struct queue *q;
	snprintf(db, sizeof(db), "%s/q.db", dir);
	if (queue_open(&q, db, &cfg, &clock) < 0)
		return 1;
	for (int i = 0; i < n; i++) {
		struct queue_ticket ticket;
		int reason;
		double t0 = now_us();
		if (booking_verify(&cfg, tokens[i], strlen(tokens[i]), now, &t) != BOOKING_OK ||
		    queue_checkin(q, &t, NULL, &ticket, &reason) < 0 || reason != BOOKING_OK)
			return 1;
		lat[i] = now_us() - t0;
	}
	report("check-in (verify + sqlite, full)", lat, n);
	queue_close(q);
	free(tokens);
	free(lat);
	snprintf(text, sizeof(text), "rm -rf %s", dir);
	return system(text) == 0 ? 0 : 1;
}
