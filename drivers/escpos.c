/*
 * escpos.c - encoding slips, decoding status bytes, reading jobs back.
 */
#include "escpos.h"
#include "kconf.h"
#include "kerr.h"

#include <stdlib.h>
#include <string.h>

#define ESC 0x1b
#define GS 0x1d
#define DLE 0x10
#define EOT 0x04

size_t escpos_band_bytes(int w, int band_rows)
{
	return 8 + (size_t)((w + 7) / 8) * (size_t)band_rows;
}

/* Bytes of row y up to its last black dot, at least 1 (GS v 0 needs a width). */
static int row_bytes(const struct bitmap *b, int y)
{
	const uint8_t *row = b->bits + (size_t)y * (size_t)b->stride;
	int n = b->stride;

	while (n > 1 && !row[n - 1])
		n--;
	return n;
}

/*
 * Where the bands start.  GS v 0 prints its rows from the left edge, so a
 * band need be no wider than its widest row's ink: blank columns at the
 * right and blank rows (a band of 1 byte a row) cost nothing to print.
 * The cut of the rows into bands of at most band_rows that costs the
 * fewest bytes, 8 a header and width x rows each, is found by dynamic
 * programming over the rows (h x band_rows steps).  start[] gets each
 * band's first row and its width in bytes; returns the number of bands.
 */
static int plan_bands(const struct bitmap *b, int band_rows, int *start, int *width,
		      size_t *cost, int *from, int *rw)
{
	int n = 0;

	for (int y = 0; y < b->h; y++)
		rw[y] = row_bytes(b, y);
	cost[0] = 0;
	for (int i = 1; i <= b->h; i++) {
		int w = 0;
		cost[i] = (size_t)-1;
		for (int k = i - 1; k >= 0 && k >= i - band_rows; k--) {
			w = rw[k] > w ? rw[k] : w;
			size_t c = cost[k] + 8 + (size_t)(i - k) * (size_t)w;
			if (c < cost[i]) {
				cost[i] = c;
				from[i] = k;
			}
		}
	}
	for (int i = b->h; i > 0; i = from[i])
		n++;
	int k = n;
	for (int i = b->h; i > 0; i = from[i]) {
		int w = 0;
		k--;
		for (int y = from[i]; y < i; y++)
			w = rw[y] > w ? rw[y] : w;
		start[k] = from[i];
		width[k] = w;
	}
	start[n] = b->h;
	return n;
}

int escpos_encode(const struct bitmap *b, const struct escpos_opts *o, struct kbuf *out)
{
	static const uint8_t init[] = { ESC, '@' };
	int r, n = 0, *start = NULL, *width = NULL, *from = NULL, *rw = NULL;
	size_t *cost = NULL;

	if (o->band_rows < 1 || o->band_rows > 255 || b->stride > 0xffff || b->h < 0)
		return K_ERR_INVALID;
	start = malloc(sizeof(int) * ((size_t)b->h + 1));
	width = malloc(sizeof(int) * ((size_t)b->h + 1));
	from = malloc(sizeof(int) * ((size_t)b->h + 1));
	rw = malloc(sizeof(int) * ((size_t)b->h + 1));
	cost = malloc(sizeof(size_t) * ((size_t)b->h + 1));
	if (!start || !width || !from || !rw || !cost) {
		r = K_ERR_NOMEM;
		goto out;
	}
	n = plan_bands(b, o->band_rows, start, width, cost, from, rw);
	r = kbuf_add(out, init, sizeof(init));
	for (int k = 0; k < n && r == K_OK; k++) {
		int rows = start[k + 1] - start[k], w = width[k];
		uint8_t hdr[8] = { GS, 'v', '0', 0, (uint8_t)(w & 0xff), (uint8_t)(w >> 8),
				   (uint8_t)(rows & 0xff), (uint8_t)(rows >> 8) };
		r = kbuf_add(out, hdr, sizeof(hdr));
		for (int y = start[k]; y < start[k + 1] && r == K_OK; y++)
			r = kbuf_add(out, b->bits + (size_t)y * (size_t)b->stride, (size_t)w);
	}
	if (r == K_OK && o->feed_lines > 0) {
		uint8_t feed[] = { ESC, 'd', (uint8_t)o->feed_lines };
		r = kbuf_add(out, feed, sizeof(feed));
	}
	if (r == K_OK && o->cut != KCONF_CUT_NONE) {
		/* GS V 66 0 / GS V 65 0: feed to the cutter, then cut */
		uint8_t cut[] = { GS, 'V', o->cut == KCONF_CUT_FULL ? 65 : 66, 0 };
		r = kbuf_add(out, cut, sizeof(cut));
	}
	if (r == K_OK && o->buzzer) {
		uint8_t beep[] = { ESC, 'B', 2, 3 }; /* twice, 300 ms */
		r = kbuf_add(out, beep, sizeof(beep));
	}
out:
	free(start);
	free(width);
	free(from);
	free(rw);
	free(cost);
	return r;
}

