/*
 * demo.c - a demo day (docs/reports.md, "Demo day"): N citizens come to the
 * lobby on one date and the station's counters serve them, every action
 * through the queue engine (core/queue.h) at the simulated time of a clock
 * this file sets.
 *
 * A discrete-event simulation: events (a citizen arrives, a counter is free,
 * a called citizen reaches the counter or does not, a service ends, the
 * kiosk's printer) sit in a min-heap by time, ties by the order they were
 * made; the clock is moved to each event's time and the engine is called.
 * Random draws come from xoshiro256** seeded by splitmix64 and integer
 * arithmetic only (no floating point, no libm), events are made in a fixed
 * order and nothing reads the system clock: the same seed and kiosk.conf
 * give the same tables, byte for byte.
 *
 * Who comes: each citizen asks for one open service (weighted, below), at a
 * time drawn from that service's hours of the day: a peak early in each
 * range, the morning's larger.  Some come before opening (refused, most come
 * back at opening), at lunch (half come back), after closing (refused for
 * good); a cap refuses for good.  A tenth book a slot of a bookable service
 * and check in early, on time or late; a few get a staff ticket (exempt from
 * hours); a tenth of walk-ins are priority.  Counters work their services'
 * hours (the morning's queue up to GRACE_S past its closing), each by a
 * staff account; a called citizen walks up (a slow one is recalled), or has
 * stepped out or given up waiting (recalled or not, then no-show: requeued
 * once by [queue] noshow = requeue, and some come back); service times are
 * lognormal around the service's avg_minutes; a few are transferred.  A
 * third of those served rate it at the counter, a tenth of the others later
 * by phone, worse after a longer wait, from a random stream of their own so
 * that the day is the one it was without them.
 */
#include "demo.h"
#include "demo_events.h"
#include "demo_rng.h"
#include "hours.h"
#include "kclock.h"
#include "kconf.h"
#include "kdb.h"
#include "kerr.h"
#include "queue.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEMO_MAX_TICKETS 20000
#define GRACE_S (30 * 60)   /* the morning's queue is served this long past its closing */
#define END_S (20 * 60)     /* the play stops this long after the day's last closing */
#define KIOSK_NAME "kiosk-1"
#define MAX_SHIFTS (KCONF_MAX_RANGES * 2)

/* How often a service is asked for, by the shipped kiosk.conf's codes (a
 * ward's lobby: renewals first); any other service weighs DEFAULT_WEIGHT. */
static const struct {
	const char *code;
	int weight;
} weights[] = {
	{ "CAPDOI", 34 }, { "TRATHE", 18 }, { "CAPMOI", 12 }, { "VNEID2", 10 },
	{ "CAPLAI", 8 },  { "DCHINH", 6 },  { "TICHHOP", 5 }, { "XACNHAN", 5 },
};
#define DEFAULT_WEIGHT 4

/* Staff accounts, one per counter in kiosk.conf's order; the first counter
 * changes hands at its second shift. */
static const char *const staff_names[] = { "lan", "minh", "hoa", "tuan", "mai", "hung",
					   "thu", "nam", "linh", "duc" };
#define RELIEF "binh"

/* ---- the day ---- */

enum ev_kind { EV_ARRIVE, EV_FREE, EV_RECALL, EV_START, EV_NOSHOW, EV_DONE, EV_PRINTER, EV_RATE };

enum how { HOW_WALKIN, HOW_EARLY, HOW_LUNCH, HOW_LATE, HOW_STAFF, HOW_BOOKING };

struct citizen {
	int64_t at;           /* when it comes (again) to the kiosk */
	int64_t slot;         /* a booking's */
	int64_t issued_at;
	int64_t gives_up;     /* waiting longer, it has left when called */
	int svc;              /* cfg index: asked for, then the ticket's service */
	int how;              /* enum how */
	int priority;
	int booking;          /* DEMO-<booking> */
	int tries, calls, transferred, left;
	char number[12];      /* its ticket's */
	int64_t wait_from;    /* issued, or its service's opening if later */
	int64_t first_call;
	int served_at;        /* the counter that finished it */
	int by_phone;         /* rates on its ticket's phone page, not at the counter */
};

enum cstate { C_OFF, C_IDLE, C_BUSY, C_FREE };

struct counter {
	int id, k;
	unsigned services;    /* what it serves, of those open today */
	int nshifts;
	struct {
		int64_t from, to;
	} shift[MAX_SHIFTS];  /* the union of its services' hours */
	int state;            /* enum cstate */
	int cur;              /* the citizen called, -1 = none */
	int pending;          /* served, to be finished by the next call */
};

