/*
 * ticket_page.c - a ticket page's token: made, read, checked and hashed
 * (ticket_page.h).  libsodium does the randomness, the MAC and base64url.
 */
#include "ticket_page.h"

#include <sodium.h>
#include <string.h>

#define NONCE 8 /* random bytes; the MAC's first bytes make up the rest */

static const char KEY_CONTEXT[] = "ticket page key v1";

void ticket_page_key(const char *bearer, uint8_t key[TICKET_PAGE_KEY])
{
	size_t n = strlen(bearer);
	/* a bearer token is 20-64 bytes ([server] kiosk.<NAME>), a BLAKE2b key
	 * 16-64: hash a longer or shorter one down first */
	uint8_t k[crypto_generichash_KEYBYTES];
	crypto_generichash(k, sizeof(k), (const uint8_t *)bearer, n, NULL, 0);
	crypto_generichash(key, TICKET_PAGE_KEY, (const uint8_t *)KEY_CONTEXT,
			   sizeof(KEY_CONTEXT) - 1, k, sizeof(k));
	sodium_memzero(k, sizeof(k));
}

static void mac(const uint8_t key[TICKET_PAGE_KEY], int64_t day, const uint8_t nonce[NONCE],
		uint8_t out[TICKET_PAGE_BYTES - NONCE])
{
	uint8_t msg[8 + NONCE], full[crypto_generichash_BYTES_MIN];
	for (int i = 0; i < 8; i++)
		msg[i] = (uint8_t)((uint64_t)day >> (8 * i));
	memcpy(msg + 8, nonce, NONCE);
	crypto_generichash(full, sizeof(full), msg, sizeof(msg), key, TICKET_PAGE_KEY);
	memcpy(out, full, TICKET_PAGE_BYTES - NONCE);
}

static void to_text(const uint8_t bin[TICKET_PAGE_BYTES], char text[TICKET_PAGE_LEN + 1])
{
	char b64[sodium_base64_ENCODED_LEN(TICKET_PAGE_BYTES,
					   sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
	sodium_bin2base64(b64, sizeof(b64), bin, TICKET_PAGE_BYTES,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	memcpy(text, b64, TICKET_PAGE_LEN);
	text[TICKET_PAGE_LEN] = 0;
}

void ticket_page_make(const uint8_t key[TICKET_PAGE_KEY], int64_t day,
		      char text[TICKET_PAGE_LEN + 1])
{
	uint8_t bin[TICKET_PAGE_BYTES];
	randombytes_buf(bin, NONCE);
	mac(key, day, bin, bin + NONCE);
	to_text(bin, text);
}

void ticket_page_random(char text[TICKET_PAGE_LEN + 1])
{
	uint8_t bin[TICKET_PAGE_BYTES];
	randombytes_buf(bin, sizeof(bin));
	to_text(bin, text);
}

int ticket_page_parse(const char *text, uint8_t bin[TICKET_PAGE_BYTES])
{
	size_t len = 0;
	const char *end = NULL;
	if (!text || strnlen(text, TICKET_PAGE_LEN + 1) != TICKET_PAGE_LEN)
		return -1;
	if (sodium_base642bin(bin, TICKET_PAGE_BYTES, text, TICKET_PAGE_LEN, NULL, &len, &end,
			      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    len != TICKET_PAGE_BYTES || end != text + TICKET_PAGE_LEN)
		return -1;
	/* one spelling per token: the last character's unused bits are zero */
	char again[TICKET_PAGE_LEN + 1];
	to_text(bin, again);
	return memcmp(again, text, TICKET_PAGE_LEN) ? -1 : 0;
}

int ticket_page_signed(const uint8_t key[TICKET_PAGE_KEY], int64_t day,
		       const uint8_t bin[TICKET_PAGE_BYTES])
{
	uint8_t want[TICKET_PAGE_BYTES - NONCE];
	mac(key, day, bin, want);
	return sodium_memcmp(want, bin + NONCE, sizeof(want)) == 0;
}

void ticket_page_hash(const uint8_t bin[TICKET_PAGE_BYTES], uint8_t hash[TICKET_PAGE_HASH])
{
	crypto_generichash(hash, TICKET_PAGE_HASH, bin, TICKET_PAGE_BYTES, NULL, 0);
}
