/*
 * printer_uri.h - the syntax of [printer] uri, shared by the configuration
 * check and the drivers.
 *
 *   usb:                 the first USB printer (interface class 7)
 *   usb:VVVV:PPPP        the USB device with this vendor:product id (hex)
 *   tcp:HOST[:PORT]      a network printer, port 9100 by default
 *   lp:/dev/usb/lp0      the kernel's usblp driver
 *   sim:DIR              the simulated printer
 *   none                 printing disabled
 */
#ifndef PRINTER_URI_H
#define PRINTER_URI_H

enum printer_kind { PRINTER_NONE, PRINTER_USB, PRINTER_TCP, PRINTER_LP, PRINTER_SIM };

struct printer_uri {
	enum printer_kind kind;
	int vid, pid;        /* usb: -1 = any */
	char host[128];      /* tcp */
	int port;            /* tcp */
	char path[256];      /* lp, sim */
};

/* Parse uri.  Returns 0, or -1 with the reason in why. */
int printer_uri_parse(const char *uri, struct printer_uri *out, char *why, unsigned len);

#endif
