/*
 * test_faults.c - allocation failures: the N-th allocation fails, for every
 * N from 1 until the operation runs through without one (tests/failalloc.h
 * says which allocations are counted).  Over the config loader (the shipped
 * kiosk.conf), the queue engine (a new database made, tickets issued and
 * called) and the slip (texts, layout, image, ESC/POS job, the QR check).
 *
 * Each run: no crash; the operation returns K_ERR_NOMEM (or a message that
 * says out of memory), or succeeds when the failed allocation was one it can
 * do without; nothing reported failed was written (a refused ticket is not
 * in the database, which passes integrity_check); nothing leaks (sqlite's
 * and SDL's own counters back where they were; the ASan pass of tools/test
 * checks the rest at exit).
 */
#include "testutil.h"
#include "failalloc.h"
#include "kerr.h"
#include "station_conf.h"
#include "klog.h"
#include "escpos.h"
#include "slip_job.h"

#include <SDL.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <sys/mount.h>
#include <unistd.h>

#define MAX_N 200000 /* a bound on the loop only: a run needs far fewer */

/* test_faults [PATTERN [I/K]]: only the tests PATTERN names (cmocka's
 * filter; !PATTERN: all but those), and of each sweep only n = I+1, I+1+K,
 * I+1+2K ..., so ctest runs the longest sweep as K tests side by side
 * (tests/CMakeLists.txt). */
static long shard_i, shard_k = 1;

static const char *src(void)
{
	const char *s = getenv("KIOSK_SRC");
	return s ? s : ".";
}

/* Run op(ctx) with the n-th allocation failing, n = 1, 2, ... until it runs
 * without a failure; check(ctx, r, n) after each.  Returns the last n. */
static long every_n(int (*op)(void *), void (*check)(void *, int r, long n, int failed),
		    void *ctx, const char *what)
{
	long n, first = 1 + shard_i;
	for (n = first; n < MAX_N; n += shard_k) {
		failalloc_arm(n);
		int r = op(ctx);
		int failed = failalloc_disarm() > 0;
		check(ctx, r, n, failed);
		if (!failed)
			break;
	}
	assert_true(n < MAX_N);
	if (shard_k > 1)
		printf("%s: allocations %ld, %ld, %ld ... failed once each (%ld runs)\n", what,
		       first, first + shard_k, first + 2 * shard_k, (n - first) / shard_k + 1);
	else
		printf("%s: %ld allocations, each failed once\n", what, n - 1);
	return n;
}

/* ---- the config loader ---- */

struct conf_ctx {
	struct kconf cfg;
	struct kconf_errors errs;
	char path[512];
};

static int conf_op(void *p)
{
	struct conf_ctx *c = p;
	return station_conf_load(c->path, &c->cfg, &c->errs);
}

static void conf_check(void *p, int r, long n, int failed)
{
	struct conf_ctx *c = p;
	if (!failed) {
		if (r != 0)
			kconf_errors_print(&c->errs, stderr);
		assert_int_equal(r, 0);
		return;
	}
	if (r == 0)
		return; /* an allocation it could do without */
	if (r != K_ERR_NOMEM && !terr_has(&c->errs, "out of memory")) {
		kconf_errors_print(&c->errs, stderr);
		fail_msg("allocation %ld failed: kconf_load returned %s without saying "
			 "out of memory", n, kerr_name(r));
	}
}

static void the_config_loader_survives_every_failed_allocation(void **state)
{
	(void)state;
	struct conf_ctx *c = calloc(1, sizeof(*c));
	assert_non_null(c);
	snprintf(c->path, sizeof(c->path), "%s/kiosk.conf", src());
	every_n(conf_op, conf_check, c, "station_conf_load(kiosk.conf)");
	free(c);
}

/* ---- the queue engine ---- */

struct q_ctx {
	struct tfix *f;
	char db[160];
	int issued, called; /* what the engine reported done, over all runs */
};

static int64_t count_rows(const char *db, const char *sql)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	int64_t n = -1;
	assert_int_equal(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return n;
}

