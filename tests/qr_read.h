/*
 * qr_read.h - the first QR code of a 1-bit image, read with zbar: a slip's
 * code scanned back as a phone would (test_slip, test_ui, kiosk_tap,
 * tools/soak's soak-slips).
 */
#ifndef QR_READ_H
#define QR_READ_H

#include "bitmap.h"

#include <stddef.h>

/* The text of img's first QR code into out (len bytes, cut to fit):
 * 0, or -1 when there is none or memory ran out. */
int qr_read(const struct bitmap *img, char *out, size_t len);
/* The same of a 1-bit PNG (a simulated printer's slip-NNNN.png). */
int qr_read_png(const char *path, char *out, size_t len);

#endif
