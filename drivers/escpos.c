/*
 * escpos.c - encoding slips, decoding status bytes, reading jobs back.
 */
#include "escpos.h"
#include "kconf.h"
#include "kerr.h"

#include <string.h>

#define ESC 0x1b
#define GS 0x1d
#define DLE 0x10
#define EOT 0x04

size_t escpos_band_bytes(int w, int band_rows)
{
	return 8 + (size_t)((w + 7) / 8) * (size_t)band_rows;
}

int escpos_encode(const struct bitmap *b, const struct escpos_opts *o, struct kbuf *out)
{
	static const uint8_t init[] = { ESC, '@' };
	int r;

	if (o->band_rows < 1 || o->band_rows > 255 || b->stride > 0xffff)
		return K_ERR_INVALID;
	r = kbuf_add(out, init, sizeof(init));
	for (int y = 0; y < b->h && r == K_OK; y += o->band_rows) {
		int rows = b->h - y < o->band_rows ? b->h - y : o->band_rows;
		uint8_t hdr[8] = { GS, 'v', '0', 0, (uint8_t)(b->stride & 0xff),
				   (uint8_t)(b->stride >> 8), (uint8_t)(rows & 0xff),
				   (uint8_t)(rows >> 8) };
		r = kbuf_add(out, hdr, sizeof(hdr));
		if (r == K_OK)
			r = kbuf_add(out, b->bits + (size_t)y * (size_t)b->stride,
				     (size_t)rows * (size_t)b->stride);
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

int escpos_decode(const uint8_t *d, size_t len, struct bitmap *out, struct escpos_summary *sum)
{
	size_t i = 0;
	int r;

	memset(sum, 0, sizeof(*sum));
	memset(out, 0, sizeof(*out));
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
			int stride = d[i + 4] | d[i + 5] << 8, rows = d[i + 6] | d[i + 7] << 8;
			size_t bytes = (size_t)stride * (size_t)rows;
			if (stride == 0 || rows == 0 || left - 8 < bytes)
				goto bad;
			if (!out->bits) {
				r = bitmap_init(out, stride * 8, 0);
				if (r < 0)
					return r;
			} else if (out->stride != stride) {
				goto bad;
			}
			int y = out->h;
			r = bitmap_set_height(out, y + rows);
			if (r < 0) {
				bitmap_free(out);
				return r;
			}
			memcpy(out->bits + (size_t)y * (size_t)stride, d + i + 8, bytes);
			sum->bands++;
			if (rows > sum->max_band_rows)
				sum->max_band_rows = rows;
			i += 8 + bytes;
		} else if (d[i] == DLE && left >= 3 && d[i + 1] == EOT) {
			i += 3; /* a status query inside a job: harmless */
		} else {
			goto bad;
		}
	}
	if (!out->bits)
		return bitmap_init(out, 8, 0);
	return K_OK;
bad:
	bitmap_free(out);
	return K_ERR_INVALID;
}
