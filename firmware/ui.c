/*
 * ui.c - home and ticket screens, layout and input.
 *
 * One tap on a service issues a ticket and shows its number; the screen
 * returns home after a while or on a tap.  Taps are taken from finger-up or
 * real mouse-up events (SDL's synthetic mouse twin of a finger is dropped),
 * and taps during the first moments of a new screen are ignored, so a
 * double tap issues one ticket.  Digits 1-9 on a keypad pick a service.
 */
#include "ui.h"
#include "ui_text.h"
#include "kerr.h"
#include "klog.h"

#include <SDL_ttf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TICKET_MS 12000   /* the ticket stays on screen this long */
#define FAILED_MS 45000   /* ... and longer when its slip did not print */
#define REFUSED_MS 6000
#define GUARD_MS 800      /* taps ignored after a screen change */

enum font_role { F_TITLE, F_BUTTON, F_SMALL, F_HUGE, F_COUNT };

struct ui {
	SDL_Renderer *r;
	struct ui_deps d;
	int w, h;
	TTF_Font *font[F_COUNT];
	enum ui_screen screen;
	Uint32 screen_since;
	int lang;
	int visible[KCONF_MAX_SERVICES]; /* indexes into cfg->services */
	int nvisible;
	struct queue_ticket ticket;
	enum ui_print print;             /* the slip of that ticket */
	int refusal;                     /* K_ERR_* on the refused screen */
};

static const SDL_Color ink = { 0x10, 0x10, 0x10, 0xff };
static const SDL_Color white = { 0xff, 0xff, 0xff, 0xff };
static const SDL_Color navy = { 0x0b, 0x3d, 0x91, 0xff };
static const SDL_Color pale = { 0xe8, 0xf0, 0xfe, 0xff };
static const SDL_Color grey = { 0x40, 0x40, 0x40, 0xff }; /* 9:1 on pale */
static const SDL_Color red = { 0xb0, 0x00, 0x20, 0xff };

static int open_fonts(struct ui *u)
{
	const struct kconf *cfg = u->d.cfg;
	int unit = (u->w < u->h ? u->w : u->h);
	const struct {
		const char *path;
		int size;
	} spec[F_COUNT] = {
		[F_TITLE] = { cfg->kiosk.font_bold, unit / 16 },
		[F_BUTTON] = { cfg->kiosk.font_bold, unit / 22 },
		[F_SMALL] = { cfg->kiosk.font, unit / 32 },
		[F_HUGE] = { cfg->kiosk.font_bold, unit / 4 },
	};
	for (int i = 0; i < F_COUNT; i++) {
		u->font[i] = TTF_OpenFont(spec[i].path, spec[i].size < 12 ? 12 : spec[i].size);
		if (!u->font[i]) {
			klog(KLOG_ERR, "ui: cannot open font %s: %s", spec[i].path, TTF_GetError());
			return K_ERR_IO;
		}
	}
	return K_OK;
}

int ui_create(struct ui **out, SDL_Renderer *r, const struct ui_deps *deps)
{
	struct ui *u = calloc(1, sizeof(*u));
	int rc;

	*out = NULL;
	if (!u)
		return K_ERR_NOMEM;
	u->r = r;
	u->d = *deps;
	u->w = deps->cfg->kiosk.width;
	u->h = deps->cfg->kiosk.height;
	u->lang = deps->cfg->kiosk.language;
	for (int i = 0; i < deps->cfg->nservices; i++)
		if (deps->cfg->services[i].enabled)
			u->visible[u->nvisible++] = i;
	rc = open_fonts(u);
	if (rc < 0) {
		ui_destroy(u);
		return rc;
	}
	u->screen_since = SDL_GetTicks() - GUARD_MS; /* the first tap counts */
	*out = u;
	return K_OK;
}

void ui_destroy(struct ui *u)
{
	if (!u)
		return;
	for (int i = 0; i < F_COUNT; i++)
		if (u->font[i])
			TTF_CloseFont(u->font[i]);
	free(u);
}

static int margin(const struct ui *u)
{
	return (u->w < u->h ? u->w : u->h) / 30;
}

static int header_h(const struct ui *u)
{
	return u->h / 7;
}

int ui_service_rect(const struct ui *u, int i, SDL_Rect *out)
{
	int m = margin(u);
	int cols = u->w > u->h ? 2 : 1;
	int rows = (u->nvisible + cols - 1) / cols;
	int top = header_h(u) + m;
	int area = u->h - top - m;

	if (i < 0 || i >= u->nvisible || rows == 0)
		return -1;
	int bh = (area - (rows - 1) * m) / rows;
	int bw = (u->w - (cols + 1) * m) / cols;
	if (bh > u->h / 6)
		bh = u->h / 6;
	out->x = m + (i % cols) * (bw + m);
	out->y = top + (i / cols) * (bh + m);
	out->w = bw;
	out->h = bh;
	return 0;
}

static const char *lang_text(const struct ui *u, const char *vi, const char *en)
{
	return u->lang == 1 && en[0] ? en : vi;
}