static void integrity_ok(const char *db)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "ok");
	sqlite3_finalize(st);
	sqlite3_close(h);
}

static void remove_db(const char *db)
{
	char p[200];
	unlink(db);
	snprintf(p, sizeof(p), "%s-wal", db);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", db);
	unlink(p);
}

/* a new database: made and migrated */
static int create_op(void *p)
{
	struct q_ctx *c = p;
	struct queue *q;
	remove_db(c->db);
	int r = queue_open(&q, c->db, &c->f->cfg, &c->f->clock);
	queue_close(q);
	return r;
}

static void create_check(void *p, int r, long n, int failed)
{
	struct q_ctx *c = p;
	struct queue *q;
	if (!failed || r == 0) {
		assert_int_equal(r, 0);
	} else if (r != K_ERR_NOMEM) {
		fail_msg("allocation %ld failed: queue_open returned %s, not NOMEM", n,
			 kerr_name(r));
	}
	assert_int_equal(sqlite3_memory_used(), 0);
	/* whatever was left is opened (and finished) by the next start */
	assert_int_equal(queue_open(&q, c->db, &c->f->cfg, &c->f->clock), 0);
	queue_close(q);
	integrity_ok(c->db);
}

/* an existing database: opened, a walk-in issued, one with a client_ref,
 * counter 1 calls the next, the status read */
static int issue_op(void *p)
{
	struct q_ctx *c = p;
	struct queue *q;
	struct queue_ticket t;
	struct queue_status *s = malloc(sizeof(*s));
	struct queue_issue_opts o = { .source = QUEUE_WALKIN, .client_ref = NULL };
	char ref[32];
	int r;

	if (!s)
		return K_ERR_NOMEM;
	r = queue_open(&q, c->db, &c->f->cfg, &c->f->clock);
	if (r == 0) {
		r = queue_issue(q, "A", 0, QUEUE_WALKIN, NULL, &t);
		if (r == 0)
			c->issued++;
	}
	if (r == 0) {
		snprintf(ref, sizeof(ref), "lobby-1:%d", c->issued);
		o.client_ref = ref;
		r = queue_issue_with(q, "B", &o, &t);
		if (r == 0 && !t.replayed)
			c->issued++;
	}
	if (r == 0) {
		r = queue_call_next(q, 1, &t);
		if (r == 0)
			c->called++;
	}
	if (r == 0)
		r = queue_status(q, s);
	queue_close(q);
	free(s);
	return r;
}

static void issue_check(void *p, int r, long n, int failed)
{
	struct q_ctx *c = p;
	if (!failed || r == 0)
		assert_int_equal(r, 0);
	else if (r != K_ERR_NOMEM)
		fail_msg("allocation %ld failed: the engine returned %s, not NOMEM", n,
			 kerr_name(r));
	assert_int_equal(sqlite3_memory_used(), 0);
	/* every ticket reported issued is stored, and no other */
	if (count_rows(c->db, "SELECT COUNT(*) FROM tickets") != c->issued)
		fail_msg("allocation %ld failed: %lld ticket(s) stored, %d reported issued", n,
			 (long long)count_rows(c->db, "SELECT COUNT(*) FROM tickets"), c->issued);
	assert_int_equal(count_rows(c->db, "SELECT COUNT(*) FROM tickets WHERE called_at > 0"),
			 c->called);
}

static void queue_run(int issue)
{
	struct q_ctx c = { .f = tfix_new("", "2026-12-01T09:00") };
	queue_close(c.f->q);
	c.f->q = NULL;
	/* in memory where there is a tmpfs: thousands of databases are made */
	snprintf(c.db, sizeof(c.db), "%s/new-%d.db",
		 access("/dev/shm", W_OK) == 0 ? "/dev/shm" : c.f->dir, (int)getpid());
	if (!issue)
		every_n(create_op, create_check, &c, "queue_open(new database)");
	else
		assert_int_equal(create_op(&c), 0); /* the previous test failed each of these */
	if (issue) {
		every_n(issue_op, issue_check, &c,
			"queue_open + issue + issue_with + call_next + status");
		assert_true(c.issued >= 2);
	}
	integrity_ok(c.db);
	remove_db(c.db);
	tfix_free(c.f);
}

