/*
 * queue.h - the queue engine: tickets, counters and priority on sqlite.
 *
 * One struct queue is one connection to one queue database.  Any number of
 * processes may open the same file (kiosk, station server, kioskctl): every
 * change is one short IMMEDIATE transaction, so two processes never get the
 * same number, and a ticket that was reported issued has been committed.
 *
 * Numbers run per service and per local day: <prefix><3 digits> (A001 ...
 * A999, then A1000).  Each ticket also has an id that never repeats.
 * Time comes from the injected clock; the day starts at [queue] day_starts.
 */
#ifndef QUEUE_H
#define QUEUE_H

#include <stdint.h>

#include "kclock.h"
#include "kconf.h"
#include "ticket_page.h"

struct queue;

enum queue_source { QUEUE_WALKIN, QUEUE_BOOKING, QUEUE_STAFF };

enum queue_state {
	QUEUE_WAITING, QUEUE_CALLED, QUEUE_SERVING, QUEUE_DONE, QUEUE_NOSHOW, QUEUE_EXPIRED,
};

struct queue_ticket {
	int64_t id;           /* unique for the life of the database */
	char number[12];      /* A012 */
	char service[9];      /* current service (changes on transfer) */
	int priority;
	int source;           /* enum queue_source */
	int state;            /* enum queue_state */
	int64_t day;          /* kclock_day() of its issue */
	int64_t issued_at;
	int64_t called_at;    /* 0 = not called */
	int counter;          /* 0 = none */
	int recalls;
	char client_ref[65];  /* the issuing kiosk's id for it; "" = none */
	int replayed;         /* queue_issue_with(): this client_ref was issued before */
	char page[TICKET_PAGE_LEN + 1]; /* a kiosk's: its page token (ticket_page.h); "" = none */
	/* filled by queue_issue(): people ahead and estimated minutes */
	int ahead;
	int wait_minutes;
};

struct queue_status {
	int64_t day;
	int nservices;
	struct {
		char code[9];
		int waiting, waiting_priority, issued, served;
		int enabled;          /* kiosk.conf's, or today's by a supervisor */
		int64_t oldest;       /* when the longest waiting ticket queued; 0 = none */
	} services[KCONF_MAX_SERVICES];
	int ncounters;
	struct {
		int id;
		int open;
		char number[12]; /* "" = nobody */
		int state;
		char service[9];  /* of number */
		int64_t called_at;
		unsigned services; /* bit i = kconf services[i]: what it serves now */
	} counters[KCONF_MAX_COUNTERS];
};

/*
 * Open (creating or migrating) the database at path.  cfg and clock must
 * outlive the queue.  Returns 0, K_ERR_DB, K_ERR_BUSY or K_ERR_VERSION.
 */
int queue_open(struct queue **out, const char *path, const struct kconf *cfg,
	       const struct kclock *clock);
void queue_close(struct queue *q);

/*
 * The daily upkeep (core/queue_maint.c): purge what is past [queue]
 * keep_days, checkpoint and truncate the WAL, PRAGMA optimize; one journal
 * line.  Returns 0 or the mapped error (K_ERR_BUSY, K_ERR_DB, K_ERR_DISK_FULL).
 */
struct db_maint_report;
int queue_maintain(struct queue *q, struct db_maint_report *out);

/* The database file's path, as sqlite has it. */
const char *queue_path(const struct queue *q);

/* Refuse to issue (K_ERR_DISK_FULL) while d says its disk is full; d (or
 * NULL: never) must outlive q.  d is measured elsewhere (kdisk_check()). */
struct kdisk;
void queue_watch_disk(struct queue *q, const struct kdisk *d);

/* Checkpoint q's WAL on a thread and connection of its own (kdb.h,
 * kdb_checkpoint_apart()), for a program that commits on its hot path
 * (the station server, the engine's bench): no call pays for a checkpoint.
 * The rest let sqlite checkpoint on their commits.  Stopped by
 * queue_close(); K_OK, or the error (logged; checkpoints as before). */
int queue_checkpoint_apart(struct queue *q);

/*
 * Group commit (kdb.h, kdb_batch_begin()): between queue_batch_begin() and
 * queue_batch_end(), every write of q (issues, refusals noted, pages
 * kept ...) is one savepoint of a single transaction; what each returned
 * holds only once queue_batch_end(q, 1) returns K_OK - on an error none of
 * it was written, and each may be done again alone.  One thread (the
 * connection's owner) from begin to end.
 */
int queue_batch_begin(struct queue *q);
int queue_batch_end(struct queue *q, int commit);

