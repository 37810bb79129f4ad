/*
 * test_schema_upgrade.c - databases written by an earlier release, opened
 * by today's code.
 *
 * tests/fixtures/release-1/ holds text dumps (sqlite3 .dump, plus the
 * schema version) of a station server's database (tickets, counters,
 * queue changes, device reports, leases, staff, sessions, audit, bookings,
 * a dossier list) and of a kiosk's outbox, as the release they name wrote
 * them.  Each is rebuilt here with sqlite3, opened by the normal open path
 * (queue_open, store_open, then the server's modules), and checked: its
 * schema after migration is the schema a fresh database gets (sqlite_master's
 * text, whitespace folded and identifiers unquoted, and PRAGMA user_version),
 * and its rows are still there and read through the modules' own functions.
 * The older fixture tests/fixtures/queue-schema-8.db (schema 8) is brought
 * forward through every later step and compared the same way.  A refactoring of the
 * migrations that changed one table's text, or the order of the steps,
 * fails here.
 *
 * `test_schema_upgrade --make DIR` writes the two databases anew with the
 * code it was built from, into DIR/server.db and DIR/outbox.db: that is how
 * the fixtures were made (see tests/fixtures/release-1/README.md).
 */
#include "testutil.h"
#include "bookings.h"
#include "dossiers.h"
#include "kerr.h"
#include "staff.h"
#include "station_schema.h"
#include "sync_store.h"

#include <ctype.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define FIXTURE_TIME "2026-11-27T09:05"
#define FIXTURE_DAY "2026-11-27"
/* The fixtures' staff cookie and token (made by --make: fake, like every value there). */
#define FIXTURE_COOKIE "DrrUZrUWU6PfCvQAzhZ-21MkuV02btoW18L-PqF9ivI"
#define FIXTURE_TOKEN "i4A_zUldEgYntLpae1FDoz4TXq9cDYQLqhHGwzrCZpo"

static char conf_text[4096];

/* testutil's station with bookable slots, dossier statuses and the test booking key K1. */
static struct tfix *fixture(void)
{
	snprintf(conf_text, sizeof(conf_text),
		 "[station]\nid = TEST-ST\nname_vi = Công an phường Thử\n"
		 "[queue]\nsync = normal\n"
		 "[service.A]\nprefix = A\nname_vi = Dịch vụ A\nhours = 00:00-24:00\n"
		 "days = mon-sun\nslot_minutes = 30\n"
		 "[service.B]\nprefix = B\nname_vi = Dịch vụ B\nhours = 00:00-24:00\n"
		 "days = mon-sun\n"
		 "[counter.1]\nservices = A, B\n[counter.2]\nservices = A, B\n"
		 "[counter.3]\nservices = B\n"
		 "[booking]\nkey.K1 = %s\n"
		 "[dossiers]\nrate = 3\n"
		 "[dossier.READY]\ntext_vi = Thẻ đã có\nservice = A\n"
		 "[dossier.PROCESSING]\ntext_vi = Đang xử lý\n", tbooking_pub());
	struct tfix *f = tfix_new_text(conf_text, FIXTURE_TIME);
	snprintf(f->cfg.dossiers.secret, sizeof(f->cfg.dossiers.secret), "%s/dossiers.key", f->dir);
	snprintf(f->cfg.sync.outbox, sizeof(f->cfg.sync.outbox), "%s/outbox.db", f->dir);
	/* the dossiers' secret: 32 fixed bytes, as the fixture was made with */
	unsigned char key[32];
	for (int i = 0; i < 32; i++)
		key[i] = (unsigned char)(0x40 + i);
	FILE *k = fopen(f->cfg.dossiers.secret, "w");
	assert_non_null(k);
	assert_int_equal(fwrite(key, 1, sizeof(key), k), sizeof(key));
	fclose(k);
	chmod(f->cfg.dossiers.secret, 0600);
	return f;
}

/* ---- the fixtures as the release made them (--make) ------------------- */

