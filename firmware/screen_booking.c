/*
 * screen_booking.c - a booking made through Zalo, checked in here: the
 * answer to a scanned or typed code that gave no ticket (why, what to do
 * now, and for a code used before its first ticket, to print again), and
 * the keyboard to type the code from the Zalo message when a phone's
 * screen will not scan.  A code that gives a ticket shows the ticket
 * (screen_issued.c).  The typed code is wiped when its screen is left.
 */
#include "screen.h"
#include "widget.h"
#include "kerr.h"

#include <stdio.h>

#define BOOKING_MS 20000  /* time to read what to do, or to find the first slip */
#define TYPED_MAX 20      /* a booking code's characters at most */

struct booking {
	int reason;                   /* enum booking_reason; -1 = error, -2 = no server */
	struct booking_token booking; /* the verified fields, for the text */
	struct queue_ticket used;     /* ALREADY_USED: the first ticket */
};

int screen_booking_result(struct ui *u, const struct worker_result *res)
{
	struct booking *st = screen_state(u, UI_BOOKING);

	u->waiting_issue = 0;
	if (res->code == K_OK && res->reason == BOOKING_OK) {
		screen_ticket_show(u, &res->ticket);
		return 1;
	}
	/* -2: a typed code needs the station server; -1: the kiosk's own trouble */
	st->reason = res->code == K_ERR_UNREACHABLE ? -2 : res->code < 0 ? -1 : res->reason;
	st->booking = res->booking;
	if (res->reason == BOOKING_ALREADY_USED)
		st->used = res->ticket;
	ui_show(u, UI_BOOKING);
	return 1;
}

static void booking_layout(struct ui *u)
{
	const struct booking *st = screen_state(u, UI_BOOKING);
	if (st->reason == BOOKING_ALREADY_USED)
		widget_bottom(u, A_REPRINT, 0, A_HOME);
	else
		widget_bottom(u, A_HOME, 0, 0);
}

/* A scanned code refused: what happened, and what to do now. */
static void draw_booking(struct ui *u)
{
	const struct booking *st = screen_state(u, UI_BOOKING);
	char key[64], line[200], at[64];
	int m = widget_margin(u), y = u->h / 4, w = u->w - 2 * m, r = st->reason;
	const char *name = r == -2 ? "OFFLINE" : r < 0 ? "ERROR" : booking_reason_name(r);

	widget_header(u, 0);
	snprintf(key, sizeof(key), "booking.%s", name);
	y += widget_text(u, F_TITLE, ui_tr(u, key), ui_red, m, y, w, UI_CENTER) + 2 * m;
	snprintf(key, sizeof(key), "booking.%s_do", name);
	/* WRONG_STATION: the code names the other unit by its id only (DIAN-PC06),
	 * which means nothing to a citizen, so the text sends them to the message */
	snprintf(line, sizeof(line), "%s", ui_tr(u, key));
	if (r == BOOKING_TOO_EARLY) {
		widget_when(u, st->booking.slot - (int64_t)u->d.cfg->booking.early * 60, at, sizeof(at));
		snprintf(line, sizeof(line), "%s %s", ui_tr(u, key), at);
	}
	y += widget_text(u, F_BUTTON, line, ui_ink, m, y, w, UI_CENTER) + m;
	if (r == BOOKING_ALREADY_USED)
		widget_text(u, F_HUGE, st->used.number, ui_navy, m, y, w, UI_CENTER);
	for (int i = 0; i < u->nwidgets; i++)
		widget_button(u, i, ui_tr(u, u->widget[i].action == A_REPRINT ? "booking.reprint" : "info.back"));
}

/* The ticket of a code used before, printed again. */
static int booking_action(struct ui *u, int what, int arg)
{
	struct booking *st = screen_state(u, UI_BOOKING);

	(void)arg;
	if (what != A_REPRINT)
		return 0;
	if (u->d.worker && worker_reprint(u->d.worker, &st->used) == 0) {
		u->ticket = st->used;
		u->have_ticket = 1;
		u->print = UI_PRINT_BUSY;
		ui_show(u, UI_TICKET);
	}
	return 1;
}

static Uint32 booking_deadline(const struct ui *u)
{
	return u->screen_since + BOOKING_MS;
}

const struct screen_ops screen_booking = {
	.name = "booking",
	.state_size = sizeof(struct booking),
	.layout = booking_layout,
	.draw = draw_booking,
	.action = booking_action,
	.deadline = booking_deadline,
};

static void type_layout(struct ui *u)
{
	widget_keyboard_layout(u, A_TYPE_OK);
}

/* The booking code typed so far, and the keys. */
static void type_draw(struct ui *u)
{
	widget_keyboard_draw(u, ui_tr(u, "type.title"), ui_ink, ui_tr(u, "type.hint"),
			     ui_tr(u, "type.ok"));
}

static int type_action(struct ui *u, int what, int arg)
{
	if (what != A_TYPE_OK)
		return widget_keyboard_key(u, what, arg, TYPED_MAX);
	if (u->typed_len == 0 || !u->d.worker || u->waiting_issue)
		return 0;
	if (worker_checkin_code(u->d.worker, u->typed) == 0)
		u->waiting_issue = 1; /* the answer shows the ticket or why not */
	return 1;
}

static void type_leave(struct ui *u, enum ui_screen next)
{
	(void)next;
	widget_keyboard_clear(u); /* a typed code is not kept */
}

const struct screen_ops screen_type = {
	.name = "type",
	.leave = type_leave,
	.layout = type_layout,
	.draw = type_draw,
	.action = type_action,
};
