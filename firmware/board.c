/*
 * board.c - the lobby board's state: the last snapshot, whether its source
 * answers, and whose turn it is in the big highlight.
 *
 * A new call takes the highlight at once if the one there has had its
 * BOARD_HOLD_MS; otherwise it waits its turn, so a burst of calls is shown
 * one after another, each long enough to read, and the highlight ends on
 * the newest.  Every call is handed to the voice as it arrives (the voice
 * keeps its own order).  The screen keeps the last snapshot while the
 * source is away and only adds a small mark.
 */
#include "board_private.h"
#include "board_feed.h"
#include "kerr.h"
#include "klog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int64_t realtime_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int board_create(struct board **out, SDL_Renderer *r, const struct board_deps *deps)
{
	struct board *b = calloc(1, sizeof(*b));

	*out = NULL;
	if (!b)
		return K_ERR_NOMEM;
	b->r = r;
	b->d = *deps;
	if (!b->d.clock)
		b->d.clock = &kclock_system;
	b->ticks = SDL_GetTicks;
	b->online = -1;
	b->shown_minute = -1;
	b->bench = getenv("KIOSK_BENCH") != NULL;
	if (board_layout(b) < 0) {
		board_destroy(b);
		return K_ERR_IO;
	}
	*out = b;
	return K_OK;
}

void board_destroy(struct board *b)
{
	if (!b)
		return;
	for (int i = 0; i < BF_COUNT; i++)
		if (b->font[i])
			TTF_CloseFont(b->font[i]);
	free(b);
}

/* Give the highlight to t now. */
static void take_turn(struct board *b, const struct board_turn *t)
{
	b->cur = *t;
	b->cur.since = b->ticks();
	b->cur.fresh = 1;
}

static int holding(const struct board *b)
{
	return b->cur.number[0] && b->cur.fresh && b->ticks() - b->cur.since < BOARD_HOLD_MS;
}

static void new_call(struct board *b, const struct queue_change *c)
{
	struct board_turn t;
	memset(&t, 0, sizeof(t));
	snprintf(t.number, sizeof(t.number), "%s", c->number);
	t.counter = c->counter;
	audio_say(b->d.audio, c->number, c->counter);
	if (b->bench) {
		fprintf(stderr, "bench: board-state %s %lld\n", c->number, (long long)realtime_ns());
		if (b->nunshown < BOARD_MAX_TURNS)
			snprintf(b->unshown[b->nunshown++], sizeof(b->unshown[0]), "%s", c->number);
	}
	if (!holding(b)) {
		take_turn(b, &t);
		return;
	}
	const struct board_turn *last = b->nturns ? &b->turns[b->nturns - 1] : &b->cur;
	if (!strcmp(last->number, t.number) && last->counter == t.counter)
		return; /* said again while still waiting or shown: one turn is enough */
	if (b->nturns == BOARD_MAX_TURNS) { /* a long burst: the oldest waiting gives way */
		memmove(&b->turns[0], &b->turns[1], sizeof(b->turns[0]) * (BOARD_MAX_TURNS - 1));
		b->nturns--;
	}
	b->turns[b->nturns++] = t;
}

static int on_news(struct board *b, const struct board_news *n)
{
	if (n->online != b->online)
		klog(KLOG_DEBUG, "board: source %s", n->online ? "answers" : "away");
	b->online = n->online;
	for (int i = 0; i < n->ncalls; i++)
		new_call(b, &n->calls[i]);
	if (n->has_view) {
		b->view = n->view;
		b->have_view = 1;
		if (!b->cur.number[0] && b->view.ncalls > 0) { /* at start: the newest, calmly */
			snprintf(b->cur.number, sizeof(b->cur.number), "%s", b->view.calls[0].number);
			b->cur.counter = b->view.calls[0].counter;
		}
	}
	return 1;
}

int board_event(struct board *b, const SDL_Event *ev)
{
	if (ev->type == b->d.news_event && ev->user.data1) {
		int redraw = on_news(b, ev->user.data1);
		free(ev->user.data1);
		return redraw;
	}
	if (ev->type == SDL_WINDOWEVENT && (ev->window.event == SDL_WINDOWEVENT_SIZE_CHANGED ||
					    ev->window.event == SDL_WINDOWEVENT_EXPOSED)) {
		if (ev->window.event == SDL_WINDOWEVENT_SIZE_CHANGED && board_layout(b) < 0)
			klog(KLOG_ERR, "board: fonts lost on resize");
		return 1;
	}
	return 0;
}

int board_tick(struct board *b)
{
	int redraw = 0;
	if (b->cur.fresh && !holding(b)) {
		if (b->nturns > 0) {
			take_turn(b, &b->turns[0]);
			memmove(&b->turns[0], &b->turns[1], sizeof(b->turns[0]) * (size_t)--b->nturns);
		} else {
			b->cur.fresh = 0;
		}
		redraw = 1;
	}
	if (board_now(b) / 60 != b->shown_minute)
		redraw = 1;
	return redraw;
}

int board_next_timeout(const struct board *b)
{
	int64_t now = board_now(b);
	int ms = (int)(60 - now % 60) * 1000 + 20;
	if (b->cur.fresh) {
		Uint32 held = b->ticks() - b->cur.since;
		int left = held >= BOARD_HOLD_MS ? 0 : (int)(BOARD_HOLD_MS - held);
		if (left < ms)
			ms = left;
	}
	return ms;
}

void board_draw(struct board *b)
{
	b->shown_minute = board_now(b) / 60;
	rotate_begin(b->d.rotate);
	board_paint(b);
}

void board_presented(struct board *b)
{
	if (b->nunshown == 0)
		return;
	int64_t now = realtime_ns();
	for (int i = 0; i < b->nunshown; i++)
		fprintf(stderr, "bench: board-shown %s %lld\n", b->unshown[i], (long long)now);
	b->nunshown = 0;
}

int board_ready(const struct board *b)
{
	return b->have_view;
}

int board_online(const struct board *b)
{
	return b->online;
}

const struct board_view *board_current(const struct board *b)
{
	return &b->view;
}

const char *board_highlight(const struct board *b, int *counter, int *fresh)
{
	if (counter)
		*counter = b->cur.counter;
	if (fresh)
		*fresh = b->cur.fresh;
	return b->cur.number;
}

int board_queued(const struct board *b)
{
	return b->nturns;
}

void board_describe(const struct board *b, char *buf, size_t len)
{
	size_t n = (size_t)snprintf(buf, len, "highlight %s>%d; calls", b->cur.number[0] ?
				    b->cur.number : "-", b->cur.counter);
	for (int i = 0; i < b->view.ncalls && n < len; i++)
		n += (size_t)snprintf(buf + n, len - n, " %s>%d", b->view.calls[i].number,
				      b->view.calls[i].counter);
	for (int i = 0; i < b->view.nservices && n < len; i++)
		n += (size_t)snprintf(buf + n, len - n, "%s %s=%d", i ? "," : "; waiting",
				      b->view.services[i].code, b->view.services[i].waiting);
	if (n < len)
		snprintf(buf + n, len - n, "; %s", b->online == 0 ? "offline" : "online");
}

void board_set_ticks(struct board *b, Uint32 (*ticks)(void))
{
	b->ticks = ticks;
}