struct sim {
	const struct kconf *cfg;
	struct queue *q;
	struct kclock clock;
	int64_t now, midnight, stop;
	struct rng rng;
	struct rng rate_rng;  /* the ratings' own draws: the day is the same with them */
	struct heap h;
	unsigned open;        /* services open today (bit i = cfg services[i]) */
	const struct kconf_range *hours[KCONF_MAX_SERVICES];
	int nhours[KCONF_MAX_SERVICES];
	int weight[KCONF_MAX_SERVICES];
	struct citizen *cit;
	int ncit;
	struct {
		int64_t ticket;
		int cit;
	} *issued;            /* by ticket id (issued in increasing order) */
	int nissued;
	struct counter c[KCONF_MAX_COUNTERS];
	int nc;
	int refused, refusals;
	int rated[2];         /* ratings at a counter, by phone */
	const char *what;     /* the engine call that failed */
};

static int64_t sim_now(void *ctx)
{
	return ((const struct sim *)ctx)->now;
}

static int64_t at_min(const struct sim *s, int minute)
{
	return s->midnight + minute * 60LL;
}

static int weight_of(const char *code)
{
	for (size_t i = 0; i < sizeof(weights) / sizeof(weights[0]); i++)
		if (!strcmp(weights[i].code, code))
			return weights[i].weight;
	return DEFAULT_WEIGHT;
}

/* A service of mask (non-empty), by weight; -1 if none. */
static int pick_service(struct sim *s, unsigned mask, int except)
{
	int total = 0, i;
	for (i = 0; i < s->cfg->nservices; i++)
		if ((mask & (1u << i)) && i != except)
			total += s->weight[i];
	if (!total)
		return -1;
	int64_t w = rng_below(&s->rng, total);
	for (i = 0; i < s->cfg->nservices; i++) {
		if (!(mask & (1u << i)) || i == except)
			continue;
		if (w < s->weight[i])
			return i;
		w -= s->weight[i];
	}
	return -1;
}

/* A time within service si's hours: a range by its length (the first counts
 * half again: the morning peak is the larger), then its peak, or (a quarter)
 * any time of it. */
static int64_t in_hours(struct sim *s, int si)
{
	const struct kconf_range *r = s->hours[si];
	int n = s->nhours[si], total = 0, i;
	for (i = 0; i < n; i++)
		total += (r[i].to - r[i].from) * (i ? 2 : 3);
	int64_t w = rng_below(&s->rng, total);
	for (i = 0; i < n - 1; i++) {
		int wi = (r[i].to - r[i].from) * (i ? 2 : 3);
		if (w < wi)
			break;
		w -= wi;
	}
	int64_t len = (r[i].to - r[i].from) * 60LL;
	return at_min(s, r[i].from) + (rng_chance(&s->rng, 750) ? rng_peak(&s->rng, len) :
							     rng_below(&s->rng, len));
}

/* ---- who comes, and when ---- */

struct slot {
	int svc;
	int64_t start;
	int left;
};

/* The bookings: a tenth of the citizens (as the bookable services' slots
 * have room), each in a slot with room, checked in a quarter early, most
 * within the slot, some late (within [booking] late). */
static int make_bookings(struct sim *s, int want)
{
	const struct kconf *cfg = s->cfg;
	struct slot *slots = NULL;
	int nslots = 0, places = 0, made = 0;

	for (int si = 0; si < cfg->nservices; si++) {
		const struct kconf_service *sv = &cfg->services[si];
		if (!(s->open & (1u << si)) || sv->slot_minutes <= 0 || sv->slot_capacity <= 0)
			continue;
		for (int i = 0; i < s->nhours[si]; i++)
			for (int m = s->hours[si][i].from; m + sv->slot_minutes <= s->hours[si][i].to;
			     m += sv->slot_minutes) {
				struct slot *v = realloc(slots, (nslots + 1) * sizeof(*v));
				if (!v) {
					free(slots);
					return K_ERR_NOMEM;
				}
				slots = v;
				slots[nslots++] = (struct slot){ si, at_min(s, m), sv->slot_capacity };
				places += sv->slot_capacity;
			}
	}
	for (; made < want && places > 0; made++) {
		int64_t p = rng_below(&s->rng, places);
		int i = 0;
		while (p >= slots[i].left)
			p -= slots[i++].left;
		slots[i].left--;
		places--;
		const struct kconf_service *sv = &cfg->services[slots[i].svc];
		struct citizen *c = &s->cit[s->ncit++];
		int64_t len = sv->slot_minutes * 60LL, roll = rng_below(&s->rng, 100);
		c->svc = slots[i].svc;
		c->how = HOW_BOOKING;
		c->priority = cfg->booking.priority;
		c->booking = made + 1;
		c->slot = slots[i].start;
		c->at = roll < 25 ? c->slot - rng_between(&s->rng, 60, cfg->booking.early * 60LL + 60) :
			roll < 88 ? c->slot + rng_below(&s->rng, len) :
				    c->slot + len + rng_below(&s->rng, cfg->booking.late * 60LL + 1);
	}
	free(slots);
	return made;
}

