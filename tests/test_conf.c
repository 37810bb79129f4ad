/*
 * test_conf.c - kiosk.conf: the shipped file, and every kind of mistake a
 * technician can make, each reported with its line and never defaulted.
 */
#include "testutil.h"
#include "kerr.h"
#include "station_conf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STATION "[station]\nid = ST-1\nname_vi = Trạm\n"
#define SERVICE "[service.A]\nprefix = A\nname_vi = Dịch vụ A\n"

static struct kconf cfg;
static struct kconf_errors errs;

static char *shipped_path(void)
{
	static char path[512];
	snprintf(path, sizeof(path), "%s/kiosk.conf", getenv("KIOSK_SRC"));
	return path;
}

static void shipped_file_is_valid(void **state)
{
	(void)state;
	if (station_conf_load(shipped_path(), &cfg, &errs) < 0) {
		kconf_errors_print(&errs, stderr);
		fail();
	}
	assert_int_equal(cfg.nservices, 11);
	assert_string_equal(cfg.services[0].code, "CAPMOI");
	assert_string_equal(cfg.services[0].prefix, "A");
	assert_string_equal(cfg.services[0].name_vi, "Cấp thẻ căn cước lần đầu");
	assert_int_equal(cfg.services[0].nhours, 2);
	assert_int_equal(cfg.services[0].hours[0].from, 7 * 60 + 30);
	assert_int_equal(cfg.services[0].hours[1].to, 17 * 60);
	assert_int_equal(cfg.services[0].days, 0x3e); /* mon-fri */
	/* Saturday morning only, TRATHE too (issue 14): a citizen who comes on
	 * Saturday to collect a card is served while cards are issued */
	assert_int_equal(cfg.services[0].day_hours[6].n, 1);
	assert_int_equal(cfg.services[0].day_hours[6].r[0].to, 11 * 60 + 30);
	assert_string_equal(cfg.services[3].code, "TRATHE");
	assert_int_equal(cfg.services[3].days, 0x3e);
	assert_int_equal(cfg.services[3].day_hours[6].n, 1);
	/* the 2027 holidays: Tết as one range of 9 days */
	assert_int_equal(cfg.calendar.closed.n, 8);
	assert_int_equal(cfg.calendar.closed.d[1].to - cfg.calendar.closed.d[1].from, 8);
	assert_int_equal(cfg.calendar.open.n, 0);
	assert_int_equal(cfg.ncounters, 3);
	assert_int_equal(cfg.counters[0].services, 0x7); /* CAPMOI, CAPDOI, CAPLAI */
	/* the field review (issue 14): a held dossier goes to điều chỉnh thông tin, a
	 * refused one to no particular service; fees say who pays nothing */
	assert_string_equal(kconf_status(&cfg, "MISMATCH")->service, "DCHINH");
	assert_non_null(kconf_service(&cfg, "DCHINH"));
	assert_string_equal(kconf_status(&cfg, "REFUSED")->service, "");
	assert_non_null(strstr(kconf_service(&cfg, "CAPDOI")->fee_vi, "Miễn phí"));
	assert_int_equal(kconf_service(&cfg, "GIAYCN")->enabled, 0);
	assert_string_equal(cfg.station.id, "DIAN-PC06");
	assert_int_equal(cfg.queue.policy, KCONF_POLICY_INTERLEAVE);
	/* relative paths resolve against the file's folder */
	assert_non_null(strstr(cfg.kiosk.font, "/fonts/DejaVuSans.ttf"));
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	static char buf[1 << 16];
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void check_documented(const char *section, const char *name, void *ctx)
{
	const char *text = ctx;
	char key[64];
	/* "key.*" is documented as key.<KID> */
	snprintf(key, sizeof(key), "%.*s", (int)strcspn(name, "*"), name);
	size_t len = strlen(key);
	for (const char *p = strstr(text, key); p; p = strstr(p + 1, key)) {
		char before = p == text ? '\n' : p[-1];
		char after = p[len];
		if ((before == '\n' || before == ' ' || before == '#') &&
		    (after == ' ' || after == ',' || after == ':' || after == '<' || after == '\n'))
			return;
	}
	fail_msg("[%s] %s is not documented in kiosk.conf", section, name);
}

static void every_key_is_documented_in_the_shipped_file(void **state)
{
	(void)state;
	kconf_each_key(check_documented, slurp(shipped_path()));
}

static void defaults_fill_what_is_left_out(void **state)
{
	(void)state;
	assert_int_equal(tconf(&cfg, &errs, STATION SERVICE), 0);
	assert_int_equal(cfg.queue.max_wait, 60);
	assert_int_equal(cfg.queue.sync_mode, KCONF_SYNC_FULL);
	assert_int_equal(cfg.services[0].enabled, 1);
	assert_int_equal(cfg.services[0].cap, 0);
	assert_int_equal(cfg.printer.paper_width, 576);
	assert_int_equal(cfg.booking.early, 30);
	assert_int_equal(cfg.booking.late, 15);
}

struct bad_case {
	const char *text;
	const char *needle;
};

static void each_mistake_is_reported_with_its_line(void **state)
{
	(void)state;
	static const struct bad_case cases[] = {
		{ STATION SERVICE "[queue]\npolicy = strictt\n", "test.conf:8: [queue] policy" },
		{ STATION SERVICE "[queue]\nmax_wait = 0\n", "from 5 to 480" },
		{ STATION SERVICE "[queue]\nmax_wait = 60min\n", "whole number" },
		{ STATION SERVICE "[queue]\ncolour = blue\n", "test.conf:8: unknown key 'colour'" },
		{ SERVICE, "missing section [station]" },
		{ STATION, "no [service.<CODE>] section" },
		{ STATION "[service.A]\nname_vi = A\n", "[service.A] has no prefix" },
		{ STATION "[service.A]\nprefix = a1\nname_vi = A\n", "capital letters" },
		{ STATION SERVICE "[service.B]\nprefix = A\nname_vi = B\n", "prefix A is already used" },
		{ STATION SERVICE "[service.A]\nprefix = B\nname_vi = B\n", "appears twice" },
		{ STATION "[service.cap-moi]\nprefix = A\nname_vi = A\n", "service code" },
		{ STATION SERVICE "hours = 11:30-07:30\n", "ranges HH:MM-HH:MM" },
		{ STATION SERVICE "hours = 13:00-17:00, 07:00-11:00\n", "in order" },
		{ STATION SERVICE "hours = 07:00-25:00\n", "ranges HH:MM-HH:MM" },
		{ STATION SERVICE "days = monday\n", "must list days" },
		{ STATION SERVICE "cap = -1\n", "from 0 to 9999" },
		{ STATION SERVICE "enabled = maybe\n", "yes or no" },
		{ STATION SERVICE "[counter.1]\nservices = A, ZZ\n", "serves 'ZZ'" },
		{ STATION SERVICE "[counter.0]\nservices = A\n", "1 to 99" },
		{ STATION SERVICE "[counter.1]\n", "[counter.1] has no services" },
		{ STATION SERVICE "[printer]\npaper_width = 1000\n", "from 200 to 832" },
		{ STATION SERVICE "[kiosk]\nlanguage = fr\n", "one of: vi|en" },
		{ STATION SERVICE "[booking]\nkey.K1 = c2hvcnQ=\n", "Ed25519 public key" },
		{ STATION SERVICE "[booking]\nkey.k1 = 11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\n",
		  "key id" },
		{ STATION SERVICE "[sation]\nid = X\n", "unknown section [sation]" },
		{ STATION SERVICE "[station]\nid = Y\n", "section [station] appears twice" },
		{ "id = X\n" STATION SERVICE, "test.conf:1: 'id' stands before any [section]" },
		{ STATION SERVICE "just some words\n", "test.conf:7: expected 'key = value'" },
		{ STATION SERVICE "[queue\n", "without ']'" },
		{ STATION SERVICE "prefix = B\n", "prefix is set twice" },
		{ "[station]\nid = bad id\nname_vi = X\n" SERVICE, "may hold only A-Z" },
		{ "[station]\nid = ST\nname_vi =\n" SERVICE, "must not be empty" },
		{ "[station]\nid = ST\nname_vi = A\x01\n" SERVICE, "control characters" },
		{ "[station]\nid = ST\nname_vi = \xc3\x28\n" SERVICE, "UTF-8" },
		{ STATION SERVICE "[queue]\nday_starts = 7h\n", "HH:MM" },
		{ STATION SERVICE "[sync]\nserver = http://127.0.0.1:8080\ntoken = t\n",
		  "[sync] name is needed" },
		{ STATION SERVICE "[sync]\nserver = http://127.0.0.1:8080\nname = k 1\ntoken = t\n",
		  "[sync] name is needed" },
		{ STATION SERVICE "[sync]\nserver = 127.0.0.1:8080\nname = k\ntoken = t\n",
		  "http:// or https://" },
		{ STATION SERVICE "[sync]\nserver = http://x\nname = k\n", "token is needed" },
		{ STATION SERVICE "[sync]\nband = 950-901\n", "FIRST <= LAST" },
		{ STATION SERVICE "[sync]\nband = 901\n", "FIRST-LAST" },
		{ STATION SERVICE "[server]\nkiosk.a = aaaaaaaaaaaaaaaaaaaaaaaa\n"
		  "kiosk.b = bbbbbbbbbbbbbbbbbbbbbbbb\nband.a = 901-950\nband.b = 950-999\n",
		  "band.b overlaps band.a" },
		{ STATION SERVICE "[server]\nband.c = 901-950\n", "there is no kiosk.c" },
		{ STATION SERVICE "[server]\nkiosk.a = aaaaaaaaaaaaaaaaaaaaaaaa\nband.a =\n",
		  "band.a must be FIRST-LAST" },
		{ STATION SERVICE "[rating]\nlevels_vi = Tốt\n", "2 to 5 words" },
		{ STATION SERVICE "[rating]\nlevels_vi = A, B, C, D, E, F\n", "2 to 5 words" },
		{ STATION SERVICE "[rating]\nlevels_vi = A, , B\n", "2 to 5 words" },
		{ STATION SERVICE "[rating]\nlevels_en = Good, Bad\n", "levels_en has 2 words" },
		{ STATION SERVICE "[rating]\nreasons_en = Slow\n", "reasons_en has 1 words" },
		{ STATION SERVICE "[rating]\nlevels_vi = Tốt, Không tốt\nlevels_en =\n",
		  "ask_reason is 3, but there are 2 levels" },
		{ STATION SERVICE "[counter.1]\nservices = A\n[server]\n"
		  "rater.2 = aaaaaaaaaaaaaaaaaaaaaaaa\n", "rater.2: there is no [counter.2]" },
		{ STATION SERVICE "[server]\nrater.x = aaaaaaaaaaaaaaaaaaaaaaaa\n",
		  "named by its counter's number" },
		{ STATION SERVICE "[server]\nrater.1 = aaaaaaaaaaaaaaaaaaaaaaaa\n"
		  "rater.01 = bbbbbbbbbbbbbbbbbbbbbbbb\n", "used twice" },
		{ STATION SERVICE "[kiosk]\nmode = rate\n", "mode = rate needs rate_counter" },
		{ STATION SERVICE "[kiosk]\nmode = rate\nrate_counter = 1\n[sync]\n"
		  "server = http://127.0.0.1:1\n", "token is needed for a rating panel" },
	};
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int r = tconf(&cfg, &errs, cases[i].text);
		if (r != K_ERR_CONFIG || !terr_has(&errs, cases[i].needle)) {
			kconf_errors_print(&errs, stderr);
			fail_msg("case %u: expected an error containing \"%s\"", i, cases[i].needle);
		}
	}
}

