/*
 * fake_printer.c - see fake_printer.h.
 */
#include "fake_printer.h"

#include <stdlib.h>
#include <string.h>

void fake_printer_init(struct fake_printer *f)
{
	memset(f, 0, sizeof(*f));
	pthread_mutex_init(&f->lock, NULL);
	f->answer = 1;
	f->status[1] = 0x16; /* online */
	f->status[2] = 0x12; /* no offline cause */
	f->status[3] = 0x12; /* no error */
	f->status[4] = FAKE_PAPER_OK;
	f->paper_out_after = -1;
}

void fake_printer_free(struct fake_printer *f)
{
	free(f->all);
	free(f->job);
	pthread_mutex_destroy(&f->lock);
}

/* Length of the command at p (n bytes left), 0 if incomplete; *query = n for DLE EOT n. */
static size_t command_len(const uint8_t *p, size_t n, int *query)
{
	*query = 0;
	if (p[0] == 0x10) {
		if (n < 3)
			return 0;
		if (p[1] == 0x04)
			*query = p[2];
		return 3;
	}
	if (p[0] == 0x1b) {
		if (n < 2)
			return 0;
		switch (p[1]) {
		case '@': return 2;
		case 'd': return n < 3 ? 0 : 3;
		case 'B': return n < 4 ? 0 : 4;
		default: return 2;
		}
	}
	if (p[0] == 0x1d) {
		if (n < 2)
			return 0;
		if (p[1] == 'V')
			return n < 4 ? 0 : 4;
		if (p[1] == 'v') {
			if (n < 8)
				return 0;
			size_t data = (size_t)(p[4] | p[5] << 8) * (size_t)(p[6] | p[7] << 8);
			return n < 8 + data ? 0 : 8 + data;
		}
		return 2;
	}
	return 1;
}

void fake_printer_feed(struct fake_printer *f, const uint8_t *data, size_t len)
{
	pthread_mutex_lock(&f->lock);
	if (f->all_len + len > f->all_cap) {
		f->all_cap = (f->all_len + len) * 2;
		f->all = realloc(f->all, f->all_cap);
		f->job = realloc(f->job, f->all_cap);
	}
	memcpy(f->all + f->all_len, data, len);
	f->all_len += len;
	while (f->parsed < f->all_len) {
		int query;
		size_t n = command_len(f->all + f->parsed, f->all_len - f->parsed, &query);
		if (n == 0)
			break; /* the rest of the command is still on its way */
		if (query >= 1 && query <= 4) {
			f->queries++;
			if (f->answer && f->reply_len < sizeof(f->reply))
				f->reply[f->reply_len++] = f->status[query];
		} else {
			memcpy(f->job + f->job_len, f->all + f->parsed, n);
			f->job_len += n;
			if (f->paper_out_after >= 0 && (long)f->job_len > f->paper_out_after)
				f->status[4] = FAKE_PAPER_OUT;
		}
		f->parsed += n;
	}
	pthread_mutex_unlock(&f->lock);
}

size_t fake_printer_take(struct fake_printer *f, uint8_t *buf, size_t max)
{
	pthread_mutex_lock(&f->lock);
	size_t n = f->reply_len < max ? f->reply_len : max;
	memcpy(buf, f->reply, n);
	memmove(f->reply, f->reply + n, f->reply_len - n);
	f->reply_len -= n;
	pthread_mutex_unlock(&f->lock);
	return n;
}

size_t fake_printer_sample_job(uint8_t *buf, size_t rows)
{
	static const uint8_t tail[] = { 0x1b, 'd', 3, 0x1d, 'V', 66, 0 };
	uint8_t hdr[10] = { 0x1b, '@', 0x1d, 'v', '0', 0, 72, 0, (uint8_t)rows, 0 };
	size_t n = sizeof(hdr);

	memcpy(buf, hdr, n);
	for (size_t i = 0; i < 72 * rows; i++)
		buf[n++] = (uint8_t)(i * 31 + 7);
	memcpy(buf + n, tail, sizeof(tail));
	return n + sizeof(tail);
}
