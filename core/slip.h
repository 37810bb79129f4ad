/*
 * slip.h - what a queue slip says, line by line, independent of drawing.
 *
 * The layout rules live here, in plain C, so tests can read a slip as text;
 * slip/slip_render.c turns a layout into a 1-bit image with the project's
 * font, and drivers/escpos.c into printer bytes.
 */
#ifndef SLIP_H
#define SLIP_H

#include <stdint.h>

#include "i18n.h"
#include "kconf.h"

struct queue_ticket;
struct booking_token;

#define SLIP_MAX_LINES 20
#define SLIP_DOTS_PER_MM 8 /* 203 dpi thermal heads */

enum slip_style {
	SLIP_TITLE,   /* unit name: bold, centred, wraps */
	SLIP_HEADING, /* PHIẾU SỐ THỨ TỰ */
	SLIP_NUMBER,  /* A012, very large */
	SLIP_TEXT,    /* counters, people ahead, wait */
	SLIP_SMALL,   /* parent unit, English lines, date, closing line */
	SLIP_RULE,    /* a thin line across */
	SLIP_QR,      /* the QR code (its text is the URL) */
	SLIP_MARK,    /* ƯU TIÊN: bold, white on a black box */
	SLIP_SERVICE, /* the service's name: bold, a little larger than SLIP_TEXT */
};

/* Where a line may go, so that short lines cost no paper of their own. */
enum slip_place {
	SLIP_ROW = 1,    /* on the row of the line before it, when both fit */
	SLIP_BESIDE = 2, /* in a column left of the QR code that follows, if any */
};

struct slip_line {
	enum slip_style style;
	unsigned place;  /* enum slip_place bits; 0 = a row of its own, centred */
	char text[KCONF_LONG];
};

struct slip_layout {
	struct slip_line line[SLIP_MAX_LINES];
	int n;
};

/* What the slip is about.  ahead < 0, wait_minutes <= 0: not printed. */
struct slip_info {
	const char *number;
	const char *service;   /* code, as in kiosk.conf */
	int64_t ticket_id;
	int64_t issued_at;     /* Unix time */
	int ahead;
	int wait_minutes;
	int64_t booked_slot;   /* a checked-in booking: its slot start; 0 = walk-in */
	int booked_minutes;
	int priority;          /* a priority ticket (a booking's, by [booking] priority) */
	const char *page;      /* its page token (ticket_page.h); NULL or "" = none */
};

/* The slip of ticket t, checked in from booking b (NULL for a walk-in);
 * out points into t. */
void slip_info_of(struct slip_info *out, const struct queue_ticket *t,
		  const struct booking_token *b);

/*
 * Lay out a slip.  text[0] / text[1] are the Vietnamese / English catalogues
 * (English lines only with [printer] english = yes).  Returns 0, or
 * K_ERR_NOT_FOUND for a service not in cfg.
 */
int slip_layout(const struct kconf *cfg, struct i18n *const text[2],
		const struct slip_info *info, struct slip_layout *out);

/*
 * The slip's QR address into buf: {number} {id} {station} {service} {day}
 * {token} of cfg's [printer] qr_url filled in; when qr_url is empty and
 * [public] url is set, <[public] url>/t/<token>.  "" (no QR code) when
 * there is neither, or when the address needs a token and info has none
 * (a kiosk without [sync] server).
 */
void slip_qr_url(const struct kconf *cfg, const struct slip_info *info, char *buf,
		 unsigned len);

/*
 * Can the longest URL the template (or the [public] url default) can make,
 * a token of TICKET_PAGE_LEN characters included, be printed as a QR code of
 * qr_size_mm with whole-dot modules of at least SLIP_QR_MIN_DOTS and a
 * 4-module quiet zone?  Returns 0, or -1 with the reason in why.
 */
#define SLIP_QR_MIN_DOTS 3
int slip_qr_check(const struct kconf *cfg, char *why, unsigned len);

/*
 * Does the QR code send a ticket's details ({number} {id} {service} {day}
 * {token}) to a host other than the station's own ([sync] server's or
 * [public] url's)?  A scan would
 * tell that company who came when (the field review's §4).  1 with that
 * host in host (lower case), else 0.  For a warning, not a refusal: a
 * station may have its own web server under another name.
 */
int slip_qr_third_party(const struct kconf *cfg, char *host, unsigned len);

#endif
