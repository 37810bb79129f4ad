/*
 * qr_read.c - a 1-bit image's first QR code, read with zbar (qr_read.h).
 * Set pixels are dark modules: the image is handed to zbar as 8-bit grey.
 */
#include "qr_read.h"

#include <stdio.h>
#include <stdlib.h>
#include <zbar.h>

int qr_read(const struct bitmap *img, char *out, size_t len)
{
	unsigned char *grey = malloc((size_t)img->w * (size_t)img->h);
	zbar_image_scanner_t *sc = zbar_image_scanner_create();
	zbar_image_t *z = zbar_image_create();
	int rc = -1;

	if (!grey || !sc || !z)
		goto out;
	for (int y = 0; y < img->h; y++)
		for (int x = 0; x < img->w; x++)
			grey[y * img->w + x] = bitmap_get(img, x, y) ? 0 : 255;
	zbar_image_scanner_set_config(sc, 0, ZBAR_CFG_ENABLE, 0);
	zbar_image_scanner_set_config(sc, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
	zbar_image_set_format(z, zbar_fourcc('Y', '8', '0', '0'));
	zbar_image_set_size(z, (unsigned)img->w, (unsigned)img->h);
	zbar_image_set_data(z, grey, (unsigned long)img->w * (unsigned long)img->h, NULL);
	if (zbar_scan_image(sc, z) > 0) {
		snprintf(out, len, "%s", zbar_symbol_get_data(zbar_image_first_symbol(z)));
		rc = 0;
	}
out:
	if (z)
		zbar_image_destroy(z);
	if (sc)
		zbar_image_scanner_destroy(sc);
	free(grey);
	return rc;
}

int qr_read_png(const char *path, char *out, size_t len)
{
	struct bitmap img;
	if (bitmap_read_png(&img, path) != 0)
		return -1;
	int rc = qr_read(&img, out, len);
	bitmap_free(&img);
	return rc;
}
