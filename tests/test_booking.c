/*
 * test_booking.c - the booking QR contract (CCB1): valid tokens accepted,
 * each refusal reason, the reading rules (case, CR/LF, length, bytes), one
 * character changed in each field, another key, codes that are no booking
 * at all; and check-in: used once, cancelled, priority, exempt from hours.
 */
#include "testutil.h"
#include "booking.h"
#include "kerr.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

static unsigned char pk[32], sk[64], pk2[32], sk2[64];
static char conf[2048];

/* A station TEST with keys K1 (pk) and K9 (pk2), services CAPMOI and OFF. */
static void setup_keys(void)
{
	unsigned char seed[32];
	char b1[50], b2[50];
	memset(seed, 7, sizeof(seed));
	crypto_sign_seed_keypair(pk, sk, seed);
	memset(seed, 9, sizeof(seed));
	crypto_sign_seed_keypair(pk2, sk2, seed);
	sodium_bin2base64(b1, sizeof(b1), pk, 32, sodium_base64_VARIANT_ORIGINAL);
	sodium_bin2base64(b2, sizeof(b2), pk2, 32, sodium_base64_VARIANT_ORIGINAL);
	snprintf(conf, sizeof(conf),
		 "[station]\nid = TEST\nname_vi = Thử\n[queue]\nsync = normal\n"
		 "[booking]\nkey.K1 = %s\nkey.K9 = %s\n"
		 "[service.CAPMOI]\nprefix = A\nname_vi = A\nhours = 07:30-11:30\ndays = mon-sun\n"
		 "cap = 1\n"
		 "[service.OFF]\nprefix = B\nname_vi = B\nhours = 07:30-11:30\nenabled = no\n"
		 "[counter.1]\nservices = CAPMOI\n", b1, b2);
}

/* A token for a 30-minute slot at 2026-11-28 09:30. */
static const char *mint(const char *kid, const char *station, const char *booking,
			const char *service, const unsigned char *key)
{
	static char out[256];
	struct booking_token t;
	memset(&t, 0, sizeof(t));
	snprintf(t.kid, sizeof(t.kid), "%s", kid);
	snprintf(t.station, sizeof(t.station), "%s", station);
	snprintf(t.booking, sizeof(t.booking), "%s", booking);
	snprintf(t.service, sizeof(t.service), "%s", service);
	t.slot = tlocal("2026-11-28T09:30");
	t.minutes = 30;
	assert_int_equal(booking_mint(&t, key, out, sizeof(out)), 0);
	return out;
}

static int check(struct kconf *cfg, const char *payload, size_t len, const char *now)
{
	struct booking_token t;
	return booking_verify(cfg, payload, len, tlocal(now), &t);
}

static int checks(struct kconf *cfg, const char *payload, const char *now)
{
	return check(cfg, payload, strlen(payload), now);
}

static void a_valid_token_is_accepted_and_read(void **state)
{
	(void)state;
	struct kconf cfg;
	struct kconf_errors errs;
	struct booking_token t;
	setup_keys();
	assert_int_equal(tconf(&cfg, &errs, conf), 0);
	const char *tok = mint("K1", "TEST", "BK2611280042", "CAPMOI", sk);
	assert_int_equal(strlen(tok), strlen("CCB1:K1:TEST:BK2611280042:CAPMOI:202611280930:30:") +
					  BOOKING_SIG_CHARS);
	assert_int_equal(booking_verify(&cfg, tok, strlen(tok), tlocal("2026-11-28T09:10"), &t),
			 BOOKING_OK);
	assert_string_equal(t.booking, "BK2611280042");
	assert_string_equal(t.service, "CAPMOI");
	assert_int_equal(t.minutes, 30);
	assert_int_equal(t.slot, tlocal("2026-11-28T09:30"));
}

