/*
 * escpos.h - ESC/POS bytes: a slip image out, status bytes in, and a decoder
 * that reads a job back (for the simulated printer and the tests).
 *
 * Only the commands every ESC/POS printer shares are used: ESC @ (init),
 * GS v 0 (raster image, sent in bands), ESC d (feed), GS V (cut), ESC B
 * (buzzer, where present) and DLE EOT (real-time status).  A band is only
 * as wide as its ink reaches (GS v 0 prints from the left edge), so blank
 * columns at the right and blank rows cost almost no bytes.
 */
#ifndef ESCPOS_H
#define ESCPOS_H

#include <stddef.h>
#include <stdint.h>

#include "bitmap.h"
#include "kbuf.h"

#define ESCPOS_MAX_JOB (1u << 20) /* no slip comes near: a cap, not a size */
#define ESCPOS_MAX_IMAGE (1u << 24) /* the largest image a job read back may make */

struct escpos_opts {
	int band_rows;  /* rows per GS v 0, 1..255 */
	int feed_lines; /* ESC d n before the cut */
	int cut;        /* enum kconf_cut */
	int buzzer;
};

/* Append the whole job for image b to out.  Returns 0 or K_ERR_NOMEM / INVALID. */
int escpos_encode(const struct bitmap *b, const struct escpos_opts *o, struct kbuf *out);

/* Bytes of one band for an image of width w (for pacing writes). */
size_t escpos_band_bytes(int w, int band_rows);

/* The 3 bytes that ask for status n (1 printer, 2 offline cause, 3 error, 4 paper). */
void escpos_status_query(int n, uint8_t out[3]);

enum escpos_paper { PAPER_UNKNOWN, PAPER_OK, PAPER_NEAR_END, PAPER_OUT };

struct printer_status {
	int answered;    /* at least one status byte came back */
	int online;      /* -1 unknown, 0 offline, 1 online */
	int paper;       /* enum escpos_paper */
	int cover_open;  /* -1 unknown */
	int error;       /* -1 unknown; cutter, head or other error */
};

/* Reset st to "nothing known". */
void escpos_status_clear(struct printer_status *st);

/*
 * Fold the reply byte to DLE EOT n into st.  A byte whose fixed bits are
 * wrong (vendors differ) leaves st unknown for that query and returns -1.
 */
int escpos_status_apply(int n, uint8_t reply, struct printer_status *st);

/* What a job contained, as read back. */
struct escpos_summary {
	int inits, bands, max_band_rows, feed_lines, cuts, buzzes;
};

/*
 * Read a job back into the image it carries (out is initialised here).
 * Bands may differ in width (the encoder trims each to its ink): the image
 * is as wide as the widest, each band at its left.  Unknown commands or
 * truncated data: K_ERR_INVALID.
 */
int escpos_decode(const uint8_t *data, size_t len, struct bitmap *out,
		  struct escpos_summary *sum);

#endif