static void write_signing_key(struct tfix *f)
{
	unsigned char pk[32], sk[64], seed[32];
	char b64[100];
	memset(seed, 7, sizeof(seed)); /* testutil's test key K1 */
	crypto_sign_seed_keypair(pk, sk, seed);
	sodium_bin2base64(b64, sizeof(b64), sk, sizeof(sk), sodium_base64_VARIANT_ORIGINAL);
	snprintf(f->cfg.booking.signing_key, sizeof(f->cfg.booking.signing_key), "%s/bk.key",
		 f->dir);
	snprintf(f->cfg.booking.signing_kid, sizeof(f->cfg.booking.signing_kid), "K1");
	FILE *k = fopen(f->cfg.booking.signing_key, "w");
	assert_non_null(k);
	fprintf(k, "%s\n", b64);
	fclose(k);
}

static void make_server(struct tfix *f)
{
	struct queue_ticket t;
	struct queue_lease lease;
	struct queue_device dev = { .name = "KIOSK1", .printer = "ok", .detail = "",
				    .scanner = "ok" };
	struct staff *s;
	struct bookings *b;
	struct dossiers *d;
	struct booking_made made;
	struct dossier_report rep;
	char cookie[64], token[64];
	int locked, retry;
	int64_t now = f->now;

	tissue(f, "A", 0);
	tissue(f, "B", 1);
	tissue(f, "A", 0);
	assert_int_equal(queue_issue(f->q, "B", 0, QUEUE_STAFF, NULL, &t), 0);
	assert_int_equal(queue_call_next(f->q, 1, &t), 0);
	assert_int_equal(queue_start(f->q, 1, &t), 0);
	assert_int_equal(queue_call_next(f->q, 2, &t), 0);
	assert_int_equal(queue_noshow(f->q, 2, &t), 0);
	assert_int_equal(queue_lease(f->q, "A", "KIOSK1", 10, &lease), 0);
	assert_int_equal(queue_log_event(f->q, "printer", "PAPER_LOW", "KIOSK1"), 0);
	dev.seen = now;
	assert_int_equal(queue_device_report(f->q, &dev), 0);
	assert_int_equal(queue_set_service_enabled(f->q, "B", 0), 0);
	assert_int_equal(queue_set_counter_services(f->q, 3, 2), 0);

	assert_int_equal(staff_open(&s, f->db), 0);
	assert_int_equal(staff_set(s, "tech", "fixture-password"), 0);
	assert_int_equal(staff_set(s, "chief", "fixture-password-2"), 0);
	assert_int_equal(staff_set_role(s, "chief", 1), 0);
	assert_int_equal(staff_login(s, "tech", "fixture-password", now, cookie, &locked, &retry),
			 0);
	assert_int_equal(staff_new_token(s, "chief", now, token), 0);
	assert_int_equal(staff_audit(s, now, "tech", "call", "counter 1"), 0);
	assert_int_equal(staff_audit(s, now, "chief", "service off", "B"), 0);
	staff_close(s);
	printf("cookie %s\ntoken %s\n", cookie, token);

	write_signing_key(f);
	assert_int_equal(bookings_open(&b, f->db, &f->cfg), 0);
	assert_int_equal(bookings_make(b, "A", tlocal("2026-11-27T10:00"), "zalo", now, &made), 0);
	assert_int_equal(bookings_make(b, "A", tlocal("2026-11-28T08:30"), "zalo", now, &made), 0);
	assert_int_equal(bookings_cancel(b, made.id, now), 0);
	bookings_close(b);

	assert_int_equal(dossiers_open(&d, f->db, &f->cfg), 0);
	static const char csv[] = "ma_ho_so,trang_thai,ghi_chu,ngay\n"
				  "MAU-2611-0001,READY,Quầy 3,2026-11-20\n"
				  "MAU-2611-0002,PROCESSING,,\n";
	assert_int_equal(dossiers_import(d, csv, strlen(csv), now, &rep), 0);
	dossiers_close(d);
}

