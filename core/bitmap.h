/*
 * bitmap.h - a 1-bit image as a thermal printer sees it.
 *
 * Rows of ceil(w / 8) bytes, most significant bit leftmost, 1 = black: the
 * exact layout of ESC/POS raster data, so encoding is a copy.
 */
#ifndef BITMAP_H
#define BITMAP_H

#include <stdint.h>

struct bitmap {
	int w, h, stride;
	uint8_t *bits;
};

/* A white image; free with bitmap_free().  Returns 0 or K_ERR_NOMEM. */
int bitmap_init(struct bitmap *b, int w, int h);
void bitmap_free(struct bitmap *b);

/* Grow (white) or shrink the height, keeping the rows that stay. */
int bitmap_set_height(struct bitmap *b, int h);

static inline int bitmap_get(const struct bitmap *b, int x, int y)
{
	return (b->bits[y * b->stride + x / 8] >> (7 - x % 8)) & 1;
}

static inline void bitmap_set(struct bitmap *b, int x, int y, int black)
{
	uint8_t m = (uint8_t)(0x80 >> (x % 8));
	if (black)
		b->bits[y * b->stride + x / 8] |= m;
	else
		b->bits[y * b->stride + x / 8] &= (uint8_t)~m;
}

/* Fill a rectangle black, clipped to the image. */
void bitmap_fill(struct bitmap *b, int x, int y, int w, int h);

/* Black pixels in a rectangle (clipped). */
long bitmap_count(const struct bitmap *b, int x, int y, int w, int h);

/* Write as PNG (1-bit greyscale).  Returns 0 or K_ERR_IO. */
int bitmap_write_png(const struct bitmap *b, const char *path);

/* Read a 1-bit or 8-bit greyscale PNG (threshold 50%).  Returns 0, K_ERR_IO. */
int bitmap_read_png(struct bitmap *b, const char *path);

#endif
