/*
 * test_escpos.c - the ESC/POS encoder, read back by the decoder, and the
 * status bytes of DLE EOT as printers send them.
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
	static const uint8_t mixed[] = { 0x1d, 'v', '0', 0, 1, 0, 1, 0, 0xff,
					 0x1d, 'v', '0', 0, 2, 0, 1, 0, 0xff, 0xff };
	assert_int_equal(escpos_decode(truncated, sizeof(truncated), &back, &sum), K_ERR_INVALID);
	assert_int_equal(escpos_decode(unknown, sizeof(unknown), &back, &sum), K_ERR_INVALID);
	assert_int_equal(escpos_decode(mixed, sizeof(mixed), &back, &sum), K_ERR_INVALID);
	assert_null(back.bits);
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
		cmocka_unit_test(status_bytes_decode_as_printers_send_them),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
