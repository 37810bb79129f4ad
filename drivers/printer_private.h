/*
 * printer_private.h - the ops table a transport fills in (not for callers).
 *
 * Modelled on libusb's backend table: each transport is one file with static
 * op_* functions and one const table; printer.c wraps the calls and handles
 * a missing op.  A transport without a status channel leaves read and
 * status NULL.
 */
#ifndef PRINTER_PRIVATE_H
#define PRINTER_PRIVATE_H

#include "printer.h"
#include "printer_uri.h"

#include <time.h>

struct printer_ops {
	const char *name;
	/* Reach the device described by p->uri; set p->priv.  0 or K_ERR_*. */
	int (*open)(struct printer *p);
	/* Release everything open() took; p->priv back to NULL. */
	void (*close)(struct printer *p);
	/* Write all of buf within timeout_ms: 0, K_ERR_TIMEOUT, K_ERR_NODEV, K_ERR_IO. */
	int (*write)(struct printer *p, const uint8_t *buf, size_t len, int timeout_ms);
	/* Read up to len bytes: the count (0 = none in time), or K_ERR_*. */
	int (*read)(struct printer *p, uint8_t *buf, size_t len, int timeout_ms);
	/* A status of the transport's own (lp: LPGETSTATUS); NULL = DLE EOT. */
	int (*status)(struct printer *p, struct printer_status *st);
};

struct printer {
	const struct printer_ops *ops;
	const struct kconf *cfg;
	struct printer_uri uri;
	void *priv;          /* the transport's state while open */
	int is_open;
	int open_failed;     /* the last open failed (its reason was logged) */
};

/* Why an open failed, logged the first time only until an open succeeds:
 * the kiosk asks an unplugged printer again every few seconds. */
#define printer_open_error(p, ...)                                                  \
	do {                                                                        \
		if (!(p)->open_failed)                                              \
			klog(KLOG_ERR, __VA_ARGS__);                                \
	} while (0)

extern const struct printer_ops printer_usb_ops;
extern const struct printer_ops printer_tcp_ops;
extern const struct printer_ops printer_lp_ops;
extern const struct printer_ops printer_sim_ops;
extern const struct printer_ops printer_none_ops;

/* Milliseconds since an arbitrary start (CLOCK_MONOTONIC), for the
 * transports' deadlines.  Inline: the transports call nothing of printer.c,
 * which holds their ops tables. */
static inline long long printer_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

#endif
