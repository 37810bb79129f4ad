/*
 * kerr.h - the project's one error enum.
 *
 * Every fallible function returns 0 (K_OK) or a negative K_ERR_* code, in the
 * style of libusb: callers write `if (r < 0) goto out;`.  Where an error comes
 * from the operating system or sqlite, the function that saw it logs the
 * detail (errno, sqlite message) and returns the code; the code alone is what
 * travels upward.  kerr_name() gives a stable upper-case name for logs, JSON
 * and tests; citizen-facing wording lives in the translation files, keyed by
 * "reason.<NAME>".
 */
#ifndef KERR_H
#define KERR_H

enum kerr {
	K_OK = 0,
	K_ERR_NOMEM = -1,      /* allocation failed */
	K_ERR_IO = -2,         /* a file could not be read or written */
	K_ERR_DB = -3,         /* the database refused an operation */
	K_ERR_INVALID = -4,    /* an argument or input is malformed */
	K_ERR_NOT_FOUND = -5,  /* no such service, counter or ticket */
	K_ERR_CLOSED = -6,     /* the service is outside its opening hours */
	K_ERR_CAP = -7,        /* the service's daily cap is reached */
	K_ERR_DISABLED = -8,   /* the service is disabled */
	K_ERR_EMPTY = -9,      /* nobody is waiting */
	K_ERR_BUSY = -10,      /* the database stayed locked past the timeout */
	K_ERR_CLOCK = -11,     /* the clock is unset (a board without RTC) */
	K_ERR_STATE = -12,     /* the counter has no ticket in a fitting state */
	K_ERR_CONFIG = -13,    /* the configuration is invalid */
	K_ERR_VERSION = -14,   /* the database is from a newer program */
	K_ERR_DUPLICATE = -15, /* the booking was already checked in */
	K_ERR_TIMEOUT = -16,   /* a device did not answer in time */
	K_ERR_NODEV = -17,     /* the device is not there (unplugged, wrong address) */
	K_ERR_PAPER_OUT = -18, /* the printer has no paper */
	K_ERR_COVER_OPEN = -19,/* the printer's cover is open */
	K_ERR_OFFLINE = -20,   /* the printer is offline */
	K_ERR_PRINTER = -21,   /* the printer reports an error (cutter, head ...) */
	K_ERR_DISABLED_DEV = -22, /* the device is configured as "none" */
	K_ERR_UNREACHABLE = -23,  /* the station server did not answer (in time) */
	K_ERR_PROTOCOL = -24,     /* the station server answered something unexpected */
	K_ERR_AUTH = -25,         /* the station server refused this kiosk's token */
	K_ERR_EXHAUSTED = -26,    /* offline, and no leased or band number is left */
	K_ERR_DISK_FULL = -27,    /* the database's disk is (nearly) full: not issuing */
	K_ERR_LIMIT = -28,        /* a caller holds or asks more than it may (leases) */
	K_ERR_TAKEN = -29,        /* the number is held by another ticket */
	K_ERR_EXPIRED = -30,      /* too late: a rating's window has passed */
};

/* Stable name such as "CAP" for K_ERR_CAP; "UNKNOWN" for other values. */
const char *kerr_name(int err);

/* A short English description for technicians' logs and kioskctl. */
const char *kerr_text(int err);

#endif
