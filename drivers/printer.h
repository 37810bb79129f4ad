/*
 * printer.h - a thermal printer behind one small interface.
 *
 * A printer is chosen by its URI (core/printer_uri.h) and reached through
 * an ops table per transport (usb, tcp, lp, sim, none).  The device is opened
 * on first use and closed on any transport failure, so the next job opens it
 * again: a printer unplugged and plugged back in just works.
 *
 * These calls block for as long as the device needs (bounded by timeouts);
 * the kiosk calls them from its print thread, never from the UI thread.
 */
#ifndef PRINTER_H
#define PRINTER_H

#include <stddef.h>
#include <stdint.h>

#include "escpos.h"
#include "kconf.h"

struct printer;

/* Returns 0, or K_ERR_INVALID for a URI that does not parse (logged). */
int printer_open(struct printer **out, const char *uri, const struct kconf *cfg);
void printer_close(struct printer *p);

/*
 * Ask the printer how it is.  Returns 0 with st filled (a printer that does
 * not answer leaves st unknown), or K_ERR_NODEV / K_ERR_TIMEOUT / K_ERR_IO when
 * it cannot be reached, or K_ERR_DISABLED_DEV for "none".
 */
int printer_query(struct printer *p, struct printer_status *st);

/*
 * Print one job.  Returns 0 only when the bytes were accepted and the status
 * after the job is not an error.  Otherwise the cause: K_ERR_PAPER_OUT,
 * K_ERR_COVER_OPEN, K_ERR_OFFLINE, K_ERR_PRINTER, K_ERR_NODEV, K_ERR_TIMEOUT,
 * K_ERR_IO or K_ERR_DISABLED_DEV.  st (may be NULL) gets the last status.
 * length_tenth_mm sizes the write timeout from [printer] speed_mm_s.
 */
int printer_print(struct printer *p, const uint8_t *job, size_t len, int length_tenth_mm,
		  struct printer_status *st);

/* The K_ERR_* a status means for printing (0: fine, near end included). */
int printer_status_error(const struct printer_status *st);

/* "online, paper OK" / "paper out" ...: for logs, kioskctl and staff screens. */
const char *printer_status_text(const struct printer_status *st, char *buf, unsigned len);

/* The transport's name: "usb", "tcp", "lp", "sim" or "none". */
const char *printer_transport(const struct printer *p);

#endif
