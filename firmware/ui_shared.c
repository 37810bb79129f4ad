/*
 * ui_shared.c - what every screen may use of the UI: the texts in the
 * citizen's language, the time, whether a service is open, the idle
 * timeout, the way from one screen to another (ui_show: the old screen's
 * leave, the new one's enter and layout), each screen's own state and the
 * fonts by role (opened from the files ui.c mapped, each on its first use).
 *
 * It reaches the screens only through the table struct ui was given at
 * creation (ui.c), never by name, so the screens calling it make no circle.
 */
#include "screen.h"
#include "hours.h"
#include "klog.h"

const struct screen_ops *screen_current(const struct ui *u)
{
	return u->screens[u->screen];
}

void *screen_state(const struct ui *u, enum ui_screen s)
{
	return u->state[s];
}

Uint32 screen_never(const struct ui *u)
{
	(void)u;
	return 0;
}

struct i18n *ui_text(const struct ui *u)
{
	return u->d.text[u->lang];
}

const char *ui_pick(const struct ui *u, const char *vi, const char *en)
{
	return u->lang == 1 && en && en[0] ? en : vi;
}

int64_t ui_now(const struct ui *u)
{
	return kclock_now(u->d.clock ? u->d.clock : &kclock_system);
}

int ui_service_state(const struct ui *u, int i, int64_t *opens)
{
	const struct kconf_service *s = &u->d.cfg->services[i];
	int64_t now = ui_now(u);

	*opens = 0;
	int off = (u->off_today & (1u << i)) &&
		  u->off_day == kclock_day(now, u->d.cfg->queue.day_starts); /* for today only */
	if (!s->enabled || off)
		return SERVICE_OFF;
	if (s->cap > 0 && u->have_status && u->status.services[i].issued >= s->cap)
		return SERVICE_FULL;
	if (!hours_open(u->d.cfg, s, now)) {
		*opens = hours_next_opening(u->d.cfg, s, now);
		return SERVICE_CLOSED;
	}
	return SERVICE_OPEN;
}

int ui_all_closed(const struct ui *u, int64_t *opens)
{
	int any = 0;
	*opens = 0;
	for (int i = 0; i < u->d.cfg->nservices; i++) {
		int64_t at;
		int st = ui_service_state(u, i, &at);
		if (st == SERVICE_OFF)
			continue;
		if (st != SERVICE_CLOSED)
			return 0;
		any = 1;
		if (at && (!*opens || at < *opens))
			*opens = at;
	}
	return any;
}

int ui_has_server(const struct ui *u)
{
	return u->d.cfg->sync.server[0] != '\0';
}

Uint32 ui_idle_deadline(const struct ui *u)
{
	return u->last_input + (Uint32)u->d.cfg->kiosk.idle_seconds * 1000u;
}

void ui_show(struct ui *u, enum ui_screen s)
{
	if (u->screen != s) {
		if (u->screens[u->screen]->leave)
			u->screens[u->screen]->leave(u, s);
		u->shows++;
	}
	u->screen = s;
	u->screen_since = u->ticks();
	u->pressed = u->focus = -1;
	if (u->screens[s]->enter)
		u->screens[s]->enter(u);
	ui_layout(u);
}

void ui_layout(struct ui *u)
{
	const struct screen_ops *s = screen_current(u);

	u->nwidgets = 0;
	if (s->layout)
		s->layout(u);
	if (u->pressed >= u->nwidgets)
		u->pressed = -1;
	if (u->focus >= u->nwidgets)
		u->focus = -1;
}

/* The sizes follow the screen's short side, 18 px at least. */
static int font_size(const struct ui *u, int role)
{
	int unit = u->w < u->h ? u->w : u->h;
	const int size[F_COUNT] = {
		[F_TITLE] = unit / 17, [F_BUTTON] = unit / 26, [F_SMALL] = unit / 36,
		[F_HUGE] = unit / 4,
	};
	return size[role] < 18 ? 18 : size[role];
}

TTF_Font *ui_font(struct ui *u, int role)
{
	if (role < 0 || role >= F_COUNT)
		return NULL;
	if (u->font[role])
		return u->font[role];
	int bold = role != F_SMALL;
	SDL_RWops *rw = SDL_RWFromConstMem(u->font_file[bold], (int)u->font_len[bold]);
	u->font[role] = rw ? TTF_OpenFontRW(rw, 1, font_size(u, role)) : NULL;
	if (!u->font[role])
		klog(KLOG_ERR, "ui: cannot open font %s: %s",
		     bold ? u->d.cfg->kiosk.font_bold : u->d.cfg->kiosk.font, TTF_GetError());
	return u->font[role];
}
