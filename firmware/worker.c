/*
 * worker.c - a small request queue and the thread that serves it (the
 * thread kit's: core/kthread.h, a ring of MAX_WAITING jobs, K_ERR_BUSY when
 * full, one refresh waiting at most).
 */
#include "worker.h"
#include "kerr.h"
#include "klog.h"
#include "kthread.h"
#include "printer.h"
#include "scan_reader.h"
#include "slip_job.h"
#include "upkeep.h"

#include <sodium.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_WAITING 8

enum job_kind { JOB_ISSUE, JOB_REPRINT, JOB_REFRESH, JOB_NOTE, JOB_CHECKIN, JOB_LOOKUP };

struct job {
	enum job_kind kind;
	Uint64 asked;              /* SDL_GetPerformanceCounter() when requested */
	char service[9];
	char source[16], note[24]; /* JOB_NOTE */
	int priority;
	struct queue_ticket ticket; /* JOB_REPRINT */
	char payload[BOOKING_MAX_PAYLOAD + 1]; /* JOB_CHECKIN, JOB_LOOKUP: what was scanned */
	size_t len;
	int typed;                 /* JOB_CHECKIN: a booking code typed, not scanned */
	Uint32 tag;                /* JOB_LOOKUP: given back with the answer */
};

struct worker {
	const struct kconf *cfg;
	const struct kclock *clock;
	struct queue *q;
	struct ksync *ks;
	struct i18n *text[2];
	struct slip_renderer *renderer;
	struct printer *printer;
	Uint32 event_type;
	int bench;                 /* KIOSK_BENCH set: report request-to-bytes times */
	char reported[16];         /* the printer state the server was last told */
	char reported_scanner[16]; /* and the scanner's */
	Uint64 reported_at;        /* SDL_GetTicks64() of that report */
	struct scan_reader *scanner; /* worker_set_scanner(); under the thread's lock */
	struct kthread *thread;
	struct job jobs[MAX_WAITING];
	struct kring ring;         /* of jobs, under the thread's lock */
	struct upkeep upkeep;      /* clock, disk, daily maintenance: this thread's */
};

static void deliver(struct worker *w, struct worker_result *res)
{
	SDL_Event ev;
	memset(&ev, 0, sizeof(ev));
	ev.type = w->event_type;
	ev.user.code = res->kind;
	ev.user.data1 = res;
	if (SDL_PushEvent(&ev) <= 0)
		free(res); /* the UI is gone or its queue is full: nobody will read it */
}

static struct worker_result *result(int kind, int code)
{
	struct worker_result *r = calloc(1, sizeof(*r));
	if (r) {
		r->kind = kind;
		r->code = code;
		escpos_status_clear(&r->printer);
	}
	return r;
}

static int print_slip(struct worker *w, const struct queue_ticket *t,
		      const struct booking_token *b, Uint64 asked)
{
	struct slip_info info;
	struct bitmap img;
	struct kbuf bytes;
	int r;

	slip_info_of(&info, t, b);
	kbuf_init(&bytes, ESCPOS_MAX_JOB);
	r = slip_job_make(w->renderer, w->cfg, w->text, &info, &img, &bytes);
	if (r == K_OK) {
		kthread_busy(w->thread, "printing a slip", 0); /* a jammed write stops the pings */
		if (w->bench && asked)
			fprintf(stderr, "bench: tap-to-bytes %.0f us\n",
				(double)(SDL_GetPerformanceCounter() - asked) * 1e6 /
				(double)SDL_GetPerformanceFrequency());
		r = printer_print(w->printer, bytes.data, bytes.len, slip_length_tenth_mm(&img), NULL);
		bitmap_free(&img);
	}
	kbuf_free(&bytes);
	if (r < 0 && r != K_ERR_DISABLED_DEV) {
		char detail[64];
		snprintf(detail, sizeof(detail), "%s not printed", t->number);
		if (w->q)
			queue_log_event(w->q, "printer", kerr_name(r), detail); /* for staff */
		else
			klog(KLOG_ERR, "printer: %s: %s", kerr_name(r), detail);
	}
	return r;
}

static void do_print(struct worker *w, const struct queue_ticket *t,
		     const struct booking_token *b, Uint64 asked)
{
	struct worker_result *res = result(WORKER_PRINTED, print_slip(w, t, b, asked));
	if (res) {
		res->ticket = *t;
		deliver(w, res);
	}
}

