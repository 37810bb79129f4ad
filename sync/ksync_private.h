/*
 * ksync_private.h - what the files of the kiosk's sync share (sync/ksync*.c).
 */
#ifndef KSYNC_PRIVATE_H
#define KSYNC_PRIVATE_H

#include <jansson.h>

#include "ksync.h"
#include "sync_http.h"
#include "sync_store.h"
#include "ticket_page.h"

#define SNAPSHOT_MAX 16384  /* the last GET /queue, as text */

struct ksync {
	const struct kconf *cfg;
	const struct kclock *clock;
	struct sync_store *store;
	struct sync_http *http;
	int64_t contact_written;   /* when contact_at was last stored */
	const struct kdisk *disk;  /* ksync_watch_disk(): reported with the printer */
	int followed;              /* GET /events answered once: long-polls from now on */
	uint8_t page_key[TICKET_PAGE_KEY]; /* ticket_page_key() of [sync] token, made once */
	int has_page_key;          /* [sync] token set: tickets get a page token */
};

/* One service in the last snapshot of the queue. */
struct snap_service {
	int waiting, waiting_priority, issued, served, enabled;
};

/* [sync] timeout in milliseconds. */
long ks_timeout_ms(const struct ksync *k);
/* o[key] if a string, else "". */
const char *ks_jstr(json_t *o, const char *key);
/* o[key] into dst (cap bytes, cap > 0), cut at a UTF-8 character boundary;
 * "" if it is not a string. */
void ks_jtext(char *dst, size_t cap, json_t *o, const char *key);
/* o[key] if a string that is a code (1-40 of A-Z a-z 0-9 _ . -), "" if
 * none, else "(not a code)": an error code fit to log or store, whatever
 * the server sent (no line breaks, no personal text). */
const char *ks_jcode(json_t *o, const char *key);
/* o[key] as a count, 0 to KS_COUNT_MAX (a wrong type reads 0, a wild
 * value is clamped: sums of counts stay far from overflowing). */
#define KS_COUNT_MAX 1000000
json_int_t ks_jcount(json_t *o, const char *key);
/* A ticket as the API writes it; K_ERR_PROTOCOL if it is not one. */
int ks_ticket_from_json(const struct ksync *k, json_t *o, struct queue_ticket *t);
/* Is number one of service's as a slip prints it (its prefix, 3 to 5 digits)? */
int ks_number_ok(const struct ksync *k, const char *service, const char *number);
/* The same, and the ticket this kiosk asked for: its client_ref is ref and
 * (service not NULL) its service is service; K_ERR_PROTOCOL, logged, if not
 * (another kiosk's ticket, another service's: a server or proxy mixing
 * answers up).  what: the request, for the log. */
int ks_ticket_mine(const struct ksync *k, json_t *o, const char *service, const char *ref,
		   const char *what, struct queue_ticket *t);
/* body with "page": page added when page is not "" (body may be NULL:
 * then NULL); body itself. */
json_t *ks_with_page(json_t *body, const char *page);
/* The last GET /queue if it is of today (json_decref it), and when it was taken. */
json_t *ks_snapshot(struct ksync *k, int64_t *at);
/* One service of a snapshot: 0, or K_ERR_NOT_FOUND (then *out is empty, enabled). */
int ks_snap_service(json_t *snap, const char *code, struct snap_service *out);

#endif