static void make_outbox(struct tfix *f)
{
	struct sync_store *s;
	struct queue_ticket t;
	enum store_origin origin;
	const struct kconf_service *a = kconf_service(&f->cfg, "A");
	int64_t day = kclock_day(f->now, f->cfg.queue.day_starts);
	struct store_booking bk = { .id = "BKFIXTURE01", .service = "A",
				    .slot = tlocal("2026-11-27T10:00"), .minutes = 30 };

	assert_int_equal(store_open(&s, f->cfg.sync.outbox, &f->cfg), 0);
	memset(&t, 0, sizeof(t)); /* a ticket the server issued */
	snprintf(t.number, sizeof(t.number), "A005");
	snprintf(t.service, sizeof(t.service), "A");
	snprintf(t.client_ref, sizeof(t.client_ref), "KIOSK1-0001");
	t.day = day;
	t.issued_at = f->now;
	assert_int_equal(store_record(s, &t, NULL), 0);
	assert_int_equal(store_add_lease(s, day, "A", 11, 20), 0);
	assert_int_equal(store_issue_offline(s, a, day, "KIOSK1-0002", NULL, 0, NULL, f->now, &t,
					     &origin), 0);
	assert_int_equal(store_issue_offline(s, a, day, "KIOSK1-0003", NULL, 1, "BKFIXTURE01", f->now,
					     &t, &origin), 0);
	assert_int_equal(store_pushed(s, "KIOSK1-0002", NULL), 0);
	assert_int_equal(store_pushed(s, "KIOSK1-0003", "unreachable"), 0);
	assert_int_equal(store_set_bookings(s, &bk, 1), 0);
	assert_int_equal(store_set_int(s, "follow_seq", 42), 0);
	assert_int_equal(store_set_text(s, "server_id", "FIXTURE"), 0);
	store_close(s);
}

static int make(const char *dir)
{
	char cmd[512];
	struct tfix *f = fixture();
	make_server(f);
	make_outbox(f);
	queue_close(f->q);
	f->q = NULL;
	snprintf(cmd, sizeof(cmd),
		 "mkdir -p '%s' && cp '%s' '%s/server.db' && cp '%s' '%s/outbox.db'", dir, f->db,
		 dir, f->cfg.sync.outbox, dir);
	int r = system(cmd);
	tfix_free(f);
	return r == 0 ? 0 : 1;
}

/* ---- rebuilding and comparing ----------------------------------------- */

static char *read_text(const char *path)
{
	FILE *fp = fopen(path, "r");
	if (!fp)
		fail_msg("cannot read %s", path);
	fseek(fp, 0, SEEK_END);
	long n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	char *text = malloc((size_t)n + 1);
	assert_non_null(text);
	assert_int_equal(fread(text, 1, (size_t)n, fp), (size_t)n);
	text[n] = '\0';
	fclose(fp);
	return text;
}

/* tests/fixtures/release-1/<name> executed into a new database at path. */
static void rebuild(const char *name, const char *path)
{
	char src[1024];
	sqlite3 *db;
	char *err = NULL;
	const char *root = getenv("KIOSK_SRC");
	snprintf(src, sizeof(src), "%s/tests/fixtures/release-1/%s", root ? root : ".", name);
	char *sql = read_text(src);
	unlink(path);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", name, err);
	sqlite3_close(db);
	free(sql);
}

/* The schema of path: user_version, then each sqlite_master row (but
 * sqlite's statistics) as "type name table: sql" with whitespace folded,
 * none inside parentheses' edges, and no double quotes: a dossier import
 * renames its staging table to dossiers, and sqlite keeps that table's
 * text, quoted, where a fresh database has migration 11's. */
static void schema_of(const char *path, char *out, size_t len)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	size_t n = 0;
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	n += (size_t)snprintf(out + n, len - n, "user_version %d\n", sqlite3_column_int(st, 0));
	sqlite3_finalize(st);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT type, name, tbl_name, COALESCE(sql, '')"
					    " FROM sqlite_master WHERE name NOT LIKE 'sqlite_stat%'"
					    " ORDER BY type, name", -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		n += (size_t)snprintf(out + n, len - n, "%s %s %s: ", sqlite3_column_text(st, 0),
				      sqlite3_column_text(st, 1), sqlite3_column_text(st, 2));
		int space = 0;
		for (const char *c = (const char *)sqlite3_column_text(st, 3); *c && n + 2 < len;
		     c++) {
			if (isspace((unsigned char)*c) || *c == '"') {
				space |= *c != '"';
				continue;
			}
			if (space && out[n - 1] != ' ' && out[n - 1] != '(' && *c != ')')
				out[n++] = ' ';
			space = 0;
			out[n++] = *c;
		}
		n += (size_t)snprintf(out + n, len - n, "\n");
		assert_true(n + 1 < len);
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
}