static void make_walkin(struct sim *s, struct citizen *c)
{
	int si = pick_service(s, s->open, -1);
	const struct kconf_range *r = s->hours[si];
	int n = s->nhours[si], roll = (int)rng_below(&s->rng, 1000);

	c->svc = si;
	c->priority = rng_chance(&s->rng, 100);
	if (r[0].from < 30 && roll >= 20 && roll < 60)
		roll = 1000; /* open from midnight: nobody is there before */
	if (r[n - 1].to > 23 * 60 + 30 && roll >= 70 && roll < 85)
		roll = 1000; /* open till midnight: nobody comes after */
	if (roll < 20) {          /* 2 %: a number from the staff, a fifth before opening */
		c->how = HOW_STAFF;
		c->priority = rng_chance(&s->rng, 500);
		c->at = r[0].from >= 30 && rng_chance(&s->rng, 200) ?
			at_min(s, r[0].from) - rng_between(&s->rng, 60, 900) :
					       in_hours(s, si);
	} else if (roll < 60) {   /* 4 %: at the door before opening */
		c->how = HOW_EARLY;
		c->at = at_min(s, r[0].from) - rng_between(&s->rng, 300, 1500);
	} else if (roll < 70 && n > 1) { /* 1 %: in the lunch break */
		c->how = HOW_LUNCH;
		c->at = at_min(s, r[0].to) + rng_below(&s->rng, 1800);
	} else if (roll < 85) {   /* 1.5 %: after closing */
		c->how = HOW_LATE;
		c->at = at_min(s, r[n - 1].to) + rng_below(&s->rng, 1200);
	} else {
		c->how = HOW_WALKIN;
		c->at = in_hours(s, si);
	}
}

/* ---- the counters ---- */

static int on_shift(const struct sim *s, const struct counter *c)
{
	for (int i = 0; i < c->nshifts; i++)
		if (s->now >= c->shift[i].from &&
		    s->now < c->shift[i].to + (i < c->nshifts - 1 ? GRACE_S : 0))
			return 1;
	return 0;
}

/* Its services' ranges of the day, merged. */
static void make_shifts(struct sim *s, struct counter *c)
{
	c->nshifts = 0;
	for (int si = 0; si < s->cfg->nservices; si++) {
		if (!(c->services & (1u << si)))
			continue;
		for (int i = 0; i < s->nhours[si]; i++) {
			int64_t from = at_min(s, s->hours[si][i].from), to = at_min(s, s->hours[si][i].to);
			int j = 0;
			while (j < c->nshifts && c->shift[j].to < from)
				j++;
			if (j < c->nshifts && c->shift[j].from <= to) { /* overlaps: widen, merge on */
				if (from < c->shift[j].from)
					c->shift[j].from = from;
				if (to > c->shift[j].to)
					c->shift[j].to = to;
				while (j + 1 < c->nshifts && c->shift[j + 1].from <= c->shift[j].to) {
					if (c->shift[j + 1].to > c->shift[j].to)
						c->shift[j].to = c->shift[j + 1].to;
					memmove(&c->shift[j + 1], &c->shift[j + 2],
						(c->nshifts - j - 2) * sizeof(c->shift[0]));
					c->nshifts--;
				}
			} else if (c->nshifts < MAX_SHIFTS) {
				memmove(&c->shift[j + 1], &c->shift[j],
					(c->nshifts - j) * sizeof(c->shift[0]));
				c->shift[j].from = from;
				c->shift[j].to = to;
				c->nshifts++;
			}
		}
	}
}

static const char *staff_at(const struct sim *s, const struct counter *c)
{
	if (c->k == 0 && c->nshifts > 1 && s->now >= c->shift[1].from)
		return RELIEF;
	return staff_names[c->k % (int)(sizeof(staff_names) / sizeof(staff_names[0]))];
}

/* Every counter action is made by the account at the counter. */
static int staffed(struct sim *s, struct counter *c, const char *what)
{
	s->what = what;
	int r = queue_counter_staff(s->q, c->id, staff_at(s, c));
	if (r < 0)
		s->what = "queue_counter_staff";
	return r;
}

