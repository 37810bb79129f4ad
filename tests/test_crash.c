/*
 * test_crash.c - kill -9 in the middle of issuing, many times: the database
 * stays intact, and every number that was reported issued is in it exactly
 * once, with no gap and no repeat in the numbering.
 *
 * Two ways to die: a process looping over the engine (killed at a random
 * moment, most often inside a transaction), and `kioskctl issue` itself
 * (its printed line is what a technician or script sees).
 */
#include "testutil.h"
#include "kerr.h"

#include <poll.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_REPORTED 20000

static char reported[MAX_REPORTED][32];
static int nreported;

static void sleep_us(long us)
{
	struct timespec ts = { us / 1000000, (us % 1000000) * 1000 };
	nanosleep(&ts, NULL);
}

/* Read every complete line the dead child wrote; a torn last line is not a report. */
static void collect(int fd)
{
	static char buf[1 << 20];
	size_t len = 0;
	ssize_t n;
	while ((n = read(fd, buf + len, sizeof(buf) - 1 - len)) > 0)
		len += (size_t)n;
	buf[len] = '\0';
	for (char *line = buf, *nl; (nl = strchr(line, '\n')); line = nl + 1) {
		*nl = '\0';
		if (*line && nreported < MAX_REPORTED)
			snprintf(reported[nreported++], sizeof(reported[0]), "%.20s", line);
	}
}

static void engine_loop(struct tfix *f, int fd)
{
	struct queue *q;
	struct queue_ticket t;
	char line[16];
	if (queue_open(&q, f->db, &f->cfg, &f->clock) < 0)
		_exit(10);
	for (unsigned i = 0;; i++) {
		if (queue_issue(q, i % 2 ? "A" : "B", 0, QUEUE_WALKIN, NULL, &t) < 0)
			_exit(12);
		/* reported only once issue returned: the number is committed */
		int n = snprintf(line, sizeof(line), "%s\n", t.number);
		if (write(fd, line, (size_t)n) != n)
			_exit(13);
	}
}

static void kioskctl_once(const char *conf, const char *db, int fd)
{
	const char *exe = getenv("KIOSKCTL");
	if (dup2(fd, STDOUT_FILENO) < 0)
		_exit(10);
	execl(exe, exe, "--config", conf, "--db", db, "issue", "A", (char *)NULL);
	_exit(127);
}

static long elapsed_us(const struct timespec *a)
{
	struct timespec b;
	clock_gettime(CLOCK_MONOTONIC, &b);
	return (b.tv_sec - a->tv_sec) * 1000000L + (b.tv_nsec - a->tv_nsec) / 1000;
}

/*
 * Run one child, kill -9 it after a random time below max_us (none when
 * max_us is 0: it runs to its end; when it is FIRST_REPORT: as soon as it
 * has reported once), collect its reports.  Returns how long the child lived,
 * in microseconds.
 */
#define FIRST_REPORT -1
static long round_trip(struct tfix *f, const char *conf, long max_us)
{
	struct timespec start;
	int p[2];
	assert_int_equal(pipe(p), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(p[0]);
		if (conf)
			kioskctl_once(conf, f->db, p[1]);
		engine_loop(f, p[1]);
	}
	clock_gettime(CLOCK_MONOTONIC, &start);
	close(p[1]);
	if (max_us == FIRST_REPORT) {
		struct pollfd pfd = { p[0], POLLIN, 0 };
		assert_int_equal(poll(&pfd, 1, 20000), 1); /* reported (not read yet) */
		kill(pid, SIGKILL);
	} else if (max_us > 0) {
		sleep_us(rand() % max_us);
		kill(pid, SIGKILL);
	}
	waitpid(pid, NULL, 0);
	long lived = elapsed_us(&start);
	collect(p[0]);
	close(p[0]);
	return lived;
}

static int64_t scalar(sqlite3 *db, const char *sql, const char *arg)
{
	sqlite3_stmt *st;
	int64_t v = -1;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (arg)
		sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void verify(struct tfix *f, int rounds)
{
	sqlite3 *db;
	sqlite3_stmt *st;

	assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "ok");
	sqlite3_finalize(st);

	for (int i = 0; i < nreported; i++)
		if (scalar(db, "SELECT count(*) FROM tickets WHERE number = ?", reported[i]) != 1)
			fail_msg("reported %s is not in the database exactly once", reported[i]);
	/* numbering has no gap and no repeat */
	int64_t total = scalar(db, "SELECT count(*) FROM tickets", NULL);
	int64_t seqs = scalar(db, "SELECT sum(m) FROM (SELECT max(seq) AS m FROM tickets"
				  " GROUP BY issue_service)", NULL);
	assert_int_equal(total, seqs);
	assert_int_equal(scalar(db, "SELECT count(DISTINCT number) FROM tickets", NULL), total);
	/* at most one ticket per kill was committed but not yet reported */
	assert_true(total >= nreported);
	assert_true(total - nreported <= rounds);
	sqlite3_close(db);
	print_message("%d kills, %d tickets reported, %lld in the database\n", rounds, nreported,
		      (long long)total);
}

static void killing_the_engine_mid_issue_loses_nothing(void **state)
{
	(void)state;
	struct tfix *f = tfix_new("sync = full", "2026-11-28T09:00");
	queue_close(f->q);
	f->q = NULL;
	srand(20261128);
	nreported = 0;
	/* how long a child takes to its first ticket on this build and machine
	 * (ASan, a loaded CI box); kills then fall before, during and after it */
	long first = round_trip(f, NULL, FIRST_REPORT);
	for (int i = 0; i < 60; i++)
		round_trip(f, NULL, first * 4 + 5000);
	assert_true(nreported > 0);
	verify(f, 61);
	assert_int_equal(queue_open(&f->q, f->db, &f->cfg, &f->clock), 0);
	tfix_free(f);
}

static void killing_kioskctl_issue_loses_nothing(void **state)
{
	(void)state;
	char conf[160];
	if (!getenv("KIOSKCTL"))
		fail_msg("KIOSKCTL must name the kioskctl binary (ctest sets it)");
	struct tfix *f = tfix_new("sync = full", "2026-11-28T09:00");
	queue_close(f->q);
	f->q = NULL;
	snprintf(conf, sizeof(conf), "%s/kiosk.conf", f->dir);
	FILE *out = fopen(conf, "w");
	assert_non_null(out);
	fprintf(out, tconf_base, "");
	fclose(out);
	srand(7);
	nreported = 0;
	/* one whole run tells how long an issue takes on this build and machine;
	 * kills then fall anywhere from exec to exit, most of them mid-way */
	long whole = round_trip(f, conf, 0);
	assert_int_equal(nreported, 1);
	for (int i = 0; i < 80; i++)
		round_trip(f, conf, whole + whole / 4);
	assert_true(nreported > 1);
	verify(f, 80);
	assert_int_equal(queue_open(&f->q, f->db, &f->cfg, &f->clock), 0);
	tfix_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(killing_the_engine_mid_issue_loses_nothing),
		cmocka_unit_test(killing_kioskctl_issue_loses_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
