/*
 * test_speech.c - numbers and tickets read by Vietnamese rules (issue 7's
 * table of cases: mốt, tư, lăm, lẻ where they apply) with the shipped
 * lexicon (assets/voice/lexicon.txt); a changed lexicon, or [voice]
 * letters, changes what is said; a lexicon with a word missing, unknown
 * or twice is refused naming the line.
 */
#include "testutil.h"
#include "kerr.h"
#include "speech.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The shipped lexicon (fails the test if it cannot be read). */
static struct speech_lexicon *shipped(void)
{
	struct speech_lexicon *lx = NULL;
	char path[512], err[300];
	snprintf(path, sizeof(path), "%s/assets/voice/" SPEECH_LEXICON_FILE, getenv("KIOSK_SRC"));
	if (speech_lexicon_load(&lx, path, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	return lx;
}

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
	struct speech_lexicon *lx = shipped();
	char out[200];
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(speech_number(lx, cases[i].n, out, sizeof(out)), 0);
		if (strcmp(out, cases[i].words) != 0)
			fail_msg("%d: \"%s\", wanted \"%s\"", cases[i].n, out, cases[i].words);
	}
	assert_int_equal(speech_number(lx, -1, out, sizeof(out)), -1);
	assert_int_equal(speech_number(lx, 100000, out, sizeof(out)), -1);
	assert_int_equal(speech_number(lx, 1234, out, 8), -1); /* never cut a word short */
	speech_lexicon_free(lx);
}

static void tickets_digit_by_digit_or_as_a_number(void **state)
{
	(void)state;
	struct speech_lexicon *lx = shipped();
	char out[200];
	assert_int_equal(speech_ticket(lx, "A001", 1, out, sizeof(out)), 0);
	assert_string_equal(out, "a không không một");
	assert_int_equal(speech_ticket(lx, "A012", 1, out, sizeof(out)), 0);
	assert_string_equal(out, "a không một hai");
	assert_int_equal(speech_ticket(lx, "B015", 0, out, sizeof(out)), 0);
	assert_string_equal(out, "bê mười lăm");
	assert_int_equal(speech_ticket(lx, "B015", 1, out, sizeof(out)), 0);
	assert_string_equal(out, "bê không một năm");
	assert_int_equal(speech_ticket(lx, "L1000", 0, out, sizeof(out)), 0);
	assert_string_equal(out, "e-lờ một nghìn");
	assert_int_equal(speech_ticket(lx, "AB024", 0, out, sizeof(out)), 0);
	assert_string_equal(out, "a bê hai mươi tư");
	assert_int_equal(speech_ticket(lx, "A", 0, out, sizeof(out)), -1);
	assert_int_equal(speech_ticket(lx, "A1B", 0, out, sizeof(out)), -1);
	assert_int_equal(speech_ticket(lx, "A123456", 0, out, sizeof(out)), -1);
	assert_string_equal(speech_letter(lx, 'x'), "ích-xì");
	assert_null(speech_letter(lx, '1'));
	speech_lexicon_free(lx);
}

/* A lexicon file of the test's own: the shipped one with lines changed. */
static int lexicon_with(const char *from, const char *to, struct speech_lexicon **lx, char *err,
			size_t el)
{
	char src[512], path[64] = "/tmp/kiosk-lexicon-XXXXXX", line[512];
	snprintf(src, sizeof(src), "%s/assets/voice/" SPEECH_LEXICON_FILE, getenv("KIOSK_SRC"));
	FILE *in = fopen(src, "r");
	int fd = mkstemp(path);
	assert_non_null(in);
	assert_true(fd >= 0);
	FILE *out = fdopen(fd, "w");
	while (fgets(line, sizeof(line), in))
		fputs(from && !strcmp(line, from) ? to : line, out);
	fclose(in);
	fclose(out);
	int r = speech_lexicon_load(lx, path, err, el);
	unlink(path);
	return r;
}

/* The words are the lexicon's: the south's "ngàn", another name for B. */
static void a_changed_lexicon_changes_what_is_said(void **state)
{
	(void)state;
	struct speech_lexicon *lx = NULL;
	char out[200], err[300];

	assert_int_equal(lexicon_with("thousand = nghìn\n", "thousand = ngàn\n", &lx, err,
				      sizeof(err)), 0);
	assert_int_equal(speech_number(lx, 1005, out, sizeof(out)), 0);
	assert_string_equal(out, "một ngàn không trăm lẻ năm");
	speech_lexicon_free(lx);

	assert_int_equal(lexicon_with("letter.B = bê\n", "letter.B = bê bò\n", &lx, err,
				      sizeof(err)), 0);
	assert_int_equal(speech_ticket(lx, "B015", 1, out, sizeof(out)), 0);
	assert_string_equal(out, "bê bò không một năm");
	/* and [voice] letters over it: all or nothing */
	assert_int_equal(speech_letters_set(lx, "g: giê gà, D : dê dê", err, sizeof(err)), 0);
	assert_string_equal(speech_letter(lx, 'G'), "giê gà");
	assert_string_equal(speech_letter(lx, 'D'), "dê dê");
	assert_string_equal(speech_letter(lx, 'B'), "bê bò");
	assert_int_equal(speech_letters_set(lx, "C: xê cờ, 7: bảy", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "'7: bảy'"));
	assert_string_equal(speech_letter(lx, 'C'), "xê"); /* nothing changed */
	assert_int_equal(speech_letters_set(lx, "C: xê, cờ", err, sizeof(err)), -1);
	assert_int_equal(speech_letters_set(lx, "C: xê. cờ", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "letter C has a mark"));
	assert_int_equal(speech_letters_set(lx, "C: a, C: b", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "given twice"));
	assert_int_equal(speech_letters_set(NULL, "", err, sizeof(err)), 0);
	speech_lexicon_free(lx);
}

static void a_lexicon_with_a_word_missing_is_refused(void **state)
{
	(void)state;
	struct speech_lexicon *lx = (struct speech_lexicon *)1;
	char err[300];

	assert_int_equal(lexicon_with("five = lăm\n", "", &lx, err, sizeof(err)), K_ERR_INVALID);
	assert_null(lx);
	assert_non_null(strstr(err, "no five"));
	assert_int_equal(lexicon_with("five = lăm\n", "fiv = lăm\n", &lx, err, sizeof(err)),
			 K_ERR_INVALID);
	assert_non_null(strstr(err, "fiv unknown key"));
	assert_int_equal(lexicon_with("five = lăm\n", "five = lăm\nfive = năm\n", &lx, err,
				      sizeof(err)), K_ERR_INVALID);
	assert_non_null(strstr(err, "five given twice"));
	assert_int_equal(lexicon_with("five = lăm\n", "five =\n", &lx, err, sizeof(err)),
			 K_ERR_INVALID);
	assert_non_null(strstr(err, "five has no words"));
	assert_int_equal(speech_lexicon_load(&lx, "/nonexistent/lexicon.txt", err, sizeof(err)),
			 K_ERR_IO);
	assert_non_null(strstr(err, "/nonexistent/lexicon.txt: cannot be read"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(numbers_by_vietnamese_rules),
		cmocka_unit_test(tickets_digit_by_digit_or_as_a_number),
		cmocka_unit_test(a_changed_lexicon_changes_what_is_said),
		cmocka_unit_test(a_lexicon_with_a_word_missing_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
