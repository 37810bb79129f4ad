/*
 * test_page.c - a ticket's page token (core/ticket_page.c) and the page's
 * view of the queue (core/queue_page.c), through the real engine: a token
 * reads back only in its one spelling, a kiosk's MAC holds for its key and
 * day only, the hash opens its ticket with the people ahead and the wait,
 * follows the ticket through its states, is re-pointed by a second attach,
 * opens nothing on another day, and is purged by the upkeep.
 */
#include "testutil.h"
#include "db_maint.h"
#include "kerr.h"
#include "ticket_page.h"

#include <string.h>

#define DAY "2026-11-30"

static void token_reads_back_in_one_spelling_only(void **state)
{
	uint8_t key[TICKET_PAGE_KEY], bin[TICKET_PAGE_BYTES], again[TICKET_PAGE_BYTES];
	char text[TICKET_PAGE_LEN + 1], other[TICKET_PAGE_LEN + 1], bad[40];
	(void)state;

	ticket_page_key("kiosk-token-aaaaaaaaaaaa", key);
	ticket_page_make(key, 20422, text);
	assert_int_equal(strlen(text), TICKET_PAGE_LEN);
	assert_int_equal(strspn(text, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
				      "0123456789-_"), TICKET_PAGE_LEN);
	assert_int_equal(ticket_page_parse(text, bin), 0);
	ticket_page_make(key, 20422, other);
	assert_string_not_equal(text, other); /* random: two tickets, two tokens */

	/* not 22 characters, padding, the other alphabet, a non-zero unused bit */
	snprintf(bad, sizeof(bad), "%.21s", text);
	assert_int_equal(ticket_page_parse(bad, again), -1);
	snprintf(bad, sizeof(bad), "%sA", text);
	assert_int_equal(ticket_page_parse(bad, again), -1);
	snprintf(bad, sizeof(bad), "%.20s==", text);
	assert_int_equal(ticket_page_parse(bad, again), -1);
	snprintf(bad, sizeof(bad), "+%.21s", text + 1);
	assert_int_equal(ticket_page_parse(bad, again), -1);
	snprintf(bad, sizeof(bad), "%.21sB", text); /* 'B' sets a bit past the 16 bytes */
	if (text[21] != 'B')
		assert_int_equal(ticket_page_parse(bad, again), -1);
	assert_int_equal(ticket_page_parse("", again), -1);
	assert_int_equal(ticket_page_parse(NULL, again), -1);
}

static void a_kiosks_mac_holds_for_its_key_and_day_only(void **state)
{
	uint8_t key[TICKET_PAGE_KEY], other[TICKET_PAGE_KEY], bin[TICKET_PAGE_BYTES];
	char text[TICKET_PAGE_LEN + 1];
	(void)state;

	ticket_page_key("kiosk-token-aaaaaaaaaaaa", key);
	ticket_page_key("kiosk-token-aaaaaaaaaaab", other);
	ticket_page_make(key, 20422, text);
	assert_int_equal(ticket_page_parse(text, bin), 0);
	assert_true(ticket_page_signed(key, 20422, bin));
	assert_false(ticket_page_signed(key, 20421, bin));
	assert_false(ticket_page_signed(other, 20422, bin));
	bin[15] ^= 1;
	assert_false(ticket_page_signed(key, 20422, bin));
	ticket_page_random(text);
	assert_int_equal(ticket_page_parse(text, bin), 0);
	assert_false(ticket_page_signed(key, 20422, bin));
}

/* A ticket's page: issue it, attach a fresh token's hash, return the hash. */
static void attach_new(struct tfix *f, const char *number, uint8_t hash[TICKET_PAGE_HASH])
{
	struct queue_ticket t;
	uint8_t bin[TICKET_PAGE_BYTES];
	char text[TICKET_PAGE_LEN + 1];

	assert_int_equal(queue_find(f->q, number, &t), 0);
	ticket_page_random(text);
	assert_int_equal(ticket_page_parse(text, bin), 0);
	ticket_page_hash(bin, hash);
	assert_int_equal(queue_page_attach(f->q, hash, t.id, t.day), 0);
}

static void the_hash_opens_its_ticket_through_the_day(void **state)
{
	struct tfix *f = tfix_new("", DAY "T08:00");
	struct queue_page pg;
	struct queue_ticket t;
	uint8_t mine[TICKET_PAGE_HASH], first[TICKET_PAGE_HASH], none[TICKET_PAGE_HASH] = { 0 };
	(void)state;

	tissue(f, "A", 0);
	tissue(f, "A", 0);
	const char *number = tissue(f, "A", 0);
	char own[12];
	snprintf(own, sizeof(own), "%s", number);
	attach_new(f, own, mine);
	assert_int_equal(queue_page_find(f->q, none, &pg), K_ERR_NOT_FOUND);
	assert_int_equal(queue_page_find(f->q, mine, &pg), 0);
	assert_string_equal(pg.t.number, own);
	assert_int_equal(pg.t.state, QUEUE_WAITING);
	assert_int_equal(pg.t.ahead, 2);
	assert_true(pg.t.wait_minutes > 0);
	assert_false(pg.rated);

	/* the two ahead are called: nobody ahead, then it is called itself */
	assert_int_equal(queue_call_next(f->q, 1, &t), 0);
	assert_int_equal(queue_page_find(f->q, mine, &pg), 0);
	assert_int_equal(pg.t.ahead, 1);
	assert_int_equal(queue_call_next(f->q, 1, &t), 0);
	assert_int_equal(queue_page_find(f->q, mine, &pg), 0);
	assert_int_equal(pg.t.ahead, 0);
	assert_int_equal(queue_call_number(f->q, 2, own, &t), 0);
	assert_int_equal(queue_page_find(f->q, mine, &pg), 0);
	assert_int_equal(pg.t.state, QUEUE_CALLED);
	assert_int_equal(pg.t.counter, 2);
	f->now += 300;
	assert_int_equal(queue_finish(f->q, 2, &t), 0);
	assert_int_equal(queue_page_find(f->q, mine, &pg), 0);
	assert_int_equal(pg.t.state, QUEUE_DONE);
	assert_int_equal(queue_rate(f->q, 0, own, 1, 0, QUEUE_RATE_PHONE), 0);
	assert_int_equal(queue_page_find(f->q, mine, &pg), 0);
	assert_true(pg.rated);

	/* a second attach of the same hash re-points it (an offline push that
	 * replaced the ticket first issued for its client_ref) */
	const char *later = tissue(f, "A", 0);
	assert_int_equal(queue_find(f->q, later, &t), 0);
	memcpy(first, mine, sizeof(first));
	assert_int_equal(queue_page_attach(f->q, first, t.id, t.day), 0);
	assert_int_equal(queue_page_find(f->q, first, &pg), 0);
	assert_string_equal(pg.t.number, later);

	/* the next day: nothing, and the upkeep deletes the rows */
	f->now = tlocal("2026-12-01T08:00");
	assert_int_equal(queue_page_find(f->q, first, &pg), K_ERR_NOT_FOUND);
	struct db_maint_report rep;
	assert_int_equal(queue_maintain(f->q, &rep), 0);
	f->now = tlocal(DAY "T12:00"); /* back: the row is gone, not only out of date */
	assert_int_equal(queue_page_find(f->q, first, &pg), K_ERR_NOT_FOUND);
	tfix_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(token_reads_back_in_one_spelling_only),
		cmocka_unit_test(a_kiosks_mac_holds_for_its_key_and_day_only),
		cmocka_unit_test(the_hash_opens_its_ticket_through_the_day),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
