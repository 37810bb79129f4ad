/*
 * rate_draw.c - where the rating panel's parts go and how they are painted.
 *
 * Every size is a fraction of the output's shorter side or of a part's own
 * box, so a 7" 800x480 panel, a 1024x600 one and any other follow the same
 * rules: landscape puts the choices side by side, each a face over its
 * words; portrait stacks them, each a face beside its words.  Fonts are
 * opened at the sizes the layout needs, again only when the output size
 * changes.  Text is wrapped within its box and clipped to it, never spills
 * onto a neighbour.  Idle is the counter's name on navy and nothing else;
 * the thanks is a smile on white.
 */
#include "rate_private.h"
#include "widget.h"
#include "kerr.h"
#include "klog.h"

#include <stdio.h>
#include <string.h>

/* ---- layout ---- */

static int open_fonts(struct rate *p, const int size[RF_COUNT])
{
	const struct kconf *cfg = p->d.cfg;
	for (int i = 0; i < RF_COUNT; i++) {
		const char *file = i == RF_LABEL ? cfg->kiosk.font : cfg->kiosk.font_bold;
		int pt = size[i] < 10 ? 10 : size[i];
		if (p->font[i] && p->lay.size[i] == pt)
			continue;
		if (p->font[i])
			TTF_CloseFont(p->font[i]);
		p->font[i] = TTF_OpenFont(file, pt);
		p->lay.size[i] = pt;
		if (!p->font[i]) {
			klog(KLOG_ERR, "rate: cannot open font %s: %s", file, TTF_GetError());
			return K_ERR_IO;
		}
	}
	return K_OK;
}

int rate_layout(struct rate *p)
{
	struct rate_layout *L = &p->lay;
	int w, h, size[RF_COUNT];

	if (p->d.rotate) /* the panel as its viewer sees it */
		rotate_size(p->d.rotate, &w, &h);
	else if (SDL_GetRendererOutputSize(p->r, &w, &h) < 0 || w <= 0 || h <= 0)
		return K_ERR_INVALID;
	p->w = w;
	p->h = h;
	int unit = w < h ? w : h, m = unit / 30;
	L->margin = m;
	L->portrait = h > w;
	L->band = (SDL_Rect){ 0, 0, w, h * (L->portrait ? 8 : 12) / 100 };
	int barh = unit * 3 / 100 + 2;
	L->bar = (SDL_Rect){ m, h - m - barh, w - 2 * m, barh };
	L->ticket = (SDL_Rect){ m, L->band.h + m, w - 2 * m, h * (L->portrait ? 13 : 19) / 100 };
	L->title = (SDL_Rect){ m, L->ticket.y + L->ticket.h, w - 2 * m,
			       h * (L->portrait ? 9 : 10) / 100 };
	int top = L->title.y + L->title.h;
	L->choices = (SDL_Rect){ m, top, w - 2 * m, L->bar.y - m - top };

	size[RF_COUNTER] = unit * 14 / 100;
	size[RF_BAND] = L->band.h * 40 / 100;
	size[RF_NUMBER] = L->ticket.h * 62 / 100;
	size[RF_LABEL] = unit * 42 / 1000;
	size[RF_TITLE] = unit * 52 / 1000;
	size[RF_WORD] = unit * 48 / 1000;
	size[RF_THANKS] = unit * 11 / 100;
	return open_fonts(p, size);
}

static void add(struct rate *p, SDL_Rect r, enum rate_action action, int arg)
{
	if (p->nbuttons < RATE_MAX_BUTTONS)
		p->button[p->nbuttons++] = (struct rate_button){ r, action, arg };
}

/* n cells of box in cols columns, gap between them: cell i. */
static SDL_Rect cell(const SDL_Rect *box, int n, int cols, int gap, int i)
{
	int rows = (n + cols - 1) / cols;
	int cw = (box->w - (cols - 1) * gap) / cols, ch = (box->h - (rows - 1) * gap) / rows;
	return (SDL_Rect){ box->x + (i % cols) * (cw + gap), box->y + (i / cols) * (ch + gap), cw, ch };
}