/*
 * Issue a ticket.  booking_id is NULL for a walk-in; a booking id already
 * checked in gives K_ERR_DUPLICATE with *out filled from the first ticket.
 * Refusals: K_ERR_NOT_FOUND (no such service), K_ERR_DISABLED, K_ERR_CLOSED
 * (outside its hours or on a closed day, core/hours.h; staff tickets are
 * exempt), K_ERR_CAP, K_ERR_CLOCK, K_ERR_DISK_FULL (under disk_reserve_mb,
 * or sqlite found no room: nothing was committed).
 */
int queue_issue(struct queue *q, const char *service, int priority, enum queue_source src,
		const char *booking_id, struct queue_ticket *out);

/* How a ticket is asked for. */
struct queue_issue_opts {
	int priority;
	enum queue_source source;
	const char *booking_id;   /* a booking checked in once (K_ERR_DUPLICATE after) */
	const char *client_ref;   /* idempotency: the same ref gives back the same ticket */
	/* A ticket a kiosk issued offline from its lease (all three, or none): */
	int64_t seq;              /* its number within the day; 0 = the next one */
	int64_t issued_at;        /* when the kiosk issued it (it is queued by this time) */
	const char *holder;       /* the kiosk that holds the lease */
	/* A booking's slot, for the reports (on time, early, late); 0 = the
	 * station's own record of booking_id, if it has one. */
	int64_t booked_slot, booked_end;
};

/*
 * A ticket number from outside (a request's JSON or path, a command line)
 * in its one canonical form, as the slip prints it: the service's prefix as
 * kiosk.conf writes it (capital letters), then the number in three digits
 * with leading zeros up to 999 and without them above (A001, A999, A1000,
 * A99999).  Nothing else: no spaces, signs, lower case, missing or extra
 * zeros ("A1", "A0001", "a001", "A 001", "A+001", "01").  K_OK with the
 * service and sequence number; K_ERR_NOT_FOUND for a number so written whose
 * prefix no service has (Z001); K_ERR_INVALID for anything else.
 */
int queue_number_parse(const struct kconf *cfg, const char *text,
		       const struct kconf_service **svc, int64_t *seq);

/* A block of numbers for one kiosk, one service, one day. */
struct queue_lease {
	int64_t day;
	int64_t first, last;      /* sequence numbers, both included */
	char first_number[12], last_number[12];
};

/*
 * Reserve the next `count` numbers of service for holder, today.  Normal
 * issuing skips them; only holder may issue them (queue_issue_with() with
 * seq).  A daily cap shortens the block; K_ERR_CAP when nothing is left.
 * holder may hold at most [server] lease_unused leased numbers of service
 * today that no ticket has (0 = no limit): the block is cut short to stay
 * under it, and K_ERR_LIMIT when holder is there already.
 */
int queue_lease(struct queue *q, const char *service, const char *holder, int count,
		struct queue_lease *out);

/*
 * queue_issue() with every option.  A client_ref seen before returns 0 with
 * the ticket it got then (out->replayed = 1), whatever happened since.  A
 * ticket issued offline (seq set): K_ERR_INVALID when seq is not in a lease
 * or band of o->holder that day, K_ERR_TAKEN when another ticket of that day
 * holds the number already (both final: pushing it again changes nothing).
 */
int queue_issue_with(struct queue *q, const char *service, const struct queue_issue_opts *o,
		     struct queue_ticket *out);

/*
 * Check in a booking that booking_verify() accepted: a ticket of source
 * booking in its service, numbered in the same sequence, priority by
 * [booking] priority, exempt from hours and caps (the slot was booked).
 * The booking is used once, atomically with issuing.  Returns 0 with
 * *reason = BOOKING_OK, or 0 with *reason = BOOKING_CANCELLED /
 * BOOKING_ALREADY_USED (then *out is the first ticket); K_ERR_* on failure.
 * client_ref (or NULL) makes it idempotent as for queue_issue_with().
 */
struct booking_token;
int queue_checkin(struct queue *q, const struct booking_token *t, const char *client_ref,
		  struct queue_ticket *out, int *reason);

/* The station's own record of booking id (made by server/bookings.c), as a
 * token without a signature.  K_ERR_NOT_FOUND. */
int queue_booking_find(struct queue *q, const char *id, struct booking_token *out);

/*
 * A booking code typed by the citizen (from the Zalo message) instead of
 * scanned: found in the station's bookings (else *reason = NOT_FOUND), the
 * time window checked, then checked in as queue_checkin().  *t: its fields.
 */
