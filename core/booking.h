/*
 * booking.h - the booking QR token, contract CCB1
 * (docs/booking.md):
 *
 *   CCB1:<KID>:<STATION>:<BOOKING>:<SERVICE>:<SLOT>:<MINUTES>:<SIG>
 *
 * signed with Ed25519 (libsodium) over everything before the last ':', the
 * signature in RFC 4648 base32 without padding.  The kiosk verifies offline
 * with public keys only; the reasons for refusal are part of the contract.
 *
 * Nothing here logs or keeps a refused payload: an ID-card QR carries a
 * name and an address.
 */
#ifndef BOOKING_H
#define BOOKING_H

#include <stddef.h>
#include <stdint.h>

#include "kconf.h"

#define BOOKING_MAX_PAYLOAD 200  /* bytes a scan may have, CR/LF included */
#define BOOKING_SIG_CHARS 103    /* base32 of 64 bytes, no padding */

/* Why a token is refused, in the contract's order of checking. */
enum booking_reason {
	BOOKING_OK = 0,
	BOOKING_MALFORMED,
	BOOKING_UNKNOWN_KEY,
	BOOKING_BAD_SIGNATURE,
	BOOKING_WRONG_STATION,
	BOOKING_UNKNOWN_SERVICE,
	BOOKING_TOO_EARLY,
	BOOKING_EXPIRED,
	BOOKING_CANCELLED,
	BOOKING_ALREADY_USED,
	BOOKING_CLOCK_UNSET,     /* not the token's fault: the kiosk's clock is unset */
	BOOKING_NOT_FOUND,       /* a typed booking code the station does not know */
};

struct booking_token {
	char kid[9];
	char station[17];
	char booking[21];
	char service[9];
	int64_t slot;            /* slot start, Unix time */
	int minutes;
	unsigned char sig[64];
	char text[BOOKING_MAX_PAYLOAD + 1]; /* the normalised token */
	size_t signed_len;       /* bytes of text that are signed */
};

/* The contract's name of a reason: "TOO_EARLY" ... */
const char *booking_reason_name(int reason);

/*
 * Reading rule 1: strip, fold case, check the syntax.  payload is len bytes
 * (NUL bytes are bytes like any other: refused).  BOOKING_OK or
 * BOOKING_MALFORMED; out is filled on OK only.
 */
int booking_parse(const char *payload, size_t len, struct booking_token *out);

/*
 * Rules 1-6 against cfg at time now: parse, key, signature, station,
 * service, time window.  Rules 7-8 (cancelled, used once) need the
 * database: queue_checkin() does them.
 */
int booking_verify(const struct kconf *cfg, const char *payload, size_t len, int64_t now,
		   struct booking_token *out);

/* Rules 4-6 for a booking already known good (signed, or the station's
 * own record of a typed code): station, service, clock, time window. */
int booking_check(const struct kconf *cfg, const struct booking_token *t, int64_t now);

/* A typed booking code (from the Zalo message): 1-20 of A-Z 0-9 -, folded
 * to upper case into out (21 bytes).  0 or -1. */
int booking_code_norm(const char *in, char out[21]);

/*
 * Mint a token: t's kid, station, booking, service, slot, minutes signed
 * with the 64-byte libsodium secret key sk into out (at least 200 bytes).
 * K_ERR_INVALID if a field breaks the syntax.
 */
int booking_mint(const struct booking_token *t, const unsigned char sk[64], char *out,
		 size_t len);

/* RFC 4648 base32 without padding (exposed for tests). */
void booking_base32(const unsigned char *in, size_t n, char *out);
/* Decode exactly BOOKING_SIG_CHARS characters into 64 bytes; -1 if not
 * canonical (a character outside A-Z2-7, or unused low bits set). */
int booking_unbase32_sig(const char *in, unsigned char out[64]);

#endif
