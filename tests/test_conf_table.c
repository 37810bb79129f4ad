/*
 * test_conf_table.c - the key table of kiosk.conf as data: every row's field
 * fits the struct it points into, every text's limit is below its field's
 * size, every choice is stored as its index, and the checks other modules
 * hand to kconf are run and reported at their key's line.
 *
 * Linked with the kconf library alone: were kconf to call into any other
 * part of the project (the slip, the printer, the voice), this would not link.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "kconf.h"
#include "kconf_table.h"
#include "kerr.h"

#include <stdio.h>
#include <string.h>

/* The struct a row's offset is into, by its section and name. */
static size_t struct_size(const struct kconf_item *it)
{
	size_t n = strlen(it->name);
	int family = n > 2 && strcmp(it->name + n - 2, ".*") == 0;

	if (!strcmp(it->section, "service.*") && !family)
		return sizeof(struct kconf_service);
	if (!strcmp(it->section, "counter.*"))
		return sizeof(struct kconf_counter);
	if (!strcmp(it->section, "dossier.*"))
		return sizeof(struct kconf_status);
	if (family && it->type == KT_TOKEN)
		return sizeof(struct kconf_token);
	if (family && it->type == KT_RANGE)
		return sizeof(struct kconf_band);
	if (family && it->type == KT_KEY)
		return sizeof(struct kconf_key);
	if (family && it->type == KT_DAYHOURS)
		return sizeof(struct kconf_dayhours); /* of a service's day_hours[] */
	return sizeof(struct kconf);
}

static void every_field_fits_its_struct(void **state)
{
	(void)state;
	for (size_t i = 0; i < kconf_nitems; i++) {
		const struct kconf_item *it = &kconf_items[i];
		if (it->size == 0 || it->offset + it->size > struct_size(it))
			fail_msg("[%s] %s: offset %zu + size %zu outside its struct (%zu)",
				 it->section, it->name, it->offset, it->size, struct_size(it));
	}
}

static void every_text_limit_is_below_its_field(void **state)
{
	(void)state;
	for (size_t i = 0; i < kconf_nitems; i++) {
		const struct kconf_item *it = &kconf_items[i];
		switch (it->type) {
		case KT_STR: case KT_PATH: case KT_ID: case KT_PREFIX: case KT_CODES:
		case KT_PIN: case KT_TOKEN:
			if (it->max < 1 || (size_t)it->max >= it->size)
				fail_msg("[%s] %s: at most %d bytes in a field of %zu", it->section,
					 it->name, it->max, it->size);
			break;
		case KT_INT: case KT_BOOL: case KT_ENUM: case KT_TIME:
			assert_int_equal(it->size, sizeof(int));
			break;
		default:
			break;
		}
	}
}

/* A value one byte longer than the limit is refused, not cut or overrun. */
static void a_token_longer_than_its_row_is_refused(void **state)
{
	const struct kconf_item *it = kconf_item_find("server", "kiosk.*");
	struct kconf_token t;
	char value[128], why[200];

	(void)state;
	assert_non_null(it);
	memset(value, 'a', sizeof(value));
	value[it->max] = '\0';
	assert_int_equal(kconf_item_set(it, &t, value, NULL, why, sizeof(why)), 0);
	assert_int_equal(strlen(t.token), (size_t)it->max);
	value[it->max] = 'a';
	value[it->max + 1] = '\0';
	assert_int_equal(kconf_item_set(it, &t, value, NULL, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "must be 20 to 64"));
}

static void every_choice_is_stored_as_its_index(void **state)
{
	(void)state;
	for (size_t i = 0; i < kconf_nitems; i++) {
		const struct kconf_item *it = &kconf_items[i];
		char why[200], doc[200], list[200] = "";
		static struct kconf cfg;
		static struct kconf_service svc;
		void *base = strcmp(it->section, "service.*") ? (void *)&cfg : (void *)&svc;

		if (it->type != KT_ENUM)
			continue;
		assert_non_null(it->choices);
		for (int c = 0; it->choices[c]; c++) {
			assert_int_equal(kconf_item_set(it, base, it->choices[c], NULL, why,
							sizeof(why)), 0);
			assert_int_equal(*(int *)((char *)base + it->offset), c);
			snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s",
				 c ? "|" : "", it->choices[c]);
		}
		assert_int_equal(kconf_item_set(it, base, "nonsense", NULL, why, sizeof(why)), -1);
		assert_non_null(strstr(why, list));
		assert_string_equal(kconf_item_doc(it, doc, sizeof(doc)), list);
	}
	/* the words as the enums name them */
	assert_string_equal(kconf_item_find("queue", "policy")->choices[KCONF_POLICY_WEIGHTED],
			    "weighted");
	assert_string_equal(kconf_item_find("printer", "cut")->choices[KCONF_CUT_NONE], "none");
	assert_string_equal(kconf_item_find("scanner", "mode")->choices[KCONF_SCANNER_EVDEV],
			    "evdev");
}

static int check_calls;

static int refuse_uri(const struct kconf *cfg, char *why, size_t len)
{
	check_calls++;
	if (strcmp(cfg->printer.uri, "nowhere:") != 0)
		return 0;
	snprintf(why, len, "names no transport");
	return -1;
}

static int load_text(const char *text, const struct kconf_check *checks, struct kconf *cfg,
		     struct kconf_errors *errs)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	int r;

	assert_non_null(f);
	r = kconf_load_stream(f, "t.conf", checks, cfg, errs);
	fclose(f);
	return r;
}

static void a_modules_check_is_reported_at_its_key(void **state)
{
	static const char text[] =
		"[station]\nid = ST-1\nname_vi = Trạm\n"
		"[printer]\npaper_width = 576\nuri = nowhere:\n"
		"[service.A]\nprefix = A\nname_vi = Dịch vụ A\n";
	static const struct kconf_check checks[] = {
		{ "printer", "uri", "[printer] uri ", refuse_uri },
		{ NULL, NULL, NULL, NULL },
	};
	static struct kconf cfg;
	static struct kconf_errors errs;

	(void)state;
	/* kconf alone knows no transport: the file is fine */
	assert_int_equal(load_text(text, NULL, &cfg, &errs), K_OK);
	assert_string_equal(cfg.printer.uri, "nowhere:");
	/* with the check, the error names the line of uri */
	check_calls = 0;
	assert_int_equal(load_text(text, checks, &cfg, &errs), K_ERR_CONFIG);
	assert_int_equal(check_calls, 1);
	assert_int_equal(errs.n, 1);
	assert_string_equal(errs.msg[0], "t.conf:6: [printer] uri names no transport");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_field_fits_its_struct),
		cmocka_unit_test(every_text_limit_is_below_its_field),
		cmocka_unit_test(a_token_longer_than_its_row_is_refused),
		cmocka_unit_test(every_choice_is_stored_as_its_index),
		cmocka_unit_test(a_modules_check_is_reported_at_its_key),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
