/*
 * worker.h - everything that may block, on one thread away from the UI:
 * issuing a ticket (a database write), printing its slip, reading the
 * queue and printer status.
 *
 * The UI thread queues a request and returns to drawing at once; each
 * result comes back as one SDL event of the type given at start, whose
 * user.data1 is a struct worker_result the receiver frees with free().
 */
#ifndef WORKER_H
#define WORKER_H

#include <SDL.h>

#include "booking.h"
#include "escpos.h"
#include "i18n.h"
#include "kconf.h"
#include "ksync.h"
#include "queue.h"

struct worker;

enum worker_kind {
	WORKER_ISSUED,  /* code 0 + ticket, or the refusal (K_ERR_CLOSED ...) */
	WORKER_PRINTED, /* code 0 or the printer's K_ERR_*; ticket says which slip */
	WORKER_STATUS,  /* queue and printer state, for the home screen */
	WORKER_SYNCED,  /* from the follower: the server said something (no data) */
	WORKER_CHECKIN, /* a scanned booking: code, reason, ticket, booking */
	WORKER_LOOKUP,  /* a dossier look-up: code (K_OK, K_ERR_NOT_FOUND ...), dossier */
};

struct worker_result {
	int kind;                    /* enum worker_kind */
	int code;
	struct queue_ticket ticket;
	struct queue_status queue;   /* WORKER_STATUS */
	int queue_code;
	struct printer_status printer;
	int printer_code;            /* WORKER_STATUS: 0, or why the printer is not usable */
	int online;                  /* WORKER_STATUS: the station server answers (or none) */
	int unsent;                  /* WORKER_STATUS: tickets issued here the server has not yet taken */
	int offline;                 /* WORKER_ISSUED: issued without the server */
	int reason;                  /* WORKER_CHECKIN: enum booking_reason */
	struct booking_token booking;/* WORKER_CHECKIN: the token's fields once verified */
	struct ksync_dossier dossier;/* WORKER_LOOKUP: the answer (never the code asked) */
	Uint32 tag;                  /* WORKER_LOOKUP: the request's, as given */
	int issue_code;              /* WORKER_STATUS: why no number can be issued now
	                              * (K_ERR_CLOCK, K_ERR_DISK_FULL), or 0 */
};

/*
 * Start the worker over queue q, or over ks when the kiosk shares the
 * station server's queue (either becomes the worker's: use it from no other
 * thread; both NULL = no database) and the printer at uri.  The slip fonts
 * are opened here, on the caller's thread.  Returns 0, K_ERR_IO (fonts) or
 * K_ERR_INVALID (a URI that does not parse).
 */
int worker_start(struct worker **out, const struct kconf *cfg, const struct kclock *clock,
		 struct queue *q, struct ksync *ks, const char *uri, struct i18n *const text[2],
		 Uint32 event_type);

/* Finish the request in hand, drop the rest, stop, and free the results
 * still waiting in SDL's event queue; the database (or ks) stays open. */
void worker_stop(struct worker *w);

/* Requests; K_ERR_BUSY when too many are waiting. */
int worker_issue(struct worker *w, const char *service, int priority);
int worker_reprint(struct worker *w, const struct queue_ticket *t);
int worker_refresh(struct worker *w);
/* The scanner whose state (scan_reader_state()) each refresh reports to the
 * station server with the printer's; NULL before r is stopped. */
struct scan_reader;
void worker_set_scanner(struct worker *w, struct scan_reader *r);
/* A scanned code, to check in as a booking (payload: len bytes, any bytes). */
int worker_checkin(struct worker *w, const char *payload, size_t len);
/* A booking code typed on the screen's keyboard (from the Zalo message). */
int worker_checkin_code(struct worker *w, const char *code);
/* Look a dossier up at the station server by its receipt code (typed or
 * scanned; normalised there, wiped once asked); the answer carries tag, so
 * the screen knows which question it answers.  K_ERR_BUSY as the others. */
int worker_lookup(struct worker *w, const char *code, size_t len, Uint32 tag);
/* Record something for staff (queue_log_event), e.g. ("printer", "PAPER_CHANGED"). */
int worker_note(struct worker *w, const char *source, const char *kind);

/* Does it print at all (the URI is not "none")? */
int worker_prints(const struct worker *w);

#endif
