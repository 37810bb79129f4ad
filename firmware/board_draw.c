/*
 * board_draw.c - where the board's parts go and how they are painted.
 *
 * Every size is a fraction of the output's shorter side or of a part's own
 * box, so a 1920x1080 TV, a 1280x720 one and a 1080x1920 portrait screen
 * follow the same rules: landscape puts the highlight and the list side by
 * side, portrait stacks them.  Fonts are opened at the sizes the layout
 * needs and again only when the output size or the number of services
 * changes.  The highlight is amber while a call is new, navy after; the
 * newest row of the list is amber too.  Text that could be too long (unit,
 * service and counter names) is cut to its box with "…", never spills over.
 */
#include "board_private.h"
#include "ui_text.h"
#include "klog.h"
#include "kerr.h"

#include <stdio.h>
#include <string.h>

static const SDL_Color ink = { 0x10, 0x10, 0x10, 0xff };
static const SDL_Color white = { 0xff, 0xff, 0xff, 0xff };
static const SDL_Color navy = { 0x0b, 0x3d, 0x91, 0xff };
static const SDL_Color navy_dark = { 0x06, 0x24, 0x58, 0xff };
static const SDL_Color pale = { 0xe8, 0xf0, 0xfe, 0xff };
static const SDL_Color amber = { 0xff, 0xc1, 0x07, 0xff };
static const SDL_Color amber_pale = { 0xff, 0xe8, 0xa3, 0xff };
static const SDL_Color grey = { 0x50, 0x50, 0x50, 0xff };
static const SDL_Color light = { 0xc8, 0xd4, 0xea, 0xff };
static const SDL_Color red = { 0xb0, 0x00, 0x20, 0xff };

/* ---- layout ---- */

static int nservices(const struct board *b)
{
	int n = 0;
	if (b->have_view)
		return b->view.nservices;
	for (int i = 0; i < b->d.cfg->nservices; i++)
		n += b->d.cfg->services[i].enabled;
	return n;
}

/* Columns and rows of the service tiles. */
static void tile_grid(const struct board *b, int n, int *cols, int *rows)
{
	int c = b->lay.portrait ? 2 : n <= 4 ? n : n <= 6 ? 3 : 4;
	if (c > n)
		c = n;
	if (c < 1)
		c = 1;
	*cols = c;
	*rows = n > 0 ? (n + c - 1) / c : 1;
}

static int open_fonts(struct board *b, const int size[BF_COUNT])
{
	const struct kconf *cfg = b->d.cfg;
	for (int i = 0; i < BF_COUNT; i++) {
		int bold = i != BF_LABEL && i != BF_SMALL && i != BF_NAME_EN;
		int pt = size[i] < 10 ? 10 : size[i];
		if (b->font[i] && b->lay.size[i] == pt)
			continue;
		if (b->font[i])
			TTF_CloseFont(b->font[i]);
		b->font[i] = TTF_OpenFont(bold ? cfg->kiosk.font_bold : cfg->kiosk.font, pt);
		b->lay.size[i] = pt;
		if (!b->font[i]) {
			klog(KLOG_ERR, "board: cannot open font %s: %s",
			     bold ? cfg->kiosk.font_bold : cfg->kiosk.font, TTF_GetError());
			return K_ERR_IO;
		}
	}
	return K_OK;
}

