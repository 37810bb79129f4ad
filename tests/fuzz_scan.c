/*
 * fuzz_scan.c - what a scanner can send, fuzzed: the booking token parser
 * and verifier (contract CCB1), the wedge's key assembly, and a HID POS
 * scanner's report descriptor and reports.
 *
 * Built two ways: with clang's libFuzzer (tools/fuzz.sh scan, run by
 * tools/test when clang is there), and with tests/fuzz/replay.c as
 * `fuzz-replay-scan`, which runs every file of the corpus in
 * tests/fuzz/scan/ through the same function (ctest fuzz_replay_scan).
 */
#include "booking.h"
#include "kclock.h"
#include "hidpos.h"
#include "scan_wedge.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SCANNER_CODE_MAX 256
/* checked in every build (a replay build may define NDEBUG) */
#define CHECK(c) do { if (!(c)) abort(); } while (0)

/* A station TEST with key K1 = the test key (seed of 32 bytes 7), service CAPMOI. */
static const struct kconf *station(void)
{
	static struct kconf cfg;
	static int ready;
	if (!ready) {
		static const unsigned char pk[32] = {
			0xea, 0x4a, 0x6c, 0x63, 0xe2, 0x9c, 0x52, 0x0a, 0xbe, 0xf5, 0x50, 0x7b,
			0x13, 0x2e, 0xc5, 0xf9, 0x95, 0x47, 0x76, 0xae, 0xbe, 0xbe, 0x7b, 0x92,
			0x42, 0x1e, 0xea, 0x69, 0x14, 0x46, 0xd2, 0x2c,
		};
		memset(&cfg, 0, sizeof(cfg));
		snprintf(cfg.station.id, sizeof(cfg.station.id), "TEST");
		snprintf(cfg.booking.keys[0].kid, sizeof(cfg.booking.keys[0].kid), "K1");
		memcpy(cfg.booking.keys[0].pk, pk, 32);
		cfg.booking.nkeys = 1;
		cfg.booking.early = 30;
		cfg.booking.late = 15;
		snprintf(cfg.services[0].code, sizeof(cfg.services[0].code), "CAPMOI");
		cfg.services[0].enabled = 1;
		cfg.nservices = 1;
		ready = 1;
	}
	return &cfg;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct booking_token t;
	int64_t now = 1795833000; /* 2026-11-28 09:30 */

	/* 1. the scan as a payload */
	int r = booking_verify(station(), (const char *)data, size, now, &t);
	CHECK(r >= BOOKING_OK && r <= BOOKING_NOT_FOUND);
	if (r == BOOKING_OK)
		CHECK(strlen(t.text) <= BOOKING_MAX_PAYLOAD && t.minutes >= 1 && t.minutes <= 480);

	/* 2. the same bytes as keys: low 6 bits a HID usage, bit 6 Shift, bit 7 a pause */
	struct wedge w;
	uint32_t ms = 1000;
	wedge_reset(&w);
	for (size_t i = 0; i < size; i++) {
		int usage = data[i] & 0x3f, shift = (data[i] >> 6) & 1;
		ms += data[i] & 0x80 ? 150 : 3;
		int res = usage == 0x28 ? wedge_end(&w, ms) :
			  wedge_usage_char(usage, shift) ?
			  wedge_char(&w, wedge_usage_char(usage, shift), usage, ms) :
			  wedge_tick(&w, ms);
		if (res == WEDGE_SCAN) {
			size_t len;
			const char *text = wedge_text(&w, &len);
			CHECK(len <= WEDGE_MAX && memchr(text, 0, len) == NULL);
			booking_verify(station(), text, len, now, &t);
			wedge_reset(&w);
		} else if (res == WEDGE_KEYS) {
			CHECK(wedge_nkeys(&w) <= WEDGE_MAX);
			wedge_reset(&w);
		}
	}

	/* 3. the bytes as a HID report descriptor, then as a report of it */
	struct hidpos_layout l;
	uint8_t out[SCANNER_CODE_MAX];
	int more;
	if (hidpos_parse(data, size, &l) == 0) {
		CHECK(l.data_len > 0 && l.data_bit % 8 == 0);
		int k = hidpos_extract(&l, data, size, out, sizeof(out), &more);
		CHECK(k <= (int)sizeof(out));
	}
	l.report_id = size ? data[0] : 0;
	l.data_bit = 16;
	l.data_len = 56;
	l.cont_bit = 8;
	int k = hidpos_extract(&l, data, size, out, sizeof(out), &more);
	CHECK(k <= (int)sizeof(out) && (more == 0 || more == 1));
	return 0;
}
