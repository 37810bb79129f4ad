/*
 * page_token.c - page-token BEARER [YYYY-MM-DD]: prints a ticket page
 * token (core/ticket_page.c) as the kiosk with this [sync] token makes it
 * for a ticket of that queue day (default: today by the system clock, the
 * day starting at midnight).  For the tests (public_api.sh, web_ticket):
 * a ticket issued through the API with this "page", or a token a kiosk
 * signed but has not pushed yet ("not received"), or one of another day.
 */
#include "kclock.h"
#include "ticket_page.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	int64_t t = kclock_now(&kclock_system);
	char noon[32];

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: %s BEARER [YYYY-MM-DD]\n", argv[0]);
		return 2;
	}
	snprintf(noon, sizeof(noon), "%.10sT12:00", argc > 2 ? argv[2] : "");
	if (argc > 2 && (strlen(argv[2]) != 10 || kclock_parse_local(noon, &t) < 0)) {
		fprintf(stderr, "%s: %s is not YYYY-MM-DD\n", argv[0], argv[2]);
		return 2;
	}
	if (sodium_init() < 0)
		return 1;
	uint8_t key[TICKET_PAGE_KEY];
	char text[TICKET_PAGE_LEN + 1];
	ticket_page_key(argv[1], key);
	ticket_page_make(key, kclock_day(t, 0), text);
	puts(text);
	return 0;
}
