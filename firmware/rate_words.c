/*
 * rate_words.c - what the rating panel reads of its state to say it: its
 * texts, a word in its language, the counter's name, the window left.
 * The painter (rate_draw.c) and the state (rate.c) both call it; it calls
 * neither.
 */
#include "rate_private.h"

#include <stdio.h>

int rate_window_ms(const struct rate *p)
{
	Sint32 left = (Sint32)(p->deadline - p->ticks());
	return left > 0 ? left : 0;
}

int rate_left(const struct rate *p)
{
	if (p->screen != RATE_SCREEN_OPEN && p->screen != RATE_SCREEN_REASONS)
		return 0;
	return (rate_window_ms(p) + 999) / 1000;
}

const char *rate_tr(const struct rate *p, const char *key)
{
	return i18n_get(p->d.text[p->lang], key);
}

const char *rate_pick(const struct rate *p, const struct rate_words *w)
{
	return p->lang && w->en[0] ? w->en : w->vi;
}

void rate_counter_name(const struct rate *p, char *buf, size_t len)
{
	const struct rate_view *v = p->view.counter ? &p->view : NULL;
	int n = v ? v->counter : p->d.cfg->kiosk.rate_counter;
	const char *own = v ? (p->lang && v->counter_en[0] ? v->counter_en : v->counter_vi) : "";
	const struct kconf_counter *k = own[0] ? NULL : kconf_counter(p->d.cfg, n);
	if (k)
		own = p->lang && k->name_en[0] ? k->name_en : k->name_vi;
	if (own[0])
		snprintf(buf, len, "%s", own);
	else
		i18n_format(p->d.text[p->lang], "rate.counter", n, buf, (unsigned)len);
}
