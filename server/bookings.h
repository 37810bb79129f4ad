/*
 * bookings.h - slots and bookings on the station server: a booking backend
 * (the Zalo Mini App's server) makes a booking in a slot with room, and
 * gets the signed CCB1 token its app shows as a QR code.  No name, phone or
 * ID number is asked for or kept: a booking is an id, a service and a slot.
 *
 * Slots come from the service's hours on that day (core/hours.h: its week
 * and the [calendar]; none on a closed day), [service] slot_minutes long,
 * slot_capacity each.  Capacity is checked and taken in one IMMEDIATE
 * transaction: two backends booking the last place at once get one place.
 */
#ifndef BOOKINGS_H
#define BOOKINGS_H

#include <stdint.h>

#include "booking.h"
#include "kconf.h"

struct bookings;

/* On the queue database (its tables come from the engine's migrations).
 * The signing key is read from [booking] signing_key if set. */
int bookings_open(struct bookings **out, const char *db_path, const struct kconf *cfg);
void bookings_close(struct bookings *b);

/*
 * Book service at slot (Unix time of a slot start) for `by`, at time now:
 * *out and its token.  K_ERR_NOT_FOUND: no such bookable service;
 * K_ERR_INVALID: not a slot of it (not aligned, outside hours or days, in
 * the past, beyond days_ahead); K_ERR_CLOSED: [calendar] closes that day;
 * K_ERR_CAP: the slot is full; K_ERR_DISABLED: this server has no signing key.
 */
struct booking_made {
	char id[21];
	char service[9];
	int64_t slot;
	int minutes;
	char token[BOOKING_MAX_PAYLOAD + 1];
};
int bookings_make(struct bookings *b, const char *service, int64_t slot, const char *by,
		  int64_t now, struct booking_made *out);

/* Cancel: later check-ins are refused (CANCELLED).  K_ERR_NOT_FOUND. */
int bookings_cancel(struct bookings *b, const char *id, int64_t now);

/* The slots of service on day (kclock_day), each with its capacity and
 * the places taken; fn(start, minutes, capacity, taken, ctx). */
int bookings_slots(struct bookings *b, const char *service, int64_t day,
		   void (*fn)(int64_t start, int minutes, int capacity, int taken, void *ctx),
		   void *ctx);

/* The bookings of day (kclock_day) and the next (a check-in may open
 * before midnight), cancelled or not: fn for each. */
int bookings_on(struct bookings *b, int64_t day,
		void (*fn)(const char *id, const char *service, int64_t slot, int minutes,
			   int cancelled, void *ctx), void *ctx);

/*
 * The bookings made (not cancelled) for today or later whose day [calendar]
 * closes: the calendar changed after they were made, and the citizens must be
 * told, by the booking backend or the staff.  fn for each (may be NULL), in
 * slot order.  Returns how many, or K_ERR_DB.  Ids only: nobody's name.
 */
int bookings_on_closed_days(struct bookings *b, int64_t now,
			    void (*fn)(const char *id, const char *service, int64_t slot,
				       int minutes, void *ctx), void *ctx);

/* Say in the journal how many there are and on which days (at start). */
int bookings_report_closed(struct bookings *b, int64_t now);

#endif
