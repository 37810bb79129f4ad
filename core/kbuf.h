/*
 * kbuf.h - a growable byte buffer with a maximum size (after curl's dynbuf).
 *
 * Every buffer that grows from data we do not control has a cap: appending
 * past it fails with K_ERR_NOMEM and leaves the buffer as it was.
 */
#ifndef KBUF_H
#define KBUF_H

#include <stddef.h>
#include <stdint.h>

struct kbuf {
	uint8_t *data;
	size_t len, cap, max;
};

void kbuf_init(struct kbuf *b, size_t max);
void kbuf_free(struct kbuf *b);
int kbuf_add(struct kbuf *b, const void *data, size_t len);
int kbuf_addb(struct kbuf *b, uint8_t byte);
void kbuf_reset(struct kbuf *b);

#endif
