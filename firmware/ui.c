/*
 * ui.c - the UI's state over time: creation, the table of screens and the
 * dispatch through it (show, layout, draw), what a worker result does,
 * timeouts (idle, attract, screen limits, status refresh), the state the
 * screens share, and what tests may ask.  Input is ui_input.c; each screen
 * is a screen_*.c (screen.h).
 */
#include "screen.h"
#include "widget.h"
#include "scan_reader.h"
#include "hours.h"
#include "kerr.h"
#include "klog.h"
#include "queue.h"
#include "rotate.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sodium.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define REFRESH_MS 5000     /* queue and printer state for the home screen */

/* One row per enum ui_screen. */
static const struct screen_ops *const screens[] = {
	[UI_HOME] = &screen_home,       [UI_TICKET] = &screen_ticket,
	[UI_REFUSED] = &screen_refused, [UI_INFO] = &screen_info,
	[UI_CLOSED] = &screen_closed,   [UI_ATTRACT] = &screen_attract,
	[UI_PIN] = &screen_pin,         [UI_MAINT] = &screen_maint,
	[UI_BOOKING] = &screen_booking, [UI_TYPE] = &screen_type,
	[UI_LOOKUP] = &screen_lookup,   [UI_ANSWER] = &screen_answer,
};
_Static_assert(sizeof(screens) / sizeof(screens[0]) == UI_SCREENS, "a row per enum ui_screen");

/* The screen shows the worker's status: refresh it, redraw on news. */
static int live(const struct ui *u)
{
	return (screen_current(u)->flags & SCREEN_LIVE) != 0;
}

static Uint32 sdl_ticks(void)
{
	return SDL_GetTicks();
}

void ui_draw(struct ui *u)
{
	SDL_Rect all = { 0, 0, u->w, u->h };

	rotate_begin(u->d.rotate);
	widget_fill(u, ui_white, &all);
	screen_current(u)->draw(u);
	/* What FreeType needed of the font files it has copied (its tables) or
	 * drawn (the glyphs SDL_ttf keeps): the pages of the mapping it read
	 * are given back, not kept twice (1 MB).  A glyph drawn later reads its
	 * page again from the page cache. */
	for (int i = 0; i < 2; i++)
		if (u->font_file[i])
			madvise(u->font_file[i], u->font_len[i], MADV_DONTNEED);
}

/*
 * The fonts: each file is mapped once and every size is opened from the
 * mapping.  Opened from the file, FreeType reads each glyph through stdio,
 * a seek and a read a time: the home screen's first drawing made 12,000
 * lseek calls.  The number's huge size is opened when a screen first draws
 * with it (ui_font(), ui_shared.c): home does not.
 */
static int map_font(struct ui *u, int bold, const char *path)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || fstat(fd, &st) < 0 || st.st_size <= 0) {
		klog(KLOG_ERR, "ui: cannot open font %s: %m", path);
		if (fd >= 0)
			close(fd);
		return K_ERR_IO;
	}
	void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED) {
		klog(KLOG_ERR, "ui: cannot map font %s: %m", path);
		return K_ERR_IO;
	}
	u->font_file[bold] = p;
	u->font_len[bold] = (size_t)st.st_size;
	return K_OK;
}

static int open_fonts(struct ui *u)
{
	if (map_font(u, 0, u->d.cfg->kiosk.font) < 0 ||
	    map_font(u, 1, u->d.cfg->kiosk.font_bold) < 0)
		return K_ERR_IO;
	for (int i = 0; i < F_COUNT; i++)
		if (i != F_HUGE && !ui_font(u, i))
			return K_ERR_IO;
	return K_OK;
}

/* The OA's QR code as a texture, whole pixels per module. */
static void make_oa_qr(struct ui *u)
{
	u->oa_qr = widget_qr(u, u->d.cfg->kiosk.oa_url);
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
	u->online = 1; /* until the server is found away */
	u->ticks = sdl_ticks;
	u->screens = screens;
	for (int s = 0; s < UI_SCREENS; s++) {
		if (!screens[s] || !screens[s]->draw) {
			klog(KLOG_ERR, "ui: screen %d has no row in the table", s);
			ui_destroy(u);
			return K_ERR_INVALID;
		}
		if (screens[s]->state_size && !(u->state[s] = calloc(1, screens[s]->state_size))) {
			ui_destroy(u);
			return K_ERR_NOMEM;
		}
	}
	rc = open_fonts(u);
	if (rc < 0) {
		ui_destroy(u);
		return rc;
	}
	make_oa_qr(u);
	ui_show(u, UI_HOME);
	u->screen_since -= GUARD_MS; /* the first tap counts */
	u->last_input = u->screen_since;
	u->last_refresh = u->ticks();
	if (u->d.worker)
		worker_refresh(u->d.worker);
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
	for (int i = 0; i < 2; i++)
		if (u->font_file[i])
			munmap(u->font_file[i], u->font_len[i]);
	if (u->oa_qr)
		SDL_DestroyTexture(u->oa_qr);
	for (int s = 0; s < UI_SCREENS; s++)
		free(u->state[s]);
	free(u);
}

