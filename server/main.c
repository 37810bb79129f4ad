/*
 * main.c - the station server (skeleton).
 *
 * The station server will be the queue's authority for a station: kiosks
 * sync with it, staff call from it, the lobby board reads it (issue 5).
 * Until then it validates the configuration, opens (and migrates) the queue
 * database, reports what it would serve, and exits.
 */
#include "kconf.h"
#include "kerr.h"
#include "klog.h"
#include "queue.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	static struct kconf cfg;
	struct kconf_errors errs;
	struct queue *q;
	const char *config = getenv("KIOSK_CONF"), *db = NULL;

	klog_init("station-server", KLOG_INFO);
	for (int i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--config"))
			config = argv[i + 1];
		else if (!strcmp(argv[i], "--db"))
			db = argv[i + 1];
	}
	if (!config)
		config = "/etc/kiosk/kiosk.conf";
	if (kconf_load(config, &cfg, &errs) < 0) {
		kconf_errors_print(&errs, stderr);
		return 2;
	}
	if (queue_open(&q, db ? db : cfg.queue.database, &cfg, &kclock_system) < 0)
		return 1;
	queue_close(q);
	klog(KLOG_INFO, "station %s: configuration and database are ready; the HTTP service "
	     "is not implemented yet", cfg.station.id);
	return 0;
}