static void fill(SDL_Renderer *r, SDL_Color c, const SDL_Rect *rect)
{
	SDL_SetRenderDrawColor(r, c.r, c.g, c.b, c.a);
	SDL_RenderFillRect(r, rect);
}

static void draw_header(struct ui *u)
{
	const struct kconf *cfg = u->d.cfg;
	SDL_Rect band = { 0, 0, u->w, header_h(u) };
	int m = margin(u);

	fill(u->r, navy, &band);
	int y = m;
	y += ui_text_draw(u->r, u->font[F_TITLE],
			  lang_text(u, cfg->station.name_vi, cfg->station.name_en), white, m, y,
			  u->w - 2 * m, UI_CENTER);
	ui_text_draw(u->r, u->font[F_SMALL], i18n_get(u->d.text[u->lang], "home.title"), white,
		     m, y + m / 2, u->w - 2 * m, UI_CENTER);
}

static void draw_service(struct ui *u, int i)
{
	const struct kconf_service *s = &u->d.cfg->services[u->visible[i]];
	SDL_Rect b, badge;
	int m = margin(u);

	if (ui_service_rect(u, i, &b) < 0)
		return;
	fill(u->r, pale, &b);
	badge = (SDL_Rect){ b.x, b.y, b.h, b.h };
	fill(u->r, navy, &badge);
	ui_text_draw(u->r, u->font[F_TITLE], s->prefix, white, badge.x,
		     badge.y + (b.h - TTF_FontHeight(u->font[F_TITLE])) / 2, badge.w, UI_CENTER);
	int x = b.x + b.h + m, w = b.w - b.h - 2 * m;
	int y = b.y + m / 2;
	y += ui_text_draw(u->r, u->font[F_BUTTON], lang_text(u, s->name_vi, s->name_en), ink, x,
			  y, w, UI_LEFT);
	ui_text_draw(u->r, u->font[F_SMALL], lang_text(u, s->desc_vi, s->desc_en), grey, x, y,
		     w, UI_LEFT);
}

static void draw_ticket(struct ui *u)
{
	struct i18n *t = u->d.text[u->lang];
	const struct kconf_service *s = kconf_service(u->d.cfg, u->ticket.service);
	char line[256];
	int m = margin(u), w = u->w - 2 * m;
	int y = header_h(u) + 2 * m;

	y += ui_text_draw(u->r, u->font[F_TITLE], i18n_get(t, "ticket.heading"), ink, m, y, w,
			  UI_CENTER);
	y += ui_text_draw(u->r, u->font[F_HUGE], u->ticket.number, navy, m, y, w, UI_CENTER);
	if (s)
		y += ui_text_draw(u->r, u->font[F_BUTTON], lang_text(u, s->name_vi, s->name_en),
				  ink, m, y, w, UI_CENTER) + m;
	i18n_format(t, "ticket.ahead", u->ticket.ahead, line, sizeof(line));
	y += ui_text_draw(u->r, u->font[F_BUTTON], line, ink, m, y, w, UI_CENTER);
	i18n_format(t, "ticket.wait", u->ticket.wait_minutes, line, sizeof(line));
	y += ui_text_draw(u->r, u->font[F_BUTTON], line, ink, m, y, w, UI_CENTER) + 2 * m;
	if (u->print == UI_PRINT_FAILED)
		ui_text_draw(u->r, u->font[F_BUTTON], i18n_get(t, "ticket.print_failed"), red, m, y,
			     w, UI_CENTER);
	else if (u->print == UI_PRINT_NONE)
		ui_text_draw(u->r, u->font[F_BUTTON], i18n_get(t, "ticket.no_printer"), navy, m, y,
			     w, UI_CENTER);
	else
		ui_text_draw(u->r, u->font[F_TITLE], i18n_get(t, "ticket.take"), navy, m, y, w,
			     UI_CENTER);
}

static void draw_refused(struct ui *u)
{
	char key[64];
	int m = margin(u);
	const char *name = kerr_name(u->refusal);

	if (u->refusal != K_ERR_CLOSED && u->refusal != K_ERR_CAP &&
	    u->refusal != K_ERR_DISABLED && u->refusal != K_ERR_CLOCK)
		name = "ERROR"; /* never technical text in front of a citizen */
	snprintf(key, sizeof(key), "reason.%s", name);
	ui_text_draw(u->r, u->font[F_TITLE], i18n_get(u->d.text[u->lang], key), red, m,
		     u->h / 3, u->w - 2 * m, UI_CENTER);
}

void ui_draw(struct ui *u)
{
	SDL_Rect all = { 0, 0, u->w, u->h };

	fill(u->r, white, &all);
	draw_header(u);
	switch (u->screen) {
	case UI_HOME:
		for (int i = 0; i < u->nvisible; i++)
			draw_service(u, i);
		break;
	case UI_TICKET:
		draw_ticket(u);
		break;
	case UI_REFUSED:
		draw_refused(u);
		break;
	}
}

