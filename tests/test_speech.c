/*
 * test_speech.c - numbers and tickets read by Vietnamese rules (issue 7's
 * table of cases: mốt, tư, lăm, lẻ where they apply).
 */
#include "testutil.h"
#include "speech.h"

#include <string.h>

static void numbers_by_vietnamese_rules(void **state)
{
	(void)state;
	static const struct { int n; const char *words; } cases[] = {
		{ 0, "không" },
		{ 1, "một" },
		{ 4, "bốn" },
		{ 5, "năm" },
		{ 10, "mười" },
		{ 11, "mười một" },
		{ 14, "mười bốn" },
		{ 15, "mười lăm" },
		{ 20, "hai mươi" },
		{ 21, "hai mươi mốt" },
		{ 24, "hai mươi tư" },
		{ 25, "hai mươi lăm" },
		{ 101, "một trăm lẻ một" },
		{ 104, "một trăm lẻ bốn" },
		{ 105, "một trăm lẻ năm" },
		{ 110, "một trăm mười" },
		{ 115, "một trăm mười lăm" },
		{ 121, "một trăm hai mươi mốt" },
		{ 200, "hai trăm" },
		{ 999, "chín trăm chín mươi chín" },
		{ 1000, "một nghìn" },
		{ 1005, "một nghìn không trăm lẻ năm" },
		{ 1010, "một nghìn không trăm mười" },
		{ 1234, "một nghìn hai trăm ba mươi tư" },
		{ 21000, "hai mươi mốt nghìn" },
	};
	char out[200];
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(speech_number(cases[i].n, out, sizeof(out)), 0);
		if (strcmp(out, cases[i].words) != 0)
			fail_msg("%d: \"%s\", wanted \"%s\"", cases[i].n, out, cases[i].words);
	}
	assert_int_equal(speech_number(-1, out, sizeof(out)), -1);
	assert_int_equal(speech_number(100000, out, sizeof(out)), -1);
	assert_int_equal(speech_number(1234, out, 8), -1); /* never cut a word short */
}

static void tickets_digit_by_digit_or_as_a_number(void **state)
{
	(void)state;
	char out[200];
	assert_int_equal(speech_ticket("A001", 1, out, sizeof(out)), 0);
	assert_string_equal(out, "a không không một");
	assert_int_equal(speech_ticket("A012", 1, out, sizeof(out)), 0);
	assert_string_equal(out, "a không một hai");
	assert_int_equal(speech_ticket("B015", 0, out, sizeof(out)), 0);
	assert_string_equal(out, "bê mười lăm");
	assert_int_equal(speech_ticket("B015", 1, out, sizeof(out)), 0);
	assert_string_equal(out, "bê không một năm");
	assert_int_equal(speech_ticket("L1000", 0, out, sizeof(out)), 0);
	assert_string_equal(out, "e-lờ một nghìn");
	assert_int_equal(speech_ticket("AB024", 0, out, sizeof(out)), 0);
	assert_string_equal(out, "a bê hai mươi tư");
	assert_int_equal(speech_ticket("A", 0, out, sizeof(out)), -1);
	assert_int_equal(speech_ticket("A1B", 0, out, sizeof(out)), -1);
	assert_int_equal(speech_ticket("A123456", 0, out, sizeof(out)), -1);
	assert_string_equal(speech_letter('x'), "ích-xì");
	assert_null(speech_letter('1'));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(numbers_by_vietnamese_rules),
		cmocka_unit_test(tickets_digit_by_digit_or_as_a_number),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