/* A ticket waits in service si: idle counters on shift that serve it call. */
static int wake(struct sim *s, int si)
{
	int r = K_OK;
	for (int i = 0; i < s->nc && r == K_OK; i++) {
		struct counter *c = &s->c[i];
		if (c->state == C_IDLE && (c->services & (1u << si)) && on_shift(s, c)) {
			c->state = C_FREE;
			r = heap_push(&s->h, s->now + rng_between(&s->rng, 5, 40), EV_FREE, i);
		}
	}
	return r;
}

static int find_citizen(const struct sim *s, int64_t ticket)
{
	int lo = 0, hi = s->nissued;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (s->issued[mid].ticket < ticket)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < s->nissued && s->issued[lo].ticket == ticket ? s->issued[lo].cit : -1;
}

/* ---- what happens ---- */

static int arrive(struct sim *s, int ci)
{
	struct citizen *c = &s->cit[ci];
	const char *code = s->cfg->services[c->svc].code;
	char booking[21];
	struct queue_issue_opts o = { .priority = c->priority, .source = QUEUE_WALKIN };
	struct queue_ticket t;

	if (c->how == HOW_STAFF)
		o.source = QUEUE_STAFF;
	if (c->how == HOW_BOOKING) {
		snprintf(booking, sizeof(booking), "DEMO-%04d", c->booking);
		o.source = QUEUE_BOOKING;
		o.booking_id = booking;
		o.booked_slot = c->slot;
		o.booked_end = c->slot + s->cfg->services[c->svc].slot_minutes * 60LL;
	}
	s->what = "queue_issue_with";
	int r = queue_issue_with(s->q, code, &o, &t);
	if (r == K_OK) {
		s->issued[s->nissued].ticket = t.id;
		s->issued[s->nissued++].cit = ci;
		c->issued_at = s->now;
		snprintf(c->number, sizeof(c->number), "%s", t.number);
		int64_t open = hours_first_opening(s->cfg, &s->cfg->services[c->svc], s->now);
		c->wait_from = open > s->now ? open : s->now;
		c->gives_up = s->now + rng_lognormal(&s->rng, (c->how == HOW_WALKIN ? 240 : 300) * 60LL);
		return wake(s, c->svc);
	}
	if (r != K_ERR_CLOSED && r != K_ERR_CAP && r != K_ERR_DISABLED)
		return r;
	s->what = "queue_note_refusal";
	s->refusals++;
	r = queue_note_refusal(s->q, code, r);
	int64_t back = hours_next_opening(s->cfg, &s->cfg->services[c->svc], s->now);
	int comes_back = c->tries++ == 0 && back > s->now && back < s->stop &&
			 ((c->how == HOW_EARLY && rng_chance(&s->rng, 800)) ||
			  (c->how == HOW_LUNCH && rng_chance(&s->rng, 500)));
	if (!comes_back) {
		s->refused++;
		return r;
	}
	c->at = back + rng_below(&s->rng, 600);
	return r < 0 ? r : heap_push(&s->h, c->at, EV_ARRIVE, ci);
}

/* ---- the ratings (docs/rating.md) ---- */

/* Citizen ci was just served at counter c: it rates at the counter (35 %,
 * within [rating] seconds), or later on its ticket's phone page (a tenth
 * of the others, before the day ends); the draws are the ratings' own. */
static int plan_rating(struct sim *s, const struct counter *c, int ci)
{
	struct citizen *z = &s->cit[ci];
	int64_t window = s->cfg->rating.seconds - 2;

	z->served_at = c->id;
	if (rng_chance(&s->rate_rng, 350))
		return heap_push(&s->h, s->now + rng_between(&s->rate_rng, 3, window < 25 ? window : 25),
				 EV_RATE, ci);
	if (!rng_chance(&s->rate_rng, 100))
		return K_OK;
	z->by_phone = 1;
	return heap_push(&s->h, s->now + rng_between(&s->rate_rng, 120, 7200), EV_RATE, ci);
}

/*
 * How satisfied: a citizen who waited longer is less so.  Per mille, the
 * worst level 4 % up to 10 minutes' wait, then 1.2 % more a minute up to
 * 45 %; the best 62 % less 0.8 % a minute, down to 25 %; the levels between
 * share the rest (two levels: the best has it).  From ask_reason on, three
 * in five say why: after 20 minutes' wait mostly the first reason ("Chờ
 * lâu" as shipped).
 */
