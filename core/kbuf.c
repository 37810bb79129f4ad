/*
 * kbuf.c - see kbuf.h.
 */
#include "kbuf.h"
#include "kerr.h"

#include <stdlib.h>
#include <string.h>

void kbuf_init(struct kbuf *b, size_t max)
{
	memset(b, 0, sizeof(*b));
	b->max = max;
}

void kbuf_free(struct kbuf *b)
{
	free(b->data);
	kbuf_init(b, b->max);
}

void kbuf_reset(struct kbuf *b)
{
	b->len = 0;
}

int kbuf_add(struct kbuf *b, const void *data, size_t len)
{
	if (len > b->max - b->len)
		return K_ERR_NOMEM;
	if (b->len + len > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap < b->len + len)
			cap *= 2;
		if (cap > b->max)
			cap = b->max;
		uint8_t *p = realloc(b->data, cap);
		if (!p)
			return K_ERR_NOMEM;
		b->data = p;
		b->cap = cap;
	}
	if (len)
		memcpy(b->data + b->len, data, len);
	b->len += len;
	return K_OK;
}

int kbuf_addb(struct kbuf *b, uint8_t byte)
{
	return kbuf_add(b, &byte, 1);
}