int board_layout(struct board *b)
{
	struct board_layout *L = &b->lay;
	int w, h, size[BF_COUNT], cols, rows;

	if (b->d.rotate) /* the panel as its viewer sees it */
		rotate_size(b->d.rotate, &w, &h);
	else if (SDL_GetRendererOutputSize(b->r, &w, &h) < 0 || w <= 0 || h <= 0)
		return K_ERR_INVALID;
	b->w = w;
	b->h = h;
	int unit = w < h ? w : h, m = unit / 40, english = b->d.cfg->kiosk.english;
	L->margin = m;
	L->portrait = h > w;
	L->nservices = nservices(b);
	tile_grid(b, L->nservices, &cols, &rows);
	size[BF_SMALL] = unit * 22 / 1000;
	size[BF_LABEL] = unit * 34 / 1000;
	/* a heading: Vietnamese, English beneath */
	int title = size[BF_LABEL] * 13 / 10 + (english ? size[BF_SMALL] * 13 / 10 : 0) + m / 2;
	/* the services: their heading, then tiles unit * 11 % tall in as many
	 * rows as they take, at most 30 % of the height */
	int sh = 2 * m + rows * (unit * 11 / 100) + (rows - 1) * m / 2 + title;
	if (sh > h * 30 / 100)
		sh = h * 30 / 100;
	L->services = (SDL_Rect){ 0, h - sh, w, sh };
	if (!L->portrait) {
		L->header = (SDL_Rect){ 0, 0, w, h * 13 / 100 };
		int top = L->header.h + m, bh = L->services.y - m - top;
		L->highlight = (SDL_Rect){ m, top, w * 57 / 100 - m, bh };
		L->list = (SDL_Rect){ L->highlight.x + L->highlight.w + m, top,
				      w - 2 * m - L->highlight.w - m, bh };
	} else {
		L->header = (SDL_Rect){ 0, 0, w, h * 8 / 100 };
		L->highlight = (SDL_Rect){ m, L->header.h + m, w - 2 * m, h * 30 / 100 };
		int top = L->highlight.y + L->highlight.h + m;
		L->list = (SDL_Rect){ m, top, w - 2 * m, L->services.y - m - top };
	}
	int cw = L->portrait ? w * 30 / 100 : w * 22 / 100;
	L->clock = (SDL_Rect){ w - m - cw, 0, cw, L->header.h };

	size[BF_TITLE] = L->header.h * (english ? 30 : 38) / 100;
	size[BF_CLOCK] = L->header.h * 44 / 100;
	int hl = L->highlight.h * 34 / 100, hw = L->highlight.w * 30 / 100;
	size[BF_HUGE] = hl < hw ? hl : hw;
	size[BF_BIG] = L->highlight.h * 11 / 100;
	/* the list: a title, then rows as tall as fit, 3 to BOARD_MAX_CALLS */
	int avail = L->list.h - title - m;
	L->rows = avail / (unit * 8 / 100);
	L->rows = L->rows < 3 ? 3 : L->rows > BOARD_MAX_CALLS ? BOARD_MAX_CALLS : L->rows;
	L->row_h = avail / L->rows;
	size[BF_ROW] = L->row_h * 55 / 100;
	/* a tile: the service's name on up to two lines, its count big */
	L->tile_h = (L->services.h - 2 * m - (rows - 1) * m / 2 - title) / rows;
	L->tile_w = (L->services.w - 2 * m - (cols - 1) * m / 2) / cols;
	size[BF_NAME] = L->tile_h * 25 / 100;
	if (size[BF_NAME] > size[BF_LABEL])
		size[BF_NAME] = size[BF_LABEL];
	size[BF_NAME_EN] = size[BF_NAME] * 8 / 10;
	size[BF_COUNT_N] = L->tile_h * 50 / 100;
	return open_fonts(b, size);
}

int board_rect(const struct board *b, const char *what, SDL_Rect *out)
{
	const struct board_layout *L = &b->lay;
	int i;
	if (!strcmp(what, "header"))
		*out = L->header;
	else if (!strcmp(what, "clock"))
		*out = L->clock;
	else if (!strcmp(what, "highlight"))
		*out = L->highlight;
	else if (!strcmp(what, "list"))
		*out = L->list;
	else if (!strcmp(what, "services"))
		*out = L->services;
	else if (sscanf(what, "list:%d", &i) == 1 && i >= 0 && i < L->rows)
		*out = (SDL_Rect){ L->list.x, L->list.y + L->list.h - (L->rows - i) * L->row_h,
				   L->list.w, L->row_h };
	else
		return -1;
	return 0;
}

/* ---- painting ---- */