static void same_schema(const char *old, const char *fresh)
{
	static char a[65536], b[65536];
	schema_of(old, a, sizeof(a));
	schema_of(fresh, b, sizeof(b));
	if (strcmp(a, b) != 0) {
		fprintf(stderr, "--- migrated %s\n%s--- fresh %s\n%s", old, a, fresh, b);
		fail_msg("the migrated schema differs from a fresh one");
	}
}

/* ---- the server's database -------------------------------------------- */

static void server_database_migrates(void **state)
{
	(void)state;
	struct tfix *f = fixture();
	char old[192], fresh[192];
	struct queue_ticket t;
	struct queue_change ch[64];
	struct queue_device dev[4];
	struct booking_token bt;
	int64_t last = 0;
	int enabled = -1;
	unsigned services = 0;

	snprintf(fresh, sizeof(fresh), "%s", f->db); /* tfix_new made it fresh */
	snprintf(old, sizeof(old), "%s/old.db", f->dir);
	rebuild("server.sql", old);
	queue_close(f->q);
	assert_int_equal(queue_open(&f->q, old, &f->cfg, &f->clock), K_OK);
	same_schema(old, fresh);

	/* the queue's rows */
	assert_int_equal(queue_find(f->q, "A001", &t), 0);
	assert_int_equal(t.state, QUEUE_WAITING); /* a no-show at counter 2, requeued */
	assert_int_equal(queue_find(f->q, "B001", &t), 0);
	assert_int_equal(t.state, QUEUE_SERVING);
	assert_int_equal(t.counter, 1);
	assert_int_equal(t.priority, 1);
	assert_int_equal(queue_find(f->q, "A002", &t), 0);
	assert_int_equal(t.state, QUEUE_WAITING);
	assert_int_equal(queue_find(f->q, "B002", &t), 0);
	assert_int_equal(t.source, QUEUE_STAFF);
	int n = queue_changes(f->q, 0, ch, 64, &last);
	assert_int_equal(n, 11);
	assert_int_equal(last, ch[n - 1].seq);
	assert_string_equal(ch[0].kind, "issued");
	assert_int_equal(queue_devices(f->q, dev, 4), 1);
	assert_string_equal(dev[0].name, "KIOSK1");
	assert_string_equal(dev[0].scanner, "ok");
	assert_int_equal(queue_service_enabled(f->q, "B", &enabled), 0);
	assert_int_equal(enabled, 0);
	assert_int_equal(queue_counter_services(f->q, 3, &services), 0);
	assert_int_equal(services, 2);

	/* staff, sessions, tokens, audit */
	struct staff *s;
	char name[64];
	int sup = -1, locked, retry;
	char cookie[64];
	assert_int_equal(staff_open(&s, old), 0);
	assert_int_equal(staff_session(s, FIXTURE_COOKIE, f->now + 60, 0, 0, name, &sup), 0);
	assert_string_equal(name, "tech");
	assert_int_equal(sup, 0);
	assert_int_equal(staff_token(s, FIXTURE_TOKEN, f->now + 60, name, &sup), 0);
	assert_string_equal(name, "chief");
	assert_int_equal(sup, 1);
	assert_int_equal(staff_login(s, "chief", "fixture-password-2", f->now + 60, cookie, &locked,
				     &retry), 0);
	assert_int_equal(staff_audit(s, f->now + 60, "chief", "login", ""), 0);
	staff_close(s);
	sqlite3 *db;
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_open(old, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM audit", -1, &st, NULL), 0);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 3); /* the release's two and ours */
	sqlite3_finalize(st);
	sqlite3_close(db);

	/* bookings, through the server's module and the queue's check-in */
	struct bookings *b;
	int nb = 0;
	assert_int_equal(bookings_open(&b, old, &f->cfg), 0);
	assert_int_equal(bookings_on_closed_days(b, f->now, NULL, NULL), 0);
	bookings_close(b);
	assert_int_equal(sqlite3_open(old, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT id FROM bookings ORDER BY slot", -1, &st,
					    NULL), 0);
	char ids[2][16];
	while (sqlite3_step(st) == SQLITE_ROW && nb < 2)
		snprintf(ids[nb++], sizeof(ids[0]), "%s", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(db);
	assert_int_equal(nb, 2);
	assert_int_equal(queue_booking_find(f->q, ids[0], &bt), 0);
	assert_string_equal(bt.service, "A");
	assert_int_equal(bt.slot, tlocal("2026-11-27T10:00"));

	/* the dossier list */
	struct dossiers *d;
	struct dossier_answer ans;
	assert_int_equal(dossiers_open(&d, old, &f->cfg), 0);
	assert_int_equal(dossiers_lookup(d, "MAU-2611-0001", &ans), 0);
	assert_string_equal(ans.status, "READY");
	assert_string_equal(ans.note, "Quầy 3");
	assert_string_equal(ans.date, "2026-11-20");
	assert_int_equal(ans.count, 2);
	assert_int_equal(dossiers_lookup(d, "MAU26110002", &ans), 0);
	assert_string_equal(ans.status, "PROCESSING");
	assert_int_equal(dossiers_lookup(d, "MAU-2611-0003", &ans), K_ERR_NOT_FOUND);
	dossiers_close(d);

	/* and the queue goes on where it was */
	assert_string_equal(tissue(f, "A", 0), "A013"); /* past the lease 3-12 */
	tfix_free(f);
}

static void count_ticket(const struct queue_ticket *t, void *ctx)
{
	(void)t;
	(*(int *)ctx)++;
}

/* A database at schema 8 goes through steps 9-12 to a fresh one's schema. */
static void schema_8_database_migrates(void **state)
{
	(void)state;
	struct tfix *f = fixture();
	char old[192], cmd[512];
	const char *root = getenv("KIOSK_SRC");
	struct queue_ticket t;
	snprintf(old, sizeof(old), "%s/old.db", f->dir);
	snprintf(cmd, sizeof(cmd), "cp '%s/tests/fixtures/queue-schema-8.db' '%s'",
		 root ? root : ".", old);
	assert_int_equal(system(cmd), 0);
	queue_close(f->q);
	f->q = NULL;
	assert_int_equal(queue_open(&f->q, old, &f->cfg, &f->clock), K_OK);
	same_schema(old, f->db);
	queue_close(f->q);
	f->q = NULL;
	assert_int_equal(queue_open(&f->q, old, &f->cfg, &f->clock), K_OK);
	int n = 0; /* the six tickets of its README */
	int64_t day = kclock_day(tlocal(FIXTURE_TIME), f->cfg.queue.day_starts);
	assert_int_equal(queue_each_ticket(f->q, day, count_ticket, &n), 0);
	assert_int_equal(n, 6);
	assert_int_equal(queue_find(f->q, "B004", &t), 0);
	assert_int_equal(t.source, QUEUE_BOOKING);
	tfix_free(f);
}

/* The one ordered list: versions from 1 up, one at a time, to the queue's. */
static void schema_steps_are_in_order(void **state)
{
	(void)state;
	assert_true(station_schema_steps > 0);
	assert_int_equal(station_schema[0].version, 1);
	for (int i = 1; i < station_schema_steps; i++) {
		int d = station_schema[i].version - station_schema[i - 1].version;
		assert_true(d == 0 || d == 1);
		assert_non_null(station_schema[i].owner);
		assert_non_null(station_schema[i].sql);
	}
	assert_int_equal(kdb_schema_version(station_schema, station_schema_steps),
			 queue_schema_version());
}

/* bookings_on's rows, counted. */
static void count_booking(const char *id, const char *service, int64_t slot, int minutes,
			  int cancelled, void *ctx)
{
	int *n = ctx;
	(void)id, (void)service, (void)slot, (void)minutes;
	n[cancelled ? 1 : 0]++;
}

static void server_bookings_are_listed(void **state)
{
	(void)state;
	struct tfix *f = fixture();
	char old[192];
	struct bookings *b;
	int n[2] = { 0, 0 };
	snprintf(old, sizeof(old), "%s/old.db", f->dir);
	rebuild("server.sql", old);
	assert_int_equal(bookings_open(&b, old, &f->cfg), 0);
	assert_int_equal(bookings_on(b, kclock_day(f->now, 0), count_booking, n), 0);
	assert_int_equal(n[0], 1);
	assert_int_equal(n[1], 1);
	bookings_close(b);
	tfix_free(f);
}

/* ---- the kiosk's outbox ----------------------------------------------- */

static void kiosk_outbox_migrates(void **state)
{
	(void)state;
	struct tfix *f = fixture();
	char old[192];
	struct sync_store *s;
	struct store_pending p;
	struct store_booking bk;
	char number[12], text[32];
	int64_t v = 0, day = kclock_day(f->now, f->cfg.queue.day_starts);
	int left = 0, issued = 0, total = 0;

	/* a fresh outbox by the normal path */
	assert_int_equal(store_open(&s, f->cfg.sync.outbox, &f->cfg), 0);
	store_close(s);
	snprintf(old, sizeof(old), "%s/old-outbox.db", f->dir);
	rebuild("outbox.sql", old);
	assert_int_equal(store_open(&s, old, &f->cfg), 0);
	same_schema(old, f->cfg.sync.outbox);

	assert_int_equal(store_next_pending(s, NULL, &p), 0);
	assert_string_equal(p.client_ref, "KIOSK1-0003");
	assert_string_equal(p.number, "A012");
	assert_string_equal(p.booking_id, "BKFIXTURE01");
	assert_string_equal(p.last_error, "unreachable");
	assert_int_equal(p.tries, 1);
	assert_string_equal(p.page, ""); /* written before tickets had a page */
	assert_int_equal(store_next_pending(s, &p, &p), K_ERR_NOT_FOUND);
	assert_int_equal(store_find_booking(s, "BKFIXTURE01", number), 0);
	assert_string_equal(number, "A012");
	assert_int_equal(store_lease_left(s, day, "A", &left), 0);
	assert_int_equal(left, 8);
	assert_int_equal(store_issued_on(s, day, "A", &issued), 0);
	assert_int_equal(issued, 3);
	int64_t oldest;
	assert_int_equal(store_pending_count(s, &total, NULL, &oldest), 0);
	assert_int_equal(total, 1);
	assert_int_equal(store_get_booking(s, "BKFIXTURE01", &bk), 0);
	assert_int_equal(bk.minutes, 30);
	assert_int_equal(store_get_int(s, "follow_seq", &v), 0);
	assert_int_equal(v, 42);
	assert_int_equal(store_get_text(s, "server_id", text, sizeof(text)), 0);
	assert_string_equal(text, "FIXTURE");
	/* the upgraded outbox keeps a new ticket's page token for its push */
	struct queue_ticket t;
	enum store_origin origin;
	assert_int_equal(store_issue_offline(s, kconf_service(&f->cfg, "A"), day, "KIOSK1-0004",
					     "AAAAAAAAAAAAAAAAAAAAAg", 0, NULL, f->now, &t, &origin), 0);
	assert_string_equal(t.page, "AAAAAAAAAAAAAAAAAAAAAg");
	assert_int_equal(store_next_pending(s, &p, &p), 0);
	assert_string_equal(p.client_ref, "KIOSK1-0004");
	assert_string_equal(p.page, "AAAAAAAAAAAAAAAAAAAAAg");
	store_close(s);
	tfix_free(f);
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "--make"))
		return make(argv[2]);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(schema_steps_are_in_order),
		cmocka_unit_test(server_database_migrates),
		cmocka_unit_test(server_bookings_are_listed),
		cmocka_unit_test(schema_8_database_migrates),
		cmocka_unit_test(kiosk_outbox_migrates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