/* The reasons' grid: below the question, down to the countdown. */
static SDL_Rect reasons_box(const struct rate *p)
{
	const struct rate_layout *L = &p->lay;
	int top = L->band.h + L->margin + L->title.h;
	return (SDL_Rect){ L->margin, top, p->w - 2 * L->margin, L->bar.y - L->margin - top };
}

static int reason_cols(const struct rate *p, int n)
{
	if (p->lay.portrait)
		return n <= 5 ? 1 : 2;
	return n <= 3 ? n : n == 4 ? 2 : 3;
}

void rate_place(struct rate *p)
{
	const struct rate_layout *L = &p->lay;
	const struct rate_view *v = &p->shown;
	int m = L->margin;

	p->nbuttons = 0;
	p->pressed = -1;
	switch (p->screen) {
	case RATE_SCREEN_OPEN:
		for (int i = 0; i < v->nlevels; i++)
			add(p, cell(&L->choices, v->nlevels, L->portrait ? 1 : v->nlevels,
				    L->portrait ? m / 2 : m, i), RA_LEVEL, i + 1);
		break;
	case RATE_SCREEN_REASONS: {
		SDL_Rect box = reasons_box(p);
		int n = v->nreasons + 1, cols = reason_cols(p, n);
		for (int i = 0; i < n; i++)
			add(p, cell(&box, n, cols, m / 2, i), i < v->nreasons ? RA_REASON : RA_SKIP,
			    i + 1);
		break;
	}
	default:
		return; /* idle and thanks: nothing to tap */
	}
	if (p->d.cfg->kiosk.english) {
		int lw = p->w * (L->portrait ? 30 : 20) / 100;
		add(p, (SDL_Rect){ p->w - m - lw, m / 2, lw, L->band.h - m }, RA_LANG, 0);
	}
}

/* ---- painting ---- */

static void fill(struct rate *p, SDL_Color c, const SDL_Rect *r)
{
	SDL_SetRenderDrawColor(p->r, c.r, c.g, c.b, c.a);
	SDL_RenderFillRect(p->r, r);
}

static void frame(struct rate *p, const SDL_Rect *r, int t, SDL_Color c)
{
	SDL_Rect edges[4] = { { r->x, r->y, r->w, t }, { r->x, r->y + r->h - t, r->w, t },
			      { r->x, r->y, t, r->h }, { r->x + r->w - t, r->y, t, r->h } };
	for (int k = 0; k < 4; k++)
		fill(p, c, &edges[k]);
}

/* s cut to fit box wrapped in font: as many of its characters as fit with
 * "…" after them (found by halving; a few renderings, not one per letter). */
static const char *fit(struct rate *p, int font, const char *s, const SDL_Rect *box, char *buf,
		       size_t len)
{
	if (ui_text_height(p->font[font], s, box->w) <= box->h)
		return s;
	size_t lo = 0, hi = strlen(s) < len - 4 ? strlen(s) : len - 4; /* lo fits, hi does not */
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		while (mid > lo && ((unsigned char)s[mid] & 0xc0) == 0x80)
			mid--; /* the start of a UTF-8 character */
		if (mid == lo)
			break;
		snprintf(buf, len, "%.*s…", (int)mid, s);
		if (ui_text_height(p->font[font], buf, box->w) <= box->h)
			lo = mid;
		else
			hi = mid;
	}
	while (lo > 0 && s[lo - 1] == ' ')
		lo--;
	snprintf(buf, len, "%.*s…", (int)lo, s);
	return buf;
}

/* s in font wrapped to box, cut to it (fit()); vertically centred when
 * middle, else from its top.  Returns the height it takes. */
static int text(struct rate *p, int font, const char *s, SDL_Color c, const SDL_Rect *box,
		int middle, enum ui_align align)
{
	char cut[KCONF_NAME + 8];
	if (!s || !*s || box->w <= 0 || box->h <= 0)
		return 0;
	s = fit(p, font, s, box, cut, sizeof(cut));
	int th = ui_text_height(p->font[font], s, box->w);
	int y = middle && th < box->h ? box->y + (box->h - th) / 2 : box->y;
	SDL_RenderSetClipRect(p->r, box);
	ui_text_draw(p->r, p->font[font], s, c, box->x, y, box->w, align);
	SDL_RenderSetClipRect(p->r, NULL);
	return th;
}

