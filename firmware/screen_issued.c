/*
 * screen_issued.c - a number asked for, and the answer: the ticket (its
 * number fills the screen while the slip prints; a slip that did not print
 * leaves it longer, to be noted down), or why no number was given (closed,
 * full, off, no clock, no disk, or an error never shown technically) and,
 * for a closed service, when it opens.  Both go home by themselves.  A
 * ticket with a page (ticket_page.h) offers its slip's QR code, large on
 * the screen, for a citizen whose slip did not print or who scans now.
 */
#include "screen.h"
#include "widget.h"
#include "hours.h"
#include "kerr.h"
#include "klog.h"
#include "queue.h"
#include "slip.h"

#include <stdio.h>
#include <string.h>

#define TICKET_MS 12000     /* the ticket stays on screen this long */
#define FAILED_MS 45000     /* ... and longer when its slip did not print */
#define REFUSED_MS 8000

struct refused {
	int code;           /* K_ERR_*: why not */
};

/* The ticket's page on a phone: the address its slip's QR code carries. */
struct follow {
	char url[KCONF_PATH * 2]; /* "" = no page: no button */
	SDL_Texture *qr;          /* made on the tap, shown large until home */
};

int screen_take_number(struct ui *u, int service)
{
	int64_t opens;
	int st = ui_service_state(u, service, &opens);

	if (u->waiting_issue)
		return 0;
	snprintf(u->asked, sizeof(u->asked), "%s", u->d.cfg->services[service].code);
	if (st != SERVICE_OPEN || !u->d.worker) {
		screen_refused_show(u, st == SERVICE_CLOSED ? K_ERR_CLOSED :
				       st == SERVICE_FULL ? K_ERR_CAP :
				       st == SERVICE_OFF ? K_ERR_DISABLED : K_ERR_DB);
		return 1;
	}
	if (worker_issue(u->d.worker, u->d.cfg->services[service].code, u->priority) < 0) {
		screen_refused_show(u, K_ERR_BUSY);
		return 1;
	}
	u->waiting_issue = 1; /* the number arrives within milliseconds */
	return 1;
}

void screen_ticket_show(struct ui *u, const struct queue_ticket *t)
{
	u->ticket = *t;
	u->have_ticket = 1;
	u->print = worker_prints(u->d.worker) ? UI_PRINT_BUSY : UI_PRINT_NONE;
	u->priority = 0;
	klog(KLOG_INFO, "ui: issued %s (%s)", t->number, queue_source_name(t->source));
	ui_show(u, UI_TICKET);
}

static void home_button(struct ui *u)
{
	widget_bottom(u, A_HOME, 0, 0);
}

static void ticket_enter(struct ui *u)
{
	struct follow *st = screen_state(u, UI_TICKET);
	struct slip_info info;

	if (st->qr)
		SDL_DestroyTexture(st->qr);
	st->qr = NULL;
	st->url[0] = '\0';
	slip_info_of(&info, &u->ticket, NULL);
	if (!u->ticket.page[0])
		return;
	slip_qr_url(u->d.cfg, &info, st->url, sizeof(st->url));
	if (!strstr(st->url, u->ticket.page))
		st->url[0] = '\0'; /* the page of this ticket, not any address (an OA's) */
}

static void ticket_leave(struct ui *u, enum ui_screen next)
{
	struct follow *st = screen_state(u, UI_TICKET);
	(void)next;
	if (st->qr)
		SDL_DestroyTexture(st->qr);
	st->qr = NULL;
}

static void ticket_layout(struct ui *u)
{
	const struct follow *st = screen_state(u, UI_TICKET);
	widget_bottom(u, A_HOME, 0, st->url[0] && !st->qr ? A_FOLLOW : 0);
}

static int ticket_action(struct ui *u, int action, int arg)
{
	struct follow *st = screen_state(u, UI_TICKET);
	(void)arg;
	if (action != A_FOLLOW || !st->url[0] || st->qr)
		return 0;
	st->qr = widget_qr(u, st->url);
	if (!st->qr)
		klog(KLOG_WARN, "ui: the page's QR code cannot be drawn");
	ui_layout(u);
	return 1;
}

/* The number small, the page's code as large as fits, and what it is for. */
static void draw_follow(struct ui *u, SDL_Texture *qr)
{
	struct i18n *t = ui_text(u);
	char line[64];
	int m = widget_margin(u), w = u->w - 2 * m, y = widget_header_h(u) + m;
	int bottom = u->nwidgets ? u->widget[0].r.y - m : u->h - m;

	widget_header(u, 0);
	snprintf(line, sizeof(line), "%s %s", i18n_get(t, "ticket.heading"), u->ticket.number);
	y += widget_text(u, F_TITLE, line, ui_navy, m, y, w, UI_CENTER) + m;
	int hint = 3 * TTF_FontLineSkip(u->font[F_BUTTON]) + m;
	int side = bottom - y - hint < w ? bottom - y - hint : w;
	y += widget_qr_draw(u, qr, m + (w - side) / 2, y, side) + m;
	widget_text(u, F_BUTTON, i18n_get(t, "ticket.follow_hint"), ui_ink, m, y, w, UI_CENTER);
	widget_button(u, 0, i18n_get(t, "ticket.home"));
}

