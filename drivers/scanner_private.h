/*
 * scanner_private.h - a scanner's backends and their shared state
 * (drivers/scanner*.c only).
 */
#ifndef SCANNER_PRIVATE_H
#define SCANNER_PRIVATE_H

#include <stddef.h>
#include <time.h>

#include "hidpos.h"
#include "kthread.h"
#include "scanner.h"

struct scanner_ops {
	const char *name;
	int (*open)(struct scanner *s);         /* K_OK or K_ERR_NODEV */
	void (*close)(struct scanner *s);
	/* some bytes within timeout_ms: >0 bytes, 0 none yet, K_ERR_NODEV unplugged */
	int (*read)(struct scanner *s, unsigned char *buf, size_t cap, int timeout_ms);
};

struct scanner {
	const struct scanner_ops *ops;
	char device[256];
	int fd;
	struct timespec next_try;   /* reopening an unplugged device: not before (monotonic) */
	struct kbackoff backoff;    /* the wait after the last failed open (none yet: 0) */
	int complained;             /* a backend logged why it cannot open: not again until open */
	char line[SCANNER_MAX + 1];
	size_t len;                 /* bytes of the code being assembled */
	size_t seen;                /* all its bytes, kept or not */
	struct timespec last_byte;
	unsigned char in[128];      /* read, not yet framed (the next code's start) */
	size_t in_len, in_pos;
	int shift;                  /* evdev: Shift keys held */
	struct hidpos_layout hid;   /* hid: where the code sits in a report */
};

/* scanner_evdev.c, scanner_hid.c */
extern const struct scanner_ops scanner_evdev_ops;
extern const struct scanner_ops scanner_hid_ops;

#endif
