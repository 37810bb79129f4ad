/*
 * ticket_page.h - the token of a ticket's public page (/t/<token>,
 * docs/public.md): what the slip's QR code carries instead of anything
 * about the citizen.
 *
 * A token is 16 bytes, written as 22 characters of base64url.  A kiosk
 * makes it when it makes the ticket's client_ref, online or offline: 8
 * random bytes and the first 8 bytes of their BLAKE2b MAC, keyed by a key
 * derived from the kiosk's [sync] token, over the ticket's day.  So the
 * server, which knows every kiosk's token, can tell a token a kiosk really
 * made today but has not pushed yet ("not received yet") from a guess
 * (404), and nobody without a kiosk's token can make one.  Tickets the
 * server issues by itself (staff) get 16 random bytes.  The server keeps
 * only a hash of each token (ticket_page_hash), looked up by that hash, so
 * neither the time of a look-up nor the database tells a token.
 */
#ifndef TICKET_PAGE_H
#define TICKET_PAGE_H

#include <stdint.h>

#define TICKET_PAGE_BYTES 16
#define TICKET_PAGE_LEN 22          /* base64url characters, no padding */
#define TICKET_PAGE_KEY 32
#define TICKET_PAGE_HASH 32

/* The key kiosk tokens are made with, from the kiosk's bearer token. */
void ticket_page_key(const char *bearer, uint8_t key[TICKET_PAGE_KEY]);

/* A new token of a ticket of day (kclock_day()), made with key. */
void ticket_page_make(const uint8_t key[TICKET_PAGE_KEY], int64_t day,
		      char text[TICKET_PAGE_LEN + 1]);

/* A new token of 16 random bytes (a ticket the server issued itself). */
void ticket_page_random(char text[TICKET_PAGE_LEN + 1]);

/* Text to bytes: 0, or -1 unless it is exactly 22 base64url characters. */
int ticket_page_parse(const char *text, uint8_t bin[TICKET_PAGE_BYTES]);

/* Did key make this token for day?  1 or 0, in constant time. */
int ticket_page_signed(const uint8_t key[TICKET_PAGE_KEY], int64_t day,
		       const uint8_t bin[TICKET_PAGE_BYTES]);

/* What the server stores and looks up: BLAKE2b-256 of the token's bytes. */
void ticket_page_hash(const uint8_t bin[TICKET_PAGE_BYTES], uint8_t hash[TICKET_PAGE_HASH]);

#endif
