/*
 * bench_notify.c - staff "next" -> a kiosk following the events told, the
 * way the kiosk's follower hears it (ksync_follow(), a long-poll over
 * libcurl), p50/p99 over N calls against a running station-server.
 *   bench-notify URL KIOSK_TOKEN STAFF_TOKEN SERVICE COUNTER [CALLS=1000]
 */
#include "kerr.h"
#include "station_conf.h"
#include "klog.h"
#include "ksync.h"
#include "sync_http.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static struct {
	pthread_mutex_t lock;
	pthread_cond_t told;
	int changes, stop;
	double at;           /* when the listener last heard of a change */
} s = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0, 0 };

static double now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static void *listener(void *arg)
{
	struct ksync *k = arg;
	int changed;
	while (!s.stop) {
		if (ksync_follow(k, 25, &changed) < 0) {
			usleep(100000);
			continue;
		}
		if (!changed)
			continue;
		pthread_mutex_lock(&s.lock);
		s.at = now_us();
		s.changes++;
		pthread_cond_signal(&s.told);
		pthread_mutex_unlock(&s.lock);
	}
	return NULL;
}

/* Wait until the listener has heard more than `seen` changes. */
static void wait_told(int seen)
{
	pthread_mutex_lock(&s.lock);
	while (s.changes <= seen)
		pthread_cond_wait(&s.told, &s.lock);
	pthread_mutex_unlock(&s.lock);
}

static int load(struct kconf *cfg, const char *url, const char *token, const char *dir,
		const char *service)
{
	char text[1024];
	struct kconf_errors errs;
	snprintf(text, sizeof(text), "[station]\nid = BENCH\nname_vi = Đo\n[queue]\nsync = normal\n"
		 "[sync]\nserver = %s\nname = lobby\ntoken = %s\noutbox = %s/outbox.db\n"
		 "[service.%s]\nprefix = C\nname_vi = Đo\n", url, token, dir, service);
	FILE *f = fmemopen(text, strlen(text), "r");
	int r = station_conf_load_stream(f, "bench.conf", cfg, &errs);
	fclose(f);
	if (r < 0)
		kconf_errors_print(&errs, stderr);
	return r;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	static struct kconf kiosk, staff;
	char dir[] = "/tmp/bench-notify-XXXXXX", path[96], body[128];
	struct sync_http *kh, *sh;
	struct ksync *k;
	pthread_t th;
	long status;

	if (argc < 6) {
		fprintf(stderr, "usage: bench-notify URL KIOSK_TOKEN STAFF_TOKEN SERVICE COUNTER "
			"[CALLS]\n");
		return 2;
	}
	int calls = argc > 6 ? atoi(argv[6]) : 1000;
	klog_init("bench", KLOG_ERR);
	if (!mkdtemp(dir) || load(&kiosk, argv[1], argv[2], dir, argv[4]) < 0 ||
	    load(&staff, argv[1], argv[3], dir, argv[4]) < 0 ||
	    ksync_open(&k, &kiosk, &kclock_system) < 0 || sync_http_open(&kh, &kiosk) < 0 ||
	    sync_http_open(&sh, &staff) < 0)
		return 1;
	double *lat = calloc((size_t)calls, sizeof(double));
	pthread_create(&th, NULL, listener, k);
	snprintf(body, sizeof(body), "{\"service\":\"%s\"}", argv[4]);
	snprintf(path, sizeof(path), "/counters/%s/next", argv[5]);
	json_t *ticket = json_loads(body, 0, NULL);
	for (int i = 0; i < calls; i++) {
		int seen = s.changes;
		sync_http_call(kh, "POST", "/tickets", ticket, 5000, &status, NULL);
		wait_told(seen); /* the listener is back in its long-poll, after the issue */
		usleep(2000);
		seen = s.changes;
		double t0 = now_us();
		if (sync_http_call(sh, "POST", path, NULL, 5000, &status, NULL) < 0 || status != 200) {
			fprintf(stderr, "bench-notify: next answered %ld\n", status);
			return 1;
		}
		wait_told(seen);
		lat[i] = s.at - t0;
	}
	qsort(lat, (size_t)calls, sizeof(double), cmp);
	printf("staff next -> kiosk told (ksync long-poll, %d calls): p50 %.2f ms, p99 %.2f ms,"
	       " max %.2f ms\n", calls, lat[calls / 2] / 1e3, lat[calls * 99 / 100] / 1e3,
	       lat[calls - 1] / 1e3);
	s.stop = 1;
	ksync_cancel(k);
	pthread_join(th, NULL);
	json_decref(ticket);
	ksync_close(k);
	sync_http_close(kh);
	sync_http_close(sh);
	free(lat);
	snprintf(path, sizeof(path), "rm -rf %s", dir);
	return system(path) == 0 ? 0 : 1;
}