static int rate(struct sim *s, int ci)
{
	const struct kconf *cfg = s->cfg;
	struct citizen *z = &s->cit[ci];
	struct rng *g = &s->rate_rng;
	int64_t w = (z->first_call - z->wait_from) / 60;
	int n = cfg->rating.levels_vi.n, nreasons = cfg->rating.reasons_vi.n, level, reason = 0;
	int64_t worst = 40 + 12 * (w > 10 ? w - 10 : 0), best = 620 - 8 * w;
	int64_t x = rng_below(g, 1000);

	worst = worst > 450 ? 450 : worst;
	best = best < 250 ? 250 : best;
	if (x < worst)
		level = n;
	else if (x < worst + best || n == 2)
		level = 1;
	else
		level = 2 + (int)rng_below(g, n - 2);
	if (level >= cfg->rating.ask_reason && nreasons > 0 && rng_chance(g, 600))
		reason = w >= 20 && rng_chance(g, 600) ? 1 : (int)rng_between(g, 1, nreasons);
	s->what = "queue_rate";
	int r = queue_rate(s->q, z->served_at, z->number, level, reason,
			   z->by_phone ? QUEUE_RATE_PHONE : QUEUE_RATE_COUNTER);
	if (r == K_OK)
		s->rated[z->by_phone]++;
	return r;
}

static int counter_free(struct sim *s, int k)
{
	struct counter *c = &s->c[k];
	struct queue_ticket t;
	int r;

	if (c->state == C_BUSY)
		return K_OK; /* a call made already (a shift's start and a wake-up at once) */
	int finished = c->pending ? c->cur : -1;
	c->pending = 0;
	if (!on_shift(s, c)) {
		c->state = C_OFF;
		r = K_OK;
		if (finished >= 0 && (r = staffed(s, c, "queue_finish")) == K_OK &&
		    (r = queue_finish(s->q, c->id, &t)) == K_OK)
			r = plan_rating(s, c, finished);
		return r;
	}
	r = staffed(s, c, "queue_call_next");
	if (r == K_OK)
		r = queue_call_next(s->q, c->id, &t);
	if ((r == K_OK || r == K_ERR_EMPTY) && finished >= 0) { /* finished by the call */
		int e = plan_rating(s, c, finished);
		if (e < 0)
			return e;
	}
	if (r == K_ERR_EMPTY) {
		c->state = C_IDLE;
		return K_OK;
	}
	if (r < 0)
		return r;
	c->cur = find_citizen(s, t.id);
	if (c->cur < 0) {
		s->what = "a ticket the demo did not issue was called";
		return K_ERR_STATE;
	}
	c->state = C_BUSY;
	struct citizen *ci = &s->cit[c->cur];
	if (!ci->first_call)
		ci->first_call = s->now;
	if (s->now > ci->gives_up)
		ci->left = 1; /* waited too long and went home */
	int here = !ci->left && (ci->calls++ == 0 ? !rng_chance(&s->rng, 40) : rng_chance(&s->rng, 650));
	if (!here) { /* stepped out, or gone: perhaps recalled, then a no-show */
		if (rng_chance(&s->rng, 500) &&
		    (r = heap_push(&s->h, s->now + rng_between(&s->rng, 45, 90), EV_RECALL, k)) < 0)
			return r;
		return heap_push(&s->h, s->now + rng_between(&s->rng, 150, 240), EV_NOSHOW, k);
	}
	if (rng_chance(&s->rng, 30)) { /* slow to come: recalled after a minute */
		r = heap_push(&s->h, s->now + 60, EV_RECALL, k);
		return r < 0 ? r : heap_push(&s->h, s->now + rng_between(&s->rng, 70, 200), EV_START, k);
	}
	return heap_push(&s->h, s->now + rng_between(&s->rng, 10, 60), EV_START, k);
}

