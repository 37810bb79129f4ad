/*
 * bench_queue.c - issue and call N tickets through the engine; print
 * tickets/s and the p50/p99 latency of issue and call-next, for each
 * [queue] sync mode: first N issued then N called (the queue grows to N,
 * a worst case), then N rounds of one issue + one call with about 20
 * waiting (a lobby's steady state; the rate counts both operations).
 * Each mode twice: the WAL checkpointed by sqlite on the commit that
 * crosses 1,000 pages ("inline", as a program that does not ask), then on a
 * thread of its own (queue_checkpoint_apart(), as the station server does).
 *
 *   build/bench-queue [N] [DIR] [MODES]
 *     N = 10000, DIR = a fresh temp folder, MODES = "full,normal"
 */
#include "kconf.h"
#include "station_conf.h"
#include "kerr.h"
#include "klog.h"
#include "queue.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char conf_text[] =
	"[station]\nid = BENCH\nname_vi = Trạm đo\n"
	"[queue]\nsync = %s\n"
	"[service.A]\nprefix = A\nname_vi = A\nhours = 00:00-24:00\ndays = mon-sun\n"
	"[service.B]\nprefix = B\nname_vi = B\nhours = 00:00-24:00\ndays = mon-sun\n"
	"[counter.1]\nservices = A, B\n[counter.2]\nservices = A, B\n";

static int64_t fake_now = 0;

static int64_t tick(void *ctx)
{
	(void)ctx;
	return fake_now;
}

static double now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static void report(const char *what, double *lat, int n, double total_us)
{
	qsort(lat, (size_t)n, sizeof(double), cmp);
	printf("  %-9s %8.0f /s   p50 %7.1f us   p99 %7.1f us   p99.9 %7.1f us\n", what,
	       n / (total_us / 1e6), lat[n / 2], lat[(int)(n * 0.99)], lat[(int)(n * 0.999)]);
}

static int bench(const char *mode, int apart, int n, const char *dir)
{
	static struct kconf cfg;
	struct kconf_errors errs;
	struct kclock clk = { tick, NULL };
	struct queue *q;
	struct queue_ticket t;
	char text[1024], path[512];
	double *lat = malloc(sizeof(double) * (size_t)n), t0, total;
	int r;

	snprintf(text, sizeof(text), conf_text, mode);
	FILE *f = fmemopen(text, strlen(text), "r");
	r = station_conf_load_stream(f, "bench.conf", &cfg, &errs);
	fclose(f);
	if (r < 0) {
		kconf_errors_print(&errs, stderr);
		return 1;
	}
	snprintf(path, sizeof(path), "%s/bench-%s.db", dir, mode);
	unlink(path);
	fake_now = 1795852800; /* 2026-11-28 08:00 +07:00 */
	if (queue_open(&q, path, &cfg, &clk) < 0)
		return 1;
	if (apart && queue_checkpoint_apart(q) < 0)
		return 1;

	printf("sync = %s, checkpoints %s, %d tickets:\n", mode,
	       apart ? "apart (a thread)" : "inline (on the commits)", n);
	total = now_us();
	for (int i = 0; i < n; i++) {
		t0 = now_us();
		r = queue_issue(q, i % 2 ? "B" : "A", i % 7 == 0, QUEUE_WALKIN, NULL, &t);
		lat[i] = now_us() - t0;
		if (r < 0) {
			fprintf(stderr, "issue %d failed: %s\n", i, kerr_text(r));
			return 1;
		}
		if (i % 4 == 0)
			fake_now++;
	}
	report("issue", lat, n, now_us() - total);

	total = now_us();
	for (int i = 0; i < n; i++) {
		t0 = now_us();
		r = queue_call_next(q, 1 + i % 2, &t);
		lat[i] = now_us() - t0;
		if (r < 0) {
			fprintf(stderr, "call-next %d failed: %s\n", i, kerr_text(r));
			return 1;
		}
		fake_now++;
	}
	report("call-next", lat, n, now_us() - total);

	/* a lobby's steady state: a short queue, one citizen in, one called */
	for (int i = 0; i < 20; i++)
		queue_issue(q, "A", 0, QUEUE_WALKIN, NULL, &t);
	double *call_lat = malloc(sizeof(double) * (size_t)n);
	total = now_us();
	for (int i = 0; i < n; i++) {
		t0 = now_us();
		r = queue_issue(q, i % 2 ? "B" : "A", i % 7 == 0, QUEUE_WALKIN, NULL, &t);
		lat[i] = now_us() - t0;
		if (r == 0) {
			t0 = now_us();
			r = queue_call_next(q, 1 + i % 2, &t);
			call_lat[i] = now_us() - t0;
		}
		if (r < 0) {
			fprintf(stderr, "steady %d failed: %s\n", i, kerr_text(r));
			return 1;
		}
		fake_now++;
	}
	total = now_us() - total;
	printf("  steady state (about 20 waiting), %d x (issue + call-next):\n", n);
	report("issue", lat, n, total);
	report("call-next", call_lat, n, total);
	free(call_lat);
	queue_close(q);
	free(lat);
	unlink(path);
	return 0;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 10000;
	char tmpl[] = "/tmp/bench-queue-XXXXXX";
	const char *dir = argc > 2 ? argv[2] : mkdtemp(tmpl);

	klog_init("bench-queue", KLOG_WARN);
	if (n < 100 || !dir) {
		fprintf(stderr, "usage: bench-queue [N >= 100] [DIR]\n");
		return 2;
	}
	char modes[64];
	snprintf(modes, sizeof(modes), "%s", argc > 3 ? argv[3] : "full,normal");
	int r = 0;
	for (char *m = strtok(modes, ","); m && !r; m = strtok(NULL, ","))
		r = bench(m, 0, n, dir) || bench(m, 1, n, dir);
	if (argc <= 2)
		rmdir(dir);
	return r;
}
