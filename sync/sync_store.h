/*
 * sync_store.h - the kiosk's own sqlite record when it shares the station
 * server's queue: every ticket it issued (through the server or offline),
 * the numbers leased to it, and what it last heard from the server.
 *
 * A ticket issued offline is "pending" until the server has taken it.  A
 * number is written here, durably, before its slip is printed, so a number
 * once printed is never issued again by this kiosk and never forgotten.
 */
#ifndef SYNC_STORE_H
#define SYNC_STORE_H

#include <stdint.h>

#include "kconf.h"
#include "queue.h"
#include "ticket_page.h"

struct sync_store;

/* The outbox's schema version (PRAGMA user_version); a newer one is refused. */
#define STORE_VERSION 4

/* Where an offline number came from. */
enum store_origin { STORE_SERVER, STORE_LEASE, STORE_BAND };

/* A ticket waiting to be pushed. */
struct store_pending {
	int64_t order;              /* issue order in this outbox */
	char client_ref[65];
	char service[9];
	char number[12];
	int priority;
	int64_t issued_at;
	int tries;
	char last_error[64];
	char booking_id[21];        /* "" = a walk-in */
	char page[TICKET_PAGE_LEN + 1]; /* its page token; "" = none */
};

int store_open(struct sync_store **out, const char *path, const struct kconf *cfg);
void store_close(struct sync_store *s);

/* The daily upkeep (core/db_maint.h): tickets the server has taken and
 * older than [queue] keep_days, past days' leases, past bookings; then the
 * WAL checkpoint and optimize.  today: kclock_day() of now. */
struct db_maint_report;
int store_maintain(struct sync_store *s, int64_t today, int64_t now, struct db_maint_report *out);

/* A ticket the server issued (or took): on record, nothing to push (its
 * page token with it).  booking_id: the booking it checked in, or NULL. */
int store_record(struct sync_store *s, const struct queue_ticket *t, const char *booking_id);

/* The number this kiosk issued for booking_id (K_ERR_NOT_FOUND: none). */
int store_find_booking(struct sync_store *s, const char *booking_id, char number[12]);

/*
 * Issue offline for service on day: the lowest unused number of this day's
 * leases, else the next of the kiosk's band, else K_ERR_EXHAUSTED.  The
 * ticket is committed as pending before this returns.  out gets number,
 * service, day, issued_at = now, client_ref, page (the ticket's page token,
 * NULL or "" = none), priority.  booking_id (or NULL) is used once here:
 * K_ERR_DUPLICATE if this kiosk has it already.
 */
int store_issue_offline(struct sync_store *s, const struct kconf_service *svc, int64_t day,
			const char *client_ref, const char *page, int priority, const char *booking_id, int64_t now,
			struct queue_ticket *out, enum store_origin *origin);

/* Numbers first..last of service on day are this kiosk's to issue offline. */
int store_add_lease(struct sync_store *s, int64_t day, const char *service, int64_t first,
		    int64_t last);
/* How many leased numbers of service on day are still unused. */
int store_lease_left(struct sync_store *s, int64_t day, const char *service, int *left);

/* The oldest pending ticket after `after` (NULL: the oldest of all), in
 * issue order; K_ERR_NOT_FOUND when there is none. */
int store_next_pending(struct sync_store *s, const struct store_pending *after,
		       struct store_pending *p);
/* After a try to push it: accepted (why = NULL) or not yet, and why. */
int store_pushed(struct sync_store *s, const char *client_ref, const char *why);
/* How many tickets are pending (per service into counts[] if not NULL,
 * indexed like cfg->services), and the oldest one's issue time. */
int store_pending_count(struct sync_store *s, int *total, int *counts, int64_t *oldest);
/* Tickets of service this kiosk issued on day, either way. */
int store_issued_on(struct sync_store *s, int64_t day, const char *service, int *n);

/* Offline tickets of service issued after time `since` (for people ahead). */
int store_offline_since(struct sync_store *s, const char *service, int64_t since, int *n);

/* The station's bookings of today and tomorrow, as the server last said. */
struct store_booking {
	char id[21];
	char service[9];
	int64_t slot;
	int minutes;
	int cancelled;
};
/* Replace the list. */
int store_set_bookings(struct sync_store *s, const struct store_booking *list, size_t n);
/* One of them by id (K_ERR_NOT_FOUND: the server did not list it). */
int store_get_booking(struct sync_store *s, const char *id, struct store_booking *out);

/* Small named values: the last event seen, the last queue snapshot ... */
int store_get_int(struct sync_store *s, const char *key, int64_t *value);
int store_set_int(struct sync_store *s, const char *key, int64_t value);
/* A text value into buf (K_ERR_NOT_FOUND: never set). */
int store_get_text(struct sync_store *s, const char *key, char *buf, size_t len);
int store_set_text(struct sync_store *s, const char *key, const char *value);

#endif
