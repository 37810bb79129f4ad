/*
 * fake_printer.h - the printer end of a test: reads ESC/POS as a printer
 * does, keeps the job bytes, and answers DLE EOT status queries with the
 * bytes a test chose.  The TCP and USB tests put it behind a socket and
 * behind umockdev's usbfs; the drivers under test are the real ones.
 */
#ifndef FAKE_PRINTER_H
#define FAKE_PRINTER_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

struct fake_printer {
	pthread_mutex_t lock;
	uint8_t *all;          /* every byte received */
	size_t all_len, all_cap, parsed;
	uint8_t *job;          /* received bytes less status queries */
	size_t job_len;
	uint8_t reply[256];    /* status bytes waiting to be read */
	size_t reply_len;
	int answer;            /* answer status queries at all */
	uint8_t status[5];     /* reply to DLE EOT n */
	long paper_out_after;  /* job bytes after which paper runs out; -1 never */
	int queries;
};

void fake_printer_init(struct fake_printer *f);
void fake_printer_free(struct fake_printer *f);
/* Paper states for status[4]. */
#define FAKE_PAPER_OK 0x12
#define FAKE_PAPER_NEAR_END 0x1e
#define FAKE_PAPER_OUT 0x72

/*
 * A recognisable job for the transport tests: init, one band of `rows` rows
 * of a pattern, feed, cut.  buf holds at least 17 + 72 * rows bytes.
 */
size_t fake_printer_sample_job(uint8_t *buf, size_t rows);

/* Bytes from the host. */
void fake_printer_feed(struct fake_printer *f, const uint8_t *data, size_t len);
/* Bytes to the host; returns how many were copied. */
size_t fake_printer_take(struct fake_printer *f, uint8_t *buf, size_t max);

#endif