void escpos_status_query(int n, uint8_t out[3])
{
	out[0] = DLE;
	out[1] = EOT;
	out[2] = (uint8_t)n;
}

void escpos_status_clear(struct printer_status *st)
{
	st->answered = 0;
	st->online = -1;
	st->paper = PAPER_UNKNOWN;
	st->cover_open = -1;
	st->error = -1;
}

int escpos_status_apply(int n, uint8_t v, struct printer_status *st)
{
	if ((v & 0x93) != 0x12)
		return -1; /* bits 1 and 4 are always 1, bits 0 and 7 always 0 */
	st->answered = 1;
	switch (n) {
	case 1:
		st->online = !(v & 0x08);
		break;
	case 2:
		st->cover_open = !!(v & 0x04);
		if (v & 0x20)
			st->paper = PAPER_OUT;
		if (v & 0x40)
			st->error = 1;
		break;
	case 3:
		st->error = !!(v & 0x6c);
		break;
	case 4:
		st->paper = (v & 0x60) ? PAPER_OUT : (v & 0x0c) ? PAPER_NEAR_END : PAPER_OK;
		break;
	default:
		return -1;
	}
	return 0;
}

/*
 * One pass over a job: with img NULL, check it and find its widest band
 * (*stride) and its rows (*rows); with img (that wide and tall), copy each
 * band into it, left-aligned as a printer prints it.
 */
static int walk(const uint8_t *d, size_t len, struct bitmap *img, struct escpos_summary *sum,
		int *stride, int *rows)
{
	size_t i = 0;
	int y = 0;

	memset(sum, 0, sizeof(*sum));
	while (i < len) {
		size_t left = len - i;
		if (d[i] == ESC && left >= 2 && d[i + 1] == '@') {
			sum->inits++;
			i += 2;
		} else if (d[i] == ESC && left >= 3 && d[i + 1] == 'd') {
			sum->feed_lines += d[i + 2];
			i += 3;
		} else if (d[i] == ESC && left >= 4 && d[i + 1] == 'B') {
			sum->buzzes++;
			i += 4;
		} else if (d[i] == GS && left >= 4 && d[i + 1] == 'V' && (d[i + 2] == 65 || d[i + 2] == 66)) {
			sum->cuts++;
			i += 4;
		} else if (d[i] == GS && left >= 8 && d[i + 1] == 'v' && d[i + 2] == '0' && d[i + 3] == 0) {
			int w = d[i + 4] | d[i + 5] << 8, n = d[i + 6] | d[i + 7] << 8;
			size_t bytes = (size_t)w * (size_t)n;
			if (w == 0 || n == 0 || left - 8 < bytes || y > (1 << 24))
				return K_ERR_INVALID;
			if (img)
				for (int k = 0; k < n; k++)
					memcpy(img->bits + (size_t)(y + k) * (size_t)img->stride,
					       d + i + 8 + (size_t)k * (size_t)w, (size_t)w);
			else if (w > *stride)
				*stride = w;
			y += n;
			sum->bands++;
			if (n > sum->max_band_rows)
				sum->max_band_rows = n;
			i += 8 + bytes;
		} else if (d[i] == DLE && left >= 3 && d[i + 1] == EOT) {
			i += 3; /* a status query inside a job: harmless */
		} else {
			return K_ERR_INVALID;
		}
	}
	*rows = y;
	return K_OK;
}

int escpos_decode(const uint8_t *d, size_t len, struct bitmap *out, struct escpos_summary *sum)
{
	int stride = 0, rows = 0, r;

	memset(out, 0, sizeof(*out));
	r = walk(d, len, NULL, sum, &stride, &rows);
	if (r < 0)
		return r;
	if ((size_t)stride * (size_t)rows > ESCPOS_MAX_IMAGE)
		return K_ERR_INVALID; /* narrow bands many rows long, then a wide one */
	r = bitmap_init(out, stride ? stride * 8 : 8, rows);
	if (r < 0)
		return r;
	if (rows)
		walk(d, len, out, sum, &stride, &rows);
	return K_OK;
}