static int counter_event(struct sim *s, int kind, int k)
{
	struct counter *c = &s->c[k];
	struct citizen *ci = &s->cit[c->cur];
	struct queue_ticket t;
	int r;

	switch (kind) {
	case EV_RECALL:
		r = staffed(s, c, "queue_recall");
		return r < 0 ? r : queue_recall(s->q, c->id, &t);
	case EV_START:
		if (rng_chance(&s->rng, 900) && ((r = staffed(s, c, "queue_start")) < 0 ||
					     (r = queue_start(s->q, c->id, &t)) < 0))
			return r;
		return heap_push(&s->h, s->now + 60 + rng_lognormal(&s->rng,
			s->cfg->services[ci->svc].avg_minutes * 60LL - 60), EV_DONE, k);
	case EV_NOSHOW:
		if ((r = staffed(s, c, "queue_noshow")) < 0 ||
		    (r = queue_noshow(s->q, c->id, &t)) < 0)
			return r;
		c->state = C_FREE;
		if (t.state == QUEUE_WAITING && (r = wake(s, ci->svc)) < 0) /* requeued */
			return r;
		return heap_push(&s->h, s->now + rng_between(&s->rng, 5, 20), EV_FREE, k);
	case EV_DONE: {
		int to = ci->transferred || !rng_chance(&s->rng, 30) ? -1 :
			 pick_service(s, s->open, ci->svc);
		c->state = C_FREE;
		if (to >= 0) { /* the citizen needs another service first */
			if ((r = staffed(s, c, "queue_transfer")) < 0 ||
			    (r = queue_transfer(s->q, c->id, s->cfg->services[to].code, &t)) < 0)
				return r;
			ci->svc = to;
			ci->transferred = 1;
			ci->gives_up = s->now + rng_lognormal(&s->rng, 120 * 60LL);
			if ((r = wake(s, to)) < 0)
				return r;
		} else if (rng_chance(&s->rng, 550)) {
			if ((r = staffed(s, c, "queue_finish")) < 0 ||
			    (r = queue_finish(s->q, c->id, &t)) < 0 || (r = plan_rating(s, c, c->cur)) < 0)
				return r;
		} else {
			c->pending = 1; /* staff press call next at once */
			return heap_push(&s->h, s->now + rng_between(&s->rng, 3, 20), EV_FREE, k);
		}
		return heap_push(&s->h, s->now + rng_between(&s->rng, 10, 60), EV_FREE, k);
	}
	}
	return K_ERR_INVALID;
}

static int printer(struct sim *s, int fault)
{
	struct queue_device d;
	memset(&d, 0, sizeof(d));
	snprintf(d.name, sizeof(d.name), KIOSK_NAME);
	snprintf(d.printer, sizeof(d.printer), fault ? "paper_out" : "ok");
	snprintf(d.scanner, sizeof(d.scanner), "ok");
	s->what = "queue_device_report";
	return queue_device_report(s->q, &d);
}

/* The printer's day: reported at the first opening, out of paper in the
 * morning peak for 4-12 minutes, and half the days again in the afternoon. */
static int plan_printer(struct sim *s, int64_t first, int64_t last)
{
	int64_t t = first + rng_between(&s->rng, 3600, 9000);
	int r = heap_push(&s->h, first - 600 > s->midnight ? first - 600 : s->midnight, EV_PRINTER, 0);
	if (r == K_OK)
		r = heap_push(&s->h, t, EV_PRINTER, 1);
	if (r == K_OK)
		r = heap_push(&s->h, t + rng_between(&s->rng, 240, 720), EV_PRINTER, 0);
	if (r == K_OK && last - first > 6 * 3600 && rng_chance(&s->rng, 500)) {
		t = last - rng_between(&s->rng, 3600, 9000);
		r = heap_push(&s->h, t, EV_PRINTER, 1);
		if (r == K_OK)
			r = heap_push(&s->h, t + rng_between(&s->rng, 240, 720), EV_PRINTER, 0);
	}
	return r;
}

/* ---- setting up, playing, counting ---- */

static int setup(struct sim *s, int n)
{
	const struct kconf *cfg = s->cfg;
	int64_t first = 0, last = 0;
	int r;

	for (int i = 0; i < cfg->ncounters; i++) {
		struct counter *c = &s->c[s->nc];
		unsigned services = 0;
		if ((r = queue_counter_services(s->q, cfg->counters[i].id, &services)) < 0) {
			s->what = "queue_counter_services";
			return r;
		}
		memset(c, 0, sizeof(*c));
		c->id = cfg->counters[i].id;
		c->k = s->nc;
		c->cur = -1;
		c->services = services & s->open;
		make_shifts(s, c);
		if (!c->nshifts)
			continue;
		for (int j = 0; j < c->nshifts; j++) /* staff sit down in the first minutes */
			if ((r = heap_push(&s->h, c->shift[j].from + rng_below(&s->rng, 180), EV_FREE,
					   s->nc)) < 0)
				return r;
		if (!first || c->shift[0].from < first)
			first = c->shift[0].from;
		if (c->shift[c->nshifts - 1].to > last)
			last = c->shift[c->nshifts - 1].to;
		s->nc++;
	}
	s->stop = last + END_S;
	r = make_bookings(s, n / 10);
	if (r < 0)
		return r;
	while (s->ncit < n)
		make_walkin(s, &s->cit[s->ncit++]);
	for (int i = 0; i < s->ncit && r >= 0; i++)
		r = heap_push(&s->h, s->cit[i].at, EV_ARRIVE, i);
	return r < 0 ? r : plan_printer(s, first, last);
}