static void draw_ticket(struct ui *u)
{
	struct i18n *t = ui_text(u);
	const struct kconf_service *s = kconf_service(u->d.cfg, u->ticket.service);
	const struct follow *st = screen_state(u, UI_TICKET);
	char line[256];
	int m = widget_margin(u), w = u->w - 2 * m, y = widget_header_h(u) + 2 * m;

	if (st->qr) {
		draw_follow(u, st->qr);
		return;
	}
	widget_header(u, 0);
	y += widget_text(u, F_TITLE, i18n_get(t, "ticket.heading"), ui_ink, m, y, w, UI_CENTER);
	y += widget_text(u, F_HUGE, u->ticket.number, ui_navy, m, y, w, UI_CENTER);
	if (s)
		y += widget_text(u, F_BUTTON, ui_pick(u, s->name_vi, s->name_en), ui_ink, m, y, w, UI_CENTER) + m;
	i18n_format(t, "ticket.ahead", u->ticket.ahead, line, sizeof(line));
	y += widget_text(u, F_BUTTON, line, ui_ink, m, y, w, UI_CENTER);
	if (u->ticket.wait_minutes > 0) {
		i18n_wait(t, "ticket.wait", u->ticket.wait_minutes, line, sizeof(line));
		y += widget_text(u, F_BUTTON, line, ui_ink, m, y, w, UI_CENTER);
	}
	y += 2 * m;
	if (u->print == UI_PRINT_FAILED)
		widget_text(u, F_BUTTON, i18n_get(t, "ticket.print_failed"), ui_red, m, y, w, UI_CENTER);
	else if (u->print == UI_PRINT_NONE)
		widget_text(u, F_BUTTON, i18n_get(t, "ticket.no_printer"), ui_navy, m, y, w, UI_CENTER);
	else
		widget_text(u, F_TITLE, i18n_get(t, "ticket.take"), ui_navy, m, y, w, UI_CENTER);
	widget_button(u, 0, i18n_get(t, "ticket.home"));
	if (u->nwidgets > 1)
		widget_button(u, 1, i18n_get(t, "ticket.follow"));
}

static Uint32 ticket_deadline(const struct ui *u)
{
	return u->screen_since + (u->print == UI_PRINT_FAILED ? FAILED_MS : TICKET_MS);
}

const struct screen_ops screen_ticket = {
	.name = "ticket",
	.state_size = sizeof(struct follow),
	.enter = ticket_enter,
	.leave = ticket_leave,
	.layout = ticket_layout,
	.action = ticket_action,
	.draw = draw_ticket,
	.deadline = ticket_deadline,
};

void screen_refused_show(struct ui *u, int code)
{
	struct refused *st = screen_state(u, UI_REFUSED);
	st->code = code;
	ui_show(u, UI_REFUSED);
}

static void draw_refused(struct ui *u)
{
	const struct refused *st = screen_state(u, UI_REFUSED);
	char key[64], line[160], at[64];
	int m = widget_margin(u), y = u->h / 3;
	const char *name = kerr_name(st->code);

	widget_header(u, 0);
	if (st->code != K_ERR_CLOSED && st->code != K_ERR_CAP &&
	    st->code != K_ERR_DISABLED && st->code != K_ERR_CLOCK &&
	    st->code != K_ERR_DISK_FULL)
		name = "ERROR"; /* never technical text in front of a citizen */
	snprintf(key, sizeof(key), "reason.%s", name);
	y += widget_text(u, F_TITLE, ui_tr(u, key), ui_red, m, y, u->w - 2 * m, UI_CENTER) + m;
	const struct kconf_service *s = kconf_service(u->d.cfg, u->asked);
	if (st->code == K_ERR_CLOSED && s) {
		int64_t opens = hours_next_opening(u->d.cfg, s, ui_now(u));
		if (opens) {
			widget_when(u, opens, at, sizeof(at));
			snprintf(line, sizeof(line), "%s %s", ui_tr(u, "closed.opens"), at);
			widget_text(u, F_BUTTON, line, ui_ink, m, y, u->w - 2 * m, UI_CENTER);
		}
	}
	widget_button(u, 0, ui_tr(u, "info.back"));
}

static Uint32 refused_deadline(const struct ui *u)
{
	return u->screen_since + REFUSED_MS;
}

const struct screen_ops screen_refused = {
	.name = "refused",
	.state_size = sizeof(struct refused),
	.layout = home_button,
	.draw = draw_refused,
	.deadline = refused_deadline,
};
