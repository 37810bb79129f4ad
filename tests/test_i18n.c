/*
 * test_i18n.c - the translation files: complete in both languages, and
 * {n} substitution that no translator's text can turn into a crash.
 */
#include "testutil.h"
#include "i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct i18n *load(const char *lang)
{
	char dir[512];
	struct i18n *t = NULL;
	snprintf(dir, sizeof(dir), "%s/assets/i18n", getenv("KIOSK_SRC"));
	assert_int_equal(i18n_load(&t, dir, lang), 0);
	return t;
}

static void every_key_is_in_every_language(void **state)
{
	(void)state;
	struct i18n *vi = load("vi"), *en = load("en");
	assert_true(i18n_count(vi) > 5);
	assert_int_equal(i18n_count(vi), i18n_count(en));
	for (int i = 0; i < i18n_count(vi); i++) {
		const char *k = i18n_key(vi, i);
		if (strcmp(i18n_get(en, k), k) == 0)
			fail_msg("en.ini lacks %s", k);
	}
	for (int i = 0; i < i18n_count(en); i++) {
		const char *k = i18n_key(en, i);
		if (strcmp(i18n_get(vi, k), k) == 0)
			fail_msg("vi.ini lacks %s", k);
	}
	assert_string_equal(i18n_get(vi, "ticket.heading"), "Số thứ tự");
	i18n_free(vi);
	i18n_free(en);
}

static void numbers_are_substituted_safely(void **state)
{
	(void)state;
	struct i18n *vi = load("vi");
	char buf[128];
	i18n_format(vi, "ticket.ahead", 7, buf, sizeof(buf));
	assert_string_equal(buf, "Số người chờ trước: 7");
	i18n_format(vi, "no.such.key%s%n", 7, buf, sizeof(buf));
	assert_string_equal(buf, "no.such.key%s%n");
	i18n_format(vi, "ticket.ahead", 7, buf, 8); /* truncated, terminated */
	assert_int_equal(strlen(buf), 7);
	i18n_free(vi);
}

static void a_missing_language_file_is_reported(void **state)
{
	(void)state;
	struct i18n *t = NULL;
	assert_int_not_equal(i18n_load(&t, "/nonexistent", "vi"), 0);
	assert_null(t);
	assert_string_equal(i18n_get(NULL, "home.title"), "home.title");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_key_is_in_every_language),
		cmocka_unit_test(numbers_are_substituted_safely),
		cmocka_unit_test(a_missing_language_file_is_reported),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