static void fill(SDL_Renderer *r, SDL_Color c, const SDL_Rect *rect)
{
	SDL_SetRenderDrawColor(r, c.r, c.g, c.b, c.a);
	SDL_RenderFillRect(r, rect);
}

static int text_w(const struct board *b, int font, const char *s)
{
	int w = 0, h = 0;
	if (s && *s)
		TTF_SizeUTF8(b->font[font], s, &w, &h);
	return w;
}

static int font_h(const struct board *b, int font)
{
	return TTF_FontHeight(b->font[font]);
}

/* One line of text from x, clipped to maxw; align: 0 left, 1 centre, 2 right
 * (x is then the right edge).  Returns the height used. */
static int line(struct board *b, int font, const char *s, SDL_Color c, int x, int y, int maxw,
		int align)
{
	char cut[KCONF_NAME + 4];
	if (!s || !*s || maxw <= 0)
		return 0;
	int tw = text_w(b, font, s);
	if (tw > maxw) { /* too long: as much as fits, then "…" */
		size_t n = strlen(s) < KCONF_NAME ? strlen(s) : KCONF_NAME - 1;
		do {
			while (n > 0 && ((unsigned char)s[--n] & 0xc0) == 0x80)
				; /* back to the start of a UTF-8 character */
			snprintf(cut, sizeof(cut), "%.*s…", (int)n, s);
			tw = text_w(b, font, cut);
		} while (n > 0 && tw > maxw);
		s = cut;
	}
	int left = align == 2 ? x - maxw : x;
	SDL_Rect clip = { left, y, maxw, font_h(b, font) * 2 };
	int at = align == 0 ? x : align == 1 ? x + (maxw - tw) / 2 : x - tw;
	if (at < left)
		at = left; /* too long: its start stays, its end is cut */
	SDL_RenderSetClipRect(b->r, &clip);
	int used = ui_text_draw(b->r, b->font[font], s, c, at, y, tw + 4, UI_LEFT);
	SDL_RenderSetClipRect(b->r, NULL);
	return used;
}

static int english(const struct board *b)
{
	return b->d.cfg->kiosk.english;
}

static void header(struct board *b)
{
	struct board_layout *L = &b->lay;
	const char *vi = b->view.name_vi[0] ? b->view.name_vi : b->d.cfg->station.name_vi;
	const char *en = b->view.name_en[0] ? b->view.name_en : b->d.cfg->station.name_en;
	int m = L->margin;
	struct klocal t;
	char clock[16], date[160];

	fill(b->r, navy, &L->header);
	kclock_local(board_now(b), &t);
	snprintf(clock, sizeof(clock), "%02d:%02d", t.hour, t.minute);
	char key[16];
	snprintf(key, sizeof(key), "board.wday%d", t.wday);
	int n = snprintf(date, sizeof(date), "%s", board_tr(b, 0, key));
	if (english(b))
		n += snprintf(date + n, sizeof(date) - (size_t)n, " · %s", board_tr(b, 1, key));
	snprintf(date + n, sizeof(date) - (size_t)n, ", %02d/%02d/%04d", t.day, t.month, t.year);
	/* the clock's box is as wide as its text; the name has the rest */
	int cw = text_w(b, BF_CLOCK, clock), dw = text_w(b, BF_SMALL, date);
	cw = cw > dw ? cw : dw;
	if (cw > b->w / 2)
		cw = b->w / 2;
	int right = b->w - m;
	L->clock = (SDL_Rect){ right - cw, 0, cw, L->header.h };
	int wname = L->clock.x - 2 * m;
	int hv = font_h(b, BF_TITLE), he = english(b) && en[0] ? font_h(b, BF_SMALL) : 0;
	int y = (L->header.h - hv - he) / 2;
	y += line(b, BF_TITLE, vi, white, m, y, wname, 0);
	if (he)
		line(b, BF_SMALL, en, light, m, y, wname, 0);

	int hc = font_h(b, BF_CLOCK), hd = font_h(b, BF_SMALL);
	y = (L->header.h - hc - hd) / 2;
	y += line(b, BF_CLOCK, clock, white, right, y, L->clock.w, 2);
	line(b, BF_SMALL, date, light, right, y, L->clock.w, 2);
}