static void each_reason_is_given(void **state)
{
	(void)state;
	struct kconf cfg;
	struct kconf_errors errs;
	setup_keys();
	assert_int_equal(tconf(&cfg, &errs, conf), 0);
	char ok[256];
	snprintf(ok, sizeof(ok), "%s", mint("K1", "TEST", "B1", "CAPMOI", sk)); /* mint's is static */
	assert_int_equal(checks(&cfg, "hello", "2026-11-28T09:30"), BOOKING_MALFORMED);
	assert_int_equal(checks(&cfg, mint("K2", "TEST", "B1", "CAPMOI", sk), "2026-11-28T09:30"),
			 BOOKING_UNKNOWN_KEY);
	assert_int_equal(checks(&cfg, mint("K1", "TEST", "B1", "CAPMOI", sk2), "2026-11-28T09:30"),
			 BOOKING_BAD_SIGNATURE); /* signed by another key */
	assert_int_equal(checks(&cfg, mint("K1", "OTHER", "B1", "CAPMOI", sk), "2026-11-28T09:30"),
			 BOOKING_WRONG_STATION);
	assert_int_equal(checks(&cfg, mint("K1", "TEST", "B1", "NOPE", sk), "2026-11-28T09:30"),
			 BOOKING_UNKNOWN_SERVICE);
	assert_int_equal(checks(&cfg, mint("K1", "TEST", "B1", "OFF", sk), "2026-11-28T09:30"),
			 BOOKING_UNKNOWN_SERVICE); /* configured, but not enabled */
	/* early 30, late 15, slot 09:30-10:00 */
	assert_int_equal(checks(&cfg, ok, "2026-11-28T08:59"), BOOKING_TOO_EARLY);
	assert_int_equal(checks(&cfg, ok, "2026-11-28T09:00"), BOOKING_OK);
	assert_int_equal(checks(&cfg, ok, "2026-11-28T10:15"), BOOKING_OK);
	assert_int_equal(checks(&cfg, ok, "2026-11-28T10:16"), BOOKING_EXPIRED);
	assert_int_equal(checks(&cfg, ok, "1970-01-01T08:00"), BOOKING_CLOCK_UNSET);
	assert_string_equal(booking_reason_name(BOOKING_ALREADY_USED), "ALREADY_USED");
	assert_string_equal(booking_reason_name(BOOKING_CANCELLED), "CANCELLED");
}

static void reading_rules(void **state)
{
	(void)state;
	struct kconf cfg;
	struct kconf_errors errs;
	char buf[512];
	setup_keys();
	assert_int_equal(tconf(&cfg, &errs, conf), 0);
	const char *ok = mint("K1", "TEST", "BK-7", "CAPMOI", sk);
	const char *now = "2026-11-28T09:30";

	/* scanners add CR/LF/TAB and spaces; Caps Lock sends lower case */
	snprintf(buf, sizeof(buf), "  %s\r\n", ok);
	assert_int_equal(checks(&cfg, buf, now), BOOKING_OK);
	snprintf(buf, sizeof(buf), "%s\t", ok);
	assert_int_equal(checks(&cfg, buf, now), BOOKING_OK);
	for (size_t i = 0; i <= strlen(ok); i++)
		buf[i] = (char)(ok[i] >= 'A' && ok[i] <= 'Z' ? ok[i] + 32 : ok[i]);
	assert_int_equal(checks(&cfg, buf, now), BOOKING_OK);

	/* 201 bytes; a NUL inside; a non-ASCII byte; a space inside */
	memset(buf, 'A', 201);
	assert_int_equal(check(&cfg, buf, 201, now), BOOKING_MALFORMED);
	snprintf(buf, sizeof(buf), "%s", ok);
	buf[10] = '\0';
	assert_int_equal(check(&cfg, buf, strlen(ok), now), BOOKING_MALFORMED);
	snprintf(buf, sizeof(buf), "%s", ok);
	buf[12] = (char)0xc3;
	assert_int_equal(checks(&cfg, buf, now), BOOKING_MALFORMED);
	snprintf(buf, sizeof(buf), "%s", ok);
	buf[12] = ' ';
	assert_int_equal(checks(&cfg, buf, now), BOOKING_MALFORMED);

	/* codes that are no booking at all */
	assert_int_equal(checks(&cfg, "079123456789|123456789|Nguyen Van A|01011990|Nam|"
			  "So 1 Duong 2, Di An, Binh Duong|01012021", now), BOOKING_MALFORMED);
	assert_int_equal(checks(&cfg, "https://zalo.me/dian-pc06", now), BOOKING_MALFORMED);
	assert_int_equal(checks(&cfg, "8934567890123", now), BOOKING_MALFORMED);
	assert_int_equal(checks(&cfg, "", now), BOOKING_MALFORMED);

	/* fields of the wrong shape, each re-signed so only the syntax is wrong */
	static const char *bad[] = {
		"CCB2:K1:TEST:B:CAPMOI:202611280930:30",
		"CCB1:K123456789:TEST:B:CAPMOI:202611280930:30",
		"CCB1:K1::B:CAPMOI:202611280930:30",
		"CCB1:K1:TEST:B_1:CAPMOI:202611280930:30",
		"CCB1:K1:TEST:B:CAP-MOI:202611280930:30",
		"CCB1:K1:TEST:B:CAPMOI:20261128093:30",
		"CCB1:K1:TEST:B:CAPMOI:202602300930:30",   /* 30 February */
		"CCB1:K1:TEST:B:CAPMOI:202611282530:30",   /* 25:30 */
		"CCB1:K1:TEST:B:CAPMOI:202611280930:030",  /* a leading zero */
		"CCB1:K1:TEST:B:CAPMOI:202611280930:0",
		"CCB1:K1:TEST:B:CAPMOI:202611280930:481",
		"CCB1:K1:TEST:B:CAPMOI:202611280930",
		"CCB1:K1:TEST:B:CAPMOI:202611280930:30:EXTRA",
	};
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		unsigned char sig[64];
		char b32[BOOKING_SIG_CHARS + 1];
		crypto_sign_detached(sig, NULL, (const unsigned char *)bad[i], strlen(bad[i]), sk);
		booking_base32(sig, 64, b32);
		snprintf(buf, sizeof(buf), "%s:%s", bad[i], b32);
		if (checks(&cfg, buf, now) != BOOKING_MALFORMED)
			fail_msg("case %u was not MALFORMED: %s", i, bad[i]);
	}
	/* a signature one character short, or with its unused bits set */
	snprintf(buf, sizeof(buf), "%s", ok);
	buf[strlen(buf) - 1] = '\0';
	assert_int_equal(checks(&cfg, buf, now), BOOKING_MALFORMED);
	snprintf(buf, sizeof(buf), "%s", ok);
	char *last = buf + strlen(buf) - 1;
	*last = *last == 'B' ? 'C' : 'B'; /* B and C: low bits 001, 010 */
	assert_int_equal(checks(&cfg, buf, now), BOOKING_MALFORMED);
}

