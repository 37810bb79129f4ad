/*
 * api.h - the /api/v1 endpoints of the station server (docs/api.md).
 */
#ifndef API_H
#define API_H

#include <pthread.h>
#include <stddef.h>

#include "http.h"
#include "queue.h"
#include "staff.h"
#include "bookings.h"

struct kdb;

struct dossiers;

/*
 * Handlers run on the connection's own thread (a long-poll waits there), so
 * the queue connection is shared under `lock`; `changed` is signalled after
 * every change made here.  Changes made by other processes on the same
 * database (a kiosk on the same board) are seen by polling, every 200 ms.
 */
struct api {
	const struct kconf *cfg;
	const struct kclock *clock; /* every reading of the time (tests shift it) */
	struct queue *q;
	struct staff *staff;        /* accounts and audit; used under lock */
	struct bookings *bookings;  /* slots and bookings; used under lock */
	struct voice *voice;        /* the clips of a call; NULL = none (read-only) */
	struct dossiers *dossiers;  /* the imported dossier lists; has its own lock */
	struct ratelimit *leases;   /* leases per kiosk token and minute; has its own lock */
	struct ratelimit *pages;    /* the public listener's requests per address and minute */
	pthread_mutex_t lock;
	pthread_cond_t changed;
	struct writer *writer;      /* POST /tickets' group commit (writer.h); NULL: none */
	/* the reports' own connection to the database (opened at the first
	 * report), so a long report never holds lock: issuing goes on */
	pthread_mutex_t report_lock;
	struct kdb *report_db;
	/* GET /api/v1/queue as last written, on its own connection and lock
	 * (server/snapshot.h): reading it never takes lock */
	struct snapshot *snap;
	int stopping;               /* under lock: long-polls answer at once */
	const struct kdisk *disk;   /* the server's own, as last measured; NULL = none */
	struct api_disk {           /* under lock: each kiosk's disk, as last reported */
		char name[33];
		long long free_mb;
		char state[8];
	} kiosk_disks[32];
	int nkiosk_disks;
};

/* server/api_disk.c: the disks on the devices view (under lock). */
struct json_t;
void api_disk_report(struct api *a, const char *kiosk, struct json_t *body);
void api_disk_annotate(struct api *a, struct json_t *devices);
struct json_t *api_disk_server(struct api *a);

/* server/api_reports.c: close the reports' connection (api_destroy()). */
void api_reports_close(struct api *a);

/* http_session_fn for http_start(). */
int api_session(void *app, const char *secret, int token, int touch, char name[64],
		int *supervisor);

/* Set up lock and changed; q and cfg are the caller's. */
int api_init(struct api *a, const struct kconf *cfg, const struct kclock *clock,
	     struct queue *q, struct staff *staff);
void api_destroy(struct api *a);
/* Before stopping the HTTP server: every waiting long-poll answers now. */
void api_stop(struct api *a);

extern const struct http_route api_routes[];
extern const size_t api_nroutes;

/* server/api_public.c: the public listener's routes, the tickets' own pages
 * ([public] listen, docs/public.md); start it without a session function. */
extern const struct http_route public_routes[];
extern const size_t public_nroutes;

#endif