/* A small red mark at the header's bottom while the source is away. */
static void offline_mark(struct board *b)
{
	char s[160];
	if (b->online != 0)
		return;
	snprintf(s, sizeof(s), "● %s%s%s", board_tr(b, 0, "board.offline"),
		 english(b) ? " · " : "", english(b) ? board_tr(b, 1, "board.offline") : "");
	int m = b->lay.margin, hs = font_h(b, BF_SMALL), w = text_w(b, BF_SMALL, s) + m;
	SDL_Rect pill = { b->lay.clock.x - m - w, b->lay.header.h - hs - m / 2, w, hs };
	fill(b->r, red, &pill);
	line(b, BF_SMALL, s, white, pill.x + m / 2, pill.y, w, 0);
}

/* A heading: Vietnamese, and English beneath; returns the height used. */
static int heading(struct board *b, const char *key, SDL_Color c, SDL_Color c_en, int x, int y,
		   int w, int align)
{
	int used = line(b, BF_LABEL, board_tr(b, 0, key), c, x, y, w, align);
	if (english(b))
		used += line(b, BF_SMALL, board_tr(b, 1, key), c_en, x, y + used, w, align);
	return used;
}

static void highlight(struct board *b)
{
	const SDL_Rect *r = &b->lay.highlight;
	int fresh = b->cur.fresh, m = b->lay.margin;
	SDL_Color bg = fresh ? amber : navy, fg = fresh ? ink : white, fg2 = fresh ? grey : light;
	char vi[KCONF_NAME + 8], en[KCONF_NAME];

	fill(b->r, bg, r);
	if (!b->cur.number[0]) {
		int y = r->y + (r->h - font_h(b, BF_LABEL)) / 2;
		heading(b, "board.none", fg, fg2, r->x + m, y, r->w - 2 * m, 1);
		return;
	}
	snprintf(vi, sizeof(vi), "→ ");
	board_counter_name(b, 0, b->cur.counter, vi + strlen(vi), sizeof(vi) - strlen(vi));
	board_counter_name(b, 1, b->cur.counter, en, sizeof(en));
	int hl = font_h(b, BF_LABEL) + (english(b) ? font_h(b, BF_SMALL) : 0);
	int hn = font_h(b, BF_HUGE) * 9 / 10, hc = font_h(b, BF_BIG);
	int he = english(b) ? font_h(b, BF_SMALL) : 0;
	int y = r->y + (r->h - hl - hn - hc - he) / 2, x = r->x + m, w = r->w - 2 * m;
	y += heading(b, "board.calling", fg, fg2, x, y, w, 1);
	line(b, BF_HUGE, b->cur.number, fg, x, y - font_h(b, BF_HUGE) / 20, w, 1);
	y += hn;
	y += line(b, BF_BIG, vi, fg, x, y, w, 1);
	if (he)
		line(b, BF_SMALL, en, fg2, x, y, w, 1);
}

static void list(struct board *b)
{
	const struct board_layout *L = &b->lay;
	const SDL_Rect *r = &L->list;
	int m = L->margin;
	char name[KCONF_NAME];

	fill(b->r, pale, r);
	heading(b, "board.recent", navy, grey, r->x + m, r->y + m / 2, r->w - 2 * m, 0);
	if (b->view.ncalls == 0) {
		SDL_Rect row;
		board_rect(b, "list:0", &row);
		heading(b, "board.none", grey, grey, r->x + m, row.y, r->w - 2 * m, 0);
		return;
	}
	int numw = text_w(b, BF_ROW, "A0000") + m, arrow = text_w(b, BF_ROW, "→") + 2 * m;
	for (int i = 0; i < b->view.ncalls && i < L->rows; i++) {
		const struct board_call *c = &b->view.calls[i];
		SDL_Rect row;
		char what[16];
		snprintf(what, sizeof(what), "list:%d", i);
		board_rect(b, what, &row);
		if (i == 0)
			fill(b->r, amber_pale, &row);
		else
			fill(b->r, light, &(SDL_Rect){ row.x + m, row.y, row.w - 2 * m, 2 });
		int y = row.y + (row.h - font_h(b, BF_ROW)) / 2;
		line(b, BF_ROW, c->number, ink, row.x + m, y, numw - m, 0);
		line(b, BF_ROW, "→", grey, row.x + numw, y, arrow, 1);
		board_counter_name(b, 0, c->counter, name, sizeof(name));
		line(b, BF_ROW, name, ink, row.x + numw + arrow, y, row.w - numw - arrow - m, 0);
	}
}