static void go_home(struct ui *u)
{
	ui_show(u, UI_HOME);
}
/* Returns 1 when the screen must be redrawn. */
static int on_status(struct ui *u, const struct worker_result *res)
{
	int64_t opens;
	int old_printer = u->printer_code, changed = 0;

	if (res->online != u->online || res->unsent != u->unsent) {
		u->online = res->online;
		u->unsent = res->unsent;
		changed = 1;
	}
	if (res->queue_code == K_OK) {
		changed |= !u->have_status || memcmp(&u->status, &res->queue, sizeof(u->status)) != 0;
		u->status = res->queue;
		u->have_status = 1;
	}
	if (res->queue_code != u->queue_code) {
		u->queue_code = res->queue_code; /* no database: say so before a citizen taps */
		changed = 1;
		ui_layout(u);
	}
	if (res->issue_code != u->issue_code) { /* the clock set, the disk freed: by itself */
		u->issue_code = res->issue_code;
		changed = 1;
		ui_layout(u);
	}
	u->printer_code = worker_prints(u->d.worker) && res->printer_code != K_ERR_DISABLED_DEV ?
			  res->printer_code : 0;
	if (u->screen == UI_HOME && ui_all_closed(u, &opens))
		ui_show(u, UI_CLOSED);
	else if (u->screen == UI_CLOSED && !ui_all_closed(u, &opens))
		go_home(u);
	else if (old_printer != u->printer_code)
		ui_layout(u); /* the warning line moves the buttons */
	else if (!changed)
		return 0; /* nothing new: no redraw, no CPU */
	return 1;
}

static int on_result(struct ui *u, struct worker_result *res)
{
	int redraw = 1;

	switch (res->kind) {
	case WORKER_ISSUED:
		u->waiting_issue = 0;
		if (res->code == K_OK) {
			u->unsent += res->offline; /* until the refresh below counts them */
			screen_ticket_show(u, &res->ticket);
		} else {
			klog(KLOG_WARN, "ui: no ticket: %s", kerr_text(res->code));
			screen_refused_show(u, res->code);
		}
		worker_refresh(u->d.worker);
		break;
	case WORKER_PRINTED:
		if (res->code < 0)
			u->printer_code = res->code == K_ERR_DISABLED_DEV ? 0 : res->code;
		if (res->ticket.id != u->ticket.id || strcmp(res->ticket.number, u->ticket.number) ||
		    strcmp(res->ticket.client_ref, u->ticket.client_ref) ||
		    u->print != UI_PRINT_BUSY) { /* an offline ticket has no id yet */
			redraw = u->screen == UI_HOME;
			break;
		}
		u->print = res->code == K_OK ? UI_PRINT_DONE : UI_PRINT_FAILED;
		if (u->print == UI_PRINT_FAILED && u->screen == UI_TICKET)
			u->screen_since = u->ticks(); /* time to note the number down */
		break;
	case WORKER_CHECKIN:
		redraw = screen_booking_result(u, res);
		break;
	case WORKER_LOOKUP:
		redraw = screen_lookup_result(u, res);
		break;
	case WORKER_STATUS:
		redraw = on_status(u, res) && live(u);
		break;
	}
	free(res);
	return redraw;
}

int ui_event(struct ui *u, const SDL_Event *ev)
{
	if (u->d.worker_event && ev->type == u->d.worker_event && ev->user.code == WORKER_SYNCED) {
		if (u->d.worker) /* the follower stored news: the worker reads it */
			worker_refresh(u->d.worker);
		return 0;
	}
	if (u->d.worker_event && ev->type == u->d.worker_event)
		return on_result(u, ev->user.data1);
	if (u->d.scan_event && ev->type == u->d.scan_event) {
		struct scan_event *scan = ev->user.data1;
		int redraw = ui_scan(u, scan->code, scan->len);
		sodium_memzero(scan, sizeof(*scan)); /* a code may be an ID card's */
		free(scan);
		return redraw;
	}
	return ui_input(u, ev);
}

/* When the current screen gives up and goes home (ticks), or 0 for never. */
static Uint32 screen_deadline(const struct ui *u)
{
	const struct screen_ops *s = screen_current(u);
	return s->deadline ? s->deadline(u) : ui_idle_deadline(u);
}

