/*
 * page_token.c - web-page-token BEARER [DAY_STARTS_MIN]: prints a ticket
 * page token (core/ticket_page.c) as the kiosk with this [sync] token makes
 * it for a ticket of today (the system clock; the queue's day starts
 * DAY_STARTS_MIN minutes after midnight, [queue] day_starts, default 0).
 * For tests/web/ticket.test.mjs: a ticket issued through the API with this
 * "page", or a token signed but not pushed yet ("not received").
 */
#include "kclock.h"
#include "ticket_page.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: %s BEARER [DAY_STARTS_MIN]\n", argv[0]);
		return 2;
	}
	if (sodium_init() < 0)
		return 1;
	uint8_t key[TICKET_PAGE_KEY];
	char text[TICKET_PAGE_LEN + 1];
	ticket_page_key(argv[1], key);
	int64_t day = kclock_day(kclock_now(&kclock_system), argc > 2 ? atoi(argv[2]) : 0);
	ticket_page_make(key, day, text);
	puts(text);
	return 0;
}
