/*
 * png_scale.c - a slip's PNG made smaller, as a phone's photo or a poor
 * scan sees it: each pixel of the result is the mean of the dots it covers
 * (a box filter), written as 8-bit grey.  For tests/slip_ocr.sh, which
 * reads the result with tesseract: a number or a service name that OCR
 * cannot read at 35 % is too small for weak eyes too.
 *
 *   png-scale IN.png OUT.png PERCENT      (PERCENT 5-100)
 */
#include "bitmap.h"

#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	struct bitmap in;
	int pct = argc == 4 ? atoi(argv[3]) : 0;

	if (pct < 5 || pct > 100) {
		fprintf(stderr, "usage: png-scale IN.png OUT.png PERCENT (5-100)\n");
		return 2;
	}
	if (bitmap_read_png(&in, argv[1]) != 0) {
		fprintf(stderr, "png-scale: cannot read %s\n", argv[1]);
		return 1;
	}
	int w = in.w * pct / 100, h = in.h * pct / 100;
	if (w < 1)
		w = 1;
	if (h < 1)
		h = 1;
	unsigned char *grey = malloc((size_t)w * (size_t)h);
	if (!grey) {
		bitmap_free(&in);
		return 1;
	}
	/* the result's pixel (x, y) covers the source's [x0, x1) x [y0, y1) */
	for (int y = 0; y < h; y++) {
		int y0 = y * in.h / h, y1 = (y + 1) * in.h / h;
		if (y1 <= y0)
			y1 = y0 + 1;
		for (int x = 0; x < w; x++) {
			int x0 = x * in.w / w, x1 = (x + 1) * in.w / w;
			if (x1 <= x0)
				x1 = x0 + 1;
			long ink = bitmap_count(&in, x0, y0, x1 - x0, y1 - y0);
			long all = (long)(x1 - x0) * (y1 - y0);
			grey[(size_t)y * (size_t)w + (size_t)x] = (unsigned char)(255 - ink * 255 / all);
		}
	}
	png_image img;
	memset(&img, 0, sizeof(img));
	img.version = PNG_IMAGE_VERSION;
	img.width = (png_uint_32)w;
	img.height = (png_uint_32)h;
	img.format = PNG_FORMAT_GRAY;
	int ok = png_image_write_to_file(&img, argv[2], 0, grey, w, NULL);
	free(grey);
	bitmap_free(&in);
	if (!ok) {
		fprintf(stderr, "png-scale: cannot write %s\n", argv[2]);
		return 1;
	}
	return 0;
}
