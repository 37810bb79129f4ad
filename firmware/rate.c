/*
 * rate.c - the rating panel's state: which screen, the ticket being rated,
 * its countdown, and what a tap does (rate.h).
 *
 * The server says which ticket may be rated and for how long; the panel
 * counts the window down itself from the moment it heard, and goes back
 * to the counter's name at 0 without asking.  A choice is final at the
 * tap: it goes to the sender with what is left of the window, and the
 * citizen is thanked.  A worse choice (at or past [rating] ask_reason,
 * when there are reasons) first asks why; the question gives way on its
 * own a little before the window closes, and the choice is sent without a
 * reason.  A ticket rated here is not asked again, whatever a late answer
 * of the server says.  Taps act on release over the button they were
 * pressed on; SDL's mouse twin of a finger is dropped; a tap in the first
 * moments of a new screen is the end of the one before and is ignored.
 */
#include "rate_private.h"
#include "rate_feed.h"
#include "kerr.h"
#include "klog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REASONS_MARGIN_MS 2000  /* the question why gives way this long before the window ends */

int rate_create(struct rate **out, SDL_Renderer *r, const struct rate_deps *deps)
{
	struct rate *p = calloc(1, sizeof(*p));

	*out = NULL;
	if (!p)
		return K_ERR_NOMEM;
	p->r = r;
	p->d = *deps;
	p->ticks = SDL_GetTicks;
	p->online = -1;
	p->pressed = -1;
	p->lang = p->d.cfg->kiosk.language;
	p->last_rc = K_OK;
	if (rate_layout(p) < 0) {
		rate_destroy(p);
		return K_ERR_IO;
	}
	rate_place(p);
	*out = p;
	return K_OK;
}

void rate_destroy(struct rate *p)
{
	if (!p)
		return;
	for (int i = 0; i < RF_COUNT; i++)
		if (p->font[i])
			TTF_CloseFont(p->font[i]);
	free(p);
}

static void show(struct rate *p, enum rate_screen s)
{
	p->screen = s;
	p->since = p->ticks();
	p->pressed = -1;
	p->drawn_left = -1;
	if (s == RATE_SCREEN_IDLE || s == RATE_SCREEN_OPEN)
		p->lang = p->d.cfg->kiosk.language; /* each citizen starts in the station's */
	rate_place(p);
}

/* What the server's view asks for now: its ticket if it may be rated and
 * was not rated here, else the counter's name. */
static void follow_view(struct rate *p)
{
	const struct rate_view *v = &p->view;
	int askable = v->state == RATE_OPEN && v->expires_in > 0 && strcmp(v->number, p->rated);

	if (!askable) {
		if (p->screen != RATE_SCREEN_IDLE)
			show(p, RATE_SCREEN_IDLE);
		return;
	}
	int same = p->screen != RATE_SCREEN_IDLE && !strcmp(p->shown.number, v->number);
	p->shown = *v;
	p->deadline = p->ticks() + (Uint32)v->expires_in * 1000u;
	if (!same)
		show(p, RATE_SCREEN_OPEN);
	else
		rate_place(p); /* the words may have changed with it */
}

static void on_sent(struct rate *p, const struct rate_news *n)
{
	p->answers++;
	p->last_rc = n->rc;
	p->last_sent = n->sent;
}

static int on_news(struct rate *p, const struct rate_news *n)
{
	switch (n->kind) {
	case RATE_NEWS_AWAY:
		p->online = 0;
		return 0; /* nothing of it is shown */
	case RATE_NEWS_SENT:
		on_sent(p, n);
		return 0;
	case RATE_NEWS_VIEW:
		p->online = 1;
		p->view = n->view;
		if (p->screen != RATE_SCREEN_THANKS)
			follow_view(p);
		return 1;
	}
	return 0;
}

void rate_show(struct rate *p, const struct rate_view *v)
{
	struct rate_news n = { .kind = RATE_NEWS_VIEW, .view = *v };
	on_news(p, &n);
}

/* The choice is final: to the sender, and thanks. */
static void rated(struct rate *p, int level, int reason)
{
	snprintf(p->rated, sizeof(p->rated), "%s", p->shown.number);
	if (p->d.feed)
		rate_feed_send(p->d.feed, p->shown.number, level, reason, rate_window_ms(p));
	show(p, RATE_SCREEN_THANKS);
}

static void choose(struct rate *p, int level)
{
	const struct rate_view *v = &p->shown;
	if (v->nreasons > 0 && level >= v->ask_reason && rate_window_ms(p) > 2 * REASONS_MARGIN_MS) {
		p->level = level;
		show(p, RATE_SCREEN_REASONS);
		return;
	}
	rated(p, level, 0);
}

static void act(struct rate *p, const struct rate_button *b)
{
	audio_click(p->d.audio);
	switch (b->action) {
	case RA_LEVEL:
		choose(p, b->arg);
		break;
	case RA_REASON:
		rated(p, p->level, b->arg);
		break;
	case RA_SKIP:
		rated(p, p->level, 0);
		break;
	case RA_LANG:
		p->lang = !p->lang;
		rate_place(p);
		break;
	}
}

static int hit(const struct rate *p, int x, int y)
{
	SDL_Point pt = { x, y };
	for (int i = p->nbuttons - 1; i >= 0; i--)
		if (SDL_PointInRect(&pt, &p->button[i].r))
			return i;
	return -1;
}

