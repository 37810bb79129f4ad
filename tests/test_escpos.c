/*
 * test_escpos.c - the ESC/POS encoder, read back by the decoder (bands
 * trimmed to their ink), and the status bytes of DLE EOT as printers send them.
 */
#include "testutil.h"
#include "escpos.h"
#include "kerr.h"

#include <stdlib.h>
#include <string.h>

static void make_pattern(struct bitmap *b, int w, int h)
{
	assert_int_equal(bitmap_init(b, w, h), 0);
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++)
			bitmap_set(b, x, y, ((x * 7 + y * 13) % 11) < 4);
}

static void a_job_reads_back_into_the_same_image(void **state)
{
	(void)state;
	static const int widths[] = { 576, 384, 100 };
	for (int i = 0; i < 3; i++) {
		struct bitmap img, back;
		struct escpos_summary sum;
		struct kbuf job;
		struct escpos_opts o = { 24, 3, KCONF_CUT_PARTIAL, 1 };
		make_pattern(&img, widths[i], 250);
		kbuf_init(&job, ESCPOS_MAX_JOB);
		assert_int_equal(escpos_encode(&img, &o, &job), 0);
		assert_memory_equal(job.data, "\x1b@", 2); /* ESC @ first */
		assert_int_equal(escpos_decode(job.data, job.len, &back, &sum), 0);
		assert_int_equal(back.w, img.stride * 8);
		assert_int_equal(back.h, img.h);
		assert_memory_equal(back.bits, img.bits, (size_t)img.stride * (size_t)img.h);
		assert_int_equal(sum.inits, 1);
		assert_int_equal(sum.bands, (250 + 23) / 24);
		assert_int_equal(sum.max_band_rows, 24);
		assert_int_equal(sum.feed_lines, 3);
		assert_int_equal(sum.cuts, 1);
		assert_int_equal(sum.buzzes, 1);
		bitmap_free(&img);
		bitmap_free(&back);
		kbuf_free(&job);
	}
}

static void bands_never_exceed_the_limit(void **state)
{
	(void)state;
	struct bitmap img, back;
	struct escpos_summary sum;
	struct kbuf job;
	struct escpos_opts o = { 255, 0, KCONF_CUT_NONE, 0 };
	make_pattern(&img, 576, 1000);
	kbuf_init(&job, ESCPOS_MAX_JOB);
	assert_int_equal(escpos_encode(&img, &o, &job), 0);
	assert_int_equal(escpos_decode(job.data, job.len, &back, &sum), 0);
	assert_int_equal(sum.max_band_rows, 255);
	assert_int_equal(sum.cuts, 0);
	assert_int_equal(job.len, 2 + 4 * 8 + 72 * 1000); /* init + 4 band headers + image */
	o.band_rows = 0;
	assert_int_equal(escpos_encode(&img, &o, &job), K_ERR_INVALID);
	bitmap_free(&img);
	bitmap_free(&back);
	kbuf_free(&job);
}

static void a_job_over_the_cap_is_refused(void **state)
{
	(void)state;
	struct bitmap img;
	struct kbuf job;
	struct escpos_opts o = { 64, 0, KCONF_CUT_NONE, 0 };
	make_pattern(&img, 576, 2000);
	kbuf_init(&job, 1000);
	assert_int_equal(escpos_encode(&img, &o, &job), K_ERR_NOMEM);
	assert_true(job.len <= 1000);
	bitmap_free(&img);
	kbuf_free(&job);
}

static void garbage_does_not_decode(void **state)
{
	(void)state;
	struct bitmap back;
	struct escpos_summary sum;
	static const uint8_t truncated[] = { 0x1b, '@', 0x1d, 'v', '0', 0, 72, 0, 10, 0, 1, 2 };
	static const uint8_t unknown[] = { 0x1b, '@', 0x1b, 't', 27 };
	/* narrow bands many rows long, then a wide one: an image too big to make */
	static const uint8_t huge[] = { 0x1d, 'v', '0', 0, 0xff, 0xff, 1, 0 };
	assert_int_equal(escpos_decode(truncated, sizeof(truncated), &back, &sum), K_ERR_INVALID);
	assert_int_equal(escpos_decode(unknown, sizeof(unknown), &back, &sum), K_ERR_INVALID);
	assert_null(back.bits);
	size_t n = sizeof(huge) + 0xffff + 8 + 0xffff;
	uint8_t *job = calloc(1, n);
	assert_non_null(job);
	memcpy(job, huge, sizeof(huge));
	memcpy(job + sizeof(huge) + 0xffff, "\x1dv0\x00\x01\x00\xff\xff", 8);
	assert_int_equal(escpos_decode(job, n, &back, &sum), K_ERR_INVALID);
	assert_null(back.bits);
	free(job);
}

