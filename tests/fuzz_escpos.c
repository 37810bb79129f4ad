/*
 * fuzz_escpos.c - what a printer sends back, fuzzed: the DLE EOT status
 * bytes read through printer.c's own query over a fake transport (every
 * read answers the next input bytes, a 0 byte in the input's first half of
 * a pair says "no answer in time"), each byte folded into a status by
 * escpos_status_apply() for every query kind, and the same bytes read back
 * as a print job by escpos_decode() (the simulator's and the tests' reader).
 *
 * libFuzzer target (tools/fuzz.sh escpos); replayed over tests/fuzz/escpos/ by ctest.
 */
#include "bitmap.h"
#include "escpos.h"
#include "fuzz_station.h"
#include "kerr.h"
#include "printer_private.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

static const uint8_t *in;
static size_t in_left;

static int op_open(struct printer *p)
{
	(void)p;
	return K_OK;
}

static void op_close(struct printer *p)
{
	(void)p;
}

static int op_write(struct printer *p, const uint8_t *buf, size_t len, int timeout_ms)
{
	(void)p, (void)buf, (void)len, (void)timeout_ms;
	return K_OK;
}

/* Each read: one control byte (0 = nothing in time, 0xff = I/O error, else
 * up to that many bytes follow), then the bytes. */
static int op_read(struct printer *p, uint8_t *buf, size_t len, int timeout_ms)
{
	(void)p, (void)timeout_ms;
	if (!in_left)
		return 0;
	uint8_t c = *in++;
	in_left--;
	if (c == 0xff)
		return K_ERR_IO;
	size_t n = c < len ? c : len;
	n = n < in_left ? n : in_left;
	memcpy(buf, in, n);
	in += n;
	in_left -= n;
	return (int)n;
}

static const struct printer_ops fuzz_ops = {
	.name = "fuzz", .open = op_open, .close = op_close, .write = op_write, .read = op_read,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct printer_status st;
	char text[160];

	/* 1. the query as the kiosk makes it */
	struct printer p = { .ops = &fuzz_ops, .cfg = fuzz_station() };
	in = data;
	in_left = size;
	int r = printer_query(&p, &st);
	FUZZ_CHECK(r == K_OK || r == K_ERR_IO);
	if (r == K_OK) {
		FUZZ_CHECK(st.paper >= PAPER_UNKNOWN && st.paper <= PAPER_OUT);
		printer_status_error(&st);
		printer_status_text(&st, text, sizeof(text));
	}

	/* 2. every byte as the answer to every query */
	for (int n = 1; n <= 4; n++) {
		escpos_status_clear(&st);
		for (size_t i = 0; i < size; i++)
			escpos_status_apply(n, data[i], &st);
		FUZZ_CHECK(st.paper >= PAPER_UNKNOWN && st.paper <= PAPER_OUT);
		FUZZ_CHECK(st.online >= -1 && st.online <= 1);
		printer_status_text(&st, text, sizeof(text));
	}

	/* 3. the bytes as a job */
	struct bitmap b;
	struct escpos_summary sum;
	memset(&b, 0, sizeof(b));
	r = escpos_decode(data, size, &b, &sum);
	FUZZ_CHECK(r == K_OK || r == K_ERR_INVALID || r == K_ERR_NOMEM);
	bitmap_free(&b);
	return 0;
}