static void do_issue(struct worker *w, const struct job *j)
{
	struct worker_result *res = result(WORKER_ISSUED, K_ERR_DB);
	if (!res)
		return;
	if (kdisk_state(&w->upkeep.disk) == KDISK_FULL)
		res->code = K_ERR_DISK_FULL; /* not even offline: the outbox has no room */
	else if (w->ks)
		res->code = ksync_issue(w->ks, j->service, j->priority, 0, &res->ticket,
					&res->offline);
	else if (w->q)
		res->code = queue_issue(w->q, j->service, j->priority, QUEUE_WALKIN, NULL,
					&res->ticket);
	struct queue_ticket t = res->ticket;
	int ok = res->code == K_OK;
	deliver(w, res); /* the screen shows the number before the printer starts */
	if (ok && worker_prints(w))
		do_print(w, &t, NULL, j->asked);
}

/*
 * A scanned booking code: verified here (rules 1-6), then checked in by the
 * queue (cancelled, used once).  The payload is not kept or logged: only
 * the reason is.
 */
static void do_checkin(struct worker *w, struct job *j)
{
	struct worker_result *res = result(WORKER_CHECKIN, K_OK);
	if (!res)
		goto out;
	if (kdisk_state(&w->upkeep.disk) == KDISK_FULL) {
		res->code = K_ERR_DISK_FULL;
	} else if (j->typed) { /* only the station's own record knows a typed code */
		res->code = w->ks ? ksync_checkin_code(w->ks, j->payload, &res->booking,
						       &res->ticket, &res->reason) :
			    w->q ? queue_checkin_code(w->q, j->payload, NULL, &res->booking,
						      &res->ticket, &res->reason) : K_ERR_DB;
	} else if (w->ks) { /* the station server decides, or the outbox when it is away */
		res->code = ksync_checkin(w->ks, j->payload, j->len, 0, &res->booking,
					  &res->ticket, &res->reason, &res->offline);
	} else {
		res->reason = booking_verify(w->cfg, j->payload, j->len, kclock_now(w->clock),
					     &res->booking);
		if (res->reason == BOOKING_OK && w->q)
			res->code = queue_checkin(w->q, &res->booking, NULL, &res->ticket,
						  &res->reason);
		else if (res->reason == BOOKING_OK)
			res->code = K_ERR_DB;
	}
	klog(KLOG_INFO, "checkin: %s%s%s", res->code < 0 ? kerr_name(res->code) :
	     booking_reason_name(res->reason), res->reason == BOOKING_ALREADY_USED ? " " : "",
	     res->reason == BOOKING_ALREADY_USED ? res->ticket.number : "");
	struct queue_ticket t = res->ticket;
	struct booking_token b = res->booking;
	int ok = res->code == K_OK && res->reason == BOOKING_OK;
	deliver(w, res);
	if (ok && worker_prints(w))
		do_print(w, &t, &b, j->asked);
out:
	sodium_memzero(j->payload, sizeof(j->payload));
}

/*
 * A dossier look-up: only the station server holds the list.  The code is
 * wiped once asked and never logged; the outcome alone is.
 */
static void do_lookup(struct worker *w, struct job *j)
{
	struct worker_result *res = result(WORKER_LOOKUP, K_ERR_DISABLED);
	if (res && w->ks) /* a kiosk without a station server has no list to ask */
		res->code = ksync_dossier_lookup(w->ks, j->payload, 0, &res->dossier);
	sodium_memzero(j->payload, sizeof(j->payload));
	if (!res)
		return;
	res->tag = j->tag;
	klog(KLOG_INFO, "lookup: %s", res->code == K_OK ? res->dossier.status :
	     kerr_name(res->code));
	deliver(w, res);
}

#define REPORT_EVERY_MS 60000 /* the server counts a kiosk silent for 150 s as away */

/* The printer's state as the server's supervisor view names it (a network
 * printer that refuses the connection is offline, a USB one gone unplugged). */