int queue_checkin_code(struct queue *q, const char *code, const char *client_ref,
		       struct booking_token *t, struct queue_ticket *out, int *reason);

/* The station cancelled this booking: a later check-in is refused. */
int queue_cancel_booking(struct queue *q, const char *booking);

/* Call fn for every ticket of day (kclock_day()), in issue order. */
int queue_each_ticket(struct queue *q, int64_t day,
		      void (*fn)(const struct queue_ticket *t, void *ctx), void *ctx);

/* The last max tickets called today, the latest first.  Returns how many. */
int queue_recent_calls(struct queue *q, struct queue_ticket *out, int max);

/* Counter work.  All return K_ERR_NOT_FOUND for a counter not in kiosk.conf. */

/* Finish the counter's current ticket, call the next by the priority policy.
 * K_ERR_EMPTY when nobody waits for the counter's services. */
int queue_call_next(struct queue *q, int counter, struct queue_ticket *out);
/* Call the current ticket again (K_ERR_STATE unless it is called). */
int queue_recall(struct queue *q, int counter, struct queue_ticket *out);
/* The citizen has arrived at the counter. */
int queue_start(struct queue *q, int counter, struct queue_ticket *out);
/* The citizen is served. */
int queue_finish(struct queue *q, int counter, struct queue_ticket *out);
/* The called citizen did not come: requeued once or gone ([queue] noshow). */
int queue_noshow(struct queue *q, int counter, struct queue_ticket *out);
/* Send the current citizen to another service, keeping the place earned
 * by the original issue time. */
int queue_transfer(struct queue *q, int counter, const char *service,
		   struct queue_ticket *out);
/* Close the counter (finishing its current ticket). */
int queue_counter_close(struct queue *q, int counter);

/* Waiting per service, now serving per counter, for today. */
int queue_status(struct queue *q, struct queue_status *out);

/*
 * What GET /api/v1/queue shows, read in one read transaction (its parts are
 * one moment's): the newest change's seq (as queue_changes() gives it), the
 * status of day, and the day's last QUEUE_VIEW_CALLS calls, the latest
 * first.  version: the database's data version this connection saw then.
 */
#define QUEUE_VIEW_CALLS 10
struct queue_view {
	int64_t version;
	int64_t last;
	struct queue_status st;
	struct queue_ticket recent[QUEUE_VIEW_CALLS];
	int nrecent;
};
int queue_view(struct queue *q, int64_t day, struct queue_view *out);
/*
 * sqlite's PRAGMA data_version of this connection: it differs from one
 * reading to the next once any other connection (of this process or
 * another) committed in between.  A connection that never writes thus
 * sees every change to the file.
 */
int queue_data_version(struct queue *q, int64_t *version);

/*
 * Record something staff should know about a device, e.g. ("printer",
 * "PAPER_OUT", "A012 not printed").  Never personal data: numbers and states.
 */
int queue_log_event(struct queue *q, const char *source, const char *kind, const char *detail);

/* One change to the queue, as screens and kiosks follow it. */
struct queue_change {
	int64_t seq;          /* increases by one per change, never reused */
	int64_t at;
	char kind[16];        /* issued, called, recalled, started, done, noshow, transferred, closed */
	char number[12];      /* "" for a counter's own change (closed) */
	char service[9];
	int counter;          /* 0 = none */
	char subject[33];     /* service: its code; device: the kiosk's name */
	int64_t day;          /* its ticket's day; else the day of at */
	int priority;         /* its ticket's (0 without one) */
	char source[8];       /* its ticket's: walkin, booking, staff; "" without one */
};

/*
 * The changes after seq `since`, oldest first, at most max; *last = the
 * newest seq there is.  Returns how many were written to out.
 */
int queue_changes(struct queue *q, int64_t since, struct queue_change *out, int max,
		  int64_t *last);

/*
 * Call a given waiting ticket of today to the counter (finishing its current
 * one), whatever the policy would pick.  K_ERR_NOT_FOUND: no such number
 * today (or no such counter); K_ERR_STATE: the ticket is not waiting.
 */
int queue_call_number(struct queue *q, int counter, const char *number,
		      struct queue_ticket *out);

/*
 * A supervisor's changes (core/queue_admin.c), each noted as a change:
 * what a counter serves (bit i = kconf services[i]; kept until changed
 * again: kiosk.conf's list is the default), and a service switched on or
 * off for today only.
 */
int queue_counter_services(struct queue *q, int counter, unsigned *services);
int queue_set_counter_services(struct queue *q, int counter, unsigned services);
int queue_service_enabled(struct queue *q, const char *service, int *enabled);
int queue_set_service_enabled(struct queue *q, const char *service, int enabled);