static int play(struct sim *s)
{
	int r = K_OK;
	while (r == K_OK && s->h.n) {
		struct ev e = heap_pop(&s->h);
		if (e.at > s->stop)
			break; /* the day is over: what is under way stays unfinished */
		s->now = e.at;
		r = e.kind == EV_ARRIVE  ? arrive(s, e.who) :
		    e.kind == EV_FREE    ? counter_free(s, e.who) :
		    e.kind == EV_PRINTER ? printer(s, e.who) :
		    e.kind == EV_RATE    ? rate(s, e.who) :
					   counter_event(s, e.kind, e.who);
	}
	return r;
}

struct tally {
	int issued, served, noshow, waiting, unfinished;
};

static void count(const struct queue_ticket *t, void *ctx)
{
	struct tally *n = ctx;
	n->issued++;
	n->served += t->state == QUEUE_DONE;
	n->noshow += t->state == QUEUE_NOSHOW;
	n->waiting += t->state == QUEUE_WAITING;
	n->unfinished += t->state == QUEUE_CALLED || t->state == QUEUE_SERVING;
}

/* ---- the command ---- */

static int usage(FILE *f)
{
	fprintf(f,
		"usage: station-server [--config FILE] [--db FILE] demo --date YYYY-MM-DD "
		"--tickets N [--seed S]\n"
		"Plays a day of the lobby through the queue engine with a simulated clock, into the\n"
		"station database: N citizens (1..20000) come for the services open that day, the\n"
		"counters serve them, and the same seed (default 1) and kiosk.conf give the same\n"
		"tables.  The date is today or before it (from 2024-01-02), a day some service opens;\n"
		"the database must have no tickets on or after it.  Prints one line:\n"
		"  tickets issued = N - refused (citizens refused for good: after closing, by a cap,\n"
		"                   before opening or at lunch and not come back);\n"
		"  issued = served + no-shows + waiting at close + unfinished (called or being\n"
		"           served when the day stopped);\n"
		"  refusals = every refused try (the refusals table), comebacks included;\n"
		"  rated = the served citizens who rated (the ratings table): about a third at\n"
		"          the counter, a tenth of the others later by phone.\n");
	return 2;
}

/* "YYYY-MM-DD" as the local midnight; -1 if it is not one. */
static int64_t parse_date(const char *text)
{
	char iso[20];
	int64_t t;
	if (strlen(text) != 10 || strspn(text, "0123456789-") != 10 || text[4] != '-' ||
	    text[7] != '-')
		return -1;
	snprintf(iso, sizeof(iso), "%sT00:00", text);
	return kclock_parse_local(iso, &t) == K_OK ? t : -1;
}

static int parse_uint(const char *text, uint64_t max, uint64_t *out)
{
	if (!text[0] || strspn(text, "0123456789") != strlen(text) || strlen(text) > 20)
		return -1;
	errno = 0;
	*out = strtoull(text, NULL, 10);
	return errno == 0 && *out <= max ? 0 : -1;
}

/* Tickets of day or later in db (read apart from the engine, which has no such count). */
static int tickets_from(const char *db, int64_t day, int64_t *n)
{
	struct kdb k;
	sqlite3_stmt *st;
	int r = kdb_open(&k, db, SQLITE_OPEN_READONLY, "demo");
	if (r < 0)
		return r;
	r = kdb_prepare_bind(&k, &st, "SELECT count(*) FROM tickets WHERE day >= ?1", "i", day);
	if (r == K_OK)
		r = kdb_step_int(&k, st, n, 0, "tickets on or after the day");
	kdb_close(&k);
	return r;
}

