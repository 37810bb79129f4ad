/*
 * board_words.c - what the board reads of its state to say it: the time,
 * the translations, a counter's name.  The painter (board_draw.c) and the
 * state (board.c) both call it; it calls neither.
 */
#include "board_private.h"

#include <stdio.h>

int64_t board_now(const struct board *b)
{
	return kclock_now(b->d.clock);
}

const char *board_tr(const struct board *b, int lang, const char *key)
{
	return i18n_get(b->d.text[lang], key);
}

void board_counter_name(const struct board *b, int lang, int counter, char *buf, size_t len)
{
	const char *own = "";
	for (int i = 0; i < b->view.ncalls && !own[0]; i++)
		if (b->view.calls[i].counter == counter)
			own = lang ? b->view.calls[i].counter_en : b->view.calls[i].counter_vi;
	const struct kconf_counter *k = own[0] ? NULL : kconf_counter(b->d.cfg, counter);
	if (k)
		own = lang ? k->name_en : k->name_vi;
	if (own[0])
		snprintf(buf, len, "%s", own);
	else
		i18n_format(b->d.text[lang], "board.counter", counter, buf, (unsigned)len);
}
