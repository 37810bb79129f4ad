/*
 * hidpos.h - USB HID POS barcode scanners (HID usage page 0x8C, "HID Point
 * of Sale Usage Tables" 1.02).  Vendors lay their Scanned Data Report out
 * differently (a length byte or not, where the symbology goes), so the
 * layout is read from the device's own report descriptor: the Input field
 * of usage Decoded Data (0x8C:0xFE) holds the code, padded with NULs, and
 * the 1-bit Decoded Data Continued (0x8C:0xFF) says more reports follow.
 */
#ifndef HIDPOS_H
#define HIDPOS_H

#include <stddef.h>
#include <stdint.h>

struct hidpos_layout {
	int report_id;     /* 0: the device numbers no reports */
	int data_bit;      /* bit offset of Decoded Data in the report (after the id) */
	int data_len;      /* its bytes */
	int cont_bit;      /* bit offset of Decoded Data Continued, -1: none */
};

/* Find the layout in a report descriptor: 0, or -1 if it has no Decoded
 * Data field of 8-bit items (not a HID POS scanner). */
int hidpos_parse(const uint8_t *desc, size_t n, struct hidpos_layout *out);

/*
 * The code bytes of one input report r (as hidraw gives it: with the id
 * byte first when the device numbers its reports) into out (cap bytes),
 * trailing NULs dropped: the count, or -1 for another report.  *more = the
 * code continues in the next report.
 */
int hidpos_extract(const struct hidpos_layout *l, const uint8_t *r, size_t n, uint8_t *out,
		   size_t cap, int *more);

#endif