static void band(struct rate *p)
{
	const struct rate_layout *L = &p->lay;
	char name[KCONF_NAME];
	int m = L->margin, right = p->w - m;
	fill(p, ui_navy, &L->band);
	for (int i = 0; i < p->nbuttons; i++)
		if (p->button[i].action == RA_LANG) {
			const SDL_Rect *b = &p->button[i].r;
			fill(p, i == p->pressed ? ui_pressed : ui_pale, b);
			text(p, RF_LABEL, rate_tr(p, "rate.lang"), ui_navy, b, 1, UI_CENTER);
			right = b->x - m;
		}
	rate_counter_name(p, name, sizeof(name));
	SDL_Rect box = { m, 0, right - m, L->band.h };
	text(p, RF_BAND, name, ui_white, &box, 1, UI_LEFT);
}

static void bar(struct rate *p)
{
	const SDL_Rect *b = &p->lay.bar;
	int seconds = p->shown.seconds > 0 ? p->shown.seconds : 1, left = rate_left(p);
	if (left > seconds)
		left = seconds;
	SDL_Rect done = { b->x, b->y, b->w * left / seconds, b->h };
	fill(p, ui_grey_bg, b);
	fill(p, ui_navy, &done);
}

/* The ticket: its number big on the left, the service and the staff beside it. */
static void ticket(struct rate *p)
{
	const SDL_Rect *t = &p->lay.ticket;
	const struct rate_view *v = &p->shown;
	char staff[128];
	int m = p->lay.margin, label = TTF_FontHeight(p->font[RF_LABEL]);
	int nw = 0, nh = 0;

	TTF_SizeUTF8(p->font[RF_NUMBER], v->number, &nw, &nh);
	SDL_Rect caption = { t->x, t->y, nw > t->w / 3 ? nw : t->w / 3, label };
	text(p, RF_LABEL, rate_tr(p, "rate.number"), ui_grey, &caption, 0, UI_LEFT);
	SDL_Rect number = { t->x, t->y + label, caption.w, t->h - label };
	text(p, RF_NUMBER, v->number, ui_navy, &number, 1, UI_LEFT);

	const char *svc = p->lang && v->service_en[0] ? v->service_en :
			  v->service_vi[0] ? v->service_vi : v->service;
	const char *names[] = { "{name}" }, *values[] = { v->staff };
	i18n_fill(rate_tr(p, "rate.staff"), names, values, 1, staff, sizeof(staff));
	int x = number.x + number.w + 2 * m;
	SDL_Rect about = { x, t->y + label, t->x + t->w - x, t->h - label - (v->staff[0] ? label : 0) };
	text(p, RF_TITLE, svc, ui_ink, &about, 1, UI_LEFT);
	if (v->staff[0]) {
		SDL_Rect who = { x, about.y + about.h, about.w, label };
		text(p, RF_LABEL, staff, ui_grey, &who, 0, UI_LEFT);
	}
}

/* A choice: a face over its words (landscape), or beside them (portrait). */
static void choice(struct rate *p, int i)
{
	const struct rate_button *b = &p->button[i];
	const struct rate_view *v = &p->shown;
	const SDL_Rect *r = &b->r;
	int m = p->lay.margin;

	fill(p, i == p->pressed ? ui_pressed : ui_white, r);
	frame(p, r, m / 4 + 1, ui_navy);
	const char *words = rate_pick(p, &v->levels[b->arg - 1]);
	if (!p->lay.portrait) {
		int radius = r->w * 34 / 100 < r->h * 27 / 100 ? r->w * 34 / 100 : r->h * 27 / 100;
		int cy = r->y + m + radius;
		rate_face(p->r, r->x + r->w / 2, cy, radius, b->arg - 1, v->nlevels);
		SDL_Rect below = { r->x + m / 2, cy + radius + m / 2, r->w - m,
				   r->y + r->h - m / 2 - (cy + radius + m / 2) };
		text(p, RF_WORD, words, ui_ink, &below, 1, UI_CENTER);
	} else {
		int radius = r->h * 38 / 100;
		rate_face(p->r, r->x + m + radius, r->y + r->h / 2, radius, b->arg - 1, v->nlevels);
		int x = r->x + 2 * m + 2 * radius;
		SDL_Rect beside = { x, r->y + m / 2, r->x + r->w - m - x, r->h - m };
		text(p, RF_WORD, words, ui_ink, &beside, 1, UI_LEFT);
	}
}