/*
 * The staff account now working counter (its name; NULL = nobody): the
 * visits it calls from now on are counted for it in the reports.  Written
 * only when it changes.  K_ERR_NOT_FOUND for a counter not in kiosk.conf.
 */
int queue_counter_staff(struct queue *q, int counter, const char *staff);

/* --- ratings (docs/rating.md; the chain: core/rating.h) ------------------ */
enum queue_rating_channel { QUEUE_RATE_COUNTER, QUEUE_RATE_PHONE };

/* What a counter's rating device shows now. */
enum queue_prompt_state { QUEUE_PROMPT_IDLE, QUEUE_PROMPT_OPEN, QUEUE_PROMPT_RATED };
struct queue_prompt {
	int state;            /* enum queue_prompt_state */
	char number[12];      /* open, rated: the ticket the counter last finished */
	char service[9];      /* the service it was served in */
	char staff[33];       /* the staff account at the counter then; "" unknown */
	int expires_in;       /* open: seconds left of [rating] seconds */
};

/*
 * The prompt of counter's rating device: open while the ticket the counter
 * last finished today (served, not transferred or missed) was finished less
 * than [rating] seconds ago and is not rated; rated once it is; else idle.
 */
int queue_rating_prompt(struct queue *q, int counter, struct queue_prompt *out);

/*
 * Rate ticket `number` of today, now: level 1 (the best) .. [rating] levels,
 * reason 0 (none) or 1 .. [rating] reasons (only for level >= ask_reason).
 * QUEUE_RATE_COUNTER: the ticket counter last finished, within [rating]
 * seconds (and a few seconds' grace for the tap on its way); counter's
 * device only.  QUEUE_RATE_PHONE: any ticket finished today, until the day
 * ends; counter is ignored.  One rating per ticket, chained (rating.h).
 * K_OK; K_ERR_INVALID level or reason; K_ERR_NOT_FOUND not that counter's
 * last finished ticket (or, by phone, no finished ticket of that number
 * today); K_ERR_EXPIRED the window passed; K_ERR_DUPLICATE rated already.
 */
#define QUEUE_RATE_GRACE_S 5
int queue_rate(struct queue *q, int counter, const char *number, int level, int reason,
	       enum queue_rating_channel channel);

/* --- a ticket's public page (docs/public.md; the token: core/ticket_page.h) */
/* What the page of a ticket shows. */
struct queue_page {
	struct queue_ticket t;  /* waiting: ahead and wait_minutes as on the slip */
	int rated;              /* a rating of it is kept */
};

/*
 * The ticket `ticket` (of day) is opened by the token whose hash this is
 * (ticket_page_hash()); a hash already given to another ticket now opens
 * this one (an offline push that replaced the ticket first issued for the
 * same client_ref).  The row goes with the day.
 */
int queue_page_attach(struct queue *q, const uint8_t hash[32], int64_t ticket, int64_t day);

/* The ticket of today this hash opens, as its page shows it; K_ERR_NOT_FOUND
 * for none (or one of another day). */
int queue_page_find(struct queue *q, const uint8_t hash[32], struct queue_page *out);

/*
 * Count an issue the station refused (K_ERR_CLOSED, K_ERR_CAP or
 * K_ERR_DISABLED; others are not counted) for the reports, at now's hour.
 */
int queue_note_refusal(struct queue *q, const char *service, int refusal);

/* What a kiosk last reported of itself (no personal data: states only). */
struct queue_device {
	char name[33];
	int64_t seen;
	char printer[16];     /* ok, paper_low, paper_out, cover_open, offline, error, none */
	char detail[64];
	int64_t pending;      /* tickets in its outbox not yet at the server (>= 0) */
	char scanner[16];     /* ok, unplugged, none (none too for a wedge scanner) */
};
/* Record a report; a change of printer or scanner state is noted as a "device" change,
 * and a printer that turns paper_out, cover_open, offline or error is logged as a
 * fault in the devices log (events, source "printer_fault": the reports count them). */
int queue_device_report(struct queue *q, const struct queue_device *d);
/* Every kiosk that ever reported, by name; returns how many (≤ max). */
int queue_devices(struct queue *q, struct queue_device *out, int max);

/* Look a ticket up by today's number. */
int queue_find(struct queue *q, const char *number, struct queue_ticket *out);

const char *queue_state_name(int state);
const char *queue_source_name(int source);

/* The schema version (PRAGMA user_version) queue_open() migrates to: a
 * database above it is refused (restore checks a backup against it). */
int queue_schema_version(void);

#endif
