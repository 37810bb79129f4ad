/*
 * booking.c - parsing, verifying and minting CCB1 booking tokens.
 */
#include "booking.h"
#include "kclock.h"
#include "kerr.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

static const char *const reason_names[] = {
	"OK", "MALFORMED", "UNKNOWN_KEY", "BAD_SIGNATURE", "WRONG_STATION", "UNKNOWN_SERVICE",
	"TOO_EARLY", "EXPIRED", "CANCELLED", "ALREADY_USED", "CLOCK_UNSET", "NOT_FOUND",
};

static const char b32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

const char *booking_reason_name(int reason)
{
	if (reason < 0 || reason >= (int)(sizeof(reason_names) / sizeof(reason_names[0])))
		return "MALFORMED";
	return reason_names[reason];
}

void booking_base32(const unsigned char *in, size_t n, char *out)
{
	unsigned buf = 0;
	int bits = 0;
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		buf = (buf << 8) | in[i];
		bits += 8;
		while (bits >= 5) {
			out[o++] = b32[(buf >> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	if (bits > 0)
		out[o++] = b32[(buf << (5 - bits)) & 31];
	out[o] = '\0';
}

int booking_unbase32_sig(const char *in, unsigned char out[64])
{
	unsigned buf = 0;
	int bits = 0;
	size_t o = 0;
	for (int i = 0; i < BOOKING_SIG_CHARS; i++) {
		const char *p = in[i] ? strchr(b32, in[i]) : NULL;
		if (!p)
			return -1;
		buf = (buf << 5) | (unsigned)(p - b32);
		bits += 5;
		if (bits >= 8) {
			out[o++] = (unsigned char)(buf >> (bits - 8));
			bits -= 8;
		}
		buf &= (1u << bits) - 1;
	}
	/* 103 * 5 = 515 bits: the 3 left over must be zero, or two texts
	 * would carry one signature */
	return o == 64 && buf == 0 ? 0 : -1;
}

/* A field of [allowed] characters, min..max long, ending at ':' (or the end). */
static int field(const char **p, char *out, size_t min, size_t max, const char *allowed)
{
	size_t n = strcspn(*p, ":");
	if (n < min || n > max || strspn(*p, allowed) < n)
		return -1;
	memcpy(out, *p, n);
	out[n] = '\0';
	*p += n;
	if (**p == ':')
		(*p)++;
	else if (**p)
		return -1;
	return 0;
}

#define UPPER_DIGITS "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

int booking_parse(const char *payload, size_t len, struct booking_token *out)
{
	char slot[13], minutes[4], sig[BOOKING_SIG_CHARS + 1], magic[5];
	struct booking_token t;
	size_t a = 0, b = len;

	if (len > BOOKING_MAX_PAYLOAD)
		return BOOKING_MALFORMED;
	while (a < b && (payload[a] == ' ' || payload[a] == '\t' || payload[a] == '\r' ||
			 payload[a] == '\n'))
		a++;
	while (b > a && (payload[b - 1] == ' ' || payload[b - 1] == '\t' ||
			 payload[b - 1] == '\r' || payload[b - 1] == '\n'))
		b--;
	memset(&t, 0, sizeof(t));
	for (size_t i = a; i < b; i++) {
		unsigned char c = (unsigned char)payload[i];
		if (c < 0x21 || c > 0x7e) /* NUL, controls, spaces inside, non-ASCII */
			return BOOKING_MALFORMED;
		t.text[i - a] = (char)(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
	}
	const char *p = t.text;
	if (field(&p, magic, 4, 4, "CCB1") < 0 || strcmp(magic, "CCB1") != 0 ||
	    field(&p, t.kid, 1, 8, UPPER_DIGITS) < 0 ||
	    field(&p, t.station, 1, 16, UPPER_DIGITS "-") < 0 ||
	    field(&p, t.booking, 1, 20, UPPER_DIGITS "-") < 0 ||
	    field(&p, t.service, 1, 8, UPPER_DIGITS) < 0 ||
	    field(&p, slot, 12, 12, "0123456789") < 0 ||
	    field(&p, minutes, 1, 3, "0123456789") < 0)
		return BOOKING_MALFORMED;
	t.signed_len = (size_t)(p - t.text) - 1; /* up to, not including, the last ':' */
	if (field(&p, sig, BOOKING_SIG_CHARS, BOOKING_SIG_CHARS, b32) < 0 || *p ||
	    booking_unbase32_sig(sig, t.sig) < 0)
		return BOOKING_MALFORMED;
	t.minutes = 0;
	for (const char *m = minutes; *m; m++)
		t.minutes = t.minutes * 10 + (*m - '0');
	if (minutes[0] == '0' || t.minutes < 1 || t.minutes > 480)
		return BOOKING_MALFORMED;
	char local[20];
	snprintf(local, sizeof(local), "%.4s-%.2s-%.2sT%.2s:%.2s", slot, slot + 4, slot + 6,
		 slot + 8, slot + 10);
	if (kclock_parse_local(local, &t.slot) < 0)
		return BOOKING_MALFORMED; /* 2026-02-30, 25:00 ... */
	*out = t;
	return BOOKING_OK;
}

int booking_verify(const struct kconf *cfg, const char *payload, size_t len, int64_t now,
		   struct booking_token *out)
{
	struct booking_token t;
	int r = booking_parse(payload, len, &t);
	if (r != BOOKING_OK)
		return r;
	const struct kconf_key *k = kconf_key(cfg, t.kid);
	if (!k)
		return BOOKING_UNKNOWN_KEY;
	if (crypto_sign_verify_detached(t.sig, (const unsigned char *)t.text, t.signed_len,
					k->pk) != 0)
		return BOOKING_BAD_SIGNATURE;
	*out = t; /* from here on the fields are the signer's word */
	return booking_check(cfg, &t, now);
}

int booking_check(const struct kconf *cfg, const struct booking_token *t, int64_t now)
{
	if (strcmp(t->station, cfg->station.id) != 0)
		return BOOKING_WRONG_STATION;
	const struct kconf_service *s = kconf_service(cfg, t->service);
	if (!s || !s->enabled)
		return BOOKING_UNKNOWN_SERVICE;
	if (now < KCLOCK_MIN_VALID)
		return BOOKING_CLOCK_UNSET;
	if (now < t->slot - (int64_t)cfg->booking.early * 60)
		return BOOKING_TOO_EARLY;
	if (now > t->slot + ((int64_t)t->minutes + cfg->booking.late) * 60)
		return BOOKING_EXPIRED;
	return BOOKING_OK;
}

int booking_code_norm(const char *in, char out[21])
{
	size_t n = strlen(in);
	if (n < 1 || n > 20)
		return -1;
	for (size_t i = 0; i < n; i++) {
		char c = in[i] >= 'a' && in[i] <= 'z' ? (char)(in[i] - 'a' + 'A') : in[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'))
			return -1;
		out[i] = c;
	}
	out[n] = '\0';
	return 0;
}

int booking_mint(const struct booking_token *t, const unsigned char sk[64], char *out,
		 size_t len)
{
	struct klocal lt;
	char msg[BOOKING_MAX_PAYLOAD + 1], sigtext[BOOKING_SIG_CHARS + 1];
	unsigned char sig[64];
	struct booking_token check;

	kclock_local(t->slot, &lt);
	int n = snprintf(msg, sizeof(msg), "CCB1:%s:%s:%s:%s:%04d%02d%02d%02d%02d:%d", t->kid,
			 t->station, t->booking, t->service, lt.year, lt.month, lt.day, lt.hour,
			 lt.minute, t->minutes);
	if (n < 0 || (size_t)n >= sizeof(msg))
		return K_ERR_INVALID;
	crypto_sign_detached(sig, NULL, (const unsigned char *)msg, (size_t)n, sk);
	booking_base32(sig, sizeof(sig), sigtext);
	if ((size_t)snprintf(out, len, "%s:%s", msg, sigtext) >= len)
		return K_ERR_INVALID;
	/* what we mint must read back: a field out of the syntax is refused here */
	return booking_parse(out, strlen(out), &check) == BOOKING_OK ? K_OK : K_ERR_INVALID;
}
