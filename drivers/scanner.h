/*
 * scanner.h - QR scanners read by the kiosk itself, behind one small ops
 * table with a null backend: USB serial (CDC-ACM, /dev/ttyACM0), a
 * keyboard-wedge scanner's own input device, grabbed (evdev), and USB HID
 * POS through hidraw.  (A wedge
 * scanner that types into the window is firmware/ui_scan.c's.)
 *
 * Whatever the transport, a read gives one whole code: bytes up to CR, LF
 * or TAB (or a pause of SCANNER_PAUSE_MS after the last byte, for scanners
 * set to send no suffix), at most SCANNER_MAX bytes kept, NUL bytes
 * dropped.  An unplugged scanner reads as K_ERR_NODEV and is opened again
 * by a later read, so plugging it back in is enough: the first try at once,
 * then after 0.25 s, 0.5 s, 1 s ... at most every SCANNER_RETRY_MAX_MS; a
 * read of an absent scanner waits for its next try (up to its timeout), so a
 * reading loop never spins, and the unplug is logged once, not each try.
 */
#ifndef SCANNER_H
#define SCANNER_H

#include <stddef.h>

#define SCANNER_MAX 256
#define SCANNER_PAUSE_MS 150
#define SCANNER_RETRY_MIN_MS 250
#define SCANNER_RETRY_MAX_MS 4000

struct scanner;

/* mode: "serial" (device: /dev/ttyACM0 ...), "evdev" (device:
 * /dev/input/by-id/...-event-kbd), "hid" (device: /dev/hidraw0) or "none".  K_ERR_INVALID for another
 * mode; a device that is not there yet is not an error here. */
int scanner_open(struct scanner **out, const char *mode, const char *device);
void scanner_close(struct scanner *s);

/*
 * Wait up to timeout_ms for one code into buf (SCANNER_MAX + 1 bytes; NUL
 * terminated, *len bytes).  K_OK, K_ERR_TIMEOUT (nothing), K_ERR_NODEV (not
 * plugged in, or just unplugged), K_ERR_DISABLED_DEV ("none").
 */
int scanner_read(struct scanner *s, char *buf, size_t *len, int timeout_ms);

const char *scanner_mode(const struct scanner *s);

/* Is the device open now (1 for "none")?  0 from unplug until it is back. */
int scanner_present(const struct scanner *s);

#endif
