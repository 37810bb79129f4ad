/*
 * scan_reader.h - a thread that reads a serial, evdev or HID POS scanner
 * ([scanner] mode = serial, evdev or hid) and posts each code as one SDL event of type event_type, whose
 * user.data1 is a struct scan_event the receiver frees (after
 * sodium_memzero: a code may be an ID card's).  The UI gives it to
 * ui_scan(), the one entry point for scans.
 */
#ifndef SCAN_READER_H
#define SCAN_READER_H

#include <SDL.h>

#include "kconf.h"
#include "scanner.h"

struct scan_event {
	size_t len;
	char code[SCANNER_MAX + 1];
};

struct scan_reader;

/* NULL in *out (and 0) when the scanner is not a serial one. */
int scan_reader_start(struct scan_reader **out, const struct kconf *cfg, Uint32 event_type);
void scan_reader_stop(struct scan_reader *r);

/* "ok" (open), "unplugged" (gone, or not there yet: tried again with a
 * backoff) or "none" (r NULL: no scanner the kiosk reads itself); any thread. */
const char *scan_reader_state(struct scan_reader *r);

#endif