/* One character changed anywhere: never accepted. */
static void one_character_changed_in_each_field_is_refused(void **state)
{
	(void)state;
	struct kconf cfg;
	struct kconf_errors errs;
	char buf[256];
	setup_keys();
	assert_int_equal(tconf(&cfg, &errs, conf), 0);
	const char *ok = mint("K1", "TEST", "BK2611280042", "CAPMOI", sk);
	for (size_t i = 0; i < strlen(ok); i++) {
		if (ok[i] == ':')
			continue;
		snprintf(buf, sizeof(buf), "%s", ok);
		buf[i] = buf[i] == '2' ? '3' : buf[i] == 'A' ? 'B' : buf[i] >= '0' && buf[i] <= '9' ? '2' : 'A';
		if (checks(&cfg, buf, "2026-11-28T09:30") == BOOKING_OK)
			fail_msg("changed at %zu and still accepted: %s", i, buf);
	}
}

static void check_in_is_once_cancelled_is_refused(void **state)
{
	(void)state;
	struct queue_ticket t, t2;
	struct booking_token b;
	int reason;
	setup_keys();
	struct tfix *f = tfix_new_text(conf, "2026-11-28T07:05"); /* before opening */
	const char *tok = mint("K1", "TEST", "B1", "CAPMOI", sk);
	f->now = tlocal("2026-11-28T09:05");
	assert_int_equal(booking_verify(&f->cfg, tok, strlen(tok), f->now, &b), BOOKING_OK);
	tissue(f, "CAPMOI", 0);                  /* the cap of 1 is reached for walk-ins */
	assert_int_equal(queue_checkin(f->q, &b, NULL, &t, &reason), 0);
	assert_int_equal(reason, BOOKING_OK);
	assert_string_equal(t.number, "A002");   /* the same sequence, past the cap */
	assert_int_equal(t.source, QUEUE_BOOKING);
	assert_int_equal(t.priority, 1);
	assert_int_equal(queue_checkin(f->q, &b, NULL, &t2, &reason), 0);
	assert_int_equal(reason, BOOKING_ALREADY_USED);
	assert_string_equal(t2.number, "A002");  /* the number issued the first time */

	tok = mint("K1", "TEST", "B2", "CAPMOI", sk);
	assert_int_equal(booking_verify(&f->cfg, tok, strlen(tok), f->now, &b), BOOKING_OK);
	assert_int_equal(queue_cancel_booking(f->q, "B2"), 0);
	assert_int_equal(queue_checkin(f->q, &b, NULL, &t, &reason), 0);
	assert_int_equal(reason, BOOKING_CANCELLED);

	/* early in the morning, before the service opens, within the early window */
	tok = mint("K1", "TEST", "B3", "CAPMOI", sk);
	f->now = tlocal("2026-11-28T09:01");
	assert_int_equal(booking_verify(&f->cfg, tok, strlen(tok), f->now, &b), BOOKING_OK);
	assert_int_equal(queue_checkin(f->q, &b, NULL, &t, &reason), 0);
	assert_int_equal(reason, BOOKING_OK);
	tfix_free(f);
}

static void base32_is_rfc4648(void **state)
{
	(void)state;
	char out[32];
	booking_base32((const unsigned char *)"foobar", 6, out);
	assert_string_equal(out, "MZXW6YTBOI"); /* RFC 4648 section 10, unpadded */
	booking_base32((const unsigned char *)"f", 1, out);
	assert_string_equal(out, "MY");
}

int main(void)
{
	assert_int_equal(sodium_init() >= 0, 1);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(base32_is_rfc4648),
		cmocka_unit_test(a_valid_token_is_accepted_and_read),
		cmocka_unit_test(each_reason_is_given),
		cmocka_unit_test(reading_rules),
		cmocka_unit_test(one_character_changed_in_each_field_is_refused),
		cmocka_unit_test(check_in_is_once_cancelled_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
