/*
 * slip_render.c - SDL2_ttf text and libqrencode modules into a bitmap.
 *
 * Sizes are fractions of the paper width, so a 58 mm slip is an 80 mm slip
 * scaled, and nothing is a pixel constant.  Long lines wrap at the margins
 * and are never clipped.
 */
#include "slip_render.h"
#include "kerr.h"
#include "klog.h"

#include <SDL_ttf.h>
#include <qrencode.h>
#include <stdlib.h>
#include <string.h>

enum { FONT_TITLE, FONT_HEADING, FONT_NUMBER, FONT_TEXT, FONT_SMALL, FONT_COUNT };

struct slip_renderer {
	const struct kconf *cfg;
	int width, margin, gap;
	TTF_Font *font[FONT_COUNT];
	int ttf_ready;
};

static const struct {
	int bold;
	int per_width; /* font size = width / per_width ... */
	int min_px;    /* ... but never below this */
} font_spec[FONT_COUNT] = {
	[FONT_TITLE] = { 1, 20, 20 },
	[FONT_HEADING] = { 1, 18, 20 },
	[FONT_NUMBER] = { 1, 4, 80 },
	[FONT_TEXT] = { 0, 22, 18 },
	[FONT_SMALL] = { 0, 28, 16 },
};

int slip_renderer_open(struct slip_renderer **out, const struct kconf *cfg)
{
	struct slip_renderer *r = calloc(1, sizeof(*r));

	*out = NULL;
	if (!r)
		return K_ERR_NOMEM;
	r->cfg = cfg;
	r->width = cfg->printer.paper_width;
	r->margin = r->width / 48;
	r->gap = r->width / 64;
	if (TTF_Init() < 0) {
		klog(KLOG_ERR, "slip: SDL_ttf: %s", TTF_GetError());
		free(r);
		return K_ERR_IO;
	}
	r->ttf_ready = 1;
	for (int i = 0; i < FONT_COUNT; i++) {
		const char *path = font_spec[i].bold ? cfg->kiosk.font_bold : cfg->kiosk.font;
		int px = r->width / font_spec[i].per_width;
		r->font[i] = TTF_OpenFont(path, px < font_spec[i].min_px ? font_spec[i].min_px : px);
		if (!r->font[i]) {
			klog(KLOG_ERR, "slip: cannot open font %s: %s", path, TTF_GetError());
			slip_renderer_close(r);
			return K_ERR_IO;
		}
		TTF_SetFontHinting(r->font[i], TTF_HINTING_MONO);
	}
	*out = r;
	return K_OK;
}

void slip_renderer_close(struct slip_renderer *r)
{
	if (!r)
		return;
	for (int i = 0; i < FONT_COUNT; i++)
		if (r->font[i])
			TTF_CloseFont(r->font[i]);
	if (r->ttf_ready)
		TTF_Quit();
	free(r);
}

static int grow(struct bitmap *b, int y, int h)
{
	return y + h > b->h ? bitmap_set_height(b, y + h) : K_OK;
}

/* Draw text centred and wrapped at y; returns the height used or < 0. */
static int draw_text(struct slip_renderer *r, TTF_Font *font, const char *text,
		     struct bitmap *b, int y)
{
	SDL_Color black = { 0, 0, 0, 255 };
	int wrap = r->width - 2 * r->margin, rc;
	SDL_Surface *s;

	TTF_SetFontWrappedAlign(font, TTF_WRAPPED_ALIGN_CENTER);
	s = TTF_RenderUTF8_Solid_Wrapped(font, text, black, (Uint32)wrap);
	if (!s) {
		klog(KLOG_ERR, "slip: cannot render text: %s", TTF_GetError());
		return K_ERR_INVALID;
	}
	rc = grow(b, y, s->h);
	if (rc == K_OK) {
		int x0 = (r->width - s->w) / 2;
		SDL_LockSurface(s);
		for (int yy = 0; yy < s->h; yy++) {
			const Uint8 *row = (const Uint8 *)s->pixels + yy * s->pitch;
			for (int xx = 0; xx < s->w; xx++)
				if (row[xx] && x0 + xx >= 0 && x0 + xx < b->w)
					bitmap_set(b, x0 + xx, y + yy, 1);
		}
		SDL_UnlockSurface(s);
		rc = s->h;
	}
	SDL_FreeSurface(s);
	return rc;
}

static int draw_qr(struct slip_renderer *r, const char *url, struct bitmap *b, int y)
{
	QRcode *qr = QRcode_encodeString8bit(url, 0, QR_ECLEVEL_M);
	int rc;

	if (!qr) {
		klog(KLOG_ERR, "slip: the QR code cannot be made (URL of %zu bytes)", strlen(url));
		return K_ERR_INVALID;
	}
	int total = qr->width + 8;
	int module = r->cfg->printer.qr_size_mm * SLIP_DOTS_PER_MM / total;
	if (module < 1)
		module = 1; /* kconf refuses such a URL; never a broken code */
	int side = total * module;
	int x0 = (r->width - side) / 2 + 4 * module;
	rc = grow(b, y, side);
	if (rc == K_OK) {
		for (int my = 0; my < qr->width; my++)
			for (int mx = 0; mx < qr->width; mx++)
				if (qr->data[my * qr->width + mx] & 1)
					bitmap_fill(b, x0 + mx * module, y + (4 + my) * module, module,
						    module);
		rc = side;
	}
	QRcode_free(qr);
	return rc;
}

int slip_render(struct slip_renderer *r, const struct slip_layout *l, struct bitmap *out)
{
	static const int font_of[] = {
		[SLIP_TITLE] = FONT_TITLE, [SLIP_HEADING] = FONT_HEADING,
		[SLIP_NUMBER] = FONT_NUMBER, [SLIP_TEXT] = FONT_TEXT, [SLIP_SMALL] = FONT_SMALL,
	};
	int y = r->margin, rc;

	rc = bitmap_init(out, r->width, 0);
	if (rc < 0)
		return rc;
	for (int i = 0; i < l->n; i++) {
		const struct slip_line *line = &l->line[i];
		switch (line->style) {
		case SLIP_RULE:
			rc = grow(out, y, 2 + r->gap);
			if (rc == K_OK) {
				bitmap_fill(out, r->margin, y + r->gap / 2, r->width - 2 * r->margin, 2);
				rc = 2 + r->gap;
			}
			break;
		case SLIP_QR:
			rc = draw_qr(r, line->text, out, y);
			break;
		default:
			rc = draw_text(r, r->font[font_of[line->style]], line->text, out, y);
			break;
		}
		if (rc < 0) {
			bitmap_free(out);
			return rc;
		}
		y += rc + (line->style == SLIP_QR ? 0 : r->gap);
	}
	rc = grow(out, y, r->margin);
	if (rc < 0)
		bitmap_free(out);
	return rc;
}

int slip_length_tenth_mm(const struct bitmap *b)
{
	return b->h * 10 / SLIP_DOTS_PER_MM;
}
