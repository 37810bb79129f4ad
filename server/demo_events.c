/*
 * demo_events.c - the demo day's min-heap of events (server/demo_events.h).
 */
#include "demo_events.h"
#include "kerr.h"

#include <stdlib.h>

static int ev_less(const struct ev *a, const struct ev *b)
{
	return a->at < b->at || (a->at == b->at && a->seq < b->seq);
}

int heap_push(struct heap *h, int64_t at, int kind, int who)
{
	if (h->n == h->cap) {
		size_t cap = h->cap ? h->cap * 2 : 1024;
		struct ev *v = realloc(h->v, cap * sizeof(*v));
		if (!v)
			return K_ERR_NOMEM;
		h->v = v;
		h->cap = cap;
	}
	struct ev e = { at, h->seq++, kind, who };
	size_t i = h->n++;
	while (i > 0 && ev_less(&e, &h->v[(i - 1) / 2])) {
		h->v[i] = h->v[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	h->v[i] = e;
	return K_OK;
}

struct ev heap_pop(struct heap *h)
{
	struct ev top = h->v[0], last = h->v[--h->n];
	size_t i = 0;
	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= h->n)
			break;
		if (c + 1 < h->n && ev_less(&h->v[c + 1], &h->v[c]))
			c++;
		if (!ev_less(&h->v[c], &last))
			break;
		h->v[i] = h->v[c];
		i = c;
	}
	if (h->n)
		h->v[i] = last;
	return top;
}