static void a_long_line_is_an_error_not_two_lines(void **state)
{
	(void)state;
	char text[4096];
	char longv[2000];
	memset(longv, 'x', sizeof(longv) - 1);
	longv[sizeof(longv) - 1] = '\0';
	snprintf(text, sizeof(text), STATION SERVICE "docs_vi = %s\n", longv);
	assert_int_equal(tconf(&cfg, &errs, text), K_ERR_CONFIG);
	assert_true(terr_has(&errs, "test.conf:7: line is longer"));
	assert_int_equal(errs.n, 1);
	/* documents to bring may well take 600 bytes of Vietnamese */
	longv[600] = '\0';
	snprintf(text, sizeof(text), STATION SERVICE "docs_vi = %s\n", longv);
	assert_int_equal(tconf(&cfg, &errs, text), 0);
	assert_int_equal(strlen(cfg.services[0].docs_vi), 600);
}

static void every_problem_is_listed_at_once(void **state)
{
	(void)state;
	assert_int_equal(tconf(&cfg, &errs, STATION SERVICE
			       "[queue]\npolicy = x\nmax_wait = 1\nnoshow = never\n"),
			 K_ERR_CONFIG);
	assert_int_equal(errs.n, 3);
	assert_true(terr_has(&errs, ":8:"));
	assert_true(terr_has(&errs, ":9:"));
	assert_true(terr_has(&errs, ":10:"));
}

