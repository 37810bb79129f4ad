/*
 * slip_render.c - SDL2_ttf text and libqrencode modules into a bitmap.
 *
 * Sizes are fractions of the paper width, so a 58 mm slip is an 80 mm slip
 * scaled, and nothing is a pixel constant.  Long lines wrap at the margins
 * and are never clipped.  Paper is the running cost, so blank paper is
 * spent only where it helps reading: the number is cut to its ink, short
 * lines share a row when they fit (SLIP_ROW), and the lines marked
 * SLIP_BESIDE stand in a column left of the QR code instead of above it
 * (a line marked both goes to the column when it does not fit the row).
 */
#include "slip_render.h"
#include "kerr.h"
#include "klog.h"

#include <errno.h>
#include <SDL_ttf.h>
#include <qrencode.h>
#include <stdlib.h>
#include <string.h>

enum { FONT_TITLE, FONT_HEADING, FONT_NUMBER, FONT_TEXT, FONT_SMALL, FONT_SERVICE, FONT_COUNT };

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
	/* a fifth of the width: digits over 10 mm tall on either paper (they
	 * were a quarter; the fifth leaves room for a bold service name) */
	[FONT_NUMBER] = { 1, 5, 80 },
	[FONT_TEXT] = { 0, 22, 18 },
	[FONT_SMALL] = { 0, 28, 16 },
	/* bold and larger than the lines around it: read at a glance, and by OCR
	 * at 35 % (tests/slip_ocr.sh: thinner or smaller, its marks are lost) */
	[FONT_SERVICE] = { 1, 20, 18 },
};

