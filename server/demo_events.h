/*
 * demo_events.h - the demo day's events in time order (server/demo.c): a
 * min-heap by time, ties by the order they were made, so a day plays the
 * same way every time.
 */
#ifndef DEMO_EVENTS_H
#define DEMO_EVENTS_H

#include <stddef.h>
#include <stdint.h>

struct ev {
	int64_t at;
	uint32_t seq;   /* ties: the order they were made */
	int kind;       /* the day's (server/demo.c) */
	int who;        /* a citizen, a counter or a printer state */
};

struct heap {
	struct ev *v;
	size_t n, cap;
	uint32_t seq;
};

/* Add an event; K_ERR_NOMEM. */
int heap_push(struct heap *h, int64_t at, int kind, int who);
/* The earliest event (h->n > 0). */
struct ev heap_pop(struct heap *h);

#endif