static void tile(struct board *b, const struct board_service *s, SDL_Rect t)
{
	int m = b->lay.margin, badge = t.h * 3 / 4;
	char count[16];

	fill(b->r, white, &t);
	SDL_Rect box = { t.x, t.y, badge, t.h };
	fill(b->r, navy, &box);
	line(b, BF_BIG, s->prefix, white, box.x, box.y + (box.h - font_h(b, BF_BIG)) / 2, box.w, 1);
	snprintf(count, sizeof(count), "%d", s->waiting);
	int cw = text_w(b, BF_COUNT_N, s->waiting > 99 ? "000" : "00") + m;
	line(b, BF_COUNT_N, count, navy, t.x + t.w - m / 2, t.y + (t.h - font_h(b, BF_COUNT_N)) / 2,
	     cw, 2);
	/* the name on up to two lines, then English if there is room */
	int x = box.x + box.w + m / 2, w = t.w - badge - cw - m;
	SDL_Rect clip = { x, t.y, w, t.h };
	SDL_RenderSetClipRect(b->r, &clip);
	int hn = font_h(b, BF_NAME), he = english(b) && s->name_en[0] ? font_h(b, BF_NAME_EN) : 0;
	int lines = t.h - he >= 2 * hn ? 2 : 1, y;
	TTF_SetFontWrappedAlign(b->font[BF_NAME], TTF_WRAPPED_ALIGN_LEFT);
	SDL_Surface *name = TTF_RenderUTF8_Blended_Wrapped(b->font[BF_NAME], s->name_vi, ink,
							   (Uint32)w);
	int used = name ? (name->h < lines * hn ? name->h : lines * hn) : 0;
	SDL_FreeSurface(name);
	y = t.y + (t.h - used - he) / 2;
	clip.h = y + used - t.y; /* at most `lines` lines of the name */
	SDL_RenderSetClipRect(b->r, &clip);
	ui_text_draw(b->r, b->font[BF_NAME], s->name_vi, ink, x, y, w, UI_LEFT);
	SDL_RenderSetClipRect(b->r, NULL);
	if (he) /* one line, cut with "…" */
		line(b, BF_NAME_EN, s->name_en, grey, x, y + used, w, 0);
}

static void services(struct board *b)
{
	const struct board_layout *L = &b->lay;
	const SDL_Rect *r = &L->services;
	int m = L->margin, cols, rows, n = b->view.nservices;

	fill(b->r, navy_dark, r);
	int x0 = r->x + m;
	int y0 = r->y + m + heading(b, "board.waiting", white, light, x0, r->y + m / 2,
				    r->w - 2 * m, 0);
	tile_grid(b, n, &cols, &rows);
	for (int i = 0; i < n; i++) {
		SDL_Rect t = { x0 + (i % cols) * (L->tile_w + m / 2),
			       y0 + (i / cols) * (L->tile_h + m / 2), L->tile_w, L->tile_h };
		tile(b, &b->view.services[i], t);
	}
}

void board_paint(struct board *b)
{
	if (b->have_view && b->view.nservices != b->lay.nservices && board_layout(b) < 0)
		klog(KLOG_ERR, "board: fonts lost on relayout");
	SDL_SetRenderDrawColor(b->r, 0xff, 0xff, 0xff, 0xff);
	SDL_RenderClear(b->r);
	header(b);
	offline_mark(b);
	highlight(b);
	list(b);
	services(b);
}