static void show(struct ui *u, enum ui_screen s)
{
	u->screen = s;
	u->screen_since = SDL_GetTicks();
}

static void take_number(struct ui *u, int i)
{
	const struct kconf_service *s = &u->d.cfg->services[u->visible[i]];
	int r = u->d.queue ? queue_issue(u->d.queue, s->code, 0, QUEUE_WALKIN, NULL, &u->ticket) :
			     K_ERR_DB;
	if (r < 0) {
		klog(KLOG_WARN, "ui: no ticket for %s: %s", s->code, kerr_text(r));
		u->refusal = r;
		show(u, UI_REFUSED);
		return;
	}
	klog(KLOG_INFO, "ui: issued %s", u->ticket.number);
	u->print = UI_PRINT_NONE;
	if (print_worker_enabled(u->d.printer)) {
		r = print_worker_submit(u->d.printer, &u->ticket);
		u->print = r == K_OK ? UI_PRINT_BUSY : UI_PRINT_FAILED;
		if (r < 0)
			klog(KLOG_WARN, "ui: slip %s not queued: printer busy", u->ticket.number);
	}
	show(u, UI_TICKET);
}

static int tap(struct ui *u, int x, int y)
{
	if (SDL_GetTicks() - u->screen_since < GUARD_MS)
		return 0; /* the second half of a double tap */
	if (u->screen != UI_HOME) {
		show(u, UI_HOME);
		return 1;
	}
	for (int i = 0; i < u->nvisible; i++) {
		SDL_Rect b;
		SDL_Point p = { x, y };
		if (ui_service_rect(u, i, &b) == 0 && SDL_PointInRect(&p, &b)) {
			take_number(u, i);
			return 1;
		}
	}
	return 0;
}

static int key(struct ui *u, SDL_Keycode k)
{
	if (k == SDLK_ESCAPE && u->screen != UI_HOME) {
		show(u, UI_HOME);
		return 1;
	}
	if (u->screen != UI_HOME)
		return 0;
	int digit = k >= SDLK_1 && k <= SDLK_9 ? (int)(k - SDLK_1) :
		    k >= SDLK_KP_1 && k <= SDLK_KP_9 ? (int)(k - SDLK_KP_1) : -1;
	if (digit < 0 || digit >= u->nvisible)
		return 0;
	take_number(u, digit);
	return 1;
}

/* A print result: only the ticket on screen matters to the screen. */
static int printed(struct ui *u, const SDL_UserEvent *ev)
{
	if ((int64_t)(intptr_t)ev->data1 != u->ticket.id || u->print != UI_PRINT_BUSY)
		return 0;
	u->print = ev->code == K_OK ? UI_PRINT_DONE : UI_PRINT_FAILED;
	if (u->print == UI_PRINT_FAILED && u->screen == UI_TICKET)
		u->screen_since = SDL_GetTicks(); /* time to note the number down */
	return u->screen == UI_TICKET;
}

int ui_event(struct ui *u, const SDL_Event *ev)
{
	if (u->d.print_event && ev->type == u->d.print_event)
		return printed(u, &ev->user);
	switch (ev->type) {
	case SDL_MOUSEBUTTONUP:
		if (ev->button.which == SDL_TOUCH_MOUSEID || ev->button.button != SDL_BUTTON_LEFT)
			return 0; /* the finger event is handled on its own */
		return tap(u, ev->button.x, ev->button.y);
	case SDL_FINGERUP:
		return tap(u, (int)(ev->tfinger.x * (float)u->w), (int)(ev->tfinger.y * (float)u->h));
	case SDL_KEYDOWN:
		return key(u, ev->key.keysym.sym);
	case SDL_WINDOWEVENT:
		return ev->window.event == SDL_WINDOWEVENT_EXPOSED ||
		       ev->window.event == SDL_WINDOWEVENT_SIZE_CHANGED;
	default:
		return 0;
	}
}

static Uint32 screen_limit(const struct ui *u)
{
	if (u->screen == UI_TICKET)
		return u->print == UI_PRINT_FAILED ? FAILED_MS : TICKET_MS;
	return REFUSED_MS;
}

int ui_next_timeout(const struct ui *u)
{
	Uint32 now = SDL_GetTicks(), limit = screen_limit(u);

	if (u->screen == UI_HOME)
		return -1; /* nothing to wait for: sleep until input */
	return now - u->screen_since >= limit ? 0 : (int)(limit - (now - u->screen_since));
}

int ui_tick(struct ui *u)
{
	if (u->screen != UI_HOME && SDL_GetTicks() - u->screen_since >= screen_limit(u)) {
		show(u, UI_HOME);
		return 1;
	}
	return 0;
}

enum ui_screen ui_current(const struct ui *u)
{
	return u->screen;
}

enum ui_print ui_print_state(const struct ui *u)
{
	return u->print;
}

const struct queue_ticket *ui_last_ticket(const struct ui *u)
{
	return &u->ticket;
}