static void a_new_database_survives_every_failed_allocation(void **state)
{
	(void)state;
	queue_run(0);
}

/* Found by it: a counter's call reloaded the ticket after COMMIT, so a
 * failed allocation there reported a stored call failed (queue_counter.c now
 * reads it back before COMMIT); a failed WAL checkpoint returned by a
 * ticket's COMMIT did the same (queue_db.c's wal_hook). */
static void issuing_survives_every_failed_allocation(void **state)
{
	(void)state;
	queue_run(1);
}

/* ---- the slip ---- */

struct slip_ctx {
	struct kconf cfg;
	char dir[512];
	int sdl_before;
	int invalid; /* failed allocations the renderer could only call INVALID */
};

static int slip_op(void *p)
{
	struct slip_ctx *c = p;
	struct i18n *text[2] = { NULL, NULL };
	struct slip_renderer *rd = NULL;
	struct bitmap img = { 0 };
	struct kbuf job;
	struct slip_info info = { .number = "A012", .service = "A", .ticket_id = 4242,
				  .issued_at = tlocal("2026-12-01T09:30"), .ahead = 7,
				  .wait_minutes = 15 };
	char why[256] = "";
	int r;

	kbuf_init(&job, ESCPOS_MAX_JOB);
	r = i18n_load(&text[0], c->dir, "vi");
	if (r == 0)
		r = i18n_load(&text[1], c->dir, "en");
	if (r == 0)
		r = slip_renderer_open(&rd, &c->cfg);
	if (r == 0)
		r = slip_job_make(rd, &c->cfg, text, &info, &img, &job);
	if (r == 0 && job.len == 0)
		r = K_ERR_INVALID; /* a job without bytes: never "done" */
	if (r == 0 && slip_qr_check(&c->cfg, why, sizeof(why)) < 0)
		r = strstr(why, "out of memory") ? K_ERR_NOMEM : K_ERR_INVALID;
	bitmap_free(&img);
	kbuf_free(&job);
	slip_renderer_close(rd);
	i18n_free(text[0]);
	i18n_free(text[1]);
	return r;
}

static void slip_check(void *p, int r, long n, int failed)
{
	struct slip_ctx *c = p;
	if (!failed || r == 0)
		assert_int_equal(r, 0);
	else if (r != K_ERR_NOMEM && r != K_ERR_INVALID)
		fail_msg("allocation %ld failed: the slip returned %s, not NOMEM", n, kerr_name(r));
	else if (r == K_ERR_INVALID)
		c->invalid++; /* SDL_ttf says "Couldn't find glyph" when FreeType has no memory */
	assert_int_equal(SDL_GetNumAllocations(), c->sdl_before);
}

/* Found by it: SDL_ttf's "Out of memory" for a text was taken for an
 * invalid one, and libqrencode's ENOMEM for a URL too long (now NOMEM).
 * SDL_ttf reports a glyph FreeType had no memory to load as "Couldn't find
 * glyph", which the renderer cannot tell from a missing one: INVALID, counted
 * and printed.  Whatever the error, SDL's allocations are back where they were. */
static void the_slip_survives_every_failed_allocation(void **state)
{
	(void)state;
	struct slip_ctx *c = calloc(1, sizeof(*c));
	struct kconf_errors errs;
	assert_non_null(c);
	assert_int_equal(tconf(&c->cfg, &errs,
			       "[station]\nid = TEST-ST\nname_vi = Công an phường Thử\n"
			       "[service.A]\nprefix = A\nname_vi = Dịch vụ A\n"
			       "[counter.1]\nservices = A\n"
			       "[printer]\nqr_url = https://example.vn/so?n={number}&id={id}\n"),
			 0);
	snprintf(c->dir, sizeof(c->dir), "%s/assets/i18n", src());
	/* SDL keeps one error buffer per thread, made at the first SDL_SetError
	 * and freed at the thread's end: make it before counting */
	SDL_SetError("the first error of this thread");
	SDL_ClearError();
	c->sdl_before = SDL_GetNumAllocations();
	every_n(slip_op, slip_check, c, "i18n + slip_renderer_open + slip_job_make + qr check");
	printf("the slip: %d failed allocation(s) reported as INVALID (a glyph FreeType could not load)\n", c->invalid);
	free(c);
}

