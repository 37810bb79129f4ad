/*
 * test_conf_torture.c - the configuration parser against thousands of
 * damaged copies of the shipped kiosk.conf (flipped bytes, lost and doubled
 * lines, stray brackets and equals signs, control bytes, truncation).  Each
 * must either load or be refused with messages that name the file; under
 * tools/test's second run ASan and UBSan watch every one.
 */
#include "testutil.h"
#include "kerr.h"
#include "station_conf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ROUNDS 4000

static char original[1 << 16];
static size_t original_len;

static void load_original(void)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/kiosk.conf", getenv("KIOSK_SRC"));
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	original_len = fread(original, 1, sizeof(original), f);
	fclose(f);
	assert_true(original_len > 1000 && original_len < sizeof(original));
}

static size_t mutate(char *buf, size_t len, size_t cap)
{
	static const char junk[] = "[]=;#\n\r\t \x01\x7f\xc3\xa9\xff.*,-:0123456789AZaz";
	int edits = 1 + rand() % 4;
	for (int e = 0; e < edits && len > 1; e++) {
		size_t at = (size_t)rand() % len;
		switch (rand() % 6) {
		case 0: /* flip a byte */
			buf[at] = junk[rand() % (int)(sizeof(junk) - 1)];
			break;
		case 1: { /* delete a run */
			size_t n = 1 + (size_t)rand() % 40;
			if (at + n > len)
				n = len - at;
			memmove(buf + at, buf + at + n, len - at - n);
			len -= n;
			break;
		}
		case 2: { /* double a run (a line pasted twice) */
			size_t n = 1 + (size_t)rand() % 80;
			if (at + n > len)
				n = len - at;
			if (len + n < cap) {
				memmove(buf + at + n, buf + at, len - at);
				len += n;
			}
			break;
		}
		case 3: /* cut the file short */
			len = at;
			break;
		case 4: /* a very long line */
			if (len + 1500 < cap) {
				memmove(buf + at + 1500, buf + at, len - at);
				memset(buf + at, 'x', 1500);
				len += 1500;
			}
			break;
		default: /* insert a byte */
			if (len + 1 < cap) {
				memmove(buf + at + 1, buf + at, len - at);
				buf[at] = junk[rand() % (int)(sizeof(junk) - 1)];
				len++;
			}
			break;
		}
	}
	return len;
}

static void damaged_files_are_refused_cleanly(void **state)
{
	(void)state;
	static char buf[sizeof(original) + 4096];
	static struct kconf cfg;
	static struct kconf_errors errs;
	int loaded = 0, refused = 0;

	load_original();
	srand(42);
	for (int i = 0; i < ROUNDS; i++) {
		memcpy(buf, original, original_len);
		size_t len = mutate(buf, original_len, sizeof(buf));
		FILE *f = fmemopen(buf, len ? len : 1, "r");
		assert_non_null(f);
		int r = station_conf_load_stream(f, "damaged.conf", &cfg, &errs);
		fclose(f);
		if (r == K_OK) {
			loaded++;
			assert_true(cfg.nservices > 0);
			assert_true(cfg.station.id[0] != '\0');
			continue;
		}
		assert_int_equal(r, K_ERR_CONFIG);
		assert_true(errs.n > 0);
		for (int m = 0; m < errs.n; m++)
			if (strncmp(errs.msg[m], "damaged.conf", 12) != 0)
				fail_msg("message without the file name: %s", errs.msg[m]);
		refused++;
	}
	print_message("%d damaged copies: %d still valid, %d refused\n", ROUNDS, loaded, refused);
	assert_true(refused > ROUNDS / 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(damaged_files_are_refused_cleanly),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