static void booking_keys_and_comments_are_read(void **state)
{
	(void)state;
	assert_int_equal(tconf(&cfg, &errs, STATION SERVICE
			       "; a comment\n# another\n[booking]\n"
			       "key.K1 = 11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\n"
			       "key.K2 = 11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\n"),
			 0);
	assert_int_equal(cfg.booking.nkeys, 2);
	assert_non_null(kconf_key(&cfg, "K2"));
	assert_null(kconf_key(&cfg, "K3"));
	assert_int_equal(cfg.booking.keys[0].pk[0], 0xd7);
}

static void sync_and_bands_are_read(void **state)
{
	(void)state;
	assert_int_equal(tconf(&cfg, &errs, STATION SERVICE
			       "[sync]\nserver = http://127.0.0.1:8080\nname = lobby-1\n"
			       "token = aaaaaaaaaaaaaaaaaaaaaaaa\nband = 901-949\n[server]\n"
			       "kiosk.lobby-1 = aaaaaaaaaaaaaaaaaaaaaaaa\nband.lobby-1 = 901-949\n"
			       "kiosk.lobby-2 = bbbbbbbbbbbbbbbbbbbbbbbb\nband.lobby-2 = 950-999\n"),
			 0);
	assert_int_equal(cfg.sync.band.from, 901);
	assert_int_equal(cfg.sync.band.to, 949);
	assert_int_equal(cfg.sync.lease, 3);
	assert_int_equal(cfg.sync.issue_timeout, 1500);
	assert_int_equal(cfg.server.nbands, 2);
	assert_int_equal(kconf_band(&cfg, "lobby-2")->r.from, 950);
	assert_null(kconf_band(&cfg, "lobby-3"));
	assert_string_equal(cfg.sync.cafile, ""); /* an empty path is none, not "./" */
	assert_string_equal(cfg.server.cert, "");
	assert_int_equal(tconf(&cfg, &errs, STATION SERVICE "[server]\ncert = a.pem\n"),
			 K_ERR_CONFIG);
	assert_true(terr_has(&errs, "cert and key go together"));
}