int demo_main(const struct kconf *cfg, const char *db, const struct kclock *clock, int argc,
	      char **argv)
{
	static struct sim s;
	const char *date = NULL;
	uint64_t n = 0, seed = 1;
	int64_t existing = 0;
	struct tally tally = { 0 };
	int r, rc = 1;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help")) {
			usage(stdout);
			return 0;
		}
		if (i + 1 >= argc) {
			fprintf(stderr, "station-server: demo: %s needs a value\n", argv[i]);
			return usage(stderr);
		}
		const char *v = argv[++i];
		if (!strcmp(argv[i - 1], "--date"))
			date = v;
		else if (!strcmp(argv[i - 1], "--tickets") && parse_uint(v, DEMO_MAX_TICKETS, &n) == 0 &&
			 n >= 1)
			continue;
		else if (!strcmp(argv[i - 1], "--seed") && parse_uint(v, UINT64_MAX, &seed) == 0)
			continue;
		else {
			fprintf(stderr, "station-server: demo: %s %s: %s\n", argv[i - 1], v,
				!strcmp(argv[i - 1], "--tickets") ? "N is a number from 1 to 20000" :
				!strcmp(argv[i - 1], "--seed") ? "S is a number from 0 to 2^64-1" :
				"not an option of demo");
			return usage(stderr);
		}
	}
	if (!date || !n) {
		fprintf(stderr, "station-server: demo: --date and --tickets are needed\n");
		return usage(stderr);
	}
	memset(&s, 0, sizeof(s));
	s.cfg = cfg;
	s.midnight = parse_date(date);
	int64_t today = kclock_day(kclock_now(clock), 0);
	if (s.midnight < KCLOCK_MIN_VALID || kclock_day(s.midnight, 0) > today) {
		fprintf(stderr, "station-server: demo: --date %s: %s\n", date,
			s.midnight < 0 ? "not a date YYYY-MM-DD" :
			s.midnight < KCLOCK_MIN_VALID ? "before 2024-01-02 (a clock taken as unset)" :
			"after today: the demo would meet the real day when it comes");
		return 2;
	}
	int64_t day = kclock_day(s.midnight, 0), qday = kclock_day(s.midnight + 43200,
								    cfg->queue.day_starts);
	for (int i = 0; i < cfg->nservices; i++) {
		const struct kconf_service *sv = &cfg->services[i];
		int served = 0;
		for (int j = 0; j < cfg->ncounters; j++)
			served |= (cfg->counters[j].services >> i) & 1;
		s.nhours[i] = hours_of_day(cfg, sv, day, &s.hours[i]);
		s.weight[i] = weight_of(sv->code);
		if (sv->enabled && served && s.nhours[i] > 0)
			s.open |= 1u << i;
	}
	if (!s.open) {
		fprintf(stderr, "station-server: demo: --date %s: no service opens that day, or no "
			"counter serves one that does\n", date);
		return 2;
	}

	/* the engine's clock is the simulation's: noon for reading the day's
	 * settings, then each event's time */
	s.now = s.midnight + 43200;
	s.clock.now = sim_now;
	s.clock.ctx = &s;
	rng_seed(&s.rng, seed);
	rng_seed(&s.rate_rng, seed ^ 0x7261746532303236ULL); /* "rate2026": a stream of its own */
	s.cit = calloc(n, sizeof(*s.cit));
	s.issued = calloc(n, sizeof(*s.issued));
	if (!s.cit || !s.issued) {
		fprintf(stderr, "station-server: demo: out of memory\n");
		goto out;
	}
	if (queue_open(&s.q, db, cfg, &s.clock) < 0)
		goto out;
	if ((r = tickets_from(db, qday, &existing)) < 0) {
		fprintf(stderr, "station-server: demo: %s: %s\n", db, kerr_text(r));
		goto out;
	}
	if (existing > 0) {
		fprintf(stderr, "station-server: demo: %s has %lld ticket(s) on or after %s: a demo "
			"day goes only into a database without them (never into a real day)\n", db,
			(long long)existing, date);
		rc = 2;
		goto out;
	}
	/* enabled today too (a supervisor may have switched one off) */
	for (int i = 0; i < cfg->nservices; i++) {
		int enabled = 1;
		if ((s.open & (1u << i)) &&
		    (r = queue_service_enabled(s.q, cfg->services[i].code, &enabled)) < 0)
			goto failed;
		if (!enabled)
			s.open &= ~(1u << i);
	}
	if (!s.open) {
		fprintf(stderr, "station-server: demo: --date %s: every open service is switched "
			"off that day\n", date);
		rc = 2;
		goto out;
	}
	s.what = "setup";
	if ((r = setup(&s, (int)n)) < 0 || (r = play(&s)) < 0)
		goto failed;
	s.what = "queue_each_ticket";
	if ((r = queue_each_ticket(s.q, qday, count, &tally)) < 0)
		goto failed;
	printf("demo day %s: %d tickets issued, %d served, %d no-shows, %d waiting at close, "
	       "%d unfinished; %d refused (%d refusals); %d rated (%d at a counter, %d by phone)\n",
	       date, tally.issued, tally.served, tally.noshow, tally.waiting, tally.unfinished,
	       s.refused, s.refusals, s.rated[0] + s.rated[1], s.rated[0], s.rated[1]);
	rc = 0;
	goto out;
failed:
	fprintf(stderr, "station-server: demo: %s: %s\n", s.what ? s.what : "?", kerr_text(r));
out:
	queue_close(s.q);
	free(s.cit);
	free(s.issued);
	free(s.h.v);
	return rc;
}
