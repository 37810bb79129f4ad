/*
 * golden.c - a picture against its reference (see golden.h).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "golden.h"

#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

long golden_compare(const unsigned char *rgb, int w, int h, const char *name, int tile,
		    long *worst)
{
	char path[512];
	png_image img;
	unsigned char *ref;
	long off = 0, most = 0;

	snprintf(path, sizeof(path), "%s/tests/golden/%s.png", getenv("KIOSK_SRC"), name);
	memset(&img, 0, sizeof(img));
	img.version = PNG_IMAGE_VERSION;
	if (getenv("KIOSK_UPDATE_GOLDEN")) {
		img.width = (png_uint_32)w;
		img.height = (png_uint_32)h;
		img.format = PNG_FORMAT_RGB;
		assert_true(png_image_write_to_file(&img, path, 0, rgb, w * 3, NULL));
		print_message("wrote %s\n", path);
		memset(&img, 0, sizeof(img));
		img.version = PNG_IMAGE_VERSION;
	}
	assert_true(png_image_begin_read_from_file(&img, path));
	img.format = PNG_FORMAT_RGB;
	assert_int_equal(img.width, w);
	assert_int_equal(img.height, h);
	ref = malloc(PNG_IMAGE_SIZE(img));
	assert_non_null(ref);
	assert_true(png_image_finish_read(&img, NULL, ref, 0, NULL));
	for (int ty = 0; ty < h; ty += tile)
		for (int tx = 0; tx < w; tx += tile) {
			long in_tile = 0;
			for (int y = ty; y < ty + tile && y < h; y++)
				for (int x = tx; x < tx + tile && x < w; x++) {
					int i = y * w + x, d = 0;
					for (int c = 0; c < 3; c++)
						d += abs(rgb[i * 3 + c] - ref[i * 3 + c]);
					in_tile += d > 96;
				}
			off += in_tile;
			most = in_tile > most ? in_tile : most;
		}
	free(ref);
	if (worst)
		*worst = most;
	return off;
}