static const char *printer_state(int code, const struct printer_status *st, const char *transport)
{
	switch (code) {
	case K_OK:
		return st->paper == PAPER_NEAR_END ? "paper_low" : "ok";
	case K_ERR_PAPER_OUT:
		return "paper_out";
	case K_ERR_COVER_OPEN:
		return "cover_open";
	case K_ERR_NODEV:
		return strcmp(transport, "tcp") ? "unplugged" : "offline";
	case K_ERR_OFFLINE:
	case K_ERR_TIMEOUT:
	case K_ERR_IO:
		return "offline";
	case K_ERR_DISABLED_DEV:
		return "none";
	default:
		return "error";
	}
}

/* Tell the station server when the printer's or the scanner's state
 * changes, and every minute. */
static void report_device(struct worker *w, int code, const struct printer_status *st,
			  const char *scanner)
{
	const char *state = printer_state(code, st, printer_transport(w->printer));
	Uint64 now = SDL_GetTicks64();
	char detail[64];

	if (!w->ks || (!strcmp(state, w->reported) && !strcmp(scanner, w->reported_scanner) &&
		       now - w->reported_at < REPORT_EVERY_MS))
		return;
	printer_status_text(st, detail, sizeof(detail));
	if (ksync_report_device(w->ks, state, code == K_ERR_DISABLED_DEV ? "" : detail,
				scanner) == K_OK) {
		snprintf(w->reported, sizeof(w->reported), "%s", state);
		snprintf(w->reported_scanner, sizeof(w->reported_scanner), "%s", scanner);
		w->reported_at = now;
	}
}

static void do_refresh(struct worker *w)
{
	struct worker_result *res = result(WORKER_STATUS, K_OK);
	if (!res)
		return;
	res->online = 1;
	kthread_lock(w->thread);
	int idle = kring_count(&w->ring) == 0; /* the daily maintenance never makes a citizen wait */
	kthread_unlock(w->thread);
	res->issue_code = upkeep_tick(&w->upkeep, w->cfg, w->clock, w->q, w->ks, idle);
	res->queue_code = w->ks ? ksync_status(w->ks, &res->queue, &res->online) :
			  w->q ? queue_status(w->q, &res->queue) : K_ERR_DB;
	if (w->ks) {
		struct ksync_report rep;
		if (ksync_report(w->ks, &rep) == K_OK)
			res->unsent = rep.pending;
	}
	res->printer_code = printer_query(w->printer, &res->printer);
	if (res->printer_code == K_OK)
		res->printer_code = printer_status_error(&res->printer);
	kthread_lock(w->thread);
	const char *scanner = scan_reader_state(w->scanner); /* a constant string */
	kthread_unlock(w->thread);
	if (res->online) /* away: no report to wait for */
		report_device(w, res->printer_code, &res->printer, scanner);
	deliver(w, res);
}

static const char *const job_names[] = {
	[JOB_ISSUE] = "issuing a ticket", [JOB_REPRINT] = "printing a slip again",
	[JOB_REFRESH] = "reading the queue and printer state", [JOB_NOTE] = "noting an event",
	[JOB_CHECKIN] = "checking a booking in", [JOB_LOOKUP] = "looking a dossier up",
};

static void run(struct kthread *t, void *arg)
{
	struct worker *w = arg;
	struct job j;

	while (kring_get(t, &w->ring, &j)) { /* its slot wiped: a scan is not kept */
		/* a job through the station server may wait out a few of its timeouts */
		kthread_busy(t, job_names[j.kind], w->ks ? 3000 * w->cfg->sync.timeout : 0);
		if (j.kind == JOB_ISSUE)
			do_issue(w, &j);
		else if (j.kind == JOB_REPRINT)
			do_print(w, &j.ticket, NULL, 0);
		else if (j.kind == JOB_CHECKIN)
			do_checkin(w, &j);
		else if (j.kind == JOB_LOOKUP)
			do_lookup(w, &j);
		else if (j.kind == JOB_NOTE && w->q)
			queue_log_event(w->q, j.source, j.note, "");
		else if (j.kind == JOB_REFRESH)
			do_refresh(w);
		kthread_idle(t);
	}
}