static const int font_of[] = {
	[SLIP_TITLE] = FONT_TITLE, [SLIP_HEADING] = FONT_HEADING, [SLIP_NUMBER] = FONT_NUMBER,
	[SLIP_TEXT] = FONT_TEXT,   [SLIP_SMALL] = FONT_SMALL,     [SLIP_MARK] = FONT_HEADING,
	[SLIP_RULE] = FONT_SMALL,  [SLIP_QR] = FONT_SMALL,	  [SLIP_SERVICE] = FONT_SERVICE,
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
	r->gap = r->width / 128; /* 0.5 mm at 80 mm: a text row's own leading is the rest */
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
			const char *why = TTF_GetError();
			klog(KLOG_ERR, "slip: cannot open font %s: %s", path, why);
			slip_renderer_close(r);
			/* SDL_OutOfMemory()'s words: not a missing font */
			return strstr(why, "Out of memory") ? K_ERR_NOMEM : K_ERR_IO;
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

/* A line of text made, not yet placed. */
struct piece {
	SDL_Surface *s; /* 8-bit: non-zero = ink */
	int top, h;     /* the rows of s that go on paper */
	int w;          /* width on paper, the mark's box included */
	int box;        /* the mark: white on black with this much black around */
};

/* The mark's black border: a fifth of its font's size. */
static int mark_box(struct slip_renderer *r)
{
	return TTF_FontHeight(r->font[FONT_HEADING]) / 5;
}

/* Width of line on one row, the mark's box included. */
static int natural_width(struct slip_renderer *r, const struct slip_line *line)
{
	int w = 0, h;
	if (TTF_SizeUTF8(r->font[font_of[line->style]], line->text, &w, &h) < 0)
		return 1 << 20; /* never fits beside anything */
	return line->style == SLIP_MARK ? w + 2 * mark_box(r) : w;
}

/* Rows [*top, *top + *h) of s that hold ink (0, 0 if none). */
static void ink_rows(SDL_Surface *s, int *top, int *h)
{
	int first = -1, last = -1;
	for (int y = 0; y < s->h; y++) {
		const Uint8 *row = (const Uint8 *)s->pixels + y * s->pitch;
		for (int x = 0; x < s->w; x++)
			if (row[x]) {
				if (first < 0)
					first = y;
				last = y;
				break;
			}
	}
	*top = first < 0 ? 0 : first;
	*h = first < 0 ? 0 : last - first + 1;
}

/* Make line as a piece wrapped at wrap dots, aligned as align (TTF_WRAPPED_ALIGN_*). */
static int make_piece(struct slip_renderer *r, const struct slip_line *line, int wrap, int align,
		      struct piece *p)
{
	SDL_Color black = { 0, 0, 0, 255 };
	TTF_Font *font = r->font[font_of[line->style]];

	memset(p, 0, sizeof(*p));
	p->box = line->style == SLIP_MARK ? mark_box(r) : 0;
	TTF_SetFontWrappedAlign(font, align);
	if (natural_width(r, line) <= wrap) /* as wide as its ink, to share a row */
		p->s = TTF_RenderUTF8_Solid(font, line->text, black);
	else
		p->s = TTF_RenderUTF8_Solid_Wrapped(font, line->text, black,
						    (Uint32)(wrap - 2 * p->box > 1 ? wrap - 2 * p->box : 1));
	if (!p->s) {
		const char *why = TTF_GetError();
		klog(KLOG_ERR, "slip: cannot render text: %s", why);
		/* SDL_OutOfMemory()'s words, as for the fonts */
		return strstr(why, "Out of memory") ? K_ERR_NOMEM : K_ERR_INVALID;
	}
	SDL_LockSurface(p->s);
	p->h = p->s->h;
	if (line->style == SLIP_NUMBER || line->style == SLIP_MARK)
		ink_rows(p->s, &p->top, &p->h); /* capitals and digits: no blank above or below */
	p->w = p->s->w + 2 * p->box;
	p->h += 2 * p->box;
	return K_OK;
}

static void free_piece(struct piece *p)
{
	if (p->s) {
		SDL_UnlockSurface(p->s);
		SDL_FreeSurface(p->s);
	}
	p->s = NULL;
}

/* Draw p with its top left corner at x, y. */
static int put_piece(const struct piece *p, struct bitmap *b, int x, int y)
{
	int rc = grow(b, y, p->h);

	if (rc < 0)
		return rc;
	if (p->box)
		bitmap_fill(b, x, y, p->w, p->h);
	for (int yy = 0; yy < p->h - 2 * p->box; yy++) {
		const Uint8 *row = (const Uint8 *)p->s->pixels + (p->top + yy) * p->s->pitch;
		for (int xx = 0; xx < p->s->w; xx++) {
			int px = x + p->box + xx;
			if (row[xx] && px >= 0 && px < b->w)
				bitmap_set(b, px, y + p->box + yy, !p->box);
		}
	}
	return K_OK;
}

/* Do lines [from, to) of l fit on one row across the paper? */
static int row_fits(struct slip_renderer *r, const struct slip_layout *l, int from, int to)
{
	int total = -r->gap * 5;

	for (int i = from; i < to; i++)
		total += r->gap * 5 + natural_width(r, &l->line[i]);
	return total <= r->width - 2 * r->margin;
}

/*
 * Lines [from, to) of l as rows within [x0, x0 + avail) from y: a line
 * marked SLIP_ROW goes on the row before it when the whole row fits, else
 * on a row of its own; a thin upright bar parts two texts on one row.  Rows
 * are centred, or left-aligned (left).  Returns the height used (gaps
 * between rows included) or < 0.
 */
static int draw_lines(struct slip_renderer *r, const struct slip_layout *l, int from, int to,
		      int x0, int avail, int left, struct bitmap *b, int y)
{
	int y0 = y, rc = K_OK, space = r->gap * 5, thin = r->width / 288 > 1 ? r->width / 288 : 1;
	int dot = r->gap * 2 / 3 > 2 ? r->gap * 2 / 3 : 2;

	for (int i = from; i < to && rc == K_OK;) {
		int end = i + 1, total = natural_width(r, &l->line[i]), row_h = 0;
		struct piece p[SLIP_MAX_LINES];

		while (end < to && (l->line[end].place & SLIP_ROW) &&
		       total + space + natural_width(r, &l->line[end]) <= avail)
			total += space + natural_width(r, &l->line[end++]);
		if (y > y0)
			y += left ? r->gap / 2 : r->gap; /* a column is read as one block */
		if (l->line[i].style == SLIP_RULE) {
			rc = grow(b, y, thin);
			if (rc == K_OK)
				bitmap_fill(b, r->margin, y, r->width - 2 * r->margin, thin);
			y += thin;
			i = end;
			continue;
		}
		int n = end - i;
		for (int k = 0; k < n; k++)
			p[k].s = NULL;
		for (int k = 0; k < n && rc == K_OK; k++) {
			rc = make_piece(r, &l->line[i + k], avail,
					left ? TTF_WRAPPED_ALIGN_LEFT : TTF_WRAPPED_ALIGN_CENTER, &p[k]);
			if (rc == K_OK && p[k].h > row_h)
				row_h = p[k].h;
		}
		if (rc == K_OK) {
			total = (n - 1) * space;
			for (int k = 0; k < n; k++)
				total += p[k].w;
			int x = left ? x0 : x0 + (avail - total) / 2;
			for (int k = 0; k < n && rc == K_OK; k++) {
				if (k && !p[k].box && !p[k - 1].box) /* a dot at mid x-height */
					bitmap_fill(b, x - (space + dot) / 2, y + row_h * 11 / 20 - dot / 2,
						    dot, dot);
				rc = put_piece(&p[k], b, x, y + (row_h - p[k].h) / 2);
				x += p[k].w + space;
			}
		}
		for (int k = 0; k < n; k++)
			free_piece(&p[k]);
		y += row_h;
		i = end;
	}
	return rc < 0 ? rc : y - y0;
}

/* The QR code of url as its modules; *module and *side (quiet zone included) in dots. */
static int make_qr(struct slip_renderer *r, const char *url, QRcode **out, int *module,
		   int *side)
{
	QRcode *qr = QRcode_encodeString8bit(url, 0, QR_ECLEVEL_M);

	*out = qr;
	if (!qr) {
		if (errno == ENOMEM) {
			klog(KLOG_ERR, "slip: the QR code cannot be made: out of memory");
			return K_ERR_NOMEM;
		}
		klog(KLOG_ERR, "slip: the QR code cannot be made (URL of %zu bytes)", strlen(url));
		return K_ERR_INVALID;
	}
	int total = qr->width + 8; /* the standard's 4-module quiet zone each side */
	*module = r->cfg->printer.qr_size_mm * SLIP_DOTS_PER_MM / total;
	if (*module < 1)
		*module = 1; /* kconf refuses such a URL; never a broken code */
	*side = total * *module;
	return K_OK;
}

/* Draw qr with its quiet zone's top left corner at x, y. */
static int put_qr(const QRcode *qr, int module, struct bitmap *b, int x, int y)
{
	int rc = grow(b, y, (qr->width + 8) * module);

	if (rc < 0)
		return rc;
	for (int my = 0; my < qr->width; my++)
		for (int mx = 0; mx < qr->width; mx++)
			if (qr->data[my * qr->width + mx] & 1)
				bitmap_fill(b, x + (4 + mx) * module, y + (4 + my) * module, module,
					    module);
	return K_OK;
}

/*
 * The QR code of line qr at the right, lines [from, qr) in a column at its
 * left, the shorter of the two centred against the other.  A column too
 * narrow for its words (very narrow paper) gives the lines their own rows
 * above the code instead.  Returns the height used or < 0.
 */
static int draw_beside(struct slip_renderer *r, const struct slip_layout *l, int from, int qr_at,
		       struct bitmap *b, int y)
{
	int module, side, rc, h;
	QRcode *qr;

	rc = make_qr(r, l->line[qr_at].text, &qr, &module, &side);
	if (rc < 0)
		return rc;
	int avail = r->width - side - r->margin;
	if (avail < r->width / 3) { /* stacked: the lines, then the code centred */
		h = draw_lines(r, l, from, qr_at, r->margin, r->width - 2 * r->margin, 0, b, y);
		rc = h < 0 ? h : put_qr(qr, module, b, (r->width - side) / 2, y + h + r->gap);
		QRcode_free(qr);
		return rc < 0 ? rc : h + r->gap + side;
	}
	/* the column is drawn apart first: its height decides where it goes */
	struct bitmap col;
	rc = bitmap_init(&col, r->width, 0);
	h = rc < 0 ? rc : draw_lines(r, l, from, qr_at, r->margin, avail, 1, &col, 0);
	if (h >= 0) {
		int top = side > h ? (side - h) / 2 : 0;
		rc = put_qr(qr, module, b, r->width - side, y + (h > side ? (h - side) / 2 : 0));
		if (rc == K_OK)
			rc = grow(b, y + top, h);
		for (int yy = 0; yy < h && rc == K_OK; yy++)
			for (int xx = 0; xx < r->width - side; xx++)
				if (bitmap_get(&col, xx, yy))
					bitmap_set(b, xx, y + top + yy, 1);
	} else {
		rc = h;
	}
	bitmap_free(&col);
	QRcode_free(qr);
	return rc < 0 ? rc : (h > side ? h : side);
}

int slip_render(struct slip_renderer *r, const struct slip_layout *l, struct bitmap *out)
{
	int y = r->gap, rc;

	rc = bitmap_init(out, r->width, 0);
	if (rc < 0)
		return rc;
	for (int i = 0; i < l->n && rc >= 0;) {
		int end = i + 1;
		if (l->line[i].style == SLIP_QR) {
			int module = 0, side = 0;
			QRcode *qr;
			rc = make_qr(r, l->line[i].text, &qr, &module, &side);
			if (rc == K_OK)
				rc = put_qr(qr, module, out, (r->width - side) / 2, y);
			QRcode_free(qr);
			y += side; /* its quiet zone is the space around it */
			i++;
			continue;
		}
		if (l->line[i].place & SLIP_BESIDE) {
			while (end < l->n && (l->line[end].place & SLIP_BESIDE))
				end++;
			if (end < l->n && l->line[end].style == SLIP_QR) {
				rc = draw_beside(r, l, i, end, out, y);
				y += rc + r->gap;
				i = end + 1;
				continue;
			}
		} else {
			/* a line that may go beside the QR code as well shares this
			 * row only when it fits on it (the service's counters after
			 * a name that wraps go to the column instead) */
			while (end < l->n && (l->line[end].place & SLIP_ROW) &&
			       (l->line[end].place == SLIP_ROW || row_fits(r, l, i, end + 1)))
				end++;
		}
		int air = l->line[i].style == SLIP_NUMBER ? r->gap : 0; /* cut to its ink */
		rc = draw_lines(r, l, i, end, r->margin, r->width - 2 * r->margin, 0, out, y + air);
		y += rc + r->gap + 2 * air;
		i = end;
	}
	if (rc >= 0)
		rc = grow(out, y, 0); /* the last line's gap is the bottom margin */
	if (rc < 0) {
		bitmap_free(out);
		return rc;
	}
	return K_OK;
}

int slip_length_tenth_mm(const struct bitmap *b)
{
	return b->h * 10 / SLIP_DOTS_PER_MM;
}
