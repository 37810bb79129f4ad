/*
 * ksync.h - a kiosk that shares the station server's queue (docs/sync.md).
 *
 * Online, the server issues every ticket, so numbers run in one sequence
 * per service across the lobby.  When it does not answer within
 * [sync] issue_timeout, the kiosk issues at once from numbers that are its
 * own for the day (a lease taken from the server while it was reachable,
 * then its [sync] band), records the ticket in its outbox and pushes it
 * when the server is back.  The kiosk button and `kioskctl issue` both come
 * here.
 *
 * One struct ksync per thread (it holds a curl handle and a database
 * connection); several may share the same outbox file.
 */
#ifndef KSYNC_H
#define KSYNC_H

#include <stdint.h>

#include "dossier_code.h"
#include "kclock.h"
#include "kconf.h"
#include "queue.h"

struct ksync;

int ksync_open(struct ksync **out, const struct kconf *cfg, const struct kclock *clock);
void ksync_close(struct ksync *k);

/*
 * Issue a walk-in ticket.  try_server: 1 = ask the server even if it was
 * found away lately (kioskctl), 0 = issue offline at once while it is
 * (the kiosk: its follower finds the server again).  *offline says which
 * way it went.  Refusals as queue_issue(): K_ERR_NOT_FOUND, K_ERR_DISABLED,
 * K_ERR_CLOSED, K_ERR_CAP, K_ERR_CLOCK; K_ERR_EXHAUSTED offline with no
 * number left.
 */
int ksync_issue(struct ksync *k, const char *service, int priority, int try_server,
		struct queue_ticket *out, int *offline);

/*
 * A scanned booking code: the contract's rules here (a refused code never
 * leaves the kiosk), then checked in by the server (used once for the whole
 * station), or offline: a priority ticket from the lease or band, the
 * booking used once at this kiosk, pushed with the outbox.  K_OK with
 * *reason (BOOKING_OK and *out; ALREADY_USED with out->number; another
 * refusal), or K_ERR_* (e.g. K_ERR_EXHAUSTED).  *b: the token's fields.
 */
struct booking_token;
int ksync_checkin(struct ksync *k, const char *payload, size_t len, int try_server,
		  struct booking_token *b, struct queue_ticket *out, int *reason, int *offline);

/* A booking code typed by the citizen: the station server looks it up and
 * checks it in (K_ERR_UNREACHABLE when it does not answer). */
int ksync_checkin_code(struct ksync *k, const char *code, struct booking_token *b,
		       struct queue_ticket *out, int *reason);

/* Push the outbox, oldest first, until it is empty (K_OK) or the server
 * stops answering.  *left = tickets still pending. */
int ksync_push(struct ksync *k, int *left);

/* Take leases so that every service open today has [sync] lease numbers in
 * reserve.  K_ERR_UNREACHABLE if the server does not answer. */
int ksync_topup(struct ksync *k);

/* Read the queue (GET /queue) into the outbox's snapshot. */
int ksync_refresh(struct ksync *k);

/*
 * Wait up to wait_s seconds for the next queue events (long-poll).
 * *changed = 1 when there were any.  A kiosk away for a while asks for
 * everything after the last event it saw.
 */
int ksync_follow(struct ksync *k, int wait_s, int *changed);

/* Make a ksync_follow() in progress on another thread return at once. */
void ksync_cancel(struct ksync *k);

/* What the kiosk knows of the queue: the last snapshot, with this kiosk's
 * own offline tickets added.  *online: the server answered last time. */
int ksync_status(struct ksync *k, struct queue_status *out, int *online);

/* For `kioskctl sync-status`. */
struct ksync_report {
	int pending;               /* tickets not yet taken by the server */
	int per_service[KCONF_MAX_SERVICES];
	int64_t oldest;            /* issue time of the oldest pending, 0 = none */
	char last_error[64];       /* why the oldest was not taken last time */
	int lease_left[KCONF_MAX_SERVICES];
	int online;
	int64_t last_contact;      /* last answer from the server, 0 = never */
};
int ksync_report(struct ksync *k, struct ksync_report *out);

/* Tell the server this kiosk's printer state ("ok", "paper_low", "paper_out",
 * "cover_open", "offline", "unplugged", "error", "none") and a short detail,
 * its scanner's ("ok", "unplugged", "none"; NULL = "none"), with the outbox's
 * pending count.  Waits at most [sync] issue_timeout. */
int ksync_report_device(struct ksync *k, const char *printer, const char *detail,
			const char *scanner);

/* The outbox's daily upkeep (store_maintain()). */
struct db_maint_report;
int ksync_maintain(struct ksync *k, struct db_maint_report *out);
/* The kiosk's disk, as measured elsewhere: sent with each device report as
 * {"disk": {"free_mb", "state"}} (d may be NULL; it must outlive k). */
struct kdisk;
void ksync_watch_disk(struct ksync *k, const struct kdisk *d);

/* Mark the server found or lost (the follower does it). */
void ksync_set_online(struct ksync *k, int online);

/*
 * Dossier look-up (docs/dossiers.md): the state of a citizen's dossier by
 * the receipt code on the appointment slip (giấy hẹn).  The station server
 * holds the list; the kiosk keeps no copy of it, and keeps, logs and prints
 * nothing of a code.  Every string is cut to its field (at a UTF-8 character
 * boundary); the texts are the station's, shown as given.
 */
#define KSYNC_DOSSIER_CODE (DOSSIER_CODE_MAX + 1) /* a normalised code and its NUL */

struct ksync_dossier {
	char status[33];            /* the station's status code, e.g. READY */
	char text_vi[256], text_en[256];     /* what the status means */
	char action_vi[640], action_en[640]; /* what to do now */
	char note[256];             /* the station's note for this dossier, or "" */
	char date[11];              /* YYYY-MM-DD, or "" */
	char date_vi[160], date_en[160]; /* what the date is for this status, or "" */
	char service[9];            /* the service to take a number for, or "" */
	char updated[32];           /* when the list was imported (ISO; also when not found) */
	int retry_after;            /* K_ERR_BUSY, K_ERR_CAP: seconds to wait */
};


/*
 * GET /dossiers/lookup?code=... (the code normalised first; a malformed one
 * never leaves the kiosk).  try_server: 1 = ask even if the server was
 * found away lately (kioskctl), 0 = answer K_ERR_UNREACHABLE at once while
 * it is (the kiosk).  K_OK with *out; K_ERR_NOT_FOUND (no such dossier);
 * K_ERR_INVALID (malformed); K_ERR_UNREACHABLE (no answer, or a 5xx);
 * K_ERR_DISABLED (the station has no list); K_ERR_BUSY (rate limited,
 * out->retry_after); K_ERR_CAP (this kiosk's look-ups for the day are
 * made, [dossiers] rate_day: out->retry_after until the next day);
 * K_ERR_AUTH; K_ERR_PROTOCOL (e.g. a server without look-ups: its 404
 * names no list date).
 */
int ksync_dossier_lookup(struct ksync *k, const char *code, int try_server,
			 struct ksync_dossier *out);

#endif