static void paint_open(struct rate *p)
{
	fill(p, ui_white, &(SDL_Rect){ 0, 0, p->w, p->h });
	band(p);
	ticket(p);
	text(p, RF_TITLE, rate_tr(p, "rate.question"), ui_ink, &p->lay.title, 1, UI_CENTER);
	for (int i = 0; i < p->nbuttons; i++)
		if (p->button[i].action == RA_LEVEL)
			choice(p, i);
	bar(p);
}

static void paint_reasons(struct rate *p)
{
	const struct rate_layout *L = &p->lay;
	fill(p, ui_white, &(SDL_Rect){ 0, 0, p->w, p->h });
	band(p);
	SDL_Rect title = { L->margin, L->band.h + L->margin / 2, p->w - 2 * L->margin, L->title.h };
	text(p, RF_TITLE, rate_tr(p, "rate.why"), ui_ink, &title, 1, UI_CENTER);
	for (int i = 0; i < p->nbuttons; i++) {
		const struct rate_button *b = &p->button[i];
		SDL_Rect inner = { b->r.x + L->margin / 2, b->r.y, b->r.w - L->margin, b->r.h };
		if (b->action == RA_REASON) {
			fill(p, i == p->pressed ? ui_pressed : ui_navy, &b->r);
			text(p, RF_WORD, rate_pick(p, &p->shown.reasons[b->arg - 1]),
			     i == p->pressed ? ui_navy : ui_white, &inner, 1, UI_CENTER);
		} else if (b->action == RA_SKIP) {
			fill(p, i == p->pressed ? ui_pressed : ui_grey_bg, &b->r);
			text(p, RF_WORD, rate_tr(p, "rate.skip"), ui_ink, &inner, 1, UI_CENTER);
		}
	}
	bar(p);
}

static void paint_thanks(struct rate *p)
{
	int unit = p->w < p->h ? p->w : p->h, radius = unit * 15 / 100, m = p->lay.margin;
	fill(p, ui_white, &(SDL_Rect){ 0, 0, p->w, p->h });
	int big = TTF_FontHeight(p->font[RF_THANKS]), small = 2 * TTF_FontHeight(p->font[RF_LABEL]);
	int top = (p->h - 2 * radius - big - small - 2 * m) / 2;
	rate_face(p->r, p->w / 2, top + radius, radius, 0, 2);
	SDL_Rect title = { m, top + 2 * radius + m, p->w - 2 * m, big };
	text(p, RF_THANKS, rate_tr(p, "rate.thanks"), ui_navy, &title, 1, UI_CENTER);
	SDL_Rect sub = { 2 * m, title.y + big + m, p->w - 4 * m, small };
	text(p, RF_LABEL, rate_tr(p, "rate.thanks_more"), ui_grey, &sub, 0, UI_CENTER);
}

static void paint_idle(struct rate *p)
{
	char name[KCONF_NAME];
	fill(p, ui_navy_dark, &(SDL_Rect){ 0, 0, p->w, p->h });
	rate_counter_name(p, name, sizeof(name));
	SDL_Rect box = { p->lay.margin, 0, p->w - 2 * p->lay.margin, p->h };
	text(p, RF_COUNTER, name, ui_white, &box, 1, UI_CENTER);
}

void rate_paint(struct rate *p)
{
	switch (p->screen) {
	case RATE_SCREEN_OPEN:
		paint_open(p);
		break;
	case RATE_SCREEN_REASONS:
		paint_reasons(p);
		break;
	case RATE_SCREEN_THANKS:
		paint_thanks(p);
		break;
	default:
		paint_idle(p);
		break;
	}
}