static int due(const struct ui *u, Uint32 deadline)
{
	return (Sint32)(u->ticks() - deadline) >= 0;
}

int ui_tick(struct ui *u)
{
	int scanned = ui_scan_tick(u);
	Uint32 deadline = screen_deadline(u);

	if (live(u) && due(u, u->last_refresh + REFRESH_MS) && u->d.worker) {
		u->last_refresh = u->ticks();
		worker_refresh(u->d.worker);
	}
	if (!deadline || !due(u, deadline))
		return scanned;
	if (u->screen == UI_HOME && u->lang == u->d.cfg->kiosk.language && !u->priority) {
		ui_show(u, UI_ATTRACT);
		return 1;
	}
	u->lang = u->d.cfg->kiosk.language;
	u->priority = 0;
	go_home(u);
	return 1;
}

int ui_next_timeout(const struct ui *u)
{
	Uint32 now = u->ticks(), deadline = screen_deadline(u);
	Sint32 wait = -1;

	if (deadline)
		wait = (Sint32)(deadline - now);
	Uint32 scan = ui_scan_deadline(u);
	if (scan && (wait < 0 || (Sint32)(scan - now) < wait))
		wait = (Sint32)(scan - now);
	if (u->d.worker && live(u)) {
		Sint32 r = (Sint32)(u->last_refresh + REFRESH_MS - now);
		if (wait < 0 || r < wait)
			wait = r;
	}
	if (!deadline && !scan && wait < 0)
		return -1;
	return wait < 0 ? 0 : wait;
}

void ui_attach_worker(struct ui *u, struct worker *w)
{
	u->d.worker = w;
	if (w)
		worker_refresh(w);
}

int ui_wants_restart(const struct ui *u)
{
	return u->restart;
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

int ui_online(const struct ui *u, int *unsent)
{
	if (unsent)
		*unsent = u->unsent;
	return u->online;
}

int ui_issue_code(const struct ui *u)
{
	return u->issue_code;
}

int ui_service_rect(const struct ui *u, int i, SDL_Rect *out)
{
	for (int k = 0, n = 0; k < u->nwidgets; k++)
		if (u->widget[k].action == A_SERVICE && n++ == i) {
			*out = u->widget[k].r;
			return 0;
		}
	return -1;
}

const char *ui_typed(const struct ui *u)
{
	return u->typed;
}

int ui_button_rect(const struct ui *u, const char *what, SDL_Rect *out)
{
	static const struct {
		const char *name;
		int action, arg;
	} names[] = {
		{ "info", A_INFO, -1 }, { "priority", A_PRIORITY, -1 }, { "lang", A_LANG, -1 },
		{ "home", A_HOME, -1 }, { "take", A_TAKE, -1 }, { "pin:back", A_PIN_BACK, -1 },
		{ "pin:ok", A_PIN_OK, -1 }, { "maint:test", A_MAINT_TEST, -1 },
		{ "maint:reprint", A_MAINT_REPRINT, -1 }, { "maint:paper", A_MAINT_PAPER, -1 },
		{ "maint:restart", A_MAINT_RESTART, -1 }, { "maint:toggle", A_MAINT_TOGGLE, -1 },
		{ "reprint", A_REPRINT, -1 }, { "type", A_TYPE, -1 }, { "key:back", A_TYPE_BACK, -1 },
		{ "key:ok", A_TYPE_OK, -1 }, { "lookup", A_LOOKUP, -1 },
		{ "lookup:ok", A_LOOKUP_OK, -1 }, { "lookup:again", A_LOOKUP_AGAIN, -1 },
		{ "follow", A_FOLLOW, -1 },
	};
	int action = -1, arg = -1;
	if (strncmp(what, "pin:", 4) == 0 && what[4] >= '0' && what[4] <= '9' && !what[5]) {
		action = A_PIN_DIGIT;
		arg = what[4] - '0';
	}
	if (strncmp(what, "key:", 4) == 0 && what[4] && !what[5]) {
		action = A_TYPE_KEY;
		arg = what[4];
	}
	for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]) && action < 0; i++)
		if (!strcmp(what, names[i].name))
			action = names[i].action;
	for (int k = 0; k < u->nwidgets; k++)
		if (u->widget[k].action == action && (arg < 0 || u->widget[k].arg == arg)) {
			*out = u->widget[k].r;
			return 0;
		}
	return -1;
}

void ui_set_ticks(struct ui *u, Uint32 (*ticks)(void))
{
	Uint32 old = u->ticks();
	u->ticks = ticks;
	/* keep the timers where they were, on the new clock */
	u->screen_since = u->screen_since - old + ticks();
	u->last_input = u->last_input - old + ticks();
	u->last_refresh = u->last_refresh - old + ticks();
}