static void rating_words_and_raters_are_read(void **state)
{
	(void)state;
	assert_int_equal(tconf(&cfg, &errs, STATION SERVICE
			       "[counter.3]\nservices = A\n[server]\n"
			       "rater.3 = aaaaaaaaaaaaaaaaaaaaaaaa\n[rating]\n"
			       "levels_vi = Tốt ,  Bình thường,Chưa tốt\nreasons_vi =\nreasons_en =\n"),
			 0);
	assert_int_equal(cfg.rating.levels_vi.n, 3);
	assert_string_equal(cfg.rating.levels_vi.w[1], "Bình thường");
	assert_string_equal(cfg.rating.levels_vi.w[2], "Chưa tốt");
	assert_int_equal(cfg.rating.reasons_vi.n, 0);
	assert_int_equal(cfg.rating.seconds, 30);
	const struct kconf_token *t = kconf_token(&cfg, "aaaaaaaaaaaaaaaaaaaaaaaa");
	assert_non_null(t);
	assert_int_equal(t->rater, 3);
	assert_false(t->staff);
	assert_false(t->booking);
	assert_string_equal(t->name, "rater-3");
	/* the shipped words */
	assert_int_equal(tconf(&cfg, &errs, STATION SERVICE), 0);
	assert_int_equal(cfg.rating.levels_vi.n, 3);
	assert_string_equal(cfg.rating.levels_vi.w[0], "Rất hài lòng");
	assert_int_equal(cfg.rating.reasons_vi.n, 5);
	assert_int_equal(cfg.rating.reasons_en.n, 5);
	assert_int_equal(cfg.rating.ask_reason, 3);
}

static void a_missing_file_is_an_io_error(void **state)
{
	(void)state;
	assert_int_equal(station_conf_load("/nonexistent/kiosk.conf", &cfg, &errs), K_ERR_IO);
	assert_true(terr_has(&errs, "cannot be read"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(shipped_file_is_valid),
		cmocka_unit_test(every_key_is_documented_in_the_shipped_file),
		cmocka_unit_test(defaults_fill_what_is_left_out),
		cmocka_unit_test(each_mistake_is_reported_with_its_line),
		cmocka_unit_test(a_long_line_is_an_error_not_two_lines),
		cmocka_unit_test(every_problem_is_listed_at_once),
		cmocka_unit_test(booking_keys_and_comments_are_read),
		cmocka_unit_test(sync_and_bands_are_read),
		cmocka_unit_test(rating_words_and_raters_are_read),
		cmocka_unit_test(a_missing_file_is_an_io_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