static int pointer(struct rate *p, int down, int x, int y)
{
	int i = hit(p, x, y), was = p->pressed;
	if (down) {
		p->pressed = i;
		return i != was;
	}
	p->pressed = -1;
	if (i < 0 || i != was || p->ticks() - p->since < RATE_GUARD_MS)
		return was >= 0; /* a drag, a release elsewhere, the end of the last tap */
	struct rate_button b = p->button[i];
	act(p, &b);
	return 1;
}

int rate_event(struct rate *p, const SDL_Event *ev)
{
	int x, y;
	if (ev->type == p->d.news_event && ev->user.data1) {
		int redraw = on_news(p, ev->user.data1);
		free(ev->user.data1);
		return redraw;
	}
	switch (ev->type) {
	case SDL_MOUSEBUTTONDOWN:
	case SDL_MOUSEBUTTONUP:
		if (ev->button.which == SDL_TOUCH_MOUSEID || ev->button.button != SDL_BUTTON_LEFT)
			return 0; /* a finger's twin: the finger event is handled on its own */
		rotate_tap(p->d.rotate, ev, p->w, p->h, &x, &y);
		return pointer(p, ev->type == SDL_MOUSEBUTTONDOWN, x, y);
	case SDL_FINGERDOWN:
	case SDL_FINGERUP:
		rotate_tap(p->d.rotate, ev, p->w, p->h, &x, &y);
		return pointer(p, ev->type == SDL_FINGERDOWN, x, y);
	case SDL_WINDOWEVENT:
		if (ev->window.event == SDL_WINDOWEVENT_SIZE_CHANGED) {
			if (rate_layout(p) < 0)
				klog(KLOG_ERR, "rate: fonts lost on resize");
			rate_place(p);
		}
		return ev->window.event == SDL_WINDOWEVENT_SIZE_CHANGED ||
		       ev->window.event == SDL_WINDOWEVENT_EXPOSED;
	default:
		return 0;
	}
}

int rate_tick(struct rate *p)
{
	switch (p->screen) {
	case RATE_SCREEN_OPEN:
		if (rate_window_ms(p) == 0) {
			show(p, RATE_SCREEN_IDLE);
			return 1;
		}
		return rate_left(p) != p->drawn_left;
	case RATE_SCREEN_REASONS:
		if (rate_window_ms(p) <= REASONS_MARGIN_MS) { /* no answer why: the choice alone */
			rated(p, p->level, 0);
			return 1;
		}
		return rate_left(p) != p->drawn_left;
	case RATE_SCREEN_THANKS:
		if (p->ticks() - p->since < RATE_THANKS_MS)
			return 0;
		show(p, RATE_SCREEN_IDLE);
		follow_view(p); /* the counter may have finished the next citizen meanwhile */
		return 1;
	default:
		return 0;
	}
}

int rate_next_timeout(const struct rate *p)
{
	int left = rate_window_ms(p);
	switch (p->screen) {
	case RATE_SCREEN_OPEN:
		return left % 1000 + 1; /* the countdown's next second */
	case RATE_SCREEN_REASONS:
		left -= REASONS_MARGIN_MS;
		return left <= 0 ? 0 : left % 1000 + 1;
	case RATE_SCREEN_THANKS: {
		Uint32 shown = p->ticks() - p->since;
		return shown >= RATE_THANKS_MS ? 0 : (int)(RATE_THANKS_MS - shown);
	}
	default:
		return -1;
	}
}

void rate_draw(struct rate *p)
{
	p->drawn_left = rate_left(p);
	rotate_begin(p->d.rotate);
	rate_paint(p);
}

enum rate_screen rate_screen(const struct rate *p)
{
	return p->screen;
}

const char *rate_number(const struct rate *p)
{
	return p->screen == RATE_SCREEN_OPEN || p->screen == RATE_SCREEN_REASONS ?
	       p->shown.number : "";
}

int rate_rect(const struct rate *p, const char *what, SDL_Rect *out)
{
	int n = 0;
	for (int i = 0; i < p->nbuttons; i++) {
		const struct rate_button *b = &p->button[i];
		int match = (b->action == RA_LEVEL && sscanf(what, "level:%d", &n) == 1 && n == b->arg) ||
			    (b->action == RA_REASON && sscanf(what, "reason:%d", &n) == 1 && n == b->arg) ||
			    (b->action == RA_SKIP && !strcmp(what, "skip")) ||
			    (b->action == RA_LANG && !strcmp(what, "lang"));
		if (match) {
			*out = b->r;
			return 0;
		}
	}
	return -1;
}

int rate_answers(const struct rate *p, int *last_rc, enum rate_sent *last_sent)
{
	if (last_rc)
		*last_rc = p->last_rc;
	if (last_sent)
		*last_sent = p->last_sent;
	return p->answers;
}

int rate_online(const struct rate *p)
{
	return p->online;
}

void rate_describe(const struct rate *p, char *buf, size_t len)
{
	static const char *const names[] = { "idle", "open", "reasons", "thanks" };
	char counter[KCONF_NAME];
	rate_counter_name(p, counter, sizeof(counter));
	snprintf(buf, len, "rate: %s %s%s%s; %d choices; %s", names[p->screen], counter,
		 rate_number(p)[0] ? " " : "", rate_number(p),
		 p->screen == RATE_SCREEN_IDLE ? 0 : p->shown.nlevels,
		 p->online == 0 ? "offline" : "online");
}

void rate_set_ticks(struct rate *p, Uint32 (*ticks)(void))
{
	p->ticks = ticks;
}
