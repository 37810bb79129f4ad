/*
 * bench_day.c - a busy day written through the engine before a server
 * starts on it (bench/bench_server.sh): N tickets of today, spread over
 * kiosk.conf's services, each called in turn at counter 1 (which finishes
 * the one before), so the day ends with WAITING still waiting and the
 * rest served - a city hub's afternoon.
 *
 *   build/bench-day CONF DB [N=12000] [WAITING=30]
 */
#include "kconf.h"
#include "kerr.h"
#include "klog.h"
#include "queue.h"
#include "station_conf.h"

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	static struct kconf cfg;
	struct kconf_errors errs;
	struct queue *q;
	struct queue_ticket t;
	int n = argc > 3 ? atoi(argv[3]) : 12000, waiting = argc > 4 ? atoi(argv[4]) : 30, r = 0;

	if (argc < 3) {
		fprintf(stderr, "usage: bench-day CONF DB [N] [WAITING]\n");
		return 2;
	}
	klog_init("bench-day", KLOG_ERR);
	if (station_conf_load(argv[1], &cfg, &errs) < 0) {
		kconf_errors_print(&errs, stderr);
		return 1;
	}
	if (queue_open(&q, argv[2], &cfg, &kclock_system) < 0)
		return 1;
	for (int i = 0; i < n && r >= 0; i++) {
		r = queue_issue(q, cfg.services[i % cfg.nservices].code, i % 9 == 0, QUEUE_WALKIN,
				NULL, &t);
		if (r >= 0 && i >= waiting)
			r = queue_call_next(q, 1, &t);
	}
	if (r < 0)
		fprintf(stderr, "bench-day: %s\n", kerr_text(r));
	queue_close(q);
	return r < 0;
}
