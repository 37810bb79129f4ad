/*
 * bitmap.c - 1-bit images, and PNG through libpng for people and for the
 * reference images the tests compare with.
 */
#include "bitmap.h"
#include "kerr.h"
#include "klog.h"

#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int bitmap_init(struct bitmap *b, int w, int h)
{
	memset(b, 0, sizeof(*b));
	if (w <= 0 || h < 0 || w > 8192 || h > 65536)
		return K_ERR_INVALID;
	b->w = w;
	b->h = h;
	b->stride = (w + 7) / 8;
	b->bits = calloc((size_t)b->stride * (size_t)(h ? h : 1), 1);
	return b->bits ? K_OK : K_ERR_NOMEM;
}

void bitmap_free(struct bitmap *b)
{
	free(b->bits);
	memset(b, 0, sizeof(*b));
}

int bitmap_set_height(struct bitmap *b, int h)
{
	if (h < 0 || h > 65536)
		return K_ERR_INVALID;
	uint8_t *p = realloc(b->bits, (size_t)b->stride * (size_t)(h ? h : 1));
	if (!p)
		return K_ERR_NOMEM;
	if (h > b->h)
		memset(p + (size_t)b->stride * (size_t)b->h, 0, (size_t)b->stride * (size_t)(h - b->h));
	b->bits = p;
	b->h = h;
	return K_OK;
}

void bitmap_fill(struct bitmap *b, int x, int y, int w, int h)
{
	for (int yy = y < 0 ? 0 : y; yy < y + h && yy < b->h; yy++)
		for (int xx = x < 0 ? 0 : x; xx < x + w && xx < b->w; xx++)
			bitmap_set(b, xx, yy, 1);
}

long bitmap_count(const struct bitmap *b, int x, int y, int w, int h)
{
	long n = 0;
	for (int yy = y < 0 ? 0 : y; yy < y + h && yy < b->h; yy++)
		for (int xx = x < 0 ? 0 : x; xx < x + w && xx < b->w; xx++)
			n += bitmap_get(b, xx, yy);
	return n;
}

int bitmap_write_png(const struct bitmap *b, const char *path)
{
	png_image img;
	uint8_t *grey = malloc((size_t)b->w * (size_t)(b->h ? b->h : 1));
	int ok;

	if (!grey)
		return K_ERR_NOMEM;
	for (int y = 0; y < b->h; y++)
		for (int x = 0; x < b->w; x++)
			grey[(size_t)y * (size_t)b->w + (size_t)x] = bitmap_get(b, x, y) ? 0 : 255;
	memset(&img, 0, sizeof(img));
	img.version = PNG_IMAGE_VERSION;
	img.width = (png_uint_32)b->w;
	img.height = (png_uint_32)b->h;
	img.format = PNG_FORMAT_GRAY;
	ok = png_image_write_to_file(&img, path, 0, grey, b->w, NULL);
	free(grey);
	if (!ok) {
		klog(KLOG_ERR, "cannot write %s: %s", path, img.message);
		return K_ERR_IO;
	}
	return K_OK;
}

int bitmap_read_png(struct bitmap *b, const char *path)
{
	png_image img;
	uint8_t *grey = NULL;
	int r = K_ERR_IO;

	memset(b, 0, sizeof(*b));
	memset(&img, 0, sizeof(img));
	img.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_file(&img, path))
		goto out;
	img.format = PNG_FORMAT_GRAY;
	grey = malloc(PNG_IMAGE_SIZE(img));
	if (!grey || !png_image_finish_read(&img, NULL, grey, 0, NULL))
		goto out;
	r = bitmap_init(b, (int)img.width, (int)img.height);
	if (r < 0)
		goto out;
	for (int y = 0; y < b->h; y++)
		for (int x = 0; x < b->w; x++)
			bitmap_set(b, x, y, grey[(size_t)y * img.width + (size_t)x] < 128);
out:
	if (r < 0)
		klog(KLOG_ERR, "cannot read %s: %s", path, img.message[0] ? img.message : "");
	png_image_free(&img);
	free(grey);
	return r;
}