int worker_start(struct worker **out, const struct kconf *cfg, const struct kclock *clock,
		 struct queue *q, struct ksync *ks, const char *uri, struct i18n *const text[2],
		 Uint32 event_type)
{
	struct worker *w = calloc(1, sizeof(*w));
	int r;

	*out = NULL;
	if (!w)
		return K_ERR_NOMEM;
	w->cfg = cfg;
	w->clock = clock;
	w->q = q;
	w->ks = ks;
	upkeep_init(&w->upkeep, cfg, q ? queue_path(q) : ks ? cfg->sync.outbox : cfg->queue.database,
		    q, ks);
	w->text[0] = text[0];
	w->text[1] = text[1];
	w->event_type = event_type;
	w->bench = getenv("KIOSK_BENCH") != NULL;
	r = printer_open(&w->printer, uri, cfg);
	if (r == K_OK)
		r = slip_renderer_open(&w->renderer, cfg);
	w->ring = (struct kring)KRING_OF(w->jobs);
	if (r == K_OK)
		r = kthread_start(&w->thread, "worker", KTHREAD_TICK_MS, run, w);
	if (r < 0) {
		worker_stop(w);
		return r;
	}
	*out = w;
	return K_OK;
}

void worker_stop(struct worker *w)
{
	if (!w)
		return;
	if (w->thread) {
		kthread_stop(w->thread);
		/* results nobody will read: free them with their events */
		SDL_Event ev[16];
		int n;
		while ((n = SDL_PeepEvents(ev, 16, SDL_GETEVENT, w->event_type, w->event_type)) > 0)
			for (int i = 0; i < n; i++)
				free(ev[i].user.data1);
	}
	slip_renderer_close(w->renderer);
	printer_close(w->printer);
	free(w);
}

/* One refresh waiting is enough. */
static int same_refresh(const void *waiting, const void *item)
{
	return ((const struct job *)waiting)->kind == JOB_REFRESH &&
	       ((const struct job *)item)->kind == JOB_REFRESH;
}

static int submit(struct worker *w, struct job *j)
{
	j->asked = SDL_GetPerformanceCounter();
	return kring_put(w->thread, &w->ring, j, same_refresh);
}

int worker_issue(struct worker *w, const char *service, int priority)
{
	struct job j = { .kind = JOB_ISSUE, .priority = priority };
	snprintf(j.service, sizeof(j.service), "%s", service);
	return submit(w, &j);
}

int worker_reprint(struct worker *w, const struct queue_ticket *t)
{
	struct job j = { .kind = JOB_REPRINT, .ticket = *t };
	return submit(w, &j);
}

int worker_checkin(struct worker *w, const char *payload, size_t len)
{
	struct job j = { .kind = JOB_CHECKIN };
	if (len > BOOKING_MAX_PAYLOAD)
		len = BOOKING_MAX_PAYLOAD + 1; /* too long: refused as MALFORMED, not cut to fit */
	memcpy(j.payload, payload, len < sizeof(j.payload) ? len : sizeof(j.payload));
	j.len = len < sizeof(j.payload) ? len : sizeof(j.payload);
	int r = submit(w, &j);
	sodium_memzero(j.payload, sizeof(j.payload));
	return r;
}

int worker_checkin_code(struct worker *w, const char *code)
{
	struct job j = { .kind = JOB_CHECKIN, .typed = 1 };
	snprintf(j.payload, sizeof(j.payload), "%.20s", code);
	j.len = strlen(j.payload);
	return submit(w, &j);
}

int worker_lookup(struct worker *w, const char *code, size_t len, Uint32 tag)
{
	struct job j = { .kind = JOB_LOOKUP, .tag = tag };
	if (len >= sizeof(j.payload))
		len = sizeof(j.payload) - 1; /* far too long for a code: refused there */
	memcpy(j.payload, code, len);
	int r = submit(w, &j);
	sodium_memzero(j.payload, sizeof(j.payload));
	return r;
}

void worker_set_scanner(struct worker *w, struct scan_reader *r)
{
	if (!w)
		return;
	kthread_lock(w->thread);
	w->scanner = r;
	kthread_unlock(w->thread);
}

int worker_refresh(struct worker *w)
{
	struct job j = { .kind = JOB_REFRESH };
	return submit(w, &j);
}

int worker_note(struct worker *w, const char *source, const char *kind)
{
	struct job j = { .kind = JOB_NOTE };
	snprintf(j.source, sizeof(j.source), "%s", source);
	snprintf(j.note, sizeof(j.note), "%s", kind);
	return submit(w, &j);
}

int worker_prints(const struct worker *w)
{
	return w && strcmp(printer_transport(w->printer), "none") != 0;
}
