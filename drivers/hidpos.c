/*
 * hidpos.c - a small report-descriptor reader for HID POS scanners.
 */
#include "hidpos.h"

#include <string.h>

#define PAGE_POS 0x8C
#define USAGE_DECODED_DATA 0xFE
#define USAGE_DECODED_DATA_CONTINUED 0xFF
#define MAX_IDS 16
#define MAX_USAGES 16
#define MAX_FIELDS 4096   /* a hidraw report is at most 4096 bytes */

static uint32_t value(const uint8_t *p, int size)
{
	uint32_t v = 0;
	for (int i = size - 1; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

int hidpos_parse(const uint8_t *d, size_t n, struct hidpos_layout *out)
{
	uint32_t page = 0, size = 0, count = 0, id = 0;
	uint32_t usages[MAX_USAGES], umin = 0, umax = 0;
	int nusages = 0, have_range = 0, found = 0;
	struct { uint32_t id; int bits; } pos[MAX_IDS];
	int npos = 0;

	memset(out, 0, sizeof(*out));
	out->cont_bit = -1;
	for (size_t i = 0; i < n;) {
		uint8_t b = d[i];
		if (b == 0xFE) { /* a long item: skipped whole */
			if (i + 1 >= n)
				break;
			i += 3 + d[i + 1];
			continue;
		}
		int sz = (b & 3) == 3 ? 4 : (b & 3), type = (b >> 2) & 3, tag = b >> 4;
		if (i + 1 + (size_t)sz > n)
			break;
		uint32_t v = value(d + i + 1, sz);
		i += 1 + (size_t)sz;
		if (type == 1) { /* global */
			if (tag == 0)
				page = v;
			else if (tag == 7)
				size = v;
			else if (tag == 8)
				id = v;
			else if (tag == 9)
				count = v;
		} else if (type == 2) { /* local */
			if (tag == 0 && nusages < MAX_USAGES)
				usages[nusages++] = sz == 4 ? v : (page << 16) | v;
			else if (tag == 1)
				umin = sz == 4 ? v : (page << 16) | v, have_range = 1;
			else if (tag == 2)
				umax = sz == 4 ? v : (page << 16) | v;
		} else if (type == 0) { /* main */
			if (tag == 8) { /* Input: where its fields sit in report `id` */
				int k = 0;
				if (size > 32 || count > MAX_FIELDS || id > 255)
					return -1; /* no real report is this large */
				while (k < npos && pos[k].id != id)
					k++;
				if (k >= MAX_IDS)
					return -1;
				if (k == npos) { /* the first field of this report */
					pos[k].id = id;
					pos[k].bits = 0;
					npos++;
				}
				for (uint32_t f = 0; f < count; f++) {
					uint32_t u = f < (uint32_t)nusages ? usages[f] :
						     nusages ? usages[nusages - 1] :
						     have_range && umin + f <= umax ? umin + f : 0;
					int bit = pos[k].bits + (int)(f * size);
					if (u == ((PAGE_POS << 16) | USAGE_DECODED_DATA) && size == 8 &&
					    !found) {
						out->report_id = (int)id;
						out->data_bit = bit;
						out->data_len = (int)(count - f);
						found = 1;
					} else if (u == ((PAGE_POS << 16) | USAGE_DECODED_DATA_CONTINUED) &&
						   size == 1 && out->cont_bit < 0) {
						out->cont_bit = bit;
					}
				}
				pos[k].bits += (int)(size * count);
				if (pos[k].bits > MAX_FIELDS * 8)
					return -1;
			}
			nusages = 0; /* a main item ends the local state */
			have_range = 0;
		}
	}
	return found && (out->data_bit % 8) == 0 ? 0 : -1;
}

int hidpos_extract(const struct hidpos_layout *l, const uint8_t *r, size_t n, uint8_t *out,
		   size_t cap, int *more)
{
	*more = 0;
	if (l->report_id) {
		if (n < 1 || r[0] != l->report_id)
			return -1;
		r++, n--;
	}
	size_t start = (size_t)l->data_bit / 8, len = (size_t)l->data_len;
	if (start >= n)
		return -1;
	if (start + len > n)
		len = n - start;
	while (len > 0 && r[start + len - 1] == 0)
		len--; /* the field is padded with NULs */
	if (len > cap)
		len = cap;
	memcpy(out, r + start, len);
	if (l->cont_bit >= 0 && (size_t)l->cont_bit / 8 < n)
		*more = (r[l->cont_bit / 8] >> (l->cont_bit % 8)) & 1;
	return (int)len;
}