/* A band is as wide as its ink: blank columns at the right and blank rows
 * are not sent, and the job still reads back into the same picture. */
static void blank_columns_and_rows_are_not_sent(void **state)
{
	(void)state;
	struct bitmap img, back;
	struct escpos_summary sum;
	struct kbuf job;
	struct escpos_opts o = { 64, 0, KCONF_CUT_NONE, 0 };
	assert_int_equal(bitmap_init(&img, 576, 300), 0);
	bitmap_fill(&img, 0, 0, 576, 10);   /* a full-width bar */
	bitmap_fill(&img, 100, 50, 60, 40); /* ink up to dot 159: 20 bytes */
	/* rows 90..299 blank */
	kbuf_init(&job, ESCPOS_MAX_JOB);
	assert_int_equal(escpos_encode(&img, &o, &job), 0);
	print_message("%zu bytes (%d untrimmed)\n", job.len, 2 + 5 * 8 + 72 * 300);
	/* 10 rows of 72, 40 of 20, 250 of 1, and a few headers */
	assert_true(job.len <= 2 + 10 * 72 + 40 * 20 + 250 + 12 * 8);
	assert_int_equal(escpos_decode(job.data, job.len, &back, &sum), 0);
	assert_int_equal(back.w, 576);
	assert_int_equal(back.h, 300);
	assert_true(sum.max_band_rows <= 64);
	assert_memory_equal(back.bits, img.bits, (size_t)img.stride * (size_t)img.h);
	bitmap_free(&back);
	kbuf_free(&job);

	/* bands of differing widths read back left-aligned in the widest */
	static const uint8_t mixed[] = { 0x1d, 'v', '0', 0, 1, 0, 1, 0, 0xff,
					 0x1d, 'v', '0', 0, 2, 0, 1, 0, 0x0f, 0xf0 };
	assert_int_equal(escpos_decode(mixed, sizeof(mixed), &back, &sum), 0);
	assert_int_equal(back.w, 16);
	assert_int_equal(back.h, 2);
	assert_int_equal(back.bits[0], 0xff);
	assert_int_equal(back.bits[1], 0x00);
	assert_int_equal(back.bits[2], 0x0f);
	assert_int_equal(back.bits[3], 0xf0);
	assert_int_equal(sum.bands, 2);
	bitmap_free(&back);
	bitmap_free(&img);
}

static void status_bytes_decode_as_printers_send_them(void **state)
{
	(void)state;
	struct printer_status st;

	escpos_status_clear(&st);
	assert_int_equal(escpos_status_apply(1, 0x16, &st), 0); /* online, idle */
	assert_int_equal(st.online, 1);
	assert_int_equal(escpos_status_apply(4, 0x12, &st), 0);
	assert_int_equal(st.paper, PAPER_OK);
	assert_int_equal(escpos_status_apply(4, 0x1e, &st), 0);
	assert_int_equal(st.paper, PAPER_NEAR_END);
	assert_int_equal(escpos_status_apply(4, 0x72, &st), 0);
	assert_int_equal(st.paper, PAPER_OUT);

	escpos_status_clear(&st);
	assert_int_equal(escpos_status_apply(1, 0x1e, &st), 0); /* bit 3: offline */
	assert_int_equal(st.online, 0);
	assert_int_equal(escpos_status_apply(2, 0x16, &st), 0); /* bit 2: cover open */
	assert_int_equal(st.cover_open, 1);
	assert_int_equal(escpos_status_apply(2, 0x52, &st), 0); /* bit 6: error */
	assert_int_equal(st.error, 1);
	assert_int_equal(escpos_status_apply(3, 0x12, &st), 0);
	assert_int_equal(st.error, 0);

	/* bytes whose fixed bits are wrong are not guessed at */
	escpos_status_clear(&st);
	assert_int_equal(escpos_status_apply(4, 0x00, &st), -1);
	assert_int_equal(escpos_status_apply(4, 0xff, &st), -1);
	assert_int_equal(st.answered, 0);
	assert_int_equal(st.paper, PAPER_UNKNOWN);
	assert_int_equal(escpos_status_apply(9, 0x12, &st), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_job_reads_back_into_the_same_image),
		cmocka_unit_test(bands_never_exceed_the_limit),
		cmocka_unit_test(a_job_over_the_cap_is_refused),
		cmocka_unit_test(garbage_does_not_decode),
		cmocka_unit_test(blank_columns_and_rows_are_not_sent),
		cmocka_unit_test(status_bytes_decode_as_printers_send_them),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