/* ---- a really full disk ---- */

/* Tickets through the engine into a database on a 512 KB tmpfs (a fresh
 * database and its WAL take most of it: each issue adds its pages to the
 * WAL) until sqlite finds no room (no [queue] disk_reserve_mb watch: the
 * disk itself says no).  Each is issued and durable, or refused with
 * K_ERR_DISK_FULL and absent. */
static void a_full_disk_stores_or_refuses_each_ticket(void **state)
{
	(void)state;
	static char acked[4096][24];
	char dir[] = "/tmp/kiosk-enospc-XXXXXX", db[64], sql[160];
	struct tfix *f = tfix_new("sync = full", "2026-12-01T09:00");
	struct queue *q;
	struct queue_ticket t;
	int nacked = 0, refused = 0;

	assert_non_null(mkdtemp(dir));
	if (mount("tmpfs", dir, "tmpfs", 0, "size=512k") != 0) {
		printf("a full disk: skipped: cannot mount a tmpfs here (%s; needs root)\n",
		       strerror(errno));
		rmdir(dir);
		tfix_free(f);
		skip();
	}
	snprintf(db, sizeof(db), "%s/q.db", dir);
	assert_int_equal(queue_open(&q, db, &f->cfg, &f->clock), 0);
	for (int i = 0; i < 4096 && refused < 20; i++) {
		struct queue_issue_opts o = { .source = QUEUE_WALKIN };
		char ref[24];
		snprintf(ref, sizeof(ref), "lobby-1:%d", i);
		o.client_ref = ref;
		int r = queue_issue_with(q, "A", &o, &t);
		if (r == 0)
			snprintf(acked[nacked++], sizeof(acked[0]), "%s", ref);
		else if (r == K_ERR_DISK_FULL)
			refused++;
		else
			fail_msg("ticket %d on a full disk: %s, not DISK_FULL", i, kerr_name(r));
	}
	queue_close(q);
	printf("a full disk: %d ticket(s) issued, then %d refused with DISK_FULL\n", nacked,
	       refused);
	assert_true(nacked > 0);
	assert_int_equal(refused, 20);
	/* reopened: every ticket reported issued is there, no refused one */
	assert_int_equal(count_rows(db, "SELECT COUNT(*) FROM tickets"), nacked);
	for (int i = 0; i < nacked; i++) {
		snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM tickets WHERE client_ref = '%.23s'",
			 acked[i]);
		assert_int_equal(count_rows(db, sql), 1);
	}
	integrity_ok(db);
	assert_int_equal(umount(dir), 0);
	rmdir(dir);
	tfix_free(f);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_config_loader_survives_every_failed_allocation),
		cmocka_unit_test(a_new_database_survives_every_failed_allocation),
		cmocka_unit_test(issuing_survives_every_failed_allocation),
		cmocka_unit_test(the_slip_survives_every_failed_allocation),
		cmocka_unit_test(a_full_disk_stores_or_refuses_each_ticket),
	};
	if (argc > 3 || (argc == 3 && (sscanf(argv[2], "%ld/%ld", &shard_i, &shard_k) != 2 ||
					shard_k < 1 || shard_i < 0 || shard_i >= shard_k))) {
		fprintf(stderr, "usage: test_faults [PATTERN [I/K]]\n");
		return 1;
	}
	if (argc >= 2 && argv[1][0] == '!')
		cmocka_set_skip_filter(argv[1] + 1);
	else if (argc >= 2)
		cmocka_set_test_filter(argv[1]);
	if (failalloc_install() != 0) {
		fprintf(stderr, "test_faults: cannot install the counting allocators\n");
		return 1;
	}
	klog_init("test_faults", KLOG_ERR);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
